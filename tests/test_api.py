"""The static data API of a real built site: documents valid against their published schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers import EXAMPLE_BRIEF, read_json

BRIEF = EXAMPLE_BRIEF
SITE_URL = "https://briefing.example.org/"

pytestmark = pytest.mark.slow


@pytest.fixture
def site(built_example_site: Path) -> Path:
    return built_example_site


def schema(site: Path, name: str) -> dict[str, Any]:
    document: dict[str, Any] = read_json(site, f"api/schema/{name}.schema.json")
    return document


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
