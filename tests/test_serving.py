"""The ledger served as it is deployed: gunicorn, 2 workers x 4 threads, DEBUG off, a SQLite file database,
static files collected and served by WhiteNoise. Concurrent staff get no 5xx, an upload race stores one
report, the static files of the admin and of the Swagger UI are served, and throttling counts across workers.

One server for the module, in a temporary folder; every request has a timeout and every loop a bound.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from ledger.benchmarks.api import gunicorn

from .conftest import FOLLOW_UP

TIMEOUT = 30  # seconds, per request
ANON_RATE = 10  # anonymous requests per minute, the same for the whole server whichever worker answers


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'ledger.sqlite3'}",
        "DEBUG": "false",
        "SECRET_KEY": "served-test-only-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(folder / "static"),
        "LEDGER_PUBLIC_READ": "true",
        "LEDGER_THROTTLE_ANON": f"{ANON_RATE}/minute",
        "LEDGER_THROTTLE_USER": "100000/minute",
        "LEDGER_NUM_PROXIES": "1",
    }
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    # What `make serve` does before serving (collectstatic), beside what bootstrap does (migrate,
    # seeds, staff login), at the same time.
    collect = subprocess.Popen([*manage, "collectstatic", "--noinput", "-v", "0"], env=env, cwd=settings.BASE_DIR)
    subprocess.run([*manage, "bootstrap", "--password", "served-pass"], env=env, check=True, capture_output=True, timeout=120)
    made = subprocess.run([*manage, "drf_create_token", "staff"], env=env, check=True, capture_output=True, text=True, timeout=60)
    token = made.stdout.split()[2]
    assert collect.wait(timeout=120) == 0
    with gunicorn(env) as port:
        yield {"port": port, "token": token, "database": str(folder / "ledger.sqlite3")}


def request(port, method, path, *, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request(method, path, body=body, headers={"Connection": "close", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def at_once(calls):
    """Run the calls in threads released together; their (status, body) in order."""
    results = [None] * len(calls)
    barrier = threading.Barrier(len(calls), timeout=TIMEOUT)

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except Exception as error:  # a dropped connection counts as a failure, reported by the assertion
            results[index] = (None, repr(error).encode())

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * 2)
    return results


def staff(server):
    return {"Authorization": f"Token {server['token']}"}


def test_concurrent_status_decisions_never_fail(server):
    port = server["port"]
    status, body = request(port, "GET", "/api/v1/commitments/?testable=true&page_size=8", headers=staff(server))
    assert status == 200
    ids = [row["id"] for row in json.loads(body)["results"]]
    assert len(ids) == 8
    # Eight commitments at once, then four twice each, then all eight on one.
    for targets, decision in ((ids, "fulfilled"), (ids[:4] * 2, "partial"), (ids[:1] * 8, "not_reported")):
        payload = json.dumps({"status": decision, "note": "served test"}).encode()
        headers = {**staff(server), "Content-Type": "application/json"}
        results = at_once(
            [lambda pk=pk: request(port, "POST", f"/api/v1/commitments/{pk}/status/", body=payload, headers=headers) for pk in targets]
        )
        assert [status for status, _ in results] == [200] * 8, results
        assert all(json.loads(body)["status"] == decision for _, body in results)


def etag_of(port, path, headers) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request("GET", path, headers={"Connection": "close", **headers})
        response = connection.getresponse()
        response.read()
        assert response.status == 200
        return response.getheader("ETag")
    finally:
        connection.close()


def test_of_eight_writes_from_one_read_with_if_match_one_is_saved(server):
    """Eight programs read a task and set its status at once, each sending back the ETag it read: one is saved,
    seven are told someone changed the task since (412), and the task holds the one saved."""
    port = server["port"]
    status, body = request(port, "GET", "/api/v1/commitments/?testable=true&page_size=1&ordering=-id", headers=staff(server))
    pk = json.loads(body)["results"][0]["id"]
    tag = etag_of(port, f"/api/v1/commitments/{pk}/", staff(server))
    headers = {**staff(server), "Content-Type": "application/json", "If-Match": tag}
    notes = [f"第{n}个客户端" for n in range(8)]
    results = at_once([
        lambda note=note: request(
            port, "POST", f"/api/v1/commitments/{pk}/status/",
            body=json.dumps({"status": "partial", "note": note}).encode(), headers=headers,
        )
        for note in notes
    ])
    assert sorted(status for status, _ in results) == [200] + [412] * 7, results
    saved = next(json.loads(body)["status_note"] for status, body in results if status == 200)
    status, body = request(port, "GET", f"/api/v1/commitments/{pk}/", headers=staff(server))
    assert json.loads(body)["status_note"] == saved
    assert all(json.loads(body)["error"]["code"] == "changed_since_read" for status, body in results if status == 412)


def _multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_simultaneous_uploads_of_one_report_store_it_once(server):
    port = server["port"]
    body, content_type = _multipart(FOLLOW_UP.name, FOLLOW_UP.read_bytes())
    headers = {**staff(server), "Content-Type": content_type}
    results = at_once([lambda: request(port, "POST", "/api/v1/reports/", body=body, headers=headers)] * 4)
    statuses = sorted(status for status, _ in results)
    assert statuses == [200, 200, 200, 201], results
    created = [json.loads(body) for status, body in results]
    assert len({answer["id"] for answer in created}) == 1
    assert sorted(answer["outcome"] for answer in created) == ["created", "unchanged", "unchanged", "unchanged"]


def test_static_files_of_the_admin_and_the_swagger_ui_are_served(server):
    port = server["port"]
    status, page = request(port, "GET", "/admin/login/")
    assert status == 200
    status, swagger = request(port, "GET", "/api/schema/swagger/", headers=staff(server))
    assert status == 200
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.decode() + swagger.decode())
    assert any("admin/css/" in path for path in assets)
    assert any("swagger-ui-bundle" in path for path in assets)
    for path in assets:
        assert request(port, "GET", path)[0] == 200, path
    # The names carry the content's hash (the manifest storage): browsers may keep them for good.
    assert any(re.search(r"base\.[0-9a-f]{12}\.css$", path) for path in assets)


def test_throttle_counts_across_worker_processes(server):
    """Anonymous requests from one address, each on a new connection, so both workers answer some: the
    server as a whole lets ANON_RATE through (per-process counting would let up to twice as many)."""
    port = server["port"]
    headers = {"X-Forwarded-For": "203.0.113.7"}  # one client behind the one proxy (LEDGER_NUM_PROXIES=1)
    statuses = [request(port, "GET", "/api/v1/bodies/", headers=headers)[0] for _ in range(ANON_RATE * 2 + 4)]
    assert statuses.count(200) == ANON_RATE, statuses
    assert set(statuses) == {200, 429}
    # Another address has its own count.
    assert request(port, "GET", "/api/v1/bodies/", headers={"X-Forwarded-For": "203.0.113.8"})[0] == 200


def test_reads_do_not_wait_behind_a_write(server):
    """Every API request counted its client in the database, so on SQLite each waited for the one write lock: while a
    report loaded (seconds), a GET of the bodies took as long. Now the count waits a moment, then lets it through."""
    import sqlite3
    import time

    port = server["port"]
    holder = sqlite3.connect(server["database"], timeout=5)
    holder.execute("BEGIN IMMEDIATE")  # a write in progress: the lock a report's ingest holds while it stores
    try:
        started = time.monotonic()
        status, _body = request(port, "GET", "/api/v1/bodies/", headers=staff(server))
        waited = time.monotonic() - started
    finally:
        holder.rollback()
        holder.close()
    assert status == 200 and waited < 2, waited


@pytest.mark.django_db
def test_an_upload_that_loses_the_race_is_answered_already_stored(monkeypatch):
    """On SQLite the write lock taken up front serialises uploads; on PostgreSQL two may both find no stored
    copy and one insert then fails on the unique text: that one stores again and finds the winner's report."""
    from django.db import IntegrityError

    from ledger import services
    from ledger.services import ingest

    store, calls = ingest._report_store, []

    def losing(read, digest, *, replace):
        calls.append(digest)
        if len(calls) == 1:
            store(read, digest, replace=replace)  # the other upload, committed first
            raise IntegrityError("UNIQUE constraint failed: ledger_report.text_sha256")
        return store(read, digest, replace=replace)

    monkeypatch.setattr(ingest, "_report_store", losing)
    result = services.report_ingest(FOLLOW_UP.read_bytes(), source="dazu-2025.txt")
    assert result.outcome == services.UNCHANGED and len(calls) == 2
    assert services.report_ingest(FOLLOW_UP.read_bytes(), source="again.txt").outcome == services.UNCHANGED


def test_deploy_checks_are_clean_once_the_tls_settings_are_given():
    """What is left of `check --deploy` with DEBUG off is what only a TLS proxy settles; the environment sets it."""
    from django.core.checks import run_checks
    from django.test import override_settings

    tls = dict(
        SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True, SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000,
        SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    )
    with override_settings(DEBUG=False, SECRET_KEY="deploy-check-" + uuid.uuid4().hex * 2, **tls):
        assert [m.id for m in run_checks(include_deployment_checks=True)] == []
    with override_settings(DEBUG=False, SECRET_KEY="deploy-check-" + uuid.uuid4().hex * 2):
        left = {m.id for m in run_checks(include_deployment_checks=True)}
    assert left == {"security.W004", "security.W008", "security.W012", "security.W016"}


def test_throttling_counts_in_the_database_all_workers_share():
    """The API's throttles count in a table of the database (the served test above shows the effect)."""
    from rest_framework.settings import api_settings

    from ledger.api.throttling import AnonRateThrottle, UserRateThrottle

    assert api_settings.DEFAULT_THROTTLE_CLASSES == [AnonRateThrottle, UserRateThrottle]
