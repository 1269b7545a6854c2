from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "bloem.outcomes"
    label = "outcomes"
