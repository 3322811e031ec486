"""Follow-through end to end, as a user gets it: the promise report read and extracted by the pipeline, its
testable rows linked to the follow-up's review, each annotated deliverable looked up among the rows.

Per pair and per group (tuned: the pairs the rules were written against; blind: pairs annotated without
looking at the tool and never tuned on), it measures:
- found: share of annotated deliverables that exist as a row (a testable row overlapping the deliverable's
  quote whose object holds most of the annotated object; each row stands for one deliverable at most);
- end-to-end status accuracy: the row's status is the annotated one (a deliverable not found is wrong);
- decided accuracy and coverage: among found deliverables, those the machine gave a status to (not
  needs_review), and how many of those are right;
- precision of not_reported: how often 未见报告 is right when the machine says it;
- evidence recall in the top 3: share of reported deliverables (fulfilled / partial) found as rows whose
  annotated passage is among the row's first three candidates.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ledger.accuracy import Score
from ledger.pipeline import link as linker
from ledger.pipeline.extract.evaluate import normalise_object
from ledger.pipeline.sections import TERM_REVIEW_WHOLE
from ledger.pipeline.types import CommitmentRow, ReadReport

REPORTED = ("fulfilled", "partial")
CANDIDATES = 3  # passages kept per promise beyond the evidence
_MIN_SIMILARITY = 0.5


@dataclass(frozen=True)
class Deliverable:
    object: str
    start: int  # the quote in the promise report's text
    end: int
    status: str
    evidence: tuple[tuple[int, int], ...]  # the annotated passages in the follow-up's text


def deliverables(annotation: dict, promise: ReadReport, follow_up: ReadReport, promise_rows: list[dict]) -> list[Deliverable]:
    """The annotated deliverables with their offsets. New-style annotations quote the promise; older ones name
    a row of the extraction annotation (kind and object), whose text is the quote."""
    by_object: dict[tuple[str, str], list[dict]] = {}
    for row in promise_rows:
        by_object.setdefault((row["kind"], normalise_object(row["object"])), []).append(row)
    tasks = [(s.start, s.end) for s in promise.sections if s.kind == "tasks"]
    out, position = [], 0
    for item in annotation["commitments"]:
        quote = item.get("quote")
        if quote is None:
            quote = by_object[(item["kind"], normalise_object(item["object"]))].pop(0)["text"]
        start = _find_in(promise.text, quote, tasks, position)
        position = start
        evidence = tuple(_find(follow_up.text, passage) for passage in item.get("evidence") or ())
        out.append(Deliverable(item["object"], start, start + len(quote), item["status"], evidence))
    return out


def _find_in(text: str, quote: str, spans: list[tuple[int, int]], position: int) -> int:
    """The quote's offset inside the tasks sections, at or after ``position`` when it occurs there."""
    found = [i for s, e in spans for i in _occurrences(text, quote, s, e)]
    if not found:
        return _find(text, quote)[0]
    later = [i for i in found if i >= position]
    return (later or found)[0]


def _occurrences(text: str, quote: str, start: int, end: int):
    i = text.find(quote, start, end)
    while i >= 0:
        yield i
        i = text.find(quote, i + 1, end)


def _find(text: str, passage: str) -> tuple[int, int]:
    start = text.find(passage)
    if start < 0:
        raise LookupError(f"annotated text not in the report: {passage}")
    return start, start + len(passage)


def _bigrams(text: str) -> set[str]:
    text = normalise_object(text)
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def found_rows(items: list[Deliverable], rows: list[CommitmentRow]) -> dict[int, tuple[CommitmentRow, ...]]:
    """Deliverable index -> the rows that stand for it: the one row overlapping its quote that holds most of
    its object (best matches first, each row for one deliverable); else, for a list an annotator kept whole
    (扩大先进技术、关键设备、重要零部件等进口) that the ledger splits, the rows of its items, which hold it together."""
    pairs, overlapping = [], {}
    for index, item in enumerate(items):
        wanted = _bigrams(item.object)
        for row in rows:
            if not row.testable or row.end <= item.start or item.end <= row.start:
                continue
            offered = _bigrams(row.object) | _bigrams(row.text)
            overlapping.setdefault(index, []).append((row, offered))
            similarity = len(wanted & offered) / len(wanted)
            if similarity >= _MIN_SIMILARITY:
                pairs.append((similarity, -abs(row.start - item.start), index, row.ordinal, row))
    used, out = set(), {}
    for _, _, index, ordinal, row in sorted(pairs, key=lambda p: p[:2], reverse=True):
        if index in out or ordinal in used:
            continue
        used.add(ordinal)
        out[index] = (row,)
    for index, candidates in overlapping.items():
        free = [(row, offered) for row, offered in candidates if row.ordinal not in used]
        wanted = _bigrams(items[index].object)
        if index in out or len(free) < 2:
            continue
        if len(wanted & set().union(*(offered for _, offered in free))) / len(wanted) >= _MIN_SIMILARITY:
            used.update(row.ordinal for row, _ in free)
            out[index] = tuple(row for row, _ in free)
    return out


@dataclass(frozen=True)
class Outcome:
    """What the machine says of one row: its status and its candidate passages, best first."""

    status: str
    passages: tuple[tuple[int, int], ...]


def follow_through(rows: list[CommitmentRow], follow_up: ReadReport, places: tuple[str, ...]) -> dict[int, Outcome]:
    """Row ordinal -> the machine's status and candidates, as the ledger computes them."""
    promises = [linker.Promise(row.ordinal, row.kind, row.action, row.object) for row in rows if row.testable]
    matches: dict[int, list[linker.Match]] = {}
    whole = any(notice.code == TERM_REVIEW_WHOLE for notice in follow_up.notices)
    term_year = follow_up.metadata.year.value - 1 if whole else None
    for match in linker.link(
        promises, follow_up.text, follow_up.sections, places=places, candidates=CANDIDATES, term_year=term_year
    ):
        matches.setdefault(match.ref, []).append(match)
    outcomes = {}
    for p in promises:
        found = sorted(matches.get(p.ref, []), key=lambda m: (m.verdict == linker.CANDIDATE, -m.score))
        outcomes[p.ref] = Outcome(linker.decide(found).status, tuple((m.start, m.end) for m in found))
    return outcomes


def score_pair(items: list[Deliverable], rows: list[CommitmentRow], outcomes: dict[int, Outcome]) -> Score:
    score = Score(deliverables=len(items))
    found = found_rows(items, rows)
    for index, item in enumerate(items):
        group = [outcomes[row.ordinal] for row in found.get(index, ())]
        # A deliverable the ledger splits into several rows has the status most of them have.
        statuses = [o.status for o in group]
        status = max(statuses, key=statuses.count) if group else "not_found"
        score.reported += item.status in REPORTED
        score.said_reported += status in REPORTED
        score.confusion[(item.status, status)] = score.confusion.get((item.status, status), 0) + 1
        if not group:
            continue
        score.found += 1
        score.right += status == item.status
        if status != "needs_review":
            score.decided += 1
            score.decided_right += status == item.status
            score.decided_reported += item.status in REPORTED
        if status == "not_reported":
            score.said_not_reported += 1
            score.not_reported_right += item.status == "not_reported"
        if item.status in REPORTED:
            score.reported_found += 1
            top = [passage for o in group for passage in o.passages[:3]]
            score.evidence_top3 += any(s < e2 and s2 < e for s, e in top for s2, e2 in item.evidence)
    return score


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))
