from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutflowConfig(AppConfig):
    name = "bloem.outflow"
    label = "outflow"
    verbose_name = _("Outflow and warm handover")
