"""API v1 of the flower: petals as open reference data, forms of help as client data
(scoped, audited, written through the services)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from bloem.audit.models import AccessEvent, Action, Channel
from bloem.catalogue.models import HelpForm, Petal
from bloem.consent.models import Consent, ConsentForm
from bloem.families.models import FamilyRole
from bloem.families.tests.factories import TODAY, family_at

API = "/api/v1"
SHELTER_PETAL = "safety-stabilisation"
YOUTH_CARE_PETAL = "nika"


@pytest.fixture
def api_as():
    def login(worker) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(worker)
        return client

    return login


def child_of(family):
    return family.members.filter(family_role=FamilyRole.CHILD).first()


def help_form_for(family, responsible, petal_code: str = SHELTER_PETAL) -> HelpForm:
    return HelpForm.objects.create(
        family=family, person=child_of(family), petal=Petal.objects.get(code=petal_code),
        responsible=responsible, started_on=TODAY, goal="Rust en veiligheid.",
    )


@pytest.fixture
def help_forms(world):
    return (
        help_form_for(world.own_family, world.family_worker),
        help_form_for(world.foreign_family, world.other_family_worker),
    )


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def new_events(before: int) -> list[AccessEvent]:
    return list(AccessEvent.objects.order_by("id")[before:])


# -- petals ---------------------------------------------------------------------------------


def test_petals_are_listed_for_any_logged_in_worker_without_an_access_event(world, api_as):
    before = AccessEvent.objects.count()
    rows = results(api_as(world.privacy_officer).get(f"{API}/petals/"))
    assert {row["code"] for row in rows} == set(Petal.objects.values_list("code", flat=True))
    nika = next(row for row in rows if row["code"] == YOUTH_CARE_PETAL)
    assert nika["name"] == "NIKA (attachment)"
    assert nika["provider_kind"] == "youth_care"
    assert AccessEvent.objects.count() == before


def test_one_petal_is_found_by_its_code(world, api_as):
    response = api_as(world.family_worker).get(f"{API}/petals/{YOUTH_CARE_PETAL}/")
    assert response.status_code == 200
    assert response.json()["domain"] == "jeugdhulp"


def test_petals_are_read_only(world, api_as):
    response = api_as(world.team_manager).post(f"{API}/petals/", {"code": "x"}, format="json")
    assert response.status_code == 405


def test_anonymous_workers_get_no_petals(world):
    assert APIClient().get(f"{API}/petals/").status_code in (401, 403)


# -- help forms: reading --------------------------------------------------------------------


def test_help_forms_list_contains_only_those_of_visible_families(world, api_as, help_forms):
    own, _foreign = help_forms
    rows = results(api_as(world.family_worker).get(f"{API}/help-forms/"))
    assert [row["id"] for row in rows] == [own.pk]


def test_listing_help_forms_of_one_family_writes_one_event_naming_the_family(
    world, api_as, help_forms
):
    own, _foreign = help_forms
    before = AccessEvent.objects.count()
    rows = results(api_as(world.team_manager).get(
        f"{API}/help-forms/", {"family": world.own_family.pk}
    ))
    assert [row["id"] for row in rows] == [own.pk]
    [event] = new_events(before)
    assert (event.action, event.channel) == (Action.LIST, Channel.API)
    assert (event.actor_id, event.family_id) == (world.team_manager.pk, world.own_family.pk)
    assert (event.record_type, event.subject_count) == ("catalogue.helpform", 1)


def test_retrieving_a_help_form_writes_one_view_event(world, api_as, help_forms):
    own, _foreign = help_forms
    before = AccessEvent.objects.count()
    response = api_as(world.family_worker).get(f"{API}/help-forms/{own.pk}/")
    assert response.status_code == 200
    assert response.json()["petal"] == SHELTER_PETAL
    [event] = new_events(before)
    assert (event.action, event.actor_id) == (Action.VIEW, world.family_worker.pk)
    assert (event.family_id, event.person_id) == (world.own_family.pk, own.person_id)


def test_a_help_form_of_a_foreign_family_gives_404(world, api_as, help_forms):
    _own, foreign = help_forms
    before = AccessEvent.objects.count()
    response = api_as(world.family_worker).get(f"{API}/help-forms/{foreign.pk}/")
    assert response.status_code == 404
    assert AccessEvent.objects.count() == before


@pytest.mark.parametrize("persona", ["privacy_officer", "administrator"])
def test_privacy_officer_and_administrator_see_no_help_forms(world, api_as, help_forms, persona):
    own, _foreign = help_forms
    client = api_as(getattr(world, persona))
    assert results(client.get(f"{API}/help-forms/")) == []
    assert client.get(f"{API}/help-forms/{own.pk}/").status_code == 404


def test_help_forms_list_runs_a_constant_number_of_queries(
    world, api_as, help_forms, django_assert_max_num_queries
):
    client = api_as(world.team_manager)
    url = f"{API}/help-forms/"
    with CaptureQueriesContext(connection) as few:
        first = results(client.get(url))
    unit = world.own_family.stays.get().unit
    for i in range(4):
        help_form_for(family_at(unit, world.family_worker, name=f"Extra{i}"),
                      world.family_worker)
    with django_assert_max_num_queries(len(few)):
        second = results(client.get(url))
    assert len(second) > len(first)


# -- help forms: writing --------------------------------------------------------------------


def start(world, **overrides) -> dict:
    return {
        "family": world.own_family.pk,
        "person": child_of(world.own_family).pk,
        "petal": SHELTER_PETAL,
        "responsible": world.family_worker.pk,
        "started_on": "2026-11-20",
        "goal": "Een veilige basis.",
        **overrides,
    }


def consent_of_both_parents(world, petal_code: str = SHELTER_PETAL) -> None:
    """The child is under 12 and both parents hold authority: both consent."""
    child = child_of(world.own_family)
    for parent in world.own_family.members.exclude(family_role=FamilyRole.CHILD):
        Consent.objects.create(family=world.own_family, child=child,
                               petal=Petal.objects.get(code=petal_code), given_by=parent,
                               scope="Hulp in de opvang.", given_on=TODAY,
                               form=ConsentForm.WRITTEN, recorded_by=world.family_worker)


def test_family_worker_starts_a_form_of_help(world, api_as):
    consent_of_both_parents(world)
    before = AccessEvent.objects.count()
    response = api_as(world.family_worker).post(f"{API}/help-forms/", start(world),
                                                format="json")
    assert response.status_code == 201, response.content
    help_form = HelpForm.objects.get(pk=response.json()["id"])
    assert help_form.person == child_of(world.own_family)
    [event] = new_events(before)  # the service's CREATE event only
    assert (event.action, event.family_id) == (Action.CREATE, world.own_family.pk)


def test_a_person_of_another_family_is_refused_and_nothing_is_saved(world, api_as):
    other = family_at(world.own_family.stays.get().unit, world.family_worker, name="Other")
    count, events = HelpForm.objects.count(), AccessEvent.objects.count()
    response = api_as(world.family_worker).post(
        f"{API}/help-forms/", start(world, person=child_of(other).pk), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"person": ["This person belongs to another family."]}
    assert HelpForm.objects.count() == count
    assert AccessEvent.objects.count() == events


def test_the_responsible_worker_must_work_for_the_provider(world, api_as):
    response = api_as(world.family_worker).post(
        f"{API}/help-forms/", start(world, petal=YOUTH_CARE_PETAL), format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["responsible"]


def test_a_foreign_family_or_person_does_not_exist_for_the_worker(world, api_as):
    response = api_as(world.family_worker).post(f"{API}/help-forms/", start(
        world, family=world.foreign_family.pk, person=child_of(world.foreign_family).pk,
    ), format="json")
    assert response.status_code == 400
    body = response.json()
    assert "does not exist" in body["family"][0]
    assert "does not exist" in body["person"][0]


def test_ex_partner_worker_may_not_start_help_in_the_family(world, api_as):
    response = api_as(world.ex_partner_worker).post(f"{API}/help-forms/", start(world),
                                                    format="json")
    assert response.status_code == 403
    assert not HelpForm.objects.exists()


def test_family_worker_ends_a_form_of_help(world, api_as, help_forms):
    own, _foreign = help_forms
    before = AccessEvent.objects.count()
    response = api_as(world.family_worker).post(
        f"{API}/help-forms/{own.pk}/end/", {"ended_on": "2026-11-25", "version": 1}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["ended_on"] == "2026-11-25"
    own.refresh_from_db()
    assert own.ended_on == datetime.date(2026, 11, 25)
    [event] = new_events(before)
    assert (event.action, event.record_id) == (Action.UPDATE, str(own.pk))


def test_help_cannot_end_before_it_started(world, api_as, help_forms):
    own, _foreign = help_forms
    response = api_as(world.family_worker).post(
        f"{API}/help-forms/{own.pk}/end/", {"ended_on": "2020-01-01", "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["ended_on"]
    own.refresh_from_db()
    assert own.ended_on is None


def test_ending_help_needs_a_date(world, api_as, help_forms):
    own, _foreign = help_forms
    response = api_as(world.family_worker).post(f"{API}/help-forms/{own.pk}/end/",
                                                {"version": 1}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["ended_on"]


def test_ending_a_foreign_form_of_help_gives_404(world, api_as, help_forms):
    _own, foreign = help_forms
    response = api_as(world.family_worker).post(
        f"{API}/help-forms/{foreign.pk}/end/", {"ended_on": "2026-11-25", "version": 1},
        format="json",
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.ended_on is None


def test_ex_partner_worker_may_not_end_help(world, api_as, help_forms):
    own, _foreign = help_forms
    response = api_as(world.ex_partner_worker).post(
        f"{API}/help-forms/{own.pk}/end/", {"ended_on": "2026-11-25", "version": 1}, format="json"
    )
    assert response.status_code == 403
