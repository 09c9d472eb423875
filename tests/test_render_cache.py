"""The page cache on its own: what it keeps, and that nothing damaged is ever handed back."""

from __future__ import annotations

import json
from pathlib import Path

from generator.render_cache import RenderCache, fingerprint, page_key, stable_text

PAYLOAD = {
    "html": "<h1 id='t'>T</h1>",
    "toc": [{"level": 1, "id": "t", "name": "T", "children": []}],
    "title": "T",
    "anchors": ["t"],
    "links": {"briefs/x.md": {"event-1": "../x/#event-1"}},
    "logs": [["mkdocs.structure.pages", 30, "Doc file 'a.md' contains a link"]],
    "lookups": {"briefs/x.md": ["briefs/x/", 0], "gone.md": None},
    "markdown_digest": "0" * 64,
}


def entry_path(cache: RenderCache, key: str) -> Path:
    return cache.folder / key[:2] / f"{key}.json"


def test_an_entry_comes_back_as_stored_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    cache = RenderCache(tmp_path / "cache")
    key = page_key("config", "a.md", "a/", 0, "# T")
    assert cache.load(key) is None
    cache.store(key, PAYLOAD)
    assert cache.load(key) == PAYLOAD
    assert [p.name for p in (tmp_path / "cache").rglob("*") if p.is_file()] == [f"{key}.json"]


def test_damaged_or_foreign_entries_are_misses(tmp_path: Path) -> None:
    cache = RenderCache(tmp_path / "cache")
    key, other = page_key("c", "a.md", "a/", 0, "A"), page_key("c", "b.md", "b/", 0, "B")
    cache.store(key, PAYLOAD)
    cache.store(other, {**PAYLOAD, "html": "<p>B</p>"})
    path = entry_path(cache, key)
    good = path.read_text(encoding="utf-8")
    entry = json.loads(good)
    damaged = [
        good[: len(good) // 2],
        "\x00garbage",
        "[]",
        json.dumps({**entry, "payload": {**entry["payload"], "html": "<p>poisoned</p>"}}),
        json.dumps({**entry, "payload": {**entry["payload"], "toc": "not a list"}}),
        json.dumps({**entry, "format": 0}),
        entry_path(cache, other).read_text(encoding="utf-8"),  # another page's entry
    ]
    for text in damaged:
        path.write_text(text, encoding="utf-8")
        assert cache.load(key) is None, text[:80]


def test_prune_keeps_only_the_entries_of_this_build(tmp_path: Path) -> None:
    cache = RenderCache(tmp_path / "cache")
    keys = [page_key("c", f"{n}.md", f"{n}/", 0, str(n)) for n in range(3)]
    for key in keys:
        cache.store(key, PAYLOAD)
    cache.prune(keys[:1])
    assert [cache.load(key) is not None for key in keys] == [True, False, False]


def test_keys_depend_on_everything_the_conversion_reads() -> None:
    base = page_key("c", "a.md", "a/", 0, "text")
    variants = [
        page_key("d", "a.md", "a/", 0, "text"),
        page_key("c", "b.md", "a/", 0, "text"),
        page_key("c", "a.md", "b/", 0, "text"),
        page_key("c", "a.md", "a/", -1, "text"),
        page_key("c", "a.md", "a/", 0, "text!"),
    ]
    assert base not in variants and len(set(variants)) == len(variants)
    toc = fingerprint(["toc"], {"toc": {"permalink": True}}, [True])
    assert toc == fingerprint(["toc"], {"toc": {"permalink": True}}, [True])
    assert toc != fingerprint(["toc"], {"toc": {"permalink": False}}, [True])
    assert toc != fingerprint(["toc", "tables"], {"toc": {"permalink": True}}, [True])


def test_stable_text_has_no_memory_addresses() -> None:
    class Option:
        def __init__(self) -> None:
            self.level = 3

    text = stable_text({"slugify": stable_text, "option": Option(), "set": {2, 1}})
    assert "0x" not in text
    assert text == stable_text({"set": {1, 2}, "option": Option(), "slugify": stable_text})
