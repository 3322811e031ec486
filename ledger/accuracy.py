"""How often the machine's statuses are right, measured end to end on annotated report pairs (the promise
report read and extracted, its rows linked to the next report's review), in two groups: the pairs the rules were
tuned on and the pairs kept blind (never tuned on; only their figures were ever looked at).

`manage.py bench linking --record` writes the figures to accuracy.yaml; the dashboard, a report's page and the
API's ``accuracy/`` show them beside the machine's own rates, so that whoever publishes a machine rate knows how
far it held on reports nobody tuned it to. A test measures them again wherever the annotated reports are at hand,
so the record cannot fall behind the code.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from pathlib import Path

import yaml

RECORD = Path(__file__).with_name("accuracy.yaml")
GROUPS = ("blind", "tuned")
_COUNTS = (
    "deliverables", "found", "right", "decided", "decided_right", "said_not_reported", "not_reported_right",
    "reported_found", "evidence_top3", "reported", "said_reported", "decided_reported",
)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# 95 %: the interval a share drawn from this many deliverables may wander within (a hundred-odd deliverables make a
# share of 0.744 anything from about 0.66 to 0.81).
_Z = 1.959964


def wilson(part: int, whole: int) -> tuple[float, float] | None:
    """The Wilson score interval (95 %) of the share part / whole, None where there is nothing to divide by."""
    if not whole:
        return None
    share, z2 = part / whole, _Z * _Z
    centre = (share + z2 / (2 * whole)) / (1 + z2 / whole)
    half = _Z * math.sqrt(share * (1 - share) / whole + z2 / (4 * whole * whole)) / (1 + z2 / whole)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class Score:
    """Counts of one pair or group (see ledger/benchmarks/followthrough.py for how each is counted)."""

    deliverables: int = 0
    found: int = 0  # annotated deliverables that exist as a row
    right: int = 0  # end to end: a deliverable not found is wrong
    decided: int = 0  # found, and given a status (not needs_review)
    decided_right: int = 0
    said_not_reported: int = 0
    not_reported_right: int = 0
    reported_found: int = 0  # fulfilled or partial, found
    evidence_top3: int = 0  # of those, the annotated passage among the first three
    # The rate on the same promises: annotated fulfilled or partial (of all, and of those the machine decided), and
    # given fulfilled or partial by the machine. Where a person's and the machine's differ on the rows the machine
    # decided, a machine rate (of decided rows) leans the same way.
    reported: int = 0
    said_reported: int = 0
    decided_reported: int = 0
    confusion: dict = field(default_factory=dict, compare=False)  # (expected, predicted) -> n

    def __iadd__(self, other: "Score") -> "Score":
        for name in _COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for key, n in other.confusion.items():
            self.confusion[key] = self.confusion.get(key, 0) + n
        return self

    # Each share is None where there is nothing to divide by.
    found_share = property(lambda self: _share(self.found, self.deliverables))
    status_accuracy = property(lambda self: _share(self.right, self.deliverables))
    decided_accuracy = property(lambda self: _share(self.decided_right, self.decided))
    coverage = property(lambda self: _share(self.decided, self.found))
    not_reported_precision = property(lambda self: _share(self.not_reported_right, self.said_not_reported))
    top3_share = property(lambda self: _share(self.evidence_top3, self.reported_found))
    # A person's rate and the machine's on the same rows, the ones the machine decided (as a rate of stats/ is).
    reported_share = property(lambda self: _share(self.decided_reported, self.decided))
    said_reported_share = property(lambda self: _share(self.said_reported, self.decided))

    def figures(self) -> dict[str, float]:
        """The shares by the names `bench linking` prints (0 for none)."""
        shares = (
            self.found_share, self.status_accuracy, self.decided_accuracy, self.coverage,
            self.not_reported_precision, self.top3_share,
        )
        names = ("found", "status acc", "decided acc", "coverage", "未见报告 P", "ev. top3")
        return {name: share or 0.0 for name, share in zip(names, shares)}

    # Each share's part and whole, by the name the API gives it.
    _PARTS = {
        "status_accuracy": ("right", "deliverables"), "decided_accuracy": ("decided_right", "decided"),
        "coverage": ("decided", "found"), "not_reported_precision": ("not_reported_right", "said_not_reported"),
        "evidence_top3": ("evidence_top3", "reported_found"), "reported_share": ("decided_reported", "decided"),
        "said_reported_share": ("said_reported", "decided"),
    }

    def intervals(self) -> dict[str, tuple[float, float] | None]:
        """Each share's 95 % Wilson interval, by the name the API gives the share."""
        return {name: wilson(getattr(self, part), getattr(self, whole)) for name, (part, whole) in self._PARTS.items()}

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in _COUNTS}


@dataclass(frozen=True)
class Pair:
    """An annotated pair: the promise report's kind (npc / gov) and year, the follow-up's year, how many
    deliverables were annotated, and the body whose reports they are."""

    name: str
    kind: str
    promise_year: int
    follow_up_year: int
    deliverables: int
    body: str = ""


@dataclass(frozen=True)
class Rows:
    """Extraction of a group's annotated government-report parts (bench extraction): the deliverables annotated,
    the testable rows the ledger made of those parts, the deliverables found as a row, and the rows that stand for
    one. A rate's denominator is rows: the share of them that are no deliverable is 1 − precision."""

    annotated: int = 0
    predicted: int = 0
    matched: int = 0
    matching: int = 0

    precision = property(lambda self: _share(self.matching, self.predicted))
    recall = property(lambda self: _share(self.matched, self.annotated))

    def intervals(self) -> dict[str, tuple[float, float] | None]:
        return {"precision": wilson(self.matching, self.predicted), "recall": wilson(self.matched, self.annotated)}


@dataclass(frozen=True)
class Measured:
    group: str  # blind or tuned
    pairs: tuple[Pair, ...]
    score: Score
    rows: Rows | None = None  # its extraction annotations' figures, where recorded

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(pair.kind for pair in self.pairs))


def tuned_on(body: str, kind: str, year: int) -> bool:
    """Whether the rules were tuned on this body's report of ``year`` and its follow-up: its machine statuses read
    better there than on a report nobody tuned them to."""
    tuned = measured().get("tuned")
    return tuned is not None and any(
        (pair.body, pair.kind, pair.promise_year) == (body, kind, year) for pair in tuned.pairs
    )


def record(groups: dict[str, tuple[list[Pair], Score]], path: Path = RECORD, rows: dict[str, Rows] | None = None) -> None:
    """Write the groups' pairs and counts (not their shares: they follow from the counts), and their extraction
    figures where given."""
    data = {
        group: {
            "pairs": [asdict(pair) for pair in pairs], "counts": score.counts(),
            **({"rows": asdict(rows[group])} if rows and group in rows else {}),
        }
        for group, (pairs, score) in groups.items()
    }
    header = "# Written by `manage.py bench linking --record`: the end-to-end figures of the annotated pairs.\n"
    path.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    measured.cache_clear()


@lru_cache(maxsize=1)
def measured(path: Path = RECORD) -> dict[str, Measured]:
    """The recorded groups by name (none when nothing was recorded)."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    names = {f.name for f in fields(Pair)}
    return {
        group: Measured(
            group,
            tuple(Pair(**{k: v for k, v in pair.items() if k in names}) for pair in data[group]["pairs"]),
            Score(**{k: int(v) for k, v in data[group]["counts"].items() if k in _COUNTS}),
            Rows(**{k: int(v) for k, v in data[group]["rows"].items()}) if data[group].get("rows") else None,
        )
        for group in GROUPS
        if group in data
    }
