"""A task the review says was put off or cancelled: the machine asks a person, first in the queue, and a person records
it 未实施 (not carried out) by confirming the passage, by setting the status or from a hand-kept 台账's words. It counts
among the decided rows of every rate, as not done, and is never 已落实 nor silence."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ledger import exports, services
from ledger.admin.review_queue import review_queue
from ledger.models import Decision, Origin, Status, Verdict
from ledger.selectors import follow_up_of, report_summary
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


def exported_row(api, **filters) -> dict[str, str]:
    """The first row of the analysis export of the filtered tasks, by column."""
    exported = api.get(f"{API}/commitments/export/data/", filters)
    header, row = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig"))))[:2]
    return dict(zip(header, row))


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
    assert after.rate < before.rate and after.counts[Status.NOT_DONE] == 1
    summary = api.get(f"{API}/reports/{put_off.report_id}/").json()["summary"]
    assert summary["counts"]["not_done"] == summary["confirmed"]["not_done"] == 1
    # The one row a person confirmed is not done: the rate of every task can be anything but 100 %.
    testable = summary["testable"]
    assert (summary["rate_low"], summary["rate_high"]) == (0.0, pytest.approx((testable - 1) / testable))
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
    """Set before the review came in, 未实施 is not contradicted by a review silent on the task (已落实 is)."""
    import datetime as dt

    from ledger.models import Commitment

    silent = seed_ledger.commitments.get(object="政府债务管理报告")  # the review says nothing of it
    done = seed_ledger.commitments.filter(status=Status.NOT_REPORTED, testable=True).exclude(pk=silent.pk).first()
    assert silent.status == Status.NOT_REPORTED
    for task, status in ((silent, "not_done"), (done, "fulfilled")):
        response = api.post(f"{API}/commitments/{task.pk}/status/", {"status": status, "note": "年中记录"}, format="json")
        assert response.status_code == 200, response.content
    before_the_review = dt.datetime(2024, 10, 1, tzinfo=dt.timezone.utc)
    Commitment.objects.filter(pk__in=[silent.pk, done.pk]).update(status_decided_at=before_the_review)
    # A relink keeps the persons' statuses, and a review silent on the task is no word against 未实施.
    from ledger.services.linking import commitments_link

    commitments_link(report=seed_ledger)
    silent.refresh_from_db()
    done.refresh_from_db()
    assert (silent.status, silent.status_origin, silent.review_disagrees) == (Status.NOT_DONE, Origin.STAFF, False)
    assert (done.status, done.review_disagrees) == (Status.FULFILLED, True)


def test_the_台账_writes_and_reads_not_carried_out_as_colleagues_write_it(seed_ledger, boss):
    rows = list(seed_ledger.commitments.filter(testable=True).order_by("ordinal")[:4])
    services.commitment_set_status(commitment=rows[0], status=Status.NOT_DONE, user=boss, note="推迟至次年")
    book = workbook(seed_ledger.commitments.all())
    sheet = book.active
    assert sheet.cell(row_of(sheet, rows[0].pk), COL["status"]).value == "未实施"
    # The export read back changes nothing.
    assert not ledger_import(saved(book), user=boss, dry_run=True).changes
    # 未落实 or 推迟 in a clerk's sheet may be progress, nothing, late work or a task put off: a person's to say, and named.
    sheet.cell(row_of(sheet, rows[1].pk), COL["status"]).value = "未落实"
    sheet.cell(row_of(sheet, rows[2].pk), COL["status"]).value = "推迟"
    errors = ledger_import(saved(book), user=boss, dry_run=True).errors
    assert [e.message.split("”")[0] for e in errors] == ["“未落实", "“推迟"] and "未实施" in errors[0].message
    for row, said in zip(rows[1:], ("已取消", "暂缓实施", "暂缓")):
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
    """Overdue (the filter every list and the dashboard's deadlines use) and the sheet's （逾期） named tasks put off by
    decision, to be chased with their lead unit; so did due within 30 days."""
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
    soon = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    for task in (late, put_off):
        commitment_ledger_update(commitment=task, user=boss, due=soon)
    due_soon = api.get(f"{API}/commitments/", {"due_soon": "true"}).json()["results"]
    assert [row["id"] for row in due_soon] == [late.pk]


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
    assert group["publishable"] is False
    # Nothing known of a year yet: no range at all.
    other = Report.objects.exclude(pk=report.pk).exclude(body=seed_ledger.body).filter(commitments__testable=True).first()
    (untouched,) = api.get(f"{API}/stats/", {"group_by": "body,year", "report": other.pk}).json()
    assert (untouched["assessed"], untouched["rate_low"], untouched["rate_high"]) == (0, None, None)


def test_a_year_every_task_of_which_a_person_decided_before_its_review_is_not_published_as_followed_through(seed_ledger, api, client, boss):
    """Every task of a report whose next report is not in, set by staff: stats/ said publishable with a headline rate,
    and the dashboard "all decided tasks confirmed by a person" under a definition naming the next year's review."""

    from ledger.models import Report
    from ledger.services.decisions import commitment_set_status

    report = next(r for r in Report.objects.filter(commitments__testable=True).distinct() if follow_up_of(r) is None)
    tasks = list(report.commitments.filter(testable=True))
    for i, task in enumerate(tasks):
        commitment_set_status(commitment=task, status=Status.FULFILLED if i % 2 else Status.NOT_DONE, user=boss, note="")
    (group,) = api.get(f"{API}/stats/", {"group_by": "body,year", "report": report.pk}).json()
    assert group["decided_confirmed"] == group["testable"] == len(tasks) and group["headline_rate"] is not None
    assert group["publishable"] is False and group["before_review"] == len(tasks)
    # A year whose review is in is unchanged: what a person confirmed there is publishable once all of it is.
    (reviewed,) = api.get(f"{API}/stats/", {"group_by": "body,year", "report": seed_ledger.pk}).json()
    assert reviewed["before_review"] == 0
    client.force_login(boss)
    page = client.get(reverse("admin:ledger_report_change", args=[report.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    said = re.search(r'<strong class="ledger-before-review">(.*?)</strong>', page, re.S).group(1)
    assert str(len(tasks)) in said and "不是" in said
    assert "落实率（" not in page.split('class="ledger-before-review"')[0].split('class="ledger-headline"')[1]  # no rate announced
    assert "这还不能作为可发布的比例" in page


def test_a_year_with_a_persons_status_its_review_reads_otherwise_is_not_published_as_followed_through(seed_ledger, api, client, boss):
    """Every task confirmed, one of them a status the review reads otherwise (set before the review came in): stats/
    said publishable, and the dashboard gave the rate as one of tasks all confirmed, while the list's
    review_disagrees=true named the row."""
    from ledger.models import Commitment
    from ledger.services.decisions import commitment_set_status

    tasks = list(seed_ledger.commitments.filter(testable=True).order_by("ordinal"))
    for i, task in enumerate(tasks):
        commitment_set_status(commitment=task, status=Status.FULFILLED if i % 2 else Status.NOT_REPORTED, user=boss, note="")
    (group,) = api.get(f"{API}/stats/", {"group_by": "body,year", "report": seed_ledger.pk}).json()
    assert group["publishable"] is True and group["review_disagrees"] == 0
    Commitment.objects.filter(pk=tasks[0].pk).update(review_disagrees=True)
    (group,) = api.get(f"{API}/stats/", {"group_by": "body,year", "report": seed_ledger.pk}).json()
    assert group["publishable"] is False and group["review_disagrees"] == 1
    assert group["decided_confirmed"] == group["testable"] == len(tasks)
    client.force_login(boss)
    page = client.get(reverse("admin:ledger_report_change", args=[seed_ledger.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    said = re.search(r'<strong class="ledger-review-disagrees">(.*?)</strong>', page, re.S).group(1)
    assert "有 1 项任务" in said and "不是可以发布的落实率" in said
    assert "落实率（" not in page.split('class="ledger-headline"')[1].split("</p>")[0]  # no rate announced
    # The dashboard's table marks the year's rate, and its chart's label says it is no follow-through rate.
    board = client.get(reverse("admin:ledger_dashboard"), {"year": seed_ledger.year}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    row = re.search(rf'<tr data-body="{seed_ledger.body.name}" data-year="{seed_ledger.year}">(.*?)</tr>', board.content.decode(), re.S)
    assert 'class="ledger-unreviewed"' in row.group(1)
    assert "尚无工作回顾佐证：不是落实率" in board.content.decode()


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
    cells = exported_row(api, status="not_done")
    assert (cells["evidence_verdict"], cells["evidence_against_status"]) == ("fulfilled", "true")
    # What the person's status rests on is in the row: their note, and when they set it (as the API gives times).
    task.refresh_from_db()
    assert cells["status_note"] == "议程调整，推迟" and cells["status_rule"] == "staff"
    assert cells["status_decided_at"] == timezone.localtime(task.status_decided_at).isoformat()


def test_a_passage_confirmed_with_another_verdict_keeps_no_deciding_word_and_its_note_is_exported(seed_ledger, api):
    task = seed_ledger.commitments.get(object=TASK)
    passage = task.evidence.get(verdict=Verdict.FULFILLED)
    assert passage.rule_detail["decisive"]
    api.post(f"{API}/evidence/{passage.pk}/confirm/", {"verdict": "not_done", "note": "实际推迟至次年"}, format="json")
    passage.refresh_from_db()
    assert passage.rule_detail["decisive"] == "" and passage.rule_detail["matched"]
    cells = exported_row(api, status="not_done")
    assert (cells["evidence_verdict"], cells["evidence_decisive"], cells["evidence_note"]) == ("not_done", "", "实际推迟至次年")
    assert cells["evidence_against_status"] == "false"
    # When the person decided on it, beside the row's confirmed (its status_decided_at may be empty).
    assert cells["evidence_decided_at"] == timezone.localtime(passage.decided_at).isoformat() and cells["confirmed"] == "true"


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
    # The deleted list shows the message as it is (no formatting): its %2B was %%2B.
    refused = api.get(f"{API}/commitments/deleted/", {"since": "2026-12-01T12:00:00 08:00"})
    assert refused.status_code == 400 and "%2B08:00" in str(refused.json()) and "%%" not in str(refused.json())


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


@pytest.mark.django_db(transaction=True)
def test_the_migration_proposes_the_passages_read_as_put_off_before_as_not_done(seed_ledger):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    text = FOLLOW_UP.read_text(encoding="utf-8")
    services.report_ingest(text.replace(HELD, PUT_OFF).encode(), source="dazu-2025.txt", replace=True)
    passage = seed_ledger.commitments.get(object=TASK).evidence.get(verdict=Verdict.NOT_DONE)
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("ledger", "0020_body_former_names")])
        with connection.cursor() as cursor:
            cursor.execute("SELECT verdict FROM ledger_evidence WHERE id = %s", [passage.pk])
            assert cursor.fetchone()[0] == "mention"  # as stored before the verdict existed
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    passage.refresh_from_db()
    assert (passage.verdict, passage.decision) == (Verdict.NOT_DONE, Decision.PROPOSED)


def test_a_mention_a_person_confirmed_does_not_silence_a_passage_saying_the_task_was_put_off(put_off, boss):
    """Confirming another passage as a mention made the task a person's 未见报告, the 推迟 passage still waiting."""
    other = put_off.evidence.filter(verdict=Verdict.CANDIDATE).first()
    services.evidence_decide(evidence=other, decision=Decision.CONFIRMED, user=boss, verdict=Verdict.MENTION)
    put_off.refresh_from_db()
    assert (put_off.status, put_off.status_rule) == (Status.NEEDS_REVIEW, "status.said_not_done")


def test_answering_a_review_that_disagrees_with_the_same_status_is_a_decision(seed_ledger, boss):
    task = seed_ledger.commitments.get(object=TASK)
    services.commitment_set_status(commitment=task, status=Status.NOT_DONE, user=boss, note="取消")
    type(task).objects.filter(pk=task.pk).update(review_disagrees=True)
    task.refresh_from_db()
    records = task.history.count()
    services.commitment_set_status(commitment=task, status=Status.NOT_DONE, user=boss, note="取消")
    task.refresh_from_db()
    assert task.review_disagrees is False and task.history.count() == records + 1


def test_a_passage_if_match_that_is_no_version_blames_no_one(put_off, api):
    passage = put_off.evidence.get(verdict=Verdict.NOT_DONE)
    refused = api.post(f"{API}/evidence/{passage.pk}/confirm/", {}, format="json", HTTP_IF_MATCH='"garbage"')
    assert refused.status_code == 412 and refused.json()["error"]["code"] == "not_a_version"
    passage.refresh_from_db()
    assert passage.decision == Decision.PROPOSED
    tag = api.get(f"{API}/evidence/{passage.pk}/")["ETag"]
    assert api.post(f"{API}/evidence/{passage.pk}/confirm/", {}, format="json", HTTP_IF_MATCH=tag).status_code == 200


def test_a_new_span_added_is_created_with_no_note(put_off, api):
    from ledger.models import Report

    follow_up = Report.objects.get(body=put_off.report.body, year=put_off.report.year + 1)
    section = follow_up.sections.get(kind="review")
    added = api.post(
        f"{API}/evidence/", {"commitment": put_off.pk, "start": section.start, "end": section.start + 12, "verdict": "mention"},
        format="json",
    )
    assert added.status_code == 201 and added.json()["note"] == ""


def test_a_report_the_rules_were_tuned_on_says_so(seed_ledger, api, client, boss):
    """The pages of the reports the rules were written against showed their machine figures like any other's."""
    from ledger import accuracy

    assert accuracy.tuned_on(seed_ledger.body.name, seed_ledger.kind, seed_ledger.year)  # 大足区 2024 → 2025
    summary = api.get(f"{API}/reports/{seed_ledger.pk}/").json()["summary"]
    assert summary["rules_tuned_on"] is True
    client.force_login(boss)
    page = client.get(reverse("admin:ledger_report_change", args=[seed_ledger.pk])).content.decode()
    assert 'id="ledger-tuned-on"' in page and "规则" in page
    # A congress report's page says first that no congress report was checked blind: the figures are another kind's.
    measured = page.split('id="ledger-report-headline-measured">')[1]
    assert measured.startswith("人大常委会工作报告尚未在编写规则时未用过的报告上做过这样的检验：以下数字来自政府工作报告。")
    assert measured.count("人大常委会工作报告尚未在编写规则时未用过的报告上做过这样的检验") == 1 and "由人工从报告各部分中选取" in measured
    from ledger.models import Report

    other = Report.objects.exclude(body=seed_ledger.body).first()
    assert api.get(f"{API}/reports/{other.pk}/").json()["summary"]["rules_tuned_on"] is False
    assert 'id="ledger-tuned-on"' not in client.get(reverse("admin:ledger_report_change", args=[other.pk])).content.decode()


def test_a_proposed_passage_added_by_hand_keeps_who_found_it_and_the_words_it_names(seed_ledger, boss):
    task = seed_ledger.commitments.get(object=TASK)
    passage = task.evidence.get(verdict=Verdict.FULFILLED)
    matched = passage.rule_detail["matched"]
    added, created = services.evidence_add(
        commitment=task, start=passage.start, end=passage.end, verdict=Verdict.NOT_DONE, user=boss
    )
    assert not created and added.pk == passage.pk
    assert (added.origin, added.rule, added.decision) == (Origin.AUTO, "staff", Decision.CONFIRMED)
    assert added.rule_detail == {"matched": matched, "decisive": ""}
