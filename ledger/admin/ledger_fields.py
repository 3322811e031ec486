"""The 台账 block of a commitment's page: lead and partner units, the deadline, dated progress entries.

Staff pick a unit of the commitment's body by autocomplete (select2 over the body's units; a name typed that is
not in the list is a new unit of the body) and write the deadline as they would in the sheet (年底前, 上半年,
2024年6月, a date). Every write goes through services/ledger.py; the model form of the page is never saved.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _

from ..collation import by_pinyin
from ..models import Commitment, Unit, UnitName
from ..deadlines import line_day, line_month_end, names_year
from ..selectors import is_overdue, promise_report_of, similar_units
from ..services.carry import dice
from .stale import repeat_typed
from ..services.ledger import (
    commitment_ledger_update, progress_add, progress_date_problem, progress_delete, progress_update, progress_version,
    unit_id_given, unit_name,
)


class ProgressForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    text = forms.CharField(label=_("what was done"), widget=forms.Textarea(attrs={"rows": 2, "cols": 60}))


# How alike a task's words are to last year's for it to be the same task promised again (持续跟踪… year after year).
SAME_TASK = 0.8


def same_task_last_year(commitment) -> Commitment | None:
    """The same body's task of the year before that this one promises again (the same kind, its words alike), with
    units a person set: a clerk gave its units once, and typed them again each year."""
    before = promise_report_of(commitment.report)
    if before is None:
        return None
    tasks = (
        before.commitments.filter(kind=commitment.kind, testable=commitment.testable)
        .filter(Q(lead_unit__isnull=False) | Q(partner_units__isnull=False)).distinct()
        .select_related("lead_unit").prefetch_related("partner_links__unit")
    )
    # By the task as it reads on its own too: a list's item (决算 of 审查批准…决算) is the task 审查批准决算.
    scored = [(max(dice(task.text, commitment.text), dice(task.task, commitment.task)), -task.ordinal, task) for task in tasks]
    best = max(scored, key=lambda item: item[:2], default=None)
    return best[2] if best is not None and best[0] >= SAME_TASK else None


# session: a progress entry the ledger refused ({"task", "date", "text"}), put back in the form it was typed in, so
# that it can be mended there (a 5,000-character entry came back as a message to copy it out of).
PROGRESS_DRAFT = "ledger_progress_draft"


def _keep_draft(request, commitment) -> None:
    request.session[PROGRESS_DRAFT] = {
        "task": commitment.pk, "date": request.POST.get("date", "").strip(), "text": request.POST.get("text", ""),
    }


def _progress_form(request, commitment) -> ProgressForm:
    """The form to add a progress entry: today's date, or the entry refused a moment ago as it was typed."""
    draft = request.session.get(PROGRESS_DRAFT)
    if isinstance(draft, dict) and draft.get("task") == commitment.pk:
        del request.session[PROGRESS_DRAFT]
        form = ProgressForm(initial={"date": draft.get("date") or timezone.localdate(), "text": draft.get("text", "")})
        form.restored = True  # unsaved.js: what it holds is typed, not saved (another form's save would lose it)
        return form
    return ProgressForm(initial={"date": timezone.localdate()})


# session: the units and deadline the ledger refused ({"task", "lead_unit", "partner_units", "due"}), put back in the
# form as typed: a deadline it cannot read (每月) cleared the units chosen with it.
LEDGER_DRAFT = "ledger_units_draft"


def ledger_context(request, commitment, *, can_edit: bool) -> dict:
    partners = commitment.partners
    # Offered only to a task with no units yet: what a person set stays theirs.
    last_year = same_task_last_year(commitment) if not partners and not commitment.lead_unit_id else None
    units = sorted(Unit.objects.filter(body_id=commitment.report.body_id), key=lambda unit: by_pinyin(unit.name))
    lead, chosen, due, restored = str(commitment.lead_unit_id or ""), [str(unit.pk) for unit in partners], commitment.due_label, False
    confirm = []  # new names like a unit the body has, which the next save of the form adds as asked
    draft = request.session.get(LEDGER_DRAFT)
    if isinstance(draft, dict) and draft.get("task") == commitment.pk:
        del request.session[LEDGER_DRAFT]
        lead, chosen, due, restored = draft.get("lead_unit", ""), list(draft.get("partner_units", [])), draft.get("due", ""), True
        confirm = list(draft.get("new_unit_confirmed", []))
    names = {str(unit.pk): unit.name for unit in units}
    return {
        "last_year": last_year,
        "last_year_partners": last_year.partners if last_year else [],
        "lead_unit": commitment.lead_unit,
        "partner_units": partners,
        # The form's options: (value, name, selected); a new name typed stands as its own option.
        "lead_options": ([(lead, lead, True)] if lead and lead not in names else [])
        + [(value, name, value == lead) for value, name in names.items()],
        "partner_options": [(value, names.get(value, value), True) for value in chosen]
        + [(value, name, False) for value, name in names.items() if value not in chosen],
        "form_due": due,
        "ledger_restored": restored,
        "new_unit_confirmed": confirm,
        "overdue": is_overdue(commitment),
        "progress_entries": [
            (entry, progress_version(entry)) for entry in commitment.progress.select_related("author").order_by("-date", "-created_at")
        ],
        "progress_form": _progress_form(request, commitment),
        "can_edit_ledger": can_edit,
    }


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _form_problems(form) -> str:
    return "; ".join(f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items())


def ledger_save(request, commitment, user) -> None:
    """The units and deadline as posted: ``lead_unit`` (id or a new name; empty clears), ``partner_units``
    (ids or new names, repeated), ``due`` (the words; empty clears)."""
    lead = request.POST.get("lead_unit", "").strip()
    partners = [value.strip() for value in request.POST.getlist("partner_units") if value.strip()]
    body_id = commitment.report.body_id
    new = new_unit_names([lead, *partners], [body_id])
    draft = {
        "task": commitment.pk, "lead_unit": lead, "partner_units": partners, "due": request.POST.get("due", ""),
        # A new unit confirmed stays confirmed while another field is mended.
        "new_unit_confirmed": request.POST.getlist("new_unit_confirmed"),
    }
    # A new name like a unit the body has (财经委 of 财政经济工作委员会) is asked about before it makes a second unit.
    alike = alike_units(new, [body_id])
    if set(alike) - set(request.POST.getlist("new_unit_confirmed")):
        messages.warning(request, gettext(
            "Nothing was saved yet: %(similar)s. Choose the unit from the list, or save again to add the new unit."
        ) % {"similar": alike_said(alike)})
        request.session[LEDGER_DRAFT] = {**draft, "new_unit_confirmed": sorted(alike)}
        return
    due_before = commitment.due
    try:
        changed = commitment_ledger_update(
            commitment=commitment, user=user, lead_unit=lead or None, partner_units=partners,
            due=request.POST.get("due", ""),
        )
    except ValidationError as error:
        messages.error(request, gettext("Nothing was saved: %(error)s") % {"error": _errors(error)})
        request.session[LEDGER_DRAFT] = draft
        return
    if changed:
        messages.success(request, gettext("Units and deadline saved."))
    else:
        messages.info(request, gettext("Units and deadline unchanged."))
    if commitment.due != due_before and is_overdue(commitment):
        said = {"due": commitment.due_label, "date": commitment.due.isoformat()}
        if names_year(commitment.due_label):
            messages.warning(request, gettext("The deadline %(due)s (%(date)s) is past already: the task shows as overdue.") % said)
        else:
            # A deadline written without its year (6月30日前) is of the plan year: at the year's end, often past already.
            messages.warning(request, gettext(
                "The deadline %(due)s (%(date)s) is past already: the task shows as overdue. Write the year if another is "
                "meant (%(example)s)."
            ) % {**said, "example": _next_such_day(commitment)})
    warn_new_units(request, new, body_id)


def _next_such_day(commitment) -> str:
    """The deadline written with the year of the next such day to come (6月30日前 → 2027年6月30日前 in December 2026)."""
    today, due = timezone.localdate(), commitment.due
    year = today.year if (due.month, due.day) >= (today.month, today.day) else today.year + 1
    label = commitment.due_label
    return f"{year}年{label}" if "年" not in label else f"{year}年{due.month}月{due.day}日前"


def new_unit_names(values, body_ids) -> list[str]:
    """The unit names among ``values`` (ids apart) that no unit of the bodies bears yet: read before a save, to say
    which units it makes (warn_new_units)."""
    typed = {unit_name(value) for value in values if value and not unit_id_given(value)}
    known = set(Unit.objects.filter(body_id__in=body_ids, name__in=typed).values_list("name", flat=True))
    known |= set(UnitName.objects.filter(body_id__in=body_ids, name__in=typed).values_list("name", flat=True))
    return sorted(typed - known, key=by_pinyin)  # as every list of units is


def alike_units(names, body_ids) -> dict[str, list]:
    """The names among ``names`` (new ones) like a unit of the bodies, each with those units: asked about before a
    save makes a second unit of one office (the task's page, the list's action)."""
    return {name: units for name in names if (units := [unit for body in body_ids for unit in similar_units(body, name)])}


def alike_said(alike: dict[str, list]) -> str:
    return "；".join(may_be(name, units) for name, units in alike.items())


def may_be(name: str, units) -> str:
    # Units of several bodies may share a name (each body's 财政经济委员会): named once.
    return gettext("%(new)s may be %(units)s") % {"new": name, "units": "、".join(sorted({u.name for u in units}, key=by_pinyin))}


def warn_new_units(request, names: list[str], body_id: int | None) -> None:
    """Say which typed names made new units, with the units of the body (when one) each may be a way of writing (财经
    and 财政经济工作委员会): a clerk typing a short name made a second unit without a word, and the counts split."""
    if not names:
        return
    message = gettext(
        "New units were created: %(names)s. If one is another unit's name typed differently, merge them in the list of units."
    ) % {"names": "、".join(names)}
    similar = [
        may_be(name, units)
        for name in names
        if body_id is not None and (units := similar_units(body_id, name))
    ]
    if similar:
        message += " " + gettext("Units already there with a similar name: %(similar)s.") % {"similar": "；".join(similar)}
    messages.warning(request, message)


def progress_save(request, commitment, user) -> int | None:
    """A progress entry as posted (date, text); returns its id, or None with the form's errors as a message."""
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, gettext("The progress entry was not added: %(error)s It is back in the form below, to mend.")
            % {"error": _form_problems(form)}
        )
        _keep_draft(request, commitment)
        return None
    data, today = form.cleaned_data, timezone.localdate()
    # The date left as the form gives it (today) on words that say their day (5月20日召开座谈会…) or only their month
    # (2024年6月，…: the month's last day, today for this month's work): dated as they say, in the task's plan year,
    # as the import dates such a line (a 2024 task showed 2026 in the print); a day no entry may bear (after today)
    # leaves the date as given.
    day = None
    if data["date"] == today:
        day = line_day(data["text"], commitment.plan_year)
        if day is None and (month_end := line_month_end(data["text"], commitment.plan_year)) is not None:
            day = min(month_end, today)
    if day is not None and day != today and not progress_date_problem(day, plan_year=commitment.plan_year, today=today):
        data = {**data, "date": day}
    try:
        entry = progress_add(commitment=commitment, user=user, **data)
    except ValidationError as error:
        messages.error(
            request, gettext("The progress entry was not added: %(error)s It is back in the form below, to mend.")
            % {"error": _errors(error)}
        )
        _keep_draft(request, commitment)
        return None
    messages.success(request, gettext("Progress entry added."))
    if entry.date != form.cleaned_data["date"]:
        messages.info(request, gettext("The entry is dated %(date)s, as its words say.") % {"date": entry.date.isoformat()})
    return entry.pk


def progress_change(request, entry, user) -> None:
    """A progress entry corrected as posted (date, text), or deleted (``delete`` posted); the outcome as a message."""
    version = request.POST.get("version", "")
    if request.POST.get("delete"):
        try:
            progress_delete(entry=entry, user=user, version=version)
        except ValidationError as error:
            messages.error(request, _errors(error))
            return
        messages.success(request, gettext("Progress entry deleted; the history keeps what it said."))
        return
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("The progress entry was not changed: %(error)s") % {"error": _form_problems(form)})
        repeat_typed(request, posted_entry(request))
        return
    try:
        changed = progress_update(entry=entry, user=user, version=version, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, gettext("The progress entry was not changed: %(error)s") % {"error": _errors(error)})
        repeat_typed(request, posted_entry(request))
        return
    messages.success(request, gettext("Progress entry corrected.") if changed else gettext("The progress entry already says that."))


def posted_entry(request) -> list[str]:
    """A progress entry as posted (its date and text), for repeat_typed."""
    return [" ".join(part for part in (request.POST.get("date", "").strip(), request.POST.get("text", "").strip()) if part)]
