"""Why a commitment was deleted: the reason its history records, in the language of whoever's action deleted it, and
the code of that cause that commitments/deleted/ gives a program beside it."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# Each cause with the reason its history records (a report's name after the comma).
CAUSES = {
    "replaced": _("taken out by a replace: the new text no longer holds it"),
    "report_deleted": _("deleted with its report, %(report)s"),
    "removed_by_staff": _("task added by staff taken out"),
}


def reason(cause: str, **values) -> str:
    """The reason to record for ``cause``, in the language active now."""
    message = str(CAUSES[cause])
    return message % values if values else message


def cause_of(recorded: str | None) -> str | None:
    """The cause of a recorded reason, whatever language it was written in; None for a reason of no known cause
    (or none)."""
    if not recorded:
        return None
    return next((cause for cause, starts in _starts().items() if recorded.startswith(starts)), None)


@lru_cache(maxsize=1)
def _starts() -> dict[str, tuple[str, ...]]:
    """Each cause's reason up to its first value, in every language of the project."""
    starts = {}
    for cause, message in CAUSES.items():
        said = []
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                said.append(str(message).split("%(")[0])
        starts[cause] = tuple(dict.fromkeys(said))
    return starts
