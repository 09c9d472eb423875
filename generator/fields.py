"""Content Markdown fields to safe HTML: one Markdown grammar, then an allow-list sanitizer.

Every Markdown field editors write (summary, body, judgment, event description, quote,
correction, actor description) goes through `convert`: markdown-it-py renders it with
raw HTML off, and nh3 (an allow-list HTML sanitizer) keeps only the tags, attributes and
URL schemes listed here. Safety therefore never depends on reading Markdown a second
time: whatever syntax carried a tag or a URL, nh3 sees the HTML it became.

markdown-it-py rather than Python-Markdown: it is CommonMark and linear in its input by
design, while Python-Markdown took 220 s on a line of 20,000 `[` (measured for issue 10).

`[[actor]]`, `[[actor|label]]` and `[^source]` are swapped for opaque tokens (private-use
characters, stripped from the input first so no one can forge one) before conversion,
and the sanitized HTML is cut into `Part`s around them: a page then puts its own links
and citation marks in the token slots (`resolve` in `context.py`) without re-reading
the HTML. A reference that lands in code or in an attribute stays literal text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin

from .markup import REF, Ref

_PARSER = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .enable(["table", "strikethrough"])
    .use(deflist_plugin)
)

ALLOWED_TAGS = frozenset(
    """p br hr h1 h2 h3 h4 h5 h6 blockquote ul ol li dl dt dd pre code em strong del s
    table thead tbody tr th td a img""".split()
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

# C0 controls but tab and newline, DEL, the non-characters U+FFFE/U+FFFF, and the
# private-use area (reference tokens are made of it). XML 1.0 forbids most of these,
# and a NUL must never reach a page.
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ue000-\uf8ff]")
# A token, or one a URL's percent-encoding reached (a reference typed inside a link's URL).
_TOKEN = re.compile("\ue000(\\d+)\ue001|%EE%80%80(\\d+)%EE%80%81")
# A tag (double-quoted attribute values may hold `>`; nh3 always double-quotes) or text.
_PIECE = re.compile(r'<(/?)([a-zA-Z0-9]+)(?:[^>"]|"[^"]*")*>|[^<]+')
_NO_LINKS_INSIDE = frozenset({"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6"})
_CODE = frozenset({"code", "pre"})
_VOID = frozenset({"br", "hr", "img"})


def clean_text(text: str) -> str:
    """Text with the characters no page or feed may carry removed, newlines unified."""
    return _UNSAFE_CHARS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def sanitize(fragment: str) -> str:
    """An HTML fragment reduced to the allow-list: tags, attributes and URL schemes.

    Braces in text become `&#123;`/`&#125;`: a page may place the fragment inside a
    `<div markdown>` block, where Python-Markdown's attr_list would read a trailing
    `{: onmouseover=... }` in the text as attributes of the element around it."""
    return _brace_free(_nh3_clean(fragment))


def _brace_free(html: str) -> str:
    return "".join(
        piece if piece.startswith("<") else piece.replace("{", "&#123;").replace("}", "&#125;")
        for piece in (m.group(0) for m in _PIECE.finditer(html))
    )


def _nh3_clean(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
        url_relative="deny",  # `briefing check` rejects them too; a page has no base for them
    )


@dataclass(frozen=True)
class Slot:
    """Where reference `index` landed: `link` (may become a link), `label` (inside a link
    or heading: text only) or `literal` (code or an attribute: the raw text, escaped)."""

    index: int
    role: str


@dataclass(frozen=True)
class Text:
    """An escaped text node that automatic actor links may go into."""

    html: str


Part = str | Slot | Text


@dataclass(frozen=True)
class Field:
    """A converted field: sanitized HTML cut into parts, and the references it holds."""

    parts: tuple[Part, ...]
    refs: tuple[Ref, ...]

    def live_refs(self) -> list[Ref]:
        """References outside code and attributes: the ones a page turns into links."""
        seen = {p.index for p in self.parts if isinstance(p, Slot) and p.role != "literal"}
        return [ref for i, ref in enumerate(self.refs) if i in seen]


def _tokenize(text: str) -> tuple[str, tuple[Ref, ...]]:
    """The text cleaned, each reference replaced by a token; offsets are in `text`."""
    out: list[str] = []
    refs: list[Ref] = []
    pos = 0
    for m in REF.finditer(text):
        out.append(clean_text(text[pos : m.start()]))
        if m.group(3) is not None:
            refs.append(Ref("cite", m.group(3), None, m.group(0), m.start()))
        else:
            label = m.group(2).strip() if m.group(2) else None
            refs.append(Ref("actor", m.group(1).strip(), label, m.group(0), m.start()))
        out.append(f"\ue000{len(refs) - 1}\ue001")
        pos = m.end()
    out.append(clean_text(text[pos:]))
    return "".join(out), tuple(refs)


# A summary is shown on many pages, and `briefing check` (find_refs) converts the texts
# with references before the build does: sized for every field of a large site.
_CONVERTED_MAX = 1 << 17
_converted: dict[str, Field] = {}
_converted_order: list[str] = []  # the texts of `_converted`, in the order they came


def convert(text: str) -> Field:
    """A content Markdown field as sanitized HTML parts (see the module docstring)."""
    field = _converted.get(text)
    if field is None:
        tokenized, refs = _tokenize(text)
        field = Field(_cut(sanitize(_PARSER.render(tokenized)), refs), refs)
        remember_conversions([(text, field)])
    return field


def conversions_since(mark: int) -> list[tuple[str, Field]]:
    """The fields converted since `len(_converted_order)` was `mark` (see `conversion_mark`):
    what a forked worker hands back, so that the build does not convert them again."""
    return [(text, _converted[text]) for text in _converted_order[mark:] if text in _converted]


def conversion_mark() -> int:
    return len(_converted_order)


def remember_conversions(fields: list[tuple[str, Field]]) -> None:
    """Keep fields converted elsewhere (a forked worker) as if converted here."""
    for text, field in fields:
        if text in _converted:
            continue
        if len(_converted) >= _CONVERTED_MAX:  # bounded: start again rather than grow
            _converted.clear()
            _converted_order.clear()
        _converted[text] = field
        _converted_order.append(text)


# The parser makes a link or an image only from `](`, a `[id]: url` definition or an
# `<autolink>`; a text with none of these has no destinations.
_LINK_MARKERS = ("](", "]:", "<")


def link_destinations(text: str) -> list[tuple[str, str]]:
    """(tag, destination) of every link and image the page's parser makes of `text`, so
    that `briefing check` judges exactly the links a page would show."""
    if not any(marker in text for marker in _LINK_MARKERS):
        return []
    found: list[tuple[str, str]] = []
    # The page's own parser: a `javascript:` or `data:` destination it refuses is no link
    # but visible text on the page, so check has nothing to reject there either.
    for block in _PARSER.parse(_tokenize(text)[0]):
        for token in block.children or ():
            if token.type == "link_open":
                found.append(("a", str(token.attrGet("href") or "")))
            elif token.type == "image":
                found.append(("img", str(token.attrGet("src") or "")))
    return found


def _cut(fragment: str, refs: tuple[Ref, ...]) -> tuple[Part, ...]:
    """Split sanitized HTML at reference tokens and text nodes, in one pass."""
    parts: list[Part] = []
    open_tags: dict[str, int] = {}
    for m in _PIECE.finditer(fragment):
        piece = m.group(0)
        if m.group(2) is not None:  # a tag
            name = m.group(2).lower()
            if name not in _VOID:
                open_tags[name] = open_tags.get(name, 0) + (-1 if m.group(1) else 1)
            parts.extend(_split_tokens(piece, refs, "literal", attribute=True))
            continue
        code = any(open_tags.get(t, 0) > 0 for t in _CODE)
        shielded = code or any(open_tags.get(t, 0) > 0 for t in _NO_LINKS_INSIDE)
        role = "literal" if code else "label" if shielded else "link"
        for part in _split_tokens(piece, refs, role, attribute=False):
            parts.append(Text(part) if isinstance(part, str) and not shielded else part)
    return tuple(parts)


def _split_tokens(piece: str, refs: tuple[Ref, ...], role: str, *, attribute: bool) -> list[Part]:
    out: list[Part] = []
    pos = 0
    for m in _TOKEN.finditer(piece):
        index = int(m.group(1) or m.group(2))
        if index >= len(refs):
            continue
        out.append(piece[pos : m.start()])
        if attribute:  # never markup inside a tag: the raw reference text, escaped
            out.append(html.escape(refs[index].raw, quote=True))
        else:
            out.append(Slot(index, role))
        pos = m.end()
    out.append(piece[pos:])
    return [p for p in out if p != ""]


def top_level_headings(fragment: str) -> list[tuple[int, str] | str]:
    """Split HTML into top-level headings `(level, text)` and the HTML between them."""
    out: list[tuple[int, str] | str] = []
    depth = 0
    pos = 0
    heading: tuple[int, int] | None = None  # (level, start of its text)
    for m in _PIECE.finditer(fragment):
        if m.group(2) is None:
            continue
        name = m.group(2).lower()
        if name in _VOID:
            continue
        closing = bool(m.group(1))
        level = int(name[1]) if re.fullmatch(r"h[1-6]", name) else 0
        if depth == 0 and level and not closing:
            out.append(fragment[pos : m.start()])
            heading = (level, m.end())
        elif depth == 1 and level and closing and heading is not None:
            inner = fragment[heading[1] : m.start()]
            out.append((heading[0], html.unescape(re.sub(r"<[^>]*>", "", inner))))
            heading = None
            pos = m.end()
        depth += -1 if closing else 1
    out.append(fragment[pos:])
    return [p for p in out if p != ""]


_TAG = re.compile(r"<[^>]*>")  # on sanitized HTML, where every `<` starts a tag


def plain_text(text: str, names: dict[str, str]) -> str:
    """A Markdown field as one line of plain text (feeds, structured data): the text of its
    sanitized HTML, actor references by name, citations dropped."""
    field = convert(text)
    out: list[str] = []
    for part in field.parts:
        if isinstance(part, Slot):
            ref = field.refs[part.index]
            if part.role == "literal":
                out.append(html.escape(ref.raw))
            elif ref.kind == "actor":
                out.append(html.escape(ref.label or names.get(ref.target, ref.target)))
        else:
            out.append(part if isinstance(part, str) else part.html)
    return " ".join(html.unescape(_TAG.sub("", "".join(out))).split())
