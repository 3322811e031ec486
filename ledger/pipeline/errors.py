"""Errors and notices the pipeline raises, as English templates marked for translation.

The pipeline does not import Django, so it cannot translate; it marks each template with
``gettext_noop`` (a name xgettext recognises) and the Django layer translates the template at
display time with the same parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def gettext_noop(message: str) -> str:
    return message


class IngestError(Exception):
    """Input that cannot become a report. ``template % params`` is the English message."""

    code = "invalid"

    def __init__(self, template: str, **params):
        self.template = template
        self.params = params
        super().__init__(template % params)


class DecodeError(IngestError):
    code = "encoding"


class EmptyInputError(IngestError):
    code = "empty"


class BinaryInputError(IngestError):
    code = "binary"


class NotAReportError(IngestError):
    code = "not_a_report"


class TooLargeError(IngestError):
    code = "too_large"


class NotAFileError(IngestError):
    code = "not_a_file"


@dataclass(frozen=True)
class Notice:
    """A warning about a report that was read all the same (a missing heading, a missing section)."""

    code: str
    template: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template % self.params

    def as_dict(self) -> dict:
        return {"code": self.code, "template": self.template, "params": self.params}


class MissingMetadataError(IngestError):
    code = "metadata"


class ConflictError(IngestError):
    """The input contradicts itself or what is stored (a year given against the report's own dateline)."""

    code = "conflict"


class DuplicateReportError(IngestError):
    code = "duplicate"


class ReplaceLosesTasksError(IngestError):
    """A replace whose text has no tasks section would take every task of the stored report out (a file cut short)."""

    code = "replace_loses_tasks"


def os_problem(error: OSError) -> str:
    """The system's error named by its code (ELOOP, ENOTDIR): its own words are English, whatever the reader's."""
    import errno

    return errno.errorcode.get(error.errno or 0, type(error).__name__)
