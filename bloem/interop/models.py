"""A handover Bundle uploaded for import (item 3 of issue 9).

The upload is kept here, encrypted, between the preview and the confirmation (never in a
URL or the session), with the report of the trial import. Once imported, the row stays with
the new family as the document it came from: every part of the handover package, also the
parts that have no field of their own in this file (the other shelter's stay, the receiving
party, the parts chosen per member), can be read back from it with
`bloem.interop.fhir.bundle_to_package`."""

import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bloem.access import policy
from bloem.accounts.models import Location
from bloem.core.fields import EncryptedTextField
from bloem.families.models import Family


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Ready to import")
    REFUSED = "refused", _("Refused")
    IMPORTED = "imported", _("Imported")


class HandoverImportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "HandoverImportQuerySet":
        """An upload is seen only by the worker who uploaded it (the policy's rule)."""
        return self.filter(policy.handover_import_visible_q(user))


class HandoverImport(models.Model):
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("location"))
    bundle = EncryptedTextField(_("FHIR Bundle"),
                                help_text=_("The uploaded JSON, stored encrypted."))
    report = EncryptedTextField(_("report"), blank=True,
                                help_text=_("The report of the trial import as JSON, "
                                            "encrypted: it names family members."))
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices,
                              default=ImportStatus.PENDING)
    family = models.ForeignKey(Family, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="handover_imports", verbose_name=_("family"))
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    objects = HandoverImportQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("imported handover")
        verbose_name_plural = _("imported handovers")

    def __str__(self) -> str:
        return f"{_('Imported handover')} {self.pk}"

    @property
    def report_data(self) -> dict:
        return json.loads(self.report) if self.report else {}
