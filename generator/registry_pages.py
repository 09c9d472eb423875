"""What the source registry adds to pages: source pages, grades, the Sources index rows.

A registry source (`content/sources/<id>.yml`) has a page at `sources/<id>/` with its
citation, its grade and every brief (judgment, event, quote) that cites it. Citations
that carry a credibility show the combined Admiralty grade (`B2`) beside their mark,
with both meanings in the tooltip and, for print, in the page (briefing.css).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import paths
from .context import PageContext, badge, day_text
from .index import CitedSource, SiteIndex, source_group
from .model import Brief, Citation, RegistrySource, Source, newest_first
from .paths import brief_path, rel, source_path
from .prose import escape, escape_attr
from .registry import grade
from .search import unsearched_section


def brief_sources(ctx: PageContext, brief: Brief) -> dict[str, Source]:
    """Every source a brief may cite, by id: its own, then the registry sources it cites."""
    registry = ctx.index.content.sources
    own: dict[str, Source] = {s.id: s for s in brief.sources}
    for source_id in ctx.index.registry.of_brief.get(brief.id, []):
        own.setdefault(source_id, registry[source_id])
    return own


def graded_marks(ctx: PageContext, sources: dict[str, Source], citations: list[Citation]) -> str:
    """Citation marks, each followed by its combined grade where the citation gives one."""
    out = []
    for citation in citations:
        mark = ctx.cite([citation.source])
        source = sources.get(citation.source)
        combined = grade(source.reliability if source else None, citation.credibility)
        if mark and combined:
            mark += grade_badge(combined.text, combined.meaning)
        out.append(mark)
    return "".join(out)


def grade_badge(text: str, meaning: str) -> str:
    """The grade, its meanings in the tooltip and (for print) in a hidden-on-screen note."""
    return (
        f'<span class="bf-grade" title="{escape_attr(meaning)}">{escape_attr(text)}'
        f'<span class="bf-grade-meaning"> ({escape_attr(meaning)})</span></span>'
    )


def registry_citation(source: RegistrySource) -> str:
    """The full citation of a registry source, as HTML: who wrote it, where it appeared."""
    from .pages import source_citation  # pages imports this module for brief pages

    authors = ", ".join(escape_attr(a) for a in source.authors)
    text = source_citation(source)
    if source.republished_by:
        text = text[:-1] + f", republished by {escape_attr(source.republished_by)}."
    return f"{authors}, {text}" if authors else text


def registry_item(ctx: PageContext, source: RegistrySource) -> str:
    """A registry source in a brief's Sources list: as an inline one, plus its page."""
    from .pages import source_item

    page = escape_attr(ctx.url(source_path(source.id)))
    return source_item(source, f'<a href="{page}">Source page</a>')


def source_page(ctx: PageContext, source: RegistrySource) -> str:
    """The page of a registry source: its citation and grade, then what cites it."""
    index = ctx.index
    out = [f"# {escape(source.title)}\n"]
    facts = []
    if source.kind:
        facts.append(badge(source.kind.replace("-", " ").capitalize(), "bf-kind"))
    if source.reliability:
        from .pages import reliability_badge

        facts.append(reliability_badge(source.reliability))
    if source.language:
        facts.append(badge(source.language, "bf-language", title="Language (BCP 47)"))
    if facts:
        out.append('<p class="bf-meta">' + " ".join(facts) + "</p>\n")
    out.append(f'\n<div class="bf-prose"><p>{registry_citation(source)}</p></div>\n')
    if source.outlet and source.outlet in index.content.actors:
        out.append(f"Published by {ctx.actor_link(source.outlet)}.\n")
    data = rel(ctx.page, paths.source_data(source.id))
    out.append(f"[Data (JSON)]({data}){{ .bf-data }}\n")
    out.append(_citing_briefs(ctx, source.id))
    return "\n".join(out) + "\n"


def _citing_briefs(ctx: PageContext, source_id: str) -> str:
    briefs = ctx.index.content.briefs
    places: dict[str, dict[tuple[str, str], None]] = {}
    for use in ctx.index.registry.uses.get(source_id, []):
        spots = places.setdefault(use.brief, {})
        if use.anchor:
            spots[(use.anchor, use.what)] = None
    lines = []
    for brief_id in sorted(places, key=lambda b: newest_first(briefs[b])):
        lines.append(f"- {day_text(briefs[brief_id].date)}: {ctx.brief_link(brief_id)}")
        page = rel(ctx.page, brief_path(brief_id))
        lines.extend(
            f"    - [{escape(what)}]({page}#{anchor})" for anchor, what in places[brief_id]
        )
    if not lines:
        return ""
    return unsearched_section("Cited in", "\n".join(lines))


@dataclass(frozen=True)
class SourceRow:
    """One source of the Sources index, with the group (outlet or publisher) it is under.

    Rows hold page paths, not links: a paginator builds them once and renders each slice
    from its own page (`render_source_rows`), which also repeats the group heading."""

    group: str
    outlet: str | None  # the outlet actor the group heading links, if any
    cited: CitedSource


def source_rows(index: SiteIndex) -> list[SourceRow]:
    """Every row of the Sources index, in order."""
    content = index.content
    rows = []
    for cited in index.sources:
        outlet = getattr(cited.source, "outlet", None)
        rows.append(
            SourceRow(
                source_group(content, cited.source),
                outlet if outlet in content.actors else None,
                cited,
            )
        )
    return rows


def source_line(ctx: PageContext, cited: CitedSource) -> str:
    s = cited.source
    briefs = ", ".join(ctx.brief_link(b, f"source-{sid}") for b, sid in cited.citations)
    when = f" · {day_text(s.published)}" if s.published else ""
    grade_text = f" · reliability {s.reliability}" if s.reliability else ""
    target = rel(ctx.page, source_path(s.id)) if isinstance(s, RegistrySource) else s.url
    return f"- [{escape(s.title)}]({target}){when}{grade_text} · cited in {briefs}"


def published_line(ctx: PageContext, source_id: str) -> str:
    """A registry source in the list of what an outlet published (its actor page)."""
    source = ctx.index.content.sources[source_id]
    link = f"- [{escape(source.title)}]({rel(ctx.page, source_path(source_id))})"
    return link + (f" · {day_text(d)}" if (d := source.published) else "")
