"""Plain data passed between pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import Notice

# Where a metadata value came from, most trusted first.
FACT_SOURCES = (
    "override",  # given by the caller (command line, API, admin form)
    "manifest",  # seeds/manifest.yaml
    "title",  # the report's title line
    "dateline",  # 2024年2月5日在…会议上
    "byline",  # 版次:04 作者:2023年02月10日
    "heading_plan",  # 2025年的主要任务
    "heading_review",  # 2024年工作回顾 (plan year = review year + 1)
    "mandate",  # on whose behalf the report is delivered: 受…常委会委托, 我代表国务院
    "text",  # named in the body text (扬州 for a 市人大常委会 report)
    "dated_fact",  # 今年是新中国成立75周年 -> 2024
    "gazetteer",  # level / parent looked up from the body's name
    "default",
)


@dataclass(frozen=True)
class Fact:
    """One metadata value with where it came from and the text that gave it."""

    value: Any
    source: str
    evidence: str = ""

    def as_dict(self) -> dict:
        return {"value": self.value, "source": self.source, "evidence": self.evidence}


@dataclass(frozen=True)
class Metadata:
    body: Fact  # canonical short name: 重庆市大足区人大常委会, 国务院, 扬州市人民政府
    level: Fact  # national / provincial / prefectural / county
    parent: Fact  # canonical name of the body it sits under, value None when unknown
    kind: Fact  # npc / gov
    year: Fact  # year delivered = plan year; it reviews year - 1


@dataclass(frozen=True)
class Part:
    """A numbered heading inside a section (一、 / （一） / 一是 / 1.) and the text it governs."""

    number: str  # as written, without the separator: 一, （一）, 一是, 1
    level: int  # 1 for 一、, 2 for （一） and 一是, 3 for 1. / 1、
    heading: str  # the heading text (for 一是 the clause up to the first full stop or comma)
    start: int  # offset of the heading in Report.text
    end: int  # end of the text the part governs


@dataclass(frozen=True)
class SectionSpan:
    kind: str  # review / shortcomings / tasks / other
    heading: str  # heading as written, "" when the section has none (a report starting mid-text)
    start: int
    end: int
    parts: tuple[Part, ...] = ()


@dataclass
class ReadReport:
    """Everything the pipeline reads from one file, before anything is stored."""

    source: str
    encoding: str
    raw: str
    text: str
    title: str
    metadata: Metadata
    sections: list[SectionSpan]
    notices: list[Notice] = field(default_factory=list)
    commitments: list["CommitmentRow"] = field(default_factory=list)  # the tasks sections' rows, in order


@dataclass(frozen=True)
class Sentence:
    """A sentence of a tasks section (ends after 。！？ or at the end of its paragraph)."""

    start: int
    end: int
    part: Part | None  # the innermost numbered part it lies in
    parents: tuple[Part, ...] = ()  # every numbered part it lies in, outermost first


@dataclass(frozen=True)
class Candidate:
    """One deliverable found by a rule set, before ordering and categorising."""

    kind: str
    action: str
    object: str
    start: int  # text[start:end] is the shortest span holding the deliverable
    end: int
    rule: str = ""  # id of the frame that produced it (npc.report.list …)


@dataclass(frozen=True)
class CommitmentRow:
    """One ledger row: one deliverable (or one general sentence) of a tasks section."""

    ordinal: int
    kind: str
    action: str
    object: str
    text: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    part: str  # number of the innermost numbered part (一, （一）, 一是), "" when none
    part_heading: str
    category: str
    testable: bool
    rule: str  # id of the frame that produced the row; "general" for a sentence with no deliverable
