"""Tasks staff add to a report's ledger by hand: one assigned during the year (区委交办), or a deliverable the
extraction left inside another row, set out on its own. Such a task is in no sentence of the report: it sits at
the place of the numbered part it was added to (so that the ledger groups and prints it there), the machine links
it to the next review as it links any task, and a replace of the report keeps it as it is. Its offsets span the
first character of that place (a row spans at least one), which no reading of the text marks as its own."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..models import Commitment, CommitmentKind, Origin, Report, SectionKind
from ..pipeline.extract.categories import category_of
from ..pipeline.normalise import visible
from ..pipeline.types import Part
from ..rules import ADDED_RULE

TASK_MAX = Commitment._meta.get_field("object").max_length
# The kinds a person may give a task: all but general direction, which the machine neither links nor judges.
ADDABLE_KINDS = [(value, label) for value, label in CommitmentKind.choices if value != CommitmentKind.GENERAL]


def task_parts(report: Report) -> list[dict]:
    """The numbered parts (level 1) of the report's tasks sections, in order: where a task may be added."""
    sections = report.sections.filter(kind=SectionKind.TASKS).order_by("ordinal")
    return [part for section in sections for part in section.parts if part["level"] == 1]


def staff_task_place(report: Report, part: str) -> int:
    """The offset a task added to ``part`` sits at: its part's heading, else the last character of the tasks section
    (of the text when there is none)."""
    parts = task_parts(report)
    chosen = next((p for p in parts if p["number"] == part), None) if part else None
    if chosen is not None:
        return chosen["start"]
    tasks = report.sections.filter(kind=SectionKind.TASKS).order_by("-ordinal").first()
    end = tasks.end if tasks is not None else len(report.text)
    return max(end - 1, 0)


@transaction.atomic
def commitment_add(*, report: Report, user, text: str, kind: str, part: str = "", promised: bool = True) -> Commitment:
    """A task added by hand to ``report``'s ledger, after its other rows. ``promised``: a deliverable the report
    promises (one the ledger left inside another row), linked to the next review and counted in the rates as any
    task is; else a task given during the year, tracked by hand and in no rate of the report's promises (as a row of
    general direction a person keeps)."""
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
    heading = parts[part]["heading"] if part else ""
    place = staff_task_place(report, part)
    ordinal = (report.commitments.aggregate(last=Max("ordinal"))["last"] or 0) + 1
    commitment = Commitment(
        report=report, ordinal=ordinal, kind=kind,
        category=category_of(kind, (Part(part, 1, heading, place, place + 1),) if part else ()),
        object=text, text=text, sentence=text, start=place, end=place + 1, sentence_start=place, sentence_end=place + 1,
        part=part, part_heading=heading, plan_year=report.year, testable=promised, rule=ADDED_RULE, origin=Origin.STAFF,
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
    commitment._change_reason = _("task added by staff taken out")
    commitment.delete()


def staff_tasks_placed(report: Report) -> None:
    """After a replace: the tasks staff added, after the report's own rows and at their parts' new places."""
    added = list(report.commitments.filter(origin=Origin.STAFF).order_by("ordinal"))
    if not added:
        return
    last = report.commitments.exclude(origin=Origin.STAFF).aggregate(last=Max("ordinal"))["last"] or 0
    for commitment in added:  # out of the way of the report's own ordinals first (they are unique per report)
        commitment.ordinal += 10**6
    Commitment.objects.bulk_update(added, ["ordinal"])
    for number, commitment in enumerate(added, start=last + 1):
        place = staff_task_place(report, commitment.part)
        commitment.ordinal = number
        commitment.start = commitment.sentence_start = place
        commitment.end = commitment.sentence_end = place + 1
    Commitment.objects.bulk_update(added, ["ordinal", "start", "end", "sentence_start", "sentence_end"])
