"""The world's outlines and country centroids (vendored, see data/LICENSE), the Equal Earth
projection, and polygon clipping: what the event map is drawn from.

`data/world.json` comes from world-atlas (ISC; Natural Earth, public domain) through
tools/world_data.py: per ISO 3166-1 alpha-2 code, rings as tenths of a degree, delta-encoded,
and the centroid of the country's largest polygon. It is read once per process.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from .svg import Box

Point = tuple[float, float]

# Equal Earth (Šavrič, Patterson and Jenny, 2018): coefficients of the published formulas.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def project(lat: float, lon: float) -> Point:
    """Equal Earth projection of a WGS84 point, in units of the Earth's radius; y grows
    southwards, as in SVG."""
    theta = math.asin(_M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (
        math.radians(lon)
        * math.cos(theta)
        / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    )
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, -y


@dataclass(frozen=True)
class Country:
    rings: tuple[tuple[Point, ...], ...]  # projected
    bounds: Box  # of the projected rings


@functools.cache
def _world() -> dict[str, object]:
    text = resources.files(__package__).joinpath("data/world.json").read_text(encoding="utf-8")
    data: dict[str, object] = json.loads(text)
    return data


def _decode(encoded: list[int]) -> tuple[Point, ...]:
    points = []
    lon = lat = 0
    for i in range(0, len(encoded) - 1, 2):
        lon, lat = lon + encoded[i], lat + encoded[i + 1]
        points.append(project(lat / 10, lon / 10))
    return tuple(points)


@functools.cache
def countries() -> dict[str, Country]:
    """Every country's projected outline, by alpha-2 code (computed once per process)."""
    outlines = _world()["outlines"]
    assert isinstance(outlines, dict)
    out: dict[str, Country] = {}
    for code, rings in sorted(outlines.items()):
        projected = tuple(_decode(ring) for ring in rings)
        xs = [x for ring in projected for x, _ in ring]
        ys = [y for ring in projected for _, y in ring]
        if xs:
            out[code] = Country(projected, Box(min(xs), min(ys), max(xs), max(ys)))
    return out


@functools.lru_cache(maxsize=16)
def countries_at(level: int) -> dict[str, Country]:
    """The outlines snapped to a grid of 2**-level Earth radii, repeated points dropped:
    a map drawn at 2**level pixels per unit or more loses nothing visible and has far fewer
    points to project and clip (computed once per level and process)."""
    grid = 2.0**-level
    out: dict[str, Country] = {}
    for code, country in countries().items():
        rings = []
        for ring in country.rings:
            snapped: list[Point] = []
            for x, y in ring:
                p = (round(x / grid) * grid, round(y / grid) * grid)
                if not snapped or p != snapped[-1]:
                    snapped.append(p)
            if len(snapped) >= 3:
                rings.append(tuple(snapped))
        out[code] = Country(tuple(rings), country.bounds)
    return out


def centroid(country: str) -> tuple[float, float] | None:
    """(lat, lon) of the country's centroid, or None for a code the data does not have."""
    table = _world()["centroids"]
    assert isinstance(table, dict)
    value = table.get(country)
    return (float(value[0]), float(value[1])) if value else None


def _clip_edge(
    points: list[Point], inside: Callable[[Point], bool], cut: Callable[[Point, Point], Point]
) -> list[Point]:
    """One Sutherland-Hodgman step: keep the part of a closed ring on the inside of an edge."""
    out: list[Point] = []
    if not points:
        return out
    prev = points[-1]
    for cur in points:
        if inside(cur):
            if not inside(prev):
                out.append(cut(prev, cur))
            out.append(cur)
        elif inside(prev):
            out.append(cut(prev, cur))
        prev = cur
    return out


def _at_x(x: float) -> Callable[[Point, Point], Point]:
    return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))


def _at_y(y: float) -> Callable[[Point, Point], Point]:
    return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)


def _outcode(p: Point, box: Box) -> int:
    return (p[0] < box.x0) | (p[0] > box.x1) << 1 | (p[1] < box.y0) << 2 | (p[1] > box.y1) << 3


def _drop_far_points(ring: list[Point], box: Box) -> list[Point]:
    """The ring without the points whose neighbours lie beyond the same side of `box` as
    they do: a detour beyond one side never reaches the box, so clipping gives the same
    shape, and a country far bigger than the view keeps few points to clip."""
    codes = [_outcode(p, box) for p in ring]
    kept: list[Point] = []
    last = codes[-1]
    for i, p in enumerate(ring):
        after = codes[(i + 1) % len(ring)]
        if last & codes[i] & after:
            continue
        kept.append(p)
        last = codes[i]
    return kept


def clip(ring: list[Point], box: Box) -> list[Point]:
    """The part of a closed ring inside `box` (its cut edges run along the box's sides)."""
    ring = _drop_far_points(ring, box)
    ring = _clip_edge(ring, lambda p: p[0] >= box.x0, _at_x(box.x0))
    ring = _clip_edge(ring, lambda p: p[0] <= box.x1, _at_x(box.x1))
    ring = _clip_edge(ring, lambda p: p[1] >= box.y0, _at_y(box.y0))
    return _clip_edge(ring, lambda p: p[1] <= box.y1, _at_y(box.y1))
