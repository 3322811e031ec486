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
