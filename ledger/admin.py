from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .messages import notice_messages
from .models import Body, Commitment, Report, Section

admin.site.site_header = _("Commitment ledger")
admin.site.site_title = _("Commitment ledger")
admin.site.index_title = _("Ledger administration")


class ReadOnlyAdminMixin:
    """Rows written by the pipeline: staff read them, the pipeline alone writes them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LightChangelistMixin:
    """Lists never show the report texts, and those are the bulk of each row: leave them in the database."""

    changelist_defer: list[str] = []

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            queryset = queryset.defer(*self.changelist_defer)
        return queryset


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "parent", "report_count"]
    list_filter = ["level"]
    search_fields = ["name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    ordering = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(report_count=Count("reports"))

    @admin.display(description=_("reports"), ordering="report_count")
    def report_count(self, obj):
        return obj.report_count


class SectionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Section
    fields = ["ordinal", "kind", "heading_link", "start", "end", "part_count"]
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
class ReportAdmin(LightChangelistMixin, admin.ModelAdmin):
    list_display = ["__str__", "body", "kind", "year", "section_kinds", "commitment_link", "warning_count", "ingested_at"]
    list_filter = ["kind", "year", "body__level"]
    search_fields = ["body__name", "title", "source"]
    list_select_related = ["body"]
    date_hierarchy = "ingested_at"
    inlines = [SectionInline]
    fields = ["body", "kind", "year", "title", "source", "encoding", "commitment_link", "provenance_table", "warnings", "ingested_at", "updated_at", "text"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Viewing only: the change page is a read view; a report changes by re-ingesting it.
        return False

    changelist_defer = ["raw_text", "text"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sections").annotate(commitment_count=Count("commitments"))

    @admin.display(description=_("sections"))
    def section_kinds(self, obj):
        return " · ".join(section.get_kind_display() for section in obj.sections.all())

    @admin.display(description=_("commitments"), ordering="commitment_count")
    def commitment_link(self, obj):
        url = reverse("admin:ledger_commitment_changelist") + f"?report__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.commitment_count)

    @admin.display(description=_("warnings"))
    def warning_count(self, obj):
        return len(obj.notices)

    @admin.display(description=_("warnings"))
    def warnings(self, obj):
        messages = notice_messages(obj.notices)
        if not messages:
            return "—"
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((m,) for m in messages)))

    @admin.display(description=_("where the metadata came from"))
    def provenance_table(self, obj):
        rows = (
            (name, fact.get("value"), fact.get("source"), fact.get("evidence", ""))
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
class SectionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
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
        return format_html(
            "<div style='white-space:pre-wrap;max-width:60em;line-height:1.8'>{}</div>", obj.text
        )


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdminMixin, LightChangelistMixin, admin.ModelAdmin):
    list_display = ["report", "ordinal", "part", "kind", "text", "object", "testable"]
    list_display_links = ["text"]
    list_filter = ["testable", "kind", "category", "report__kind", "plan_year", "report__body__level", "report"]
    search_fields = ["text", "object", "report__body__name"]
    list_select_related = ["report__body"]
    ordering = ["report__body__name", "report__year", "ordinal"]
    show_full_result_count = False
    fields = [
        "report", "ordinal", "part", "part_heading", "kind", "category", "action", "object", "text",
        "sentence_with_text", "start", "end", "plan_year", "testable", "status",
    ]
    readonly_fields = fields

    changelist_defer = ["report__raw_text", "report__text"]

    @admin.display(description=_("sentence"))
    def sentence_with_text(self, obj):
        text = obj.report.text
        return format_html(
            "{}<mark>{}</mark>{}",
            text[obj.sentence_start : obj.start],
            text[obj.start : obj.end],
            text[obj.end : obj.sentence_end],
        )
