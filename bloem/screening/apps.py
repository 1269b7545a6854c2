from django.apps import AppConfig
from django.core import checks


class ScreeningConfig(AppConfig):
    name = "bloem.screening"
    label = "screening"

    def ready(self) -> None:
        from .checks import instrument_definitions

        checks.register(instrument_definitions)
