"""The listing pages: home, briefs, actors, timeline, sources, quotes and tags.

Entity pages are not in the navigation; these pages link them. Their size grows with
what they list, never with anything else.
"""

from __future__ import annotations

from . import paths
from .context import (
    TIMELINE_STRIP_EVENTS,
    PageContext,
    badge,
    day_text,
    event_line,
    feed_links,
    front_matter,
    quoted_elsewhere,
    timeline_item,
)
from .model import ACTOR_KIND_TITLES, Brief, PartialDate
from .paths import actor_path, brief_path, rel
from .prose import escape
from .registry_pages import render_source_rows, source_rows
from .search import LISTING_SEARCH
from .visuals import density_svg, figure, map_figure, site_graph, site_relation_svg, timeline_svg


def listing_start(title: str, intro: str) -> list[str]:
    """The first lines of a listing page: ranked last in search, its title, one line."""
    return [front_matter(search=LISTING_SEARCH), f"# {title}\n", intro]


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


def timeline_page(ctx: PageContext) -> str:
    events = ctx.index.events
    latest = events[-TIMELINE_STRIP_EVENTS:]
    items = [
        timeline_item(e, ctx.url(brief_path(e.brief), paths.event_anchor(e.number))) for e in latest
    ]
    caption = (
        f"The latest {len(latest)} of {len(events)} events; the list below has them all."
        if len(latest) < len(events)
        else ""
    )
    out = [
        front_matter(search=LISTING_SEARCH),
        "# Timeline\n",
        figure(timeline_svg(items, title="Timeline of events"), caption=caption),
        "Every event in every brief, oldest first. Dates show only what is "
        "known: an event dated to a month or a year is listed at the start of it.\n",
    ]
    # Timeline overview: with more events than the strip holds, events per month instead.
    if len(events) > TIMELINE_STRIP_EVENTS:
        dates = [e.event.date for e in events]
        out[2] = figure(density_svg(dates, title="Timeline: events per month"))
    # Event map: every located event on a world map, the places listed beside it.
    world_map = map_figure(
        events,
        lambda e: ctx.url(brief_path(e.brief), paths.event_anchor(e.number)),
        title="Map of events",
        world=True,
    )
    out.insert(3, world_map)
    year = month = None
    for e in ctx.index.events:
        d = e.event.date
        if d.year != year:
            year, month = d.year, None
            out.append(f"\n## {year}\n")
        if d.month != month and d.month is not None:
            month = d.month
            out.append(f"\n### {PartialDate(d.year, d.month).label}\n")
        out.append(event_line(ctx, e))
    return "\n".join(out) + "\n"


def sources_page(ctx: PageContext) -> str:
    intro = "Every source cited by a brief, grouped by publisher.\n"
    if ctx.index.content.sources:
        intro = "Every source cited by a brief, grouped by outlet or publisher.\n"
    out = listing_start("Sources", intro)
    out.extend(render_source_rows(ctx, source_rows(ctx.index)))
    return "\n".join(out) + "\n"


def quotes_page(ctx: PageContext) -> str:
    out = listing_start("Quotes", "Every quote and paraphrase, grouped by speaker.\n")
    speakers = sorted(
        ctx.index.quotes_by_actor, key=lambda a: ctx.index.content.actors[a].name.casefold()
    )
    for actor_id in speakers:
        # The name once per group: the heading links the actor, the quotes do not repeat it.
        out.append(f"## {ctx.actor_link(actor_id)}\n")
        for q in ctx.index.quotes_by_actor[actor_id]:
            out.append(quoted_elsewhere(ctx, q, speaker=False))
    return "\n".join(out) + "\n"


def brief_card(ctx: PageContext, brief: Brief) -> str:
    """A card for the home page grid, in raw HTML like the summary it holds."""
    summary = ctx.md(brief.summary)  # no citation marks: listings have no notes
    tags = " ".join(badge(t, "bf-tag") for t in brief.tags)
    return (
        f"<li><p><strong>{ctx.brief_link_html(brief.id)}</strong></p><hr>"
        f"<p>{day_text(brief.date)} {tags}</p>{summary}</li>"
    )


def briefs_index(ctx: PageContext) -> str:
    out = listing_start("Briefs", f"{len(ctx.index.newest_first)} briefs, newest first.\n")
    month = None
    for bid in ctx.index.newest_first:
        brief = ctx.index.content.briefs[bid]
        label = PartialDate(brief.date.year, brief.date.month).label
        if label != month:
            month = label
            out.append(f"\n## {label}\n")
        tags = " ".join(badge(t, "bf-tag") for t in brief.tags)
        out.append(f"- {day_text(brief.date)}: {ctx.brief_link(bid)} {tags}")
    return "\n".join(out) + "\n"


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


def tags_page(ctx: PageContext) -> str:
    feeds = [
        f"- {badge(tag, 'bf-tag')} [Atom]({rel(ctx.page, atom)}) · "
        f"[JSON Feed]({rel(ctx.page, json_feed)})"
        for tag in sorted(ctx.index.by_tag)
        for atom, json_feed in [paths.feed_paths(paths.tag_feeds(tag))]
    ]
    return (
        front_matter(search=LISTING_SEARCH)
        + "# Tags\n\nEvery brief, listed under each of its tags.\n\n<!-- material/tags -->\n\n"
        "## Feeds by tag\n\nFollow a topic in a feed reader:\n\n" + "\n".join(feeds) + "\n"
    )
