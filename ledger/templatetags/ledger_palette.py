"""The status palette of ledger/charts.py as CSS custom properties: ledger.css colours the badges and
marked passages with them, so the admin and the SVG charts cannot drift apart."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from ..charts import STATUS_COLOURS, STATUS_TEXT_COLOURS, TEXT_COLOUR

register = template.Library()

# How far a status colour is mixed with white for the background of a marked passage.
TINT = 0.88


def tint(colour: str, amount: float = TINT) -> str:
    """``#rrggbb`` mixed with white: 0 leaves it, 1 is white."""
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in channels)


def palette_css() -> str:
    """``:root`` custom properties --ledger-STATUS, --ledger-STATUS-text and --ledger-STATUS-tint."""
    properties = []
    for status, colour in STATUS_COLOURS.items():
        properties += [
            f"--ledger-{status}: {colour};",
            f"--ledger-{status}-text: {STATUS_TEXT_COLOURS.get(status, TEXT_COLOUR)};",
            f"--ledger-{status}-tint: {tint(colour)};",
        ]
    return ":root { " + " ".join(properties) + " }"


@register.simple_tag
def status_palette_style() -> str:
    return format_html("<style>{}</style>", palette_css())
