"""The pages of a list in the UI: Django's Paginator, without the COUNT for a list that
fits on its first page (a worker's own families, her worklist, a family's notes)."""

from django.core import paginator


def _is_first(number) -> bool:
    """Whether get_page(number) shows the first page: "1", or anything that is not a
    whole number (Django falls back to the first page for those)."""
    try:
        return int(number) == 1
    except (TypeError, ValueError):
        return True


class Paginator(paginator.Paginator):
    def get_page(self, number):
        """The first page is read with one row more: when that row is missing, the rows
        are the whole list and their number is the count (one query instead of two). A
        full first page counts as before, when the page asks for its number of pages."""
        if not _is_first(number):
            return super().get_page(number)
        fits = self.per_page + self.orphans  # what a first page that is the only one holds
        rows = list(self.object_list[: fits + 1])
        if len(rows) <= fits:
            self.count = len(rows)  # the cached property, known without a query
            return self._get_page(rows, 1, self)
        return self._get_page(rows[: self.per_page], 1, self)
