"""Evidence shared across briefs: the source registry and shared events.

A registry source (`content/sources/<id>.yml`) is cited from any brief by its id, like
one of the brief's own sources; a shared event (`content/events/<id>.yml`) is listed by
its id in the `events` of every brief that follows it. Loading resolves those ids
(`resolve_shared_events`); `build_registry_index` then finds, in one pass over the
briefs, what cites each registry source, for its page, the Sources index and the pages
of its outlet. Grades combine a source's reliability (A–F) with the credibility (1–6)
a citation gives the information (`grade`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from .markup import find_refs
from .model import CREDIBILITY, RELIABILITY, Brief, Citation, Content, Event, SharedEvent


def resolve_shared_events(
    briefs: dict[str, Brief], events: dict[str, SharedEvent]
) -> dict[str, Brief]:
    """Briefs with each shared event id in `events` replaced by the event it names.

    References were checked before: an id with no event (its file failed) is dropped.
    """
    resolved: dict[str, Brief] = {}
    for brief_id, brief in briefs.items():
        if all(isinstance(e, Event) for e in brief.events):
            resolved[brief_id] = brief
            continue
        timeline = [e if isinstance(e, Event) else events.get(e) for e in brief.events]
        update = {"events": [e for e in timeline if e is not None]}
        resolved[brief_id] = brief.model_copy(update=update)
    return resolved


def as_written(brief: Brief) -> Brief:
    """The brief with its shared events back to the ids its file lists, as a revision
    read from git has them, so that the two compare by meaning."""
    if not any(isinstance(e, SharedEvent) for e in brief.events):
        return brief
    written = [e.id if isinstance(e, SharedEvent) else e for e in brief.events]
    return brief.model_copy(update={"events": written})


@dataclass(frozen=True)
class Grade:
    """A two-part Admiralty grade as shown next to a citation: `B2`, and what it means."""

    text: str
    meaning: str


def grade(reliability: str | None, credibility: int | None) -> Grade | None:
    """The combined grade of a citation; None without a credibility (a bare id)."""
    if credibility is None:
        return None
    parts = [f"credibility {credibility}: {CREDIBILITY[credibility].lower()}"]
    if reliability:
        parts.insert(0, f"reliability {reliability}: {RELIABILITY[reliability].lower()}")
    meaning = "; ".join(parts)
    return Grade(f"{reliability or ''}{credibility}", meaning[:1].upper() + meaning[1:])


@dataclass(frozen=True)
class SourceUse:
    """One place a brief cites a registry source: its anchor on the brief page and what
    is there ('Key judgment 2', 'Event: ...'); an empty anchor is the brief's text."""

    brief: str
    anchor: str
    what: str
    credibility: int | None = None


@dataclass
class RegistryIndex:
    """Registry sources by what cites them and by outlet; each brief's registry sources."""

    uses: dict[str, list[SourceUse]] = field(default_factory=dict)  # source -> citations
    by_outlet: dict[str, list[str]] = field(default_factory=dict)  # actor -> sources
    of_brief: dict[str, list[str]] = field(default_factory=dict)  # brief -> sources cited

    def citing_briefs(self, source_id: str) -> list[str]:
        return list(dict.fromkeys(use.brief for use in self.uses.get(source_id, [])))


def build_registry_index(content: Content) -> RegistryIndex:
    """Index registry sources in one pass over every brief."""
    registry = content.sources
    if not registry:  # a site without a registry pays nothing for it
        return RegistryIndex()
    uses: dict[str, list[SourceUse]] = defaultdict(list)
    of_brief: dict[str, list[str]] = {}
    for brief_id, brief in content.briefs.items():
        cited: dict[str, None] = {}
        for source_id, use in _citations(brief):
            if source_id in registry:
                uses[source_id].append(use)
                cited[source_id] = None
        if cited:
            of_brief[brief_id] = list(cited)
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for source_id in sorted(registry, key=lambda s: (registry[s].title.casefold(), s)):
        outlet = registry[source_id].outlet
        if outlet is not None and outlet in content.actors:
            by_outlet[outlet].append(source_id)
    return RegistryIndex(dict(uses), dict(by_outlet), of_brief)


def cited_only_by_withheld(content: Content, shown: dict[str, Brief]) -> set[str]:
    """Registry sources that briefs a build withholds cite and no brief it shows does: a
    withheld brief's evidence is not published without it."""
    if not content.sources or len(shown) == len(content.briefs):
        return set()
    in_shown = {s for brief in shown.values() for s, _ in _citations(brief)}
    in_withheld = {
        s for b, brief in content.briefs.items() if b not in shown for s, _ in _citations(brief)
    }
    return (in_withheld - in_shown) & content.sources.keys()


def _citations(brief: Brief) -> Iterator[tuple[str, SourceUse]]:
    """Every source id the brief cites, with where, in the order of its page."""
    for text in (brief.summary, brief.body):
        yield from _text_cites(brief.id, text, "", "Text")
    for n, kj in enumerate(brief.key_judgments, 1):
        what = f"Key judgment {n}"
        yield from _text_cites(brief.id, kj.text, f"judgment-{n}", what)
        yield from _graded(brief.id, kj.sources, f"judgment-{n}", what)
    for n, event in enumerate(brief.timeline, 1):
        what = f"Event: {event.title}"
        yield from _text_cites(brief.id, event.description or "", f"event-{n}", what)
        yield from _graded(brief.id, event.sources, f"event-{n}", what)
    for n, quote in enumerate(brief.quotes, 1):
        yield quote.source, SourceUse(brief.id, f"quote-{n}", f"Quote {n}")
        yield from _text_cites(brief.id, quote.text, f"quote-{n}", f"Quote {n}")
    for correction in brief.corrections:
        yield from _text_cites(brief.id, correction.text, "", "Correction")


def _text_cites(
    brief_id: str, text: str, anchor: str, what: str
) -> Iterator[tuple[str, SourceUse]]:
    for ref in find_refs(text):
        if ref.kind == "cite":
            yield ref.target, SourceUse(brief_id, anchor, what)


def _graded(
    brief_id: str, citations: list[Citation], anchor: str, what: str
) -> Iterator[tuple[str, SourceUse]]:
    for citation in citations:
        yield citation.source, SourceUse(brief_id, anchor, what, citation.credibility)
