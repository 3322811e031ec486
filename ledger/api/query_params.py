"""Every query parameter an endpoint gets is one it reads: a misspelt or unknown one (?year= for ?plan_year=) is a
400 naming it and the endpoint's parameters, not a page that silently ignores it; a parameter that takes one
value given twice is a 400 too (which one would count?). An empty value is no value (a form's empty field), and
``_`` (a script's cache-buster) is read by every endpoint and means nothing."""

from django.utils.translation import gettext as _
from django_filters import MultipleChoiceFilter
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS


class KnownQueryParams:
    """A view mixin; ``query_params_read`` names what a view reads beyond its filters, its pagination and its
    ordering (as an attribute, or a method of the action)."""

    extra_query_params: tuple[str, ...] = ()

    def query_params_read(self) -> set[str]:
        if getattr(self, "detail", False) or self.request.method not in SAFE_METHODS:
            # One record by its id, or a write (POST /reports/?kind=gov was answered as if the kind were read): no
            # filters, pages or ordering.
            return {"format", "_", *self.extra_query_params}
        filterset = getattr(self, "filterset_class", None)
        read = {"format", "_", *self.extra_query_params, *(filterset.base_filters if filterset is not None else ())}
        if getattr(self, "pagination_class", None) is not None:
            read |= {"page", "page_size"}
        if getattr(self, "ordering_fields", None):
            read.add("ordering")
        return read

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method == "OPTIONS":
            return  # a description of the endpoint, whatever the query a client would send it (?include=ledger)
        read = self.query_params_read()
        filterset = getattr(self, "filterset_class", None)
        filters = filterset.base_filters if filterset is not None and not getattr(self, "detail", False) else {}
        errors = {}
        for name, values in request.query_params.lists():
            given = [value for value in values if value.strip()]  # as api/filters.given_values reads them
            if not given:
                continue
            if name not in read:
                errors[name] = [_("Unknown parameter; this endpoint reads: %(known)s.") % {"known": ", ".join(sorted(read - {"_"}))}]
            elif len(given) > 1 and not isinstance(filters.get(name), MultipleChoiceFilter):
                errors[name] = [_("Given more than once; this parameter takes one value.")]
        if errors:
            raise ValidationError(errors, code="invalid_parameter")
