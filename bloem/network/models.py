"""The national network of trauma practitioners (M-71): a directory of practitioners inside
and outside the shelter, the methods they offer with their certification (or training
under supervision), the cases they treat under supervision, and the referrals a worker
makes to them when a child's or parent's treatment must continue after the stay.

The directory holds professional data only (names, practices, work phone numbers); a
network referral is client data and is part of the family file."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from bloem.accounts.models import Municipality, Organisation
from bloem.core.fields import EncryptedTextField
from bloem.core.models import TimeStampedModel
from bloem.families.models import Family, FamilyMemberQuerySet, Person


class Method(models.TextChoices):
    """The trauma methods of the network. The values are those of
    accounts.QualificationKind and programmes.TraumaMethod, so a treatment's method maps
    onto the directory one to one."""

    EMDR = "emdr", _("EMDR")
    TF_CBT = "tf_cbt", _("Trauma-focused CBT")
    NET = "net", _("Narrative exposure therapy")
    NIKA = "nika", _("NIKA")
    NIKA_COUNSELLING = "nika_counselling", _("NIKA parent counselling")


class Population(models.TextChoices):
    CHILDREN = "children", _("Children")
    ADULTS = "adults", _("Adults")
    BOTH = "both", _("Children and adults")


class CertificationStatus(models.TextChoices):
    CERTIFIED = "certified", _("Certified practitioner")
    IN_TRAINING = "in_training", _("In training under supervision")


class NetworkOrganisationKind(models.TextChoices):
    BLOEM = "bloem", _("Works with Bloem")
    PRACTICE = "practice", _("External practice")


class NetworkOrganisation(TimeStampedModel):
    """Where practitioners work: one of the organisations working in Bloem (linked to its
    accounts.Organisation, so that its team managers maintain its practitioners) or an
    external practice.

    External practices are a network-only kind, not an accounts.Organisation: an
    accounts.Organisation has teams, workers and a place in the access policy, and an
    external practice has none of these — it has no Bloem accounts and must never appear
    in a team, worker or client-scope choice. The administrator keeps its entries."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, null=True, blank=True,
        related_name="network_organisation", verbose_name=_("organisation in Bloem"))
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network organisation")
        verbose_name_plural = _("network organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def kind(self) -> str:
        return (NetworkOrganisationKind.BLOEM if self.organisation_id
                else NetworkOrganisationKind.PRACTICE)


class PractitionerQuerySet(models.QuerySet):
    def for_population(self, population: str) -> "PractitionerQuerySet":
        """Who treats this population: `children` or `adults` (either also matches
        `both`)."""
        return self.filter(population__in=[population, Population.BOTH])

    def for_age(self, age: int) -> "PractitionerQuerySet":
        """Who treats a person of this age: the population fits and the optional age
        range includes it."""
        population = Population.CHILDREN if age < 18 else Population.ADULTS
        return (self.for_population(population)
                .filter(models.Q(min_age__isnull=True) | models.Q(min_age__lte=age))
                .filter(models.Q(max_age__isnull=True) | models.Q(max_age__gte=age)))


class Practitioner(TimeStampedModel):
    """A trauma practitioner in the directory. `updated_at` is shown as "last updated"."""

    organisation = models.ForeignKey(NetworkOrganisation, on_delete=models.PROTECT,
                                     related_name="practitioners",
                                     verbose_name=_("organisation"))
    name = models.CharField(_("name"), max_length=150)
    population = models.CharField(_("population"), max_length=10, choices=Population.choices)
    min_age = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("up to age"), null=True, blank=True)
    base = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("works in"))
    serves = models.ManyToManyField(
        Municipality, blank=True, related_name="+", verbose_name=_("also serves"),
        help_text=_("Municipalities served besides the one the practitioner works in."))
    serves_region = models.CharField(
        _("serves youth-care region"), max_length=100, blank=True,
        help_text=_("A youth-care region whose municipalities are all served."))
    open_places = models.PositiveSmallIntegerField(_("open places"), default=0)
    waiting_weeks = models.PositiveSmallIntegerField(_("waiting time (weeks)"), default=0)
    email = models.EmailField(_("work e-mail"), blank=True)
    phone = models.CharField(_("work phone"), max_length=30, blank=True)

    objects = PractitionerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"],
                                               name="practitioner_unique_name")]
        indexes = [models.Index(fields=["population"])]
        verbose_name = _("practitioner")
        verbose_name_plural = _("practitioners")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (self.min_age is not None and self.max_age is not None
                and self.min_age > self.max_age):
            raise ValidationError({"max_age": _("The upper age lies below the lower age.")})


class PractitionerMethod(models.Model):
    """A method a practitioner offers: certified (since `certified_on`), or in training
    under the supervision of a certified practitioner of the same method."""

    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE,
                                     related_name="methods", verbose_name=_("practitioner"))
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    status = models.CharField(_("status"), max_length=12, choices=CertificationStatus.choices)
    supervisor = models.ForeignKey(Practitioner, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="supervisees",
                                   verbose_name=_("supervisor"))
    training_started_on = models.DateField(_("training started on"), null=True, blank=True)
    certified_on = models.DateField(_("certified on"), null=True, blank=True)

    class Meta:
        ordering = ["method"]
        constraints = [
            models.UniqueConstraint(fields=["practitioner", "method"],
                                    name="practitioner_method_unique"),
            models.CheckConstraint(
                condition=~models.Q(status="certified") | models.Q(certified_on__isnull=False),
                name="practitioner_method_certified_has_date"),
        ]
        indexes = [models.Index(fields=["method", "status"])]
        verbose_name = _("method of a practitioner")
        verbose_name_plural = _("methods of practitioners")

    def __str__(self) -> str:
        return f"{self.practitioner} – {self.get_method_display()}"

    def clean(self) -> None:
        if self.status == CertificationStatus.CERTIFIED and self.certified_on is None:
            raise ValidationError({"certified_on": _("A certified method needs its date.")})
        if self.status == CertificationStatus.IN_TRAINING and self.supervisor_id is None:
            raise ValidationError({"supervisor": _("Training needs a supervisor.")})
        if self.supervisor_id and self.supervisor_id == self.practitioner_id:
            raise ValidationError({"supervisor": _("Nobody supervises themselves.")})


class SupervisedCase(models.Model):
    """A case treated in training under supervision: the date, method and supervisor,
    never who the client was (M-71)."""

    method = models.ForeignKey(PractitionerMethod, on_delete=models.CASCADE,
                               related_name="supervised_cases", verbose_name=_("method"))
    supervisor = models.ForeignKey(Practitioner, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("supervisor"))
    treated_on = models.DateField(_("treated on"))

    class Meta:
        ordering = ["-treated_on", "-id"]
        verbose_name = _("supervised case")
        verbose_name_plural = _("supervised cases")

    def __str__(self) -> str:
        return f"{self.method} – {self.treated_on}"


class NetworkReferral(TimeStampedModel):
    """The practitioner a worker chose for a family member whose treatment continues
    after the stay. Client data: the municipality is the client's new municipality,
    protected like an address (stored encrypted, shown only with can_see_protected); the
    practitioner's name and the reasons are kept as shown, so the record stays true when
    the directory changes."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE,
                               related_name="network_referrals", verbose_name=_("family"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE,
                               related_name="network_referrals", verbose_name=_("person"))
    practitioner = models.ForeignKey(Practitioner, on_delete=models.SET_NULL, null=True,
                                     related_name="referrals", verbose_name=_("practitioner"))
    practitioner_name = models.CharField(_("practitioner"), max_length=300)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    municipality_code = EncryptedTextField(_("municipality"), max_length=6)
    reasons = models.TextField(_("reasons"))
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("chosen by"))
    chosen_on = models.DateField(_("chosen on"))

    objects = FamilyMemberQuerySet.as_manager()

    PROTECTED_FIELDS = ("municipality_code",)

    class Meta:
        ordering = ["-chosen_on", "-id"]
        verbose_name = _("network referral")
        verbose_name_plural = _("network referrals")

    def __str__(self) -> str:
        return f"{self.practitioner_name} – {self.person}"

    @property
    def reason_list(self) -> list[str]:
        return self.reasons.splitlines()
