from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "bloem.audit"
    label = "audit"
