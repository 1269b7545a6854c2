from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "bloem.core"
    label = "core"
