import pytest
from django.test import override_settings

from ledger import services
from ledger.models import Body, Commitment, Report, Section
from ledger.pipeline.errors import (
    BinaryInputError,
    ConflictError,
    DecodeError,
    DuplicateReportError,
    EmptyInputError,
    NotAReportError,
    TooLargeError,
)

from .conftest import DATA, needs_corpus, seed_bytes

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything stored, to show that a refused input left the database as it was."""
    return [
        list(model.objects.order_by("pk").values())
        for model in (Body, Report, Section, Commitment)
    ]


def test_ingest_stores_report_body_and_sections():
    result = services.report_ingest(seed_bytes("003"), source="003.txt")
    assert (result.outcome, result.stored) == (services.CREATED, True)
    report = result.report
    assert (report.body.name, report.kind, report.year) == ("重庆市大足区人大常委会", "npc", 2024)
    assert report.body.level == "county"
    assert report.body.parent.name == "重庆市人大常委会"
    assert report.body.parent.level == "provincial"
    assert report.provenance["year"]["source"] == "dateline"
    assert report.raw_text == seed_bytes("003").decode("utf-8")
    assert report.text.startswith("重庆市大足区人民代表大会常务委员会工作报告")
    kinds = list(report.sections.values_list("kind", flat=True))
    assert "review" in kinds and "tasks" in kinds
    tasks = report.sections.get(kind="tasks")
    assert tasks.text.startswith("今后一年工作任务")
    assert [p["number"] for p in tasks.parts if p["level"] == 1] == ["一", "二", "三", "四"]


def test_same_text_again_changes_nothing_and_says_so():
    first = services.report_ingest(seed_bytes("002"), source="002.txt").report
    before = snapshot()
    again = services.report_ingest(seed_bytes("002"), source="copy-of-002.txt")
    assert (again.outcome, again.stored) == (services.UNCHANGED, False)
    assert again.relink == services.RelinkResult()
    assert again.report.pk == first.pk
    assert snapshot() == before


def test_same_report_in_another_encoding_is_the_same_report():
    first = services.report_ingest(seed_bytes("001"), source="001.txt").report
    utf16 = seed_bytes("001").decode("utf-8").encode("utf-16")
    again = services.report_ingest(utf16, source="001-utf16.txt")
    assert again.outcome == services.UNCHANGED
    assert again.report.pk == first.pk


def test_different_text_for_a_stored_body_and_year_is_refused():
    services.report_ingest(seed_bytes("003"), source="003.txt")
    before = snapshot()
    edited = seed_bytes("003").replace("踔厉奋发、积极作为,".encode(), b"")
    with pytest.raises(DuplicateReportError, match="003-edited.txt: 重庆市大足区人大常委会 already has a 2024 report"):
        services.report_ingest(edited, source="003-edited.txt")
    assert snapshot() == before


def test_replace_swaps_the_text_and_keeps_the_row():
    first = services.report_ingest(seed_bytes("003"), source="003.txt").report
    edited = seed_bytes("003").replace("踔厉奋发、积极作为,".encode(), b"")
    result = services.report_ingest(edited, source="003-edited.txt", replace=True)
    assert (result.outcome, result.stored) == (services.REPLACED, True)
    replaced = result.report
    assert replaced.pk == first.pk
    assert "踔厉奋发、积极作为" not in replaced.text
    assert Report.objects.count() == 1
    tasks = replaced.sections.get(kind="tasks")
    assert replaced.text[tasks.start : tasks.start + 8] == "今后一年工作任务"


def test_a_replace_that_would_take_out_every_task_is_refused(django_user_model):
    """A copy of the report cut before its tasks section, loaded as a replace, deleted all 86 rows (their decisions
    set aside), and the whole text loaded back gave them new ids with no decision on them."""
    from ledger.pipeline.errors import ReplaceLosesTasksError

    report = services.report_ingest(seed_bytes("003"), source="003.txt").report
    task = report.commitments.filter(testable=True).first()
    services.commitment_set_status(commitment=task, status="fulfilled", user=django_user_model.objects.create_user("clerk"))
    before = snapshot()
    text = seed_bytes("003").decode("utf-8")
    cut = text[: text.index("今后一年工作任务")].encode("utf-8")
    with pytest.raises(ReplaceLosesTasksError, match=r"cut.txt has no tasks section: .* all its 86 tasks\. Nothing was replaced"):
        services.report_ingest(cut, source="cut.txt", replace=True)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", EmptyInputError, "bad.txt is empty"),
        (b"\x00\x01\x02\x03" * 500, BinaryInputError, "bad.txt is a binary file"),
        ("Rapport annuel, élaboré à Genève. ".encode("latin-1") * 40, DecodeError, "bad.txt is not in a supported encoding"),
        ((DATA / "not_a_report.txt").read_bytes(), NotAReportError, "bad.txt is not a work report"),
    ],
    ids=["empty", "binary", "wrong-encoding", "not-a-report"],
)
def test_bad_input_is_refused_and_stores_nothing(data, error, message):
    services.report_ingest(seed_bytes("000"), source="000.txt")
    before = snapshot()
    with pytest.raises(error, match=message):
        services.report_ingest(data, source="bad.txt")
    assert snapshot() == before


@override_settings(LEDGER_MAX_REPORT_BYTES=10_000)
def test_oversized_input_is_refused_before_reading():
    with pytest.raises(TooLargeError, match=r"big.txt is 29.7 KB, more than the limit of 9.8 KB"):
        services.report_ingest(seed_bytes("003"), source="big.txt")
    assert snapshot() == [[], [], [], []]


def test_a_year_given_against_the_dateline_is_refused():
    with pytest.raises(ConflictError, match="the year given \\(2023\\) contradicts the year the report states \\(2024"):
        services.report_ingest(seed_bytes("003"), source="003.txt", year=2023)
    assert snapshot() == [[], [], [], []]


def test_a_body_given_against_the_title_is_refused():
    with pytest.raises(
        ConflictError,
        match="the body given \\(扬州市人大常委会\\) contradicts the body the report names \\(重庆市大足区人大常委会, "
        "from “重庆市大足区人民代表大会常务委员会工作报告",
    ):
        services.report_ingest(seed_bytes("003"), source="003.txt", body="扬州市人大常委会")
    assert snapshot() == [[], [], [], []]
    # The same body in other words is no contradiction.
    report = services.report_ingest(seed_bytes("003"), source="003.txt", body="重庆市大足区人民代表大会常务委员会").report
    assert report.body.name == "重庆市大足区人大常委会"


def test_a_body_given_against_the_one_the_report_speaks_for_is_refused():
    """A clerk chose 北京市… for a report that says 受重庆市人大常委会委托，向大会报告: it was stored under Beijing,
    and the right upload then found the text stored already."""
    text = "各位代表：\n现在，我受重庆市人民代表大会常务委员会委托，向大会报告工作，请予审议。\n" + seed_bytes(
        "000"
    ).decode("utf-8").replace("# 重庆市人民代表大会常务委员会工作报告", "", 1)  # named by its mandate, not its title
    with pytest.raises(ConflictError, match="the body given \\(北京市人大常委会\\) contradicts the body the report names "
                       "\\(重庆市人大常委会, from “受重庆市人民代表大会常务委员会委托"):
        services.report_ingest(text.encode("utf-8"), source="000.txt", body="北京市人大常委会")
    assert snapshot() == [[], [], [], []]
    # A kind given against the mandate (no title says it): refused for that, not "could not tell which body".
    with pytest.raises(ConflictError, match="given as a government work report, but the report says it is a standing "
                       "committee's \\(“受重庆市人民代表大会常务委员会委托"):
        services.report_ingest(text.encode("utf-8"), source="000.txt", kind="gov")
    assert snapshot() == [[], [], [], []]
    assert services.report_ingest(text.encode("utf-8"), source="000.txt").report.body.name == "重庆市人大常委会"


def test_values_given_with_a_text_stored_already_are_refused_not_ignored():
    """Seed 004 does not state its body (扬州 is read from the places it names): a body given with the same text
    again is not refused as contradicting it, but as differing from what is stored."""
    stored = services.report_ingest(seed_bytes("004"), source="004.txt").report
    before = snapshot()
    with pytest.raises(
        ConflictError,
        match="again.txt: this text is stored already \\(from 004.txt\\) as 扬州市人大常委会, 人大常委会工作报告, 2025; "
        "the values given \\(机关 南京市人大常委会\\) were not applied and nothing was changed",
    ):
        services.report_ingest(seed_bytes("004"), source="again.txt", body="南京市人大常委会")
    assert snapshot() == before
    # A kind against the one the title states is refused before that, naming the title.
    services.report_ingest(seed_bytes("003"), source="003.txt")
    before = snapshot()
    with pytest.raises(ConflictError, match="given as a government work report, but its title"):
        services.report_ingest(seed_bytes("003"), source="again.txt", kind="gov")
    with pytest.raises(ConflictError, match="重庆市大足区人民政府 is a government, but the report reads as a standing committee's"):
        services.report_ingest(seed_bytes("004"), source="again.txt", body="重庆市大足区人民政府")
    # Against the kind given, the kind given is named (the message quoted an empty “” as its evidence).
    with pytest.raises(ConflictError, match="扬州市人大常委会 is a standing committee, but the kind given is a government work report"):
        services.report_ingest(seed_bytes("004"), source="again.txt", body="扬州市人大常委会", kind="gov")
    assert snapshot() == before
    # Values that agree with what is stored: the usual "unchanged".
    again = services.report_ingest(seed_bytes("004"), source="again.txt", kind="npc", year=2025, body="扬州市人大常委会")
    assert (again.outcome, again.report.pk) == (services.UNCHANGED, stored.pk)


def test_report_without_tasks_section_is_stored_with_a_warning():
    text = seed_bytes("003").decode("utf-8")
    review_only = text[: text.index("今后一年工作任务")]
    report = services.report_ingest(review_only.encode("utf-8"), source="review-only.txt").report
    assert not report.sections.filter(kind="tasks").exists()
    assert report.sections.filter(kind="review").exists()
    assert "no_tasks" in [notice["code"] for notice in report.notices]


def test_overrides_win_and_are_recorded():
    report = services.report_ingest(seed_bytes("004"), source="004.txt", body="江苏省扬州市人民代表大会常务委员会").report
    assert report.body.name == "扬州市人大常委会"
    assert report.provenance["body"] == {"value": "扬州市人大常委会", "source": "override", "evidence": ""}
    assert report.body.parent.name == "江苏省人大常委会"
    assert report.provenance["year"]["source"] == "heading_plan"


@needs_corpus
def test_commitments_are_stored_with_the_report():
    report = services.report_ingest(seed_bytes("003"), source="003.txt").report
    commitments = list(report.commitments.order_by("ordinal"))
    assert commitments and {c.plan_year for c in commitments} == {2024}
    assert {c.status for c in commitments} == {"pending"}
    for c in commitments:
        assert report.text[c.start : c.end] == c.text
        assert c.start >= report.sections.get(kind="tasks").start


def test_replace_keeps_the_commitments_it_still_holds_with_what_staff_decided(django_user_model):
    report = services.report_ingest(seed_bytes("003"), source="003.txt").report
    before = {c.pk: c.text for c in report.commitments.all()}
    decided = report.commitments.order_by("ordinal").last()
    editor = django_user_model.objects.create_user("editor")
    services.commitment_set_status(commitment=decided, status="fulfilled", user=editor, note="已核实")
    # An edit in the review moves every offset of the tasks section but changes no commitment.
    edited = seed_bytes("003").replace("踔厉奋发、积极作为,".encode(), b"")
    services.report_ingest(edited, source="003-edited.txt", replace=True)
    after = {c.pk: c.text for c in report.commitments.all()}
    assert after == before
    decided.refresh_from_db()
    assert decided.status == "fulfilled"
    assert decided.report.text[decided.start : decided.end] == decided.text


def test_commitments_keep_the_rule_of_their_row_also_on_replace():
    from ledger.manifest import manifest_overrides
    from ledger.pipeline.read import read_report

    from .conftest import SEEDS

    (path,) = SEEDS.glob("003_*.txt")
    read = read_report(path.read_bytes(), source=path.name, overrides=manifest_overrides(path))
    report = services.report_ingest(path.read_bytes(), source=path.name, **manifest_overrides(path)).report
    stored = list(report.commitments.order_by("ordinal").values_list("ordinal", "rule"))
    assert stored == [(row.ordinal, row.rule) for row in read.commitments]
    assert {rule for _, rule in stored if rule} >= {"general"}
    assert set(report.commitments.filter(testable=False).values_list("rule", flat=True)) == {"general", "general.clause"}
    # A replace refreshes the rule of every row it keeps.
    before = set(report.commitments.values_list("pk", flat=True))
    report.commitments.update(rule="stale.rule")
    edited = path.read_bytes().replace("踔厉奋发、积极作为,".encode(), b"")
    services.report_ingest(edited, source="003-edited.txt", replace=True, **manifest_overrides(path))
    assert set(report.commitments.values_list("pk", flat=True)) == before
    assert list(report.commitments.order_by("ordinal").values_list("ordinal", "rule")) == stored


def test_a_body_cannot_sit_under_its_own_subordinate():
    from django.core.exceptions import ValidationError

    report = services.report_ingest(seed_bytes("003"), source="003.txt").report
    county, city = report.body, report.body.parent
    with pytest.raises(ValidationError, match="parent"):
        services.body_save(body=city, parent=county)
    city.refresh_from_db()
    assert city.parent.name == "全国人大常委会"
    services.body_save(body=county, level="prefectural")
    county.refresh_from_db()
    assert county.level == "prefectural"


def test_a_body_renamed_keeps_its_reports_and_the_next_load_of_them(django_user_model):
    """国务院 renamed 中华人民共和国国务院: a replace of its report made a new body 国务院 with the report a second time,
    and its next year's report would have linked to nothing."""
    from django.core.exceptions import ValidationError
    from django.test import Client
    from django.urls import reverse

    report = services.report_ingest(seed_bytes("003"), source="003.txt").report
    body, named = report.body, report.body.name
    services.body_save(body=body, name=named + "（更名）")
    bodies = Body.objects.count()
    text = report.text.replace("踔厉奋发、积极作为", "踔厉奋发、主动作为", 1)
    replaced = services.report_ingest(text.encode("utf-8"), source="003-edited.txt", replace=True)
    assert (replaced.outcome, replaced.report.pk, replaced.report.body_id) == ("replaced", report.pk, body.pk)
    assert Body.objects.count() == bodies
    # Another body cannot take the old name: its reports would go to the renamed one.
    other = Body.objects.exclude(pk=body.pk).first()
    with pytest.raises(ValidationError):
        services.body_save(body=other, name=named)
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("boss", password="pw"))
    page = admin.post(reverse("admin:ledger_body_change", args=[other.pk]), {"name": named, "level": other.level or ""})
    assert page.status_code == 200 and named in page.content.decode()  # said on the form, not a 500
    assert named in admin.get(reverse("admin:ledger_body_change", args=[body.pk])).content.decode()  # its former name shown
    # Named back, the body drops it from its former names.
    services.body_save(body=body, name=named)
    assert not body.former_names.filter(name=named).exists()


def test_zero_width_characters_make_no_second_body_unit_or_blank_entry(django_user_model):
    """A body given with a zero-width space stored a second body that displays as the first (and was refused as a
    contradiction the person could not see); a progress entry of a zero-width space was a blank 台账 line."""
    from ledger.models import Body, Unit
    from ledger.services.ledger import commitment_ledger_update, progress_add
    from ledger.services.bodies import body_get_or_create
    from django.core.exceptions import ValidationError

    report = services.report_ingest(seed_bytes("003"), source="003.txt", body="重庆市大足区\u200b人大常委会").report
    assert report.body.name == "重庆市大足区人大常委会" and Body.objects.filter(name__contains="\u200b").count() == 0
    assert body_get_or_create(name="\u2060重庆市大足区人大常委会\u200b") == report.body
    task = report.commitments.filter(testable=True).first()
    # The same unit, once with zero-width characters: it is the lead, so not also a partner.
    with pytest.raises(ValidationError):
        commitment_ledger_update(commitment=task, user=None, lead_unit="区财政局", partner_units=["区财政局\u200b\u200c", "区审计局"])
    commitment_ledger_update(commitment=task, user=None, lead_unit="区财政局\u2060", partner_units=["区审计局"])
    assert task.lead_unit.name == "区财政局" and not Unit.objects.filter(name__contains="\u2060").exists()
    with pytest.raises(ValidationError, match="text"):
        progress_add(commitment=task, user=None, text="\u200b\u200d ")


@pytest.mark.parametrize("through", ["admin", "service"])
def test_a_report_deleted_leaves_a_deletion_record_of_each_row_and_its_partner_units(seed_ledger, boss, through):
    """Deleted through Django's collector, each row wrote its record alone (6,500 statements, 5 s for a national
    report); written in bulk now, every row has one record, with the user, the reason and the task's partner units,
    and nothing is left pointing at a row gone (decisions kept aside and pairings of this report and of others)."""
    from collections import Counter

    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from ledger.models import Commitment, Evidence, KeptDecision, Progress, Report, SheetPairing
    from ledger.services.ledger import commitment_ledger_update, progress_add
    from ledger.services.linking import report_delete

    follow_up = Report.objects.get(body=seed_ledger.body, year=seed_ledger.year + 1)
    task = follow_up.commitments.filter(testable=True).first()
    commitment_ledger_update(commitment=task, user=boss, lead_unit="研究室", partner_units=["办公室", "法制工作委员会"])
    progress_add(commitment=task, user=boss, text="已形成初稿")
    other = KeptDecision.objects.create(report=seed_ledger, ordinal=99, kind=task.kind, text="x", reattached_to=task)
    own = KeptDecision.objects.create(report=follow_up, ordinal=98, kind=task.kind, text="y", reattached_to=task)
    for report in (seed_ledger, follow_up):
        SheetPairing.objects.create(report=report, words=f"词{report.pk}", commitment=task)
    tasks = set(follow_up.commitments.values_list("pk", flat=True))
    passages = set(Evidence.objects.filter(report=follow_up).values_list("pk", flat=True))  # of the year before's rows
    passages |= set(Evidence.objects.filter(commitment__report=follow_up).values_list("pk", flat=True))
    entries = set(Progress.objects.filter(commitment__report=follow_up).values_list("pk", flat=True))
    if through == "admin":
        client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        client.force_login(boss)
        assert client.post(reverse("admin:ledger_report_delete", args=[follow_up.pk]), {"post": "yes"}).status_code == 302
    else:
        report_delete(report=follow_up)
    connection.check_constraints()
    assert not Commitment.objects.filter(pk__in=tasks).exists() and not Evidence.objects.filter(pk__in=passages).exists()
    for model, pks in ((Commitment, tasks), (Evidence, passages), (Progress, entries)):
        records = model.history.filter(history_type="-", id__in=pks)
        assert Counter(records.values_list("id", flat=True)) == Counter(pks) and pks, model  # one record each
        assert all("删除" in reason or "delet" in reason for reason in records.values_list("history_change_reason", flat=True))
        if through == "admin":
            assert set(records.values_list("history_user_id", flat=True)) == {boss.pk}, model
    record = Commitment.history.get(history_type="-", id=task.pk)
    assert sorted(link.unit.name for link in record.partner_units.all()) == ["办公室", "法制工作委员会"]
    other.refresh_from_db()
    assert other.reattached_to is None and not SheetPairing.objects.filter(commitment_id__in=tasks).exists()
    # The report's own decision kept aside keeps, in its record, the task it was re-attached to.
    assert KeptDecision.history.get(id=own.pk, history_type="-").reattached_to_id == task.pk
    assert not Report.objects.filter(pk=follow_up.pk).exists() and seed_ledger.commitments.exists()
