"""The site-wide relationship diagram: every actor's links, on rings around the most connected."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import ActorKind
from . import svg
from .diagram import (
    Edge,
    LabelPlacer,
    Node,
    circle_box,
    edge_class,
    kind_class,
    label_candidates,
    legend_svg,
    node_svg,
    stroke_width,
    union_box,
)
from .svg import (
    ASCENT,
    DESCENT,
    LABEL_SIZE,
    TICK_SIZE,
    Box,
    TextLine,
    clean_text,
    coord,
    plural,
    svg_line,
    svg_root,
)

MAX_SITE_NODES = 30
TIES_PER_ACTOR = 3  # the strongest links drawn per actor (affiliations always)


# The drawing order of kinds around a ring, typed against the model's vocabulary. It is not
# model.ACTOR_KINDS on purpose: that tuple lists kinds in declaration order (person first),
# and using it here would rearrange the innermost ring of site diagrams with mixed kinds.
_KIND_ORDER: tuple[ActorKind, ...] = (
    "state",
    "organization",
    "military",
    "group",
    "person",
    "media",
)


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
    among_shown = {
        pair: wa for pair, wa in merged.items() if pair[0] in shown_ids and pair[1] in shown_ids
    }
    links = sorted(_strongest(among_shown, degree).items())
    adjacency: dict[str, list[tuple[str, int]]] = {nd.id: [] for nd in shown}
    for (a, b), (weight, affiliated) in links:
        adjacency[a].append((b, _link_weight(weight, affiliated)))
        adjacency[b].append((a, _link_weight(weight, affiliated)))
    return _SiteLinks(by_id, degree, connected, shown, links, adjacency)


def _strongest(
    links: dict[tuple[str, str], tuple[int, bool]], degree: Counter[str]
) -> dict[tuple[str, str], tuple[int, bool]]:
    """The links that are among the TIES_PER_ACTOR heaviest of either end (ties broken
    towards better connected partners), and every affiliation: when every actor of a brief
    is linked to every other, drawing all links shows nothing but a mesh."""
    ranked: dict[str, list[tuple[int, int, str]]] = {}
    for (a, b), (weight, _) in links.items():
        ranked.setdefault(a, []).append((-weight, -degree[b], b))
        ranked.setdefault(b, []).append((-weight, -degree[a], a))
    keep = set()
    for actor, partners in ranked.items():
        for _, _, other in sorted(partners)[:TIES_PER_ACTOR]:
            keep.add((actor, other) if actor < other else (other, actor))
    return {pair: wa for pair, wa in links.items() if pair in keep or wa[1]}


def _ring_positions(
    graph: _SiteLinks, cx: float, cy: float, outer: float
) -> tuple[dict[str, tuple[float, float]], dict[str, float]]:
    """The most connected actor in the middle, the rest around it grouped by kind (one
    sector per kind, most connected first within it), on one ring or, when one ring is too
    crowded, alternately on an outer and an inner ring so that neighbours' labels clear.
    Returns each actor's position and, for those around the middle, its angle."""
    shown = graph.shown
    pos: dict[str, tuple[float, float]] = {shown[0].id: (cx, cy)}
    angles: dict[str, float] = {}
    rest = sorted(
        shown[1:],
        key=lambda nd: (_kind_rank(nd.kind), -graph.degree[nd.id], nd.name.casefold(), nd.id),
    )
    if not rest:
        return pos, angles
    radii = [outer] if 2 * math.pi * outer / len(rest) >= 58 else [outer, outer * 0.62]
    step = 2 * math.pi / len(rest)
    for i, nd in enumerate(rest):
        angle = -math.pi / 2 + i * step
        r = radii[i % len(radii)]
        pos[nd.id] = (cx + r * math.cos(angle), cy + r * math.sin(angle))
        angles[nd.id] = angle
    return pos, angles


def _kind_key(x: float, y: float) -> tuple[list[str], Box]:
    """The key to the node fills, on one row from (x, y), y being the text's baseline."""
    out = ['<g class="bf-site-kinds">']
    boxes = []
    for kind, label in (("state", "state"), ("person", "person"), ("organization", "other")):
        cy = y - (ASCENT - DESCENT) * TICK_SIZE / 2
        out.append(
            f'<circle class="bf-rel-node {kind_class(kind)}" cx="{coord(x + 6)}" '
            f'cy="{coord(cy)}" r="6"/>'
        )
        line = TextLine(x + 17, y, label, TICK_SIZE, "start")
        out.append(line.svg("bf-vis-muted"))
        boxes.extend([Box(x, cy - 7, x + 13, cy + 7), line.box])
        x = line.box.x1 + 18
    out.append("</g>")
    return out, union_box(boxes, 0)


def _kind_rank(kind: str) -> int:
    return _KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER)


def _site_desc(graph: _SiteLinks, has_affiliations: bool) -> str:
    shown, connected = graph.shown, graph.connected
    desc = (
        f"{plural(len(shown), 'actor', 'actors')}, grouped by kind around the most "
        "connected (states filled, people hollow, others half-filled), linked by the briefs "
        "and events they share"
    )
    if len(connected) > len(shown):
        desc += f" (the most connected of {len(connected)})"
    desc += (
        f"; each actor's {TIES_PER_ACTOR} strongest links are drawn, wider lines mean more "
        "shared briefs and events"
    )
    if has_affiliations:
        desc += ", dashed lines are affiliations"
    return desc + f". The list beside it names all {plural(len(graph.by_id), 'actor', 'actors')}."


def _site_edges(graph: _SiteLinks, pos: dict[str, tuple[float, float]]) -> list[str]:
    heaviest = max((w for _, (w, _) in graph.links), default=1)
    body = ['<g class="bf-rel-edges">']
    for (a, b), (weight, affiliated) in graph.links:
        (x1, y1), (x2, y2) = pos[a], pos[b]
        width = stroke_width(weight, heaviest, 1.0, 5.0)
        body.append(svg_line(edge_class(affiliated), x1, y1, x2, y2, width))
    body.append("</g>")
    return body


def site_relation_svg(
    nodes: Sequence[Node], edges: Sequence[Edge], *, title: str, size: int = 560
) -> str:
    """Every actor's links at once: the MAX_SITE_NODES most connected actors, the most
    connected in the middle and the rest around it grouped by kind, and a note of how many
    more actors have links. Returns "" with no links."""
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
    circles = [circle_box(*pos[nd.id], node_r(nd.id)) for nd in graph.shown]
    placer = LabelPlacer(bounds, list(circles))
    body = _site_edges(graph, pos)
    drawn = list(circles)
    for nd in graph.shown:
        x, y = pos[nd.id]
        r = node_r(nd.id)
        labels = placer.place(
            label_candidates(nd.name, x, y, r, angles.get(nd.id), bounds, size_label, room)
        )
        drawn.extend(line.box for line in labels)
        partners = len(graph.adjacency[nd.id])
        tip = f"{clean_text(nd.name)} ({nd.kind}): linked to {plural(partners, 'actor', 'actors')}"
        body.append(node_svg(nd, x, y, r, labels, tip))
    has_affiliations = any(af for _, (_, af) in graph.links)
    content = union_box(drawn, 0)
    legend, key = legend_svg(content.x0, content.y1 + 16, has_affiliations, content.x1 - content.x0)
    body.extend(legend)
    kinds, kinds_box = _kind_key(content.x0, key.y1 + 6 + TICK_SIZE)
    body.extend(kinds)
    key = union_box([key, kinds_box], 0)
    extent = union_box([content, key], 6)
    hidden = len(graph.connected) - len(graph.shown)
    if hidden:
        note = TextLine(
            content.x0,
            key.y1 + 6 + TICK_SIZE,
            f"{plural(hidden, 'more actor', 'more actors')} with links not drawn; "
            "the list below names every actor.",
            TICK_SIZE,
            "start",
        )
        body.append(f'<g class="bf-site-note">{note.svg("bf-vis-muted")}</g>')
        extent = union_box([extent, note.box], 6)
    desc = _site_desc(graph, has_affiliations)
    ident = svg.svg_id("site", title, (nd.id for nd in graph.shown))
    return svg_root("site", ident, extent, title, desc, body)
