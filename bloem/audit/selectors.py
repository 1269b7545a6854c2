import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from bloem.access.models import EmergencyAccess

from .models import AccessEvent


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def search_events(*, worker: str = "", action: str = "", family_id: int | None = None,
                  person_id: int | None = None, date_from: datetime.date | None = None,
                  date_to: datetime.date | None = None) -> QuerySet[AccessEvent]:
    events = AccessEvent.objects.all()
    if worker:
        events = events.filter(actor_username__iexact=worker)
    if action:
        events = events.filter(action=action)
    if family_id:
        events = events.filter(family_id=family_id)
    if person_id:
        events = events.filter(Q(person_id=person_id))
    if date_from:
        events = events.filter(at__gte=_day_start(date_from))
    if date_to:
        events = events.filter(at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    return events


def access_report(*, person) -> QuerySet[AccessEvent]:
    """Chronological: who looked at or changed this person's file."""
    return AccessEvent.objects.about_person(person.pk, person.family_id).order_by("at", "id")


def with_emergency_reasons(events: list[AccessEvent]) -> list[AccessEvent]:
    """Give every break-the-glass event its `emergency_reason`: the reason of the
    emergency access that ran at that moment. The reason is free text that may name a
    place, so it lives encrypted on the EmergencyAccess only, never in the clear in the
    access log (which no key rotation may rewrite). One query."""
    glass = [e for e in events if e.break_glass]
    accesses = list(EmergencyAccess.objects.filter(
        worker_id__in={e.actor_id for e in glass}, family_id__in={e.family_id for e in glass},
    )) if glass else []
    for event in events:
        event.emergency_reason = next(
            (a.reason for a in accesses
             if a.worker_id == event.actor_id and a.family_id == event.family_id
             and a.started_at <= event.at < a.expires_at),
            "",
        ) if event.break_glass else ""
    return events


def emergency_accesses() -> QuerySet[EmergencyAccess]:
    """Every emergency access (break the glass), newest first, for the privacy officer."""
    return EmergencyAccess.objects.select_related("worker", "worker__organisation").order_by(
        "-started_at", "-id"
    )
