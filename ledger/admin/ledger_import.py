"""导入台账: staff upload the 台账 they exported and edited, see every change before it is applied, confirm.

Between the preview and the confirmation the page carries the rows that change something, signed (never
a file on disk): the confirmation plans them again against the ledger as it is then and applies them only
if that plan is the one previewed (services/ledger_import.py).
"""

import datetime as dt
from dataclasses import asdict
from types import SimpleNamespace

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy as _, ngettext

from ..models import Body, Commitment, Report, SheetImport
from ..services.ledger_import import (
    SheetError, SheetPlan, SheetRefused, SheetRow, ledger_import, sheet_apply, sheet_plan, sheet_too_large,
    sheet_rows_named, suggestions_accepted,
)
from ..services.sheet_match import CHECK_BELOW, RowMatch, pairings_remember
from ..services.sheet_undo import sheet_import_undo, undo_steps

CHANGE_PERMISSION = "ledger.change_commitment"
SALT = "ledger.admin.sheet-import"
# A preview waits at most this long (seconds) for its confirmation.
MAX_AGE = 2 * 60 * 60
# The changelist shows the changed rows after an import (?id__in=…) when there are at most this many.
SHOW_CHANGED = 200


def can_import(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(CHANGE_PERMISSION)


class SheetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("台账 sheet"),
        help_text=_("The Excel workbook (.xlsx) or CSV file exported from the ledger, after editing it, or a 台账 you kept "
                    "yourself (choose its report below). Only the columns lead unit, partner units, deadline, progress, status "
                    "and status note are read; rows are matched by the ID column, or in a sheet of your own by their task."),
    )
    body = forms.ModelChoiceField(
        Body.objects.all(), required=False, label=_("only rows of"),
        help_text=_("Optional: refuse rows of any other body."),
    )
    report = forms.ModelChoiceField(
        Report.objects.select_related("body").defer("raw_text", "text").order_by("body__name", "-year", "kind"), required=False,
        label=_("a 台账 you kept yourself, of the tasks of"),
        help_text=_("Only for a sheet without the ledger's ID column (the 台账 you kept before the ledger): its rows are "
                    "matched to this report's tasks by the words of their task column (工作任务, 任务内容 …); the preview "
                    "shows each match to check, and names the rows it could not match."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if too_large := sheet_too_large(upload.size):
            raise forms.ValidationError(too_large)
        return upload


def sheet_import_view(request, admin_site):
    if not can_import(request.user):
        raise PermissionDenied
    if request.method == "POST" and "confirm" in request.POST:
        if request.POST.getlist("accept_row") or request.POST.getlist("same_unit"):
            # Rows or units ticked, then 确认导入 pressed: they were dropped without a word; they join the changes, shown first.
            return _accept(request, admin_site, ticked_on_confirm=True)
        return _confirm(request, admin_site)
    if request.method == "POST" and "accept" in request.POST:
        return _accept(request, admin_site)
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload, body, report = form.cleaned_data["file"], form.cleaned_data["body"], form.cleaned_data["report"]
        body = body or (report.body if report else None)
        plan = ledger_import(upload.read(), name=upload.name, user=request.user, body=body, report=report, dry_run=True)
        return _preview(request, admin_site, plan, body=body, name=upload.name, read=plan.read, report=report)
    return TemplateResponse(request, "admin/ledger/commitment/sheet_import.html", _context(
        request, admin_site, form=form, **_imports(every=request.GET.get("imports") == "all")
    ))


# The imports listed below the upload form, newest first, each to be undone as a whole: the latest few, or (?imports=all)
# up to the page's bound.
RECENT_IMPORTS = 10
ALL_IMPORTS = 500


def _imports(*, every: bool) -> dict:
    imports = SheetImport.objects.select_related("user", "undone_by")
    total = imports.count()
    shown = imports[: ALL_IMPORTS if every else RECENT_IMPORTS]
    return {"recent_imports": shown, "imports_total": total, "imports_every": every, "imports_cut": every and total > ALL_IMPORTS}


def sheet_undo_view(request, admin_site, pk: int):
    """撤销导入: what undoing an import would do, task by task, then (confirmed) what it did; a column changed since
    the import keeps its value and is named, as is a step the ledger refused."""
    if not can_import(request.user):
        raise PermissionDenied
    record = SheetImport.objects.select_related("user", "undone_by").filter(pk=pk).first()
    if record is None:
        raise Http404
    if request.method == "POST" and record.undone_at is None:
        try:
            steps = sheet_import_undo(record=record, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("admin:ledger_commitment_import"))
        record.refresh_from_db()
        undone = sum(step.undone for step in steps)
        messages.success(request, gettext("Undid the import of %(name)s: %(undone)d changes undone, %(kept)d kept.") % {
            "name": record.name or gettext("a sheet"), "undone": undone, "kept": len(steps) - undone,
        })
        done = True
    else:
        # What it would do (the undo rolled back), or nothing once it was done.
        steps, done = ([] if record.undone_at else undo_steps(record)), False
    return TemplateResponse(request, "admin/ledger/commitment/sheet_undo.html", _context(
        request, admin_site, title=gettext("Undo an import of the 台账"), record=record, done=done,
        undone=[step for step in steps if step.undone], kept=[step for step in steps if not step.undone],
    ))


def _signed(request):
    """The preview's plan as the page carried it (signed, for this user, at most MAX_AGE old)."""
    signed = signing.loads(request.POST.get("plan", ""), salt=SALT, max_age=MAX_AGE)
    if signed["user"] != request.user.pk:
        raise PermissionDenied
    return signed


def _unsigned(request, admin_site, error: signing.BadSignature):
    if isinstance(error, signing.SignatureExpired):
        return _again(request, admin_site, gettext("The preview is more than two hours old: upload the sheet again."))
    return _again(request, admin_site, gettext("The preview could not be read: upload the sheet again."))


def _accept(request, admin_site, *, ticked_on_confirm: bool = False):
    """A sheet kept by hand: the rows a person matched to the task suggested for them, added to the rows matched by
    their words, and the new unit names a person said are units the body has (SheetPlan.alike), previewed again
    (nothing is applied before that preview is confirmed)."""
    try:
        signed = _signed(request)
    except signing.BadSignature as error:
        return _unsigned(request, admin_site, error)
    if ticked_on_confirm:
        messages.warning(request, gettext("The rows you ticked were added to the changes: check them and confirm again."))
    body = Body.objects.filter(pk=signed["body"]).first() if signed["body"] else None
    accepted = sheet_rows_named(request.POST.getlist("accept_row")) or set()
    rows = [SheetRow.from_dict(row) for row in signed["rows"]]
    rows, suggested, matches, notices = suggestions_accepted(
        accepted, rows=rows, suggested=[SheetRow.from_dict(row) for row in signed.get("suggested", [])],
        matches=[_match_of(match) for match in signed.get("matches", []) + signed.get("left_out", [])],
        # What reading the sheet said (rows left out, columns not read, a row like other tasks).
        notices=[SheetError(**notice) for notice in signed.get("notices", [])],
    )
    # The sheet's export time, so the preview again still tells a colleague's change since from the sheet's own.
    plan = sheet_plan(rows, body=body, aliases=_aliases(request, signed), exported_at=_exported_at(signed))
    plan.matches, plan.suggested, plan.read_notices = matches, suggested, notices
    plan.notices = plan.read_notices + plan.notices
    plan.headings = signed.get("headings", {})
    plan.as_named()
    return _preview(
        request, admin_site, plan, body=body, name=signed["name"], read=signed.get("read", len(rows)), report=_report_of(signed)
    )


def _aliases(request, signed) -> dict[str, int]:
    """The names read as units the body has: those of the preview before, and those ticked now among the ones it
    offered (never a pair the page did not offer)."""
    offered = signed.get("alike", {})
    return {**signed.get("aliases", {}), **{name: offered[name][0] for name in request.POST.getlist("same_unit") if name in offered}}


def _report_of(signed) -> Report | None:
    """The report a sheet kept by hand was matched to, chosen again in the upload form below a preview."""
    return Report.objects.filter(pk=signed["report"]).first() if signed.get("report") else None


def _exported_at(signed) -> dt.datetime | None:
    """When the sheet previewed was exported from the ledger (None: a sheet kept by hand, or one not saying)."""
    return dt.datetime.fromisoformat(signed["exported_at"]) if signed.get("exported_at") else None


def _match_of(data: dict) -> RowMatch:
    return RowMatch(**{**data, "also": tuple(data.get("also", ()))})


def _confirm(request, admin_site):
    try:
        signed = _signed(request)
    except signing.BadSignature as error:
        return _unsigned(request, admin_site, error)
    body = Body.objects.filter(pk=signed["body"]).first() if signed["body"] else None
    rows = [SheetRow.from_dict(row) for row in signed["rows"]]
    # The preview carried the rows that change; the sheet had more (it said "1 row read" of a sheet of 789).
    read = signed.get("read", len(rows))
    try:
        plan = sheet_apply(
            rows, user=request.user, body=body, expected=signed["fingerprint"], exported_at=_exported_at(signed), name=signed["name"],
            aliases=signed.get("aliases"),
        )
    except SheetRefused as refused:
        refused_plan = SheetPlan(rows=rows, errors=refused.errors, headings=signed.get("headings", {})).as_named()
        return _preview(
            request, admin_site, refused_plan, body=body, name=signed["name"], read=read, report=_report_of(signed),
        )
    if plan.stale:
        messages.warning(request, gettext("The ledger changed since the preview: here is what the sheet changes now. Confirm again."))
        plan.matches = [_match_of(match) for match in signed.get("matches", [])]
        return _preview(request, admin_site, plan, body=body, name=signed["name"], read=read, report=_report_of(signed))
    if (report := _report_of(signed)) is not None:  # the rows a person paired: paired so at the next import
        pairings_remember(report, [_match_of(match) for match in signed.get("matches", [])], request.user)
    changed = len({change.row for change in plan.changes})
    messages.success(
        request,
        ngettext(
            "Imported %(name)s: %(rows)d row changed (%(changes)d changes), each in its history.",
            "Imported %(name)s: %(rows)d rows changed (%(changes)d changes), each in its history.",
            changed,
        ) % {"name": signed["name"], "rows": changed, "changes": len(plan.changes)},
    )
    target = reverse("admin:ledger_commitment_changelist")
    if 0 < len(plan.changed_ids) <= SHOW_CHANGED:
        target += "?id__in=" + ",".join(str(pk) for pk in plan.changed_ids)
    return HttpResponseRedirect(target)


def _again(request, admin_site, message):
    messages.error(request, message)
    return TemplateResponse(
        request, "admin/ledger/commitment/sheet_import.html", _context(request, admin_site, form=SheetUploadForm())
    )


def same_said_once(notes) -> list[SimpleNamespace]:
    """Notes saying the same of one column in many rows as one line naming the rows (3–52, 55): an old sheet gave 50
    identical lines."""
    grouped: dict[tuple, list] = {}
    for note in notes:
        grouped.setdefault((note.column, note.message), []).append(note.row)
    return [SimpleNamespace(row=_row_ranges(rows), column=column, message=message) for (column, message), rows in grouped.items()]


def _row_ranges(rows: list) -> str:
    numbers = sorted({row for row in rows if row})
    if not numbers:
        return ""
    runs, start = [], numbers[0]
    for previous, number in zip(numbers, [*numbers[1:], None]):
        if number != previous + 1:
            runs.append(str(start) if start == previous else f"{start}–{previous}")
            start = number
    return "、".join(runs)


def _preview(request, admin_site, plan: SheetPlan, *, body, name: str, read: int, report=None):
    # Each task as the list and the sheet name it (Commitment.task: 服务业重大项目建设, not the item 服务业).
    tasks = {c.pk: c.task for c in Commitment.objects.filter(pk__in=plan.changed_ids).only("kind", "action", "text", "object")}
    matched = {match.row: match for match in plan.matches}  # a sheet kept by hand: each row's words, to check the match
    suggested_rows = {row.row for row in plan.suggested}
    left_out = [match for match in plan.matches if match.id is None and match.row in suggested_rows]
    changing = {row.row for row in plan.changed_rows}
    token = ""
    if plan.ok and (plan.changes or plan.suggested or plan.aliases):
        token = signing.dumps(
            {
                "user": request.user.pk,
                "body": body.pk if body else None,
                "report": report.pk if report else None,
                "name": name,
                "read": read,
                "rows": [vars(row) for row in plan.changed_rows],
                "fingerprint": plan.fingerprint,
                "exported_at": plan.exported_at.isoformat() if plan.exported_at else None,
                # How each changed row of a sheet kept by hand was matched: shown again if the plan is shown again.
                "matches": [asdict(match) for match in plan.matches if match.row in changing],
                # Its rows left out with a task suggested, for a person to accept (_accept), and what reading it said.
                "suggested": [vars(row) for row in plan.suggested],
                "left_out": [asdict(match) for match in left_out],
                # New names like a unit the body has, offered; those a person ticked, read as that unit (_aliases).
                "alike": plan.alike,
                "aliases": plan.aliases,
                "headings": plan.headings,  # errors shown again name the sheet's columns as it does
                "notices": [asdict(notice) for notice in plan.read_notices] if plan.suggested else [],
            },
            salt=SALT,
            compress=True,
        )
    context = _context(
        request, admin_site,
        title=gettext("Import the 台账: preview"),
        plan=plan,
        name=name,
        rows_read=read,
        body=body,
        errors=same_said_once(plan.errors),
        notices=same_said_once(plan.notices),
        changes=[
            {"change": change, "task": tasks.get(change.id, ""), "match": matched.get(change.row)} for change in plan.changes
        ],
        changed_rows=len({change.row for change in plan.changes}),
        token=token,
        check_below=CHECK_BELOW,
        left_out=left_out,
        # Uploading again (a sheet refused, a cell to mend) keeps the body and the report chosen.
        form=SheetUploadForm(initial={"body": body, "report": report}),
    )
    return TemplateResponse(request, "admin/ledger/commitment/sheet_import_preview.html", context)


def _context(request, admin_site, **extra):
    return {
        **admin_site.each_context(request),
        "opts": Commitment._meta,
        "title": gettext("Import the 台账"),
        **extra,
    }
