"""The map's land: the vendored outlines as one SVG path in whole pixels, for a view.

For each scale a map uses, every ring is projected, rounded to whole pixels and simplified
once (`pixel_rings`, cached); a map then only shifts the rings inside its view (a relative
path needs only a new first point) and clips the few that cross its edges. Scales are
quantized (`quantize_scale`) so that maps share them.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass

from . import geo
from .svg import Box

Pixel = tuple[int, int]
_STEPS_PER_OCTAVE = 4  # scales 19% apart: a map is zoomed out by at most that


def quantize_scale(scale: float) -> float:
    """The largest shared scale not above `scale`."""
    return float(2 ** (math.floor(math.log2(scale) * _STEPS_PER_OCTAVE) / _STEPS_PER_OCTAVE))


def _near_line(a: Pixel, b: Pixel, c: Pixel) -> bool:
    """Whether b lies within 0.75 px of the segment from a to c."""
    dx, dy = c[0] - a[0], c[1] - a[1]
    length_sq = dx * dx + dy * dy
    if length_sq == 0:
        return False
    cross = dx * (b[1] - a[1]) - dy * (b[0] - a[0])
    dot = dx * (b[0] - a[0]) + dy * (b[1] - a[1])
    return 0 <= dot <= length_sq and cross * cross <= 0.5625 * length_sq


def simplify(ring: list[geo.Point]) -> list[Pixel]:
    """A closed ring in whole pixels, repeated points dropped and points within 0.75 px of
    the line through their neighbours merged (a 0.75 px Douglas-Peucker would do a little
    better at many times the cost); empty when under 3 points or 2 px across."""
    points: list[Pixel] = []
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
        return []
    return points


def _steps(points: list[Pixel]) -> str:
    return "".join(f"l{b[0] - a[0]} {b[1] - a[1]}" for a, b in itertools.pairwise(points))


@dataclass(frozen=True)
class PixelRing:
    points: list[Pixel]  # at the scale, from the projection's origin
    bounds: Box
    steps: str  # the relative path after the first point


@functools.lru_cache(maxsize=32)
def pixel_rings(scale: float) -> list[PixelRing]:
    """Every ring at `scale` pixels per Earth radius, simplified (once per scale)."""
    level = max(0, min(12, math.floor(math.log2(scale))))  # snapping grid under 1 px
    out = []
    for country in geo.countries_at(level).values():
        for ring in country.rings:
            points = simplify([(x * scale, y * scale) for x, y in ring])
            if points:
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                box = Box(min(xs), min(ys), max(xs), max(ys))
                out.append(PixelRing(points, box, _steps(points)))
    return out


@functools.lru_cache(maxsize=512)  # briefs about one region share views (at most ~15 MB)
def land_path(origin: Pixel, scale: float, width: float, height: float) -> str:
    """The land in the view whose top left corner is `origin` (pixels at `scale`), as
    path data relative to that corner, clipped 2 px beyond the view's edges."""
    ox, oy = origin
    clip_box = Box(ox - 2, oy - 2, ox + width + 2, oy + height + 2)
    parts = []
    for ring in pixel_rings(scale):
        if not ring.bounds.overlaps(clip_box):
            continue
        if ring.bounds.inside(clip_box):
            x, y = ring.points[0]
            parts.append(f"M{x - ox} {y - oy}{ring.steps}z")
            continue
        clipped = geo.clip([(float(x), float(y)) for x, y in ring.points], clip_box)
        points = simplify([(x - ox, y - oy) for x, y in clipped]) if len(clipped) >= 3 else []
        if points:
            parts.append(f"M{points[0][0]} {points[0][1]}{_steps(points)}z")
    return "".join(parts)
