from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "bloem.programmes"
    verbose_name = _("Group programmes and specialist treatment")
