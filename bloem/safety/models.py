"""Safety first (issue 10, M-10, M-11, M-02): the structured safety assessment, the family's
safety plan with its measures, the red-level alerts and the Meldcode.

The current safety level stays where it was: `families.Stay.safety_level`, written with
its history row `families.SafetyAssessment` by `families.services.safety_assess`. A
structured assessment here is the detail of one such row (one-to-one), so the families
list, the intake form and the API keep working on the one source of the level.

Everything a worker who only serves the ex-partner may not see is marked `PROTECTED`:
free text is encrypted at rest, and the selectors leave protected rows out for that
worker (`policy.can_see_protected`)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bloem.core.fields import EncryptedTextField
from bloem.families.models import Family, FamilyMemberQuerySet, Person, SafetyAssessment
from bloem.rules import safety as rules


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class ChildConcern(models.TextChoices):
    NONE = "none", _("No signals")
    SOME = "some", _("Some signals")
    SERIOUS = "serious", _("Serious signals")
    UNKNOWN = "unknown", _("Not known yet")


class AssessmentDetail(models.Model):
    """The structured part of a safety assessment: the risk factors of the family."""

    FACTORS = ("threat_other_parent", "stalking", "digital_tracking", "weapons",
               "police_involvement", "protective_order")

    family = models.ForeignKey(Family, on_delete=models.CASCADE,
                               related_name="assessment_details", verbose_name=_("family"))
    assessment = models.OneToOneField(SafetyAssessment, on_delete=models.CASCADE,
                                      related_name="detail", verbose_name=_("assessment"))
    threat_other_parent = models.CharField(_("threat from the other parent"), max_length=10,
                                           choices=Answer.choices)
    stalking = models.CharField(_("stalking or following"), max_length=10,
                                choices=Answer.choices)
    digital_tracking = models.CharField(
        _("digital tracking (phones, social media, location sharing)"), max_length=10,
        choices=Answer.choices)
    weapons = models.CharField(_("access to weapons"), max_length=10, choices=Answer.choices)
    police_involvement = models.CharField(_("earlier police involvement"), max_length=10,
                                          choices=Answer.choices)
    protective_order = models.CharField(_("restraining order or house ban"), max_length=10,
                                        choices=Answer.choices)
    instrument_outcome = models.CharField(
        _("outcome of a risk instrument"), max_length=100, blank=True,
        help_text=_("Only the outcome, where the organisation uses a licensed instrument "
                    "(e.g. B-SAFER: high risk)."),
    )
    notes = EncryptedTextField(_("details"), blank=True,
                               help_text=_("Stored encrypted; not shown to the ex-partner's "
                                           "workers."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("safety assessment detail")
        verbose_name_plural = _("safety assessment details")

    def __str__(self) -> str:
        return str(self.assessment)

    def factors(self) -> list[tuple[str, str, str]]:
        """(field, label, answer label) of every risk factor."""
        return [(name, self._meta.get_field(name).verbose_name,
                 getattr(self, f"get_{name}_display")()) for name in self.FACTORS]


class ChildSignal(models.Model):
    """A child's own safety signals in one assessment."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("family"))
    detail = models.ForeignKey(AssessmentDetail, on_delete=models.CASCADE,
                               related_name="child_signals", verbose_name=_("assessment"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="safety_signals",
                               verbose_name=_("child"))
    concern = models.CharField(_("safety signals"), max_length=10, choices=ChildConcern.choices)
    signals = EncryptedTextField(_("what the child shows or tells"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["person__date_of_birth", "pk"]
        constraints = [models.UniqueConstraint(fields=["detail", "person"],
                                               name="child_signal_once_per_assessment")]
        verbose_name = _("child's safety signals")
        verbose_name_plural = _("children's safety signals")

    def __str__(self) -> str:
        return f"{self.person} {self.get_concern_display()}"


class AlertSeen(models.Model):
    """A worker has seen the alert of a change to red. The alert itself is not stored: every
    red assessment that follows a level that was not red is one, so that a change to red
    made anywhere (the structured form, the intake, the API) alerts the team."""

    assessment = models.ForeignKey(SafetyAssessment, on_delete=models.CASCADE,
                                   related_name="alerts_seen", verbose_name=_("assessment"))
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+", verbose_name=_("worker"))
    seen_at = models.DateTimeField(_("seen at"), default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "worker"],
                                               name="alert_seen_once")]
        verbose_name = _("alert seen")
        verbose_name_plural = _("alerts seen")

    def __str__(self) -> str:
        return f"{self.worker} {self.assessment}"


# -- the safety plan ---------------------------------------------------------------------------


class SafetyPlan(models.Model):
    """The family's safety plan: agreements, contacts, measures and its review dates."""

    family = models.OneToOneField(Family, on_delete=models.CASCADE, related_name="safety_plan",
                                  verbose_name=_("family"))
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("safety plan")
        verbose_name_plural = _("safety plans")

    def __str__(self) -> str:
        return f"{self.family}"


class PlanReview(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("family"))
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="reviews",
                             verbose_name=_("safety plan"))
    reviewed_on = models.DateField(_("reviewed on"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("reviewed by"))
    note = EncryptedTextField(_("what was discussed"), blank=True)

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("safety plan review")
        verbose_name_plural = _("safety plan reviews")

    def __str__(self) -> str:
        return f"{self.plan} {self.reviewed_on}"


class AgreementKind(models.TextChoices):
    SCHOOL_PICKUP = "school_pickup", _("Who may collect the children from school")
    CODE_WORD = "code_word", _("Code word")
    EX_PARTNER_APPEARS = "ex_partner_appears", _("When the ex-partner turns up")
    DIGITAL = "digital", _("Digital safety")
    CONTACT_ARRANGEMENT = "contact_arrangement", _("Contact arrangement with the other parent")
    OTHER = "other", _("Other agreement")


class PlanAgreement(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("family"))
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="agreements",
                             verbose_name=_("safety plan"))
    kind = models.CharField(_("kind of agreement"), max_length=30, choices=AgreementKind.choices)
    text = EncryptedTextField(_("agreement"), help_text=_("In plain language, as the client "
                                                          "would say it."))
    reveals_whereabouts = models.BooleanField(
        _("reveals where the client or children are"), default=True,
        help_text=_("A school, an address, a route or a time: hidden from the ex-partner's "
                    "workers. Leave it on when in doubt."),
    )
    agreed_on = models.DateField(_("agreed on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "agreed_on", "pk"]
        verbose_name = _("safety agreement")
        verbose_name_plural = _("safety agreements")

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self) -> None:
        if self.ended_on and self.agreed_on and self.ended_on < self.agreed_on:
            raise ValidationError({"ended_on": _("The end date lies before the start date.")})


class PlanContact(models.Model):
    """Someone to call: the neighbourhood police officer, the school, a friend. Contacts
    are whereabouts by nature: never shown to the ex-partner's workers."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("family"))
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="contacts",
                             verbose_name=_("safety plan"))
    name = EncryptedTextField(_("name"), max_length=100)
    role = models.CharField(_("who they are"), max_length=100,
                            help_text=_("E.g. neighbourhood police officer, school, friend."))
    phone = EncryptedTextField(_("phone number"), max_length=30, blank=True)
    address = EncryptedTextField(_("address"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("safety contact")
        verbose_name_plural = _("safety contacts")

    def __str__(self) -> str:
        return self.role


class MeasureKind(models.TextChoices):
    HOUSE_BAN = "house_ban", _("House ban (huisverbod)")
    CONTACT_BAN = "contact_ban", _("Contact ban")
    AREA_BAN = "area_ban", _("Area ban (straatverbod)")
    PROTECTION_ORDER = "protection_order", _("Court protection order")
    CUSTODY_MEASURE = "custody_measure", _("Child protection measure")
    OTHER = "other", _("Other measure")


class MeasureIssuer(models.TextChoices):
    MAYOR = "mayor", _("Mayor")
    POLICE = "police", _("Police or public prosecutor")
    COURT = "court", _("Court")


class ProtectiveMeasure(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE,
                               related_name="protective_measures", verbose_name=_("family"))
    kind = models.CharField(_("measure"), max_length=30, choices=MeasureKind.choices)
    issued_by = models.CharField(_("imposed by"), max_length=10, choices=MeasureIssuer.choices)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    conditions = EncryptedTextField(
        _("conditions"), blank=True,
        help_text=_("E.g. the streets of an area ban; hidden from the ex-partner's workers."))
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    follow_up = EncryptedTextField(_("what holds now"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["ends_on", "followed_up_on"])]
        verbose_name = _("protective measure")
        verbose_name_plural = _("protective measures")

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date lies before the start date.")})


# -- the Meldcode -----------------------------------------------------------------------------


class MeldcodeStep(models.IntegerChoices):
    SIGNALS = 1, _("1. Map the signals")
    CONSULT = 2, _("2. Consult a colleague (and Veilig Thuis)")
    TALK = 3, _("3. Talk with the client")
    WEIGH = 4, _("4. Weigh with the decision framework")
    DECIDE = 5, _("5. Decide")


class ConsultationKind(models.TextChoices):
    COLLEAGUE = "colleague", _("Colleague")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis (advice)")
    INJURY_EXPERT = "injury_expert", _("Expert on injuries")


class Decision(models.TextChoices):
    REPORT = rules.Decision.REPORT.value, _("Report to Veilig Thuis")
    HELP = rules.Decision.HELP.value, _("Organise help (no report)")
    CLOSE = rules.Decision.CLOSE.value, _("No suspicion: close the case")


class YesNo(models.TextChoices):
    YES = rules.Answer.YES.value, _("Yes")
    NO = rules.Answer.NO.value, _("No")


class Unsafety(models.TextChoices):
    NONE = rules.Unsafety.NONE.value, _("No acute or structural unsafety")
    ACUTE = rules.Unsafety.ACUTE.value, _("Acute unsafety")
    STRUCTURAL = rules.Unsafety.STRUCTURAL.value, _("Structural unsafety")
    BOTH = rules.Unsafety.BOTH.value, _("Acute and structural unsafety")


class FrameworkOutcome(models.TextChoices):
    NO_SUSPICION = rules.FrameworkOutcome.NO_SUSPICION.value, _("No suspicion")
    REPORT = rules.FrameworkOutcome.REPORT.value, _("Report to Veilig Thuis")
    HELP = rules.FrameworkOutcome.HELP.value, _("Give or organise help")


class MeldcodeCase(models.Model):
    """A case of concern run through the five steps of the Meldcode. Steps 1, 3 and 5 are
    fields of the case; consultations (step 2) and weighings (step 4) are rows of their
    own, since there may be several."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="meldcode_cases",
                               verbose_name=_("family"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="meldcode_cases", verbose_name=_("about"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("opened by"))
    signals_on = models.DateField(_("signals mapped on"))
    signals = EncryptedTextField(_("signals"))
    talked_on = models.DateField(_("talked with the client on"), null=True, blank=True)
    talk_summary = EncryptedTextField(_("what the client said"), blank=True)
    talk_skipped = EncryptedTextField(
        _("why there was no conversation"), blank=True,
        help_text=_("Only when a conversation would endanger the safety of the client, "
                    "yourself or another person."),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("decided by"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices,
                                blank=True)
    decision_reasons = EncryptedTextField(_("reasons"), blank=True)
    reported_on = models.DateField(_("reported to Veilig Thuis on"), null=True, blank=True)
    report_reference = models.CharField(_("reference of the report"), max_length=60,
                                        blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-signals_on", "-pk"]
        indexes = [models.Index(fields=["family", "decided_on"])]
        verbose_name = _("Meldcode case")
        verbose_name_plural = _("Meldcode cases")

    def __str__(self) -> str:
        return f"{self.family} {self.signals_on}"

    @property
    def is_open(self) -> bool:
        return self.decided_on is None

    @property
    def talk_done(self) -> bool:
        return self.talked_on is not None or bool(self.talk_skipped)


class MeldcodeConsultation(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("family"))
    case = models.ForeignKey(MeldcodeCase, on_delete=models.CASCADE,
                             related_name="consultations", verbose_name=_("case"))
    kind = models.CharField(_("consulted"), max_length=20, choices=ConsultationKind.choices)
    consulted_on = models.DateField(_("consulted on"))
    consulted = models.CharField(_("with whom"), max_length=100,
                                 help_text=_("Name and role, e.g. the team's "
                                             "aandachtsfunctionaris."))
    advice = EncryptedTextField(_("advice"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["consulted_on", "pk"]
        verbose_name = _("Meldcode consultation")
        verbose_name_plural = _("Meldcode consultations")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.consulted_on}"


class MeldcodeWeighing(models.Model):
    """Step 4: the answers to the decision framework's questions and what it says."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("family"))
    case = models.ForeignKey(MeldcodeCase, on_delete=models.CASCADE, related_name="weighings",
                             verbose_name=_("case"))
    weighed_on = models.DateField(_("weighed on"))
    weighed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("weighed by"))
    suspicion = models.CharField(
        _("1. Do you, on the basis of steps 1 to 3, suspect domestic violence or child "
          "abuse?"), max_length=5, choices=YesNo.choices)
    unsafety = models.CharField(
        _("2. Is there acute and/or structural unsafety?"), max_length=12,
        choices=Unsafety.choices, blank=True)
    can_help = models.CharField(
        _("3. Are you able to give or organise effective help to avert the threat?"),
        max_length=5, choices=YesNo.choices, blank=True)
    help_accepted = models.CharField(
        _("4. Do the people involved accept the help that is needed?"), max_length=5,
        choices=YesNo.choices, blank=True)
    help_works = models.CharField(
        _("5. Does the help lead, within the desired time, to the necessary results for "
          "safety and well-being?"), max_length=5, choices=YesNo.choices, blank=True)
    reasoning = EncryptedTextField(_("reasoning"))
    outcome = models.CharField(_("the framework says"), max_length=15,
                               choices=FrameworkOutcome.choices)

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-weighed_on", "-pk"]
        verbose_name = _("Meldcode weighing")
        verbose_name_plural = _("Meldcode weighings")

    def __str__(self) -> str:
        return f"{self.case} {self.weighed_on}"

    def as_facts(self) -> rules.Weighing:
        def value(enum, name):
            raw = getattr(self, name)
            return enum(raw) if raw else None

        return rules.Weighing(
            suspicion=value(rules.Answer, "suspicion"),
            unsafety=value(rules.Unsafety, "unsafety"),
            can_help=value(rules.Answer, "can_help"),
            help_accepted=value(rules.Answer, "help_accepted"),
            help_works=value(rules.Answer, "help_works"),
        )

    def answers(self) -> list[tuple[str, str]]:
        """(question, answer) of the questions that were answered."""
        return [(self._meta.get_field(q).verbose_name, getattr(self, f"get_{q}_display")())
                for q in rules.QUESTIONS if getattr(self, q)]
