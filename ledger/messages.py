"""Render the pipeline's English message templates in the active language."""

import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

from .pipeline.errors import IngestError
from .pipeline.sections import TERM_REVIEW_WHOLE


def render(template: str, params: dict) -> str:
    return gettext(template) % params


def error_message(error: IngestError) -> str:
    return render(error.template, error.params)


def notice_messages(notices: list[dict]) -> list[str]:
    """Notices as stored on Report.notices."""
    return [render(notice["template"], notice["params"]) for notice in notices]


NO_REVIEW, NO_TASKS = "no_review", "no_tasks"  # notice codes of pipeline.sections
# Notices of pipeline.sections on how a review was read, which the previous report's follow-through rests on.
REVIEW_NOTICES = ("term_review_split", TERM_REVIEW_WHOLE)


def missing_section_messages(notices: list[dict]) -> list[str]:
    """What the reader could not find in a report, and what that means for the ledger, in a sentence each."""
    codes = {notice.get("code") for notice in notices or []}
    lines = []
    if NO_REVIEW in codes:
        lines.append(gettext(
            "No review section was found in this report: the previous year's commitments cannot be checked against "
            "it and have no status."
        ))
    if NO_TASKS in codes:
        lines.append(gettext(
            "No tasks section was found in this report: it has no commitments, and next year's review has nothing "
            "to be checked against."
        ))
    return lines


def kept_decision_summary(kept) -> str:
    """One line of what staff decided about a commitment a replace took out (a KeptDecision)."""
    from .models import Decision, Status

    parts = []
    if kept.status:
        parts.append(gettext("status %(status)s") % {"status": Status(kept.status).label})
    if kept.status_note:
        parts.append(gettext("note: %(note)s") % {"note": kept.status_note})
    for decision in (Decision.CONFIRMED, Decision.REJECTED):
        count = sum(1 for e in kept.evidence if e["decision"] == decision)
        if count:
            parts.append(gettext("%(count)d passages %(decision)s") % {"count": count, "decision": decision.label})
    columns = kept.ledger or {}
    if columns.get("lead_unit"):
        parts.append(gettext("lead unit %(unit)s") % {"unit": columns["lead_unit"]})
    if columns.get("partner_units"):
        parts.append(gettext("partner units %(units)s") % {"units": "、".join(columns["partner_units"])})
    if columns.get("due_label") or columns.get("due"):
        parts.append(gettext("deadline %(due)s") % {"due": columns.get("due_label") or columns["due"]})
    if columns.get("progress"):
        count = len(columns["progress"])
        parts.append(ngettext("%(count)d progress entry", "%(count)d progress entries", count) % {"count": count})
    return f"#{kept.ordinal} {kept.text}（{'，'.join(parts) or '—'}）"


def follow_through_line(promise, changed: set[int]) -> str:
    """What a newly loaded review did to a report's commitments, in a sentence: how many are now fulfilled,
    partially fulfilled, not reported and waiting for a person, and how many statuses the new report changed
    (the ingest command prints it; the admin's upload shows it)."""
    from .selectors import report_summary

    summary = report_summary(promise)
    if summary.no_review:
        return gettext("%(report)s: no review section in %(follow_up)s, so its commitments stay pending.") % {
            "report": promise, "follow_up": summary.follow_up,
        }
    line = gettext(
        "%(report)s now: fulfilled %(fulfilled)d · partially fulfilled %(partial)d · not reported %(not_reported)d "
        "· not carried out %(not_done)d · needs review %(needs_review)d (%(changed)d statuses changed)"
    ) % {
        **summary.overall.figures(),
        "report": promise,
        # Of the testable rows, like the counts before it (a general sentence is in no count).
        "changed": promise.commitments.filter(pk__in=changed, testable=True).count(),
    }
    return line + overtaken_sentences(promise, summary.overall.year_over)


def overtaken_sentences(promise, year_over: int) -> str:
    """What follows a line of follow-through counts where the review overtook what persons set: rows left 推进中 or
    待回顾 whose year is over, and statuses the review disagrees with."""
    said = ""
    if year_over:
        said += ngettext(
            "; %(n)d more is still marked in progress or pending by staff: record what the review says of it (review queue)",
            "; %(n)d more are still marked in progress or pending by staff: record what the review says of each (review queue)",
            year_over,
        ) % {"n": year_over}
    disagreeing = promise.commitments.filter(testable=True, review_disagrees=True).count()
    if disagreeing:
        said += ngettext(
            "; the review reports otherwise than %(n)d status staff set before it came in: check it (review queue)",
            "; the review reports otherwise than %(n)d statuses staff set before it came in: check each (review queue)",
            disagreeing,
        ) % {"n": disagreeing}
    return said


_CJK = re.compile(r"[\u4e00-\u9fff]")


def person_name(user) -> str:
    """How pages name a person: the name on the account where it has one (王丽: a Chinese family and given name are
    written together, family name first), else the user name; "" for no one."""
    if user is None:
        return ""
    first, last = user.first_name.strip(), user.last_name.strip()
    if _CJK.search(first + last):
        return f"{last}{first}"
    return f"{first} {last}".strip() or user.get_username()


# A time as pages and sheets say it, to the minute (to the second where two must be told apart).
MINUTE, SECOND = "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"


def local_minute(moment, empty: str = "", *, apart_from=None) -> str:
    """A moment as pages and sheets say it: local time, to the minute (``empty`` for none); to the second where it
    falls in the same minute as ``apart_from``, which it is said beside (before 10:54, at 10:54, read as one)."""
    from django.utils import timezone

    if not moment:
        return empty
    moment = timezone.localtime(moment)
    same = apart_from is not None and timezone.localtime(apart_from).replace(second=0, microsecond=0) == moment.replace(second=0, microsecond=0)
    return moment.strftime(SECOND if same else MINUTE)


def changed_by(record) -> dict:
    """Who changed a row (a staff member's name, or the machine) and when (local time), from a history record."""
    return {"user": person_name(record.history_user) or gettext("the machine"), "when": local_minute(record.history_date)}


def last_changed_by(instance) -> dict:
    """changed_by of the newest history record of ``instance`` (a model with simple_history), dashes without one."""
    record = instance.history.select_related("history_user").order_by("-history_date").first()
    return changed_by(record) if record else {"user": "—", "when": "—"}


def in_every_language(message) -> list[str]:
    """A message (a msgid, or a lazy translation) in each of the project's languages: as a sheet or the history may
    have it, written in the language of whoever wrote it."""
    said = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            said.append(gettext(message) if isinstance(message, str) else str(message))
    return said
