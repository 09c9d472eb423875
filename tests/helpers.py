"""What test modules share: project paths, the example fixture, site builds, servers, processes.

Tests never read the live `content/` folder (a desk's own briefs): the example briefing they
check lives in `tests/fixtures/example/content/`, and `copy_project` writes it as `content/`
of a temporary project. The only files of `content/` tests may read are the generated JSON
Schemas in `content/schema/`, which come from the code, not from a desk. `ContentReadGuard`
(installed by conftest.py) fails any test that opens or lists anything else under `content/`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
LIVE_CONTENT = ROOT / "content"
# Generated from the model by `briefing schema --out content/schema`: code, not desk content.
SCHEMA = LIVE_CONTENT / "schema"
EXAMPLE_PROJECT = TESTS / "fixtures" / "example"
EXAMPLE_CONTENT = EXAMPLE_PROJECT / "content"
EXAMPLE_BRIEF = "north-korea-weapon-test-shoigu-visit"


# --- Site builds ----------------------------------------------------------------------------


def copy_project(dest: Path, content: Path = EXAMPLE_CONTENT) -> Path:
    """A project a site build can read: mkdocs.yml, theme/, and `content` as content/.

    The content is the example fixture unless given; the schemas are written from the code
    as content/schema/ so that the files' `$schema` comments resolve as in a real project
    (never copied from the live content/, which a desk may change).
    """
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(content, dest / "content")
    write_schemas(dest / "content" / "schema")
    shutil.copytree(ROOT / "theme", dest / "theme")
    return dest


def write_schemas(folder: Path) -> None:
    """The JSON Schemas as `briefing schema --out` writes them."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in schema_files().items():
        (folder / name).write_bytes(data)


@cache
def schema_files() -> dict[str, bytes]:
    """`briefing schema --out`'s files by name, made once per test process: Pydantic builds
    a JSON Schema anew at each call, and most tests copy a project."""
    from generator.cli import main

    with tempfile.TemporaryDirectory() as folder:
        assert main(["schema", "--out", folder]) == 0
        return {path.name: path.read_bytes() for path in sorted(Path(folder).iterdir())}


def build_in_process(project: Path) -> Path:
    """`mkdocs build` of `project` in this process (the caller chdirs into it, so that
    monkeypatches of the plugin's modules apply); the site folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig

    plugins_option: Any = dict(MkDocsConfig._schema)["plugins"]
    plugins_option.plugin_cache.clear()  # a fresh plugin, as in a new MkDocs process
    config: Any = load_config(config_file=str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return project / "site"


def site_dirs(project: Path, timeout: float = 60.0) -> list[str]:
    """The site and anything a staging build left beside it, once the replaced site's
    detached deletion (`staging.remove_later`) has finished."""
    deadline = time.monotonic() + timeout
    while any(".old" in p.name for p in project.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return sorted(p.name for p in project.iterdir() if "site" in p.name)


def set_plugin_options(project: Path, **options: object) -> None:
    """Add options to the briefing plugin's entry in a copied project's mkdocs.yml,
    whether the entry already has options (`- briefing:`) or not (`- briefing`)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    lines = "".join(f"      {key}: {value}\n" for key, value in options.items())
    if "  - briefing:\n" in text:
        text = text.replace("  - briefing:\n", "  - briefing:\n" + lines, 1)
    else:
        assert "  - briefing\n" in text, "no briefing plugin entry in mkdocs.yml"
        text = text.replace("  - briefing\n", "  - briefing:\n" + lines, 1)
    config.write_text(text, encoding="utf-8")


def use_search_backend(project: Path, backend: str) -> None:
    """Set the briefing plugin's `search` option (material, pagefind) in a copied project."""
    set_plugin_options(project, search=backend)


# The test being run, set by conftest.py: site builds check that it is marked `slow`.
current_test_markers: set[str] = set()


def mkdocs(
    project: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m mkdocs ARGS` in `project`, with extra environment variables."""
    if "PYTEST_CURRENT_TEST" in os.environ:
        # `make test-fast` deselects slow tests: a build in an unmarked test would slow it down.
        assert "slow" in current_test_markers, "a test that builds a site needs @pytest.mark.slow"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


@contextmanager
def browser_page(browser: Browser, **context: Any) -> Iterator[Page]:
    """A page of a new 1280×900 browser context (closed after), with `context` options."""
    browser_context = browser.new_context(viewport={"width": 1280, "height": 900}, **context)
    browser_context.set_default_timeout(15_000)
    try:
        yield browser_context.new_page()
    finally:
        browser_context.close()


def header_search(page: Page, site_url: str, query: str) -> list[str]:
    """Type `query` into the header search; the result pages in order, as site paths."""
    from playwright.sync_api import expect

    page.goto(site_url)
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    box.fill(query)
    box.press("End")  # Material reads the query on keyup
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching document")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    hrefs: list[str] = page.locator(
        ".md-search-result__item > .md-search-result__link:first-child"
    ).evaluate_all("els => els.map(el => el.href)")
    base = urlsplit(site_url).path
    return [urlsplit(href).path.removeprefix(base) for href in hrefs]


# --- Static server, ports, processes, memory ------------------------------------------------


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free port of 127.0.0.1; yields its base URL (ending in /)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop_process_group(proc: subprocess.Popen[Any], timeout: float = 15) -> None:
    """Stop a process started with start_new_session=True and everything it started."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=timeout)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=timeout)


@dataclass
class MemoryPeak:
    """The peak of Python allocations inside a `memory_peak()` block, in bytes."""

    bytes: int = 0


@contextmanager
def memory_peak() -> Iterator[MemoryPeak]:
    """Trace Python allocations in the block; the yielded MemoryPeak holds their peak after."""
    peak = MemoryPeak()
    tracemalloc.start()
    try:
        yield peak
        peak.bytes = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- The guard: no test reads the live content/ ---------------------------------------------

# Audit events whose first argument is a path being opened or listed.
_PATH_EVENTS = frozenset({"open", "os.listdir", "os.scandir", "glob.glob", "os.walk"})


@dataclass
class ContentReadGuard:
    """Records every path under the live content/ (schemas aside) that the process reads."""

    forbidden: str = str(LIVE_CONTENT)
    allowed: str = str(SCHEMA)
    reads: list[str] = field(default_factory=list)

    def install(self) -> None:
        """Start recording; an audit hook stays for the life of the process."""
        sys.addaudithook(self._on_event)

    def _on_event(self, event: str, args: tuple[Any, ...]) -> None:
        if event not in _PATH_EVENTS or not args or isinstance(args[0], int) or args[0] is None:
            return
        try:
            name = os.fsdecode(args[0])
        except (TypeError, ValueError):
            return
        # os.open audits "open" with mode None, and may be relative to a dir_fd the event
        # does not carry (shutil.rmtree of a tmp folder named content/): not a read of cwd.
        if event == "open" and len(args) > 1 and args[1] is None and not os.path.isabs(name):
            return
        path = os.path.abspath(name)
        if self._is_forbidden(path):
            self.reads.append(path)

    def _is_forbidden(self, path: str) -> bool:
        inside = path == self.forbidden or path.startswith(self.forbidden + os.sep)
        schema = path == self.allowed or path.startswith(self.allowed + os.sep)
        return inside and not schema

    def take(self) -> list[str]:
        """The reads recorded since the last call, and forget them."""
        reads, self.reads = self.reads, []
        return reads


# --- Property tests ------------------------------------------------------------------------

# Examples per property test under `--hypothesis-profile=fast` (conftest.py registers it).
FAST_EXAMPLES = 10


def examples(full: int) -> int:
    """A property test's max_examples: `full`, unless the loaded Hypothesis profile allows
    fewer than Hypothesis' default (the `fast` profile of `make test-fast`): then that."""
    from hypothesis import settings

    loaded = settings().max_examples  # the loaded profile's
    return min(full, loaded) if loaded < settings.get_profile("default").max_examples else full


def read_json(folder: Path, path: str) -> Any:
    """The JSON document at `path` under `folder` (a built site)."""
    return json.loads((folder / path).read_text(encoding="utf-8"))


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Write each text to `root`/relative path (folders made as needed); returns `root`."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
