"""The family file: family, members, parent-child relations with parental authority, the
shelter stay with its chain phase and safety level (and their histories), the workers
involved, and the journal (M-01..M-04, M-10, M-11)."""

import datetime

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bloem.access import policy
from bloem.accounts.models import Location, Municipality, Role, Unit
from bloem.core.fields import EncryptedTextField
from bloem.core.models import TimeStampedModel


class FamilyRole(models.TextChoices):
    PARENT = "parent", _("Parent in the shelter")
    CHILD = "child", _("Child")
    OTHER_PARENT = "other_parent", _("Other parent / ex-partner")
    NETWORK = "network", _("Network member")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class RelationKind(models.TextChoices):
    BIOLOGICAL = "biological", _("Biological parent")
    ADOPTIVE = "adoptive", _("Adoptive parent")
    STEP = "step", _("Step-parent")
    FOSTER = "foster", _("Foster parent")
    GUARDIAN = "guardian", _("Guardian (voogd)")


class Phase(models.TextChoices):
    """The care chain of Van Arum & Vogtländer (M-10)."""

    DIRECT_SAFETY = "direct_safety", _("Direct safety")
    RISK_DRIVEN = "risk_driven", _("Risk-driven care")
    RECOVERY = "recovery", _("Recovery-oriented care")


class SafetyLevel(models.TextChoices):
    """The Oranje Huis traffic light (M-11)."""

    GREEN = "green", _("Green")
    ORANGE = "orange", _("Orange")
    RED = "red", _("Red")


class FamilyQuerySet(models.QuerySet):
    def visible_to(self, user) -> "FamilyQuerySet":
        return self.filter(policy.family_visible_q(user))


class Family(TimeStampedModel):
    reference = models.CharField(_("file number"), max_length=20, unique=True)
    name = models.CharField(_("family name"), max_length=100)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True,
        verbose_name=_("municipality of origin"),
        help_text=_("Where the family lived before the shelter; it commissions youth care."),
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False,
        help_text=_("Counts the changes; an edit made on an older version is refused."),
    )

    objects = FamilyQuerySet.as_manager()

    class Meta:
        ordering = ["name", "reference"]
        verbose_name = _("family")
        verbose_name_plural = _("families")

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"


class FamilyMemberQuerySet(models.QuerySet):
    """Records that belong to one family are visible exactly when their family is."""

    def visible_to(self, user) -> "FamilyMemberQuerySet":
        return self.filter(policy.family_visible_q(user, prefix="family__"))


class Person(TimeStampedModel):
    """A member of the family's system. Every child is a client with its own file (M-01)."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="members", verbose_name=_("family")
    )
    family_role = models.CharField(_("place in the family"), max_length=20,
                                   choices=FamilyRole.choices)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices,
                              default=Gender.UNKNOWN)
    network_relation = models.CharField(
        _("relation to the family"), max_length=100, blank=True,
        help_text=_("For network members: grandmother, neighbour, friend, ..."),
    )
    # Protected: encrypted at rest, never shown to a worker who only serves the other
    # parent (M-02, M-07).
    address = EncryptedTextField(_("address"), max_length=200, blank=True)
    phone = EncryptedTextField(_("phone number"), max_length=30, blank=True)
    new_address = EncryptedTextField(_("new address after the shelter"), max_length=200,
                                     blank=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False,
        help_text=_("Counts the changes; an edit made on an older version is refused."),
    )

    objects = FamilyMemberQuerySet.as_manager()

    PROTECTED_FIELDS = ("address", "phone", "new_address")

    class Meta:
        ordering = ["family_role", "date_of_birth", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    def clean(self) -> None:
        if self.family_role == FamilyRole.CHILD and self.date_of_birth is None:
            raise ValidationError(
                {"date_of_birth": _("A child needs a date of birth: consent depends on age.")}
            )
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            raise ValidationError({"date_of_birth": _("The date of birth lies in the future.")})

    def age_on(self, day) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class ParentChildRelationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ParentChildRelationQuerySet":
        return self.filter(policy.family_visible_q(user, prefix="child__family__"))


class ParentChildRelation(TimeStampedModel):
    """Who is a parent (or guardian) of a child, and whether they hold parental
    authority (gezag) — the basis of consent for the child's help."""

    parent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="child_relations",
                               verbose_name=_("parent"))
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="parent_relations",
                              verbose_name=_("child"))
    kind = models.CharField(_("kind"), max_length=20, choices=RelationKind.choices,
                            default=RelationKind.BIOLOGICAL)
    has_authority = models.BooleanField(_("holds parental authority (gezag)"), default=True)
    authority_note = models.CharField(
        _("note on authority"), max_length=200, blank=True,
        help_text=_("E.g. a court decision that changed the authority."),
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False,
        help_text=_("Counts the changes; an edit made on an older version is refused."),
    )

    objects = ParentChildRelationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["parent", "child"], name="relation_unique_pair"),
            models.CheckConstraint(condition=~models.Q(parent=models.F("child")),
                                   name="relation_not_self"),
        ]
        verbose_name = _("parent-child relation")
        verbose_name_plural = _("parent-child relations")

    def __str__(self) -> str:
        return f"{self.parent} → {self.child}"

    def clean(self) -> None:
        errors = {}
        if self.parent_id and self.parent.family_role not in (
            FamilyRole.PARENT, FamilyRole.OTHER_PARENT, FamilyRole.NETWORK
        ):
            errors["parent"] = _("Only a parent, the other parent or a network member "
                                 "(e.g. a guardian) can be a parent in this relation.")
        if self.child_id and self.child.family_role != FamilyRole.CHILD:
            errors["child"] = _("The child in this relation must be a child of the family.")
        if self.parent_id and self.child_id and self.parent.family_id != self.child.family_id:
            errors["parent"] = _("Parent and child must belong to the same family.")
        if self.parent_id and self.parent_id == self.child_id:
            errors["child"] = _("A person cannot be their own parent.")
        if errors:
            raise ValidationError(errors)


class Stay(TimeStampedModel):
    """The shelter stay (opvangtraject). Current phase and safety level are kept here for
    fast filtering; their history lives in PhaseDecision and SafetyAssessment and both are
    written together by one service."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="stays",
                               verbose_name=_("family"))
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="stays",
                                 verbose_name=_("location"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="stays",
                             verbose_name=_("unit"))
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    family_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="stays_as_family_worker",
        verbose_name=_("family worker"),
        help_text=_("The one fixed family worker for the whole stay (M-04)."),
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices,
                             default=Phase.DIRECT_SAFETY)
    safety_level = models.CharField(_("safety level"), max_length=10,
                                    choices=SafetyLevel.choices, default=SafetyLevel.ORANGE)
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False,
        help_text=_("Counts the changes; an edit made on an older version is refused."),
    )

    objects = FamilyMemberQuerySet.as_manager()

    PROTECTED_FIELDS = ("location", "unit")

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(fields=["family"], condition=models.Q(ended_on__isnull=True),
                                    name="stay_one_open_per_family"),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="stay_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["location", "ended_on"]),
            # The access policy's location scope (a team manager's families) read from the
            # index alone: at 100,000 families a bitmap scan of 1,400 pages took 3 ms on
            # every page a team manager opens (bench/, issue 12).
            models.Index(fields=["location", "family"], name="stay_location_family"),
        ]
        verbose_name = _("shelter stay")
        verbose_name_plural = _("shelter stays")

    def __str__(self) -> str:
        return f"{self.family} {self.started_on}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    def clean(self) -> None:
        errors = {}
        if self.unit_id and self.location_id and self.unit.location_id != self.location_id:
            errors["unit"] = _("This unit belongs to another location.")
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("The end date lies before the start date.")
        if errors:
            raise ValidationError(errors)


class PhaseDecision(models.Model):
    """A recorded decision to put the stay in a phase (M-10)."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="phase_decisions",
                             verbose_name=_("stay"))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("decided by"))
    reason = models.TextField(_("reason"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-recorded_at"]
        verbose_name = _("phase decision")
        verbose_name_plural = _("phase decisions")

    def __str__(self) -> str:
        return f"{self.get_phase_display()} {self.decided_on}"


class SafetyAssessment(models.Model):
    """A safety level given at intake (gezinstaxatie) or a re-assessment (M-11)."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="safety_assessments",
                             verbose_name=_("stay"))
    level = models.CharField(_("safety level"), max_length=10, choices=SafetyLevel.choices)
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("assessed by"))
    explanation = models.TextField(_("explanation"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-recorded_at"]
        verbose_name = _("safety assessment")
        verbose_name_plural = _("safety assessments")

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.assessed_on}"


class Assignment(TimeStampedModel):
    """A worker involved with a family. With `person` set, the worker serves that one
    person; a worker who serves only the other parent never sees protected fields."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="assignments",
                               verbose_name=_("family"))
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="assignments", verbose_name=_("worker"))
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="assignments",
        verbose_name=_("serves only"),
        help_text=_("Leave empty when the worker works with the whole family."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["started_on"]
        indexes = [models.Index(fields=["worker", "ended_on"])]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.worker} – {self.family}"

    def clean(self) -> None:
        if self.person_id and self.family_id and self.person.family_id != self.family_id:
            raise ValidationError({"person": _("This person belongs to another family.")})
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The end date lies before the start date.")})


class JournalEntry(models.Model):
    """A progress note about the family as a whole or about one member."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="journal",
                               verbose_name=_("family"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="journal", verbose_name=_("about"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("author"))
    written_at = models.DateTimeField(_("written at"))
    text = EncryptedTextField(_("note"), help_text=_("Stored encrypted: notes can name places."))
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False,
        help_text=_("Counts the changes; an edit made on an older version is refused."),
    )

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-written_at", "-id"]
        indexes = [models.Index(fields=["family", "-written_at"])]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")

    def __str__(self) -> str:
        return f"{self.family} {self.written_at:%Y-%m-%d}"

    @property
    def is_corrected(self) -> bool:
        """A note is only ever changed by a correction, which keeps the earlier text."""
        return self.version > 1

    def clean(self) -> None:
        if self.person_id and self.family_id and self.person.family_id != self.family_id:
            raise ValidationError({"person": _("This person belongs to another family.")})


def display_value(model: type[models.Model], field_name: str, text: str) -> str:
    """A value as kept in a Correction (see `Correction.as_text`), shown to a person:
    choices by their label, yes/no, dates in the local format."""
    if text == "":
        return "—"
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return text
    if field.choices:
        return str(dict(field.flatchoices).get(text, text))
    if isinstance(field, models.BooleanField):
        return gettext("yes") if text == "true" else gettext("no")
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        try:
            return formats.date_format(datetime.date.fromisoformat(text))
        except ValueError:
            return text
    return text


class CorrectionQuerySet(models.QuerySet):
    def shown_to(self, user, family) -> "CorrectionQuerySet":
        """Leave out the history of protected fields for a worker who may not see them."""
        if policy.can_see_protected(user, family):
            return self
        return self.filter(protected=False)


class Correction(models.Model):
    """One field of a record changed after it was saved. The earlier value is kept and
    shown (AVG art. 16, Jeugdwet/WGBO: a correction never erases what was written); both
    values are stored encrypted, as protected fields and notes are. Written by the
    services through `bloem.families.changes.tracked_update` together with the change,
    its new version and its audit event."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="corrections",
                               verbose_name=_("family"))
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections",
        verbose_name=_("person"), help_text=_("The person the changed record is about."),
    )
    record_type = models.CharField(_("record type"), max_length=60)
    record_id = models.PositiveBigIntegerField(_("record id"))
    field = models.CharField(_("field"), max_length=60)
    old_value = EncryptedTextField(_("earlier value"), blank=True)
    new_value = EncryptedTextField(_("new value"), blank=True)
    protected = models.BooleanField(
        _("protected field"), default=False,
        help_text=_("Hidden from a worker who may not see protected fields."),
    )
    version = models.PositiveIntegerField(_("version"),
                                          help_text=_("The version this change made."))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("changed by"))
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    reason = EncryptedTextField(_("reason for the change"), blank=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(fields=["family", "-changed_at"]),
            models.Index(fields=["person", "-changed_at"]),
            models.Index(fields=["record_type", "record_id", "version"]),
        ]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self) -> str:
        return f"{self.record_type} #{self.record_id} {self.field} v{self.version}"

    @staticmethod
    def as_text(value) -> str:
        """How a value is kept: related objects by their name, booleans as true/false,
        dates in ISO form, nothing as the empty string."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)

    @property
    def record_model(self) -> type[models.Model] | None:
        try:
            return apps.get_model(self.record_type)
        except (LookupError, ValueError):
            return None

    @property
    def record_label(self) -> str:
        model = self.record_model
        return str(model._meta.verbose_name) if model else self.record_type

    @property
    def field_label(self) -> str:
        model = self.record_model
        try:
            return str(model._meta.get_field(self.field).verbose_name) if model else self.field
        except FieldDoesNotExist:
            return self.field

    @property
    def old_display(self) -> str:
        model = self.record_model
        return display_value(model, self.field, self.old_value) if model else self.old_value

    @property
    def new_display(self) -> str:
        model = self.record_model
        return display_value(model, self.field, self.new_value) if model else self.new_value
