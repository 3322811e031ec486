"""The 台账 a clerk kept by hand before the ledger (no ID column), read into it: each row matched to a task of the
report the clerk names by the words of its task column (services/sheet_match.py), on the seed report of 大足区 2024."""

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from ledger.models import Commitment, Unit
from ledger.services.carry import clear_pairs
from ledger.services.ledger_import import ledger_import
from ledger.services.ledger import commitment_ledger_update, progress_update, progress_version, units_merge
from ledger.services.sheet_match import TAKEN, UNCLEAR, UNLIKE, match_rows

pytestmark = pytest.mark.django_db

HEADER = ["序号", "工作任务", "牵头单位", "配合单位", "完成时限", "进展情况", "完成情况", "备注"]
TITLE = "大足区人大常委会2024年工作要点落实台账"


@pytest.fixture
def tasks(seed_ledger):
    """Three testable tasks of the seed report, far apart in it."""
    testable = list(seed_ledger.commitments.filter(testable=True).order_by("ordinal"))
    return [testable[0], testable[len(testable) // 2], testable[-1]]


def workbook_for(cover: bool = False):
    """A workbook and the sheet the 台账 goes in: its first, or after a cover sheet of instructions."""
    book = openpyxl.Workbook()
    sheet = book.active
    if cover:
        sheet.title = "填报说明"
        sheet.append(["请各责任单位于每月25日前填报进展情况。"])
        sheet = book.create_sheet("台账")
    return book, sheet


def titled_sheet(header: list, *rows):
    """A clerk's sheet of the title, ``header`` and ``rows``: the workbook and its sheet, to edit further."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in ([TITLE], header, *rows):
        sheet.append(list(row))
    return book, sheet


def own_sheet(tasks, extra_rows=(), *, title=TITLE, cover=False) -> bytes:
    """A clerk's own 台账: a title, the headings she uses, a part heading, each task as she copied it (numbered, its
    full stop kept), her own 备注."""
    book, sheet = workbook_for(cover)
    sheet.append([title])
    sheet.append(HEADER)
    sheet.append(["一、重点工作"])
    for number, task in enumerate(tasks, start=1):
        sheet.append([number, f"{number}. {task.task}。", "办公室", "研究室", "2024年6月", "2024-03-01 已召开协调会", "已完成", "自留"])
    for row in extra_rows:
        sheet.append(row)
    return saved(book)


def saved(book) -> bytes:
    """A workbook as the bytes of its file."""
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def zh_import(data, **kwargs):
    with translation.override("zh-hans"):
        return ledger_import(data, **kwargs)


def test_rows_are_matched_to_the_reports_tasks_by_their_words(seed_ledger, tasks, boss):
    stray = [9, "组织机关干部年度体检", "机关服务中心", None, "2024年10月", None, "未开始", None]
    plan = zh_import(own_sheet(tasks, [stray]), user=boss, report=seed_ledger)
    assert plan.ok, plan.errors
    matched = [m for m in plan.matches if m.id is not None]
    assert [(m.row, m.id) for m in matched] == [(4, tasks[0].pk), (5, tasks[1].pk), (6, tasks[2].pk)]
    changed = {(c.id, c.field) for c in plan.changes}
    for task in tasks:
        assert {(task.pk, "lead_unit"), (task.pk, "partner_units"), (task.pk, "due"), (task.pk, "progress")} <= changed
        assert (task.pk, "status_note") not in changed  # her 备注 is her own remark, not a note on the status
    notes = {n.row: n.message for n in plan.notices}
    assert any("备注" in message and "未读取" in message for row, message in notes.items() if row is None)
    # The row that is no task of the report is left out, said so with the task it came closest to.
    assert "组织机关干部年度体检" in notes[7] and "最接近的是第" in notes[7] and "未导入" in notes[7]
    applied = zh_import(own_sheet(tasks, [stray]), user=boss, report=seed_ledger, name="台账.xlsx", dry_run=False)
    assert applied.applied
    for task in tasks:
        task.refresh_from_db()
        assert task.lead_unit.name == "办公室" and [u.name for u in task.partner_units.all()] == ["研究室"]
        assert task.status == "fulfilled" and task.progress.get().text == "已召开协调会"
        assert "台账.xlsx" in task.history.latest().history_change_reason  # imported from the sheet, by name
    assert not Unit.objects.filter(name="机关服务中心").exists()


def test_a_task_of_the_same_pattern_about_another_thing_is_not_matched(seed_ledger, boss):
    """专题调研全区物业管理情况 shares 专题调研全区…管理 with the report's 专题调研全区停车管理: a plain Dice put the
    clerk's row on it (0.60). The words that tell tasks apart weigh most."""
    parking = seed_ledger.commitments.get(object__contains="停车管理")
    (match,) = match_rows([(3, "专题调研全区物业管理情况")], seed_ledger)
    assert match.id is None and match.left == UNLIKE and match.ordinal == parking.ordinal
    (match,) = match_rows([(3, "专题调研全区停车管理情况")], seed_ledger)
    assert match.id == parking.pk


def test_an_empty_cell_of_a_sheet_kept_by_hand_changes_nothing(seed_ledger, tasks, boss):
    """An empty 完成情况 refused the whole sheet ("“”不是状态") and an empty 责任单位 cleared the unit set."""
    commitment_ledger_update(commitment=tasks[0], user=boss, lead_unit="预算工委")
    row = [1, tasks[0].task, None, None, None, "2024-05-06 召开座谈会", None, None]
    book = openpyxl.load_workbook(io.BytesIO(own_sheet([])))
    book.active.append(row)
    data = saved(book)
    plan = zh_import(data, user=boss, report=seed_ledger)
    assert plan.ok, plan.errors
    assert {(c.id, c.field) for c in plan.changes} == {(tasks[0].pk, "progress")}


def test_a_row_without_a_task_and_a_task_twice_are_said(seed_ledger, tasks, boss):
    continuation = [None, None, None, None, None, "2024-10-15 形成执法检查报告", None, None]
    twice = [4, tasks[0].task + "（结合调研成果形成报告）", "法工委", None, None, None, None, None]
    plan = zh_import(own_sheet(tasks, [continuation, twice]), user=boss, report=seed_ledger)
    notes = {n.row: n.message for n in plan.notices}
    assert "该行没有工作任务，其内容未导入" in notes[7]
    assert "第 4 行与该项更接近" in notes[8]  # not "like no task … only 0.88"


def test_a_sheet_titled_for_another_body_or_year_is_refused(seed_ledger, tasks, boss):
    """A neighbour's sheet (永川区) or last year's, uploaded against this report, put its rows on tasks of the same
    pattern."""
    plan = zh_import(own_sheet(tasks, title="永川区人大常委会2024年工作要点落实台账"), user=boss, report=seed_ledger)
    assert not plan.ok and "永川区" in plan.errors[0].message and "大足区" in plan.errors[0].message
    plan = zh_import(own_sheet(tasks, title="大足区人大常委会2023年工作要点落实台账"), user=boss, report=seed_ledger)
    assert not plan.ok and "2023" in plan.errors[0].message and "2024" in plan.errors[0].message


def test_a_workbook_with_a_cover_sheet_first_is_read(seed_ledger, tasks, boss):
    plan = zh_import(own_sheet(tasks, cover=True), user=boss, report=seed_ledger)
    assert plan.ok and [m.id for m in plan.matches if m.id] == [t.pk for t in tasks]


def test_without_a_report_a_sheet_without_ids_is_refused_saying_what_to_do(tasks, boss):
    plan = zh_import(own_sheet(tasks), user=boss)
    assert not plan.ok and plan.errors[0].row is None
    assert "如是自行维护的台账，请选择其工作任务所属的报告" in plan.errors[0].message


def test_a_pair_with_a_rival_within_the_margin_is_left_for_a_person():
    """Row 0 takes task 0; row 1's best left is task 1 (0.70), with task 2 at 0.68: which one it is, the words do not
    tell (only the two best of a row were compared before, and row 1 went to task 1)."""
    scores = {(0, 0): 1.0, (1, 0): 0.8, (1, 1): 0.70, (1, 2): 0.68}
    assert clear_pairs(scores, floor=0.65, margin=0.05) == [(0, 0, 1.0)]
    assert clear_pairs({(1, 1): 0.70, (1, 2): 0.60}, floor=0.65, margin=0.05) == [(1, 1, 0.70)]


def test_a_task_is_matched_by_one_row_only(seed_ledger, tasks):
    """A task in two rows: the clearly closer row takes it and the other is told which row did; two rows as like it
    are both left for a person (whose units are the task's, the words cannot tell)."""
    text = tasks[0].task
    first, second = match_rows([(3, text), (4, text + "（结合调研成果形成报告）")], seed_ledger)
    assert first.id == tasks[0].pk and second.id is None and (second.left, second.taken_by) == (TAKEN, 3)
    first, second = match_rows([(3, text), (4, text)], seed_ledger)
    assert first.id is second.id is None and first.left == second.left == UNCLEAR
    assert (first.rival_row, second.rival_row) == (4, 3)  # each told which row is as like the task


def test_the_admin_preview_shows_each_match_and_the_api_gives_them(seed_ledger, tasks, boss, client, api):
    client.force_login(boss)
    upload = SimpleUploadedFile("我的台账.xlsx", own_sheet(tasks))
    page = client.post(reverse("admin:ledger_commitment_import"), {"file": upload, "report": seed_ledger.pk}).content.decode()
    assert 'id="ledger-sheet-matched"' in page
    assert len(re.findall(r'class="ledger-sheet-match', page)) >= len(tasks)
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
    # A body and a report of another body: one refusal, not every row refused under an ID column it does not have.
    other = seed_ledger.body.__class__.objects.exclude(pk=seed_ledger.body_id).first()
    page = client.post(
        reverse("admin:ledger_commitment_import"),
        {"file": SimpleUploadedFile("我的台账.xlsx", own_sheet(tasks)), "report": seed_ledger.pk, "body": other.pk},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    ).content.decode()
    assert "请只选其一" in page
    response = api.post(
        f"/api/v1/commitments/import/xlsx/?dry_run=true&report={seed_ledger.pk}&body={other.pk}",
        {"file": SimpleUploadedFile("我的台账.xlsx", own_sheet(tasks))}, format="multipart",
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_sheet"


@pytest.mark.parametrize("cover", [False, True])
def test_a_header_of_two_rows_is_read_as_one(seed_ledger, tasks, boss, cover):
    """责任单位 merged over 牵头单位 and 配合单位: the partner units were lost without a word and the row of
    sub-headings was read as a task; behind a cover sheet, the sheet was refused (no task column found)."""
    book, sheet = workbook_for(cover)
    sheet.append([TITLE])
    sheet.append(["序号", "任务内容", "责任单位", None, "完成时限", "推进情况"])
    sheet.append(["序号", "任务内容", "牵头单位", "配合单位", "完成时限", "推进情况"])
    sheet.merge_cells("C2:D2")
    for number, task in enumerate(tasks, start=1):
        sheet.append([number, task.task, "办公室", "研究室", "2024年6月", None])
    data = saved(book)
    plan = zh_import(data, user=boss, report=seed_ledger)
    assert plan.ok, plan.errors
    assert {c.id for c in plan.changes if c.field == "partner_units"} == {t.pk for t in tasks}
    assert not any("任务内容" in n.message for n in plan.notices)


def test_words_a_clerk_or_a_report_writes_at_will_do_not_keep_a_row_from_its_task(seed_ledger):
    """听取政府债务管理情况报告 for the report's 听取审议政府债务管理报告 (0.62 before): the year, 听取和审议, 关于…情况的
    are left out on both sides."""
    debt = seed_ledger.commitments.get(object__contains="政府债务管理")
    (match,) = match_rows([(3, "听取政府债务管理情况报告")], seed_ledger)
    assert match.id == debt.pk


def test_last_years_sheet_without_a_year_in_its_title_is_refused_by_its_dates(seed_ledger, tasks, boss):
    plan = zh_import(own_sheet(tasks, title="工作要点落实台账"), user=boss, report=seed_ledger)
    assert plan.ok  # its progress is of 2024, the report's year
    book = openpyxl.load_workbook(io.BytesIO(own_sheet(tasks, title="工作要点落实台账")))
    for row in book.active.iter_rows(min_row=4):
        if row[5].value:
            row[5].value = "2023-03-01 已召开协调会"
    data = saved(book)
    plan = zh_import(data, user=boss, report=seed_ledger)
    assert not plan.ok and "2023" in plan.errors[0].message and "2024" in plan.errors[0].message


def units_applied(book, task, report, boss):
    """The sheet applied (it must be), and then ``task``'s lead unit and partner units by name: the plan too."""
    plan = zh_import(saved(book), user=boss, report=report, dry_run=False)
    assert plan.ok, plan.errors
    task.refresh_from_db()
    return plan, task.lead_unit.name, [unit.name for unit in task.partners]


def test_a_responsible_cell_naming_several_units_is_its_lead_then_its_partners(seed_ledger, tasks, boss):
    """农业农村工委、区农业农村委、区林业局 in the one 责任单位 column of a clerk's sheet was refused (one lead unit per
    task): the first leads, the others are partners in their order, said so."""
    book, sheet = titled_sheet(["序号", "工作任务", "责任单位", "完成时限"], [1, tasks[0].task, "农业农村工委、区农业农村委、区林业局", "2024年9月"])
    plan, lead, partners = units_applied(book, tasks[0], seed_ledger, boss)
    assert lead == "农业农村工委"
    assert partners == ["区农业农村委", "区林业局"]
    assert any("牵头单位" in n.message and "区农业农村委、区林业局" in n.message for n in plan.notices)
    # A short form of a unit the body has is said to be like it, where the preview says the unit is new.
    Unit.objects.create(body=seed_ledger.body, name="区人大常委会财经工委")
    Unit.objects.create(body=seed_ledger.body, name="财政经济工作委员会")  # its characters in order: as an office shortens
    sheet["C3"] = "财经工委"
    data = saved(book)
    notes = [c.note for c in zh_import(data, user=boss, report=seed_ledger).changes if c.field == "lead_unit"]
    assert notes and "财经工委 ~ 区人大常委会财经工委" in notes[0] and "财经工委 ~ 财政经济工作委员会" in notes[0] and "其他名称" in notes[0] and "勾选" in notes[0]


def test_a_status_column_headed_as_offices_head_it_is_read(seed_ledger, tasks, boss):
    """完成状态 (已完成, 正在推进 …) was dropped without a word."""
    for heading in ("完成状态", "落实情况"):
        book, sheet = titled_sheet(["序号", "工作任务", heading], [1, tasks[0].task, "已完成" if tasks[0].status != "fulfilled" else "部分落实"])
        data = saved(book)
        plan = zh_import(data, user=boss, report=seed_ledger)
        assert [(c.id, c.field) for c in plan.changes] == [(tasks[0].pk, "status")], heading


def imported_progress(book, rows, cells, report, boss):
    """The sheet's first rows given these progress cells, previewed: the plan, and each task's new progress line."""
    for row, value in zip(rows, cells):
        row[5].value = value
    plan = zh_import(saved(book), user=boss, report=report)
    assert plan.ok, plan.errors
    return plan, {c.id: c.new for c in plan.changes if c.field == "progress"}


def test_a_clerks_dates_are_read_in_the_reports_year_and_an_undated_line_is_not_dated_years_later(seed_ledger, tasks, boss):
    """7月26日 … and 二〇二四年十一月十日 … were errors (缺少年份) that refused the whole sheet, and an undated line of a
    2024 task was dated the day of the import, years after the work."""
    book = openpyxl.load_workbook(io.BytesIO(own_sheet(tasks)))
    rows = list(book.active.iter_rows(min_row=4))
    plan, lines = imported_progress(
        book, rows, ["7月26日，常委会第二十次会议听取审议", "二〇二四年十一月十日，开展专题调研", "形成调研报告"], seed_ledger, boss
    )
    assert lines[tasks[0].pk] == "2024-07-26 常委会第二十次会议听取审议"
    assert lines[tasks[1].pk] == "2024-11-10 开展专题调研"
    assert lines[tasks[2].pk] == "2024-12-31 形成调研报告"  # the plan year's last day, said so
    assert any(n.row == 6 and "2024-12-31" in n.message and "计划年度" in n.message for n in plan.notices)
    # An entry stored as written before its day was read (九月二十六日 … as its text) is not added again.
    from ledger.services.ledger import progress_add

    progress_add(commitment=tasks[0], user=boss, date=dt.date(2024, 12, 31), text="九月二十六日 召开座谈会")
    # A month without its day was an error refusing the whole sheet: it is dated the month's last day, its words kept
    # as written (they say the month), and the preview says so; a month without its year is of the plan year.
    plan, lines = imported_progress(
        book, rows, ["九月二十六日 召开座谈会", "二○二四年九月 开展调研", "10月已提交立法调研报告"], seed_ledger, boss
    )
    assert tasks[0].pk not in lines
    assert (lines[tasks[1].pk], lines[tasks[2].pk]) == ("2024-09-30 二○二四年九月 开展调研", "2024-10-31 10月已提交立法调研报告")
    assert any(n.row == 5 and "当月最后一天" in n.message for n in plan.notices), plan.notices
    # Imported, the same sheet again adds nothing; a range of months or a part of one still names no one day.
    data = saved(book)
    zh_import(data, user=boss, report=seed_ledger, dry_run=False)
    assert not [c for c in zh_import(data, user=boss, report=seed_ledger).changes if c.field == "progress"]
    rows[2][5].value = "3月-5月 开展调研\n10月中旬 报送\n6月中，召开推进会"
    data = saved(book)
    plan = zh_import(data, user=boss, report=seed_ledger)
    assert [e.message.split("”")[0] for e in plan.errors] == ["“3月-5月 开展调研", "“10月中旬 报送", "“6月中，召开推进会"]


def test_a_sheet_kept_by_hand_uploaded_again_keeps_an_entry_corrected_since(seed_ledger, tasks, boss):
    zh_import(own_sheet(tasks), user=boss, report=seed_ledger, dry_run=False)
    entry = tasks[0].progress.get()
    progress_update(entry=entry, user=boss, text="已召开协调会，形成会议纪要", date=entry.date, version=progress_version(entry))
    plan = zh_import(own_sheet(tasks), user=boss, report=seed_ledger)
    assert not [c for c in plan.changes if c.field == "progress"]
    assert any(n.row == 4 and "保持" in n.message for n in plan.notices)


def test_a_row_left_out_is_listed_while_the_sheet_has_errors_to_tick_once_corrected(seed_ledger, tasks, boss, client):
    """Its note pointed to a list to tick that a sheet with errors did not show."""
    row = [9, "审查批准2023年区级决算、2024年区级预算调整方案", "代表工委", None, "2024年9月", None, None, None]
    wrong = [10, tasks[0].task, "办公室", None, "明年某时", None, None, None]
    client.force_login(boss)
    page = client.post(
        reverse("admin:ledger_commitment_import"),
        {"file": SimpleUploadedFile("台账.xlsx", own_sheet(tasks[1:], [row, wrong])), "report": seed_ledger.pk},
    ).content.decode()
    assert 'id="ledger-sheet-errors"' in page and 'id="ledger-sheet-left-out"' in page
    assert 'id="ledger-sheet-accept-later"' in page and 'name="accept_row"' not in page and "更正" in page


def test_a_row_left_out_is_offered_with_its_closest_task_and_a_person_may_accept_it(seed_ledger, tasks, boss, client):
    """A row holding two tasks (决算 and 预算调整) is left out (0.52 to 审查批准预算调整): the preview offers its closest
    task; ticked, the row's unit is previewed again beside the rest, and applied with them on confirming."""
    home = seed_ledger.commitments.get(object="预算调整")
    row = [9, "审查批准2023年区级决算、2024年区级预算调整方案", "代表工委", None, "2024年9月", None, None, None]
    client.force_login(boss)
    url = reverse("admin:ledger_commitment_import")
    page = client.post(url, {"file": SimpleUploadedFile("台账.xlsx", own_sheet(tasks, [row])), "report": seed_ledger.pk}).content.decode()
    offered = re.search(r'<tr class="ledger-sheet-left-out" data-row="(\d+)">(.*?)</tr>', page, re.S)
    assert offered and reverse("admin:ledger_commitment_change", args=[home.pk]) in offered.group(2)
    assert f'data-id="{home.pk}"' not in page  # not among the changes before a person accepts it
    # Offered before the changes, and its note says to tick it there (it said to record it on the task's page).
    assert page.index('id="ledger-sheet-left-out"') < page.index('id="ledger-sheet-changes"')
    assert any("勾选" in note for note in re.findall(r'class="ledger-sheet-notice".*?</tr>', page, re.S) if "决算" in note)
    token = re.search(r'id="ledger-sheet-accept">.*?name="plan" value="([^"]+)"', page, re.S).group(1)
    # Ticked, then 确认导入 pressed (its button sends the ticks): nothing is applied, the ticked row joins the changes.
    assert re.search(r'name="confirm"[^>]*form="ledger-sheet-accept"', page)
    page = client.post(url, {"confirm": "1", "plan": token, "accept_row": offered.group(1)}).content.decode()
    assert f'data-id="{home.pk}" data-field="lead_unit"' in page and "再次确认导入" in page
    home.refresh_from_db()
    assert home.lead_unit is None
    assert f'data-id="{home.pk}" data-field="lead_unit"' in page and 'id="ledger-sheet-left-out"' not in page
    token = re.search(r'id="ledger-sheet-confirm">.*?name="plan" value="([^"]+)"', page, re.S).group(1)
    assert client.post(url, {"confirm": "1", "plan": token}).status_code == 302
    home.refresh_from_db()
    assert home.lead_unit.name == "代表工委" and {t.lead_unit.name for t in Commitment.objects.filter(pk__in=[t.pk for t in tasks])} == {"办公室"}
    # Uploaded again, the row is paired as the person paired it, and said so.
    row[2] = "研究室"
    page = client.post(url, {"file": SimpleUploadedFile("台账.xlsx", own_sheet(tasks, [row])), "report": seed_ledger.pk}).content.decode()
    assert 'class="ledger-sheet-left-out"' not in page and f'data-id="{home.pk}" data-field="lead_unit"' in page
    assert "审查批准2023年区级决算" in re.search(rf'data-id="{home.pk}" data-field="lead_unit".*?</tr>', page, re.S).group(0)
    # A pairing made wrongly is listed with who made it, and deleted there: the row is offered anew.
    from ledger.models import SheetPairing

    pairing = SheetPairing.objects.get()
    listed = client.get(reverse("admin:ledger_sheetpairing_changelist")).content.decode()
    assert "boss" in listed and f"#{home.ordinal}" in listed
    # Named by its words and task wherever Django names an object (its page's title, a deletion's list).
    change = client.get(reverse("admin:ledger_sheetpairing_change", args=[pairing.pk])).content.decode()
    assert "object (" not in change and f"#{home.ordinal}" in re.search(r"<title>(.*?)</title>", change, re.S).group(1)
    client.post(reverse("admin:ledger_sheetpairing_delete", args=[pairing.pk]), {"post": "yes"})
    page = client.post(url, {"file": SimpleUploadedFile("台账.xlsx", own_sheet(tasks, [row])), "report": seed_ledger.pk}).content.decode()
    assert 'class="ledger-sheet-left-out"' in page


def test_a_program_accepts_a_suggested_task_over_the_api(seed_ledger, tasks, boss, api, django_user_model):
    """The dry run lists the row left out with its suggested task; ?accept= names the row, and it is planned and applied
    with the rows matched by their words. A row offered nothing, or accept without a report, is a 400 and applies
    nothing."""
    home = seed_ledger.commitments.get(object="预算调整")
    row = [9, "审查批准2023年区级决算、2024年区级预算调整方案", "代表工委", None, "2024年9月", None, None, None]
    url = f"/api/v1/commitments/import/xlsx/?report={seed_ledger.pk}"

    def post(query):
        return api.post(url + query, {"file": SimpleUploadedFile("台账.xlsx", own_sheet(tasks, [row]))}, format="multipart")

    answer = post("&dry_run=true").json()
    assert post("&dry_run=true&accept=").json() == answer  # an empty value is no value
    (offered,) = answer["suggested"]
    assert (offered["row"], offered["id"], offered["task"]) == (7, home.pk, home.task)
    assert home.pk not in {change["id"] for change in answer["changes"]}
    assert not any(match["accepted"] for match in answer["matches"])

    for query, field in (("&accept=4,7", "invalid_sheet"), ("&accept=x", "accept"), ("&accept=²", "accept")):
        response = post(query)
        assert response.status_code == 400, query
        assert field in response.content.decode()
    refused = post("&accept=4").json()["error"]["detail"]["errors"]
    assert [error["row"] for error in refused] == [4]  # row 4 was matched by its words: nothing to accept
    response = api.post(
        "/api/v1/commitments/import/xlsx/?accept=7",
        {"file": SimpleUploadedFile("台账.xlsx", own_sheet(tasks, [row]))}, format="multipart",
    )
    assert response.status_code == 400 and "accept" in response.json()["error"]["detail"]
    home.refresh_from_db()
    assert home.lead_unit is None

    answer = post("&dry_run=true&accept=7").json()
    accepted = next(match for match in answer["matches"] if match["row"] == 7)
    assert answer["suggested"] == [] and accepted["id"] == home.pk and accepted["accepted"]
    assert (home.pk, "lead_unit") in {(change["id"], change["field"]) for change in answer["changes"]}
    answer = post("&accept=7").json()
    assert answer["applied"]
    home.refresh_from_db()
    assert home.lead_unit.name == "代表工委"
    assert {t.lead_unit.name for t in Commitment.objects.filter(pk__in=[t.pk for t in tasks])} == {"办公室"}
    # The next import of the sheet pairs the row as the person did: not offered to be paired again each month; who
    # paired it stays named, whoever imports next.
    row[4] = "2024年10月"
    answer = post("&dry_run=true").json()
    again = next(match for match in answer["matches"] if match["row"] == 7)
    assert answer["suggested"] == [] and again["id"] == home.pk and again["accepted"]
    assert [(c["id"], c["field"]) for c in answer["changes"]] == [(home.pk, "due")]
    from ledger.models import SheetPairing

    clerk = django_user_model.objects.create_superuser("clerk", password="pw")
    ledger_import(own_sheet(tasks, [row]), user=clerk, report=seed_ledger, dry_run=False)
    assert SheetPairing.objects.get().paired_by == boss


def test_a_title_is_refused_only_for_another_body_or_the_year_of_the_sheet(seed_ledger, tasks, boss):
    """全国 (创建全国文明城区) is no body's place, a filing day (填报时间：2025年1月6日) no year of the sheet, and a range
    (2024—2025年度) is of its first year: none refuses the 2024 report."""
    for title in ("2024年工作要点落实台账（创建全国文明城区）", "大足区2024年台账 填报时间：2025年1月6日", "2024—2025年度工作台账"):
        plan = zh_import(own_sheet(tasks, title=title), user=boss, report=seed_ledger)
        assert plan.ok, (title, plan.errors)


def test_one_early_date_does_not_refuse_a_sheet(seed_ledger, tasks, boss):
    """2023-12-28 印发工作要点 in one row of many undated ones is no year of the sheet."""
    book = openpyxl.load_workbook(io.BytesIO(own_sheet(tasks, title="工作要点落实台账")))
    rows = list(book.active.iter_rows(min_row=4))
    rows[0][5].value = "2023-12-28 印发工作要点"
    for row in rows[1:]:
        row[5].value = "已召开协调会"
    data = saved(book)
    assert zh_import(data, user=boss, report=seed_ledger).ok


def test_two_task_columns_read_the_one_naming_tasks_and_the_sheet_is_capped(seed_ledger, tasks, boss, settings):
    """重点任务 (a category merged down) beside 具体任务: the tasks are in the second."""
    book, sheet = titled_sheet(["重点任务", "具体任务", "牵头单位"])
    for task in tasks:
        sheet.append(["监督工作", task.task, "办公室"])
    data = saved(book)
    plan = zh_import(data, user=boss, report=seed_ledger)
    assert [m.id for m in plan.matches] == [t.pk for t in tasks]
    from ledger.services import ledger_import as module

    settings_cap = module.MATCHED_ROWS_MIN
    module.MATCHED_ROWS_MIN, module.MATCHED_ROWS_PER_TASK = 2, 0
    try:
        plan = zh_import(data, user=boss, report=seed_ledger)
    finally:
        module.MATCHED_ROWS_MIN, module.MATCHED_ROWS_PER_TASK = settings_cap, 3
    assert not plan.ok and "这是该报告的台账吗" in plan.errors[0].message


def test_rows_not_ticked_stay_offered_and_what_reading_said_stays(seed_ledger, tasks, boss, client):
    """After ticking one of two rows offered, the other was offered no more and the notes of reading (备注 not read,
    rows left out) were gone."""
    rows = [
        [9, "审查批准2023年区级决算、2024年区级预算调整方案", "代表工委", None, None, None, None, None],
        [10, "国有自然资源资产管理情况专项报告", "财经工委", None, None, None, None, None],
        [11, "修订代表履职评价办法、代表建议批评和意见工作办法", "代表工委", None, None, None, None, None],
    ]
    client.force_login(boss)
    url = reverse("admin:ledger_commitment_import")
    page = client.post(url, {"file": SimpleUploadedFile("台账.xlsx", own_sheet(tasks[:2], rows)), "report": seed_ledger.pk}).content.decode()
    offered = re.findall(r'<tr class="ledger-sheet-left-out" data-row="(\d+)">', page)
    assert len(offered) == 2
    token = re.search(r'id="ledger-sheet-accept">.*?name="plan" value="([^"]+)"', page, re.S).group(1)
    page = client.post(url, {"accept": "1", "plan": token, "accept_row": offered[0]}).content.decode()
    assert re.findall(r'<tr class="ledger-sheet-left-out" data-row="(\d+)">', page) == offered[1:]
    assert "未读取“备注”列" in page
    assert "该行也与第" in page  # the listing row's note: read from the file, not planned again


def test_the_bodys_own_name_and_place_and_a_laws_full_title_are_written_at_will(seed_ledger):
    """A clerk's 专题调研全区金融工作 (0.59), 长江保护法执法检查 (0.57) and 对选举任命人员开展满意度测评 (0.60) were left out
    against 永川区's 专题调研金融工作情况, 开展《中华人民共和国长江保护法》实施情况执法检查 and 开展满意度测评（区人大及其常委会选举
    任命人员履职）."""
    report = seed_ledger.body.__class__.objects.get(name__contains="永川").reports.get(year=2025)
    tasks = {c.task: c.pk for c in report.commitments.all()}
    rows = [(1, "专题调研全区金融工作"), (2, "长江保护法执法检查"), (3, "对选举任命人员开展满意度测评")]
    wanted = ["专题调研金融工作情况", "开展《中华人民共和国长江保护法》实施情况执法检查", "开展满意度测评（区人大及其常委会选举任命人员履职）"]
    assert [match.id for match in match_rows(rows, report)] == [tasks[task] for task in wanted]
    # … as a word: 资本市场, 健全市场体系 and 安全区域 keep their characters.
    from ledger.services.sheet_match import _plain

    assert [_plain(text) for text in ("全区资本市场", "健全市场体系", "安全区域建设")] == ["资本市场", "健全市场体系", "安全区域建设"]


def test_a_task_offered_to_two_rows_is_offered_to_neither(seed_ledger):
    first, second = match_rows([(3, "审查批准决算和预算"), (4, "审查批准决算和预算")], seed_ledger)
    assert first.suggested is second.suggested is None


def test_a_row_that_lists_two_tasks_names_the_other(seed_ledger):
    """A clerk's 修订A办法、B办法 carries over to its closest task; the preview names the other (not for a row whose
    only 和 is 听取和审议's)."""
    a, b = (seed_ledger.commitments.get(object=o) for o in ("代表履职评价办法", "代表建议批评和意见工作办法"))
    (match,) = match_rows([(3, f"修订{a.object}、{b.object}")], seed_ledger)
    assert match.id == b.pk and match.also == (a.ordinal,)
    (match,) = match_rows([(3, f"听取和审议{b.object}")], seed_ledger)
    assert match.id == b.pk and match.also == ()


def test_a_row_as_like_two_tasks_names_the_other(seed_ledger):
    """城乡供水一体化工作报告并开展询问 is 江津区's report on it and its 询问 alike: the row names both, a person says."""
    from ledger.models import Report
    from ledger.services.ledger_import import _unmatched

    jiangjin = Report.objects.get(body__name__contains="江津区", year=2023)
    (match,) = match_rows([(5, "城乡供水一体化工作报告并开展询问")], jiangjin)
    assert match.id is None and match.left == UNCLEAR and match.rival_task is not None
    with translation.override("zh-hans"):
        said = _unmatched(match, jiangjin)
    assert f"第 {match.ordinal} 项" in said and f"第 {match.rival_task} 项同样接近" in said


def test_a_status_the_review_rules_out_is_said_of_the_word_the_clerk_wrote(seed_ledger, tasks, boss):
    """未开始 is read as 待回顾, which the 2025 review now in rules out: the error quoted 待回顾, a word she never wrote."""
    book = openpyxl.load_workbook(io.BytesIO(own_sheet(tasks[:1])))
    for row in book.active.iter_rows(min_row=4):
        row[6].value = "未开始"
    data = saved(book)
    plan = zh_import(data, user=boss, report=seed_ledger)
    assert not plan.ok and plan.errors[0].message.startswith("“未开始”（待回顾）")


def test_a_lead_unit_column_beside_a_responsible_column_reads_it_as_the_partners(seed_ledger, tasks, boss, client):
    """牵头单位 and 责任单位 both in a clerk's sheet refused it (two columns read as the lead unit): beside 牵头单位,
    责任单位 names the units sharing the task, the lead left out where it names it too; the report chosen stays chosen
    for the next upload."""
    book, sheet = titled_sheet(["序号", "工作任务", "责任单位", "牵头单位", "完成时限"], [1, tasks[0].task, "办公室、研究室、法工委", "办公室", "2024年9月"])
    plan, lead, partners = units_applied(book, tasks[0], seed_ledger, boss)
    assert lead == "办公室"
    assert partners == ["研究室", "法工委"]
    assert any("“责任单位”" in n.message and "配合单位" in n.message for n in plan.notices)
    # The lead named by another name of it, or left empty (a 牵头单位 cell merged down reads empty), is no partner;
    # a 责任单位 cell naming only the lead leaves the partners as they are (an empty cell changes nothing).
    Unit.objects.create(body=seed_ledger.body, name="区人大办公室")
    units_merge(units=[Unit.objects.get(name="区人大办公室")], into=Unit.objects.get(name="办公室"), user=boss)
    for lead, responsible, partners in (
        ("区人大办公室", "办公室、研究室", ["研究室"]), (None, "办公室、法工委", ["法工委"]), ("办公室", "办公室", ["法工委"]),
    ):
        sheet["C3"], sheet["D3"] = responsible, lead
        assert units_applied(book, tasks[0], seed_ledger, boss)[1:] == ("办公室", partners), lead
    # Two lead-unit columns neither of which says 牵头: which leads is not said, the sheet is refused as before.
    sheet["D2"] = "承办单位"
    plan = zh_import(saved(book), user=boss, report=seed_ledger)
    assert not plan.ok and "责任单位" in plan.errors[0].message and "承办单位" in plan.errors[0].message
    client.force_login(boss)
    page = client.post(
        reverse("admin:ledger_commitment_import"),
        {"file": SimpleUploadedFile("我的台账.xlsx", saved(book)), "report": seed_ledger.pk}, HTTP_ACCEPT_LANGUAGE="zh-hans",
    ).content.decode()
    assert f'<option value="{seed_ledger.pk}" selected>' in page


def test_a_yes_no_done_column_is_read(seed_ledger, tasks, boss):
    """是否完成 with 是 / 否 was dropped without a word: 是 is 已落实; 否 (not done) leaves the status the task has, and
    is an error against a task the ledger has done."""
    first, second = tasks[0], tasks[1]
    first.status = second.status = "pending"
    Commitment.objects.filter(pk__in=[first.pk, second.pk]).update(status="pending")
    book, sheet = titled_sheet(["序号", "工作任务", "是否完成"], [1, first.task, "是"], [2, second.task, "否"])
    plan = zh_import(saved(book), user=boss, report=seed_ledger)
    assert plan.ok, plan.errors
    assert [(c.id, c.field, c.new) for c in plan.changes] == [(first.pk, "status", "已落实")]
    Commitment.objects.filter(pk=second.pk).update(status="fulfilled")
    plan = zh_import(saved(book), user=boss, report=seed_ledger)
    assert not plan.ok and any("“否”" in e.message and "已落实" in e.message for e in plan.errors)
    # Named as the sheet names its column, not as the ledger does (状态, a column the sheet has not).
    assert {e.column for e in plan.errors} == {"是否完成"}
    # It names the statuses the task may be given now (推进中 only in its year's course), or leaving the cell empty.
    said = next(e.message for e in plan.errors if "“否”" in e.message)
    assert "部分落实" in said and "未实施" in said and "待回顾" not in said and "留空" in said
    # 否 with a note leaves the machine's status the machine's: the note would have made it a person's decision.
    Commitment.objects.filter(pk=second.pk).update(status="partial", status_origin="machine")
    book, _sheet = titled_sheet(["序号", "工作任务", "是否完成", "状态说明"], [2, second.task, "否", "尚在推进"])
    plan = zh_import(saved(book), user=boss, report=seed_ledger)
    assert plan.ok and plan.changes == [] and any("未读取" in n.message and "“否”" in n.message for n in plan.notices)
    # Beside a column naming the status (完成情况), the yes/no column gives way, said so (the sheet was refused).
    book, _sheet = titled_sheet(["序号", "工作任务", "完成情况", "是否完成"], [1, first.task, "基本完成", "否"])
    plan = zh_import(saved(book), user=boss, report=seed_ledger)
    assert plan.ok, plan.errors
    assert [(c.id, c.field, c.new) for c in plan.changes] == [(first.pk, "status", "部分落实")]
    assert any("未读取“是否完成”列" in n.message and "“完成情况”列" in n.message for n in plan.notices)
    # A 完成情况 written as what was done is the progress, and 是否完成 the status (every row was refused: “7月召开年中
    # 会议。”不是状态).
    book, _sheet = titled_sheet(
        ["序号", "工作任务", "是否完成", "完成情况"], [1, first.task, "是", "7月召开年中会议。"], [2, second.task, "否", None],
    )
    plan = zh_import(saved(book), user=boss, report=seed_ledger)
    assert plan.ok, plan.errors
    assert {(c.id, c.field) for c in plan.changes} == {(first.pk, "status"), (first.pk, "progress")}
    assert any("“完成情况”" in n.message and "进展" in n.message for n in plan.notices)
    # So is a 完成状态 beside it (it was a 500: the second status column was left in the header's columns read twice).
    book, _sheet = titled_sheet(["序号", "工作任务", "完成情况", "完成状态"], [1, first.task, "7月召开年中会议。", "已完成"])
    plan = zh_import(saved(book), user=boss, report=seed_ledger)
    assert plan.ok and {(c.id, c.field) for c in plan.changes} == {(first.pk, "status"), (first.pk, "progress")}


def test_a_clerks_weiwancheng_reads_as_no_and_blocks_no_sheet(seed_ledger, tasks, boss):
    """未完成, the commonest word of a real 台账, refused the whole sheet once the review was in: it says what 否 says
    (not done, not which status), so beside 待回顾 or 部分落实 it agrees, beside 未见报告 the task keeps its status with
    a notice, and beside 已落实 it is the error 否 is."""
    first, second, third = tasks[0], tasks[1], tasks[2]
    Commitment.objects.filter(pk=first.pk).update(status="partial", status_origin="auto")
    Commitment.objects.filter(pk=second.pk).update(status="not_reported", status_origin="auto")
    Commitment.objects.filter(pk=third.pk).update(status="fulfilled", status_origin="auto")
    book, _sheet = titled_sheet(
        ["序号", "工作任务", "完成情况"], [1, first.task, "未完成"], [2, second.task, "尚未落实"],
    )
    plan = zh_import(saved(book), user=boss, report=seed_ledger)
    assert plan.ok, plan.errors
    assert plan.changes == []
    (notice,) = plan.notices
    assert "“尚未落实”" in notice.message and "未见报告" in notice.message
    book, _sheet = titled_sheet(["序号", "工作任务", "完成情况"], [3, third.task, "未完成"])
    plan = zh_import(saved(book), user=boss, report=seed_ledger)
    assert not plan.ok and "“未完成”" in plan.errors[0].message and "已落实" in plan.errors[0].message


def test_a_hand_kept_sheet_giving_the_machines_outcome_makes_it_a_persons(seed_ledger, tasks, boss):
    """是 beside a task the machine read as 已落实 was no change, and the 台账's word was lost: the keeper's sheet says
    the task is done, so the status becomes a person's, said in the preview. 推进中 is no outcome to keep."""
    first, second = tasks[0], tasks[1]
    Commitment.objects.filter(pk=first.pk).update(status="fulfilled", status_origin="auto", status_rule="status.evidence")
    Commitment.objects.filter(pk=second.pk).update(status="in_progress", status_origin="auto")
    book, _sheet = titled_sheet(["序号", "工作任务", "是否完成"], [1, first.task, "是"], [2, second.task, "推进中"])
    plan = zh_import(saved(book), user=boss, report=seed_ledger)
    assert plan.ok, plan.errors
    assert [(c.id, c.field, c.old, c.new) for c in plan.changes] == [
        (first.pk, "status", "已落实（机器初判）", "已落实（人工确认）")
    ]
    assert zh_import(saved(book), user=boss, report=seed_ledger, dry_run=False).ok
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.status_origin, first.status_decided_by) == ("fulfilled", "staff", boss)
    assert second.status_origin == "auto"
    # Once a person's, the same sheet changes nothing.
    assert zh_import(saved(book), user=boss, report=seed_ledger).changes == []
    # So does a status following a passage a person confirmed: it was previewed as the machine's reading.
    from ledger.rules import CONFIRMED_RULE

    Commitment.objects.filter(pk=first.pk).update(status_origin="auto", status_rule=CONFIRMED_RULE)
    assert zh_import(saved(book), user=boss, report=seed_ledger).changes == []
    # A status's own label is what an export says (its ID column deleted, it reads as kept by hand): no person's word.
    Commitment.objects.filter(pk=second.pk).update(status="not_reported", status_origin="auto", status_rule="status.silent")
    book, _sheet = titled_sheet(["序号", "工作任务", "状态"], [1, tasks[2].task, "已落实"], [2, second.task, "未见报告"])
    Commitment.objects.filter(pk=tasks[2].pk).update(status="fulfilled", status_origin="auto", status_rule="status.evidence")
    assert zh_import(saved(book), user=boss, report=seed_ledger).changes == []


def test_a_short_name_merged_into_a_unit_is_that_unit_at_the_next_import(seed_ledger, tasks, boss):
    """财经工委, merged into 财政经济工作委员会 after the first import, was made a new unit again at every import."""
    book, sheet = titled_sheet(["序号", "工作任务", "牵头单位"], [1, tasks[0].task, "财经工委"])
    assert zh_import(saved(book), user=boss, report=seed_ledger, dry_run=False).ok
    kept = Unit.objects.create(body=seed_ledger.body, name="财政经济工作委员会")
    units_merge(units=[Unit.objects.get(name="财经工委")], into=kept, user=boss)
    plan = zh_import(saved(book), user=boss, report=seed_ledger, dry_run=False)
    assert plan.ok and plan.changes == [] and not Unit.objects.filter(name="财经工委").exists()
    tasks[0].refresh_from_db()
    assert tasks[0].lead_unit == kept


def test_a_hand_kept_sheet_that_replaces_what_a_person_set_on_the_page_says_who_set_it(seed_ledger, tasks, django_user_model, boss):
    """A clerk set 每月25日前 on a task's page; the 台账 she kept by hand, imported again, replaced it with its own
    deadline without a word (an exported sheet says so, a hand-kept one does not say when it was written)."""
    editor = django_user_model.objects.create_user("editor", first_name="小王")
    commitment_ledger_update(commitment=tasks[0], user=editor, due="每月25日前")
    book, _sheet = titled_sheet(["序号", "工作任务", "完成时限"], [1, tasks[0].task, "2024年6月底前"])
    plan = zh_import(saved(book), user=boss, report=seed_ledger)
    (change,) = [c for c in plan.changes if c.field == "due"]
    assert change.old == "每月25日前" and "现值由" in change.note and "小王" in change.note
    # A value the machine or the seed load gave says nothing, nor one an earlier import of the sheet gave, nor a
    # column the person's edit left as it was (the task's first record holds every column).
    book, _sheet = titled_sheet(["序号", "工作任务", "完成时限"], [1, tasks[1].task, "2024年6月底前"])
    (change,) = [c for c in zh_import(saved(book), user=boss, report=seed_ledger).changes if c.field == "due"]
    assert "现值由" not in change.note
    zh_import(saved(book), user=boss, report=seed_ledger, dry_run=False)
    book, _sheet = titled_sheet(["序号", "工作任务", "完成时限", "牵头单位"], [1, tasks[1].task, "2024年9月底前", "办公室"])
    changes = {c.field: c for c in zh_import(saved(book), user=boss, report=seed_ledger).changes}
    assert set(changes) == {"due", "lead_unit"} and not any("现值由" in c.note for c in changes.values())
    # Partner units a person set are said too.
    commitment_ledger_update(commitment=tasks[2], user=editor, partner_units=["研究室"])
    book, _sheet = titled_sheet(["序号", "工作任务", "配合单位"], [1, tasks[2].task, "法工委"])
    (change,) = zh_import(saved(book), user=boss, report=seed_ledger).changes
    assert change.field == "partner_units" and "小王" in change.note


def test_a_workbook_with_no_rows_says_it_is_empty(seed_ledger, boss):
    """It was told to have no task column nor an ID column in its first 20 rows."""
    book = openpyxl.Workbook()
    book.active.append([None, "  "])
    for report in (seed_ledger, None):
        plan = zh_import(saved(book), user=boss, report=report)
        assert not plan.ok and [e.message for e in plan.errors] == ["文件中没有内容：工作表的每个单元格都是空的。"]


def test_a_short_name_in_a_sheet_matches_the_task_spelling_it_out(seed_ledger, boss):
    """国资 for 国有资产 (0.57) left a clerk's row out: short names and full forms are read as one."""
    task = next(c for c in seed_ledger.commitments.all() if "国资" in c.task and "国有资产" not in c.task)
    book, _sheet = titled_sheet(["序号", "工作任务", "牵头单位"], [1, task.task.replace("国资", "国有资产"), "预算工委"])
    plan = zh_import(saved(book), user=boss, report=seed_ledger)
    assert plan.ok and [(c.id, c.field) for c in plan.changes] == [(task.pk, "lead_unit")], (plan.changes, plan.notices)


def test_a_stray_nul_in_a_csv_sheet_is_named_by_its_line(seed_ledger, tasks, boss):
    """A NUL pasted into a cell was told "the file is not a 台账 sheet"; a binary file still is."""
    text = f"序号,工作任务,牵头单位\n1,{tasks[0].task},办公\x00室\n"
    plan = zh_import(text.encode("utf-8"), user=boss, report=seed_ledger)
    assert not plan.ok and "第 2 行" in plan.errors[0].message and "NUL" in plan.errors[0].message
    plan = zh_import(b"\x00" * 64 + "序号,工作任务\n".encode("utf-8"), user=boss, report=seed_ledger)
    assert not plan.ok and "不是台账" in plan.errors[0].message


def test_a_new_unit_name_like_one_the_body_has_is_read_as_it_when_a_person_ticks_it(seed_ledger, tasks, boss, client):
    """法制工委 in a sheet beside the body's 法制工作委员会 was warned of and created anyway: one office counted twice."""
    kept = Unit.objects.create(body=seed_ledger.body, name="法制工作委员会")
    book, _sheet = titled_sheet(["序号", "工作任务", "牵头单位"], [1, tasks[0].task, "法制工委"], [2, tasks[1].task, "法制工委"])
    client.force_login(boss)
    url = reverse("admin:ledger_commitment_import")
    page = client.post(url, {"file": SimpleUploadedFile("台账.xlsx", saved(book)), "report": seed_ledger.pk}).content.decode()
    offered = re.search(r'<table id="ledger-sheet-alike">.*?</table>', page, re.S).group(0)
    assert 'name="same_unit" value="法制工委"' in offered and "法制工作委员会" in offered
    token = re.search(r'id="ledger-sheet-accept">.*?name="plan" value="([^"]+)"', page, re.S).group(1)
    # A name the page did not offer is not taken from the request.
    page = client.post(url, {"accept": "1", "plan": token, "same_unit": ["法制工委", "办公室"]}).content.decode()
    assert "新建单位" not in page and 'id="ledger-sheet-alike"' not in page
    assert re.search(rf'data-id="{tasks[0].pk}" data-field="lead_unit".*?法制工作委员会', page, re.S)
    token = re.search(r'id="ledger-sheet-confirm">.*?name="plan" value="([^"]+)"', page, re.S).group(1)
    assert client.post(url, {"confirm": "1", "plan": token}).status_code == 302
    assert {Commitment.objects.get(pk=t.pk).lead_unit for t in tasks[:2]} == {kept}
    assert not Unit.objects.filter(name="法制工委").exists() and list(kept.other_names.values_list("name", flat=True)) == ["法制工委"]
    # The next import reads the name as the unit: nothing to change, nothing offered.
    plan = zh_import(saved(book), user=boss, report=seed_ledger)
    assert plan.ok and plan.changes == [] and plan.alike == {}


def test_a_partner_made_the_lead_leaves_the_partners_where_their_cell_is_left_as_it_was(seed_ledger, tasks, boss):
    """国家能源局, a partner of the task, written as its lead with 责任单位 left empty: the error blamed the empty cell."""
    from ledger.services.ledger import commitment_ledger_update

    commitment_ledger_update(commitment=tasks[0], user=boss, partner_units=["区能源局", "区财政局"])
    book, _sheet = titled_sheet(["序号", "工作任务", "牵头单位", "责任单位"], [1, tasks[0].task, "区能源局", None])
    plan = zh_import(saved(book), user=boss, report=seed_ledger, dry_run=False)
    assert plan.ok, plan.errors
    said = {c.field: (c.old, c.new, c.note) for c in plan.changes}
    assert said["partner_units"][:2] == ("区能源局、区财政局", "区财政局") and "牵头单位" in said["partner_units"][2]
    tasks[0].refresh_from_db()
    assert tasks[0].lead_unit.name == "区能源局" and [u.name for u in tasks[0].partner_units.all()] == ["区财政局"]


def test_two_new_names_of_one_office_in_one_sheet_are_said_to_be_alike(seed_ledger, tasks, boss):
    """人民银行 as one row's lead and 中国人民银行 as another's partner made two units, neither said to be like the other."""
    book, _sheet = titled_sheet(
        ["序号", "工作任务", "牵头单位", "配合单位"], [1, tasks[0].task, "人民银行", None], [2, tasks[1].task, "区财政局", "中国人民银行"],
    )
    plan = zh_import(saved(book), user=boss, report=seed_ledger)
    assert plan.ok, plan.errors
    notes = [c.note for c in plan.changes if "中国人民银行" in c.new]
    assert notes and "中国人民银行 ~ 人民银行" in notes[0] and "同一名称" in notes[0], notes
    assert not any("区财政局 ~" in c.note for c in plan.changes)


def test_a_pairing_kept_before_short_names_were_folded_still_pairs_its_row(seed_ledger, tasks, boss):
    """Its key holds the row's words as written (国有资产): folding them (国资) for matching lost every such pairing."""
    from ledger.models import SheetPairing
    from ledger.services.sheet_match import _pairing_key, _plain

    text = "国有资产管理情况专项调研及整改"
    SheetPairing.objects.create(report=seed_ledger, words=_pairing_key(_plain(text, folded=False)), commitment=tasks[2], paired_by=boss)
    assert "国有资产" in SheetPairing.objects.get().words
    book, _sheet = titled_sheet(["序号", "工作任务", "牵头单位"], [1, text, "研究室"])
    plan = zh_import(saved(book), user=boss, report=seed_ledger)
    assert plan.ok and [(c.id, c.field) for c in plan.changes] == [(tasks[2].pk, "lead_unit")], plan.notices


def test_a_preview_with_only_rows_to_tick_says_so_not_that_nothing_changes(seed_ledger, tasks, boss, client):
    row = [9, "审查批准2023年区级决算、2024年区级预算调整方案", "代表工委", None, "2024年9月", None, None, None]
    client.force_login(boss)
    book, _sheet = titled_sheet(HEADER, row)
    page = client.post(
        reverse("admin:ledger_commitment_import"), {"file": SimpleUploadedFile("台账.xlsx", saved(book)), "report": seed_ledger.pk}
    ).content.decode()
    summary = re.search(r'id="ledger-sheet-summary">(.*?)</p>', page, re.S).group(1)
    assert 'id="ledger-sheet-left-out"' in page and "没有需要修改" not in summary and "勾选" in summary


def test_a_status_a_hand_kept_sheet_changes_takes_the_old_note_away(seed_ledger, tasks, boss):
    """是 beside 未实施 with its note 区委决定暂缓修订 left 已落实 beside a note saying the work was put off."""
    from ledger.services.decisions import commitment_set_status

    task = tasks[0]
    commitment_set_status(commitment=task, status="not_done", user=boss, note="区委决定暂缓修订")
    book, _sheet = titled_sheet(["序号", "工作任务", "是否完成"], [1, task.task, "是"])
    plan = zh_import(saved(book), user=boss, report=seed_ledger, dry_run=False)
    assert plan.ok and {(c.field, c.new) for c in plan.changes} >= {("status", "已落实"), ("status_note", "")}
    task.refresh_from_db()
    assert (task.status, task.status_note) == ("fulfilled", "")


def test_a_row_left_out_that_cannot_be_offered_says_what_to_mend(seed_ledger, tasks, boss):
    """A row whose progress line has no readable day (5.20) was not offered to tick, and nothing said why."""
    row = [9, "审查批准2023年区级决算、2024年区级预算调整方案", "代表工委", None, "2024年9月", "5.20 举办培训班", None, None]
    book, _sheet = titled_sheet(HEADER, row)
    plan = zh_import(saved(book), user=boss, report=seed_ledger)
    assert plan.ok and not plan.suggested  # a notice: the row is left out, and blocks nothing
    said = [n.message for n in plan.notices if "更正此处之前不提供勾选" in n.message]
    assert said and "5.20" in said[0], [n.message for n in plan.notices]


def test_a_yes_no_column_takes_ticks_and_crosses(seed_ledger, tasks, boss):
    """√ and × are how many offices fill a 是否完成 column: "√" was not a status."""
    first, second = tasks[0], tasks[1]
    Commitment.objects.filter(pk__in=[first.pk, second.pk]).update(status="pending", status_origin="auto")
    book, _sheet = titled_sheet(["序号", "工作任务", "是否完成"], [1, first.task, "√"], [2, second.task, "×"])
    plan = zh_import(saved(book), user=boss, report=seed_ledger)
    assert plan.ok, plan.errors
    assert [(c.id, c.field, c.new) for c in plan.changes] == [(first.pk, "status", "已落实")]
    assert not [n for n in plan.notices if "“×”" in n.message]  # beside 待回顾, in the year's course, it agrees
    # × decides nothing beside 待人工核验: said so, not left as if the sheet agreed with the ledger.
    Commitment.objects.filter(pk=second.pk).update(status="needs_review")
    plan = zh_import(saved(book), user=boss, report=seed_ledger)
    said = [n.message for n in plan.notices if "“×”" in n.message]
    assert len(said) == 1 and "待人工核验" in said[0] and "未实施" in said[0], plan.notices
    book, _sheet = titled_sheet(["序号", "工作任务", "是否完成"], [1, first.task, "Y?"])
    said = zh_import(saved(book), user=boss, report=seed_ledger).errors[0].message
    assert "否" in said and "√" in said


def test_a_status_word_followed_by_a_remark_is_the_status_and_its_note(seed_ledger, tasks, boss):
    """已完成，提出意见9条 and 未完成，下半年推进 refused the whole hand-kept sheet (“…”不是状态): the word is the status (未完成
    as 否) and the rest its note; beside a note of the row's own, the rest is left unread, said so."""
    first, second, third = tasks[0], tasks[1], tasks[2]
    Commitment.objects.filter(pk=first.pk).update(status="fulfilled", status_origin="auto", status_rule="status.evidence", status_note="")
    Commitment.objects.filter(pk=second.pk).update(status="partial", status_origin="auto", status_note="")
    Commitment.objects.filter(pk=third.pk).update(status="fulfilled", status_origin="auto", status_rule="status.evidence", status_note="")
    book, _sheet = titled_sheet(
        ["序号", "工作任务", "完成情况", "备注说明"],
        [1, first.task, "已完成，提出意见9条", None], [2, second.task, "未完成，下半年推进", None],
    )
    plan = zh_import(saved(book), user=boss, report=seed_ledger, dry_run=False)
    assert plan.applied, (plan.errors, plan.notices, plan.changes)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.status_origin, first.status_note) == ("fulfilled", "staff", "提出意见9条")
    assert (second.status, second.status_origin) == ("partial", "auto")  # 未完成 beside 部分落实 agrees
    book, _sheet = titled_sheet(["序号", "工作任务", "完成情况", "状态说明"], [3, third.task, "已完成，提出意见", "已报主任会议"])
    plan = zh_import(saved(book), user=boss, report=seed_ledger)
    assert plan.ok and any("“提出意见”" in n.message for n in plan.notices)
