"""What every router shares: strict bodies, whole numbers, pages of a list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from django.db.models import QuerySet
from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict, StrictInt

MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000


def _whole(value: object) -> object:
    """6.0 is the integer 6, as JSON Schema counts it; 6.5, "6" and true stay refused."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Put after the field's bounds (``Annotated[StrictInt, Field(...), WHOLE]``): so placed, the
# bounds stay in the JSON Schema.
WHOLE = BeforeValidator(_whole)
WholeInt = Annotated[StrictInt, WHOLE]
Pain = Annotated[StrictInt, Field(ge=0, le=10, description="Pain 0-10"), WHOLE]


class Strict(Schema):
    """A request body: unknown fields are refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1")
    page_size: int = Field(
        20, ge=1, le=MAX_PAGE_SIZE, description=f"Items per page, at most {MAX_PAGE_SIZE}"
    )


class Page(Schema):
    count: int = Field(description="Items in the whole list")
    page: int
    page_size: int
    next_page: int | None = Field(description="The next page's number, none after the last")


def page_of(
    items: Sequence[Any] | QuerySet[Any], query: PageQuery
) -> tuple[list[Any], dict[str, Any]]:
    """One page of ``items`` and the page's numbers."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    start = (query.page - 1) * query.page_size
    chunk = list(items[start : start + query.page_size])
    more = start + query.page_size < count
    numbers = {
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "next_page": query.page + 1 if more else None,
    }
    return chunk, numbers
