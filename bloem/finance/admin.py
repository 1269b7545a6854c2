"""The application administrator sets which central municipality commissions the shelter
of each location (reference data, no client data). Products, tariffs and registrations are
the finance officer's, on the finance pages with their history; they are not in the
admin, which would bypass that history."""

from django.contrib import admin

from bloem.accounts.admin import PolicyAdmin

from .models import CentralMunicipality


@admin.register(CentralMunicipality)
class CentralMunicipalityAdmin(PolicyAdmin):
    list_display = ["location", "municipality"]
    autocomplete_fields = ["municipality"]
