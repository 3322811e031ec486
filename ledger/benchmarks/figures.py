"""A figure beside its floor: what a piece of work costs against the least the same result can cost, measured
in the same run (ratios hold where a shared machine's absolute times wander)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

HEADER = f"{'figure':40} {'ms':>9} {'floor':34} {'floor ms':>9} {'ratio':>6} {'target':>7}"


@dataclass(frozen=True)
class Figure:
    name: str
    seconds: float
    floor: str
    floor_seconds: float
    target: float | None = None  # the ratio the figure must stay within, when there is one

    @property
    def ratio(self) -> float:
        return self.seconds / self.floor_seconds if self.floor_seconds else float("inf")

    def line(self) -> str:
        target = "" if self.target is None else f"≤{self.target:g}×" + ("" if self.ratio <= self.target else " ✗")
        return (
            f"{self.name:40} {self.seconds * 1000:>9.2f} {self.floor:34} {self.floor_seconds * 1000:>9.2f} "
            f"{self.ratio:>5.1f}× {target:>7}"
        )


def median_time(work: Callable[[], object], *, repeat: int, warm: int = 1) -> float:
    """The median wall time of ``work`` over ``repeat`` calls, after ``warm`` calls not counted."""
    for _ in range(warm):
        work()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def paired(work: Callable[[], object], floor: Callable[[], object], *, repeat: int, warm: int = 1) -> tuple[float, float]:
    """Medians of ``work`` and ``floor``, run in turn (A B A B …) so that drift in the machine's speed hits both."""
    for _ in range(warm):
        work()
        floor()
    a, b = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        a.append(time.perf_counter() - started)
        started = time.perf_counter()
        floor()
        b.append(time.perf_counter() - started)
    return statistics.median(a), statistics.median(b)
