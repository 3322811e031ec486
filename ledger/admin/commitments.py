from collections import Counter
from urllib.parse import parse_qs, urlencode, urlsplit

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG, ORDER_VAR
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy as _, ngettext, ngettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from .. import charts, data_export, exports, services
from ..services import ledger as services_ledger
from ..services import tasks as services_tasks
from ..messages import REVIEW_NOTICES, last_changed_by, local_minute, notice_messages, person_name
from ..numbers import positive_int
from ..models import Commitment, Decision, Evidence, Origin, Progress, Report, Status, Unit, Verdict
from ..pipeline.link import REVIEW_KINDS
from ..collation import by_pinyin
from ..deadlines import names_year
from ..rules import NAMED_NO_SIGN_RULE, OVER_YEARS_STATUS_RULE, SAID_NOT_DONE_RULE, rule_label
from ..selectors import (
    NOT_ASSESSED, best_candidate, overdue_q, commitment_search_q, decisive_evidence, evidence_in_order, follow_up_of, is_overdue,
    passage_against_person, plan_year_over, plan_year_over_q, search_words, status_decision, usable_evidence,
)
from ..services.decisions import STAFF_VERDICT_CHOICES, confirm_best_plan
from ..validators import TYPED_TEXT_MAX
from ..versions import evidence_version, form_version
from .dashboard import dashboard_view
from .filters import (
    BodyFilter, ConfirmedFilter, DeadlineFilter, DecidedFilter, HasEvidenceFilter, HasLeadUnitFilter, LeadUnitFilter,
    PartFilter, PartnerUnitFilter, PlanYearFilter, ReportFilter, titled,
)
from .highlight import Mark, highlight, search_hit
from .stale import changed_since_read, repeat_typed
from .history import LedgerHistoryMixin
from .ledger_fields import (
    alike_said, alike_units, ledger_context, ledger_save, new_unit_names, posted_entry, progress_change, progress_save, warn_new_units,
)
from .ledger_import import sheet_import_view, sheet_undo_view
from .mixins import AUTOCOMPLETE_CSS, AUTOCOMPLETE_JS, BoundedLookupsMixin, can_decide
from .review_queue import from_queue, queue_return, review_queue_view
from .why import candidate_why, commitment_why, evidence_why, status_why

# Characters of the review shown on either side of an evidence passage.
CONTEXT = 80
HAND_BACK = "machine"


# Tasks a message names one by one at most; more are counted.
TASKS_NAMED = 10


def tasks_named(commitments) -> str:
    """Tasks as a message names them: their report, number and words (… #25（区级预算执行审计…）), the first
    TASKS_NAMED."""
    names = "、".join(f"{c.report} #{c.ordinal}（{Truncator(c.task).chars(20)}）" for c in commitments[:TASKS_NAMED])
    more = len(commitments) - TASKS_NAMED
    return names + (ngettext(" and %(n)d more", " and %(n)d more", more) % {"n": more} if more > 0 else "")


def note_cleared(request, note: str, commitment: Commitment) -> None:
    """Say so when recording what the review says of a task cleared the note its earlier status had (the status now
    follows the passage; the history keeps the note)."""
    if note and not commitment.status_note:
        messages.info(request, gettext(
            "The status now follows the passage: its note “%(note)s”, on why it was as it was, is cleared (the history "
            "keeps it)."
        ) % {"note": Truncator(note).chars(60)})


# The bulk confirmation's list of passages: signed for the person, valid two hours; the first rows only, listed.
CONFIRM_SALT = "ledger.admin.confirm-best"
CONFIRM_MAX_AGE = 2 * 60 * 60
CONFIRM_ROWS_SHOWN = 200
# What a bulk confirmation leaves, and why: passages decided on since the list was shown, tasks whose best passage
# only mentions them, tasks with no passage to confirm.
CONFIRM_LEFT = (
    ngettext_lazy(
        "%(n)d passage was left: someone decided on it, or the reports were linked again, after the list was shown.",
        "%(n)d passages were left: someone decided on them, or the reports were linked again, after the list was shown.",
        "n",
    ),
    ngettext_lazy(
        "%(n)d task was left: its best passage only mentions it, or says it was not done; open it and say what the passage reports.",
        "%(n)d tasks were left: their best passage only mentions them, or says they were not done; open each and say what the passage reports.",
        "n",
    ),
    ngettext_lazy(
        "%(n)d task has no passage the machine decided on to confirm: open it to confirm a candidate passage or add one.",
        "%(n)d tasks have no passage the machine decided on to confirm: open each to confirm a candidate passage or add one.",
        "n",
    ),
)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"), choices=[*Status.choices, (HAND_BACK, _("hand back to the machine"))]
    )
    note = forms.CharField(
        label=_("note"), required=False, max_length=TYPED_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2, "cols": 60})
    )

    def without_plan_year_statuses(self, current: str) -> "StatusForm":
        """Once the review of the task's year is in, 推进中 and 待回顾 are refused (status_allowed): not offered,
        but for the task's own status."""
        field = self.fields["status"]
        field.choices = [(value, label) for value, label in field.choices if value not in NOT_ASSESSED or value == current]
        return self


class BulkStatusForm(StatusForm):
    """The bulk action's form: no status chosen until staff choose one (a default would reset decisions)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("— choose a status —")), *self.fields["status"].choices]
        self.fields["note"].help_text = _("A note written here replaces each task's own; left empty, each keeps its own.")


class BulkLedgerForm(forms.Form):
    """The 台账 columns set on many tasks at once: a field left empty leaves each task's value as it is."""

    # Both offer the units the tasks' bodies have (UNIT_NAMES, a datalist): a name typed a little differently
    # makes a new unit.
    lead_unit = forms.CharField(label=_("lead unit"), required=False, max_length=100, widget=forms.TextInput(attrs={"list": "ledger-unit-names"}))
    partner_units = forms.CharField(
        label=_("partner units"), required=False, max_length=1000, help_text=_("names separated by 、 or commas"),
        widget=forms.TextInput(attrs={"list": "ledger-unit-names"}),
    )
    due = forms.CharField(label=_("deadline"), required=False, max_length=100, help_text=_("as you would write it: 2024年6月底, 三季度, 2024-09-30"))
    # The new names like a unit the body has that the page asked about: set again, they are new units.
    new_unit_confirmed = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("lead_unit", "partner_units", "due")):
            raise ValidationError(_("Fill in at least one of the fields: the others are left as each task has them."))
        return data

    def values(self) -> dict:
        """The commitment_ledger_update arguments of the fields filled in."""
        data, values = self.cleaned_data, {}
        if data["lead_unit"]:
            values["lead_unit"] = data["lead_unit"].strip()
        if data["partner_units"]:
            values["partner_units"] = services_ledger.unit_names_split(data["partner_units"])
        if data["due"]:
            values["due"] = data["due"].strip()
        return values


class EvidenceAddForm(forms.Form):
    start = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    end = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # A person reads a passage as reporting the task done, progress only or a mention: never as a machine candidate.
    verdict = forms.ChoiceField(label=_("verdict"), choices=STAFF_VERDICT_CHOICES)
    note = forms.CharField(label=_("note"), required=False)


@admin.register(Commitment)
class CommitmentAdmin(BoundedLookupsMixin, LedgerHistoryMixin, SimpleHistoryAdmin):
    history_first_fields = (
        "status", "status_confidence", "status_rule", "status_origin", "status_decided_by", "lead_unit", "partner_units",
        "due", "due_label", "status_note",
    )
    list_display = [
        "report", "ordinal", "part", "kind", "deliverable", "status_badge", "lead_unit", "due_shown", "best_evidence_text",
        "testable",
    ]
    list_display_links = ["deliverable"]

    def get_list_display(self, request):
        # Narrowed to one report, the report's long name said again on every row only takes the room of the 台账's
        # columns (a clerk at 1366 px had the units, deadline and evidence off-screen).
        if request.GET.get("report"):
            return [name for name in self.list_display if name != "report"]
        return self.list_display
    list_filter = [
        BodyFilter, ReportFilter, PlanYearFilter, ("kind", titled(_("task kind"))), "category", PartFilter, "status",
        DeadlineFilter, LeadUnitFilter, HasLeadUnitFilter, PartnerUnitFilter, "testable", HasEvidenceFilter, DecidedFilter, ConfirmedFilter,
        ("report__kind", titled(_("report kind"))), ("report__body__level", titled(_("body level"))),
    ]
    # A clerk looks a task up by its words, and by what the 台账 says of it: its units, its status note, its progress
    # (get_search_results).
    search_fields = ["text", "object", "sentence"]
    search_help_text = _("Words of the task or its sentence, a unit's name, words of the status note or of a progress entry.")
    list_select_related = ["report__body", "lead_unit"]
    # By the report's own ordering (body name, kind, the latest year first), as staff read their ledger; the API
    # orders by the report's id, which its index serves, for programs paging through every row.
    ordering = ["report", "ordinal"]
    # One report's tasks on one page: a district's report promises 40 to 100 (52 took two pages).
    list_per_page = 100
    # The count of the whole ledger is what a 100,000-row changelist must not pay for.
    show_full_result_count = False
    actions = ["confirm_best_evidence", "set_status", "set_ledger_columns", "relink"]
    change_form_template = "admin/ledger/commitment/change_form.html"
    change_list_template = "admin/ledger/commitment/change_list.html"
    object_history_template = "admin/ledger/commitment/object_history.html"
    object_history_list_template = "admin/ledger/history_list.html"
    readonly_fields = [
        "report", "ordinal", "part", "part_heading", "kind", "category", "action", "object", "text", "plan_year", "testable",
        "rule_shown", "status_shown", "status_decided", "confidence", "status_reason", "status_note",
    ]
    # Below the sentence, the evidence, the status and the 台账 block (change_form.html): what the row is made of.
    fieldsets = [(_("Details of the row"), {"fields": readonly_fields, "classes": ["ledger-metadata"]})]

    class Media:
        # ledger/ledger.css comes with every admin page (admin/base_site.html).
        css = {"all": AUTOCOMPLETE_CSS}
        js = [
            *AUTOCOMPLETE_JS,
            "ledger/evidence_select.js",
            "ledger/units.js",
            "ledger/unsaved.js",
            "ledger/status_note.js",
        ]

    def get_search_results(self, request, queryset, search_term):
        """Each word in the task's own words, its status note, its units or a progress entry (commitment_search_q,
        as the API's q), without the admin's duplicate removal: a row is found once."""
        for word in search_words(search_term):
            queryset = queryset.filter(commitment_search_q(word))
        return queryset, False

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("report__body").defer("report__raw_text", "report__text")
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            # A row shows its report by body, year and kind: its JSON stays unread too.
            queryset = queryset.defer("report__provenance", "report__notices").prefetch_related(
                Prefetch("evidence", queryset=usable_evidence(), to_attr="usable_evidence")
            )
        return queryset

    # Staff decide through the forms of the page; the model form itself is never saved.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # A commitment belongs to its report and goes only with it (ReportAdmin, superusers); a task staff added may
        # be taken out by staff who decide, one at a time.
        return obj is not None and obj.origin == Origin.STAFF and can_decide(request.user)

    def delete_model(self, request, obj):
        services_tasks.commitment_remove(commitment=obj, user=request.user)

    def has_decide_permission(self, request):
        return can_decide(request.user)

    # Columns

    @admin.display(description=_("task"), ordering="ordinal")
    def deliverable(self, obj):
        # The words searched for, marked (changelist_view keeps the search of the request on the row).
        return search_hit(obj.task, getattr(obj, "search_term", ""), width=60)

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        return status_badge(obj)

    @admin.display(description=_("status"))
    def status_shown(self, obj):
        # As the badge and the sheet say it: 不判定（一般性部署） for a general row not judged, not 待回顾.
        return exports.status_text(obj)

    @admin.display(description=_("deadline"), ordering="due")
    def due_shown(self, obj):
        return due_text(obj)

    @admin.display(description=_("confidence or score"))
    def confidence(self, obj):
        if obj.status == Status.NEEDS_REVIEW and obj.status_confidence is not None:
            # The machine is not sure: its number is how close a passage came, which read as certainty.
            return gettext("%(score)s (the closest passage's score, not a confidence)") % {"score": charts.score(obj.status_confidence)}
        return charts.score(obj.status_confidence)

    @admin.display(description=_("status decided by"))
    def status_decided(self, obj):
        # As the sheet says it (a person, or the machine's reading), with who and when where a person decided:
        # a status following evidence staff confirmed is theirs, though its origin stays the machine's.
        said = exports.decided_by(obj) or gettext("the machine's reading")
        person, at = status_decision(obj)
        if person is None and at is None:
            return said
        return format_html("{}（{}{}）", said, person_name(person), f" {local_minute(at)}" if at else "")

    @admin.display(description=_("rule"))
    def rule_shown(self, obj):
        return _named_rule(obj.rule)

    @admin.display(description=_("status rule"))
    def status_reason(self, obj):
        return _named_rule(obj.status_rule)

    @admin.display(description=_("best evidence"))
    def best_evidence_text(self, obj):
        best = decisive_evidence(getattr(obj, "usable_evidence", []))
        if best is None:
            return "—"
        if said := exports.against_person(best, obj):
            return format_html('<span title="{}">{}</span>', best.text, said)
        return format_html('<span title="{}">{}</span>', f"{best.get_verdict_display()} · {charts.score(best.score)}", best.text[:50])

    # Actions

    @admin.action(description=_("Confirm the best evidence of the selected commitments"), permissions=["decide"])
    def confirm_best_evidence(self, request, queryset):
        # Confirmed rows count as a person's word in every rate: the person sees the passages first, and what is
        # confirmed is what they saw (signed, with each passage's version), not the best passages at the second post.
        if "apply" in request.POST:
            return self._confirm_shown(request)
        plan = confirm_best_plan(queryset)
        more = max(len(plan) - CONFIRM_ROWS_SHOWN, 0)
        plan = plan[:CONFIRM_ROWS_SHOWN]  # only what the page lists is confirmed: the rest is another round
        shown = [(evidence.pk, evidence_version(evidence)) for _c, evidence, outcome in plan if outcome == "confirm"]
        outcomes = Counter(outcome for _c, _e, outcome in plan)
        token = signing.dumps(
            {"user": request.user.pk, "shown": shown, "left": outcomes["left"], "none": outcomes["none"]},
            salt=CONFIRM_SALT, compress=True,
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Confirm the best evidence of the selected commitments"),
            "plan": plan,
            "more": more,
            "to_confirm": len(shown),
            "token": token,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "cancel_url": reverse("admin:ledger_commitment_changelist") + (f"?{request.GET.urlencode()}" if request.GET else ""),
        }
        return TemplateResponse(request, "admin/ledger/commitment/confirm_best.html", context)

    def _confirm_shown(self, request):
        try:
            signed = signing.loads(request.POST.get("token", ""), salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        except signing.BadSignature:
            self.message_user(request, gettext("The list of passages could not be read or is too old: nothing was confirmed; choose the tasks again."), messages.ERROR)
            return None
        if signed["user"] != request.user.pk:
            raise PermissionDenied
        confirmed, changed = services.evidence_confirm_shown(shown=[tuple(pair) for pair in signed["shown"]], user=request.user)
        self.message_user(
            request, ngettext("Confirmed %(n)d evidence passage.", "Confirmed %(n)d evidence passages.", confirmed) % {"n": confirmed}
        )
        for count, message in zip((changed, signed["left"], signed["none"]), CONFIRM_LEFT):
            if count:
                self.message_user(request, message % {"n": count}, messages.WARNING)
        return None

    @admin.action(description=_("Set the status of the selected commitments"), permissions=["decide"])
    def set_status(self, request, queryset):
        if self._too_many(request, queryset):
            return None
        form = BulkStatusForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            status = form.cleaned_data["status"]
            count, left = services.commitments_set_status(
                commitments=queryset, status=None if status == HAND_BACK else status,
                user=request.user, note=form.cleaned_data["note"],
            )
            if count or not left:
                self.message_user(request, gettext("Status set on %(n)d commitments.") % {"n": count})
            if left:
                self.message_user(
                    request,
                    ngettext(
                        "%(n)d task was left as it was (%(tasks)s): the next year's report is in, and %(status)s is for the plan year (or a task whose deadline is later). Record what its review says of the task.",
                        "%(n)d tasks were left as they were (%(tasks)s): the next year's report is in, and %(status)s is for the plan year (or a task whose deadline is later). Record what its review says of each.",
                        len(left),
                    ) % {"n": len(left), "tasks": tasks_named(left), "status": Status(status).label},
                    messages.WARNING,
                )
            return None
        intro = ngettext(
            "The status chosen below replaces the status of %(n)d commitment, whoever set it:",
            "The status chosen below replaces the status of these %(n)d commitments, whoever set it:",
            len(queryset),
        ) % {"n": len(queryset)}
        if not queryset.exclude(plan_year_over_q()).exists():
            form.without_plan_year_statuses("")  # every task's review is in: 推进中 and 待回顾 would be refused on each
        return self._bulk_form(request, queryset, form, "set_status", _("Set the status of the selected commitments"), intro, _("Set the status"))

    @admin.action(description=_("Set the lead unit, partner units or deadline of the selected commitments"), permissions=["decide"])
    def set_ledger_columns(self, request, queryset):
        if self._too_many(request, queryset):
            return None
        form = BulkLedgerForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            values = form.values()
            bodies = set(queryset.values_list("report__body_id", flat=True))
            new = new_unit_names([values.get("lead_unit"), *values.get("partner_units", [])], bodies)
            # A new name like a unit the bodies have (发改委 beside 国家发展和改革委员会) is asked about before it makes a
            # second unit on every task chosen, as on a task's page.
            alike = alike_units(new, bodies)
            if set(alike) - set(form.cleaned_data["new_unit_confirmed"].split("\n")):
                self.message_user(request, gettext(
                    "Nothing was saved yet: %(similar)s. Choose the unit from the list, or set again to add the new unit."
                ) % {"similar": alike_said(alike)}, messages.WARNING)
                asked = request.POST.copy()
                asked["new_unit_confirmed"] = "\n".join(sorted(alike))
                return self._ledger_columns_form(request, queryset, BulkLedgerForm(asked))
            # Counted before: a list narrowed to tasks with no lead unit has none of them left once one is set.
            chosen = list(queryset.values_list("pk", flat=True))
            try:
                count = services_ledger.commitments_ledger_update(commitments=queryset, user=request.user, **values)
            except ValidationError as error:
                self.message_user(request, gettext("Nothing was saved: %(problem)s") % {"problem": " ".join(error.messages)}, messages.ERROR)
                repeat_typed(request, [form.cleaned_data[name] for name in ("lead_unit", "partner_units", "due")])
            else:
                self.message_user(request, (
                    gettext("台账 columns set on %(n)d commitments.") if count == len(chosen)
                    else gettext("台账 columns set on %(n)d commitments (the others had them already).")
                ) % {"n": count})
                warn_new_units(request, new, bodies.pop() if len(bodies) == 1 else None)
                if values.get("due"):
                    past = Commitment.objects.filter(overdue_q(), pk__in=chosen).count()
                    if past and names_year(values["due"]):
                        self.message_user(request, ngettext(
                            "The deadline %(due)s is past already for %(n)d of these tasks: it shows as overdue.",
                            "The deadline %(due)s is past already for %(n)d of these tasks: they show as overdue.", past,
                        ) % {"due": values["due"], "n": past}, messages.WARNING)
                    elif past:
                        self.message_user(request, ngettext(
                            "The deadline %(due)s is past already for %(n)d of these tasks: it shows as overdue. Write the "
                            "year if another is meant.",
                            "The deadline %(due)s is past already for %(n)d of these tasks: they show as overdue. Write the "
                            "year if another is meant.", past,
                        ) % {"due": values["due"], "n": past}, messages.WARNING)
            return None
        return self._ledger_columns_form(request, queryset, form)

    def _ledger_columns_form(self, request, queryset, form):
        return self._bulk_form(
            request, queryset, form, "set_ledger_columns",
            _("Set the lead unit, partner units or deadline of the selected commitments"),
            _("The fields filled in below replace these tasks' values; a field left empty leaves each task's as it is:"),
            _("Set"),
            unit_names=sorted(
                set(Unit.objects.filter(body__reports__commitments__in=queryset).values_list("name", flat=True)), key=by_pinyin
            ),
        )

    def _too_many(self, request, queryset) -> bool:
        """Whether a list action that changes each task is refused for the number chosen (said to the person)."""
        limit = settings.LEDGER_BULK_MAX_ROWS
        if queryset.count() <= limit:
            return False
        self.message_user(request, gettext(
            "Nothing was changed: more than %(limit)d tasks are selected. Narrow the filters and apply it to each part."
        ) % {"limit": limit}, messages.ERROR)
        return True

    def _bulk_form(self, request, queryset, form, action_name, title, intro, submit, unit_names=()):
        """The page of a list action that asks for values before it applies them to the tasks chosen."""
        context = {
            "unit_names": unit_names,
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "form": form,
            "items": [
                (f"{commitment.report} #{commitment.ordinal} {Truncator(commitment.task).chars(60)}", commitment.pk)
                for commitment in queryset
            ],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "action_name": action_name,
            "intro": intro,
            "submit": submit,
            "cancel_url": reverse("admin:ledger_commitment_changelist") + (f"?{request.GET.urlencode()}" if request.GET else ""),
        }
        return TemplateResponse(request, "admin/ledger/commitment/bulk_form.html", context)

    @admin.action(description=_("Relink the reports of the selected commitments"), permissions=["decide"])
    def relink(self, request, queryset):
        result = services.reports_relink(reports=Report.objects.filter(pk__in=queryset.values("report_id")))
        self.message_user(
            request,
            gettext("Relinked %(pairs)d report pairs: %(added)d new proposals, %(removed)d withdrawn, %(changed)d statuses changed.")
            % {"pairs": result.pairs, "added": result.evidence_added, "removed": result.evidence_removed, "changed": len(result.changes)},
        )

    # Pages

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("export/<str:fmt>/", wrap(self.export_view), name="ledger_commitment_export"),
            path("import/", wrap(self.sheet_import_view), name="ledger_commitment_import"),
            path("import/<int:pk>/undo/", wrap(self.sheet_undo_view), name="ledger_commitment_import_undo"),
            path("<int:pk>/evidence/<int:evidence_pk>/<str:decision>/", wrap(self.decide_view), name="ledger_commitment_decide"),
            path("<int:pk>/evidence/add/", wrap(self.evidence_add_view), name="ledger_commitment_evidence_add"),
            path("<int:pk>/status/", wrap(self.status_view), name="ledger_commitment_status"),
            path("<int:pk>/ledger/", wrap(self.ledger_view), name="ledger_commitment_ledger"),
            path("<int:pk>/progress/", wrap(self.progress_view), name="ledger_commitment_progress"),
            path("<int:pk>/progress/<int:entry_pk>/", wrap(self.progress_change_view), name="ledger_commitment_progress_change"),
            path("dashboard/", wrap(self.dashboard_view), name="ledger_dashboard"),
            path("review-queue/", wrap(self.review_queue_view), name="ledger_review_queue"),
            *super().get_urls(),
        ]

    def dashboard_view(self, request):
        return dashboard_view(request, self.admin_site)

    def review_queue_view(self, request):
        return review_queue_view(request, self.admin_site)

    def sheet_import_view(self, request):
        return sheet_import_view(request, self.admin_site)

    def sheet_undo_view(self, request, pk):
        return sheet_undo_view(request, self.admin_site, pk)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        term = request.GET.get("q", "").strip()
        if term:
            for row in changelist.result_list:
                row.search_term = term
        return changelist

    def changelist_view(self, request, extra_context=None):
        query = request.GET.urlencode()
        exports = {
            fmt: reverse("admin:ledger_commitment_export", args=[fmt]) + (f"?{query}" if query else "") for fmt in ("xlsx", "csv", "data")
        }
        legend = status_legend()
        # Narrowed to one report: its 台账 by part (the printable page) is one click away.
        report = positive_int(request.GET.get("report", ""))
        known = report is not None and Report.objects.filter(pk=report).exists()
        part_ledger = reverse("admin:ledger_report_ledger", args=[report]) if known else ""
        context = {"exports": exports, "legend": legend, "part_ledger": part_ledger}
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def export_view(self, request, fmt):
        if fmt not in ("xlsx", "csv", "data"):
            raise Http404(gettext("There is no export in the format %(format)s: xlsx, csv or data.") % {"format": fmt})
        if not self.has_view_permission(request):
            raise PermissionDenied
        # The changelist's own filters and search, so the file is what staff see; a bad filter goes where the
        # changelist sends it (the changelist, ?e=1: "the filters are wrong"), not to a 500.
        try:
            queryset = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            messages.error(request, gettext("The filters of the export are not valid; nothing was exported."))
            return HttpResponseRedirect(reverse("admin:ledger_commitment_changelist") + f"?{ERROR_FLAG}=1")
        if refused := exports.too_many_rows(queryset):
            messages.error(request, refused)
            return HttpResponseRedirect(reverse("admin:ledger_commitment_changelist") + (f"?{request.GET.urlencode()}" if request.GET else ""))
        # In the list's order where staff sorted it by a column (?o=), as the API's export follows ?ordering=.
        ordered = bool(request.GET.get(ORDER_VAR))
        if fmt == "data":
            return data_export.data_csv(queryset, ordered=ordered)
        return exports.response(queryset, fmt, unit=exports.unit_filtered(request.GET.get("lead_unit")), ordered=ordered)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        commitment = self.get_object(request, object_id)
        extra = self._decision_context(request, commitment) if commitment is not None else {}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def _decision_context(self, request, commitment):
        report = Report.objects.get(pk=commitment.report_id)
        sentence = highlight(
            report.text, commitment.sentence_start, commitment.sentence_end,
            [Mark(commitment.start, commitment.end, "ledger-deliverable")], paragraphs=False,
        ) if commitment.origin == Origin.AUTO else format_html(
            "{} <small>{}</small>", commitment.text, gettext("(added by staff: not one of the rows read from the report)")
        )
        follow_up = follow_up_of(report)
        year_over = plan_year_over(commitment, follow_up)
        status_form = StatusForm(initial={"status": commitment.status, "note": commitment.status_note})
        evidence, candidates = [], []
        review = []
        stored = []
        if follow_up is not None:
            text = follow_up.text
            stored = evidence_in_order(commitment.evidence.filter(report=follow_up).select_related("decided_by"))
            for item in stored:
                left, right = max(0, item.start - CONTEXT), min(len(text), item.end + CONTEXT)
                shown = {
                    "evidence": item,
                    "version": evidence_version(item),
                    "html": highlight(text, left, right, [Mark(item.start, item.end, f"ledger-evidence ledger-{item.verdict}")], paragraphs=False)
                    if item.in_text
                    else _gone_passage(item),
                }
                if item.verdict == Verdict.CANDIDATE:
                    candidates.append({**shown, "why": candidate_why(item), "matched": "、".join(item.rule_detail.get("matched") or [])})
                else:
                    evidence.append({**shown, "why": evidence_why(item)})
            review = [
                {"section": section, "text": text[section.start : section.end]}
                for section in follow_up.sections.filter(kind__in=REVIEW_KINDS).order_by("ordinal")
            ]
        return {
            "commitment": commitment,
            "queue_return": queue_return(request, commitment),
            "sentence_html": sentence,
            "commitment_why": commitment_why(commitment),
            "follow_up": follow_up,
            "evidence_items": evidence,
            "candidate_items": candidates,
            "staff_verdicts": STAFF_VERDICT_CHOICES,
            "note_max_length": TYPED_TEXT_MAX,
            "status_why": status_why(
                commitment, decisive=decisive_evidence(stored), candidate=best_candidate(stored), follow_up=follow_up,
                year_over=year_over,
                evidence=stored,
            ),
            "review_sections": review,
            # How the review was read (a term-end review read whole: a passage may tell an earlier year of the term).
            "review_notices": notice_messages(
                [notice for notice in follow_up.notices if notice.get("code") in REVIEW_NOTICES]
            ) if follow_up else [],
            "can_decide": can_decide(request.user),
            "status_form": status_form if not year_over else status_form.without_plan_year_statuses(commitment.status),
            "status_version": form_version(commitment, "status"),
            "ledger_version": form_version(commitment, "ledger"),
            "evidence_form": EvidenceAddForm(auto_id="id_evidence_%s"),  # beside the status form: ids of its own
            "decisions": Decision,
            "due_text": due_text(commitment),
            "next_report": pending_hint(commitment) if follow_up is None else None,
            "set_out_url": _set_out_url(commitment) if not commitment.testable and can_decide(request.user) else "",
            **ledger_context(request, commitment, can_edit=can_decide(request.user)),
        }

    def history_view(self, request, object_id, extra_context=None):
        evidence_history = Evidence.history.filter(commitment_id=object_id).select_related("history_user").order_by("-history_date")
        progress_history = Progress.history.filter(commitment_id=object_id).select_related("history_user", "author").order_by("-history_date")
        return super().history_view(
            request, object_id,
            {"evidence_history": evidence_history, "progress_history": progress_history, **(extra_context or {})},
        )

    def _decided(self, request, pk):
        if request.method != "POST":
            raise PermissionDenied
        if not can_decide(request.user):
            raise PermissionDenied
        return get_object_or_404(Commitment, pk=pk)

    def decide_view(self, request, pk, evidence_pk, decision):
        commitment = self._decided(request, pk)
        if decision not in (Decision.CONFIRMED, Decision.REJECTED):
            raise PermissionDenied
        evidence = Evidence.objects.filter(pk=evidence_pk, commitment=commitment).first()
        if evidence is None:  # a relink took the passage away after the page was opened
            messages.error(request, gettext("The passage is no longer proposed for this task (the reports were linked again); nothing was saved."))
            return self._back(request, commitment, "ledger-evidence")
        verdict = request.POST.get("verdict") or None
        # The page's status as it was read: a colleague's status set since is said, as the decision does not change it.
        status_since = request.POST.get("status_version") not in (None, form_version(commitment, "status"))
        changed = last_changed_by(commitment) if status_since else None  # read before this decision adds a record
        try:
            services.evidence_decide(
                evidence=evidence, decision=decision, user=request.user, note=request.POST.get("note", ""), verdict=verdict,
                read_versions=[request.POST.get("version", "")],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            repeat_typed(request, [request.POST.get("note", "")])  # a colleague's decision since: the reason typed is kept
        else:
            messages.success(request, gettext("Evidence %(decision)s.") % {"decision": evidence.get_decision_display()})
            note = commitment.status_note
            commitment.refresh_from_db()
            if changed:
                messages.warning(request, gettext(
                    "%(user)s changed this task's status at %(when)s, after this page was opened: it is %(status)s now."
                ) % {**changed, "status": commitment.get_status_display()})
            note_cleared(request, note, commitment)
            if decision == Decision.CONFIRMED and passage_against_person(commitment, evidence):
                # A status a person set stays (commitment_status_refresh): said, not left to look like agreement.
                messages.warning(request, gettext(
                    "The status stays %(status)s, as a person set it, while the passage confirmed reports %(verdict)s. To "
                    "make the status follow the passage, hand it back to the machine in the status form, or set it."
                ) % {"status": commitment.get_status_display(), "verdict": evidence.get_verdict_display()})
        # Back to the passage decided on, where staff were on the page.
        evidence.refresh_from_db()
        return self._back(request, commitment, f"{'candidate' if evidence.verdict == Verdict.CANDIDATE else 'evidence'}-{evidence.pk}")

    def evidence_add_view(self, request, pk):
        commitment = self._decided(request, pk)
        form = EvidenceAddForm(request.POST)
        anchor = "ledger-evidence-add"
        if form.is_valid():
            try:
                # An empty note keeps the note of a passage stored already.
                fields = {**form.cleaned_data, "note": form.cleaned_data["note"] or None}
                added, created = services.evidence_add(commitment=commitment, user=request.user, **fields)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    gettext("Evidence added.") if created
                    else gettext("The passage was among the task's already: it is decided again with this verdict."),
                )
                note = commitment.status_note
                commitment.refresh_from_db()
                note_cleared(request, note, commitment)
                anchor = f"evidence-{added.pk}" if getattr(added, "pk", None) else anchor
        else:
            messages.error(request, gettext("Select a passage of the review first."))
        return self._back(request, commitment, anchor)

    def status_view(self, request, pk):
        commitment = self._decided(request, pk)
        form = StatusForm(request.POST)
        with transaction.atomic():
            services.commitment_lock(commitment)
            if not changed_since_read(request, commitment, "status"):
                self._status_save(request, commitment, form)
        return self._back(request, commitment, "ledger-status")

    def _status_save(self, request, commitment, form):
        if not form.is_valid():  # a note longer than a 台账 cell takes
            messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
            repeat_typed(request, [request.POST.get("note", "")])
            return
        status = form.cleaned_data["status"]
        try:
            services.commitment_set_status(
                commitment=commitment, status=None if status == HAND_BACK else status, user=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            repeat_typed(request, [form.cleaned_data["note"]])
        else:
            messages.success(request, gettext("Status saved: %(status)s.") % {"status": commitment.get_status_display()})

    def ledger_view(self, request, pk):
        commitment = self._decided(request, pk)
        with transaction.atomic():
            services.commitment_lock(commitment)
            if not changed_since_read(request, commitment, "ledger"):
                ledger_save(request, commitment, request.user)
        return self._back(request, commitment, "ledger-ledger")

    def progress_view(self, request, pk):
        commitment = self._decided(request, pk)
        entry = progress_save(request, commitment, request.user)
        return self._back(request, commitment, f"progress-{entry}" if entry else "ledger-progress")

    def progress_change_view(self, request, pk, entry_pk):
        commitment = self._decided(request, pk)
        entry = Progress.objects.filter(pk=entry_pk, commitment=commitment).first()
        if entry is None:
            messages.error(request, gettext("The progress entry was deleted meanwhile."))
            if not request.POST.get("delete"):
                repeat_typed(request, posted_entry(request))
            return self._back(request, commitment, "ledger-progress")
        needed = "ledger.delete_progress" if request.POST.get("delete") else "ledger.change_progress"
        if not request.user.has_perm(needed):
            raise PermissionDenied
        progress_change(request, entry, request.user)
        still = Progress.objects.filter(pk=entry_pk).exists()
        return self._back(request, commitment, f"progress-{entry_pk}" if still else "ledger-progress")

    def _back(self, request, commitment, anchor=""):
        url = reverse("admin:ledger_commitment_change", args=[commitment.pk])
        # A page opened from a queue page stays that page's step through its saves: one task in two tabs' queues (a
        # unit's and the body's) went on to the queue the other tab opened it from.
        referer = urlsplit(request.META.get("HTTP_REFERER", ""))
        place = parse_qs(referer.query).get("place")
        if place and referer.path == url:
            url += "?" + from_queue(place[0])
        return HttpResponseRedirect(f"{url}#{anchor}" if anchor else url)


def _named_rule(rule: str) -> str:
    """A rule by its name, with its id (which the API and the benchmarks use)."""
    return f"{rule_label(rule)} ({rule})" if rule else rule_label("")


def _set_out_url(commitment) -> str:
    """The form adding a task to the report, filled with a sentence of general direction's words and part: the
    sentence holds a concrete task the extraction left in it (高质量做好…调查研究和初稿起草工作), which a person sets
    out as a task of its own (the sentence stays, in no count)."""
    query = {"text": commitment.text[: services_tasks.TASK_MAX], **({"part": commitment.part} if commitment.part else {})}
    return reverse("admin:ledger_report_add_task", args=[commitment.report_id]) + "?" + urlencode(query)


def status_badge(commitment, today=None) -> str:
    """The status as a coloured badge (grey for a general-direction row, which no rate counts), the machine's
    confidence, 逾期 when past the deadline and open (selectors.CLOSED), and for a pending row the report to load next."""
    # The machine's confidence beside its status, said what it is on hover; none where a person decided.
    confidence = "" if commitment.status_confidence is None else f" {charts.score(commitment.status_confidence)}"
    # Where the machine is not sure (needs review), its number is a passage's score, not a confidence (as the row's
    # details and its reason say).
    meaning = "" if not confidence else (
        gettext("the machine's confidence in this status, from 0 to 1")
        if commitment.status != Status.NEEDS_REVIEW
        else gettext("score of the passage that names the task without a word of what became of it")
        if commitment.status_rule in (NAMED_NO_SIGN_RULE, OVER_YEARS_STATUS_RULE, SAID_NOT_DONE_RULE)
        else gettext("score of the passage closest to a report of the task, below the decision line")
    )
    colour = commitment.status if commitment.testable else "untestable"
    # Who decided, as the sheet and the print say it (人工确认 / 机器初判): a bare number beside a status read as the
    # only difference between a person's 已落实 and the machine's.
    who = exports.decided_by(commitment) if commitment.testable else ""
    html = format_html(
        '<span class="ledger-badge ledger-{}">{}</span> <small class="ledger-who" title="{}">{}{}</small>',
        colour, exports.status_text(commitment), meaning, who, confidence,
    )
    if is_overdue(commitment, today):
        html += format_html(' <span class="ledger-badge ledger-overdue">{}</span>', gettext("overdue"))
    if commitment.status == Status.PENDING and commitment.testable and commitment.status_origin == Origin.AUTO:
        hint = pending_hint(commitment)
        html += format_html(' <a class="ledger-next" href="{}">{}</a>', hint["url"], hint["text"])
    return html


def pending_hint(commitment) -> dict:
    """What a pending row waits for: the same body's report of the next year, and where to load it."""
    report = commitment.report
    return {
        "url": reverse("admin:ledger_report_add"),
        "text": gettext("load the %(year)d %(kind)s of %(body)s")
        % {"year": report.year + 1, "kind": report.get_kind_display(), "body": report.body.name},
    }


def due_text(commitment) -> str:
    """The deadline as staff wrote it, with the day it means (年底前 (2024-12-31)); — when none is set."""
    if not commitment.due_label and commitment.due is None:
        return "—"
    if commitment.due is None or commitment.due_label == commitment.due.isoformat():
        return commitment.due_label or commitment.due.isoformat()
    return gettext("%(words)s (by %(date)s)") % {"words": commitment.due_label, "date": commitment.due.isoformat()}


# What each status means and what staff do next, for the legend above the ledger.
NEXT_STEPS = {
    Status.PENDING: _("The next year's report is not loaded: load it (the row says which) and the machine links it."),
    Status.IN_PROGRESS: _(
        "Set by staff during the plan year; add progress entries as work goes on. Once the next year's report is in, "
        "record what its review says (review queue)."
    ),
    Status.FULFILLED: _("The review reports the task done; confirm the evidence if a person has not."),
    Status.PARTIAL: _("The review reports progress only; check the evidence, keep or change the status."),
    Status.NOT_REPORTED: _("The review says nothing of what became of it (it does not name it, or only names it); confirm, or add the passage that reports it."),
    Status.NOT_DONE: _(
        "A person recorded that the task was not carried out (put off, suspended or cancelled), from the review's own "
        "words (a passage confirmed as reported not done) or the office's knowledge (the status set, its note saying "
        "why). Counted in the rates as not done, and never overdue."
    ),
    Status.NEEDS_REVIEW: _("The machine is not sure: read the candidate passages and decide (review queue)."),
}


def status_legend() -> list[dict]:
    return [
        {"status": value, "label": label, "next": NEXT_STEPS[value]} for value, label in Status.choices
    ] + [{
        "status": "untestable", "label": _("general direction"),
        "next": _("Grey: nothing concrete to check, counted in no rate; the machine neither links nor judges it, so it "
                  "stays pending until a person records a status."),
    }]


def _gone_passage(item) -> str:
    """A passage a replace took out of the report's text (its decision kept, ingest._evidence_follow): its stored
    wording, said to be gone, with nothing marked in the new text."""
    return format_html(
        '<span class="ledger-evidence ledger-{}">{}</span> <small class="ledger-gone">{}</small>',
        item.verdict, item.text, gettext("(no longer in the report's text since a replace: its old wording)"),
    )
