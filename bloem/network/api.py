"""API v1 of the practitioner network: the directory (list with the search filters of the
UI, and adding a practitioner where the worker maintains its organisation), the matching
(POST: a municipality never travels in a URL) and the network referrals (client data:
the same policy and audit as the UI; the municipality is left out for a worker who may
not see protected fields)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from bloem.access import policy
from bloem.accounts.models import Municipality
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.core.api import VisiblePrimaryKeyRelatedField, call_service
from bloem.families.api import ClientDataViewSet, FamilyFilter, ProtectedFieldsMixin
from bloem.families.models import Person

from . import selectors, services
from .models import Method, NetworkOrganisation, NetworkReferral, Population, Practitioner

MUNICIPALITIES = Municipality.objects.all()


class MunicipalityCodeField(serializers.SlugRelatedField):
    """A municipality by its CBS code. A code with a NUL character is refused as unknown
    before the lookup: PostgreSQL cannot even compare text holding one."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=MUNICIPALITIES, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


class PractitionerMethodSerializer(serializers.Serializer):
    method = serializers.CharField()
    status = serializers.CharField()
    supervisor = serializers.CharField(source="supervisor.name", default=None)
    certified_on = serializers.DateField(allow_null=True)


class PractitionerSerializer(serializers.ModelSerializer):
    """A practitioner of the directory (professional data only)."""

    organisation = serializers.PrimaryKeyRelatedField(
        queryset=NetworkOrganisation.objects.none(), label=_("organisation"))
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    base = MunicipalityCodeField(label=_("works in (CBS code)"))
    serves = MunicipalityCodeField(many=True, required=False, label=_("also serves (CBS codes)"))
    methods = PractitionerMethodSerializer(many=True, read_only=True)

    class Meta:
        model = Practitioner
        fields = ["id", "organisation", "organisation_name", "name", "population", "min_age",
                  "max_age", "base", "serves", "serves_region", "open_places", "waiting_weeks",
                  "email", "phone", "methods", "updated_at"]
        read_only_fields = ["id", "methods", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["organisation"].queryset = selectors.maintainable_organisations(request.user)
        return fields


@extend_schema(tags=["network"])
class PractitionerViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The trauma-practitioner directory: `?method=` and `?population=` filter it (the
    place search is the matching, by POST)."""

    serializer_class = PractitionerSerializer

    def get_queryset(self):
        policy.require(self.request.user, "network.view")
        method = self.request.query_params.get("method", "")
        population = self.request.query_params.get("population", "")
        return selectors.directory(method=method if method in Method.values else "",
                                   population=population if population in Population.values
                                   else "").prefetch_related("serves")

    @extend_schema(parameters=[
        OpenApiParameter("method", enum=Method.values, required=False),
        OpenApiParameter("population", enum=Population.values, required=False)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={201: PractitionerSerializer})
    def create(self, request, *args, **kwargs):
        """Add a practitioner to an organisation the worker maintains."""
        policy.require(request.user, "network.maintain")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        serves = data.pop("serves", [])
        practitioner = call_service(services.practitioner_save,
                                    practitioner=Practitioner(**data), serves=serves)
        return Response(self.get_serializer(practitioner).data, status=status.HTTP_201_CREATED)


class MatchRequestSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=Method.choices)
    municipality = MunicipalityCodeField(label=_("municipality (CBS code)"))
    person = VisiblePrimaryKeyRelatedField(Person, required=False, allow_null=True,
                                           default=None, label=_("person"))
    age = serializers.IntegerField(min_value=0, max_value=120, required=False,
                                   allow_null=True, default=None)

    def validate(self, attrs):
        if attrs["person"] is None and attrs["age"] is None:
            raise ValidationError(_("Give the person or an age."))
        return attrs


MATCH_RESPONSE = inline_serializer("NetworkMatch", many=True, fields={
    "practitioner": serializers.IntegerField(),
    "name": serializers.CharField(),
    "organisation": serializers.CharField(),
    "distance_km": serializers.IntegerField(),
    "reasons": serializers.ListField(child=serializers.CharField()),
})


@extend_schema(tags=["network"])
class MatchView(APIView):
    """The ranked proposals for a method, an age (or a person: audited as a view of that
    person) and the municipality where the treatment continues."""

    serializer_class = MatchRequestSerializer

    @extend_schema(request=MatchRequestSerializer, responses={200: MATCH_RESPONSE})
    def post(self, request):
        policy.require(request.user, "network.refer")
        serializer = MatchRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person, age = data["person"], data["age"]
        if person is not None:
            policy.require(request.user, "network.refer", person.family)
            age = services.age_of(person, timezone.localdate())
            if age is None:
                raise ValidationError({"person": _("The person's age is not known.")})
        matches = services.match(method=data["method"], age=age,
                                 municipality=data["municipality"])
        if person is not None:
            audit(request=request, action=Action.VIEW, record=person,
                  reason="practitioner matching")
        return Response([{"practitioner": m.candidate.id, "name": m.candidate.name,
                          "organisation": m.candidate.organisation,
                          "distance_km": m.distance_km, "reasons": list(m.reasons)}
                         for m in matches])


class NetworkReferralSerializer(ProtectedFieldsMixin, serializers.ModelSerializer):
    """The practitioner chosen for a family member; `municipality_code` is left out for a
    worker who may not see protected fields."""

    person = VisiblePrimaryKeyRelatedField(Person, label=_("person"))
    practitioner = serializers.PrimaryKeyRelatedField(queryset=Practitioner.objects.all(),
                                                      label=_("practitioner"))
    method = serializers.ChoiceField(choices=Method.choices)
    municipality = MunicipalityCodeField(
        write_only=True, label=_("municipality (CBS code)"))
    reasons = serializers.ListField(source="reason_list", read_only=True)

    class Meta:
        model = NetworkReferral
        fields = ["id", "family", "person", "practitioner", "practitioner_name", "method",
                  "municipality", "municipality_code", "reasons", "chosen_by", "chosen_on"]
        read_only_fields = ["id", "family", "practitioner_name", "municipality_code",
                            "reasons", "chosen_by", "chosen_on"]


@extend_schema(tags=["network"])
class NetworkReferralViewSet(ClientDataViewSet):
    """Network referrals in the families the worker may see; `?family=<id>` for one."""

    queryset = NetworkReferral.objects.none()
    serializer_class = NetworkReferralSerializer
    filter_backends = [FamilyFilter]

    def get_queryset(self):
        return selectors.referrals(user=self.request.user).order_by("family_id", "-chosen_on",
                                                                    "pk")

    @extend_schema(responses={201: NetworkReferralSerializer})
    def create(self, request, *args, **kwargs):
        """Record the practitioner chosen for a person: one of the proposals of the
        matching for that person, method and municipality."""
        policy.require(request.user, "network.refer")
        data = self.validated(NetworkReferralSerializer)
        person = data["person"]
        policy.require(request.user, "network.refer", person.family)
        referral = call_service(services.referral_create, request=request, person=person,
                                practitioner_id=data["practitioner"].pk, method=data["method"],
                                municipality=data["municipality"])
        return self.serialize(NetworkReferralSerializer, referral,
                              status=status.HTTP_201_CREATED)
