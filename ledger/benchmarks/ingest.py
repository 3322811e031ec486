"""decode + normalise + read per report, for the seeds and the national government work reports."""

from __future__ import annotations

import resource
import statistics
import time
import tracemalloc
from pathlib import Path

from django.conf import settings

from ledger.pipeline.read import read_report

from .sources import corpus_dir


def run(write, *, repeat: int = 20, verbose: int = 1, quick: bool = False) -> None:
    sets = {"seeds": sorted(Path(settings.LEDGER_SEEDS_DIR).glob("*.txt")), "gwr": sorted(corpus_dir().glob("*.txt"))}
    write(f"{'set':6} {'reports':>7} {'KB':>6} {'median ms':>10} {'p90 ms':>7} {'MB/s':>6} {'peak MiB':>9}")
    write("(peak MiB: Python allocations while reading the set once, by tracemalloc)")
    for name, paths in sets.items():
        if not paths:
            write(f"{name:6} (absent: {corpus_dir()})")
            continue
        blobs = [(path.name, path.read_bytes()) for path in paths]
        per_report = []
        for _ in range(repeat):
            for source, data in blobs:
                started = time.perf_counter()
                read_report(data, source=source)
                per_report.append(time.perf_counter() - started)
        size = sum(len(data) for _, data in blobs)
        tracemalloc.start()
        for source, data in blobs:
            read_report(data, source=source)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        median = statistics.median(per_report)
        p90 = statistics.quantiles(per_report, n=10)[-1]
        throughput = size * repeat / sum(per_report) / 1e6
        write(
            f"{name:6} {len(blobs):>7} {size / 1024:>6.0f} {median * 1000:>10.2f} {p90 * 1000:>7.2f} "
            f"{throughput:>6.2f} {peak / 2**20:>9.2f}"
        )
    write(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
