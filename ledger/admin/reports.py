from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy as _

from .. import accuracy, services
from ..numbers import positive_int
from ..messages import (
    error_message, follow_through_line, kept_decision_summary, local_minute, missing_section_messages, notice_messages,
)
from ..models import (
    Commitment, CommitmentKind, Decision, Evidence, Level, Origin, Report, ReportKind, Section, SectionKind, Status, Verdict,
)
from ..parts import part_label
from ..pipeline.errors import IngestError
from ..services.ingest import FIRST_YEAR
from ..services.tasks import ADDABLE_KINDS, TASK_MAX, commitment_add, task_parts
from ..validators import without_nul_check
from ..selectors import (
    SUMMARY_STATUSES, follow_up_of, has_review, lead_unit_summary, promise_report_of, report_summary, staff_evidence_q,
)
from .dashboard import headline
from .highlight import Mark, highlight
from .mixins import BoundedLookupsMixin, LightChangelistMixin, ReadOnlyAdminMixin, can_decide
from .unit_table import unit_table


FIELD_LABELS = {"body": _("body"), "level": _("level"), "parent": _("parent body"), "kind": _("kind"), "year": _("year")}
VALUE_LABELS = {**dict(Level.choices), **dict(ReportKind.choices)}
# Where a metadata value came from (ledger.pipeline.types.FACT_SOURCES).
SOURCE_LABELS = {
    "override": _("given on loading"),
    "manifest": _("seeds manifest"),
    "title": _("title"),
    "dateline": _("dateline"),
    "byline": _("newspaper byline"),
    "heading_plan": _("heading naming the plan year"),
    "heading_review": _("heading naming the year reviewed"),
    "mandate": _("on whose behalf the report is delivered (受…委托, 我代表…)"),
    "text": _("body text"),
    "dated_fact": _("dated fact in the text"),
    "gazetteer": _("gazetteer"),
    "default": _("not found"),
}


class ReportUploadForm(forms.Form):
    # Empty files reach the pipeline, whose message names the file and the problem.
    file = forms.FileField(label=_("report file"), required=False, allow_empty_file=True, help_text=_("UTF-8, UTF-16, GB18030/GBK or Big5 text"))
    text = forms.CharField(label=_("or paste the text"), required=False, widget=forms.Textarea(attrs={"rows": 10, "cols": 80}))
    body = forms.CharField(label=_("body"), required=False, help_text=_("only when the text does not name it, e.g. 重庆市大足区人大常委会"))
    year = forms.IntegerField(label=_("year"), required=False, min_value=FIRST_YEAR, max_value=2100)
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=[("", "—"), *ReportKind.choices])
    replace = forms.BooleanField(label=_("replace the stored report of the same body, kind and year"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # NUL characters in a pasted text are removed with a notice, as in a file (not refused by the form).
        self.fields["text"].validators = without_nul_check(self.fields["text"].validators)

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("text")):
            raise forms.ValidationError(_("Give either a file or a text."))
        return data


class TaskAddForm(forms.Form):
    text = forms.CharField(label=_("task"), max_length=TASK_MAX, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("as the 台账 should say it: 开展《重庆市物业管理条例》执法检查"))
    kind = forms.ChoiceField(label=_("kind"), choices=ADDABLE_KINDS, initial=CommitmentKind.ACTIVITY)
    part = forms.ChoiceField(label=_("part"), required=False)

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].choices = [("", _("— after the report's tasks —"))] + [
            (part["number"], part_label(part["number"], part["heading"])) for part in task_parts(report)
        ]


class SectionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Section
    # Folded: what the reader of a report wants is its follow-through; sections are for checking the reading.
    classes = ["collapse"]
    fields = ["ordinal", "kind", "heading_link", "part_count"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["ordinal"]

    @admin.display(description=_("heading"))
    def heading_link(self, obj):
        url = reverse("admin:ledger_section_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.heading or _("(no heading)"))

    @admin.display(description=_("numbered parts"))
    def part_count(self, obj):
        return len(obj.parts)


@admin.register(Report)
class ReportAdmin(BoundedLookupsMixin, LightChangelistMixin, admin.ModelAdmin):
    list_display = ["__str__", "body", "kind", "year", "section_kinds", "commitment_link", "warning_count", "ingested_at"]
    list_filter = ["kind", "year", "body__level"]
    search_fields = ["body__name", "title", "source"]
    list_select_related = ["body"]
    date_hierarchy = "ingested_at"
    inlines = [SectionInline]
    fields = [
        "body", "kind", "year", "title", "source", "encoding", "commitment_link", "provenance_table", "warnings",
        "ingested_at", "updated_at", "review_loaded",
    ]
    readonly_fields = fields
    changelist_defer = ["raw_text", "text"]
    change_form_template = "admin/ledger/report/change_form.html"
    delete_confirmation_template = "admin/ledger/report/delete_confirmation.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sections").annotate(commitment_count=Count("commitments"))

    def has_change_permission(self, request, obj=None):
        # The report page is a reading page; a report changes only by ingesting it again.
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    # Loading a report

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ReportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            result = self._ingest(request, form)
            if result is not None:
                return HttpResponseRedirect(reverse("admin:ledger_report_change", args=[result.report.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Load a report"),
            "form": form,
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(request, "admin/ledger/report/upload.html", context)

    def _ingest(self, request, form):
        data = form.cleaned_data
        upload = data.get("file")
        try:
            if upload:
                blob, source = services.upload_read(upload), upload.name
            else:
                blob, source = data["text"].encode("utf-8"), gettext("pasted text")
            result = services.report_ingest(
                blob, source=source, replace=data["replace"], body=data.get("body") or None,
                year=data.get("year"), kind=data.get("kind") or None,
            )
        except IngestError as error:
            form.add_error(None, error_message(error))
            return None
        outcome = {
            services.CREATED: gettext("Loaded %(report)s: %(count)d commitments."),
            services.REPLACED: gettext("Replaced %(report)s: %(count)d commitments; staff decisions kept."),
            services.UNCHANGED: gettext("%(report)s is stored already with the same text; nothing changed."),
        }[result.outcome]
        report = result.report
        messages.success(request, outcome % {"report": report, "count": report.commitments.count()})
        if result.replace.kept:
            messages.warning(request, gettext(
                "%(count)d staff decisions are on commitments no longer in the text: re-attach them below."
            ) % {"count": len(result.replace.kept)})
        if result.replace.restored:
            messages.info(request, gettext(
                "%(count)d tasks an earlier replace had taken out are back word for word, with the staff decisions kept: %(list)s"
            ) % {"count": len(result.replace.restored), "list": "；".join(f"#{c.ordinal} {c.text}" for _k, c in result.replace.restored)})
        for warning in notice_messages(report.notices):
            messages.warning(request, warning)
        # What the new report's review did to the previous year's rows (and this report's, when its
        # follow-up came in first): how many are now fulfilled, partial, not reported, waiting for a person.
        if result.stored:
            changed = {commitment.pk for commitment, _old, _new in result.relink.changes}
            for promise in (promise_report_of(report), report if follow_up_of(report) else None):
                if promise is not None:
                    messages.info(request, follow_through_line(promise, changed))
        return result

    def get_urls(self):
        from django.urls import path

        return [
            path("<path:object_id>/reattach/", self.admin_site.admin_view(self.reattach_view), name="ledger_report_reattach"),
            path("<path:object_id>/ledger/", self.admin_site.admin_view(self.ledger_view), name="ledger_report_ledger"),
            path("<path:object_id>/add-task/", self.admin_site.admin_view(self.add_task_view), name="ledger_report_add_task"),
            *super().get_urls(),
        ]

    def ledger_view(self, request, object_id):
        """The report's ledger by numbered part, to read and print (admin/report_ledger.py)."""
        from .report_ledger import report_ledger_view

        report = self.get_object(request, object_id)
        if report is None:
            raise Http404
        return report_ledger_view(request, self.admin_site, report)

    def add_task_view(self, request, object_id):
        """A task staff add to the report's ledger by hand (services.tasks)."""
        report = self.get_object(request, object_id)
        if report is None:
            raise Http404
        if not can_decide(request.user):
            raise PermissionDenied
        # Opened from a sentence of general direction that holds a task (its page's link): its words and part to start from.
        initial = {name: request.GET[name] for name in ("text", "part") if request.GET.get(name)}
        form = TaskAddForm(request.POST or None, report=report, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                task = commitment_add(report=report, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, ValidationError(error.messages))  # said above the form, whichever field it names
            else:
                messages.success(request, gettext("Task #%(ordinal)d added: %(text)s.") % {"ordinal": task.ordinal, "text": task.text})
                return HttpResponseRedirect(reverse("admin:ledger_commitment_change", args=[task.pk]))
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "title": gettext("Add a task"), "report": report,
            "form": form,
        }
        return TemplateResponse(request, "admin/ledger/report/add_task.html", context)

    def reattach_view(self, request, object_id):
        """Re-attach the decisions a replace kept aside to a commitment a person picked (POST only)."""
        report = self.get_object(request, object_id)
        if report is None or request.method != "POST" or not request.user.has_perm("ledger.change_commitment"):
            raise PermissionDenied
        back = HttpResponseRedirect(reverse("admin:ledger_report_change", args=[report.pk]) + "#ledger-kept-decisions")
        ids = [positive_int(request.POST.get(name, "")) for name in ("kept", "commitment")]
        if None in ids:
            kept = commitment = None
        else:
            kept = services.pending_kept(report).filter(pk=ids[0]).first()
            commitment = report.commitments.filter(pk=ids[1]).first()
        if kept is None or commitment is None:
            messages.error(request, gettext("Choose a commitment of this report to re-attach the decisions to."))
            return back
        try:
            notes = services.kept_reattach(kept=kept, commitment=commitment, user=request.user)
        except ValidationError as error:
            messages.error(request, gettext("Nothing was re-attached: %(error)s") % {"error": " ".join(error.messages)})
            return back
        messages.success(request, gettext("The decisions on “%(old)s” are now on #%(ordinal)d %(text)s.") % {
            "old": kept.text, "ordinal": commitment.ordinal, "text": commitment.text,
        })
        if notes:
            messages.warning(request, gettext("Not put on as kept: %(notes)s.") % {"notes": "；".join(notes)})
        return back

    # Reading a report

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, object_id)
        extra = {}
        if report is not None:
            summary = report_summary(report)
            extra = {
                "reader": self._reader(report),
                "summary": summary,
                "summary_headline": headline(summary.overall, report.kind),
                "tuned_on": accuracy.tuned_on(report.body.name, report.kind, report.year),
                # The follow-through table: a column per status, a row per part of the report.
                "summary_statuses": [Status(status).label for status in SUMMARY_STATUSES],
                "part_rows": [
                    (part, ft, [ft.counts[status] for status in SUMMARY_STATUSES]) for part, ft in summary.by_part.items()
                ],
                # The overall counts, in the table's order, each opening the report's rows of its status.
                "overall_cells": [
                    (
                        summary.overall.counts[status],
                        reverse("admin:ledger_commitment_changelist")
                        + "?" + urlencode({"report": report.pk, "status__exact": status, "testable__exact": 1}),
                    )
                    for status in SUMMARY_STATUSES
                ],
                # Beside it, the same tasks by lead unit (what a chairpersons' meeting asks of each unit).
                "unit_table": unit_table(report, lead_unit_summary(report.commitments.all())),
                "review_notices": notice_messages(summary.review_notices),
                "missing_sections": missing_section_messages(report.notices),
                "review_queue_url": reverse("admin:ledger_review_queue") + f"?report={report.pk}",
                "kept_decisions": [
                    {"kept": kept, "summary": kept_decision_summary(kept)}
                    for kept in services.pending_kept(report)
                ],
                "kept_choices": report.commitments.only("pk", "ordinal", "text", "object", "action", "kind").order_by("ordinal"),
                "kept_url": reverse("admin:ledger_report_reattach", args=[report.pk]),
                "can_reattach": request.user.has_perm("ledger.change_commitment"),
                "ledger_url": reverse("admin:ledger_report_ledger", args=[report.pk]),
                "add_task_url": reverse("admin:ledger_report_add_task", args=[report.pk]) if can_decide(request.user) else "",
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def _reader(self, report):
        """Sections in order: commitments marked in the tasks, evidence marked in the review."""
        commitment_marks = [
            Mark(c.start, c.end, f"ledger-commitment ledger-{c.status}" + ("" if c.testable else " ledger-general"),
                 reverse("admin:ledger_commitment_change", args=[c.pk]), f"#{c.ordinal} {c.get_kind_display()} · {c.get_status_display()}")
            for c in report.commitments.only("pk", "start", "end", "status", "testable", "ordinal", "kind", "origin").order_by("ordinal")
            if c.testable and c.origin == Origin.AUTO  # a task staff added is in no sentence of the text
        ]
        evidence_marks = [
            Mark(e.start, e.end, f"ledger-evidence ledger-{e.verdict}",
                 reverse("admin:ledger_commitment_change", args=[e.commitment_id]),
                 f"{e.commitment.report.year} #{e.commitment.ordinal} {e.commitment.text[:30]}")
            for e in Evidence.objects.filter(report=report).exclude(decision=Decision.REJECTED)
            .exclude(verdict=Verdict.CANDIDATE).select_related("commitment__report")
            if e.in_text  # not a passage a replace took out (its decision kept)
        ]
        sections = []
        for section in report.sections.order_by("ordinal"):
            marks = commitment_marks if section.kind == SectionKind.TASKS else evidence_marks
            sections.append({"section": section, "html": highlight(report.text, section.start, section.end, marks)})
        return sections

    # Deleting a report

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Commitments are never deleted one by one (CommitmentAdmin); they go with their report.
        commitments = str(Commitment._meta.verbose_name)
        # A task's link to a partner unit is no object a person knows (a PartnerUnit, "配合单位: #11"): the units stay,
        # and the task's page is where partners are seen.
        through = Commitment.partner_units.through._meta
        counts = {name: n for name, n in counts.items() if str(name) != str(through.verbose_name_plural)}
        return _without_links(deleted, f"{capfirst(through.verbose_name)}: "), counts, {p for p in perms_needed if str(p) != commitments}, protected

    def delete_model(self, request, obj):
        services.report_delete(report=obj)

    def delete_queryset(self, request, queryset):
        for report in queryset.order_by("-year"):  # a follow-up first: its promises' report is relinked without it
            services.report_delete(report=report)

    def delete_view(self, request, object_id, extra_context=None):
        report = self.get_object(request, object_id)
        extra = {}
        if report is not None:
            commitments = Commitment.objects.filter(report=report)
            staff_evidence = Evidence.objects.filter(Q(commitment__report=report) | Q(report=report)).filter(staff_evidence_q())
            previous = promise_report_of(report)
            extra = {
                "promise_report": previous,
                "commitment_count": commitments.count(),
                "decision_count": staff_evidence.count() + commitments.filter(status_origin=Origin.STAFF).count(),
            }
        return super().delete_view(request, object_id, {**extra, **(extra_context or {})})

    # Columns

    @admin.display(description=_("sections"))
    def section_kinds(self, obj):
        return " · ".join(section.get_kind_display() for section in obj.sections.all())

    @admin.display(description=_("commitments"), ordering="commitment_count")
    def commitment_link(self, obj):
        url = reverse("admin:ledger_commitment_changelist") + f"?report={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.commitment_count)

    @admin.display(description=_("review loaded at"))
    def review_loaded(self, obj):
        # A report loaded from the seeds' fixture has no review_at: its review came in with its first load.
        return local_minute(obj.review_came_in, "—") if has_review(obj) else "—"

    @admin.display(description=_("warnings"))
    def warning_count(self, obj):
        return len(obj.notices)

    @admin.display(description=_("warnings"))
    def warnings(self, obj):
        messages_ = notice_messages(obj.notices)
        if not messages_:
            return "—"
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((m,) for m in messages_)))

    @admin.display(description=_("where the metadata came from"))
    def provenance_table(self, obj):
        rows = (
            (
                FIELD_LABELS.get(name, name),
                VALUE_LABELS.get(fact.get("value"), fact.get("value")) if fact.get("value") is not None else "—",
                SOURCE_LABELS.get(fact.get("source"), fact.get("source")),
                fact.get("evidence", ""),
            )
            for name, fact in obj.provenance.items()
        )
        return format_html(
            "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
            _("field"),
            _("value"),
            _("source"),
            _("evidence"),
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )


@admin.register(Section)
class SectionAdmin(BoundedLookupsMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["report", "ordinal", "kind", "heading", "length", "part_count"]
    list_filter = ["kind", "report__kind", "report__year", "report__body__level"]
    search_fields = ["report__body__name", "heading"]
    list_select_related = ["report__body"]
    ordering = ["report__body__name", "report__year", "ordinal"]
    fields = ["report", "ordinal", "kind", "heading", "start", "end", "parts_list", "section_text"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("report__body").defer("report__raw_text")

    @admin.display(description=_("length"))
    def length(self, obj):
        return obj.length

    @admin.display(description=_("numbered parts"))
    def part_count(self, obj):
        return len(obj.parts)

    @admin.display(description=_("numbered parts"))
    def parts_list(self, obj):
        if not obj.parts:
            return "—"
        return format_html(
            "<ol class='ledger-parts'>{}</ol>",
            format_html_join(
                "",
                "<li style='margin-left:{}em'>{} {} <small>[{}–{}]</small></li>",
                ((part["level"] - 1, part["number"], part["heading"], part["start"], part["end"]) for part in obj.parts),
            ),
        )

    @admin.display(description=_("text"))
    def section_text(self, obj):
        return format_html("<div class='ledger-text'>{}</div>", obj.text)


def _without_links(nested: list, prefix: str) -> list:
    """The admin's nested list of what a delete takes, without the entries written ``prefix…`` (at any depth)."""
    out = []
    for item in nested:
        if isinstance(item, list):
            out.append(_without_links(item, prefix))
        elif not str(item).startswith(prefix):
            out.append(item)
    return [item for item in out if item != []]
