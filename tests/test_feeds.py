"""Feeds (Atom 1.0 and JSON Feed 1.1) of a real built site, read by real parsers."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers import EXAMPLE_BRIEF, copy_project, mkdocs, read_json

from generator.api import Urls
from generator.feeds import absolutize, absolutize_html

BRIEF = EXAMPLE_BRIEF
SITE_URL = "https://briefing.example.org/"


@pytest.fixture
def site(built_example_site: Path) -> Path:
    return built_example_site


# The required structure of JSON Feed 1.1 (https://jsonfeed.org/version/1.1), as a schema.
JSON_FEED_1_1: dict[str, Any] = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "home_page_url": {"type": "string"},
        "feed_url": {"type": "string"},
        "authors": {"type": "array", "items": {"type": "object", "required": ["name"]}},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string"},
                    "url": {"type": "string"},
                    "title": {"type": "string"},
                    "content_html": {"type": "string"},
                    "summary": {"type": "string"},
                    "date_published": {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}T"},
                    "date_modified": {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}T"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}


def parse_feed(path: Path) -> Any:
    """The feed at `path` as feedparser reads it."""
    # Imported here: only slow tests parse feeds, and `make test-fast` collects this module.
    import feedparser

    return feedparser.parse(path.read_bytes())


@pytest.mark.slow
def test_atom_feed_parses_and_holds_every_published_brief(site: Path) -> None:
    feed = parse_feed(site / "feed.xml")
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [e.link for e in feed.entries] == [f"{SITE_URL}briefs/{BRIEF}/"]
    entry = feed.entries[0]
    assert entry.id.startswith("urn:uuid:")
    assert entry.title.startswith("North Korea tests new weapon")
    assert entry.published.startswith("2025-03-21")
    assert entry.updated.startswith("2025-03-21")
    assert {t.term for t in entry.tags} >= {"north-korea", "russia"}
    assert "Shoigu" in entry.summary
    html = entry.content[0].value
    assert "Key judgments" in html and "The Straits Times" in html
    assert f'href="{SITE_URL}actors/sergei-shoigu/"' in html  # links made absolute
    assert "Unfinished draft" not in (site / "feed.xml").read_text(encoding="utf-8")


@pytest.mark.slow
def test_json_feed_matches_the_atom_feed(site: Path) -> None:
    doc = read_json(site, "feed.json")
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    atom = parse_feed(site / "feed.xml")
    assert [i["id"] for i in doc["items"]] == [e.id for e in atom.entries]
    item = doc["items"][0]
    assert item["url"] == f"{SITE_URL}briefs/{BRIEF}/"
    assert item["date_published"] == "2025-03-21T00:00:00Z"
    assert "Key judgments" in item["content_html"]
    # feedparser 6.0 reads no JSON Feed: check the document against the spec's rules.
    jsonschema.validate(doc, JSON_FEED_1_1)


@pytest.mark.slow
def test_entry_ids_are_stable_across_builds(site: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "again")
    assert mkdocs(project, "build").returncode == 0
    again = read_json(project / "site", "feed.json")
    assert [i["id"] for i in again["items"]] == [
        i["id"] for i in read_json(site, "feed.json")["items"]
    ]


@pytest.mark.slow
@pytest.mark.parametrize("prefix", ["actors/sergei-shoigu/", "tags/north-korea/"])
def test_actor_and_tag_feeds(site: Path, prefix: str) -> None:
    feed = parse_feed(site / prefix / "feed.xml")
    assert not feed.bozo
    assert [e.link for e in feed.entries] == [f"{SITE_URL}briefs/{BRIEF}/"]
    assert read_json(site, prefix + "feed.json")["items"][0]["url"] == feed.entries[0].link


def feed_links(html_text: str) -> list[dict[str, str | None]]:
    """Autodiscovery as feed readers do it: <link> whose rel tokens include 'alternate'."""
    found: list[dict[str, str | None]] = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            rels = (a.get("rel") or "").split()
            feed_types = ("application/atom+xml", "application/feed+json")
            if tag == "link" and "alternate" in rels and a.get("type") in feed_types:
                found.append(a)

    Finder().feed(html_text.split("</head>")[0])
    return found


@pytest.mark.slow
def test_feed_autodiscovery_and_visible_links(site: Path) -> None:
    for page in ("index.html", f"briefs/{BRIEF}/index.html", "timeline/index.html"):
        links = feed_links((site / page).read_text(encoding="utf-8"))
        assert {(link["type"], link["href"]) for link in links} >= {
            ("application/atom+xml", "../" * page.count("/") + "feed.xml"),
            ("application/feed+json", "../" * page.count("/") + "feed.json"),
        }
    actor_links = feed_links((site / "actors/sergei-shoigu/index.html").read_text(encoding="utf-8"))
    assert {"title": "Briefing: Sergei Shoigu", "href": "feed.xml"}.items() <= next(
        link for link in actor_links if link["href"] == "feed.xml"
    ).items()
    actor = (site / "actors/sergei-shoigu/index.html").read_text(encoding="utf-8")
    assert 'title="Briefing: Sergei Shoigu" href="feed.xml"' in actor
    assert ">Atom feed</a>" in actor
    assert ">Atom feed</a>" in (site / "index.html").read_text(encoding="utf-8")
    assert 'href="north-korea/feed.xml"' in (site / "tags/index.html").read_text(encoding="utf-8")


def test_feed_html_links_become_absolute_urls() -> None:
    urls = Urls("https://s.org/")
    html = '<a href="../actors/x.md">a</a><a href="#fn:1">f</a><a href="https://e.org/">e</a>'
    assert absolutize(html, "briefs/b.md", urls) == (
        '<a href="https://s.org/actors/x/">a</a><a href="https://s.org/briefs/b/#fn:1">f</a>'
        '<a href="https://e.org/">e</a>'
    )
    built = '<a href="../../actors/x/">a</a><img src="../../assets/i.png">'
    assert absolutize_html(built, "https://s.org/briefs/b/") == (
        '<a href="https://s.org/actors/x/">a</a><img src="https://s.org/assets/i.png">'
    )
