"""The iCalendar feed of a facilitator's group sessions (RFC 5545, with `icalendar`).

Authentication: a calendar app cannot log in, so the feed's address carries a secret
token (256 bits). Only its SHA-256 hash is stored; the worker replaces or revokes it on
the calendar page, and it stops working as soon as the worker is deactivated or no longer
holds a role that runs groups. The feed shows only the sessions of the groups the worker
facilitates, titled by programme, group name and theme, with the room: never a client's
name, nor the shelter's address (a calendar lives in another company's cloud)."""

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from bloem.access import policy

from .models import CalendarToken, GroupSession
from .services import token_hash

MAX_TOKEN_LENGTH = 100
# Sessions that ended longer ago than this are left out of the feed.
HISTORY = datetime.timedelta(days=90)


def feed_for_token(token: str) -> bytes | None:
    """The feed of the worker whose token this is, or None (unknown, revoked, inactive)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    row = CalendarToken.objects.filter(token_hash=token_hash(token)).select_related(
        "worker").first()
    if row is None or not row.worker.is_active or not policy.has_role_permission(
            row.worker, "programme.run"):
        return None
    return feed(row.worker)


def feed(worker) -> bytes:
    sessions = (GroupSession.objects.filter(run__facilitators__worker=worker,
                                            starts_at__gte=timezone.now() - HISTORY)
                .select_related("run__programme", "theme").order_by("starts_at"))
    calendar = Calendar()
    calendar.add("prodid", "-//Bloem//Groepsprogramma's//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Bloem")
    domain = getattr(settings, "BLOEM_CALENDAR_DOMAIN", "bloem.invalid")
    stamp = timezone.now()
    for session in sessions:
        event = Event()
        event.add("uid", f"group-session-{session.pk}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.starts_at + datetime.timedelta(minutes=session.minutes))
        title = f"{session.run.programme.name}: {session.run.name} ({session.number})"
        if session.theme_id:
            title += f" – {session.theme.label}"
        event.add("summary", title)
        if session.room:
            event.add("location", session.room)
        calendar.add_component(event)
    return calendar.to_ical()
