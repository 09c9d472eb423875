"""Python's cyclic garbage collector, paused while the preview rebuilds.

A save makes hundreds of thousands of objects while the server holds the whole site: the
collector's passes over them cost a rebuild about a second at a thousand briefs. Paused,
it runs once the desk stops saving for a moment, not in the middle of a rebuild (nor
just after one, when the next save or the browser's reload comes). It runs before a
rebuild after several in a row without a pause, so memory stays bounded however fast
the saves come. Only rebuilds pause it: the first build makes the whole site and needs
it running.
"""

from __future__ import annotations

import gc
import threading


class PausedCollector:
    DELAY = 3.0  # seconds without a new build before the collector runs again
    MAX_PAUSED = 5  # rebuilds in a row without it; the next one collects first

    def __init__(self) -> None:
        self.timer: threading.Timer | None = None
        self.paused_builds = 0

    def pause(self) -> None:
        """Before a rebuild."""
        self._cancel()
        if self.paused_builds >= self.MAX_PAUSED:
            gc.collect()
            self.paused_builds = 0
        gc.disable()
        self.paused_builds += 1

    def resume_later(self) -> None:
        """After a build; nothing if the collector was not paused (not a rebuild)."""
        if gc.isenabled():
            return
        self._cancel()
        self.timer = threading.Timer(self.DELAY, self.resume)
        self.timer.daemon = True
        self.timer.start()

    def resume(self) -> None:
        """Now (and at the end of the preview)."""
        self._cancel()
        gc.enable()
        self.paused_builds = 0

    def _cancel(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
