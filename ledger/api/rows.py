"""A list page read as plain rows and served by its own serializer.

A page of commitments as model instances costs three objects a row (the commitment, its report and the report's
body) built through the ORM's related-object machinery. The list reads the columns its serializer shows with
``.values()`` instead, and hands the serializer each row as a light object with the same attributes
(``row.report.body.name``, ``row.lead_unit``): the serializer, and so the output, are the same; only the
container is lighter. tests/test_perf_paths.py compares a page with the one model instances give.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from types import SimpleNamespace

from django.db import connections
from django.utils.functional import cached_property

from ..models import PartnerUnit, Progress
from ..selectors import decisive_evidence, usable_evidence
from .prepared import PreparedValues, rows_together, several_statements

# What CommitmentSerializer shows of a commitment, its report and its lead unit.
COMMITMENT_COLUMNS = [
    "id", "ordinal", "plan_year", "part", "part_heading", "kind", "category", "action", "object", "text", "testable", "origin",
    "start", "end", "sentence_start", "sentence_end", "status", "status_origin", "status_confidence", "status_rule",
    "review_disagrees",
    "due", "report_id", "report__body__name", "report__kind", "report__year", "lead_unit_id", "lead_unit__name",
]


# What the list adds with include=ledger: the 台账 columns the detail shows (CommitmentLedgerRowSerializer).
LEDGER_COLUMNS = ["status_note", "status_decided_by_id", "status_decided_by__username", "status_decided_at", "due_label"]


# What EvidenceSerializer shows of a passage.
EVIDENCE_COLUMNS = [
    "id", "commitment_id", "report_id", "start", "end", "text", "score", "verdict", "origin", "decision",
    "decided_by_id", "decided_by__username", "decided_at", "note", "rule", "rule_detail", "in_text",
]


class PageRows:
    """What a paginator pages: the queryset's rows as ``.values(*columns)``, counted on the queryset itself (the
    joins the columns bring, to the body and the lead unit, change no count but slow it down).

    ``page(offset, limit)`` gives a page and the count in two round trips where the database takes several
    statements in one (api/prepared.py): the page's ids (the ORDER BY … LIMIT an index serves, which stops at the
    page) with a plain COUNT of the filtered rows, then the rows by id, a query compiled once per process.
    (A window counting beside the ids made PostgreSQL join and sort every filtered row before the LIMIT: 0.3 s
    for an unfiltered page of 200,000 commitments against 0.03 s.) The two statements of the first round trip
    see the rows as each finds them: a row written between them may be in one and not the other, as between two
    requests. ``alongside``, a query by the page's ids (its evidence), is sent with the rows by id; its rows are
    left in ``alongside_rows`` (None until a page is read that way)."""

    def __init__(self, queryset, columns, alongside: PreparedValues | None = None):
        self.queryset = queryset
        self.ordered = queryset.ordered
        self.columns = tuple(columns)
        self.alongside, self.alongside_rows = alongside, None
        # The last id of the page read, whether or not its row was still there for the second query: where the next
        # page begins (every row of a page deleted between the two gave an empty page and no key to go on from).
        self.last_id = None

    @cached_property
    def rows(self):
        # Built only when asked for (an unpaged list, a grouped or DISTINCT page): a page by ids never needs it.
        return self.queryset.values(*self.columns)

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        return self.rows[index]

    def page(self, offset: int, limit: int) -> tuple[list[dict], int | None]:
        """The rows from ``offset`` (at most ``limit``) in the queryset's order, and how many rows the queryset
        has: None when the page is empty past the first row (the page is past the last)."""
        if self.queryset.query.group_by is not None or self.queryset.query.distinct:
            # Grouped (ordered by score), or DISTINCT (a window counts before it): a page and a count of its own.
            rows = list(self.rows[offset : offset + limit])
            return rows, self.count() if rows or offset == 0 else None
        ids, total = self._ids_and_count(offset, limit)
        if not ids:
            return [], 0 if offset == 0 else None
        key = self.queryset.model._meta.pk.attname  # one of the columns
        self.last_id = ids[-1]
        queries = [(_rows_by_id(self.queryset.model, self.columns), ids)]
        if self.alongside is not None:
            queries.append((self.alongside, ids))
        fetched, *alongside = rows_together(*queries)
        if alongside:
            self.alongside_rows = alongside[0]
        by_id = {row[key]: row for row in fetched}
        # A row deleted between the two queries is left out.
        return [by_id[pk] for pk in ids if pk in by_id], total

    def _ids_and_count(self, offset: int, limit: int) -> tuple[list[int], int]:
        page = self.queryset.values_list("pk", flat=True)[offset : offset + limit]
        counted = self.queryset.order_by().values("pk")
        connection = connections[page.db]
        if not several_statements(connection):
            return list(page), counted.count()
        page_sql, page_params = page.query.get_compiler(page.db).as_sql()
        count_sql, count_params = counted.query.get_compiler(page.db).as_sql()
        with connection.cursor() as cursor:
            cursor.execute(f"{page_sql};\nSELECT COUNT(*) FROM ({count_sql}) counted", [*page_params, *count_params])
            ids = [pk for (pk,) in cursor.fetchall()]
            cursor.nextset()
            return ids, cursor.fetchone()[0]


_BY_ID: dict[tuple, PreparedValues] = {}


def _rows_by_id(model, columns: tuple[str, ...]) -> PreparedValues:
    key = (model, columns)
    if key not in _BY_ID:
        _BY_ID[key] = PreparedValues(lambda ids: model._default_manager.filter(pk__in=ids).order_by().values(*columns))
    return _BY_ID[key]


def commitment_rows(values: Iterable[dict]) -> list[SimpleNamespace]:
    """Rows of ``.values(*COMMITMENT_COLUMNS)`` as objects CommitmentSerializer reads as it reads a commitment."""
    rows = []
    for row in values:
        row = dict(row)
        report_id = row.pop("report_id")
        report = SimpleNamespace(
            id=report_id, pk=report_id, kind=row.pop("report__kind"), year=row.pop("report__year"),
            body=SimpleNamespace(name=row.pop("report__body__name")),
        )
        unit_id, unit_name = row.pop("lead_unit_id"), row.pop("lead_unit__name")
        rows.append(
            SimpleNamespace(pk=row["id"], report=report, lead_unit_id=unit_id, lead_unit=unit_ref(unit_id, unit_name), **row)
        )
    return rows


# A page's (or a record's) partner units in their order and progress entries newest first, by commitment id: the
# queries CommitmentViewSet's prefetches would make, compiled once (api/prepared.py).
PARTNERS = PreparedValues(
    lambda ids: PartnerUnit.objects.filter(commitment_id__in=ids).order_by("position", "id")
    .values("commitment_id", "unit_id", "unit__name")
)
PROGRESS = PreparedValues(
    lambda ids: Progress.objects.filter(commitment_id__in=ids)
    .order_by("-date", "-created_at", "-id")
    .values("id", "commitment_id", "date", "text", "author_id", "author__username", "created_at")
)


def ledger_of(partners: list[dict], progress: list[dict]) -> dict[int, SimpleNamespace]:
    """Rows of PARTNERS and PROGRESS as each commitment's ``partners`` and ``progress`` (by its id)."""
    by_id: dict[int, SimpleNamespace] = defaultdict(lambda: SimpleNamespace(partners=[], progress=[]))
    for row in partners:
        by_id[row["commitment_id"]].partners.append(unit_ref(row["unit_id"], row["unit__name"]))
    for row in progress:
        by_id[row["commitment_id"]].progress.append(SimpleNamespace(
            pk=row["id"], id=row["id"], date=row["date"], text=row["text"],
            author=user_ref(row["author_id"], row["author__username"]), created_at=row["created_at"],
        ))
    return by_id


def with_ledger_columns(rows: list) -> list:
    """Rows of ``.values(*COMMITMENT_COLUMNS, *LEDGER_COLUMNS)`` with their partner units and progress entries, each
    read for the whole page in one round trip: the 台账 of a page, as the detail gives a row's."""
    ids = [row.id for row in rows]
    ledger = ledger_of(*rows_together((PARTNERS, ids), (PROGRESS, ids)))
    for row in rows:
        columns = vars(row)
        row.status_decided_by = user_ref(columns.pop("status_decided_by_id"), columns.pop("status_decided_by__username"))
        row.partners, row.progress = ledger[row.id].partners, ledger[row.id].progress
    return rows


def user_ref(pk, username) -> SimpleNamespace | None:
    """A user as the serializers read one from a row's columns (None for no user)."""
    return None if pk is None else SimpleNamespace(pk=pk, id=pk, username=username)


def unit_ref(pk, name) -> SimpleNamespace | None:
    """A unit as the serializers read one from a row's columns (None for no unit, or a unit gone from a join)."""
    return None if pk is None or name is None else SimpleNamespace(pk=pk, id=pk, name=name)


def evidence_row(row: dict) -> SimpleNamespace:
    """A row of ``.values(*EVIDENCE_COLUMNS)`` as an object EvidenceSerializer reads as it reads a passage (its
    relations as objects with a pk, the user with a username)."""
    row = dict(row)
    commitment_id, report_id = row.pop("commitment_id"), row.pop("report_id")
    user_id, username = row.pop("decided_by_id"), row.pop("decided_by__username")
    return SimpleNamespace(
        pk=row["id"], commitment_id=commitment_id, commitment=SimpleNamespace(pk=commitment_id), report_id=report_id,
        report=SimpleNamespace(pk=report_id), decided_by=user_ref(user_id, username), **row,
    )


# The usable evidence of some commitments, compiled once per number of commitments (api/prepared.py). Unordered:
# Evidence's default order would join each passage's commitment, report and body to sort them.
USABLE_EVIDENCE = PreparedValues(
    lambda ids: usable_evidence().filter(commitment_id__in=ids).order_by().values(*EVIDENCE_COLUMNS)
)


def decisive_evidence_of(commitment_ids, usable: list[dict] | None = None) -> dict[int, SimpleNamespace]:
    """The decisive evidence (selectors.decisive_evidence) of each of these commitments that has some, by
    commitment id: one plain query for their usable evidence (or ``usable``, its rows read already), picked from
    in Python (a window ranking them in the database costs more to build than the passages of a page cost to pick
    from)."""
    passages = defaultdict(list)
    for row in USABLE_EVIDENCE.rows(commitment_ids) if usable is None else usable:
        passages[row["commitment_id"]].append(evidence_row(row))
    return {commitment_id: decisive_evidence(evidence) for commitment_id, evidence in passages.items()}


def with_decisive_evidence(rows: list, usable: list[dict] | None = None) -> list:
    """The rows, each with its decisive evidence (or None) as ``decisive``, which CommitmentSerializer shows
    (``usable``: their usable evidence, read already)."""
    found = decisive_evidence_of((row.pk for row in rows), usable) if rows else {}
    for row in rows:
        row.decisive = found.get(row.pk)
    return rows
