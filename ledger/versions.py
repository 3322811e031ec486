"""Versions of what a person decides on a task or a passage, so that a change made from an old read saves nothing.

The admin's status and 台账 forms carry the version of the fields each saves (admin/stale.py), its passage buttons
the passage's; the API sends them as ETags, and a write with If-Match saves only while the version of what it writes
is still the one read (a colleague's change or a relink's in between is a 412). A change to other fields (a replace
moving the row in its text, a passage confirmed) is no conflict for a task's forms.
"""

from __future__ import annotations

import hashlib

FORM_FIELDS = {
    "status": ("status", "status_origin", "status_note"),
    "ledger": ("lead_unit_id", "due", "due_label"),
}
FORMS = tuple(FORM_FIELDS)


def _digest(values) -> str:
    return hashlib.sha256("\x1f".join(str(value) for value in values).encode("utf-8")).hexdigest()[:16]


def form_version(commitment, form: str, partner_ids=None) -> str:
    """The version of what ``form`` saves. ``partner_ids``: the task's partner units' ids where read already
    (else they are read)."""
    values = [getattr(commitment, name) for name in FORM_FIELDS[form]]
    if form == "ledger":
        if partner_ids is None:
            partner_ids = commitment.partner_units.values_list("pk", flat=True)
        values.append(",".join(str(pk) for pk in sorted(partner_ids)))
    return _digest(values)


def evidence_version(evidence) -> str:
    """What a page showing the passage read of the decision on it: a decision made from that page is refused once
    a colleague decided on the passage since, or a relink judged it again."""
    decided_at = evidence.decided_at.isoformat() if evidence.decided_at else ""
    return f"{evidence.decision}:{evidence.verdict}:{evidence.decided_by_id or ''}:{decided_at}"


def etag(commitment, partner_ids=None) -> str:
    """The commitment's entity tag: the versions of both forms, quoted."""
    return '"' + "-".join(form_version(commitment, form, partner_ids) for form in FORMS) + '"'


def evidence_etag(evidence) -> str:
    return f'"{_digest([evidence_version(evidence)])}"'


def if_match_holds(header: str | None, current: str, part: int = 0, parts: int = 1) -> bool:
    """Whether an If-Match header lets a write go ahead: absent, ``*``, or naming a tag whose ``part`` (of
    ``parts`` joined by -) is ``current``, the version of what the write changes. A weak tag (W/) never matches,
    as HTTP's strong comparison has it."""
    if header is None:
        return True
    for tag in header.split(","):
        tag = tag.strip()
        if tag == "*":
            return True
        if len(tag) > 2 and tag[0] == tag[-1] == '"':
            versions = tag[1:-1].split("-")
            if len(versions) == parts and versions[part] == current:
                return True
    return False


def commitment_if_match_holds(header: str | None, commitment, form: str) -> bool:
    """if_match_holds for a write of ``form`` against the commitment's ETag."""
    return if_match_holds(header, form_version(commitment, form), FORMS.index(form), len(FORMS))
