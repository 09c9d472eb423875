"""References between files: what each file points at, and whether that exists.

Each file's references are taken once, from its parsed YAML while its positions are at
hand (`file_references`), whether or not the file passed the model: a bad `likelihood`
must not hide an unknown actor elsewhere in the same brief. `check_references` then
needs only these small records, never the files again, so loading thousands of files
keeps memory flat and every problem in every file is found in one run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from .diagnostics import Diagnostic, Severity, did_you_mean
from .markup import find_refs
from .model import is_slug
from .source import Document, Loc

Kind = Literal["actor", "source", "brief", "event", "author"]
# Where references sit in a file: keys, with "*" for every item of a list.
Pattern = tuple[str, ...]
REFERENCE_FIELDS: dict[str, list[tuple[Kind, Pattern]]] = {
    "briefs": [
        ("actor", ("actors", "*")),
        ("actor", ("actors", "*", "actor")),
        ("actor", ("events", "*", "actors", "*")),
        ("actor", ("quotes", "*", "by")),
        ("source", ("key_judgments", "*", "sources", "*")),
        ("source", ("key_judgments", "*", "sources", "*", "source")),
        ("source", ("events", "*", "sources", "*")),
        ("source", ("events", "*", "sources", "*", "source")),
        ("source", ("quotes", "*", "source")),
        ("brief", ("related", "*")),
        ("author", ("authors", "*")),
        ("event", ("events", "*")),
    ],
    "actors": [("actor", ("affiliations", "*")), ("actor", ("affiliations", "*", "actor"))],
    "sources": [("actor", ("outlet",))],
    "events": [
        ("actor", ("actors", "*")),
        ("source", ("sources", "*")),
        ("source", ("sources", "*", "source")),
    ],
}
MARKDOWN_FIELDS: dict[str, list[Pattern]] = {
    "briefs": [
        ("summary",),
        ("body",),
        ("key_judgments", "*", "text"),
        ("key_judgments", "*", "basis"),
        ("events", "*", "description"),
        ("quotes", "*", "text"),
        ("corrections", "*", "text"),
    ],
    "actors": [("description",)],
    "events": [("description",)],
}
NAME_FIELDS: list[Pattern] = [("name",), ("native_name",), ("aliases", "*")]


def strings_at(data: Any, pattern: Pattern, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every text value at `pattern` in parsed YAML, with its location; others skipped."""
    if not pattern:
        if isinstance(data, str):
            yield loc, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from strings_at(item, rest, (*loc, i))
    elif isinstance(data, dict) and head in data:
        yield from strings_at(data[head], rest, (*loc, head))


@dataclass(frozen=True)
class Mention:
    """One reference to an actor, a source of the brief, or another brief."""

    kind: Kind
    target: str
    line: int
    col: int
    in_text: bool = False  # written as [[...]] or [^...] in Markdown


@dataclass(frozen=True)
class FileReferences:
    """What the cross-file checks need from one file."""

    path: str
    line: int  # where the file's fields start, for file-wide warnings
    col: int
    mentions: tuple[Mention, ...] = ()
    sources: tuple[Mention, ...] = ()  # the source ids a brief declares
    names: tuple[str, ...] = ()  # an actor's name, native name and aliases
    kind: str | None = None  # an actor's kind, as written (authors must be people)


def file_references(doc: Document, folder: str) -> FileReferences:
    """Take the references of one parsed file, valid against the model or not."""
    mentions = [
        _mention(doc, kind, loc, target)
        for kind, pattern in REFERENCE_FIELDS.get(folder, [])
        for loc, target in strings_at(doc.data, pattern)
    ]
    for pattern in MARKDOWN_FIELDS.get(folder, []):
        for loc, text in strings_at(doc.data, pattern):
            mentions.extend(_text_mentions(doc, loc, text))
    root = doc.span(())
    return FileReferences(
        doc.path,
        root.line,
        root.col,
        tuple(mentions),
        tuple(_mention(doc, "source", loc, sid) for loc, sid in _source_ids(doc, folder)),
        tuple(name for pattern in NAME_FIELDS for _, name in strings_at(doc.data, pattern)),
        _actor_kind(doc, folder),
    )


def _actor_kind(doc: Document, folder: str) -> str | None:
    kind = doc.data.get("kind") if folder == "actors" else None
    return kind if isinstance(kind, str) else None


def _source_ids(doc: Document, folder: str) -> Iterable[tuple[Loc, str]]:
    return strings_at(doc.data, ("sources", "*", "id")) if folder == "briefs" else ()


def _mention(doc: Document, kind: Kind, loc: Loc, target: str) -> Mention:
    span = doc.span(loc)
    return Mention(kind, target, span.line, span.col)


def _text_mentions(doc: Document, loc: Loc, text: str) -> list[Mention]:
    refs = find_refs(text)
    spans = doc.spans_in_value(loc, [(ref.offset, ref.raw) for ref in refs])
    return [
        Mention("actor" if ref.kind == "actor" else "source", ref.target, span.line, span.col, True)
        for ref, span in zip(refs, spans, strict=True)
    ]


@dataclass
class Known:
    """Every id that has a file (valid or not), and the names actors go by."""

    briefs: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)  # the source registry
    events: set[str] = field(default_factory=set)  # shared events
    # casefolded name, native name, alias or id -> the actor ids that go by it
    actor_names: dict[str, set[str]] = field(default_factory=dict)
    actor_kinds: dict[str, str] = field(default_factory=dict)  # as written in each file
    inline_sources: set[str] = field(default_factory=set)  # ids briefs declare themselves

    def ids(self, folder: str) -> set[str]:
        """The ids of one content folder."""
        by_folder = {
            "briefs": self.briefs,
            "actors": self.actors,
            "sources": self.sources,
            "events": self.events,
        }
        return by_folder[folder]

    def add_actor_names(self, actor_id: str, names: Iterable[str]) -> None:
        for name in (actor_id, *names):
            self.actor_names.setdefault(name.casefold(), set()).add(actor_id)


def check_references(
    folders: dict[str, dict[str, FileReferences]], known: Known
) -> list[Diagnostic]:
    """Every reference must point somewhere; unused sources and actors are warned about.

    `folders` holds each folder's references by id. `known` holds every id that has a
    file, including files that failed validation, so a broken file is reported once
    rather than at every reference to it.
    """
    briefs, actors = folders.get("briefs", {}), folders.get("actors", {})
    known.inline_sources = {s.target for refs in briefs.values() for s in refs.sources}
    diags: list[Diagnostic] = []
    for refs in actors.values():
        diags.extend(_check_actor_file(refs, known))
    for brief_id, refs in briefs.items():
        diags.extend(_check_brief_file(brief_id, refs, known))
    diags.extend(check_shared_files(folders, known))
    # Writing a brief counts as being referenced, like being mentioned in one.
    mentioned = {
        m.target
        for folder in ("briefs", "sources", "events")
        for refs in folders.get(folder, {}).values()
        for m in refs.mentions
        if m.kind in ("actor", "author")
    }
    for actor_id, refs in actors.items():
        if actor_id not in mentioned:
            diags.append(
                _at(
                    refs,
                    refs,
                    Severity.WARNING,
                    f"no brief mentions actor '{actor_id}'",
                    "reference it from a brief, or remove the file",
                )
            )
    return diags


def _at(refs: FileReferences, where: Mention | FileReferences, *rest: Any) -> Diagnostic:
    return Diagnostic(refs.path, where.line, where.col, *rest)


def _check_actor_file(refs: FileReferences, known: Known) -> Iterator[Diagnostic]:
    for mention in refs.mentions:
        if mention.kind == "source":
            yield _at(
                refs,
                mention,
                Severity.ERROR,
                f"citation [^{mention.target}] outside a brief",
                "cite sources from briefs",
            )
        elif mention.target not in known.actors:
            yield from _unknown_actor(refs, mention, known)


def _check_brief_file(brief_id: str, refs: FileReferences, known: Known) -> Iterator[Diagnostic]:
    declared = [s.target for s in refs.sources]
    cited: set[str] = set()
    for mention in refs.mentions:
        if mention.kind == "actor" and mention.target not in known.actors:
            yield from _unknown_actor(refs, mention, known)
        elif mention.kind == "source":
            cited.add(mention.target)
            if mention.target not in declared and mention.target not in known.sources:
                yield _unknown_source(refs, mention, declared, known)
        elif mention.kind == "event":
            yield from unknown_shared_event(refs, mention, known)
        elif mention.kind == "brief" and not is_slug(mention.target):
            continue  # not an id at all: the model reported it already
        elif mention.kind == "brief" and mention.target not in known.briefs:
            hint = did_you_mean(mention.target, known.briefs)
            yield _at(refs, mention, Severity.ERROR, f"unknown brief '{mention.target}'", hint)
        elif mention.kind == "brief" and mention.target == brief_id:
            yield _at(refs, mention, Severity.WARNING, "a brief is not related to itself")
        elif mention.kind == "author":
            yield from _check_author(refs, mention, known)
    for source in refs.sources:
        if source.target in known.sources:
            yield registry_collision(refs, source)
        elif source.target not in cited:
            yield _at(
                refs,
                source,
                Severity.WARNING,
                f"source '{source.target}' is declared but nothing cites it",
                f"cite it with [^{source.target}] or remove it",
            )


def _check_author(refs: FileReferences, mention: Mention, known: Known) -> Iterator[Diagnostic]:
    """An author is a known actor, and a person: a state or an outlet writes no brief."""
    if mention.target not in known.actors:
        yield from _unknown_actor(refs, mention, known)
        return
    kind = known.actor_kinds.get(mention.target)
    if kind is not None and kind != "person":
        yield _at(
            refs,
            mention,
            Severity.WARNING,
            f"author '{mention.target}' is a {kind} actor, not a person",
            f"list the people who wrote the brief; name '{mention.target}' under `actors:` instead",
        )


def _unknown_actor(refs: FileReferences, mention: Mention, known: Known) -> Iterator[Diagnostic]:
    hint = actor_hint(mention.target, known)
    if not hint and not mention.in_text:
        return  # a field value that is not an id at all: the model reported it already
    where = " in [[...]]" if mention.in_text else ""
    yield _at(
        refs,
        mention,
        Severity.ERROR,
        f"unknown actor '{mention.target}'{where}",
        hint or "actor ids are lowercase ASCII letters, digits and single hyphens",
    )


def actor_hint(target: str, known: Known) -> str:
    """Did-you-mean for an actor id: by name or alias first, as analysts type, then spelling.

    Empty when nothing fits and `target` cannot even be an id.
    """
    by_name = sorted(known.actor_names.get(target.strip().casefold(), ()))
    if by_name:
        return "did you mean " + " or ".join(f"'{actor_id}'" for actor_id in by_name) + "?"
    if close := did_you_mean(target, (a for a in known.actors if is_slug(a))):
        return close
    return f"create content/actors/{target}.yml" if is_slug(target) else ""


def _unknown_source(
    refs: FileReferences, mention: Mention, declared: list[str], known: Known
) -> Diagnostic:
    hint = did_you_mean(mention.target, [*declared, *sorted(known.sources)])
    if not hint and len(declared) == 1 and not known.sources and is_slug(declared[0]):
        hint = f"did you mean '{declared[0]}', the one source this brief declares?"
    where = "this brief's sources" if not known.sources else "this brief's sources nor the registry"
    return _at(
        refs,
        mention,
        Severity.ERROR,
        f"unknown source '{mention.target}' (not declared in {where})",
        hint
        or "declare it under `sources:` with this id"
        + (f", or create content/sources/{mention.target}.yml" if known.sources else ""),
    )


def registry_collision(refs: FileReferences, source: Mention) -> Diagnostic:
    return _at(
        refs,
        source,
        Severity.ERROR,
        f"source id '{source.target}' is taken by the registry (content/sources/"
        f"{source.target}.yml)",
        "remove this entry to cite the registry source, or give it another id",
    )


def unknown_shared_event(
    refs: FileReferences, mention: Mention, known: Known
) -> Iterator[Diagnostic]:
    if mention.target in known.events:
        return
    if not is_slug(mention.target):
        return  # not an id at all: the model reported it already
    yield _at(
        refs,
        mention,
        Severity.ERROR,
        f"unknown shared event '{mention.target}'",
        did_you_mean(mention.target, known.events)
        or f"create content/events/{mention.target}.yml, or write the event out here",
    )


def check_shared_files(
    folders: dict[str, dict[str, FileReferences]], known: Known
) -> Iterator[Diagnostic]:
    """Registry sources and shared events: what they point at, and whether anything uses
    them (a source no brief or event cites, an event no brief lists, is a warning)."""
    if not folders.get("sources") and not folders.get("events"):
        return  # the usual desk: nothing shared, and no need to go through every mention
    used = {
        (m.kind, m.target)
        for folder in ("briefs", "events")
        for refs in folders.get(folder, {}).values()
        for m in refs.mentions
        if m.kind in ("source", "event")
    }
    for source_id, refs in folders.get("sources", {}).items():
        for mention in refs.mentions:
            if mention.target not in known.actors:
                yield from _unknown_actor(refs, mention, known)
        if ("source", source_id) not in used:
            yield _unused(
                refs,
                f"no brief or shared event cites source '{source_id}'",
                f"cite it with [^{source_id}]",
            )
    for event_id, refs in folders.get("events", {}).items():
        yield from _check_event_file(refs, known)
        if ("event", event_id) not in used:
            yield _unused(
                refs,
                f"no brief lists shared event '{event_id}'",
                f"add `- {event_id}` to a brief's events",
            )


def _unused(refs: FileReferences, message: str, use: str) -> Diagnostic:
    return _at(refs, refs, Severity.WARNING, message, f"{use}, or remove the file")


def _check_event_file(refs: FileReferences, known: Known) -> Iterator[Diagnostic]:
    for mention in refs.mentions:
        if mention.kind == "actor" and mention.target not in known.actors:
            yield from _unknown_actor(refs, mention, known)
        elif mention.kind == "source" and mention.target not in known.sources:
            inline = mention.target in known.inline_sources
            hint = (
                f"move it to content/sources/{mention.target}.yml, where every brief can cite it"
                if inline
                else did_you_mean(mention.target, known.sources)
            )
            yield _at(
                refs,
                mention,
                Severity.ERROR,
                f"a shared event cites registry sources only; '{mention.target}' is "
                + ("a brief's own source" if inline else "not in the registry"),
                hint or f"create content/sources/{mention.target}.yml",
            )
