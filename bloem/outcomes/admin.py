from django.contrib import admin

from .models import MeasurementSchedule, ResearchExport


@admin.register(MeasurementSchedule)
class MeasurementScheduleAdmin(admin.ModelAdmin):
    list_display = ("petal", "instrument_family", "informant", "moment", "anchor",
                    "offset_days", "window_days", "active")
    list_filter = ("petal", "moment", "active")


@admin.register(ResearchExport)
class ResearchExportAdmin(admin.ModelAdmin):
    """Read-only: requests are made and decided in the application, where they are
    audited."""

    list_display = ("project", "status", "requested_by", "requested_at", "decided_by")
    readonly_fields = [f.name for f in ResearchExport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
