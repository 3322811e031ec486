"""The figure-and-unit grammar (ledger/pipeline/lexicon/figures.py): parsing, conversion to a base unit,
ranges and bounds, what compares with what, and the government extractor's goal figures unchanged."""

import re

import pytest

from ledger.pipeline.lexicon import figures
from ledger.pipeline.lexicon.figures import ABOUT, AT_LEAST, AT_MOST, EXACT, FIGURE, GOAL_FIGURE, comparable, meets
from ledger.pipeline.read import read_report

from .conftest import CORPUS, CORPUS_FILES, SEEDS, SEED_FILES


def one(text):
    (quantity,) = figures.quantities(text)
    return quantity


@pytest.mark.parametrize(
    ("text", "low", "high", "dimension", "bound"),
    [
        ("6.5%", 6.5, 6.5, "share", EXACT),
        ("4.5％以内", 4.5, 4.5, "share", AT_MOST),
        ("0.3个百分点左右", 0.3, 0.3, "points", ABOUT),
        # Magnitudes multiply, the unit keeps its dimension.
        ("1000万人以上", 1e7, 1e7, "people", AT_LEAST),
        ("1.65万亿元", 1.65e12, 1.65e12, "money", EXACT),
        ("8000亿元", 8e11, 8e11, "money", EXACT),
        ("3千户", 3e3, 3e3, "households", EXACT),
        # Ranges: 至 / 到 / － / ~, with the percent on one end or both.
        ("6.5%－7%", 6.5, 7.0, "share", EXACT),
        ("6.5－7%", 6.5, 7.0, "share", EXACT),
        ("10至15个", 10, 15, "count:个", EXACT),
        ("3到5万吨", 3e4, 5e4, "mass", EXACT),
        ("2~3天", 2, 3, "days", EXACT),
        # 多 / 余: more than.
        ("300多万户", 3e6, 3e6, "households", AT_LEAST),
        ("1000万余人", 1e7, 1e7, "people", AT_LEAST),
        ("50多", 50, 50, "", AT_LEAST),
        ("30天之内", 30, 30, "days", AT_MOST),
        # Units that convert: 公顷 = 15 亩, 千米 = 公里; 千 before 米 / 瓦 is part of the unit.
        ("600万公顷", 9e7, 9e7, "area", EXACT),
        ("9000万亩以上", 9e7, 9e7, "area", AT_LEAST),
        ("500千米", 500, 500, "length", EXACT),
        ("500公里", 500, 500, "length", EXACT),
        ("5000万千瓦以上", 5e7, 5e7, "power", AT_LEAST),
        ("2.5万千瓦时", 2.5e4, 2.5e4, "energy", EXACT),
        ("100亿美元", 1e10, 1e10, "usd", EXACT),
        ("30名", 30, 30, "people", EXACT),
        ("1.2倍", 1.2, 1.2, "multiple", EXACT),
    ],
)
def test_parse(text, low, high, dimension, bound):
    quantity = one(text)
    assert (quantity.low, quantity.high, quantity.dimension, quantity.bound) == (
        pytest.approx(low), pytest.approx(high), dimension, bound
    )
    assert quantity.text == text


def test_figures_in_running_text_carry_their_offsets():
    text = "国内生产总值达到74.4万亿元，增长6.7%，城镇新增就业1314万人。"
    found = list(figures.quantities(text))
    assert [q.text for q in found] == ["74.4万亿元", "6.7%", "1314万人"]
    assert all(text[q.start : q.end] == q.text for q in found)
    # From an offset on: what the review reports after naming the promise.
    assert [q.text for q in figures.quantities(text, text.index("增长"))] == ["6.7%", "1314万人"]


@pytest.mark.parametrize(
    ("text", "found"),
    [("广义货币M2增长11.3%", ["11.3%"]), ("PM2.5浓度下降6%", ["6%"]), ("累计3.5.2版", ["3.5"])],
)
def test_numbers_glued_to_letters_or_digits_are_no_figures(text, found):
    assert [q.text for q in figures.quantities(text)] == found


def test_conversion_compares_across_units_of_one_dimension():
    promised = one("9000万亩以上")
    assert comparable(promised, one("620万公顷")) and meets(promised, one("620万公顷"))  # 9300万亩
    assert not meets(promised, one("580万公顷"))  # 8700万亩
    assert meets(one("600万公顷以上"), one("620万公顷"))
    assert comparable(one("100千米"), one("100公里")) and meets(one("100千米"), one("100公里"))
    assert meets(one("1.5亿亩"), one("15000万亩"))


def test_a_share_never_compares_with_a_count():
    assert not comparable(one("6.5%"), one("6.7万人"))
    assert not comparable(one("1000万人"), one("13%"))
    assert not comparable(one("6.5%"), one("0.5个百分点"))  # points are not a share
    assert not comparable(one("30个"), one("3个百分点"))
    assert not comparable(one("600万公顷"), one("600万吨"))
    assert not comparable(one("1000人"), one("1000人次"))
    # A bare number counts: it compares with a count, not with a share.
    assert comparable(one("50多"), one("60个"))
    assert not comparable(one("50多"), one("60%"))
    assert comparable(one("1000人"), one("30名"))


def test_bounds_decide_what_meets_a_promise():
    assert meets(one("4.5%以内"), one("4.02%")) and not meets(one("4.5%以内"), one("4.6%"))
    assert meets(one("3%以下"), one("3%")) and not meets(one("3%之内"), one("3.1%"))
    assert meets(one("13%左右"), one("11.3%"))  # only a shortfall said outright breaks 左右
    assert meets(one("6.5%－7%"), one("6.7%")) and not meets(one("6.5%－7%"), one("6.1%"))
    assert meets(one("1000万人以上"), one("1314万人")) and not meets(one("1000万人以上"), one("980万人"))


def test_the_unit_table_is_data():
    assert figures.UNITS["公顷"] == ("area", 15.0)
    assert set(figures.GOAL_UNITS) <= set(figures.UNITS)
    assert set(figures.GOAL_BOUNDS) <= set(figures.BOUNDS)


# The government extractor's goal figure as it was written before the shared grammar replaced it:
# GOAL_FIGURE keeps matching exactly what it matched.
GOV_FIGURE = re.compile(
    r"(?<![A-Za-z\d.])\d+(?:\.\d+)?(?:[%％])?(?:[－\-—~～至到]\d+(?:\.\d+)?)?(?:多|余)?"
    r"(?:(?:万亿|亿|万|千)(?:[%％]|个百分点|元|人次|人|户|套|辆|亩|公顷|公里|千米|吨|千瓦|项|个|座|所|家|台|条|辆|册)?"
    r"|[%％]|个百分点|元|人次|人|户|套|辆|亩|公顷|公里|千米|吨|千瓦|项|个|座|所|家|台|条|册)"
    r"(?:以上|以下|以内|左右|之内)?"
    r"|(?:一半|一倍|两倍|翻一番)(?:以上|左右)?"
)


def _goal_texts():
    paths = [CORPUS / name for name in CORPUS_FILES] + [SEEDS / name for name in SEED_FILES]
    for path in paths:
        raw = path.read_bytes()
        yield path.name, raw.decode("utf-8", errors="replace")
        yield f"{path.name} (normalised)", read_report(raw, source=path.name).text


def test_goal_figure_matches_what_the_government_extractor_matched():
    texts = list(_goal_texts())
    texts.append(("edge cases", "500千米，6.5%—7%，翻一番以上，一半左右，M2，PM2.5，5月1日，30万千瓦以下，1.65万亿元，300多万户"))
    assert len(texts) >= 10  # the seeds at least; the five government reports where ../shared is present
    for name, text in texts:
        expected = [m.span() for m in GOV_FIGURE.finditer(text)]
        assert [m.span() for m in GOAL_FIGURE.finditer(text)] == expected, name


def test_goal_figures_parse_too():
    assert figures.parse(GOAL_FIGURE.search("粮食产量1.2万亿斤")).low == pytest.approx(1.2e12)
    doubled = figures.parse(GOAL_FIGURE.search("城乡居民收入翻一番以上"))
    assert (doubled.dimension, doubled.bound) == ("multiple", AT_LEAST)
    goal = figures.parse(GOAL_FIGURE.search("淘汰煤电产能5000万千瓦以上"))
    assert (goal.low, goal.dimension, goal.bound) == (5e7, "power", AT_LEAST)


def test_figure_pattern_is_built_from_the_tables():
    for unit in figures.UNITS:
        assert FIGURE.fullmatch(f"12{unit}").group("unit") == unit
