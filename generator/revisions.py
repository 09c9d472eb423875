"""Loading a brief's successive revisions fast: only the fields that changed are read again.

A brief has ten revisions on average and each changes a field or two, while reading and
validating a whole file costs milliseconds. So a revision's file is cut at its top-level
keys; a field whose text is the same as in the revision before keeps its validated value,
and each other field is read and validated with the model's own field type. Text is read
by libyaml's composer when it is plain (`plain_data`: no tag, no anchor, no repeated key,
nothing the reader treats its own way), which is several times faster than the project's
own reader (`parse_text`), whose positions history never shows; else by that reader.
Anything unusual (anchors, flow style, quoted keys, comments between fields, a field that
fails) falls back to loading the whole file (`read_brief`), which gives what
`brief_from_text` gives a revision loaded on its own. File-wide rules (a
judgment citing a source the brief lacks, say) are not checked again on this fast path:
history only needs to know what the brief said.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Annotated, Any

import yaml
from pydantic import TypeAdapter, ValidationError
from yaml.constructor import SafeConstructor

from .diagnostics import Diagnostic
from .fieldcheck import validate_fields
from .model import Brief
from .source import MAX_INT_BITS, MAX_NODES, Document, parse_text
from .validate import brief_from_text

_KEY_LINE = re.compile(r"^([a-z_]+):(?=\s|$)", re.MULTILINE)
# A new chunk starts at any line that is not indented, a list item, a comment or blank.
# (The pattern starts with a literal newline, which keeps the split fast.)
_CHUNK_START = re.compile(r"\n(?=[^\s#-])")
_BEFORE_ANCHOR = " \t\n[{,:-"
_ITEM = re.compile(r"( *)- ")
_STR = "tag:yaml.org,2002:str"
# Below this many characters a text cannot hold MAX_NODES values (each value but the
# top one needs a character of its own), so libyaml's composer may read it instead of the
# reader's event walk, which records spans that history never shows.
_PLAIN_CHARS = MAX_NODES // 2


@dataclass(frozen=True)
class LoadedRevision:
    brief: Brief
    fields: dict[str, str]  # top-level key -> its text; empty when the file was not cut


@functools.cache
def _field_type(name: str) -> TypeAdapter[Any]:
    info = Brief.model_fields[name]
    field_type: Any = info.annotation
    if info.metadata:
        field_type = Annotated[field_type, *info.metadata]
    return TypeAdapter(field_type)


def split_fields(text: str) -> dict[str, str] | None:
    """The text of each top-level field, or None if the file is not plainly block style."""
    text = text.removeprefix("\ufeff")
    if _has_anchor(text):
        return None
    chunks = _CHUNK_START.split(text)
    if _KEY_LINE.match(chunks[0]):
        chunks.insert(0, "")
    head, fields = chunks[0], {}
    if any(line.strip() and not line.lstrip().startswith("#") for line in head.splitlines()):
        return None
    for chunk in chunks[1:]:
        match = _KEY_LINE.match(chunk)
        if match is None or match.group(1) in fields:
            return None
        fields[match.group(1)] = chunk
    return fields


def _has_anchor(text: str) -> bool:
    """Whether the text may hold a YAML anchor (`&name`): they tie fields together."""
    at = text.find("&")
    while at >= 0:
        if (at == 0 or text[at - 1] in _BEFORE_ANCHOR) and text[at + 1 : at + 2].strip():
            return True
        at = text.find("&", at + 1)
    return False


def load_revision(text: str, brief_id: str, before: LoadedRevision | None) -> LoadedRevision | None:
    """The brief as `text` says, reusing what did not change since `before`."""
    fields = split_fields(text)
    if fields is not None and before is not None and before.fields:
        brief = _changed_fields(fields, before)
        if brief is not None:
            return LoadedRevision(brief, fields)
    brief = read_brief(text, brief_id)
    if brief is None:
        return None
    return LoadedRevision(brief, fields or {})


def read_brief(text: str, brief_id: str) -> Brief | None:
    """`brief_from_text`, with libyaml's composer reading the text when it is plain."""
    data = plain_data(text)
    if data is None:
        return brief_from_text(text, brief_id)
    problems: list[Diagnostic] = []
    item = validate_fields(Document(brief_id, text, data), Brief, brief_id, problems)
    if not isinstance(item, Brief) or any(p.is_error for p in problems):
        return None
    return item


class _NotPlain(Exception):
    """The text needs the reader's own rules: a repeated or non-text key, a huge number."""


class _PlainLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser and composer, giving what `source.parse_text` gives for plain
    text: timestamps stay text, and whatever the reader treats its own way is refused."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [key.value if key.tag == _STR else None for key, _ in node.value]
        if None in keys or len(set(keys)) != len(keys):
            raise _NotPlain  # the reader keeps a repeated key's first value, PyYAML its last
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        value: int = super().construct_yaml_int(node)
        if value.bit_length() > MAX_INT_BITS:
            raise _NotPlain
        return value


_PlainLoader.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)
_PlainLoader.add_constructor("tag:yaml.org,2002:int", _PlainLoader.construct_yaml_int)


def plain_data(text: str) -> dict[str, Any] | None:
    """The mapping YAML text holds, as `parse_text` reads it, or None to leave it to that.

    Tags (`!`), anchors and long texts go to the reader, and so does anything libyaml's
    composer refuses, so a None here never means the text is invalid.
    """
    if len(text) >= _PLAIN_CHARS or "!" in text or _has_anchor(text):
        return None
    try:
        data = yaml.load(text, Loader=_PlainLoader)  # a SafeLoader: no tags run code
    except (_NotPlain, yaml.YAMLError, RecursionError, ValueError, TypeError):
        return None
    return data if isinstance(data, dict) else None


_UNREADABLE = object()


def _read_field(name: str, chunk: str, before: LoadedRevision) -> Any:
    """One field's validated value; a list keeps the items whose text did not change."""
    old_items = _list_items(before.fields.get(name, ""))
    new_items = _list_items(chunk)
    old_values = getattr(before.brief, name, None)
    if not (old_items and new_items and isinstance(old_values, list)):
        return _read(name, chunk)
    if len(old_values) != len(old_items):
        return _read(name, chunk)
    known = dict(zip(old_items, old_values, strict=True))
    values = []
    for item in new_items:
        if item in known:
            values.append(known[item])
            continue
        read = _read(name, f"{name}:\n{item}")
        if read is _UNREADABLE or len(read) != 1:
            return _read(name, chunk)
        values.append(read[0])
    return values


def _read(name: str, chunk: str) -> Any:
    data = plain_data(chunk)
    if data is None:
        doc = parse_text(chunk, name)
        data = None if doc is None else doc.data
    if data is None or list(data) != [name]:
        return _UNREADABLE
    try:
        return _field_type(name).validate_python(data[name])
    except ValidationError:
        return _UNREADABLE


def _list_items(chunk: str) -> list[str] | None:
    """The text of each item of a block list field (`key:` then `- ...` lines), or None."""
    head, newline, rest = chunk.partition("\n")
    match = _ITEM.match(rest)
    if not newline or head.rstrip() != head.split(":", 1)[0] + ":" or match is None:
        return None
    indent = match.group(1)
    items = re.split(f"\n(?={indent}- )", rest)
    if any(not i.startswith(indent + "- ") for i in items):
        return None
    return items


def _changed_fields(fields: dict[str, str], before: LoadedRevision) -> Brief | None:
    updates: dict[str, Any] = {}
    for name, chunk in fields.items():
        if before.fields.get(name) == chunk:
            continue
        if name == "id" or name not in Brief.model_fields:
            return None
        value = _read_field(name, chunk, before)
        if value is _UNREADABLE:
            return None
        updates[name] = value
    for name in before.fields.keys() - fields.keys():  # a field removed
        info = Brief.model_fields.get(name)
        if info is None or info.is_required():
            return None
        updates[name] = info.get_default(call_default_factory=True)
    return before.brief.model_copy(update=updates) if updates else before.brief
