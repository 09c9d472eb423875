"""The `briefing` command: check content, start new files, print the JSON Schemas,
generate Markdown.

`main(argv) -> int` is the whole CLI; it never lets a traceback reach the user for
bad content, and returns 0 (clean), 1 (content errors) or 2 (usage).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diagnostics import (
    BriefingError,
    Diagnostic,
    format_diagnostic,
    format_github,
    printable,
    summary_line,
)
from .model import (
    ACTOR_KINDS,
    TLP_LEVELS,
    Actor,
    Brief,
    Content,
    FileModel,
    RegistrySource,
    SharedEvent,
    Tlp,
    json_schema,
)
from .progress import Progress, summary
from .settings import Settings, SettingsError, read_settings

if TYPE_CHECKING:
    from .history import SiteHistory

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing", description="Briefing: validate and generate briefing sites."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate content/ and report every problem")
    check.add_argument(
        "--content", type=Path, default=Path("content"), help="content directory (default: content)"
    )
    check.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github: workflow commands that annotate the changed lines",
    )
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")

    schema = sub.add_parser("schema", help="print the JSON Schemas of the content files")
    schema.add_argument(
        "kind",
        nargs="?",
        choices=tuple(SCHEMA_MODELS),
        help="print only this schema (default: all, keyed by kind)",
    )
    schema.add_argument(
        "--out", type=Path, help="write <kind>.schema.json for every kind into this folder"
    )

    _add_new_parser(sub)
    _add_generate(sub.add_parser("generate", help="write the site's Markdown pages and nav"))
    return parser


def _add_generate(generate: argparse.ArgumentParser) -> None:
    generate.add_argument(
        "--config",
        type=Path,
        help="the site's mkdocs.yml, for site_name, site_url and the briefing plugin's options "
        "(default: mkdocs.yml beside the content folder, else in the current folder)",
    )
    generate.add_argument(
        "--content", type=Path, help="content directory (default: as mkdocs.yml sets it)"
    )
    generate.add_argument("--out", type=Path, required=True, help="output folder")
    generate.add_argument("--drafts", action="store_true", help="include draft briefs")
    generate.add_argument(
        "--tlp-max",
        choices=TLP_LEVELS,
        help="leave out briefs marked above this TLP label (default: as mkdocs.yml sets "
        "it, else clear)",
    )


def _add_new_parser(sub: Any) -> None:
    new = sub.add_parser(
        "new",
        help="start a brief, actor, registry source or shared event file",
        description="Write content/<briefs|actors|sources|events>/<id>.yml, the id made "
        "from the title or name, with every required field filled in. Never overwrites.",
    )
    new.add_argument("what", choices=NEW_FOLDERS, help="the kind of file")
    new.add_argument("title", help="the title, or the actor's name")
    new.add_argument("--kind", choices=ACTOR_KINDS, help="the actor's kind (actors only)")
    new.add_argument("--url", help="the source's address (sources only)")
    new.add_argument("--date", help="the event's date, YYYY, YYYY-MM or YYYY-MM-DD (events only)")
    new.add_argument(
        "--content", type=Path, default=Path("content"), help="content directory (default: content)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse reports usage errors by exiting
        return int(exc.code or 0) and EXIT_USAGE
    try:
        if args.command == "check":
            return _check(args.content, args.format, args.strict)
        if args.command == "schema":
            return _schema(args.kind, args.out)
        if args.command == "new":
            return _new(args)
        return _generate(args.config, args.content, args.out, args.drafts, args.tlp_max)
    except BriefingError as exc:
        _report(exc.diagnostics, "text")
        return EXIT_ERRORS
    except OSError as exc:
        print(f"briefing: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _report(diags: Sequence[Diagnostic], fmt: str) -> None:
    for diag in diags:
        if fmt == "github":
            print(format_github(diag))
        else:
            print(format_diagnostic(diag), file=sys.stderr)
    print(summary_line(diags), file=sys.stderr)


def _check(content: Path, fmt: str, strict: bool) -> int:
    from .validate import load_content

    try:
        loaded, warnings = load_content(content)
    except BriefingError as exc:
        _report(exc.diagnostics, fmt)
        return EXIT_ERRORS
    warnings = sorted([*warnings, *_history_warnings(content, loaded)])
    _report(warnings, fmt)
    print(f"ok: {len(loaded.briefs)} brief(s), {len(loaded.actors)} actor(s)", file=sys.stderr)
    return EXIT_ERRORS if strict and warnings else EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from .newfile import NewFileError, create, make_id, new_file_text

    what: str = args.what
    options = {"actor": ("--kind", args.kind), "source": ("--url", args.url)}
    options["event"] = ("--date", args.date)
    for kind, (flag, value) in options.items():
        if what == kind and value is None:
            print(f"briefing new: error: a new {kind} needs {flag}", file=sys.stderr)
            return EXIT_USAGE
        if what != kind and value is not None:
            print(f"briefing new: error: {flag} is for {kind}s only", file=sys.stderr)
            return EXIT_USAGE
    try:
        ident = make_id(args.title, what)
        text = new_file_text(what, args.title, date.today(), args.kind or args.url or args.date)
        path = create(args.content, NEW_FOLDERS[what], ident, text)
    except NewFileError as exc:
        print(f"briefing new: error: {printable(str(exc))}", file=sys.stderr)
        return EXIT_ERRORS
    print(printable(path.as_posix()))
    return EXIT_OK


def _history_warnings(content: Path, loaded: Content) -> list[Diagnostic]:
    """`updated` older than the last change of meaning git records (none without git)."""
    from .history import stale_updated

    return stale_updated(content, loaded, Path.cwd())


# The content file kinds: their JSON Schemas, and where `briefing new` writes each.
SCHEMA_MODELS: dict[str, FileModel] = {
    "brief": Brief,
    "actor": Actor,
    "source": RegistrySource,
    "event": SharedEvent,
}
NEW_FOLDERS = {"brief": "briefs", "actor": "actors", "source": "sources", "event": "events"}


def schemas() -> dict[str, dict[str, object]]:
    return {name: json_schema(model) for name, model in SCHEMA_MODELS.items()}


def _schema(kind: str | None, out: Path | None) -> int:
    every = schemas()
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for name, schema in every.items():
            (out / f"{name}.schema.json").write_text(
                json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
        return EXIT_OK
    print(json.dumps(every[kind] if kind else every, indent=2, ensure_ascii=False))
    return EXIT_OK


def _generate_settings(config: Path | None, content: Path | None) -> Settings:
    """The settings the MkDocs build of this site uses: from `config`, else from the
    mkdocs.yml beside the content folder or in the current folder, else the defaults.
    An explicit `content` folder wins over the one mkdocs.yml names."""
    if config is None:
        near = [content.parent / "mkdocs.yml"] if content is not None else []
        config = next((p for p in [*near, Path("mkdocs.yml")] if p.is_file()), None)
    settings = read_settings(config) if config is not None else Settings()
    return settings if content is None else replace(settings, content=content)


def _generate(
    config: Path | None, content: Path | None, out: Path, drafts: bool, tlp_max: Tlp | None
) -> int:
    from .edition import withheld_links, withheld_summary
    from .site import Options, write_site
    from .validate import load_content

    try:
        settings = _generate_settings(config, content)
    except SettingsError as exc:
        print(f"briefing: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    progress = Progress()
    loaded, warnings = load_content(settings.content, progress=progress)
    progress.finish()
    _report(warnings, "text")
    # `generate` is a build, not a preview: drafts only when asked for ("auto" hides them).
    shown = loaded.shown(drafts or settings.drafts == "show", tlp_max or settings.tlp_max)
    for note in withheld_links(shown):
        print(note, file=sys.stderr)
    options = Options(
        site_name=settings.site_name,
        site_url=settings.site_url,
        autolink=settings.autolink,
        directory_urls=settings.directory_urls,
        page_size=settings.page_size,
    )
    history = _generate_history(settings, shown)
    pages = write_site(shown, out, options, progress=progress, history=history)
    progress.finish()
    events = sum(len(b.events) for b in shown.briefs.values())
    counts = (len(shown.briefs), len(shown.actors), events, pages, len(warnings))
    withheld = withheld_summary(shown)
    note = f"; no history: {history.note}" if history and history.note else ""
    line = summary(*counts, progress.elapsed()) + note + f", written to {out}"
    print(line + (f"; {withheld}" if withheld else ""), file=sys.stderr)
    return EXIT_OK


def _generate_history(settings: Settings, shown: Content) -> SiteHistory | None:
    """The git history the plugin build would show (None with `history: false`)."""
    from .history import SHALLOW_NOTICE, read_history

    if not settings.history:
        return None
    history = read_history(settings.content, current=shown.briefs)
    if history.shallow:
        print(SHALLOW_NOTICE, file=sys.stderr)
    return history


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
