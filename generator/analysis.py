"""Blocks of the analytic model on pages: the TLP label, the byline, what a judgment rests
on, an affiliation's role and years, a quote's medium and venue, withheld related briefs.

Kept apart from `pages.py` so each block is written once and used wherever it shows
(brief page, actor page, quotes listing). Everything here is escaped or sanitized HTML,
placed in raw HTML blocks or Markdown list items by the callers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Affiliation, Brief, KeyJudgment, Quote, tlp_label
from .prose import escape, escape_attr
from .search import NOT_SEARCHED

if TYPE_CHECKING:  # context.py imports this module for its quote blocks
    from .context import PageContext

# What each TLP 2.0 label allows, for the label's tooltip (FIRST, TLP 2.0, 2022).
TLP_MEANINGS: dict[str, str] = {
    "clear": "Disclosure is not limited",
    "green": "Limited disclosure, recipients can spread this within their community",
    "amber": "Limited disclosure, recipients can only spread this on a need-to-know basis "
    "within their organization and its clients",
    "amber+strict": "Limited disclosure, recipients can only spread this on a need-to-know "
    "basis within their organization",
    "red": "For the eyes and ears of individual recipients only, no further disclosure",
}
QUOTE_KIND_LABELS: dict[str, str] = {
    "direct": "Direct quote",
    "paraphrase": "Paraphrase",
    "partial": "Partial quote",
}
MEDIUM_LABELS: dict[str, str] = {
    "speech": "Speech",
    "interview": "Interview",
    "statement": "Statement",
    "press-conference": "Press conference",
    "social-post": "Social media post",
    "testimony": "Testimony",
    "document": "Document",
    "other": "Other",
}


def tlp_line(brief: Brief) -> str:
    """The brief's TLP label at the top of its page, one run of text in TLP's colours."""
    if brief.tlp is None:
        return ""
    css = "bf-tlp-" + brief.tlp.replace("+", "-")
    title = escape_attr(f"Traffic Light Protocol 2.0: {TLP_MEANINGS[brief.tlp]}")
    return (
        f'<p class="bf-tlp-line" {NOT_SEARCHED}><span class="bf-tlp {css}" '
        f'title="{title}">{tlp_label(brief.tlp)}</span></p>\n\n'
    )


def byline(ctx: PageContext, brief: Brief) -> str:
    """'By A, B and C', each author linking their actor page: shown, not searched, like
    the other lists of actors, so a query for a name finds the author's own page first."""
    if not brief.authors:
        return ""
    names = [ctx.actor_link_html(a) for a in brief.authors]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f'<p class="bf-byline" {NOT_SEARCHED}>By {listed}</p>\n\n'


def judgment_analysis(ctx: PageContext, judgment: KeyJudgment) -> str:
    """A judgment's horizon, basis and indicators under it, as a definition list."""
    if not judgment.has_analysis:
        return ""
    rows = []
    if judgment.horizon:
        rows.append(("Horizon", escape_attr(judgment.horizon)))
    if judgment.basis and judgment.basis.strip():
        rows.append(("Basis", ctx.md(judgment.basis)))
    if judgment.indicators:
        items = "".join(f"<li>{escape_attr(i)}</li>" for i in judgment.indicators)
        rows.append(("Indicators", f"<ul>{items}</ul>"))
    cells = "".join(f"<dt>{term}</dt><dd>{value}</dd>" for term, value in rows)
    return f'<dl class="bf-judgment-analysis">{cells}</dl>'


def tie_text(tie: Affiliation) -> str:
    """An affiliation's role and years, '(ambassador to, 2019–2023)'; empty without them."""
    parts = [p for p in (tie.role, tie.period) if p]
    return f" ({escape(', '.join(parts))})" if parts else ""


def quote_setting(quote: Quote) -> str:
    """Where and how a quote was said: 'Press conference, Moscow'; HTML, empty if unknown."""
    parts = [MEDIUM_LABELS[quote.medium]] if quote.medium else []
    if quote.venue:
        parts.append(quote.venue)
    if not parts:
        return ""
    return f'<span class="bf-quote-setting">{escape_attr(", ".join(parts))}</span>'


def withheld_related(ctx: PageContext, brief: Brief) -> list[str]:
    """Related briefs this build withholds, as plain text: never a link to a missing page.

    Only the id is shown, which the brief itself names: the withheld brief's title is
    part of what is withheld.
    """
    withheld = ctx.index.content.withheld
    return [
        f"<li>{escape_attr(r)} (not published here)</li>" for r in brief.related if r in withheld
    ]
