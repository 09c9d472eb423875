"""Make generator/visuals/data/world.json from the npm package world-atlas (ISC licence;
geometry from Natural Earth, public domain). Run once when updating the vendored data:

    npm pack world-atlas && tar xzf world-atlas-*.tgz
    pip install pycountry
    python tools/world_data.py package/ generator/visuals/data/world.json

The output keeps, per ISO 3166-1 alpha-2 code, the country's outline from countries-110m
(rings simplified to 0.1 degree and delta-encoded as tenths of a degree) and its centroid:
the area-weighted centroid of its largest polygon in countries-50m (which also has the small
countries 110m leaves out). The output is deterministic: sorted keys, no timestamps.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import pycountry  # type: ignore[import-not-found, unused-ignore]

Ring = list[tuple[float, float]]  # (lon, lat)
Polygon = list[Ring]  # outer ring first, then holes


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """TopoJSON quantized, delta-encoded arcs as absolute (lon, lat) points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_of(indexes: list[int], arcs: list[Ring]) -> Ring:
    """A ring from arc indexes (a negative index ~i is arc i reversed)."""
    ring: Ring = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(arc if not ring else arc[1:])
    return ring


def unwrap(ring: Ring) -> Ring:
    """A ring that crosses the antimeridian made continuous (no step wider than 180
    degrees), then shifted so that its mean longitude lies within -180..180."""
    out: Ring = []
    shift = 0.0
    for i, (lon, lat) in enumerate(ring):
        if i:
            step = lon + shift - out[-1][0]
            if step > 180:
                shift -= 360
            elif step < -180:
                shift += 360
        out.append((lon + shift, lat))
    mean = sum(lon for lon, _ in out) / len(out)
    offset = -360.0 * round(mean / 360)
    return [(lon + offset, lat) for lon, lat in out]


def polygons_of(geometry: dict[str, Any], arcs: list[Ring]) -> list[Polygon]:
    if geometry["type"] == "Polygon":
        return [[unwrap(ring_of(r, arcs)) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[unwrap(ring_of(r, arcs)) for r in poly] for poly in geometry["arcs"]]
    return []


def signed_area_and_centroid(ring: Ring) -> tuple[float, float, float]:
    """Shoelace area (lon-lat plane) and centroid (lon, lat) of a ring."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if abs(area) < 1e-12:
        return 0.0, ring[0][0], ring[0][1]
    return area, cx / (6 * area), cy / (6 * area)


def alpha2(feature: dict[str, Any]) -> str | None:
    fid = str(feature.get("id", ""))
    name = feature.get("properties", {}).get("name", "")
    if name == "Kosovo":
        return "XK"  # user-assigned, in common use; the model accepts it
    if fid.isdigit():
        country = pycountry.countries.get(numeric=fid.zfill(3))
        if country is not None:
            return str(country.alpha_2)
    return None


def features(path: Path) -> tuple[list[dict[str, Any]], list[Ring]]:
    topology = json.loads(path.read_text(encoding="utf-8"))
    return topology["objects"]["countries"]["geometries"], decode_arcs(topology)


def centroids(path: Path) -> dict[str, tuple[float, float]]:
    """(lat, lon) per country: the centroid of its largest polygon's outer ring."""
    geometries, arcs = features(path)
    out: dict[str, tuple[float, float]] = {}
    for feature in geometries:
        code = alpha2(feature)
        polys = polygons_of(feature, arcs)
        if code is None or not polys:
            continue
        best = max((signed_area_and_centroid(p[0]) for p in polys), key=lambda a: abs(a[0]))
        out[code] = (round(best[2], 2), round(best[1], 2))
    return out


def simplify(ring: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker (iterative), keeping the first and last point."""
    if len(ring) < 4:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = ring[a], ring[b]
        length = math.hypot(bx - ax, by - ay)
        worst, at = 0.0, -1
        for i in range(a + 1, b):
            px, py = ring[i]
            if length == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if d > worst:
                worst, at = d, i
        if worst > tolerance:
            keep[at] = True
            stack.extend([(a, at), (at, b)])
    return [p for p, k in zip(ring, keep, strict=True) if k]


def encode(ring: Ring) -> list[int]:
    """Tenths of a degree, the first point absolute and the rest as deltas; repeated
    points dropped."""
    out: list[int] = []
    px = py = 0
    last: tuple[int, int] | None = None
    for lon, lat in ring:
        q = (round(lon * 10), round(lat * 10))
        if q == last:
            continue
        out.extend((q[0] - px, q[1] - py))
        px, py = q
        last = q
    return out


def outlines(path: Path) -> dict[str, list[list[int]]]:
    geometries, arcs = features(path)
    out: dict[str, list[list[int]]] = {}
    for feature in geometries:
        code = alpha2(feature)
        if code is None:
            continue
        rings = out.setdefault(code, [])
        for poly in polygons_of(feature, arcs):
            outer = simplify(poly[0], 0.08)
            encoded = encode(outer)
            if len(encoded) >= 6:  # at least three points
                rings.append(encoded)
    return out


def main(package: Path, target: Path) -> None:
    shapes = outlines(package / "countries-110m.json")
    centres = centroids(package / "countries-50m.json")
    for code, rings in shapes.items():
        if code not in centres and rings:  # fall back to the 110m outline's first ring
            ring: Ring = []
            x = y = 0
            for i in range(0, len(rings[0]), 2):
                x, y = x + rings[0][i], y + rings[0][i + 1]
                ring.append((x / 10, y / 10))
            _, lon, lat = signed_area_and_centroid(ring)
            centres[code] = (round(lat, 2), round(lon, 2))
    data = {
        "about": "Country outlines (world-atlas countries-110m, simplified) and centroids "
        "(of each country's largest polygon in countries-50m). world-atlas: ISC licence, "
        "Copyright 2013-2019 Michael Bostock; geometry: Natural Earth, public domain. "
        "Made by tools/world_data.py.",
        "centroids": {k: list(v) for k, v in sorted(centres.items())},
        "outlines": dict(sorted(shapes.items())),
    }
    target.write_text(json.dumps(data, separators=(",", ":"), sort_keys=False) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
