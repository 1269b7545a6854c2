"""The family's safety plan: agreements, contacts, measures and review dates; printable for
the client; the ex-partner's workers never see its addresses or the agreements that reveal
whereabouts; and the rules: no contact arrangement while red, a red level forces a review
of the plan, an expired measure raises a task."""

import datetime

import pytest
from django.urls import reverse

from bloem.consent.models import ContactAgreement
from bloem.safety.models import PlanAgreement, PlanReview, ProtectiveMeasure

from .helpers import assessment_data, logged_in, today


@pytest.fixture
def alice(world):
    return logged_in(world.family_worker)


def _agreement(client, family, text, *, reveals=True, kind="code_word"):
    data = {"kind": kind, "text": text, "agreed_on": today().isoformat()}
    if reveals:
        data["reveals_whereabouts"] = "on"
    return client.post(reverse("safety:agreement_add", args=[family.pk]), data)


def _a_full_plan(alice, family, reviewed_on=None):
    _agreement(alice, family, "Oma Ria haalt Noor op van De Regenboogschool.",
               kind="school_pickup")
    _agreement(alice, family, "Als hij opduikt: niet opendoen, 112 bellen.",
               kind="ex_partner_appears", reveals=False)
    alice.post(reverse("safety:contact_add", args=[family.pk]), {
        "name": "Wijkagent De Boer", "role": "Wijkagent", "phone": "0612345678",
        "address": "Politiebureau Lindenlaan 4"})
    alice.post(reverse("safety:measure_add", args=[family.pk]), {
        "kind": "area_ban", "issued_by": "court", "starts_on": "2026-10-01",
        "ends_on": "2027-04-01", "reference": "RB-123",
        "conditions": "Niet in de Lindenlaan en omgeving."})
    alice.post(reverse("safety:plan_review", args=[family.pk]), {
        "reviewed_on": (reviewed_on or today()).isoformat(),
        "next_review_on": (today() + datetime.timedelta(days=28)).isoformat(),
        "note": "Plan samen doorgelopen."})


def test_a_worker_builds_the_plan_and_the_team_sees_it(world, alice):
    _a_full_plan(alice, world.own_family)
    assert PlanAgreement.objects.filter(family=world.own_family).count() == 2
    assert PlanReview.objects.filter(family=world.own_family).count() == 1
    html = logged_in(world.child_worker).get(
        reverse("safety:family", args=[world.own_family.pk])).content.decode()
    for text in ("De Regenboogschool", "niet opendoen", "Politiebureau Lindenlaan 4",
                 "0612345678", "Niet in de Lindenlaan"):
        assert text in html


def test_the_ex_partners_worker_never_sees_addresses_or_whereabouts(world, alice):
    _a_full_plan(alice, world.own_family)
    ex_worker = logged_in(world.ex_partner_worker)
    response = ex_worker.get(reverse("safety:family", args=[world.own_family.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "niet opendoen" in html  # an agreement that reveals nothing
    assert "Area ban" in html  # the measure itself, without its conditions
    for secret in ("De Regenboogschool", "Politiebureau Lindenlaan 4", "0612345678",
                   "Wijkagent De Boer", "Niet in de Lindenlaan", "Sanne"):
        assert secret not in html, secret
    assert ex_worker.get(reverse("safety:plan_pdf", args=[world.own_family.pk])
                         ).status_code == 404


def test_the_plan_prints_as_a_pdf_for_the_client(world, alice):
    _a_full_plan(alice, world.own_family)
    response = alice.get(reverse("safety:plan_pdf", args=[world.own_family.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_the_printed_plan_is_in_plain_language_with_everything_the_client_needs(world, alice):
    from django.template.loader import render_to_string
    from django.utils import translation

    from bloem.safety import selectors

    _a_full_plan(alice, world.own_family)
    data = selectors.family_safety(world.family_worker, world.own_family, today())
    with translation.override("nl"):
        html = render_to_string("safety/plan_print.html", {"family": world.own_family,
                                                           "data": data})
    for text in ("Mijn veiligheidsplan", "In gevaar: bel 112.", "De Regenboogschool",
                 "0612345678", "Straatverbod", "samen opnieuw naar dit plan"):
        assert text in html, text


def test_no_contact_arrangement_while_red(world, alice):
    family = world.own_family
    ContactAgreement.objects.create(
        family=family, client=family.members.get(family_role="parent"), agrees=True,
        decided_on=today(), scope="Overdracht via het team.", recorded_by=world.family_worker)
    alice.post(reverse("safety:assess", args=[family.pk]), assessment_data(family, "red"))
    response = _agreement(alice, family, "Overdracht zaterdag op locatie.",
                          kind="contact_arrangement", reveals=False)
    assert "The safety level is red." in response.content.decode()
    assert not PlanAgreement.objects.filter(kind="contact_arrangement").exists()
    alice.post(reverse("safety:assess", args=[family.pk]), assessment_data(family, "orange"))
    assert _agreement(alice, family, "Overdracht zaterdag op locatie.",
                      kind="contact_arrangement", reveals=False).status_code == 302


def test_a_contact_arrangement_also_needs_the_clients_agreement(world, alice):
    response = _agreement(alice, world.own_family, "Overdracht op locatie.",
                          kind="contact_arrangement")
    assert "has not agreed" in response.content.decode()


def _tasks(client, family):
    return client.get(reverse("safety:family", args=[family.pk])).content.decode()


def test_red_forces_a_review_of_the_safety_plan(world, alice):
    family = world.own_family
    _a_full_plan(alice, family, reviewed_on=today() - datetime.timedelta(days=3))
    assert "safety.plan-review-after-red" not in _tasks(alice, family)
    alice.post(reverse("safety:assess", args=[family.pk]),
               assessment_data(family, "red", assessed_on=today().isoformat()))
    assert 'data-rule="safety.plan-review-after-red"' in _tasks(alice, family)
    worklist = logged_in(world.team_manager).get(reverse("planning:worklist")).content.decode()
    assert "the safety plan has not been reviewed since" in worklist
    alice.post(reverse("safety:plan_review", args=[family.pk]), {
        "reviewed_on": today().isoformat(),
        "next_review_on": (today() + datetime.timedelta(days=7)).isoformat()})
    assert "safety.plan-review-after-red" not in _tasks(alice, family)


def test_red_without_a_plan_asks_for_one(world, alice):
    alice.post(reverse("safety:assess", args=[world.own_family.pk]),
               assessment_data(world.own_family, "red"))
    assert "there is no safety plan" in _tasks(alice, world.own_family)


def test_an_expired_court_measure_raises_a_task_until_followed_up(world, alice):
    family = world.own_family
    alice.post(reverse("safety:measure_add", args=[family.pk]), {
        "kind": "protection_order", "issued_by": "court", "starts_on": "2026-01-01",
        "ends_on": (today() - datetime.timedelta(days=1)).isoformat()})
    measure = ProtectiveMeasure.objects.get(family=family)
    assert 'data-rule="safety.measure-expired"' in _tasks(alice, family)
    assert "Court protection order expired on" in logged_in(world.team_manager).get(
        reverse("planning:worklist")).content.decode()
    alice.post(reverse("safety:measure_follow_up", args=[family.pk]), {
        "measure": measure.pk, "followed_up_on": today().isoformat(),
        "follow_up": "Verlengd tot 1 juni 2027 (RB-456)."})
    assert "safety.measure-expired" not in _tasks(alice, family)


def test_a_review_date_that_passed_is_a_task(world, alice):
    family = world.own_family
    _a_full_plan(alice, family)
    from bloem.safety.models import SafetyPlan

    SafetyPlan.objects.filter(family=family).update(
        next_review_on=today() - datetime.timedelta(days=2))
    assert 'data-rule="safety.plan-review-due"' in _tasks(alice, family)


def test_another_familys_plan_answers_404(world, alice):
    for name in ("safety:family", "safety:plan_pdf", "safety:agreement_add"):
        assert alice.get(reverse(name, args=[world.foreign_family.pk])).status_code == 404


def test_invalid_input_changes_nothing(world, alice):
    response = alice.post(reverse("safety:measure_add", args=[world.own_family.pk]), {
        "kind": "area_ban", "issued_by": "court", "starts_on": "2026-10-01",
        "ends_on": "2026-09-01"})
    assert response.status_code == 200
    assert "The end date lies before the start date." in response.content.decode()
    assert not ProtectiveMeasure.objects.exists()


def test_the_api_gives_the_familys_safety_without_protected_parts_to_the_ex_partners_worker(
        world, alice):
    _a_full_plan(alice, world.own_family)
    url = reverse("api_v1:family-safety", args=[world.own_family.pk])
    full = alice.get(url).json()
    assert full["safety_level"] == "orange"
    assert {c["address"] for c in full["contacts"]} == {"Politiebureau Lindenlaan 4"}
    assert len(full["agreements"]) == 2 and len(full["meldcode_cases"]) == 0
    restricted = logged_in(world.ex_partner_worker).get(url)
    body = restricted.content.decode()
    assert restricted.status_code == 200
    for secret in ("Lindenlaan", "Regenboogschool", "0612345678"):
        assert secret not in body
    assert restricted.json()["contacts"] == []
    assert alice.get(reverse("api_v1:family-safety",
                             args=[world.foreign_family.pk])).status_code == 404
