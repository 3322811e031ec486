"""Characters lost to a slipped GBK byte (issue 10): restored on seed 004's real text, nothing else touched."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from ledger.pipeline import normalise as normalise_module
from ledger.pipeline.decode import decode
from ledger.pipeline.normalise import normalise, normalise_report
from ledger.pipeline.repair import MARKER, find_damage

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
GWR = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "gwr"
UNDAMAGED = [path for path in sorted(SEEDS.glob("*.txt")) if not path.name.startswith("004_")] + (
    sorted(GWR.glob("*.txt")) if GWR.is_dir() else []
)
# "?" + Latin letters: what the damage looks like once normalised (？xiàng)l例).
DAMAGE_LEFT = re.compile(r"[?？][A-Za-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]")


@lru_cache(maxsize=None)
def raw(path: Path) -> str:
    return decode(path.read_bytes(), source=path.name).text


@lru_cache(maxsize=None)
def seed004():
    return normalise_report(raw(next(SEEDS.glob("004_*.txt"))))


@pytest.mark.parametrize(
    "words",
    [
        "海绵城市建设管理条例制定工作",
        "开展建筑垃圾管理条例立法调研",
        "生活垃圾分类管理条例实施情况",
        "开展河道管理条例、居家养老服务条例执法检查",
        "在消防条例、全民健身条例等立法中",
        "整改情况开展满意度测评",
        "《中国日报》等媒体",
        "被《人民日报》《中国人大》《新华日报》等国省媒体",
        "督促严格执行",
        "推动形成严管严治的导向氛围",
        "有序实施乡镇人大监督国有和集体资产管理情况改革试点",  # three characters lost in one run
        "管理规定。回应“一老一小”发展需求",  # the lost full stop is told by the words around it
        "确保“评得准”“议得真”",
    ],
)
def test_lost_characters_are_restored(words):
    assert words in seed004().text


def test_no_damage_is_left():
    text = seed004().text
    assert not DAMAGE_LEFT.search(text)
    assert not find_damage(text)
    assert MARKER not in text
    assert not re.search(r"[嵤┼霸贞]", text)  # the characters read out of step went with the damage


def test_staff_are_told_what_was_repaired_and_where():
    (notice,) = seed004().notices
    assert notice.code == "text_repaired"
    text = seed004().text
    rows = notice.params["repairs"]
    assert notice.params["count"] == len(rows) == 14
    for row in rows:
        assert text[row["start"] : row["end"]] == row["text"]
    assert [row["text"] for row in rows].count("条") == 5
    assert {"实施乡", "。回应", "保“评", "严", "报", "满"} <= {row["text"] for row in rows}
    assert "?xiàng)l" in {row["damage"] for row in rows}
    # The message names each place with its offset, for a person to check against the original.
    assert f"“开展满意度”（{text.index('开展满意度测评') + 2}）" in str(notice)


def test_repaired_text_is_stable():
    text = seed004().text
    assert normalise(text) == text
    assert normalise_report(text).notices == ()


@pytest.mark.parametrize("path", UNDAMAGED, ids=lambda p: p.name)
def test_undamaged_texts_are_unchanged_and_never_load_the_word_list(path, monkeypatch):
    text = raw(path)
    assert not find_damage(text)

    def no_repair(*args, **kwargs):
        raise AssertionError("repair ran on an undamaged text")

    monkeypatch.setattr(normalise_module, "repair_damage", no_repair)
    normalised = normalise_report(text)
    assert not [n for n in normalised.notices if n.code != "truncated_copy_removed"]  # no repair said
    # The same text as with the repair switched off altogether.
    monkeypatch.setattr(normalise_module, "find_damage", lambda text: False)
    assert normalise_report(text) == normalised


# --- the mechanism on damage made the same way in other words -------------------------------------
# Each damaged string is what the slip makes of the sentence: the byte before the lost character is
# read twice, so W = (that byte, the lost character's first byte) shows as "?" + W's pinyin + ")",
# and the lost character's second byte stays as a letter.


@pytest.mark.parametrize(
    "damaged, expected",
    [
        ("今年將聽取審?chōng)h報告。", "今年将听取审议报告。"),  # 徸 chōng | h -> 議
        ("加強預算審查?qiū)O督。", "加强预算审查监督。"),  # 楸 qiū | O -> 監
        ("完善?qǐ)B老服務體系。", "完善养老服务体系。"),  # 起 qǐ | B -> 養
        ("推進鄉村振?rèn)d。", "推进乡村振兴。"),  # 衽 rèn | d -> 興
    ],
)
def test_other_words_are_restored(damaged, expected):
    normalised = normalise_report(damaged)
    assert normalised.text == expected
    assert [notice.code for notice in normalised.notices] == ["text_repaired"]


def test_a_gap_the_words_cannot_tell_is_marked():
    normalised = normalise_report("甲乙?xiàng)l丙丁。")
    assert normalised.text == f"甲乙{MARKER}丙丁。"
    (notice,) = normalised.notices
    assert notice.code == "text_damaged"
    assert notice.params["repairs"] == [{"start": 2, "end": 3, "text": MARKER, "damage": "?xiàng)l"}]


@pytest.mark.parametrize(
    "text",
    [
        "你知道吗?AI(人工智能)正在改变生活。",  # a question mark before a Latin word
        "型号为甲?xq)乙a款。",  # the shape of the damage, but xq is no syllable
        "過(guò)去一年,我們堅(jiān)持學習。",  # pinyin annotations alone are no damage
    ],
)
def test_look_alikes_are_left_alone(text):
    assert normalise_report(text).notices == ()
    assert MARKER not in normalise(text)
