"""Tasks staff add to a report's ledger by hand: one assigned during the year (区委交办), or a deliverable the
extraction left inside another row, set out on its own. Such a task is in no sentence of the report: the ledger
groups and prints it under the numbered part it was added to, the machine links it to the next review as it links
any task, and a replace of the report keeps it. Its offsets span one character of its part's place (a row spans at
least one), which no reading of the text marks as its own."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils.translation import gettext as _

from .. import deletions
from ..models import Commitment, CommitmentKind, Origin, Report, SectionKind
from ..pipeline.extract.categories import category_of
from ..pipeline.normalise import visible
from ..pipeline.types import Part
from ..rules import ADDED_RULE
from .bulk import history_copy, objects_update

TASK_MAX = Commitment._meta.get_field("object").max_length
HEADING_MAX = Commitment._meta.get_field("part_heading").max_length
# The kinds a person may give a task: all but general direction, which the machine neither links nor judges.
ADDABLE_KINDS = [(value, label) for value, label in CommitmentKind.choices if value != CommitmentKind.GENERAL]


def task_parts(report: Report) -> list[dict]:
    """The numbered parts of the report's tasks sections, in order: where a task may be added. The sections' own
    (level 1), and the parts the report's tasks are filed under besides (a government report's （一）…（九）, read
    within its part 三), each placed at its first task."""
    sections = report.sections.filter(kind=SectionKind.TASKS).order_by("ordinal")
    parts = [part for section in sections for part in section.parts if part["level"] == 1]
    known = {part["number"] for part in parts}
    filed = (  # the report's own rows: a part a replace took out of the text is none, whatever staff filed under it
        report.commitments.filter(origin=Origin.AUTO).exclude(part__in=[*known, ""]).values("part").annotate(start=Min("start"), heading=Max("part_heading"))
        .order_by("start")
    )
    parts += [{"number": row["part"], "heading": row["heading"], "start": row["start"], "level": 2} for row in filed]
    return sorted(parts, key=lambda part: part["start"])


def _place(part: dict | None, end: int) -> int:
    """The offset a task added to ``part`` sits at: its part's heading, else ``end`` (_end_place). The ledger groups
    such a task by its part, not by this place."""
    return part["start"] if part is not None else end


def _end_place(report: Report) -> int:
    """The last character of the tasks section (of the text when there is none)."""
    tasks = report.sections.filter(kind=SectionKind.TASKS).order_by("-ordinal").first()
    end = tasks.end if tasks is not None else len(report.text)
    return max(end - 1, 0)


@transaction.atomic
def commitment_add(*, report: Report, user, text: str, kind: str, part: str = "") -> Commitment:
    """A task added by hand to ``report``'s ledger, after its other rows: tracked, linked to the next review and
    counted as any task is (its ``origin`` says it was added: ?origin=auto leaves such tasks out of a list or a
    rate)."""
    report = Report.objects.select_for_update().get(pk=report.pk)  # two people adding at once: one ordinal each
    text = visible(text or "")
    if not text:
        raise ValidationError({"text": _("A task needs its words.")})
    if len(text) > TASK_MAX:
        raise ValidationError({"text": _("A task is at most %(n)d characters.") % {"n": TASK_MAX}})
    if kind not in dict(ADDABLE_KINDS):
        raise ValidationError({"kind": _("Choose the kind of task.")})
    parts = {p["number"]: p for p in task_parts(report)}
    if part and part not in parts:
        raise ValidationError({"part": _("The report's tasks have no part %(part)s.") % {"part": part}})
    # A task set out twice (from a sentence of general direction, by two people) would be counted twice.
    if same := report.commitments.filter(testable=True, text=text).order_by("ordinal").first():
        raise ValidationError({"text": _("The report has this task already: #%(ordinal)d.") % {"ordinal": same.ordinal}})
    heading = parts[part]["heading"][:HEADING_MAX] if part else ""
    place = _place(parts.get(part), _end_place(report))
    ordinal = (report.commitments.aggregate(last=Max("ordinal"))["last"] or 0) + 1
    commitment = Commitment(
        report=report, ordinal=ordinal, kind=kind,
        category=category_of(kind, (Part(part, 1, heading, place, place + 1),) if part else ()),
        object=text, text=text, sentence=text, start=place, end=place + 1, sentence_start=place, sentence_end=place + 1,
        part=part, part_heading=heading, plan_year=report.year, testable=True, rule=ADDED_RULE, origin=Origin.STAFF,
    )
    commitment.full_clean()
    commitment._history_user = user
    commitment._change_reason = _("task added by staff")
    commitment.save()
    from .linking import commitments_link  # linking imports the services that import this module

    commitments_link(report=report)
    commitment.refresh_from_db()
    return commitment


@transaction.atomic
def commitment_remove(*, commitment: Commitment, user) -> None:
    """Take out a task staff added (one added by mistake); the report's own tasks are never taken out by hand."""
    if commitment.origin != Origin.STAFF:
        raise ValidationError(_("Only a task staff added can be taken out; the report's own tasks stay."))
    commitment._history_user = user
    commitment._change_reason = deletions.reason("removed_by_staff")
    commitment.delete()


def staff_tasks_placed(report: Report) -> None:
    """After a replace (which moved them out of the way of its rows' ordinals): the tasks staff added, numbered after
    the report's own rows, at their parts' new places with the parts' new headings (a part the text no longer has is
    none); their history says so."""
    added = list(report.commitments.filter(origin=Origin.STAFF).order_by("ordinal"))
    if not added:
        return
    parts = {part["number"]: part for part in task_parts(report)}
    last = report.commitments.exclude(origin=Origin.STAFF).aggregate(last=Max("ordinal"))["last"] or 0
    end = _end_place(report)  # once for all of them
    for number, commitment in enumerate(added, start=last + 1):
        if commitment.part not in parts:
            commitment.part = commitment.part_heading = ""
        else:
            commitment.part_heading = parts[commitment.part]["heading"][:HEADING_MAX]
        place = _place(parts.get(commitment.part), end)
        commitment.ordinal = number
        commitment.start = commitment.sentence_start = place
        commitment.end = commitment.sentence_end = place + 1
        commitment._change_reason = _("a task staff added, placed after the replaced report's tasks")
    objects_update(Commitment, added, ["ordinal", "part", "part_heading", "start", "end", "sentence_start", "sentence_end"])
    history_copy(Commitment, added, update=True)
