"""Every query parameter an endpoint gets is one it reads: a misspelt or unknown one (?year= for ?plan_year=) is a
400 naming it and the endpoint's parameters, not a page that silently ignores it; a parameter that takes one
value given twice is a 400 too (which one would count?). An empty value is no value (a form's empty field)."""

from django.utils.translation import gettext as _
from django_filters import MultipleChoiceFilter
from rest_framework.exceptions import ValidationError

# What every endpoint reads besides its filters: DRF's format override, the page and its size, the ordering.
COMMON = ("format", "page", "page_size", "ordering")


class KnownQueryParams:
    """A view mixin; ``extra_query_params`` names what a view reads beyond its filters."""

    extra_query_params: tuple[str, ...] = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        filterset = getattr(self, "filterset_class", None)
        filters = filterset.base_filters if filterset is not None else {}
        known = {*COMMON, *self.extra_query_params, *filters}
        params = request.query_params
        errors = {}
        for name in params:
            if name not in known:
                errors[name] = [
                    _("Unknown parameter; this endpoint reads: %(known)s.") % {"known": ", ".join(sorted(known))}
                ]
            elif len(params.getlist(name)) > 1 and not isinstance(filters.get(name), MultipleChoiceFilter):
                errors[name] = [_("Given more than once; this parameter takes one value.")]
        if errors:
            raise ValidationError(errors, code="invalid_parameter")
