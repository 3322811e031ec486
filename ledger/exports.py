"""The ledger (台账) as staff keep it: one row per commitment, as CSV or as an Excel workbook.

The API and the admin export through here, so both give the same file. The 台账 is a Chinese document
whatever the language of the page it is asked from: callers render it under LEDGER_LANGUAGE.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Category, Commitment, Evidence, Status
from .selectors import decisive_evidence, usable_evidence

# Column widths in the workbook, in characters, matching the header order below.
_WIDTHS = (6, 28, 10, 60, 12, 10, 60, 10, 18)
_BATCH = 2000
LEDGER_LANGUAGE = "zh-hans"
# A cell starting with one of these is run as a formula by spreadsheets opening a CSV (formula injection:
# a report's text is input from outside). Such a value is written behind the usual apostrophe in CSV and
# as a typed string cell, never a formula, in the workbook.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    """``value`` made safe for a CSV cell: a text that a spreadsheet would run gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def headers() -> list[str]:
    return [_("No."), _("Report"), _("Part"), _("Task"), _("Category"), _("Status"), _("Evidence"), _("Verified by"), _("Verified at")]


def ledger_queryset(queryset: QuerySet) -> QuerySet:
    """What the rows need, in as few queries as the export has batches."""
    return (
        queryset.select_related("report__body", "status_decided_by")
        # select_related repeats the report on every row: leave its texts out.
        .defer("report__raw_text", "report__text", "report__provenance", "report__notices")
        .prefetch_related(Prefetch("evidence", queryset=usable_evidence()))
    )


def ledger_rows(queryset: QuerySet) -> Iterator[list]:
    # Labels looked up once, not through get_FOO_display on every row: exports run to thousands of rows.
    categories, statuses = {k: str(v) for k, v in Category.choices}, {k: str(v) for k, v in Status.choices}
    report_names: dict[int, str] = {}
    for number, commitment in enumerate(ledger_queryset(queryset).iterator(chunk_size=_BATCH), start=1):
        evidence = list(commitment.evidence.all())
        best = decisive_evidence(evidence)
        verifier, verified_at = _verification(commitment, evidence)
        if commitment.report_id not in report_names:
            report_names[commitment.report_id] = str(commitment.report)
        yield [
            number,
            report_names[commitment.report_id],
            commitment.part,
            commitment.text,
            categories[commitment.category],
            statuses[commitment.status],
            best.text if best else "",
            verifier,
            timezone.localtime(verified_at).strftime("%Y-%m-%d %H:%M") if verified_at else "",
        ]


def _verification(commitment: Commitment, evidence: list[Evidence]):
    """Who last decided on the commitment (its status, or one of its evidence), and when."""
    decisions = [(commitment.status_decided_at, commitment.status_decided_by)] + [
        (e.decided_at, e.decided_by) for e in evidence
    ]
    decisions = [(at, by) for at, by in decisions if at is not None]
    if not decisions:
        return "", None
    at, by = max(decisions, key=lambda pair: pair[0])
    return (by.get_username() if by else ""), at


def to_csv(rows: Iterable[list]) -> Iterator[str]:
    """CSV lines with a BOM first, so that Excel opens the Chinese text as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    for row in _with_header(rows):
        writer.writerow([neutralised(value) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)


def _with_header(rows: Iterable[list]) -> Iterator[list]:
    yield headers()
    yield from rows


def to_xlsx(rows: Iterable[list], *, title: str) -> bytes:
    # Imported here: openpyxl is a tenth of a second of every command's start-up otherwise.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        cell.alignment = Alignment(vertical="center", horizontal="center")
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            # openpyxl stores a text starting with "=" as a formula: every text is a string cell here.
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def response(queryset: QuerySet, fmt: str) -> HttpResponse:
    """The 台账 file of a commitment queryset, as the API and the admin send it."""
    with translation.override(LEDGER_LANGUAGE):
        if fmt == "csv":
            # Rows are produced as the response is sent, after this block: keep the language for the stream.
            body = StreamingHttpResponse(_in_ledger_language(to_csv(ledger_rows(queryset))), content_type=FORMATS[fmt])
        else:
            body = HttpResponse(to_xlsx(ledger_rows(queryset), title=_("Ledger")), content_type=FORMATS[fmt])
    body["Content-Disposition"] = f'attachment; filename="ledger.{fmt}"'
    return body


def _in_ledger_language(lines):
    with translation.override(LEDGER_LANGUAGE):
        yield from lines
