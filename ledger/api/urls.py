from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from . import views
from .ledger_import import SheetImportView

PUBLIC = {"versioning_class": None, "permission_classes": [AllowAny], "authentication_classes": []}

router = DefaultRouter()
router.register("bodies", views.BodyViewSet, basename="body")
router.register("reports", views.ReportViewSet, basename="report")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("evidence", views.EvidenceViewSet, basename="evidence")

urlpatterns = [
    # The schema describes v1 and is not itself versioned; it comes before <version>/ catches it.
    # The documentation is public even where the ledger is not.
    path("schema/", SpectacularAPIView.as_view(api_version="v1", **PUBLIC), name="schema"),
    path("schema/swagger/", SpectacularSwaggerView.as_view(url_name="schema", **PUBLIC), name="swagger-ui"),
    path("schema/redoc/", SpectacularRedocView.as_view(url_name="schema", **PUBLIC), name="redoc"),
    path("<version>/stats/", views.StatsView.as_view(), name="stats"),
    path("<version>/commitments/import/xlsx/", SheetImportView.as_view(), name="commitment-import"),
    path("<version>/", include(router.urls)),
]
