"""Reads of screening, each in a fixed number of queries."""

import json
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import get_language

from bloem.catalogue.models import Petal
from bloem.families.models import Family, FamilyRole, Person

from . import engine
from .models import PetalSuggestionDecision, Response
from .suggestions import TRAUMA_INSTRUMENTS, Latest, Suggestion, suggest

HISTORY_LIMIT = 50


@dataclass
class ScoreRow:
    """A response as the person page shows it."""

    response: Response
    name: str
    band_label: str
    flag_labels: list[str]
    alert_labels: list[str]


def _language() -> str:
    return (get_language() or "nl")[:2]


def label(texts: dict | None) -> str:
    """A definition's text in the current language, else in the other one."""
    if not texts:
        return ""
    return texts.get(_language()) or texts.get("en") or next(iter(texts.values()))


def score_row(response: Response) -> ScoreRow:
    instrument = engine.get(response.instrument)
    if instrument is None:  # a definition removed after the response was saved
        return ScoreRow(response, response.instrument, response.band, list(response.flags), [])
    flag_labels = instrument.flag_labels()
    alerts = instrument.alert_flags()
    return ScoreRow(
        response=response,
        name=label(instrument.data["name"]),
        band_label=label(instrument.band_labels().get(response.band)) if response.band else "",
        flag_labels=[label(flag_labels.get(f)) or f for f in response.flags if f not in alerts],
        alert_labels=[label(flag_labels.get(f)) or f for f in response.flags if f in alerts],
    )


def responses_for_person(person: Person) -> list[ScoreRow]:
    """The person's responses, newest first (one query)."""
    rows = Response.objects.filter(person=person).select_related("entered_by")[:HISTORY_LIMIT]
    return [score_row(response) for response in rows]


def instruments_for(person: Person) -> list[engine.Instrument]:
    """The instruments that fit the person's age today (any informant)."""
    age = person.age_on(timezone.localdate())
    return [i for i in engine.registry().values() if age is None or i.accepts_age(age)]


@dataclass
class ChildScreening:
    child: Person
    age: int | None
    latest: dict[str, Response] = field(default_factory=dict)
    suggestions: list[tuple[Suggestion, Petal | None, PetalSuggestionDecision | None]] = (
        field(default_factory=list))

    @property
    def early_life_stress(self) -> Response | None:
        return self.latest.get("early-life-stress")

    @property
    def els_confirmed(self) -> int | None:
        response = self.early_life_stress
        return int(response.total) if response and response.total is not None else None

    @property
    def els_any(self) -> int | None:
        response = self.early_life_stress
        return response.subscales.get("confirmed-or-suspected") if response else None

    @property
    def problem_indicators(self) -> Response | None:
        return self.latest.get("problem-indicators")

    @property
    def trauma(self) -> list[ScoreRow]:
        return [score_row(self.latest[c]) for c in TRAUMA_INSTRUMENTS if c in self.latest]

    @property
    def signalled_indicators(self) -> list[str]:
        response = self.problem_indicators
        instrument = engine.get("problem-indicators")
        if response is None or instrument is None:
            return []
        answers = json.loads(response.answers or "{}")
        return [label(item.get("text")) for item in instrument.items
                if answers.get(item["id"]) == 1]


def intake_overview(family: Family) -> list[ChildScreening]:
    """Per child: the latest early-life stress, problem indicators and trauma screening,
    and the petals suggested with the workers' latest decision. Four queries."""
    today = timezone.localdate()
    children = list(family.members.filter(family_role=FamilyRole.CHILD))
    codes = ("early-life-stress", "problem-indicators", *TRAUMA_INSTRUMENTS)
    responses = Response.objects.filter(family=family, person__in=children,
                                        instrument__in=codes).order_by("-administered_on",
                                                                       "-id")
    latest: dict[int, dict[str, Response]] = {}
    for response in responses:
        latest.setdefault(response.person_id, {}).setdefault(response.instrument, response)
    decisions: dict[tuple[int, str], PetalSuggestionDecision] = {}
    for decided in PetalSuggestionDecision.objects.filter(family=family).select_related(
            "decided_by"):
        decisions.setdefault((decided.person_id, decided.petal_id), decided)
    petals = {petal.code: petal for petal in Petal.objects.all()}
    overview = []
    for child in children:
        mine = latest.get(child.pk, {})
        age = child.age_on(today)
        facts = {
            code: Latest(code, float(r.total) if r.total is not None else None, r.band,
                         tuple(r.flags), json.loads(r.answers or "{}"))
            for code, r in mine.items()
        }
        overview.append(ChildScreening(
            child=child, age=age, latest=mine,
            suggestions=[(s, petals.get(s.petal), decisions.get((child.pk, s.petal)))
                         for s in suggest(age=age, latest=facts)],
        ))
    return overview
