"""One file's bytes -> a ReadReport: decode, normalise, then read metadata and sections."""

from __future__ import annotations

from dataclasses import replace

from .decode import decode
from .errors import ConflictError, MissingMetadataError, NotAReportError, gettext_noop
from .metadata import read_metadata
from .normalise import noise_lines, normalise
from .sections import read_sections
from .types import Fact, Metadata, ReadReport

# Sources that state the year outright; a year given by hand that contradicts one is refused.
_STATED_YEAR_SOURCES = {"dateline", "byline", "heading_plan", "heading_review"}
_TITLE_MAX = 200


def read_report(data: bytes, *, source: str, overrides: dict[str, Fact] | None = None) -> ReadReport:
    """Read one report file. Raises an IngestError subclass for input that cannot become a report."""
    decoded = decode(data, source=source)
    text = normalise(decoded.text)
    sections, notices = read_sections(text)
    kinds = {section.kind for section in sections}
    if "review" not in kinds and "tasks" not in kinds:
        raise NotAReportError(
            gettext_noop(
                "%(source)s is not a work report: it has neither a review of the past year "
                "nor a tasks section."
            ),
            source=source,
        )
    metadata = _apply_overrides(
        read_metadata(text, noise=noise_lines(decoded.text)), overrides or {}, source=source
    )
    return ReadReport(
        source=source,
        encoding=decoded.encoding,
        raw=decoded.text,
        text=text,
        title=_title(text),
        metadata=metadata,
        sections=sections,
        notices=notices,
    )


def _apply_overrides(read: Metadata, overrides: dict[str, Fact], *, source: str) -> Metadata:
    given_year = overrides.get("year")
    if (
        given_year is not None
        and read.year.value is not None
        and read.year.source in _STATED_YEAR_SOURCES
        and int(given_year.value) != read.year.value
    ):
        raise ConflictError(
            gettext_noop(
                "%(source)s: the year given (%(given)s) contradicts the year the report states "
                "(%(stated)s, from “%(evidence)s”)."
            ),
            source=source,
            given=given_year.value,
            stated=read.year.value,
            evidence=read.year.evidence,
        )
    metadata = replace(read, **{name: fact for name, fact in overrides.items()})
    for name in ("body", "kind", "year"):
        if getattr(metadata, name).value in (None, ""):
            raise MissingMetadataError(
                gettext_noop("%(source)s: could not read the report's %(field)s; give it explicitly."),
                source=source,
                field=name,
            )
    return metadata


def _title(text: str) -> str:
    first = text.split("\n", 1)[0]
    return first if "报告" in first and len(first) <= _TITLE_MAX else ""
