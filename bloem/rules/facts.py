"""The facts the rules judge: plain, immutable dataclasses without Django. The Django side
(bloem.consent.facts) builds them from the database; tests build them by hand."""

import datetime
from dataclasses import dataclass, field
from enum import StrEnum


def age_on(born: datetime.date, day: datetime.date) -> int:
    """Age in whole years on `day`; a birthday counts from the day itself (a child born on
    29 February turns a year older on 1 March in other years)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


# -- consent ------------------------------------------------------------------------------


class ConsentBasis(StrEnum):
    """How a consent came about: given by the person, or replaced by a decision."""

    GIVEN = "given"
    COURT_DECISION = "court_decision"  # juvenile court (e.g. BW 1:253a, dispute over authority)
    GI_DECISION = "gi_decision"  # certified institution exercising authority (BW 1:265e)


class ConsentDecisionKind(StrEnum):
    """A recorded judgement that changes who must consent (12 and older)."""

    SERIOUS_HARM = "serious_harm"  # Jeugdwet 7.3.4 lid 3 / WGBO 7:450 lid 2 (12–15)
    PERSISTENT_WISH = "persistent_wish"  # idem: the child's persistent, well-considered wish
    NOT_COMPETENT = "not_competent"  # WGBO 7:465, Jeugdwet 7.3.4 (wilsonbekwaam)


@dataclass(frozen=True)
class Parent:
    """A parent (or guardian) of the child, with or without parental authority (gezag)."""

    id: int
    name: str
    has_authority: bool
    is_guardian: bool = False


@dataclass(frozen=True)
class Consent:
    """A consent for this child and this help, by `given_by` (a person id)."""

    given_by: int
    given_on: datetime.date
    basis: ConsentBasis = ConsentBasis.GIVEN
    withdrawn_on: datetime.date | None = None

    def in_force_on(self, day: datetime.date) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)

    def withdrawn_by(self, day: datetime.date) -> bool:
        return self.withdrawn_on is not None and self.withdrawn_on <= day


@dataclass(frozen=True)
class ConsentDecision:
    kind: ConsentDecisionKind
    decided_on: datetime.date


@dataclass(frozen=True)
class ConsentFacts:
    """Everything that decides who must consent to one form of help for one child on
    `day`."""

    child_id: int
    child_name: str
    date_of_birth: datetime.date | None
    day: datetime.date
    parents: tuple[Parent, ...] = ()
    consents: tuple[Consent, ...] = ()
    decisions: tuple[ConsentDecision, ...] = ()

    @property
    def age(self) -> int | None:
        return age_on(self.date_of_birth, self.day) if self.date_of_birth else None

    def has_decision(self, kind: ConsentDecisionKind) -> bool:
        return any(d.kind == kind and d.decided_on <= self.day for d in self.decisions)


# -- workers and the work they are given --------------------------------------------------


@dataclass(frozen=True)
class Qualification:
    kind: str  # bloem.accounts.models.QualificationKind values
    in_training: bool = False


@dataclass(frozen=True)
class Worker:
    id: int
    name: str
    organisation_kind: str | None = None  # "shelter" | "youth_care" | "ggz"
    qualifications: tuple[Qualification, ...] = ()

    def holds(self, kind: str, *, trained: bool = True) -> bool:
        return any(q.kind == kind and (not trained or not q.in_training)
                   for q in self.qualifications)

    def training_for(self, kind: str) -> bool:
        return any(q.kind == kind and q.in_training for q in self.qualifications)


@dataclass(frozen=True)
class StabilityJudgement:
    """A recorded judgement of the parent–child relationship (M-32)."""

    judged_on: datetime.date
    sufficient: bool
    judged_by: Worker


@dataclass(frozen=True)
class ContactAgreement:
    """The client's recorded agreement to contact with the ex-partner (M-02)."""

    agreed_on: datetime.date
    withdrawn_on: datetime.date | None = None

    def in_force_on(self, day: datetime.date) -> bool:
        return self.agreed_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)


# -- the actions that can be proposed ------------------------------------------------------


@dataclass(frozen=True)
class StartHelp:
    """Start (or resume) a form of help from `petal` for one person on `day`.

    `consent` is None when the person receiving the help is an adult: the consent rules
    of this engine are those for minors. `responsible` is the worker who delivers it,
    `supervisor` the named supervisor of a practitioner in training."""

    petal: str
    day: datetime.date
    consent: ConsentFacts | None = None
    petal_name: str = ""  # as shown to the worker
    responsible: Worker | None = None
    supervisor: Worker | None = None
    family_phase: str | None = None  # "direct_safety" | "risk_driven" | "recovery"
    safety_level: str | None = None  # "green" | "orange" | "red" (current, open stay)
    contact_agreements: tuple[ContactAgreement, ...] = ()
    stability_judgements: tuple[StabilityJudgement, ...] = ()
    acknowledged: frozenset[str] = field(default_factory=frozenset)  # rule ids


@dataclass(frozen=True)
class AssignWork:
    """Give a worker a piece of work that needs a qualification (M-37)."""

    work: str  # a key of bloem.rules.care.WORK
    worker: Worker
    supervisor: Worker | None = None


@dataclass(frozen=True)
class ContactExPartner:
    """A worker contacts the (ex-)partner about the family (M-02)."""

    day: datetime.date
    safety_level: str | None
    agreements: tuple[ContactAgreement, ...] = ()


@dataclass(frozen=True)
class EnrolProgramme:
    """Enrol a child in a group programme starting on `starts_on` (M-28)."""

    programme: str  # a key of bloem.rules.care.PROGRAMMES
    child_name: str
    date_of_birth: datetime.date | None
    starts_on: datetime.date
    exception_reason: str = ""


@dataclass(frozen=True)
class StartTraumaTreatment:
    """Start trauma treatment of a child (M-32), e.g. from a programme of issue 7."""

    day: datetime.date
    stability_judgements: tuple[StabilityJudgement, ...] = ()


@dataclass(frozen=True)
class KeepPhase:
    """The family stays in its current chain phase on `day` (M-10): the last phase
    decision was on `decided_on`; the organisation reviews phases every `review_days`
    days (0: no review period)."""

    phase: str
    decided_on: datetime.date
    day: datetime.date
    review_days: int = 0


@dataclass(frozen=True)
class ShareSubject:
    """One person whose information a handover shares. For a minor, `consent` holds the
    child's facts with the consents to this sharing; for an adult it is None and
    `consented_by` lists who consented (person ids)."""

    person_id: int
    name: str
    consent: ConsentFacts | None = None
    consented_by: tuple[int, ...] = ()


@dataclass(frozen=True)
class ShareWithThirdParty:
    """Share information about these persons with a third party (a warm handover to the
    youth team of the new municipality, M-70) on `day`."""

    receiving_party: str
    day: datetime.date
    subjects: tuple[ShareSubject, ...] = ()
