"""Administering questionnaires (by the worker and in client mode), the scores on the
person page, the intake overview with its petal suggestions: access-checked, audited,
a constant number of queries."""

import json

import pytest
from django.urls import reverse

from bloem.accounts.tests.helpers import PASSWORD
from bloem.audit.models import AccessEvent, Action
from bloem.families.models import FamilyRole
from bloem.screening import engine, services
from bloem.screening.models import PetalSuggestionDecision, Response


def _mother(world):
    return world.own_family.members.get(family_role=FamilyRole.PARENT)


def _child(world):
    return world.own_family.members.filter(family_role=FamilyRole.CHILD).order_by("pk").first()


def _phq9_post(**answers):
    data = {"informant": "self", "moment": "t0", "administered_on": "2026-11-01"}
    return data | {f"item_{k}": v for k, v in answers.items()}


@pytest.fixture
def alice(world, client_for):
    return client_for(world.family_worker)


def test_worker_fills_in_the_phq9_and_sees_score_band_and_alert(world, alice):
    mother = _mother(world)
    url = reverse("screening:administer", args=[mother.pk]) + "?instrument=phq-9"
    answers = {str(i): 2 for i in range(1, 9)} | {"9": 1}
    response = alice.post(url, _phq9_post(**answers))
    assert response.status_code == 302
    saved = Response.objects.get(person=mother)
    assert (saved.total, saved.band, saved.flags, saved.alert, saved.complete) == (
        17, "moderately-severe", ["suicidal-thoughts"], True, True)
    assert json.loads(saved.answers) == answers
    assert AccessEvent.objects.filter(action=Action.CREATE, record_type="screening.response",
                                      person_id=mother.pk).exists()
    page = alice.get(reverse("families:person", args=[mother.pk])).content.decode()
    assert "data-alert" in page and "17" in page


def test_a_value_off_the_scale_is_refused_and_nothing_is_saved(world, alice):
    mother = _mother(world)
    url = reverse("screening:administer", args=[mother.pk]) + "?instrument=phq-9"
    response = alice.post(url, _phq9_post(**{"1": 7}))
    assert response.status_code == 200
    assert not Response.objects.exists()


def test_an_unanswered_item_saves_an_incomplete_result(world, alice):
    mother = _mother(world)
    url = reverse("screening:administer", args=[mother.pk]) + "?instrument=gad-7"
    alice.post(url, _phq9_post(**{str(i): 1 for i in range(1, 7)}))
    saved = Response.objects.get(person=mother)
    assert (saved.complete, saved.total, saved.band) == (False, None, "")


def test_the_choice_offers_only_instruments_for_the_persons_age(world, alice):
    child = _child(world)  # 10 years old
    page = alice.get(reverse("screening:administer", args=[child.pk])).content.decode()
    assert "instrument=cats-7-17" in page and "instrument=cries-8" in page
    assert "instrument=phq-9" not in page and "instrument=cats-caregiver-3-6" not in page


def test_an_instrument_for_another_age_is_not_offered_as_a_form(world, alice):
    child = _child(world)
    url = reverse("screening:administer", args=[child.pk]) + "?instrument=phq-9"
    alice.post(url, _phq9_post(**{str(i): 0 for i in range(1, 10)}))
    assert not Response.objects.exists()


def test_outsiders_get_404_and_the_ex_partners_worker_403(world, client_for):
    url = reverse("screening:administer", args=[_mother(world).pk])
    assert client_for(world.other_family_worker).get(url).status_code == 404
    assert client_for(world.ex_partner_worker).get(url).status_code == 403


# -- client mode ---------------------------------------------------------------------------


def _start_client_mode(alice, world, instrument="phq-9"):
    mother = _mother(world)
    response = alice.post(reverse("screening:client_start", args=[mother.pk]),
                          {"instrument": instrument, "moment": "t1"})
    assert response.url == reverse("screening:client_form")
    return mother


def test_client_mode_shows_only_the_questionnaire(world, alice):
    mother = _start_client_mode(alice, world)
    page = alice.get(reverse("screening:client_form")).content.decode()
    assert "PHQ-9" in page
    for secret in (mother.first_name, mother.last_name, world.own_family.name,
                   world.own_family.reference):
        assert secret not in page
    assert reverse("families:list") not in page


@pytest.mark.parametrize("target", ["families:list", "families:person", "families:detail",
                                    "audit:search", "screening:administer", "logout"])
def test_client_mode_sends_every_other_page_back_to_the_questionnaire(world, alice, target):
    mother = _start_client_mode(alice, world)
    args = {"families:person": [mother.pk], "screening:administer": [mother.pk],
            "families:detail": [world.own_family.pk]}.get(target, [])
    for method in (alice.get, alice.post):
        response = method(reverse(target, args=args))
        assert response.status_code == 302
        assert response.url == reverse("screening:client_form")


def test_client_mode_blocks_the_api(world, alice):
    _start_client_mode(alice, world)
    assert alice.get("/api/v1/families/").status_code == 403
    assert alice.get(reverse("api_v1:instrument-list")).status_code == 403


def test_client_answers_are_saved_and_the_worker_needs_a_password_to_leave(world, alice):
    mother = _start_client_mode(alice, world)
    answers = {f"item_{i}": 0 for i in range(1, 10)}
    assert alice.post(reverse("screening:client_form"), answers).status_code == 302
    saved = Response.objects.get(person=mother)
    assert (saved.client_mode, saved.moment, saved.informant, saved.total) == (
        True, "t1", "self", 0)
    done = alice.get(reverse("screening:client_form")).content.decode()
    assert "tablet" in done and "item_1" not in done
    # A second submission is not possible.
    alice.post(reverse("screening:client_form"), answers)
    assert Response.objects.count() == 1
    wrong = alice.post(reverse("screening:client_exit"), {"password": "raden"})
    assert wrong.status_code == 200
    assert alice.get(reverse("families:list")).status_code == 302
    right = alice.post(reverse("screening:client_exit"), {"password": PASSWORD})
    assert right.url == reverse("families:person", args=[mother.pk])
    assert alice.get(reverse("families:list")).status_code == 200


def test_without_client_mode_its_pages_send_the_worker_home(world, alice):
    assert alice.get(reverse("screening:client_form")).url == reverse("home")
    assert alice.get(reverse("screening:client_exit")).url == reverse("home")


# -- person page and intake overview -------------------------------------------------------


def _record(world, person, code, answers, moment="t0", informant=None):
    instrument = engine.get(code)
    response = services.scored_response(
        instrument=instrument, person=person, answers=answers,
        informant=informant or instrument.informants[0], moment=moment,
        administered_on=world.own_family.stays.get().started_on,
        entered_by=world.family_worker)
    response.save()
    return response


def test_person_page_shows_the_history_in_a_constant_number_of_queries(
        world, alice, django_assert_max_num_queries):
    mother = _mother(world)
    url = reverse("families:person", args=[mother.pk])
    _record(world, mother, "gad-7", {str(i): 1 for i in range(1, 8)})
    alice.get(url)
    with django_assert_max_num_queries(60) as one:
        alice.get(url)
    for moment in ("t0", "t1", "t2") * 4:
        _record(world, mother, "gad-7", {str(i): 2 for i in range(1, 8)}, moment=moment)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = alice.get(url).content.decode()
    assert page.count('data-instrument="gad-7"') == 13


def _screen_child(world, child):
    _record(world, child, "cats-7-17", {"e4": 1} | {str(i): 2 for i in range(1, 21)},
            informant="self")
    _record(world, child, "early-life-stress",
            {"1": 2, "2": 2, "3": 2, "4": 0, "5": 1, "6": 2, "7": 0, "8": 0, "9": 0, "10": 2})
    _record(world, child, "problem-indicators", {"1": 1, "2": 0, "3": 1, "4": 0, "5": 0})


def test_intake_overview_shows_each_child_with_suggested_petals(world, alice):
    child = _child(world)
    _screen_child(world, child)
    page = alice.get(reverse("screening:intake", args=[world.own_family.pk])).content.decode()
    assert child.first_name in page
    for petal in ("child-trauma-treatment", "toontje-veerkracht", "nika",
                  "separation-contact", "school-guidance"):
        assert f'data-petal="{petal}"' in page
    assert AccessEvent.objects.filter(action=Action.VIEW, family_id=world.own_family.pk,
                                      record_type="screening.response").exists()


def test_workers_accept_or_reject_a_suggestion_and_it_is_recorded(world, client_for):
    child = _child(world)
    _screen_child(world, child)
    url = reverse("screening:intake", args=[world.own_family.pk])
    specialist = client_for(world.youth_specialist)
    response = specialist.post(url, {"child": child.pk, "petal": "child-trauma-treatment",
                                     "decision": "accepted"})
    assert response.status_code == 302
    decided = PetalSuggestionDecision.objects.get()
    assert (decided.person, decided.petal_id, decided.decision, decided.decided_by) == (
        child, "child-trauma-treatment", "accepted", world.youth_specialist)
    assert AccessEvent.objects.filter(action=Action.CREATE,
                                      record_type="screening.petalsuggestiondecision").exists()
    assert "Geaccepteerd" in specialist.get(url).content.decode() or "Accepted" in (
        specialist.get(url).content.decode())


def test_a_child_worker_may_look_but_not_decide(world, client_for):
    child = _child(world)
    carla = client_for(world.child_worker)
    url = reverse("screening:intake", args=[world.own_family.pk])
    assert carla.get(url).status_code == 200
    assert carla.post(url, {"child": child.pk, "petal": "nika",
                            "decision": "rejected"}).status_code == 403
    assert not PetalSuggestionDecision.objects.exists()


def test_a_child_of_another_family_cannot_be_decided_on(world, alice):
    foreign_child = world.foreign_family.members.filter(family_role=FamilyRole.CHILD).first()
    url = reverse("screening:intake", args=[world.own_family.pk])
    response = alice.post(url, {"child": foreign_child.pk, "petal": "nika",
                                "decision": "accepted"})
    assert response.status_code == 200
    assert not PetalSuggestionDecision.objects.exists()


def test_intake_overview_queries_do_not_grow_with_children(
        world, alice, django_assert_max_num_queries):
    url = reverse("screening:intake", args=[world.own_family.pk])
    for child in world.own_family.members.filter(family_role=FamilyRole.CHILD):
        _screen_child(world, child)
    with django_assert_max_num_queries(40) as two_children:
        alice.get(url)
    from bloem.families.tests.factories import PersonFactory

    for i in range(5):
        extra = PersonFactory(family=world.own_family, first_name=f"Extra{i}")
        _screen_child(world, extra)
    with django_assert_max_num_queries(len(two_children.captured_queries)):
        alice.get(url)
