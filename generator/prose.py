"""Turning editors' Markdown into safe, cross-linked Markdown for a page.

`render` does three jobs in one pass over a text's prose chunks (code is left alone), so
a page costs time linear in its size:

* sanitizing: raw HTML and attribute lists are neutralised, and link destinations that
  are not http(s), mailto or relative become `#` (checked everywhere, code included);
* references: `[[actor]]` becomes a link, `[^source]` stays a footnote reference;
* auto-links: `Linker` links the first mention of an actor's name or alias, using an
  index built once per site (keyed by first word), never a scan of every actor's names.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .markup import REF, segments

_SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Where a link or image destination can start: after `](` (inline) or `]:` (reference
# definition), anywhere, code included, so no parsing mistake lets one through.
_LINK_TARGET = re.compile(r"(\]\(\s*<?|\]:\s*<?)([^\s)>]*)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^\s<>]+)>")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()#+!|~])")
_HEADING = re.compile(r"^((?: {0,3}> ?)*\s{0,3}#{1,5})(?=\s)", re.MULTILINE)
# A setext heading: a line of text underlined with === (level 1) or --- (level 2).
_SETEXT = re.compile(r"^(?! {0,3}[-*+>#|]|\s*$)( {0,3})([^\n]+?)[ \t]*\n {0,3}(=+|-+)[ \t]*$", re.M)


def is_safe_url(url: str) -> bool:
    """True for http(s), mailto and relative URLs, after undoing entity tricks."""
    probe = re.sub(r"[\x00-\x20\x7f\\]", "", html.unescape(url))
    m = _SCHEME.match(probe)
    return m is None or m.group(1).lower() in _SAFE_SCHEMES


@functools.lru_cache(maxsize=1 << 16)  # names and titles are escaped again on every page
def escape(text: str) -> str:
    """Plain text (a title, a name) made safe to place inside Markdown."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("{", "&#123;").replace("}", "&#125;")
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def escape_attr(text: str) -> str:
    return html.escape(text, quote=True)


def _atx(m: re.Match[str]) -> str:
    return ("# " if m.group(3).startswith("=") else "## ") + m.group(2)


def neutralise_links(text: str) -> str:
    """Replace every link destination that is not http(s), mailto or relative by `#`."""

    def fix(m: re.Match[str]) -> str:
        return m.group(0) if is_safe_url(m.group(2)) else m.group(1) + "#"

    return _LINK_TARGET.sub(fix, text)


def _sanitize_prose(chunk: str) -> str:
    chunk = _AUTOLINK.sub(lambda m: f"[{m.group(1)}]({m.group(1)})", chunk)
    # `<` opens raw HTML and `{` opens an attribute list: both become plain characters.
    return chunk.replace("<", "&lt;").replace("{", "&#123;").replace("}", "&#125;")


def indent(text: str, prefix: str = "    ") -> str:
    return "".join(prefix + line if line.strip() else line for line in text.splitlines(True))


@dataclass
class Links:
    """How a page links to actors: their names and the relative path to their pages."""

    names: dict[str, str]
    href: Callable[[str], str]
    linked: set[str] = field(default_factory=set)
    cited: list[str] = field(default_factory=list)


def _resolve_chunk(chunk: str, links: Links) -> str:
    def replace(m: re.Match[str]) -> str:
        if m.group(3) is not None:
            if m.group(3) not in links.cited:
                links.cited.append(m.group(3))
            return m.group(0)
        target = m.group(1).strip()
        label = m.group(2).strip() if m.group(2) else escape(links.names.get(target, target))
        links.linked.add(target)
        return f"[{label}]({links.href(target)})"

    return REF.sub(replace, chunk)


def render(text: str, links: Links, linker: Linker | None = None, shift: int = 0) -> str:
    """Editors' Markdown made safe and cross-linked, in one pass over its prose chunks."""
    out: list[str] = []
    for chunk, code in segments(neutralise_links(text)):
        if code:
            out.append(chunk)
            continue
        chunk = _SETEXT.sub(_atx, chunk)  # one heading syntax, so headings are found
        chunk = _resolve_chunk(_sanitize_prose(chunk), links)
        if linker is not None:
            chunk = linker.link_chunk(chunk, links)
        if shift:
            chunk = _HEADING.sub(lambda m: m.group(1) + "#" * shift, chunk)
        out.append(chunk)
    return "".join(out)


_WORD = re.compile(r"\w+")
_PROTECTED = re.compile(
    r"\[\[.*?\]\]|\[\^[^\]]*\]|!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\([^)]*\)|\[[^\]]*\]\[[^\]]*\]"
    r"|https?://\S+|&[#\w]+;|(?m:^ {0,3}(?:> ?)*#.*$)"
)


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

    def link_chunk(self, chunk: str, links: Links) -> str:
        """`link` for one prose chunk (no code in it)."""
        out: list[str] = []
        pos = 0
        for m in _PROTECTED.finditer(chunk):
            out.append(self._link_plain(chunk[pos : m.start()], links))
            out.append(m.group(0))
            pos = m.end()
        out.append(self._link_plain(chunk[pos:], links))
        return "".join(out)

    def _link_plain(self, text: str, links: Links) -> str:
        # Only words that start some actor's name matter; find them with one C-level pass
        # (findall + set intersection) before any per-word Python work.
        starts = frozenset(
            word
            for word in self._first_words.intersection(_WORD.findall(text))
            if any(name.actor not in links.linked for name in self._by_first[word])
        )
        if not starts:
            return text
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
                    out.append(f"[{m.group(0)}]({links.href(name.actor)})")
                    pos = m.end()
                    break
        out.append(text[pos:])
        return "".join(out)


def plain_text(text: str, names: dict[str, str]) -> str:
    """Markdown as one line of plain text: references by name, citations and marks dropped."""

    def ref(m: re.Match[str]) -> str:
        if m.group(3) is not None:
            return ""
        return (m.group(2) or names.get(m.group(1).strip(), m.group(1))).strip()

    text = REF.sub(ref, text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(re.sub(r"[*_`#>]", "", text).split())
