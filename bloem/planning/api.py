"""API v1 of working as one team: referrals, joint analyses, family action plans and their
goals, with their status transitions. The same policy (querysets from `visible_to`, which
also leaves out families whose protected details the worker may not see; writes ask
`policy.require`), the same services (which audit), and exactly one access event per read.
A status change that the transition tables do not allow answers 409 with the reason."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ErrorDetail

from bloem.access import policy
from bloem.accounts.models import Worker
from bloem.catalogue.models import Petal
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
from .models import (
    ActionPlan,
    ChildWorkPlan,
    Goal,
    GoalStatus,
    HgdPhase,
    JointAnalysis,
    PlanAgreement,
    Progress,
    Referral,
    ReferralStatus,
    ReferralStep,
)
from .transitions import TransitionError

PERMISSION = "plan.change"


class TransitionApiError(APIException):
    """409: the status change is not in the transition table; the body says why."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This status change is not allowed.")
    default_code = "transition"

    def __init__(self, refusal: TransitionError):
        super().__init__()
        self.detail = {"detail": ErrorDetail(refusal.reason, code="transition")}


TRANSITION_RESPONSE = inline_serializer(
    "TransitionRefusal",
    fields={"detail": serializers.CharField(
        help_text=_("Why the change is not allowed, and which steps are."))},
)


def call_transition(service, /, **kwargs):
    """`call_edit_service`, with a refused status change answered by a 409."""

    def guarded(**arguments):
        try:
            return service(**arguments)
        except TransitionError as refusal:
            raise TransitionApiError(refusal) from refusal

    return call_edit_service(guarded, **kwargs)


def _workers():
    return Worker.objects.filter(is_active=True)


# -- referrals -----------------------------------------------------------------------------


class ReferralStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReferralStep
        fields = ["status", "at", "by", "reason"]
        read_only_fields = fields


class ReferralSerializer(serializers.ModelSerializer):
    """A referral (aanmelding) to youth care or the GGZ partner; `person` empty for the
    whole family. Each step of its flow is stamped with who and when."""

    family = VisiblePrimaryKeyRelatedField(Family, label=_("family"))
    person = VisiblePrimaryKeyRelatedField(Person, label=_("for"), required=False,
                                           allow_null=True, default=None)
    steps = ReferralStepSerializer(many=True, read_only=True)

    class Meta:
        model = Referral
        fields = ["id", "family", "person", "receiver", "question", "signals", "urgency",
                  "tried", "status", "referred_on", "referred_by", "steps", "version"]
        read_only_fields = ["id", "status", "referred_on", "referred_by", "steps", "version"]


class ReferralTransitionSerializer(VersionedUpdateSerializer):
    status = serializers.ChoiceField(label=_("next step"), choices=ReferralStatus.choices)
    reason = serializers.CharField(label=_("reason"), required=False, allow_blank=True,
                                   max_length=2000, default="")


@extend_schema(tags=["referrals"])
class ReferralViewSet(ClientDataViewSet):
    """Referrals in the families the worker may see; `?family=<id>` for one family."""

    queryset = Referral.objects.none()
    serializer_class = ReferralSerializer
    filter_backends = [FamilyFilter]

    def get_queryset(self):
        return (Referral.objects.visible_to(self.request.user)
                .select_related("family", "person", "referred_by")
                .prefetch_related("steps").order_by("family_id", "-referred_on", "pk"))

    @extend_schema(responses={201: ReferralSerializer})
    def create(self, request, *args, **kwargs):
        """Refer a child, a parent or the family."""
        policy.require(request.user, PERMISSION)
        data = dict(self.validated(ReferralSerializer))
        family = data.pop("family")
        policy.require(request.user, PERMISSION, family)
        referral = call_transition(services.referral_create, request=request, family=family,
                                   **data)
        return self.serialize(ReferralSerializer, referral, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReferralTransitionSerializer,
                   responses={200: ReferralSerializer, 409: TRANSITION_RESPONSE})
    @action(detail=True, methods=["post"], serializer_class=ReferralTransitionSerializer)
    def transition(self, request, *args, **kwargs):
        """The next step of the referral (the receiving team): accepted, declined or
        redirected (these two with a reason). 409 with the reason when the flow does not
        allow it, or when the version is stale."""
        referral = self.get_object()
        policy.require(request.user, "referral.handle", referral.family)
        data = self.validated(ReferralTransitionSerializer)
        referral = call_transition(services.referral_move, request=request,
                                   referral=referral, **data)
        return self.serialize(ReferralSerializer, referral)


# -- joint analyses ------------------------------------------------------------------------


class JointAnalysisSerializer(serializers.ModelSerializer):
    """A joint analysis along the phases of Handelingsgerichte Diagnostiek."""

    family = VisiblePrimaryKeyRelatedField(Family, label=_("family"))
    referral = VisiblePrimaryKeyRelatedField(Referral, label=_("referral"), required=False,
                                             allow_null=True, default=None)
    workers = serializers.PrimaryKeyRelatedField(
        label=_("workers who take part"), many=True, queryset=_workers(), required=False)
    members = VisiblePrimaryKeyRelatedField(Person, label=_("family members who take part"),
                                            many=True, required=False)
    chosen_petals = serializers.SerializerMethodField()

    class Meta:
        model = JointAnalysis
        fields = ["id", "family", "referral", "planned_on", "held_on", "phase", "workers",
                  "members", *JointAnalysis.RISK_FACTORS, "risk_notes", "stressors",
                  "relationship", "stress_pattern", "conclusions", "advice", "chosen_petals",
                  "version"]
        read_only_fields = ["id", "held_on", "phase", *JointAnalysis.RISK_FACTORS,
                            "risk_notes", "stressors", "relationship", "stress_pattern",
                            "conclusions", "advice", "chosen_petals", "version"]

    def get_chosen_petals(self, analysis) -> list[dict]:
        return [{"person": c.person_id, "petal": c.petal_id, "help_form": c.help_form_id}
                for c in analysis.chosen_petals.all()]


class AnalysisPhaseSerializer(VersionedUpdateSerializer):
    phase = serializers.ChoiceField(label=_("phase"), choices=HgdPhase.choices)


@extend_schema(tags=["analyses"])
class JointAnalysisViewSet(ClientDataViewSet):
    """Joint analyses in the families the worker may see; `?family=<id>` for one family."""

    queryset = JointAnalysis.objects.none()
    serializer_class = JointAnalysisSerializer
    filter_backends = [FamilyFilter]

    def get_queryset(self):
        return (JointAnalysis.objects.visible_to(self.request.user)
                .select_related("family").prefetch_related("workers", "members",
                                                           "chosen_petals")
                .order_by("family_id", "-planned_on", "pk"))

    @extend_schema(responses={201: JointAnalysisSerializer, 409: TRANSITION_RESPONSE})
    def create(self, request, *args, **kwargs):
        """Plan a joint analysis; a referral that was taken on moves to 'analysis planned'
        (409 when the referral is not taken on)."""
        policy.require(request.user, PERMISSION)
        data = dict(self.validated(JointAnalysisSerializer))
        family = data.pop("family")
        policy.require(request.user, PERMISSION, family)
        analysis = call_transition(services.analysis_create, request=request, family=family,
                                   **data)
        return self.serialize(JointAnalysisSerializer, analysis,
                              status=status.HTTP_201_CREATED)

    @extend_schema(request=AnalysisPhaseSerializer,
                   responses={200: JointAnalysisSerializer, 409: TRANSITION_RESPONSE})
    @action(detail=True, methods=["post"], serializer_class=AnalysisPhaseSerializer)
    def phase(self, request, *args, **kwargs):
        """Move the analysis to its next HGD phase (409 with the reason otherwise)."""
        analysis = self.get_object()
        policy.require(request.user, PERMISSION, analysis.family)
        data = self.validated(AnalysisPhaseSerializer)
        analysis = call_transition(services.analysis_update, request=request,
                                   analysis=analysis, version=data["version"],
                                   phase=data["phase"])
        return self.serialize(JointAnalysisSerializer, analysis)


# -- goals and plans ---------------------------------------------------------------------------


class GoalSerializer(serializers.ModelSerializer):
    """A goal of the family action plan for one family member."""

    family = VisiblePrimaryKeyRelatedField(Family, label=_("family"))
    person = VisiblePrimaryKeyRelatedField(Person, label=_("for"))
    petal = serializers.PrimaryKeyRelatedField(label=_("petal"), queryset=Petal.objects.all(),
                                               required=False, allow_null=True, default=None)
    responsible = serializers.PrimaryKeyRelatedField(label=_("responsible worker"),
                                                     queryset=_workers())

    class Meta:
        model = Goal
        fields = ["id", "family", "person", "description", "actions", "petal", "responsible",
                  "organisation", "started_on", "review_on", "status", "evaluation",
                  "version"]
        read_only_fields = ["id", "organisation", "status", "evaluation", "version"]


class GoalReviewSerializer(VersionedUpdateSerializer):
    reviewed_on = serializers.DateField(label=_("reviewed on"))
    progress = serializers.ChoiceField(label=_("progress"), choices=Progress.choices)
    status = serializers.ChoiceField(label=_("status"), choices=GoalStatus.choices)
    evaluation = serializers.CharField(label=_("evaluation"), max_length=5000)
    next_review_on = serializers.DateField(label=_("next review"), required=False,
                                           allow_null=True, default=None)


@extend_schema(tags=["goals"])
class GoalViewSet(ClientDataViewSet):
    """Goals in the families the worker may see; `?family=<id>` for one family."""

    queryset = Goal.objects.none()
    serializer_class = GoalSerializer
    filter_backends = [FamilyFilter]

    def get_queryset(self):
        return (Goal.objects.visible_to(self.request.user).select_related("family")
                .order_by("family_id", "review_on", "pk"))

    @extend_schema(responses={201: GoalSerializer})
    def create(self, request, *args, **kwargs):
        """Add a goal to the family's action plan."""
        policy.require(request.user, PERMISSION)
        data = dict(self.validated(GoalSerializer))
        family = data.pop("family")
        policy.require(request.user, PERMISSION, family)
        goal = call_transition(services.goal_create, request=request, family=family, **data)
        return self.serialize(GoalSerializer, goal, status=status.HTTP_201_CREATED)

    @extend_schema(request=GoalReviewSerializer,
                   responses={200: GoalSerializer, 409: TRANSITION_RESPONSE})
    @action(detail=True, methods=["post"], serializer_class=GoalReviewSerializer)
    def review(self, request, *args, **kwargs):
        """Review the goal: progress, status (409 when the status may not follow), the
        evaluation and the next review date."""
        goal = self.get_object()
        policy.require(request.user, PERMISSION, goal.family)
        data = self.validated(GoalReviewSerializer)
        call_transition(services.goal_review, request=request, goal=goal, **data)
        goal = Goal.objects.get(pk=goal.pk)
        return self.serialize(GoalSerializer, goal)


class ChildWorkPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChildWorkPlan
        fields = ["child", "observations", "discussed_with_parent", "discussed_with_child",
                  "version"]
        read_only_fields = fields


class PlanAgreementSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanAgreement
        fields = ["number", "parent", "agrees", "agreed_on", "note", "snapshot",
                  "recorded_by", "recorded_at"]
        read_only_fields = fields


class ActionPlanSerializer(serializers.ModelSerializer):
    """The family action plan with its goals, child work plans and versions (agreements)."""

    goals = GoalSerializer(many=True, read_only=True)
    child_plans = ChildWorkPlanSerializer(many=True, read_only=True)
    agreements = PlanAgreementSerializer(many=True, read_only=True)

    class Meta:
        model = ActionPlan
        fields = ["id", "family", "changed_since_agreement", "goals", "child_plans",
                  "agreements", "version"]
        read_only_fields = fields


class PlanAgreeSerializer(serializers.Serializer):
    parent = VisiblePrimaryKeyRelatedField(Person, label=_("parent"))
    agrees = serializers.BooleanField(label=_("agrees with the plan"))
    agreed_on = serializers.DateField(label=_("date"))
    note = serializers.CharField(label=_("note"), required=False, allow_blank=True,
                                 max_length=5000, default="")


@extend_schema(tags=["action-plans"])
class ActionPlanViewSet(ClientDataViewSet):
    """Family action plans in the families the worker may see; `?family=<id>`."""

    queryset = ActionPlan.objects.none()
    serializer_class = ActionPlanSerializer
    filter_backends = [FamilyFilter]

    def get_queryset(self):
        return (ActionPlan.objects.visible_to(self.request.user).select_related("family")
                .prefetch_related("goals", "child_plans", "agreements").order_by("family_id"))

    @extend_schema(request=PlanAgreeSerializer,
                   responses={200: ActionPlanSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"], serializer_class=PlanAgreeSerializer)
    def agree(self, request, *args, **kwargs):
        """Record the parent's (dis)agreement with the plan as it is now: a new version."""
        plan = self.get_object()
        policy.require(request.user, PERMISSION, plan.family)
        data = self.validated(PlanAgreeSerializer)
        call_transition(services.plan_agree, request=request, family=plan.family, **data)
        return self.serialize(ActionPlanSerializer, ActionPlan.objects.get(pk=plan.pk))
