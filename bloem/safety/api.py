"""API v1 of safety first: `GET /api/v1/families/{id}/safety/` — the family's current
safety level and its history, the safety plan, the measures, the Meldcode cases and the
tasks the safety rules raise. The same selector as the page, so the same protection: a
worker who only serves the ex-partner gets no assessment details, contacts, agreements that
reveal whereabouts, measure conditions or Meldcode cases. Access-checked (404 outside the
worker's scope) and audited. Writes go through the pages (issue 10 builds no write API)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from bloem.access import policy
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.families.models import Family

from . import selectors


class AssessmentSerializer(serializers.Serializer):
    level = serializers.CharField()
    assessed_on = serializers.DateField()
    assessed_by = serializers.CharField()
    explanation = serializers.CharField()
    factors = serializers.DictField(child=serializers.CharField(), allow_null=True)


class AgreementSerializer(serializers.Serializer):
    kind = serializers.CharField()
    text = serializers.CharField()
    agreed_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)


class ContactSerializer(serializers.Serializer):
    role = serializers.CharField()
    name = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()


class MeasureSerializer(serializers.Serializer):
    kind = serializers.CharField()
    issued_by = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    followed_up_on = serializers.DateField(allow_null=True)
    conditions = serializers.CharField(allow_null=True)


class CaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    signals_on = serializers.DateField()
    step = serializers.IntegerField(allow_null=True)
    decision = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    reported_on = serializers.DateField(allow_null=True)
    report_reference = serializers.CharField()


class TaskSerializer(serializers.Serializer):
    rule = serializers.CharField()
    message = serializers.CharField()
    unblock = serializers.CharField()


class FamilySafetySerializer(serializers.Serializer):
    family = serializers.IntegerField()
    safety_level = serializers.CharField(allow_null=True)
    assessments = AssessmentSerializer(many=True)
    next_review_on = serializers.DateField(allow_null=True)
    agreements = AgreementSerializer(many=True)
    contacts = ContactSerializer(many=True)
    measures = MeasureSerializer(many=True)
    meldcode_cases = CaseSerializer(many=True)
    tasks = TaskSerializer(many=True)


class FamilySafetyView(APIView):
    """The family's safety as far as the worker may see it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["safety"], responses={200: FamilySafetySerializer})
    def get(self, request, pk: int):
        family = policy.get_visible_or_404(Family.objects, request.user, pk=pk)
        today = timezone.localdate()
        data = selectors.family_safety(request.user, family, today)
        sees = data.sees_protected

        def factors(assessment):
            detail = getattr(assessment, "detail", None) if sees else None
            return {name: getattr(detail, name) for name in detail.FACTORS} if detail else None

        body = {
            "family": family.pk,
            "safety_level": data.stay.safety_level if data.stay else None,
            "assessments": [{"level": a.level, "assessed_on": a.assessed_on,
                             "assessed_by": str(a.assessed_by), "explanation": a.explanation,
                             "factors": factors(a)} for a in data.assessments],
            "next_review_on": data.plan.next_review_on if data.plan else None,
            "agreements": [{"kind": a.kind, "text": a.text, "agreed_on": a.agreed_on,
                            "ended_on": a.ended_on} for a in data.agreements],
            "contacts": [{"role": c.role, "name": c.name, "phone": c.phone,
                          "address": c.address} for c in data.contacts],
            "measures": [{"kind": m.kind, "issued_by": m.issued_by, "starts_on": m.starts_on,
                          "ends_on": m.ends_on, "followed_up_on": m.followed_up_on,
                          "conditions": m.conditions if sees else None}
                         for m in data.measures],
            "meldcode_cases": [{"id": c.pk, "signals_on": c.signals_on, "step": c.step,
                                "decision": c.decision, "decided_on": c.decided_on,
                                "reported_on": c.reported_on,
                                "report_reference": c.report_reference} for c in data.cases],
            "tasks": [{"rule": t.rule_id, "message": t.message, "unblock": t.unblock}
                      for t in selectors.tasks([family.pk], today)],
        }
        audit(request=request, action=Action.VIEW, record=family,
              record_type="safety.safetyplan")
        return Response(FamilySafetySerializer(body).data)
