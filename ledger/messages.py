"""Render the pipeline's English message templates in the active language."""

from django.utils.translation import gettext

from .pipeline.errors import IngestError


def render(template: str, params: dict) -> str:
    return gettext(template) % params


def error_message(error: IngestError) -> str:
    return render(error.template, error.params)


def notice_messages(notices: list[dict]) -> list[str]:
    """Notices as stored on Report.notices."""
    return [render(notice["template"], notice["params"]) for notice in notices]


NO_REVIEW, NO_TASKS = "no_review", "no_tasks"  # notice codes of pipeline.sections


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
