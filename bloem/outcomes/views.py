"""Pages of outcomes: the worker's due measurements, a person's progress with charts and
the RCI, the team manager's cohort dashboard and effect report (HTML and PDF), and the
research exports (request, approval, download)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bloem.access import policy
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.core.db_router import replica_freshness
from bloem.core.forms import add_service_errors
from bloem.families.models import Person
from bloem.privacy.documents import html_to_pdf

from . import charts, cohort, export, selectors, services
from .forms import ExportDecisionForm, ExportRequestForm, SelectionForm
from .models import ExportStatus, ResearchExport


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
@policy.role_required("screening.administer")
def measurements(request: HttpRequest) -> HttpResponse:
    """Metingen: what the schedule makes due or overdue in the worker's own caseload."""
    rows = selectors.due_measurements(request.user)
    audit(request=request, action=Action.LIST, record_type="outcomes.duemeasurement",
          subject_count=len({row.person.pk for row in rows}))
    return render(request, "outcomes/measurements.html", {"rows": rows})


def _person(request: HttpRequest, pk: int) -> Person:
    return policy.get_visible_or_404(Person.objects.select_related("family"), request.user,
                                     pk=pk)


@login_required
@require_GET
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's progress per instrument: chart, table and the RCI per T0 → later pair."""
    subject = _person(request, pk)
    progress = selectors.progress_for(subject)
    audit(request=request, action=Action.VIEW, record=subject, record_type="outcomes.progress")
    return render(request, "outcomes/person.html", {
        "person": subject, "family": subject.family, "progress": progress,
        "due": selectors.due_measurements(request.user, person=subject)})


@login_required
@require_GET
def person_chart(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress chart of one instrument as SVG, for an <img> on the person's page."""
    subject = _person(request, pk)
    code, informant = request.GET.get("instrument", ""), request.GET.get("informant", "")
    match = next((p for p in selectors.progress_for(subject)
                  if p.code == code and p.informant == informant), None)
    if match is None:
        return HttpResponseBadRequest(_("No such measurement series."),
                                      content_type="text/plain; charset=utf-8")
    audit(request=request, action=Action.VIEW, record=subject, record_type="outcomes.chart")
    svg = charts.progress_svg(match, cutoff_label=_("clinical cut-off"),
                              title=f"{match.name} ({match.informant_label})")
    return _no_store(HttpResponse(svg, content_type="image/svg+xml"))


def _cohort_context(request: HttpRequest) -> dict:
    form = SelectionForm(request.GET or None, user=request.user)
    selection = form.selection() if form.is_bound and form.is_valid() else cohort.Selection()
    freshness = replica_freshness()  # before the figures: they hold at least this much
    released = cohort.cohort(request.user, selection)
    audit(request=request, action=Action.LIST, record_type="outcomes.cohort",
          subject_count=released.persons,
          reason="aggregated statistics, cells under 5 suppressed")
    return {"form": form, "released": released, "min_cell": cohort.stats.MIN_CELL,
            "generated_at": timezone.now(), "query": request.GET.urlencode(),
            "freshness": freshness}


@login_required
@require_GET
@policy.role_required("outcomes.cohort")
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "outcomes/dashboard.html", _cohort_context(request))


@login_required
@require_GET
@policy.role_required("outcomes.cohort")
def report(request: HttpRequest) -> HttpResponse:
    """The effect report as a standalone page, fit to be published."""
    return render(request, "outcomes/report.html", _cohort_context(request))


@login_required
@require_GET
@policy.role_required("outcomes.cohort")
def report_pdf(request: HttpRequest) -> HttpResponse:
    html = render_to_string("outcomes/report_pdf.html", _cohort_context(request), request=request)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="bloem-effectrapportage.pdf"'
    return _no_store(response)


def _may_see_exports(user) -> bool:
    return (policy.has_role_permission(user, "outcomes.export_request")
            or policy.has_role_permission(user, "outcomes.export_approve"))


@login_required
@require_http_methods(["GET", "POST"])
def exports(request: HttpRequest) -> HttpResponse:
    """The research exports: a team manager requests one (project, purpose, selection),
    the privacy officer approves or rejects it, the requester downloads it."""
    if not _may_see_exports(request.user):
        raise PermissionDenied
    may_request = policy.has_role_permission(request.user, "outcomes.export_request")
    may_approve = policy.has_role_permission(request.user, "outcomes.export_approve")
    request_form = ExportRequestForm(user=request.user) if may_request else None
    if request.method == "POST" and request.POST.get("action") == "decide" and may_approve:
        decision = ExportDecisionForm(request.POST)
        if decision.is_valid():
            try:
                services.export_decide(request=request,
                                       export_id=decision.cleaned_data["export"],
                                       approve=decision.cleaned_data["decision"] == "approved",
                                       note=decision.cleaned_data["note"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The decision has been recorded."))
                return redirect("outcomes:exports")
        else:
            messages.error(request, _("The decision could not be recorded: choose approve or "
                                      "reject."))
    elif request.method == "POST" and may_request:
        request_form = ExportRequestForm(request.POST, user=request.user)
        if request_form.is_valid():
            try:
                services.export_request(request=request,
                                        project=request_form.cleaned_data["project"],
                                        purpose=request_form.cleaned_data["purpose"],
                                        selection=request_form.selection())
            except ValidationError as error:
                add_service_errors(request_form, error)
            else:
                messages.success(request, _("The export has been requested; the privacy "
                                            "officer decides on it."))
                return redirect("outcomes:exports")
    rows = list(ResearchExport.objects.visible_to(request.user)
                .select_related("requested_by", "decided_by")[:100])
    return render(request, "outcomes/exports.html", {
        "rows": rows, "form": request_form, "may_approve": may_approve,
        "key_configured": _key_configured()})


def _key_configured() -> bool:
    try:
        export.pseudonym_key()
    except ImproperlyConfigured:
        return False
    return True


@login_required
@require_GET
@policy.role_required("outcomes.export_request")
def export_download(request: HttpRequest) -> HttpResponse:
    """An approved export, made now from the requester's scope: a zip with Parquet, CSV and
    the codebook. Audited with its purpose and the number of persons."""
    try:
        export_id = int(request.GET.get("export", ""))
    except ValueError:
        return HttpResponseBadRequest(_("Which export?"), content_type="text/plain")
    row = ResearchExport.objects.visible_to(request.user).filter(pk=export_id).first()
    if row is None:
        raise Http404
    if row.status != ExportStatus.APPROVED:
        messages.error(request, _("Only an approved export can be downloaded."))
        return redirect(reverse("outcomes:exports"))
    try:
        key = export.pseudonym_key()
    except ImproperlyConfigured:
        messages.error(request, _("The pseudonym key is not configured: ask the "
                                  "administrator to set BLOEM_PSEUDONYM_KEY."))
        return redirect(reverse("outcomes:exports"))
    columns, report_ = export.research_table(
        request.user, cohort.Selection.from_dict(row.selection), row.project, key)
    book = export.codebook(report_, project=row.project, purpose=row.purpose,
                           selection=row.selection, approved_at=row.decided_at)
    content = export.build_zip(columns, book)
    services.export_downloaded(request=request, export=row,
                               persons=len(set(columns["pseudonym"].tolist())))
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="bloem-{row.project}.zip"'
    return _no_store(response)
