from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Retention and legal holds, the right of access export, backup and restore."""

    name = "bloem.privacy"
    label = "privacy"
    verbose_name = _("Privacy")
