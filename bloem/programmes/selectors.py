"""Reads of group programmes and treatment, each in a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from bloem.access import policy
from bloem.catalogue.models import HelpForm

from .models import (
    PARTICIPANT_STATUSES,
    PLACE_STATUSES,
    Attendance,
    Enrolment,
    EnrolmentStatus,
    GroupRun,
    GroupSession,
    NikaJudgement,
    NikaTrajectory,
    SupervisedContact,
    TeacherAdvice,
    TraumaEpisode,
)


def _count(queryset, group: str):
    """A correlated COUNT subquery grouped by `group` (no row multiplication between
    several counts)."""
    return Coalesce(Subquery(queryset.order_by().values(group).annotate(c=Count("pk"))
                             .values("c")[:1], output_field=IntegerField()), 0)


def runs_overview(user, today: datetime.date):
    """The running and coming group runs at the worker's locations, with places taken,
    the waiting list, sessions held and the attendance rate (counts only: no client data)."""
    now = timezone.now()
    enrolments = Enrolment.objects.filter(run=OuterRef("pk"))
    attendance = Attendance.objects.filter(session__run=OuterRef("pk"))
    return (
        GroupRun.objects.visible_to(user).filter(ends_on__gte=today)
        .select_related("programme", "location")
        .annotate(
            taken=_count(enrolments.filter(status__in=PLACE_STATUSES), "run"),
            waiting=_count(enrolments.filter(status=EnrolmentStatus.WAITING), "run"),
            held=_count(GroupSession.objects.filter(run=OuterRef("pk"), starts_at__lte=now),
                        "run"),
            session_count=_count(GroupSession.objects.filter(run=OuterRef("pk")), "run"),
            recorded=_count(attendance, "session__run"),
            present=_count(attendance.filter(present=True), "session__run"),
        )
        .order_by("location__name", "starts_on", "name")
    )


def rate(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def participants(user, run: GroupRun):
    """The participants of a run whose family the worker may see — and where the family
    lives (protected): a group's location is where its participants stay."""
    return (Enrolment.objects.filter(run=run)
            .filter(policy.protected_visible_q(user, prefix="family__"))
            .select_related("person").order_by("status", "enrolled_on", "pk"))


def hidden_participants(user, run: GroupRun) -> int:
    return Enrolment.objects.filter(run=run).exclude(
        policy.protected_visible_q(user, prefix="family__")).count()


def session_attendance(run: GroupRun, enrolment_ids) -> dict[tuple[int, int], Attendance]:
    return {(a.session_id, a.enrolment_id): a for a in Attendance.objects.filter(
        session__run=run, enrolment_id__in=list(enrolment_ids))}


def attendance_participants(user, session: GroupSession):
    return participants(user, session.run).filter(status__in=PARTICIPANT_STATUSES)


@dataclass
class TimelineEntry:
    day: datetime.date
    end: datetime.date | None
    kind: str
    title: str
    detail: str
    status: str


def timeline(person) -> list[TimelineEntry]:
    """All help a person received, newest first: groups, NIKA, trauma treatment, supervised
    contact, advice to the school, and the forms of help of the flower."""
    entries: list[TimelineEntry] = []
    for e in Enrolment.objects.filter(person=person).select_related("run__programme"):
        detail = e.run.get_kind_display()
        if e.age_exception:
            detail += " · " + _("age exception: %(reason)s") % {"reason": e.age_exception}
        if e.drop_out_reason:
            detail += " · " + e.drop_out_reason
        entries.append(TimelineEntry(e.run.starts_on, e.ended_on or e.run.ends_on, _("Group"),
                                     f"{e.run.programme.name} – {e.run.name}", detail,
                                     e.get_status_display()))
    trajectories = NikaTrajectory.objects.filter(Q(child=person) | Q(parent=person)).select_related(
        "child", "parent").annotate(sessions_held=Count("sessions"))
    entries.extend(TimelineEntry(
        t.started_on, None, _("NIKA"), _("NIKA with %(other)s") % {
            "other": (t.parent if t.child_id == person.pk else t.child).full_name},
        _("%(count)s sessions") % {"count": t.sessions_held}, t.get_status_display())
        for t in trajectories)
    judgements = NikaJudgement.objects.filter(
        Q(trajectory__child=person) | Q(trajectory__parent=person)).select_related("stability")
    entries.extend(TimelineEntry(
        j.judged_on, None, _("NIKA"), _("NIKA judgement"),
        (_("the parent can change") if j.parent_can_change
         else _("the parent cannot change")) + " · " + (
            _("relationship sufficiently stable and safe") if j.stability.sufficient
            else _("relationship not yet stable and safe")), "")
        for j in judgements)
    episodes = TraumaEpisode.objects.filter(person=person).annotate(
        sessions_held=Count("sessions")).select_related("practitioner")
    entries.extend(TimelineEntry(
        t.started_on, t.ended_on, _("Trauma treatment"), t.get_method_display(),
        _("%(count)s sessions") % {"count": t.sessions_held}
        + (f" · {t.practitioner}" if t.practitioner_id else ""), t.get_status_display())
        for t in episodes)
    entries.extend(TimelineEntry(
        timezone.localtime(c.starts_at).date(), None, _("Supervised contact"),
        _("Supervised contact"), c.place, c.get_status_display())
        for c in SupervisedContact.objects.filter(Q(child=person) | Q(other_parent=person)))
    entries.extend(TimelineEntry(a.given_on, None, _("School and day care"),
                                 _("Advice to %(school)s") % {"school": a.school.name},
                                 a.school.contact_person, "")
                   for a in TeacherAdvice.objects.filter(school__child=person)
                   .select_related("school"))
    entries.extend(TimelineEntry(h.started_on, h.ended_on, _("Form of help"), h.petal.label,
                                 "", h.get_status_display())
                   for h in HelpForm.objects.filter(person=person).select_related("petal"))
    entries.sort(key=lambda e: e.day, reverse=True)
    return entries
