"""Diagnostics: the one error type, and how every problem is printed.

Each problem in the content is a `Diagnostic` naming `path:line:col`. The CLI and the
MkDocs plugin print them through the same `format_diagnostic`, so an editor sees the
same message whichever tool found it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in one file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class BriefingError(Exception):
    """Content failed validation; carries every diagnostic that was found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        errors = sum(d.is_error for d in self.diagnostics)
        super().__init__(f"{errors} error(s) in content")

    def __str__(self) -> str:
        return format_report(self.diagnostics)


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` safe to print on one line of a strict UTF-8 stream.

    File names come from the file system: bytes that are not UTF-8 arrive as lone
    surrogates (which a strict stream refuses) and a name may hold a newline (which
    would split a diagnostic in two). Both are shown escaped, as `\\xNN` and `\\n`.
    """
    if text.isprintable() and text.isascii():
        return text
    return "".join(_printable_char(c, keep_newlines) for c in text)


def _printable_char(char: str, keep_newlines: bool) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if char.isprintable() and not 0xD800 <= code <= 0xDFFF:
        return char
    if char in "\r\n" and keep_newlines:
        return char
    return repr(char)[1:-1] if code < 0x10000 else f"\\U{code:08x}"


def format_diagnostic(diag: Diagnostic) -> str:
    """`path:line:col: error: message (hint)` — the format editors and CI understand."""
    text = (
        f"{printable(diag.path)}:{diag.line}:{diag.col}: {diag.severity}: {printable(diag.message)}"
    )
    if diag.hint:
        text += f"\n    hint: {printable(diag.hint)}"
    return text


def format_github(diag: Diagnostic) -> str:
    """A GitHub Actions workflow command, shown as an annotation on the line."""

    def esc(value: str) -> str:
        value = printable(value, keep_newlines=True)
        return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def esc_property(value: str) -> str:
        return esc(value).replace(":", "%3A").replace(",", "%2C")

    message = diag.message + (f" (hint: {diag.hint})" if diag.hint else "")
    where = f"file={esc_property(printable(diag.path))},line={diag.line},col={diag.col}"
    return f"::{diag.severity} {where}::{esc(message)}"


def summary_line(diagnostics: Iterable[Diagnostic]) -> str:
    diags = list(diagnostics)
    errors = sum(d.is_error for d in diags)
    warnings = len(diags) - errors
    return f"{errors} error(s), {warnings} warning(s)"


def format_report(diagnostics: Iterable[Diagnostic]) -> str:
    diags = sorted(diagnostics)
    lines = [format_diagnostic(d) for d in diags]
    lines.append(summary_line(diags))
    return "\n".join(lines)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest known choice, or '' when nothing is close."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else ""
