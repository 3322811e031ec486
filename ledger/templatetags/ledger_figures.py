"""Figures in templates as the dashboard and the API write them: one rounding everywhere (charts.percent)."""

from django import template

from ..charts import percent as _percent

register = template.Library()


@register.filter
def percent(value) -> str:
    """0.148 -> '14.8%'; None -> the dash."""
    return _percent(value)
