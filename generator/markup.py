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
_BACKTICKS = re.compile(r"`+")
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
    reach: dict[str, list[int]] | None = None  # computed at the first fence, if any
    prose: list[str] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        # Scan for the closing fence only when one long enough exists further down: an
        # unclosed fence would otherwise rescan the rest of the text, quadratic in all.
        if m is not None and reach is None:
            reach = _longest_closer_after(lines)
        closable = m is not None and reach is not None and reach[m[1][0]][i + 1] >= len(m[1])
        close = _closing_fence(lines, i, m.group(1)) if m and closable else None
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


def _closer(line: str) -> str:
    """The fence run if `line` can close a fence (nothing after the run), else ''."""
    m = _FENCE.match(line)
    return m.group(1) if m is not None and not line[m.end() :].strip() else ""


def _longest_closer_after(lines: list[str]) -> dict[str, list[int]]:
    """Per fence character, the longest closing run at or after each line, in one pass."""
    reach = {"`": [0] * (len(lines) + 1), "~": [0] * (len(lines) + 1)}
    for j in range(len(lines) - 1, -1, -1):
        run = _closer(lines[j])
        for char, longest in reach.items():
            longest[j] = max(longest[j + 1], len(run) if run[:1] == char else 0)
    return reach


def _closing_fence(lines: list[str], start: int, opening: str) -> int | None:
    for j in range(start + 1, len(lines)):
        run = _closer(lines[j])
        if run[:1] == opening[0] and len(run) >= len(opening):
            return j
    return None


def _inline_segments(text: str) -> Iterator[tuple[str, bool]]:
    for paragraph in _PARAGRAPHS.split(text):
        pos = 0
        for start, end in _code_spans(paragraph):
            if start > pos:
                yield paragraph[pos:start], False
            yield paragraph[start:end], True
            pos = end
        if pos < len(paragraph):
            yield paragraph[pos:], False


def _code_spans(paragraph: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each code span: a backtick run not escaped by a backslash, closed
    by the next run of the same length.

    Pairs the runs in one pass instead of a backtracking pattern, which rescanned the
    paragraph for every unclosed run length (time growing as n^1.5).
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(paragraph)]
    next_same: list[int | None] = [None] * len(runs)
    last_of_length: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        length = runs[i][1] - runs[i][0]
        next_same[i] = last_of_length.get(length)
        last_of_length[length] = i
    i = 0
    while i < len(runs):
        start = runs[i][0]
        close = next_same[i]
        if close is None or paragraph[start - 1 : start] == "\\":
            i += 1
            continue
        yield start, runs[close][1]
        i = close + 1


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
