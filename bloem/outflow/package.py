"""The handover package: what a warm handover shares about a family, as plain data.

It is the one contract between the file and its two renderings (the PDF for the receiving
team and the HL7 FHIR R4 Bundle in `bloem.interop`) and the import of such a Bundle into
another Bloem installation. `bloem.outflow.services.gather_package` fills it from the file,
with only the members and parts the worker chose; `bloem.interop.fhir` turns it into a
Bundle and a Bundle back into it, so a round trip must give an equal package.

Plain frozen dataclasses, no Django: the FHIR code and its tests need no database.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

# The parts a worker can choose per family member, in the order the PDF shows them.
PARTS = ("summary", "safety", "screening", "outcomes", "goals", "continuing_help", "consents")


@dataclass(frozen=True)
class Score:
    """A screening or outcome result (screening.Response) without its item answers."""

    instrument: str                 # the instrument code, e.g. "cries13"
    instrument_name: str
    version: str
    informant: str                  # screening.Informant value
    moment: str                     # screening.Moment value
    administered_on: datetime.date
    total: Decimal | None
    band: str = ""                  # e.g. "boven de afkapwaarde"
    subscales: tuple[tuple[str, Decimal], ...] = ()


@dataclass(frozen=True)
class Goal:
    """An open goal of the plan (planning.Goal)."""

    description: str
    petal_code: str | None
    started_on: datetime.date
    review_on: datetime.date
    status: str                     # planning.GoalStatus value
    actions: str = ""


@dataclass(frozen=True)
class ContinuingHelp:
    """Help that must go on after the stay (a form of help handed over)."""

    petal_code: str
    petal_name: str
    reason: str                     # what must continue and why
    started_on: datetime.date | None = None
    method: str = ""                # e.g. "emdr" for treatment (QualificationKind value)
    practitioner: str = ""          # the practitioner chosen from the network, if any


@dataclass(frozen=True)
class ConsentGiven:
    """A consent (consent.Consent) for help to this member."""

    petal_code: str
    given_by: str                   # member key of the person who gave it
    basis: str                      # consent.ConsentBasis value
    form: str                       # consent.ConsentForm value
    given_on: datetime.date
    withdrawn_on: datetime.date | None = None
    decision_reference: str = ""


@dataclass(frozen=True)
class Parent:
    """A parent of a child member, by member key."""

    member: str
    authority: bool                 # has parental authority (gezag)


@dataclass(frozen=True)
class Member:
    key: str                        # stable within the package: "m1", "m2", ...
    first_name: str
    last_name: str
    birth_date: datetime.date | None
    gender: str                     # families.Gender value
    family_role: str                # families.FamilyRole value
    parts: frozenset[str]           # a subset of PARTS chosen for this member
    parents: tuple[Parent, ...] = ()
    scores: tuple[Score, ...] = ()
    goals: tuple[Goal, ...] = ()
    continuing_help: tuple[ContinuingHelp, ...] = ()
    consents: tuple[ConsentGiven, ...] = ()


@dataclass(frozen=True)
class SafetyAgreement:
    text: str
    agreed_on: datetime.date


@dataclass(frozen=True)
class HandoverPackage:
    file_number: str
    organisation: str               # the shelter organisation handing over
    location: str                   # the shelter location (a site, not secret)
    stay_started_on: datetime.date
    outflow_on: datetime.date
    destination: str                # outflow.Destination value
    new_municipality_code: str      # CBS code; protected like an address
    receiving_party: str            # e.g. "Jeugdteam Utrecht-Noord"
    prepared_by: str                # the worker's name
    prepared_on: datetime.date
    summary: str = ""               # the worker's summary of the stay and the help
    safety_level: str = ""          # families.SafetyLevel value, "" when not shared
    safety_assessed_on: datetime.date | None = None
    safety_agreements: tuple[SafetyAgreement, ...] = ()
    members: tuple[Member, ...] = field(default_factory=tuple)

    def member(self, key: str) -> Member:
        return next(m for m in self.members if m.key == key)
