"""One file's bytes -> a ReadReport: decode, normalise, then read metadata and sections."""

from __future__ import annotations

from dataclasses import replace

from . import bodies
from .decode import decode
from .extract import extract_commitments
from .errors import ConflictError, MissingMetadataError, NotAReportError, gettext_noop
from .metadata import kind_stated, read_metadata
from .normalise import normalise_report, visible
from .sections import read_sections
from .lexicon.words import CJK_CHAR
from .types import Fact, Metadata, ReadReport

# Sources that state the year outright; a year given by hand that contradicts one is refused.
_STATED_YEAR_SOURCES = {"title", "dateline", "byline", "heading_plan", "heading_review"}
# Sources that name the body outright; a body given by hand that contradicts one is refused.
_STATED_BODY_SOURCES = {"title", "dateline", "byline", "mandate"}
# The title names the kind of report outright (…人民政府工作报告, …常务委员会工作报告).
_STATED_KIND_SOURCES = {"title"}
# (kind given, stated by the title) -> the error.
_KIND_CONTRADICTED = {
    ("gov", True): gettext_noop(
        "%(source)s: given as a government work report, but its title (“%(evidence)s”) names a standing committee's work report."
    ),
    ("npc", True): gettext_noop(
        "%(source)s: given as a standing committee's work report, but its title (“%(evidence)s”) names a government work report."
    ),
    ("gov", False): gettext_noop(
        "%(source)s: given as a government work report, but the report says it is a standing committee's (“%(evidence)s”)."
    ),
    ("npc", False): gettext_noop(
        "%(source)s: given as a standing committee's work report, but the report says it is a government's (“%(evidence)s”)."
    ),
}
_TITLE_MAX = 200
# A report's paragraphs run to a few hundred characters; a text of lines this long on average lost its line breaks.
_RUN_ON_CHARS = 3000
# A national government report gives about 800 rows (general sentences included); five times that is no report.
MAX_COMMITMENTS = 4000


def read_report(data: bytes, *, source: str, overrides: dict[str, Fact] | None = None) -> ReadReport:
    """Read one report file, its commitments included. Raises an IngestError subclass for input that cannot become a report."""
    decoded = decode(data, source=source)
    text, noise, repaired = normalise_report(decoded.text)
    sections, notices = read_sections(text)
    notices = [*repaired, *notices]
    kinds = {section.kind for section in sections}
    if "review" not in kinds and "tasks" not in kinds:
        lines = text.count("\n") + 1
        # A report without its line breaks is still Chinese: a text mostly in other letters is no report at all.
        if len(text) > _RUN_ON_CHARS * lines and len(CJK_CHAR.findall(text)) * 2 > len(text):
            raise NotAReportError(
                gettext_noop(
                    "%(source)s has %(chars)d characters on %(lines)d lines: without its line breaks a report's headings "
                    "cannot be found; keep each heading and paragraph on a line of its own."
                ),
                source=source, chars=len(text), lines=lines,
            )
        raise NotAReportError(
            gettext_noop(
                "%(source)s is not a work report: it has neither a review of the past year "
                "nor a tasks section."
            ),
            source=source,
        )
    metadata = _metadata(text, list(noise), overrides or {}, source=source)
    commitments = extract_commitments(text, sections, report_kind=metadata.kind.value, limit=MAX_COMMITMENTS)
    if len(commitments) > MAX_COMMITMENTS:
        raise NotAReportError(
            gettext_noop(
                "%(source)s: its tasks section gives more than %(limit)d commitments, more than a work report could "
                "promise (a national report gives under a thousand): check that the file is one report, with its "
                "punctuation."
            ),
            source=source, limit=MAX_COMMITMENTS,
        )
    return ReadReport(
        source=source,
        encoding=decoded.encoding,
        raw=decoded.text.replace("\x00", ""),  # NUL is no character: no database text holds it (noticed above)
        text=text,
        title=_title(text),
        metadata=metadata,
        sections=sections,
        notices=notices,
        commitments=commitments,
    )


def _metadata(text: str, noise: list[str], overrides: dict[str, Fact], *, source: str) -> Metadata:
    if "body" in overrides:
        body = overrides["body"]
        name = visible(str(body.value))
        overrides = {**overrides, "body": replace(body, value=bodies.canonical_body_name(name) or name)}
    read = read_metadata(text, noise=noise)
    _refuse_contradiction(
        overrides.get("year"), read.year, _STATED_YEAR_SOURCES, source=source, same=lambda a, b: int(a) == b,
        template=gettext_noop(
            "%(source)s: the year given (%(given)s) contradicts the year the report states "
            "(%(stated)s, from “%(evidence)s”)."
        ),
    )
    _refuse_contradiction(
        overrides.get("body"), read.body, _STATED_BODY_SOURCES, source=source, same=lambda a, b: a == b,
        template=gettext_noop(
            "%(source)s: the body given (%(given)s) contradicts the body the report names "
            "(%(stated)s, from “%(evidence)s”)."
        ),
    )
    given_kind = overrides.get("kind")
    by_title = read.kind.source in _STATED_KIND_SOURCES
    # Without a title, the report's own words for whose it is (kind_stated) refuse a kind given against them too,
    # rather than "no body found" once the kind given sent the search after the other organ.
    if given_kind is not None and given_kind.value != read.kind.value and (by_title or kind_stated(read.kind)):
        raise ConflictError(_KIND_CONTRADICTED[given_kind.value, by_title], source=source, evidence=read.kind.evidence)
    metadata = read_metadata(text, overrides=overrides, noise=noise) if overrides else read
    body_kind = bodies.body_kind(metadata.body.value) if metadata.body.value else None
    if body_kind and metadata.kind.value and body_kind != metadata.kind.value and "kind" in overrides:
        raise ConflictError(
            gettext_noop("%(source)s: %(body)s is a standing committee, but the kind given is a government work report.")
            if body_kind == "npc"
            else gettext_noop("%(source)s: %(body)s is a government, but the kind given is a standing committee's work report."),
            source=source, body=metadata.body.value,
        )
    if body_kind and metadata.kind.value and body_kind != metadata.kind.value:
        # Refused even where the kind is read from the words the text uses (常委会 throughout, not 政府): filing a
        # committee's report under a government would link it to the wrong reports.
        raise ConflictError(
            gettext_noop("%(source)s: %(body)s is a standing committee, but the report reads as a government work report "
                         "(from “%(evidence)s”).")
            if body_kind == "npc"
            else gettext_noop("%(source)s: %(body)s is a government, but the report reads as a standing committee's "
                              "work report (from “%(evidence)s”)."),
            source=source, body=metadata.body.value, evidence=metadata.kind.evidence,
        )
    if metadata.body.value is None:
        raise MissingMetadataError(
            gettext_noop("%(source)s: could not tell which body delivered the report; give the body explicitly."),
            source=source,
        )
    if metadata.kind.value is None:
        raise MissingMetadataError(
            gettext_noop("%(source)s: could not tell whether this is a standing committee or a government report; give the kind explicitly."),
            source=source,
        )
    if metadata.year.value is None:
        raise MissingMetadataError(
            gettext_noop("%(source)s: could not tell the year of the report; give the year explicitly."),
            source=source,
        )
    return metadata


def _refuse_contradiction(given: Fact | None, read: Fact, stated_sources, *, source: str, same, template: str) -> None:
    """A value given by hand that contradicts what the report itself states (title, dateline …) is refused."""
    if given is not None and read.value is not None and read.source in stated_sources and not same(given.value, read.value):
        raise ConflictError(template, source=source, given=given.value, stated=read.value, evidence=read.evidence)


def _title(text: str) -> str:
    first = text.split("\n", 1)[0]
    return first if "报告" in first and len(first) <= _TITLE_MAX else ""
