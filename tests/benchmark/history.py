"""What revision history adds to a build: N briefs × R commits each, in a real git repository.

Writes the synthetic corpus (`corpus.py`) and a git history for it in one
`git fast-import` stream (seconds, even for 10,000 commits): commit r of a brief moves its
first judgment's likelihood and edits its summary; the last one is the file as written.
Then times, in-process:

* `read_history` (one `git log`, one `git cat-file --batch`, every revision loaded and
  diffed), cold, and again with a warm `RevisionCache` (what a `mkdocs serve` rebuild pays);
* the core's own load and generation (`load_content` + `build_site`), with and without
  the history passed in.

Command line (from the project root)::

    python -m tests.benchmark.history --briefs 1000 --commits 10 --out /tmp/bench-history
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from generator.feeds import PLACEHOLDER
from generator.history import RevisionCache, read_history
from generator.model import LIKELIHOODS
from generator.site import Options, build_site
from generator.validate import load_content

from .corpus import write_project

_T = TypeVar("_T")
_LIKELIHOOD = re.compile(r"^(\s*likelihood: )(.+)$", re.MULTILINE)
_START = 1_735_689_600  # 2025-01-01T00:00:00Z


def revision_text(final: str, revision: int, commits: int) -> str:
    """The brief's file at `revision` (1-based); the last revision is `final` itself."""
    if revision == commits:
        return final
    terms = list(LIKELIHOODS)
    shift = commits - revision
    text = _LIKELIHOOD.sub(
        lambda m: m.group(1) + terms[(terms.index(m.group(2).strip()) + shift) % len(terms)],
        final,
        count=1,
    )
    return text.replace("\nsummary: ", f"\nsummary: (draft {revision}) ", 1)


def fast_import_stream(project: Path, commits: int) -> Iterator[bytes]:
    """One commit adding the actors, then `commits` rounds of one commit per brief."""
    content = project / "content"
    mark = 0

    def blob(data: bytes) -> tuple[int, bytes]:
        nonlocal mark
        mark += 1
        return mark, b"blob\nmark :%d\ndata %d\n%s\n" % (mark, len(data), data)

    def commit(when: int, message: str, files: list[tuple[int, str]]) -> bytes:
        text = message.encode()
        head = b"commit refs/heads/main\ncommitter Desk <desk@example.org> %d +0000\n" % when
        lines = [head + b"data %d\n%s\n" % (len(text), text)]
        lines += [b"M 100644 :%d %s\n" % (m, p.encode()) for m, p in files]
        return b"".join(lines) + b"\n"

    actors = []
    for path in sorted((content / "actors").glob("*.yml")):
        m, data = blob(path.read_bytes())
        yield data
        actors.append((m, path.relative_to(project).as_posix()))
    yield commit(_START, "Add actors", actors)
    briefs = sorted((content / "briefs").glob("*.yml"))
    finals = {p: p.read_text(encoding="utf-8") for p in briefs}
    when = _START
    for revision in range(1, commits + 1):
        for path in briefs:
            m, data = blob(revision_text(finals[path], revision, commits).encode())
            yield data
            when += 60
            name = path.relative_to(project).as_posix()
            yield commit(when, f"{path.stem}: revision {revision}", [(m, name)])


def make_repository(project: Path, briefs: int, commits: int) -> None:
    write_project(project, briefs)
    subprocess.run(["git", "init", "-q", "-b", "main", str(project)], check=True)
    importer = subprocess.Popen(
        ["git", "fast-import", "--quiet"], cwd=project, stdin=subprocess.PIPE
    )
    assert importer.stdin is not None
    for chunk in fast_import_stream(project, commits):
        importer.stdin.write(chunk)
    importer.stdin.close()
    if importer.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "reset", "-q"], cwd=project, check=True)  # index = HEAD


def timed(run: Callable[[], _T]) -> tuple[float, _T]:
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=10)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if not (args.out / ".git").is_dir():
        seconds, _ = timed(lambda: make_repository(args.out, args.briefs, args.commits))
        print(f"repository: {args.briefs} briefs x {args.commits} commits in {seconds:.1f} s")
    content_dir = args.out / "content"
    load_s, (content, _) = timed(lambda: load_content(content_dir, args.out))
    content = content.published()
    cache = RevisionCache()
    cold_s, history = timed(lambda: read_history(content_dir, cache=cache, current=content.briefs))
    warm_s, _ = timed(lambda: read_history(content_dir, cache=cache, current=content.briefs))
    # As the plugin runs it: MkDocs renders the pages, feeds get placeholders.
    plain_s, _ = timed(lambda: build_site(content, Options(), PLACEHOLDER.format))
    with_s, _ = timed(lambda: build_site(content, Options(), PLACEHOLDER.format, history=history))
    revisions = sum(len(r) for r in history.briefs.values())
    core = load_s + plain_s
    added = cold_s + with_s - plain_s
    print(f"revisions read: {revisions}")
    print(f"read_history: {cold_s:.2f} s cold, {warm_s:.2f} s with a warm cache")
    print(f"core: load {load_s:.2f} s + generate {plain_s:.2f} s = {core:.2f} s")
    print(f"generate with history: {with_s:.2f} s (+{with_s - plain_s:.2f} s)")
    print(f"history adds {added:.2f} s = {added / core:.0%} of the core's load + generate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
