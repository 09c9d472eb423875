"""The built example site in headless Chromium: search, cross-links, a clean console.

The site is built once per module and served over http by the standard library (Material's
search loads its index with fetch, which file:// does not allow). Chromium is Debian's, driven
by Playwright; without it these tests skip, except in CI where they fail (see conftest.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from serving import serve
from sitebuild import ROOT, copy_project, mkdocs

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response

BRIEF = "north-korea-weapon-test-shoigu-visit"
BRIEF_TITLE = "North Korea tests new weapon as Russia's security chief Shoigu visits Pyongyang"
ARTIFACTS = ROOT / "test-artifacts"  # gitignored: screenshots for humans

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example site, built with --strict and served on a free port of 127.0.0.1."""
    project = copy_project(tmp_path_factory.mktemp("browser-project"))
    site = project / "site"
    result = mkdocs(project, "build", "--strict", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    with serve(site) as url:
        yield url


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def heading(page: Page) -> str:
    return page.locator("article h1").first.inner_text().strip()


def search(page: Page, site_url: str, query: str) -> None:
    """Type `query` into Material's search the way a user does, and wait for results."""
    from playwright.sync_api import expect

    page.goto(site_url)
    page.keyboard.press("/")  # Material's shortcut: opens search and focuses the input
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    box.fill(query)
    # Material reads the query on `keyup` (and focus), not on `input`: fill() and typing
    # non-Latin text (inserted like an IME commit) send no key events, so release a key.
    box.press("End")
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching document")
    expect(page.locator(".md-search-result__item").first).to_be_visible()


def result_links(page: Page) -> list[str]:
    links = page.locator(".md-search-result__link")
    hrefs: list[str] = links.evaluate_all("els => els.map(el => el.href)")
    return [urlsplit(href).path for href in hrefs]


def expect_result(page: Page, path: str) -> None:
    """A search result links to `path` (e.g. 'actors/sergei-shoigu/')."""
    from playwright.sync_api import expect

    link = page.locator(f".md-search-result__link[href*='/{path}']")
    try:
        expect(link.first).to_be_attached()
    except AssertionError:
        pytest.fail(f"no search result links to /{path}; results: {result_links(page)}")


def test_search_finds_shoigu_actor_and_brief(page: Page, site_url: str) -> None:
    search(page, site_url, "Shoigu")
    expect_result(page, "actors/sergei-shoigu/")
    expect_result(page, f"briefs/{BRIEF}/")


@pytest.mark.parametrize(
    ("query", "actor"),
    [("김정은", "kim-jong-un"), ("Шойгу", "sergei-shoigu")],
    ids=["korean", "cyrillic"],
)
def test_search_finds_actor_by_native_name(
    page: Page, site_url: str, query: str, actor: str
) -> None:
    search(page, site_url, query)
    expect_result(page, f"actors/{actor}/")


@pytest.mark.parametrize("query", ["김정은", "Шойгу"], ids=["korean", "cyrillic"])
def test_search_finds_brief_by_native_name(page: Page, site_url: str, query: str) -> None:
    search(page, site_url, query)
    assert f"/briefs/{BRIEF}/" in result_links(page)


def test_brief_links_to_actor_and_back(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}briefs/{BRIEF}/")
    assert heading(page) == BRIEF_TITLE
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "brief.png"), full_page=True)

    page.locator("article a[href$='actors/sergei-shoigu/']").first.click()
    page.wait_for_url(f"{site_url}actors/sergei-shoigu/")
    assert heading(page) == "Sergei Shoigu"
    assert "Сергей Шойгу" in page.locator("article").inner_text()
    page.screenshot(path=str(ARTIFACTS / "actor.png"), full_page=True)

    page.locator(f"article a[href$='briefs/{BRIEF}/']").first.click()
    page.wait_for_url(f"{site_url}briefs/{BRIEF}/")
    assert heading(page) == BRIEF_TITLE


PAGES = [
    "",
    "briefs/",
    f"briefs/{BRIEF}/",
    "actors/",
    "actors/sergei-shoigu/",
    "actors/kim-jong-un/",
    "timeline/",
    "sources/",
    "quotes/",
    "tags/",
]


def test_no_console_errors_and_nothing_loaded_from_elsewhere(page: Page, site_url: str) -> None:
    problems: list[str] = []
    host = urlsplit(site_url).netloc

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"console error on {page.url}: {message.text}")

    def on_request(request: Request) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != host:
            problems.append(f"request to another host from {page.url}: {request.url}")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            problems.append(f"HTTP {response.status} for {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error on {page.url}: {error}"))
    page.on("request", on_request)
    page.on("response", on_response)

    for path in PAGES:
        page.goto(site_url + path, wait_until="load")
        assert re.search(r"\S", heading(page)), f"no h1 on /{path}"
        page.wait_for_load_state("networkidle")  # the search worker and its index, too
    assert not problems, "\n".join(problems)
