"""Legal holds: a file that must be kept past its retention period (a court case, a
complaint, a request of the police or the inspectorate) is held by the privacy officer, and
`bloem retention` never purges it while the hold is active."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bloem.core.fields import EncryptedTextField
from bloem.families.models import Family


class LegalHoldQuerySet(models.QuerySet):
    def active(self) -> "LegalHoldQuerySet":
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    """One hold on one family's file, from `placed_at` until `lifted_at`.

    PROTECT: no code path can delete a file that has a hold row; the purge removes the
    lifted holds of a file itself, inside the transaction that deletes the file, and an
    active hold makes that deletion fail."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="legal_holds",
                               verbose_name=_("family"))
    # Encrypted: a reason can name a court case, people and places.
    reason = EncryptedTextField(_("reason"))
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("placed by"))
    placed_at = models.DateTimeField(_("placed at"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("lifted by"))

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["family"], condition=models.Q(lifted_at__isnull=True),
                                    name="legalhold_one_active_per_family"),
            models.CheckConstraint(
                condition=models.Q(lifted_at__isnull=True)
                | models.Q(lifted_at__gte=models.F("placed_at")),
                name="legalhold_lifted_after_placed",
            ),
        ]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")

    def __str__(self) -> str:
        return f"{self.family_id} {self.placed_at:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None
