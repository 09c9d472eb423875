"""Pagefind indexes the pages MkDocs has written while MkDocs writes the rest.

Run after the build, Pagefind takes a tenth of a large build's time, and MkDocs renders its
templates on one core while the other idles. A large site is indexed in shards anyway
(`search.py`: one Pagefind run per shard, merged in the browser); here a `mkdocs build`
cuts its shards from the pages in the order MkDocs writes them, and each shard's run starts
as soon as its last page is on disk. Runs go one after another in a background thread, so
Pagefind's memory is still one shard's. `finish` (post_build) gives the pages not yet in a
shard, and any other HTML of the site (`404.html`), to the last shards, waits for the runs
and lists the shards in the first bundle.

The shards follow MkDocs' page order, which is the same for the same site: the same build
gives the same bundles. Each is half the pages still to come (`shard_sizes`), so a run is
done about when MkDocs has written the next shard, and the last one, indexed after the
build, is small: four bundles at a thousand briefs. Sites under `AHEAD_MIN_PAGES` are
indexed after the build as one bundle, as before.
"""

from __future__ import annotations

import math
import queue
import threading
from collections.abc import Iterator
from pathlib import Path

from .search import Indexing, SearchError, drop_stale_shards, html_pages, name_shards

AHEAD_MIN_PAGES = 1000  # below this, Pagefind's run after the build takes a few seconds


class IndexingAhead:
    """One build's Pagefind shards, indexed as MkDocs writes their pages."""

    def __init__(self, site_dir: Path, shard_sizes: list[int], shard_pages: int) -> None:
        self.site_dir = site_dir
        self.sizes = list(reversed(shard_sizes))  # the next shard's size last
        self.shard_pages = max(shard_pages, 1)
        self.indexing = Indexing()
        self.shards: queue.Queue[list[str] | None] = queue.Queue()
        self.given: set[str] = set()
        self.pending: list[str] = []
        self.writing: str | None = None  # on disk once MkDocs has gone on to the next page
        self.bundles = 0
        self.error: BaseException | None = None
        drop_stale_shards(site_dir)
        self.thread = threading.Thread(target=self._index, daemon=True)
        self.thread.start()

    def written(self, dest_uri: str) -> None:
        """MkDocs is about to write `dest_uri` (from `on_post_page`): the page before is
        on disk."""
        if self.writing is not None:
            self.pending.append(self.writing)
        self.writing = dest_uri if dest_uri.endswith(".html") else None
        if self.sizes and len(self.pending) >= self.sizes[-1]:
            self.sizes.pop()
            self._give(self.pending)
            self.pending = []

    def finish(self) -> None:
        """Every page is written: index the rest and wait. SearchError if Pagefind failed."""
        try:
            on_disk = set(html_pages(self.site_dir))
        except OSError as exc:
            self.stop()
            raise SearchError(f"could not prepare the search index: {exc}") from None
        rest = sorted(on_disk - self.given)
        size = math.ceil(len(rest) / max(math.ceil(len(rest) / self.shard_pages), 1))
        for start in range(0, len(rest), size or 1):  # even shards, none of a few pages
            self._give(rest[start : start + size])
        self.shards.put(None)
        self.thread.join()
        if isinstance(self.error, SearchError):
            raise self.error
        if self.error is not None:
            raise SearchError(f"Pagefind failed: {type(self.error).__name__}: {self.error}")
        name_shards(self.site_dir, self.bundles)

    def stop(self) -> None:
        """The build failed or ended early: stop Pagefind, drop the shards not yet run."""
        self.indexing.stop()
        self.shards.put(None)
        self.thread.join(timeout=30)  # Pagefind gets 10 s to end before it is killed

    def _give(self, pages: list[str]) -> None:
        self.given.update(pages)
        written = [page for page in pages if (self.site_dir / page).is_file()]
        if written:  # a page MkDocs skipped (empty output) was never written
            self.shards.put(written)

    def _index(self) -> None:
        ended = False

        def shards() -> Iterator[list[str]]:
            nonlocal ended
            while (shard := self.shards.get()) is not None:
                yield shard
            ended = True

        try:
            self.bundles = self.indexing._index_shards(self.site_dir, shards())
        except BaseException as exc:  # a thread would print it; `finish` raises it instead
            self.error = exc
            while not ended and self.shards.get() is not None:  # until `finish` or `stop`
                pass


def shard_sizes(pages: int, shard_pages: int) -> list[int]:
    """The sizes of the shards a site of `pages` pages is cut into as they are written,
    before the rest (`finish`): none under AHEAD_MIN_PAGES (indexed after the build, as
    one bundle). Each shard is half the pages still to come, at most `shard_pages`, until
    an eighth of the site is left: the runs keep up with MkDocs, and what is left to index
    once the last page is written is small."""
    if pages < AHEAD_MIN_PAGES:
        return []
    sizes: list[int] = []
    left = pages
    while left > pages / 8:
        size = min(max(shard_pages, 1), math.ceil(left / 2))
        sizes.append(size)
        left -= size
    return sizes
