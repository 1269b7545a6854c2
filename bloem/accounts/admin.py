"""The application administrator manages organisations, places, teams and workers here.
Client data never appears in the admin: it would bypass the access policy."""

from allauth.mfa.models import Authenticator
from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from bloem.access import policy

from .models import (
    Location,
    Membership,
    Municipality,
    Organisation,
    Qualification,
    Team,
    Unit,
    Worker,
)


class PolicyAdmin(admin.ModelAdmin):
    """Admin pages open to the administrator role (and superusers), nobody else."""

    def _allowed(self, request) -> bool:
        return request.user.is_superuser or policy.has_role_permission(
            request.user, "accounts.manage")

    def has_module_permission(self, request) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._allowed(request)


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["team"]


class QualificationInline(admin.TabularInline):
    model = Qualification
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(PolicyAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]


@admin.register(Location)
class LocationAdmin(PolicyAdmin):
    list_display = ["name", "municipality"]
    search_fields = ["name"]
    autocomplete_fields = ["municipality"]
    inlines = [UnitInline]


@admin.register(Team)
class TeamAdmin(PolicyAdmin):
    list_display = ["name", "organisation", "location"]
    list_filter = ["organisation", "location"]
    search_fields = ["name"]


@admin.register(Worker)
class WorkerAdmin(PolicyAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "is_active"]
    list_filter = ["organisation", "is_active", "memberships__role"]
    fieldsets = [
        *UserAdmin.fieldsets[:2],
        (None, {"fields": ["organisation", "job_title", "is_active", "is_staff"]}),
    ]
    inlines = [MembershipInline, QualificationInline]


@admin.register(Municipality)
class MunicipalityAdmin(PolicyAdmin):
    list_display = ["code", "name", "province", "youth_region"]
    search_fields = ["name", "code"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# -- login security: unblock a locked-out login, reset a lost second factor -------------

if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(PolicyAdmin, AxesAccessAttemptAdmin):
    """Failed logins counted by django-axes. Deleting a row unblocks that username (and
    address) at once, before the cool-off time has passed."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(PolicyAdmin):
    """A worker's second factors. The administrator can remove them (a lost phone): the
    worker then sets up a new one at the next login. Secrets are never shown."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__username", "user__last_name"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
