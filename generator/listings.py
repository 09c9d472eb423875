"""The listing pages: home, briefs, actors, timeline, sources, quotes and tags.

Entity pages are not in the navigation; these pages link them. Their size grows with
what they list, never with anything else, and the long ones (briefs, timeline, sources,
quotes) come in pages of at most `page_size` items (`paginate.py`): the timeline one page
per year, the others numbered, each list of rows built by one function (`*_rows`) before
it is cut into pages.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from . import paths
from .context import (
    TIMELINE_STRIP_EVENTS,
    PageContext,
    Shared,
    badge,
    day_text,
    event_item,
    feed_links,
    front_matter,
    quoted_elsewhere,
    timeline_item,
    with_html_lists,
)
from .index import EventRef, QuoteRef, SiteIndex
from .model import ACTOR_KIND_TITLES, Brief, PartialDate, newest_first
from .page_memo import Key, PageMemo, remembered
from .paginate import Paged, page_links, pager, pager_block, paginate
from .paths import actor_path, brief_path, rel
from .prose import escape, escape_attr
from .registry_pages import SourceRow, source_line, source_rows
from .search import LISTING_SEARCH, TAG_SEARCH
from .visuals import density_svg, figure, map_figure, site_graph, site_relation_svg, timeline_svg

T = TypeVar("T")


def listing_start(title: str, intro: str, search: object = LISTING_SEARCH) -> list[str]:
    """The first lines of a listing page: ranked last in search, its title, one line."""
    return [front_matter(search=search), f"# {title}\n", intro]


def actors_index(ctx: PageContext) -> str:
    actors = ctx.index.content.actors
    nodes, edges = site_graph(ctx.index, lambda a: ctx.url(actor_path(a)))
    picture = site_relation_svg(nodes, edges, title="Who appears with whom")
    out = [
        front_matter(search=LISTING_SEARCH),
        "# Actors\n",
        figure(picture),
        f"{len(actors)} actors, grouped by kind.\n",
    ]
    for kind, title in ACTOR_KIND_TITLES.items():
        group = sorted(
            (a for a in actors.values() if a.kind == kind), key=lambda a: (a.name.casefold(), a.id)
        )
        if not group:
            continue
        out.append(f"## {title}\n")
        for actor in group:
            extra = [escape(x) for x in (actor.native_name, actor.title) if x]
            tail = f" · {' · '.join(extra)}" if extra else ""
            out.append(f"- {ctx.actor_link(actor.id)}{tail}")
        out.append("")
    return "\n".join(out) + "\n"


def timeline_pages(shared: Shared, size: int, memo: PageMemo | None = None) -> dict[str, str]:
    """`timeline/`: the overview, the years and the latest year's events; each year's
    events at `timeline/<YYYY>/`, in pages of at most `size`."""
    years = events_by_year(shared.index.events)
    paged = {
        year: paginate(events, size, functools.partial(paths.timeline_year, year))
        for year, events in years.items()
    }
    year_pages = [paged[year].paths[0] for year in years]
    labels = [f"{year} ({len(events)})" for year, events in years.items()]
    overview = functools.partial(
        timeline_overview, PageContext(shared, paths.TIMELINE), years, size
    )
    key: Key | None = None
    rows: dict[int, Key] = {}  # each event with the briefs it links, by id(), made once
    if memo is not None:
        key = (size, tuple(labels), _event_rows(shared, memo, shared.index.events, rows))
    pages = {paths.TIMELINE: remembered(memo, paths.TIMELINE, key, overview)}
    for number, (year, year_paged) in enumerate(paged.items()):
        for current, path, events in year_paged.pages():
            if memo is not None:
                shown = _event_rows(shared, memo, events, rows)
                key = (tuple(labels), number, tuple(year_paged.paths), current, shown)
            render = functools.partial(
                _year_page, shared, year, year_pages, labels, number, year_paged, current
            )
            pages[path] = remembered(memo, path, key, render)
    return pages


def _event_rows(
    shared: Shared, memo: PageMemo, events: Sequence[EventRef], made: dict[int, Key]
) -> Key:
    """What a list of events shows: the events, and the briefs they link."""
    briefs = shared.index.content.briefs
    out = []
    for e in events:
        row = made.get(id(e))
        if row is None:
            row = made[id(e)] = (e, memo.faces(briefs, (b for b, _ in e.places)))
        out.append(row)
    return tuple(out)


def _year_page(
    shared: Shared,
    year: int,
    year_pages: list[str],
    labels: list[str],
    number: int,
    year_paged: Paged[EventRef],
    current: int,
) -> str:
    """One page of a year's events, with the links to the other years and pages."""
    path = year_paged.paths[current]
    ctx = PageContext(shared, path)
    out = listing_start(f"Timeline: {year}", f"The events of {year}, oldest first.\n")
    out.append(pager_block("Years: " + page_links(path, year_pages, labels, number), label="Years"))
    out += [pager(path, year_paged.paths, current)] if len(year_paged.paths) > 1 else []
    out.extend(timeline_lines(ctx, year_paged.items[current], "##"))
    return "\n".join(out) + "\n"


def events_by_year(events: Sequence[EventRef]) -> dict[int, list[EventRef]]:
    """The events (sorted by date) grouped by year, oldest year first."""
    years: dict[int, list[EventRef]] = {}
    for e in events:
        years.setdefault(e.event.date.year, []).append(e)
    return years


def timeline_overview(ctx: PageContext, years: dict[int, list[EventRef]], size: int) -> str:
    """The Timeline page: the strip or events per month (linking the years), the map, the
    years and the latest year's latest events (at most `size` of them)."""
    events = ctx.index.events
    year_url = {year: ctx.url(paths.timeline_year(year)) for year in years}
    if len(events) > TIMELINE_STRIP_EVENTS:
        dates = [e.event.date for e in events]
        title = "Timeline: events per month"
        overview = figure(density_svg(dates, title=title, year_href=year_url.get))
    else:
        items = [timeline_item(e, event_url(ctx, e)) for e in events]
        overview = figure(timeline_svg(items, title="Timeline of events"))
    world_map = map_figure(events, lambda e: event_url(ctx, e), title="Map of events", world=True)
    intro = (
        "Every event in every brief, by year, oldest first. Dates show only what is known: "
        "an event dated to a month or a year is listed at the start of it.\n"
    )
    out = [front_matter(search=LISTING_SEARCH), "# Timeline\n", overview, world_map, intro]
    out.append("## Years\n")
    for year, year_events in years.items():
        link = f"[{year}]({rel(ctx.page, paths.timeline_year(year))})"
        out.append(f"- {link}: {plural_events(len(year_events))}")
    if years:
        latest_year, latest = list(years.items())[-1]
        shown = latest[-size:]
        out.append(f"\n## {latest_year}\n")
        if len(shown) < len(latest):
            out.append(
                f"The latest {len(shown)} of {plural_events(len(latest))} in {latest_year}.\n"
            )
        out.extend(timeline_lines(ctx, shown, "###"))
    return "\n".join(out) + "\n"


def plural_events(count: int) -> str:
    return f"{count} event" if count == 1 else f"{count} events"


def event_url(ctx: PageContext, e: EventRef) -> str:
    return ctx.url(brief_path(e.brief), paths.event_anchor(e.number))


def timeline_lines(ctx: PageContext, events: Sequence[EventRef], hashes: str) -> list[str]:
    """Events of one year as lines under month headings (`hashes` deep)."""
    out: list[str] = []
    month = None
    for e in events:
        d = e.event.date
        if d.month != month and d.month is not None:
            month = d.month
            out.append(f"\n{hashes} {PartialDate(d.year, d.month).label}\n")
        out.append(event_item(ctx, e))
    return with_html_lists(out)


@dataclass(frozen=True)
class Row(Generic[T]):
    """One item of a grouped listing and the group it is listed under."""

    group: str
    item: T


@dataclass(frozen=True)
class GroupedListing(Generic[T]):
    """A listing of rows under group headings: its first page, title and intro."""

    first: str  # the first page's path (Sources, Quotes); the others are numbered after it
    title: str
    intro: str
    heading: Callable[[PageContext, str], str]  # a group's heading on a page
    line: Callable[[PageContext, T], str]  # a row's line on a page
    shows: Callable[[T], Iterable[str]]  # the briefs a row links (their titles show)
    search: object = field(default_factory=lambda: LISTING_SEARCH)  # front matter `search`


def grouped_pages(
    shared: Shared,
    listing: GroupedListing[T],
    rows: Sequence[Row[T]],
    size: int,
    memo: PageMemo | None = None,
) -> dict[str, str]:
    """The pages of a grouped listing, at most `size` rows each: each starts with the
    title, intro and pager, and repeats the heading of a group it continues."""
    paged = paginate(rows, size, functools.partial(paths.listing_page, listing.first))
    briefs = shared.index.content.briefs
    pages: dict[str, str] = {}
    for current, path, rows_on in paged.pages():
        key: Key | None = None
        if memo is not None:
            shown = tuple(
                (r.group, r.item, memo.faces(briefs, listing.shows(r.item))) for r in rows_on
            )
            key = (listing.title, listing.intro, tuple(paged.paths), current, shown)
        render = functools.partial(_grouped_page, shared, listing, paged, current)
        pages[path] = remembered(memo, path, key, render)
    return pages


def _grouped_page(
    shared: Shared, listing: GroupedListing[Any], paged: Paged[Row[Any]], current: int
) -> str:
    path = paged.paths[current]
    ctx = PageContext(shared, path)
    out = listing_start(listing.title, listing.intro, listing.search)
    out += [pager(path, paged.paths, current)] if len(paged.paths) > 1 else []
    group = None
    lines = []
    for row in paged.items[current]:
        if row.group != group:
            group = row.group
            lines.append(f"\n## {listing.heading(ctx, group)}\n")
        lines.append(listing.line(ctx, row.item))
    return "\n".join(out + with_html_lists(lines)) + "\n"


def sources_pages(shared: Shared, size: int, memo: PageMemo | None = None) -> dict[str, str]:
    """The Sources index: registry and inline sources under their outlet or publisher."""
    rows = source_rows(shared.index)
    outlets = {row.group: row.outlet for row in rows if row.outlet}
    by = "outlet or publisher" if shared.index.content.sources else "publisher"
    listing: GroupedListing[SourceRow] = GroupedListing(
        paths.SOURCES,
        "Sources",
        f"Every source cited by a brief, grouped by {by}.\n",
        lambda ctx, group: ctx.actor_link(outlets[group]) if group in outlets else escape(group),
        lambda ctx, row: source_line(ctx, row.cited),
        lambda row: (brief for brief, _ in row.cited.citations),
    )
    return grouped_pages(shared, listing, [Row(row.group, row) for row in rows], size, memo)


def quote_rows(index: SiteIndex) -> list[Row[QuoteRef]]:
    """Every quote, grouped by speaker (by name), in each brief's order."""
    actors = index.content.actors
    speakers = sorted(index.quotes_by_actor, key=lambda a: actors[a].name.casefold())
    return [Row(a, q) for a in speakers for q in index.quotes_by_actor[a]]


QUOTES_LISTING: GroupedListing[QuoteRef] = GroupedListing(
    paths.QUOTES,
    "Quotes",
    "Every quote and paraphrase, grouped by speaker.\n",
    # The name once per group: the heading links the actor, the quotes do not repeat it.
    lambda ctx, actor_id: ctx.actor_link(actor_id),
    lambda ctx, q: quoted_elsewhere(ctx, q, speaker=False),
    lambda q: (q.brief,),
)


def quotes_pages(shared: Shared, size: int, memo: PageMemo | None = None) -> dict[str, str]:
    return grouped_pages(shared, QUOTES_LISTING, quote_rows(shared.index), size, memo)


def brief_card(ctx: PageContext, brief: Brief) -> str:
    """A card for the home page grid, in raw HTML like the summary it holds."""
    summary = ctx.md(brief.summary)  # no citation marks: listings have no notes
    tags = " ".join(badge(t, "bf-tag") for t in brief.tags)
    return (
        f"<li><p><strong>{ctx.brief_link_html(brief.id)}</strong></p><hr>"
        f"<p>{day_text(brief.date)} {tags}</p>{summary}</li>"
    )


def brief_rows(index: SiteIndex) -> list[Row[str]]:
    """Every brief, newest first, under the month it was published."""
    return [month_row(index.content.briefs[b]) for b in index.newest_first]


def month_row(brief: Brief) -> Row[str]:
    """A brief's row under the month it was published."""
    return Row(PartialDate(brief.date.year, brief.date.month).label, brief.id)


def brief_row(ctx: PageContext, brief_id: str) -> str:
    brief = ctx.index.content.briefs[brief_id]
    tags = "".join(" " + badge(t, "bf-tag") for t in brief.tags)
    return f"<li>{day_text(brief.date)}: {ctx.brief_link_html(brief_id)}{tags}</li>"


def briefs_pages(shared: Shared, size: int, memo: PageMemo | None = None) -> dict[str, str]:
    """`briefs/` with the newest briefs, the older ones at `briefs/page/<N>/`."""
    count = len(shared.index.newest_first)
    listing = GroupedListing(
        paths.BRIEFS_INDEX,
        "Briefs",
        f"{count} briefs, newest first.\n",
        lambda ctx, month: month,
        brief_row,
        lambda brief_id: (brief_id,),
    )
    return grouped_pages(shared, listing, brief_rows(shared.index), size, memo)


LATEST_ON_HOME = 12


def home_page(ctx: PageContext, site_name: str) -> str:
    index = ctx.index
    content = index.content
    n_sources = len(index.sources)
    out = [front_matter(hide=["toc"], search=LISTING_SEARCH), f"# {escape(site_name)}\n"]
    out.append(
        f'<p class="bf-stats"><strong>{len(content.briefs)}</strong> briefs · '
        f"<strong>{len(content.actors)}</strong> actors · <strong>{len(index.events)}</strong> "
        f"events · <strong>{n_sources}</strong> sources</p>\n"
    )
    out.append(
        " ".join(
            f"[{'All briefs' if listing.path == paths.BRIEFS_INDEX else listing.title}]"
            f"({rel(ctx.page, listing.path)}){{ .md-button }}"
            for listing in paths.LISTINGS
            if listing.path != paths.HOME
        )
        + "\n"
    )
    out.append(feed_links(ctx, paths.SITE_FEEDS))
    out.append("## Latest briefs\n")
    cards = "".join(brief_card(ctx, content.briefs[b]) for b in index.newest_first[:LATEST_ON_HOME])
    out.append(f'<div class="grid cards"><ul>{cards}</ul></div>\n')
    return "\n".join(out) + "\n"


def tags_pages(shared: Shared, size: int, memo: PageMemo | None = None) -> dict[str, str]:
    """`tags/`: every tag, its count and feeds, each linking the tag's page at
    `tags/<tag>/`, which lists its briefs newest first in pages of at most `size`
    (`tags/<tag>/page/<N>/`). Made here rather than by Material's tags plugin, whose one
    listing of every tagged page grows past a megabyte."""
    index = shared.index
    briefs = index.content.briefs
    pages = {paths.TAGS: tags_index(PageContext(shared, paths.TAGS))}
    for tag, tagged in sorted(index.by_tag.items()):
        newest = sorted(tagged, key=lambda b: newest_first(briefs[b]))
        rows = [
            Row(PartialDate(briefs[b].date.year, briefs[b].date.month).label, b) for b in newest
        ]
        listing = GroupedListing(
            paths.tag_path(tag),
            f"Tag: {escape(tag)}",
            f"{plural_briefs(len(newest))} tagged {badge(tag, 'bf-tag')}, newest first.\n",
            lambda ctx, month: month,
            brief_row,
            lambda brief_id: (brief_id,),
            TAG_SEARCH,
        )
        pages.update(grouped_pages(shared, listing, rows, size, memo))
    return pages


def tags_index(ctx: PageContext) -> str:
    """The Tags page: each tag (with the anchor feeds link to), its count and feeds."""
    lines = []
    for tag, tagged in sorted(ctx.index.by_tag.items()):
        atom, json_feed = paths.feed_paths(paths.tag_feeds(tag))
        anchor = f'<span id="{escape_attr(paths.tag_anchor(tag))}"></span>'
        lines.append(
            f"- {anchor}[{badge(tag, 'bf-tag')}]({rel(ctx.page, paths.tag_path(tag))}) · "
            f"{plural_briefs(len(tagged))} · [Atom]({rel(ctx.page, atom)}) · "
            f"[JSON Feed]({rel(ctx.page, json_feed)})"
        )
    intro = (
        "Every tag: its briefs, newest first, and its feeds to follow the topic in a feed reader.\n"
    )
    return "\n".join([*listing_start("Tags", intro), *lines]) + "\n"


def plural_briefs(count: int) -> str:
    return f"{count} brief" if count == 1 else f"{count} briefs"
