"""One file against the model: pydantic's errors as `path:line:col` diagnostics.

pydantic checks types, enums, dates, slugs and URLs (declared in `model.py`); this
module words each of its errors for an analyst, with a hint where one helps, and adds
the rules inside one file that a single field cannot express (repeats, date order).
"""

from __future__ import annotations

import types
import typing
from collections import Counter
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, did_you_mean
from .model import (
    ENUM_SYNONYMS,
    UNION_TAGS,
    Actor,
    Brief,
    Event,
    FileModel,
    RegistrySource,
    SharedEvent,
)
from .source import Document, Loc, describe

FileItem = Brief | Actor | RegistrySource | SharedEvent
FILE_MODELS = (Brief, Actor, RegistrySource, SharedEvent)


def validate_fields(
    doc: Document, model: FileModel, ident: str, diags: list[Diagnostic]
) -> FileItem | None:
    """The item if the file passes the model and its own rules; problems go to `diags`."""
    data = dict(doc.data)
    if "id" in data:
        diags.append(
            doc.error(
                ("id",),
                "unknown field 'id'",
                f"the id is the file name ('{ident}'); remove this line",
                key=True,
            )
        )
        data.pop("id")
    try:
        item = model.model_validate({**data, "id": ident})
    except ValidationError as exc:
        diags.extend(_pydantic_diagnostic(doc, model, err) for err in exc.errors())
        return None
    problems = list(_file_rules(doc, item))
    diags.extend(problems)
    return None if any(d.is_error for d in problems) else item


def _pydantic_diagnostic(doc: Document, model: type[BaseModel], err: Any) -> Diagnostic:
    loc: Loc = tuple(
        part
        for n, part in enumerate(err["loc"])
        if isinstance(part, str | int)
        and not (part in UNION_TAGS and n and isinstance(err["loc"][n - 1], int))
    )
    kind = err["type"]
    value = err.get("input")
    name = loc[-1] if loc else "?"
    # An item of a list is named by its list, counting from 1: `'tags' item 2`, not `'1'`.
    item = isinstance(name, int) and len(loc) > 1
    label = f"{loc[-2]} item {int(name) + 1}" if item else str(name)
    what = f"'{loc[-2]}' item {int(name) + 1}" if item else f"'{name}'"
    if kind == "missing":
        return doc.error(
            loc[:-1], f"missing required field '{name}'", f"add `{name}:` to this mapping"
        )
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = did_you_mean(str(name), allowed) or f"known fields: {', '.join(allowed)}"
        return doc.error(loc, f"unknown field '{name}'", hint, key=True)
    if kind == "literal_error":
        expected = [e.strip(" '") for e in err["ctx"]["expected"].replace(" or ", ",").split(",")]
        return doc.error(
            loc,
            f"'{_shown(value)}' is not allowed for '{name}'; expected one of: "
            + ", ".join(expected),
            enum_hint(value, expected),
        )
    if kind in _TYPE_WORDS:
        return doc.error(
            loc,
            f"{what} must be {_TYPE_WORDS[kind]}, not {describe(value)}",
            _type_hint(kind, name, value),
        )
    if kind == "int_type":  # a credibility grade: `2.5`, `"2"` or `true` is none
        shown = _shown(value) if isinstance(value, float) else describe(value)
        return doc.error(loc, f"{what} must be a whole number, not {shown}", _int_hint(value))
    if kind == "string_too_short":
        return doc.error(loc, f"{what} must not be empty")
    if kind == "hinted":
        return doc.error(loc, f"{label}: {err['ctx']['message']}", err["ctx"]["hint"])
    message = err["msg"].removeprefix("Value error, ")
    return doc.error(loc, f"{label}: {message}")


_TYPE_WORDS = {
    "string_type": "text",
    "list_type": "a list",
    "model_type": "a mapping",
    "dict_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def _type_hint(kind: str, name: str | int, value: Any) -> str:
    if kind == "list_type" and isinstance(value, str):
        return f"write it as a list: `{name}: [{_shown(value)}]`"
    if kind == "string_type" and isinstance(value, int | float):
        return "quote it to make it text"
    return ""


def _int_hint(value: Any) -> str:
    if isinstance(value, str) and value.strip().isdigit():
        return f"remove the quotes: {value.strip()}"
    return "write a whole number without quotes (a credibility grade is 1 to 6)"


def _shown(value: Any) -> str:
    """A value as a message quotes it: never unbounded, never a multi-line block."""
    text = value if isinstance(value, str) else repr(value)
    text = text if len(text) <= 60 else text[:60] + "…"
    return text.replace("\n", "\\n")


def enum_hint(value: Any, expected: list[str]) -> str:
    """Did-you-mean for an enum: by case, by meaning (`medium` → `moderate`), by spelling."""
    if not isinstance(value, str):
        return ""
    # A TLP label copied as TLP 2.0 writes it (`TLP:AMBER+STRICT`) names its value.
    word = _enum_words(value.strip().removeprefix("TLP:").removeprefix("tlp:"))
    for choice in expected:
        if _enum_words(choice) == word:
            return f"did you mean '{choice}'?"
    meant = ENUM_SYNONYMS.get(word)
    if meant in expected:
        return f"did you mean '{meant}'?"
    return did_you_mean(value, expected)


def _enum_words(value: str) -> str:
    """An enum value as words: case, `_`, `-` and `+` aside (`Press_Conference`)."""
    for mark in "_-+":
        value = value.replace(mark, " ")
    return " ".join(value.split()).casefold()


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names of the model that sits at `loc` inside `model`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [  # as written in YAML: `as`, not the Python name `role`
            info.alias or name
            for name, info in current.model_fields.items()
            if name != "id" or current not in FILE_MODELS
        ]
    return []


def _inner_model(annotation: Any) -> Any:
    """Unwrap list[...], X | None and Annotated[...] down to a model class."""
    stack = [annotation]
    while stack:
        ann = stack.pop()
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            return ann
        if typing.get_origin(ann) in (list, typing.Union, types.UnionType, typing.Annotated):
            args = typing.get_args(ann)
            stack.extend(args[:1] if typing.get_origin(ann) is typing.Annotated else args)
    return None


def _repeats(doc: Document, field: str, values: Iterable[str]) -> Iterable[Diagnostic]:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            yield doc.error((field, i), f"'{value}' is listed twice in {field}", "remove one")
        seen.add(value)


def _file_rules(doc: Document, item: FileItem) -> Iterable[Diagnostic]:
    """Rules inside one file that pydantic cannot express on a single field."""
    if isinstance(item, Actor):
        yield from _repeats(doc, "aliases", item.aliases)
        yield from _repeats(doc, "affiliations", item.affiliation_ids)
        for i, tie in enumerate(item.affiliations):
            if tie.actor == item.id:  # its page would list it as its own member
                yield doc.error(
                    ("affiliations", i),
                    f"'{tie.actor}' is affiliated with itself",
                    "remove it; affiliations name other actors",
                )
            if tie.start and tie.to and tie.to < tie.start:
                yield doc.error(
                    ("affiliations", i, "to"),
                    f"affiliation with '{tie.actor}' ends ({tie.to}) before it starts "
                    f"({tie.start})",
                    "`from` is when it began, `to` when it ended",
                )
        return
    if isinstance(item, RegistrySource):
        yield from _repeats(doc, "authors", item.authors)
        return
    if isinstance(item, SharedEvent):
        yield from _event_order(doc, (), item)
        return
    yield from _repeats(doc, "tags", item.tags)
    yield from _repeats(doc, "related", item.related)
    yield from _repeats(doc, "authors", item.authors)
    yield from _repeats(doc, "actors", (ref.actor for ref in item.actors))
    ids = Counter(s.id for s in item.sources)
    seen: set[str] = set()
    for i, source in enumerate(item.sources):
        if ids[source.id] > 1 and source.id in seen:
            yield doc.error(
                ("sources", i, "id"),
                f"source id '{source.id}' is declared twice in this brief",
                "give each source its own id",
            )
        seen.add(source.id)
    if item.updated and item.updated < item.date:
        yield doc.error(("updated",), f"updated ({item.updated}) is before date ({item.date})")
    shared: set[str] = set()
    for i, event in enumerate(item.events):
        if isinstance(event, Event):
            yield from _event_order(doc, ("events", i), event)
        elif event in shared:
            yield doc.error(("events", i), f"shared event '{event}' is listed twice", "remove one")
        else:
            shared.add(event)


def _event_order(doc: Document, loc: Loc, event: Event) -> Iterable[Diagnostic]:
    if event.end and event.end < event.date:
        yield doc.error((*loc, "end"), f"event ends ({event.end}) before it starts ({event.date})")
