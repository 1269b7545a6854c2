"""The flower (M-20, M-21): the catalogue of help as data — domains and their petals, each
with its provider and financing stream — and the forms of help (hulpvormen) started from a
petal for one family member."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bloem.access import policy
from bloem.accounts.models import OrganisationKind
from bloem.core.models import TimeStampedModel
from bloem.families.models import Family, Person


class Financing(models.TextChoices):
    WMO = "wmo", _("Wmo 2015")
    JEUGDWET = "jeugdwet", _("Jeugdwet")
    ZVW = "zvw", _("Zvw")


class Domain(models.Model):
    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    provider_kind = models.CharField(_("provider"), max_length=20,
                                     choices=OrganisationKind.choices)
    financing = models.CharField(_("financing"), max_length=10, choices=Financing.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        # Names are stored in English and translated like any other msgid.
        return gettext(self.name)


class Petal(models.Model):
    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="petals",
                               verbose_name=_("domain"))
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    provider_kind = models.CharField(_("provider"), max_length=20,
                                     choices=OrganisationKind.choices)
    financing = models.CharField(_("financing"), max_length=10, choices=Financing.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["domain__order", "order"]
        verbose_name = _("petal")
        verbose_name_plural = _("petals")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return gettext(self.name)

    @property
    def description_label(self) -> str:
        return gettext(self.description) if self.description else ""


class HelpFormStatus(models.TextChoices):
    """Where a form of help stands. Help starts only through the care rules (consent,
    qualifications, order of treatment): a form of help waits as *proposed* until they
    allow it, and is *paused* when a consent it needs is withdrawn."""

    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused (consent withdrawn)")
    ENDED = "ended", _("Ended")


# The statuses in which help is (or will be) given: what the consent status lists.
OPEN_STATUSES = (HelpFormStatus.PROPOSED, HelpFormStatus.ACTIVE, HelpFormStatus.PAUSED)
# The statuses in which help is given on the days between start and end.
GIVEN_STATUSES = (HelpFormStatus.ACTIVE, HelpFormStatus.ENDED)


class HelpFormQuerySet(models.QuerySet):
    def visible_to(self, user) -> "HelpFormQuerySet":
        return self.filter(policy.family_visible_q(user, prefix="family__"))

    def active_on(self, day: datetime.date) -> "HelpFormQuerySet":
        return self.filter(status__in=GIVEN_STATUSES, started_on__lte=day).filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=day)
        )

    def open(self) -> "HelpFormQuerySet":
        return self.filter(status__in=OPEN_STATUSES)


class HelpForm(TimeStampedModel):
    """A form of help (hulpvorm) from one petal for one family member."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="help_forms",
                               verbose_name=_("family"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="help_forms",
                               verbose_name=_("receives the help"))
    petal = models.ForeignKey(Petal, on_delete=models.PROTECT, related_name="help_forms",
                              verbose_name=_("petal"))
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="help_forms",
                                    verbose_name=_("responsible worker"))
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    goal = models.TextField(_("goal"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=HelpFormStatus.choices,
                              default=HelpFormStatus.ACTIVE)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="supervised_help_forms", verbose_name=_("supervisor"),
        help_text=_("The named, qualified supervisor of a practitioner in training."),
    )
    warnings_acknowledged = models.CharField(
        _("warnings acknowledged"), max_length=200, blank=True, editable=False,
        help_text=_("The care rules whose warning the worker acknowledged when starting."),
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False,
        help_text=_("Counts the changes; an edit made on an older version is refused."),
    )

    objects = HelpFormQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="helpform_ends_after_start",
            )
        ]
        indexes = [
            # Whether a family has open help, asked of every family a worklist page checks
            # (a team manager's location: thousands, most of them gone): a small index of
            # the open forms only, read without visiting the table (bench/, issue 12).
            models.Index(fields=["family"], condition=models.Q(status__in=OPEN_STATUSES),
                         name="helpform_open_by_family"),
        ]
        verbose_name = _("form of help")
        verbose_name_plural = _("forms of help")

    def __str__(self) -> str:
        return f"{self.petal} – {self.person}"

    def clean(self) -> None:
        errors = {}
        if self.person_id and self.family_id and self.person.family_id != self.family_id:
            errors["person"] = _("This person belongs to another family.")
        if (
            self.responsible_id and self.petal_id
            and getattr(self.responsible.organisation, "kind", None) != self.petal.provider_kind
        ):
            errors["responsible"] = _(
                "The responsible worker must work for the organisation that provides this "
                "help (%(provider)s)."
            ) % {"provider": self.petal.get_provider_kind_display()}
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("The end date lies before the start date.")
        if self.supervisor_id and self.supervisor_id == self.responsible_id:
            errors["supervisor"] = _("The supervisor is someone other than the responsible "
                                     "worker.")
        if errors:
            raise ValidationError(errors)

    def is_active_on(self, day: datetime.date) -> bool:
        return self.status in GIVEN_STATUSES and self.started_on <= day and (
            self.ended_on is None or self.ended_on >= day)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def may_start(self) -> bool:
        """Proposed or paused: it can be started (again) when the care rules allow it."""
        return self.status in (HelpFormStatus.PROPOSED, HelpFormStatus.PAUSED)
