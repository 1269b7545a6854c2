"""Reads of the safety app. Every list starts from what the worker may see
(`family_visible_q`), protected rows are left out for a worker who only serves the
ex-partner, and every page reads a fixed number of queries whatever the data size."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import get_language

from bloem.access import policy
from bloem.accounts.models import Worker
from bloem.core.links import link
from bloem.families.models import Family, SafetyAssessment, SafetyLevel, Stay
from bloem.rules import evaluate
from bloem.rules import safety as rules

from .models import (
    AlertSeen,
    ConsultationKind,
    MeldcodeCase,
    MeldcodeStep,
    PlanAgreement,
    PlanReview,
    ProtectiveMeasure,
    SafetyPlan,
)

RED = SafetyLevel.RED


def _language() -> str:
    return (get_language() or "nl")[:2]


# -- red alerts --------------------------------------------------------------------------------


def _later(level_q: Q) -> QuerySet:
    """Assessments of the same stay recorded after the outer one (by date, then time)."""
    return SafetyAssessment.objects.filter(level_q, stay=OuterRef("stay")).filter(
        Q(assessed_on__gt=OuterRef("assessed_on"))
        | Q(assessed_on=OuterRef("assessed_on"), recorded_at__gt=OuterRef("recorded_at")))


def current_red_starts() -> QuerySet[SafetyAssessment]:
    """For every stay that is red now, the assessment that made it red: a red assessment
    whose previous assessment was not red (or that is the first), with no assessment that
    is not red after it. One query, whatever the number of stays."""
    earlier = SafetyAssessment.objects.filter(stay=OuterRef("stay")).filter(
        Q(assessed_on__lt=OuterRef("assessed_on"))
        | Q(assessed_on=OuterRef("assessed_on"), recorded_at__lt=OuterRef("recorded_at")))
    return (
        SafetyAssessment.objects.filter(level=RED, stay__ended_on__isnull=True,
                                        stay__safety_level=RED)
        .annotate(previous=Subquery(earlier.order_by("-assessed_on", "-recorded_at")
                                    .values("level")[:1]))
        .filter(Q(previous__isnull=True) | ~Q(previous=RED))
        .exclude(Exists(_later(~Q(level=RED))))
    )


def _alerts(user, family_ids) -> QuerySet[SafetyAssessment]:
    """The current changes to red in these families, as far as the worker sees them
    (assigned workers and the location's team manager), each marked `seen` when the worker
    marked it so."""
    return (current_red_starts().filter(policy.family_visible_q(user, prefix="stay__family__"))
            .filter(stay__family_id__in=list(family_ids))
            .annotate(seen=Exists(AlertSeen.objects.filter(worker=user,
                                                           assessment=OuterRef("pk"))))
            .select_related("stay__family", "assessed_by")
            .only("assessed_on", "stay__family__name", "stay__family__reference",
                  *(f"assessed_by__{name}" for name in Worker.NAME_FIELDS))
            .order_by("-assessed_on", "-recorded_at"))


def _unseen(user, reds) -> list[SafetyAssessment]:
    """Of the changes to red, those the worker did not make and has not marked as seen."""
    return [red for red in reds if not red.seen and red.assessed_by_id != user.pk]


def alerts_for(user, family_ids) -> list[SafetyAssessment]:
    """The changes to red in the families the worker sees (assigned workers and the
    location's team manager), not yet marked as seen and not made by the worker."""
    return _unseen(user, _alerts(user, family_ids))


def worklist_safety(user, family_ids, today: datetime.date) -> dict:
    """The red alerts and the safety tasks of the worklist's families, from one read of
    their current changes to red (four queries)."""
    reds = list(_alerts(user, family_ids))
    red_since = {red.stay.family_id: red.assessed_on for red in reds}
    return {"alerts": _unseen(user, reds),
            "tasks": tasks(family_ids, today, red_since=red_since)}


# -- tasks of the rule engine --------------------------------------------------------------


@dataclass
class Task:
    family: Family
    rule_id: str
    message: str
    unblock: str
    url: str


# What a task shows of its family (a link to the family's safety page, its name and
# file number): nothing else of the family row is read.
_TASK_FAMILY = ("family_id", "family__name", "family__reference")


def tasks(family_ids, today: datetime.date, *, red_since: dict | None = None) -> list[Task]:
    """What the safety rules ask in these families: a plan review after a change to red or
    past its date, and expired measures without follow-up. Three queries (two when the
    caller read the current changes to red: family id → since when)."""
    family_ids = list(family_ids)
    language = _language()
    if red_since is None:
        red_since = dict(current_red_starts().filter(stay__family_id__in=family_ids)
                         .values_list("stay__family_id", "assessed_on"))
    # The plan by its one-to-one join, the last review by a subquery: no GROUP BY over
    # every column of the stay and its family. Of the family only what a task shows.
    stays = (Stay.objects.filter(family_id__in=family_ids, ended_on__isnull=True)
             .select_related("family").only(*_TASK_FAMILY, "safety_level")
             .annotate(plan_id=F("family__safety_plan"),
                       next_review=F("family__safety_plan__next_review_on"),
                       last_review=Subquery(
                           PlanReview.objects.filter(family=OuterRef("family_id"))
                           .order_by("-reviewed_on").values("reviewed_on")[:1])))
    result = []
    for stay in stays:
        verdict = evaluate(rules.KeepSafetyPlan(
            day=today, safety_level=stay.safety_level, red_since=red_since.get(stay.family_id),
            has_plan=stay.plan_id is not None, last_review=stay.last_review,
            next_review=stay.next_review))
        result.extend(Task(stay.family, f.rule_id, f.message(language), f.resolution(language),
                           link("safety:plan_review", stay.family_id))
                      for f in verdict.findings)
    measures = (ProtectiveMeasure.objects.filter(family_id__in=family_ids, ends_on__lt=today,
                                                 followed_up_on__isnull=True)
                .select_related("family").only(*_TASK_FAMILY, "kind", "ends_on"))
    for measure in measures:
        verdict = evaluate(rules.KeepMeasure(kind_name=measure.get_kind_display(),
                                             ends_on=measure.ends_on, day=today))
        result.extend(Task(measure.family, f.rule_id, f.message(language),
                           f.resolution(language),
                           link("safety:measure_follow_up", measure.family_id))
                      for f in verdict.findings)
    return sorted(result, key=lambda t: (t.family.name, t.family.reference, t.rule_id))


# -- the Meldcode ----------------------------------------------------------------------------


def cases_visible_to(user) -> QuerySet[MeldcodeCase]:
    """Meldcode cases are about suspected violence: never shown to a worker who only
    serves the ex-partner."""
    return MeldcodeCase.objects.filter(policy.family_visible_q(user, prefix="family__")).filter(
        policy.protected_visible_q(user, prefix="family__"))


def current_step(case: MeldcodeCase, consultations, weighings) -> int | None:
    """The step the case is in (None once decided)."""
    if not case.is_open:
        return None
    if not any(c.kind == ConsultationKind.COLLEAGUE for c in consultations):
        return MeldcodeStep.CONSULT
    if not case.talk_done:
        return MeldcodeStep.TALK
    if not weighings:
        return MeldcodeStep.WEIGH
    return MeldcodeStep.DECIDE


def case_detail(user, pk: int) -> MeldcodeCase:
    case = policy.get_visible_or_404(
        MeldcodeCase.objects.select_related("family", "person", "opened_by", "decided_by"),
        user, pk=pk)
    if not policy.can_see_protected(user, case.family):
        from django.http import Http404

        raise Http404
    case.consultation_list = list(case.consultations.select_related("recorded_by"))
    case.weighing_list = list(case.weighings.select_related("weighed_by"))
    case.step = current_step(case, case.consultation_list, case.weighing_list)
    case.latest_weighing = case.weighing_list[0] if case.weighing_list else None
    return case


# -- the family's safety page ------------------------------------------------------------------


@dataclass
class Event:
    day: datetime.date
    kind: str
    text: str
    level: str = ""


@dataclass
class FamilySafety:
    stay: Stay | None
    assessments: list
    plan: SafetyPlan | None
    agreements: list
    contacts: list
    measures: list
    reviews: list
    cases: list
    alerts: list
    sees_protected: bool
    timeline: list = field(default_factory=list)


def family_safety(user, family: Family, today: datetime.date) -> FamilySafety:
    """Everything of the family's safety, as far as the worker may see it: a worker who
    only serves the ex-partner sees the levels and the measures, but no assessment details,
    no contacts, no agreement that reveals whereabouts, no measure conditions and no
    Meldcode case."""
    sees = policy.can_see_protected(user, family)
    stay = family.stays.filter(ended_on__isnull=True).first()
    assessments = list(
        SafetyAssessment.objects.filter(stay__family=family)
        .select_related("assessed_by", "detail")
        .prefetch_related("detail__child_signals__person")
        .order_by("-assessed_on", "-recorded_at"))
    plan = SafetyPlan.objects.filter(family=family).first()
    agreements, contacts, reviews = [], [], []
    if plan is not None:
        agreement_qs = PlanAgreement.objects.filter(plan=plan).select_related("recorded_by")
        if not sees:
            agreement_qs = agreement_qs.filter(reveals_whereabouts=False)
        agreements = list(agreement_qs)
        contacts = list(plan.contacts.all()) if sees else []
        reviews = list(plan.reviews.select_related("reviewed_by"))
    measures = list(family.protective_measures.all())
    cases = list(
        MeldcodeCase.objects.filter(family=family).select_related("person")
        .prefetch_related(Prefetch("consultations"), Prefetch("weighings"))
    ) if sees else []
    for case in cases:
        case.step = current_step(case, list(case.consultations.all()),
                                 list(case.weighings.all()))
    result = FamilySafety(stay=stay, assessments=assessments, plan=plan,
                          agreements=agreements, contacts=contacts, measures=measures,
                          reviews=reviews, cases=cases,
                          alerts=alerts_for(user, [family.pk]), sees_protected=sees)
    result.timeline = _timeline(result)
    return result


def _timeline(data: FamilySafety) -> list[Event]:
    from django.utils.translation import gettext as _

    events = [Event(a.assessed_on, _("Safety assessment"), a.get_level_display(), a.level)
              for a in data.assessments]
    events += [Event(r.reviewed_on, _("Safety plan reviewed"), str(r.reviewed_by))
               for r in data.reviews]
    for m in data.measures:
        events.append(Event(m.starts_on, _("Measure started"), m.get_kind_display()))
        if m.ends_on:
            events.append(Event(m.ends_on, _("Measure ends"), m.get_kind_display()))
    for case in data.cases:
        events.append(Event(case.signals_on, _("Meldcode: signals mapped"), ""))
        if case.decided_on:
            events.append(Event(case.decided_on, _("Meldcode: decision"),
                                case.get_decision_display()))
    return sorted(events, key=lambda e: e.day, reverse=True)


# -- the overview per location -------------------------------------------------------------


@dataclass
class Overview:
    levels: dict[str, int]
    families: list
    tasks: list
    open_cases: list


def overview(user, *, location_id: int | None, level: str, today: datetime.date,
             limit: int = 100) -> Overview:
    """Per location: how many open stays are at each level, the families (at one level,
    or red first), the reviews and measures the rules ask for, and open Meldcode cases.
    Only locations whose stays the worker may know about (policy.location_choices)."""
    stays = Stay.objects.filter(ended_on__isnull=True).filter(
        policy.family_visible_q(user, prefix="family__"))
    if location_id is not None:
        stays = stays.filter(location_id=location_id).filter(
            policy.protected_visible_q(user, prefix="family__"))
    counts = Counter(dict(stays.values_list("safety_level").annotate(n=Count("pk"))
                          .values_list("safety_level", "n")))
    shown = stays.filter(safety_level=level) if level else stays
    families = list(shown.select_related("family").order_by(
        "-safety_level", "family__name")[:limit]) if level else list(
        shown.filter(safety_level=RED).select_related("family").order_by("family__name")[:limit])
    family_ids = stays.values_list("family_id", flat=True)
    open_cases = list(cases_visible_to(user).filter(decided_on__isnull=True,
                                                    family_id__in=family_ids)
                      .select_related("family").order_by("signals_on")[:limit])
    return Overview(levels={lvl: counts.get(lvl, 0) for lvl in SafetyLevel.values},
                    families=families, tasks=tasks(list(family_ids[:limit * 10]), today),
                    open_cases=open_cases)
