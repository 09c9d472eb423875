"""Feeds, the static data API and JSON-LD in a real built site, read by real parsers."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import pytest
from pyld import jsonld
from sitebuild import copy_project, mkdocs

BRIEF = "north-korea-weapon-test-shoigu-visit"
SITE_URL = "https://briefing.example.org/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("outputs"))
    draft = project / "content" / "briefs" / "draft-note.yml"
    draft.write_text(
        "title: Unfinished draft\ndate: 2025-03-25\nstatus: draft\n"
        "summary: Not for publication.\ntags: [north-korea]\nactors: [kim-jong-un]\n",
        encoding="utf-8",
    )
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def read_json(site: Path, path: str) -> Any:
    return json.loads((site / path).read_text(encoding="utf-8"))


# Feeds ----------------------------------------------------------------------------------

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


def test_atom_feed_parses_and_holds_every_published_brief(site: Path) -> None:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
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


def test_json_feed_matches_the_atom_feed(site: Path) -> None:
    doc = read_json(site, "feed.json")
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    atom = feedparser.parse((site / "feed.xml").read_bytes())
    assert [i["id"] for i in doc["items"]] == [e.id for e in atom.entries]
    item = doc["items"][0]
    assert item["url"] == f"{SITE_URL}briefs/{BRIEF}/"
    assert item["date_published"] == "2025-03-21T00:00:00Z"
    assert "Key judgments" in item["content_html"]
    # feedparser 6.0 reads no JSON Feed: check the document against the spec's rules.
    jsonschema.validate(doc, JSON_FEED_1_1)


def test_entry_ids_are_stable_across_builds(site: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "again")
    assert mkdocs(project, "build").returncode == 0
    again = read_json(project / "site", "feed.json")
    assert [i["id"] for i in again["items"]] == [
        i["id"] for i in read_json(site, "feed.json")["items"]
    ]


@pytest.mark.parametrize("prefix", ["actors/sergei-shoigu/", "tags/north-korea/"])
def test_actor_and_tag_feeds(site: Path, prefix: str) -> None:
    feed = feedparser.parse((site / prefix / "feed.xml").read_bytes())
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


# Static data API ------------------------------------------------------------------------


def schema(site: Path, name: str) -> dict[str, Any]:
    return read_json(site, f"api/schema/{name}.schema.json")


def test_api_documents_validate_against_their_published_schemas(site: Path) -> None:
    jsonschema.validate(read_json(site, "api/briefs.json"), schema(site, "briefs"))
    jsonschema.validate(read_json(site, "api/actors.json"), schema(site, "actors"))
    jsonschema.validate(read_json(site, "api/events.json"), schema(site, "events"))
    for path in (site / "api" / "briefs").glob("*.json"):
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema(site, "brief"))
    for path in (site / "api" / "actors").glob("*.json"):
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema(site, "actor"))


def test_api_holds_the_model_with_resolved_references(site: Path) -> None:
    briefs = read_json(site, "api/briefs.json")["briefs"]
    assert [b["id"] for b in briefs] == [BRIEF]  # the draft is left out of a build
    brief = read_json(site, f"api/briefs/{BRIEF}.json")
    assert brief["url"] == f"{SITE_URL}briefs/{BRIEF}/"
    assert brief["data_url"] == f"{SITE_URL}api/briefs/{BRIEF}.json"
    quote = next(q for q in brief["quotes"] if q["by"]["id"] == "ahn-chan-il")
    assert quote["kind"] == "paraphrase"
    assert quote["by"]["url"] == f"{SITE_URL}actors/ahn-chan-il/"
    events = read_json(site, "api/events.json")["events"]
    february = next(e for e in events if e["date"] == "2025-02")
    assert february["date_precision"] == "month"
    assert february["date_label"] == "late February 2025"
    assert february["url"].startswith(f"{SITE_URL}briefs/{BRIEF}/#event-")
    kim = read_json(site, "api/actors/kim-jong-un.json")
    assert kim["native_name"] == "김정은"
    assert kim["briefs"] == [{"id": BRIEF, "url": f"{SITE_URL}briefs/{BRIEF}/"}]
    members = read_json(site, "api/actors/north-korea.json")["members"]
    assert {"id": "kim-jong-un", "url": f"{SITE_URL}actors/kim-jong-un/"} in members


def test_pages_link_to_their_data(site: Path) -> None:
    brief = (site / f"briefs/{BRIEF}/index.html").read_text(encoding="utf-8")
    assert f'href="../../api/briefs/{BRIEF}.json"' in brief
    actor = (site / "actors/kim-jong-un/index.html").read_text(encoding="utf-8")
    assert 'href="../../api/actors/kim-jong-un.json"' in actor


# JSON-LD --------------------------------------------------------------------------------

SCHEMA_ORG = "https://schema.org/"


def _offline_loader(url: str, options: Any = None) -> dict[str, Any]:
    """schema.org's context, offline: every term in the schema.org vocabulary."""
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    context = {
        "@context": {"@vocab": SCHEMA_ORG, "sameAs": {"@type": "@id"}, "url": {"@type": "@id"}}
    }
    return {"contextUrl": None, "documentUrl": url, "document": context}


def page_jsonld(site: Path, page: str) -> list[dict[str, Any]]:
    html = (site / page).read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1, page
    doc = json.loads(blocks[0])
    return jsonld.expand(doc, {"documentLoader": _offline_loader})  # type: ignore[no-any-return]


def values(node: dict[str, Any], prop: str) -> list[Any]:
    return [v.get("@value", v.get("@id", v)) for v in node.get(SCHEMA_ORG + prop, [])]


def test_brief_jsonld_matches_the_model(site: Path) -> None:
    [article] = page_jsonld(site, f"briefs/{BRIEF}/index.html")
    assert article["@type"] == [SCHEMA_ORG + "AnalysisNewsArticle"]
    assert values(article, "headline")[0].startswith("North Korea tests new weapon")
    assert values(article, "datePublished") == ["2025-03-21"]
    assert values(article, "dateModified") == ["2025-03-21"]
    assert "north-korea" in values(article, "keywords")
    [citation] = article[SCHEMA_ORG + "citation"]
    assert citation["@type"] == [SCHEMA_ORG + "CreativeWork"]
    assert values(citation, "url") == ["https://www.straitstimes.com/"]
    assert values(citation[SCHEMA_ORG + "publisher"][0], "name") == ["The Straits Times"]
    about = {values(a, "name")[0]: a for a in article[SCHEMA_ORG + "about"]}
    shoigu = about["Sergei Shoigu"]
    assert shoigu["@type"] == [SCHEMA_ORG + "Person"]
    assert "Сергей Шойгу" in values(shoigu, "alternateName")
    kim = about["Kim Jong Un"]
    assert values(kim, "sameAs") == ["https://www.wikidata.org/wiki/Q56226"]
    assert about["North Korea"]["@type"] == [SCHEMA_ORG + "Country"]


def test_actor_jsonld(site: Path) -> None:
    [person] = page_jsonld(site, "actors/sergei-shoigu/index.html")
    assert person["@type"] == [SCHEMA_ORG + "Person"]
    assert values(person, "name") == ["Sergei Shoigu"]
    assert "Shoigu" in values(person, "alternateName")
    assert values(person, "jobTitle") == ["Secretary of the Security Council of Russia"]
    [org] = page_jsonld(site, "actors/kcna/index.html")
    assert org["@type"] == [SCHEMA_ORG + "NewsMediaOrganization"]


def test_corrections_become_correction_comments(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "corrected")
    brief = project / "content" / "briefs" / f"{BRIEF}.yml"
    brief.write_text(
        brief.read_text(encoding="utf-8")
        + "\ncorrections:\n  - date: 2025-03-22\n    text: An earlier version misdated the test.\n",
        encoding="utf-8",
    )
    assert mkdocs(project, "build", "--strict").returncode == 0
    [article] = page_jsonld(project / "site", f"briefs/{BRIEF}/index.html")
    [correction] = article[SCHEMA_ORG + "correction"]
    assert correction["@type"] == [SCHEMA_ORG + "CorrectionComment"]
    assert values(correction, "datePublished") == ["2025-03-22"]


def test_feed_html_links_become_absolute_urls() -> None:
    from generator.api import Urls
    from generator.feeds import absolutize, absolutize_html

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
