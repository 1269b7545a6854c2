"""API v1 of the family file: scoping (404 to outsiders), permissions (403), protected
fields, one access event per read, validation through the services, token login, the
schema and constant query counts."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bloem.accounts.tests.helpers import TEST_TOTP_SECRET, totp_code
from bloem.audit.models import AccessEvent, Action, Channel
from bloem.families.models import Family, FamilyRole, Person, Phase, SafetyLevel, Stay
from bloem.families.tests.factories import family_at

API = "/api/v1"
PERSON_PROTECTED = set(Person.PROTECTED_FIELDS)
STAY_PROTECTED = set(Stay.PROTECTED_FIELDS)


@pytest.fixture
def api_as():
    """An API client logged in as a persona (a session, as the browsable API uses)."""

    def login(worker) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(worker)
        return client

    return login


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response) -> set[int]:
    return {row["id"] for row in results(response)}


def new_events(before: int) -> list[AccessEvent]:
    return list(AccessEvent.objects.order_by("id")[before:])


def open_stay(family: Family) -> Stay:
    return family.stays.get(ended_on__isnull=True)


def more_families_at_location_a(world, count: int = 5) -> None:
    unit = open_stay(world.own_family).unit
    for i in range(count):
        family_at(unit, world.family_worker, name=f"Extra{i}")


def assert_constant_queries(client, url, add_objects, django_assert_max_num_queries):
    """The page costs as many queries with many objects as with one."""
    with CaptureQueriesContext(connection) as few:
        first = results(client.get(url))
    add_objects()
    with django_assert_max_num_queries(len(few)):
        second = results(client.get(url))
    assert len(second) > len(first)


# -- families -------------------------------------------------------------------------------


def test_family_worker_lists_only_the_families_she_works_with(world, api_as):
    response = api_as(world.family_worker).get(f"{API}/families/")
    assert ids(response) == {world.own_family.pk}


def test_family_worker_retrieves_her_own_family(world, api_as):
    response = api_as(world.family_worker).get(f"{API}/families/{world.own_family.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Jansen"
    assert body["open_stay"]["phase"] == Phase.DIRECT_SAFETY
    assert "location" not in body["open_stay"]


def test_family_worker_gets_404_for_a_foreign_family(world, api_as):
    response = api_as(world.family_worker).get(f"{API}/families/{world.foreign_family.pk}/")
    assert response.status_code == 404


def test_team_manager_sees_the_families_at_his_location_and_not_the_others(world, api_as):
    client = api_as(world.team_manager)
    assert ids(client.get(f"{API}/families/")) == {world.own_family.pk}
    assert client.get(f"{API}/families/{world.own_family.pk}/").status_code == 200
    assert client.get(f"{API}/families/{world.foreign_family.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["privacy_officer", "administrator"])
def test_privacy_officer_and_administrator_see_no_client_files(world, api_as, persona):
    client = api_as(getattr(world, persona))
    assert results(client.get(f"{API}/families/")) == []
    assert client.get(f"{API}/families/{world.own_family.pk}/").status_code == 404
    assert results(client.get(f"{API}/persons/")) == []
    assert client.get(f"{API}/persons/{world.own_family.members.first().pk}/").status_code == 404
    assert results(client.get(f"{API}/stays/")) == []


def test_retrieving_a_family_writes_exactly_one_view_event(world, api_as):
    before = AccessEvent.objects.count()
    api_as(world.family_worker).get(f"{API}/families/{world.own_family.pk}/")
    [event] = new_events(before)
    assert event.action == Action.VIEW
    assert event.channel == Channel.API
    assert event.actor_id == world.family_worker.pk
    assert event.family_id == world.own_family.pk
    assert event.record_type == "families.family"
    assert event.record_id == str(world.own_family.pk)


def test_listing_families_writes_exactly_one_list_event_for_the_page(world, api_as):
    more_families_at_location_a(world, count=2)
    before = AccessEvent.objects.count()
    api_as(world.team_manager).get(f"{API}/families/")
    [event] = new_events(before)
    assert event.action == Action.LIST
    assert event.actor_id == world.team_manager.pk
    assert event.record_type == "families.family"
    assert event.subject_count == 3
    assert event.family_id is None


def test_a_foreign_family_read_writes_no_view_event(world, api_as):
    before = AccessEvent.objects.count()
    api_as(world.family_worker).get(f"{API}/families/{world.foreign_family.pk}/")
    assert AccessEvent.objects.count() == before


def test_family_list_runs_a_constant_number_of_queries(
    world, api_as, django_assert_max_num_queries
):
    assert_constant_queries(
        api_as(world.team_manager), f"{API}/families/",
        lambda: more_families_at_location_a(world), django_assert_max_num_queries,
    )


def intake(world, **overrides) -> dict:
    stay = open_stay(world.own_family)
    return {
        "name": "Bakker",
        "municipality": "GM0363",
        "location": stay.location_id,
        "unit": stay.unit_id,
        "started_on": "2026-11-20",
        "family_worker": world.family_worker.pk,
        "safety_level": SafetyLevel.RED,
        "safety_explanation": "Threats by the ex-partner.",
        **overrides,
    }


def test_family_worker_opens_a_family_file_with_its_stay(world, api_as):
    before = AccessEvent.objects.count()
    response = api_as(world.family_worker).post(f"{API}/families/", intake(world),
                                                format="json")
    assert response.status_code == 201, response.content
    family = Family.objects.get(pk=response.json()["id"])
    assert family.name == "Bakker"
    assert response.json()["open_stay"]["safety_level"] == SafetyLevel.RED
    stay = open_stay(family)
    assert (stay.phase, stay.family_worker) == (Phase.DIRECT_SAFETY, world.family_worker)
    [event] = new_events(before)  # the service's own CREATE event, nothing more
    assert (event.action, event.family_id) == (Action.CREATE, family.pk)


def test_a_unit_of_another_location_is_refused_and_nothing_is_saved(world, api_as):
    families, events = Family.objects.count(), AccessEvent.objects.count()
    other_unit = open_stay(world.foreign_family).unit
    response = api_as(world.family_worker).post(
        f"{API}/families/", intake(world, unit=other_unit.pk), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"unit": ["This unit belongs to another location."]}
    assert Family.objects.count() == families
    assert AccessEvent.objects.count() == events


def test_only_a_worker_with_the_family_worker_role_can_be_the_family_worker(world, api_as):
    response = api_as(world.family_worker).post(
        f"{API}/families/", intake(world, family_worker=world.child_worker.pk), format="json"
    )
    assert response.status_code == 400
    assert "family_worker" in response.json()


def test_a_missing_explanation_is_a_field_error(world, api_as):
    response = api_as(world.family_worker).post(
        f"{API}/families/", intake(world, safety_explanation=""), format="json"
    )
    assert response.status_code == 400
    assert "safety_explanation" in response.json()


def test_child_worker_may_not_open_a_family_file(world, api_as):
    families = Family.objects.count()
    response = api_as(world.child_worker).post(f"{API}/families/", intake(world),
                                               format="json")
    assert response.status_code == 403
    assert Family.objects.count() == families


def test_family_worker_renames_her_family(world, api_as):
    response = api_as(world.family_worker).patch(
        f"{API}/families/{world.own_family.pk}/", {"name": "Jansen-Bakker", "version": 1},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Jansen-Bakker"
    world.own_family.refresh_from_db()
    assert world.own_family.name == "Jansen-Bakker"
    assert world.own_family.municipality is None  # untouched by the partial update


def test_renaming_a_foreign_family_gives_404(world, api_as):
    response = api_as(world.family_worker).patch(
        f"{API}/families/{world.foreign_family.pk}/", {"name": "X"}, format="json"
    )
    assert response.status_code == 404


def test_families_cannot_be_replaced_or_deleted(world, api_as):
    client = api_as(world.family_worker)
    url = f"{API}/families/{world.own_family.pk}/"
    assert client.put(url, {"name": "X"}, format="json").status_code == 405
    assert client.delete(url).status_code == 405


# -- persons --------------------------------------------------------------------------------


def test_persons_list_contains_only_members_of_visible_families(world, api_as):
    response = api_as(world.family_worker).get(f"{API}/persons/")
    assert ids(response) == set(world.own_family.members.values_list("pk", flat=True))


def test_persons_can_be_filtered_by_family_and_the_event_names_the_family(world, api_as):
    more_families_at_location_a(world, count=1)
    before = AccessEvent.objects.count()
    response = api_as(world.team_manager).get(
        f"{API}/persons/", {"family": world.own_family.pk}
    )
    assert ids(response) == set(world.own_family.members.values_list("pk", flat=True))
    [event] = new_events(before)
    assert (event.action, event.record_type) == (Action.LIST, "families.person")
    assert event.family_id == world.own_family.pk
    assert event.subject_count == world.own_family.members.count()


def test_filtering_on_a_foreign_family_gives_an_empty_list(world, api_as):
    response = api_as(world.family_worker).get(
        f"{API}/persons/", {"family": world.foreign_family.pk}
    )
    assert results(response) == []


def test_a_malformed_family_filter_is_a_400_and_writes_no_event(world, api_as):
    before = AccessEvent.objects.count()
    response = api_as(world.family_worker).get(f"{API}/persons/", {"family": "abc"})
    assert response.status_code == 400
    assert "family" in response.json()
    assert AccessEvent.objects.count() == before


def test_retrieving_a_person_writes_one_view_event_naming_the_person(world, api_as):
    person = world.own_family.members.get(family_role=FamilyRole.PARENT)
    before = AccessEvent.objects.count()
    response = api_as(world.family_worker).get(f"{API}/persons/{person.pk}/")
    assert response.status_code == 200
    assert response.json()["address"] == "Geheime Gracht 1, Amsterdam"
    [event] = new_events(before)
    assert (event.action, event.actor_id) == (Action.VIEW, world.family_worker.pk)
    assert (event.family_id, event.person_id) == (world.own_family.pk, person.pk)


def test_a_person_of_a_foreign_family_gives_404(world, api_as):
    person = world.foreign_family.members.first()
    response = api_as(world.family_worker).get(f"{API}/persons/{person.pk}/")
    assert response.status_code == 404


def test_ex_partner_worker_sees_the_family_but_not_its_protected_fields(world, api_as):
    client = api_as(world.ex_partner_worker)
    listed = results(client.get(f"{API}/persons/"))
    assert {row["id"] for row in listed} == set(
        world.own_family.members.values_list("pk", flat=True)
    )
    for row in listed:
        assert not PERSON_PROTECTED & row.keys()
    mother = world.own_family.members.get(family_role=FamilyRole.PARENT)
    detail = client.get(f"{API}/persons/{mother.pk}/").json()
    assert detail["first_name"] == "Sanne"
    assert not PERSON_PROTECTED & detail.keys()
    assert client.get(f"{API}/families/{world.own_family.pk}/").status_code == 200


def test_family_worker_sees_the_protected_fields(world, api_as):
    listed = results(api_as(world.family_worker).get(f"{API}/persons/"))
    assert all(row.keys() >= PERSON_PROTECTED for row in listed)


def test_ex_partner_worker_may_not_change_a_person(world, api_as):
    mother = world.own_family.members.get(family_role=FamilyRole.PARENT)
    response = api_as(world.ex_partner_worker).patch(
        f"{API}/persons/{mother.pk}/", {"phone": "0600000000"}, format="json"
    )
    assert response.status_code == 403
    mother.refresh_from_db()
    assert mother.phone == "0612345678"


def test_family_worker_changes_a_persons_phone(world, api_as):
    mother = world.own_family.members.get(family_role=FamilyRole.PARENT)
    response = api_as(world.family_worker).patch(
        f"{API}/persons/{mother.pk}/", {"phone": "0600000000", "version": 1}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "0600000000"
    mother.refresh_from_db()
    assert mother.phone == "0600000000"


def test_a_person_stays_in_their_family(world, api_as):
    mother = world.own_family.members.get(family_role=FamilyRole.PARENT)
    other = family_at(open_stay(world.own_family).unit, world.family_worker, name="Other")
    response = api_as(world.family_worker).patch(
        f"{API}/persons/{mother.pk}/", {"family": other.pk, "version": 1}, format="json"
    )
    assert response.status_code == 200
    mother.refresh_from_db()
    assert mother.family == world.own_family


def test_family_worker_adds_a_child_to_her_family(world, api_as):
    response = api_as(world.family_worker).post(f"{API}/persons/", {
        "family": world.own_family.pk, "family_role": FamilyRole.CHILD,
        "first_name": "Noor", "last_name": "Jansen", "date_of_birth": "2022-02-02",
    }, format="json")
    assert response.status_code == 201, response.content
    assert world.own_family.members.filter(first_name="Noor").exists()


def test_a_child_without_date_of_birth_is_refused_and_nothing_is_saved(world, api_as):
    persons, events = Person.objects.count(), AccessEvent.objects.count()
    response = api_as(world.family_worker).post(f"{API}/persons/", {
        "family": world.own_family.pk, "family_role": FamilyRole.CHILD,
        "first_name": "Noor", "last_name": "Jansen",
    }, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "date_of_birth": ["A child needs a date of birth: consent depends on age."]
    }
    assert Person.objects.count() == persons
    assert AccessEvent.objects.count() == events


def test_adding_a_person_to_a_foreign_family_is_a_validation_error_not_a_leak(world, api_as):
    persons = Person.objects.count()
    response = api_as(world.family_worker).post(f"{API}/persons/", {
        "family": world.foreign_family.pk, "family_role": FamilyRole.NETWORK,
        "first_name": "Oma", "last_name": "de Vries",
    }, format="json")
    assert response.status_code == 400
    [message] = response.json()["family"]
    assert "does not exist" in message
    missing = api_as(world.family_worker).post(f"{API}/persons/", {
        "family": 999999, "family_role": FamilyRole.NETWORK,
        "first_name": "Oma", "last_name": "de Vries",
    }, format="json")
    assert missing.json()["family"] == [message.replace(str(world.foreign_family.pk),
                                                        "999999")]
    assert Person.objects.count() == persons


def test_ex_partner_worker_may_not_add_a_person(world, api_as):
    response = api_as(world.ex_partner_worker).post(f"{API}/persons/", {
        "family": world.own_family.pk, "family_role": FamilyRole.NETWORK,
        "first_name": "Oma", "last_name": "Jansen",
    }, format="json")
    assert response.status_code == 403


def test_persons_list_runs_a_constant_number_of_queries(
    world, api_as, django_assert_max_num_queries
):
    assert_constant_queries(
        api_as(world.team_manager), f"{API}/persons/",
        lambda: more_families_at_location_a(world), django_assert_max_num_queries,
    )


def test_persons_list_checks_protected_fields_in_constant_queries(
    world, api_as, django_assert_max_num_queries
):
    assert_constant_queries(
        api_as(world.ex_partner_worker), f"{API}/persons/",
        lambda: [family_at(open_stay(world.own_family).unit, world.family_worker)
                 .assignments.create(worker=world.ex_partner_worker, role="ggz_practitioner",
                                     started_on=datetime.date(2026, 11, 1))
                 for _ in range(3)],
        django_assert_max_num_queries,
    )


# -- stays ----------------------------------------------------------------------------------


def test_stays_list_contains_only_stays_of_visible_families(world, api_as):
    response = api_as(world.family_worker).get(f"{API}/stays/")
    assert ids(response) == {open_stay(world.own_family).pk}


def test_retrieving_a_stay_shows_its_history_and_writes_one_event(world, api_as):
    stay = open_stay(world.own_family)
    before = AccessEvent.objects.count()
    response = api_as(world.family_worker).get(f"{API}/stays/{stay.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["location"] == stay.location_id
    assert [d["phase"] for d in body["phase_decisions"]] == [Phase.DIRECT_SAFETY]
    assert [a["safety_level"] for a in body["safety_assessments"]] == [SafetyLevel.ORANGE]
    [event] = new_events(before)
    assert (event.action, event.record_type) == (Action.VIEW, "families.stay")
    assert (event.actor_id, event.family_id) == (world.family_worker.pk, world.own_family.pk)


def test_a_foreign_stay_gives_404(world, api_as):
    stay = open_stay(world.foreign_family)
    assert api_as(world.family_worker).get(f"{API}/stays/{stay.pk}/").status_code == 404


def test_ex_partner_worker_does_not_see_where_the_family_stays(world, api_as):
    client = api_as(world.ex_partner_worker)
    stay = open_stay(world.own_family)
    [row] = results(client.get(f"{API}/stays/"))
    assert not STAY_PROTECTED & row.keys()
    detail = client.get(f"{API}/stays/{stay.pk}/").json()
    assert detail["phase"] == Phase.DIRECT_SAFETY
    assert not STAY_PROTECTED & detail.keys()


def test_stays_list_runs_a_constant_number_of_queries(
    world, api_as, django_assert_max_num_queries
):
    assert_constant_queries(
        api_as(world.team_manager), f"{API}/stays/",
        lambda: more_families_at_location_a(world), django_assert_max_num_queries,
    )


def test_family_worker_moves_the_stay_to_risk_driven_care(world, api_as):
    stay = open_stay(world.own_family)
    before = AccessEvent.objects.count()
    response = api_as(world.family_worker).post(f"{API}/stays/{stay.pk}/phase-decisions/", {
        "phase": Phase.RISK_DRIVEN, "decided_on": "2026-11-20", "reason": "Safe enough.",
    }, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["decided_by"] == world.family_worker.pk
    stay.refresh_from_db()
    assert stay.phase == Phase.RISK_DRIVEN
    [event] = new_events(before)
    assert (event.action, event.family_id) == (Action.CREATE, world.own_family.pk)


def test_a_phase_cannot_be_skipped(world, api_as):
    stay = open_stay(world.own_family)
    before = AccessEvent.objects.count()
    response = api_as(world.family_worker).post(f"{API}/stays/{stay.pk}/phase-decisions/", {
        "phase": Phase.RECOVERY, "decided_on": "2026-11-20", "reason": "Hurry.",
    }, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["phase"]
    stay.refresh_from_db()
    assert stay.phase == Phase.DIRECT_SAFETY
    assert stay.phase_decisions.count() == 1
    assert AccessEvent.objects.count() == before


def test_the_phase_of_an_ended_stay_cannot_change(world, api_as):
    stay = open_stay(world.own_family)
    Stay.objects.filter(pk=stay.pk).update(ended_on=timezone.localdate())
    response = api_as(world.family_worker).post(f"{API}/stays/{stay.pk}/phase-decisions/", {
        "phase": Phase.RISK_DRIVEN, "decided_on": "2026-11-20", "reason": "Late.",
    }, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]


def test_phase_decisions_on_a_foreign_stay_give_404(world, api_as):
    stay = open_stay(world.foreign_family)
    response = api_as(world.family_worker).post(f"{API}/stays/{stay.pk}/phase-decisions/", {
        "phase": Phase.RISK_DRIVEN, "decided_on": "2026-11-20", "reason": "x",
    }, format="json")
    assert response.status_code == 404


def test_ex_partner_worker_may_not_decide_a_phase(world, api_as):
    stay = open_stay(world.own_family)
    response = api_as(world.ex_partner_worker).post(
        f"{API}/stays/{stay.pk}/phase-decisions/",
        {"phase": Phase.RISK_DRIVEN, "decided_on": "2026-11-20", "reason": "x"},
        format="json",
    )
    assert response.status_code == 403


def test_family_worker_reassesses_the_safety_level(world, api_as):
    stay = open_stay(world.own_family)
    response = api_as(world.family_worker).post(f"{API}/stays/{stay.pk}/safety-assessments/", {
        "safety_level": SafetyLevel.RED, "assessed_on": "2026-11-20",
        "explanation": "New threats.",
    }, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["safety_level"] == SafetyLevel.RED
    stay.refresh_from_db()
    assert stay.safety_level == SafetyLevel.RED


def test_child_worker_may_not_assess_safety(world, api_as):
    stay = open_stay(world.own_family)
    response = api_as(world.child_worker).post(f"{API}/stays/{stay.pk}/safety-assessments/", {
        "safety_level": SafetyLevel.GREEN, "assessed_on": "2026-11-20", "explanation": "x",
    }, format="json")
    assert response.status_code == 403
    assert stay.safety_assessments.count() == 1


def test_an_unknown_safety_level_is_a_field_error(world, api_as):
    stay = open_stay(world.own_family)
    response = api_as(world.family_worker).post(f"{API}/stays/{stay.pk}/safety-assessments/", {
        "safety_level": "purple", "assessed_on": "2026-11-20", "explanation": "x",
    }, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["safety_level"]


# -- authentication, schema, docs -----------------------------------------------------------


def test_a_worker_gets_a_token_with_password_and_second_factor_and_uses_it(world):
    client = APIClient()
    response = client.post(f"{API}/auth/token/", {
        "username": "alice", "password": "correct-horse-battery",
        "code": totp_code(TEST_TOTP_SECRET),
    }, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=world.family_worker).key == token
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    before = AccessEvent.objects.count()
    assert ids(client.get(f"{API}/families/")) == {world.own_family.pk}
    [event] = new_events(before)
    assert (event.actor_id, event.channel) == (world.family_worker.pk, Channel.API)


def test_password_guessing_on_one_account_is_throttled(world):
    cache.clear()
    client = APIClient()
    statuses = [
        client.post(f"{API}/auth/token/", {"username": "bob", "password": f"guess-{i}"},
                    format="json").status_code
        for i in range(11)
    ]
    # Refused as a wrong password first, then locked: by the token throttle after ten
    # guesses, or sooner by the login lockout (django-axes, five failures) where enabled.
    first_lock = statuses.index(429)
    assert 4 <= first_lock <= 10
    assert statuses == [400] * first_lock + [429] * (11 - first_lock)
    other = client.post(f"{API}/auth/token/", {
        "username": "alice", "password": "correct-horse-battery",
        "code": totp_code(TEST_TOTP_SECRET),
    }, format="json")
    assert other.status_code == 200  # the limit is per account
    cache.clear()


def test_a_wrong_password_gives_no_token(world):
    response = APIClient().post(f"{API}/auth/token/", {
        "username": "alice", "password": "wrong-horse-battery",
    }, format="json")
    assert response.status_code == 400
    assert "token" not in response.json()


@pytest.mark.parametrize("code", [None, "", "000000"])
def test_a_password_without_the_right_second_factor_gives_no_token(world, code):
    payload = {"username": "alice", "password": "correct-horse-battery"}
    if code is not None:
        payload["code"] = code
    response = APIClient().post(f"{API}/auth/token/", payload, format="json")
    wrong_password = APIClient().post(f"{API}/auth/token/", {
        "username": "alice", "password": "wrong-horse-battery", "code": "000000",
    }, format="json")
    assert response.status_code == wrong_password.status_code == 400
    assert response.json() == wrong_password.json()  # never says the password was right
    assert not Token.objects.exists()


def test_a_token_expires_and_a_new_login_gives_a_new_one(world, settings):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    login = {"username": "alice", "password": "correct-horse-battery",
             "code": totp_code(TEST_TOTP_SECRET)}
    response = client.post(f"{API}/auth/token/", login, format="json")
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(f"{API}/families/").status_code == 200
    Token.objects.filter(key=token).update(
        created=timezone.now() - datetime.timedelta(seconds=settings.API_TOKEN_AGE + 1))
    response = client.get(f"{API}/families/")
    assert response.status_code in (401, 403)  # 403: the session scheme comes first
    assert response.json()["detail"] == "The token has expired; log in again."
    assert not Token.objects.filter(key=token).exists()
    cache.clear()  # a TOTP code is accepted once only (allauth remembers it in the cache)
    client.credentials()
    renewed = client.post(f"{API}/auth/token/", login, format="json")
    assert renewed.status_code == 200, renewed.content
    assert renewed.json()["token"] != token


def test_a_token_request_loads_the_worker_with_her_organisation(world):
    """The access log names the organisation on every request: it comes with the token's
    worker, not from a query of its own."""
    worker = world.family_worker
    assert worker.organisation_id
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=worker).key}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{API}/families/").status_code == 200
    assert not [q for q in queries if q["sql"].startswith('SELECT "accounts_organisation"')]
    event = AccessEvent.objects.filter(actor_id=worker.pk).latest("at")
    assert event.actor_organisation == str(worker.organisation)


def test_a_wrong_token_is_refused(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert client.get(f"{API}/families/").status_code in (401, 403)


@pytest.mark.parametrize("path", [
    "/", "/families/", "/families/1/", "/persons/", "/persons/1/", "/stays/", "/stays/1/",
    "/schema/",
])
def test_anonymous_requests_are_refused(world, path):
    before = AccessEvent.objects.count()
    assert APIClient().get(f"{API}{path}").status_code in (401, 403)
    assert AccessEvent.objects.count() == before


@pytest.mark.parametrize("path", ["/families/", "/persons/", "/stays/"])
def test_anonymous_writes_are_refused(world, path):
    assert APIClient().post(f"{API}{path}", {}, format="json").status_code in (401, 403)


def test_schema_is_served_to_a_logged_in_worker(world, api_as):
    response = api_as(world.family_worker).get(f"{API}/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert f"{API}/stays/{{id}}/phase-decisions/" in paths
    assert f"{API}/help-forms/{{id}}/end/" in paths


def test_docs_lead_to_the_browsable_api(world, api_as):
    client = api_as(world.family_worker)
    response = client.get(f"{API}/docs/")
    assert response.status_code == 302
    assert response["Location"] == f"{API}/"
    root = client.get(f"{API}/", HTTP_ACCEPT="text/html")
    assert root.status_code == 200
    assert b"/api/v1/families/" in root.content


def test_browsable_api_does_not_list_client_names_in_its_forms(world, api_as):
    response = api_as(world.family_worker).get(f"{API}/persons/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"Jansen (T" not in response.content  # no <option> per visible family

