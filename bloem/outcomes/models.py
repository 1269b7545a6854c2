"""Outcome monitoring (M-80): the measurement schedule as data, and the research exports
with their purpose and approval. The responses themselves live in screening."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bloem.catalogue.models import Petal
from bloem.screening import engine
from bloem.screening.models import Informant, Moment


class Anchor(models.TextChoices):
    HELP_START = "help_start", _("Start of the form of help")
    HELP_END = "help_end", _("End of the form of help")


class MeasurementScheduleQuerySet(models.QuerySet):
    def active(self) -> "MeasurementScheduleQuerySet":
        return self.filter(active=True)


class MeasurementSchedule(models.Model):
    """Which instrument is taken at which moment of a form of help (a petal): e.g. the
    PHQ-9 as T0 a week after the start, as T2 at the end and as follow-up three months
    after the end. The instrument is named by its family (engine `family`), so the
    version that fits the person's age is the one due. Reference data, no client data.

    Programmes (issue 7) will get a second, nullable foreign key beside `petal` with a
    check that exactly one of the two is set; the due-date logic only needs the anchor
    dates, which a programme participation will have as well."""

    petal = models.ForeignKey(Petal, on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("form of help (petal)"))
    instrument_family = models.CharField(
        _("instrument"), max_length=60,
        help_text=_("The instrument family code, e.g. phq-9 or cats; the version that "
                    "fits the person's age is used."))
    informant = models.CharField(_("informant"), max_length=10, choices=Informant.choices)
    moment = models.CharField(_("measurement moment"), max_length=10, choices=Moment.choices)
    anchor = models.CharField(_("counted from"), max_length=12, choices=Anchor.choices)
    offset_days = models.IntegerField(
        _("days after the anchor"), default=0,
        help_text=_("Negative values are allowed: e.g. -7 for a week before the end."))
    window_days = models.PositiveSmallIntegerField(
        _("window in days"), default=14,
        help_text=_("The measurement is due from this many days before the due date and "
                    "overdue this many days after it."))
    active = models.BooleanField(_("active"), default=True)

    objects = MeasurementScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["petal", "anchor", "offset_days", "instrument_family"]
        constraints = [
            models.UniqueConstraint(fields=["petal", "instrument_family", "informant", "moment"],
                                    name="measurementschedule_unique"),
        ]
        verbose_name = _("measurement schedule entry")
        verbose_name_plural = _("measurement schedule")

    def __str__(self) -> str:
        return f"{self.petal_id}: {self.instrument_family} {self.moment}"

    def clean(self) -> None:
        families = {i.family for i in engine.registry().values()}
        if self.instrument_family and self.instrument_family not in families:
            raise ValidationError({"instrument_family": _("There is no such instrument.")})
        if self.instrument_family and self.informant and not any(
            self.informant in i.informants for i in engine.registry().values()
            if i.family == self.instrument_family
        ):
            raise ValidationError({"informant": _("This instrument has no version for this "
                                                  "informant.")})
        if self.moment == Moment.T0 and self.anchor == Anchor.HELP_END:
            raise ValidationError({"anchor": _("A T0 measurement is counted from the start.")})

    def codes(self) -> list[str]:
        """The instrument codes of this family for this informant."""
        return [i.code for i in engine.registry().values()
                if i.family == self.instrument_family and self.informant in i.informants]


class ExportStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ResearchExportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ResearchExportQuerySet":
        """The requester sees their own requests; whoever may approve sees them all (the
        request holds no client data: a purpose and a selection)."""
        from bloem.access import policy

        if policy.has_role_permission(user, "outcomes.export_approve"):
            return self.all()
        if policy.has_role_permission(user, "outcomes.export_request"):
            return self.filter(requested_by=user)
        return self.none()


class ResearchExport(models.Model):
    """A request for a pseudonymised research export: who asked, for which project and
    purpose, and the selection. The privacy officer approves or rejects it; only an
    approved export can be downloaded, by its requester, and every download is audited.
    The file is made anew at each download from the requester's scope, so nothing with
    client data is stored here."""

    project = models.SlugField(
        _("project code"), max_length=40,
        help_text=_("The research project: pseudonyms are stable within a project and "
                    "differ between projects."))
    purpose = models.TextField(_("purpose"), max_length=2000)
    selection = models.JSONField(_("selection"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices,
                              default=ExportStatus.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note with the decision"), blank=True, max_length=2000)

    objects = ResearchExportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("research export")
        verbose_name_plural = _("research exports")

    def __str__(self) -> str:
        return f"{self.project} ({self.get_status_display()})"
