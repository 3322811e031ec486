"""A task the review says was put off or cancelled: the machine asks a person, first in the queue, and a person records
it 未实施 (not carried out) by confirming the passage, by setting the status or from a hand-kept 台账's words. It counts
among the decided rows of every rate, as not done, and is never 已落实 nor silence."""

import csv
import io

import pytest
from django.urls import reverse

from ledger import exports, services
from ledger.admin.review_queue import review_queue
from ledger.models import Decision, Origin, Status, Verdict
from ledger.selectors import report_summary
from ledger.services.decisions import confirm_best_plan
from ledger.services.ledger_import import ledger_import
from ledger.versions import evidence_version

from .conftest import FOLLOW_UP
from .test_sheet import COL, row_of, saved, workbook

API = "/api/v1"
TASK = "全区职业病防治专项工作报告"
# The follow-up's sentence reporting the hearing held, and the sentence of a review that put it off.
HELD = "听取审议了区政府关于职业病防治工作情况的报告，就尘肺病等重点职业病的源头防控和救治救助提出审议意见。"
PUT_OFF = "原定听取的区政府关于职业病防治工作情况的报告，因调研尚未结束，推迟至2025年听取。"


@pytest.fixture
def put_off(seed_ledger):
    """大足区's 2024 hearing on occupational disease, its 2025 review saying it was put off."""
    text = FOLLOW_UP.read_text(encoding="utf-8")
    assert HELD in text
    services.report_ingest(text.replace(HELD, PUT_OFF).encode(), source="dazu-2025.txt", replace=True)
    return seed_ledger.commitments.get(object=TASK)


def test_the_machine_asks_a_person_with_the_deciding_word_and_queues_it_first(put_off):
    assert (put_off.status, put_off.status_rule, put_off.status_origin) == (
        Status.NEEDS_REVIEW, "status.said_not_done", Origin.AUTO,
    )
    (passage,) = put_off.evidence.exclude(verdict=Verdict.CANDIDATE)
    assert (passage.verdict, passage.rule, passage.rule_detail["decisive"]) == (Verdict.NOT_DONE, "verdict.not_done", "推迟")
    assert passage.text == PUT_OFF
    # Of the machine's rows, the one a look turns into 未实施 comes first.
    machine = [c for c in review_queue(put_off.report_id) if c.status_origin == Origin.AUTO]
    assert machine[0] == put_off and len(machine) > 1


def test_confirming_the_passage_records_the_task_not_carried_out_in_every_count(put_off, api):
    before = report_summary(put_off.report).overall
    passage = put_off.evidence.get(verdict=Verdict.NOT_DONE)
    confirmed = api.post(f"{API}/evidence/{passage.pk}/confirm/", {}, format="json")
    assert confirmed.status_code == 200, confirmed.content
    put_off.refresh_from_db()
    assert (put_off.status, put_off.status_rule) == (Status.NOT_DONE, "status.confirmed")
    detail = api.get(f"{API}/commitments/{put_off.pk}/").json()
    assert (detail["status"], detail["confirmed"]) == ("not_done", True)
    after = report_summary(put_off.report).overall
    # Out of the machine's 待人工核验, into the decided rows as not done: the rate's denominator grows, its numerator not.
    assert after.needs_review == before.needs_review - 1
    assert (after.decided, after.decided_confirmed) == (before.decided + 1, before.decided_confirmed + 1)
    done = after.counts[Status.FULFILLED] + after.counts[Status.PARTIAL]
    assert after.rate == done / after.decided and after.counts[Status.NOT_DONE] == 1
    summary = api.get(f"{API}/reports/{put_off.report_id}/").json()["summary"]
    assert summary["counts"]["not_done"] == summary["confirmed"]["not_done"] == 1
    assert summary["rate_high"] == pytest.approx(after.rate_high) and after.rate_high < 1
    # The filter finds it, and the statistics count it.
    listed = api.get(f"{API}/commitments/", {"status": "not_done"}).json()
    assert [row["id"] for row in listed["results"]] == [put_off.pk]
    stats = api.get(f"{API}/stats/", {"group_by": "body,year"}).json()
    assert sum(row["counts"]["not_done"] for row in stats) == 1


def test_confirming_the_best_passages_of_many_tasks_leaves_the_one_put_off(put_off):
    ((commitment, passage, outcome),) = confirm_best_plan(put_off.report.commitments.filter(pk=put_off.pk))
    assert (commitment, passage.verdict, outcome) == (put_off, Verdict.NOT_DONE, "left")


def test_a_passage_read_otherwise_is_confirmed_with_the_verdict_a_person_reads(seed_ledger, api):
    """The verdict is one of the passage verdicts staff give: a passage the machine read as done, which a person knows
    was a hearing put off, is confirmed as 报告未实施."""
    task = seed_ledger.commitments.get(object=TASK)
    passage = task.evidence.get(verdict=Verdict.FULFILLED)
    response = api.post(f"{API}/evidence/{passage.pk}/confirm/", {"verdict": "not_done"}, format="json")
    assert response.status_code == 200, response.content
    task.refresh_from_db()
    passage.refresh_from_db()
    assert (task.status, passage.verdict, passage.rule, passage.decision) == (
        Status.NOT_DONE, Verdict.NOT_DONE, "staff", Decision.CONFIRMED,
    )


def test_a_status_a_person_sets_not_carried_out_a_silent_review_does_not_contradict(seed_ledger, api):
    silent = seed_ledger.commitments.get(object="政府债务管理报告")  # the review says nothing of it
    assert silent.status == Status.NOT_REPORTED
    response = api.post(
        f"{API}/commitments/{silent.pk}/status/", {"status": "not_done", "note": "因区政府调整议程，取消"}, format="json"
    )
    assert response.status_code == 200, response.content
    # A relink keeps the person's status, and a review silent on the task is no word against it.
    services.report_ingest(FOLLOW_UP.read_bytes(), source="dazu-2025.txt", replace=True)
    silent.refresh_from_db()
    assert (silent.status, silent.status_origin, silent.review_disagrees) == (Status.NOT_DONE, Origin.STAFF, False)


def test_the_台账_writes_and_reads_not_carried_out_as_colleagues_write_it(seed_ledger, boss):
    rows = list(seed_ledger.commitments.filter(testable=True).order_by("ordinal")[:4])
    services.commitment_set_status(commitment=rows[0], status=Status.NOT_DONE, user=boss, note="推迟至次年")
    book = workbook(seed_ledger.commitments.all())
    sheet = book.active
    assert sheet.cell(row_of(sheet, rows[0].pk), COL["status"]).value == "未实施"
    # The export read back changes nothing.
    assert not ledger_import(saved(book), user=boss, dry_run=True).changes
    # 未落实 in a clerk's sheet may be progress, nothing or a task put off: it is a person's to say, and named.
    sheet.cell(row_of(sheet, rows[1].pk), COL["status"]).value = "未落实"
    (error,) = ledger_import(saved(book), user=boss, dry_run=True).errors
    assert error.message.startswith("“未落实”不是状态") and "未实施" in error.message
    for row, said in zip(rows[1:], ("已取消", "推迟", "暂缓")):
        sheet.cell(row_of(sheet, row.pk), COL["status"]).value = said
    plan = ledger_import(saved(book), user=boss, dry_run=False)
    assert not plan.errors, plan.errors
    assert [r.status for r in seed_ledger.commitments.filter(pk__in=[r.pk for r in rows]).order_by("ordinal")] == [
        Status.NOT_DONE
    ] * 4
    assert str(Status.NOT_DONE.label) == "未实施" and exports.status_text(rows[0]) == "未实施"


def test_the_task_page_says_why_and_one_click_records_it(put_off, client, boss):
    client.force_login(boss)
    url = reverse("admin:ledger_commitment_change", args=[put_off.pk])
    page = client.get(url).content.decode()
    assert "说明当年未办（推迟）" in page and "确认该段落，此项即为未实施" in page
    passage = put_off.evidence.get(verdict=Verdict.NOT_DONE)
    decide = reverse("admin:ledger_commitment_decide", args=[put_off.pk, passage.pk, "confirmed"])
    client.post(decide, {"version": evidence_version(passage)})
    put_off.refresh_from_db()
    assert put_off.status == Status.NOT_DONE
    page = client.get(url).content.decode()
    assert '<span class="ledger-badge ledger-not_done">未实施</span>' in page
    # The legend of the ledger's list says what the status means and what staff do.
    listing = client.get(reverse("admin:ledger_commitment_changelist")).content.decode()
    assert 'id="ledger-legend-not_done"' in listing and "推迟、暂缓或取消" in listing


def test_a_task_recorded_not_carried_out_is_chased_as_overdue_nowhere(seed_ledger, boss, api):
    """The dashboard's overdue list, the list's 逾期 badge and the sheet's （逾期） named tasks put off by decision, to be
    chased with their lead unit."""
    import datetime as dt

    from ledger.services.ledger import commitment_ledger_update

    late, put_off = seed_ledger.commitments.filter(testable=True).exclude(status=Status.FULFILLED).order_by("ordinal")[:2]
    for task in (late, put_off):
        commitment_ledger_update(commitment=task, user=boss, due="2024年6月")
    services.commitment_set_status(commitment=put_off, status=Status.NOT_DONE, user=boss, note="取消")
    overdue = api.get(f"{API}/commitments/", {"overdue": "true"}).json()["results"]
    assert [row["id"] for row in overdue] == [late.pk]
    put_off.refresh_from_db()
    assert exports.status_label(put_off, dt.date(2025, 1, 1)) == "未实施"
    assert exports.status_label(late, dt.date(2025, 1, 1)).endswith("（逾期）")


def test_a_task_decided_before_its_next_report_does_not_make_the_year_look_decided(seed_ledger, api):
    """A status set mid-year on a report whose next report is not in made its group read 'every decided row confirmed'
    (rate_low = rate_high = 0.0) with 40 of 41 tasks waiting: the range is over every task until each is decided."""
    from ledger.models import Report

    report = Report.objects.exclude(body=seed_ledger.body).filter(commitments__testable=True).distinct().first()
    task = report.commitments.filter(testable=True).order_by("ordinal").first()
    api.post(f"{API}/commitments/{task.pk}/status/", {"status": "not_done", "note": "年中取消"}, format="json")
    (group,) = api.get(f"{API}/stats/", {"group_by": "body,year", "report": report.pk}).json()
    testable = group["testable"]
    assert testable > 1 and group["decided"] == group["decided_confirmed"] == 1 and group["headline_rate"] == 0.0
    assert (group["rate_low"], group["rate_high"]) == (0.0, pytest.approx((testable - 1) / testable))
    # Nothing known of a year yet: no range at all.
    other = Report.objects.exclude(pk=report.pk).exclude(body=seed_ledger.body).filter(commitments__testable=True).first()
    (untouched,) = api.get(f"{API}/stats/", {"group_by": "body,year", "report": other.pk}).json()
    assert (untouched["assessed"], untouched["rate_low"], untouched["rate_high"]) == (0, None, None)


def test_the_machines_passage_beside_a_persons_not_carried_out_is_said_to_be_no_ground_of_it(seed_ledger, api):
    """A person set 未实施 on a task the machine read as done: the API's best passage and the data export's decisive
    passage were the machine's 报告已完成, with nothing saying the status does not rest on it."""
    task = seed_ledger.commitments.get(object=TASK)
    assert task.status == Status.FULFILLED
    api.post(f"{API}/commitments/{task.pk}/status/", {"status": "not_done", "note": "议程调整，推迟"}, format="json")
    detail = api.get(f"{API}/commitments/{task.pk}/").json()
    assert (detail["best_evidence"]["verdict"], detail["best_evidence_against_status"]) == ("fulfilled", True)
    listed = api.get(f"{API}/commitments/", {"status": "not_done"}).json()["results"]
    assert [(row["id"], row["best_evidence_against_status"]) for row in listed] == [(task.pk, True)]
    other = api.get(f"{API}/commitments/", {"status": "fulfilled", "page_size": 3}).json()["results"]
    assert other and not any(row["best_evidence_against_status"] for row in other)
    exported = api.get(f"{API}/commitments/export/data/", {"status": "not_done"})
    header, row = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig"))))[:2]
    cells = dict(zip(header, row))
    assert (cells["evidence_verdict"], cells["evidence_against_status"]) == ("fulfilled", "true")


def test_a_passage_confirmed_with_another_verdict_keeps_no_deciding_word_and_its_note_is_exported(seed_ledger, api):
    task = seed_ledger.commitments.get(object=TASK)
    passage = task.evidence.get(verdict=Verdict.FULFILLED)
    assert passage.rule_detail["decisive"]
    api.post(f"{API}/evidence/{passage.pk}/confirm/", {"verdict": "not_done", "note": "实际推迟至次年"}, format="json")
    passage.refresh_from_db()
    assert passage.rule_detail["decisive"] == "" and passage.rule_detail["matched"]
    exported = api.get(f"{API}/commitments/export/data/", {"status": "not_done"})
    header, row = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig"))))[:2]
    cells = dict(zip(header, row))
    assert (cells["evidence_verdict"], cells["evidence_decisive"], cells["evidence_note"]) == ("not_done", "", "实际推迟至次年")
    assert cells["evidence_against_status"] == "false"


def test_adding_a_passage_stored_already_decides_it_again_and_keeps_its_note(seed_ledger, api):
    task = seed_ledger.commitments.get(object=TASK)
    passage = task.evidence.get(verdict=Verdict.FULFILLED)
    span = {"commitment": task.pk, "start": passage.start, "end": passage.end}
    first = api.post(f"{API}/evidence/", {**span, "verdict": "not_done", "note": "专项督查推迟"}, format="json")
    again = api.post(f"{API}/evidence/", {**span, "verdict": "not_done"}, format="json")
    assert (first.status_code, again.status_code) == (200, 200)  # the machine's passage, decided by a person
    assert again.json()["id"] == passage.pk and again.json()["note"] == "专项督查推迟"


def test_a_time_whose_plus_a_query_string_ate_says_so(seed_ledger, api):
    refused = api.get(f"{API}/commitments/", {"updated_since": "2026-12-01T12:00:00 08:00"})
    assert refused.status_code == 400 and "%2B08:00" in str(refused.json()) and "%%" not in str(refused.json())
    assert api.get(f"{API}/commitments/", {"updated_since": "2026-12-01T12:00:00+08:00"}).status_code == 200


def test_the_same_decision_again_writes_nothing(seed_ledger, api):
    task = seed_ledger.commitments.get(object=TASK)
    body = {"status": "not_done", "note": "专项督办暂缓"}
    first = api.post(f"{API}/commitments/{task.pk}/status/", body, format="json")
    task.refresh_from_db()
    records, decided_at = task.history.count(), task.status_decided_at
    again = api.post(f"{API}/commitments/{task.pk}/status/", body, format="json")
    assert again.status_code == 200 and again["ETag"] == first["ETag"] and task.history.count() == records
    task.refresh_from_db()
    assert task.status_decided_at == decided_at
    # Handing back a status that is the machine's already changes nothing either.
    machine = seed_ledger.commitments.filter(status_origin=Origin.AUTO, testable=True).first()
    count = machine.history.count()
    assert api.post(f"{API}/commitments/{machine.pk}/status/", {"status": None}, format="json").status_code == 200
    assert machine.history.count() == count
