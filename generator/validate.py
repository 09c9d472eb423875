"""Loading `content/`: read every file, check every rule, collect every problem.

The stages run top to bottom: find files → parse YAML (`source.py`) → check each file
against the model (pydantic) → check references across files → warnings. Nothing stops
at the first problem; the caller gets all of them, each at `path:line:col`.
"""

from __future__ import annotations

import functools
import types
import typing
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import BriefingError, Diagnostic, Severity, did_you_mean
from .markup import Ref, find_refs
from .model import Actor, Brief, Content, check_slug
from .progress import ProgressFn
from .source import Document, Loc, Span, describe, parse_text, read_document

YAML_SUFFIXES = (".yml", ".yaml")
RESERVED_IDS = frozenset({"index"})  # briefs/index.md and actors/index.md are listings
_ERR = Severity.ERROR


@dataclass
class Loaded:
    """A file that parsed and passed its own rules.

    Its positions (`doc`) are not kept: they are re-read only when a cross-file check has
    something to report, so loading thousands of files keeps memory flat.
    """

    path: Path
    display: str
    item: Brief | Actor
    _doc: Document | None = None

    @property
    def doc(self) -> Document:
        if self._doc is None:
            doc, _ = read_document(self.path, self.display)
            # The file parsed moments ago; if it was changed and broken since (an editor
            # saving mid-build), positions fall back to the start of the file.
            self._doc = doc or Document(self.display, "", {})
        return self._doc


def load_content(
    content_dir: Path,
    base: Path | None = None,
    cache: LoadCache | None = None,
    progress: ProgressFn | None = None,
) -> tuple[Content, list[Diagnostic]]:
    """Load and validate `content_dir`; raise BriefingError if anything is wrong.

    Returns the content and the warnings. Paths in diagnostics are relative to `base`
    (the project root) when possible.
    """
    diags: list[Diagnostic] = []
    base = base or Path.cwd()
    if not content_dir.is_dir():
        raise BriefingError(
            [
                Diagnostic(
                    _display(content_dir, base),
                    1,
                    1,
                    _ERR,
                    "content directory not found",
                    "create content/briefs/ and content/actors/, or pass --content DIR",
                )
            ]
        )
    brief_ids: set[str] = set()
    actor_ids: set[str] = set()
    briefs = _load_kind(content_dir / "briefs", Brief, base, diags, brief_ids, cache, progress)
    actors = _load_kind(content_dir / "actors", Actor, base, diags, actor_ids, cache, progress)
    complete = not any(d.is_error for d in diags)
    references = check_references(briefs, actors, brief_ids, actor_ids)
    # A file that failed on its own hides what it cites and mentions: only errors are
    # trustworthy then, the "unused" warnings are not.
    diags.extend(d for d in references if complete or d.is_error)
    if any(d.is_error for d in diags):
        raise BriefingError(diags)
    content = Content(
        briefs={k: v.item for k, v in briefs.items() if isinstance(v.item, Brief)},
        actors={k: v.item for k, v in actors.items() if isinstance(v.item, Actor)},
    )
    return content, sorted(diags)


def _display(path: Path, base: Path) -> str:
    # Resolve the folder, not the file: a link is reported under its own name.
    try:
        return (path.parent.resolve() / path.name).relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _load_kind(
    folder: Path,
    model: type[Brief] | type[Actor],
    base: Path,
    diags: list[Diagnostic],
    known: set[str],
    cache: LoadCache | None = None,
    progress: ProgressFn | None = None,
) -> dict[str, Loaded]:
    """Load one folder; `known` receives every id that has a file, valid or not."""
    loaded: dict[str, Loaded] = {}
    seen: dict[str, str] = {}
    if not folder.is_dir():
        return loaded
    paths = sorted(folder.iterdir())
    stage = f"loading {folder.name}"
    for done, path in enumerate(paths, 1):
        if progress is not None:
            progress(stage, done, len(paths))
        if path.name.startswith(".") or path.is_dir():
            continue
        display = _display(path, base)
        if path.suffix not in YAML_SUFFIXES:
            diags.append(
                Diagnostic(display, 1, 1, Severity.WARNING, "ignored: not a .yml or .yaml file")
            )
            continue
        ident = path.stem
        if not path.is_file():  # a dangling link, a pipe, a device: never read those
            diags.append(
                Diagnostic(display, 1, 1, _ERR, "not a regular file", "replace it by a YAML file")
            )
            continue
        if ident in RESERVED_IDS:
            diags.append(
                Diagnostic(
                    display,
                    1,
                    1,
                    _ERR,
                    f"'{ident}' is reserved: the list of all {folder.name} has that page",
                    f"rename the file, e.g. '{ident}-1{path.suffix}'",
                )
            )
            continue
        problems, item = _read_file(path, display, model, ident, cache)
        diags.extend(problems)
        if ident in seen:
            diags.append(
                Diagnostic(
                    display,
                    1,
                    1,
                    _ERR,
                    f"duplicate id '{ident}': {seen[ident]} has the same id",
                    "keep one file per id (x.yml and x.yaml are the same id)",
                )
            )
            continue
        seen[ident] = display
        try:
            check_slug(ident)
        except ValueError:
            suggestion = "-".join(
                "".join(c if c.isascii() and c.isalnum() else " " for c in ident.lower()).split()
            )
            diags.append(
                Diagnostic(
                    display,
                    1,
                    1,
                    _ERR,
                    f"file name '{path.name}' is not a valid id: use lowercase "
                    "ASCII letters, digits and single hyphens",
                    f"rename it to '{suggestion or 'my-id'}{path.suffix}'",
                )
            )
            continue
        if item is not None:
            loaded[ident] = Loaded(path, display, item)
    known.update(seen)
    return loaded


class LoadCache:
    """What each file gave last time, reused while the file is unchanged.

    `mkdocs serve` keeps one across rebuilds, so saving one brief re-reads one file,
    not thousands. A file counts as changed when its size or modification time does.
    """

    def __init__(self) -> None:
        self._files: dict[Path, tuple[object, _FileResult]] = {}

    def get(self, path: Path, key: object) -> _FileResult | None:
        hit = self._files.get(path)
        return hit[1] if hit is not None and hit[0] == key else None

    def put(self, path: Path, key: object, result: _FileResult) -> None:
        self._files[path] = (key, result)


_FileResult = tuple[list[Diagnostic], Brief | Actor | None]


def _read_file(
    path: Path,
    display: str,
    model: type[Brief] | type[Actor],
    ident: str,
    cache: LoadCache | None,
) -> _FileResult:
    """Parse and validate one file on its own: (its problems, the item if it is valid)."""
    try:
        stat = path.stat()
    except OSError as exc:  # removed since the folder was listed
        return [Diagnostic(display, 1, 1, _ERR, f"cannot read the file: {exc.strerror}")], None
    key = (stat.st_mtime_ns, stat.st_size, display, model.__name__)
    if cache is not None and (hit := cache.get(path, key)) is not None:
        return hit
    doc, problems = read_document(path, display)
    item = None
    if doc is not None:
        item = _validate_fields(doc, model, ident, problems)
        if any(p.is_error for p in problems):
            item = None
    # The positions are dropped here (see Loaded); the problems already carry theirs.
    result: _FileResult = (problems, item)
    if cache is not None:
        cache.put(path, key, result)
    return result


def brief_from_text(text: str, ident: str) -> Brief | None:
    """One brief from its YAML text alone (a revision from git): None unless it validates
    on its own. References to other files are not checked: they may have changed since."""
    doc = parse_text(text, ident)
    if doc is None:
        return None
    problems: list[Diagnostic] = []
    item = _validate_fields(doc, Brief, ident, problems)
    if not isinstance(item, Brief) or any(p.is_error for p in problems):
        return None
    return item


def _validate_fields(
    doc: Document, model: type[Brief] | type[Actor], ident: str, diags: list[Diagnostic]
) -> Brief | Actor | None:
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
    loc: Loc = tuple(part for part in err["loc"] if isinstance(part, str | int))
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
        hint = did_you_mean(str(value), expected) if isinstance(value, str) else ""
        return doc.error(
            loc,
            f"'{value}' is not allowed for '{name}'; expected one of: {', '.join(expected)}",
            hint,
        )
    if kind in ("string_type", "list_type", "model_type", "dict_type", "model_attributes_type"):
        wanted = {"string_type": "text", "list_type": "a list"}.get(kind, "a mapping")
        hint = ""
        if kind == "list_type" and isinstance(value, str):
            hint = f"write it as a list: `{name}: [{value}]`"
        elif kind == "string_type" and isinstance(value, int | float):
            hint = "quote it to make it text"
        return doc.error(loc, f"{what} must be {wanted}, not {describe(value)}", hint)
    if kind == "string_too_short":
        return doc.error(loc, f"{what} must not be empty")
    message = err["msg"].removeprefix("Value error, ")
    return doc.error(loc, f"{label}: {message}")


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
        return [f for f in current.model_fields if f != "id" or current not in (Brief, Actor)]
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


def markdown_fields(item: Brief | Actor) -> Iterable[tuple[Loc, str]]:
    """Every Markdown text of an item, with where it sits."""
    if isinstance(item, Actor):
        yield ("description",), item.description
        return
    yield ("summary",), item.summary
    yield ("body",), item.body
    for i, kj in enumerate(item.key_judgments):
        yield ("key_judgments", i, "text"), kj.text
    for i, event in enumerate(item.events):
        yield ("events", i, "description"), event.description or ""
    for i, quote in enumerate(item.quotes):
        yield ("quotes", i, "text"), quote.text
    for i, corr in enumerate(item.corrections):
        yield ("corrections", i, "text"), corr.text


def _repeats(doc: Document, field: str, values: Iterable[str]) -> Iterable[Diagnostic]:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            yield doc.error((field, i), f"'{value}' is listed twice in {field}", "remove one")
        seen.add(value)


def _file_rules(doc: Document, item: Brief | Actor) -> Iterable[Diagnostic]:
    """Rules inside one file that pydantic cannot express on a single field."""
    if isinstance(item, Actor):
        yield from _repeats(doc, "aliases", item.aliases)
        yield from _repeats(doc, "affiliations", item.affiliations)
        return
    yield from _repeats(doc, "tags", item.tags)
    yield from _repeats(doc, "related", item.related)
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
    for i, event in enumerate(item.events):
        if event.end and event.end < event.date:
            yield doc.error(
                ("events", i, "end"), f"event ends ({event.end}) before it starts ({event.date})"
            )


def check_references(
    briefs: dict[str, Loaded],
    actors: dict[str, Loaded],
    brief_ids: set[str],
    actor_ids: set[str],
) -> list[Diagnostic]:
    """Every reference must point somewhere; unused sources and actors are warned about.

    `brief_ids`/`actor_ids` hold every id that has a file, including files that failed
    validation, so a broken file is reported once rather than at every reference to it.
    """
    diags: list[Diagnostic] = []
    mentioned: set[str] = set()

    def actor_ref(doc: Document, loc: Loc, target: str) -> None:
        mentioned.add(target)
        if target not in actor_ids:
            diags.append(
                doc.error(
                    loc,
                    f"unknown actor '{target}'",
                    did_you_mean(target, actor_ids) or f"create content/actors/{target}.yml",
                )
            )

    for loaded in actors.values():
        actor = loaded.item
        assert isinstance(actor, Actor)
        for i, other in enumerate(actor.affiliations):
            if other not in actor_ids:
                diags.append(
                    loaded.doc.error(
                        ("affiliations", i),
                        f"unknown actor '{other}'",
                        did_you_mean(other, actor_ids) or f"create content/actors/{other}.yml",
                    )
                )
        _markdown_refs(_LazyDocument(loaded), actor, actor_ids, None, diags)

    for brief_id, loaded in briefs.items():
        brief, doc = loaded.item, _LazyDocument(loaded)
        assert isinstance(brief, Brief)
        sources = {s.id for s in brief.sources}
        cited: set[str] = set()

        def cite(
            loc: Loc,
            target: str,
            doc: Document = doc,
            sources: set[str] = sources,
            cited: set[str] = cited,
        ) -> None:
            cited.add(target)
            if target not in sources:
                hint = did_you_mean(target, sources) or "declare it under `sources:` with this id"
                diags.append(
                    doc.error(
                        loc,
                        f"unknown source '{target}' (not declared in this brief's sources)",
                        hint,
                    )
                )

        for i, ref in enumerate(brief.actors):
            actor_ref(doc, ("actors", i, "actor"), ref.actor)
        for i, kj in enumerate(brief.key_judgments):
            for j, sid in enumerate(kj.sources):
                cite(("key_judgments", i, "sources", j), sid)
        for i, event in enumerate(brief.events):
            for j, aid in enumerate(event.actors):
                actor_ref(doc, ("events", i, "actors", j), aid)
            for j, sid in enumerate(event.sources):
                cite(("events", i, "sources", j), sid)
        for i, quote in enumerate(brief.quotes):
            actor_ref(doc, ("quotes", i, "by"), quote.by)
            cite(("quotes", i, "source"), quote.source)
        for i, rid in enumerate(brief.related):
            if rid not in brief_ids:
                diags.append(
                    doc.error(
                        ("related", i), f"unknown brief '{rid}'", did_you_mean(rid, brief_ids)
                    )
                )
            elif rid == brief_id:
                diags.append(doc.warning(("related", i), "a brief is not related to itself"))
        mentioned.update(_markdown_refs(doc, brief, actor_ids, cite, diags))
        for i, source in enumerate(brief.sources):
            if source.id not in cited:
                diags.append(
                    doc.warning(
                        ("sources", i, "id"),
                        f"source '{source.id}' is declared but nothing cites it",
                        f"cite it with [^{source.id}] or remove it",
                    )
                )

    for actor_id, loaded in actors.items():
        if actor_id not in mentioned:
            diags.append(
                loaded.doc.warning(
                    (),
                    f"no brief mentions actor '{actor_id}'",
                    "reference it from a brief, or remove the file",
                )
            )
    return diags


def _markdown_refs(
    doc: Document,
    item: Brief | Actor,
    actors: set[str],
    cite: Any,
    diags: list[Diagnostic],
) -> set[str]:
    """Check `[[actor]]` and `[^source]` in every Markdown field; return actors referenced."""
    found: set[str] = set()
    for loc, text in markdown_fields(item):
        for ref in find_refs(text):
            here = functools.partial(_ref_diagnostic, doc, loc, text, ref)
            if ref.kind == "actor":
                found.add(ref.target)
                if ref.target not in actors:
                    hint = did_you_mean(ref.target, actors)
                    hint = hint or f"create content/actors/{ref.target}.yml"
                    diags.append(here(f"unknown actor '{ref.target}' in [[...]]", hint))
            elif cite is None:
                diags.append(
                    here(f"citation [^{ref.target}] outside a brief", "cite sources from briefs")
                )
            else:
                before = len(diags)
                cite(loc, ref.target)
                if len(diags) > before:  # re-point the error at the citation itself
                    old = diags.pop()
                    diags.append(here(old.message, old.hint))
    return found


def _ref_diagnostic(
    doc: Document, loc: Loc, text: str, ref: Ref, message: str, hint: str
) -> Diagnostic:
    """An error at a `[[...]]`/`[^...]` reference. Positions are looked up only for a
    problem (see Loaded); earlier copies in code count too, as locate_text searches the
    raw file text."""
    span = doc.locate_text(loc, ref.raw, text.count(ref.raw, 0, ref.offset))
    return Diagnostic(doc.path, span.line, span.col, _ERR, message, hint)


class _LazyDocument(Document):
    """A Document that reads its file only when a diagnostic needs a position."""

    def __init__(self, loaded: Loaded) -> None:  # no super().__init__: nothing read yet
        self._loaded = loaded
        self.path = loaded.display

    def __getattr__(self, name: str) -> Any:  # text, data, keys, values: read on demand
        return getattr(self._loaded.doc, name)

    def span(self, loc: Loc, *, prefer_key: bool = False) -> Span:
        return self._loaded.doc.span(loc, prefer_key=prefer_key)

    def locate_text(self, loc: Loc, needle: str, occurrence: int = 0) -> Span:
        return self._loaded.doc.locate_text(loc, needle, occurrence)
