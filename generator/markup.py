"""Reading the Markdown that editors write: references, code, and what must not pass.

Content Markdown may hold `[[actor-id]]`, `[[actor-id|shown text]]` and `[^source-id]`.
Everything here works in one left-to-right pass over the text, so a page costs time
linear in its own size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")
REF = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]|\[\^([^\[\]\s]+)\]")


@dataclass(frozen=True)
class Ref:
    """One `[[actor]]` cross-reference or `[^source]` citation in a text."""

    kind: str  # "actor" or "cite"
    target: str
    label: str | None
    raw: str
    offset: int


def segments(text: str) -> Iterator[tuple[str, bool]]:
    """Split Markdown into (chunk, is_code) pieces: fenced blocks and code spans are code."""
    fence: str | None = None
    prose: list[str] = []
    for line in text.splitlines(keepends=True):
        m = _FENCE.match(line)
        if fence is None and m:
            if prose:
                yield from _inline_segments("".join(prose))
                prose = []
            fence = m.group(1)[0] * len(m.group(1))
            yield line, True
        elif fence is not None:
            if m and m.group(1).startswith(fence):
                fence = None
            yield line, True
        else:
            prose.append(line)
    if prose:
        yield from _inline_segments("".join(prose))


def _inline_segments(text: str) -> Iterator[tuple[str, bool]]:
    pos = 0
    for m in _CODE_SPAN.finditer(text):
        if m.start() > pos:
            yield text[pos : m.start()], False
        yield m.group(0), True
        pos = m.end()
    if pos < len(text):
        yield text[pos:], False


def find_refs(text: str) -> list[Ref]:
    """Every cross-reference and citation outside code, in order."""
    refs: list[Ref] = []
    offset = 0
    for chunk, is_code in segments(text):
        if not is_code:
            for m in REF.finditer(chunk):
                if m.group(3) is not None:
                    refs.append(Ref("cite", m.group(3), None, m.group(0), offset + m.start()))
                else:
                    target = m.group(1).strip()
                    label = m.group(2).strip() if m.group(2) else None
                    refs.append(Ref("actor", target, label, m.group(0), offset + m.start()))
        offset += len(chunk)
    return refs
