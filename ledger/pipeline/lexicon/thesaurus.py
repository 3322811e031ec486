"""How a review rewords what a tasks section promised: groups of expressions a report uses for the same
thing (缩减 / 减少, 置换债券 / 存量债务置换, 主要污染物 / 二氧化硫、氮氧化物). The linker lets a passage that
names another member of a word's group count for that word (at that word's weight, never more).

Groups are general equivalences of work-report language, not fixes for one sentence: each member must be
usable in place of the others in any report.
"""

from __future__ import annotations

import re
from functools import lru_cache

GROUPS: tuple[tuple[str, ...], ...] = (
    # amounts going down / up
    ("减少", "缩减", "压减", "削减", "核减", "精简"),
    ("降低", "下调", "下降"),
    ("提高", "上调", "提升"),
    ("增长", "增加", "增速"),
    # acts on documents and measures
    ("出台", "制定", "印发", "发布", "颁布"),
    ("全面推开", "全面实施", "全面推行", "全面推广"),
    ("启动", "开启", "开展"),
    ("开工", "动工"),
    ("建成", "建设完成", "投入使用"),
    ("签署", "签订", "商签"),
    ("取消", "废止", "停征"),
    # names a review shortens or spells out
    ("限制类", "限制性"),
    ("自贸协定", "自由贸易协定"),
    ("营改增", "营业税改征增值税"),
    ("置换债券", "存量债务置换", "债务置换"),
    ("分享比例", "收入划分"),
    ("居民收入", "人均可支配收入"),
    ("经济增长", "国内生产总值增长", "经济增速"),
    ("赤字率", "财政赤字"),
    ("老工业基地振兴", "东北振兴"),
    ("行政审批事项", "审批事项"),
    ("对外投资", "对外直接投资", "境外投资"),
    ("去产能", "化解过剩产能", "化解产能过剩"),
    ("民间投资", "民营投资", "民营企业投资"),
    ("职业资格", "职业资格许可认定"),
    ("大学生", "高校毕业生"),
    ("违法犯罪行为", "违法犯罪活动"),
)
# A work report's short names for what it spells out elsewhere (简称), and a 台账's: (short, full, …). Groups of the
# thesaurus; a sheet kept by hand is matched with them folded to one (short_names_folded).
SHORT_NAMES: tuple[tuple[str, ...], ...] = (
    ("棚改", "棚户区改造"),
    ("保障房", "保障性住房"),
    ("公租房", "公共租赁住房"),
    ("低保", "最低生活保障"),
    ("医保", "医疗保险"),
    ("医改", "医药卫生体制改革"),
    ("国企", "国有企业"),
    ("央企", "中央企业"),
    ("高铁", "高速铁路"),
    ("自贸试验区", "自由贸易试验区"),
    ("研发", "研究与开发", "研究开发"),
    ("易地扶贫搬迁", "易地搬迁"),
    ("下岗职工", "分流职工", "分流人员"),
    ("农民工", "进城务工人员"),
    ("能耗", "能源消耗"),
    ("反腐", "反腐败"),
    ("提速降费", "网络提速降费"),
    ("个税", "个人所得税"),
    ("新农合", "新型农村合作医疗"),
    ("职教", "职业教育"),
    ("高职", "高等职业"),
    ("双一流", "世界一流大学和一流学科"),
    ("国资", "国有资产"),
)
GROUPS += SHORT_NAMES
# A slogan's short name and its words spelled out (without the 、 between them: marks are folded away). Only
# for telling whether a review writes a quoted name (“放管服” written as 简政放权、放管结合、优化服务), not for scoring:
# the words of a slogan name a whole field of work, not the one project under it that a promise names.
SPELLED_OUT: dict[str, str] = {
    "放管服": "简政放权放管结合优化服务",
    "双创": "大众创业万众创新",
    "三去一降一补": "去产能去库存去杠杆降成本补短板",
}
# A category and what a review reports it by: a promise of the category is reported by any member, a
# promise of one member only by itself or the category (化学需氧量 is not 二氧化硫).
CATEGORIES: dict[str, tuple[str, ...]] = {
    "主要污染物": ("二氧化硫", "氮氧化物", "化学需氧量", "氨氮"),
}

# Verbs a review writes for the very act a promise named, done (惩治 promised, 惩处 reported). Narrower than the
# groups above, which find the same thing in other words: 商签 there stands for 签署 as a name, but reports talks,
# not a signature.
SAME_ACTS: tuple[tuple[str, ...], ...] = (
    ("惩治", "惩处", "严惩", "查处"),
    ("出台", "印发", "发布", "颁布"),
    ("取消", "废止"),
)
_SAME_ACT = {verb: tuple(v for v in group if v != verb) for group in SAME_ACTS for verb in group}


def same_acts(verb: str) -> tuple[str, ...]:
    """The verbs a review may write for ``verb`` done (none when it is in no group)."""
    return _SAME_ACT.get(verb, ())


_ALTERNATIVES: dict[str, tuple[str, ...]] = {}
for _group in GROUPS:
    for _member in _group:
        _ALTERNATIVES[_member] = tuple(a for a in _group if a != _member)
for _category, _members in CATEGORIES.items():
    _ALTERNATIVES[_category] = _ALTERNATIVES.get(_category, ()) + _members
    for _member in _members:
        _ALTERNATIVES[_member] = _ALTERNATIVES.get(_member, ()) + (_category,)
_WORDS = re.compile("|".join(sorted(map(re.escape, _ALTERNATIVES), key=len, reverse=True)))


@lru_cache(maxsize=4096)
def alternatives(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each thesaurus word written in ``text`` with what a review may write for it."""
    return tuple((m.group(), _ALTERNATIVES[m.group()]) for m in _WORDS.finditer(text))


_SHORT = {member: group[0] for group in SHORT_NAMES for member in group}
_SHORT_WORDS = re.compile("|".join(sorted(map(re.escape, _SHORT), key=len, reverse=True)))


def short_names_folded(text: str) -> str:
    """``text`` with each name of a SHORT_NAMES group written as the group's first (国有资产 as 国资, 医疗保险 as 医保):
    two wordings of one thing, one short and one spelled out, then read alike."""
    return _SHORT_WORDS.sub(lambda match: _SHORT[match.group()], text)
