"""What both relationship diagrams share: nodes and edges, label placement, the legend."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .svg import (
    ASCENT,
    DESCENT,
    LINE_HEIGHT,
    TICK_SIZE,
    Anchor,
    Box,
    TextLine,
    coord,
    svg_line,
    text_width,
    wrap_text,
    xml_escape,
)


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


LABEL_GAP = 5.0


@dataclass
class LabelPlacer:
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


def circle_box(x: float, y: float, r: float) -> Box:
    return Box(x - r, y - r, x + r, y + r)


def label_block(
    lines: list[str], side: str, x: float, y: float, r: float, size: float
) -> list[TextLine]:
    """Lines of a node label on one side of a circle of radius r at (x, y)."""
    lh = LINE_HEIGHT * size
    n = len(lines)
    if side in ("right", "left"):
        first = y - n * lh / 2 + ASCENT * size
        lx = x + r + LABEL_GAP if side == "right" else x - r - LABEL_GAP
        anchor: Anchor = "start" if side == "right" else "end"
        return [TextLine(lx, first + i * lh, t, size, anchor) for i, t in enumerate(lines)]
    if side == "above":
        last = y - r - LABEL_GAP - DESCENT * size
        return [
            TextLine(x, last - (n - 1 - i) * lh, t, size, "middle") for i, t in enumerate(lines)
        ]
    first = y + r + LABEL_GAP + ASCENT * size
    return [TextLine(x, first + i * lh, t, size, "middle") for i, t in enumerate(lines)]


def label_candidates(
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
                room = bounds.x1 - (x + r + LABEL_GAP)
            elif side == "left":
                room = (x - r - LABEL_GAP) - bounds.x0
            else:
                room = 2 * min(x - bounds.x0, bounds.x1 - x)
            room = min(room, max_label) * fraction
            if room < 2 * size:
                continue
            yield label_block(wrap_text(name, size, room), side, x, y, r, size)


def kind_class(kind: str) -> str:
    return "bf-rel-kind-" + (re.sub(r"[^a-z0-9-]", "", kind.lower()) or "other")


def stroke_width(weight: int, heaviest: int, thin: float, thick: float) -> float:
    """Line width growing in proportion to the weight, `thick` for the heaviest (or for a
    weight of 4 when all are lighter, so that a diagram of ones stays thin)."""
    return thin + (thick - thin) * max(weight, 0) / max(heaviest, 4)


def legend_svg(x: float, y: float, affiliations: bool, width: float) -> tuple[list[str], Box]:
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
        extent = union_box([extent, second.box], 0)
    out.append("</g>")
    return out, extent


def union_box(boxes: Iterable[Box], margin: float) -> Box:
    boxes = list(boxes)
    return Box(
        min(b.x0 for b in boxes) - margin,
        min(b.y0 for b in boxes) - margin,
        max(b.x1 for b in boxes) + margin,
        max(b.y1 for b in boxes) + margin,
    )


def node_svg(
    node: Node, x: float, y: float, r: float, labels: list[TextLine], tip: str, extra: str = ""
) -> str:
    classes = f"bf-rel-node {kind_class(node.kind)}"
    return (
        f'<a href="{xml_escape(node.href)}" class="bf-rel-link">'
        f"<title>{xml_escape(tip)}</title>{extra}"
        f'<circle class="{classes}" cx="{coord(x)}" cy="{coord(y)}" r="{coord(r)}"/>'
        + "".join(line.svg("bf-vis-halo") for line in labels)
        + "</a>"
    )


def edge_class(affiliated: bool) -> str:
    return "bf-rel-edge bf-rel-affiliation" if affiliated else "bf-rel-edge"
