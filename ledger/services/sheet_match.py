"""A 台账 kept by hand, without the ledger's ID column, read into the ledger: each row is matched to a task of the
report the clerk names by the words of its task column (工作任务, 任务内容 …), so that last year's units, deadlines
and progress need not be typed again.

A row is matched to the task whose wording it shares most character bigrams with (Dice, as a replace matches a
task to its earlier wording), one task per row and one row per task, best pairs first; below MATCH_FLOOR, or where
another task comes within AMBIGUOUS of the best, it is left for a person (the preview says which row and why), never
guessed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..models import Commitment, Report
from .carry import bigrams

# A row and a task this alike are the same promise: a clerk's sheet shortens or rewords (加快培养全科医生、儿科医生
# for 加快培养全科医生), a report's next task of the same part shares its generic words only.
MATCH_FLOOR = 0.5
# Two tasks this close to a row are both its candidates: which one it is, a person says.
AMBIGUOUS = 0.05


@dataclass(frozen=True)
class RowMatch:
    row: int  # the sheet's row number
    text: str  # the row's task as the clerk wrote it
    id: int | None  # the task matched; None when left for a person
    task: str  # the matched (or, when none, the closest) task's wording
    ordinal: int | None
    score: float
    ambiguous: bool = False


def match_rows(rows: list[tuple[int, str]], report: Report) -> list[RowMatch]:
    """Each (row number, task text) matched to a task of ``report``, in the rows' order."""
    tasks = list(report.commitments.only("pk", "ordinal", "kind", "action", "text", "object").order_by("ordinal"))
    wordings = [bigrams(_plain(task.task)) for task in tasks]
    postings: dict[str, list[int]] = defaultdict(list)
    for index, grams in enumerate(wordings):
        for gram in grams:
            postings[gram].append(index)
    scored: list[tuple[float, int, int]] = []  # (score, row index, task index)
    best: dict[int, list[tuple[float, int]]] = {}
    for row_index, (_number, text) in enumerate(rows):
        grams = bigrams(_plain(text))
        shared = Counter(index for gram in grams for index in postings.get(gram, ()))
        ranked = sorted(
            ((2 * n / (len(grams) + len(wordings[index])), index) for index, n in shared.items()), reverse=True
        )
        best[row_index] = ranked[:2]
        scored += [(score, row_index, index) for score, index in ranked if score >= MATCH_FLOOR]
    taken_rows: dict[int, tuple[float, int]] = {}
    taken_tasks: set[int] = set()
    for score, row_index, index in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if row_index in taken_rows or index in taken_tasks:
            continue
        taken_rows[row_index] = (score, index)
        taken_tasks.add(index)
    out = []
    owner = {index: row_index for row_index, (_score, index) in taken_rows.items()}
    for row_index, (number, text) in enumerate(rows):
        top = best[row_index]
        if row_index in taken_rows:
            score, index = taken_rows[row_index]
            # A rival another row took is no doubt: that row is more like it.
            rival = next((s for s, i in top if i != index and owner.get(i, row_index) == row_index), 0.0)
            if score - rival < AMBIGUOUS:
                out.append(_unmatched(number, text, tasks[index], score, ambiguous=True))
            else:
                task = tasks[index]
                out.append(RowMatch(number, text, task.pk, task.task, task.ordinal, round(score, 2)))
        elif top:
            out.append(_unmatched(number, text, tasks[top[0][1]], top[0][0]))
        else:
            out.append(RowMatch(number, text, None, "", None, 0.0))
    return out


def _unmatched(number: int, text: str, closest: Commitment, score: float, *, ambiguous: bool = False) -> RowMatch:
    return RowMatch(number, text, None, closest.task, closest.ordinal, round(score, 2), ambiguous)


def _plain(text: str) -> str:
    """A task's words without the numbering a sheet puts before them (1. / （一） / 一、)."""
    return _NUMBERING.sub("", text or "")


_NUMBERING = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)+")
