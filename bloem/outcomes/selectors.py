"""Reads of outcomes, each in a fixed number of queries: the due and overdue measurements
of a worker's caseload, and a person's progress per instrument with the RCI."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Q
from django.utils import timezone

from bloem.access import policy
from bloem.catalogue.models import HelpForm
from bloem.families.models import Assignment, Person
from bloem.screening import engine
from bloem.screening.models import Moment, Response
from bloem.screening.selectors import label

from . import stats
from .cohort import clinical_cutoff, norms
from .models import Anchor, MeasurementSchedule

HORIZON = datetime.timedelta(days=400)  # forms of help ended longer ago are not scanned
DUE, OVERDUE = "due", "overdue"


@dataclass
class DueMeasurement:
    person: Person
    help_form: HelpForm
    schedule: MeasurementSchedule
    instrument: engine.Instrument
    due_on: datetime.date
    status: str  # DUE or OVERDUE

    @property
    def instrument_name(self) -> str:
        return label(self.instrument.data["name"])

    @property
    def overdue(self) -> bool:
        return self.status == OVERDUE


def _taken(schedule: MeasurementSchedule, codes: set[str], since: datetime.date,
           taken: list[tuple]) -> bool:
    return any(code in codes and informant == schedule.informant
               and moment == schedule.moment and day >= since
               for code, informant, moment, day in taken)


def measurements_for(help_forms, schedules, responses, today: datetime.date
                     ) -> list[DueMeasurement]:
    """The pure part: help forms × schedules → what is due or overdue and not taken."""
    by_petal: dict[str, list[MeasurementSchedule]] = defaultdict(list)
    for schedule in schedules:
        by_petal[schedule.petal_id].append(schedule)
    taken: dict[int, list[tuple]] = defaultdict(list)
    for person_id, code, informant, moment, day in responses:
        taken[person_id].append((code, informant, moment, day))
    result = []
    for help_form in help_forms:
        for schedule in by_petal.get(help_form.petal_id, ()):
            anchor = (help_form.started_on if schedule.anchor == Anchor.HELP_START
                      else help_form.ended_on)
            if anchor is None:
                continue
            due_on = anchor + datetime.timedelta(days=schedule.offset_days)
            window = datetime.timedelta(days=schedule.window_days)
            if today < due_on - window:
                continue
            age = help_form.person.age_on(due_on)
            instrument = engine.choose(schedule.instrument_family, age=age,
                                       informant=schedule.informant)
            if instrument is None:
                continue
            codes = set(schedule.codes())
            if _taken(schedule, codes, help_form.started_on - window,
                      taken[help_form.person_id]):
                continue
            status = OVERDUE if today > due_on + window else DUE
            result.append(DueMeasurement(help_form.person, help_form, schedule, instrument,
                                         due_on, status))
    result.sort(key=lambda m: (m.due_on, m.person.pk, m.schedule.pk))
    return result


def due_measurements(user, *, person: Person | None = None,
                     today: datetime.date | None = None,
                     help_forms: list[HelpForm] | None = None) -> list[DueMeasurement]:
    """The measurements due or overdue in the user's own caseload (the families with an
    open assignment; only the assigned person where the assignment names one), or for one
    person the user can see. Three queries, whatever the caseload. `help_forms`: all forms
    of help of `person`, access-checked, with person, family and petal, when the caller has
    them already (one query fewer)."""
    today = today or timezone.localdate()
    schedules = list(MeasurementSchedule.objects.active())
    if not schedules:
        return []
    if help_forms is not None:
        scheduled = {s.petal_id for s in schedules}
        return _due(schedules, [
            h for h in help_forms if h.petal_id in scheduled
            and (h.ended_on is None or h.ended_on >= today - HORIZON)], today)
    help_forms = HelpForm.objects.filter(policy.family_visible_q(user, prefix="family__"))
    if person is not None:
        help_forms = help_forms.filter(person=person)
    else:
        assignments = Assignment.objects.filter(worker=user).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        help_forms = help_forms.filter(
            Q(family_id__in=assignments.filter(person__isnull=True).values("family_id"))
            | Q(person_id__in=assignments.filter(person__isnull=False).values("person_id")))
    help_forms = list(
        help_forms.filter(petal_id__in={s.petal_id for s in schedules})
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today - HORIZON))
        .select_related("person", "family", "petal")
    )
    return _due(schedules, help_forms, today)


def _due(schedules: list[MeasurementSchedule], help_forms: list[HelpForm],
         today: datetime.date) -> list[DueMeasurement]:
    if not help_forms:
        return []
    codes = {code for s in schedules for code in s.codes()}
    responses = Response.objects.filter(
        person_id__in={h.person_id for h in help_forms}, instrument__in=codes
    ).values_list("person_id", "instrument", "informant", "moment", "administered_on")
    return measurements_for(help_forms, schedules, list(responses), today)


# -- a person's progress -------------------------------------------------------------------


@dataclass
class Point:
    day: datetime.date
    moment: str
    moment_label: str
    total: float


@dataclass
class Change:
    """T0 compared with one later measurement."""

    point: Point
    change: float
    rci: float | None
    classification: str | None


@dataclass
class Progress:
    code: str
    informant: str
    informant_label: str
    name: str
    instrument: engine.Instrument | None
    points: list[Point] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    cutoff: float | None = None
    rci_reason: str = ""

    @property
    def baseline(self) -> Point | None:
        return next((p for p in self.points if p.moment == Moment.T0), None)


def progress_for(person: Person) -> list[Progress]:
    """Per instrument and informant: the scores over time, and T0 against every later
    measurement with the RCI where the definition carries norms. One query."""
    rows = Response.objects.filter(person=person, complete=True, total__isnull=False).order_by(
        "instrument", "informant", "administered_on", "id")
    moments = dict(Moment.choices)
    grouped: dict[tuple[str, str], Progress] = {}
    for response in rows:
        key = (response.instrument, response.informant)
        if key not in grouped:
            instrument = engine.get(response.instrument)
            grouped[key] = Progress(
                code=response.instrument, informant=response.informant,
                informant_label=response.get_informant_display(),
                name=label(instrument.data["name"]) if instrument else response.instrument,
                instrument=instrument,
                cutoff=clinical_cutoff(instrument) if instrument else None)
        grouped[key].points.append(Point(response.administered_on, response.moment,
                                         str(moments.get(response.moment, response.moment)),
                                         float(response.total)))
    for progress in grouped.values():
        found = norms(progress.instrument) if progress.instrument else None
        if not found:
            progress.rci_reason = "no-norms"
        baseline = progress.baseline
        if baseline is None:
            continue
        later = [p for p in progress.points if p.day > baseline.day and p.moment != Moment.T0]
        if not later:
            continue
        after = np.array([p.total for p in later])
        before = np.full(after.shape, baseline.total)
        rci = classes = None
        if found:
            rci = stats.reliable_change_index(before, after, sd=found["sd"],
                                              reliability=found["reliability"])
            classes = stats.classify(before, after, sd=found["sd"],
                                     reliability=found["reliability"], cutoff=progress.cutoff)
        for index, point in enumerate(later):
            progress.changes.append(Change(
                point, point.total - baseline.total,
                None if rci is None else round(float(rci[index]), 2),
                None if classes is None else str(classes[index])))
    return sorted(grouped.values(), key=lambda p: (p.name, p.informant))
