"""What a build leaves out, said aloud: the summary's count of withheld briefs and the
notes for what still points at them.

Which briefs a build shows is decided once, by `Content.shown` (drafts, and briefs marked
above the `tlp_max` TLP label); every output is made from its result, so a withheld brief
is absent from pages, listings, search, feeds, the API, the sitemap and the history
alike. This module only reports that decision.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from .model import Content


def withheld_summary(content: Content) -> str:
    """'2 briefs withheld: 1 draft, 1 marked above TLP:CLEAR'; empty when none are."""
    if not content.withheld:
        return ""
    reasons = Counter(content.withheld.values())
    why = ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
    count = len(content.withheld)
    return f"{count} brief{'s' if count != 1 else ''} withheld: {why}"


def withheld_links(content: Content) -> Iterator[str]:
    """A note for each `related` entry of a shown brief that names a withheld one: the
    page shows it as plain text, never as a link to a page that is not there."""
    for brief_id in sorted(content.briefs):
        for related in content.briefs[brief_id].related:
            if related in content.withheld:
                yield (
                    f"briefing: brief '{brief_id}' relates to '{related}', which this build "
                    f"withholds ({content.withheld[related]}): shown as plain text"
                )
