"""Versions of what a person decides on a task or a passage, so that a change made from an old read saves nothing.

The admin's status and 台账 forms carry the version of the fields each saves (admin/stale.py), its passage buttons
the passage's; the API sends them as ETags, and a write with If-Match saves only while the version of what it writes
is still the one read (a colleague's change or a relink's in between is a 412). A change to other fields (a replace
moving the row in its text, a passage confirmed) is no conflict.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Collection, Mapping

# Groups of a task's fields a person writes together: the admin's two forms, and the API's fields one by one.
GROUPS = {
    "status": ("status", "status_origin", "status_note"),
    "ledger": ("lead_unit_id", "due", "due_label"),  # and the partner units
    "lead_unit": ("lead_unit_id",),
    "due": ("due", "due_label"),
    "partner_units": (),
}
_WITH_PARTNERS = ("ledger", "partner_units")
# The parts of a task's ETag, joined by -: a status POST is checked against the first, a PATCH against the parts of
# the fields it sets.
TAG_PARTS = ("status", "lead_unit", "due", "partner_units")

# What a page or a client read of a task: group -> version (one page's form, or one ETag sent back).
Read = Mapping[str, str]


def _digest(values) -> str:
    return hashlib.sha256("\x1f".join(str(value) for value in values).encode("utf-8")).hexdigest()[:16]


def form_version(commitment, group: str, partner_ids=None) -> str:
    """The version of a group of the task's fields (of a commitment, or of a history record of one given its
    ``partner_ids``). ``partner_ids``: the partner units' ids where read already (else the commitment's are read).
    The task's id is part of it (``id``, a history record's too): another task's version, however alike its fields,
    names no read of this one."""
    values = [commitment.id, *(getattr(commitment, name) for name in GROUPS[group])]
    if group in _WITH_PARTNERS:
        if partner_ids is None:
            partner_ids = commitment.partner_links.values_list("unit_id", flat=True)
        values.append(",".join(str(pk) for pk in partner_ids))  # in their order: a new order is a change
    return _digest(values)


def etag(commitment, partner_ids=None, representation=None) -> str:
    """The task's entity tag: the versions of TAG_PARTS, and a digest of the record as sent (``representation``, its
    data): a tag names one representation (a progress entry added is another), while a write compares only the parts
    of what it writes. Quoted."""
    parts = [form_version(commitment, part, partner_ids) for part in TAG_PARTS]
    if representation is not None:
        parts.append(_digest([json.dumps(representation, sort_keys=True, ensure_ascii=False, default=str)]))
    return '"' + "-".join(parts) + '"'


def evidence_version(evidence) -> str:
    """The version of the decision on a passage: a decision made from a read of it is refused once a colleague
    decided on the passage since, or a relink judged it again. Its ETag, quoted."""
    decided_at = evidence.decided_at.isoformat() if evidence.decided_at else ""
    # With its id: every passage nobody decided on had one version, and one's ETag let another be decided.
    return _digest([evidence.pk, evidence.decision, evidence.verdict, evidence.decided_by_id or "", decided_at])


def if_match_tags(header: str | None) -> list[str] | None:
    """The entity tags an If-Match header names, unquoted; None when it sets no condition (absent, or ``*``). A weak
    tag counts as its strong one: a proxy that compresses a response weakens its tag (nginx's gzip does), and these
    tags version the fields a write changes, not the bytes sent. A value that is no quoted tag matches nothing."""
    if header is None:
        return None
    tags = []
    for tag in header.split(","):
        tag = tag.strip().removeprefix("W/")
        if tag == "*":
            return None
        if len(tag) >= 2 and tag[0] == tag[-1] == '"':
            tags.append(tag[1:-1])
    return tags


_VERSION = re.compile(r"[0-9a-f]{16}")


def is_version(tag: str) -> bool:
    """Whether an unquoted tag has the form of a version (_digest): one that has not names no read at all."""
    return bool(_VERSION.fullmatch(tag))


def task_reads(tags: list[str]) -> list[Read]:
    """What each ETag of a task sent back says was read."""
    reads = []
    for tag in tags:
        parts = tag.split("-")
        if len(parts) in (len(TAG_PARTS), len(TAG_PARTS) + 1):  # with the representation's digest, or a tag of before
            reads.append(dict(zip(TAG_PARTS, parts)))
    return reads


def _read_now(read: Read, versions: Mapping[str, str], groups: Collection[str]) -> bool:
    return all(read.get(group) == versions[group] for group in groups)


def unchanged(reads: list[Read], commitment, groups: Collection[str]) -> bool:
    """Whether one of the reads saw ``groups`` of the task as they are now."""
    versions = {group: form_version(commitment, group) for group in groups}
    return any(_read_now(read, versions, groups) for read in reads)


def record_partners(history_ids) -> dict[int, tuple[int, ...]]:
    """History record id → the partner units' ids it holds, in the order staff wrote them (one query; () for none)."""
    from .models import Commitment

    partners: dict[int, tuple[int, ...]] = defaultdict(tuple)
    for history_id, unit_id in Commitment.history.model.partner_units.model.objects.filter(
        history_id__in=list(history_ids)
    ).order_by("position", "id").values_list("history_id", "unit_id"):
        partners[history_id] += (unit_id,)
    return partners


def changer(commitment_pk: int, groups: Collection[str], reads: list[Read]):
    """The history record of the change to ``groups`` that no read saw: the oldest after the newest record a read
    saw (the task's last record when none was seen, None before any), with its user."""
    from .models import Commitment

    records = list(Commitment.history.filter(id=commitment_pk).order_by("-history_id").select_related("history_user")[:200])
    partners = None
    if set(groups) & set(_WITH_PARTNERS):  # each record's partner units, in one query
        partners = record_partners(r.history_id for r in records)
    for newer, record in zip([None, *records], records):
        partner_ids = partners[record.history_id] if partners is not None else None
        if any(_read_now(read, {g: form_version(record, g, partner_ids) for g in groups}, groups) for read in reads):
            return newer or record
    return records[0] if records else None
