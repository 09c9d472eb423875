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

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .history import SiteHistory
from .index import RELATED_FANOUT_CAP, SiteIndex
from .model import Actor


@dataclass
class Rendered:
    """What a build leaves for the next one to render incrementally."""

    index: SiteIndex  # its content, the mentions found while rendering, every related list
    pages: dict[str, str]  # the entity pages' Markdown by path
    options: Any  # the build options (`site.Options`): other options render everything
    history: SiteHistory


@dataclass(frozen=True)
class Selection:
    """The entity pages to render; the others keep the Markdown of `Rendered.pages`."""

    briefs: frozenset[str]
    actors: frozenset[str]  # besides the actors the rendered briefs mention (known later)
    changed_briefs: frozenset[str]


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
    actors = _changed(old.actors, new.actors)
    if not all(_same_names(old.actors[a], new.actors[a]) for a in actors):
        return None
    briefs = _changed(old.briefs, new.briefs) | (revised & new.briefs.keys())
    shown_actors = set(actors)
    showing_briefs: set[str] = set()
    for actor in actors:  # an organization's page lists its members
        shown_actors.update(old.actors[actor].affiliations, new.actors[actor].affiliations)
        if old.actors[actor].wikidata != new.actors[actor].wikidata:  # in briefs' JSON-LD
            showing_briefs.update(previous.index.briefs_of(actor))
    for brief in briefs:
        shown_actors.update(previous.index.brief_actors(old.briefs[brief]))
        shown_actors.update(index.brief_actors(new.briefs[brief]))
        shown_actors.update(previous.index.mentions_by_brief.get(brief, ()))
    return Selection(
        briefs=frozenset(briefs | showing_briefs | _related_pages(previous.index, index, briefs)),
        actors=frozenset(shown_actors),
        changed_briefs=frozenset(briefs),
    )


def carry_over(previous: Rendered, index: SiteIndex, selection: Selection) -> None:
    """Give `index` what rendering found for the briefs it will not render again."""
    for brief_id, actors in previous.index.mentions_by_brief.items():
        if brief_id not in selection.briefs:
            index.record_mentions(brief_id, actors)
    for brief_id, related in previous.index.related_cache.items():
        if brief_id not in selection.briefs:
            index.related_cache[brief_id] = related


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


def _related_pages(before: SiteIndex, after: SiteIndex, changed: set[str]) -> set[str]:
    """Briefs whose "Related briefs" list shows a changed brief, or changes with it."""
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
