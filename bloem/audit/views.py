"""The privacy officer's views of the access log (NEN 7513, AVG art. 15)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from bloem.access import policy
from bloem.core.paging import Paginator

from . import selectors
from .forms import AuditSearchForm, PersonSearchForm
from .models import Action
from .services import record as audit

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET"])
def search(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "audit.view")
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = selectors.search_events(**filters) if not form.errors else selectors.search_events()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "audit/search.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def person_search(request: HttpRequest) -> HttpResponse:
    """Find the person whose access overview is asked for. By POST: names stay out of
    URLs and server logs."""
    policy.require(request.user, "audit.view")
    form = PersonSearchForm(request.POST or None)
    persons = []
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"]
        persons = list(
            policy.persons_for_access_report(request.user)
            .filter(Q(first_name__icontains=name) | Q(last_name__icontains=name))
            .select_related("family")
            .order_by("last_name", "first_name")[:50]
        )
        if persons:
            audit(request=request, action=Action.LIST, record_type="families.person",
                  subject_count=len(persons), reason="access report")
    return render(request, "audit/person_search.html", {"form": form, "persons": persons})


@login_required
@require_http_methods(["GET"])
def person_report(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "audit.view")
    person = get_object_or_404(
        policy.persons_for_access_report(request.user).select_related("family"), pk=pk)
    events = selectors.with_emergency_reasons(list(selectors.access_report(person=person)))
    audit(request=request, action=Action.EXPORT, record=person, reason="access report")
    return render(request, "audit/person_report.html", {"person": person, "events": events})


@login_required
@require_http_methods(["GET"])
def emergency_accesses(request: HttpRequest) -> HttpResponse:
    """Every break-the-glass access: who, which file, why, when and until when. The
    reasons describe clients' emergencies, so reading them is logged too."""
    policy.require(request.user, "audit.view")
    page = Paginator(selectors.emergency_accesses(), PAGE_SIZE).get_page(
        request.GET.get("pagina"))
    if page.object_list:
        audit(request=request, action=Action.LIST, record_type="access.emergencyaccess",
              subject_count=len(page.object_list), reason="emergency access review")
    return render(request, "audit/emergency_accesses.html",
                  {"page": page, "now": timezone.now()})
