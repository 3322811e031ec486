"""Body gazetteer: canonical names, levels and parents."""

from collections import Counter

import pytest

from ledger.pipeline.bodies import (
    body_kind,
    body_level,
    body_parent,
    canonical_body_name,
    gazetteer,
    most_named_place,
    own_place,
)


@pytest.mark.parametrize(
    ("full", "canonical"),
    [
        ("重庆市大足区人民代表大会常务委员会工作报告", "重庆市大足区人大常委会"),
        ("# 重庆市人民代表大会常务委员会工作报告", "重庆市人大常委会"),
        ("重庆市人民代表大会常务委员会", "重庆市人大常委会"),
        ("全国人民代表大会常务委员会", "全国人大常委会"),
        ("国务院", "国务院"),
        ("大足区人大常委会", "重庆市大足区人大常委会"),  # a municipality's district gets its municipality
        ("江苏省扬州市人民政府", "扬州市人民政府"),  # a prefecture loses its province
        ("重庆市大足区政府", "重庆市大足区人民政府"),
        ("香港特别行政区政府", "香港特别行政区政府"),
        ("扬州市江都区人民代表大会常务委员会", "扬州市江都区人大常委会"),
        ("政府工作报告", None),  # names no place
        ("工作回顾", None),
    ],
)
def test_canonical_body_name(full, canonical):
    assert canonical_body_name(full) == canonical


def test_body_kind():
    assert body_kind("重庆市人大常委会") == "npc"
    assert body_kind("扬州市人民政府") == "gov"
    assert body_kind("国务院") == "gov"
    assert body_kind("重庆市") is None


@pytest.mark.parametrize(
    ("name", "level", "parent"),
    [
        ("重庆市大足区人大常委会", "county", "重庆市人大常委会"),
        ("重庆市江津区人民政府", "county", "重庆市人民政府"),
        ("石柱土家族自治县人大常委会", "county", "重庆市人大常委会"),
        ("扬州市人大常委会", "prefectural", "江苏省人大常委会"),
        ("扬州市人民政府", "prefectural", "江苏省人民政府"),
        ("延边朝鲜族自治州人大常委会", "prefectural", "吉林省人大常委会"),
        ("吉林市人大常委会", "prefectural", "吉林省人大常委会"),
        ("江苏省人大常委会", "provincial", "全国人大常委会"),
        ("广西壮族自治区人民政府", "provincial", "国务院"),
        ("重庆市人大常委会", "provincial", "全国人大常委会"),
        ("重庆市人民政府", "provincial", "国务院"),
        ("扬州市江都区人大常委会", "county", "扬州市人大常委会"),
        ("宁波市江北区人大常委会", "county", "宁波市人大常委会"),  # not Chongqing's 江北区
    ],
)
def test_level_and_parent(name, level, parent):
    assert body_level(name) == body_level(name)  # cached data, same answer
    assert body_level(name).value == level
    assert body_level(name).source == "gazetteer"
    fact = body_parent(name)
    assert (fact.value, fact.source) == (parent, "gazetteer")


@pytest.mark.parametrize("name", ["国务院", "全国人大常委会"])
def test_national_bodies_have_no_parent(name):
    assert body_level(name).value == "national"
    assert body_parent(name).value is None
    assert body_parent(name).source == "gazetteer"  # known to have none, not unknown


def test_county_of_unnamed_city_has_no_known_parent():
    assert body_level("江都区人大常委会").value == "county"
    assert body_parent("江都区人大常委会").value is None


@pytest.mark.parametrize("name", ["火星市人大常委会", "江苏省昆山市人大常委会", "某某委员会", ""])
def test_unknown_names(name):
    assert body_parent(name).value is None
    assert body_parent(name).source == "default"
    assert body_level(name).value is None


def test_gazetteer_data():
    places = gazetteer()
    levels = Counter(place.level for place in places.values())
    assert levels["provincial"] == 34
    assert levels["prefectural"] == 333
    provinces = {name for name, place in places.items() if place.level == "provincial"}
    assert {"北京市", "江苏省", "广西壮族自治区", "香港特别行政区", "澳门特别行政区", "台湾省"} <= provinces
    assert all(places[p.parent].level == "provincial" for p in places.values() if p.parent)
    chongqing = [p for p in places.values() if p.parent == "重庆市"]
    assert len(chongqing) == 38 and all(p.level == "county" for p in chongqing)
    assert places["扬州市"].parent == "江苏省"
    assert places["石柱土家族自治县"].short == "石柱"


def test_most_named_place():
    text = "推进中国式现代化扬州新实践。扬州市人大常委会。扬州城市品质。南京都市圈。长治久安。"
    assert most_named_place(text, "市") == ("扬州市", "扬州")
    assert most_named_place("长治久安，幸福安康。", "市") is None  # common words are not places
    assert most_named_place("大足石刻，大足区，大足高新区", "区") == ("重庆市大足区", "大足")
    assert most_named_place("没有地名", "市") is None
    # Places a report speaks of, not its own: named once or twice, or not twice as often as another.
    assert most_named_place("天津港。天津自贸试验区。上海自贸试验区。", "市") is None
    assert most_named_place("扬州。扬州。扬州。南京。南京。", "市") is None


def test_own_place_is_the_place_a_title_names_a_body_by():
    assert own_place("重庆市永川区人大常委会") == "永川区"
    assert own_place("重庆市人大常委会") == "重庆市"
    assert own_place("江苏省扬州市江都区人民政府") == "江都区"
    assert own_place("国务院") == "国务院"
