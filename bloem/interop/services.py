"""Writes of the import pages: keep an upload with the report of its trial import, and
import it when the worker confirms (bloem.interop.importer does the work)."""

import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from bloem.accounts.models import Location
from bloem.audit.models import Action
from bloem.audit.services import record as audit

from .importer import ImportReport, import_bundle
from .models import HandoverImport, ImportStatus

# An upload that was never imported is thrown away after a day (at the next upload).
KEEP_UPLOAD = datetime.timedelta(days=1)


@transaction.atomic
def handover_upload(*, request: HttpRequest, location: Location, text: str) -> HandoverImport:
    """Keep the Bundle (encrypted) with the report of a trial import: the preview."""
    worker = request.user
    HandoverImport.objects.filter(
        family__isnull=True, uploaded_at__lt=timezone.now() - KEEP_UPLOAD).delete()
    report = import_bundle(text, location=location, worker=worker, request=request,
                           dry_run=True)
    upload = HandoverImport.objects.create(
        uploaded_by=worker, location=location, bundle=text, report=report.as_json(),
        status=ImportStatus.PENDING if report.ok else ImportStatus.REFUSED)
    audit(request=request, action=Action.CREATE, record=upload,
          subject_count=len(report.members))
    return upload


@transaction.atomic
def handover_confirm(*, request: HttpRequest, upload: HandoverImport) -> ImportReport | None:
    """Import a previewed upload; None when it is no longer waiting (imported or refused
    already: a second click imports nothing twice). Refused now (the installation changed
    since the preview, e.g. a petal was removed): the upload keeps the new report and
    nothing else is saved."""
    upload = HandoverImport.objects.select_for_update().get(pk=upload.pk)
    if upload.status != ImportStatus.PENDING:
        return None
    report = import_bundle(upload.bundle, location=upload.location, worker=request.user,
                           request=request, upload=upload)
    if not report.ok:
        HandoverImport.objects.filter(pk=upload.pk).update(
            status=ImportStatus.REFUSED, report=report.as_json())
    return report
