"""Property-based tests: no combination of facts crashes the engine, and no verdict ever
allows help to a minor without the consent the law requires (checked against an oracle
written from the law, not from the engine)."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bloem.rules import Outcome, consent_status, evaluate
from bloem.rules.care import PETAL_WORK, PROGRAMMES, WORK
from bloem.rules.facts import (
    AssignWork,
    Consent,
    ConsentBasis,
    ConsentDecision,
    ConsentDecisionKind,
    ConsentFacts,
    ContactAgreement,
    ContactExPartner,
    EnrolProgramme,
    KeepPhase,
    Parent,
    Qualification,
    StabilityJudgement,
    StartHelp,
    StartTraumaTreatment,
    Worker,
)

PETALS = ["safety-stabilisation", "daily-life-guidance", "stress-reduction",
          "toontje-veerkracht", "nika", "child-trauma-treatment", "supervised-contact",
          "separation-contact", "school-guidance", "parent-trauma-treatment", "forensic-ggz",
          "relationship-therapy", "impulse-control", "unknown-petal"]
PEOPLE = st.integers(min_value=1, max_value=6)
days = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2040, 12, 31))
maybe_days = st.one_of(st.none(), days)

parents = st.lists(st.builds(Parent, id=PEOPLE, name=st.text(max_size=15),
                             has_authority=st.booleans(), is_guardian=st.booleans()),
                   max_size=4, unique_by=lambda p: p.id)
consents = st.lists(st.builds(Consent, given_by=PEOPLE, given_on=days,
                              basis=st.sampled_from(ConsentBasis), withdrawn_on=maybe_days),
                    max_size=8)
decisions = st.lists(st.builds(ConsentDecision, kind=st.sampled_from(ConsentDecisionKind),
                               decided_on=days), max_size=3)
consent_facts = st.builds(ConsentFacts, child_id=st.just(1), child_name=st.text(max_size=15),
                          date_of_birth=maybe_days, day=days, parents=parents.map(tuple),
                          consents=consents.map(tuple), decisions=decisions.map(tuple))
qualifications = st.lists(st.builds(Qualification,
                                    kind=st.sampled_from(["diagnostics", "emdr", "nika",
                                                          "nika_counselling", "tf_cbt", "net",
                                                          "drama_therapy"]),
                                    in_training=st.booleans()), max_size=3).map(tuple)
workers = st.builds(Worker, id=PEOPLE, name=st.text(max_size=10),
                    organisation_kind=st.sampled_from([None, "shelter", "youth_care", "ggz"]),
                    qualifications=qualifications)
judgements = st.lists(st.builds(StabilityJudgement, judged_on=days, sufficient=st.booleans(),
                                judged_by=workers), max_size=3).map(tuple)
agreements = st.lists(st.builds(ContactAgreement, agreed_on=days, withdrawn_on=maybe_days),
                      max_size=2).map(tuple)
start_help = st.builds(
    StartHelp, petal=st.sampled_from(PETALS), day=days,
    consent=st.one_of(st.none(), consent_facts), petal_name=st.text(max_size=10),
    responsible=st.one_of(st.none(), workers), supervisor=st.one_of(st.none(), workers),
    family_phase=st.sampled_from([None, "direct_safety", "risk_driven", "recovery"]),
    safety_level=st.sampled_from([None, "green", "orange", "red"]),
    contact_agreements=agreements, stability_judgements=judgements,
    acknowledged=st.frozensets(st.sampled_from(["phase.recovery-before-safety", "x"])),
)
actions = st.one_of(
    start_help,
    st.builds(AssignWork, work=st.sampled_from(list(WORK)), worker=workers,
              supervisor=st.one_of(st.none(), workers)),
    st.builds(ContactExPartner, day=days,
              safety_level=st.sampled_from([None, "green", "orange", "red"]),
              agreements=agreements),
    st.builds(EnrolProgramme, programme=st.sampled_from(list(PROGRAMMES)),
              child_name=st.text(max_size=10), date_of_birth=maybe_days, starts_on=days,
              exception_reason=st.text(max_size=20)),
    st.builds(StartTraumaTreatment, day=days, stability_judgements=judgements),
    st.builds(KeepPhase, phase=st.sampled_from(["direct_safety", "risk_driven", "recovery"]),
              decided_on=days, day=days, review_days=st.integers(min_value=-5, max_value=400)),
)


def in_force(facts: ConsentFacts, person_id: int) -> bool:
    return any(c.given_by == person_id and c.given_on <= facts.day
               and (c.withdrawn_on is None or c.withdrawn_on > facts.day)
               for c in facts.consents)


def law_is_satisfied(facts: ConsentFacts) -> bool:
    """The oracle: Jeugdwet 7.3.4 / WGBO 7:450, 7:465, written out independently."""
    if facts.date_of_birth is None:
        return False
    born, day = facts.date_of_birth, facts.day
    age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    holders = [p.id for p in facts.parents if p.has_authority or p.is_guardian]

    def decided(kind):
        return any(d.kind == kind and d.decided_on <= day for d in facts.decisions)

    parents_needed = age < 12 or (age >= 12 and decided(ConsentDecisionKind.NOT_COMPETENT)) or (
        age < 16 and not (decided(ConsentDecisionKind.SERIOUS_HARM)
                          or decided(ConsentDecisionKind.PERSISTENT_WISH)))
    child_needed = age >= 12 and not decided(ConsentDecisionKind.NOT_COMPETENT)
    if parents_needed and (not holders or not all(in_force(facts, p) for p in holders)):
        return False
    return not (child_needed and not in_force(facts, facts.child_id))


@settings(max_examples=400, deadline=None)
@given(action=actions)
def test_no_combination_of_facts_crashes_the_engine(action):
    verdict = evaluate(action)
    assert verdict.outcome in set(Outcome)
    for language in ("nl", "en"):
        for f in verdict.findings:
            assert f.message(language)
            assert isinstance(f.resolution(language), str)
        verdict.as_dict(language)


@settings(max_examples=600, deadline=None)
@given(action=start_help)
def test_help_to_a_minor_is_never_allowed_without_the_consent_the_law_requires(action):
    verdict = evaluate(action)
    if action.consent is not None and not verdict.blocked:
        assert law_is_satisfied(action.consent)


@settings(max_examples=600, deadline=None)
@given(facts=consent_facts)
def test_consent_status_is_complete_exactly_when_the_law_is_satisfied(facts):
    status = consent_status(facts)
    assert status.complete == law_is_satisfied(facts)
    assert status.complete == (not status.missing and not status.no_authority
                               and status.age is not None)
    for requirement in status.missing:
        assert requirement.person_id in {facts.child_id, *(p.id for p in facts.parents)}


@settings(max_examples=200, deadline=None)
@given(action=start_help)
def test_a_petal_that_is_work_is_never_started_by_an_unqualified_worker(action):
    if action.petal in PETAL_WORK and action.responsible is not None \
            and not evaluate(action).blocked:
        work = WORK[PETAL_WORK[action.petal]]
        assert any(action.responsible.holds(kind) for kind in work.accepted) or (
            any(action.responsible.training_for(kind) for kind in work.training)
            and action.supervisor is not None
            and any(action.supervisor.holds(kind) for kind in work.training))
