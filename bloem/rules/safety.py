"""Safety rules (issue 10): the safety plan after a red level and at its review date, an
expired police or court measure, and the Meldcode's decision framework (afwegingskader
2019, shared/docs/domain-rules.md section 3). Contact with the ex-partner while red is the
existing rule `contact.ex-partner` (bloem.rules.care): the safety app feeds it the current
level through `ContactExPartner`, it is not repeated here."""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from .engine import Finding, Rule, Severity, Text, check, finding, register

# -- facts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeepSafetyPlan:
    """The family's safety plan as it stands on `day`: the current level, since when it is
    red (the latest change to red; None when not red), the last review of the plan (None:
    no plan or never reviewed) and its planned next review."""

    day: datetime.date
    safety_level: str | None
    red_since: datetime.date | None = None
    has_plan: bool = False
    last_review: datetime.date | None = None
    next_review: datetime.date | None = None


@dataclass(frozen=True)
class KeepMeasure:
    """A police or court measure (restraining order, house ban, ...) on `day`."""

    kind_name: str
    ends_on: datetime.date | None
    day: datetime.date
    followed_up: bool = False


class Answer(StrEnum):
    YES = "yes"
    NO = "no"


class Unsafety(StrEnum):
    """Question 2 of the framework: acute and/or structural unsafety."""

    NONE = "none"
    ACUTE = "acute"
    STRUCTURAL = "structural"
    BOTH = "both"


class FrameworkOutcome(StrEnum):
    NO_SUSPICION = "no_suspicion"  # question 1: no → no report, the case closes
    REPORT = "report"  # question 2 yes, or 3, 4 or 5 no → report to Veilig Thuis
    HELP = "help"  # the professional gives or organises the help


@dataclass(frozen=True)
class Weighing:
    """The answers to the five questions of the decision framework; a question the
    framework does not reach stays None."""

    suspicion: Answer | None = None  # 1. suspicion of domestic violence / child abuse?
    unsafety: Unsafety | None = None  # 2. acute and/or structural unsafety?
    can_help: Answer | None = None  # 3. able to give or organise effective help?
    help_accepted: Answer | None = None  # 4. do those involved accept the help?
    help_works: Answer | None = None  # 5. does the help lead to the results in time?


class Decision(StrEnum):
    REPORT = "report"  # report to Veilig Thuis (possibly with own help alongside)
    HELP = "help"  # organise help, no report
    CLOSE = "close"  # no suspicion: no further Meldcode action


@dataclass(frozen=True)
class DecideMeldcode:
    """Step 5: the decision taken on the latest weighing."""

    weighing: Weighing | None
    decision: Decision


# -- the decision framework ----------------------------------------------------------------

QUESTIONS = ("suspicion", "unsafety", "can_help", "help_accepted", "help_works")


def required_questions(w: Weighing) -> tuple[str, ...]:
    """The questions the framework asks given the answers so far, in order: question 1
    always; 2 after a suspicion; 3 when there is no acute or structural unsafety; 4 when
    help is possible; 5 when it is accepted."""
    asked = ["suspicion"]
    if w.suspicion != Answer.YES:
        return tuple(asked)
    asked.append("unsafety")
    if w.unsafety != Unsafety.NONE:
        return tuple(asked)
    asked.append("can_help")
    if w.can_help != Answer.YES:
        return tuple(asked)
    asked.append("help_accepted")
    if w.help_accepted != Answer.YES:
        return tuple(asked)
    asked.append("help_works")
    return tuple(asked)


def missing_answers(w: Weighing) -> tuple[str, ...]:
    return tuple(q for q in required_questions(w) if getattr(w, q) is None)


def framework_outcome(w: Weighing) -> FrameworkOutcome | None:
    """What the framework says (None while a required answer is missing)."""
    if missing_answers(w):
        return None
    if w.suspicion == Answer.NO:
        return FrameworkOutcome.NO_SUSPICION
    if w.unsafety != Unsafety.NONE:
        return FrameworkOutcome.REPORT
    if Answer.NO in (w.can_help, w.help_accepted, w.help_works):
        return FrameworkOutcome.REPORT
    return FrameworkOutcome.HELP


# -- rules -----------------------------------------------------------------------------------

PLAN_AFTER_RED = "safety.plan-review-after-red"
PLAN_REVIEW_DUE = "safety.plan-review-due"
MEASURE_EXPIRED = "safety.measure-expired"
MELDCODE = "meldcode.decision-framework"

register(Rule(
    id=PLAN_AFTER_RED,
    title=Text(nl="Rood veiligheidsniveau: het veiligheidsplan opnieuw bekijken",
               en="Red safety level: review the safety plan"),
    explanation=Text(
        nl="Wordt het veiligheidsniveau rood (extreme dreiging, vlucht, politie betrokken), "
           "dan wordt het veiligheidsplan van het gezin met de cliënte opnieuw bekeken. Tot "
           "er een bespreking is vastgelegd op of na de dag dat het niveau rood werd, staat "
           "het gezin op de werklijst. Zonder plan: maak er een.",
        en="When the safety level turns red (extreme threat, flight, police involved), the "
           "family's safety plan is reviewed with the client. Until a review is recorded on "
           "or after the day the level turned red, the family is on the worklist. Without a "
           "plan: make one."),
    source="Method M-11 (Oranje Huis traffic light); domain-rules §4",
    applies_to=(KeepSafetyPlan,),
    messages={
        "red_no_plan": Text(nl="Het veiligheidsniveau is rood sinds {red_since} en er is "
                               "geen veiligheidsplan.",
                            en="The safety level is red since {red_since} and there is no "
                               "safety plan."),
        "red_not_reviewed": Text(nl="Het veiligheidsniveau is rood sinds {red_since}; het "
                                    "veiligheidsplan is sindsdien niet besproken.",
                                 en="The safety level is red since {red_since}; the safety "
                                    "plan has not been reviewed since."),
        "review": Text(nl="Bespreek het veiligheidsplan met de cliënte en leg de bespreking "
                          "vast.",
                       en="Review the safety plan with the client and record the review."),
    },
))

register(Rule(
    id=PLAN_REVIEW_DUE,
    title=Text(nl="Veiligheidsplan: bespreekdatum verstreken",
               en="Safety plan: review date passed"),
    explanation=Text(
        nl="Elk veiligheidsplan heeft een datum waarop het opnieuw besproken wordt. Is die "
           "datum voorbij zonder vastgelegde bespreking, dan staat het gezin op de werklijst.",
        en="Every safety plan has a date for its next review. When that date has passed "
           "without a recorded review, the family is on the worklist."),
    source="Method M-11; the review date is agreed in the plan itself",
    applies_to=(KeepSafetyPlan,),
    messages={
        "overdue": Text(nl="Het veiligheidsplan had op {next_review} besproken moeten "
                           "worden.",
                        en="The safety plan was due for review on {next_review}."),
        "review": Text(nl="Bespreek het veiligheidsplan en kies een nieuwe bespreekdatum.",
                       en="Review the safety plan and set a new review date."),
    },
))

register(Rule(
    id=MEASURE_EXPIRED,
    title=Text(nl="Verlopen maatregel van politie of rechter",
               en="Expired police or court measure"),
    explanation=Text(
        nl="Een maatregel (contactverbod, straatverbod, huisverbod, beschermingsbevel) "
           "heeft een einddatum. Is die voorbij en is niet vastgelegd wat er nu geldt "
           "(verlengd, vervangen of bewust beëindigd), dan is dat een taak op de werklijst: "
           "de bescherming kan zijn weggevallen.",
        en="A measure (contact ban, area ban, house ban, protection order) has an end date. "
           "When it has passed and nothing is recorded about what holds now (extended, "
           "replaced or deliberately ended), it is a task on the worklist: the protection "
           "may have lapsed."),
    source="Method M-11; Wet tijdelijk huisverbod (10 days, extendable to 4 weeks)",
    applies_to=(KeepMeasure,),
    messages={
        "expired": Text(nl="{measure} is op {ends_on} verlopen.",
                        en="{measure} expired on {ends_on}."),
        "follow_up": Text(nl="Ga na wat er nu geldt en leg het vast in het veiligheidsplan.",
                          en="Find out what holds now and record it in the safety plan."),
    },
))

register(Rule(
    id=MELDCODE,
    title=Text(nl="Meldcode: het afwegingskader beslist of er gemeld wordt",
               en="Meldcode: the decision framework decides on a report"),
    explanation=Text(
        nl="Stap 4 van de meldcode weegt met vijf vragen: (1) is er een vermoeden van "
           "huiselijk geweld of kindermishandeling? (2) is er acute en/of structurele "
           "onveiligheid? ja: melden bij Veilig Thuis; (3) kan ik effectieve hulp bieden of "
           "organiseren? (4) aanvaarden de betrokkenen die hulp? (5) leidt de hulp binnen de "
           "gewenste tijd tot de nodige resultaten? nee op 3, 4 of 5: melden. Zegt het "
           "kader melden, dan is het besluit in stap 5 een melding met datum en kenmerk; "
           "alleen hulp organiseren kan dan niet. Melden mag altijd.",
        en="Step 4 of the Meldcode weighs with five questions: (1) is there a suspicion of "
           "domestic violence or child abuse? (2) is there acute and/or structural "
           "unsafety? yes: report to Veilig Thuis; (3) can I give or organise effective "
           "help? (4) do those involved accept the help? (5) does the help lead to the "
           "necessary results in time? no to 3, 4 or 5: report. When the framework says "
           "report, the decision of step 5 is a report with its date and reference; only "
           "organising help is not possible then. Reporting is always allowed."),
    source="Meldcode huiselijk geweld en kindermishandeling, afwegingskader 2019 "
           "(Besluit verplichte meldcode, art. 2); domain-rules §3",
    applies_to=(DecideMeldcode,),
    messages={
        "not_weighed": Text(nl="Het afwegingskader (stap 4) is nog niet volledig ingevuld.",
                            en="The decision framework (step 4) is not complete yet."),
        "weigh": Text(nl="Beantwoord eerst de vragen van het afwegingskader.",
                      en="First answer the questions of the decision framework."),
        "must_report": Text(nl="Volgens het afwegingskader moet er gemeld worden bij "
                               "Veilig Thuis.",
                            en="According to the decision framework a report to Veilig "
                               "Thuis is required."),
        "report": Text(nl="Kies voor melden en leg de melding vast (datum en kenmerk).",
                       en="Choose to report and record the report (date and reference)."),
        "suspicion": Text(nl="Er is volgens het afwegingskader een vermoeden; de zaak kan "
                             "niet zonder vervolg gesloten worden.",
                          en="According to the decision framework there is a suspicion; "
                             "the case cannot be closed without follow-up."),
        "help_or_report": Text(nl="Kies voor hulp organiseren of melden.",
                               en="Choose to organise help or to report."),
    },
))


@check(KeepSafetyPlan)
def plan_after_red(action: KeepSafetyPlan) -> list[Finding]:
    if action.safety_level != "red" or action.red_since is None:
        return []
    if not action.has_plan:
        return [finding(PLAN_AFTER_RED, "red_no_plan", unblock="review",
                        red_since=action.red_since.isoformat())]
    if action.last_review is None or action.last_review < action.red_since:
        return [finding(PLAN_AFTER_RED, "red_not_reviewed", unblock="review",
                        red_since=action.red_since.isoformat())]
    return []


@check(KeepSafetyPlan)
def plan_review_due(action: KeepSafetyPlan) -> list[Finding]:
    if not action.has_plan or action.next_review is None or action.next_review >= action.day:
        return []
    return [finding(PLAN_REVIEW_DUE, "overdue", severity=Severity.WARN, unblock="review",
                    next_review=action.next_review.isoformat())]


@check(KeepMeasure)
def measure_expired(action: KeepMeasure) -> list[Finding]:
    if action.followed_up or action.ends_on is None or action.ends_on >= action.day:
        return []
    return [finding(MEASURE_EXPIRED, "expired", unblock="follow_up", measure=action.kind_name,
                    ends_on=action.ends_on.isoformat())]


@check(DecideMeldcode)
def meldcode_decision(action: DecideMeldcode) -> list[Finding]:
    if action.decision == Decision.REPORT:
        return []  # reporting is always allowed
    outcome = framework_outcome(action.weighing) if action.weighing else None
    if outcome is None:
        return [finding(MELDCODE, "not_weighed", unblock="weigh")]
    if outcome == FrameworkOutcome.REPORT:
        return [finding(MELDCODE, "must_report", unblock="report")]
    if action.decision == Decision.CLOSE and outcome != FrameworkOutcome.NO_SUSPICION:
        return [finding(MELDCODE, "suspicion", unblock="help_or_report")]
    return []
