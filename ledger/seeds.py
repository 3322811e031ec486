"""The seed reports: ingesting them as the manifest describes, and the fixture built from them."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings
from django.core import serializers

from . import services
from .manifest import manifest_entries, manifest_overrides
from .models import Body, Commitment, Report, Section, SectionKind
from .transactions import atomic

FIXTURE_NAME = "seeds.yaml"
# Timestamps would make every build differ; loaddata fills them with their defaults.
_VOLATILE_FIELDS = {"ingested_at", "updated_at", "rows_changed_at", "review_at"}


def seed_paths(directory: Path | None = None) -> list[Path]:
    directory = Path(directory or settings.LEDGER_SEEDS_DIR)
    return [directory / name for name in sorted(manifest_entries(directory))]


def ingest_seeds(directory: Path | None = None) -> list[Report]:
    return [
        services.report_ingest(path.read_bytes(), source=f"seeds/{path.name}", **manifest_overrides(path)).report
        for path in seed_paths(directory)
    ]


def build_fixture(directory: Path | None = None) -> str:
    """The YAML fixture of the seeds as the pipeline reads them now; the database is left as it was."""
    with atomic(rollback=True):
        # The seeds alone: another report in the database (a follow-up) would link them. Rolled back.
        Report.objects.all().delete()
        Body.objects.all().delete()
        return _dump(ingest_seeds(directory))


def load_fixture() -> int:
    """Load fixtures/seeds.yaml into an empty ledger; returns how many reports it holds then. Its reports' times are
    the load's (the fixture leaves them out to stay stable), review_at too where a report has a review section."""
    from django.core.management import call_command
    from django.db.models import F

    call_command("loaddata", "seeds", verbosity=0)
    Report.objects.filter(review_at__isnull=True, sections__kind=SectionKind.REVIEW).update(review_at=F("ingested_at"))
    return Report.objects.count()


def _dump(reports: list[Report]) -> str:
    bodies: dict[int, Body] = {}
    for report in reports:
        body = report.body
        while body is not None and body.pk not in bodies:
            bodies[body.pk] = body
            body = body.parent
    # Parents before children, then by name, so the file is stable and loads in order.
    ordered_bodies = sorted(bodies.values(), key=lambda b: (_depth(b), b.name))
    ordered_reports = sorted(reports, key=lambda r: (r.body.name, r.kind, r.year))
    children = [
        sorted(
            model.objects.filter(report__in=ordered_reports).select_related("report__body"),
            key=lambda obj: (obj.report.body.name, obj.report.kind, obj.report.year, obj.ordinal),
        )
        for model in (Section, Commitment)
    ]
    objects = serializers.serialize(
        "python",
        [*ordered_bodies, *ordered_reports, *children[0], *children[1]],
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
    )
    for obj in objects:
        for name in _VOLATILE_FIELDS:
            obj["fields"].pop(name, None)
    # Sorted keys: PostgreSQL returns JSON objects in its own key order, SQLite in insertion order.
    return yaml.safe_dump(objects, allow_unicode=True, sort_keys=True, width=120)


def _depth(body: Body) -> int:
    depth = 0
    while body.parent_id is not None:
        body, depth = body.parent, depth + 1
    return depth
