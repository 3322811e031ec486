"""Bodies: created as reports name them, corrected by staff."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Body, BodyName, Report
from ..pipeline import bodies
from ..pipeline.normalise import visible


def body_get_or_create(*, name: str, level: str | None = None, parent_name: str | None = None) -> Body:
    """The body of that name; a new one gets the level and parent given or else the gazetteer's, and so
    do its new ancestors. An existing body is returned as it is: staff may have corrected it."""
    name = visible(name)
    body = Body.objects.filter(name=name).first() or Body.objects.filter(former_names__name=name).first()
    if body is not None:
        return body
    level = level or bodies.body_level(name).value
    parent_name = parent_name or bodies.body_parent(name).value
    body = Body(
        name=name,
        level=level or "",
        parent=body_get_or_create(name=parent_name) if parent_name else None,
    )
    body.full_clean()
    body.save()
    return body


def former_name_problem(name: str, body: Body) -> str:
    """Why ``body`` may not be called ``name`` ("" when it may): the name another body had, whose reports it finds."""
    if BodyName.objects.filter(name=name).exclude(body_id=body.pk).exists():
        return _("%(name)s was the name of another body: its reports are filed under it.") % {"name": name}
    return ""


@transaction.atomic
def body_save(*, body: Body, **changes) -> Body:
    """Store a body staff created or corrected (name, level, parent); Body.clean refuses a parent cycle. Its reports
    count as updated: every row of theirs names the body, and a sync by updated_since gets them again."""
    for name, value in changes.items():
        setattr(body, name, visible(value) if name == "name" and isinstance(value, str) else value)
    body.full_clean()
    was = Body.objects.filter(pk=body.pk).values_list("name", flat=True).first() if body.pk else None
    if problem := former_name_problem(body.name, body):
        raise ValidationError({"name": problem})
    body.save()
    if was is not None and was != body.name:
        # Reports name the body as they were written: the old name still finds it.
        BodyName.objects.get_or_create(name=was, defaults={"body": body})
    BodyName.objects.filter(body=body, name=body.name).delete()
    Report.objects.rows_changed(body=body)
    return body
