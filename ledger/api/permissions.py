from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadOrStaffWrite(BasePermission):
    """Reading: signed-in users (everyone when LEDGER_PUBLIC_READ is on). Writing: staff holding the model
    permissions the view names for the action (view.write_permissions), so view-only staff cannot decide."""

    def has_permission(self, request, view):
        user = request.user
        if request.method in SAFE_METHODS:
            return settings.LEDGER_PUBLIC_READ or bool(user and user.is_authenticated)
        if not (user and user.is_authenticated and user.is_staff):
            return False
        needed = getattr(view, "write_permissions", {}).get(getattr(view, "action", None), ())
        return user.has_perms(needed)
