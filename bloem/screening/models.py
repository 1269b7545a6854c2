"""Screening (M-12..M-16): the answers a person gave on an instrument with their score,
and the workers' decisions on the petals the intake screening suggests. The instruments
themselves are data files (engine.py), not rows."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bloem.access import policy
from bloem.catalogue.models import Petal
from bloem.core.fields import EncryptedTextField
from bloem.families.models import Family, Person


class Informant(models.TextChoices):
    SELF = "self", _("The person themselves")
    CAREGIVER = "caregiver", _("A parent or caregiver")
    WORKER = "worker", _("The worker")


class Moment(models.TextChoices):
    """Measurement moments; issue 8 (outcomes) compares T0 with later moments."""

    T0 = "t0", _("T0 – intake")
    T1 = "t1", _("T1 – during the stay")
    T2 = "t2", _("T2 – end of the stay")
    FOLLOW_UP = "follow_up", _("Follow-up")


class ResponseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ResponseQuerySet":
        return self.filter(policy.family_visible_q(user, prefix="family__"))


class Response(models.Model):
    """One administration of an instrument for one person. The answers are stored
    encrypted (they can name a suicide risk or abuse); the score, band and flags are
    stored beside them, computed by the engine when the answers were saved."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE,
                               related_name="screening_responses", verbose_name=_("family"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE,
                               related_name="screening_responses", verbose_name=_("person"))
    instrument = models.CharField(_("instrument"), max_length=60)
    version = models.CharField(_("version"), max_length=40)
    informant = models.CharField(_("informant"), max_length=10, choices=Informant.choices)
    moment = models.CharField(_("measurement moment"), max_length=10, choices=Moment.choices)
    administered_on = models.DateField(_("date"))
    answers = EncryptedTextField(_("answers"), help_text=_("The answers as JSON, encrypted."))
    total = models.DecimalField(_("total score"), max_digits=8, decimal_places=2, null=True,
                                blank=True)
    subscales = models.JSONField(_("subscales"), default=dict, blank=True)
    band = models.CharField(_("band"), max_length=60, blank=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    alert = models.BooleanField(_("alert"), default=False,
                                help_text=_("A flag that asks the worker to act, e.g. a "
                                            "suicide item answered above zero."))
    complete = models.BooleanField(_("complete"), default=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("entered by"))
    client_mode = models.BooleanField(_("filled in by the client on the tablet"),
                                      default=False)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-administered_on", "-id"]
        indexes = [
            models.Index(fields=["person", "instrument", "-administered_on"]),
            models.Index(fields=["family", "-administered_on"]),
            models.Index(fields=["instrument", "moment"]),
        ]
        verbose_name = _("questionnaire response")
        verbose_name_plural = _("questionnaire responses")

    def __str__(self) -> str:
        return f"{self.instrument} {self.administered_on}"

    def clean(self) -> None:
        if self.person_id and self.family_id and self.person.family_id != self.family_id:
            raise ValidationError({"person": _("This person belongs to another family.")})
        if self.administered_on and self.administered_on > timezone.localdate():
            raise ValidationError({"administered_on": _("The date lies in the future.")})


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted: discuss in the joint analysis")
    REJECTED = "rejected", _("Rejected")


class PetalSuggestionDecisionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PetalSuggestionDecisionQuerySet":
        return self.filter(policy.family_visible_q(user, prefix="family__"))


class PetalSuggestionDecision(models.Model):
    """The workers' answer to a petal that the intake screening suggested for a child
    (M-12): a suggestion is never a decision until a worker accepts it. The latest
    decision per child and petal counts; earlier ones stay as history."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE,
                               related_name="petal_suggestion_decisions",
                               verbose_name=_("family"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE,
                               related_name="petal_suggestion_decisions",
                               verbose_name=_("child"))
    petal = models.ForeignKey(Petal, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("petal"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    objects = PetalSuggestionDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["person", "petal", "-decided_at"])]
        verbose_name = _("decision on a suggested petal")
        verbose_name_plural = _("decisions on suggested petals")

    def __str__(self) -> str:
        return f"{self.person} {self.petal_id} {self.decision}"

    def clean(self) -> None:
        if self.person_id and self.family_id and self.person.family_id != self.family_id:
            raise ValidationError({"person": _("This person belongs to another family.")})
