"""API v1 of the family file: families, persons and stays (with phase decisions and safety
assessments). Thin viewsets: querysets start from `visible_to(user)` (outsiders get 404),
writes ask `policy.require` (403) and go through the services (which audit them), every
response that shows client data logs exactly one access event, and protected fields are
left out for a worker who may not see them. Edits carry the `version` they were made on
(required, also in a PATCH); an edit of an older version is answered 409 Conflict with a
message that says who changed what meanwhile and the current version."""

from django.db.models import Model, Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ErrorDetail
from rest_framework.filters import BaseFilterBackend
from rest_framework.request import Request
from rest_framework.response import Response

from bloem.access import policy
from bloem.accounts.models import Location, Municipality, Role, Unit, Worker
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.core.api import VisiblePrimaryKeyRelatedField, call_service
from bloem.core.pagination import IdFirstPagination

from . import selectors, services
from .changes import EditConflictError
from .models import Family, Person, PhaseDecision, SafetyAssessment, SafetyLevel, Stay

# -- shared by the client-data viewsets (also used by bloem.catalogue.api) ------------------


def family_filter_value(request: Request) -> int | None:
    """The family id of `?family=<id>`, or None; a malformed id is a 400."""
    raw = request.query_params.get("family")
    if raw in (None, ""):
        return None
    try:
        return serializers.IntegerField(min_value=1).run_validation(raw)
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({"family": exc.detail}) from None


class FamilyFilter(BaseFilterBackend):
    """`?family=<id>`: only the records of one family, within those the user may see (a
    foreign family simply gives an empty list)."""

    def filter_queryset(self, request, queryset, view):
        family_id = family_filter_value(request)
        if family_id is None:
            return queryset
        return queryset.filter(family_id=family_id)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "family",
                "required": False,
                "in": "query",
                "description": str(_("Only the records of this family.")),
                "schema": {"type": "integer"},
            }
        ]


class ProtectedFieldsMixin:
    """Leaves the model's PROTECTED_FIELDS out of the representation (the keys are absent,
    not empty) for a worker who may not see them. A list passes the families whose
    protected fields the user may see as context `protected_family_ids` (one query per
    page); a single object asks the policy, which caches the answer per request."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self._may_see_protected(instance):
            for name in instance.PROTECTED_FIELDS:
                data.pop(name, None)
        return data

    def _may_see_protected(self, instance) -> bool:
        family_ids = self.context.get("protected_family_ids")
        if family_ids is not None:
            return instance.family_id in family_ids
        request = self.context.get("request")
        if request is None:
            return False
        return policy.can_see_protected(request.user, instance.family)


class ProtectedFieldsSchema(OpenApiSerializerExtension):
    """In the OpenAPI schema, protected fields are optional in responses: they may be
    absent."""

    target_class = ProtectedFieldsMixin
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        protected = self.target.Meta.model.PROTECTED_FIELDS
        required = [name for name in schema.get("required", []) if name not in protected]
        if required:
            schema["required"] = required
        else:
            schema.pop("required", None)
        note = str(_("Left out for a worker who may not see protected fields."))
        for name in protected:
            field = schema.get("properties", {}).get(name)
            if field is not None:
                field["description"] = " ".join(filter(None, [field.get("description"), note]))
        return schema


class ApiConflictError(APIException):
    """409: the record was changed by someone else since the version the client sent.
    The body holds the message (who changed what, and when) and the current version."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This record has been changed by someone else in the meantime.")
    default_code = "conflict"

    def __init__(self, conflict: EditConflictError):
        super().__init__()
        # Set after construction so that the version stays a number in the JSON.
        self.detail = {"detail": ErrorDetail(conflict.message, code="conflict"),
                       "version": conflict.version}


CONFLICT_RESPONSE = inline_serializer(
    "EditConflict",
    fields={
        "detail": serializers.CharField(
            help_text=_("Who changed the record meanwhile, when, and what it holds now.")),
        "version": serializers.IntegerField(help_text=_("The record's current version.")),
    },
)


def call_edit_service(service, /, **kwargs):
    """`call_service` for an edit: a stale version is a 409, other refusals a 400."""

    def edit(**arguments):
        try:
            return service(**arguments)
        except EditConflictError as conflict:
            raise ApiConflictError(conflict) from conflict

    return call_service(edit, **kwargs)


class VersionedUpdateSerializer(serializers.Serializer):
    """An edit names the version of the record it was made on (optimistic locking), also
    in a partial update (PATCH), where DRF would otherwise make every field optional."""

    version = serializers.IntegerField(
        label=_("version"), min_value=1, max_value=2**31 - 1,
        help_text=_("The version of the record this change was made on, as last read. "
                    "A change of an older version is refused with 409 Conflict."),
    )

    def validate(self, attrs):
        if "version" not in attrs:
            raise serializers.ValidationError(
                {"version": [self.fields["version"].error_messages["required"]]})
        return super().validate(attrs)


class VersionedUpdateSchema(OpenApiSerializerExtension):
    """In the OpenAPI schema `version` is required in the request, PATCH included."""

    target_class = VersionedUpdateSerializer
    match_subclasses = True
    priority = 1  # above ProtectedFieldsSchema: update serializers are requests only

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "request":
            required = schema.setdefault("required", [])
            if "version" not in required:
                required.append("version")
        return schema


def change_reason_field() -> serializers.CharField:
    return serializers.CharField(
        label=_("reason for the change"), required=False, allow_blank=True, max_length=500,
        write_only=True, help_text=_("Kept with the earlier values in the change history."),
    )


class ClientDataViewSet(viewsets.GenericViewSet):
    """List and retrieve over client data, each logging exactly one access event: a list
    one LIST event for the page (with the family when filtered by `?family=`), a retrieve
    one VIEW event for the object. Writes are audited by the services."""

    lookup_value_regex = r"\d+"
    # Serializer per action, for the browsable API's forms and the schema.
    action_serializers: dict[str, type[serializers.BaseSerializer]] = {}

    def get_serializer_class(self):
        return self.action_serializers.get(self.action) or super().get_serializer_class()

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        objects = list(page if page is not None else queryset)
        context = self.get_serializer_context()
        model: type[Model] = queryset.model
        if hasattr(model, "PROTECTED_FIELDS"):
            family_ids = {obj.family_id for obj in objects}
            context["protected_family_ids"] = (
                policy.protected_family_ids(request.user, family_ids) if family_ids else set()
            )
        data = self.get_serializer_class()(objects, many=True, context=context).data
        filtered = FamilyFilter in self.filter_backends
        audit(
            request=request,
            action=Action.LIST,
            record_type=model._meta.label_lower,
            subject_count=len(objects),
            family_id=family_filter_value(request) if filtered else None,
        )
        if page is not None:
            return self.get_paginated_response(data)
        return Response(data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        data = self.get_serializer(instance).data
        audit(request=request, action=Action.VIEW, record=instance)
        return Response(data)

    def serialize(self, serializer_class, instance, **kwargs) -> Response:
        """Answer with `instance` (after a write: the service has audited it)."""
        context = self.get_serializer_context()
        return Response(serializer_class(instance, context=context).data, **kwargs)

    def validated(self, serializer_class, **kwargs) -> dict:
        """The request's data, validated by `serializer_class` (400 when invalid)."""
        context = self.get_serializer_context()
        serializer = serializer_class(data=self.request.data, context=context, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


# -- families -----------------------------------------------------------------------------


class OpenStaySerializer(serializers.ModelSerializer):
    """The open stay as shown with the family: without its (protected) location and unit."""

    class Meta:
        model = Stay
        fields = ["id", "started_on", "phase", "safety_level", "family_worker"]
        read_only_fields = fields


class FamilySerializer(serializers.ModelSerializer):
    """A family file with its open stay."""

    open_stay = serializers.SerializerMethodField(label=_("shelter stay"))

    class Meta:
        model = Family
        fields = ["id", "reference", "name", "municipality", "open_stay", "version",
                  "created_at", "updated_at"]
        read_only_fields = fields

    @extend_schema_field(OpenStaySerializer(allow_null=True))
    def get_open_stay(self, family: Family) -> dict | None:
        stays = getattr(family, "open_stays", None)  # prefetched by selectors.family_list
        if stays is None:
            stays = list(family.stays.filter(ended_on__isnull=True))
        return OpenStaySerializer(stays[0]).data if stays else None


def family_workers():
    return Worker.objects.filter(
        is_active=True, memberships__role=Role.FAMILY_WORKER
    ).distinct()


class FamilyCreateSerializer(serializers.Serializer):
    """The intake: the family, its stay, the first safety level and the family worker."""

    name = serializers.CharField(label=_("family name"), max_length=100)
    municipality = serializers.PrimaryKeyRelatedField(
        label=_("municipality of origin"), queryset=Municipality.objects.all(),
        required=False, allow_null=True, default=None,
        help_text=_("CBS code, e.g. GM0363."),
    )
    location = serializers.PrimaryKeyRelatedField(label=_("location"),
                                                  queryset=Location.objects.all())
    unit = serializers.PrimaryKeyRelatedField(label=_("unit"), queryset=Unit.objects.all())
    started_on = serializers.DateField(label=_("start date"))
    family_worker = serializers.PrimaryKeyRelatedField(
        label=_("family worker"), queryset=family_workers(),
        help_text=_("The one fixed family worker for the whole stay (M-04)."),
    )
    safety_level = serializers.ChoiceField(label=_("safety level"),
                                           choices=SafetyLevel.choices)
    safety_explanation = serializers.CharField(label=_("explanation"))


class FamilyUpdateSerializer(VersionedUpdateSerializer, serializers.ModelSerializer):
    """What may change about a family itself."""

    reason = change_reason_field()

    class Meta:
        model = Family
        fields = ["name", "municipality", "reason", "version"]


@extend_schema(tags=["families"])
class FamilyViewSet(ClientDataViewSet):
    """Families the worker may see (own caseload, or the location a team manager covers)."""

    queryset = Family.objects.none()
    serializer_class = FamilySerializer
    pagination_class = IdFirstPagination  # each row carries its child count
    action_serializers = {"create": FamilyCreateSerializer,
                          "partial_update": FamilyUpdateSerializer}

    def get_queryset(self):
        return selectors.family_list(user=self.request.user)

    @extend_schema(request=FamilyCreateSerializer, responses={201: FamilySerializer})
    def create(self, request, *args, **kwargs):
        """Open a family file with its stay (the intake)."""
        policy.require(request.user, "family.create")
        data = self.validated(FamilyCreateSerializer)
        family = call_service(
            services.family_create, request=request, **data,
            field_map={"level": "safety_level", "explanation": "safety_explanation",
                       "assessed_on": "started_on", "decided_on": "started_on"},
        )
        return self.serialize(FamilySerializer, family, status=status.HTTP_201_CREATED)

    @extend_schema(request=FamilyUpdateSerializer,
                   responses={200: FamilySerializer, 409: CONFLICT_RESPONSE})
    def partial_update(self, request, *args, **kwargs):
        """Change the family's name or municipality of origin."""
        family = self.get_object()
        policy.require(request.user, "family.change", family)
        data = self.validated(FamilyUpdateSerializer, partial=True)
        family = call_edit_service(
            services.family_update, request=request, family=family, version=data["version"],
            name=data.get("name", family.name),
            municipality=data.get("municipality", family.municipality),
            reason=data.get("reason", ""),
        )
        return self.serialize(FamilySerializer, family)


# -- persons ------------------------------------------------------------------------------


class PersonSerializer(ProtectedFieldsMixin, serializers.ModelSerializer):
    """A member of the family's system. Address, phone and new address are absent for a
    worker who may not see them (one who only serves the other parent)."""

    family = VisiblePrimaryKeyRelatedField(Family, label=_("family"))

    class Meta:
        model = Person
        fields = ["id", "family", "family_role", "first_name", "last_name", "date_of_birth",
                  "gender", "network_relation", "address", "phone", "new_address", "version",
                  "created_at", "updated_at"]
        read_only_fields = ["id", "version", "created_at", "updated_at"]


class PersonUpdateSerializer(VersionedUpdateSerializer, PersonSerializer):
    """A person stays in their family."""

    family = serializers.PrimaryKeyRelatedField(label=_("family"), read_only=True)
    reason = change_reason_field()

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "reason"]
        read_only_fields = ["id", "created_at", "updated_at"]


@extend_schema(tags=["persons"])
class PersonViewSet(ClientDataViewSet):
    """Members of the families the worker may see; `?family=<id>` for one family."""

    queryset = Person.objects.none()
    serializer_class = PersonSerializer
    action_serializers = {"partial_update": PersonUpdateSerializer}
    filter_backends = [FamilyFilter]
    # By family, then id: PostgreSQL walks the family index in order and stops after a
    # page, where in id order it sorted every person of the scope (the benchmark, issue 12).
    keyset_ordering = ("family_id", "pk")

    def get_queryset(self):
        # No join of the family: the rows show its id only, and with the join PostgreSQL
        # read every family of the database for a keyset page (the benchmark, issue 12).
        return (
            Person.objects.visible_to(self.request.user)
            .order_by("family_id", "family_role", "date_of_birth", "first_name", "pk")
        )

    @extend_schema(responses={201: PersonSerializer})
    def create(self, request, *args, **kwargs):
        """Add a member to a family the worker may see."""
        policy.require(request.user, "person.change")
        data = dict(self.validated(PersonSerializer))
        family = data.pop("family")
        policy.require(request.user, "person.change", family)
        person = call_service(services.person_create, request=request, family=family, **data)
        return self.serialize(PersonSerializer, person, status=status.HTTP_201_CREATED)

    @extend_schema(request=PersonUpdateSerializer,
                   responses={200: PersonSerializer, 409: CONFLICT_RESPONSE})
    def partial_update(self, request, *args, **kwargs):
        """Change a person's details (not their family)."""
        person = self.get_object()
        policy.require(request.user, "person.change", person.family)
        data = self.validated(PersonUpdateSerializer, partial=True)
        person = call_edit_service(services.person_update, request=request, person=person,
                                   **data)
        return self.serialize(PersonSerializer, person)


# -- stays --------------------------------------------------------------------------------


class PhaseDecisionSerializer(serializers.ModelSerializer):
    """A recorded decision to put the stay in a phase of the care chain."""

    class Meta:
        model = PhaseDecision
        fields = ["id", "stay", "phase", "decided_on", "decided_by", "reason", "recorded_at"]
        read_only_fields = ["id", "stay", "decided_by", "recorded_at"]


class SafetyAssessmentSerializer(serializers.ModelSerializer):
    """A (re-)assessment of the safety level; the stay takes the latest."""

    # Named as on the stay and at intake, so that the API has one name for the level.
    safety_level = serializers.ChoiceField(source="level", label=_("safety level"),
                                           choices=SafetyLevel.choices)

    class Meta:
        model = SafetyAssessment
        fields = ["id", "stay", "safety_level", "assessed_on", "assessed_by", "explanation",
                  "recorded_at"]
        read_only_fields = ["id", "stay", "assessed_by", "recorded_at"]


class StaySerializer(ProtectedFieldsMixin, serializers.ModelSerializer):
    """A shelter stay. Location and unit are absent for a worker who may not see them."""

    class Meta:
        model = Stay
        fields = ["id", "family", "location", "unit", "started_on", "ended_on",
                  "family_worker", "phase", "safety_level", "version", "created_at",
                  "updated_at"]
        read_only_fields = fields


class StayDetailSerializer(StaySerializer):
    """One stay with the history of its phase and safety level."""

    phase_decisions = PhaseDecisionSerializer(many=True, read_only=True)
    safety_assessments = SafetyAssessmentSerializer(many=True, read_only=True)

    class Meta(StaySerializer.Meta):
        fields = [*StaySerializer.Meta.fields, "phase_decisions", "safety_assessments"]
        read_only_fields = fields


@extend_schema(tags=["stays"])
class StayViewSet(ClientDataViewSet):
    """Shelter stays of the families the worker may see; `?family=<id>` for one family.
    Phase and safety level change only through a recorded decision or assessment."""

    queryset = Stay.objects.none()
    serializer_class = StaySerializer
    action_serializers = {"retrieve": StayDetailSerializer}
    filter_backends = [FamilyFilter]

    def get_queryset(self):
        stays = (
            Stay.objects.visible_to(self.request.user)
            .select_related("family")
            .order_by("family_id", "-started_on", "pk")
        )
        if self.action == "retrieve":
            stays = stays.prefetch_related(
                Prefetch("phase_decisions", queryset=PhaseDecision.objects.order_by(
                    "-decided_on", "-recorded_at")),
                Prefetch("safety_assessments", queryset=SafetyAssessment.objects.order_by(
                    "-assessed_on", "-recorded_at")),
            )
        return stays

    @extend_schema(request=PhaseDecisionSerializer, responses={201: PhaseDecisionSerializer})
    @action(detail=True, methods=["post"], url_path="phase-decisions",
            serializer_class=PhaseDecisionSerializer)
    def phase_decisions(self, request, *args, **kwargs):
        """Move the stay to another phase of the care chain (a recorded decision)."""
        stay = self.get_object()
        policy.require(request.user, "phase.decide", stay.family)
        data = self.validated(PhaseDecisionSerializer)
        decision = call_service(services.phase_decide, request=request, stay=stay, **data)
        return self.serialize(PhaseDecisionSerializer, decision, status=status.HTTP_201_CREATED)

    @extend_schema(request=SafetyAssessmentSerializer,
                   responses={201: SafetyAssessmentSerializer})
    @action(detail=True, methods=["post"], url_path="safety-assessments",
            serializer_class=SafetyAssessmentSerializer)
    def safety_assessments(self, request, *args, **kwargs):
        """Record a (re-)assessment of the safety level."""
        stay = self.get_object()
        policy.require(request.user, "safety.assess", stay.family)
        data = self.validated(SafetyAssessmentSerializer)
        assessment = call_service(services.safety_assess, request=request, stay=stay, **data,
                                  field_map={"level": "safety_level"})
        return self.serialize(SafetyAssessmentSerializer, assessment,
                              status=status.HTTP_201_CREATED)

