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
_SPACE = re.compile(r"\s+")  # what separates a name's parts (`str.split` splits on the same)
_NOT_WORD = re.compile(r"\W")


@functools.lru_cache(maxsize=4096)
def _word_finder(words: frozenset[str]) -> re.Pattern[str]:
    """A pattern matching any of `words` as a whole word (cached: word sets recur)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


@dataclass(frozen=True)
class _Name:
    actor: str
    rank: int  # among the names that share its first word, longest first: the lowest wins


@dataclass(frozen=True)
class _Mention:
    actor: str
    end: int


class Linker:
    """Finds the first mention of each actor in prose; built once for the whole site.

    A name matches where its whitespace-separated parts are the text's next tokens, the
    last part ending the token or followed by a character that is not a word character
    (`Kim Jong Un` in "Kim Jong Un's", not in "Kim Jong Unification"); any run of
    whitespace separates parts. Names are found by their first word, then looked up by
    the tokens that follow it, read no longer than the longest part: a mention costs the
    same however many actors share that first word ("The ...") and however long the
    text runs on without a space (Japanese, Chinese).
    """

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        """`names`: (actor id, name or alias) pairs."""
        by_first: dict[str, list[tuple[str, list[str], int]]] = {}
        for actor, name in names:
            words = _WORD.findall(name)
            if not words or len(name) < 2:
                continue
            by_first.setdefault(words[0], []).append((actor, name.split(), len(name)))
        # first word -> the names' parts -> the names spelt so
        self._names: dict[str, dict[tuple[str, ...], list[_Name]]] = {}
        self._actors: dict[str, frozenset[str]] = {}
        self._most_parts: dict[str, int] = {}
        self._token: dict[str, re.Pattern[str]] = {}
        for word, entries in by_first.items():
            entries.sort(key=lambda entry: -entry[2])  # stable: the longest name wins
            table: dict[tuple[str, ...], list[_Name]] = {}
            for rank, (actor, parts, _) in enumerate(entries):
                table.setdefault(tuple(parts), []).append(_Name(actor, rank))
            self._names[word] = table
            self._actors[word] = frozenset(actor for actor, _, _ in entries)
            self._most_parts[word] = max(len(parts) for _, parts, _ in entries)
            longest = max(len(part) for _, parts, _ in entries for part in parts)
            # A token longer than any part is read no further: it can only end a name.
            self._token[word] = re.compile(rf"\S{{1,{longest + 1}}}")
        self._first_words = frozenset(self._names)

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
            if not self._actors[word] <= links.linked
        )
        if not starts:
            return [text]
        out: list[str] = []
        pos = 0
        for word in _word_finder(starts).finditer(text):
            if word.start() < pos or self._actors[word.group(0)] <= links.linked:
                continue
            mention = self._mention_at(text, word.start(), word.group(0), links.linked)
            if mention is not None:
                links.linked.add(mention.actor)
                out.append(text[pos : word.start()])
                href = html.escape(links.href(mention.actor), quote=True)
                shown = html.escape(text[word.start() : mention.end], quote=False)
                out.append(f'<a href="{href}">{shown}</a>')
                pos = mention.end
        out.append(text[pos:])
        return out

    def _mention_at(self, text: str, start: int, first: str, linked: set[str]) -> _Mention | None:
        """The best name (longest, then first given) of an actor not yet `linked` that
        `text` spells at `start`, where the word `first` begins."""
        table = self._names[first]
        tokens: list[re.Match[str]] = []
        pos = start
        while len(tokens) < self._most_parts[first]:
            token = self._token[first].match(text, pos)
            if token is None:
                break
            tokens.append(token)
            space = _SPACE.match(text, token.end())  # none after a token cut short
            if space is None:
                break
            pos = space.end()
        best: _Name | None = None
        end = 0
        for count, last in enumerate(tokens):
            head = tuple(token.group(0) for token in tokens[:count])
            word = last.group(0)
            # The last part is the token, or the token up to a character that is no
            # word character: "Kim" in "Kim's", "U.S." in "U.S.-led".
            cuts = [m.start() for m in _NOT_WORD.finditer(word) if m.start()]
            for cut in [*cuts, len(word)]:
                for name in table.get((*head, word[:cut]), ()):
                    if name.actor not in linked and (best is None or name.rank < best.rank):
                        best, end = name, last.start() + cut
        return None if best is None else _Mention(best.actor, end)
