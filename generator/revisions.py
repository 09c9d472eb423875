"""Loading a brief's successive revisions fast: only the fields that changed are read again.

A brief has ten revisions on average and each changes a field or two, while reading and
validating a whole file costs milliseconds. So a revision's file is cut at its top-level
keys; a field whose text is the same as in the revision before keeps its validated value,
and each other field is read with the project's own reader (`parse_text`) and validated
with the model's own field type. Anything unusual (anchors, flow style, quoted keys,
comments between fields, a field that fails) falls back to loading the whole file with
`brief_from_text`, which is what a revision loaded on its own gets. File-wide rules (a
judgment citing a source the brief lacks, say) are not checked again on this fast path:
history only needs to know what the brief said.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError

from .model import Brief
from .source import parse_text
from .validate import brief_from_text

_KEY_LINE = re.compile(r"^([a-z_]+):(?=\s|$)", re.MULTILINE)
# A new chunk starts at any line that is not indented, a list item, a comment or blank.
# (The pattern starts with a literal newline, which keeps the split fast.)
_CHUNK_START = re.compile(r"\n(?=[^\s#-])")
_BEFORE_ANCHOR = " \t\n[{,:-"
_ITEM = re.compile(r"( *)- ")


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
    brief = brief_from_text(text, brief_id)
    if brief is None:
        return None
    return LoadedRevision(brief, fields or {})


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
    doc = parse_text(chunk, name)
    if doc is None or list(doc.data) != [name]:
        return _UNREADABLE
    try:
        return _field_type(name).validate_python(doc.data[name])
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
