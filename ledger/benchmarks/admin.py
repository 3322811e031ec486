"""Admin pages with 100,000+ commitments: the changelist (plain, filtered, searched, deep page), a commitment's
page and the dashboard, timed in-process with Django's test client inside a transaction that is rolled back."""

from __future__ import annotations

import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ledger.models import Body, Commitment
from ledger.services import commitments_link, synthetic_reports_create
from ledger.transactions import atomic

from .sources import corpus_dir
from .synthetic import source_reports

COPIES = 50


def run(write, *, repeat: int = 20, verbose: int = 1, quick: bool = False) -> None:
    sources = source_reports()
    if not sources:
        write(f"admin: needs {corpus_dir()} (absent)")
        return
    with atomic(rollback=True):
        started = time.perf_counter()
        reports = synthetic_reports_create(sources=sources, copies=5 if quick else COPIES, prefix="管理基准机关")
        for report in reports:
            commitments_link(report=report)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.vendor in ("sqlite", "postgresql") else "SELECT 1")
        write(f"built {Commitment.objects.count():,} commitments in {time.perf_counter() - started:.0f} s")
        _measure(write, repeat=max(3, repeat // 4), reports=reports)


def _measure(write, *, repeat: int, reports) -> None:
    user = get_user_model().objects.create_superuser("bench-admin", "bench@example.org", "x")
    client = Client()
    client.force_login(user)
    changelist = reverse("admin:ledger_commitment_changelist")
    body = Body.objects.filter(name__startswith="管理基准机关").order_by("name").first()
    commitment = Commitment.objects.filter(report=reports[1], evidence__isnull=False).first()
    deep = min(1000, Commitment.objects.count() // 50 - 1)
    pages = {
        "changelist": changelist,
        "changelist, body filter": f"{changelist}?body={body.pk}",
        "changelist, status + kind": f"{changelist}?status__exact=fulfilled&kind__exact=programme",
        "changelist, search 试点": f"{changelist}?q=试点",
        # Page 1000 of the full ledger; a --quick ledger has fewer pages, so its last but one.
        f"changelist, page {deep}": f"{changelist}?p={deep}",
        "commitment page": reverse("admin:ledger_commitment_change", args=[commitment.pk]),
        "dashboard": reverse("admin:ledger_dashboard"),
    }
    write(f"{'page':28} {'median ms':>9} {'max ms':>7} {'queries':>7}")
    for name, url in pages.items():
        client.get(url)  # warm
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        write(f"{name:28} {statistics.median(times) * 1000:>9.1f} {max(times) * 1000:>7.1f} {len(queries):>7}")
