"""The network pages: the directory (every worker with a client role, and the
administrator who keeps it), the network's growth, keeping practitioners (team managers
their own organisation's, the administrator all: 404 for another organisation's
practitioner), the CSV import, and "Behandelaar zoeken" for a family member (client data:
audited, in the protected scope, the municipality only ever POSTed)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bloem.access import policy
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.core.forms import add_service_errors
from bloem.core.paging import Paginator
from bloem.families.models import Person

from . import matching, selectors, services
from .forms import (
    ChooseForm,
    DirectorySearchForm,
    ImportForm,
    MatchForm,
    MethodForm,
    PractitionerForm,
    SupervisedCaseForm,
)
from .importer import COLUMNS, import_practitioners
from .models import Practitioner

VIEW, MAINTAIN, REFER = "network.view", "network.maintain", "network.refer"
PAGE_SIZE = 25


@login_required
@require_http_methods(["GET", "POST"])
@policy.role_required(VIEW)
def directory(request: HttpRequest) -> HttpResponse:
    """Search by method, population and place (nearest first); the search is POSTed so
    that a municipality never appears in a URL."""
    form = DirectorySearchForm(request.POST or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    place = filters.get("municipality")
    found = selectors.directory(method=filters.get("method", ""),
                                population=filters.get("population", ""), municipality=place)
    page = Paginator(found, PAGE_SIZE).get_page(filters.get("page") or 1)
    rows = list(page.object_list)
    if place is not None:
        target = selectors.place_of(place)
        for row in rows:
            row.distance_km = 0 if row.serves_place == 0 else round(
                matching.great_circle_km(selectors.place_of(row.base), target))
    return render(request, "network/directory.html#results" if request.htmx
                  else "network/directory.html", {
                      "form": form, "page": page, "practitioners": rows, "place": place,
                      "may_maintain": policy.has_role_permission(request.user, MAINTAIN)})


@login_required
@require_GET
@policy.role_required(VIEW)
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "network/overview.html", selectors.overview())


def _maintained(request: HttpRequest, pk: int) -> Practitioner:
    try:
        return selectors.maintainable_practitioners(request.user).get(pk=pk)
    except Practitioner.DoesNotExist:
        raise Http404 from None


def _run(form, action) -> bool:
    try:
        action()
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
@policy.role_required(MAINTAIN)
def practitioner_add(request: HttpRequest) -> HttpResponse:
    organisations = selectors.maintainable_organisations(request.user)
    form = PractitionerForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        practitioner = form.save(commit=False)
        if _run(form, lambda: services.practitioner_save(
                practitioner=practitioner, serves=form.cleaned_data["serves"])):
            messages.success(request, _("The practitioner has been added."))
            return redirect("network:practitioner", pk=practitioner.pk)
    return render(request, "network/form.html", {
        "form": form, "title": _("New practitioner"), "cancel_url": reverse("network:directory")})


@login_required
@require_http_methods(["GET", "POST"])
@policy.role_required(MAINTAIN)
def practitioner(request: HttpRequest, pk: int) -> HttpResponse:
    """One practitioner's details, methods (certification or training) and supervised
    cases; each form posts its own `action`."""
    current = _maintained(request, pk)
    organisations = selectors.maintainable_organisations(request.user)
    action = next((name for name in ("details", "method", "case")
                   if any(key.startswith(f"{name}-") for key in request.POST)), None)
    details = PractitionerForm(request.POST if action == "details" else None,
                               instance=current, organisations=organisations, prefix="details")
    method = MethodForm(request.POST if action == "method" else None, practitioner=current,
                        prefix="method")
    case = SupervisedCaseForm(request.POST if action == "case" else None,
                              practitioner=current, prefix="case")
    done = None
    if action == "details" and details.is_valid():
        changed = details.save(commit=False)
        if _run(details, lambda: services.practitioner_save(
                practitioner=changed, serves=details.cleaned_data["serves"])):
            done = _("The practitioner has been saved.")
    elif action == "method" and method.is_valid():
        data = method.cleaned_data
        if _run(method, lambda: services.method_set(
                practitioner=current, method=data["method"], status=data["status"],
                supervisor=data["supervisor"], certified_on=data["certified_on"],
                training_started_on=data["training_started_on"])):
            done = _("The method has been saved.")
    elif action == "case" and case.is_valid():
        data = case.cleaned_data
        if _run(case, lambda: services.supervised_case_add(method=data["method"],
                                                          treated_on=data["treated_on"])):
            done = _("The supervised case has been recorded.")
    if done:
        messages.success(request, done)
        return redirect("network:practitioner", pk=current.pk)
    return render(request, "network/practitioner.html", {
        "practitioner": current, "details": details, "method_form": method, "case_form": case,
        "methods": list(current.methods.select_related("supervisor")),
        "cases": list(selectors.supervised_cases(current)),
    })


@login_required
@require_http_methods(["GET", "POST"])
@policy.role_required(MAINTAIN)
def import_csv(request: HttpRequest) -> HttpResponse:
    """An organisation's list, all or nothing, with a report of every refused row."""
    form = ImportForm(request.POST or None, request.FILES or None,
                      organisations=selectors.maintainable_organisations(request.user))
    report = None
    if request.method == "POST" and form.is_valid():
        report = import_practitioners(organisation=form.cleaned_data["organisation"],
                                      text=form.cleaned_data["file"])
        if report.ok:
            messages.success(request, _("%(created)s practitioners added, %(updated)s updated.")
                             % {"created": report.created, "updated": report.updated})
            return redirect("network:directory")
    return render(request, "network/import.html", {"form": form, "report": report,
                                                   "columns": COLUMNS})


# -- Behandelaar zoeken for a family member ---------------------------------------------


def _person_to_refer(request: HttpRequest, pk: int) -> Person:
    person = policy.get_visible_or_404(Person.objects.select_related("family"),
                                       request.user, pk=pk)
    policy.require(request.user, REFER, person.family)
    return person


@login_required
@require_http_methods(["GET", "POST"])
def match(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose practitioners for the person (method: their running trauma treatment's by
    default; municipality: their new one once the outflow knows it); the worker chooses
    one and the referral is recorded."""
    person = _person_to_refer(request, pk)
    age = services.age_of(person, timezone.localdate())
    choosing = request.method == "POST" and "practitioner" in request.POST
    if choosing:
        form = ChooseForm(request.POST)
        if form.is_valid() and age is not None and _run(form, lambda: services.referral_create(
                request=request, person=person, practitioner_id=form.cleaned_data["practitioner"],
                method=form.cleaned_data["method"],
                municipality=form.cleaned_data["municipality"])):
            messages.success(request, _("The referral has been recorded."))
            return redirect("families:person", pk=person.pk)
    else:
        initial = {"method": services.default_method(person),
                   "municipality": services.default_municipality(person, request.user)}
        form = MatchForm(request.POST if request.method == "POST" else None, initial=initial)
    matches = None
    data = form.cleaned_data if form.is_bound and form.is_valid() else None
    if data is None and not form.is_bound and all(form.initial.values()):
        data = form.initial
    if data is not None and age is not None:
        matches = services.match(method=data["method"], age=age,
                                 municipality=data["municipality"])
    audit(request=request, action=Action.VIEW, record=person, reason="practitioner matching")
    return render(request, "network/match.html", {
        "person": person, "family": person.family, "form": form, "matches": matches,
        "age": age, "chosen": data,
    })
