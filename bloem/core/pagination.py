"""Page numbers for the API lists, found over ids first.

DRF's PageNumberPagination slices the list's queryset: `LIMIT 50 OFFSET n` over the full
rows, with their joins and annotations. PostgreSQL computes the select list of every row
it skips, so page 55 of the families computed the child count of 2,750 families to show
50 (bench/, issue 12). Here the count and the page are taken over the ids alone, in the
list's order, and only the page's rows are then read in full. Same pages, same order,
same `page` parameter: the API's contract does not change.

For lists whose rows carry a costly annotation (the families list: 71 → 55 ms at 100,000
families on PostgreSQL). Not the default: where the page's rows are cheap, the extra
query costs more than it saves (the persons list: 68 → 88 ms)."""

from rest_framework.pagination import PageNumberPagination


class IdFirstPagination(PageNumberPagination):
    def paginate_queryset(self, queryset, request, view=None):
        if queryset.query.combinator or queryset.query.distinct:
            return super().paginate_queryset(queryset, request, view)  # no pk__in on these
        ids = super().paginate_queryset(
            queryset.prefetch_related(None).values_list("pk", flat=True), request, view)
        if ids is None:
            return None
        ids = list(ids)
        rows = queryset.filter(pk__in=ids).in_bulk()
        return [rows[pk] for pk in ids if pk in rows]
