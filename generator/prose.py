"""Plain text made safe for generated pages, and links to actors found in prose.

* `escape` / `escape_attr`: titles, names and other plain values, for Markdown or HTML;
* `Linker` links the first mention of an actor's name or alias in a text node of the
  sanitized HTML (`fields.py`), using an index built once per site (keyed by first
  word), never a scan of every actor's names;
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .fields import clean_text

_MD_SPECIAL = re.compile(r"([\\`*_\[\]()#+!|~])")


@functools.lru_cache(maxsize=1 << 16)  # names and titles are escaped again on every page
def escape(text: str) -> str:
    """Plain text (a title, a name) made safe to place inside Markdown."""
    text = clean_text(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("{", "&#123;").replace("}", "&#125;")
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def escape_attr(text: str) -> str:
    """Plain text made safe inside HTML, as element text or a double-quoted attribute."""
    return html.escape(clean_text(text), quote=True)


@dataclass
class Links:
    """How a page links to actors (their names, the URL of their pages from this page),
    the actors it has linked so far and the sources it cites, in order of first citation."""

    names: dict[str, str]
    href: Callable[[str], str]
    linked: set[str] = field(default_factory=set)
    cited: dict[str, int] = field(default_factory=dict)  # source id -> its number


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=4096)
def _word_finder(words: frozenset[str]) -> re.Pattern[str]:
    """A pattern matching any of `words` as a whole word (cached: word sets recur)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


@dataclass(frozen=True)
class _Name:
    pattern: re.Pattern[str]
    actor: str
    length: int


class Linker:
    """Finds the first mention of each actor in prose; built once for the whole site."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        """`names`: (actor id, name or alias) pairs."""
        self._by_first: dict[str, list[_Name]] = {}
        for actor, name in names:
            words = _WORD.findall(name)
            if not words or len(name) < 2:
                continue
            pattern = re.compile(r"\s+".join(re.escape(part) for part in name.split()) + r"(?!\w)")
            self._by_first.setdefault(words[0], []).append(_Name(pattern, actor, len(name)))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda n: -n.length)  # longest name wins
        self._first_words = frozenset(self._by_first)

    def link_text(self, text_html: str, links: Links) -> str:
        """First mentions in one escaped HTML text node made into links to actor pages."""
        plain = html.unescape(text_html) if "&" in text_html else text_html
        pieces = self._link_plain(plain, links)
        if len(pieces) == 1:
            return text_html
        return "".join(
            piece if i % 2 else html.escape(piece, quote=False) for i, piece in enumerate(pieces)
        )

    def _link_plain(self, text: str, links: Links) -> list[str]:
        """`text` split into plain pieces (even places) and link HTML (odd places)."""
        # Only words that start some actor's name matter; find them with one C-level pass
        # (findall + set intersection) before any per-word Python work.
        starts = frozenset(
            word
            for word in self._first_words.intersection(_WORD.findall(text))
            if any(name.actor not in links.linked for name in self._by_first[word])
        )
        if not starts:
            return [text]
        out: list[str] = []
        pos = 0
        for word in _word_finder(starts).finditer(text):
            if word.start() < pos:
                continue
            for name in self._by_first[word.group(0)]:
                if name.actor in links.linked:
                    continue
                m = name.pattern.match(text, word.start())
                if m:
                    links.linked.add(name.actor)
                    out.append(text[pos : m.start()])
                    href = html.escape(links.href(name.actor), quote=True)
                    out.append(f'<a href="{href}">{html.escape(m.group(0), quote=False)}</a>')
                    pos = m.end()
                    break
        out.append(text[pos:])
        return out
