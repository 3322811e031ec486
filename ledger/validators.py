"""Form and serializer field validators the ledger's doors share."""

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _

# What a person types in one note or progress entry, at most: a 台账 cell holds 32,767 characters (Excel cuts the
# rest, and the sheet sent back would then "correct" the entry to what was left); a task's entries share one cell
# (services.ledger checks their sum).
TYPED_TEXT_MAX = 5000


def without_nul_check(validators: list) -> list:
    """A text field's validators without Django's refusal of NUL characters (DRF's fields use it too): the NULs of a
    pasted report are removed by the pipeline with a notice, as a file's are."""
    return [v for v in validators if not isinstance(v, ProhibitNullCharactersValidator)]


def typed_text_check(text: str, field: str) -> None:
    """Refuse a note or entry longer than TYPED_TEXT_MAX, naming its length (a ValidationError on ``field``)."""
    if len(text) > TYPED_TEXT_MAX:
        raise ValidationError(
            {field: _("At most %(limit)d characters (this has %(length)d): notes and progress entries are exported to 台账 "
                      "cells, and Excel cuts a cell's text beyond 32,767 characters.")
             % {"limit": TYPED_TEXT_MAX, "length": len(text)}}
        )
