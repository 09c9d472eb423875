"""The static data API: the validated model as JSON documents with a published schema.

Documents (paths under the site root):

* `api/briefs.json` — every brief, newest first, without its long texts;
* `api/briefs/<id>.json` — one brief, complete, with resolved references;
* `api/actors.json` and `api/actors/<id>.json` — actors, with the briefs they appear in;
* `api/events.json` — every event, oldest first;
* `api/schema/<document>.schema.json` — the JSON Schema of each kind of document.

Field names are stable; dates are ISO 8601 with a `*_precision` of year, month or day.
URLs are absolute when `site_url` is set, otherwise absolute paths from the host root.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from . import paths
from .index import SiteIndex
from .model import Actor, Brief, PartialDate
from .paths import Urls as Urls  # site.py and plugin.py import it from here

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


class JudgmentDoc(Doc):
    text: str
    likelihood: str
    likelihood_band: str
    confidence: str
    sources: list[str]


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


class QuoteDoc(Doc):
    by: Link
    text: str
    kind: Literal["direct", "paraphrase"]
    source: str
    date: str | None
    date_precision: Precision | None


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
    affiliations: list[Link]
    members: list[Link]
    briefs: list[Link]


class BriefList(Doc):
    version: int
    briefs: list[BriefSummaryDoc]


class ActorList(Doc):
    version: int
    actors: list[ActorDoc]


class EventList(Doc):
    version: int
    events: list[EventDoc]


SCHEMAS: dict[str, type[BaseModel]] = {
    "briefs": BriefList,
    "brief": BriefDoc,
    "actors": ActorList,
    "actor": ActorDoc,
    "events": EventList,
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
        )

    def event(self, brief_id: str, number: int) -> EventDoc:
        event = self.content.briefs[brief_id].events[number - 1]
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
            sources=list(event.sources),
        )

    def brief(self, brief: Brief) -> BriefDoc:
        from .model import LIKELIHOODS

        base = self.summary(brief).model_dump()
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
                    sources=list(kj.sources),
                )
                for kj in brief.key_judgments
            ],
            involved=[
                ActorLink(
                    id=r.actor,
                    url=self.urls.actor(r.actor),
                    name=self.content.actors[r.actor].name,
                    role=r.role,
                )
                for r in brief.actors
            ],
            events=[self.event(brief.id, n) for n in range(1, len(brief.events) + 1)],
            quotes=[
                QuoteDoc(
                    by=self.actor_link(q.by),
                    text=q.text,
                    kind=q.kind,
                    source=q.source,
                    date=_precision(q.date)[0],
                    date_precision=_precision(q.date)[1],
                )
                for q in brief.quotes
            ],
            sources=[
                SourceDoc(
                    id=s.id,
                    title=s.title,
                    publisher=s.publisher,
                    url=s.url,
                    published=_iso(s.published),
                    accessed=_iso(s.accessed),
                    archive_url=s.archive_url,
                    reliability=s.reliability,
                )
                for s in brief.sources
            ],
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
            affiliations=[self.actor_link(a) for a in actor.affiliations],
            members=[self.actor_link(a) for a in self.index.members.get(actor.id, [])],
            briefs=[self.brief_link(b) for b in self.index.briefs_of(actor.id)],
        )

    def documents(self) -> Iterator[tuple[str, str]]:
        """Every API document and schema with its path under the site root, one at a time
        (a build writes each as it is made instead of holding them all)."""
        briefs = [self.content.briefs[b] for b in self.index.newest_first]
        actors = [self.content.actors[a] for a in sorted(self.content.actors)]
        # Each list is a temporary of its expression: gone once its document is made.
        yield (
            paths.BRIEFS_DATA,
            _dump(BriefList(version=API_VERSION, briefs=[self.summary(b) for b in briefs])),
        )
        yield (
            paths.ACTORS_DATA,
            _dump(ActorList(version=API_VERSION, actors=[self.actor(a) for a in actors])),
        )
        events = (self.event(e.brief, e.number) for e in self.index.events)
        yield paths.EVENTS_DATA, _dump(EventList(version=API_VERSION, events=list(events)))
        for brief in briefs:
            yield paths.brief_data(brief.id), _dump(self.brief(brief))
        for actor in actors:
            yield paths.actor_data(actor.id), _dump(self.actor(actor))
        for name, model in SCHEMAS.items():
            schema = model.model_json_schema()
            schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
            yield paths.schema_data(name), json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _dump(doc: BaseModel) -> str:
    # Compact on purpose: json's C encoder only runs without `indent`, and these are many.
    return doc.model_dump_json() + "\n"
