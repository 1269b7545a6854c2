"""API v1 of the outflow: `GET/POST /api/v1/families/{id}/outflow/` (read, or record the
outflow of the open stay), `POST /api/v1/families/{id}/outflow/close/` (close the stay: 409
with the reasons while help is open) and `GET /api/v1/handovers/{id}/` (a handover, its
consents and what the rules still require). The same policy as the pages: the new
municipality and the handovers only for a worker who may see protected fields. Audited."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language, gettext
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.core.api import call_service
from bloem.families.models import Family

from . import selectors, services
from .models import Destination


class ContinuingHelpSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    petal = serializers.CharField(source="petal_id")
    help_form = serializers.IntegerField(source="help_form_id", allow_null=True)
    reason = serializers.CharField()
    status = serializers.CharField()
    handed_over_on = serializers.DateField(allow_null=True)


class HandoverSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    receiving_party = serializers.CharField()
    shared_at = serializers.DateTimeField(allow_null=True)
    follow_up_on = serializers.DateField(allow_null=True)
    follow_up = serializers.CharField()


class OutflowSerializer(serializers.Serializer):
    left_on = serializers.DateField()
    destination = serializers.ChoiceField(choices=Destination.choices)
    new_municipality_code = serializers.CharField(required=False, allow_blank=True,
                                                  allow_null=True, max_length=6)
    summary = serializers.CharField(required=False, allow_blank=True, allow_null=True)


class FamilyOutflowSerializer(serializers.Serializer):
    family = serializers.IntegerField()
    stay_open = serializers.BooleanField()
    outflow = OutflowSerializer(allow_null=True)
    continuing_help = ContinuingHelpSerializer(many=True)
    open_help = serializers.ListField(child=serializers.CharField())
    handovers = HandoverSummarySerializer(many=True)


def _family(request, pk: int, permission: str | None = None) -> Family:
    return selectors.family_for(request.user, pk, permission)


def _body(user, family: Family) -> dict:
    page = selectors.outflow_page(user, family)
    outflow = page.outflow
    return {
        "family": family.pk,
        "stay_open": bool(page.stay and page.stay.is_open),
        "outflow": {"left_on": outflow.left_on, "destination": outflow.destination,
                    "new_municipality_code": outflow.new_municipality_code
                    if page.sees_protected else None,
                    "summary": outflow.summary if page.sees_protected else None}
        if outflow else None,
        "continuing_help": page.continuing,
        "open_help": selectors.close_refusal(page.blockers),
        "handovers": page.handovers,
    }


class FamilyOutflowView(APIView):
    """The outflow of the family's stay as far as the worker may see it; POST records it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["outflow"], responses={200: FamilyOutflowSerializer})
    def get(self, request, pk: int):
        family = _family(request, pk)
        body = _body(request.user, family)
        audit(request=request, action=Action.VIEW, record=family,
              record_type="outflow.outflow")
        return Response(FamilyOutflowSerializer(body).data)

    @extend_schema(tags=["outflow"], request=OutflowSerializer,
                   responses={200: FamilyOutflowSerializer})
    def post(self, request, pk: int):
        family = _family(request, pk, "outflow.record")
        stay = family.stays.filter(ended_on__isnull=True).first()
        if stay is None:
            raise Http404
        data = OutflowSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call_service(services.outflow_record, request=request, stay=stay,
                     left_on=data.validated_data["left_on"],
                     destination=data.validated_data["destination"],
                     new_municipality_code=data.validated_data.get("new_municipality_code")
                     or "", summary=data.validated_data.get("summary") or "",
                     field_map={"new_municipality": "new_municipality_code"})
        return Response(FamilyOutflowSerializer(_body(request.user, family)).data)


class CloseRefusalSerializer(serializers.Serializer):
    reasons = serializers.ListField(child=serializers.CharField())


class FamilyOutflowCloseView(APIView):
    """Close the stay on the date of outflow: 409 with one reason per open form of help."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["outflow"], request=None,
                   responses={200: FamilyOutflowSerializer, 409: CloseRefusalSerializer})
    def post(self, request, pk: int):
        family = _family(request, pk, "outflow.record")
        outflow = family.outflows.filter(stay__ended_on__isnull=True).first()
        if outflow is None:
            return Response({"reasons": [gettext("Record the outflow first.")]},
                            status=status.HTTP_409_CONFLICT)
        try:
            services.stay_close(request=request, outflow=outflow)
        except ValidationError as error:
            return Response({"reasons": error.messages}, status=status.HTTP_409_CONFLICT)
        return Response(FamilyOutflowSerializer(_body(request.user, family)).data)


class HandoverSerializer(HandoverSummarySerializer):
    family = serializers.IntegerField(source="family_id")
    contact = serializers.CharField()
    chosen = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    picked_up_on = serializers.DateField(allow_null=True)
    consents = serializers.ListField(child=serializers.DictField())
    missing = serializers.ListField(child=serializers.CharField())


class HandoverView(APIView):
    """One warm handover: receiving party, members and parts chosen, consents, and what
    the rules still require before it can be shared."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["outflow"], responses={200: HandoverSerializer})
    def get(self, request, pk: int):
        handover = selectors.handover_for(request.user, pk)
        verdict = None if handover.is_shared else selectors.share_verdict(
            handover, timezone.localdate())
        body = {
            "id": handover.pk, "family_id": handover.family_id,
            "receiving_party": handover.receiving_party, "contact": handover.contact,
            "chosen": handover.chosen, "shared_at": handover.shared_at,
            "follow_up_on": handover.follow_up_on, "follow_up": handover.follow_up,
            "picked_up_on": handover.picked_up_on,
            "consents": [{"subject": c.subject_id, "given_by": c.given_by_id,
                          "given_on": c.given_on.isoformat(), "form": c.form}
                         for c in handover.consents.all()],
            "missing": verdict.reasons(get_language() or "nl") if verdict else [],
        }
        audit(request=request, action=Action.VIEW, record=handover)
        return Response(HandoverSerializer(body).data)
