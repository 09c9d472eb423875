"""What every page renderer shares: paths and links, the page context, small blocks.

Pages link each other with relative `.md` paths (MkDocs checks and rewrites them); raw
HTML such as SVG pictures needs final URLs, which `PageContext.url` gives.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .index import EventRef, QuoteRef, SiteIndex
from .markup import REF
from .model import Event, PartialDate
from .prose import Linker, Links, escape, escape_attr, render
from .search import NOT_SEARCHED
from .visuals import TimelineItem

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


def day_text(d: date) -> str:
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
    return f'<span class="{cls}"{tip} {NOT_SEARCHED}>{escape_attr(text)}</span>'


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


def quote_block(
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
    speaker: bool = True,
) -> str:
    label = "Direct quote" if kind == "direct" else "Paraphrase"
    body = ctx.md(text)
    if kind == "direct":
        body = f"“{body}”"
    attribution = [f"— {ctx.actor_link(by)}"] if speaker else []
    attribution.append(badge(label, f"bf-quote-{kind}"))
    if when:
        attribution.append(when.label)
    if brief_id:
        attribution.append("in " + ctx.brief_link(brief_id, brief_anchor))
    elif source:
        attribution[-1] += ctx.cite([source])
    # A Markdown blockquote, not a `<div markdown>`: md_in_html slows down more than
    # linearly with thousands of blocks on one page (the quotes index of a large site).
    # Attribute lists go on a line of their own at the end of a paragraph; the comment
    # keeps Markdown from merging neighbouring quotes into one blockquote.
    first, gap, rest = body.partition("\n\n")
    body = f"{first}\n{{: #{anchor} .bf-quote-text .bf-quote-{kind} }}{gap}{rest}"
    block = f"{body}\n\n{' '.join(attribution)}\n{{: .bf-attribution }}"
    quoted = "".join(f"> {line}" if line.strip() else ">\n" for line in block.splitlines(True))
    return f"<!-- quote -->\n\n{quoted}\n"


def quoted_elsewhere(ctx: PageContext, q: QuoteRef, *, speaker: bool = True) -> str:
    """A quote shown away from its brief (actor page, quotes index), linking back to it;
    without the speaker's name where a heading already gives it."""
    quote = q.quote
    return quote_block(
        ctx,
        quote.text,
        quote.kind,
        quote.by,
        None,
        quote.date,
        anchor=f"quote-{q.brief}-{q.number}",
        brief_id=q.brief,
        brief_anchor=f"quote-{q.number}",
        speaker=speaker,
    )


def event_line(ctx: PageContext, e: EventRef, *, show_actors: bool = True) -> str:
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


def feed_links(ctx: PageContext, prefix: str, data: str | None = None) -> str:
    links = []
    if data:
        links.append(f"[Data (JSON)]({rel(ctx.page, data)})")
    links.append(f"[Atom feed]({rel(ctx.page, prefix + 'feed.xml')})")
    links.append(f"[JSON Feed]({rel(ctx.page, prefix + 'feed.json')})")
    return f'<p class="bf-data" {NOT_SEARCHED} markdown>' + " · ".join(links) + "</p>\n"


TIMELINE_STRIP_EVENTS = 60


def timeline_item(e: EventRef, href: str) -> TimelineItem:
    event = e.event
    return TimelineItem(
        event.date, event.end, event.title, event_when(event), href, f"{e.brief}-{e.number}"
    )
