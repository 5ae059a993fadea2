"""Paginating long lists: count no further than a page needs to say, and read a page by
its keys first."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


def in_key_order(queryset: QuerySet, keys: list) -> list:
    """The rows of ``queryset`` with these primary keys, in the keys' order: the second
    step of reading a page by its keys first (an index answers the first)."""
    rows = {row.pk: row for row in queryset.filter(pk__in=keys)}
    return [rows[key] for key in keys if key in rows]


class CappedPaginator(Paginator):
    """A paginator that counts at most ``limit`` rows; ``capped`` says there are more, and
    the pages are those of the first ``limit`` rows."""

    def __init__(self, object_list: QuerySet, per_page: int, *, limit: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.queryset = object_list
        self.limit = limit

    @cached_property
    def _counted(self) -> int:
        # COUNT(*) over a subquery with LIMIT: stops at limit + 1 rows.
        return self.queryset.order_by()[: self.limit + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.limit)

    @property
    def capped(self) -> bool:
        return self._counted > self.limit

    def _get_page(self, object_list, number, paginator):
        """The page's rows in two steps: their keys first, from a query that an index
        answers without reading the table (the filters and the order are in the list's
        covering indexes), then those rows. In one step the database would read every
        matching row to sort them (8,639 for a filtered list at a million persons).
        ``object_list`` is Paginator.page's slice of the queryset."""
        keys = list(object_list.prefetch_related(None).values_list("pk", flat=True))
        rows = in_key_order(self.queryset.order_by(), keys)
        return super()._get_page(rows, number, paginator)
