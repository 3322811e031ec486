"""Promises of year Y against the review of year Y in the report of Y+1: which passages speak of each
promise, how strongly, and what they say of it (fulfilled / partial / mention).

Scoring is one sparse product for a whole pair of reports: the character bigrams of each promise's
distinctive object, weighted by how rare they are in the review, against the bigrams present in each
review passage. A score is the weighted share of the promise's bigrams that the passage contains, so a
law named with or without 《》, with its 市/区 prefix dropped or followed by 正式施行 still scores high.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from .types import SectionSpan

# Evidence must cover at least this weighted share of the promise's distinctive bigrams.
THRESHOLD = 0.62
# Evidence kept per promise, best first.
MAX_EVIDENCE = 3
# A key shorter than this says too little to be matched on its own (审计, 预算).
_MIN_KEY = 2

FULFILLED, PARTIAL, MENTION = "fulfilled", "partial", "mention"
_VERDICT_RANK = {FULFILLED: 3, PARTIAL: 2, MENTION: 1}

# A passage is a clause of a review sentence: what lies between 。！？； (and line breaks).
_PASSAGE = re.compile(r"[^。！？；\n]+[。！？；]?")
_MAX_PASSAGE = 90
_COMMA = re.compile(r"[^，]+，?")
_MARKS = re.compile(r"[《》〈〉“”‘’\"'「」『』（）()\[\]【】，。、；：！？,.;:!?\s·—\-]")
# Words that wrap what a promise is about without saying which one it is.
_GENERIC_HEAD = re.compile(
    r"^(?:(?:[省市区县州]|本[省市区县]|全[省市区县]|[\u4e00-\u9fff]{1,6}?[省市区县])?(?:人民)?政府)?"
    r"(?:关于)?(?:(?:19|20)\d{2}年度?)?"
)
_GENERIC_TAIL = re.compile(
    r"(?:工作)?(?:情况)?(?:的)?(?:报告|汇报)$|(?:的)?(?:情况|工作|建设|实施情况)$|等$"
)
# A target is found by what it measures, not by the figure promised: the review states the figure reached.
_QUANTITY = re.compile(
    r"(?:约|近|超过|达到|提高到|下降到|控制在|保持在)?[\d.％%－\-~～至到]+"
    r"(?:万亿元|亿元|万元|元|万人|万户|万套|万公里|公里|万吨|吨|个百分点|%|％|倍|项|个|家|所|万|亿)?"
    r"(?:左右|以上|以内|以下|多)?"
)
_PLACE_PARTS = re.compile(r"[\u4e00-\u9fff]+?(?:自治区|自治州|自治县|特别行政区|省|市|区|县|盟|旗)")

# What a passage says of a promise, by the promise's kind. A done-verb makes it fulfilled, a
# progress-verb partial; neither makes it a mention.
_DONE = {
    "legislation": r"制定|通过|出台|颁布|施行|批准|修订|修改|废止|审查批准|表决|公布",
    "leg_research": r"立法调研|调研|论证",
    "report": r"听取|审议",
    "inspection": r"检查|开展|完成",
    "survey": r"调研|调查|开展|完成|形成",
    "visit": r"视察|开展|组织",
    "inquiry": r"询问|开展",
    "evaluation": r"测评|评议|开展",
    "oversight": r"监督|跟踪|听取|审议|检查|视察|调研|督办|督促",
    "decision": r"作出|通过|出台|批准|审查批准|表决",
    "rules": r"制定|出台|修订|印发|建立|完善|通过",
    "activity": r"举办|开展|召开|组织|完成|举行",
    "programme": r"实施|完成|建成|出台|设立|建立|推开|推行|开展|启动|印发|取消|停征|降低|提高|扩大|全面",
    "target": r"\d|完成|达到|超过|实现|增长|下降|减少|新增|累计",
    "general": r"$^",
}
_DONE = {kind: re.compile(pattern) for kind, pattern in _DONE.items()}
# Progress short of delivery; for legislation, a draft still under review.
_PROGRESS = re.compile(r"推进|推动|启动|正在|加快|稳步|初步|有序|着手|筹备|研究|起草|征求意见")
_DRAFT_ONLY = re.compile(r"草案|一审|初审|二审|审议了.{0,20}?条例")
_ENACTED = re.compile(r"通过|颁布|施行|批准|出台|公布|表决")
_NOT_DONE = re.compile(r"尚未|未能|还未|没有|有待|仍需|还需|不够|不足")


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


def distinctive(obj: str, kind: str = "", places: tuple[str, ...] = ()) -> str:
    """The part of an object that tells it apart: no marks, no 政府关于…, no …情况的报告, no name of the
    report's own place (a review drops or adds 市/区 freely), and for a target no figure."""
    key = _QUANTITY.sub("", obj) if kind == "target" else obj
    key = _MARKS.sub("", key)
    key = _GENERIC_HEAD.sub("", key, count=1)
    for _ in range(2):
        key = _GENERIC_TAIL.sub("", key)
    for place in places:
        if key.startswith(place) and len(key) - len(place) >= 4:
            key = key[len(place) :]
            break
    return key or _MARKS.sub("", obj)


def link(
    promises: list[Promise], text: str, sections: list[SectionSpan], *, places: tuple[str, ...] = ()
) -> list[Match]:
    """Every passage of the review that speaks of a promise, scored and judged, best first per promise.
    ``places``: the report's own place names (place_prefixes of the body)."""
    passages = review_passages(text, sections)
    keys = [distinctive(p.object, p.kind, places) for p in promises]
    usable = [i for i, key in enumerate(keys) if len(key) >= _MIN_KEY]
    if not passages or not usable:
        return []
    vectorizer = CountVectorizer(analyzer="char", ngram_range=(2, 2), binary=True, lowercase=False, dtype=np.float32)
    passage_matrix = vectorizer.fit_transform([text[s:e] for s, e in passages])
    # Bigrams rare in the review tell most; a key's bigrams unseen in the review still count against it.
    df = np.asarray(passage_matrix.sum(axis=0)).ravel()
    idf_known = np.log((1 + len(passages)) / (1 + df)) + 1.0
    idf_unseen = np.log(1 + len(passages)) + 1.0
    key_bigrams = [_bigrams(keys[i]) for i in usable]
    vocabulary = vectorizer.vocabulary_
    rows, cols, weights, totals = [], [], [], np.zeros(len(usable), dtype=np.float32)
    for row, grams in enumerate(key_bigrams):
        for gram in grams:
            col = vocabulary.get(gram)
            if col is None:
                totals[row] += idf_unseen
            else:
                rows.append(row)
                cols.append(col)
                weights.append(idf_known[col])
                totals[row] += idf_known[col]
    key_matrix = sparse.csr_matrix((weights, (rows, cols)), shape=(len(usable), len(vocabulary)), dtype=np.float32)
    scores = (key_matrix @ passage_matrix.T).toarray() / np.maximum(totals, 1e-6)[:, None]

    matches = []
    for row, index in enumerate(usable):
        candidates = np.flatnonzero(scores[row] >= THRESHOLD)
        if not len(candidates):
            continue
        best = candidates[np.argsort(-scores[row, candidates], kind="stable")][:MAX_EVIDENCE]
        promise = promises[index]
        for p in best:
            start, end = passages[p]
            passage = text[start:end]
            matches.append(Match(promise.key, start, end, round(float(scores[row, p]), 4), verdict(promise, passage)))
    return matches


def _bigrams(key: str) -> set[str]:
    return {key[i : i + 2] for i in range(len(key) - 1)}


def verdict(promise: Promise, passage: str) -> str:
    """What a passage that speaks of a promise says of it."""
    if _NOT_DONE.search(passage):
        return MENTION
    if promise.kind == "legislation" and _DRAFT_ONLY.search(passage) and not _ENACTED.search(passage):
        return PARTIAL
    if _DONE.get(promise.kind, _DONE["general"]).search(passage):
        if promise.kind in ("programme", "legislation", "target") and _PROGRESS.search(passage) and not _ENACTED.search(passage):
            return PARTIAL
        return FULFILLED
    if _PROGRESS.search(passage):
        return PARTIAL
    return MENTION


def status_of(verdicts, *, has_follow_up: bool = True) -> str:
    """A commitment's status from the verdicts of its evidence: the strongest wins (one passage reporting
    it done makes it done); a mention alone, or nothing, is not reported."""
    if not has_follow_up:
        return "pending"
    verdicts = list(verdicts)
    best = max(verdicts, key=_VERDICT_RANK.__getitem__) if verdicts else MENTION
    return {FULFILLED: "fulfilled", PARTIAL: "partial", MENTION: "not_reported"}[best]
