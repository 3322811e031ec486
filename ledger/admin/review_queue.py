"""The review queue (待人工核验队列): the statuses a person's look would change most, first.

Served by the commitment admin at /admin/ledger/commitment/review-queue/ (``admin:ledger_review_queue``).
It lists the commitments a person flagged 待人工核验 first (general direction too: a person asked for the look) (and those a person left 推进中 or 待回顾
whose year is over since, selectors.plan_year_over: what the review says is to be recorded; and those whose status
a person set before the next report came in and its review disagrees with, Commitment.review_disagrees), in each
report's order; then those whose status only the machine proposed and that say the task was not done: needs_review
(those whose review says the task was put off or cancelled first: a look makes them 未实施), then not_reported; within each, by how close the review came to reporting the task, as the machine measured it when
it decided (the score of the passage the status rests on; where the review is silent, one less the confidence that
it is): the closer, the likelier a look changes the status. Each row shows that passage and its score. ``?report=``
narrows it to one report.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import QueryDict
from django.db.models import Case, Count, F, FloatField, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..collation import by_pinyin
from ..numbers import positive_int
from ..models import Body, Commitment, Decision, Evidence, Origin, Report, Status, Unit, Verdict
from ..rules import CONFIRMED_RULE, SAID_NOT_DONE_RULE
from ..pipeline.link import CLOSE_CANDIDATES
from ..selectors import DECIDED, NOT_ASSESSED, best_candidate, decisive_evidence, follow_up_of, plan_year_over_q
from .why import status_why

PERMISSION = "ledger.view_commitment"
TEMPLATE = "admin/ledger/commitment/review_queue.html"
PER_PAGE = 50
QUEUED = (Status.NEEDS_REVIEW, Status.NOT_REPORTED)


def review_queue(
    report_id: int | None = None, *, body_id: int | None = None, plan_year: int | None = None, lead_unit_id: int | None = None
):
    """The queued commitments, in queue order, each with ``closeness`` and its evidence not rejected (``stored``); of
    one report, one body, one plan year or one lead unit where given."""
    queryset = (
        Commitment.objects.filter(
            Q(status_origin=Origin.STAFF, status=Status.NEEDS_REVIEW)  # a person's flag, whatever the row
            | Q(
                Q(status_origin=Origin.AUTO, status__in=QUEUED)
                | Q(plan_year_over_q(), status_origin=Origin.STAFF, status__in=NOT_ASSESSED)
                | Q(status_origin=Origin.STAFF, status__in=DECIDED, review_disagrees=True),
                testable=True,
            )
        )
        .exclude(status_rule=CONFIRMED_RULE)
        .select_related("report__body")
        .defer("report__raw_text", "report__text")
        .annotate(
            closeness=Case(
                When(status_rule="status.silent", then=Value(1.0) - F("status_confidence")),
                default=F("status_confidence"),
                output_field=FloatField(),
            ),
            queue_group=Case(
                When(status_origin=Origin.STAFF, then=Value(0)),
                When(status_rule=SAID_NOT_DONE_RULE, then=Value(1)),
                When(status=Status.NEEDS_REVIEW, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            ),
        )
        .order_by("queue_group", F("closeness").desc(nulls_last=True), "report", "ordinal")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.exclude(decision=Decision.REJECTED), to_attr="stored")
        )
    )
    if report_id is not None:
        queryset = queryset.filter(report_id=report_id)
    if body_id is not None:
        queryset = queryset.filter(report__body_id=body_id)
    if plan_year is not None:
        queryset = queryset.filter(plan_year=plan_year)
    if lead_unit_id is not None:
        queryset = queryset.filter(lead_unit_id=lead_unit_id)
    return queryset


# What narrows the queue: its parameters, as the page's links and the place kept for a task's page carry them.
NARROWING = ("report", "body", "year", "lead_unit")


def _narrowed(place: dict) -> QuerySet:
    """The queue narrowed as ``place`` (the page's parameters, or the place kept in the session) says."""
    report, body, year, unit = (positive_int(str(place.get(key) or "")) for key in NARROWING)
    return review_queue(report, body_id=body, plan_year=year, lead_unit_id=unit)


# session: the queue pages shown lately, by their key (the page's query: its narrowing and page number), latest last:
# {"report", "url", "ids": its tasks in order, then the next page's first}. Each tab's page is its own: a task's link
# names the page it was opened from (?place=), so a second tab on another unit's queue does not move the first.
QUEUE_PLACES = "ledger_queue_places"
QUEUE_PLACES_KEPT = 10
QUEUE_TASKS = "ledger_queue_tasks"  # session: [task, its queue page] opened from it lately (several tabs), latest last
QUEUE_TASKS_KEPT = 20


def from_queue(place_key: str) -> str:
    """The query of a task's link from the queue page ``place_key``."""
    return urlencode({"from": "queue", "place": place_key})


def _place_opened(request) -> dict | None:
    """The queue page a task's link was followed from: the one it names (among the pages shown lately, or those the
    tasks opened lately were opened from), none if it names one no longer kept; a link naming none (an earlier
    version's) was followed from the page shown last."""
    places = request.session.get(QUEUE_PLACES)
    places = places if isinstance(places, dict) else {}
    key = request.GET.get("place")
    if key is None:
        return list(places.values())[-1] if places else None
    if key in places:
        return places[key]
    kept = (entry[1] for entry in request.session.get(QUEUE_TASKS, []) if isinstance(entry, list) and len(entry) == 2)
    found = next((place for place in kept if isinstance(place, dict) and place.get("key") == key), None)
    # A link from the queue opened in another session (sent to a colleague, opened next day): its page, read again.
    return found if found is not None else _place_read_again(key)


def _place_read_again(key: str) -> dict | None:
    """The queue page a task's link names (``place``: its narrowing and page number), as the queue shows it now; None
    for a place that is no queue page's (every one names its page number)."""
    query = QueryDict(key)
    if positive_int(query.get("p", "")) is None:
        return None
    narrowing = {name: value for name in NARROWING if (value := positive_int(query.get(name, ""))) is not None}
    queue = _narrowed(narrowing).prefetch_related(None).values_list("pk", flat=True)
    page = Paginator(queue, PER_PAGE).get_page(query.get("p"))
    return _place(narrowing, page.number, list(page) + list(queue[page.end_index() : page.end_index() + 1]))


def _place(narrowing: dict, number: int, ids: list[int]) -> dict:
    """A queue page as a task's page finds its way back and on: its narrowing, key (the page's query), URL, and its
    tasks in order, then the next page's first."""
    key = urlencode({**narrowing, "p": number})
    return {**narrowing, "key": key, "url": f"{reverse('admin:ledger_review_queue')}?{key}", "ids": ids}


def queue_return(request, commitment) -> dict | None:
    """For a task's page opened from the queue (and while it stays open, through the redirects of its forms): the
    link back to the queue page the person was on, and to the task after this one on that page (else the queue's
    first other task)."""
    own = reverse("admin:ledger_commitment_change", args=[commitment.pk])
    # Each task opened from the queue keeps the queue page it was opened from (tabs on different pages).
    kept = [entry for entry in request.session.get(QUEUE_TASKS, []) if isinstance(entry, list) and len(entry) == 2]
    tasks = [[pk, place] for pk, place in kept if pk != commitment.pk]
    opened = _place_opened(request) if request.GET.get("from") == "queue" else None
    if opened is not None:
        request.session[QUEUE_TASKS] = [*tasks, [commitment.pk, opened]][-QUEUE_TASKS_KEPT:]
    elif urlsplit(request.META.get("HTTP_REFERER", "")).path != own:
        request.session[QUEUE_TASKS] = tasks  # opened another way (the ledger's list): no step of the queue
    place = next((place for pk, place in request.session.get(QUEUE_TASKS, []) if pk == commitment.pk), None)
    if not isinstance(place, dict) or "url" not in place:
        return None
    queue = _narrowed(place).prefetch_related(None).exclude(pk=commitment.pk)
    shown = [pk for pk in place.get("ids", []) if isinstance(pk, int)]
    after = shown[shown.index(commitment.pk) + 1 :] if commitment.pk in shown else []
    still = set(queue.filter(pk__in=after).values_list("pk", flat=True)) if after else set()
    following = next((pk for pk in after if pk in still), None) or queue.values_list("pk", flat=True).first()
    next_query = from_queue(place.get("key", ""))
    return {
        "url": place["url"],
        "next": reverse("admin:ledger_commitment_change", args=[following]) + f"?{next_query}" if following else "",
    }


def queue_passage(commitment) -> Evidence | None:
    """The passage the status rests on: a mention named but said nothing of, else the closest candidate that may
    speak of the task (the one named verbatim, where that decided); its score is the row's closeness. Candidates
    found to speak of something else decided nothing and are not shown (the task's page lists them)."""
    decisive = decisive_evidence(commitment.stored)
    if decisive is not None:
        return decisive
    close = [e for e in commitment.stored if e.rule in CLOSE_CANDIDATES]
    if commitment.status_rule == "status.named_verbatim":
        close = [e for e in close if e.rule == "candidate.named"] or close
    return best_candidate(close)


def mark_words(text: str, words) -> str:
    """``text`` escaped, each occurrence of the words marked (the longest word first where they overlap)."""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return escape(text)
    pieces = re.split("(" + "|".join(map(re.escape, words)) + ")", text)
    # re.split with one group: the words found sit at the odd indexes.
    return mark_safe("".join(
        f'<mark class="ledger-mark ledger-evidence ledger-candidate">{escape(piece)}</mark>' if i % 2 else escape(piece)
        for i, piece in enumerate(pieces)
    ))


def review_queue_view(request, admin_site):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    pk = positive_int(request.GET.get("report", ""))
    report = Report.objects.filter(pk=pk).select_related("body").first() if pk is not None else None
    pk = positive_int(request.GET.get("body", ""))
    body = Body.objects.filter(pk=pk).first() if pk is not None and report is None else None
    year = positive_int(request.GET.get("year", "")) if report is None else None
    # A unit's staff work through the tasks their unit leads: a unit of the report's or the body's body (a unit alone
    # names its body). One that names none of them narrows nothing, and the page says so.
    owner = report.body_id if report else body.pk if body else None
    asked = request.GET.get("lead_unit", "").strip()
    pk = positive_int(asked)
    unit = Unit.objects.filter(pk=pk).select_related("body").first() if pk is not None else None
    # From the page's picker (?picker=1), another body or every body chosen leaves the unit of the body before behind.
    picked = request.GET.get("picker") == "1" and report is None
    if unit is not None and picked and unit.body_id != owner:
        asked, unit = "", None
    if unit is not None and owner is not None and unit.body_id != owner:
        unit = None
    if unit is not None and owner is None:
        owner = unit.body_id
    # What was asked is said back only as the id it should be (a NUL or a page of text is no id to repeat).
    unit_refused = (asked if asked.isascii() and asked.isdigit() and len(asked) <= 12 else "…") if asked and unit is None else ""
    # The picker offers the units that lead a task of the report (or the body): an assisting unit's queue is empty.
    leading = Unit.objects.filter(body_id=owner).filter(
        Q(led_commitments__report=report) if report else Q(led_commitments__isnull=False)
    ).distinct()
    units = sorted(leading, key=lambda u: by_pinyin(u.name)) if owner is not None else []
    if unit is not None and unit not in units:
        units = [unit, *units]
    # Only what names something narrows (an unknown report, body or unit is no filter, as before).
    narrowing = {
        "report": report.pk if report else None, "body": body.pk if body else None, "year": year,
        "lead_unit": unit.pk if unit else None,
    }
    narrowing = {key: value for key, value in narrowing.items() if value is not None}
    queue = _narrowed(narrowing)
    counts = queue.order_by().aggregate(
        needs_review=Count("id", filter=Q(status=Status.NEEDS_REVIEW)),
        not_reported=Count("id", filter=Q(status=Status.NOT_REPORTED, status_origin=Origin.AUTO)),
        plan_year_over=Count("id", filter=Q(status__in=NOT_ASSESSED)),
        contradicted=Count("id", filter=Q(status__in=DECIDED, status_origin=Origin.STAFF)),
    )
    paginator = Paginator(queue, PER_PAGE)
    paginator.count = sum(counts.values())  # the headline's counts add up to the queue's rows: no second count
    page = paginator.get_page(request.GET.get("p"))
    # Where a person working the queue comes back to from a task's page (queue_return), with the page they were on.
    # The next page's first task follows the page's last.
    following = queue.prefetch_related(None).values_list("pk", flat=True)[page.end_index() : page.end_index() + 1]
    place = _place(narrowing, page.number, [commitment.pk for commitment in page] + list(following))
    key = place["key"]
    places = request.session.get(QUEUE_PLACES)
    places = {k: v for k, v in places.items() if k != key} if isinstance(places, dict) else {}
    places[key] = place
    request.session[QUEUE_PLACES] = dict(list(places.items())[-QUEUE_PLACES_KEPT:])
    task_query = from_queue(key)
    rows = []
    follow_ups = {}  # by report: a page holds the tasks of a few reports
    for commitment in page:
        if commitment.report_id not in follow_ups:
            follow_ups[commitment.report_id] = follow_up_of(commitment.report)
        best = queue_passage(commitment)
        matched = (best.rule_detail or {}).get("matched") or [] if best else []
        rows.append({
            "commitment": commitment,
            "href": reverse("admin:ledger_commitment_change", args=[commitment.pk]) + f"?{task_query}",
            "candidate": best,
            "candidate_html": mark_words(best.text, matched) if best else "",
            "matched": "、".join(matched),
            "why": status_why(
                commitment, decisive=decisive_evidence(commitment.stored),
                candidate=best if best is not None and best.verdict == Verdict.CANDIDATE else None,
                year_over=commitment.status in NOT_ASSESSED,  # queued only once the year is over
                evidence=commitment.stored, follow_up=follow_ups[commitment.report_id],
            ),
        })
    # Narrowed to a unit without a report: that unit's handout of each report (of the year asked) it leads tasks of.
    unit_ledgers = [] if unit is None or report is not None else [
        (r, reverse("admin:ledger_report_ledger", args=[r.pk]) + f"?lead_unit={unit.pk}")
        for r in Report.objects.filter(commitments__lead_unit=unit, **({"year": year} if year else {}))
        .distinct().order_by("-year", "kind")
    ]
    context = {
        **admin_site.each_context(request),
        "opts": Commitment._meta,
        "unit_ledgers": unit_ledgers,
        "title": _("Review queue"),
        "report": report,
        "body": body,
        "year": year,
        "unit": unit,
        "units": units,
        "unit_refused": unit_refused,
        # Opened from the index, the queue of every body: a picker of the bodies narrows it to one, then to a unit; the
        # picker's form keeps the rest of the narrowing.
        "bodies": sorted(Body.objects.filter(reports__isnull=False).distinct(), key=lambda b: by_pinyin(b.name))
        if report is None else [],
        "kept": {key: value for key, value in narrowing.items() if key not in ("lead_unit", "body")},
        "narrowing": urlencode(narrowing),
        "rows": rows,
        "page": page,
        "counts": counts,
    }
    request.current_app = admin_site.name
    return TemplateResponse(request, TEMPLATE, context)
