from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bloem.accounts"
    label = "accounts"
