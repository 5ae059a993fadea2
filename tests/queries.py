"""Query-count checks that an N+1 fails: count with n rows, add n more, count again.

A ceiling alone cannot catch an N+1 at three rows (3 extra queries hide under 12); the
same count at n and 2n rows can only hold if no query runs per row. The ceiling stays as
a check that the constant itself is sane.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def count_queries(read: Callable[[], object]) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        read()
    return len(queries), [q["sql"] for q in queries.captured_queries]


def assert_calls_constant(
    reads: dict[str, Callable[[], object]],
    add_rows: Callable[[int], object],
    *,
    n: int = 3,
    ceiling: int | dict[str, int],
) -> dict[str, int]:
    """Add ``n`` rows, run each read (once to warm caches, once counted), add ``n`` rows
    more, count again: each read must issue as many queries with 2n rows as with n, and no
    more than ``ceiling`` (one for all, or one per read). Returns the counts."""
    assert n >= 3, "with fewer rows a per-row query is too easy to miss"
    add_rows(n)
    for read in reads.values():
        read()
    with_n = {name: count_queries(read) for name, read in reads.items()}
    add_rows(n)
    with_2n = {name: count_queries(read) for name, read in reads.items()}
    for name in reads:
        (few, few_sql), (more, more_sql) = with_n[name], with_2n[name]
        extra = more_sql[few:][:5]
        assert more == few, f"{name}: {few} queries with {n} rows, {more} with {2 * n}: {extra}"
        most = ceiling[name] if isinstance(ceiling, dict) else ceiling
        assert few <= most, f"{name}: {few} queries, more than {most}: {few_sql}"
    return {name: count for name, (count, _sql) in with_n.items()}


def assert_queries_constant(
    client: Client,
    urls: str | Sequence[str],
    add_rows: Callable[[int], object],
    *,
    n: int = 3,
    ceiling: int | dict[str, int],
) -> dict[str, int]:
    """``assert_calls_constant`` for pages: a GET of each URL (which must answer 200)."""
    urls = [urls] if isinstance(urls, str) else list(urls)
    reads = {url: page(client, url) for url in urls}
    return assert_calls_constant(reads, add_rows, n=n, ceiling=ceiling)


def page(client: Client, url: str) -> Callable[[], object]:
    """A read for ``assert_calls_constant``: GET the URL, which must answer 200."""

    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return get
