"""The relationship diagram of one actor: the actors it appears with most, around it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .diagram import (
    LABEL_GAP,
    LabelPlacer,
    Neighbour,
    Node,
    circle_box,
    edge_class,
    kind_class,
    label_block,
    label_candidates,
    legend_svg,
    node_svg,
    stroke_width,
    union_box,
)
from .svg import (
    LABEL_SIZE,
    LINE_HEIGHT,
    Box,
    TextLine,
    clean_text,
    coord,
    plural,
    svg_id,
    svg_line,
    svg_root,
    wrap_text,
    xml_escape,
)

MAX_NEIGHBOURS = 12


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
    cx = radius + node_r + LABEL_GAP + _Ring.room
    cy = radius + node_r + LABEL_GAP + 3 * LINE_HEIGHT * LABEL_SIZE
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
    ring: _Ring, shown: list[Neighbour], placer: LabelPlacer, drawn: list[Box]
) -> tuple[list[str], list[str]]:
    """The edges from the centre and the neighbours' nodes with their labels; the label
    boxes are added to `drawn`."""
    heaviest = max(nb.weight for nb in shown)
    edges: list[str] = []
    nodes: list[str] = []
    for nb, (angle, x, y) in zip(shown, ring.positions, strict=True):
        width = stroke_width(nb.weight, heaviest, 1.5, 7.0)
        edges.append(svg_line(edge_class(nb.affiliated), ring.cx, ring.cy, x, y, width))
        labels = placer.place(
            label_candidates(
                nb.node.name, x, y, ring.node_r, angle, ring.bounds, LABEL_SIZE, ring.room
            )
        )
        drawn.extend(line.box for line in labels)
        nodes.append(node_svg(nb.node, x, y, ring.node_r, labels, _neighbour_tip(nb)))
    return edges, nodes


def _center_svg(center: Node, ring: _Ring, label: list[TextLine], drawn: list[Box]) -> str:
    """The centre node, its label on a plate (added to `drawn`) so edges do not cross it."""
    plate = ""
    if label:
        box = union_box((line.box for line in label), 2)
        drawn.append(box)
        plate = (
            f'<rect class="bf-vis-plate" x="{coord(box.x0)}" y="{coord(box.y0)}" '
            f'width="{coord(box.x1 - box.x0)}" height="{coord(box.y1 - box.y0)}" rx="3"/>'
        )
    return (
        f'<a href="{xml_escape(center.href)}" class="bf-rel-link bf-rel-center-link">'
        f"<title>{xml_escape(clean_text(center.name))}</title>"
        f'<circle class="bf-rel-node bf-rel-center {kind_class(center.kind)}" '
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
    circles = [circle_box(x, y, ring.node_r) for _, x, y in ring.positions]
    circles.append(circle_box(ring.cx, ring.cy, ring.center_r))
    placer = LabelPlacer(ring.bounds, list(circles))
    center_size = LABEL_SIZE + 1
    center_lines = wrap_text(center.name, center_size, ring.radius * 1.2)
    center_label = placer.place(
        [label_block(center_lines, "below", ring.cx, ring.cy, ring.center_r, center_size)]
    )
    drawn = list(circles)
    edges, nodes = _neighbours_svg(ring, shown, placer, drawn)
    center_svg = _center_svg(center, ring, center_label, drawn)
    affiliated = any(nb.affiliated for nb in shown)
    content = union_box(drawn, 0)
    legend, key = legend_svg(content.x0, content.y1 + 16, affiliated, content.x1 - content.x0)
    ident = svg_id("rel", title, (center.id, *(nb.node.id for nb in shown)))
    return svg_root(
        "rel",
        ident,
        union_box([content, key], 6),
        title,
        _relation_desc(center, shown, len(ranked)),
        ['<g class="bf-rel-edges">', *edges, "</g>", *nodes, center_svg, *legend],
    )
