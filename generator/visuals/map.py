"""The event map: located events as linked points on a world map drawn at build time.

Places come from an event's `location`: its coordinates, or else its country's centroid.
The map is zoomed to the places' extent with a margin (or shows the whole world), land is
one path of the vendored outlines clipped to the view and rounded to whole pixels (which
also simplifies it), and each place is a link to its first event, labelled where the label
fits. The page lists every place beside it (`places_html`), as for the other visuals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import geo, land, svg
from .diagram import LabelPlacer, circle_box, label_candidates
from .svg import (
    LABEL_SIZE,
    Box,
    TextLine,
    clean_text,
    coord,
    plural,
    svg_root,
    xml_escape,
)

MAP_WIDTH = 560  # viewBox units: within PRINT_WIDTH (svg.py)
MAX_MAP_PLACES = 80  # points drawn (the SVG stays under 60 KB); the list names every place
MARKER_R = 6.0
_LABEL_ROOM = 11 * LABEL_SIZE
_WORLD = (84.0, -58.0)  # latitudes shown on the world map: no empty polar bands
_ORIGIN_GRID = 40  # px
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
    """The whole world, or the points' extent with a margin, between 2:1 and 4:3 wide, at
    a shared scale (see land.py) so that its land is drawn from cached rings."""
    full = _world_box()
    world_scale = width / (full.x1 - full.x0)
    if world:
        return _View(full, world_scale, width, (full.y1 - full.y0) * world_scale)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    w = max(max(xs) - min(xs), _MIN_SPAN) * 1.5
    h = max(max(ys) - min(ys), _MIN_SPAN * 0.5) * 1.5
    w, h = max(w, h * 4 / 3), max(h, w / 2)
    scale = max(land.quantize_scale(width / min(w, full.x1 - full.x0)), world_scale)
    w, h = width / scale, min(h, full.y1 - full.y0)
    x0 = _grow(min(xs), max(xs), w, full.x0, full.x1)[0]
    y0 = _grow(min(ys), max(ys), h, full.y0, full.y1)[0]
    # The corner on a grid of the shared scale (cached rings then need only shifting, and
    # nearby views are the same view, drawn once): a shift of at most half a cell, well
    # inside the margin of a sixth of the width on each side.
    x0 = round(x0 * scale / _ORIGIN_GRID) * _ORIGIN_GRID / scale
    y0 = round(y0 * scale / _ORIGIN_GRID) * _ORIGIN_GRID / scale
    return _View(Box(x0, y0, x0 + w, y0 + h), scale, width, h * scale)


def _land(view: _View) -> str:
    origin = (round(view.extent.x0 * view.scale), round(view.extent.y0 * view.scale))
    return land.land_path(origin, view.scale, view.width, view.height)


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
        f'<path class="bf-map-land" d="{_land(view)}"/>',
        '<g class="bf-map-places">',
        *_markers(shown, pos, view),
        "</g>",
    ]
    ident = svg.svg_id("map", title, (f"{p.name}@{p.lat},{p.lon}" for p in shown))
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
