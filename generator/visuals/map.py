"""The event map: located events as linked points on a world map drawn at build time.

Places come from an event's `location`: its coordinates, or else its country's centroid.
The map is zoomed to the places' extent with a margin (or shows the whole world), land is
one path of the vendored outlines clipped to the view and rounded to whole pixels (which
also simplifies it), and each place is a link to its first event, labelled where the label
fits. The page lists every place beside it (`places_html`), as for the other visuals.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import geo
from .diagram import LabelPlacer, circle_box, label_candidates
from .svg import (
    LABEL_SIZE,
    Box,
    TextLine,
    clean_text,
    coord,
    plural,
    svg_id,
    svg_root,
    xml_escape,
)

MAP_WIDTH = 560  # viewBox units: within PRINT_WIDTH (svg.py)
MAX_MAP_PLACES = 80  # points drawn (the SVG stays under 60 KB); the list names every place
MARKER_R = 6.0
_LABEL_ROOM = 11 * LABEL_SIZE
_WORLD = (84.0, -58.0)  # latitudes shown on the world map: no empty polar bands
_MIN_SPAN = 0.4  # the narrowest zoomed view, in Earth radii (about 23 degrees)


@dataclass(frozen=True)
class MapEvent:
    label: str
    when: str
    href: str


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    lat: float
    lon: float
    events: tuple[MapEvent, ...]


def locate(
    country: str | None, coordinates: tuple[float, float] | None
) -> tuple[float, float] | None:
    """Where to draw a location: its coordinates, else its country's centroid, else None."""
    if coordinates is not None:
        return coordinates
    return geo.centroid(country) if country else None


def group_places(
    located: Iterable[tuple[str, str | None, tuple[float, float] | None, MapEvent]],
) -> list[Place]:
    """(name, country, coordinates, event) tuples as places: one per name and point, with
    their events in the order given; places with most events first, then by name."""
    groups: dict[tuple[str, str, float, float], list[MapEvent]] = {}
    for name, country, coordinates, event in located:
        point = locate(country, coordinates)
        if point is None:
            continue
        key = (clean_text(name), country or "", round(point[0], 4), round(point[1], 4))
        groups.setdefault(key, []).append(event)
    places = [Place(n, c or None, lat, lon, tuple(evs)) for (n, c, lat, lon), evs in groups.items()]
    return sorted(
        places, key=lambda p: (-len(p.events), p.name.casefold(), p.country or "", p.lat, p.lon)
    )


@dataclass(frozen=True)
class _View:
    extent: Box  # projected units
    scale: float  # px per unit
    width: float
    height: float

    def px(self, point: geo.Point) -> geo.Point:
        return (point[0] - self.extent.x0) * self.scale, (point[1] - self.extent.y0) * self.scale


def _world_box() -> Box:
    x1, _ = geo.project(0, 180)
    _, y0 = geo.project(_WORLD[0], 0)
    _, y1 = geo.project(_WORLD[1], 0)
    return Box(-x1, y0, x1, y1)


def _grow(
    lo: float, hi: float, span: float, limit_lo: float, limit_hi: float
) -> tuple[float, float]:
    """The interval lo..hi widened about its middle to `span`, shifted to stay in the limits."""
    mid = (lo + hi) / 2
    lo, hi = mid - span / 2, mid + span / 2
    if lo < limit_lo:
        lo, hi = limit_lo, limit_lo + span
    if hi > limit_hi:
        lo, hi = limit_hi - span, limit_hi
    return lo, hi


def _view(points: list[geo.Point], world: bool, width: float) -> _View:
    """The whole world, or the points' extent with a margin, between 2:1 and 4:3 wide."""
    full = _world_box()
    if world:
        box = full
    else:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        w = max(max(xs) - min(xs), _MIN_SPAN) * 1.5
        h = max(max(ys) - min(ys), _MIN_SPAN * 0.5) * 1.5
        w, h = max(w, h * 4 / 3), max(h, w / 2)
        w, h = min(w, full.x1 - full.x0), min(h, full.y1 - full.y0)
        x0, x1 = _grow(min(xs), max(xs), w, full.x0, full.x1)
        y0, y1 = _grow(min(ys), max(ys), h, full.y0, full.y1)
        box = Box(x0, y0, x1, y1)
    scale = width / (box.x1 - box.x0)
    return _View(box, scale, width, (box.y1 - box.y0) * scale)


def _ring_path(ring: list[geo.Point]) -> str:
    """A closed ring in whole pixels: absolute start, relative steps; repeated points and
    rings under 2 px across dropped, points within 0.75 px of the line through their
    neighbours merged (a 0.75 px Douglas-Peucker would do better at many times the cost)."""
    points: list[tuple[int, int]] = []
    for x, y in ring:
        q = (round(x), round(y))
        if points and q == points[-1]:
            continue
        if len(points) >= 2 and _near_line(points[-2], points[-1], q):
            points[-1] = q
        else:
            points.append(q)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    if len(points) < 3 or (max(xs) - min(xs) < 2 and max(ys) - min(ys) < 2):
        return ""
    steps = "".join(f"l{b[0] - a[0]} {b[1] - a[1]}" for a, b in itertools.pairwise(points))
    return f"M{points[0][0]} {points[0][1]}{steps}z"


def _near_line(a: tuple[int, int], b: tuple[int, int], c: tuple[int, int]) -> bool:
    """Whether b lies within 0.75 px of the segment from a to c."""
    dx, dy = c[0] - a[0], c[1] - a[1]
    length_sq = dx * dx + dy * dy
    if length_sq == 0:
        return False
    cross = dx * (b[1] - a[1]) - dy * (b[0] - a[0])
    dot = dx * (b[0] - a[0]) + dy * (b[1] - a[1])
    return 0 <= dot <= length_sq and cross * cross <= 0.5625 * length_sq


def _land_path(view: _View) -> str:
    margin = 2 / view.scale
    e = view.extent
    clip_box = Box(e.x0 - margin, e.y0 - margin, e.x1 + margin, e.y1 + margin)
    parts = []
    for country in geo.countries().values():
        if not country.bounds.overlaps(clip_box):
            continue
        for ring in country.rings:
            clipped = geo.clip(list(ring), clip_box)
            if len(clipped) >= 3:
                parts.append(_ring_path([view.px(p) for p in clipped]))
    return "".join(parts)


def _place_tip(place: Place) -> str:
    first = place.events[0]
    text = f"{clean_text(place.name)}: {clean_text(first.when)}: {clean_text(first.label)}"
    if len(place.events) > 1:
        text += f" (and {plural(len(place.events) - 1, 'more event', 'more events')})"
    return text


def _markers(shown: list[Place], pos: list[geo.Point], view: _View) -> list[str]:
    bounds = Box(0, 0, view.width, view.height)
    circles = [circle_box(x, y, MARKER_R) for x, y in pos]
    placer = LabelPlacer(bounds, list(circles))
    out = []
    for place, (x, y) in zip(shown, pos, strict=True):
        labels: list[TextLine] = placer.place(
            label_candidates(place.name, x, y, MARKER_R, None, bounds, LABEL_SIZE, _LABEL_ROOM)
        )
        out.append(
            f'<a href="{xml_escape(place.events[0].href)}" class="bf-map-place">'
            f"<title>{xml_escape(_place_tip(place))}</title>"
            f'<circle class="bf-map-dot" cx="{coord(x)}" cy="{coord(y)}" r="{coord(MARKER_R)}"/>'
            + "".join(line.svg("bf-vis-halo") for line in labels)
            + "</a>"
        )
    return out


def _map_desc(places: Sequence[Place], shown: int) -> str:
    events = sum(len(p.events) for p in places)
    desc = f"{plural(len(places), 'place', 'places')} of {plural(events, 'event', 'events')}"
    if shown < len(places):
        desc += f"; the {shown} with most events are drawn"
    return desc + ". The list beside the map names every place and links its events."


def map_svg(
    places: Sequence[Place], *, title: str, world: bool = False, width: int = MAP_WIDTH
) -> str:
    """Places on an Equal Earth map, one linked point each; zoomed to their extent with a
    margin, or the whole world when `world`. Returns "" when there are no places."""
    if not places:
        return ""
    shown = list(places[:MAX_MAP_PLACES])
    projected = [geo.project(p.lat, p.lon) for p in shown]
    view = _view(projected, world, max(width, 240))
    pos = [view.px(p) for p in projected]
    body = [
        f'<rect class="bf-map-sea" x="0" y="0" width="{coord(view.width)}" '
        f'height="{coord(view.height)}"/>',
        f'<path class="bf-map-land" d="{_land_path(view)}"/>',
        '<g class="bf-map-places">',
        *_markers(shown, pos, view),
        "</g>",
    ]
    ident = svg_id("map", title, (f"{p.name}@{p.lat},{p.lon}" for p in shown))
    return svg_root(
        "map", ident, Box(0, 0, view.width, view.height), title, _map_desc(places, len(shown)), body
    )


def places_html(places: Sequence[Place], *, per_place: int = 3) -> str:
    """The text list beside the map: each place, its country and links to its events (the
    first `per_place`, then how many more)."""
    if not places:
        return ""
    items = []
    for place in places:
        name = xml_escape(clean_text(place.name))
        country = f" ({xml_escape(place.country)})" if place.country else ""
        links = [
            f'<a href="{xml_escape(e.href)}">{xml_escape(clean_text(e.label))}</a>'
            for e in place.events[:per_place]
        ]
        more = len(place.events) - per_place
        if more > 0:
            links.append(f"and {plural(more, 'more event', 'more events')}")
        items.append(f"<li><strong>{name}</strong>{country}: {'; '.join(links)}</li>")
    return '<ul class="bf-map-list">\n' + "\n".join(items) + "\n</ul>\n"
