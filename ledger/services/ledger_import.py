"""The 台账 sheet coming back: an export (exports.py) that staff edited in Excel, read and applied.

Rows are matched by the ID column; only the columns staff keep are taken (牵头单位/责任单位, 配合单位, 时限,
状态 with 状态说明, 进展情况); every other column is the ledger's own and is ignored. Reading a sheet gives a
plan, a list of changes (row, ID, field, old, new) and of errors (row, column, problem); nothing is applied
while there is an error, and a row whose staff columns say what the ledger says changes nothing. Applying
goes through the same services as the admin and the API (commitment_ledger_update, commitment_set_status,
progress_add), in one transaction, so every change is in the history with who made it.

    sheet = sheet_read(data, name="台账.xlsx")            # the file → rows (or why it cannot be read)
    plan = sheet_plan(sheet.rows, body=None)              # rows against the ledger → changes and errors
    plan = sheet_apply(sheet.rows, user=user, expected=plan.fingerprint)  # again, in a transaction; applied

``ledger_import`` does the three for a file in one call (``dry_run`` stops after the plan).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Collection
from dataclasses import asdict, dataclass, field, replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_noop, ngettext

from ..deadlines import line_day_in_digits, line_month_end
from ..exports import (
    COLUMN_KEYS, COLUMNS, COLUMNS_BY_KEY, EXCEL_CELL_MAX, EXPORT_CREATOR, EXPORTED_AT, NOT_JUDGED, PROGRESS_SEPARATOR,
    UNIT_SEPARATOR, due_text, progress_cell, progress_line, status_text,
)
from ..messages import changed_by, in_every_language, last_changed_by
from ..models import Body, Commitment, Origin, Progress, Report, SheetImport, Status, Unit
from ..versions import record_partners
from ..selectors import DECIDED, is_confirmed, names_alike, similar_units
from .carry import dice
from .decisions import commitment_set_status, commitments_lock, status_allowed
from .ingest import MOVED_BY_REPLACE
from ..pipeline.bodies import own_place
from ..numbers import MAX_BIGINT, megabytes, over_limit, positive_int
from ..validators import typed_text_check
from .sheet_match import MATCH_FLOOR, NO_WORDS, TAKEN, RowMatch, match_rows, pairings_remember
from .sheet_undo import changed_since, columns, entry_of
from .ledger import (
    commitment_ledger_update, due_read, progress_add, progress_date_problem, progress_update, progress_version, unit_name,
    unit_name_problem, unit_named, unit_names_split, unit_other_name_add, unit_other_names, units_named,
)

STAFF_KEYS = [column.key for column in COLUMNS if column.staff]
# The header is looked for in the first rows of each sheet (a title row or two come before it).
HEADER_SEARCH_ROWS = 20
# A hand-kept 台账's yes/no column of whether a task is done.
_YES_NO_HEADINGS = ("是否完成", "是否落实", "是否办结", "完成与否")
# Other words a hand-made 台账 uses for the same columns.
ALIASES = {
    "id": ["编号id", "id号"],
    # A hand-kept 台账's task column: its rows are matched to a report's tasks by these words (sheet_match).
    "task": [
        "任务", "工作任务", "任务内容", "主要任务", "重点任务", "工作内容", "具体任务", "重点工作", "工作事项", "任务名称",
        "重点工作任务", "主要工作", "事项", "工作任务内容", "工作要点",
    ],
    "lead_unit": ["牵头单位", "责任单位", "牵头单位责任单位", "牵头部门", "责任部门", "责任科室", "责任处室", "承办单位"],
    "partner_units": ["配合部门", "协办单位"],
    "due": ["完成时限", "时间节点", "完成时间"],
    "progress": ["工作进展", "进展", "进展情况", "推进情况"],
    "status": ["落实状态", "完成情况", "完成状态", "落实情况", *_YES_NO_HEADINGS],
    "status_note": ["说明", "备注"],
}
# A dated line edited from an entry of its day reads like it: the Dice coefficient of their character bigrams is at
# least this (召开座谈会 → 召开专题座谈会 0.6, 形成初搞 → 形成初稿 0.67; 召开座谈会 against 印发通知 0).
CORRECTION_FLOOR = 0.4
# A line dated at its start (2024-05-06, 2024/5/6, 2024年5月6日), the text after a separator or straight after the
# date (2024年9月1日区审计局报送…: a day ends where its digits do).
_DATED_LINE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?[\s:：，,、]*(.*)$")

# A line starting with a date that names no one day, which read as an undated line would be dated the day of the
# import: a part of a year or a month (上半年 …, 6月中旬 …), a range of months (3月-5月 …), day/month (5/20, 5.20 …), a
# year of two digits (24年5月 …). A day or a month written without its year (9月1日 …, 6月，…) is of the task's plan
# year and read before this is tried (deadlines.line_day_in_digits, line_month_end), as a day in characters is.
_UNREAD_DATE = re.compile(
    r"^\s*(?:\d{1,2}/\d{1,2}(?!\d)|[〇○零一二三四五六七八九]{4}\s*年"
    r"|\d{4}\s*年\s*\d{1,2}\s*月|\d{4}\s*[-/.]\s*\d{1,2}(?![-/.\d])"
    r"|\d{1,2}\s*月\s*(?:底|末|初|中|上旬|中旬|下旬)|(?:\d{4}\s*年\s*)?(?:[上下]半年|第?[一二三四1-4]季度|年[底末初中])"
    r"|\d{1,2}\s*月(?!\d)|\d{1,2}\.\d{1,2}(?=[\s，,、：:])|\d{2}\s*年\s*\d{1,2}\s*月|\d{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月)"
)


def _line_date(match: re.Match) -> dt.date | None:
    """The day a _DATED_LINE match starts with; None where it is no day of the calendar (2024-02-30)."""
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


_MARKS_AFTER_STATUS = re.compile(
    r"[（(]\s*(?:逾期|overdue|不计入|not counted)\s*[)）]|逾期|\boverdue\b", re.IGNORECASE
)
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
# A workbook unpacks to at most this many times the file's limit (a zip bomb is refused unread).
_UNPACKED_FACTOR = 20


@dataclass
class SheetRow:
    """One data row of the sheet: its row number, the commitment's ID and the staff columns as read."""

    row: int
    id: int
    cells: dict[str, str]
    # Staff columns whose cell was a date in the workbook (a deadline typed as a date in Excel).
    dates: list[str] = field(default_factory=list)
    # Matched by its task's words (a 台账 kept by hand): its lines are the clerk's, not the ledger's entries as exported.
    matched: bool = False
    # Its partner units are read from a 责任单位 column, which may name the lead unit too (_responsible_as_partners).
    shared: bool = False

    @classmethod
    def from_dict(cls, data: dict) -> SheetRow:
        return cls(
            row=int(data["row"]), id=int(data["id"]), cells=dict(data["cells"]), dates=list(data.get("dates", [])),
            matched=bool(data.get("matched", False)), shared=bool(data.get("shared", False)),
        )


@dataclass
class Change:
    row: int
    id: int
    field: str
    column: str
    old: str
    new: str
    note: str = ""


@dataclass
class SheetError:
    row: int | None  # None: the file as a whole
    column: str
    message: str


@dataclass
class _Update:
    """What one row changes, as the services take it."""

    commitment: Commitment
    row: int
    ledger: dict = field(default_factory=dict)  # commitment_ledger_update keyword arguments
    status: tuple[str, str] | None = None  # (status, note)
    progress: list[tuple[dt.date, str]] = field(default_factory=list)
    corrections: list[tuple[Progress, dt.date, str]] = field(default_factory=list)  # (entry, date and text as the sheet has them)


@dataclass
class SheetPlan:
    rows: list[SheetRow] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    errors: list[SheetError] = field(default_factory=list)
    # What the sheet says that the import leaves as it is, said so (a progress line taken out deletes nothing).
    notices: list[SheetError] = field(default_factory=list)
    applied: bool = False
    # Set when the ledger changed between a preview and its confirmation: nothing was applied.
    stale: bool = False
    new_units: set[str] = field(default_factory=set, repr=False)  # units the plan creates, noted once
    # When the ledger wrote the sheet (its cells were read against the ledger then); a confirmation plans with it too.
    exported_at: dt.datetime | None = None
    updates: list[_Update] = field(default_factory=list, repr=False)
    record: SheetImport | None = field(default=None, repr=False)  # the import applied, to be undone (sheet_undo)
    # The reports whose tasks the rows are, with how many rows each (a sheet of another year is told at a glance).
    reports: list[tuple[Report, int]] = field(default_factory=list, repr=False)
    # A hand-kept sheet without IDs: every row with a task and how it was matched (sheet_match), for a person to check,
    # and the rows left out with a task suggested, as rows of it (SheetFile.suggested).
    matches: list[RowMatch] = field(default_factory=list, repr=False)
    suggested: list[SheetRow] = field(default_factory=list, repr=False)
    # What reading the file said (in ``notices`` too): a preview shown again after rows are ticked says it again.
    read_notices: list[SheetError] = field(default_factory=list, repr=False)
    # New unit names like a unit the body has (财经工委 ~ 财政经济工作委员会): name → [that unit's id, its name], offered
    # to a person to read as that unit; and the names a person did (aliases), kept as its other names once applied.
    alike: dict[str, list] = field(default_factory=dict, repr=False)
    aliases: dict[str, int] = field(default_factory=dict, repr=False)
    # The sheet's own headings of the columns it names otherwise (SheetFile.headings): errors name them so (as_named).
    headings: dict[str, str] = field(default_factory=dict, repr=False)

    def as_named(self) -> SheetPlan:
        """The plan with each error and notice naming its column as the sheet does (是否完成, not 状态); returns it."""
        named = {_column_name(key): heading for key, heading in self.headings.items()}
        self.errors = [replace(e, column=named.get(e.column, e.column)) for e in self.errors]
        self.notices = [replace(e, column=named.get(e.column, e.column)) for e in self.notices]
        return self

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def read(self) -> int:
        """The data rows read: of a sheet kept by hand, every row with a task, matched or not."""
        return len(self.matches) if self.matches else len(self.rows)

    @property
    def changed_rows(self) -> list[SheetRow]:
        """The rows that change something: all a confirmation needs to carry."""
        changed = {change.row for change in self.changes}
        return [row for row in self.rows if row.row in changed]

    @property
    def changed_ids(self) -> list[int]:
        return sorted({change.id for change in self.changes})

    @property
    def fingerprint(self) -> str:
        """Names exactly the changes of the plan: a confirmation applies only what its preview showed."""
        data = [(c.row, c.id, c.field, c.old, c.new) for c in self.changes]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()

    def as_dict(self) -> dict:
        return {
            "applied": self.applied,
            "rows": self.read,
            "changed_rows": len({change.row for change in self.changes}),
            "changes": [asdict(change) for change in self.changes],
            "errors": [asdict(error) for error in self.errors],
            "notices": [asdict(notice) for notice in self.notices],
            "exported_at": self.exported_at,
            "import_id": self.record.pk if self.record is not None else None,
            "reports": [{"id": report.pk, "report": str(report), "rows": n} for report, n in self.reports],
            "matches": [asdict(match) for match in self.matches if match.id is not None],
            "suggested": [
                {**asdict(match), "id": match.suggested} for match in self.matches
                if match.id is None and match.row in {row.row for row in self.suggested}
            ],
        }


@dataclass
class SheetFile:
    """What reading a file gives: its data rows, what stops it being read, and when the ledger exported it (a
    sheet the ledger wrote, from its properties or its title row; None for another sheet, or a copy from before the export wrote it)."""

    rows: list[SheetRow]
    errors: list[SheetError]
    exported_at: dt.datetime | None = None
    notices: list[SheetError] = field(default_factory=list)  # what is read otherwise than staff may think
    matches: list[RowMatch] = field(default_factory=list)  # a sheet without IDs: its rows with a task, matched or not
    # Its rows left out with a task suggested (RowMatch.suggested), as rows of that task: a person may accept them.
    suggested: list[SheetRow] = field(default_factory=list)
    # A sheet kept by hand: the columns it names otherwise than the ledger (status → 是否完成), by key.
    headings: dict[str, str] = field(default_factory=dict)


class SheetRefused(Exception):
    """A sheet that could not be applied; its errors say where."""

    def __init__(self, errors: list[SheetError]):
        super().__init__("; ".join(error.message for error in errors))
        self.errors = errors


# Reading the file


def sheet_too_large(size: int) -> str:
    """Why a sheet of ``size`` bytes is refused before it is read ("" when it is not)."""
    limit = settings.LEDGER_MAX_SHEET_BYTES
    return _("The file is %(size)s, more than the limit of %(limit)s.") % over_limit(size, limit) if size > limit else ""


def sheet_read(data: bytes, *, name: str = "", report: Report | None = None) -> SheetFile:
    """The data rows of an exported 台账 (xlsx, or csv) after staff edited it, or what stops it being read. With
    ``report``, a 台账 kept by hand without the ID column is read too: its rows are matched to the report's tasks by
    their task column (sheet_match)."""
    if too_large := sheet_too_large(len(data)):
        return _refused(too_large)
    if not data.strip():
        return _refused(_("The file is empty."))
    if data.startswith(_OLE_MAGIC):
        return _refused(_("This is an old Excel file (.xls): save it as an Excel workbook (.xlsx) and upload that."))
    exported_at = None
    try:
        # By what the file holds, not by its name: a CSV saved under .xlsx is read as the CSV it is.
        if data.startswith(_XLSX_MAGIC):
            table, exported_at = _xlsx_rows(data)
        else:
            table = _csv_rows(data)
            exported_at = _csv_export_time(table)
    except _Unreadable:
        return _refused(_("The file is not a 台账 sheet: upload the Excel workbook (.xlsx) or CSV file the ledger exported."))
    except _NulAt as nul:
        return _refused(_("Line %(lines)s of the file holds a NUL character (\\x00), which no cell holds: remove it and "
                          "upload the file again.") % {"lines": "、".join(map(str, nul.lines))})
    except _SeveralSheets as several:
        return _refused(_(
            "The workbook has %(n)d sheets of tasks (%(sheets)s) and one sheet is read at a time: keep the sheet to "
            "import (or put the rows of all on one sheet) and upload the workbook again."
        ) % {"n": len(several.titles), "sheets": "、".join(f"“{title}”" for title in several.titles)})
    except _TooLarge:
        limit = settings.LEDGER_MAX_SHEET_BYTES * _UNPACKED_FACTOR
        return _refused(_("The workbook unpacks to more than %(limit)s.") % {"limit": megabytes(limit)})
    if not any(not _blank(value) for _number, values in table for value in (values or ())):
        return _refused(_("The file holds no rows: every cell of its sheet is empty."))
    header = _header_at(table)
    if header is None and report is not None:
        if (header := _header_at(table, needs="task")) is None:
            return _refused(_(
                "No header row with a task column (工作任务, 任务内容, 重点工作 …) nor an ID column in the first %(n)d rows: "
                "the rows cannot be matched to the tasks of %(report)s."
            ) % {"n": HEADER_SEARCH_ROWS, "report": report})
        return _rows_matched(table, header, report)
    rows, errors, notices = _rows_of(table, header)
    return SheetFile(rows, errors, exported_at, notices)


def _refused(message: str) -> SheetFile:
    return SheetFile([], [SheetError(row=None, column="", message=message)])


def _file_error(message: str) -> SheetError:
    return SheetError(row=None, column="", message=message)


class _Unreadable(Exception):
    pass


class _NulAt(Exception):
    def __init__(self, lines: list[int]):
        self.lines = lines


# NULs a text sheet may hold and still be read as one (each named by its line), among no other control character.
_STRAY_NULS = 3
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f]")


class _SeveralSheets(Exception):
    def __init__(self, titles: list[str]):
        super().__init__(titles)
        self.titles = titles


class _TooLarge(Exception):
    pass


def _xlsx_rows(data: bytes):
    """Every sheet of the workbook as (row number, values) lists, the sheet with the header first found."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(item.file_size for item in archive.infolist()) > settings.LEDGER_MAX_SHEET_BYTES * _UNPACKED_FACTOR:
                raise _TooLarge
            if any(_holds_comment(archive, item) for item in archive.infolist() if item.filename.startswith("xl/worksheets/")):
                raise _Unreadable
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _TooLarge:
        raise
    except Exception as error:  # openpyxl raises anything from a broken zip to a KeyError on a missing part
        raise _Unreadable from error
    try:
        sheets = [_merged_filled(sheet, _sheet_rows(sheet)) for sheet in workbook.worksheets]
        titles = [sheet.title for sheet in workbook.worksheets]
        properties = workbook.properties
        exported_at = None
        if properties.creator == EXPORT_CREATOR and isinstance(properties.created, dt.datetime):
            exported_at = _exact_export_time(workbook) or _aware(properties.created)
    except Exception as error:
        raise _Unreadable from error
    finally:
        workbook.close()
    # The sheet with the ID column's header; else (a 台账 kept by hand) the one with a task column's. One sheet is
    # read: of several (a copy of the sheet edited on another tab, a tab per committee), any but one would be dropped.
    for needs in ("id", "task"):
        holding = [index for index, rows in enumerate(sheets) if _header_at(rows, needs) is not None]
        if holding:
            break
    if len(holding) > 1:
        raise _SeveralSheets([titles[index] for index in holding])
    rows = sheets[holding[0]] if holding else (sheets[0] if sheets else [])
    # A workbook another program wrote from an export (a CSV saved as .xlsx, the rows pasted into a new book) has
    # lost the properties, and kept the time beside the title.
    return rows, exported_at or _csv_export_time(rows)


def _holds_comment(archive: zipfile.ZipFile, item: zipfile.ZipInfo) -> bool:
    """Whether a worksheet's XML holds an XML comment, which no spreadsheet program writes: the parser reads a long one
    in time that grows with its square (20 MB, 16 s; 200 MB kept workers busy past 300 s)."""
    tail = b""
    with archive.open(item) as part:
        while chunk := part.read(1 << 20):
            if b"<!--" in tail + chunk:
                return True
            tail = chunk[-3:]
    return False


# Columns of a sheet read at most (a 台账 has a dozen or two): a stray cell at XFD1048576 made every row 16,384 wide.
_MAX_COLUMNS = 100


def _sheet_rows(sheet) -> list[tuple[int, tuple]]:
    """A read-only sheet's rows as (row number, values), without the rows its XML leaves out (a stray far cell made a
    million of them, each read cell by cell: a worker past 11 GB), and no more than a sheet may hold."""
    from openpyxl.cell.read_only import EMPTY_CELL

    limit = settings.LEDGER_EXPORT_MAX_ROWS + HEADER_SEARCH_ROWS + 1  # one more than allowed: refused as too many
    rows, gap = [], None
    for number, cells in enumerate(sheet.iter_rows(max_col=_MAX_COLUMNS), start=1):
        if cells is gap:  # openpyxl hands every row the XML leaves out as one and the same tuple
            continue
        if cells and all(cell is EMPTY_CELL for cell in cells):
            gap = cells
            continue
        rows.append((number, tuple(map(_cell_value, cells))))
        if len(rows) > limit:
            break
    return rows


# A number format's day: what is left of it once its quoted text ("年"), escapes and [colour/locale] sections go.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _cell_value(cell):
    """A cell's value; a date Excel shows without its day (2025-06 typed, shown as 2025-06, Jun-25 or 2025) as the
    month or year it shows, not as its first day: as a deadline, 2025年6月 is the end of June."""
    value = getattr(cell, "value", None)
    if isinstance(value, dt.datetime) and (fmt := getattr(cell, "number_format", "") or ""):
        shown = _FORMAT_LITERALS.sub("", fmt).lower()
        if "d" not in shown and "h" not in shown and "s" not in shown:
            if "m" in shown:
                return f"{value.year}年{value.month}月"
            if "y" in shown:
                return f"{value.year}年"
    return value


_MERGE = re.compile(rb"""<(?:\w+:)?mergeCell\b[^>]*\bref=["']([A-Z]+)(\d+):([A-Z]+)(\d+)["']""")


def _merged_filled(sheet, rows: list) -> list:
    """The rows with every cell of a merged range holding the range's value: a hand-kept 台账 merges a unit or a
    status down the rows it applies to, and a merged cell reads empty (which would clear those rows' values). The
    read-only reader keeps no merges, so they are read from the sheet's XML."""
    from openpyxl.utils import column_index_from_string

    try:  # the read-only sheet's own XML (openpyxl's ReadOnlyWorksheet keeps the archive and the part's path)
        with sheet.parent._archive.open(sheet._worksheet_path) as xml:
            merges = _MERGE.findall(xml.read())
    except (AttributeError, KeyError, OSError):
        return rows  # merges unread: the sheet as it reads
    if not merges:
        return rows
    table = {number: list(values) for number, values in rows}
    for first_col, first_row, _last_col, last_row in merges:
        left = column_index_from_string(first_col.decode()) - 1
        top, bottom = int(first_row), int(last_row)
        anchor = table.get(top, [])
        value = anchor[left] if left < len(anchor) else None
        # Down the anchor's column only: a range merged across columns shows its value once, in its first column.
        for number in range(top + 1, bottom + 1):
            cells = table.get(number)
            if cells is None:
                continue
            cells.extend([None] * (left + 1 - len(cells)))
            cells[left] = value
    return [(number, table[number]) for number, _values in rows]


def _exact_export_time(workbook) -> dt.datetime | None:
    """The export's time as the ledger wrote it (to the microsecond), when the workbook still carries it."""
    for prop in workbook.custom_doc_props:
        if prop.name == EXPORTED_AT:
            try:
                when = dt.datetime.fromisoformat(prop.value)
            except (TypeError, ValueError):
                return None
            return _aware(when)
    return None


def _csv_rows(data: bytes):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _Unreadable
    if "\x00" in text:
        # A stray NUL or two in a text sheet (a cell pasted from elsewhere) is named where it is; many are a binary
        # file, which no reading of it would make a 台账.
        if text.count("\x00") > _STRAY_NULS or _CONTROL.search(text):
            raise _Unreadable
        raise _NulAt(sorted({text.count("\n", 0, match.start()) + 1 for match in re.finditer("\x00", text)}))
    try:
        return [(number, [_un_neutralised(cell) for cell in row]) for number, row in enumerate(csv.reader(io.StringIO(text)), start=1)]
    except csv.Error as error:
        raise _Unreadable from error


_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:\d{2}|Z)?")


def _aware(when: dt.datetime) -> dt.datetime:
    """An export time as written; one without its zone is UTC (the ledger writes UTC)."""
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def _csv_export_time(table) -> dt.datetime | None:
    """When the ledger wrote a CSV: the time its title row gives beside the title (exports.to_csv)."""
    for _number, values in table[:1]:
        for value in values[1:]:
            if found := _ISO_TIME.search(str(value)):
                when = dt.datetime.fromisoformat(found.group().replace("Z", "+00:00"))
                return _aware(when)
    return None


def _un_neutralised(value: str) -> str:
    """The export writes a text that a spreadsheet would run behind an apostrophe (exports.neutralised)."""
    if value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return value[1:]
    return value


def _norm_heading(value) -> str:
    return re.sub(r"[\s/／、\\]+", "", str(value or "")).lower()


def _export_headings() -> dict[str, str]:
    """Heading (normalised) → column key: the headings the ledger exports, in Chinese and English."""
    found = {}
    for column in COLUMNS:
        for heading in in_every_language(column.heading):
            found.setdefault(_norm_heading(heading), column.key)
    return found


def _headings(exported: dict[str, str] | None = None) -> dict[str, str]:
    """Heading (normalised) → column key: the exported headings, and the aliases."""
    found = dict(_export_headings() if exported is None else exported)
    for key, words in ALIASES.items():
        for word in words:
            found.setdefault(_norm_heading(word), key)
    return found


# A column that gives way to another read as the same key, left unread and said so: a clerk's own remark under a word
# read as the status note (备注, 说明) beside the sheet's own 状态说明; a yes/no column (是否完成) beside a status
# column that names the status (完成情况). Any other column read twice refuses the sheet (_twice_read): its edits
# would be dropped.
_YES_NO = frozenset(_norm_heading(word) for word in _YES_NO_HEADINGS)
_GIVES_WAY = {
    "status_note": lambda heading, exported: heading not in exported,
    "status": lambda heading, exported: heading in _YES_NO,
}


def _header_at(rows, needs: str = "id") -> tuple[int, dict[str, int], list[tuple[str, int]], list[tuple[str, int]]] | None:
    """(index in rows, column key → cell index, (key, cell index) of each later column read as a key already
    taken, (key, cell index) of columns left unread) of the header row: the first row naming the column ``needs``
    (the ID column; the task column for a sheet kept by hand)."""
    exported = _export_headings()
    headings = _headings(exported)
    for index, (_number, values) in enumerate(rows[: HEADER_SEARCH_ROWS + 1]):  # +1: a header's second row
        columns: dict[str, int] = {}
        again: list[tuple[str, int]] = []
        for position, value in enumerate(values or ()):
            key = headings.get(_norm_heading(value))
            if key is None:
                continue
            if key in columns:
                again.append((key, position))
            else:
                columns[key] = position
        if needs in columns and len(columns) >= 2:
            if index + 1 < len(rows) and _sub_headings(rows, index, headings):
                continue  # the headings go on in the next row, which the sub-headings were written into
            _responsible_as_partners(values, columns, again)
            unread = []
            for key, position in list(again):
                if key not in _GIVES_WAY:
                    continue
                taken_gives, this_gives = (_GIVES_WAY[key](_norm_heading(values[p]), exported) for p in (columns[key], position))
                if taken_gives != this_gives:
                    if taken_gives:
                        unread.append((key, columns[key]))
                        columns[key] = position
                    else:
                        unread.append((key, position))
                    again.remove((key, position))
            _status_as_progress(rows[index + 1 :], values, columns, again, unread)
            return index, columns, again, unread
    return None


# The word that marks a 台账's lead-unit column where it also has a 责任单位 column (牵头单位 beside 责任单位).
_LEAD_WORD = "牵头"


# Headings a 台账 writes over a status word (已完成) or over what was done (7月召开年中会议): read by what the cells hold.
_STATUS_OR_PROGRESS = frozenset(_norm_heading(word) for word in ("完成情况", "落实情况"))


def _status_as_progress(body, values, columns: dict[str, int], again: list, unread: list[tuple[str, int]]) -> None:
    """A 完成情况 column whose cells are mostly not a status word holds what was done: it is read as the progress (where
    the sheet has no progress column; else it is left unread), and another status column (完成状态, or a yes/no column,
    是否完成, that gave way to it) is the status. Read as the status, every row of it was refused (“7月召开年中会议。”
    不是状态)."""
    position = columns.get("status")
    if position is None or _norm_heading(values[position]) not in _STATUS_OR_PROGRESS:
        return
    cells = [row[position] for _number, row in body if position < len(row or ()) and not _blank(row[position])]
    statuses = _status_words()
    # A cell opening with a status word and a remark (已完成，提出意见9条) is a status too.
    said = sum(
        _norm_status(cell) in statuses or _norm_status(cell) in _NOT_DONE_WORDS or bool(_status_and_remark(cell, statuses)[1])
        for cell in cells
    )
    if not cells or 2 * said >= len(cells):
        return
    del columns["status"]
    if "progress" not in columns:
        columns["progress"] = position
    for others in (again, unread):
        if (other := next((p for key, p in others if key == "status"), None)) is not None:
            others.remove(("status", other))
            columns["status"] = other
            return


def _responsible_as_partners(values, columns: dict[str, int], again: list[tuple[str, int]]) -> None:
    """A 台账 with a 牵头单位 column and a 责任单位 column (and no 配合单位 of its own): 责任单位 then names the units that
    share the task, read as its partner units (the sheet was refused: two columns read as the lead unit)."""
    second = [position for key, position in again if key == "lead_unit"]
    if "partner_units" in columns or len(second) != 1:
        return
    first, other = columns["lead_unit"], second[0]
    first_leads, other_leads = (_LEAD_WORD in _norm_heading(values[position]) for position in (first, other))
    if first_leads == other_leads:
        return  # 责任单位 beside 承办单位: which leads, the sheet does not say
    columns["lead_unit"], columns["partner_units"] = (first, other) if first_leads else (other, first)
    again.remove(("lead_unit", other))


def _responsible_column(values, columns: dict[str, int]) -> bool:
    """Whether the partner units are read from a 责任单位 column (_responsible_as_partners)."""
    return "partner_units" in columns and _headings().get(_norm_heading(values[columns["partner_units"]])) == "lead_unit"


def _sub_headings(rows, index: int, headings: dict[str, str]) -> bool:
    """Whether the header at ``index`` goes on in the row below (责任单位 merged over 牵头单位 and 配合单位): the row below
    then becomes the header, each cell the heading of its own row or, where it has none, the one above. The two rows
    of a header read as one: else the sub-headings' columns were read as the heading above them (one column lost) and
    the row of sub-headings as a task."""
    top, below = list(rows[index][1] or ()), list(rows[index + 1][1] or ())
    named = [position for position, value in enumerate(below) if headings.get(_norm_heading(value)) is not None]
    if len(named) < 2 or all(position < len(top) and _norm_heading(top[position]) == _norm_heading(below[position]) for position in named):
        return False  # data, or a header merged down (every heading repeated): no headings of its own
    width = max(len(top), len(below))
    cell = lambda values, position: values[position] if position < len(values) else None  # noqa: E731
    combined = [cell(below, p) if headings.get(_norm_heading(cell(below, p))) is not None else cell(top, p) for p in range(width)]
    rows[index + 1] = (rows[index + 1][0], tuple(combined))
    return True


def _rows_of(table, header) -> tuple[list[SheetRow], list[SheetError], list[SheetError]]:
    if header is None:
        return [], [_file_error(
            _("No header row with an ID column in the first %(n)d rows: upload a sheet exported from the ledger (its ID column "
              "says which task each row is), or, for a 台账 you kept yourself, choose the report whose tasks its rows are.")
            % {"n": HEADER_SEARCH_ROWS}
        )], []
    index, columns, _again, _left = header
    if refused := _header_refused(table, header):
        return [], [refused], []
    notices = _left_unread(table, header)
    responsible = _responsible_column(table[index][1], columns)
    id_heading = _column_name("id")
    rows, errors, seen = [], [], {}
    limit = settings.LEDGER_EXPORT_MAX_ROWS
    for number, values in table[index + 1 :]:
        values = list(values or ())
        cells = _cells(values, columns)
        if all(_blank(value) for value in values):
            continue
        if len(rows) >= limit:
            return [], [_file_error(_("The sheet has more than %(limit)d rows.") % {"limit": limit})]
        raw_id = cells.get("id")
        if _blank(raw_id):
            if any(not _blank(cells.get(key)) for key in STAFF_KEYS):
                errors.append(SheetError(number, id_heading, _("The row has no ID: a task is not added through the sheet; add it on its report's page (Add a task).")))
            continue
        pk = _int(raw_id)
        if pk is None:
            errors.append(SheetError(number, id_heading, _("“%(value)s” is not an ID.") % {"value": raw_id}))
            continue
        if pk in seen:
            errors.append(SheetError(number, id_heading, _("ID %(id)d is also in row %(row)d.") % {"id": pk, "row": seen[pk]}))
            continue
        seen[pk] = number
        dates = [key for key in STAFF_KEYS if key in columns and isinstance(cells[key], (dt.date, dt.datetime))]
        text = {key: _cell_text(cells[key]) for key in STAFF_KEYS if key in columns}
        rows.append(SheetRow(row=number, id=pk, cells=text, dates=dates, shared=responsible))
    return rows, errors, notices


def _cells(values: list, columns: dict[str, int]) -> dict:
    """A data row's cells by column key (None past the row's last cell)."""
    return {key: values[position] if position < len(values) else None for key, position in columns.items()}


def _header_refused(table, header) -> SheetError | None:
    """A header whose columns would drop edits without a word: a column read twice, a staff column renamed."""
    index, columns, again, _left = header
    return _twice_read(table[index][1], columns, again) or _unread_headings(table[index][1], columns, table[index + 1 :])


def _left_unread(table, header) -> list[SheetError]:
    """What reading the header says: columns left unread, and a 责任单位 column read as the partner units."""
    index, columns, _again, left = header
    heading = lambda position: str(table[index][1][position]).strip()  # noqa: E731
    said = [
        _file_error(
            _("The column “%(heading)s” was not read: the sheet's own “%(column)s” column is.")
            % {"heading": heading(position), "column": heading(columns[key])}
        )
        for key, position in left
    ]
    values = table[index][1]
    for position in (p for p, value in enumerate(values) if _norm_heading(value) in _STATUS_OR_PROGRESS):
        if position == columns.get("progress"):
            said.append(_file_error(_("The column “%(heading)s” holds what was done, not status words: it is read as the "
                                      "progress.") % {"heading": heading(position)}))
        elif position not in columns.values():
            said.append(_file_error(_("The column “%(heading)s” holds what was done, not status words, and the sheet has a "
                                      "progress column: it was not read.") % {"heading": heading(position)}))
    if _responsible_column(table[index][1], columns):
        said.append(_file_error(
            _("The column “%(responsible)s” is read as the partner units: beside “%(lead)s” it names the units that share "
              "the task (the lead unit, where it names it too, left out).")
            % {"responsible": heading(columns["partner_units"]), "lead": heading(columns["lead_unit"])}
        ))
    if foreign := _foreign_columns(table, header):
        said.append(_file_error(
            _("The column(s) %(headings)s were not read: the ledger keeps no such column (it reads a task's lead and "
              "partner units, deadline, status, status note and progress).")
            % {"headings": "、".join(f"“{heading(position)}”" for position in foreign)}
        ))
    return said


# Headings of a row's number, which every 台账 has and no one expects to be imported.
_NUMBERING = frozenset(("序号", "编号", "序", "排序", "no", "no.", "#"))


def _foreign_columns(table, header) -> list[int]:
    """The positions of the header's columns that name nothing the ledger reads or exports and hold something below
    (责任人, 分管领导 added to an export): a clerk's entries there would be dropped without a word."""
    index, columns, again, left = header
    values = table[index][1]
    known = set(_headings()) | _STATUS_OR_PROGRESS
    taken = set(columns.values()) | {position for _key, position in (*again, *left)}
    foreign = []
    for position, value in enumerate(values or ()):
        name = _norm_heading(value)
        if position in taken or not name or name in known or name in _NUMBERING:
            continue
        if any(position < len(row or ()) and not _blank(row[position]) for _number, row in table[index + 1 :]):
            foreign.append(position)
    return foreign


def _rows_matched(table, header, report: Report) -> SheetFile:
    """A 台账 kept by hand (no ID column): each row with a task is matched to a task of ``report`` by its words; a row
    matched to none, or not clearly, is left out, said so with the task it came closest to."""
    index, columns, again, _left = header
    if refused := _header_refused(table, header):
        return SheetFile([], [refused])
    body = table[index + 1 :]
    columns = {**columns, "task": _task_column(columns["task"], [p for key, p in again if key == "task"], body)}
    notices = _left_unread(table, header)
    responsible = _responsible_column(table[index][1], columns)
    heading = lambda key: str(table[index][1][columns[key]]).strip()  # noqa: E731
    if "status_note" in columns and _norm_heading(heading("status_note")) not in _export_headings():
        # A clerk's 备注 is her own remark (与第10项重复), not a note on the status that makes it a person's decision.
        notices.append(_file_error(_("The column “%(heading)s” was not read: in a 台账 kept by hand it is the clerk's own "
                                     "remark; a note on the status goes under “%(column)s”.")
                                   % {"heading": heading("status_note"), "column": _column_name("status_note")}))
        columns = {key: position for key, position in columns.items() if key != "status_note"}
    read = []  # (row number, task text, staff cells, date cells)
    for number, values in body:
        values = list(values or ())
        cells = _cells(values, columns)
        # An empty cell says nothing in a sheet kept by hand: it leaves what the ledger holds (an export's empties it).
        staff = {key: cells[key] for key in STAFF_KEYS if key in columns and not _blank(cells[key])}
        if _blank(cells.get("task")):
            if staff:  # a row continuing the one above (its progress on a line of its own): nothing to match it by
                notices.append(SheetError(number, heading("task"), _("The row has no task, so nothing of it was imported: "
                                                                      "write its content in the row of its task.")))
            continue
        dates = [key for key, value in staff.items() if isinstance(value, (dt.date, dt.datetime))]
        read.append((number, _cell_text(cells["task"]), {key: _cell_text(value) for key, value in staff.items()}, dates))
    if not read:
        return _refused(_("The sheet has no row with a task under its “%(column)s” heading.") % {"column": table[index][1][columns["task"]]})
    # A clerk's sheet has a row a task and a few of headings: many more rows than tasks is another sheet, and costly to match.
    tasks = report.commitments.count()
    limit = max(MATCHED_ROWS_PER_TASK * tasks, MATCHED_ROWS_MIN)
    if len(read) > limit:
        return _refused(_("The sheet has %(rows)d rows with a task, more than %(limit)d for the %(tasks)d tasks of %(report)s: "
                          "is it the 台账 of this report?") % {"rows": len(read), "limit": limit, "tasks": tasks, "report": report})
    if refused := _names_another(table[:index], report) or _dated_before(read, report):
        return _refused(refused)
    matches = match_rows([(number, text) for number, text, _cells, _dates in read], report)
    rows, suggested = [], []
    for (number, _text, cells, dates), match in zip(read, matches):
        if match.id is None and match.suggested is not None and cells:
            suggested.append(SheetRow(row=number, id=match.suggested, cells=cells, dates=dates, matched=True, shared=responsible))
        if match.id is not None:
            rows.append(SheetRow(row=number, id=match.id, cells=cells, dates=dates, matched=True, shared=responsible))
            if match.also and cells:
                notices.append(SheetError(number, heading("task"), _(
                    "The row is also like task(s) %(others)s: what it says was carried over to task %(ordinal)d only; record "
                    "the others on their pages."
                ) % {"others": UNIT_SEPARATOR.join(map(str, match.also)), "ordinal": match.ordinal}))
        elif cells:  # a row with nothing of its own to carry over needs no word
            notices.append(SheetError(number, heading("task"), _unmatched(match, report)))
    headings = {
        key: str(table[index][1][position]).strip() for key, position in columns.items()
        if key in STAFF_KEYS and str(table[index][1][position]).strip() != _column_name(key)
    }
    return SheetFile(rows, [], None, notices, matches, suggested, headings)


def _dated_before(read, report: Report) -> str:
    """Why a sheet whose progress is dated (in most of its rows with progress) and all before the report's year is
    refused ("" when it is not): last year's 台账, without a title naming its year, uploaded against this year's
    report."""
    with_progress = [cells["progress"] for _number, _text, cells, _dates in read if cells.get("progress")]
    dated = [
        [int(found[1]) for line in progress.splitlines() if (found := _DATED_LINE.match(line.strip()))] for progress in with_progress
    ]
    years = [year for row in dated for year in row]
    # Dated in most of its rows (one early line, 2023-12-28 印发工作要点, is no year of the sheet).
    if len([row for row in dated if row]) * 2 > len(with_progress) > 0 and max(years) < report.year:
        return _("The sheet's progress is dated %(last)d at the latest, before %(year)d, the year of the report you chose: "
                 "choose the report of the sheet's year, or check the file.") % {"last": max(years), "year": report.year}
    return ""


# A place a title names as a body's (永川区, 扬州市), not a word like 全国 (创建全国文明城区) or 国务院.
_PLACE_NAME = re.compile(r"[省市区县州旗盟]$")
# The year a title's 台账 is of: the first of a range (2024—2025年度), not a day's (填报时间：2025年1月6日).
_TITLE_YEAR = re.compile(r"(20\d{2})\s*(?:[—\-－~～至到]\s*20\d{2}\s*)?年(?!\s*\d{1,2}\s*月)")


def _names_another(title_rows, report: Report) -> str:
    """Why a sheet whose title (the rows above its header) names another body or another year than ``report`` is
    refused ("" when it does not): a clerk uploading last year's sheet, or a neighbour's, against this report would
    put its words on tasks of the same pattern."""
    title = "".join(str(value) for _number, values in title_rows for value in values or () if not _blank(value))
    if not title:
        return ""
    own = own_place(report.body.name)
    places = {body.name: own_place(body.name) for body in Body.objects.exclude(pk=report.body_id).only("name")}
    # Not the report's parent nor a place it lies in (重庆市 in a title of 重庆市大足区…).
    named = next(
        (name for name, place in places.items() if _PLACE_NAME.search(place) and place not in report.body.name and place in title),
        None,
    )
    if named and own not in title:
        return _("The sheet's title names %(other)s, not %(body)s, whose report you chose: choose that body's report, or "
                 "check the file.") % {"other": named, "body": report.body}
    years = {int(year) for year in _TITLE_YEAR.findall(title)}
    if years and report.year not in years:
        return _("The sheet's title names the year %(years)s, and the report you chose is of %(year)d: choose the report of "
                 "that year, or check the file.") % {"years": UNIT_SEPARATOR.join(map(str, sorted(years))), "year": report.year}
    return ""


# A hand-kept sheet may have this many rows with a task per task of its report (headings, a task split over rows), and
# at least this many whatever the report.
MATCHED_ROWS_PER_TASK = 3
MATCHED_ROWS_MIN = 300


def _task_column(first: int, others: list[int], body) -> int:
    """Of the columns a hand-kept sheet heads as its task (重点任务 and 具体任务), the one naming the most different
    things: the other is a category merged down many rows."""
    def distinct(position: int) -> int:
        return len({str(row[position]).strip() for _number, row in body if position < len(row or ()) and not _blank(row[position])})

    return max([first, *others], key=lambda position: (distinct(position), -position))


def _unmatched(match: RowMatch, report: Report) -> str:
    said = {
        "text": match.text, "report": report, "ordinal": match.ordinal, "task": match.task, "score": f"{match.score:.2f}",
        "floor": f"{MATCH_FLOOR:.2f}",
    }
    if match.left == NO_WORDS:
        return _("“%(text)s” shares no words with a task of %(report)s: left out.") % said
    if match.left == TAKEN:
        return _("“%(text)s” is closest to task %(ordinal)d (“%(task)s”), which row %(row)d matches more closely: left "
                 "out; a task is matched by one row.") % {**said, "row": match.taken_by}
    # Offered in the preview's list of rows left out, to tick: said so (it said to record it on the task's page only).
    offered = (" " + _("It is offered with task %(ordinal)d in the list of rows left out: tick it there if it is that task.") % said
               if match.suggested is not None else "")
    if match.rival_task is not None:
        return _("“%(text)s” is as like task %(ordinal)d (“%(task)s”) as task %(other)d: left out. If the row holds both, "
                 "record it on both tasks' pages.") % {**said, "other": match.rival_task} + offered
    if match.rival_row is not None:
        return _("“%(text)s” and row %(row)d are as like task %(ordinal)d (“%(task)s”): both left out; record it on the "
                 "task's page.") % {**said, "row": match.rival_row} + offered
    if offered:
        return _("“%(text)s” is like no task of %(report)s closely enough (the closest, task %(ordinal)d “%(task)s”, "
                 "%(score)s, below %(floor)s): left out.") % said + offered
    return _("“%(text)s” is like no task of %(report)s (the closest, task %(ordinal)d “%(task)s”, %(score)s, below "
             "%(floor)s): left out. If it is one of the report's tasks, record it on that task's page.") % said


def _twice_read(values, columns: dict[str, int], again: list[tuple[str, int]]) -> SheetError | None:
    """A column the import reads (the ID or a staff column) that two columns of the header name (a copied 状态, or
    备注 beside 状态说明): only the first is read, so edits made in the other would be dropped without a word."""
    twice = [(key, position) for key, position in again if key in {"id", *STAFF_KEYS}]
    if not twice:
        return None
    from openpyxl.utils import get_column_letter  # openpyxl is loaded only when a sheet is read

    key, position = twice[0]
    first = columns[key]
    return _file_error(
        _("The sheet has two columns the import reads as %(column)s: “%(first)s” (column %(first_letter)s) and "
          "“%(second)s” (column %(second_letter)s); keep one, the one with your changes; nothing was imported.")
        % {
            "column": _column_name(key),
            "first": str(values[first]).strip(), "first_letter": get_column_letter(first + 1),
            "second": str(values[position]).strip(), "second_letter": get_column_letter(position + 1),
        }
    )


def _unread_headings(values, columns: dict[str, int], body=()) -> SheetError | None:
    """An export of the ledger (its own columns all there) with a heading the ledger does not know where one of its
    staff columns stands in the export: that column was renamed (督办科室 for 牵头单位), or its heading emptied (a
    merge of two heading cells keeps one), and its edits would be dropped without a word. A column staff deleted,
    one of their own added, or an empty one under an empty heading, is no error."""
    if any(column.key not in columns for column in COLUMNS if not column.staff):
        return None
    values = list(values or ())

    def filled(position) -> bool:
        return any(position < len(row or ()) and not _blank(row[position]) for _number, row in body)

    renamed = [
        (key, str(values[position]).strip() if not _blank(values[position]) else _no_heading())
        for position, key in enumerate(COLUMN_KEYS)
        if key in STAFF_KEYS and key not in columns and position < len(values) and position not in columns.values()
        and (not _blank(values[position]) or filled(position))
    ]
    if not renamed:
        return None
    return _file_error(
        _("The sheet has columns the ledger does not read (%(unknown)s) where the export has %(missing)s: if they were "
          "renamed, give them their headings from the export again; nothing was imported.")
        % {"unknown": "、".join(heading for _key, heading in renamed),
           "missing": "、".join(str(_column_name(key)) for key, _heading in renamed)}
    )


def _no_heading() -> str:
    return _("(no heading)")


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = int(value) if value.is_integer() else None
    if isinstance(value, int) or value is None:
        # An id beyond what the database stores names no task (rather than overflowing the query).
        return value if value is not None and 0 < value <= MAX_BIGINT else None
    text = str(value).strip()
    return positive_int(text)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "\n".join(line.strip() for line in str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()


def _column_name(key: str) -> str:
    return str(COLUMNS_BY_KEY[key].heading)


# Comparing with the ledger


def sheet_plan(
    rows: list[SheetRow], *, body=None, report: Report | None = None, today: dt.date | None = None, exported_at=None,
    aliases: dict[str, int] | None = None,
) -> SheetPlan:
    """What the rows would change, row by row, and every error; writes nothing. With ``exported_at`` (when the
    ledger wrote the sheet), a change to a task that changed in the ledger since then says so. With ``body`` or
    ``report``, a row of another body or report is an error. ``aliases``: names a person said are units the body has
    (name → unit id, of SheetPlan.alike), read as those units."""
    today = today or timezone.localdate()
    plan = SheetPlan(rows=list(rows), exported_at=exported_at)
    commitments = {
        c.pk: c
        for c in Commitment.objects.filter(pk__in=[row.id for row in rows])
        .select_related("report__body", "lead_unit")
        .defer("report__raw_text", "report__text")
        .prefetch_related("partner_links__unit")
    }
    progress: dict[int, list[Progress]] = {}
    for entry in Progress.objects.filter(commitment_id__in=commitments).order_by("-date", "-created_at", "-pk"):
        progress.setdefault(entry.commitment_id, []).append(entry)
    as_exported = _entries_as_exported(commitments, exported_at) if exported_at is not None else {}
    deleted = _entries_deleted(commitments, exported_at)
    if exported_at is not None:
        # Entries as the sheet was written, corrected or deleted since: an old sheet still showing them adds none back.
        for commitment_id, entries in as_exported.items():
            now = progress.setdefault(commitment_id, [])
            lines = {(entry.date, entry.text) for entry in now}
            now.extend(entry for entry in entries if (entry.date, entry.text) not in lines)
    counted: dict[int, list] = {}
    for row in rows:
        if (commitment := commitments.get(row.id)) is not None:
            counted.setdefault(commitment.report_id, [commitment.report, 0])[1] += 1
    plan.reports = sorted(((report, n) for report, n in counted.values()), key=lambda item: (-item[1], str(item[0])))
    statuses = _status_words()
    body_ids = {commitment.report.body_id for commitment in commitments.values()}
    other_names = unit_other_names(body_ids)
    for name, unit in _aliases_of(aliases or {}, body_ids).items():
        other_names[(unit.body_id, name)] = unit.name
        plan.aliases[name] = unit.pk
    exported = _as_exported(commitments, exported_at) if exported_at is not None else {}
    for row in rows:
        commitment = commitments.get(row.id)
        if commitment is None:
            plan.errors.append(SheetError(row.row, _column_name("id"), _missing_task(row.id)))
            continue
        if body is not None and commitment.report.body_id != body.pk:
            plan.errors.append(SheetError(
                row.row, _column_name("id"),
                _("Task %(id)d belongs to %(other)s, not to %(body)s.") % {"id": row.id, "other": commitment.report.body, "body": body},
            ))
            continue
        if report is not None and commitment.report_id != report.pk:
            plan.errors.append(SheetError(
                row.row, _column_name("id"),
                _("Task %(id)d belongs to %(other)s, not to %(report)s.") % {"id": row.id, "other": commitment.report, "report": report},
            ))
            continue
        _RowPlanner(
            plan, row, commitment, progress.get(commitment.pk, []), statuses, today, exported.get(commitment.pk),
            as_exported.get(commitment.pk, []) if exported_at is not None else None, other_names,
            deleted.get(commitment.pk, {}),
        ).run()
    if exported_at is not None:
        _since_export(plan, exported_at)
    else:
        _set_by_people(plan)
    return plan


def _aliases_of(aliases: dict[str, int], body_ids) -> dict[str, Unit]:
    """The names a person said are units of these bodies, by name, that are no unit's name or other name already."""
    units = Unit.objects.in_bulk([pk for pk in aliases.values() if isinstance(pk, int)])
    out = {}
    for name, pk in aliases.items():
        name, unit = unit_name(name), units.get(pk)
        if unit is None or unit.body_id not in body_ids or unit_named(body=unit.body, name=name) is not None:
            continue
        out[name] = unit
    return out


def _entries_as_exported(commitments, exported_at: dt.datetime) -> dict[int, list]:
    """Per task, its progress entries as they read at ``exported_at`` (the last version of each entry by then, not
    deleted), from the history."""
    last = {}
    for record in Progress.history.filter(commitment_id__in=commitments, history_date__lte=exported_at).order_by("history_date", "history_id"):
        last[record.id] = record
    found: dict[int, list] = {}
    for record in last.values():
        if record.history_type != "-":
            found.setdefault(record.commitment_id, []).append(record)
    return found


def _entries_deleted(commitments, exported_at: dt.datetime | None) -> dict[int, dict[tuple, object]]:
    """Per task, the progress entries a person deleted (after ``exported_at``, where the sheet says when it was
    written), as (date, text) → the deletion's history record: a sheet still holding one brings back no entry a
    person took out."""
    records = Progress.history.filter(commitment_id__in=commitments, history_type="-").select_related("history_user")
    if exported_at is not None:
        records = records.filter(history_date__gt=exported_at)
    found: dict[int, dict[tuple, object]] = {}
    for record in records.order_by("history_date", "history_id"):
        found.setdefault(record.commitment_id, {})[(record.date, record.text.strip())] = record
    return found


@dataclass(frozen=True)
class _Exported:
    """A task's staff columns as the sheet was written: a cell that still says this, staff did not touch."""

    lead_unit: str
    partner_units: tuple[str, ...]  # in their order
    due: str
    status: str
    status_note: str
    lead_unit_id: int | None = None  # the units themselves (a unit renamed since is the same unit)
    partner_ids: tuple[int, ...] = ()


def _as_exported(commitments: dict[int, Commitment], exported_at: dt.datetime) -> dict[int, _Exported]:
    """Each task's staff columns at the time of the export, from its history."""
    records = {}
    for record in Commitment.history.filter(id__in=commitments, history_date__lte=exported_at).order_by(
        "id", "history_date", "history_id"
    ):
        records[record.id] = record  # the last one at or before the export
    partner_ids = record_partners(r.history_id for r in records.values())
    wanted = {r.lead_unit_id for r in records.values()}.union(*partner_ids.values()) - {None}
    # Each unit by the name the sheet wrote, its name then (a unit renamed or merged away since is still that name).
    names = dict(Unit.objects.filter(pk__in=wanted).values_list("pk", "name"))
    for unit_id, name in Unit.history.filter(id__in=wanted, history_date__lte=exported_at).order_by(
        "id", "history_date", "history_id"
    ).values_list("id", "name"):
        names[unit_id] = name
    exported = {
        pk: _Exported(
            lead_unit=names.get(record.lead_unit_id, ""),
            partner_units=tuple(names.get(unit_id, "") for unit_id in partner_ids.get(record.history_id, ())),
            due=due_text(record),
            status=record.status,
            status_note=record.status_note.strip(),
            lead_unit_id=record.lead_unit_id,
            partner_ids=tuple(partner_ids.get(record.history_id, ())),
        )
        for pk, record in records.items()
    }
    # A task with no record by then was as ingest stored it (ingest writes no record): pending, nothing kept.
    as_stored = _Exported(lead_unit="", partner_units=(), due="", status=Status.PENDING, status_note="")
    return {pk: exported.get(pk, as_stored) for pk in commitments}


def _missing_task(pk: int) -> str:
    """Why a sheet's ID names no task: none ever had it, or one did and is gone (a replace of its report took it out,
    its decisions kept aside, or the report was deleted): its history says which report it was in."""
    record = Commitment.history.filter(id=pk).order_by("-history_date").first()
    report = Report.objects.filter(pk=record.report_id).first() if record is not None else None
    if report is not None:
        return _(
            "The task with ID %(id)d is no longer in %(report)s: a replace of the report took it out. Take its row out of "
            "the sheet; what staff decided on it is kept on the report's page, to re-attach to the task it became."
        ) % {"id": pk, "report": report}
    if record is not None:
        return _("The task with ID %(id)d is no longer in the ledger: its report was deleted. Take its row out of the sheet.") % {"id": pk}
    return _("There is no task with ID %(id)d.") % {"id": pk}


def _since_export(plan: SheetPlan, exported_at: dt.datetime) -> None:
    """A sheet older than a change in the ledger may undo it: each such change says who changed the row, when."""
    latest = {}
    moved = in_every_language(MOVED_BY_REPLACE)  # a row a replace only moved: nothing of its 台账 changed
    for record in (
        Commitment.history.filter(id__in=plan.changed_ids, history_date__gt=exported_at)
        .exclude(history_change_reason__in=moved)
        .select_related("history_user").order_by("history_date")
    ):
        latest[record.id] = record
    for change in plan.changes:
        record = latest.get(change.id)
        if record is None or change.field == "progress":
            continue
        warning = _("changed in the ledger by %(user)s at %(when)s, after this sheet was exported") % changed_by(record)
        change.note = f"{change.note}；{warning}" if change.note else warning


# The columns a person sets, as the history records of a task hold them (the partner units apart: m2m history).
_RECORDED = {"lead_unit": "lead_unit_id", "due": "due_label", "status": "status", "status_note": "status_note"}
# Why an import changed a task: its own record is no person's setting on the task's page (the reason's words before
# the sheet's name).
_IMPORT_REASONS = (gettext_noop("imported from the sheet %(name)s"), gettext_noop("imported from a sheet"))


def _set_by_people(plan: SheetPlan) -> None:
    """A sheet that does not say when it was written (a 台账 kept by hand) replaced what a person set on a task's page
    without a word: each change of a value a person set there says who set it, when. A value is set by the record
    that changed it (or, in a task's first record, that holds one: a deadline, a unit, a status a person set)."""
    ids = {change.id for change in plan.changes if change.field in (*_RECORDED, "partner_units")}
    records = list(Commitment.history.filter(id__in=ids).select_related("history_user").order_by("history_date", "history_id"))
    partners = record_partners(r.history_id for r in records)
    imported = tuple(text.partition("%(name)s")[0] for reason in _IMPORT_REASONS for text in in_every_language(reason))

    def value(record, key):
        return partners[record.history_id] if key == "partner_units" else getattr(record, _RECORDED[key])

    set_by, before = {}, {}  # (task, column) → the record that gave the value it has now; task → its previous record
    for record in records:
        previous = before.get(record.id)
        for key in (*_RECORDED, "partner_units"):
            if previous is not None:
                changed = value(previous, key) != value(record, key)
            else:  # the task's first record: only a value a person gives (ingest writes no history)
                changed = record.status_origin == Origin.STAFF if key == "status" else bool(value(record, key))
            if changed:
                set_by[record.id, key] = record
        before[record.id] = record
    for change in plan.changes:
        record = set_by.get((change.id, change.field))
        if record is None or record.history_user_id is None or (record.history_change_reason or "").startswith(imported):
            continue
        said = _("now as %(user)s set it at %(when)s") % changed_by(record)
        change.note = f"{change.note}；{said}" if change.note else said


# The columns a sheet changes together, as a colleague's change after the export keeps them (_RowPlanner._clashes).
_GROUP_OF = {"lead_unit": "units", "partner_units": "units", "due": "due", "status": "status", "status_note": "status"}


class _RowPlanner:
    def __init__(
        self, plan, row, commitment, entries, statuses, today, exported=None, entries_exported=None, other_names=None,
        deleted=None,
    ):
        self.plan, self.row, self.commitment, self.entries = plan, row, commitment, entries
        self.deleted = deleted or {}  # entries a person deleted (_entries_deleted)
        self.other_names = other_names or {}  # (body id, a unit's other name) → its name (unit_other_names)
        # The task's progress entries as the sheet shows them (history records), when the sheet says when it was
        # exported: a line edited keeping its date corrects the entry of that day.
        self.entries_exported = entries_exported
        self.planned_due = ...  # the deadline the row sets, where it sets one (the status is judged with it)
        self.statuses, self.today = statuses, today
        self.update = _Update(commitment=commitment, row=row.row)
        self.errors_before = len(plan.errors)
        # The row as exported, when the sheet says when: a cell that still says it is not a staff decision, so an
        # old sheet does not undo what changed in the ledger since (a status the next report's review decided).
        self.exported: _Exported | None = exported

    def _units_of_one_cell(self, cells: dict) -> dict:
        """A 台账 kept by hand that names every unit of a task in one 责任单位 cell (农业农村工委、区农业农村委、区林业局),
        with no 配合单位 of its own: the first leads and the others are its partners, in their order, as offices write
        such a cell (it was refused: one lead unit per task)."""
        names = unit_names_split(cells.get("lead_unit", "")) if self.row.matched and "partner_units" not in cells else []
        if len(names) < 2:
            return cells
        self.plan.notices.append(SheetError(self.row.row, _column_name("lead_unit"), _(
            "The cell names several units: %(lead)s is read as the lead unit and %(partners)s as its partner units, in "
            "that order."
        ) % {"lead": names[0], "partners": UNIT_SEPARATOR.join(names[1:])}))
        return {**cells, "lead_unit": names[0], "partner_units": UNIT_SEPARATOR.join(names[1:])}

    def untouched(self, key, value) -> bool:
        return self.exported is not None and getattr(self.exported, key) == value

    def _shared_partners(self, cells: dict) -> dict:
        """A 责任单位 cell read as the partner units names the lead unit too (牵头 财经工委; 责任 财经工委、预算工委): the
        lead, as the row gives it or else as the task has it (a 牵头单位 cell merged down reads empty), by any of its
        names, is not its own partner; a cell naming only the lead leaves the partners as they are."""
        if not self.row.shared or _blank(cells.get("partner_units")):
            return cells
        body = self.commitment.report.body_id
        canonical = lambda name: self.other_names.get((body, unit_name(name)), unit_name(name))  # noqa: E731
        lead = cells.get("lead_unit")
        lead = canonical(lead) if not _blank(lead) else (self.commitment.lead_unit.name if self.commitment.lead_unit else "")
        names = [name for name in unit_names_split(cells["partner_units"]) if canonical(name) != lead]
        if not names:
            return {key: value for key, value in cells.items() if key != "partner_units"}
        return {**cells, "partner_units": UNIT_SEPARATOR.join(names)}

    def run(self):
        cells = self._shared_partners(self._units_of_one_cell(self.row.cells))
        marks = (
            len(self.plan.changes), len(self.plan.errors), len(self.plan.notices), set(self.plan.new_units), dict(self.plan.alike)
        )
        self._plan_cells(cells)
        clashes = self._clashes()
        if clashes:
            # Planned again without the columns someone changed after the export (and what depended on them: the
            # partners a new lead left, a status the new deadline allowed).
            del self.plan.changes[marks[0]:], self.plan.errors[marks[1]:], self.plan.notices[marks[2]:]
            self.plan.new_units, self.plan.alike = marks[3], marks[4]
            self.update, self.planned_due = _Update(commitment=self.commitment, row=self.row.row), ...
            self._plan_cells({key: value for key, value in cells.items() if _GROUP_OF.get(key) not in clashes})
            for group, (change, record) in clashes.items():
                self.plan.notices.append(SheetError(self.row.row, change.column, _(
                    "Not applied: %(user)s changed it to “%(now)s” at %(when)s, after this sheet was exported; the "
                    "sheet's “%(sheet)s” would undo that. Set it on the task's page if the sheet's value should replace it."
                ) % {"now": change.old, "sheet": change.new, **changed_by(record)}))
        update = self.update
        if len(self.plan.errors) == self.errors_before and (update.ledger or update.status or update.progress or update.corrections):
            self.plan.updates.append(self.update)

    def _plan_cells(self, cells):
        lead = self._lead(cells["lead_unit"]) if "lead_unit" in cells else None
        partners = self._partners(cells["partner_units"]) if "partner_units" in cells else None
        self._units_agree(lead, partners)
        if "due" in cells:
            self._due(cells["due"], is_date="due" in self.row.dates)
        if "status" in cells:
            value, note = cells["status"], cells.get("status_note")
            word, remark = _status_and_remark(value, self.statuses)
            if remark and _blank(note):
                value, note = word, remark  # 已完成，提出意见9条: the status, then the clerk's note on it
            elif remark:
                value = word
                self.plan.notices.append(SheetError(self.row.row, _column_name("status"), _(
                    "Read as “%(word)s”; what follows it (“%(remark)s”) was not read, as the row has a status note of its own."
                ) % {"word": word, "remark": remark}))
            self._status(value, note)
        elif "status_note" in cells:
            self._status(self.commitment.status, cells["status_note"])
        if "progress" in cells:
            self._progress(cells["progress"])

    def _clashes(self) -> dict[str, tuple[Change, object]]:
        """The groups of columns (units, due, status) the sheet changes that someone changed in the ledger after the
        export, each with the sheet's first change of it and the record of who changed it: the ledger's value stays,
        as the sheet, written before, cannot have meant to undo it (it did, with only a note). A status the machine
        changed since (a relink) is no one's decision: the sheet's, a person's, replaces it."""
        if self.exported is None:
            return {}
        commitment, exported = self.commitment, self.exported
        moved_on = {
            "units": (exported.lead_unit_id, exported.partner_ids) != (commitment.lead_unit_id, tuple(u.pk for u in commitment.partners)),
            "due": exported.due != due_text(commitment),
            "status": (exported.status, exported.status_note) != (commitment.status, commitment.status_note.strip())
            and (commitment.status_origin == Origin.STAFF or exported.status == commitment.status),
        }
        clashes = {}
        for change in self.plan.changes:
            group = _GROUP_OF.get(change.field)
            if change.row != self.row.row or change.id != self.row.id or not moved_on.get(group) or group in clashes:
                continue
            record = changed_since(commitment, group, self.plan.exported_at, people_only=True)
            if record is not None:
                clashes[group] = (change, record)
        return clashes

    def change(self, key, old, new, note=""):
        self.plan.changes.append(Change(self.row.row, self.row.id, key, _column_name(key), old, new, note))

    def error(self, key, message):
        self.plan.errors.append(SheetError(self.row.row, _column_name(key), message))

    def _name(self, key, value, known=()) -> str | None:
        """A unit's name as the cell gives it (the unit's own where the cell gives another name of it: a short form
        merged into it); a new name (not one the task has) must name an office."""
        name = unit_name(value)
        name = self.other_names.get((self.commitment.report.body_id, name), name)
        if name not in known and (problem := unit_name_problem(name)):
            self.error(key, problem)
            return None
        return name

    def _new_unit_note(self, names) -> str:
        """new unit: …, said at the first row that names it (the others add nothing)."""
        known = set(Unit.objects.filter(body_id=self.commitment.report.body_id, name__in=names).values_list("name", flat=True))
        new = [name for name in names if name not in known and name not in self.plan.new_units]
        before = sorted(self.plan.new_units)
        self.plan.new_units.update(new)
        if not new:
            return ""
        note = _("new unit: %(names)s") % {"names": UNIT_SEPARATOR.join(new)}
        # Two new names of one office in one sheet (人民银行, 中国人民银行) would make it two units.
        twins = [(name, other) for i, name in enumerate(new) for other in [*before, *new[:i]] if names_alike(name, other)]
        if twins:
            note += _("; like another new name of this sheet (%(pairs)s): if it is the same office, write one name for "
                      "both, else each becomes a unit") % {
                "pairs": UNIT_SEPARATOR.join(f"{name} ~ {other}" for name, other in twins[:3])
            }
        # A short form of a unit the body has (财经工委 of 区人大常委会财政经济工作委员会) would be the same office twice.
        body_id = self.commitment.report.body_id
        alike = [(name, unit) for name in new for unit in similar_units(body_id, name)]
        for name, unit in alike:
            self.plan.alike.setdefault(name, [unit.pk, unit.name])
        alike = [(name, unit.name) for name, unit in alike]
        if alike:
            note += _("; like a unit the body has (%(pairs)s): if it is the same office, tick it under “New units like a "
                      "unit the body has” in the preview, or add this name to that unit's other names in the list of units; "
                      "else it becomes a new unit") % {
                "pairs": UNIT_SEPARATOR.join(f"{name} ~ {unit}" for name, unit in alike[:3])
            }
        return note

    def _task_units(self) -> set[str]:
        lead = {self.commitment.lead_unit.name} if self.commitment.lead_unit else set()
        return lead | {unit.name for unit in self.commitment.partners}

    def _lead(self, value):
        """The lead unit's name as the sheet gives it ("" for none); None when the cell is in error."""
        names = unit_names_split(value)
        if len(names) > 1:
            self.error("lead_unit", _("One lead unit per task; put the others under %(partners)s.") % {"partners": _column_name("partner_units")})
            return None
        name = self._name("lead_unit", names[0], self._task_units()) if names else ""
        if name is None:
            return None
        old = self.commitment.lead_unit.name if self.commitment.lead_unit else ""
        if self.untouched("lead_unit", unit_name(names[0]) if names else ""):
            return old  # the cell as exported: the lead the task has now stands
        if name != old:
            self.update.ledger["lead_unit"] = name or None
            self.change("lead_unit", old, name, self._new_unit_note([name]) if name else "")
        return name

    def _partners(self, value):
        names, known = [], self._task_units()
        for item in unit_names_split(value):
            name = self._name("partner_units", item, known)
            if name is None:
                return None
            if name not in names:
                names.append(name)
        old = [unit.name for unit in self.commitment.partners]
        # As exported by the names the cell gives (a unit merged since is named by its merged name).
        if self.untouched("partner_units", tuple(unit_name(item) for item in unit_names_split(value))):
            return old  # the cell as exported: the partners the task has now stand
        if names != old:  # the same units in another order too: a 台账 lists them by rank
            self.update.ledger["partner_units"] = names
            self.change("partner_units", UNIT_SEPARATOR.join(old), UNIT_SEPARATOR.join(names), self._new_unit_note(names))
        return names

    def _units_agree(self, lead, partners):
        lead = lead if lead is not None else (self.commitment.lead_unit.name if self.commitment.lead_unit else "")
        current = [unit.name for unit in self.commitment.partners]
        if partners is None:
            partners = current
        if not lead or lead not in partners:
            return
        if partners == current and "partner_units" not in self.update.ledger:
            # A partner made the lead, its partners' cell left as it was (empty, in a sheet kept by hand): it leaves
            # the partners, as the clerk means; the cell they did not write is not blamed.
            rest = [name for name in current if name != lead]
            self.update.ledger["partner_units"] = rest
            self.change("partner_units", UNIT_SEPARATOR.join(current), UNIT_SEPARATOR.join(rest),
                        _("%(unit)s is the lead unit now") % {"unit": lead})
        else:
            self.error("partner_units", _("%(unit)s is the lead unit; it is not also a partner unit.") % {"unit": lead})

    def _due(self, value, *, is_date):
        if _EXCEL_DAY.fullmatch(value.strip()):
            # A date Excel shows as its serial number (a 时限 cell set to 常规 after a date was typed): that day.
            from openpyxl.utils.datetime import from_excel

            value, is_date = from_excel(int(value)).date().isoformat(), True
        try:
            date, label = due_read(value, plan_year=self.commitment.plan_year, current=self.commitment.due)
        except ValidationError as error:
            self.error("due", " ".join(error.messages))
            return
        current = (self.commitment.due, self.commitment.due_label)
        # A deadline typed as a date in Excel, or a day in digits a spreadsheet wrote its own way (2024-10-31 saved as
        # 2024/10/31), that names the same day as the words stored is no change.
        same_day = date is not None and date == self.commitment.due
        as_day = is_date or label == due_text(self.commitment) or _DIGIT_DAY.fullmatch(value.strip())
        if (date, label) == current or (same_day and as_day):
            return
        if self.untouched("due", value.strip()) or self.untouched("due", label):
            return
        self.update.ledger["due"] = value
        self.planned_due = date
        note = ""
        if date is not None and label != date.isoformat():
            # The day the words are read as (6月30日前 is of the plan year), and whether it is gone already.
            note = (_("read as %(date)s, a day already past") if date < timezone.localdate() else _("read as %(date)s")) % {
                "date": date.isoformat()
            }
        self.change("due", due_text(self.commitment), label, note)

    def _status(self, value, note):
        status = self.statuses.get(_norm_status(value))
        said_no = _norm_status(value) in _NOT_DONE_WORDS
        # 否 under 是否完成 says only "not done": the status the task has stands unless it says done. Beside 待人工核验
        # or 未见报告 it decides nothing, said so (it was "nothing to change"); beside 待回顾, a year's course, it agrees.
        if said_no and self.commitment.status in (Status.FULFILLED, Status.NEEDS_REVIEW, Status.NOT_REPORTED):
            said = {
                "value": str(value).strip(), "status": Status(self.commitment.status).label,
                "labels": UNIT_SEPARATOR.join(str(Status(status).label) for status in self._not_done_statuses()),
            }
            if self.commitment.status == Status.FULFILLED:
                if self.row.matched:  # in a sheet kept by hand an empty cell keeps the status; in an export it is an error
                    self.error("status", _("“%(value)s” says the task is not done, and the ledger has it %(status)s: write "
                                           "the status it has now (%(labels)s), or leave the cell empty to keep %(status)s.") % said)
                else:
                    self.error("status", _("“%(value)s” says the task is not done, and the ledger has it %(status)s: write "
                                           "the status it has now (%(labels)s).") % said)
                return
            if not self.row.matched:  # an export's 状态 holds a status: the one the person means is asked for
                self.error("status", _("“%(value)s” says the task is not done, not which status it has (the ledger "
                                       "has it %(status)s): write the status it has now (%(labels)s).") % said)
                return
            self.plan.notices.append(SheetError(self.row.row, _column_name("status"), _(
                "“%(value)s” says the task is not done, not which status it has: the task keeps %(status)s. To "
                "record which (%(labels)s), write it in the sheet or set it on the task's page."
            ) % said))
        if said_no:
            status = self.commitment.status
            if self.commitment.status_origin != Origin.STAFF and note is not None and note.strip() != self.commitment.status_note.strip():
                # A note would make the machine's status a person's decision, which 否 does not say.
                self.plan.notices.append(SheetError(self.row.row, _column_name("status_note"), _(
                    "The note was not read: “%(value)s” says the task is not done, not which status it has; set the status "
                    "on the task's page to record the note with it."
                ) % {"value": str(value).strip()}))
                note = None
        if status is None:
            self.error("status", _("“%(value)s” is not a status: write one of %(labels)s (or a 台账's word for one: %(words)s).") % {
                "value": value, "labels": UNIT_SEPARATOR.join(str(label) for label in Status.labels),
                "words": UNIT_SEPARATOR.join([*_LEDGER_WORDS, *sorted(_NOT_DONE_WORDS)]),
            })
            return
        # A sheet kept by hand with no note of its own changing the status: the note said why the status was what it
        # was (暂缓 beside 未实施), and goes with it, as the task's page clears it (it stood beside 已落实).
        stale_note = note is None and self.row.matched and status != self.commitment.status and bool(self.commitment.status_note)
        note = "" if stale_note else self.commitment.status_note if note is None else note
        if self.untouched("status", status):
            status = self.commitment.status
        if self.untouched("status_note", note.strip()):
            note = self.commitment.status_note
        if status == self.commitment.status and note.strip() == self.commitment.status_note.strip():
            if (
                _norm_status(value) in _CLERKS_OUTCOMES and status in DECIDED
                and not is_confirmed(self.commitment)  # a person's already: set, or following a passage confirmed
            ):
                # A sheet that gives the outcome the machine proposed in a clerk's own word (是, 已完成 beside its 已落实)
                # is a person's word for it, in a 台账 kept by hand or typed over an export's label: the status becomes
                # theirs, as confirming it on the task's page makes it. A status's label is no such word: an export
                # repeats the machine's (已落实, 未见报告), which would all turn into a person's; 推进中 in a year's course
                # is no outcome to keep.
                self.update.status = (status, note)
                self.change("status", _("%(status)s (the machine's reading)") % {"status": status_text(self.commitment)},
                            _("%(status)s (confirmed by a person)") % {"status": Status(status).label})
            return
        if not self._fits("status_note", note.strip()):
            return
        if status != self.commitment.status:
            try:
                status_allowed(self.commitment, status, self.planned_due)
            except ValidationError as error:
                # Said of the word the sheet wrote (未开始 is read as 待回顾, which the clerk never wrote).
                self.error("status", _("“%(value)s” (%(status)s): %(reason)s") % {
                    "value": str(value).strip(), "status": Status(status).label, "reason": " ".join(error.messages),
                })
                return
        # A note beside the machine's status, the status left as it was, is a clerk's remark (已视察), not a decision:
        # the status stays the machine's (None hands it to the machine with the note), to follow the next review and
        # count as unconfirmed.
        # A clerk's word for the machine's outcome with a note of its own (已完成，提出意见9条) confirms it, note and all.
        confirms = (
            status == self.commitment.status and _norm_status(value) in _CLERKS_OUTCOMES and status in DECIDED
            and not is_confirmed(self.commitment)
        )
        machine = status == self.commitment.status and self.commitment.status_origin != Origin.STAFF and not confirms
        self.update.status = (None if machine else status, note)
        if status != self.commitment.status:
            # The status it had as the sheet wrote it (不判定（一般性部署）, not 待回顾, for a general row not judged).
            self.change("status", status_text(self.commitment), str(Status(status).label))
        elif confirms:
            self.change("status", _("%(status)s (the machine's reading)") % {"status": status_text(self.commitment)},
                        _("%(status)s (confirmed by a person)") % {"status": Status(status).label})
        if note.strip() != self.commitment.status_note.strip():
            said = (_("it was the note of the status before") if stale_note
                    else _("a note beside the machine's status: the status stays the machine's") if machine else "")
            self.change("status_note", self.commitment.status_note, note, said)

    def _not_done_statuses(self) -> list[str]:
        """The statuses saying a task is not done that a person may give it now (推进中 only in its year's course)."""
        allowed = []
        for status in (Status.IN_PROGRESS, Status.PARTIAL, Status.NOT_DONE):
            try:
                status_allowed(self.commitment, status, self.planned_due)
            except ValidationError:
                continue
            allowed.append(status)
        return allowed

    def _fits(self, key, text) -> bool:
        """Whether a note or an entry the sheet changes is one a person may type (an error on the row if not); an
        untouched cell is never judged, whatever the ledger holds."""
        try:
            typed_text_check(text, key)
        except ValidationError as error:
            self.error(key, " ".join(error.messages))
            return False
        return True

    def _progress(self, value):
        # A line is a new entry beside those the task has, said so where it has some; a line edited keeping its date
        # corrects the entry it was (_corrected), where the sheet says when it was exported.
        stored = [entry for entry in self.entries if isinstance(entry, Progress)]
        if len(progress_cell(progress_line(entry) for entry in stored)) > EXCEL_CELL_MAX:
            # Entries stored before their cell was limited: Excel cut the cell, and its lines would "correct" them.
            self.plan.notices.append(SheetError(self.row.row, _column_name("progress"), _(
                "The task's progress entries are longer than one cell holds: the cell is not read; add or correct "
                "entries on the task's page."
            )))
            return
        have = len(stored)
        if not have:
            note = ""
        elif self.entries_exported is None:
            note = ngettext(
                "a new entry beside the task's %(n)d; an entry is corrected or deleted on the task's page",
                "a new entry beside the task's %(n)d; an entry is corrected or deleted on the task's page", have,
            ) % {"n": have}
        else:
            note = ngettext(
                "a new entry beside the task's %(n)d (a line edited keeping its date corrects that day's entry; entries are deleted on the task's page)",
                "a new entry beside the task's %(n)d (a line edited keeping its date corrects that day's entry; entries are deleted on the task's page)", have,
            ) % {"n": have}
        new = self._corrected(self._new_entries(value), self._days_in_digits(value))
        if self.row.matched:
            new = self._not_kept_already(new)
        for date, text in new:
            if (record := self.deleted.get((date, text.strip()))) is not None:
                self.error("progress", _(
                    "“%(line)s”: this entry was deleted in the ledger by %(user)s at %(when)s; a sheet brings back no "
                    "deleted entry: add it again on the task's page if it is still wanted."
                ) % {"line": f"{date.isoformat()} {text}", **changed_by(record)})
                continue
            if not self._fits("progress", text):
                continue
            self.update.progress.append((date, text))
            self.change("progress", "", f"{date.isoformat()} {text}", note)

    def _days_in_digits(self, line: str) -> str:
        """A day in characters read as digits; a day without its year in the task's plan year
        (deadlines.line_day_in_digits), line by line."""
        return "\n".join(line_day_in_digits(part, self.commitment.plan_year) for part in line.split("\n"))

    def _undated_day(self) -> dt.date:
        """The day of a line without a date: today; in a 台账 kept by hand of a plan year gone by, that year's last day
        (its lines tell that year's work, written down after it)."""
        if self.row.matched and self.commitment.plan_year < self.today.year:
            return dt.date(self.commitment.plan_year, 12, 31)
        return self.today

    def _not_kept_already(self, new):
        """A 台账 kept by hand, uploaded again after an entry was corrected in the ledger, still has the entry as the
        clerk first wrote it: a line of an entry's day that reads like it is that entry, kept as the ledger has it."""
        stored = [entry for entry in self.entries if isinstance(entry, Progress)]
        kept = [
            (date, text) for date, text in new
            if any(entry.date == date and dice(entry.text, text) >= CORRECTION_FLOOR for entry in stored)
        ]
        if kept:
            self.plan.notices.append(SheetError(self.row.row, _column_name("progress"), ngettext(
                "%(n)d line reads like the task's entry of its day: the entry is kept as the ledger has it.",
                "%(n)d lines read like the task's entries of their days: the entries are kept as the ledger has them.",
                len(kept),
            ) % {"n": len(kept)}))
        return [line for line in new if line not in kept]

    def _corrected(self, new, value):
        """The new lines that are no correction. A line is an entry the sheet showed, edited, where the cell no longer
        has that entry (of one line) and either the line keeps its date and reads like it (CORRECTION_FLOOR: a line
        typed in place of one taken out is a new entry) or it says the same on another date: it corrects the entry,
        provided the ledger still has it as the sheet showed it (else the sheet would undo a colleague's correction,
        or bring back a deleted entry). Lines and entries are paired most alike first. Without the export's time, an
        edited line cannot be told from a new one: it is new."""
        if not self.entries_exported:
            return new
        # What the cell says, line by line as written and as (date, text) where a line is dated (2024年5月6日 …).
        written = {line.strip() for line in value.split("\n")}
        dated = {(_line_date(match), match[4].strip()) for line in written if (match := _DATED_LINE.match(line))}
        gone = [
            record for record in self.entries_exported
            if PROGRESS_SEPARATOR not in record.text.strip()
            and progress_line(record).strip() not in written and (record.date, record.text.strip()) not in dated
        ]
        pairs = sorted(
            (
                (1.0 if record.text.strip() == text else dice(record.text, text) if record.date == date else 0.0, index, record)
                for index, (date, text) in enumerate(new)
                for record in gone
            ),
            key=lambda pair: (-pair[0], pair[1], pair[2].history_date),
        )
        current = {entry.pk: entry for entry in self.entries if isinstance(entry, Progress)}
        corrected, taken = {}, set()
        for alike, index, record in pairs:
            if alike >= CORRECTION_FLOOR and index not in corrected and record.id not in taken:
                corrected[index] = record
                taken.add(record.id)
        for index, record in sorted(corrected.items()):
            date, text = new[index]
            entry = current.get(record.id)
            line = f"{date.isoformat()} {text}"
            if entry is None:
                last = Progress.history.filter(id=record.id).select_related("history_user").order_by("-history_date").first()
                self.error("progress", _(
                    "“%(line)s”: the entry it edits (%(entry)s) was deleted in the ledger by %(user)s at %(when)s, after "
                    "this sheet was exported; add it again on the task's page if it is still wanted."
                ) % {"line": line, "entry": progress_line(record), **changed_by(last)})
            elif (entry.date, entry.text) != (record.date, record.text):
                self.error("progress", _(
                    "“%(line)s”: the entry it edits was corrected in the ledger by %(user)s at %(when)s, after this "
                    "sheet was exported (it now reads %(entry)s); correct it on the task's page."
                ) % {"line": line, "entry": progress_line(entry), **last_changed_by(entry)})
            elif self._fits("progress", text):
                self.update.corrections.append((entry, date, text))
                note = _("corrects the entry of that day") if date == entry.date else _("corrects the entry's date")
                self.change("progress", progress_line(entry), line, note)
        for record in gone:
            entry = current.get(record.id)
            if record.id not in taken and entry is not None and (entry.date, entry.text) == (record.date, record.text):
                self.plan.notices.append(SheetError(self.row.row, _column_name("progress"), _(
                    "“%(entry)s” was taken out of the cell: a sheet deletes no entry; entries are deleted on the task's page."
                ) % {"entry": progress_line(entry)}))
        return [line for index, line in enumerate(new) if index not in corrected]

    def _new_entries(self, value):
        """The lines of the cell that are none of the commitment's entries as exported, each a new entry."""
        lines = [line for line in value.split("\n")]
        matched = set()
        # Longest first, so that an entry that is the start of another does not take the other's first line.
        for entry in sorted(self.entries, key=lambda e: len(progress_line(e)), reverse=True):
            wanted = [line.strip() for line in progress_line(entry).split(PROGRESS_SEPARATOR)]
            for start in range(len(lines) - len(wanted) + 1):
                if lines[start : start + len(wanted)] == wanted:
                    del lines[start : start + len(wanted)]
                    matched.add(progress_line(entry))
                    break
        # The entries as the sheet showed them: as exported where the sheet says when, else as they are.
        shown = self.entries_exported if self.entries_exported is not None else self.entries
        for wanted in (
            [line.strip() for line in progress_line(entry).split(PROGRESS_SEPARATOR)]
            for entry in shown if progress_line(entry) not in matched and PROGRESS_SEPARATOR in entry.text.strip()
        ):
            # An entry of several lines edited or taken out in the sheet: its first line and the undated ones after it
            # are that entry, which a sheet neither corrects nor deletes (one line of it would become an entry of its
            # own, dated today).
            if wanted[0] in lines:
                start = end = lines.index(wanted[0])
                end += 1
                while end < len(lines) and lines[end] and not _DATED_LINE.match(lines[end]):
                    end += 1
                del lines[start:end]
            elif self.entries_exported is None:
                continue  # not in the cell, and the sheet says not when it was written: it may be newer than the sheet
            self.plan.notices.append(SheetError(self.row.row, _column_name("progress"), _(
                "“%(entry)s” is an entry of several lines: the sheet's edit of it is left as it is; correct or delete it "
                "on the task's page."
            ) % {"entry": " ".join(wanted)}))
        known = {(e.date, e.text.strip()) for e in self.entries}
        # An undated line is an entry dated the day it was imported: the same sheet imported again, or a line
        # whose text an entry has already, adds nothing.
        texts = {e.text.strip() for e in self.entries}
        found, undated, said_undated, by_month = [], self._undated_day(), False, []
        for written in lines:
            if not written or written.strip() in texts:  # an entry as written before its day was read (九月一日 …)
                continue
            line = self._days_in_digits(written)
            date, text = undated, line
            if match := _DATED_LINE.match(line):
                date = _line_date(match)
                if date is None:
                    self.error("progress", _("“%(line)s”: the date is not a day of the calendar.") % {"line": written})
                    continue
                text = match[4].strip()
                problem = progress_date_problem(date, plan_year=self.commitment.plan_year, today=self.today)
                if problem:
                    self.error("progress", _("“%(line)s”: %(problem)s") % {"line": written, "problem": problem})
                    continue
            elif line in texts:
                continue
            elif (month_end := line_month_end(line, self.commitment.plan_year)) is not None:
                # Dated by its month only: that month's last day (today, for this month's work), its words kept as
                # written, which say the month.
                date, text = min(month_end, self.today), line.strip()
                problem = progress_date_problem(
                    month_end.replace(day=1), plan_year=self.commitment.plan_year, today=self.today
                )
                if problem:
                    self.error("progress", _("“%(line)s”: %(problem)s") % {"line": written, "problem": problem})
                    continue
                by_month.append(written.strip())
            elif _UNREAD_DATE.match(line):
                self.error("progress", _(
                    "“%(line)s”: the line starts with a date that names no one day (a part of the year or of a month, "
                    "a range of months, a year of two digits): write it as 2024-09-01 or 2024年9月1日."
                ) % {"line": written})
                continue
            if not text:
                self.error("progress", _("“%(line)s”: a progress entry needs a text after its date.") % {"line": written})
                continue
            if (date, text) not in found and (date, text) not in known:
                found.append((date, text))
                said_undated |= date == undated and not _DATED_LINE.match(line)
        if by_month:
            self.plan.notices.append(SheetError(self.row.row, _column_name("progress"), _(
                "A line dated by its month only is dated the month's last day (today, for this month), its words kept as "
                "written: %(lines)s. Write a day before a line to give it its own."
            ) % {"lines": "；".join(line.rstrip("。．.") for line in by_month)}))  # the message ends the sentence
        if undated != self.today and said_undated:
            self.plan.notices.append(SheetError(self.row.row, _column_name("progress"), _(
                "A line without a date is dated %(date)s, the last day of the task's plan year: the sheet does not say "
                "when, and the work was of that year. Write a date before a line to give it its own."
            ) % {"date": undated.isoformat()}))
        # Oldest first, so that the entries are stored in the order they happened.
        return sorted(found, key=lambda pair: pair[0])


# Excel's serial numbers of the days from 2000 to 2099.
_EXCEL_DAY = re.compile(r"3[6-9]\d{3}|[4-6]\d{4}|7[0-2]\d{3}")
# A day written in digits only, in any of the ways spreadsheets write one (2024-10-31, 2024/10/31, 2024.10.31).
_DIGIT_DAY = re.compile(r"\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}")


# A status word, then a remark after a comma or the like (未完成，下半年推进; 已完成，提出意见9条).
_WORD_AND_REMARK = re.compile(r"\s*([^，,。；;：:\s]+)\s*[，,。；;：:]\s*(\S.*)", re.S)
# A remark that qualifies the word (完成，仅60%; 已完成：2/3; 已完成，但未验收) or dates what was done (已完成，2024年6月
# 25日会议听取审议: a progress line): the word alone would misread it.
_NOT_A_REMARK = re.compile(r"[%％/／]|[但仅未尚暂]|部分|没有|\d{4}\s*[年.\-/]|\d{1,2}\s*月")


def _status_and_remark(value, statuses: dict) -> tuple[str, str]:
    """(the status word, the remark after it) of a cell that opens with one and a plain remark; (the cell, "")
    otherwise."""
    match = _WORD_AND_REMARK.fullmatch(str(value or ""))
    if match is None or _norm_status(value) in statuses or _NOT_A_REMARK.search(match.group(2)):
        return str(value or ""), ""
    word = match.group(1)
    if _norm_status(word) not in statuses and _norm_status(word) not in _NOT_DONE_WORDS:
        return str(value or ""), ""
    return word, match.group(2).strip()


def _norm_status(value) -> str:
    """A status cell without what the export writes after the status (（逾期）, （不计入）) and without spaces."""
    return re.sub(r"[\s。.，,；;！!]+", "", _MARKS_AFTER_STATUS.sub("", str(value or ""))).lower()


# Labels a status had before (待核验 was pending's, too close to 待人工核验): sheets exported then still import.
_FORMER_LABELS = {"待核验": Status.PENDING}
# The words of a hand-kept 台账's 完成情况 column, as colleagues write them in the sheet (未完成, 未落实 and 推迟 are none:
# at a year's end each may be progress, nothing, late work or a task put off, which a person says; 未完成 and 未落实
# read as 否, below).
_LEDGER_WORDS = {
    "已完成": Status.FULFILLED, "完成": Status.FULFILLED, "已办结": Status.FULFILLED,
    "基本完成": Status.PARTIAL, "部分完成": Status.PARTIAL,
    "进行中": Status.IN_PROGRESS, "正在推进": Status.IN_PROGRESS, "正在进行": Status.IN_PROGRESS,
    "正在推进中": Status.IN_PROGRESS, "持续推进": Status.IN_PROGRESS, "已启动": Status.IN_PROGRESS,
    "未开始": Status.PENDING, "尚未开始": Status.PENDING, "未启动": Status.PENDING, "尚未启动": Status.PENDING,
    "取消": Status.NOT_DONE, "已取消": Status.NOT_DONE, "暂缓": Status.NOT_DONE, "暂缓实施": Status.NOT_DONE,
    # A 是否完成 column's yes, as a word or a tick.
    "是": Status.FULFILLED, "√": Status.FULFILLED, "✓": Status.FULFILLED, "✔": Status.FULFILLED,
}
# A 是否完成 column's no, as a word or a cross, and a clerk's 未完成: not done, with no word of progress, nothing or a task put off
# (_RowPlanner._status).
_NOT_DONE_WORDS = {"否", "×", "✗", "✘", "未完成", "尚未完成", "未落实", "尚未落实"}
# A clerk's own words for an outcome (none of them a status's label): said beside the machine's, a person's confirmation.
_CLERKS_OUTCOMES = {_norm_status(word) for word, status in _LEDGER_WORDS.items() if status in DECIDED}


def _status_words() -> dict[str, str]:
    """A status as a sheet may write it: its code, or its label in Chinese or English (or a former label, or a
    hand-kept 台账's word for it)."""
    words = {_norm_status(label): value for label, value in {**_FORMER_LABELS, **_LEDGER_WORDS}.items()}
    for said in in_every_language(NOT_JUDGED):  # a general sentence's, as the export writes it
        words[_norm_status(said)] = Status.PENDING
    for value, label in Status.choices:
        words[_norm_status(value)] = value
        for said in in_every_language(label):
            words[_norm_status(said)] = value
    return words


# Applying


def sheet_apply(
    rows: list[SheetRow], *, user, body=None, expected: str | None = None, today=None, exported_at=None, name: str = "",
    aliases: dict[str, int] | None = None,
) -> SheetPlan:
    """Plan the rows against the ledger as it is now and apply the plan, in one transaction.

    With ``expected`` (a preview's fingerprint), nothing is applied when the plan is no longer the one
    previewed (the ledger changed meanwhile): the plan comes back with ``stale`` set, to be shown again.
    Raises SheetRefused, applying nothing, when the rows have errors."""
    with transaction.atomic():
        # The rows' tasks locked before they are read for the plan: what the plan (and a preview's fingerprint) saw
        # is what is written over.
        commitments_lock(Commitment.objects.filter(pk__in=[row.id for row in rows]))
        plan = sheet_plan(rows, body=body, today=today, exported_at=exported_at, aliases=aliases)
        if plan.errors:
            raise SheetRefused(plan.errors)
        if expected is not None and plan.fingerprint != expected:
            plan.stale = True
            return plan
        reason = _(_IMPORT_REASONS[0]) % {"name": name} if name else _(_IMPORT_REASONS[1])
        # The units the plan names anew, of the rows' bodies: those there after the import and not before it created.
        named = Unit.objects.filter(body__in={update.commitment.report.body_id for update in plan.updates}, name__in=plan.new_units)
        before = set(named.values_list("pk", flat=True))
        tasks = [_apply(update, user=user, reason=reason) for update in plan.updates]
        units = Unit.objects.in_bulk(plan.aliases.values())
        aliases = [unit_other_name_add(unit=units[pk], name=alias) for alias, pk in plan.aliases.items()]  # read so next time too
        aliases = [alias.pk for alias in aliases if alias is not None]
        if tasks or aliases:  # what each task was before and after, for the import to be undone as a whole (sheet_undo)
            added = {"units": sorted(set(named.values_list("pk", flat=True)) - before), "aliases": aliases}
            plan.record = SheetImport.objects.create(name=name[:255], user=user, tasks=tasks, added=added)
        plan.applied = True
        return plan


def _apply(update: _Update, *, user, reason: str) -> dict:
    """Apply one row's update; returns what the task was before and after it (SheetImport.tasks)."""
    commitment = update.commitment
    done = {"id": commitment.pk, "task": commitment.task, "before": columns(commitment), "added": [], "corrected": []}
    try:
        if update.ledger:
            units = {key: update.ledger[key] for key in ("lead_unit", "partner_units") if key in update.ledger}
            ledger = {**update.ledger, **units_named(body=commitment.report.body, **units)}
            commitment_ledger_update(commitment=commitment, user=user, reason=reason, **ledger)
        if update.status is not None:
            status, note = update.status
            commitment_set_status(commitment=commitment, status=status, user=user, note=note, reason=reason)
        for entry, date, text in update.corrections:
            was = entry_of(entry)
            progress_update(entry=entry, user=user, text=text, date=date, version=progress_version(entry), reason=reason)
            entry.refresh_from_db()
            done["corrected"].append({**was, "new_date": entry.date.isoformat(), "new_text": entry.text})
        for date, text in update.progress:
            done["added"].append(entry_of(progress_add(commitment=commitment, user=user, text=text, date=date, reason=reason)))
    except ValidationError as error:
        raise SheetRefused([SheetError(update.row, "", " ".join(error.messages))]) from error
    return {**done, "after": columns(commitment)}


def ledger_import(
    data: bytes, *, name: str = "", user, body=None, report: Report | None = None, dry_run: bool = True, today=None,
    accept: Collection[int] = (),
) -> SheetPlan:
    """Read an edited 台账 and plan it (``dry_run``) or apply it. A plan with errors is never applied. With ``report``,
    a 台账 kept by hand without the ID column is matched to that report's tasks (its rows are of its body only);
    ``accept`` names the rows left out whose suggested task a person accepts (plan.suggested of a dry run)."""
    sheet = sheet_read(data, name=name, report=report)
    rows, errors = sheet.rows, sheet.errors
    if any(error.row is None for error in errors):
        return SheetPlan(rows=rows, errors=errors)
    if report is not None and body is not None and report.body_id != body.pk:
        return SheetPlan(rows=rows, errors=[_file_error(
            _("%(report)s is a report of %(other)s, not of %(body)s: choose one or the other.")
            % {"report": report, "other": report.body, "body": body}
        )])
    suggested, matches, notices = sheet.suggested, sheet.matches, sheet.notices
    if suggested:
        # Only a row whose cells the ledger can take is offered: a ticked row with an error would block the import.
        unfit_errors = sheet_plan(suggested, body=body, report=report, today=today).errors
        unfit = {error.row for error in unfit_errors}
        suggested = [row for row in suggested if row.row not in unfit]
        for match in (match for match in matches if match.row in unfit):
            # Not offered after all: its notice says to record it on the task's page, not to tick it.
            offered, plain = _unmatched(match, report), _unmatched(replace(match, suggested=None), report)
            notices = [replace(notice, message=plain) if (notice.row, notice.message) == (match.row, offered) else notice
                       for notice in notices]
        # And why, where it could be mended in the sheet (a progress line with no readable day): it was not said.
        notices += [
            replace(error, message=_("Not offered to tick (task %(ordinal)s) until this is corrected: %(error)s") % {
                "ordinal": next((m.ordinal for m in matches if m.row == error.row), "?"), "error": error.message,
            })
            for error in unfit_errors
        ]
    if accept:
        offered = {row.row for row in suggested}
        if not_offered := sorted(set(accept) - offered):
            return SheetPlan(rows=rows, errors=[SheetError(number, "", _(
                "The row was offered no task to accept: only a row left out with a task suggested (the dry run's "
                "“suggested”) can be accepted."
            )) for number in not_offered])
        rows, suggested, matches, notices = suggestions_accepted(
            accept, rows=rows, suggested=suggested, matches=matches, notices=notices
        )
    plan = sheet_plan(rows, body=body, report=report, today=today, exported_at=sheet.exported_at)
    plan.matches, plan.read_notices, plan.suggested, plan.headings = matches, notices, suggested, sheet.headings
    # Errors of reading (a row without an ID, an ID twice) and of comparing, in the order of the rows.
    plan.errors = sorted(errors + plan.errors, key=lambda error: error.row or 0)
    plan.notices = notices + plan.notices
    if dry_run or plan.errors:
        return plan.as_named()
    try:
        applied = sheet_apply(rows, user=user, body=body, today=today, exported_at=sheet.exported_at, name=name)
    except SheetRefused as refused:
        return SheetPlan(rows=rows, errors=refused.errors, headings=sheet.headings).as_named()
    applied.notices = notices + applied.notices
    applied.matches = matches
    if report is not None:
        pairings_remember(report, matches, user)  # the rows a person paired: paired so at the next import
    return applied


_ROW_NUMBER = re.compile(r"[0-9]{1,9}")


def sheet_rows_named(values) -> set[int] | None:
    """The sheet's row numbers a person named (5,7 or one a value), ASCII digits only; None when one is no row number
    (a ² is a digit to Python, and int() refuses it)."""
    parts = [part.strip() for value in values for part in str(value).split(",") if part.strip()]
    if not parts or not all(_ROW_NUMBER.fullmatch(part) for part in parts):
        return None
    return {int(part) for part in parts}


def suggestions_accepted(
    accepted: Collection[int], *, rows: list[SheetRow], suggested: list[SheetRow], matches: list[RowMatch],
    notices: list[SheetError],
) -> tuple[list[SheetRow], list[SheetRow], list[RowMatch], list[SheetError]]:
    """A sheet kept by hand, with the rows (their numbers) whose suggested task a person accepted: those rows join the
    rows matched by their words (their matches marked accepted), the others stay offered, and what reading said of
    the accepted rows (left out, like another task) is said no more. Returns rows, suggested, matches, notices."""
    taken = {row.id for row in rows}
    chosen = [row for row in suggested if row.row in accepted and row.id not in taken]
    chosen_rows = {row.row for row in chosen}
    return (
        [*rows, *chosen],
        [row for row in suggested if row.row not in chosen_rows],
        [
            replace(match, id=match.suggested, left="", accepted=True) if match.row in chosen_rows and match.id is None
            else match
            for match in matches
        ],
        [notice for notice in notices if notice.row not in chosen_rows],
    )
