"""The REST API on the seeds and a follow-up: every endpoint, filter, permission and error."""

import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ledger import exports, services
from ledger.models import Body, Commitment, Decision, Evidence, Report, Status, Verdict
from ledger.services.ledger import progress_add
from ledger.selectors import has_evidence_q

from .conftest import CORPUS, DATA, SEEDS, SHEET_HEADER, needs_corpus, queries_of, seed_bytes

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def ledger(seed_ledger):
    """The seeds, plus the follow-up of 大足区 2024 so that its commitments have evidence and statuses
    (loaded once per session: conftest.seed_ledger)."""
    return seed_ledger


@pytest.fixture
def reader(django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def viewer(django_user_model):
    """Staff who may look but not decide."""
    user = django_user_model.objects.create_user("viewer", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_report", "change_commitment", "change_evidence", "add_evidence"])
    )
    client = APIClient()
    client.force_authenticate(user)
    client.user = user
    return client


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


# Reading


def test_a_platform_syncs_by_id_pages_and_what_changed_since(reader, ledger, django_user_model):
    """A nightly mirror pages by id (keyset: rows added meanwhile shift no page) and then asks only for what changed:
    a status, a decided passage, a progress entry; ties of any other ordering are broken by id."""
    everything = []
    last = 0
    while True:
        page = results(reader.get(f"{API}/commitments/", {"ordering": "id", "id_after": last, "page_size": 50}))
        if not page:
            break
        everything += [row["id"] for row in page]
        last = page[-1]["id"]
    assert everything == sorted(everything) and len(everything) == Commitment.objects.count()
    # Following next does the same: each next page starts after the last id seen, never by page number.
    followed, url = [], f"{API}/commitments/?ordering=id&id_after=0&page_size=50"
    while url:
        body = reader.get(url).json()
        followed += [row["id"] for row in body["results"]]
        url = body["next"]
        assert url is None or ("page=" not in url and f"id_after={followed[-1]}" in url)
    assert followed == everything

    since = timezone.now()
    user = django_user_model.objects.create_user("clerk", is_staff=True)
    testable = list(ledger.commitments.filter(testable=True).order_by("ordinal"))
    services.commitment_set_status(commitment=testable[0], status=Status.PARTIAL, user=user)
    passage = Evidence.objects.filter(commitment__report=ledger, decision=Decision.PROPOSED).exclude(
        commitment__in=testable[:1]
    ).filter(verdict__in=[Verdict.FULFILLED, Verdict.PARTIAL]).first()
    services.evidence_decide(evidence=passage, decision=Decision.CONFIRMED, user=user)
    progress_add(commitment=testable[-1], user=user, text="形成初稿", date=timezone.localdate())
    changed = results(reader.get(f"{API}/commitments/", {"updated_since": since.isoformat(), "page_size": 200}))
    assert {row["id"] for row in changed} == {testable[0].pk, passage.commitment_id, testable[-1].pk}
    # A unit renamed changes what its tasks show: they are listed too.
    from ledger.services.ledger import commitment_ledger_update

    commitment_ledger_update(commitment=testable[1], user=user, lead_unit="区财政局")
    later = timezone.now()
    unit = testable[1].lead_unit
    unit.name = "区财政局（区国资委）"
    unit.save()
    renamed = results(reader.get(f"{API}/commitments/", {"updated_since": later.isoformat(), "page_size": 200}))
    assert [row["id"] for row in renamed] == [testable[1].pk]
    assert results(reader.get(f"{API}/commitments/", {"updated_since": timezone.now().isoformat()})) == []
    # A relink that changes nothing lists nothing; one that judges a passage again in place (the rules changed since
    # it was proposed) lists the report's rows: no time of the passage's records it.
    services.report_relink(report=ledger)
    assert results(reader.get(f"{API}/commitments/", {"updated_since": timezone.now().isoformat()})) == []
    stale = Evidence.objects.filter(commitment__report=ledger, decision=Decision.PROPOSED).exclude(verdict=Verdict.CANDIDATE).first()
    Evidence.objects.filter(pk=stale.pk).update(score=0.5, rule="verdict.done.former_rule")
    before_relink = timezone.now()
    services.report_relink(report=ledger)
    assert Evidence.objects.get(pk=stale.pk).rule != "verdict.done.former_rule"
    relisted = {row["id"] for row in results(reader.get(f"{API}/commitments/", {"updated_since": before_relink.isoformat(), "page_size": 200}))}
    assert stale.commitment_id in relisted
    # A user renamed changes the rows that name them (who set a status, wrote an entry, confirmed a passage).
    renamed_at = timezone.now()
    user.username = "clerk_zhao"
    user.save()
    relisted = {row["id"] for row in results(reader.get(f"{API}/commitments/", {"updated_since": renamed_at.isoformat(), "page_size": 200}))}
    assert {testable[0].pk, passage.commitment_id, testable[-1].pk} <= relisted
    # So does a login deleted: who decided becomes none, with no record of the rows saying so.
    deleted_at = timezone.now()
    user.delete()
    relisted = {row["id"] for row in results(reader.get(f"{API}/commitments/", {"updated_since": deleted_at.isoformat(), "page_size": 200}))}
    assert {testable[0].pk, passage.commitment_id, testable[-1].pk} <= relisted

    by_year = results(reader.get(f"{API}/commitments/", {"ordering": "plan_year", "page_size": 200}))
    ties = [row["id"] for row in by_year if row["plan_year"] == by_year[0]["plan_year"]]
    assert ties == sorted(ties)


def test_a_replaced_report_says_when_and_what_text_its_offsets_index(reader, ledger):
    before = reader.get(f"{API}/reports/{ledger.pk}/").json()
    assert before["text_sha256"] and before["updated_at"] and "review_at" in before
    services.report_ingest(seed_bytes("003").replace("踔厉奋发、积极作为,".encode(), b""), source="003b", replace=True)
    after = reader.get(f"{API}/reports/{ledger.pk}/").json()
    assert after["ingested_at"] == before["ingested_at"] and after["updated_at"] > before["updated_at"]
    assert after["text_sha256"] != before["text_sha256"]
    follow_up = reader.get(f"{API}/reports/", {"ordering": "-year"}).json()["results"]
    assert any(report["review_at"] for report in follow_up)  # 大足区 2025: its review is in


def test_the_data_export_is_a_table_a_program_reads_and_agrees_with_the_api(reader, editor, ledger):
    """Header first, codes, one row per commitment the filters leave, with what a researcher weighs a row by (who
    decided, how sure the machine was, the passage, the follow-up) — the same as the API says of each row."""
    import csv as csv_module

    passage = Evidence.objects.filter(commitment__report=ledger, commitment__testable=True, verdict=Verdict.FULFILLED).first()
    editor.post(f"{API}/evidence/{passage.pk}/confirm/")
    response = reader.get(f"{API}/commitments/export/data/", {"report": ledger.pk, "testable": "true"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    # A BOM first (Excel reads UTF-8 only with it); utf-8-sig, as pandas and R do, reads past it.
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    table = list(csv_module.DictReader(io.StringIO(text)))
    assert list(table[0])[:3] == ["id", "body_id", "body"]
    api = {row["id"]: row for row in results(reader.get(f"{API}/commitments/", {"report": ledger.pk, "testable": "true", "page_size": 200}))}
    assert {int(row["id"]) for row in table} == set(api)
    for row in table:
        served = api[int(row["id"])]
        assert row["status"] == served["status"] and row["status_rule"] == served["status_rule"]
        assert row["confirmed"] == ("true" if served["confirmed"] else "false") and row["task"] == served["task"]
        assert row["status_confidence"] == ("" if served["status_confidence"] is None else str(served["status_confidence"]))
        best = served["best_evidence"]
        assert row["evidence_id"] == ("" if best is None else str(best["id"]))
    follow_up = Report.objects.get(body=ledger.body, year=ledger.year + 1)
    assert {row["follow_up_report_id"] for row in table} == {str(follow_up.pk)}
    assert {row["follow_up_term_review"] for row in table} == {"false"}
    confirmed = next(row for row in table if row["id"] == str(passage.commitment_id))
    assert confirmed["confirmed"] == "true" and confirmed["evidence_decision"] == "confirmed"
    assert follow_up.text[int(confirmed["evidence_start"]) : int(confirmed["evidence_end"])] == confirmed["evidence_text"]
    # What cites a row: the texts its offsets index, by hash, and the words the passage was judged by.
    assert {row["report_sha256"] for row in table} == {ledger.text_sha256}
    assert {row["follow_up_sha256"] for row in table} == {follow_up.text_sha256}
    decided = [row for row in table if row["evidence_id"]]
    assert decided and all(row["evidence_matched"] and not row["candidate_id"] for row in decided)
    assert all(word in row["evidence_text"] for row in decided for word in row["evidence_matched"].split("、"))
    # A status with no passage behind it names the closest one its score comes from.
    silent = [row for row in table if row["status_rule"] == "status.silent" and row["candidate_id"]]
    assert silent and all(not row["evidence_id"] for row in silent)
    for row in silent:
        assert abs(1 - float(row["status_confidence"]) - float(row["candidate_score"])) < 1e-3
        assert follow_up.text[int(row["candidate_start"]) : int(row["candidate_end"])]
    assert re.fullmatch(r"attachment; filename=\"?commitments-\d{8}-\d{4}\.csv.*", response["Content-Disposition"])


def test_a_list_item_reads_on_its_own_in_the_api_as_in_the_sheet(reader, ledger):
    """text is the words as written (a list's item may be only the item); task is what the 台账 and the admin
    show, reading on its own, in the list and the detail alike."""
    from ledger import exports

    items = [c for c in Commitment.objects.filter(testable=True).order_by("pk") if c.task != c.text]
    assert items
    item = items[0]
    detail = reader.get(f"{API}/commitments/{item.pk}/").json()
    assert detail["task"] == item.task != detail["text"] == item.text
    listed = results(reader.get(f"{API}/commitments/", {"report": item.report_id, "q": item.text}))
    assert {row["id"]: row["task"] for row in listed}[item.pk] == item.task
    sheet_row = next(exports.ledger_rows(Commitment.objects.filter(pk=item.pk)))
    assert sheet_row[exports.COLUMN_KEYS.index("task")] == detail["task"]


def test_api_root_lists_the_endpoints(reader):
    assert reader.get("/api/").status_code == 302
    body = reader.get(f"{API}/").json()
    assert set(body) == {
        "bodies", "units", "reports", "commitments", "evidence", "stats", "accuracy", "commitment_import", "commitment_export_xlsx",
        "commitment_export_csv", "commitment_export_data", "schema", "swagger_ui", "redoc",
    }
    assert body["stats"].endswith("/api/v1/stats/") and body["schema"].endswith("/api/schema/")
    for name in ("stats", "accuracy", "schema", "swagger_ui", "commitment_export_csv"):
        assert reader.get(body[name]).status_code == 200, name


def test_bodies_filter_and_detail(reader, ledger):
    rows = results(reader.get(f"{API}/bodies/", {"level": "county"}))
    assert {row["name"] for row in rows} == {"重庆市大足区人大常委会", "重庆市江津区人大常委会", "重庆市永川区人大常委会"}
    assert all(row["parent"]["name"] == "重庆市人大常委会" for row in rows)
    assert {row["kind"] for row in rows} == {"npc"}  # a researcher tells 人大 from 政府 without reading names
    assert [row["name"] for row in results(reader.get(f"{API}/bodies/", {"name": "扬州"}))] == ["扬州市人大常委会"]
    chongqing = Body.objects.get(name="重庆市人大常委会")
    detail = reader.get(f"{API}/bodies/{chongqing.pk}/").json()
    assert detail["parent"]["name"] == "全国人大常委会"
    assert {child["name"] for child in detail["children"]} >= {"重庆市大足区人大常委会", "重庆市江津区人大常委会"}
    assert detail["report_count"] == 1


def test_reports_filter_and_detail_with_sections(reader, ledger):
    rows = results(reader.get(f"{API}/reports/", {"year": 2024, "kind": "npc"}))
    assert {row["body"]["name"] for row in rows} == {"重庆市人大常委会", "重庆市大足区人大常委会"}
    assert results(reader.get(f"{API}/reports/", {"year_min": 2025, "body_name": "大足"}))[0]["year"] == 2025
    detail = reader.get(f"{API}/reports/{ledger.pk}/").json()
    tasks = [s for s in detail["sections"] if s["kind"] == "tasks"][0]
    assert tasks["heading"] == "今后一年工作任务" and tasks["text"] is None and detail["text"] is None
    assert [p["number"] for p in tasks["parts"] if p["level"] == 1] == ["一", "二", "三", "四"]
    assert detail["summary"]["assessed"] == detail["summary"]["testable"] > 0
    with_text = reader.get(f"{API}/reports/{ledger.pk}/", {"include": "text"}).json()
    tasks = [s for s in with_text["sections"] if s["kind"] == "tasks"][0]
    assert tasks["text"].startswith("今后一年工作任务")
    assert with_text["text"][tasks["start"] : tasks["end"]] == tasks["text"]


def test_commitment_items_carry_offsets_status_and_best_evidence(reader, ledger):
    rows = results(reader.get(f"{API}/commitments/", {"report": ledger.pk, "status": "fulfilled", "page_size": 100}))
    assert rows
    for row in rows:
        assert row["status"] == "fulfilled" and row["testable"]
        assert ledger.text[row["start"] : row["end"]] == row["text"]
        best = row["best_evidence"]
        assert best["verdict"] == "fulfilled"
        follow_up = Report.objects.get(pk=best["report"])
        assert follow_up.text[best["start"] : best["end"]] == best["text"]


def test_commitment_detail_has_all_evidence_and_history(reader, editor, ledger):
    commitment = ledger.commitments.filter(has_evidence_q()).first()
    services.commitment_set_status(commitment=commitment, status=Status.PARTIAL, user=editor.user, note="仅部分完成")
    detail = reader.get(f"{API}/commitments/{commitment.pk}/").json()
    assert detail["sentence"] == ledger.text[detail["sentence_start"] : detail["sentence_end"]]
    assert len(detail["evidence"]) == commitment.evidence.count()
    assert detail["history"][0]["status"] == "partial" and detail["history"][0]["user"] == "editor"
    assert detail["status_note"] == "仅部分完成" and detail["status_origin"] == "staff"


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"body_level": "prefectural"}, lambda c: c.report.body.level == "prefectural"),
        ({"report_kind": "npc"}, lambda c: c.report.kind == "npc"),
        ({"plan_year": 2023}, lambda c: c.plan_year == 2023),
        ({"plan_year_min": 2024, "plan_year_max": 2024}, lambda c: c.plan_year == 2024),
        ({"kind": ["legislation", "report"]}, lambda c: c.kind in ("legislation", "report")),
        ({"category": "legislation"}, lambda c: c.category == "legislation"),
        ({"part": "三"}, lambda c: c.part in ("三", "（三）", "3")),
        ({"part": "3"}, lambda c: c.part in ("三", "（三）", "3")),
        ({"status": ["partial", "not_reported"]}, lambda c: c.status in ("partial", "not_reported")),
        ({"testable": "false"}, lambda c: not c.testable),
        ({"has_evidence": "true"}, lambda c: c.evidence.exclude(decision="rejected").exclude(verdict="candidate").exists()),
        ({"has_evidence": "false"}, lambda c: not c.evidence.exclude(decision="rejected").exclude(verdict="candidate").exists()),
        ({"status": "needs_review"}, lambda c: c.status == "needs_review"),
        ({"q": "条例"}, lambda c: "条例" in c.text + c.object + c.sentence),
        # Traditional characters, words listed with commas or 、: each word, in the script the ledger stores.
        ({"q": "條例，審議"}, lambda c: all(w in c.text + c.object + c.sentence for w in ("条例", "审议"))),
        ({"q": "条例、审议"}, lambda c: all(w in c.text + c.object + c.sentence for w in ("条例", "审议"))),
    ],
)
def test_commitment_filters(reader, ledger, params, check):
    rows = results(reader.get(f"{API}/commitments/", {**params, "page_size": 200}))
    assert rows, params
    by_pk = Commitment.objects.select_related("report__body").in_bulk([row["id"] for row in rows])
    assert all(check(by_pk[row["id"]]) for row in rows)


def test_filter_by_body_and_decided(reader, editor, ledger):
    rows = results(reader.get(f"{API}/commitments/", {"body": ledger.body_id, "page_size": 200}))
    assert {row["report"]["body"] for row in rows} == {"重庆市大足区人大常委会"}
    assert results(reader.get(f"{API}/commitments/", {"decided": "true"})) == []
    evidence = Evidence.objects.filter(commitment__report=ledger).exclude(verdict=Verdict.CANDIDATE).filter(commitment__testable=True).first()
    editor.post(f"{API}/evidence/{evidence.pk}/confirm/")
    assert [row["id"] for row in results(reader.get(f"{API}/commitments/", {"decided": "true"}))] == [evidence.commitment_id]


def test_a_row_says_whether_a_person_confirmed_its_status(reader, editor, ledger):
    """A status following evidence staff confirmed keeps status_origin auto: the row says confirmed, as the
    confirmed filter and stats/ count it."""
    evidence = Evidence.objects.filter(commitment__report=ledger, commitment__testable=True).exclude(
        verdict=Verdict.CANDIDATE
    ).exclude(verdict=Verdict.MENTION).first()
    assert reader.get(f"{API}/commitments/{evidence.commitment_id}/").json()["confirmed"] is False
    editor.post(f"{API}/evidence/{evidence.pk}/confirm/")
    row = reader.get(f"{API}/commitments/{evidence.commitment_id}/").json()
    assert (row["confirmed"], row["status_origin"], row["status_rule"]) == (True, "auto", "status.confirmed")
    listed = results(reader.get(f"{API}/commitments/", {"confirmed": "true", "testable": "true"}))
    assert [(r["id"], r["confirmed"]) for r in listed] == [(evidence.commitment_id, True)]
    stats = reader.get(f"{API}/stats/", {"group_by": "body_id"}).json()
    (group,) = [g for g in stats if g["group"]["body_id"] == ledger.body_id]
    assert sum(group["confirmed"].values()) == 1
    assert sum(group["counts"].values()) == Commitment.objects.filter(report__body=ledger.body_id, testable=True).count()


def test_confidence_filters(reader, ledger):
    rows = results(reader.get(f"{API}/commitments/", {"confidence_min": "0.9", "page_size": 200}))
    assert rows and all(row["status_confidence"] >= 0.9 for row in rows)
    rows = results(reader.get(f"{API}/commitments/", {"confidence_max": "0.75", "page_size": 200}))
    assert rows and all(row["status_confidence"] <= 0.75 for row in rows)
    for bad in ("high", "2", "-0.1", "nan"):
        assert reader.get(f"{API}/commitments/", {"confidence_min": bad}).status_code == 400, bad


def test_commitment_ordering(reader, ledger):
    rows = results(reader.get(f"{API}/commitments/", {"report": ledger.pk, "ordering": "-ordinal", "page_size": 5}))
    assert [row["ordinal"] for row in rows] == sorted((row["ordinal"] for row in rows), reverse=True)
    rows = results(reader.get(f"{API}/commitments/", {"has_evidence": "true", "ordering": "-score", "page_size": 50}))
    scores = [row["best_evidence"]["score"] for row in rows]
    assert scores[0] == max(scores)


def test_invalid_filter_is_a_clear_400(reader, ledger):
    response = reader.get(f"{API}/commitments/", {"status": "done"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_choice"
    assert "status" in response.json()["error"]["detail"]


@pytest.mark.parametrize(
    "query",
    [
        "evidence/?commitment=99999999999999999999999",
        "evidence/?report=-9223372036854775809",
        "evidence/?report=9.223372036854776e%2B18",
        "commitments/?plan_year=99999",
        "reports/?year_min=-1",
    ],
)
def test_out_of_range_numbers_are_a_400(reader, ledger, query):
    response = reader.get(f"/api/v1/{query}")
    assert response.status_code == 400
    assert response.json()["error"]["status"] == 400


def test_stats_by_body_and_year(reader, ledger):
    rows = reader.get(f"{API}/stats/", {"group_by": "body,year"}).json()
    dazu = [r for r in rows if r["group"] == {"body": "重庆市大足区人大常委会", "year": 2024}][0]
    stored = ledger.commitments.filter(testable=True)
    assert dazu["counts"]["fulfilled"] == stored.filter(status="fulfilled").count()
    counts = dazu["counts"]
    assert dazu["decided"] == counts["fulfilled"] + counts["partial"] + counts["not_reported"]
    assert dazu["rate"] == pytest.approx((counts["fulfilled"] + counts["partial"]) / dazu["decided"])
    by_kind = reader.get(f"{API}/stats/", {"group_by": "kind", "body": ledger.body_id, "plan_year": 2024}).json()
    assert sum(r["testable"] for r in by_kind) == stored.count()
    assert reader.get(f"{API}/stats/", {"group_by": "colour"}).status_code == 400


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_is_the_ledger_in_chinese(reader, ledger, fmt):
    response = reader.get(f"{API}/commitments/export/{fmt}/", {"report": ledger.pk, "testable": "true"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        lines = content.decode("utf-8-sig").splitlines()
        title, header, rows = lines[0].split(",")[0], lines[1], lines[2:]
        assert lines[0].split(",")[1].startswith("导出于 ")  # when the ledger wrote it, for an import to read
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        values = list(sheet.values)
        title, header, rows = values[0][0], ",".join(values[1]), values[2:]
    assert title == "重庆市大足区人大常委会2024年工作任务台账（筛选后：跟踪任务 52 项中的 52 项）"  # testable only: said
    assert header == ",".join(SHEET_HEADER)
    assert len(rows) == ledger.commitments.filter(testable=True).count()
    assert "已落实" in str(rows)


# Writing


def test_token_client_uploads_a_report_and_reads_its_commitments(reader, editor, django_user_model):
    token = Token.objects.create(user=editor.user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    with (SEEDS / "003_24d22fd751546d7f.txt").open("rb") as handle:
        response = client.post(f"{API}/reports/", {"file": handle}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["body"]["name"], body["year"], body["outcome"]) == ("重庆市大足区人大常委会", 2024, "created")
    assert body["commitment_count"] > 0
    rows = results(client.get(f"{API}/commitments/", {"report": body["id"], "page_size": 200}))
    assert len(rows) == body["commitment_count"]
    # The rows of the rates apart from the sentences of general direction, which no rate counts.
    assert 0 < body["testable_count"] == sum(row["testable"] for row in rows) < body["commitment_count"]
    assert {row["status"] for row in rows} == {"pending"}
    listed = results(client.get(f"{API}/reports/", {"year": 2024}))
    assert [(r["commitment_count"], r["testable_count"], r["source"]) for r in listed if r["id"] == body["id"]] == [
        (body["commitment_count"], body["testable_count"], "003_24d22fd751546d7f.txt")
    ]


def test_posting_text_with_overrides(editor):
    text = seed_bytes("004").decode("utf-8")
    response = editor.post(f"{API}/reports/", {"text": text, "body": "扬州市人大常委会", "kind": "npc"}, format="json")
    assert response.status_code == 201
    assert response.json()["provenance"]["body"]["source"] == "override"
    again = editor.post(f"{API}/reports/", {"text": text}, format="json")
    assert again.status_code == 200 and again.json()["outcome"] == "unchanged"


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"text": "  "}, "empty"),
        ({"text": (DATA / "not_a_report.txt").read_text(encoding="utf-8")}, "not_a_report"),
        ({"text": seed_bytes("003").decode("utf-8"), "year": 2023}, "conflict"),
        ({}, "file_or_text"),
    ],
    ids=["empty", "not-a-report", "conflicting-year", "nothing"],
)
def test_bad_reports_are_clear_400s_and_store_nothing(editor, payload, code):
    response = editor.post(f"{API}/reports/", payload, format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == code and error["message"]
    assert not Report.objects.exists()


def test_binary_and_wrong_encoding_uploads(editor):
    for name, data, code in [("x.png", b"\x89PNG\r\n\x1a\n" + bytes(3000), "binary"), ("fr.txt", "élaboré à Genève. ".encode("latin-1") * 50, "encoding")]:
        response = editor.post(f"{API}/reports/", {"file": io.BytesIO(data)}, format="multipart") if False else editor.post(
            f"{API}/reports/", {"file": _named(data, name)}, format="multipart"
        )
        assert response.status_code == 400 and response.json()["error"]["code"] == code
        assert name in response.json()["error"]["message"]


def test_a_form_with_too_many_fields_or_a_broken_multipart_body_is_refused_in_the_ledgers_words(editor, client, boss):
    """Django's and DRF's own English came through: "The number of GET/POST parameters exceeded
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS", "Multipart form parse error - Invalid boundary in multipart: None"; the
    admin's upload answered a bare English "Bad Request (400)" page."""
    from urllib.parse import urlencode

    many = urlencode([(f"f{i}", "x") for i in range(1100)])
    for response in (
        editor.post(f"{API}/reports/", many, content_type="application/x-www-form-urlencoded", HTTP_ACCEPT_LANGUAGE="zh-hans"),
        editor.post(f"{API}/reports/", b"--x\r\nbroken", content_type="multipart/form-data", HTTP_ACCEPT_LANGUAGE="zh-hans"),
    ):
        error = response.json()["error"]
        assert response.status_code == 400 and re.search(r"[\u4e00-\u9fff]{4}", error["message"]), error
        assert "settings." not in error["message"] and "Multipart form parse error" not in error["message"]
    assert editor.post(f"{API}/reports/", many, content_type="application/x-www-form-urlencoded").json()["error"]["code"] == "too_many_fields"
    # Too many files: the API's JSON too (it was the admin's HTML 400 page).
    files = editor.post(f"{API}/reports/", {f"f{i}": _named(b"x", f"{i}.txt") for i in range(101)}, format="multipart")
    assert files.status_code == 400 and files.json()["error"]["code"] == "too_many_files"
    client.force_login(boss)
    page = client.post(reverse("admin:ledger_report_add"), many, content_type="application/x-www-form-urlencoded",
                       HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 400 and "请求有误" in page.content.decode() and not Report.objects.exists()
    # An export in a format the admin has not is no page (it was an English 403).
    missing = client.get(reverse("admin:ledger_commitment_export", args=["zzz"]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert missing.status_code == 404 and "zzz" in missing.content.decode() and "此地址没有对应的内容" in missing.content.decode()
    # A page a login may not open: the ledger's words, not a bare English "403 Forbidden".
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("clerk", is_staff=True))
    refused = client.get(reverse("admin:ledger_commitment_add"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert refused.status_code == 403 and "无权操作" in refused.content.decode() and "Forbidden" not in refused.content.decode()
    # A form sent without its CSRF token: the ledger's words (Django's page was English, with a developer's hint).
    from django.test import Client

    strict = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
    strict.force_login(boss)
    csrf = strict.post(reverse("admin:ledger_report_add"), {"text": "x"})
    assert csrf.status_code == 403 and "无法核验此表单" in csrf.content.decode() and "DEBUG" not in csrf.content.decode()


def test_a_form_field_given_twice_is_refused_as_a_query_parameter_or_a_json_key_is(editor, ledger):
    """An upload with year=2019 and year=2018 took the last one without a word."""
    before = Report.objects.count()
    response = editor.post(f"{API}/reports/", {"file": _named(seed_bytes("001"), "001.txt"), "year": ["2024", "2023"]}, format="multipart")
    assert response.status_code == 400 and response.json()["error"]["code"] == "duplicate_field"
    assert "year" in response.json()["error"]["detail"] and Report.objects.count() == before
    task = ledger.commitments.filter(testable=True).first()
    twice = editor.post(f"{API}/commitments/{task.pk}/status/", {"status": ["fulfilled", "partial"]}, format="multipart")
    assert twice.status_code == 400 and "status" in twice.json()["error"]["detail"]


def test_duplicate_with_another_text_is_refused(editor):
    editor.post(f"{API}/reports/", {"file": _named(seed_bytes("003"), "003.txt")}, format="multipart")
    edited = seed_bytes("003").replace("踔厉奋发、积极作为,".encode(), b"")
    response = editor.post(f"{API}/reports/", {"file": _named(edited, "003b.txt")}, format="multipart")
    assert response.status_code == 400 and response.json()["error"]["code"] == "duplicate"
    replaced = editor.post(f"{API}/reports/", {"file": _named(edited, "003b.txt"), "replace": "true"}, format="multipart")
    assert replaced.status_code == 201 and replaced.json()["outcome"] == "replaced"


def test_oversized_upload_is_413(editor, settings):
    settings.LEDGER_MAX_REPORT_BYTES = 1000
    response = editor.post(f"{API}/reports/", {"file": _named(seed_bytes("003"), "big.txt")}, format="multipart")
    assert response.status_code == 413
    assert "big.txt" in response.json()["error"]["message"]
    assert not Report.objects.exists()


def test_staff_confirm_reject_add_and_set_status(editor, ledger):
    proposals = list(Evidence.objects.filter(commitment__report=ledger).exclude(verdict=Verdict.CANDIDATE).filter(commitment__testable=True).order_by("pk"))
    confirmed = editor.post(f"{API}/evidence/{proposals[0].pk}/confirm/", {"note": "核实"}, format="json").json()
    assert (confirmed["decision"], confirmed["decided_by"], confirmed["note"]) == ("confirmed", "editor", "核实")
    assert editor.post(f"{API}/evidence/{proposals[1].pk}/reject/").json()["decision"] == "rejected"
    silent = ledger.commitments.filter(testable=True).exclude(evidence__verdict__in=["fulfilled", "partial", "mention"]).first()
    review = Report.objects.get(year=2025, body=ledger.body).sections.get(kind="review")
    added = editor.post(
        f"{API}/evidence/",
        {"commitment": silent.pk, "start": review.start + 5, "end": review.start + 30, "verdict": "partial", "note": "手工"},
        format="json",
    )
    assert added.status_code == 201 and added.json()["origin"] == "staff"
    silent.refresh_from_db()
    assert silent.status == Status.PARTIAL
    outside = editor.post(
        f"{API}/evidence/", {"commitment": silent.pk, "start": 0, "end": 5, "verdict": "partial"}, format="json"
    )
    assert outside.status_code == 400 and outside.json()["error"]["code"] == "invalid_span"
    # A person's passage is never a machine candidate: that would turn the task back to silence.
    candidate = editor.post(
        f"{API}/evidence/",
        {"commitment": silent.pk, "start": review.start + 5, "end": review.start + 30, "verdict": "candidate"},
        format="json",
    )
    assert candidate.status_code == 400 and "verdict" in str(candidate.json())
    silent.refresh_from_db()
    assert silent.status == Status.PARTIAL
    status_set = editor.post(f"{API}/commitments/{silent.pk}/status/", {"status": "fulfilled", "note": "会后补充材料"}, format="json")
    assert status_set.json()["status"] == "fulfilled" and status_set.json()["status_origin"] == "staff"
    back = editor.post(f"{API}/commitments/{silent.pk}/status/", {"status": None}, format="json")
    assert back.json()["status"] == "partial" and back.json()["status_origin"] == "auto"
    listed = results(editor.get(f"{API}/evidence/", {"commitment": silent.pk}))
    assert [e["origin"] for e in listed if e["verdict"] != "candidate"] == ["staff"]


# Permissions


def test_anonymous_gets_401_and_public_read_opens_reading(client, ledger, settings):
    assert APIClient().get(f"{API}/commitments/").status_code == 401
    assert APIClient().post(f"{API}/reports/", {"text": "x"}).status_code == 401
    settings.LEDGER_PUBLIC_READ = True
    assert APIClient().get(f"{API}/commitments/").status_code == 200
    assert APIClient().post(f"{API}/reports/", {"text": "x"}).status_code == 401


def test_an_anonymous_reader_is_not_given_staff_login_names(ledger, boss, settings, reader):
    """With reading open to all, the detail and the list's 台账 named who decided a status, who entered a progress line
    and who made each change, by their login names."""
    from ledger.services.decisions import commitment_set_status
    from ledger.services.ledger import progress_add

    settings.LEDGER_PUBLIC_READ = True
    row = ledger.commitments.filter(testable=True).first()
    commitment_set_status(commitment=row, status="fulfilled", user=boss, note="")
    progress_add(commitment=row, user=boss, text="形成初稿", date=row.report.ingested_at.date())
    anonymous = APIClient()
    for client, named in ((reader, "boss"), (anonymous, None)):
        detail = client.get(f"{API}/commitments/{row.pk}/").json()
        assert detail["status_decided_by"] == named and detail["progress"][0]["author"] == named
        assert {entry["user"] for entry in detail["history"]} <= {named, None}
        listed = client.get(f"{API}/commitments/", {"include": "ledger", "ordering": "id", "id_after": row.pk - 1}).json()
        assert listed["results"][0]["status_decided_by"] == named
    assert "boss" not in anonymous.get(f"{API}/commitments/{row.pk}/").content.decode()
    exported = {client: b"".join(client.get(f"{API}/commitments/export/csv/", {"report": ledger.pk}).streaming_content)
                for client in (reader, anonymous)}
    assert "boss".encode() in exported[reader] and "boss".encode() not in exported[anonymous]
    # Two representations, two tags: the anonymous one's If-None-Match with the staff's tag was a 304 (of a body naming
    # boss, to a cache that keeps one copy), and every response says it depends on who asks.
    staff, public = (client.get(f"{API}/commitments/{row.pk}/") for client in (reader, anonymous))
    assert staff["ETag"] != public["ETag"]
    assert anonymous.get(f"{API}/commitments/{row.pk}/", HTTP_IF_NONE_MATCH=staff["ETag"]).status_code == 200
    assert anonymous.get(f"{API}/commitments/{row.pk}/", HTTP_IF_NONE_MATCH=public["ETag"]).status_code == 304
    assert all("Authorization" in response["Vary"] for response in (staff, public))


def test_writes_need_staff_with_permissions(reader, viewer, ledger):
    evidence = Evidence.objects.exclude(verdict=Verdict.CANDIDATE).filter(commitment__testable=True).first()
    commitment = evidence.commitment
    for client in (reader, viewer):
        assert client.get(f"{API}/commitments/").status_code == 200
        assert client.post(f"{API}/evidence/{evidence.pk}/confirm/").status_code == 403
        assert client.post(f"{API}/commitments/{commitment.pk}/status/", {"status": "fulfilled"}, format="json").status_code == 403
        assert client.post(f"{API}/reports/", {"text": "x"}, format="json").status_code == 403
    evidence.refresh_from_db()
    assert evidence.decision == Decision.PROPOSED
    assert client.delete(f"{API}/reports/{ledger.pk}/").status_code in (403, 405)


def test_error_bodies_are_consistent(reader, ledger):
    missing = reader.get(f"{API}/commitments/999999/")
    assert missing.status_code == 404
    assert set(missing.json()["error"]) == {"status", "code", "message", "detail"}
    assert missing.json()["error"]["code"] == "not_found"
    assert reader.get("/api/v2/commitments/").status_code == 404


# Efficiency


@pytest.mark.parametrize("endpoint", ["bodies", "units", "reports", "commitments", "evidence"])
def test_list_queries_do_not_grow_with_the_page(reader, ledger, endpoint):
    def queries(page_size):
        return queries_of(lambda: reader.get(f"{API}/{endpoint}/", {"page_size": page_size}))

    queries(1)  # the token's user is read once, then remembered for a few seconds (api/authentication.py)
    assert queries(2) == queries(40)


def test_every_entry_point_the_index_lists_opens_in_the_browsable_api(api, ledger):
    """A browser following the index's links: accuracy/ answered 500 (the browsable page asked it for a queryset)."""
    index = api.get(f"{API}/").json()
    assert index
    for name, url in index.items():
        response = api.get(url, {"format": "api"}, HTTP_ACCEPT="text/html")
        assert response.status_code < 500, (name, url, response.status_code)


def test_schema_and_docs_are_served_offline(reader):
    schema = reader.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/commitments/export/{fmt}/" in paths
    parameters = {p["name"] for p in paths["/api/v1/commitments/"]["get"]["parameters"]}
    assert {"body", "plan_year_min", "status", "has_evidence", "decided", "q", "ordering", "page_size"} <= parameters
    # The export takes the list's filters, search and ordering (not its paging): a program reads them here.
    export_parameters = {p["name"] for p in paths["/api/v1/commitments/export/{fmt}/"]["get"]["parameters"]}
    assert export_parameters == (parameters - {"page", "page_size", "include"}) | {"fmt"}  # include=ledger: the list's rows
    # A request body names only what the request reads: programs generated from the schema know it.
    components = schema.json()["components"]["schemas"]
    assert all(components[name]["additionalProperties"] is False for name in ("StatusSetRequest", "ConfirmRequest", "ProgressAddRequest"))
    stats_parameters = {p["name"]: p for p in paths["/api/v1/stats/"]["get"]["parameters"]}
    assert {"group_by", "body", "status"} <= set(stats_parameters)
    # The values group_by's pattern allows are the ones the API takes: each grouping once.
    group_by = re.compile(stats_parameters["group_by"]["schema"]["pattern"])
    for value in ("body,year", "kind", "body,year,body", "year,year", "body,colour"):
        allowed = bool(group_by.match(value))
        assert allowed == (reader.get(f"{API}/stats/", {"group_by": value}).status_code == 200), value
    for url in ("/api/schema/swagger/", "/api/schema/redoc/"):
        page = reader.get(url).content.decode()
        # No script or style from another host (a CSRF token may spell "cdn" by chance: look at addresses only).
        assert not re.search(r"""https?://[^"'\s]*cdn""", page, re.IGNORECASE)
        assert "/static/drf_spectacular_sidecar/" in page


def _named(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


# Provenance


def test_commitment_detail_and_evidence_say_which_rule(reader, ledger):
    general = ledger.commitments.filter(testable=False).first()
    assert reader.get(f"{API}/commitments/{general.pk}/").json()["rule"] == "general"
    commitment = ledger.commitments.filter(has_evidence_q()).first()
    detail = reader.get(f"{API}/commitments/{commitment.pk}/").json()
    assert detail["rule"] == commitment.rule
    stored = {e.pk: e for e in commitment.evidence.all()}
    assert detail["evidence"]
    for item in detail["evidence"]:
        evidence = stored[item["id"]]
        assert item["rule"] == evidence.rule
        assert item["rule_detail"] == {"matched": evidence.rule_detail["matched"], "decisive": evidence.rule_detail["decisive"]}
    listed = results(reader.get(f"{API}/evidence/", {"commitment": commitment.pk}))
    assert all(set(item["rule_detail"]) == {"matched", "decisive"} for item in listed)


def test_staff_evidence_has_the_staff_rule(editor, ledger):
    silent = ledger.commitments.filter(testable=True).exclude(has_evidence_q()).first()
    review = Report.objects.get(year=2025, body=ledger.body).sections.get(kind="review")
    added = editor.post(
        f"{API}/evidence/", {"commitment": silent.pk, "start": review.start, "end": review.start + 12, "verdict": "partial"},
        format="json",
    ).json()
    assert (added["rule"], added["rule_detail"]) == ("staff", {"matched": [], "decisive": ""})


@pytest.mark.parametrize("group_by", ["colour", "body,colour", ","])
def test_stats_refuses_an_unknown_grouping_with_the_error_body(reader, ledger, group_by):
    response = reader.get(f"{API}/stats/", {"group_by": group_by})
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (400, "invalid_group")
    assert "group_by" in error["detail"] and "body_level" in error["message"]


def test_stats_of_general_direction_sentences_is_a_400_that_says_why(reader, ledger):
    """stats/?testable=false answered [] with no word: no rate counts such a sentence."""
    response = reader.get(f"{API}/stats/", {"testable": "false"})
    assert response.status_code == 400 and "testable" in response.json()["error"]["detail"]
    assert "general-direction" in response.json()["error"]["message"] or "一般性部署" in response.json()["error"]["message"]
    assert reader.get(f"{API}/stats/", {"testable": "true"}).json() == reader.get(f"{API}/stats/").json()


@pytest.mark.parametrize("param, value", [("id_after", "100"), ("updated_since", "2024-01-01T00:00:00")])
def test_stats_refuses_the_lists_paging_parameters(reader, ledger, param, value):
    """stats/?id_after=3400 gave a rate of the rows after that id, said nowhere: a rate of a subset."""
    response = reader.get(f"{API}/stats/", {"group_by": "year", param: value})
    assert response.status_code == 400 and param in response.content.decode()
    schema = reader.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert param not in {p["name"] for p in schema["paths"]["/api/v1/stats/"]["get"]["parameters"]}


def test_stats_groups_by_body_and_year_when_not_told(reader, ledger):
    default = reader.get(f"{API}/stats/", {"group_by": "body,year"}).json()
    assert reader.get(f"{API}/stats/").json() == reader.get(f"{API}/stats/", {"group_by": ""}).json() == default


@pytest.mark.parametrize("name", ["status", "kind", "category", "report_kind", "plan_year", "testable", "part", "q"])
def test_an_empty_filter_value_is_no_filter_on_every_filter(reader, ledger, name):
    """As a form's empty field sends it; the choice filters said "" was no valid choice (a 400)."""
    def rows(response):
        assert response.status_code == 200, response.content
        data = response.json()
        return data["results"] if isinstance(data, dict) else data  # the page's links repeat the query

    for path in ("commitments/", "stats/"):
        assert rows(reader.get(f"{API}/{path}", {name: ""})) == rows(reader.get(f"{API}/{path}"))
    # Beside a real value, an empty one changes nothing either.
    fulfilled = rows(reader.get(f"{API}/commitments/", {"status": "fulfilled"}))
    assert fulfilled and rows(reader.get(f"{API}/commitments/?status=fulfilled&status=")) == fulfilled
    assert rows(reader.get(f"{API}/commitments/?status=%20")) == rows(reader.get(f"{API}/commitments/"))  # spaces alike


# Honest status


def test_commitments_carry_the_machine_confidence_and_status_rule(reader, ledger):
    rows = results(reader.get(f"{API}/commitments/", {"report": ledger.pk, "status": "needs_review", "page_size": 100}))
    assert rows
    for row in rows:
        assert row["status_rule"] in ("status.unsure", "status.named_verbatim", "status.named_no_sign")
        assert 0 < row["status_confidence"] <= 1
        # A candidate is never the best evidence; a passage that names the task and says nothing of it may be.
        assert row["best_evidence"] is None or row["best_evidence"]["verdict"] == "mention"
    detail = reader.get(f"{API}/commitments/{rows[0]['id']}/").json()
    assert detail["status_confidence"] == rows[0]["status_confidence"]
    assert {e["verdict"] for e in detail["evidence"]} == {"candidate"}
    assert detail["history"][0]["status_rule"] == rows[0]["status_rule"]
    fulfilled = results(reader.get(f"{API}/commitments/", {"report": ledger.pk, "status": "fulfilled"}))[0]
    assert fulfilled["status_rule"] == "status.evidence" and fulfilled["status_confidence"] > 0


def test_evidence_lists_candidates_filterable_by_verdict(reader, ledger):
    candidates = results(reader.get(f"{API}/evidence/", {"verdict": "candidate", "page_size": 200}))
    assert candidates and all(e["verdict"] == "candidate" and e["decision"] == "proposed" for e in candidates)
    assert all(e["rule"].startswith("candidate.") for e in candidates)
    # The words of its task each names (none where it shares only what joins words: 关于), as the passage writes
    # them: a word of the task, or one written with characters between (国有资 for 国资), from the task's first
    # character to its last.
    tasks = {c.pk: c.object for c in Commitment.objects.filter(pk__in={e["commitment"] for e in candidates})}
    assert any(e["rule_detail"]["matched"] for e in candidates)
    for e in candidates:
        task = tasks[e["commitment"]]
        assert all(word in e["text"] and word[0] in task and word[-1] in task for word in e["rule_detail"]["matched"])
    others = results(reader.get(f"{API}/evidence/", {"verdict": ["fulfilled", "partial", "mention"], "page_size": 200}))
    assert others and not {e["id"] for e in others} & {e["id"] for e in candidates}


def test_staff_confirm_a_candidate_with_a_verdict_and_in_progress_only_in_the_plan_year(editor, ledger):
    commitment = ledger.commitments.filter(status=Status.NEEDS_REVIEW).first()
    candidate = commitment.evidence.filter(verdict=Verdict.CANDIDATE).order_by("-score").first()
    refused = editor.post(f"{API}/evidence/{candidate.pk}/confirm/", {}, format="json")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "verdict_required"
    assert editor.post(f"{API}/evidence/{candidate.pk}/confirm/", {"verdict": "candidate"}, format="json").status_code == 400
    # A note too long is said of the note (it was called a missing verdict, on a reject that takes none).
    long = editor.post(f"{API}/evidence/{candidate.pk}/reject/", {"note": "注" * 5001}, format="json").json()["error"]
    assert long["code"] == "invalid" and "note" in long["detail"] and "verdict" not in long["detail"]
    confirmed = editor.post(f"{API}/evidence/{candidate.pk}/confirm/", {"verdict": "fulfilled"}, format="json").json()
    assert (confirmed["verdict"], confirmed["decision"], confirmed["rule"]) == ("fulfilled", "confirmed", "staff")
    detail = editor.get(f"{API}/commitments/{commitment.pk}/").json()
    assert (detail["status"], detail["status_rule"], detail["status_confidence"]) == ("fulfilled", "status.confirmed", None)
    assert detail["best_evidence"]["id"] == candidate.pk
    # The 2025 report's review says what became of the 2024 tasks: 推进中 would take the task out of every rate.
    for status in ("in_progress", "pending"):
        refused = editor.post(f"{API}/commitments/{commitment.pk}/status/", {"status": status}, format="json")
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "plan_year_over"
        assert "2024" in refused.json()["error"]["message"] and "2025" in refused.json()["error"]["message"]
    assert editor.get(f"{API}/commitments/{commitment.pk}/").json()["status_rule"] == "status.confirmed"
    running = Commitment.objects.filter(report__body=ledger.body, report__year=2025, testable=True).first()
    in_progress = editor.post(f"{API}/commitments/{running.pk}/status/", {"status": "in_progress"}, format="json").json()
    assert (in_progress["status"], in_progress["status_rule"], in_progress["status_confidence"]) == ("in_progress", "staff", None)


def test_a_passage_that_only_mentions_its_task_is_confirmed_with_what_it_reports(editor, ledger):
    """Confirmed as it stands, a mention made its task a person's 未见报告, though the review names the task."""
    mention = Evidence.objects.filter(commitment__report=ledger, verdict=Verdict.MENTION).order_by("pk").first()
    commitment = mention.commitment
    before = (commitment.status, commitment.status_rule)
    refused = editor.post(f"{API}/evidence/{mention.pk}/confirm/", {}, format="json")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "verdict_required"
    assert "仅提及" in str(refused.json()) and "未见报告" in str(refused.json())
    mention.refresh_from_db()
    commitment.refresh_from_db()
    assert mention.decision == "proposed" and (commitment.status, commitment.status_rule) == before
    # A candidate confirmed as a mention only, beside a passage the machine took for a report: the report stands
    # (it made the task a person's 未见报告).
    reported = Commitment.objects.filter(report=ledger, status=Status.FULFILLED, evidence__verdict=Verdict.CANDIDATE).first()
    candidate = reported.evidence.filter(verdict=Verdict.CANDIDATE).first()
    assert editor.post(f"{API}/evidence/{candidate.pk}/confirm/", {"verdict": "mention"}, format="json").status_code == 200
    after = editor.get(f"{API}/commitments/{reported.pk}/").json()
    assert (after["status"], after["status_rule"]) == ("fulfilled", "status.evidence")
    assert after["best_evidence"]["verdict"] == "fulfilled"
    partial = editor.post(f"{API}/evidence/{mention.pk}/confirm/", {"verdict": "partial"}, format="json").json()
    assert (partial["verdict"], partial["decision"], partial["rule"]) == ("partial", "confirmed", "staff")
    detail = editor.get(f"{API}/commitments/{commitment.pk}/").json()
    assert (detail["status"], detail["status_rule"]) == ("partial", "status.confirmed")


def test_stats_separate_machine_and_confirmed_counts(reader, editor, ledger):
    def dazu():
        rows = reader.get(f"{API}/stats/", {"group_by": "body,year"}).json()
        return next(r for r in rows if r["group"] == {"body": "重庆市大足区人大常委会", "year": 2024})

    before = dazu()
    assert before["needs_review"] == before["counts"]["needs_review"] > 0
    assert before["confirmed"] == {status: 0 for status in Status.values} and before["machine"] == before["counts"]
    assert before["decided_confirmed"] == 0
    silent = ledger.commitments.filter(status=Status.NOT_REPORTED, testable=True).first()
    editor.post(f"{API}/commitments/{silent.pk}/status/", {"status": "not_reported"}, format="json")
    after = dazu()
    assert after["confirmed"]["not_reported"] == 1 and after["decided_confirmed"] == 1
    # The rows behind a confirmed count are listed by the same filter (decided= is wider: any staff decision).
    listed = results(reader.get(f"{API}/commitments/", {"report": ledger.pk, "testable": "true", "confirmed": "true"}))
    assert [(r["status"], r["status_origin"]) for r in listed] == [("not_reported", "staff")]
    assert reader.get(f"{API}/stats/", {"group_by": "body,year", "confirmed": "false", "report": ledger.pk}).json()[0]["decided_confirmed"] == 0
    assert after["machine"]["not_reported"] == before["machine"]["not_reported"] - 1
    # What the rate of every decided or unsure row can still be: one confirmed 未见报告 caps it, nothing floors it.
    population = after["decided"] + after["needs_review"]
    assert (before["rate_low"], before["rate_high"]) == (0.0, 1.0)
    assert (after["rate_low"], after["rate_high"]) == (0.0, (population - 1) / population)
    assert after["headline_rate"] == 0.0


def test_report_detail_says_what_was_not_found(reader):
    text = (DATA / "followup" / "dazu-2025.txt").read_text(encoding="utf-8")
    head = "\n".join(text.split("\n")[:4])
    services.report_ingest(seed_bytes("003"), source="003")
    follow_up = services.report_ingest(f"{head}\n{text[text.index('今后一年工作任务'):]}".encode(), source="cut").report
    detail = reader.get(f"{API}/reports/{follow_up.pk}/").json()
    assert "no_review" in {n["code"] for n in detail["notices"]}
    promise = Report.objects.get(year=2024)
    summary = reader.get(f"{API}/reports/{promise.pk}/").json()["summary"]
    assert summary["no_review"] and summary["follow_up"] == follow_up.pk and summary["decided"] == 0


def test_an_upload_that_cannot_be_a_report_is_a_400_naming_the_problem(editor):
    """A body name longer than a body's, a report dated in a year still to come, a kind against the title, a
    body of the other organ: a 400 that says so, nothing stored (each used to be a 500 or stored as given)."""
    seed = seed_bytes("003")
    future = seed.decode("utf-8").replace("2024", "2099").replace("2023", "2098").encode("utf-8")
    cases = [
        ({"file": _named(seed, "003.txt"), "body": "某" * 150 + "人民政府"}, "154"),
        ({"file": _named(future, "future.txt")}, "2099"),
        ({"file": _named(seed, "003.txt"), "kind": "gov"}, "指定为政府工作报告"),
        ({"file": _named(seed_bytes("004"), "004.txt"), "body": "扬州市人民政府"}, "扬州市人民政府"),
    ]
    for data, named in cases:
        response = editor.post(f"{API}/reports/", data, format="multipart")
        assert response.status_code == 400, response.content
        assert named in response.json()["error"]["message"]
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "path",
    ["nonexistent/", "commitments/export/pdf/", "bodies/2.225073858507e-311/", "commitments/７０/", "reports/１/",
     "commitments/99999999/"],
)
def test_every_unknown_api_path_is_the_json_404_in_chinese(reader, ledger, path):
    response = reader.get(f"{API}/{path}")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == "not_found" and "No " not in error["message"] and re.search("[\u4e00-\u9fff]", error["message"])


def test_a_missing_object_is_named_and_a_page_past_the_last_says_so(reader, ledger):
    assert reader.get(f"{API}/commitments/99999999/").json()["error"]["message"] == "没有这个编号的工作任务。"
    assert reader.get(f"{API}/reports/99999999/").json()["error"]["message"] == "没有这个编号的报告。"
    past = reader.get(f"{API}/reports/", {"page": 999}).json()["error"]
    assert past["code"] == "not_found" and "编号" not in past["message"]


def test_an_action_on_an_id_that_is_no_id_is_the_json_404(editor, ledger):
    for path in ("commitments/0.5/status/", "evidence/0.5/confirm/", "evidence/0.5/reject/"):
        response = editor.post(f"{API}/{path}", {}, format="json")
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_the_part_filter_reads_what_staff_type_as_the_admin_does(reader, ledger):
    """3, 三 and （三） are what the admin's part filter reads; the API used to match 三 only as stored."""
    third = {"三", "（三）", "3"}
    every = results(reader.get(f"{API}/commitments/", {"page_size": 200, "testable": "true", "body": ledger.body_id}))
    wanted = {row["id"] for row in every if row["part"] in third}
    assert wanted
    for typed in ("三", "3"):
        rows = results(reader.get(f"{API}/commitments/", {"page_size": 200, "testable": "true", "body": ledger.body_id, "part": typed}))
        assert {row["id"] for row in rows} == wanted
    stats = reader.get(f"{API}/stats/", {"part": "3", "body": ledger.body_id, "testable": "true"}).json()
    assert sum(group["testable"] for group in stats) == len(wanted)


def test_an_unknown_or_repeated_parameter_is_a_400_naming_it(reader, ledger):
    """?year= is not a filter of commitments (plan_year is): it used to answer every row."""
    response = reader.get(f"{API}/commitments/", {"year": 2024})
    assert response.status_code == 400 and "year" in response.json()["error"]["detail"]
    assert "plan_year" in response.json()["error"]["message"]
    repeated = reader.get(f"{API}/stats/?group_by=body&group_by=year")
    assert repeated.status_code == 400 and "group_by" in repeated.json()["error"]["detail"]
    for size in ("２", "+5", "1_0", " 5"):
        assert reader.get(f"{API}/commitments/", {"page_size": size}).status_code == 400, size
    # What an endpoint reads is accepted: a filter taking several values, include on a report, format.
    assert reader.get(f"{API}/commitments/?status=fulfilled&status=partial&format=json").status_code == 200
    report = Report.objects.first()
    assert reader.get(f"{API}/reports/{report.pk}/", {"include": "text"}).status_code == 200
    assert reader.get(f"{API}/reports/{report.pk}/", {"text": "1"}).status_code == 400
    # OPTIONS describes the endpoint, whatever query a client would send it (?include=ledger was a 400).
    described = reader.options(f"{API}/commitments/?include=ledger")
    assert described.status_code == 200 and described.json()["name"]


def test_a_pasted_text_is_read_as_a_file_is(editor):
    """NUL characters in a pasted text are removed with a notice (they were refused by the field), the pasted text
    is named as in the admin, and an empty file is refused naming it."""
    text = seed_bytes("003").decode("utf-8").replace("。", "。\x00", 3)
    response = editor.post(f"{API}/reports/", {"text": text}, format="json")
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert report.source == "粘贴的文本" and any(n["code"] == "controls_removed" for n in report.notices)
    empty = editor.post(f"{API}/reports/", {"file": _named(b"", "empty.txt")}, format="multipart")
    assert empty.status_code == 400 and empty.json()["error"]["code"] == "empty"
    assert "empty.txt" in empty.json()["error"]["message"]


def test_empty_values_and_the_cache_buster_are_no_parameters(reader, ledger):
    assert reader.get(f"{API}/commitments/?plan_year=&plan_year=2024&foo=&_=1700000000").status_code == 200
    # What an endpoint does not read is refused there: no pages in stats/, include only on a report.
    assert reader.get(f"{API}/stats/", {"page": 2}).status_code == 400
    assert reader.get(f"{API}/reports/", {"include": "text"}).status_code == 400


def test_a_record_by_its_id_reads_no_filters(reader, ledger):
    """A list filter on a record's address used to find no record (404 没有这个编号) or pass unread."""
    commitment = ledger.commitments.first()
    for params in ({"q": "不存在的词"}, {"page": "abc"}, {"page_size": 0}, {"status": ["fulfilled", "partial"]}):
        response = reader.get(f"{API}/commitments/{commitment.pk}/", params)
        assert response.status_code == 400, params
    assert reader.get(f"{API}/commitments/{commitment.pk}/", {"format": "json", "_": "1"}).status_code == 200
    # A format the API does not write is not called a missing record.
    assert "编号" not in reader.get(f"{API}/commitments/", {"format": "xml"}).json()["error"]["message"]


def test_an_empty_dry_run_does_not_apply_the_sheet(editor, ledger):
    from ledger import exports

    _title, data, _count = exports.write(ledger.commitments.all(), "xlsx")
    response = editor.post(f"{API}/commitments/import/xlsx/?dry_run=", {"file": _named(data, "台账.xlsx")}, format="multipart")
    assert response.status_code == 400 and "dry_run" in response.json()["error"]["detail"]


@needs_corpus
def test_a_report_says_its_follow_up_review_was_read_as_a_term_end_review(reader, client, django_user_model):
    """The 2018 national report reviews the whole term: only its own page said evidence may describe an earlier year,
    not the 2017 report whose statuses rest on it."""
    promises = services.report_ingest((CORPUS / "2017.txt").read_bytes(), source="2017.txt").report
    follow_up = services.report_ingest((CORPUS / "2018.txt").read_bytes(), source="2018.txt").report
    codes = {n["code"] for n in follow_up.notices} & {"term_review_whole", "term_review_split"}
    assert codes
    summary = reader.get(f"{API}/reports/{promises.pk}/").json()["summary"]
    assert {n["code"] for n in summary["follow_up_notices"]} == codes and all(n["message"] for n in summary["follow_up_notices"])
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.org", "pw"))
    page = client.get(reverse("admin:ledger_report_change", args=[promises.pk])).content.decode()
    assert 'class="ledger-notice ledger-review-notice"' in page
    # The printed 台账 says it too: it is the page handed on.
    printed = client.get(reverse("admin:ledger_report_ledger", args=[promises.pk])).content.decode()
    assert 'class="ledger-notice ledger-review-notice"' in printed


@needs_corpus
def test_a_year_judged_against_a_term_end_review_is_marked_in_stats_and_on_the_dashboard(reader, client, django_user_model):
    """2017's promises are judged against the 2018 report's review of the whole term: stats/ says so per group, the
    dashboard marks the year, and the trend joins it to neither neighbour (2016 is judged against a one-year review)."""
    for year in (2016, 2017, 2018):
        services.report_ingest((CORPUS / f"{year}.txt").read_bytes(), source=f"{year}.txt")
    rows = {
        row["group"]["year"]: row
        for row in reader.get(f"{API}/stats/", {"group_by": "body,year", "include": "pooling"}).json()
        if row["group"]["body"] == "国务院"
    }
    assert rows[2017]["term_reviews"] == 1 and rows[2016]["term_reviews"] == 0
    assert all(row["bodies"] == 1 and row["reports"] == 1 and row["report_kinds"] == ["gov"] for row in rows.values())
    pooled = reader.get(f"{API}/stats/", {"group_by": "report_kind", "include": "pooling"}).json()
    assert [(row["group"]["report_kind"], row["reports"], row["term_reviews"]) for row in pooled if row["group"]["report_kind"] == "gov"] == [
        ("gov", 3, 1)
    ]
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.org", "pw"))
    page = client.get(reverse("admin:ledger_dashboard"), {"report_kind": "gov"}).content.decode()
    marked = re.findall(r'<tr data-body="国务院" data-year="(\d+)">.*?</tr>', page, flags=re.S)
    assert marked == ["2016", "2017", "2018"]
    row_2017 = re.search(r'<tr data-body="国务院" data-year="2017">(.*?)</tr>', page, flags=re.S).group(1)
    row_2016 = re.search(r'<tr data-body="国务院" data-year="2016">(.*?)</tr>', page, flags=re.S).group(1)
    assert "ledger-term-review" in row_2017 and "ledger-term-review" not in row_2016
    assert 'id="ledger-term-reviews"' in page and "标有※的计划年度" in page
    # Under one year's headline, the note is said of a term-end year only.
    dashboard = reverse("admin:ledger_dashboard")
    assert 'id="ledger-term-reviews"' in client.get(dashboard, {"report_kind": "gov", "year": 2017}).content.decode()
    assert 'id="ledger-term-reviews"' not in client.get(dashboard, {"report_kind": "gov", "year": 2016}).content.decode()
    # plan_year, as stats/ names it, narrows the dashboard as year does.
    assert 'id="ledger-term-reviews"' in client.get(dashboard, {"report_kind": "gov", "plan_year": 2017}).content.decode()
    trend = re.search(r'<svg[^>]*chart-trend.*?</svg>', page, flags=re.S).group(0)
    line = re.search(r'<g class="series" data-label="国务院".*?</g>', trend, flags=re.S).group(0)
    assert [len(points.split()) for points in re.findall(r'<polyline points="([^"]*)"', line)] == [1, 1]  # 2016 | 2017
    years = re.search(r'<g class="axis axis-x">(.*?)</g>', trend, flags=re.S).group(1)
    assert "2017※<title>" in years and "2016※" not in years  # marked as the table marks it
    assert ">2016†<title>" in years and "2018†" not in years  # 2016's report is one the rules were written on, not 2018's


def test_search_words_as_staff_type_them():
    from ledger.selectors import search_words

    assert search_words('執法,檢查 "人大,代表"、监督；') == ["执法", "检查", "人大,代表", "监督"]
    assert search_words('"条例 审议" 条例') == ["条例 审议", "条例"]
    assert search_words('"开放') == ['开放'] and search_words("  ") == [] and search_words('" “') == []  # an unmatched quote: a slip


def test_stats_say_what_they_pool_only_when_asked(reader, ledger):
    plain = reader.get(f"{API}/stats/", {"group_by": "year"}).json()
    assert plain and "reports" not in plain[0]
    pooled = reader.get(f"{API}/stats/", {"group_by": "year", "include": "pooling"}).json()
    assert [row["group"] for row in pooled] == [row["group"] for row in plain]
    assert all(row["bodies"] >= 1 and row["reports"] >= row["bodies"] and row["report_kinds"] == ["npc"] for row in pooled)
    assert sum(row["reports"] for row in pooled) == Report.objects.filter(commitments__testable=True).distinct().count()
    assert reader.get(f"{API}/stats/", {"include": "everything"}).status_code == 400
    # Which of them the rules were tuned on: a trend across tuned and blind years mixes two accuracies.
    by_body = reader.get(f"{API}/stats/", {"group_by": "body,year", "include": "pooling"}).json()
    tuned = {(row["group"]["body"], row["group"]["year"]) for row in by_body if row["tuned_reports"]}
    assert ("重庆市大足区人大常委会", 2024) in tuned and all(row["tuned_reports"] <= row["reports"] for row in by_body)
    assert ("重庆市永川区人大常委会", 2024) not in tuned


def test_a_post_without_its_slash_is_sent_on_as_a_post_and_an_unknown_format_is_named(editor, ledger):
    """A platform posting to …/status (no slash) got a 301 its client followed as a GET, and the status was lost;
    ?format=xml was a 404 as if the endpoint were not there."""
    commitment = ledger.commitments.filter(testable=True).first()
    response = editor.post(f"{API}/commitments/{commitment.pk}/status", {"status": "fulfilled"}, format="json")
    assert response.status_code == 308 and response["Location"].endswith(f"/commitments/{commitment.pk}/status/")
    assert editor.get(f"{API}/commitments", {"page_size": 1}).status_code == 301  # a GET is redirected as before
    refused = editor.get(f"{API}/commitments/", {"format": "xml"})
    assert refused.status_code == 406 and "json" in refused.json()["error"]["message"]
    # An export is one format: ?format=json answered its CSV with a 200.
    for path, fmt in (("commitments/export/data/", "csv"), ("commitments/export/xlsx/", "xlsx"), ("commitments/export/csv/", "csv")):
        refused = editor.get(f"{API}/{path}", {"format": "json"})
        assert refused.status_code == 406 and fmt in refused.json()["error"]["message"], path
    # Another export's format, asked beside Accept: application/json, named the API's renderings (json, api).
    refused = editor.get(f"{API}/commitments/export/xlsx/", {"format": "csv"}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 406 and refused.json()["error"]["message"].endswith("之一：xlsx。")


def test_ordering_by_report_is_by_its_id_and_the_exports_follow_an_ordering_asked_for(editor, seed_ledger):
    """?ordering=report gave the reports by body name, kind and year descending (Django follows Report's own
    ordering), though the schema says the report's id; the exports checked ?ordering= and then ignored it."""
    listed = editor.get(f"{API}/commitments/", {"ordering": "report", "page_size": 200}).json()["results"]
    reports = [row["report"]["id"] for row in listed]
    assert reports == sorted(reports) and len(set(reports)) > 1
    default = editor.get(f"{API}/commitments/", {"page_size": 200, "page": 2}).json()["results"]
    assert [(row["report"]["id"], row["ordinal"]) for row in default] == sorted((row["report"]["id"], row["ordinal"]) for row in default)
    last = Commitment.objects.order_by("-id")[:5]
    wanted = [str(commitment.pk) for commitment in last]
    data = b"".join(editor.get(f"{API}/commitments/export/data/", {"ordering": "-id"}).streaming_content).decode("utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in data[1:6]] == wanted
    sheet = openpyxl.load_workbook(io.BytesIO(editor.get(f"{API}/commitments/export/xlsx/", {"ordering": "-id"}).content)).active
    ids = [row[0] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]
    assert [str(pk) for pk in ids[:5]] == wanted
    # Ordered by score, the sheet by lead unit counts each task once (a join to the passages counted 144 for 52).
    def unit_sheet(query):
        book = openpyxl.load_workbook(io.BytesIO(editor.get(f"{API}/commitments/export/xlsx/", query).content))
        return [row for row in book.worksheets[1].iter_rows(values_only=True)]

    assert unit_sheet({"report": seed_ledger.pk, "ordering": "-score"}) == unit_sheet({"report": seed_ledger.pk})
    # Without ?ordering= the 台账 keeps its own order: a body's years ascending, each report's tasks in order.
    sheet = openpyxl.load_workbook(io.BytesIO(editor.get(f"{API}/commitments/export/xlsx/").content)).active
    ids = [row[0] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]
    order = {pk: (name, year, ordinal) for pk, name, year, ordinal in Commitment.objects.values_list("pk", "report__body__name", "report__year", "ordinal")}
    assert [order[pk] for pk in ids] == sorted(order[pk] for pk in ids)


def test_an_export_asked_for_by_its_own_file_type_is_served(editor, ledger):
    """curl -H 'Accept: text/csv' …/export/csv/ (and ?format=csv) was refused 406: the API's renderers are JSON, and
    the export's own type was not among them. A type the export is not stays refused, its error in JSON."""
    xlsx = exports.FORMATS["xlsx"]
    for path, accept, query in (
        ("commitments/export/csv/", "text/csv", {}), ("commitments/export/csv/", "application/xml", {"format": "csv"}),
        ("commitments/export/xlsx/", xlsx, {}), ("commitments/export/xlsx/", "*/*", {"format": "xlsx"}),
        ("commitments/export/data/", "text/csv;q=0.9", {}),
    ):
        response = editor.get(f"{API}/{path}", query, HTTP_ACCEPT=accept)
        assert response.status_code == 200, (path, accept, query)
        assert response["Content-Type"].startswith("text/csv" if "xlsx" not in path else xlsx)
        assert response["Content-Disposition"].startswith("attachment")
    refused = editor.get(f"{API}/commitments/export/data/", HTTP_ACCEPT=xlsx)
    assert refused.status_code == 406 and refused["Content-Type"] == "application/json"
    assert refused.json()["error"]["code"] == "not_acceptable"
    assert editor.get(f"{API}/commitments/", HTTP_ACCEPT="text/csv").status_code == 406  # the list is JSON only
    # Format suffixes (…/export/data.csv, …/progress.json), which no one is told of, were a 500 on every action: no
    # path of the API has one (a 404 in JSON); ?format= and Accept choose the format.
    commitment = Commitment.objects.filter(testable=True).first()
    for method, path in (
        ("get", "commitments/export/csv.csv"), ("get", "commitments/export/data.json"), ("get", "commitments.json"),
        ("post", f"commitments/{commitment.pk}/progress.json"), ("post", f"commitments/{commitment.pk}/status.json"),
    ):
        missing = getattr(editor, method)(f"{API}/{path}")
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found", path


def test_a_follow_up_deleted_lists_its_rows_with_why_and_gives_the_year_befores_rows_again(reader, boss, seed_ledger):
    """Deleting 大足区's 2025 report took its rows out with no reason (null) and its passages out of the 2024 rows, and a
    2024 row whose status a person set was in no updated_since: a mirror kept its passages for ever. A replace of the
    follow-up that drops a passage, and a body renamed, were as silent."""
    from django.utils import timezone

    from ledger.services.decisions import commitment_set_status

    def listed_since(since, commitment):
        changed = reader.get(f"{API}/commitments/", {"updated_since": since.isoformat(), "id_after": commitment.pk - 1, "ordering": "id"})
        return results(changed)[0]["id"] == commitment.pk

    follow_up = seed_ledger.body.reports.get(year=seed_ledger.year + 1)
    decided, replaced = seed_ledger.commitments.filter(testable=True, evidence__decision="proposed").distinct()[:2]
    for commitment in (decided, replaced):
        commitment_set_status(commitment=commitment, status="fulfilled", user=boss, note="")
    # A replace of the follow-up that no longer holds a passage of a row a person decided.
    since = timezone.now()
    services.report_ingest(follow_up.text.replace(replaced.evidence.first().text, "").encode("utf-8"), source="cut.txt", replace=True)
    assert listed_since(since, replaced)
    since = timezone.now()
    taken_out = set(follow_up.commitments.values_list("pk", flat=True))
    services.report_delete(report=follow_up)
    listed = results(reader.get(f"{API}/commitments/deleted/", {"since": since.isoformat()}))
    assert {row["id"] for row in listed} == taken_out
    assert {row["reason"] for row in listed} == {f"随所属报告（{follow_up}）一并删除"}
    assert {row["cause"] for row in listed} == {"report_deleted"}
    assert listed_since(since, decided) and not decided.evidence.exists()
    # A body renamed: every row names it, none has a history of it.
    since = timezone.now()
    renamed = seed_ledger.body.name + "（更名）"
    services.body_save(body=seed_ledger.body, name=renamed)
    changed = results(reader.get(f"{API}/commitments/", {"updated_since": since.isoformat(), "report": seed_ledger.pk}))
    assert changed and {row["report"]["body"] for row in changed} == {renamed}


def test_a_mirror_learns_which_commitments_were_taken_out(reader, editor, db):
    """A replace took three commitments out, and the task a later replace brought back came with a new id: a mirror
    syncing by updated_since kept the old rows for ever (it lists only rows that are there)."""
    import datetime as dt
    import re as re_module

    from django.utils import timezone

    report = services.report_ingest(seed_bytes("003"), source="003.txt").report
    since = timezone.now()
    text = seed_bytes("003").decode("utf-8")
    research = re_module.search(r"配合市人大开展知识产权保护[^；;]*?立法调研[，,]", text)
    before = set(report.commitments.values_list("pk", flat=True))
    services.report_ingest((text[: research.start()] + text[research.end() :]).encode("utf-8"), source="cut.txt", replace=True)
    gone = before - set(report.commitments.values_list("pk", flat=True))
    listed = results(reader.get(f"{API}/commitments/deleted/", {"since": since.isoformat()}))
    assert {row["id"] for row in listed} == gone and {row["report"] for row in listed} == {report.pk}
    assert all(row["deleted_at"] and row["object"] for row in listed)
    assert {row["reason"] for row in listed} == {"替换时删去：新文本中已没有此项"}  # it was null
    # A program reads the cause as a code, in whatever language the reason was written.
    assert {row["cause"] for row in listed} == {"replaced"}
    from ledger.deletions import cause_of

    assert cause_of("taken out by a replace: the new text no longer holds it") == "replaced"
    assert (cause_of("任务被手工删除"), cause_of(None)) == (None, None)
    assert results(reader.get(f"{API}/commitments/deleted/", {"since": timezone.now().isoformat()})) == []
    # Both lists say where the next poll starts: before this one began, by the overlap (a replace's transaction,
    # stamped when it began, commits seconds later; a poll from the time it asked missed its changes).
    from django.conf import settings

    for path in ("commitments/", "commitments/deleted/"):
        asked = timezone.now()
        response = reader.get(f"{API}/{path}", {"since": since.isoformat()} if "deleted" in path else {"updated_since": since.isoformat()})
        header = response["Ledger-Sync-Since"]
        next_since = dt.datetime.fromisoformat(header)
        assert asked - dt.timedelta(seconds=settings.LEDGER_SYNC_OVERLAP_SECONDS + 1) < next_since <= asked - dt.timedelta(seconds=settings.LEDGER_SYNC_OVERLAP_SECONDS - 1)
        # In UTC with Z: pasted into a URL as it is (a + would read as a space), it is taken.
        assert header.endswith("Z") and "+" not in header
        assert reader.get(f"{API}/commitments/?updated_since={header}").status_code == 200
    # A time it cannot take, or none, is a 400 naming it.
    for query in ({}, {"since": "昨天"}):
        response = reader.get(f"{API}/commitments/deleted/", query)
        assert response.status_code == 400 and "since" in response.json()["error"]["detail"], query


def test_a_task_judged_against_a_term_end_review_read_whole_says_so(reader, boss, ledger, client):
    """The dashboard and the report page marked such a follow-up (※), the task's own record and page did not: its
    passage may tell an earlier year of the term."""
    from ledger.pipeline.sections import TERM_REVIEW_WHOLE

    row = ledger.commitments.filter(testable=True).first()
    assert reader.get(f"{API}/commitments/{row.pk}/").json()["follow_up_term_review"] is False
    follow_up = Report.objects.get(body=ledger.body, year=ledger.year + 1)
    template = "A term-end review (%(heading)s) tells the past year inside its account of the whole term, so it is read whole: evidence found in it may describe an earlier year of the term."
    Report.objects.filter(pk=follow_up.pk).update(
        notices=[{"code": TERM_REVIEW_WHOLE, "template": template, "params": {"heading": "一、过去五年工作回顾"}}]
    )
    assert reader.get(f"{API}/commitments/{row.pk}/").json()["follow_up_term_review"] is True
    client.force_login(boss)
    page = client.get(reverse("admin:ledger_commitment_change", args=[row.pk])).content.decode()
    assert "ledger-review-notice" in page and "一、过去五年工作回顾" in page
    pending = Commitment.objects.filter(report__body=ledger.body, report__year=ledger.year + 1, testable=True).first()
    assert reader.get(f"{API}/commitments/{pending.pk}/").json()["follow_up_term_review"] is None
