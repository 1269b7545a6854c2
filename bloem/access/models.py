"""Break the glass: a worker outside a family's scope opens its file in an emergency, for
one hour, with a reason. The access policy (policy.py) reads these rows; the services
(services.py) write them; the privacy officer reviews them (audit:emergency_accesses)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bloem.core.fields import EncryptedTextField

# A reason must say something: "spoed" is not a reason.
REASON_MIN_LENGTH = 10


class EmergencyAccess(models.Model):
    """One emergency opening of one family's file by one worker. The file number is copied
    so that the privacy officer's list survives the family's file being purged."""

    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="emergency_accesses", verbose_name=_("worker"))
    family = models.ForeignKey(
        "families.Family", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="emergency_accesses", verbose_name=_("family"),
    )
    family_reference = models.CharField(_("file number"), max_length=20)
    # Encrypted: a description of an emergency can name people and places.
    reason = EncryptedTextField(_("reason"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["worker", "expires_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(expires_at__gt=models.F("started_at")),
                                   name="emergencyaccess_expires_after_start"),
        ]
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")

    def __str__(self) -> str:
        return f"{self.worker} – {self.family_reference} {self.started_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if len((self.reason or "").strip()) < REASON_MIN_LENGTH:
            raise ValidationError({"reason": _(
                "Describe the emergency in at least %(count)d characters."
            ) % {"count": REASON_MIN_LENGTH}})

    def is_active(self, now=None) -> bool:
        return self.expires_at > (now or timezone.now())
