"""Reading one YAML file into plain data plus the position of every key and value.

PyYAML's loaders keep the last of two duplicate keys, drop line numbers, and expand
aliases without bound. This reader walks libyaml's event stream instead (the C parser
when available), so it can:

* record `path -> Span` for every key and value, so later stages can point at
  `file:line:col`;
* refuse duplicate keys, unsupported tags, excessive nesting and alias bombs, all
  with bounded time and memory (aliases are shared, never copied, and their expanded
  size is charged against a node budget).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from .diagnostics import Diagnostic, Severity

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 24
MAX_NODES = 50_000

Loc = tuple[str | int, ...]

_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_TAG = "tag:yaml.org,2002:"
_CONSTRUCTED_TAGS = {_TAG + "int", _TAG + "float", _TAG + "bool", _TAG + "null"}
# Timestamps stay text: the model parses dates itself, with their precision.
_TEXT_TAGS = {_TAG + "str", _TAG + "timestamp"}
_TAG_HINT = "remove the tag; content files hold only text, numbers, lists and mappings"


@dataclass(frozen=True)
class Span:
    """Where a key or value sits in the file: 1-based line/col, character offsets."""

    line: int
    col: int
    start: int
    end: int


@dataclass
class Document:
    """One parsed file: its data and where each piece of it came from."""

    path: str
    text: str
    data: Any
    keys: dict[Loc, Span] = field(default_factory=dict)
    values: dict[Loc, Span] = field(default_factory=dict)

    def span(self, loc: Loc, *, prefer_key: bool = False) -> Span:
        """The span of `loc`, or of its nearest ancestor that has one."""
        probe = tuple(loc)
        while True:
            order = (self.keys, self.values) if prefer_key else (self.values, self.keys)
            for table in order:
                if probe in table:
                    return table[probe]
            if not probe:
                return Span(1, 1, 0, 0)
            probe = probe[:-1]

    def spans_in_value(self, loc: Loc, pieces: Iterable[tuple[int, str]]) -> list[Span]:
        """Where each `(offset, piece)` of the text value at `loc` is written in the file.

        Offsets count in the parsed value, ascending. The value and the file differ by
        indentation, folded line breaks, quotes and escapes; one left-to-right walk over
        both skips those, so the cost is linear in the value. A piece that cannot be found
        exactly (escapes inside it, say) gets the whole value's span, never another's.
        """
        outer = self.span(loc)
        value = self.data_at(loc)
        walk = _Alignment(self.text, outer, value if isinstance(value, str) else "")
        return [walk.find(offset, piece) or outer for offset, piece in pieces]

    def data_at(self, loc: Loc) -> Any:
        node = self.data
        for part in loc:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def error(self, loc: Loc, message: str, hint: str = "", *, key: bool = False) -> Diagnostic:
        return self.diagnostic(loc, Severity.ERROR, message, hint, key=key)

    def warning(self, loc: Loc, message: str, hint: str = "", *, key: bool = False) -> Diagnostic:
        return self.diagnostic(loc, Severity.WARNING, message, hint, key=key)

    def diagnostic(
        self, loc: Loc, severity: Severity, message: str, hint: str = "", *, key: bool = False
    ) -> Diagnostic:
        span = self.span(loc, prefer_key=key)
        return Diagnostic(self.path, span.line, span.col, severity, message, hint)


# Source length of a double-quoted escape by its letter (2 for the rest); an escaped line
# break stands for no character at all.
_ESCAPE_WIDTH = {"x": 4, "u": 6, "U": 10, "\n": -2}


_BLANKS = re.compile(r"[ \t]+")
_RUN = 64  # characters compared at once; a failed comparison costs at most this many


class _Alignment:
    """Walks a scalar's value and its source text side by side (see spans_in_value)."""

    def __init__(self, text: str, outer: Span, value: str) -> None:
        self.text, self.value, self.end = text, value, outer.end
        start = outer.start
        if text[start : start + 1] in ("|", ">"):  # skip a block scalar's header line
            start = text.find("\n", start, outer.end) + 1 or outer.end
        self.quoted = text[start : start + 1] == '"'
        if text[start : start + 1] in ("'", '"'):
            start += 1
        self.i, self.j = 0, start
        self.lost = False
        self.stride = _RUN
        # Line numbers are counted on from the last piece found, never from the top.
        self.line, self.line_start, self.counted = (
            outer.line,
            outer.start - outer.col + 1,
            outer.start,
        )

    def find(self, offset: int, piece: str) -> Span | None:
        offset = min(offset, len(self.value))
        value, text = self.value, self.text
        while not self.lost and self.i < offset and self.j < self.end:
            if value[self.i] != text[self.j] or not self.skip_shared_run(offset):
                self.step()
        while self.j < self.end and text[self.j] in " \t\r\n":  # the piece's indentation
            self.j += 1
        if self.lost or self.i != offset or not text.startswith(piece, self.j):
            return None
        self.line += text.count("\n", self.counted, self.j)
        self.line_start = text.rfind("\n", self.counted, self.j) + 1 or self.line_start
        self.counted = self.j
        return Span(self.line, self.j - self.line_start + 1, self.j, self.j + len(piece))

    def skip_shared_run(self, offset: int) -> bool:
        """Step over a run the value and the file share (up to a line break) at C speed.

        The run length doubles after a match and halves after a miss, so text that
        differs every few characters (folded lines) costs a few comparisons per step.
        """
        stop = min(offset, self.i + self.stride)
        newline = self.value.find("\n", self.i, stop)
        run = self.value[self.i : newline + 1 if newline >= 0 else stop]
        if len(run) > 1 and self.text.startswith(run, self.j):
            self.i += len(run)
            self.j += len(run)
            self.stride = min(2 * self.stride, _RUN)
            return True
        self.stride = max(len(run) // 2, 1)
        return self.stride > 1

    def step(self) -> None:
        """One character: the same in both, or skipped indentation, quoting, escapes."""
        self.stride = _RUN
        text, value, i, j = self.text, self.value, self.i, self.j
        if value[i] == text[j]:
            self.i, self.j = i + 1, j + 1
        elif text[j] == "\\" and self.quoted:  # an escape stands for one character
            width = _ESCAPE_WIDTH.get(text[j + 1 : j + 2], 2)
            self.i, self.j = i + (width > 0), j + abs(width)
        elif text[j] in " \t":  # indentation, all of it at once
            self.j = _BLANKS.match(text, j).end()  # type: ignore[union-attr]
        elif text[j] in "\r\n'\"":  # line breaks, quoting
            self.j = j + 1
        elif value[i] in " \n":  # a line break folded into a space
            self.i = i + 1
        else:
            self.lost = True


def span_at(text: str, start: int, end: int) -> Span:
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return Span(line, col, start, end)


class _Refused(Exception):
    def __init__(self, mark: Any, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.hint = hint


def _span(event: Any) -> Span:
    start, end = event.start_mark, event.end_mark
    return Span(start.line + 1, start.column + 1, start.index, end.index)


# No field holds a number this large; past it, printing the value in a message costs
# time quadratic in its digits (and Python refuses beyond 4,300 decimal digits).
MAX_INT_BITS = 64


def _scalar(event: Any) -> Any:
    tag = event.tag
    if tag in (None, "!"):
        tag = _RESOLVER.resolve(ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    if tag in _TEXT_TAGS:
        return event.value
    if tag not in _CONSTRUCTED_TAGS:
        raise _Refused(event.start_mark, f"unsupported YAML tag '{tag}'", _TAG_HINT)
    # Call the tag's constructor directly: construct_object() would cache every node
    # in the shared constructor for the life of the process.
    construct = SafeConstructor.yaml_constructors[tag]
    try:
        value = construct(_CONSTRUCTOR, ScalarNode(tag, event.value))
    except Exception:  # `!!int abc`, `!!int ""` (IndexError), `!!bool maybe` (KeyError)
        value = None
        problem = f"not a valid {tag.removeprefix(_TAG)}"
    else:
        problem = "too large a number" if _too_large(value) else ""
    if problem:
        shown = event.value if len(event.value) <= 40 else event.value[:40] + "…"
        raise _Refused(
            event.start_mark,
            f"'{shown}' is {problem}",
            "remove the tag" if event.tag else "quote it to make it text",
        )
    return value


def _too_large(value: Any) -> bool:
    return isinstance(value, int) and value.bit_length() > MAX_INT_BITS


def _check_tag(event: Any, *allowed: str) -> None:
    """Refuse an explicit tag on a key or collection (`!!python/object/apply [...]`)."""
    if event.tag not in (None, "!", *(_TAG + name for name in allowed)):
        raise _Refused(event.start_mark, f"unsupported YAML tag '{event.tag}'", _TAG_HINT)


class _Builder:
    """Builds Python values from parser events, recording spans as it goes."""

    def __init__(self, doc: Document, events: Any) -> None:
        self.doc = doc
        self.events = events
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.problems: list[Diagnostic] = []

    def charge(self, count: int, event: Any) -> None:
        self.nodes += count
        if self.nodes > MAX_NODES:
            raise _Refused(
                event.start_mark,
                f"document expands to more than {MAX_NODES} values",
                "aliases (*name) that expand without bound are refused; write the values out",
            )

    def value(self, event: Any, loc: Loc) -> tuple[Any, int]:
        """Consume one node starting at `event`; return (value, expanded node count)."""
        if len(loc) > MAX_DEPTH:
            raise _Refused(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels")
        if isinstance(event, yaml.AliasEvent):
            return self.alias(event, loc)
        self.charge(1, event)
        result: Any
        if isinstance(event, yaml.ScalarEvent):
            result, count = _scalar(event), 1
            self.doc.values[loc] = _span(event)
            self.check_text(result, loc, event)
        elif isinstance(event, yaml.SequenceStartEvent):
            result, count = self.sequence(event, loc)
        elif isinstance(event, yaml.MappingStartEvent):
            result, count = self.mapping(event, loc)
        else:  # pragma: no cover - the parser yields nothing else inside a document
            raise _Refused(event.start_mark, f"unexpected YAML event {type(event).__name__}")
        if event.anchor:
            self.anchors[event.anchor] = (result, count)
        return result, count

    def alias(self, event: Any, loc: Loc) -> tuple[Any, int]:
        if event.anchor not in self.anchors:
            raise _Refused(event.start_mark, f"unknown alias '*{event.anchor}'")
        value, count = self.anchors[event.anchor]
        self.charge(count, event)
        self.doc.values[loc] = _span(event)
        return value, count

    def sequence(self, event: Any, loc: Loc) -> tuple[list[Any], int]:
        _check_tag(event, "seq")
        start = _span(event)
        result: list[Any] = []
        count = 1
        while not isinstance(nxt := next(self.events), yaml.SequenceEndEvent):
            item, n = self.value(nxt, (*loc, len(result)))
            result.append(item)
            count += n
        self.doc.values[loc] = Span(start.line, start.col, start.start, _span(nxt).end)
        return result, count

    def mapping(self, event: Any, loc: Loc) -> tuple[dict[str, Any], int]:
        _check_tag(event, "map")
        start = _span(event)
        result: dict[str, Any] = {}
        count = 1
        while not isinstance(key_event := next(self.events), yaml.MappingEndEvent):
            if not isinstance(key_event, yaml.ScalarEvent):
                raise _Refused(key_event.start_mark, "a key must be plain text")
            _check_tag(key_event, "str")
            key = key_event.value
            here = _span(key_event)
            if key in result:
                # Not fatal: report it, keep the first value, and read on so the rest of
                # the file is still checked.
                self.duplicate_key(key, self.doc.keys[(*loc, key)], here)
                _, n = self.value(next(self.events), (*loc, f"\0dup{here.start}"))
            else:
                self.doc.keys[(*loc, key)] = here
                self.check_text(key, (*loc, key), key_event)
                result[key], n = self.value(next(self.events), (*loc, key))
            count += n
        self.doc.values[loc] = Span(start.line, start.col, start.start, _span(key_event).end)
        return result, count

    def duplicate_key(self, key: str, first: Span, here: Span) -> None:
        self.problems.append(
            Diagnostic(
                self.doc.path,
                here.line,
                here.col,
                Severity.ERROR,
                f"duplicate key '{key}' (first at line {first.line})",
                "YAML would silently keep only the last one; merge them into one key",
            )
        )

    def check_text(self, value: Any, loc: Loc, event: Any) -> None:
        """Refuse control characters, which YAML lets in through escapes ("\\x01")."""
        if not isinstance(value, str) or not (bad := CONTROL_CHARACTERS.search(value)):
            return
        char = bad.group(0)
        where = _escape_position(self.doc.text, _span(event), char)
        self.problems.append(
            Diagnostic(
                self.doc.path,
                where.line,
                where.col,
                Severity.ERROR,
                f"control character U+{ord(char):04X} in text",
                "remove it; only tabs and line breaks may appear in text",
            )
        )


# C0 controls but tab and newline, and the two noncharacters; one class, so linear.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")


def _escape_position(text: str, span: Span, char: str) -> Span:
    """Where `char` is written in the scalar at `span`: as an escape, or as itself."""
    code = ord(char)
    spellings = [char, f"\\x{code:02x}", f"\\x{code:02X}", f"\\u{code:04x}", f"\\u{code:04X}"]
    spellings += [f"\\{short}" for short, c in _SHORT_ESCAPES.items() if c == char]
    found = [pos for pos in (text.find(s, span.start, span.end) for s in spellings) if pos >= 0]
    return span_at(text, min(found), min(found) + 1) if found else span


_SHORT_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "r": "\r", "v": "\v"}


def _parse(doc: Document) -> tuple[Any, list[Diagnostic]]:
    events = iter(yaml.parse(doc.text, Loader=_PARSER))
    builder = _Builder(doc, events)
    data: Any = None
    documents = 0
    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Refused(
                    event.start_mark,
                    "more than one YAML document in the file",
                    "remove the '---' separator; one brief or actor per file",
                )
            data, _ = builder.value(next(events), ())
    return data, builder.problems


class _Unreadable(Exception):
    """The file cannot become a Document; carries the one diagnostic saying why."""

    def __init__(self, line: int, col: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.where = (line, col)
        self.message = message
        self.hint = hint


def read_document(
    path: Path, display: str, raw: bytes | None = None
) -> tuple[Document | None, list[Diagnostic]]:
    """Read and parse `path` (or `raw`, its bytes already read); on failure return no
    document and the reasons."""
    try:
        text = _read_text(path, raw)
        doc = Document(display, text, None)
        doc.data, problems = _parse_reporting(doc)
        _check_top_level(doc)
    except _Unreadable as exc:
        line, col = exc.where
        return None, [Diagnostic(display, line, col, Severity.ERROR, exc.message, exc.hint)]
    return doc, problems


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, up to one past the size limit (`_read_text` reports a larger file)."""
    try:
        with path.open("rb") as stream:
            # Read one byte past the limit rather than trusting the size on disk: a file
            # can grow, and a special file reports none.
            return stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _Unreadable(1, 1, f"cannot read the file: {exc.strerror or exc}") from None


def _read_text(path: Path, raw: bytes | None = None) -> str:
    if raw is None:
        raw = _read_bytes(path)
    if len(raw) > MAX_FILE_BYTES:
        size = max(len(raw), _size_on_disk(path))
        raise _Unreadable(
            1,
            1,
            f"file is {size} bytes, above the limit of {MAX_FILE_BYTES}",
            "split it, or move long material to a linked source",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # utf-8-sig counts `exc.start` after the byte order mark.
        body = raw.removeprefix(codecs.BOM_UTF8)
        prefix = body[: exc.start].decode("utf-8", "replace")
        where = span_at(prefix, len(prefix), len(prefix))
        raise _Unreadable(
            where.line, where.col, "file is not valid UTF-8", "save the file with UTF-8 encoding"
        ) from None


def _parse_reporting(doc: Document) -> tuple[Any, list[Diagnostic]]:
    """Parse, turning each way the YAML can be refused into one diagnostic."""
    try:
        return _parse(doc)
    except _Refused as exc:
        raise _Unreadable(exc.mark.line + 1, exc.mark.column + 1, exc.message, exc.hint) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc) from None
    except yaml.reader.ReaderError as exc:
        # libyaml counts this offset in UTF-8 bytes, the pure-Python reader in characters.
        offset = exc.position
        if _PARSER is not yaml.SafeLoader:
            offset = len(doc.text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
        where = span_at(doc.text, offset, offset)
        raise _Unreadable(
            where.line,
            where.col,
            f"character U+{exc.character:04X} is not allowed in YAML",
            "remove it; control characters cannot appear in content files",
        ) from None
    except yaml.YAMLError as exc:
        raise _Unreadable(1, 1, f"YAML error: {exc}") from None


def _syntax_error(exc: yaml.MarkedYAMLError) -> _Unreadable:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if "maximum nesting depth" in problem:  # libyaml's own limit, on flow collections
        return _Unreadable(line, col, f"nesting deeper than {MAX_DEPTH} levels")
    context = f" {exc.context}" if exc.context else ""
    start = exc.context_mark
    if context and start and (start.line + 1, start.column + 1) != (line, col):
        # e.g. an unclosed quote: the parser notices at the end of the file
        context += f" (started at line {start.line + 1}, column {start.column + 1})"
    return _Unreadable(
        line,
        col,
        f"YAML syntax error: {problem}{context}",
        "check the indentation, and quote text that contains ': ' or starts "
        "with a special character",
    )


def _check_top_level(doc: Document) -> None:
    if doc.data is None:
        raise _Unreadable(1, 1, "file is empty", "a brief or actor file is a mapping of fields")
    if not isinstance(doc.data, dict):
        span = doc.span(())
        raise _Unreadable(
            span.line,
            span.col,
            f"the top level must be a mapping of fields, not {describe(doc.data)}",
            "write `field: value` lines, e.g. `title: ...`",
        )


def parse_text(text: str, display: str) -> Document | None:
    """Parse YAML text that is not a file on disk (a revision from git) with the same
    reader and limits; None if it does not parse into a mapping."""
    if len(text) > MAX_FILE_BYTES:
        return None
    doc = Document(display, text, None)
    try:
        doc.data, _ = _parse(doc)
    except (_Refused, yaml.YAMLError):
        return None
    return doc if isinstance(doc.data, dict) else None


def _size_on_disk(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def describe(value: Any) -> str:
    """A reader's word for the kind of a YAML value."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
