"""Sections (review / shortcomings / tasks / other) and numbered parts, asserted on real seed text."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from ledger.pipeline.decode import decode
from ledger.pipeline.normalise import normalise
from ledger.pipeline.sections import read_sections

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
GWR = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "gwr"
needs_gwr = pytest.mark.skipif(not GWR.is_dir(), reason="gwr corpus not available")


@lru_cache(maxsize=None)
def _read(path: Path):
    text = normalise(decode(path.read_bytes(), source=path.name).text)
    sections, notices = read_sections(text)
    return text, sections, notices


def seed(prefix: str):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return _read(path)


def gwr(year: int):
    return _read(GWR / f"{year}.txt")


def only(sections, kind):
    (section,) = [s for s in sections if s.kind == kind]
    return section


def level1(section):
    return [p for p in section.parts if p.level == 1]


# prefix -> kinds, review start, shortcomings start, tasks heading, tasks tail, level-1 part headings
SEED_CASES = {
    "000": (
        ["other", "review", "shortcomings", "tasks", "other"],
        "坚持和落实党对人大工作的全面领导。",
        "在看到成绩的同时，我们清醒认识到存在",
        "今后一年工作任务",
        "型案例，提升人大工作整体水平。",
        {
            "一": "持续强化党的创新理论武装，坚持和加强党对人大工作的全面领导",
            "三": "不断提高立法质效，以良法促进发展、保障善治",
            "六": "全面提升变革重塑能力和履职水平，促进自身建设全面进步、全面过硬",
        },
        6,
    ),
    "001": (
        ["other", "review", "shortcomings", "tasks", "other"],
        "“一府两院”和各镇人大组织宪法宣誓70人次。",
        "回顾过去的一年，我们也清醒地认识到，",
        "2023年的工作安排",
        "，进一步提升人大工作整体合力。",
        {
            "二": "进一步完善工作机制，依法做好决定和任免工作",
            "五": "进一步加强自身建设，不断夯实履职基础",
        },
        5,
    ),
    "002": (
        ["other", "review", "shortcomings", "tasks", "other"],
        "过去一年，永川区人大工作取得的成绩，",
        "在看到成绩的同时，我们也清醒认识到存",
        "2025年的主要任务",
        "全区人大系统工作效能整体跃升。",
        {
            "一": "坚持政治引领，坚定人大工作正确政治方向",
            "六": "坚持从严从实，持续加强人大机关自身建设",
        },
        6,
    ),
    "003": (
        ["other", "review", "shortcomings", "tasks", "other"],
        "过去一年主要工作\n2023年，是全面",
        "在看到成绩的同时，我们也清醒认识到，",
        "今后一年工作任务",
        "跨协同，促进人大工作提能增效。",
        {
            "一": "在深学笃用党的创新理论中坚定正确政治方向",
            "四": "在全面推进自身建设中争创“四个机关”示范表率",
        },
        4,
    ),
    "004": (
        ["review", "tasks"],
        "2024年工作回顾：\n过去一年，在市",
        None,
        "2025年主要任务",
        "作，鼓励支持基层人大工作创新。",
        {},
        0,
    ),
}


@pytest.mark.parametrize("prefix", sorted(SEED_CASES))
def test_seed_sections(prefix):
    kinds, review_start, problems_start, tasks_heading, tasks_tail, headings, n_level1 = SEED_CASES[prefix]
    text, sections, notices = seed(prefix)
    assert [s.kind for s in sections] == kinds

    review = only(sections, "review")
    assert text[review.start : review.start + len(review_start)] == review_start

    if problems_start is None:
        assert "shortcomings" not in kinds
    else:
        problems = only(sections, "shortcomings")
        assert text[problems.start : problems.start + len(problems_start)] == problems_start
        assert problems.start > review.end and problems.end < only(sections, "tasks").start

    tasks = only(sections, "tasks")
    assert tasks.heading == tasks_heading
    assert text[tasks.start : tasks.start + len(tasks_heading)] == tasks_heading
    assert text[tasks.end - len(tasks_tail) : tasks.end] == tasks_tail
    parts = level1(tasks)
    assert len(parts) == n_level1
    by_number = {p.number: p.heading for p in parts}
    for number, heading in headings.items():
        assert by_number[number] == heading


@pytest.mark.parametrize("prefix", ["000", "001", "002"])
def test_seed_starting_mid_report_has_headless_review(prefix):
    text, sections, notices = seed(prefix)
    assert sections[0].kind == "other"  # the title (and 002's 各位代表！)
    assert "工作报告" in text[sections[0].start : sections[0].end]
    assert only(sections, "review").heading == ""
    assert [n.code for n in notices] == ["review_heading_missing"]
    assert notices[0].params["start"] == only(sections, "review").start


def test_seed_003_review_heading_and_parts():
    text, sections, notices = seed("003")
    assert notices == []
    assert sections[0].kind == "other" and text[: sections[0].end].endswith("向大会报告工作，请予审议。")
    review = only(sections, "review")
    assert review.heading == "过去一年主要工作"
    assert [p.number for p in level1(review)] == ["一", "二", "三", "四", "五"]
    assert level1(review)[1].heading == "聚焦中心大局，助推战略任务落地见效"
    # The closing exhortation is not tasks.
    closing = sections[-1]
    assert text[closing.start :].startswith("各位代表！奋楫扬帆风正劲，")


def test_seed_001_review_parts_start_mid_report():
    text, sections, _ = seed("001")
    review = only(sections, "review")
    assert [p.number for p in level1(review)] == ["三", "四", "五"]
    assert level1(review)[0].heading == "坚持正确监督有效监督依法监督，着力推动经济社会高质量发展"
    # Bold lead sentences (加强高质量发展监督。) are not numbered parts.
    assert all(p.level == 1 for p in review.parts)


def test_seed_004_tasks_parts_are_yishi_paragraphs():
    text, sections, notices = seed("004")
    assert notices == []
    review, tasks = sections
    assert review.start == 0 and review.heading == "2024年工作回顾"
    assert [(p.number, p.level, p.heading) for p in tasks.parts] == [
        ("一是", 2, "强化理论武装"),
        ("二是", 2, "实施“两聚”行动"),
        ("三是", 2, "发挥“四个作用”"),
        ("四是", 2, "践行重大理念"),
        ("五是", 2, "加强自身建设"),
    ]
    assert text[tasks.parts[0].start : tasks.parts[0].start + 8] == "一是强化理论武装"
    assert tasks.parts[-1].end == tasks.end
    assert tasks.parts[0].end < tasks.parts[1].start


def _check_layout(text, sections):
    assert sections[0].start == 0
    assert sections[-1].end == len(text.rstrip())
    for a, b in zip(sections, sections[1:]):
        assert a.start < a.end <= b.start
        assert text[a.end : b.start].strip() == ""  # contiguous: only the newline between
    for s in sections:
        assert text[s.end - 1] not in "\n "
        for p in s.parts:
            assert s.start <= p.start < p.end <= s.end
            assert p.start == 0 or text[p.start - 1] == "\n"
            assert text[p.start :].startswith(p.number)


@pytest.mark.parametrize("prefix", sorted(SEED_CASES))
def test_seed_layout(prefix):
    text, sections, _ = seed(prefix)
    _check_layout(text, sections)


GWR_CASES = {
    2015: ("一、2014年工作回顾", "二、2015年工作总体部署", "我们既要看到成绩，更要看到"),
    2016: ("一、2015年工作回顾", "三、2016年重点工作", "在充分肯定去年成绩的同时"),
    2017: ("一、2016年工作回顾", "三、2017年重点工作任务", "我们也清醒看到，"),
    2018: ("一、过去五年工作回顾", "三、对2018年政府工作的建议", "安不忘危，兴不忘忧。"),
    2019: ("一、2018年工作回顾", "三、2019年政府工作任务", "思危方能居安。"),
}


@needs_gwr
@pytest.mark.parametrize("year", sorted(GWR_CASES))
def test_gwr_sections(year):
    review_heading, tasks_heading, problems_start = GWR_CASES[year]
    text, sections, notices = gwr(year)
    assert [n.code for n in notices] == (["term_review_whole"] if year == 2018 else [])  # see below
    _check_layout(text, sections)
    review, problems = (only(sections, k) for k in ("review", "shortcomings"))
    tasks = [s for s in sections if s.kind == "tasks"][-1]  # the year's plan may stand before it (see below)
    assert review.heading == review_heading
    assert tasks.heading == tasks_heading
    assert text[problems.start :].startswith(problems_start)
    assert review.end < problems.start < tasks.start
    assert sections[0].kind == "other" and "现在，我代表国务院" in text[: sections[0].end]
    # The closing exhortation (各位代表！ + 我们要/让我们…紧密团结) is the last section, not tasks.
    closing = sections[-1]
    assert closing.kind == "other" and text[closing.start : closing.start + 6] == "各位代表！\n"
    assert "紧密" in text[closing.start : closing.end]


@needs_gwr
def test_gwr_2015_overall_plan_starts_tasks_and_later_parts_belong_to_it():
    text, sections, _ = gwr(2015)
    assert [s.kind for s in sections] == ["other", "review", "shortcomings", "tasks", "other"]
    tasks = only(sections, "tasks")
    assert [(p.number, p.heading) for p in level1(tasks)] == [
        ("二", "2015年工作总体部署"),
        ("三", "把改革开放扎实推向纵深"),
        ("四", "协调推动经济稳定增长和结构优化"),
        ("五", "持续推进民生改善和社会建设"),
        ("六", "切实加强政府自身建设"),
    ]


@needs_gwr
@pytest.mark.parametrize(
    "year, plan_heading, n_paren",
    [
        (2017, "二、2017年工作总体部署", 9),
        (2018, "二、2018年经济社会发展总体要求和政策取向", 9),
        (2019, "二、2019年经济社会发展总体要求和政策取向", 10),
    ],
)
def test_gwr_year_plan_before_explicit_tasks_is_tasks(year, plan_heading, n_paren):
    """The year's overall plan holds its 主要预期目标: promises, read as tasks with the numbered parts."""
    text, sections, _ = gwr(year)
    plan, tasks = [s for s in sections if s.kind == "tasks"]
    assert plan.heading == plan_heading and plan.end < tasks.start
    assert "预期目标" in text[plan.start : plan.end]
    assert not [s for s in sections if s.kind == "other" and s.heading]
    paren = [p for p in tasks.parts if p.level == 2]
    assert len(paren) == n_paren
    assert paren[0].number == "（一）"


@needs_gwr
def test_gwr_five_year_plan_is_other():
    """2016: the 十三五 plan before the year's tasks is context, not the year's promises."""
    text, sections, _ = gwr(2016)
    headed_other = [s for s in sections if s.kind == "other" and s.heading]
    assert [s.heading for s in headed_other] == ["二、“十三五”时期主要目标任务和重大举措"]
    assert headed_other[0].end < only(sections, "tasks").start


@needs_gwr
def test_gwr_2016_retrospective_after_problems_is_other():
    text, sections, _ = gwr(2016)
    kinds = ["other", "review", "shortcomings", "other", "other", "tasks", "other"]
    assert [s.kind for s in sections] == kinds
    assert text[sections[3].start :].startswith("各位代表！\n2015年是“十二五”收官之年")


@needs_gwr
def test_gwr_review_yishi_parts():
    text, sections, _ = gwr(2015)
    review = only(sections, "review")
    assert [(p.number, p.level) for p in review.parts] == [("一", 1)] + [
        (n, 2) for n in ("一是", "二是", "三是", "四是", "五是")
    ]
    assert review.parts[1].heading == "在区间调控基础上实施定向调控"


def test_no_tasks_heading_gives_notice():
    text, _, _ = seed("003")
    cut = text[: text.index("今后一年工作任务")].rstrip()
    sections, notices = read_sections(cut)
    assert [s.kind for s in sections] == ["other", "review", "shortcomings"]
    assert "no_tasks" in [n.code for n in notices]
    assert "no_review" not in [n.code for n in notices]


NOT_REPORTS = [
    # A news item about a work report: it quotes review and problems, but has no section headings.
    "新华社北京3月5日电 十四届全国人大二次会议5日上午在人民大会堂开幕。国务院总理李强作政府工作报告。\n"
    "报告指出，过去一年，我国经济回升向好。我们也清醒看到，经济发展面临不少困难和挑战。\n"
    "报告提出，今年发展主要预期目标是：国内生产总值增长5%左右。\n"
    "让我们更加紧密地团结在以习近平同志为核心的党中央周围。",
    # A novel.
    "第一章\n那是一个寒冷的冬天，雪下得很大。他推开门，看见院子里站着一个陌生人。\n"
    "“你找谁？”他问道。\n陌生人没有回答，只是静静地望着远处的山。一、二年过去了，他仍然记得那一天。",
]


@pytest.mark.parametrize("text", NOT_REPORTS)
def test_not_a_report_has_no_review_and_no_tasks(text):
    sections, notices = read_sections(text)
    assert {s.kind for s in sections} == {"other"}
    assert {"no_review", "no_tasks"} <= {n.code for n in notices}


def test_numbered_parts_only_at_line_start():
    text = (
        "今后一年工作任务\n"
        "一、加强监督工作\n"
        "重点做好两项工作，一是听取报告，二是开展执法检查。\n"
        "加强高质量发展监督。围绕制造业开展调研。\n"
        "（一）完善监督机制。健全跟踪制度。\n"
        "1.制定监督规则。\n"
        "一、二季度要完成调研。\n"
        "二、加强代表工作\n"
        "密切联系群众。"
    )
    sections, notices = read_sections(text)
    (tasks,) = sections
    assert tasks.kind == "tasks" and tasks.heading == "今后一年工作任务"
    assert "no_review" in [n.code for n in notices]
    assert [(p.number, p.level, p.heading) for p in tasks.parts] == [
        ("一", 1, "加强监督工作"),
        ("（一）", 2, "完善监督机制"),
        ("1", 3, "制定监督规则"),
        ("二", 1, "加强代表工作"),
    ]
    one, paren, digit, two = tasks.parts
    assert one.end == text.index("\n二、")
    assert paren.end == one.end and digit.end == one.end
    assert two.end == len(text)


def test_empty_text():
    sections, notices = read_sections("")
    assert sections == []
    assert {"no_review", "no_tasks"} <= {n.code for n in notices}


def test_unnumbered_report_with_yinianlai_heading():
    # 一年来的主要工作 starts with 一 but is not a numbered (government-style) heading.
    text = (
        "某某县人大常委会工作报告\n各位代表：\n我受县人大常委会委托，向大会报告工作，请予审议。\n"
        "一年来的主要工作\n一年来，我们加强监督。\n一、加强监督\n听取报告5个。\n"
        "我们也清醒地看到，工作还有不足。\n"
        "今后一年的主要任务\n一、加强立法\n制定法规。\n二、加强代表工作\n联系代表。\n"
        "各位代表！让我们更加紧密地团结起来！"
    )
    sections, notices = read_sections(text)
    assert notices == []
    assert [(s.kind, s.heading) for s in sections] == [
        ("other", ""),
        ("review", "一年来的主要工作"),
        ("shortcomings", ""),
        ("tasks", "今后一年的主要任务"),
        ("other", ""),
    ]
    tasks = sections[3]
    assert [p.heading for p in tasks.parts] == ["加强立法", "加强代表工作"]
    assert text[tasks.end - 5 : tasks.end] == "联系代表。"


@pytest.mark.parametrize(
    "heading", ["一、过去一年和五年工作回顾", "过去一年和过去五年工作回顾", "一、过去五年工作回顾", "一、2024年工作回顾", "一年来的主要工作"]
)
def test_review_heading_variants(heading):
    """Every way a report heads its review, a term-end report's 一年和五年 included."""
    text = f"政府工作报告\n各位代表：\n{heading}\n过去一年，经济运行稳中向好。\n二、2025年工作任务\n（一）建设一批重大项目。\n"
    sections, notices = read_sections(text)
    review = only(sections, "review")
    assert review.heading == heading and "review_heading_missing" not in [n.code for n in notices]
    assert only(sections, "tasks").heading == "二、2025年工作任务"


_TERM_REPORT = (
    "政府工作报告\n各位代表：\n一、2022年和过去五年工作回顾\n"
    "{first}\n{second}\n"
    "我们也清醒地看到，工作中还存在不少问题和不足。\n"
    "二、2023年工作任务\n（一）建设一批重大项目。\n"
)
_YEAR_PART = "2022年是极不平凡的一年。全年新增城镇就业120万人，建成高标准农田200万亩。\n全面推开营改增试点，出台支持企业纾困的政策措施。"
_TERM_PART = "过去五年，全省经济总量迈上新台阶。五年来，我们坚持稳中求进。\n累计建成高速公路1000公里，完成五年规划确定的主要目标。"


@pytest.mark.parametrize("year_first", [True, False])
def test_term_end_review_past_year_block_is_the_review_and_the_term_is_context(year_first):
    first, second = (_YEAR_PART, _TERM_PART) if year_first else (_TERM_PART, _YEAR_PART)
    text = _TERM_REPORT.format(first=first, second=second)
    sections, notices = read_sections(text)
    review = only(sections, "review")
    assert text[review.start : review.end].rstrip().endswith("出台支持企业纾困的政策措施。")
    assert "2022年是极不平凡的一年" in text[review.start : review.end] and "过去五年，" not in text[review.start : review.end]
    context = [s for s in sections if s.kind == "other" and "过去五年，全省" in text[s.start : s.end]]
    assert len(context) == 1
    assert [n.code for n in notices] == ["term_review_split"]
    assert only(sections, "tasks").heading == "二、2023年工作任务"


@needs_gwr
def test_gwr_2018_term_end_review_tells_the_year_inside_the_term_so_is_read_whole_with_a_notice():
    text, sections, notices = gwr(2018)
    review = only(sections, "review")
    assert review.heading == "一、过去五年工作回顾"
    assert "刚刚过去的2017年" in text[review.start : review.end]
    assert [n.code for n in notices] == ["term_review_whole"]


@needs_gwr
@pytest.mark.parametrize("year", [2015, 2016, 2019])
def test_gwr_closing_matters_after_an_address_to_the_deputies_are_in_no_part(year):
    """After the last numbered task, 各位代表！ on a line of its own opens the report's closing matters (民族, 国防,
    港澳台, 外交): the last part ends before it, and no part holds them."""
    text, sections, _ = gwr(year)
    tasks = [section for section in sections if section.kind == "tasks"][-1]
    address = text.index("\n各位代表！\n", tasks.parts[-1].start) + 1
    assert max(part.end for part in tasks.parts) < address
    defence = text.index("国防", address)
    assert defence < tasks.end and not [part for part in tasks.parts if part.start <= defence < part.end]


def test_an_address_line_ends_the_part_it_follows():
    text = (
        "三、今年工作任务\n（一）做好甲。推进乙改革。\n（二）做好丙。建设丁工程。\n各位代表！\n"
        "巩固国防，出台戊条例。\n"
    )
    sections, _ = read_sections(text)
    tasks = only(sections, "tasks")
    second = next(part for part in tasks.parts if part.number == "（二）")
    assert text[second.start : second.end] == "（二）做好丙。建设丁工程。"
    assert all(part.end <= text.index("各位代表") for part in tasks.parts)
