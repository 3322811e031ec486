"""The 台账 a clerk kept by hand before the ledger (no ID column), read into it: each row matched to a task of the
report the clerk names by the words of its task column (services/sheet_match.py), on the seed report of 大足区 2024."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from ledger.models import Commitment
from ledger.services.ledger_import import ledger_import
from ledger.services.sheet_match import match_rows

pytestmark = pytest.mark.django_db

HEADER = ["序号", "工作任务", "牵头单位", "配合单位", "完成时限", "进展情况", "完成情况", "备注"]


@pytest.fixture
def tasks(seed_ledger):
    """Three testable tasks of the seed report, far apart in it."""
    testable = list(seed_ledger.commitments.filter(testable=True).order_by("ordinal"))
    return [testable[0], testable[len(testable) // 2], testable[-1]]


def own_sheet(tasks, extra_rows=()) -> bytes:
    """A clerk's own 台账: a title, the headings she uses, each task as she copied it (numbered, its full stop kept)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["大足区人大常委会2024年工作要点落实台账"])
    sheet.append(HEADER)
    for number, task in enumerate(tasks, start=1):
        sheet.append([number, f"{number}. {task.task}。", "办公室", "研究室", "2024年6月", "2024-03-01 已召开协调会", "已完成", "自留"])
    for row in extra_rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_rows_are_matched_to_the_reports_tasks_by_their_words(seed_ledger, tasks, boss):
    stray = [9, "组织机关干部年度体检", "机关服务中心", None, "2024年10月", None, "未开始", None]
    with translation.override("zh-hans"):
        plan = ledger_import(own_sheet(tasks, [stray]), user=boss, report=seed_ledger)
    assert plan.ok, plan.errors
    assert [(m.row, m.id) for m in plan.matches] == [(3, tasks[0].pk), (4, tasks[1].pk), (5, tasks[2].pk)]
    assert all(m.score >= 0.5 and not m.ambiguous for m in plan.matches)
    changed = {(c.id, c.field) for c in plan.changes}
    for task in tasks:
        assert {(task.pk, "lead_unit"), (task.pk, "partner_units"), (task.pk, "due"), (task.pk, "progress")} <= changed
    # The row that is no task of the report is left out, said so with the task it came closest to.
    (notice,) = [n for n in plan.notices if n.row == 6]
    assert "组织机关干部年度体检" in notice.message and "最接近的是第" in notice.message and "未导入" in notice.message
    # Applied: each task as the clerk kept it, in its history as imported.
    applied = ledger_import(own_sheet(tasks, [stray]), user=boss, report=seed_ledger, name="台账.xlsx", dry_run=False)
    assert applied.applied
    for task in tasks:
        task.refresh_from_db()
        assert task.lead_unit.name == "办公室" and [u.name for u in task.partner_units.all()] == ["研究室"]
        assert task.status == "fulfilled" and task.progress.get().text == "已召开协调会"
    assert not Commitment.objects.filter(lead_unit__name="机关服务中心").exists()


def test_without_a_report_a_sheet_without_ids_is_refused_saying_what_to_do(tasks, boss):
    with translation.override("zh-hans"):
        plan = ledger_import(own_sheet(tasks), user=boss)
    assert not plan.ok and plan.errors[0].row is None
    assert "如是自行维护的台账，请选择其工作任务所属的报告" in plan.errors[0].message


def test_a_row_as_like_two_tasks_is_left_for_a_person(seed_ledger, boss):
    """Two tasks of one wording: which one a row is, the words cannot tell."""
    twins = [(10, "听取和审议"), (11, "听取和审议")]
    matches = match_rows(twins, seed_ledger)
    assert all(m.id is None for m in matches)


def test_a_task_is_matched_by_one_row_only(seed_ledger, tasks):
    """The same task copied twice: the closer row takes it, the other is left (one task, one row)."""
    text = tasks[0].task
    matches = match_rows([(3, text), (4, text + "（续）")], seed_ledger)
    assert matches[0].id == tasks[0].pk and matches[1].id is None


def test_the_admin_preview_shows_each_match_and_the_api_gives_them(seed_ledger, tasks, boss, client, api):
    client.force_login(boss)
    upload = SimpleUploadedFile("我的台账.xlsx", own_sheet(tasks))
    page = client.post(reverse("admin:ledger_commitment_import"), {"file": upload, "report": seed_ledger.pk}).content.decode()
    assert 'id="ledger-sheet-matched"' in page
    assert len(re.findall(r'class="ledger-sheet-match"', page)) >= len(tasks)
    assert 'id="ledger-sheet-confirm"' in page  # confirmable, as an export is
    token = re.search(r'name="plan" value="([^"]+)"', page).group(1)
    response = client.post(reverse("admin:ledger_commitment_import"), {"confirm": "1", "plan": token})
    assert response.status_code == 302
    assert {t.lead_unit.name for t in Commitment.objects.filter(pk__in=[t.pk for t in tasks])} == {"办公室"}
    response = api.post(
        f"/api/v1/commitments/import/xlsx/?dry_run=true&report={seed_ledger.pk}",
        {"file": SimpleUploadedFile("我的台账.xlsx", own_sheet(tasks))}, format="multipart",
    )
    assert response.status_code == 200, response.content
    assert [m["id"] for m in response.json()["matches"]] == [t.pk for t in tasks]
