"""Promises of year Y against the review of year Y in the report of Y+1: which passages speak of each
promise, how strongly, and what they say of it (fulfilled / partial / mention).

Scoring is one sparse product for a whole pair of reports: the character bigrams of each promise's
distinctive object, weighted by how rare they are in the review, against the bigrams present in each
review passage. A score is the weighted share of the promise's bigrams that the passage contains.
Marks and figures are folded out of both sides, so a law named with or without 《》, with its 市/区 prefix
dropped or followed by 正式施行 still scores high; a bigram found with one or two characters between
(国资 in 国有资产) earns part credit, so abbreviations and inserted words cost little.

The key is cut into segments: no bigram spans a mark, a function character (的 和 与 …) or the edge of a
generic word (工作 情况 建设 …); generic words keep a small weight, so what a promise is about carries the
score. A compound object (X和Y, both substantial) is also scored part by part: a passage may speak of one
part only, and a promise with a part the review never names is at most partial.

The verdict is read from the clause that names the promise (its anchor) and the clauses that continue
it, not from the whole sentence: 表扬A、B，C正在进行 reports A done and C under way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .types import SectionSpan

# Evidence must cover at least this weighted share of the promise's distinctive bigrams.
THRESHOLD = 0.66
# Evidence kept per promise, best first; weaker ones only while close to the best.
MAX_EVIDENCE = 3
_NEAR_BEST = 0.8
# A key shorter than this says too little to be matched on its own (审计, 预算).
_MIN_KEY = 2
# Credit for a key bigram found with one / two characters between in the passage (国资 in 国有资产).
_GAP_CREDIT = (0.7, 0.45)
# Weight of a generic word's bigram relative to a distinctive one, and the distinctive characters a key
# needs before its generic words are weighed down.
_GENERIC_WEIGHT = 0.25
_MIN_CONTENT = 3

FULFILLED, PARTIAL, MENTION = "fulfilled", "partial", "mention"
_VERDICT_RANK = {FULFILLED: 3, PARTIAL: 2, MENTION: 1}

# A passage is a clause of a review sentence: what lies between 。！？； (and line breaks).
_PASSAGE = re.compile(r"[^。！？；\n]+[。！？；]?")
_MAX_PASSAGE = 90
_COMMA = re.compile(r"[^，]+，?")
# Inside a passage the verdict looks at comma clauses.
_CLAUSE = re.compile(r"[^，,：:]+[，,：:]?")
_MARKS = re.compile(r"[《》〈〉“”‘’\"'「」『』（）()\[\]【】，。、；：！？,.;:!?\s·—\-－~～%％+＋/]")
_FOLD_OUT = re.compile(r"[《》〈〉“”‘’\"'「」『』（）()\[\]【】，。、；：！？,.;:!?\s·—\-－~～%％+＋/\d]")
# Words that wrap what a promise is about without saying which one it is.
_GENERIC_HEAD = re.compile(
    r"^(?:(?:[省市区县州]|本[省市区县]|全[省市区县]|[\u4e00-\u9fff]{1,6}?[省市区县])?(?:人民)?政府)?"
    r"(?:关于)?(?:(?:19|20)\d{2}年度?)?"
)
_YEAR = re.compile(r"(?:(?:19|20)\d{2}|二〇[〇一二三四五六七八九]{2})年度?(?:\d{1,2}[－\-~～至到]\d{1,2}月)?")
_WHOLE_PLACE = re.compile(r"^(?:全|本)[国省市区县镇]|^中华人民共和国|^(?:一批|若干|一些|新建)")
# 在我国举行的…: a where-clause before the thing itself.
_LOCATIVE = re.compile(r"^在[\u4e00-\u9fff]{1,8}?(?:举行|举办|召开)的")
_GENERIC_TAIL = re.compile(
    r"(?:工作)?(?:情况)?(?:的)?(?:报告|汇报)$|(?:的)?(?:实施情况|落实情况|推进情况|进展情况|情况|工作|建设|任务)$|等$"
)
# A figure in a promise: what is measured stays in the key, the figure promised does not.
_NUMBER = r"\d+(?:\.\d+)?"
_QUANTITY = re.compile(
    r"(?:由|从)(?:每人每年|人均|每人)?" + _NUMBER + r"[多余]?(?:万亿|亿|万)?[^\d，。]{0,3}?(?:提高|增加|降低|下降|减少)到"
    r"|(?:约|近|超过|达到|提高到|下降到|控制在|保持在|不低于|不超过)?" + _NUMBER + r"(?:[－\-~～至到]" + _NUMBER + r")?"
    r"[多余]?(?:万亿|亿|万|千)?[多余]?"
    r"(?:元|人次|万人|人|户|套|公里|吨|个百分点|%|％|倍|项|个|家|所|辆|亩|件|名|座|条|次)?"
    r"(?:和" + _NUMBER + r"[%％]?)?(?:左右|以上|以内|以下|多)?"
)
_PLACE_PARTS = re.compile(r"[\u4e00-\u9fff]+?(?:自治区|自治州|自治县|特别行政区|省|市|区|县|盟|旗)")
# No key bigram spans these: they join words, they are not part of one.
_FUNCTION_CHARS = "的和与及向对在为由从于之等"
# Words too common in work reports to tell one promise from another; longest first.
_GENERIC_WORDS = sorted(
    """进一步 工作 情况 建设 发展 专项 综合 专题 推进 推动 加快 加强 完善 深化 有关 相关 全面 持续 继续
    重点 重大 项目 工程 试点 制度 机制 体系 报告 汇报 实施 落实 开展 问题 领域 方面 部分 主要 作用 发挥
    更好 事业 进展 活动 措施 具体 基本 任务 水平 服务 管理 改革 政策 规划 方案 办法 条例 规定 决议 决定
    范围 标准 目标 分别 预期 提升 提高 促进 保障 支持 巩固 拓展 优化 规范 强化 创新 高质量""".split(),
    key=len,
    reverse=True,
)
_GENERIC = re.compile("|".join(map(re.escape, _GENERIC_WORDS)))
# A target is found by what it measures; its direction or state (增长, 回稳向好) is judged, not matched.
_TARGET_STATE = re.compile(
    r"(?:继续|基本|逐步|稳定|分别)?(?:增长|下降|减少|提高|降低|上涨|涨幅|回稳|向好|平衡|同步|增加|新增|脱贫|全覆盖)+$"
)
_COMPOUND = re.compile(r"[和与及]|以及")


# What a passage says of a promise, by the promise's kind. For the committee's own acts (report, survey,
# inspection …) the act must be named: a subject merely described (建设稳步推进) is a mention.
_ACT = {
    "legislation": r"制定|通过|出台|颁布|施行|批准|修订|修改|废止|表决|公布|审议|草案",
    "leg_research": r"立法调研|调研|论证|立法",
    "report": r"听取|审议",
    "inspection": r"检查",
    "survey": r"调研|调查|考察",
    "visit": r"视察|察看|考察",
    "inquiry": r"询问|质询",
    "evaluation": r"评议|测评",
    "oversight": r"监督|跟踪|听取|审议|检查|视察|察看|调研|督办|督促|评议|询问|审查",
    "decision": r"作出|通过|批准|审查批准|表决|决定|决议",
}
_ACT = {kind: re.compile(pattern) for kind, pattern in _ACT.items()}
# Delivery words of the kinds whose deliverable is a thing done rather than a committee act.
_DONE = {
    "legislation": r"制定|通过|出台|颁布|施行|批准|修订|修改|废止|表决|公布",
    "rules": r"制定|出台|修订|印发|建立|通过|施行|实行",
    "activity": r"举办|开展|召开|组织|完成|举行|主办|表扬|表彰|坚持|接待",
    "programme": r"实施|完成|建成|出台|设立|新设|建立|推开|推行|推广|开展|启动|开启|开通|印发|取消|停征|降低|提高|扩大"
    r"|免除|整合|编制|制定|成立|召开|举行|落地|实现|上线|公布|增设|组建|发布|开工|全部",
    "target": r"完成|达到|超过|实现|增长|下降|减少|新增|累计|提高|增加|降低|上涨|回稳|向好",
}
_DONE = {kind: re.compile(pattern) for kind, pattern in _DONE.items()}
_ANY_DONE = re.compile(r"完成|建成|出台|印发|成立|实施|施行|通过|实现")
# Still under way, whatever else the clause says (修订稿已起草完成 is a draft, not the rules).
_UNFINISHED = re.compile(
    r"正在|启动|初步|草案|修订稿|征求意见稿|送审稿|讨论稿|一审|二审|初审|试运行|试行|前期|将于|拟于|待提请|"
    r"尚未|着手|筹备|起草|征求.{0,8}?意见|将提请|有序推进"
)
# Progress without an end: partial when the promise had an end state, done when it was itself ongoing.
_UNDER_WAY = re.compile(r"推进|推动|加快|深化|稳步|逐步|加大|积极")
_ONGOING_ACTION = re.compile(r"^(?!全面)(?:大力|持续|继续|深入|积极)?(?:推进|推行|实施|建设|深化|推动|加快|加强|完善|坚持|落实|发展|促进|扩大)")
# Said of something still wanting (usually in the shortcomings paragraph).
_WANTING = re.compile(r"尚未|未能|还未|没有|有待|仍需|还需|不够|不足|欠缺|差距|不平衡|薄弱")
# Short of a target: 低于…预期目标, 未完成, 未达到.
_SHORTFALL = re.compile(r"低于.{0,12}?(?:目标|预期)|未完成|未达到|未实现|没有完成|没有实现")
# A legislative draft still under review, not enacted.
_DRAFT_ONLY = re.compile(r"草案|一审|初审|二审|审议了.{0,20}?条例")
_ENACTED = re.compile(r"通过|颁布|施行|批准|出台|公布|表决")
# Clauses that carry on the anchor's act: the verb came earlier, or the state is told after it.
_CONTINUES = re.compile(r"^(?:并|已|目前|现已|正在|将|拟|待|同时|还|尚|并且|均|以及|及|其中|调研报告|初步|低于|高于|未)")
_JOINS_BACK = re.compile(r"^(?:以及|及|和|并|同时|还)")
_PREPOSITION_ONLY = re.compile(r"^(?:围绕|对|就|针对|聚焦|紧扣|关于)")
# A clause that goes on with the figure of the one before (国内生产总值达到74.4万亿元，增长6.7%).
_FIGURE_NEXT = re.compile(r"^(?:比上年|同比|年均)?(?:增长|下降|上涨|提高|减少|达到|超过|\d)")
# A figure as the review states it.
_FIGURE = re.compile(
    r"(?<![A-Za-z\d.])(" + _NUMBER + r")(?:[%％]?[－\-~～至到](" + _NUMBER + r"))?([多余])?(万亿|亿|万|千)?[多余]?"
    r"(个百分点|%|％|元|人次|人|户|套|公里|吨|倍|项|个|家|所|辆|亩|件|名|座|条|次|天)?(左右|以上|以内|以下|多)?"
)
_MULTIPLIER = {"千": 1e3, "万": 1e4, "亿": 1e8, "万亿": 1e12, None: 1.0, "": 1.0}


@dataclass(frozen=True)
class Promise:
    key: object  # the caller's id for it
    kind: str
    action: str
    object: str


@dataclass(frozen=True)
class Match:
    key: object
    start: int
    end: int
    score: float
    verdict: str


# The review of the year, and its closing problems paragraph (a promise named there as still wanting).
REVIEW_KINDS = ("review", "shortcomings")


def review_passages(text: str, sections: list[SectionSpan]) -> list[tuple[int, int]]:
    """Offsets of the clauses of the review sections; long clauses are cut at commas."""
    passages = []
    for section in sections:
        if section.kind not in REVIEW_KINDS:
            continue
        for match in _PASSAGE.finditer(text, section.start, section.end):
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


def _strip_key(obj: str, kind: str, places: tuple[str, ...], action: str) -> str:
    """The distinctive part of an object, with '|' where a mark stood (no bigram may span it)."""
    key = _YEAR.sub("|", obj)
    measured = kind == "target" or bool(re.search(r"\d", key)) or obj.endswith("全覆盖")
    key = _QUANTITY.sub("|", key) if measured else key
    key = _MARKS.sub("|", key)
    key = re.sub(r"\|+", "|", key).strip("|")
    plain = key.replace("|", "")
    for _ in range(2):
        head = _GENERIC_HEAD.match(plain).end() or (_WHOLE_PLACE.match(plain) or _LOCATIVE.match(plain) or _NO).end()
        if head and len(plain) - head >= 2:
            key, plain = _cut_front(key, head), plain[head:]
    for place in places:
        if plain.startswith(place) and len(plain) - len(place) >= 4:
            key, plain = _cut_front(key, len(place)), plain[len(place) :]
            break
    for _ in range(2):
        tail = _GENERIC_TAIL.search(plain)
        if tail and tail.start() >= 2:
            key, plain = _cut_back(key, len(plain) - tail.start()), plain[: tail.start()]
    if measured:
        # What is measured, not the direction: 国内生产总值增长 -> 国内生产总值.
        if action and plain.endswith(action) and len(plain) - len(action) >= 2:
            key, plain = _cut_back(key, len(action)), plain[: -len(action)]
        state = _TARGET_STATE.search(plain)
        if state and state.start() >= 2:
            key, plain = _cut_back(key, len(plain) - state.start()), plain[: state.start()]
    return key.strip("|") or _MARKS.sub("", obj)


class _NoMatch:
    @staticmethod
    def end() -> int:
        return 0


_NO = _NoMatch()


def _cut_front(key: str, n: int) -> str:
    """Drop the first n non-separator characters of key."""
    seen = 0
    for i, ch in enumerate(key):
        if seen == n:
            return key[i:].lstrip("|")
        if ch != "|":
            seen += 1
    return ""


def _cut_back(key: str, n: int) -> str:
    return _cut_front(key[::-1], n)[::-1]


def distinctive(obj: str, kind: str = "", places: tuple[str, ...] = (), action: str = "") -> str:
    """The part of an object that tells it apart: no marks, no 政府关于…, no …情况的报告, no name of the
    report's own place (a review drops or adds 市/区 freely), and for a target no figure and no direction."""
    return _strip_key(obj, kind, places, action).replace("|", "")


def _weighted_bigrams(key: str) -> dict[str, float]:
    """Bigrams of a key with their relative weight: 1 inside a distinctive run, _GENERIC_WEIGHT inside a
    generic word, none across a mark, a function character or a generic word's edge. A generic word with
    one character after it ends a word of its own (服务业, 活动日); a key with under _MIN_CONTENT
    distinctive characters keeps all its bigrams at full weight (there is nothing else to match on)."""
    runs: list[tuple[str, bool]] = []
    for piece in re.split("[|" + _FUNCTION_CHARS + "]", key):
        last, tokens = 0, []
        for word in _GENERIC.finditer(piece):
            if word.start() > last:
                tokens.append([piece[last : word.start()], False])
            tokens.append([word.group(), True])
            last = word.end()
        if last < len(piece):
            tokens.append([piece[last:], False])
        if len(tokens) >= 2 and tokens[-2][1] and not tokens[-1][1] and len(tokens[-1][0]) == 1:
            tokens[-2:] = [[tokens[-2][0] + tokens[-1][0], False]]
        runs.extend((run, generic) for run, generic in tokens)
    plain = "".join(run for run, _ in runs)
    content = sum(len(run) for run, generic in runs if not generic and len(run) >= 2)
    if content < _MIN_CONTENT:
        runs = [(run, False) for run in re.split("[|" + _FUNCTION_CHARS + "]", key)]
    grams: dict[str, float] = {}
    for run, generic in runs:
        weight = _GENERIC_WEIGHT if generic else 1.0
        for i in range(len(run) - 1):
            gram = run[i : i + 2]
            grams[gram] = max(grams.get(gram, 0.0), weight)
    if not grams and len(plain) >= 2:
        grams = {plain[i : i + 2]: 1.0 for i in range(len(plain) - 1)}
    return grams


def _parts(key: str) -> list[str]:
    """The parts of a compound object (X和Y, X与Y) when each is substantial on its own; else none."""
    pieces = [p.strip("|") for p in _COMPOUND.split(key)]
    if len(pieces) < 2 or any(len(_content(p)) < 3 for p in pieces):
        return []
    return pieces


def _content(key: str) -> str:
    return _GENERIC.sub("", key.replace("|", ""))


def _fold(text: str) -> tuple[str, list[int]]:
    """Text without marks and digits, and where each kept character stood."""
    kept = [(i, ch) for i, ch in enumerate(text) if not _FOLD_OUT.match(ch)]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


def _passage_grams(folded: str) -> dict[str, float]:
    """Credit of each bigram a passage offers: adjacent 1, with one or two characters between less."""
    grams: dict[str, float] = {}
    for gap, credit in ((0, 1.0), *enumerate(_GAP_CREDIT, start=1)):
        for i in range(len(folded) - 1 - gap):
            gram = folded[i] + folded[i + 1 + gap]
            if grams.get(gram, 0.0) < credit:
                grams[gram] = credit
    return grams


def link(
    promises: list[Promise], text: str, sections: list[SectionSpan], *, places: tuple[str, ...] = ()
) -> list[Match]:
    """Every passage of the review that speaks of a promise, scored and judged, best first per promise.
    ``places``: the report's own place names (place_prefixes of the body)."""
    passages = review_passages(text, sections)
    keys = [_strip_key(p.object, p.kind, places, p.action) for p in promises]
    usable = [i for i, key in enumerate(keys) if len(key.replace("|", "")) >= _MIN_KEY]
    if not passages or not usable:
        return []

    # Passage side: bigram credits (one row per passage) and document frequency of adjacent bigrams.
    vocabulary: dict[str, int] = {}
    p_rows, p_cols, p_vals = [], [], []
    for row, (start, end) in enumerate(passages):
        for gram, credit in _passage_grams(_fold(text[start:end])[0]).items():
            col = vocabulary.setdefault(gram, len(vocabulary))
            p_rows.append(row)
            p_cols.append(col)
            p_vals.append(credit)
    vals = np.asarray(p_vals, dtype=np.float32)
    passage_matrix = sparse.csr_matrix((vals, (p_rows, p_cols)), shape=(len(passages), len(vocabulary)))
    df = np.bincount(np.asarray(p_cols)[vals == 1.0], minlength=len(vocabulary))
    idf_known = np.log((1 + len(passages)) / (1 + df)) + 1.0
    idf_unseen = np.log(1 + len(passages)) + 1.0

    # Key side: one row per promise, plus one per part of a compound promise.
    owners: list[tuple[int, int]] = []  # (promise index, part number; -1 = whole key)
    k_rows, k_cols, k_vals, totals = [], [], [], []
    for index in usable:
        for part, key in [(-1, keys[index]), *enumerate(_parts(keys[index]))]:
            row, total = len(owners), 0.0
            owners.append((index, part))
            for gram, weight in _weighted_bigrams(key).items():
                col = vocabulary.get(gram)
                if col is None:
                    total += weight * idf_unseen
                    continue
                k_rows.append(row)
                k_cols.append(col)
                k_vals.append(weight * idf_known[col])
                total += weight * idf_known[col]
            totals.append(total)
    key_matrix = sparse.csr_matrix((k_vals, (k_rows, k_cols)), shape=(len(owners), len(vocabulary)), dtype=np.float32)
    scores = (key_matrix @ passage_matrix.T).toarray() / np.maximum(np.asarray(totals, dtype=np.float32), 1e-6)[:, None]

    best_of: dict[int, np.ndarray] = {}
    parts_found: dict[int, list[bool]] = {}
    for row, (index, part) in enumerate(owners):
        current = best_of.get(index)
        best_of[index] = scores[row] if current is None else np.maximum(current, scores[row])
        if part >= 0:
            parts_found.setdefault(index, []).append(bool((scores[row] >= THRESHOLD).any()))

    matches = []
    for index in usable:
        row_scores = best_of[index]
        candidates = np.flatnonzero(row_scores >= THRESHOLD)
        if not len(candidates):
            continue
        ranked = candidates[np.argsort(-row_scores[candidates], kind="stable")]
        floor = row_scores[ranked[0]] * _NEAR_BEST
        promise = promises[index]
        incomplete = not all(parts_found.get(index, [True]))
        for p in ranked[:MAX_EVIDENCE]:
            if row_scores[p] < floor:
                break
            start, end = passages[p]
            said = _verdict(promise, text[start:end], keys[index])
            if incomplete and said == FULFILLED:
                said = PARTIAL  # only some parts of a compound promise are reported
            matches.append(Match(promise.key, start, end, round(float(row_scores[p]), 4), said))
    return matches


def verdict(promise: Promise, passage: str, places: tuple[str, ...] = ()) -> str:
    """What a passage that speaks of a promise says of it."""
    return _verdict(promise, passage, _strip_key(promise.object, promise.kind, places, promise.action))


def _coverage(key_grams: dict[str, float], folded: str) -> float:
    offered = _passage_grams(folded)
    total = sum(key_grams.values()) or 1.0
    return sum(w * offered.get(g, 0.0) for g, w in key_grams.items()) / total


def _context(promise: Promise, passage: str, key: str) -> tuple[str, int]:
    """The clauses of a passage that speak of the promise: the one naming it best (the anchor), those
    before it when the anchor only continues them (以及…的报告), and those after it that carry its act on
    (…专题调研，调研报告正在修改完善) up to the first that turns to something else. Also the offset in the
    context where the promise's name ends (a reached figure is read after it)."""
    clauses = [m.group() for m in _CLAUSE.finditer(passage)] or [passage]
    grams = _weighted_bigrams(key)
    anchor = int(np.argmax([_coverage(grams, _fold(c)[0]) for c in clauses]))
    act = _ACT.get(promise.kind)
    first = anchor
    while first > 0 and _JOINS_BACK.match(clauses[first]):
        first -= 1
    last = anchor
    for i in range(anchor + 1, len(clauses)):
        clause = clauses[i]
        verbless_anchor = i == anchor + 1 and _PREPOSITION_ONLY.match(clauses[anchor]) and not _has_verb(promise, clauses[anchor])
        carries = _CONTINUES.match(clause) or (act is not None and act.search(clause))
        figure = promise.kind == "target" and _FIGURE_NEXT.match(clause)
        if not (verbless_anchor or carries or figure):
            break
        last = i
    before = "".join(clauses[first:anchor])
    return "".join(clauses[first : last + 1]), len(before) + _name_end(grams, clauses[anchor])


def _has_verb(promise: Promise, clause: str) -> bool:
    act = _ACT.get(promise.kind) or _DONE.get(promise.kind)
    return bool((act and act.search(clause)) or _UNFINISHED.search(clause) or _UNDER_WAY.search(clause))


def _name_end(grams: dict[str, float], clause: str) -> int:
    """Raw offset just past the last key bigram found adjacent in the clause."""
    folded, where = _fold(clause)
    end = 0
    for gram in grams:
        at = folded.rfind(gram)
        if at >= 0:
            end = max(end, where[at + 1] + 1)
    return end


def _verdict(promise: Promise, passage: str, key: str) -> str:
    kind, action = promise.kind, promise.action or ""
    context, named_end = _context(promise, passage, key)
    unfinished = [m.group() for m in _UNFINISHED.finditer(context) if m.group() not in action]
    measured = _promised_figure(promise.object)
    if measured is not None or kind == "target":
        judged = _judge_figure(promise, measured, context, named_end)
        if judged is not None:
            return judged
    if kind == "legislation" and _DRAFT_ONLY.search(context) and not _ENACTED.search(context):
        return PARTIAL
    act = _ACT.get(kind)
    if act is not None and not act.search(context):
        # The committee's act is not named: the subject is only described.
        return MENTION
    if unfinished:
        return PARTIAL
    if _WANTING.search(context):
        return MENTION
    if act is not None:
        return FULFILLED
    done = _DONE.get(kind)
    if (done and done.search(context)) or _said_again(action, context):
        if _UNDER_WAY.search(context) and not _ONGOING_ACTION.match(action) and not _said_again(action, context):
            return PARTIAL
        return FULFILLED
    if _UNDER_WAY.search(context):
        return FULFILLED if _ONGOING_ACTION.match(action) else PARTIAL
    return MENTION


def _said_again(action: str, context: str) -> bool:
    """The review repeats the promised verb (免除 … 免除): the act reported as done."""
    verbs = [v for v in re.split(r"[和、及与]", action) if len(v) >= 2 and not _UNDER_WAY.fullmatch(v)]
    return any(v in context for v in verbs)


def _promised_figure(obj: str):
    """(low, high, unit, bound) of the figure a promise names, 全覆盖 as 100%; None without a figure."""
    if obj.endswith("全覆盖"):
        return (100.0, 100.0, "%", "以上")
    obj = _YEAR.sub("", obj)
    found = list(_FIGURE.finditer(re.sub(r"(?:由|从)(?:每人每年|人均|每人)?" + _NUMBER + r"[^\d]{0,3}?(?:提高|增加)到", "", obj)))
    if not found:
        return None
    return _figure_value(found[-1])


def _figure_value(m: re.Match):
    mult = _MULTIPLIER.get(m.group(4), 1.0)
    low = float(m.group(1)) * mult
    high = float(m.group(2)) * mult if m.group(2) else low
    unit = m.group(5) or ""
    unit = "%" if unit in ("%", "％") else unit
    bound = m.group(6) or ("以上" if m.group(3) else "")
    return (low, high, unit, bound)


def _judge_figure(promise: Promise, promised, context: str, named_end: int) -> str | None:
    """A measured promise against the figure the review reports after naming it."""
    if _SHORTFALL.search(context):
        return PARTIAL
    if promised is None:
        # A qualitative target: the promised state (回稳向好) against the one reported (逐步回稳).
        state = _TARGET_STATE.search(promise.object.replace("全覆盖", ""))
        words = re.findall(r"增长|下降|减少|提高|降低|上涨|回稳|向好|平衡|同步|增加", state.group()) if state else []
        reported = [w for w in words if w in context]
        if words and reported:
            return FULFILLED if len(reported) == len(words) else PARTIAL
        return None
    low, high, unit, bound = promised
    for m in _FIGURE.finditer(context, named_end):
        got_low, got_high, got_unit, _ = _figure_value(m)
        if unit == "%" and got_unit != "%" or unit != "%" and got_unit == "%" and unit:
            continue
        if unit and got_unit and unit != got_unit and not (unit in got_unit or got_unit in unit):
            continue
        if promise.object.endswith("全覆盖") and got_unit != "%":
            continue
        reached = got_low
        if bound in ("以内", "以下"):
            return FULFILLED if reached <= high else PARTIAL
        if bound == "左右":
            return FULFILLED
        return FULFILLED if reached >= low * 0.999 else PARTIAL
    if promise.object.endswith("全覆盖") and "全覆盖" in context:
        return FULFILLED
    if re.search(r"增长|下降|减少|提高|降低|增加|扩大|加快|上涨|加大", context):
        return PARTIAL  # the direction is confirmed, the figure is not
    return None if promise.kind != "target" else MENTION


def status_of(verdicts, *, has_follow_up: bool = True) -> str:
    """A commitment's status from the verdicts of its evidence: the strongest wins (one passage reporting
    it done makes it done); a mention alone, or nothing, is not reported."""
    if not has_follow_up:
        return "pending"
    verdicts = list(verdicts)
    best = max(verdicts, key=_VERDICT_RANK.__getitem__) if verdicts else MENTION
    return {FULFILLED: "fulfilled", PARTIAL: "partial", MENTION: "not_reported"}[best]
