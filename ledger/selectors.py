"""Reads that several places share (admin, API, commands)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Count, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from .models import (
    Commitment, Decision, Evidence, KeptDecision, Origin, Progress, Report, Section, SectionKind, Status, Unit, Verdict,
)
from . import accuracy
from .messages import NO_TASKS, REVIEW_NOTICES, TERM_REVIEW_WHOLE
from .charts import percent
from .parts import part_key
from .pipeline import link as linker
from .pipeline.normalise import simplified, visible
from .rules import CONFIRMED_RULE


# Statuses that say what became of a promise: the rows of a follow-through rate.
DECIDED = (Status.FULFILLED, Status.PARTIAL, Status.NOT_REPORTED, Status.NOT_DONE)
# Statuses with no outcome yet: no follow-up report, or staff mark it as still under way.
NOT_ASSESSED = (Status.PENDING, Status.IN_PROGRESS)


def _zeros() -> dict[str, int]:
    return {status: 0 for status in Status.values}


@dataclass
class FollowThrough:
    """Counts per status of testable commitments, how many of each a person confirmed, and the rates.

    The rate is (fulfilled + partial) ÷ decided (fulfilled, partial, not reported, not carried out); needs_review
    rows are counted apart and in none of the rates of decided rows, and ``decided_confirmed`` says how many of the
    rate's rows a person confirmed (status set by staff, or following evidence staff confirmed). The range a
    publishable rate can take (rate_low, rate_high) is over every testable row, once any has an outcome: a decided
    row's true status a person may still find, a needs_review row's too, and a row still 推进中 or 待回顾 has none yet
    (a person may decide a task before its next report comes in: the year is not known until every task of it is)."""

    counts: dict[str, int] = field(default_factory=_zeros)
    confirmed: dict[str, int] = field(default_factory=_zeros)
    year_over: int = 0
    # Decided rows whose next report's review is not in: a person's own judgement, not what a review reports.
    before_review: int = 0
    # Rows a person decided that their review reads otherwise (Commitment.review_disagrees): the person's status
    # stands until they answer it, but it is no status to publish as the review's.
    review_disagrees: int = 0

    def add(
        self, status: str, count: int, confirmed: int = 0, year_over: int = 0, before_review: int = 0, review_disagrees: int = 0
    ) -> None:
        self.counts[status] += count
        self.confirmed[status] += confirmed
        self.year_over += year_over
        self.before_review += before_review
        self.review_disagrees += review_disagrees

    def __iadd__(self, other: "FollowThrough") -> "FollowThrough":
        for status in Status.values:
            self.add(status, other.counts[status], other.confirmed[status])
        self.year_over += other.year_over
        self.before_review += other.before_review
        self.review_disagrees += other.review_disagrees
        return self

    @property
    def machine(self) -> dict[str, int]:
        """Rows per status as the machine proposed them, nobody having confirmed them."""
        return {status: self.counts[status] - self.confirmed[status] for status in Status.values}

    @property
    def testable(self) -> int:
        return sum(self.counts.values())

    @property
    def assessed(self) -> int:
        """Testable rows with an outcome, or one to record: decided (by the review, or by a person before it came in),
        or waiting for a person's look or record."""
        return self.testable - sum(self.counts[status] for status in NOT_ASSESSED) + self.year_over

    @property
    def decided(self) -> int:
        """The denominator of the rates: fulfilled, partial, not reported and not carried out."""
        return sum(self.counts[status] for status in DECIDED)

    @property
    def decided_confirmed(self) -> int:
        return sum(self.confirmed[status] for status in DECIDED)

    @property
    def needs_review(self) -> int:
        return self.counts[Status.NEEDS_REVIEW]

    @property
    def unconfirmed_not_reported(self) -> int:
        return self.counts[Status.NOT_REPORTED] - self.confirmed[Status.NOT_REPORTED]

    def _share(self, count: int) -> float | None:
        return count / self.decided if self.decided else None

    @property
    def rate(self) -> float | None:
        """Reported done or in part, of the decided rows."""
        return self._share(self.counts[Status.FULFILLED] + self.counts[Status.PARTIAL])

    @property
    def rate_heading(self) -> str:
        """The heading of a column of ``rate``: it says the machine's reading is in it unless a person confirmed every
        decided row (one heading for the tables by part, by lead unit and by body, on screen, in print and in Excel)."""
        if self.decided_confirmed == self.decided:
            return gettext("follow-through rate")
        return gettext("follow-through rate, the machine's reading")

    @property
    def headline_rate(self) -> float | None:
        """Reported done or in part, of the decided rows a person confirmed: the rate a reader can publish once every
        row is confirmed (before, with rate_low and rate_high beside it). No machine status is in it: leaving out only
        the machine's 未见报告 (which may be a report in other words) while keeping its 已落实 would lean the rate
        towards 100 %; None until a person confirmed one."""
        done = self.confirmed[Status.FULFILLED] + self.confirmed[Status.PARTIAL]
        return done / self.decided_confirmed if self.decided_confirmed else None

    @property
    def all_confirmed(self) -> bool:
        """Each testable row decided, and confirmed by a person (rate_low = rate_high = headline_rate)."""
        return bool(self.testable) and self.decided_confirmed == self.testable

    @property
    def publishable(self) -> bool:
        """Whether headline_rate is the follow-through rate of every task: all confirmed, every row's next report's
        review in (a person deciding tasks before it came in judged them; no review reported them), and none that the
        review reads otherwise than the person decided."""
        return self.all_confirmed and not self.unborne

    @property
    def unborne(self) -> int:
        """Decided rows whose status is a person's judgement no review bears out: no review of the year yet, or one
        that reads it otherwise. While any, no rate counting them is a follow-through rate."""
        return self.before_review + self.review_disagrees

    @property
    def awaiting_person(self) -> int:
        """Rows that wait for a person: needs_review, 推进中 or 待回顾 whose year is over, and a person's status the
        review reads otherwise."""
        return self.needs_review + self.year_over + self.review_disagrees

    @property
    def rate_low(self) -> float | None:
        """The least the rate of every testable row can be, whatever the rows no person confirmed turn out to be: each
        of them not done. With rate_high, what a reader can publish while confirmations are partial: a
        person's choice of rows to confirm may lean headline_rate (confirming only the reported ones makes it 100 %)."""
        if not self.assessed:  # nothing known yet: no range to give
            return None
        done = self.confirmed[Status.FULFILLED] + self.confirmed[Status.PARTIAL]
        return done / self.testable

    @property
    def rate_high(self) -> float | None:
        """The most that rate can be: each row no person confirmed done."""
        if not self.assessed:
            return None
        not_done = self.confirmed[Status.NOT_REPORTED] + self.confirmed[Status.NOT_DONE]
        return (self.testable - not_done) / self.testable

    @property
    def fulfilled_rate(self) -> float | None:
        return self._share(self.counts[Status.FULFILLED])

    @property
    def partial_rate(self) -> float | None:
        return self._share(self.counts[Status.PARTIAL])

    def figures(self) -> dict:
        """The counts and the rate by name, for the lines the commands print."""
        return {
            "fulfilled": self.counts[Status.FULFILLED],
            "partial": self.counts[Status.PARTIAL],
            "not_reported": self.counts[Status.NOT_REPORTED],
            "not_done": self.counts[Status.NOT_DONE],
            "needs_review": self.counts[Status.NEEDS_REVIEW],
            "rate": percent(self.rate),  # — when nothing is decided (it printed 0 %)
            "decided": self.decided,
            "confirmed": self.decided_confirmed,
        }

    def as_dict(self) -> dict:
        return {
            "counts": dict(self.counts),
            "confirmed": dict(self.confirmed),
            "machine": self.machine,
            "testable": self.testable,
            "assessed": self.assessed,
            "decided": self.decided,
            "decided_confirmed": self.decided_confirmed,
            "needs_review": self.needs_review,
            "year_over": self.year_over,
            "before_review": self.before_review,
            "review_disagrees": self.review_disagrees,
            "rate": self.rate,
            "headline_rate": self.headline_rate,
            "publishable": self.publishable,
            "rate_low": self.rate_low,
            "rate_high": self.rate_high,
            "fulfilled_rate": self.fulfilled_rate,
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
    no_review: bool  # the follow-up is in, but no review section was found in it: no machine status
    no_tasks: bool  # no tasks section was found in the report: it has no commitments to follow
    # What the reader noted of the follow-up's review (a term-end review read whole …), as stored on its notices.
    review_notices: list[dict] = field(default_factory=list)


def follow_up_of(report: Report) -> Report | None:
    """The same body's report of the next year, whose review says what became of this one's promises."""
    return Report.objects.filter(body_id=report.body_id, kind=report.kind, year=report.year + 1).first()


def promise_report_of(report: Report) -> Report | None:
    """The same body's report of the year before, whose promises this one's review speaks of."""
    return Report.objects.filter(body_id=report.body_id, kind=report.kind, year=report.year - 1).first()


def usable_evidence():
    """Evidence proper that staff did not reject (decisive_evidence picks the one that decides): candidate
    passages below the decision line are not evidence until staff confirm them with a verdict."""
    return (
        Evidence.objects.exclude(decision=Decision.REJECTED)
        .exclude(verdict=Verdict.CANDIDATE)
        .select_related("decided_by")
    )


# Words of a search read at most: each adds a condition over the whole ledger (a thousand of them were a 500 on
# SQLite, and seconds and gigabytes on PostgreSQL).
SEARCH_WORDS = 10


# The words of a search as staff type them: a phrase in quotes ("条例,审议", “人大,代表”), else what lies between spaces and the
# marks that list words in Chinese text; a quote left open is a slip, taken off its word (search_words).
_QUOTES = "\"'“”‘’「」"
_SEARCH_TOKENS = re.compile(r'"([^"]*)"|\'([^\']*)\'|“([^”]*)”|‘([^’]*)’|「([^」]*)」|([^\s,，、;；]+)')


def search_words(term: str) -> list[str]:
    """The words of a search as staff type it (separated by spaces, commas, 、 or semicolons; "quoted words" kept
    together), in simplified characters as the ledger stores reports, the first SEARCH_WORDS distinct ones; an
    unmatched quote is a slip, left out ("十三五 found nothing)."""
    words = []
    for match in _SEARCH_TOKENS.finditer(simplified(term or "")):
        word = next(group for group in match.groups() if group is not None).strip(_QUOTES + " ")
        if word and word not in words:
            words.append(word)
    return words[:SEARCH_WORDS]


def commitment_search_q(word: str) -> Q:
    """Commitments with ``word`` in their own words (the deliverable, its object, its sentence), their status note,
    a unit's name or a progress entry. Units and progress as id sets read once (no join that finds a row twice, no
    probe per row)."""
    units = Unit.objects.filter(Q(name__icontains=word) | abbreviation_q(word)).values("pk")  # 财经工委: 财政经济工作委员会
    partners = Commitment.partner_units.through.objects.filter(unit__in=units).values("commitment_id")
    return (
        Q(text__icontains=word) | Q(object__icontains=word) | Q(sentence__icontains=word)
        | Q(status_note__icontains=word) | Q(lead_unit__in=units) | Q(pk__in=partners)
        | Q(pk__in=Progress.objects.filter(text__icontains=word).values("commitment_id"))
    )


def confirmed_q() -> Q:
    """Commitments whose status a person decided: set by staff, or following evidence staff confirmed."""
    return Q(status_origin=Origin.STAFF) | Q(status_rule=CONFIRMED_RULE)


def is_confirmed(commitment) -> bool:
    """confirmed_q() of one commitment in hand."""
    return commitment.status_origin == Origin.STAFF or commitment.status_rule == CONFIRMED_RULE


def status_decision(commitment, evidence=None):
    """Who decided a commitment's status, and when: the person who set it, or who confirmed the passage it follows
    (its decisive evidence, of ``evidence`` where the caller has it); (None, None) for the machine's."""
    if commitment.status_origin == Origin.STAFF:
        return commitment.status_decided_by, commitment.status_decided_at
    if commitment.status_rule == CONFIRMED_RULE:
        decisive = decisive_evidence(commitment.evidence.select_related("decided_by") if evidence is None else evidence)
        if decisive is not None and decisive.decision == Decision.CONFIRMED:
            return decisive.decided_by, decisive.decided_at
    return None, None


# 推进中 and 待回顾 say a task's year is still running. It is over once the next report's review is in (it says what
# became of the task, and a person records that), unless staff gave the task a deadline after its plan year that has
# not passed.


def plan_year_over(commitment: Commitment, follow_up: Report | None, due=...) -> bool:
    """Whether the task's year is over (above); ``follow_up``: follow_up_of(commitment.report); ``due``: the deadline
    to judge by where it is about to change (a sheet's row), else the task's."""
    due = commitment.due if due is ... else due
    if due is not None and due.year > commitment.plan_year and due >= timezone.localdate():
        return False
    return follow_up is not None and has_review(follow_up)


def review_reading(verdicts) -> str:
    """What the review's passages report of a task, by their verdicts (rejected ones left out), as the linker reads
    them (pipeline.link.status_of): not carried out where one says it was put off, else done where one reports it
    done, in part where one reports progress, else not reported."""
    return linker.status_of(verdicts)


def review_contradicts(verdicts, status: str) -> bool:
    """Whether the review's passages (their verdicts) read otherwise than a status a person set: a status set before
    the review came in that it contradicts is one the review disagrees with (Commitment.review_disagrees). A review
    silent on a task a person marked not carried out says nothing against it."""
    reading = review_reading(verdicts)
    return reading != status and not (status == Status.NOT_DONE and reading == Status.NOT_REPORTED)


def _year_over_by(commitments, fields: list[str], counted) -> dict[tuple, int]:
    """How many rows are 推进中 or 待回顾 with their year over, per value of ``fields`` and status. Only staff set
    them so (the machine's 待回顾 has no review to read): a query of its own, run only where ``counted`` (the rows
    per status with their ``confirmed`` counts) has such rows of staff; a filtered count beside the others would
    cost every row of a large ledger a lookup."""
    if not any(row["status"] in NOT_ASSESSED and row["confirmed"] for row in counted):
        return {}
    return _counts_by(commitments.filter(plan_year_over_q(), status__in=NOT_ASSESSED, status_origin=Origin.STAFF), fields)


def _before_review_by(commitments, fields: list[str], counted) -> dict[tuple, int]:
    """How many decided rows have no review of their year in (the next report not in, or no review found in it), per
    value of ``fields`` and status. Only a person decides such a row: a query of its own, run only where ``counted``
    has decided rows a person confirmed (as _year_over_by)."""
    if not any(row["status"] in DECIDED and row["confirmed"] for row in counted):
        return {}
    return _counts_by(commitments.filter(status__in=DECIDED).exclude(report__in=_reviewed_reports()), fields)


def _disagreeing_by(commitments, fields: list[str], counted) -> dict[tuple, int]:
    """How many rows a person decided that their review reads otherwise, per value of ``fields`` and status: only a
    person's rows are, so a query of its own where ``counted`` has rows a person confirmed (as _year_over_by)."""
    if not any(row["confirmed"] for row in counted):
        return {}
    return _counts_by(commitments.filter(review_disagrees=True), fields)


def _counts_by(commitments, fields: list[str]) -> dict[tuple, int]:
    """Rows per value of ``fields`` and status."""
    rows = commitments.values(*fields, "status").annotate(n=Count("id")).order_by()
    return {(*(row[field] for field in fields), row["status"]): row["n"] for row in rows}


def _reviewed_reports():
    """The reports whose next report of the same body and kind is in with a review section."""
    return Report.objects.filter(
        Exists(
            Section.objects.filter(
                report__body_id=OuterRef("body_id"), report__kind=OuterRef("kind"), report__year=OuterRef("year") + 1,
                kind=SectionKind.REVIEW,
            )
        )
    )


def plan_year_over_q() -> Q:
    """plan_year_over() as a filter of commitments."""
    return Q(report__in=_reviewed_reports()) & (
        Q(due__isnull=True) | Q(due__year__lte=F("plan_year")) | Q(due__lt=timezone.localdate())
    )


def has_review(report: Report) -> bool:
    return report.sections.filter(kind=SectionKind.REVIEW).exists()


def notice_codes(report: Report) -> set[str]:
    return {notice.get("code") for notice in report.notices or []}


def report_summary(report: Report) -> ReportSummary:
    rows = (
        report.commitments.values("testable", "status", "kind", "part")
        .annotate(n=Count("id"), confirmed=Count("id", filter=confirmed_q()))
        .order_by()
    )
    testable = report.commitments.filter(testable=True)
    over = _year_over_by(testable, ["kind", "part"], rows)
    before = _before_review_by(testable, ["kind", "part"], rows)
    disagreeing = _disagreeing_by(testable, ["kind", "part"], rows)
    overall, by_kind, by_part, general = FollowThrough(), defaultdict(FollowThrough), defaultdict(FollowThrough), 0
    for row in rows:
        if not row["testable"]:
            general += row["n"]
            continue
        key = (row["kind"], row["part"], row["status"])
        for bucket in (overall, by_kind[row["kind"]], by_part[row["part"]]):
            bucket.add(row["status"], row["n"], row["confirmed"], over.get(key, 0), before.get(key, 0), disagreeing.get(key, 0))
    follow_up = follow_up_of(report)
    missing_review = bool(
        follow_up
        and not follow_up.sections.filter(kind="review").exclude(heading="").exists()
    )
    no_review = bool(follow_up and not has_review(follow_up))
    return ReportSummary(
        report, follow_up, general, overall, dict(by_kind), {part: by_part[part] for part in sorted(by_part, key=part_key)},
        missing_review=missing_review and not no_review,
        no_review=no_review,
        no_tasks=NO_TASKS in notice_codes(report),
        review_notices=[n for n in (follow_up.notices if follow_up else []) if n.get("code") in REVIEW_NOTICES],
    )


# Groupings of follow-through figures, and the field each reads.
GROUPINGS = {
    "body": "report__body__name",
    "body_id": "report__body_id",  # to join a group to the body filter (?body=) of the list
    "body_level": "report__body__level",
    "year": "plan_year",
    "report_kind": "report__kind",
    "kind": "kind",
    "category": "category",
    "part": "part",
    # A unit's name (names are unique per body: group by body,lead_unit across bodies); null: no lead unit.
    "lead_unit": "lead_unit__name",
    "lead_unit_id": "lead_unit_id",  # to join a group to the lead-unit filter (?lead_unit=) of the list
    "overdue": "overdue",
}


def _group_annotations(groups: list[str]) -> dict:
    """The computed values some groupings read (GROUPINGS names them like fields)."""
    annotations = {}
    if "overdue" in groups:
        annotations["overdue"] = Case(When(overdue_q(), then=Value(True)), default=Value(False), output_field=BooleanField())
    return annotations


def follow_through_by(commitments, groups: list[str]) -> list[tuple[dict, FollowThrough]]:
    """Follow-through of the testable commitments of a queryset, per combination of ``groups``, sorted."""
    fields = [GROUPINGS[group] for group in groups]
    testable = commitments.filter(testable=True).annotate(**_group_annotations(groups))
    rows = list(
        testable.values(*fields, "status")
        .annotate(n=Count("id"), confirmed=Count("id", filter=confirmed_q()))
        .order_by(*fields)
    )
    over = _year_over_by(testable, fields, rows)
    before = _before_review_by(testable, fields, rows)
    disagreeing = _disagreeing_by(testable, fields, rows)
    buckets: dict[tuple, FollowThrough] = {}
    for row in rows:
        key = tuple(row[field] for field in fields)
        at = (*key, row["status"])
        buckets.setdefault(key, FollowThrough()).add(
            row["status"], row["n"], row["confirmed"], over.get(at, 0), before.get(at, 0), disagreeing.get(at, 0)
        )
    keys = list(buckets)
    if "part" in groups:
        # Parts in a report's own order (一 二 … 十 十一, （一）…), not the database's string order.
        # The groups before it keep the database's order (their first row's place); the part sorts within them.
        at = groups.index("part")
        first: dict[tuple, int] = {}
        for place, key in enumerate(keys):
            first.setdefault(key[:at], place)
        place_of = {key: place for place, key in enumerate(keys)}
        keys.sort(key=lambda key: (first[key[:at]], part_key(key[at] or ""), place_of[key]))
    return [(dict(zip(groups, key)), buckets[key]) for key in keys]


# The statuses of a follow-through table's columns, in order: the report page's tables by part and by unit, the
# printed 台账's and the workbook's table by unit.
SUMMARY_STATUSES = (
    Status.FULFILLED, Status.PARTIAL, Status.NOT_REPORTED, Status.NOT_DONE, Status.NEEDS_REVIEW, Status.IN_PROGRESS,
    Status.PENDING,
)


@dataclass
class UnitFigures:
    """One row of a follow-through table by lead unit: the unit (None: the tasks with no lead unit; a total row
    names none either), its body, the follow-through of its testable tasks and how many of them are overdue."""

    unit_id: int | None
    name: str | None
    body: str
    follow_through: FollowThrough = field(default_factory=FollowThrough)
    overdue: int = 0

    def __iadd__(self, other: "UnitFigures") -> "UnitFigures":
        self.follow_through += other.follow_through
        self.overdue += other.overdue
        return self

    @property
    def label(self) -> str:
        return lead_unit_label(self.name)

    def figures(self) -> list[int]:
        """The table's numbers, in its columns' order: tasks to follow, each of SUMMARY_STATUSES, overdue."""
        ft = self.follow_through
        return [ft.testable, *(ft.counts[status] for status in SUMMARY_STATUSES), self.overdue]

    def rate_figures(self) -> tuple[int, int, float | None]:
        """The columns after the counts, as the dashboard's table by body has them: the decided tasks (the rate's
        denominator), how many of those a person confirmed, and the machine's follow-through rate (None: none decided).
        The confirmed count beside the rate says how much of it is the machine's word alone."""
        ft = self.follow_through
        return ft.decided, ft.decided_confirmed, ft.rate


def lead_unit_label(name: str | None) -> str:
    """A lead unit's name as the tables give it; the tasks with none are 未指定牵头单位."""
    return name or gettext("no lead unit set")


@dataclass
class UnitSummary:
    rows: list[UnitFigures]  # by body, then the units by pinyin, the tasks with no lead unit last
    total: UnitFigures  # the rows added up: the follow-through of every testable task of the queryset

    @property
    def bodies(self) -> int:
        return len({row.body for row in self.rows})


def lead_unit_summary(commitments) -> UnitSummary:
    """Follow-through of the testable commitments of a queryset per lead unit, and how many of each unit's are overdue
    (overdue_q): the API's stats/?group_by=lead_unit numbers and its overdue grouping's, in one grouped query
    (follow_through_by). Units are a body's own: two bodies' units of one name are two rows."""
    from .collation import by_pinyin  # pypinyin loads on first use: only the callers that sort units pay for it

    # A list's or the API's queryset may prefetch what its rows show: nothing a grouped count reads.
    grouped = follow_through_by(commitments.prefetch_related(None), ["body", "lead_unit_id", "lead_unit", "overdue"])
    units: dict[tuple, UnitFigures] = {}
    total = UnitFigures(None, None, "")
    for group, ft in grouped:
        row = units.setdefault(
            (group["body"], group["lead_unit_id"]), UnitFigures(group["lead_unit_id"], group["lead_unit"], group["body"])
        )
        part = UnitFigures(None, None, "", ft, ft.testable if group["overdue"] else 0)
        row += part
        total += part
    rows = sorted(units.values(), key=lambda row: (by_pinyin(row.body), row.unit_id is None, by_pinyin(row.name or "")))
    return UnitSummary(rows, total)


@dataclass(frozen=True)
class Pooling:
    """What a group of follow-through figures adds up: how many bodies and reports, of which kinds, and how many of
    those reports were followed by a term-end review read whole (its evidence may describe an earlier year)."""

    bodies: int
    reports: int
    report_kinds: list[str]
    term_reviews: int
    # How many of those reports the rules were tuned on (accuracy.tuned_on): their statuses read better than others'.
    tuned_reports: int


def pooling(commitments, groups: list[str], grouped: list[tuple[dict, FollowThrough]]) -> list[Pooling]:
    """The Pooling of each group follow_through_by(commitments, groups) gave. Grouped by body and year, each group is
    one report, read from the reports alone; otherwise one query gives the reports of each group's rows."""
    body = "body" if "body" in groups else "body_id" if "body_id" in groups else None
    keys = [tuple(group[name] for name in groups) for group, _ft in grouped]
    members: dict[tuple, set[int]] = defaultdict(set)
    if body and "year" in groups:
        by_name = body == "body"
        years = {group["year"] for group, _ft in grouped}
        # The groups' reports and their follow-ups in one query: the follow-ups' notices tell the term-end reviews.
        both = Report.objects.filter(year__in=years | {year + 1 for year in years}).filter(
            **{"body__name__in" if by_name else "body_id__in": {group[body] for group, _ft in grouped}}
        )
        rows = list(both.values("id", "body__name", "body_id", "kind", "year", "notices"))
        index = defaultdict(list)
        for row in rows:
            index[row["body__name"] if by_name else row["body_id"], row["year"]].append(row)
        for (group, _ft), key in zip(grouped, keys):
            members[key] = {
                row["id"] for row in index[group[body], group["year"]] if group.get("report_kind", row["kind"]) == row["kind"]
            }
        reports = {row["id"]: row for row in rows}
        whole = whole_term_reviews((row["body_id"], row["kind"], row["year"], row["notices"]) for row in rows)
        term = {pk for pk, r in reports.items() if (r["body_id"], r["kind"], r["year"]) in whole}
    else:
        fields = [GROUPINGS[group] for group in groups]
        testable = commitments.filter(testable=True).annotate(**_group_annotations(groups))
        for row in testable.values(*fields, "report_id").distinct().order_by():
            members[tuple(row[field] for field in fields)].add(row["report_id"])
        ids = set().union(*members.values()) if members else set()
        reports = {
            row["id"]: row for row in Report.objects.filter(pk__in=ids).values("id", "body_id", "body__name", "kind", "year")
        }
        term = {pk for pk, (_follow_up, whole) in follow_ups(reports.values()).items() if whole}
    tuned = {pk for pk, r in reports.items() if accuracy.tuned_on(r["body__name"], r["kind"], r["year"])}
    return [
        Pooling(
            bodies=len({reports[pk]["body_id"] for pk in members[key] if pk in reports}),
            reports=len(members[key]),
            report_kinds=sorted({reports[pk]["kind"] for pk in members[key] if pk in reports}),
            term_reviews=len(members[key] & term),
            tuned_reports=len(members[key] & tuned),
        )
        for key in keys
    ]


def follow_ups(reports) -> dict[int, tuple[int, bool]]:
    """For reports (rows with id, body_id, kind, year): report id -> (its follow-up's id, whether the follow-up's
    review is a term-end review read whole), in one query; a report whose follow-up is not in is left out."""
    reports = list(reports)
    later = Report.objects.filter(
        body_id__in={r["body_id"] for r in reports}, year__in={r["year"] + 1 for r in reports}
    ).values_list("id", "body_id", "kind", "year", "notices")
    by_key = {(body_id, kind, year - 1): pk for pk, body_id, kind, year, _notices in later}
    whole = whole_term_reviews(row[1:] for row in later)
    return {
        r["id"]: (by_key[key], key in whole)
        for r in reports
        if (key := (r["body_id"], r["kind"], r["year"])) in by_key
    }


def term_review_whole(notices) -> bool:
    """Whether a report's notices (as stored) say it reads its term-end review whole (pipeline.sections)."""
    return any(notice.get("code") == TERM_REVIEW_WHOLE for notice in notices or [])


def whole_term_reviews(follow_ups) -> set[tuple]:
    """(body id, kind, year) of each report whose follow-up, of these (body id, kind, year, notices), has a term-end
    review read whole (pipeline.sections' notice term_review_whole)."""
    return {
        (body_id, kind, year - 1)
        for body_id, kind, year, notices in follow_ups
        if term_review_whole(notices)
    }


def decisive_evidence(evidence) -> Evidence | None:
    """The evidence that decides a commitment's status, and that lists show as its best: a report of the task
    confirmed (or added) by staff before any other, then the strongest verdict (a proposed report before a
    mention a person confirmed), then the score. Rejected evidence never counts, nor does a candidate passage
    (staff confirm one with a verdict of their own)."""
    usable = [e for e in evidence if e.decision != Decision.REJECTED and e.verdict != Verdict.CANDIDATE]
    return max(usable, key=_weight) if usable else None


def passage_against_person(commitment, passage) -> bool:
    """Whether ``passage`` reads otherwise than the status a person set: shown as the status's 依据 it would say the
    opposite of what the person decided (已落实 beside 监督覆盖还不够). The machine's passage, or one a person confirmed
    or added: a status set stays when a passage is confirmed (services.commitment_status_refresh), and a print that
    showed the passage as its ground without a word read as if the two agreed."""
    if passage is None or commitment.status_origin != Origin.STAFF or commitment.status not in DECIDED:
        return False
    return review_contradicts([passage.verdict], commitment.status)


def evidence_in_order(evidence) -> list:
    """A commitment's passages as its page lists them: the decisive one first (as lists and the queue name it
    best), then in the order that would decide next, rejected ones last."""
    return sorted(evidence, key=lambda e: (e.decision != Decision.REJECTED, *_weight(e)), reverse=True)


def _weight(e) -> tuple:
    # A passage a person confirmed as a mention only says it reports nothing: it outranks no report of the task.
    return (
        e.decision == Decision.CONFIRMED and e.verdict != Verdict.MENTION, linker.VERDICT_RANK.get(e.verdict, 0),
        e.decision == Decision.CONFIRMED, e.score, -e.start,
    )


def best_candidate(evidence) -> Evidence | None:
    """The best candidate passage still waiting for a person (proposed, below the decision line)."""
    waiting = [e for e in evidence if e.verdict == Verdict.CANDIDATE and e.decision == Decision.PROPOSED]
    return max(waiting, key=lambda e: (e.score, -e.start)) if waiting else None


def best_passage(evidence) -> Evidence | None:
    """The passage a person should read first: the evidence that decides the status (a bare mention too), else the
    best candidate below the decision line."""
    return decisive_evidence(evidence) or best_candidate(evidence)


def has_evidence_q() -> Q:
    """Commitments with evidence staff did not reject (candidate passages are not evidence)."""
    evidence = Evidence.objects.filter(commitment=OuterRef("pk")).exclude(decision=Decision.REJECTED)
    return Q(Exists(evidence.exclude(verdict=Verdict.CANDIDATE)))


def staff_evidence_q() -> Q:
    """Evidence staff added or decided on (Evidence.decided_by_staff, as a query)."""
    return Q(origin=Origin.STAFF) | ~Q(decision=Decision.PROPOSED)


def decided_q() -> Q:
    """Commitments on which staff decided something: their status, or any of their evidence."""
    decided = Evidence.objects.filter(commitment=OuterRef("pk")).filter(staff_evidence_q())
    return Q(status_origin=Origin.STAFF) | Q(Exists(decided))


def pending_kept(report):
    """The staff decisions a replace kept aside on ``report`` (KeptDecision) that nobody has re-attached yet."""
    return KeptDecision.objects.filter(report=report, reattached_at__isnull=True).select_related("status_decided_by")


# Statuses no deadline is chased for: the task done, or recorded as not carried out (put off or cancelled by a
# decision). A deadline counts as met only by fulfilment: a partial or unassessed row past its deadline is overdue.
CLOSED = (Status.FULFILLED, Status.NOT_DONE)


def overdue_q(today=None) -> Q:
    return Q(due__lt=today or timezone.localdate(), testable=True) & ~Q(status__in=CLOSED)


def became_overdue_q(since, today=None) -> Q:
    """Tasks overdue now whose deadline passed at or after ``since`` (overdue from the start of the day after it): the
    calendar turns overdue on, no write, so no history says when."""
    first = timezone.localdate(since - dt.timedelta(microseconds=1))  # since at midnight: yesterday's turned on then
    return overdue_q(today) & Q(due__gte=first)


def due_soon_q(today=None, days: int = 30) -> Q:
    today = today or timezone.localdate()
    return Q(due__gte=today, due__lte=today + dt.timedelta(days=days), testable=True) & ~Q(status__in=CLOSED)


def is_overdue(commitment, today=None) -> bool:
    return bool(
        commitment.due and commitment.testable and commitment.status not in CLOSED
        and commitment.due < (today or timezone.localdate())
    )


def unit_names(ids) -> dict[int, list[tuple[dt.datetime, str]]]:
    """The names each unit had, newest first, from the units' history (one query): what a unit merged into another,
    and so deleted, was called, and what a renamed one was called before."""
    names: dict[int, list[tuple[dt.datetime, str]]] = defaultdict(list)
    for unit_id, date, name in Unit.history.filter(id__in=set(ids)).order_by("-history_date").values_list("id", "history_date", "name"):
        names[unit_id].append((date, name))
    return names


def unit_name_at(records: list[tuple[dt.datetime, str]], when: dt.datetime, current: str = "") -> str:
    """A unit's name at ``when`` from its ``records`` (unit_names); ``current`` when none is that early (a unit older
    than its history), else its oldest known name."""
    then = next((name for date, name in records if date <= when), "")
    return then or current or (records[-1][1] if records else "")


def shared_unit_names(names) -> set[str]:
    """The names among ``names`` that units of more than one body bear (办公室, 法制工作委员会): such a unit is told by
    its body wherever units of several bodies are listed together."""
    return set(
        Unit.objects.filter(name__in=set(names)).values("name").annotate(bodies=Count("body", distinct=True))
        .filter(bodies__gt=1).values_list("name", flat=True)
    )


def unit_with_body(unit: Unit, shared: set[str]) -> str:
    """A unit's name, with its body's when another body has a unit of that name (shared_unit_names)."""
    return f"{unit.name}（{unit.body}）" if unit.name in shared else unit.name


# The longest name matched as an abbreviation: a pattern of one wildcard per character stays cheap.
_ABBREVIATION_MAX = 12
# An abbreviation is words: letters, characters and digits only (nothing a pattern or SQL reads otherwise).
_ABBREVIATION = re.compile(rf"\w{{2,{_ABBREVIATION_MAX}}}")


def _abbreviation(typed: str) -> str:
    """A name typed, as abbreviations are compared: what a unit's stored name keeps (normalise.visible: no
    zero-width characters), without spaces; "" when it is no abbreviation (one character, a long text, marks)."""
    typed = "".join(visible(typed or "").split())
    return typed if _ABBREVIATION.fullmatch(typed) else ""


def abbreviation_q(typed: str) -> Q:
    """Units whose name holds the characters of ``typed`` in order (财经 -> 财政经济工作委员会, 财经工委 -> 财政经济工作
    委员会): how an office shortens a unit's name. Each gap excludes the character after it (财[^经]*经…), so that a
    name of repeated characters has one way to match, not exponentially many (SQLite runs Python's re)."""
    typed = _abbreviation(typed)
    if not typed:
        return Q(pk__in=[])
    return Q(name__regex=typed[0] + "".join(f"[^{char}]*{char}" for char in typed[1:]))


# What a unit's name may carry before it that names its body, not the unit (区人大法工委, 大足区人大法工委: the 法工委 of
# the 区人大).
_BODY_PREFIX = re.compile(r"^[\u4e00-\u9fff]{0,8}?[省市区县州旗]?人大(?:常委会)?")
# A name this long or longer may be mistyped by one character (法制工做委员会); a shorter one differs by design.
_TYPO_MIN = 4


def similar_units(body_id: int, name: str) -> list[Unit]:
    """The other units of a body a new unit's name may be a way of writing: the name shortened (its characters in
    order in theirs, as abbreviation_q finds) or theirs shortened in it, once a prefix naming the body is left out;
    or the name mistyped by one character. A body has tens of units: read in full."""
    name = visible(name or "")
    return [unit for unit in Unit.objects.filter(body_id=body_id).exclude(name=name) if names_alike(name, unit.name)]


def names_alike(name: str, other: str) -> bool:
    """Whether two unit names may be one office's (similar_units): one shortened from the other once a prefix naming
    the body is left out, or one mistyped by one character."""
    own = _BODY_PREFIX.sub("", name) or name
    return name != other and (_in_order(own, other) or _in_order(other, own) or _one_slip(name, other))


def _one_slip(typed: str, name: str) -> bool:
    """Whether ``typed`` is ``name`` with one character wrong, missing or added (names of _TYPO_MIN or more)."""
    if min(len(typed), len(name)) < _TYPO_MIN or abs(len(typed) - len(name)) > 1:
        return False
    head = next((i for i, (a, b) in enumerate(zip(typed, name)) if a != b), min(len(typed), len(name)))
    if len(typed) == len(name):
        return typed[head + 1 :] == name[head + 1 :]
    shorter, longer = sorted((typed, name), key=len)
    return shorter[head:] == longer[head + 1 :]


def _in_order(short: str, long: str) -> bool:
    """Whether the characters of ``short`` (two or more) stand in ``long`` in order."""
    rest = iter(long)
    return len(short) >= 2 and all(char in rest for char in short)
