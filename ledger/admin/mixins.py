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

