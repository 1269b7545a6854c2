"""Every write of the privacy app: legal holds, the purge of a file past its retention
period, and the audit entry of a right-of-access export. Each is atomic and records its
audit event in the same transaction."""

import datetime
import getpass
import socket
from collections import Counter
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from bloem.audit.models import Action, Channel
from bloem.audit.services import record as audit
from bloem.families.models import Family, Person

from . import retention
from .models import LegalHold


def _save(obj) -> None:
    obj.full_clean()
    obj.save()


def command_operator() -> str:
    """Who ran a management command, for the audit reason (NEN 7513: who): the operating
    system account and the host."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


# -- legal holds ------------------------------------------------------------------------


@transaction.atomic
def legal_hold_place(*, request: HttpRequest, reference: str, reason: str) -> LegalHold:
    """Hold a file: it is kept past its retention period until the hold is lifted."""
    family = Family.objects.filter(reference=reference.strip()).first()
    if family is None:
        raise ValidationError({"reference": _("There is no file with this file number.")})
    if LegalHold.objects.active().filter(family=family).exists():
        raise ValidationError({"reference": _("This file is already held.")})
    hold = LegalHold(family=family, reason=reason.strip(), placed_by=request.user)
    _save(hold)
    audit(request=request, action=Action.CREATE, record=hold, family_id=family.pk,
          reason="legal hold placed")
    return hold


@transaction.atomic
def legal_hold_lift(*, request: HttpRequest, hold_id: int) -> LegalHold:
    hold = LegalHold.objects.select_for_update().filter(pk=hold_id).first()
    if hold is None or not hold.is_active:
        raise ValidationError(_("This hold does not exist or has been lifted already."))
    hold.lifted_at = max(timezone.now(), hold.placed_at)
    hold.lifted_by = request.user
    _save(hold)
    audit(request=request, action=Action.UPDATE, record=hold, family_id=hold.family_id,
          reason="legal hold lifted")
    return hold


# -- retention --------------------------------------------------------------------------


@dataclass(frozen=True)
class Purged:
    reference: str
    end_of_care: datetime.date
    retention_until: datetime.date
    rows: dict[str, int]


def file_purge(*, row: dict, due, years: int, operator: str = "") -> Purged | None:
    """Delete one family's file — the family and everything under it — in one
    transaction with its audit entry. `row` is the file as `files_past_retention` listed
    it, `due` the run's `retention.past_retention` queryset: the file is checked again
    inside the transaction, and a file that changed, came back into care or got a hold
    since it was listed is left alone (None). Audit rows are never touched: they hold
    plain ids."""
    family_id = row["pk"]
    with transaction.atomic():
        # Lock the family row (PostgreSQL; SQLite's IMMEDIATE transaction locks the file).
        if not Family.objects.select_for_update().filter(pk=family_id).exists():
            return None
        if (not due.filter(pk=family_id).exists()
                or LegalHold.objects.active().filter(family_id=family_id).exists()):
            return None
        deleted: Counter[str] = Counter()
        for part in retention.FILE_PARTS:
            model = apps.get_model(part.model)
            _, counts = model._base_manager.filter(**{part.family_path: family_id}).delete()
            deleted.update(counts)
        _, counts = LegalHold.objects.filter(family_id=family_id,
                                             lifted_at__isnull=False).delete()
        deleted.update(counts)
        # The collector deletes (or sets to NULL) whatever else points at the family, and
        # refuses (ProtectedError) when an active hold appeared in the meantime.
        _, counts = Family.objects.filter(pk=family_id).delete()
        deleted.update(counts)
        until = retention.add_years(row["end_of_care"], years)
        audit(
            request=None, action=Action.DELETE, record_type="families.family",
            family_id=family_id, channel=Channel.COMMAND,
            subject_count=deleted.get("families.Person", 0) or 1,
            reason=(
                f"retention period ended on {until.isoformat()} (end of care "
                f"{row['end_of_care'].isoformat()}, {years} years); file {row['reference']} "
                f"purged by `bloem retention --apply`, run by {operator or command_operator()}"
                f"; rows deleted: {sum(deleted.values())}"
            ),
        )
        return Purged(reference=row["reference"], end_of_care=row["end_of_care"],
                      retention_until=until, rows=dict(deleted))


# -- right of access --------------------------------------------------------------------


def person_file_exported(*, request: HttpRequest, person: Person, file_format: str) -> None:
    """One EXPORT event per right-of-access export (AVG art. 15)."""
    with transaction.atomic():
        audit(request=request, action=Action.EXPORT, record=person,
              family_id=person.family_id, person_id=person.pk,
              reason=f"right of access (AVG art. 15): complete file as {file_format}")
