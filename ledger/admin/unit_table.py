"""A report's follow-through by lead unit, as its page and its printed 台账 show it: the counts of
selectors.lead_unit_summary, each opening the ledger list filtered to the report, the unit and the status (the list's
own filters: lead_unit, has_lead_unit, status__exact, deadline)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from ..charts import percent
from ..models import Status
from ..selectors import SUMMARY_STATUSES, UnitFigures, UnitSummary


def unit_table(report, summary: UnitSummary, *, total: bool = True) -> dict:
    """The table's column labels, its rows (a unit's, the tasks with no lead unit last) and its total row (the
    report's own totals; left out with ``total`` false: a handout of one unit)."""
    rows = []
    for row in summary.rows:
        unit = {"lead_unit": row.unit_id} if row.unit_id is not None else {"has_lead_unit": "no"}
        rows.append({
            "label": row.label,
            "unit_id": row.unit_id,
            # One unit's printed 台账: a handout for its own staff (the tasks with none: for whoever assigns them).
            "ledger_url": reverse("admin:ledger_report_ledger", args=[report.pk]) + "?" + urlencode(unit),
            "cells": _cells(report, row, unit),
            "rate": _rate(row),
        })
    return {
        "statuses": [Status(status).label for status in SUMMARY_STATUSES],
        "rows": rows,
        "total": _cells(report, summary.total, {}) if total and rows else None,
        "total_rate": _rate(summary.total),
        "rate_heading": summary.total.follow_through.rate_heading,
    }


def _rate(row: UnitFigures) -> dict:
    decided, confirmed, rate = row.rate_figures()
    return {"decided": decided, "confirmed": confirmed, "rate": percent(rate)}


def _cells(report, row: UnitFigures, unit: dict) -> list[tuple[int, str]]:
    """(count, the ledger list showing its rows): the testable tasks, each status, the overdue ones."""
    base = {"report": report.pk, "testable__exact": 1, **unit}
    # In UnitFigures.figures' order.
    params = [base, *({**base, "status__exact": status} for status in SUMMARY_STATUSES), {**base, "deadline": "overdue"}]
    changelist = reverse("admin:ledger_commitment_changelist")
    return [(n, changelist + "?" + urlencode(where)) for n, where in zip(row.figures(), params, strict=True)]
