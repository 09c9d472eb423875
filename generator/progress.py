"""Progress for big sites: counts on a terminal while working, one summary line at the end."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

# Below this many items a build is quick enough that progress would only flicker.
THRESHOLD = 300

ProgressFn = Callable[[str, int, int], None]


class Progress:
    """`progress(stage, done, total)` redraws one terminal line; silent off a terminal."""

    def __init__(self, stream: TextIO | None = None, threshold: int = THRESHOLD) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.threshold = threshold
        self.started = time.perf_counter()
        self._shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total < self.threshold:
            return
        if done == total or done % 50 == 0:
            self.stream.write(f"\r\033[Kbriefing: {stage} {done}/{total}")
            self.stream.flush()
            self._shown = True

    def finish(self) -> None:
        """End the progress line, so the next message starts on a clean line."""
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._shown = False

    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def summary(
    briefs: int, actors: int, events: int, pages: int, warnings: int, seconds: float
) -> str:
    """The one line every build ends with."""
    return (
        f"briefing: {briefs} briefs, {actors} actors, {events} events, {pages} pages, "
        f"{warnings} warnings in {seconds:.1f} s"
    )
