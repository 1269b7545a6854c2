"""Which petals the intake screening suggests to discuss in the joint analysis (M-12).

Pure rules over a child's latest screening results: a suggestion names a petal and the
reasons for it, and is never a decision — the shelter worker and the youth-care worker
accept or reject it (PetalSuggestionDecision). The rules are Bloem's own, written from the
method (method.md M-13, M-14, M-28, M-31, M-32, M-36), not from an instrument's manual;
change them here.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

TRAUMA_INSTRUMENTS = ("cries-13", "cries-8", "cats-7-17", "cats-caregiver-7-17",
                      "cats-caregiver-3-6")
SCHOOL_AGE = 4  # Dutch children go to school from 4

REASONS = {
    "trauma-screen-positive": _("The trauma screening is above its cut-off. Trauma "
                                "treatment starts only when the parent–child relationship "
                                "is stable and safe enough (M-32)."),
    "ptsd-signalled": _("Post-traumatic stress was signalled as a problem indicator."),
    "trauma-screen-moderate": _("The trauma screening shows moderate trauma-related "
                                "distress."),
    "early-life-stress": _("Four or more types of early-life stress are confirmed."),
    "behaviour-problems": _("Severe behaviour problems were signalled: look at the "
                            "parent–child interaction."),
    "contact-lost": _("The child has lost contact with a parent (separation, death or "
                      "abandonment)."),
    "school": _("A school-age child with trauma signals: advise the school or day care."),
}


@dataclass(frozen=True)
class Latest:
    """The latest result of one instrument for the child."""

    instrument: str
    total: float | None
    band: str
    flags: tuple[str, ...]
    answers: Mapping[str, int | None] = field(default_factory=dict)


@dataclass
class Suggestion:
    petal: str
    reasons: list[str]


def suggest(*, age: int | None, latest: Mapping[str, Latest]) -> list[Suggestion]:
    found: dict[str, list[str]] = {}

    def add(petal: str, reason: str) -> None:
        reasons = found.setdefault(petal, [])
        if reason not in reasons:
            reasons.append(reason)

    trauma = [latest[code] for code in TRAUMA_INSTRUMENTS if code in latest]
    positive = any(r.band == "probable-ptsd" or "probable-ptsd" in r.flags for r in trauma)
    if positive:
        add("child-trauma-treatment", "trauma-screen-positive")
    indicators = latest.get("problem-indicators")
    signalled = indicators.answers if indicators else {}
    if signalled.get("4") == 1:
        add("child-trauma-treatment", "ptsd-signalled")
    if any(r.band == "moderate" for r in trauma):
        add("toontje-veerkracht", "trauma-screen-moderate")
    stress = latest.get("early-life-stress")
    if stress and stress.total is not None and stress.total >= 4:
        add("toontje-veerkracht", "early-life-stress")
    if signalled.get("1") == 1:
        add("nika", "behaviour-problems")
    if stress and stress.answers.get("10") == 2:
        add("separation-contact", "contact-lost")
    if age is not None and age >= SCHOOL_AGE and (positive or signalled.get("1") == 1
                                                  or signalled.get("4") == 1):
        add("school-guidance", "school")
    return [Suggestion(petal, reasons) for petal, reasons in found.items()]
