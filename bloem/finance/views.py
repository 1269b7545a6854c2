"""The financing pages. The finance officer's pages (reports, the integral family view,
products and tariffs, closing months, overrides, commissions) are refused by role first:
403 for anyone else, whatever the id. A worker records delivered care from a form of help
in their own families (404 outside them). Every page that shows figures of a family is
audited; the finance pages never show clinical content (no names, goals or notes)."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bloem.access import policy
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.catalogue.models import HelpForm
from bloem.core.db_router import reads_from_replica, replica_freshness
from bloem.core.forms import add_service_errors

from . import selectors, services
from .forms import (
    CommissionForm,
    CounterEntryForm,
    OverrideForm,
    PeriodCloseForm,
    ProductForm,
    RegistrationForm,
    TariffForm,
    YearForm,
)
from .models import Payer, ProductUnit

MANAGE = "finance.manage"
VIEW = "finance.view"
TOP_FAMILIES = 20
BUDGET_PAGE = 100  # the commissions most used up


def _nav(request, year: int) -> dict:
    return {"year": year, "years": selectors.years(request.user)}


@login_required
@require_GET
@policy.role_required(VIEW)
def report(request: HttpRequest) -> HttpResponse:
    """Production per municipality, stream, product and month, with the totals that must
    reconcile: per municipality, per family and of all registrations."""
    year = YearForm(request.GET or None).year()
    freshness = replica_freshness()  # before the figures: they hold at least this much
    with reads_from_replica():  # every figure is read before the audit event is written
        top = list(selectors.totals_by_family(user=request.user, year=year)
                   .order_by("-amount", "family__reference")[:TOP_FAMILIES])
        figures = {
            **_nav(request, year),
            "rows": list(selectors.production(user=request.user, year=year)),
            "by_municipality": list(selectors.totals_by_municipality(user=request.user,
                                                                     year=year)),
            "top_families": top,
            "total": selectors.total(user=request.user, year=year),
            "undetermined": selectors.undetermined_count(user=request.user, year=year),
        }
    audit(request=request, action=Action.LIST, record_type="finance.production",
          subject_count=len(top), reason=f"production {year}")
    return render(request, "finance/report.html", {**figures, "payers": Payer,
                                                   "freshness": freshness})


@reads_from_replica()
def _production_table(request, year: int) -> tuple[list[str], list[list]]:
    header = [_("Municipality code"), _("Municipality"), _("Paid by"), _("Financing stream"),
              _("Product code"), _("Unit"), _("Month"), _("Quantity"), _("Amount (euro)")]
    rows = [[r["municipality_id"] or "", r["municipality__name"] or "",
             str(Payer(r["payer"]).label), r["stream"], r["product__code"],
             str(ProductUnit(r["product__unit"]).label), f"{r['period']:%Y-%m}",
             r["quantity"], r["amount"]]
            for r in selectors.production(user=request.user, year=year)]
    return header, rows


@login_required
@require_GET
@policy.role_required(VIEW)
def export_csv(request: HttpRequest) -> HttpResponse:
    year = YearForm(request.GET or None).year()
    header, rows = _production_table(request, year)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    audit(request=request, action=Action.EXPORT, record_type="finance.production",
          subject_count=len(rows), reason=f"production {year} csv")
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="productie-{year}.csv"'
    return response


@login_required
@require_GET
@policy.role_required(VIEW)
def export_xlsx(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook

    year = YearForm(request.GET or None).year()
    header, rows = _production_table(request, year)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Production"))
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit(request=request, action=Action.EXPORT, record_type="finance.production",
          subject_count=len(rows), reason=f"production {year} xlsx")
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="productie-{year}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
@policy.role_required(VIEW)
def family(request: HttpRequest, pk: int) -> HttpResponse:
    """The integral family view: all streams for one family over the whole stay; the
    finance officer corrects a registration here by a counter-entry."""
    found = selectors.family_for_finance_or_404(request.user, pk)
    form = CounterEntryForm(request.POST or None, family=found)
    if request.method == "POST":
        policy.require(request.user, MANAGE)
        if form.is_valid():
            try:
                services.registration_counter(
                    request=request, registration=form.cleaned_data["registration"],
                    reason=form.cleaned_data["reason"], user=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The counter-entry has been booked."))
                return redirect(reverse("finance:family", args=[found.pk]))
    audit(request=request, action=Action.VIEW, record=found, record_type="finance.family")
    return render(request, "finance/family.html", {
        "family": found, "view": selectors.family_view(user=request.user, family=found),
        "form": form, "payers": Payer,
    })


@login_required
@require_http_methods(["GET", "POST"])
@policy.role_required(MANAGE)
def override(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the responsible municipality of a family's help by hand, with a reason."""
    found = selectors.family_for_finance_or_404(request.user, pk)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.override_set(request=request, family=found, user=request.user,
                                  **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The responsible municipality has been recorded."))
            return redirect(reverse("finance:family", args=[found.pk]))
    audit(request=request, action=Action.VIEW, record=found, record_type="finance.family")
    return render(request, "finance/form.html", {
        "form": form, "title": _("Set the responsible municipality"), "family": found,
        "intro": _("Registrations of these days in open months are booked again for this "
                   "municipality; closed months stay as declared."),
        "cancel_url": reverse("finance:family", args=[found.pk]),
    })


@login_required
@require_http_methods(["GET", "POST"])
@policy.role_required(VIEW)
def products(request: HttpRequest) -> HttpResponse:
    """Products and their tariffs per year, with the history of both."""
    action = request.POST.get("action", "tariff")
    tariff_form = TariffForm(request.POST if action == "tariff" else None, prefix="tariff")
    product_form = ProductForm(request.POST if action == "product" else None, prefix="product")
    if request.method == "POST":
        policy.require(request.user, MANAGE)
        form = product_form if action == "product" else tariff_form
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                if action == "product":
                    services.product_update(request=request, user=request.user, **data)
                else:
                    services.tariff_set(request=request, user=request.user, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The change has been saved."))
                return redirect(reverse("finance:products"))
    year = timezone.localdate().year
    return render(request, "finance/products.html", {
        "products": selectors.products_with_tariffs(year), "year": year,
        "tariff_form": tariff_form, "product_form": product_form,
    })


@login_required
@require_http_methods(["GET", "POST"])
@policy.role_required(VIEW)
def periods(request: HttpRequest) -> HttpResponse:
    """Close a month: its shelter days are derived and its registrations locked."""
    form = PeriodCloseForm(request.POST or None)
    if request.method == "POST":
        policy.require(request.user, MANAGE)
        if form.is_valid():
            try:
                services.period_close(request=request, month=form.cleaned_data["month"],
                                      user=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The month has been closed."))
                return redirect(reverse("finance:periods"))
    return render(request, "finance/periods.html", {
        "form": form, "closed": selectors.closed_months()[:24]})


@login_required
@require_http_methods(["GET", "POST"])
@policy.role_required(VIEW)
def budget(request: HttpRequest) -> HttpResponse:
    """Budget use against the commissions (beschikkingen), with warnings before they run
    out."""
    form = CommissionForm(request.POST or None)
    if request.method == "POST":
        policy.require(request.user, MANAGE)
        if form.is_valid():
            try:
                services.commission_add(request=request, user=request.user,
                                        **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The commission has been recorded."))
                return redirect(reverse("finance:budget"))
    uses = selectors.budget_use(user=request.user, today=timezone.localdate(),
                                limit=BUDGET_PAGE)
    audit(request=request, action=Action.LIST, record_type="finance.commission",
          subject_count=len(uses))
    return render(request, "finance/budget.html", {"uses": uses, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """A worker records the care delivered with a form of help in one of their families."""
    help_form = policy.get_visible_or_404(
        HelpForm.objects.select_related("family", "person", "petal"), request.user, pk=pk)
    policy.require(request.user, "care.register", help_form.family)
    product = services.product_for(help_form) if help_form.petal.products.exists() else None
    form = RegistrationForm(request.POST or None, unit=product.unit if product else "",
                            initial={"delivered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_record(request=request, help_form=help_form,
                                         user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The delivered care has been recorded."))
            return redirect(reverse("families:detail", args=[help_form.family_id]))
    audit(request=request, action=Action.VIEW, record=help_form)
    return render(request, "finance/register.html", {
        "form": form, "help_form": help_form, "product": product,
        "recent": help_form.registrations.select_related("product")
        .order_by("-delivered_on", "-id")[:10],
        "cancel_url": reverse("families:detail", args=[help_form.family_id]),
    })
