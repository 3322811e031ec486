"""Verbs and the adverbs before them, by what they promise.

The government table (extract/frames_gov.py) decides a clause by its governing verb: `always` verbs are a
discrete step whatever follows (启动, 建立, 出台 …), `shape` verbs only with a checkable object (实施 +
…工程), `general` verbs only for a pilot or an exemption, `block` verbs are someone else's action or a
preparatory step (支持企业建设…): no row.
"""

from __future__ import annotations

# Adverbs and companions that may stand before a standing committee's clause-initial verb (持续跟踪…,
# 与…联动开展…); a regex prefix for the frames that allow them.
NPC_ADVERBS = (
    r"^(?:(?:持续|继续|进一步|深入|扎实|认真|全面|积极|适时|有序|及时|大力|切实|着力|统筹|精准|依法|"
    r"联合|协同|同步|联动|上下联动|更好|加快|不断|稳步|逐步|重点|严格|还将|将|要)\s*)*?"
)
