"""Versions of what a person writes to a task, so that a change made from an old read saves nothing.

The admin's status and 台账 forms carry the version of the fields each saves (admin/stale.py); the API sends both
as the commitment's ETag, and a status POST or a PATCH with If-Match saves only while the version of what it writes
is still the one read (a colleague's change or a relink's new machine status in between is a 412). A change to other
fields (a replace moving the row in its text, a passage confirmed) is no conflict.
"""

from __future__ import annotations

import hashlib

FORM_FIELDS = {
    "status": ("status", "status_origin", "status_note"),
    "ledger": ("lead_unit_id", "due", "due_label"),
}
FORMS = tuple(FORM_FIELDS)


def form_version(commitment, form: str, partner_ids=None) -> str:
    """The version of what ``form`` saves. ``partner_ids``: the task's partner units' ids where read already
    (else they are read)."""
    values = [str(getattr(commitment, name)) for name in FORM_FIELDS[form]]
    if form == "ledger":
        if partner_ids is None:
            partner_ids = commitment.partner_units.values_list("pk", flat=True)
        values.append(",".join(str(pk) for pk in sorted(partner_ids)))
    return hashlib.sha256("\x1f".join(values).encode("utf-8")).hexdigest()[:16]


def etag(commitment, partner_ids=None) -> str:
    """The commitment's entity tag: the versions of both forms, quoted."""
    return '"' + "-".join(form_version(commitment, form, partner_ids) for form in FORMS) + '"'


def if_match_holds(header: str | None, commitment, form: str) -> bool:
    """Whether an If-Match header lets a write of ``form`` go ahead: absent, ``*``, or naming a tag whose version
    of ``form`` is the current one. A weak tag (W/) never matches, as HTTP's strong comparison has it."""
    if header is None:
        return True
    current = form_version(commitment, form)
    for tag in header.split(","):
        tag = tag.strip()
        if tag == "*":
            return True
        if len(tag) > 2 and tag[0] == tag[-1] == '"':
            versions = tag[1:-1].split("-")
            if len(versions) == len(FORMS) and versions[FORMS.index(form)] == current:
                return True
    return False
