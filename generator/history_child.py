"""Reading the history in a forked child process while the build loads the content.

`read_history` costs seconds of CPU at a thousand briefs (git, then loading and diffing
every revision), and MkDocs keeps one core busy at most. A build therefore forks a child
as soon as it starts (`start_history`), lets it read the history while the parent reads
and validates the content, and takes the result when the pages need it (`result`).

Where fork is not the safe choice (Windows and macOS, whose default is spawn, or a process
that already runs threads) the history is read in process when it is needed, as before.
Nothing the child does can fail the build: a child that dies or sends nothing makes the
parent read the history itself, with the same outcome as the serial path.
"""

from __future__ import annotations

import multiprocessing
import pickle
import sys
import threading
from collections.abc import Mapping
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from .history import SiteHistory, read_history
from .model import Brief


def fork_available() -> bool:
    """Whether this process may fork a child to read the history."""
    if sys.platform in ("win32", "darwin") or threading.active_count() > 1:
        return False  # spawn would re-import everything; forking threads is unsafe
    return "fork" in multiprocessing.get_all_start_methods()


def _read_in_child(sender: Connection, content_dir: Path, git: str) -> None:
    try:
        history = read_history(content_dir, git=git)
        sender.send_bytes(pickle.dumps(history, protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException:  # the parent reads the history itself
        pass
    finally:
        sender.close()


class PendingHistory:
    """The history of `content_dir`, being read in a child process (or not yet read)."""

    def __init__(self, content_dir: Path, git: str = "git", fork: bool | None = None) -> None:
        self.content_dir, self.git = content_dir, git
        self.receiver: Connection | None = None
        self.process: BaseProcess | None = None
        if fork is False or (fork is None and not fork_available()):
            return
        try:
            context = multiprocessing.get_context("fork")
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(
                target=_read_in_child, args=(sender, content_dir, git), daemon=True
            )
            process.start()
        except (OSError, ValueError):
            return  # no fork here after all: read in process
        sender.close()  # the child's end: the receiver sees EOF if the child dies
        self.receiver, self.process = receiver, process

    def result(self, current: Mapping[str, Brief] | None = None) -> SiteHistory:
        """The history; `current` (the briefs just loaded) spares the in-process read."""
        history = self._from_child()
        if history is None:
            history = read_history(self.content_dir, current=current, git=self.git)
        return history

    def _from_child(self) -> SiteHistory | None:
        if self.receiver is None or self.process is None:
            return None
        try:
            data = self.receiver.recv_bytes()
            history = pickle.loads(data)  # from our own forked child: trusted
        except Exception:  # a child that died, or sent something unreadable
            history = None
        finally:
            self.close(wait=True)
        return history if isinstance(history, SiteHistory) else None

    def close(self, wait: bool = False) -> None:
        """Stop the child: `wait` lets one that has sent its result exit by itself; without
        it (a build that fails before it needs the history) it is ended at once."""
        if self.receiver is not None:
            self.receiver.close()
            self.receiver = None
        if self.process is not None:
            if wait:
                self.process.join(timeout=10)
            if self.process.is_alive():
                self.process.terminate()
            self.process.join()
            self.process = None
