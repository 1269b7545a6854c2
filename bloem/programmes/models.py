"""Group programmes (M-28) and specialist treatment (M-31..M-36): the programmes as data,
group runs per location with their sessions, enrolment, waiting list and attendance; the
NIKA trajectory; trauma treatment episodes; supervised contact; schools and day care.

Who may enrol, start or plan is decided by the rule engine (bloem.rules) through
bloem.programmes.services; nothing here decides a rule."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bloem.access import policy
from bloem.accounts.models import Location
from bloem.catalogue.models import Petal
from bloem.core.fields import EncryptedTextField
from bloem.core.models import TimeStampedModel
from bloem.families.models import Family, FamilyMemberQuerySet, FamilyRole, Person


class Programme(models.Model):
    """A group programme as data. `code` is the programme's key in the rule engine
    (bloem.rules.care.PROGRAMMES), which holds its ages. The session count and duration vary
    by provider (domain-rules.md §6): an administrator fills them in."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    petal = models.ForeignKey(Petal, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("form of help"),
                              help_text=_("The form of help whose consent enrolment needs."))
    session_count = models.PositiveSmallIntegerField(
        _("number of sessions"), null=True, blank=True,
        help_text=_("As the provider runs it; used when a group run is planned."))
    session_minutes = models.PositiveSmallIntegerField(
        _("duration of a session (minutes)"), null=True, blank=True)
    parallel_group = models.CharField(_("parallel group"), max_length=200, blank=True)
    run_by = models.CharField(_("run by"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("group programme")
        verbose_name_plural = _("group programmes")

    def __str__(self) -> str:
        return self.name


class ProgrammeTheme(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="themes",
                                  verbose_name=_("programme"))
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["programme", "order"]
        constraints = [models.UniqueConstraint(fields=["programme", "order"],
                                               name="programme_theme_order_unique")]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return gettext(self.name)


class GroupKind(models.TextChoices):
    CHILDREN = "children", _("Children's group")
    PARENTS = "parents", _("Parents' group (parallel)")
    MOTHER_CHILD = "mother_child", _("Mother–child group")


class GroupRunQuerySet(models.QuerySet):
    def visible_to(self, user) -> "GroupRunQuerySet":
        return self.filter(policy.team_location_q(user, prefix="location__"))


class GroupRun(TimeStampedModel):
    """One run of a programme at a location: a children's group, its parallel parents'
    group, or a mother–child group."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="runs",
                                  verbose_name=_("programme"))
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="group_runs",
                                 verbose_name=_("location"))
    kind = models.CharField(_("kind of group"), max_length=20, choices=GroupKind.choices,
                            default=GroupKind.CHILDREN)
    name = models.CharField(_("name"), max_length=100,
                            help_text=_("E.g. “Toontje spring 2026”; no client names."))
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    capacity = models.PositiveSmallIntegerField(_("places"), default=8)
    parallel_to = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="parallel_groups",
                                    verbose_name=_("parallel to"),
                                    help_text=_("The children's group this parents' group "
                                                "runs beside."))

    objects = GroupRunQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [models.CheckConstraint(
            condition=models.Q(ends_on__gte=models.F("starts_on")),
            name="grouprun_ends_after_start")]
        verbose_name = _("group run")
        verbose_name_plural = _("group runs")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date lies before the start date.")})
        if self.parallel_to_id and self.parallel_to.location_id != self.location_id:
            raise ValidationError({"parallel_to": _("The parallel group runs at the same "
                                                    "location.")})

    @property
    def for_parents(self) -> bool:
        return self.kind == GroupKind.PARENTS


class FacilitatorRole(models.TextChoices):
    DRAMA_THERAPIST = "drama_therapist", _("Drama therapist")
    CHILD_WORKER = "child_worker", _("Child worker")
    PARENT_GROUP = "parent_group", _("Leader of the parents' group")
    CO_FACILITATOR = "co_facilitator", _("Co-facilitator")


class Facilitator(models.Model):
    run = models.ForeignKey(GroupRun, on_delete=models.CASCADE, related_name="facilitators",
                            verbose_name=_("group run"))
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="facilitated", verbose_name=_("worker"))
    role = models.CharField(_("role"), max_length=20, choices=FacilitatorRole.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "worker"],
                                               name="facilitator_once_per_run")]
        verbose_name = _("facilitator")
        verbose_name_plural = _("facilitators")

    def __str__(self) -> str:
        return f"{self.worker} ({self.get_role_display()})"


class GroupSession(models.Model):
    run = models.ForeignKey(GroupRun, on_delete=models.CASCADE, related_name="sessions",
                            verbose_name=_("group run"))
    number = models.PositiveSmallIntegerField(_("number"))
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    theme = models.ForeignKey(ProgrammeTheme, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("theme"))
    room = models.CharField(_("room"), max_length=100, blank=True)

    class Meta:
        ordering = ["run", "starts_at"]
        constraints = [models.UniqueConstraint(fields=["run", "number"],
                                               name="group_session_number_unique")]
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")

    def __str__(self) -> str:
        return f"{self.run} #{self.number}"


class EnrolmentStatus(models.TextChoices):
    WAITING = "waiting", _("On the waiting list")
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    DROPPED_OUT = "dropped_out", _("Dropped out")


# The statuses that take a place in the group (dropping out frees the place).
PLACE_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)
# The participants whose attendance is recorded.
PARTICIPANT_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED,
                        EnrolmentStatus.DROPPED_OUT)


class Enrolment(TimeStampedModel):
    """A child's (or parent's) place in a group run, or on its waiting list."""

    run = models.ForeignKey(GroupRun, on_delete=models.PROTECT, related_name="enrolments",
                            verbose_name=_("group run"))
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="enrolments",
                               verbose_name=_("family"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="enrolments",
                               verbose_name=_("participant"))
    status = models.CharField(_("status"), max_length=12, choices=EnrolmentStatus.choices,
                              default=EnrolmentStatus.ENROLLED)
    enrolled_on = models.DateField(_("date"))
    age_exception = models.TextField(
        _("reason for an exception to the age"), blank=True,
        help_text=_("Only when the child's age lies outside the programme's ages."))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    drop_out_reason = models.TextField(_("reason for dropping out"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False,
        help_text=_("Counts the changes; an edit made on an older version is refused."))

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["run", "status", "enrolled_on", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "person"],
                                               name="enrolment_once_per_run")]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self) -> str:
        return f"{self.person} – {self.run}"

    def clean(self) -> None:
        errors = {}
        if self.person_id and self.family_id and self.person.family_id != self.family_id:
            errors["person"] = _("This person belongs to another family.")
        if self.status == EnrolmentStatus.DROPPED_OUT and not self.drop_out_reason.strip():
            errors["drop_out_reason"] = _("Dropping out needs a reason.")
        if errors:
            raise ValidationError(errors)


class AttendanceQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AttendanceQuerySet":
        return self.filter(policy.family_visible_q(user, prefix="enrolment__family__"))


class Attendance(models.Model):
    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE,
                                related_name="attendance", verbose_name=_("session"))
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE,
                                  related_name="attendance", verbose_name=_("participant"))
    present = models.BooleanField(_("present"))
    note = EncryptedTextField(_("note"), blank=True, help_text=_("Short; stored encrypted."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"],
                                               name="attendance_once_per_session")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.enrolment} #{self.session.number}"


class CalendarToken(models.Model):
    """A worker's secret for the iCalendar feed of the sessions they facilitate. Only its
    SHA-256 hash is stored; the worker sees the token once, and replaces or revokes it."""

    worker = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="calendar_token", verbose_name=_("worker"))
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self) -> str:
        return str(self.worker)


# -- NIKA (M-33) --------------------------------------------------------------------------


class NikaStatus(models.TextChoices):
    DIAGNOSTICS = "diagnostics", _("Diagnostics")
    TREATMENT = "treatment", _("Treatment with video feedback")
    COUNSELLING = "counselling", _("NIKA parent counselling")
    ENDED = "ended", _("Ended")


class NikaTrajectory(TimeStampedModel):
    """The NIKA trajectory of one parent and one child: diagnostics, treatment with video
    feedback, the judgement whether the parent can change, and parent counselling. The
    video recordings themselves stay outside Bloem."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE,
                               related_name="nika_trajectories", verbose_name=_("family"))
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="nika_as_child",
                              verbose_name=_("child"))
    parent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="nika_as_parent",
                               verbose_name=_("parent"))
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("NIKA practitioner"))
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("supervisor"),
                                   help_text=_("For a practitioner in training."))
    started_on = models.DateField(_("start date"))
    status = models.CharField(_("status"), max_length=12, choices=NikaStatus.choices,
                              default=NikaStatus.DIAGNOSTICS)

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("NIKA trajectory")
        verbose_name_plural = _("NIKA trajectories")

    def __str__(self) -> str:
        return f"NIKA {self.child} / {self.parent} ({self.started_on})"

    def clean(self) -> None:
        errors = {}
        if self.child_id and self.child.family_role != FamilyRole.CHILD:
            errors["child"] = _("Choose a child of the family.")
        if self.parent_id and self.parent.family_role not in (FamilyRole.PARENT,
                                                              FamilyRole.OTHER_PARENT):
            errors["parent"] = _("Choose a parent of the family.")
        for field in ("child", "parent"):
            person = getattr(self, field) if getattr(self, f"{field}_id") else None
            if person and self.family_id and person.family_id != self.family_id:
                errors[field] = _("This person belongs to another family.")
        if errors:
            raise ValidationError(errors)


class NikaStepKind(models.TextChoices):
    DIAGNOSTICS = "diagnostics", _("Diagnostics: interaction mapping")
    UNLEARN = "unlearn", _("Treatment: unlearning disruptive behaviour (video feedback)")
    LEARN = "learn", _("Treatment: learning sensitive behaviour (video feedback)")
    COUNSELLING = "counselling", _("NIKA parent counselling")


class NikaSession(models.Model):
    """A session of the trajectory. For diagnostics, the standardised mapping of the
    interaction; for treatment, the date of the video recording and the feedback notes."""

    trajectory = models.ForeignKey(NikaTrajectory, on_delete=models.CASCADE,
                                   related_name="sessions", verbose_name=_("NIKA trajectory"))
    kind = models.CharField(_("kind"), max_length=12, choices=NikaStepKind.choices)
    held_on = models.DateField(_("date"))
    disorganised_signs = EncryptedTextField(
        _("signs of disorganised attachment in the child"), blank=True)
    disruptive_behaviour = EncryptedTextField(_("disruptive parent behaviour"), blank=True)
    supportive_behaviour = EncryptedTextField(_("supportive parent behaviour"), blank=True)
    video_recorded_on = models.DateField(
        _("video recorded on"), null=True, blank=True,
        help_text=_("Only the date: the recording itself stays outside Bloem."))
    feedback = EncryptedTextField(_("feedback notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("NIKA session")
        verbose_name_plural = _("NIKA sessions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"

    def clean(self) -> None:
        errors = {}
        if self.kind == NikaStepKind.DIAGNOSTICS and not (
                self.disorganised_signs.strip() or self.disruptive_behaviour.strip()
                or self.supportive_behaviour.strip()):
            errors["disorganised_signs"] = _("Record what the interaction mapping showed.")
        if self.kind in (NikaStepKind.UNLEARN, NikaStepKind.LEARN):
            if not self.feedback.strip():
                errors["feedback"] = _("Record the feedback notes of the video feedback.")
            if self.video_recorded_on and self.held_on and self.video_recorded_on > self.held_on:
                errors["video_recorded_on"] = _("The recording is made before its feedback.")
        if errors:
            raise ValidationError(errors)


class NikaJudgement(models.Model):
    """The judgement after diagnostics and treatment: can the parent change? Where not,
    the decision about the child's safe attachment figure. It records (as its
    `stability`) the judgement of the parent–child relationship that the trauma-treatment
    rule reads (M-32)."""

    trajectory = models.ForeignKey(NikaTrajectory, on_delete=models.CASCADE,
                                   related_name="judgements", verbose_name=_("NIKA trajectory"))
    judged_on = models.DateField(_("date"))
    parent_can_change = models.BooleanField(_("the parent can change"))
    attachment_figure = EncryptedTextField(
        _("decision about the child's safe attachment figure"), blank=True)
    stability = models.OneToOneField("consent.StabilityJudgement", on_delete=models.CASCADE,
                                     related_name="nika_judgement",
                                     verbose_name=_("judgement of the parent–child relationship"))

    class Meta:
        ordering = ["-judged_on", "-id"]
        verbose_name = _("NIKA judgement")
        verbose_name_plural = _("NIKA judgements")

    def __str__(self) -> str:
        return f"{self.trajectory} {self.judged_on}"


# -- trauma treatment (M-34, M-35) -----------------------------------------------------------


class TraumaMethod(models.TextChoices):
    EMDR = "emdr", _("EMDR")
    TF_CBT = "tf_cbt", _("Trauma-focused CBT")
    NET = "net", _("Narrative exposure therapy")
    GGZ = "ggz", _("Trauma treatment by the GGZ partner (parent)")


CHILD_METHODS = (TraumaMethod.EMDR, TraumaMethod.TF_CBT, TraumaMethod.NET)
# The work (bloem.rules.care.WORK) each method of a child's treatment is.
METHOD_WORK = {TraumaMethod.EMDR: "emdr", TraumaMethod.TF_CBT: "child-trauma-treatment",
               TraumaMethod.NET: "child-trauma-treatment"}


class TraumaStatus(models.TextChoices):
    REFERRED = "referred", _("Referred to the GGZ partner")
    ACTIVE = "active", _("Running")
    ENDED = "ended", _("Ended")


class TraumaEpisode(TimeStampedModel):
    """A trauma treatment of a child (EMDR, TF-CBT, NET on location) or of a parent (by the
    GGZ partner, possibly first as a referral), with its outcome measurements."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE,
                               related_name="trauma_episodes", verbose_name=_("family"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="trauma_episodes",
                               verbose_name=_("treated person"))
    method = models.CharField(_("method"), max_length=10, choices=TraumaMethod.choices)
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("practitioner"))
    status = models.CharField(_("status"), max_length=10, choices=TraumaStatus.choices,
                              default=TraumaStatus.ACTIVE)
    started_on = models.DateField(_("date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    referral_note = EncryptedTextField(_("referral"), blank=True)
    measurements = models.ManyToManyField("screening.Response", blank=True, related_name="+",
                                          verbose_name=_("outcome measurements"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("trauma treatment")
        verbose_name_plural = _("trauma treatments")

    def __str__(self) -> str:
        return f"{self.get_method_display()} – {self.person}"

    @property
    def for_child(self) -> bool:
        return self.method in CHILD_METHODS


class TraumaSession(models.Model):
    episode = models.ForeignKey(TraumaEpisode, on_delete=models.CASCADE,
                                related_name="sessions", verbose_name=_("trauma treatment"))
    held_on = models.DateField(_("date"))
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("treatment session")
        verbose_name_plural = _("treatment sessions")

    def __str__(self) -> str:
        return f"{self.episode} {self.held_on}"


# -- supervised contact (M-31) ---------------------------------------------------------------


class ContactStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class SupervisedContact(TimeStampedModel):
    """A session of supervised contact (begeleide omgang) between the child and the other
    parent, planned only when the contact rule (M-02) allows it, with its report."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE,
                               related_name="supervised_contacts", verbose_name=_("family"))
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts_as_child",
                              verbose_name=_("child"))
    other_parent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("other parent"))
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200,
                             help_text=_("A neutral place; never the shelter's address."))
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("supervisor"))
    status = models.CharField(_("status"), max_length=10, choices=ContactStatus.choices,
                              default=ContactStatus.PLANNED)
    course = EncryptedTextField(_("course of the contact"), blank=True)
    child_reaction = EncryptedTextField(_("the child's reactions"), blank=True)
    parent_behaviour = EncryptedTextField(_("the parent's behaviour"), blank=True)
    safety = EncryptedTextField(_("safety observations"), blank=True)
    agreements = EncryptedTextField(_("agreements for next time"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("supervised contact")
        verbose_name_plural = _("supervised contacts")

    def __str__(self) -> str:
        return f"{self.child} {self.starts_at:%Y-%m-%d}"


# -- schools and day care (M-36) -------------------------------------------------------------


class SchoolKind(models.TextChoices):
    SCHOOL = "school", _("School")
    DAY_CARE = "day_care", _("Day care")


class SchoolContact(TimeStampedModel):
    """The child's school or day care and its contact person, and the trauma-sensitive
    advice given to the teachers (shared only with the parent's consent)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE,
                               related_name="school_contacts", verbose_name=_("family"))
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="school_contacts",
                              verbose_name=_("child"))
    kind = models.CharField(_("kind"), max_length=10, choices=SchoolKind.choices)
    name = models.CharField(_("name of the school or day care"), max_length=200)
    contact_person = models.CharField(_("contact person"), max_length=200)
    contact_details = EncryptedTextField(_("contact details"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("school or day care")
        verbose_name_plural = _("schools and day care")

    def __str__(self) -> str:
        return self.name


class TeacherAdvice(models.Model):
    school = models.ForeignKey(SchoolContact, on_delete=models.CASCADE, related_name="advice",
                               verbose_name=_("school or day care"))
    given_on = models.DateField(_("date"))
    advice = EncryptedTextField(_("trauma-sensitive advice"))
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("given by"))

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("advice to teachers")
        verbose_name_plural = _("advice to teachers")

    def __str__(self) -> str:
        return f"{self.school} {self.given_on}"
