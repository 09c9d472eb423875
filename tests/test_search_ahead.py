"""Pagefind indexes a large build's pages while MkDocs writes the rest (`search_ahead.py`).

The shard plan is checked on its own; then the example is built for real, in-process, with
the ahead indexing switched on at its size: every page is in exactly one bundle, the
bundles together hold what one Pagefind run over the site holds, the first shards are the
first pages MkDocs wrote, and the same build makes the same bundles. A Pagefind that fails
fails the build in one line.
"""

from __future__ import annotations

import logging
import shutil
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from helpers import build_in_process, copy_project, examples, set_plugin_options
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort
from test_search_shards import entry, indexed_pages, page_url, stand_in

from generator import paths, search_ahead
from generator.search import SHARDS_KEY, Indexing, SearchError, _NothingToIndex, index_with_pagefind
from generator.search_ahead import AHEAD_MIN_PAGES, IndexingAhead, shard_sizes


@settings(max_examples=examples(200), deadline=None)
@given(pages=st.integers(0, 20_000), most=st.integers(-1, 3000))
def test_shards_are_halves_of_what_is_left_until_an_eighth_is(pages: int, most: int) -> None:
    sizes = shard_sizes(pages, most)
    if pages < AHEAD_MIN_PAGES:
        assert sizes == []
        return
    assert sizes and all(0 < size <= max(most, 1) for size in sizes)
    left = pages
    for size in sizes:
        assert size == min(max(most, 1), -(-left // 2))
        left -= size
    assert 0 <= left <= pages / 8  # what is indexed after the build


def built_site(project: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    """Build `project` in this process with ahead indexing from 10 pages on; the site and
    the HTML files in the order MkDocs wrote them."""
    monkeypatch.setattr(search_ahead, "AHEAD_MIN_PAGES", 10)
    written: list[str] = []
    original = search_ahead.IndexingAhead.written

    def recording(self: Any, dest_uri: str) -> None:
        written.append(dest_uri)
        original(self, dest_uri)

    monkeypatch.setattr(search_ahead.IndexingAhead, "written", recording)
    monkeypatch.chdir(project)
    return build_in_process(project), written


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "project")
    set_plugin_options(project, search="pagefind", workers=1, cache=False)
    return project


def bundle_folders(site: Path) -> list[Path]:
    shards = entry(site).get(SHARDS_KEY, [])
    assert isinstance(shards, list)
    return [site / paths.PAGEFIND_DIR] + [site / str(shard) for shard in shards]


@pytest.mark.slow
def test_every_page_is_indexed_once_and_the_first_shards_are_the_first_written(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    site, written = built_site(project, monkeypatch)
    folders = bundle_folders(site)
    assert len(folders) >= 3  # a shard with nothing to search goes with the next
    per_bundle = [indexed_pages(folder) for folder in folders]
    whole = tmp_path / "whole"
    shutil.copytree(site, whole, ignore=shutil.ignore_patterns(paths.PAGEFIND_DIR))
    index_with_pagefind(whole, 10_000)
    everything = indexed_pages(whole / paths.PAGEFIND_DIR)
    assert sum(len(pages) for pages in per_bundle) == len(everything)  # no page twice
    assert set().union(*per_bundle) == everything  # none left out
    first_shard = shard_sizes(len(written), 2000)[0]
    assert per_bundle[0] <= {page_url(page) for page in written[:first_shard]}


@pytest.mark.slow
def test_the_same_build_makes_the_same_bundles(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, _ = built_site(project, monkeypatch)
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    site, _ = built_site(project, monkeypatch)
    second = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    pagefind = [path for path in first if path.parts[0] == paths.PAGEFIND_DIR]
    assert len(pagefind) > 20
    assert first == second


@pytest.mark.slow
def test_a_failing_pagefind_fails_the_build_in_one_line_and_keeps_the_site(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    site, _ = built_site(project, monkeypatch)
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    fails = stand_in(tmp_path, 'echo "Error: disk full" >&2\nexit 1')
    monkeypatch.setattr(sys, "executable", fails)
    with pytest.raises(Abort):
        built_site(project, monkeypatch)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == ["Pagefind failed on shard 1: Error: disk full"]
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


def test_a_site_with_nothing_to_index_fails_without_hanging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    for number in range(6):
        (site / f"p{number}").mkdir(parents=True)
        (site / f"p{number}" / "index.html").write_text("<html><body></body></html>")

    def nothing(self: Any, command: list[str], where: str) -> None:
        raise _NothingToIndex(f"Pagefind failed{where}: not able to build an index")

    monkeypatch.setattr(Indexing, "_pagefind", nothing)
    ahead = IndexingAhead(site, [2, 2], 100)
    for number in range(6):
        ahead.written(f"p{number}/index.html")
    outcome: list[BaseException | None] = []

    def finish() -> None:
        try:
            ahead.finish()
            outcome.append(None)
        except SearchError as exc:
            outcome.append(exc)

    finishing = threading.Thread(target=finish, daemon=True)
    finishing.start()
    finishing.join(timeout=20)
    assert not finishing.is_alive() and not ahead.thread.is_alive()
    assert [str(exc) for exc in outcome] == [
        "Pagefind failed on shard 3: not able to build an index"
    ]
