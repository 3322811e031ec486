"""A form posted from a page read before someone else changed what the form saves.

The commitment page's status form and 台账 form post every field as the page showed it; saved over a colleague's
change (or the machine's status from a relink) they would undo it without a word. Each form carries a version of
the fields it saves (versions.py); the view compares it with the row read again under lock, in the transaction that
saves, and saves nothing when they differ. A change to other fields (a replace moving the row in its text) is no conflict.
"""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext

from ..messages import changed_by
from ..models import Status, Unit
from ..numbers import positive_int
from ..versions import changer, form_version


def changed_since_read(request, commitment, form: str) -> bool:
    """Whether what ``form`` saves changed since the posting page was read (``commitment`` read again, locked);
    if so, a message names who changed the task last, and when. A post without the version (a page kept from
    before the forms carried it) cannot say what it read, so it saves nothing either."""
    posted = request.POST.get("version")
    if posted == form_version(commitment, form):
        return False
    _refused_with_what_was_typed(request, commitment, posted, form)
    return True


def _refused_with_what_was_typed(request, commitment, posted, form: str) -> None:
    record = None if posted is None else changer(commitment.pk, [form], [{form: posted}])
    if posted is None:
        messages.error(request, gettext(
            "Nothing was saved: the page does not say what it showed of this task (it was opened before the ledger's "
            "last update). The page now shows what the ledger holds; make your change again if it is still needed."
        ))
    elif record is None:
        messages.error(request, gettext(
            "Nothing was saved: this task changed after this page was opened. The page now shows what the ledger "
            "holds; make your change again if it is still needed."
        ))
    else:
        messages.error(request, gettext(
            "Nothing was saved: %(user)s changed this task at %(when)s, after this page was opened. The page now "
            "shows what the ledger holds; make your change again if it is still needed."
        ) % changed_by(record))
    # What the person typed, so that nothing of it is lost: they can make the change again from it.
    if form == "ledger":
        repeat_ledger_typed(request)
        return
    typed = [request.POST.get("note", "").strip()]
    if request.POST.get("status") in Status.values:
        typed.insert(0, str(Status(request.POST["status"]).label))  # the status chosen, as well as the note typed
    repeat_typed(request, typed)


def repeat_ledger_typed(request) -> None:
    """repeat_typed for the 台账 form: the unit pickers post a unit's id (or a new name), named here."""
    units = [value.strip() for name in ("lead_unit", "partner_units") for value in request.POST.getlist(name) if value.strip()]
    names = dict(Unit.objects.filter(pk__in=[pk for v in units if (pk := positive_int(v))]).values_list("pk", "name"))
    repeat_typed(request, [*(names.get(positive_int(v), v) for v in units), request.POST.get("due", "").strip()])


def repeat_typed(request, typed) -> None:
    """Say what a person typed into a form that saved nothing, so that nothing of it is lost: they can make the
    change again from it."""
    typed = [value for value in typed if value]
    if typed:
        messages.warning(request, gettext("What you entered: %(typed)s") % {"typed": "；".join(typed)})
