"""The pages of a list in the UI: Django's Paginator, without the COUNT for a list that
fits on its first page (a worker's own families, her worklist, a family's notes), and,
for a list the database sorts whole anyway, with the count read by the page's own query."""

from django.core import paginator
from django.db.models import Count, Window


def _is_first(number) -> bool:
    """Whether get_page(number) shows the first page: "1", or anything that is not a
    whole number (Django falls back to the first page for those)."""
    try:
        return int(number) == 1
    except (TypeError, ValueError):
        return True


# The largest OFFSET a database takes (a 64-bit integer): a page number past it (typed in
# an address) is not a page of any list.
_LARGEST_OFFSET = 2**63 - 1


class Paginator(paginator.Paginator):
    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *,
                 count_in_page: bool = False):
        """`count_in_page`: read the list's count with the page's rows (COUNT(*) OVER ()),
        one query instead of two. Only for a queryset whose order the database sorts
        whole anyway (e.g. by name, after a filter that every row must pass): a list read
        in an index's order (the access log) would then read every row for one page."""
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.count_in_page = count_in_page

    def get_page(self, number):
        """With `count_in_page`, the page and the count in one query. Otherwise the first
        page is read with one row more: when that row is missing, the rows are the whole
        list and their number is the count (one query instead of two). A full first page
        counts as before, when the page asks for its number of pages."""
        if self.count_in_page:
            page = self._counted_page(number)
            if page is not None:
                return page
            return super().get_page(number)
        if not _is_first(number):
            return super().get_page(number)
        fits = self.per_page + self.orphans  # what a first page that is the only one holds
        rows = list(self.object_list[: fits + 1])
        if len(rows) <= fits:
            self.count = len(rows)  # the cached property, known without a query
            return self._get_page(rows, 1, self)
        return self._get_page(rows[: self.per_page], 1, self)

    def _counted_page(self, number):
        """Page `number` and the count from one query; None where Django's own answer
        differs (a page past the end or below 1: Django shows the last page)."""
        number = 1 if _is_first(number) else int(number)
        bottom = (number - 1) * self.per_page
        if number < 1 or bottom + self.per_page + self.orphans > _LARGEST_OFFSET:
            return None  # Django counts first, and no database takes such an OFFSET
        rows = list(self.object_list.annotate(listed_in_all=Window(Count("pk")))
                    [bottom:bottom + self.per_page + self.orphans])
        if not rows:
            if number > 1:
                return None
            self.count = 0
            return self._get_page(rows, 1, self)
        self.count = rows[0].listed_in_all  # the cached property, known without a query
        if number > self.num_pages:  # only orphans left, which belong to the page before
            return None
        last = bottom + self.per_page + self.orphans >= self.count  # keeps its orphans
        return self._get_page(rows if last else rows[: self.per_page], number, self)
