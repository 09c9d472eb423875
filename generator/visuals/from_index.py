"""The visuals' data from a `SiteIndex`: actor nodes, an actor's neighbours, the whole graph,
and the places of located events."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from ..index import EventRef, SiteIndex
from .diagram import Edge, Neighbour, Node
from .map import MapEvent, Place, group_places, map_svg, places_html
from .relations import MAX_NEIGHBOURS, rank_neighbours
from .svg import figure


def actor_node(index: SiteIndex, actor_id: str, href: Callable[[str], str]) -> Node:
    actor = index.content.actors[actor_id]
    return Node(actor_id, actor.name, href(actor_id), actor.kind)


def actor_neighbours(
    index: SiteIndex,
    actor_id: str,
    href: Callable[[str], str],
    *,
    limit: int = MAX_NEIGHBOURS,
) -> list[Neighbour]:
    """The actors `actor_id` shares most briefs with (`SiteIndex.companions`, weight =
    shared briefs) plus its affiliations both ways. Call after the briefs are rendered,
    so prose mentions count, as they do on the page."""
    actors = index.content.actors
    shared = dict(index.companions(actor_id, limit=limit))
    own = actors[actor_id].affiliation_ids if actor_id in actors else []
    affiliated = set(own) | set(index.members.get(actor_id, []))
    ids = sorted((set(shared) | affiliated) - {actor_id})
    return rank_neighbours(
        [
            Neighbour(actor_node(index, a, href), shared.get(a, 0), a in affiliated)
            for a in ids
            if a in actors
        ]
    )


def _count_pairs(counts: Counter[tuple[str, str]], ids: list[str]) -> None:
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            counts[(a, b)] += 1


def site_graph(index: SiteIndex, href: Callable[[str], str]) -> tuple[list[Node], list[Edge]]:
    """Every actor and every pair that shares a brief or an event (weight = shared briefs
    plus shared events, so that the actors of one brief are not all alike) or an
    affiliation, for `site_relation_svg`. Costs the sum over briefs and events of actors
    squared."""
    actors = index.content.actors
    counts: Counter[tuple[str, str]] = Counter()
    for brief_id, brief in sorted(index.content.briefs.items()):
        present = set(index.brief_actors(brief)) | index.mentions_by_brief.get(brief_id, set())
        _count_pairs(counts, sorted(present & actors.keys()))
        for event in brief.timeline:
            _count_pairs(counts, sorted(set(event.actors) & actors.keys()))
    affiliations = {
        (min(a, org), max(a, org))
        for a, actor in actors.items()
        for org in actor.affiliation_ids
        if org in actors and org != a
    }
    pairs = sorted(set(counts) | affiliations)
    edges = [(a, b, counts.get((a, b), 0), (a, b) in affiliations) for a, b in pairs]
    nodes = [actor_node(index, a, href) for a in sorted(actors)]
    return nodes, edges


def event_places(events: Iterable[EventRef], href: Callable[[EventRef], str]) -> list[Place]:
    """The places of the events that have a location, for `map_svg` and `places_html`."""
    located = []
    for ref in events:
        loc = ref.event.location
        if loc is None:
            continue
        when = ref.event.date_label or ref.event.date.label
        event = MapEvent(ref.event.title, when, href(ref))
        located.append((loc.name, loc.country, loc.coordinates, event))
    return group_places(located)


def map_figure(
    events: Iterable[EventRef], href: Callable[[EventRef], str], *, title: str, world: bool = False
) -> str:
    """The event map of `events` with the list of places beside it, as a page's raw-HTML
    block; "" when none of them has a location. `href` links an event from the page."""
    places = event_places(events, href)
    return figure(map_svg(places, title=title, world=world), beside=places_html(places))
