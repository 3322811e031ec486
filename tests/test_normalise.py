"""normalise(): the canonical text every offset points into, checked on the seed reports."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from ledger.pipeline.decode import decode
from ledger.pipeline.normalise import noise_lines, normalise

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
GWR = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "gwr"
SEED_NAMES = sorted(path.name for path in SEEDS.glob("*.txt"))
needs_gwr = pytest.mark.skipif(not GWR.is_dir(), reason="gwr corpus not available")
ZERO_WIDTH = "\u200b\u200c\u200d\ufeff\u2060"


@lru_cache(maxsize=None)
def raw(path: Path) -> str:
    return decode(path.read_bytes(), source=path.name).text


def seed_path(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@lru_cache(maxsize=None)
def seed(prefix: str) -> str:
    return normalise(raw(seed_path(prefix)))


@lru_cache(maxsize=None)
def gwr(year: int) -> str:
    return normalise(raw(GWR / f"{year}.txt"))


def lines(text: str) -> list[str]:
    return text.split("\n")


# --- canonical form -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", SEED_NAMES)
def test_canonical_form(name):
    text = normalise(raw(SEEDS / name))
    assert text and not text.endswith("\n")
    assert "\n\n" not in text and "\r" not in text
    for line in lines(text):
        assert line and line == line.strip(" \t\u3000\u00a0"), repr(line)
    assert not any(ch in text for ch in ZERO_WIDTH)


def _web_copy(text: str) -> str:
    """The text as a web page copies it: paragraphs a blank line apart, one in three broken once inside a word (a link
    on a line of its own)."""
    paragraphs = text.split("\n")
    for i in range(0, len(paragraphs), 3):
        paragraph = paragraphs[i]
        if len(paragraph) < 60 or not paragraph.endswith("。"):  # a heading, a title: no link breaks them
            continue
        at = next((at for at in range(len(paragraph) // 2, len(paragraph) - 1)
                   if re.match(r"[\u4e00-\u9fff]{2}", paragraph[at - 1 : at + 1])), None)
        if at is not None:
            paragraphs[i] = paragraph[:at] + "\n" + paragraph[at:]
    return "\n\n".join(paragraphs)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_copy_with_every_line_break_doubled_reads_as_the_text(name):
    """gwr/2019.txt with its breaks doubled (a web or word-processor copy) was a different text: lines wrapped within
    a paragraph (PM\n2.5) stayed apart and its footer stayed in. A seed as a web page copies it (wrapped within its
    paragraphs, a blank line between them) reads the same with its breaks doubled."""
    text = seed(name.split("_")[0])
    web = _web_copy(text)
    once = normalise(web)
    assert once.count("\n") < web.count("\n") // 2  # its breaks inside paragraphs read as wraps
    assert normalise(web.replace("\n", "\n\n")) == normalise(web.replace("\n", "\r\n\r\n")) == once
    assert normalise(raw(SEEDS / name).replace("\n", "\n\n")) == text  # paragraphs a blank line apart, doubled


@needs_gwr
@pytest.mark.parametrize("year", range(2015, 2020))
def test_a_national_report_with_every_line_break_doubled_reads_as_the_text(year):
    assert normalise(raw(GWR / f"{year}.txt").replace("\n", "\n\n")) == gwr(year)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_idempotent(name):
    once = normalise(raw(SEEDS / name))
    assert normalise(once) == once


def test_title_line_kept_as_is():
    assert lines(seed("003"))[0] == (
        "重庆市大足区人民代表大会常务委员会工作报告 ——2024年2月5日在重庆市大足区第三届人民代表大会第四次会议上"
    )


def test_markdown_heading_markers_removed():
    text = seed("000")
    assert lines(text)[0] == "重庆市人民代表大会常务委员会工作报告"
    assert "今后一年工作任务" in lines(text)
    assert "#" not in text


def test_zero_width_and_spaces_synthetic():
    text = normalise("\ufeff  各位代表：\u200d \n\n\u3000\u3000现在，我代表\u200b国务院。\u3000\n\u2060\n")
    assert text == "各位代表：\n现在，我代表国务院。"


# --- noise --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SEED_NAMES)
def test_no_continuation_markers(name):
    assert "上接" not in normalise(raw(SEEDS / name))


def test_marker_at_paragraph_start_removed_but_paragraph_kept():
    assert "“一府两院”和各镇人大组织宪法宣誓70人次。" in lines(seed("001"))


def test_marker_alone_on_line_removed():
    assert lines(seed("002"))[:2] == ["重庆市永川区人民代表大会常务委员会工作报告", "各位代表！"]
    assert lines(seed("000"))[1].startswith("坚持和落实党对人大工作的全面领导。")


def test_byline_and_page_bullets_removed():
    text = seed("001")
    assert "版次" not in text and "作者" not in text
    assert "•" not in text
    assert lines(text)[-1].endswith("为新时代新征程全面建设社会主义现代化新江津而团结奋斗！")


def test_website_widgets_removed():
    text = seed("003")
    for widget in ("账号+密码登录", "手机+密码登录", "还没有账号", "立即注册"):
        assert widget not in text
    assert lines(text)[-1].startswith("各位代表！奋楫扬帆风正劲")


def test_noise_lines_keep_the_byline_date():
    removed = noise_lines(raw(seed_path("001")))
    assert "版次：04 作者：2023年02月10日" in removed
    assert any("上接第一版" in line for line in removed)
    assert "• 01" in removed
    assert "账号+密码登录" in noise_lines(raw(seed_path("003")))
    assert noise_lines(raw(seed_path("004"))) == []


def test_continuation_marker_variants_synthetic():
    text = normalise("（下转第2版）\n\n(上接A3版)正文开始。\n\n正文结束。(下转4版)\n上接第5版")
    assert text == "正文开始。\n正文结束。"


# --- hard-wrapped newspaper column ----------------------------------------------------------------


def test_column_paragraph_joined():
    assert (
        "过去一年，永川区人大工作取得的成绩，根本在于以习近平同志为核心的党中央坚强领导，在于习近平新时代中国特色"
        "社会主义思想的科学指引，是市人大常委会关心指导、区委坚强领导的结果，是常委会组成人员、全体区人大代表依法履"
        "职、勤勉工作的结果，是“一府一委两院”和各镇人大大力支持、协同配合的结果，是广大人民群众和社会各界充分信任、积"
        "极参与的结果。在此，我谨代表区人大常委会，向大家表示衷心的感谢和崇高的敬意！"
    ) in lines(seed("002"))


def test_column_headings_and_breaks_kept():
    text_lines = lines(seed("002"))
    assert "各位代表！" in text_lines
    assert "2025年的主要任务" in text_lines
    # A heading wrapped over two column lines becomes one line, separate from its first paragraph.
    heading = text_lines.index("一、坚持政治引领，坚定人大工作正确政治方向")
    assert text_lines[heading + 1].startswith("坚持党的全面领导。深入学习贯彻习近平总书记")
    assert "四、坚持依法规范，做好讨论决定重大事项和任免工作" in text_lines
    # A full column line ending a sentence, followed by an indented line, ends the paragraph.
    assert any(line.endswith("做到“两个维护”。") for line in text_lines)
    assert any(line.startswith("坚决落实区委部署。依法履职、担当作为") for line in text_lines)
    assert len(text_lines) == 32


def test_column_line_short_before_digits_still_joined():
    assert "围绕建设美丽永川、服务长江经济带高质量发展，听取和审议2024年度环境状况和环境保护目标完成情况的报告" in seed("002")


def test_column_detected_by_layout_not_by_blank_lines():
    text = raw(seed_path("002"))
    without_blanks = "\n".join(line for line in text.split("\n") if line.strip())
    indented_crlf = "\r\n".join("\u3000\u3000" + line for line in text.split("\n"))
    assert normalise(without_blanks) == seed("002")
    assert normalise(indented_crlf) == seed("002")


def test_fragments_joined_only_where_blank_lines_separate_paragraphs():
    blank_separated = "一、工作回顾\n\n第一段，新建\n高速铁路\n投产。\n\n第二段。\n\n第三段。"
    assert normalise(blank_separated) == "一、工作回顾\n第一段，新建高速铁路投产。\n第二段。\n第三段。"
    one_per_line = "一、工作回顾\n主任王志\n各位代表：\n第二段。"
    assert normalise(one_per_line) == one_per_line


def test_plain_paragraph_per_line_text_not_joined():
    text_lines = lines(seed("003"))
    assert text_lines[1:5] == [
        "重庆市大足区人大常委会主任王志",
        "各位代表：",
        "我受重庆市大足区人民代表大会常务委员会委托，向大会报告工作，请予审议。",
        "过去一年主要工作",
    ]


# --- pinyin and traditional characters -------------------------------------------------------------


def test_pinyin_removed_and_traditional_converted():
    text_lines = lines(seed("004"))
    assert text_lines[0].startswith("2024年工作回顾：")
    assert text_lines[1].startswith("过去一年，在市委的坚强领导下，市人大常委会坚持以习近平新时代中国特色社会主义思想为指导")
    assert "(guò)" not in seed("004") and "jiān" not in seed("004")


def test_real_parentheses_kept_in_traditional_seed():
    text = seed("004")
    assert "条例（草案）" in text
    assert "城际（郊）铁路" in text


def test_pinyin_variants_synthetic():
    assert normalise("过（guo）去，坚(jian1)强(qiáng)，绿(lǜ)色") == "过去，坚强，绿色"
    # Only pinyin right after a character goes; other parentheses stay (made full-width in Chinese).
    assert normalise("人工智能(AI)和代表之家(站、点)(2024)") == "人工智能（AI）和代表之家（站、点）（2024）"
    assert normalise("f(x) and g(ai)") == "f(x) and g(ai)"


def test_stray_traditional_character_left_alone():
    text = seed("000")
    assert text.count("事項") >= 2
    assert "本屆" in text


# --- punctuation ----------------------------------------------------------------------------------


def test_ascii_punctuation_in_chinese_becomes_full_width():
    text = seed("000")
    assert "代表之家（站、点）" in text
    assert "（思想引领 守正创新 奋力书写新时代人大工作高质量发展重庆篇章）" in text
    assert "存在的问题和不足，主要是：重点领域" in text
    assert "立法还有差距；人大监督" in text
    assert not re.search(r"[,:;()?!]", text.replace("99.92%", ""))
    assert "大足线（C3线）" in seed("003")
    assert "2962人（次）" in seed("003")
    assert "各位代表！2023年" in seed("003")


def test_numbers_keep_ascii():
    assert "满意率达99.92%。" in seed("000")
    assert "整改率达98.39%，" in seed("001")
    assert "1-6月国民经济" in seed("001")
    assert "推动各牵头部门认真落实2024-2029改革核心绩效指标" in seed("002")


def test_punctuation_synthetic():
    assert normalise("比例为2:1,新建1,900公里") == "比例为2:1，新建1,900公里"
    assert normalise("(一)加强监督(2024年)") == "（一）加强监督（2024年）"
    assert normalise('他说"加强监督",然后(1),(2)完成') == "他说“加强监督”，然后（1），（2）完成"
    assert normalise("Hello, world (test): ok? yes!") == "Hello, world (test): ok? yes!"
    assert normalise("——2024年工作回顾") == "——2024年工作回顾"


# --- government work reports (web extraction) ------------------------------------------------------


@needs_gwr
@pytest.mark.parametrize("year", [2015, 2016, 2017, 2018, 2019])
def test_gwr_canonical_and_idempotent(year):
    text = gwr(year)
    assert not any(ch in text for ch in ZERO_WIDTH)
    assert "\n\n" not in text
    assert normalise(text) == text
    assert "维基文库" not in text and "Public domain" not in text and "本作品" not in text
    assert not any(line in ("false", "true", "2", "2.5") for line in lines(text))


@needs_gwr
def test_gwr_2017_link_fragments_joined():
    text = gwr(2017)
    text_lines = lines(text)
    assert text_lines[0] == "政府工作报告"
    assert "——基础设施支撑能力持续提升。新建高速铁路投产里程超过1900公里，新建改建高速公路6700多公里" in text
    assert "农村公路29万公里。城市轨道交通、地下综合管廊建设加快。" in text
    assert "新增第四代移动通信用户3.4亿、光缆线路550多万公里。" in text
    assert "国内生产总值达到74.4万亿元" in text
    assert "——改革开放深入推进。" in text
    assert "“十三五”实现了良好开局。" in text
    assert "细颗粒物（PM2.5）年均浓度下降9.1%" in text
    assert "要全面深化各领域改革，加快推进基础性、关键性改革" in text
    for heading in ("一、2016年工作回顾", "三、2017年重点工作任务", "各位代表：", "（一）用改革的办法深入推进“三去一降一补”。"):
        assert heading in text_lines


@needs_gwr
def test_gwr_2015_subscript_joined():
    text = gwr(2015)
    assert "广义货币M2预期增长12%左右" in text
    assert lines(text)[0] == "各位代表："
    assert "二、2015年工作总体部署" in lines(text)


def test_a_paragraph_copied_cut_short_before_itself_is_left_out_with_a_notice():
    """A scrape that repeats the start of a paragraph before the whole one made its promises rows twice."""
    from ledger.pipeline.read import read_report

    text = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    whole = next(line for line in text.split("\n") if "国资管理重大事项报告通报常态化机制" in line)
    cut = whole[: len(whole) // 2]
    doubled = text.replace(whole, cut + "\n" + whole, 1)
    original, read = read_report(text.encode("utf-8"), source="003.txt"), read_report(doubled.encode("utf-8"), source="003b.txt")
    assert read.text == original.text
    assert [(c.kind, c.object) for c in read.commitments] == [(c.kind, c.object) for c in original.commitments]
    (notice,) = [n for n in read.notices if n.code == "truncated_copy_removed"]
    assert notice.params["count"] == 1 and notice.params["starts"].startswith(cut[:20].strip()[:10])
    # A paragraph that only opens like the next one, or a short line, stays.
    heading = "今后一年工作任务"
    assert normalise(heading + "\n" + heading + "要点如下。") == heading + "\n" + heading + "要点如下。"


@needs_gwr
def test_the_2015_national_reports_truncated_copy_of_a_paragraph_gives_no_rows_twice():
    from ledger.pipeline.read import read_report

    read = read_report((GWR / "2015.txt").read_bytes(), source="2015.txt")
    assert read.text.count("全部取消非行政许可审批") == 1
    assert [n.params["count"] for n in read.notices if n.code == "truncated_copy_removed"] == [1]
