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
# A code span: a backtick run not escaped by a backslash, closed by a run of the same
# length, within one paragraph (segments() never hands it text across a blank line).
_CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_PARAGRAPHS = re.compile(r"(\n[ \t]*\n)")
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
    """Split Markdown into (chunk, is_code) pieces: fenced blocks and code spans are code.

    Errs towards prose, as prose gets sanitized and code does not: a fence counts only
    when it is closed, and a code span never crosses a blank line or starts at an
    escaped backtick, as in Python-Markdown.
    """
    lines = text.splitlines(keepends=True)
    prose: list[str] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        close = _closing_fence(lines, i, m.group(1)) if m else None
        if close is None:
            prose.append(lines[i])
            i += 1
            continue
        if prose:
            yield from _inline_segments("".join(prose))
            prose = []
        yield "".join(lines[i : close + 1]), True
        i = close + 1
    if prose:
        yield from _inline_segments("".join(prose))


def _closing_fence(lines: list[str], start: int, opening: str) -> int | None:
    for j in range(start + 1, len(lines)):
        m = _FENCE.match(lines[j])
        closes = m is not None and m.group(1)[0] == opening[0] and len(m.group(1)) >= len(opening)
        if closes and m is not None and not lines[j][m.end() :].strip():
            return j
    return None


def _inline_segments(text: str) -> Iterator[tuple[str, bool]]:
    for paragraph in _PARAGRAPHS.split(text):
        pos = 0
        for m in _CODE_SPAN.finditer(paragraph):
            if m.start() > pos:
                yield paragraph[pos : m.start()], False
            yield m.group(0), True
            pos = m.end()
        if pos < len(paragraph):
            yield paragraph[pos:], False


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
