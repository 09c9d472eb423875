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

    def locate_text(self, loc: Loc, needle: str, occurrence: int = 0) -> Span:
        """The span of the n-th `needle` inside the scalar at `loc` (e.g. a `[[ref]]`)."""
        outer = self.span(loc)
        pos = outer.start - 1
        for _ in range(occurrence + 1):
            pos = self.text.find(needle, pos + 1, max(outer.end, outer.start + 1))
            if pos < 0:
                return outer
        return span_at(self.text, pos, pos + len(needle))

    def error(self, loc: Loc, message: str, hint: str = "", *, key: bool = False) -> Diagnostic:
        return self.diagnostic(loc, Severity.ERROR, message, hint, key=key)

    def warning(self, loc: Loc, message: str, hint: str = "", *, key: bool = False) -> Diagnostic:
        return self.diagnostic(loc, Severity.WARNING, message, hint, key=key)

    def diagnostic(
        self, loc: Loc, severity: Severity, message: str, hint: str = "", *, key: bool = False
    ) -> Diagnostic:
        span = self.span(loc, prefer_key=key)
        return Diagnostic(self.path, span.line, span.col, severity, message, hint)


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


def _scalar(event: Any) -> Any:
    tag = event.tag
    if tag in (None, "!"):
        tag = _RESOLVER.resolve(ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    if tag in _TEXT_TAGS:
        return event.value
    if tag in _CONSTRUCTED_TAGS:
        # Call the tag's constructor directly: construct_object() would cache every node
        # in the shared constructor for the life of the process.
        construct = SafeConstructor.yaml_constructors[tag]
        try:
            return construct(_CONSTRUCTOR, ScalarNode(tag, event.value))
        except (ValueError, KeyError):  # `!!int abc`, `!!bool maybe`, a 5000-digit number
            shown = event.value if len(event.value) <= 40 else event.value[:40] + "…"
            raise _Refused(
                event.start_mark,
                f"'{shown}' is not a valid {tag.removeprefix(_TAG)}",
                "remove the tag" if event.tag else "quote it to make it text",
            ) from None
    raise _Refused(event.start_mark, f"unsupported YAML tag '{tag}'", _TAG_HINT)


def _check_tag(event: Any, *allowed: str) -> None:
    """Refuse an explicit tag on a key or collection (`!!python/object/apply [...]`)."""
    if event.tag not in (None, "!", *(_TAG + name for name in allowed)):
        raise _Refused(event.start_mark, f"unsupported YAML tag '{event.tag}'", _TAG_HINT)


class _Builder:
    """Builds Python values from parser events, recording spans as it goes."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
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

    def value(self, events: Any, event: Any, loc: Loc) -> tuple[Any, int]:
        """Consume one node starting at `event`; return (value, expanded node count)."""
        if len(loc) > MAX_DEPTH:
            raise _Refused(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels")
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise _Refused(event.start_mark, f"unknown alias '*{event.anchor}'")
            value, count = self.anchors[event.anchor]
            self.charge(count, event)
            self.doc.values[loc] = _span(event)
            return value, count
        start = _span(event)
        count = 1
        self.charge(1, event)
        result: Any
        if isinstance(event, yaml.ScalarEvent):
            result = _scalar(event)
            self.doc.values[loc] = start
        elif isinstance(event, yaml.SequenceStartEvent):
            _check_tag(event, "seq")
            result = []
            while not isinstance(nxt := next(events), yaml.SequenceEndEvent):
                item, n = self.value(events, nxt, (*loc, len(result)))
                result.append(item)
                count += n
            self.doc.values[loc] = Span(start.line, start.col, start.start, _span(nxt).end)
        elif isinstance(event, yaml.MappingStartEvent):
            _check_tag(event, "map")
            result = {}
            while not isinstance(key_event := next(events), yaml.MappingEndEvent):
                if not isinstance(key_event, yaml.ScalarEvent):
                    raise _Refused(key_event.start_mark, "a key must be plain text")
                _check_tag(key_event, "str")
                key = key_event.value
                if key in result:
                    # Not fatal: report it, keep the first value, and read on so the
                    # rest of the file is still checked.
                    first = self.doc.keys[(*loc, key)]
                    here = _span(key_event)
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
                    _, n = self.value(events, next(events), (*loc, f"\0dup{here.start}"))
                    count += n
                    continue
                self.doc.keys[(*loc, key)] = _span(key_event)
                item, n = self.value(events, next(events), (*loc, key))
                result[key] = item
                count += n
            self.doc.values[loc] = Span(start.line, start.col, start.start, _span(key_event).end)
        else:  # pragma: no cover - the parser yields nothing else inside a document
            raise _Refused(event.start_mark, f"unexpected YAML event {type(event).__name__}")
        anchor = getattr(event, "anchor", None)
        if anchor:
            self.anchors[anchor] = (result, count)
        return result, count


def _parse(doc: Document) -> tuple[Any, list[Diagnostic]]:
    builder = _Builder(doc)
    events = iter(yaml.parse(doc.text, Loader=_PARSER))
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
            data, _ = builder.value(events, next(events), ())
    return data, builder.problems


def read_document(path: Path, display: str) -> tuple[Document | None, list[Diagnostic]]:
    """Read and parse `path`; on failure return no document and the reasons."""

    def fail(line: int, col: int, message: str, hint: str = "") -> tuple[None, list[Diagnostic]]:
        return None, [Diagnostic(display, line, col, Severity.ERROR, message, hint)]

    try:
        with path.open("rb") as stream:
            # Read one byte past the limit rather than trusting the size on disk: a file
            # can grow, and a special file reports none.
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return fail(1, 1, f"cannot read the file: {exc.strerror or exc}")
    if len(raw) > MAX_FILE_BYTES:
        size = max(len(raw), _size_on_disk(path))
        return fail(
            1,
            1,
            f"file is {size} bytes, above the limit of {MAX_FILE_BYTES}",
            "split it, or move long material to a linked source",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # utf-8-sig counts `exc.start` after the byte order mark.
        body = raw.removeprefix(codecs.BOM_UTF8)
        prefix = body[: exc.start].decode("utf-8", "replace")
        where = span_at(prefix, len(prefix), len(prefix))
        return fail(
            where.line, where.col, "file is not valid UTF-8", "save the file with UTF-8 encoding"
        )
    doc = Document(display, text, None)
    try:
        doc.data, problems = _parse(doc)
    except _Refused as exc:
        return fail(exc.mark.line + 1, exc.mark.column + 1, exc.message, exc.hint)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "maximum nesting depth" in problem:  # libyaml's own limit, on flow collections
            return fail(line, col, f"nesting deeper than {MAX_DEPTH} levels")
        context = f" {exc.context}" if exc.context else ""
        start = exc.context_mark
        if context and start and (start.line + 1, start.column + 1) != (line, col):
            # e.g. an unclosed quote: the parser notices at the end of the file
            context += f" (started at line {start.line + 1}, column {start.column + 1})"
        return fail(
            line,
            col,
            f"YAML syntax error: {problem}{context}",
            "check the indentation, and quote text that contains ': ' or starts "
            "with a special character",
        )
    except yaml.reader.ReaderError as exc:
        # libyaml counts this offset in UTF-8 bytes, the pure-Python reader in characters.
        offset = exc.position
        if _PARSER is not yaml.SafeLoader:
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
        where = span_at(text, offset, offset)
        return fail(
            where.line,
            where.col,
            f"character U+{exc.character:04X} is not allowed in YAML",
            "remove it; control characters cannot appear in content files",
        )
    except yaml.YAMLError as exc:
        return fail(1, 1, f"YAML error: {exc}")
    if doc.data is None:
        return fail(1, 1, "file is empty", "a brief or actor file is a mapping of fields")
    if not isinstance(doc.data, dict):
        span = doc.span(())
        return fail(
            span.line,
            span.col,
            f"the top level must be a mapping of fields, not {describe(doc.data)}",
            "write `field: value` lines, e.g. `title: ...`",
        )
    return doc, problems


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
