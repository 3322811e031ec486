"""The 台账 sheet both ways: the export in the 台账 layout (title, ID column, the staff columns, print setup, a file
name that says what it holds), and an exported sheet edited with openpyxl coming back: exactly the edited rows
change, each change in the history with its user; a sheet with errors lists them by row and applies nothing."""

import csv
import datetime as dt
import io
import re
from urllib.parse import quote

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from ledger import exports
from ledger.models import Body, Commitment, Evidence, Progress, Status, Unit
from ledger.selectors import decisive_evidence, usable_evidence
from ledger.services import commitment_set_status
from ledger.services.ledger import commitment_ledger_update, progress_add
from ledger.services.ledger_import import ledger_import, sheet_read

from .conftest import DAZU, SHEET_HEADER

TITLE = f"{DAZU}2024年工作任务台账"
COL = {key: index for index, key in enumerate(exports.COLUMN_KEYS, start=1)}
IMPORT_URL = "/api/v1/commitments/import/xlsx/"


@pytest.fixture
def rows(seed_ledger):
    """Six testable commitments of 大足区 2024, in the report's order."""
    return list(seed_ledger.commitments.filter(testable=True).order_by("ordinal")[:6])


def workbook(queryset):
    _title, data, _count = exports.write(queryset, "xlsx")
    return openpyxl.load_workbook(io.BytesIO(data))


def saved(book) -> bytes:
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def sheet_row(**cells) -> list:
    """A row of the sheet with the given cells by column key, the others empty."""
    return [cells.get(key) for key in exports.COLUMN_KEYS]


def exported(report):
    """The report's 台账 as exported: the workbook, its sheet and the row of its column headings."""
    book = workbook(report.commitments.all())
    return book, book.active, header_row(book.active)


def header_row(sheet) -> int:
    """The row of the sheet's column headings (the ID column's heading in it)."""
    (number,) = [r for r in range(1, 6) if sheet.cell(r, COL["id"]).value == str(exports.COLUMNS_BY_KEY["id"].heading)]
    return number


def row_of(sheet, pk) -> int:
    (number,) = [r for r in range(3, sheet.max_row + 1) if sheet.cell(r, COL["id"]).value == pk]
    return number


def history_counts(report) -> dict[int, int]:
    return dict(
        Commitment.history.filter(report_id=report.pk).values_list("id").annotate(n=Count("history_id")).values_list("id", "n")
    )


def state(report):
    """What an import may change, for every commitment of the report."""
    return {
        c.pk: (c.lead_unit_id, tuple(sorted(c.partner_units.values_list("pk", flat=True))), c.due, c.due_label, c.status,
               c.status_note, c.progress.count())
        for c in report.commitments.all()
    }


# Export


def test_the_export_carries_the_台账_columns_with_the_id_column(rows, boss):
    first, second = rows[0], rows[1]
    commitment_ledger_update(commitment=first, user=boss, lead_unit="法制工作委员会", partner_units=["研究室", "办公室"], due="2024年6月")
    progress_add(commitment=first, user=boss, date=dt.date(2024, 3, 1), text="形成初稿")
    progress_add(commitment=first, user=boss, date=dt.date(2024, 6, 1), text="提请审议")
    commitment_set_status(commitment=first, status=Status.PARTIAL, user=boss, note="尚在审议")
    first.refresh_from_db()

    sheet = workbook(first.report.commitments.all()).active
    values = list(sheet.values)
    assert values[0][0] == TITLE
    assert list(values[1]) == SHEET_HEADER
    data = values[2:]
    assert len(data) == first.report.commitments.count()
    # In the report's own order, 序号 being the ordinal within the report.
    assert [row[COL["ordinal"] - 1] for row in data] == sorted(first.report.commitments.values_list("ordinal", flat=True))
    row = dict(zip(exports.COLUMN_KEYS, data[[r[0] for r in data].index(first.pk)]))
    assert row["id"] == first.pk and row["ordinal"] == first.ordinal and row["task"] == first.task
    assert row["part"] == f"{first.part}、{first.part_heading}"
    assert row["lead_unit"] == "法制工作委员会" and row["partner_units"] == "研究室、办公室"  # in the order written
    assert row["due"] == "2024年6月"
    assert row["progress"] == "2024-06-01 提请审议\n2024-03-01 形成初稿"  # newest first
    # Past its deadline (2024-06-30) and not fulfilled: marked overdue beside the status.
    assert row["status"] == "部分落实（逾期）" and row["status_note"] == "尚在审议"
    # The machine's passage reads as done, against the person's 部分落实: said to be no ground of it.
    best = decisive_evidence(Evidence.objects.filter(commitment=first) & usable_evidence())
    assert best.verdict == "fulfilled"
    assert row["evidence"] == f"工作人员判定；回顾中的段落显示为“{best.get_verdict_display()}”：{best.text}"
    assert row["verified_by"] == "boss"
    # A date cell, local and to the minute (it was text, and did not sort as a date).
    assert row["verified_at"] == timezone.localtime(first.status_decided_at).replace(tzinfo=None, second=0, microsecond=0)
    untouched = dict(zip(exports.COLUMN_KEYS, data[[r[0] for r in data].index(second.pk)]))
    assert untouched["status"] == second.get_status_display() and untouched["lead_unit"] is None


def test_the_workbook_is_set_up_to_print(rows):
    before = timezone.localtime().replace(second=0, microsecond=0)
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    # Each printed page says when its figures were taken (local time, as the printed 台账 does), on both sheets.
    stamped = dt.datetime.strptime(sheet.oddHeader.right.text, "截至 %Y-%m-%d %H:%M")
    assert before.replace(tzinfo=None) <= stamped <= timezone.localtime().replace(tzinfo=None)
    assert book["按牵头单位"].oddHeader.right.text == sheet.oddHeader.right.text
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$2"  # the title and the header on every page
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.freeze_panes == "A3"
    last = openpyxl.utils.get_column_letter(len(exports.COLUMNS))
    assert f"A1:{last}1" in {str(merged) for merged in sheet.merged_cells.ranges}
    task = openpyxl.utils.get_column_letter(COL["task"])
    assert sheet.column_dimensions[task].width == 48 and sheet.column_dimensions["A"].width == 7
    assert sheet.cell(3, COL["task"]).alignment.wrap_text
    # Each row is as tall as its longest wrapped text (LibreOffice keeps heights as stored: a long task was drawn over
    # the rows below it): a task of two wrapped lines twice a line's height, none shorter than its text.
    width = sheet.column_dimensions[task].width - 1
    for number in range(3, sheet.max_row + 1):
        text = sheet.cell(number, COL["task"]).value
        wide = len(re.findall(r"[\u4e00-\u9fff，。、；：“”（）]", text))
        needed = -(-(len(text) + wide) // width)
        height = sheet.row_dimensions[number].height
        assert (height or exports.LINE_HEIGHT) >= exports.LINE_HEIGHT * needed, (number, text)
    # Columns for the import and the record are folded (an outline group, collapsed), and the body and year where the
    # title names them: the 台账 prints at a size one can read.
    folded = {key for key in exports.COLUMN_KEYS if sheet.column_dimensions[openpyxl.utils.get_column_letter(COL[key])].hidden}
    assert folded == {"id", "body", "year", "verified_by", "verified_at"}
    # Who decided each status is printed beside it: on paper the machine's reading is told from a person's.
    assert {sheet.cell(n, COL["decided_by"]).value for n in range(3, sheet.max_row + 1)} >= {"机器初判"}
    # The sentences of general direction are folded rows (a "+" shows them), the tasks to follow are not.
    general = {n for n in range(3, sheet.max_row + 1) if "一般性部署" in (sheet.cell(n, COL["decided_by"]).value or "")}
    assert general and all(sheet.row_dimensions[n].hidden and sheet.row_dimensions[n].outlineLevel == 1 for n in general)
    assert not any(sheet.row_dimensions[n].hidden for n in range(3, sheet.max_row + 1) if n not in general)
    assert (sheet.sheet_format.outlineLevelCol, sheet.sheet_format.outlineLevelRow) == (1, 1)  # Excel draws +/- by them
    assert sheet.column_dimensions["A"].outlineLevel == 1
    several = workbook(Commitment.objects.filter(report__year__in=[2024, 2025])).active  # bodies and years apart
    assert not any(
        several.column_dimensions[openpyxl.utils.get_column_letter(COL[key])].hidden for key in ("body", "year")
    ) and several.column_dimensions["A"].hidden
    heights = {sheet.row_dimensions[n].height for n in range(3, sheet.max_row + 1)}
    assert len(heights) > 1 and max(heights) >= 4 * exports.LINE_HEIGHT  # as tall as each row needs, not one height


def test_csv_export_has_the_same_layout(rows, boss):
    commitment_ledger_update(commitment=rows[0], user=boss, lead_unit="法制工作委员会", partner_units=["研究室", "办公室"])
    _title, data, count = exports.write(rows[0].report.commitments.all(), "csv")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert lines[0][0] == TITLE and lines[0][1].startswith("导出于 ") and lines[1] == SHEET_HEADER
    assert len(lines) - 2 == count == rows[0].report.commitments.count()
    (row,) = [line for line in lines[2:] if line[0] == str(rows[0].pk)]
    assert row[COL["lead_unit"] - 1] == "法制工作委员会" and row[COL["partner_units"] - 1] == "研究室、办公室"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_file_is_named_for_what_it_holds(seed_ledger, api, client, boss, fmt):
    name = f"{TITLE}.{fmt}"
    response = api.get(f"/api/v1/commitments/export/{fmt}/", {"report": seed_ledger.pk})
    assert response["Content-Disposition"] == f"attachment; filename=\"ledger.{fmt}\"; filename*=UTF-8''{quote(name)}"
    client.force_login(boss)
    response = client.get(reverse("admin:ledger_commitment_export", args=[fmt]), {"report": seed_ledger.pk})
    assert f"filename*=UTF-8''{quote(name)}" in response["Content-Disposition"]


def test_a_sheet_of_several_bodies_and_years_names_them(seed_ledger):
    bodies = Body.objects.filter(reports__isnull=False).distinct().count()
    assert bodies > 1
    years = sorted(set(Commitment.objects.values_list("report__year", flat=True)))
    assert years == list(range(years[0], years[-1] + 1)) and len(years) > 1
    first = sorted(Body.objects.filter(reports__isnull=False).values_list("name", flat=True))[0]
    title = workbook(Commitment.objects.all()).active["A1"].value
    assert title == f"{first}等{bodies}个机关{years[0]}—{years[-1]}年工作任务台账"
    assert workbook(Commitment.objects.none()).active["A1"].value == "工作任务台账"


# Import


def test_an_edited_export_changes_exactly_the_edited_rows(rows, boss):
    report = rows[0].report
    lead, deadline, status, progress, overdue = rows[:5]
    # A row already overdue: its 状态 cell says 部分落实（逾期）, which is no change when imported back.
    commitment_ledger_update(commitment=overdue, user=boss, due="2024-03-31")
    commitment_set_status(commitment=overdue, status=Status.PARTIAL, user=boss)
    progress_add(commitment=progress, user=boss, date=dt.date(2024, 4, 1), text="开展调研")
    book = workbook(report.commitments.all())
    sheet = book.active
    assert sheet.cell(row_of(sheet, overdue.pk), COL["status"]).value == "部分落实（逾期）"
    sheet.cell(row_of(sheet, lead.pk), COL["lead_unit"]).value = "法制工作委员会"
    sheet.cell(row_of(sheet, lead.pk), COL["partner_units"]).value = "研究室、办公室"
    sheet.cell(row_of(sheet, deadline.pk), COL["due"]).value = "6月底前"
    sheet.cell(row_of(sheet, status.pk), COL["status"]).value = "部分落实"
    sheet.cell(row_of(sheet, status.pk), COL["status_note"]).value = "已形成初稿"
    cell = sheet.cell(row_of(sheet, progress.pk), COL["progress"])
    cell.value = "2024-09-01 提交常委会审议\n" + cell.value
    # Cells the import does not read: edited, and ignored.
    sheet.cell(row_of(sheet, overdue.pk), COL["task"]).value = "改写的任务"
    before, history = state(report), history_counts(report)

    preview = ledger_import(saved(book), name="台账.xlsx", user=boss, dry_run=True)
    assert preview.ok and not preview.applied
    assert state(report) == before  # a dry run writes nothing
    changes = {(c.id, c.field): (c.old, c.new) for c in preview.changes}
    assert changes == {
        (lead.pk, "lead_unit"): ("", "法制工作委员会"),
        (lead.pk, "partner_units"): ("", "研究室、办公室"),
        (deadline.pk, "due"): ("", "6月底前"),
        (status.pk, "status"): (status.get_status_display(), "部分落实"),
        (status.pk, "status_note"): ("", "已形成初稿"),
        (progress.pk, "progress"): ("", "2024-09-01 提交常委会审议"),
    }
    assert {c.row for c in preview.changes} == {row_of(sheet, c.pk) for c in (lead, deadline, status, progress)}
    # A deadline without its year is of the plan year: the preview says the day it is read as, and that it is gone.
    (due,) = [c for c in preview.changes if c.field == "due"]
    assert due.note == f"即 {report.year}-06-30，该日期已过"

    plan = ledger_import(saved(book), name="台账.xlsx", user=boss, dry_run=False)
    assert plan.applied and plan.fingerprint == preview.fingerprint
    after = state(report)
    assert {pk for pk in before if before[pk] != after[pk]} == {lead.pk, deadline.pk, status.pk, progress.pk}
    for commitment in (lead, deadline, status):
        commitment.refresh_from_db()
    assert lead.lead_unit.name == "法制工作委员会" and {u.name for u in lead.partner_units.all()} == {"研究室", "办公室"}
    assert (deadline.due, deadline.due_label) == (dt.date(2024, 6, 30), "6月底前")
    assert (status.status, status.status_note, status.status_decided_by) == (Status.PARTIAL, "已形成初稿", boss)
    assert [(p.date, p.text, p.author) for p in progress.progress.all()] == [
        (dt.date(2024, 9, 1), "提交常委会审议", boss), (dt.date(2024, 4, 1), "开展调研", boss),
    ]
    # The history has every change with its user; rows the sheet did not change have no new history.
    counts = history_counts(report)
    assert {pk for pk in history if counts[pk] != history[pk]} == {lead.pk, deadline.pk, status.pk}
    assert lead.history.first().history_user == boss and status.history.first().history_user == boss
    assert Progress.history.filter(commitment_id=progress.pk, history_user=boss, text="提交常委会审议").exists()

    # The same sheet again changes nothing.
    again = ledger_import(saved(book), name="台账.xlsx", user=boss, dry_run=False)
    assert again.applied and again.changes == [] and history_counts(report) == counts and state(report) == after


def test_the_preview_gives_a_general_rows_status_as_the_sheet_wrote_it(seed_ledger, boss):
    """A row of general direction whose review is in reads 不判定（一般性部署） in the sheet: the preview said the status
    it changes from was 待回顾."""
    general = seed_ledger.commitments.filter(testable=False, status_rule="status.not_judged").order_by("ordinal").first()
    book, sheet, _header = exported(seed_ledger)
    number = row_of(sheet, general.pk)
    assert sheet.cell(number, COL["status"]).value == "不判定（一般性部署）"
    sheet.cell(number, COL["status"]).value = "已落实"
    plan = ledger_import(saved(book), user=boss)
    (change,) = [c for c in plan.changes if c.id == general.pk and c.field == "status"]
    assert (change.old, change.new) == ("不判定（一般性部署）", "已落实")


def test_the_preview_names_the_reports_the_sheets_rows_are_tasks_of(seed_ledger, boss, client):
    """A clerk uploaded last year's edited sheet while working on this year's: the preview named only the file."""
    book, sheet, _header = exported(seed_ledger)
    sheet.cell(row_of(sheet, seed_ledger.commitments.filter(testable=True).first().pk), COL["lead_unit"]).value = "办公室"
    plan = ledger_import(saved(book), user=boss)
    assert plan.reports == [(seed_ledger, seed_ledger.commitments.count())]
    assert plan.as_dict()["reports"] == [{"id": seed_ledger.pk, "report": str(seed_ledger), "rows": seed_ledger.commitments.count()}]
    client.force_login(boss)
    page = client.post(reverse("admin:ledger_commitment_import"), {"file": SimpleUploadedFile("台账.xlsx", saved(book))})
    shown = re.search(r'id="ledger-sheet-reports">(.*?)</span>', page.content.decode(), re.S).group(1)
    assert f"{seed_ledger}（{seed_ledger.commitments.count()} 行）" in shown


def test_new_progress_lines_take_their_date_or_today(rows, boss):
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, rows[0].pk), COL["progress"]).value = "召开座谈会\n2024年5月6日：完成实地调研"
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    assert plan.applied
    assert [(p.date, p.text) for p in rows[0].progress.all()] == [
        (timezone.localdate(), "召开座谈会"), (dt.date(2024, 5, 6), "完成实地调研"),
    ]
    # Exported again, the two entries are what the cell says: importing that changes nothing.
    assert ledger_import(saved(workbook(rows[0].report.commitments.all())), user=boss).changes == []


def test_a_deadline_typed_as_a_date_in_excel(rows, boss):
    commitment_ledger_update(commitment=rows[1], user=boss, due="2024-06-30")
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, rows[0].pk), COL["due"]).value = dt.datetime(2024, 9, 30)
    sheet.cell(row_of(sheet, rows[1].pk), COL["due"]).value = dt.datetime(2024, 6, 30)  # the same day: no change
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    assert [(c.id, c.field, c.new) for c in plan.changes] == [(rows[0].pk, "due", "2024-09-30")]
    rows[0].refresh_from_db()
    assert rows[0].due == dt.date(2024, 9, 30)


def test_what_excel_made_of_a_typed_deadline_and_a_clerks_status_words(rows, boss):
    """Typed as 2025-06 or 2025年6月, Excel keeps a date of the 1st shown as a month: it was read as that day, not the
    month's end. A 时限 cell set to 常规 shows a serial number (45838), which was refused; so were 已完成 and 完成, the
    words of a hand-kept 台账's 完成情况."""
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    month = sheet.cell(row_of(sheet, rows[0].pk), COL["due"])
    month.value, month.number_format = dt.datetime(2024, 6, 1), "yyyy-mm"
    chinese = sheet.cell(row_of(sheet, rows[1].pk), COL["due"])
    chinese.value, chinese.number_format = dt.datetime(2024, 9, 1), '[$-804]yyyy"年"m"月"'
    day = sheet.cell(row_of(sheet, rows[2].pk), COL["due"])
    day.value, day.number_format = dt.datetime(2024, 6, 1), '[$-804]yyyy"年"m"月"d"日"'  # a day shown: that day
    sheet.cell(row_of(sheet, rows[3].pk), COL["due"]).value = 45565  # 2024-09-30 in Excel's serial numbers
    sheet.cell(row_of(sheet, rows[4].pk), COL["status"]).value = "已完成。"  # her full stop, as she writes a sentence
    sheet.cell(row_of(sheet, rows[5].pk), COL["status"]).value = "基本完成"
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    assert not plan.errors, plan.errors
    for row in rows:
        row.refresh_from_db()
    assert [r.due for r in rows[:4]] == [dt.date(2024, 6, 30), dt.date(2024, 9, 30), dt.date(2024, 6, 1), dt.date(2024, 9, 30)]
    assert rows[0].due_label == "2024年6月"
    assert (rows[4].status, rows[5].status) == (Status.FULFILLED, Status.PARTIAL)


def test_errors_are_listed_by_row_and_column_and_nothing_is_applied(rows, boss):
    report = rows[0].report
    book = workbook(report.commitments.all())
    sheet = book.active
    at = {c.pk: row_of(sheet, c.pk) for c in rows}
    sheet.cell(at[rows[0].pk], COL["lead_unit"]).value = "改了也不算"  # a valid change, not applied either
    sheet.cell(at[rows[1].pk], COL["due"]).value = "尽快"
    sheet.cell(at[rows[2].pk], COL["status"]).value = "差不多"
    sheet.cell(at[rows[3].pk], COL["lead_unit"]).value = "研究室、办公室"
    sheet.cell(at[rows[4].pk], COL["progress"]).value = "2024-13-01 完成"
    sheet.cell(at[rows[5].pk], COL["id"]).value = 99999999
    sheet.append(sheet_row(id=rows[0].pk, lead_unit="办公室"))  # the same ID twice
    sheet.append(sheet_row(lead_unit="办公室"))  # a new task without an ID
    before, history = state(report), history_counts(report)

    plan = ledger_import(saved(book), name="台账.xlsx", user=boss, dry_run=False)
    assert not plan.applied
    found = [(e.row, e.column) for e in plan.errors]
    last = sheet.max_row
    assert found == [
        (at[rows[1].pk], "时限"), (at[rows[2].pk], "状态"), (at[rows[3].pk], "牵头单位/责任单位"),
        (at[rows[4].pk], "进展情况"), (at[rows[5].pk], "ID"), (last - 1, "ID"), (last, "ID"),
    ]
    messages = {e.row: e.message for e in plan.errors}
    assert "尽快" in messages[at[rows[1].pk]] and "差不多" in messages[at[rows[2].pk]]
    assert "99999999" in messages[at[rows[5].pk]] and str(at[rows[0].pk]) in messages[last - 1]
    assert state(report) == before and history_counts(report) == history


def test_a_note_or_progress_line_longer_than_a_cell_takes_is_an_error_on_its_row(rows, boss):
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, rows[0].pk), COL["progress"]).value = "2024年5月6日：" + "调研" * 2600
    sheet.cell(row_of(sheet, rows[1].pk), COL["status_note"]).value = "注" * 5001
    before = state(rows[0].report)
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    assert not plan.applied and [e.column for e in plan.errors] == ["进展情况", "状态说明"]
    assert all("5000" in e.message for e in plan.errors) and state(rows[0].report) == before
    # The longest entry a person may type comes back untouched: an export of it imports with no error (its line,
    # dated, is longer than the entry).
    progress_add(commitment=rows[2], user=boss, text="调" * 5000, date=dt.date(2024, 5, 6))
    again = ledger_import(saved(workbook(rows[0].report.commitments.all())), user=boss)
    assert again.errors == [] and again.changes == []


def test_progress_stored_before_the_cell_limit_is_not_read_from_a_cut_cell(rows, boss):
    """Entries stored before the limit overflowed their cell: Excel cut it, and the sheet "corrected" the oldest
    entry to what was left."""
    for day in range(1, 8):
        Progress.objects.create(commitment=rows[0], date=dt.date(2024, 5, day), text="调" * 4900, author=boss)
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    cell = sheet.cell(row_of(sheet, rows[0].pk), COL["progress"])
    cell.value = cell.value[:32767]  # as Excel keeps it
    before = state(rows[0].report)
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    assert plan.errors == [] and plan.changes == [] and state(rows[0].report) == before
    assert [n.column for n in plan.notices] == ["进展情况"] and "单元格" in plan.notices[0].message


def test_a_change_to_a_row_changed_in_the_ledger_since_the_export_says_so(rows, boss, django_user_model):
    book = workbook(rows[0].report.commitments.all())
    colleague = django_user_model.objects.create_user("colleague", is_staff=True)
    commitment_ledger_update(commitment=rows[0], user=colleague, lead_unit="研究室")
    sheet = book.active
    sheet.cell(row_of(sheet, rows[0].pk), COL["due"]).value = "年底前"
    sheet.cell(row_of(sheet, rows[1].pk), COL["due"]).value = "年底前"
    plan = ledger_import(saved(book), user=boss)
    notes = {(c.id, c.field): c.note for c in plan.changes}
    # The sheet's 牵头单位 is as exported (empty): it does not undo the colleague's unit. The deadline staff typed
    # is a change, and the preview says who changed the row since the export, and when.
    assert (rows[0].pk, "lead_unit") not in notes and "colleague" in notes[(rows[0].pk, "due")]
    assert notes[(rows[1].pk, "due")] == f"即 {rows[1].plan_year}-12-31，该日期已过"  # no word of a colleague's change
    # The column the colleague changed, changed in the sheet too, keeps the colleague's value: the sheet was written
    # before it (it was overwritten with only a note).
    sheet.cell(row_of(sheet, rows[0].pk), COL["lead_unit"]).value = "办公室"
    with translation.override("zh-hans"):
        plan = ledger_import(saved(book), user=boss, dry_run=False)
    assert plan.applied and (rows[0].pk, "lead_unit") not in {(c.id, c.field) for c in plan.changes}
    (notice,) = [n for n in plan.notices if n.row == row_of(sheet, rows[0].pk)]
    assert "colleague" in notice.message and "“研究室”" in notice.message and "“办公室”" in notice.message
    assert notice.message.startswith("未导入")
    rows[0].refresh_from_db()
    assert rows[0].lead_unit.name == "研究室" and rows[0].due_label == "年底前"
    # A status a person set since is kept too; one the machine changed since (a relink) is the sheet's to replace.
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    commitment_set_status(commitment=rows[2], status=Status.PARTIAL, user=colleague)
    Commitment.objects.filter(pk=rows[3].pk).update(status=Status.NOT_REPORTED, status_origin="auto")
    for row, word in zip(rows[2:4], ("未见报告", "已落实")):
        assert sheet.cell(row_of(sheet, row.pk), COL["status"]).value != word  # the sheet changes both
        sheet.cell(row_of(sheet, row.pk), COL["status"]).value = word
    plan = ledger_import(saved(book), user=boss)
    assert [(c.id, c.field) for c in plan.changes] == [(rows[3].pk, "status")]
    assert [n.row for n in plan.notices] == [row_of(sheet, rows[2].pk)]


def test_a_unit_ticked_in_the_preview_keeps_the_sheets_export_time(rows, boss, client, django_user_model):
    """Ticking a new name as a unit the body has previewed the sheet again without its export time: the preview said
    the sheet did not state it, proposed undoing the status a colleague set after the export, and confirming it did."""
    from ledger.models import Unit

    report = rows[0].report
    Unit.objects.create(body=report.body, name="法制工作委员会")
    book = workbook(report.commitments.all())
    colleague = django_user_model.objects.create_user("colleague", is_staff=True)
    commitment_set_status(commitment=rows[1], status=Status.PARTIAL, user=colleague, note="同事的判断")
    sheet = book.active
    sheet.cell(row_of(sheet, rows[0].pk), COL["lead_unit"]).value = "法制工委"
    sheet.cell(row_of(sheet, rows[1].pk), COL["due"]).value = "年底前"
    client.force_login(boss)
    url = reverse("admin:ledger_commitment_import")
    first = client.post(url, {"file": SimpleUploadedFile("台账.xlsx", saved(book))}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'name="same_unit" value="法制工委"' in first and "未写明导出时间" not in first
    token = re.search(r'id="ledger-sheet-accept">.*?name="plan" value="([^"]+)"', first, re.S).group(1)
    again = client.post(url, {"accept": "1", "plan": token, "same_unit": "法制工委"}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "未写明导出时间" not in again and "colleague" in again
    assert not re.search(rf'data-id="{rows[1].pk}" data-field="status"', again)
    token = re.search(r'id="ledger-sheet-confirm">.*?name="plan" value="([^"]+)"', again, re.S).group(1)
    assert client.post(url, {"confirm": "1", "plan": token}).status_code == 302
    rows[1].refresh_from_db()
    rows[0].refresh_from_db()
    assert (rows[1].status, rows[1].status_note, rows[1].due_label) == (Status.PARTIAL, "同事的判断", "年底前")
    assert rows[0].lead_unit.name == "法制工作委员会"


def test_no_in_an_exported_sheets_status_asks_which_status_unless_the_ledger_has_one_not_done(rows, boss):
    """否 or × typed over 待人工核验 or 未见报告 in an export's 状态 was dropped: the preview said the sheet agreed."""
    Commitment.objects.filter(pk=rows[0].pk).update(status=Status.NEEDS_REVIEW)
    Commitment.objects.filter(pk=rows[1].pk).update(status=Status.NOT_REPORTED)
    Commitment.objects.filter(pk=rows[2].pk).update(status=Status.PARTIAL)
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    for row, word in zip(rows[:3], ("否", "×", "否")):
        sheet.cell(row_of(sheet, row.pk), COL["status"]).value = word
    before = state(rows[0].report)
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    assert not plan.applied and state(rows[0].report) == before
    said = {e.row: e.message for e in plan.errors}
    assert len(said) == 2, said  # 否 beside 部分落实 agrees with it
    first = said[row_of(sheet, rows[0].pk)]
    assert "“否”" in first and "待人工核验" in first and "部分落实" in first and "未实施" in first
    assert "“×”" in said[row_of(sheet, rows[1].pk)] and "未见报告" in said[row_of(sheet, rows[1].pk)]


def test_the_status_drop_down_offers_a_task_only_the_statuses_the_import_takes_for_it(rows, boss):
    """The drop-down offered 待回顾 and 推进中 to every row, and the import refused them once the task's year was over."""
    later = dt.date(timezone.localdate().year + 1, 6, 30)
    commitment_ledger_update(commitment=rows[2], user=boss, due=later.isoformat())  # its deadline is a later year's
    sheet = workbook(rows[0].report.commitments.all()).active
    offered = {}
    for choices in sheet.data_validations.dataValidation:
        for cells in str(choices.sqref).split():
            offered[cells] = choices.formula1.strip('"').split(",")
    column = openpyxl.utils.get_column_letter(COL["status"])

    def at(row):
        number = row_of(sheet, row.pk)
        (labels,) = [
            labels for cells, labels in offered.items()
            if int(cells.split(":")[0][len(column):]) <= number <= int(cells.split(":")[-1][len(column):])
        ]
        return labels

    assert "推进中" not in at(rows[0]) and "待回顾" not in at(rows[0]) and "已落实" in at(rows[0])
    assert "推进中" in at(rows[2]) and "已落实" in at(rows[2])
    # What the drop-down offers, the import takes.
    sheet.cell(row_of(sheet, rows[2].pk), COL["status"]).value = "推进中"
    assert ledger_import(saved(sheet.parent), user=boss).ok


def test_a_clerks_word_typed_over_an_exports_machine_status_is_a_persons_confirmation(rows, boss):
    """已完成 typed over the machine's 已落实 in an export's 状态 (基本完成 over its 部分落实) was read as the label the
    export wrote: no change, and the keeper believed the task confirmed. The label itself, left as exported, stays
    the machine's."""
    Commitment.objects.filter(pk=rows[0].pk).update(status=Status.FULFILLED, status_origin="auto", status_rule="status.evidence")
    Commitment.objects.filter(pk=rows[1].pk).update(status=Status.PARTIAL, status_origin="auto", status_rule="status.evidence")
    Commitment.objects.filter(pk=rows[2].pk).update(status=Status.FULFILLED, status_origin="auto", status_rule="status.evidence")
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, rows[0].pk), COL["status"]).value = "已完成"
    sheet.cell(row_of(sheet, rows[1].pk), COL["status"]).value = "基本完成"
    with translation.override("zh-hans"):
        plan = ledger_import(saved(book), user=boss)
    assert plan.ok, plan.errors
    assert [(c.id, c.field, c.old, c.new) for c in plan.changes] == [
        (rows[0].pk, "status", "已落实（机器初判）", "已落实（人工确认）"),
        (rows[1].pk, "status", "部分落实（机器初判）", "部分落实（人工确认）"),
    ]
    assert ledger_import(saved(book), user=boss, dry_run=False).applied
    origins = dict(Commitment.objects.filter(pk__in=[r.pk for r in rows[:3]]).values_list("pk", "status_origin"))
    assert origins == {rows[0].pk: "staff", rows[1].pk: "staff", rows[2].pk: "auto"}


def test_a_partner_typed_as_the_lead_in_an_export_leaves_the_partners_unless_their_cell_says_otherwise(rows, boss):
    commitment_ledger_update(commitment=rows[0], user=boss, partner_units=["区能源局", "区财政局"])
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, rows[0].pk), COL["lead_unit"]).value = "区能源局"
    plan = ledger_import(saved(book), user=boss)
    assert plan.ok and {(c.field, c.new) for c in plan.changes} == {("lead_unit", "区能源局"), ("partner_units", "区财政局")}
    # The clerk wrote the partners too, the lead among them: which is meant is theirs to say.
    sheet.cell(row_of(sheet, rows[0].pk), COL["partner_units"]).value = "区能源局、区审计局"
    plan = ledger_import(saved(book), user=boss)
    assert not plan.ok and "区能源局 是牵头单位" in plan.errors[0].message


def test_an_old_sheet_does_not_undo_what_changed_in_the_ledger_since_it_was_exported(rows, boss, django_user_model):
    """A sheet exported before the next report's review decided the statuses: its 状态 cells say what the ledger
    said then. Only the cells staff changed in it are decisions; the others leave the ledger as it is now."""
    from ledger.services import bulk

    report = rows[0].report
    # A task ingest stored has no record until something changes it: still pending when the sheet is exported.
    Commitment.history.filter(id=rows[3].pk).delete()
    Commitment.objects.filter(pk=rows[3].pk).update(status=Status.PENDING)
    book = workbook(report.commitments.all())
    colleague = django_user_model.objects.create_user("colleague", is_staff=True)
    commitment_set_status(commitment=rows[1], status=Status.PARTIAL, user=colleague, note="同事的判断")
    commitment_ledger_update(commitment=rows[2], user=colleague, lead_unit="研究室", partner_units=["办公室"], due="年底前")
    Commitment.objects.filter(pk=rows[3].pk).update(status=Status.FULFILLED)  # the machine, relinking
    bulk.history_copy(Commitment, [Commitment.objects.get(pk=rows[3].pk)], update=True, default_change_reason="relinked")
    sheet = book.active
    sheet.cell(row_of(sheet, rows[0].pk), COL["lead_unit"]).value = "法制工作委员会"
    sheet.cell(row_of(sheet, rows[4].pk), COL["status"]).value = str(Status.NEEDS_REVIEW.label)
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    assert plan.applied
    assert {(c.id, c.field) for c in plan.changes} == {(rows[0].pk, "lead_unit"), (rows[4].pk, "status")}
    for commitment in rows:
        commitment.refresh_from_db()
    assert (rows[1].status, rows[1].status_note) == (Status.PARTIAL, "同事的判断")
    assert rows[2].lead_unit.name == "研究室" and [u.name for u in rows[2].partner_units.all()] == ["办公室"]
    assert rows[2].due_label == "年底前"
    assert rows[3].status == Status.FULFILLED
    assert rows[4].status == Status.NEEDS_REVIEW and rows[0].lead_unit.name == "法制工作委员会"


def test_a_change_in_the_second_of_the_export_but_before_it_is_not_after_it(rows, boss):
    """The xlsx format keeps whole seconds: a machine change at 12:00:00.5 and an export at 12:00:00.9 used to
    read as a change after the export. The exact time the ledger writes beside it decides; a workbook that has
    lost it is judged by the whole second, on the side of warning."""
    book = workbook(rows[0].report.commitments.all())
    (prop,) = [p for p in book.custom_doc_props if p.name == exports.EXPORTED_AT]
    second = dt.datetime(2026, 11, 30, 4, 0, 0, tzinfo=dt.timezone.utc)
    prop.value = (second + dt.timedelta(microseconds=900_000)).isoformat()
    book.properties.created = second.replace(tzinfo=None)
    Commitment.history.filter(id=rows[1].pk).update(history_date=second + dt.timedelta(microseconds=500_000))
    sheet = book.active
    sheet.cell(row_of(sheet, rows[1].pk), COL["due"]).value = "年底前"
    plan = ledger_import(saved(book), user=boss)
    assert {(c.id, c.field): c.note for c in plan.changes}[(rows[1].pk, "due")] == f"即 {rows[1].plan_year}-12-31，该日期已过"
    book.custom_doc_props = openpyxl.packaging.custom.CustomPropertyList()
    plan = ledger_import(saved(book), user=boss)
    assert "2026-11-30 12:00" in {(c.id, c.field): c.note for c in plan.changes}[(rows[1].pk, "due")]  # local time


def test_a_scoped_import_refuses_rows_of_another_body(seed_ledger, boss):
    other = Commitment.objects.exclude(report__body=seed_ledger.body).first()
    book = workbook(Commitment.objects.filter(pk__in=[other.pk, seed_ledger.commitments.first().pk]))
    plan = ledger_import(saved(book), user=boss, body=seed_ledger.body)
    assert [(e.row, e.column) for e in plan.errors] == [(row_of(book.active, other.pk), "ID")]
    assert str(other.report.body) in plan.errors[0].message


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "a.xlsx", "空"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "a.xls", ".xls"),
        (b"PK\x03\x04 not really a zip", "a.xlsx", "不是台账"),
        (b"\x89PNG\r\n\x1a\n\0\0\0", "a.xlsx", "不是台账"),
        ("序号,工作任务\n1,立法\n".encode(), "a.csv", "表头"),
    ],
)
def test_a_file_that_is_no_台账_is_refused_whole(seed_ledger, boss, data, name, words):
    plan = ledger_import(data, name=name, user=boss, dry_run=False)
    (error,) = plan.errors
    assert error.row is None and words in error.message and not plan.applied


def test_a_workbook_without_the_header_and_an_oversized_file(seed_ledger, boss, settings):
    book = openpyxl.Workbook()
    book.active.append(["序号", "工作任务", "状态"])
    (error,) = sheet_read(saved(book), name="a.xlsx").errors
    assert "ID" in error.message
    settings.LEDGER_MAX_SHEET_BYTES = 1000
    (error,) = ledger_import(saved(workbook(seed_ledger.commitments.all())), user=boss).errors
    assert "超过了 1 KB 的上限" in error.message


def test_a_csv_export_edited_comes_back_too(rows, boss):
    _title, data, _count = exports.write(rows[0].report.commitments.all(), "csv")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    (line,) = [line for line in lines if line[0] == str(rows[0].pk)]
    target = Status.PARTIAL if rows[0].status != Status.PARTIAL else Status.NOT_REPORTED
    line[COL["status"] - 1] = target  # a code does as well as the label
    line[COL["status_note"] - 1] = "-已完成"  # written behind an apostrophe by the export, read back without it
    output = io.StringIO()
    csv.writer(output).writerows(lines)
    plan = ledger_import(output.getvalue().encode("utf-8-sig"), name="台账.csv", user=boss, dry_run=False)
    assert plan.applied and {(c.id, c.field) for c in plan.changes} == {(rows[0].pk, "status"), (rows[0].pk, "status_note")}
    rows[0].refresh_from_db()
    assert (rows[0].status, rows[0].status_note) == (target, "-已完成")
    _title, data, _count = exports.write(rows[0].report.commitments.all(), "csv")
    assert "'-已完成" in data.decode("utf-8-sig")
    assert ledger_import(data, name="台账.csv", user=boss).changes == []
    # A day Excel wrote its own way when it saved the CSV (2024-10-31 as 2024/10/31) is the same day: no change.
    commitment_ledger_update(commitment=rows[1], user=boss, due="2024-10-31")
    _title, data, _count = exports.write(rows[0].report.commitments.all(), "csv")
    assert ",2024-10-31," in data.decode("utf-8-sig")
    resaved = data.decode("utf-8-sig").replace(",2024-10-31,", ",2024/10/31,").encode("gbk")
    assert ledger_import(resaved, name="台账.csv", user=boss).changes == []


# The admin: upload, preview, confirm


@pytest.fixture
def edited(rows):
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, rows[0].pk), COL["lead_unit"]).value = "法制工作委员会"
    sheet.cell(row_of(sheet, rows[1].pk), COL["status"]).value = "部分落实"
    return saved(book)


def test_admin_import_previews_every_change_and_applies_on_confirm(rows, edited, client, boss):
    client.force_login(boss)
    changelist = client.get(reverse("admin:ledger_commitment_changelist")).content.decode()
    assert 'id="ledger-import"' in changelist and "导入台账" in changelist
    url = reverse("admin:ledger_commitment_import")
    assert client.get(url).status_code == 200
    history = history_counts(rows[0].report)

    preview = client.post(url, {"file": SimpleUploadedFile("台账.xlsx", edited)})
    page = preview.content.decode()
    assert preview.status_code == 200 and "确认导入" in page and "取消" in page
    assert page.count('class="ledger-sheet-change"') == 2 and "法制工作委员会" in page and "部分落实" in page
    assert rows[0].task in page and rows[1].task in page  # each task as the list and the sheet name it
    rows[0].refresh_from_db()
    assert rows[0].lead_unit is None and history_counts(rows[0].report) == history  # nothing yet

    token = preview.context["token"]
    done = client.post(url, {"confirm": "1", "plan": token})
    assert done.status_code == 302 and done["Location"].startswith(reverse("admin:ledger_commitment_changelist") + "?id__in=")
    rows[0].refresh_from_db()
    rows[1].refresh_from_db()
    assert rows[0].lead_unit.name == "法制工作委员会" and rows[1].status == Status.PARTIAL
    assert rows[0].history.first().history_user == boss
    assert client.get(done["Location"]).status_code == 200

    # The preview is confirmed once: the same page posted again finds the ledger changed and applies nothing.
    again = client.post(url, {"confirm": "1", "plan": token})
    assert again.status_code == 200 and again.context["plan"].stale and not again.context["token"]
    # It says how many rows the sheet had, as the first preview did (it said 1 row read of a sheet of 789).
    read = preview.context["rows_read"]
    assert read > 2 and again.context["rows_read"] == read and f"{read} 行" in again.content.decode()


def test_admin_import_shows_errors_and_refuses_a_forged_plan(rows, client, boss):
    client.force_login(boss)
    url = reverse("admin:ledger_commitment_import")
    book = workbook(rows[0].report.commitments.all())
    book.active.cell(row_of(book.active, rows[0].pk), COL["due"]).value = "尽快"
    page = client.post(url, {"file": SimpleUploadedFile("台账.xlsx", saved(book))})
    assert page.context["token"] == "" and 'class="ledger-sheet-error"' in page.content.decode()
    assert "确认导入" not in page.content.decode()
    # The same said of one column in many rows is one line naming the rows (an old sheet listed 50 identical lines).
    for pk in (rows[1].pk, rows[2].pk, rows[4].pk):
        book.active.cell(row_of(book.active, pk), COL["due"]).value = "尽快"
    page = client.post(url, {"file": SimpleUploadedFile("台账.xlsx", saved(book))})
    numbers = [row_of(book.active, c.pk) for c in (rows[0], rows[1], rows[2], rows[4])]
    (line,) = page.context["errors"]
    assert line.row == f"{numbers[0]}–{numbers[2]}、{numbers[3]}" and "尽快" in line.message
    assert page.content.decode().count('class="ledger-sheet-error"') == 1
    forged = client.post(url, {"confirm": "1", "plan": "forged"})
    assert forged.status_code == 200 and "重新上传" in forged.content.decode()
    rows[0].refresh_from_db()
    assert rows[0].due is None


def test_admin_import_needs_the_change_permission(rows, client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    client.force_login(viewer)
    assert client.get(reverse("admin:ledger_commitment_import")).status_code == 403
    assert 'id="ledger-import"' not in client.get(reverse("admin:ledger_commitment_changelist")).content.decode()


# The API


def test_api_import_dry_run_then_apply(rows, edited, api):
    history = history_counts(rows[0].report)
    dry = api.post(f"{IMPORT_URL}?dry_run=true", {"file": SimpleUploadedFile("台账.xlsx", edited)}, format="multipart")
    assert dry.status_code == 200, dry.content
    body = dry.json()
    assert body["applied"] is False and body["changed_rows"] == 2
    assert {(c["id"], c["field"], c["new"]) for c in body["changes"]} == {
        (rows[0].pk, "lead_unit", "法制工作委员会"), (rows[1].pk, "status", "部分落实"),
    }
    assert history_counts(rows[0].report) == history
    # dry_run in the body instead of the query string: refused, nothing applied (it was ignored and the sheet applied).
    misplaced = api.post(IMPORT_URL, {"file": SimpleUploadedFile("台账.xlsx", edited), "dry_run": "true"}, format="multipart")
    assert misplaced.status_code == 400 and "?dry_run=" in str(misplaced.json())
    assert history_counts(rows[0].report) == history

    done = api.post(IMPORT_URL, {"file": SimpleUploadedFile("台账.xlsx", edited)}, format="multipart")
    assert done.status_code == 200 and done.json()["applied"] is True
    rows[1].refresh_from_db()
    assert rows[1].status == Status.PARTIAL
    assert api.get(f"/api/v1/commitments/{rows[1].pk}/").json()["status"] == "partial"


def test_api_import_errors_are_a_400_by_row(rows, api, settings):
    book = workbook(rows[0].report.commitments.all())
    at = row_of(book.active, rows[0].pk)
    book.active.cell(at, COL["status"]).value = "差不多"
    response = api.post(IMPORT_URL, {"file": SimpleUploadedFile("台账.xlsx", saved(book))}, format="multipart")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_sheet" and error["message"].startswith(f"第 {at} 行")
    assert error["detail"]["errors"] == [{"row": at, "column": "状态", "message": error["detail"]["errors"][0]["message"]}]
    assert api.post(IMPORT_URL, {}, format="multipart").status_code == 400
    assert api.post(f"{IMPORT_URL}?dry_run=maybe", {"file": SimpleUploadedFile("a.xlsx", saved(book))}, format="multipart").status_code == 400
    settings.LEDGER_MAX_SHEET_BYTES = 100
    too_big = api.post(IMPORT_URL, {"file": SimpleUploadedFile("a.xlsx", saved(book))}, format="multipart")
    assert too_big.status_code == 413 and too_big.json()["error"]["code"] == "too_large"


def test_api_import_is_for_staff_who_may_change(rows, edited, django_user_model):
    anonymous = APIClient()
    assert anonymous.post(IMPORT_URL, {"file": SimpleUploadedFile("a.xlsx", edited)}, format="multipart").status_code == 401
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    client = APIClient()
    client.force_authenticate(viewer)
    assert client.post(IMPORT_URL, {"file": SimpleUploadedFile("a.xlsx", edited)}, format="multipart").status_code == 403
    rows[0].refresh_from_db()
    assert rows[0].lead_unit is None


def test_the_import_endpoint_is_documented(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"][IMPORT_URL]["post"]
    assert {p["name"] for p in operation["parameters"]} >= {"dry_run", "body"}
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert {"200", "400", "413"} <= set(operation["responses"])


def test_a_sheet_exported_before_pending_was_renamed_still_imports(rows, boss):
    """待核验 was pending's label (too close to 待人工核验, now 待回顾): a sheet written then reads as pending."""
    pending = Commitment.objects.filter(status=Status.PENDING, testable=True).first()
    book = workbook(Commitment.objects.filter(pk=pending.pk))
    sheet = book.active
    cell = sheet.cell(row_of(sheet, pending.pk), COL["status"])
    assert cell.value == "待回顾"
    cell.value = "待核验"
    plan = ledger_import(saved(book), user=boss)
    assert not plan.errors and not plan.changes


def test_a_deadline_stored_before_the_range_check_does_not_block_the_sheet(rows, boss):
    """A deadline outside the years now allowed (stored before they were checked) is sent back unchanged by every
    export: the sheet still imports; only a new deadline out of range is refused."""
    Commitment.objects.filter(pk=rows[2].pk).update(due=dt.date(2099, 12, 31), due_label="2099年12月")
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, rows[0].pk), COL["due"]).value = "年底前"
    plan = ledger_import(saved(book), user=boss)
    assert not plan.errors and [(c.id, c.field) for c in plan.changes] == [(rows[0].pk, "due")]
    sheet.cell(row_of(sheet, rows[1].pk), COL["due"]).value = "2098年12月"
    plan = ledger_import(saved(book), user=boss)
    assert [(e.row, e.column) for e in plan.errors] == [(row_of(sheet, rows[1].pk), "时限")]


@pytest.mark.parametrize("value", [99999999999999999999, 1e20])
def test_an_id_beyond_any_task_is_an_error_of_its_row(rows, boss, value):
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, rows[0].pk), COL["id"]).value = value
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    assert not plan.applied and [e.column for e in plan.errors] == [str(exports.COLUMNS_BY_KEY["id"].heading)]


def test_a_deadline_too_long_for_its_column_is_an_error_of_the_preview(rows, boss):
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    number = row_of(sheet, rows[0].pk)
    sheet.cell(number, COL["due"]).value = "长期坚持" + "并" * 60
    plan = ledger_import(saved(book), user=boss)
    assert [(e.row, e.column) for e in plan.errors] == [(number, "时限")] and "40" in plan.errors[0].message


def test_an_old_export_brought_back_after_units_were_merged_does_not_bring_the_merged_unit_back(rows, boss):
    """区公安局交巡警支队 merged into 区公安局 after the export: the unchanged sheet planned 配合单位 → 区公安局交巡警支队
    (新建单位), and confirming made the merged unit again."""
    from ledger.models import Unit
    from ledger.services.ledger import units_merge

    row = rows[0]
    commitment_ledger_update(commitment=row, user=boss, lead_unit="区公安局", partner_units=["区公安局交巡警支队", "区交通局"])
    book = workbook(row.report.commitments.all())
    body = row.report.body
    units_merge(units=[Unit.objects.get(body=body, name="区公安局交巡警支队")], into=Unit.objects.get(body=body, name="区公安局"), user=boss)
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    assert plan.ok and not plan.changes
    assert not Unit.objects.filter(body=body, name="区公安局交巡警支队").exists()
    row.refresh_from_db()
    assert [unit.name for unit in row.partners] == ["区交通局"]  # the lead took the merged unit's place


def test_a_cell_merged_down_several_rows_applies_to_each(rows, boss):
    """Hand-kept 台账 merge a lead unit down the rows it leads: each merged row takes the value (a merged cell
    used to read empty and clear the unit of the rows below the first)."""
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    first, second = row_of(sheet, rows[0].pk), row_of(sheet, rows[1].pk)
    assert second == first + 1
    commitment_ledger_update(commitment=rows[1], user=boss, lead_unit="研究室")
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    sheet.cell(first, COL["lead_unit"]).value = "办公室"
    sheet.merge_cells(start_row=first, start_column=COL["lead_unit"], end_row=second, end_column=COL["lead_unit"])
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    assert plan.applied and {(c.id, c.new) for c in plan.changes if c.field == "lead_unit"} == {
        (rows[0].pk, "办公室"), (rows[1].pk, "办公室")
    }


def test_a_csv_saved_under_xlsx_is_read_and_a_renamed_staff_column_is_named(rows, boss):
    report = rows[0].report
    _title, data, _count = exports.write(report.commitments.all(), "csv")
    plan = ledger_import(data, user=boss, name="台账.xlsx")  # it used to be "not a 台账 sheet"
    assert plan.ok and len(plan.rows) == report.commitments.count() and not plan.changes
    book = workbook(report.commitments.all())
    sheet = book.active
    header = header_row(sheet)
    sheet.cell(header, COL["lead_unit"]).value = "督办科室"
    sheet.cell(row_of(sheet, rows[0].pk), COL["lead_unit"]).value = "办公室"
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    assert not plan.applied and "督办科室" in plan.errors[0].message and "牵头单位" in plan.errors[0].message


def test_a_staff_column_whose_heading_was_emptied_is_refused_when_it_holds_anything(rows, boss):
    """A heading blanked, or lost in a merge of two heading cells, dropped the column's edits without a word."""
    report, before = rows[0].report, state(rows[0].report)
    book, sheet, header = exported(report)
    sheet.cell(header, COL["status_note"]).value = None
    sheet.cell(row_of(sheet, rows[0].pk), COL["status_note"]).value = "已核实"
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    note = str(exports.COLUMNS_BY_KEY["status_note"].heading)
    assert not plan.applied and "（无标题）" in plan.errors[0].message and note in plan.errors[0].message
    assert state(report) == before
    # The column emptied too: nothing is lost, the sheet is read.
    for number in range(header + 1, sheet.max_row + 1):
        sheet.cell(number, COL["status_note"]).value = None
    assert ledger_import(saved(book), user=boss).ok


def test_an_export_without_a_staff_column_and_with_one_of_staffs_own_is_read(rows, boss):
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    header = header_row(sheet)
    sheet.delete_cols(COL["partner_units"])
    sheet.cell(header, sheet.max_column + 1).value = "督办领导"
    plan = ledger_import(saved(book), user=boss)
    assert plan.ok and not plan.changes


def test_an_old_sheet_brings_back_no_entry_corrected_or_deleted_since(rows, boss):
    from ledger.services.ledger import progress_delete, progress_update, progress_version

    row = rows[0]
    typo = progress_add(commitment=row, user=boss, text="形成初搞", date=dt.date(2024, 3, 1))
    mistake = progress_add(commitment=row, user=boss, text="误录的一条", date=dt.date(2024, 3, 2))
    book = workbook(row.report.commitments.all())
    progress_update(entry=typo, user=boss, text="形成初稿", date=typo.date, version=progress_version(typo))
    progress_delete(entry=mistake, user=boss)
    sheet = book.active
    sheet.cell(row_of(sheet, row.pk), COL["due"]).value = "年底前"
    plan = ledger_import(saved(book), user=boss)
    assert plan.ok and [(c.id, c.field) for c in plan.changes] == [(row.pk, "due")]
    # A line that is none of the entries, then or now, is still a new entry.
    sheet.cell(row_of(sheet, row.pk), COL["progress"]).value += "\n2024-03-05 提交主任会议"
    plan = ledger_import(saved(book), user=boss)
    assert [c.new for c in plan.changes if c.field == "progress"] == ["2024-03-05 提交主任会议"]
    # The preview says it is an entry beside the task's one, and where entries are corrected.
    assert [c.note for c in plan.changes if c.field == "progress"] == ["在该任务已有的 1 条进展记录之外新增一条（保留日期改写一行即更正该日的记录；删除记录请在任务页面操作）"]


def test_a_sheet_uploaded_again_brings_back_no_entry_it_added_that_was_deleted_since(rows, boss):
    """A line the sheet added (after its export), deleted by a colleague, came back as an ordinary new entry when the
    same file was uploaded again."""
    from ledger.services.ledger import progress_delete

    row = rows[0]
    book = workbook(row.report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, row.pk), COL["progress"]).value = "2024-11-15 组织常委会组成人员再次视察"
    data = saved(book)
    assert ledger_import(data, user=boss, dry_run=False).applied
    progress_delete(entry=Progress.objects.get(commitment=row, text="组织常委会组成人员再次视察"), user=boss)
    plan = ledger_import(data, user=boss, dry_run=False)
    assert not plan.applied and [c.field for c in plan.changes] == []
    assert len(plan.errors) == 1 and re.fullmatch(
        f"“2024-11-15 组织常委会组成人员再次视察”：该条记录已由 {boss.username} 于 \\S+ \\S+ 在台账中删除；"
        "表格不会恢复已删除的记录，如仍需要，请在任务页面重新添加。",
        plan.errors[0].message,
    )
    assert not Progress.objects.filter(commitment=row, text="组织常委会组成人员再次视察").exists()


def test_a_column_the_ledger_has_no_field_for_is_said_not_read(rows, boss):
    """责任人 or 分管领导 added to an export were dropped without a word (备注 beside 状态说明 was said)."""
    report = rows[0].report
    book, sheet, header = exported(report)
    person, leader, empty = sheet.max_column + 1, sheet.max_column + 2, sheet.max_column + 3
    sheet.cell(header, person).value = "责任人"
    sheet.cell(header, leader).value = "分管领导"
    sheet.cell(header, empty).value = "备用"
    sheet.cell(row_of(sheet, rows[0].pk), person).value = "张三"
    sheet.cell(row_of(sheet, rows[1].pk), leader).value = "李四"
    sheet.cell(row_of(sheet, rows[1].pk), COL["lead_unit"]).value = "研究室"
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    assert plan.applied and [(c.id, c.field) for c in plan.changes] == [(rows[1].pk, "lead_unit")]
    assert [n.message for n in plan.notices] == [
        "未读取“责任人”、“分管领导”列：台账没有这样的栏目（读取的是任务的牵头单位、配合单位、完成时限、状态、状态说明和进展情况）。"
    ]


def test_a_workbook_with_several_sheets_of_tasks_is_refused_naming_them(rows, boss):
    """Only the first sheet with an ID column was read: an edit on a copy of the sheet (another tab) was dropped, and
    a 台账 kept one tab per committee lost every tab but the first, without a word."""
    report, before = rows[0].report, state(rows[0].report)
    book = workbook(report.commitments.all())
    copy = book.copy_worksheet(book.active)
    copy.title = "台账（修改）"
    copy.cell(row_of(copy, rows[0].pk), COL["status"]).value = "已落实"
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    assert not plan.applied and len(plan.errors) == 1
    assert "台账（修改）" in plan.errors[0].message and str(exports.UNIT_SHEET) not in plan.errors[0].message
    assert state(report) == before
    del book["台账（修改）"]
    assert ledger_import(saved(book), user=boss).ok  # the export's own sheets: one of tasks


def test_a_staff_column_copied_beside_itself_is_refused_naming_both_columns(rows, boss):
    """Only the first of two 状态 columns was read: a clerk's edits in the copy were dropped without a word."""
    report, before = rows[0].report, state(rows[0].report)
    book, sheet, header = exported(report)
    copy = sheet.max_column + 1
    sheet.cell(header, copy).value = sheet.cell(header, COL["status"]).value
    sheet.cell(row_of(sheet, rows[0].pk), copy).value = "已落实"
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    assert not plan.applied and len(plan.errors) == 1
    message = plan.errors[0].message
    status_letter = openpyxl.utils.get_column_letter(COL["status"])
    assert str(exports.COLUMNS_BY_KEY["status"].heading) in message and status_letter in message
    assert openpyxl.utils.get_column_letter(copy) in message
    assert state(report) == before
    # A clerk's own 备注 beside the sheet's 状态说明 (a word the import reads as that column in a hand-made sheet):
    # the sheet's own column is read, and the preview says 备注 is not (the whole sheet was refused).
    book = workbook(report.commitments.all())
    sheet = book.active
    mine = sheet.max_column + 1
    sheet.cell(header, mine).value = "备注"
    sheet.cell(row_of(sheet, rows[0].pk), mine).value = "自己记的：周三催办"
    sheet.cell(row_of(sheet, rows[1].pk), COL["lead_unit"]).value = "研究室"
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    note = str(exports.COLUMNS_BY_KEY["status_note"].heading)
    assert plan.applied and plan.errors == [] and [(c.id, c.field) for c in plan.changes] == [(rows[1].pk, "lead_unit")]
    assert [n.message for n in plan.notices] == [f"未读取“备注”列：读取的是表格中的“{note}”列。"]
    assert Commitment.objects.get(pk=rows[0].pk).status_note == rows[0].status_note


def test_the_admins_confirmation_reads_an_old_sheet_as_its_preview_did(rows, client, boss):
    """The confirmation carries when the sheet was exported: it used to plan without it, find a plan other than
    the preview's (the old 状态 cells as changes) and ask again, and a second confirmation undid the machine's
    statuses."""
    from ledger.services import bulk

    report = rows[0].report
    book = workbook(report.commitments.all())
    # The machine changes the row's status after the export; staff change the row's unit in the sheet.
    before = rows[0].status
    after = Status.FULFILLED if before != Status.FULFILLED else Status.PARTIAL
    Commitment.objects.filter(pk=rows[0].pk).update(status=after)
    bulk.history_copy(Commitment, [Commitment.objects.get(pk=rows[0].pk)], update=True, default_change_reason="relinked")
    sheet = book.active
    sheet.cell(row_of(sheet, rows[0].pk), COL["lead_unit"]).value = "法制工作委员会"
    client.force_login(boss)
    url = reverse("admin:ledger_commitment_import")
    preview = client.post(url, {"file": SimpleUploadedFile("台账.xlsx", saved(book))})
    assert preview.content.decode().count('class="ledger-sheet-change"') == 1
    done = client.post(url, {"confirm": "1", "plan": preview.context["token"]})
    assert done.status_code == 302
    rows[0].refresh_from_db()
    assert (rows[0].lead_unit.name, rows[0].status) == ("法制工作委员会", after)


def test_the_history_says_a_change_came_from_the_sheet(rows, boss, edited):
    plan = ledger_import(edited, user=boss, name="大足台账.xlsx", dry_run=False)
    assert plan.applied
    record = Commitment.objects.get(pk=rows[0].pk).history.first()
    assert (record.history_user, record.history_change_reason) == (boss, "从表格 大足台账.xlsx 导入")


def test_an_old_csv_export_does_not_undo_what_changed_since(rows, boss):
    """The CSV says when the ledger wrote it, beside its title: an old one is read as an old workbook is (it undid
    every status the machine set since, as staff decisions of 待回顾)."""
    from ledger.services import bulk

    report = rows[0].report
    _title, data, _count = exports.write(report.commitments.all(), "csv")
    before = rows[0].status
    after = Status.FULFILLED if before != Status.FULFILLED else Status.PARTIAL
    Commitment.objects.filter(pk=rows[0].pk).update(status=after)  # the machine, after the export
    bulk.history_copy(Commitment, [Commitment.objects.get(pk=rows[0].pk)], update=True, default_change_reason="relinked")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    (row,) = [line for line in lines[2:] if line[0] == str(rows[1].pk)]
    row[COL["lead_unit"] - 1] = "法制工作委员会"
    out = io.StringIO()
    csv.writer(out).writerows(lines)
    # The same rows pasted into a new workbook (the export's properties lost, its title row kept): read alike.
    book = openpyxl.Workbook()
    for line in lines:
        book.active.append(line)
    plan = ledger_import(saved(book), user=boss, name="台账.xlsx")
    assert plan.ok and {(c.id, c.field) for c in plan.changes} == {(rows[1].pk, "lead_unit")}
    # The title gives the time as staff read it, local to the minute; beside it the exact time the import reads.
    now = timezone.localtime()
    assert re.fullmatch(r"导出于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}", lines[0][1]) and now.strftime("%Y-%m-%d %H") in lines[0][1]
    assert dt.datetime.fromisoformat(lines[0][2]).utcoffset() == now.utcoffset()
    plan = ledger_import(out.getvalue().encode("utf-8-sig"), user=boss, name="台账.csv", dry_run=False)
    assert plan.applied and {(c.id, c.field) for c in plan.changes} == {(rows[1].pk, "lead_unit")}
    assert Commitment.objects.get(pk=rows[0].pk).status == after


def test_a_note_on_the_machines_status_leaves_the_status_the_machines_and_a_sideways_merge_fills_nothing(rows, boss):
    """A clerk's note (已核实) beside the machine's status made the status a person's decision: counted as confirmed
    in the published rates, and, beside 待回顾, kept from the next review's judgement."""
    from ledger.selectors import is_confirmed

    commitment = next(c for c in rows if c.status_origin != "staff")
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    number = row_of(sheet, commitment.pk)
    sheet.cell(number, COL["status_note"]).value = "已核实"
    noted = saved(book)
    # 状态 and 状态说明 merged across: the note is not the status's words.
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    sheet.merge_cells(start_row=number, start_column=COL["status"], end_row=number, end_column=COL["status_note"])
    assert not ledger_import(saved(book), user=boss).changes
    plan = ledger_import(noted, user=boss, dry_run=False)
    (change,) = plan.changes
    assert change.field == "status_note" and change.note == "机器判定的状态旁的说明：状态仍由机器判定"
    commitment_after = Commitment.objects.get(pk=commitment.pk)
    assert (commitment_after.status, commitment_after.status_origin, commitment_after.status_note) == (
        commitment.status, commitment.status_origin, "已核实"
    )
    assert not is_confirmed(commitment_after)


def test_in_progress_written_for_a_task_whose_review_is_in_is_refused_naming_the_row(rows, seed_ledger, boss):
    """推进中 is for the plan year: the 2025 review says what became of the 2024 tasks, and a sheet cannot take
    them out of the rates; a 2025 task, whose year is running, takes it."""
    running = seed_ledger.body.reports.get(year=2025).commitments.filter(testable=True).order_by("ordinal").first()
    book = workbook(Commitment.objects.filter(pk__in=[rows[1].pk, running.pk]))
    sheet = book.active
    for commitment in (rows[1], running):
        sheet.cell(row_of(sheet, commitment.pk), COL["status"]).value = "推进中"
    plan = ledger_import(saved(book), user=boss)
    assert [(e.row, e.column) for e in plan.errors] == [(row_of(sheet, rows[1].pk), "状态")]
    assert "2025" in plan.errors[0].message and "推进中" in plan.errors[0].message
    rows[1].refresh_from_db()
    assert rows[1].status == Status.NOT_REPORTED
    sheet.cell(row_of(sheet, rows[1].pk), COL["status"]).value = rows[1].get_status_display()
    applied = ledger_import(saved(book), user=boss, dry_run=False)
    assert applied.applied and not applied.errors
    running.refresh_from_db()
    assert (running.status, running.status_origin) == (Status.IN_PROGRESS, "staff")


def test_a_progress_line_edited_keeping_its_date_corrects_that_entry(rows, boss):
    """A clerk fixing a typo in the sheet's 进展情况 got a second entry beside the first."""
    from ledger.services.ledger import progress_update, progress_version

    row = rows[0]
    entry = progress_add(commitment=row, user=boss, text="开展调研", date=dt.date(2024, 4, 1))
    kept = progress_add(commitment=row, user=boss, text="召开座谈会", date=dt.date(2024, 3, 1))
    book = workbook(row.report.commitments.all())
    sheet = book.active
    cell = sheet.cell(row_of(sheet, row.pk), COL["progress"])
    assert cell.value == "2024-04-01 开展调研\n2024-03-01 召开座谈会"
    cell.value = "2024-04-01 开展专题调研\n2024-03-01 召开座谈会\n2024-05-06 形成调研报告"
    plan = ledger_import(saved(book), user=boss)
    assert [(c.old, c.new, c.note) for c in plan.changes] == [
        ("2024-04-01 开展调研", "2024-04-01 开展专题调研", "更正该日的记录"),
        ("", "2024-05-06 形成调研报告", "在该任务已有的 2 条进展记录之外新增一条（保留日期改写一行即更正该日的记录；删除记录请在任务页面操作）"),
    ]
    assert ledger_import(saved(book), user=boss, dry_run=False).applied
    assert [(p.pk, p.date, p.text) for p in row.progress.order_by("date")] == [
        (kept.pk, dt.date(2024, 3, 1), "召开座谈会"), (entry.pk, dt.date(2024, 4, 1), "开展专题调研"),
        (row.progress.get(text="形成调研报告").pk, dt.date(2024, 5, 6), "形成调研报告"),
    ]
    assert "导入" in row.progress.get(pk=entry.pk).history.first().history_change_reason
    # A line taken out of the cell deletes nothing (entries are deleted on the task's page).
    book = workbook(row.report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, row.pk), COL["progress"]).value = "2024-04-01 开展专题调研"
    assert ledger_import(saved(book), user=boss, dry_run=False).changes == [] and row.progress.count() == 3
    # Edited in the sheet after a colleague corrected it on the task's page: refused, naming the line.
    book = workbook(row.report.commitments.all())
    entry.refresh_from_db()
    progress_update(entry=entry, user=boss, text="开展实地调研", version=progress_version(entry))
    sheet = book.active
    cell = sheet.cell(row_of(sheet, row.pk), COL["progress"])
    cell.value = cell.value.replace("开展专题调研", "开展专题调研（两次）")
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    assert not plan.applied and [(e.row, e.column) for e in plan.errors] == [(row_of(sheet, row.pk), "进展情况")]
    assert "2024-04-01 开展专题调研（两次）" in plan.errors[0].message and "任务页面" in plan.errors[0].message
    entry.refresh_from_db()
    assert entry.text == "开展实地调研" and row.progress.count() == 3


def test_lines_and_entries_of_one_day_pair_by_what_they_say_and_a_moved_date_corrects_the_date(rows, boss):
    """Same-day entries were paired by position (two edits swapped their texts; a new line above an edited one took
    its place), an entry of several lines lost its others, and a line whose date was changed added a second entry."""
    row = rows[0]
    first = progress_add(commitment=row, user=boss, text="甲单位报送材料", date=dt.date(2024, 4, 1))
    second = progress_add(commitment=row, user=boss, text="乙单位报送材料", date=dt.date(2024, 4, 1))
    meeting = progress_add(commitment=row, user=boss, text="召开座谈会", date=dt.date(2024, 3, 1))
    visit = progress_add(commitment=row, user=boss, text="赴三驱镇调研", date=dt.date(2024, 5, 10))
    long = progress_add(commitment=row, user=boss, text="开展调研\n走访三个街道", date=dt.date(2024, 2, 1))
    book = workbook(row.report.commitments.all())
    sheet = book.active
    cell = sheet.cell(row_of(sheet, row.pk), COL["progress"])
    lines = cell.value.split("\n")
    edits = {
        "2024-04-01 甲单位报送材料": "2024-04-01 甲单位报送全部材料",
        "2024-04-01 乙单位报送材料": "2024-04-01 乙单位报送部分材料",
        "2024-03-01 召开座谈会": "2024-03-01 印发通知\n2024-03-01 召开专题座谈会",
        "2024-05-10 赴三驱镇调研": "2024-05-12 赴三驱镇调研",
        "走访三个街道": "走访五个街道",
    }
    cell.value = "\n".join(edits.get(line, line) for line in lines)
    plan = ledger_import(saved(book), user=boss)
    corrections = {(c.old, c.new, c.note) for c in plan.changes if c.old}
    assert corrections == {
        ("2024-04-01 甲单位报送材料", "2024-04-01 甲单位报送全部材料", "更正该日的记录"),
        ("2024-04-01 乙单位报送材料", "2024-04-01 乙单位报送部分材料", "更正该日的记录"),
        ("2024-03-01 召开座谈会", "2024-03-01 召开专题座谈会", "更正该日的记录"),
        ("2024-05-10 赴三驱镇调研", "2024-05-12 赴三驱镇调研", "更正该记录的日期"),
    }
    # An entry of several lines is corrected on the task's page only: its edited lines add nothing (they added a copy
    # of its first line and its second dated today), and the preview says so.
    assert [c.new for c in plan.changes if not c.old] == ["2024-03-01 印发通知"]
    assert [n.message for n in plan.notices] == [
        "“2024-02-01 开展调研 走访三个街道”是一条多行记录：表中对它的修改保持原样；请在任务页面更正或删除。"
    ]
    assert ledger_import(saved(book), user=boss, dry_run=False).applied
    for entry in (first, second, meeting, visit, long):
        entry.refresh_from_db()
    assert (first.text, second.text, meeting.text) == ("甲单位报送全部材料", "乙单位报送部分材料", "召开专题座谈会")
    assert (visit.date, visit.text) == (dt.date(2024, 5, 12), "赴三驱镇调研")
    assert long.text == "开展调研\n走访三个街道" and row.progress.count() == 6


def test_without_the_export_time_an_edited_line_is_a_new_entry_and_the_preview_says_so(rows, boss):
    row = rows[0]
    entry = progress_add(commitment=row, user=boss, text="开展调研", date=dt.date(2024, 4, 1))
    book = workbook(row.report.commitments.all())
    book.custom_doc_props = openpyxl.packaging.custom.CustomPropertyList()
    book.properties.creator = "WPS"  # rows pasted into a book of its own: no export's properties, no title's time
    sheet = book.active
    sheet["A1"].value = "工作任务台账"
    sheet.cell(row_of(sheet, row.pk), COL["progress"]).value = "2024-04-01 开展专题调研"
    plan = ledger_import(saved(book), user=boss)
    assert [(c.old, c.new, c.note) for c in plan.changes] == [
        ("", "2024-04-01 开展专题调研", "在该任务已有的 1 条进展记录之外新增一条；已有记录请在任务页面更正或删除")
    ]
    entry.refresh_from_db()
    assert entry.text == "开展调研"


def test_a_note_edited_beside_a_kept_in_progress_applies_once_the_review_is_in(rows, boss):
    """The preview passed a note-only edit of a task left 推进中 and the import then refused it."""
    row = rows[1]
    Commitment.objects.filter(pk=row.pk).update(status=Status.IN_PROGRESS, status_origin="staff", status_note="起草中")
    book = workbook(row.report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, row.pk), COL["status_note"]).value = "已提交主任会议"
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    assert plan.applied and not plan.errors
    row.refresh_from_db()
    assert (row.status, row.status_note) == (Status.IN_PROGRESS, "已提交主任会议")


def test_a_progress_line_taken_out_is_said_to_delete_nothing(rows, boss, client):
    """A line deleted in the sheet was ignored without a word, and came back in the next export."""
    row = rows[0]
    progress_add(commitment=row, user=boss, text="赴三驱镇调研", date=dt.date(2024, 5, 16))
    progress_add(commitment=row, user=boss, text="召开座谈会", date=dt.date(2024, 3, 1))
    book = workbook(row.report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, row.pk), COL["progress"]).value = "2024-03-01 召开座谈会\n2024-06-01 形成报告"
    plan = ledger_import(saved(book), user=boss)
    assert [(n.row, n.column) for n in plan.notices] == [(row_of(sheet, row.pk), "进展情况")]
    assert "2024-05-16 赴三驱镇调研" in plan.notices[0].message and "任务页面" in plan.notices[0].message
    assert plan.as_dict()["notices"][0]["message"] == plan.notices[0].message
    client.force_login(boss)
    page = client.post(
        reverse("admin:ledger_commitment_import"), {"file": SimpleUploadedFile("台账.xlsx", saved(book))}
    ).content.decode()
    assert 'id="ledger-sheet-notices"' in page and "新增记录" in page
    assert ledger_import(saved(book), user=boss, dry_run=False).applied and row.progress.count() == 3


def test_a_line_dated_the_chinese_way_is_read_with_its_date_and_is_no_line_taken_out(rows, boss):
    """2024年9月1日区审计局… (the text straight after 日) was dated today; a kept line rewritten 2024年5月6日 … was
    said to be taken out."""
    row = rows[0]
    progress_add(commitment=row, user=boss, text="召开座谈会", date=dt.date(2024, 5, 6))
    book = workbook(row.report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, row.pk), COL["progress"]).value = (
        "2024年5月6日 召开座谈会\n2024年9月1日区审计局报送整改清单\n2024/10/12区财政局定稿"
    )
    plan = ledger_import(saved(book), user=boss)
    assert plan.notices == [] and not plan.errors
    assert [c.new for c in plan.changes] == ["2024-09-01 区审计局报送整改清单", "2024-10-12 区财政局定稿"]


def test_an_entry_of_several_lines_sent_back_untouched_gives_no_notice_and_an_unread_date_is_an_error(rows, boss):
    """Every upload warned of a two-line entry nobody edited; 9月1日 … (no year) was dated the day of the import, then
    refused, though the row's 年度 gives its year, as the task's page and a 台账 kept by hand read it."""
    row = rows[0]
    progress_add(commitment=row, user=boss, text="专项报告第一稿完成\n已送财经委征求意见", date=dt.date(2024, 8, 1))
    book = workbook(row.report.commitments.all())
    plan = ledger_import(saved(book), user=boss)
    assert plan.notices == [] and plan.changes == [] and not plan.errors
    sheet = book.active
    cell = sheet.cell(row_of(sheet, row.pk), COL["progress"])
    # No day (2024年上半年), a day.month and a two-digit year are refused; a day in characters is read, and a day or
    # month without its year (9月1日, 6月底, 6月，) is of the task's plan year. An amount (1.5亿元) starts no date.
    cell.value += (
        "\n9月1日 重大项目监督方案印发\n二〇二四年九月一日 职业病报告\n2024年6月底 完成调研\n2024-07 形成初稿\n6月底 完成调研"
        "\n2024年上半年 完成调研\n6月，召开推进会\n5.20 座谈\n24年5月 报送\n2024年三月，召开座谈会\n1.5亿元资金到位"
    )
    plan = ledger_import(saved(book), user=boss)
    assert [(e.column, e.message.split("”")[0]) for e in plan.errors] == [
        ("进展情况", "“2024年上半年 完成调研"), ("进展情况", "“5.20 座谈"), ("进展情况", "“24年5月 报送"),
    ]
    assert "2024年9月1日" in plan.errors[0].message
    cell.value = "\n".join(line for line in cell.value.split("\n") if not line.startswith(("2024年上半年", "5.20", "24年")))
    plan = ledger_import(saved(book), user=boss)
    assert plan.ok, plan.errors
    progress = {c.new for c in plan.changes if c.field == "progress"}
    assert {"2024-09-01 重大项目监督方案印发", "2024-06-30 6月底 完成调研", "2024-06-30 6月，召开推进会"} <= progress, progress
    # A month with its year is dated the month's last day, its words kept; the preview says so.
    cell.value = cell.value.replace("\n9月1日 重大项目监督方案印发", "").split("\n6月底")[0]
    cell.value += "\n2024年三月，召开座谈会"
    plan = ledger_import(saved(book), user=boss)
    assert plan.ok and [c.new for c in plan.changes if c.field == "progress"] == [
        "2024-03-31 2024年三月，召开座谈会", "2024-06-30 2024年6月底 完成调研", "2024-07-31 2024-07 形成初稿",
        "2024-09-01 职业病报告",
    ]
    assert any("2024年6月底 完成调研" in e.message and "最后一天" in e.message for e in plan.notices), plan.notices


def test_a_sheet_that_does_not_say_when_it_was_exported_is_said_to_be_read_as_it_stands(rows, edited, client, api, boss):
    """A copy whose title row lost its export time (or a sheet typed by hand) is read cell by cell against the ledger
    as it is now: the preview says so, and that an old copy should be exported again."""
    _title, data, _count = exports.write(rows[0].report.commitments.all(), "csv")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    lines[0] = lines[0][:1]  # the title alone, without the time the ledger wrote it
    (line,) = [line for line in lines if line[0] == str(rows[0].pk)]
    line[COL["lead_unit"] - 1] = "研究室"
    output = io.StringIO()
    csv.writer(output).writerows(lines)
    undated = output.getvalue().encode("utf-8-sig")

    dry = api.post(f"{IMPORT_URL}?dry_run=true", {"file": SimpleUploadedFile("台账.csv", undated)}, format="multipart").json()
    assert dry["exported_at"] is None and dry["changed_rows"] == 1
    dated = api.post(f"{IMPORT_URL}?dry_run=true", {"file": SimpleUploadedFile("台账.xlsx", edited)}, format="multipart").json()
    assert dated["exported_at"] is not None

    client.force_login(boss)
    url = reverse("admin:ledger_commitment_import")
    page = client.post(url, {"file": SimpleUploadedFile("台账.csv", undated)}).content.decode()
    assert 'id="ledger-sheet-undated"' in page and "请重新导出台账" in page
    assert 'id="ledger-sheet-undated"' not in client.post(url, {"file": SimpleUploadedFile("台账.xlsx", edited)}).content.decode()


def test_a_row_of_a_very_long_progress_entry_is_as_tall_as_a_spreadsheet_allows(rows, boss):
    """A 4,000-character entry asked for a row 3,285 points high, past a spreadsheet's 409: LibreOffice drew it as a
    sliver and printed the next row over it."""
    progress_add(commitment=rows[0], user=boss, text="执法检查发现的问题已逐项交办。" * 280)
    sheet = workbook(rows[0].report.commitments.all()).active
    assert sheet.row_dimensions[row_of(sheet, rows[0].pk)].height == exports.MAX_ROW_HEIGHT == 409


def test_a_stray_cell_far_down_and_right_reads_the_rows_that_are_there(seed_ledger):
    """One cell at XFD1048576 made the reader pad a million rows to 16,384 cells each (a worker past 11 GB, no answer)."""
    task = seed_ledger.commitments.filter(testable=True).first()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ID", "牵头单位"])
    sheet.append([task.pk, "办公室"])
    sheet["XFD1048576"] = "x"
    data = io.BytesIO()
    book.save(data)
    read = sheet_read(data.getvalue(), name="台账.xlsx")
    assert not read.errors and [(row.id, row.cells["lead_unit"]) for row in read.rows] == [(task.pk, "办公室")]


def test_a_worksheet_padded_with_an_xml_comment_is_refused_unread(seed_ledger):
    """A long comment in a sheet's XML is parsed in time growing with its square (20 MB took 16 s; 200 MB, minutes):
    no spreadsheet program writes one, so such a file is refused before it is parsed."""
    import zipfile

    book = openpyxl.Workbook()
    book.active.append(["ID", "牵头单位"])
    plain = io.BytesIO()
    book.save(plain)
    padded = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source, zipfile.ZipFile(padded, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            part = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                part = part.replace(b"<sheetData", b"<!--" + b"a" * 1000 + b"--><sheetData", 1)
            target.writestr(item, part)
    read = sheet_read(padded.getvalue(), name="台账.xlsx")
    assert read.rows == [] and "不是台账" in read.errors[0].message
    assert not any("不是台账" in e.message for e in sheet_read(plain.getvalue(), name="台账.xlsx").errors)  # unpadded, read


# Undoing an import


def test_an_import_is_undone_as_a_whole_except_what_changed_since(rows, boss, django_user_model):
    """A mistaken import could not be undone (re-importing the previous export changed nothing: its cells were as
    exported): every change had to be typed back by hand. Undone, each column the import changed gets its value back,
    a progress line it added goes, and a column a colleague changed since stays hers."""
    from ledger.services.sheet_undo import sheet_import_undo, undo_steps

    commitment_ledger_update(commitment=rows[2], user=boss, due="年底前")
    machines = rows[1].status
    assert rows[1].status_origin == "auto"
    target = Status.PARTIAL if machines != Status.PARTIAL else Status.NOT_REPORTED
    before = state(rows[0].report)
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, rows[0].pk), COL["lead_unit"]).value = "法制工作委员会"
    sheet.cell(row_of(sheet, rows[0].pk), COL["progress"]).value = "2024-05-10 召开座谈会"
    sheet.cell(row_of(sheet, rows[1].pk), COL["status"]).value = str(target.label)
    sheet.cell(row_of(sheet, rows[2].pk), COL["due"]).value = "2024年9月"
    plan = ledger_import(saved(book), name="台账.xlsx", user=boss, dry_run=False)
    assert plan.applied and plan.record is not None and {task["id"] for task in plan.record.tasks} == {r.pk for r in rows[:3]}
    colleague = django_user_model.objects.create_user("colleague", first_name="王丽", is_staff=True)
    commitment_ledger_update(commitment=rows[2], user=colleague, due="10月底前")
    commitment_ledger_update(commitment=rows[2], user=boss, partner_units=["研究室"])  # another column, later: not blamed
    with translation.override("zh-hans"):
        steps = undo_steps(plan.record)
        assert state(rows[0].report) != before  # a dry look writes nothing
        kept = [step for step in steps if not step.undone]
        assert [(step.commitment_id, step.label) for step in kept] == [(rows[2].pk, "时限")]
        assert "王丽" in kept[0].why
        assert {(step.commitment_id, step.label) for step in steps if step.undone} == {
            (rows[0].pk, "单位"), (rows[0].pk, "进展情况"), (rows[1].pk, "状态"),
            (0, "单位"),  # 法制工作委员会, the unit the import created, taken out again
        }
        sheet_import_undo(record=plan.record, user=boss)
    after = state(rows[0].report)
    assert {pk: value for pk, value in after.items() if pk != rows[2].pk} == {pk: value for pk, value in before.items() if pk != rows[2].pk}
    rows[1].refresh_from_db()
    assert (rows[1].status, rows[1].status_origin) == (machines, "auto")  # the machine's again
    rows[2].refresh_from_db()
    assert rows[2].due_label == "10月底前"
    assert "撤销" in rows[0].history.first().history_change_reason
    with pytest.raises(ValidationError):
        sheet_import_undo(record=plan.record, user=boss)


def test_the_admin_lists_recent_imports_and_undoes_one_after_showing_what_it_will_do(rows, edited, client, boss):
    client.force_login(boss)
    before = state(rows[0].report)
    plan = ledger_import(edited, name="台账.xlsx", user=boss, dry_run=False)
    page = client.get(reverse("admin:ledger_commitment_import")).content.decode()
    assert 'id="ledger-recent-imports"' in page and "台账.xlsx" in page and "撤销…" in page
    url = reverse("admin:ledger_commitment_import_undo", args=[plan.record.pk])
    shown = client.get(url).content.decode()
    assert rows[0].task[:20] in shown and "撤销导入" in shown and state(rows[0].report) != before
    done = client.post(url)
    page = done.content.decode()
    assert done.status_code == 200 and state(rows[0].report) == before
    assert "已撤销" in page and "恢复为" in page and 'id="ledger-undo-form"' not in page  # what it did, not a form again
    assert "撤销" in client.get(reverse("admin:ledger_commitment_import")).content.decode().split(f'id="ledger-import-{plan.record.pk}"')[1].split("</tr>")[0]
    assert client.post(url).status_code == 200  # undone already: the page says so, nothing is done again
    assert state(rows[0].report) == before
    # The latest ten are listed, and every one on asking (an import of last month was undone by typing its URL).
    from ledger.models import SheetImport

    SheetImport.objects.bulk_create([SheetImport(name=f"旧台账{n}.xlsx", user=boss) for n in range(12)])
    page = client.get(reverse("admin:ledger_commitment_import")).content.decode()
    assert page.count('class="ledger-import-undo"') == 10 and "全部 13 次导入" in page
    page = client.get(reverse("admin:ledger_commitment_import"), {"imports": "all"}).content.decode()
    assert page.count('class="ledger-import-undo"') == 12 and 'id="ledger-all-imports"' not in page


def test_a_colleagues_change_after_the_export_keeps_what_depended_on_the_sheets_change_too(rows, boss, django_user_model):
    """A lead unit kept as a colleague set it after the export left the partner change that came of the sheet's new
    lead (研究室 left the partners and was lead of nothing); a unit renamed since was read as a colleague's change and
    blamed on whoever changed the task last; a deadline kept as the colleague's still allowed the sheet's 推进中."""
    colleague = django_user_model.objects.create_user("colleague", first_name="王丽", is_staff=True)
    task = rows[0]
    commitment_ledger_update(commitment=task, user=boss, lead_unit="办公室", partner_units=["研究室", "法制工作委员会"])
    book = workbook(task.report.commitments.all())
    sheet = book.active
    commitment_ledger_update(commitment=task, user=colleague, lead_unit="财政经济工作委员会")
    sheet.cell(row_of(sheet, task.pk), COL["lead_unit"]).value = "研究室"
    assert ledger_import(saved(book), user=boss, dry_run=False).applied
    task.refresh_from_db()
    assert task.lead_unit.name == "财政经济工作委员会" and [u.name for u in task.partners] == ["研究室", "法制工作委员会"]
    # A unit renamed after the export is the same unit: the sheet's new lead is applied, and no one is blamed.
    other = rows[1]
    commitment_ledger_update(commitment=other, user=boss, lead_unit="办公室", due="年底前")
    book = workbook(other.report.commitments.all())
    sheet = book.active
    Unit.objects.filter(name="办公室").update(name="办公厅")
    commitment_ledger_update(commitment=other, user=colleague, due="10月底前")  # her deadline, not the lead
    sheet.cell(row_of(sheet, other.pk), COL["lead_unit"]).value = "研究室"
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    other.refresh_from_db()
    assert plan.applied and other.lead_unit.name == "研究室" and not any("王丽" in n.message for n in plan.notices)
    # The deadline kept as hers: the 推进中 her deadline does not allow is refused at the preview, as at the confirmation.
    task = rows[2]
    book = workbook(task.report.commitments.all())
    sheet = book.active
    commitment_ledger_update(commitment=task, user=colleague, due="2024年9月")
    sheet.cell(row_of(sheet, task.pk), COL["due"]).value = dt.date(timezone.localdate().year + 1, 6, 30).isoformat()
    sheet.cell(row_of(sheet, task.pk), COL["status"]).value = "推进中"
    preview = ledger_import(saved(book), user=boss)
    done = ledger_import(saved(book), user=boss, dry_run=False)
    assert (preview.ok, bool(preview.errors)) == (done.applied, bool(done.errors))
    assert not preview.ok and any("王丽" in n.message for n in preview.notices)


def test_an_undo_shows_and_does_the_same_and_a_step_the_ledger_refuses_is_kept_alone(rows, boss, django_user_model):
    """A correction the ledger could no longer take back (the old text no longer fits its cell) refused the whole undo,
    after the preview said every step would be undone; a person's status came back as the undoer's decision, without
    the review's disagreement (out of the review queue)."""
    from ledger.services.ledger import progress_add
    from ledger.services.sheet_undo import sheet_import_undo, undo_steps

    task = rows[0]
    entry = progress_add(commitment=task, user=boss, date=dt.date(2024, 3, 1), text="形成初稿" * 1000)
    colleague = django_user_model.objects.create_user("colleague", first_name="王丽", is_staff=True)
    commitment_set_status(commitment=rows[1], status=Status.PARTIAL, user=colleague, note="仅完成一半")
    Commitment.objects.filter(pk=rows[1].pk).update(review_disagrees=True)
    book = workbook(task.report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, task.pk), COL["progress"]).value = "2024-03-01 形成初稿"
    sheet.cell(row_of(sheet, rows[1].pk), COL["status"]).value = "已落实"
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    assert plan.applied
    for day in range(1, 7):  # lines added since: the old 4,000 characters no longer fit beside them
        progress_add(commitment=task, user=boss, date=dt.date(2024, 4, day), text="推进" * 2400)
    shown = undo_steps(plan.record)
    done = sheet_import_undo(record=plan.record, user=boss)
    assert [(s.commitment_id, s.what, s.undone) for s in shown] == [(s.commitment_id, s.what, s.undone) for s in done]
    assert [s.undone for s in done if s.commitment_id == task.pk] == [False]
    entry.refresh_from_db()
    rows[1].refresh_from_db()
    assert entry.text == "形成初稿"  # kept, said why
    assert (rows[1].status, rows[1].status_note, rows[1].status_decided_by, rows[1].review_disagrees) == (
        Status.PARTIAL, "仅完成一半", colleague, True
    )
