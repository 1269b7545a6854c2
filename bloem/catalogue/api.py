"""API v1 of the flower: the petals (the catalogue of help: reference data, no client data,
not audited) and the forms of help started from a petal for one family member (client
data: scoped, audited and written through the services like the family file)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException

from bloem.access import policy
from bloem.accounts.models import Worker
from bloem.consent.checks import RulesRefusedError
from bloem.core.api import VisiblePrimaryKeyRelatedField
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


class RulesRefusedApiError(APIException):
    """409: the care rules do not allow the action (bloem.rules). The body names the
    reasons — e.g. who must still consent — and what would unblock each."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The care rules do not allow this.")
    default_code = "rules"

    def __init__(self, refusal: RulesRefusedError):
        super().__init__()
        self.detail = refusal.as_dict()


RULES_RESPONSE = inline_serializer(
    "RulesRefusal",
    fields={
        "detail": serializers.CharField(help_text=_("The reasons, in one text.")),
        "outcome": serializers.ChoiceField(choices=["blocked", "warning"]),
        "reasons": inline_serializer("RuleReason", many=True, fields={
            "rule": serializers.CharField(help_text=_("The rule's id (docs/rules.md).")),
            "severity": serializers.CharField(),
            "code": serializers.CharField(),
            "message": serializers.CharField(),
            "unblock": serializers.CharField(help_text=_("What would unblock it.")),
            "source": serializers.CharField(help_text=_("Law article or method section.")),
        }),
    },
)


def call_rules_service(service, /, **kwargs):
    """`call_edit_service`, with a refusal of the care rules answered by a 409."""

    def guarded(**arguments):
        try:
            return service(**arguments)
        except RulesRefusedError as refusal:
            raise RulesRefusedApiError(refusal) from refusal

    return call_edit_service(guarded, **kwargs)


class HelpFormSerializer(serializers.ModelSerializer):
    """A form of help from one petal for one family member. It starts only when the care
    rules allow it (409 with the reasons otherwise); `propose` saves it as proposed, to
    start later (`start`)."""

    family = VisiblePrimaryKeyRelatedField(Family, label=_("family"))
    person = VisiblePrimaryKeyRelatedField(Person, label=_("receives the help"))
    responsible = serializers.PrimaryKeyRelatedField(
        label=_("responsible worker"), queryset=Worker.objects.filter(is_active=True)
    )
    supervisor = serializers.PrimaryKeyRelatedField(
        label=_("supervisor"), queryset=Worker.objects.filter(is_active=True),
        required=False, allow_null=True,
    )
    propose = serializers.BooleanField(
        label=_("only propose"), write_only=True, required=False, default=False,
        help_text=_("Save as proposed, to start when the care rules allow it."))
    acknowledge_warnings = serializers.BooleanField(
        label=_("acknowledge the warnings"), write_only=True, required=False, default=False,
        help_text=_("The worker acknowledges the care rules' warnings (e.g. recovery help "
                    "in the direct-safety phase)."))

    class Meta:
        model = HelpForm
        fields = ["id", "family", "person", "petal", "responsible", "supervisor", "started_on",
                  "ended_on", "goal", "status", "warnings_acknowledged", "propose",
                  "acknowledge_warnings", "version", "created_at", "updated_at"]
        read_only_fields = ["id", "ended_on", "status", "warnings_acknowledged", "version",
                            "created_at", "updated_at"]


class HelpFormStartSerializer(VersionedUpdateSerializer, serializers.ModelSerializer):
    """Start a proposed form of help, or resume a paused one."""

    acknowledge_warnings = serializers.BooleanField(
        label=_("acknowledge the warnings"), required=False, default=False)

    class Meta:
        model = HelpForm
        fields = ["version", "acknowledge_warnings"]


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
            .select_related("family", "person", "petal", "responsible__organisation",
                            "supervisor__organisation")
            .order_by("family_id", "-started_on", "pk")
        )

    @extend_schema(responses={201: HelpFormSerializer, 409: RULES_RESPONSE})
    def create(self, request, *args, **kwargs):
        """Start (or only propose) a form of help for a member of a family the worker may
        see. 409 when the care rules do not allow the start, with the reasons."""
        policy.require(request.user, "helpform.change")
        data = self.validated(HelpFormSerializer)
        policy.require(request.user, "helpform.change", data["family"])
        help_form = call_rules_service(services.helpform_start, request=request, **data)
        return self.serialize(HelpFormSerializer, help_form, status=status.HTTP_201_CREATED)

    @extend_schema(request=HelpFormStartSerializer,
                   responses={200: HelpFormSerializer, 409: RULES_RESPONSE})
    @action(detail=True, methods=["post"], serializer_class=HelpFormStartSerializer)
    def start(self, request, *args, **kwargs):
        """Start a proposed form of help, or resume a paused one, when the care rules allow
        it (409 with the reasons otherwise, or when the version is stale)."""
        help_form = self.get_object()
        policy.require(request.user, "helpform.change", help_form.family)
        data = self.validated(HelpFormStartSerializer)
        help_form = call_rules_service(services.helpform_activate, request=request,
                                       help_form=help_form, version=data["version"],
                                       acknowledge_warnings=data["acknowledge_warnings"])
        return self.serialize(HelpFormSerializer, help_form)

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
