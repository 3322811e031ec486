"""The follow-through dashboard of the admin: which body kept how many of its testable commitments.

``dashboard_view(request, admin_site)`` is served by the commitment admin at
/admin/ledger/commitment/dashboard/ (URL name ``admin:ledger_dashboard``). Everything it shows comes from one
grouped query over the commitments (selectors.follow_through_by) and one over the bodies' ids.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .. import accuracy, charts
from ..collation import by_pinyin
from ..numbers import positive_int
from ..models import Body, Commitment, Level, ReportKind, Status
from .filters import PlanYearFilter
from ..selectors import DECIDED, lead_unit_label, FollowThrough, due_soon_q, follow_through_by, overdue_q, pooling

PERMISSION = "ledger.view_commitment"
TEMPLATE = "admin/ledger/dashboard.html"
TREND_BODIES = 8  # lines on the trend chart besides the overall one: the largest bodies
# A year is charted once at least 1/SHARE_SHOWN of its testable rows are assessed (the bar chart's year) or decided (a
# point of the trend): before its next report is in, a few statuses set ahead make a rate of a handful of rows.
SHARE_SHOWN = 10
# Changelist lookups the dashboard's own filters translate to, when drilling down.
LEVEL_LOOKUP = "report__body__level__exact"
KIND_LOOKUP = "report__kind__exact"


@dataclass(frozen=True)
class DashboardFilters:
    level: str = ""
    report_kind: str = ""
    year: int | None = None
    body: int | None = None  # one body's own figures (a committee's office answers for its own promises)

    @classmethod
    def from_query(cls, query) -> DashboardFilters:
        """Unknown values are ignored, as if the filter was not set."""
        level = query.get("level", "")
        report_kind = query.get("report_kind", "")
        try:
            # plan_year as the API and the list name it (a link copied from stats/ narrowed nothing).
            year = int(query.get("year") or query.get("plan_year") or "")
        except ValueError:
            year = None
        body = positive_int(query.get("body", ""))
        return cls(
            level=level if level in Level.values else "",
            report_kind=report_kind if report_kind in ReportKind.values else "",
            year=year,
            body=body if body is not None and Body.objects.filter(pk=body).exists() else None,
        )

    def apply(self, commitments):
        if self.body is not None:
            commitments = commitments.filter(report__body_id=self.body)
        if self.level:
            commitments = commitments.filter(report__body__level=self.level)
        if self.report_kind:
            commitments = commitments.filter(report__kind=self.report_kind)
        return commitments


def changelist_url(filters: DashboardFilters, *, body_id=None, year=None, status=None, confirmed=False) -> str:
    """The commitment changelist showing exactly the testable rows a dashboard number counts (``confirmed``: those
    of them a person confirmed)."""
    params = {}
    if body_id is not None or filters.body is not None:
        params["body"] = body_id if body_id is not None else filters.body
    elif filters.level:
        params[LEVEL_LOOKUP] = filters.level
    if year is not None:
        params[PlanYearFilter.parameter_name] = year
    if status is not None:
        params["status__exact"] = status
    params["testable__exact"] = 1
    if confirmed:
        params["confirmed"] = "yes"
    if filters.report_kind:
        params[KIND_LOOKUP] = filters.report_kind
    return reverse("admin:ledger_commitment_changelist") + "?" + urlencode(params)


def _cells(ft: FollowThrough, filters: DashboardFilters, **where) -> list[dict]:
    return [
        {
            "status": status,
            "label": label,
            "count": ft.counts[status],
            # How many of the rows a person confirmed, shown for the statuses a rate is built on.
            "confirmed": ft.confirmed[status] if status in DECIDED else None,
            "href": changelist_url(filters, status=status, **where) if ft.counts[status] else "",
            "confirmed_href": changelist_url(filters, status=status, confirmed=True, **where) if ft.confirmed[status] else "",
        }
        for status, label in Status.choices
    ]


def headline_figures(ft: FollowThrough) -> dict:
    """What the headline of the dashboard and of a report's page says (admin/ledger/_headline.html)."""
    return {
        "testable": ft.testable,
        "decided": ft.decided,
        "decided_confirmed": ft.decided_confirmed,
        "needs_review": ft.awaiting_person,
        "year_over": ft.year_over,
        "unsure": ft.needs_review,  # the machine's 待人工核验 alone, as the queue counts them
        "unconfirmed_not_reported": ft.unconfirmed_not_reported,
        "rate": charts.percent(ft.rate),
        "headline_rate": charts.percent(ft.headline_rate),
        "all_confirmed": ft.all_confirmed,
        "before_review": ft.before_review,
        "review_disagrees": ft.review_disagrees,
        "unborne": ft.unborne,
        "publishable": ft.publishable,
        # Rounded down as the range's low end is: where the two are one fraction (every confirmed row carried out, the
        # rest counted as not) they read alike (3.7 % and 3.7 %, not 3.7 % beside 3.8 %), and a share confirmed is never
        # said larger than it is.
        "confirmed_share": charts.percent(
            ft.decided_confirmed / ft.testable if ft.testable else None, outward="down"
        ),
        "rate_low": charts.percent(ft.rate_low, outward="down"),
        "rate_high": charts.percent(ft.rate_high, outward="up"),
    }


def headline(ft: FollowThrough, kind: str = "") -> dict:
    """The headline of the dashboard or of a report's page (``kind``: that report's): its figures and the machine's
    measured accuracy (which the table's rows, drawn with headline_figures too, do not show)."""
    measured = measured_figures()
    # On a page of a kind of report never checked blind, that comes first: the figures after it are another kind's.
    unchecked = bool(measured) and kind == "npc" and not measured["npc_checked"]
    return {**headline_figures(ft), "measured": measured, "kind_unchecked": unchecked}


def measured_figures() -> dict | None:
    """How often the machine was right where its rules were never tuned, and where they were (ledger/accuracy.py),
    as the headline says it beside the machine's own rate; None when nothing was measured blind."""
    groups = accuracy.measured()
    blind, tuned = groups.get("blind"), groups.get("tuned")
    if blind is None or not blind.score.deliverables:
        return None  # nothing measured blind
    kinds = dict(ReportKind.choices)
    return {
        "deliverables": blind.score.deliverables,
        "pairs": len({(p.kind, p.promise_year, p.follow_up_year) for p in blind.pairs}),
        # 政府工作报告 2017→2018、2018→2019: by kind, each pair of years once (a pair may be annotated twice).
        "reports": "；".join(
            f"{kinds.get(kind, kind)} "
            + "、".join(f"{a}→{b}" for a, b in sorted({(p.promise_year, p.follow_up_year) for p in blind.pairs if p.kind == kind}))
            for kind in blind.kinds
        ),
        # With how far a share of a hundred-odd deliverables may lie from the machine's on all such reports.
        "status": _("%(share)s, its 95%% interval %(low)s–%(high)s") % {
            "share": charts.percent(blind.score.status_accuracy),
            **dict(zip(("low", "high"), map(charts.percent, blind.score.intervals()["status_accuracy"]))),
        },
        # "wrong for about one promise in 4": how a reader weighs a machine rate, said plainly (while it is right for
        # at least half and not all).
        "one_in": round(1 / (1 - blind.score.status_accuracy)) if 0.5 <= blind.score.status_accuracy < 1 else None,
        # What the "wrong" above holds besides wrong statuses: promises made no row of, and those left to a person.
        "missing": blind.score.deliverables - blind.score.found,
        "asked": blind.score.found - blind.score.decided,
        "decided_right": charts.percent(blind.score.decided_accuracy),
        "npc_checked": "npc" in blind.kinds,
        "not_reported": charts.percent(blind.score.not_reported_precision),
        # The rate itself on the same promises: a person's reading against the machine's, and which way the machine leans.
        "reported": charts.percent(blind.score.reported_share),
        "said_reported": charts.percent(blind.score.said_reported_share),
        "leans": _leans(blind.score),
        # The rows a rate counts that are a promise at all (the blind parts' extraction precision).
        "rows_precision": charts.percent(blind.rows.precision) if blind.rows and blind.rows.predicted else None,
        "tuned_status": charts.percent(tuned.score.status_accuracy) if tuned else None,
        "tuned_not_reported": charts.percent(tuned.score.not_reported_precision) if tuned else None,
    }


def _leans(score: accuracy.Score) -> str | None:
    """Which way the machine's rate on the annotated promises leans from a person's (None: neither, or unknown)."""
    people, machine = score.reported_share, score.said_reported_share
    if people is None or machine is None or round(people, 3) == round(machine, 3):
        return None
    return "low" if machine < people else "high"


def _row(label, ft: FollowThrough, filters: DashboardFilters, **where) -> dict:
    return {
        "label": label,
        "cells": _cells(ft, filters, **where),
        "testable": ft.testable,
        "testable_href": changelist_url(filters, **where),
        "assessed": ft.assessed,
        **headline_figures(ft),
        "fulfilled_rate": charts.percent(ft.fulfilled_rate),
        **where,
    }


def dashboard_data(filters: DashboardFilters) -> dict:
    """Table rows, chart data and choices for the dashboard; three queries whatever the number of bodies."""
    commitments = filters.apply(Commitment.objects.all())
    grouped = follow_through_by(commitments, ["body", "year"])
    bodies = Body.objects.all()
    if filters.body is not None:
        bodies = bodies.filter(pk=filters.body)
    if filters.level:
        bodies = bodies.filter(level=filters.level)
    # Each body's id, for the links.
    body_ids = dict(bodies.values_list("name", "id"))
    # The kinds of the reports each year's rows come from: whether the figures shown add up both.
    year_kinds: dict[int, set[str]] = defaultdict(set)

    per_body: dict[str, dict[int, FollowThrough]] = defaultdict(dict)
    per_year: dict[int, FollowThrough] = defaultdict(FollowThrough)
    total = FollowThrough()
    rows = []
    # Years a body's promises were judged against a term-end review read whole: marked, and no trend runs through them.
    term_years: dict[str, set[int]] = defaultdict(set)
    # Years of a body whose reports the machine's rules were written against (accuracy.tuned_on): its figures there
    # read better than a new report's.
    tuned_years: dict[str, set[int]] = defaultdict(set)
    for (group, ft), pool in zip(grouped, pooling(commitments, ["body", "year"], grouped)):
        name, year = group["body"], group["year"]
        per_body[name][year] = ft
        for bucket in (per_year[year], total):
            bucket += ft
        if pool.term_reviews:
            term_years[name].add(year)
        if pool.tuned_reports:
            tuned_years[name].add(year)
        year_kinds[year].update(pool.report_kinds)
        rows.append(
            _row(name, ft, filters, body_id=body_ids.get(name), year=year)
            | {"body": name, "term_review": bool(pool.term_reviews), "tuned": bool(pool.tuned_reports)}
        )

    years = sorted(per_year, reverse=True)
    # The latest year with a real share of its rows assessed (bodies load their next reports over weeks): a year
    # whose next reports are not in, where a person set a few statuses ahead of them, would open the chart on a
    # rate of a handful of rows.
    followed = [year for year in years if per_year[year].assessed * SHARE_SHOWN >= per_year[year].testable > 0]
    assessed_years = [year for year in years if per_year[year].assessed]
    if filters.year in per_year:
        chart_year = filters.year
    else:
        chart_year = (followed or assessed_years or years or [None])[0]
    return {
        # Standing committees' and governments' figures added up: said beside the headline.
        "kinds_pooled": not filters.report_kind and len(
            year_kinds[filters.year] if filters.year in per_year else set().union(*year_kinds.values())
        ) > 1,
        "rows": rows,
        "year_rows": [
            _row(year, per_year[year], filters, year=year)
            | {"term_review": any(year in marked for marked in term_years.values()),
               "tuned": any(year in marked for marked in tuned_years.values())}
            for year in years
        ],
        "total_row": _row(_("All"), total, filters) | {"measured": measured_figures(), "rate_heading": total.rate_heading},
        "per_body": per_body,
        "per_year": per_year,
        "term_years": dict(term_years),
        "tuned_years": dict(tuned_years),
        "body_ids": body_ids,
        "years": years,
        "chart_year": chart_year,
    }


DEADLINE_ROWS = 200  # rows listed per deadline list; the rest are one click away in the ledger


def deadline_lists(filters: DashboardFilters, today=None, *, year: int | None = None) -> list[dict]:
    """What is overdue and what falls due in the next 30 days, per lead unit (units by name, rows without a lead
    unit last), each with the changelist link showing all of it; of the plan ``year`` only when one is given."""
    today = today or timezone.localdate()
    lists = []
    for key, title, condition in (
        ("overdue", _("Overdue"), overdue_q(today)),
        ("due_soon", _("Due within 30 days"), due_soon_q(today)),
    ):
        if year is not None:
            condition &= Q(plan_year=year)
        rows = list(
            filters.apply(Commitment.objects.filter(condition))
            .select_related("lead_unit", "report__body")
            .only("pk", "ordinal", "kind", "action", "text", "object", "due", "due_label", "status", "testable", "lead_unit__name", "report__year",
                  "report__kind", "report__body__name")
            .order_by("due", "report__body__name", "ordinal")[: DEADLINE_ROWS + 1]
        )
        more = len(rows) > DEADLINE_ROWS
        # A unit is a body's own: two bodies' units of one name (区人大城环委) are two units, each named with its body.
        units: dict[tuple[str, str], list] = defaultdict(list)
        for commitment in rows[:DEADLINE_ROWS]:
            units[commitment.lead_unit.name if commitment.lead_unit else "", commitment.report.body.name].append(commitment)
        several = len({body for _name, body in units}) > 1
        groups = [
            {"unit": _unit_label(name, body if several else ""), "rows": units[name, body]}
            for name, body in sorted(units, key=lambda key: (key[0] == "", -len(units[key]), by_pinyin(key[0]), by_pinyin(key[1])))
        ]
        params = {"deadline": key}
        if filters.body is not None:
            params["body"] = filters.body
        if filters.level:
            params[LEVEL_LOOKUP] = filters.level
        if filters.report_kind:
            params[KIND_LOOKUP] = filters.report_kind
        if year is not None:
            params[PlanYearFilter.parameter_name] = year
        lists.append({
            "key": key, "title": title, "count": min(len(rows), DEADLINE_ROWS), "more": more, "units": groups,
            "href": reverse("admin:ledger_commitment_changelist") + "?" + urlencode(params),
        })
    return lists


def _queue_url(**narrowing) -> str:
    query = urlencode({key: value for key, value in narrowing.items() if value is not None})
    return reverse("admin:ledger_review_queue") + (f"?{query}" if query else "")


def _unit_label(name: str, body: str) -> str:
    label = lead_unit_label(name)
    return _("%(unit)s (%(body)s)") % {"unit": label, "body": body} if body else label


def _bar_chart(data: dict, filters: DashboardFilters, labels: dict) -> str:
    year = data["chart_year"]
    bars = []
    for name, by_year in data["per_body"].items():
        ft = by_year.get(year)
        if ft is None or not ft.testable:
            continue
        links = {
            status: changelist_url(filters, body_id=data["body_ids"].get(name), year=year, status=status)
            for status in Status.values
            if ft.counts[status]
        }
        links = {status: href for status, href in links.items() if href}
        said = {"rate": charts.percent(ft.rate), "n": ft.decided_confirmed, "decided": ft.decided}
        if not ft.decided:
            note = _("not assessed yet")
        elif ft.unborne:  # a person's judgement no review bears out: no rate to read
            note = _("%(rate)s done or in part as a person judged them, no review bearing it out: not a follow-through "
                     "rate") % said
        elif ft.decided_confirmed == ft.decided:  # the machine's reading is in none of them (as rate_heading says)
            note = _("%(rate)s done or in part; a person confirmed all %(decided)d") % said
        else:
            note = _("the machine's reading: %(rate)s done or in part; a person confirmed %(n)d of %(decided)d") % said
        bars.append(charts.Bar(label=name, counts=dict(ft.counts), note=note, links=links))
    if year is None:  # no testable row matches the filters: the chart says so, with no year ("None年")
        title, description = _("Testable commitments by status, per body"), ""
    else:
        title = _("Testable commitments by status, per body, plan year %(year)s") % {"year": year}
        description = _(
            "One bar per body; segments count the testable commitments planned for %(year)s by status, "
            "labelled with the follow-through rate and how many of its rows a person confirmed."
        ) % {"year": year}
    return charts.stacked_bars_svg(
        bars,
        title=title,
        description=description,
        labels=labels,
        axis_label=_("testable commitments"),
        empty_text=_("No testable commitments match these filters."),
        chart_id="ledger-bars",
    )


def _charted_rate(ft: FollowThrough) -> float | None:
    """A year's rate as the trend draws it: none until a tenth of its rows are decided."""
    return ft.rate if ft.decided * SHARE_SHOWN >= ft.testable > 0 else None


def _trend_chart(data: dict) -> str:
    sizes = {name: sum(ft.testable for ft in by_year.values()) for name, by_year in data["per_body"].items()}
    largest = sorted(sizes, key=lambda name: (-sizes[name], name))[:TREND_BODIES]
    counted: dict[int, set[str]] = defaultdict(set)  # the bodies each year's overall rate is of
    for name, by_year in data["per_body"].items():
        for year, ft in by_year.items():
            if _charted_rate(ft) is not None:
                counted[year].add(name)
    # A year judged against a term-end review read whole is joined to neither neighbour: its evidence may be of
    # another year of the term, so the change into it or out of it is no trend.
    term_years = data["term_years"]
    apart = lambda years: frozenset(years) | {year + 1 for year in years}  # noqa: E731
    # Nor is a change between a year the rules were written on and one they were not: it is partly the machine's
    # accuracy, which is better on the reports it was tuned on (accuracy.tuned_on).
    tuned_years = data["tuned_years"]
    tuned_of = lambda names, year: frozenset(name for name in names if year in tuned_years.get(name, ()))  # noqa: E731
    every = list(data["per_body"])
    tuned_apart = lambda names, years: frozenset(  # noqa: E731
        year for year in years if tuned_of(names, year) != tuned_of(names, year - 1)
    )
    # Drawn first, under the bodies' lines: a year of one body has the same point on both. Of one body alone it is
    # that body's line, under a name that would read as the whole region: not drawn.
    series = [
        charts.Series(
            label=_("All bodies"), points={year: _charted_rate(ft) for year, ft in data["per_year"].items()}, emphasis=True,
            breaks=frozenset(year for year in counted if counted[year] != counted.get(year - 1))
            | apart(set().union(*term_years.values())) | tuned_apart(every, data["per_year"]),
        )
    ] if len(data["per_body"]) > 1 else []
    series += [
        charts.Series(
            label=name, points={year: _charted_rate(ft) for year, ft in data["per_body"][name].items()},
            breaks=apart(term_years.get(name, ())) | tuned_apart([name], data["per_body"][name]),
        )
        for name in largest
    ]
    marks: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for year in sorted(set().union(*term_years.values())):
        marks[year].append(("※", _("judged against a term-end review read whole")))
    for year in sorted(set().union(*tuned_years.values())):
        marks[year].append(("†", _("a year of reports the machine's rules were written on: its rate reads better than a new report's")))
    return charts.trend_svg(
        series,
        title=_("Follow-through rate per plan year"),
        description=_(
            "Fulfilled or partially fulfilled as a share of the decided testable commitments (needs review left "
            "out), per plan year: one line for each of the largest bodies and one for all bodies together. A line "
            "joins consecutive years only, and the all-bodies line only years that count the same bodies: a change "
            "in which bodies are counted is no trend. A year whose promises were judged against a term-end review "
            "read whole (※) is joined to neither neighbour, nor a year of reports the machine's rules were written on "
            "(†) to a year of others. A year with less than a tenth of its rows decided has no point: its rate would "
            "be of a handful of rows."
        ),
        x_label=_("plan year"),
        y_label=_("follow-through rate, the machine's reading"),
        empty_text=_("No commitment has been assessed yet: no follow-up report is in."),
        chart_id="ledger-trend",
        marked_years=marks,
    )


def dashboard_view(request, admin_site):
    """The admin page. Needs ledger.view_commitment; filters: ?body=, ?level=, ?report_kind=, ?year= (bar chart)."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    filters = DashboardFilters.from_query(request.GET)
    data = dashboard_data(filters)
    labels = dict(Status.choices)
    # A plan year chosen is the year of the headline and the deadline lists too (a year-end meeting asks of one
    # year's promises); the tables and the trend show every year, the chosen one among them.
    year = filters.year if filters.year in data["per_year"] else None
    term_years = set().union(*data["term_years"].values())
    headline = data["total_row"] if year is None else _row(year, data["per_year"][year], filters, year=year) | {
        "measured": data["total_row"]["measured"]
    }

    def to_look_at(status: str) -> str:
        """Where the headline sends a person to look at rows of ``status``: the queue, narrowed as the dashboard is
        (a body, a plan year); the queue does not narrow by level or report kind: then the rows it counts, listed."""
        if filters.level or filters.report_kind:
            return changelist_url(filters, year=year, status=status)
        return _queue_url(body=filters.body, year=year)

    context = {
        **admin_site.each_context(request),
        "title": _("Follow-through dashboard"),
        "filters": filters,
        "level_choices": Level.choices,
        # The bodies with reports, of the level chosen, for the body filter.
        "body_choices": sorted(
            Body.objects.filter(reports__isnull=False, **({"level": filters.level} if filters.level else {}))
            .distinct().values_list("pk", "name"),
            key=lambda body: by_pinyin(body[1]),
        ),
        "report_kind_choices": ReportKind.choices,
        "statuses": [
            {"value": value, "label": label, "colour": charts.STATUS_COLOURS[value], "text_colour": charts.STATUS_TEXT_COLOURS[value]}
            for value, label in Status.choices
        ],
        "bar_chart": mark_safe(_bar_chart(data, filters, labels)),  # escaped by charts
        "trend_chart": mark_safe(_trend_chart(data)),
        "changelist_url": changelist_url(filters),
        "review_queue_url": to_look_at(Status.NEEDS_REVIEW),
        # Where no row needs a look, the machine's own 未见报告 still ask for one: the queue lists them next (a report's
        # page and its print send them to review_queue_url, the same queue).
        "not_reported_url": to_look_at(Status.NOT_REPORTED),
        "deadline_lists": deadline_lists(filters, year=year),
        "headline": headline,
        "year": year,
        # A plan year chosen that these filters have no task of (the body changed since): said, not silently all years.
        "year_dropped": filters.year if filters.year is not None and year is None else None,
        "one_body": len(data["per_body"]) == 1,
        # The note on term-end reviews under the headline: of its year where that year is one, of the years marked ※
        # where the headline adds up every year (it stood under a year reviewed on its own too).
        "term_note": ("year" if year in term_years else None) if year is not None else ("marked" if term_years else None),
        # The reports under the headline the rules were tuned on, named (as a report's page says of its own).
        "tuned": "、".join(
            f"{name} {tuned}" for name, years in sorted(data["tuned_years"].items()) for tuned in sorted(years)
            if year is None or tuned == year
        ),
        **{key: data[key] for key in ("rows", "year_rows", "total_row", "years", "chart_year", "kinds_pooled")},
    }
    request.current_app = admin_site.name
    return TemplateResponse(request, TEMPLATE, context)
