"""Partner units (配合单位) stay in the order staff wrote them, as a 台账 lists them by rank: on the task's page, the
printed 台账, the exported sheet, the API and the history; a new order is a change, and an exported sheet brought
back unchanged changes nothing. On 大足区's 2024 tasks."""

import io
import re

import openpyxl
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from ledger import exports
from ledger.models import PartnerUnit, Unit
from ledger.services.ledger import commitment_ledger_update
from ledger.services.ledger_import import ledger_import

pytestmark = pytest.mark.django_db

RANKED = ["区发展改革委", "区财政局", "区教委"]  # not the order of their names (区教委 < 区财政局 < 区发展改革委)


@pytest.fixture
def task(seed_ledger, boss):
    task = seed_ledger.commitments.filter(testable=True).order_by("ordinal").first()
    commitment_ledger_update(commitment=task, user=boss, partner_units=RANKED)
    return task


def test_the_order_written_is_kept_and_a_new_order_is_a_change(task, boss):
    assert sorted(RANKED) != RANKED
    assert [unit.name for unit in task.partners] == RANKED
    records = task.history.count()
    assert not commitment_ledger_update(commitment=task, user=boss, partner_units=RANKED)
    assert task.history.count() == records
    assert commitment_ledger_update(commitment=task, user=boss, partner_units=RANKED[::-1])
    assert [unit.name for unit in task.partners] == RANKED[::-1]
    assert task.history.count() == records + 1
    assert list(PartnerUnit.objects.filter(commitment=task).values_list("position", flat=True)) == [0, 1, 2]


def test_the_page_the_printed_ledger_and_the_history_show_the_order(task, boss, client):
    client.force_login(boss)
    page = client.get(reverse("admin:ledger_commitment_change", args=[task.pk])).content.decode()
    shown = re.search(r'<dd id="ledger-partner-units">(.*?)</dd>', page, re.S).group(1)
    assert shown == "、".join(RANKED)
    # The picker lists the partner units first, in their order: a form posts its options in the order they stand.
    picker = re.search(r'<select name="partner_units".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="\d+" selected>([^<]+)</option>', picker) == RANKED
    # The others after them as a roster lists names, by pinyin (大足石刻研究院 among the D's, not last by code point).
    for name in ("大足石刻研究院", "办公室", "研究室"):
        Unit.objects.create(body=task.report.body, name=name)
    page = client.get(reverse("admin:ledger_commitment_change", args=[task.pk])).content.decode()
    picker = re.search(r'<select name="partner_units".*?</select>', page, re.S).group(0)
    offered = re.findall(r'<option value="\d+">([^<]+)</option>', picker)
    assert offered == ["办公室", "大足石刻研究院", "研究室"]
    printed = client.get(reverse("admin:ledger_report_ledger", args=[task.report_id])).content.decode()
    assert "、".join(RANKED) in printed
    commitment_ledger_update(commitment=task, user=boss, partner_units=RANKED[::-1])
    history = client.get(reverse("admin:ledger_commitment_history", args=[task.pk])).content.decode()
    assert "、".join(RANKED) in history and "、".join(RANKED[::-1]) in history


def test_the_api_gives_the_order_and_a_new_order_changes_the_etag(task, boss, api):
    url = f"/api/v1/commitments/{task.pk}/"
    read = api.get(url)
    assert [unit["name"] for unit in read.json()["partner_units"]] == RANKED
    assert read.json()["history"][0]["partner_units"] == RANKED
    reordered = api.patch(url, {"partner_units": RANKED[::-1]}, format="json", HTTP_IF_MATCH=read["ETag"])
    assert reordered.status_code == 200
    assert [unit["name"] for unit in reordered.json()["partner_units"]] == RANKED[::-1]
    assert reordered["ETag"] != read["ETag"]
    # A write from the read before the new order is refused: it did not see it.
    stale = api.patch(url, {"partner_units": RANKED}, format="json", HTTP_IF_MATCH=read["ETag"])
    assert stale.status_code == 412


def test_a_sheet_brought_back_as_exported_changes_nothing_and_a_new_order_is_imported(task, boss):
    _title, data, _count = exports.write(task.report.commitments.all(), "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    column = next(i for i, cell in enumerate(next(sheet.iter_rows(min_row=2, max_row=2)), start=1) if cell.value == "配合单位")
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == task.pk)
    assert sheet.cell(row, column).value == "、".join(RANKED)

    def brought_back():
        data = io.BytesIO()
        book.save(data)
        return data.getvalue()

    assert not ledger_import(brought_back(), name="台账.xlsx", user=boss).changes
    sheet.cell(row, column).value = "、".join(RANKED[::-1])
    plan = ledger_import(brought_back(), name="台账.xlsx", user=boss, dry_run=False)
    assert [(c.field, c.old, c.new) for c in plan.changes] == [("partner_units", "、".join(RANKED), "、".join(RANKED[::-1]))]
    assert [unit.name for unit in task.partners] == RANKED[::-1]


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_links_made_before_their_order_was_kept_in_the_order_then_shown(seed_ledger, boss):
    task = seed_ledger.commitments.filter(testable=True).order_by("ordinal").first()
    commitment_ledger_update(commitment=task, user=boss, partner_units=RANKED)
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("ledger", "0016_commitment_origin")])
        with connection.cursor() as cursor:
            cursor.execute("SELECT unit_id FROM ledger_commitment_partner_units WHERE commitment_id = %s ORDER BY id", [task.pk])
            before = [unit for (unit,) in cursor.fetchall()]
            cursor.execute("SELECT COUNT(*) FROM ledger_historicalcommitment_partner_units")
            assert cursor.fetchone()[0] == len(RANKED)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    # Links made before the order was kept are placed as staff saw them then, by name (a sheet exported before wrote
    # them so), in the task and in its history alike.
    assert sorted(unit.pk for unit in task.partners) == sorted(before)
    assert [unit.name for unit in task.partners] == sorted(RANKED)
    history = task.history.model.partner_units.model.objects.order_by("position", "id").select_related("unit")
    assert [link.unit.name for link in history] == sorted(RANKED)
