"""Who must consent, at the boundaries the law draws: the 12th and 16th birthday, joint and
single authority, a guardian, withdrawal, replaced consent, the 12–15 exceptions and a
child judged not competent."""

import datetime

import pytest

from bloem.rules import evaluate
from bloem.rules.consent import State, consent_status
from bloem.rules.facts import (
    Consent,
    ConsentBasis,
    ConsentDecision,
    ConsentDecisionKind,
    ConsentFacts,
    Parent,
    StartHelp,
)

DAY = datetime.date(2026, 11, 1)
MOTHER = Parent(2, "Sanne", has_authority=True)
FATHER = Parent(3, "Mark", has_authority=True)
FATHER_WITHOUT_AUTHORITY = Parent(3, "Mark", has_authority=False)
GUARDIAN = Parent(4, "Voogd Jeugdbescherming", has_authority=True, is_guardian=True)
CHILD = 1


def born_years_before(years: int, *, days: int = 0) -> datetime.date:
    """Born so that the child turns `years` on DAY (+days: the birthday is later)."""
    return DAY.replace(year=DAY.year - years) + datetime.timedelta(days=days)


def facts(born, parents=(MOTHER, FATHER), consents=(), decisions=(), day=DAY):
    return ConsentFacts(child_id=CHILD, child_name="Noor", date_of_birth=born, day=day,
                        parents=tuple(parents), consents=tuple(consents),
                        decisions=tuple(decisions))


def given(*who, on=DAY - datetime.timedelta(days=7), **kwargs):
    return tuple(Consent(given_by=w, given_on=on, **kwargs) for w in who)


def start(consent_facts, petal="safety-stabilisation"):
    return evaluate(StartHelp(petal=petal, day=consent_facts.day, consent=consent_facts))


def required(status) -> set[int]:
    return {r.person_id for r in status.required}


# -- age boundaries ---------------------------------------------------------------------------


def test_father_with_authority_must_consent_for_child_under_12():
    status = consent_status(facts(born_years_before(11), consents=given(MOTHER.id)))
    assert status.rule_id == "consent.under-12"
    assert required(status) == {MOTHER.id, FATHER.id}
    assert [r.person_id for r in status.missing] == [FATHER.id]
    verdict = start(facts(born_years_before(11), consents=given(MOTHER.id)))
    assert verdict.blocked
    [reason] = verdict.blocking
    assert reason.missing == (FATHER.id,)
    assert "Mark" in reason.message("nl") and "Mark" in reason.message("en")
    assert reason.message("en") == "Consent is still missing from: Mark (parent with authority)."


def test_the_day_before_the_12th_birthday_the_child_is_not_asked():
    status = consent_status(facts(born_years_before(12, days=1)))
    assert status.age == 11
    assert CHILD not in required(status)


def test_on_the_12th_birthday_the_child_consents_too():
    status = consent_status(facts(born_years_before(12), consents=given(MOTHER.id, FATHER.id)))
    assert status.age == 12 and status.rule_id == "consent.12-15"
    assert required(status) == {CHILD, MOTHER.id, FATHER.id}
    assert [r.person_id for r in status.missing] == [CHILD]
    assert start(facts(born_years_before(12), consents=given(MOTHER.id, FATHER.id))).blocked


def test_help_running_when_a_child_turns_12_needs_the_childs_own_consent_from_that_day():
    born = born_years_before(12)
    parents_consented = given(MOTHER.id, FATHER.id, on=DAY - datetime.timedelta(days=100))
    before = facts(born, consents=parents_consented, day=DAY - datetime.timedelta(days=1))
    on_birthday = facts(born, consents=parents_consented, day=DAY)
    assert consent_status(before).complete
    assert not consent_status(on_birthday).complete


def test_the_day_before_the_16th_birthday_the_parents_still_consent():
    status = consent_status(facts(born_years_before(16, days=1), consents=given(CHILD)))
    assert status.age == 15
    assert required(status) == {CHILD, MOTHER.id, FATHER.id}
    assert not status.complete


def test_from_the_16th_birthday_the_young_person_consents_alone():
    status = consent_status(facts(born_years_before(16), consents=given(CHILD)))
    assert status.rule_id == "consent.16-plus"
    assert required(status) == {CHILD}
    assert status.complete
    assert not start(facts(born_years_before(16), consents=given(CHILD))).blocked


def test_a_leap_day_child_turns_12_on_the_first_of_march():
    born = datetime.date(2012, 2, 29)
    assert consent_status(facts(born, day=datetime.date(2024, 2, 28))).age == 11
    assert consent_status(facts(born, day=datetime.date(2024, 2, 29))).age == 12
    assert consent_status(facts(born, day=datetime.date(2023, 2, 28))).age == 10
    assert consent_status(facts(born, day=datetime.date(2023, 3, 1))).age == 11


# -- authority ----------------------------------------------------------------------------------


def test_with_joint_authority_both_parents_must_consent():
    assert not consent_status(facts(born_years_before(8), consents=given(MOTHER.id))).complete
    assert consent_status(facts(born_years_before(8),
                                consents=given(MOTHER.id, FATHER.id))).complete


def test_with_single_authority_the_mother_alone_consents_and_the_father_is_informed():
    status = consent_status(facts(born_years_before(8), parents=(MOTHER, FATHER_WITHOUT_AUTHORITY),
                                  consents=given(MOTHER.id)))
    assert status.complete
    assert required(status) == {MOTHER.id}
    assert [p.id for p in status.informed] == [FATHER.id]
    assert "consent.parent-without-authority" in status.applied


def test_consent_of_a_parent_without_authority_does_not_count_for_the_missing_one():
    status = consent_status(facts(born_years_before(8), parents=(MOTHER, FATHER_WITHOUT_AUTHORITY),
                                  consents=given(FATHER.id)))
    assert not status.complete
    assert [r.person_id for r in status.missing] == [MOTHER.id]


def test_a_guardian_consents_for_a_child_without_parents_with_authority():
    status = consent_status(facts(born_years_before(5), parents=(FATHER_WITHOUT_AUTHORITY,
                                                                 GUARDIAN),
                                  consents=given(GUARDIAN.id)))
    assert status.complete
    assert [r.role for r in status.required] == ["guardian"]


def test_nobody_with_authority_blocks_with_what_would_unblock_it():
    status = consent_status(facts(born_years_before(5), parents=(FATHER_WITHOUT_AUTHORITY,)))
    assert status.no_authority and not status.complete
    verdict = start(facts(born_years_before(5), parents=(FATHER_WITHOUT_AUTHORITY,)))
    codes = [f.code for f in verdict.blocking]
    assert codes == ["no_authority"]
    assert "guardian" in verdict.blocking[0].resolution("en")


# -- withdrawal and replaced consent ----------------------------------------------------------


def test_withdrawn_consent_blocks_and_names_who_withdrew():
    consents = (*given(MOTHER.id),
                Consent(FATHER.id, DAY - datetime.timedelta(days=30),
                        withdrawn_on=DAY - datetime.timedelta(days=1)))
    status = consent_status(facts(born_years_before(8), consents=consents))
    assert [(r.person_id, r.state) for r in status.missing] == [(FATHER.id, State.WITHDRAWN)]
    [reason] = start(facts(born_years_before(8), consents=consents)).blocking
    assert reason.rule_id == "consent.withdrawal"
    assert reason.message("en") == "Mark (parent with authority) has withdrawn consent."


def test_consent_counts_until_the_day_it_is_withdrawn():
    consents = (*given(MOTHER.id), Consent(FATHER.id, DAY - datetime.timedelta(days=30),
                                           withdrawn_on=DAY))
    assert consent_status(facts(born_years_before(8), consents=consents,
                                day=DAY - datetime.timedelta(days=1))).complete
    assert not consent_status(facts(born_years_before(8), consents=consents)).complete


def test_consent_given_again_after_a_withdrawal_counts():
    consents = (*given(MOTHER.id),
                Consent(FATHER.id, DAY - datetime.timedelta(days=30),
                        withdrawn_on=DAY - datetime.timedelta(days=10)),
                Consent(FATHER.id, DAY - datetime.timedelta(days=2)))
    assert consent_status(facts(born_years_before(8), consents=consents)).complete


def test_consent_given_after_the_day_does_not_count_yet():
    consents = given(MOTHER.id, FATHER.id, on=DAY + datetime.timedelta(days=1))
    assert not consent_status(facts(born_years_before(8), consents=consents)).complete


@pytest.mark.parametrize("basis", [ConsentBasis.COURT_DECISION, ConsentBasis.GI_DECISION])
def test_a_decision_replaces_a_parents_consent_and_is_shown_as_such(basis):
    consents = (*given(MOTHER.id), *given(FATHER.id, basis=basis))
    status = consent_status(facts(born_years_before(8), consents=consents))
    assert status.complete
    states = {r.person_id: r.state for r in status.required}
    assert states == {MOTHER.id: State.GIVEN, FATHER.id: State.REPLACED}
    assert "consent.replaced" in status.applied


# -- 12 to 15: exceptions and competence -------------------------------------------------------


@pytest.mark.parametrize("kind", [ConsentDecisionKind.SERIOUS_HARM,
                                  ConsentDecisionKind.PERSISTENT_WISH])
def test_the_law_lets_help_for_a_child_of_12_to_15_go_ahead_without_the_parents(kind):
    decision = ConsentDecision(kind, DAY - datetime.timedelta(days=3))
    status = consent_status(facts(born_years_before(13), consents=given(CHILD),
                                  decisions=[decision]))
    assert status.complete
    assert required(status) == {CHILD}
    assert "consent.exception-12-15" in status.applied


def test_the_exception_does_not_replace_the_childs_own_consent():
    decision = ConsentDecision(ConsentDecisionKind.SERIOUS_HARM, DAY)
    assert not consent_status(facts(born_years_before(13), decisions=[decision])).complete


def test_the_exception_does_not_apply_under_12():
    decision = ConsentDecision(ConsentDecisionKind.PERSISTENT_WISH, DAY)
    status = consent_status(facts(born_years_before(11), consents=given(MOTHER.id),
                                  decisions=[decision]))
    assert not status.complete


@pytest.mark.parametrize("age", [12, 15, 16, 17])
def test_a_child_judged_not_competent_falls_back_to_the_parents(age):
    decision = ConsentDecision(ConsentDecisionKind.NOT_COMPETENT, DAY - datetime.timedelta(1))
    status = consent_status(facts(born_years_before(age), consents=given(MOTHER.id, FATHER.id),
                                  decisions=[decision]))
    assert status.rule_id == "consent.not-competent"
    assert required(status) == {MOTHER.id, FATHER.id}
    assert status.complete


def test_a_judgement_recorded_after_the_day_does_not_count_yet():
    decision = ConsentDecision(ConsentDecisionKind.NOT_COMPETENT, DAY + datetime.timedelta(1))
    status = consent_status(facts(born_years_before(14), decisions=[decision]))
    assert status.rule_id == "consent.12-15"


def test_without_a_date_of_birth_help_cannot_start():
    verdict = start(facts(None))
    assert [f.rule_id for f in verdict.blocking] == ["consent.date-of-birth"]


def test_help_for_an_adult_is_not_judged_by_the_consent_rules():
    assert not evaluate(StartHelp(petal="safety-stabilisation", day=DAY)).findings
