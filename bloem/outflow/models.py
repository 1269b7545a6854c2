"""Outflow (uitstroom) of a stay and the warm handover (warme overdracht) to the receiving
party — usually the youth team of the family's new municipality (M-70).

Where the family goes is protected like an address: the new municipality and the
receiving party (its name says where the family lives) are stored encrypted and shown only
to a worker who may see protected fields. The package as it was shared is kept as an
encrypted JSON snapshot (bloem.outflow.snapshot), so that the PDF and the FHIR Bundle can
be produced again exactly as the receiving party got them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from bloem.catalogue.models import HelpForm, Petal
from bloem.core.fields import EncryptedTextField
from bloem.core.models import TimeStampedModel
from bloem.families.models import Family, FamilyMemberQuerySet, Person, Stay


class Destination(models.TextChoices):
    OWN_HOUSING = "own_housing", _("Own housing")
    FAMILY_OR_FRIENDS = "family_or_friends", _("With family or friends")
    BACK_WITH_PARTNER = "back_with_partner", _("Back with the partner")
    OTHER_SHELTER = "other_shelter", _("Another shelter")
    SUPPORTED_HOUSING = "supported_housing", _("Supported or sheltered housing")
    UNKNOWN = "unknown", _("Unknown")


class Outflow(TimeStampedModel):
    """How and where a stay ends. Recorded before the stay closes; the stay closes (its
    end date set to `left_on`) only when no open form of help remains (services)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="outflows",
                               verbose_name=_("family"))
    stay = models.OneToOneField(Stay, on_delete=models.CASCADE, related_name="outflow",
                                verbose_name=_("stay"))
    left_on = models.DateField(_("date of outflow"))
    destination = models.CharField(_("destination"), max_length=20,
                                   choices=Destination.choices)
    # Protected like an address: a CBS code of accounts.Municipality, encrypted.
    new_municipality_code = EncryptedTextField(
        _("new municipality"), max_length=6, blank=True,
        help_text=_("Where the family will live; protected like an address."))
    summary = EncryptedTextField(
        _("summary"), blank=True,
        help_text=_("The stay and the help in a few sentences, for the receiving party."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    closed_at = models.DateTimeField(_("stay closed at"), null=True, blank=True)

    objects = FamilyMemberQuerySet.as_manager()

    PROTECTED_FIELDS = ("new_municipality_code",)

    class Meta:
        ordering = ["-left_on", "-pk"]
        verbose_name = _("outflow")
        verbose_name_plural = _("outflows")

    def __str__(self) -> str:
        return f"{self.family} {self.left_on}"

    def clean(self) -> None:
        errors = {}
        if self.stay_id and self.family_id and self.stay.family_id != self.family_id:
            errors["stay"] = _("This stay belongs to another family.")
        if self.stay_id and self.left_on and self.left_on < self.stay.started_on:
            errors["left_on"] = _("The outflow lies before the start of the stay.")
        if errors:
            raise ValidationError(errors)


class HelpStatus(models.TextChoices):
    TO_HAND_OVER = "to_hand_over", _("To hand over")
    HANDED_OVER = "handed_over", _("Handed over")


class ContinuingHelp(TimeStampedModel):
    """Help one family member needs after the stay: a form of help of the file (or a petal
    when it has none yet), what must continue and why, and whether it has been handed
    over."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE,
                               related_name="continuing_help", verbose_name=_("family"))
    outflow = models.ForeignKey(Outflow, on_delete=models.CASCADE,
                                related_name="continuing_help", verbose_name=_("outflow"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE,
                               related_name="continuing_help", verbose_name=_("family member"))
    help_form = models.ForeignKey(HelpForm, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="continuations",
                                  verbose_name=_("form of help"))
    petal = models.ForeignKey(Petal, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("petal"))
    reason = EncryptedTextField(_("what must continue and why"))
    status = models.CharField(_("status"), max_length=20, choices=HelpStatus.choices,
                              default=HelpStatus.TO_HAND_OVER)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["person__family_role", "person__date_of_birth", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["outflow", "help_form"],
                                    name="continuing_help_once_per_help_form"),
        ]
        verbose_name = _("continuing help")
        verbose_name_plural = _("continuing help")

    def __str__(self) -> str:
        return f"{self.person} – {self.petal}"

    def clean(self) -> None:
        errors = {}
        if self.person_id and self.family_id and self.person.family_id != self.family_id:
            errors["person"] = _("This person belongs to another family.")
        if self.help_form_id and self.person_id and self.help_form.person_id != self.person_id:
            errors["help_form"] = _("This form of help is for another family member.")
        if (self.status == HelpStatus.HANDED_OVER) != (self.handed_over_on is not None):
            errors["handed_over_on"] = _("Help that has been handed over needs the date.")
        if errors:
            raise ValidationError(errors)


class FollowUp(models.TextChoices):
    PICKED_UP = "picked_up", _("Picked up by the receiving party")
    NOT_REACHED = "not_reached", _("Not reached")


class Handover(TimeStampedModel):
    """A warm handover: the package prepared for one receiving party (members and parts
    chosen), the consents it needs, and — once shared — the package as shared, encrypted.
    The follow-up (did the receiving party pick it up?) comes due some weeks later."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="handovers",
                               verbose_name=_("family"))
    outflow = models.ForeignKey(Outflow, on_delete=models.CASCADE, related_name="handovers",
                                verbose_name=_("outflow"))
    # The receiving party's name says where the family lives: protected, encrypted.
    receiving_party = EncryptedTextField(
        _("receiving party"), max_length=200,
        help_text=_("E.g. the youth team of the new municipality."))
    contact = EncryptedTextField(_("contact at the receiving party"), max_length=200,
                                 blank=True)
    # {"<person id>": ["summary", "safety", ...]}: the members and parts chosen.
    chosen = models.JSONField(_("members and parts chosen"), default=dict)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("prepared by"))
    shared_at = models.DateTimeField(_("shared at"), null=True, blank=True)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("shared by"))
    package = EncryptedTextField(_("package as shared"), blank=True,
                                 help_text=_("The JSON snapshot of the package; encrypted."))
    follow_up_on = models.DateField(_("follow-up due on"), null=True, blank=True)
    follow_up = models.CharField(_("follow-up"), max_length=20, choices=FollowUp.choices,
                                 blank=True)
    picked_up_on = models.DateField(_("picked up on"), null=True, blank=True)
    follow_up_note = EncryptedTextField(_("note on the follow-up"), blank=True)
    follow_up_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("follow-up recorded by"))

    objects = FamilyMemberQuerySet.as_manager()

    PROTECTED_FIELDS = ("receiving_party", "contact")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["follow_up_on", "follow_up"])]
        verbose_name = _("warm handover")
        verbose_name_plural = _("warm handovers")

    def __str__(self) -> str:
        return f"{self.family} {self.created_at:%Y-%m-%d}"

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None

    def parts_of(self, person_id: int) -> list[str]:
        return list(self.chosen.get(str(person_id), []))


class ShareConsentForm(models.TextChoices):
    WRITTEN = "written", _("Written")
    VERBAL = "verbal", _("Verbal")


class HandoverConsent(TimeStampedModel):
    """One person's consent to share the information about `subject` (themselves, or a
    child) with the receiving party of this handover. Who must consent is the rule
    engine's (bloem.rules.sharing)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE,
                               related_name="handover_consents", verbose_name=_("family"))
    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="consents",
                                 verbose_name=_("warm handover"))
    subject = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("information about"))
    given_by = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("consent of"))
    given_on = models.DateField(_("date"))
    form = models.CharField(_("form"), max_length=10, choices=ShareConsentForm.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["given_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["handover", "subject", "given_by"],
                                    name="handover_consent_once"),
        ]
        verbose_name = _("consent to the handover")
        verbose_name_plural = _("consents to the handover")

    def __str__(self) -> str:
        return f"{self.given_by} – {self.subject}"

    def clean(self) -> None:
        for name in ("subject", "given_by"):
            person = getattr(self, name) if getattr(self, f"{name}_id") else None
            if person is not None and self.family_id and person.family_id != self.family_id:
                raise ValidationError({name: _("This person belongs to another family.")})
