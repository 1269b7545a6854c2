"""Who works in Bloem and where: organisations, locations with units, teams, workers,
their roles per team and their qualifications (M-05, M-06, M-37)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    SHELTER = "shelter", _("Women's shelter")
    YOUTH_CARE = "youth_care", _("Specialist youth care")
    GGZ = "ggz", _("Adult mental health (GGZ)")


class Role(models.TextChoices):
    FAMILY_WORKER = "family_worker", _("Family worker")
    CHILD_WORKER = "child_worker", _("Child worker")
    YOUTH_SPECIALIST = "youth_specialist", _("Youth-care specialist")
    NIKA_COUNSELLOR = "nika_counsellor", _("NIKA parent counsellor")
    GGZ_PRACTITIONER = "ggz_practitioner", _("GGZ practitioner")
    TEAM_MANAGER = "team_manager", _("Team manager")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    ADMINISTRATOR = "administrator", _("Application administrator")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")


class QualificationKind(models.TextChoices):
    DIAGNOSTICS = "diagnostics", _("Post-master with diagnostics qualification")
    EMDR = "emdr", _("EMDR practitioner")
    NIKA = "nika", _("NIKA practitioner")
    NIKA_COUNSELLING = "nika_counselling", _("NIKA parent counselling (post-HBO)")
    TF_CBT = "tf_cbt", _("Trauma-focused CBT")
    NET = "net", _("Narrative exposure therapy")
    DRAMA_THERAPY = "drama_therapy", _("Drama therapist")


class UnitKind(models.TextChoices):
    CRISIS = "crisis", _("Crisis shelter")
    ASSISTED_LIVING = "assisted_living", _("Assisted living")


class Municipality(models.Model):
    """A Dutch municipality (CBS code), reference data from shared/data/gemeenten.csv."""

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    province = models.CharField(_("province"), max_length=50)
    youth_region = models.CharField(_("youth-care region"), max_length=100)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    inhabitants = models.PositiveIntegerField(_("inhabitants"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """A site such as an Oranje Huis. The site is open, not secret; a client's own
    whereabouts are protected separately (M-07)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, verbose_name=_("municipality")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="units", verbose_name=_("location")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    capacity = models.PositiveSmallIntegerField(_("capacity (families)"), default=10)

    class Meta:
        ordering = ["location__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="unit_unique_name")
        ]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return f"{self.location} – {self.name}"


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="teams",
        verbose_name=_("organisation"),
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="teams", verbose_name=_("location")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class Worker(AbstractUser):
    """A professional who uses Bloem. Roles come from team memberships."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True,
        related_name="workers", verbose_name=_("organisation"),
    )
    job_title = models.CharField(_("job title"), max_length=100, blank=True)

    class Meta:
        ordering = ["first_name", "last_name"]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    # What a worker's name (str) reads: a list that shows only names loads only these.
    NAME_FIELDS = ("first_name", "last_name", "username")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    """A worker's role in a team; a role covers that team's location where the access
    policy says so."""

    worker = models.ForeignKey(
        Worker, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("worker")
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["worker", "team", "role"], name="membership_unique")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.worker} – {self.get_role_display()} ({self.team})"


class Qualification(models.Model):
    """What a worker may deliver (M-37): checked when work is assigned."""

    worker = models.ForeignKey(
        Worker, on_delete=models.CASCADE, related_name="qualifications",
        verbose_name=_("worker"),
    )
    kind = models.CharField(_("qualification"), max_length=20, choices=QualificationKind.choices)
    in_training = models.BooleanField(_("in training"), default=False)
    obtained_on = models.DateField(_("obtained on"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["worker", "kind"], name="qualification_unique")
        ]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")

    def __str__(self) -> str:
        return self.get_kind_display()
