"""Writing many rows in as few statements as the data allows: on SQLite one prepared INSERT or UPDATE run for
every row (``executemany``), on PostgreSQL one COPY or one UPDATE … FROM unnest(arrays), where Django's bulk_create
compiles a statement per batch of a few dozen rows on SQLite and bulk_update a CASE WHEN per row; history rows of
stored rows copied by the database (history_copy). Values are taken as the model holds them; only fields whose database value
differs from the Python one (JSON, dates, times …) go through the field's own preparation. No signals are sent,
as with bulk_create and bulk_update."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import attrgetter

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models.base import ModelState
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object

_UNSET = object()

# Fields whose Python value is what the database driver takes.
_PLAIN = (
    models.CharField, models.TextField, models.IntegerField, models.FloatField, models.BooleanField,
    models.ForeignKey,
)


def _same(value):
    return value


def _converter(field) -> Callable[[object], object]:
    if isinstance(field, _PLAIN) and not isinstance(field, (models.JSONField, models.DecimalField)):
        return _same
    prepare, database = field.get_db_prep_save, connections[DEFAULT_DB_ALIAS]  # the connection itself, not its proxy
    if isinstance(field, models.JSONField):
        return lambda value: prepare(value, database)  # a JSON null is a value here
    # A batch's rows often share one date or time (created_at, history_date): the last one is prepared once.
    last = [_UNSET, None]

    def convert(value):
        if value is None:
            return None
        if value is not last[0]:
            last[0], last[1] = value, prepare(value, database)
        return last[1]

    return convert


def _columns(model, names: Iterable[str]) -> list:
    return [model._meta.get_field(name) for name in names]


def objects_insert(model, objects: list) -> int:
    """Insert unsaved instances of ``model`` (every concrete field but the automatic primary key)."""
    if not objects:
        return 0
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
    names = [f.attname for f in fields]
    values = attrgetter(*names) if len(names) > 1 else lambda obj: (getattr(obj, names[0]),)  # always a tuple
    return _insert(model, fields, [values(obj) for obj in objects])


def _insert(model, fields: list, values: list) -> int:
    """One row of ``values`` (the fields' Python values, in order) for each row to insert, in one statement."""
    prepared = [(index, convert) for index, field in enumerate(fields) if (convert := _converter(field)) is not _same]
    if prepared:
        values = [list(row) for row in values]
        for row in values:
            for index, convert in prepared:
                row[index] = convert(row[index])
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: the rows stream in one statement (executemany runs one per row, even pipelined).
            with cursor.cursor.copy(f"COPY {qn(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
                # The columns' types given once: psycopg then skips choosing an adapter for every value.
                copy.set_types([field.cast_db_type(connection).partition("(")[0] for field in fields])
                for row in values:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({placeholders})", values)
    return len(values)


def instance_like(template: models.Model, **values) -> models.Model:
    """A new unsaved instance of ``template``'s model with its field values, ``values`` set over them, made
    without Model.__init__ (a tenth of its cost; no init signals): for building many rows that differ in a few
    fields, each from a template built the ordinary way. Values are shared with the template, mutable ones (a JSON
    dict) too: give each instance its own. Related objects cached on the template are not carried over."""
    instance = template.__class__.__new__(template.__class__)
    instance.__dict__.update(template.__dict__)
    instance._state = ModelState()
    instance.__dict__.update(values)
    return instance


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
        if connection.vendor == "postgresql":
            cursor.execute(*_update_from_arrays(model, fields, rows))
        else:
            cursor.executemany(sql, rows)
    return len(objects)


def _update_from_arrays(model, fields: list, rows: list[list]) -> tuple[str, list]:
    """PostgreSQL: one UPDATE … FROM unnest(one array a column) for every row, rather than a statement a row."""
    qn = connection.ops.quote_name
    columns = [*fields, model._meta.pk]
    arrays = ", ".join(f"%s::{field.cast_db_type(connection)}[]" for field in columns)
    names = [f"v{index}" for index in range(len(columns))]
    sql = "UPDATE {table} SET {sets} FROM unnest({arrays}) AS v({names}) WHERE {table}.{pk} = v.{last}".format(
        table=qn(model._meta.db_table),
        sets=", ".join(f"{qn(field.column)} = v.{name}" for field, name in zip(fields, names)),
        arrays=arrays,
        names=", ".join(names),
        pk=qn(model._meta.pk.column),
        last=names[-1],
    )
    return sql, [list(column) for column in zip(*rows)]


def history_copy(model, objects: list, *, update: bool, default_change_reason: str = "", deleted: bool = False) -> int:
    """The history rows of ``objects`` (instances of ``model``, a model with simple_history's HistoricalRecords),
    with the user, change reason and date simple_history's bulk_history_create gives them, for rows stored as they
    stand: the database copies the tracked columns (INSERT … SELECT, one statement per user and change reason,
    usually one), no Python value per row, and the rows' many-to-many history (_history_m2m_copy). ``deleted``:
    records of rows about to be deleted (delete_with_history)."""
    history = model.history.model
    history_type = "-" if deleted else "~" if update else "+"
    # A reason longer than its column (a report's long name in it) is cut, as PostgreSQL would refuse it.
    default_change_reason = default_change_reason[: history._meta.get_field("history_change_reason").max_length]
    now = timezone.now()
    groups: dict[tuple, list] = {}
    for obj in objects:
        user = getattr(obj, "_history_user", _UNSET)
        if user is _UNSET:
            user = history.get_default_history_user(obj)
        key = (
            getattr(obj, "_history_date", None) or now,
            getattr(user, "pk", None),
            get_change_reason_from_object(obj) or default_change_reason,
        )
        groups.setdefault(key, []).append(obj.pk)
    qn = connection.ops.quote_name
    last = history.objects.order_by("-history_id").values_list("history_id", flat=True).first() or 0
    columns = [qn(model._meta.get_field(field.name).column) for field in history.tracked_fields]
    targets = [qn(history._meta.get_field(name).column) for name in HISTORY_COLUMNS] + columns
    date = history._meta.get_field("history_date")
    with connection.cursor() as cursor:
        for (when, user_id, reason), pks in groups.items():
            for chunk in range(0, len(pks), _CHUNK):
                part = pks[chunk : chunk + _CHUNK]
                cursor.execute(
                    "INSERT INTO {} ({}) SELECT %s, %s, %s, %s, {} FROM {} WHERE {} {} ORDER BY {}".format(
                        qn(history._meta.db_table), ", ".join(targets), ", ".join(columns), qn(model._meta.db_table),
                        qn(model._meta.pk.column), _pk_in(part), qn(model._meta.pk.column),
                    ),
                    [date.get_db_prep_save(when, connection), user_id, reason, history_type, *_pk_params(part)],
                )
    dates = [date.get_db_prep_save(when, connection) for when in {when for when, _user, _reason in groups}]
    _history_m2m_copy(model, [obj.pk for obj in objects], after=last, dates=dates)
    return len(objects)


def _history_m2m_copy(model, pks: list, *, after: int, dates: list) -> None:
    """The many-to-many rows (a commitment's partner units) of the history records just written for ``pks`` (after
    history id ``after``, dated ``dates``: not a record another transaction wrote meanwhile), as simple_history
    writes them with each record it saves: a record without them reads as the units removed, and the next as them
    added back."""
    history = model.history.model
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for field, chunk in ((f, pks[i : i + _CHUNK]) for f in history._history_m2m_fields for i in range(0, len(pks), _CHUNK)):
            through = field.remote_field.through
            m2m_history = getattr(history, field.name).model
            source = next(f for f in through._meta.concrete_fields if f.is_relation and f.related_model is model)
            # Every column of a link (its place among the task's partner units too), as simple_history copies them.
            copied = [qn(f.column) for f in through._meta.concrete_fields]
            # Most rows have none (a first relink): one index probe, not a join over the new history records.
            cursor.execute(
                f"SELECT 1 FROM {qn(through._meta.db_table)} WHERE {qn(source.column)} {_pk_in(chunk)} LIMIT 1",
                _pk_params(chunk),
            )
            if cursor.fetchone() is None:
                continue
            cursor.execute(
                "INSERT INTO {m2m} ({history_id}, {columns}) "
                "SELECT h.{history_pk}, {through_columns} "
                "FROM {through} t JOIN {history} h ON h.{history_object} = t.{source} "
                "WHERE h.{history_pk} > %s AND h.{history_date} IN ({dates}) AND t.{source} {pks}".format(
                    m2m=qn(m2m_history._meta.db_table),
                    history_id=qn(m2m_history._meta.get_field("history").column),
                    columns=", ".join(copied), through_columns=", ".join(f"t.{column}" for column in copied),
                    source=qn(source.column),
                    history_pk=qn(history._meta.pk.column),
                    through=qn(through._meta.db_table), history=qn(history._meta.db_table),
                    history_object=qn(history._meta.get_field(model._meta.pk.name).column),
                    history_date=qn(history._meta.get_field("history_date").column),
                    dates=", ".join(["%s"] * len(dates)),
                    pks=_pk_in(chunk),
                ),
                [after, *dates, *_pk_params(chunk)],
            )


def _pk_in(pks: list) -> str:
    """The test of a key against ``pks``: on PostgreSQL one array parameter (a plan for 800 parameters costs more
    than the statement), elsewhere a parameter per key."""
    return "= ANY(%s)" if connection.vendor == "postgresql" else "IN ({})".format(", ".join(["%s"] * len(pks)))


def _pk_params(pks: list) -> list:
    return [pks] if connection.vendor == "postgresql" else pks


HISTORY_COLUMNS = ["history_date", "history_user", "history_change_reason", "history_type"]
_CHUNK = 5000  # primary keys per statement (SQLite allows 32,766 parameters)


def delete_with_history(queryset, reason: str) -> int:
    """Delete the rows of ``queryset`` (a model with history), each with its deletion record and ``reason``, written by
    INSERT … SELECT (history_copy) before one DELETE per chunk: deleted through Django's collector, each row sent its
    signals and wrote its record alone (a national report's deletion took 6,500 statements and 5 s). Rows that
    refer to them are the caller's to delete first; no signal is sent."""
    model = queryset.model
    pks = list(queryset.values_list("pk", flat=True))
    if not pks:
        return 0
    history_copy(model, [model(pk=pk) for pk in pks], update=False, deleted=True, default_change_reason=reason)
    raw_delete(model, pks)
    return len(pks)


def raw_delete(model, pks: list, key: str = "pk") -> None:
    """Delete the rows of ``model`` whose ``key`` is among ``pks``, by chunks, with no signal and no cascade (their
    records and the rows referring to them are the caller's)."""
    for chunk in range(0, len(pks), _CHUNK):
        model.objects.filter(**{f"{key}__in": pks[chunk : chunk + _CHUNK]})._raw_delete(model.objects.db)
