"""The anchors a page's raw HTML defines, found fast when the page's tags are plain.

MkDocs runs Python's `HTMLParser` over each page's whole Markdown source to collect the
`id`s (and `<a name>`s) its raw HTML defines, so that links to `page#anchor` can be checked.
Generated pages are mostly raw HTML: that parse is about a sixth of their conversion.

`anchor_ids` tokenizes the source with a strict grammar of start and end tags instead. Any
`<` that does not begin such a tag (a comment, a declaration, a stray `<` in prose, an
unusual attribute, markup inside an element whose content some parser versions read as
text, such as an SVG `<title>`) makes it give up and return None, and the caller runs
MkDocs' own parser. Where it answers, the answer is
the parser's: on a strict tag every version of `HTMLParser` finds the same name and
attributes (`tests/test_anchor_scan.py` compares the two on generated and random text).
"""

from __future__ import annotations

import re

_SPACE = r"[ \t\n\r\f]"
_TAG_NAME = r"[a-zA-Z][a-zA-Z0-9-]*"
_ATTRIBUTE_NAME = r"[a-zA-Z_:][-a-zA-Z0-9_:.]*"
# Quoted, or bare of characters every reading of a bare value stops after (a bare value
# runs up to whitespace or `>`: in `<a id=x/>` it is `x/`, so a `/` gives up). The end of
# the text: `_collect` reads the attributes alone. No `>` in a quoted value, and no space
# around `=`: where newer parsers look for a tag's end first (Python 3.14), they take a
# `>` in `<a title = "a>b">` for it.
_VALUE = rf"""(?:"[^">]*"|'[^'>]*'|[-a-zA-Z0-9_.:]+(?={_SPACE}|>|\Z))"""
_ATTRIBUTE = rf"{_SPACE}+({_ATTRIBUTE_NAME})(?:=({_VALUE}))?"
# Elements whose content some version of `HTMLParser` reads as text, not as tags; in some
# versions `plaintext` makes the rest of the text its content.
_RAW_TEXT = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"}
)
_SPECIAL = "|".join(sorted(_RAW_TEXT | {"plaintext"}))
# A start tag that cannot name an anchor: no `id` or `name` attribute, no raw-text element.
_PLAIN_ATTRIBUTE = rf"{_SPACE}+(?!(?i:id|name)(?![-a-zA-Z0-9_:.])){_ATTRIBUTE_NAME}(?:={_VALUE})?"
_PLAIN_START = (
    rf"<(?!(?i:{_SPECIAL})(?![a-zA-Z0-9-])){_TAG_NAME}(?:{_PLAIN_ATTRIBUTE})*+{_SPACE}*/?>"
)
_END = rf"</{_TAG_NAME}{_SPACE}*>"
# From a position: text, plain start tags and end tags, then the first other start tag,
# the end of the text, or a `<` that begins no strict tag. Possessive: never re-read.
_TO_NEXT_TAG = re.compile(
    rf"""(?:[^<]++|{_PLAIN_START}|{_END})*+
    (?:<(?P<start>{_TAG_NAME})(?P<attributes>(?:{_SPACE}+{_ATTRIBUTE_NAME}
        (?:={_VALUE})?)*+){_SPACE}*/?>
      | (?P<done>\Z)
      | (?P<other><))""",
    re.VERBOSE,
)
_RAW_TEXT_END = re.compile(rf"[^<]*+</({_TAG_NAME}){_SPACE}*>")
_ATTRIBUTES = re.compile(_ATTRIBUTE)


def anchor_ids(text: str) -> set[str | None] | None:
    """The `id` values and `<a name>` values of the start tags in `text`, or None when the
    text holds anything but plain start and end tags (the caller then parses it)."""
    found: set[str | None] = set()
    at = 0
    while True:
        tag = _TO_NEXT_TAG.match(text, at)
        assert tag is not None  # `<` or the end always ends the run
        if tag.lastgroup == "done":
            return found
        if tag.lastgroup == "other":
            return None
        name = tag["start"].lower()
        if name == "plaintext":
            return None
        if not _collect(name, tag["attributes"], found):
            return None
        at = tag.end()
        if name in _RAW_TEXT:
            # Read as text or as markup, its content is the same if it holds no tag.
            end = _RAW_TEXT_END.match(text, at)
            if end is None or end[1].lower() != name:
                return None
            at = end.end()


def _collect(tag: str, attributes: str, found: set[str | None]) -> bool:
    """Add the anchors among a start tag's `attributes`; False if one holds a character
    reference, which parser versions decode differently (Python 3.13.4 on leaves `&notit;`
    alone; `html.unescape` reads `&not` in it)."""
    for attribute in _ATTRIBUTES.finditer(attributes):
        key = attribute.group(1).lower()
        if key == "id" or (key == "name" and tag == "a"):
            value = attribute.group(2)
            if value is not None and value[:1] in ("'", '"'):
                value = value[1:-1]
            if value and "&" in value:
                return False
            found.add(value)
    return True
