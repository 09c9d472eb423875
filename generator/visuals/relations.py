"""Relationship diagrams: one actor among those it appears with most, or every actor's links."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from .svg import (
    ASCENT,
    DESCENT,
    LABEL_SIZE,
    LINE_HEIGHT,
    TICK_SIZE,
    Anchor,
    Box,
    TextLine,
    clean_text,
    coord,
    plural,
    svg_id,
    svg_line,
    svg_root,
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

    def fits(self, lines: list[TextLine]) -> bool:
        return all(
            line.box.inside(self.bounds)
            and not any(line.box.overlaps(o, self.pad) for o in self.obstacles)
            for line in lines
        )

    def place(self, candidates: Iterable[list[TextLine]]) -> list[TextLine]:
        for lines in candidates:
            if lines and self.fits(lines):
                self.obstacles.extend(line.box for line in lines)
                return lines
        return []


def _circle_box(x: float, y: float, r: float) -> Box:
    return Box(x - r, y - r, x + r, y + r)


def _label_block(
    lines: list[str], side: str, x: float, y: float, r: float, size: float
) -> list[TextLine]:
    """Lines of a node label on one side of a circle of radius r at (x, y)."""
    lh = LINE_HEIGHT * size
    n = len(lines)
    if side in ("right", "left"):
        first = y - n * lh / 2 + ASCENT * size
        lx = x + r + _REL_GAP if side == "right" else x - r - _REL_GAP
        anchor: Anchor = "start" if side == "right" else "end"
        return [TextLine(lx, first + i * lh, t, size, anchor) for i, t in enumerate(lines)]
    if side == "above":
        last = y - r - _REL_GAP - DESCENT * size
        return [
            TextLine(x, last - (n - 1 - i) * lh, t, size, "middle") for i, t in enumerate(lines)
        ]
    first = y + r + _REL_GAP + ASCENT * size
    return [TextLine(x, first + i * lh, t, size, "middle") for i, t in enumerate(lines)]


def _label_candidates(
    name: str,
    x: float,
    y: float,
    r: float,
    angle: float | None,
    bounds: Box,
    size: float,
    max_label: float,
) -> Iterator[list[TextLine]]:
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


def rank_neighbours(neighbours: Sequence[Neighbour]) -> list[Neighbour]:
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
        svg_line("bf-rel-edge", x, y, x + 24, y, 3),
    ]
    text = "appear together (wider: more often)"
    line = TextLine(x + 30, y + (ASCENT - DESCENT) * size / 2, text, size, "start")
    out.append(line.svg("bf-vis-muted"))
    extent = Box(x, line.box.y0, line.box.x1, line.box.y1)
    if affiliations:
        x2, y2 = line.box.x1 + 18, y
        if x2 + 30 + text_width("affiliation", size) > x + width:
            x2, y2 = x, y + LINE_HEIGHT * size + 4
        out.append(svg_line("bf-rel-edge bf-rel-affiliation", x2, y2, x2 + 24, y2, 2))
        second = TextLine(x2 + 30, line.y + y2 - y, "affiliation", size, "start")
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
    node: Node, x: float, y: float, r: float, labels: list[TextLine], tip: str, extra: str = ""
) -> str:
    classes = f"bf-rel-node {_kind_class(node.kind)}"
    return (
        f'<a href="{xml_escape(node.href)}" class="bf-rel-link">'
        f"<title>{xml_escape(tip)}</title>{extra}"
        f'<circle class="{classes}" cx="{coord(x)}" cy="{coord(y)}" r="{coord(r)}"/>'
        + "".join(line.svg("bf-vis-halo") for line in labels)
        + "</a>"
    )


def _edge_class(affiliated: bool) -> str:
    return "bf-rel-edge bf-rel-affiliation" if affiliated else "bf-rel-edge"


@dataclass(frozen=True)
class _Ring:
    """The single-actor diagram's geometry: the centre, the ring and the drawing's bounds."""

    cx: float
    cy: float
    radius: float
    bounds: Box
    positions: list[tuple[float, float, float]]  # (angle, x, y) of each neighbour
    node_r: float = 9.0
    center_r: float = 14.0
    room: float = 10 * LABEL_SIZE  # the widest a neighbour's label may be


def _ring(count: int, size: int) -> _Ring:
    """Room for `count` neighbours on a ring 0.56 × size across, labels beside it."""
    radius = size * 0.28
    node_r = _Ring.node_r
    cx = radius + node_r + _REL_GAP + _Ring.room
    cy = radius + node_r + _REL_GAP + 3 * LINE_HEIGHT * LABEL_SIZE
    positions = []
    for i in range(count):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        positions.append((angle, cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return _Ring(cx, cy, radius, Box(0, 0, 2 * cx, 2 * cy), positions)


def _neighbour_tip(nb: Neighbour) -> str:
    facts = []
    if nb.weight:
        facts.append(f"appear together {plural(nb.weight, 'time', 'times')}")
    if nb.affiliated:
        facts.append("affiliation")
    name = clean_text(nb.node.name)
    return f"{name}: {', '.join(facts)}" if facts else name


def _neighbours_svg(
    ring: _Ring, shown: list[Neighbour], placer: _Placer, drawn: list[Box]
) -> tuple[list[str], list[str]]:
    """The edges from the centre and the neighbours' nodes with their labels; the label
    boxes are added to `drawn`."""
    heaviest = max(nb.weight for nb in shown)
    edges: list[str] = []
    nodes: list[str] = []
    for nb, (angle, x, y) in zip(shown, ring.positions, strict=True):
        width = _stroke(nb.weight, heaviest, 1.5, 7.0)
        edges.append(svg_line(_edge_class(nb.affiliated), ring.cx, ring.cy, x, y, width))
        labels = placer.place(
            _label_candidates(
                nb.node.name, x, y, ring.node_r, angle, ring.bounds, LABEL_SIZE, ring.room
            )
        )
        drawn.extend(line.box for line in labels)
        nodes.append(_node_svg(nb.node, x, y, ring.node_r, labels, _neighbour_tip(nb)))
    return edges, nodes


def _center_svg(center: Node, ring: _Ring, label: list[TextLine], drawn: list[Box]) -> str:
    """The centre node, its label on a plate (added to `drawn`) so edges do not cross it."""
    plate = ""
    if label:
        box = _union((line.box for line in label), 2)
        drawn.append(box)
        plate = (
            f'<rect class="bf-vis-plate" x="{coord(box.x0)}" y="{coord(box.y0)}" '
            f'width="{coord(box.x1 - box.x0)}" height="{coord(box.y1 - box.y0)}" rx="3"/>'
        )
    return (
        f'<a href="{xml_escape(center.href)}" class="bf-rel-link bf-rel-center-link">'
        f"<title>{xml_escape(clean_text(center.name))}</title>"
        f'<circle class="bf-rel-node bf-rel-center {_kind_class(center.kind)}" '
        f'cx="{coord(ring.cx)}" cy="{coord(ring.cy)}" r="{coord(ring.center_r)}"/>{plate}'
        + "".join(line.svg() for line in label)
        + "</a>"
    )


def _relation_desc(center: Node, shown: list[Neighbour], total: int) -> str:
    name = clean_text(center.name)
    n = len(shown)
    desc = f"{name} and the {plural(n, 'actor', 'actors')} it appears with most often"
    if total > n:
        desc += f" ({n} of {total})"
    desc += "; wider lines mean more often."
    affiliated = [nb for nb in shown if nb.affiliated]
    if affiliated:
        names = ", ".join(clean_text(nb.node.name) for nb in affiliated)
        desc += f" Dashed lines are affiliations: {names}."
    return desc


def relation_svg(
    center: Node, neighbours: Sequence[Neighbour], *, title: str, size: int = 480
) -> str:
    """The actor in the middle, the actors it appears with most on a circle around it.

    `size` is the drawing's nominal width: the ring's diameter is 0.56 × size, labels get
    up to 10 em beside it, and the viewBox is cropped to what is drawn. Edge width grows with
    the weight; affiliations are dashed accent lines. At most MAX_NEIGHBOURS neighbours,
    heaviest first. Returns "" when there are no neighbours."""
    ranked = [nb for nb in rank_neighbours(neighbours) if nb.node.id != center.id]
    if not ranked:
        return ""
    shown = ranked[:MAX_NEIGHBOURS]
    ring = _ring(len(shown), max(size, 320))
    circles = [_circle_box(x, y, ring.node_r) for _, x, y in ring.positions]
    circles.append(_circle_box(ring.cx, ring.cy, ring.center_r))
    placer = _Placer(ring.bounds, list(circles))
    center_size = LABEL_SIZE + 1
    center_lines = wrap_text(center.name, center_size, ring.radius * 1.2)
    center_label = placer.place(
        [_label_block(center_lines, "below", ring.cx, ring.cy, ring.center_r, center_size)]
    )
    drawn = list(circles)
    edges, nodes = _neighbours_svg(ring, shown, placer, drawn)
    center_svg = _center_svg(center, ring, center_label, drawn)
    affiliated = any(nb.affiliated for nb in shown)
    content = _union(drawn, 0)
    legend, key = _legend(content.x0, content.y1 + 16, affiliated, content.x1 - content.x0)
    ident = svg_id("rel", title, (center.id, *(nb.node.id for nb in shown)))
    return svg_root(
        "rel",
        ident,
        _union([content, key], 6),
        title,
        _relation_desc(center, shown, len(ranked)),
        ['<g class="bf-rel-edges">', *edges, "</g>", *nodes, center_svg, *legend],
        420,
    )


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


@dataclass(frozen=True)
class _SiteLinks:
    """The site graph cleaned up: one link per pair, the actors ranked by connections."""

    by_id: dict[str, Node]  # every actor given
    degree: Counter[str]  # the sum of each actor's link weights (an affiliation counts 1)
    connected: list[Node]  # actors with a link, most connected first
    shown: list[Node]  # the first MAX_SITE_NODES of them
    links: list[tuple[tuple[str, str], tuple[int, bool]]]  # among the shown, sorted
    adjacency: dict[str, list[tuple[str, int]]]  # shown actor -> (partner, weight)


def _link_weight(weight: int, affiliated: bool) -> int:
    return max(weight, 1 if affiliated else 0)


def _site_links(nodes: Sequence[Node], edges: Sequence[Edge]) -> _SiteLinks:
    """Merge edges per pair (heaviest weight, affiliated if any is), drop self-links,
    unknown actors and weightless pairs, and keep the MAX_SITE_NODES most connected."""
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
        degree[a] += _link_weight(weight, affiliated)
        degree[b] += _link_weight(weight, affiliated)
    connected = sorted(
        (nd for nd in by_id.values() if degree[nd.id] > 0),
        key=lambda nd: (-degree[nd.id], nd.name.casefold(), nd.id),
    )
    shown = connected[:MAX_SITE_NODES]
    shown_ids = {nd.id for nd in shown}
    links = sorted(
        (pair, wa) for pair, wa in merged.items() if pair[0] in shown_ids and pair[1] in shown_ids
    )
    adjacency: dict[str, list[tuple[str, int]]] = {nd.id: [] for nd in shown}
    for (a, b), (weight, affiliated) in links:
        adjacency[a].append((b, _link_weight(weight, affiliated)))
        adjacency[b].append((a, _link_weight(weight, affiliated)))
    return _SiteLinks(by_id, degree, connected, shown, links, adjacency)


def _ring_positions(
    graph: _SiteLinks, cx: float, cy: float, outer: float
) -> tuple[dict[str, tuple[float, float]], dict[str, float]]:
    """The most connected actor in the middle, the rest on as many rings as they need
    (inner rings more connected), each ring ordered to sit near the actors it links to.
    Returns each actor's position and, for those on a ring, its angle."""
    shown = graph.shown
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
        order = sorted(members, key=lambda nd: _ring_key(nd, graph.adjacency[nd.id], angles, start))
        for j, nd in enumerate(order):
            angle = start + j * step
            pos[nd.id] = (cx + r * math.cos(angle), cy + r * math.sin(angle))
            angles[nd.id] = angle
    return pos, angles


def _site_desc(graph: _SiteLinks, has_affiliations: bool) -> str:
    shown, connected = graph.shown, graph.connected
    desc = f"{plural(len(shown), 'actor', 'actors')} linked by the briefs they share"
    if len(connected) > len(shown):
        desc += f" (the most connected of {len(connected)})"
    desc += "; wider lines mean more shared briefs"
    if has_affiliations:
        desc += ", dashed lines are affiliations"
    return desc + f". The list beside it names all {plural(len(graph.by_id), 'actor', 'actors')}."


def _site_edges(graph: _SiteLinks, pos: dict[str, tuple[float, float]]) -> list[str]:
    heaviest = max((w for _, (w, _) in graph.links), default=1)
    body = ['<g class="bf-rel-edges">']
    for (a, b), (weight, affiliated) in graph.links:
        (x1, y1), (x2, y2) = pos[a], pos[b]
        width = _stroke(weight, heaviest, 1.0, 5.0)
        body.append(svg_line(_edge_class(affiliated), x1, y1, x2, y2, width))
    body.append("</g>")
    return body


def site_relation_svg(
    nodes: Sequence[Node], edges: Sequence[Edge], *, title: str, size: int = 720
) -> str:
    """Every actor's links at once: the MAX_SITE_NODES most connected actors, the most
    connected in the middle and the rest on rings around it (inner rings more connected),
    each ring ordered to sit near the actors it links to. Returns "" with no links."""
    size = max(size, 400)
    graph = _site_links(nodes, edges)
    if not graph.connected:
        return ""
    size_label = LABEL_SIZE - 1
    room = 9 * size_label
    pos, angles = _ring_positions(graph, size / 2, size / 2, size / 2 - room - 16)
    top_degree = graph.degree[graph.shown[0].id]

    def node_r(node_id: str) -> float:
        return 4 + 6 * math.sqrt(graph.degree[node_id] / top_degree)

    bounds = Box(0, 0, size, size)
    circles = [_circle_box(*pos[nd.id], node_r(nd.id)) for nd in graph.shown]
    placer = _Placer(bounds, list(circles))
    body = _site_edges(graph, pos)
    drawn = list(circles)
    for nd in graph.shown:
        x, y = pos[nd.id]
        r = node_r(nd.id)
        labels = placer.place(
            _label_candidates(nd.name, x, y, r, angles.get(nd.id), bounds, size_label, room)
        )
        drawn.extend(line.box for line in labels)
        partners = len(graph.adjacency[nd.id])
        tip = f"{clean_text(nd.name)}: linked to {plural(partners, 'actor', 'actors')}"
        body.append(_node_svg(nd, x, y, r, labels, tip))
    has_affiliations = any(af for _, (_, af) in graph.links)
    content = _union(drawn, 0)
    legend, key = _legend(content.x0, content.y1 + 16, has_affiliations, content.x1 - content.x0)
    body.extend(legend)
    desc = _site_desc(graph, has_affiliations)
    ident = svg_id("site", title, (nd.id for nd in graph.shown))
    return svg_root("site", ident, _union([content, key], 6), title, desc, body, 560)
