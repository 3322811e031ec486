"""Promises of year Y against the review of year Y in the report of Y+1: which passages speak of each
promise, how strongly, and what they say of it (fulfilled / partial / not done / mention).

Scoring is one sparse product for a whole pair of reports: the character bigrams of each promise's
distinctive object (its key), weighted by how rare they are in the review, against the bigrams each review
passage offers. A score is the weighted share of the key's bigrams the passage contains. Marks and figures
are folded out of both sides, so a law with or without 《》 or 重庆市, or followed by 正式施行, still scores
high; a bigram found with one or two characters between (国资 in 国有资产) earns part credit, so
abbreviations and inserted words cost little.

No key bigram spans a mark, a joining character (的 和 与 及 等) or the edge of a generic word (工作 情况
建设 …); generic words keep a small weight, so what a promise is about carries the score. A compound
object (X和Y, both parts substantial) is also scored part by part: a passage may speak of one part only,
and a promise with a part the review never names is at most partial.

The verdict is read from the clauses that name the promise and those that carry its act on, not from the
whole sentence: in 表扬A、B，C评选正在进行 A is done and C under way. Its words are tables in
lexicon/verdicts.py; figures are read by the one grammar of lexicon/figures.py and compared in a base unit
of their dimension (600万公顷 against 9000万亩, never a share against a count). Every match carries its
provenance: the id of the verdict rule that fired, the words of the promise the passage names, and the
word that decided.

Words: a promise's *key* is its distinctive object as written for scoring, with '|' where no bigram may
span (_key); its *ref* is the caller's id for it, handed back on each of its matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from .lexicon import documents, figures, thesaurus, verdicts as vocab
from .lexicon.words import GENERIC_WORDS, alternation
from .types import SectionSpan

if TYPE_CHECKING:
    from scipy import sparse

# Scores, and the confidences decided from them, are kept to this many decimals: a confidence rounded otherwise than
# the passage's score it is read from showed another number beside it (0.61 against 0.60).
SCORE_DIGITS = 4


def score_of(value) -> float:
    return round(float(value), SCORE_DIGITS)


# Evidence must cover at least this weighted share of the promise's distinctive bigrams.
THRESHOLD = 0.66
# A key of this many bigrams or fewer must be found whole: one missing makes another word (房地产 for
# 房地产业, 铁路投产 for 铁路投资).
_SHORT_KEY, _SHORT_THRESHOLD = 3, 0.79
# Evidence kept per promise, best first; weaker ones only while close to the best.
MAX_EVIDENCE = 3
_NEAR_BEST = 0.8
# A passage naming one part of a compound promise must still cover this much of the whole key.
_PART_FLOOR = 0.45
# A key shorter than this says too little to be matched on its own.
_MIN_KEY = 2
# Credit for a key bigram found with one / two characters between in the passage (国资 in 国有资产).
_GAP_CREDIT = (0.8, 0.5)
# Weight of a generic word's bigrams relative to distinctive ones; a key with fewer distinctive
# characters than _MIN_CONTENT keeps every bigram at full weight (there is nothing else to match on).
_GENERIC_WEIGHT = 0.25
_MIN_CONTENT = 3

FULFILLED, PARTIAL, MENTION, NOT_DONE = "fulfilled", "partial", "mention", "not_done"
CANDIDATE = "candidate"  # a passage ranked among the best but below the decision line: shown, never decisive
# A passage saying the task was put off outranks all: beside one reporting it done, the review says two things, and a
# person decides (decide); confirmed, it is a person's word.
VERDICT_RANK = {NOT_DONE: 4, FULFILLED: 3, PARTIAL: 2, MENTION: 1}

# A passage is a clause of a review sentence: what lies between 。！？； (and line breaks).
_PASSAGE = re.compile(r"[^。！？；\n]+[。！？；]?")
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]?")
_MAX_PASSAGE = 90
_COMMA = re.compile(r"[^，]+，?")
# The verdict reads a passage clause by clause.
_CLAUSE = re.compile(r"[^，,：:]+[，,：:]?")
_MARK_CHARS = r"《》〈〉“”‘’\"'「」『』（）()\[\]【】，。、；：！？,.;:!?\s·—\-－~～%％+＋/"
_MARKS = re.compile(f"[{_MARK_CHARS}]")
_FOLDED_OUT = re.compile(f"[{_MARK_CHARS}\\d]")

# --- Keys ---------------------------------------------------------------------------------------------
# Heads that say whose report or which place, not what: 区政府关于…, 全区…, 中华人民共和国…, 一批…,
# 在我国举行的….
_HEADS = (
    re.compile(r"^(?:[省市区县州]|本[省市区县]|全[省市区县]|[\u4e00-\u9fff]{1,6}?[省市区县])?(?:人民)?政府(?:关于)?|^关于"),
    re.compile(r"^(?:全|本)[国省市区县镇]|^中华人民共和国|^(?:一批|若干|一些)"),
    re.compile(r"^在[\u4e00-\u9fff]{1,8}?(?:举行|举办|召开)的"),
)
_YEAR = re.compile(r"(?:(?:19|20)\d{2}|二〇[〇一二三四五六七八九]{2})年度?(?:\d{1,2}[－\-~～至到]\d{1,2}月)?")
_GENERIC_TAIL = re.compile(
    r"(?:工作)?(?:情况)?(?:的)?(?:报告|汇报)$|(?:的)?(?:实施情况|落实情况|推进情况|进展情况|情况|工作|建设|任务)$|等$"
)
# A figure in a promise (the shared grammar, with the words that lead it and a second figure joined by 和):
# what is measured stays in the key, the figure promised does not.
_QUANTITY = re.compile(
    figures.FROM_TO + f"|(?:{alternation(figures.LEADS)})?{figures.NUMBER}(?:{figures.RANGE})?[{figures.MORE}]?"
    f"(?:{figures.MAGNITUDE})?[{figures.MORE}]?(?:{figures.UNIT})?(?:和{figures.NUMBER}[%％]?)?(?:{figures.BOUND})?"
)
_PLACE_PARTS = re.compile(r"[\u4e00-\u9fff]+?(?:自治区|自治州|自治县|特别行政区|省|市|区|县|盟|旗)")
# No key bigram spans these: they join words, they are not part of one (向 only as "to" an organ or place).
_JOINING = re.compile(r"[|的和与及等]|向(?=[区市省县镇国全各人社群])")
_COMPOUND = re.compile(r"以及|[和与及]")
# Words too common in work reports to tell one promise from another.
_GENERIC = re.compile(alternation(GENERIC_WORDS, longest_first=True))

# What may follow a target's indicator in the review: its figure, its direction, a generic word. Another
# noun makes another indicator (国内生产总值 inside 单位国内生产总值能耗).
_INDICATOR_GOES_ON = re.compile(
    r"[\d.%％，、。；）)]|$|增长|下降|上涨|上升|提高|减少|降低|增加|达到|超过|实现|分别|实际|年均|同比|比上年|累计|再|"
    r"完成|新增|突破|控制|保持|稳定|逐步|回稳|为|由|从|改造|全覆盖|人口|人数|规模|总量"
)


@dataclass(frozen=True)
class Promise:
    ref: object  # the caller's id for it, handed back on each of its matches
    kind: str
    action: str
    object: str


@dataclass(frozen=True)
class Match:
    ref: object  # the Promise.ref of the promise matched
    start: int
    end: int
    score: float
    verdict: str
    rule: str = ""  # id of the verdict rule that fired (verdict.figure.met …)
    matched: tuple[str, ...] = ()  # words of the promise the passage names
    decisive: str = ""  # the word of the passage that decided the verdict


# The review of the year, and its closing problems paragraph (a promise named there as still wanting).
REVIEW_KINDS = ("review", "shortcomings")


def review_passages(text: str, sections: list[SectionSpan]) -> list[tuple[int, int]]:
    """Offsets of the clauses of the review sections, but those of a sentence of thanks (it names everyone and
    reports nothing); long clauses are cut at commas."""
    passages = []
    for section in sections:
        if section.kind not in REVIEW_KINDS:
            continue
        thanks = [m.span() for m in _SENTENCE.finditer(text, section.start, section.end) if vocab.THANKS.search(m.group())]
        for match in _PASSAGE.finditer(text, section.start, section.end):
            if any(a <= match.start() < b for a, b in thanks):
                continue
            start, end = match.span()
            if end - start <= _MAX_PASSAGE:
                passages.append((start, end))
                continue
            passages.extend(_comma_windows(text, start, end))
    return [(s, e) for s, e in passages if text[s:e].strip()]


def _comma_windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A long clause as comma-joined windows of at most _MAX_PASSAGE characters."""
    pieces = [m.span() for m in _COMMA.finditer(text, start, end)]
    windows, window_start, window_end = [], None, None
    for piece_start, piece_end in pieces:
        if window_start is None:
            window_start, window_end = piece_start, piece_end
        elif piece_end - window_start <= _MAX_PASSAGE:
            window_end = piece_end
        else:
            windows.append((window_start, window_end))
            window_start, window_end = piece_start, piece_end
    if window_start is not None:
        windows.append((window_start, window_end))
    return windows


def place_prefixes(body_name: str) -> tuple[str, ...]:
    """The ways a report names its own place, longest first: 重庆市大足区 -> 重庆市大足区, 大足区, 重庆市,
    plus the bare 市 / 区 a report uses for itself."""
    parts = _PLACE_PARTS.findall(body_name.replace("人大常委会", "").replace("人民政府", ""))
    names = {"".join(parts[i:]) for i in range(len(parts))} | set(parts)
    names |= {name[-1] for name in parts}
    return tuple(sorted((n for n in names if n), key=len, reverse=True))


def distinctive(obj: str, kind: str = "", places: tuple[str, ...] = (), action: str = "") -> str:
    """The part of an object that tells it apart: no marks, no year, no 政府关于… / 全区 / 中华人民共和国,
    no …情况的报告, no name of the report's own place (a review drops or adds 市/区 freely), and for a
    measured promise no figure and no direction (国内生产总值增长6.5% -> 国内生产总值)."""
    return _key(obj, kind, places, action).replace("|", "")


def _key(obj: str, kind: str, places: tuple[str, ...], action: str) -> str:
    """distinctive(), with '|' where a mark or a figure stood: no bigram may span it."""
    key = _YEAR.sub("|", obj)
    measured = kind == "target" or bool(re.search(r"\d", key)) or obj.endswith("全覆盖")
    if measured:
        key = _QUANTITY.sub("|", key)
    key = re.sub(r"\|+", "|", _MARKS.sub("|", key)).strip("|")
    plain = key.replace("|", "")

    def cut(front: int = 0, back: int = 0) -> None:
        nonlocal key, plain
        key = _drop_chars(key, front, back)
        plain = plain[front : len(plain) - back]

    for _ in range(2):
        head = max((m.end() for p in _HEADS if (m := p.match(plain))), default=0)
        if head and len(plain) - head >= 2:
            cut(front=head)
    for place in places:
        if plain.startswith(place) and len(plain) - len(place) >= 4:
            cut(front=len(place))
            break
    for _ in range(2):
        tail = _GENERIC_TAIL.search(plain)
        if tail and tail.start() >= 2:
            cut(back=len(plain) - tail.start())
    if measured:
        if action and plain.endswith(action) and len(plain) - len(action) >= 2:
            cut(back=len(action))
        state = vocab.TARGET_STATE.search(plain)
        if state and state.start() >= 2:
            cut(back=len(plain) - state.start())
    return key.strip("|") or _MARKS.sub("", obj)


def _drop_chars(key: str, front: int, back: int) -> str:
    """key without its first ``front`` and last ``back`` characters, '|' not counted."""
    kept = [i for i, ch in enumerate(key) if ch != "|"]
    if front + back >= len(kept):
        return ""
    return key[kept[front] : kept[len(kept) - back - 1] + 1].strip("|")


def _runs(key: str, min_content: int = _MIN_CONTENT) -> list[tuple[str, bool]]:
    """A key cut into (run, generic) with an empty run wherever a mark or a joining character stood. A
    generic word with a single character beside it is a word of its own (服务业, 活动日, 高标准); a key
    with fewer distinctive characters than ``min_content`` is not cut at generic words."""
    runs: list[tuple[str, bool]] = []
    for piece in _JOINING.split(key):
        last = 0
        tokens = []
        for word in _GENERIC.finditer(piece):
            tokens += [(piece[last : word.start()], False), (word.group(), True)]
            last = word.end()
        tokens.append((piece[last:], False))
        for text, generic in (t for t in tokens if t[0]):
            previous = runs[-1] if runs else ("", False)
            if previous[1] != generic and len(previous[0] if generic else text) == 1:
                runs[-1] = (previous[0] + text, False)
            else:
                runs.append((text, generic))
        runs.append(("", False))
    if sum(len(run) for run, generic in runs if not generic and len(run) >= 2) < min_content:
        return [(run, False) for piece in _JOINING.split(key) for run in (piece, "")]
    return runs


def _weighted_bigrams(key: str, min_content: int = _MIN_CONTENT) -> dict[str, float]:
    """A key's bigrams with their weights: 1 inside a distinctive run, _GENERIC_WEIGHT inside a generic
    word, none across a mark, a joining character or a generic word's edge."""
    grams: dict[str, float] = {}
    for run, generic in _runs(key, min_content):
        weight = _GENERIC_WEIGHT if generic else 1.0
        for i in range(len(run) - 1):
            grams[run[i : i + 2]] = max(grams.get(run[i : i + 2], 0.0), weight)
    if not grams:
        plain = key.replace("|", "")
        grams = {plain[i : i + 2]: 1.0 for i in range(len(plain) - 1)}
    return grams


def _head_named(key: str, passage: str) -> bool:
    """The last words of an object are its head (试点政策, 综合试点范围). A review may rename or drop one
    generic head word (自贸试验区 for 自贸试验区试点, 脱贫攻坚 for 脱贫攻坚工程); missing more, it speaks of
    the broader subject (新设…示范区 is not 示范区试点政策)."""
    runs = [run for run in _runs(key) if run[0]]
    tail = []
    while runs and runs[-1][1] and len(tail) < len(runs) - 1:
        tail.append(runs.pop()[0])
    if len(tail) < 2:
        return True
    offered = _offered(passage)
    return sum(offered.get(word[:2], 0.0) < 1.0 for word in tail) < 2


def _parts(key: str) -> list[str]:
    """The parts of a compound object (X和Y, X与Y) when each is substantial on its own; else none."""
    pieces = [p.strip("|") for p in _COMPOUND.split(key)]
    plain = [p.replace("|", "") for p in pieces]
    if len(pieces) < 2 or any(len(p) < 4 or len(_GENERIC.sub("", p)) < 2 for p in plain):
        return []
    return pieces


def _fold(text: str) -> str:
    """Text without marks and digits: what bigrams are read from."""
    return _FOLDED_OUT.sub("", text)


def _offered(text: str) -> dict[str, float]:
    """Credit of each bigram a text offers: 1 adjacent, less with one or two characters between."""
    folded = _fold(text)
    grams: dict[str, float] = {}
    for gap, credit in ((0, 1.0), *enumerate(_GAP_CREDIT, start=1)):
        for i in range(len(folded) - 1 - gap):
            gram = folded[i] + folded[i + 1 + gap]
            if grams.get(gram, 0.0) < credit:
                grams[gram] = credit
    return grams


def _coverage(grams: dict[str, float], text: str) -> float:
    offered = _offered(text)
    return sum(w * offered.get(g, 0.0) for g, w in grams.items()) / (sum(grams.values()) or 1.0)


def link(
    promises: list[Promise],
    text: str,
    sections: list[SectionSpan],
    *,
    places: tuple[str, ...] = (),
    candidates: int = 0,
    term_year: int | None = None,
) -> list[Match]:
    """Every passage of the review that speaks of a promise, scored and judged, best first per promise.
    ``places``: the report's own place names (place_prefixes of the body). ``term_year``: the review is a term-end
    review read whole (sections.TERM_REVIEW_WHOLE) and this is the past year it tells inside the term's account: a
    passage's figures tell the term unless its paragraph names that year up to it."""
    passages = review_passages(text, sections)
    keys = [_key(p.object, p.kind, places, p.action) for p in promises]
    usable = [i for i, key in enumerate(keys) if len(key.replace("|", "")) >= _MIN_KEY]
    if not passages or not usable:
        return []

    review = "\n".join(text[s:e] for s, e in passages)
    term_told = _TermTold(text, term_year)
    problems = [(section.start, section.end) for section in sections if section.kind == "shortcomings"]
    vocabulary, passage_matrix, df = _passage_bigrams([_fold(text[s:e]) for s, e in passages])
    if not len(vocabulary):
        return []
    idf = np.log((1 + len(passages)) / (1 + df)) + 1.0
    idf_unseen = np.log(1 + len(passages)) + 1.0  # a key bigram the review never offers still counts

    # Keys: one row per promise and one per part of a compound promise.
    rows: list[tuple[int, int]] = []  # (promise index, part number or -1 for the whole key)
    k_rows, k_codes, k_weights, k_alt, bars = [], [], [], [], []
    for index in usable:
        for part, key in [(-1, keys[index]), *enumerate(_parts(keys[index]))]:
            grams = _weighted_bigrams(key)
            rewordings = _rewordings(key, grams)
            k_rows += [len(rows)] * (len(grams) + len(rewordings))
            k_codes += [ord(g[0]) << 21 | ord(g[1]) for g in (*grams, *rewordings)]
            k_weights += [*grams.values(), *rewordings.values()]
            k_alt += [False] * len(grams) + [True] * len(rewordings)
            rows.append((index, part))
            bar = _SHORT_THRESHOLD if len(grams) <= _SHORT_KEY else THRESHOLD
            bars.append(np.inf if _too_general(keys[index]) else bar)
    k_rows, k_codes, k_weights = np.asarray(k_rows), np.asarray(k_codes, dtype=np.int64), np.asarray(k_weights)
    cols = np.minimum(np.searchsorted(vocabulary, k_codes), len(vocabulary) - 1)
    seen = vocabulary[cols] == k_codes
    weights = k_weights * np.where(seen, idf[cols], idf_unseen)
    # A rewording earns what the word it stands for would, and adds nothing to what the key asks for.
    totals = np.bincount(k_rows, weights=np.where(k_alt, 0.0, weights), minlength=len(rows))
    from scipy import sparse  # here: scipy takes a third of a second to import, and most commands never link

    key_matrix = sparse.csr_matrix(
        (weights[seen], (k_rows[seen], cols[seen])), shape=(len(rows), len(vocabulary)), dtype=np.float32
    )
    scores = np.minimum((key_matrix @ passage_matrix.T).toarray() / np.maximum(totals, 1e-6)[:, None], 1.0)
    passing = np.where(scores >= np.asarray(bars, dtype=np.float32)[:, None], scores, 0.0)

    whole_row: dict[int, int] = {}
    part_rows: dict[int, list[int]] = {}
    for row, (index, part) in enumerate(rows):
        if part < 0:
            whole_row[index] = row
        else:
            part_rows.setdefault(index, []).append(row)
    kinds_of: dict[str, set[str]] = {}
    for index in usable:
        kinds_of.setdefault(keys[index], set()).add(promises[index].kind)

    matches = []
    for index in usable:
        promise, key = promises[index], keys[index]
        best = passing[whole_row[index]]
        parts = part_rows.get(index, [])
        if parts:
            # A passage may speak of one part only, provided it is about this promise at all.
            one_part = passing[parts].max(axis=0)
            best = np.maximum(best, np.where(scores[whole_row[index]] >= _PART_FLOOR, one_part, 0.0))
        above = np.flatnonzero(best)
        ranked = _ranked(scores, whole_row[index], parts, candidates)
        if not len(above):
            below = _candidates(promise, key, text, passages, ranked, scores[whole_row[index]], set(), review)
            matches.extend(below if _too_general(key) else _named_evidence(promise, key, text, below, term_told, problems))
            continue
        incomplete = any(not passing[row].any() for row in parts)
        siblings = kinds_of[key] - {promise.kind}
        found: list[Match] = []
        for p in above[np.argsort(-best[above], kind="stable")]:
            if len(found) == MAX_EVIDENCE or best[p] < best[above].max() * _NEAR_BEST:
                break
            start, end = passages[p]
            passage = text[start:end]
            if _other_subject(promise, key, passage):
                continue
            context = _context(promise, passage, key)
            if siblings and _sibling_act(promise.kind, siblings, context[0]):
                continue
            judged = _judged_at(promise, key, context, (start, end), term_told, problems)
            if incomplete and judged.verdict == FULFILLED:  # a part of the compound promise is never named
                judged = Judgement(PARTIAL, f"{judged.rule}.incomplete_compound", judged.decisive)
            found.append(
                Match(
                    promise.ref, start, end, score_of(best[p]), judged.verdict,
                    rule=judged.rule, decisive=judged.decisive,
                )
            )
        # A bare mention adds nothing where another passage reports the promise acted on.
        if any(m.verdict != MENTION for m in found):
            found = [m for m in found if m.verdict != MENTION]
        # The words of the promise each kept passage names: computed for the few kept only.
        matches.extend(replace(m, matched=_named_words(key, text[m.start : m.end])) for m in found)
        taken = {(m.start, m.end) for m in found}
        matches.extend(_candidates(promise, key, text, passages, ranked, scores[whole_row[index]], taken, review))
    return matches


def _too_general(key: str) -> bool:
    """A key that is one generic word of two characters once figures and frames are cut (27个项目 -> 项目, 标准建设 ->
    标准): any passage naming it scores in full, so none is taken for a report of it; its best are candidates for a
    person."""
    plain = key.replace("|", "")
    return len(plain) <= 2 and bool(_GENERIC.fullmatch(plain))


def _ranked(scores: np.ndarray, whole: int, parts: list[int], count: int) -> np.ndarray:
    """The ``count`` passages that score best for a promise (whole key or one part of it), best first."""
    if not count:
        return np.empty(0, dtype=np.int64)
    rank = scores[[whole, *parts]].max(axis=0)
    top = np.argsort(-rank, kind="stable")[:count]
    return top[rank[top] > 0]


def _candidates(promise, key, text, passages, ranked, whole_scores, taken, review) -> list[Match]:
    """The best passages below the decision line, kept for a person to look at; they decide nothing."""
    out = []
    for p in ranked:
        start, end = passages[p]
        if (start, end) in taken:
            continue
        passage = text[start:end]
        rule = _other_subject(promise, key, passage) or (
            "candidate.named" if _names_verbatim(key, passage, review) else "candidate.below_line"
        )
        out.append(
            Match(
                promise.ref, start, end, score_of(whole_scores[p]), CANDIDATE, rule=rule,
                matched=_named_words(key, passage),
            )
        )
    return out


def _judged_at(promise: Promise, key: str, context, span: tuple[int, int], term_told: _TermTold, problems) -> Judgement:
    """The verdict of a passage where it stands: in the review's closing problems paragraph (问题和不足), which names
    what is still wanting, a passage never reports a promise kept or advanced (保护主义加剧 is a risk named there)."""
    judged = _verdict(promise, key, context, term_told(*span))
    if judged.verdict in (FULFILLED, PARTIAL) and any(start <= span[0] < end for start, end in problems):
        return Judgement(MENTION, "verdict.wanting.problems", judged.decisive)
    return judged


def _named_evidence(promise: Promise, key: str, text: str, candidates: list[Match], term_told: _TermTold, problems) -> list[Match]:
    """Below the line, a passage that repeats the deliverable's name as written, or a document's short title
    (candidate.named), speaks of it, whatever its score: where it reports the deliverable done or in progress, it is
    evidence, its rule marked ``.named``; a bare mention stays a candidate for a person."""
    out = []
    for match in candidates:
        if match.rule == "candidate.named" and match.score >= NAMED_FLOOR:
            context = _context(promise, text[match.start : match.end], key)
            judged = _judged_at(promise, key, context, (match.start, match.end), term_told, problems)
            if judged.verdict in (FULFILLED, PARTIAL, NOT_DONE):
                match = replace(match, verdict=judged.verdict, rule=f"{judged.rule}.named", decisive=judged.decisive)
        out.append(match)
    return out


# A passage that repeats this many characters of a deliverable's name as written names it.
VERBATIM_RUN = 5
_NON_CJK = re.compile(r"[^\u4e00-\u9fff]+")


# ... provided the review does not repeat those characters all over (a slogan names no task).
VERBATIM_RARE = 2


def _names_verbatim(obj: str, passage: str, review: str) -> bool:
    """Whether the passage repeats VERBATIM_RUN characters of the deliverable's name as written, characters the
    review writes at most VERBATIM_RARE times, or writes the document's short title (_short_title)."""
    # A title names its issuer before 关于 (区检察院关于…的报告): the issuer names no task.
    runs = [run for run in _NON_CJK.split(obj.rpartition("关于")[2]) if len(run) >= VERBATIM_RUN]
    return _short_title(obj, passage, review) or any(
        gram in passage and review.count(gram) <= VERBATIM_RARE
        for run in runs
        for gram in (run[i : i + VERBATIM_RUN] for i in range(len(run) - VERBATIM_RUN + 1))
    )


def _short_title(key: str, passage: str, review: str) -> bool:
    """Whether the passage names a document (a resolution, a regulation, a plan) by a short title: one distinctive
    word of its name joined to its kind, words the name does not write together (长江禁捕决议 for 关于促进和保障长江
    流域禁捕工作的决议), and the review writes that title at most VERBATIM_RARE times."""
    plain = key.replace("|", "")
    kind = documents.TITLE_KIND.search(plain)
    if kind is None:
        return False
    written = plain[max(kind.start() - 2, 0) :]  # the word before the kind, which the name itself joins to it
    titles = (
        gram + kind.group() for gram, weight in _weighted_bigrams(key).items() if weight == 1.0 and gram not in written
    )
    return any(title in passage and review.count(title) <= VERBATIM_RARE for title in titles)


def _other_subject(promise: Promise, key: str, passage: str) -> str:
    """Why a passage that shares the promise's words speaks of something else, as a candidate rule id ("" when
    it may speak of the promise): another indicator (单位国内生产总值能耗 for 国内生产总值), the broader class
    (行政法规 for 有碍发展的行政法规), or another head (示范区 for 示范区试点政策)."""
    if promise.kind == "target" and not (
        _measured_named(key, passage) and _same_indicator(key, passage) and _figure_comparable(promise, passage)
    ):
        return "candidate.other_indicator"
    if not _quoted_name_written(promise.object, passage):
        return "candidate.name_not_written"
    if not _modifier_named(key, passage):
        return "candidate.broader_class"
    if not _head_named(key, passage):
        return "candidate.other_head"
    return ""


def _figure_comparable(promise: Promise, passage: str) -> bool:
    """A passage that gives figures, none of the promised figure's dimension (公里 for a promise in 亿元),
    reports another indicator."""
    promised = _promised_figure(promise.object)
    given = list(figures.quantities(_YEAR.sub("", passage))) if promised is not None else []  # 2024年 is no figure
    return not given or any(figures.comparable(promised, reached) for reached in given)


def _named_words(key: str, passage: str) -> tuple[str, ...]:
    """The words of a key a passage names: the longest stretches of each distinctive run whose bigrams
    the passage offers (gapped ones too: 国资 in 国有资产), two characters or more. Generic runs count
    only where no distinctive one is named."""
    folded = _fold(passage)
    named: dict[str, bool] = {}
    for run, generic in _runs(key, min_content=2):
        start = 0
        for i in range(1, len(run) + 1):
            if i == len(run) or not _credit(run[i - 1 : i + 1], folded):
                if i - start >= 2:
                    named.setdefault(run[start:i], generic)
                start = i
    distinctive_runs = tuple(word for word, generic in named.items() if not generic)
    words = distinctive_runs or tuple(named)
    # A run ends at a joining character or a generic word even inside a word the passage writes whole (巴渝和美乡村,
    # 保障性住房): each word named is shown as far as the passage writes the key's characters around it, without the
    # function words at its edges (院关于 is no word a person would say the passage names).
    shown = (_as_written(_FUNCTION_EDGES.sub("", _widened(word, key, folded)), passage) for word in words)
    return tuple(dict.fromkeys(word for word in shown if len(word) >= 2))


# Between two characters of a word written with others between: at most as many as a gapped bigram skips
# (_GAP_CREDIT), and no mark (地，就园区 is no way of writing 地区).
_GAP = f"[\u4e00-\u9fff]{{0,{len(_GAP_CREDIT)}}}?"


def _as_written(word: str, passage: str) -> str:
    """A word the passage names with characters between, as staff can find it in the passage: by its longest
    stretch the passage writes as the task does (体制 of 力体制 in 着力破除体制, 自贸区 of 韩自贸区 in 中韩、中澳自贸协定和…
    自贸区); with none of two characters, as the passage writes it whole (国有资 for 国资 in 国有资产)."""
    if len(word) < 2 or word in passage:
        return word
    for length in range(len(word) - 1, 1, -1):
        for start in range(len(word) - length + 1):
            if word[start : start + length] in passage:
                return word[start : start + length]
    found = re.search(_GAP.join(map(re.escape, word)), passage)
    return found.group() if found else ""


# Words of two characters that only join (和美乡村 keeps its 和).
_FUNCTION_EDGES = re.compile(r"^(?:关于|对于|以及)+|(?:关于|对于|以及)+$")


def _widened(word: str, key: str, folded: str) -> str:
    """``word`` grown character by character along the key (within one stretch between marks) while the passage
    still writes it."""
    for piece in key.split("|"):
        at = piece.find(word)
        if at < 0:
            continue
        start, end = at, at + len(word)
        while start > 0 and piece[start - 1 : end] in folded:
            start -= 1
        while end < len(piece) and piece[start : end + 1] in folded:
            end += 1
        return piece[start:end]
    return word


def _credit(gram: str, folded: str) -> float:
    """What _offered(…)[gram] would be, for one bigram (no table of all the passage's bigrams)."""
    if gram in folded:
        return 1.0
    best, at = 0.0, folded.find(gram[0])
    while at >= 0:
        for gap, credit in enumerate(_GAP_CREDIT, start=1):
            if folded[at + 1 + gap : at + 2 + gap] == gram[1]:
                best = max(best, credit)
        at = folded.find(gram[0], at + 1)
    return best


def _passage_bigrams(folded: list[str]) -> tuple[np.ndarray, sparse.csr_matrix, np.ndarray]:
    """All passages at once: the sorted bigram codes (the vocabulary), the passage x bigram matrix of
    credits (the best of adjacent and gapped), and each bigram's document frequency as adjacent."""
    from scipy import sparse

    lengths = np.fromiter(map(len, folded), dtype=np.int64, count=len(folded))
    chars = np.frombuffer("".join(folded).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    owner = np.repeat(np.arange(len(folded)), lengths)
    rows, codes, credits = [], [], []
    for gap, credit in ((0, 1.0), *enumerate(_GAP_CREDIT, start=1)):
        first = np.flatnonzero(owner[: len(chars) - 1 - gap] == owner[1 + gap :])
        rows.append(owner[first])
        codes.append(chars[first] << 21 | chars[first + 1 + gap])
        credits.append(np.full(len(first), credit, dtype=np.float32))
    rows, codes, credits = np.concatenate(rows), np.concatenate(codes), np.concatenate(credits)
    vocabulary, cols = np.unique(codes, return_inverse=True)
    # One cell per (passage, bigram), with its best credit.
    cell = rows * len(vocabulary) + cols
    order = np.lexsort((-credits, cell))
    keep = order[np.r_[True, cell[order][1:] != cell[order][:-1]][: len(order)]]
    matrix = sparse.csr_matrix(
        (credits[keep], (rows[keep], cols[keep])), shape=(len(folded), len(vocabulary)), dtype=np.float32
    )
    df = np.bincount(cols[keep][credits[keep] == 1.0], minlength=len(vocabulary))
    return vocabulary, matrix, df


def _rewordings(key: str, grams: dict[str, float]) -> dict[str, float]:
    """Bigrams of the other members of each thesaurus group a key names, at the mean weight of the bigrams
    of the word they stand for (never above it)."""
    out: dict[str, float] = {}
    plain = key.replace("|", "")
    for word, others in thesaurus.alternatives(plain):
        own = [grams.get(word[i : i + 2], 0.0) for i in range(len(word) - 1)]
        weight = sum(own) / len(own) if own else 0.0
        for other in others:
            for i in range(len(other) - 1):
                gram = other[i : i + 2]
                if gram not in grams:
                    out[gram] = max(out.get(gram, 0.0), weight)
    return {gram: weight for gram, weight in out.items() if weight > 0}


def _modifier_named(key: str, passage: str) -> bool:
    """A restrictive modifier (有碍发展的行政法规) narrows the object: a passage with none of its
    distinctive bigrams speaks of the broader class (行政法规), not of this promise."""
    head, sep, _ = key.replace("|", "").partition("的")
    if not sep:
        return True
    grams = [g for g, w in _weighted_bigrams(head, min_content=2).items() if w == 1.0]
    offered = _offered(passage)
    return not grams or any(offered.get(g, 0.0) >= _GAP_CREDIT[0] for g in grams)


# A deliverable that is a name in quotation marks alone (“互联网+政务服务”, “多规合一”).
_QUOTED_NAME = re.compile(r"“([^”]+)”")


def _quoted_name_written(obj: str, passage: str) -> bool:
    """A name in quotation marks is a fixed name: a review reports it by writing it (or a thesaurus word for it),
    not by naming its words apart (“中国制造+互联网” is not 《中国制造2025》 with “互联网+”)."""
    quoted = _QUOTED_NAME.fullmatch(obj)
    if quoted is None:
        return True
    name = _fold(quoted.group(1))
    folded = _fold(passage)
    others = [other for word, alternatives in thesaurus.alternatives(name) if word == name for other in alternatives]
    return any(_fold(form) in folded for form in (name, *others, thesaurus.SPELLED_OUT.get(name, name)))


# Figures given each to one of the things listed before them (二氧化硫、氮氧化物排放量分别下降5.6%和4%).
_RESPECTIVELY = "分别"


def _measured_named(key: str, passage: str) -> bool:
    """Figures given respectively are said of the things listed before them: a passage of such figures that does
    not write the first word of what a target measures (氨氮 of 氨氮排放量, against 二氧化硫、氮氧化物排放量分别下降…),
    nor a thesaurus word for it, gives the figures of other things. (Elsewhere a review may drop a qualifier:
    财政赤字 reports 中央财政赤字.)"""
    plain = key.replace("|", "")
    if _RESPECTIVELY not in passage or len(plain) < 4 or plain[:2] in _fold(passage):
        return True
    return any(other in passage for word, others in thesaurus.alternatives(plain) if plain.startswith(word) for other in others)


def _same_indicator(key: str, passage: str) -> bool:
    """A target's indicator written inside a longer one (单位国内生产总值能耗 for 国内生产总值) is another
    indicator. Judged only where the key is written out whole."""
    ends = [m.end() for m in re.finditer(re.escape(key.replace("|", "")), passage)]
    return not ends or any(_INDICATOR_GOES_ON.match(passage, end) or _GENERIC.match(passage, end) for end in ends)


def _sibling_act(kind: str, siblings: set[str], context: str) -> bool:
    """The passage names the act of another promise of the same object, and not this promise's act."""
    own = vocab.OWN_ACT.get(kind)
    if own is None or own.search(context):
        return False
    return any(vocab.OWN_ACT[s].search(context) for s in siblings if s in vocab.OWN_ACT)


def _context(promise: Promise, passage: str, key: str) -> tuple[str, int]:
    """The clauses of a passage that speak of the promise: those that name it (from the first to the last
    covering at least half what the best covers), those before when the first only continues them
    (以及…的报告), and those after that carry its act on (…专题调研，调研报告正在修改完善) up to the first
    that turns to something else. Also the offset in the context where the promise's name ends in the
    best clause (a reached figure is read after it)."""
    clauses = [m.group() for m in _CLAUSE.finditer(passage)] or [passage]
    grams = _weighted_bigrams(key, min_content=2)
    grams.update(_rewordings(key, grams))
    covers = np.array([_coverage(grams, clause) for clause in clauses])
    best = int(np.argmax(covers))
    named = np.flatnonzero(covers >= max(covers[best] * 0.5, 1e-6))
    if not len(named):  # scored through rewordings the clauses do not show whole: take them all
        named = np.arange(len(clauses))
    first, last = int(named[0]), int(named[-1])
    while first > 0 and vocab.JOINS_BACK.match(clauses[first]):
        first -= 1
    act = vocab.ACT.get(promise.kind)
    for i in range(last + 1, len(clauses)):
        verbless = (
            i == last + 1 and vocab.PREPOSITION_ONLY.match(clauses[last]) and not _names_a_verb(promise, clauses[last])
        )
        carries = vocab.CONTINUES.match(clauses[i]) or (act is not None and act.search(clauses[i]))
        figure = promise.kind == "target" and vocab.FIGURE_NEXT.match(clauses[i])
        if not (verbless or carries or figure):
            break
        last = i
    named_end = len("".join(clauses[first:best])) + _name_end(grams, clauses[best])
    return "".join(clauses[first : last + 1]), named_end


def _names_a_verb(promise: Promise, clause: str) -> bool:
    verbs = vocab.ACT.get(promise.kind) or vocab.DONE.get(promise.kind)
    return bool((verbs and verbs.search(clause)) or vocab.UNFINISHED.search(clause) or vocab.UNDER_WAY.search(clause))


def _name_end(grams: dict[str, float], clause: str) -> int:
    """Offset in the clause just past the last key bigram written there."""
    where = [i for i, ch in enumerate(clause) if not _FOLDED_OUT.match(ch)]
    folded = "".join(clause[i] for i in where)
    ends = [where[at + 1] + 1 for gram in grams if (at := folded.rfind(gram)) >= 0]
    return max(ends, default=0)


class Judgement(NamedTuple):
    """A verdict with its provenance: the id of the rule that gave it (lexicon.verdicts.RULES, plus a
    modifier) and the word of the passage that decided it ("" where an absence decided)."""

    verdict: str
    rule: str
    decisive: str = ""


def verdict(promise: Promise, passage: str, places: tuple[str, ...] = ()) -> str:
    """What a passage that speaks of a promise says of it."""
    return judge(promise, passage, places).verdict


def judge(promise: Promise, passage: str, places: tuple[str, ...] = (), *, term_year: int | None = None) -> Judgement:
    """verdict(), with the rule that gave it and the deciding word."""
    key = _key(promise.object, promise.kind, places, promise.action)
    return _verdict(promise, key, _context(promise, passage, key), _TermTold(passage, term_year)(0, len(passage)))


class _TermTold:
    """Whether a passage of a term-end review read whole tells the term rather than the past year ``year``: its
    paragraph names neither the year nor 去年 (过去一年, 一年来) up to the passage's end. Never, for another review."""

    def __init__(self, text: str, year: int | None):
        self.text = text
        # The year alone, not the end or the start of a range of years (2011—2015年, 2013年至2017年).
        self.past = None if year is None else re.compile(
            f"{vocab.PAST_YEAR.pattern}|(?<![\\d{figures.RANGE_MARKS}]){year}年(?![以至到{figures.RANGE_MARKS}])"
        )

    def __call__(self, start: int, end: int) -> bool:
        if self.past is None:
            return False
        return not self.past.search(self.text, self.text.rfind("\n", 0, start) + 1, end)


def _verdict(promise: Promise, key: str, context: tuple[str, int], term_told: bool = False) -> Judgement:
    kind, action = promise.kind, promise.action or ""
    said, named_end = context
    figure = _promised_figure(promise.object)
    if figure is not None or kind == "target":
        judged = _judge_figure(promise, figure, said, named_end, term_told)
        if judged is not None:
            return judged
    if kind == "legislation" and (draft := vocab.DRAFT_ONLY.search(said)) and not vocab.ENACTED.search(said):
        return Judgement(PARTIAL, "verdict.legislation.draft", draft.group())
    act = vocab.ACT.get(kind)
    acted = act.search(said) if act is not None else None
    if act is not None and acted is None:
        return Judgement(MENTION, "verdict.act.missing")
    if not_done := _not_done(promise, said):
        return Judgement(NOT_DONE, "verdict.not_done", not_done)
    # A word of the promise's own action is no sign of unfinished work (启动 promised, 启动 reported).
    unfinished = next((m for m in vocab.UNFINISHED.finditer(said) if m.group() not in action), None)
    if unfinished is not None:
        return Judgement(PARTIAL, "verdict.unfinished", unfinished.group())
    if wanting := vocab.WANTING.search(said):
        return Judgement(MENTION, "verdict.wanting", wanting.group())
    if kind == "legislation":  # research or a draft where the law was promised
        if done := vocab.DONE[kind].search(said):
            return Judgement(FULFILLED, "verdict.legislation.enacted", done.group())
        return Judgement(PARTIAL, "verdict.legislation.not_enacted", acted.group())
    if acted is not None:
        return Judgement(FULFILLED, "verdict.act", acted.group())
    ongoing = bool(vocab.ONGOING_ACTION.match(action))
    again = _said_again(action, said)
    done = vocab.DONE[kind].search(said) if kind in vocab.DONE else None
    under_way = vocab.UNDER_WAY.search(said)
    if again:
        return Judgement(FULFILLED, "verdict.done.again", again)
    if done is not None:
        if under_way and not ongoing:
            return Judgement(PARTIAL, "verdict.done.under_way", under_way.group())
        return Judgement(FULFILLED, "verdict.done", done.group())
    if under_way:
        if ongoing:
            return Judgement(FULFILLED, "verdict.ongoing", under_way.group())
        return Judgement(PARTIAL, "verdict.under_way", under_way.group())
    return Judgement(MENTION, "verdict.no_sign")


def _not_done(promise: Promise, said: str) -> str:
    """The word saying the promised act was not carried out ("" when none): put off (not to a month of the year),
    suspended, never held, or for a meeting, hearing, inspection, visit or activity, cancelled. Not a word of the
    promise itself (推迟退休年龄试点, 暂缓缴纳社会保险费政策, 推迟 promised)."""
    patterns = (vocab.NOT_DONE, vocab.CANCELLED) if promise.kind in vocab.CANCELLED_KINDS else (vocab.NOT_DONE,)
    own = promise.action + promise.object
    return next(
        (
            m.group() for pattern in patterns for m in pattern.finditer(said)
            if m.group() not in own and not vocab.DELAYED_WITHIN_YEAR.match(said, m.end())
        ),
        "",
    )


_TITLE = re.compile(r"《[^》]*》")


def _unnamed(text: str) -> str:
    """The text with what its titles say blanked out, at the same offsets: a number in a title is part of a name
    (《中国制造2025》), no figure."""
    return _TITLE.sub(lambda title: "《" + "　" * (len(title.group()) - 2) + "》", text)


def _counting(obj: str, said: str) -> list[figures.Quantity]:
    """Where a promise writes its figure before what it counts (再解决6000万农村人口饮水安全问题), the review's figures
    written before the same words (又解决6434万农村人口饮水安全问题), which the name's end comes after."""
    promised = next(figures.quantities(obj), None)
    counted = obj[promised.end : promised.end + 2] if promised is not None else ""
    if len(counted) < 2 or not _CJK_PAIR.fullmatch(counted):
        return []
    return [reached for reached in figures.quantities(said) if said.startswith(counted, reached.end)]


_CJK_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")


def _told_from(said: str, at: int) -> int:
    """Where what a figure at ``at`` is told of begins: its sentence, from the last word of the past year in it
    (过去五年经济实力跃上新台阶；去年国内生产总值增长7.3%: the 7.3% is the year's)."""
    start = max(said.rfind(mark, 0, at) for mark in "。！？") + 1
    for past in vocab.PAST_YEAR.finditer(said, start, at):
        start = past.end()
    return start


OVER_YEARS_RULE = "verdict.figure.over_years"
# Mentions that leave the judgement to a person (needs_review), each with its status rule.
# rules.py names them.
_ASK_A_PERSON = {
    "verdict.no_sign": "status.named_no_sign", OVER_YEARS_RULE: "status.over_years",
}


# Manner adverbs a promise puts before its verb and a review drops (大力盘活 … 盘活财政存量资金).
_MANNER = re.compile(r"^(?:大力|积极|切实|扎实|稳步|有序|进一步|继续|持续|深入|加快)+(?=..)")


def _said_again(action: str, said: str) -> str:
    """The promised verb the review repeats (免除 … 免除), or a verb for the same act (惩治 … 惩处,
    thesaurus.SAME_ACTS): the act reported done; "" if none."""
    verbs = (
        _MANNER.sub("", v)
        for v in re.split(r"[和、及与]", action)
        if len(_MANNER.sub("", v)) >= 2 and not vocab.UNDER_WAY.fullmatch(_MANNER.sub("", v))
    )
    for verb in verbs:
        for word in (verb, *thesaurus.same_acts(verb)):
            if word in said:
                return word
    return ""


def _promised_figure(obj: str) -> figures.Quantity | None:
    """The last figure a promise names (the one promised: 由380元提高到420元 promises 420元), 全覆盖 as
    100% at least; None without one."""
    if obj.endswith(vocab.FULL_COVERAGE):
        return figures.Quantity(100.0, 100.0, "share", figures.AT_LEAST, vocab.FULL_COVERAGE)
    obj = re.sub(figures.FROM_TO, "", _YEAR.sub("", _unnamed(obj)))
    return next(reversed(list(figures.quantities(obj))), None)


# Rule ids of a reached figure against a promised one, by the promised bound and whether it is met.
_FIGURE_RULES = {
    (figures.AT_MOST, True): "verdict.figure.within",
    (figures.AT_MOST, False): "verdict.figure.over",
    (figures.ABOUT, True): "verdict.figure.about",
    (figures.AT_LEAST, True): "verdict.figure.met",
    (figures.AT_LEAST, False): "verdict.figure.short",
    (figures.EXACT, True): "verdict.figure.met",
    (figures.EXACT, False): "verdict.figure.short",
}


def _judge_figure(
    promise: Promise, promised: figures.Quantity | None, said: str, named_end: int, term_told: bool = False
) -> Judgement | None:
    """A measured promise against what the review reports after naming it: the first figure of a
    comparable dimension, in its base unit (reached or not), else the promised state or direction without
    a figure (partial). A figure over several years (an average, a total, or any of a passage ``term_told``) is not
    the year's: where it is all the review gives, a person should judge."""
    if shortfall := vocab.SHORTFALL.search(said):
        return Judgement(PARTIAL, "verdict.shortfall", shortfall.group())
    if promised is None:
        # A qualitative target: the promised state (回稳向好) against the one reported (逐步回稳).
        state = vocab.TARGET_STATE.search(promise.object)
        states = vocab.STATE.findall(state.group()) if state else []
        reported = [w for w in states if w in said]
        if not reported:
            return None
        if len(reported) == len(states):
            return Judgement(FULFILLED, "verdict.state.met", "、".join(reported))
        return Judgement(PARTIAL, "verdict.state.some", "、".join(reported))
    yearly = not vocab.OVER_YEARS.search(promise.object)
    over_years = None
    said = _unnamed(said)
    for reached in (*figures.quantities(said, named_end), *_counting(_unnamed(promise.object), said)):
        if figures.comparable(promised, reached):
            if yearly and (term_told or vocab.OVER_YEARS.search(said, _told_from(said, reached.start), reached.start)):
                over_years = over_years or reached
                continue
            met = figures.meets(promised, reached)
            return Judgement(FULFILLED if met else PARTIAL, _FIGURE_RULES[promised.bound, met], reached.text)
    if over_years is not None:
        return Judgement(MENTION, OVER_YEARS_RULE, over_years.text)
    if promise.object.endswith(vocab.FULL_COVERAGE) and vocab.FULL_COVERAGE in said:
        return Judgement(FULFILLED, "verdict.figure.full_coverage", vocab.FULL_COVERAGE)
    if direction := vocab.DIRECTION.search(said):
        return Judgement(PARTIAL, "verdict.figure.direction_only", direction.group())  # no figure confirmed
    return Judgement(MENTION, "verdict.figure.unreported") if promise.kind == "target" else None


# Candidates that may speak of the promise (the others were found to speak of something else): the ones that
# decide between 未见报告 and a person's look.
CLOSE_CANDIDATES = ("candidate.below_line", "candidate.named")

# A promise whose best passage scores at least this, without reaching the decision line, is not called
# unreported: a person should look (the review may say it in other words).
REVIEW_LINE = 0.5
# Below it, a passage that repeats the deliverable's name verbatim or its short title (candidate.named) still asks
# for a look.
NAMED_FLOOR = 0.2


@dataclass(frozen=True)
class Decision:
    """A machine status with its confidence (0–1) and the id of the status rule that decided it."""

    status: str
    confidence: float
    rule: str


def decide(matches: list[Match], *, has_follow_up: bool = True) -> Decision:
    """The status of one promise from its matches: evidence above the line decides (the strongest verdict
    wins); a mention alone is not reported; a passage saying it was not done asks a person; with none, the best
    candidate decides whether the review is silent (not reported) or a person should look (needs_review)."""
    if not has_follow_up:
        return Decision("pending", 1.0, "status.no_follow_up")
    evidence = [m for m in matches if m.verdict != CANDIDATE]
    if evidence:
        best = max(evidence, key=lambda m: (VERDICT_RANK[m.verdict], m.score))
        if best.verdict == MENTION and best.rule in _ASK_A_PERSON:
            # Named, and nothing said of what happened to it (or a figure of several years only): a person should judge.
            return Decision("needs_review", score_of(min(1.0, best.score)), _ASK_A_PERSON[best.rule])
        if best.verdict == NOT_DONE:
            # The review says the task was put off or cancelled: the machine never says so alone (Status.NOT_DONE is
            # a person's, from this passage confirmed).
            return Decision("needs_review", score_of(min(1.0, best.score)), "status.said_not_done")
        status = status_of([best.verdict])
        rule = "status.mention_only" if best.verdict == MENTION else "status.evidence"
        return Decision(status, score_of(min(1.0, best.score)), rule)
    # A candidate found to speak of something else (another indicator, the broader class) asks for no look.
    close = [m for m in matches if m.rule in CLOSE_CANDIDATES]
    top = max((m.score for m in close), default=0.0)
    if top >= REVIEW_LINE:
        return Decision("needs_review", score_of(top), "status.unsure")
    named = max((m.score for m in close if m.rule == "candidate.named"), default=0.0)
    if named >= NAMED_FLOOR:
        # The review repeats the deliverable's name: it is not silent, whatever the score says.
        return Decision("needs_review", score_of(named), "status.named_verbatim")
    return Decision("not_reported", score_of(1.0 - top), "status.silent")


def status_of(verdicts, *, has_follow_up: bool = True) -> str:
    """A commitment's status from the verdicts of its evidence: the strongest wins (one passage saying it was not done
    makes it not done, else one reporting it done makes it done); a mention alone, or nothing, is not reported."""
    if not has_follow_up:
        return "pending"
    verdicts = [v for v in verdicts if v != CANDIDATE]
    best = max(verdicts, key=VERDICT_RANK.__getitem__) if verdicts else MENTION
    return {FULFILLED: "fulfilled", PARTIAL: "partial", NOT_DONE: "not_done", MENTION: "not_reported"}[best]
