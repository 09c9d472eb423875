"""The static data API: the validated model as JSON documents with a published schema.

Documents (paths under the site root):

* `api/briefs.json` — every brief, newest first, without its long texts;
* `api/briefs/<id>.json` — one brief, complete, with resolved references;
* `api/actors.json` and `api/actors/<id>.json` — actors, with the briefs they appear in;
* `api/events.json` — every event, oldest first (a shared event once, with its briefs);
* `api/sources.json` and `api/sources/<id>.json` — the source registry, with the briefs
  that cite each source;
* `api/schema/<document>.schema.json` — the JSON Schema of each kind of document.

Field names are stable; dates are ISO 8601 with a `*_precision` of year, month or day.
Fields added after version 1 first shipped (a judgment's `horizon`, a brief's `tlp` and
`authors`, ...) are optional and left out when they hold nothing, so documents of
content that does not use them are the same as before.
URLs are absolute when `site_url` is set, otherwise absolute paths from the host root.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from . import paths
from .index import EventRef, SiteIndex
from .model import (
    Actor,
    Affiliation,
    Brief,
    Citation,
    PartialDate,
    QuoteKind,
    QuoteMedium,
    RegistrySource,
    SharedEvent,
    Source,
    Tlp,
    cited_ids,
)
from .paths import Urls as Urls  # site.py and plugin.py import it from here
from .registry import grade

API_VERSION = 1
Precision = Literal["year", "month", "day"]


class Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Link(Doc):
    id: str
    url: str


class ActorLink(Link):
    name: str
    role: str | None = None


class SourceDoc(Doc):
    id: str
    title: str
    publisher: str
    url: str
    published: str | None
    accessed: str | None
    archive_url: str | None
    reliability: str | None


class CitationDoc(Doc):
    """A graded citation: the source and the credibility (1–6) given to what it says."""

    source: str
    credibility: int | None
    grade: str | None  # reliability and credibility combined, e.g. "B2"


class JudgmentDoc(Doc):
    text: str
    likelihood: str
    likelihood_band: str
    confidence: str
    sources: list[str]
    horizon: str | None = None
    basis: str | None = None
    indicators: list[str] = []
    citations: list[CitationDoc] = []


class EventDoc(Doc):
    brief: Link
    number: int
    url: str
    date: str
    date_precision: Precision
    end: str | None
    end_precision: Precision | None
    date_label: str | None
    title: str
    description: str | None
    location: dict[str, str | None] | None
    actors: list[Link]
    sources: list[str]
    citations: list[CitationDoc] = []
    shared_id: str | None = None  # a shared event (content/events/<id>.yml)
    briefs: list[Link] = []  # every brief that lists a shared event


class QuoteDoc(Doc):
    by: Link
    text: str
    kind: QuoteKind
    source: str
    date: str | None
    date_precision: Precision | None
    medium: QuoteMedium | None = None
    venue: str | None = None


class AffiliationLink(Link):
    """A tie between two actors, with its role (`as` in the actor file) and period."""

    role: str | None = None
    start: str | None = None
    start_precision: Precision | None = None
    end: str | None = None
    end_precision: Precision | None = None


class CorrectionDoc(Doc):
    date: str
    text: str


class BriefSummaryDoc(Doc):
    id: str
    url: str
    data_url: str
    title: str
    date: str
    updated: str | None
    status: Literal["published", "draft"]
    summary: str
    tags: list[str]
    actors: list[str]
    tlp: Tlp | None = None  # the brief's TLP 2.0 label, e.g. "amber+strict"
    authors: list[ActorLink] = []


class BriefDoc(BriefSummaryDoc):
    article_type: str
    body: str
    key_judgments: list[JudgmentDoc]
    involved: list[ActorLink]
    events: list[EventDoc]
    quotes: list[QuoteDoc]
    sources: list[SourceDoc]
    related: list[Link]
    corrections: list[CorrectionDoc]


class ActorDoc(Doc):
    id: str
    url: str
    data_url: str
    name: str
    kind: str
    native_name: str | None
    aliases: list[str]
    title: str | None
    country: str | None
    wikidata: str | None
    wikidata_url: str | None
    description: str
    affiliations: list[AffiliationLink]
    members: list[AffiliationLink]
    briefs: list[Link]
    authored: list[Link] = []  # the briefs the actor wrote, newest first


class BriefList(Doc):
    version: int
    briefs: list[BriefSummaryDoc]


class ActorList(Doc):
    version: int
    actors: list[ActorDoc]


class EventList(Doc):
    version: int
    events: list[EventDoc]


class RegistrySourceDoc(SourceDoc):
    page_url: str
    data_url: str
    authors: list[str]
    outlet: Link | None
    republished_by: str | None
    language: str | None
    kind: str | None
    cited_by: list[Link]


class RegistrySourceList(Doc):
    version: int
    sources: list[RegistrySourceDoc]


SCHEMAS: dict[str, type[BaseModel]] = {
    "briefs": BriefList,
    "brief": BriefDoc,
    "actors": ActorList,
    "actor": ActorDoc,
    "events": EventList,
    "sources": RegistrySourceList,
    "source": RegistrySourceDoc,
}


def _precision(value: PartialDate | None) -> tuple[str | None, Precision | None]:
    return (value.iso, value.precision) if value else (None, None)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


class ApiWriter:
    """Builds every API document from the site index."""

    def __init__(self, index: SiteIndex, urls: Urls) -> None:
        self.index = index
        self.urls = urls
        self.content = index.content

    def actor_link(self, actor_id: str) -> Link:
        return Link(id=actor_id, url=self.urls.actor(actor_id))

    def text(self, path: str, doc: BaseModel) -> str:
        """The document at `path` as published (`ReusingApiWriter` keeps unchanged ones)."""
        return _dump(doc)

    def list_text(self, path: str, docs: list[Any], make: Callable[[list[Any]], BaseModel]) -> str:
        """The list document `make(docs)` at `path` as published."""
        return _dump(make(docs))

    def brief_link(self, brief_id: str) -> Link:
        return Link(id=brief_id, url=self.urls.brief(brief_id))

    def summary(self, brief: Brief) -> BriefSummaryDoc:
        return BriefSummaryDoc(
            id=brief.id,
            url=self.urls.brief(brief.id),
            data_url=self.urls.brief_data(brief.id),
            title=brief.title,
            date=brief.date.isoformat(),
            updated=_iso(brief.updated),
            status=brief.status,
            summary=brief.summary,
            tags=list(brief.tags),
            actors=self.index.brief_actors(brief),
            **self._marking(brief),
        )

    def _marking(self, brief: Brief) -> dict[str, Any]:
        """The brief's TLP label and authors, only where it has them (see the module doc)."""
        extra: dict[str, Any] = {}
        if brief.tlp:
            extra["tlp"] = brief.tlp
        if brief.authors:
            extra["authors"] = [self._actor_ref(a) for a in brief.authors]
        return extra

    def _actor_ref(self, actor_id: str, role: str | None = None) -> ActorLink:
        name = self.content.actors[actor_id].name
        return ActorLink(id=actor_id, url=self.urls.actor(actor_id), name=name, role=role)

    def _tie(self, actor_id: str, tie: Affiliation) -> AffiliationLink:
        extra: dict[str, Any] = {"role": tie.role} if tie.role else {}
        for key, value in (("start", tie.start), ("end", tie.to)):
            if value is not None:
                extra[key], extra[f"{key}_precision"] = value.iso, value.precision
        return AffiliationLink(id=actor_id, url=self.urls.actor(actor_id), **extra)

    def citations(self, brief: Brief, cited: list[Citation]) -> list[CitationDoc]:
        sources = {s.id: s for s in brief.sources}
        docs = []
        for c in cited:
            source = sources.get(c.source) or self.content.sources.get(c.source)
            combined = grade(source.reliability if source else None, c.credibility)
            docs.append(
                CitationDoc(
                    source=c.source,
                    credibility=c.credibility,
                    grade=combined.text if combined else None,
                )
            )
        return docs

    def event(self, brief_id: str, number: int, ref: EventRef | None = None) -> EventDoc:
        brief = self.content.briefs[brief_id]
        event = brief.timeline[number - 1]
        shared = event.id if isinstance(event, SharedEvent) else None
        places = ref.places if ref else ()
        end, end_precision = _precision(event.end)
        location = None
        if event.location:
            location = {"name": event.location.name, "country": event.location.country}
        return EventDoc(
            brief=self.brief_link(brief_id),
            number=number,
            url=self.urls.event(brief_id, number),
            date=event.date.iso,
            date_precision=event.date.precision,
            end=end,
            end_precision=end_precision,
            date_label=event.date_label,
            title=event.title,
            description=event.description,
            location=location,
            actors=[self.actor_link(a) for a in event.actors],
            sources=cited_ids(event.sources),
            citations=self.citations(brief, event.sources),
            shared_id=shared,
            briefs=[self.brief_link(b) for b, _ in places] if shared else [],
        )

    def brief(self, brief: Brief) -> BriefDoc:
        from .model import LIKELIHOODS

        base = self.summary(brief).model_dump(exclude_unset=True)
        return BriefDoc(
            **base,
            article_type=brief.article_type,
            body=brief.body,
            key_judgments=[
                JudgmentDoc(
                    text=kj.text,
                    likelihood=kj.likelihood,
                    likelihood_band=LIKELIHOODS[kj.likelihood],
                    confidence=kj.confidence,
                    sources=cited_ids(kj.sources),
                    citations=self.citations(brief, kj.sources),
                    **_set(horizon=kj.horizon, basis=kj.basis, indicators=list(kj.indicators)),
                )
                for kj in brief.key_judgments
            ],
            involved=[self._actor_ref(r.actor, r.role) for r in brief.actors],
            events=[self.event(brief.id, n) for n in range(1, len(brief.timeline) + 1)],
            quotes=[
                QuoteDoc(
                    by=self.actor_link(q.by),
                    text=q.text,
                    kind=q.kind,
                    source=q.source,
                    date=_precision(q.date)[0],
                    date_precision=_precision(q.date)[1],
                    **_set(medium=q.medium, venue=q.venue),
                )
                for q in brief.quotes
            ],
            sources=[SourceDoc(**_source_fields(s)) for s in brief.sources],
            related=[self.brief_link(r) for r in self.index.related(brief)],
            corrections=[
                CorrectionDoc(date=c.date.isoformat(), text=c.text) for c in brief.corrections
            ],
        )

    def actor(self, actor: Actor) -> ActorDoc:
        wikidata_url = paths.wikidata_url(actor.wikidata) if actor.wikidata else None
        return ActorDoc(
            id=actor.id,
            url=self.urls.actor(actor.id),
            data_url=self.urls.actor_data(actor.id),
            name=actor.name,
            kind=actor.kind,
            native_name=actor.native_name,
            aliases=list(actor.aliases),
            title=actor.title,
            country=actor.country,
            wikidata=actor.wikidata,
            wikidata_url=wikidata_url,
            description=actor.description,
            affiliations=[self._tie(t.actor, t) for t in actor.affiliations],
            members=[self._tie(a, t) for a, t in self.index.member_ties.get(actor.id, [])],
            briefs=[self.brief_link(b) for b in self.index.briefs_of(actor.id)],
            **_set(authored=[self.brief_link(b) for b in self.index.written.get(actor.id, [])]),
        )

    def documents(self) -> Iterator[tuple[str, str]]:
        """Every API document and schema with its path under the site root, one at a time
        (a build writes each as it is made instead of holding them all)."""
        briefs = [self.content.briefs[b] for b in self.index.newest_first]
        actors = [self.content.actors[a] for a in sorted(self.content.actors)]
        # Each list is a temporary of its expression: gone once its document is made.
        yield (
            paths.BRIEFS_DATA,
            self.list_text(paths.BRIEFS_DATA, [self.summary(b) for b in briefs], _brief_list),
        )
        yield (
            paths.ACTORS_DATA,
            self.list_text(paths.ACTORS_DATA, [self.actor(a) for a in actors], _actor_list),
        )
        events = [self.event(e.brief, e.number, e) for e in self.index.events]
        yield paths.EVENTS_DATA, self.list_text(paths.EVENTS_DATA, events, _event_list)
        del events
        for brief in briefs:
            path = paths.brief_data(brief.id)
            yield path, self.text(path, self.brief(brief))
        for actor in actors:
            path = paths.actor_data(actor.id)
            yield path, self.text(path, self.actor(actor))
        yield from RegistryApi(self).documents().items()
        for name, model in SCHEMAS.items():
            yield paths.schema_data(name), schema_text(model, ensure_ascii=False)


@functools.cache  # the same for every build of a process; pydantic takes ~0.1 s for each
def schema_text(model: type[BaseModel], ensure_ascii: bool = True) -> str:
    """The published JSON Schema document of an API model."""
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, ensure_ascii=ensure_ascii) + "\n"


def _set(**fields: Any) -> dict[str, Any]:
    """The optional fields that hold something: the others stay unset and left out."""
    return {key: value for key, value in fields.items() if value}


class RegistryApi:
    """The documents of the source registry: `api/sources.json`, `api/sources/<id>.json`."""

    def __init__(self, writer: ApiWriter) -> None:
        self.writer = writer

    def source(self, source: RegistrySource) -> RegistrySourceDoc:
        writer, urls = self.writer, self.writer.urls
        actors = writer.content.actors
        return RegistrySourceDoc(
            **_source_fields(source),
            page_url=urls.source(source.id),
            data_url=urls.source_data(source.id),
            authors=list(source.authors),
            outlet=writer.actor_link(source.outlet) if source.outlet in actors else None,
            republished_by=source.republished_by,
            language=source.language,
            kind=source.kind,
            cited_by=[writer.brief_link(b) for b in writer.index.registry.citing_briefs(source.id)],
        )

    def documents(self) -> dict[str, str]:
        registry = self.writer.content.sources
        docs = [self.source(registry[s]) for s in sorted(registry)]
        out = {paths.source_data(d.id): _dump(d) for d in docs}
        if registry:  # a site without a registry publishes what it did before
            out[paths.SOURCES_DATA] = _dump(RegistrySourceList(version=API_VERSION, sources=docs))
        return out


def _source_fields(s: Source) -> dict[str, Any]:
    """What SourceDoc says of any source, inline or in the registry."""
    return {
        "id": s.id,
        "title": s.title,
        "publisher": s.publisher,
        "url": s.url,
        "published": _iso(s.published),
        "accessed": _iso(s.accessed),
        "archive_url": s.archive_url,
        "reliability": s.reliability,
    }


def _brief_list(docs: list[Any]) -> BaseModel:
    return BriefList(version=API_VERSION, briefs=docs)


def _actor_list(docs: list[Any]) -> BaseModel:
    return ActorList(version=API_VERSION, actors=docs)


def _event_list(docs: list[Any]) -> BaseModel:
    return EventList(version=API_VERSION, events=docs)


def _dump(doc: BaseModel) -> str:
    # Compact on purpose: json's C encoder only runs without `indent`, and these are many.
    # Unset optional fields are left out (see the module doc).
    return doc.model_dump_json(exclude_unset=True) + "\n"
