"""The preview's watcher: which folders get native events, and that a real observer
reports writes (never reads) and falls back to polling when native events fail."""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from generator import watcher
from generator.watcher import SplitObserver, events_reach, file_system_type, watch_natively

LOG = logging.getLogger("test-watcher")

MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
tmpfs /tmp tmpfs rw 0 0
grpcfuse /home/desk/my\\040briefs fakeowner rw 0 0
drvfs /mnt/c 9p rw 0 0
server:/export /srv/nfs nfs4 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/", "ext4"),
        ("/work/project/content", "ext4"),
        ("/tmp/x/content", "tmpfs"),
        ("/tmpfoo/content", "ext4"),  # not under /tmp: a prefix of the name is not a folder
        ("/home/desk/my briefs/content", "fakeowner"),
        ("/mnt/c/Users/desk/content", "9p"),
        ("/srv/nfs/content", "nfs4"),
    ],
)
def test_the_file_system_is_the_longest_mount_holding_the_path(path: str, kind: str) -> None:
    assert file_system_type(Path(path), MOUNTS) == kind


def test_no_mount_line_means_no_known_file_system() -> None:
    assert file_system_type(Path("/work"), "") is None


@pytest.mark.parametrize(
    ("observer", "mounts", "native"),
    [
        ("InotifyObserver", "tmpfs / ext4 rw 0 0\n", True),
        ("InotifyObserver", "x / virtiofs rw 0 0\n", False),  # Docker Desktop's mounts
        ("InotifyObserver", "x / 9p rw 0 0\n", False),  # WSL's Windows drives
        ("InotifyObserver", "x / nfs rw 0 0\n", False),
        ("InotifyObserver", None, False),  # /proc/self/mounts unreadable: poll
        ("FSEventsObserver", None, True),
        ("WindowsApiObserver", None, True),
        ("KqueueObserver", None, False),  # one descriptor per file: poll instead
        ("PollingObserver", None, False),
    ],
)
def test_native_events_only_where_they_reach(
    tmp_path: Path, observer: str, mounts: str | None, native: bool
) -> None:
    assert events_reach(tmp_path, observer, mounts) is native


def test_a_linked_folder_inside_is_polled(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (tmp_path / "content" / "briefs").mkdir(parents=True)
    elsewhere.mkdir()
    assert events_reach(tmp_path / "content", "InotifyObserver", "x / ext4 rw 0 0\n")
    (tmp_path / "content" / "actors").symlink_to(elsewhere)
    assert not events_reach(tmp_path / "content", "InotifyObserver", "x / ext4 rw 0 0\n")


class Recorder(FileSystemEventHandler):
    def __init__(self) -> None:
        self.events: list[FileSystemEvent] = []
        self.seen = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self.events.append(event)
            self.seen.set()

    def wait(self, seconds: float = 5.0) -> bool:
        seen = self.seen.wait(seconds)
        self.seen.clear()
        return seen


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "content" / "briefs").mkdir(parents=True)
    (tmp_path / "content" / "briefs" / "a.yml").write_text("title: A\n", encoding="utf-8")
    return tmp_path / "content"


def _observe(observer: SplitObserver, folder: Path, recorder: Recorder) -> None:
    observer.schedule(recorder, str(folder), recursive=True)
    observer.start()


def test_writes_are_reported_and_reads_are_not(folder: Path) -> None:
    observer, recorder = SplitObserver(lambda _: True, LOG), Recorder()
    try:
        _observe(observer, folder, recorder)
        assert watcher.natively_watched(observer) == [str(folder)]
        brief = folder / "briefs" / "a.yml"
        brief.read_text(encoding="utf-8")  # a build reading the content: no rebuild
        assert not recorder.wait(1.0), recorder.events
        brief.write_text("title: B\n", encoding="utf-8")
        assert recorder.wait()
        new = folder / "briefs" / "b.yml"
        new.with_suffix(".tmp").write_text("title: C\n", encoding="utf-8")
        time.sleep(0.3)
        recorder.events.clear()
        os.replace(new.with_suffix(".tmp"), new)  # how many editors save
        assert recorder.wait()
    finally:
        observer.stop()
        observer.join()


def test_a_single_file_is_polled(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: A\n", encoding="utf-8")
    observer, recorder = SplitObserver(lambda _: True, LOG), Recorder()
    try:
        observer.schedule(recorder, str(config))
        observer.start()
        assert watcher.natively_watched(observer) == []
        time.sleep(0.6)  # the first poll's snapshot
        config.write_text("site_name: Changed\n", encoding="utf-8")
        assert recorder.wait()
    finally:
        observer.stop()
        observer.join()


def test_native_events_failing_to_start_fall_back_to_polling(
    folder: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    observer, recorder = SplitObserver(lambda _: True, LOG), Recorder()

    def fail() -> None:
        raise OSError(24, "inotify instance limit reached")

    monkeypatch.setattr(observer.native, "start", fail)
    try:
        with caplog.at_level(logging.INFO):
            _observe(observer, folder, recorder)
        assert "native file events failed: [Errno 24] inotify instance limit" in caplog.text
        assert watcher.natively_watched(observer) == []
        time.sleep(0.6)
        (folder / "briefs" / "a.yml").write_text("title: Polled\n", encoding="utf-8")
        assert recorder.wait()
    finally:
        observer.stop()
        observer.join()


def _server(tmp_path: Path) -> LiveReloadServer:
    return LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))


def test_the_server_keeps_its_paths_on_the_new_observer(folder: Path, tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: A\n", encoding="utf-8")
    server = _server(tmp_path)
    try:
        server.watch(str(folder))
        server.watch(str(folder))  # the plugin watches content/ when MkDocs already does
        server.watch(str(config))
        assert watch_natively(server, "native", LOG)
        assert isinstance(server.observer, SplitObserver)
        assert server._watched_paths == {str(folder): 2, str(config): 1}
        assert watcher.natively_watched(server.observer) == [str(folder)]
        server.unwatch(str(folder))
        server.unwatch(str(folder))
        assert watcher.natively_watched(server.observer) == []
    finally:
        server.server_close()


def test_watcher_poll_leaves_mkdocs_polling(folder: Path, tmp_path: Path) -> None:
    server = _server(tmp_path)
    try:
        server.watch(str(folder))
        before = server.observer
        assert not watch_natively(server, "poll", LOG)
        assert server.observer is before
    finally:
        server.server_close()
