"""Every read of the financing. The figures are summed in the database (aggregate and
annotate), never in Python loops over rows, so every report costs a fixed number of queries
whatever the production. All of them start from `Registration.objects.visible_to(user)`:
the finance role sees amounts and product codes, never clinical content (no goals, notes,
names, safety or screening)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from bloem.access import policy
from bloem.families.models import Family

from .models import Commission, Period, Product, Registration, Tariff

ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))
FAMILY_PAGE = 50
PROJECT_AFTER_DAYS = 60


def _sums():
    return {"quantity": Coalesce(Sum("quantity"), ZERO), "amount": Coalesce(Sum("amount"), ZERO)}


def registrations(user, year: int | None = None) -> QuerySet[Registration]:
    rows = Registration.objects.visible_to(user)
    return rows.filter(period__year=year) if year else rows


def production(*, user, year: int) -> QuerySet:
    """Production per municipality, stream, product and booking month."""
    return (registrations(user, year)
            .values("municipality_id", "municipality__name", "payer", "stream",
                    "product__code", "product__unit", "period")
            .annotate(**_sums())
            .order_by("municipality__name", "payer", "stream", "product__code", "period"))


def totals_by_municipality(*, user, year: int) -> QuerySet:
    return (registrations(user, year)
            .values("municipality_id", "municipality__name", "payer")
            .annotate(**_sums(), families=Count("family_id", distinct=True))
            .order_by("municipality__name", "payer"))


def totals_by_family(*, user, year: int) -> QuerySet:
    return (registrations(user, year).values("family_id", "family__reference")
            .annotate(**_sums()).order_by("family__reference"))


def total(*, user, year: int) -> dict:
    return registrations(user, year).aggregate(**_sums(), rows=Count("id"))


def years(user) -> list[int]:
    return sorted({d.year for d in registrations(user).dates("period", "year")}, reverse=True)


# -- one family -----------------------------------------------------------------------------


def family_for_finance_or_404(user, pk: int) -> Family:
    """The family whose figures the finance role looks at (every family, by design; the
    role check comes first, so others get 403 for any id)."""
    policy.require(user, "finance.view")
    family = Family.objects.filter(pk=pk).only("pk", "reference", "municipality").first()
    if family is None:
        raise Http404
    return family


def family_view(*, user, family: Family) -> dict:
    """The integral family view: every stream of one family over the whole stay(s), per
    stream, product and month, with the total per stream and in all."""
    rows = registrations(user).filter(family=family)
    return {
        "rows": list(rows.values("stream", "product__code", "product__unit", "period",
                                 "municipality__name", "payer")
                     .annotate(**_sums())
                     .order_by("period", "stream", "product__code")),
        "per_stream": list(rows.values("stream").annotate(**_sums()).order_by("stream")),
        "total": rows.aggregate(**_sums()),
        "registrations": list(
            rows.select_related("product", "municipality", "counter_entry")
            .order_by("-delivered_on", "-id")[:FAMILY_PAGE]),
    }


# -- budget use against commissions --------------------------------------------------------


def _used(**match) -> Subquery:
    """The sum of the registrations that fall under the outer commission."""
    rows = Registration.objects.filter(
        municipality=OuterRef("municipality"), stream=OuterRef("stream"),
        delivered_on__gte=OuterRef("valid_from"), delivered_on__lte=OuterRef("valid_until"),
        **match,
    ).order_by().values("municipality").annotate(total=Sum("amount")).values("total")
    return Subquery(rows, output_field=DecimalField(max_digits=14, decimal_places=2))


@dataclass(frozen=True)
class BudgetUse:
    commission: Commission
    used: Decimal
    share: Decimal  # per cent of the budget used
    projected: Decimal  # the use at the end date, at the rate so far
    warning: bool  # past the warning share, or projected to run out before the end
    exhausted: bool


def budget_use(*, user, today: datetime.date, limit: int | None = None) -> list[BudgetUse]:
    """The commissions with what the care has used of them, most used first (one
    query); `limit` keeps the list to the ones most at risk."""
    commissions = (
        Commission.objects.visible_to(user).select_related("municipality", "product", "family")
        .annotate(used=Coalesce(Case(
            When(product__isnull=True, family__isnull=True, then=_used()),
            When(product__isnull=True, then=_used(family=OuterRef("family"))),
            When(family__isnull=True, then=_used(product=OuterRef("product"))),
            default=_used(product=OuterRef("product"), family=OuterRef("family")),
        ), ZERO))
        .annotate(used_share=ExpressionWrapper(F("used") * 100 / F("budget"),
                                               output_field=DecimalField()))
        .order_by("-used_share", "valid_until", "reference")
    )
    if limit:
        commissions = commissions[:limit]
    result = []
    for commission in commissions:
        used = commission.used
        share = (used * 100 / commission.budget).quantize(Decimal("0.1"))
        total_days = (commission.valid_until - commission.valid_from).days + 1
        elapsed = min(max((today - commission.valid_from).days + 1, 0), total_days)
        # The rate so far says little in the first two months, or for a trajectory (paid
        # once): then the projection is what has been used.
        one_off = commission.product is not None and commission.product.unit == "trajectory"
        projected = (used if one_off or elapsed < PROJECT_AFTER_DAYS
                     else (used * total_days / elapsed).quantize(Decimal("0.01")))
        result.append(BudgetUse(
            commission=commission, used=used, share=share, projected=projected,
            warning=share >= commission.warn_at or projected > commission.budget,
            exhausted=used >= commission.budget,
        ))
    return result


# -- products, tariffs, months --------------------------------------------------------------


def products_with_tariffs(year: int) -> QuerySet[Product]:
    """Every product with its tariff of `year` (the latest recorded) and its history."""
    latest = (Tariff.objects.filter(product=OuterRef("pk"), year=year)
              .order_by("-recorded_at", "-id").values("amount")[:1])
    return (Product.objects.select_related("petal")
            .annotate(tariff=Subquery(latest))
            .prefetch_related("tariffs", "changes")
            .order_by("stream", "code"))


def closed_months() -> QuerySet[Period]:
    return Period.objects.select_related("closed_by").order_by("-month")


def undetermined_count(*, user, year: int) -> int:
    return registrations(user, year).filter(Q(payer="undetermined")).count()
