"""seeds/manifest.yaml: what each seed file is, as known by a person rather than read by the pipeline."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from .models import ReportKind
from .numbers import positive_int
from .pipeline.errors import IngestError, gettext_noop, os_problem
from .pipeline.types import Fact

MANIFEST_NAME = "manifest.yaml"
OVERRIDABLE = ("body", "kind", "year")


class ManifestError(IngestError):
    code = "manifest"


@cache
def _load(directory: Path) -> dict[str, dict]:
    path = directory / MANIFEST_NAME
    if not path.is_file():
        return {}
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        # PyYAML's own words are English and name its parser's states: the place is what a person needs.
        mark = getattr(error, "problem_mark", None)
        raise ManifestError(
            gettext_noop("%(manifest)s is not valid YAML (line %(line)s, column %(column)s): mend it, or ingest with --no-manifest."),
            manifest=str(path), line=mark.line + 1 if mark else "?", column=mark.column + 1 if mark else "?",
        ) from error
    except UnicodeDecodeError as error:
        raise ManifestError(gettext_noop("%(manifest)s is not UTF-8: save it as UTF-8."), manifest=str(path)) from error
    except OSError as error:
        raise ManifestError(gettext_noop("%(manifest)s cannot be read: %(problem)s"), manifest=str(path), problem=os_problem(error)) from error
    reports = entries.get("reports", []) if isinstance(entries, dict) else None
    if not isinstance(reports, list) or not all(isinstance(e, dict) and isinstance(e.get("file"), str) for e in reports):
        raise ManifestError(
            gettext_noop("%(manifest)s is not a manifest: it should hold “reports:”, a list of entries each with a “file:”."),
            manifest=str(path),
        )
    for entry in reports:
        body, kind = entry.get("body"), entry.get("kind")
        if body is not None and not (isinstance(body, str) and body.strip()):
            raise ManifestError(
                gettext_noop("%(manifest)s: the body of %(file)s is “%(body)s”; write the body's name (重庆市大足区人大常委会)."),
                manifest=str(path), file=entry["file"], body=body,
            )
        if kind is not None and kind not in ReportKind.values:
            raise ManifestError(
                gettext_noop("%(manifest)s: the kind of %(file)s is “%(kind)s”; write npc (a standing committee's report) or gov."),
                manifest=str(path), file=entry["file"], kind=kind,
            )
        year = entry.get("year")
        if isinstance(year, str) and (number := positive_int(year.strip(), maximum=None)):
            entry["year"] = year = number  # year: "2024"
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise ManifestError(
                gettext_noop("%(manifest)s: the year of %(file)s is “%(year)s”; write it in digits (2024)."),
                manifest=str(path), file=entry["file"], year=year,
            )
    return {entry["file"]: entry for entry in reports}


def manifest_entry(path: Path) -> dict | None:
    """The manifest entry describing ``path``, from the manifest in the same folder, if any."""
    try:
        folder = path.resolve().parent
    except (OSError, RuntimeError):  # a symlink loop: no folder to look in (reading the file says what is wrong)
        return None
    return _load(folder).get(path.name)


def manifest_entries(directory: Path) -> dict[str, dict]:
    return dict(_load(directory.resolve()))


def manifest_overrides(path: Path) -> dict[str, Fact]:
    entry = manifest_entry(path) or {}
    return {name: Fact(entry[name], "manifest", MANIFEST_NAME) for name in OVERRIDABLE if name in entry}
