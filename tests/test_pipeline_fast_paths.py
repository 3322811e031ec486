"""The pipeline's fast paths give what the plain ones give, on the seed reports (no timing: `bench floors` times)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from ledger.pipeline import bodies
from ledger.pipeline.extract import engine, frames_gov
from ledger.pipeline.extract.sentences import section_sentences
from ledger.pipeline.lexicon import brackets
from ledger.pipeline.read import read_report

from .conftest import CORPUS, needs_corpus

SEEDS = sorted(Path(settings.LEDGER_SEEDS_DIR).glob("*.txt"))


@pytest.fixture(scope="module")
def reports():
    return [read_report(path.read_bytes(), source=path.name) for path in SEEDS]


def _scanned(text, target, start, end):
    """top_level as it was written first: every match of target or a mark, depth tracked throughout."""
    depth, found = 0, []
    for match in re.finditer(f"(?P<t>{target})|[{brackets._MARKS}]", text[:end]):
        if match.start() < start:
            continue
        if match.lastgroup == "t" and depth == 0:
            found.append(match.span())
        for ch in match.group():
            depth = max(0, depth + brackets._STEP.get(ch, 0))
    return found


def test_top_level_finds_what_the_scanner_finds_with_or_without_brackets(reports):
    targets = [frames_gov.TABLE.breaks, "、|(?<=》)(?=《)|(?<=”)(?=“)|(?<=〉)(?=〈)", "等(?!等)", "和|及"]
    spans = checked = 0
    for report in reports:
        text = report.text
        for row in report.commitments:
            for start, end in ((row.sentence_start, row.sentence_end), (row.start, row.end)):
                for target in targets:
                    found = [m.span() for m in brackets.top_level(text, target, start, end)]
                    assert found == _scanned(text, target, start, end)
                    first = brackets.first_top_level(text, target, start, end)
                    assert (first.span() if first else None) == (found[0] if found else None)
                    spans += bool(found)
                    checked += 1
    assert spans and checked > spans  # both spans with matches and spans without were checked


def test_leading_place_is_the_longest_place_name_a_text_opens_with(reports):
    names = bodies._place_names()
    alternation = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
    seen = 0
    for report in reports:
        for row in report.commitments:
            for at in range(row.start, row.end):
                piece = report.text[at : at + 12]
                match = alternation.match(piece)
                assert bodies.leading_place(piece) == (match.group() if match else "")
                seen += bool(match)
    assert seen
    assert bodies.only_places("上海和广东") and not bodies.only_places("上海自贸试验区")


@needs_corpus
def test_the_gov_frames_skip_only_clauses_they_would_not_take():
    """gov.scope and gov.target test a clause's leading words / figures first; with the test taken away they
    give the same on every clause of two national government reports."""
    gov = [read_report(path.read_bytes(), source=path.name) for path in sorted(CORPUS.glob("*.txt"))[:2]]
    assert all(report.metadata.kind.value == "gov" for report in gov)
    scope_start, target_needs = frames_gov._SCOPE_START, frames_gov._TARGET_NEEDS
    skipped = 0
    for report in gov:
        for section in report.sections:
            if section.kind != "tasks":
                continue
            for sentence in section_sentences(report.text, section):
                ctx = engine.Context(
                    text=report.text, sentence=sentence,
                    clauses=engine.clauses(report.text, sentence.start, sentence.end, frames_gov.TABLE),
                )
                frames_gov._begin(ctx)
                for index, (start, end) in enumerate(ctx.clauses):
                    ctx.index = index
                    hit = engine.Hit(frames_gov.FRAMES[0], re.match("", ""), start, end, ctx)
                    gated = frames_gov._scope(hit), frames_gov._target(hit)
                    try:
                        frames_gov._SCOPE_START = frames_gov._TARGET_NEEDS = re.compile("")
                        ungated = frames_gov._scope(hit), frames_gov._target(hit)
                    finally:
                        frames_gov._SCOPE_START, frames_gov._TARGET_NEEDS = scope_start, target_needs
                    assert gated == ungated
                    skipped += gated == (None, None)
    assert skipped


def test_word_alternations_grouped_by_first_character_match_what_the_plain_alternation_matches(reports):
    """alternation groups words by their first character (加(?:快推进|快|大)); every match over the seed texts is the
    plain alternation's, for the lexicon's tables of verbs and words, and for words no group can hold (an empty word,
    one opening with GAP), which keep the plain alternation."""
    from ledger.pipeline.extract.frames_gov import _RULE
    from ledger.pipeline.lexicon import words

    def plain(table, gap=0):
        return "|".join(f".{{0,{gap}}}?".join(map(re.escape, w.split(words.GAP))) + words._not_a_noun(w) for w in table)

    tables = [
        (sorted(_RULE, key=len, reverse=True), 0), (list(words.GENERIC_WORDS), 0),
        (["推进", "推进落实", "加快", "加快推进", "加大", "征求…意见"], 4),
    ]
    for table, gap in tables:
        grouped, flat = re.compile(words.alternation(table, gap=gap)), re.compile(plain(table, gap))
        for report in reports:
            assert [m.span() for m in grouped.finditer(report.text)] == [m.span() for m in flat.finditer(report.text)]
    assert words.alternation(["…意见", "加快"], gap=3) == plain(["…意见", "加快"], 3)
    assert words.alternation(["加快", ""]) == plain(["加快", ""])
