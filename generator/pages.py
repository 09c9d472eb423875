"""The entity pages: one per brief and one per actor, model + index in, Markdown out.

Every page is written for Material for MkDocs. Content Markdown fields arrive as
sanitized HTML (`fields.py` via `PageContext.md`) and are placed in raw HTML blocks,
which Python-Markdown passes through untouched; everything else is escaped. Listing
pages live in `listings.py`.
"""

from __future__ import annotations

from . import paths
from .actor_lists import actor_lists, list_section, published_list
from .analysis import byline, judgment_analysis, tie_text, tlp_line, withheld_related
from .context import (
    COMPANIONS_SHOWN,
    PageContext,
    badge,
    day_text,
    event_when,
    feed_links,
    quote_block,
    timeline_item,
    with_html_lists,
    with_marks,
)
from .index import EventRef
from .model import LIKELIHOODS, RELIABILITY, Actor, Brief, Event, RegistrySource, Source
from .paths import actor_path, rel
from .prose import escape, escape_attr
from .registry_pages import (
    brief_sources,
    graded_marks,
    registry_citation,
    registry_item,
)
from .search import NOT_SEARCHED, unsearched_section
from .visuals import actor_neighbours, actor_node, figure, map_figure, relation_svg, timeline_svg


def source_citation(source: Source) -> str:
    """The full citation of a source, as HTML (the notes at the end of a brief)."""
    parts = [f"{escape_attr(source.publisher)}, “{escape_attr(source.title)}”"]
    if source.published:
        parts.append(day_text(source.published))
    parts.append(_url_link(source.url))
    if source.archive_url:
        parts.append(f"archived at {_url_link(source.archive_url)}")
    if source.accessed:
        parts.append(f"accessed {day_text(source.accessed)}")
    return ", ".join(parts) + "."


def _url_link(url: str) -> str:
    return f'<a href="{escape_attr(url)}">{escape_attr(url)}</a>'


def brief_page(ctx: PageContext, brief: Brief) -> str:
    """The page of a brief: each section is a step below, in reading order."""
    out: list[str] = [f"# {escape(brief.title)}\n", tlp_line(brief) + _brief_header(ctx, brief)]
    out.append(_judgments(ctx, brief))
    if brief.body.strip():
        out.append("## Analysis\n")
        out.append(ctx.sections(brief.body, autolink=True) + "\n")
    out.append(_timeline(ctx, brief))
    out.append(_actors_involved(ctx, brief))
    if brief.quotes:
        out.append("## Quotes\n")
        for n, quote in enumerate(brief.quotes, 1):
            out.append(quote_block(ctx, quote, quote.source, anchor=f"quote-{n}"))
    out.append(_corrections(ctx, brief))
    out.append(_related(ctx, brief))
    sources = brief_sources(ctx, brief)
    if sources:
        out.append("## Sources\n")
        items = (
            registry_item(ctx, s) if isinstance(s, RegistrySource) else source_item(s)
            for s in sources.values()
        )
        out.extend(with_html_lists(items))
    out.append(_citation_notes(ctx, sources))
    return "\n".join(out) + "\n"


def _brief_header(ctx: PageContext, brief: Brief) -> str:
    meta = [badge(f"Published {day_text(brief.date)}", "bf-date")]
    if brief.updated:
        meta.append(badge(f"Updated {day_text(brief.updated)}", "bf-date"))
    if brief.is_draft:
        meta.append(badge("Draft", "bf-status-draft"))
    if brief.corrections:
        meta.append(badge("Corrected", "bf-status-corrected"))
    data = rel(ctx.page, paths.brief_data(brief.id))
    summary = admonition(
        "abstract bf-bottom-line", "Bottom line", ctx.md(brief.summary, autolink=True)
    )
    return (
        byline(ctx, brief) + '<p class="bf-meta">' + " ".join(meta) + "</p>\n\n"
        f"[Data (JSON)]({data}){{ .bf-data {NOT_SEARCHED} }}\n\n{summary}"
    )


def admonition(kind: str, title: str, html: str) -> str:
    """Material's admonition, written as raw HTML so the sanitized HTML stays untouched."""
    return (
        f'\n<div class="admonition {kind}"><p class="admonition-title">{escape_attr(title)}</p>'
        f"{html}</div>\n"
    )


def _judgments(ctx: PageContext, brief: Brief) -> str:
    if not brief.key_judgments:
        return ""
    items = []
    sources = brief_sources(ctx, brief)
    for n, kj in enumerate(brief.key_judgments, 1):
        band = LIKELIHOODS[kj.likelihood]
        likelihood = badge(
            f"{kj.likelihood.capitalize()} ({band})",
            "bf-likelihood",
            f"bf-likelihood-{kj.likelihood.replace(' ', '-')}",
            title=f"ICD 203 likelihood: {band}",
        )
        confidence = badge(
            f"{kj.confidence.capitalize()} confidence",
            "bf-confidence",
            f"bf-confidence-{kj.confidence}",
            title="Analytic confidence",
        )
        marks = graded_marks(ctx, sources, kj.sources)
        items.append(
            f'<li id="judgment-{n}">{with_marks(ctx.md(kj.text), marks)}'
            f"<p>{likelihood} {confidence}</p>{judgment_analysis(ctx, kj)}</li>"
        )
    return '## Key judgments\n\n<ol class="bf-judgments">' + "".join(items) + "</ol>\n"


def _timeline(ctx: PageContext, brief: Brief) -> str:
    if not brief.timeline:
        return ""
    items = [
        timeline_item(EventRef(brief.id, n, e), "#" + paths.event_anchor(n))
        for n, e in enumerate(brief.timeline, 1)
    ]
    out = ["## Timeline\n", figure(timeline_svg(items, title=f"Timeline: {brief.title}"))]
    # Event map: the located events as linked points, the places listed beside it.
    refs = (EventRef(brief.id, n, e) for n, e in enumerate(brief.timeline, 1))
    anchor = lambda e: "#" + paths.event_anchor(e.number)  # noqa: E731
    out.append(map_figure(refs, anchor, title=f"Map of events: {brief.title}"))
    sources = brief_sources(ctx, brief)
    out.extend(_event_block(ctx, n, event, sources) for n, event in enumerate(brief.timeline, 1))
    return "\n".join(out)


def _actors_involved(ctx: PageContext, brief: Brief) -> str:
    if not brief.actors:
        return ""
    # The table Python-Markdown's `tables` makes of a Markdown one, written as raw HTML.
    out = ["## Actors involved\n", "<table>\n<thead>\n<tr>"]
    out += [f"<th>{name}</th>" for name in ("Actor", "Kind", "Role")]
    out.append("</tr>\n</thead>\n<tbody>")
    for ref in brief.actors:
        actor = ctx.index.content.actors[ref.actor]
        role = escape_attr(ref.role) if ref.role else ""
        native = f" ({escape_attr(actor.native_name)})" if actor.native_name else ""
        cells = (f"{ctx.actor_link_html(ref.actor)}{native}", actor.kind, role)
        out += ["<tr>", *(f"<td>{cell}</td>" for cell in cells), "</tr>"]
    out.append("</tbody>\n</table>")
    return "\n".join(out) + "\n"


def _corrections(ctx: PageContext, brief: Brief) -> str:
    if not brief.corrections:
        return ""
    out = ["## Corrections\n"]
    for corr in brief.corrections:
        out.append(admonition("note", f"Correction, {day_text(corr.date)}", ctx.md(corr.text)))
    return "\n".join(out)


def _related(ctx: PageContext, brief: Brief) -> str:
    related = ctx.index.related(brief)
    withheld = withheld_related(ctx, brief)
    if not related and not withheld:
        return ""
    lines = [
        f"<li>{ctx.brief_link_html(rid)} · {day_text(ctx.index.content.briefs[rid].date)}</li>"
        for rid in related
    ] + withheld
    return unsearched_section("Related briefs", "\n".join(with_html_lists(lines)))


def _citation_notes(ctx: PageContext, declared: dict[str, Source]) -> str:
    """The numbered notes citation marks point to, each holding the full citation."""
    notes = [
        f'<li id="cite-{escape_attr(sid)}"><p>{_full_citation(declared[sid])}</p></li>'
        for sid in ctx.links.cited
        if sid in declared
    ]
    if not notes:
        return ""
    return '\n<div class="footnote"><hr><ol>' + "".join(notes) + "</ol></div>\n"


def _full_citation(source: Source) -> str:
    if isinstance(source, RegistrySource):
        return registry_citation(source)
    return source_citation(source)


def _event_block(ctx: PageContext, n: int, event: Event, sources: dict[str, Source]) -> str:
    # A block, not a heading: a brief's events would otherwise crowd its table of contents.
    # Raw HTML throughout, so the description's sanitized HTML is never read as Markdown.
    lines = [
        f'\n<div class="bf-event" id="{paths.event_anchor(n)}">',
        f'<p class="bf-event-title"><strong>{escape_attr(event_when(event))}</strong> · '
        f"{escape_attr(event.title)}</p>",
    ]
    facts = []
    if event.location:
        place = escape_attr(event.location.name)
        if event.location.country:
            place += f" ({escape_attr(event.location.country)})"
        facts.append(f"<strong>Where:</strong> {place}")
    if event.actors:
        who = ", ".join(ctx.actor_link_html(a) for a in event.actors)
        facts.append(f"<strong>Who:</strong> {who}")
    if facts:
        lines.append("<p>" + " · ".join(facts) + "</p>")
    marks = graded_marks(ctx, sources, event.sources)
    lines.append(with_marks(ctx.md(event.description or ""), marks))
    lines.append("</div>\n")
    return "".join(lines)


def source_item(source: Source, *more: str) -> str:
    """A source in a brief's Sources list, as an HTML list item (`with_html_lists`)."""
    title = f'<a href="{escape_attr(source.url)}">{escape_attr(source.title)}</a>'
    parts = [f"<strong>{title}</strong>", escape_attr(source.publisher)]
    if source.published:
        parts.append(f"published {day_text(source.published)}")
    if source.accessed:
        parts.append(f"accessed {day_text(source.accessed)}")
    if source.archive_url:
        parts.append(f'<a href="{escape_attr(source.archive_url)}">archived copy</a>')
    if source.reliability:
        parts.append(reliability_badge(source.reliability))
    anchor = f'<span id="source-{escape_attr(source.id)}"></span>'
    return f"<li>{anchor}{' · '.join([*parts, *more])}</li>"


def reliability_badge(reliability: str) -> str:
    return badge(f"Reliability {reliability}", "bf-reliability", title=RELIABILITY[reliability])


def actor_page(ctx: PageContext, actor: Actor, page_size: int) -> str:
    """The page of an actor: facts, its diagram, then what the briefs say about it."""
    index = ctx.index
    out = [_actor_heading(actor)]
    facts = [badge(actor.kind.capitalize(), "bf-kind")]
    if actor.country:
        facts.append(badge(actor.country, "bf-country", title="Country (ISO 3166-1)"))
    out.append('<p class="bf-meta">' + " ".join(facts) + "</p>\n")
    out.append(feed_links(ctx, paths.actor_feeds(actor.id), paths.actor_data(actor.id)))
    neighbours = actor_neighbours(
        index, actor.id, lambda a: ctx.url(actor_path(a)), limit=COMPANIONS_SHOWN
    )
    center = actor_node(index, actor.id, lambda a: ctx.url(actor_path(a)))
    out.append(figure(relation_svg(center, neighbours, title=f"{actor.name} and related actors")))
    out.append(_actor_facts(ctx, actor))
    if actor.description.strip():
        out.append(ctx.prose(actor.description))
    # Below the description, everything lists other pages: shown, but not searched, so that
    # a query for a name finds the pages about it rather than every page that lists it.
    out.extend(_actor_lists(ctx, actor, page_size))
    return "\n".join(out) + "\n"


def _actor_lists(ctx: PageContext, actor: Actor, page_size: int) -> list[str]:
    """The briefs, events (with their map), quotes and companions of an actor, then the
    sources it published: each list its newest items (`actor_lists.py`)."""
    index = ctx.index
    out = [list_section(ctx, actor, listed, page_size) for listed in actor_lists(index, actor.id)]
    companions = index.companions(actor.id, limit=COMPANIONS_SHOWN)
    if companions:
        items = (f"- {ctx.actor_link(a)} · {n} brief{'s' if n != 1 else ''}" for a, n in companions)
        out.append(unsearched_section("Often appears with", "\n".join(items)))
    if (published := published_list(index, actor.id)) is not None:
        out.append(list_section(ctx, actor, published, page_size))
    return out


def _actor_heading(actor: Actor) -> str:
    """The h1, with the actor's other names in it, hidden: a word in a heading ranks far
    above a word in text (Material's field boosts, and the weight Pagefind gives the h1
    here), so a query for an alias finds the actor's own page first. The facts below show
    the names to readers."""
    others = [n for n in (actor.native_name, *actor.aliases) if n]
    hidden = f" <span hidden>({escape(', '.join(others))})</span>" if others else ""
    return f'# {escape(actor.name)}{hidden} {{ data-pagefind-weight="10" }}\n'


def _actor_facts(ctx: PageContext, actor: Actor) -> str:
    """The actor's names (searched) and its affiliations (listed, not searched)."""
    names = []
    if actor.native_name:
        names.append(("Native name", escape(actor.native_name)))
    if actor.title:
        names.append(("Title", escape(actor.title)))
    if actor.aliases:
        names.append(("Also known as", ", ".join(escape(a) for a in actor.aliases)))
    if actor.wikidata:
        url = paths.wikidata_url(actor.wikidata)
        names.append(("Wikidata", f"[{actor.wikidata}]({url})"))
    links = []
    if actor.affiliations:
        ties = (ctx.actor_link(t.actor) + tie_text(t) for t in actor.affiliations)
        links.append(("Affiliated with", ", ".join(ties)))
    members = ctx.index.member_ties.get(actor.id, [])
    if members:
        ties = (ctx.actor_link(a) + tie_text(t) for a, t in members)
        links.append(("Members and affiliates", ", ".join(ties)))
    out = []
    for rows, attrs in ((names, ""), (links, f" {NOT_SEARCHED}")):
        if rows:
            out.append(f'<div class="bf-facts"{attrs} markdown>\n')
            out.extend(f"{k}\n:   {v}\n" for k, v in rows)
            out.append("</div>\n")
    return "\n".join(out)
