"""The API lists' pages: page numbers, or keyset pages with `?cursor=`.

Page numbers (`?page=n`, with the list's `count`) are the API's contract and its default.
They cost a count of the whole list and an OFFSET over every row before the page, which
grows with the data (bench/, issue 12). A client that walks a large list asks for keyset
pages instead: `?cursor=` (empty) for the first, then the `next` and `previous` links. A
keyset page is `WHERE id > last ORDER BY id LIMIT size`, as fast on the last page as on
the first, and stable while rows are added. Its order is by ids (the primary key, or the
view's `keyset_ordering`), whatever the list's own order: a cursor carries the position of
the first ordering field, and a list ordered by name would put a family's name in the
URL."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination, PageNumberPagination


class KeysetPagination(CursorPagination):
    """Keyset pages in the view's `keyset_ordering`: the primary key unless the view names
    another order of ids that its database walks faster (the persons: by family, then id).
    The first field is the cursor's position: only ids, never names or dates."""

    ordering = ("pk",)
    invalid_cursor_message = _("This cursor is not valid: start again with ?cursor=")

    def get_ordering(self, request, queryset, view):
        return getattr(view, "keyset_ordering", self.ordering)

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, ValidationError) as error:  # a position that is no key
            raise NotFound(self.invalid_cursor_message) from error


class ListPagination(PageNumberPagination):
    """Page numbers, unless the request names a cursor (`?cursor=`, empty for the first
    page): then keyset pages in order of ids, without a count."""

    keyset: KeysetPagination | None = None

    def paginate_queryset(self, queryset, request, view=None):
        if KeysetPagination.cursor_query_param in request.query_params:
            self.keyset = KeysetPagination()
            page = self.keyset.paginate_queryset(queryset, request, view)
            self.display_page_controls = self.keyset.display_page_controls
            return page
        return self.paginate_by_number(queryset, request, view)

    def paginate_by_number(self, queryset, request, view=None):
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.keyset:
            return self.keyset.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        paged = super().get_paginated_response_schema(schema)
        paged["required"] = ["results"]
        paged["properties"]["count"]["description"] = "Not in keyset pages (`?cursor=`)."
        return paged

    def get_schema_operation_parameters(self, view):
        return [*super().get_schema_operation_parameters(view), {
            "name": KeysetPagination.cursor_query_param, "required": False, "in": "query",
            "description": "Keyset pages in order of ids: empty for the first page, then "
                           "the `next` and `previous` links. Replaces `page`.",
            "schema": {"type": "string"},
        }]

    def to_html(self):
        return self.keyset.to_html() if self.keyset else super().to_html()


class IdFirstPagination(ListPagination):
    """Page numbers found over ids first.

    DRF's PageNumberPagination slices the list's queryset: `LIMIT 50 OFFSET n` over the
    full rows, with their joins and annotations. PostgreSQL computes the select list of
    every row it skips, so page 55 of the families computed the child count of 2,750
    families to show 50 (bench/, issue 12). Here the count and the page are taken over the
    ids alone, in the list's order, and only the page's rows are then read in full. Same
    pages, same order, same `page` parameter.

    For lists whose rows carry a costly annotation (the families list: 71 → 55 ms at
    100,000 families on PostgreSQL). Not the default: where the page's rows are cheap, the
    extra query costs more than it saves (the persons list: 68 → 88 ms). Keyset pages need
    neither: they read the page's rows only."""

    def paginate_by_number(self, queryset, request, view=None):
        if queryset.query.combinator or queryset.query.distinct:
            return super().paginate_by_number(queryset, request, view)  # no pk__in on these
        ids = super().paginate_by_number(
            queryset.prefetch_related(None).values_list("pk", flat=True), request, view)
        if ids is None:
            return None
        ids = list(ids)
        rows = queryset.filter(pk__in=ids).in_bulk()
        return [rows[pk] for pk in ids if pk in rows]
