"""Verbs and the adverbs before them, by what they promise.

The government table (extract/frames_gov.py) decides a clause by its governing verb: `always` verbs are a
discrete step whatever follows (启动, 建立, 出台 …), `shape` verbs only with a checkable object (实施 +
…工程), `general` verbs only for a pilot or an exemption, `block` verbs are someone else's action or a
preparatory step (支持企业建设…): no row.
"""

from __future__ import annotations

import re

# Adverbs and companions that may stand before a standing committee's clause-initial verb (持续跟踪…,
# 与…联动开展…); a regex prefix for the frames that allow them.
NPC_ADVERBS = (
    r"^(?:(?:持续|继续|进一步|深入|扎实|认真|全面|积极|适时|有序|及时|大力|切实|着力|统筹|精准|依法|"
    r"联合|协同|同步|联动|上下联动|更好|加快|不断|稳步|逐步|重点|严格|还将|将|要)\s*)*?"
)

# Verbs and how they decide a clause. always: a discrete step whatever the object; shape: only with a
# checkable object (see _SHAPES in extract/frames_gov.py); general: direction, a row only for a pilot or a
# fee exemption; block: the verb of someone else's action (支持企业建设…) or a preparatory step. Verbs of
# the last three classes and of `measure` still make a policy measure (gov.measure) when their object
# names something concrete; `direction` verbs never do (坚持…, 营造…氛围).
GOV_VERBS = {
    "always": (
        "启动实施 启动 清理取消 建立健全 建立 设立 出台 制定实施 制定和实施 制定 整合 统一 取消或停征 取消 停征和归并 停征 "
        "停止 增设 商签 试行 试点 推行 推开 发行 筹集 改组组建 组建 免除 免征 修改和废止 修改 修订 废止 完成 下调"
    ),
    "shape": (
        "组织实施 实施 实行 开展 开工建设 开工 推出 建设 新建 建成 扩大 降低 提高 增加 抓紧 办好 举办 主办 实现 布局 构建 构筑 坚守"
    ),
    "general": "推进 深化 探索 加快推进 推动",
    "block": (
        "支持 鼓励 引导 促进 加强 完善 健全 落实 抓好 做好 发展 培育 打造 加大 强化 坚持 优化 规范 提升 维护 保障 保持 "
        "形成 研究 改革 创新 巩固 推广应用 用好 用足 发挥 增强 拓展 拓宽 稳定 严格 加快 允许 引进 吸引 保护 治理 防范 "
        "化解 清理 整顿 简化 放宽 改善 改进 减少 压缩 控制 严控 遏制 确定 调整 贯彻 统筹 谋划 落实好 实施好 开展好 "
        "推广 公布"
    ),
    "measure": (
        "盘活 签署 查处 惩治 纠正 兴办 开放 提请 转为 打击 整治 改造 培养 下放 放开 精简 减免 解决 申办 筹办 编制 制订 "
        "扩展 创新和完善 落实和完善 修改完善 减轻 核减 设置 补齐 褒奖 约谈 曝光 追究 整合筹措 加速 "
        "淘汰 退出 处置 砍掉 赋予 消除 提供 普及 打好 打赢 守住 供应 延长 延续 恢复 试验 示范 削减 倡导 平等保护 "
        "壮大 惩戒 执行 推向 给予 活跃 缩减 根治 防治 调减 消化 疏解 更新 破除 整肃 分担 开发利用 参与 繁荣 限制"
    ),
}
# Verbs of pure direction: whatever follows names no step (坚持稳中求进, 营造良好氛围, 增强内生动力); 坚守 names one only
# as a line held (坚守耕地红线: its shape in extract/frames_gov.py), not as a principle (坚守…的正道).
GOV_DIRECTION = frozenset("坚持 坚定 营造 弘扬 树立 增强 激发 厚植 确保 保持 稳定 巩固 坚守".split())
# Verbs of a step done to a thing named before 要 (具备竞争条件的商品和服务价格原则上都要放开, 黄标车今年要全部淘汰):
# the thing is the object, put first as the topic of the clause.
GOV_TOPIC_VERBS = "放开 公开 淘汰 取消 简化 追究 退出 关闭 清理 下放 建成 完成 开工 建设 执行 收回 通".split()
# 通 as a verb of access (通硬化路, 通客车), not 通过 / 通报 / 通知.
GOV_TOPIC_NOT = ("通过", "通报", "通知", "通告", "通讯")
# Who acts, or a policy or work said to act, rather than what is acted on: a topic ending so is the clause's
# subject (各级政府都要…, 全社会要…, 积极的财政政策要…).
GOV_ACTOR_ENDINGS = (
    "政府", "部门", "我们", "社会", "成员", "干部", "公务员", "企业", "单位", "机关", "人员", "群众", "个人", "各地", "地方",
    "政策", "工作",
)

# A clause that foretells rather than promises (只要…，就一定能够实现全年目标; 乡村必将焕发…): its verb names no step (一定要,
# must, is not among these).
PREDICTION = re.compile(r"(?:就|才|也|都)?(?:一定(?:能够|能|会)|必将|必定|必然|定能|终将)")
