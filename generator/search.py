"""Search for large sites: index the built site with Pagefind instead of Material's index.

Material's search ships one index of every page, fetched in full before the first query
(33 MB and 7.6 s to a first result at 6,000 pages). Pagefind splits its index into
chunks fetched per query. `choose_backend` picks one; `index_with_pagefind` runs the
Pagefind binary from its PyPI package on the built site.

Pagefind holds everything it indexes in one run in memory (about 2 GB at 5,000 briefs), so a
large site is indexed in shards of at most `shard_pages` pages, one run after another, each
into a bundle of its own; the browser merges them (`mergeIndex` in pagefind-search.js). A
site that fits in one shard is indexed exactly as before sharding.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from .paths import PAGEFIND_DIR, PAGEFIND_SHARD_PREFIX, pagefind_shard
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


def _pagefind_command(site_dir: Path, output: Path | None = None) -> list[str]:
    """Pagefind on `site_dir`'s article text (no nav, no sidebars), writing its bundle to
    `output`, or else to `site_dir/pagefind/` (a one-shard site, as always)."""
    where = ["--output-path", str(output)] if output else ["--output-subdir", PAGEFIND_DIR]
    return [
        sys.executable, "-m", "pagefind",
        "--site", str(site_dir),
        "--root-selector", "article",
        *where,
        "--silent",
    ]  # fmt: skip


MAX_DETAIL = 500  # characters of Pagefind's own message kept in a SearchError


def _failure(output: str, returncode: int, where: str = "") -> SearchError:
    """Pagefind's failure as one line: its message's lines joined, cut to MAX_DETAIL."""
    if "No module named pagefind" in output:
        output = "the pagefind package is not installed (pip install 'pagefind[bin]')"
    parts = dict.fromkeys(part.strip() for part in output.splitlines() if part.strip())
    line = "; ".join(parts)  # each line once: Pagefind may print its error twice
    if len(line) > MAX_DETAIL:
        line = line[:MAX_DETAIL] + "…"
    if not line:
        line = f"killed by signal {-returncode}" if returncode < 0 else f"exit {returncode}"
    return SearchError(f"Pagefind failed{where}: {line}")


def html_pages(site_dir: Path) -> list[str]:
    """The site's HTML files, as POSIX paths from the site root."""
    files = (path for path in site_dir.rglob("*.html") if path.is_file())
    return [path.relative_to(site_dir).as_posix() for path in files]


def plan_shards(site_dir: Path, shard_pages: int) -> list[list[str]]:
    """The site's HTML files (POSIX paths from the site root), in shards of at most
    `shard_pages`: sorted, cut into contiguous runs, so the same site always gets the same
    shards. One shard, possibly empty, when they all fit."""
    pages = sorted(html_pages(site_dir))
    size = max(shard_pages, 1)
    return [pages[start : start + size] for start in range(0, len(pages), size)] or [[]]


def drop_stale_shards(site_dir: Path) -> None:
    """Remove the shard bundles of an earlier, bigger site (a dirty build keeps its files)."""
    try:
        for stale in site_dir.glob(PAGEFIND_SHARD_PREFIX + "*"):
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale)
            else:
                stale.unlink()
    except OSError as exc:
        raise SearchError(f"could not prepare the search index: {exc}") from None


class _Stopped(Exception):
    """The indexing was stopped by `Indexing.stop` (a newer preview build replaces it)."""


class _NothingToIndex(SearchError):
    """Pagefind found no page to index: every page it was given is kept out of search
    (a tag's page) or has no article. Told by its message (Pagefind 1.x)."""


NOTHING_TO_INDEX = "not able to build an index"


class Indexing:
    """One indexing of a built site, shard after shard, so that Pagefind's peak memory is
    one shard's; `stop`, from another thread, ends it between or during runs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[str] | None = None
        self._stopping = threading.Event()

    def stopped_within(self, seconds: float) -> bool:
        """Wait up to `seconds`; whether `stop` came meanwhile."""
        return self._stopping.wait(seconds)

    @property
    def _stopped(self) -> bool:
        return self._stopping.is_set()

    def run(self, site_dir: Path, shard_pages: int) -> None:
        """Index `site_dir`; SearchError (one line) if Pagefind fails, _Stopped if stopped."""
        try:
            shards = plan_shards(site_dir, shard_pages)
        except OSError as exc:
            raise SearchError(f"could not prepare the search index: {exc}") from None
        if self._stopped:  # a stopped indexing leaves the site to the next build
            raise _Stopped
        drop_stale_shards(site_dir)
        if len(shards) == 1:  # as before sharding: the same command, the same bundle
            self._pagefind(_pagefind_command(site_dir), "")
            return
        count = self._index_shards(site_dir, shards, len(shards))
        if self._stopped:
            raise _Stopped
        name_shards(site_dir, count)

    def _index_shards(
        self, site_dir: Path, shards: Iterable[list[str]], total: int | None = None
    ) -> int:
        """Index each shard into the next bundle; the number of bundles written. `shards`
        may still be growing (`IndexingAhead`); `total`, if known, goes in messages.

        A shard with nothing to index (a run of tag pages, all kept out of search) writes
        no bundle: its pages go with the next shard's, at no cost in memory (Pagefind drops
        them), so the first bundle written is always `pagefind/`.
        """
        bundles = 0
        carried: list[str] = []
        nothing: _NothingToIndex | None = None
        for number, shard in enumerate(shards, start=1):
            pages = carried + shard
            with shard_site(site_dir, pages) as folder:
                output = site_dir / pagefind_shard(bundles + 1)
                where = f" on shard {number}" + (f" of {total}" if total else "")
                try:
                    self._pagefind(_pagefind_command(folder, output), where)
                except _NothingToIndex as exc:
                    nothing, carried = exc, pages
                    continue
            bundles, carried = bundles + 1, []
        if bundles == 0 and nothing is not None:
            raise nothing  # no page to search at all: a failure, as without shards
        return bundles

    def _pagefind(self, command: list[str], where: str) -> None:
        with self._lock:  # `stop` cannot slip in between this check and the start
            if self._stopped:
                raise _Stopped
            try:
                proc = self._proc = subprocess.Popen(
                    command,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    text=True,
                )
            except OSError as exc:
                raise SearchError(f"could not run Pagefind: {exc}") from None
        try:
            output, _ = proc.communicate(timeout=PAGEFIND_TIMEOUT)
        except subprocess.TimeoutExpired:
            _end(proc)
            raise SearchError(f"Pagefind failed{where}: over {PAGEFIND_TIMEOUT} s") from None
        if self._stopped:
            raise _Stopped
        if proc.returncode != 0:
            failure = _failure(output, proc.returncode, where)
            raise _NothingToIndex(str(failure)) if NOTHING_TO_INDEX in output else failure

    def stop(self) -> None:
        """Stop the indexing: the Pagefind run in progress, and any after it."""
        with self._lock:
            self._stopping.set()
            proc = self._proc
        if proc is not None:
            _end(proc)


PAGEFIND_TIMEOUT = 600  # seconds for one Pagefind run


def _end(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def shard_site(site_dir: Path, pages: list[str]) -> Iterator[Path]:
    """A temporary folder holding only `pages`, under their paths in `site_dir`."""
    try:
        scratch = _scratch_dir(site_dir)
    except OSError as exc:
        raise SearchError(f"could not prepare a search index shard: {exc}") from None
    with scratch as name:
        folder = Path(name)
        try:
            _place_pages(site_dir, pages, folder)
        except OSError as exc:
            raise SearchError(f"could not prepare a search index shard: {exc}") from None
        yield folder


def _place_pages(site_dir: Path, pages: list[str], folder: Path) -> None:
    """Hard links to `pages` in `folder` where the file system allows them (no copying),
    copies where it does not (another device, no hard links)."""
    place: Callable[[Path, Path], object] = os.link
    made: set[Path] = set()
    for page in pages:
        target = folder / page
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        try:
            place(site_dir / page, target)
        except OSError:
            if place is shutil.copyfile:
                raise
            place = shutil.copyfile
            place(site_dir / page, target)


_SCRATCH_PREFIX = ".briefing-pagefind-"


def _scratch_dir(site_dir: Path) -> tempfile.TemporaryDirectory[str]:
    """A temporary folder on the site's file system, so that its pages can be hard links:
    the system's temporary folder if it is there, else one beside the site."""
    try:
        elsewhere = Path(tempfile.gettempdir()).stat().st_dev != site_dir.stat().st_dev
    except OSError:
        elsewhere = False
    if elsewhere:
        try:
            return tempfile.TemporaryDirectory(
                prefix=_SCRATCH_PREFIX, dir=site_dir.parent, ignore_cleanup_errors=True
            )
        except OSError:
            pass  # not writable: the system's, with copies
    return tempfile.TemporaryDirectory(prefix=_SCRATCH_PREFIX, ignore_cleanup_errors=True)


# The first bundle's entry file names the other shards: pagefind-search.js reads it and merges
# them (Pagefind's `mergeIndex`). Pagefind reads only its own keys from the file. A one-shard
# site's file is left as Pagefind wrote it, and there is no file to ask for that may not exist.
SHARDS_KEY = "briefing_shards"


def name_shards(site_dir: Path, count: int) -> None:
    """List shards 2..`count` (site-root paths of their bundles) in the first's entry file."""
    entry = site_dir / PAGEFIND_DIR / "pagefind-entry.json"
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
        data[SHARDS_KEY] = [f"{pagefind_shard(number)}/" for number in range(2, count + 1)]
        entry.write_text(
            json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
    except (OSError, ValueError, TypeError) as exc:
        raise SearchError(f"could not list the search index shards: {exc}") from None


def index_with_pagefind(site_dir: Path, shard_pages: int) -> None:
    """Build `site_dir/pagefind/` (and its shards) from the pages' article text."""
    Indexing().run(site_dir, shard_pages)


class LazyPagefind:
    """Pagefind for the preview, in the background: a saved edit is served at once and
    search follows when Pagefind is done (seconds at a thousand briefs). A new build stops
    the indexing of the last one, which would only be overwritten.

    The indexing waits for `quiet` seconds without a new save first: indexing a whole
    5,000-brief site keeps both cores busy for many seconds, and a desk saving as it
    writes would have each save's build share them with an index nobody reads yet."""

    QUIET = 3.0  # seconds, as the preview's paused garbage collector (collector.py)

    def __init__(self, log: logging.Logger, quiet: float = QUIET) -> None:
        self.log = log
        self.quiet = quiet
        self.indexing: Indexing | None = None
        self.thread: threading.Thread | None = None

    def start(self, site_dir: Path, shard_pages: int) -> None:
        self.stop()
        self.indexing = Indexing()
        self.thread = threading.Thread(
            target=self._index, args=(self.indexing, site_dir, shard_pages), daemon=True
        )
        self.thread.start()

    def _index(self, indexing: Indexing, site_dir: Path, shard_pages: int) -> None:
        if indexing.stopped_within(self.quiet):
            return
        try:
            indexing.run(site_dir, shard_pages)
        except _Stopped:
            pass
        except SearchError as exc:
            self.log.warning(f"briefing: search is out of date: {exc}")
        except Exception as exc:  # in a thread it would print a traceback to the terminal
            self.log.warning(f"briefing: search is out of date: {type(exc).__name__}: {exc}")

    def stop(self, wait: bool = True) -> None:
        """Stop the indexing in progress, if any. `wait=False` (a new build starting)
        does not wait for the stopped thread to clean up its shard folder, seconds for
        2,000 pages' links: it writes nothing to the site after the stop, and `start`
        waits for it before the next indexing begins."""
        indexing, thread = self.indexing, self.thread
        if indexing is not None:
            indexing.stop()
        if wait:
            self.indexing = self.thread = None
            if thread is not None:
                thread.join(timeout=10)


def empty_material_index(site_dir: Path) -> None:
    """Keep Material's search UI but give its worker no documents to load."""
    path = site_dir / "search" / "search_index.json"
    if path.is_file():
        config = json.loads(path.read_text(encoding="utf-8")).get("config", {})
        path.write_text(json.dumps({"config": config, "docs": []}), encoding="utf-8")
