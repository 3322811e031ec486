"""The project's URLs, with the follow-through dashboard routed as admin:ledger_dashboard inside
admin_site.admin_view if the admin site does not route it yet. Once it does, its own route is used."""

from django.contrib import admin
from django.urls import NoReverseMatch, path, reverse

from config.urls import urlpatterns as project_urlpatterns
from ledger.dashboard import dashboard_view


def _dashboard(request):
    return dashboard_view(request, admin.site)


try:
    reverse("admin:ledger_dashboard", urlconf="config.urls")
    urlpatterns = project_urlpatterns
except NoReverseMatch:
    admin_patterns, app_name, namespace = admin.site.urls
    urlpatterns = [
        path("admin/", ([path("ledger/dashboard/", admin.site.admin_view(_dashboard), name="ledger_dashboard"), *admin_patterns], app_name, namespace)),
        *(pattern for pattern in project_urlpatterns if str(pattern.pattern) != "admin/"),
    ]
