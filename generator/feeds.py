"""Atom 1.0 and JSON Feed 1.1 for the site, each tag and each actor.

Entries are published briefs, newest first. Entry ids are URNs derived from the brief
id, so they stay the same across builds and when the site moves. The site feeds carry
each brief in full as HTML; tag and actor feeds carry the summary and a link, which
keeps their cost independent of how many briefs an actor appears in.
"""

from __future__ import annotations

import heapq
import html
import json
import posixpath
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin
from xml.sax.saxutils import escape as escape_xml

import markdown

from . import paths
from .fields import clean_text, plain_text
from .index import SiteIndex
from .model import Brief, tlp_label
from .paths import Urls, feed_paths, page_url

SITE_FEED_ENTRIES = 50
TOPIC_FEED_ENTRIES = 20
ATOM_NS = "http://www.w3.org/2005/Atom"
TLP_SCHEME = "https://www.first.org/tlp/"
_NAMESPACE = uuid.UUID("6f1d0c5e-8b0e-4f61-9a59-4a0c1b6e2f10")


def entry_id(brief_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, 'brief:' + brief_id)}"


@dataclass(frozen=True)
class Feed:
    title: str
    prefix: str  # paths.SITE_FEEDS, paths.tag_feeds(tag) or paths.actor_feeds(actor id)
    page: str  # the URL of the page the feed belongs to, relative to the site root
    briefs: list[Brief]
    full: bool


def render_html(md: str, extensions: dict[str, dict[str, object]]) -> str:
    """Markdown to HTML with the site's extensions (for feed content)."""
    converter = markdown.Markdown(
        extensions=list(extensions), extension_configs={k: v for k, v in extensions.items() if v}
    )
    return converter.convert(md)


_URL_ATTR = re.compile(r'(href|src)="([^"]*)"')
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def absolutize_html(html_text: str, base: str) -> str:
    """Rewrite relative href/src values in built HTML against the page's URL."""

    def fix(m: re.Match[str]) -> str:
        return f'{m.group(1)}="{urljoin(base, m.group(2))}"'

    return _URL_ATTR.sub(fix, html_text)


def absolutize(html_text: str, page: str, urls: Urls) -> str:
    """The same for HTML rendered here from a generated page, whose links are still
    relative `.md` paths: they become the URLs MkDocs gives those pages."""

    def fix(m: re.Match[str]) -> str:
        path, hash_, anchor = m.group(2).partition("#")
        if not path.endswith(".md") or "://" in path:
            return m.group(0)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        return f'{m.group(1)}="{urls.page(page_url(target, True))}{hash_}{anchor}"'

    return absolutize_html(_URL_ATTR.sub(fix, html_text), urls.page(page_url(page, True)))


PLACEHOLDER = "briefing-feed-html:{}:end"


def fill_placeholders(document: str, html_of: Callable[[str], str], as_json: bool) -> str:
    """Put each brief's HTML where `PLACEHOLDER` stands, escaped for XML or JSON."""

    def fill(m: re.Match[str]) -> str:
        value = html_of(m.group(1))
        return json.dumps(value, ensure_ascii=False)[1:-1] if as_json else escape_xml(value)

    return re.sub(PLACEHOLDER.format(r"([a-z0-9-]+)"), fill, document)


def strip_front_matter(md: str) -> str:
    return _FRONT_MATTER.sub("", md, count=1)


class FeedWriter:
    def __init__(
        self,
        index: SiteIndex,
        urls: Urls,
        site_name: str,
        brief_html: Callable[[str], str],
        summary_html: Callable[[str], str] | None = None,
    ) -> None:
        self.index = index
        self.urls = urls
        self.site_name = site_name
        self.brief_html = brief_html
        self.summary_html = summary_html
        self.names = {a: actor.name for a, actor in index.content.actors.items()}
        self._summaries: dict[str, str] = {}

    def summary(self, brief: Brief) -> str:
        """The brief's summary as plain text (cached: it appears in many feeds)."""
        if brief.id not in self._summaries:
            self._summaries[brief.id] = plain_text(brief.summary, self.names)
        return self._summaries[brief.id]

    def full_briefs(self) -> frozenset[str]:
        """The briefs whose full HTML the site feeds carry."""
        site_feed = next(iter(self.feeds()))  # the first feed is the site's (lazily made)
        return frozenset(b.id for b in site_feed.briefs)

    def feeds(self) -> Iterable[Feed]:
        content = self.index.content
        published = [b for b in self.index.newest_first if not content.briefs[b].is_draft]
        site_briefs = [content.briefs[b] for b in published[:SITE_FEED_ENTRIES]]
        yield Feed(self.site_name, paths.SITE_FEEDS, page_url(paths.HOME), site_briefs, True)
        for tag in sorted(self.index.by_tag):
            briefs = self._newest(self.index.by_tag[tag])
            tag_page = f"{page_url(paths.TAGS)}#{paths.tag_anchor(tag)}"
            yield Feed(f"{self.site_name}: {tag}", paths.tag_feeds(tag), tag_page, briefs, False)
        for actor_id in sorted(content.actors):
            briefs = self._newest(self._actor_briefs(actor_id))
            name = content.actors[actor_id].name
            yield Feed(
                f"{self.site_name}: {name}",
                paths.actor_feeds(actor_id),
                page_url(paths.actor_path(actor_id)),
                briefs,
                False,
            )

    def _actor_briefs(self, actor_id: str) -> set[str]:
        """The briefs an actor's feed follows: those it appears in, and those it wrote."""
        index = self.index
        return {*index.involved.get(actor_id, {}), *index.mentioned.get(actor_id, ()),
                *index.written.get(actor_id, ())}  # fmt: skip

    def _newest(self, brief_ids: Iterable[str]) -> list[Brief]:
        """The newest briefs of a topic feed, drafts left out: the first of the site's brief
        order without sorting every brief of a busy actor or tag on each build."""
        briefs = self.index.content.briefs
        rank = self.index.newest_rank
        shown = (b for b in brief_ids if not briefs[b].is_draft)
        return [briefs[b] for b in heapq.nsmallest(TOPIC_FEED_ENTRIES, shown, key=rank.__getitem__)]

    def documents(self) -> Iterator[tuple[str, str]]:
        """Every feed with its path, one at a time (a build writes each as it is made)."""
        for feed in self.feeds():
            atom_path, json_path = feed_paths(feed.prefix)
            yield atom_path, self.atom(feed, atom_path)
            yield json_path, self.json_feed(feed, json_path)

    def _content(self, brief: Brief, full: bool) -> str:
        if full:
            return clean_text(self.brief_html(brief.id))
        if self.summary_html is not None:
            summary = self.summary_html(brief.id)
        else:
            summary = f"<p>{html.escape(self.summary(brief))}</p>"
        link = html.escape(self.urls.brief(brief.id), quote=True)
        return f'{summary}\n<p><a href="{link}">Read the brief</a></p>'

    def atom(self, feed: Feed, path: str) -> str:
        ET.register_namespace("", ATOM_NS)
        root = ET.Element(f"{{{ATOM_NS}}}feed")

        def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
            el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
            if text is not None:
                el.text = clean_text(text)  # characters XML 1.0 cannot carry are dropped
            return el

        sub(root, "title", feed.title)
        sub(root, "id", "urn:uuid:" + str(uuid.uuid5(_NAMESPACE, "feed:" + feed.prefix)))
        sub(root, "link", rel="self", href=self.urls.page(path), type="application/atom+xml")
        sub(root, "link", rel="alternate", href=self.urls.page(feed.page), type="text/html")
        updated = max((_updated(b) for b in feed.briefs), default="1970-01-01T00:00:00Z")
        sub(root, "updated", updated)
        author = sub(root, "author")
        sub(author, "name", self.site_name)
        sub(root, "generator", "Briefing")
        for brief in feed.briefs:
            entry = sub(root, "entry")
            sub(entry, "title", brief.title)
            sub(entry, "id", entry_id(brief.id))
            sub(entry, "link", rel="alternate", href=self.urls.brief(brief.id), type="text/html")
            sub(entry, "published", f"{brief.date.isoformat()}T00:00:00Z")
            sub(entry, "updated", _updated(brief))
            sub(entry, "summary", self.summary(brief))
            for tag in brief.tags:
                sub(entry, "category", term=tag)
            if brief.tlp:  # the handling label, as a category in FIRST's scheme
                label = tlp_label(brief.tlp)
                sub(entry, "category", term=label, scheme=TLP_SCHEME, label=label)
            for writer in self._authors(brief):
                person = sub(entry, "author")
                sub(person, "name", writer["name"])
                sub(person, "uri", writer["url"])
            sub(entry, "content", self._content(brief, feed.full), type="html")
        ET.indent(root)
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            + ET.tostring(root, encoding="unicode")
            + "\n"
        )

    def _authors(self, brief: Brief) -> list[dict[str, str]]:
        """The brief's authors as feeds name them: a name and the actor page's URL."""
        actors = self.index.content.actors
        return [{"name": actors[a].name, "url": self.urls.actor(a)} for a in brief.authors]

    def _item_extras(self, brief: Brief) -> dict[str, object]:
        """JSON Feed item fields only some briefs have: authors, and the TLP label in
        Briefing's extension object (JSON Feed 1.1 keeps `_` keys for extensions)."""
        extras: dict[str, object] = {}
        if brief.authors:
            extras["authors"] = self._authors(brief)
        if brief.tlp:
            extras["_briefing"] = {"tlp": tlp_label(brief.tlp)}
        return extras

    def json_feed(self, feed: Feed, path: str) -> str:
        items = [
            {
                "id": entry_id(brief.id),
                "url": self.urls.brief(brief.id),
                "title": clean_text(brief.title),
                "summary": self.summary(brief),
                "content_html": self._content(brief, feed.full),
                "date_published": f"{brief.date.isoformat()}T00:00:00Z",
                "date_modified": _updated(brief),
                "tags": list(brief.tags),
                **self._item_extras(brief),
            }
            for brief in feed.briefs
        ]
        doc = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": clean_text(feed.title),
            "home_page_url": self.urls.page(feed.page),
            "feed_url": self.urls.page(path),
            "authors": [{"name": self.site_name}],
            "items": items,
        }
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


def _updated(brief: Brief) -> str:
    return f"{(brief.updated or brief.date).isoformat()}T00:00:00Z"
