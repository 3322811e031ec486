"""read_metadata on the seed reports, constructed texts and (when present) the national corpus."""

from functools import cache
from pathlib import Path

import pytest

from ledger.pipeline.decode import decode
from ledger.pipeline.metadata import read_metadata
from ledger.pipeline.normalise import noise_lines, normalise
from ledger.pipeline.types import FACT_SOURCES, Fact

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
GWR = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "gwr"
READ_SOURCES = {"title", "mandate", "text", "dateline", "byline", "heading_plan", "heading_review", "dated_fact"}


@cache
def load(path: Path) -> tuple[str, tuple[str, ...]]:
    raw = decode(path.read_bytes(), source=path.name).text
    return normalise(raw), tuple(noise_lines(raw))


def seed(prefix: str) -> tuple[str, tuple[str, ...]]:
    return load(next(SEEDS.glob(f"{prefix}_*.txt")))


def without_line(text: str, line: str) -> str:
    lines = text.split("\n")
    assert line in lines
    return "\n".join(x for x in lines if x != line)


def assert_evidence(metadata, text: str, noise=()) -> None:
    """Every read value names the exact text it came from."""
    for name in ("body", "kind", "year"):
        fact = getattr(metadata, name)
        assert fact.source in FACT_SOURCES
        if fact.source in READ_SOURCES:
            assert fact.evidence and (fact.evidence in text or any(fact.evidence in n for n in noise)), name


SEED_EXPECTED = {
    # prefix: body, body source, level, parent, kind source, year, year source
    "000": ("重庆市人大常委会", "title", "provincial", "全国人大常委会", "title", 2024, "dated_fact"),
    "001": ("重庆市江津区人大常委会", "title", "county", "重庆市人大常委会", "title", 2023, "byline"),
    "002": ("重庆市永川区人大常委会", "title", "county", "重庆市人大常委会", "title", 2025, "heading_plan"),
    "003": ("重庆市大足区人大常委会", "title", "county", "重庆市人大常委会", "title", 2024, "dateline"),
    "004": ("扬州市人大常委会", "text", "prefectural", "江苏省人大常委会", "text", 2025, "heading_plan"),
}


@pytest.mark.parametrize("prefix", sorted(SEED_EXPECTED))
def test_seed_metadata(prefix):
    body, body_source, level, parent, kind_source, year, year_source = SEED_EXPECTED[prefix]
    text, noise = seed(prefix)
    metadata = read_metadata(text, noise=noise)
    assert (metadata.body.value, metadata.body.source) == (body, body_source)
    assert (metadata.level.value, metadata.level.source) == (level, "gazetteer")
    assert (metadata.parent.value, metadata.parent.source) == (parent, "gazetteer")
    assert (metadata.kind.value, metadata.kind.source) == ("npc", kind_source)
    assert (metadata.year.value, metadata.year.source) == (year, year_source)
    assert_evidence(metadata, text, noise)


def test_seed_evidence_is_the_text_read():
    assert read_metadata(seed("003")[0]).year.evidence.startswith("2024年2月5日在重庆市大足区第三届人民代表大会")
    text, noise = seed("001")
    assert read_metadata(text, noise=noise).year.evidence == "版次：04 作者：2023年02月10日"
    assert read_metadata(seed("000")[0]).year.evidence == "今年是新中国成立75周年"
    assert read_metadata(seed("004")[0]).body.evidence == "扬州"


def test_byline_needs_the_noise_lines():
    # Without the removed byline, seed 001's plan heading (2023年的工作安排) dates it.
    year = read_metadata(seed("001")[0]).year
    assert (year.value, year.source, year.evidence) == (2023, "heading_plan", "2023年的工作安排")


def test_heading_review():
    text, _ = seed("004")
    year = read_metadata(without_line(text, "2025年主要任务：")).year
    assert (year.value, year.source, year.evidence) == (2025, "heading_review", "2024年工作回顾：")


def test_dated_fact_when_no_heading_names_a_year():
    text, _ = seed("002")
    year = read_metadata(without_line(text, "2025年的主要任务")).year
    assert (year.value, year.source) == (2025, "dated_fact")  # “十四五”规划收官 -> 2025


@pytest.mark.parametrize(
    ("sentence", "year"),
    [
        ("今年是中国共产党成立100周年，我们要再接再厉。", 2021),
        ("明年是改革开放50周年。", 2027),
        ("过去一年是全面贯彻党的十九大精神开局之年。", 2019),
        ("今年是“十四五”规划收官之年，是“十五五”谋篇之年。", 2025),
        ("今年是全面贯彻党的二十大精神的开局之年。", 2023),
        ("我们隆重庆祝中国共产党成立95周年。", 2017),  # a celebration already held: the year reviewed
        ("以全国人民代表大会成立70周年为契机，做好宣传。", 2024),
    ],
)
def test_dated_facts(sentence, year):
    fact = read_metadata(sentence).year
    assert (fact.value, fact.source) == (year, "dated_fact")
    assert fact.evidence in sentence


def test_most_trusted_year_wins():
    text = (
        "重庆市大足区人民代表大会常务委员会工作报告 ——2024年2月5日在重庆市大足区第三届人民代表大会第四次会议上\n"
        "2022年工作回顾\n今年是新中国成立80周年。\n2023年的主要任务"
    )
    assert read_metadata(text).year == Fact(
        2024, "dateline", "2024年2月5日在重庆市大足区第三届人民代表大会第四次会议上"
    )
    assert read_metadata(text.split("\n", 1)[1]).year.source == "heading_plan"


def test_title_year_and_government_title():
    text = "2024年扬州市人民政府工作报告\n各位代表：\n现在，我代表市人民政府，向大会报告政府工作。"
    metadata = read_metadata(text)
    assert metadata.year == Fact(2024, "title", "2024年扬州市人民政府工作报告")
    assert (metadata.body.value, metadata.body.source) == ("扬州市人民政府", "title")
    assert (metadata.kind.value, metadata.kind.source) == ("gov", "title")
    assert (metadata.level.value, metadata.parent.value) == ("prefectural", "江苏省人民政府")


def test_local_government_from_text():
    text = "各位代表：\n现在，我代表重庆市大足区人民政府，向大会报告政府工作，请予审议。"
    metadata = read_metadata(text)
    assert metadata.body == Fact("重庆市大足区人民政府", "mandate", "我代表重庆市大足区人民政府，向大会报告政府工作")
    assert (metadata.kind.value, metadata.level.value, metadata.parent.value) == ("gov", "county", "重庆市人民政府")


def test_unnamed_government_takes_the_most_named_city():
    text = "各位代表：\n现在，我代表市人民政府，向大会报告政府工作。\n扬州发展很好。全市人民团结奋斗。南京都市圈。扬州市。扬州城。"
    assert read_metadata(text).body == Fact("扬州市人民政府", "text", "扬州")


def test_a_place_named_in_passing_is_not_the_reporting_body():
    """The national report without its title, dateline and byline names 天津 twice (天津港, 天津自贸试验区):
    that is no body to file it under; the reader says it cannot tell."""
    text = "各位代表：\n现在，我代表市人民政府，向大会报告政府工作。\n推进天津自贸试验区建设。天津港。上海自贸试验区。"
    assert read_metadata(text).body.value is None


def test_npc_mandate_in_text():
    text = "各位代表：\n我受重庆市大足区人民代表大会常务委员会委托，向大会报告工作，请予审议。"
    metadata = read_metadata(text)
    assert (metadata.body.value, metadata.body.source) == ("重庆市大足区人大常委会", "mandate")
    assert (metadata.kind.value, metadata.kind.source) == ("npc", "text")


def test_other_bodies_mandates_are_not_the_reporter():
    # Seed 000 without its title: "受全国人大常委会委托，开展…" must not make it the national committee.
    text, _ = seed("000")
    metadata = read_metadata(text.split("\n", 1)[1])
    assert (metadata.body.value, metadata.body.source) == ("重庆市人大常委会", "text")


def test_raw_text_is_tolerated():
    path = next(SEEDS.glob("003_*.txt"))
    metadata = read_metadata(decode(path.read_bytes(), source=path.name).text)  # ASCII punctuation
    assert (metadata.body.value, metadata.year.value, metadata.year.source) == (
        "重庆市大足区人大常委会",
        2024,
        "dateline",
    )


def test_overrides_win_and_level_follows_the_body():
    text, noise = seed("003")
    overrides = {"body": Fact("扬州市人大常委会", "override", "form"), "year": Fact(2030, "manifest", "manifest.yaml")}
    metadata = read_metadata(text, overrides=overrides, noise=noise)
    assert metadata.body == overrides["body"]
    assert metadata.year == overrides["year"]
    assert (metadata.level.value, metadata.parent.value) == ("prefectural", "江苏省人大常委会")
    assert metadata.kind.source == "title"  # not overridden: still read
    metadata = read_metadata(text, overrides={"level": Fact("provincial", "override")})
    assert metadata.level == Fact("provincial", "override")
    assert metadata.body.value == "重庆市大足区人大常委会"


def test_bad_overrides():
    with pytest.raises(ValueError):
        read_metadata("", overrides={"colour": Fact("red", "override")})
    with pytest.raises(ValueError):
        read_metadata("", overrides={"year": Fact(2024, "guess")})


def test_nothing_to_read():
    metadata = read_metadata("各位代表：\n感谢大家。")
    for name in ("body", "level", "parent", "year"):
        assert getattr(metadata, name) == Fact(None, "default", ""), name


@pytest.mark.corpus
@pytest.mark.skipif(not GWR.is_dir(), reason="national corpus absent")
@pytest.mark.parametrize("year", range(2015, 2020))
def test_government_work_reports(year):
    text, noise = load(GWR / f"{year}.txt")
    metadata = read_metadata(text, noise=noise)
    assert metadata.body.value == "国务院"
    assert metadata.body.source in {"title", "mandate"}
    assert metadata.kind.value == "gov"
    assert (metadata.level.value, metadata.parent.value) == ("national", None)
    assert metadata.year.value == year
    assert metadata.year.source in {"dateline", "heading_plan"}
    assert_evidence(metadata, text, noise)


@pytest.mark.corpus
@pytest.mark.skipif(not GWR.is_dir(), reason="national corpus absent")
@pytest.mark.parametrize("drop, source", [("——2017年3月5日", "byline"), ("国务院总理", "dateline")])
def test_national_report_without_its_mandate_line_is_still_the_state_council(drop, source):
    """The body comes from the byline (国务院总理) or the dateline (在…全国人民代表大会…会议上) before any
    place named in the text: 北京, named in every national report, would win the place count."""
    text, noise = load(GWR / "2017.txt")
    lines = [line for line in text.split("\n") if "我代表国务院" not in line and not line.startswith(drop)]
    text = "\n".join(lines) + "\n北京市政府" * 30
    metadata = read_metadata(text, noise=noise)
    assert (metadata.body.value, metadata.body.source) == ("国务院", source)
    assert_evidence(metadata, text, noise)


def test_local_body_from_the_congress_its_dateline_names():
    text, noise = seed("003")
    title = text.split("\n", 1)[0]
    body = text.replace(title, title.replace("重庆市大足区人民代表大会常务委员会工作报告", "常委会工作报告"), 1)
    body = "\n".join(line for line in body.split("\n") if "委托" not in line)  # no mandate line either
    body += "\n重庆市" * 30  # the city named more often than the district
    metadata = read_metadata(body, noise=noise)
    assert (metadata.body.value, metadata.body.source) == ("重庆市大足区人大常委会", "dateline")
