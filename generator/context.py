"""What every page renderer shares: paths and links, the page context, small blocks.

Pages link each other with relative `.md` paths (MkDocs checks and rewrites them); raw
HTML such as SVG pictures needs final URLs, which `PageContext.url` gives.

Content Markdown fields come from `fields.convert` as sanitized HTML with reference
slots; `PageContext.md` fills the slots with this page's actor links and citation
marks, and the page places the result in a raw HTML block (`prose_block`), which
Python-Markdown passes through byte for byte, so nothing in it is read as Markdown again.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from . import paths
from .analysis import QUOTE_KIND_LABELS, quote_setting
from .fields import Slot, Text, clean_text, convert, top_level_headings
from .index import EventRef, QuoteRef, SiteIndex
from .markup import Ref
from .model import Event, Quote
from .paths import actor_path, brief_path, page_url, rel
from .prose import Linker, Links, escape, escape_attr
from .search import NOT_SEARCHED
from .visuals import TimelineItem

COMPANIONS_SHOWN = 8  # in the diagram and in the list beside it


def html_title(text: str) -> str:
    """A page title for the front matter: Material prints `page.meta.title` into <title>
    and the header without escaping it, so it must already be HTML-safe. A page without
    one gets its first heading's text as its title, unescaped: every page whose heading
    holds content text needs this."""
    return html.escape(" ".join(clean_text(text).split()), quote=True)


def front_matter(**meta: object) -> str:
    """YAML front matter written as JSON values (JSON is valid YAML, and fast to write)."""
    lines = [f"{key}: {_yaml_json(value)}" for key, value in meta.items() if value]
    return "---\n" + "\n".join(lines) + "\n---\n\n" if lines else ""


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _yaml_json(value: object) -> str:
    """JSON that YAML reads back as written. JSON's ASCII form writes a character beyond
    U+FFFF (an emoji, `𝕏`) as two `\\uD8xx` surrogate escapes, which libyaml (MkDocs'
    loader) refuses, and MkDocs then drops the whole front matter without a word: the
    page loses its title, tags and JSON-LD. YAML's own `\\U` escape writes it whole."""
    text = json.dumps(value, ensure_ascii=False)  # non-ASCII stays raw, never in an escape
    return _NON_ASCII.sub(
        lambda m: f"\\u{ord(m[0]):04x}" if ord(m[0]) <= 0xFFFF else f"\\U{ord(m[0]):08x}", text
    )


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


@dataclass(frozen=True)
class Shared:
    """What every page shares, built once per site: never rebuilt per page."""

    index: SiteIndex
    linker: Linker | None
    names: dict[str, str]
    directory_urls: bool = True


class PageContext:
    """What every page renderer needs: the shared site data and the page's own path.

    `cite_targets` are the sources citations may point to: a brief's own, on its page,
    which lists them; elsewhere (None) citation marks are left out.
    """

    def __init__(
        self, shared: Shared, page: str, cite_targets: frozenset[str] | None = None
    ) -> None:
        self.shared = shared
        self.index = shared.index
        self.linker = shared.linker
        self.page = page
        self.page_url = page_url(page, shared.directory_urls)
        self.cite_targets = cite_targets
        self.links = Links(shared.names, lambda a: self.url(actor_path(a)))
        self.heading_ids: set[str] = set()

    def url(self, target: str, anchor: str = "") -> str:
        """A final URL (not a `.md` path) to `target` from this page, for raw HTML links
        such as those inside SVG pictures, which MkDocs does not rewrite."""
        there = page_url(target, self.shared.directory_urls)
        # `rel` between the two URLs: a page URL's folder is what precedes its last "/"
        # ('briefs/x/' is in 'briefs/x', 'briefs/x.html' in 'briefs').
        link = rel(self.page_url, there) or "./"
        return link + (f"#{anchor}" if anchor else "")

    def actor_link(self, actor_id: str) -> str:
        actor = self.index.content.actors[actor_id]
        return f"[{escape(actor.name)}]({rel(self.page, actor_path(actor_id))})"

    def actor_link_html(self, actor_id: str) -> str:
        """`actor_link` for raw HTML blocks, which MkDocs leaves alone."""
        name = escape_attr(self.index.content.actors[actor_id].name)
        return f'<a href="{escape_attr(self.url(actor_path(actor_id)))}">{name}</a>'

    def brief_link(self, brief_id: str, anchor: str = "") -> str:
        brief = self.index.content.briefs[brief_id]
        target = brief_path(brief_id) + (f"#{anchor}" if anchor else "")
        return f"[{escape(brief.title)}]({rel(self.page, target)})"

    def brief_link_html(self, brief_id: str, anchor: str = "") -> str:
        title = escape_attr(self.index.content.briefs[brief_id].title)
        return f'<a href="{escape_attr(self.url(brief_path(brief_id), anchor))}">{title}</a>'

    def md(self, text: str, *, autolink: bool = False) -> str:
        """A content Markdown field as sanitized HTML with this page's links and marks."""
        field = convert(text)
        linker = self.linker if autolink else None
        out: list[str] = []
        for part in field.parts:
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, Text):
                out.append(linker.link_text(part.html, self.links) if linker else part.html)
            else:
                out.append(self._reference(field.refs[part.index], part))
        return "".join(out).strip()

    def _reference(self, ref: Ref, slot: Slot) -> str:
        if slot.role == "literal":
            return escape_attr(ref.raw)
        if ref.kind == "cite":
            return self.cite([ref.target]) if slot.role == "link" else ""
        name = escape_attr(ref.label or self.links.names.get(ref.target, ref.target))
        if slot.role == "label" or ref.target not in self.links.names:
            return name
        self.links.linked.add(ref.target)
        return f'<a href="{escape_attr(self.links.href(ref.target))}">{name}</a>'

    def prose(self, text: str, *, autolink: bool = False) -> str:
        """A Markdown field as a raw HTML block of the page (MkDocs passes it through)."""
        return prose_block(self.md(text, autolink=autolink))

    def sections(self, text: str, *, autolink: bool = False, shift: int = 1) -> str:
        """A body: its top-level headings as page headings (in the table of contents,
        with ids of their own), the rest as raw HTML blocks between them."""
        out: list[str] = []
        for part in top_level_headings(self.md(text, autolink=autolink)):
            if isinstance(part, str):
                if part.strip():
                    out.append(prose_block(part))
                continue
            level, title = part
            # One line, single spaces: attr_list's heading pattern backtracks on long runs.
            title = " ".join(title.split())
            hashes = "#" * min(level + shift, 6)
            out.append(f"{hashes} {escape(title)} {{ #{self._heading_id(title)} }}\n")
        return "\n".join(out)

    def _heading_id(self, title: str) -> str:
        # Prefixed: the generator's own ids (source-, quote-, event-, cite-, ...) and
        # its section headings can never be taken by a heading someone wrote.
        slug = "-".join(re.findall(r"\w+", title.casefold()))[:48] or "section"
        candidate, n = f"analysis-{slug}", 1
        while candidate in self.heading_ids:
            n += 1
            candidate = f"analysis-{slug}-{n}"
        self.heading_ids.add(candidate)
        return candidate

    def cite(self, source_ids: Iterable[str]) -> str:
        """Citation marks numbered in order of first citation on the page."""
        if self.cite_targets is None:
            return ""
        marks = []
        for sid in source_ids:
            if sid not in self.cite_targets:
                continue
            number = self.links.cited.setdefault(sid, len(self.links.cited) + 1)
            marks.append(
                f'<sup class="bf-cite"><a class="footnote-ref" href="#cite-{escape_attr(sid)}">'
                f"{number}</a></sup>"
            )
        return "".join(marks)


def with_marks(html: str, marks: str) -> str:
    """Citation marks put at the end of the HTML's last paragraph, where a reader looks."""
    if marks and html.endswith("</p>"):
        return html[: -len("</p>")] + marks + "</p>"
    return html + marks


def prose_block(html: str) -> str:
    """Sanitized HTML as a raw block: blank lines around, a block tag at line start."""
    return f'\n<div class="bf-prose">{html}</div>\n'


def quote_block(
    ctx: PageContext,
    quote: Quote,
    source: str | None,
    *,
    anchor: str,
    brief_id: str | None = None,
    brief_anchor: str = "",
    speaker: bool = True,
) -> str:
    kind = quote.kind
    body = ctx.md(quote.text)
    attribution = [f"— {ctx.actor_link_html(quote.by)}"] if speaker else []
    attribution.append(badge(QUOTE_KIND_LABELS[kind], f"bf-quote-{kind}"))
    if setting := quote_setting(quote):
        attribution.append(setting)
    if quote.date:
        attribution.append(escape_attr(quote.date.label))
    if brief_id:
        attribution.append("in " + ctx.brief_link_html(brief_id, brief_anchor))
    elif source:
        attribution[-1] += ctx.cite([source])
    # Raw HTML with the anchor on the wrapper: whatever block the text starts with (a
    # heading, a table, a fence), `#quote-N` lands on the quote.
    return (
        f'\n<blockquote class="bf-quote" id="{escape_attr(anchor)}">'
        f'<div class="bf-quote-text bf-quote-{kind}">{body}</div>'
        f'<p class="bf-attribution">{" ".join(attribution)}</p></blockquote>\n'
    )


def quoted_elsewhere(ctx: PageContext, q: QuoteRef, *, speaker: bool = True) -> str:
    """A quote shown away from its brief (actor page, quotes index), linking back to it;
    without the speaker's name where a heading already gives it."""
    return quote_block(
        ctx,
        q.quote,
        None,
        anchor=f"quote-{q.brief}-{q.number}",
        brief_id=q.brief,
        brief_anchor=f"quote-{q.number}",
        speaker=speaker,
    )


def event_item(ctx: PageContext, e: EventRef, *, show_actors: bool = True) -> str:
    """An event as an HTML list item (see `with_html_lists`): when, title, where, who,
    and the briefs it is from."""
    event = e.event
    href = ctx.url(brief_path(e.brief), paths.event_anchor(e.number))
    title = f'<a href="{escape_attr(href)}">{escape_attr(event.title)}</a>'
    parts = [f"<strong>{escape_attr(event_when(event))}</strong>: {title}"]
    if event.location:
        parts.append(escape_attr(event.location.name))
    if show_actors and event.actors:
        parts.append(", ".join(ctx.actor_link_html(a) for a in event.actors))
    parts.append("from " + ", ".join(ctx.brief_link_html(brief) for brief, _ in e.places))
    return f"<li>{' · '.join(parts)}</li>"


def with_html_lists(lines: Iterable[str]) -> list[str]:
    """Page lines with each run of HTML list items (`<li>...</li>`, one a line) put in one
    `<ul>` block between blank lines. Python-Markdown stores such a block as it stands
    (`raw_blocks.py`), where a Markdown list of links goes through its block and inline
    parsers item by item: most of the time it took to convert a listing page."""
    out: list[str] = []
    for is_item, run in itertools.groupby(lines, lambda line: line.startswith("<li>")):
        if is_item:  # one item a line: a blank line would end the block
            out.append("\n<ul>\n" + "\n".join(i.replace("\n", " ") for i in run) + "\n</ul>\n")
        else:
            out.extend(run)
    return out


def feed_links(ctx: PageContext, prefix: str, data: str | None = None) -> str:
    links = []
    if data:
        links.append(f"[Data (JSON)]({rel(ctx.page, data)})")
    atom, json_feed = paths.feed_paths(prefix)
    links.append(f"[Atom feed]({rel(ctx.page, atom)})")
    links.append(f"[JSON Feed]({rel(ctx.page, json_feed)})")
    return f'<p class="bf-data" {NOT_SEARCHED} markdown>' + " · ".join(links) + "</p>\n"


TIMELINE_STRIP_EVENTS = 60


def timeline_item(e: EventRef, href: str) -> TimelineItem:
    event = e.event
    return TimelineItem(
        event.date, event.end, event.title, event_when(event), href, f"{e.brief}-{e.number}"
    )
