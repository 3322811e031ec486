"""Form and serializer field validators the ledger's doors share."""

from django.core.validators import ProhibitNullCharactersValidator


def without_nul_check(validators: list) -> list:
    """A text field's validators without Django's refusal of NUL characters (DRF's fields use it too): the NULs of a
    pasted report are removed by the pipeline with a notice, as a file's are."""
    return [v for v in validators if not isinstance(v, ProhibitNullCharactersValidator)]
