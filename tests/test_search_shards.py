"""Pagefind in shards (issue 15): a site is indexed in Pagefind runs of at most
`search_shard_pages` pages each, one bundle per run, so Pagefind's peak memory is one run's;
the browser merges the bundles into one search.

The example is built with `search_shard_pages: 10` (some 30 HTML files: 3–4 shards), the index
read back from the bundles' page fragments; a one-shard index of the same site must hold
the same pages and stay byte for byte what Pagefind writes on its own. The browser test
serves the site under a sub-path and searches it with the header search box.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import shutil
import string
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from helpers import (
    browser_page,
    copy_project,
    examples,
    header_search,
    mkdocs,
    set_plugin_options,
    static_server,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import paths, search
from generator.search import (
    SHARDS_KEY,
    LazyPagefind,
    SearchError,
    index_with_pagefind,
    plan_shards,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

SHARD_PAGES = 10


def indexed_text(bundle: Path) -> dict[str, str]:
    """The pages of one Pagefind bundle, URL to indexed text, read from its page fragments
    (gzip, then a `pagefind_dcd` signature, then the fragment's JSON)."""
    pages = {}
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[data["url"]] = data["content"]
    return pages


def indexed_pages(bundle: Path) -> set[str]:
    return set(indexed_text(bundle))


def entry(site: Path) -> dict[str, object]:
    return dict(json.loads((site / paths.PAGEFIND_DIR / "pagefind-entry.json").read_bytes()))


def shard_folders(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix() for p in site.glob(paths.PAGEFIND_SHARD_PREFIX + "*")
    )


def html_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def bundles(site: Path) -> list[str]:
    """The folders of the bundles a build in shards of SHARD_PAGES must have made."""
    count = -(-len(html_files(site)) // SHARD_PAGES)
    return [paths.pagefind_shard(number) for number in range(1, count + 1)]


def page_url(html_file: str) -> str:
    """The URL Pagefind records for an HTML file (it drops `index.html`)."""
    return "/" + html_file.removesuffix("index.html")


# --- Sharding, without Pagefind ----------------------------------------------------------

file_names = st.lists(
    st.tuples(
        st.sampled_from(["", "a/", "b/", "a/c/"]),
        st.text(string.ascii_lowercase, min_size=1, max_size=3),
        st.sampled_from([".html", ".css", ".json"]),
    ).map("".join),
    max_size=40,
    unique=True,
)


@settings(max_examples=examples(60), deadline=None)
@given(names=file_names, shard_pages=st.integers(min_value=-1, max_value=12))
def test_shards_cut_the_sorted_html_files_into_contiguous_runs(
    names: list[str], shard_pages: int
) -> None:
    with tempfile.TemporaryDirectory() as name:
        site = Path(name)
        for file in names:
            (site / file).parent.mkdir(parents=True, exist_ok=True)
            (site / file).write_text("<html></html>", encoding="utf-8")
        shards = plan_shards(site, shard_pages)
        assert shards == plan_shards(site, shard_pages)  # the same site, the same shards
    pages = sorted(file for file in names if file.endswith(".html"))
    assert [page for shard in shards for page in shard] == pages  # each page once, in order
    size = max(shard_pages, 1)
    assert all(len(shard) == size for shard in shards[:-1])
    assert 0 < len(shards[-1]) <= size or shards == [[]]


# --- Failures and stopping, with a stand-in for Pagefind ---------------------------------


def stand_in(tmp_path: Path, body: str) -> str:
    """An executable run instead of `python` (so as `python -m pagefind ...`)."""
    script = tmp_path / "fake-python"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


@pytest.fixture
def small_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for number in range(3):
        page = site / f"page-{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f"<html><body><article><h1>Page {number}</h1></article></body></html>")
    return site


def test_a_failing_shard_is_one_readable_line(
    small_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fails = stand_in(tmp_path, 'echo "Error: no space" >&2\necho "  while writing" >&2\nexit 1')
    monkeypatch.setattr(sys, "executable", fails)
    with pytest.raises(SearchError) as raised:
        index_with_pagefind(small_site, 1)
    assert str(raised.value) == "Pagefind failed on shard 1 of 3: Error: no space; while writing"


def test_pagefind_not_installed_is_said_so(
    small_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    without_pagefind = shutil.which("python3", path="/usr/bin:/bin")
    if (
        without_pagefind is None
        or subprocess.run(
            [without_pagefind, "-c", "import pagefind"], capture_output=True, check=False
        ).returncode
        == 0
    ):
        pytest.skip("no Python without the pagefind package on this machine")
    monkeypatch.setattr(sys, "executable", without_pagefind)
    with pytest.raises(SearchError, match=r"^Pagefind failed: the pagefind package is not"):
        index_with_pagefind(small_site, 100)


def test_a_new_preview_build_stops_the_sharded_indexing_in_progress(
    small_site: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    runs = tmp_path / "runs"
    monkeypatch.setattr(sys, "executable", stand_in(tmp_path, f"echo run >> {runs}\nexec sleep 60"))
    lazy = LazyPagefind(logging.getLogger("test-shards"))
    lazy.start(small_site, 1)  # three shards, each run "takes" a minute
    first = lazy.thread
    assert first is not None
    deadline = time.monotonic() + 10
    while not runs.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    started = time.monotonic()
    lazy.start(small_site, 1)  # a new save: the first indexing stops, a second starts
    lazy.stop()  # the server stops
    assert time.monotonic() - started < 10
    assert not first.is_alive()
    assert runs.read_text().count("run") <= 2  # no shard after the stop, in either
    assert not caplog.records  # a stopped indexing is no failure


def test_the_preview_indexes_only_once_saves_pause(
    small_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save within `quiet` seconds of the last build's end stops its indexing before
    Pagefind ever runs: the builds of a desk saving as it writes keep both cores."""
    runs = tmp_path / "runs"
    monkeypatch.setattr(sys, "executable", stand_in(tmp_path, f"echo run >> {runs}\nexit 0"))
    lazy = LazyPagefind(logging.getLogger("test-shards"), quiet=30)
    lazy.start(small_site, 1)
    time.sleep(0.5)
    started = time.monotonic()
    lazy.stop()  # the next save's build
    assert time.monotonic() - started < 5
    assert not runs.exists()


def test_a_new_build_does_not_wait_for_the_stopped_indexing_to_clean_up(
    small_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Placing or removing a shard's links takes seconds at 2,000 pages and cannot be
    interrupted: the next save's build goes on at once (`stop(wait=False)`), the stopped
    thread runs no Pagefind and ends by itself, and `start` waits for it."""
    runs, placing = tmp_path / "runs", threading.Event()
    monkeypatch.setattr(sys, "executable", stand_in(tmp_path, f"echo run >> {runs}\nexit 0"))

    def slow_place(site_dir: Path, pages: list[str], folder: Path) -> None:
        placing.set()
        time.sleep(3)

    monkeypatch.setattr(search, "_place_pages", slow_place)
    lazy = LazyPagefind(logging.getLogger("test-shards"), quiet=0)
    lazy.start(small_site, 1)
    thread = lazy.thread
    assert thread is not None and placing.wait(10)
    started = time.monotonic()
    lazy.stop(wait=False)
    assert time.monotonic() - started < 1
    assert thread.is_alive()
    lazy.stop()  # the server stopping, or `start` of the next indexing
    assert not thread.is_alive()
    assert not runs.exists()


def write_pages(site: Path, searched: list[str], unsearched: list[str]) -> Path:
    """HTML pages with an article, and pages Pagefind finds nothing to index in."""
    for name in searched + unsearched:
        article = f"<article><h1>{name} zebra</h1></article>" if name in searched else ""
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(f"<html lang=en><body>{article}</body></html>")
    return site


@pytest.mark.slow
def test_a_shard_with_nothing_to_index_goes_with_the_next(tmp_path: Path) -> None:
    """A run of pages kept out of search (tag pages, sorted together) makes no bundle of
    its own, even first: the first bundle is still `pagefind/`."""
    site = write_pages(tmp_path, ["b/1.html", "b/2.html"], ["a/1.html", "a/2.html", "c/1.html"])
    index_with_pagefind(site, 1)
    assert entry(site)[SHARDS_KEY] == ["pagefind/shard-2/"]
    assert indexed_pages(site / "pagefind") == {"/b/1.html"}
    assert indexed_pages(site / "pagefind/shard-2") == {"/b/2.html"}


@pytest.mark.slow
def test_a_site_with_nothing_to_index_fails_in_one_line(tmp_path: Path) -> None:
    site = write_pages(tmp_path, [], ["a/1.html", "a/2.html"])
    for shard_pages in (1, 100):
        with pytest.raises(SearchError) as raised:
            index_with_pagefind(site, shard_pages)
        message = str(raised.value)
        assert message.startswith("Pagefind failed") and "not able to build an index" in message
        assert "\n" not in message and message.count("not able to build") == 1


# --- Real Pagefind on the built example ----------------------------------------------------


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("shards"))
    set_plugin_options(project, search="pagefind", search_shard_pages=SHARD_PAGES)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


@pytest.mark.slow
def test_a_sharded_build_has_one_bundle_per_run_of_pages(sharded_site: Path) -> None:
    files, made = html_files(sharded_site), bundles(sharded_site)
    assert len(made) >= 3  # the example has some 30 pages
    assert shard_folders(sharded_site) == made[1:]
    assert entry(sharded_site)[SHARDS_KEY] == [f"{bundle}/" for bundle in made[1:]]
    for number, bundle in enumerate(made):
        run = {page_url(f) for f in files[number * SHARD_PAGES : (number + 1) * SHARD_PAGES]}
        assert indexed_pages(sharded_site / bundle) <= run, bundle  # its own run of pages only
        assert (sharded_site / bundle / "pagefind.js").is_file()


@pytest.mark.slow
def test_every_page_is_in_exactly_one_shard(sharded_site: Path, tmp_path: Path) -> None:
    whole = tmp_path / "whole"
    shutil.copytree(sharded_site, whole)
    index_with_pagefind(whole, 10_000)  # the same site in one shard
    in_one = indexed_pages(whole / paths.PAGEFIND_DIR)
    per_shard = [indexed_pages(sharded_site / bundle) for bundle in bundles(sharded_site)]
    assert sum(len(pages) for pages in per_shard) == len(in_one)  # no page twice
    assert set().union(*per_shard) == in_one  # none left out
    assert shard_folders(whole) == []  # the bigger site's shards are gone
    assert SHARDS_KEY not in entry(whole)


@pytest.mark.slow
def test_a_site_within_one_shard_is_indexed_as_before_sharding(
    sharded_site: Path, tmp_path: Path
) -> None:
    """Only `pagefind/`, byte for byte the bundle Pagefind writes when run on its own."""
    ours, alone = tmp_path / "ours", tmp_path / "alone"
    for copy in (ours, alone):
        shutil.copytree(sharded_site, copy, ignore=shutil.ignore_patterns(paths.PAGEFIND_DIR))
    index_with_pagefind(ours, 2000)
    alone_command = [sys.executable, "-m", "pagefind", "--site", str(alone)]
    alone_command += ["--root-selector", "article", "--output-subdir", "pagefind", "--silent"]
    subprocess.run(alone_command, check=True, capture_output=True, timeout=120)
    assert sorted(p.name for p in ours.iterdir()) == sorted(p.name for p in alone.iterdir())
    ours_files = {p.relative_to(ours): p.read_bytes() for p in ours.rglob("*") if p.is_file()}
    alone_files = {p.relative_to(alone): p.read_bytes() for p in alone.rglob("*") if p.is_file()}
    assert ours_files == alone_files


@pytest.mark.slow
def test_the_preview_indexes_in_the_same_shards(sharded_site: Path, tmp_path: Path) -> None:
    preview = tmp_path / "preview"
    shutil.copytree(sharded_site, preview, ignore=shutil.ignore_patterns(paths.PAGEFIND_DIR))
    lazy = LazyPagefind(logging.getLogger("test-shards"))
    lazy.start(preview, SHARD_PAGES)
    assert lazy.thread is not None
    lazy.thread.join(timeout=120)
    assert shard_folders(preview) == bundles(sharded_site)[1:]
    assert entry(preview)[SHARDS_KEY] == entry(sharded_site)[SHARDS_KEY]
    for bundle in bundles(sharded_site):
        assert indexed_pages(preview / bundle) == indexed_pages(sharded_site / bundle)


# --- The merged search in Chromium, under a sub-path -----------------------------------------


@pytest.fixture(scope="module")
def sub_path_url(sharded_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("host")
    (root / "desk").symlink_to(sharded_site, target_is_directory=True)
    with static_server(root) as url:
        yield url + "desk/"


def shard_of(site: Path) -> dict[str, int]:
    """Which shard indexed each page URL (from the site root)."""
    return {
        url: number
        for number, bundle in enumerate(bundles(site))
        for url in indexed_pages(site / bundle)
    }


def word_of_the_last_shard(site: Path) -> tuple[str, str]:
    """A word of a page in the last shard that no page of the first shard has, the rarest
    by its first five letters (Pagefind matches stems): the query, and that page."""
    made = bundles(site)
    first = " ".join(indexed_text(site / made[0]).values()).lower()
    everything = [text.lower() for bundle in made for text in indexed_text(site / bundle).values()]
    candidates = [
        (sum(word[:5].lower() in text for text in everything), word, url)
        for url, text in indexed_text(site / made[-1]).items()
        for word in set(re.findall(r"[A-Za-z]{6,}", text))
        if word.lower() not in first
    ]
    _, word, url = min(candidates)
    return word, url


# What the search box's own Pagefind instance (the same module) returns: scores and URLs.
MERGED_SEARCH = """async ([bundle, query]) => {
    const pf = await import(bundle);
    const search = await pf.search(query);
    const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
    return { scores: search.results.map((r) => r.score), urls: data.map((d) => d.url) };
}"""


@pytest.mark.slow
@pytest.mark.browser
def test_one_query_searches_every_shard(
    chromium: Browser, sharded_site: Path, sub_path_url: str
) -> None:
    shards = shard_of(sharded_site)
    with browser_page(chromium) as page:
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

        word, later_page = word_of_the_last_shard(sharded_site)
        assert later_page.lstrip("/") in header_search(page, sub_path_url, word), word

        # Shoigu: his actor page is in the first shard, the brief about his visit in another.
        found = header_search(page, sub_path_url, "Shoigu")  # paths under the sub-path
        assert len({shards["/" + path] for path in found}) >= 2, found
        merged = page.evaluate(MERGED_SEARCH, [sub_path_url + "pagefind/pagefind.js", "Shoigu"])
        assert merged["scores"] == sorted(merged["scores"], reverse=True)  # one ranked list
        sub_path = urlsplit(sub_path_url).path
        assert [sub_path + path for path in found] == merged["urls"][: len(found)]
        assert not errors, errors
