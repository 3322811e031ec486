"""History pages in staff's words: each change names its field by its label (状态, 牵头单位, 配合单位 …), and shows
labels rather than stored values (已落实, not fulfilled), units by name, local time, and 无 for an empty value."""

from __future__ import annotations

import dataclasses
import datetime as dt
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import ManyToManyField
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from simple_history.models import DeletedObject, ModelChange, ModelDelta
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_m2m_reverse_field_name

from .. import charts
from ..messages import person_name
from ..models import Origin, Unit
from ..rules import CONFIRMED_RULE, rule_label
from ..selectors import unit_name_at, unit_names


def none_word() -> str:
    return gettext("none")


def shown_value(field, value, *, when: dt.datetime | None = None) -> str:
    """One stored value as staff read it; a unit by the name it had at ``when`` (a record's time), not a later one."""
    if isinstance(field, ManyToManyField):
        name = get_m2m_reverse_field_name(field)
        # In the order staff wrote them (the rows' position; a row of before positions were kept says 0).
        rows = sorted(value or [], key=lambda row: row.get("position", 0) if isinstance(row, dict) else 0)
        items = [row.get(name) if isinstance(row, dict) else row for row in rows]
        names = [shown_value(None, item, when=when) for item in items if item is not None]
        return "、".join(names) if names else none_word()
    if isinstance(value, Unit) and when is not None:
        return _unit_name_at(value, when)
    if isinstance(value, get_user_model()):
        return person_name(value)  # 王丽, as 修改人 names her, not her login name
    if isinstance(value, DeletedObject):
        # A foreign key that was empty, or whose row is gone (a unit merged into another: named by its history).
        if value.pk is None:
            return none_word()
        if value.model is Unit and (name := _unit_name_at(Unit(pk=value.pk, name=""), when or timezone.now())):
            return name
        return gettext("deleted (id %(id)s)") % {"id": value.pk}
    if value is None or value == "" or value == []:
        return none_word()
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.date_format(value, "Y-m-d H:i")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return charts.score(value)
    return str(value)


# The names each unit had, newest first, read once per history page (a page names the same units in many records).
_unit_names: ContextVar[dict | None] = ContextVar("unit_names", default=None)


def _unit_name_at(unit: Unit, when: dt.datetime) -> str:
    """A unit's name as its own history had it at ``when`` (its name now when it has no record that early)."""
    memo = _unit_names.get()
    records = memo.get(unit.pk) if memo is not None else None
    if records is None:
        records = unit_names([unit.pk])[unit.pk]
        if memo is not None:
            memo[unit.pk] = records
    return unit_name_at(records, when, unit.name)


# Offsets in the report's text: bookkeeping of the machine's, no change a person made or reads.
_OFFSETS = ("start", "end", "sentence_start", "sentence_end")


# Fields holding a rule id (status.silent, verdict.done): shown by the rule's label.
_RULE_FIELDS = ("status_rule", "rule")


class LedgerHistoryHelper(HistoricalRecordContextHelper):
    def context_for_delta_changes(self, delta):
        # A change that reads the same both sides (two times within one minute) says nothing to staff; nor does where
        # a task stands in its report's text (a replace moves it by a few characters).
        kept = [change for change in delta.changes if change.field not in _OFFSETS]
        delta = ModelDelta(kept, [change.field for change in kept], delta.old_record, delta.new_record)
        return [change for change in super().context_for_delta_changes(delta) if change["old"] != change["new"]]

    def format_delta_change(self, change):
        field = self.model._meta.get_field(change.field)
        # Each side by the names of its own time: the old value's is the record before this one.
        now = self.record.history_date
        before = getattr(self.record, "prev_record", None)
        then = before.history_date if before is not None else now
        if field.name in _RULE_FIELDS:
            return dataclasses.replace(
                change, field=capfirst(field.verbose_name),
                old=rule_label(change.old) if change.old else none_word(), new=rule_label(change.new) if change.new else none_word(),
            )
        old, new = shown_value(field, change.old, when=then), shown_value(field, change.new, when=now)
        if field.name == "status_origin" and change.new == Origin.AUTO and self.record.status_rule == CONFIRMED_RULE:
            new = gettext("the passage a person confirmed")  # not "the machine": a person recorded what decides
        return dataclasses.replace(change, field=capfirst(field.verbose_name), old=old, new=new)


class LedgerHistoryMixin:
    """For a SimpleHistoryAdmin: the changes of its history page in staff's words."""

    # Fields the oldest record shows as set when they hold other than what a new row holds (it has no record
    # before it to differ from): a row written by a machine first shows its status, one whose first record is a
    # staff 台账 edit the units and deadline set, and neither the values every new row has (待回顾, no unit).
    history_first_fields: tuple[str, ...] = ()

    def history_view(self, request, object_id, extra_context=None):
        token = _unit_names.set({})
        try:
            response = super().history_view(request, object_id, extra_context)
            if hasattr(response, "render"):
                response.render()  # the names are read as the page is drawn
            return response
        finally:
            _unit_names.reset(token)

    def get_historical_record_context_helper(self, request, historical_record):
        return LedgerHistoryHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        records = list(historical_records)
        if not records or not self.history_first_fields or records[-1].prev_record is not None:
            return
        oldest = records[-1]
        # From what every new row holds (待回顾, no unit): the row had it before its first record.
        defaults = {name: _new_row_value(self.model._meta.get_field(name)) for name in self.history_first_fields}
        changes = [
            ModelChange(name, defaults[name], value)
            for name in self.history_first_fields
            if (value := _first_value(oldest, name)) not in (None, "", [], defaults[name])
        ]
        helper = self.get_historical_record_context_helper(request, oldest)
        oldest.history_delta_changes = helper.context_for_delta_changes(ModelDelta(changes, [], oldest, oldest))


def _new_row_value(field):
    """What a new row holds in ``field`` (None for a many-to-many field or a field without a default)."""
    return None if field.many_to_many else field.get_default()


def _first_value(record, name: str):
    """A field's value in a history record; a many-to-many field's as the rows shown_value reads."""
    field = record.instance_type._meta.get_field(name)
    if field.many_to_one:
        return _related_or_gone(record, name, field.related_model)
    value = getattr(record, name)
    if hasattr(value, "all"):
        target = get_m2m_reverse_field_name(field)
        return [{target: _related_or_gone(row, target, field.related_model)} for row in value.order_by("position", "id")]
    return value


def _related_or_gone(row, name: str, model):
    """The object a record's foreign key names; DeletedObject when it is gone (a unit merged into another since, which
    shown_value names by its history), None when the key is empty."""
    pk = getattr(row, f"{name}_id")
    if pk is None:
        return None
    try:
        value = getattr(row, name)
    except ObjectDoesNotExist:
        value = None
    return value if value is not None else DeletedObject(model, pk)
