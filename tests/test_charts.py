"""The server-side SVG charts on small data: valid XML, proportional bars, lines with gaps, empty data."""

import re
import xml.etree.ElementTree as ET

import pytest

from ledger.charts import (
    STATUS_COLOURS,
    STATUS_ORDER,
    STATUS_TEXT_COLOURS,
    Bar,
    Series,
    nice_ticks,
    no_data_svg,
    percent,
    stacked_bars_svg,
    trend_svg,
)
from ledger.models import Status

SVG = "{http://www.w3.org/2000/svg}"
LABELS = {"fulfilled": "已落实", "partial": "部分落实", "not_reported": "未见报告", "pending": "待回顾"}


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def assert_accessible_and_self_contained(root: ET.Element, svg: str):
    assert root.get("role") == "img"
    assert re.fullmatch(r"0 0 \d+(\.\d+)? \d+(\.\d+)?", root.get("viewBox"))
    assert root.get("width") == "100%"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text
    for ref in root.get("aria-labelledby").split():
        assert root.find(f".//*[@id='{ref}']") is not None
    for marker in ("<script", "<image", "<foreignObject", "@import", "url(", "href=\"http", "<style"):
        assert marker not in svg


def segments(root: ET.Element) -> list[ET.Element]:
    return root.findall(f".//{SVG}rect[@class='segment']")


def test_palette_covers_every_status():
    assert set(STATUS_COLOURS) == set(Status.values) == set(STATUS_ORDER) == set(STATUS_TEXT_COLOURS)
    assert all(re.fullmatch(r"#[0-9a-f]{6}", colour) for colour in STATUS_COLOURS.values())
    assert len(set(STATUS_COLOURS.values())) == len(STATUS_COLOURS)


def test_stacked_bars_are_valid_and_proportional():
    bars = [
        Bar("重庆市大足区人大常委会", {"fulfilled": 3, "partial": 1, "not_reported": 2, "pending": 4}, note="落实率 50.0%"),
        Bar("扬州市人大常委会", {"fulfilled": 6, "partial": 0, "not_reported": 0, "pending": 0}, note="落实率 100.0%"),
    ]
    svg = stacked_bars_svg(bars, title="各机关落实情况", labels=LABELS, axis_label="可核验任务")
    root = parse(svg)
    assert_accessible_and_self_contained(root, svg)
    assert root.find(f"{SVG}title").text == "各机关落实情况"
    assert len(root.findall(f".//{SVG}g[@class='bar']")) == 2
    rects = segments(root)
    assert [(r.get("data-status"), int(r.get("data-count"))) for r in rects] == [
        ("fulfilled", 3), ("partial", 1), ("not_reported", 2), ("pending", 4), ("fulfilled", 6),
    ]
    per_unit = {round(float(r.get("width")) / int(r.get("data-count")), 1) for r in rects}
    assert len(per_unit) == 1  # one scale for every segment of every bar
    first_bar = rects[:4]
    assert float(first_bar[1].get("x")) == pytest.approx(float(first_bar[0].get("x")) + float(first_bar[0].get("width")), abs=0.02)
    assert [r.get("fill") for r in first_bar] == [STATUS_COLOURS[s] for s in STATUS_ORDER if s in bars[0].counts]
    assert "重庆市大足区人大常委会" in svg and "落实率 50.0%" in svg and "未见报告" in svg


def test_segments_link_where_a_link_is_given():
    href = "/admin/ledger/commitment/?body=1&plan_year__exact=2024&status__exact=fulfilled&testable__exact=1"
    svg = stacked_bars_svg([Bar("甲", {"fulfilled": 2, "pending": 1}, links={"fulfilled": href})], title="t", labels=LABELS)
    root = parse(svg)
    links = root.findall(f".//{SVG}a")
    assert [a.get("href") for a in links] == [href]
    assert links[0].find(f"{SVG}rect").get("data-status") == "fulfilled"
    assert "&amp;plan_year__exact" in svg


def test_text_is_escaped():
    svg = stacked_bars_svg([Bar('<b>&"机关"', {"fulfilled": 1})], title="a < b & c", labels=LABELS)
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "a < b & c"
    assert root.find(f".//{SVG}g[@class='bar']").get("data-label") == '<b>&"机关"'


def test_long_labels_are_shortened_with_the_full_name_in_a_tooltip():
    name = "某某省某某市某某县某某镇人民代表大会常务委员会主任会议办公室"
    root = parse(stacked_bars_svg([Bar(name, {"fulfilled": 1})], title="t", labels=LABELS))
    bar = root.find(f".//{SVG}g[@class='bar']")
    assert bar.find(f"{SVG}title").text == name
    assert bar.find(f"{SVG}text").text.endswith("…")


@pytest.mark.parametrize("bars", [[], [Bar("空", {"fulfilled": 0, "pending": 0})]])
def test_no_bars_gives_a_no_data_chart(bars):
    svg = stacked_bars_svg(bars, title="各机关落实情况", labels=LABELS, empty_text="没有符合条件的数据")
    root = parse(svg)
    assert_accessible_and_self_contained(root, svg)
    assert "chart-empty" in root.get("class")
    assert root.find(f".//{SVG}text[@class='no-data']").text == "没有符合条件的数据"
    assert not segments(root)


def test_trend_draws_lines_axes_and_gaps():
    series = [
        Series("大足区", {2022: 0.5, 2023: 1.0, 2024: None, 2025: 0.25}),
        Series("全部机关", {2022: 0.4, 2023: 0.6, 2024: 0.7, 2025: 0.8}, emphasis=True),
    ]
    svg = trend_svg(series, title="落实率趋势", x_label="计划年份", y_label="落实率")
    root = parse(svg)
    assert_accessible_and_self_contained(root, svg)
    lines = root.findall(f".//{SVG}g[@class='series']")
    assert [g.get("data-label") for g in lines] == ["大足区", "全部机关"]
    dazu = [p.get("points").split() for p in lines[0].findall(f"{SVG}polyline")]
    assert [len(points) for points in dazu] == [2, 1]  # the gap in 2024 splits the line
    assert len(lines[0].findall(f"{SVG}circle")) == 3
    assert len(lines[1].findall(f"{SVG}polyline")[0].get("points").split()) == 4
    (y_half,), (y_full,) = [[float(p.split(",")[1])] for p in dazu[0]]
    assert y_full < y_half  # 100% is drawn above 50%
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"0%", "50%", "100%", "2022", "2025", "计划年份", "落实率"} <= set(texts)
    assert lines[1].get("stroke") != lines[0].get("stroke")


def xs(line) -> list[list[float]]:
    return [[float(p.split(",")[0]) for p in poly.get("points").split()] for poly in line.findall(f"{SVG}polyline")]


def test_trend_places_years_to_scale_and_joins_only_consecutive_years():
    """2017, 2023 and 2024 were drawn evenly spaced and joined: six years looked like one."""
    series = [Series("全部机关", {2017: 0.2, 2023: 0.7, 2024: 0.7}, emphasis=True)]
    line = parse(trend_svg(series, title="t")).find(f".//{SVG}g[@class='series']")
    (first,), (second, third) = xs(line)
    assert (second - first) == pytest.approx(6 * (third - second), abs=0.1)


def test_trend_breaks_a_line_where_what_it_counts_changed():
    series = [Series("全部机关", {2022: 0.4, 2023: 0.6, 2024: 0.7}, emphasis=True, breaks=frozenset({2024}))]
    line = parse(trend_svg(series, title="t")).find(f".//{SVG}g[@class='series']")
    assert [len(run) for run in xs(line)] == [2, 1]
    assert len(line.findall(f"{SVG}circle")) == 3


def test_trend_with_one_year_still_shows_a_point():
    root = parse(trend_svg([Series("甲", {2024: 0.5})], title="t"))
    assert len(root.findall(f".//{SVG}circle")) == 1
    assert root.findall(f".//{SVG}polyline")


@pytest.mark.parametrize("series", [[], [Series("甲", {2024: None})]])
def test_trend_without_values_gives_a_no_data_chart(series):
    svg = trend_svg(series, title="落实率趋势", empty_text="尚无已核验的任务")
    root = parse(svg)
    assert "chart-empty" in root.get("class")
    assert "尚无已核验的任务" in svg
    assert not root.findall(f".//{SVG}polyline")


def test_no_data_svg_ids_follow_the_chart_id():
    svg = no_data_svg("无数据", title="标题", chart_id="one")
    root = parse(svg)
    assert root.find(f"{SVG}title").get("id") == "one-title"
    assert_accessible_and_self_contained(root, svg)


def test_helpers():
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(100) == [0, 20, 40, 60, 80, 100]
    assert nice_ticks(1) == [0, 0.2, 0.4, 0.6, 0.8, 1]
    assert nice_ticks(0) == [0, 1]
    assert percent(2 / 3) == "66.7%"
    assert percent(None) == "—"
    # A share neither none nor all is never shown as 0.0% or 100.0% (one task a person confirmed of 2,764 read 0.0%).
    assert percent(1 / 2764) == "0.04%" and percent(0.99999) == "99.999%"
    assert percent(0.0) == "0.0%" and percent(1.0) == "100.0%"


def test_a_score_is_rounded_half_up_as_the_templates_round_it():
    """The heading (floatformat) said 0.35 and the sentence under it 0.34 for the same passage."""
    from ledger.charts import score

    assert [score(0.345), score(round(1.0 - 0.655, 4)), score(0.3449), score(None), score(1.0)] == [
        "0.35", "0.35", "0.34", "—", "1.00"
    ]


def test_a_range_bound_never_reads_as_a_rate_it_cannot_reach():
    """1 − 1 confirmed 未见报告 ÷ 2,000 rows is 99.95 %: rounded up to 100.0 % it said every row may be carried out."""
    assert percent(0.9995, outward="up") == "99.95%" and percent(0.0004, outward="down") == "0.04%"
    assert percent(51 / 52, outward="up") == "98.1%" and percent(1 / 52, outward="down") == "1.9%"
    assert percent(1.0, outward="up") == "100.0%" and percent(0.0, outward="down") == "0.0%"
