"""Government extraction rules on constructed sentences: they hold without the corpus, and the negative cases
(what a rule must not read) are stated here. The rules' real sentences are in tests/test_extract_gov.py."""

from __future__ import annotations

import pytest

from ledger.pipeline.extract import extract_commitments
from ledger.pipeline.types import SectionSpan


def rows(sentence: str):
    text = "今后一年工作任务\n" + sentence + "\n"
    return [row for row in extract_commitments(text, [SectionSpan("tasks", "今后一年工作任务", 0, len(text))], report_kind="gov") if row.testable]


def objects(sentence: str) -> set[str]:
    return {row.object for row in rows(sentence)}


def test_places_listed_share_all_that_follows_the_last_ones_name():
    """全力支持香港、澳门特别行政区行政长官和政府依法施政 gave 香港, 澳门特别行政区行政长官 and 政府依法施政."""
    assert objects("全力支持香港、澳门特别行政区行政长官和政府依法施政。") == {
        "香港特别行政区行政长官和政府依法施政", "澳门特别行政区行政长官和政府依法施政"
    }
    # Not where an earlier item is no place, nor where another place is joined after the last one.
    assert objects("推进甲类、乙类和丙类改革。") == {"甲类改革", "乙类改革", "丙类改革"}
    assert "海南自由贸易港建设" in objects("支持上海、广东自贸试验区和海南自由贸易港建设。")
    # The short names take the last one's ending only where that makes a place of each (not 北京省, 广西省).
    assert objects("支持北京、天津、河北省建设改革试验区。") == {"北京建设改革试验区", "天津建设改革试验区", "河北省建设改革试验区"}
    assert "广西建设沿边开放试验区" in objects("支持广西、云南省建设沿边开放试验区。")


def test_a_clause_that_foretells_promises_nothing():
    """只要我们万众一心，就一定能够实现全年经济社会发展目标 was a task, and the review's figures made it 已落实."""
    assert objects("只要我们万众一心，共克时艰，就一定能够实现全年经济社会发展目标。") == set()
    # The promise before a clause that foretells stays.
    assert objects("持续深化农村改革，广袤乡村必将焕发新的生机活力。") == {"农村改革"}


def test_respective_figures_need_one_figure_per_name():
    assert objects("中央和地方财政赤字分别为1.4万亿元和7800亿元。") == {"中央财政赤字为1.4万亿元", "地方财政赤字为7800亿元"}
    # Two names, one figure: not respective.
    assert not {row.rule for row in rows("甲、乙排放分别减少3%。")} & {"gov.target.respective"}


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("把适合的税种下划给地方。", {"适合的税种下划给地方"}),
        ("将新增经费全部用于村和社区。", {"新增经费用于村和社区"}),
        ("推动与甲国、乙国等自贸区谈判。", {"与甲国自贸区谈判", "与乙国自贸区谈判"}),
        ("保持6%一档的税率不变。", {"6%一档的税率不变"}),
        ("审批事项应减尽减。", {"审批事项应减尽减"}),
        ("把一些存量房转为安置房。", {"一些存量房转为安置房"}),
        # 转为 in the next clause does not make 将 a disposal of this one.
        ("今年将加快户籍制度改革，推动农业转移人口转为城镇居民。", {"户籍制度改革", "农业转移人口转为城镇居民"}),
        ("以用好甲类基金为抓手，深化乙类改革。", {"甲类基金", "乙类改革"}),
        ("综合治理农药残留等问题。", {"农药残留等问题"}),
        ("加强质量、标准和品牌建设。", {"质量建设", "标准建设", "品牌建设"}),
        ("积极参与甲类产品、乙类采购等国际谈判。", {"甲类产品国际谈判", "乙类采购国际谈判"}),
        ("坚定不移惩治腐败。", {"腐败"}),
        ("认真落实甲类规定精神。", {"甲类规定精神"}),
        ("完善和拓展甲类试点。", {"甲类试点"}),
        ("加大对革命老区、边疆地区的支持力度。", {"对革命老区的支持力度", "对边疆地区的支持力度"}),
        ("维护发展中国家正当合法权益。", {"发展中国家正当合法权益"}),  # a noun that begins with a verb
        # A second verb that opens the object's modifier is part of the object, not of the action.
        ("实施培育甲类优势的政策措施。", {"培育甲类优势的政策措施"}),
        ("严格执行党的民族政策。", {"党的民族政策"}),  # 党 is no verb phrase
        ("以改革推动降低甲类收费。", {"甲类收费"}),  # the verb after a means (以…) governs
        ("加快实施创新驱动发展战略。", {"创新驱动发展战略"}),  # a noun that begins with a verb
        ("打造改革开放新高地。", {"改革开放新高地"}),
        ("惩戒学术不端。", {"学术不端"}),  # a thing with 不, not a state
        ("繁荣文艺创作。", {"文艺创作"}),
        # A short attribute before two named things is said of both; a longer one is a thing of its own.
        ("适当增加必要的财政支出和政府投资。", {"必要的财政支出", "必要的政府投资"}),
        ("加强国有企业的改革和民营经济发展。", {"国有企业的改革和民营经济发展"}),
        # Names that begin with 中/上 after 在…: no postposition closing a place.
        ("在全国推广上海自贸试验区经验。", {"上海自贸试验区经验"}),
        ("在沿线国家发展中欧班列。", {"中欧班列"}),
        ("在有条件的地区建设中心城市。", {"中心城市"}),
        # Problems named, not states (融资难, 信息不对称); 明了 is a word, not a fact told.
        ("解决融资难。", {"融资难"}),
        ("解决信息不对称问题。", {"信息不对称问题"}),
        ("推动甲类信息公开明了。", {"甲类信息公开明了"}),
        ("规范驻在国中资企业经营。", {"驻在国中资企业经营"}),  # 驻在, not 在…中
        ("繁荣发展哲学社会科学。", {"哲学社会科学"}),
        ("限制直接焚烧。", {"直接焚烧"}),
        ("在中西部地区建设一批项目。", {"一批项目"}),  # 中 of a name, not the close of 在…中
        ("发挥港澳在国家发展中的作用，推进甲类合作。", {"甲类合作"}),
    ],
)
def test_general_shapes_give_their_rows(sentence, expected):
    assert objects(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "加强与各主要大国协调合作。",  # cooperation, no talks
        "保持经济运行在合理区间。",  # no level held stable, no state unchanged
        "各级政府都应减尽减。",  # who acts, not what is cut
        "统筹运用财政、货币政策和产业、投资、价格等政策工具。",  # the means
        "推进改革，要向基层倾斜。",  # the clause before has a verb: no topic
        "认真做好工作。",  # a generic word alone names nothing
        "不断拓展领域。",
        "发展经济，改善民生。",  # a whole field alone
        "减少拥堵、盘活存量。",  # states and amounts alone
        "推进农业现代化，改革是关键。",  # a judgement, not a thing
        "创新创造关键在人。",
        "推动产业结构迈向中高端。",  # an aim
        "做好稳增长、促改革、调结构、惠民生工作。",  # the year's slogans
        "宏观政策要稳。",  # a subject with its modal
        "改革红利正在释放。",  # a subject with its state
        "落实这些目标。",  # a pointer back
        "实施上述政策。",
        "在发展中逐步化解。",  # the verb inside 在…中 governs nothing after it
        "在甲类改革上取得新突破。",
        "实现在发展中升级、在升级中发展。",  # a course, not a thing
        "推动经济在稳定增长中优化结构。",
        "把建设使命扛在肩上。",  # a place complement
        "在甲类改革过程中不得增加负担。",
        "开放也是改革。",  # a judgement
        "为人类发展事业不懈努力。",  # an idiom of effort
        "推动国际秩序朝着公正合理方向发展。",  # an aim
        "改革发展任务重、挑战多、要求高。",  # states said of a thing
        "以改革促发展。",  # a slogan alone
        "以职业教育的大改革大发展。",  # growth in some manner
        "大力推进改革开放。",  # a whole field alone
        "为建设美丽中国贡献力量。",  # an idiom of effort
        "做好八个方面工作。",  # a count of works points to what follows
        "创新宏观调控积累了丰富经验。",  # a fact
        "改革完善相关机制和政策。",  # pointers
        "扎实做好各项工作。",
        "把精力用在解决实际问题上。",  # a place
        "推动发展调速不减势、量增质更优。",  # states of growth
        "推动中国经济提质增效升级。",
        "为产业创新加油助力。",  # an idiom of effort
        "以改革开放40周年为重要契机。",  # 改革开放 is a noun, not a verb
        "以甲类文化的繁荣兴盛为目标。",  # a verb after 的 is a noun
        "把甲类产业培育成主导产业。",  # what a thing is made into is an aim
        "以甲类改革为重点全面深化改革。",  # the role a thing plays
        "做好今年政府工作，化解各种风险。",  # broad words alone
        "再增加110万套。",  # an amount alone
        "大力弘扬科学精神。",  # a spirit is direction unless a rule or meeting names it
        "推动经济社会持续健康发展。",  # growth in some manner, nothing named
        "加快转变经济发展方式，培育新的增长点。",  # the economy's ways and engines
    ],
)
def test_what_these_rules_do_not_read(sentence):
    assert rows(sentence) == []


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("推进甲地和乙地综合整治。", {"甲地综合整治", "乙地综合整治"}),
        ("推进甲类废物和乙类垃圾资源化利用。", {"甲类废物资源化利用", "乙类垃圾资源化利用"}),
        ("促进甲企、乙企规范健康发展。", {"甲企规范健康发展", "乙企规范健康发展"}),
        ("保障甲、乙、丙合法权益。", {"甲合法权益", "乙合法权益", "丙合法权益"}),
        ("促进甲企、乙企和丙企健康发展。", {"甲企健康发展", "乙企健康发展", "丙企健康发展"}),
    ],
)
def test_shared_work_and_shared_growth(sentence, expected):
    assert objects(sentence) == expected


@pytest.mark.parametrize(
    "sentence, unwanted",
    [
        ("推进老旧小区改造和环境综合整治。", "老旧小区改造综合整治"),  # the left side has its own work
        ("加强危险废物监管和垃圾分类处置。", "危险废物监管分类处置"),
    ],
)
def test_a_side_with_its_own_work_shares_none(sentence, unwanted):
    assert unwanted not in objects(sentence)


@pytest.mark.parametrize(
    "sentence, wanted",
    [
        ("全面落实已经出台的减税降费政策。", "已经出台的减税降费政策"),  # 已经 inside a modifier: still a thing
        ("加快正在建设的重大项目。", "正在建设的重大项目"),
        ("加强机要文件管理。", "机要文件管理"),  # 要 inside a word
        ("发展优质稻、优质麦、优质棉。", "优质稻"),  # things that begin alike are no slogan
    ],
)
def test_words_of_a_clause_inside_a_name_keep_the_row(sentence, wanted):
    assert wanted in objects(sentence)


def test_a_list_wishing_growth_together_only_once():
    # Growth said of an earlier name too is each name's own, not a shared tail.
    assert "甲企健康发展健康发展" not in objects("促进甲企健康发展、乙企健康发展。")


def test_a_content_list_takes_the_verb_of_the_sentence_before():
    for text in ("今年新建一批重点工程。主要是：甲地、乙地等交通项目，丙类水利工程。", "今年新建一批重点工程。\n主要是：甲地、乙地等交通项目，丙类水利工程。"):
        found = rows(text)
        assert {(row.action, row.object) for row in found} >= {("新建", "甲地交通项目"), ("新建", "乙地交通项目"), ("新建", "丙类水利工程")}
    # A verb of direction before lends nothing.
    assert [row for row in rows("我们要坚持稳中求进。主要是：甲地、乙地等交通项目。") if row.rule.startswith("gov.content")] == []
    # Without a verb before, or with no kind of project named, nothing is read as content.
    assert rows("主要是：甲地、乙地等交通项目。") == []
    assert [row for row in rows("今年新建一批重点工程。主要是：甲地、乙地等方面。") if row.rule.startswith("gov.content")] == []


def test_enforcement_needs_a_word_of_enforcement():
    assert objects("对甲、乙严加监管。") == {"对甲严加监管", "对乙严加监管"}
    assert rows("对企业既依法依规监管。") == []  # regarding firms, no enforcement promised


@pytest.mark.parametrize(
    "sentence, action",
    [
        ("以结构调整促进甲类平衡。", "促进"),  # the verb inside 以… names the means
        ("为重点项目建设提供资金支持。", "提供"),  # the verb inside 为… names the beneficiary
        ("进一步整合优化甲类区域。", "整合优化"),  # no preposition: both verbs act
        ("推动落实党中央的决策部署。", "推动落实"),  # 落实 opens no modifier: both verbs act
        ("以防范化解甲类风险。", "防范化解"),  # one compound verb right after 以
    ],
)
def test_the_verb_after_a_prepositional_phrase_governs(sentence, action):
    assert [row.action for row in rows(sentence)] == [action]


def test_a_figure_with_no_indicator_measures_what_the_clause_before_acts_on():
    found = rows("下调甲类保险单位缴费比例，各地可降至16%。")
    assert [(row.rule, row.action, row.object) for row in found] == [
        ("gov.target.of_previous", "降至", "甲类保险单位缴费比例降至16%")
    ]
    assert [row.object for row in rows("下调甲类比例，各地可以降至16%。")] == ["甲类比例降至16%"]
    # A figure with its own indicator, or a verb that names the work itself (造林), stands alone; so does a figure
    # after a list (which item it measures is not said), after a thing with a figure of its own, or after no level.
    assert {row.object for row in rows("实施甲类工程，造林600万公顷。")} == {"甲类工程", "造林600万公顷"}
    for sentence in ("提高甲类、乙类补助标准，达到500元。", "国内生产总值增长6%，力争达到7%。", "实施甲类工程，力争达到30%。"):
        assert "gov.target.of_previous" not in {row.rule for row in rows(sentence)}


def test_a_second_list_after_yiji_is_a_second_object_of_the_verb():
    # 落实财税、土地、价格等支持政策以及带薪休假等制度: the class after 等 stops at 以及.
    assert objects("落实甲、乙等支持政策以及丙等制度。") == {"甲支持政策", "乙支持政策", "丙等制度"}
    # 以及 inside a list's last item still joins items (铁路、电力以及汽车等中国装备走向世界).
    assert "以及" not in "".join(objects("推动甲、乙以及丙等装备走向世界。"))


@pytest.mark.parametrize(
    "sentence, wanted",
    [
        ("坚守甲类红线。", "甲类红线"),  # 坚守 as 守住
        ("在重点城市全面供应甲类标准汽柴油。", "甲类标准汽柴油"),
    ],
)
def test_verbs_of_holding_a_line_and_of_supply(sentence, wanted):
    assert wanted in objects(sentence)
    assert not objects("坚守甲类的正道。")  # a principle held is direction


def test_a_clause_naming_whom_the_measures_after_it_are_for():
    found = rows("对甲类困难家庭，给予住房救助。")
    assert [(row.rule, row.action, row.object) for row in found] == [("gov.measure.for", "给予", "对甲类困难家庭的住房救助")]
    # Only the first clause with rows takes it; a clause of its own verb after that is its own.
    assert objects("对甲类企业，在乙、丙等方面，加大奖励支持力度，取消丁类收费。") == {"对甲类企业的奖励支持力度", "丁类收费"}
    # 对 with a verb of its own is no such clause, nor 对于 (a word of its own), nor 对 + a predicate.
    assert "对违法者严惩不贷" in objects("对违法者要严惩不贷。")
    assert not any(o.startswith("对") for o in objects("对于侵害群众利益的行为，坚决查处甲类案件。"))
    assert not any(o.startswith("对") for o in objects("对本辖区债务负总责，完善甲类机制。"))
    # A clause with a verb of its own and no row between: the recipients are not the later rows'.
    assert "乙类收费" in objects("对甲类企业，要深入研究，取消乙类收费。")


def test_a_clause_that_describes_a_state_promises_nothing():
    """经济发展具有良好支撑条件 (the 2017 report's view of the year ahead) was a task: 发展 read as its verb. Before a
    verb of state with no 的 after it, the word is the clause's subject; before one that opens a modifier (具备条件的),
    the verb stands."""
    assert objects("基础设施比较完善，经济发展具有良好支撑条件。") == set()
    assert objects("推动具备条件的普通本科高校向应用型转变。") == {"具备条件的普通本科高校向应用型转变"}


def test_yiji_joins_groups_of_a_list_wherever_it_stands():
    """推动铁路、电力以及汽车、飞机等中国装备走向世界: the items after 以及 are items of the same list (汽车 and 飞机 were
    lost into one row 电力以及汽车)."""
    assert objects("推动铁路、电力以及汽车、飞机等中国装备走向世界。") == {
        f"{item}中国装备走向世界" for item in ("铁路", "电力", "汽车", "飞机")
    }
    # In the first item it joins two things under that item's own head (食品以及药品安全监管).
    assert "食品以及药品安全监管" in objects("加强食品以及药品安全监管、安全生产监管。")


def test_a_service_provided_to_groups_of_people_is_one_measure_for_each():
    """为农村留守儿童、妇女、老人提供关爱服务 gave no row; a short group after the first shares its modifier."""
    assert objects("为农村留守儿童、妇女、老人提供关爱服务。") == {
        "为农村留守儿童提供关爱服务", "为农村留守妇女提供关爱服务", "为农村留守老人提供关爱服务"
    }
    assert objects("加强对农村留守儿童和妇女、老人的关爱服务。") == {
        "对农村留守儿童的关爱服务", "对农村留守妇女的关爱服务", "对农村留守老人的关爱服务"
    }
    # A purpose is no one served (为创业提供便利, 为经济平稳运行创造条件, 为农民增收提供产业支撑, 为群众办事提供便利).
    for sentence in ("为经济平稳运行创造条件。", "为农民增收提供产业支撑。", "为群众办事提供便利。", "为人口高质量发展提供有力支撑。"):
        assert "gov.measure.provided" not in {row.rule for row in rows(sentence)}, sentence
    # A short modifier names its own group only (企业职工、居民: not 企业居民).
    assert objects("为企业职工、居民提供便捷服务。") == {"为企业职工提供便捷服务", "为居民提供便捷服务"}


def test_a_level_a_thing_is_kept_at_is_a_target():
    """保持人民币汇率处于合理均衡水平 was general direction; 保持…在…水平上基本稳定 was already a target."""
    assert [(row.rule, row.object) for row in rows("保持人民币汇率处于合理均衡水平。")] == [
        ("gov.target.assured", "人民币汇率处于合理均衡水平")
    ]


def test_a_team_or_result_named_by_what_it_does_is_a_noun_not_a_second_verb():
    """赋予创新团队…决策权 read 创新 as a second verb and the row as 团队…决策权; 加快创新成果转化应用 as 成果转化应用."""
    assert objects("赋予创新团队更大的技术路线决策权。") == {"创新团队更大的技术路线决策权"}
    assert objects("加快创新成果转化应用。") == {"创新成果转化应用"}
