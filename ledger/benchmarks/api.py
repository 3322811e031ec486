"""The API on a synthetic ledger of 100,000+ commitments in a scratch database of its own, each figure beside its
floor measured in the same run: the filtered list and a commitment's detail against the same page (record) as
``.values()`` JSON, ``stats/`` against its bare GROUP BY (ledger/benchmarks/urls.py serves the floors). Measured
in one process (Django's test client, every request through the whole stack) and served by gunicorn on
127.0.0.1 to 1 and 8 concurrent clients (requests per second, p50/p99). On SQLite, and on PostgreSQL too when
DATABASE_URL names a PostgreSQL server (a scratch database beside the one named, dropped afterwards). Also
prints the database size per million commitments.

Everything runs in child processes with their own DATABASE_URL, so the ledger the command runs in is
never touched. Requests are bounded in number and time, and only go to the loopback address.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings

from .figures import HEADER, Figure
from .sources import corpus_dir

COPIES = 50  # x about 2,050 commitments = 100,000+
REQUESTS = {1: 60, 8: 240}  # per endpoint and concurrency
INPROCESS_REQUESTS = 60  # per endpoint, each paired with its floor
TIME_LIMIT = 60.0  # seconds per endpoint and concurrency at most
WORKERS, THREADS = 2, 4
# The ratio each endpoint must stay within against its floor, in one process.
TARGETS = {"commitments, filtered list": 2.0, "commitment detail": 2.0, "stats by body and year": 1.5}


def run(write, *, repeat: int = 20, verbose: int = 1, quick: bool = False) -> None:
    if not corpus_dir().is_dir():
        write(f"api: needs {corpus_dir()} (absent)")
        return
    copies = 5 if quick else COPIES
    for label, scratch in _databases():
        with scratch as url:
            _measure(write, label, url, copies)


def _databases():
    """SQLite always; PostgreSQL too when the ledger's own database is one."""
    yield "SQLite", _sqlite_scratch()
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        yield "PostgreSQL", _postgres_scratch()


@contextmanager
def _sqlite_scratch() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="ledger-bench-") as folder:
        yield f"sqlite:///{Path(folder) / 'bench.sqlite3'}"


@contextmanager
def _postgres_scratch() -> Iterator[str]:
    """A scratch database on the server DATABASE_URL names (its role needs CREATEDB), dropped afterwards."""
    from django.db import connection

    name = f"{settings.DATABASES['default']['NAME']}_bench"
    url = urlsplit(os.environ["DATABASE_URL"])
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(url._replace(path=f"/{name}"))
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _measure(write, label: str, url: str, copies: int) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "ledger.benchmarks.settings",
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key-not-for-use",
        "LEDGER_THROTTLE_USER": "100000000/minute",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
    }
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    started = time.perf_counter()
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True)
    built = subprocess.run([*manage, "synthesize", "--copies", str(copies)], env=env, check=True, capture_output=True, text=True)
    write(f"{label}: built in {time.perf_counter() - started:.0f} s: {built.stdout.strip()}")
    data, targets = _prepare(manage, env)
    size = data["size"]
    write(
        f"{label}: database {size / 2**20:.0f} MiB for {data['total']:,} commitments "
        f"({data['evidence']:,} evidence passages) = {size / data['total'] * 1e6 / 2**30:.2f} GiB per million commitments"
    )
    write(f"{label}, one process (Django test client, the whole stack), {INPROCESS_REQUESTS} requests each:")
    write(HEADER)
    child = subprocess.run(
        [sys.executable, "-c", "from ledger.benchmarks.api import in_process; in_process()"],
        env={**env, "LEDGER_BENCH_TARGETS": json.dumps({"token": data["token"], "targets": targets})},
        cwd=settings.BASE_DIR, check=True, capture_output=True, text=True,
    )
    for name, (work, floor) in json.loads(child.stdout.strip().splitlines()[-1]).items():
        write(Figure(name, work, _floor_name(name), floor, TARGETS.get(name)).line())
    with gunicorn(env) as port:
        write(f"{label}, served: gunicorn {WORKERS} workers x {THREADS} threads on 127.0.0.1:{port}; DEBUG off (p50 as ms)")
        write(HEADER + f" {'req/s':>7} {'p99 ms':>7} {'floor p99':>9} {'errors':>6}")
        for name, pairs in targets.items():
            paths = [path for path, _floor in pairs]
            floors = [floor for _path, floor in pairs if floor]
            _load(port, data["token"], paths, 2, 4)  # warm both workers' caches; not counted
            for clients in (1, 8):
                count = REQUESTS[clients] // (30 if name.startswith("export") else 1)  # an export of 27,000 rows takes seconds
                result = _load(port, data["token"], paths, clients, count)
                floor = _load(port, None, floors, clients, count) if floors else None
                figure = Figure(
                    f"{name} @{clients}", result["p50"] / 1000, _floor_name(name) if floor else "",
                    floor["p50"] / 1000 if floor else 0.0,
                )
                line = figure.line() if floor else f"{figure.name:40} {figure.seconds * 1000:>9.2f} {'':34} {'':>9} {'':>6} {'':>7}"
                write(
                    f"{line} {result['rps']:>7.1f} {result['p99']:>7.1f} "
                    f"{floor['p99'] if floor else float('nan'):>9.1f} {result['errors'] + (floor['errors'] if floor else 0):>6}"
                )


def _floor_name(name: str) -> str:
    return "the bare GROUP BY" if name.startswith("stats") else "the same as .values() JSON"


def in_process() -> None:
    """In a child process whose settings are ledger.benchmarks.settings: each target's requests through Django's
    test client, each paired with its floor; prints the medians as JSON."""
    import django

    django.setup()
    from django.test import Client

    spec = json.loads(os.environ["LEDGER_BENCH_TARGETS"])
    client = Client(HTTP_AUTHORIZATION=f"Token {spec['token']}")
    results = {}
    for name, pairs in spec["targets"].items():
        pairs = [pair for pair in pairs if pair[1]]
        if not pairs:
            continue
        rng = random.Random(5)
        work, floor = [], []
        for i in range(INPROCESS_REQUESTS + 5):
            path, floor_path = rng.choice(pairs)
            started = time.perf_counter()
            response = client.get(path)
            middle = time.perf_counter()
            floor_response = client.get(floor_path)
            ended = time.perf_counter()
            assert response.status_code == floor_response.status_code == 200, (path, response.status_code)
            if i >= 5:  # the first few warm the caches
                work.append(middle - started)
                floor.append(ended - middle)
        results[name] = (statistics.median(work), statistics.median(floor))
    print(json.dumps(results))


@contextmanager
def gunicorn(env: dict, *, workers: int = WORKERS, threads: int = THREADS) -> Iterator[int]:
    """config.wsgi served as deployed (gunicorn, ``workers`` x ``threads`` gthread) on 127.0.0.1 at a free port,
    with ``env`` as its environment; yields the port and stops the server on leaving."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
         "-k", "gthread", "--threads", str(threads), "--log-level", "warning"],
        cwd=settings.BASE_DIR, env=env,
    )
    try:
        _wait(port, server)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


_PREPARE = """
import json, random
from django.contrib.auth import get_user_model
from django.db import connection
from rest_framework.authtoken.models import Token
from ledger.models import Body, Commitment, Evidence
user, _ = get_user_model().objects.get_or_create(username="bench", defaults={"is_staff": True})
token, _ = Token.objects.get_or_create(user=user)
random.seed(7)
ids = list(Commitment.objects.values_list("id", flat=True))
bodies = list(Body.objects.values_list("id", flat=True))
export = dict(body_name="合成测试机关0000", testable="true", plan_year_max=2018)
rows = Commitment.objects.filter(report__body__name__contains=export["body_name"], testable=True, plan_year__lte=2018).count()
with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
    else:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
        size = cursor.fetchone()[0]
print(json.dumps({"token": token.key, "ids": random.sample(ids, 200), "bodies": bodies, "export": export,
                  "export_rows": rows, "total": len(ids), "evidence": Evidence.objects.count(), "size": size}))
"""


def _prepare(manage, env):
    """The scratch ledger's token and figures, and each endpoint's requests paired with their floors."""
    output = subprocess.run([*manage, "shell", "-c", _PREPARE], env=env, check=True, capture_output=True, text=True)
    data = json.loads(output.stdout.strip().splitlines()[-1])
    random.seed(11)
    export_query = urlencode(data["export"])
    lists = [
        f"?body={random.choice(data['bodies'])}&status={status}&testable=true&page_size=50"
        for status in ("fulfilled", "partial", "not_reported")
        for _ in range(10)
    ]
    targets = {
        "commitments, filtered list": [(f"/api/v1/commitments/{q}", f"/bench/floor/commitments/{q}") for q in lists],
        "commitment detail": [(f"/api/v1/commitments/{pk}/", f"/bench/floor/commitments/{pk}/") for pk in data["ids"]],
        "stats by body and year": [("/api/v1/stats/?group_by=body,year", "/bench/floor/stats/")],
        f"export {data['export_rows']} rows (csv)": [(f"/api/v1/commitments/export/csv/?{export_query}", None)],
    }
    return data, targets


def _load(port: int, token: str | None, paths: list[str], clients: int, count: int) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + TIME_LIMIT
    per_client = max(1, count // clients)

    def client(seed: int):
        nonlocal errors
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(per_client):
            if time.perf_counter() > deadline:
                break
            started = time.perf_counter()
            connection.request("GET", rng.choice(paths), headers={"Authorization": f"Token {token}"} if token else {})
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                errors += response.status != 200
        connection.close()

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "errors": errors,
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(port: int, server: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with code {server.returncode} before serving")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start on port {port}")
