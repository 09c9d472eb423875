"""The core's state kept between builds: a build after one edit renders as the preview does.

A full build spends a third of its time before MkDocs converts anything: loading every
file and rendering every page (`load_content`, `build_site`). `mkdocs serve` avoids that
on each save by keeping what the last build made (`LoadCache`, `incremental.Rendered`)
and rendering only the pages an edit reaches. A build keeps the same state in one file
under the cache folder, so the next build, in CI after one brief changed, does the same.

The state is only a shortcut, never a source: a build that uses it makes the bytes a
build without it makes (the preview's equivalence tests hold for the same code path, and
the tests here compare whole sites). It is used only if written by this very code
(`fingerprint`: every source file of the package and the versions of the libraries that
parse and validate content) in this format; anything else, a truncated file, another
version's file, garbage, is ignored and the build starts cold. Files count as changed by
their bytes, not their times, as a fresh checkout gives every file a new one.

It is a pickle, so like the page cache it trusts whoever can write the cache folder: the
publish workflow only restores caches that builds of `main` saved. Pure: no MkDocs import.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .collector import paused
from .incremental import Rendered
from .validate import LoadCache

FORMAT = 1
FILE_NAME = "core-state.pickle"
_LIBRARIES = ("pydantic", "pydantic-core", "pyyaml", "markdown-it-py", "nh3", "briefing")


@dataclass
class CoreState:
    """What the last build loaded and rendered."""

    files: LoadCache
    rendered: Rendered | None = None


def fingerprint() -> str:
    """The code the state was made by: another one never reads it."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version}".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name} missing".encode())
    return digest.hexdigest()


def _header() -> bytes:
    return f"briefing core state {fingerprint()}\n".encode()


def load_state(path: Path) -> CoreState:
    """The state saved at `path` if this code saved it intact; else an empty one."""
    try:
        data = path.read_bytes()
    except OSError:
        return CoreState(LoadCache(by_content=True))
    header = _header()
    if not data.startswith(header):
        return CoreState(LoadCache(by_content=True))
    try:
        # A few hundred thousand objects: collecting while they arrive is wasted.
        with paused():
            state = pickle.loads(data[len(header) :])
    except Exception:  # damaged in any way: start cold
        return CoreState(LoadCache(by_content=True))
    if not (
        isinstance(state, CoreState)
        and isinstance(state.files, LoadCache)
        and state.files.by_content
        and isinstance(state.rendered, Rendered | None)
    ):
        return CoreState(LoadCache(by_content=True))
    return state


def save_state(path: Path, state: CoreState) -> None:
    """Write the state atomically; a state that cannot be written only makes builds slower."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        with os.fdopen(handle, "wb") as out:
            out.write(_header())
            pickle.dump(state, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, RecursionError):
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
