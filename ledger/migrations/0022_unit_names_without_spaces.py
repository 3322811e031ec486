"""Unit names with a space beside a Chinese character (法制 工作委员会), stored before the rule of names dropped such
spaces: renamed to the name the rule makes, so that the name typed again, or an exported 台账 imported again, finds
the unit instead of making a second one. A name that would become another unit's of the same body is left as it is
(the two are merged by a person, in the list of units). Each rename is in the unit's history."""

import re

from django.db import migrations
from django.utils import timezone, translation
from django.utils.translation import gettext

# As services.ledger.unit_name, written out: a migration keeps the rule of its day.
_SPACE_BY_CJK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+|\s+(?=[\u3000-\u9fff\uff00-\uffef])")


def rename(apps, schema_editor):
    Unit = apps.get_model("ledger", "Unit")
    History = apps.get_model("ledger", "HistoricalUnit")
    taken = set(Unit.objects.values_list("body_id", "name"))
    now = timezone.now()
    with translation.override("zh-hans"):  # the ledger's language, as every history reason is written in
        reason = gettext("spaces beside Chinese characters dropped from the name")
    for unit in Unit.objects.filter(name__contains=" "):
        name = _SPACE_BY_CJK.sub("", unit.name)
        if name == unit.name or (unit.body_id, name) in taken:
            continue
        taken.add((unit.body_id, name))
        Unit.objects.filter(pk=unit.pk).update(name=name)
        History.objects.create(
            id=unit.pk, name=name, body_id=unit.body_id, history_date=now, history_type="~",
            history_change_reason=reason,
        )


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0021_not_carried_out"),
    ]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
