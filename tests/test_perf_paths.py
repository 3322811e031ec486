"""The fast write and read paths give what Django's generic ones give (no timing here: `bench floors` times)."""

import json

import pytest
from django.db.models import Prefetch
from rest_framework import serializers as drf

from ledger.api.serializers import CommitmentDetailSerializer, CommitmentSerializer, EvidenceSerializer
from ledger.benchmarks.figures import Figure
from ledger.models import Commitment, Evidence
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
        .order_by("report", "ordinal")
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

    user = django_user_model.objects.create_user("clerk")
    commitment.status, commitment.status_confidence, commitment.status_rule = "partial", 0.75, "status.evidence"
    commitment._history_user = user
    commitment._change_reason = "why"
    before = commitment.history.count()
    bulk.objects_update(Commitment, [commitment], ["status", "status_confidence", "status_rule"])
    bulk.history_insert(Commitment, [commitment], update=True, default_change_reason="relinked")
    commitment.refresh_from_db()
    assert (commitment.status, commitment.status_confidence, commitment.status_rule) == ("partial", 0.75, "status.evidence")
    latest = commitment.history.order_by("-history_id").first()
    assert commitment.history.count() == before + 1
    assert (latest.history_type, latest.history_user, latest.history_change_reason, latest.status) == ("~", user, "why", "partial")


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


def test_instance_like_copies_a_template_without_its_state(seed_ledger):
    commitment = Commitment.objects.filter(testable=True).first()
    template = Evidence(report=commitment.report, score=0.25, verdict="partial")
    made = bulk.instance_like(template, commitment_id=commitment.pk, start=2, end=6, text="文本")
    assert (made.report_id, made.commitment_id, made.start, made.score, made.verdict, made.text) == (
        commitment.report_id, commitment.pk, 2, 0.25, "partial", "文本"
    )
    assert made._state is not template._state and made._state.adding and made.pk is None
    assert (template.start, template.commitment_id) == (None, None)
