from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("bodies", views.BodyViewSet, basename="body")
router.register("reports", views.ReportViewSet, basename="report")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("evidence", views.EvidenceViewSet, basename="evidence")

urlpatterns = [
    # The schema describes v1 and is not itself versioned; it comes before <version>/ catches it.
    path("schema/", SpectacularAPIView.as_view(api_version="v1", versioning_class=None), name="schema"),
    path("schema/swagger/", SpectacularSwaggerView.as_view(url_name="schema", versioning_class=None), name="swagger-ui"),
    path("schema/redoc/", SpectacularRedocView.as_view(url_name="schema", versioning_class=None), name="redoc"),
    path("<version>/stats/", views.StatsView.as_view(), name="stats"),
    path("<version>/", include(router.urls)),
]
