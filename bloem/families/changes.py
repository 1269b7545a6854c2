"""Changing a record that already exists: no lost updates, and a visible history.

Every edit of a family, person, parent-child relation, stay, journal entry or form of help
goes through `tracked_update`, inside the service's transaction:

1. the row is read again and locked (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite runs
   every transaction as BEGIN IMMEDIATE, see settings) — so two saves are serialised;
2. the version the worker edited (a hidden form field, `version` in the API) must still be
   the row's version; otherwise the edit is refused with an `EditConflictError` that says who
   changed what meanwhile, and nothing is written (optimistic locking);
3. the fields that really differ are written on the fresh row (never on a stale copy, so
   fields the form does not show are never overwritten), the version goes up by one, and
   each changed field leaves a `Correction` with its earlier value;
4. one audit event records the change. A save that changes nothing writes nothing.
"""

from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from bloem.access import policy
from bloem.audit.models import Action
from bloem.audit.services import record as audit

from .models import Correction, display_value

M = TypeVar("M", bound=models.Model)


class EditConflictError(ValidationError):
    """The record was changed by someone else after the worker opened it. `current` is the
    record as it is now (for the form to show), `version` its version."""

    def __init__(self, message: str, *, current: models.Model):
        super().__init__(message, code="conflict")
        self.current = current
        self.version: int = current.version


def _field(model: type[models.Model], name: str) -> models.Field:
    return model._meta.get_field(name)


def _raw(instance: models.Model, field: models.Field):
    """The value to compare: the id for a relation (no query), else the value itself."""
    return getattr(instance, field.attname)


def _wanted(field: models.Field, value):
    if field.is_relation:
        return value.pk if isinstance(value, models.Model) else value
    return value


@transaction.atomic
def tracked_update(
    *,
    request: HttpRequest,
    instance: M,
    version: int,
    changes: Mapping[str, Any],
    family_id: int,
    person_id: int | None = None,
    reason: str = "",
) -> M:
    """Apply `changes` to the record `instance` stands for, if it is still at `version`;
    keep the earlier values as corrections; audit. Returns the record as saved."""
    model = type(instance)
    current = model._default_manager.select_for_update().get(pk=instance.pk)
    if current.version != version:
        raise conflict_for(request=request, current=current, version=version)
    changed = {}
    for name, value in changes.items():
        field = _field(model, name)
        if _raw(current, field) != _wanted(field, value):
            changed[name] = (Correction.as_text(getattr(current, name)),
                             Correction.as_text(value))
    if not changed:
        return current
    for name, value in changes.items():
        setattr(current, name, value)
    current.version = version + 1
    current.full_clean()
    current.save()
    protected = set(getattr(model, "PROTECTED_FIELDS", ()))
    now = timezone.now()
    Correction.objects.bulk_create(
        Correction(
            family_id=family_id, person_id=person_id, record_type=model._meta.label_lower,
            record_id=current.pk, field=name, old_value=old, new_value=new,
            protected=name in protected, version=current.version,
            changed_by=request.user, changed_at=now, reason=reason.strip(),
        )
        for name, (old, new) in changed.items()
    )
    audit(request=request, action=Action.UPDATE, record=current, family_id=family_id)
    return current


def _when(moment) -> str:
    local = timezone.localtime(moment)
    time = formats.time_format(local, "H:i")
    if local.date() == timezone.localdate():
        return _("at %(time)s") % {"time": time}
    return _("on %(date)s at %(time)s") % {"date": formats.date_format(local.date()),
                                            "time": time}


def conflict_for(*, request: HttpRequest, current: models.Model, version: int) -> EditConflictError:
    """The refusal of an edit made on `version` of a record that is now at
    `current.version`: who changed it meanwhile, when, and what the changed fields hold
    now — leaving out protected fields the worker may not see."""
    model = type(current)
    since = list(
        Correction.objects.filter(record_type=model._meta.label_lower, record_id=current.pk,
                                  version__gt=version)
        .select_related("changed_by")
        .order_by("changed_at", "id")
    )
    if not since:
        return EditConflictError(_(
            "This record has been changed by someone else in the meantime. Your change "
            "has not been saved; the form now shows the current values."
        ), current=current)
    may_see_protected = since[0].family_id in policy.protected_family_ids(
        request.user, [since[0].family_id])
    names: list[str] = []
    for correction in since:
        name = str(correction.changed_by)
        if name not in names:
            names.append(name)
    fields: list[str] = []
    hidden = False
    for name in dict.fromkeys(c.field for c in since):
        if name in getattr(model, "PROTECTED_FIELDS", ()) and not may_see_protected:
            hidden = True
            continue
        value = display_value(model, name, Correction.as_text(getattr(current, name)))
        fields.append(_("%(field)s is now “%(value)s”") % {
            "field": _field(model, name).verbose_name,
            "value": Truncator(value).chars(120),
        })
    if hidden:
        fields.append(_("protected details have changed"))
    return EditConflictError(_(
        "This record has been changed in the meantime by %(who)s %(when)s: %(changes)s. "
        "Your change has not been saved; the form now shows the current values."
    ) % {
        "who": ", ".join(names),
        "when": _when(since[-1].changed_at),
        "changes": "; ".join(fields),
    }, current=current)
