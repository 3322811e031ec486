"""Responsible units (牵头单位 / 配合单位), one list per body: found by name, filtered by body, and the source of
the unit pickers and unit filters of the ledger (autocomplete)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..collation import by_pinyin
from ..models import Commitment, Unit, UnitName
from ..selectors import abbreviation_q
from ..services.ledger import unit_name, unit_name_problem, unit_name_taken, unit_save, units_merge
from .filters import UnitBodyFilter
from .history import LedgerHistoryMixin
from .mixins import AUTOCOMPLETE_CSS, AUTOCOMPLETE_JS, BoundedLookupsMixin


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["body", "name"]

    def clean(self):
        """What unit_save refuses, said on the form (raised in save_model, it was a 500): a name that names no office,
        one another unit of the body bears once tidied (法制 工作委员会), or goes by."""
        cleaned = super().clean()
        body_id = cleaned["body"].pk if cleaned.get("body") else self.instance.body_id
        if not body_id or not cleaned.get("name"):
            return cleaned
        name = unit_name(cleaned["name"])
        if problem := unit_name_problem(name) or unit_name_taken(body_id=body_id, name=name, unit_id=self.instance.pk):
            self.add_error("name", problem)
        elif Unit.objects.filter(body_id=body_id, name=name).exclude(pk=self.instance.pk).exists():
            self.add_error("name", gettext("The body has a unit of that name: %(name)s.") % {"name": name})
        return cleaned


class UnitNameForm(forms.ModelForm):
    class Meta:
        model = UnitName
        fields = ["name"]

    def clean_name(self):
        """A name that names one unit of the body: not another unit's name, nor its other name."""
        name = unit_name(self.cleaned_data["name"])
        if problem := unit_name_problem(name):
            raise ValidationError(problem)
        unit = Unit.objects.get(pk=self.instance.unit_id)
        if name == unit.name:
            raise ValidationError(gettext("This is the unit's own name."))
        if (other := Unit.objects.filter(body_id=unit.body_id, name=name).first()) is not None:
            raise ValidationError(gettext("%(name)s is a unit of its own: merge the two units instead.") % {"name": other.name})
        taken = UnitName.objects.filter(body_id=unit.body_id, name=name).exclude(pk=self.instance.pk).select_related("unit").first()
        if taken is not None:
            raise ValidationError(gettext("“%(name)s” is another name of %(unit)s already.") % {"name": name, "unit": taken.unit.name})
        return name


class UnitNameInline(admin.TabularInline):
    """The unit's other names (a short form merged into it, a former name): a sheet or a program naming it so names
    this unit. Staff add a short form before an import, or take off one that names another office."""

    model = UnitName
    form = UnitNameForm
    fk_name = "unit"
    extra = 1
    verbose_name = _("other name")
    verbose_name_plural = _("other names (a sheet or a program naming the unit so names this unit)")


@admin.register(Unit)
class UnitAdmin(BoundedLookupsMixin, LedgerHistoryMixin, SimpleHistoryAdmin):
    list_display = ["name", "body", "lead_link", "partner_count"]
    list_filter = [UnitBodyFilter]
    search_fields = ["name", "body__name", "other_names__name"]
    list_select_related = ["body"]
    autocomplete_fields = ["body"]
    # By pinyin, as the report's table by unit and the pickers list them (code points put 代表… before 办公室).
    ordering = ["body__name", "sort_key"]
    form = UnitForm
    fields = ["body", "name"]
    object_history_list_template = "admin/ledger/history_list.html"
    actions = ["merge"]

    class Media:
        css = {"all": AUTOCOMPLETE_CSS}
        js = AUTOCOMPLETE_JS

    def get_queryset(self, request):
        # The autocomplete names a unit with its body where another body's unit bears its name (admin_site.py).
        queryset = super().get_queryset(request).select_related("body")
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            queryset = queryset.annotate(
                lead_count=Count("led_commitments", distinct=True), partner_count=Count("partnered_commitments", distinct=True)
            )
        return queryset

    def get_search_results(self, request, queryset, search_term):
        """By name or body as typed, and by a name shortened as offices shorten one (财经 finds 财政经济工作委员会):
        the unit pickers and filters search here, and a clerk typing the short name made a second unit."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found |= queryset.filter(abbreviation_q(search_term))
        return found, duplicates

    def get_readonly_fields(self, request, obj=None):
        return ["body"] if obj is not None else []  # its tasks and its other names are its body's

    def get_inlines(self, request, obj):
        return [UnitNameInline] if obj is not None else []  # a new unit has no other name yet

    def save_model(self, request, obj, form, change):
        unit_save(unit=obj, user=request.user)

    def save_formset(self, request, form, formset, change):
        unit = form.instance
        for name in formset.save(commit=False):
            name.body_id = unit.body_id
            if name.name == unit.name:  # the name the unit was just given: its own, no other name
                if name.pk:
                    name.delete()
                continue
            # A rename saved just before keeps the former name already (unit_save): typed here too, it is there; one
            # added meanwhile by another person is there too.
            try:
                with transaction.atomic():
                    name.save()
            except IntegrityError:  # another unit was given the name meanwhile
                self.message_user(request, gettext("“%(name)s” was not kept: another unit of the body goes by it.") % {"name": name.name}, messages.WARNING)
        for name in formset.deleted_objects:
            name.delete()

    def has_delete_permission(self, request, obj=None):
        # A unit a commitment names cannot go (below); only superusers delete the others.
        return request.user.is_active and request.user.is_superuser

    def get_deleted_objects(self, objs, request):
        """A unit a task names, as lead (PROTECT) or as partner, is protected: deleting a partner took it off its
        tasks with no word in their history. Merge it into another unit instead."""
        deleted, counts, perms, protected = super().get_deleted_objects(objs, request)
        ids = [unit.pk for unit in objs]
        partnered = Commitment.objects.filter(partner_units__in=ids).exclude(lead_unit__in=ids).distinct()
        protected = [*protected, *partnered.select_related("report__body").order_by("pk")]
        return deleted, counts, perms, protected

    def has_merge_permission(self, request):
        return request.user.has_perms(["ledger.change_unit", "ledger.change_commitment"])

    @admin.action(description=_("Merge the selected units into one"), permissions=["merge"])
    def merge(self, request, queryset):
        units = sorted(
            queryset.select_related("body").annotate(
                leads=Count("led_commitments", distinct=True), partners=Count("partnered_commitments", distinct=True)
            ),
            key=lambda unit: by_pinyin(unit.name),  # as every unit picker lists them
        )
        if len({unit.body_id for unit in units}) != 1 or len(units) < 2:
            self.message_user(request, gettext("Choose two or more units of one body to merge."), messages.ERROR)
            return None
        form = UnitMergeForm(request.POST if "apply" in request.POST else None, units=units)
        if "apply" in request.POST and form.is_valid():
            into = form.cleaned_data["into"]
            try:
                changed = units_merge(units=units, into=into, user=request.user)
            except ValidationError as error:
                self.message_user(request, gettext("Nothing was saved: %(problem)s") % {"problem": " ".join(error.messages)}, messages.ERROR)
            else:
                self.message_user(request, gettext("Merged into %(unit)s: %(n)d tasks changed.") % {"unit": into.name, "n": changed})
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Merge the selected units into one"),
            "form": form,
            # What each unit's merge changes, said before it is done.
            "items": [
                (gettext("%(unit)s (%(body)s): leads %(leads)d tasks, assists in %(partners)d") % {
                    "unit": unit.name, "body": unit.body, "leads": unit.leads, "partners": unit.partners,
                }, unit.pk)
                for unit in units
            ],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "action_name": "merge",
            "intro": _("Every task one of these units leads or assists is given the unit kept instead, with its history "
                       "saying so; the other units are then deleted. Choose the one unit to keep:"),
            "submit": _("Merge"),
            "cancel_url": reverse("admin:ledger_unit_changelist"),
        }
        return TemplateResponse(request, "admin/ledger/commitment/bulk_form.html", context)

    @admin.display(description=_("leads"), ordering="lead_count")
    def lead_link(self, obj):
        url = reverse("admin:ledger_commitment_changelist") + f"?lead_unit={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.lead_count)

    @admin.display(description=_("partners in"), ordering="partner_count")
    def partner_count(self, obj):
        url = reverse("admin:ledger_commitment_changelist") + f"?partner_unit={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.partner_count)


class UnitMergeForm(forms.Form):
    into = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("unit kept"), widget=forms.RadioSelect, empty_label=None)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        into = self.fields["into"]
        into.queryset = Unit.objects.filter(pk__in=[unit.pk for unit in units])
        into.choices = [(unit.pk, into.label_from_instance(unit)) for unit in units]  # in the order given
