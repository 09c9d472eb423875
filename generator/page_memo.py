"""Listing pages kept from the last preview build when what they show is unchanged.

A save in `mkdocs serve` changes one brief, while the listing pages (briefs, timeline,
sources, quotes, tags) read across every brief: making all of them again is most of what
a save costs the core. Each listing page is therefore kept with a key of everything it
shows (the rows on it, with the title, date and tags of each brief a row links, and its
place among the listing's pages) and reused when the next build computes an equal key.

Only incremental rebuilds use a memo (`incremental.select` decided the edit's reach is
not the whole site: same options, same briefs and actors, actor names unchanged, which
the rows' actor links show); a build, which renders once, never computes keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .model import Brief

Key = tuple[Any, ...]


def brief_face(brief: Brief) -> Key:
    """What a listing shows of a brief it links: its title, date and tags."""
    return (brief.title, brief.date, tuple(brief.tags))


class PageMemo:
    """Pages by path with the key they were made from; `kept` is the last build's memo.

    A page is reused when its key equals the kept one (values compared, so an unchanged
    brief, the very same object, compares at once)."""

    def __init__(self, kept: dict[str, tuple[Key, str]] | None = None) -> None:
        self.kept = kept or {}
        self.made: dict[str, tuple[Key, str]] = {}
        self._faces: dict[str, Key] = {}  # by brief id, made once per build

    def faces(self, briefs: dict[str, Brief], shown: Iterable[str]) -> Key:
        """The faces of the briefs `shown` (ids), in order, with their ids."""
        known = self._faces
        out = []
        for brief_id in shown:
            face = known.get(brief_id)
            if face is None:
                face = known[brief_id] = (brief_id, brief_face(briefs[brief_id]))
            out.append(face)
        return tuple(out)

    def page(self, path: str, key: Key, render: Callable[[], str]) -> str:
        before = self.kept.get(path)
        text = before[1] if before is not None and before[0] == key else render()
        self.made[path] = (key, text)
        return text


def remembered(memo: PageMemo | None, path: str, key: Key | None, render: Callable[[], str]) -> str:
    """`render()`, or with a memo the page it kept for an equal `key` (made only then)."""
    if memo is None or key is None:
        return render()
    return memo.page(path, key, render)
