"""Undo a 台账 import: each task it changed is given back what it had before, column by column, where nothing changed
since the import. A column a colleague (or the machine) changed since keeps its value and is named, never overwritten.

sheet_apply records an import (SheetImport) with each task's columns before and after it (columns) and the progress
entries it added or corrected; undo_steps says what undoing it would do, sheet_import_undo does it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from ..messages import last_changed_by
from ..models import Commitment, Origin, Progress, SheetImport
from .decisions import commitment_lock, commitment_set_status
from .ledger import commitment_ledger_update, partner_ids, progress_delete, progress_update

# The columns an import sets, by what a person sees change together.
GROUPS = {
    "units": ("lead_unit", "partner_units"),
    "due": ("due", "due_label"),
    "status": ("status", "status_origin", "status_note"),
}
GROUP_LABELS = {
    "units": gettext_lazy("units"), "due": gettext_lazy("deadline"), "status": gettext_lazy("status"),
    "progress": gettext_lazy("progress"),
}


def columns(commitment: Commitment) -> dict:
    """The columns of a task an import sets, as JSON keeps them."""
    return {
        "lead_unit": commitment.lead_unit_id,
        "partner_units": partner_ids(commitment),
        "due": commitment.due.isoformat() if commitment.due else None,
        "due_label": commitment.due_label,
        "status": commitment.status,
        "status_origin": commitment.status_origin,
        "status_note": commitment.status_note,
    }


def entry_of(entry: Progress) -> dict:
    return {"id": entry.pk, "date": entry.date.isoformat(), "text": entry.text}


@dataclass(frozen=True)
class UndoStep:
    commitment_id: int
    task: str
    what: str  # GROUP_LABELS
    undone: bool  # False: kept as it is, and why
    why: str = ""


def undo_steps(record: SheetImport) -> list[UndoStep]:
    """What undoing the import would do now, task by task (nothing is written)."""
    return _steps(record, user=None, apply=False)


@transaction.atomic
def sheet_import_undo(*, record: SheetImport, user) -> list[UndoStep]:
    """Undo the import: every column it changed that no one changed since gets its value from before the import
    back (a status the machine had is handed back to the machine), every progress entry it added goes, every entry it
    corrected says again what it said; the history says so. Raises ValidationError when it was undone already."""
    record = SheetImport.objects.select_for_update().get(pk=record.pk)
    if record.undone_at is not None:
        raise ValidationError(_("This import was undone already."))
    steps = _steps(record, user=user, apply=True)
    record.undone_at, record.undone_by = timezone.now(), user
    record.save(update_fields=["undone_at", "undone_by"])
    return steps


def _steps(record: SheetImport, *, user, apply: bool) -> list[UndoStep]:
    reason = _("undo of the import of %(name)s") % {"name": record.name or _("a sheet")}
    tasks = Commitment.objects.select_related("report").in_bulk([item["id"] for item in record.tasks])
    steps = []
    for item in record.tasks:
        commitment = tasks.get(item["id"])
        if commitment is None:
            steps.append(UndoStep(item["id"], "", str(GROUP_LABELS["units"]), False, _("the task is no longer in the ledger")))
            continue
        if apply:
            commitment_lock(commitment)
        task, now = commitment.task, columns(commitment)
        for group, keys in GROUPS.items():
            before = {key: item["before"][key] for key in keys}
            after = {key: item["after"][key] for key in keys}
            if before == after:
                continue  # the import left it as it was
            what = str(GROUP_LABELS[group])
            if {key: now[key] for key in keys} != after:
                said = last_changed_by(commitment)
                steps.append(UndoStep(commitment.pk, task, what, False, _(
                    "changed since the import (last by %(user)s at %(when)s): kept"
                ) % said))
                continue
            try:
                if apply:
                    _restore(commitment, group, before, user=user, reason=reason)
            except ValidationError as error:
                steps.append(UndoStep(commitment.pk, task, what, False, " ".join(error.messages)))
                continue
            steps.append(UndoStep(commitment.pk, task, what, True))
        steps += _progress_steps(commitment, task, item, user=user, apply=apply, reason=reason)
    return steps


def _restore(commitment: Commitment, group: str, before: dict, *, user, reason: str) -> None:
    if group == "units":
        commitment_ledger_update(
            commitment=commitment, user=user, lead_unit=before["lead_unit"], partner_units=before["partner_units"], reason=reason
        )
    elif group == "due":
        commitment_ledger_update(commitment=commitment, user=user, due=before["due_label"] or None, reason=reason)
    else:
        # The machine's status before: handed back to the machine, which reads the review as it is now.
        status = before["status"] if before["status_origin"] == Origin.STAFF else None
        commitment_set_status(commitment=commitment, status=status, user=user, note=before["status_note"], reason=reason)


def _progress_steps(commitment, task, item, *, user, apply: bool, reason: str) -> list[UndoStep]:
    what = str(GROUP_LABELS["progress"])
    entries = Progress.objects.in_bulk([e["id"] for e in [*item.get("added", []), *item.get("corrected", [])]])
    steps = []
    for added in item.get("added", []):
        entry = entries.get(added["id"])
        if entry is None:
            continue  # deleted since: what the undo would do is done
        if entry_of(entry) != added:
            steps.append(UndoStep(commitment.pk, task, what, False, _("“%(text)s” was edited since the import: kept") % {
                "text": entry.text[:40]}))
            continue
        if apply:
            progress_delete(entry=entry, user=user)
        steps.append(UndoStep(commitment.pk, task, what, True, _("“%(text)s” taken out") % {"text": entry.text[:40]}))
    for corrected in item.get("corrected", []):
        entry = entries.get(corrected["id"])
        if entry is None or (entry.date.isoformat(), entry.text) != (corrected["new_date"], corrected["new_text"]):
            steps.append(UndoStep(commitment.pk, task, what, False, _("an entry the import corrected changed since: kept")))
            continue
        if apply:
            progress_update(
                entry=entry, user=user, text=corrected["text"],
                date=dt.date.fromisoformat(corrected["date"]), reason=reason,
            )
        steps.append(UndoStep(commitment.pk, task, what, True, _("“%(text)s” as it was before") % {"text": corrected["text"][:40]}))
    return steps
