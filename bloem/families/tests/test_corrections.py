"""Corrections keep a visible history (issue 3, item 8): when a person's details, a family's
name or municipality, a relation or a journal note change, the earlier value is kept
(encrypted, as the record itself) and shown on the person and family pages — protected
fields only to a worker who may see them, in one query however long the history."""

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from bloem.accounts.tests.helpers import fresh_login
from bloem.audit.models import AccessEvent, Action
from bloem.families import services
from bloem.families.models import Correction, FamilyRole, JournalEntry
from bloem.families.tests.test_query_counts import PERSON_PAGE_QUERIES


def login(worker) -> Client:
    client = fresh_login(Client(HTTP_ACCEPT_LANGUAGE="en"), worker)
    return client


def mother_of(family):
    return family.members.get(family_role=FamilyRole.PARENT)


def person_payload(person, **changes) -> dict:
    data = {
        "family_role": person.family_role, "first_name": person.first_name,
        "last_name": person.last_name, "date_of_birth": person.date_of_birth or "",
        "gender": person.gender, "network_relation": person.network_relation,
        "address": person.address, "phone": person.phone, "new_address": person.new_address,
        "version": person.version, "reason": "",
    }
    return data | changes


@pytest.fixture
def alice(world):
    return login(world.family_worker)


def test_a_changed_phone_number_keeps_the_earlier_number_visible(world, alice):
    mother = mother_of(world.own_family)
    response = alice.post(reverse("families:person_edit", args=[mother.pk]),
                          person_payload(mother, phone="0600000000",
                                         reason="Nieuw nummer na dreiging"))
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert (correction.record_type, correction.record_id, correction.field) == (
        "families.person", mother.pk, "phone")
    assert (correction.old_value, correction.new_value) == ("0612345678", "0600000000")
    assert correction.protected
    assert (correction.changed_by, correction.version) == (world.family_worker, 2)
    assert (correction.family, correction.person) == (world.own_family, mother)
    page = alice.get(reverse("families:person", args=[mother.pk])).content.decode()
    history = page[page.index("data-history"):]
    assert "0612345678" in history and "0600000000" in history
    assert "Nieuw nummer na dreiging" in history
    assert "phone number" in history


def test_earlier_and_new_values_and_the_reason_are_stored_encrypted(world, alice):
    mother = mother_of(world.own_family)
    alice.post(reverse("families:person_edit", args=[mother.pk]),
               person_payload(mother, address="Schuilweg 7", reason="Verhuisd naar Schuilweg"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT old_value, new_value, reason FROM families_correction")
        rows = cursor.fetchall()
    assert rows
    for row in rows:
        for stored in row:
            assert stored.startswith("enc1:")
        assert not any("Geheime" in s or "Schuilweg" in s for s in row)


def test_the_ex_partners_worker_sees_no_history_of_protected_fields(world, alice):
    mother = mother_of(world.own_family)
    alice.post(reverse("families:person_edit", args=[mother.pk]),
               person_payload(mother, phone="0600000000", first_name="Susanne"))
    frank = login(world.ex_partner_worker)
    for url in (reverse("families:person", args=[mother.pk]),
                reverse("families:detail", args=[world.own_family.pk]),
                reverse("families:history", args=[world.own_family.pk])):
        html = frank.get(url).content.decode()
        assert "Susanne" in html, url  # the name change is no secret
        assert "0600000000" not in html and "0612345678" not in html, url
    assert Correction.objects.count() == 2


def test_a_renamed_family_shows_its_earlier_name_and_municipality(world, alice):
    family = world.own_family
    response = alice.post(reverse("families:edit", args=[family.pk]),
                          {"name": "Jansen-Bakker", "municipality": "GM0363",
                           "version": family.version})
    assert response.status_code == 302
    assert set(Correction.objects.values_list("field", "old_value", "new_value")) == {
        ("name", "Jansen", "Jansen-Bakker"), ("municipality", "", "Amsterdam"),
    }
    html = alice.get(reverse("families:detail", args=[family.pk])).content.decode()
    history = html[html.index("data-history"):]
    assert "“Jansen” became “Jansen-Bakker”" in history
    assert "“—” became “Amsterdam”" in history


def test_a_change_of_parental_authority_is_kept(world, alice):
    relation = world.own_family.members.get(family_role=FamilyRole.OTHER_PARENT) \
        .child_relations.first()
    response = alice.post(reverse("families:relation_edit", args=[relation.pk]), {
        "kind": relation.kind, "authority_note": "Rechter: gezag beëindigd",
        "version": relation.version, "reason": "Beschikking rechtbank",
    })  # has_authority left out: unchecked
    assert response.status_code == 302
    changes = {c.field: c for c in Correction.objects.all()}
    assert set(changes) == {"has_authority", "authority_note"}
    assert (changes["has_authority"].old_display, changes["has_authority"].new_display) == (
        "yes", "no")
    assert changes["has_authority"].person == relation.child
    html = alice.get(reverse("families:person", args=[relation.child_id])).content.decode()
    assert "Rechter: gezag beëindigd" in html[html.index("data-history"):]


def test_a_journal_note_is_never_changed_silently(world, alice):
    family = world.own_family
    alice.post(reverse("families:journal", args=[family.pk]),
               {"text": "Gesprek met moeder in de Lindenstraat."})
    note = JournalEntry.objects.get(family=family)
    url = reverse("families:journal_correct", args=[note.pk])
    form = alice.get(url)
    assert form.status_code == 200
    assert "Gesprek met moeder in de Lindenstraat." in form.content.decode()
    response = alice.post(url, {"text": "Gesprek met moeder op locatie.",
                                "reason": "Plaatsnaam hoort niet in het journaal",
                                "version": note.version})
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.text, note.version, note.is_corrected) == ("Gesprek met moeder op locatie.",
                                                            2, True)
    correction = Correction.objects.get()
    assert correction.old_value == "Gesprek met moeder in de Lindenstraat."
    assert not correction.protected  # the journal is shown to everyone in scope
    journal = alice.get(reverse("families:journal", args=[family.pk])).content.decode()
    assert "corrected" in journal
    assert reverse("families:history", args=[family.pk]) in journal
    history = alice.get(reverse("families:history", args=[family.pk])).content.decode()
    assert "Gesprek met moeder in de Lindenstraat." in history
    event = AccessEvent.objects.get(record_type="families.journalentry", action=Action.UPDATE)
    assert event.record_id == str(note.pk)


def test_an_unchanged_note_is_not_a_correction(world, alice):
    note = services.journal_write(request=_request(world.family_worker),
                                  family=world.own_family, person=None, text="Eerste notitie")
    response = alice.post(reverse("families:journal_correct", args=[note.pk]),
                          {"text": "Eerste notitie", "version": 1})
    assert response.status_code == 200
    assert "The note has not changed." in response.content.decode()
    assert not Correction.objects.exists()


def _request(worker):
    request = RequestFactory().post("/")
    request.user = worker
    return request


@pytest.mark.parametrize("persona, status", [
    ("team_manager", 403),        # sees the family, but the note is not his
    ("child_worker", 403),
    ("ex_partner_worker", 403),
    ("other_family_worker", 404),  # outside the family's scope
    ("privacy_officer", 404),
])
def test_only_the_author_corrects_a_note(world, persona, status):
    note = services.journal_write(request=_request(world.family_worker),
                                  family=world.own_family, person=None, text="Notitie")
    client = login(getattr(world, persona))
    url = reverse("families:journal_correct", args=[note.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"text": "Anders", "version": 1}).status_code == status
    note.refresh_from_db()
    assert note.text == "Notitie"


def test_the_author_may_correct_only_while_the_family_is_in_scope(world):
    note = services.journal_write(request=_request(world.child_worker),
                                  family=world.own_family, person=None, text="Notitie")
    assignment = world.own_family.assignments.get(worker=world.child_worker)
    assignment.ended_on = assignment.started_on
    assignment.save()
    client = login(world.child_worker)
    assert client.get(reverse("families:journal_correct", args=[note.pk])).status_code == 404


def test_saving_without_changes_writes_no_history_and_keeps_the_version(world, alice):
    mother = mother_of(world.own_family)
    before = AccessEvent.objects.filter(action=Action.UPDATE).count()
    response = alice.post(reverse("families:person_edit", args=[mother.pk]),
                          person_payload(mother))
    assert response.status_code == 302
    mother.refresh_from_db()
    assert mother.version == 1
    assert not Correction.objects.exists()
    assert AccessEvent.objects.filter(action=Action.UPDATE).count() == before


def test_a_change_through_the_api_is_kept_with_its_reason(world):
    mother = mother_of(world.own_family)
    api = APIClient()
    api.force_login(world.family_worker)
    response = api.patch(f"/api/v1/persons/{mother.pk}/",
                         {"new_address": "Havenstraat 3", "version": 1,
                          "reason": "Woning toegewezen"}, format="json")
    assert response.status_code == 200, response.content
    assert "reason" not in response.json()
    correction = Correction.objects.get()
    assert (correction.field, correction.old_value, correction.new_value) == (
        "new_address", "Nieuwe Weg 9", "Havenstraat 3")
    assert correction.reason == "Woning toegewezen"


def test_the_family_page_shows_the_latest_changes_and_links_the_whole_history(world, alice):
    family = world.own_family
    for i in range(12):
        family.refresh_from_db()
        services.family_update(request=_request(world.family_worker), family=family,
                               version=family.version, name=f"Jansen {i}", municipality=None)
    html = alice.get(reverse("families:detail", args=[family.pk])).content.decode()
    history = html[html.index("data-history"):]
    assert history.count("data-correction=") == 10
    assert "Jansen 11" in history and "“Jansen” became" not in history
    assert reverse("families:history", args=[family.pk]) in html
    whole = alice.get(reverse("families:history", args=[family.pk])).content.decode()
    assert whole.count("data-correction=") == 12
    assert "“Jansen” became “Jansen 0”" in whole


def test_the_history_page_is_not_shown_to_outsiders(world):
    url = reverse("families:history", args=[world.own_family.pk])
    assert login(world.other_family_worker).get(url).status_code == 404
    assert login(world.privacy_officer).get(url).status_code == 404


@pytest.mark.parametrize("corrections", [1, 15])
def test_the_person_page_reads_its_history_in_one_query(world, alice, corrections,
                                                       django_assert_max_num_queries):
    mother = mother_of(world.own_family)
    for i in range(corrections):
        mother.refresh_from_db()
        services.person_update(request=_request(world.family_worker), person=mother,
                               version=mother.version, phone=f"06000000{i:02d}",
                               first_name=f"Sanne{i}")
    url = reverse("families:person", args=[mother.pk])
    with django_assert_max_num_queries(PERSON_PAGE_QUERIES):
        response = alice.get(url)
    assert response.content.decode().count("data-correction=") == 2 * corrections
