from django.urls import include, path
from django.urls import reverse as django_reverse
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework import routers
from rest_framework.permissions import AllowAny
from rest_framework.reverse import reverse

from . import views
from .ledger_import import SheetImportView, SheetUndoView

PUBLIC = {"versioning_class": None, "permission_classes": [AllowAny], "authentication_classes": []}

class APIRoot(routers.APIRootView):
    """The API's entry points: the collections, the statistics, the machine's measured accuracy, the 台账 export and import, and the schema with its two
    documentation pages (not versioned)."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        for name in ("stats", "accuracy", "commitment-import"):
            response.data[name.replace("-", "_")] = reverse(name, kwargs=kwargs, request=request)
        for fmt in ("xlsx", "csv"):
            response.data[f"commitment_export_{fmt}"] = reverse("commitment-export", kwargs={**kwargs, "fmt": fmt}, request=request)
        response.data["commitment_export_data"] = reverse("commitment-export-data", kwargs=kwargs, request=request)
        for name in ("schema", "swagger-ui", "redoc"):
            response.data[name.replace("-", "_")] = request.build_absolute_uri(django_reverse(name))
        return response


# No format suffixes (commitments.json, export/data.csv): no one is told of them, ?format= and Accept choose the
# format, and an action given one as an argument it does not take was a 500.
class Router(routers.DefaultRouter):
    include_format_suffixes = False


router = Router()
router.APIRootView = APIRoot
router.register("bodies", views.BodyViewSet, basename="body")
router.register("units", views.UnitViewSet, basename="unit")
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
    path("<version>/accuracy/", views.AccuracyView.as_view(), name="accuracy"),
    path("<version>/commitments/import/xlsx/", SheetImportView.as_view(), name="commitment-import"),
    path("<version>/commitments/import/<int:pk>/undo/", SheetUndoView.as_view(), name="commitment-import-undo"),
    path("<version>/commitments/deleted/", views.DeletedCommitmentsView.as_view(), name="commitment-deleted"),
    path("<version>/", include(router.urls)),
]
