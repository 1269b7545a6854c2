from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "bloem.access"
    label = "access"
