from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "bloem.families"
    label = "families"
