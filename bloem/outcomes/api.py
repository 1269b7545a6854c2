"""API v1 of outcomes: the cohort statistics (the effect report) as JSON, for a
municipality's own dashboards, under the same small-cell rules as the pages."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from bloem.access import policy
from bloem.audit.models import Action
from bloem.audit.services import record as audit

from . import cohort
from .forms import SelectionForm


class CohortSerializer(serializers.Serializer):
    selection = serializers.DictField()
    min_cell = serializers.IntegerField()
    effects = serializers.ListField(child=serializers.DictField())
    completeness = serializers.ListField(child=serializers.DictField())
    prevalence = serializers.DictField()
    early_life_stress = serializers.DictField()


@extend_schema(tags=["outcomes"])
class CohortView(APIView):
    """Per instrument: N pairs, mean T0/T1, mean change with its 95 % interval, Cohen's d
    with its interval, % reliably improved / recovered / deteriorated; completeness of
    measurement; the prevalence table and the early-life-stress distribution. Every count
    is 0 or at least 5 and no smaller count can be derived; withheld values are null."""

    @extend_schema(
        parameters=[OpenApiParameter(name, str, required=False) for name in
                    ("location", "petal", "date_from", "date_to", "age_band", "informant")],
        responses={200: CohortSerializer})
    def get(self, request, *args, **kwargs):
        if not policy.has_role_permission(request.user, "outcomes.cohort"):
            raise PermissionDenied(_("Your role may not see cohort statistics."))
        form = SelectionForm(request.query_params or None, user=request.user)
        if form.is_bound and not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        selection = form.selection() if form.is_bound else cohort.Selection()
        released = cohort.cohort(request.user, selection)
        audit(request=request, action=Action.LIST, record_type="outcomes.cohort",
              subject_count=released.persons,
              reason="aggregated statistics, cells under 5 suppressed")
        return ApiResponse(released.as_dict())
