"""Reads that several places share (admin, API, commands)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from .models import Decision, Evidence, Origin, Report, Status, Verdict


@dataclass
class FollowThrough:
    """Counts per status of testable commitments, and the rates staff report to their leaders."""

    counts: dict[str, int] = field(default_factory=lambda: {status: 0 for status in Status.values})

    @property
    def testable(self) -> int:
        return sum(self.counts.values())

    @property
    def assessed(self) -> int:
        """Testable rows whose follow-up report is in: the denominator of the rates."""
        return self.testable - self.counts[Status.PENDING]

    @property
    def rate(self) -> float | None:
        return self.counts[Status.FULFILLED] / self.assessed if self.assessed else None

    @property
    def partial_rate(self) -> float | None:
        return self.counts[Status.PARTIAL] / self.assessed if self.assessed else None

    def as_dict(self) -> dict:
        return {
            "counts": dict(self.counts),
            "testable": self.testable,
            "assessed": self.assessed,
            "rate": self.rate,
            "partial_rate": self.partial_rate,
        }


@dataclass
class ReportSummary:
    report: Report
    follow_up: Report | None
    general: int
    overall: FollowThrough
    by_kind: dict[str, FollowThrough]
    by_part: dict[str, FollowThrough]
    missing_review: bool  # the follow-up's review has no heading: it may start mid-report


def follow_up_of(report: Report) -> Report | None:
    """The same body's report of the next year, whose review says what became of this one's promises."""
    return Report.objects.filter(body_id=report.body_id, kind=report.kind, year=report.year + 1).first()


def promise_report_of(report: Report) -> Report | None:
    """The same body's report of the year before, whose promises this one's review speaks of."""
    return Report.objects.filter(body_id=report.body_id, kind=report.kind, year=report.year - 1).first()


def usable_evidence():
    """Evidence staff did not reject (decisive_evidence picks the one that decides)."""
    return Evidence.objects.exclude(decision=Decision.REJECTED).select_related("decided_by")


def report_summary(report: Report) -> ReportSummary:
    rows = report.commitments.values("testable", "status", "kind", "part").annotate(n=Count("id")).order_by()
    overall, by_kind, by_part, general = FollowThrough(), defaultdict(FollowThrough), defaultdict(FollowThrough), 0
    for row in rows:
        if not row["testable"]:
            general += row["n"]
            continue
        for bucket in (overall, by_kind[row["kind"]], by_part[row["part"]]):
            bucket.counts[row["status"]] += row["n"]
    follow_up = follow_up_of(report)
    missing_review = bool(
        follow_up
        and not follow_up.sections.filter(kind="review").exclude(heading="").exists()
    )
    return ReportSummary(report, follow_up, general, overall, dict(by_kind), dict(by_part), missing_review)


# Groupings of follow-through figures, and the field each reads.
GROUPINGS = {
    "body": "report__body__name",
    "body_level": "report__body__level",
    "year": "plan_year",
    "report_kind": "report__kind",
    "kind": "kind",
    "category": "category",
    "part": "part",
}


def follow_through_by(commitments, groups: list[str]) -> list[tuple[dict, FollowThrough]]:
    """Follow-through of the testable commitments of a queryset, per combination of ``groups``, sorted."""
    fields = [GROUPINGS[group] for group in groups]
    rows = (
        commitments.filter(testable=True)
        .values(*fields, "status")
        .annotate(n=Count("id"))
        .order_by(*fields)
    )
    buckets: dict[tuple, FollowThrough] = {}
    for row in rows:
        key = tuple(row[field] for field in fields)
        buckets.setdefault(key, FollowThrough()).counts[row["status"]] += row["n"]
    return [(dict(zip(groups, key)), bucket) for key, bucket in buckets.items()]


_VERDICT_ORDER = {Verdict.FULFILLED: 3, Verdict.PARTIAL: 2, Verdict.MENTION: 1}


def decisive_evidence(evidence) -> Evidence | None:
    """The evidence that decides a commitment's status, and that lists show as its best: confirmed (or
    added by staff) before proposed, then the strongest verdict, then the score. Rejected evidence never
    counts."""
    usable = [e for e in evidence if e.decision != Decision.REJECTED]
    if not usable:
        return None
    return max(usable, key=lambda e: (e.decision == Decision.CONFIRMED, _VERDICT_ORDER[e.verdict], e.score, -e.start))


def has_evidence_q() -> Q:
    """Commitments with evidence staff did not reject."""
    return Q(Exists(Evidence.objects.filter(commitment=OuterRef("pk")).exclude(decision=Decision.REJECTED)))


def staff_evidence_q() -> Q:
    """Evidence staff added or decided on (Evidence.decided_by_staff, as a query)."""
    return Q(origin=Origin.STAFF) | ~Q(decision=Decision.PROPOSED)


def decided_q() -> Q:
    """Commitments on which staff decided something: their status, or any of their evidence."""
    decided = Evidence.objects.filter(commitment=OuterRef("pk")).filter(staff_evidence_q())
    return Q(status_origin=Origin.STAFF) | Q(Exists(decided))
