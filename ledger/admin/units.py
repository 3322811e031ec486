"""Responsible units (牵头单位 / 配合单位), one list per body: found by name, filtered by body, and the source of
the unit pickers and unit filters of the ledger (autocomplete)."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..models import Unit
from ..services.ledger import unit_save
from .filters import UnitBodyFilter
from .history import LedgerHistoryMixin
from .mixins import AUTOCOMPLETE_CSS, AUTOCOMPLETE_JS, BoundedLookupsMixin


@admin.register(Unit)
class UnitAdmin(BoundedLookupsMixin, LedgerHistoryMixin, SimpleHistoryAdmin):
    list_display = ["name", "body", "lead_link", "partner_count"]
    list_filter = [UnitBodyFilter]
    search_fields = ["name", "body__name"]
    list_select_related = ["body"]
    autocomplete_fields = ["body"]
    ordering = ["body__name", "name"]
    fields = ["body", "name"]
    object_history_list_template = "admin/ledger/history_list.html"

    class Media:
        css = {"all": AUTOCOMPLETE_CSS}
        js = AUTOCOMPLETE_JS

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            queryset = queryset.annotate(
                lead_count=Count("led_commitments", distinct=True), partner_count=Count("partnered_commitments", distinct=True)
            )
        return queryset

    def save_model(self, request, obj, form, change):
        unit_save(unit=obj, user=request.user)

    def has_delete_permission(self, request, obj=None):
        # A unit that leads a commitment cannot go (PROTECT); only superusers delete the others.
        return request.user.is_active and request.user.is_superuser

    @admin.display(description=_("leads"), ordering="lead_count")
    def lead_link(self, obj):
        url = reverse("admin:ledger_commitment_changelist") + f"?lead_unit={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.lead_count)

    @admin.display(description=_("partners in"), ordering="partner_count")
    def partner_count(self, obj):
        url = reverse("admin:ledger_commitment_changelist") + f"?partner_unit={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.partner_count)
