"""What staff keep on each commitment through the year (the 台账 columns): units, a deadline, progress.

Every change records who and when in the row's history, like any other staff decision; the machine never
writes these fields.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..deadlines import parse_due
from ..numbers import MAX_BIGINT, positive_int
from ..pipeline.normalise import visible
from ..models import Commitment, KeptDecision, PartnerUnit, Progress, Unit, UnitName
from ..messages import last_changed_by
from ..exports import EXCEL_CELL_MAX, progress_cell, progress_line
from ..validators import typed_text_check
from .decisions import commitment_lock, commitments_lock

# "Leave this field as it is", distinct from None ("clear it").
UNSET = object()


# A unit given by its id: ASCII digits, no leading 0 (a name of digits is refused, api/serializers.py).
_ID = re.compile(r"[1-9][0-9]*")


def unit_id_given(unit) -> bool:
    """Whether a unit is given by its id (an int, or a text of ASCII digits), not by its name."""
    return isinstance(unit, int) or (isinstance(unit, str) and _ID.fullmatch(unit.strip()) is not None)


def unit_resolve(*, body, unit) -> Unit:
    """A unit of ``body`` given as a Unit, its id or its name; a new name creates the unit."""
    if isinstance(unit, Unit):
        found = unit
    elif unit_id_given(unit):
        # An id beyond what the database stores names no unit (rather than overflowing the query).
        pk = unit if isinstance(unit, int) else positive_int(unit.strip())
        found = Unit.objects.filter(pk=pk).first() if pk is not None and 0 <= pk <= MAX_BIGINT else None
        if found is None:
            raise ValidationError(_("There is no unit with id %(id)s.") % {"id": unit})
    else:
        found, _created = unit_get_or_create(body=body, name=unit)
    if found.body_id != body.pk:
        raise ValidationError(
            _("%(unit)s is a unit of %(other)s, not of %(body)s.") % {"unit": found.name, "other": found.body, "body": body}
        )
    return found


# Chinese is written without spaces: one beside a Chinese character is a slip (法制 工作委员会 made a second unit).
_SPACE_BY_CJK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+|\s+(?=[\u3000-\u9fff\uff00-\uffef])")


def unit_name(name) -> str:
    """A unit's name as stored: zero-width characters out, its spaces collapsed, none beside a Chinese character."""
    return _SPACE_BY_CJK.sub("", visible(str(name or "")))


# How staff separate unit names typed in one field or cell (区财政局、区审计局; the sheet joins them with 、).
_UNIT_SEPARATORS = re.compile(r"[、，,；;\n]+")


def unit_names_split(text: str) -> list[str]:
    """The unit names of one field or cell, in order, blanks left out."""
    return [name.strip() for name in _UNIT_SEPARATORS.split(text) if name.strip()]


def unit_name_problem(name) -> str:
    """Why ``name`` cannot name a unit ("" when it can): none, too long, or without a letter or character (a
    name of digits would read as a unit's id, and 0, 007, １２ or {} name no office)."""
    name = unit_name(name)
    if not name:
        return _("A unit needs a name.")
    if len(name) > Unit._meta.get_field("name").max_length:
        return _("A unit name is at most %(n)d characters.") % {"n": Unit._meta.get_field("name").max_length}
    if not any(character.isalpha() for character in name):
        return _("A unit's name needs a Chinese character or a letter: “%(name)s” names no office.") % {"name": name}
    return ""


def units_named(*, body, lead_unit=UNSET, partner_units=UNSET) -> dict:
    """commitment_ledger_update's unit arguments for units given by name (a sheet's cells, kept decisions): each a
    Unit, so that a name of digits (a unit stored as 12) is that unit, not the unit whose id is 12."""
    named = {}
    if lead_unit is not UNSET:
        named["lead_unit"] = unit_get_or_create(body=body, name=lead_unit)[0] if lead_unit else None
    if partner_units is not UNSET:
        named["partner_units"] = [unit_get_or_create(body=body, name=name)[0] for name in partner_units]
    return named


def unit_named(*, body, name: str) -> Unit | None:
    """The unit of ``body`` that ``name`` names: its own name, or another name of it (UnitName)."""
    name = unit_name(name)
    if not name:
        return None
    return Unit.objects.filter(body=body, name=name).first() or Unit.objects.filter(other_names__body=body, other_names__name=name).first()


def unit_other_names(body_ids) -> dict[tuple[int, str], str]:
    """(body id, other name) → the name of the unit it names, for the bodies given (a sheet's rows, read at once)."""
    return {
        (body_id, name): unit
        for body_id, name, unit in UnitName.objects.filter(body_id__in=body_ids).values_list("body_id", "name", "unit__name")
    }


def unit_other_name_add(*, unit: Unit, name: str) -> UnitName | None:
    """``name`` kept as another name of ``unit`` (a sheet's 法制工委 a person said is its 法制工作委员会), unless it names
    a unit of the body already (its own name, or another's other name): None then."""
    name = unit_name(name)
    if not name or unit_named(body=unit.body, name=name) is not None:
        return None
    return UnitName.objects.create(unit=unit, body_id=unit.body_id, name=name)


@transaction.atomic
def unit_get_or_create(*, body, name, user=None) -> tuple[Unit, bool]:
    """The unit of ``body`` called ``name`` (spaces collapsed; or by another name of it), created when new; returns
    (unit, created)."""
    name = unit_name(name)
    found = unit_named(body=body, name=name)
    if found is not None:
        return found, False  # a unit stored before the rule of names, named as it is
    if problem := unit_name_problem(name):
        raise ValidationError(problem)
    unit = Unit(body=body, name=name)
    unit.full_clean()
    if user is not None:
        unit._history_user = user
    unit._change_reason = _("unit created")
    unit.save()
    return unit, True


def unit_name_taken(*, body_id: int, name: str, unit_id: int | None) -> str:
    """Why ``name`` cannot be the name of unit ``unit_id`` of a body ("" when it can): it is another unit's other name
    (it would name two units)."""
    taken = UnitName.objects.filter(body_id=body_id, name=unit_name(name)).exclude(unit_id=unit_id).select_related("unit").first()
    if taken is None:
        return ""
    return _("“%(name)s” is another name of %(unit)s: merge the two units, or rename that one.") % {
        "name": taken.name, "unit": taken.unit.name,
    }


@transaction.atomic
def unit_save(*, unit: Unit, user) -> Unit:
    """A unit added or renamed in the admin (its name tidied as unit_resolve tidies it), with its history. A renamed
    unit keeps its former name as another name (a sheet or a decision kept aside still names it so); a name that
    is another unit's other name is refused (it would name two units)."""
    unit.name = unit_name(unit.name)
    if problem := unit_name_problem(unit.name):
        raise ValidationError({"name": problem})
    unit.full_clean()
    if taken := unit_name_taken(body_id=unit.body_id, name=unit.name, unit_id=unit.pk):
        raise ValidationError({"name": taken})
    former = Unit.objects.filter(pk=unit.pk).values_list("name", flat=True).first() if unit.pk else None
    unit._history_user = user
    unit._change_reason = _("unit saved by staff")
    unit.save()
    UnitName.objects.filter(unit=unit, name=unit.name).delete()  # its own name again
    if former and former != unit.name:
        UnitName.objects.get_or_create(body_id=unit.body_id, name=former, defaults={"unit": unit})
    return unit


@transaction.atomic
def units_merge(*, units, into: Unit, user) -> int:
    """Merge ``units`` (typing variants of one unit: 区人大财经工委, 财经工委) into ``into``, a unit of the same body:
    every task one of them leads or partners is given ``into`` instead, with the task's history saying so (a task led
    by ``into`` loses it as a partner), and the merged units are deleted, their history kept. Returns how many tasks
    changed."""
    merged = [unit for unit in units if unit.pk != into.pk]
    if other := next((unit for unit in merged if unit.body_id != into.body_id), None):
        raise ValidationError(
            _("%(unit)s is a unit of %(other)s, not of %(body)s.") % {"unit": other.name, "other": other.body, "body": into.body}
        )
    ids = {unit.pk for unit in merged}
    list(Unit.objects.select_for_update().filter(pk__in=[*ids, into.pk]))  # none is renamed, deleted or given meanwhile
    tasks = Commitment.objects.filter(Q(lead_unit__in=ids) | Q(partner_units__in=ids)).distinct().select_related("report__body")
    reason = _("units merged into %(unit)s") % {"unit": into.name}
    changed = 0
    for commitment in tasks.order_by("pk"):
        commitment_lock(commitment)  # the units it has now, not those of the query above
        lead = into if commitment.lead_unit_id in ids else commitment.lead_unit
        partners = []
        for unit in commitment.partners:
            unit = into if unit.pk in ids else unit
            if unit != lead and unit not in partners:
                partners.append(unit)
        changed += commitment_ledger_update(commitment=commitment, user=user, lead_unit=lead, partner_units=partners, reason=reason)
    # Decisions a replace kept aside name units by name: the merged names become the one kept, so that re-attaching
    # them does not make the merged units again.
    names = {unit.name for unit in merged}
    for kept in KeptDecision.objects.filter(report__body_id=into.body_id, reattached_at=None).exclude(ledger={}):
        columns = dict(kept.ledger)
        if columns.get("lead_unit") in names:
            columns["lead_unit"] = into.name
        if partners := columns.get("partner_units"):
            columns["partner_units"] = list(dict.fromkeys(into.name if name in names else name for name in partners))
        if columns != kept.ledger:
            kept.ledger, kept._history_user, kept._change_reason = columns, user, reason
            kept.save(update_fields=["ledger"])
    # The merged units' names, and their other names, become other names of the one kept: a sheet naming 财经工委
    # again finds it rather than making the merged unit anew.
    UnitName.objects.filter(unit__in=merged).update(unit=into)
    for unit in merged:
        unit._history_user = user
        unit._change_reason = reason
        unit.delete()
        UnitName.objects.get_or_create(body_id=into.body_id, name=unit.name, defaults={"unit": into})
    return changed


# A deadline lies in its task's plan year or in the years after (三年内, a plan's term), never before it.
DUE_YEARS_AFTER = 10


def due_read(value, *, plan_year: int, current: dt.date | None = None) -> tuple[dt.date | None, str]:
    """A deadline as staff wrote it → (last day, words); a clear error when the words name none, or a new day
    before the task's plan year or more than DUE_YEARS_AFTER years after it (a mistyped year). ``current``: the
    day stored, which is no new day however far it lies (a sheet or a form sent back unchanged)."""
    try:
        date, label = parse_due(value, plan_year)
    except ValueError:
        raise ValidationError(
            _("“%(value)s” is not a deadline: write a date (2024-06-30), a month (2024年6月, 6月底前), a period "
              "(年底前, 上半年, 三季度), or, for work without an end, 长期坚持 or 每月.") % {"value": value}
        ) from None
    limit = Commitment._meta.get_field("due_label").max_length
    if len(label) > limit:
        raise ValidationError(_("A deadline is at most %(n)d characters: “%(value)s…”.") % {"n": limit, "value": label[:limit]})
    if date is not None and date != current and not plan_year <= date.year <= plan_year + DUE_YEARS_AFTER:
        raise ValidationError(
            _("“%(value)s” falls in %(year)s: a deadline of a %(plan)s task lies between %(plan)s and %(last)s.")
            % {"value": label, "year": date.year, "plan": plan_year, "last": plan_year + DUE_YEARS_AFTER}
        )
    return date, label


def progress_date_problem(date: dt.date, *, plan_year: int, today: dt.date) -> str:
    """Why a progress entry cannot bear ``date`` ("" when it can): it records what was done, so not after today,
    and not before the year before its task's plan year (a report may be written then)."""
    if date > today:
        return _("the date is after today.")
    if date.year < plan_year - 1:
        return _("the date is before %(year)s, the year before the task's plan year.") % {"year": plan_year - 1}
    return ""


@transaction.atomic
def commitment_ledger_update(
    *, commitment: Commitment, user, lead_unit=UNSET, partner_units=UNSET, due=UNSET, reason: str = ""
) -> bool:
    """Set the lead unit, the partner units and the deadline; an argument left out is left as it is.

    Units are given as Unit, id or name (a new name creates a unit of the commitment's body); ``None`` clears.
    Returns whether anything changed (an unchanged value writes nothing and adds no history)."""
    commitment_lock(commitment)
    body = commitment.report.body
    changed = []
    if lead_unit is not UNSET:
        unit = None if lead_unit in (None, "") else unit_resolve(body=body, unit=lead_unit)
        if commitment.lead_unit_id != (unit.pk if unit else None):
            commitment.lead_unit = unit
            changed.append("lead_unit")
    if due is not UNSET:
        date, label = due_read(due, plan_year=commitment.plan_year, current=commitment.due)
        if (commitment.due, commitment.due_label) != (date, label):
            commitment.due, commitment.due_label = date, label
            changed.append("due")
    partners = None
    if partner_units is not UNSET:
        partners = []
        for item in partner_units or []:
            unit = unit_resolve(body=body, unit=item)
            if unit not in partners:
                partners.append(unit)
        # The same units in another order is a change: a 台账 lists them by rank.
        if [unit.pk for unit in partners] == partner_ids(commitment):
            partners = None
        else:
            changed.append("partner_units")
    # The lead against the partners the task will have: those given, else those it has (a lead given alone too).
    if {"lead_unit", "partner_units"} & set(changed) and commitment.lead_unit_id and commitment.lead_unit_id in (
        [unit.pk for unit in partners] if partners is not None else partner_ids(commitment)
    ):
        raise ValidationError(_("The lead unit is not also a partner unit."))
    if not changed:
        return False
    commitment.full_clean()
    commitment._history_user = user
    commitment._change_reason = reason or _("台账 updated by staff")
    if partners is not None:
        # The m2m history is written with the row's next history record, from the links as they are then: written
        # here without m2m signals, so that no record of their own is written before the save.
        PartnerUnit.objects.filter(commitment=commitment).delete()
        PartnerUnit.objects.bulk_create(
            PartnerUnit(commitment=commitment, unit=unit, position=position) for position, unit in enumerate(partners)
        )
    commitment.save()
    return True


def partner_ids(commitment: Commitment) -> list[int]:
    """The task's partner units' ids, in their order."""
    return list(commitment.partner_links.values_list("unit_id", flat=True))


@transaction.atomic
def commitments_ledger_update(*, commitments, user, **values) -> int:
    """commitment_ledger_update on each of ``commitments`` with the same ``values`` (lead_unit, partner_units, due: an
    argument left out is left as each row has it), all or none: a value one row refuses (a lead unit it has as a
    partner) refuses the whole, naming the row. Returns how many rows changed."""
    changed = 0
    by_body: dict[int, dict] = {}  # the values with their units resolved, once for each body's tasks
    commitments_lock(commitments)
    for commitment in commitments.select_related("report__body").order_by("report_id", "ordinal"):
        body = commitment.report.body
        try:
            if body.pk not in by_body:
                by_body[body.pk] = {**values, **_units_resolved(body, values)}
            changed += commitment_ledger_update(commitment=commitment, user=user, **by_body[body.pk])
        except ValidationError as error:
            raise ValidationError(
                _("%(task)s: %(problem)s") % {"task": f"{commitment.report} #{commitment.ordinal}", "problem": " ".join(error.messages)}
            ) from error
    return changed


def _units_resolved(body, values: dict) -> dict:
    """The lead and partner units of ``values`` as units of ``body`` (created where a name is new)."""
    resolved = {}
    if values.get("lead_unit"):
        resolved["lead_unit"] = unit_resolve(body=body, unit=values["lead_unit"])
    if values.get("partner_units"):
        resolved["partner_units"] = [unit_resolve(body=body, unit=unit) for unit in values["partner_units"]]
    return resolved


def progress_version(entry: Progress) -> str:
    """What a form showing the entry read of it: a correction made from it is refused once the entry changed."""
    return hashlib.sha256(f"{entry.date.isoformat()}\n{entry.text}".encode()).hexdigest()[:16]


@transaction.atomic
def progress_update(
    *, entry: Progress, user, text: str | None = None, date: dt.date | None = None, version: str | None = None,
    reason: str = "",
) -> bool:
    """Correct a progress entry's date and/or text (a typo, a wrong day; one left out stays as the entry has it
    now, read under the lock); the history keeps what it said before, and who changed it. ``version``
    (progress_version of the entry as the person read it): refused when the entry changed since, so a
    colleague's correction is not undone. Returns whether anything changed."""
    commitment = entry.commitment
    commitment_lock(commitment)  # with any other change to the task's 台账
    current = Progress.objects.filter(pk=entry.pk, commitment=commitment).first()
    if current is None:
        raise ValidationError(_("The progress entry was deleted meanwhile."))
    _progress_unchanged(current, version)
    date = current.date if date is None else date
    text = _progress_checked(commitment, current.text if text is None else text, date, replacing=current)
    if (current.text, current.date) == (text, date):
        return False
    current.text, current.date = text, date
    current.full_clean()
    current._history_user = user
    current._change_reason = reason or _("progress corrected by staff")
    current.save()
    return True


def _progress_unchanged(current: Progress, version: str | None) -> None:
    """Refuse a change made from a page that read the entry before a colleague changed it."""
    if version is None or version == progress_version(current):
        return
    raise ValidationError(
        _("The progress entry was changed by %(user)s at %(when)s after you opened the page; nothing was saved. "
          "It now reads: %(date)s %(text)s")
        % {**last_changed_by(current), "date": current.date.isoformat(), "text": current.text}
    )


@transaction.atomic
def progress_delete(*, entry: Progress, user, version: str | None = None, reason: str = "") -> None:
    """Delete a progress entry entered by mistake; the history keeps it, with who deleted it (and ``reason``, where
    not a person's delete on the task's page: an import undone). ``version`` as for progress_update."""
    commitment_lock(entry.commitment)
    current = Progress.objects.filter(pk=entry.pk, commitment_id=entry.commitment_id).first()
    if current is None:
        return  # deleted meanwhile: what was asked is done
    _progress_unchanged(current, version)
    current._history_user = user
    current._change_reason = reason or _("progress deleted by staff")
    current.delete()


def _progress_checked(commitment: Commitment, text: str, date: dt.date | None, replacing: Progress | None = None) -> str:
    """The entry's text, stripped, once it and the date are fit for the task's entries (else a ValidationError): the
    task's entries, this one in place of ``replacing``, still fit the one 台账 cell they are exported to."""
    text = (text or "").strip()
    if not visible(text):  # nothing but spaces or zero-width characters: a blank-looking 台账 line
        raise ValidationError({"text": _("A progress entry needs a text.")})
    typed_text_check(text, "text")
    others = commitment.progress.exclude(pk=replacing.pk) if replacing else commitment.progress.all()
    line = f"{(date or timezone.localdate()).isoformat()} {text}"
    cell = len(progress_cell([*(progress_line(entry) for entry in others), line]))
    if cell > EXCEL_CELL_MAX:
        raise ValidationError({"text": _(
            "The task's progress entries would no longer fit the one 台账 cell they are exported to (%(length)d characters "
            "of %(limit)d): shorten this entry, or sum up older ones."
        ) % {"length": cell, "limit": EXCEL_CELL_MAX}})
    if date is not None and (problem := progress_date_problem(date, plan_year=commitment.plan_year, today=timezone.localdate())):
        raise ValidationError({"date": f"{date.isoformat()}: {problem}"})
    return text


@transaction.atomic
def progress_add(*, commitment: Commitment, user, text: str, date: dt.date | None = None, reason: str = "") -> Progress:
    """A dated entry of what was done (进展情况); the date defaults to today."""
    text = _progress_checked(commitment, text, date)
    entry = Progress(commitment=commitment, date=date or timezone.localdate(), text=text, author=user)
    entry.full_clean()
    entry._history_user = user
    entry._change_reason = reason or _("progress added by staff")
    entry.save()
    return entry
