"""A ``.values()`` query by a list of ids, compiled once and run again with other ids.

Django compiles a queryset to SQL for every run: about a millisecond for a query of a few joins and a dozen
columns, several times what SQLite or PostgreSQL then take to answer a page's worth of ids. A query whose SQL
depends only on how many ids it is given (``filter(x__in=ids)`` and constant filters) is compiled here once per
number of ids, with stand-in ids; a run puts the real ids where the stand-ins were and converts the rows with the
converters Django chose for the compiled query (JSON, dates on SQLite), so a row is what ``.values()`` gives.
Where the stand-ins do not each appear once among the parameters, the query is not one of these, and runs
through the ORM every time. On PostgreSQL the ids go as one array (``= ANY(%s)``), so one compiled query serves
any number of ids; ``rows_together`` sends several such queries in one round trip.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connections
from django.db.models import IntegerField, QuerySet


@dataclass(frozen=True)
class _Compiled:
    alias: str
    sql: str
    params: tuple  # the compiled parameters, the stand-ins included
    slots: tuple[int, ...]  # where the ids go among them, in the order of the ids
    names: tuple[str, ...]
    compiler: object  # for its converters
    converters: dict
    array: bool = False  # the ids go as one array (= ANY(%s)), in the one slot

    def bind(self, ids: list[int]) -> list:
        params = list(self.params)
        if self.array:
            params[self.slots[0]] = ids
            return params
        for slot, value in zip(self.slots, ids):
            params[slot] = type(params[slot])(value)  # typed as the backend typed the stand-in
        return params

    def read(self, fetched: list) -> list[dict]:
        if self.converters:
            fetched = self.compiler.apply_converters(fetched, self.converters)
        names = self.names
        return [dict(zip(names, row)) for row in fetched]


class PreparedValues:
    """``build(ids)`` gives a ``.values()`` queryset; ``rows(ids)`` the rows it gives, as dicts."""

    def __init__(self, build: Callable[[list[int]], QuerySet]):
        self.build = build
        self._compiled: dict[int, _Compiled | None] = {}  # by number of ids (0: any, as an array)
        self._array: bool | None = None

    def rows(self, ids: Iterable[int]) -> list[dict]:
        compiled, ids = self.prepare(ids)
        if not ids:
            return []
        if compiled is None:
            return list(self.build(ids))
        with connections[compiled.alias].cursor() as cursor:
            cursor.execute(compiled.sql, compiled.bind(ids))
            return compiled.read(cursor.fetchall())

    def prepare(self, ids: Iterable[int]) -> tuple[_Compiled | None, list[int]]:
        """The compiled query for these ids (None: the ORM's path) and the ids, once each. On PostgreSQL one
        query takes any number of ids as one array: psycopg then parses one statement text, once, instead of
        one with as many placeholders as ids on every run."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            return None, ids
        count = 0 if self._arrays() else len(ids)
        if count not in self._compiled:
            self._compiled[count] = self._compile(count)
        return self._compiled[count], ids

    def _arrays(self) -> bool:
        if self._array is None:
            self._array = connections[self.build([-1]).db].vendor == "postgresql"
        return self._array

    def _compile(self, count: int) -> _Compiled | None:
        stand_ins = [-(n + 1) for n in range(max(count, 1))]  # ids no row has
        queryset = self.build(stand_ins)
        query = queryset.query
        if not isinstance(queryset.model._meta.pk, IntegerField):  # AutoField and BigAutoField too
            return None  # the stand-ins are whole numbers: other keys take the ORM's path
        if query.extra_select or query.annotation_select or not query.values_select:
            return None
        compiler = query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        slots = []
        for stand_in in stand_ins:
            # An int or the backend's typed int (psycopg's Int8 for a bigint column), never a bool (no stand-in is 0 or 1).
            found = [index for index, param in enumerate(params) if isinstance(param, int) and param == stand_in]
            if len(found) != 1:
                return None
            slots.append(found[0])
        if count == 0:
            sql = _as_array(sql, slots[0])
            if sql is None:
                return None
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        return _Compiled(
            alias=queryset.db, sql=sql, params=tuple(params), slots=tuple(slots), names=tuple(query.selected or query.values_select),
            compiler=compiler, converters=compiler.get_converters(fields), array=count == 0,
        )


_PLACEHOLDER = re.compile(r"%%|%s")


def _as_array(sql: str, slot: int) -> str | None:
    """The SQL with the ``IN (%s)`` of parameter ``slot`` as ``= ANY(%s)``, or None if that placeholder is not
    one."""
    positions = [match.start() for match in _PLACEHOLDER.finditer(sql) if match.group() == "%s"]
    position = positions[slot]
    if not (sql.endswith("IN (", 0, position) and sql.startswith(")", position + 2)):
        return None
    return sql[: position - 4] + "= ANY(%s)" + sql[position + 3 :]


def rows_together(*queries: tuple[PreparedValues, Iterable[int]]) -> list[list[dict]]:
    """``[prepared.rows(ids) for prepared, ids in queries]``, sent to the database in one round trip where it takes
    several statements in one (PostgreSQL with client-side binding, Django's default for psycopg 3): a page's
    rows and its evidence, or a record's six parts, cost one wait for the server instead of one each."""
    prepared = [(values, *values.prepare(ids)) for values, ids in queries]
    batch = [(index, compiled, ids) for index, (_values, compiled, ids) in enumerate(prepared) if compiled is not None]
    results: list[list[dict] | None] = [None] * len(prepared)
    if (
        len(batch) > 1
        and len({compiled.alias for _index, compiled, _ids in batch}) == 1
        and several_statements(connections[batch[0][1].alias])
    ):
        with connections[batch[0][1].alias].cursor() as cursor:
            cursor.execute(
                ";\n".join(compiled.sql for _index, compiled, _ids in batch),
                [param for _index, compiled, ids in batch for param in compiled.bind(ids)],
            )
            for position, (index, compiled, _ids) in enumerate(batch):
                if position:
                    cursor.nextset()
                results[index] = compiled.read(cursor.fetchall())
    for index, (values, _compiled, ids) in enumerate(prepared):
        if results[index] is None:
            results[index] = values.rows(ids)
    return results


def several_statements(connection) -> bool:
    """Whether one execute may carry several statements: PostgreSQL with client-side binding (Django's default
    for psycopg 3; server-side binding prepares one statement at a time)."""
    return connection.vendor == "postgresql" and not connection.settings_dict.get("OPTIONS", {}).get("server_side_binding")
