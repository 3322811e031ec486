"""Undoing a 台账 import and reading a sheet's status cells: what a later change, another import or the ledger's own
rules keep (cases a review of the first version found)."""
import pytest
from django.utils import timezone, translation

from ledger.models import Status
from ledger.selectors import follow_up_of, plan_year_over
from ledger.services import commitment_set_status
from ledger.services.ledger import commitment_ledger_update
from ledger.services.ledger_import import ledger_import
from ledger.services.sheet_undo import sheet_import_undo, undo_steps

from . import test_sheet, test_sheet_own
from .test_sheet import COL, row_of, saved, workbook
from .test_sheet_own import saved as own_saved, titled_sheet, zh_import


# The fixtures of the sheet's tests: six tasks in the report's order, three far apart.
rows, tasks = test_sheet.rows, test_sheet_own.tasks


def test_undo_of_an_earlier_import_overwrites_a_later_imports_value(rows, boss, django_user_model):
    """Import A sets 时限 to 2024年9月; a colleague sets 10月底前; import B (a later sheet) sets 2024年9月 again.
    Undoing A must keep B's value (B is still in force); it puts back the value from before A."""
    task = rows[0]
    commitment_ledger_update(commitment=task, user=boss, due="年底前")
    book = workbook(task.report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, task.pk), COL["due"]).value = "2024年9月"
    first = ledger_import(saved(book), name="A.xlsx", user=boss, dry_run=False).record
    colleague = django_user_model.objects.create_user("colleague", first_name="王丽", is_staff=True)
    commitment_ledger_update(commitment=task, user=colleague, due="10月底前")
    book = workbook(task.report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, task.pk), COL["due"]).value = "2024年9月"
    second = ledger_import(saved(book), name="B.xlsx", user=colleague, dry_run=False).record
    assert second is not None
    sheet_import_undo(record=first, user=boss)
    task.refresh_from_db()
    assert task.due_label == "2024年9月"  # B's (王丽's) deadline, kept: it was 年底前 again
    # and undoing B still can: its change is the last one.
    sheet_import_undo(record=second, user=colleague)
    task.refresh_from_db()
    assert task.due_label == "10月底前"


def test_undo_restores_a_status_the_ledger_no_longer_allows(rows, boss, django_user_model):
    """A person's 推进中 (allowed while the deadline was next year) comes back after the deadline moved into the plan
    year: the undo writes a status status_allowed refuses (the task leaves every rate without a word)."""
    task = rows[1]
    year = timezone.localdate().year + 1
    commitment_ledger_update(commitment=task, user=boss, due=f"{year}年6月")
    commitment_set_status(commitment=task, status=Status.IN_PROGRESS, user=boss)
    book = workbook(task.report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, task.pk), COL["status"]).value = str(Status.FULFILLED.label)
    record = ledger_import(saved(book), user=boss, dry_run=False).record
    colleague = django_user_model.objects.create_user("colleague", first_name="王丽", is_staff=True)
    commitment_ledger_update(commitment=task, user=colleague, due="2024年9月")
    steps = sheet_import_undo(record=record, user=boss)
    task.refresh_from_db()
    assert not (task.status == Status.IN_PROGRESS and plan_year_over(task, follow_up_of(task.report))), steps
    assert task.status == Status.FULFILLED and any(not step.undone and "推进中" in step.why for step in steps)


@pytest.mark.parametrize("cell", ["完成 60%", "完成，仅完成60%", "已完成：2/3", "已完成 但未验收"])
def test_a_partial_outcome_written_after_a_status_word_is_not_read_as_fulfilled(rows, boss, cell):
    """完成60% is refused (a person says which status); 完成 60% (with a space) became 已落实, a person's status, with
    60% as its note."""
    task = rows[0]
    book = workbook(task.report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, task.pk), COL["status"]).value = cell
    plan = ledger_import(saved(book), user=boss)
    status = [c for c in plan.changes if c.field == "status"]
    assert plan.errors or not any("已落实" in str(c.new) for c in status), [(c.old, c.new) for c in status]




def test_a_progress_column_opening_with_status_words_is_no_longer_read_as_progress(seed_ledger, tasks, boss):
    """A hand-kept 完成情况 column of what was done, most lines opening 已完成，…/正在推进，… and a date: the progress
    (dated entries), not a status with its dates as the note."""
    first, second, third = tasks
    book, _sheet = titled_sheet(
        ["序号", "工作任务", "完成情况"],
        [1, first.task, "已完成，2024年6月25日常委会会议听取审议"],
        [2, second.task, "正在推进，2024年9月召开座谈会"],
        [3, third.task, "2024年7月召开年中会议"],
    )
    plan = zh_import(own_saved(book), user=boss, report=seed_ledger)
    assert plan.ok, [(e.row, e.message) for e in plan.errors]
    assert {c.field for c in plan.changes} == {"progress"}


def test_a_unit_offered_as_alike_in_the_first_pass_is_still_offered_after_its_column_was_planned_out(rows, boss, django_user_model):
    from ledger.models import Unit

    task = rows[0]
    body = task.report.body
    Unit.objects.get_or_create(body=body, name="财政经济工作委员会")
    book = workbook(task.report.commitments.all())
    sheet = book.active
    colleague = django_user_model.objects.create_user("colleague", first_name="王丽", is_staff=True)
    commitment_ledger_update(commitment=task, user=colleague, lead_unit="研究室")
    sheet.cell(row_of(sheet, task.pk), COL["lead_unit"]).value = "财经工委"
    plan = ledger_import(saved(book), user=boss)
    assert not any(c.field == "lead_unit" for c in plan.changes)
    assert "财经工委" not in plan.new_units
    assert "财经工委" not in plan.alike, plan.alike  # not offered for a unit the plan no longer creates


def test_undo_names_who_changed_the_partner_units_not_who_touched_the_task_last(rows, boss, django_user_model):
    task = rows[0]
    book = workbook(task.report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, task.pk), COL["partner_units"]).value = "研究室"
    record = ledger_import(saved(book), user=boss, dry_run=False).record
    colleague = django_user_model.objects.create_user("colleague", first_name="王丽", is_staff=True)
    other = django_user_model.objects.create_user("other", first_name="李强", is_staff=True)
    commitment_ledger_update(commitment=task, user=colleague, partner_units=["办公室"])
    commitment_ledger_update(commitment=task, user=other, due="年底前")  # another column, later
    with translation.override("zh-hans"):
        (kept,) = [s for s in undo_steps(record) if not s.undone]
    assert "王丽" in kept.why, kept.why


def test_a_unit_the_import_created_goes_with_its_undo_unless_a_task_has_it_now(rows, boss):
    """A unit an import created stayed after its undo, with no task, offered in every unit list."""
    from ledger.models import Unit

    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, rows[0].pk), COL["lead_unit"]).value = "区人大常委会新设工作室"
    sheet.cell(row_of(sheet, rows[1].pk), COL["lead_unit"]).value = "区人大常委会另设工作室"
    record = ledger_import(saved(book), user=boss, dry_run=False).record
    assert len(record.added["units"]) == 2
    commitment_ledger_update(commitment=rows[2], user=boss, lead_unit="区人大常委会另设工作室")  # in use since
    with translation.override("zh-hans"):
        steps = sheet_import_undo(record=record, user=boss)
    assert not Unit.objects.filter(name="区人大常委会新设工作室").exists()
    assert Unit.objects.filter(name="区人大常委会另设工作室").exists()
    assert any(not step.undone and "另设工作室" in step.why for step in steps)


def test_a_program_undoes_an_import_it_made(rows, boss, api):
    """The API imported a sheet and could not undo it: the plan names the import, and its undo answers what it did (or,
    as a dry run, would do)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ledger.models import Commitment

    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, rows[0].pk), COL["due"]).value = "2024年9月"
    before = Commitment.objects.get(pk=rows[0].pk).due_label
    plan = api.post("/api/v1/commitments/import/xlsx/", {"file": SimpleUploadedFile("台账.xlsx", saved(book))}, format="multipart").json()
    assert plan["applied"] and plan["import_id"]
    url = f"/api/v1/commitments/import/{plan['import_id']}/undo/"
    shown = api.post(url + "?dry_run=true").json()
    assert not shown["applied"] and [(s["commitment"], s["undone"]) for s in shown["steps"]] == [(rows[0].pk, True)]
    assert Commitment.objects.get(pk=rows[0].pk).due_label == "2024年9月"
    done = api.post(url).json()
    assert done["applied"] and done["steps"] == shown["steps"]
    assert Commitment.objects.get(pk=rows[0].pk).due_label == before
    again = api.post(url)
    assert again.status_code == 400 and again.json()["error"]["code"] == "undone_already"
    for missing in ("/api/v1/commitments/import/99999999/undo/", "/api/v1/commitments/import/99999999999999999999/undo/"):
        assert api.post(missing).status_code == 404
    dry = api.post("/api/v1/commitments/import/xlsx/?dry_run=true", {"file": SimpleUploadedFile("台账.xlsx", saved(book))}, format="multipart")
    assert dry.json()["import_id"] is None


NEW_UNIT = "区人大常委会新设工作室"


def _import_new_unit(rows, boss):
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, rows[0].pk), COL["lead_unit"]).value = NEW_UNIT
    return ledger_import(saved(book), user=boss, dry_run=False).record


@pytest.mark.parametrize("query", ["?dry_run=", "?dry_run=true&dry_run="])
def test_an_empty_dry_run_undoes_nothing(rows, boss, api, query):
    """?dry_run= (empty) read as no value, so the default: the import was undone."""
    record = _import_new_unit(rows, boss)
    response = api.post(f"/api/v1/commitments/import/{record.pk}/undo/{query}")
    record.refresh_from_db()
    assert response.status_code == 400 and record.undone_at is None


def test_a_unit_the_import_created_is_kept_where_staff_or_a_later_import_relied_on_it(rows, boss, monkeypatch):
    """An undo deleted a unit staff had renamed since (its other names with it); undoing an earlier import took out
    the unit a later one still named, whose undo then could not restore it; and a unit of that name made meanwhile in
    another body was taken for the import's."""
    from ledger.models import Body, Unit, UnitName
    from ledger.services import ledger_import as module
    from ledger.services.ledger import unit_save

    record = _import_new_unit(rows, boss)
    unit = Unit.objects.get(name=NEW_UNIT)
    unit.name = "区人大常委会工作室"
    unit_save(unit=unit, user=boss)
    sheet_import_undo(record=record, user=boss)
    assert Unit.objects.filter(pk=unit.pk).exists() and UnitName.objects.filter(unit_id=unit.pk).exists()
    # A later import naming the unit (its lead before it): kept, so that undoing the later one restores it.
    original = rows[1].lead_unit
    book = workbook(rows[1].report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, rows[1].pk), COL["lead_unit"]).value = "区人大常委会另设工作室"
    first = ledger_import(saved(book), user=boss, dry_run=False).record
    book = workbook(rows[1].report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, rows[1].pk), COL["lead_unit"]).value = "区人大常委会办公室"
    second = ledger_import(saved(book), user=boss, dry_run=False).record
    sheet_import_undo(record=first, user=boss)
    assert Unit.objects.filter(name="区人大常委会另设工作室").exists()
    sheet_import_undo(record=second, user=boss)
    rows[1].refresh_from_db()
    assert rows[1].lead_unit.name == "区人大常委会另设工作室" and original != rows[1].lead_unit
    # Another body's unit of the same name, made while the import ran, is not the import's.
    other = Body.objects.exclude(pk=rows[0].report.body_id).first()
    made, real = [], module._apply

    def apply(update, **kwargs):
        if not made:
            made.append(Unit.objects.create(body=other, name="区人大常委会第三工作室"))
        return real(update, **kwargs)

    monkeypatch.setattr(module, "_apply", apply)
    book = workbook(rows[2].report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, rows[2].pk), COL["lead_unit"]).value = "区人大常委会第三工作室"
    record = ledger_import(saved(book), user=boss, dry_run=False).record
    assert made[0].pk not in record.added["units"] and len(record.added["units"]) == 1


def test_a_unit_merged_since_the_import_comes_back_as_the_unit_it_was_merged_into(rows, boss):
    """A task's partner unit before the import, merged into another since, could not be restored ("no unit with id N"):
    its name is now one of the other unit's names, and the undo gives the task that unit."""
    from ledger.models import Unit
    from ledger.services.ledger import units_merge

    commitment_ledger_update(commitment=rows[0], user=boss, partner_units=["财经工委"])
    book = workbook(rows[0].report.commitments.all())
    sheet = book.active
    sheet.cell(row_of(sheet, rows[0].pk), COL["partner_units"]).value = "研究室"
    record = ledger_import(saved(book), user=boss, dry_run=False).record
    into, _created = Unit.objects.get_or_create(body=rows[0].report.body, name="财政经济工作委员会")
    units_merge(units=[Unit.objects.get(name="财经工委")], into=into, user=boss)
    with translation.override("zh-hans"):
        (step,) = [s for s in sheet_import_undo(record=record, user=boss) if s.what == "units" and s.commitment_id]
    rows[0].refresh_from_db()
    assert step.undone and "财政经济工作委员会" in step.why
    assert [u.name for u in rows[0].partners] == ["财政经济工作委员会"]
