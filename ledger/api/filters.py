"""FilterSets of the API: what clients can ask the ledger for."""

import copy
import datetime as dt
import re
from collections.abc import Mapping

import django_filters as filters
from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError as DjangoValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.utils.translation import get_language, gettext_lazy as _
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.filters import OrderingFilter

from ..parts import part_variants
from ..selectors import became_overdue_q, commitment_search_q, confirmed_q, decided_q, due_soon_q, has_evidence_q, overdue_q, search_words
from ..numbers import MAX_BIGINT, ascii_digits
from ..models import (
    Body,
    Category,
    Commitment,
    CommitmentKind,
    Decision,
    Evidence,
    Progress,
    Level,
    Origin,
    Report,
    ReportKind,
    Status,
    Unit,
    UnitName,
    Verdict,
)


class AsciiIntegerField(forms.IntegerField):
    """A whole number in ASCII digits, as an id in a path is (ledger/numbers.py): １２, ٣, +5 or 5.0 is none."""

    def to_python(self, value):
        if value not in self.empty_values and not ascii_digits(str(value).strip().removeprefix("-")):
            raise DjangoValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class IntegerFilter(filters.NumberFilter):
    """A whole number within what the database stores: a value out of range is a 400, not an overflow."""

    field_class = AsciiIntegerField

    def __init__(self, *args, min_value: int = 0, max_value: int = MAX_BIGINT, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)
        # The schema says what is accepted: a whole number within the range, and what it means (a schema given for the
        # field replaces the one the help text went into).
        described = {"description": kwargs["help_text"]} if kwargs.get("help_text") else {}
        extend_schema_field({"type": "integer", "minimum": min_value, "maximum": max_value, **described})(self)


class ShareFilter(filters.NumberFilter):
    """A number from 0 to 1 (a score, a confidence): a value out of range is a 400."""

    field_class = forms.FloatField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=0, max_value=1, **kwargs)
        extend_schema_field({"type": "number", "minimum": 0, "maximum": 1})(self)


class TimeField(filters.fields.IsoDateTimeField):
    """An ISO 8601 time; one before 1900 is read as 1900 and one after 9000 as 9000 (no row is older or newer, so the
    answer is the same): at the calendar's ends (0001-01-01T00:00+14:00) a time has no UTC or local time to compare
    with, and overflowed into a 500."""

    FLOOR = dt.datetime(1900, 1, 1, tzinfo=dt.timezone.utc)
    CEILING = dt.datetime(9000, 1, 1, tzinfo=dt.timezone.utc)

    # An offset whose + a query string read as a space (…T12:00:00 08:00): the time is right but for its sign.
    _PLUS_AS_SPACE = re.compile(r"T[\d:.]+ \d{2}:?\d{2}$")

    def clean(self, value):
        if isinstance(value, str) and self._PLUS_AS_SPACE.search(value):
            raise DjangoValidationError(
                # The %2B as a parameter: some paths format a message, others show it as it is.
                _("The time's offset lost its + (a + in a query string is read as a space): write it %(plus)s, as in "
                  "2026-12-01T12:00:00%(plus)s08:00, or give the time in UTC with Z."),
                code="invalid", params={"plus": "%2B"},
            )
        when = super().clean(value)
        if when is None:
            return when
        try:
            return min(max(when.astimezone(dt.timezone.utc), self.FLOOR), self.CEILING)
        except (OverflowError, ValueError):
            return self.FLOOR if when.year < 5000 else self.CEILING


class TimeFilter(filters.IsoDateTimeFilter):
    field_class = TimeField


def id_filter(field_name: str, **kwargs) -> IntegerFilter:
    """An object by its id: an id that names nothing finds nothing (as a filter does), not a 400."""
    return IntegerFilter(field_name=field_name, min_value=1, **kwargs)


class StrictBooleanField(forms.NullBooleanField):
    """true/false (also 1/0, yes/no, on/off); anything else is an error, not "no filter"."""

    widget = forms.TextInput  # NullBooleanSelect would read an unknown value as "no filter"
    _VALUES = {"true": True, "1": True, "yes": True, "on": True, "false": False, "0": False, "no": False, "off": False}

    def to_python(self, value):
        if value in (None, "") or value is True or value is False:
            return value if value in (True, False) else None
        try:
            return self._VALUES[str(value).strip().lower()]
        except KeyError:
            raise DjangoValidationError(_("Enter true or false."), code="invalid") from None

    def validate(self, value):
        pass


class BooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


def _by_id(model, field: str) -> str:
    """A relation is ordered by its id, as the API shows it (report: the report's id), not by the related model's
    own ordering, which Django follows for order_by("report") (body name, kind, year)."""
    name = field.lstrip("-")
    try:
        relation = model._meta.get_field(name)
    except FieldDoesNotExist:
        return field
    return field.replace(name, relation.attname) if relation.many_to_one else field


class StrictOrderingFilter(OrderingFilter):
    """?ordering= with a field the endpoint does not sort by is a 400 naming the fields it does."""

    def get_ordering(self, request, queryset, view):
        ordering = self._asked_ordering(request, queryset, view)
        if request.query_params.get(self.ordering_param) and ordering and not {"id", "-id"} & set(ordering):
            ordering = [*ordering, "id"]  # rows tied on the fields asked for keep one order from page to page
        # A field a view sorts by another column (a unit's name by its pinyin key: ordering_keys).
        keys = getattr(view, "ordering_keys", {})
        ordering = ordering and [
            field.replace(name, keys[name]) if (name := field.lstrip("-")) in keys else field for field in ordering
        ]
        return ordering and [_by_id(queryset.model, field) for field in ordering]

    def _asked_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            # As the schema's pattern says: one minus at most, and no empty field (--id, id, were read as id).
            fields = [param.strip() for param in params.split(",")]
            valid = [name for name, _label in self.get_valid_fields(queryset, view, {"request": request})]
            unknown = [field or "“”" for field in fields if field.removeprefix("-") not in valid]
            if unknown:
                raise ValidationError(
                    {
                        self.ordering_param: [
                            _("Cannot order by %(fields)s; order by one of: %(choices)s.")
                            % {"fields": ", ".join(unknown), "choices": ", ".join(valid)}
                        ]
                    },
                    code="invalid_ordering",
                )
        return super().get_ordering(request, queryset, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        # Every view of the ledger names its ordering_fields.
        fields = list(view.ordering_fields)
        one = "-?(" + "|".join(fields) + ")"
        for parameter in parameters:
            parameter["schema"] = {"type": "string", "pattern": f"^{one}(,{one})*$"}
            parameter["description"] = _("comma-separated, one or more of: %(choices)s (-name: descending)") % {
                "choices": ", ".join(fields)
            } + (f"; {note}" if (note := getattr(view, "ordering_note", "")) else "")
        return parameters


def named_filters(filters, params) -> tuple[str, ...]:
    """The filters the parameters name: a parameter starting with the filter's name (a filter's widget may add
    a suffix)."""
    return tuple(name for name in filters if any(param.startswith(name) for param in params))


def given_values(params):
    """The query parameters without their empty values: an empty value (or only spaces) is no value (a form's empty
    field), for every filter alike (a choice filter took "" for a choice, and said it was none)."""
    # A new QueryDict rather than params.copy(), which deep-copies every value (strings, which never change).
    given = QueryDict(mutable=True, encoding=params.encoding)
    for name, values in params.lists():
        values = [value for value in values if value.strip()]
        if values:
            given.setlist(name, values)
    return given


class FilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend, without building a FilterSet for a request that names none of its filters (a record,
    an unfiltered page): such a FilterSet filters nothing; and for a request that names some, validating only
    the filters it names (LedgerFilterSet.given_only). Empty values are left out (given_values)."""

    def get_filterset_kwargs(self, request, queryset, view):
        return {**super().get_filterset_kwargs(request, queryset, view), "data": given_values(request.query_params)}

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not named_filters(filterset_class.base_filters, given_values(request.query_params)):
            return queryset
        # django-filter's own filter_queryset from here, with given_only set (its to_html builds the FilterSet
        # through get_filterset too, and must keep every filter: the flag is set here, not there).
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        filterset.given_only = True
        if not filterset.is_valid() and self.raise_exception:
            raise _with_choices(utils.translate_validation(filterset.errors), filterset.form)
        return filterset.qs


def _with_choices(error: ValidationError, form) -> ValidationError:
    """A value that is no choice is answered with the choices there are (a client told only "done is not one of the
    available choices" must guess them)."""
    for name, details in error.detail.items():
        choices = getattr(form.fields.get(name), "choices", None)
        if not choices:
            continue
        said = _("Choices: %(choices)s.") % {"choices": ", ".join(str(value) for value, _label in choices if value != "")}
        error.detail[name] = [
            ErrorDetail(f"{detail} {said}", code=detail.code) if detail.code == "invalid_choice" else detail for detail in details
        ]
    return error


# Form classes a FilterSet class keeps at most (one per language and combination of filters asked for).
MAX_FORM_CLASSES = 256


class LedgerFilterSet(filters.FilterSet):
    """A FilterSet whose form class is built once per class and language, not for every request (its fields
    depend on neither; the labels on the language), and whose filters are shallow copies of the class's (django-
    filter deep-copies each, with its choices and their lazy labels): a filter keeps nothing of its FilterSet but
    the model and the parent set here, and its method, bound here to the copy.

    With ``given_only`` (set by FilterBackend when it filters), the form has the fields of the filters the data
    names (a parameter starting with the filter's name, as a filter's widget may add a suffix) and no other: an
    absent parameter filters nothing and cannot be wrong, and a form of twenty-odd fields costs a good part of a
    list page to build and clean. The browsable API's filter form (given_only unset) has every field."""

    given_only = False
    # Bounds (low, high) a filter set takes: given the wrong way round they answer nothing, which is said, not an
    # empty list that reads as "none such".
    _RANGES: tuple[tuple[str, str], ...] = ()

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django_filters.FilterSet.__init__ (as of django-filter 25), but for the copies.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        model = queryset.model
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = _FilterCopies(self.base_filters, model, self)

    def filter_queryset(self, queryset):
        cleaned = self.form.cleaned_data
        for low, high in self._RANGES:
            if cleaned.get(low) is not None and cleaned.get(high) is not None and cleaned[low] > cleaned[high]:
                raise ValidationError(
                    {low: [_("%(low)s is after %(high)s: no row lies between them.") % {"low": low, "high": high}]},
                    code="invalid_range",
                )
        return super().filter_queryset(queryset)

    def get_form_class(self):
        cls = type(self)
        forms_built = cls.__dict__.get("_form_classes")
        if forms_built is None:
            forms_built = cls._form_classes = {}
        names = None
        if self.given_only and self.form_prefix is None:
            names = named_filters(self.filters, self.data)
        key = (get_language(), names)
        form = forms_built.get(key)
        if form is None:
            if names is None:
                form = super().get_form_class()
            else:
                fields = {name: self.filters[name].field for name in names}
                form = type(f"{cls.__name__}Form", (self._meta.form,), fields)
            if len(forms_built) >= MAX_FORM_CLASSES:  # requests choose the combinations: the memory stays bounded
                forms_built.clear()
            forms_built[key] = form
        return form


class _FilterCopies(Mapping):
    """A FilterSet's filters: each a shallow copy of the class's, made when first asked for (a request that
    names three filters copies three of twenty-odd)."""

    def __init__(self, prototypes, model, parent):
        self._prototypes, self._model, self._parent = prototypes, model, parent
        self._copies = {}

    def __getitem__(self, name):
        filter_ = self._copies.get(name)
        if filter_ is None:
            prototype = self._prototypes[name]
            filter_ = copy.copy(prototype)
            if prototype.method is not None:
                filter_.method = prototype.method  # a FilterMethod of the copy, which finds its parent
            filter_.model, filter_.parent = self._model, self._parent
            self._copies[name] = filter_
        return filter_

    def __iter__(self):
        return iter(self._prototypes)

    def __len__(self):
        return len(self._prototypes)


FILTER_BACKENDS = [FilterBackend, StrictOrderingFilter]


def year_filter(**kwargs) -> IntegerFilter:
    return IntegerFilter(min_value=1900, max_value=2999, **kwargs)


class BodyFilter(LedgerFilterSet):
    name = filters.CharFilter(lookup_expr="icontains", help_text=_("part of the body's name"))
    level = filters.ChoiceFilter(choices=Level.choices)
    parent = id_filter("parent_id")

    class Meta:
        model = Body
        fields = ["name", "level", "parent"]


class UnitFilter(LedgerFilterSet):
    body = id_filter("body_id")
    name = filters.CharFilter(method="name_filter", help_text=_("part of the unit's name or of another name of it"))

    def name_filter(self, queryset, name, value):
        other = UnitName.objects.filter(name__icontains=value).values("unit_id")
        return queryset.filter(Q(name__icontains=value) | Q(pk__in=other))

    class Meta:
        model = Unit
        fields = ["body", "name"]


class ReportFilter(LedgerFilterSet):
    body = id_filter("body_id")
    body_name = filters.CharFilter(field_name="body__name", lookup_expr="icontains", help_text=_("part of the body's name"))
    body_level = filters.ChoiceFilter(field_name="body__level", choices=Level.choices)
    kind = filters.ChoiceFilter(choices=ReportKind.choices)
    year = year_filter()
    year_min = year_filter(field_name="year", lookup_expr="gte")
    year_max = year_filter(field_name="year", lookup_expr="lte")
    _RANGES = (("year_min", "year_max"),)

    class Meta:
        model = Report
        fields = ["body", "body_name", "body_level", "kind", "year", "year_min", "year_max"]


class CommitmentFilter(LedgerFilterSet):
    body = id_filter("report__body_id")
    body_name = filters.CharFilter(field_name="report__body__name", lookup_expr="icontains", help_text=_("part of the body's name"))
    body_level = filters.ChoiceFilter(field_name="report__body__level", choices=Level.choices)
    report = id_filter("report_id")
    report_kind = filters.ChoiceFilter(field_name="report__kind", choices=ReportKind.choices)
    plan_year = year_filter()
    plan_year_min = year_filter(field_name="plan_year", lookup_expr="gte")
    plan_year_max = year_filter(field_name="plan_year", lookup_expr="lte")
    kind = filters.MultipleChoiceFilter(choices=CommitmentKind.choices, distinct=False)
    category = filters.MultipleChoiceFilter(choices=Category.choices, distinct=False)
    part = filters.CharFilter(
        method="filter_part",
        help_text=_("number of the numbered part, read as in the admin: 3 or 三 (the third part in any numbering), "
                    "（三） (bracketed only), 一是"),
    )
    status = filters.MultipleChoiceFilter(choices=Status.choices, distinct=False)
    testable = BooleanFilter()
    origin = filters.ChoiceFilter(
        choices=Origin.choices,
        help_text=_("auto: the report's own tasks; staff: tasks staff added by hand (whose start and end mark only the "
                    "place of their part, as they are in no sentence of the report)"),
    )
    has_evidence = BooleanFilter(method="filter_has_evidence", help_text=_("has evidence that staff did not reject"))
    decided = BooleanFilter(
        method="filter_decided",
        help_text=_("staff set its status or decided on its evidence (a person's act: not the decided rows of stats/, which "
                    "counts the machine's statuses too; for those, filter by status)"),
    )
    confirmed = BooleanFilter(
        method="filter_confirmed",
        help_text=_("its status a person decided (set by staff, or following evidence staff confirmed); with "
                    "testable=true, the rows the confirmed counts of stats/ count"),
    )
    confidence_min = ShareFilter(
        field_name="status_confidence", lookup_expr="gte",
        help_text=_("the machine's confidence in its status at least this (0–1); rows a person decided have none"),
    )
    confidence_max = ShareFilter(
        field_name="status_confidence", lookup_expr="lte", help_text=_("the machine's confidence in its status at most this"),
    )
    review_disagrees = BooleanFilter(
        help_text=_("a person set its status before the next report's review came in, and the review's passages report "
                    "the task otherwise (queued for a look)"),
    )
    q = filters.CharFilter(
        method="filter_text",
        help_text=_("words (the first ten) in the deliverable, its object, its sentence or status note, a unit's name or a progress entry"),
    )
    lead_unit = id_filter("lead_unit_id", help_text=_("the lead unit's id"))
    unit = id_filter(None, method="filter_unit", help_text=_("a unit's id: the commitments it leads or partners in"))
    overdue = BooleanFilter(method="filter_overdue", help_text=_("past its deadline, neither fulfilled nor not carried out"))
    due_soon = BooleanFilter(method="filter_due_soon", help_text=_("falls due in the next 30 days, neither fulfilled nor not carried out"))
    due_before = filters.DateFilter(field_name="due", lookup_expr="lte", help_text=_("deadline on or before this date"))
    due_after = filters.DateFilter(field_name="due", lookup_expr="gte", help_text=_("deadline on or after this date"))
    id_after = IntegerFilter(
        field_name="id", lookup_expr="gt", min_value=0,
        help_text=_("only ids greater than this: with ordering=id, page by the last id seen (rows added or removed "
                    "meanwhile shift no page)"),
    )
    updated_since = TimeFilter(
        method="filter_updated_since",
        help_text=_("changed at or after this time (ISO 8601; a time without an offset is Beijing time): its status, 台账 columns or wording (its history), a "
                    "unit it names renamed, a passage of it added or decided on, a progress entry, its report or its "
                    "follow-up loaded, replaced or deleted, its body renamed, or its deadline passed since (overdue). Deleted rows are not listed: commitments/deleted/?since= lists them "
                    "with why (and a replace keeps what staff had decided on a row it took out in its report's "
                    "kept_decisions, by former_id)"),
    )

    class Meta:
        model = Commitment
        fields = [
            "body", "body_name", "body_level", "report", "report_kind", "plan_year", "plan_year_min",
            "plan_year_max", "kind", "category", "part", "status", "testable", "has_evidence", "decided", "confirmed",
            "confidence_min", "confidence_max", "review_disagrees", "q", "lead_unit", "unit", "overdue", "due_soon", "due_before", "due_after",
            "id_after", "updated_since", "origin",
        ]

    _RANGES = (("plan_year_min", "plan_year_max"), ("confidence_min", "confidence_max"), ("due_after", "due_before"))

    def filter_part(self, queryset, name, value):
        return queryset.filter(part__in=part_variants(value))

    def filter_unit(self, queryset, name, value):
        partner = Commitment.partner_units.through.objects.filter(commitment_id=OuterRef("pk"), unit_id=value)
        return queryset.filter(Q(lead_unit_id=value) | Q(Exists(partner)))

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())

    def filter_due_soon(self, queryset, name, value):
        return queryset.filter(due_soon_q()) if value else queryset.exclude(due_soon_q())

    def filter_has_evidence(self, queryset, name, value):
        return queryset.filter(has_evidence_q()) if value else queryset.exclude(has_evidence_q())

    def filter_decided(self, queryset, name, value):
        return queryset.filter(decided_q()) if value else queryset.exclude(decided_q())

    def filter_updated_since(self, queryset, name, value):
        # Over-inclusive rather than silent: a sync that gets a row again loses nothing, one that misses it does.
        since = Q(history_date__gte=value)
        renamed = Unit.history.model.objects.filter(since).values("id")  # a unit a task names, renamed
        return queryset.filter(
            Q(report__ingested_at__gte=value)
            | Q(report__rows_changed_at__gte=value)
            | became_overdue_q(value)
            | Q(lead_unit__in=renamed)
            | Exists(Commitment.partner_units.through.objects.filter(commitment_id=OuterRef("pk"), unit__in=renamed))
            | Exists(Commitment.history.model.objects.filter(since, id=OuterRef("pk")))
            | Exists(Progress.history.model.objects.filter(since, commitment_id=OuterRef("pk")))
            | Exists(
                Evidence.objects.filter(commitment=OuterRef("pk")).filter(
                    Q(created_at__gte=value) | Q(decided_at__gte=value) | Q(report__updated_at__gte=value)
                )
            )
        )

    def filter_confirmed(self, queryset, name, value):
        return queryset.filter(confirmed_q()) if value else queryset.exclude(confirmed_q())

    def filter_text(self, queryset, name, value):
        for word in search_words(value):
            queryset = queryset.filter(commitment_search_q(word))
        return queryset


class EvidenceFilter(LedgerFilterSet):
    commitment = id_filter("commitment_id")
    report = id_filter("report_id", help_text=_("the follow-up report the passage is from"))
    verdict = filters.MultipleChoiceFilter(choices=Verdict.choices, distinct=False)
    decision = filters.MultipleChoiceFilter(choices=Decision.choices, distinct=False)
    origin = filters.ChoiceFilter(choices=Origin.choices)

    class Meta:
        model = Evidence
        fields = ["commitment", "report", "verdict", "decision", "origin"]


class StatsFilter(CommitmentFilter):
    """The commitment filters as stats/ takes them: testable=false is refused, as no rate counts a sentence of general
    direction (an empty answer said nothing)."""

    testable = extend_schema_field({"type": "boolean", "enum": [True]})(
        BooleanFilter(method="filter_testable_counted", help_text=_("true (the default): stats/ counts testable commitments only"))
    )

    def filter_testable_counted(self, queryset, name, value):
        if value is False:
            raise ValidationError(
                {"testable": [_("stats/ counts testable commitments only: a general-direction sentence is in no rate.")]},
                code="invalid",
            )
        return queryset  # stats/ counts the testable ones whatever is asked


# The list's paging and polling parameters page the rows a mirror reads: stats/ is no list, and a rate of the rows after
# an id, or changed since a time, was another rate given without a word. Unknown to stats/, they are refused there.
for _sync in ("id_after", "updated_since"):
    StatsFilter.base_filters.pop(_sync)
