"""The nouns of what a body makes, hears and decides: laws, internal rules, decisions, budgets, reports.

Each is a pattern over the END of an object (条例, …办法》, 关于…的决定), because in Chinese the head noun
comes last: the end of an object says what kind of thing it is.
"""

from __future__ import annotations

import re

# A law or regulation (条例, 实施办法 of a law, 法, 法规), possibly a draft or an amendment.
LAW = re.compile(
    r"(?:条例|法实施办法|实施[〈《]?[^〉》]{2,40}?法[〉》]?办法|(?<![办方做说想])法|法规|单行条例|自治条例)[”》]?"
    r"(?:修订|修正)?(?:草案|修正案)?$"
)
# A named title alone: 《…》.
TITLE = re.compile(r"^《.+》$")
# A body's own rules and documents.
RULES = re.compile(r"(?:办法|规定|细则|规则|意见|措施|规程|准则|守则|制度)[”》]?$")
DECISION = re.compile(r"^关于.+的(?:决定|决议)$")
# The kind of document a name ends in, as a review keeps it in a short title (长江禁捕决议 for 关于促进和保障长江流域
# 禁捕工作的决议): two characters at least (法 alone would make any word before it a title).
TITLE_KIND = re.compile(r"(?:决定|决议|条例|办法|规定|细则|规划|方案|纲要|意见|法律|法规)$")
BUDGET = re.compile(r"(?:预算调整(?:方案)?|决算(?:草案)?|预算(?:草案)?|计划(?:调整方案)?)$")

# Government documents: the same nouns without the 》 and with 规章 / 规范性文件.
GOV_LAW = re.compile(r"(?:法|法律|法规|条例)$")
GOV_RULES = re.compile(r"(?:办法|规定|细则|规章|规范性文件|规则)$")
GOV_DOCUMENT = re.compile(r"(?:法|法律|法规|条例|办法|规定|细则|规章|规范性文件)$")

# Reports heard: the report word, its tail (…情况的报告) and the bare kinds (专项报告).
REPORT_END = re.compile(r"(?:报告|汇报)$")
REPORT_TAIL = re.compile(r"(?:情况)?的?(?:报告|汇报)$")
ONLY_REPORT = re.compile(r"^(?:专项|综合|专题)(?:工作)?(?:报告|汇报)$")
REPORT_KIND = re.compile(r"(?:综合|专项|专题)?(?:工作)?(?:报告|汇报)$")
# An item that already ends in a noun of its own takes only the report word of a shared tail.
OWN_NOUN = re.compile(r"(?:情况|评估|进展|状况|成效|结果)$")
# Whose report: 区政府关于…
ORGAN_ABOUT = re.compile(r"^.{1,14}?关于")
# An organ's report is on its work: 市人民法院、市人民检察院工作情况的报告 -> 市人民法院工作情况的报告.
ORGAN = re.compile(r"(?:法院|检察院|政府|委员会|监委|委|局|厅|部门|单位|机关)$")
