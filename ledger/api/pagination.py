from django.core.paginator import Page
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ..numbers import MAX_BIGINT, positive_int


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
        size = positive_int(value, maximum=self.max_page_size)  # ASCII digits, as a page number (not ２, +5, 1_0)
        if size is None:
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
        if value in (None, "") or value in self.last_page_strings:
            number = 1 if value in (None, "") else None
        else:
            number = positive_int(value, maximum=None)
            if number is None:
                raise ValidationError(
                    {self.page_query_param: [_("Enter a page number of 1 or more, in the digits 0 to 9.")]}, code="invalid_page"
                )
        if number is None or not hasattr(queryset, "page"):
            return super().paginate_queryset(queryset, request, view)
        return self._page_with_count(queryset, request, number)

    def get_next_link(self):
        """Paged by key (ordering=id&id_after=…): the next page is the one after the last id of this one, so that a
        client following ``next`` while rows are added or removed skips and repeats none."""
        query = self.request.query_params
        if "id_after" not in query or query.get("ordering") != "id":
            return super().get_next_link()
        if not self.page.has_next():
            return None
        # The last id read, even where its row went before it was fetched (PageRows.last_id).
        last = getattr(self.page.paginator.object_list, "last_id", None)
        if last is None and self.page.object_list:
            row = self.page.object_list[-1]
            last = row["id"] if isinstance(row, dict) else row.pk
        if last is None:
            return super().get_next_link()
        url = replace_query_param(self.request.build_absolute_uri(), "id_after", last)
        return remove_query_param(url, self.page_query_param)

    def _page_with_count(self, rows, request, number: int) -> list:
        """DRF's paginate_queryset for PageRows (api/rows.py), which gives a page and the count together: the
        same page, count and links, and the same 404 for a page past the last."""
        self.request = request
        size = self.get_page_size(request)
        offset = (number - 1) * size
        # No database counts more rows than a bigint: a page beyond is past the last without asking.
        found, count = rows.page(offset, size) if offset + size <= MAX_BIGINT else ([], None)
        paginator = self.django_paginator_class(rows, size)
        if count is None:  # an empty page past the first: past the last
            raise NotFound(self.invalid_page_message.format(page_number=number, message=""))
        paginator.count = count  # the paginator's cached count
        self.page = Page(found, number, paginator)
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return list(self.page)
