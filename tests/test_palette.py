"""One status palette: the admin's badges and marks take their colours from ledger/charts.py."""

import re

import pytest
from django.urls import reverse

from ledger.charts import STATUS_COLOURS, STATUS_TEXT_COLOURS
from ledger.models import Status
from ledger.templatetags.ledger_palette import palette_css, tint

from .conftest import ROOT

CSS = ROOT / "ledger" / "static" / "ledger" / "ledger.css"


def test_every_status_colour_is_a_custom_property():
    css = palette_css()
    for status in Status.values:
        assert f"--ledger-{status}: {STATUS_COLOURS[status]};" in css
        assert f"--ledger-{status}-text: {STATUS_TEXT_COLOURS[status]};" in css
        assert f"--ledger-{status}-tint: {tint(STATUS_COLOURS[status])};" in css


def test_tint_mixes_with_white():
    assert tint("#000000", 0) == "#000000" and tint("#000000", 1) == "#ffffff" and tint("#2e7d32", 0.5) == "#96be98"


def test_the_stylesheet_names_no_status_colour_of_its_own():
    css = CSS.read_text(encoding="utf-8")
    for status in Status.values:
        assert f".ledger-badge.ledger-{status} {{ background: var(--ledger-{status});" in css
    assert not set(re.findall(r"#[0-9a-f]{6}", css.lower())) & {c.lower() for c in STATUS_COLOURS.values()}


@pytest.mark.django_db
def test_admin_pages_carry_the_palette(admin_client):
    content = admin_client.get(reverse("admin:index")).content.decode()
    assert palette_css() in content and "ledger/ledger.css" in content
