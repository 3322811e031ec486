"""Linking against the hand annotations (tests/data/followup/*.yaml for the seeds, tests/data/linking/*.yaml
for the government reports), and relink time on a synthetic corpus of N copies of the real report pairs."""

from __future__ import annotations

import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings

from django.core.management.base import CommandError

from ledger import accuracy
from ledger.pipeline import link as linker
from ledger.pipeline.extract.evaluate import normalise_object
from ledger.pipeline.read import read_report
from ledger.transactions import atomic

from . import followthrough
from . import extraction
from .extraction import ANNOTATIONS as EXTRACTION
from .sources import corpus_dir, source_path

DATA = Path(settings.BASE_DIR) / "tests" / "data"
STATUSES = ["fulfilled", "partial", "not_reported"]
# What the linker may say of a promise: an annotation's statuses, and a passage's word that it was not done.
PREDICTED = [*STATUSES, "not_done"]


@dataclass
class LinkScore:
    evidence_expected: int = 0
    evidence_found: int = 0  # expected passages overlapped by a predicted one
    predicted: int = 0
    predicted_right: int = 0  # predicted passages overlapping an expected one
    statuses: Counter = field(default_factory=Counter)  # (expected, predicted) -> n
    failures: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.predicted_right / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.evidence_found / self.evidence_expected if self.evidence_expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        total = sum(self.statuses.values())
        return sum(n for (e, p), n in self.statuses.items() if e == p) / total if total else 0.0


def pair_annotations(*, blind: bool = False) -> list[tuple[str, dict]]:
    """The tuned pairs, or (blind=True) the pairs kept blind: never tuned on, figures only."""
    paths = sorted((DATA / "followup").glob("*.yaml")) + sorted((DATA / "linking").glob("*.yaml"))
    loaded = [(path.stem, yaml.safe_load(path.read_text(encoding="utf-8"))) for path in paths]
    return [(name, annotation) for name, annotation in loaded if bool(annotation.get("blind")) == blind]


def names_rows(annotation: dict) -> bool:
    """Whether the annotation names its promises as rows of an extraction annotation (kind and object)
    rather than quoting them: only those can be scored with the promises as annotated."""
    return "quote" not in annotation["commitments"][0]


def _promise_rows(promise_report: str) -> list[dict]:
    """The rows of the whole-section extraction annotation of a report (not of a few of its parts)."""
    for path in sorted(EXTRACTION.glob("*.yaml")):
        annotation = yaml.safe_load(path.read_text(encoding="utf-8"))
        if annotation["report"] == promise_report and "section" in annotation:
            return annotation["rows"]
    raise LookupError(f"no extraction annotation of {promise_report}")


def pair_inputs(annotation: dict, folder: Path):
    """Promises (all annotated rows of the promise report), the follow-up as read, and place names."""
    rows = _promise_rows(annotation["promise_report"])
    promises = [linker.Promise(i, row["kind"], row.get("action", ""), row["object"]) for i, row in enumerate(rows)]
    promise_path = source_path(annotation["promise_report"], folder)
    body = read_report(promise_path.read_bytes(), source=promise_path.name).metadata.body.value
    follow_path = source_path(annotation["follow_up"], folder)
    follow_up = read_report(follow_path.read_bytes(), source=follow_path.name)
    return rows, promises, follow_up, linker.place_prefixes(body)


def evaluate_pair(annotation: dict, folder: Path) -> LinkScore:
    rows, promises, follow_up, places = pair_inputs(annotation, folder)
    matches = linker.link(promises, follow_up.text, follow_up.sections, places=places)
    by_key: dict[int, list[linker.Match]] = {}
    for match in matches:
        by_key.setdefault(match.ref, []).append(match)
    index = {}
    for i, row in enumerate(rows):
        index.setdefault((row["kind"], normalise_object(row["object"])), []).append(i)
    score = LinkScore()
    for expected in annotation["commitments"]:
        keys = index.get((expected["kind"], normalise_object(expected["object"])))
        if not keys:
            raise LookupError(f"{expected['kind']} {expected['object']} is not an annotated promise")
        found = by_key.get(keys.pop(0), [])
        spans = [_span(follow_up.text, passage) for passage in expected.get("evidence") or []]
        score.evidence_expected += len(spans)
        score.evidence_found += sum(1 for s in spans if any(_overlap(s, (m.start, m.end)) for m in found))
        score.predicted += len(found)
        score.predicted_right += sum(1 for m in found if any(_overlap(s, (m.start, m.end)) for s in spans))
        predicted = linker.status_of(m.verdict for m in found)
        score.statuses[(expected["status"], predicted)] += 1
        if predicted != expected["status"]:
            best = found[0] if found else None
            score.failures.append(
                (expected, predicted, follow_up.text[best.start : best.end] if best else "", best.score if best else 0)
            )
    return score


def _span(text: str, passage: str) -> tuple[int, int]:
    start = text.find(passage)
    if start < 0:
        raise LookupError(f"evidence not in the follow-up text: {passage}")
    return start, start + len(passage)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def run(write, *, repeat: int = 20, verbose: int = 1, quick: bool = False, record: bool = False) -> None:
    _passages(write, repeat=repeat, verbose=verbose)
    write("")
    _follow_through(write, record=record)
    if not quick:
        write("")
        _scale(write)


def measure(*, blind: bool) -> tuple[list[tuple[accuracy.Pair, accuracy.Score]], list[str]]:
    """End to end (extraction, linking, status) on every annotated pair of a group whose reports are at hand:
    each pair with its counts, and the names of the pairs whose reports are absent."""
    scored, absent = [], []
    for name, annotation in pair_annotations(blind=blind):
        folder = DATA / ("linking" if annotation["follow_up"].startswith("gwr/") else "followup")
        paths = [source_path(annotation[key], folder) for key in ("promise_report", "follow_up")]
        if not all(path.exists() for path in paths):
            absent.append(name)
            continue
        promise, follow_up = (read_report(path.read_bytes(), source=path.name) for path in paths)
        rows = _promise_rows(annotation["promise_report"]) if names_rows(annotation) else []
        items = followthrough.deliverables(annotation, promise, follow_up, rows)
        outcomes = followthrough.follow_through(
            promise.commitments, follow_up, linker.place_prefixes(promise.metadata.body.value)
        )
        pair = accuracy.Pair(
            name, promise.metadata.kind.value, promise.metadata.year.value, follow_up.metadata.year.value, len(items),
            promise.metadata.body.value,
        )
        scored.append((pair, followthrough.score_pair(items, promise.commitments, outcomes)))
    return scored, absent


def _follow_through(write, *, record: bool = False) -> None:
    """End to end on every annotated pair, tuned and blind side by side; with ``record``, the groups' figures are
    written to ledger/accuracy.yaml, where users see them (only when every pair's reports are at hand)."""
    names = list(accuracy.Score().figures())
    write("end to end: " + ", ".join(names) + " (see ledger/benchmarks/followthrough.py)")
    write(f"{'pair':18} {'group':6} {'n':>4} " + " ".join(f"{n:>11}" for n in names))
    groups, missing = {}, []
    for group in accuracy.GROUPS[::-1]:  # tuned first
        scored, absent = measure(blind=group == "blind")
        total = accuracy.Score()
        for pair, score in scored:
            total += score
            write(_figures_line(pair.name, group, score))
        for name in absent:
            write(f"{name:18} {group:6} (absent)")
        write(_figures_line(f"all {group}", group, total))
        groups[group] = ([pair for pair, _ in scored], total)
        missing += absent
    if record and missing:
        raise CommandError(f"not recorded: the reports of {', '.join(missing)} are absent")
    if record:
        accuracy.record(groups, rows={group: extraction_rows(blind=group == "blind") for group in accuracy.GROUPS})
        write(f"recorded in {accuracy.RECORD}")


def extraction_rows(*, blind: bool) -> accuracy.Rows:
    """The extraction figures of a group's annotated government-report parts, added up (bench extraction prints
    each): recorded beside the group's follow-through, as a rate's denominator is rows."""
    counts = [0, 0, 0, 0]
    for _name, annotation in extraction.annotations(blind=blind):
        if "section" not in annotation:
            counts = [a + b for a, b in zip(counts, extraction.parts_score(extraction.read_annotated(annotation), annotation))]
    return accuracy.Rows(*counts)


def _figures_line(name: str, group: str, score) -> str:
    return f"{name:18} {group:6} {score.deliverables:>4} " + " ".join(f"{v:>11.3f}" for v in score.figures().values())


def _passages(write, *, repeat: int, verbose: int) -> None:
    """Evidence and status against the annotated promises themselves (extraction left out), tuned pairs."""
    write(f"{'pair':18} {'commitments':>11} {'ev. P':>6} {'ev. R':>6} {'ev. F1':>6} {'status acc':>10} {'link ms':>8}")
    for name, annotation in filter(lambda pair: names_rows(pair[1]), pair_annotations()):
        folder = DATA / ("linking" if annotation["follow_up"].startswith("gwr/") else "followup")
        if not source_path(annotation["follow_up"], folder).exists():
            write(f"{name:18} (absent: {annotation['follow_up']})")
            continue
        score = evaluate_pair(annotation, folder)
        _, promises, follow_up, places = pair_inputs(annotation, folder)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            linker.link(promises, follow_up.text, follow_up.sections, places=places)
            times.append(time.perf_counter() - started)
        write(
            f"{name:18} {sum(score.statuses.values()):>11} {score.precision:>6.3f} {score.recall:>6.3f} "
            f"{score.f1:>6.3f} {score.accuracy:>10.3f} {statistics.median(times) * 1000:>8.2f}"
        )
        write("    confusion (rows expected, columns predicted): " + "  ".join(
            f"{e}: " + "/".join(str(score.statuses[(e, p)]) for p in PREDICTED) for e in STATUSES
        ) + f"   [{'/'.join(PREDICTED)}]")
        if verbose >= 2:
            for expected, predicted, passage, best in score.failures:
                write(f"    {expected['status']:>12} → {predicted:12} {expected['kind']:11} {expected['object'][:24]}  «{passage[:50]}» {best:.2f}")


def _scale(write) -> None:
    """Relink time over N copies of the real report pairs, on synthetic bodies, inside a rolled-back transaction."""
    from ledger.services import RelinkResult, commitments_link, synthetic_reports_create

    from .synthetic import source_reports

    sources = source_reports()
    if len(sources) < 2:
        write(f"scale: needs {corpus_dir()} (absent)")
        return
    write(f"{'copies N':>9} {'reports':>8} {'pairs':>6} {'commitments':>12} {'relink s':>9} {'ms/pair':>8}")
    for copies in (1, 10, 100):
        with atomic(rollback=True):
            reports = synthetic_reports_create(sources=sources, copies=copies)
            started = time.perf_counter()
            result = RelinkResult()
            for report in reports:
                result += commitments_link(report=report)
            elapsed = time.perf_counter() - started
            commitments = sum(r.commitments.count() for r in reports[: len(sources)]) * copies
            write(
                f"{copies:>9} {len(reports):>8} {result.pairs:>6} {commitments:>12} {elapsed:>9.2f} "
                f"{elapsed / max(result.pairs, 1) * 1000:>8.1f}"
            )
