"""Writing the access log. Call `record` inside the same transaction as the write it
describes, and once for every page or API response that shows client data. An event about
a family that the worker has opened by breaking the glass is marked as such by `record`
itself, so that no caller can forget it."""

import hashlib

from django.db import models
from django.http import HttpRequest

from bloem.access.policy import emergency_expiry, grants

from .models import AccessEvent, Action, Channel


def _session_hash(request: HttpRequest | None) -> str:
    key = getattr(getattr(request, "session", None), "session_key", None)
    if not key:
        return ""
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _client_address(request: HttpRequest | None) -> str | None:
    """The client's address as the lockout sees it: behind BLOEM_TRUSTED_PROXY_COUNT
    reverse proxies from X-Forwarded-For, else the connection's own (never the proxy's)."""
    if request is None:
        return None
    from bloem.accounts.lockout import client_ip  # accounts' login stack; loaded on use

    return client_ip(request) or None


def roles_text(roles) -> str:
    """How an entry names the actor's roles: sorted and comma-separated."""
    return ",".join(sorted(roles))


def _event(
    *,
    request: HttpRequest | None,
    action: Action,
    record: models.Model | None = None,
    record_type: str = "",
    family_id: int | None = None,
    person_id: int | None = None,
    subject_count: int = 1,
    reason: str = "",
    channel: Channel | None = None,
    actor=None,
    break_glass: bool | None = None,
) -> AccessEvent:
    """The unsaved event; `record` and `record_each` write it."""
    actor = actor if actor is not None else getattr(request, "user", None)
    if record is not None:
        record_type = record_type or record._meta.label_lower
        family_id = family_id or _family_id_of(record)
        person_id = person_id or _person_id_of(record)
    if channel is None:
        path = getattr(request, "path", "") or ""
        channel = Channel.API if path.startswith("/api/") else Channel.UI
    authenticated = actor is not None and actor.is_authenticated
    if break_glass is None:
        break_glass = authenticated and emergency_expiry(actor, family_id) is not None
    return AccessEvent(
        actor_id=actor.pk if authenticated else None,
        actor_username=actor.get_username() if authenticated else "system",
        actor_roles=roles_text(grants(actor).roles) if authenticated else "",
        actor_organisation=(
            str(actor.organisation) if authenticated and actor.organisation_id else ""
        ),
        action=action,
        channel=channel,
        family_id=family_id,
        person_id=person_id,
        record_type=record_type,
        record_id=str(record.pk) if record is not None and record.pk is not None else "",
        subject_count=subject_count,
        ip_address=_client_address(request),
        session=_session_hash(request),
        reason=reason,
        break_glass=break_glass,
    )


def record(**kwargs) -> AccessEvent:
    """Append one access event. `record` names the row acted on; the family and person are
    derived from it where it has them. `break_glass` is found out when not given: true
    while the actor has an active emergency access to the family (one cached query per
    request, see policy.emergency_expiries). Arguments: those of `_event`."""
    event = _event(**kwargs)
    event.save()
    return event


def record_each(*, family_counts: dict[int, int], **kwargs) -> list[AccessEvent]:
    """One event per family shown on a page of many families (a group, a session), with
    how many of its members were shown, in one INSERT."""
    return AccessEvent.objects.bulk_create([
        _event(family_id=family_id, subject_count=count, **kwargs)
        for family_id, count in family_counts.items()
    ])


def _family_id_of(record: models.Model) -> int | None:
    if record._meta.label_lower == "families.family":
        return record.pk
    if record._meta.label_lower == "families.parentchildrelation":
        return record.child.family_id
    return getattr(record, "family_id", None)


def _person_id_of(record: models.Model) -> int | None:
    if record._meta.label_lower == "families.person":
        return record.pk
    if record._meta.label_lower == "families.parentchildrelation":
        return record.child_id
    return getattr(record, "person_id", None)
