"""Working as one team (M-50..M-52): the referral (aanmelding) from the shelter to youth care
or the GGZ partner, the joint analysis along the phases of Handelingsgerichte Diagnostiek
(M-51), the family action plan (gezinsactieplan) with a child work plan (kindwerkplan) per
child (M-23, M-24), the reviews of its goals, and the case discussion (casusoverleg, M-52).

Every record belongs to one family and is visible exactly when its family is
(`visible_to`). Status changes follow the explicit tables in `transitions.py`."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from bloem.access import policy
from bloem.accounts.models import Organisation, OrganisationKind
from bloem.catalogue.models import HelpForm, Petal
from bloem.core.models import TimeStampedModel
from bloem.families.models import Family, FamilyRole, Person

WORKER = settings.AUTH_USER_MODEL


class TeamQuerySet(models.QuerySet):
    """A record of the team's work is visible exactly when its family is AND the worker may
    see the family's protected details: a worker who only serves the ex-partner does not
    see the mother's plan, referrals or analyses (M-02, M-07)."""

    def visible_to(self, user) -> "TeamQuerySet":
        return self.filter(policy.family_visible_q(user, prefix="family__")).filter(
            policy.protected_visible_q(user, prefix="family__"))


class Receiver(models.TextChoices):
    """Who a referral goes to: specialist youth care or the adult mental-health partner."""

    YOUTH_CARE = OrganisationKind.YOUTH_CARE.value, _("Specialist youth care")
    GGZ = OrganisationKind.GGZ.value, _("Adult mental health (GGZ)")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High: within a week")
    CRISIS = "crisis", _("Crisis: today")


class ReferralStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    ACCEPTED = "accepted", _("Taken on")
    ANALYSIS_PLANNED = "analysis_planned", _("Joint analysis planned")
    PLAN_AGREED = "plan_agreed", _("Plan agreed")
    DECLINED = "declined", _("Declined")
    REDIRECTED = "redirected", _("Referred elsewhere")


class Referral(TimeStampedModel):
    """An aanmelding for a child, a parent or the whole family (person empty)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="referrals",
                               verbose_name=_("family"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="referrals", verbose_name=_("for"),
                               help_text=_("Empty: the whole family."))
    receiver = models.CharField(_("referred to"), max_length=20, choices=Receiver.choices)
    question = models.TextField(_("question"), max_length=5000)
    signals = models.TextField(_("signals"), max_length=5000, blank=True)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices,
                               default=Urgency.NORMAL)
    tried = models.TextField(_("what has been tried"), max_length=5000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ReferralStatus.choices,
                              default=ReferralStatus.REFERRED)
    referred_on = models.DateField(_("referred on"))
    referred_by = models.ForeignKey(WORKER, on_delete=models.PROTECT,
                                    related_name="referrals_made",
                                    verbose_name=_("referred by"))
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_on", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.get_receiver_display()} – {self.subject}"

    @property
    def subject(self) -> str:
        return self.subject_of(self.person.first_name if self.person_id else None)

    @staticmethod
    def subject_of(first_name: str | None) -> str:
        """Who a referral is for: the person's first name, or the whole family."""
        return first_name or str(_("the family"))

    def clean(self) -> None:
        if self.person_id and self.family_id and self.person.family_id != self.family_id:
            raise ValidationError({"person": _("This person belongs to another family.")})


class ReferralStep(models.Model):
    """One step of a referral's status flow: who, when, and (declined/elsewhere) why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="steps",
                                 verbose_name=_("referral"))
    status = models.CharField(_("status"), max_length=20, choices=ReferralStatus.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(WORKER, on_delete=models.PROTECT, related_name="+",
                           verbose_name=_("by"))
    reason = models.TextField(_("reason"), max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("referral step")
        verbose_name_plural = _("referral steps")

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.at:%Y-%m-%d})"


class HgdPhase(models.TextChoices):
    """The phases of Handelingsgerichte Diagnostiek (Pameijer & Draaisma, M-51)."""

    INTAKE = "intake", _("Intake")
    STRATEGY = "strategy", _("Strategy")
    INVESTIGATION = "investigation", _("Investigation")
    INDICATION = "indication", _("Indication")
    ADVICE = "advice", _("Advice")


class JointAnalysis(TimeStampedModel):
    """The gezamenlijke analyse, made with the family (M-50, M-51)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="analyses",
                               verbose_name=_("family"))
    referral = models.ForeignKey(Referral, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="analyses", verbose_name=_("referral"))
    planned_on = models.DateField(_("planned on"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=HgdPhase.choices,
                             default=HgdPhase.INTAKE)
    workers = models.ManyToManyField(WORKER, blank=True, related_name="analyses",
                                     verbose_name=_("workers who took part"))
    members = models.ManyToManyField(Person, blank=True, related_name="analyses",
                                     verbose_name=_("family members who took part"))
    # The family stress model (Conger, M-16).
    economic_insecurity = models.BooleanField(_("economic insecurity"), default=False)
    parental_distress = models.BooleanField(_("emotional distress of the parent"),
                                            default=False)
    partner_conflict = models.BooleanField(_("partner conflict or instability"),
                                           default=False)
    disrupted_parenting = models.BooleanField(_("disrupted parenting"), default=False)
    risk_notes = models.TextField(_("risk factors explained"), max_length=5000, blank=True)
    # The three factors that decide a child's impact (M-15).
    stressors = models.TextField(_("stressors"), max_length=5000, blank=True)
    relationship = models.TextField(_("parent–child relationship and safety in the family"),
                                    max_length=5000, blank=True)
    stress_pattern = models.TextField(_("the child's personal stress pattern"),
                                      max_length=5000, blank=True)
    conclusions = models.TextField(_("conclusions"), max_length=10000, blank=True)
    advice = models.TextField(_("advice"), max_length=10000, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = TeamQuerySet.as_manager()

    RISK_FACTORS = ("economic_insecurity", "parental_distress", "partner_conflict",
                    "disrupted_parenting")

    class Meta:
        ordering = ["-planned_on", "-pk"]
        verbose_name = _("joint analysis")
        verbose_name_plural = _("joint analyses")

    def __str__(self) -> str:
        return f"{_('Joint analysis')} {self.planned_on:%d-%m-%Y}"

    def clean(self) -> None:
        if self.referral_id and self.family_id and self.referral.family_id != self.family_id:
            raise ValidationError({"referral": _("This referral belongs to another family.")})

    @property
    def risk_factor_labels(self) -> list[str]:
        return [str(self._meta.get_field(name).verbose_name) for name in self.RISK_FACTORS
                if getattr(self, name)]


class ChosenPetal(models.Model):
    """A petal chosen in the analysis for one family member: it becomes a PROPOSED form of
    help, which starts only through the consent and care rules (bloem.consent.checks)."""

    analysis = models.ForeignKey(JointAnalysis, on_delete=models.CASCADE,
                                 related_name="chosen_petals", verbose_name=_("analysis"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("for"))
    petal = models.ForeignKey(Petal, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("petal"))
    help_form = models.OneToOneField(HelpForm, on_delete=models.SET_NULL, null=True,
                                     related_name="chosen_in", verbose_name=_("form of help"))
    chosen_by = models.ForeignKey(WORKER, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("chosen by"))
    chosen_at = models.DateTimeField(_("chosen at"))

    class Meta:
        ordering = ["person__family_role", "person__first_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["analysis", "person", "petal"],
                                               name="chosen_petal_once")]
        verbose_name = _("chosen petal")
        verbose_name_plural = _("chosen petals")

    def __str__(self) -> str:
        return f"{self.petal} – {self.person}"


class ActionPlan(TimeStampedModel):
    """The family action plan (gezinsactieplan, M-23): one per family. Its versions are the
    agreements: each freezes the plan as it was discussed with the parent."""

    family = models.OneToOneField(Family, on_delete=models.CASCADE, related_name="action_plan",
                                  verbose_name=_("family"))
    analysis = models.ForeignKey(JointAnalysis, on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+", verbose_name=_("analysis"))
    changed_since_agreement = models.BooleanField(
        _("changed since the last agreement"), default=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("family action plan")
        verbose_name_plural = _("family action plans")

    def __str__(self) -> str:
        return f"{_('Family action plan')} {self.family.name}"


class PlanAgreement(models.Model):
    """One version of the plan, as discussed with the parent, and her (dis)agreement."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="agreements",
                             verbose_name=_("plan"))
    number = models.PositiveIntegerField(_("version"))
    parent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("parent"))
    agrees = models.BooleanField(_("agrees with the plan"))
    agreed_on = models.DateField(_("date"))
    note = models.TextField(_("note"), max_length=5000, blank=True)
    snapshot = models.JSONField(_("the plan as agreed"), default=dict, editable=False)
    recorded_by = models.ForeignKey(WORKER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"],
                                               name="plan_agreement_number_once")]
        verbose_name = _("plan agreement")
        verbose_name_plural = _("plan agreements")

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class GoalStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    STOPPED = "stopped", _("Stopped")


OPEN_GOAL_STATUSES = (GoalStatus.PLANNED, GoalStatus.IN_PROGRESS)


class GoalQuerySet(TeamQuerySet):
    def open(self) -> "GoalQuerySet":
        return self.filter(status__in=OPEN_GOAL_STATUSES)


class Goal(TimeStampedModel):
    """A goal for one family member, with its actions, who is responsible, the petal it
    belongs to, its start and review date, status and evaluation."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="goals",
                             verbose_name=_("plan"))
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="goals",
                               verbose_name=_("family"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="goals",
                               verbose_name=_("for"))
    petal = models.ForeignKey(Petal, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("petal"))
    description = models.TextField(_("goal"), max_length=2000)
    actions = models.TextField(_("actions"), max_length=5000, blank=True)
    responsible = models.ForeignKey(WORKER, on_delete=models.PROTECT, related_name="goals",
                                    verbose_name=_("responsible worker"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisation"))
    started_on = models.DateField(_("start"))
    review_on = models.DateField(_("review date"))
    status = models.CharField(_("status"), max_length=20, choices=GoalStatus.choices,
                              default=GoalStatus.PLANNED)
    evaluation = models.TextField(_("evaluation"), max_length=5000, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["person__family_role", "person__first_name", "review_on", "pk"]
        constraints = [models.CheckConstraint(
            condition=models.Q(review_on__gte=models.F("started_on")),
            name="goal_review_after_start")]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.description[:60]

    def clean(self) -> None:
        errors = {}
        if self.person_id and self.family_id and self.person.family_id != self.family_id:
            errors["person"] = _("This person belongs to another family.")
        if self.review_on and self.started_on and self.review_on < self.started_on:
            errors["review_on"] = _("The review date lies before the start.")
        if errors:
            raise ValidationError(errors)


class Progress(models.TextChoices):
    NONE = "none", _("No progress")
    SOME = "some", _("Some progress")
    GOOD = "good", _("Good progress")


class GoalReview(models.Model):
    """A review (evaluation moment) of a goal."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="reviews",
                             verbose_name=_("goal"))
    reviewed_on = models.DateField(_("reviewed on"))
    progress = models.CharField(_("progress"), max_length=10, choices=Progress.choices)
    status = models.CharField(_("status afterwards"), max_length=20,
                              choices=GoalStatus.choices)
    evaluation = models.TextField(_("evaluation"), max_length=5000)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    reviewed_by = models.ForeignKey(WORKER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("reviewed by"))

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("goal review")
        verbose_name_plural = _("goal reviews")

    def __str__(self) -> str:
        return f"{self.goal} ({self.reviewed_on})"


class ChildWorkPlan(TimeStampedModel):
    """The kindwerkplan of one child, part of the family action plan (M-23, M-24): the child
    workers' observations and what was discussed with the parent and the child. The child's
    goals are the plan's goals for this child."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE,
                             related_name="child_plans", verbose_name=_("plan"))
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("family"))
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="child_plans",
                              verbose_name=_("child"))
    observations = models.TextField(_("observations of the child workers"), max_length=10000,
                                    blank=True)
    discussed_with_parent = models.TextField(_("discussed with the parent"), max_length=5000,
                                             blank=True)
    discussed_with_child = models.TextField(_("discussed with the child"), max_length=5000,
                                            blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["child__date_of_birth", "child__first_name"]
        constraints = [models.UniqueConstraint(fields=["plan", "child"],
                                               name="child_plan_once")]
        verbose_name = _("child work plan")
        verbose_name_plural = _("child work plans")

    def __str__(self) -> str:
        return f"{_('Child work plan')} {self.child.first_name}"

    def clean(self) -> None:
        if self.child_id and self.child.family_role != FamilyRole.CHILD:
            raise ValidationError({"child": _("A child work plan is for a child.")})


class CaseDiscussion(models.Model):
    """A joint team meeting (casusoverleg, M-52) on one day at one location."""

    held_on = models.DateField(_("date"))
    location = models.ForeignKey("accounts.Location", on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("location"))

    class Meta:
        ordering = ["-held_on"]
        constraints = [models.UniqueConstraint(fields=["held_on", "location"],
                                               name="case_discussion_once_a_day")]
        verbose_name = _("case discussion")
        verbose_name_plural = _("case discussions")

    def __str__(self) -> str:
        return f"{_('Case discussion')} {self.held_on:%d-%m-%Y}"


class CaseItem(TimeStampedModel):
    """A family on the agenda of a case discussion, with the decisions and follow-up."""

    discussion = models.ForeignKey(CaseDiscussion, on_delete=models.CASCADE,
                                   related_name="items", verbose_name=_("case discussion"))
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="case_items",
                               verbose_name=_("family"))
    question = models.TextField(_("question for the team"), max_length=2000)
    decisions = models.TextField(_("decisions"), max_length=5000, blank=True)
    follow_up = models.TextField(_("follow-up actions"), max_length=5000, blank=True)
    follow_up_by = models.ForeignKey(WORKER, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("follow-up by"))
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    added_by = models.ForeignKey(WORKER, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("added by"))
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["discussion__held_on", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.discussion} – {self.family.name}"

