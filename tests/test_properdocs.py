"""ProperDocs, the continuation of MkDocs 1.x, builds the same site as MkDocs.

`properdocs build --strict` on a copy of the example: the same pages, and the brief
page's main content identical to the MkDocs build's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import copy_project, mkdocs

pytest.importorskip("properdocs", reason="ProperDocs is optional: pip install properdocs")

BRIEF_PAGE = "briefs/north-korea-weapon-test-shoigu-visit/index.html"
pytestmark = pytest.mark.slow


def properdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "properdocs", *args]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        command, cwd=project, capture_output=True, text=True, env=env, timeout=300
    )


def article(site: Path, page: str) -> str:
    """The page's main content (Material's <article>), without head, nav and footer."""
    text = (site / page).read_text(encoding="utf-8")
    start = text.index("<article")
    return text[start : text.index("</article>", start)]


def pages(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("*.html")}


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    with_mkdocs = copy_project(tmp_path / "mkdocs")
    built = mkdocs(with_mkdocs, "build", "--strict")
    assert built.returncode == 0, built.stderr
    with_properdocs = copy_project(tmp_path / "properdocs")
    result = properdocs(with_properdocs, "build", "--strict", "-f", "mkdocs.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "briefing: 1 briefs" in result.stderr  # the plugin ran, with its summary line
    mkdocs_site, properdocs_site = with_mkdocs / "site", with_properdocs / "site"
    assert pages(properdocs_site) == pages(mkdocs_site)
    assert BRIEF_PAGE in pages(properdocs_site)
    assert article(properdocs_site, BRIEF_PAGE) == article(mkdocs_site, BRIEF_PAGE)
    for feed in ("feed.xml", "feed.json", "search/search_index.json"):
        assert (properdocs_site / feed).is_file(), feed
