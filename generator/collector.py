"""Python's cyclic garbage collector, paused while the core builds and the preview rebuilds.

A full build's core (loading every file, rendering every page to Markdown) makes a few
hundred thousand objects that live until the build ends, and little garbage (at a
thousand briefs, collecting after the core found one in ten of its tracked objects in
cycles and freed no measurable memory). Collecting meanwhile only walks the growing heap
again and again: 19 s of a serial 5,000-brief core's 152 s, a share that grows with the
site as each pass gets longer. So the core runs with the collector paused, and what it
made is then frozen (`gc.freeze`), out of the passes MkDocs' own garbage gets, until the
build ends.

A save makes hundreds of thousands of objects while the server holds the whole site: the
collector's passes over them cost a rebuild about a second at a thousand briefs. Paused,
it runs once the desk stops saving for a moment, not in the middle of a rebuild (nor
just after one, when the next save or the browser's reload comes). It runs before a
rebuild after several in a row without a pause, so memory stays bounded however fast
the saves come.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[bool]:
    """The collector off for the block, then as it was; gives whether it was on."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield collecting
    finally:
        if collecting:
            gc.enable()


@contextlib.contextmanager
def frozen() -> Iterator[None]:
    """Every object there is frozen for the block: a process forked in it inherits them
    out of its own collections, which would touch (and so copy) every page they are on.
    Inside a freeze already made (the core's, `core_build`), what the block freezes stays
    frozen with the rest until that one is thawed."""
    outer = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not outer:
            gc.unfreeze()


class PausedCollector:
    DELAY = 3.0  # seconds without a new build before the collector runs again
    MAX_PAUSED = 5  # rebuilds in a row without it; the next one collects first

    def __init__(self) -> None:
        self.timer: threading.Timer | None = None
        self.paused_builds = 0
        self.core_frozen = False

    @contextlib.contextmanager
    def core_build(self) -> Iterator[None]:
        """Around a full build's core: paused during it, what it made frozen after."""
        if not gc.isenabled():  # a rebuild, already paused
            yield
            return
        gc.disable()
        try:
            yield
        finally:
            gc.freeze()
            self.core_frozen = True
            gc.enable()

    def _thaw(self) -> None:
        if self.core_frozen:
            gc.unfreeze()
            self.core_frozen = False

    def pause(self) -> None:
        """Before a rebuild."""
        self._cancel()
        if self.paused_builds >= self.MAX_PAUSED:
            gc.collect()
            self.paused_builds = 0
        gc.disable()
        self.paused_builds += 1

    def resume_later(self) -> None:
        """After a build: the core's objects thawed; the collector resumed a moment later
        if it was paused (a rebuild)."""
        self._thaw()
        if gc.isenabled():
            return
        self._cancel()
        self.timer = threading.Timer(self.DELAY, self.resume)
        self.timer.daemon = True
        self.timer.start()

    def resume(self) -> None:
        """Now (and at the end of the preview)."""
        self._thaw()
        self._cancel()
        gc.enable()
        self.paused_builds = 0

    def _cancel(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
