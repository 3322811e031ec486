"""The fast write and read paths give what Django's generic ones give (no timing here: `bench floors` times)."""

import json
from types import SimpleNamespace

import pytest
from django.db.models import Prefetch
from rest_framework import serializers as drf

from ledger.api.serializers import CommitmentDetailSerializer, CommitmentSerializer, EvidenceSerializer
from ledger.benchmarks.figures import Figure
from ledger.models import Commitment, Evidence, RateCount
from ledger.selectors import usable_evidence
from ledger.services import bulk

pytestmark = pytest.mark.django_db


def _page(**filters):
    return (
        Commitment.objects.filter(**filters)
        .select_related("report__body", "status_decided_by")
        .prefetch_related(
            Prefetch("evidence", queryset=usable_evidence(), to_attr="usable_evidence"),
            Prefetch("evidence", queryset=Evidence.objects.select_related("decided_by").order_by("-score"), to_attr="all_evidence"),
        )
        .order_by("report_id", "ordinal")
    )


def test_serializers_represent_rows_as_drf_does(seed_ledger):
    rows = list(_page(evidence__isnull=False).distinct()[:40]) + list(_page(testable=False)[:5])
    assert rows and any(row.all_evidence for row in rows)
    for cls in (CommitmentSerializer, CommitmentDetailSerializer):
        for row in rows:
            fast = cls(row).data
            generic = drf.Serializer.to_representation(cls(row), row)
            assert json.dumps(fast, sort_keys=True, default=str) == json.dumps(generic, sort_keys=True, default=str)
            for evidence in row.all_evidence:
                assert EvidenceSerializer(evidence).data == drf.Serializer.to_representation(EvidenceSerializer(evidence), evidence)


def test_a_dotted_source_reads_as_drf_does_also_where_a_step_is_missing(seed_ledger):
    """body.name is read straight off the row; a missing step takes DRF's path: its default, null, or no key."""
    from types import SimpleNamespace

    from ledger.api.rendering import PrebuiltFields

    class Brief(PrebuiltFields, drf.Serializer):
        body = drf.CharField(source="body.name", read_only=True)
        lead = drf.CharField(source="lead.name", read_only=True, allow_null=True)
        unit = drf.CharField(source="unit.name", read_only=True, default="—")

    rows = [
        SimpleNamespace(body=SimpleNamespace(name="全国人民代表大会常务委员会"), lead=SimpleNamespace(name="办公厅"), unit=None),
        SimpleNamespace(body=None, lead=None, unit=SimpleNamespace(name=7)),
    ]
    for row in rows:
        assert Brief(row).data == drf.Serializer.to_representation(Brief(row), row)
    assert Brief(rows[1]).data == {"lead": None, "unit": "7"}  # body: no key, as DRF leaves it out
    # Read straight off the row, not by DRF's path.
    assert all(read is not None for name, read, _represent, _field in Brief()._bound_plan())
    report = Commitment.objects.select_related("report__body").first().report
    assert CommitmentSerializer().fields["report"].to_representation(report)["body"] == report.body.name


def test_serializer_fields_are_built_once_and_copied(seed_ledger):
    first, second = CommitmentSerializer(), CommitmentSerializer()
    assert list(first.fields) == list(second.fields)
    assert first.fields["report"] is not second.fields["report"]  # each instance binds its own copy
    assert first.fields["report"].parent is first


def test_bulk_writes_store_what_the_orm_stores(seed_ledger, django_user_model):
    commitment = Commitment.objects.filter(testable=True).first()
    follow_up = commitment.report  # any report: the span is what matters here
    evidence = Evidence(
        commitment=commitment, report=follow_up, start=0, end=4, text=follow_up.text[:4], score=0.5,
        verdict="partial", rule="verdict.test", rule_detail={"matched": ["立法"], "decisive": "推进"},
    )
    assert bulk.objects_insert(Evidence, [evidence]) == 1
    stored = Evidence.objects.get(commitment=commitment, start=0, end=4)
    assert (stored.rule_detail, stored.verdict, stored.score, stored.created_at is not None) == (
        {"matched": ["立法"], "decisive": "推进"}, "partial", 0.5, True
    )

    commitment.status, commitment.status_confidence, commitment.status_rule = "partial", 0.75, "status.evidence"
    bulk.objects_update(Commitment, [commitment], ["status", "status_confidence", "status_rule"])
    commitment.refresh_from_db()
    assert (commitment.status, commitment.status_confidence, commitment.status_rule) == ("partial", 0.75, "status.evidence")


def test_a_figure_is_printed_beside_its_floor_with_the_ratio_and_target():
    line = Figure("list", 0.004, "values", 0.002, 2).line()
    assert "4.00" in line and "2.00" in line and "2.0×" in line and "≤2×" in line and "✗" not in line
    assert "✗" in Figure("list", 0.005, "values", 0.002, 2).line()


def test_history_copy_records_the_stored_rows_with_each_ones_user_and_reason(seed_ledger, django_user_model):
    first, second, third = Commitment.objects.filter(testable=True).order_by("pk")[:3]
    clerk = django_user_model.objects.create_user("clerk")
    first._history_user, first._change_reason = clerk, "why"
    for commitment in (first, second, third):
        commitment.status, commitment.status_confidence, commitment.status_rule = "partial", 0.5, "status.evidence"
    counts = [c.history.count() for c in (first, second, third)]
    bulk.objects_update(Commitment, [first, second, third], ["status", "status_confidence", "status_rule"])
    assert bulk.history_copy(Commitment, [first, second, third], update=True, default_change_reason="relinked") == 3
    for commitment, count in zip((first, second, third), counts):
        assert commitment.history.count() == count + 1
    rows = [c.history.order_by("-history_id").first() for c in (first, second, third)]
    assert [(r.history_type, r.history_user, r.history_change_reason) for r in rows] == [
        ("~", clerk, "why"), ("~", None, "relinked"), ("~", None, "relinked")
    ]
    for commitment, row in zip((first, second, third), rows):
        assert (row.id, row.status, row.status_confidence, row.object, row.due) == (
            commitment.pk, "partial", 0.5, commitment.object, commitment.due
        )


def test_history_copy_keeps_the_partner_units_in_each_record(seed_ledger, django_user_model):
    """A relink's record without the partner units read on the history page as the units removed."""
    from ledger.services.ledger import commitment_ledger_update

    commitment = Commitment.objects.filter(testable=True).order_by("pk").first()
    commitment_ledger_update(commitment=commitment, user=django_user_model.objects.create_user("clerk"), partner_units=["研究室", "办公室"])
    commitment.status = "partial"
    bulk.objects_update(Commitment, [commitment], ["status"])
    bulk.history_copy(Commitment, [commitment], update=True, default_change_reason="relinked")
    latest, before = commitment.history.order_by("-history_id")[:2]
    assert sorted(r.unit.name for r in latest.partner_units.all()) == ["办公室", "研究室"]
    assert "partner_units" not in latest.diff_against(before).changed_fields


def test_instance_like_copies_a_template_without_its_state(seed_ledger):
    commitment = Commitment.objects.filter(testable=True).first()
    template = Evidence(report=commitment.report, score=0.25, verdict="partial")
    made = bulk.instance_like(template, commitment_id=commitment.pk, start=2, end=6, text="文本")
    assert (made.report_id, made.commitment_id, made.start, made.score, made.verdict, made.text) == (
        commitment.report_id, commitment.pk, 2, 0.25, "partial", "文本"
    )
    assert made._state is not template._state and made._state.adding and made.pk is None
    assert (template.start, template.commitment_id) == (None, None)


def _old_page(queryset):
    """A list page as it was built before the page's decisive evidence had a query of its own: every row's
    usable evidence prefetched, the decisive one picked from it."""
    return list(
        queryset.select_related("report__body", "lead_unit")
        .prefetch_related(Prefetch("evidence", queryset=usable_evidence(), to_attr="usable_evidence"))
        .order_by("report_id", "ordinal")
    )


@pytest.mark.parametrize(
    "query, filters",
    [
        ("", {}),
        ("status=fulfilled&testable=true", {"status": "fulfilled", "testable": True}),
        ("status=partial&status=not_reported", {"status__in": ["partial", "not_reported"]}),
        ("has_evidence=true&page_size=200", None),
    ],
)
def test_the_list_gives_each_row_as_before(seed_ledger, api, boss, query, filters):
    """Key for key, what the list served before this path (prefetched evidence, model rows) gives."""
    from ledger import services
    from ledger.selectors import has_evidence_q, usable_evidence as usable
    from ledger.services.ledger import commitment_ledger_update

    # What staff keep shows too: a lead unit, a deadline, a passage a person confirmed.
    decided = usable().exclude(verdict="mention").order_by("commitment_id").first()
    services.evidence_decide(evidence=decided, decision="confirmed", user=boss, note="")
    commitment_ledger_update(commitment=decided.commitment, user=boss, lead_unit="区发展改革委", due="2024年6月")
    rows = Commitment.objects.filter(has_evidence_q()) if filters is None else Commitment.objects.filter(**filters)
    expected_rows = _old_page(rows)
    size = 200 if "page_size=200" in query else 50
    expected = CommitmentSerializer(expected_rows[:size], many=True).data
    response = api.get(f"/api/v1/commitments/?{query}")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(expected_rows)
    assert json.dumps(body["results"], sort_keys=True) == json.dumps(json.loads(json.dumps(expected, default=str)), sort_keys=True)
    if "has_evidence" in query:
        shown = {row["id"]: row for row in body["results"]}[decided.commitment_id]
        assert shown["lead_unit"]["name"] == "区发展改革委" and shown["due"] == "2024-06-30"
        assert shown["best_evidence"]["decided_by"] == "boss" and shown["best_evidence"]["decision"] == "confirmed"


def test_a_record_gives_what_it_gave(seed_ledger, api):
    for commitment in Commitment.objects.filter(evidence__isnull=False).distinct()[:10]:
        row = _old_page(Commitment.objects.filter(pk=commitment.pk))[0]
        served = api.get(f"/api/v1/commitments/{commitment.pk}/").json()
        assert served["best_evidence"] == json.loads(json.dumps(CommitmentSerializer(row).data["best_evidence"], default=str))


def test_decisive_evidence_of_a_page_is_decisive_evidence(seed_ledger, boss):
    from ledger import services
    from ledger.api.rows import decisive_evidence_of
    from ledger.selectors import decisive_evidence

    commitments = list(Commitment.objects.filter(evidence__isnull=False).distinct().prefetch_related("evidence"))
    assert len(commitments) > 10
    # Staff decisions change what decides: a rejection and a confirmation.
    services.evidence_decide(evidence=commitments[0].evidence.all()[0], decision="rejected", user=boss, note="")
    target = commitments[1].evidence.exclude(verdict__in=["candidate", "mention"]).order_by("score").first()
    if target is not None:
        services.evidence_decide(evidence=target, decision="confirmed", user=boss, note="")
    commitments = list(Commitment.objects.filter(pk__in=[c.pk for c in commitments]).prefetch_related("evidence"))
    found = decisive_evidence_of([c.pk for c in commitments])
    for commitment in commitments:
        best = decisive_evidence(commitment.evidence.all())
        assert (found.get(commitment.pk).pk if commitment.pk in found else None) == (best.pk if best else None)


@pytest.mark.django_db
def test_a_request_is_counted_in_one_statement_over_a_sliding_window():
    """Three a minute: the fourth in the minute is refused and not counted; halfway through the next minute the
    last minute still weighs half (1.5 of 3), so one more fits and the next does not; a minute of silence later
    the count starts again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ledger.api.throttling import count_request, seconds_to_wait

    minute = 60 * 1_000_000  # some window boundary

    def hit(at):
        return count_request("user_7", limit=3, duration=60, now=minute + at)

    with CaptureQueriesContext(connection) as queries:
        assert hit(1)[:3] == (True, 1, 0)
    assert len(queries) == 1 and "ON CONFLICT" in queries[0]["sql"]
    assert [hit(t)[:3] for t in (2, 3, 4, 5)] == [(True, 2, 0), (True, 3, 0), (False, 3, 0), (False, 3, 0)]
    allowed, count, previous, elapsed = hit(30)[:4]
    assert (allowed, count, previous) == (False, 3, 0)
    assert seconds_to_wait(limit=3, duration=60, count=count, previous=previous, elapsed=elapsed) == pytest.approx(50)
    assert hit(90)[:3] == (True, 1, 3)  # 3 * 0.5 + 0 fits in 2
    allowed, count, previous, elapsed = hit(91)[:4]
    assert (allowed, count, previous) == (False, 1, 3)  # 3 * 0.48 + 1 does not
    # Room again once the last minute weighs 1 or less: 3 * (1 - f) + 1 <= 2, f >= 2/3, 40 s into the window.
    assert seconds_to_wait(limit=3, duration=60, count=count, previous=previous, elapsed=elapsed) == pytest.approx(9)
    assert hit(101)[:3] == (True, 2, 3)
    assert hit(200)[:3] == (True, 1, 0)  # two windows on: nothing carried
    assert count_request("user_8", limit=3, duration=60, now=minute + 200)[:3] == (True, 1, 0)  # its own row


@pytest.mark.django_db
def test_a_count_never_goes_back_a_window_and_old_rows_go():
    """A request that read the clock in the last window but counts after one of this window joins this window
    (it does not reset the count); a key too long for the column is hashed; a rate of none refuses all; rows
    whose windows are over are deleted now and then."""
    from ledger.api import throttling
    from ledger.api.throttling import count_request, row_key

    minute = 60 * 1_000_000
    for at in (1, 2, 3):
        count_request("user_9", limit=3, duration=60, now=minute + at)
    assert count_request("user_9", limit=3, duration=60, now=minute + 100)[:3] == (True, 1, 3)  # 3 / 3 + 0 <= 2
    straggler = count_request("user_9", limit=3, duration=60, now=minute + 59.9)
    assert straggler[:3] == (False, 1, 3)  # counted at the start of the later window: 3 + 1 does not fit
    assert RateCount.objects.get(key=row_key("user_9", 60)).slot == 1_000_001
    long_key = "anon_" + "9" * 300
    assert count_request(long_key, limit=3, duration=60, now=minute)[0]
    assert len(row_key(long_key, 60)) <= 200 and RateCount.objects.filter(key=row_key(long_key, 60)).exists()
    assert count_request("anon_0", limit=0, duration=60, now=minute)[:3] == (False, 0, 0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(throttling, "PRUNE_EVERY", 1)
        count_request("user_10", limit=3, duration=60, now=minute + 600)  # ten minutes on: the others are over
    assert list(RateCount.objects.values_list("key", flat=True)) == [row_key("user_10", 60)]


@pytest.mark.django_db
def test_a_busy_client_is_counted_a_lease_at_a_time_and_never_past_its_rate():
    """At 1,000 a minute a process takes ten requests at a time: one statement lets ten through. What a process
    leased counts for every process: another one (its leases cleared) gets only what is left, and the last lease
    is what fits, not ten."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ledger.api import throttling
    from ledger.api.throttling import LEASES, count_request, lease_size, row_key

    assert [lease_size(n) for n in (60, 199, 1000, 1200, 100_000)] == [1, 1, 10, 12, 50]
    minute = 60 * 1_000_000
    row = row_key("user_11", 60)
    counted = count_request("user_11", limit=1000, duration=60, now=minute + 1, take=10)
    assert (counted.allowed, counted.count, counted.granted, counted.slot) == (True, 10, 10, 1_000_000)
    for at in range(2, 99):  # 97 more leases, of this process or others: 980 counted
        count_request("user_11", limit=1000, duration=60, now=minute + at / 2, take=10)
    last = count_request("user_11", limit=1000, duration=60, now=minute + 50, take=25)
    assert (last.allowed, last.count, last.granted) == (True, 1000, 20)  # what fits
    refused = count_request("user_11", limit=1000, duration=60, now=minute + 51, take=10)
    assert (refused.allowed, refused.count, refused.granted) == (False, 1000, 0)
    # Half way into the next minute the last one weighs 500: room for 500 more, as with one request at a time.
    counts = [count_request("user_11", limit=1000, duration=60, now=minute + 90, take=10) for _ in range(51)]
    assert [c.granted for c in counts[-2:]] == [10, 0] and counts[-1].count == 500 and counts[-1].previous == 1000
    assert RateCount.objects.get(key=row).granted == 0  # the last count refused
    # The throttle itself: ten requests on one statement, the eleventh asks again.
    LEASES.clear()
    clock = [minute + 1.0]

    class Throttle(throttling.UserRateThrottle):
        rate = "1000/minute"

        def timer(self):
            return clock[0]

    request = SimpleNamespace(user=SimpleNamespace(is_authenticated=True, pk=12))
    with CaptureQueriesContext(connection) as queries:
        assert all(Throttle().allow_request(request, None) for _ in range(10))
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        assert Throttle().allow_request(request, None)
    assert len(queries) == 1
    assert RateCount.objects.get(key=row_key("throttle_user_12", 60)).count == 20
    # Two threads that both found no lease each counted ten: all twenty are let through, none thrown away (one
    # lease replaced the other: at eight threads a client got a third of its rate).
    user = row_key("throttle_user_13", 60)
    LEASES.keep(user, 1_000_000, 9)
    LEASES.keep(user, 1_000_000, 9)
    LEASES.keep(user, 1_000_000, 0)  # a third refused: it takes nothing from the others
    assert sum(LEASES.use(user, 1_000_000) for _ in range(20)) == 18
    # A worker whose clock is behind the row's window (another worker moved it on) uses the lease it took there,
    # rather than counting a whole lease again on every request.
    clock[0] = minute + 59.5
    RateCount.objects.filter(key=row_key("throttle_user_12", 60)).update(slot=1_000_001, count=0, previous=20)
    LEASES.clear()
    with CaptureQueriesContext(connection) as queries:
        assert all(Throttle().allow_request(request, None) for _ in range(10))
    assert len(queries) == 1 and RateCount.objects.get(key=row_key("throttle_user_12", 60)).count == 10


def test_the_api_throttles_count_in_the_database_and_say_when_to_retry(seed_ledger, api):
    from rest_framework.settings import api_settings

    from ledger.api.throttling import AnonRateThrottle, UserRateThrottle

    assert [c.__name__ for c in api_settings.DEFAULT_THROTTLE_CLASSES] == ["AnonRateThrottle", "UserRateThrottle"]
    assert all(c.__module__ == "ledger.api.throttling" for c in api_settings.DEFAULT_THROTTLE_CLASSES)
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "user": "2/hour"}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(UserRateThrottle, "THROTTLE_RATES", rates)
        statuses = [api.get("/api/v1/bodies/") for _ in range(3)]
    assert [r.status_code for r in statuses] == [200, 200, 429]
    # Room again once this hour's two weigh one: half way into the next hour at the latest.
    assert 1 <= int(statuses[2]["Retry-After"]) <= 5400
    assert RateCount.objects.get(key__startswith="throttle_user_").count == 2
    assert AnonRateThrottle.scope == "anon"


def test_filters_build_their_form_once_and_still_filter_a_record(seed_ledger, api):
    from django.utils import translation

    from ledger.api.filters import CommitmentFilter

    with translation.override("en"):
        assert CommitmentFilter({}).form.__class__ is CommitmentFilter({"status": "fulfilled"}).form.__class__
    with translation.override("zh-hans"):
        assert CommitmentFilter({}).form.fields["plan_year"].label != ""
    commitment = Commitment.objects.exclude(status="fulfilled").first()
    assert api.get(f"/api/v1/commitments/{commitment.pk}/?format=json").status_code == 200  # names no filter
    assert api.get(f"/api/v1/commitments/{commitment.pk}/?status=fulfilled").status_code == 400  # a record reads none
    assert api.get("/api/v1/commitments/?status=nonsense").status_code == 400


def test_the_admin_changelist_reads_a_page_in_a_bounded_number_of_queries(seed_ledger, client, boss):
    """Session, user, count, the page, its evidence, the reports' years for the plan-year filter; the chosen body with a body
    filter; however many rows and passages the page has."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(boss)
    changelist = "/admin/ledger/commitment/"
    counts = {}
    for query in ("", "?testable__exact=1", f"?body={seed_ledger.body_id}", "?status__exact=fulfilled", "?p=2"):
        client.get(changelist + query)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(changelist + query)
        assert response.status_code == 200
        counts[query] = len(queries)
        # The plan-year filter offers the reports' years: no DISTINCT over the whole ledger on every page.
        assert not any("DISTINCT" in q["sql"] and "ledger_commitment" in q["sql"] for q in queries.captured_queries)
    assert max(counts.values()) <= 7, counts
    assert counts[""] == counts["?p=2"] == counts["?status__exact=fulfilled"], counts


@pytest.mark.django_db(transaction=True)
def test_a_count_outside_a_transaction_does_not_wait_for_the_disk_on_postgresql():
    """Outside a transaction (an API request) the count on PostgreSQL is one round trip that turns the flush off
    for itself alone; inside one it is the plain UPSERT, and the flush waits as usual."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from ledger.api.throttling import count_request, row_key

    now = 60 * 1_000_000 + 1  # one window for both
    with CaptureQueriesContext(connection) as outside:
        count_request("anon_1", limit=5, duration=60, now=now)
    with transaction.atomic(), CaptureQueriesContext(connection) as inside:
        count_request("anon_1", limit=5, duration=60, now=now)
    assert RateCount.objects.get(key=row_key("anon_1", 60)).count == 2
    outside, inside = ([query["sql"] for query in captured] for captured in (outside, inside))
    assert len(outside) == len(inside) == 1 and "SET LOCAL" not in inside[0]
    assert ("SET LOCAL synchronous_commit TO OFF" in outside[0]) == (connection.vendor == "postgresql")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the setting held for that write alone
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
