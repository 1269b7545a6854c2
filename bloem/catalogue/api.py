"""API v1 of the flower: the petals (the catalogue of help: reference data, no client data,
not audited) and the forms of help started from a petal for one family member (client
data: scoped, audited and written through the services like the family file)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action

from bloem.access import policy
from bloem.accounts.models import Worker
from bloem.core.api import VisiblePrimaryKeyRelatedField, call_service
from bloem.families.api import (
    CONFLICT_RESPONSE,
    ClientDataViewSet,
    FamilyFilter,
    VersionedUpdateSerializer,
    call_edit_service,
)
from bloem.families.models import Family, Person

from . import services
from .models import HelpForm, Petal


class PetalSerializer(serializers.ModelSerializer):
    """A petal of the flower: one kind of help, its provider and financing."""

    name = serializers.CharField(source="label", read_only=True, label=_("name"))
    description = serializers.CharField(source="description_label", read_only=True,
                                        label=_("description"))

    class Meta:
        model = Petal
        fields = ["code", "domain", "name", "description", "provider_kind", "financing"]
        read_only_fields = fields


@extend_schema(tags=["catalogue"])
class PetalViewSet(viewsets.ReadOnlyModelViewSet):
    """The petals of the flower: the forms of help a family member can receive."""

    queryset = Petal.objects.order_by("domain__order", "order", "code")
    serializer_class = PetalSerializer
    lookup_field = "code"
    lookup_value_regex = r"[-\w]+"


class HelpFormSerializer(serializers.ModelSerializer):
    """A form of help from one petal for one family member."""

    family = VisiblePrimaryKeyRelatedField(Family, label=_("family"))
    person = VisiblePrimaryKeyRelatedField(Person, label=_("receives the help"))
    responsible = serializers.PrimaryKeyRelatedField(
        label=_("responsible worker"), queryset=Worker.objects.filter(is_active=True)
    )

    class Meta:
        model = HelpForm
        fields = ["id", "family", "person", "petal", "responsible", "started_on", "ended_on",
                  "goal", "version", "created_at", "updated_at"]
        read_only_fields = ["id", "ended_on", "version", "created_at", "updated_at"]


class HelpFormEndSerializer(VersionedUpdateSerializer, serializers.ModelSerializer):
    """The day the help ends, and the version of the form of help it was decided on."""

    class Meta:
        model = HelpForm
        fields = ["ended_on", "version"]
        extra_kwargs = {"ended_on": {"required": True, "allow_null": False}}


@extend_schema(tags=["help-forms"])
class HelpFormViewSet(ClientDataViewSet):
    """Forms of help in the families the worker may see; `?family=<id>` for one family."""

    queryset = HelpForm.objects.none()
    serializer_class = HelpFormSerializer
    filter_backends = [FamilyFilter]

    def get_queryset(self):
        return (
            HelpForm.objects.visible_to(self.request.user)
            .select_related("family")
            .order_by("family_id", "-started_on", "pk")
        )

    @extend_schema(responses={201: HelpFormSerializer})
    def create(self, request, *args, **kwargs):
        """Start a form of help for a member of a family the worker may see."""
        policy.require(request.user, "helpform.change")
        data = self.validated(HelpFormSerializer)
        policy.require(request.user, "helpform.change", data["family"])
        help_form = call_service(services.helpform_start, request=request, **data)
        return self.serialize(HelpFormSerializer, help_form, status=status.HTTP_201_CREATED)

    @extend_schema(request=HelpFormEndSerializer,
                   responses={200: HelpFormSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"], serializer_class=HelpFormEndSerializer)
    def end(self, request, *args, **kwargs):
        """End the form of help."""
        help_form = self.get_object()
        policy.require(request.user, "helpform.change", help_form.family)
        data = self.validated(HelpFormEndSerializer)
        help_form = call_edit_service(services.helpform_end, request=request,
                                      help_form=help_form, version=data["version"],
                                      ended_on=data["ended_on"])
        return self.serialize(HelpFormSerializer, help_form)
