"""The site index: every relation between briefs, actors, events and sources, built once.

Pages read from this index instead of searching the content, so rendering a page costs
time in proportion to what the page shows, never to the size of the whole site.
"""

from __future__ import annotations

import functools
import heapq
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from .model import Affiliation, Brief, Content, Event, Quote, SharedEvent, Source, newest_first
from .registry import RegistryIndex, build_registry_index

# An actor or tag found in more briefs than this says little about relatedness (every
# brief mentions "Russia"), and walking its brief list for each brief would cost N².
RELATED_FANOUT_CAP = 200
RELATED_LIMIT = 5


@dataclass(frozen=True)
class EventRef:
    brief: str
    number: int  # 1-based position in the brief, the anchor `event-<number>`
    event: Event
    # A shared event is listed once: every (brief, number) that includes it, `brief`'s first.
    shared_in: tuple[tuple[str, int], ...] = ()

    @property
    def places(self) -> tuple[tuple[str, int], ...]:
        """Each brief the event appears in, with its number there."""
        return self.shared_in or ((self.brief, self.number),)


@dataclass(frozen=True)
class QuoteRef:
    brief: str
    number: int
    quote: Quote


@dataclass
class CitedSource:
    """One source across the site, keyed by URL, with each (brief, source id) citing it:
    briefs may give the same document different ids."""

    source: Source
    citations: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class SiteIndex:
    content: Content
    newest_first: list[str]
    involved: dict[str, dict[str, str | None]]  # actor -> brief -> role
    mentioned: dict[str, set[str]]  # actor -> briefs mentioning it in prose
    events: list[EventRef]
    events_by_actor: dict[str, list[EventRef]]
    quotes_by_actor: dict[str, list[QuoteRef]]
    members: dict[str, list[str]]  # organization -> actors affiliated with it
    by_tag: dict[str, list[str]]
    sources: list[CitedSource]
    # organization -> (member, the member's affiliation with it), as `members`
    member_ties: dict[str, list[tuple[str, Affiliation]]] = field(default_factory=dict)
    written: dict[str, list[str]] = field(default_factory=dict)  # author -> briefs, newest first
    mentions_by_brief: dict[str, set[str]] = field(default_factory=dict)
    registry: RegistryIndex = field(default_factory=RegistryIndex)
    related_cache: dict[str, list[str]] = field(default_factory=dict)

    def brief_actors(self, brief: Brief) -> list[str]:
        """Actors a brief involves: its actors list, event participants and speakers."""
        seen: dict[str, None] = {}
        for ref in brief.actors:
            seen[ref.actor] = None
        for event in brief.timeline:
            seen.update(dict.fromkeys(event.actors))
        for quote in brief.quotes:
            seen[quote.by] = None
        return list(seen)

    def record_mentions(self, brief_id: str, actors: set[str]) -> None:
        """Note the actors a rendered brief links in its prose (known only after rendering)."""
        self.mentions_by_brief[brief_id] = set(actors)
        for actor in actors:
            self.mentioned[actor].add(brief_id)

    def briefs_of(self, actor: str) -> list[str]:
        """Every brief that involves or mentions the actor, newest first."""
        ids = set(self.involved.get(actor, {})) | self.mentioned.get(actor, set())
        return sorted(ids, key=self.newest_rank.__getitem__)

    @functools.cached_property
    def newest_rank(self) -> dict[str, int]:
        """Each brief's place in `newest_first`: the site's brief order as one number."""
        return {brief_id: rank for rank, brief_id in enumerate(self.newest_first)}

    def related(self, brief: Brief) -> list[str]:
        """Declared related briefs, then those sharing the most actors and tags."""
        if brief.id not in self.related_cache:
            self.related_cache[brief.id] = self._related(brief)
        return self.related_cache[brief.id]

    def _related(self, brief: Brief) -> list[str]:
        scores: Counter[str] = Counter()
        for actor in self.brief_actors(brief):
            others = self.involved.get(actor, {})
            if len(others) <= RELATED_FANOUT_CAP:
                scores.update(others.keys())
        for tag in brief.tags:
            others_list = self.by_tag.get(tag, [])
            if len(others_list) <= RELATED_FANOUT_CAP:
                scores.update(others_list)
        scores.pop(brief.id, None)
        declared = [r for r in brief.related if r in self.content.briefs]
        ranked = heapq.nsmallest(
            RELATED_LIMIT,
            (b for b in scores if b not in declared),
            key=lambda b: (-scores[b], self.newest_rank[b]),
        )
        return declared + ranked[: max(0, RELATED_LIMIT - len(declared))]

    def companions(self, actor: str, limit: int = 8) -> list[tuple[str, int]]:
        """The actors this one most often appears with, by number of shared briefs."""
        counts: Counter[str] = Counter()
        for brief_id in self.briefs_of(actor):
            brief = self.content.briefs[brief_id]
            others = set(self.brief_actors(brief)) | self.mentions_by_brief.get(brief_id, set())
            counts.update(others - {actor})
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def build_index(content: Content) -> SiteIndex:
    """Index the content in one pass over every brief."""
    involved: dict[str, dict[str, str | None]] = defaultdict(dict)
    events: list[EventRef] = []
    events_by_actor: dict[str, list[EventRef]] = defaultdict(list)
    quotes_by_actor: dict[str, list[QuoteRef]] = defaultdict(list)
    by_tag: dict[str, list[str]] = defaultdict(list)
    sources: dict[str, CitedSource] = {}
    shared: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for brief_id, brief in content.briefs.items():
        for ref in brief.actors:
            involved[ref.actor][brief_id] = ref.role
        for n, event in enumerate(brief.timeline, 1):
            for actor in event.actors:
                involved[actor].setdefault(brief_id, None)
            if isinstance(event, SharedEvent):
                shared[event.id].append((brief_id, n))
            else:
                events.append(EventRef(brief_id, n, event))
        for n, quote in enumerate(brief.quotes, 1):
            quotes_by_actor[quote.by].append(QuoteRef(brief_id, n, quote))
            involved[quote.by].setdefault(brief_id, None)
        for tag in brief.tags:
            by_tag[tag].append(brief_id)
        for source in brief.sources:
            cited = sources.setdefault(source.url, CitedSource(source))
            cited.citations.append((brief_id, source.id))
    events.extend(shared_event_refs(content, shared))
    registry = build_registry_index(content)
    sources.update(registry_cited_sources(content, registry))
    members, member_ties = _members(content)

    def event_key(e: EventRef) -> tuple[tuple[int, int, int], str, int]:
        return (e.event.date.sort_key(), e.brief, e.number)

    events.sort(key=event_key)  # a total order: each actor's events taken from it are sorted
    for eref in events:
        for actor in eref.event.actors:
            events_by_actor[actor].append(eref)
    newest = sorted(content.briefs, key=lambda b: newest_first(content.briefs[b]))
    return SiteIndex(
        content=content,
        newest_first=newest,
        involved=involved,
        mentioned=defaultdict(set),
        events=events,
        events_by_actor=events_by_actor,
        quotes_by_actor=quotes_by_actor,
        members=members,
        by_tag=by_tag,
        sources=sorted(sources.values(), key=_source_order(content)),
        registry=registry,
        member_ties=member_ties,
        written=_written(content, newest),
    )


def _written(content: Content, newest: list[str]) -> dict[str, list[str]]:
    """Each author's briefs, newest first."""
    written: dict[str, list[str]] = defaultdict(list)
    for brief_id in newest:
        for author in content.briefs[brief_id].authors:
            written[author].append(brief_id)
    return written


def _members(
    content: Content,
) -> tuple[dict[str, list[str]], dict[str, list[tuple[str, Affiliation]]]]:
    """Each organization's members, by id and with the tie (role, years) each declares."""
    members: dict[str, list[str]] = defaultdict(list)
    member_ties: dict[str, list[tuple[str, Affiliation]]] = defaultdict(list)
    for actor_id, profile in sorted(content.actors.items()):
        for tie in profile.affiliations:
            members[tie.actor].append(actor_id)
            member_ties[tie.actor].append((actor_id, tie))
    return members, member_ties


def shared_event_refs(content: Content, shared: dict[str, list[tuple[str, int]]]) -> list[EventRef]:
    """One EventRef per shared event, however many briefs list it (`shared`: id -> the
    (brief, number) places that list it, in brief order)."""
    return [
        EventRef(*places[0], content.events[event_id], tuple(places))
        for event_id, places in shared.items()
    ]


def registry_cited_sources(content: Content, registry: RegistryIndex) -> dict[str, CitedSource]:
    """The registry sources some brief cites, as the Sources index lists them: with
    (brief, source id) for each citing brief."""
    return {
        f"registry:{source_id}": CitedSource(
            source, [(b, source_id) for b in registry.citing_briefs(source_id)]
        )
        for source_id, source in content.sources.items()
        if source_id in registry.uses
    }


def source_group(content: Content, source: Source) -> str:
    """The group a source is listed under on the Sources index: its outlet actor's name
    where a registry source has one, else its publisher."""
    outlet = getattr(source, "outlet", None)
    return content.actors[outlet].name if outlet in content.actors else source.publisher


def _source_order(content: Content) -> Callable[[CitedSource], tuple[str, str]]:
    """The Sources index order: by group (`source_group`), then by title."""

    def key(cited: CitedSource) -> tuple[str, str]:
        return (source_group(content, cited.source), cited.source.title)

    return key
