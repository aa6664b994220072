"""A hook for the app above tickets: the open andon pull a complaint is on, for the console's queue.

tickets cannot import andon, so andon tells it, from its `AppConfig.ready()`, how to find one:
`register_open_pull_source(expression, url)`, where

- `expression()` returns a query expression evaluated per complaint row (`OuterRef("pk")` is the
  complaint) that gives the id of the open pull the complaint is on, or NULL. The queue annotates
  it as `open_pull_id` inside its own query, so a page of any length costs no extra query.
- `url(pull_id)` returns the site path of the page that shows that pull.

With nothing registered, no complaint is on a pull (`open_pull_id` is NULL on every row).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import IntegerField, QuerySet, Value


@dataclass(frozen=True)
class OpenPullSource:
    expression: Callable[[], object]
    url: Callable[[int], str]


_source: OpenPullSource | None = None


def register_open_pull_source(expression: Callable[[], object], url: Callable[[int], str]) -> None:
    """Say how to find a complaint's open pull (one source: a second registration replaces the first)."""
    global _source
    _source = OpenPullSource(expression=expression, url=url)


def with_open_pull(complaints: QuerySet) -> QuerySet:
    """Annotate `open_pull_id` (int or None) on each complaint, in the same query."""
    if _source is None:
        return complaints.annotate(open_pull_id=Value(None, output_field=IntegerField()))
    return complaints.annotate(open_pull_id=_source.expression())


def open_pull_url(pull_id: int) -> str:
    """The path of the page that shows pull `pull_id` ("" when nothing is registered)."""
    return _source.url(pull_id) if _source is not None else ""
