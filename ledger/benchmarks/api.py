"""The API under load: a synthetic ledger of 100,000+ commitments in a database of its own, served by
gunicorn on 127.0.0.1, read by 1 and 8 concurrent clients. Prints requests per second and p50/p99 latency.

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
from urllib.parse import urlencode

from django.conf import settings

from .sources import corpus_dir

COPIES = 50  # x about 2,050 commitments = 100,000+
REQUESTS = {1: 60, 8: 240}  # per endpoint and concurrency
TIME_LIMIT = 60.0  # seconds per endpoint and concurrency at most
WORKERS, THREADS = 2, 4


def run(write, *, repeat: int = 20, verbose: int = 1, quick: bool = False) -> None:
    if not corpus_dir().is_dir():
        write(f"api: needs {corpus_dir()} (absent)")
        return
    copies = 5 if quick else COPIES
    with tempfile.TemporaryDirectory(prefix="ledger-bench-") as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
            "DEBUG": "false",
            "SECRET_KEY": "benchmark-only-secret-key-not-for-use",
            "LEDGER_THROTTLE_USER": "100000000/minute",
            "ALLOWED_HOSTS": "127.0.0.1",
        }
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        started = time.perf_counter()
        subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True)
        subprocess.run([*manage, "createcachetable"], env=env, check=True)
        built = subprocess.run([*manage, "synthesize", "--copies", str(copies)], env=env, check=True, capture_output=True, text=True)
        write(f"built in {time.perf_counter() - started:.0f} s: {built.stdout.strip()}")
        token, targets = _prepare(manage, env)
        with gunicorn(env) as port:
            write(f"gunicorn: {WORKERS} workers x {THREADS} threads on 127.0.0.1:{port}; SQLite; DEBUG off")
            write(f"{'endpoint':28} {'clients':>7} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}")
            for name, paths in targets.items():
                _load(port, token, paths, 2, 4)  # warm both workers' caches; not counted
                for clients in (1, 8):
                    count = REQUESTS[clients] // (10 if name.startswith("export") else 1)
                    result = _load(port, token, paths, clients, count)
                    write(
                        f"{name:28} {clients:>7} {result['requests']:>8} {result['rps']:>7.1f} "
                        f"{result['p50']:>7.1f} {result['p99']:>7.1f} {result['errors']:>6}"
                    )


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
from rest_framework.authtoken.models import Token
from ledger.models import Body, Commitment
user, _ = get_user_model().objects.get_or_create(username="bench", defaults={"is_staff": True})
token, _ = Token.objects.get_or_create(user=user)
random.seed(7)
ids = list(Commitment.objects.values_list("id", flat=True))
bodies = list(Body.objects.values_list("id", flat=True))
export = dict(body_name="合成测试机关0000", testable="true", plan_year_max=2018)
rows = Commitment.objects.filter(report__body__name__contains=export["body_name"], testable=True, plan_year__lte=2018).count()
print(json.dumps({"token": token.key, "ids": random.sample(ids, 200), "bodies": bodies, "export": export,
                  "export_rows": rows, "total": len(ids)}))
"""


def _prepare(manage, env):
    output = subprocess.run([*manage, "shell", "-c", _PREPARE], env=env, check=True, capture_output=True, text=True)
    data = json.loads(output.stdout.strip().splitlines()[-1])
    random.seed(11)
    export_query = urlencode(data["export"])
    targets = {
        "commitments, filtered list": [
            f"/api/v1/commitments/?body={random.choice(data['bodies'])}&status={status}&testable=true&page_size=50"
            for status in ("fulfilled", "partial", "not_reported")
            for _ in range(10)
        ],
        "commitment detail": [f"/api/v1/commitments/{pk}/" for pk in data["ids"]],
        "stats by body and year": ["/api/v1/stats/?group_by=body,year"],
        f"export {data['export_rows']} rows (csv)": [f"/api/v1/commitments/export/csv/?{export_query}"],
    }
    print(f"ledger: {data['total']} commitments", flush=True)
    return data["token"], targets


def _load(port: int, token: str, paths: list[str], clients: int, count: int) -> dict:
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
            connection.request("GET", rng.choice(paths), headers={"Authorization": f"Token {token}"})
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
