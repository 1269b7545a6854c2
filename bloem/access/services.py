"""Writes of the access app: breaking the glass."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from bloem.audit.models import Action
from bloem.audit.services import record as audit

from . import policy
from .models import EmergencyAccess


@transaction.atomic
def emergency_access_open(*, request: HttpRequest, reference: str,
                          reason: str) -> EmergencyAccess:
    """Open a family's file in an emergency for one hour (break the glass).

    The worker names the file by its exact number — there is no search, so nobody browses
    foreign families. An unknown number is answered plainly ("there is no file with this
    number"): the worker deliberately claims an emergency, every attempt that succeeds is
    reviewed, and a file number alone reveals nothing about a family. Refused: a family the
    worker can already see (nothing to break), and a family in which the worker has
    served only the other parent (their glass never breaks, see policy)."""
    user = request.user
    policy.require(user, "emergency.open")
    reference = (reference or "").strip().upper()
    reason = (reason or "").strip()
    Family = apps.get_model("families", "Family")
    family = Family.objects.filter(reference=reference).first() if reference else None
    if family is None:
        raise ValidationError({"reference": _("There is no file with this number.")})
    if Family.objects.filter(pk=family.pk).filter(policy.family_visible_q(user)).exists():
        until = policy.emergency_expiry(user, family.pk)
        if until is not None:
            raise ValidationError({"reference": _(
                "You already have emergency access to this file until %(time)s."
            ) % {"time": formats.time_format(timezone.localtime(until), "H:i")}})
        raise ValidationError({"reference": _(
            "You already have access to this file: open it from My families."
        )})
    if policy.has_served_other_parent(user, family):
        raise ValidationError({"reference": _(
            "You have worked with the other parent in this family, so emergency access to "
            "this file is not possible. Contact the family's team or the duty manager."
        )})
    now = timezone.now()
    access = EmergencyAccess(worker=user, family=family, family_reference=family.reference,
                             reason=reason, started_at=now,
                             expires_at=now + policy.EMERGENCY_DURATION)
    access.full_clean()
    access.save()
    policy.forget(user)
    # The reason stays on the (encrypted) EmergencyAccess; the event points at it.
    audit(request=request, action=Action.CREATE, record=access, family_id=family.pk,
          break_glass=True)
    return access
