"""Revision history on the site: pure renderers from a `SiteHistory` to Markdown, Atom and JSON.

* each brief page's `## History` section (anchor `history`), newest revision first;
* the "What's new" page `changes.md` (latest `CHANGES_SHOWN` meaningful revisions across
  briefs) with its Atom feed `changes/feed.xml` and JSON Feed `changes/feed.json`;
* `api/briefs/<id>/history.json` and its schema `api/schema/history.schema.json`;
* each actor page's "Judgment changes" block (latest `ACTOR_CHANGES_SHOWN`);
* the "Updated" day a brief page shows when its file sets none.

Drafts never appear in any of these. Commit subjects and change texts are plain text from
outside: they are escaped for Markdown, HTML and XML here, never interpreted.
"""

from __future__ import annotations

import heapq
import json
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from . import paths
from .api import API_VERSION, Doc, Link, Urls, schema_text
from .changes import WITHHELD, Change, Revision
from .context import day_text, front_matter
from .fields import clean_text, plain_text
from .history import SiteHistory
from .index import SiteIndex
from .model import Brief, tlp_above, tlp_label
from .paths import brief_path, rel
from .prose import escape, escape_attr
from .search import LISTING_SEARCH

CHANGES_PAGE = paths.CHANGES
CHANGES_FEED, CHANGES_JSON_FEED = paths.feed_paths(paths.CHANGES_FEEDS)
CHANGES_SHOWN = 100
ACTOR_CHANGES_SHOWN = 10
ATOM_NS = "http://www.w3.org/2005/Atom"
_NAMESPACE = uuid.UUID("0b8f3f4e-6c2a-4d47-9e3b-2f1a7c5d9e61")


class ChangeDoc(Doc):
    kind: str
    text: str
    judgment: int | None
    judgment_text: str | None


class RevisionDoc(Doc):
    commit: str | None  # None for uncommitted edits (live preview only)
    date: str  # committer date, ISO 8601 with offset
    subject: str
    meaningful: bool
    changes: list[ChangeDoc]


class HistoryDoc(Doc):
    version: int
    brief: Link
    revisions: list[RevisionDoc]


@dataclass(frozen=True)
class SiteChange:
    brief_id: str
    revision: Revision


class HistoryPages:
    """Every history output for the briefs the site shows (drafts left out)."""

    def __init__(self, history: SiteHistory, index: SiteIndex, urls: Urls) -> None:
        self.history = history
        self.index = index
        self.urls = urls
        self.briefs = {k: b for k, b in index.content.briefs.items() if not b.is_draft}
        self.names = {a: actor.name for a, actor in index.content.actors.items()}
        self.tlp_max = index.content.tlp_max

    def revisions(self, brief_id: str) -> tuple[Revision, ...]:
        """The brief's revisions as this build may show them (see `_withheld`)."""
        if brief_id not in self.briefs:
            return ()
        return tuple(self._withheld(r) for r in self.history.of(brief_id))

    def _withheld(self, revision: Revision) -> Revision:
        """A revision from or to a version marked above `tlp_max` keeps its date and commit
        but not what it changed, nor its subject: those could tell what was withheld."""
        marked = any(tlp_above(label, self.tlp_max) for label in revision.marked)
        if not marked or not revision.changes:
            return revision
        note = f"details withheld: marked above {tlp_label(self.tlp_max)} at this revision"
        return replace(revision, subject="(withheld)", changes=(Change(WITHHELD, note),))

    def brief_for_page(self, brief: Brief) -> Brief:
        """The brief with `updated` from git when its file sets none (never before `date`)."""
        day = self.history.meaning_updated(brief.id) if brief.id in self.briefs else None
        if brief.updated or day is None or day <= brief.date:
            return brief
        return brief.model_copy(update={"updated": day})

    def brief_section(self, page: str, brief_id: str) -> str:
        """The brief page's `## History` section; empty without history.

        The list comes as the HTML Python-Markdown would make of it (`history_html`): a
        raw HTML block passes through MkDocs almost free, while converting 10,000 list
        items (1,000 briefs × 10 commits) cost more than reading the history itself.
        """
        revisions = self.revisions(brief_id)
        if not revisions:
            return ""
        html = self.history_html(revisions)
        if html is None:
            return "\n## History { #history }\n" + self.history_markdown(revisions)
        return f"\n## History {{ #history }}\n\n{html}\n"

    def history_markdown(self, revisions: Iterable[Revision]) -> str:
        """The revisions as a Markdown list, each with its changes."""
        out = []
        for revision in revisions:
            out.append(f"- {self._revision_line(revision)}")
            out.extend(f"    - {self._change_text(c)}" for c in revision.changes)
        return "\n".join(out) + "\n"

    def history_html(self, revisions: Iterable[Revision]) -> str | None:
        """`history_markdown` as Python-Markdown converts it, byte for byte (a test holds
        the two together); None when a text needs Markdown itself: a tab, which it expands
        by column, a Markdown character in a judgment move, or a change whose text does not
        start with a letter or digit (as every change `changes.py` writes does)."""
        out = ["<ul>"]
        for revision in revisions:
            line = self._revision_html(revision)
            if not revision.changes:
                out.append(f"<li>{line}</li>")
                continue
            out.append(f"<li>{line}<ul>")
            for change in revision.changes:
                if not (change.text[:1].isascii() and change.text[:1].isalnum()) or (
                    change.is_move and _MARKDOWN_SPECIAL.search(change.text)
                ):
                    return None
                out.append(f"<li>{self._change_text(change, _html_text)}</li>")
            out += ["</ul>", "</li>"]
        out.append("</ul>")
        html = "\n".join(out)
        return None if "\t" in html else html

    def _revision_html(self, revision: Revision) -> str:
        when = f"<strong>{day_text(revision.day)}</strong>"
        if not revision.committed:
            return f"{when} · <em>not yet committed</em>"
        return f"{when} · <code>{revision.short}</code> · {_html_text(revision.subject)}"

    def _revision_line(self, revision: Revision, title: str = "") -> str:
        when = f"**{day_text(revision.day)}**"
        what = f"`{revision.short}`" if revision.committed else "*not yet committed*"
        parts = [when, title, what] if title else [when, what]
        if revision.committed:
            parts.append(escape(revision.subject))
        return " · ".join(parts)

    def _change_text(self, change: Change, plain: Callable[[str], str] = escape) -> str:
        """One change as Markdown, or as HTML with `plain=_html_text`."""
        if change.is_move:
            # The move is styled as one phrase: readers scan for it.
            text = f'<span class="bf-move">{escape_attr(change.text)}</span>'
        else:
            text = plain(change.text)
        if change.judgment is not None:
            text += f" · judgment {change.judgment}"
        if change.words:
            text += f", “{plain(plain_text(change.words, self.names))}”"
        return text

    def latest(self, brief_ids: Iterable[str], count: int) -> list[SiteChange]:
        """The newest meaningful revisions of these briefs, newest first."""
        entries = (SiteChange(b, r) for b in brief_ids for r in self.revisions(b) if r.meaningful)
        return heapq.nlargest(count, entries, key=_newest_first)

    def changes_page(self) -> str:
        """The "What's new" page."""
        meta = front_matter(
            title="What's new",
            feed_prefix=paths.CHANGES_FEEDS,
            feed_title="What's new",
            search=LISTING_SEARCH,  # a listing: ranked after the pages it lists
        )
        out = [meta + "# What's new\n"]
        if not self.history.available:
            why = self.history.note or "not available"
            out.append(f"No revision history: {escape(why)}.\n")
            return "\n".join(out)
        entries = self.latest(self.briefs, CHANGES_SHOWN)
        feed = rel(CHANGES_PAGE, CHANGES_FEED)
        out.append(
            f"The latest {len(entries)} changes to briefs, newest first; judgment moves "
            f"are highlighted. [Atom feed]({feed})\n"
        )
        for entry in entries:
            revision = entry.revision
            out.append(f"- {self._revision_line(revision, self._brief_link(entry.brief_id))}")
            out.extend(f"    - {self._change_text(c)}" for c in revision.changes)
        return "\n".join(out) + "\n"

    def _brief_link(self, brief_id: str, page: str = CHANGES_PAGE) -> str:
        title = escape(self.briefs[brief_id].title)
        return f"[{title}]({rel(page, brief_path(brief_id) + '#history')})"

    def actor_section(self, page: str, actor_id: str) -> str:
        """The actor page's latest judgment moves in the briefs it appears in."""
        moves = heapq.nlargest(
            ACTOR_CHANGES_SHOWN, self._moves(self.index.briefs_of(actor_id)), key=_move_order
        )
        if not moves:
            return ""
        out = ["\n## Judgment changes { #judgment-changes }\n"]
        for entry, change in moves:
            day = f"**{day_text(entry.revision.day)}**"
            link = self._brief_link(entry.brief_id, page)
            out.append(f"- {day} · {link} · {self._change_text(change)}")
        return "\n".join(out) + "\n"

    def _moves(self, brief_ids: Iterable[str]) -> Iterator[tuple[SiteChange, Change]]:
        for brief_id in brief_ids:
            for revision in self.revisions(brief_id):
                for change in revision.moves:
                    yield SiteChange(brief_id, revision), change

    def files(self, site_name: str) -> Iterator[tuple[str, str]]:
        """The feeds of the changes page and each brief's history document, with schema,
        one at a time (a build writes each as it is made)."""
        yield CHANGES_FEED, self.atom(site_name)
        yield CHANGES_JSON_FEED, self.json_feed(site_name)
        for brief_id in sorted(self.briefs):
            if self.revisions(brief_id):
                yield paths.brief_history(brief_id), self.document(brief_id)
        yield paths.schema_data("history"), schema_text(HistoryDoc)

    def document(self, brief_id: str) -> str:
        revisions = [
            RevisionDoc(
                commit=r.commit or None,
                date=r.moment.isoformat(),
                subject=r.subject,
                meaningful=r.meaningful,
                changes=[_change_doc(c) for c in r.changes],
            )
            for r in self.revisions(brief_id)
        ]
        brief = Link(id=brief_id, url=self.urls.brief(brief_id) + "#history")
        doc = HistoryDoc(version=API_VERSION, brief=brief, revisions=revisions)
        return doc.model_dump_json() + "\n"

    def _entry(self, entry: SiteChange) -> tuple[str, str, str, str, str]:
        """(id, title, link, updated, summary) of one feed entry."""
        revision = entry.revision
        title = self.briefs[entry.brief_id].title
        subject = revision.subject if revision.committed else "not yet committed"
        key = f"revision:{entry.brief_id}:{revision.commit or 'working-copy'}"
        return (
            f"urn:uuid:{uuid.uuid5(_NAMESPACE, key)}",
            f"{title}: {subject}",
            self.urls.brief(entry.brief_id) + "#history",
            revision.moment.isoformat(),
            "; ".join(_feed_text(c) for c in revision.changes),
        )

    def atom(self, site_name: str) -> str:
        ET.register_namespace("", ATOM_NS)
        root = ET.Element(f"{{{ATOM_NS}}}feed")

        def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> None:
            ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs).text = text

        entries = [self._entry(e) for e in self.latest(self.briefs, CHANGES_SHOWN)]
        sub(root, "title", f"{site_name}: what's new")
        sub(root, "id", f"urn:uuid:{uuid.uuid5(_NAMESPACE, 'feed:changes')}")
        sub(root, "link", rel="self", href=self.urls.page(CHANGES_FEED))
        sub(root, "link", rel="alternate", href=self.urls.page("changes/"), type="text/html")
        sub(root, "updated", entries[0][3] if entries else "1970-01-01T00:00:00+00:00")
        author = ET.SubElement(root, f"{{{ATOM_NS}}}author")
        sub(author, "name", site_name)
        for entry_id, title, link, updated, summary in entries:
            entry = ET.SubElement(root, f"{{{ATOM_NS}}}entry")
            sub(entry, "id", entry_id)
            sub(entry, "title", title)
            sub(entry, "link", rel="alternate", href=link, type="text/html")
            sub(entry, "updated", updated)
            sub(entry, "summary", summary)
        ET.indent(root)
        return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"

    def json_feed(self, site_name: str) -> str:
        items = [
            {"id": i, "title": t, "url": u, "date_modified": d, "summary": s}
            for i, t, u, d, s in map(self._entry, self.latest(self.briefs, CHANGES_SHOWN))
        ]
        doc = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": f"{site_name}: what's new",
            "home_page_url": self.urls.page("changes/"),
            "feed_url": self.urls.page(CHANGES_JSON_FEED),
            "items": items,
        }
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


# What `prose.escape` backslash-escapes; Python-Markdown drops the backslash again except
# before `~`, which is no Markdown escape without an extension.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]()#+!|~]")


def _html_text(text: str) -> str:
    """What Python-Markdown makes of `escape(text)` in a list item."""
    text = clean_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("{", "&#123;").replace("}", "&#125;").replace("~", "\\~")
    return text.replace("\n", " ")


def _change_doc(c: Change) -> ChangeDoc:
    return ChangeDoc(kind=c.kind, text=c.text, judgment=c.judgment, judgment_text=c.words or None)


def _newest_first(entry: SiteChange) -> tuple[object, ...]:
    return (entry.revision.moment, not entry.revision.committed, entry.brief_id)


def _move_order(item: tuple[SiteChange, Change]) -> tuple[object, ...]:
    return (*_newest_first(item[0]), -(item[1].judgment or 0))


def _feed_text(change: Change) -> str:
    where = f" (judgment {change.judgment}, “{change.words}”)" if change.judgment else ""
    return change.text + where
