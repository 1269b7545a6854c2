from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "bloem.catalogue"
    label = "catalogue"
