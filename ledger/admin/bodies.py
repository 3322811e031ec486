from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import Body
from .mixins import BoundedLookupsMixin


@admin.register(Body)
class BodyAdmin(BoundedLookupsMixin, admin.ModelAdmin):
    list_display = ["name", "level", "parent", "report_count"]
    list_filter = ["level"]
    search_fields = ["name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    ordering = ["name"]

    def save_model(self, request, obj, form, change):
        services.body_save(body=obj)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(report_count=Count("reports"))

    @admin.display(description=_("reports"), ordering="report_count")
    def report_count(self, obj):
        return obj.report_count
