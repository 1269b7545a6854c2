"""Consent for help to a child (M-40) and the other recorded preconditions the care rules
ask for before help starts: the 12–15 exceptions and competence judgements, the client's
agreement to contact with the ex-partner (M-02) and the judgement that the parent–child
relationship is stable enough for trauma treatment (M-32). Who must consent is decided by
the rule engine (bloem.rules), never here."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from bloem.catalogue.models import Petal
from bloem.core.fields import EncryptedTextField
from bloem.core.models import TimeStampedModel
from bloem.families.models import (
    Family,
    FamilyMemberQuerySet,
    FamilyRole,
    ParentChildRelation,
    Person,
)
from bloem.rules.facts import ConsentBasis as RuleBasis
from bloem.rules.facts import ConsentDecisionKind as RuleDecisionKind


class ConsentBasis(models.TextChoices):
    GIVEN = RuleBasis.GIVEN.value, _("Consent given by the person")
    COURT_DECISION = RuleBasis.COURT_DECISION.value, _("Replaced by a decision of the juvenile "
                                                       "court")
    GI_DECISION = RuleBasis.GI_DECISION.value, _("Replaced by a decision of the certified "
                                                 "institution")


class ConsentForm(models.TextChoices):
    WRITTEN = "written", _("Written")
    VERBAL = "verbal", _("Verbal")
    DECISION = "decision", _("Decision (court or certified institution)")


class DecisionKind(models.TextChoices):
    SERIOUS_HARM = RuleDecisionKind.SERIOUS_HARM.value, _(
        "Without the parents: manifestly necessary to prevent serious harm (12–15)")
    PERSISTENT_WISH = RuleDecisionKind.PERSISTENT_WISH.value, _(
        "Without the parents: the child's persistent, well-considered wish (12–15)")
    NOT_COMPETENT = RuleDecisionKind.NOT_COMPETENT.value, _(
        "The child is not able to reasonably weigh its interests (the parents decide)")


class Consent(TimeStampedModel):
    """One person's consent to one form of help (petal) for one child — or a decision of
    the court or the certified institution that replaces it — and its withdrawal."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="consents",
                               verbose_name=_("family"))
    child = models.ForeignKey(Person, on_delete=models.CASCADE,
                              related_name="consents_received", verbose_name=_("child"))
    petal = models.ForeignKey(Petal, on_delete=models.PROTECT, related_name="consents",
                              verbose_name=_("form of help"))
    given_by = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents_given",
                                 verbose_name=_("consent of"))
    basis = models.CharField(_("basis"), max_length=20, choices=ConsentBasis.choices,
                             default=ConsentBasis.GIVEN)
    scope = models.TextField(_("scope"), help_text=_("What the consent covers."))
    given_on = models.DateField(_("date"))
    form = models.CharField(_("form"), max_length=10, choices=ConsentForm.choices)
    decision_reference = models.CharField(
        _("reference of the decision"), max_length=100, blank=True,
        help_text=_("For a decision that replaces consent: its reference (e.g. the case "
                    "number)."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_note = models.TextField(_("note on the withdrawal"), blank=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False,
        help_text=_("Counts the changes; an edit made on an older version is refused."),
    )

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["child", "petal"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.given_by} – {self.petal} ({self.child})"

    @property
    def is_decision(self) -> bool:
        return self.basis != ConsentBasis.GIVEN

    def in_force_on(self, day) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.child_id and self.child.family_role != FamilyRole.CHILD:
            errors["child"] = _("Consent is recorded for a child of the family.")
        if self.child_id and self.family_id and self.child.family_id != self.family_id:
            errors["child"] = _("This person belongs to another family.")
        if self.given_by_id and self.family_id and self.given_by.family_id != self.family_id:
            errors["given_by"] = _("This person belongs to another family.")
        if self.is_decision and not self.decision_reference.strip():
            errors["decision_reference"] = _("A decision that replaces consent needs its "
                                             "reference.")
        if self.is_decision != (self.form == ConsentForm.DECISION):
            errors["form"] = _("A decision is recorded with the form “decision”; a consent "
                               "given by the person is written or verbal.")
        if self.withdrawn_on and self.given_on and self.withdrawn_on < self.given_on:
            errors["withdrawn_on"] = _("The withdrawal lies before the consent was given.")
        if errors:
            raise ValidationError(errors)


class ConsentDecision(TimeStampedModel):
    """A judgement that changes who must consent to a form of help for a child of 12 or
    older: the law's exceptions for 12–15 (serious harm; the child's persistent wish) or
    the child not being able to weigh its interests (WGBO 7:465)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE,
                               related_name="consent_decisions", verbose_name=_("family"))
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consent_decisions",
                              verbose_name=_("child"))
    petal = models.ForeignKey(Petal, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("form of help"))
    kind = models.CharField(_("judgement"), max_length=20, choices=DecisionKind.choices)
    decided_on = models.DateField(_("date"))
    judged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("judged by"))
    reasoning = EncryptedTextField(_("reasoning"),
                                   help_text=_("The worker's reasoning; stored encrypted."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("consent judgement")
        verbose_name_plural = _("consent judgements")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.child}"

    def clean(self) -> None:
        errors = {}
        if self.child_id and self.child.family_role != FamilyRole.CHILD:
            errors["child"] = _("Consent is recorded for a child of the family.")
        elif self.child_id and self.family_id and self.child.family_id != self.family_id:
            errors["child"] = _("This person belongs to another family.")
        elif self.child_id and self.decided_on:
            age = self.child.age_on(self.decided_on)
            if age is not None and age < 12:
                errors["kind"] = _("This judgement is for a child of 12 or older; under 12 the "
                                   "parents with authority always decide.")
            elif (age is not None and age >= 16
                  and self.kind != DecisionKind.NOT_COMPETENT):
                errors["kind"] = _("From 16 the young person decides alone; the exceptions "
                                   "for 12 to 15 do not apply.")
        if errors:
            raise ValidationError(errors)


class ContactAgreement(TimeStampedModel):
    """The client's recorded agreement — or refusal, or its withdrawal — to contact with the
    ex-partner (M-02). The latest record counts."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE,
                               related_name="contact_agreements", verbose_name=_("family"))
    client = models.ForeignKey(Person, on_delete=models.CASCADE,
                               related_name="contact_agreements", verbose_name=_("client"))
    agrees = models.BooleanField(_("agrees to contact with the ex-partner"))
    decided_on = models.DateField(_("date"))
    scope = models.TextField(_("what was agreed"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("agreement to contact with the ex-partner")
        verbose_name_plural = _("agreements to contact with the ex-partner")

    def __str__(self) -> str:
        return f"{self.client} {self.decided_on}"

    def clean(self) -> None:
        if self.client_id and self.client.family_role != FamilyRole.PARENT:
            raise ValidationError({"client": _("The agreement is the client's: the parent in "
                                               "the shelter.")})
        if self.client_id and self.family_id and self.client.family_id != self.family_id:
            raise ValidationError({"client": _("This person belongs to another family.")})


class StabilityJudgement(TimeStampedModel):
    """A judgement whether the parent–child relationship is sufficiently stable and safe
    for the child's trauma treatment (M-32), e.g. after NIKA diagnostics."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE,
                               related_name="stability_judgements", verbose_name=_("family"))
    child = models.ForeignKey(Person, on_delete=models.CASCADE,
                              related_name="stability_judgements", verbose_name=_("child"))
    judged_on = models.DateField(_("date"))
    sufficient = models.BooleanField(
        _("sufficiently stable and safe"),
        help_text=_("Is the parent–child relationship sufficiently stable and safe for "
                    "trauma treatment?"))
    basis = EncryptedTextField(_("basis"),
                               help_text=_("E.g. the NIKA diagnostics it follows; stored "
                                           "encrypted."))
    judged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("judged by"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-judged_on", "-id"]
        verbose_name = _("stability judgement")
        verbose_name_plural = _("stability judgements")

    def __str__(self) -> str:
        return f"{self.child} {self.judged_on}"

    def clean(self) -> None:
        if self.child_id and self.child.family_role != FamilyRole.CHILD:
            raise ValidationError({"child": _("The judgement is about a child of the family.")})
        if self.child_id and self.family_id and self.child.family_id != self.family_id:
            raise ValidationError({"child": _("This person belongs to another family.")})


class InformationShared(TimeStampedModel):
    """Information about the child given, on request, to a parent WITHOUT parental
    authority (BW 1:377c) — who is informed, not asked — or withheld because sharing would
    harm the child's interest (with the reason)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE,
                               related_name="information_shared", verbose_name=_("family"))
    child = models.ForeignKey(Person, on_delete=models.CASCADE,
                              related_name="information_shared", verbose_name=_("child"))
    parent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("parent without authority"))
    shared_on = models.DateField(_("date"))
    what = EncryptedTextField(_("what was shared"), blank=True,
                              help_text=_("Stored encrypted."))
    withheld = models.BooleanField(
        _("withheld"), default=False,
        help_text=_("Not shared: it would harm the child's interest."))
    reason = EncryptedTextField(_("reason for withholding"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-shared_on", "-id"]
        verbose_name = _("information to a parent without authority")
        verbose_name_plural = _("information to parents without authority")

    def __str__(self) -> str:
        return f"{self.parent} – {self.child} {self.shared_on}"

    def clean(self) -> None:
        errors = {}
        if self.child_id and self.child.family_role != FamilyRole.CHILD:
            errors["child"] = _("Consent is recorded for a child of the family.")
        elif self.child_id and self.family_id and self.child.family_id != self.family_id:
            errors["child"] = _("This person belongs to another family.")
        if self.parent_id and self.child_id:
            relation = ParentChildRelation.objects.filter(parent_id=self.parent_id,
                                                          child_id=self.child_id).first()
            if relation is None:
                errors["parent"] = _("This person is not recorded as a parent of the child.")
            elif relation.has_authority:
                errors["parent"] = _("This parent holds parental authority: record consent "
                                     "instead.")
        if self.withheld and not self.reason.strip():
            errors["reason"] = _("Withholding information needs the reason.")
        if not self.withheld and not self.what.strip():
            errors["what"] = _("Record what was shared.")
        if errors:
            raise ValidationError(errors)
