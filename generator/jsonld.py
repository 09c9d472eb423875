"""schema.org structured data (JSON-LD) for brief and actor pages."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .index import SiteIndex
from .model import Actor, Brief, RegistrySource, SharedEvent, Source
from .paths import EVENTS_DATA, Urls, wikidata_url

ACTOR_TYPES = {
    "person": "Person",
    "state": "Country",
    "organization": "Organization",
    "media": "NewsMediaOrganization",
    "military": "GovernmentOrganization",
    "group": "Organization",
}


def actor_thing(actor: Actor, urls: Urls, *, full: bool = False) -> dict[str, Any]:
    """The actor as a schema.org Person, Organization or Country."""
    thing: dict[str, Any] = {
        "@type": ACTOR_TYPES[actor.kind],
        "@id": urls.actor(actor.id) + "#actor",
        "name": actor.name,
        "url": urls.actor(actor.id),
    }
    alternate = ([actor.native_name] if actor.native_name else []) + list(actor.aliases)
    if alternate:
        thing["alternateName"] = alternate
    if actor.wikidata:
        thing["sameAs"] = wikidata_url(actor.wikidata)
    if full:
        if actor.title:
            thing["jobTitle" if actor.kind == "person" else "description"] = actor.title
        if actor.affiliations:
            key = "affiliation" if actor.kind == "person" else "parentOrganization"
            thing[key] = [{"@id": urls.actor(a) + "#actor"} for a in actor.affiliation_ids]
    return thing


def brief_jsonld(
    brief: Brief,
    index: SiteIndex,
    urls: Urls,
    description: str,
    plain: Callable[[str], str] = str,
) -> dict[str, Any]:
    """The brief as a schema.org article; `plain` turns a Markdown field into plain text."""
    actors = index.content.actors
    involved = index.brief_actors(brief)
    mentioned = sorted(index.mentions_by_brief.get(brief.id, set()) - set(involved))
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": brief.article_type,
        "@id": urls.brief(brief.id) + "#brief",
        "url": urls.brief(brief.id),
        "headline": brief.title,
        "datePublished": brief.date.isoformat(),
        "dateModified": (brief.updated or brief.date).isoformat(),
        "description": description,
        "keywords": list(brief.tags),
        "about": [actor_thing(actors[a], urls) for a in involved],
        "mentions": [actor_thing(actors[a], urls) for a in mentioned],
        "citation": [
            *(_creative_work(s) for s in brief.sources),
            *(
                registry_work(index.content.sources[s], index, urls)
                for s in index.registry.of_brief.get(brief.id, [])
            ),
        ],
    }
    if brief.authors:
        doc["author"] = [actor_thing(actors[a], urls) for a in brief.authors]
    if parts := [*_claims(brief, plain), *_quotations(brief, index, urls, plain)]:
        doc["hasPart"] = parts
    shared = [e for e in brief.timeline if isinstance(e, SharedEvent)]
    if shared:  # shared events have an address of their own to be known by
        doc["about"] += [shared_event_thing(e, index, urls) for e in shared]
    if brief.corrections:
        doc["correction"] = [
            {"@type": "CorrectionComment", "text": c.text, "datePublished": c.date.isoformat()}
            for c in brief.corrections
        ]
    return doc


def _claims(brief: Brief, plain: Callable[[str], str]) -> list[dict[str, Any]]:
    """The key judgments as `Claim`s, once any of them says what it rests on (horizon,
    basis, indicators): then every judgment, so the list is whole."""
    if not any(kj.has_analysis for kj in brief.key_judgments):
        return []
    claims = []
    for kj in brief.key_judgments:
        facts: dict[str, str] = {"likelihood": kj.likelihood, "confidence": kj.confidence}
        if kj.horizon:
            facts["horizon"] = kj.horizon
        facts.update({f"indicator {n}": text for n, text in enumerate(kj.indicators, 1)})
        claim: dict[str, Any] = {
            "@type": "Claim",
            "text": plain(kj.text),
            "additionalProperty": [
                {"@type": "PropertyValue", "name": k, "value": v} for k, v in facts.items()
            ],
        }
        if kj.basis and kj.basis.strip():
            claim["description"] = plain(kj.basis)
        claims.append(claim)
    return claims


def _quotations(
    brief: Brief, index: SiteIndex, urls: Urls, plain: Callable[[str], str]
) -> list[dict[str, Any]]:
    """Direct quotes as `Quotation`s by their speaker: a paraphrase or a partial quote is
    not the speaker's own words, so it is none."""
    actors = index.content.actors
    quotations = []
    for quote in brief.quotes:
        if quote.kind != "direct":
            continue
        item: dict[str, Any] = {
            "@type": "Quotation",
            "text": plain(quote.text),
            "creator": actor_thing(actors[quote.by], urls),
        }
        if quote.date:
            item["dateCreated"] = quote.date.iso
        if quote.venue:
            item["locationCreated"] = {"@type": "Place", "name": quote.venue}
        quotations.append(item)
    return quotations


def _creative_work(s: Source) -> dict[str, Any]:
    return {
        "@type": "CreativeWork",
        "name": s.title,
        "url": s.url,
        "publisher": {"@type": "Organization", "name": s.publisher},
        **({"datePublished": s.published.isoformat()} if s.published else {}),
    }


def registry_work(source: RegistrySource, index: SiteIndex, urls: Urls) -> dict[str, Any]:
    """A registry source as a CreativeWork with its authors and its outlet as publisher."""
    work = _creative_work(source)
    work["@id"] = urls.source(source.id) + "#source"
    if source.outlet in index.content.actors:
        work["publisher"] = actor_thing(index.content.actors[source.outlet], urls)
    if source.authors:
        work["author"] = [{"@type": "Person", "name": a} for a in source.authors]
    if source.language:
        work["inLanguage"] = source.language
    return work


def source_jsonld(source: RegistrySource, index: SiteIndex, urls: Urls) -> dict[str, Any]:
    return {"@context": "https://schema.org", **registry_work(source, index, urls)}


def shared_event_thing(event: SharedEvent, index: SiteIndex, urls: Urls) -> dict[str, Any]:
    """A shared event as a schema.org Event, known by the same @id on every brief."""
    thing: dict[str, Any] = {
        "@type": "Event",
        "@id": urls.page(EVENTS_DATA) + f"#{event.id}",
        "name": event.title,
        "startDate": event.date.iso,
    }
    if event.end:
        thing["endDate"] = event.end.iso
    if event.location:
        thing["location"] = {"@type": "Place", "name": event.location.name}
    if event.actors:
        actors = index.content.actors
        thing["actor"] = [actor_thing(actors[a], urls) for a in event.actors if a in actors]
    return thing


def actor_jsonld(actor: Actor, urls: Urls, description: str) -> dict[str, Any]:
    doc = {"@context": "https://schema.org", **actor_thing(actor, urls, full=True)}
    if description:
        doc["description"] = description
    return doc


def script_json(doc: dict[str, Any]) -> str:
    """JSON safe to place inside <script>: no `<`, `>` or `&` can close or confuse it."""
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
