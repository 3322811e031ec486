"""The ledger's admin site: Django's, with unit choices that tell apart units of one name in several bodies, and
room for wide tables."""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.http import JsonResponse

from .models import Unit
from .selectors import shared_unit_names, unit_with_body


class UnitsToldApart(AutocompleteJsonView):
    """Every autocomplete of the admin; a unit whose name units of other bodies bear too is listed with its body
    (办公室（重庆市江津区人大常委会）), else a unit filter or picker offers identical names."""

    def get(self, request, *args, **kwargs):
        if "\x00" in request.GET.get("term", ""):
            # A NUL matched every unit on SQLite and is refused by PostgreSQL's driver (a 500): it names nothing.
            return JsonResponse({"results": [], "pagination": {"more": False}})
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        units = [obj for obj in context["object_list"] if isinstance(obj, Unit)]
        self.shared = shared_unit_names(unit.name for unit in units) if units else set()
        return context

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Unit):
            result["text"] = unit_with_body(obj, self.shared)
        return result


class LedgerAdminSite(admin.AdminSite):
    # The ledger's pages are wide tables (the task list, the printed 台账): the models' sidebar left the task list's
    # 牵头单位, 时限 and 最佳依据 columns behind a horizontal scroll at 1400 px. The index and breadcrumbs lead there.
    enable_nav_sidebar = False

    def autocomplete_view(self, request):
        return UnitsToldApart.as_view(admin_site=self)(request)
