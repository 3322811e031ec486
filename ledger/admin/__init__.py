"""The staff workflow in the Django admin: load reports, read them, decide on commitments, see follow-through."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _, gettext_noop

from . import accounts, bodies, commitments, pairings, reports, units  # noqa: F401  (registers the model admins)

admin.site.site_header = _("Commitment ledger")
admin.site.site_title = _("Commitment ledger")
admin.site.index_title = _("Ledger administration")

# django-simple-history's history table header, which its own zh_Hans catalogue lacks.
gettext_noop("Changes")
