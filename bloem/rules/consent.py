"""Consent for help to a minor (M-40; shared/docs/domain-rules.md §1).

Sources checked: Jeugdwet art. 7.3.4 (youth care: under 12 the parents with authority or
the guardian; 12–15 the child and those parents, lid 3 the exceptions of serious harm and
the persistent well-considered wish; a child not able to weigh its interests is
represented by them); BW 7:450 (WGBO, the same for medical treatment, lid 2 the
exceptions), 7:465 (representation of a child who is not competent), 7:447 (16 and over:
the child alone); BW 1:377c (a parent without authority is informed, not asked). A
decision that replaces a parent's consent is recorded with its reference: the juvenile
court deciding a dispute between parents with joint authority (BW 1:253a) or the certified
institution exercising authority under a supervision order with placement (BW 1:265e) —
checked against ECLI:NL:RBNNE:2023:2329, which applies 1:265e to consent for diagnostics.
"""

from dataclasses import dataclass
from enum import StrEnum

from .engine import Finding, Rule, Text, check, finding, register
from .facts import Consent, ConsentBasis, ConsentDecisionKind, ConsentFacts, Parent, StartHelp

UNDER_12 = "consent.under-12"
TWELVE_TO_15 = "consent.12-15"
SIXTEEN_PLUS = "consent.16-plus"
EXCEPTION = "consent.exception-12-15"
NOT_COMPETENT = "consent.not-competent"
REPLACED = "consent.replaced"
INFORMED = "consent.parent-without-authority"
WITHDRAWAL = "consent.withdrawal"

_MISSING = Text(nl="Toestemming ontbreekt nog van: {missing_names}.",
                en="Consent is still missing from: {missing_names}.")
_RECORD = Text(nl="Leg de toestemming van {missing_names} vast (per kind en per hulpvorm).",
               en="Record the consent of {missing_names} (per child and per form of help).")
_NO_AUTHORITY = Text(
    nl="Er is niemand met gezag of een voogd vastgelegd voor {child}.",
    en="Nobody with parental authority and no guardian is recorded for {child}.")
_RECORD_AUTHORITY = Text(
    nl="Leg het gezag van de ouders of de voogd vast, of een beslissing van de "
       "kinderrechter of de gecertificeerde instelling.",
    en="Record the parents' authority or the guardian, or a decision of the juvenile "
       "court or the certified institution.")

register(
    Rule(
        id=UNDER_12,
        title=Text(nl="Kind jonger dan 12: alle ouders met gezag stemmen toe",
                   en="Child under 12: every parent with authority consents"),
        explanation=Text(
            nl="Voor hulp aan een kind jonger dan 12 jaar geven alle ouders die het gezag "
               "hebben toestemming, of de voogd. Bij gezamenlijk gezag zijn dat beide "
               "ouders: ook vaders moeten altijd toestemming geven. De leeftijd telt op de "
               "dag dat de hulp begint, en opnieuw op elke dag dat de hulp loopt.",
            en="Help to a child under 12 needs the consent of every parent who holds "
               "parental authority, or of the guardian. With joint authority that is both "
               "parents: fathers too must always consent. The age counts on the day the "
               "help starts, and again on every day it runs."),
        source="Jeugdwet art. 7.3.4; BW 7:450, 7:465 (WGBO); method M-40",
        applies_to=(StartHelp,),
        messages={"missing": _MISSING, "record": _RECORD, "no_authority": _NO_AUTHORITY,
                  "record_authority": _RECORD_AUTHORITY},
    ),
    Rule(
        id=TWELVE_TO_15,
        title=Text(nl="Kind van 12 tot en met 15: het kind én de ouders met gezag",
                   en="Child aged 12 to 15: the child and the parents with authority"),
        explanation=Text(
            nl="Vanaf de 12e verjaardag geeft het kind zelf toestemming, en daarnaast alle "
               "ouders met gezag (of de voogd). Wordt een kind tijdens de hulp 12, dan is "
               "vanaf die dag ook zijn eigen toestemming nodig.",
            en="From its 12th birthday the child consents itself, and every parent with "
               "authority (or the guardian) as well. When a child turns 12 during the help, "
               "its own consent is needed from that day."),
        source="Jeugdwet art. 7.3.4; BW 7:450 lid 2 (WGBO)",
        applies_to=(StartHelp,),
        messages={"missing": _MISSING, "record": _RECORD, "no_authority": _NO_AUTHORITY,
                  "record_authority": _RECORD_AUTHORITY},
    ),
    Rule(
        id=SIXTEEN_PLUS,
        title=Text(nl="Jongere van 16 of 17: alleen de jongere zelf",
                   en="Young person of 16 or 17: the young person alone"),
        explanation=Text(
            nl="Vanaf de 16e verjaardag beslist de jongere zelf; de toestemming van de "
               "ouders is niet meer nodig.",
            en="From the 16th birthday the young person decides alone; the parents' "
               "consent is no longer needed."),
        source="Jeugdwet art. 7.3.4; BW 7:447, 7:450 (WGBO)",
        applies_to=(StartHelp,),
        messages={"missing": _MISSING, "record": _RECORD},
    ),
    Rule(
        id=EXCEPTION,
        title=Text(nl="12 tot en met 15: hulp zonder toestemming van de ouders",
                   en="12 to 15: help without the parents' consent"),
        explanation=Text(
            nl="Bij een kind van 12 tot en met 15 kan de hulp zonder toestemming van de "
               "ouders doorgaan als die kennelijk nodig is om ernstig nadeel voor het kind "
               "te voorkomen, of als het kind na de weigering van de ouders de hulp "
               "weloverwogen blijft wensen. Leg vast welke uitzondering, de afweging en wie "
               "oordeelde. De toestemming van het kind zelf blijft nodig.",
            en="For a child aged 12 to 15 help may go ahead without the parents' consent "
               "when it is manifestly necessary to prevent serious harm to the child, or "
               "when the child, after the parents refused, persists in a well-considered "
               "wish. Record which exception, the reasoning and who judged it. The child's "
               "own consent remains needed."),
        source="Jeugdwet art. 7.3.4 lid 3; BW 7:450 lid 2 (WGBO)",
        applies_to=(StartHelp,),
    ),
    Rule(
        id=NOT_COMPETENT,
        title=Text(nl="Kind niet in staat zijn belangen te waarderen: de ouders beslissen",
                   en="Child not able to weigh its interests: the parents decide"),
        explanation=Text(
            nl="Is een kind van 12 of ouder niet in staat tot een redelijke waardering van "
               "zijn belangen in deze zaak (wilsonbekwaam), dan geven de ouders met gezag "
               "of de voogd toestemming in zijn plaats. Leg het oordeel vast en wie het gaf.",
            en="When a child of 12 or older is judged not able to reasonably weigh its "
               "interests in this matter (not competent), the parents with authority or "
               "the guardian consent in its place. Record the judgement and who made it."),
        source="BW 7:465 (WGBO); Jeugdwet art. 7.3.4",
        applies_to=(StartHelp,),
        messages={"missing": _MISSING, "record": _RECORD, "no_authority": _NO_AUTHORITY,
                  "record_authority": _RECORD_AUTHORITY},
    ),
    Rule(
        id=REPLACED,
        title=Text(nl="Vervangende toestemming door een beslissing",
                   en="Consent replaced by a decision"),
        explanation=Text(
            nl="Een beslissing van de kinderrechter (bijvoorbeeld bij een geschil tussen "
               "ouders met gezamenlijk gezag) of van de gecertificeerde instelling die bij "
               "een ondertoezichtstelling met uithuisplaatsing het gezag deels uitoefent, "
               "kan de toestemming van een ouder vervangen. Die wordt vastgelegd als "
               "beslissing, met datum en kenmerk, niet als toestemming van de ouder.",
            en="A decision of the juvenile court (e.g. in a dispute between parents with "
               "joint authority) or of the certified institution that partly exercises "
               "authority under a supervision order with placement can replace a parent's "
               "consent. It is recorded as a decision, with its date and reference, not as "
               "the parent's consent."),
        source="BW 1:253a, 1:265e",
        applies_to=(StartHelp,),
    ),
    Rule(
        id=INFORMED,
        title=Text(nl="Ouder zonder gezag: geïnformeerd, niet gevraagd",
                   en="Parent without authority: informed, not asked"),
        explanation=Text(
            nl="Een ouder zonder gezag geeft geen toestemming. Op zijn verzoek krijgt hij "
               "informatie over het kind, tenzij dat het belang van het kind schaadt.",
            en="A parent without parental authority is not asked for consent. On request "
               "he receives information about the child, unless that harms the child's "
               "interest."),
        source="BW 1:377c",
        applies_to=(StartHelp,),
    ),
    Rule(
        id=WITHDRAWAL,
        title=Text(nl="Intrekken van toestemming: de hulp pauzeert",
                   en="Withdrawal of consent: the help pauses"),
        explanation=Text(
            nl="Toestemming kan altijd worden ingetrokken. De hulp pauzeert dan tot de "
               "toestemming weer compleet is.",
            en="Consent can be withdrawn at any time. The help then pauses until consent "
               "is complete again."),
        source="Jeugdwet art. 7.3.4; BW 7:450 (WGBO); domain-rules §1",
        applies_to=(StartHelp,),
        messages={
            "withdrawn": Text(nl="{who} heeft de toestemming ingetrokken.",
                              en="{who} has withdrawn consent."),
            "give_again": Text(nl="De hulp kan pas (weer) beginnen als {who} opnieuw "
                                  "toestemming geeft.",
                               en="The help can only (re)start when {who} consents again."),
        },
    ),
    Rule(
        id="consent.date-of-birth",
        title=Text(nl="Zonder geboortedatum geen toestemmingsregel",
                   en="No consent rule without a date of birth"),
        explanation=Text(
            nl="Wie toestemming geeft hangt af van de leeftijd van het kind op de dag. "
               "Zonder geboortedatum kan de hulp niet beginnen.",
            en="Who consents depends on the child's age on the day. Without a date of "
               "birth the help cannot start."),
        source="Jeugdwet art. 7.3.4; BW 7:450 (WGBO)",
        applies_to=(StartHelp,),
        messages={
            "unknown": Text(nl="De geboortedatum van {child} is niet bekend.",
                            en="The date of birth of {child} is not known."),
            "record": Text(nl="Leg de geboortedatum van {child} vast.",
                           en="Record the date of birth of {child}."),
        },
    ),
)


class Role(StrEnum):
    CHILD = "child"
    PARENT = "parent"
    GUARDIAN = "guardian"


class State(StrEnum):
    GIVEN = "given"
    REPLACED = "replaced"  # a decision of the court or the certified institution
    MISSING = "missing"
    WITHDRAWN = "withdrawn"


ROLE_TEXT = {
    Role.CHILD: Text(nl="het kind", en="the child"),
    Role.PARENT: Text(nl="ouder met gezag", en="parent with authority"),
    Role.GUARDIAN: Text(nl="voogd", en="guardian"),
}
STATE_TEXT = {
    State.GIVEN: Text(nl="gegeven", en="given"),
    State.REPLACED: Text(nl="vervangen door een beslissing", en="replaced by a decision"),
    State.MISSING: Text(nl="ontbreekt", en="missing"),
    State.WITHDRAWN: Text(nl="ingetrokken", en="withdrawn"),
}


@dataclass(frozen=True)
class Requirement:
    """One person whose consent the law requires, and where that consent stands."""

    person_id: int
    name: str
    role: Role
    state: State

    @property
    def satisfied(self) -> bool:
        return self.state in (State.GIVEN, State.REPLACED)

    def label(self, language: str = "nl") -> str:
        return f"{self.name} ({ROLE_TEXT[self.role](language)})"


@dataclass(frozen=True)
class ConsentStatus:
    """Who must consent to one form of help for one child on one day, and who did.
    `rule_id` is the rule that decides who must consent; `informed` the parents without
    authority (informed, not asked)."""

    child_id: int
    child_name: str
    age: int | None
    rule_id: str
    required: tuple[Requirement, ...]
    informed: tuple[Parent, ...]
    applied: tuple[str, ...]  # every rule that shaped the answer
    no_authority: bool = False

    @property
    def complete(self) -> bool:
        return (self.age is not None and not self.no_authority
                and all(r.satisfied for r in self.required))

    @property
    def missing(self) -> tuple[Requirement, ...]:
        return tuple(r for r in self.required if not r.satisfied)


def _state(person_id: int, consents: tuple[Consent, ...], day) -> State:
    mine = [c for c in consents if c.given_by == person_id]
    in_force = [c for c in mine if c.in_force_on(day)]
    if any(c.basis == ConsentBasis.GIVEN for c in in_force):
        return State.GIVEN
    if in_force:
        return State.REPLACED
    if any(c.withdrawn_by(day) for c in mine):
        return State.WITHDRAWN
    return State.MISSING


def consent_status(facts: ConsentFacts) -> ConsentStatus:
    """Who must consent on `facts.day`, and where each consent stands."""
    age = facts.age
    holders = tuple(p for p in facts.parents if p.has_authority or p.is_guardian)
    informed = tuple(p for p in facts.parents if not (p.has_authority or p.is_guardian))
    applied: list[str] = [INFORMED] if informed else []

    def parents() -> list[Requirement]:
        return [Requirement(p.id, p.name, Role.GUARDIAN if p.is_guardian else Role.PARENT,
                            _state(p.id, facts.consents, facts.day)) for p in holders]

    def child() -> Requirement:
        return Requirement(facts.child_id, facts.child_name, Role.CHILD,
                           _state(facts.child_id, facts.consents, facts.day))

    if age is None:
        return ConsentStatus(facts.child_id, facts.child_name, None, "consent.date-of-birth",
                             (), informed, ("consent.date-of-birth", *applied))
    not_competent = age >= 12 and facts.has_decision(ConsentDecisionKind.NOT_COMPETENT)
    if age < 12:
        rule_id, required = UNDER_12, parents()
    elif not_competent:
        rule_id, required = NOT_COMPETENT, parents()
    elif age < 16:
        rule_id = TWELVE_TO_15
        if (facts.has_decision(ConsentDecisionKind.SERIOUS_HARM)
                or facts.has_decision(ConsentDecisionKind.PERSISTENT_WISH)):
            required = [child()]
            applied.append(EXCEPTION)
        else:
            required = [child(), *parents()]
    else:
        rule_id, required = SIXTEEN_PLUS, [child()]
    if any(r.state == State.REPLACED for r in required):
        applied.append(REPLACED)
    if any(r.state == State.WITHDRAWN for r in required):
        applied.append(WITHDRAWAL)
    needs_parents = rule_id in (UNDER_12, NOT_COMPETENT) or (
        rule_id == TWELVE_TO_15 and EXCEPTION not in applied)
    return ConsentStatus(
        child_id=facts.child_id, child_name=facts.child_name, age=age, rule_id=rule_id,
        required=tuple(required), informed=informed, applied=(rule_id, *applied),
        no_authority=needs_parents and not holders,
    )


def _names(requirements) -> Text:
    return Text(nl=", ".join(r.label("nl") for r in requirements),
                en=", ".join(r.label("en") for r in requirements))


def consent_findings(status: ConsentStatus) -> list[Finding]:
    """The reasons consent blocks the help (empty when it is complete)."""
    if status.age is None:
        return [finding("consent.date-of-birth", "unknown", unblock="record",
                        child=status.child_name)]
    findings = []
    if status.no_authority:
        findings.append(finding(status.rule_id, "no_authority", unblock="record_authority",
                                child=status.child_name))
    missing = [r for r in status.required if r.state == State.MISSING]
    if missing:
        findings.append(finding(status.rule_id, "missing", unblock="record",
                                missing=tuple(r.person_id for r in missing),
                                missing_names=_names(missing)))
    withdrawn = [r for r in status.required if r.state == State.WITHDRAWN]
    if withdrawn:
        findings.append(finding(WITHDRAWAL, "withdrawn", unblock="give_again",
                                missing=tuple(r.person_id for r in withdrawn),
                                who=_names(withdrawn)))
    return findings


@check(StartHelp)
def start_help_consent(action: StartHelp) -> list[Finding]:
    if action.consent is None:  # an adult: not a rule of this engine
        return []
    return consent_findings(consent_status(action.consent))
