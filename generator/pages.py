"""One function per page type: model + index in, Markdown out.

Every page is written for Material for MkDocs (admonitions, attribute lists, Markdown in
HTML, footnotes, tables, grid cards). Content text passes through `prose` before it lands
here; everything else is escaped. Links are relative `.md` paths, so MkDocs checks them.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .index import EventRef, SiteIndex
from .markup import REF
from .model import LIKELIHOODS, RELIABILITY, Actor, Brief, Event, PartialDate, Source
from .prose import (
    Linker,
    Links,
    escape,
    escape_attr,
    indent,
    render,
)
from .visuals import (
    TimelineItem,
    actor_neighbours,
    actor_node,
    figure,
    relation_svg,
    site_graph,
    site_relation_svg,
    timeline_svg,
)

COMPANIONS_SHOWN = 8  # in the diagram and in the list beside it

KIND_TITLES = {
    "person": "People",
    "state": "States",
    "organization": "Organizations",
    "media": "Media",
    "military": "Armed forces",
    "group": "Groups",
}


def brief_path(brief_id: str) -> str:
    return f"briefs/{brief_id}.md"


def actor_path(actor_id: str) -> str:
    return f"actors/{actor_id}.md"


def rel(page: str, target: str) -> str:
    """Relative link from one generated page to another (MkDocs resolves `.md` links).

    Called for every link on every page, so it avoids `posixpath.relpath`: pages sit at
    most a folder or two deep, and the common prefix is found by comparing folders.
    """
    page_dirs = page.split("/")[:-1]
    target_parts = target.split("/")
    common = 0
    while (
        common < len(page_dirs)
        and common < len(target_parts) - 1
        and page_dirs[common] == target_parts[common]
    ):
        common += 1
    return "../" * (len(page_dirs) - common) + "/".join(target_parts[common:])


def front_matter(**meta: object) -> str:
    """YAML front matter written as JSON values (JSON is valid YAML, and fast to write)."""
    lines = [f"{key}: {json.dumps(value)}" for key, value in meta.items() if value]
    return "---\n" + "\n".join(lines) + "\n---\n\n" if lines else ""


def _day(d: date) -> str:
    return f"{d.day} {d:%B} {d.year}"


def event_when(event: Event) -> str:
    """The event's date as a reader says it, capitalised: 'Late February 2025'."""
    if event.date_label:
        text = event.date_label
    elif event.end:
        text = f"{event.date.label} – {event.end.label}"
    else:
        text = event.date.label
    return text[:1].upper() + text[1:]


def badge(text: str, *classes: str, title: str = "") -> str:
    cls = " ".join(("bf-badge", *classes))
    tip = f' title="{escape_attr(title)}"' if title else ""
    return f'<span class="{cls}"{tip}>{escape_attr(text)}</span>'


def strip_citations(text: str) -> str:
    """Listings show summaries without footnote markers (their notes live on the brief)."""
    return REF.sub(lambda m: "" if m.group(3) is not None else m.group(0), text)


@dataclass(frozen=True)
class Shared:
    """What every page shares, built once per site: never rebuilt per page."""

    index: SiteIndex
    linker: Linker | None
    names: dict[str, str]
    directory_urls: bool = True


def page_url(path: str, directory_urls: bool) -> str:
    """The URL MkDocs gives a page, relative to the site root ('briefs/x/' or '...html')."""
    if not directory_urls:
        return path[:-3] + ".html"
    if path == "index.md":
        return ""
    return path[: -len("index.md")] if path.endswith("/index.md") else path[:-3] + "/"


class PageContext:
    """What every page renderer needs: the shared site data and the page's own path."""

    def __init__(self, shared: Shared, page: str) -> None:
        self.shared = shared
        self.index = shared.index
        self.linker = shared.linker
        self.page = page
        self.links = Links(shared.names, lambda a: rel(page, actor_path(a)))

    def url(self, target: str, anchor: str = "") -> str:
        """A final URL (not a `.md` path) to `target` from this page, for raw HTML links
        such as those inside SVG pictures, which MkDocs does not rewrite."""
        here = page_url(self.page, self.shared.directory_urls).rsplit("/", 1)[0] or "."
        there = page_url(target, self.shared.directory_urls)
        link = posixpath.relpath(there or ".", here)
        if there.endswith("/") or not there:
            link = "./" if link == "." else link + "/"
        return link + (f"#{anchor}" if anchor else "")

    def actor_link(self, actor_id: str) -> str:
        actor = self.index.content.actors[actor_id]
        return f"[{escape(actor.name)}]({rel(self.page, actor_path(actor_id))})"

    def brief_link(self, brief_id: str, anchor: str = "") -> str:
        brief = self.index.content.briefs[brief_id]
        target = brief_path(brief_id) + (f"#{anchor}" if anchor else "")
        return f"[{escape(brief.title)}]({rel(self.page, target)})"

    def md(self, text: str, *, autolink: bool = False, shift: int = 0) -> str:
        """Editors' Markdown, made safe and cross-linked for this page."""
        return render(text, self.links, self.linker if autolink else None, shift).strip()

    def cite(self, source_ids: Iterable[str]) -> str:
        marks = []
        for sid in source_ids:
            if sid not in self.links.cited:
                self.links.cited.append(sid)
            marks.append(f"[^{sid}]")
        return "".join(marks)


def source_citation(source: Source) -> str:
    parts = [f"{escape(source.publisher)}, “{escape(source.title)}”"]
    if source.published:
        parts.append(_day(source.published))
    parts.append(f"<{source.url}>")
    if source.archive_url:
        parts.append(f"archived at <{source.archive_url}>")
    if source.accessed:
        parts.append(f"accessed {_day(source.accessed)}")
    return ", ".join(parts) + "."


def brief_page(ctx: PageContext, brief: Brief) -> str:
    index = ctx.index
    out: list[str] = [f"# {escape(brief.title)}\n"]
    meta = [badge(f"Published {_day(brief.date)}", "bf-date")]
    if brief.updated:
        meta.append(badge(f"Updated {_day(brief.updated)}", "bf-date"))
    if brief.is_draft:
        meta.append(badge("Draft", "bf-status-draft"))
    if brief.corrections:
        meta.append(badge("Corrected", "bf-status-corrected"))
    out.append('<p class="bf-meta">' + " ".join(meta) + "</p>\n")
    out.append(f"[Data (JSON)]({rel(ctx.page, f'api/briefs/{brief.id}.json')}){{ .bf-data }}\n")
    summary = indent(ctx.md(brief.summary, autolink=True))
    out.append(f'!!! abstract bf-bottom-line "Bottom line"\n\n{summary}\n')

    if brief.key_judgments:
        out.append("## Key judgments\n")
        for kj in brief.key_judgments:
            band = LIKELIHOODS[kj.likelihood]
            badges = " ".join(
                (
                    badge(
                        f"{kj.likelihood.capitalize()} ({band})",
                        "bf-likelihood",
                        f"bf-likelihood-{kj.likelihood.replace(' ', '-')}",
                        title=f"ICD 203 likelihood: {band}",
                    ),
                    badge(
                        f"{kj.confidence.capitalize()} confidence",
                        "bf-confidence",
                        f"bf-confidence-{kj.confidence}",
                        title="Analytic confidence",
                    ),
                )
            )
            text = ctx.md(kj.text) + ctx.cite(kj.sources)
            # Four-space continuation: Python-Markdown needs it to keep the badges in the item.
            out.append(f"1.  {indent(text).lstrip()}\n\n    {badges}\n")

    if brief.body.strip():
        out.append("## Analysis\n")
        out.append(ctx.md(brief.body, autolink=True, shift=1) + "\n")

    if brief.events:
        out.append("## Timeline\n")
        items = [
            _timeline_item(EventRef(brief.id, n, e), f"#event-{n}")
            for n, e in enumerate(brief.events, 1)
        ]
        out.append(figure(timeline_svg(items, title=f"Timeline: {brief.title}")))
        for n, event in enumerate(brief.events, 1):
            out.append(_event_block(ctx, n, event))

    if brief.actors:
        out.append("## Actors involved\n")
        out.append("| Actor | Kind | Role |\n| --- | --- | --- |")
        for ref in brief.actors:
            actor = index.content.actors[ref.actor]
            role = escape(ref.role) if ref.role else ""
            native = f" ({escape(actor.native_name)})" if actor.native_name else ""
            out.append(f"| {ctx.actor_link(ref.actor)}{native} | {actor.kind} | {role} |")
        out.append("")

    if brief.quotes:
        out.append("## Quotes\n")
        for n, quote in enumerate(brief.quotes, 1):
            out.append(
                _quote_block(
                    ctx,
                    quote.text,
                    quote.kind,
                    quote.by,
                    quote.source,
                    quote.date,
                    anchor=f"quote-{n}",
                )
            )

    if brief.corrections:
        out.append("## Corrections\n")
        for corr in brief.corrections:
            out.append(f'!!! note "Correction, {_day(corr.date)}"\n\n{indent(ctx.md(corr.text))}\n')

    related = index.related(brief)
    if related:
        out.append("## Related briefs\n")
        for rid in related:
            other = index.content.briefs[rid]
            out.append(f"- {ctx.brief_link(rid)} · {_day(other.date)}")
        out.append("")

    if brief.sources:
        out.append("## Sources\n")
        for source in brief.sources:
            out.append(_source_item(source))
        out.append("")
    # Footnotes: one per cited source, holding the full citation.
    declared = {s.id: s for s in brief.sources}
    for sid in ctx.links.cited:
        if sid in declared:
            out.append(f"[^{sid}]: {source_citation(declared[sid])}")
    return "\n".join(out) + "\n"


def _event_block(ctx: PageContext, n: int, event: Event) -> str:
    # A block, not a heading: a brief's events would otherwise crowd its table of contents.
    lines = [
        f'<div class="bf-event" id="event-{n}" markdown>\n',
        f'<p class="bf-event-title"><strong>{escape_attr(event_when(event))}</strong> · '
        f"{escape_attr(event.title)}</p>\n",
    ]
    facts = []
    if event.location:
        place = escape(event.location.name)
        if event.location.country:
            place += f" ({event.location.country})"
        facts.append(f"**Where:** {place}")
    if event.actors:
        facts.append("**Who:** " + ", ".join(ctx.actor_link(a) for a in event.actors))
    if facts:
        lines.append(" · ".join(facts) + "\n")
    body = ctx.md(event.description or "") + ctx.cite(event.sources)
    if body:
        lines.append(body + "\n")
    lines.append("</div>\n")
    return "\n".join(lines)


def _quote_block(
    ctx: PageContext,
    text: str,
    kind: str,
    by: str,
    source: str | None,
    when: PartialDate | None,
    *,
    anchor: str,
    brief_id: str | None = None,
    brief_anchor: str = "",
) -> str:
    label = "Direct quote" if kind == "direct" else "Paraphrase"
    body = ctx.md(text)
    if kind == "direct":
        body = f"“{body}”"
    attribution = [f"— {ctx.actor_link(by)}", badge(label, f"bf-quote-{kind}")]
    if when:
        attribution.append(when.label)
    if brief_id:
        attribution.append("in " + ctx.brief_link(brief_id, brief_anchor))
    elif source:
        attribution[-1] += ctx.cite([source])
    return (
        f'<div class="bf-quote bf-quote-{kind}" id="{anchor}" markdown>\n\n'
        f'{body}\n\n<p class="bf-attribution" markdown>{" ".join(attribution)}</p>\n\n</div>\n'
    )


def _source_item(source: Source) -> str:
    parts = [f"**[{escape(source.title)}]({source.url})**", escape(source.publisher)]
    if source.published:
        parts.append(f"published {_day(source.published)}")
    if source.accessed:
        parts.append(f"accessed {_day(source.accessed)}")
    if source.archive_url:
        parts.append(f"[archived copy]({source.archive_url})")
    if source.reliability:
        parts.append(
            badge(
                f"Reliability {source.reliability}",
                "bf-reliability",
                title=RELIABILITY[source.reliability],
            )
        )
    return f'- <span id="source-{source.id}"></span>' + " · ".join(parts)


def actor_page(ctx: PageContext, actor: Actor) -> str:
    index = ctx.index
    out = [f"# {escape(actor.name)}\n"]
    facts = [badge(actor.kind.capitalize(), "bf-kind")]
    if actor.country:
        facts.append(badge(actor.country, "bf-country", title="Country (ISO 3166-1)"))
    out.append('<p class="bf-meta">' + " ".join(facts) + "</p>\n")
    out.append(_feed_links(ctx, f"actors/{actor.id}/", f"api/actors/{actor.id}.json"))
    neighbours = actor_neighbours(
        index, actor.id, lambda a: ctx.url(actor_path(a)), limit=COMPANIONS_SHOWN
    )
    center = actor_node(index, actor.id, lambda a: ctx.url(actor_path(a)))
    out.append(figure(relation_svg(center, neighbours, title=f"{actor.name} and related actors")))
    rows = []
    if actor.native_name:
        rows.append(("Native name", escape(actor.native_name)))
    if actor.title:
        rows.append(("Title", escape(actor.title)))
    if actor.aliases:
        rows.append(("Also known as", ", ".join(escape(a) for a in actor.aliases)))
    if actor.affiliations:
        rows.append(("Affiliated with", ", ".join(ctx.actor_link(a) for a in actor.affiliations)))
    members = index.members.get(actor.id, [])
    if members:
        rows.append(("Members and affiliates", ", ".join(ctx.actor_link(a) for a in members)))
    if actor.wikidata:
        url = f"https://www.wikidata.org/wiki/{actor.wikidata}"
        rows.append(("Wikidata", f"[{actor.wikidata}]({url})"))
    if rows:
        out.append('<div class="bf-facts" markdown>\n')
        out.extend(f"{k}\n:   {v}\n" for k, v in rows)
        out.append("</div>\n")
    if actor.description.strip():
        out.append(ctx.md(actor.description) + "\n")

    briefs = index.briefs_of(actor.id)
    if briefs:
        out.append("## Briefs\n")
        for bid in briefs:
            role = index.involved.get(actor.id, {}).get(bid)
            how = f" · {escape(role)}" if role else ""
            if bid not in index.involved.get(actor.id, {}):
                how = " · mentioned"
            out.append(f"- {_day(index.content.briefs[bid].date)}: {ctx.brief_link(bid)}{how}")
        out.append("")
    events = index.events_by_actor.get(actor.id, [])
    if events:
        out.append("## Events\n")
        out.extend(_event_line(ctx, e, show_actors=False) for e in events)
        out.append("")
    quotes = index.quotes_by_actor.get(actor.id, [])
    if quotes:
        out.append("## Quotes\n")
        for q in quotes:
            out.append(
                _quote_block(
                    ctx,
                    q.quote.text,
                    q.quote.kind,
                    q.quote.by,
                    None,
                    q.quote.date,
                    anchor=f"quote-{q.brief}-{q.number}",
                    brief_id=q.brief,
                    brief_anchor=f"quote-{q.number}",
                )
            )
    companions = index.companions(actor.id, limit=COMPANIONS_SHOWN)
    if companions:
        out.append("## Often appears with\n")
        out.extend(
            f"- {ctx.actor_link(a)} · {n} brief{'s' if n != 1 else ''}" for a, n in companions
        )
        out.append("")
    return "\n".join(out) + "\n"


def _event_line(ctx: PageContext, e: EventRef, *, show_actors: bool = True) -> str:
    event = e.event
    parts = [
        f"**{escape(event_when(event))}**: "
        f"[{escape(event.title)}]({rel(ctx.page, brief_path(e.brief) + f'#event-{e.number}')})"
    ]
    if event.location:
        parts.append(escape(event.location.name))
    if show_actors and event.actors:
        parts.append(", ".join(ctx.actor_link(a) for a in event.actors))
    parts.append("from " + ctx.brief_link(e.brief))
    return "- " + " · ".join(parts)


def _feed_links(ctx: PageContext, prefix: str, data: str | None = None) -> str:
    links = []
    if data:
        links.append(f"[Data (JSON)]({rel(ctx.page, data)})")
    links.append(f"[Atom feed]({rel(ctx.page, prefix + 'feed.xml')})")
    links.append(f"[JSON Feed]({rel(ctx.page, prefix + 'feed.json')})")
    return '<p class="bf-data" markdown>' + " · ".join(links) + "</p>\n"


def actors_index(ctx: PageContext) -> str:
    actors = ctx.index.content.actors
    nodes, edges = site_graph(ctx.index, lambda a: ctx.url(actor_path(a)))
    picture = site_relation_svg(nodes, edges, title="Who appears with whom")
    out = ["# Actors\n", figure(picture), f"{len(actors)} actors, grouped by kind.\n"]
    for kind, title in KIND_TITLES.items():
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


TIMELINE_STRIP_EVENTS = 60


def _timeline_item(e: EventRef, href: str) -> TimelineItem:
    event = e.event
    return TimelineItem(
        event.date, event.end, event.title, event_when(event), href, f"{e.brief}-{e.number}"
    )


def timeline_page(ctx: PageContext) -> str:
    events = ctx.index.events
    latest = events[-TIMELINE_STRIP_EVENTS:]
    items = [_timeline_item(e, ctx.url(brief_path(e.brief), f"event-{e.number}")) for e in latest]
    caption = (
        f"The latest {len(latest)} of {len(events)} events; the list below has them all."
        if len(latest) < len(events)
        else ""
    )
    out = [
        "# Timeline\n",
        figure(timeline_svg(items, title="Timeline of events"), caption=caption),
        "Every event in every brief, oldest first. Dates show only what is "
        "known: an event dated to a month or a year is listed at the start of it.\n",
    ]
    year = month = None
    for e in ctx.index.events:
        d = e.event.date
        if d.year != year:
            year, month = d.year, None
            out.append(f"\n## {year}\n")
        if d.month != month and d.month is not None:
            month = d.month
            out.append(f"\n### {PartialDate(d.year, d.month).label}\n")
        out.append(_event_line(ctx, e))
    return "\n".join(out) + "\n"


def sources_page(ctx: PageContext) -> str:
    out = ["# Sources\n", "Every source cited by a brief, grouped by publisher.\n"]
    publisher = None
    for cited in ctx.index.sources:
        s = cited.source
        if s.publisher != publisher:
            publisher = s.publisher
            out.append(f"\n## {escape(publisher)}\n")
        briefs = ", ".join(ctx.brief_link(b, f"source-{s.id}") for b in cited.briefs)
        when = f" · {_day(s.published)}" if s.published else ""
        grade = f" · reliability {s.reliability}" if s.reliability else ""
        out.append(f"- [{escape(s.title)}]({s.url}){when}{grade} · cited in {briefs}")
    return "\n".join(out) + "\n"


def quotes_page(ctx: PageContext) -> str:
    out = ["# Quotes\n", "Every quote and paraphrase, grouped by speaker.\n"]
    speakers = sorted(
        ctx.index.quotes_by_actor, key=lambda a: ctx.index.content.actors[a].name.casefold()
    )
    for actor_id in speakers:
        out.append(f"## {escape(ctx.index.content.actors[actor_id].name)}\n")
        out.append(f"{ctx.actor_link(actor_id)}\n")
        for q in ctx.index.quotes_by_actor[actor_id]:
            out.append(
                _quote_block(
                    ctx,
                    q.quote.text,
                    q.quote.kind,
                    q.quote.by,
                    None,
                    q.quote.date,
                    anchor=f"quote-{q.brief}-{q.number}",
                    brief_id=q.brief,
                    brief_anchor=f"quote-{q.number}",
                )
            )
    return "\n".join(out) + "\n"


def brief_card(ctx: PageContext, brief: Brief) -> str:
    summary = ctx.md(strip_citations(brief.summary))
    tags = " ".join(badge(t, "bf-tag") for t in brief.tags)
    return (
        f"-   **{ctx.brief_link(brief.id)}**\n\n    ---\n\n"
        f"    {_day(brief.date)} {tags}\n\n{indent(summary)}\n"
    )


def briefs_index(ctx: PageContext) -> str:
    out = ["# Briefs\n", f"{len(ctx.index.newest_first)} briefs, newest first.\n"]
    month = None
    for bid in ctx.index.newest_first:
        brief = ctx.index.content.briefs[bid]
        label = PartialDate(brief.date.year, brief.date.month).label
        if label != month:
            month = label
            out.append(f"\n## {label}\n")
        tags = " ".join(badge(t, "bf-tag") for t in brief.tags)
        out.append(f"- {_day(brief.date)}: {ctx.brief_link(bid)} {tags}")
    return "\n".join(out) + "\n"


LATEST_ON_HOME = 12


def home_page(ctx: PageContext, site_name: str) -> str:
    index = ctx.index
    content = index.content
    n_sources = len(index.sources)
    out = [front_matter(hide=["toc"]), f"# {escape(site_name)}\n"]
    out.append(
        f'<p class="bf-stats"><strong>{len(content.briefs)}</strong> briefs · '
        f"<strong>{len(content.actors)}</strong> actors · <strong>{len(index.events)}</strong> "
        f"events · <strong>{n_sources}</strong> sources</p>\n"
    )
    out.append(
        "[All briefs](briefs/index.md){ .md-button } [Actors](actors/index.md){ .md-button } "
        "[Timeline](timeline.md){ .md-button } [Sources](sources.md){ .md-button } "
        "[Quotes](quotes.md){ .md-button } [Tags](tags.md){ .md-button }\n"
    )
    out.append(_feed_links(ctx, ""))
    out.append("## Latest briefs\n")
    out.append('<div class="grid cards" markdown>\n')
    for bid in index.newest_first[:LATEST_ON_HOME]:
        out.append(brief_card(ctx, content.briefs[bid]))
    out.append("</div>\n")
    return "\n".join(out) + "\n"


def tags_page(ctx: PageContext) -> str:
    feeds = [
        f"- {badge(tag, 'bf-tag')} [Atom]({rel(ctx.page, f'tags/{tag}/feed.xml')}) · "
        f"[JSON Feed]({rel(ctx.page, f'tags/{tag}/feed.json')})"
        for tag in sorted(ctx.index.by_tag)
    ]
    return (
        "# Tags\n\nEvery brief, listed under each of its tags.\n\n<!-- material/tags -->\n\n"
        "## Feeds by tag\n\nFollow a topic in a feed reader:\n\n" + "\n".join(feeds) + "\n"
    )
