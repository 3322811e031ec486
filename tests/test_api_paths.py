"""The list's own paths give what Django's and DRF's generic ones give: a remembered token, a page and its count
from one windowed query, rows by id through a query compiled once, a filter form of the filters asked for (no
timing here: `bench floors` times)."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core.paginator import Paginator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ledger.api import authentication
from ledger.api.prepared import PreparedValues
from ledger.api.rows import COMMITMENT_COLUMNS, EVIDENCE_COLUMNS
from ledger.models import Commitment, Evidence
from ledger.selectors import usable_evidence

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


# A remembered token


def test_a_deleted_token_and_a_deactivated_user_are_refused_at_once(django_user_model):
    user = django_user_model.objects.create_user("reader")
    client = _token_client(user)
    assert client.get(f"{API}/bodies/").status_code == 200  # remembered from here on
    Token.objects.filter(user=user).delete()
    assert client.get(f"{API}/bodies/").status_code == 401

    client = _token_client(user)
    assert client.get(f"{API}/bodies/").status_code == 200
    user.is_active = False
    user.save()
    assert client.get(f"{API}/bodies/").status_code == 401


def test_a_remembered_user_gets_new_permissions_on_the_next_request(seed_ledger, django_user_model):
    user = django_user_model.objects.create_user("clerk", is_staff=True)
    client = _token_client(user)
    commitment = Commitment.objects.filter(testable=True).first()
    path = f"{API}/commitments/{commitment.pk}/status/"
    assert client.post(path, {"status": "fulfilled"}, format="json").status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="change_commitment"))  # no save of the user
    assert client.post(path, {"status": "fulfilled"}, format="json").status_code == 200


def test_a_token_is_read_again_once_its_seconds_are_over(django_user_model, settings, monkeypatch):
    user = django_user_model.objects.create_user("reader")
    client = _token_client(user)
    assert client.get(f"{API}/bodies/").status_code == 200
    # Revoked where no signal reaches this process (another worker, an UPDATE): still remembered, then read again.
    Token.objects.filter(user=user).update(key="0" * 40)
    assert client.get(f"{API}/bodies/").status_code == 200
    later = authentication.monotonic() + settings.LEDGER_TOKEN_CACHE_SECONDS + 1
    monkeypatch.setattr(authentication, "monotonic", lambda: later)
    assert client.get(f"{API}/bodies/").status_code == 401


def test_a_wrong_token_is_not_remembered(django_user_model):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "f" * 40)
    before = len(authentication._remembered)
    assert client.get(f"{API}/bodies/").status_code == 401
    assert len(authentication._remembered) == before


# A page and its count


def _generic_page(api, query, page, size):
    """What DRF's PageNumberPagination makes of the same commitments: Django's paginator over the list's order."""
    ids = list(Commitment.objects.filter(**query).order_by("report_id", "ordinal").values_list("id", flat=True))
    paginator = Paginator(ids, size)
    chosen = paginator.page(page)
    return paginator.count, list(chosen), chosen.has_next(), chosen.has_previous()


@pytest.mark.parametrize("page, size", [(1, 50), (2, 7), (3, 7), (1, 200), (12, 10)])
def test_a_page_and_its_count_are_what_the_generic_paginator_gives(seed_ledger, api, page, size):
    count, ids, has_next, has_previous = _generic_page(api, {"testable": True}, page, size)
    body = api.get(f"{API}/commitments/", {"testable": "true", "page": page, "page_size": size}).json()
    assert body["count"] == count
    assert [row["id"] for row in body["results"]] == ids
    assert (body["next"] is not None, body["previous"] is not None) == (has_next, has_previous)
    if has_next:
        assert f"page={page + 1}" in body["next"]


def test_the_last_page_an_empty_first_page_and_a_page_past_the_last(seed_ledger, api):
    count = Commitment.objects.count()
    last = api.get(f"{API}/commitments/", {"page": "last", "page_size": 7}).json()
    assert last["count"] == count and len(last["results"]) == (count % 7 or 7)
    same = api.get(f"{API}/commitments/", {"page": -(-count // 7), "page_size": 7}).json()
    assert same == last
    empty = api.get(f"{API}/commitments/", {"plan_year": 2999})
    assert empty.status_code == 200 and empty.json() == {"count": 0, "next": None, "previous": None, "results": []}
    past = api.get(f"{API}/commitments/", {"page": -(-count // 7) + 1, "page_size": 7})
    assert past.status_code == 404 and past.json()["error"]["code"] == "not_found"
    assert api.get(f"{API}/commitments/", {"plan_year": 2999, "page": 2}).status_code == 404
    assert api.get(f"{API}/commitments/", {"page": "9" * 30}).status_code == 404


@pytest.mark.parametrize("value", ["0", "-1", "1.5", "x", "²", "١", " 2", "2 ", "1e3", "\x00"])
def test_a_page_that_is_not_a_whole_number_of_1_or_more_is_a_400(seed_ledger, api, value):
    response = api.get(f"{API}/commitments/", {"page": value})
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_page"


def test_ordering_by_score_pages_and_counts_as_before(seed_ledger, api):
    def page(number, size):
        return api.get(f"{API}/commitments/", {"ordering": "-score,ordinal", "page_size": size, "page": number}).json()

    second, both = page(2, 5), page(1, 10)
    assert second["count"] == both["count"] == Commitment.objects.count()
    assert second["results"] == both["results"][5:] and second["next"] and second["previous"]


def test_a_row_is_shown_as_its_model_instance_would_be(seed_ledger, api):
    """The page is read by id after the windowed query: each row as the list showed it from the filtered rows."""
    page = api.get(f"{API}/commitments/", {"has_evidence": "true", "page_size": 200}).json()["results"]
    assert page and any(row["best_evidence"] for row in page)
    for row in page[:20]:
        record = api.get(f"{API}/commitments/{row['id']}/").json()
        assert {key: record[key] for key in row} == row


# Rows by id through a query compiled once


def test_prepared_rows_are_the_rows_values_gives(seed_ledger):
    prepared = PreparedValues(lambda ids: usable_evidence().filter(commitment_id__in=ids).order_by().values(*EVIDENCE_COLUMNS))
    commitments = list(Evidence.objects.values_list("commitment_id", flat=True).distinct().order_by("commitment_id"))
    assert len(commitments) > 10
    for chosen in (commitments[:1], commitments[:10], commitments[5:15], commitments[:10] + commitments[:3], [10**12]):
        expected = list(usable_evidence().filter(commitment_id__in=chosen).order_by().values(*EVIDENCE_COLUMNS))
        key = lambda row: row["id"]  # noqa: E731
        assert sorted(prepared.rows(chosen), key=key) == sorted(expected, key=key)
        assert json.dumps(sorted(prepared.rows(chosen), key=key), default=str) == json.dumps(sorted(expected, key=key), default=str)
    assert prepared.rows([]) == []
    from django.db import connection

    if connection.vendor == "postgresql":
        assert list(prepared._compiled) == [0] and "= ANY(%s)" in prepared._compiled[0].sql  # any number, one array
    else:
        assert len(prepared._compiled) >= 2  # one compiled query per number of ids


def test_a_query_whose_ids_are_not_its_only_parameters_runs_through_the_orm(seed_ledger):
    """Where a stand-in id is not found once among the parameters, the query is not cached: the ORM runs it."""
    prepared = PreparedValues(lambda ids: Commitment.objects.filter(pk__in=ids).exclude(pk=ids[0]).values("id", "ordinal"))
    ids = list(Commitment.objects.order_by("pk").values_list("pk", flat=True)[:3])
    assert sorted(row["id"] for row in prepared.rows(ids)) == ids[1:]
    assert list(prepared._compiled.values()) == [None]  # the first stand-in is there twice
    by_id = PreparedValues(lambda ids: Commitment.objects.filter(pk__in=ids).values(*COMMITMENT_COLUMNS))
    assert sorted(row["id"] for row in by_id.rows(ids)) == ids and None not in by_id._compiled.values()


def test_queries_sent_together_give_what_each_gives_alone_in_one_round_trip_where_the_database_allows(seed_ledger):
    """rows_together: the rows of each query as it gives them alone (converters too: rule_detail is JSON), empty
    and ORM-path queries included; on PostgreSQL the compiled ones go in one statement, elsewhere one each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ledger.api.prepared import rows_together

    evidence = PreparedValues(lambda ids: usable_evidence().filter(commitment_id__in=ids).order_by().values(*EVIDENCE_COLUMNS))
    commitments = PreparedValues(lambda ids: Commitment.objects.filter(pk__in=ids).order_by().values(*COMMITMENT_COLUMNS))
    orm_only = PreparedValues(lambda ids: Commitment.objects.filter(pk__in=ids).exclude(pk=ids[0]).values("id"))
    ids = list(Evidence.objects.values_list("commitment_id", flat=True).distinct().order_by("commitment_id")[:8])
    alone = [evidence.rows(ids), commitments.rows(ids), orm_only.rows(ids), commitments.rows([])]
    with CaptureQueriesContext(connection) as queries:
        together = rows_together((evidence, ids), (commitments, ids), (orm_only, ids), (commitments, []))
    key = lambda row: row["id"]  # noqa: E731
    assert [sorted(rows, key=key) for rows in together] == [sorted(rows, key=key) for rows in alone]
    assert any(row["rule_detail"] for row in together[0]) and together[3] == []
    assert len(queries) == (2 if connection.vendor == "postgresql" else 3)  # the ORM's query apart


# The filter form


def test_a_filter_asked_for_is_validated_and_the_others_are_left_out(seed_ledger, api):
    assert api.get(f"{API}/commitments/", {"testable": "maybe"}).status_code == 400
    bad = api.get(f"{API}/commitments/", {"plan_year_min": "abc", "status": "fulfilled"})
    assert bad.status_code == 400 and "plan_year_min" in bad.json()["error"]["detail"]
    both = api.get(f"{API}/commitments/", {"status": "fulfilled", "testable": "true"}).json()["count"]
    assert both == Commitment.objects.filter(status="fulfilled", testable=True).count()


def test_the_browsable_api_filter_form_has_every_filter(seed_ledger, api):
    html = api.get(f"{API}/commitments/?status=fulfilled", HTTP_ACCEPT="text/html").content.decode()
    for name in ("body_name", "plan_year_min", "has_evidence", "due_before"):
        assert f'name="{name}"' in html


# A record read as rows


def test_a_record_is_what_its_model_instance_gives(seed_ledger, api, boss):
    """Key for key, the record served from rows is the record CommitmentDetailSerializer gives of the model
    instance the generic path reads (its evidence, partner units, progress and history with theirs)."""
    import datetime as dt

    from ledger import services
    from ledger.api.serializers import CommitmentDetailSerializer
    from ledger.api.views import CommitmentViewSet
    from ledger.services.ledger import commitment_ledger_update, progress_add

    decided = usable_evidence().exclude(verdict="mention").order_by("commitment_id").first()
    commitment = decided.commitment
    services.evidence_decide(evidence=decided, decision="confirmed", user=boss, note="看过")
    commitment_ledger_update(commitment=commitment, user=boss, lead_unit="区发展改革委", partner_units=["区财政局", "区教委"], due="2024年6月")
    commitment_ledger_update(commitment=commitment, user=boss, partner_units=["区财政局"])
    progress_add(commitment=commitment, user=boss, text="已开工", date=dt.date(2024, 3, 1))
    progress_add(commitment=commitment, user=boss, text="已完工", date=dt.date(2024, 5, 1))
    services.commitment_set_status(commitment=commitment, status="partial", user=boss, note="仍在推进")
    others = list(Commitment.objects.exclude(pk=commitment.pk).filter(evidence__isnull=False).distinct()[:5])
    others += list(Commitment.objects.filter(testable=False)[:2])

    view = CommitmentViewSet(action="retrieve", request=None, format_kwarg=None, kwargs={})
    view.request = type("Request", (), {"query_params": {}})()
    for chosen in [commitment, *others]:
        instance = view.get_queryset().get(pk=chosen.pk)
        expected = json.loads(json.dumps(CommitmentDetailSerializer(instance).data, default=str))
        served = api.get(f"{API}/commitments/{chosen.pk}/")
        assert served.status_code == 200
        assert json.dumps(served.json(), sort_keys=True) == json.dumps(expected, sort_keys=True)
    shown = api.get(f"{API}/commitments/{commitment.pk}/").json()
    assert [unit["name"] for unit in shown["partner_units"]] == ["区财政局"]
    assert [entry["text"] for entry in shown["progress"]] == ["已完工", "已开工"]
    assert shown["status_decided_by"] == "boss" and len(shown["history"]) >= 4
    assert any(len(version["partner_units"]) == 2 for version in shown["history"])  # before the second update
    from ledger.api import record, rows

    prepared = [rows.USABLE_EVIDENCE, *(value for value in vars(record).values() if isinstance(value, PreparedValues))]
    assert len(prepared) >= 2 and all(query._compiled for query in prepared)  # each ran compiled ...
    assert all(None not in query._compiled.values() for query in prepared)  # ... and none fell back to the ORM


@pytest.mark.parametrize("pk", ["0", "99999999", "9" * 30, "abc", "1.5", "²"])
def test_a_record_that_is_not_there_is_a_404(seed_ledger, api, pk):
    response = api.get(f"{API}/commitments/{pk}/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_a_record_with_query_parameters_takes_the_generic_path(seed_ledger, api):
    commitment = Commitment.objects.filter(testable=True).exclude(status="partial").first()
    # A record reads no list filter (it is a 400 naming it); what it reads takes the generic path, with the same body.
    assert api.get(f"{API}/commitments/{commitment.pk}/", {"status": "partial"}).status_code == 400
    fast, generic = (api.get(f"{API}/commitments/{commitment.pk}/", params).json() for params in ({}, {"format": "json"}))
    assert fast == generic


def test_the_browsable_api_shows_a_record_with_its_forms(seed_ledger, api):
    commitment = Commitment.objects.filter(testable=True).first()
    response = api.get(f"{API}/commitments/{commitment.pk}/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and commitment.text[:10] in response.content.decode()


def test_the_json_renderer_writes_what_drf_writes(seed_ledger, api):
    """LedgerJSONRenderer (orjson) gives DRF's JSONRenderer's bytes for what the API returns: a list page (nested
    evidence, dates, scores), a record with its history (times), the statistics and an error (a lazy translation);
    an indented response is DRF's own."""
    import datetime as dt
    import decimal

    from django.utils.translation import gettext_lazy
    from rest_framework.renderers import JSONRenderer

    from ledger.api.json_renderer import LedgerJSONRenderer

    commitment = Commitment.objects.filter(evidence__isnull=False).first()
    payloads = [
        api.get(f"{API}/commitments/", {"page_size": 20}).data,
        api.get(f"{API}/commitments/{commitment.pk}/").data,
        api.get(f"{API}/stats/", {"group_by": "body,year"}).data,
        {"error": {"message": gettext_lazy("Not found."), "at": dt.datetime(2024, 5, 1, 8, 30, 15, 123456, tzinfo=dt.UTC)}},
        {"share": decimal.Decimal("0.25"), "day": dt.date(2024, 1, 2), 3: "key"},
    ]
    for data in payloads:
        assert LedgerJSONRenderer().render(data) == JSONRenderer().render(data)
    indented = LedgerJSONRenderer().render(payloads[2], "application/json; indent=2", {})
    assert indented == JSONRenderer().render(payloads[2], "application/json; indent=2", {}) and b"\n  " in indented


@pytest.mark.parametrize("accept", [None, "", "*/*", "application/json", " application/json ", "text/html", "application/json; indent=2", "text/csv", "application/xml"])
@pytest.mark.parametrize("query", [{}, {"format": "json"}, {"format": "api"}])
def test_content_negotiation_chooses_what_drf_chooses(accept, query):
    """LedgerContentNegotiation answers the plain requests at once and the others through DRF: the same renderer
    and media type as DefaultContentNegotiation, or the same refusal, for the API's renderers in either order."""
    from rest_framework.exceptions import NotAcceptable
    from rest_framework.negotiation import DefaultContentNegotiation
    from rest_framework.renderers import BrowsableAPIRenderer
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from ledger.api.json_renderer import LedgerJSONRenderer
    from ledger.api.negotiation import LedgerContentNegotiation

    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    request = Request(APIRequestFactory().get("/x", query, **headers))
    for renderers in ([LedgerJSONRenderer(), BrowsableAPIRenderer()], [BrowsableAPIRenderer(), LedgerJSONRenderer()]):
        def chosen(negotiation):
            try:
                renderer, media_type = negotiation.select_renderer(request, renderers)
            except NotAcceptable:
                return "406"
            return type(renderer), media_type

        assert chosen(LedgerContentNegotiation()) == chosen(DefaultContentNegotiation())


def test_a_key_page_whose_rows_all_went_before_they_were_read_links_on_from_its_last_id(seed_ledger, api, monkeypatch):
    """Every row of a page deleted between the page's two queries (a report deleted while a mirror synced) gave an
    empty page whose next link fell back to page=2: the rows after it were skipped for good."""
    from ledger.api import rows as page_rows

    first = list(Commitment.objects.order_by("id").values_list("id", flat=True)[:8])
    together = page_rows.rows_together

    def deleting_first(*queries):
        Commitment.objects.filter(pk__in=first[1:6]).delete()  # the page's rows, after their ids were read
        return together(*queries)

    monkeypatch.setattr(page_rows, "rows_together", deleting_first)
    body = api.get("/api/v1/commitments/", {"ordering": "id", "id_after": first[0], "page_size": 5}).json()
    assert body["results"] == [] and f"id_after={first[5]}" in body["next"] and "page=" not in body["next"]
    monkeypatch.setattr(page_rows, "rows_together", together)
    following = api.get(body["next"]).json()["results"]
    assert following[0]["id"] == first[6]
