"""Changelist filters for commitments that stay fast with 100,000 rows: none lists values by scanning
the commitments; bodies and reports are picked with the admin's autocomplete."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..numbers import positive_int
from ..models import Body, Commitment, Report, Unit
from ..parts import part_key, part_variants
from ..selectors import confirmed_q, decided_q, due_soon_q, has_evidence_q, overdue_q, shared_unit_names, unit_with_body


class KeepOtherParamsMixin:
    """A filter with its own form: it must carry the other filters of the page along."""

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.hidden_params = [(k, v) for k, v in request.GET.items() if k not in (self.parameter_name, "p")]


class AutocompleteFilter(KeepOtherParamsMixin, admin.SimpleListFilter):
    """A select box filled by the admin's autocomplete view (select2), for a foreign key of a model
    whose admin lists it in autocomplete_fields (source model/field below)."""

    template = "admin/ledger/autocomplete_filter.html"
    model = None
    source_model = ""  # admin autocomplete view: the model holding the foreign key …
    source_field = ""  # … and the field
    lookup = ""

    def _pk(self) -> int | None:
        """The chosen id; a value that is no id the database can hold is a bad filter (the changelist's ?e=1)."""
        value = self.value()
        if not value:
            return None
        pk = positive_int(value)
        if pk is None:
            raise IncorrectLookupParameters(f"{self.parameter_name}={value}")
        return pk

    def lookups(self, request, model_admin):
        # Only the chosen value is listed; the autocomplete fetches the rest as staff type.
        value = self.value()
        if (pk := positive_int(value)) is not None:
            chosen = self.model.objects.filter(pk=pk).first()
            if chosen is not None:
                return [(str(chosen.pk), self.label(chosen))]
        return []

    def label(self, chosen) -> str:
        return str(chosen)

    def has_output(self):
        return True

    def queryset(self, request, queryset):
        pk = self._pk()
        return queryset if pk is None else queryset.filter(**{self.lookup: pk})


class BodyFilter(AutocompleteFilter):
    title = _("body")
    parameter_name = "body"
    model = Body
    source_model = "report"
    source_field = "body"
    lookup = "report__body_id"


class ReportFilter(AutocompleteFilter):
    title = _("report")
    parameter_name = "report"
    model = Report
    source_model = "commitment"
    source_field = "report"
    lookup = "report_id"


class UnitBodyFilter(AutocompleteFilter):
    title = _("body")
    parameter_name = "body"
    model = Body
    source_model = "unit"
    source_field = "body"
    lookup = "body_id"


class UnitFilter(AutocompleteFilter):
    model = Unit
    source_model = "commitment"

    def label(self, chosen) -> str:
        # As the autocomplete lists it (admin_site.py): with its body when another body has a unit of that name.
        return unit_with_body(chosen, shared_unit_names([chosen.name]))


class LeadUnitFilter(UnitFilter):
    title = _("lead unit")
    parameter_name = "lead_unit"
    source_field = "lead_unit"
    lookup = "lead_unit_id"


class PartnerUnitFilter(UnitFilter):
    title = _("partner unit")
    parameter_name = "partner_unit"
    source_field = "partner_units"
    lookup = "partner_units"


class PartFilter(KeepOtherParamsMixin, admin.SimpleListFilter):
    """The numbered part, typed (3, 三, （三）, 一是; parts.part_variants): a list of every part would scan the
    whole ledger. With one report chosen, its parts are suggested in the report's order."""

    title = _("part")
    parameter_name = "part"
    template = "admin/ledger/text_filter.html"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        report = request.GET.get("report", "")
        self.suggestions = []
        if (report_id := positive_int(report)) is not None:
            parts = Commitment.objects.filter(report_id=report_id).exclude(part="").values_list("part", flat=True).distinct()
            self.suggestions = sorted(set(parts), key=part_key)

    def lookups(self, request, model_admin):
        return []

    def has_output(self):
        return True

    def queryset(self, request, queryset):
        return queryset.filter(part__in=part_variants(self.value())) if self.value() else queryset


class DeadlineFilter(admin.SimpleListFilter):
    """Past the deadline, neither fulfilled nor recorded not carried out (逾期), or falling due in the next 30 days (selectors)."""

    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [("overdue", _("overdue")), ("due_soon", _("due within 30 days")), ("none", _("no deadline set"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(overdue_q(today))
        if self.value() == "due_soon":
            return queryset.filter(due_soon_q(today))
        if self.value() == "none":
            return queryset.filter(due__isnull=True, due_label="")
        return queryset


class PlanYearFilter(admin.SimpleListFilter):
    """The plan year, offered from the reports' years: a report's year is its commitments' plan year, and the
    reports are a few hundred rows where the commitments' DISTINCT would read the whole ledger on every page."""

    title = _("plan year")
    parameter_name = "plan_year__exact"  # the name the field filter had: dashboard links and bookmarks keep working

    def lookups(self, request, model_admin):
        years = Report.objects.order_by("-year").values_list("year", flat=True).distinct()
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        year = positive_int(value)
        if year is None:
            raise IncorrectLookupParameters(value)
        return queryset.filter(plan_year=year)


def titled(title, base=admin.ChoicesFieldListFilter):
    """A field's list filter under a title of its own (two fields both called 类型 need two names)."""

    class Titled(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return Titled


class YesNoFilter(admin.SimpleListFilter):
    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def condition(self):
        raise NotImplementedError

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(self.condition())
        if self.value() == "no":
            return queryset.exclude(self.condition())
        return queryset


class HasLeadUnitFilter(YesNoFilter):
    """Whether a lead unit is set: "no" lists the tasks nobody leads yet (the row of a report's table by unit that
    counts them links here); the lead unit filter picks one unit."""

    title = _("lead unit set")
    parameter_name = "has_lead_unit"

    def condition(self):
        return Q(lead_unit__isnull=False)


class HasEvidenceFilter(YesNoFilter):
    title = _("has evidence")
    parameter_name = "has_evidence"

    def condition(self):
        return has_evidence_q()


class DecidedFilter(YesNoFilter):
    title = _("decided by staff")
    parameter_name = "decided"

    def condition(self):
        return decided_q()


class ConfirmedFilter(YesNoFilter):
    """The rows the dashboard's and the reports' 人工确认 counts count (decided by staff is wider: any decision,
    a passage rejected too)."""

    title = _("status confirmed by a person")
    parameter_name = "confirmed"

    def condition(self):
        return confirmed_q()
