"""The ledger's URLs plus the floors the benchmarks measure the API against: the same page, record and groups
as ``.values()`` JSON, with nothing but the query and the encoding. Mounted only by ledger.benchmarks.settings."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as ledger_urlpatterns
from ledger.models import Commitment

# The columns of a commitment in a list page, with its report's and its lead unit's as the joins give them.
LIST_FIELDS = [
    "id", "report_id", "report__body__name", "report__kind", "report__year", "ordinal", "plan_year", "part",
    "part_heading", "kind", "category", "action", "object", "text", "testable", "start", "end", "sentence_start",
    "sentence_end", "status", "status_origin", "status_confidence", "status_rule", "review_disagrees", "due", "lead_unit_id",
    "lead_unit__name",
]
DETAIL_FIELDS = [*LIST_FIELDS, "sentence", "rule", "status_note", "status_decided_by__username", "status_decided_at"]


def _json(data) -> HttpResponse:
    return HttpResponse(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False), content_type="application/json")


def commitments(request):
    """The list page: the filters the benchmark uses (body, status, testable), in the ledger's order."""
    query = request.GET
    rows = Commitment.objects.order_by("report_id", "ordinal")
    if "body" in query:
        rows = rows.filter(report__body_id=int(query["body"]))
    if "status" in query:
        rows = rows.filter(status=query["status"])
    if "testable" in query:
        rows = rows.filter(testable=query["testable"] == "true")
    return _json(list(rows.values(*LIST_FIELDS)[: int(query.get("page_size", 50))]))


def commitment(request, pk: int):
    return _json(Commitment.objects.filter(pk=pk).values(*DETAIL_FIELDS).first())


def stats(request):
    """The bare GROUP BY of stats/?group_by=body,year: testable rows counted per body, plan year and status."""
    rows = (
        Commitment.objects.filter(testable=True)
        .values("report__body__name", "plan_year", "status")
        .annotate(n=Count("id"))
        .order_by("report__body__name", "plan_year")
    )
    return _json(list(rows))


urlpatterns = [
    path("bench/floor/commitments/", commitments),
    path("bench/floor/commitments/<int:pk>/", commitment),
    path("bench/floor/stats/", stats),
    *ledger_urlpatterns,
]
