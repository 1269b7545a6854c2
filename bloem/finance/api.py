"""API v1 of the financing, read-only, for the finance role: the production of a year per
municipality, stream, product and month with its totals, the integral view of one family,
and the budget use per commission. Amounts and product codes, never clinical content.
Refused by role first (403 for anyone else, whatever the id) and audited."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from bloem.access import policy
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.core.db_router import reads_from_replica

from . import selectors

MONEY = {"max_digits": 14, "decimal_places": 2}


def _amounts(name: str, many: bool = True, **fields):
    return inline_serializer(name, many=many, fields={
        **fields,
        "quantity": serializers.DecimalField(**MONEY),
        "amount": serializers.DecimalField(**MONEY, help_text=_("Euro.")),
    })


PRODUCTION_RESPONSE = inline_serializer("FinanceProduction", fields={
    "year": serializers.IntegerField(),
    "total": serializers.DecimalField(**MONEY),
    "by_municipality": _amounts("MunicipalityTotal", municipality=serializers.CharField(
        allow_null=True, help_text=_("CBS code; null when an insurer pays or it is not "
                                     "determined.")),
        municipality_name=serializers.CharField(allow_null=True),
        payer=serializers.ChoiceField(choices=["municipality", "insurer", "undetermined"]),
        families=serializers.IntegerField()),
    "production": _amounts("ProductionRow", municipality=serializers.CharField(allow_null=True),
                           payer=serializers.CharField(), stream=serializers.CharField(),
                           product=serializers.CharField(), unit=serializers.CharField(),
                           month=serializers.CharField(help_text="YYYY-MM")),
})
FAMILY_RESPONSE = inline_serializer("FinanceFamily", fields={
    "family": serializers.IntegerField(),
    "reference": serializers.CharField(),
    "total": serializers.DecimalField(**MONEY),
    "per_stream": _amounts("StreamTotal", stream=serializers.CharField()),
    "rows": _amounts("FamilyRow", stream=serializers.CharField(),
                     product=serializers.CharField(), month=serializers.CharField(),
                     municipality_name=serializers.CharField(allow_null=True),
                     payer=serializers.CharField()),
})
BUDGET_RESPONSE = inline_serializer("CommissionUse", many=True, fields={
    "reference": serializers.CharField(),
    "municipality": serializers.CharField(),
    "stream": serializers.CharField(),
    "product": serializers.CharField(allow_null=True),
    "family": serializers.CharField(allow_null=True, help_text=_("File number.")),
    "valid_from": serializers.DateField(),
    "valid_until": serializers.DateField(),
    "budget": serializers.DecimalField(**MONEY),
    "used": serializers.DecimalField(**MONEY),
    "share": serializers.DecimalField(max_digits=7, decimal_places=1),
    "projected": serializers.DecimalField(**MONEY),
    "warning": serializers.BooleanField(),
    "exhausted": serializers.BooleanField(),
})


def _year(request) -> int:
    raw = request.query_params.get("year")
    if raw is None:
        return timezone.localdate().year
    if not raw.isdigit() or not 2015 <= int(raw) <= 2100:
        raise ValidationError({"year": [_("A year between 2015 and 2100.")]})
    return int(raw)


def _plain(value):
    """Money as a decimal string, as DRF's DecimalField gives it (never a float)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _month(day: datetime.date) -> str:
    return f"{day:%Y-%m}"


class FinanceView(APIView):
    permission_classes = [IsAuthenticated]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # A method the view does not have answers 405 to everybody, before the role.
        if hasattr(self, request.method.lower()):
            policy.require(request.user, "finance.view")


class ProductionView(FinanceView):
    """The production of a year per municipality, stream, product and month, with the
    total per municipality and in all (they reconcile)."""

    @extend_schema(tags=["finance"], responses={200: PRODUCTION_RESPONSE}, parameters=[
        OpenApiParameter("year", OpenApiTypes.INT, description=_("Default: this year."))])
    def get(self, request):
        year = _year(request)
        user = request.user
        with reads_from_replica():
            figures = self._figures(user, year)
        audit(request=request, action=Action.LIST, record_type="finance.production",
              reason=f"production {year}")
        return Response(figures)

    @staticmethod
    def _figures(user, year: int) -> dict:
        return _plain({
            "year": year,
            "total": selectors.total(user=user, year=year)["amount"],
            "by_municipality": [
                {"municipality": r["municipality_id"],
                 "municipality_name": r["municipality__name"], "payer": r["payer"],
                 "families": r["families"], "quantity": r["quantity"], "amount": r["amount"]}
                for r in selectors.totals_by_municipality(user=user, year=year)],
            "production": [
                {"municipality": r["municipality_id"], "payer": r["payer"],
                 "stream": r["stream"], "product": r["product__code"],
                 "unit": r["product__unit"], "month": _month(r["period"]),
                 "quantity": r["quantity"], "amount": r["amount"]}
                for r in selectors.production(user=user, year=year)],
        })


class FamilyFiguresView(FinanceView):
    """The integral family view: every stream of one family, per stream, product and
    month."""

    @extend_schema(tags=["finance"], responses={200: FAMILY_RESPONSE})
    def get(self, request, pk: int):
        family = selectors.family_for_finance_or_404(request.user, pk)
        view = selectors.family_view(user=request.user, family=family)
        audit(request=request, action=Action.VIEW, record=family, record_type="finance.family")
        return Response(_plain({
            "family": family.pk, "reference": family.reference,
            "total": view["total"]["amount"],
            "per_stream": view["per_stream"],
            "rows": [{"stream": r["stream"], "product": r["product__code"],
                      "month": _month(r["period"]), "municipality_name": r["municipality__name"],
                      "payer": r["payer"], "quantity": r["quantity"], "amount": r["amount"]}
                     for r in view["rows"]],
        }))


class BudgetView(FinanceView):
    """Budget use per commission (beschikking), with the warning before it runs out."""

    @extend_schema(tags=["finance"], responses={200: BUDGET_RESPONSE})
    def get(self, request):
        uses = selectors.budget_use(user=request.user, today=timezone.localdate())
        audit(request=request, action=Action.LIST, record_type="finance.commission",
              subject_count=len(uses))
        return Response(_plain([
            {"reference": u.commission.reference, "municipality": u.commission.municipality_id,
             "stream": u.commission.stream,
             "product": u.commission.product.code if u.commission.product else None,
             "family": u.commission.family.reference if u.commission.family else None,
             "valid_from": u.commission.valid_from, "valid_until": u.commission.valid_until,
             "budget": u.commission.budget, "used": u.used, "share": u.share,
             "projected": u.projected, "warning": u.warning, "exhausted": u.exhausted}
            for u in uses]))
