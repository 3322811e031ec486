"""What every extraction guarantees, whatever the rules: order, offsets, parts, general rows."""

import re

import pytest

from ledger.pipeline.extract import DOING, FRAME_END
from ledger.pipeline.extract.categories import category_of
from ledger.pipeline.extract.sentences import section_sentences
from ledger.pipeline.read import read_report
from ledger.pipeline.types import Part

from .conftest import SEED_FILES, SEEDS


def read(name_prefix):
    (path,) = SEEDS.glob(f"{name_prefix}*.txt")
    report = read_report(path.read_bytes(), source=path.name)
    return report, report.commitments


@pytest.mark.parametrize("name", SEED_FILES)
def test_rows_are_deterministic_ordered_and_exact(name):
    report, rows = read(name[:3])
    assert rows == read(name[:3])[1]
    assert [row.ordinal for row in rows] == list(range(1, len(rows) + 1))
    assert [(row.start, row.end) for row in rows] == sorted((row.start, row.end) for row in rows)
    (tasks,) = [s for s in report.sections if s.kind == "tasks"]
    for row in rows:
        assert row.text == report.text[row.start : row.end]
        assert tasks.start <= row.sentence_start <= row.start < row.end <= row.sentence_end <= tasks.end
        assert row.testable == (row.kind != "general")


@pytest.mark.parametrize("name", SEED_FILES)
def test_every_sentence_of_the_tasks_section_is_in_the_ledger_once_or_as_deliverables(name):
    report, rows = read(name[:3])
    (tasks,) = [s for s in report.sections if s.kind == "tasks"]
    sentences = {(s.start, s.end) for s in section_sentences(report.text, tasks)}
    assert sentences == {(row.sentence_start, row.sentence_end) for row in rows}
    for row in rows:
        if row.rule == "general":  # a sentence with nothing checkable: the whole sentence, alone
            assert row.text == report.text[row.sentence_start : row.sentence_end]
            assert [r for r in rows if r.sentence_start == row.sentence_start] == [row]
        elif not row.testable:  # a clause no row of its sentence holds
            assert row.rule == "general.clause" and row.sentence_start <= row.start < row.end <= row.sentence_end
            assert not any(r.start < row.end and row.start < r.end for r in rows if r is not row)
    # Every clause of a sentence with rows that opens with a verb of doing is in one: no promise is out of the ledger.
    for start, end in sentences:
        held = [(r.start, r.end) for r in rows if r.sentence_start == start]
        for clause in re.finditer(r"[^，,；;：:。！？!?]+", report.text[start:end]):
            a, b = start + clause.start(), start + clause.end()
            words = clause.group().strip()
            if len(re.findall(r"[\u4e00-\u9fff]", words)) >= 4 and DOING.match(words) and not FRAME_END.search(words):
                assert any(s < b and a < e for s, e in held), clause.group()


def test_the_overall_requirements_paragraph_gives_no_rows():
    report, rows = read("002")
    paragraph_start = report.text.index("2025年，是“十四五”规划收官")
    paragraph_end = report.text.index("\n", paragraph_start)
    assert "总体要求是" in report.text[paragraph_start:paragraph_end]
    assert not [row for row in rows if paragraph_start <= row.start < paragraph_end]


def test_numbered_headings_give_no_rows_and_name_the_part():
    report, rows = read("003")
    assert not [row for row in rows if row.text.startswith("在深学笃用党的创新理论中坚定正确政治方向")]
    monitoring = [row for row in rows if row.part == "二"]
    assert monitoring and all(row.part_heading.startswith("在牢牢把握区委中心任务中打造人大监督硬核成果") for row in monitoring)


def test_parts_of_yishi_form_are_kept():
    _, rows = read("004")
    assert {"一是", "二是", "三是", "四是", "五是"} <= {row.part for row in rows}


def test_category_follows_kind_then_part_heading():
    def part(heading):
        return Part("一", 1, heading, 0, 10)

    assert category_of("legislation", (part("加强代表工作"),)) == "legislation"
    assert category_of("report", ()) == "oversight"
    assert category_of("activity", (part("发挥代表主体作用，努力打造践行全过程人民民主域标杆"),)) == "representatives"
    assert category_of("general", (part("全面提升变革重塑能力和履职水平，促进自身建设全面进步"),)) == "self_building"
    assert category_of("general", (part("持续强化党的创新理论武装，坚持和加强党对人大工作的全面领导"),)) == "political"
    assert category_of("programme", ()) == "other"


def _without_full_stops_in_tasks(name_prefix: str, repeat: int = 1) -> bytes:
    """A seed whose tasks section (after its overall-requirements paragraph) lost its full stops and line breaks:
    one run-on "sentence", repeated."""
    report, _rows = read(name_prefix)
    (tasks,) = [s for s in report.sections if s.kind == "tasks"]
    body_start = report.text.index("\n", report.text.index("\n", tasks.start) + 1) + 1
    body = report.text[body_start : tasks.end].replace("。", "，").replace("\n", "")
    return (report.text[:body_start] + body * repeat + "\n" + report.text[tasks.end :]).encode("utf-8")


def test_a_tasks_section_without_full_stops_is_read_in_bounded_pieces():
    from ledger.pipeline.extract.sentences import MAX_SENTENCE

    whole, _rows = read("003")
    run_on = read_report(_without_full_stops_in_tasks("003"), source="run-on.txt")
    assert max(c.sentence_end - c.sentence_start for c in run_on.commitments) <= MAX_SENTENCE
    # The deliverables are still read: the seed's testable rows are found again.
    objects = {c.object for c in run_on.commitments if c.testable}
    found = [c.object for c in whole.commitments if c.testable and c.object in objects]
    assert len(found) >= 0.95 * sum(c.testable for c in whole.commitments)


def test_a_text_that_would_give_thousands_of_commitments_is_refused_early():
    from ledger.pipeline.errors import NotAReportError
    from ledger.pipeline.read import MAX_COMMITMENTS

    with pytest.raises(NotAReportError, match=f"more than {MAX_COMMITMENTS} commitments"):
        read_report(_without_full_stops_in_tasks("003", repeat=200), source="run-on.txt")


def test_a_report_that_lost_its_line_breaks_is_told_so():
    from ledger.pipeline.errors import NotAReportError

    text = (SEEDS / next(n for n in SEED_FILES if n.startswith("003"))).read_text(encoding="utf-8").replace("\n", "")
    with pytest.raises(NotAReportError, match="characters on 1 lines: without its line breaks"):
        read_report(text.encode("utf-8"), source="oneline.txt")
    # A text in other letters, its lines joined by the reading, is no report at all: not told to keep its line breaks.
    english = "\n".join(f"Line {n} of an annual report written in English, about the year's work." for n in range(200))
    with pytest.raises(NotAReportError, match="english.txt is not a work report"):
        read_report(english.encode("utf-8"), source="english.txt")
