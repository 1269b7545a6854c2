"""Break the glass (issue 3, item 7): a worker outside a family's scope opens its file in an
emergency by its exact file number and a reason; the access lasts one hour, every access
event meanwhile is marked as emergency access, and the privacy officer lists them all."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bloem.access import policy
from bloem.access.models import EmergencyAccess
from bloem.access.services import emergency_access_open
from bloem.accounts.tests.helpers import fresh_login
from bloem.audit.models import AccessEvent, Action, Channel
from bloem.families.models import FamilyRole

REASON = "Moeder belt 's nachts in paniek, kind is weg; eigen team niet bereikbaar."


def login(worker, **headers) -> Client:
    """Logged in and just re-authenticated: breaking the glass is a sensitive action."""
    return fresh_login(Client(**headers), worker)


def break_glass(client, family, reason=REASON):
    return client.post(reverse("families:emergency_access"),
                       {"reference": family.reference, "reason": reason})


def family_pages(family):
    mother = family.members.get(family_role=FamilyRole.PARENT)
    return [reverse("families:detail", args=[family.pk]),
            reverse("families:person", args=[mother.pk]),
            reverse("families:journal", args=[family.pk]),
            reverse("families:person_address", args=[mother.pk])]


@pytest.fixture
def gina(world):
    """The unassigned family worker at location A: own_family is not hers."""
    return login(world.unassigned_worker, HTTP_ACCEPT_LANGUAGE="en")


def test_an_unassigned_worker_opens_a_family_with_a_reason_and_sees_the_whole_file(world,
                                                                                  gina):
    family = world.own_family
    assert all(gina.get(url).status_code == 404 for url in family_pages(family))
    response = break_glass(gina, family)
    assert response.status_code == 302
    assert response["Location"] == reverse("families:detail", args=[family.pk])
    pages = [gina.get(url) for url in family_pages(family)]
    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    html = "".join(page.content.decode() for page in pages)
    # The whole file: in an emergency the protected fields are shown too (see policy).
    for value in ("Geheime Gracht 1", "0612345678", "Oranje Huis A"):
        assert value in html
    assert "data-emergency-until" in pages[0].content.decode()  # the banner
    assert "breaking the glass" in pages[0].content.decode()


def test_the_access_and_its_opening_event_record_who_why_and_until_when(world, gina):
    before = timezone.now()
    break_glass(gina, world.own_family)
    access = EmergencyAccess.objects.get()
    assert (access.worker, access.family, access.family_reference) == (
        world.unassigned_worker, world.own_family, world.own_family.reference)
    assert access.reason == REASON
    assert access.started_at >= before
    assert access.expires_at - access.started_at == datetime.timedelta(hours=1)
    event = AccessEvent.objects.get(record_type="access.emergencyaccess")
    assert (event.action, event.break_glass, event.record_id) == (Action.CREATE, True,
                                                                  str(access.pk))
    assert (event.actor_id, event.family_id) == (world.unassigned_worker.pk,
                                                 world.own_family.pk)


def test_every_event_on_that_family_during_the_access_is_marked_emergency(world):
    # The team manager sees own_family through his location and breaks the glass on the
    # foreign family (location B): only the events on the foreign family are marked.
    manager = login(world.team_manager)
    break_glass(manager, world.foreign_family)
    start = AccessEvent.objects.order_by("-id").first().pk
    for family in (world.foreign_family, world.own_family):
        for url in family_pages(family):
            assert manager.get(url).status_code == 200
    api = APIClient()
    api.force_login(world.team_manager)
    assert api.get(f"/api/v1/families/{world.foreign_family.pk}/").status_code == 200
    events = AccessEvent.objects.filter(pk__gt=start, actor_id=world.team_manager.pk)
    foreign = events.filter(family_id=world.foreign_family.pk)
    assert foreign.count() == 5  # four pages and the API
    assert all(event.break_glass for event in foreign)
    assert foreign.filter(channel=Channel.API).count() == 1
    own = events.filter(family_id=world.own_family.pk)
    assert own.count() == 4
    assert not any(event.break_glass for event in own)


def test_the_access_ends_after_an_hour(world, gina, monkeypatch):
    break_glass(gina, world.own_family)
    url = reverse("families:detail", args=[world.own_family.pk])
    assert gina.get(url).status_code == 200
    later = timezone.now() + datetime.timedelta(minutes=61)
    monkeypatch.setattr(timezone, "now", lambda: later)
    before = AccessEvent.objects.count()
    assert all(gina.get(page).status_code == 404 for page in family_pages(world.own_family))
    assert AccessEvent.objects.count() == before


@pytest.mark.parametrize("reason", ["", "spoed", "         korte      "])
def test_without_a_real_reason_nothing_opens(world, gina, reason):
    response = break_glass(gina, world.own_family, reason=reason)
    assert response.status_code == 200
    assert not EmergencyAccess.objects.exists()
    assert gina.get(reverse("families:detail", args=[world.own_family.pk])).status_code == 404


def test_the_reason_is_checked_by_the_service_too(world, rf):
    request = rf.post("/")
    request.user = world.unassigned_worker
    with pytest.raises(ValidationError, match="at least 10 characters"):
        emergency_access_open(request=request, reference=world.own_family.reference,
                              reason="   nood     ")
    assert not EmergencyAccess.objects.exists()


def test_an_unknown_file_number_is_answered_plainly_and_nothing_is_shown(world, gina):
    for reference in ("G9999999", "T000", world.own_family.reference[:-1]):
        response = break_glass(gina, type("F", (), {"reference": reference}))
        html = response.content.decode()
        assert response.status_code == 200
        assert "There is no file with this number." in html
        assert world.own_family.name not in html
    assert not EmergencyAccess.objects.exists()


def test_the_file_number_is_matched_exactly_but_case_and_spaces_do_not_matter(world, gina):
    response = break_glass(gina, type("F", (), {
        "reference": f"  {world.own_family.reference.lower()} "}))
    assert response.status_code == 302
    assert EmergencyAccess.objects.get().family == world.own_family


def test_the_page_offers_no_search_and_a_get_opens_nothing(world, gina):
    response = gina.get(reverse("families:emergency_access"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'method="post"' in html
    assert world.own_family.name not in html and world.own_family.reference not in html
    gina.get(reverse("families:emergency_access"),
             {"reference": world.own_family.reference, "reason": REASON})
    assert not EmergencyAccess.objects.exists()


def test_a_family_in_the_workers_own_scope_needs_no_glass(world):
    response = break_glass(login(world.family_worker, HTTP_ACCEPT_LANGUAGE="en"),
                           world.own_family)
    assert response.status_code == 200
    assert "You already have access to this file" in response.content.decode()
    assert not EmergencyAccess.objects.exists()


def test_an_active_access_is_not_opened_twice(world, gina):
    break_glass(gina, world.own_family)
    response = break_glass(gina, world.own_family)
    assert response.status_code == 200
    assert "You already have emergency access to this file until" in response.content.decode()
    assert EmergencyAccess.objects.count() == 1


@pytest.mark.parametrize("persona", ["privacy_officer", "administrator"])
def test_roles_without_client_files_cannot_break_the_glass(world, persona):
    client = login(getattr(world, persona))
    assert client.get(reverse("families:emergency_access")).status_code == 403
    assert break_glass(client, world.own_family).status_code == 403
    assert not EmergencyAccess.objects.exists()


def test_under_emergency_access_only_journal_notes_may_be_written(world, gina):
    family = world.own_family
    mother = family.members.get(family_role=FamilyRole.PARENT)
    break_glass(gina, family)
    for url in (reverse("families:edit", args=[family.pk]),
                reverse("families:person_edit", args=[mother.pk]),
                reverse("families:stay_edit", args=[family.pk]),
                reverse("catalogue:helpform_start", args=[family.pk])):
        assert gina.get(url).status_code == 403, url
    response = gina.post(reverse("families:journal", args=[family.pk]),
                         {"text": "Nachtdienst: moeder gebeld, kind is terecht."})
    assert response.status_code == 302
    note = family.journal.get(author=world.unassigned_worker)
    event = AccessEvent.objects.get(record_type="families.journalentry", record_id=note.pk)
    assert event.break_glass


def test_a_worker_who_served_the_other_parent_never_breaks_the_glass(world):
    assignment = world.own_family.assignments.get(worker=world.ex_partner_worker)
    assignment.ended_on = assignment.started_on
    assignment.save()
    frank = login(world.ex_partner_worker, HTTP_ACCEPT_LANGUAGE="en")
    assert frank.get(reverse("families:detail", args=[world.own_family.pk])).status_code == 404
    response = break_glass(frank, world.own_family)
    assert response.status_code == 200
    assert "worked with the other parent" in response.content.decode()
    assert not EmergencyAccess.objects.exists()


def test_even_with_an_access_row_the_ex_partners_worker_never_sees_protected_fields(world):
    # Defence in depth: should such a row exist (an assignment to the other parent made
    # after the glass was broken), the policy still hides the protected fields.
    now = timezone.now()
    EmergencyAccess.objects.create(worker=world.ex_partner_worker, family=world.own_family,
                                   family_reference=world.own_family.reference,
                                   reason=REASON, started_at=now,
                                   expires_at=now + datetime.timedelta(hours=1))
    assert not policy.can_see_protected(world.ex_partner_worker, world.own_family)
    html = login(world.ex_partner_worker).get(
        reverse("families:detail", args=[world.own_family.pk])).content.decode()
    assert "Oranje Huis A" not in html and "0612345678" not in html


def test_the_privacy_officer_lists_every_emergency_access(world, gina):
    break_glass(gina, world.own_family)
    hanna = login(world.privacy_officer, HTTP_ACCEPT_LANGUAGE="en")
    before = AccessEvent.objects.order_by("-id").first().pk
    response = hanna.get(reverse("audit:emergency_accesses"))
    html = response.content.decode()
    assert response.status_code == 200
    assert world.unassigned_worker.username in html
    assert world.own_family.reference in html
    assert "nachts in paniek, kind is weg" in html
    assert "active" in html
    [event] = AccessEvent.objects.filter(pk__gt=before)
    assert (event.action, event.record_type) == (Action.LIST, "access.emergencyaccess")
    assert reverse("audit:emergency_accesses") in hanna.get(
        reverse("audit:search")).content.decode()


@pytest.mark.parametrize("persona", ["family_worker", "team_manager", "unassigned_worker",
                                     "administrator"])
def test_only_the_privacy_officer_sees_the_list(world, persona):
    client = login(getattr(world, persona))
    assert client.get(reverse("audit:emergency_accesses")).status_code == 403


def test_my_families_links_to_the_emergency_page_for_client_roles_only(world):
    url = reverse("families:emergency_access")
    assert url in login(world.family_worker).get(reverse("families:list")).content.decode()
    assert url not in login(world.privacy_officer).get(
        reverse("families:list")).content.decode()


def test_the_reason_is_stored_encrypted_and_never_in_the_clear_in_the_access_log(world, gina):
    break_glass(gina, world.own_family)
    gina.get(reverse("families:detail", args=[world.own_family.pk]))
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM access_emergencyaccess")
        [(stored,)] = cursor.fetchall()
        cursor.execute("SELECT reason FROM audit_accessevent")
        logged = [reason for (reason,) in cursor.fetchall()]
    assert stored.startswith("enc1:") and "paniek" not in stored
    assert logged and not any("paniek" in reason for reason in logged)


def test_the_access_overview_shows_the_reason_beside_each_emergency_event(world, gina):
    break_glass(gina, world.own_family)
    gina.get(reverse("families:detail", args=[world.own_family.pk]))
    mother = world.own_family.members.get(family_role=FamilyRole.PARENT)
    officer = login(world.privacy_officer, HTTP_ACCEPT_LANGUAGE="en")
    page = officer.get(reverse("audit:person_report", args=[mother.pk])).content.decode()
    assert page.count("emergency access") >= 2  # opening the access, and the family page
    assert "Moeder belt &#x27;s nachts in paniek" in page


def test_breaking_the_glass_asks_to_confirm_the_login_first(world):
    client = Client()
    client.force_login(world.unassigned_worker)  # logged in, but not just now
    assert client.get(reverse("families:emergency_access")).status_code == 200
    response = break_glass(client, world.own_family)
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]
    assert not EmergencyAccess.objects.exists()
