"""The build-time SVG visuals: well-formed, accessible, linked, non-overlapping, repeatable.

Label boxes are recomputed from the SVG itself (x, y, font-size, text-anchor and the text)
with the width estimate the layout uses, so a test fails if any drawn label would overlap
another, a node or a mark, or leave the viewBox.
"""

from __future__ import annotations

import itertools
import random
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import markdown
import pytest
import yaml
from helpers import EXAMPLE_CONTENT as CONTENT
from helpers import copy_project

from generator import visuals as v
from generator.cli import main
from generator.index import build_index
from generator.model import PartialDate as P
from generator.validate import load_content

NS = "{http://www.w3.org/2000/svg}"


# Reading the SVG back --------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    text: str
    box: v.Box
    size: float


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    return root


def view_box(root: ET.Element) -> v.Box:
    x, y, w, h = (float(t) for t in root.attrib["viewBox"].split())
    return v.Box(x, y, x + w, y + h)


def label_of(text: ET.Element) -> Label:
    size = float(text.attrib["font-size"])
    content = text.text or ""
    box = v.text_box(
        float(text.attrib["x"]),
        float(text.attrib["y"]),
        content,
        size,
        text.attrib["text-anchor"],  # type: ignore[arg-type]
    )
    return Label(content, box, size)


def labels(root: ET.Element) -> list[Label]:
    return [label_of(t) for t in root.iter(f"{NS}text")]


MARKS = (f"{NS}rect", f"{NS}circle", f"{NS}path")


def shape_box(el: ET.Element) -> v.Box:
    a = {k: float(val) for k, val in el.attrib.items() if k in ("x", "y", "width", "height")}
    if el.tag == f"{NS}path":  # a bracket: M x0 top V bottom M x0 mid H x1 M x1 top V bottom
        x0, top, bottom, _, _, x1, *_ = (float(n) for n in re.findall(r"-?[\d.]+", el.attrib["d"]))
        return v.Box(x0, top, x1, bottom)
    if el.tag == f"{NS}rect":
        return v.Box(a["x"], a["y"], a["x"] + a["width"], a["y"] + a["height"])
    cx, cy, r = (float(el.attrib[k]) for k in ("cx", "cy", "r"))
    return v.Box(cx - r, cy - r, cx + r, cy + r)


def links(root: ET.Element) -> dict[str, ET.Element]:
    found: dict[str, ET.Element] = {}
    for a in root.iter(f"{NS}a"):
        href = a.attrib["href"]
        assert href not in found, f"two links to {href}"
        found[href] = a
    return found


def assert_no_overlap(boxes: list[tuple[str, v.Box]]) -> None:
    for i, (name_a, a) in enumerate(boxes):
        for name_b, b in boxes[i + 1 :]:
            assert not a.overlaps(b), f"{name_a!r} {a} overlaps {name_b!r} {b}"


def assert_labels_clear(root: ET.Element) -> None:
    """No two labels overlap, and every label lies inside the viewBox."""
    found = labels(root)
    bounds = view_box(root)
    for label in found:
        assert label.box.inside(bounds), f"{label.text!r} {label.box} outside {bounds}"
    assert_no_overlap([(label.text, label.box) for label in found])


def assert_accessible(root: ET.Element, desc_part: str) -> str:
    """Title first, then desc; a picture with links is a labelled group (axe's
    nested-interactive rule), one without an image."""
    has_links = root.find(f".//{NS}a") is not None
    assert root.attrib["role"] == ("group" if has_links else "img")
    by_id = {el.attrib.get("id"): el for el in root.iter()}
    title = by_id[root.attrib["aria-labelledby"]]
    desc = by_id[root.attrib["aria-describedby"]]
    assert title.tag == f"{NS}title" and (title.text or "").strip()
    assert desc.tag == f"{NS}desc" and desc_part in (desc.text or "")
    assert list(root)[:2] == [title, desc], "title and desc come first"
    assert root.attrib["width"] == "100%" and "max-width" in root.attrib["style"]
    # Nothing that runs or fetches: no script, no external reference, no fonts.
    svg = ET.tostring(root, encoding="unicode")
    for banned in ("<script", "javascript:", "@import", "@font-face", "url("):
        assert banned not in svg
    return desc.text or ""


# Timeline ---------------------------------------------------------------------------------


def item(start: P, label: str, *, end: P | None = None, key: str = "") -> v.TimelineItem:
    key = key or f"{start.iso}-{label}"
    when = start.label if end is None else f"{start.label} – {end.label}"
    return v.TimelineItem(start, end, label, when, f"#event-{key}", key)


SAMPLE = [
    item(P(2023), "A year", key="a"),
    item(P(2024, 2), "A month", key="b"),
    item(P(2024, 3, 15), "A day", key="c"),
    item(P(2023, 6, 10), "A season", end=P(2023, 8), key="d"),
]


def sixty(seed: int = 7) -> list[v.TimelineItem]:
    rnd = random.Random(seed)
    words = ["Missile test", "Summit", "金正恩が視察", "Sanctions vote at the Security Council"]
    out = []
    for i in range(60):
        y, m, d = rnd.choice([2023, 2024, 2025]), rnd.randint(1, 12), rnd.randint(1, 28)
        start = rnd.choice([P(y), P(y, m), P(y, m, d), P(y, m, d)])
        out.append(item(start, f"{rnd.choice(words)} {i}", key=f"k{i:02d}"))
    return out


def test_timeline_is_well_formed_accessible_and_links_every_event() -> None:
    svg = v.timeline_svg(SAMPLE, title="Timeline of the brief")
    root = parse(svg)
    assert assert_accessible(root, "4 events") == "4 events from 2023 to 15 March 2024."
    found = links(root)
    assert set(found) == {it.href for it in SAMPLE}
    for it in SAMPLE:
        a = found[it.href]
        tip = a.find(f"{NS}title")
        assert tip is not None and tip.text == f"{it.when}: {it.label}"
        texts = [t.text for t in a.iter(f"{NS}text")]
        assert texts == [it.label]
        assert len([el for el in a if el.tag in MARKS]) == 1
    assert_labels_clear(root)


def test_partial_dates_are_brackets_as_wide_as_their_period() -> None:
    root = parse(v.timeline_svg(SAMPLE, title="t"))
    found = links(root)

    def mark(key: str) -> ET.Element:
        return next(el for el in found[f"#event-{key}"] if el.tag in MARKS)

    year = mark("a")
    assert year.tag == f"{NS}path", "a year is a bracket, not a dot or a bar"
    x0, x1 = shape_box(year).x0, shape_box(year).x1
    per_day = (x1 - x0) / (date(2024, 1, 1) - date(2023, 1, 1)).days

    def at(d: date, fraction: float = 0.0) -> float:
        return x0 + ((d - date(2023, 1, 1)).days + fraction) * per_day

    month = mark("b")
    assert month.tag == f"{NS}path"
    assert shape_box(month).x0 == pytest.approx(at(date(2024, 2, 1)), abs=0.3)
    assert shape_box(month).x1 - shape_box(month).x0 == pytest.approx(29 * per_day, abs=0.3)
    day = mark("c")
    assert day.tag == f"{NS}circle", "a known day is a dot"
    assert float(day.attrib["cx"]) == pytest.approx(at(date(2024, 3, 15), 0.5), abs=0.3)
    season = mark("d")  # 10 June 2023 to the end of August 2023: an explicit span, a bar
    assert season.tag == f"{NS}rect"
    assert float(season.attrib["x"]) == pytest.approx(at(date(2023, 6, 10)), abs=0.3)
    end = float(season.attrib["x"]) + float(season.attrib["width"])
    assert end == pytest.approx(at(date(2023, 9, 1)), abs=0.3)
    # The axis agrees: grid lines at the year boundaries the bracket spans.
    grid = {
        float(line.attrib["x1"])
        for line in root.iter(f"{NS}line")
        if "bf-tl-grid" in line.attrib.get("class", "")
    }
    assert any(abs(g - x0) <= 0.1 for g in grid) and any(abs(g - x1) <= 0.1 for g in grid)


def test_short_ranges_tick_months() -> None:
    items = [item(P(2024, 2, 1), "A", key="a"), item(P(2024, 9, 15), "B", key="b")]
    root = parse(v.timeline_svg(items, title="t"))
    ticks = [t.text for t in root.iter(f"{NS}text") if t.text not in ("A", "B")]
    assert "2024" in ticks and "Jun" in ticks, ticks


def test_long_ranges_tick_years_and_keep_month_widths() -> None:
    items = [item(P(1990), "Start", key="a"), item(P(2020, 5), "May", key="b")]
    root = parse(v.timeline_svg(items, title="t"))
    ticks = [t.text or "" for t in root.iter(f"{NS}text") if t.text not in ("Start", "May")]
    assert ticks and all(t.isdigit() and len(t) == 4 for t in ticks), ticks
    found = links(root)
    (year,) = found["#event-a"].iter(f"{NS}path")
    (month,) = found["#event-b"].iter(f"{NS}path")
    per_day = (shape_box(year).x1 - shape_box(year).x0) / 365
    # A month on a 30-year axis is under 2 units: drawn 6 wide so that it stays visible.
    assert shape_box(month).x1 - shape_box(month).x0 == pytest.approx(
        max(31 * per_day, 6), abs=0.15
    )
    assert_labels_clear(root)


def test_labels_do_not_overlap_each_other_or_other_events() -> None:
    cases = [SAMPLE, sixty(), sixty(11), [item(P(2025, 3, d), f"Day {d}") for d in range(1, 29)]]
    for items in cases:
        for width in (720, 480, 320):
            root = parse(v.timeline_svg(items, title="t", width=width))
            assert_labels_clear(root)
            marks = {
                href: [shape_box(el) for el in a if el.tag in MARKS]
                for href, a in links(root).items()
            }
            for href, a in links(root).items():
                for text in a.iter(f"{NS}text"):
                    box = label_of(text).box
                    for other, shapes in marks.items():
                        if other != href:
                            assert not any(box.overlaps(s) for s in shapes), (href, other)


def test_sixty_events_grow_taller_not_smaller() -> None:
    items = sixty()
    few = parse(v.timeline_svg(items[:5], title="t"))
    many = parse(v.timeline_svg(items, title="t"))
    assert len(links(many)) == 60
    assert view_box(many).y1 > view_box(few).y1
    sizes = {label.size for label in labels(many)}
    assert min(sizes) >= v.TICK_SIZE and max(sizes) == v.LABEL_SIZE
    assert "60 events from" in (many.find(f"{NS}desc").text or "")  # type: ignore[union-attr]


def test_same_input_gives_byte_identical_output_in_any_order() -> None:
    items = sixty()
    first = v.timeline_svg(items, title="t")
    assert v.timeline_svg(list(items), title="t") == first
    shuffled = list(items)
    random.Random(1).shuffle(shuffled)
    assert v.timeline_svg(shuffled, title="t") == first
    assert '.0"' not in first and '-0"' not in first, "coordinates are tidy"


def test_text_is_escaped() -> None:
    nasty = 'Talks <script>alert("x")</script> & "more"\x0b'
    href = '../briefs/a&b/?q="1"#event-1'
    svg = v.timeline_svg([v.TimelineItem(P(2025), None, nasty, "<2025>", href, "k")], title="<T>")
    assert "<script" not in svg and "\x0b" not in svg
    root = parse(svg)
    (a,) = root.iter(f"{NS}a")
    assert a.attrib["href"] == href
    (text,) = a.iter(f"{NS}text")
    assert text.text == nasty.replace("\x0b", "")
    assert root.find(f"{NS}title").text == "<T>"  # type: ignore[union-attr]


def test_cjk_labels_are_measured_wide() -> None:
    assert v.text_width("金正恩", 10) == pytest.approx(30)
    assert v.text_width("abc", 10) == pytest.approx(18)
    assert v.text_width("e\u0301", 10) == pytest.approx(6), "combining marks take no room"
    items = [item(P(2025, 3, d), f"金正恩が新型ミサイルの発射を視察 {d}") for d in range(1, 10)]
    root = parse(v.timeline_svg(items, title="北朝鮮"))
    assert_labels_clear(root)
    assert {t.text for t in root.iter(f"{NS}text")} >= {it.label for it in items}


def test_one_event_and_no_events() -> None:
    root = parse(v.timeline_svg([item(P(2025, 3, 21), "Only")], title="t"))
    assert assert_accessible(root, "1 event") == "1 event, 21 March 2025."
    assert len(links(root)) == 1
    assert v.timeline_svg([], title="t") == ""


def test_labels_beyond_three_lines_are_cut_and_kept_whole_in_the_tooltip() -> None:
    label = "A very long event title " * 10
    root = parse(v.timeline_svg([item(P(2025, 1), label)], title="t", width=360))
    (a,) = root.iter(f"{NS}a")
    lines = [t.text or "" for t in a.iter(f"{NS}text")]
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert a.find(f"{NS}title").text.endswith(label.strip())  # type: ignore[union-attr]
    assert_labels_clear(root)


TITLES_80 = [
    "North Korea announces test of a new anti-aircraft missile system, KCNA says today",
    "WWWWWWWW MMMMMMMM WWWWWWWW MMMMMMMM WWWWWWWW MMMMMMMM WWWWWWWW MMMMMMMM WWWWWWWW",
    "Putin visits North Korea; military agreement with mutual defense provisions sign",
    "金正恩が新型対空ミサイルの試射を視察 " * 2,
]


@pytest.mark.parametrize("title", TITLES_80)
def test_titles_up_to_80_characters_are_never_cut(title: str) -> None:
    title = title[:80]
    items = [item(P(2025, 3, 21), title, key="x"), item(P(2022, 2, 24), "Start", key="y")]
    root = parse(v.timeline_svg(items, title="t"))
    shown = " ".join(t.text or "" for t in links(root)["#event-x"].iter(f"{NS}text"))
    assert "…" not in shown and shown.replace(" ", "") == title.replace(" ", "")
    assert_labels_clear(root)


def test_a_month_is_a_bracket_that_never_spans_the_strip() -> None:
    items = [item(P(2025, 3), "March", key="m"), item(P(2025, 3, 21), "A day", key="d")]
    root = parse(v.timeline_svg(items, title="t"))
    (mark,) = (el for el in links(root)["#event-m"] if el.tag in MARKS)
    assert mark.tag == f"{NS}path" and "bf-tl-period" in mark.attrib["class"]
    box = shape_box(mark)
    assert box.x1 - box.x0 <= (view_box(root).x1 - view_box(root).x0) / 3 + 1


def test_visuals_fit_the_print_column_so_text_is_never_under_12_px() -> None:
    """Laid out within the A4 print column, drawn up to 1.25 times wider on a desktop:
    the text is at least its nominal size (12 or more) in print and at 1280 px. The
    browser tests measure the same on built pages."""
    nodes, edges = site()
    pictures = [
        v.timeline_svg(sixty(), title="t"),
        v.relation_svg(node(0, "Centre"), neighbours(12), title="t"),
        v.site_relation_svg(nodes, edges, title="t"),
    ]
    for svg in pictures:
        root = parse(svg)
        width = view_box(root).x1 - view_box(root).x0
        assert width <= v.svg.PRINT_WIDTH
        assert f"max-width:{v.svg.coord(width * v.svg.GROWTH)}px" in root.attrib["style"]
        assert min(label.size for label in labels(root)) >= 12


def test_odd_dates_do_not_break_the_strip() -> None:
    items = [
        item(P(9999, 12, 31), "Last day", key="a"),
        item(P(9999), "Last year", key="b"),
        item(P(2025, 5), "Ends before it starts", end=P(2024), key="c"),
    ]
    root = parse(v.timeline_svg(items, title="t"))
    assert len(links(root)) == 3
    assert_labels_clear(root)
    wide = [item(P(1000), "Old", key="a"), item(P(2025, 1, 1), "New", key="b")]
    assert_labels_clear(parse(v.timeline_svg(wide, title="t")))


# Relationship diagram ------------------------------------------------------------------------


def node(i: int | str, name: str, kind: str = "person") -> v.Node:
    return v.Node(f"n{i}", name, f"../n{i}/", kind)


CENTER = v.Node("kim", "Kim Jong Un", "../kim/", "person")
NAMES = [
    "Vladimir Putin",
    "Korean Central News Agency",
    "United Nations Security Council",
    "South Korea",
    "Sergei Shoigu",
    "金正恩",
    "The Straits Times",
    "Ministry of National Defense",
    "Russia",
    "Ukraine",
    "Hong Min",
    "Ahn Chan-il",
    "Extra One",
    "Extra Two",
    "Extra Three",
]


def neighbours(count: int = 15) -> list[v.Neighbour]:
    return [
        v.Neighbour(node(i, NAMES[i % len(NAMES)]), (i * 7) % 9, i % 4 == 0) for i in range(count)
    ]


def assert_diagram_clear(root: ET.Element) -> None:
    assert_labels_clear(root)
    circles = [shape_box(c) for c in root.iter(f"{NS}circle")]
    assert_no_overlap([(f"node {i}", c) for i, c in enumerate(circles)])
    for label in labels(root):
        for c in circles:
            assert not label.box.overlaps(c), f"{label.text!r} overlaps a node"
    bounds = view_box(root)
    assert all(c.inside(bounds) for c in circles)


def test_relation_is_well_formed_accessible_and_links_every_node() -> None:
    nbs = neighbours(8)
    root = parse(v.relation_svg(CENTER, nbs, title="Kim Jong Un's relations"))
    desc = assert_accessible(root, "Kim Jong Un and the 8 actors")
    affiliated = [nb.node.name for nb in nbs if nb.affiliated]
    assert affiliated and "Dashed lines are affiliations: " in desc
    assert all(name in desc for name in affiliated)
    found = links(root)
    assert set(found) == {CENTER.href, *(nb.node.href for nb in nbs)}
    for nb in nbs:
        a = found[nb.node.href]
        assert len(list(a.iter(f"{NS}circle"))) == 1
        drawn = " ".join(t.text or "" for t in a.iter(f"{NS}text"))
        assert drawn, f"{nb.node.name} has a label"
        assert nb.node.name.startswith(drawn.removesuffix("…")), (drawn, nb.node.name)
    assert_diagram_clear(root)


def test_relation_keeps_the_twelve_heaviest_in_a_stable_order() -> None:
    nbs = neighbours(15)
    svg = v.relation_svg(CENTER, nbs, title="t")
    root = parse(svg)
    found = links(root)
    assert len(found) == v.MAX_NEIGHBOURS + 1
    kept = sorted(nbs, key=lambda nb: (-nb.weight, not nb.affiliated, nb.node.name))[:12]
    assert set(found) - {CENTER.href} == {nb.node.href for nb in kept}
    assert "(12 of 15)" in (root.find(f"{NS}desc").text or "")  # type: ignore[union-attr]
    shuffled = list(nbs)
    random.Random(3).shuffle(shuffled)
    assert v.relation_svg(CENTER, shuffled, title="t") == svg


def edge_lines(root: ET.Element) -> list[ET.Element]:
    (group,) = [g for g in root.iter(f"{NS}g") if g.attrib.get("class") == "bf-rel-edges"]
    return list(group.iter(f"{NS}line"))


def test_edge_width_follows_weight_and_affiliations_are_dashed() -> None:
    nbs = neighbours(12)
    root = parse(v.relation_svg(CENTER, nbs, title="t"))
    edges = {(line.attrib["x2"], line.attrib["y2"]): line for line in edge_lines(root)}
    assert len(edges) == 12
    widths = []
    for nb in nbs:
        (circle,) = links(root)[nb.node.href].iter(f"{NS}circle")
        edge = edges[(circle.attrib["cx"], circle.attrib["cy"])]
        assert ("bf-rel-affiliation" in edge.attrib["class"]) == nb.affiliated
        widths.append((nb.weight, float(edge.attrib["stroke-width"])))
    widths.sort()
    assert all(w1 <= w2 for (_, w1), (_, w2) in itertools.pairwise(widths))
    assert widths[0][1] < widths[-1][1]
    style = root.find(f"{NS}style").text or ""  # type: ignore[union-attr]
    assert ".bf-rel-affiliation{" in style and "stroke-dasharray" in style


@pytest.mark.parametrize("count", [1, 2, 3, 5, 7, 12])
@pytest.mark.parametrize("size", [320, 480, 640])
def test_relation_labels_clear_of_each_other_and_of_nodes(count: int, size: int) -> None:
    root = parse(v.relation_svg(CENTER, neighbours(count), title="t", size=size))
    assert len(links(root)) == count + 1
    assert_diagram_clear(root)


def test_relation_edge_cases() -> None:
    assert v.relation_svg(CENTER, [], title="t") == ""
    only_self = [v.Neighbour(CENTER, 3, False)]
    assert v.relation_svg(CENTER, only_self, title="t") == ""
    twice = [v.Neighbour(node(1, "A"), 2, False), v.Neighbour(node(1, "A"), 1, True)]
    root = parse(v.relation_svg(CENTER, [*twice, *only_self], title="t"))
    assert len(links(root)) == 2, "one node per actor, the centre not repeated"
    odd = [v.Neighbour(v.Node("x", '<Ü & "金">', "../x/?a=1&b=2", "st<ate"), 1, False)]
    root = parse(v.relation_svg(v.Node("c", "<c>", "../c/", "person"), odd, title="<t>"))
    assert "../x/?a=1&b=2" in links(root)
    assert_diagram_clear(root)


# Site-wide diagram -----------------------------------------------------------------------------


def site(count: int = 55, seed: int = 5) -> tuple[list[v.Node], list[v.Edge]]:
    rnd = random.Random(seed)
    kinds = ["person", "state", "organization", "media"]
    nodes = [node(i, f"{NAMES[i % len(NAMES)]} {i}", kinds[i % 4]) for i in range(count)]
    edges: list[v.Edge] = []
    for i in range(count):
        for j in range(i + 1, count):
            if rnd.random() < 0.06 + (0.3 if i < 5 else 0):
                edges.append((f"n{i}", f"n{j}", rnd.randint(0, 5), rnd.random() < 0.15))
    return nodes, edges


def test_site_diagram_caps_at_thirty_and_says_how_many_more() -> None:
    nodes, edges = site()
    svg = v.site_relation_svg(nodes, edges, title="All actors")
    root = parse(svg)
    desc = assert_accessible(root, "30 actors, grouped by kind")
    note = root.find(f".//{NS}g[@class='bf-site-note']/{NS}text")
    assert note is not None and re.match(r"\d+ more actors with links not drawn", note.text or "")
    assert "The list beside it names all 55 actors." in desc
    assert "most connected of" in desc
    found = links(root)
    assert len(found) == v.MAX_SITE_NODES
    assert set(found) <= {nd.href for nd in nodes}
    assert_diagram_clear(root)
    shuffled_nodes, shuffled_edges = list(nodes), [(b, a, w, f) for a, b, w, f in edges]
    random.Random(2).shuffle(shuffled_nodes)
    random.Random(2).shuffle(shuffled_edges)
    assert v.site_relation_svg(shuffled_nodes, shuffled_edges, title="All actors") == svg


@pytest.mark.parametrize("count", [2, 3, 12, 25, 30])
def test_site_diagram_small_and_medium(count: int) -> None:
    nodes, edges = site(count, seed=count)
    edges.append(("n0", "n1", 1, False))
    root = parse(v.site_relation_svg(nodes, edges, title="t"))
    connected = {a for a, b, w, f in edges if w or f} | {b for a, b, w, f in edges if w or f}
    assert {a.attrib["href"] for a in root.iter(f"{NS}a")} == {f"../{n}/" for n in connected}
    assert_diagram_clear(root)


def test_site_diagram_ignores_loose_ends() -> None:
    nodes = [node(1, "A"), node(2, "B"), node(3, "Alone")]
    edges: list[v.Edge] = [("n1", "n2", 0, True), ("n1", "ghost", 4, False), ("n2", "n2", 3, False)]
    root = parse(v.site_relation_svg(nodes, edges, title="t"))
    assert set(links(root)) == {"../n1/", "../n2/"}
    (edge,) = edge_lines(root)
    assert "bf-rel-affiliation" in edge.attrib["class"], "an affiliation alone is still drawn"
    assert v.site_relation_svg(nodes, [], title="t") == ""
    assert v.site_relation_svg([], [], title="t") == ""


# Pages and content --------------------------------------------------------------------------


def test_figure_passes_through_markdown_untouched() -> None:
    svg = v.timeline_svg(SAMPLE, title="A & B")
    block = v.figure(svg, caption="Timeline <strip>")
    html = markdown.markdown(
        f"# Page\n\n{block}\n## Next\n", extensions=["md_in_html", "attr_list", "toc"]
    )
    assert svg in html
    assert "<figcaption>Timeline &lt;strip&gt;</figcaption>" in html
    assert v.figure("") == ""


def test_builders_from_the_example_content() -> None:
    content, diagnostics = load_content(CONTENT)
    assert not [d for d in diagnostics if d.severity == "error"]
    index = build_index(content)

    def href(actor_id: str) -> str:
        return f"../{actor_id}/"

    nbs = v.actor_neighbours(index, "kim-jong-un", href)
    by_id = {nb.node.id: nb for nb in nbs}
    assert by_id["north-korea"].affiliated and not by_id["sergei-shoigu"].affiliated
    assert all(nb.weight >= 1 for nb in nbs if not nb.affiliated)
    assert "kim-jong-un" not in by_id
    center = v.actor_node(index, "kim-jong-un", href)
    root = parse(v.relation_svg(center, nbs, title="Kim Jong Un"))
    assert len(links(root)) == len(nbs) + 1
    assert_diagram_clear(root)

    nodes, edges = v.site_graph(index, href)
    assert [n.id for n in nodes] == sorted(content.actors)
    assert all(a < b for a, b, _, _ in edges)
    weights = {(a, b): (w, f) for a, b, w, f in edges}
    weight, affiliated = weights[("kim-jong-un", "north-korea")]
    assert affiliated and weight > 1, "one shared brief plus the events they share"
    root = parse(v.site_relation_svg(nodes, edges, title="Actors"))
    assert_diagram_clear(root)
    brief = next(iter(content.briefs.values()))
    items = [
        v.TimelineItem(e.date, e.end, e.title, e.date.label, f"#event-{n}", str(n))
        for n, e in enumerate(brief.timeline, 1)
    ]
    root = parse(v.timeline_svg(items, title=brief.title))
    assert len(links(root)) == len(brief.events)
    assert_labels_clear(root)


def test_site_diagram_draws_each_actors_strongest_ties_not_a_mesh() -> None:
    """Twelve actors of one brief are all linked; only each one's three strongest links
    (and affiliations) are drawn, and the heavier links are among them."""
    nodes = [node(i, f"Actor {i}", ("state", "person", "media")[i % 3]) for i in range(12)]
    edges: list[v.Edge] = [
        (f"n{i}", f"n{j}", 1 + (i + j == 5), False) for i in range(12) for j in range(i + 1, 12)
    ]
    edges.append(("n10", "n11", 0, True))
    root = parse(v.site_relation_svg(nodes, edges, title="t"))
    drawn = edge_lines(root)
    assert len(drawn) < 66 // 2
    assert any("bf-rel-affiliation" in line.attrib["class"] for line in drawn)
    desc = root.find(f"{NS}desc")
    assert desc is not None and "3 strongest links" in (desc.text or "")
    kinds = root.find(f".//{NS}g[@class='bf-site-kinds']")
    assert kinds is not None and [t.text for t in kinds.iter(f"{NS}text")] == [
        "state",
        "person",
        "other",
    ]
    assert_diagram_clear(root)


def test_density_overview_counts_events_per_month_and_labels_years() -> None:
    rnd = random.Random(4)
    dates = [P(rnd.randint(2015, 2024), rnd.randint(1, 12), rnd.randint(1, 28)) for _ in range(500)]
    dates += [P(2020), P(2018, 3)]
    svg = v.density_svg(dates, title="Timeline: events per month")
    root = parse(svg)
    desc = assert_accessible(root, "Events per month: 501 events from Jan 2015 to Dec 2024")
    assert "1 event dated only to a year is not drawn" in desc
    bars = [r for r in root.iter(f"{NS}rect") if r.attrib.get("class") == "bf-tl-density"]
    titles = [b.findtext(f"{NS}title") or "" for b in bars]
    total = sum(int(t.split(": ")[1].split()[0]) for t in titles)
    assert total == 501
    ticks = [t.text for t in root.iter(f"{NS}text")]
    assert "2015" in ticks and "2024" in ticks
    assert min(label.size for label in labels(root)) >= 12
    assert_labels_clear(root)
    assert v.density_svg([P(2020)], title="t") == ""
    assert v.density_svg(list(reversed(dates)), title="Timeline: events per month") == svg


@pytest.mark.slow  # a third of a second or more: out of make test-fast
def test_timeline_page_with_many_events_shows_the_density_overview(tmp_path: Path) -> None:
    """More events than the strip holds: the Timeline page shows events per month (each
    month's bar linking its year's page), then the world map; the year pages list every
    event."""
    project = copy_project(tmp_path / "project")
    brief_file = next((project / "content" / "briefs").glob("*.yml"))
    brief = yaml.safe_load(brief_file.read_text(encoding="utf-8"))
    extra = [
        {"date": f"{2000 + n // 12}-{n % 12 + 1:02d}-15", "title": f"Extra event {n}"}
        for n in range(80)
    ]
    brief["events"] = brief["events"] + extra
    brief_file.write_text(yaml.safe_dump(brief, allow_unicode=True), encoding="utf-8")
    out = project / "out"
    assert main(["generate", "--out", str(out), "--content", str(project / "content")]) == 0
    page = (out / "docs" / "timeline.md").read_text(encoding="utf-8")
    assert "Timeline: events per month</title>" in page
    assert 'class="bf-vis bf-tl"' in page and 'class="bf-tl-event"' not in page
    assert page.index("events per month</title>") < page.index('class="bf-vis bf-map"')
    assert '<a href="2003/" aria-label="Jan 2003: 1 event">' in page
    years = (out / "docs" / "timeline").rglob("*.md")
    assert sum(p.read_text(encoding="utf-8").count("Extra event") for p in years) == 80
