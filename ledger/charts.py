"""Server-side SVG charts: pure functions from plain data to SVG markup strings.

No JavaScript, no external resources, no Django: callers pass every text already translated. Every chart
is a standalone, valid XML document (role="img", <title> and <desc> for assistive technology) that
scales with its container (viewBox, width 100%), and can be inlined in an HTML page as it is.

The status palette is defined here once; the admin's status badges import it.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from .widths import wide_count

# The order bars are stacked in: assessed statuses first, so the green part reads as the rate.
STATUS_ORDER: tuple[str, ...] = (
    "fulfilled", "partial", "not_reported", "not_done", "needs_review", "in_progress", "pending",
)

# One colour per Commitment status (ledger.models.Status values), for charts and badges alike.
STATUS_COLOURS: dict[str, str] = {
    "fulfilled": "#2e7d32",  # green
    "partial": "#e69f00",  # amber
    "not_reported": "#c62828",  # red
    "not_done": "#5d4037",  # dark brown: a person's word that the task was not carried out
    "needs_review": "#6a3d9a",  # purple: the machine asks a person to look
    "in_progress": "#1f78b4",  # blue
    "pending": "#d5d5d5",  # light grey
}
# Text drawn on a STATUS_COLOURS background, chosen for contrast.
STATUS_TEXT_COLOURS: dict[str, str] = {
    "fulfilled": "#ffffff",
    "partial": "#1a1a1a",
    "not_reported": "#ffffff",
    "not_done": "#ffffff",
    "needs_review": "#ffffff",
    "in_progress": "#ffffff",
    "pending": "#1a1a1a",
}

# Lines of a trend chart; the overall line is drawn in OVERALL_COLOUR.
SERIES_COLOURS: tuple[str, ...] = (
    "#4e79a7", "#f28e2b", "#76b7b2", "#b07aa1", "#59a14f", "#edc948", "#9c755f", "#ff9da7", "#e15759", "#bab0ac",
)
OVERALL_COLOUR = "#222222"

FONT_FAMILY = "'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','Source Han Sans SC',sans-serif"
TEXT_COLOUR = "#333333"
MUTED_COLOUR = "#767676"
GRID_COLOUR = "#e3e3e3"
FONT_SIZE = 12


@dataclass
class Bar:
    """One stacked bar: counts per status, an optional note drawn after it, links per status."""

    label: str
    counts: Mapping[str, int]
    note: str = ""
    links: Mapping[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Series:
    """One line of a trend chart: x (a year) -> value between 0 and 1, None where there is no value."""

    label: str
    points: Mapping[int, float | None]
    emphasis: bool = False  # the overall line: darker and thicker
    breaks: frozenset[int] = frozenset()  # years not joined to the year before (what is counted changed)


def percent(value: float | None, empty: str = "—", *, outward: str = "") -> str:
    """0.6667 -> '66.7%', 0.00036 -> '0.04%'; None -> the dash. ``outward`` "down" or "up": the bound of a range, rounded away from its
    inside (0.278 % as the least a rate can be is 0.2 %, not 0.3 %), with more decimals where one would round it to
    0 % or 100 % that it is not (0.9995 is 99.95 %: "100.0 %" said every row may be carried out when one is not)."""
    if value is None:
        return empty
    if not outward:
        # A share that is neither none nor all is not shown as 0.0% or 100.0% (one task confirmed of 2,764 is 0.04%).
        for digits in range(1, 5):
            text = f"{value * 100:.{digits}f}"
            if not 0 < value < 1 or float(text) not in (0.0, 100.0):
                return f"{text}%"
        return f"{text}%"
    value = min(max(value, 0.0), 1.0)  # float noise past a bound
    for digits in range(1, 5):
        scale = 10 ** (digits + 2)
        units = math.floor(value * scale + 1e-9) if outward == "down" else math.ceil(value * scale - 1e-9)
        if 0 < units < scale or value in (0, 1):
            return f"{units / 10 ** digits:.{digits}f}%"
    return ">99.9999%" if outward == "up" else "<0.0001%"


def score(value: float | None, empty: str = "—") -> str:
    """A score or a confidence as every page shows it: two decimals, rounded half up like the templates' floatformat
    (0.345 is 0.35 in a heading and in the sentence under it alike)."""
    if value is None:
        return empty
    return str(Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


# --- helpers ------------------------------------------------------------------------------------------


def _attr(value) -> str:
    return escape(str(value), {'"': "&quot;"})


def _num(value: float) -> str:
    """Coordinates with at most two decimals and no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Estimated rendered width: wide (CJK) characters are one em, the rest about 0.6 em."""
    text = str(text)  # a lazily translated label
    return size * (0.6 * len(text) + 0.4 * wide_count(text))


def _truncate(text: str, width: float, size: float = FONT_SIZE) -> str:
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def nice_ticks(maximum: float, target: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``maximum``: 0, 20, 40 … or 0, 2.5, 5 …"""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / target
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    count = math.ceil(maximum / step - 1e-9)
    return [round(i * step, 10) for i in range(count + 1)]


def _tick_label(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _open(width: float, height: float, title: str, description: str, chart_id: str, css_class: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{_attr(css_class)}" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" role="img" '
        f'aria-labelledby="{_attr(chart_id)}-title {_attr(chart_id)}-desc" '
        f'font-family="{_attr(FONT_FAMILY)}" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">',
        f'<title id="{_attr(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{_attr(chart_id)}-desc">{escape(description or title)}</desc>',
    ]


def no_data_svg(message: str, *, title: str = "", chart_id: str = "chart", width: int = 720, height: int = 120) -> str:
    """A chart-sized placeholder that says plainly that there is nothing to draw."""
    parts = _open(width, height, title or message, message, chart_id, "chart chart-empty")
    parts.append(
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" rx="4" fill="#fafafa" '
        f'stroke="{GRID_COLOUR}" stroke-dasharray="4 3"/>'
    )
    parts.append(
        f'<text class="no-data" x="{width / 2:g}" y="{height / 2:g}" text-anchor="middle" dominant-baseline="middle" '
        f'font-size="{FONT_SIZE + 2}" fill="{MUTED_COLOUR}">{escape(message)}</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts)


def _legend(items: Sequence[tuple[str, str]], x: float, y: float, max_width: float) -> tuple[list[str], float]:
    """Swatches with labels, wrapped into rows; returns the markup and the height used."""
    parts, cx, cy, row = ['<g class="legend">'], x, y, 18
    for colour, label in items:
        item_width = 14 + 6 + text_width(label) + 16
        if cx > x and cx + item_width > x + max_width:
            cx, cy = x, cy + row
        parts.append(f'<rect x="{_num(cx)}" y="{_num(cy)}" width="12" height="12" rx="2" fill="{_attr(colour)}"/>')
        parts.append(f'<text x="{_num(cx + 18)}" y="{_num(cy + 10)}">{escape(label)}</text>')
        cx += item_width
    parts.append("</g>")
    return parts, cy - y + row


# --- stacked horizontal bars --------------------------------------------------------------------------


def stacked_bars_svg(
    bars: Sequence[Bar],
    *,
    title: str,
    labels: Mapping[str, str],
    description: str = "",
    axis_label: str = "",
    empty_text: str = "No data",
    order: Sequence[str] = STATUS_ORDER,
    colours: Mapping[str, str] = STATUS_COLOURS,
    chart_id: str = "bars",
    width: int = 720,
) -> str:
    """One horizontal bar per item, stacked by status in ``order``; every bar on the same scale, so a
    segment's width is proportional to its count. ``labels`` names each status (legend and tooltips);
    a segment with a link in ``Bar.links`` is wrapped in <a href>."""
    bars = [bar for bar in bars if bar.total > 0]
    if not bars:
        return no_data_svg(empty_text, title=title, chart_id=chart_id, width=width)

    pad, row_height, bar_height = 8, 28, 18
    label_width = min(max(text_width(bar.label) for bar in bars), 220)
    note_width = max([text_width(bar.note) for bar in bars] + [0]) + (10 if any(bar.note for bar in bars) else 0)
    left = pad + label_width + 10
    plot_width = max(width - left - note_width - pad, 120)

    legend, legend_height = _legend([(colours[s], labels.get(s, s)) for s in order], left, pad, plot_width + note_width)
    top = pad + legend_height + 8
    ticks = nice_ticks(max(bar.total for bar in bars))
    scale = plot_width / ticks[-1]
    bottom = top + row_height * len(bars)
    height = bottom + 24 + (18 if axis_label else 0) + pad

    parts = _open(width, height, title, description, chart_id, "chart chart-bars")
    parts += legend
    # Grid and the count axis.
    parts.append('<g class="axis axis-x">')
    for tick in ticks:
        x = left + tick * scale
        parts.append(f'<line x1="{_num(x)}" y1="{_num(top)}" x2="{_num(x)}" y2="{_num(bottom)}" stroke="{GRID_COLOUR}"/>')
        parts.append(
            f'<text x="{_num(x)}" y="{_num(bottom + 16)}" text-anchor="middle" fill="{MUTED_COLOUR}">{_tick_label(tick)}</text>'
        )
    if axis_label:
        parts.append(
            f'<text x="{_num(left + plot_width / 2)}" y="{_num(bottom + 34)}" text-anchor="middle" '
            f'fill="{MUTED_COLOUR}">{escape(axis_label)}</text>'
        )
    parts.append("</g>")
    parts.append(
        f'<line class="axis axis-y" x1="{_num(left)}" y1="{_num(top)}" x2="{_num(left)}" y2="{_num(bottom)}" stroke="{MUTED_COLOUR}"/>'
    )

    for index, bar in enumerate(bars):
        y = top + index * row_height + (row_height - bar_height) / 2
        middle = y + bar_height / 2
        parts.append(f'<g class="bar" data-label="{_attr(bar.label)}" data-total="{bar.total}">')
        parts.append(f"<title>{escape(bar.label)}</title>")
        parts.append(
            f'<text x="{_num(left - 8)}" y="{_num(middle)}" text-anchor="end" dominant-baseline="middle">'
            f"{escape(_truncate(bar.label, label_width))}</text>"
        )
        x = left
        for status in order:
            count = bar.counts.get(status, 0)
            if not count:
                continue
            segment_width = count * scale
            tooltip = f"{bar.label} · {labels.get(status, status)}: {count}"
            segment = [
                f'<rect class="segment" data-status="{_attr(status)}" data-count="{count}" x="{_num(x)}" y="{_num(y)}" '
                f'width="{_num(segment_width)}" height="{bar_height}" fill="{_attr(colours[status])}">'
                f"<title>{escape(tooltip)}</title></rect>"
            ]
            if segment_width >= text_width(str(count)) + 6:
                segment.append(
                    f'<text x="{_num(x + segment_width / 2)}" y="{_num(middle)}" text-anchor="middle" '
                    f'dominant-baseline="middle" fill="{STATUS_TEXT_COLOURS.get(status, TEXT_COLOUR)}" '
                    f'pointer-events="none">{count}</text>'
                )
            href = bar.links.get(status)
            if href:
                segment = [f'<a href="{_attr(href)}">', *segment, "</a>"]
            parts += segment
            x += segment_width
        if bar.note:
            parts.append(
                f'<text class="note" x="{_num(x + 8)}" y="{_num(middle)}" dominant-baseline="middle" '
                f'font-weight="bold">{escape(bar.note)}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)


# --- trend lines --------------------------------------------------------------------------------------


def trend_svg(
    series: Sequence[Series],
    *,
    title: str,
    description: str = "",
    x_label: str = "",
    y_label: str = "",
    empty_text: str = "No data",
    value_format: Callable[[float], str] = percent,
    chart_id: str = "trend",
    width: int = 720,
    marked_years: Mapping[int, Sequence[tuple[str, str]]] | None = None,
) -> str:
    """Values between 0 and 1 over years, one line per series, with both axes labelled. Years are placed to
    scale; a line joins two values only of consecutive years (never across a year without a value, nor into a
    year of its ``breaks``); every value also gets a marker with a tooltip. A year of ``marked_years`` is labelled
    with each mark given for it (※, †) and their notes, as the tables beside the chart mark it."""
    marked_years = marked_years or {}
    series = [s for s in series if any(v is not None for v in s.points.values())]
    if not series:
        return no_data_svg(empty_text, title=title, chart_id=chart_id, width=width)
    years = sorted({x for s in series for x, v in s.points.items() if v is not None})

    pad, line_height = 8, 18
    legend_label_width = min(max(text_width(s.label) for s in series), 180)
    legend_width = 22 + legend_label_width + pad
    left = pad + (18 if y_label else 0) + text_width("100%") + 8
    right = width - legend_width - 16
    top = pad + 8
    plot_height = 220
    bottom = top + plot_height
    height = max(bottom + 28 + (18 if x_label else 0) + pad, top + line_height * len(series) + pad)

    def x_of(year: int) -> float:
        if len(years) == 1:
            return (left + right) / 2
        return left + 16 + (right - left - 32) * (year - years[0]) / (years[-1] - years[0])

    def y_of(value: float) -> float:
        return bottom - max(0.0, min(1.0, value)) * plot_height

    parts = _open(width, height, title, description, chart_id, "chart chart-trend")
    parts.append('<g class="axis axis-y">')
    for tick in (0, 0.25, 0.5, 0.75, 1):
        y = y_of(tick)
        parts.append(f'<line x1="{_num(left)}" y1="{_num(y)}" x2="{_num(right)}" y2="{_num(y)}" stroke="{GRID_COLOUR}"/>')
        parts.append(
            f'<text x="{_num(left - 6)}" y="{_num(y)}" text-anchor="end" dominant-baseline="middle" '
            f'fill="{MUTED_COLOUR}">{tick * 100:g}%</text>'
        )
    parts.append(f'<line x1="{_num(left)}" y1="{_num(top)}" x2="{_num(left)}" y2="{_num(bottom)}" stroke="{MUTED_COLOUR}"/>')
    if y_label:
        cy = (top + bottom) / 2
        parts.append(
            f'<text x="{_num(pad + 10)}" y="{_num(cy)}" text-anchor="middle" transform="rotate(-90 {_num(pad + 10)} {_num(cy)})" '
            f'fill="{MUTED_COLOUR}">{escape(y_label)}</text>'
        )
    parts.append("</g>")
    parts.append('<g class="axis axis-x">')
    parts.append(f'<line x1="{_num(left)}" y1="{_num(bottom)}" x2="{_num(right)}" y2="{_num(bottom)}" stroke="{MUTED_COLOUR}"/>')
    for year in years:
        x = x_of(year)
        parts.append(f'<line x1="{_num(x)}" y1="{_num(bottom)}" x2="{_num(x)}" y2="{_num(bottom + 4)}" stroke="{MUTED_COLOUR}"/>')
        marks = marked_years.get(year, ())
        label = (
            f"{year}{''.join(mark for mark, _note in marks)}<title>{escape(' '.join(f'{mark} {note}' for mark, note in marks))}</title>"
            if marks else str(year)
        )
        parts.append(f'<text x="{_num(x)}" y="{_num(bottom + 18)}" text-anchor="middle" fill="{MUTED_COLOUR}">{label}</text>')
    if x_label:
        parts.append(
            f'<text x="{_num((left + right) / 2)}" y="{_num(bottom + 38)}" text-anchor="middle" '
            f'fill="{MUTED_COLOUR}">{escape(x_label)}</text>'
        )
    parts.append("</g>")

    colour_index = 0
    legend = ['<g class="legend">']
    for index, line in enumerate(series):
        if line.emphasis:
            colour, stroke = OVERALL_COLOUR, 3
        else:
            colour, stroke = SERIES_COLOURS[colour_index % len(SERIES_COLOURS)], 2
            colour_index += 1
        parts.append(f'<g class="series" data-label="{_attr(line.label)}" stroke="{colour}" fill="{colour}">')
        parts.append(f"<title>{escape(line.label)}</title>")
        runs, run, previous = [], [], None
        for year in years:
            value = line.points.get(year)
            if value is None:
                continue
            if run and (year != previous + 1 or year in line.breaks):
                runs.append(run)
                run = []
            run.append((x_of(year), y_of(value)))
            previous = year
        if run:
            runs.append(run)
        for run in runs:
            points = " ".join(f"{_num(x)},{_num(y)}" for x, y in run)
            parts.append(f'<polyline points="{points}" fill="none" stroke-width="{stroke}" stroke-linejoin="round"/>')
        for year in years:
            value = line.points.get(year)
            if value is not None:
                parts.append(
                    f'<circle cx="{_num(x_of(year))}" cy="{_num(y_of(value))}" r="{stroke + 1.5:g}" stroke="#ffffff" '
                    f'stroke-width="1"><title>{escape(line.label)} {year}: {escape(value_format(value))}</title></circle>'
                )
        parts.append("</g>")
        ly = top + index * line_height
        lx = width - legend_width
        legend.append(
            f'<line x1="{_num(lx)}" y1="{_num(ly + 6)}" x2="{_num(lx + 16)}" y2="{_num(ly + 6)}" stroke="{colour}" '
            f'stroke-width="{stroke}"/>'
        )
        weight = ' font-weight="bold"' if line.emphasis else ""
        legend.append(
            f'<text x="{_num(lx + 22)}" y="{_num(ly + 6)}" dominant-baseline="middle"{weight}>'
            f"{escape(_truncate(line.label, legend_label_width))}</text>"
        )
    legend.append("</g>")
    parts += legend
    parts.append("</svg>")
    return "\n".join(parts)
