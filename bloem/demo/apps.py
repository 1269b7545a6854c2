from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "bloem.demo"
    label = "demo"
