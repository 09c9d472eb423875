"""Accessibility: axe-core finds no serious or critical violation on any page type.

Every page type of the example site (home, brief, actor, actors index, briefs index,
timeline, sources, quotes, tags) and the search dialog open with results, for both search
backends, in Material's light and dark palettes. axe-core comes from the PyPI package
axe-playwright-python (test extra; it bundles axe-core's `axe.min.js`, MPL-2.0), injected
into pages in Debian's Chromium. No rule is disabled.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Literal

import pytest
from helpers import (
    EXAMPLE_BRIEF,
    browser_page,
    copy_project,
    mkdocs,
    static_server,
    use_search_backend,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE_TYPES = {
    "home": "",
    "brief": f"briefs/{EXAMPLE_BRIEF}/",
    "actor": "actors/sergei-shoigu/",
    "actors index": "actors/",
    "briefs index": "briefs/",
    "timeline": "timeline/",
    "sources": "sources/",
    "source": "sources/straits-times-2025-03-21/",
    "quotes": "quotes/",
    "tags": "tags/",
}
# Material's palettes, chosen by the browser's colour scheme (mkdocs.yml's `media` queries).
Scheme = Literal["light", "dark"]
PALETTES: dict[Scheme, str] = {"light": "default", "dark": "slate"}
BLOCKING = {"serious", "critical"}


def axe_script() -> str:
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The example site built with each search backend, served; backend -> base URL."""
    with ExitStack() as servers:
        urls: dict[str, str] = {}
        for backend in ("material", "pagefind"):
            project = copy_project(tmp_path_factory.mktemp(f"a11y-{backend}"))
            use_search_backend(project, backend)
            result = mkdocs(project, "build", "--strict")
            assert result.returncode == 0, result.stderr[-3000:]
            urls[backend] = servers.enter_context(static_server(project / "site"))
        yield urls


@pytest.fixture(params=list(PALETTES))
def palette(request: pytest.FixtureRequest) -> Scheme:
    """The browser's preferred colour scheme: 'light' or 'dark'."""
    scheme: Scheme = request.param
    return scheme


@pytest.fixture
def page(palette: Scheme, chromium: Browser) -> Iterator[Page]:
    with browser_page(chromium, color_scheme=palette) as page:
        yield page


def blocking_violations(page: Page, palette: Scheme) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    from playwright.sync_api import expect

    # The palette really is the one asked for (Material sets it from the media query).
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", PALETTES[palette])
    page.evaluate(axe_script())
    results: dict[str, Any] = page.evaluate("axe.run({resultTypes: ['violations']})")
    return [v for v in results["violations"] if v["impact"] in BLOCKING]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {json.dumps(node['target'])} {node['html'][:120]} | {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("path", list(PAGE_TYPES.values()), ids=list(PAGE_TYPES))
def test_page_type_has_no_serious_violation(
    page: Page, palette: Scheme, sites: dict[str, str], path: str
) -> None:
    page.goto(sites["material"] + path)
    page.wait_for_load_state("networkidle")
    violations = blocking_violations(page, palette)
    assert not violations, describe(violations)


@pytest.mark.parametrize("backend", ["material", "pagefind"])
def test_search_with_results_open_has_no_serious_violation(
    page: Page, palette: Scheme, sites: dict[str, str], backend: str
) -> None:
    from playwright.sync_api import expect

    page.goto(sites[backend])
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.fill("Shoigu")
    box.press("End")  # Material reads the query on keyup
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    expect(page.locator(".md-search-result mark").first).to_be_visible()
    violations = blocking_violations(page, palette)
    assert not violations, describe(violations)
