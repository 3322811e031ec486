"""A relink and a person at the same moment, on separate connections (on PostgreSQL as deployed; SQLite lets one
write at a time): what the person decides while the relink runs is kept, never written over from the rows the
relink read before."""

import threading
import time

import pytest
from django.db import connection, transaction

from ledger.models import Commitment, Origin, Status
from ledger.services import commitment_set_status
from ledger.services import linking

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_status_a_person_sets_while_a_relink_runs_is_kept(seed_ledger, django_user_model, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's race: SQLite lets one write at a time, and its test database in memory answers a "
                    "second connection's write with 'table is locked' (CI runs the suite on PostgreSQL too)")
    user = django_user_model.objects.create_user("clerk", is_staff=True)
    row = seed_ledger.commitments.filter(testable=True, status_origin=Origin.AUTO).order_by("ordinal").first()
    # A machine status the relink will change (as when the follow-up was replaced): it writes this row.
    Commitment.objects.filter(pk=row.pk).update(status=Status.PENDING)
    done = threading.Event()

    def person():
        try:
            commitment_set_status(
                commitment=Commitment.objects.get(pk=row.pk), status=Status.PARTIAL, user=user, note="工作人员核实"
            )
        finally:
            connection.close()
            done.set()

    decide = linking.machine_status
    started = []

    def deciding(**kwargs):
        # The relink has read the report's rows; the person sets a status now, from another connection.
        if not started:
            started.append(threading.Thread(target=person))
            started[0].start()
            # Until the person's write is made (without the relink's locks) or seen waiting for them.
            deadline = time.monotonic() + 30
            while not done.wait(0.05) and not _waiting_for_a_lock() and time.monotonic() < deadline:
                pass
        return decide(**kwargs)

    monkeypatch.setattr(linking, "machine_status", deciding)
    with transaction.atomic():
        linking.commitments_link(report=seed_ledger)
    started[0].join(30)
    assert done.is_set()
    row.refresh_from_db()
    assert (row.status, row.status_origin, row.status_note) == (Status.PARTIAL, Origin.STAFF, "工作人员核实")


def _waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0
