"""The one engine that runs a table of frames over the clauses of a tasks sentence.

A frame is a row of data: an id (the rule every row it produces carries), a pattern over one clause with
named groups (v the action, o the object region, k a kind word), the kind of what it finds, how the object
region becomes list items (a reader from readers.py), and which span a lone item's row covers. The engine
owns the rest: cutting a sentence into clauses, trying the frames in table order (the first frame that gives
items wins the clause), and emitting rows — a list gives one row per item spanning the item, a lone item
one row spanning its action too (开展X执法检查, not just X).

What earlier clauses leave for later ones (the sentence's topic, the last list's kind and action, the
subject of the last report heard) lives in a Context the readers may read and fill.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from ..lexicon.brackets import top_level
from ..types import Candidate, Sentence

# Edge characters trimmed off a clause or an object region.
EDGE = " \t\u3000，；：。！？,;:、"


@dataclass
class Context:
    """What earlier clauses of the sentence leave for later ones."""

    text: str
    sentence: Sentence
    topic: str = ""  # 聚焦X / 围绕X: the subject of a later bare 视察 / 监督
    last_kind: str = ""  # kind of the previous clause's list (legislation / report), for continuations
    last_action: str = ""
    report_subject: str = ""  # subject of the last report heard, for 并开展询问
    found: list[Candidate] = field(default_factory=list)
    clauses: list[tuple[int, int]] = field(default_factory=list)
    index: int = 0  # of the clause being read
    skip: set[int] = field(default_factory=set)  # clauses a frame read together with an earlier one
    notes: dict = field(default_factory=dict)  # what a table keeps across the clauses of a sentence


@dataclass(frozen=True)
class Item:
    """One deliverable a reader found: its kind, object and the span of its list item."""

    kind: str
    object: str
    start: int
    end: int
    action: str = ""  # when the reader knows the action better than the frame's v group
    rule: str = ""  # a finer rule id than the frame's, when the reader has one


class Hit:
    """A frame's pattern matched on one clause; offsets are absolute (into the report text). One is made per
    frame tried on every clause: a plain slotted class (a frozen dataclass costs five times as much to make)."""

    __slots__ = ("frame", "match", "offset", "end", "ctx")

    def __init__(self, frame: "Frame", match: re.Match, offset: int, end: int, ctx: Context):
        self.frame = frame
        self.match = match
        self.offset = offset  # where the clause starts
        self.end = end  # where it ends
        self.ctx = ctx

    @property
    def text(self) -> str:
        return self.ctx.text

    def span(self, group: str | int = 0) -> tuple[int, int]:
        return self.match.start(group) + self.offset, self.match.end(group) + self.offset

    def group(self, name: str) -> str:
        return self.match.group(name) or ""

    def has(self, name: str) -> bool:
        return name in self.match.re.groupindex and self.match.group(name) is not None


# A reader turns a hit into items and whether the object region was a single item (None: the frame does
# not apply to this hit). A Candidate carries every field of an Item and may stand for one.
Reader = Callable[[Hit], "tuple[list[Item] | list[Candidate], bool] | None"]


@dataclass(frozen=True)
class Frame:
    id: str  # the rule id rows carry: npc.report, gov.target …
    pattern: re.Pattern
    read: Reader
    kind: str = ""  # the kind of what it finds, when the reader does not decide it per item
    every: bool = False  # try each match of the pattern in turn until one gives items (else the first only)
    start: str = "match"  # where a lone item's row starts: the whole match or the action (v)
    end: str = "match"  # where it ends: the whole match or the item
    action: str = "{v}"  # the action, from the match's groups
    # Speed only: what a clause must contain for the reader to find anything in it. A clause without it skips the
    # frame with one compiled search instead of a call of the reader.
    needs: re.Pattern | None = None
    # The pattern is empty: the frame reads the whole clause (the engine then skips the search).
    whole: bool = field(init=False, repr=False, compare=False)
    # ``needs`` as plain words when it is only an alternation of them (在, 要|必须): a substring test, no search.
    needs_words: tuple[str, ...] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "whole", not self.every and self.pattern.pattern == "")
        words = self.needs.pattern.split("|") if self.needs is not None and self.needs.flags == re.UNICODE else []
        plain = bool(words) and all(word and re.escape(word) == word for word in words)
        object.__setattr__(self, "needs_words", tuple(words) if plain else None)


@dataclass(frozen=True)
class Table:
    """A rule set: its clause breaks, its frames in the order they are tried, and what to do with a clause
    no frame takes (continue the previous list, remember a topic)."""

    name: str
    frames: tuple[Frame, ...]
    breaks: str  # regex of what cuts a clause at depth 0 (a zero-width cut keeps what follows it)
    unmatched: Callable[[int, int, Context], list[Candidate]] | None = None
    keep: Callable[[str], bool] | None = None  # an object worth a row (not vague, not a fragment)
    trim: bool = True  # clauses lose their edge punctuation
    lead: re.Pattern | None = None  # words before a clause's verb that no row keeps (matched up to the sentence end)
    aside: re.Pattern | None = None  # a clause that promises nothing, matched at its start after the lead
    begin: Callable[[Context], None] | None = None  # reads the sentence as a whole before its clauses
    finish: Callable[[Context], None] | None = None  # rows only the whole sentence gives


def run(table: Table, text: str, sentence: Sentence) -> list[Candidate]:
    ctx = Context(text=text, sentence=sentence, clauses=clauses(text, sentence.start, sentence.end, table))
    if table.begin:
        table.begin(ctx)
    for index, (start, end) in enumerate(ctx.clauses):
        if index in ctx.skip:
            continue
        ctx.index = index
        if table.lead:
            lead = table.lead.match(text, start, sentence.end)
            start = min(lead.end(), end) if lead else start
        if table.aside and table.aside.match(text, start, end):
            continue
        if start < end:
            ctx.found.extend(clause_rows(table, start, end, ctx))
    if table.finish:
        table.finish(ctx)
    return ctx.found


def clause_rows(table: Table, start: int, end: int, ctx: Context) -> list[Candidate]:
    """The rows of the first frame that gives items for text[start:end]; else what the table does with a
    clause no frame takes."""
    clause = ctx.text[start:end]
    whole = None  # the one hit of every whole-clause frame (readers do not keep their hit)
    for frame in table.frames:
        # Frame.hits inlined (this loop runs for every frame on every clause): a frame whose pattern does not
        # match costs one search, a whole-clause frame none, or one search of what it needs.
        if frame.needs_words is not None:
            for word in frame.needs_words:
                if word in clause:
                    break
            else:
                continue
        elif frame.needs is not None and frame.needs.search(ctx.text, start, end) is None:
            continue
        if frame.whole:
            if whole is None:
                whole = Hit(frame, frame.pattern.match(clause), start, end, ctx)
            whole.frame = frame
            matches = (whole.match,)
        elif frame.every:
            matches = frame.pattern.finditer(clause)
        else:
            match = frame.pattern.search(clause)
            if match is None:
                continue
            matches = (match,)
        for match in matches:
            hit = whole if frame.whole else Hit(frame, match, start, end, ctx)
            read = frame.read(hit)
            if read is None:
                if frame.every:
                    continue
                break
            if not read[0]:
                return []  # the clause is the frame's, and promises nothing checkable
            rows = emit(hit, *read)
            if table.keep:
                rows = [row for row in rows if table.keep(row.object)]
            if rows:
                ctx.last_kind, ctx.last_action = rows[-1].kind, rows[-1].action
                return rows
            break
    found = table.unmatched(start, end, ctx) if table.unmatched else []
    if not found:
        ctx.last_kind = ctx.last_action = ""
    return found


def emit(hit: Hit, items: list[Item], single: bool) -> list[Candidate]:
    """A list gives one row per item spanning the item; a lone item one row spanning its action too."""
    frame = hit.frame
    # The action template is filled only when an item does not bring its own action.
    action = "" if all(i.action for i in items) else frame.action.format_map(_Groups(hit.match.groupdict()))
    if not single:
        return [
            # A Candidate with its kind, action and rule is the row itself (it is immutable).
            i if type(i) is Candidate and i.kind and i.action and i.rule
            else Candidate(i.kind or frame.kind, i.action or action, i.object, i.start, i.end, i.rule or frame.id)
            for i in items
        ]
    item = items[0]
    start = hit.span("v" if frame.start == "v" else 0)[0]
    end = item.end if frame.end == "item" else hit.span()[1]
    return [Candidate(item.kind or frame.kind, item.action or action, item.object, start, end, item.rule or frame.id)]


class _Groups(dict):
    """A match's groups for an action template; a group the pattern lacks or that did not take part is ""."""

    def __missing__(self, name: str) -> str:
        return ""

    def __getitem__(self, name: str) -> str:
        return super().get(name) or ""


def clauses(text: str, start: int, end: int, table: Table) -> list[tuple[int, int]]:
    """The clauses of text[start:end], cut at the table's breaks outside quotes and brackets, trimmed."""
    out, position = [], start
    for cut in top_level(text, table.breaks, start, end):
        if cut.start() > position:
            out.append((position, cut.start()))
        position = cut.end()
    if position < end:
        out.append((position, end))
    if table.trim:
        out = [trim(text, s, e) for s, e in out]
    return [(s, e) for s, e in out if e > s]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return start, end
