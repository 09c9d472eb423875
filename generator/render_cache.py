"""The persistent page cache: converted pages kept in `.cache/briefing/` between builds.

A page's entry is found by a key that hashes everything its conversion reads: the
configuration fingerprint (Markdown extensions, their options and source, the versions of
MkDocs, Material, Python-Markdown and Briefing), the page's path, URL and inclusion, and its
full source text. What the conversion learnt from the other files (which link targets
exist, their URLs) is stored in the entry and checked against the current files before the
entry is used, so a page linking to a brief that was since removed is converted again.

An entry can never change the output by being stale or damaged: it is only used when its
format, key and a digest of its payload match, and its payload has the expected shape;
anything else (truncated, garbage, another page's entry, valid JSON of the wrong shape) is a
miss and the page is converted afresh. Writes are atomic (a temporary file, then rename),
so an interrupted build leaves no half-written entry. Deliberate tampering by someone who
can write the folder is out of this module's reach (they could write a consistent entry);
the publish workflow therefore only restores caches that builds of `main` saved.

This module is pure: it never imports MkDocs.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeGuard

FORMAT = 1
# Distributions whose code shapes a page's HTML (ProperDocs stands in for MkDocs).
_DISTRIBUTIONS = ("mkdocs", "properdocs", "mkdocs-material", "markdown", "pymdown-extensions")
_PAYLOAD_SHAPE: dict[str, type | tuple[type, ...]] = {
    "html": str,
    "toc": list,
    "title": (str, type(None)),
    "anchors": list,
    "links": dict,
    "logs": list,
    "lookups": dict,
    "markdown_digest": str,
}


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stable_text(value: Any) -> str:
    """`value` as text that is the same in every run (no memory addresses)."""
    if isinstance(value, dict):
        items = sorted((stable_text(k), stable_text(v)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
    if isinstance(value, list | tuple | set | frozenset):
        parts = [stable_text(item) for item in value]
        return "[" + ",".join(sorted(parts) if isinstance(value, set | frozenset) else parts) + "]"
    if value is None or isinstance(value, str | int | float | bool):
        return repr(value)
    if callable(value) and hasattr(value, "__qualname__"):
        return f"<{getattr(value, '__module__', '')}.{value.__qualname__}>"
    kind = f"{type(value).__module__}.{type(value).__qualname__}"
    state = getattr(value, "__dict__", None)
    return f"<{kind} {stable_text(state) if isinstance(state, dict) else ''}>"


def _module_source_digest(name: str) -> str:
    """The digest of an extension's source: an edited extension must not reuse old pages."""
    for candidate in (name, f"markdown.extensions.{name}"):
        try:
            spec = importlib.util.find_spec(candidate)
        except (ImportError, ValueError):
            continue
        if spec is not None and spec.origin and os.path.isfile(spec.origin):
            return hashlib.sha256(Path(spec.origin).read_bytes()).hexdigest()
    return ""


def _versions() -> dict[str, str]:
    found = {}
    for name in (*_DISTRIBUTIONS, "briefing"):
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = ""
    return found


def fingerprint(extensions: list[str], configs: dict[str, Any], settings: Any) -> str:
    """The configuration part of every key: what conversion reads besides the page."""
    sources = {name: _module_source_digest(name) for name in extensions}
    parts = [FORMAT, extensions, configs, sources, _versions(), settings]
    return digest(stable_text(parts))


def page_key(config_fingerprint: str, src_uri: str, url: str, inclusion: int, source: str) -> str:
    return digest(stable_text([config_fingerprint, src_uri, url, inclusion, digest(source)]))


def _payload_digest(key: str, payload: dict[str, Any]) -> str:
    return digest(key + json.dumps(payload, sort_keys=True, ensure_ascii=False))


def well_formed(payload: Any) -> TypeGuard[dict[str, Any]]:
    """The payload has every field with its type (nothing else is trusted to be there)."""
    return isinstance(payload, dict) and all(
        isinstance(payload.get(name), kind) for name, kind in _PAYLOAD_SHAPE.items()
    )


class RenderCache:
    """Entries in `folder`, one JSON file per key (in subfolders by the key's first byte)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def load(self, key: str) -> dict[str, Any] | None:
        """The payload stored for `key`, or None when there is none that can be trusted."""
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
            return None
        payload = entry.get("payload")
        if not well_formed(payload) or entry.get("digest") != _payload_digest(key, payload):
            return None
        return payload

    def store(self, key: str, payload: dict[str, Any]) -> None:
        """Write the entry atomically; a cache that cannot be written is only slower."""
        entry = {"format": FORMAT, "key": key, "digest": _payload_digest(key, payload)}
        entry["payload"] = payload
        path = self._path(key)
        tmp: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(entry, out, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def prune(self, keep: Iterable[str]) -> None:
        """Remove every entry (and leftover temporary file) whose key is not in `keep`."""
        wanted = {f"{key}.json" for key in keep}
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*.json"):
            if path.name not in wanted:
                with contextlib.suppress(OSError):
                    path.unlink()
