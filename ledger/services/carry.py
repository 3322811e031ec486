"""What a replace does with staff decisions on commitments whose wording changed.

Nothing a person decided is lost by a replace. A stored commitment that the new text still holds word for word
stays the same row (services/ingest.py). Of the rest, an old commitment and a new one are the same promise
reworded when their wording is clearly alike (``match``): the old row is kept and takes the new wording, so its
status, its evidence and the decisions on it (confirmed, rejected, added passages) stay on it, and its history
says what it was called before. An old commitment with staff decisions that no new one clearly replaces is
removed from the ledger, its decisions (status, passages, and the 台账 columns: units, deadline, progress entries)
copied to a KeptDecision for a person to re-attach (``kept_reattach``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from ..models import Commitment, Evidence, KeptDecision, Origin, Progress, Report
from ..deadlines import parse_due
from ..rules import STAFF_RULE
from ..selectors import pending_kept
from .decisions import commitment_lock, commitment_status_refresh
from .ledger import commitment_ledger_update, units_named

# Two wordings are the same promise reworded when the Dice coefficient of their character bigrams is at least
# MATCH_FLOOR (on the object or on the deliverable as written, whichever is higher) and no other candidate comes
# within MATCH_MARGIN of it. A one-character change in a law name (村镇供水条例 → 城镇供水条例) scores 0.8 on
# the object and 0.9 on the text; two different reports of one list (计划执行报告 / 预算执行报告) score 0.6, and
# unrelated deliverables of one section rarely pass 0.4: 0.7 keeps the first and leaves the others to a person.
# A different kind of commitment costs KIND_PENALTY: 听取审议…报告 and 开展…执法检查 of one law are two promises.
MATCH_FLOOR = 0.7
MATCH_MARGIN = 0.1
KIND_PENALTY = 0.15


def bigrams(text: str) -> set[str]:
    text = re.sub(r"[\W_]+", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def dice(a: str, b: str) -> float:
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def similarity(old, new) -> float:
    """How alike two commitments' wordings are (0–1): ``old`` and ``new`` have kind, object and text."""
    score = dice(old.text, new.text)
    if old.object and new.object:
        score = max(score, dice(old.object, new.object))
    if old.kind != new.kind:
        score -= KIND_PENALTY
    return score


def match(old: list, new: list) -> list[tuple[int, int, float]]:
    """One-to-one pairs (index in ``old``, index in ``new``, score) of clearly alike wordings, best first."""
    scores = {(i, j): similarity(o, n) for i, o in enumerate(old) for j, n in enumerate(new)}
    return clear_pairs(scores, floor=MATCH_FLOOR, margin=MATCH_MARGIN)


def clear_pairs(scores: dict[tuple[int, int], float], *, floor: float, margin: float) -> list[tuple[int, int, float]]:
    """One-to-one pairs (i, j, score) from the scores of the pairs that may match (a pair not given scores 0), best
    first: a pair at ``floor`` or above, with no rival of either side still unpaired within ``margin`` of it (not
    clear: a person decides)."""
    by_left: dict[int, list[tuple[int, float]]] = {}
    by_right: dict[int, list[tuple[int, float]]] = {}
    for (i, j), score in scores.items():
        by_left.setdefault(i, []).append((j, score))
        by_right.setdefault(j, []).append((i, score))
    pairs: list[tuple[int, int, float]] = []
    taken_left, taken_right = set(), set()
    for (i, j), score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if score < floor:
            break
        if i in taken_left or j in taken_right:
            continue
        rivals = [s for k, s in by_left[i] if k != j and k not in taken_right]
        rivals += [s for k, s in by_right[j] if k != i and k not in taken_left]
        if any(rival > score - margin for rival in rivals):
            continue
        pairs.append((i, j, score))
        taken_left.add(i)
        taken_right.add(j)
    return pairs


def staff_decided(commitment: Commitment, evidence: list[Evidence]) -> bool:
    """Whether a person decided anything about the commitment: its status (or handed it back with a note), a
    passage, or a 台账 column (units, deadline, progress entries; ``commitment`` with its partner units and
    progress prefetched)."""
    return (
        commitment.status_origin == Origin.STAFF
        or commitment.status_decided_at is not None
        or bool(commitment.status_note)
        or any(e.decided_by_staff for e in evidence)
        or bool(_ledger_columns(commitment))
    )


def _ledger_columns(commitment: Commitment) -> dict:
    """The 台账 columns staff filled in, as a KeptDecision keeps them (units by name, as the sheet and the API name
    them; a name no unit of the body has any more is created again on re-attach)."""
    columns = {}
    if commitment.lead_unit_id:
        columns["lead_unit"] = commitment.lead_unit.name
    if partners := [unit.name for unit in commitment.partners]:
        columns["partner_units"] = partners
    if commitment.due or commitment.due_label:
        columns["due"] = commitment.due.isoformat() if commitment.due else None
        columns["due_label"] = commitment.due_label
    if entries := list(commitment.progress.all()):
        columns["progress"] = [
            {"date": e.date.isoformat(), "text": e.text, "author": e.author_id, "created_at": e.created_at.isoformat()}
            for e in sorted(entries, key=lambda e: (e.date, e.created_at, e.pk))
        ]
    return columns


def kept_from(commitment: Commitment, evidence: list[Evidence], *, source: str) -> KeptDecision:
    """An unsaved KeptDecision holding what staff decided about ``commitment``."""
    staff_status = commitment.status_origin == Origin.STAFF
    return KeptDecision(
        report=commitment.report,
        former_id=commitment.pk,
        ordinal=commitment.ordinal,
        kind=commitment.kind,
        action=commitment.action,
        object=commitment.object,
        text=commitment.text,
        part=commitment.part,
        status=commitment.status if staff_status else "",
        status_note=commitment.status_note,
        status_decided_by_id=commitment.status_decided_by_id,
        status_decided_at=commitment.status_decided_at,
        evidence=[
            {
                "report": e.report_id,
                "start": e.start,
                "end": e.end,
                "text": e.text,
                "score": e.score,
                "verdict": e.verdict,
                "rule": e.rule,
                "origin": e.origin,
                "decision": e.decision,
                "note": e.note,
                "decided_by": e.decided_by_id,
                "decided_at": e.decided_at.isoformat() if e.decided_at else None,
            }
            for e in evidence
            if e.decided_by_staff
        ],
        ledger=_ledger_columns(commitment),
        replaced_at=timezone.now(),
        replaced_by_source=source,
    )


@dataclass
class ReplaceResult:
    """What a replace did with the commitments whose wording changed."""

    # (commitment now, its old wording, whether a person had decided anything of it)
    carried: list[tuple[Commitment, str, bool]] = field(default_factory=list)
    kept: list[KeptDecision] = field(default_factory=list)  # decisions no commitment clearly took over
    # Decisions an earlier replace kept aside, put back on the task whose very wording this text restores.
    restored: list[tuple[KeptDecision, Commitment]] = field(default_factory=list)


def _reattach_ledger(columns: dict, commitment: Commitment, user) -> list[str]:
    """The kept 台账 columns onto ``commitment``: the lead unit (a partner where the task leads with another), the
    partner units it lacks, a deadline where it has none, and every progress entry with its date and author. Returns
    what was not put on as kept (the task's own lead unit or deadline stays), for the person to be told."""
    if not columns:
        return []
    units, due, notes = {}, None, []
    kept_lead = columns.get("lead_unit")
    lead = commitment.lead_unit.name if commitment.lead_unit_id else kept_lead
    if not commitment.lead_unit_id and lead:
        units["lead_unit"] = lead
    elif kept_lead and kept_lead != lead:
        notes.append(_("the lead unit %(kept)s is a partner unit: the task is led by %(lead)s") % {"kept": kept_lead, "lead": lead})
    partners = [unit.name for unit in commitment.partners]
    # The task's own first, then the kept ones it lacks, in their order (and a kept lead the task has another lead for).
    kept = [*columns.get("partner_units", ()), *([kept_lead] if kept_lead else [])]
    wanted = [name for name in dict.fromkeys([*partners, *kept]) if name != lead]
    if wanted != partners:
        units["partner_units"] = wanted
    kept_due = columns.get("due_label") or columns.get("due")
    if not commitment.due and not commitment.due_label and kept_due:
        due = kept_due
    elif kept_due and _due_date(kept_due, commitment.plan_year) != commitment.due:  # 年底前 is 2024-12-31: no note
        notes.append(_("the deadline %(kept)s is left out: the task has its own, %(due)s") % {
            "kept": kept_due, "due": commitment.due_label or commitment.due,
        })
    if units or due:
        changes = units_named(body=commitment.report.body, **units) | ({"due": due} if due else {})
        commitment_ledger_update(commitment=commitment, user=user, **changes)
    authors = set(get_user_model().objects.filter(pk__in={e["author"] for e in columns.get("progress", ())}).values_list("pk", flat=True))
    have = {(e.date.isoformat(), e.text) for e in commitment.progress.all()}
    for entry in columns.get("progress", ()):
        if (entry["date"], entry["text"]) in have:
            continue
        progress = Progress(
            commitment=commitment, date=entry["date"], text=entry["text"],
            author_id=entry["author"] if entry["author"] in authors else None,
            created_at=parse_datetime(entry["created_at"]) or timezone.now(),
        )
        progress._history_user = user
        progress._change_reason = _("progress entry kept after a replace re-attached")
        progress.save()
    return notes


@transaction.atomic
def kept_reattach(*, kept: KeptDecision, commitment: Commitment, user) -> list[str]:
    """Put the decisions a replace kept onto ``commitment`` (of the same report): the status staff set, and each
    passage with its decision (a rejected passage stays rejected for it, so the machine never proposes it again).
    A passage that moved in its report is found again by its wording. Returns what of the kept 台账 columns was not
    put on as kept (the task's own lead unit or deadline stays)."""
    kept = KeptDecision.objects.select_for_update().get(pk=kept.pk)  # two people re-attaching it at once: one does
    commitment_lock(commitment)
    if kept.reattached_at is not None:
        raise ValidationError(_("These decisions were re-attached already."))
    if commitment.report_id != kept.report_id:
        raise ValidationError(_("Decisions are re-attached to a commitment of the same report."))
    reason = _("staff decisions kept after a replace re-attached (was: %(text)s)") % {"text": kept.text}
    decided = commitment.status_origin == Origin.STAFF
    if kept.status and decided and (commitment.status, commitment.status_note) != (kept.status, kept.status_note):
        raise ValidationError(
            _("#%(ordinal)d has a status a person set (%(status)s, by %(user)s): re-attaching would replace it. Choose "
              "another task, or set its status by hand.")
            % {"ordinal": commitment.ordinal, "status": commitment.get_status_display(),
               "user": commitment.status_decided_by or _("staff")}
        )
    if kept.status:
        commitment.status, commitment.status_origin = kept.status, Origin.STAFF
        commitment.status_confidence, commitment.status_rule = None, STAFF_RULE
    if kept.status or kept.status_decided_at:
        commitment.status_note = kept.status_note
        commitment.status_decided_by_id = kept.status_decided_by_id
        commitment.status_decided_at = kept.status_decided_at
    commitment._history_user, commitment._change_reason = user, reason
    commitment.save()
    notes = _reattach_ledger(kept.ledger, commitment, user)
    users = set(get_user_model().objects.filter(pk__in={e["decided_by"] for e in kept.evidence}).values_list("pk", flat=True))
    texts = {r.pk: r.text for r in Report.objects.filter(pk__in={e["report"] for e in kept.evidence}).only("text")}
    for item in kept.evidence:
        text = texts.get(item["report"])
        if text is None:
            continue  # the follow-up report was deleted since: its passages went with it
        start, end = item["start"], item["end"]
        if text[start:end] != item["text"]:
            found = [m.start() for m in re.finditer(re.escape(item["text"]), text)]
            if found:
                start = min(found, key=lambda s: abs(s - item["start"]))
                end = start + len(item["text"])
        evidence = Evidence.objects.filter(commitment=commitment, report_id=item["report"], start=start, end=end).first()
        if evidence is None:
            evidence = Evidence(commitment=commitment, report_id=item["report"], start=start, end=end, text=item["text"])
        evidence.score, evidence.verdict, evidence.rule = item["score"], item["verdict"], item["rule"]
        evidence.origin, evidence.decision, evidence.note = item["origin"], item["decision"], item["note"]
        evidence.decided_by_id = item["decided_by"] if item["decided_by"] in users else None
        evidence.decided_at = parse_datetime(item["decided_at"]) if item["decided_at"] else None
        evidence._history_user, evidence._change_reason = user, reason
        evidence.save()
    kept.reattached_to, kept.reattached_by, kept.reattached_at = commitment, user, timezone.now()
    kept._history_user = user
    kept.save()
    commitment_status_refresh(commitment=commitment)
    return notes


def kept_restored(report: Report, created, *, result: ReplaceResult) -> None:
    """Decisions an earlier replace kept aside whose task this replace brings back word for word (a cut text, then
    the whole one again): each re-attached, as a person would, to one of the rows this replace ``created`` (a queryset)
    with its kind and wording, in the report's order; a row takes the decisions of one task only."""
    waiting = list(pending_kept(report).exclude(pk__in=[k.pk for k in result.kept]).order_by("ordinal", "pk"))
    if not waiting:
        return
    back: dict[tuple, list[Commitment]] = {}
    for commitment in created.filter(text__in={k.text for k in waiting}).order_by("ordinal"):
        back.setdefault((commitment.kind, commitment.text), []).append(commitment)
    for kept in waiting:
        rows = back.get((kept.kind, kept.text))
        if not rows:
            continue
        commitment = rows.pop(0)
        try:
            kept_reattach(kept=kept, commitment=commitment, user=None)
        except ValidationError:
            continue  # left for a person, as it was
        result.restored.append((kept, commitment))


def _due_date(words: str, plan_year: int):
    try:
        return parse_due(words, plan_year)[0]
    except ValueError:
        return None
