"""No lost updates (issue 3, item 11): two workers edit the same record; the second save is
refused with a message that says who changed what meanwhile, the form shows the current
values, and nothing is overwritten — in the UI (two logged-in sessions) and in the API
(409 Conflict with the current version)."""

import datetime

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from bloem.accounts.models import Unit, UnitKind
from bloem.accounts.tests.helpers import fresh_login
from bloem.catalogue.models import HelpForm, Petal
from bloem.families import services
from bloem.families.changes import EditConflictError
from bloem.families.models import Correction, FamilyRole, JournalEntry, Phase

API = "/api/v1"


def login(worker) -> Client:
    client = fresh_login(Client(HTTP_ACCEPT_LANGUAGE="en"), worker)
    return client


def api_login(worker) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(worker)
    return client


def request_as(worker):
    request = RequestFactory().post("/")
    request.user = worker
    return request


def form_version(response) -> int:
    return int(response.context["form"]["version"].value())


def mother_of(family):
    return family.members.get(family_role=FamilyRole.PARENT)


def person_payload(person, **changes) -> dict:
    data = {
        "family_role": person.family_role, "first_name": person.first_name,
        "last_name": person.last_name, "date_of_birth": person.date_of_birth or "",
        "gender": person.gender, "network_relation": person.network_relation,
        "address": person.address, "phone": person.phone, "new_address": person.new_address,
    }
    return data | changes


@pytest.fixture
def sessions(world):
    """Two workers of the same family, each in their own browser session."""
    return login(world.family_worker), login(world.team_manager)


# -- the UI, two sessions ---------------------------------------------------------------


def test_the_second_of_two_edits_of_a_person_is_refused_and_nothing_is_overwritten(world,
                                                                                  sessions):
    alice, erik = sessions
    mother = mother_of(world.own_family)
    url = reverse("families:person_edit", args=[mother.pk])
    alice_version, erik_version = form_version(alice.get(url)), form_version(erik.get(url))
    assert alice_version == erik_version == 1

    saved = alice.post(url, person_payload(mother, phone="0611111111", version=alice_version))
    assert saved.status_code == 302
    refused = erik.post(url, person_payload(mother, phone="0622222222",
                                            address="Verkeerde Straat 1",
                                            version=erik_version))
    assert refused.status_code == 200
    mother.refresh_from_db()
    assert (mother.phone, mother.address, mother.version) == (
        "0611111111", "Geheime Gracht 1, Amsterdam", 2)

    html = refused.content.decode()
    message = refused.context["conflict"]
    assert str(world.family_worker) in message  # who
    assert "phone number is now “0611111111”" in message  # what it holds now
    assert "has not been saved" in message
    assert message in html.replace("&quot;", '"').replace("&#x27;", "'")
    # The form now shows the current values and the current version.
    form = refused.context["form"]
    assert not form.is_bound
    assert form["phone"].value() == "0611111111"
    assert form["address"].value() == "Geheime Gracht 1, Amsterdam"
    assert form_version(refused) == 2

    # Erik makes his change again, now on the current version: it is saved.
    again = erik.post(url, person_payload(mother, phone="0622222222", version=2))
    assert again.status_code == 302
    mother.refresh_from_db()
    assert (mother.phone, mother.version) == ("0622222222", 3)
    assert list(Correction.objects.order_by("version").values_list(
        "old_value", "new_value", "changed_by")) == [
        ("0612345678", "0611111111", world.family_worker.pk),
        ("0611111111", "0622222222", world.team_manager.pk),
    ]


def _journal_note(world):
    return services.journal_write(request=request_as(world.family_worker),
                                  family=world.own_family, person=None, text="Eerste versie")


def _help_form(world):
    child = world.own_family.members.filter(family_role=FamilyRole.CHILD).first()
    return HelpForm.objects.create(family=world.own_family, person=child,
                                   petal=Petal.objects.get(code="toontje-veerkracht"),
                                   responsible=world.family_worker,
                                   started_on=datetime.date(2026, 10, 1))


# (url, first worker's change, second worker's change, what the record holds afterwards)
EDITS = {
    "family": lambda world: (
        reverse("families:edit", args=[world.own_family.pk]),
        {"name": "Jansen-Bakker", "municipality": ""},
        {"name": "Jansen-De Wit", "municipality": "GM0363"},
        lambda: world.own_family.__class__.objects.get(pk=world.own_family.pk).name,
        "Jansen-Bakker",
    ),
    "relation": lambda world: (
        reverse("families:relation_edit", args=[(r := world.own_family.members.get(
            family_role=FamilyRole.OTHER_PARENT).child_relations.first()).pk]),
        {"kind": "biological", "authority_note": "Eerste", "has_authority": "on"},
        {"kind": "biological", "authority_note": "Tweede"},
        lambda: r.__class__.objects.get(pk=r.pk).authority_note,
        "Eerste",
    ),
    "stay": lambda world: (
        reverse("families:stay_edit", args=[world.own_family.pk]),
        {"location": (s := world.own_family.stays.get()).location_id,
         "unit": (u := Unit.objects.create(location=s.location, name="Nazorg",
                                           kind=UnitKind.CRISIS)).pk},
        {"location": s.location_id, "unit": s.unit_id, "ended_on": "2026-11-27"},
        lambda: s.__class__.objects.get(pk=s.pk).unit_id,
        u.pk,
    ),
}


@pytest.mark.parametrize("record", EDITS)
def test_two_sessions_editing_the_same_record_never_lose_an_update(world, sessions, record):
    alice, erik = sessions
    url, first, second, current, expected = EDITS[record](world)
    version = form_version(alice.get(url))
    assert form_version(erik.get(url)) == version
    assert alice.post(url, first | {"version": version}).status_code == 302
    refused = erik.post(url, second | {"version": version})
    assert refused.status_code == 200
    assert "has not been saved" in refused.context["conflict"]
    assert str(world.family_worker) in refused.context["conflict"]
    assert form_version(refused) == version + 1
    assert current() == expected


def test_two_corrections_of_the_same_note_never_lose_one(world):
    # A note is corrected by its author only: the same worker in two browser tabs.
    note = _journal_note(world)
    url = reverse("families:journal_correct", args=[note.pk])
    tab1, tab2 = login(world.family_worker), login(world.family_worker)
    tab1.get(url), tab2.get(url)
    assert tab1.post(url, {"text": "Tweede versie", "version": 1}).status_code == 302
    refused = tab2.post(url, {"text": "Derde versie", "version": 1})
    assert refused.status_code == 200
    assert "note is now “Tweede versie”" in refused.context["conflict"]
    assert refused.context["form"]["text"].value() == "Tweede versie"
    assert JournalEntry.objects.get(pk=note.pk).text == "Tweede versie"


def test_two_workers_ending_the_same_help_never_lose_one(world, sessions):
    alice, erik = sessions
    help_form = _help_form(world)
    url = reverse("catalogue:helpform_end", args=[help_form.pk])
    assert alice.post(url, {"ended_on": "2026-11-20", "version": 1}).status_code == 302
    refused = erik.post(url, {"ended_on": "2026-11-21", "version": 1})
    assert refused.status_code == 200
    assert "end date is now" in refused.context["conflict"]
    help_form.refresh_from_db()
    assert (help_form.ended_on, help_form.version) == (datetime.date(2026, 11, 20), 2)


def test_a_form_without_its_version_saves_nothing(world, sessions):
    alice, _ = sessions
    mother = mother_of(world.own_family)
    response = alice.post(reverse("families:person_edit", args=[mother.pk]),
                          person_payload(mother, phone="0633333333"))
    assert response.status_code == 200
    assert "reload the page" in response.content.decode()
    mother.refresh_from_db()
    assert mother.phone == "0612345678"


def test_a_phase_decision_meanwhile_is_not_undone_by_saving_the_stay(world, sessions):
    alice, erik = sessions
    stay = world.own_family.stays.get()
    url = reverse("families:stay_edit", args=[world.own_family.pk])
    version = form_version(alice.get(url))
    erik.post(reverse("families:phase_decide", args=[world.own_family.pk]),
              {"phase": Phase.RISK_DRIVEN, "decided_on": "2026-11-20", "reason": "Stabiel"})
    response = alice.post(url, {"location": stay.location_id, "unit": stay.unit_id,
                                "ended_on": "2026-11-25", "version": version})
    assert response.status_code == 302
    stay.refresh_from_db()
    assert (stay.phase, stay.ended_on) == (Phase.RISK_DRIVEN, datetime.date(2026, 11, 25))


def test_a_conflict_never_shows_protected_values_to_a_worker_who_may_not_see_them(world):
    mother = mother_of(world.own_family)
    services.person_update(request=request_as(world.family_worker), person=mother,
                           version=1, phone="0611111111", first_name="Susanne")
    with translation.override("en"), pytest.raises(EditConflictError) as conflict:
        services.person_update(request=request_as(world.ex_partner_worker), person=mother,
                               version=1, first_name="Sanna")
    message = str(conflict.value.message)
    assert "Susanne" in message
    assert "0611111111" not in message and "phone" not in message
    assert "protected details have changed" in message
    assert conflict.value.version == 2


def test_the_service_refuses_a_stale_version_even_without_a_form(world):
    family = world.own_family
    services.family_update(request=request_as(world.family_worker), family=family,
                           version=1, name="Eerst", municipality=None)
    with pytest.raises(EditConflictError):
        services.family_update(request=request_as(world.team_manager), family=family,
                               version=1, name="Daarna", municipality=None)
    family.refresh_from_db()
    assert (family.name, family.version) == ("Eerst", 2)


# -- the API ----------------------------------------------------------------------------


def test_a_patch_without_version_is_refused(world):
    mother = mother_of(world.own_family)
    response = api_login(world.family_worker).patch(
        f"{API}/persons/{mother.pk}/", {"phone": "0600000000"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["version"]
    mother.refresh_from_db()
    assert mother.phone == "0612345678"


def test_reading_gives_the_version_and_a_patch_returns_the_next_one(world):
    api = api_login(world.family_worker)
    mother = mother_of(world.own_family)
    assert api.get(f"{API}/persons/{mother.pk}/").json()["version"] == 1
    response = api.patch(f"{API}/persons/{mother.pk}/", {"phone": "0600000000", "version": 1},
                         format="json")
    assert response.status_code == 200
    assert response.json()["version"] == 2
    family = api.get(f"{API}/families/{world.own_family.pk}/").json()
    assert family["version"] == 1


def test_two_api_clients_patching_the_same_person_get_409_for_the_second(world):
    mother = mother_of(world.own_family)
    url = f"{API}/persons/{mother.pk}/"
    first, second = api_login(world.family_worker), api_login(world.team_manager)
    assert first.patch(url, {"phone": "0611111111", "version": 1},
                       format="json").status_code == 200
    response = second.patch(url, {"phone": "0622222222", "version": 1}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["version"] == 2
    assert str(world.family_worker) in body["detail"]
    assert "phone number is now “0611111111”" in body["detail"]
    mother.refresh_from_db()
    assert (mother.phone, mother.version) == ("0611111111", 2)


def test_a_stale_family_patch_is_a_409(world):
    url = f"{API}/families/{world.own_family.pk}/"
    first, second = api_login(world.family_worker), api_login(world.team_manager)
    assert first.patch(url, {"name": "Eerst", "version": 1}, format="json").status_code == 200
    response = second.patch(url, {"name": "Daarna", "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["version"] == 2
    world.own_family.refresh_from_db()
    assert world.own_family.name == "Eerst"


def test_ending_help_on_a_stale_version_is_a_409(world):
    help_form = _help_form(world)
    url = f"{API}/help-forms/{help_form.pk}/end/"
    first, second = api_login(world.family_worker), api_login(world.team_manager)
    assert first.post(url, {"ended_on": "2026-11-20", "version": 1},
                      format="json").status_code == 200
    response = second.post(url, {"ended_on": "2026-11-21", "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["version"] == 2
    help_form.refresh_from_db()
    assert help_form.ended_on == datetime.date(2026, 11, 20)


def test_the_schema_requires_the_version_on_every_edit(world):
    schema = api_login(world.family_worker).get(f"{API}/schema/",
                                                HTTP_ACCEPT="application/json").json()
    components = schema["components"]["schemas"]
    for name in ("PatchedFamilyUpdate", "PatchedPersonUpdate", "HelpFormEnd"):
        assert "version" in components[name]["required"], name
    patch = schema["paths"]["/api/v1/persons/{id}/"]["patch"]
    assert "409" in patch["responses"]



def test_a_save_is_applied_to_the_current_row_never_to_a_stale_copy(world):
    """The service locks and re-reads the row; an object read before someone else's save
    (as a view holds it) cannot write its old values back."""
    stale = mother_of(world.own_family)  # read at version 1
    services.person_update(request=request_as(world.team_manager),
                           person=mother_of(world.own_family), version=1,
                           address="Schuilweg 7")
    # The worker reloaded the form (version 2) but the view still holds the stale object.
    services.person_update(request=request_as(world.family_worker), person=stale,
                           version=2, phone="0611111111")
    stale.refresh_from_db()
    assert (stale.address, stale.phone, stale.version) == ("Schuilweg 7", "0611111111", 3)


@pytest.mark.parametrize("version", ["", "0", "-1", "abc", str(2**70)])
def test_a_malformed_version_saves_nothing_and_never_fails(world, sessions, version):
    alice, _ = sessions
    mother = mother_of(world.own_family)
    response = alice.post(reverse("families:person_edit", args=[mother.pk]),
                          person_payload(mother, phone="0633333333", version=version))
    assert response.status_code == 200
    assert "reload the page" in response.content.decode()
    api = api_login(world.family_worker).patch(
        f"{API}/persons/{mother.pk}/", {"phone": "0633333333", "version": version},
        format="json")
    assert api.status_code == 400
    mother.refresh_from_db()
    assert (mother.phone, mother.version) == ("0612345678", 1)


def test_a_version_from_the_future_is_a_conflict_not_an_error(world):
    mother = mother_of(world.own_family)
    response = api_login(world.family_worker).patch(
        f"{API}/persons/{mother.pk}/", {"phone": "0633333333", "version": 2**31 - 1},
        format="json")
    assert response.status_code == 409
    assert response.json()["version"] == 1
