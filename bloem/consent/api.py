"""API v1 of consent: `GET /api/v1/persons/{id}/consent-status/` — per proposed, active or
paused form of help of the person, whether consent is complete and who is missing, as the
care-rule engine decides. Access-checked (404 outside the worker's scope) and audited."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from bloem.access import policy
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.families.models import Person

from . import checks, selectors


def _requirements(name: str):
    return inline_serializer(
        name,
        many=True,
        fields={
            "person": serializers.IntegerField(),
            "name": serializers.CharField(),
            "role": serializers.ChoiceField(choices=["child", "parent", "guardian"]),
            "role_label": serializers.CharField(),
            "state": serializers.ChoiceField(choices=["given", "replaced", "missing", "withdrawn"]),
            "state_label": serializers.CharField(),
        },
    )


CONSENT_STATUS_RESPONSE = inline_serializer(
    "ConsentStatus",
    fields={
        "person": serializers.IntegerField(),
        "day": serializers.DateField(),
        "forms_of_help": inline_serializer(
            "HelpFormConsent",
            many=True,
            fields={
                "help_form": serializers.IntegerField(),
                "petal": serializers.CharField(),
                "petal_name": serializers.CharField(),
                "status": serializers.CharField(),
                "status_label": serializers.CharField(),
                "complete": serializers.BooleanField(),
                "rule": serializers.CharField(
                    allow_null=True,
                    help_text=_(
                        "The rule that decides who must consent (docs/rules.md); null for an adult."
                    ),
                ),
                "required": _requirements("ConsentRequired"),
                "missing": _requirements("ConsentMissing"),
                "informed": serializers.ListField(child=serializers.DictField()),
                "reasons": serializers.ListField(child=serializers.DictField()),
            },
        ),
    },
)


class ConsentStatusView(APIView):
    """Per proposed, active or paused form of help of this person: is consent complete, who
    must consent, and who is still missing (the same reasons a start is refused with)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["consent"], responses={200: CONSENT_STATUS_RESPONSE})
    def get(self, request, pk: int):
        person = policy.get_visible_or_404(
            Person.objects.select_related("family"), request.user, pk=pk
        )
        today = timezone.localdate()
        language = checks.language()
        rows = selectors.status_rows(person, today=today)
        audit(request=request, action=Action.VIEW, record=person, record_type="consent.status")
        return Response(
            {
                "person": person.pk,
                "day": today.isoformat(),
                "forms_of_help": [selectors.status_dict(h, s, language) for h, s in rows],
            }
        )
