"""Shared-verb enumerations: splitting a list into items and completing each from the shared parts."""

from __future__ import annotations

import pytest

from ledger.pipeline.extract.enumerations import complete, split_items, split_pair


def items(text: str, **options) -> list[str]:
    return [text[a:b] for a, b in split_items(text, 0, len(text), **options)]


def test_splits_on_enumeration_comma_and_drops_the_trailing_deng():
    assert items("计划执行、预算执行、审计、政府债务管理等") == ["计划执行", "预算执行", "审计", "政府债务管理"]


def test_spans_are_offsets_into_the_whole_text():
    text = "制定川剧保护传承条例、社会保障卡一卡通条例，修订法律援助条例"
    spans = split_items(text, 2, text.index("，"))
    assert [text[a:b] for a, b in spans] == ["川剧保护传承条例", "社会保障卡一卡通条例"]
    assert spans[0] == (2, 10)


def test_one_span_when_there_is_no_list():
    assert items("法律援助条例") == ["法律援助条例"]


def test_conjunction_in_the_last_item_joins_items():
    assert items("数字经济发展、城市更新和地方金融") == ["数字经济发展", "城市更新", "地方金融"]
    assert items("数字经济发展、城市更新和地方金融", conjunctions=False) == ["数字经济发展", "城市更新和地方金融"]


def test_conjunction_in_an_earlier_item_stays_inside_it():
    assert items("成渝地区双城经济圈和西部陆海新通道建设、巴渝和美乡村建设") == [
        "成渝地区双城经济圈和西部陆海新通道建设",
        "巴渝和美乡村建设",
    ]


def test_lone_conjunction_is_split_only_on_request():
    assert items("计划执行和预算执行") == ["计划执行和预算执行"]
    assert items("计划执行和预算执行", pairs=True) == ["计划执行", "预算执行"]


@pytest.mark.parametrize("word", ["学前教育普及普惠", "和谐社会建设", "涉及民生事项"])
def test_conjunction_characters_inside_words_do_not_split(word):
    assert items(f"A、{word}") == ["A", word]


def test_never_splits_inside_quotes_or_title_marks():
    assert items("“保交楼、稳民生”落实情况、环境状况") == ["“保交楼、稳民生”落实情况", "环境状况"]
    assert items("《促进和保障条例》、消防条例") == ["《促进和保障条例》", "消防条例"]


def test_names_side_by_side_are_two_items():
    assert items("《中华人民共和国安全生产法》《重庆市安全生产条例》") == [
        "《中华人民共和国安全生产法》",
        "《重庆市安全生产条例》",
    ]


def test_split_pair():
    text = "国有资产盘活专题报告及国资管理综合报告"
    (la, lb), (ra, rb) = split_pair(text, 0, len(text))
    assert (text[la:lb], text[ra:rb]) == ("国有资产盘活专题报告", "国资管理综合报告")
    assert split_pair("法律援助条例", 0, 6) is None


@pytest.mark.parametrize(
    "item, head, tail, expected",
    [
        ("计划执行", "", "报告", "计划执行报告"),
        ("政府债务管理等", "", "报告", "政府债务管理报告"),
        ("审计工作报告", "", "报告", "审计工作报告"),  # no doubling
        ("西部陆海新通道运营情况", "", "情况报告", "西部陆海新通道运营情况报告"),  # overlap 情况
        ("常委会组成人员", "", "履职培训", "常委会组成人员履职培训"),
        ("城乡社区治理工作情况的报告", "区政府关于", "", "区政府关于城乡社区治理工作情况的报告"),
        ("关于节水型社会建设", "区政府关于", "", "区政府关于节水型社会建设"),  # overlap 关于
        ("区政府关于中医药事业发展", "区政府关于", "情况的报告", "区政府关于中医药事业发展情况的报告"),
    ],
)
def test_complete(item, head, tail, expected):
    assert complete(item, head=head, tail=tail) == expected


def test_issue_examples_split_and_complete():
    text = "听取审议计划执行、预算执行、审计、政府债务管理等报告"
    spans = split_items(text, 4, text.index("等") + 1)
    assert [complete(text[a:b], tail="报告") for a, b in spans] == [
        "计划执行报告",
        "预算执行报告",
        "审计报告",
        "政府债务管理报告",
    ]
    text = "开展数字经济发展、城市更新、地方金融等立法调研"
    assert [text[a:b] for a, b in split_items(text, 2, text.index("立法"))] == ["数字经济发展", "城市更新", "地方金融"]
