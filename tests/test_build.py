"""A real `mkdocs build --strict` of the example, and assertions on the HTML it produced."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import copy_project, mkdocs, site_dirs

from generator.validate import load_content

# Every test here builds a whole site.
pytestmark = pytest.mark.slow

BRIEF = "north-korea-weapon-test-shoigu-visit"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return project / "site"


def html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_every_page_type_exists(built: Path) -> None:
    for page in (
        "index.html",
        "briefs/index.html",
        f"briefs/{BRIEF}/index.html",
        "actors/index.html",
        "actors/sergei-shoigu/index.html",
        "timeline/index.html",
        "sources/index.html",
        "quotes/index.html",
        "tags/index.html",
        "search/search_index.json",
    ):
        assert (built / page).is_file(), page


def test_brief_links_actors_and_back(built: Path) -> None:
    brief = html(built, f"briefs/{BRIEF}/index.html")
    assert 'href="../../actors/sergei-shoigu/"' in brief
    assert 'href="../../actors/kim-jong-un/"' in brief
    actor = html(built, "actors/sergei-shoigu/index.html")
    assert f'href="../../briefs/{BRIEF}/"' in actor
    assert "Сергей" in actor  # native name shown


def test_footnotes_hold_the_full_citation(built: Path) -> None:
    brief = html(built, f"briefs/{BRIEF}/index.html")
    footnotes = brief[brief.index('class="footnote"') :]
    assert "The Straits Times" in footnotes
    assert "https://www.straitstimes.com/" in footnotes
    assert '<li id="cite-straits-times-2025-03-21">' in footnotes
    # Marks are numbered in order of first citation and point at the note.
    assert re.search(
        r'<sup class="bf-cite"><a class="footnote-ref" href="#cite-straits-times-2025-03-21">1</a>',
        brief,
    )


def test_judgments_show_likelihood_and_confidence(built: Path) -> None:
    brief = html(built, f"briefs/{BRIEF}/index.html")
    assert "bf-likelihood-very-likely" in brief and "80–95%" in brief
    assert "bf-confidence-moderate" in brief


def test_entity_pages_stay_out_of_the_nav(built: Path) -> None:
    home = html(built, "index.html")
    nav = home[home.index('class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index('class="md-sidebar md-sidebar--secondary"')]
    assert "sergei-shoigu" not in nav and BRIEF not in nav
    assert "Timeline" in nav


def test_timeline_links_events_to_their_brief(built: Path) -> None:
    timeline = html(built, "timeline/index.html")
    assert f'href="../briefs/{BRIEF}/#event-' in timeline
    assert "Late February 2025" in timeline
    assert re.search(r"<h2[^>]*>2025", timeline)


def test_search_index_holds_native_names(built: Path) -> None:
    index = (built / "search" / "search_index.json").read_text(encoding="utf-8")
    for word in ("Shoigu", "Шойгу", "김정은", "Ahn Chan-il"):
        assert word in index or word.encode("unicode_escape").decode() in index, word


def test_no_cdn_fonts_or_scripts(built: Path) -> None:
    home = html(built, "index.html")
    assert "fonts.googleapis.com" not in home and "fonts.gstatic.com" not in home
    assert not re.search(r'<script[^>]+src="https?://', home)


def test_bad_content_fails_and_leaves_the_last_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    assert mkdocs(project, "build", "--strict").returncode == 0
    index = project / "site" / "index.html"
    before = index.read_text(encoding="utf-8")
    brief = project / "content" / "briefs" / f"{BRIEF}.yml"
    brief.write_text(
        brief.read_text(encoding="utf-8").replace("summary:", "sumary:", 1), encoding="utf-8"
    )
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 1
    assert re.search(
        rf"content/briefs/{BRIEF}\.yml:\d+:1: error: unknown field 'sumary'", result.stderr
    )
    assert "did you mean 'summary'" in result.stderr
    assert "Traceback" not in result.stderr
    assert index.read_text(encoding="utf-8") == before  # site/ was not cleaned


@pytest.mark.parametrize("site_dir", ["site", "site-offline"])
def test_failure_after_validation_keeps_the_last_site(tmp_path: Path, site_dir: str) -> None:
    """Valid content, then a --strict failure (a nav entry to a missing page): the build
    went into a staging dir, so the last good site is untouched and nothing is left over."""
    project = copy_project(tmp_path / "project")
    env = {"BRIEFING_SITE_DIR": site_dir}
    first = mkdocs(project, "build", "--strict", env=env)
    assert first.returncode == 0, first.stderr
    assert "not included in the nav" not in first.stderr  # no line per brief or actor
    assert "properdocs" not in (first.stdout + first.stderr).lower()  # no notice about it
    site = project / site_dir
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    config = project / "mkdocs.yml"
    good_config = config.read_text(encoding="utf-8")
    config.write_text(
        good_config.replace("  - Tags: tags.md\n", "  - Tags: tags.md\n  - Missing: missing.md\n"),
        encoding="utf-8",
    )
    brief = project / "content" / "briefs" / f"{BRIEF}.yml"
    brief.write_text(
        brief.read_text(encoding="utf-8").replace("title: North", "title: Changed North", 1),
        encoding="utf-8",
    )
    failed = mkdocs(project, "build", "--strict", env=env)
    assert failed.returncode == 1
    output = failed.stdout + failed.stderr
    assert "missing.md" in output and "Aborted" in output
    assert "Traceback" not in output
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert site_dirs(project) == [site_dir]

    config.write_text(good_config, encoding="utf-8")  # fixed: the new build replaces it
    fixed = mkdocs(project, "build", "--strict", env=env)
    assert fixed.returncode == 0, fixed.stderr
    assert "Changed North" in (site / "briefs" / BRIEF / "index.html").read_text(encoding="utf-8")
    assert site_dirs(project) == [site_dir]


def test_other_files_in_content_are_not_published(tmp_path: Path) -> None:
    """A page with a script or a script shadowing the theme's own: neither reaches the site."""
    project = copy_project(tmp_path / "project")
    content = project / "content"
    (content / "notes.md").write_text("# Notes\n\n<script>alert(1)</script>\n", encoding="utf-8")
    shim = Path("assets/javascripts/vendor/iframe-worker-shim.js")
    (content / shim).parent.mkdir(parents=True)
    (content / shim).write_text("alert(2)\n", encoding="utf-8")
    # Not --strict: `briefing check` may warn about such files; the build must still
    # leave them out.
    result = mkdocs(project, "build")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert not (site / "notes").exists() and not (site / "notes.html").exists()
    assert (site / shim).read_bytes() == (project / "theme" / shim).read_bytes()
    for page in site.rglob("*.html"):
        assert "alert(1)" not in page.read_text(encoding="utf-8"), page


HOSTILE_BRIEF = r"""title: "Evil </title><img src=x onerror=alert(1)> title"
date: 2025-03-22
summary: Bottom line <script>alert('s')</script> mentions Badguy here.
tags: [hostile]
actors:
  - actor: evil-actor
    role: "<b onmouseover=alert(2)>role</b>"
events:
  - date: "2025-03"
    title: "<svg onload=alert(3)>"
    location: {name: "<img src=y onerror=alert(4)>"}
    description: "[e](javascript:alert(5))"
quotes:
  - by: evil-actor
    kind: direct
    source: evil
    text: "<iframe src=javascript:alert(6)></iframe>"
sources:
  - id: evil
    title: "</a><img src=z onerror=alert(7)>"
    publisher: "<script>alert(8)</script>"
    url: "https://example.org/a?q=%3Cx%3E"
body: |
  <img src=x onerror=alert(10)> and [click](javascript:alert(11))
  [entity](jav&#x61;script:alert(12)) {: onclick="alert(13)" }
  [ref]: javascript:alert(14)
  <div onclick='alert(15)'>raw block</div>
  `<code ok>`
  x \`<img src=x onerror=alert(16)>\` y

  x `a

  <img src=x onerror=alert(17)>

  b` y

  [`c`](javascript:alert%2818%29) [x](javascript:throw/**/onerror=alert,1//`c`)
  [a [b [c]]](javascript:alert%2819%29) [k][r]

  > [r]: javascript:alert%2820%29

  - [s]: javascript:alert%2821%29

  Evil heading
  ============

  > ## Badguy heading [^evil]

  ```
  <script>alert(22)</script>
"""

HOSTILE_ACTOR = r"""name: "Evil </title><img src=x onerror=alert(30)>"
kind: person
aliases: ["Badguy"]
title: "<script>alert(31)</script>"
description: "<img src=q onerror=alert(32)> [d](javascript:alert(33))"
"""


def test_hostile_content_never_reaches_any_page(tmp_path: Path) -> None:
    """Raw HTML, event handlers and javascript: URLs from content stay text, on every page."""
    project = copy_project(tmp_path / "project")
    (project / "content" / "briefs" / "hostile.yml").write_text(HOSTILE_BRIEF, encoding="utf-8")
    (project / "content" / "actors" / "evil-actor.yml").write_text(HOSTILE_ACTOR, encoding="utf-8")
    # The page parser leaves these javascript: links as text, so check accepts the files.
    load_content(project / "content", project)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    pages = [p for p in site.rglob("*.html")]
    assert any("hostile" in str(p) for p in pages)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for name, attrs in _tags(text):
            assert name not in ("iframe", "b"), (page, name)
            if name == "img":
                assert not any(a.startswith("on") for a, _ in attrs), (page, attrs)
            for attr, value in attrs:
                assert not attr.startswith("on"), (page, name, attr)
                probe = (value or "").replace("\x00", "").strip().lower()
                assert not probe.startswith("javascript:"), (page, name, attr, value)
        # JSON-LD stays one JSON document: no `</script>` breakout (the tag checks above
        # would see whatever followed it).
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
            json.loads(block)
        title = text.split("<title>", 1)[1].split("</title>", 1)[0]
        assert "<" not in title, (page, title)
    brief = (site / "briefs" / "hostile" / "index.html").read_text(encoding="utf-8")
    assert "&lt;code ok&gt;" in brief  # code keeps its text, escaped


def _tags(html_text: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every element (name, attributes) in an HTML fragment."""
    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Collector().feed(html_text)
    return found


def test_one_document_cited_under_different_ids_by_two_briefs(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "content" / "briefs" / "second.yml").write_text(
        "title: Second look\ndate: 2025-03-23\nsummary: Again.[^st]\nactors: [kcna]\n"
        "sources:\n  - id: st\n    title: Same article\n    publisher: The Straits Times\n"
        "    url: https://www.straitstimes.com/\n",
        encoding="utf-8",
    )
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    sources = (project / "site" / "sources" / "index.html").read_text(encoding="utf-8")
    assert 'href="../briefs/second/#source-st"' in sources
    assert f'href="../briefs/{BRIEF}/#source-straits-times-2025-03-21"' in sources
