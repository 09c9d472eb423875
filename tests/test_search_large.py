"""Search on a large site (Pagefind backend) in a real browser, at 1,000 synthetic briefs.

Measures time to the first result and bytes fetched for the first query and prints them;
asserts only behaviour and the transfer budget (bytes do not depend on machine speed).
Speed targets live in `make bench`, not here.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from helpers import mkdocs, set_plugin_options, static_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = [pytest.mark.browser, pytest.mark.slow]
BRIEFS = 1000
FIRST_QUERY_BUDGET = 1_000_000  # bytes fetched from typing the query to the first results


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    from benchmark.corpus import write_project  # a slow module's import, kept out of collection

    project = tmp_path_factory.mktemp("large")
    write_project(project, BRIEFS)
    set_plugin_options(project, search="auto", search_threshold=500)
    result = mkdocs(project, "build")
    assert result.returncode == 0, result.stderr[-3000:]
    site = project / "site"
    with static_server(site) as url:
        yield url, site


def test_auto_picks_pagefind_and_empties_materials_index(large_site: tuple[str, Path]) -> None:
    _, site = large_site
    assert (site / "pagefind" / "pagefind.js").is_file()
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []
    assert "pagefind-search.js" in (site / "index.html").read_text(encoding="utf-8")


def test_first_query_is_fast_and_small(chromium: Browser, large_site: tuple[str, Path]) -> None:
    from playwright.sync_api import expect

    url, site = large_site
    brief = sorted((site / "briefs").glob("*/index.html"))[0]
    title = brief.read_text(encoding="utf-8").split("<h1", 1)[1].split(">", 1)[1].split("<")[0]
    word = max(title.split(), key=len).strip(".,;:'\"")

    context = chromium.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url)
    page.wait_for_load_state("networkidle")

    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    started = time.perf_counter()
    page.keyboard.press("/")  # Material's shortcut still opens the search
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    box.fill(word)
    box.press("End")
    first = page.locator(".md-search-result__item").first
    expect(first).to_be_visible(timeout=20_000)
    elapsed = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    total = sum(_size(r) for r in responses)
    print(
        f"\n{BRIEFS} briefs, query {word!r}: first result after {elapsed:.2f} s, "
        f"{total / 1024:.0f} KiB fetched"
    )

    expect(page.locator(".md-search-result__meta")).to_contain_text("matching document")
    assert page.locator(".md-search-result__item mark").count() > 0  # highlighted excerpts
    links = page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    assert any("#" in link for link in links), links  # links to sections
    assert total <= FIRST_QUERY_BUDGET, total
    assert not errors, errors

    first.locator("a").first.click()
    expect(page.locator("article h1").first).to_be_visible()
    assert page.url.startswith(url) and page.url != url
    context.close()


def _size(response: Any) -> int:
    """Bytes of a response body (redirects and aborted requests count as 0)."""
    try:
        return len(response.body())
    except Exception:
        return 0
