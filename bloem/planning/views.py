"""The worklist: what is blocked in the worker's families, and why."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from bloem.audit.models import Action
from bloem.audit.services import record as audit

from . import selectors


@login_required
@require_http_methods(["GET"])
def worklist(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.families_to_check(request.user).values_list("pk", flat=True),
                     selectors.FAMILIES_PER_PAGE).get_page(request.GET.get("pagina"))
    items = selectors.worklist(family_ids=list(page.object_list), today=timezone.localdate(),
                               review_days=settings.PHASE_REVIEW_DAYS)
    families: dict[int, dict] = {}
    for item in items:
        families.setdefault(item.family.pk, {"family": item.family, "items": []})[
            "items"].append(item)
    if families:
        audit(request=request, action=Action.LIST, record_type="catalogue.helpform",
              subject_count=len(families))
    return render(request, "planning/worklist.html", {
        "families": list(families.values()), "count": len(items), "page": page,
    })
