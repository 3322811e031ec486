from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/", RedirectView.as_view(url="/api/v1/", permanent=False)),
    path("api/", include("ledger.api.urls")),
    path("api-auth/", include("rest_framework.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Under /api/ a path no view serves is answered with the API's JSON error body.
handler404 = "ledger.api.errors.not_found"
