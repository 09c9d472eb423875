"""A real `mkdocs serve`: edits are served live, bad edits show errors, fixes recover.

Each test runs the server on a copy of the project, on a free port, and always kills its
process group at the end. Polls are bounded: nothing here waits longer than TIMEOUT.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import (
    copy_project,
    free_port,
    mkdocs,
    set_plugin_options,
    stop_process_group,
    use_search_backend,
)

BRIEF = "north-korea-weapon-test-shoigu-visit"
BRIEF_FILE = f"content/briefs/{BRIEF}.yml"
BRIEF_URL = f"/briefs/{BRIEF}/"
OLD_TITLE = "North Korea tests new weapon as Russia's security chief Shoigu visits Pyongyang"
NEW_TITLE = "Live preview edit, Shoigu meets Kim in Pyongyang"
BANNER = 'class="admonition failure"'
ERROR_PAGE = "Briefing: content errors"  # the h1 of the page served before any good build
TIMEOUT = 60.0  # seconds, for any one wait
INTERVAL = 0.3  # seconds between polls

pytestmark = pytest.mark.slow


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    base: str
    log: Path

    def alive(self) -> bool:
        return self.proc.poll() is None

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str) -> str | None:
        """The page's HTML, or None while the server does not answer with it (yet)."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def wait_for(self, path: str, what: str, check: Callable[[str], bool]) -> str:
        """Poll `path` until `check(html)` holds; fail (with the server log) on timeout."""
        deadline = time.monotonic() + TIMEOUT
        last: str | None = None
        while time.monotonic() < deadline:
            if not self.alive():
                pytest.fail(f"mkdocs serve died while waiting for {what}:\n{self.log_text()}")
            page = self.get(path)
            if page is not None:
                last = page
                if check(page):
                    return page
            time.sleep(INTERVAL)
        shown = "no answer" if last is None else f"last h1: {h1(last)!r}, banner: {BANNER in last}"
        pytest.fail(f"timed out waiting for {what} at {path} ({shown})\nlog:\n{self.log_text()}")


@contextmanager
def mkdocs_serve(project: Path, *extra: str, prelude: str = "") -> Iterator[Server]:
    """`mkdocs serve --livereload` in `project`, killed (whole process group) on exit.

    `prelude` is Python run in the server process before MkDocs starts (to inject faults).
    """
    port = free_port()
    start = (
        ["-c", f"{prelude}\nfrom mkdocs.__main__ import cli\ncli()"]
        if prelude
        else ["-m", "mkdocs"]
    )
    log = project / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                *start,
                *("serve", "-a", f"127.0.0.1:{port}", "--livereload", *extra),
            ],
            cwd=project,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so teardown kills everything
        )
    try:
        yield Server(proc, f"http://127.0.0.1:{port}", log)
    finally:
        stop_process_group(proc, timeout=10)


def article(page: str) -> str:
    """The page's main content (Material's <article>), without nav, header and search."""
    start = page.find("<article")
    end = page.find("</article>", start)
    return page[start:end] if start >= 0 and end >= 0 else page


def h1(page: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", article(page), re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip() if match else ""


def edit(path: Path, old: str, new: str) -> int:
    """Replace `old` at the start of the one line starting with it; return the line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    hits = [i for i, line in enumerate(lines) if line.startswith(old)]
    assert len(hits) == 1, f"{old!r} is not on exactly one line of {path}"
    lines[hits[0]] = new + lines[hits[0]][len(old) :]
    path.write_text("".join(lines), encoding="utf-8")
    return hits[0] + 1


def test_serve_follows_edits_survives_errors_and_recovers(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    brief = project / BRIEF_FILE
    with mkdocs_serve(project) as server:
        server.wait_for("/", "the home page", lambda page: BRIEF_URL.lstrip("/") in page)
        page = server.wait_for(BRIEF_URL, "the brief", lambda page: h1(page) == OLD_TITLE)
        assert BANNER not in page

        # A good edit: the new title is served after the rebuild.
        edit(brief, f"title: {OLD_TITLE}", f"title: {NEW_TITLE}")
        page = server.wait_for(BRIEF_URL, "the new title", lambda page: h1(page) == NEW_TITLE)
        assert BANNER not in page

        # A bad edit (a misspelt field): the error shows as path:line:col on the page, in the
        # log, and the last good pages stay up.
        line = edit(brief, "summary:", "sumary:")
        where = f"{BRIEF_FILE}:{line}:1"
        page = server.wait_for(BRIEF_URL, "the error banner", lambda page: BANNER in page)
        content = article(page)
        assert where in content and "sumary" in content, content[:3000]
        assert "hint: did you mean &#x27;summary&#x27;?" in content  # the hint line too
        assert h1(page) == NEW_TITLE  # the last good version, not an empty page
        assert "Bottom line" in content
        home = server.wait_for("/", "the banner on the home page", lambda page: BANNER in page)
        assert where in article(home)
        assert where in server.log_text()
        time.sleep(1)  # the server survives the bad build, not just the first request
        assert server.alive(), server.log_text()

        # The fix: the banner goes away by itself, the edited title stays.
        edit(brief, "sumary:", "summary:")
        page = server.wait_for(BRIEF_URL, "the recovery", lambda page: BANNER not in page)
        assert h1(page) == NEW_TITLE
        assert "Bottom line" in article(page)
        assert server.alive()


@pytest.mark.parametrize("watcher", ["auto", "poll"])
def test_one_save_is_one_rebuild_whichever_watcher(tmp_path: Path, watcher: str) -> None:
    """Native events (auto, here on a local disk) and MkDocs' polling both see a save, once;
    a build reading the content is not a change (native observers also report reads)."""
    project = copy_project(tmp_path / "project")
    set_plugin_options(project, watcher=watcher)
    brief = project / BRIEF_FILE
    with mkdocs_serve(project) as server:
        server.wait_for(BRIEF_URL, "the brief", lambda page: h1(page) == OLD_TITLE)
        time.sleep(2)
        assert "Detected file changes" not in server.log_text()
        assert ("briefing: file events watch" in server.log_text()) is (watcher == "auto")
        edit(brief, f"title: {OLD_TITLE}", f"title: {NEW_TITLE}")
        server.wait_for(BRIEF_URL, "the new title", lambda page: h1(page) == NEW_TITLE)
        time.sleep(2)
        assert server.log_text().count("Detected file changes") == 1, server.log_text()


def test_serve_starts_with_broken_content_and_recovers(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    brief = project / BRIEF_FILE
    # A YAML syntax error from the very first build: an unterminated quoted title.
    line = edit(brief, "title: ", 'title: "')
    where = re.compile(re.escape(BRIEF_FILE) + r":(\d+):(\d+)")
    with mkdocs_serve(project) as server:
        home = server.wait_for("/", "the error page", lambda page: ERROR_PAGE in h1(page))
        content = article(home)
        match = where.search(content)
        assert match, content[:3000]
        assert int(match.group(1)) in (line, line + 1), content[:3000]  # at or just after
        assert "YAML" in content
        assert "last good version" not in content  # there is none yet
        assert where.search(server.log_text()), server.log_text()
        time.sleep(1)  # the server survives the bad first build, not just the first request
        assert server.alive(), server.log_text()

        # Another error while still broken: the error page follows it, not the first one.
        edit(brief, 'title: "', "title: ")
        line = edit(brief, "summary:", "sumary:")
        home = server.wait_for(
            "/", "the new error", lambda page: f"{BRIEF_FILE}:{line}:1" in article(page)
        )
        assert "YAML" not in article(home)

        edit(brief, "sumary:", "summary:")
        home = server.wait_for(
            "/", "the real home page", lambda page: BRIEF_URL.lstrip("/") in article(page)
        )
        assert ERROR_PAGE not in home and BANNER not in home
        page = server.wait_for(BRIEF_URL, "the brief", lambda page: h1(page) == OLD_TITLE)
        assert BANNER not in page
        assert server.alive()


OTHER_BRIEF = """\
title: Ukraine grain corridor talks
date: 2024-08-01
summary: Talks on the grain corridor resumed, according to [[ukraine]].
actors: [ukraine]
sources:
  - id: note
    title: A note
    publisher: Example Wire
    url: https://example.org/note
body: Officials met.[^note]
"""


def test_dirty_preview_rebuilds_what_depends_on_the_edit(tmp_path: Path) -> None:
    """`make serve` runs --dirty: only changed pages are rebuilt, and all of them are."""
    project = copy_project(tmp_path / "project")
    (project / "content" / "briefs" / "grain-talks.yml").write_text(OTHER_BRIEF, encoding="utf-8")
    brief = project / BRIEF_FILE
    with mkdocs_serve(project, "--dirty") as server:
        server.wait_for(BRIEF_URL, "the brief", lambda page: h1(page) == OLD_TITLE)
        index_before = json.loads(server.get("/search/search_index.json") or "{}")
        # A body edit: the brief, and nothing unrelated, is rebuilt.
        edit(brief, "  ## Overview", "  ## Overview of the visit")
        server.wait_for(BRIEF_URL, "the body edit", lambda page: "Overview of the visit" in page)
        # A title edit: every page that shows the title follows.
        edit(brief, f"title: {OLD_TITLE}", f"title: {NEW_TITLE}")
        server.wait_for(BRIEF_URL, "the new title", lambda page: h1(page) == NEW_TITLE)
        # Every page that shows the brief's title follows the edit.
        shown_at = ("/", "/briefs/", "/actors/sergei-shoigu/", "/timeline/", "/quotes/")
        for path in (*shown_at, "/tags/russia/"):  # the Tags page lists tags, not titles
            server.wait_for(path, f"the new title on {path}", lambda page: NEW_TITLE in page)
            assert OLD_TITLE not in (server.get(path) or ""), path
        # The unrelated brief is still served, and search knows every page exactly once.
        assert h1(server.get("/briefs/grain-talks/") or "") == "Ukraine grain corridor talks"
        index_after = json.loads(server.get("/search/search_index.json") or "{}")
        locations = [doc["location"] for doc in index_after["docs"]]
        assert len(locations) == len(set(locations)), "duplicate search entries"

        def pages(locations: list[str]) -> set[str]:
            return {location.split("#")[0] for location in locations}

        assert pages(locations) == pages([doc["location"] for doc in index_before["docs"]])
        assert f"{BRIEF_URL.lstrip('/')}#analysis-overview-of-the-visit" in locations
        titles = " ".join(doc["title"] + doc["text"] for doc in index_after["docs"])
        assert NEW_TITLE in titles and OLD_TITLE not in titles
        # A broken save shows the banner on every page (not only rebuilt ones), and the fix
        # removes it everywhere.
        edit(brief, "summary:", "sumary:")
        server.wait_for("/briefs/grain-talks/", "the banner", lambda page: BANNER in page)
        edit(brief, "sumary:", "summary:")
        server.wait_for("/briefs/grain-talks/", "no banner", lambda page: BANNER not in page)
        assert server.alive()


# Fails every brief page MkDocs renders while a file named `crash` exists in the project.
INJECT_FAILURE = """
import pathlib
import generator.session as session
_real = session.absolutize_html
def _failing(*args, **kwargs):
    if pathlib.Path("crash").exists():
        raise RuntimeError("injected <b>failure</b>")
    return _real(*args, **kwargs)
session.absolutize_html = _failing
"""


def test_an_unexpected_failure_shows_on_the_page_instead_of_hanging(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    brief = project / BRIEF_FILE
    with mkdocs_serve(project, "--dirty", prelude=INJECT_FAILURE) as server:
        server.wait_for(BRIEF_URL, "the brief", lambda page: h1(page) == OLD_TITLE)
        (project / "crash").touch()
        edit(brief, "  ## Overview", "  ## Overview of the visit")
        page = server.wait_for(BRIEF_URL, "the failure", lambda page: BANNER in page)
        content = article(page)
        assert "RuntimeError: injected &lt;b&gt;failure&lt;/b&gt;" in content, content[:3000]
        assert h1(page) == OLD_TITLE  # the last good version stays up
        assert "injected <b>failure</b>" in server.log_text()
        assert server.alive()

        (project / "crash").unlink()
        edit(brief, "  ## Overview of the visit", "  ## Overview again")
        page = server.wait_for(BRIEF_URL, "the recovery", lambda page: BANNER not in page)
        assert "Overview again" in article(page)
        assert server.alive()


SHOIGU_BRIEF = """\
title: Shoigu in Tehran
date: 2025-04-02
summary: Russia's security chief [[sergei-shoigu]] met officials in Tehran.
tags: [russia, missile-tests]
actors: [sergei-shoigu, russia]
sources:
  - id: wire
    title: A wire report
    publisher: Example Wire
    url: https://example.org/wire
body: The talks covered drones.[^wire]
"""
SHOIGU_FILE = "content/actors/sergei-shoigu.yml"
LIVERELOAD = re.compile(r"<script>\s*var livereload = function.*?</script>", re.S)


def built_pages(site: Path) -> dict[str, str]:
    """Every HTML page of a built site by its URL path."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        url = "/" + path.relative_to(site).as_posix()
        pages[url.removesuffix("index.html")] = path.read_text(encoding="utf-8")
    return pages


def as_built(served: str, base: str) -> str:
    """A served page as `mkdocs build` writes it: MkDocs' serve injects its livereload
    script and serves under its own address instead of `site_url`."""
    served = LIVERELOAD.sub("", served)
    return served.replace(base + "/", "https://briefing.example.org/")


def test_the_preview_after_edits_is_the_site_a_build_makes(tmp_path: Path) -> None:
    """After ordinary, actor and title edits, every page `make serve` serves is the page a
    fresh `mkdocs build` of the edited content makes, including pages that show the edit
    away from the edited file (actor pages, related briefs, listings, the tag listing)."""
    project = copy_project(tmp_path / "project")
    briefs = project / "content" / "briefs"
    (briefs / "grain-talks.yml").write_text(OTHER_BRIEF, encoding="utf-8")
    (briefs / "shoigu-tehran.yml").write_text(SHOIGU_BRIEF, encoding="utf-8")
    brief, actor = project / BRIEF_FILE, project / SHOIGU_FILE
    with mkdocs_serve(project, "--dirty") as server:
        server.wait_for(BRIEF_URL, "the brief", lambda page: h1(page) == OLD_TITLE)
        # A summary edit: the brief, its actors' pages and the listings.
        edit(brief, "summary: |", "summary: |\n  Summary edit first.")
        server.wait_for(BRIEF_URL, "the summary edit", lambda page: "Summary edit first" in page)
        # A body edit: the brief's page, and its HTML in the site feeds.
        edit(brief, "  ## Overview", "  ## Overview of the visit")
        server.wait_for("/feed.xml", "the body in the feed", lambda feed: "of the visit" in feed)
        # An actor's description: its page.
        edit(actor, "description: |", "description: |\n  Described anew.")
        server.wait_for(
            "/actors/sergei-shoigu/", "the description", lambda page: "Described anew" in page
        )
        # A title: every page that shows it, the related brief and its tags' pages too.
        edit(brief, f"title: {OLD_TITLE}", f"title: {NEW_TITLE}")
        server.wait_for(BRIEF_URL, "the new title", lambda page: h1(page) == NEW_TITLE)
        for path in ("/briefs/shoigu-tehran/", "/tags/russia/", "/actors/sergei-shoigu/"):
            server.wait_for(path, f"the title on {path}", lambda page: NEW_TITLE in page)
        # A bad save and its fix: the preview recovers to the built site, banner-free.
        edit(brief, "summary:", "sumary:")
        server.wait_for(BRIEF_URL, "the banner", lambda page: BANNER in page)
        edit(brief, "sumary:", "summary:")
        server.wait_for("/briefs/grain-talks/", "no banner", lambda page: BANNER not in page)
        time.sleep(1)  # every page of the last rebuild is written
        built = tmp_path / "built"
        result = mkdocs(project, "build", "--strict", "-d", str(built))
        assert result.returncode == 0, result.stderr
        expected = built_pages(built)
        for feed in ("/feed.xml", "/feed.json"):
            expected[feed] = (built / feed.lstrip("/")).read_text(encoding="utf-8")
        assert "/briefs/shoigu-tehran/" in expected and "/tags/" in expected
        differing = []
        for url, page in expected.items():
            served = server.get(url)
            if served is None or as_built(served, server.base) != page:
                differing.append(url)
        assert not differing, differing
        assert server.alive()


def test_pagefind_follows_the_preview_in_the_background(tmp_path: Path) -> None:
    """With Pagefind, the preview serves the edit first and indexes it in the background:
    the index's entry file (which names the index chunks by their content) follows."""
    project = copy_project(tmp_path / "project")
    use_search_backend(project, "pagefind")
    brief = project / BRIEF_FILE
    entry = "/pagefind/pagefind-entry.json"
    with mkdocs_serve(project, "--dirty") as server:
        server.wait_for(BRIEF_URL, "the brief", lambda page: h1(page) == OLD_TITLE)
        first = server.wait_for(entry, "the first index", lambda text: '"languages"' in text)
        edit(brief, f"title: {OLD_TITLE}", f"title: {NEW_TITLE}")
        server.wait_for(BRIEF_URL, "the new title", lambda page: h1(page) == NEW_TITLE)
        server.wait_for(
            entry, "the new index", lambda text: '"languages"' in text and text != first
        )
        assert "Pagefind failed" not in server.log_text()
        assert server.alive()


def test_the_preview_indexes_in_the_shards_a_build_makes(tmp_path: Path) -> None:
    """With `search_shard_pages`, the background index comes in shards too: the first
    bundle's entry file lists the others, and the server serves them."""
    project = copy_project(tmp_path / "project")
    set_plugin_options(project, search="pagefind", search_shard_pages=10)
    with mkdocs_serve(project) as server:
        entry = server.wait_for(
            "/pagefind/pagefind-entry.json", "the sharded index", lambda text: "shards" in text
        )
        shards = json.loads(entry)["briefing_shards"]
        assert shards[0] == "pagefind/shard-2/" and len(shards) >= 2
        for shard in shards:
            assert '"languages"' in (server.get(f"/{shard}pagefind-entry.json") or "")
        assert "Pagefind failed" not in server.log_text()
        assert server.alive()
