"""One report's ledger as staff read and print it (/admin/ledger/report/<id>/ledger/, ``admin:ledger_report_ledger``).

The testable rows grouped by the numbered parts of the report's tasks sections, in the report's own order (the
text's: 一 二 三 …, inside each （一）（二）…, and the rows outside any numbered part where the text has them), each group under its headings with its counts per status; the
general-direction sentences of a group folded away; units, deadline, every progress entry, status with its note, and
the follow-up's passage the status rests on, per row; the tasks by lead unit (selectors.lead_unit_summary): a document
to hand over. ``?lead_unit=`` (the ledger list's parameter) makes it one unit's handout, named in its title. The page's
print stylesheet (ledger.css, @media print) prints the ledger and nothing else, a part's folded general direction as
its one line (how many sentences).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exports import against_person, decided_by, status_text
from ..messages import notice_messages
from ..models import Commitment, Origin, Progress, SectionKind, Status, Unit
from ..numbers import positive_int
from ..parts import part_key
from ..selectors import (
    DECIDED, FollowThrough, decisive_evidence, is_confirmed, is_overdue, lead_unit_label, lead_unit_summary, report_summary,
    usable_evidence,
)
from .commitments import due_text
from .dashboard import headline
from .unit_table import unit_table

TEMPLATE = "admin/ledger/report/ledger.html"


@dataclass
class Heading:
    level: int
    number: str
    heading: str


@dataclass
class Group:
    key: tuple
    path: list[Heading]
    opens: list[Heading] = field(default_factory=list)  # the headings this group shows (not shown by the one before)
    rows: list = field(default_factory=list)
    general: list = field(default_factory=list)
    follow_through: FollowThrough = field(default_factory=FollowThrough)

    @property
    def counts(self) -> dict:
        return self.follow_through.counts

    @property
    def anchor(self) -> str:
        return "part-" + "-".join(h.number for h in self.path) if self.path else "part-none"


def _chain(parts: list[dict], offset: int) -> list[Heading]:
    """The numbered parts holding ``offset``, outermost first."""
    holding = [p for p in parts if p["start"] <= offset < p["end"]]
    return [Heading(p["level"], p["number"], p["heading"]) for p in sorted(holding, key=lambda p: (p["level"], p["start"]))]


def report_ledger(report, today=None, lead_unit=None) -> list[Group]:
    """The report's commitments grouped by numbered part, in the report's order; with ``lead_unit``, that unit's only."""
    today = today or timezone.localdate()
    sections = list(report.sections.filter(kind=SectionKind.TASKS).order_by("ordinal"))
    commitments = _of_unit(report, lead_unit)
    commitments = (
        commitments.select_related("lead_unit")
        .prefetch_related(
            "partner_links__unit",
            Prefetch("progress", queryset=Progress.objects.order_by("-date", "-created_at")),
            Prefetch("evidence", queryset=usable_evidence().order_by("-score", "start", "pk"), to_attr="usable_evidence"),
        )
        .only(
            "pk", "ordinal", "kind", "action", "text", "object", "start", "part", "testable", "status", "status_confidence",
            "status_note", "due", "due_label", "lead_unit__name", "report_id", "plan_year", "status_origin", "status_rule",
            "origin",
        )
        .order_by("ordinal")
    )
    groups: dict[tuple, Group] = {}
    for commitment in commitments:
        section = next((s for s in sections if s.start <= commitment.start < s.end), None)
        path = _chain(section.parts, commitment.start) if section else []
        if commitment.origin == Origin.STAFF:  # in no sentence: under the part it was added to, if any, as the list says
            path = path[:1] if commitment.part and path and path[0].number == commitment.part else []
            section = section if path else None
        key = (section.ordinal if section else 0, *(part_key(h.number) for h in path))
        group = groups.setdefault(key, Group(key=key, path=path))
        commitment.overdue = is_overdue(commitment, today)
        commitment.due_shown = due_text(commitment)
        commitment.status_shown = status_text(commitment)
        commitment.decided_by = decided_by(commitment)  # a machine's 未见报告 does not pass for a person's, row by row
        # What the director asks beside the status: the follow-up's words it rests on.
        commitment.decisive = decisive_evidence(commitment.usable_evidence)
        commitment.decisive_against = against_person(commitment.decisive, commitment)
        if commitment.testable:
            group.rows.append(commitment)
            group.follow_through.add(commitment.status, 1, is_confirmed(commitment))
        elif _kept_by_staff(commitment):
            group.rows.append(commitment)  # general direction a person keeps track of: printed, in no count
        else:
            group.general.append(commitment)
    # In the text's order (the rows come by ordinal): the rows after the last numbered part (民族, 国防, 外交 …) last,
    # not first as their shorter key would sort them.
    ordered = list(groups.values())
    shown: list[Heading] = []
    for group in ordered:
        same = 0
        while same < min(len(shown), len(group.path)) and shown[same] == group.path[same]:
            same += 1
        group.opens = group.path[same:]
        shown = group.path
    return ordered


def _kept_by_staff(commitment) -> bool:
    """A row of general direction a person keeps in the 台账: a unit, a deadline, progress, or a status of theirs."""
    return bool(
        commitment.lead_unit_id or commitment.due_label or commitment.progress.all() or is_confirmed(commitment)
        or commitment.decisive
    )


def _badges(ft: FollowThrough) -> list[tuple]:
    """(status, label, count, how many of them a person confirmed or None) for each status present: a decided
    count says how much of it is the machine's word alone."""
    return [
        (value, label, ft.counts[value], ft.confirmed[value] if value in DECIDED else None)
        for value, label in Status.choices
        if ft.counts[value]
    ]


class NoLeadUnit:
    """The handout of the tasks no unit leads yet (?has_lead_unit=no, the ledger list's parameter): to hand to whoever
    assigns them."""

    pk = None

    @property
    def name(self) -> str:
        return lead_unit_label(None)


def _of_unit(report, unit: Unit | NoLeadUnit | None):
    """The report's commitments; with ``unit``, those it leads only (one unit's handout), or those no unit leads."""
    if unit is None:
        return report.commitments.all()
    return report.commitments.filter(lead_unit=None) if isinstance(unit, NoLeadUnit) else report.commitments.filter(lead_unit=unit)


def _lead_unit(request, report) -> Unit | NoLeadUnit | None:
    """The unit ?lead_unit= names (the ledger list's parameter), one of the report's body, or the tasks with none
    (?has_lead_unit=no); None without either."""
    if request.GET.get("has_lead_unit") == "no":
        return NoLeadUnit()
    value = request.GET.get("lead_unit", "")
    if not value:
        return None
    pk = positive_int(value)
    unit = Unit.objects.filter(pk=pk, body_id=report.body_id).first() if pk is not None else None
    if unit is None:
        raise Http404(_("No unit of %(body)s has the id %(id)s.") % {"body": report.body.name, "id": value})
    return unit


def report_ledger_view(request, admin_site, report):
    if not request.user.has_perm("ledger.view_commitment"):
        raise PermissionDenied
    unit = _lead_unit(request, report)
    groups = report_ledger(report, lead_unit=unit)
    summary = report_summary(report)
    units = lead_unit_summary(_of_unit(report, unit))
    # One unit's handout counts that unit's tasks; the whole 台账 the report's (the total of its table by unit).
    overall = summary.overall if unit is None else units.total.follow_through
    for group in groups:
        group.badges = _badges(group.follow_through)
    title = _("Ledger of %(report)s") % {"report": report}
    if unit is not None:
        title = _("%(ledger)s, lead unit %(unit)s") % {"ledger": title, "unit": unit.name}
    narrowed = {} if unit is None else {"has_lead_unit": "no"} if isinstance(unit, NoLeadUnit) else {"lead_unit": unit.pk}
    list_url = reverse("admin:ledger_commitment_changelist") + "?" + urlencode({"report": report.pk, **narrowed})
    # The queue narrows to a unit, not to the tasks no unit leads: their handout's look link is the list of those
    # waiting for a look, so that it counts what the handout's headline counts.
    queue_url = (
        f"{list_url}&{urlencode({'status__exact': Status.NEEDS_REVIEW})}" if isinstance(unit, NoLeadUnit)
        else reverse("admin:ledger_review_queue") + "?" + urlencode({"report": report.pk, **narrowed})
    )
    context = {
        **admin_site.each_context(request),
        "title": title,
        "report": report,
        "lead_unit": unit,
        "groups": groups,
        "summary": summary,
        "overall_badges": _badges(overall),
        # The follow-through rate as the report's page says it, with what a person confirmed and how far to trust the
        # machine: a printed 台账 is handed on, and a rate without them would be read as the office's word.
        "summary_headline": headline(overall, report.kind),
        "review_notices": notice_messages(summary.review_notices),
        "unit_table": unit_table(report, units, total=unit is None),
        "list_url": list_url,
        # One unit's handout asks that unit's staff to look at their own tasks (and at the machine's 未见报告 of them).
        "review_queue_url": queue_url,
        # The rows the counts are of; the rows of general direction staff keep are printed too, in no count.
        "testable": sum(1 for g in groups for c in g.rows if c.testable),
        "kept_general": sum(1 for g in groups for c in g.rows if not c.testable),
        "general": sum(len(g.general) for g in groups),
        "overdue": sum(1 for g in groups for c in g.rows if c.overdue),
        "printed_at": timezone.localtime(),
        "opts": Commitment._meta,
    }
    request.current_app = admin_site.name
    return TemplateResponse(request, TEMPLATE, context)
