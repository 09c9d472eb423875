"""The `briefing` command: check content, print the JSON Schemas, generate Markdown.

`main(argv) -> int` is the whole CLI; it never lets a traceback reach the user for
bad content, and returns 0 (clean), 1 (content errors) or 2 (usage).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .diagnostics import BriefingError, Diagnostic, format_diagnostic, format_github, summary_line
from .model import Actor, Brief, Content, json_schema
from .progress import Progress, summary

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

    schema = sub.add_parser("schema", help="print the JSON Schema of briefs and actors")
    schema.add_argument(
        "kind",
        nargs="?",
        choices=("brief", "actor"),
        help="print only this schema (default: both, keyed by kind)",
    )
    schema.add_argument(
        "--out", type=Path, help="write brief.schema.json and actor.schema.json into this folder"
    )

    generate = sub.add_parser("generate", help="write the site's Markdown pages and nav")
    generate.add_argument("--content", type=Path, default=Path("content"))
    generate.add_argument("--out", type=Path, required=True, help="output folder")
    generate.add_argument("--drafts", action="store_true", help="include draft briefs")
    return parser


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
        return _generate(args.content, args.out, args.drafts)
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


def _history_warnings(content: Path, loaded: Content) -> list[Diagnostic]:
    """`updated` older than the last change of meaning git records (none without git)."""
    from .history import stale_updated

    return stale_updated(content, loaded, Path.cwd())


def schemas() -> dict[str, dict[str, object]]:
    return {"brief": json_schema(Brief), "actor": json_schema(Actor)}


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


def _generate(content: Path, out: Path, drafts: bool) -> int:
    from .site import write_site
    from .validate import load_content

    progress = Progress()
    loaded, warnings = load_content(content, progress=progress)
    progress.finish()
    _report(warnings, "text")
    shown = loaded if drafts else loaded.published()
    pages = write_site(shown, out, progress=progress)
    progress.finish()
    events = sum(len(b.events) for b in shown.briefs.values())
    counts = (len(shown.briefs), len(shown.actors), events, pages, len(warnings))
    print(summary(*counts, progress.elapsed()) + f", written to {out}", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
