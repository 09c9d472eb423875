"""Each brief's revision history, read from git: one `git log` pass, one blob batch.

`read_history(content_dir)` runs `git log --raw -M` once over `content/briefs/`, follows
renames itself (walking back in time, a renamed file's older path keeps the brief's id,
which is what `git log --follow` does for one file), reads every revision's file in one
`git cat-file --batch` call and loads it with the project's own reader and model. A
revision that does not load is kept, marked "could not be read at this revision".

Nothing here ever fails a build: no git, content outside a repository, a timeout or an
odd repository state give a `SiteHistory` that says why it has no (or less) history.
Commit text is untrusted plain text; renderers escape it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from .changes import ADDED, Revision, diff_briefs, unreadable
from .diagnostics import Diagnostic, Severity
from .model import Brief, Content
from .registry import as_written
from .revisions import LoadedRevision, load_revision, split_fields
from .source import Span, read_document
from .validate import YAML_SUFFIXES, brief_from_text

GIT_TIMEOUT = 300  # seconds, per git call; a huge repository on a slow disk, not a hang
SHALLOW_NOTICE = (
    "briefing: the git clone is shallow, so brief histories start at its oldest commit; "
    "clone with the full history (GitHub Actions: actions/checkout with `fetch-depth: 0`)"
)
_RECORD, _FIELD = b"\x1e", "\x1f"
_LOG_FORMAT = "%x1e%H%x1f%cI%x1f%s"
_GIT_ENV = {"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}


@dataclass(frozen=True)
class FileRevision:
    """One commit's version of a brief's file; `blob` None when the commit deleted it."""

    commit: str
    moment: datetime
    subject: str
    blob: str | None


@dataclass
class SiteHistory:
    """Every brief's revisions, newest first, or why there are none."""

    available: bool
    note: str = ""  # why history is missing, for the build's summary line
    shallow: bool = False
    briefs: dict[str, tuple[Revision, ...]] = field(default_factory=dict)

    def of(self, brief_id: str) -> tuple[Revision, ...]:
        return self.briefs.get(brief_id, ())

    def meaning_updated(self, brief_id: str) -> date | None:
        """The day of the last commit that changed the brief's meaning.

        The commit that added the brief does not count: adding is not updating, and a
        brief written earlier and committed later (an import) was not changed by it.
        """
        for revision in self.last_changes(brief_id):
            return revision.day
        return None

    def last_changes(self, brief_id: str) -> Iterator[Revision]:
        """Committed revisions that changed the meaning of an existing brief, newest first."""
        for revision in self.of(brief_id):
            added = any(c.kind == ADDED for c in revision.changes)
            if revision.committed and revision.meaningful and not added:
                yield revision


class RevisionCache:
    """Loaded revisions by blob id, kept across `mkdocs serve` rebuilds: a blob's text
    never changes, so a rebuild loads only the revisions it has not seen."""

    def __init__(self) -> None:
        self.briefs: dict[tuple[str, str], LoadedRevision | None] = {}


@dataclass(frozen=True)
class _Repository:
    root: Path
    folder: str  # the briefs folder, relative to the root, with a trailing slash
    shallow: bool


def read_history(
    content_dir: Path,
    *,
    working_copy: bool = False,
    cache: RevisionCache | None = None,
    current: Mapping[str, Brief] | None = None,
    git: str = "git",
) -> SiteHistory:
    """The history of every brief under `content_dir/briefs`.

    `working_copy` adds uncommitted edits as the newest revision ("not yet committed"),
    as the live preview shows them. `current` are the briefs as just loaded from disk: a
    revision whose file is the one on disk is not read again, and older ones are read
    from it field by field (see `revisions.py`).
    """
    if shutil.which(git) is None:
        return SiteHistory(False, "git is not installed")
    repo = _repository(content_dir, git)
    if repo is None:
        return SiteHistory(False, "content is not in a git repository")
    log = _run_git(repo.root, git, "log", "-z", f"--format={_LOG_FORMAT}", "--raw", "-M",
                   "--no-abbrev", "--no-color", "--", repo.folder)  # fmt: skip
    if log is None:  # a repository without commits yet, or git failing
        return SiteHistory(True, "", repo.shallow)
    files = parse_log(log, repo.folder)
    cache = cache or RevisionCache()
    _seed(content_dir, files, current or {}, cache)
    wanted = {
        r.blob
        for brief_id, revisions in files.items()
        for r in revisions
        if r.blob and (r.blob, brief_id) not in cache.briefs
    }
    texts = read_blobs(repo.root, git, sorted(wanted))
    briefs: dict[str, tuple[Revision, ...]] = {}
    latest: dict[str, Brief | None] = {}
    for brief_id, revisions in files.items():
        briefs[brief_id], latest[brief_id] = _revisions(brief_id, revisions, texts, cache)
    if working_copy:
        for brief_id, path in _uncommitted(repo, git):
            uncommitted = _working_revision(path, brief_id, latest.get(brief_id))
            briefs[brief_id] = (uncommitted, *briefs.get(brief_id, ()))
    return SiteHistory(True, "", repo.shallow, briefs)


def _seed(
    content_dir: Path,
    files: dict[str, list[FileRevision]],
    current: Mapping[str, Brief],
    cache: RevisionCache,
) -> None:
    """Put each brief's newest committed revision in the cache when it is the file on disk
    (the usual case): the brief is already loaded, and git's blob id tells them apart."""
    for brief_id, revisions in files.items():
        blob, brief = revisions[0].blob, current.get(brief_id)
        if blob is None or brief is None or (blob, brief_id) in cache.briefs:
            continue
        for suffix in YAML_SUFFIXES:
            try:
                data = (content_dir / "briefs" / (brief_id + suffix)).read_bytes()
            except OSError:
                continue
            if hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest() == blob:
                fields = split_fields(data.decode("utf-8-sig", "replace")) or {}
                cache.briefs[(blob, brief_id)] = LoadedRevision(as_written(brief), fields)
            break


def _run_git(root: Path, git: str, *args: str, stdin: bytes | None = None) -> bytes | None:
    """A git command's output, or None if it failed in any way."""
    try:
        done = subprocess.run(
            [git, "--no-pager", "-c", "core.quotepath=off", *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            env={**os.environ, **_GIT_ENV},
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _repository(content_dir: Path, git: str) -> _Repository | None:
    if not content_dir.is_dir():
        return None
    out = _run_git(content_dir, git, "rev-parse", "--show-toplevel", "--is-shallow-repository")
    if out is None:
        return None
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) != 2:
        return None
    root = Path(lines[0])
    try:
        folder = (content_dir.resolve() / "briefs").relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
    return _Repository(root, folder + "/", lines[1] == "true")


def parse_log(log: bytes, folder: str) -> dict[str, list[FileRevision]]:
    """`git log -z --raw -M` output to each brief's file revisions, newest first.

    Walking back in time, a rename `old -> new` makes `old` an earlier name of the brief
    now at `new`, so the brief keeps its history (and a file deleted and re-added under
    the same name keeps it too). Malformed records are skipped.
    """
    histories: dict[str, list[FileRevision]] = {}
    earlier_name: dict[str, str] = {}  # path -> the brief id it became later
    for record in log.split(_RECORD)[1:]:
        tokens = record.split(b"\0")
        header = tokens[0].decode("utf-8", "replace").split(_FIELD, 2)
        moment = _moment(header[1]) if len(header) == 3 else None
        if moment is None:
            continue
        commit, subject = header[0], _printable(header[2])
        for status, paths, blob in _raw_entries(tokens[1:]):
            ids = [earlier_name.get(p) or _brief_id(p, folder) for p in paths]
            brief_id = ids[-1]
            if status in "RC" and ids[0] is None:  # copied or moved in from elsewhere
                status = "A"
            if status == "R" and brief_id is None:  # moved out of the briefs folder
                brief_id, status = ids[0], "D"
            if brief_id is None:
                continue
            kept = None if status == "D" else blob
            revision = FileRevision(commit, moment, subject, kept)
            histories.setdefault(brief_id, []).append(revision)
            if status == "R":
                earlier_name[paths[0]] = brief_id
    return histories


def _printable(text: str) -> str:
    # Control characters are not allowed in XML (the changes feed) and mean nothing here.
    if not text.isprintable():
        text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.split())


def _raw_entries(tokens: list[bytes]) -> Iterator[tuple[str, list[str], str]]:
    """(status letter, paths, new blob id) of each `--raw -z` entry."""
    position = 0
    while position < len(tokens):
        meta = tokens[position].lstrip(b"\n").decode("ascii", "replace")
        position += 1
        fields = meta.split()
        if not meta.startswith(":") or len(fields) < 5 or not fields[4]:
            continue
        status = fields[4][0]
        count = 2 if status in "RC" else 1
        paths = [t.decode("utf-8", "surrogateescape") for t in tokens[position : position + count]]
        position += count
        if len(paths) == count:
            yield status, paths, fields[3]


def _brief_id(path: str, folder: str) -> str | None:
    name = path.removeprefix(folder)
    if name == path or "/" in name or name.startswith("."):
        return None
    stem, dot, suffix = name.rpartition(".")
    return stem if dot and "." + suffix in YAML_SUFFIXES and stem else None


def _moment(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def read_blobs(root: Path, git: str, blobs: Iterable[str]) -> dict[str, bytes]:
    """The content of many blobs from one `git cat-file --batch`; missing ones left out."""
    wanted = list(blobs)
    if not wanted:
        return {}
    out = _run_git(root, git, "cat-file", "--batch", stdin="\n".join(wanted).encode() + b"\n")
    texts: dict[str, bytes] = {}
    position = 0
    while out is not None and position < len(out):
        end = out.find(b"\n", position)
        if end < 0:
            break
        header = out[position:end].split()
        position = end + 1
        if len(header) != 3 or not header[2].isdigit():
            continue  # "<id> missing": a shallow clone or a damaged repository
        size = int(header[2])
        texts[header[0].decode("ascii", "replace")] = out[position : position + size]
        position += size + 1
    return texts


def _load(
    blob: str,
    brief_id: str,
    texts: dict[str, bytes],
    cache: RevisionCache,
    before: LoadedRevision | None,
) -> LoadedRevision | None:
    key = (blob, brief_id)
    if key not in cache.briefs:
        raw = texts.get(blob)
        loaded = None
        if raw is not None:
            try:
                loaded = load_revision(raw.decode("utf-8-sig"), brief_id, before)
            except UnicodeDecodeError:
                loaded = None
        cache.briefs[key] = loaded
    return cache.briefs[key]


def _revisions(
    brief_id: str, files: list[FileRevision], texts: dict[str, bytes], cache: RevisionCache
) -> tuple[tuple[Revision, ...], Brief | None]:
    """Load each version newest first (each from the one after it: the newest is usually
    the file already loaded), then diff each with the last earlier one that loaded."""
    loaded: list[LoadedRevision | None] = []
    after: LoadedRevision | None = None
    for file in files:
        version = _load(file.blob, brief_id, texts, cache, after) if file.blob else None
        loaded.append(version)
        after = version or after
    state: Brief | None = None
    out = []
    for file, version in zip(reversed(files), reversed(loaded), strict=True):
        before = state
        if file.blob is None:
            changes, state = diff_briefs(state, None), None
        elif version is None:
            changes = unreadable()
        else:
            changes, state = diff_briefs(state, version.brief), version.brief
        marked = _labels(before, state)
        out.append(Revision(file.commit, file.moment, file.subject, changes, marked))
    out.reverse()
    return tuple(out), state


def _uncommitted(repo: _Repository, git: str) -> Iterator[tuple[str, Path]]:
    """Brief files with uncommitted edits (modified, added or untracked)."""
    out = _run_git(repo.root, git, "status", "--porcelain=v1", "-z", "--untracked-files=all",
                   "--", repo.folder)  # fmt: skip
    tokens = (out or b"").split(b"\0")
    skip_next = False
    for token in tokens:
        if skip_next or len(token) < 4:
            skip_next = False
            continue
        status, path = token[:2].decode("ascii", "replace"), token[3:].decode("utf-8", "replace")
        skip_next = "R" in status or "C" in status  # the next token is the old path
        brief_id = _brief_id(path, repo.folder)
        if brief_id is not None and "D" not in status and (repo.root / path).is_file():
            yield brief_id, repo.root / path


def _working_revision(path: Path, brief_id: str, last: Brief | None) -> Revision:
    # Dated by the file's modification time, not "now": a preview rebuild that changes
    # nothing else then changes no page either.
    try:
        moment = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        brief = brief_from_text(path.read_text(encoding="utf-8-sig"), brief_id)
    except (OSError, UnicodeDecodeError, ValueError, OverflowError):
        moment, brief = datetime.now(UTC), None
    changes = unreadable() if brief is None else diff_briefs(last, brief)
    return Revision("", moment, "not yet committed", changes, _labels(last, brief))


def _labels(*versions: Brief | None) -> tuple[str, ...]:
    """The TLP labels the versions carry (unmarked ones none)."""
    return tuple(v.tlp for v in versions if v is not None and v.tlp is not None)


def stale_updated(content_dir: Path, content: Content, base: Path) -> list[Diagnostic]:
    """Warnings for briefs whose `updated` day is older than their last change of meaning.

    Without history (no git, not a repository) there is nothing to compare: no warning.
    """
    if not any(brief.updated for brief in content.briefs.values()):
        return []  # nothing to compare: spare the git log
    history = read_history(content_dir, current=content.briefs)
    warnings = []
    for brief_id, brief in sorted(content.briefs.items()):
        changed = history.meaning_updated(brief_id)
        if brief.updated is None or changed is None or changed <= brief.updated:
            continue
        revision = next(history.last_changes(brief_id))
        path = next(
            (p for s in YAML_SUFFIXES if (p := content_dir / "briefs" / (brief_id + s)).is_file()),
            content_dir / "briefs" / (brief_id + YAML_SUFFIXES[0]),
        )
        display = _display(path, base)
        doc, _ = read_document(path, display)
        span = doc.span(("updated",)) if doc is not None else Span(1, 1, 0, 0)
        warnings.append(
            Diagnostic(
                display,
                span.line,
                span.col,
                Severity.WARNING,
                f"'updated' is {brief.updated.isoformat()}, but the brief's meaning changed "
                f"on {changed.isoformat()} (commit {revision.short}: {revision.subject})",
                f"set 'updated: \"{changed.isoformat()}\"', or remove it to use the git date",
            )
        )
    return warnings


def _display(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
