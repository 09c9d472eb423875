"""The preview's file watcher: folders on a local disk are watched with the operating
system's change events instead of being polled.

MkDocs' live reload polls every watched path twice a second (watchdog's PollingObserver),
because native events never arrive from Docker's and network mounts. Each poll stats
every file under the folder: at 5,000 briefs, 6,700 files and about 0.1 s of CPU, twice a
second, in the process that builds the preview on one core. So polling took about a fifth
of that core while a save was being rebuilt, and a save waited up to half a second before
anyone noticed it.

`watch_natively` swaps the server's observer for a `SplitObserver`: a folder whose file
system delivers native events (inotify on a local Linux file system, FSEvents, Windows)
is watched natively; a single file (`mkdocs.yml`, which editors often replace rather than
write) and any folder we cannot vouch for stay polled, as MkDocs does. `watcher: poll`
leaves MkDocs' polling alone, `watcher: native` trusts native events on any file system.
This module never imports MkDocs: the server is only duck-typed.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

# Only changes: native observers also report a file being opened or closed unwritten, and
# MkDocs rebuilds on any file event, so every build reading the content would start the next.
CHANGE_EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileClosedEvent,  # closed after writing
]

# Linux file systems whose changes inotify reports (all of them are local). Bind mounts from
# Docker Desktop (virtiofs, grpcfuse, fakeowner), WSL's Windows drives (9p, drvfs), NFS, SMB
# and FUSE mounts are left out: changes made on the other side never raise an event there.
LOCAL_FILE_SYSTEMS = frozenset(
    {"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "zfs", "f2fs", "bcachefs", "jfs"}
    | {"reiserfs", "overlay", "ramfs", "hfsplus", "apfs"}
)
NATIVE_OBSERVERS = frozenset({"InotifyObserver", "FSEventsObserver", "WindowsApiObserver"})
MOUNTS = Path("/proc/self/mounts")


def _unescape_mount(field: str) -> str:
    """A path field of /proc/self/mounts: spaces, tabs, newlines, backslashes as octal."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def file_system_type(path: Path, mounts: str) -> str | None:
    """The type of the file system `path` is on, from a /proc/self/mounts text: the type
    of the longest mount point holding it (None if no line does)."""
    target = os.path.realpath(path)
    best: tuple[int, str] | None = None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape_mount(fields[1]).rstrip("/") or "/"
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) > best[0]):
            best = (len(point), fields[2])
    return best[1] if best else None


def _has_linked_folder(folder: Path) -> bool:
    """Whether a folder inside `folder` is a symbolic link: native events stop there."""
    for root, dirs, _files in os.walk(folder):
        if any(os.path.islink(os.path.join(root, name)) for name in dirs):
            return True
    return False


def events_reach(folder: Path, observer_name: str, mounts: str | None) -> bool:
    """Whether native events report every change under `folder` (see the module text)."""
    if observer_name not in NATIVE_OBSERVERS or _has_linked_folder(folder):
        return False
    if observer_name != "InotifyObserver":
        return True
    return mounts is not None and file_system_type(folder, mounts) in LOCAL_FILE_SYSTEMS


def _read_mounts() -> str | None:
    try:
        return MOUNTS.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


class SplitObserver:
    """The observer MkDocs' server drives (`schedule`, `unschedule`, `start`, `stop`,
    `join`): folders that `native_ok` vouches for go to a native observer, the rest to a
    polling one. If the native observer cannot start (the system's inotify limits), its
    folders are polled instead."""

    def __init__(self, native_ok: Any, log: logging.Logger) -> None:
        self.native_ok = native_ok  # (Path) -> bool
        self.log = log
        self.native: BaseObserver = Observer()
        self.polling: BaseObserver = PollingObserver(timeout=0.5)
        self._owner: dict[ObservedWatch, BaseObserver] = {}
        self._native_watches: list[tuple[FileSystemEventHandler, str, bool, ObservedWatch]] = []

    def schedule(
        self, handler: FileSystemEventHandler, path: str, *, recursive: bool = False
    ) -> ObservedWatch:
        if os.path.isdir(path) and self.native_ok(Path(path)):
            watch = self.native.schedule(
                handler, path, recursive=recursive, event_filter=CHANGE_EVENTS
            )
            self._native_watches.append((handler, path, recursive, watch))
            self._owner[watch] = self.native
            return watch
        watch = self.polling.schedule(handler, path, recursive=recursive)
        self._owner[watch] = self.polling
        return watch

    def unschedule(self, watch: ObservedWatch) -> None:
        owner = self._owner.pop(watch, None)
        if owner is not None:
            owner.unschedule(watch)
        self._native_watches = [w for w in self._native_watches if w[3] is not watch]

    def start(self) -> None:
        try:
            self.native.start()
        except OSError as exc:  # e.g. "inotify instance limit reached"
            self.log.info(f"briefing: polling for changes: native file events failed: {exc}")
            self._poll_instead()
        self.polling.start()

    def _poll_instead(self) -> None:
        for handler, path, recursive, watch in self._native_watches:
            self._owner.pop(watch, None)
            self._owner[self.polling.schedule(handler, path, recursive=recursive)] = self.polling
        self._native_watches = []
        failed, self.native = self.native, Observer()  # never started again
        with contextlib.suppress(Exception):  # it failed already; polling goes on
            failed.stop()  # any of its emitters that did start

    def stop(self) -> None:
        for observer in (self.native, self.polling):
            if observer.is_alive():
                observer.stop()

    def join(self, timeout: float | None = None) -> None:
        for observer in (self.native, self.polling):
            if observer.is_alive():
                observer.join(timeout)

    def is_alive(self) -> bool:
        return self.native.is_alive() or self.polling.is_alive()


def _watched(server: Any) -> dict[str, int] | None:
    watched = getattr(server, "_watched_paths", None)
    return dict(watched) if isinstance(watched, dict) else None


def watch_natively(server: Any, setting: str, log: logging.Logger) -> bool:
    """Give MkDocs' (or ProperDocs') live-reload server a `SplitObserver` before it starts,
    moving the paths it already watches onto it. False, and the server left as it was,
    for `watcher: poll` or a server that does not look like MkDocs 1.6's."""
    watched = _watched(server)
    if setting == "poll" or watched is None or not hasattr(server, "observer"):
        return False
    if setting == "native":

        def native_ok(folder: Path) -> bool:
            return True

    else:
        name, mounts = type(Observer()).__name__, _read_mounts()

        def native_ok(folder: Path) -> bool:
            return events_reach(folder, name, mounts)

    _rewatch(server, watched, SplitObserver(native_ok, log))
    return True


def _rewatch(server: Any, watched: dict[str, int], observer: SplitObserver) -> None:
    """Unwatch every path, swap the observer, watch them again (as often as before)."""
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = observer
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)


def shown_path(path: Path, root: Path) -> str:
    """`path` from `root` where it is inside it (as MkDocs names watched paths)."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def natively_watched(observer: Any) -> Iterable[str]:
    """The paths a `SplitObserver` watches natively (for tests and the log)."""
    if isinstance(observer, SplitObserver):
        return [path for _, path, _, _ in observer._native_watches]
    return []
