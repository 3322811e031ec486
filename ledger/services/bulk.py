"""Writing many rows in as few statements as the data allows: one prepared INSERT or UPDATE run for every row
(``executemany``), where Django's bulk_create compiles a statement per batch of a few dozen rows on SQLite and
bulk_update a CASE WHEN per row. Values are taken as the model holds them; only fields whose database value
differs from the Python one (JSON, dates, times …) go through the field's own preparation. No signals are sent,
as with bulk_create and bulk_update."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object

# Fields whose Python value is what the database driver takes.
_PLAIN = (
    models.CharField, models.TextField, models.IntegerField, models.FloatField, models.BooleanField,
    models.ForeignKey,
)


def _converter(field) -> Callable[[object], object]:
    if isinstance(field, _PLAIN) and not isinstance(field, (models.JSONField, models.DecimalField)):
        return lambda value: value
    prepare, database = field.get_db_prep_save, connections[DEFAULT_DB_ALIAS]  # the connection itself, not its proxy
    if isinstance(field, models.JSONField):
        return lambda value: prepare(value, database)  # a JSON null is a value here
    return lambda value: None if value is None else prepare(value, database)


def _columns(model, names: Iterable[str]) -> list:
    return [model._meta.get_field(name) for name in names]


def rows_insert(model, rows: list[dict]) -> int:
    """Insert ``rows`` (each a dict of attname → value, every row with the same keys) into ``model``'s table
    with one prepared statement; returns how many. The rows' primary keys are not read back."""
    if not rows:
        return 0
    attnames = list(rows[0])
    fields = [next(f for f in model._meta.concrete_fields if f.attname == name) for name in attnames]
    convert = [_converter(field) for field in fields]
    qn = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[c(row[name]) for c, name in zip(convert, attnames)] for row in rows])
    return len(rows)


def objects_insert(model, objects: list) -> int:
    """Insert unsaved instances of ``model`` (every concrete field but the automatic primary key)."""
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
    return rows_insert(model, [{f.attname: getattr(obj, f.attname) for f in fields} for obj in objects])


def objects_update(model, objects: list, names: list[str]) -> int:
    """Store ``names`` of saved instances of ``model``: one prepared UPDATE … WHERE pk run for every row."""
    if not objects:
        return 0
    fields = _columns(model, names)
    convert = [_converter(field) for field in fields]
    qn = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        qn(model._meta.db_table), ", ".join(f"{qn(f.column)} = %s" for f in fields), qn(model._meta.pk.column)
    )
    rows = [[*(c(getattr(obj, f.attname)) for c, f in zip(convert, fields)), obj.pk] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(objects)


_UNSET = object()


def history_insert(model, objects: list, *, update: bool, default_change_reason: str = "") -> int:
    """The history rows of ``objects`` (instances of ``model``, a model with simple_history's HistoricalRecords)
    as simple_history's bulk_history_create writes them (its user, change reason and date), in one statement."""
    history = model.history.model
    history_type = "~" if update else "+"
    tracked = [field.attname for field in history.tracked_fields]
    rows = []
    for obj in objects:
        user = getattr(obj, "_history_user", _UNSET)
        if user is _UNSET:
            user = history.get_default_history_user(obj)
        rows.append(
            {
                "history_date": getattr(obj, "_history_date", None) or timezone.now(),
                "history_user_id": getattr(user, "pk", None),
                "history_change_reason": get_change_reason_from_object(obj) or default_change_reason,
                "history_type": history_type,
                **{name: getattr(obj, name) for name in tracked},
            }
        )
    return rows_insert(history, rows)
