from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import Body
from .mixins import BoundedLookupsMixin


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = ["name", "level", "parent"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        if problem := services.former_name_problem(name, self.instance):
            raise forms.ValidationError(problem)
        return name


@admin.register(Body)
class BodyAdmin(BoundedLookupsMixin, admin.ModelAdmin):
    form = BodyForm
    list_display = ["name", "level", "parent", "report_count"]
    list_filter = ["level"]
    search_fields = ["name", "former_names__name"]
    readonly_fields = ["former_names_shown"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    ordering = ["name"]

    def save_model(self, request, obj, form, change):
        services.body_save(body=obj)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(report_count=Count("reports"))

    @admin.display(description=_("former names"))
    def former_names_shown(self, obj):
        # A report naming the body by one of them is filed under it (services.bodies).
        return "、".join(name.name for name in obj.former_names.all()) or "—"

    @admin.display(description=_("reports"), ordering="report_count")
    def report_count(self, obj):
        return obj.report_count
