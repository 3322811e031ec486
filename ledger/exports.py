"""The ledger (台账) as staff keep it: a title row, a header row, one row per commitment, as CSV or Excel.

The API, the admin and the export command export through here, so all give the same file; the sheet import
(services/ledger_import.py) reads the same columns back. The 台账 is a Chinese document whatever the language
of the page it is asked from: callers render it under LEDGER_LANGUAGE.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _, gettext_lazy, pgettext_lazy

from .messages import MINUTE, person_name
from .models import Commitment, Evidence, PartnerUnit, Progress, Status, Unit
from .numbers import MAX_BIGINT
from .parts import part_label
from .rules import NOT_JUDGED_RULE
from .widths import wide_count
from .selectors import (
    NOT_ASSESSED, SUMMARY_STATUSES, UnitSummary, decisive_evidence, is_confirmed, is_overdue, lead_unit_summary,
    passage_against_person, plan_year_over_q, status_decision, usable_evidence,
)

_BATCH = 2000
LEDGER_LANGUAGE = "zh-hans"
# A cell starting with one of these is run as a formula by spreadsheets opening a CSV (formula injection:
# a report's text is input from outside). Such a value is written behind the usual apostrophe in CSV and
# as a typed string cell, never a formula, in the workbook.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Progress entries in one cell: newest first, one a line, each "YYYY-MM-DD 文本".
PROGRESS_SEPARATOR = "\n"
# What one cell of a workbook holds; Excel cuts the rest.
EXCEL_CELL_MAX = 32_767
UNIT_SEPARATOR = "、"
EXPORT_CREATOR = "commitment-ledger"
# After the status of a general sentence (the import reads the status without it).
NOT_COUNTED = gettext_lazy(" (not counted)")
# The status of a general sentence whose review is in: the machine neither links nor judges it (status.not_judged),
# and 待回顾 would say it waits for something. The import reads it as pending.
NOT_JUDGED = gettext_lazy("not judged (general direction)")
EXPORTED_AT = "ledger-exported-at"  # custom document property: the export's time to the microsecond


@dataclass(frozen=True)
class Column:
    key: str
    heading: object  # lazy: the heading in the active language
    width: int  # characters, in the workbook
    staff: bool = False  # a column the sheet import takes back


# The 台账 columns, in order. The ID column is what the import matches rows on.
COLUMNS = (
    Column("id", pgettext_lazy("ledger sheet", "ID"), 7),
    # Whose report and which year: a sheet of several bodies or years tells its rows apart.
    Column("body", pgettext_lazy("ledger sheet", "Body"), 20),
    Column("year", pgettext_lazy("ledger sheet", "Year"), 6),
    Column("ordinal", pgettext_lazy("ledger sheet", "No."), 6),
    Column("part", pgettext_lazy("ledger sheet", "Part"), 14),
    Column("task", pgettext_lazy("ledger sheet", "Task"), 48),
    Column("lead_unit", pgettext_lazy("ledger sheet", "Lead unit"), 16, staff=True),
    Column("partner_units", pgettext_lazy("ledger sheet", "Partner units"), 18, staff=True),
    Column("due", pgettext_lazy("ledger sheet", "Deadline"), 12, staff=True),
    Column("progress", pgettext_lazy("ledger sheet", "Progress"), 40, staff=True),
    Column("status", pgettext_lazy("ledger sheet", "Status"), 14, staff=True),
    Column("status_note", pgettext_lazy("ledger sheet", "Status note"), 24, staff=True),
    # Whether a person confirmed the status or it is the machine's reading (and not counted for general rows).
    Column("decided_by", pgettext_lazy("ledger sheet", "Decided by"), 12),
    Column("evidence", pgettext_lazy("ledger sheet", "Evidence"), 40),
    Column("verified_by", pgettext_lazy("ledger sheet", "Verified by"), 10),
    Column("verified_at", pgettext_lazy("ledger sheet", "Verified at"), 17),
)
COLUMN_KEYS = [column.key for column in COLUMNS]
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}


def headers() -> list[str]:
    return [str(column.heading) for column in COLUMNS]


def neutralised(value):
    """``value`` made safe for a CSV cell: a text that a spreadsheet would run gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def status_text(commitment: Commitment) -> str:
    """The status as staff read it: its label; for a sentence of general direction, which no rate counts, with
    （不计入）, and 不判定（一般性部署） once its review is in and no person recorded a status."""
    label = str(Status(commitment.status).label)
    if commitment.testable:
        return label
    if commitment.status == Status.PENDING and commitment.status_rule == NOT_JUDGED_RULE:
        return str(NOT_JUDGED)
    return label + str(NOT_COUNTED)


def status_label(commitment: Commitment, today=None) -> str:
    """The status as the sheet shows it: status_text, with （逾期） when the deadline has passed."""
    text = status_text(commitment)
    return overdue_label(text) if is_overdue(commitment, today) else text


def _general_direction() -> tuple[str, str]:
    """decided_by of a sentence of general direction, confirmed by a person or not."""
    return _("confirmed by a person, general direction, not counted"), _("general direction, not counted")


def decided_by(commitment: Commitment) -> str:
    """Who decided the status: a person, or the machine alone (a general sentence's is counted nowhere, and the
    machine gives it none)."""
    if not commitment.testable:
        return _general_direction()[0 if is_confirmed(commitment) else 1]
    if commitment.status in (Status.PENDING, Status.IN_PROGRESS) and not is_confirmed(commitment):
        return ""
    return _("confirmed by a person") if is_confirmed(commitment) else _("the machine's reading")


def overdue_label(label: str) -> str:
    return _("%(status)s (overdue)") % {"status": label}


def progress_line(entry: Progress) -> str:
    return f"{entry.date.isoformat()} {entry.text}"


def progress_cell(lines) -> str:
    """A task's progress lines as its one 台账 cell holds them."""
    return PROGRESS_SEPARATOR.join(lines)


def too_many_rows(queryset: QuerySet) -> str:
    """Why an export of ``queryset`` is refused (more rows than LEDGER_EXPORT_MAX_ROWS), or ""."""
    limit = settings.LEDGER_EXPORT_MAX_ROWS
    return _("More than %(limit)d rows: narrow the filters.") % {"limit": limit} if queryset.count() > limit else ""


def against_person(passage: Evidence | None, commitment: Commitment) -> str:
    """What a list, the print and the 台账 say before a passage of the machine's that reads otherwise than the
    status a person set (it is no ground of that status), "" where the status rests on it."""
    if not passage_against_person(commitment, passage):
        return ""
    return _("Set by a person; the review's passage reads as %(verdict)s") % {"verdict": passage.get_verdict_display()}


def evidence_cell(passage: Evidence | None, commitment: Commitment | None = None) -> str:
    """The passage a status rests on, said to be gone where a replace took it out of the report's text, and said to be
    no ground of a person's status it reads otherwise than (against_person)."""
    if passage is None:
        return ""
    text = passage.text if passage.in_text else passage.text + _(" (no longer in the report's text)")
    if passage.note:  # why a person confirmed it so (or added it): for the meeting, the reason is the point
        text += _(" (note: %(note)s)") % {"note": passage.note}
    said = against_person(passage, commitment) if commitment is not None else ""
    return _("%(said)s: %(text)s") % {"said": said, "text": text} if said else text


def due_text(commitment: Commitment) -> str:
    return commitment.due_label or (commitment.due.isoformat() if commitment.due else "")


def ledger_queryset(queryset: QuerySet, *, ordered: bool = False) -> QuerySet:
    """The commitments with what their rows need through joins, in each report's own order (``ordered``: in the
    queryset's, which a reader asked for)."""
    queryset = queryset.select_related("report__body", "status_decided_by", "lead_unit").defer(
        # select_related repeats the report on every row: leave its texts out.
        "report__raw_text", "report__text", "report__provenance", "report__notices"
    )
    return queryset if ordered else queryset.order_by("report__body__name", "report__year", "report__kind", "report_id", "ordinal")


def ledger_rows(queryset: QuerySet, today=None, *, names: bool = True, ordered: bool = False) -> Iterator[list]:
    """The 台账's rows; without ``names`` (an anonymous reader's), who verified a row is left blank, its time kept."""
    today = today or timezone.localdate()
    for batch in in_batches(ledger_queryset(queryset, ordered=ordered).iterator(chunk_size=_BATCH), _BATCH):
        evidence, progress, partners = _related([commitment.pk for commitment in batch])
        for commitment in batch:
            passages = evidence.get(commitment.pk, [])
            best = decisive_evidence(passages)
            verifier, verified_at = _verification(commitment, passages)
            yield [
                commitment.pk,
                commitment.report.body.name,
                commitment.plan_year,
                commitment.ordinal,
                part_label(commitment.part, commitment.part_heading),
                commitment.task,
                commitment.lead_unit.name if commitment.lead_unit else "",
                UNIT_SEPARATOR.join(partners.get(commitment.pk, [])),
                due_text(commitment),
                progress_cell(progress_line(entry) for entry in progress.get(commitment.pk, [])),
                status_label(commitment, today),
                commitment.status_note,
                decided_by(commitment),
                evidence_cell(best, commitment),
                verifier if names else "",
                _local_minute_value(verified_at),
            ]


def _local_minute_value(moment) -> dt.datetime | str:
    """A time as a sheet's cell holds it: local, to the minute, without its zone (a workbook's date cell sorts and
    filters as a date; the CSV writes it as local_minute does); "" for none."""
    if moment is None:
        return ""
    return timezone.localtime(moment).replace(tzinfo=None, second=0, microsecond=0)


def in_batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _related(ids: list[int]) -> tuple[dict, dict, dict]:
    """A batch's usable evidence, progress (newest first) and partner unit names, by commitment id: one query
    each, grouped here (prefetch_related builds a queryset per commitment and relation to attach them, which
    costs more than the rows)."""
    evidence, progress, partners = {}, {}, {}
    # In the lists' order (-score, start), so that a tie is broken as the admin and the API break it.
    for passage in usable_evidence().filter(commitment_id__in=ids).order_by("-score", "start", "pk"):
        evidence.setdefault(passage.commitment_id, []).append(passage)
    entries = Progress.objects.filter(commitment_id__in=ids).order_by("-date", "-created_at", "-pk")
    for entry in entries:
        progress.setdefault(entry.commitment_id, []).append(entry)
    links = PartnerUnit.objects.filter(commitment_id__in=ids).order_by("position", "id")  # in the order staff wrote them
    for commitment_id, name in links.values_list("commitment_id", "unit__name"):
        partners.setdefault(commitment_id, []).append(name)
    return evidence, progress, partners


def _verification(commitment: Commitment, evidence: list[Evidence]):
    """Who verified the commitment, and when: who decided its status (as its page says), else who last decided on
    one of its passages (a passage confirmed beside a status still the machine's)."""
    by, at = status_decision(commitment, evidence)
    if at is None:
        decisions = [(e.decided_at, e.decided_by) for e in evidence if e.decided_at is not None]
        if decisions:
            at, by = max(decisions, key=lambda pair: pair[0])
    return person_name(by), at


# The title and the file name


def ledger_title(queryset: QuerySet, unit: Unit | None = None) -> str:
    """What the sheet holds: 重庆市大足区人大常委会2024年工作任务台账; several bodies or years named as such; the lead
    unit it was filtered to (``unit``), named."""
    pairs = set(queryset.order_by().values_list("report__body__name", "report__year").distinct())
    if not pairs:
        return _("Task ledger")
    bodies = sorted({body for body, _year in pairs})
    years = _years(sorted({year for _body, year in pairs}))
    if len(bodies) == 1:
        title = _("%(body)s %(years)s task ledger") % {"body": bodies[0], "years": years}
    else:
        title = _("%(body)s and other bodies (%(count)d in all): %(years)s task ledger") % {
            "body": bodies[0], "count": len(bodies), "years": years,
        }
    if unit is not None:
        title += _(" (lead unit: %(unit)s)") % {"unit": unit.name}
    # A filtered sheet says so: under the title of the whole ledger, its rows would pass for all the tasks. It counts
    # the tasks to follow as the report's page does, the sentences of general direction (in no count) apart.
    shown = _testable_and_general(queryset)
    whole = _testable_and_general(Commitment.objects.filter(report__in=queryset.order_by().values("report_id")))
    if sum(shown) < sum(whole):
        figures = {"shown": shown[0], "whole": whole[0], "general": shown[1], "general_whole": whole[1]}
        if shown[1]:
            title += _(
                " (filtered: %(shown)d of %(whole)d tasks to follow, and %(general)d of %(general_whole)d sentences of "
                "general direction, not counted)"
            ) % figures
        else:
            title += _(" (filtered: %(shown)d of %(whole)d tasks to follow)") % figures
    return title


def unit_filtered(value) -> Unit | None:
    """The unit a ``lead_unit`` parameter of the list or the API filters the rows to (its id), to name in the title:
    read as the API's filter reads it (an integer field: " 1" is 1), else the title would not name the unit
    the rows are of."""
    from django import forms
    from django.core.exceptions import ValidationError

    try:
        pk = forms.IntegerField(min_value=1, max_value=MAX_BIGINT, required=False).clean(value)
    except ValidationError:
        return None
    return Unit.objects.filter(pk=pk).first() if pk is not None else None


def _testable_and_general(queryset: QuerySet) -> tuple[int, int]:
    """How many rows are tasks to follow, and how many sentences of general direction."""
    counts = queryset.order_by().aggregate(testable=Count("id", filter=Q(testable=True)), every=Count("id"))
    return counts["testable"], counts["every"] - counts["testable"]


def _years(years: list[int]) -> str:
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}—{years[-1]}"
    return UNIT_SEPARATOR.join(str(year) for year in years)


_UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def filename(title: str, fmt: str) -> str:
    return f"{_UNSAFE_IN_NAMES.sub('_', title).strip() or 'ledger'}.{fmt}"


def content_disposition(name: str) -> str:
    """An attachment named ``name``: an ASCII fallback, and the real name in RFC 5987's filename*."""
    fallback = name if name.isascii() else "ledger." + name.rsplit(".", 1)[-1]
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


# The files


def to_csv(rows: Iterable[list], *, title: str) -> Iterator[str]:
    """CSV lines with a BOM first, so that Excel opens the Chinese text as UTF-8: the title (and beside it when the
    ledger wrote the file, as the workbook's properties keep it: an import reads an old sheet against the ledger
    then), the header, rows."""
    yield "\ufeff"
    # Local time as staff read it, to the minute; beside it, to the microsecond with its offset, the time the import
    # reads back (ledger_import).
    now = timezone.localtime()
    exported = [_("exported at %(time)s") % {"time": now.strftime(MINUTE)}, now.isoformat()]
    rows = _with_header(rows, title)
    yield from csv_lines(
        [neutralised(_csv_value(value)) for value in ([*row, *exported] if index == 0 else row)] for index, row in enumerate(rows)
    )


def _csv_value(value):
    return value.strftime(MINUTE) if isinstance(value, dt.datetime) else value


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    """Each row as one CSV line, as it is written (a stream of rows is never held whole)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)


def _with_header(rows: Iterable[list], title: str) -> Iterator[list]:
    yield [title]
    yield headers()
    yield from rows


TITLE_ROW, HEADER_ROW = 1, 2


def to_xlsx(
    rows: Iterable[list], *, title: str, units: UnitSummary | None = None, year_over: frozenset[int] = frozenset()
) -> bytes:
    """The workbook, set up to print: landscape A4, fit to the page width, title and header on every page; with
    ``units``, a second sheet of the tasks by lead unit (unit_sheet). ``year_over``: the IDs of the tasks whose year is
    over (selectors.plan_year_over), whose 状态 drop-down leaves out 推进中 and 待回顾, which the import refuses them."""
    # Imported here: openpyxl is a tenth of a second of every command's start-up otherwise.
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    # Who wrote the workbook and when (UTC, as the format keeps it; Excel keeps both when staff save it): the
    # import tells staff about rows changed in the ledger after the export.
    from openpyxl.packaging.custom import StringProperty

    now = timezone.now().astimezone(dt.timezone.utc)
    workbook.properties.creator = EXPORT_CREATOR
    workbook.properties.created = now.replace(tzinfo=None)
    # The format keeps whole seconds only: a change made in the second of the export would look later than it.
    workbook.custom_doc_props.append(StringProperty(name=EXPORTED_AT, value=now.isoformat()))
    workbook.properties.title = title
    sheet = workbook.active
    sheet.title = _("Ledger")
    last = get_column_letter(len(COLUMNS))
    _title_row(sheet, title, last)
    sheet.append(headers())
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        cell.alignment = Alignment(vertical="center", horizontal="center", wrap_text=True)
        cell.border = border
    wrapped = Alignment(wrap_text=True, vertical="top")
    # A body cell's style, registered once and named on each (setting alignment and border cell by cell was half the
    # export's time).
    text_style = NamedStyle("ledger_cell", alignment=wrapped, border=border)
    time_style = NamedStyle("ledger_time", alignment=wrapped, border=border, number_format="yyyy-mm-dd hh:mm")
    for style in (text_style, time_style):
        workbook.add_named_style(style)
    widths = [column.width for column in COLUMNS]
    shown = [index for index, column in enumerate(COLUMNS) if column.key not in FOLDED]
    _fit_height(sheet, HEADER_ROW, _lines_of(headers(), widths, shown))
    number = HEADER_ROW
    rows_seen = set()  # (body, year) of the rows
    heights = []  # (row, lines its shown columns take, lines its body and year take): set once the folds are known
    # The sentences of general direction, which no rate counts, are folded as the bookkeeping columns are (a "+" shows
    # them): on paper a third of a report's rows were these, among the tasks to follow. The import reads them.
    general, said_general = [], set(_general_direction())
    over = []  # the rows of tasks whose year is over
    for row in rows:
        number += 1  # counted here: sheet.max_row scans every cell, which made a long export quadratic
        if row[ID] in year_over:
            over.append(number)
        if row[DECIDED_BY] in said_general:
            general.append(number)
        heights.append((number, _lines_of(row, widths, shown), _lines_of(row, widths, (BODY, YEAR))))
        rows_seen.add((row[BODY], row[YEAR]))
        for column, value in enumerate(row, start=1):
            # Control characters (a pasted note, an API client's text) are not allowed in the file's XML: dropped.
            cell = sheet.cell(number, column, ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value)
            # openpyxl stores a text starting with "=" as a formula: every text is a string cell here.
            if isinstance(cell.value, str):
                cell.data_type = "s"
            cell.style = "ledger_time" if isinstance(cell.value, dt.datetime) else "ledger_cell"
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    one_report = _collapse_bookkeeping(sheet, rows_seen)
    for first, last_row in _runs(general):
        sheet.row_dimensions.group(first, last_row, hidden=True, outline_level=1)
    # The outline's depths, which Excel reads to draw the +/- buttons of the folded columns and rows: openpyxl writes the
    # columns' from max_outline, known only once it has written them (after the format: none was written).
    sheet.column_dimensions.max_outline = 1
    sheet.sheet_format.outlineLevelRow = 1 if general else 0
    for row_number, lines, report_lines in heights:
        # A folded column shows nothing: its text makes no row taller.
        _fit_height(sheet, row_number, lines if one_report else max(lines, report_lines))
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{number}"
    if number > HEADER_ROW:
        status = get_column_letter(COLUMN_KEYS.index("status") + 1)
        ranges = {True: [], False: []}  # year over → the status cells' runs of rows
        position = HEADER_ROW + 1
        for first, last_row in _runs(over):
            if first > position:
                ranges[False].append(f"{status}{position}:{status}{first - 1}")
            ranges[True].append(f"{status}{first}:{status}{last_row}")
            position = last_row + 1
        if position <= number:
            ranges[False].append(f"{status}{position}:{status}{number}")
        for year_is_over, cells in ranges.items():
            if cells:
                sheet.add_data_validation(_status_choices(cells, year_over=year_is_over))
    # Printed, each page says when its figures were taken, as the printed 台账 does.
    as_of = _("as of %(at)s") % {"at": date_format(timezone.localtime(now), "Y-m-d H:i")}
    _print_setup(sheet, as_of)
    if units is not None:
        _unit_sheet(workbook.create_sheet(str(UNIT_SHEET)), title, units, border, as_of)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _status_choices(cells: list[str], *, year_over: bool):
    """The 状态 column's drop-down of the statuses a person may give the tasks of these cells (a word typed that is
    none, 未完成, failed only at the upload; 推进中 and 待回顾 once a task's year is over, as the import refuses them);
    a word of its own (是, 已完成 …) is still taken, as the import reads it."""
    from openpyxl.worksheet.datavalidation import DataValidation

    labels = [label for value, label in Status.choices if not (year_over and value in NOT_ASSESSED)]
    choices = DataValidation(
        type="list", formula1='"' + ",".join(str(label) for label in labels) + '"', allow_blank=True,
        showErrorMessage=False, showInputMessage=True,
        promptTitle=str(COLUMNS_BY_KEY["status"].heading), prompt=_("Choose a status, or write a 台账's word for one (是, 已完成 …)."),
    )
    for run in cells:
        choices.add(run)
    return choices


# The workbook's second sheet: the sheet's tasks by lead unit, as the report's page and its print count them. The
# import reads the sheet with the ID column and never this one.
UNIT_SHEET = gettext_lazy("By lead unit")


def unit_rows(units: UnitSummary) -> tuple[list[str], list[list]]:
    """The header and rows of the table by lead unit (selectors.lead_unit_summary): a row per unit, the tasks with no
    lead unit last, then the total; a sheet of several bodies names each unit's body."""
    several = units.bodies > 1
    header = [
        *([str(COLUMNS_BY_KEY["body"].heading)] if several else []), str(COLUMNS_BY_KEY["lead_unit"].heading),
        _("tasks to follow"), *(str(Status(status).label) for status in SUMMARY_STATUSES), _("overdue"),
        _("decided"), _("of which confirmed by a person"), units.total.follow_through.rate_heading,
    ]
    rows = []
    for row in [*units.rows, units.total]:
        label, body = (_("all"), "") if row is units.total else (row.label, row.body)
        rows.append([*([body] if several else []), label, *row.figures(), *row.rate_figures()])
    return header, rows


def _unit_sheet(sheet, title: str, units: UnitSummary, border, as_of: str) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header, rows = unit_rows(units)
    last = get_column_letter(len(header))
    _title_row(sheet, title, last)
    sheet.append(header)
    for number, row in enumerate(rows, start=HEADER_ROW + 1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(number, column, ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a unit's name is never a formula
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = border
    for cell in [*sheet[HEADER_ROW], *sheet[HEADER_ROW + len(rows)]]:  # the header and the total
        cell.font = Font(bold=True)
    for cell in sheet[HEADER_ROW]:
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        cell.alignment = Alignment(vertical="center", horizontal="center", wrap_text=True)
    names = len(header) - len(SUMMARY_STATUSES) - 5  # the body and unit columns
    widths = [24 if index <= names else 10 for index in range(1, len(header) + 1)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, values in enumerate([header, *rows], start=HEADER_ROW):
        _fit_height(sheet, number, _lines_of(values, widths, range(len(values))))
    for (cell,) in sheet.iter_rows(min_row=HEADER_ROW + 1, min_col=len(header), max_col=len(header)):
        if cell.value is None:
            cell.value = "—"  # nothing decided: no rate
        else:
            cell.number_format = "0.0%"
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    _print_setup(sheet, as_of)


# Columns for the import and the record, not for reading on paper: folded (an outline group, collapsed: a "+" above
# them shows them), so the 台账 prints at a size one can read. The body and the year are folded where the title names
# them (one report's rows). Who decided a status (判定来源) is printed: on paper a machine's 已落实 read as a person's.
BOOKKEEPING = ("id", "verified_by", "verified_at")
ONE_REPORT = ("body", "year")
BODY, YEAR = (COLUMN_KEYS.index(key) for key in ONE_REPORT)
DECIDED_BY = COLUMN_KEYS.index("decided_by")
ID = COLUMN_KEYS.index("id")


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Ascending numbers as (first, last) of each run of consecutive ones."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs
FOLDED = BOOKKEEPING + ONE_REPORT  # every column that may be folded


def _collapse_bookkeeping(sheet, reports: set) -> bool:
    """Fold the bookkeeping columns, and the body and year where the rows are of one report (returned)."""
    from openpyxl.utils import get_column_letter

    one_report = len(reports) <= 1
    for key in BOOKKEEPING + (ONE_REPORT if one_report else ()):
        letter = get_column_letter(COLUMN_KEYS.index(key) + 1)
        sheet.column_dimensions.group(letter, letter, hidden=True, outline_level=1)
    return one_report


# Wrapped text's lines, for row heights: a spreadsheet that keeps a row's height as stored (LibreOffice does) drew a
# long task over the rows below it. A wide (CJK) character takes about two of a column's character widths (about 2 in
# Excel's Chinese default font by its metrics, 1.6 as LibreOffice drew it here): counted as 2.2, and a line as 16
# points, a row is never too short to show its text in either; a little room to spare is the price.
LINE_HEIGHT = 16  # points: one line of the default 11-point font, with room for a CJK fallback font
MAX_ROW_HEIGHT = 409


def _lines(value, width: int) -> int:
    """How many lines ``value`` takes wrapped in a column ``width`` characters wide (a character's width of margin)."""
    if not isinstance(value, str) or not value:
        return 1
    room = max(1, width - 1)
    return sum(max(1, math.ceil((len(line) + 1.2 * wide_count(line)) / room)) for line in value.split("\n"))


def _lines_of(values, widths, columns) -> int:
    """The lines the most wrapped of the ``columns`` (indexes) of a row takes."""
    return max((_lines(values[index], widths[index]) for index in columns), default=1)


def _fit_height(sheet, number: int, lines: int) -> None:
    """Row ``number`` as tall as ``lines`` (a row of one line keeps the default height)."""
    if lines > 1:
        # A spreadsheet's row is at most 409 points high: a taller one was read as a sliver and printed over the next.
        sheet.row_dimensions[number].height = min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines)


def _print_setup(sheet, as_of: str) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.print_title_rows = f"{TITLE_ROW}:{HEADER_ROW}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = _("Page &P of &N")
    sheet.oddHeader.right.text = as_of


FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def write(queryset: QuerySet, fmt: str) -> tuple[str, bytes, int]:
    """(title, the file's bytes, how many rows) of a commitment queryset: what the export command writes."""
    with translation.override(LEDGER_LANGUAGE):
        title = ledger_title(queryset)
        rows = list(ledger_rows(queryset))
        if fmt == "xlsx":
            data = to_xlsx(rows, title=title, units=lead_unit_summary(queryset), year_over=_year_over(queryset))
        else:
            data = "".join(to_csv(rows, title=title)).encode("utf-8")
    return title, data, len(rows)


def response(
    queryset: QuerySet, fmt: str, *, names: bool = True, unit: Unit | None = None, ordered: bool = False
) -> HttpResponse:
    """The 台账 file of a commitment queryset, as the API and the admin send it (``names``, ``ordered``: see
    ledger_rows, ledger_queryset; ``unit``: the lead unit the rows were filtered to, named in the title)."""
    with translation.override(LEDGER_LANGUAGE):
        title = ledger_title(queryset, unit)
        rows = ledger_rows(queryset, names=names, ordered=ordered)
        if fmt == "csv":
            # Rows are produced as the response is sent, after this block: keep the language for the stream.
            body = StreamingHttpResponse(_in_ledger_language(to_csv(rows, title=title)), content_type=FORMATS[fmt])
        else:
            data = to_xlsx(rows, title=title, units=lead_unit_summary(queryset), year_over=_year_over(queryset))
            body = HttpResponse(data, content_type=FORMATS[fmt])
    body["Content-Disposition"] = content_disposition(filename(title, fmt))
    return body


def _year_over(queryset: QuerySet) -> frozenset[int]:
    """The IDs of the queryset's tasks whose year is over (selectors.plan_year_over)."""
    return frozenset(queryset.filter(plan_year_over_q()).order_by().values_list("pk", flat=True))


def _in_ledger_language(lines):
    with translation.override(LEDGER_LANGUAGE):
        yield from lines


def _title_row(sheet, title: str, last: str) -> None:
    """A sheet's first row: its title, bold and centred across the columns up to ``last``."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", title)])
    sheet.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    sheet.cell(TITLE_ROW, 1).font = Font(bold=True, size=14)
    sheet.cell(TITLE_ROW, 1).alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[TITLE_ROW].height = 28
