"""Staff decisions survive a replace with a reworded text (services/carry.py, services/ingest.py)."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from ledger import services
from ledger.models import Commitment, Evidence, KeptDecision, Status
from ledger.services.carry import kept_reattach, match, similarity
from tests.conftest import FOLLOW_UP, seed_bytes

pytestmark = pytest.mark.django_db


def reworded_003() -> bytes:
    """Seed 003 with one character of a law name changed in two places, a list reordered and the sentence of
    legislative research (知识产权保护, 粮食安全保障, 职业教育法实施办法) deleted."""
    raw = seed_bytes("003").decode("utf-8")
    edits = [("重庆市养犬管理条例", "重庆市饲犬管理条例"), ("开展村镇供水条例", "开展城镇供水条例"),
             ("计划执行、预算执行、审计", "审计、计划执行、预算执行")]
    for old, new in edits:
        assert raw.count(old) == 1, old
        raw = raw.replace(old, new)
    research = re.search(r"配合市人大开展知识产权保护[^；;]*?立法调研[，,]", raw)
    raw = raw[: research.start()] + raw[research.end() :]
    return raw.encode("utf-8")


def _by_object(report, obj) -> Commitment:
    return report.commitments.get(object=obj)


def _snapshot(report):
    return {
        c.pk: (c.object, c.status, c.status_origin, c.status_note,
               sorted((e.report_id, e.start, e.end, e.origin, e.decision, e.verdict) for e in c.evidence.all()
                      if e.decided_by_staff))
        for c in report.commitments.prefetch_related("evidence")
    }


@pytest.fixture
def decided(django_user_model):
    """大足区 2024 and its follow-up, with a person's decisions on a few commitments."""
    report = services.report_ingest(seed_bytes("003"), source="003.txt").report
    follow_up = services.report_ingest(FOLLOW_UP.read_bytes(), source="dazu-2025.txt").report
    user = django_user_model.objects.create_user("editor", is_staff=True, is_superuser=True)
    dogs, water = _by_object(report, "重庆市养犬管理条例"), _by_object(report, "村镇供水条例")
    plan = _by_object(report, "计划执行报告")
    rejected = dogs.evidence.get(verdict="fulfilled")
    services.evidence_decide(evidence=rejected, decision="rejected", user=user, note="说的是别的条例")
    services.commitment_set_status(commitment=dogs, status="partial", user=user, note="仅完成一半")
    services.evidence_decide(evidence=water.evidence.get(verdict="fulfilled"), decision="confirmed", user=user)
    audit_passage = _by_object(report, "审计报告").evidence.get(verdict="fulfilled")
    services.evidence_add(commitment=plan, start=audit_passage.start, end=audit_passage.end, verdict="partial", user=user)
    # The sentence that goes: a status, a confirmed passage, a rejected passage.
    services.commitment_set_status(commitment=_by_object(report, "粮食安全保障"), status="needs_review", user=user, note="调研中")
    services.evidence_decide(evidence=_by_object(report, "职业教育法实施办法").evidence.get(verdict="partial"), decision="confirmed", user=user)
    services.evidence_decide(evidence=_by_object(report, "知识产权保护").evidence.get(verdict="fulfilled"), decision="rejected", user=user)
    # A decision elsewhere that nothing should touch.
    services.commitment_set_status(commitment=_by_object(report, "智慧门户"), status="fulfilled", user=user, note="已上线")
    return {"report": report, "follow_up": follow_up, "user": user, "dogs": dogs, "water": water, "plan": plan,
            "rejected": (rejected.report_id, rejected.start, rejected.end)}


def test_similarity_keeps_a_one_character_change_and_leaves_two_items_of_a_list_apart():
    class C:
        def __init__(self, kind, object, text):
            self.kind, self.object, self.text = kind, object, text

    dogs = C("inspection", "重庆市养犬管理条例", "开展《重庆市养犬管理条例》执法检查")
    assert similarity(dogs, C("inspection", "重庆市饲犬管理条例", "开展《重庆市饲犬管理条例》执法检查")) >= 0.7
    plan, budget = C("report", "计划执行报告", "计划执行"), C("report", "预算执行报告", "预算执行")
    assert match([plan], [budget]) == []
    # Two equally alike candidates: not clear, so a person decides.
    assert match([C("rules", "议案办理办法", "议案办理办法")],
                 [C("rules", "议案办理规定", "议案办理规定"), C("rules", "议案处理办法", "议案处理办法")]) == []


def test_a_reworded_replace_keeps_every_staff_decision(decided):
    report = decided["report"]
    before = _snapshot(report)
    result = services.report_ingest(reworded_003(), source="003-reworded.txt", replace=True)
    assert result.outcome == services.REPLACED
    report.refresh_from_db()
    after = _snapshot(report)

    # The reworded commitments are the same rows, with the new wording and every decision.
    dogs = Commitment.objects.get(pk=decided["dogs"].pk)
    assert dogs.object == "重庆市饲犬管理条例" and report.text[dogs.start : dogs.end] == dogs.text
    assert (dogs.status, dogs.status_origin, dogs.status_note) == ("partial", "staff", "仅完成一半")
    water = Commitment.objects.get(pk=decided["water"].pk)
    assert water.object == "城镇供水条例"
    assert water.evidence.get(decision="confirmed").verdict == "fulfilled"
    plan = Commitment.objects.get(pk=decided["plan"].pk)
    assert plan.evidence.get(origin="staff").verdict == "partial"
    assert {c.pk for c, _was, _decided in result.replace.carried} >= {dogs.pk, water.pk}

    # The rejected passage stays rejected, and the relink does not propose it again.
    follow_up, start, end = decided["rejected"]
    spans = Evidence.objects.filter(commitment=dogs, report_id=follow_up, start=start, end=end)
    assert [e.decision for e in spans] == ["rejected"]
    services.report_relink(report=report)
    assert [e.decision for e in Evidence.objects.filter(commitment=dogs, report_id=follow_up, start=start, end=end)] == ["rejected"]

    # The deleted sentence's decisions are kept, listed, nothing else changed.
    gone = {pk for pk, row in before.items() if row[0] in ("知识产权保护", "粮食安全保障", "职业教育法实施办法")}
    assert not report.commitments.filter(pk__in=gone).exists()
    kept = {k.object: k for k in KeptDecision.objects.filter(report=report)}
    assert set(kept) == {"知识产权保护", "粮食安全保障", "职业教育法实施办法"}
    assert (kept["粮食安全保障"].status, kept["粮食安全保障"].status_note) == ("needs_review", "调研中")
    assert [e["decision"] for e in kept["职业教育法实施办法"].evidence] == ["confirmed"]
    assert [e["decision"] for e in kept["知识产权保护"].evidence] == ["rejected"]
    assert {k.pk for k in result.replace.kept} == {k.pk for k in kept.values()}
    reworded = {dogs.pk, water.pk}
    for pk, row in before.items():
        if pk in gone:
            continue
        assert after[pk][1:] == row[1:] or pk in reworded, row
        if pk in reworded:
            assert after[pk][2:] == row[2:]
    assert _by_object(report, "智慧门户").status_note == "已上线"

    # The history records the moves.
    assert "重庆市养犬管理条例" in dogs.history.first().history_change_reason
    assert KeptDecision.history.filter(object="粮食安全保障").exists()


def test_kept_decisions_are_re_attached_by_a_person(decided):
    report, user = decided["report"], decided["user"]
    services.report_ingest(reworded_003(), source="003-reworded.txt", replace=True)
    target = _by_object(report, "议案办理办法")
    kept = KeptDecision.objects.get(object="知识产权保护")
    follow_up, rejected = kept.evidence[0]["report"], kept.evidence[0]
    kept_reattach(kept=KeptDecision.objects.get(object="粮食安全保障"), commitment=target, user=user)
    kept_reattach(kept=kept, commitment=target, user=user)
    target.refresh_from_db()
    assert (target.status, target.status_origin, target.status_note) == ("needs_review", "staff", "调研中")
    span = Evidence.objects.get(commitment=target, report_id=follow_up, start=rejected["start"], end=rejected["end"])
    assert span.decision == "rejected"
    services.report_relink(report=report)
    assert Evidence.objects.get(pk=span.pk).decision == "rejected"
    assert list(services.carry.pending_kept(report).values_list("object", flat=True)) == ["职业教育法实施办法"]


def test_ingest_command_lists_the_kept_decisions(decided, tmp_path, capsys):
    path = tmp_path / "003-reworded.txt"
    path.write_bytes(reworded_003())
    call_command("ingest", "--replace", "--no-manifest", str(path))
    out = capsys.readouterr().out
    assert "粮食安全保障" in out and "职业教育法实施办法" in out and "知识产权保护" in out
    assert "重庆市养犬管理条例》执法检查 → 开展《重庆市饲犬管理条例》执法检查" in out
    assert "连同其人工决定一并保留" in out.split("开展《重庆市养犬管理条例》执法检查 →")[0].splitlines()[-1]


def test_a_reworded_task_nobody_decided_is_not_said_to_keep_decisions(decided, tmp_path, capsys):
    """A replace rewording a task nobody had decided anything of printed it among those "kept with their staff
    decisions", and its history said "decisions carried"."""
    report = decided["report"]
    task = _by_object(report, "全区职业病防治专项工作报告")
    path = tmp_path / "003-reworded.txt"
    path.write_bytes(reworded_003().decode("utf-8").replace("全区职业病防治专项工作报告", "全区职业病防治的专项工作报告").encode("utf-8"))
    call_command("ingest", "--replace", "--no-manifest", str(path))
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "全区职业病防治的专项工作报告" in line)
    assert "尚无人工决定" in line and "人工决定一并保留" not in line and "养犬" not in line
    task.refresh_from_db()
    assert task.object == "全区职业病防治的专项工作报告"
    reason = task.history.first().history_change_reason
    assert ("替换" in reason or "replace" in reason) and "decisions carried" not in reason and "人工决定" not in reason


def test_the_report_page_and_the_api_list_the_kept_decisions_and_the_page_re_attaches_them(decided, client):
    report, user = decided["report"], decided["user"]
    before = {c.object: c.pk for c in report.commitments.all()}
    services.report_ingest(reworded_003(), source="003-reworded.txt", replace=True)
    client.force_login(user)
    page = client.get(f"/admin/ledger/report/{report.pk}/change/").content.decode()
    assert 'id="ledger-kept-decisions"' in page and "替换后无法自动对应的人工决定" in page
    assert "粮食安全保障" in page and "调研中" in page
    # Each task as it reads on its own, in the list and in the choices to re-attach to (a list's item read 计划执行).
    for kept in KeptDecision.objects.filter(report=report):
        assert f"<td>{kept.task}</td>" in page
    short = [c for c in report.commitments.all() if len(c.task) <= 40 and c.task != c.text]
    assert short and all(f"#{c.ordinal} {c.task}</option>" in page for c in short)
    # Each re-attach form stands outside the admin's own form: a browser drops a form nested in a form, and the first
    # re-attach button posted the report's form (a 403).
    admin_form = page.index('id="report_form"')
    assert page.index('id="ledger-kept-decisions"') > page.index("</form>", admin_form)
    detail = client.get(f"/api/v1/reports/{report.pk}/").json()
    assert {k["object"] for k in detail["kept_decisions"]} == {"知识产权保护", "粮食安全保障", "职业教育法实施办法"}
    # The id the row had, which is a 404 now: a copy of the ledger kept elsewhere marks that row as gone.
    assert all(k["former_id"] == before[k["object"]] for k in detail["kept_decisions"])
    assert client.get(f"/api/v1/commitments/{detail['kept_decisions'][0]['former_id']}/").status_code == 404
    kept = KeptDecision.objects.get(object="粮食安全保障")
    target = _by_object(report, "议案办理办法")
    url = f"/admin/ledger/report/{report.pk}/reattach/"
    assert client.post(url, {"kept": kept.pk, "commitment": "abc"}).status_code == 302
    assert KeptDecision.objects.get(pk=kept.pk).reattached_at is None
    response = client.post(url, {"kept": kept.pk, "commitment": target.pk})
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.status, target.status_note) == ("needs_review", "调研中")
    detail = client.get(f"/api/v1/reports/{report.pk}/").json()
    assert {k["object"] for k in detail["kept_decisions"]} == {"知识产权保护", "职业教育法实施办法"}


def test_units_deadline_and_progress_of_a_task_a_replace_takes_out_are_kept_and_re_attached(decided, capsys, tmp_path):
    """The 台账 columns are staff work too: a task with only a unit, a deadline and progress (no status decision)
    used to go with the replace, its progress entries deleted with it."""
    from ledger.services.ledger import commitment_ledger_update, progress_add

    report, user = decided["report"], decided["user"]
    gone = _by_object(report, "知识产权保护")
    commitment_ledger_update(commitment=gone, user=user, lead_unit="法制工作委员会", partner_units=["研究室"], due="上半年")
    progress_add(commitment=gone, user=user, text="已赴市人大汇报", date=dt.date(2024, 3, 1))
    path = tmp_path / "003-reworded.txt"
    path.write_bytes(reworded_003())
    call_command("ingest", "--replace", "--no-manifest", str(path))
    out = capsys.readouterr().out
    assert "法制工作委员会" in out and "上半年" in out and "1 条进展" in out
    kept = KeptDecision.objects.get(object="知识产权保护")
    assert kept.ledger["lead_unit"] == "法制工作委员会" and kept.ledger["partner_units"] == ["研究室"]
    assert kept.ledger["due_label"] == "上半年" and [e["text"] for e in kept.ledger["progress"]] == ["已赴市人大汇报"]
    # The API gives its author and time as it gives them elsewhere: a user name, the local time.
    from ledger.api.serializers import KeptDecisionSerializer

    (entry,) = KeptDecisionSerializer(kept).data["ledger"]["progress"]
    assert entry["author"] == user.username and entry["created_at"].endswith("+08:00")
    target = _by_object(report, "议案办理办法")
    # The target names the kept lead unit as a partner: it becomes the lead (a unit is not both).
    commitment_ledger_update(commitment=target, user=user, partner_units=["法制工作委员会"])
    kept_reattach(kept=kept, commitment=target, user=user)
    target.refresh_from_db()
    assert (target.lead_unit.name, [u.name for u in target.partner_units.all()], target.due_label) == (
        "法制工作委员会", ["研究室"], "上半年"
    )
    entry = target.progress.get()
    assert (entry.text, entry.date.isoformat(), entry.author) == ("已赴市人大汇报", "2024-03-01", user)


def test_a_replace_records_the_rows_it_moves_so_a_later_staff_change_shows_only_its_own(decided):
    report, user = decided["report"], decided["user"]
    services.report_ingest(reworded_003(), source="003-reworded.txt", replace=True)
    moved = [c for c in report.commitments.all() if c.history.first().history_change_reason == "在文本中的位置因替换而改变（措辞未变）"]
    assert moved
    commitment = moved[-1]
    services.commitment_set_status(commitment=commitment, status="fulfilled", user=user, note="已核实")
    latest, before = commitment.history.order_by("-history_id")[:2]
    changed = set(latest.diff_against(before).changed_fields)
    assert changed <= {"status", "status_origin", "status_confidence", "status_rule", "status_note", "status_decided_by",
                       "status_decided_at"}, changed


def test_re_attaching_keeps_both_leads_refuses_to_replace_a_persons_status_and_reads_names_as_names(decided, tmp_path):
    from ledger.models import Unit
    from ledger.services.ledger import commitment_ledger_update

    report, user = decided["report"], decided["user"]
    digits = Unit.objects.create(body=report.body, name="12")  # a unit stored before names needed a character
    gone = _by_object(report, "知识产权保护")
    commitment_ledger_update(commitment=gone, user=user, lead_unit="法制工作委员会", partner_units=[digits])
    services.report_ingest(reworded_003(), source="003-reworded.txt", replace=True)
    target = _by_object(report, "议案办理办法")
    commitment_ledger_update(commitment=target, user=user, lead_unit="研究室", due="年底前")
    KeptDecision.objects.filter(object="知识产权保护").update(ledger={"lead_unit": "法制工作委员会", "partner_units": ["12"], "due_label": "2024年6月"})
    notes = kept_reattach(kept=KeptDecision.objects.get(object="知识产权保护"), commitment=target, user=user)
    # What was not put on as kept is said (the deadline went, the lead became a partner, without a word).
    assert len(notes) == 2 and "法制工作委员会" in notes[0] and "研究室" in notes[0] and "2024年6月" in notes[1] and "年底前" in notes[1]
    target.refresh_from_db()
    assert target.due_label == "年底前"
    # The target keeps its lead; the kept lead becomes a partner; "12" is the unit named 12, not the unit with id 12.
    assert target.lead_unit.name == "研究室"
    assert sorted(u.pk for u in target.partner_units.all()) == sorted([digits.pk, Unit.objects.get(name="法制工作委员会").pk])
    # A status a person set on the target is not replaced by the kept one: refused, saying whose it is.
    services.commitment_set_status(commitment=target, status="partial", user=user, note="同事的判断")
    with pytest.raises(ValidationError, match="re-attaching would replace it|重新对应将会替换"):
        kept_reattach(kept=KeptDecision.objects.get(object="粮食安全保障"), commitment=target, user=user)
    target.refresh_from_db()
    assert (target.status, target.status_note) == ("partial", "同事的判断")
    assert KeptDecision.objects.get(object="粮食安全保障").reattached_at is None


def test_a_kept_in_progress_re_attached_once_the_review_is_in_is_restored_and_queued(decided, client):
    """Re-attaching restores what a person decided in the plan year, 推进中 included: it is not lost, and the review
    queue asks for what the review says of it (setting 推进中 anew is refused then)."""
    from django.urls import reverse

    from ledger.selectors import report_summary

    report, user = decided["report"], decided["user"]
    kept = KeptDecision.objects.create(
        report=report, ordinal=999, kind="report", text="已删去的任务", status=Status.IN_PROGRESS, status_note="起草中",
        status_decided_by=user,
    )
    target = report.commitments.filter(testable=True, status_origin="auto").exclude(status=Status.NEEDS_REVIEW).first()
    kept_reattach(kept=kept, commitment=target, user=user)
    target.refresh_from_db()
    assert (target.status, target.status_origin, target.status_note) == (Status.IN_PROGRESS, "staff", "起草中")
    assert report_summary(report).overall.year_over == 1
    client.force_login(user)
    rows = client.get(reverse("admin:ledger_review_queue")).context["rows"]
    assert rows[0]["commitment"].pk == target.pk


def test_a_replace_tells_rows_worded_alike_apart_by_their_place():
    """适度扩大总需求 was a task in the opening and again in part 三: a text without the first gave the first one's row,
    with a clerk's unit and deadline, to the second, and deleted the second's row."""
    from ledger.pipeline.read import read_report
    from ledger.services.ledger import commitment_ledger_update

    text = read_report(seed_bytes("003"), source="003.txt").text
    stored = services.report_ingest(text.encode("utf-8"), source="003.txt").report
    sentence = next(
        c.sentence for c in stored.commitments.filter(testable=True).order_by("ordinal")
        if stored.commitments.filter(sentence=c.sentence, testable=True).count() == 1 and text.count(c.sentence) == 1
    )
    tasks = stored.sections.get(kind="tasks")
    twice = text[: tasks.end] + "\n" + sentence + "\n" + text[tasks.end :]
    report = services.report_ingest(twice.encode("utf-8"), source="003.txt", replace=True).report
    first, second = report.commitments.filter(sentence=sentence, testable=True).order_by("ordinal")
    commitment_ledger_update(commitment=first, user=None, lead_unit="财政部", due="三季度")
    services.report_ingest(twice.replace(sentence, "", 1).encode("utf-8"), source="003.txt", replace=True)
    (left,) = report.commitments.filter(sentence=sentence, testable=True)
    assert left.pk == second.pk and left.lead_unit is None
    assert not Commitment.objects.filter(pk=first.pk).exists()
    assert KeptDecision.objects.get(report=report).ledger["lead_unit"] == "财政部"


def test_rows_worded_alike_go_to_their_own_sentence_before_the_nearest_place():
    """A typo fixed in the first sentence and a review put in front moved both: the first row, paired first, took the
    row whose sentence the second one still has exactly, and each row got the other's decisions."""
    from types import SimpleNamespace

    from ledger.services.ingest import _identity, _same_rows

    def row(sentence, start):
        return SimpleNamespace(kind="programme", action="扩大", object="总需求", text="适度扩大总需求", sentence=sentence, start=start)

    first, second = row("适度扩大总需求，加强预期引导。", 30), row("三是适度扩大总需求。", 50)
    kept = {_identity(first): [first, second]}
    new = [row("适度扩大总需求，加強预期引导。", 150), row("三是适度扩大总需求。", 160)]
    fields = [{"sentence": r.sentence, "start": r.start} for r in new]
    assert _same_rows(kept, new, fields, old_length=100, new_length=200) == {0: first, 1: second}


def test_a_sentence_added_before_a_reworded_one_does_not_take_its_row():
    """继续适度扩大总需求 added at the start of part 二, and 三是适度扩大总需求… reworded: the added sentence, first in the
    text, took the reworded one's row with a clerk's unit, status and progress."""
    from types import SimpleNamespace

    from ledger.services.ingest import _identity, _same_rows

    def row(sentence, start):
        return SimpleNamespace(kind="programme", action="扩大", object="总需求", text="适度扩大总需求", sentence=sentence, start=start)

    stored = row("三是适度扩大总需求并提高有效性。", 50)
    kept = {_identity(stored): [stored]}
    new = [row("要继续适度扩大总需求。", 5), row("三是适度扩大总需求并着力提高有效性。", 52)]
    fields = [{"sentence": r.sentence, "start": r.start} for r in new]
    assert _same_rows(kept, new, fields, old_length=100, new_length=100) == {1: stored}


def test_a_sheet_exported_before_a_replace_names_the_task_it_took_out(decided):
    """The whole sheet was refused with 没有 ID 为 … 的工作任务, not saying the replace took the task out."""
    from ledger import exports
    from ledger.services.ledger_import import ledger_import

    report, user = decided["report"], decided["user"]
    gone = _by_object(report, "知识产权保护")
    _title, data, _count = exports.write(report.commitments.all(), "xlsx")
    services.report_ingest(reworded_003(), source="003-reworded.txt", replace=True)
    assert not Commitment.objects.filter(pk=gone.pk).exists()
    plan = ledger_import(data, user=user)
    (error,) = [e for e in plan.errors if f"ID 为 {gone.pk} " in e.message]
    assert "替换" in error.message and str(report) in error.message and "重新关联" in error.message


def test_rows_a_replace_only_moved_are_no_change_after_a_sheets_export(decided):
    """Every row a replace shifted in the text warned "changed in the ledger by … after this sheet was exported"."""
    import io

    import openpyxl

    from ledger import exports
    from ledger.pipeline.read import read_report
    from ledger.services.ledger_import import ledger_import

    report, user = decided["report"], decided["user"]
    _title, data, _count = exports.write(report.commitments.all(), "xlsx")
    text = read_report(seed_bytes("003"), source="003.txt").text
    review = report.sections.get(kind="review")
    moved = text[: review.start] + "（补充说明一段文字。）\n" + text[review.start :]
    services.report_ingest(moved.encode("utf-8"), source="003-moved.txt", replace=True)
    row = report.commitments.filter(testable=True).order_by("ordinal").first()
    assert row.history.first().history_change_reason == "在文本中的位置因替换而改变（措辞未变）"
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    heading = {cell.value: cell.column for cell in sheet[2]}
    (line,) = [r for r in range(3, sheet.max_row + 1) if sheet.cell(r, heading["ID"]).value == row.pk]
    sheet.cell(line, heading["牵头单位/责任单位"]).value = "研究室"
    out = io.BytesIO()
    book.save(out)
    plan = ledger_import(out.getvalue(), user=user)
    (change,) = [c for c in plan.changes if c.id == row.pk]
    assert "导出此表后" not in change.note


def test_a_follow_up_replace_moves_a_confirmed_passage_onto_its_new_wording_and_names_the_tasks_of_one_gone(decided, client):
    """A corrected follow-up that rewords a passage a person confirmed keeps the confirmation on the new wording (its
    old one in the history); a passage it takes out keeps its decision, the report names the task, and the task's
    page shows the old wording as gone instead of marking whatever text now stands at its offsets."""
    report = Commitment.objects.get(object="村镇供水条例").report
    water = _by_object(report, "村镇供水条例").evidence.get(decision="confirmed")
    old_wording = water.text
    plan = _by_object(report, "计划执行报告")
    added = plan.evidence.get(origin="staff")
    text = FOLLOW_UP.read_text(encoding="utf-8")
    assert text.count(water.text) == 1 and text.count(added.text) == 1
    reworded = water.text[:-1] + "，取得积极成效" + water.text[-1]
    edited = text.replace(water.text, reworded).replace(added.text, "")
    follow_up = services.report_ingest(edited.encode("utf-8"), source="dazu-2025b.txt", replace=True).report

    water.refresh_from_db()
    assert water.text == reworded and follow_up.text[water.start : water.end] == reworded
    assert water.decision == "confirmed"
    assert water.history.earliest().text == old_wording and old_wording in water.history.latest().history_change_reason

    added.refresh_from_db()
    assert added.origin == "staff" and not added.in_text  # kept, gone from the text: its offsets index nothing
    lost = [n for n in follow_up.notices if n["code"] == "evidence_lost"]
    assert len(lost) == 1 and f"2024 #{plan.ordinal}（{plan.task[:16]}）" in lost[0]["params"]["tasks"]
    client.force_login(django_user_model_superuser())
    page = client.get(f"/admin/ledger/commitment/{plan.pk}/change/").content.decode()
    assert "ledger-gone" in page and added.text in page
    served = client.get(f"/api/v1/evidence/{added.pk}/").json()
    assert served["in_text"] is False and served["text"] == added.text
    # The text put back: the passage is in it again, where it now stands.
    services.report_ingest(edited.replace(reworded, reworded + added.text).encode("utf-8"), source="dazu-2025c.txt", replace=True)
    added.refresh_from_db()
    follow_up.refresh_from_db()
    assert added.in_text and follow_up.text[added.start : added.end] == added.text


def django_user_model_superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="editor")


def test_a_replace_that_brings_a_task_back_word_for_word_restores_its_kept_decisions(decided):
    """A cut text took a sentence out (its decisions kept aside); the whole text loaded back gave its tasks new rows
    with none of the decisions, each to be re-attached by hand."""
    report, user = decided["report"], decided["user"]
    services.report_ingest(reworded_003(), source="003-reworded.txt", replace=True)
    assert set(KeptDecision.objects.filter(report=report, reattached_at=None).values_list("object", flat=True)) == {
        "知识产权保护", "粮食安全保障", "职业教育法实施办法"
    }
    # Meanwhile a clerk added the cut task back by hand, word for word: the decisions go to the report's own row.
    from ledger.services.tasks import commitment_add

    grain_text = KeptDecision.objects.get(object="粮食安全保障")
    by_hand = commitment_add(report=report, user=user, text=grain_text.text, kind=grain_text.kind)
    result = services.report_ingest(seed_bytes("003"), source="003.txt", replace=True)
    by_hand.refresh_from_db()
    assert by_hand.status_origin == "auto" and by_hand.ordinal == max(report.commitments.values_list("ordinal", flat=True))
    restored = {c.object for _kept, c in result.replace.restored}
    assert restored == {"知识产权保护", "粮食安全保障", "职业教育法实施办法"}
    assert not KeptDecision.objects.filter(report=report, reattached_at=None).exists()
    grain = report.commitments.get(object="粮食安全保障", origin="auto")
    assert (grain.status, grain.status_origin, grain.status_note) == ("needs_review", "staff", "调研中")
    assert [e.decision for e in _by_object(report, "职业教育法实施办法").evidence.all() if e.decided_by_staff] == ["confirmed"]
    assert [e.decision for e in _by_object(report, "知识产权保护").evidence.all() if e.decided_by_staff] == ["rejected"]
