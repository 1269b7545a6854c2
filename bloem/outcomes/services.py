"""Writes of outcomes: requesting and deciding a research export, and recording its
download. Each is atomic and records its audit event in the same transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from bloem.access import policy
from bloem.audit.models import Action
from bloem.audit.services import record as audit

from .cohort import Selection
from .models import ExportStatus, ResearchExport


@transaction.atomic
def export_request(*, request: HttpRequest, project: str, purpose: str,
                   selection: Selection) -> ResearchExport:
    policy.require(request.user, "outcomes.export_request")
    export = ResearchExport(project=project, purpose=purpose, selection=selection.as_dict(),
                            requested_by=request.user)
    export.full_clean()
    export.save()
    audit(request=request, action=Action.CREATE, record=export, subject_count=0,
          reason=purpose)
    return export


@transaction.atomic
def export_decide(*, request: HttpRequest, export_id: int, approve: bool,
                  note: str = "") -> ResearchExport:
    policy.require(request.user, "outcomes.export_approve")
    export = (ResearchExport.objects.visible_to(request.user).select_for_update()
              .filter(pk=export_id).first())
    if export is None:
        raise ValidationError(_("There is no such export request."))
    if export.status != ExportStatus.REQUESTED:
        raise ValidationError(_("This request has already been decided."))
    if export.requested_by_id == request.user.pk:
        raise PermissionDenied  # four eyes: nobody approves their own request
    export.status = ExportStatus.APPROVED if approve else ExportStatus.REJECTED
    export.decided_by = request.user
    export.decided_at = timezone.now()
    export.decision_note = note
    export.full_clean()
    export.save()
    audit(request=request, action=Action.UPDATE, record=export, subject_count=0,
          reason=f"{export.status}: {note}".strip())
    return export


@transaction.atomic
def export_downloaded(*, request: HttpRequest, export: ResearchExport, persons: int) -> None:
    audit(request=request, action=Action.EXPORT, record=export, subject_count=persons,
          reason=export.purpose)
