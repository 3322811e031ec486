"""The 台账 over the API: units, deadlines and progress on 大足区's 2024 commitments, as staff keep them through
the year; who may change them, what is refused, and the filters and stats by unit and overdue."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from rest_framework.test import APIClient

from ledger.models import Body, Commitment, Progress, Status, Unit
from ledger.selectors import overdue_q
from ledger.services.ledger import commitment_ledger_update

from .conftest import queries_of

pytestmark = pytest.mark.django_db
API = "/api/v1"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    client.user = user
    return client


@pytest.fixture
def editor(django_user_model):
    """Staff who keep the ledger: change commitments, add progress entries and units."""
    user = django_user_model.objects.create_user("editor", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_commitment", "add_progress", "add_unit", "view_commitment"])
    )
    return client_for(user)


@pytest.fixture
def viewer(django_user_model):
    """Staff who may look but not change."""
    user = django_user_model.objects.create_user("viewer", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    return client_for(user)


@pytest.fixture
def reader(django_user_model):
    return client_for(django_user_model.objects.create_user("reader"))


@pytest.fixture
def rows(seed_ledger):
    """Testable commitments of 大足区 2024 that are not fulfilled, in the report's order."""
    return list(seed_ledger.commitments.filter(testable=True).exclude(status=Status.FULFILLED).order_by("ordinal"))


@pytest.fixture
def running_row(seed_ledger):
    """A testable commitment of 大足区 2025, whose plan year no review has closed yet."""
    return seed_ledger.body.reports.get(year=2025).commitments.filter(testable=True).order_by("ordinal").first()


@pytest.fixture
def row(rows):
    return rows[0]


def detail(client, commitment):
    response = client.get(f"{API}/commitments/{commitment.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


def state(commitment) -> tuple:
    """Everything a refused request must leave as it was."""
    commitment = Commitment.objects.get(pk=commitment.pk)
    return (
        commitment.lead_unit_id, sorted(commitment.partner_units.values_list("pk", flat=True)), commitment.due,
        commitment.due_label, commitment.status, commitment.history.count(), commitment.progress.count(),
        Unit.objects.count(),
    )


# The acceptance: unit, deadline, progress, 推进中


def test_staff_set_units_deadline_progress_and_in_progress_and_the_detail_shows_all_four(editor, running_row):
    row = running_row
    patched = editor.patch(
        f"{API}/commitments/{row.pk}/",
        {"lead_unit": "法制工作委员会", "partner_units": ["财政经济委员会", "研究室"], "due": "上半年"},
        format="json",
    )
    assert patched.status_code == 200, patched.content
    first = editor.post(f"{API}/commitments/{row.pk}/progress/", {"date": f"{row.plan_year}-03-15", "text": "形成初稿"}, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["author"] == "editor" and first.json()["date"] == f"{row.plan_year}-03-15"
    today = editor.post(f"{API}/commitments/{row.pk}/progress/", {"text": "提请常委会审议"}, format="json")
    assert today.status_code == 201 and today.json()["date"] == timezone.localdate().isoformat()
    status = editor.post(f"{API}/commitments/{row.pk}/status/", {"status": "in_progress", "note": "正在起草"}, format="json")
    assert status.status_code == 200 and status.json()["status"] == "in_progress"

    shown = detail(editor, row)
    unit = Unit.objects.get(body=row.report.body, name="法制工作委员会")
    assert shown["lead_unit"] == {"id": unit.pk, "name": "法制工作委员会"}
    assert sorted(u["name"] for u in shown["partner_units"]) == ["研究室", "财政经济委员会"]
    assert (shown["due"], shown["due_label"]) == (f"{row.plan_year}-06-30", "上半年")
    assert [p["text"] for p in shown["progress"]] == ["提请常委会审议", "形成初稿"]
    assert {p["author"] for p in shown["progress"]} == {"editor"}
    assert (shown["status"], shown["status_origin"], shown["status_note"]) == ("in_progress", "staff", "正在起草")
    # 2024's first half is over and the row is not fulfilled: 逾期, in the detail and in the list.
    assert shown["overdue"] is True
    listed = editor.get(f"{API}/commitments/", {"report": row.report_id, "lead_unit": unit.pk}).json()["results"]
    assert [(r["id"], r["lead_unit"]["name"], r["due"], r["overdue"]) for r in listed] == [
        (row.pk, "法制工作委员会", f"{row.plan_year}-06-30", True)
    ]

    # The history says who changed what: the 台账 update, then the status, each by editor.
    status_change, ledger_change = shown["history"][:2]
    assert (status_change["user"], status_change["status"]) == ("editor", "in_progress")
    assert ledger_change["user"] == "editor"
    assert (ledger_change["lead_unit"], ledger_change["due"], ledger_change["due_label"]) == (
        "法制工作委员会", f"{row.plan_year}-06-30", "上半年"
    )
    assert sorted(ledger_change["partner_units"]) == ["研究室", "财政经济委员会"]
    # One record per change: setting the partner units writes none of its own.
    assert [change["user"] for change in shown["history"]].count("editor") == 2
    assert Progress.objects.get(text="形成初稿").history.get().history_user == editor.user


def test_units_by_id_and_clearing_each_field(editor, row):
    unit = Unit.objects.create(body=row.report.body, name="办公室")
    partner = Unit.objects.create(body=row.report.body, name="研究室")
    set_ = editor.patch(
        f"{API}/commitments/{row.pk}/",
        {"lead_unit": unit.pk, "partner_units": [str(partner.pk)], "due": f"{row.plan_year}年9月"},
        format="json",
    ).json()
    assert (set_["lead_unit"]["id"], [u["id"] for u in set_["partner_units"]]) == (unit.pk, [partner.pk])
    assert (set_["due"], set_["due_label"]) == (f"{row.plan_year}-09-30", f"{row.plan_year}年9月")
    count = row.history.count()
    # The same values again change nothing and add no history.
    assert editor.patch(f"{API}/commitments/{row.pk}/", {"lead_unit": "办公室", "due": f"{row.plan_year}年9月"}, format="json").status_code == 200
    assert row.history.count() == count
    cleared = editor.patch(f"{API}/commitments/{row.pk}/", {"lead_unit": None, "partner_units": [], "due": ""}, format="json").json()
    assert (cleared["lead_unit"], cleared["partner_units"], cleared["due"], cleared["due_label"], cleared["overdue"]) == (
        None, [], None, "", False
    )
    again = editor.patch(f"{API}/commitments/{row.pk}/", {"lead_unit": "办公室", "due": "年底前"}, format="json").json()
    assert again["lead_unit"]["id"] == unit.pk and again["due"] == f"{row.plan_year}-12-31"
    assert editor.patch(f"{API}/commitments/{row.pk}/", {"due": None}, format="json").json()["due"] is None


def test_the_status_endpoint_takes_in_progress_and_documents_it(editor, reader, running_row):
    row = running_row
    schema = reader.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "in_progress" in schema["components"]["schemas"]["StatusEnum"]["enum"]
    assert editor.post(f"{API}/commitments/{row.pk}/status/", {"status": "in_progress"}, format="json").status_code == 200
    row.refresh_from_db()
    assert (row.status, row.status_origin, row.status_decided_by) == (Status.IN_PROGRESS, "staff", editor.user)
    assert ids(reader.get(f"{API}/commitments/", {"status": "in_progress"})) == {row.pk}


# Refused: nothing changes


def _other_body_unit(row):
    return Unit.objects.create(body=Body.objects.exclude(pk=row.report.body_id).first(), name="办公厅").pk


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"due": "尽快"}, "due"),
        ({"due": "年底前" * 20}, "due"),
        ({"due": 2024}, None),
        ({"lead_unit": 987654321}, "lead_unit"),
        ({"lead_unit": "99999999999999999999999"}, "lead_unit"),
        ({"lead_unit": "  "}, "lead_unit"),
        ({"lead_unit": True}, "lead_unit"),
        ({"lead_unit": ["研究室"]}, "lead_unit"),
        ({"lead_unit": "研究\x00室"}, "lead_unit"),
        ({"lead_unit": "x" * 101}, "lead_unit"),
        ({"lead_unit": _other_body_unit}, "lead_unit"),
        ({"partner_units": "研究室"}, "partner_units"),
        ({"partner_units": ["研究室", 1.5]}, "partner_units"),
        # A new unit named in a refused request is not kept.
        ({"lead_unit": "新设单位", "due": "尽快"}, "due"),
        ({"lead_unit": "研究室", "partner_units": ["研究室"]}, "detail"),
        ({"text": "改写的任务"}, "text"),
        ({"status": "fulfilled", "due": "年底前"}, "status"),
        ({}, "non_field_errors"),
    ],
)
def test_bad_values_are_a_400_naming_the_field_and_change_nothing(editor, row, payload, field):
    payload = {key: value(row) if callable(value) else value for key, value in payload.items()}
    before = state(row)
    response = editor.patch(f"{API}/commitments/{row.pk}/", payload, format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["status"] == 400 and error["message"]
    if field:
        assert field in error["detail"], error
    assert state(row) == before
    assert not Unit.objects.filter(name="新设单位").exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "text"), ({"text": "   "}, "text"), ({"text": "进展", "date": "2024-13-01"}, "date"),
        ({"text": "进展", "date": "明天"}, "date"), ({"text": "进展", "date": "2999-01-01"}, "date"),
        ({"text": "进展", "date": "1900-01-01"}, "date"),
        # Longer than a 台账 cell can hold in one export: Excel cut it, and the sheet sent back "corrected" it.
        ({"text": "进" * 5001}, "text"),
    ],
)
def test_a_progress_entry_needs_a_text_and_a_real_date(editor, row, payload, field):
    before = state(row)
    response = editor.post(f"{API}/commitments/{row.pk}/progress/", payload, format="json")
    assert response.status_code == 400 and field in response.json()["error"]["detail"]
    assert state(row) == before


def test_progress_entries_that_would_not_fit_their_ledger_cell_together_are_refused(editor, row):
    """Each entry under the limit, seven of them overflowed the one cell the sheet exports them to."""
    for day in range(1, 7):
        response = editor.post(f"{API}/commitments/{row.pk}/progress/", {"text": "调" * 5000, "date": f"2024-05-0{day}"}, format="json")
        assert response.status_code == 201
    before = state(row)
    response = editor.post(f"{API}/commitments/{row.pk}/progress/", {"text": "调" * 5000, "date": "2024-05-07"}, format="json")
    assert response.status_code == 400 and "32767" in response.json()["error"]["message"]
    assert state(row) == before


def test_a_status_note_longer_than_a_ledger_cell_takes_is_refused(editor, row):
    before = state(row)
    response = editor.post(f"{API}/commitments/{row.pk}/status/", {"status": "partial", "note": "注" * 5001}, format="json")
    assert response.status_code == 400 and "note" in response.json()["error"]["detail"]
    assert "5000" in response.json()["error"]["message"] and state(row) == before


def test_anonymous_readers_and_view_only_staff_change_nothing(client, reader, viewer, row, settings):
    before = state(row)
    writes = [
        ("patch", f"{API}/commitments/{row.pk}/", {"lead_unit": "研究室", "due": "年底前"}),
        ("post", f"{API}/commitments/{row.pk}/progress/", {"text": "形成初稿"}),
        ("post", f"{API}/commitments/{row.pk}/status/", {"status": "in_progress"}),
        ("post", f"{API}/units/", {"body": row.report.body_id, "name": "研究室"}),
    ]
    settings.LEDGER_PUBLIC_READ = True  # reading open to all still leaves writing to staff
    for method, url, payload in writes:
        assert getattr(APIClient(), method)(url, payload, format="json").status_code == 401, url
        for signed_in in (reader, viewer):
            response = getattr(signed_in, method)(url, payload, format="json")
            assert response.status_code == 403, (signed_in.user, url)
            assert response.json()["error"]["code"] == "permission_denied"
    assert state(row) == before


def test_staff_with_change_but_not_add_progress_cannot_add_progress(django_user_model, row):
    user = django_user_model.objects.create_user("changer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_commitment"))
    changer = client_for(user)
    assert changer.post(f"{API}/commitments/{row.pk}/progress/", {"text": "形成初稿"}, format="json").status_code == 403
    assert changer.patch(f"{API}/commitments/{row.pk}/", {"due": "年底前"}, format="json").status_code == 200


def test_staff_correct_and_delete_a_progress_entry_and_the_history_keeps_it(editor, django_user_model, rows):
    row, other = rows[0], rows[1]
    entry = editor.post(f"{API}/commitments/{row.pk}/progress/", {"text": "形成初搞", "date": "2024-03-01"}, format="json").json()
    url = f"{API}/commitments/{row.pk}/progress/{entry['id']}/"
    # Without the rights to change or delete entries: refused, nothing changes.
    assert editor.patch(url, {"text": "形成初稿"}, format="json").status_code == 403
    assert editor.delete(url).status_code == 403
    keeper = django_user_model.objects.create_user("keeper", is_staff=True)
    keeper.user_permissions.add(*Permission.objects.filter(codename__in=["change_commitment", "change_progress", "delete_progress"]))
    keeper = client_for(keeper)
    corrected = keeper.patch(url, {"text": "形成初稿"}, format="json")
    assert corrected.status_code == 200 and (corrected.json()["text"], corrected.json()["date"]) == ("形成初稿", "2024-03-01")
    assert keeper.patch(url, {}, format="json").status_code == 400
    assert keeper.patch(url, {"date": "2999-01-01"}, format="json").status_code == 400
    # An entry named under another commitment is not found there.
    assert keeper.patch(f"{API}/commitments/{other.pk}/progress/{entry['id']}/", {"text": "x"}, format="json").status_code == 404
    assert [p["text"] for p in detail(keeper, row)["progress"]] == ["形成初稿"]
    assert keeper.delete(url).status_code == 204
    assert detail(keeper, row)["progress"] == []
    gone = keeper.delete(url)
    assert gone.status_code == 404 and "进展记录" in str(gone.json())
    assert [r.history_type for r in Progress.history.filter(id=entry["id"]).order_by("history_date")] == ["+", "~", "-"]


def test_a_field_a_request_does_not_read_is_a_400_naming_it(editor, row):
    """A misspelt note (not=) or date was dropped without a word, and the rest applied."""
    before = detail(editor, row)
    refused = editor.post(f"{API}/commitments/{row.pk}/status/", {"status": "partial", "not": "已核实"}, format="json")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "unknown_field"
    assert "not" in refused.json()["error"]["detail"] and "note" in str(refused.json()["error"]["detail"]["not"])
    added = editor.post(f"{API}/commitments/{row.pk}/progress/", {"text": "形成初稿", "dat": "2024-03-01"}, format="json")
    assert added.status_code == 400 and "dat" in added.json()["error"]["detail"]
    assert detail(editor, row) == before


# Units


def test_units_list_by_body_and_staff_add_one(editor, reader, seed_ledger, settings):
    body = seed_ledger.body
    other = Body.objects.exclude(pk=body.pk).first()
    created = editor.post(f"{API}/units/", {"body": body.pk, "name": " 法制工作委员会 "}, format="json")
    assert created.status_code == 201, created.content
    unit = created.json()
    assert (unit["name"], unit["body"]["id"]) == ("法制工作委员会", body.pk)
    assert Unit.objects.get(pk=unit["id"]).history.get().history_user == editor.user
    same = editor.post(f"{API}/units/", {"body": body.pk, "name": "法制工作委员会"}, format="json")
    assert same.status_code == 200 and same.json()["id"] == unit["id"]
    Unit.objects.create(body=other, name="法制工作委员会")
    Unit.objects.create(body=body, name="研究室")
    assert ids(reader.get(f"{API}/units/", {"body": body.pk})) == set(body.units.values_list("pk", flat=True))
    assert [u["name"] for u in reader.get(f"{API}/units/", {"body": body.pk, "name": "法制"}).json()["results"]] == ["法制工作委员会"]
    assert reader.get(f"{API}/units/{unit['id']}/").json()["name"] == "法制工作委员会"
    # In pinyin order, as every list of units is (code points put 财政部 after 商务部), also asked by name.
    for name in ("商务部", "财政部", "发展改革委"):
        Unit.objects.create(body=body, name=name)
    pinyin = ["财政部", "发展改革委", "法制工作委员会", "商务部", "研究室"]
    assert [u["name"] for u in reader.get(f"{API}/units/", {"body": body.pk}).json()["results"]] == pinyin
    assert [u["name"] for u in reader.get(f"{API}/units/", {"body": body.pk, "ordering": "-name"}).json()["results"]] == pinyin[::-1]
    assert APIClient().get(f"{API}/units/").status_code == 401
    settings.LEDGER_PUBLIC_READ = True
    assert APIClient().get(f"{API}/units/").status_code == 200


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "研究室"}, "body"),
        ({"body": 987654321, "name": "研究室"}, "body"),
        ({"body": "{body}", "name": "  "}, "name"),
        ({"body": "{body}", "name": "123"}, "name"),
        ({"body": "{body}", "name": "x" * 101}, "name"),
        ({"body": "{body}", "name": "研\x00究室"}, "name"),
    ],
)
def test_a_bad_unit_is_a_400_and_stores_nothing(editor, seed_ledger, payload, field):
    payload = {key: seed_ledger.body_id if value == "{body}" else value for key, value in payload.items()}
    count = Unit.objects.count()
    response = editor.post(f"{API}/units/", payload, format="json")
    assert response.status_code == 400 and field in response.json()["error"]["detail"], response.content
    assert Unit.objects.count() == count


@pytest.mark.parametrize("name", ["0", "007", "１２", "{}", "——"])
def test_a_name_that_names_no_office_creates_no_unit_through_a_commitment_either(editor, seed_ledger, name):
    """The rule of units/ holds where a commitment names its units by name: 0, 007 or １２ would read as an id."""
    row = seed_ledger.commitments.filter(testable=True).first()
    count = Unit.objects.count()
    for payload in ({"lead_unit": name}, {"partner_units": [name]}):
        response = editor.patch(f"{API}/commitments/{row.pk}/", payload, format="json")
        assert response.status_code == 400, response.content
    assert Unit.objects.count() == count


# Filters and stats by unit and overdue


@pytest.fixture
def kept(seed_ledger, rows, boss):
    """Four rows kept by staff: a lead unit with a deadline past (overdue), the same unit as partner, another
    unit with a deadline years ahead, one falling due next week; and a fulfilled row past its deadline."""
    today = timezone.localdate()
    commitment_ledger_update(commitment=rows[0], user=boss, lead_unit="法制工作委员会", due="上半年")
    commitment_ledger_update(commitment=rows[1], user=boss, lead_unit="研究室", partner_units=["法制工作委员会"])
    commitment_ledger_update(commitment=rows[2], user=boss, lead_unit="研究室", due=f"{rows[2].plan_year + 8}年12月")
    commitment_ledger_update(commitment=rows[3], user=boss, due=(today + dt.timedelta(days=7)).isoformat())
    fulfilled = seed_ledger.commitments.filter(testable=True, status=Status.FULFILLED).first()
    commitment_ledger_update(commitment=fulfilled, user=boss, lead_unit="法制工作委员会", due="一季度")
    units = {unit.name: unit.pk for unit in Unit.objects.filter(body=seed_ledger.body)}
    return {"rows": rows, "fulfilled": fulfilled, "units": units}


def test_filters_by_unit_deadline_and_overdue(reader, kept):
    rows, fulfilled, units = kept["rows"], kept["fulfilled"], kept["units"]
    law, research = units["法制工作委员会"], units["研究室"]
    assert ids(reader.get(f"{API}/commitments/", {"lead_unit": law})) == {rows[0].pk, fulfilled.pk}
    assert ids(reader.get(f"{API}/commitments/", {"lead_unit": research})) == {rows[1].pk, rows[2].pk}
    assert ids(reader.get(f"{API}/commitments/", {"unit": law})) == {rows[0].pk, rows[1].pk, fulfilled.pk}
    assert ids(reader.get(f"{API}/commitments/", {"unit": law, "lead_unit": research})) == {rows[1].pk}
    # Past the deadline and not fulfilled; the fulfilled row past its deadline is not overdue.
    assert ids(reader.get(f"{API}/commitments/", {"overdue": "true"})) == {rows[0].pk}
    everything = reader.get(f"{API}/commitments/").json()["count"]
    assert reader.get(f"{API}/commitments/", {"overdue": "false"}).json()["count"] == everything - 1
    assert ids(reader.get(f"{API}/commitments/", {"due_soon": "true"})) == {rows[3].pk}
    assert reader.get(f"{API}/commitments/", {"due_soon": "false"}).json()["count"] == everything - 1
    plan_year = rows[0].plan_year
    assert ids(reader.get(f"{API}/commitments/", {"due_before": f"{plan_year}-06-30"})) == {rows[0].pk, fulfilled.pk}
    assert ids(reader.get(f"{API}/commitments/", {"due_after": f"{plan_year + 8}-01-01"})) == {rows[2].pk}
    assert ids(reader.get(f"{API}/commitments/", {"due_after": f"{plan_year}-04-01", "due_before": f"{plan_year}-12-31"})) == {rows[0].pk}
    # The export takes the same filters.
    response = reader.get(f"{API}/commitments/export/csv/", {"overdue": "true"})
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    assert rows[0].text in csv and rows[2].text not in csv


def test_stats_by_lead_unit_and_overdue(reader, kept, seed_ledger):
    rows, fulfilled = kept["rows"], kept["fulfilled"]

    def stats(group_by, **filters):
        response = reader.get(f"{API}/stats/", {"group_by": group_by, **filters})
        assert response.status_code == 200, response.content
        return response.json()

    by_unit = {row["group"]["lead_unit"]: row for row in stats("lead_unit", report=seed_ledger.pk)}
    assert set(by_unit) == {"法制工作委员会", "研究室", None}
    assert by_unit["法制工作委员会"]["testable"] == 2
    assert by_unit["法制工作委员会"]["counts"][fulfilled.status] >= 1
    assert by_unit["研究室"]["testable"] == 2
    testable = seed_ledger.commitments.filter(testable=True).count()
    assert by_unit[None]["testable"] == testable - 4
    by_overdue = {row["group"]["overdue"]: row for row in stats("overdue", report=seed_ledger.pk)}
    assert by_overdue[True]["testable"] == 1 and by_overdue[True]["counts"][rows[0].status] == 1
    assert by_overdue[False]["testable"] == testable - 1
    everywhere = stats("body,lead_unit,overdue")
    assert sum(row["testable"] for row in everywhere if row["group"]["overdue"]) == Commitment.objects.filter(overdue_q()).count()
    assert {"body": seed_ledger.body.name, "lead_unit": "法制工作委员会", "overdue": True} in [row["group"] for row in everywhere]
    assert stats("lead_unit", unit=kept["units"]["研究室"])[0]["group"] == {"lead_unit": "研究室"}


# Efficiency


def test_the_list_with_units_and_deadlines_costs_the_same_for_any_page(reader, kept):
    def queries(page_size):
        return queries_of(lambda: reader.get(f"{API}/commitments/", {"page_size": page_size, "ordering": "ordinal"}))

    assert queries(2) == queries(60)


def test_a_mirror_reads_the_ledger_by_pages_as_the_detail_gives_it(reader, editor, kept):
    """A platform mirroring the 台账 had to ask for one detail a row (1,638 after one report loaded, and 429s): with
    include=ledger a list row carries the detail's 台账 fields, the same values, at the same cost for any page."""
    rows = kept["rows"]
    editor.patch(f"{API}/commitments/{rows[1].pk}/", {"partner_units": ["法制工作委员会", "办公室"]}, format="json")
    editor.post(f"{API}/commitments/{rows[1].pk}/progress/", {"text": "形成初稿"}, format="json")
    editor.post(f"{API}/commitments/{rows[1].pk}/status/", {"status": "in_progress", "note": "正在修改"}, format="json")
    listed = reader.get(f"{API}/commitments/", {"include": "ledger", "ordering": "id", "id_after": rows[1].pk - 1}).json()
    row, full = listed["results"][0], detail(reader, rows[1])
    fields = ("partner_units", "due_label", "status_note", "status_decided_by", "status_decided_at", "progress", "lead_unit", "due")
    assert row["id"] == rows[1].pk and {f: row[f] for f in fields} == {f: full[f] for f in fields}
    assert [u["name"] for u in row["partner_units"]] == ["法制工作委员会", "办公室"] and row["progress"][0]["text"] == "形成初稿"
    assert "progress" not in reader.get(f"{API}/commitments/", {"page_size": 1}).json()["results"][0]  # asked for only
    assert reader.get(f"{API}/commitments/", {"include": "text"}).status_code == 400

    def queries(page_size):
        return queries_of(lambda: reader.get(f"{API}/commitments/", {"page_size": page_size, "include": "ledger"}))

    assert queries(2) == queries(60)


def test_the_detail_costs_the_same_however_long_its_history(reader, editor, row):
    def queries():
        return queries_of(lambda: reader.get(f"{API}/commitments/{row.pk}/"))

    editor.patch(f"{API}/commitments/{row.pk}/", {"lead_unit": "办公室", "partner_units": ["研究室"]}, format="json")
    editor.post(f"{API}/commitments/{row.pk}/progress/", {"text": "形成初稿"}, format="json")
    few = queries()
    for n, name in enumerate(["法制工作委员会", "财政经济委员会", "监察和司法委员会"]):
        editor.patch(f"{API}/commitments/{row.pk}/", {"partner_units": ["研究室", name], "due": f"{n + 1}月底前"}, format="json")
        editor.post(f"{API}/commitments/{row.pk}/progress/", {"text": f"第{n + 2}次进展"}, format="json")
    assert queries() == few


def test_the_browsable_page_of_a_record_shows_its_ledger_form_to_staff(editor, row):
    editor.patch(f"{API}/commitments/{row.pk}/", {"lead_unit": "法制工作委员会", "due": "上半年"}, format="json")
    response = editor.get(f"{API}/commitments/{row.pk}/", {"format": "api"})
    assert response.status_code == 200
    assert "上半年" in response.content.decode()


def test_a_task_whose_deadline_passes_is_listed_as_changed_the_next_day(reader, kept, monkeypatch):
    """overdue turns on with the calendar, not with a write: a mirror that synced today gets the task falling due
    today again tomorrow, now overdue, though no one changed it."""
    rows = kept["rows"]
    today = timezone.localdate()
    # No history: only the calendar will change them; a fulfilled task is never overdue.
    Commitment.objects.filter(pk__in=[rows[3].pk, kept["fulfilled"].pk]).update(due=today)
    synced = timezone.now()
    assert ids(reader.get(f"{API}/commitments/", {"updated_since": synced.isoformat()})) == set()
    local_date = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda value=None: local_date(value) if value else today + dt.timedelta(days=1))
    listed = reader.get(f"{API}/commitments/", {"updated_since": synced.isoformat()}).json()["results"]
    assert [(row["id"], row["overdue"]) for row in listed] == [(rows[3].pk, True)]
    # A sync at midnight lists what turned overdue at that instant (due the day before).
    midnight = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time()))
    listed = reader.get(f"{API}/commitments/", {"updated_since": midnight.isoformat()}).json()["results"]
    assert [row["id"] for row in listed] == [rows[3].pk]
