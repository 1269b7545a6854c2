from django.contrib import admin

from .models import Facilitator, GroupRun, GroupSession, Programme, ProgrammeTheme


class ThemeInline(admin.TabularInline):
    model = ProgrammeTheme
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    """The programmes as data: session counts and durations are the provider's own."""

    list_display = ["name", "code", "session_count", "session_minutes", "petal"]
    inlines = [ThemeInline]

    def get_readonly_fields(self, request, obj=None):
        # The code is the programme's key in the rule engine (its ages live there).
        return ["code"] if obj else []


class FacilitatorInline(admin.TabularInline):
    model = Facilitator
    extra = 0


class SessionInline(admin.TabularInline):
    model = GroupSession
    extra = 0


@admin.register(GroupRun)
class GroupRunAdmin(admin.ModelAdmin):
    """Group runs hold no client data (participants are not shown here)."""

    list_display = ["name", "programme", "location", "kind", "starts_on", "ends_on", "capacity"]
    list_filter = ["programme", "location", "kind"]
    inlines = [FacilitatorInline, SessionInline]
