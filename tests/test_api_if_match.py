"""Two programs changing the same task of 大足区 2024 over the API: the record's ETag sent back as If-Match saves a
status or a 台账 change only while no one changed what it writes since it was read (versions.py), as the admin's
forms do; without If-Match a write is made as before."""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from django.utils.translation import gettext as _

from ledger.models import Commitment, Status

pytestmark = pytest.mark.django_db
API = "/api/v1"


def editor_named(django_user_model, name) -> APIClient:
    user = django_user_model.objects.create_user(name, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_commitment", "add_unit", "view_commitment", "change_evidence", "view_evidence", "add_progress"])
    )
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def row(seed_ledger):
    return seed_ledger.commitments.filter(testable=True).exclude(status=Status.FULFILLED).order_by("ordinal").first()


@pytest.fixture
def clerks(django_user_model):
    return editor_named(django_user_model, "wang"), editor_named(django_user_model, "li")


def test_the_record_gives_the_same_etag_on_either_path_and_after_a_write(clerks, row):
    wang, _li = clerks
    tag = wang.get(f"{API}/commitments/{row.pk}/")["ETag"]
    assert tag.startswith('"') and tag.endswith('"')
    # The generic path (any query parameter) versions the same fields the same way.
    assert wang.get(f"{API}/commitments/{row.pk}/?format=json")["ETag"] == tag
    written = wang.post(
        f"{API}/commitments/{row.pk}/status/", {"status": "partial", "note": "草案已提请审议"}, format="json",
        HTTP_IF_MATCH=tag,
    )
    assert written.status_code == 200, written.json()
    assert written["ETag"] != tag
    assert wang.get(f"{API}/commitments/{row.pk}/")["ETag"] == written["ETag"]


def test_a_tag_names_one_representation_and_a_read_that_has_it_is_a_304(clerks, row):
    """A progress entry added changed the record and not its ETag (a strong tag names one representation), and
    If-None-Match was never answered 304; a write still compares only the parts it writes."""
    wang, li = clerks
    read = wang.get(f"{API}/commitments/{row.pk}/")
    again = wang.get(f"{API}/commitments/{row.pk}/", HTTP_IF_NONE_MATCH=read["ETag"])
    assert again.status_code == 304 and again["ETag"] == read["ETag"] and not again.content
    assert wang.get(f"{API}/commitments/{row.pk}/", HTTP_IF_NONE_MATCH="W/" + read["ETag"]).status_code == 304
    assert wang.head(f"{API}/commitments/{row.pk}/", HTTP_IF_NONE_MATCH=read["ETag"]).status_code == 304  # as GET
    li.post(f"{API}/commitments/{row.pk}/progress/", {"text": "形成初稿"}, format="json")
    changed = wang.get(f"{API}/commitments/{row.pk}/", HTTP_IF_NONE_MATCH=read["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != read["ETag"] and changed.json()["progress"]
    # The status part did not change: a status write from the first read is no conflict.
    assert wang.post(
        f"{API}/commitments/{row.pk}/status/", {"status": "partial", "note": ""}, format="json", HTTP_IF_MATCH=read["ETag"]
    ).status_code == 200


def test_a_status_from_an_old_read_is_refused_and_names_who_changed_it(clerks, row):
    wang, li = clerks
    tag = li.get(f"{API}/commitments/{row.pk}/")["ETag"]
    assert wang.post(
        f"{API}/commitments/{row.pk}/status/", {"status": "partial", "note": "已提请审议"}, format="json", HTTP_IF_MATCH=tag
    ).status_code == 200
    history = Commitment.history.filter(id=row.pk).count()

    refused = li.post(
        f"{API}/commitments/{row.pk}/status/", {"status": "not_reported", "note": "回顾未提及"}, format="json",
        HTTP_IF_MATCH=tag,
    )
    assert refused.status_code == 412
    error = refused.json()["error"]
    assert error["code"] == "changed_since_read"
    assert "wang" in error["message"]
    # Beside the message, for a program: who and when.
    assert error["detail"]["changed_by"] == "wang" and error["detail"]["changed_at"]
    row.refresh_from_db()
    assert (row.status, row.status_note) == (Status.PARTIAL, "已提请审议")
    assert Commitment.history.filter(id=row.pk).count() == history


def test_a_deadline_from_an_old_read_is_refused_but_a_status_change_is_no_conflict_for_it(clerks, row):
    wang, li = clerks
    tag = li.get(f"{API}/commitments/{row.pk}/")["ETag"]
    # Another clerk's status leaves the 台账 columns as read: Li's deadline is saved.
    wang.post(f"{API}/commitments/{row.pk}/status/", {"status": "fulfilled"}, format="json")
    saved = li.patch(f"{API}/commitments/{row.pk}/", {"due": "2024-09-30"}, format="json", HTTP_IF_MATCH=tag)
    assert saved.status_code == 200
    # Wang, still holding the first read, sets another deadline: refused, Li's stands.
    refused = wang.patch(f"{API}/commitments/{row.pk}/", {"due": "2024-12-31"}, format="json", HTTP_IF_MATCH=tag)
    assert refused.status_code == 412
    assert "li" in refused.json()["error"]["message"]
    row.refresh_from_db()
    assert row.due.isoformat() == "2024-09-30"


@pytest.mark.parametrize(
    "if_match, status_code, code",
    [
        ("*", 200, None), ('"0-0-0-0"', 412, "changed_since_read"), ('"0-0"', 412, "not_a_version"),
        ('"garbage"', 412, "not_a_version"), ("not a tag", 412, "not_a_version"), (None, 200, None),
    ],
)
def test_if_match_any_and_tags_that_name_no_version(clerks, row, if_match, status_code, code):
    """A tag of no task's form was answered that someone had changed the task since: it says no read at all."""
    wang, _li = clerks
    headers = {} if if_match is None else {"HTTP_IF_MATCH": if_match}
    response = wang.post(f"{API}/commitments/{row.pk}/status/", {"status": "fulfilled"}, format="json", **headers)
    assert response.status_code == status_code
    if code is not None:
        assert response.json()["error"]["code"] == code


def test_if_none_match_any_is_a_304(clerks, row):
    wang, _li = clerks
    assert wang.get(f"{API}/commitments/{row.pk}/", HTTP_IF_NONE_MATCH="*").status_code == 304
    assert wang.get(f"{API}/commitments/{row.pk}/", HTTP_IF_NONE_MATCH='"0-0-0-0"').status_code == 200


def test_a_weak_tag_counts_as_its_strong_one_and_one_of_several_tags_is_enough(clerks, row):
    """A proxy that compresses the answer weakens its tag (nginx's gzip): the tag versions the fields, not the
    bytes, so W/ changes nothing."""
    wang, _li = clerks
    tag = wang.get(f"{API}/commitments/{row.pk}/")["ETag"]
    weak = wang.post(f"{API}/commitments/{row.pk}/status/", {"status": "fulfilled"}, format="json", HTTP_IF_MATCH="W/" + tag)
    assert weak.status_code == 200
    listed = wang.post(
        f"{API}/commitments/{row.pk}/status/", {"status": "partial"}, format="json", HTTP_IF_MATCH=f'"0-0-0-0", {weak["ETag"]}'
    )
    assert listed.status_code == 200


def test_a_patch_is_checked_against_the_fields_it_sets_and_names_who_changed_them(clerks, row, django_user_model):
    wang, li = clerks
    zhang = editor_named(django_user_model, "zhang")
    tag = li.get(f"{API}/commitments/{row.pk}/")["ETag"]
    assert li.patch(f"{API}/commitments/{row.pk}/", {"due": "2024-09-30"}, format="json", HTTP_IF_MATCH=tag).status_code == 200
    zhang.post(f"{API}/commitments/{row.pk}/status/", {"status": "partial"}, format="json")  # the last change, not Li's
    # Wang's partner units: no one changed them since Wang's read, so Li's deadline is no conflict.
    partners = wang.patch(f"{API}/commitments/{row.pk}/", {"partner_units": ["研究室"]}, format="json", HTTP_IF_MATCH=tag)
    assert partners.status_code == 200
    refused = wang.patch(f"{API}/commitments/{row.pk}/", {"due": "2024-12-31"}, format="json", HTTP_IF_MATCH=tag)
    assert refused.status_code == 412
    message = refused.json()["error"]["message"]
    assert "li" in message and "zhang" not in message


def test_a_status_the_machine_changed_since_the_read_is_not_set_over(clerks, row, seed_ledger):
    from ledger.services.linking import report_delete

    wang, _li = clerks
    tag = wang.get(f"{API}/commitments/{row.pk}/")["ETag"]
    # The follow-up taken away: the machine's statuses of 2024 go back to waiting for it.
    report_delete(report=seed_ledger.body.reports.get(year=seed_ledger.year + 1))
    refused = wang.post(f"{API}/commitments/{row.pk}/status/", {"status": "partial"}, format="json", HTTP_IF_MATCH=tag)
    assert refused.status_code == 412
    row.refresh_from_db()
    assert row.status == Status.PENDING
    assert str(_("the machine")) in refused.json()["error"]["message"]
    assert refused.json()["error"]["detail"]["changed_by"] is None  # the machine


@pytest.mark.parametrize("if_match, status_code", [('"0-0-0-0"', 412), ("*", 201), (None, 201)])
def test_a_write_with_no_version_takes_if_match_only_as_any(clerks, row, if_match, status_code):
    """A progress entry has no version to compare: a tag cannot match it (412, nothing added); * holds."""
    wang, _li = clerks
    headers = {} if if_match is None else {"HTTP_IF_MATCH": if_match}
    before = row.progress.count()
    response = wang.post(f"{API}/commitments/{row.pk}/progress/", {"text": "形成初稿"}, format="json", **headers)
    assert response.status_code == status_code
    assert row.progress.count() == before + (status_code == 201)
    if status_code == 412:
        assert response.json()["error"]["code"] == "precondition_failed"


@pytest.fixture
def passage(seed_ledger):
    from ledger.models import Decision, Evidence, Verdict

    return Evidence.objects.filter(
        commitment__report=seed_ledger, decision=Decision.PROPOSED, verdict__in=[Verdict.FULFILLED, Verdict.PARTIAL]
    ).order_by("pk").first()


def test_a_decision_on_a_passage_from_an_old_read_is_refused(clerks, passage):
    from ledger.models import Decision

    wang, li = clerks
    tag = li.get(f"{API}/evidence/{passage.pk}/")["ETag"]
    rejected = wang.post(f"{API}/evidence/{passage.pk}/reject/", {"note": "说的是另一项工作"}, format="json", HTTP_IF_MATCH=tag)
    assert rejected.status_code == 200
    assert rejected["ETag"] != tag

    refused = li.post(f"{API}/evidence/{passage.pk}/confirm/", {}, format="json", HTTP_IF_MATCH=tag)
    assert refused.status_code == 412
    error = refused.json()["error"]
    assert error["code"] == "changed_since_read" and "wang" in error["message"]
    assert error["detail"]["changed_by"] == "wang"
    passage.refresh_from_db()
    assert (passage.decision, passage.note) == (Decision.REJECTED, "说的是另一项工作")
    # Read again, Li may undo Wang's decision knowingly.
    tag = li.get(f"{API}/evidence/{passage.pk}/")["ETag"]
    assert li.post(f"{API}/evidence/{passage.pk}/confirm/", {}, format="json", HTTP_IF_MATCH=tag).status_code == 200


def test_a_passage_a_relink_judged_again_since_the_read_is_not_decided(clerks, passage):
    from ledger.models import Evidence, Verdict

    wang, _li = clerks
    tag = wang.get(f"{API}/evidence/{passage.pk}/")["ETag"]
    other = Verdict.PARTIAL if passage.verdict == Verdict.FULFILLED else Verdict.FULFILLED
    Evidence.objects.filter(pk=passage.pk).update(verdict=other)  # as a relink writes it: no person, no history row
    refused = wang.post(f"{API}/evidence/{passage.pk}/confirm/", {}, format="json", HTTP_IF_MATCH=tag)
    assert refused.status_code == 412
    assert str(Verdict(other).label) in refused.json()["error"]["message"]


@pytest.mark.parametrize("if_match, status_code", [(None, 404), ("*", 412)])
def test_a_passage_a_relink_took_away_meanwhile_is_gone_or_changed(clerks, passage, monkeypatch, if_match, status_code):
    """Taken away between the request's read and its lock: without If-Match there is no such passage (404); with
    one, what the client read changed (412)."""
    from ledger.models import Evidence
    from ledger.services import decisions

    lock = decisions.commitment_lock

    def relinked_meanwhile(commitment):
        Evidence.objects.filter(pk=passage.pk).delete()
        lock(commitment)

    monkeypatch.setattr(decisions, "commitment_lock", relinked_meanwhile)
    wang, _li = clerks
    headers = {} if if_match is None else {"HTTP_IF_MATCH": if_match}
    response = wang.post(f"{API}/evidence/{passage.pk}/confirm/", {}, format="json", **headers)
    assert response.status_code == status_code


def test_partner_units_from_an_old_read_name_who_changed_them(clerks, row, django_user_model):
    wang, li = clerks
    zhang = editor_named(django_user_model, "zhang")
    tag = wang.get(f"{API}/commitments/{row.pk}/")["ETag"]
    assert li.patch(f"{API}/commitments/{row.pk}/", {"partner_units": ["研究室"]}, format="json").status_code == 200
    zhang.patch(f"{API}/commitments/{row.pk}/", {"due": "2024-10-31"}, format="json")  # later, and of another field
    refused = wang.patch(f"{API}/commitments/{row.pk}/", {"partner_units": ["财经工委"]}, format="json", HTTP_IF_MATCH=tag)
    assert refused.status_code == 412
    message = refused.json()["error"]["message"]
    assert "li" in message and "zhang" not in message


def test_another_tasks_etag_names_no_read_of_this_one(clerks, seed_ledger):
    """Two tasks alike in every field a write versions (no status note, no unit, no deadline) had the same parts: the
    ETag of one, sent as If-Match to the other, let the write through."""
    wang, _li = clerks
    one, other = seed_ledger.commitments.filter(testable=True, lead_unit=None, due=None)[:2]
    Commitment.objects.filter(pk__in=[one.pk, other.pk]).update(status="pending", status_origin="auto", status_note="")
    tag = wang.get(f"{API}/commitments/{one.pk}/")["ETag"]
    refused = wang.post(f"{API}/commitments/{other.pk}/status/", {"status": "partial"}, format="json", HTTP_IF_MATCH=tag)
    assert refused.status_code == 412 and refused.json()["error"]["code"] == "changed_since_read", refused.content
    # Its own tag lets the same write through.
    own = wang.get(f"{API}/commitments/{other.pk}/")["ETag"]
    assert wang.post(f"{API}/commitments/{other.pk}/status/", {"status": "partial"}, format="json", HTTP_IF_MATCH=own).status_code == 200
    Commitment.objects.filter(pk=other.pk).update(status="pending", status_origin="auto", status_note="")
    assert Commitment.objects.get(pk=other.pk).status == "pending"
    patched = wang.patch(f"{API}/commitments/{other.pk}/", {"due": "2024年底前"}, format="json", HTTP_IF_MATCH=tag)
    assert patched.status_code == 412 and Commitment.objects.get(pk=other.pk).due is None


def test_a_write_sent_again_after_its_answer_was_lost_says_the_change_was_the_senders(clerks, row):
    """A retry with the same If-Match was told "wang changed this task", wang being the one retrying."""
    wang, _li = clerks
    tag = wang.get(f"{API}/commitments/{row.pk}/")["ETag"]
    assert wang.post(f"{API}/commitments/{row.pk}/status/", {"status": "partial"}, format="json", HTTP_IF_MATCH=tag).status_code == 200
    again = wang.post(f"{API}/commitments/{row.pk}/status/", {"status": "partial"}, format="json", HTTP_IF_MATCH=tag,
                      HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert again.status_code == 412 and "您本人" in again.json()["error"]["message"], again.json()
    assert again.json()["error"]["detail"]["changed_by"] == "wang"


def test_another_passages_etag_names_no_read_of_this_one(clerks, seed_ledger):
    """Every passage nobody had decided on had one version: one's ETag let another be rejected."""
    from ledger.models import Evidence

    wang, _li = clerks
    one = Evidence.objects.filter(decision="proposed", decided_at=None).first()
    other = Evidence.objects.filter(decision="proposed", decided_at=None, verdict=one.verdict).exclude(pk=one.pk).first()
    tag = wang.get(f"{API}/evidence/{one.pk}/")["ETag"]
    refused = wang.post(f"{API}/evidence/{other.pk}/reject/", {}, format="json", HTTP_IF_MATCH=tag)
    assert refused.status_code == 412 and Evidence.objects.get(pk=other.pk).decision == "proposed"
