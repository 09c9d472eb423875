"""Loading `content/`: read every file, check every rule, collect every problem.

The stages run top to bottom: find files → parse YAML (`source.py`) → check each file
against the model (`fieldcheck.py`) and its links (`linkcheck.py`), and take its
references (`references.py`) → check references across files → warnings. Nothing stops
at the first problem; the caller gets all of them, each at `path:line:col`.

Only `briefs/*.yml`, `actors/*.yml`, `sources/*.yml` (the source registry) and
`events/*.yml` (shared events), and the editor schemas in `schema/`, belong in
`content/`: anything else is reported, and a symbolic link that leads outside
`content/` is refused without being read, so neither the check nor the build can be
pointed at files elsewhere on the machine.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import BriefingError, Diagnostic, Severity
from .fieldcheck import validate_fields
from .forking import fork_map
from .linkcheck import bad_links
from .model import Actor, Brief, Content, FileModel, RegistrySource, SharedEvent, is_slug
from .progress import ProgressFn
from .references import FileReferences, Known, check_references, file_references
from .registry import resolve_shared_events
from .source import MAX_FILE_BYTES, parse_text, read_document

YAML_SUFFIXES = (".yml", ".yaml")
RESERVED_IDS = frozenset({"index"})  # briefs/index.md and actors/index.md are listings
# The Sources index is paginated at sources/page/<N>/: no source may take that folder.
RESERVED_IN_FOLDER: dict[str, frozenset[str]] = {"sources": frozenset({"page"})}
FOLDERS: dict[str, FileModel] = {
    "briefs": Brief,
    "actors": Actor,
    "sources": RegistrySource,
    "events": SharedEvent,
}
Item = Brief | Actor | RegistrySource | SharedEvent
SCHEMA_FOLDER = "schema"
_ERR = Severity.ERROR


@dataclass(frozen=True)
class FileResult:
    """What one file gave: its own problems, the item if it is valid, its references.

    The parsed YAML and its positions are not kept: the references carry theirs, so
    loading thousands of files keeps memory flat.
    """

    problems: list[Diagnostic]
    item: Item | None
    references: FileReferences | None


@dataclass(frozen=True)
class _Place:
    """Where loading happens: the content folder and the base paths are shown from."""

    content: Path
    root: Path  # content, symbolic links resolved: nothing outside it is read
    base: Path

    def display(self, path: Path) -> str:
        # Resolve the folder, not the file: a link is reported under its own name.
        try:
            return (path.parent.resolve() / path.name).relative_to(self.base.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def inside(self, path: Path) -> bool:
        return path.resolve().is_relative_to(self.root)

    def displayer(self, folder: Path) -> Callable[[Path], str]:
        """`display` for the files of `folder`, which is resolved once, not per file:
        at a thousand files the resolving was a tenth of a preview rebuild."""
        try:
            prefix = folder.resolve().relative_to(self.base.resolve()).as_posix()
        except ValueError:
            return Path.as_posix
        return lambda path: f"{prefix}/{path.name}"


def load_content(
    content_dir: Path,
    base: Path | None = None,
    cache: LoadCache | None = None,
    progress: ProgressFn | None = None,
    workers: int = 1,
) -> tuple[Content, list[Diagnostic]]:
    """Load and validate `content_dir`; raise BriefingError if anything is wrong.

    Returns the content and the warnings. Paths in diagnostics are relative to `base`
    (the project root) when possible. `workers` > 1 reads the files `cache` does not hold
    in that many forked processes (`forking.py`).
    """
    place = _Place(content_dir, content_dir.resolve(), base or Path.cwd())
    if not content_dir.is_dir():
        raise BriefingError(
            [
                Diagnostic(
                    place.display(content_dir),
                    1,
                    1,
                    _ERR,
                    "content directory not found",
                    "create content/briefs/ and content/actors/, or pass --content DIR",
                )
            ]
        )
    diags: list[Diagnostic] = []
    known = Known()
    loaded = {
        name: _load_folder(place, name, diags, known, cache, progress, workers) for name in FOLDERS
    }
    if cache is not None:
        cache.forget_unseen()
    diags.extend(_unpublished_files(place))
    for actor_id, result in loaded["actors"].items():
        if result.references is not None:
            known.add_actor_names(actor_id, result.references.names)
            if result.references.kind is not None:
                known.actor_kinds[actor_id] = result.references.kind
    complete = not any(d.is_error for d in diags)
    taken = {
        name: {k: r.references for k, r in loaded[name].items() if r.references is not None}
        for name in FOLDERS
    }
    references = check_references(taken, known)
    # A file that failed on its own may hide what it cites and mentions: only errors
    # are trustworthy then, the "unused" warnings are not.
    diags.extend(d for d in references if complete or d.is_error)
    if any(d.is_error for d in diags):
        raise BriefingError(diags)
    events = {k: r.item for k, r in loaded["events"].items() if isinstance(r.item, SharedEvent)}
    briefs = {k: r.item for k, r in loaded["briefs"].items() if isinstance(r.item, Brief)}
    content = Content(
        briefs=resolve_shared_events(briefs, events),
        actors={k: r.item for k, r in loaded["actors"].items() if isinstance(r.item, Actor)},
        sources={
            k: r.item for k, r in loaded["sources"].items() if isinstance(r.item, RegistrySource)
        },
        events=events,
    )
    return content, sorted(diags)


def _load_folder(
    place: _Place,
    name: str,
    diags: list[Diagnostic],
    known: Known,
    cache: LoadCache | None,
    progress: ProgressFn | None,
    workers: int,
) -> dict[str, FileResult]:
    """Load one folder's YAML files by id; `known` receives every id that has a file."""
    folder = place.content / name
    if not folder.is_dir():
        return {}
    if not place.inside(folder):
        diags.append(_outside(place.display(folder)))
        return {}
    readable = _readable_files(place, folder, name, diags)

    def done(count: int) -> None:
        if progress is not None:
            progress(f"loading {name}", count, len(readable))

    results = _read_files(readable, name, cache, workers, done)
    loaded: dict[str, FileResult] = {}
    seen: dict[str, str] = {}
    for (path, display), result in zip(readable, results, strict=True):
        diags.extend(result.problems)
        if problem := _id_problem(path, display, seen):
            diags.append(problem)
            continue
        loaded[path.stem] = result
    known.ids(name).update(seen)
    return loaded


def _read_files(
    readable: list[tuple[Path, str]],
    folder: str,
    cache: LoadCache | None,
    workers: int,
    done: Callable[[int], None],
) -> list[FileResult]:
    """Each file's result: those `cache` holds from it, the others read by `workers`
    processes (which cannot fill this process's cache: it is filled here)."""
    if cache is None or workers <= 1:
        task = functools.partial(_read_file, folder=folder, cache=cache)
        return fork_map(lambda file: task(*file), readable, workers, done)
    keyed = [cache.key(path, display, folder) for path, display in readable]
    results = [
        cache.get(path, found[0]) if found else None
        for (path, _), found in zip(readable, keyed, strict=True)
    ]

    def read(i: int) -> FileResult:
        found = keyed[i]
        return _read_file(*readable[i], folder, None, found[1] if found else None)

    missing = [i for i, result in enumerate(results) if result is None]
    for i, result in zip(missing, fork_map(read, missing, workers, done), strict=True):
        results[i] = result
        if (found := keyed[i]) is not None:
            cache.put(readable[i][0], found[0], result)
    return [result for result in results if result is not None]


def _readable_files(
    place: _Place, folder: Path, name: str, diags: list[Diagnostic]
) -> list[tuple[Path, str]]:
    """The YAML files of `folder` that may be read, with their displayed paths, sorted;
    why each other one may not goes to `diags`."""
    with os.scandir(folder) as entries:  # an entry knows whether it is a folder: no stat
        names = [e.name for e in entries if _is_content_name(e.name) and not e.is_dir()]
    display_of = place.displayer(folder)
    readable: list[tuple[Path, str]] = []
    for path in sorted(folder / name for name in names):
        display = display_of(path)
        if refused := _refuse_path(place, path, display, name):
            diags.append(refused)
        else:
            readable.append((path, display))
    return readable


def _is_content_name(name: str) -> bool:
    """A content file by its name (if not a folder); anything else is reported by
    _unpublished_files."""
    return name.endswith(YAML_SUFFIXES) and not name.startswith(".")


def _outside(display: str) -> Diagnostic:
    return Diagnostic(
        display,
        1,
        1,
        _ERR,
        "symbolic link to a place outside content/: not read",
        "copy the file into content/ instead of linking to it",
    )


def _refuse_path(place: _Place, path: Path, display: str, folder: str) -> Diagnostic | None:
    """Why `path`, a file of a folder inside content/, must not be read at all, if it must
    not. Only a link can lead outside: other files are not resolved (a stat is cheaper)."""
    if path.is_symlink() and not place.inside(path):
        return _outside(display)
    if not path.is_file():  # a dangling link, a pipe, a device: never read those
        return Diagnostic(display, 1, 1, _ERR, "not a regular file", "replace it by a YAML file")
    if path.stem in RESERVED_IDS:
        return Diagnostic(
            display,
            1,
            1,
            _ERR,
            f"'{path.stem}' is reserved: the list of all {folder} has that page",
            f"rename the file, e.g. '{path.stem}-1{path.suffix}'",
        )
    if path.stem in RESERVED_IN_FOLDER.get(folder, ()):
        return Diagnostic(
            display,
            1,
            1,
            _ERR,
            f"'{path.stem}' is reserved: the {folder} index has pages at {folder}/{path.stem}/N/",
            f"rename the file, e.g. '{path.stem}-1{path.suffix}'",
        )
    return None


def _id_problem(path: Path, display: str, seen: dict[str, str]) -> Diagnostic | None:
    """A file whose id is taken or is not a slug; records the id in `seen` otherwise."""
    ident = path.stem
    if ident in seen:
        return Diagnostic(
            display,
            1,
            1,
            _ERR,
            f"duplicate id '{ident}': {seen[ident]} has the same id",
            "keep one file per id (x.yml and x.yaml are the same id)",
        )
    seen[ident] = display
    if is_slug(ident):
        return None
    suggestion = "-".join(
        "".join(c if c.isascii() and c.isalnum() else " " for c in ident.lower()).split()
    )
    return Diagnostic(
        display,
        1,
        1,
        _ERR,
        f"file name '{path.name}' is not a valid id: use lowercase "
        "ASCII letters, digits and single hyphens",
        f"rename it to '{suggestion or 'my-id'}{path.suffix}'",
    )


class LoadCache:
    """What each file gave last time, reused while the file is unchanged.

    `mkdocs serve` keeps one across rebuilds, so saving one brief re-reads one file,
    not thousands: a file counts as changed when its size or modification time does.
    One kept on disk between builds (`core_state.py`) goes `by_content`: a file counts
    as changed when its bytes do, as a fresh checkout gives every file a new time.
    """

    def __init__(self, by_content: bool = False) -> None:
        self.by_content = by_content
        self._files: dict[Path, tuple[object, FileResult]] = {}
        self._seen: set[Path] = set()  # the files this load asked about

    def forget_unseen(self) -> None:
        """Drop the files this load did not ask about (removed or renamed since): a cache
        kept across builds must not grow with every file the content ever had."""
        self._files = {path: kept for path, kept in self._files.items() if path in self._seen}
        self._seen = set()

    def key(self, path: Path, display: str, folder: str) -> tuple[object, bytes | None] | None:
        """What must be the same for a file's last result to stand, and the bytes read to
        find out (to be parsed, not read again); None if the file cannot be read."""
        try:
            if self.by_content:
                with path.open("rb") as stream:
                    raw = stream.read(MAX_FILE_BYTES + 1)
                return (hashlib.sha256(raw).hexdigest(), display, folder), raw
            stat = path.stat()
        except OSError:
            return None  # read (and reported) by the check itself
        return (stat.st_mtime_ns, stat.st_size, display, folder), None

    def get(self, path: Path, key: object) -> FileResult | None:
        self._seen.add(path)
        hit = self._files.get(path)
        return hit[1] if hit is not None and hit[0] == key else None

    def put(self, path: Path, key: object, result: FileResult) -> None:
        self._seen.add(path)
        self._files[path] = (key, result)


def _read_file(
    path: Path, display: str, folder: str, cache: LoadCache | None, raw: bytes | None = None
) -> FileResult:
    """Parse and check one file on its own (`raw`: its bytes, if already read)."""
    keyed = cache.key(path, display, folder) if cache is not None else None
    if cache is not None and keyed is not None:
        key, raw = keyed
        if (hit := cache.get(path, key)) is not None:
            return hit
    try:
        result = _check_file(path, display, folder, raw)
    except Exception as exc:  # a bug must cost one file a diagnostic, never a traceback
        problem = Diagnostic(
            display,
            1,
            1,
            _ERR,
            f"internal error while checking this file ({type(exc).__name__})",
            "please report it with the file attached",
        )
        result = FileResult([problem], None, None)
    if cache is not None and keyed is not None:
        cache.put(path, keyed[0], result)
    return result


def brief_from_text(text: str, ident: str) -> Brief | None:
    """One brief from its YAML text alone (a revision from git): None unless it validates
    on its own. References to other files are not checked: they may have changed since."""
    doc = parse_text(text, ident)
    if doc is None:
        return None
    problems: list[Diagnostic] = []
    item = validate_fields(doc, Brief, ident, problems)
    if not isinstance(item, Brief) or any(p.is_error for p in problems):
        return None
    return item


def _check_file(path: Path, display: str, folder: str, raw: bytes | None) -> FileResult:
    doc, problems = read_document(path, display, raw)
    if doc is None:
        return FileResult(problems, None, None)
    item = validate_fields(doc, FOLDERS[folder], path.stem, problems)
    problems.extend(bad_links(doc, folder))
    if any(p.is_error for p in problems):
        item = None
    return FileResult(problems, item, file_references(doc, folder))


def _unpublished_files(place: _Place) -> Iterator[Diagnostic]:
    """Every file in content/ that is not a brief, actor, source, event or editor schema."""
    for dirpath, dirnames, filenames in os.walk(place.content):
        here = Path(dirpath)
        at_top = here == place.content
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and not (at_top and d == SCHEMA_FOLDER)
        )
        # os.walk lists a linked folder but does not enter it; the loader handles
        # briefs/ and actors/ themselves.
        linked = [d for d in dirnames if (here / d).is_symlink()]
        names = [*(d for d in linked if not (at_top and d in FOLDERS)), *sorted(filenames)]
        in_folder = here.parent == place.content and here.name in FOLDERS
        files = set(filenames)  # os.walk puts folders, and links to folders, in dirnames
        for name in names:
            path = here / name
            if name.startswith(".") or (in_folder and name in files and _is_content_name(name)):
                continue
            yield _unpublished(place, path)


def _unpublished(place: _Place, path: Path) -> Diagnostic:
    display = place.display(path)
    if not place.inside(path):
        return _outside(display)
    return Diagnostic(
        display,
        1,
        1,
        Severity.WARNING,
        "not published: only briefs/, actors/, sources/ and events/ *.yml in content/ are",
        "move the file out of content/, or delete it",
    )
