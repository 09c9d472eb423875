"""Which entity pages a rebuild must render again, from the index's reverse dependencies.

`mkdocs serve` rebuilds after every save. Rendering every brief and actor page again costs
time in proportion to the whole site, while one saved brief changes a handful of pages:
its own, those of its actors, and those of the briefs whose "Related briefs" list shows it
(or changes because of it). `select` finds them by comparing the last build's content
and index with this build's; everything else keeps the Markdown it had.

The selection errs on the side of rendering too much: whatever may show anything of a
changed brief or actor is rendered again, and the session compares the Markdown to find
what MkDocs must rebuild. Edits whose reach is the whole site (an actor renamed, a brief
or actor added or removed, other options, a new git history) render everything.
Listing pages, feeds and API documents are always made afresh (`site.py`): each of them
reads across the whole content anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from pydantic import BaseModel

from .api import ActorDoc, ApiWriter, BriefDoc, BriefSummaryDoc, EventDoc, Urls
from .feeds import FeedWriter
from .history import SiteHistory
from .index import RELATED_FANOUT_CAP, EventRef, SiteIndex
from .model import Actor, Brief, SharedEvent
from .page_memo import Key
from .paths import brief_path, feed_paths


@dataclass
class Rendered:
    """What a build leaves for the next one to render incrementally."""

    index: SiteIndex  # its content, the mentions found while rendering, every related list
    pages: dict[str, str]  # the entity pages' Markdown by path
    options: Any  # the build options (`site.Options`): other options render everything
    history: SiteHistory
    made: Made  # feed and API documents
    listings: dict[str, str] = field(default_factory=dict)  # listing pages by path
    listing_memo: dict[str, tuple[Key, str]] = field(default_factory=dict)  # `page_memo`


@dataclass(frozen=True)
class Selection:
    """The entity pages to render; the others keep the Markdown of `Rendered.pages`."""

    briefs: frozenset[str]
    actors: frozenset[str]  # besides the actors the rendered briefs mention (known later)
    changed_briefs: frozenset[str]
    changed_actors: frozenset[str]
    # Changed briefs whose edit only other pages cannot show (`_prose_only`): their
    # actors' pages are rendered again only if a prose mention came or went.
    prose_only: frozenset[str] = frozenset()


def _changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> set[str]:
    # Unchanged files come back from the load cache as the very same objects.
    return {k for k, v in after.items() if k in before and before[k] is not v and before[k] != v}


def _same_names(before: Actor, after: Actor) -> bool:
    """Names (which prose on any page may link by) and kind: shown site-wide."""
    return before.names == after.names and before.kind == after.kind


def _history_changed(before: SiteHistory, after: SiteHistory) -> set[str] | None:
    """Briefs whose revisions differ (a save adds an uncommitted one); None: all do."""
    if (before.available, before.note, before.shallow) != (
        after.available,
        after.note,
        after.shallow,
    ):
        return None
    return _changed(before.briefs, after.briefs) | (before.briefs.keys() ^ after.briefs.keys())


def select(
    previous: Rendered | None, index: SiteIndex, options: Any, history: SiteHistory
) -> Selection | None:
    """The pages to render for `index` after `previous`; None to render every page."""
    if previous is None or previous.options != options:
        return None
    revised = _history_changed(previous.history, history)
    if revised is None:
        return None
    old, new = previous.index.content, index.content
    if old.briefs.keys() != new.briefs.keys() or old.actors.keys() != new.actors.keys():
        return None
    # A registry source or shared event shows on every brief citing or including it.
    if _changed(old.sources, new.sources) or _changed(old.events, new.events):
        return None
    if old.sources.keys() != new.sources.keys() or old.events.keys() != new.events.keys():
        return None
    actors = _changed(old.actors, new.actors)
    if not all(_same_names(old.actors[a], new.actors[a]) for a in actors):
        return None
    briefs = _changed(old.briefs, new.briefs) | (revised & new.briefs.keys())
    shown_actors = set(actors)
    showing_briefs: set[str] = set()
    for actor in actors:  # an organization's page lists its members
        shown_actors.update(old.actors[actor].affiliation_ids, new.actors[actor].affiliation_ids)
        if old.actors[actor].wikidata != new.actors[actor].wikidata:  # in briefs' JSON-LD
            showing_briefs.update(previous.index.briefs_of(actor))
    prose_only = {b for b in briefs if _prose_only(previous, new.briefs[b], history)}
    for brief in briefs - prose_only:
        shown_actors.update(previous.index.brief_actors(old.briefs[brief]))
        shown_actors.update(index.brief_actors(new.briefs[brief]))
        shown_actors.update(old.briefs[brief].authors, new.briefs[brief].authors)  # bylines
        shown_actors.update(previous.index.mentions_by_brief.get(brief, ()))
    return Selection(
        briefs=frozenset(
            briefs | showing_briefs | _related_pages(previous.index, index, briefs - prose_only)
        ),
        actors=frozenset(shown_actors),
        changed_briefs=frozenset(briefs),
        changed_actors=frozenset(actors),
        prose_only=frozenset(prose_only),
    )


PAGE_ONLY_FIELDS = {"summary", "body"}  # shown on the brief's own page alone


def _prose_only(previous: Rendered, brief: Brief, history: SiteHistory) -> bool:
    """Whether `brief` differs from the last build's only in fields its own page alone
    shows (its feeds and API document are made again by their own keys), and its history
    shows actor pages the same judgment moves. The prose mentions it makes (which actor
    pages list) are known only once its page is rendered: `mention_changes` has them."""
    old = previous.index.content.briefs[brief.id]
    fields = (name for name in type(brief).model_fields if name not in PAGE_ONLY_FIELDS)
    if any(getattr(old, name) != getattr(brief, name) for name in fields):
        return False
    was = previous.history.briefs.get(brief.id, ())
    now = history.briefs.get(brief.id, ())
    return [(r.day, r.moves, r.marked) for r in was] == [(r.day, r.moves, r.marked) for r in now]


def mention_changes(previous: Rendered, index: SiteIndex, selection: Selection) -> set[str]:
    """Actors whose pages show a changed brief differently now that it is rendered: every
    actor its prose mentions; after a prose-only edit, none unless its mentions changed,
    and then also its actors (their pages draw who appears with whom)."""
    actors: set[str] = set()
    for brief_id in selection.changed_briefs:
        now = set(index.mentions_by_brief.get(brief_id, ()))
        if brief_id in selection.prose_only:
            before = set(previous.index.mentions_by_brief.get(brief_id, ()))
            if now == before:
                continue
            now |= before | set(index.brief_actors(index.content.briefs[brief_id]))
        actors |= now
    return actors


def carry_over(previous: Rendered, index: SiteIndex, selection: Selection) -> None:
    """Give `index` what rendering found for the briefs it will not render again."""
    for brief_id, actors in previous.index.mentions_by_brief.items():
        if brief_id not in selection.briefs:
            index.record_mentions(brief_id, actors)
    for brief_id, related in previous.index.related_cache.items():
        if brief_id not in selection.briefs:
            index.related_cache[brief_id] = related


def kept_actors_index(
    previous: Rendered | None, index: SiteIndex, selection: Selection | None, path: str
) -> dict[str, str]:
    """The last actors index, at `path`, if it stays as it was: it lists the actors and
    draws who appears with whom (the briefs' actors and prose mentions), nothing else of
    the briefs. Its picture counts pairs over every brief: the slowest listing to make."""
    if previous is None or selection is None or selection.changed_actors:
        return {}
    before = previous.index
    for brief_id in selection.changed_briefs:
        old, new = before.content.briefs[brief_id], index.content.briefs[brief_id]
        if before.brief_actors(old) != index.brief_actors(new):
            return {}
        if before.mentions_by_brief.get(brief_id) != index.mentions_by_brief.get(brief_id):
            return {}
    kept = previous.listings.get(path)
    return {} if kept is None else {path: kept}


def kept_listings(previous: Rendered | None, selection: Selection | None) -> bool:
    """Whether the last build's paginated listing pages (briefs, timeline, sources,
    quotes, tags) all stay as they were: only summaries and bodies of briefs changed
    (`_prose_only`: the commonest save while writing), and no actor. Their memo keys,
    compared row by row, are then all equal; computing them was a fifth of such a save
    at 5,000 briefs."""
    if previous is None or selection is None or selection.changed_actors:
        return False
    return selection.changed_briefs <= selection.prose_only


def _neighbours(before: SiteIndex, after: SiteIndex, brief_id: str) -> set[str]:
    """Briefs whose related list may rank the brief: they share an actor or a tag with it.

    An actor or tag in more briefs than the cap ranks nothing (`SiteIndex.related`) before
    and after the edit, so its briefs are left out unless the edit moved it across the cap.
    """
    old, new = before.content.briefs[brief_id], after.content.briefs[brief_id]
    found: set[str] = set()
    actors = {*before.brief_actors(old), *after.brief_actors(new)}
    for actor in actors:
        was, now = before.involved.get(actor, {}), after.involved.get(actor, {})
        if min(len(was), len(now)) <= RELATED_FANOUT_CAP:
            found.update(was, now)
    for tag in {*old.tags, *new.tags}:
        was_tagged, now_tagged = before.by_tag.get(tag, []), after.by_tag.get(tag, [])
        if min(len(was_tagged), len(now_tagged)) <= RELATED_FANOUT_CAP:
            found.update(was_tagged, now_tagged)
    return found


def _ranked_alike(before: SiteIndex, after: SiteIndex, brief_id: str) -> bool:
    """The brief's edit left what related lists rank by (actors, tags, date, declared
    related briefs) as it was: no list changes, only those showing it need rendering."""
    old, new = before.content.briefs[brief_id], after.content.briefs[brief_id]
    return (old.tags, old.date, old.related) == (new.tags, new.date, new.related) and (
        before.brief_actors(old) == after.brief_actors(new)
    )


def _related_pages(before: SiteIndex, after: SiteIndex, changed: set[str]) -> set[str]:
    """Briefs whose "Related briefs" list shows a changed brief, or changes with it."""
    if all(_ranked_alike(before, after, brief_id) for brief_id in changed):
        return {b for b, shown in before.related_cache.items() if changed.intersection(shown)}
    candidates: set[str] = set()
    for brief_id in changed:
        candidates |= _neighbours(before, after, brief_id)
    candidates |= {b for b, brief in after.content.briefs.items() if set(brief.related) & changed}
    pages: set[str] = set()
    for brief_id in candidates:
        was = before.related(before.content.briefs[brief_id])
        now = after.related(after.content.briefs[brief_id])
        if was != now or changed & (set(was) | set(now)):
            pages.add(brief_id)
    return pages


@dataclass
class Made:
    """Feed and API documents a build made, by what they were made from, for the next build.

    Each is reused only if its inputs are the very same objects (briefs and actors come
    back from the load cache as the same objects while their files are unchanged) and the
    same lists of ids; `select` decides whether anything may be reused at all (actor names
    shown in them unchanged, same options).
    """

    feeds: dict[str, tuple[tuple[Any, ...], tuple[str, str]]] = field(default_factory=dict)
    summaries: dict[str, tuple[Brief, Any]] = field(default_factory=dict)
    events: dict[str, tuple[Brief, list[Any]]] = field(default_factory=dict)
    briefs: dict[str, tuple[tuple[Any, ...], Any]] = field(default_factory=dict)
    actors: dict[str, tuple[tuple[Any, ...], Any]] = field(default_factory=dict)
    texts: dict[str, tuple[Any, str]] = field(default_factory=dict)  # path: (document, JSON)
    lists: dict[str, tuple[tuple[Any, ...], str]] = field(default_factory=dict)  # likewise
    # A list document's entries, each as JSON by id(): (entry, JSON), by path.
    entries: dict[str, dict[int, tuple[Any, str]]] = field(default_factory=dict)


class ReusingApiWriter(ApiWriter):
    """`ApiWriter` that takes the documents of unchanged briefs and actors from `made`."""

    def __init__(self, index: SiteIndex, urls: Urls, made: Made) -> None:
        super().__init__(index, urls)
        self.made = made

    def summary(self, brief: Brief) -> BriefSummaryDoc:
        kept = self.made.summaries.get(brief.id)
        if kept is None or kept[0] is not brief:
            kept = (brief, super().summary(brief))
            self.made.summaries[brief.id] = kept
        return cast(BriefSummaryDoc, kept[1])

    def event(self, brief_id: str, number: int, ref: EventRef | None = None) -> EventDoc:
        brief = self.content.briefs[brief_id]
        if ref is not None and isinstance(brief.timeline[number - 1], SharedEvent):
            return super().event(brief_id, number, ref)  # it lists every brief including it
        kept = self.made.events.get(brief_id)
        if kept is None or kept[0] is not brief:
            kept = (brief, [super(ReusingApiWriter, self).event(brief_id, n)
                            for n in range(1, len(brief.timeline) + 1)])  # fmt: skip
            self.made.events[brief_id] = kept
        return cast(EventDoc, kept[1][number - 1])

    def brief(self, brief: Brief) -> BriefDoc:
        key = (brief, *self.index.related(brief))
        kept = self.made.briefs.get(brief.id)
        if kept is None or not _same(kept[0], key):
            kept = (key, super().brief(brief))
            self.made.briefs[brief.id] = kept
        return cast(BriefDoc, kept[1])

    def actor(self, actor: Actor) -> ActorDoc:
        members = self.index.members.get(actor.id, [])
        ties = [tie for _, tie in self.index.member_ties.get(actor.id, [])]
        listed = [*self.index.briefs_of(actor.id), None, *self.index.written.get(actor.id, [])]
        key = (actor, *members, None, *ties, None, *listed)  # brief links are ids and URLs
        kept = self.made.actors.get(actor.id)
        if kept is None or not _same(kept[0], key):
            kept = (key, super().actor(actor))
            self.made.actors[actor.id] = kept
        return cast(ActorDoc, kept[1])

    def text(self, path: str, doc: BaseModel) -> str:
        kept = self.made.texts.get(path)
        if kept is None or kept[0] is not doc:
            kept = (doc, super().text(path, doc))
            self.made.texts[path] = kept
        return kept[1]

    def list_text(self, path: str, docs: list[Any], make: Callable[[list[Any]], BaseModel]) -> str:
        kept = self.made.lists.get(path)
        if kept is None or not _same(kept[0], tuple(docs)):
            kept = (tuple(docs), self._joined(path, docs, make))
            self.made.lists[path] = kept
        return kept[1]

    def _joined(self, path: str, docs: list[Any], make: Callable[[list[Any]], BaseModel]) -> str:
        """`make(docs)`'s JSON from each entry's own, kept by entry: a save that changes one
        brief dumps its entries, not the thousands of others (the same bytes: a nested
        document is dumped as it is alone, `exclude_unset` applying to each)."""
        before = self.made.entries.get(path, {})
        entries: dict[int, tuple[Any, str]] = {}
        for doc in docs:
            kept = before.get(id(doc))
            if kept is None or kept[0] is not doc:
                kept = (doc, doc.model_dump_json(exclude_unset=True))
            entries[id(doc)] = kept
        self.made.entries[path] = entries
        texts = [entries[id(doc)][1] for doc in docs]
        empty = super().list_text("", [], make)  # e.g. '{"version":1,"events":[]}\n'
        cut = empty.rindex("[]") + 1
        return empty[:cut] + ",".join(texts) + empty[cut:]


class ReusingFeedWriter(FeedWriter):
    """`FeedWriter` that keeps a feed whose briefs are the same objects as last time."""

    def __init__(self, *args: Any, made: Made, pages: Mapping[str, str]) -> None:
        super().__init__(*args)
        self.made, self.pages = made, pages

    def documents(self) -> Iterator[tuple[str, str]]:
        for feed in self.feeds():
            atom_path, json_path = feed_paths(feed.prefix)
            key = (feed.title, feed.page, feed.full, *feed.briefs)
            if feed.full:  # the whole page, with what else it shows (revisions, related)
                key += tuple(self.pages[brief_path(brief.id)] for brief in feed.briefs)
            kept = self.made.feeds.get(feed.prefix)
            if kept is None or not _same(kept[0], key):
                kept = (key, (self.atom(feed, atom_path), self.json_feed(feed, json_path)))
                self.made.feeds[feed.prefix] = kept
            yield atom_path, kept[1][0]
            yield json_path, kept[1][1]


def _same(before: tuple[Any, ...], after: tuple[Any, ...]) -> bool:
    """The same objects (briefs, actors) and values (ids, titles), in the same order."""
    return len(before) == len(after) and all(
        b is a or (isinstance(a, str) and a == b) for b, a in zip(before, after, strict=True)
    )
