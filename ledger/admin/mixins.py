class ReadOnlyAdminMixin:
    """Rows written by the pipeline: staff read them; only services write them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LightChangelistMixin:
    """Lists never show the report texts, and those are the bulk of each row: leave them in the database."""

    changelist_defer: list[str] = []

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            queryset = queryset.defer(*self.changelist_defer)
        return queryset


DECIDE_PERMISSIONS = ("ledger.change_commitment", "ledger.change_evidence")


def can_decide(user) -> bool:
    """Editors decide on evidence and statuses; view-only staff read and export."""
    return user.is_active and user.is_staff and user.has_perms(DECIDE_PERMISSIONS)



# The admin's own select2 autocomplete, for pages that build autocomplete widgets by hand (the 台账 block).
AUTOCOMPLETE_CSS = ["admin/css/vendor/select2/select2.min.css", "admin/css/autocomplete.css"]
AUTOCOMPLETE_JS = [
    "admin/js/vendor/jquery/jquery.min.js",
    "admin/js/vendor/select2/select2.full.min.js",
    "admin/js/vendor/select2/i18n/zh-CN.js",
    "admin/js/jquery.init.js",
    "admin/js/autocomplete.js",
]


class BoundedLookupsMixin:
    """A filter value of digits no integer column holds (?body=99999999999999999999), or a search or filter holding a
    NUL, is a bad filter, as Django treats other bad values (the changelist again with ?e=1), not an overflow or a
    refusal in the database (a 500)."""

    def changelist_view(self, request, extra_context=None):
        from django.contrib.admin.views.main import ERROR_FLAG
        from django.http import HttpResponseRedirect

        from django.contrib.admin import helpers

        from ..numbers import MAX_BIGINT, positive_int

        for name, values in request.GET.lists():
            if name == ERROR_FLAG:
                continue
            if any("\x00" in value for value in values):
                # A NUL (?q=%00) matched every row on SQLite and is refused by PostgreSQL's driver (a 500).
                return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
            for value in (part for v in values for part in v.split(",")):
                if value.isascii() and value.isdigit() and int(value) > MAX_BIGINT:
                    return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        # An action on rows named by something other than their ids (a tampered form) selects nothing.
        if request.method == "POST" and any(
            positive_int(value) is None for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        ):
            from django.contrib import messages
            from django.utils.translation import gettext

            messages.error(request, gettext("The rows chosen are not rows of this list; nothing was done."))
            return HttpResponseRedirect(request.get_full_path())
        return super().changelist_view(request, extra_context)
