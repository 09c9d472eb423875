"""The event map: projection, vendored data, the SVG (title, links, size, determinism),
the places list, coordinates validation and the map on built pages."""

from __future__ import annotations

import random
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import copy_project, mkdocs

from generator import visuals as v
from generator.diagnostics import BriefingError
from generator.validate import load_content
from generator.visuals import geo

NS = "{http://www.w3.org/2000/svg}"
DATA = Path(v.__file__).parent / "data"

PYONGYANG = (39.0392, 125.7625)
SEOUL = (37.5665, 126.978)
MOSCOW = (55.7558, 37.6173)
KYIV = (50.4501, 30.5234)


def event(n: int, label: str = "") -> v.MapEvent:
    return v.MapEvent(label or f"Event {n}", f"{n} March 2025", f"#event-{n}")


def sample() -> list[v.Place]:
    return v.group_places(
        [
            ("Pyongyang", "KP", PYONGYANG, event(1, "Shoigu holds talks with Kim Jong Un")),
            ("Seoul", "KR", SEOUL, event(2)),
            ("Moscow", "RU", MOSCOW, event(3)),
            ("Pyongyang", "KP", PYONGYANG, event(4)),
            ("Ukraine", "UA", None, event(5, "Russia invades Ukraine")),
            ("Nowhere", None, None, event(6)),
        ]
    )


def test_projection_keeps_places_in_their_order() -> None:
    (px, py), (_sx, sy), (mx, my) = (geo.project(*p) for p in (PYONGYANG, SEOUL, MOSCOW))
    assert px > mx, "Pyongyang is east of Moscow"
    assert py < sy, "Pyongyang is north of Seoul (y grows southwards)"
    assert my < py
    assert geo.project(0, 0) == (0.0, -0.0) or geo.project(0, 0) == (0.0, 0.0)
    west, east = geo.project(0, -180), geo.project(0, 180)
    assert west[0] == pytest.approx(-east[0])


def test_vendored_data_is_small_licensed_and_covers_the_example() -> None:
    assert (DATA / "world.json").stat().st_size <= 200_000
    licence = (DATA / "LICENSE").read_text(encoding="utf-8")
    assert "ISC" in licence and "Natural Earth" in licence and "public domain" in licence
    for code in ("KP", "KR", "RU", "UA", "US", "FR"):
        assert code in geo.countries()
    lat, lon = geo.centroid("KP") or (0, 0)
    assert 38 < lat < 42 and 124 < lon < 130
    lat, lon = geo.centroid("RU") or (0, 0)
    assert 50 < lat < 70 and 40 < lon < 140, "Russia's centroid is not pulled over the antimeridian"
    assert geo.centroid("ZZ") is None


def test_places_group_events_and_fall_back_to_the_country() -> None:
    places = sample()
    assert [p.name for p in places] == ["Pyongyang", "Moscow", "Seoul", "Ukraine"]
    assert [e.href for e in places[0].events] == ["#event-1", "#event-4"]
    ukraine = places[-1]
    assert (ukraine.lat, ukraine.lon) == geo.centroid("UA")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_map_svg_is_titled_linked_small_and_zoomed() -> None:
    places = sample()
    svg = v.map_svg(places, title="Map of events: a brief")
    root = parse(svg)
    first = next(iter(root))
    assert first.tag == f"{NS}title" and (first.text or "").startswith("Map")
    assert root.attrib["role"] == "group", "a picture with links is not an image"
    assert root.attrib["aria-labelledby"] == first.attrib["id"]
    desc = root.find(f"{NS}desc")
    assert desc is not None and "4 places of 5 events" in (desc.text or "")
    hrefs = [a.attrib["href"] for a in root.iter(f"{NS}a")]
    assert hrefs == ["#event-1", "#event-3", "#event-2", "#event-5"]
    assert len(svg.encode()) <= 60_000
    # Zoomed: the view is the places' extent, far narrower than the world map.
    world = parse(v.map_svg(places, title="Map", world=True))
    dots = {a.attrib["href"]: a.find(f"{NS}circle") for a in root.iter(f"{NS}a")}
    x = {h: float(c.attrib["cx"]) for h, c in dots.items() if c is not None}
    y = {h: float(c.attrib["cy"]) for h, c in dots.items() if c is not None}
    assert x["#event-1"] > x["#event-3"] and y["#event-1"] < y["#event-2"]
    assert root.find(f"{NS}path") is not None and world.find(f"{NS}path") is not None
    assert v.map_svg([], title="Map") == ""


def test_map_is_deterministic_whatever_the_input_order() -> None:
    located = [
        ("Pyongyang", "KP", PYONGYANG, event(1)),
        ("Seoul", "KR", SEOUL, event(2)),
        ("Kyiv", "UA", KYIV, event(3)),
        ("Moscow", "RU", MOSCOW, event(4)),
    ]
    expected = v.map_svg(v.group_places(located), title="Map of events")
    for seed in range(3):
        shuffled = list(located)
        random.Random(seed).shuffle(shuffled)
        assert v.map_svg(v.group_places(shuffled), title="Map of events") == expected


def test_world_map_with_many_places_stays_under_60_kb() -> None:
    rnd = random.Random(3)
    located = [
        (f"Place {i}", None, (rnd.uniform(-55, 75), rnd.uniform(-180, 180)), event(i))
        for i in range(400)
    ]
    places = v.group_places(located)
    svg = v.map_svg(places, title="Map of events", world=True)
    assert len(svg.encode()) <= 60_000
    assert len(list(parse(svg).iter(f"{NS}a"))) == v.MAX_MAP_PLACES
    assert f"the {v.MAX_MAP_PLACES} with most events are drawn" in svg


def test_places_list_links_every_place() -> None:
    html = v.places_html(sample(), per_place=1)
    assert html.count("<li>") == 4
    assert '<strong>Pyongyang</strong> (KP): <a href="#event-1">' in html
    assert "and 1 more event" in html
    assert v.places_html([]) == ""


BRIEF = """\
title: A brief
date: 2025-03-21
summary: Something happened.
events:
  - date: "2025-03-21"
    title: Talks
    location:
      name: Pyongyang
      country: KP
      coordinates: [{lat}, {lon}]
"""


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        ("95.5", "125", "latitude 95.5 is out of range"),
        ("39", "-181", "longitude -181.0 is out of range"),
        ("39", '"east"', "Input should be a valid number"),
        ("39", '"125.7"', "Input should be a valid number"),
        ("true", "125", "Input should be a valid number"),
        (".nan", "125", "latitude nan is out of range"),
    ],
)
def test_bad_coordinates_are_reported_at_their_line(
    tmp_path: Path, lat: str, lon: str, message: str
) -> None:
    content = tmp_path / "content"
    (content / "briefs").mkdir(parents=True)
    (content / "actors").mkdir()
    (content / "briefs" / "a.yml").write_text(BRIEF.format(lat=lat, lon=lon), encoding="utf-8")
    with pytest.raises(BriefingError) as info:
        load_content(content, base=tmp_path)
    (diag,) = info.value.diagnostics
    assert (diag.path, diag.line) == ("content/briefs/a.yml", 10)
    assert message in diag.message


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    project = copy_project(tmp_path_factory.mktemp("map") / "project")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    yield project / "site"
    shutil.rmtree(project, ignore_errors=True)


@pytest.mark.slow
def test_example_brief_page_shows_a_map_of_its_located_events(built: Path) -> None:
    html = (built / "briefs" / "north-korea-weapon-test-shoigu-visit" / "index.html").read_text()
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg" class="bf-vis bf-map"')
    svg = html[start : html.index("</svg>", start) + len("</svg>")]
    root = parse(svg)
    assert (next(iter(root)).text or "").startswith("Map of events")
    hrefs = {a.attrib["href"] for a in root.iter(f"{NS}a")}
    assert hrefs and all(h.startswith("#event-") for h in hrefs)
    for h in hrefs:
        assert f'id="{h[1:]}"' in html, f"{h} points at an event on the page"
    assert '<ul class="bf-map-list">' in html and "<strong>Pyongyang</strong> (KP)" in html
    timeline = (built / "timeline" / "index.html").read_text()
    assert 'class="bf-vis bf-map"' in timeline
    actor = (built / "actors" / "kim-jong-un" / "index.html").read_text()
    assert 'class="bf-vis bf-map"' in actor
