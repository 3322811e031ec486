"""A report's tasks by lead unit (牵头单位) for the chairpersons' meeting: the table on the report's page, in its printed
台账 (also one unit's handout, ?lead_unit=) and on the 台账 workbook's second sheet, each the numbers of the API's
stats/?group_by=lead_unit (selectors.lead_unit_summary); and the print's line of folded general direction."""

import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from ledger.models import Body, Status, Unit
from ledger.selectors import SUMMARY_STATUSES, report_summary
from ledger.services import commitment_set_status
from ledger.services.ledger import commitment_ledger_update

pytestmark = pytest.mark.django_db

LEGAL, FINANCE = "法制工作委员会", "财政经济委员会"


@pytest.fixture
def viewer(client, django_user_model):
    from ledger.management.commands.bootstrap import ensure_groups

    ensure_groups()
    user = django_user_model.objects.create_user("viewer", is_staff=True)
    user.groups.add(Group.objects.get(name="台账查看"))
    client.force_login(user)
    return client


@pytest.fixture
def assigned(seed_ledger, boss):
    """大足区's 2024 report with a few tasks given lead units through the services, as a clerk would: 法制工作委员会
    leads three (one of them past its deadline, still partly done: overdue), 财政经济委员会 two and a sentence of
    general direction it keeps (printed, in no count); the rest have no lead unit."""
    report = seed_ledger
    testable = list(report.commitments.filter(testable=True).order_by("ordinal"))
    partial = next(c for c in testable if c.status == Status.PARTIAL)
    fulfilled = [c for c in testable if c.status == Status.FULFILLED]
    legal = [partial, fulfilled[0], fulfilled[1]]
    finance = [c for c in testable if c not in legal][-2:]
    for commitment in legal:
        commitment_ledger_update(commitment=commitment, user=boss, lead_unit=LEGAL)
    commitment_ledger_update(commitment=partial, user=boss, due=f"{report.year}年6月")  # long past: overdue
    commitment_ledger_update(commitment=fulfilled[0], user=boss, due=f"{report.year}年6月")  # done: never overdue
    commitment_set_status(commitment=finance[0], status=Status.NEEDS_REVIEW, user=boss, note="待核实")
    for commitment in finance:
        commitment_ledger_update(commitment=commitment, user=boss, lead_unit=FINANCE)
    general = report.commitments.filter(testable=False).order_by("ordinal").first()
    commitment_ledger_update(commitment=general, user=boss, lead_unit=FINANCE)
    return report


def api_stats(boss, report, group_by):
    client = APIClient()
    client.force_authenticate(boss)
    response = client.get("/api/v1/stats/", {"group_by": group_by, "report": report.pk})
    assert response.status_code == 200
    return response.json()


def test_the_report_page_counts_tasks_by_lead_unit_as_the_api_does(viewer, assigned, boss):
    report = assigned
    response = viewer.get(reverse("admin:ledger_report_change", args=[report.pk]))
    table = response.context["unit_table"]
    assert [row["label"] for row in table["rows"]] == [FINANCE, LEGAL, "未指定牵头单位"]  # by pinyin, no unit last
    api = {row["group"]["lead_unit"]: row for row in api_stats(boss, report, "lead_unit")}
    overdue = {
        row["group"]["lead_unit"]: row["testable"] for row in api_stats(boss, report, "lead_unit,overdue") if row["group"]["overdue"]
    }
    assert overdue == {LEGAL: 1}
    # The API groups by the unit's id too, to join a group to the list's ?lead_unit=.
    by_id = {row["group"]["lead_unit_id"]: row["testable"] for row in api_stats(boss, report, "lead_unit_id")}
    units = dict(Unit.objects.filter(body=report.body).values_list("name", "pk"))
    assert by_id == {units[FINANCE]: api[FINANCE]["testable"], units[LEGAL]: api[LEGAL]["testable"], None: api[None]["testable"]}
    for row, name in zip(table["rows"], [FINANCE, LEGAL, None]):
        counts = [n for n, _href in row["cells"]]
        assert counts == [api[name]["testable"], *(api[name]["counts"][s] for s in SUMMARY_STATUSES), overdue.get(name, 0)]
    assert [n for n, _href in table["rows"][1]["cells"]][0] == 3
    assert [n for n, _href in table["rows"][0]["cells"]][0] == 2  # the general sentence it keeps is in no count
    # The total row is the report's own totals, as the table by part beside it says them.
    overall = report_summary(report).overall
    assert [n for n, _href in table["total"]] == [overall.testable, *(overall.counts[s] for s in SUMMARY_STATUSES), 1]
    # Each row's rate, as the dashboard's table by body has it: decided, confirmed by a person, the machine's rate.
    for row, name in zip(table["rows"], [FINANCE, LEGAL, None]):
        done = api[name]["counts"][Status.FULFILLED] + api[name]["counts"][Status.PARTIAL]
        assert row["rate"]["decided"] == api[name]["decided"] and row["rate"]["confirmed"] == api[name]["decided_confirmed"]
        assert row["rate"]["rate"] == (f"{100 * done / api[name]['decided']:.1f}%" if api[name]["decided"] else "—")
    assert table["rows"][1]["rate"] == {"decided": 3, "confirmed": 0, "rate": "100.0%"}  # 法制工作委员会: all three reported
    assert table["total_rate"]["decided"] == overall.decided and table["total_rate"]["rate"] == f"{100 * overall.rate:.1f}%"

    # Each count opens the ledger list filtered to the report, the unit (or no unit) and the status: as many rows.
    page = response.content.decode()
    assert "按牵头单位" in page and 'id="ledger-unit-summary-all"' in page
    for row in [*table["rows"], {"cells": table["total"]}]:
        for n, href in row["cells"]:
            assert escape(href) in page or not n
            listed = viewer.get(href)
            assert listed.status_code == 200 and listed.context["cl"].result_count == n, href
    none_row = table["rows"][-1]
    assert "has_lead_unit=no" in none_row["cells"][0][1]
    # A unit's name opens its printed handout.
    legal = Unit.objects.get(body=report.body, name=LEGAL)
    assert f'{reverse("admin:ledger_report_ledger", args=[report.pk])}?lead_unit={legal.pk}' in page


def test_the_list_filters_tasks_with_no_lead_unit(viewer, assigned):
    url = reverse("admin:ledger_commitment_changelist")
    report = assigned
    without = viewer.get(url, {"report": report.pk, "has_lead_unit": "no"}).context["cl"]
    with_unit = viewer.get(url, {"report": report.pk, "has_lead_unit": "yes"}).context["cl"]
    assert with_unit.result_count == 6  # five tasks and the general sentence 财政经济委员会 keeps
    assert without.result_count == report.commitments.count() - 6
    assert "已指定牵头单位" in viewer.get(url, {"report": report.pk}).content.decode()


def test_the_printed_ledger_has_the_table_by_unit_and_one_units_handout(viewer, assigned, boss):
    report = assigned
    url = reverse("admin:ledger_report_ledger", args=[report.pk])
    whole = viewer.get(url)
    table = whole.context["unit_table"]
    page_table = viewer.get(reverse("admin:ledger_report_change", args=[report.pk])).context["unit_table"]
    assert table == page_table  # the same numbers and links as the report's page
    assert 'id="ledger-by-unit"' in whole.content.decode()

    legal = Unit.objects.get(body=report.body, name=LEGAL)
    response = viewer.get(url, {"lead_unit": legal.pk})
    page = response.content.decode()
    title = re.sub(r"\s+", "", re.search(r'<h1 class="ledger-ledger-title">(.*?)</h1>', page, re.S).group(1))
    assert title == f"{report.body.name}{report.year}年工作任务台账（牵头单位：{LEGAL}）"
    assert LEGAL in response.context["title"]
    rows = [int(pk) for pk in re.findall(r'<tr id="ledger-row-(\d+)"', page)]
    assert sorted(rows) == sorted(report.commitments.filter(lead_unit=legal).values_list("pk", flat=True)) and len(rows) == 3
    assert FINANCE not in page and "未指定牵头单位" not in page
    (row,) = response.context["unit_table"]["rows"]
    assert row["label"] == LEGAL and response.context["unit_table"]["total"] is None
    assert row["cells"] == next(r for r in table["rows"] if r["unit_id"] == legal.pk)["cells"]
    # Its counts are the unit's: 3 tasks, one of them overdue.
    assert sum(badge[2] for badge in response.context["overall_badges"]) == 3
    assert response.context["overdue"] == 1
    assert f"?report={report.pk}&amp;lead_unit={legal.pk}" in page  # the list link keeps the unit

    # The tasks no unit leads yet are a handout too, for whoever assigns them, linked from the table's row.
    response = viewer.get(url, {"has_lead_unit": "no"})
    page = response.content.decode()
    title = re.sub(r"\s+", "", re.search(r'<h1 class="ledger-ledger-title">(.*?)</h1>', page, re.S).group(1))
    assert title == f"{report.body.name}{report.year}年工作任务台账（牵头单位：未指定牵头单位）"
    rows = [int(pk) for pk in re.findall(r'<tr id="ledger-row-(\d+)"', page)]
    assert rows and sorted(rows) == sorted(
        report.commitments.filter(lead_unit=None, pk__in=rows).values_list("pk", flat=True)
    )
    (row,) = response.context["unit_table"]["rows"]
    assert row["label"] == "未指定牵头单位" and row["cells"] == table["rows"][-1]["cells"]
    assert f"?report={report.pk}&amp;has_lead_unit=no" in page
    assert escape(table["rows"][-1]["ledger_url"]) in whole.content.decode()
    # Its headline's link to what needs a look lists those tasks, as many as it says (the queue narrows to a unit only).
    waiting = report.commitments.filter(lead_unit=None, status=Status.NEEDS_REVIEW).count()
    assert waiting and response.context["summary_headline"]["needs_review"] == waiting
    look = re.search(r'<a href="([^"]+)" id="ledger-ledger-queue">', page).group(1).replace("&amp;", "&")
    assert look.startswith(reverse("admin:ledger_commitment_changelist"))
    assert viewer.get(look).context["cl"].result_count == waiting

    # A unit of another body, or no unit at all, is no handout.
    other = Unit.objects.create(body=Body.objects.exclude(pk=report.body_id).first(), name=LEGAL)
    refused = viewer.get(url, {"lead_unit": other.pk})
    assert refused.status_code == 404
    # Said in Chinese, with the reason (Django's own page was in English).
    page = refused.content.decode()
    assert "页面未找到" in page and f"{report.body.name}没有编号为 {other.pk} 的单位" in page
    assert viewer.get(url, {"lead_unit": "abc"}).status_code == 404


def test_the_print_shows_the_folded_general_direction_line(viewer, seed_ledger):
    """On screen a part shows 5 句一般性部署（不跟踪）; the print hid the whole fold, leaving a part's heading (and 不在编号
    部分内) over nothing."""
    report = seed_ledger
    response = viewer.get(reverse("admin:ledger_report_ledger", args=[report.pk]))
    page = response.content.decode()
    only_general = [g for g in response.context["groups"] if g.general and not g.rows]
    assert only_general  # parts of the report with nothing but general direction
    for group in only_general:
        section = re.search(rf'<section class="ledger-part" id="{group.anchor}">(.*?)</section>', page, re.S).group(1)
        assert f"<summary>{len(group.general)} 句一般性部署（不跟踪）</summary>" in section
    from django.contrib.staticfiles import finders

    css = open(finders.find("ledger/ledger.css"), encoding="utf-8").read()
    block = css[css.index("@media print"):]
    hidden = block[block.index("{") + 1: block.index("{ display: none !important; }")]  # what the print leaves out
    # The fold's list stays out of the print, its line (the summary) is printed.
    assert ".ledger-print-page .ledger-general-rows ul" in hidden
    assert not re.search(r"\.ledger-general-rows\s*,", hidden)
    assert ".ledger-general-rows summary { display: block" in block


def test_the_workbook_has_the_table_by_unit_and_names_the_unit_it_is_filtered_to(viewer, assigned):
    report = assigned
    page_table = viewer.get(reverse("admin:ledger_report_change", args=[report.pk])).context["unit_table"]
    export = reverse("admin:ledger_commitment_export", args=["xlsx"])
    workbook = openpyxl.load_workbook(io.BytesIO(viewer.get(export, {"report": report.pk}).content))
    assert workbook.sheetnames == ["台账", "按牵头单位"]
    rows = list(workbook["按牵头单位"].values)
    assert rows[0][0] == f"{report.body.name}{report.year}年工作任务台账"
    assert list(rows[1]) == [
        "牵头单位/责任单位", "跟踪任务", "已落实", "部分落实", "未见报告", "未实施", "待人工核验", "推进中", "待回顾", "逾期",
        "已判定", "其中人工确认", "落实率（含部分落实，含机器初判）",
    ]
    # The machine decided some of the rows: the rate's heading says so, in the workbook as on the page.
    assert page_table["rate_heading"] == rows[1][-1]
    expected = [[row["label"], *(n for n, _href in row["cells"])] for row in page_table["rows"]]
    expected.append(["合计", *(n for n, _href in page_table["total"])])
    assert [list(row)[:-3] for row in rows[2:]] == expected
    # The rate columns: the page's figures, the rate a number shown as a percentage ("—" where nothing is decided).
    rates = [row["rate"] for row in page_table["rows"]] + [page_table["total_rate"]]
    assert [list(row)[-3:-1] for row in rows[2:]] == [[r["decided"], r["confirmed"]] for r in rates]
    sheet = workbook["按牵头单位"]
    for number, rate in enumerate(rates, start=3):
        cell = sheet.cell(number, 13)
        assert (f"{100 * cell.value:.1f}%" if cell.number_format == "0.0%" else cell.value) == rate["rate"]

    # Filtered to one lead unit: the title names it and counts the tasks to follow as the report's page does, the
    # general sentence it keeps apart; its table by unit is that unit's row.
    finance = Unit.objects.get(body=report.body, name=FINANCE)
    workbook = openpyxl.load_workbook(io.BytesIO(viewer.get(export, {"report": report.pk, "lead_unit": finance.pk}).content))
    testable, general = report.commitments.filter(testable=True).count(), report.commitments.filter(testable=False).count()
    title = f"{report.body.name}{report.year}年工作任务台账（牵头单位：{FINANCE}）"
    assert workbook["台账"]["A1"].value == (
        f"{title}（筛选后：跟踪任务 {testable} 项中的 2 项，另有一般性部署 {general} 句中的 1 句，不计入）"
    )
    rows = list(workbook["按牵头单位"].values)
    finance_row = next(row for row in page_table["rows"] if row["label"] == FINANCE)
    assert [list(row)[:-3] for row in rows[2:]] == [[FINANCE, *(n for n, _href in finance_row["cells"])], ["合计", *(n for n, _href in finance_row["cells"])]]

    # The API's export is the same file.
    client = APIClient()
    client.force_authenticate(viewer_user(viewer))
    api_book = openpyxl.load_workbook(io.BytesIO(client.get(
        "/api/v1/commitments/export/xlsx/", {"report": report.pk, "lead_unit": finance.pk}
    ).content))
    assert api_book["台账"]["A1"].value == workbook["台账"]["A1"].value
    assert list(api_book["按牵头单位"].values) == rows
    # The unit as the API's filter reads it (" 1" is 1): the title names the unit its rows are of.
    spaced = openpyxl.load_workbook(io.BytesIO(client.get(
        "/api/v1/commitments/export/xlsx/", {"report": report.pk, "lead_unit": f" {finance.pk}"}
    ).content))
    assert spaced["台账"]["A1"].value == workbook["台账"]["A1"].value


def viewer_user(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="viewer")


def test_the_workbook_of_the_sheet_import_still_reads_its_first_sheet(viewer, assigned, boss):
    """The export with its second sheet comes back through the import unchanged: the sheet with the ID column is read."""
    from ledger.services.ledger_import import ledger_import

    content = viewer.get(reverse("admin:ledger_commitment_export", args=["xlsx"]), {"report": assigned.pk}).content
    plan = ledger_import(content, name="台账.xlsx", user=boss)
    assert not plan.errors and not plan.changes and plan.read == assigned.commitments.count()


def test_a_rate_is_headed_as_the_machines_reading_until_a_person_confirmed_every_decided_task(viewer, assigned):
    """The tables by part and by lead unit, on the report's page and in the workbook, head the rate the same way: with
    the machine's reading named while any decided task is the machine's word alone, plainly once none is."""
    from ledger.models import Origin
    from ledger.selectors import DECIDED

    report = assigned
    export = reverse("admin:ledger_commitment_export", args=["xlsx"])

    def headings():
        page = viewer.get(reverse("admin:ledger_report_change", args=[report.pk]))
        content = page.content.decode()
        by_part = re.search(r'<table class="ledger-summary">\s*<thead><tr>.*?</tr></thead>', content, re.S).group()
        by_unit = re.search(r'id="ledger-unit-summary">\s*<thead><tr>.*?</tr></thead>', content, re.S).group()
        workbook = openpyxl.load_workbook(io.BytesIO(viewer.get(export, {"report": report.pk}).content))
        return re.findall(r"<th>(落实率[^<]*)</th>", by_part + by_unit), list(workbook["按牵头单位"].values)[1][-1]

    assert headings() == (["落实率（含部分落实，含机器初判）"] * 2, "落实率（含部分落实，含机器初判）")
    assert report.commitments.filter(status__in=DECIDED).update(status_origin=Origin.STAFF)
    assert headings() == (["落实率（含部分落实）"] * 2, "落实率（含部分落实）")
