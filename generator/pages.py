"""The entity pages: one per brief and one per actor, model + index in, Markdown out.

Every page is written for Material for MkDocs (admonitions, attribute lists, Markdown in
HTML, footnotes, tables). Content text passes through `prose` before it lands here;
everything else is escaped. Listing pages live in `listings.py`.
"""

from __future__ import annotations

from .context import (
    COMPANIONS_SHOWN,
    PageContext,
    actor_path,
    badge,
    day_text,
    event_line,
    event_when,
    feed_links,
    quote_block,
    quoted_elsewhere,
    rel,
    timeline_item,
)
from .index import EventRef
from .model import LIKELIHOODS, RELIABILITY, Actor, Brief, Event, Source
from .prose import escape, escape_attr, indent
from .search import NOT_SEARCHED, unsearched_section
from .visuals import actor_neighbours, actor_node, figure, relation_svg, timeline_svg


def source_citation(source: Source) -> str:
    parts = [f"{escape(source.publisher)}, “{escape(source.title)}”"]
    if source.published:
        parts.append(day_text(source.published))
    parts.append(f"<{source.url}>")
    if source.archive_url:
        parts.append(f"archived at <{source.archive_url}>")
    if source.accessed:
        parts.append(f"accessed {day_text(source.accessed)}")
    return ", ".join(parts) + "."


def brief_page(ctx: PageContext, brief: Brief) -> str:
    index = ctx.index
    out: list[str] = [f"# {escape(brief.title)}\n"]
    meta = [badge(f"Published {day_text(brief.date)}", "bf-date")]
    if brief.updated:
        meta.append(badge(f"Updated {day_text(brief.updated)}", "bf-date"))
    if brief.is_draft:
        meta.append(badge("Draft", "bf-status-draft"))
    if brief.corrections:
        meta.append(badge("Corrected", "bf-status-corrected"))
    out.append('<p class="bf-meta">' + " ".join(meta) + "</p>\n")
    data = rel(ctx.page, f"api/briefs/{brief.id}.json")
    out.append(f"[Data (JSON)]({data}){{ .bf-data {NOT_SEARCHED} }}\n")
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
            timeline_item(EventRef(brief.id, n, e), f"#event-{n}")
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
                quote_block(
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
            out.append(
                f'!!! note "Correction, {day_text(corr.date)}"\n\n{indent(ctx.md(corr.text))}\n'
            )

    related = index.related(brief)
    if related:
        lines = [
            f"- {ctx.brief_link(r)} · {day_text(index.content.briefs[r].date)}" for r in related
        ]
        out.append(unsearched_section("Related briefs", "\n".join(lines)))

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


def _source_item(source: Source) -> str:
    parts = [f"**[{escape(source.title)}]({source.url})**", escape(source.publisher)]
    if source.published:
        parts.append(f"published {day_text(source.published)}")
    if source.accessed:
        parts.append(f"accessed {day_text(source.accessed)}")
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
    out = [_actor_heading(actor)]
    facts = [badge(actor.kind.capitalize(), "bf-kind")]
    if actor.country:
        facts.append(badge(actor.country, "bf-country", title="Country (ISO 3166-1)"))
    out.append('<p class="bf-meta">' + " ".join(facts) + "</p>\n")
    out.append(feed_links(ctx, f"actors/{actor.id}/", f"api/actors/{actor.id}.json"))
    neighbours = actor_neighbours(
        index, actor.id, lambda a: ctx.url(actor_path(a)), limit=COMPANIONS_SHOWN
    )
    center = actor_node(index, actor.id, lambda a: ctx.url(actor_path(a)))
    out.append(figure(relation_svg(center, neighbours, title=f"{actor.name} and related actors")))
    out.append(_actor_facts(ctx, actor))
    if actor.description.strip():
        out.append(ctx.md(actor.description) + "\n")
    # Below the description, everything lists other pages: shown, but not searched, so that
    # a query for a name finds the pages about it rather than every page that lists it.
    briefs = index.briefs_of(actor.id)
    if briefs:
        roles = index.involved.get(actor.id, {})
        items = (
            f"- {day_text(index.content.briefs[b].date)}: {ctx.brief_link(b)}{_how(roles, b)}"
            for b in briefs
        )
        out.append(unsearched_section("Briefs", "\n".join(items)))
    events = index.events_by_actor.get(actor.id, [])
    if events:
        lines = (event_line(ctx, e, show_actors=False) for e in events)
        out.append(unsearched_section("Events", "\n".join(lines)))
    quotes = index.quotes_by_actor.get(actor.id, [])
    if quotes:
        said = "\n".join(quoted_elsewhere(ctx, q, speaker=False) for q in quotes)  # the h1 says who
        out.append(unsearched_section("Quotes", said))
    companions = index.companions(actor.id, limit=COMPANIONS_SHOWN)
    if companions:
        items = (f"- {ctx.actor_link(a)} · {n} brief{'s' if n != 1 else ''}" for a, n in companions)
        out.append(unsearched_section("Often appears with", "\n".join(items)))
    return "\n".join(out) + "\n"


def _how(roles: dict[str, str | None], brief_id: str) -> str:
    """How an actor takes part in a brief: its role, or 'mentioned' if only in the prose."""
    if brief_id not in roles:
        return " · mentioned"
    role = roles[brief_id]
    return f" · {escape(role)}" if role else ""


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
        url = f"https://www.wikidata.org/wiki/{actor.wikidata}"
        names.append(("Wikidata", f"[{actor.wikidata}]({url})"))
    links = []
    if actor.affiliations:
        links.append(("Affiliated with", ", ".join(ctx.actor_link(a) for a in actor.affiliations)))
    members = ctx.index.members.get(actor.id, [])
    if members:
        links.append(("Members and affiliates", ", ".join(ctx.actor_link(a) for a in members)))
    out = []
    for rows, attrs in ((names, ""), (links, f" {NOT_SEARCHED}")):
        if rows:
            out.append(f'<div class="bf-facts"{attrs} markdown>\n')
            out.extend(f"{k}\n:   {v}\n" for k, v in rows)
            out.append("</div>\n")
    return "\n".join(out)
