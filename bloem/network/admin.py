"""The administrator keeps the network's organisations (the external practices have no
Bloem accounts, so nobody else can). Practitioners are kept on the network pages, where
team managers keep their own organisation's."""

from django.contrib import admin

from bloem.accounts.admin import PolicyAdmin

from .models import NetworkOrganisation


@admin.register(NetworkOrganisation)
class NetworkOrganisationAdmin(PolicyAdmin):
    list_display = ["name", "organisation", "website"]
    search_fields = ["name"]
