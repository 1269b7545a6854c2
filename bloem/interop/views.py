"""The import of a warm handover from another shelter: upload a FHIR Bundle, read the report
of the trial import, confirm. Only for workers who may open a family file (family.create);
an upload is seen only by the worker who made it (404 for anyone else)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bloem.access import policy
from bloem.audit.models import Action
from bloem.audit.services import record as audit

from . import services
from .forms import UploadForm
from .importer import ImportReport
from .models import HandoverImport, ImportStatus

PERMISSION = "family.create"


@login_required
@require_http_methods(["GET", "POST"])
@policy.role_required(PERMISSION)
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kept = services.handover_upload(request=request, location=form.cleaned_data["location"],
                                        text=form.cleaned_data["bundle"])
        return redirect("interop:report", pk=kept.pk)
    return render(request, "interop/upload.html", {"form": form})


@login_required
@require_http_methods(["GET"])
@policy.role_required(PERMISSION)
def report(request: HttpRequest, pk: int) -> HttpResponse:
    kept = policy.get_visible_or_404(HandoverImport.objects.select_related("location"),
                                     request.user, pk=pk)
    result = ImportReport.from_json(kept.report)
    audit(request=request, action=Action.VIEW, record=kept,
          subject_count=max(len(result.members), 1))
    return render(request, "interop/report.html", {
        "upload": kept, "report": result, "statuses": ImportStatus})


@login_required
@require_POST
@policy.role_required(PERMISSION)
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    kept = policy.get_visible_or_404(HandoverImport.objects.select_related("location"),
                                     request.user, pk=pk)
    result = services.handover_confirm(request=request, upload=kept)
    if result is None:
        return redirect("interop:report", pk=kept.pk)
    if not result.ok:
        messages.error(request, _("The import was refused; nothing was saved."))
        return redirect("interop:report", pk=kept.pk)
    messages.success(request, _("The family has been imported."))
    return redirect(reverse("families:detail", args=[result.family_id]))
