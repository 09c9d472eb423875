"""Long listings split into pages, and the links between the pages.

A listing (the events of a year, the sources, the quotes) is cut into pages of at most
`size` items; each page gets a pager: previous and next, and links to the other pages.
The first page lists every page; the others list a window around themselves plus the
first and the last, so the links on all pages together grow linearly with the listing.
Page paths come from `paths.py`: this module only numbers the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from .paths import rel
from .search import NOT_SEARCHED

T = TypeVar("T")

PAGER_WINDOW = 5  # pages listed each side of the current one, beyond the first page


@dataclass(frozen=True)
class Paged(Generic[T]):
    """A listing cut into pages: each page's path and items, the first page first."""

    paths: list[str]
    items: list[Sequence[T]]

    def pages(self) -> Iterator[tuple[int, str, Sequence[T]]]:
        """(index from 0, path, items) of each page."""
        for index, path in enumerate(self.paths):
            yield index, path, self.items[index]


def paginate(items: Sequence[T], size: int, path_of: Callable[[int], str]) -> Paged[T]:
    """`items` in pages of at most `size`; `path_of(n)` is the path of page n (from 1).
    A listing of no items still has its first page."""
    size = max(size, 1)
    chunks = [items[start : start + size] for start in range(0, len(items), size)] or [items]
    return Paged([path_of(n) for n in range(1, len(chunks) + 1)], chunks)


def page_links(
    page: str, targets: Sequence[str], labels: Sequence[str], current: int | None
) -> str:
    """`labels` linking `targets` from `page`, the current one (an index) in bold."""
    return " · ".join(
        f"**{label}**" if n == current else f"[{label}]({rel(page, target)})"
        for n, (target, label) in enumerate(zip(targets, labels, strict=True))
    )


def pager(page: str, pages: Sequence[str], current: int) -> str:
    """Previous, next and the other pages, for the page at index `current` of `pages`.

    Returns "" for a listing of one page."""
    if len(pages) < 2:
        return ""
    steps = [f"Page {current + 1} of {len(pages)}"]
    if current > 0:
        steps.insert(0, f"[← Previous]({rel(page, pages[current - 1])})")
    if current + 1 < len(pages):
        steps.append(f"[Next →]({rel(page, pages[current + 1])})")
    shown = shown_pages(len(pages), current)
    labels = [str(n + 1) for n in shown]
    numbers = page_links(page, [pages[n] for n in shown], labels, shown.index(current))
    return pager_block(" · ".join(steps), f"Pages: {numbers}")


def shown_pages(count: int, current: int) -> list[int]:
    """The pages a pager links: all of them from the first page, else the first, the
    last and a window around the current one (which is always among them)."""
    if current == 0:
        return list(range(count))
    window = range(max(current - PAGER_WINDOW, 0), min(current + PAGER_WINDOW, count - 1) + 1)
    return sorted({0, *window, count - 1})


def pager_block(*lines: str, label: str = "Pages") -> str:
    """Navigation between pages, named `label` for assistive technology: shown, never
    searched (it only repeats page numbers)."""
    body = "\n\n".join(lines)
    start = f'<nav class="bf-pager" aria-label="{label}" {NOT_SEARCHED} markdown>'
    return f"{start}\n\n{body}\n\n</nav>\n"
