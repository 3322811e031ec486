"""Staff accounts and groups: the permission chooser offers what a ledger office grants, named in Chinese.

Django stores a permission's name in English ("Can change commitment") and lists every model's, the history
tables' and the framework's own among them; an office granting 台账核验 rights needs the ledger's models and the
accounts, each named as the admin names it.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group, Permission, User
from django.db.models import Case, Q, Value, When
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy as _, pgettext_lazy

_ACTIONS = {
    "add": pgettext_lazy("permission", "can add"),
    "change": pgettext_lazy("permission", "can change"),
    "delete": pgettext_lazy("permission", "can delete"),
    "view": pgettext_lazy("permission", "can view"),
}
# The machine writes the API's request counts and every history table: nobody is granted them.
_HIDDEN_MODELS = ("ratecount",)


def grantable(held=None):
    """The permissions an office grants: the ledger's models (not their history tables) and the accounts,
    with any the account or group already holds (a form never drops a permission it does not show)."""
    shown = Q(content_type__app_label="ledger") & ~Q(content_type__model__startswith="historical")
    shown &= ~Q(content_type__model__in=_HIDDEN_MODELS)
    shown |= Q(content_type__app_label="auth", content_type__model__in=("user", "group"))
    if held is not None:
        shown |= Q(pk__in=held.values("pk"))
    ledger_first = Case(When(content_type__app_label="ledger", then=Value(0)), default=Value(1))
    return Permission.objects.filter(shown).select_related("content_type").order_by(
        ledger_first, "content_type__model", "codename"
    )


def permission_label(permission: Permission) -> str:
    """工作任务 | 可以修改: the model as the admin names it, and the action in Chinese."""
    model = permission.content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    if model is None or action not in _ACTIONS or model_name != permission.content_type.model:
        return str(permission)
    return gettext("%(model)s | %(action)s") % {"model": model._meta.verbose_name, "action": _ACTIONS[action]}


class _PermissionChooser:
    permission_field = ""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        field = form.base_fields.get(self.permission_field)
        if field is not None:
            field.queryset = grantable(getattr(obj, self.permission_field) if obj else None)
            field.label_from_instance = permission_label
        return form


class _PasswordForm(AdminPasswordChangeForm):
    # Django appends this warning to a translated help text as a plain string, which no catalogue translates.
    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


class LedgerUserAdmin(_PermissionChooser, UserAdmin):
    permission_field = "user_permissions"
    change_password_form = _PasswordForm


class LedgerGroupAdmin(_PermissionChooser, GroupAdmin):
    permission_field = "permissions"


admin.site.unregister(User)
admin.site.unregister(Group)
admin.site.register(User, LedgerUserAdmin)
admin.site.register(Group, LedgerGroupAdmin)
