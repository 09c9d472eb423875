"""The long lists of an actor page, bounded: briefs written, briefs, events, quotes and
the sources an outlet published.

A busy actor appears in thousands of briefs, and an actor page listing all of them grows
past a megabyte. The actor page shows the newest `min(ACTOR_LIST_SHOWN, page_size)` items
of each list and links the whole list, which lives on continuation pages
(`paths.actor_list`) cut by the listings' paginator: out of the nav, searchable as
listings, so every page's size is bounded and the links grow linearly with the list.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from . import paths
from .context import (
    PageContext,
    Shared,
    day_text,
    event_item,
    front_matter,
    html_title,
    quoted_elsewhere,
    with_html_lists,
)
from .index import EventRef, QuoteRef, SiteIndex
from .model import Actor, newest_first
from .paginate import pager, paginate
from .paths import brief_path, rel
from .prose import escape, escape_attr
from .registry_pages import published_line
from .search import LISTING_SEARCH, unsearched_section
from .visuals import map_figure

T = TypeVar("T")

ACTOR_LIST_SHOWN = 50  # items of each list on an actor page; the rest on its list pages


@dataclass(frozen=True)
class ActorList(Generic[T]):
    """One list of an actor page: its name (in its pages' paths), heading, items in the
    order shown, and how one item is written on a page."""

    name: str
    title: str
    items: Sequence[T]
    line: Callable[[PageContext, T], str]
    newest_last: bool = False  # events run oldest first: their newest are the last ones

    def newest(self, count: int) -> Sequence[T]:
        return self.items[-count:] if self.newest_last else self.items[:count]


def shown_per_list(page_size: int) -> int:
    """How many items of each list the actor page itself shows."""
    return max(min(ACTOR_LIST_SHOWN, page_size), 1)


def actor_lists(index: SiteIndex, actor_id: str) -> list[ActorList[Any]]:
    """The actor's non-empty lists, in the order the actor page shows them."""
    briefs = index.content.briefs
    roles = index.involved.get(actor_id, {})

    def dated(ctx: PageContext, brief_id: str, tail: str = "") -> str:
        return f"<li>{day_text(briefs[brief_id].date)}: {ctx.brief_link_html(brief_id)}{tail}</li>"

    quotes = sorted(
        index.quotes_by_actor.get(actor_id, []), key=lambda q: newest_first(briefs[q.brief])
    )
    lists: list[ActorList[Any]] = [
        ActorList(
            "written",
            "Briefs written",
            index.written.get(actor_id, []),
            dated,
        ),
        ActorList(
            "briefs",
            "Briefs",
            index.briefs_of(actor_id),
            lambda ctx, b: dated(ctx, b, _how(roles, b)),
        ),
        ActorList(
            "events",
            "Events",
            index.events_by_actor.get(actor_id, []),
            lambda ctx, e: event_item(ctx, e, show_actors=False),
            newest_last=True,
        ),
        ActorList("quotes", "Quotes", quotes, _quote_line),
    ]
    return [listed for listed in lists if listed.items]


def published_list(index: SiteIndex, actor_id: str) -> ActorList[str] | None:
    """The registry sources an outlet published (shown after its companions)."""
    published = index.registry.by_outlet.get(actor_id, [])
    return (
        ActorList("published", "Sources published", published, published_line)
        if published
        else None
    )


def _quote_line(ctx: PageContext, quote: QuoteRef) -> str:
    return quoted_elsewhere(ctx, quote, speaker=False)  # the h1 says who


def _how(roles: dict[str, str | None], brief_id: str) -> str:
    """How an actor takes part in a brief: its role, or 'mentioned' if only in the prose."""
    if brief_id not in roles:
        return " · mentioned"
    role = roles[brief_id]
    return f" · {escape_attr(role)}" if role else ""


def list_section(ctx: PageContext, actor: Actor, listed: ActorList[Any], page_size: int) -> str:
    """A list's section on the actor page: its newest items and a link to all of them."""
    shown = listed.newest(shown_per_list(page_size))
    lines = with_html_lists(listed.line(ctx, item) for item in shown)
    if listed.name == "events":
        # Event map: where this actor's shown events happened, the places listed beside it.
        href = lambda e: ctx.url(brief_path(e.brief), paths.event_anchor(e.number))  # noqa: E731
        events: Sequence[EventRef] = shown
        lines.insert(0, map_figure(events, href, title=f"Map of events: {actor.name}"))
    if len(shown) < len(listed.items):
        whole = rel(ctx.page, paths.actor_list(actor.id, listed.name))
        lines.append(f"\nThe latest {len(shown)} of {len(listed.items)}: [all of them]({whole}).")
    return unsearched_section(listed.title, "\n".join(lines))


def actor_list_pages(shared: Shared, actor: Actor, page_size: int) -> dict[str, str]:
    """The pages of each list longer than the actor page shows, `page_size` items a page."""
    pages: dict[str, str] = {}
    lists = actor_lists(shared.index, actor.id)
    if (published := published_list(shared.index, actor.id)) is not None:
        lists.append(published)
    for listed in lists:
        if len(listed.items) <= shown_per_list(page_size):
            continue
        path_of = functools.partial(paths.actor_list, actor.id, listed.name)
        paged = paginate(listed.items, page_size, path_of)
        for current, path, items in paged.pages():
            ctx = PageContext(shared, path)
            order = "oldest" if listed.newest_last else "newest"
            actor_link = f"[{escape(actor.name)}]({rel(path, paths.actor_path(actor.id))})"
            out = [
                front_matter(
                    title=html_title(f"{actor.name}: {listed.title}"), search=LISTING_SEARCH
                ),
                f"# {escape(actor.name)}: {listed.title}\n",
                f"All {len(listed.items)} of {actor_link}, {order} first.\n",
                pager(path, paged.paths, current),
            ]
            out.extend(with_html_lists(listed.line(ctx, item) for item in items))
            pages[path] = "\n".join(out) + "\n"
    return pages
