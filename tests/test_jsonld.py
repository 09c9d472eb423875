"""schema.org JSON-LD in the pages of a real built site, expanded by a real JSON-LD processor."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import EXAMPLE_BRIEF, copy_project, mkdocs

BRIEF = EXAMPLE_BRIEF

pytestmark = pytest.mark.slow


@pytest.fixture
def site(built_example_site: Path) -> Path:
    return built_example_site


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
    # Imported here: pyld is slow to import and `make test-fast` collects this module.
    from pyld import jsonld

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
