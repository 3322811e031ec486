from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class LedgerPagination(PageNumberPagination):
    """Pages of 50, page_size up to 200. A page_size out of range or a page that is not a positive whole
    number is a 400 (DRF would clamp the first silently and call the second a 404); a page past the last
    stays a 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value in (None, ""):
            return self.page_size
        try:
            size = int(value)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [_("Enter a whole number from 1 to %(max)d.") % {"max": self.max_page_size}]},
                code="invalid_page_size",
            )
        return size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return parameters

    def paginate_queryset(self, queryset, request, view=None):
        value = request.query_params.get(self.page_query_param)
        if value not in (None, "") and value not in self.last_page_strings and not (value.isdigit() and int(value) >= 1):
            raise ValidationError(
                {self.page_query_param: [_("Enter a page number of 1 or more.")]}, code="invalid_page"
            )
        return super().paginate_queryset(queryset, request, view)
