"""Search for large sites: index the built site with Pagefind instead of Material's index.

Material's search ships one index of every page, fetched in full before the first query
(33 MB and 7.6 s to a first result at 6,000 pages). Pagefind splits its index into
chunks fetched per query. `choose_backend` picks one; `index_with_pagefind` runs the
Pagefind binary from its PyPI package on the built site.
"""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Literal

from .paths import PAGEFIND_DIR
from .paths import PAGEFIND_SCRIPT as PAGEFIND_SCRIPT  # the plugin imports it from here

Backend = Literal["material", "pagefind"]


# Markup that is no prose (pictures, badges, lists of links to other pages) stays out of both
# backends' indexes: it would fill snippets and let a page that merely lists a name outrank
# the pages about it. Material's search skips `data-search-exclude`, Pagefind
# `data-pagefind-ignore`.
NOT_SEARCHED = "data-search-exclude data-pagefind-ignore"


def unsearched_section(heading: str, body: str) -> str:
    """A `## heading` and its Markdown `body`, shown as usual but kept out of search.

    Material excludes a section by its heading's attribute (an excluded wrapper alone would
    leave an empty entry under the heading's anchor); Pagefind needs the wrapper.
    """
    return (
        f"<div {NOT_SEARCHED} markdown>\n\n## {heading} {{ {NOT_SEARCHED} }}\n\n{body}\n\n</div>\n"
    )


# Material's search ranks by page, through each page's front matter `search: {boost: N}`,
# which multiplies the score of every match on the page. A word in a heading already counts
# a thousand times a word in text (Material's field boosts). So: an actor's own page (its
# names are in its h1) comes before the briefs that name the actor in their title, and
# listing pages, whose headings and links repeat every name and title, come after any
# brief that mentions the query at all.
ACTOR_SEARCH = {"boost": 2.0}
BRIEF_SEARCH = {"boost": 1.0}
LISTING_SEARCH = {"boost": 0.0005}
# A tag's page lists the titles of its briefs under the tag as its heading: it would rank
# above the briefs themselves. The briefs carry their tags, so search leaves it out.
TAG_SEARCH = {"exclude": True}
# A registry source's page has its title as h1: ranked below the briefs about the same
# thing (a title word there counts about as a word in a brief's text), above listings.
SOURCE_SEARCH = {"boost": 0.001}


class SearchError(Exception):
    """Pagefind is missing or failed."""


def choose_backend(setting: str, briefs: int, threshold: int) -> Backend:
    """`material`, `pagefind`, or for `auto` Pagefind from `threshold` briefs on."""
    if setting == "auto":
        return "pagefind" if briefs >= threshold else "material"
    return "pagefind" if setting == "pagefind" else "material"


def _pagefind_command(site_dir: Path) -> list[str]:
    return [
        sys.executable, "-m", "pagefind",
        "--site", str(site_dir),
        "--root-selector", "article",
        "--output-subdir", PAGEFIND_DIR,
        "--silent",
    ]  # fmt: skip


def _failure(detail: str) -> SearchError:
    if "No module named pagefind" in detail:
        detail = "the pagefind package is not installed (pip install 'pagefind[bin]')"
    return SearchError(f"Pagefind failed: {detail}")


def index_with_pagefind(site_dir: Path) -> None:
    """Build `site_dir/pagefind/` from the pages' article text (no nav, no sidebars)."""
    try:
        result = subprocess.run(
            _pagefind_command(site_dir), capture_output=True, text=True, timeout=600, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchError(f"could not run Pagefind: {exc}") from None
    if result.returncode != 0:
        raise _failure((result.stderr or result.stdout).strip())


class LazyPagefind:
    """Pagefind for the preview, in the background: a saved edit is served at once and
    search follows when Pagefind is done (seconds at a thousand briefs). A new build stops
    the indexing of the last one, which would only be overwritten."""

    def __init__(self, log: logging.Logger) -> None:
        self.log = log
        self.proc: subprocess.Popen[str] | None = None
        self.thread: threading.Thread | None = None

    def start(self, site_dir: Path) -> None:
        self.stop()
        try:
            self.proc = subprocess.Popen(
                _pagefind_command(site_dir),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                text=True,
            )
        except OSError as exc:
            self.log.warning(f"briefing: could not run Pagefind: {exc}")
            return
        self.thread = threading.Thread(target=self._report, args=(self.proc,), daemon=True)
        self.thread.start()

    def _report(self, proc: subprocess.Popen[str]) -> None:
        output, _ = proc.communicate()
        if proc.returncode not in (0, -signal.SIGTERM, -signal.SIGKILL):
            self.log.warning(f"briefing: search is out of date: {_failure(output.strip())}")

    def stop(self) -> None:
        """Stop the indexing in progress, if any."""
        proc, thread, self.proc, self.thread = self.proc, self.thread, None, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        if thread is not None:
            thread.join(timeout=10)


def empty_material_index(site_dir: Path) -> None:
    """Keep Material's search UI but give its worker no documents to load."""
    path = site_dir / "search" / "search_index.json"
    if path.is_file():
        config = json.loads(path.read_text(encoding="utf-8")).get("config", {})
        path.write_text(json.dumps({"config": config, "docs": []}), encoding="utf-8")
