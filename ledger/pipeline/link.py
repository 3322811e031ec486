"""Promises of year Y against the review of year Y in the report of Y+1: which passages speak of each
promise, how strongly, and what they say of it (fulfilled / partial / mention).

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
whole sentence: in 表扬A、B，C评选正在进行 A is done and C under way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .types import SectionSpan

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

FULFILLED, PARTIAL, MENTION = "fulfilled", "partial", "mention"
_VERDICT_RANK = {FULFILLED: 3, PARTIAL: 2, MENTION: 1}

# A passage is a clause of a review sentence: what lies between 。！？； (and line breaks).
_PASSAGE = re.compile(r"[^。！？；\n]+[。！？；]?")
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
_NUMBER = r"\d+(?:\.\d+)?"
# A figure in a promise: what is measured stays in the key, the figure promised does not.
_FROM_TO = r"(?:由|从)(?:每人每年|人均|每人)?" + _NUMBER + r"[多余]?(?:万亿|亿|万)?[^\d，。]{0,3}?(?:提高|增加|降低|下降|减少)到"
_QUANTITY = re.compile(
    _FROM_TO + r"|(?:约|近|超过|达到|提高到|下降到|控制在|保持在|不低于|不超过)?" + _NUMBER
    + r"(?:[－\-~～至到]" + _NUMBER + r")?[多余]?(?:万亿|亿|万|千)?[多余]?"
    r"(?:元|人次|万人|人|户|套|公里|吨|个百分点|%|％|倍|项|个|家|所|辆|亩|件|名|座|条|次)?"
    r"(?:和" + _NUMBER + r"[%％]?)?(?:左右|以上|以内|以下|多)?"
)
# A target is found by what it measures; its direction or state (增长, 回稳向好) is judged, not matched.
_TARGET_STATE = re.compile(
    r"(?:继续|基本|逐步|稳定|分别)?(?:增长|下降|减少|提高|降低|上涨|涨幅|回稳|向好|平衡|同步|增加|新增|脱贫|全覆盖)+$"
)
_STATE_WORDS = re.compile(r"增长|下降|减少|提高|降低|上涨|回稳|向好|平衡|同步|增加")
_PLACE_PARTS = re.compile(r"[\u4e00-\u9fff]+?(?:自治区|自治州|自治县|特别行政区|省|市|区|县|盟|旗)")
# No key bigram spans these: they join words, they are not part of one (向 only as "to" an organ or place).
_JOINING = re.compile(r"[|的和与及等]|向(?=[区市省县镇国全各人社群])")
_COMPOUND = re.compile(r"以及|[和与及]")
# Words too common in work reports to tell one promise from another.
_GENERIC_WORDS = """进一步 高质量 重大项目 财政补助 工作 情况 建设 发展 专项 综合 专题 推进 推动 加快 加强 完善 深化 有关 相关 全面
    持续 继续 重点 重大 项目 工程 试点 制度 机制 体系 报告 汇报 实施 落实 开展 问题 领域 方面 部分 主要 作用
    发挥 更好 事业 进展 活动 措施 具体 基本 任务 水平 服务 管理 改革 政策 规划 方案 办法 条例 规定 决议 决定
    范围 标准 目标 分别 预期 提升 提高 促进 保障 支持 巩固 拓展 优化 强化 创新 社会 国家 规范性文件""".split()
_GENERIC = re.compile("|".join(sorted(_GENERIC_WORDS, key=len, reverse=True)))

# --- Verdicts -----------------------------------------------------------------------------------------
# The act each committee kind promises. Unless the act is named, the passage only describes the subject
# (现代农业园区建设稳步推进 is no report heard): a mention.
_ACT = {
    kind: re.compile(pattern)
    for kind, pattern in {
        "legislation": r"制定|通过|出台|颁布|施行|批准|修订|修改|废止|表决|公布|审议|草案|立法|调研|起草|论证",
        "leg_research": r"调研|论证|立法",
        "report": r"听取|审议",
        "inspection": r"检查",
        "survey": r"调研|调查|考察",
        "visit": r"视察|察看|考察",
        "inquiry": r"询问|质询",
        "evaluation": r"评议|测评",
        "oversight": r"监督|跟踪|听取|审议|检查|视察|察看|调研|督办|督促|评议|询问|审查",
        "decision": r"作出|通过|批准|表决|决定|决议",
    }.items()
}
# The word that names each act outright: promises of one object by different acts (视察 and 监督 of the
# same zone) share its passages by it.
_OWN_ACT = {
    kind: re.compile(pattern)
    for kind, pattern in {
        "visit": r"视察",
        "oversight": r"监督",
        "report": r"听取|审议|报告|汇报",
        "survey": r"调研",
        "inspection": r"执法检查",
        "inquiry": r"询问",
        "evaluation": r"评议",
    }.items()
}
# Delivery words of the kinds whose deliverable is a thing made or done.
_DONE = {
    kind: re.compile(pattern)
    for kind, pattern in {
        "legislation": r"制定|通过|出台|颁布|施行|批准|修订|修改|废止|表决|公布",
        "rules": r"制定|出台|修订|印发|建立|通过|施行|实行",
        "activity": r"举办|开展|召开|组织|完成|举行|主办|表扬|表彰|坚持|接待",
        "programme": r"实施|完成|建成|出台|设立|新设|建立|推开|推行|推广|开展|启动|开启|开通|印发|取消|停征|降低|提高|"
        r"扩大|免除|整合|编制|制定|成立|召开|举行|落地|实现|上线|公布|增设|组建|发布|开工|全部",
        "target": r"完成|达到|超过|实现|增长|下降|减少|新增|累计|提高|增加|降低|上涨|回稳|向好",
    }.items()
}
# Still under way, whatever else the clause says (修订稿已起草完成 is a draft, not the rules).
_UNFINISHED = re.compile(
    r"正在|启动|初步|草案|修订稿|征求意见稿|送审稿|讨论稿|一审|二审|初审|试运行|试行|前期|将于|拟于|待提请|将提请|"
    r"着手|筹备|起草|征求.{0,8}?意见"
)
# Progress with no end: partial where the promise had an end state, done where it was itself ongoing
# (大力推行 is kept by 推进; 全面推开 is not kept by 深化).
_UNDER_WAY = re.compile(r"推进|推动|加快|深化|稳步|逐步|加大|积极")
_ONGOING_ACTION = re.compile(
    r"^(?!全面)(?:大力|持续|继续|深入|积极)?(?:推进|推行|实施|建设|深化|推动|加快|加强|完善|坚持|落实|发展|促进|扩大)"
)
# Said of something still wanting (the shortcomings paragraph).
_WANTING = re.compile(r"尚未|未能|还未|没有|有待|仍需|还需|不够|不足|欠缺|差距|不平衡|薄弱")
# Short of a target: 低于…预期目标, 未完成, 未达到.
_SHORTFALL = re.compile(r"低于.{0,12}?(?:目标|预期)|未完成|未达到|未实现|没有完成|没有实现")
# A legislative draft under review, not enacted.
_DRAFT_ONLY = re.compile(r"草案|一审|初审|二审|审议了.{0,20}?条例")
_ENACTED = re.compile(r"通过|颁布|施行|批准|出台|公布|表决")
# Clauses that carry the named clause's act on: the state told after it, or the verb that came before.
_CONTINUES = re.compile(r"^(?:并|已|目前|现已|正在|将|拟|待|同时|还|尚|均|以及|及|其中|调研报告|初步|低于|高于|未)")
_JOINS_BACK = re.compile(r"^(?:以及|及|和|并|同时|还)")
_PREPOSITION_ONLY = re.compile(r"^(?:围绕|对|就|针对|聚焦|紧扣|关于)")
# A clause that goes on with the figure of the one before (国内生产总值达到74.4万亿元，增长6.7%).
_FIGURE_NEXT = re.compile(r"^(?:比上年|同比|年均)?(?:增长|下降|上涨|提高|减少|达到|超过|\d)")
# A figure as written: number, range, 多, multiplier, unit, bound.
_FIGURE = re.compile(
    r"(?<![A-Za-z\d.])(" + _NUMBER + r")(?:[%％]?[－\-~～至到](" + _NUMBER + r"))?([多余])?(万亿|亿|万|千)?[多余]?"
    r"(个百分点|%|％|元|人次|人|户|套|公里|吨|倍|项|个|家|所|辆|亩|件|名|座|条|次|天)?(左右|以上|以内|以下|多)?"
)
_MULTIPLIER = {"千": 1e3, "万": 1e4, "亿": 1e8, "万亿": 1e12}
_DIRECTION = re.compile(r"增长|下降|减少|提高|降低|增加|扩大|加快|上涨|加大")
# What may follow a target's indicator in the review: its figure, its direction, a generic word. Another
# noun makes another indicator (国内生产总值 inside 单位国内生产总值能耗).
_INDICATOR_GOES_ON = re.compile(
    r"[\d.%％，、。；）)]|$|增长|下降|上涨|上升|提高|减少|降低|增加|达到|超过|实现|分别|实际|年均|同比|比上年|累计|再|"
    r"完成|新增|突破|控制|保持|稳定|逐步|回稳|为|由|从|改造|全覆盖|人口|人数|规模|总量"
)


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
    rule: str = ""  # id of the verdict rule that fired (verdict.figure.met …)
    matched: tuple[str, ...] = ()  # words of the promise the passage names
    decisive: str = ""  # the word of the passage that decided the verdict


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
        state = _TARGET_STATE.search(plain)
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
    promises: list[Promise], text: str, sections: list[SectionSpan], *, places: tuple[str, ...] = ()
) -> list[Match]:
    """Every passage of the review that speaks of a promise, scored and judged, best first per promise.
    ``places``: the report's own place names (place_prefixes of the body)."""
    passages = review_passages(text, sections)
    keys = [_key(p.object, p.kind, places, p.action) for p in promises]
    usable = [i for i, key in enumerate(keys) if len(key.replace("|", "")) >= _MIN_KEY]
    if not passages or not usable:
        return []

    vocabulary, passage_matrix, df = _passage_bigrams([_fold(text[s:e]) for s, e in passages])
    if not len(vocabulary):
        return []
    idf = np.log((1 + len(passages)) / (1 + df)) + 1.0
    idf_unseen = np.log(1 + len(passages)) + 1.0  # a key bigram the review never offers still counts

    # Keys: one row per promise and one per part of a compound promise.
    rows: list[tuple[int, int]] = []  # (promise index, part number or -1 for the whole key)
    k_rows, k_codes, k_weights, bars = [], [], [], []
    for index in usable:
        for part, key in [(-1, keys[index]), *enumerate(_parts(keys[index]))]:
            grams = _weighted_bigrams(key)
            k_rows += [len(rows)] * len(grams)
            k_codes += [ord(g[0]) << 21 | ord(g[1]) for g in grams]
            k_weights += grams.values()
            rows.append((index, part))
            bars.append(_SHORT_THRESHOLD if len(grams) <= _SHORT_KEY else THRESHOLD)
    k_rows, k_codes, k_weights = np.asarray(k_rows), np.asarray(k_codes, dtype=np.int64), np.asarray(k_weights)
    cols = np.minimum(np.searchsorted(vocabulary, k_codes), len(vocabulary) - 1)
    seen = vocabulary[cols] == k_codes
    weights = k_weights * np.where(seen, idf[cols], idf_unseen)
    totals = np.bincount(k_rows, weights=weights, minlength=len(rows))
    key_matrix = sparse.csr_matrix(
        (weights[seen], (k_rows[seen], cols[seen])), shape=(len(rows), len(vocabulary)), dtype=np.float32
    )
    scores = (key_matrix @ passage_matrix.T).toarray() / np.maximum(totals, 1e-6)[:, None]
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
        candidates = np.flatnonzero(best)
        if not len(candidates):
            continue
        incomplete = any(not passing[row].any() for row in parts)
        siblings = kinds_of[key] - {promise.kind}
        found: list[Match] = []
        for p in candidates[np.argsort(-best[candidates], kind="stable")]:
            if len(found) == MAX_EVIDENCE or best[p] < best[candidates].max() * _NEAR_BEST:
                break
            start, end = passages[p]
            passage = text[start:end]
            if not (_modifier_named(key, passage) and _head_named(key, passage)) or (
                promise.kind == "target" and not _same_indicator(key, passage)
            ):
                continue
            context = _context(promise, passage, key)
            if siblings and _sibling_act(promise.kind, siblings, context[0]):
                continue
            said = _verdict(promise, key, context)
            if incomplete and said == FULFILLED:
                said = PARTIAL  # a part of the compound promise is never named
            found.append(Match(promise.key, start, end, round(float(best[p]), 4), said))
        # A bare mention adds nothing where another passage reports the promise acted on.
        if any(m.verdict != MENTION for m in found):
            found = [m for m in found if m.verdict != MENTION]
        matches.extend(found)
    return matches


def _passage_bigrams(folded: list[str]) -> tuple[np.ndarray, sparse.csr_matrix, np.ndarray]:
    """All passages at once: the sorted bigram codes (the vocabulary), the passage x bigram matrix of
    credits (the best of adjacent and gapped), and each bigram's document frequency as adjacent."""
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


def _modifier_named(key: str, passage: str) -> bool:
    """A restrictive modifier (有碍发展的行政法规) narrows the object: a passage with none of its
    distinctive bigrams speaks of the broader class (行政法规), not of this promise."""
    head, sep, _ = key.replace("|", "").partition("的")
    if not sep:
        return True
    grams = [g for g, w in _weighted_bigrams(head, min_content=2).items() if w == 1.0]
    offered = _offered(passage)
    return not grams or any(offered.get(g, 0.0) >= _GAP_CREDIT[0] for g in grams)


def _same_indicator(key: str, passage: str) -> bool:
    """A target's indicator written inside a longer one (单位国内生产总值能耗 for 国内生产总值) is another
    indicator. Judged only where the key is written out whole."""
    ends = [m.end() for m in re.finditer(re.escape(key.replace("|", "")), passage)]
    return not ends or any(_INDICATOR_GOES_ON.match(passage, end) or _GENERIC.match(passage, end) for end in ends)


def _sibling_act(kind: str, siblings: set[str], context: str) -> bool:
    """The passage names the act of another promise of the same object, and not this promise's act."""
    own = _OWN_ACT.get(kind)
    if own is None or own.search(context):
        return False
    return any(_OWN_ACT[s].search(context) for s in siblings if s in _OWN_ACT)


def _context(promise: Promise, passage: str, key: str) -> tuple[str, int]:
    """The clauses of a passage that speak of the promise: those that name it (from the first to the last
    covering at least half what the best covers), those before when the first only continues them
    (以及…的报告), and those after that carry its act on (…专题调研，调研报告正在修改完善) up to the first
    that turns to something else. Also the offset in the context where the promise's name ends in the
    best clause (a reached figure is read after it)."""
    clauses = [m.group() for m in _CLAUSE.finditer(passage)] or [passage]
    grams = _weighted_bigrams(key, min_content=2)
    covers = np.array([_coverage(grams, clause) for clause in clauses])
    best = int(np.argmax(covers))
    named = np.flatnonzero(covers >= max(covers[best] * 0.5, 1e-6))
    first, last = int(named[0]), int(named[-1])
    while first > 0 and _JOINS_BACK.match(clauses[first]):
        first -= 1
    act = _ACT.get(promise.kind)
    for i in range(last + 1, len(clauses)):
        verbless = (
            i == last + 1 and _PREPOSITION_ONLY.match(clauses[last]) and not _names_a_verb(promise, clauses[last])
        )
        carries = _CONTINUES.match(clauses[i]) or (act is not None and act.search(clauses[i]))
        figure = promise.kind == "target" and _FIGURE_NEXT.match(clauses[i])
        if not (verbless or carries or figure):
            break
        last = i
    named_end = len("".join(clauses[first:best])) + _name_end(grams, clauses[best])
    return "".join(clauses[first : last + 1]), named_end


def _names_a_verb(promise: Promise, clause: str) -> bool:
    verbs = _ACT.get(promise.kind) or _DONE.get(promise.kind)
    return bool((verbs and verbs.search(clause)) or _UNFINISHED.search(clause) or _UNDER_WAY.search(clause))


def _name_end(grams: dict[str, float], clause: str) -> int:
    """Offset in the clause just past the last key bigram written there."""
    where = [i for i, ch in enumerate(clause) if not _FOLDED_OUT.match(ch)]
    folded = "".join(clause[i] for i in where)
    ends = [where[at + 1] + 1 for gram in grams if (at := folded.rfind(gram)) >= 0]
    return max(ends, default=0)


def verdict(promise: Promise, passage: str, places: tuple[str, ...] = ()) -> str:
    """What a passage that speaks of a promise says of it."""
    key = _key(promise.object, promise.kind, places, promise.action)
    return _verdict(promise, key, _context(promise, passage, key))


def _verdict(promise: Promise, key: str, context: tuple[str, int]) -> str:
    kind, action = promise.kind, promise.action or ""
    said, named_end = context
    figure = _promised_figure(promise.object)
    if figure is not None or kind == "target":
        judged = _judge_figure(promise, figure, said, named_end)
        if judged is not None:
            return judged
    if kind == "legislation" and _DRAFT_ONLY.search(said) and not _ENACTED.search(said):
        return PARTIAL
    act = _ACT.get(kind)
    if act is not None and not act.search(said):
        return MENTION
    # A word of the promise's own action is no sign of unfinished work (启动 promised, 启动 reported).
    if any(m.group() not in action for m in _UNFINISHED.finditer(said)):
        return PARTIAL
    if _WANTING.search(said):
        return MENTION
    if kind == "legislation":  # research or a draft where the law was promised
        return FULFILLED if _DONE[kind].search(said) else PARTIAL
    if act is not None:
        return FULFILLED
    ongoing = bool(_ONGOING_ACTION.match(action))
    again = _said_again(action, said)
    done = _DONE.get(kind)
    if again or (done and done.search(said)):
        return PARTIAL if _UNDER_WAY.search(said) and not ongoing and not again else FULFILLED
    if _UNDER_WAY.search(said):
        return FULFILLED if ongoing else PARTIAL
    return MENTION


def _said_again(action: str, said: str) -> bool:
    """The review repeats the promised verb (免除 … 免除): the act reported done."""
    return any(v in said for v in re.split(r"[和、及与]", action) if len(v) >= 2 and not _UNDER_WAY.fullmatch(v))


def _promised_figure(obj: str) -> tuple[float, float, str, str] | None:
    """(low, high, unit, bound) of the figure a promise names, 全覆盖 as 100%; None without one."""
    if obj.endswith("全覆盖"):
        return (100.0, 100.0, "%", "以上")
    obj = re.sub(_FROM_TO, "", _YEAR.sub("", obj))
    found = list(_FIGURE.finditer(obj))
    return _figure_value(found[-1]) if found else None


def _figure_value(m: re.Match) -> tuple[float, float, str, str]:
    multiplier = _MULTIPLIER.get(m.group(4) or "", 1.0)
    low = float(m.group(1)) * multiplier
    high = float(m.group(2)) * multiplier if m.group(2) else low
    unit = "%" if m.group(5) in ("%", "％") else m.group(5) or ""
    return low, high, unit, m.group(6) or ("以上" if m.group(3) else "")


def _judge_figure(promise: Promise, promised, said: str, named_end: int) -> str | None:
    """A measured promise against what the review reports after naming it: the first figure in a
    comparable unit (reached or not), else the promised state or direction without a figure (partial)."""
    if _SHORTFALL.search(said):
        return PARTIAL
    if promised is None:
        # A qualitative target: the promised state (回稳向好) against the one reported (逐步回稳).
        state = _TARGET_STATE.search(promise.object)
        words = _STATE_WORDS.findall(state.group()) if state else []
        reported = [w for w in words if w in said]
        if reported:
            return FULFILLED if len(reported) == len(words) else PARTIAL
        return None
    low, high, unit, bound = promised
    for m in _FIGURE.finditer(said, named_end):
        reached, _, got_unit, _ = _figure_value(m)
        if unit == "%" and got_unit != "%" or unit and unit != "%" and got_unit == "%":
            continue  # a share against a count, or the other way round
        if unit and got_unit and unit not in got_unit and got_unit not in unit:
            continue
        if bound in ("以内", "以下"):
            return FULFILLED if reached <= high else PARTIAL
        if bound == "左右":  # met unless the review says it fell short (checked above)
            return FULFILLED
        return FULFILLED if reached >= low * 0.999 else PARTIAL
    if promise.object.endswith("全覆盖") and "全覆盖" in said:
        return FULFILLED
    if _DIRECTION.search(said):
        return PARTIAL  # the direction is confirmed, the figure is not
    return MENTION if promise.kind == "target" else None


def status_of(verdicts, *, has_follow_up: bool = True) -> str:
    """A commitment's status from the verdicts of its evidence: the strongest wins (one passage reporting
    it done makes it done); a mention alone, or nothing, is not reported."""
    if not has_follow_up:
        return "pending"
    verdicts = list(verdicts)
    best = max(verdicts, key=_VERDICT_RANK.__getitem__) if verdicts else MENTION
    return {FULFILLED: "fulfilled", PARTIAL: "partial", MENTION: "not_reported"}[best]
