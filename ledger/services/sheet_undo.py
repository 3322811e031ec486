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
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from ..messages import changed_by, in_every_language, last_changed_by
from ..models import Commitment, KeptDecision, Origin, Progress, SheetImport, Status, Unit, UnitName
from ..versions import record_partners
from ..transactions import atomic
from .decisions import commitment_lock, commitment_set_status, commitment_status_restore, commitments_lock
from .ingest import MOVED_BY_REPLACE
from .ledger import commitment_ledger_update, partner_ids, progress_delete, progress_update, unit_named

# The columns an import sets, by what a person sees change together; a status with who decided it, when, and whether
# the review disagreed, so that a person's status comes back as theirs (and in the review queue where it was).
GROUPS = {
    "units": ("lead_unit", "partner_units"),
    "due": ("due", "due_label"),
    "status": ("status", "status_origin", "status_note", "status_decided_by", "status_decided_at", "review_disagrees"),
}
GROUP_LABELS = {
    "task": gettext_lazy("task"), "units": gettext_lazy("units"), "due": gettext_lazy("deadline"),
    "status": gettext_lazy("status"), "progress": gettext_lazy("progress"),
}


# The stored fields that tell a group changed between two history records (the partner units: their rows of each).
GROUP_FIELDS = {"units": ("lead_unit_id", "partners"), "due": ("due_label",), "status": ("status", "status_note")}


def changed_since(commitment: Commitment, group: str, since, *, people_only: bool = False):
    """The newest history record after ``since`` that changed the group's columns (another import, a person, the
    machine; with ``people_only`` a person only), or None; a replace that only moved the task changes none."""
    moved = in_every_language(MOVED_BY_REPLACE)
    last_before = Commitment.history.filter(id=commitment.pk, history_date__lte=since).order_by("-history_date", "-history_id")[:1]
    records = [
        *last_before,
        *Commitment.history.filter(id=commitment.pk, history_date__gt=since).select_related("history_user")
        .order_by("history_date", "history_id"),
    ]
    partners = record_partners(r.history_id for r in records) if group == "units" else {}

    def value(record, name):
        return partners.get(record.history_id, ()) if name == "partners" else getattr(record, name)

    found = None
    for before, record in zip(records, records[1:]):
        if record.history_date <= since or record.history_change_reason in moved:
            continue
        if people_only and record.history_user_id is None:
            continue
        if any(value(record, name) != value(before, name) for name in GROUP_FIELDS[group]):
            found = record
    return found


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
        "status_decided_by": commitment.status_decided_by_id,
        "status_decided_at": commitment.status_decided_at.isoformat() if commitment.status_decided_at else None,
        "review_disagrees": commitment.review_disagrees,
    }


def entry_of(entry: Progress) -> dict:
    return {"id": entry.pk, "date": entry.date.isoformat(), "text": entry.text}


@dataclass(frozen=True)
class UndoStep:
    commitment_id: int
    task: str
    what: str  # a key of GROUP_LABELS
    undone: bool  # False: kept as it is, and why
    why: str = ""

    @property
    def label(self) -> str:
        return str(GROUP_LABELS[self.what])


def undo_steps(record: SheetImport) -> list[UndoStep]:
    """What undoing the import would do now, task by task: the undo itself, rolled back (what it shows is what it
    does, a step the ledger would refuse included)."""
    with atomic(rollback=True):
        return _steps(record, user=None)


@transaction.atomic
def sheet_import_undo(*, record: SheetImport, user) -> list[UndoStep]:
    """Undo the import: every column it changed that no one changed since gets its value from before the import
    back (a status the machine had is handed back to the machine), every progress entry it added goes, every entry it
    corrected says again what it said; the history says so. Raises ValidationError when it was undone already."""
    record = SheetImport.objects.select_for_update().get(pk=record.pk)
    if record.undone_at is not None:
        raise ValidationError(_("This import was undone already."))
    steps = _steps(record, user=user)
    record.undone_at, record.undone_by = timezone.now(), user
    record.save(update_fields=["undone_at", "undone_by"])
    return steps


def _steps(imported: SheetImport, *, user) -> list[UndoStep]:
    reason = _("undo of the import of %(name)s") % {"name": imported.name or _("a sheet")}
    tasks = Commitment.objects.select_related("report").in_bulk([item["id"] for item in imported.tasks])
    commitments_lock(list(tasks.values()))  # all at once, in id order, as an import and a relink take them
    steps = []
    for item in imported.tasks:
        commitment = tasks.get(item["id"])
        if commitment is None:
            steps.append(UndoStep(item["id"], item.get("task", ""), "task", False, _(
                "the task is no longer in the ledger (a replace of its report, or its deletion, took it out)"
            )))
            continue
        commitment_lock(commitment)
        task, now = commitment.task, columns(commitment)
        for group, keys in GROUPS.items():
            before = {key: item["before"][key] for key in keys}
            after = {key: item["after"][key] for key in keys}
            if before == after:
                continue  # the import left it as it was
            what = group
            # Kept where anyone changed it since, even back to what the import wrote (another import, A → B → A).
            record = changed_since(commitment, group, imported.applied_at)
            if record is not None or {key: now[key] for key in keys} != after:
                steps.append(UndoStep(commitment.pk, task, what, False, _(
                    "changed since the import (last by %(user)s at %(when)s): kept"
                ) % (changed_by(record) if record is not None else last_changed_by(commitment))))
                continue
            steps.append(_step(
                commitment, task, what, lambda: _restore(commitment, group, before, user=user, reason=reason),
                _("back to %(value)s") % {"value": _shown(group, before, commitment.report.body)},
            ))
        steps += _progress_steps(commitment, task, item, user=user, reason=reason)
    return steps + _added_steps(imported, user=user, reason=reason)


def _added_steps(imported: SheetImport, *, user, reason: str) -> list[UndoStep]:
    """The units the import created and the other names it gave units, taken out where nothing came to rely on them:
    a unit is kept where a task has it, a later import still in force names it, a kept decision's 台账 columns name
    it, or staff changed it since (renamed it, gave it a name, merged another into it); said so."""
    steps = []
    for alias in UnitName.objects.filter(pk__in=imported.added.get("aliases", [])).select_related("unit"):
        alias.delete()
        steps.append(UndoStep(0, "", "units", True, _("“%(name)s” is no longer read as %(unit)s") % {
            "name": alias.name, "unit": alias.unit.name}))
    later = [
        item for other in SheetImport.objects.filter(applied_at__gt=imported.applied_at, undone_at=None)
        for item in other.tasks
    ]
    for unit in Unit.objects.filter(pk__in=imported.added.get("units", [])):
        if _unit_relied_on(unit, later, imported.applied_at):
            steps.append(UndoStep(0, "", "units", False, _(
                "unit %(name)s, added by the import, is in use or was changed since: kept"
            ) % {"name": unit.name}))
            continue
        unit._history_user, unit._change_reason = user, reason
        unit.delete()
        steps.append(UndoStep(0, "", "units", True, _("unit %(name)s, added by the import, taken out") % {"name": unit.name}))
    return steps


def _unit_relied_on(unit: Unit, later: list[dict], since) -> bool:
    named_later = any(
        unit.pk in (side["lead_unit"], *side["partner_units"]) for item in later for side in (item["before"], item["after"])
    )
    kept = KeptDecision.objects.filter(report__body_id=unit.body_id, reattached_at=None).values_list("ledger", flat=True)
    named_kept = any(unit.name in (ledger.get("lead_unit"), *(ledger.get("partner_units") or ())) for ledger in kept)
    return (
        named_later or named_kept
        or Commitment.objects.filter(Q(lead_unit=unit) | Q(partner_units=unit)).exists()
        or unit.other_names.exists()
        or unit.history.filter(history_date__gt=since).exclude(history_type="+").exists()
    )


def _shown(group: str, before: dict, body) -> str:
    """What a group of columns goes back to, as the task's page says it (a unit merged since, as the one it is now)."""
    if group == "units":
        ids = [before["lead_unit"], *before["partner_units"]]
        now = _units_now(ids, body)
        names = Unit.objects.in_bulk([now.get(pk, pk) for pk in ids if pk is not None])
        lead_id = now.get(before["lead_unit"], before["lead_unit"])
        lead = names[lead_id].name if lead_id in names else _("none")
        partners = "、".join(names[now.get(pk, pk)].name for pk in before["partner_units"] if now.get(pk, pk) in names) or _("none")
        return _("lead unit %(lead)s, partner units %(partners)s") % {"lead": lead, "partners": partners}
    if group == "due":
        return before["due_label"] or _("none")
    label = str(Status(before["status"]).label)
    return label if before["status_origin"] == Origin.STAFF else _("%(status)s (the machine's reading)") % {"status": label}


def _step(commitment, task: str, what: str, act, done: str = "") -> UndoStep:
    """Do one step of the undo in a savepoint: one the ledger refuses (a status no longer allowed, an entry that no
    longer fits its cell) is kept, said why, and the others go on."""
    try:
        with transaction.atomic():
            act()
    except ValidationError as error:
        return UndoStep(commitment.pk, task, what, False, " ".join(error.messages))
    return UndoStep(commitment.pk, task, what, True, done)


def _units_now(ids: list, body) -> dict[int, int]:
    """Unit id → the id of the unit it is now: a unit merged since into another is that one (its name became one of
    the other's names); a unit gone otherwise is left to be refused by name."""
    ids = [pk for pk in ids if pk is not None]
    gone = set(ids) - set(Unit.objects.filter(pk__in=ids).values_list("pk", flat=True))
    names = {}
    for pk, name in Unit.history.filter(id__in=gone).order_by("history_date", "history_id").values_list("id", "name"):
        names[pk] = name  # its last name
    return {pk: unit.pk for pk, name in names.items() if (unit := unit_named(body=body, name=name)) is not None}


def _restore(commitment: Commitment, group: str, before: dict, *, user, reason: str) -> None:
    if group == "units":
        now = _units_now([before["lead_unit"], *before["partner_units"]], commitment.report.body)
        commitment_ledger_update(
            commitment=commitment, user=user, lead_unit=now.get(before["lead_unit"], before["lead_unit"]),
            partner_units=[now.get(pk, pk) for pk in before["partner_units"]], reason=reason,
        )
    elif group == "due":
        commitment_ledger_update(commitment=commitment, user=user, due=before["due_label"] or None, reason=reason)
    elif before["status_origin"] == Origin.STAFF:
        commitment_status_restore(commitment=commitment, kept=before, user=user, reason=reason)
    else:  # the machine's status before: handed back to the machine, which reads the review as it is now
        commitment_set_status(commitment=commitment, status=None, user=user, note=before["status_note"], reason=reason)


def _progress_steps(commitment, task, item, *, user, reason: str) -> list[UndoStep]:
    what = "progress"
    entries = Progress.objects.in_bulk([e["id"] for e in [*item["added"], *item["corrected"]]])
    steps = []
    for added in item["added"]:
        entry = entries.get(added["id"])
        if entry is None:
            continue  # deleted since: what the undo would do is done
        if entry_of(entry) != added:
            steps.append(UndoStep(commitment.pk, task, what, False, _(
                "“%(text)s” was edited since the import (last by %(user)s at %(when)s): kept"
            ) % {"text": entry.text[:40], **last_changed_by(entry)}))
            continue
        steps.append(_step(
            commitment, task, what, lambda entry=entry: progress_delete(entry=entry, user=user, reason=reason),
            _("“%(text)s” taken out") % {"text": entry.text[:40]},
        ))
    for corrected in item["corrected"]:
        entry = entries.get(corrected["id"])
        if entry is None or (entry.date.isoformat(), entry.text) != (corrected["new_date"], corrected["new_text"]):
            steps.append(UndoStep(commitment.pk, task, what, False, _("an entry the import corrected changed since: kept")))
            continue
        steps.append(_step(
            commitment, task, what,
            lambda entry=entry, corrected=corrected: progress_update(
                entry=entry, user=user, text=corrected["text"], date=dt.date.fromisoformat(corrected["date"]), reason=reason,
            ),
            _("“%(text)s” as it was before") % {"text": corrected["text"][:40]},
        ))
    return steps
