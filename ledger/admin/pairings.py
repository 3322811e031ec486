"""The rows of hand-kept 台账 that staff paired with a task: kept so that the next import pairs them so again; one
paired wrongly is deleted here, and the row is offered to be paired anew."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import SheetPairing
from .mixins import ReadOnlyAdminMixin


@admin.register(SheetPairing)
class SheetPairingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["words", "task", "report", "paired_by", "paired_at"]
    list_select_related = ["report__body", "commitment", "paired_by"]
    list_filter = ["report"]
    search_fields = ["words", "commitment__text"]
    ordering = ["-paired_at"]

    @admin.display(description=_("task"))
    def task(self, obj):
        return f"#{obj.commitment.ordinal} {obj.commitment.task}"

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("ledger.change_commitment") or super().has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("ledger.change_commitment")
