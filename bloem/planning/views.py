"""The worklist: everything that waits for the worker in their families — what the care
rules block, and why; referrals, reviews, plan agreements, children waiting, follow-ups
(bloem.planning.care) — updated without reloading the page (htmx polling of the items
fragment) and counted in the menu."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from bloem.access import policy
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.core.paging import Paginator
from bloem.outflow import selectors as outflow_selectors

from . import care, selectors

POLL_SECONDS = 60


def _groups(request: HttpRequest) -> dict:
    # The families are filtered one by one and sorted by name: their count comes with the
    # page's rows, one query instead of two (bench/README.md, seventh round).
    page = Paginator(selectors.families_to_check(request.user).only("name", "reference"),
                     selectors.FAMILIES_PER_PAGE, count_in_page=True,
                     ).get_page(request.GET.get("pagina"))
    page_families = {family.pk: family for family in page.object_list}
    today = timezone.localdate()
    items = selectors.worklist(families=page_families, today=today,
                               review_days=settings.PHASE_REVIEW_DAYS)
    # The team's work only in families whose protected details the worker may see.
    protected = (policy.protected_family_ids(request.user, page_families)
                 if page_families else set())
    team = {pk: family for pk, family in page_families.items() if pk in protected}
    items += care.worklist_items(request.user, team, today)
    # Follow-ups of warm handovers (their receiving party is protected like an address).
    items += outflow_selectors.follow_up_items(team, today)
    items.sort(key=lambda i: (i.family.name, i.family.reference, i.family.pk))
    groups: dict[int, dict] = {}
    for item in items:
        groups.setdefault(item.family.pk, {"family": item.family, "items": []})[
            "items"].append(item)
    return {"families": list(groups.values()), "count": len(items), "page": page,
            "family_ids": list(page_families)}


def _audited(request: HttpRequest, context: dict) -> dict:
    if context["families"]:
        audit(request=request, action=Action.LIST, record_type="catalogue.helpform",
              subject_count=len(context["families"]))
    return context


@login_required
@require_http_methods(["GET"])
def worklist(request: HttpRequest) -> HttpResponse:
    context = _audited(request, _groups(request))
    context["poll_seconds"] = POLL_SECONDS
    return render(request, "planning/worklist.html", context)


@login_required
@require_http_methods(["GET"])
def worklist_items(request: HttpRequest) -> HttpResponse:
    """The items of the worklist page, for htmx to swap in every minute."""
    return render(request, "planning/worklist_items.html", _audited(request, _groups(request)))


@login_required
@require_http_methods(["GET"])
def worklist_count(request: HttpRequest) -> HttpResponse:
    """The number of items on the first page of the worklist, for the menu (a number, no
    client data). Every page asks for it, so it is kept for the polling interval."""
    key = f"bloem:worklist-count:{request.user.pk}"
    count = cache.get(key)
    if count is None:
        count = _groups(request)["count"]
        cache.set(key, count, POLL_SECONDS)
    return render(request, "planning/worklist_count.html", {"count": count})
