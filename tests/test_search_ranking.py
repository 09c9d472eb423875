"""Search ranking and snippets in a real browser, for both backends (Material and Pagefind).

The fixture in tests/fixtures/search/content is small and made for ranking: Mira Okonkwo
(alias "The Ferrywoman") is named in one brief's title, in another's summary, and in the
body of a third; two other actors' pages list her (companions, diagrams, members), and the
listing pages repeat her name. A query for her name or alias must put her page first, then
the briefs that name her in title or summary, then the brief that mentions her, with the
listing pages last; a topical query puts the brief whose title it matches first. No snippet
may show text from a picture (diagram labels, legends, tooltips).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from helpers import TESTS, browser_page, copy_project, mkdocs, static_server, use_search_backend
from helpers import header_search as search

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEARCH_CONTENT = TESTS / "fixtures" / "search" / "content"
ACTOR = "actors/mira-okonkwo/"
NAMED = {"briefs/okonkwo-wins-port-vote/", "briefs/dredging-contract-awarded/"}  # title, summary
MENTIONED = "briefs/river-levels-fall/"  # in the body only
LISTERS = {"actors/harbour-authority/", "actors/tomas-reyes/"}  # list her; no prose about her
LISTINGS = {"", "briefs/", "actors/", "timeline/", "sources/", "quotes/", "tags/"}


def is_listing(path: str) -> bool:
    """A listing page, the timeline's year pages and each tag's page included."""
    return path in LISTINGS or path.startswith(("timeline/", "tags/"))


# Text drawn in the pictures only: labels, legends, tooltips, descriptions.
PICTURE_TEXT = ("appear together", "affiliation", "wider lines", "Who appears with whom")


@pytest.fixture(scope="module", params=["material", "pagefind"])
def site_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The search fixture built with --strict for one backend, served on 127.0.0.1."""
    backend = str(request.param)
    project = copy_project(tmp_path_factory.mktemp(f"search-{backend}"), SEARCH_CONTENT)
    use_search_backend(project, backend)
    site = project / "site"
    result = mkdocs(project, "build", "--strict", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr[-3000:]
    assert (site / "pagefind").is_dir() == (backend == "pagefind")
    with static_server(site) as url:
        yield url


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    with browser_page(chromium) as page:
        yield page


def snippets(page: Page) -> str:
    return page.locator(".md-search-result__list").inner_text()


def assert_name_ranking(results: list[str]) -> None:
    """Her page, then briefs naming her, then the brief mentioning her; listings last."""
    assert results[0] == ACTOR, results
    assert set(results[1:3]) == NAMED, results
    assert results[3] == MENTIONED, results
    # Pages that only list her come after every brief, if they match at all.
    assert all(p in LISTERS or is_listing(p) for p in results[4:]), results
    listers = [n for n, path in enumerate(results) if path in LISTERS]
    listings = [n for n, path in enumerate(results) if is_listing(path)]
    assert not listers or not listings or max(listers) < min(listings), results


@pytest.mark.parametrize("query", ["Okonkwo", "Mira Okonkwo"])
def test_actor_name_ranks_her_page_then_briefs_about_her(
    page: Page, site_url: str, query: str
) -> None:
    assert_name_ranking(search(page, site_url, query))
    text = snippets(page)
    for drawn in PICTURE_TEXT:
        assert drawn not in text


def test_alias_ranks_the_actor_page_first(page: Page, site_url: str) -> None:
    results = search(page, site_url, "Ferrywoman")
    assert results[0] == ACTOR, results
    assert not set(results) & LISTERS, results


@pytest.mark.parametrize(
    ("query", "brief"),
    [
        ("dredging contract", "briefs/dredging-contract-awarded/"),
        ("grain", "briefs/grain-exports-stall/"),
    ],
)
def test_topical_query_ranks_the_brief_with_it_in_its_title_first(
    page: Page, site_url: str, query: str, brief: str
) -> None:
    results = search(page, site_url, query)
    assert results[0] == brief, results
    listings = [n for n, path in enumerate(results) if is_listing(path)]
    others = [n for n, path in enumerate(results) if not is_listing(path)]
    assert not listings or max(others) < min(listings), results


@pytest.mark.parametrize("query", ["appear together", "affiliation", "wider lines"])
def test_picture_text_is_in_no_snippet(page: Page, site_url: str, query: str) -> None:
    """Words of the diagrams' legends and descriptions, and of no prose, are in no result.

    Material finds nothing; Pagefind matches prefixes ("to", "a") in prose, whose snippets
    must still show no picture text.
    """
    from playwright.sync_api import expect

    page.goto(site_url)
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching document")
    text = snippets(page)
    for drawn in PICTURE_TEXT:
        assert drawn not in text
