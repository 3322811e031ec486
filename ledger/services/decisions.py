"""What staff decide: confirm or reject evidence, add evidence by hand, set a status with a note.

Each decision records who and when, in the row and in its history; the machine never changes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Commitment, Decision, Evidence, Origin, Status, Verdict
from ..pipeline.link import REVIEW_KINDS
from ..messages import last_changed_by
from ..rules import CONFIRMED_RULE, STAFF_RULE
from ..selectors import NOT_ASSESSED, decisive_evidence, follow_up_of, plan_year_over
from ..validators import typed_text_check
from ..versions import evidence_version
from .status import STATUS_FIELDS, commitment_machine_status, status_apply

# The verdicts staff give a passage (a candidate is the machine's word for "not sure"), and as form choices.
STAFF_VERDICTS = (Verdict.FULFILLED, Verdict.PARTIAL, Verdict.NOT_DONE, Verdict.MENTION)
STAFF_VERDICT_CHOICES = [(value, Verdict(value).label) for value in STAFF_VERDICTS]


class PassageChanged(ValidationError):
    """A decision on a passage from a read of it that no longer holds: someone decided on the passage since, or a
    relink judged it again, or took it away. ``evidence``: the passage as it is now (None: gone)."""

    def __init__(self, message, evidence: Evidence | None):
        super().__init__(message)
        self.evidence = evidence


@transaction.atomic
def evidence_decide(
    *, evidence: Evidence, decision: str, user, note: str = "", verdict: str | None = None,
    read_versions: Collection[str] | None = None,
) -> Evidence:
    """Confirm or reject a passage. Confirming may give the verdict staff read in it, and must for a
    candidate passage: it then counts as evidence with that verdict (rule ``staff``). ``read_versions``
    (evidence_version as the person read the passage; a page shows one): refused (PassageChanged) when none is the
    passage's now."""
    if decision not in (Decision.CONFIRMED, Decision.REJECTED):
        raise ValidationError(_("A decision is either confirmed or rejected."))
    typed_text_check(note or "", "note")
    # The task's lock before its passage, in the order a relink takes them; the passage as it is now.
    commitment_lock(evidence.commitment)
    try:
        evidence.refresh_from_db()
    except Evidence.DoesNotExist:
        raise PassageChanged(
            _("The passage is no longer proposed for this task (the reports were linked again); nothing was saved."), None
        ) from None
    if read_versions is not None and evidence_version(evidence) not in read_versions:
        raise PassageChanged(_passage_changed_message(evidence, read_versions), evidence)
    if decision == Decision.CONFIRMED:
        if verdict is not None and verdict not in STAFF_VERDICTS:
            raise ValidationError(_("A verdict is reported done, progress only, reported not done or mentioned only."))
        if verdict is None and evidence.verdict == Verdict.CANDIDATE:
            raise ValidationError(
                _("A candidate passage is confirmed with the verdict staff read in it: reported done, progress only, reported not done or mentioned only.")
            )
        if verdict is None and evidence.verdict == Verdict.MENTION and evidence.decision != Decision.CONFIRMED:
            # A click on "confirm" says the passage speaks of the task, not what it reports: a mention confirmed as
            # it stands would make the task a person's 未见报告.
            raise ValidationError(
                _("A passage that only mentions the task is confirmed with what it reports: done, progress only, not done "
                  "(put off or cancelled), or mentioned only (then the task counts as not reported).")
            )
        if verdict is not None:
            _verdict_given(evidence, verdict)
    evidence.decision = decision
    evidence.decided_by = user
    evidence.decided_at = timezone.now()
    if note:
        evidence.note = note
    evidence.full_clean()
    _save_with_history(evidence, user, _("evidence %(decision)s") % {"decision": evidence.get_decision_display()})
    commitment_status_refresh(commitment=evidence.commitment, recorded_by=user if decision == Decision.CONFIRMED else None)
    return evidence


def _verdict_given(evidence: Evidence, verdict: str) -> None:
    """A person's verdict on a passage: where it differs from the one stored, it is the person's (rule ``staff``), and
    the word that decided the machine's no longer decides."""
    if verdict != evidence.verdict:
        evidence.verdict, evidence.rule = verdict, STAFF_RULE
        evidence.rule_detail = {**(evidence.rule_detail or {}), "decisive": ""}


@transaction.atomic
def evidence_add(
    *, commitment: Commitment, start: int, end: int, verdict: str, user, note: str | None = None
) -> tuple[Evidence, bool]:
    """Evidence a person found: a span of the review section of the commitment's follow-up report, and whether it
    is new. A span already stored is that passage, decided again (``note`` None keeps its note)."""
    if verdict not in STAFF_VERDICTS:
        raise ValidationError(_("A verdict is reported done, progress only, reported not done or mentioned only."))
    typed_text_check(note or "", "note")
    commitment_lock(commitment)  # before its passages, as a relink takes it
    follow_up = follow_up_of(commitment.report)
    if follow_up is None:
        raise ValidationError(_("There is no follow-up report yet to take evidence from."))
    if start >= end or not follow_up.sections.filter(kind__in=REVIEW_KINDS, start__lte=start, end__gte=end).exists():
        raise ValidationError(
            _("Evidence must be a span of the review of %(report)s (its account of the year, or the problems it names after it).")
            % {"report": follow_up}
        )
    evidence = Evidence.objects.filter(commitment=commitment, report=follow_up, start=start, end=end).first()
    created = evidence is None
    if created:
        evidence = Evidence(
            commitment=commitment, report=follow_up, start=start, end=end, text=follow_up.text[start:end],
            verdict=verdict, origin=Origin.STAFF, rule=STAFF_RULE, rule_detail={},
        )
    else:
        # A passage stored already (the machine's, say) is decided as a confirm with a verdict decides it: it keeps who
        # found it and the task's words it names.
        _verdict_given(evidence, verdict)
    evidence.decision = Decision.CONFIRMED
    evidence.decided_by = user
    evidence.decided_at = timezone.now()
    if note is not None or created:
        evidence.note = note or ""
    evidence.full_clean(validate_constraints=False)
    _save_with_history(evidence, user, _("evidence added by staff"))
    commitment_status_refresh(commitment=commitment, recorded_by=user)
    return evidence, created


def _passage_changed_message(evidence: Evidence, read_versions: Collection[str]) -> str:
    if not any(read_versions):
        return _("Nothing was saved: the page did not say which state of the passage it showed (it was opened before "
                 "an update of the ledger); reload it and decide again.")
    now = {"decision": evidence.get_decision_display(), "verdict": evidence.get_verdict_display()}
    if evidence.decided_by_id is None:  # no person's decision: a relink wrote it (no history row of its own)
        return _("The machine linked the reports again after you opened the page: the passage is now %(decision)s, "
                 "%(verdict)s; nothing was saved.") % now
    return _("%(user)s changed this passage at %(when)s, after you opened the page (now %(decision)s, %(verdict)s); "
             "nothing was saved.") % {**last_changed_by(evidence), **now}


def commitments_lock(commitments) -> None:
    """Lock many tasks (a queryset, or instances) until the transaction ends, in id order, the order a relink takes
    its report's: two changes that each lock several tasks never wait on each other in a circle (PostgreSQL would
    abort one). Each is read again by commitment_lock as it is changed."""
    ids = commitments.values("pk") if hasattr(commitments, "values") else [commitment.pk for commitment in commitments]
    list(Commitment.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


def commitment_lock(commitment: Commitment) -> None:
    """Read the row's columns again, locked until the transaction ends (on SQLite every write transaction holds the
    write lock from its start): a change is made to what the ledger holds now, not to the copy a request read
    before, whose other columns would write back what another request changed meanwhile. The instance keeps its
    cached report (refresh_from_db would drop it, and each row of a sheet or a bulk action would read it again);
    its prefetched partner units and progress are dropped, as they may have changed."""
    names = [field.attname for field in Commitment._meta.concrete_fields]
    current = Commitment.objects.select_for_update().filter(pk=commitment.pk).values(*names).get()
    loaded = commitment.__dict__
    for name, value in current.items():
        if name not in loaded or loaded[name] != value:
            setattr(commitment, name, value)  # a foreign key id that changed drops its cached object
    getattr(commitment, "_prefetched_objects_cache", {}).clear()


@transaction.atomic
def commitment_set_status(
    *, commitment: Commitment, status: str | None, user, note: str | None = "", reason: str = ""
) -> Commitment:
    """Set a status by hand, or with ``status=None`` hand the status back to the machine; ``reason`` (the history's
    change reason) says where the decision came from when not the admin's or the API's form (a sheet). ``note=None``
    keeps the task's own note (a status set on many tasks at once with no note of its own)."""
    commitment_lock(commitment)
    note = commitment.status_note if note is None else note
    typed_text_check(note, "note")
    # The same decision again writes nothing (no history, no new decision time: a mirror syncing by updated_since
    # would fetch the task again for nothing), unless it answers a review that disagrees with it.
    kept = (status is None and commitment.status_origin == Origin.AUTO) or (
        status == commitment.status and commitment.status_origin == Origin.STAFF
    )
    if kept and note == commitment.status_note and not commitment.review_disagrees:
        return commitment
    commitment.review_disagrees = False  # a person's answer to the review, or the machine's status from it
    if status is None:
        commitment.status_origin = Origin.AUTO
        commitment.status_note = note
        commitment.status_decided_by = user
        commitment.status_decided_at = timezone.now()
        status_apply(commitment, commitment_machine_status(commitment))
        default = _("status handed back to the machine")
    else:
        if status not in Status.values:
            raise ValidationError(_("Unknown status %(status)s.") % {"status": status})
        status_allowed(commitment, status)
        commitment.status = status
        commitment.status_confidence, commitment.status_rule = None, STAFF_RULE
        commitment.status_origin = Origin.STAFF
        commitment.status_note = note
        commitment.status_decided_by = user
        commitment.status_decided_at = timezone.now()
        default = _("status set by staff")
    commitment.full_clean()
    _save_with_history(commitment, user, reason or default)
    return commitment


def commitment_status_restore(*, commitment: Commitment, kept: dict, user, reason: str) -> None:
    """Give a task back a person's status as it was (an import undone, services/sheet_undo.py): the status, its note,
    who decided it and when, and whether the review disagreed with it, not a new decision by whoever restores it."""
    commitment_lock(commitment)
    status_allowed(commitment, kept["status"])  # 推进中 once the year is over: refused, the undo says why
    commitment.status, commitment.status_note = kept["status"], kept["status_note"]
    commitment.status_origin, commitment.status_rule, commitment.status_confidence = Origin.STAFF, STAFF_RULE, None
    commitment.status_decided_by_id = kept["status_decided_by"]
    commitment.status_decided_at = dt.datetime.fromisoformat(kept["status_decided_at"]) if kept["status_decided_at"] else None
    commitment.review_disagrees = kept["review_disagrees"]
    commitment.full_clean()
    _save_with_history(commitment, user, reason)


def status_allowed(commitment: Commitment, status: str, due=...) -> None:
    """Raise ValidationError (code plan_year_over) where a person may not change the status to ``status``: 推进中 or
    待回顾 once the task's year is over (selectors.plan_year_over), as they would take the task out of every rate
    without a word. A status kept as it is (its note edited) is no change. ``due``: the deadline the status comes
    with, where it changes too (plan_year_over)."""
    if status not in NOT_ASSESSED or status == commitment.status:
        return
    follow_up = follow_up_of(commitment.report)
    if plan_year_over(commitment, follow_up, due):
        raise ValidationError(
            _(
                "The review of %(year)d is in (the %(report_year)d report): record what it says of the task, "
                "fulfilled, partially fulfilled, not reported or not carried out (or needs review, for a colleague's look), and write in "
                "the note that the work goes on. %(status)s is for the plan year, or for a task whose deadline is later."
            )
            % {"year": commitment.report.year, "report_year": follow_up.year, "status": Status(status).label},
            code="plan_year_over",
        )


@transaction.atomic
def evidence_confirm_shown(*, shown: list[tuple[int, str]], user) -> tuple[int, int]:
    """Confirm the passages a person was shown (id, evidence_version as shown): one decided on, or taken away by a
    relink, since is left. Returns how many were confirmed and how many left."""
    confirmed = left = 0
    commitments_lock(Commitment.objects.filter(evidence__pk__in=[pk for pk, _version in shown]))
    for evidence_pk, version in shown:
        evidence = Evidence.objects.filter(pk=evidence_pk).first()
        if evidence is None:
            left += 1
            continue
        try:
            evidence_decide(evidence=evidence, decision=Decision.CONFIRMED, user=user, read_versions=[version])
        except ValidationError:
            left += 1
        else:
            confirmed += 1
    return confirmed, left


def confirm_best_plan(commitments) -> list[tuple[Commitment, Evidence | None, str]]:
    """What confirming the best evidence of the commitments would do with each: its decisive evidence and "confirm", "left"
    (it only mentions the task), "decided" (a person decided on it already), "set" (no passage, and a person set its
    status: nothing to ask of them) or "none" (no passage to confirm)."""
    plan = []
    for commitment in commitments.select_related("report__body").prefetch_related("evidence"):
        best = decisive_evidence(commitment.evidence.all())
        if best is None:
            outcome = "set" if commitment.status_origin == Origin.STAFF else "none"
        elif best.decision != Decision.PROPOSED:
            outcome = "decided"
        elif best.verdict in (Verdict.MENTION, Verdict.NOT_DONE):  # "not done" is a person's word, task by task
            outcome = "left"
        else:
            outcome = "confirm"
        plan.append((commitment, best, outcome))
    return plan


@transaction.atomic
def commitments_set_status(*, commitments, status: str | None, user, note: str = "") -> tuple[int, list[Commitment]]:
    """commitment_set_status on each commitment the status is allowed for (status_allowed); returns how many were
    set and the commitments left. With no note, each task keeps its own (an empty note cleared them all); handed back
    to the machine, none does (each said why a person's status was what it was)."""
    count, left = 0, []
    commitments_lock(commitments)
    for commitment in commitments.select_related("report__body"):
        try:
            commitment_set_status(commitment=commitment, status=status, user=user, note=note or (None if status else ""))
        except ValidationError as error:
            if getattr(error, "code", None) != "plan_year_over":
                raise
            left.append(commitment)
        else:
            count += 1
    return count, left


@transaction.atomic
def commitment_status_refresh(*, commitment: Commitment, recorded_by=None) -> None:
    """Recompute a machine status after its evidence changed; a status staff set stays, but where the review has
    overtaken it (推进中 or 待回顾 whose year is over, or a status the review disagrees with) once a person recorded
    what the review says (``recorded_by``: who confirmed or added a passage): the status then follows that passage,
    as the person's decision."""
    commitment_lock(commitment)
    if commitment.status_origin == Origin.STAFF:
        if recorded_by is None:
            return
        overtaken = commitment.review_disagrees or (
            commitment.status in NOT_ASSESSED and plan_year_over(commitment, follow_up_of(commitment.report))
        )
        if not overtaken:
            return
        reading = commitment_machine_status(commitment)
        if reading.rule != CONFIRMED_RULE:
            return  # what the person confirmed does not decide (a mention beside a passage reporting the task)
        commitment.status_origin = Origin.AUTO
        commitment.status_decided_by, commitment.status_decided_at = recorded_by, timezone.now()
        commitment.status_note = ""  # it said why the status was what the review overtook (the history keeps it)
        commitment.review_disagrees = False
        status_apply(commitment, reading)
        _save_with_history(commitment, recorded_by, _("status follows the evidence decided by staff"))
        return
    if status_apply(commitment, commitment_machine_status(commitment)):
        commitment._change_reason = _("status follows the evidence decided by staff")
        commitment.save(update_fields=STATUS_FIELDS)


def _save_with_history(obj, user, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason
    obj.save()
