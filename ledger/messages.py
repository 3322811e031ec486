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
