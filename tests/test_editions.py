"""The print and offline editions, checked in a real headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from helpers import EXAMPLE_BRIEF, ROOT, copy_project, mkdocs

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Every test builds a site; those using Chromium are marked `browser` by conftest.py.
pytestmark = pytest.mark.slow
BRIEF = EXAMPLE_BRIEF
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("offline"))
    env = {"BRIEFING_OFFLINE": "true", "BRIEFING_SITE_DIR": "site-offline"}
    result = mkdocs(project, "build", "--strict", env=env)
    assert result.returncode == 0, result.stderr
    return project / "site-offline"


@pytest.fixture
def offline_page(chromium: Browser) -> Iterator[Page]:
    """A page whose network is cut off: only file:// loads are allowed."""
    context = chromium.new_context()
    blocked: list[str] = []

    def block(route: object) -> None:
        request = route.request  # type: ignore[attr-defined]
        if request.url.startswith("file://"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            blocked.append(request.url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", block)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
    assert blocked == [], f"the offline edition tried the network: {blocked}"


def test_offline_edition_has_every_page_and_a_local_search_index(offline_site: Path) -> None:
    for page in (
        "index.html",
        f"briefs/{BRIEF}.html",
        "actors/sergei-shoigu.html",
        "timeline.html",
        "sources.html",
        "quotes.html",
        "tags.html",
    ):
        assert (offline_site / page).is_file(), page
    assert (
        (offline_site / "search" / "search_index.js")
        .read_text(encoding="utf-8")
        .startswith("var __index =")
    )
    home = (offline_site / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in home and not re.search(r'src="https?://', home)
    assert "iframe-worker-shim.js" in home


def test_offline_edition_searches_from_file_urls(offline_site: Path, offline_page: Page) -> None:
    from playwright.sync_api import expect

    page = offline_page
    page.goto((offline_site / "index.html").as_uri())
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    box.fill("Shoigu")
    box.press("End")  # Material reads the query on keyup
    link = page.locator(".md-search-result__link[href*='actors/sergei-shoigu.html']")
    expect(link.first).to_be_attached(timeout=15_000)
    link.first.click()
    # The accessible name: the h1 also holds the actor's other names, hidden, for search.
    expect(page.locator("article h1").first).to_have_accessible_name("Sergei Shoigu")
    assert page.url.startswith("file://")


def test_make_offline_writes_a_zip_of_the_edition(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "zipped")
    (project / "Makefile").write_text(
        (ROOT / "Makefile").read_text(encoding="utf-8").replace("$(STAMP)", ""), encoding="utf-8"
    )
    bin_dir = Path(sys.executable).parent
    result = subprocess.run(
        ["make", "offline", f"BIN={bin_dir}"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(project / "briefing-offline.zip") as archive:
        names = set(archive.namelist())
    # Unzipped, the edition is one folder; open site-offline/index.html.
    assert "site-offline/index.html" in names and "site-offline/search/search_index.js" in names
    assert f"site-offline/briefs/{BRIEF}.html" in names


# Print ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, chromium: Browser) -> tuple[bytes, str]:
    """The brief printed to PDF by Chromium, and the text of the printed page."""
    project = copy_project(tmp_path_factory.mktemp("print"))
    assert mkdocs(project, "build", "--strict").returncode == 0
    page = chromium.new_page()
    page.goto((project / "site" / "briefs" / BRIEF / "index.html").as_uri())
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=False)
    text = page.evaluate("() => document.body.innerText")
    page.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "brief.pdf").write_bytes(pdf)
    # Page 1 as a picture, for people to look at (poppler's pdftoppm, where installed).
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(ARTIFACTS / "brief.pdf"),
                str(ARTIFACTS / "brief-print-page1"),
            ],
            check=False,
            timeout=60,
        )
    return pdf, text


def test_print_edition_is_a_clean_document(printed: tuple[bytes, str]) -> None:
    pdf, _ = printed
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 2 <= pages <= 8, pages
    text = _pdf_text(ARTIFACTS / "brief.pdf")
    assert "Bottom line" in text and "Key judgments" in text and "Sources" in text
    assert "The Straits Times" in text
    for chrome in ("Table of contents", "Made with", "Search"):
        assert chrome not in text, chrome


def test_print_shows_link_targets(printed: tuple[bytes, str]) -> None:
    text = _pdf_text(ARTIFACTS / "brief.pdf")
    assert "(https://www.straitstimes.com/)" in text


def _pdf_text(path: Path) -> str:
    """The text of a PDF, via poppler's pdftotext (Debian: poppler-utils)."""
    from conftest import skip_or_fail

    try:
        out = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
    except FileNotFoundError:
        skip_or_fail("pdftotext is not installed (Debian: apt-get install poppler-utils)")
    return out.stdout
