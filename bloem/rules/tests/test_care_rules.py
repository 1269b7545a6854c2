"""The method's rules: contact with the ex-partner (M-02), chain phases (M-10), programme
ages (M-28), the order of trauma treatment (M-32) and qualifications (M-37)."""

import datetime

import pytest

from bloem.rules import Outcome, evaluate
from bloem.rules.facts import (
    AssignWork,
    ContactAgreement,
    ContactExPartner,
    EnrolProgramme,
    KeepPhase,
    Qualification,
    StabilityJudgement,
    StartHelp,
    StartTraumaTreatment,
    Worker,
)

DAY = datetime.date(2026, 11, 1)
AGREED = (ContactAgreement(agreed_on=DAY - datetime.timedelta(days=5)),)
NIKA = Worker(1, "Dirk", "youth_care", (Qualification("nika"),))
NIKA_TRAINEE = Worker(2, "Tess", "youth_care", (Qualification("nika", in_training=True),))
EMDR = Worker(3, "Eva", "youth_care", (Qualification("emdr"),))
DIAGNOST = Worker(4, "Paul", "youth_care", (Qualification("diagnostics"),))
COUNSELLOR = Worker(5, "Nina", "youth_care", (Qualification("nika_counselling"),))
NOBODY = Worker(6, "Gina", "shelter", ())
SHELTER_NIKA = Worker(7, "Sam", "shelter", (Qualification("nika"),))


# -- contact with the ex-partner ---------------------------------------------------------------


def contact(level="orange", agreements=AGREED, day=DAY):
    return evaluate(ContactExPartner(day=day, safety_level=level, agreements=agreements))


def test_contact_with_the_ex_partner_needs_the_clients_agreement_and_a_level_not_red():
    assert contact().outcome == Outcome.ALLOWED
    assert contact("green").outcome == Outcome.ALLOWED


def test_without_the_clients_agreement_contact_is_blocked_and_says_so():
    verdict = contact(agreements=())
    assert [f.code for f in verdict.blocking] == ["no_agreement"]
    assert verdict.blocking[0].resolution("en") == (
        "Discuss it with the client and record her agreement.")


def test_a_red_safety_level_blocks_contact_even_with_agreement():
    verdict = contact("red")
    assert [f.code for f in verdict.blocking] == ["red"]
    assert verdict.blocking[0].message("nl") == "Het veiligheidsniveau is rood."


def test_an_unknown_safety_level_blocks_contact():
    assert [f.code for f in contact(None).blocking] == ["no_level"]


def test_a_withdrawn_agreement_no_longer_counts():
    agreements = (ContactAgreement(DAY - datetime.timedelta(days=9), withdrawn_on=DAY),)
    assert contact(agreements=agreements).blocked
    assert not contact(agreements=agreements, day=DAY - datetime.timedelta(days=1)).blocked


def test_supervised_contact_is_help_that_needs_the_contact_rule():
    blocked = evaluate(StartHelp("supervised-contact", DAY, safety_level="red",
                                 contact_agreements=AGREED))
    assert [f.rule_id for f in blocked.blocking] == ["contact.ex-partner"]
    assert not evaluate(StartHelp("supervised-contact", DAY, safety_level="orange",
                                  contact_agreements=AGREED)).findings
    assert not evaluate(StartHelp("daily-life-guidance", DAY, safety_level="red")).findings


# -- chain phases --------------------------------------------------------------------------------


def test_recovery_help_in_the_direct_safety_phase_is_allowed_with_a_warning_to_acknowledge():
    action = StartHelp("parent-trauma-treatment", DAY, family_phase="direct_safety",
                       petal_name="Trauma treatment of parents")
    verdict = evaluate(action)
    assert verdict.outcome == Outcome.WARNING
    assert not verdict.blocked and not verdict.may_proceed
    assert "Trauma treatment of parents" in verdict.warnings[0].message("en")
    acknowledged = evaluate(StartHelp("parent-trauma-treatment", DAY,
                                      family_phase="direct_safety",
                                      acknowledged=frozenset({"phase.recovery-before-safety"})))
    assert acknowledged.may_proceed


@pytest.mark.parametrize("phase", ["risk_driven", "recovery"])
def test_recovery_help_in_a_later_phase_gets_no_warning(phase):
    assert evaluate(StartHelp("parent-trauma-treatment", DAY, family_phase=phase)).outcome \
        == Outcome.ALLOWED


def test_shelter_help_in_the_direct_safety_phase_gets_no_warning():
    assert not evaluate(StartHelp("safety-stabilisation", DAY,
                                  family_phase="direct_safety")).findings


# -- programme ages ------------------------------------------------------------------------------


def enrol(programme, age, *, days=0, reason=""):
    born = DAY.replace(year=DAY.year - age) + datetime.timedelta(days=days)
    return evaluate(EnrolProgramme(programme, "Noor", born, DAY, reason))


@pytest.mark.parametrize(("programme", "youngest", "oldest"), [
    ("tijd-voor-toontje", 0, 10), ("en-nu-ik", 7, 11), ("kan-iemand-mij-horen", 12, 15)])
def test_programme_ages_count_on_the_start_date(programme, youngest, oldest):
    assert enrol(programme, youngest).outcome == Outcome.ALLOWED
    assert enrol(programme, oldest).outcome == Outcome.ALLOWED
    # The day before the child turns `oldest + 1` it still fits; on the birthday it does not.
    assert enrol(programme, oldest + 1, days=1).outcome == Outcome.ALLOWED
    assert enrol(programme, oldest + 1).blocked
    if youngest > 0:
        assert enrol(programme, youngest, days=1).blocked


def test_kan_iemand_mij_horen_starts_on_the_12th_birthday():
    assert enrol("kan-iemand-mij-horen", 12).outcome == Outcome.ALLOWED
    assert enrol("kan-iemand-mij-horen", 12, days=1).blocked
    assert enrol("en-nu-ik", 11).outcome == Outcome.ALLOWED
    assert enrol("en-nu-ik", 12).blocked


def test_an_age_exception_needs_a_reason_and_stays_visible():
    blocked = enrol("en-nu-ik", 12)
    assert blocked.blocking[0].message("en") == (
        "Noor is 12 on the start date; En nu ik..! is for ages 7 to 11.")
    assert blocked.blocking[0].resolution("en") == "An exception needs a reason."
    assert enrol("en-nu-ik", 12, reason="   ").blocked
    allowed = enrol("en-nu-ik", 12, reason="Broer zit in dezelfde groep.")
    assert allowed.outcome == Outcome.ALLOWED and allowed.may_proceed
    assert allowed.notes[0].message("nl") == (
        "Uitzondering op de leeftijd van En nu ik..!: Broer zit in dezelfde groep.")


def test_a_programme_needs_a_date_of_birth():
    verdict = evaluate(EnrolProgramme("en-nu-ik", "Noor", None, DAY))
    assert [f.code for f in verdict.blocking] == ["unknown"]


# -- trauma treatment order ------------------------------------------------------------------------


def judged(sufficient=True, by=DIAGNOST, days_ago=3):
    return StabilityJudgement(DAY - datetime.timedelta(days=days_ago), sufficient, by)


def trauma(*judgements):
    return evaluate(StartTraumaTreatment(DAY, tuple(judgements)))


def test_trauma_treatment_waits_for_a_judgement_of_a_stable_relationship():
    assert [f.code for f in trauma().blocking] == ["no_judgement"]
    assert trauma(judged()).outcome == Outcome.ALLOWED
    assert trauma(judged(by=NIKA)).outcome == Outcome.ALLOWED


def test_the_latest_judgement_counts():
    assert [f.code for f in trauma(judged(days_ago=10), judged(False, days_ago=2)).blocking] \
        == ["not_sufficient"]
    assert trauma(judged(False, days_ago=10), judged(days_ago=2)).outcome == Outcome.ALLOWED


def test_a_judgement_after_the_start_day_does_not_count():
    assert trauma(judged(days_ago=-1)).blocked


@pytest.mark.parametrize("judge", [NOBODY, SHELTER_NIKA, NIKA_TRAINEE, EMDR])
def test_the_judgement_must_come_from_a_qualified_youth_care_worker(judge):
    assert [f.code for f in trauma(judged(by=judge)).blocking] == ["judge_unqualified"]


def test_starting_the_trauma_treatment_petal_follows_the_same_rule():
    verdict = evaluate(StartHelp("child-trauma-treatment", DAY, responsible=EMDR))
    assert [f.rule_id for f in verdict.blocking] == ["trauma.after-stability"]
    verdict = evaluate(StartHelp("child-trauma-treatment", DAY, responsible=EMDR,
                                 stability_judgements=(judged(),)))
    assert verdict.outcome == Outcome.ALLOWED


# -- qualifications ------------------------------------------------------------------------------


@pytest.mark.parametrize(("work", "qualified", "unqualified"), [
    ("nika", NIKA, EMDR), ("emdr", EMDR, NIKA), ("nika-parent-counselling", COUNSELLOR, NIKA),
    ("diagnostics", DIAGNOST, NIKA), ("child-trauma-treatment", EMDR, NIKA)])
def test_work_is_assigned_only_to_a_qualified_worker(work, qualified, unqualified):
    assert evaluate(AssignWork(work, qualified)).outcome == Outcome.ALLOWED
    verdict = evaluate(AssignWork(work, unqualified))
    assert [f.code for f in verdict.blocking] == ["unqualified"]
    assert unqualified.name in verdict.blocking[0].message("en")


def test_a_nika_practitioner_in_training_works_under_a_named_qualified_supervisor():
    assert [f.code for f in evaluate(AssignWork("nika", NIKA_TRAINEE)).blocking] == [
        "no_supervisor"]
    assert evaluate(AssignWork("nika", NIKA_TRAINEE, supervisor=NIKA)).outcome \
        == Outcome.ALLOWED
    assert evaluate(AssignWork("nika", NIKA_TRAINEE, supervisor=NIKA_TRAINEE)).blocked
    assert evaluate(AssignWork("nika", NIKA_TRAINEE, supervisor=EMDR)).blocked


def test_training_counts_only_where_the_method_allows_it():
    emdr_trainee = Worker(9, "Lot", "youth_care", (Qualification("emdr", in_training=True),))
    assert evaluate(AssignWork("emdr", emdr_trainee, supervisor=EMDR)).blocked


def test_starting_nika_help_checks_the_responsible_worker():
    verdict = evaluate(StartHelp("nika", DAY, responsible=NOBODY))
    assert [f.rule_id for f in verdict.blocking] == ["qualification.required"]
    assert evaluate(StartHelp("nika", DAY, responsible=NIKA)).outcome == Outcome.ALLOWED
    assert evaluate(StartHelp("nika", DAY, responsible=NIKA_TRAINEE,
                              supervisor=NIKA)).outcome == Outcome.ALLOWED
    assert evaluate(StartHelp("nika", DAY, responsible=NIKA_TRAINEE)).blocked


def test_the_nika_petal_may_be_led_by_a_nika_parent_counsellor_but_not_its_diagnostics():
    assert evaluate(StartHelp("nika", DAY, responsible=COUNSELLOR)).outcome == Outcome.ALLOWED
    assert evaluate(AssignWork("nika", COUNSELLOR)).blocked
    counsellor_in_training = Worker(8, "Ilse", "youth_care",
                                    (Qualification("nika_counselling", in_training=True),))
    assert evaluate(StartHelp("nika", DAY, responsible=counsellor_in_training,
                              supervisor=COUNSELLOR)).blocked


# -- phase review ---------------------------------------------------------------------------------


def test_a_phase_decision_older_than_the_review_period_is_overdue():
    decided = DAY - datetime.timedelta(days=42)
    assert not evaluate(KeepPhase("direct_safety", decided, DAY, review_days=42)).findings
    [late] = evaluate(KeepPhase("direct_safety", decided, DAY, review_days=41)).warnings
    assert late.message("en") == (
        "The last phase decision dates from 2026-09-20 (42 days ago; review period 41 days).")


def test_without_a_review_period_no_phase_is_ever_overdue():
    assert not evaluate(KeepPhase("risk_driven", DAY - datetime.timedelta(days=900), DAY)
                        ).findings
