"""The source registry, shared events and two-part grades, end to end.

Two briefs cite one registry source and list one shared event; a `{source, credibility}`
on a `B` source shows `B2`. The site is a real `mkdocs build --strict` of a copy of the
example project with those files added; the checks read the HTML and JSON it wrote.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema
import pytest
from gitrepo import commit, new_project
from helpers import EXAMPLE_CONTENT, copy_project, mkdocs, read_json, write_files
from test_editions import _pdf_text as pdf_text

from generator.changes import ADDED, diff_briefs
from generator.history import read_history
from generator.model import SharedEvent
from generator.validate import brief_from_text, load_content

if TYPE_CHECKING:
    from playwright.sync_api import Browser

SOURCE = """\
# yaml-language-server: $schema=../schema/source.schema.json
title: Shoigu arrives in Pyongyang
publisher: Wire Agency
outlet: the-straits-times
republished_by: The Straits Times
authors: [A. Reporter, B. Writer]
url: https://example.org/wire/shoigu
published: "2025-03-21"
reliability: B
language: en
kind: article
"""
EVENT = """\
# yaml-language-server: $schema=../schema/event.schema.json
date: "2025-03-20"
title: Shoigu lands in Pyongyang
actors: [sergei-shoigu]
location: {name: Pyongyang, country: KP}
sources:
  - {source: wire-shoigu, credibility: 2}
"""


def brief(title: str, day: str) -> str:
    return f"""\
title: {title}
date: {day}
summary: "[[sergei-shoigu]] went to Pyongyang.[^wire-shoigu]"
key_judgments:
  - text: Cooperation will deepen.
    likelihood: likely
    confidence: moderate
    sources:
      - {{source: wire-shoigu, credibility: 2}}
events:
  - shoigu-arrives
  - date: "{day}"
    title: Talks in {title}
    sources: [wire-shoigu]
"""


FILES = {
    "sources/wire-shoigu.yml": SOURCE,
    "events/shoigu-arrives.yml": EVENT,
    "briefs/first-visit-brief.yml": brief("First visit brief", "2025-03-22"),
    "briefs/second-visit-brief.yml": brief("Second visit brief", "2025-03-23"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("registry"))
    write_files(project / "content", FILES)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def page_text(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def visible(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.slow
def test_shared_event_is_listed_once_on_the_timeline_with_both_briefs(site: Path) -> None:
    timeline = page_text(site, "timeline")
    # The event list's lines: "<strong>date</strong>: <a>title</a> · ... · from <briefs>".
    line = r"<li><strong>[^<]*</strong>: <a [^>]*>Shoigu lands in Pyongyang</a>(?:(?!</li>).)*"
    items = re.findall(line, timeline, re.S)
    assert len(items) == 1
    assert "First visit brief" in items[0] and "Second visit brief" in items[0]
    actor = page_text(site, "actors/sergei-shoigu")
    assert len(re.findall(r"<li>[^<]*<strong>[^<]*</strong>: <a[^>]*>Shoigu lands", actor)) == 1
    for brief_id in ("first-visit-brief", "second-visit-brief"):
        page = page_text(site, f"briefs/{brief_id}")
        assert 'id="event-1"' in page and "Shoigu lands in Pyongyang" in page


@pytest.mark.slow
def test_source_page_lists_both_briefs_and_what_cites_it(site: Path) -> None:
    page = page_text(site, "sources/wire-shoigu")
    text = visible(page)
    assert "A. Reporter, B. Writer, Wire Agency" in text
    assert "republished by The Straits Times" in text
    assert "Reliability B" in text
    for brief_id in ("first-visit-brief", "second-visit-brief"):
        assert f'href="../../briefs/{brief_id}/"' in page
        assert f'href="../../briefs/{brief_id}/#judgment-1"' in page
    index = page_text(site, "sources")
    assert 'href="../actors/the-straits-times/"' in index  # grouped under its outlet
    assert 'href="wire-shoigu/"' in index
    outlet = page_text(site, "actors/the-straits-times")
    assert "Sources published" in outlet and 'href="../../sources/wire-shoigu/"' in outlet


@pytest.mark.slow
def test_graded_citation_shows_the_combined_grade(site: Path) -> None:
    page = page_text(site, "briefs/first-visit-brief")
    grades = re.findall(r'<span class="bf-grade" title="([^"]+)">B2<', page)
    assert grades, "no B2 grade on the page"
    assert grades[0] == "Reliability B: usually reliable; credibility 2: probably true"
    # Cited by id only: the mark alone, no grade.
    event = page[page.index('id="event-2"') :]
    assert "bf-grade" not in event[: event.index("</div>")]
    # Registry citations have their notes at the end, with the full citation.
    assert '<li id="cite-wire-shoigu">' in page


@pytest.mark.slow
def test_api_carries_sources_shared_events_and_credibility(site: Path) -> None:
    events = read_json(site, "api/events.json")["events"]
    shared = [e for e in events if e["shared_id"] == "shoigu-arrives"]
    assert len(shared) == 1
    assert [b["id"] for b in shared[0]["briefs"]] == ["first-visit-brief", "second-visit-brief"]
    assert shared[0]["citations"] == [{"source": "wire-shoigu", "credibility": 2, "grade": "B2"}]
    sources = read_json(site, "api/sources.json")["sources"]
    wire = next(s for s in sources if s["id"] == "wire-shoigu")
    assert wire["outlet"]["id"] == "the-straits-times"
    assert {b["id"] for b in wire["cited_by"]} == {"first-visit-brief", "second-visit-brief"}
    assert read_json(site, "api/sources/wire-shoigu.json") == wire
    doc = read_json(site, "api/briefs/first-visit-brief.json")
    assert doc["key_judgments"][0]["citations"][0]["grade"] == "B2"
    assert doc["key_judgments"][0]["sources"] == ["wire-shoigu"]
    # Every document is valid against its published schema.
    documents = {
        "events": "api/events.json",
        "sources": "api/sources.json",
        "source": "api/sources/wire-shoigu.json",
        "brief": "api/briefs/first-visit-brief.json",
    }
    for name, path in documents.items():
        jsonschema.validate(
            read_json(site, path), read_json(site, f"api/schema/{name}.schema.json")
        )


@pytest.mark.slow
def test_jsonld_cites_the_registry_source_and_names_the_shared_event(site: Path) -> None:
    page = page_text(site, "briefs/first-visit-brief")
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert match
    doc = json.loads(match.group(1))
    (work,) = [c for c in doc["citation"] if c.get("@id", "").endswith("#source")]
    assert work["author"] == [
        {"@type": "Person", "name": "A. Reporter"},
        {"@type": "Person", "name": "B. Writer"},
    ]
    assert work["publisher"]["@type"] == "NewsMediaOrganization"
    events = [t for t in doc["about"] if t["@type"] == "Event"]
    assert [e["name"] for e in events] == ["Shoigu lands in Pyongyang"]


@pytest.mark.slow
def test_source_pages_are_searchable_and_not_in_the_nav(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(d["location"].startswith("sources/wire-shoigu/") for d in index["docs"])
    home = page_text(site, "")
    assert "sources/wire-shoigu/" not in home


def test_history_reads_a_brief_that_lists_shared_events() -> None:
    text = brief("A brief", "2025-03-22")
    old = brief_from_text(text, "a-brief")
    new = brief_from_text(text.replace("  - shoigu-arrives\n", "  - other-event\n"), "a-brief")
    assert old is not None and new is not None
    assert old.events[0] == "shoigu-arrives"
    changes = {c.text for c in diff_briefs(old, new)}
    assert "1 event added: other-event" in changes
    assert "1 event removed: shoigu-arrives" in changes


def test_loaded_briefs_hold_the_shared_event_itself(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(EXAMPLE_CONTENT, tmp_path / "content")
    write_files(tmp_path / "content", FILES)
    content, warnings = load_content(tmp_path / "content", tmp_path)
    assert warnings == []
    first = content.briefs["first-visit-brief"].timeline[0]
    assert isinstance(first, SharedEvent) and first is content.events["shoigu-arrives"]


def test_a_source_only_withheld_briefs_cite_is_withheld_with_them(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(EXAMPLE_CONTENT, tmp_path / "content")
    amber = brief("Amber visit brief", "2025-03-24").replace("title:", "tlp: amber\ntitle:", 1)
    files = {**FILES, "briefs/second-visit-brief.yml": amber}
    files["briefs/first-visit-brief.yml"] = files["briefs/first-visit-brief.yml"].replace(
        "wire-shoigu", "straits-times-2025-03-21"
    )
    files["events/shoigu-arrives.yml"] = files["events/shoigu-arrives.yml"].replace(
        "wire-shoigu", "straits-times-2025-03-21"
    )
    write_files(tmp_path / "content", files)
    content, _ = load_content(tmp_path / "content", tmp_path)
    assert "wire-shoigu" in content.sources
    assert "wire-shoigu" not in content.shown().sources  # only the amber brief cites it
    assert "straits-times-2025-03-21" in content.shown().sources  # a shown brief cites it
    assert "wire-shoigu" in content.shown(tlp_max="amber").sources


@pytest.mark.slow
def test_grade_badge_has_its_tooltip_on_screen_and_its_meaning_in_print(
    site: Path, chromium: Browser, tmp_path: Path
) -> None:
    meaning = "Reliability B: usually reliable; credibility 2: probably true"
    page = chromium.new_page()
    try:
        page.goto((site / "briefs" / "first-visit-brief" / "index.html").as_uri())
        badge = page.locator("#judgment-1 .bf-grade").first
        assert badge.is_visible()
        assert badge.get_attribute("title") == meaning
        assert badge.inner_text() == "B2"  # on screen, the meaning is the tooltip only
        page.emulate_media(media="print")
        assert badge.inner_text() == f"B2 ({meaning})"
        pdf = tmp_path / "brief.pdf"
        pdf.write_bytes(page.pdf(format="A4"))
    finally:
        page.close()
    printed = " ".join(pdf_text(pdf).split())
    assert f"B2 ({meaning})" in printed


def test_history_compares_a_brief_with_shared_events_by_meaning(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project")
    files = {
        "sources/wire-shoigu.yml": SOURCE.replace("outlet: the-straits-times\n", ""),
        "events/shoigu-arrives.yml": EVENT.replace("actors: [sergei-shoigu]\n", ""),
        "briefs/a-brief.yml": brief("A brief", "2025-03-22").replace("sergei-shoigu", "kcna"),
    }
    write_files(project / "content", files)
    commit(project, "Add a brief", "2025-03-22T10:00:00+00:00")
    path = project / "content" / "briefs" / "a-brief.yml"
    path.write_text(path.read_text("utf-8").replace("likely", "very likely"), "utf-8")
    commit(project, "Raise the judgment", "2025-03-23T10:00:00+00:00")
    text = path.read_text("utf-8").replace("events:\n", "events:\n  # no change of meaning\n")
    path.write_text(text, "utf-8")
    commit(project, "Comment", "2025-03-24T10:00:00+00:00")
    content, warnings = load_content(project / "content", project)
    assert warnings == []
    history = read_history(project / "content", current=content.briefs)
    newest, raised, first = history.of("a-brief")
    # The newest revision is the loaded brief (shared event resolved), the older ones are
    # read from git (the event's bare id): the event is no change of meaning.
    assert newest.changes == ()
    assert [c.text for c in raised.changes] == ["likelihood: likely → very likely"]
    assert [c.kind for c in first.changes] == [ADDED]
    assert history.meaning_updated("a-brief") == date(2025, 3, 23)


@pytest.mark.slow  # a third of a second or more: out of make test-fast
def test_registry_text_is_never_markup(tmp_path: Path) -> None:
    import shutil

    from generator.feeds import render_html, strip_front_matter
    from generator.site import MARKDOWN_EXTENSIONS, build_site

    hostile = "<script>alert(1)</script> [x](javascript:alert(1)) **bold**"
    shutil.copytree(EXAMPLE_CONTENT, tmp_path / "content")
    source = (
        SOURCE.replace("Shoigu arrives in Pyongyang", json.dumps(hostile))
        .replace("[A. Reporter, B. Writer]", json.dumps([hostile]))
        .replace("republished_by: The Straits Times", f"republished_by: {json.dumps(hostile)}")
    )
    write_files(tmp_path / "content", {**FILES, "sources/wire-shoigu.yml": source})
    content, _ = load_content(tmp_path / "content", tmp_path)
    site = build_site(content)
    for path in ("sources/wire-shoigu.md", "sources.md", "briefs/first-visit-brief.md"):
        page = render_html(strip_front_matter(site.pages[path]), MARKDOWN_EXTENSIONS)
        assert "<script>alert" not in page, path
        assert 'href="javascript:' not in page and "<strong>bold" not in page, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1))" in page, path
