"""The safety rules of the engine (pure Python): the decision framework of the Meldcode,
the plan review after red or past its date, and expired measures."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from bloem.rules import evaluate
from bloem.rules import safety as r

DAY = datetime.date(2026, 11, 1)
answers = st.sampled_from([None, r.Answer.YES, r.Answer.NO])
weighings = st.builds(r.Weighing, suspicion=answers,
                      unsafety=st.sampled_from([None, *r.Unsafety]), can_help=answers,
                      help_accepted=answers, help_works=answers)


@given(weighings)
def test_the_framework_says_report_exactly_when_unsafe_or_help_falls_short(w):
    outcome = r.framework_outcome(w)
    if r.missing_answers(w):
        assert outcome is None
        return
    reached = r.required_questions(w)
    if w.suspicion == r.Answer.NO:
        assert outcome == r.FrameworkOutcome.NO_SUSPICION
    elif w.unsafety != r.Unsafety.NONE or any(
            getattr(w, q) == r.Answer.NO for q in reached[2:]):
        assert outcome == r.FrameworkOutcome.REPORT
    else:
        assert outcome == r.FrameworkOutcome.HELP
        assert reached == r.QUESTIONS  # help only after all five questions


@given(weighings, st.sampled_from(list(r.Decision)))
def test_reporting_is_always_allowed_and_help_never_when_the_framework_says_report(w, decision):
    verdict = evaluate(r.DecideMeldcode(weighing=w, decision=decision))
    outcome = r.framework_outcome(w)
    if decision == r.Decision.REPORT:
        assert not verdict.blocked
    elif outcome == r.FrameworkOutcome.REPORT or outcome is None:
        assert verdict.blocked
    elif decision == r.Decision.CLOSE:
        assert verdict.blocked == (outcome != r.FrameworkOutcome.NO_SUSPICION)


def test_red_without_a_review_since_is_a_task_in_both_languages():
    plan = r.KeepSafetyPlan(day=DAY, safety_level="red", red_since=DAY, has_plan=True,
                            last_review=DAY - datetime.timedelta(days=1))
    [finding] = evaluate(plan).findings
    assert finding.rule_id == r.PLAN_AFTER_RED
    assert "niet besproken" in finding.message("nl") and "2026-11-01" in finding.message("en")
    reviewed = r.KeepSafetyPlan(day=DAY, safety_level="red", red_since=DAY, has_plan=True,
                                last_review=DAY)
    assert not evaluate(reviewed).findings


def test_orange_asks_nothing_and_a_passed_review_date_warns():
    assert not evaluate(r.KeepSafetyPlan(day=DAY, safety_level="orange")).findings
    late = r.KeepSafetyPlan(day=DAY, safety_level="orange", has_plan=True,
                            next_review=DAY - datetime.timedelta(days=1))
    [finding] = evaluate(late).findings
    assert finding.rule_id == r.PLAN_REVIEW_DUE and finding.severity == "warn"


def test_a_measure_is_a_task_after_its_end_date_until_followed_up():
    def findings(**kw):
        return evaluate(r.KeepMeasure(kind_name="Huisverbod", day=DAY, **kw)).findings

    assert not findings(ends_on=DAY)  # the last day itself still protects
    assert not findings(ends_on=None)
    assert findings(ends_on=DAY - datetime.timedelta(days=1))[0].rule_id == r.MEASURE_EXPIRED
    assert not findings(ends_on=DAY - datetime.timedelta(days=1), followed_up=True)
