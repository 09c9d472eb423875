"""Relationship diagrams: one actor among those it appears with most, or every actor's links."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..prose import escape as md_escape
from .svg import (
    ASCENT,
    DESCENT,
    LABEL_SIZE,
    LINE_HEIGHT,
    TICK_SIZE,
    Anchor,
    Box,
    _clean,
    _ident,
    _Line,
    _md_href,
    _n,
    _plural,
    _svg,
    text_width,
    wrap_text,
    xml_escape,
)

MAX_NEIGHBOURS = 12
MAX_SITE_NODES = 40


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    href: str
    kind: str


@dataclass(frozen=True)
class Neighbour:
    node: Node
    weight: int  # shared briefs (or events); 0 for an affiliation alone
    affiliated: bool


Edge = tuple[str, str, int, bool]  # (actor, actor, weight, affiliated)


_REL_GAP = 5.0


@dataclass
class _Placer:
    """Places labels one by one so that none overlaps another or any obstacle."""

    bounds: Box
    obstacles: list[Box]
    pad: float = 2.0

    def fits(self, lines: list[_Line]) -> bool:
        return all(
            line.box.inside(self.bounds)
            and not any(line.box.overlaps(o, self.pad) for o in self.obstacles)
            for line in lines
        )

    def place(self, candidates: Iterable[list[_Line]]) -> list[_Line]:
        for lines in candidates:
            if lines and self.fits(lines):
                self.obstacles.extend(line.box for line in lines)
                return lines
        return []


def _circle_box(x: float, y: float, r: float) -> Box:
    return Box(x - r, y - r, x + r, y + r)


def _label_block(
    lines: list[str], side: str, x: float, y: float, r: float, size: float
) -> list[_Line]:
    """Lines of a node label on one side of a circle of radius r at (x, y)."""
    lh = LINE_HEIGHT * size
    n = len(lines)
    if side in ("right", "left"):
        first = y - n * lh / 2 + ASCENT * size
        lx = x + r + _REL_GAP if side == "right" else x - r - _REL_GAP
        anchor: Anchor = "start" if side == "right" else "end"
        return [_Line(lx, first + i * lh, t, size, anchor) for i, t in enumerate(lines)]
    if side == "above":
        last = y - r - _REL_GAP - DESCENT * size
        return [_Line(x, last - (n - 1 - i) * lh, t, size, "middle") for i, t in enumerate(lines)]
    first = y + r + _REL_GAP + ASCENT * size
    return [_Line(x, first + i * lh, t, size, "middle") for i, t in enumerate(lines)]


def _label_candidates(
    name: str,
    x: float,
    y: float,
    r: float,
    angle: float | None,
    bounds: Box,
    size: float,
    max_label: float,
) -> Iterator[list[_Line]]:
    """Label positions for a node, outward from the centre first, then shorter cuts."""
    c, s = (math.cos(angle), math.sin(angle)) if angle is not None else (1.0, 0.0)
    horizontal = ["right", "left"] if c >= 0 else ["left", "right"]
    vertical = ["above", "below"] if s < 0 else ["below", "above"]
    sides = horizontal + vertical if abs(c) >= 0.2 else vertical + horizontal
    for fraction in (1.0, 0.75, 0.5, 0.3):
        for side in sides:
            if side == "right":
                room = bounds.x1 - (x + r + _REL_GAP)
            elif side == "left":
                room = (x - r - _REL_GAP) - bounds.x0
            else:
                room = 2 * min(x - bounds.x0, bounds.x1 - x)
            room = min(room, max_label) * fraction
            if room < 2 * size:
                continue
            yield _label_block(wrap_text(name, size, room), side, x, y, r, size)


def _ranked(neighbours: Sequence[Neighbour]) -> list[Neighbour]:
    """Heaviest first, affiliations before plain ties, then by name: one per actor."""
    best: dict[str, Neighbour] = {}
    for nb in neighbours:
        seen = best.get(nb.node.id)
        if seen is None:
            best[nb.node.id] = nb
        else:
            best[nb.node.id] = Neighbour(
                seen.node, max(seen.weight, nb.weight), seen.affiliated or nb.affiliated
            )
    return sorted(
        best.values(),
        key=lambda nb: (-nb.weight, not nb.affiliated, nb.node.name.casefold(), nb.node.id),
    )


def _kind_class(kind: str) -> str:
    return "bf-rel-kind-" + (re.sub(r"[^a-z0-9-]", "", kind.lower()) or "other")


def _stroke(weight: int, heaviest: int, thin: float, thick: float) -> float:
    """Line width growing in proportion to the weight, `thick` for the heaviest (or for a
    weight of 4 when all are lighter, so that a diagram of ones stays thin)."""
    return thin + (thick - thin) * max(weight, 0) / max(heaviest, 4)


def _legend(x: float, y: float, affiliations: bool, width: float) -> tuple[list[str], Box]:
    """The key to the lines, from (x, y) rightwards, on two rows when one would be wider
    than `width`; returns the SVG and its extent."""
    size = TICK_SIZE
    out = [
        '<g class="bf-rel-legend">',
        f'<line class="bf-rel-edge" x1="{_n(x)}" y1="{_n(y)}" x2="{_n(x + 24)}" y2="{_n(y)}" '
        'stroke-width="3"/>',
    ]
    text = "appear together (wider: more often)"
    line = _Line(x + 30, y + (ASCENT - DESCENT) * size / 2, text, size, "start")
    out.append(line.svg("bf-vis-muted"))
    extent = Box(x, line.box.y0, line.box.x1, line.box.y1)
    if affiliations:
        x2, y2 = line.box.x1 + 18, y
        if x2 + 30 + text_width("affiliation", size) > x + width:
            x2, y2 = x, y + LINE_HEIGHT * size + 4
        out.append(
            f'<line class="bf-rel-edge bf-rel-affiliation" x1="{_n(x2)}" y1="{_n(y2)}" '
            f'x2="{_n(x2 + 24)}" y2="{_n(y2)}" stroke-width="2"/>'
        )
        second = _Line(x2 + 30, line.y + y2 - y, "affiliation", size, "start")
        out.append(second.svg("bf-vis-muted"))
        extent = _union([extent, second.box], 0)
    out.append("</g>")
    return out, extent


def _union(boxes: Iterable[Box], margin: float) -> Box:
    boxes = list(boxes)
    return Box(
        min(b.x0 for b in boxes) - margin,
        min(b.y0 for b in boxes) - margin,
        max(b.x1 for b in boxes) + margin,
        max(b.y1 for b in boxes) + margin,
    )


def _node_svg(
    node: Node, x: float, y: float, r: float, labels: list[_Line], tip: str, extra: str = ""
) -> str:
    classes = f"bf-rel-node {_kind_class(node.kind)}"
    return (
        f'<a href="{xml_escape(node.href)}" class="bf-rel-link">'
        f"<title>{xml_escape(tip)}</title>{extra}"
        f'<circle class="{classes}" cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}"/>'
        + "".join(line.svg("bf-vis-halo") for line in labels)
        + "</a>"
    )


def relation_svg(
    center: Node, neighbours: Sequence[Neighbour], *, title: str, size: int = 480
) -> str:
    """The actor in the middle, the actors it appears with most on a circle around it.

    `size` is the drawing's nominal width: the ring's diameter is 0.56 × size, labels get
    up to 10 em beside it, and the viewBox is cropped to what is drawn. Edge width grows with
    the weight; affiliations are dashed accent lines. At most MAX_NEIGHBOURS neighbours,
    heaviest first. Returns "" when there are no neighbours."""
    ranked = [nb for nb in _ranked(neighbours) if nb.node.id != center.id]
    if not ranked:
        return ""
    size = max(size, 320)
    shown = ranked[:MAX_NEIGHBOURS]
    n = len(shown)
    radius = size * 0.28
    node_r, center_r = 9.0, 14.0
    room = 10 * LABEL_SIZE
    cx = radius + node_r + _REL_GAP + room
    cy = radius + node_r + _REL_GAP + 3 * LINE_HEIGHT * LABEL_SIZE
    bounds = Box(0, 0, 2 * cx, 2 * cy)
    heaviest = max(nb.weight for nb in shown)

    positions = []
    for i in range(n):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        positions.append((angle, cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    circles = [_circle_box(x, y, node_r) for _, x, y in positions]
    circles.append(_circle_box(cx, cy, center_r))
    placer = _Placer(bounds, list(circles))
    center_size = LABEL_SIZE + 1
    center_lines = wrap_text(center.name, center_size, radius * 1.2)
    center_label = placer.place(
        [_label_block(center_lines, "below", cx, cy, center_r, center_size)]
    )

    edges: list[str] = []
    nodes: list[str] = []
    drawn = list(circles)
    for nb, (angle, x, y) in zip(shown, positions, strict=True):
        width = _stroke(nb.weight, heaviest, 1.5, 7.0)
        cls = "bf-rel-edge bf-rel-affiliation" if nb.affiliated else "bf-rel-edge"
        edges.append(
            f'<line class="{cls}" x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}" '
            f'stroke-width="{_n(width)}"/>'
        )
        labels = placer.place(
            _label_candidates(nb.node.name, x, y, node_r, angle, bounds, LABEL_SIZE, room)
        )
        drawn.extend(line.box for line in labels)
        facts = []
        if nb.weight:
            facts.append(f"appear together {_plural(nb.weight, 'time', 'times')}")
        if nb.affiliated:
            facts.append("affiliation")
        tip = f"{_clean(nb.node.name)}: {', '.join(facts)}" if facts else _clean(nb.node.name)
        nodes.append(_node_svg(nb.node, x, y, node_r, labels, tip))
    plate = ""
    if center_label:
        box = _union((line.box for line in center_label), 2)
        drawn.append(box)
        plate = (
            f'<rect class="bf-vis-plate" x="{_n(box.x0)}" y="{_n(box.y0)}" '
            f'width="{_n(box.x1 - box.x0)}" height="{_n(box.y1 - box.y0)}" rx="3"/>'
        )
    center_svg = (
        f'<a href="{xml_escape(center.href)}" class="bf-rel-link bf-rel-center-link">'
        f"<title>{xml_escape(_clean(center.name))}</title>"
        f'<circle class="bf-rel-node bf-rel-center {_kind_class(center.kind)}" cx="{_n(cx)}" '
        f'cy="{_n(cy)}" r="{_n(center_r)}"/>{plate}'
        + "".join(line.svg() for line in center_label)
        + "</a>"
    )
    affiliated = [nb for nb in shown if nb.affiliated]
    content = _union(drawn, 0)
    legend, key = _legend(content.x0, content.y1 + 16, bool(affiliated), content.x1 - content.x0)
    view = _union([content, key], 6)
    ident = _ident("rel", title, (center.id, *(nb.node.id for nb in shown)))

    desc = (
        f"{_clean(center.name)} and the {_plural(n, 'actor', 'actors')} it appears with most often"
    )
    if len(ranked) > n:
        desc += f" ({n} of {len(ranked)})"
    desc += "; wider lines mean more often."
    if affiliated:
        names = ", ".join(_clean(nb.node.name) for nb in affiliated)
        desc += f" Dashed lines are affiliations: {names}."
    return _svg(
        "rel",
        ident,
        view,
        title,
        desc,
        ['<g class="bf-rel-edges">', *edges, "</g>", *nodes, center_svg, *legend],
        420,
    )


def relation_text(
    center: Node,
    neighbours: Sequence[Neighbour],
    *,
    unit: tuple[str, str] = ("shared brief", "shared briefs"),
) -> str:
    """The diagram as a Markdown list, in the diagram's order: '- [Name](href) · 3 shared
    briefs · affiliation'. Lists the same neighbours the diagram shows."""
    out = []
    for nb in [nb for nb in _ranked(neighbours) if nb.node.id != center.id][:MAX_NEIGHBOURS]:
        parts = [f"[{md_escape(_clean(nb.node.name))}]({_md_href(nb.node.href)})"]
        if nb.weight:
            parts.append(_plural(nb.weight, *unit))
        if nb.affiliated:
            parts.append("affiliation")
        out.append("- " + " · ".join(parts) + "\n")
    return "".join(out)


def _ring_sizes(count: int, radii: list[float], spacing: float) -> list[int] | None:
    caps = [max(1, math.floor(2 * math.pi * r / spacing)) for r in radii]
    if sum(caps) < count:
        return None
    total = sum(radii)
    sizes = [min(cap, round(count * r / total)) for cap, r in zip(caps, radii, strict=True)]
    while sum(sizes) < count:  # add to the ring with the most room, outermost on ties
        i = max(range(len(sizes)), key=lambda k: (caps[k] - sizes[k], k))
        sizes[i] += 1
    while sum(sizes) > count:  # take from the innermost non-empty ring
        i = next(k for k in range(len(sizes)) if sizes[k] > 0)
        sizes[i] -= 1
    return sizes


_KIND_ORDER = ("state", "organization", "military", "group", "person", "media")


def _ring_key(
    node: Node, links: list[tuple[str, int]], angles: dict[str, float], start: float
) -> tuple[int, float, str, str]:
    """Order on a ring: by the mean angle of the actors already placed that it links to
    (so it sits near them), then, with none, grouped by kind and name."""
    sx = sy = 0.0
    for other, weight in links:
        if other in angles:
            sx += weight * math.cos(angles[other])
            sy += weight * math.sin(angles[other])
    if abs(sx) < 1e-9 and abs(sy) < 1e-9:
        kind = _KIND_ORDER.index(node.kind) if node.kind in _KIND_ORDER else len(_KIND_ORDER)
        return (1, float(kind), node.name.casefold(), node.id)
    angle = (math.atan2(sy, sx) - start) % (2 * math.pi)
    return (0, round(angle, 6), node.name.casefold(), node.id)


def site_relation_svg(
    nodes: Sequence[Node], edges: Sequence[Edge], *, title: str, size: int = 720
) -> str:
    """Every actor's links at once: the MAX_SITE_NODES most connected actors, the most
    connected in the middle and the rest on rings around it (inner rings more connected),
    each ring ordered to sit near the actors it links to. Returns "" with no links."""
    size = max(size, 400)
    by_id = {node.id: node for node in sorted(nodes, key=lambda nd: nd.id)}
    merged: dict[tuple[str, str], tuple[int, bool]] = {}
    for a, b, weight, affiliated in edges:
        if a == b or a not in by_id or b not in by_id:
            continue
        pair = (a, b) if a < b else (b, a)
        w0, af0 = merged.get(pair, (0, False))
        merged[pair] = (max(w0, weight), af0 or affiliated)
    merged = {k: v for k, v in merged.items() if v[0] > 0 or v[1]}
    degree: Counter[str] = Counter()
    for (a, b), (weight, affiliated) in merged.items():
        degree[a] += max(weight, 1 if affiliated else 0)
        degree[b] += max(weight, 1 if affiliated else 0)
    connected = sorted(
        (nd for nd in by_id.values() if degree[nd.id] > 0),
        key=lambda nd: (-degree[nd.id], nd.name.casefold(), nd.id),
    )
    if not connected:
        return ""
    shown = connected[:MAX_SITE_NODES]
    shown_ids = {nd.id for nd in shown}
    links = sorted(
        (pair, wa) for pair, wa in merged.items() if pair[0] in shown_ids and pair[1] in shown_ids
    )
    adjacency: dict[str, list[tuple[str, int]]] = {nd.id: [] for nd in shown}
    for (a, b), (weight, affiliated) in links:
        adjacency[a].append((b, max(weight, 1 if affiliated else 0)))
        adjacency[b].append((a, max(weight, 1 if affiliated else 0)))

    size_label = LABEL_SIZE - 1
    room = 9 * size_label
    cx = cy = size / 2
    outer = size / 2 - room - 16
    top_degree = degree[shown[0].id]
    pos: dict[str, tuple[float, float]] = {shown[0].id: (cx, cy)}
    angles: dict[str, float] = {}
    rest = shown[1:]
    rings = 1
    sizes = _ring_sizes(len(rest), [outer], 58) if rest else []
    while sizes is None:
        rings += 1
        sizes = _ring_sizes(len(rest), [outer * (i + 1) / rings for i in range(rings)], 58)
    queue = list(rest)
    for ring, count in enumerate(sizes):
        members, queue = queue[:count], queue[count:]
        if not members:
            continue
        r = outer * (ring + 1) / len(sizes)
        step = 2 * math.pi / len(members)
        start = -math.pi / 2 + (ring % 2) * step / 2
        order = sorted(members, key=lambda nd: _ring_key(nd, adjacency[nd.id], angles, start))
        for j, nd in enumerate(order):
            angle = start + j * step
            pos[nd.id] = (cx + r * math.cos(angle), cy + r * math.sin(angle))
            angles[nd.id] = angle

    def node_r(node_id: str) -> float:
        return 4 + 6 * math.sqrt(degree[node_id] / top_degree)

    bounds = Box(0, 0, size, size)
    circles = [_circle_box(*pos[nd.id], node_r(nd.id)) for nd in shown]
    placer = _Placer(bounds, list(circles))
    heaviest = max((w for _, (w, _) in links), default=1)
    body = ['<g class="bf-rel-edges">']
    for (a, b), (weight, affiliated) in links:
        (x1, y1), (x2, y2) = pos[a], pos[b]
        cls = "bf-rel-edge bf-rel-affiliation" if affiliated else "bf-rel-edge"
        body.append(
            f'<line class="{cls}" x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
            f'stroke-width="{_n(_stroke(weight, heaviest, 1.0, 5.0))}"/>'
        )
    body.append("</g>")
    drawn = list(circles)
    for nd in shown:
        x, y = pos[nd.id]
        r = node_r(nd.id)
        labels = placer.place(
            _label_candidates(nd.name, x, y, r, angles.get(nd.id), bounds, size_label, room)
        )
        drawn.extend(line.box for line in labels)
        partners = len(adjacency[nd.id])
        tip = f"{_clean(nd.name)}: linked to {_plural(partners, 'actor', 'actors')}"
        body.append(_node_svg(nd, x, y, r, labels, tip))
    has_affiliations = any(af for _, (_, af) in links)
    content = _union(drawn, 0)
    legend, key = _legend(content.x0, content.y1 + 16, has_affiliations, content.x1 - content.x0)
    body.extend(legend)

    desc = f"{_plural(len(shown), 'actor', 'actors')} linked by the briefs they share"
    if len(connected) > len(shown):
        desc += f" (the most connected of {len(connected)})"
    desc += "; wider lines mean more shared briefs"
    if has_affiliations:
        desc += ", dashed lines are affiliations"
    desc += f". The list beside it names all {_plural(len(by_id), 'actor', 'actors')}."
    ident = _ident("site", title, (nd.id for nd in shown))
    return _svg("site", ident, _union([content, key], 6), title, desc, body, 560)
