from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("Commitment ledger")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import user_renames

        user_renames.connect()


class LedgerAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the ledger's site (admin_site.py), imported once the models are."""

    default = False  # LedgerConfig is the ledger app's own
    default_site = "ledger.admin_site.LedgerAdminSite"
