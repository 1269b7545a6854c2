"""The NEN 7513 access log: one AccessEvent for every view, creation, change, deletion and
export of client data. Subjects are stored as plain ids (not foreign keys) so that the log
outlives the records it describes; the table is append-only (database triggers refuse
UPDATE and DELETE, see migration 0002)."""

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("View")
    LIST = "list", _("List")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Change")
    DELETE = "delete", _("Delete")
    EXPORT = "export", _("Export")


class Channel(models.TextChoices):
    UI = "ui", _("Web interface")
    API = "api", _("API")
    COMMAND = "command", _("Command")


class AccessEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")

    def about_person(self, person_id: int, family_id: int) -> "AccessEventQuerySet":
        """Everything that showed this person's file: the person's own pages and the
        pages of their family, which show every member."""
        return self.filter(
            models.Q(person_id=person_id)
            | models.Q(person_id__isnull=True, family_id=family_id)
        )


class AccessEvent(models.Model):
    at = models.DateTimeField(_("when (UTC)"), default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(_("worker id"), null=True, db_index=True)
    actor_username = models.CharField(_("worker"), max_length=150)
    actor_roles = models.CharField(_("roles"), max_length=200, blank=True)
    actor_organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices,
                               default=Channel.UI)
    family_id = models.BigIntegerField(_("family id"), null=True, db_index=True)
    person_id = models.BigIntegerField(_("person id"), null=True, db_index=True)
    record_type = models.CharField(_("record type"), max_length=60)
    record_id = models.CharField(_("record id"), max_length=40, blank=True)
    subject_count = models.PositiveIntegerField(_("number of clients shown"), default=1)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    session = models.CharField(_("session"), max_length=16, blank=True,
                               help_text=_("A hash of the session key, never the key."))
    reason = models.TextField(_("reason"), blank=True)
    break_glass = models.BooleanField(_("emergency access"), default=False)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access event")
        verbose_name_plural = _("access events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.record_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")

    @property
    def record_label(self) -> str:
        """The record type as users know it ("person", "shelter stay")."""
        try:
            return str(apps.get_model(self.record_type)._meta.verbose_name)
        except (LookupError, ValueError):
            return self.record_type
