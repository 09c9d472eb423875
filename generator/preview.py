"""What the live preview shows when the content is broken: escaped HTML, never Markdown.

Problems carry user text (unknown key names, values, file names). Rendered through
Markdown, a backtick or a fence in that text would end the code span and let the rest run
as markup on every page; as escaped HTML text it is only ever text.
"""

from __future__ import annotations

from html import escape

from .diagnostics import Diagnostic, format_diagnostic, summary_line

ERROR_PAGE_TITLE = "Briefing: content errors"
# The page served before any good build: only a heading, the problems are added as HTML.
ERROR_PAGE_MARKDOWN = f"# {ERROR_PAGE_TITLE}\n"


def describe(diags: list[Diagnostic]) -> list[str]:
    """Each problem as its printed text: `path:line:col: error: message`, then its hint."""
    return [format_diagnostic(d) for d in diags]


def _problem_items(problems: list[str]) -> str:
    items = []
    for problem in problems:
        first, *rest = problem.splitlines() or [""]
        lines = [f"<code>{escape(first)}</code>"]
        lines += [f"<br>{escape(line.strip())}" for line in rest]
        items.append(f"<li>{''.join(lines)}</li>")
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def error_banner_html(problems: list[str]) -> str:
    """A Material 'failure' admonition listing every problem, hint lines included."""
    return (
        '<div class="admonition failure">\n'
        '<p class="admonition-title">Content errors: showing the last good version</p>\n'
        "<p>Fix these and save; the preview recovers by itself.</p>\n"
        f"{_problem_items(problems)}\n</div>\n"
    )


def error_report_html(problems: list[str], diags: list[Diagnostic]) -> str:
    """The body of the error page: the full report as preformatted, escaped text."""
    report = "\n".join([*problems, summary_line(diags)] if diags else problems)
    return f'<pre class="briefing-errors"><code>{escape(report)}</code></pre>\n'
