"""POST /api/v1/handover-imports/: import a warm handover (a FHIR Bundle) as a new family,
with the same rules as the upload page: all or nothing, 400 with the report when refused."""

import json

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from bloem.access import policy
from bloem.accounts.models import Location

from .forms import MAX_BUNDLE_BYTES
from .importer import import_bundle


class HandoverImportSerializer(serializers.Serializer):
    location = serializers.PrimaryKeyRelatedField(label=_("location"),
                                                  queryset=Location.objects.all())
    bundle = serializers.JSONField(label=_("FHIR Bundle"),
                                   help_text=_("The Bundle as a JSON object."))

    def validate_bundle(self, value) -> str:
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("The Bundle must be a JSON object."))
        text = json.dumps(value, ensure_ascii=False)
        if len(text.encode()) > MAX_BUNDLE_BYTES:
            raise serializers.ValidationError(_("The file is larger than 5 MB."))
        return text


REPORT = inline_serializer("HandoverImportReport", {
    "problems": serializers.ListField(child=serializers.CharField()),
    "family": serializers.IntegerField(allow_null=True),
})


class HandoverImportView(APIView):
    """Import a handover Bundle as a new family at a location; the worker becomes its
    family worker. 201 with the new family's id, or 400 with what was refused."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["interop"], request=HandoverImportSerializer,
                   responses={201: REPORT, 400: REPORT})
    def post(self, request):
        policy.require(request.user, "family.create")
        serializer = HandoverImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = import_bundle(serializer.validated_data["bundle"],
                               location=serializer.validated_data["location"],
                               worker=request.user, request=request)
        body = {"problems": report.problems, "family": report.family_id}
        return Response(body, status=status.HTTP_201_CREATED if report.ok
                        else status.HTTP_400_BAD_REQUEST)
