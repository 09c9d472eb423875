"""References in the Markdown that editors write: `[[actor-id]]`, `[[actor-id|shown
text]]` and `[^source-id]`.

`find_refs` answers with the references the pages will render: it asks `fields.convert`,
the one Markdown reading there is, so a reference in code is literal text for the
validator exactly when it is for the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

REF = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]|\[\^([^\[\]\s]+)\]")


@dataclass(frozen=True)
class Ref:
    """One `[[actor]]` cross-reference or `[^source]` citation in a text."""

    kind: str  # "actor" or "cite"
    target: str
    label: str | None
    raw: str
    offset: int


def find_refs(text: str) -> list[Ref]:
    """Every cross-reference and citation outside code, in order."""
    if REF.search(text) is None:  # most texts: no need to render them to know
        return []
    from .fields import convert  # fields builds on REF and Ref: imported when first used

    return convert(text).live_refs()
