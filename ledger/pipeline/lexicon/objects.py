"""Words that tell what an object region is: vague, a kind of work, an event, a system, a list's filler.

Used by the standing-committee frames to judge list items (extract/readers.py).
"""

from __future__ import annotations

import re

from .words import alternation

# Vague objects: nothing named (有关工作报告, 各类培训, 相关工作制度).
VAGUE = re.compile(r"^(?:有关|相关|各类|各项|其他|其它|一些|若干|这些|上述)")
# After 等: a category word that names no further object (等方面, 等重点, 等工作, 等数字化平台).
FILLER_TAIL = re.compile(
    r"^(?:\d+项|[一二三四五六七八九十]+项)?(?:方面|重点|领域|工作|环节|内容|事项|相关.*|.{0,4}平台|.{0,4}系统)$"
)
# A count after 等 (等3项, 等五个), dropped from the shared tail.
COUNT = re.compile(r"^(?:\d+|[一二三四五六七八九十百]+)[项个件]")
# Verbal nouns an item may end in; a list whose earlier items end in one shares no predicate word.
PREDICATE = re.compile(
    r"(?:建设|保护|发展|管理|关爱|普惠|执行|落实|改革|整改|推进|实施|运营|治理|防治|促进|保障|应用|转化|"
    r"攻坚|盘活|审判|检察|评估|督办|督查|公开|检查|培训|活动|提质|更新|衔接|监督|服务|利用|开发|调整)$"
)
# Words a shared tail is made of (交通重大项目建设 -> tail 重大项目建设, 人大代表履职培训 -> 履职培训).
TAIL_WORD = re.compile(r"(?:情况|执行|建设|项目|重大|培训|履职|工作|落实|评选|表扬|决议|专项|实施)$")
# An item that is itself a kind of work (开展执法检查、视察调研), not a subject.
KIND_WORD = re.compile(
    r"^(?:执法检查|专题调研|立法调研|调研|(?:集中|专题)?视察|视察调研|专题询问|询问|评议|工作评议|监督|检查|督办|督促|督查|"
    r"(?:满意度)?测评)(?:和.+)?$"
)
# Kinds of committee work named side by side (专题询问、满意度测评): the word and the kind it makes.
KINDS_OF_WORK = {
    "专题询问": "inquiry",
    "满意度测评": "evaluation",
    "工作评议": "evaluation",
    "专题调研": "survey",
    "集中视察": "visit",
    "视察": "visit",
    "执法检查": "inspection",
}
# Who takes part, not what is done: 代表专题调研 names no subject.
GENERIC_WHO = re.compile(r"^(?:代表|人大代表|组成人员|常委会组成人员|常委会)")
TAKE_PART = re.compile(r"参加|参与|列席")
# Named systems, pilots, platforms a committee runs or rolls out (programme).
SYSTEM = re.compile(r"(?:(?<![机体编控限管任])制|会议制度|试点(?:工作)?|系统|平台|题库|数据库|研究会|全覆盖)[”]?$")
QUOTED_SYSTEM = re.compile(r"”(?:制度|机制|服务|改革试点|试点)$|^“[^”]+”$")
# Verbs that run a named system as a whole (深化“两联一述”); 推动 / 推进 + a quoted slogan is direction.
SYSTEM_VERBS = re.compile(r"深化|完善|落实|推行|推广|实施|拓展")
PLATFORM_TAIL = re.compile(r"(?:平台|系统|载体)$")
EVENT = re.compile(
    r"(?:活动|行动|培训班?|学习班|研讨班|读书班|专题班|讲座|报告会|评选表扬(?:工作)?|评选|座谈会?|论坛|接待(?:代表)?日|大会|会议)[”]?"
    r"(?:(?:\d+|[一二三四五六七八九十]+)[期次场批届])?$"
)
OVERSIGHT_ITEM = re.compile(r"督办|督查|检查|回头看|审查")
# An item that opens with its action (重点督办代表建议) puts its subject last.
ACTION_FIRST = re.compile(r"^(?:重点|专项|跟踪)?(?:督办|督查|检查|审查)(?P<head>.{2,})$")
ACTION_LAST = re.compile(r"(?:重点|专项|跟踪)?(?:督办|督查|检查|审查|公开)$")
# People a measure is for (下岗职工, 随迁子女, 高校毕业生, 留守老人).
PEOPLE = re.compile(r"职工|子女|农民工|人员|人才|干部|教师|医生|学生|毕业生|老人|儿童|妇女|残疾人|居民|农民|农户|群众|家庭|人口")
# A fragment, not an object: starts with a joining word (、规范运行, 的监督法).
BAD_START = re.compile(r"^[、和及等的并或为]")
# A clause with a verb of its own is no continuation of the previous list.
OWN_VERB = re.compile(r"听取|审议|制定|修订|开展|推进|加强|完善|落实|推动")

# A system named only by what it does (管理制度, 考核机制, 监管体系): in a list it belongs to the topic the first
# item names with a system word of its own (安全生产责任、管理制度和考核机制 -> 安全生产管理制度).
FUNCTION_SYSTEM = re.compile(
    r"(?:管理|考核|监管|监督|评价|评估|考评|激励|约束|运行|保障|投入|补偿|准入|退出|预警|应急|追溯|问责|追责|奖惩|"
    r"审批|监测|防控|协调|服务)(?:制度|机制|体系|办法|标准|责任|政策)"
)
SYSTEM_HEAD = re.compile(r"(?:制度|机制|体系|办法|标准|责任|政策|清单)$")

# Objects of pure direction: a quality, a capacity, a climate, the means used or the kind of government and
# public service aimed at, not a thing done (提高…水平, 激发…活力, 发挥…作用, 优化…环境, 统筹运用…政策工具,
# 建设法治政府, 推进…现代化, 打造高素质专业化的公务员队伍, 建设海洋强国, 转变经济发展方式).
# Every word starts with a plain character (the lookbehind of 精神 comes after its 精), so a search skips positions
# no word can start at instead of trying each word there.
ABSTRACT = re.compile(
    r"(?:水平|能力|质量|效益|效率|活力|动力|潜力|氛围|意识|精(?<!规定精|会议精|决定精|决议精)神|积极性|主动性|创造性|信心|预期|理念|自觉|定力|"
    r"格局|布局|局面|环境|基础|优势|作用|力度|速度|步伐|进程|成效|实效|韧性|竞争力|获得感|幸福感|安全感|"
    r"障碍|效应|时尚|程度|政策工具|调控手段|执行力|公信力|创造力|影响力|生产力|凝聚力|战斗力|"
    r"效能|政府|队伍|现代化|科学化|民主化|法治化|强国|"
    # the economy's ways, engines and relations (转变发展方式, 培育新的增长点, 处理好…关系, 提高全要素生产率)
    r"发展方式|增长点|增长极|引擎|关系|生产率|周转|蓝图|准备|配合|波动)$"
)

# Words that say what kind of work, or which whole field or state, never one deliverable when they stand alone
# (做好工作, 加强服务, 拓展领域, 发展经济, 改善民生, 减少拥堵, 盘活存量, 做好今年政府工作, 化解各种风险).
BARE_WORDS = tuple(
    "工作 服务 领域 方面 问题 任务 措施 活动 政策 标准 事业 作用 情况 进展 建设 发展 管理 改革 创新 "
    "经济 民生 基本民生 民主 和谐 增长 污染 便利 激励 拥堵 增量 存量 结果 兼顾 一批 矛盾 风险 政府工作 宏观调控 "
    "社会公平正义 三大攻坚战 对外开放 改革开放".split()
)
BARE_WORD = re.compile(f"(?:今年|明年|全年|各种|各类|各项)?(?:{alternation(BARE_WORDS)})")

# A slogan: a one-character verb and the two-character aim of the year it names (稳增长、促改革、调结构、惠民生、
# 去产能、降成本、补短板): a list of them is the year's direction, not deliverables. Lists of things that merely
# begin alike (优质稻、优质麦, 防洪堤、防波堤) are not slogans.
SLOGAN_ITEM = re.compile(
    r"[稳促调惠防保去降补扩增强优控](?:增长|发展|改革|结构|民生|风险|稳定|就业|产能|库存|杠杆|成本|短板|预期|投资|外贸|外资|消费|物价)"
)
# A state said of a thing, not a thing: a two-character noun and a one-character predicate (任务重、挑战多、要求高,
# 前景广; not 融资难, a problem named), or a thing kept from lessening or made more so (调速不减势、量增质更优; not
# 学术不端 or 信息不对称, things named).
STATE_CLAUSE = re.compile(r"[\u4e00-\u9fff]{2}[重多高广少强弱]|[\u4e00-\u9fff]{2}不[减降少][\u4e00-\u9fff]|[\u4e00-\u9fff]{3}更[\u4e00-\u9fff]")

# 要 inside a word, not a modal: 重要 主要 需要 必要 首要 纲要 摘要 概要 提要 只要 机要 政要 简要 紧要 扼要, 要素 要求
# 要件 要点 要案 要道 要闻 要害 要务 要领.
_NOT_MODAL_BEFORE = "重主需必首纲摘概提只机政简紧扼"
_NOT_MODAL_AFTER = "素求件点案道闻害务领"

# The role a thing plays in 以X为…, said after it (以用好铁路发展基金为抓手, 以经济体制改革为重点): no part of any thing.
ROLE = r"为(?:抓手|着力点|突破口|主线|重点)"

# A pointer back or ahead, not a thing named: 这些目标, 上述政策, 相关机制, 八个方面工作.
POINTER = re.compile(
    r"^(?:这个|这些|这一|这项|上述|前述)|^(?:相关|有关)[\u4e00-\u9fff]{2}$|^[一二三四五六七八九十两]+(?:个|项)(?:方面)?(?:工作|任务)$"
)

# Not an object but a state or a clause: a change the sentence wishes for (把…引向深入, 推动相关改革深化), an idiom
# of effort (在…上下功夫, 不懈努力, 为…贡献力量) or of aim (朝着…方向迈进, 为…创造条件), a judgement (保护产权必须
# 坚定不移, 改革是关键, 开放也是改革).
NO_OBJECT = re.compile(
    r"(?:(?:引向|推向)(?:深入|纵深)|深化|上下功夫|(?:不懈)?努力|加油助力|贡献(?:力量)?|成果说话|方向(?:迈进|发展|前进)|创造条件)$|必须"
    # support of no named kind: only how much or how widely (提供有力支撑, 加强全方位服务, 强化普惠性支持)
    r"|^(?:有力|强有力|坚强|坚实|全方位|多方位|更好|更大|更多|普惠性|精准)(?:的)?(?:支撑|支持|服务|保障)$"
    # a judgement or an aim, not a thing (改革是关键, 开放也是改革, 创新创造关键在人, 推动产业结构迈向中高端)
    r"|^(?:也|就|才|正|都)?是|(?:关键|重)在|在于|迈向"
    # a clause of its own, to the object's end: a subject with its modal or state (宏观政策要稳, 红利正在释放, 基础日益
    # 雄厚, 矛盾凸显; not 已经出台的…政策, 正在建设的…项目, 机要文件), a pointer (POINTER) or a frame (…情况下)
    rf"|(?<![{_NOT_MODAL_BEFORE}])要(?![{_NOT_MODAL_AFTER}])[^的]+$|(?:正在|日益|就会|已经|越来越)[^的]+$|凸显$"
    rf"|{POINTER.pattern}|情况下$"
    # the role a thing plays, left over from 以…为… (以经济体制改革为重点全面深化改革)
    rf"|^{ROLE}"
    # a fact: what has been done (宏观调控积累了丰富经验; not 了解, 为了, 除了, 明了, 一目了然)
    r"|(?<![为除明])了(?![解结然])"
    # a place or a manner, not a thing: a verb's place complement (把…使命扛在肩上, 用在解决实际问题上) or a verb
    # in some course (在发展中升级, 经济在稳定增长中优化结构; not …在…中的地位, a thing)
    r"|[\u4e00-\u9fff]在[\u4e00-\u9fff]{1,4}[上中]$|(?<![驻所存现正旨实])在[\u4e00-\u9fff]{1,8}中(?!的)[\u4e00-\u9fff]{1,4}$|(?:问题|层面)上$"
    # the economy's growth in some manner, and nothing else (保持经济平稳健康发展, 实现有质量有效益可持续的发展,
    # 推动中国经济提质增效升级)
    r"|^(?:经济社会|经济|国民经济)?(?:平稳|健康|持续|可持续|高质量|有质量|有效益|协调|稳定|较快|大|的)+发展$"
    r"|^(?:中国|我国)?(?:经济社会|经济|国民经济)(?:提质增效|转型|升级|提质|增效)+$"
)

# X和Y + what both share (社区和居家养老, 企业和社会力量兴办职业教育): the words that open the shared part after the
# right side's name. A name is who or what (企业, 社会力量, 人口大省, 非物质文化遗产); the shared part opens with what
# each does or undergoes, or what each has or is a field of. Verbs of GOV_VERBS open it too (extract/frames_gov.py).
SHARED_OPENERS = (
    # what each does, gets or undergoes
    "养老", "激励", "兴办", "上缴", "保护", "传承", "办学", "参与",
    # what each has, or is a field of
    "事业", "信息", "税收", "负担", "高考", "录取", "权益", "改革",
)
# Words that say the two sides of a 和 make one thing (中央和地方收入划分, 公务员职务和职级并行制度, 国家主权和领土
# 完整): a division, a relation or a whole between them, not a thing each has alone.
BETWEEN_SIDES = ("划分", "分享", "分担", "并行", "融合", "同步", "完整", "关系", "比例", "平衡", "结合", "互动", "交流")
