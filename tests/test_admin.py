"""The staff workflow in the admin, page by page (the browser tests drive the same pages end to end)."""

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator

from ledger.versions import evidence_version, form_version
from ledger import services
from ledger.models import Body, Commitment, Decision, Evidence, Origin, Report, Section, Status, Unit, Verdict
from ledger.selectors import decisive_evidence, has_evidence_q

from .conftest import DATA, SEEDS, SHEET_HEADER, seed_bytes

pytestmark = pytest.mark.django_db
MODELS = [Body, Report, Section, Commitment]


@pytest.fixture
def ledger(seed_ledger):
    """大足区 2024 among the seeds, with its 2025 follow-up (loaded once per session: conftest.seed_ledger)."""
    return seed_ledger


def _client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def boss(client, django_user_model):
    return _client(client, django_user_model.objects.create_superuser("boss", "boss@example.org", "pw"))


@pytest.fixture
def staff_groups():
    """The staff groups as ``bootstrap`` creates them (the command itself, which also migrates and loads the
    seeds into an empty ledger, is tested in test_commands)."""
    from ledger.management.commands.bootstrap import ensure_groups

    ensure_groups()


@pytest.fixture
def editor(client, django_user_model, staff_groups):
    user = django_user_model.objects.create_user("editor", is_staff=True)
    user.groups.add(Group.objects.get(name="台账核验"))
    return _client(client, user)


@pytest.fixture
def viewer(client, django_user_model, staff_groups):
    user = django_user_model.objects.create_user("viewer", is_staff=True)
    user.groups.add(Group.objects.get(name="台账查看"))
    return _client(client, user)


# Every page opens: Django ignores a misspelt admin option silently, a request does not.


@pytest.mark.parametrize("model", MODELS)
def test_changelist_and_change_pages_open(boss, ledger, model):
    opts = model._meta
    assert boss.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    for obj in model.objects.all()[:8]:
        assert boss.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])).status_code == 200


def test_every_ledger_model_is_registered():
    assert set(MODELS) <= set(admin.site._registry)


def test_admin_speaks_chinese_by_default_and_english_on_request(boss, ledger):
    content = boss.get(reverse("admin:ledger_commitment_changelist")).content.decode()
    assert "工作任务台账" in content and "已落实" in content and "待回顾" in content
    english = boss.get(reverse("admin:ledger_commitment_changelist"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "工作任务台账" in english  # Chinese by default, whatever the browser asks
    boss.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    assert "Commitment ledger" in boss.get(reverse("admin:ledger_commitment_changelist")).content.decode()


# Loading a report


def test_upload_page_loads_a_report_and_lands_on_it(boss):
    with (SEEDS / "003_24d22fd751546d7f.txt").open("rb") as handle:
        response = boss.post(reverse("admin:ledger_report_add"), {"file": handle})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("admin:ledger_report_change", args=[report.pk])
    page = boss.get(response["Location"]).content.decode()
    assert "已导入" in page and "重庆市大足区人大常委会" in page


def test_pasted_text_with_overrides(boss):
    response = boss.post(
        reverse("admin:ledger_report_add"), {"text": seed_bytes("004").decode("utf-8"), "body": "扬州市人大常委会", "kind": "npc"}
    )
    assert response.status_code == 302
    assert Report.objects.get().provenance["body"]["source"] == "override"


def test_a_pasted_text_with_nul_characters_is_read_as_a_file_is(boss):
    """The form used to refuse it ("不允许是用空字符串", Django's wrong translation) and to ask for a file or a text."""
    text = seed_bytes("003").decode("utf-8").replace("。", "。\x00", 3)
    response = boss.post(reverse("admin:ledger_report_add"), {"text": text})
    assert response.status_code == 302
    assert any(n["code"] == "controls_removed" for n in Report.objects.get().notices)
    with translation.override("zh-hans"):
        assert translation.gettext("Null characters are not allowed.") == "不允许包含空字符（NUL）。"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "是空文件"),
        (b"\x00\x01\x02" * 400, "是二进制文件"),
        ((DATA / "not_a_report.txt").read_bytes(), "不是工作报告"),
    ],
)
def test_bad_upload_shows_the_error_in_chinese_and_stores_nothing(boss, data, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = boss.post(reverse("admin:ledger_report_add"), {"file": SimpleUploadedFile("bad.txt", data)})
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content and "bad.txt" in content
    assert not Report.objects.exists()


def test_viewer_cannot_load_reports(viewer):
    assert viewer.get(reverse("admin:ledger_report_add")).status_code == 403


# Reading a report


def test_report_page_marks_commitments_in_the_tasks_and_evidence_in_the_review(boss, ledger):
    content = boss.get(reverse("admin:ledger_report_change", args=[ledger.pk])).content.decode()
    commitment = ledger.commitments.filter(testable=True).first()
    assert f'href="{reverse("admin:ledger_commitment_change", args=[commitment.pk])}"' in content
    assert "ledger-commitment" in content and "今后一年工作任务" in content
    follow_up = Report.objects.get(body=ledger.body, year=2025)
    content = boss.get(reverse("admin:ledger_report_change", args=[follow_up.pk])).content.decode()
    evidence = Evidence.objects.filter(report=follow_up).exclude(verdict=Verdict.CANDIDATE).filter(commitment__testable=True).first()
    assert "ledger-evidence" in content
    assert f'href="{reverse("admin:ledger_commitment_change", args=[evidence.commitment_id])}"' in content


def test_report_page_shows_follow_through_by_part(boss, ledger):
    from ledger.charts import percent
    from ledger.selectors import report_summary

    content = boss.get(reverse("admin:ledger_report_change", args=[ledger.pk])).content.decode()
    assert "落实率" in content and "2025" in content
    # Rounded as the dashboard and the API round it (whole numbers, half to even, showed 99.5 % as 100 %).
    row = re.search(r'id="ledger-summary-all">(.*?)</tr>', content, flags=re.S).group(1)
    assert row.endswith(f"<th>{percent(report_summary(ledger).overall.rate)}</th>")
    # Its counts open the rows they count (a clerk listing the 未见报告 went through the list's filters).
    links = re.findall(r'<a href="([^"]+)">(\d+)</a>', row)
    assert len(links) >= 3
    for href, count in links:
        assert boss.get(href.replace("&amp;", "&")).context["cl"].result_count == int(count), href
    # The follow-through comes before the report's sections, folded away, without character offsets.
    assert content.index('id="ledger-summary-all"') < content.index('id="sections-group"')
    assert '<fieldset class="module collapse"' in content[content.index('id="sections-group"'):]


# Working through commitments


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"plan_year__exact": "2023"}, lambda c: c.plan_year == 2023),
        ({"kind__exact": "legislation"}, lambda c: c.kind == "legislation"),
        ({"category__exact": "oversight"}, lambda c: c.category == "oversight"),
        ({"part": "三"}, lambda c: c.part == "三"),
        ({"status__exact": "fulfilled"}, lambda c: c.status == "fulfilled"),
        ({"testable__exact": "0"}, lambda c: not c.testable),
        ({"has_evidence": "yes"}, lambda c: c.evidence.exclude(verdict=Verdict.CANDIDATE).exists()),
        ({"q": "条例"}, lambda c: "条例" in c.text + c.object + c.sentence),
    ],
)
def test_changelist_filters(boss, ledger, params, check):
    response = boss.get(reverse("admin:ledger_commitment_changelist"), params)
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert shown and all(check(c) for c in shown)


def test_changelist_filters_by_body_and_report(boss, ledger):
    url = reverse("admin:ledger_commitment_changelist")
    shown = boss.get(url, {"body": ledger.body_id}).context["cl"].result_list
    assert {c.report.body_id for c in shown} == {ledger.body_id}
    shown = boss.get(url, {"report": ledger.pk}).context["cl"].result_list
    assert {c.report_id for c in shown} == {ledger.pk}
    content = boss.get(url, {"report": ledger.pk}).content.decode()
    assert 'class="admin-autocomplete"' in content and str(ledger) in content


def test_changelist_shows_badges_and_best_evidence(boss, ledger):
    content = boss.get(reverse("admin:ledger_commitment_changelist"), {"report": ledger.pk, "status__exact": "fulfilled"}).content.decode()
    assert 'class="ledger-badge ledger-fulfilled">已落实' in content
    best = Evidence.objects.filter(commitment__report=ledger, verdict="fulfilled").first()
    assert best.text[:20] in content or "—" in content


def test_a_decision_made_from_a_page_read_before_a_colleagues_is_refused_naming_them(editor, django_user_model, ledger):
    """Two people on one passage: the second click silently replaced the first decision."""
    evidence = Evidence.objects.filter(commitment__report=ledger, verdict=Verdict.FULFILLED, decision=Decision.PROPOSED).first()
    page = editor.get(reverse("admin:ledger_commitment_change", args=[evidence.commitment_id])).content.decode()
    read = evidence_version(evidence)
    assert f'name="version" value="{read}"' in page
    colleague = django_user_model.objects.create_user("wang")
    services.evidence_decide(evidence=evidence, decision=Decision.CONFIRMED, user=colleague)
    url = reverse("admin:ledger_commitment_decide", args=[evidence.commitment_id, evidence.pk, "rejected"])
    response = editor.post(url, {"version": read}, follow=True)
    assert any("wang" in str(m) and "未保存" in str(m) for m in response.context["messages"])
    evidence.refresh_from_db()
    assert (evidence.decision, evidence.decided_by) == (Decision.CONFIRMED, colleague)
    # Read again, the page's decision is the person's to make.
    editor.post(url, {"version": evidence_version(evidence)})
    evidence.refresh_from_db()
    assert evidence.decision == Decision.REJECTED
    # A page from before versions (no version posted): refused, saying to reload; a passage a relink took away: said.
    confirm = reverse("admin:ledger_commitment_decide", args=[evidence.commitment_id, evidence.pk, "confirmed"])
    response = editor.post(confirm, {"verdict": "fulfilled"}, follow=True)
    assert any("刷新页面" in str(m) for m in response.context["messages"])
    gone = reverse("admin:ledger_commitment_decide", args=[evidence.commitment_id, 10**9, "confirmed"])
    response = editor.post(gone, {"version": "x"}, follow=True)
    assert response.status_code == 200 and any("已不再是此任务的候选依据" in str(m) for m in response.context["messages"])


def test_decided_filter(boss, editor, ledger):
    evidence = Evidence.objects.filter(commitment__report=ledger).exclude(verdict=Verdict.CANDIDATE).filter(commitment__testable=True).first()
    editor.post(reverse("admin:ledger_commitment_decide", args=[evidence.commitment_id, evidence.pk, "confirmed"]), {"version": evidence_version(evidence)})
    shown = boss.get(reverse("admin:ledger_commitment_changelist"), {"decided": "yes"}).context["cl"].result_list
    assert [c.pk for c in shown] == [evidence.commitment_id]


# Deciding


def test_commitment_page_shows_sentence_evidence_and_decision_forms(editor, ledger):
    commitment = ledger.commitments.filter(has_evidence_q()).first()
    content = editor.get(reverse("admin:ledger_commitment_change", args=[commitment.pk])).content.decode()
    assert 'class="ledger-mark ledger-deliverable"' in content
    assert "ledger-confirm" in content and "ledger-reject" in content and "ledger-save-status" in content
    evidence = commitment.evidence.exclude(verdict=Verdict.CANDIDATE).first()
    assert evidence.text in content and f"{evidence.score:.2f}" in content


def test_viewer_sees_no_decision_forms_and_cannot_post(viewer, ledger):
    commitment = ledger.commitments.filter(has_evidence_q()).first()
    content = viewer.get(reverse("admin:ledger_commitment_change", args=[commitment.pk])).content.decode()
    assert "ledger-confirm" not in content and "ledger-save-status" not in content
    evidence = commitment.evidence.exclude(verdict=Verdict.CANDIDATE).first()
    response = viewer.post(reverse("admin:ledger_commitment_decide", args=[commitment.pk, evidence.pk, "confirmed"]))
    assert response.status_code == 403
    evidence.refresh_from_db()
    assert evidence.decision == Decision.PROPOSED


def test_confirm_reject_add_and_set_status_with_history(editor, ledger):
    commitment = ledger.commitments.filter(has_evidence_q()).filter(testable=True).first()
    evidence = list(commitment.evidence.exclude(verdict=Verdict.CANDIDATE))
    editor.post(reverse("admin:ledger_commitment_decide", args=[commitment.pk, evidence[0].pk, "confirmed"]), {"version": evidence_version(evidence[0])})
    evidence[0].refresh_from_db()
    assert evidence[0].decision == Decision.CONFIRMED and evidence[0].decided_by.username == "editor"
    review = Report.objects.get(body=ledger.body, year=2025).sections.get(kind="review")
    response = editor.post(
        reverse("admin:ledger_commitment_evidence_add", args=[commitment.pk]),
        {"start": review.start + 10, "end": review.start + 40, "verdict": "partial", "note": "补充"},
    )
    assert response.status_code == 302
    assert commitment.evidence.filter(origin=Origin.STAFF, note="补充").exists()
    # A note longer than a 台账 cell takes: said, what was typed given back, nothing saved.
    too_long = editor.post(
        reverse("admin:ledger_commitment_status", args=[commitment.pk]),
        {"status": "partial", "note": "注" * 5001, "version": form_version(commitment, "status")}, follow=True,
    )
    assert any("5000" in str(m) for m in too_long.context["messages"])
    commitment.refresh_from_db()
    assert commitment.status_origin != "staff"
    editor.post(reverse("admin:ledger_commitment_status", args=[commitment.pk]), {"status": "partial", "note": "仅完成一半", "version": form_version(commitment, "status")})
    commitment.refresh_from_db()
    assert (commitment.status, commitment.status_origin, commitment.status_note) == ("partial", "staff", "仅完成一半")
    history = editor.get(reverse("admin:ledger_commitment_history", args=[commitment.pk])).content.decode()
    assert "仅完成一半" in history or "工作人员设置状态" in history
    assert "editor" in history and "补充" in history and "已确认" in history


def test_a_passage_is_confirmed_or_rejected_with_a_note_typed_beside_its_buttons(editor, ledger):
    """A clerk confirming a passage as reporting otherwise (or rejecting it) had nowhere to say why. Each passage's
    buttons are one form with a note: the note goes with the button pressed, and shows on the passage."""
    commitment = ledger.commitments.filter(has_evidence_q()).filter(testable=True).first()
    evidence = commitment.evidence.exclude(verdict=Verdict.CANDIDATE).first()
    page = editor.get(reverse("admin:ledger_commitment_change", args=[commitment.pk])).content.decode()
    form = re.search(rf'<li id="evidence-{evidence.pk}".*?(<form [^>]*class="ledger-decide".*?</form>)', page, flags=re.S).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    assert 'name="note"' in form and 'name="verdict" value="partial"' in form
    rejected_at = re.search(r'formaction="([^"]+)"[^>]*class="button ledger-reject"', form).group(1)
    assert rejected_at == reverse("admin:ledger_commitment_decide", args=[commitment.pk, evidence.pk, "rejected"])
    confirm_at = re.search(r'action="([^"]+)"', form).group(1)
    other = next(v for v in ("partial", "fulfilled") if v != evidence.verdict)
    editor.post(confirm_at, {**fields, "verdict": other, "note": "只完成了初稿"})
    evidence.refresh_from_db()
    assert (evidence.decision, evidence.verdict, evidence.note) == (Decision.CONFIRMED, other, "只完成了初稿")
    assert "只完成了初稿" in editor.get(reverse("admin:ledger_commitment_change", args=[commitment.pk])).content.decode()
    # The reason goes with the passage into the printed 台账 and the sheet: for the meeting, it is the point.
    printed = editor.get(reverse("admin:ledger_report_ledger", args=[commitment.report_id])).content.decode()
    assert "（说明：只完成了初稿）" in printed
    from ledger.exports import evidence_cell

    assert evidence_cell(evidence, commitment).endswith("（说明：只完成了初稿）")
    # Sent again from the page as it was (the passage decided since): refused, and the reason typed is said back.
    refused = editor.post(rejected_at, {**fields, "note": "段落讲的是另一项工作"}, follow=True)
    said = [str(m) for m in refused.context["messages"]]
    assert any("段落讲的是另一项工作" in m for m in said), said
    evidence.refresh_from_db()
    assert evidence.decision == Decision.CONFIRMED


def test_confirming_a_passage_against_a_status_a_person_set_says_the_status_stays(editor, ledger):
    """A director set 部分落实, then confirmed a passage as 报告已完成: nothing said the status stayed, and the printed
    台账 showed that passage as the ground of 部分落实 with no word."""
    from ledger.exports import against_person

    commitment = ledger.commitments.filter(has_evidence_q()).filter(testable=True).first()
    editor.post(
        reverse("admin:ledger_commitment_status", args=[commitment.pk]),
        {"status": "partial", "note": "仅完成一半", "version": form_version(commitment, "status")},
    )
    evidence = commitment.evidence.exclude(verdict=Verdict.CANDIDATE).first()
    response = editor.post(
        reverse("admin:ledger_commitment_decide", args=[commitment.pk, evidence.pk, "confirmed"]),
        {"version": evidence_version(evidence), "verdict": "fulfilled"}, follow=True,
    )
    said = [str(m) for m in response.context["messages"]]
    assert any("状态仍为部分落实" in m and "报告已完成" in m for m in said), said
    commitment.refresh_from_db()
    evidence.refresh_from_db()
    assert (commitment.status, commitment.status_origin) == ("partial", "staff")
    assert against_person(evidence, commitment)  # the print and the 台账 say the passage reads otherwise


def test_the_bulk_status_form_offers_no_plan_year_status_once_every_tasks_review_is_in(editor, ledger):
    """推进中 and 待回顾 were offered on tasks whose review is in, then refused on each."""
    chosen = list(ledger.commitments.filter(testable=True, due=None).order_by("ordinal").values_list("pk", flat=True)[:3])
    changelist = reverse("admin:ledger_commitment_changelist")
    form = editor.post(changelist, {"action": "set_status", "_selected_action": chosen}).context["form"]
    offered = {value for value, _label in form.fields["status"].choices}
    assert {"in_progress", "pending"}.isdisjoint(offered) and {"", "fulfilled", "not_done"} <= offered
    # A task of a year still open (a report whose next one is not in) keeps them.
    open_year = Commitment.objects.filter(testable=True).exclude(report=ledger).exclude(report__body=ledger.body).first()
    form = editor.post(changelist, {"action": "set_status", "_selected_action": [*chosen, open_year.pk]}).context["form"]
    assert "in_progress" in {value for value, _label in form.fields["status"].choices}


def test_a_mention_offers_the_verdicts_to_confirm_it_with(editor, ledger):
    mention = Evidence.objects.filter(commitment__report=ledger, verdict=Verdict.MENTION).order_by("pk").first()
    page = editor.get(reverse("admin:ledger_commitment_change", args=[mention.commitment_id])).content.decode()
    item = page[page.index(f'id="evidence-{mention.pk}"') :]
    item = item[: item.index("</li>")]
    assert "计为未见报告" in item
    assert all(f"ledger-confirm-{verdict}" in item for verdict in ("fulfilled", "partial", "mention"))


def test_the_right_passage_read_wrongly_is_confirmed_with_what_it_reports(editor, ledger):
    """A passage the machine read as done where it says the work is under way: the clerk had only 确认 (its verdict) or
    驳回 (the right passage thrown away), and a status of her own left the passage as the machine's reading."""
    passage = Evidence.objects.filter(commitment__report=ledger, verdict=Verdict.FULFILLED, decision=Decision.PROPOSED).first()
    url = reverse("admin:ledger_commitment_change", args=[passage.commitment_id])
    page = editor.get(url).content.decode()
    item = page[page.index(f'id="evidence-{passage.pk}"') :]
    item = item[: item.index("</li>")]
    assert "ledger-confirm-partial" in item and "ledger-confirm-mention" in item and "ledger-confirm-fulfilled" not in item
    version = re.search(r'name="version" value="([^"]+)"', item).group(1)
    status_version = re.search(r'name="status_version" value="([^"]+)"', item).group(1)
    editor.post(
        reverse("admin:ledger_commitment_decide", args=[passage.commitment_id, passage.pk, "confirmed"]),
        {"version": version, "status_version": status_version, "verdict": "partial"},
    )
    passage.refresh_from_db()
    passage.commitment.refresh_from_db()
    assert (passage.decision, passage.verdict) == (Decision.CONFIRMED, Verdict.PARTIAL)
    assert (passage.commitment.status, passage.commitment.status_rule) == ("partial", "status.confirmed")


def test_bulk_confirmation_confirms_only_the_passages_shown(editor, ledger, boss):
    """A passage decided on by a colleague between the list and the click is left; a forged or another person's
    list confirms nothing."""
    url = reverse("admin:ledger_commitment_changelist")
    chosen = [
        e.commitment_id for e in Evidence.objects.filter(commitment__report=ledger, verdict=Verdict.FULFILLED, decision=Decision.PROPOSED)
    ][:3]
    preview = editor.post(url, {"action": "confirm_best_evidence", "_selected_action": chosen})
    shown = [e for _c, e, outcome in preview.context["plan"] if outcome == "confirm"]
    services.evidence_decide(evidence=shown[0], decision=Decision.REJECTED, user=None)
    apply = {"action": "confirm_best_evidence", "select_across": "1", "_selected_action": chosen[:1], "apply": "1"}
    forged = editor.post(url, {**apply, "token": preview.context["token"] + "x"}, follow=True)
    assert any("无法读取" in str(m) for m in forged.context["messages"])
    assert not Evidence.objects.filter(decision=Decision.CONFIRMED).exists()
    response = editor.post(url, {**apply, "token": preview.context["token"]}, follow=True)
    confirmed = set(Evidence.objects.filter(decision=Decision.CONFIRMED).values_list("pk", flat=True))
    assert confirmed == {e.pk for e in shown[1:]}
    assert any("1 条段落未处理" in str(m) for m in response.context["messages"])


def test_bulk_confirmation_confirms_only_the_rows_it_lists(editor, ledger, monkeypatch):
    """全选 over 818 rows listed 200 and confirmed the passages of all 818."""
    from ledger.admin import commitments as commitments_admin

    monkeypatch.setattr(commitments_admin, "CONFIRM_ROWS_SHOWN", 2)
    url = reverse("admin:ledger_commitment_changelist")
    chosen = list(
        Evidence.objects.filter(commitment__report=ledger, verdict=Verdict.FULFILLED, decision=Decision.PROPOSED)
        .order_by("commitment__ordinal").values_list("commitment_id", flat=True).distinct()[:4]
    )
    preview = editor.post(url, {"action": "confirm_best_evidence", "_selected_action": chosen})
    listed = [c.pk for c, _e, _o in preview.context["plan"]]
    assert len(listed) == 2 and preview.context["more"] == 2 and "均不会确认" in preview.content.decode()
    apply = {"action": "confirm_best_evidence", "select_across": "1", "_selected_action": chosen[:1], "apply": "1"}
    editor.post(url, {**apply, "token": preview.context["token"]})
    assert set(Evidence.objects.filter(decision=Decision.CONFIRMED).values_list("commitment_id", flat=True)) <= set(listed)


def test_bulk_actions(editor, ledger):
    url = reverse("admin:ledger_commitment_changelist")
    chosen = list(ledger.commitments.filter(has_evidence_q()).filter(testable=True).values_list("pk", flat=True)[:3])
    mentions = [pk for pk in chosen if decisive_evidence(Evidence.objects.filter(commitment=pk)).verdict == "mention"]
    assert len(mentions) == 1  # the seeds' second task is named by a passage that says nothing of its outcome
    # First the passages to be confirmed, each beside its task: confirmed rows count as a person's word everywhere.
    preview = editor.post(url, {"action": "confirm_best_evidence", "_selected_action": chosen})
    assert preview.status_code == 200 and not Evidence.objects.filter(decision=Decision.CONFIRMED).exists()
    content = preview.content.decode()
    assert 'id="ledger-confirm-best-rows"' in content and content.count('class="ledger-plan-confirm"') == 2
    assert content.count('class="ledger-plan-left"') == 1 and "将以您的名义确认" in content
    # However many tasks were selected, the confirmation posts a handful of fields (Django refuses over 1,000).
    assert content.count('name="_selected_action"') == 1 and 'name="token"' in content
    apply = {"action": "confirm_best_evidence", "select_across": "1", "_selected_action": chosen[:1], "apply": "1", "token": preview.context["token"]}
    response = editor.post(url, apply, follow=True)
    # A passage that only mentions its task is left for a person to say what it reports: confirmed as it stands,
    # it made the task a person's 未见报告.
    assert Evidence.objects.filter(commitment__in=chosen, decision=Decision.CONFIRMED).count() == 2
    assert not Evidence.objects.filter(commitment__in=mentions, decision=Decision.CONFIRMED).exists()
    assert any("仅提及" in str(m) and "1 项" in str(m) for m in response.context["messages"])
    # Tasks without a passage are counted too (the action said nothing of them).
    silent = list(ledger.commitments.filter(testable=True, status="not_reported").exclude(has_evidence_q()).values_list("pk", flat=True)[:2])
    preview = editor.post(url, {"action": "confirm_best_evidence", "_selected_action": silent})
    response = editor.post(url, {**apply, "token": preview.context["token"]}, follow=True)
    assert len(silent) == 2 and any("2 项工作任务没有机器判定的依据可确认" in str(m) for m in response.context["messages"])
    # One whose status a person set asks nothing of them: it is said to be theirs already, and counted apart.
    services.commitment_set_status(commitment=Commitment.objects.get(pk=silent[0]), status=Status.NOT_DONE, user=None, note="暂缓")
    preview = editor.post(url, {"action": "confirm_best_evidence", "_selected_action": silent})
    assert [o for _c, _e, o in preview.context["plan"]].count("set") == 1 and "不处理：状态已由工作人员设定" in preview.content.decode()
    response = editor.post(url, {**apply, "token": preview.context["token"]}, follow=True)
    assert any("1 项工作任务没有机器判定的依据可确认" in str(m) for m in response.context["messages"])
    # A note longer than a 台账 cell takes is the form's error, not a 500.
    long_note = editor.post(url, {"action": "set_status", "_selected_action": chosen, "apply": "1", "status": "partial", "note": "注" * 5001})
    assert long_note.status_code == 200 and "5000" in long_note.content.decode()
    page = editor.post(url, {"action": "set_status", "_selected_action": chosen})
    assert page.status_code == 200 and "ledger" in page.content.decode()
    editor.post(url, {"action": "set_status", "_selected_action": chosen, "apply": "1", "status": "not_reported", "note": "复核"})
    assert set(Commitment.objects.filter(pk__in=chosen).values_list("status", "status_origin")) == {("not_reported", "staff")}
    # Set again with no note, each task keeps its own (an empty note cleared them all).
    Commitment.objects.filter(pk=chosen[0]).update(status_note="王科长电话确认")
    editor.post(url, {"action": "set_status", "_selected_action": chosen, "apply": "1", "status": "partial", "note": ""})
    assert dict(Commitment.objects.filter(pk__in=chosen).values_list("pk", "status_note")) == {
        chosen[0]: "王科长电话确认", **{pk: "复核" for pk in chosen[1:]}
    }
    editor.post(url, {"action": "set_status", "_selected_action": chosen, "apply": "1", "status": "not_reported", "note": "复核"})
    response = editor.post(url, {"action": "relink", "_selected_action": chosen}, follow=True)
    assert "已关联" in response.content.decode() or "Relinked" in response.content.decode()
    assert set(Commitment.objects.filter(pk__in=chosen).values_list("status", flat=True)) == {"not_reported"}
    # A tampered form naming rows by something other than ids: nothing done, said so (it was a 500).
    response = editor.post(url, {"action": "set_status", "_selected_action": ["x", str(chosen[0])], "apply": "1",
                                 "status": "fulfilled"}, follow=True)
    assert response.status_code == 200 and any("未作任何操作" in str(m) for m in response.context["messages"])
    assert Commitment.objects.get(pk=chosen[0]).status == "not_reported"


def test_a_list_action_that_changes_each_task_is_refused_over_its_limit(editor, ledger, settings):
    """全选 over a large filter ran one transaction of a dozen queries a task, holding the write lock for seconds."""
    url = reverse("admin:ledger_commitment_changelist")
    chosen = list(ledger.commitments.filter(testable=True).values_list("pk", flat=True)[:3])
    settings.LEDGER_BULK_MAX_ROWS = 2
    before = list(Commitment.objects.filter(pk__in=chosen).values_list("status", "status_origin", "lead_unit", "due"))
    for action, fields in (("set_status", {"status": "fulfilled", "note": "全选"}), ("set_ledger_columns", {"lead_unit": "区发改委"})):
        for step in ({}, {"apply": "1", **fields}):
            response = editor.post(url, {"action": action, "_selected_action": chosen, **step}, follow=True)
            assert response.status_code == 200
            assert any("未作任何更改：所选工作任务超过 2 项" in str(m) for m in response.context["messages"])
    assert list(Commitment.objects.filter(pk__in=chosen).values_list("status", "status_origin", "lead_unit", "due")) == before
    settings.LEDGER_BULK_MAX_ROWS = 3
    editor.post(url, {"action": "set_ledger_columns", "_selected_action": chosen, "apply": "1", "lead_unit": "区发改委"})
    assert set(Commitment.objects.filter(pk__in=chosen).values_list("lead_unit__name", flat=True)) == {"区发改委"}


# Export


def test_the_data_export_keeps_the_changelist_filters_and_is_linked(viewer, ledger):
    page = viewer.get(reverse("admin:ledger_commitment_changelist"), {"report": ledger.pk}).content.decode()
    assert 'id="ledger-export-data"' in page
    response = viewer.get(reverse("admin:ledger_commitment_export", args=["data"]), {"report": ledger.pk, "testable__exact": "1"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("id,body_id,body,") and len(lines) - 1 == ledger.commitments.filter(testable=True).count()
    # Sorted by a column in the list (?o=), the file is in the order staff see (it kept its own).
    for column in ("-1", "-2", "-3"):
        query = {"report": ledger.pk, "testable__exact": "1", "o": column}
        shown = [c.pk for c in viewer.get(reverse("admin:ledger_commitment_changelist"), query).context["cl"].result_list]
        response = viewer.get(reverse("admin:ledger_commitment_export", args=["data"]), query)
        ids = [int(line.split(",")[0]) for line in b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[1:]]
        assert ids[: len(shown)] == shown and ids != sorted(ids), column


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_keeps_the_changelist_filters(viewer, ledger, fmt):
    response = viewer.get(reverse("admin:ledger_commitment_export", args=[fmt]), {"report": ledger.pk, "testable__exact": "1"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "xlsx":
        rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.values)
    else:
        rows = [line.split(",") for line in content.decode("utf-8-sig").splitlines()]
    assert rows[0][0] == "重庆市大足区人大常委会2024年工作任务台账（筛选后：跟踪任务 52 项中的 52 项）"  # the filter said
    assert list(rows[1]) == SHEET_HEADER
    assert len(rows) - 2 == ledger.commitments.filter(testable=True).count()


def test_a_passage_that_reads_otherwise_than_a_persons_status_is_not_shown_as_its_ground(editor, ledger):
    """A clerk kept 已落实 on a task whose only passage, the machine's, reads as progress (…监督覆盖还不够): the list,
    the Excel 依据 and the print showed that passage beside 已落实, as if the status rested on it."""
    task = next(
        c for c in ledger.commitments.filter(testable=True, status=Status.PARTIAL, status_origin="auto")
        if decisive_evidence(c.evidence.all()).decision == Decision.PROPOSED
    )
    passage = decisive_evidence(task.evidence.all())
    services.commitment_set_status(commitment=task, status=Status.FULFILLED, user=None, note="经核实已完成")
    said = f"工作人员判定；回顾中的段落显示为“{passage.get_verdict_display()}”"
    listed = editor.get(reverse("admin:ledger_commitment_changelist"), {"report": ledger.pk, "testable__exact": "1"}).content.decode()
    assert said in listed
    response = editor.get(reverse("admin:ledger_commitment_export", args=["xlsx"]), {"report": ledger.pk, "testable__exact": "1"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    (row,) = [r for r in rows[2:] if r[0] == task.pk]
    assert row[SHEET_HEADER.index("依据")] == f"{said}：{passage.text}"
    printed = editor.get(reverse("admin:ledger_report_ledger", args=[ledger.pk])).content.decode()
    assert said in printed
    # A passage a person confirmed is the ground of their status, whatever the machine read: said plainly.
    services.evidence_decide(evidence=passage, decision=Decision.CONFIRMED, verdict=Verdict.FULFILLED, user=None)
    response = editor.get(reverse("admin:ledger_commitment_export", args=["xlsx"]), {"report": ledger.pk, "testable__exact": "1"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    (row,) = [r for r in rows[2:] if r[0] == task.pk]
    assert row[SHEET_HEADER.index("依据")] == passage.text


# Deleting


def test_only_superusers_delete_reports_and_the_page_counts_what_goes(boss, editor, ledger, django_user_model):
    assert editor.get(reverse("admin:ledger_report_delete", args=[ledger.pk])).status_code == 403
    evidence = Evidence.objects.filter(commitment__report=ledger).exclude(verdict=Verdict.CANDIDATE).filter(commitment__testable=True).first()
    services.evidence_decide(evidence=evidence, decision=Decision.CONFIRMED, user=django_user_model.objects.get(username="editor"))
    boss.force_login(django_user_model.objects.get(username="boss"))
    content = boss.get(reverse("admin:ledger_report_delete", args=[ledger.pk])).content.decode()
    assert f"{ledger.commitments.count()} 项工作任务" in content and "1 项" in content
    # A clerk who deleted to load a corrected text lost her confirmations and her sheet's ids: replace is offered.
    assert 'id="ledger-replace-instead"' in content and reverse("admin:ledger_report_add") in content
    assert "勾选“替换”" in content
    # A task's link to a partner unit is no object of its own to list (it read "Commitment_partner_units object (11)").
    task = ledger.commitments.filter(testable=True).first()
    task.partner_units.add(Unit.objects.create(body=ledger.body, name="财政局"))
    content = boss.get(reverse("admin:ledger_report_delete", args=[ledger.pk])).content.decode()
    assert "partner_units" not in content and "Commitment-unit" not in content


def test_groups_give_viewers_and_editors_their_permissions(viewer, editor):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    assert users.get(username="viewer").has_perm("ledger.view_commitment")
    assert not users.get(username="viewer").has_perm("ledger.change_evidence")
    assert users.get(username="editor").has_perms(["ledger.change_evidence", "ledger.change_commitment", "ledger.add_report"])
    assert not users.get(username="editor").has_perm("ledger.delete_report")


# Why a row is there


def test_commitment_page_says_why_it_is_a_task_and_why_each_verdict(boss, ledger, monkeypatch):
    import dataclasses

    from ledger.pipeline import link as linker

    real = linker.link
    monkeypatch.setattr(
        linker, "link",
        lambda *a, **k: [dataclasses.replace(m, rule="verdict.figure.met", matched=("条例", "审议"), decisive="完成") for m in real(*a, **k)],
    )
    services.commitments_relink()
    commitment = ledger.commitments.filter(testable=True).filter(has_evidence_q()).first()
    Commitment.objects.filter(pk=commitment.pk).update(rule="npc.report.list")
    content = boss.get(reverse("admin:ledger_commitment_change", args=[commitment.pk])).content.decode()
    assert "为什么是一项工作任务：规则“人大常委会工作报告的句式”（npc.report.list）在工作任务部分识别出这一项。" in content
    assert "为什么这样判定：由规则“工作回顾中的数字达到了承诺的数字”（verdict.figure.met）判定；" in content
    assert "段落提到的任务词语：条例、审议；决定判定的词：完成。" in content

    general = ledger.commitments.filter(testable=False).first()
    content = boss.get(reverse("admin:ledger_commitment_change", args=[general.pk])).content.decode()
    assert "规则“一般性表述，没有可核验的具体事项”（general）" in content


def test_rules_are_named_by_their_longest_listed_prefix():
    from ledger.rules import rule_label

    with translation.override("zh-hans"):
        assert rule_label("verdict.figure.met") == "工作回顾中的数字达到了承诺的数字"
        assert rule_label("verdict.figure.short") == "回顾给出的数字低于承诺的数字：部分落实"
        assert rule_label("verdict.figure.unknown") == "以工作回顾中的数字对照承诺的数字"  # the longest listed prefix
        assert rule_label("gov.target.list") == "政府的量化目标"
        assert rule_label("gov.unknown") == "政府工作报告的句式"
        assert rule_label("other.thing") == "other.thing"
        assert rule_label("") == "未记录"
        # Candidates scoring 1.0 carry it too (not taken: another ranked first): it said "below the decision line".
        assert "未被采纳" in rule_label("candidate.below_line") and "未达到判定线，或" in rule_label("candidate.below_line")


def test_staff_evidence_says_staff_chose_it(editor, ledger):
    commitment = ledger.commitments.filter(testable=True).exclude(has_evidence_q()).first()
    review = Report.objects.get(body=ledger.body, year=2025).sections.get(kind="review")
    editor.post(
        reverse("admin:ledger_commitment_evidence_add", args=[commitment.pk]),
        {"start": review.start + 10, "end": review.start + 40, "verdict": "partial"},
    )
    content = editor.get(reverse("admin:ledger_commitment_change", args=[commitment.pk])).content.decode()
    assert "为什么这样判定：段落和判定由工作人员选定。" in content


# Commitments belong to their report


def test_commitments_are_not_deletable_but_go_with_their_report(boss, ledger):
    commitment = ledger.commitments.first()
    assert boss.get(reverse("admin:ledger_commitment_delete", args=[commitment.pk])).status_code == 403
    changelist = boss.get(reverse("admin:ledger_commitment_changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist
    response = boss.post(reverse("admin:ledger_report_delete", args=[ledger.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Report.objects.filter(pk=ledger.pk).exists()
    assert not Commitment.objects.filter(report_id=ledger.pk).exists()


def test_oversized_upload_is_refused_in_chinese(boss, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.LEDGER_MAX_REPORT_BYTES = 1000
    response = boss.post(reverse("admin:ledger_report_add"), {"file": SimpleUploadedFile("big.txt", seed_bytes("003"))})
    assert response.status_code == 200 and "big.txt" in response.content.decode()
    assert not Report.objects.exists()


def test_body_edits_go_through_the_service_and_refuse_a_parent_cycle(boss, ledger):
    county = ledger.body
    city = county.parent
    url = reverse("admin:ledger_body_change", args=[city.pk])
    response = boss.post(url, {"name": city.name, "level": city.level, "parent": county.pk})
    assert response.status_code == 200 and "不能隶属于自身或其下级机关" in response.content.decode()
    city.refresh_from_db()
    assert city.parent_id != county.pk
    response = boss.post(reverse("admin:ledger_body_change", args=[county.pk]), {"name": county.name, "level": "prefectural", "parent": city.pk})
    assert response.status_code == 302
    county.refresh_from_db()
    assert county.level == "prefectural"


# Honest status: what the machine is sure of, and what it asks a person to check


def test_review_queue_lists_needs_review_first_by_best_candidate_score(viewer, ledger):
    response = viewer.get(reverse("admin:ledger_review_queue"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "待人工核验队列" in content and "按所示段落的得分从高到低排列" in content
    statuses = re.findall(r'<tr data-status="(\w+)"', content)
    needs_review = ledger.commitments.filter(testable=True, status=Status.NEEDS_REVIEW).count()
    assert needs_review and statuses[:needs_review] == [Status.NEEDS_REVIEW] * needs_review
    assert set(statuses[needs_review:]) == {Status.NOT_REPORTED}
    rows = response.context["rows"]
    # The score shown is what orders the rows, in each group (it used to be a candidate's that decided nothing).
    for group in (rows[:needs_review], rows[needs_review:]):
        scores = [row["candidate"].score for row in group if row["candidate"]]
        assert scores == sorted(scores, reverse=True)
    # A look's number beside its status is the score of the passage shown (a confidence kept to three decimals read
    # 0.61 beside the status for a passage of 0.6049, shown as 0.60 in the score column).
    unsure = [row for row in rows if row["commitment"].status_rule == "status.unsure"]
    assert unsure and all(row["commitment"].status_confidence == row["candidate"].score for row in unsure)
    # Each number says what it is: two bare ones side by side (0.52, 0.49) were read as one.
    assert re.search(r'class="ledger-confidence">判定得分 0\.\d\d<', content) and "段落得分" in content
    first = rows[0]
    assert first["candidate"].text in re.sub(r"<[^>]+>", "", content)
    assert first["matched"] and "<mark" in str(first["candidate_html"])
    assert "机器判定：待人工核验：" in content and "但未达到判定线" in content
    # A person's decision takes the row out of the queue.
    commitment = first["commitment"]
    services.commitment_set_status(commitment=commitment, status=Status.FULFILLED, user=None)
    assert commitment.pk not in [row["commitment"].pk for row in viewer.get(reverse("admin:ledger_review_queue")).context["rows"]]
    only = viewer.get(reverse("admin:ledger_review_queue"), {"report": ledger.pk}).context["rows"]
    assert only and {row["commitment"].report_id for row in only} == {ledger.pk}
    # A person flagging a task for a colleague's look puts it first (it used to leave the queue).
    flagged = ledger.commitments.filter(testable=True, status=Status.FULFILLED).last()
    services.commitment_set_status(commitment=flagged, status=Status.NEEDS_REVIEW, user=None, note="请王科长复核")
    rows = viewer.get(reverse("admin:ledger_review_queue")).context["rows"]
    assert rows[0]["commitment"].pk == flagged.pk
    counts = viewer.get(reverse("admin:ledger_review_queue")).context["counts"]
    assert counts["needs_review"] == ledger.commitments.filter(testable=True, status=Status.NEEDS_REVIEW).count()
    # So does a row of general direction a person flags: the machine judges none, but a person asked for the look.
    general = ledger.commitments.filter(testable=False).first()
    assert general.pk not in [row["commitment"].pk for row in rows]
    services.commitment_set_status(commitment=general, status=Status.NEEDS_REVIEW, user=None, note="请核对")
    queue = viewer.get(reverse("admin:ledger_review_queue")).context
    assert general.pk in [row["commitment"].pk for row in queue["rows"][:2]]
    assert queue["counts"]["needs_review"] == counts["needs_review"] + 1


def test_a_units_staff_work_through_the_queue_of_the_tasks_their_unit_leads(editor, ledger):
    """The office hands each committee its tasks: the queue narrows to one lead unit (a unit of the report's body),
    kept through its pages and the way back from a task, and one unit's printed handout opens that unit's queue."""
    from ledger.services.ledger import commitment_ledger_update

    queue = reverse("admin:ledger_review_queue")
    everyone = [c.pk for c in editor.get(queue, {"report": ledger.pk}).context["page"].object_list]
    assert len(everyone) >= 4
    legal = [Commitment.objects.get(pk=pk) for pk in everyone[1::2]]
    for commitment in legal:
        commitment_ledger_update(commitment=commitment, user=None, lead_unit="法制工作委员会")
    commitment_ledger_update(commitment=Commitment.objects.get(pk=everyone[0]), user=None, lead_unit="财政经济委员会")
    unit = Unit.objects.get(body=ledger.body, name="法制工作委员会")
    page = editor.get(queue, {"report": ledger.pk})
    assert [u.name for u in page.context["units"]] == ["财政经济委员会", "法制工作委员会"]  # by pinyin
    assert 'id="ledger-queue-unit-select"' in page.content.decode()
    narrowed = editor.get(queue, {"report": ledger.pk, "lead_unit": unit.pk})
    shown = [c.pk for c in narrowed.context["page"].object_list]
    assert shown == [pk for pk in everyone if pk in {c.pk for c in legal}]  # the queue's order, the unit's tasks only
    assert "只列出法制工作委员会牵头的任务。" in narrowed.content.decode()
    ledger_url = f'{reverse("admin:ledger_report_ledger", args=[ledger.pk])}?lead_unit={unit.pk}'
    assert f'href="{ledger_url}" id="ledger-queue-unit-ledger"' in narrowed.content.decode()  # and its printed 台账
    assert sum(narrowed.context["counts"].values()) == len(legal)
    # The way back from a task and its "next" stay in the unit's queue.
    first = editor.get(reverse("admin:ledger_commitment_change", args=[shown[0]]) + "?from=queue").context["queue_return"]
    assert f"lead_unit={unit.pk}" in first["url"]
    assert first["next"].startswith(reverse("admin:ledger_commitment_change", args=[shown[1]]))
    # Opened from the index, the queue offers its bodies, then a body's units: 李娟 gets to her committee's queue.
    index = editor.get(queue)
    assert ledger.body in index.context["bodies"] and not index.context["units"]
    assert 'id="ledger-queue-body-select"' in index.content.decode()
    assert unit in editor.get(queue, {"body": ledger.body.pk}).context["units"]
    # A unit alone names its body: a bookmarked queue of one's committee.
    alone = editor.get(queue, {"lead_unit": unit.pk})
    assert [c.pk for c in alone.context["page"].object_list] == shown and alone.context["units"][1] == unit
    # Narrowed by body and unit, not by report, it links the unit's handout of each report it leads tasks of.
    handouts = re.search(r'id="ledger-queue-unit-ledgers">(.*?)</span>', alone.content.decode()).group(1)
    assert handouts == f'该单位的台账（可打印）：<a href="{ledger_url}">{ledger.year}年{ledger.get_kind_display()}</a>'
    # A unit of another body, or a word, narrows nothing (as an unknown report does), and the page says so.
    other = Unit.objects.create(body=Body.objects.exclude(pk=ledger.body_id).first(), name="法制工作委员会")
    for value in ("abc", "999999", str(other.pk)):
        refused = editor.get(queue, {"report": ledger.pk, "lead_unit": value})
        assert [c.pk for c in refused.context["page"].object_list] == everyone
        said = value if value.isdigit() else "…"  # a word is no id to repeat
        assert f"本机关没有编号为“{said}”的单位：未按牵头单位筛选。" in refused.content.decode()
    # From the picker, another body (or every body) chosen with the unit of the body before leaves the unit behind,
    # with no complaint; a value that is no id is not repeated on the page.
    other_body = Body.objects.exclude(pk=ledger.body_id).filter(reports__isnull=False).first()
    switched = editor.get(queue, {"picker": "1", "body": other_body.pk, "lead_unit": unit.pk})
    assert switched.context["unit"] is None and switched.context["body"] == other_body and not switched.context["unit_refused"]
    every = editor.get(queue, {"picker": "1", "body": "", "lead_unit": unit.pk})
    assert every.context["unit"] is None and every.context["body"] is None and not every.context["unit_refused"]
    garbage = editor.get(queue, {"lead_unit": "\x00" + "x" * 5000}).content.decode()
    said = re.search(r'id="ledger-queue-unit-refused">(.*?)</span>', garbage).group(1)
    assert said == "没有编号为“…”的单位：未按牵头单位筛选。"
    # The picker offers the units that lead a task of the report: an assisting unit's queue is always empty.
    helper = Unit.objects.create(body=ledger.body, name="区司法局")
    assert helper not in editor.get(queue, {"report": ledger.pk}).context["units"]
    # Two tabs on two units' queues: each task's back and next stay in the queue it was opened from (the second tab's
    # queue, shown last, moved the first tab on to the other unit's tasks).
    finance = Unit.objects.get(body=ledger.body, name="财政经济委员会")
    first_tab = editor.get(queue, {"report": ledger.pk, "lead_unit": unit.pk}).context["rows"][0]["href"]
    editor.get(queue, {"report": ledger.pk, "lead_unit": finance.pk})  # the second tab
    back = editor.get(first_tab).context["queue_return"]
    assert f"lead_unit={unit.pk}" in back["url"]
    assert back["next"].startswith(reverse("admin:ledger_commitment_change", args=[shown[1]]))
    assert f"lead_unit%3D{unit.pk}" in back["next"]  # the next task's link names the same queue page
    assert f"lead_unit={unit.pk}" in editor.get(back["next"]).context["queue_return"]["url"]
    # However many queue pages another tab shows meanwhile, the first tab's next stays in its queue; a link naming a
    # page no longer kept (or garbage) is no step of any queue, never another tab's.
    for year in range(2000, 2012):
        editor.get(queue, {"year": year})
    assert f"lead_unit={unit.pk}" in editor.get(back["next"]).context["queue_return"]["url"]
    # One task in two tabs' queues (the unit's and the body's): a save in the first tab keeps it the unit queue's step.
    body_tab = editor.get(queue, {"body": ledger.body.pk}).context["rows"]
    in_both = next(row["href"] for row in body_tab if row["commitment"].pk == shown[0])
    unit_href = editor.get(queue, {"report": ledger.pk, "lead_unit": unit.pk}).context["rows"][0]["href"]
    editor.get(unit_href)
    editor.get(in_both)  # the second tab opens the same task from the body's queue
    task = Commitment.objects.get(pk=shown[0])
    saved = editor.post(
        reverse("admin:ledger_commitment_progress", args=[task.pk]), {"date": f"{ledger.year}-06-01", "text": "已形成初稿"},
        HTTP_REFERER="http://testserver" + unit_href,
    )
    assert "place=" in saved["Location"]
    assert f"lead_unit={unit.pk}" in editor.get(saved["Location"]).context["queue_return"]["url"]
    stray = reverse("admin:ledger_commitment_change", args=[shown[1]]) + "?from=queue&place=garbage"
    assert editor.get(stray).context["queue_return"] is None
    # The unit's printed handout links its own queue.
    handout = editor.get(reverse("admin:ledger_report_ledger", args=[ledger.pk]), {"lead_unit": unit.pk})
    assert handout.context["review_queue_url"] == f"{queue}?report={ledger.pk}&lead_unit={unit.pk}"
    # A unit whose tasks the machine alone calls 未见报告 (none needs a look) is still sent to its queue to check them.
    silent = ledger.commitments.filter(testable=True, status=Status.NOT_REPORTED, status_origin=Origin.AUTO).last()
    commitment_ledger_update(commitment=silent, user=None, lead_unit="研究室")
    research = Unit.objects.get(body=ledger.body, name="研究室")
    content = editor.get(reverse("admin:ledger_report_ledger", args=[ledger.pk]), {"lead_unit": research.pk}).content.decode()
    link = f'<a href="{queue}?report={ledger.pk}&amp;lead_unit={research.pk}" id="ledger-ledger-queue">'
    assert f"{link}1 项任务的“未见报告”仅为机器判定：经人工核实方可确认或更正。</a>" in content


def test_a_task_opened_from_the_queue_leads_back_to_the_queue_page_and_on_to_the_next(editor, ledger, monkeypatch):
    from ledger.admin import review_queue

    """After each decision the page reloads: the way back to the queue page the person was on (and the report it was
    narrowed to) used to be lost. "Next" is the task after this one on that page, skipped ones included."""
    queue = reverse("admin:ledger_review_queue")
    shown = list(editor.get(queue, {"report": ledger.pk}).context["page"].object_list[:4])
    second, third = shown[1], shown[2]
    change = reverse("admin:ledger_commitment_change", args=[second.pk])
    content = editor.get(change, {"from": "queue"}).content.decode()
    back = f'href="{queue}?report={ledger.pk}&amp;p=1" id="ledger-queue-back"'
    assert back in content and "返回待人工核验队列" in content
    # "Next" names the queue page it steps through (?place=: the page's narrowing and number).
    next_of = lambda task: (
        f'href="{reverse("admin:ledger_commitment_change", args=[task.pk])}?from=queue&amp;place=report%3D{ledger.pk}%26p%3D1"'
        ' id="ledger-queue-next"'
    )
    assert next_of(third) in content  # not the queue's first task: a skipped one would come back again and again
    # A decision on the task: the page it returns to (the browser names the page the form was on) keeps both links,
    # and the decided task leaves the queue.
    response = editor.post(
        reverse("admin:ledger_commitment_status", args=[second.pk]),
        {"status": "partial", "note": "", "version": form_version(second, "status")}, follow=True, HTTP_REFERER=change,
    )
    content = response.content.decode()
    assert back in content and next_of(third) in content
    assert second.pk not in [row["commitment"].pk for row in editor.get(queue, {"report": ledger.pk}).context["rows"]]
    # From a page's last task, "next" is the next page's first (it went back to the top of the queue, and looped).
    monkeypatch.setattr(review_queue, "PER_PAGE", 2)
    page_one = list(editor.get(queue, {"report": ledger.pk}).context["page"].object_list)
    page_two = list(editor.get(queue, {"report": ledger.pk, "p": "2"}).context["page"].object_list)
    editor.get(queue, {"report": ledger.pk})  # the person is on page 1
    assert next_of(page_two[0]) in editor.get(reverse("admin:ledger_commitment_change", args=[page_one[-1].pk]), {"from": "queue"}).content.decode()
    # Two tabs, two tasks from two queue pages: each keeps its own way back, through a save.
    editor.get(queue, {"report": ledger.pk, "p": "2"})
    editor.get(reverse("admin:ledger_commitment_change", args=[page_two[0].pk]), {"from": "queue"})
    first_tab = reverse("admin:ledger_commitment_change", args=[page_one[-1].pk])
    content = editor.get(first_tab, HTTP_REFERER=first_tab).content.decode()
    assert f'href="{queue}?report={ledger.pk}&amp;p=1" id="ledger-queue-back"' in content
    second_tab = reverse("admin:ledger_commitment_change", args=[page_two[0].pk])
    content = editor.get(second_tab, HTTP_REFERER=second_tab).content.decode()
    assert f'href="{queue}?report={ledger.pk}&amp;p=2" id="ledger-queue-back"' in content
    # The same task opened afterwards from the ledger's list is no step of the queue: no queue links.
    assert "ledger-queue-back" not in editor.get(change, HTTP_REFERER=reverse("admin:ledger_commitment_changelist")).content.decode()
    other = ledger.commitments.filter(testable=True).exclude(pk__in=[task.pk for task in shown]).last()
    assert "ledger-queue-back" not in editor.get(reverse("admin:ledger_commitment_change", args=[other.pk])).content.decode()


def test_commitment_page_shows_machine_status_and_candidates(editor, ledger):
    commitment = ledger.commitments.filter(status=Status.NEEDS_REVIEW, status_rule="status.unsure").first()
    content = editor.get(reverse("admin:ledger_commitment_change", args=[commitment.pk])).content.decode()
    why = re.search(r'id="ledger-status-why">(.*?)</p>', content, flags=re.S).group(1)
    # The number of a look is the closest passage's score, said as such in the reason (as 置信度 it read as certainty).
    assert why.startswith("机器判定：待人工核验：工作回顾的段落提到了“") and f"{commitment.status_confidence:.2f}" in why
    assert "但未达到判定线" in why
    assert "候选段落（未被采作依据）" in content and "为什么列为候选" in content
    assert "确认：报告已完成" in content and "确认：仅有进展" in content and "ledger-reject" in content
    candidate = commitment.evidence.filter(verdict=Verdict.CANDIDATE).order_by("-score").first()
    url = reverse("admin:ledger_commitment_decide", args=[commitment.pk, candidate.pk, "confirmed"])
    # Without a verdict a candidate is not confirmed, and the page says why.
    refused = editor.post(url, {"version": evidence_version(candidate)}, follow=True).content.decode()
    assert "确认候选段落时须给出判定" in refused
    candidate.refresh_from_db()
    assert candidate.decision == Decision.PROPOSED
    editor.post(url, {"verdict": "partial", "version": evidence_version(candidate)})
    candidate.refresh_from_db()
    commitment.refresh_from_db()
    assert (candidate.verdict, candidate.decision) == ("partial", Decision.CONFIRMED)
    assert (commitment.status, commitment.status_rule) == (Status.PARTIAL, "status.confirmed")
    content = editor.get(reverse("admin:ledger_commitment_change", args=[commitment.pk])).content.decode()
    assert "状态依据工作人员确认的证据段落。" in content


def test_machine_statuses_say_why_in_chinese(boss, ledger):
    fulfilled = ledger.commitments.filter(status=Status.FULFILLED).first()
    content = boss.get(reverse("admin:ledger_commitment_change", args=[fulfilled.pk])).content.decode()
    assert f"机器判定：已落实（判定得分 {fulfilled.status_confidence:.2f}，非概率）：工作回顾报告了此项（报告已完成）" in content
    silent = ledger.commitments.filter(testable=True, status_rule="status.silent").first()
    content = boss.get(reverse("admin:ledger_commitment_change", args=[silent.pk])).content.decode()
    assert "机器判定：未见报告（判定得分" in content and "回顾未提及此项" in content
    pending = Commitment.objects.filter(report__year=2025, report__body=ledger.body).first()
    content = boss.get(reverse("admin:ledger_commitment_change", args=[pending.pk])).content.decode()
    assert "待回顾：下一年的报告尚未导入。" in content


def test_a_best_score_just_below_the_line_is_not_shown_as_the_line(boss, ledger):
    """0.4979 below the line of 0.50 read 「最佳得分 0.50，低于 0.50」: shown to three decimals, cut, when two would say the line."""
    silent = ledger.commitments.filter(testable=True, status_rule="status.silent").first()
    Commitment.objects.filter(pk=silent.pk).update(status_confidence=0.5021)
    content = boss.get(reverse("admin:ledger_commitment_change", args=[silent.pk])).content.decode()
    assert "最佳得分 0.497，低于 0.50" in content and "0.50，低于 0.50" not in content
    # The same below the decision line of a look (0.6579 is not 0.66, the line).
    Commitment.objects.filter(pk=silent.pk).update(status=Status.NEEDS_REVIEW, status_rule="status.unsure", status_confidence=0.6579)
    content = boss.get(reverse("admin:ledger_commitment_change", args=[silent.pk])).content.decode()
    assert "最佳得分 0.657" in content


def test_report_page_separates_confirmed_and_links_the_queue(boss, ledger):
    content = boss.get(reverse("admin:ledger_report_change", args=[ledger.pk])).content.decode()
    assert "其中人工确认" in content and "待人工核验" in content
    assert f'{reverse("admin:ledger_review_queue")}?report={ledger.pk}' in content
    headline = re.search(r'id="ledger-report-headline">(.*?)</p>', content, flags=re.S).group(1)
    # The same headline as the dashboard's: no rate to publish before a person confirms, the machine's apart.
    assert "暂无可发布的落实率" in headline and re.search(r"机器初判：已判定 \d+ 项任务的落实率（含部分落实）为 [\d.]+%", headline)


def test_report_without_review_says_so_and_its_pairs_say_why(boss, db):
    text = (DATA / "followup" / "dazu-2025.txt").read_text(encoding="utf-8")
    head = "\n".join(text.split("\n")[:4])
    promise = services.report_ingest(seed_bytes("003"), source="003").report
    follow_up = services.report_ingest(f"{head}\n{text[text.index('今后一年工作任务'):]}".encode(), source="cut").report
    content = boss.get(reverse("admin:ledger_report_change", args=[follow_up.pk])).content.decode()
    assert 'class="ledger-notice"' in content and "本报告中未找到工作回顾部分" in content
    content = boss.get(reverse("admin:ledger_report_change", args=[promise.pk])).content.decode()
    assert 'id="ledger-no-review"' in content and "中未找到工作回顾部分：机器无从判断" in content
    commitment = promise.commitments.filter(testable=True).first()
    content = boss.get(reverse("admin:ledger_commitment_change", args=[commitment.pk])).content.decode()
    assert "无法判定：" in content and "中未找到工作回顾部分" in content


def test_report_without_tasks_says_so(boss, db):
    text = (DATA / "followup" / "dazu-2025.txt").read_text(encoding="utf-8")
    report = services.report_ingest(text[: text.index("今后一年工作任务")].encode(), source="no-tasks").report
    content = boss.get(reverse("admin:ledger_report_change", args=[report.pk])).content.decode()
    assert "本报告中未找到工作任务部分：没有可跟踪的工作任务" in content and 'id="ledger-no-tasks"' in content


def test_rejecting_the_passage_the_machine_relied_on_asks_a_person(editor, ledger):
    """A person rejects the only passage the machine took for a report: the machine does not then call the review
    silent (it was not), it asks a person, and says why; the candidates below the line stay on offer."""
    from ledger.services.status import commitment_machine_status

    rejected = None
    for commitment in ledger.commitments.filter(testable=True, status="fulfilled"):
        evidence = list(commitment.evidence.exclude(verdict=Verdict.CANDIDATE))
        if len(evidence) != 1:
            continue
        editor.post(reverse("admin:ledger_commitment_decide", args=[commitment.pk, evidence[0].pk, "rejected"]), {"version": evidence_version(evidence[0])})
        commitment.refresh_from_db()
        if commitment.status_rule == "status.evidence_rejected":
            rejected = commitment
            break
    assert rejected is not None, "no seed commitment whose only evidence, rejected, leaves nothing above the line"
    assert rejected.status == "needs_review" and rejected.status_origin == "auto"
    assert commitment_machine_status(rejected).rule == "status.evidence_rejected"
    page = editor.get(reverse("admin:ledger_commitment_change", args=[rejected.pk])).content.decode()
    assert "有人驳回了机器判定所依据的段落" in page


def test_history_shows_what_the_machine_first_set_and_rules_by_their_names(editor, ledger):
    """A row the machine wrote first (its relink's status) has no earlier record to differ from: its first entry
    shows what it set; a rule is named by its label, never by its id."""
    commitment = ledger.commitments.filter(testable=True, status="fulfilled", status_rule="status.evidence").first()
    url = reverse("admin:ledger_commitment_history", args=[commitment.pk])
    history = editor.get(url).content.decode()
    table = history[history.find('id="change-history"') :]
    assert "<strong>状态:</strong> 待回顾&nbsp;&rarr;&nbsp;已落实" in table  # from what every new row holds
    assert "工作回顾中有段落报告了此项任务" in table and "status.evidence" not in table
    # The machine made the change (whoever's upload set it off), for the review of the report it names.
    assert 'class="ledger-system-change">机器<' in table and "无登录用户" not in table and "的工作回顾重新关联" in table
    editor.post(reverse("admin:ledger_commitment_status", args=[commitment.pk]), {"status": "partial", "note": "仅完成一半", "version": form_version(commitment, "status")})
    table = editor.get(url).content.decode()
    assert "status.evidence" not in table and "status.staff" not in table and "部分落实" in table
    # Who decided is named as the page names who changed it (the name on the account, not the login), and where the
    # task stands in its text (a replace moves it) is no change shown.
    editor_user = commitment.history.first().history_user
    editor_user.first_name = "王丽"
    editor_user.save()
    table = editor.get(url).content.decode()
    assert "&nbsp;&rarr;&nbsp;王丽" in table and "&rarr;&nbsp;editor" not in table
    commitment.refresh_from_db()
    commitment.start, commitment.end = commitment.start + 3, commitment.end + 3
    commitment._change_reason = "moved"
    commitment.save()
    table = editor.get(url).content.decode()
    assert "起始位置" not in table and "结束位置" not in table


def test_the_queue_shows_the_passage_a_status_rests_on(viewer, ledger):
    """A task the review only mentions (status.mention_only; status.named_no_sign alike) rests on that mention:
    the queue shows it, as the ledger's list does, rather than a lesser candidate or nothing."""
    rows = viewer.get(reverse("admin:ledger_review_queue")).context["rows"]
    named = [row for row in rows if row["commitment"].status_rule in ("status.mention_only", "status.named_no_sign")]
    assert named
    for row in named:
        mention = decisive_evidence(row["commitment"].evidence.exclude(decision=Decision.REJECTED))
        assert mention is not None and row["candidate"].pk == mention.pk and row["candidate"].verdict == Verdict.MENTION


@pytest.mark.parametrize("value", ["²", "١", "99999999999999999999", "-1", "0x1"])
def test_a_report_id_that_is_no_ascii_number_is_no_server_error(viewer, ledger, value):
    """str.isdigit() takes ² and ١, which int() refuses: the pages that read ?report= answer without a 500."""
    for url in (reverse("admin:ledger_commitment_changelist"), reverse("admin:ledger_review_queue")):
        response = viewer.get(url, {"report": value})
        assert response.status_code in (200, 302), (url, value, response.status_code)


def test_a_rejected_passage_the_status_rested_on_turns_silence_into_a_question():
    """status.evidence_rejected is for the review called silent after a person rejected a passage the machine's
    status rested on (a report, a mention, the closest candidate): not when a mention still decides, nor when the
    passage rejected was found to speak of something else (another indicator)."""
    from ledger.models import Evidence
    from ledger.services.status import machine_status

    def passage(verdict, decision, score, rule):
        return Evidence(start=0, end=10, score=score, verdict=verdict, decision=decision, rule=rule)

    rejected_report = passage(Verdict.FULFILLED, Decision.REJECTED, 0.8, "verdict.done")
    low = passage(Verdict.CANDIDATE, Decision.PROPOSED, 0.1, "candidate.below_line")
    decided = machine_status(has_follow_up=True, evidence=[rejected_report, low])
    assert (decided.status, decided.rule) == ("needs_review", "status.evidence_rejected")
    mention = passage(Verdict.MENTION, Decision.PROPOSED, 0.7, "verdict.act.missing")
    assert machine_status(has_follow_up=True, evidence=[rejected_report, mention]).rule == "status.mention_only"
    rejected_mention = passage(Verdict.MENTION, Decision.REJECTED, 0.7, "verdict.act.missing")
    assert machine_status(has_follow_up=True, evidence=[rejected_mention, low]).rule == "status.evidence_rejected"
    # The closest candidate rejected: the machine had asked a person (status.unsure) and is not surer for the answer.
    close = passage(Verdict.CANDIDATE, Decision.PROPOSED, 1.0, "candidate.below_line")
    assert machine_status(has_follow_up=True, evidence=[close, low]).rule == "status.unsure"
    rejected_close = passage(Verdict.CANDIDATE, Decision.REJECTED, 1.0, "candidate.below_line")
    other = passage(Verdict.CANDIDATE, Decision.PROPOSED, 1.0, "candidate.other_indicator")
    decided = machine_status(has_follow_up=True, evidence=[rejected_close, other, low])
    assert (decided.status, decided.rule, decided.confidence) == ("needs_review", "status.evidence_rejected", 0.1)
    rejected_other = passage(Verdict.CANDIDATE, Decision.REJECTED, 1.0, "candidate.other_indicator")
    assert machine_status(has_follow_up=True, evidence=[rejected_other, low]).rule == "status.silent"


def test_a_look_gives_its_closest_passages_score_as_the_passage_does():
    """The confidence of a look is the closest passage's score kept to three decimals: 0.6049 read 最佳得分 0.61 in the
    reason beside the passage's own 0.60."""
    from ledger.admin.why import status_why
    from ledger.models import Commitment, Evidence

    commitment = Commitment(status=Status.NEEDS_REVIEW, status_rule="status.unsure", status_confidence=0.605)
    closest = Evidence(start=0, end=5, score=0.6049, verdict=Verdict.CANDIDATE, rule="candidate.below_line")
    with translation.override("zh-hans"):
        why = status_why(commitment, candidate=closest)
    assert "0.60" in why and "0.61" not in why


def test_a_silent_status_gives_the_score_it_rests_on():
    """The machine calls the review silent from the passages that may speak of the task; a passage found to give
    another indicator asks for no look, so the reason gives the best score of the others (1 − the confidence), not
    that passage's (which read “best score 1.00, below 0.50”)."""
    from ledger.admin.why import status_why
    from ledger.models import Commitment, Evidence

    commitment = Commitment(status=Status.NOT_REPORTED, status_rule="status.silent", status_confidence=0.9)
    other = Evidence(start=0, end=5, score=1.0, verdict=Verdict.CANDIDATE, rule="candidate.other_indicator")
    with translation.override("zh-hans"):
        why = status_why(commitment, candidate=other)
    assert "0.10" in why and "1.00" not in why.replace("判定得分 0.90", "")


@pytest.mark.parametrize(
    "url_name, param",
    [
        ("admin:ledger_report_changelist", "body"),
        ("admin:ledger_section_changelist", "report"),
        ("admin:ledger_commitment_changelist", "report__body"),
        ("admin:ledger_body_changelist", "parent"),
        ("admin:ledger_unit_changelist", "body"),
    ],
)
def test_a_filter_id_no_column_holds_is_a_bad_filter_not_a_server_error(boss, ledger, url_name, param):
    response = boss.get(reverse(url_name), {param: "99999999999999999999"})
    assert response.status_code == 302 and response["Location"].endswith("?e=1")


@pytest.mark.parametrize("url_name", ["admin:ledger_commitment_changelist", "admin:ledger_unit_changelist"])
def test_a_search_holding_a_nul_is_a_bad_filter_and_names_no_unit(boss, ledger, url_name):
    """?q=%00 listed every row on SQLite; PostgreSQL's driver refuses a NUL in a parameter (a 500)."""
    response = boss.get(reverse(url_name), {"q": "财政\x00"})
    assert response.status_code == 302 and response["Location"].endswith("?e=1")
    found = boss.get("/admin/autocomplete/", {"app_label": "ledger", "model_name": "commitment", "field_name": "lead_unit", "term": "\x00"})
    assert found.status_code == 200 and found.json()["results"] == []


def test_in_progress_is_for_the_plan_year_and_the_queue_asks_for_what_the_review_says(editor, db):
    """A task a person marked 推进中 in its plan year left every rate without a word once the next report came in;
    and 推进中 could be set after the review was in."""
    from ledger.messages import follow_through_line
    from ledger.selectors import report_summary
    from ledger.services.ledger import commitment_ledger_update
    from .conftest import FOLLOW_UP

    report = services.report_ingest(seed_bytes("003"), source="003.txt").report
    ongoing, waiting, other, later, spare = report.commitments.filter(testable=True).order_by("ordinal")[:5]
    services.commitment_set_status(commitment=ongoing, status=Status.IN_PROGRESS, user=None, note="起草中")
    services.commitment_set_status(commitment=waiting, status=Status.PENDING, user=None, note="等区政府答复")
    # A task staff gave a deadline after its plan year stays 推进中 once the review is in, and is no one's to record,
    # until that deadline passes.
    from django.utils import timezone

    next_year = timezone.localdate().year + 1
    commitment_ledger_update(commitment=later, user=None, due=f"{next_year}年6月")
    services.commitment_set_status(commitment=later, status=Status.IN_PROGRESS, user=None, note="跨年度")
    follow_up = services.report_ingest(FOLLOW_UP.read_bytes(), source="dazu-2025.txt").report
    for task in (ongoing, waiting, other, later):
        task.refresh_from_db()
    assert (ongoing.status, ongoing.status_origin) == (Status.IN_PROGRESS, Origin.STAFF)  # a person's decision stays

    # Counted: in the ingest line, the report's figures (the range is over them too, and over the task due later,
    # which has no outcome yet) and the headline.
    assert "另有 2 项仍由工作人员标为推进中或待回顾" in follow_through_line(report, set())
    overall = report_summary(report).overall
    assert overall.year_over == 2 and overall.decided + overall.needs_review + 2 + 1 == overall.testable
    assert overall.rate_high == 1.0 and overall.rate_low == 0.0
    page = editor.get(reverse("admin:ledger_report_change", args=[report.pk])).content.decode()
    # Of those waiting for a person, the machine's 待人工核验 apart: the queue counts them under that name.
    assert f"其中机器无法判定（待人工核验）的 {overall.needs_review} 项；工作人员仍标为推进中或待回顾、而说明其结果的工作回顾已载入的 2 项" in page

    queue = editor.get(reverse("admin:ledger_review_queue"))
    queued = [row["commitment"].pk for row in queue.context["rows"]]
    assert queued[:2] == [ongoing.pk, waiting.pk] and later.pk not in queued
    assert queue.context["counts"]["plan_year_over"] == 2
    assert "2 项工作任务仍由工作人员标为推进中或待回顾" in queue.content.decode()
    assert "请按其工作回顾记录这项任务的结果（回顾未提及的，记为未见报告）" in queue.context["rows"][0]["why"]

    # The task's form: refused, saying which review is in, and what was typed is said back.
    response = editor.post(
        reverse("admin:ledger_commitment_status", args=[other.pk]),
        {"status": "in_progress", "note": "仍在推进", "version": form_version(other, "status")}, follow=True,
    )
    said = [str(m) for m in response.context["messages"]]
    assert any("2025" in m and "推进中" in m for m in said) and any("仍在推进" in m for m in said)
    assert Commitment.objects.get(pk=other.pk).status_origin == Origin.AUTO
    # Nor is it offered: the task's form lists the statuses it may take (a director chose 推进中 and was refused).
    offered = response.context["status_form"].fields["status"].choices
    assert {"in_progress", "pending"}.isdisjoint(value for value, _label in offered) and ("fulfilled", "已落实") in offered
    # A later deadline leaves the year open: 推进中 is taken; one that has passed (2025年底前, today being later) does not.
    commitment_ledger_update(commitment=spare, user=None, due=f"{next_year}年底前")
    services.commitment_set_status(commitment=spare, status=Status.IN_PROGRESS, user=None)
    commitment_ledger_update(commitment=other, user=None, due="2025年底前")
    with pytest.raises(ValidationError):
        services.commitment_set_status(commitment=other, status=Status.IN_PROGRESS, user=None)
    commitment_ledger_update(commitment=other, user=None, due="")
    other.refresh_from_db()

    # The bulk action sets what it may and names the tasks it left.
    running = follow_up.commitments.filter(testable=True).first()
    response = editor.post(
        reverse("admin:ledger_commitment_changelist"),
        {"action": "set_status", "_selected_action": [other.pk, running.pk], "apply": "1", "status": "in_progress", "note": ""},
        follow=True,
    )
    assert any(
        "1 项工作任务保持原样" in str(m) and f"#{other.ordinal}（{Truncator(other.task).chars(20)}）" in str(m)
        for m in response.context["messages"]
    )
    assert Commitment.objects.get(pk=running.pk).status == Status.IN_PROGRESS
    assert Commitment.objects.get(pk=other.pk).status_origin == Origin.AUTO

    # Confirming a passage as a mention beside one that reports the task decides nothing: the task stays 推进中.
    both = (
        report.commitments.filter(testable=True, evidence__verdict=Verdict.CANDIDATE)
        .filter(evidence__verdict__in=(Verdict.FULFILLED, Verdict.PARTIAL)).exclude(pk__in=[ongoing.pk, waiting.pk]).first()
    )
    Commitment.objects.filter(pk=both.pk).update(status=Status.IN_PROGRESS, status_origin=Origin.STAFF, status_rule="staff")
    mention = both.evidence.filter(verdict=Verdict.CANDIDATE).first()
    services.evidence_decide(evidence=mention, decision=Decision.CONFIRMED, verdict=Verdict.MENTION, user=None)
    both.refresh_from_db()
    assert (both.status, both.status_origin) == (Status.IN_PROGRESS, Origin.STAFF)
    # Confirming what the review says of a task left 推进中 records it: the status follows the passage, a person's.
    passage = ongoing.evidence.exclude(verdict=Verdict.CANDIDATE).order_by("-score").first() or ongoing.evidence.order_by("-score").first()
    verdict = None if passage.verdict in (Verdict.FULFILLED, Verdict.PARTIAL) else Verdict.PARTIAL
    editor.post(
        reverse("admin:ledger_commitment_decide", args=[ongoing.pk, passage.pk, "confirmed"]),
        {"version": evidence_version(passage), **({"verdict": verdict} if verdict else {})},
    )
    ongoing.refresh_from_db()
    assert ongoing.status in (Status.FULFILLED, Status.PARTIAL) and ongoing.status_rule == "status.confirmed"
    # The note said why it was 推进中: it goes, and the person is told so (it went without a word), the history keeping
    # it; the history says the status follows their passage, not "the machine".
    assert ongoing.status_decided_by.username == "editor" and ongoing.status_note == ""
    said = [str(m) for m in editor.get(reverse("admin:ledger_commitment_change", args=[ongoing.pk])).context["messages"]]
    assert any("状态说明“起草中”已清除" in m for m in said), said
    history = editor.get(reverse("admin:ledger_commitment_history", args=[ongoing.pk])).content.decode()
    assert "工作人员&nbsp;&rarr;&nbsp;依据工作人员确认的段落" in history and "工作人员&nbsp;&rarr;&nbsp;机器" not in history
    assert ongoing.pk not in [row["commitment"].pk for row in editor.get(reverse("admin:ledger_review_queue")).context["rows"]]
    assert report_summary(report).overall.year_over == 2  # waiting, and the task whose mention decided nothing


def test_a_status_set_before_the_review_came_in_that_the_review_contradicts_is_queued(editor, db):
    """已落实 set in the plan year from a department's word stayed, counted as confirmed, although the review that came
    in later reports only progress (修订稿已初步形成，正在广泛征求代表意见): the person's status stands, and the queue
    asks for a look."""
    from .conftest import FOLLOW_UP

    report = services.report_ingest(seed_bytes("003"), source="003.txt").report
    rules = report.commitments.get(object="代表建议批评和意见工作办法")
    services.commitment_set_status(commitment=rules, status=Status.FULFILLED, user=None, note="办公室报已完成")
    Commitment.objects.filter(pk=rules.pk).update(status_decided_at=timezone.now() - dt.timedelta(seconds=20))
    services.report_ingest(FOLLOW_UP.read_bytes(), source="dazu-2025.txt")
    rules.refresh_from_db()
    assert (rules.status, rules.status_origin) == (Status.FULFILLED, Origin.STAFF)
    queue = editor.get(reverse("admin:ledger_review_queue"))
    (row,) = [row for row in queue.context["rows"] if row["commitment"].pk == rules.pk]
    assert "其工作回顾中的段落显示为“部分落实”" in row["why"] and queue.context["counts"]["contradicted"] == 1
    assert "1 项工作任务的状态由工作人员在下一年度报告载入之前设定，而其工作回顾中的段落显示的结果不同" in queue.content.decode()
    loaded = Report.objects.get(body=report.body, year=report.year + 1).review_at
    said = re.search(rf"工作人员于 (\S+ \S+) 设为.*早于下一年度报告载入的时间（({timezone.localtime(loaded):%Y-%m-%d %H:%M}(:\d\d)?)）", row["why"])
    # Set and loaded in the same minute, the two are told to the second: "before 10:54 (10:54)" read as nonsense.
    assert said and said.group(1) != said.group(2), row["why"]
    # The headline's counts add up to the rows listed (a person's 未见报告 was counted as the machine's too).
    counts = queue.context["counts"]
    assert sum(counts.values()) == queue.context["page"].paginator.count
    page = editor.get(reverse("admin:ledger_commitment_change", args=[rules.pk])).content.decode()
    assert "其工作回顾中的段落显示为“部分落实”" in page
    # Set again once the review is read, the status is the person's answer to it: no longer queued.
    services.commitment_set_status(commitment=rules, status=Status.FULFILLED, user=None, note="核对后仍为已落实")
    assert rules.pk not in [row["commitment"].pk for row in editor.get(reverse("admin:ledger_review_queue")).context["rows"]]


def test_the_review_disagrees_only_with_a_status_set_before_a_review_came_in(editor, db):
    """A follow-up without a review section disagreed with nothing the machine could read, yet queued the task; a
    review that came with a replace of the follow-up was missed."""
    from .conftest import FOLLOW_UP

    text = FOLLOW_UP.read_text(encoding="utf-8")
    head = "\n".join(text.split("\n")[:4])
    report = services.report_ingest(seed_bytes("003"), source="003.txt").report
    rules = report.commitments.get(object="代表建议批评和意见工作办法")
    services.report_ingest(f"{head}\n{text[text.index('今后一年工作任务'):]}".encode(), source="no-review")
    services.commitment_set_status(commitment=rules, status=Status.FULFILLED, user=None, note="办公室报已完成")
    rules.refresh_from_db()
    assert not rules.review_disagrees
    services.report_ingest(FOLLOW_UP.read_bytes(), source="dazu-2025.txt", replace=True)
    rules.refresh_from_db()
    assert rules.review_disagrees and rules.status == Status.FULFILLED
    assert rules.pk in [row["commitment"].pk for row in editor.get(reverse("admin:ledger_review_queue")).context["rows"]]
    # A status set once the review is in is the person's answer: a relink does not ask again.
    services.commitment_set_status(commitment=rules, status=Status.FULFILLED, user=None, note="核对后仍为已落实")
    services.report_relink(report=report)
    rules.refresh_from_db()
    assert not rules.review_disagrees


def test_a_corrected_follow_up_reopens_no_status_a_person_set_with_the_review_in(db):
    """A clerk set statuses after reading the 2017 review; 2017 replaced with three small word edits queued them all
    again as set "before the next year's report"."""
    from .conftest import FOLLOW_UP

    report = services.report_ingest(seed_bytes("003"), source="003.txt").report
    follow_up = services.report_ingest(FOLLOW_UP.read_bytes(), source="dazu-2025.txt").report
    # As the seeds' fixture loads it: no review_at (it is left out of the fixture, as the load times are).
    Report.objects.filter(pk=follow_up.pk).update(review_at=None)
    rules = report.commitments.get(object="代表建议批评和意见工作办法")
    services.commitment_set_status(commitment=rules, status=Status.FULFILLED, user=None, note="办公室报已完成")
    text = FOLLOW_UP.read_text(encoding="utf-8")
    services.report_ingest(text.replace("一年来", "过去一年", 1).encode("utf-8"), source="dazu-2025b.txt", replace=True)
    rules.refresh_from_db()
    follow_up.refresh_from_db()
    assert follow_up.updated_at > rules.status_decided_at > follow_up.review_at == follow_up.ingested_at
    assert not rules.review_disagrees and rules.status == Status.FULFILLED


def test_deleting_a_follow_up_puts_its_promises_back_to_waiting(client, django_user_model, db):
    """Deleting the 2025 report left the 2024 tasks with statuses from passages that were gone."""
    from .conftest import FOLLOW_UP

    boss = django_user_model.objects.create_superuser("boss2", password="x")
    client.force_login(boss)
    report = services.report_ingest(seed_bytes("003"), source="003.txt").report
    follow_up = services.report_ingest(FOLLOW_UP.read_bytes(), source="dazu-2025.txt").report
    kept = report.commitments.filter(testable=True).first()
    services.commitment_set_status(commitment=kept, status=Status.PARTIAL, user=boss, note="人工")
    page = client.get(reverse("admin:ledger_report_delete", args=[follow_up.pk])).content.decode()
    assert "将回到等待下一年度报告的状态" in page
    client.post(reverse("admin:ledger_report_delete", args=[follow_up.pk]), {"post": "yes"})
    assert not Report.objects.filter(pk=follow_up.pk).exists()
    statuses = set(report.commitments.exclude(pk=kept.pk).values_list("status", "status_rule"))
    assert statuses == {(Status.PENDING, "status.no_follow_up")}
    kept.refresh_from_db()
    assert (kept.status, kept.status_origin) == (Status.PARTIAL, Origin.STAFF)


def test_a_candidate_above_the_decision_line_is_not_said_to_be_below_it(editor, ledger):
    """A candidate scored 1.00 (another passage ranked before it) was described as below the decision line."""
    from ledger.admin.why import candidate_why, status_why

    commitment = ledger.commitments.filter(status=Status.NEEDS_REVIEW, status_rule="status.unsure").first()
    candidate = commitment.evidence.filter(verdict=Verdict.CANDIDATE).order_by("-score").first()
    assert "但未达到判定线" in candidate_why(candidate) and candidate.score < 0.66
    candidate.score = 1.0
    assert "已达判定线" in candidate_why(candidate) and "未达" not in candidate_why(candidate)
    commitment.status_confidence = 1.0
    assert "没有一段被采作此项的报告" in status_why(commitment, candidate=candidate)


def test_people_are_named_by_the_name_on_their_account(client, django_user_model, ledger, staff_groups):
    """Pages named colleagues by their user names (wangli), not as the office knows them (王丽)."""
    from ledger.services.ledger import progress_add

    wang = django_user_model.objects.create_user("wangli", is_staff=True, first_name="丽", last_name="王")
    wang.groups.add(Group.objects.get(name="台账核验"))
    commitment = ledger.commitments.filter(testable=True).first()
    services.commitment_set_status(commitment=commitment, status=Status.PARTIAL, user=wang, note="核对")
    progress_add(commitment=commitment, user=wang, text="开展调研")
    page = _client(client, wang).get(reverse("admin:ledger_commitment_change", args=[commitment.pk])).content.decode()
    assert "由 王丽 于" in page and "王丽 录入于" in page
    assert "欢迎，\n  <strong>王丽</strong>" in page  # the greeting said 丽 (Django's short name is the given name)
    history = client.get(reverse("admin:ledger_commitment_history", args=[commitment.pk])).content.decode()
    assert "王丽" in history
    from ledger.messages import person_name

    assert [person_name(u) for u in (wang, django_user_model(username="li", first_name="Li", last_name="Wei"), None)] == [
        "王丽", "Li Wei", ""
    ]
    assert person_name(django_user_model(username="staff")) == "staff"


def test_confirming_the_passage_the_review_disagrees_with_a_status_by_records_it(editor, db, client):
    """A person confirmed the review's passage on a task whose earlier status it disagreed with: the status stayed, the
    task stayed queued, and nothing said so. The ingest line said nothing of such statuses either."""
    from rest_framework.test import APIClient

    from ledger.messages import follow_through_line
    from .conftest import FOLLOW_UP

    report = services.report_ingest(seed_bytes("003"), source="003.txt").report
    rules = report.commitments.get(object="代表建议批评和意见工作办法")
    services.commitment_set_status(commitment=rules, status=Status.FULFILLED, user=None, note="办公室报已完成")
    Commitment.objects.filter(pk=rules.pk).update(status_decided_at=timezone.now() - dt.timedelta(seconds=20))
    services.report_ingest(FOLLOW_UP.read_bytes(), source="dazu-2025.txt")
    assert "另有 1 项由工作人员在工作回顾载入之前设定的状态，与回顾中的段落不符" in follow_through_line(report, set())
    api = APIClient()
    api.force_authenticate(editor.get(reverse("admin:index")).wsgi_request.user)
    listed = api.get("/api/v1/commitments/", {"review_disagrees": "true"}).json()["results"]
    assert [row["id"] for row in listed] == [rules.pk] and listed[0]["review_disagrees"] is True
    passage = rules.evidence.get(verdict=Verdict.PARTIAL)
    editor.post(
        reverse("admin:ledger_commitment_decide", args=[rules.pk, passage.pk, "confirmed"]), {"version": evidence_version(passage)}
    )
    rules.refresh_from_db()
    assert (rules.status, rules.status_rule, rules.review_disagrees, rules.status_note) == (
        Status.PARTIAL, "status.confirmed", False, ""
    )


def test_the_row_details_name_who_decided_a_status_confirmed_through_its_evidence(boss, ledger, django_user_model):
    """A clerk confirmed a passage: the row said 状态设置方 机器 (now 状态来源) and no one decided, while the sheet said
    人工确认."""
    clerk = django_user_model.objects.create_user("wangli", first_name="丽", last_name="王", is_staff=True)
    evidence = Evidence.objects.filter(commitment__report=ledger, commitment__testable=True, verdict=Verdict.FULFILLED).first()
    services.evidence_decide(evidence=evidence, decision=Decision.CONFIRMED, user=clerk)
    page = boss.get(reverse("admin:ledger_commitment_change", args=[evidence.commitment_id])).content.decode()
    assert "人工确认（王丽 " in page and "状态来源" not in page


def test_a_task_waiting_for_a_person_is_not_given_a_confidence(boss, ledger):
    """A passage naming the task without a word of its fate scored 1.00: shown as 待人工核验（置信度 1.00）."""
    named = Commitment.objects.filter(report=ledger, testable=True).first()
    Commitment.objects.filter(pk=named.pk).update(status=Status.NEEDS_REVIEW, status_rule="status.named_no_sign", status_confidence=1.0)
    page = boss.get(reverse("admin:ledger_commitment_change", args=[named.pk])).content.decode()
    assert "机器判定：待人工核验：" in page and "待人工核验（判定得分" not in page
    assert "1.00（最接近段落的得分，不是置信度）" in page
    listed = boss.get(reverse("admin:ledger_commitment_changelist") + f"?id__in={named.pk}").content.decode()
    assert 'title="提到此项但未说明其结果的段落的得分"' in listed


def test_a_stale_status_form_gives_back_the_status_chosen_and_the_note(editor, ledger):
    """Refused over a colleague's change, the page gave back the note only: the status chosen was lost."""
    commitment = ledger.commitments.filter(testable=True).first()
    response = editor.post(
        reverse("admin:ledger_commitment_status", args=[commitment.pk]),
        {"status": "partial", "note": "B的说明", "version": "stale"}, follow=True,
    )
    assert any(str(m) == "您填写的内容：部分落实；B的说明" for m in response.context["messages"])


def test_a_report_loaded_from_the_fixture_says_when_its_review_came_in(boss, ledger):
    """Seed reports, loaded from the fixture without review_at, showed 工作回顾载入时间 "-"."""
    Report.objects.filter(pk=ledger.pk).update(review_at=None)
    page = boss.get(reverse("admin:ledger_report_change", args=[ledger.pk])).content.decode()
    when = timezone.localtime(Report.objects.get(pk=ledger.pk).ingested_at).strftime("%Y-%m-%d %H:%M")
    field = page[page.index("工作回顾载入时间") :]
    assert when in field[: field.index("</div>", field.index("readonly"))]


def test_a_passage_decided_after_a_colleague_set_the_status_says_so(editor, ledger, django_user_model):
    """B confirmed a passage after A had set the task's status: 依据：已确认, and nothing said the status had changed."""
    evidence = Evidence.objects.filter(commitment__report=ledger, verdict=Verdict.FULFILLED, decision=Decision.PROPOSED).first()
    commitment = evidence.commitment
    page = editor.get(reverse("admin:ledger_commitment_change", args=[commitment.pk])).content.decode()
    seen = form_version(commitment, "status")
    assert f'name="status_version" value="{seen}"' in page
    colleague = django_user_model.objects.create_user("wang", first_name="伟", last_name="王")
    services.commitment_set_status(commitment=commitment, status=Status.PARTIAL, user=colleague, note="核对后")
    url = reverse("admin:ledger_commitment_decide", args=[commitment.pk, evidence.pk, "confirmed"])
    response = editor.post(url, {"version": evidence_version(evidence), "status_version": seen}, follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert any("王伟" in m and "部分落实" in m for m in said)
    commitment.refresh_from_db()
    assert commitment.status == Status.PARTIAL  # the colleague's status stands


def test_a_report_whose_next_is_not_in_says_who_set_the_statuses_it_shows(boss, ledger, django_user_model):
    """A status set ahead of the next report showed beside "every commitment is pending" and a rate of that row."""
    from ledger.selectors import follow_up_of

    report = next(r for r in Report.objects.all() if follow_up_of(r) is None and r.commitments.filter(testable=True).exists())
    url = reverse("admin:ledger_report_change", args=[report.pk])
    page = boss.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "所有工作任务均待回顾" in page
    task = report.commitments.filter(testable=True).first()
    services.commitment_set_status(commitment=task, status=Status.FULFILLED, user=django_user_model.objects.get(username="boss"))
    page = boss.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    said = re.search(r'id="ledger-no-follow-up">(.*?)</p>', page, re.S).group(1)
    assert "所有工作任务均待回顾" not in said and "由工作人员设定" in said


def test_the_first_record_of_a_status_a_person_set_says_who_set_it(boss, ledger, django_user_model):
    """A task whose first history record is a person's status showed the status alone, not that a person set it."""
    task = ledger.commitments.filter(testable=True).first()
    task.history.all().delete()  # as for a task whose first record is a person's (loaded without one)
    services.commitment_set_status(commitment=task, status=Status.PARTIAL, user=django_user_model.objects.get(username="boss"))
    table = boss.get(reverse("admin:ledger_commitment_history", args=[task.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    table = re.sub(r"\s+", " ", table[table.find('id="change-history"') :])
    assert "<strong>状态来源:</strong> 机器&nbsp;&rarr;&nbsp;工作人员" in table
    assert "<strong>状态判定人:</strong> 无&nbsp;&rarr;&nbsp;boss" in table


def test_the_list_says_beside_each_status_who_decided_it(boss, ledger):
    """A person's 已落实 and the machine's differed in the list only by a bare number beside the machine's."""
    machine, person = ledger.commitments.filter(status=Status.FULFILLED, testable=True).order_by("ordinal")[:2]
    services.commitment_set_status(commitment=person, status=Status.FULFILLED, user=None, note="核实")
    page = boss.get(reverse("admin:ledger_commitment_changelist"), {"report": ledger.pk, "testable__exact": 1}).content.decode()
    rows = (re.search(r'/commitment/(\d+)/change/.*?class="ledger-who"[^>]*>([^<]*)</small>', row, re.S) for row in page.split("<tr"))
    shown = dict(found.groups() for found in rows if found)
    assert shown[str(machine.pk)].startswith("机器初判 ") and shown[str(person.pk)] == "人工确认"


def test_a_persons_status_the_review_is_silent_on_is_said_so_without_passages(seed_ledger):
    """It said "the passages of its review report the task as 未见报告", pointing to passages there are none of."""
    from types import SimpleNamespace

    from django.utils import translation

    from ledger.admin.why import status_why

    task = seed_ledger.commitments.filter(testable=True).first()
    task.status, task.status_origin, task.review_disagrees = Status.FULFILLED, Origin.STAFF, True
    task.status_decided_at = timezone.now()
    with translation.override("zh-hans"):
        said = status_why(task, follow_up=SimpleNamespace(review_came_in=task.status_decided_at), evidence=())
    assert "其工作回顾未提及此项任务" in said and "段落" not in said


def test_a_link_from_the_queue_opened_in_another_session_still_leads_back_and_on(editor, ledger, django_user_model):
    """A task's link copied from the queue (?from=queue&place=…) and opened by a colleague, or the next day, showed
    no way back and no next: the queue page it names lived only in the session that showed it."""
    from django.test import Client

    queue = reverse("admin:ledger_review_queue")
    shown = list(editor.get(queue, {"report": ledger.pk}).context["page"].object_list[:3])
    colleague = Client()
    colleague.force_login(django_user_model.objects.get(username="editor"))  # a new session: nothing kept
    change = reverse("admin:ledger_commitment_change", args=[shown[1].pk])
    content = colleague.get(change, {"from": "queue", "place": f"report={ledger.pk}&p=1"}).content.decode()
    assert f'href="{queue}?report={ledger.pk}&amp;p=1" id="ledger-queue-back"' in content
    assert f'href="{reverse("admin:ledger_commitment_change", args=[shown[2].pk])}?from=queue' in content
    # A place naming nothing it knows is the whole queue's first page, never an error.
    assert colleague.get(change, {"from": "queue", "place": "report=abc&p=%00"}).status_code == 200
