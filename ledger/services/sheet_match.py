"""A 台账 kept by hand, without the ledger's ID column, read into the ledger: each row is matched to a task of the
report the clerk names by the words of its task column (工作任务, 任务内容 …), so that last year's units, deadlines
and progress need not be typed again.

A row and a task are scored by the Dice of their character bigrams, each bigram weighted by how few of the report's
tasks write it, and paired one to one, best pairs first, as a replace pairs them (carry.clear_pairs): below MATCH_FLOOR, or
where another task or row comes within AMBIGUOUS of the pair, the row is left for a person, who is told why and which
task came closest; it is never guessed.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from ..models import Report, SheetPairing
from ..pipeline.lexicon.thesaurus import short_names_folded
from .carry import bigrams, clear_pairs

# A row and a task this alike are the same promise: a clerk's sheet shortens or rewords (中药材产业发展专题调研 for
# 专题调研中药材产业发展, 0.88), while a task of the same pattern about another thing (专题调研全区物业管理情况 against
# 专题调研全区停车管理) stays below it (0.55), its own words weighing most.
MATCH_FLOOR = 0.65
# A match below this is shown as one to check with care.
CHECK_BELOW = 0.8
# A row left out whose closest task (no other row's) is at least this alike is offered to a person to accept.
SUGGEST_FLOOR = 0.4
# Two tasks (or two rows) this close to one pair leave it unclear: which one it is, a person says.
AMBIGUOUS = 0.05
# Why a row is left out (RowMatch.left).
NO_WORDS, UNLIKE, UNCLEAR, TAKEN = "no_words", "unlike", "unclear", "taken"


@dataclass(frozen=True)
class RowMatch:
    row: int  # the sheet's row number
    text: str  # the row's task as the clerk wrote it
    id: int | None  # the task matched; None when left for a person
    task: str  # the matched (or, when none, the closest) task's wording
    ordinal: int | None
    score: float
    left: str = ""  # why it was left out: NO_WORDS, UNLIKE, UNCLEAR, TAKEN
    taken_by: int | None = None  # TAKEN: the row that took the closest task
    # UNCLEAR: the other task (its ordinal) as like the row, or the other row (its number) as like the task.
    rival_task: int | None = None
    rival_row: int | None = None
    suggested: int | None = None  # left out: the closest task (its id), offered to a person to accept
    accepted: bool = False  # matched by a person who accepted the task suggested
    paired_before: bool = False  # accepted at an earlier import (SheetPairing): paired so again
    # Matched, for a row that lists: other tasks (their ordinals) it is like (SUGGEST_FLOOR) and no row took: a row of the
    # clerk's holding several of the ledger's tasks (修订A办法、B办法和C办法) carries over to one of them only.
    also: tuple[int, ...] = ()


def match_rows(rows: list[tuple[int, str]], report: Report) -> list[RowMatch]:
    """Each (row number, task text) matched to a task of ``report``, in the rows' order; a row a person paired with a
    task at an earlier import (SheetPairing, by its words) is paired so again, marked accepted."""
    tasks = list(report.commitments.only("pk", "ordinal", "kind", "action", "text", "object").order_by("ordinal"))
    plain = [_plain(text) for _number, text in rows]
    as_paired = [_plain(text, folded=False) for _number, text in rows]
    pinned = _paired_before(report, as_paired, {task.pk: index for index, task in enumerate(tasks)})
    wordings = [bigrams(_plain(task.task)) for task in tasks]
    postings: dict[str, list[int]] = defaultdict(list)
    for index, grams in enumerate(wordings):
        for gram in grams:
            postings[gram].append(index)
    # A bigram weighs by how few of the report's tasks write it: the words of a pattern (专题调研, 执法检查, 工作情况报告)
    # tell tasks apart less than what they are about (物业 / 停车), and a word no task writes weighs most.
    weight = {gram: math.log((1 + len(tasks)) / (1 + len(holders))) + 1 for gram, holders in postings.items()}
    unseen = math.log(1 + len(tasks)) + 1
    task_weight = [sum(weight[gram] for gram in grams) for grams in wordings]
    scores: dict[tuple[int, int], float] = {}  # (row index, task index): only pairs sharing a bigram
    for row_index, words in enumerate(plain):
        grams = bigrams(words)
        row_weight = sum(weight.get(gram, unseen) for gram in grams)
        shared: Counter = Counter()
        for gram in grams:
            for index in postings.get(gram, ()):
                shared[index] += weight[gram]
        for index, common in shared.items():
            scores[row_index, index] = 2 * common / (row_weight + task_weight[index])
    free = {pair: score for pair, score in scores.items() if pair[0] not in pinned and pair[1] not in pinned.values()}
    paired = {i: (j, score) for i, j, score in clear_pairs(free, floor=MATCH_FLOOR, margin=AMBIGUOUS)}
    row_of_task = {j: i for i, (j, _score) in paired.items()} | {j: i for i, j in pinned.items()}
    by_row: dict[int, list[tuple[int, float]]] = defaultdict(list)
    by_task: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (i, j), score in scores.items():
        by_row[i].append((j, score))
        by_task[j].append((i, score))
    # Each row's closest task (index, score), the first in the report's order where two are as close.
    closest = {i: max(found, key=lambda pair: (pair[1], -pair[0])) for i, found in by_row.items()}
    out = []
    for row_index, (number, text) in enumerate(rows):
        if row_index in pinned:
            task = tasks[pinned[row_index]]
            score = round(scores.get((row_index, pinned[row_index]), 0.0), 2)
            out.append(RowMatch(number, text, task.pk, task.task, task.ordinal, score, accepted=True, paired_before=True))
            continue
        if row_index in paired:
            index, score = paired[row_index]
            task = tasks[index]
            also = sorted(
                tasks[j].ordinal for j, other in by_row[row_index] if j != index and other >= SUGGEST_FLOOR and j not in row_of_task
            ) if _LISTS.search(plain[row_index]) else []  # only a row that lists (A、B / A并B) holds several tasks
            out.append(RowMatch(number, text, task.pk, task.task, task.ordinal, round(score, 2), also=tuple(also)))
            continue
        if row_index not in closest:
            out.append(RowMatch(number, text, None, "", None, 0.0, NO_WORDS))
            continue
        index, score = closest[row_index]
        task = tasks[index]
        found = RowMatch(number, text, None, task.task, task.ordinal, math.floor(score * 100) / 100)
        if score >= SUGGEST_FLOOR and index not in row_of_task:
            found = replace(found, suggested=task.pk)  # withdrawn below where another row is offered it too
        if score < MATCH_FLOOR:
            found = replace(found, left=UNLIKE)
        elif index in row_of_task:
            found = replace(found, left=TAKEN, taken_by=rows[row_of_task[index]][0])
        else:
            rival = next((j for j, other in by_row[row_index] if j != index and other > score - AMBIGUOUS), None)
            rows_as_like = [i for i, other in by_task[index] if i != row_index and other > score - AMBIGUOUS]
            found = replace(
                found, left=UNCLEAR, rival_task=tasks[rival].ordinal if rival is not None else None,
                rival_row=rows[rows_as_like[0]][0] if rival is None and rows_as_like else None,
            )
        out.append(found)
    # A task offered to two rows is offered to neither: which row is its, a person says on the task's page.
    offered = Counter(match.suggested for match in out if match.suggested is not None)
    return [replace(match, suggested=None) if offered.get(match.suggested, 0) > 1 else match for match in out]


def _paired_before(report: Report, plain: list[str], index_of: dict[int, int]) -> dict[int, int]:
    """Row index → task index of the rows a person paired before (by their words), one row to a task."""
    keys = [_pairing_key(words) for words in plain]
    remembered = dict(SheetPairing.objects.filter(report=report, words__in=[k for k in keys if k]).values_list("words", "commitment_id"))
    pinned: dict[int, int] = {}
    for row_index, key in enumerate(keys):
        task = index_of.get(remembered.get(key))
        if task is not None and task not in pinned.values():
            pinned[row_index] = task
    return pinned


def _pairing_key(words: str) -> str:
    return words[: SheetPairing._meta.get_field("words").max_length]


def pairings_remember(report: Report, matches: list[RowMatch], user) -> int:
    """Keep the rows a person paired with a task at this import (matches accepted, not those paired so before: who
    paired them stays named), for the next import of the sheet; returns how many."""
    kept = 0
    for match in matches:
        if not match.accepted or match.paired_before or match.id is None:
            continue
        if words := _pairing_key(_plain(match.text, folded=False)):
            SheetPairing.objects.update_or_create(
                report=report, words=words, defaults={"commitment_id": match.id, "paired_by": user}
            )
            kept += 1
    return kept


_LISTS = re.compile(r"[、，,；;]|[并及和与](?=[\u4e00-\u9fff]{2})")


_NUMBERING = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)+")
# What a clerk writes or leaves out of a task at will, and a report too: the year and the part of it, the acts of
# hearing and holding (听取和审议, 开展), the frame of a report's title (关于…实施情况的…工作), the body's own name and
# place (区人大常委会, 全区), a law's full title (中华人民共和国) and the marks around names. Left out on both sides, what
# remains is what the task is about.
_FILLER = re.compile(
    r"(?:19|20)\d{2}\s*年度?|二〇[〇一二三四五六七八九]{2}年度?|\d{1,2}\s*[-－—~～至]\s*\d{1,2}\s*月|[上下]半年"
    r"|听取和审议|听取|审议|开展|持续|关于|实施情况|情况|工作|的"
    r"|[区市县省]?人大(?:及其)?常委会|中华人民共和国|[《》〈〉“”‘’「」（）()\s]"
)
# The body's own place (全区金融工作), as a word: 资本市场, 健全市场 and 安全区域 keep theirs.
_OWN_PLACE_WORDS = frozenset(f"{whole}{place}" for whole in "全本" for place in "区市县省镇")


def _plain(text: str, *, folded: bool = True) -> str:
    """A task's words without the numbering a sheet puts before them (1. / （一） / 一、) and the words either side
    writes at will (_FILLER, and the body's own place as a word of jieba's), short names and their full forms read
    as one (国资 and 国有资产: lexicon.thesaurus.SHORT_NAMES); not ``folded``, as a person's pairing is kept
    (SheetPairing.words: the key of pairings made before short names were folded, kept so)."""
    import jieba  # here: its dictionary loads on first use, and only a sheet kept by hand is matched by words

    jieba.setLogLevel(logging.WARNING)  # it says on stderr that its dictionary loaded
    words = jieba.lcut(_NUMBERING.sub("", text or ""), HMM=False)
    plain = _FILLER.sub("", "".join(word for word in words if word not in _OWN_PLACE_WORDS))
    return short_names_folded(plain) if folded else plain
