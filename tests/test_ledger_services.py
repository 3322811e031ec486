"""The 台账 columns staff keep: units, deadline, progress; each change in the history, never the machine's."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ledger.models import Body, Commitment, Unit
from ledger.selectors import due_soon_q, is_overdue, overdue_q
from ledger.services.ledger import commitment_ledger_update, progress_add


@pytest.fixture
def row(seed_ledger):
    return seed_ledger.commitments.filter(testable=True).order_by("ordinal").first()


def test_units_by_name_are_created_once_per_body_and_recorded_in_history(row, boss):
    assert commitment_ledger_update(
        commitment=row, user=boss, lead_unit="法制工作委员会", partner_units=["财政经济委员会"], due="年底前"
    )
    row.refresh_from_db()
    assert row.lead_unit.name == "法制工作委员会" and row.lead_unit.body == row.report.body
    assert [u.name for u in row.partner_units.all()] == ["财政经济委员会"]
    assert (row.due, row.due_label) == (dt.date(row.plan_year, 12, 31), "年底前")
    latest = row.history.first()
    assert latest.history_user == boss and latest.lead_unit_id == row.lead_unit_id
    assert [p.unit.name for p in latest.partner_units.all()] == ["财政经济委员会"]
    # The same values again change nothing and add no history.
    count = row.history.count()
    assert not commitment_ledger_update(commitment=row, user=boss, lead_unit="法制工作委员会", due="年底前")
    assert row.history.count() == count
    assert Unit.objects.filter(name="法制工作委员会").count() == 1


def test_a_unit_of_another_body_and_a_lead_that_is_also_partner_are_refused(row, boss):
    other = Body.objects.exclude(pk=row.report.body_id).first()
    foreign = Unit.objects.create(body=other, name="办公厅")
    with pytest.raises(ValidationError):
        commitment_ledger_update(commitment=row, user=boss, lead_unit=foreign)
    with pytest.raises(ValidationError):
        commitment_ledger_update(commitment=row, user=boss, lead_unit="研究室", partner_units=["研究室"])
    with pytest.raises(ValidationError):
        commitment_ledger_update(commitment=row, user=boss, due="尽快")
    row.refresh_from_db()
    assert row.lead_unit is None and row.due is None


def test_progress_entries_are_dated_signed_and_newest_first(row, boss):
    progress_add(commitment=row, user=boss, date=dt.date(2024, 3, 1), text="形成初稿")
    progress_add(commitment=row, user=boss, date=dt.date(2024, 6, 1), text="提请审议")
    assert [p.text for p in row.progress.all()] == ["提请审议", "形成初稿"]
    assert row.progress.first().author == boss
    with pytest.raises(ValidationError):
        progress_add(commitment=row, user=boss, text="  ")


def test_a_progress_date_or_a_deadline_outside_the_tasks_years_is_refused(row, boss):
    """What was done is not dated after today nor years before the task was planned; a deadline does not fall
    before the plan year nor decades after it (a mistyped year), on the admin's page, the API and the import alike."""
    today = dt.date.today()
    for date in (today + dt.timedelta(days=1), dt.date(1900, 1, 1), dt.date(row.plan_year - 2, 12, 31)):
        with pytest.raises(ValidationError) as raised:
            progress_add(commitment=row, user=boss, date=date, text="已完成")
        assert date.isoformat() in str(raised.value)
    progress_add(commitment=row, user=boss, date=dt.date(row.plan_year - 1, 12, 1), text="年前已启动")  # the report's year
    for due in (f"{row.plan_year - 5}年1月", "9999年12月", f"{row.plan_year + 11}-01-01"):
        with pytest.raises(ValidationError):
            commitment_ledger_update(commitment=row, user=boss, due=due)
    assert commitment_ledger_update(commitment=row, user=boss, due=f"{row.plan_year + 2}年12月")
    row.refresh_from_db()
    assert [p.text for p in row.progress.all()] == ["年前已启动"] and row.due == dt.date(row.plan_year + 2, 12, 31)


def test_past_the_deadline_and_not_fulfilled_is_overdue(row, boss):
    commitment_ledger_update(commitment=row, user=boss, due=f"{row.plan_year}-06-30")
    row.refresh_from_db()
    after = dt.date(row.plan_year, 7, 1)
    assert is_overdue(row, today=after) == (row.status != "fulfilled")
    assert not is_overdue(row, today=dt.date(row.plan_year, 6, 30))
    assert Commitment.objects.filter(overdue_q(after), pk=row.pk).exists() == is_overdue(row, today=after)
    assert Commitment.objects.filter(due_soon_q(dt.date(row.plan_year, 6, 1)), pk=row.pk).exists() == (row.status != "fulfilled")


def test_a_change_made_through_a_stale_copy_keeps_what_others_changed_meanwhile(row, boss):
    """Two requests read the row, then each changes its own columns: the second writes only its own (it used to
    write back the whole row as it read it, undoing the first request's status)."""
    from ledger.models import Status
    from ledger.services import commitment_set_status

    first, second = Commitment.objects.get(pk=row.pk), Commitment.objects.get(pk=row.pk)
    commitment_set_status(commitment=first, status=Status.PARTIAL, user=boss, note="已部分落实")
    commitment_ledger_update(commitment=second, user=boss, due="上半年")
    third = Commitment.objects.get(pk=row.pk)
    commitment_ledger_update(commitment=third, user=boss, lead_unit="研究室")
    commitment_set_status(commitment=second, status=Status.FULFILLED, user=boss, note="已落实")
    row.refresh_from_db()
    assert (row.status, row.status_note, row.due_label, row.lead_unit.name) == (Status.FULFILLED, "已落实", "上半年", "研究室")


def test_a_deadline_longer_than_its_column_is_refused_with_its_name(row, boss):
    with pytest.raises(ValidationError, match="时限|deadline"):
        commitment_ledger_update(commitment=row, user=boss, due="长期坚持" + "并" * 60)
