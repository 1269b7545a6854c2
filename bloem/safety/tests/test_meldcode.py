"""A case of concern runs through the five steps of the Meldcode, each with its required
answers; the decision framework decides whether a report to Veilig Thuis is required, and
the decision with its reasons is visible to the team, never to the ex-partner's worker."""

import pytest
from django.urls import reverse

from bloem.audit.models import AccessEvent
from bloem.safety.models import MeldcodeCase, MeldcodeConsultation, MeldcodeWeighing

from .helpers import child_of, logged_in, today


@pytest.fixture
def alice(world):
    return logged_in(world.family_worker)


def _open(alice, family) -> MeldcodeCase:
    child = child_of(family)
    response = alice.post(reverse("safety:meldcode_open", args=[family.pk]), {
        "person": child.pk, "signals_on": today().isoformat(),
        "signals": "Kind vertelt dat vader haar slaat bij de overdracht."})
    case = MeldcodeCase.objects.get(family=family)
    assert response.status_code == 302 and response["Location"] == reverse(
        "safety:meldcode", args=[case.pk])
    return case


def _consult(alice, case, kind="colleague"):
    return alice.post(reverse("safety:meldcode_consult", args=[case.pk]), {
        "kind": kind, "consulted_on": today().isoformat(),
        "consulted": "Aandachtsfunctionaris team A", "advice": "Bespreek het met moeder."})


def _talk(alice, case, **data):
    return alice.post(reverse("safety:meldcode_talk", args=[case.pk]), data or {
        "talked_on": today().isoformat(), "talk_summary": "Moeder herkent de signalen."})


def _weigh(alice, case, **answers):
    return alice.post(reverse("safety:meldcode_weigh", args=[case.pk]), {
        "weighed_on": today().isoformat(), "reasoning": "Afweging in het team.", **answers})


def _decide(alice, case, **data):
    return alice.post(reverse("safety:meldcode_decide", args=[case.pk]), {
        "decided_on": today().isoformat(), "decision_reasons": "Zie afweging.", **data})


def test_step_1_records_the_signals_and_the_case_waits_for_a_consultation(world, alice):
    case = _open(alice, world.own_family)
    assert case.signals.startswith("Kind vertelt") and case.opened_by == world.family_worker
    html = alice.get(reverse("safety:meldcode", args=[case.pk])).content.decode()
    assert "The case is in step 2." in html


def test_step_1_needs_the_signals(world, alice):
    response = alice.post(reverse("safety:meldcode_open", args=[world.own_family.pk]),
                          {"signals_on": today().isoformat(), "signals": ""})
    assert response.status_code == 200 and not MeldcodeCase.objects.exists()


def test_step_3_needs_a_colleague_consulted_first(world, alice):
    case = _open(alice, world.own_family)
    _consult(alice, case, kind="veilig_thuis")  # advice alone is not step 2
    response = _talk(alice, case)
    assert "First consult a colleague (step 2)." in response.content.decode()
    case.refresh_from_db()
    assert case.talked_on is None
    assert _consult(alice, case).status_code == 302
    assert MeldcodeConsultation.objects.filter(case=case).count() == 2
    assert _talk(alice, case).status_code == 302


def test_step_3_needs_what_the_client_said_or_why_there_was_no_conversation(world, alice):
    case = _open(alice, world.own_family)
    _consult(alice, case)
    response = _talk(alice, case, talked_on=today().isoformat(), talk_summary="")
    assert "Write down what the client said." in response.content.decode()
    response = _talk(alice, case, talked_on="", talk_skipped="")
    assert "or why there was none" in response.content.decode()
    assert _talk(alice, case, talked_on="",
                 talk_skipped="Gesprek brengt moeder in gevaar.").status_code == 302
    case.refresh_from_db()
    assert case.talk_done and case.talked_on is None


def _to_step_4(alice, family) -> MeldcodeCase:
    case = _open(alice, family)
    _consult(alice, case)
    _talk(alice, case)
    return case


def test_step_4_cannot_come_before_the_conversation(world, alice):
    case = _open(alice, world.own_family)
    _consult(alice, case)
    response = _weigh(alice, case, suspicion="yes", unsafety="acute")
    assert "First record the conversation with the client (step 3)." in (
        response.content.decode())


@pytest.mark.parametrize(("answers", "missing"), [
    ({"suspicion": "yes"}, "unsafety"),
    ({"suspicion": "yes", "unsafety": "none"}, "can_help"),
    ({"suspicion": "yes", "unsafety": "none", "can_help": "yes"}, "help_accepted"),
    ({"suspicion": "yes", "unsafety": "none", "can_help": "yes", "help_accepted": "yes"},
     "help_works"),
])
def test_step_4_needs_every_answer_the_framework_reaches(world, alice, answers, missing):
    case = _to_step_4(alice, world.own_family)
    response = _weigh(alice, case, **answers)
    assert response.status_code == 200
    assert "The decision framework needs this answer." in response.content.decode()
    assert not MeldcodeWeighing.objects.exists()


@pytest.mark.parametrize(("answers", "outcome"), [
    ({"suspicion": "no"}, "no_suspicion"),
    ({"suspicion": "yes", "unsafety": "acute"}, "report"),
    ({"suspicion": "yes", "unsafety": "structural"}, "report"),
    ({"suspicion": "yes", "unsafety": "none", "can_help": "no"}, "report"),
    ({"suspicion": "yes", "unsafety": "none", "can_help": "yes", "help_accepted": "no"},
     "report"),
    ({"suspicion": "yes", "unsafety": "none", "can_help": "yes", "help_accepted": "yes",
      "help_works": "no"}, "report"),
    ({"suspicion": "yes", "unsafety": "none", "can_help": "yes", "help_accepted": "yes",
      "help_works": "yes"}, "help"),
])
def test_step_4_the_framework_says_report_help_or_no_suspicion(world, alice, answers,
                                                              outcome):
    case = _to_step_4(alice, world.own_family)
    assert _weigh(alice, case, **answers).status_code == 302
    assert MeldcodeWeighing.objects.get(case=case).outcome == outcome


def test_questions_the_framework_does_not_reach_are_not_kept(world, alice):
    case = _to_step_4(alice, world.own_family)
    _weigh(alice, case, suspicion="yes", unsafety="acute", can_help="yes")
    weighing = MeldcodeWeighing.objects.get(case=case)
    assert (weighing.unsafety, weighing.can_help) == ("acute", "")


def test_step_5_when_the_framework_says_report_help_alone_is_refused(world, alice):
    case = _to_step_4(alice, world.own_family)
    _weigh(alice, case, suspicion="yes", unsafety="structural")
    response = _decide(alice, case, decision="help")
    assert "a report to Veilig Thuis is required" in response.content.decode()
    case.refresh_from_db()
    assert case.is_open


def test_step_5_a_report_is_recorded_with_its_date_and_reference(world, alice):
    case = _to_step_4(alice, world.own_family)
    _weigh(alice, case, suspicion="yes", unsafety="acute")
    response = _decide(alice, case, decision="report")
    html = response.content.decode()
    assert "Fill in the date of the report to Veilig Thuis." in html
    assert "Fill in the reference Veilig Thuis gave." in html
    response = _decide(alice, case, decision="report", reported_on=today().isoformat(),
                       report_reference="VT-2026-0412")
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.decision, case.report_reference, case.reported_on) == (
        "report", "VT-2026-0412", today())
    assert not case.is_open
    # a decided case no longer changes
    assert "can no longer change" in _consult(alice, case).content.decode()


def test_step_5_help_when_the_framework_allows_it_and_close_only_without_suspicion(
        world, alice):
    case = _to_step_4(alice, world.own_family)
    _weigh(alice, case, suspicion="yes", unsafety="none", can_help="yes",
           help_accepted="yes", help_works="yes")
    assert "cannot be closed without follow-up" in _decide(
        alice, case, decision="close").content.decode()
    assert _decide(alice, case, decision="help").status_code == 302
    case.refresh_from_db()
    assert case.decision == "help" and case.reported_on is None


def test_the_decision_and_its_reasons_are_visible_to_the_team(world, alice):
    case = _to_step_4(alice, world.own_family)
    _weigh(alice, case, suspicion="yes", unsafety="acute")
    _decide(alice, case, decision="report", reported_on=today().isoformat(),
            report_reference="VT-77")
    url = reverse("safety:meldcode", args=[case.pk])
    for worker in (world.team_manager, world.child_worker, world.youth_specialist):
        html = logged_in(worker).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "VT-77" in html and "Zie afweging." in html
        assert "Afweging in het team." in html  # the weighing's reasoning
    assert logged_in(world.ex_partner_worker).get(url).status_code == 404
    assert logged_in(world.other_family_worker).get(url).status_code == 404


def test_every_step_is_audited(world, alice):
    before = AccessEvent.objects.count()
    case = _to_step_4(alice, world.own_family)
    types = list(AccessEvent.objects.order_by("id")[before:].values_list("record_type",
                                                                         flat=True))
    assert types.count("safety.meldcodecase") == 2  # opened, conversation
    assert "safety.meldcodeconsultation" in types
    assert case.pk
