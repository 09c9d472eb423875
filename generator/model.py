"""The content model: what a brief and an actor are, as validated, typed data.

Field-level rules (types, enums, dates, slugs, URLs) live here, declared once; pydantic
checks them and the validator turns its errors into `path:line:col` diagnostics. Rules
that span files (references, duplicates) live in `validate.py`.
"""

from __future__ import annotations

import copy
import functools
import math
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import total_ordering
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Strict,
    Tag,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)

# The tables below are the one place each vocabulary is written out; pages, feeds and
# the validator's hints import them from here.
Likelihood = Literal[
    # ICD 203 expressions of likelihood, from least to most likely.
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
]
LIKELIHOOD_TERMS: tuple[Likelihood, ...] = typing.get_args(Likelihood)
LIKELIHOODS: dict[str, str] = dict(
    # Each term's ICD 203 probability band.
    zip(
        LIKELIHOOD_TERMS,
        ("01–05%", "05–20%", "20–45%", "45–55%", "55–80%", "80–95%", "95–99%"),
        strict=True,
    )
)
Confidence = Literal["low", "moderate", "high"]
Reliability = Literal["A", "B", "C", "D", "E", "F"]
RELIABILITY: dict[str, str] = {
    # Admiralty (NATO) source reliability grades.
    "A": "Completely reliable",
    "B": "Usually reliable",
    "C": "Fairly reliable",
    "D": "Not usually reliable",
    "E": "Unreliable",
    "F": "Reliability cannot be judged",
}
ActorKind = Literal["person", "state", "organization", "media", "military", "group"]
ACTOR_KINDS: tuple[ActorKind, ...] = typing.get_args(ActorKind)
# The heading each kind's group has on the actors index, in the order of ACTOR_KINDS.
ACTOR_KIND_TITLES: dict[ActorKind, str] = {
    "person": "People",
    "state": "States",
    "organization": "Organizations",
    "media": "Media",
    "military": "Armed forces",
    "group": "Groups",
}
Status = Literal["published", "draft"]
# FIRST's Traffic Light Protocol 2.0 labels, from least to most restricted: the order
# `tlp_max` compares them in (an unmarked brief counts as the first).
Tlp = Literal["clear", "green", "amber", "amber+strict", "red"]
TLP_LEVELS: tuple[Tlp, ...] = typing.get_args(Tlp)
QuoteKind = Literal["direct", "paraphrase", "partial"]
# How a quote was delivered: shown with its attribution.
QuoteMedium = Literal[
    "speech",
    "interview",
    "statement",
    "press-conference",
    "social-post",
    "testimony",
    "document",
    "other",
]
# schema.org types a brief may declare for its structured data (JSON-LD).
ArticleType = Literal[
    "AnalysisNewsArticle",
    "BackgroundNewsArticle",
    "NewsArticle",
    "OpinionNewsArticle",
    "ReportageNewsArticle",
    "Report",
    "Article",
]

# ISO 3166-1 alpha-2 officially assigned codes, plus XK (Kosovo), in common use.
COUNTRY_CODES = frozenset(country.alpha_2 for country in pycountry.countries) | {"XK"}

# What analysts write for an enum value, by meaning rather than spelling, and the value
# it stands for. A word is suggested only where its value is one of the allowed ones.
ENUM_SYNONYMS: dict[str, str] = {
    "medium": "moderate",
    "mid": "moderate",
    "average": "moderate",
    "probable": "likely",
    "probably": "likely",
    "improbable": "unlikely",
    "highly likely": "very likely",
    "highly unlikely": "very unlikely",
    "even chance": "roughly even chance",
    "even": "roughly even chance",
    "certain": "almost certain",
    "remote": "almost no chance",
    "country": "state",
    "nation": "state",
    "government": "state",
    "company": "organization",
    "organisation": "organization",
    "ngo": "organization",
    "army": "military",
    "armed forces": "military",
    "outlet": "media",
    "newspaper": "media",
    "individual": "person",
    "people": "person",
    "verbatim": "direct",
    "quote": "direct",
    "quotation": "direct",
    "indirect": "paraphrase",
    "reported": "paraphrase",
    "fragment": "partial",
    "fragments": "partial",
    "orange": "amber",
    "yellow": "amber",
    "white": "clear",
    "strict": "amber+strict",
    "amber strict": "amber+strict",
    "tweet": "social-post",
    "post": "social-post",
    "press": "press-conference",
    "hearing": "testimony",
    "unpublished": "draft",
    "public": "published",
    "live": "published",
}


def newest_first(brief: Brief) -> tuple[int, str]:
    """Sort key of the site's one brief order: newest date first, then by id."""
    return (-brief.date.toordinal(), brief.id)


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def label(self) -> str:
        """Human form that shows only what is known: '2025', 'March 2025', '21 March 2025'."""
        if self.month is None:
            return str(self.year)
        month = _MONTHS[self.month - 1]
        return f"{month} {self.year}" if self.day is None else f"{self.day} {month} {self.year}"

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def __str__(self) -> str:
        return self.iso


_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _impossible(text: str, exc: ValueError) -> ValueError:
    return ValueError(f"impossible date '{text}' ({exc})")


def parse_partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not (m := _PARTIAL.match(text)):
        raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    year, month, day = (int(g) if g else None for g in m.groups())
    assert year is not None
    try:
        date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError as exc:
        raise _impossible(text, exc) from None
    return PartialDate(year, month, day)


def parse_day(value: Any) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DAY.match(value):
        raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise _impossible(value, exc) from None


def hinted(message: str, hint: str) -> PydanticCustomError:
    """A field error that carries a hint; the validator shows it on the hint line."""
    return PydanticCustomError("hinted", "{message}", {"message": message, "hint": hint})


def is_slug(value: str) -> bool:
    return _SLUG.match(value) is not None


def check_slug(value: str) -> str:
    if not is_slug(value):
        raise ValueError(
            f"'{value}' is not a valid id: use lowercase ASCII letters, digits and single "
            "hyphens, e.g. 'kim-jong-un'"
        )
    return value


_URL_UNSAFE = re.compile(r'[\x00-\x20\x7f<>"\\`{}|^]')


def check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"'{value}' is not an http(s) URL; write it as https://host/path")
    if bad := _URL_UNSAFE.search(value):
        raise ValueError(
            f"the URL contains {bad.group(0)!r}, which URLs must not hold; percent-encode it "
            f"(a space is %20)"
        )
    if value.count("(") != value.count(")"):
        raise ValueError("the URL has unbalanced parentheses; percent-encode them (%28, %29)")
    return value


def check_name(value: str) -> str:
    # Names are linked where they appear in prose: brackets would break out of the link.
    if "[" in value or "]" in value:
        raise ValueError(f"'{value}' contains [ or ], which names and aliases cannot hold")
    return value


def check_country(value: str) -> str:
    if value in COUNTRY_CODES:
        return value
    message = f"'{value}' is not an ISO 3166-1 alpha-2 country code"
    if value.upper() in COUNTRY_CODES:
        raise hinted(message, f"codes are upper case: '{value.upper()}'")
    if country := _country_named(value):
        raise hinted(message, f"did you mean '{country.alpha_2}' ({country.name})?")
    raise ValueError(message)


def _country_named(text: str) -> Any:
    """The country an analyst most likely meant by a name or an alpha-3 code, if any."""
    try:
        return pycountry.countries.lookup(text)
    except LookupError:
        pass
    if len(text) < 4:  # fuzzy search on two or three letters matches nearly anything
        return None
    try:
        return pycountry.countries.search_fuzzy(text)[0]
    except LookupError:
        return None


_LANGUAGE_TAG = re.compile(
    # BCP 47 as sources need it: language, then optional script, region and variants.
    r"(?P<language>[A-Za-z]{2,3})(?:-(?P<script>[A-Za-z]{4}))?"
    r"(?:-(?P<region>[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*"
)


def check_language(value: str) -> str:
    """A BCP 47 language tag whose subtags are ISO 639, ISO 15924 and ISO 3166 codes
    (pycountry's tables): `ru`, `en-GB`, `zh-Hant-TW`."""
    message = f"'{value}' is not a BCP 47 language tag (e.g. 'ru', 'en-GB', 'zh-Hant')"
    match = _LANGUAGE_TAG.fullmatch(value)
    if match is None:
        meant = _language_named(value)
        if meant:
            raise hinted(message, f"did you mean '{meant}'?")
        raise ValueError(message)
    language, script, region = match.group("language", "script", "region")
    if _language_code(language) is None:
        if meant := _language_named(language):
            raise hinted(message, f"did you mean '{meant}'?")
        raise ValueError(message)
    if script and pycountry.scripts.get(alpha_4=script.title()) is None:
        raise ValueError(f"{message}: '{script}' is not an ISO 15924 script")
    if region and not region.isdigit() and region.upper() not in COUNTRY_CODES:
        raise ValueError(f"{message}: '{region}' is not an ISO 3166-1 country code")
    return value


def _language_code(code: str) -> Any:
    key = "alpha_2" if len(code) == 2 else "alpha_3"
    return pycountry.languages.get(**{key: code.lower()})


def _language_named(text: str) -> str:
    """The shortest code of the language an analyst named ('Russian' → 'ru'), if any."""
    try:
        language = pycountry.languages.lookup(text.strip())
    except LookupError:
        return ""
    return str(getattr(language, "alpha_2", None) or language.alpha_3)


_WIKIDATA = re.compile(r"Q[1-9]\d*")


def check_wikidata(value: str) -> str:
    if _WIKIDATA.fullmatch(value):
        return value
    message = f"'{value}' is not a Wikidata id (Q followed by digits, e.g. Q56226)"
    bare = value.strip().lstrip("qQ")
    if _WIKIDATA.fullmatch(f"Q{bare}"):
        raise hinted(message, f"did you mean 'Q{bare}'?")
    raise ValueError(message)


def wikidata_number(value: Any) -> Any:
    """`wikidata: 15031` is a number to YAML: name the id it almost is."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        raise hinted("a Wikidata id is text, not a number", f"write it as Q{value}")
    return value


def _text_item(key: str) -> Any:
    """Let a list item be written as bare text, standing for `{key: text}`."""

    def normalize(value: Any) -> Any:
        return {key: value} if isinstance(value, str) else value

    return normalize


Slug = Annotated[
    str, AfterValidator(check_slug), WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN})
]
Url = Annotated[
    str, AfterValidator(check_url), WithJsonSchema({"type": "string", "pattern": "^https?://"})
]
Text = Annotated[str, Field(min_length=1)]
Name = Annotated[str, Field(min_length=1), AfterValidator(check_name)]
Day = Annotated[
    date,
    PlainValidator(parse_day),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
FlexDate = Annotated[
    PartialDate,
    PlainValidator(parse_partial_date),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ]
        }
    ),
]
Country = Annotated[
    str,
    AfterValidator(check_country),
    WithJsonSchema({"type": "string", "enum": sorted(COUNTRY_CODES)}),
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Model):
    """A document the brief relies on."""

    id: Slug
    title: Text
    publisher: Text
    url: Url
    published: Day | None = None
    accessed: Day | None = None
    archive_url: Url | None = None
    reliability: Reliability | None = None


CREDIBILITY: dict[int, str] = {
    # Admiralty (NATO) information credibility grades, the second half of a grade (B2).
    1: "Confirmed",
    2: "Probably true",
    3: "Possibly true",
    4: "Doubtful",
    5: "Improbable",
    6: "Truth cannot be judged",
}


def check_credibility(value: int) -> int:
    if value not in CREDIBILITY:
        grades = ", ".join(f"{n} {text.lower()}" for n, text in CREDIBILITY.items())
        raise hinted(f"{value} is not an Admiralty credibility grade", f"use 1 to 6: {grades}")
    return value


class Citation(Model):
    """A source cited for a judgment or an event, optionally graded for credibility:
    `{source: ID, credibility: N}`; a bare id stands for `{source: ID}`."""

    source: Slug
    credibility: (
        Annotated[
            int,
            Strict(),
            AfterValidator(check_credibility),
            WithJsonSchema(
                {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 6,
                    "description": "Admiralty credibility: 1 confirmed, 2 probably true, "
                    "3 possibly true, 4 doubtful, 5 improbable, 6 truth cannot be judged",
                }
            ),
        ]
        | None
    ) = None


# Where a list of source ids is allowed, an item may be a bare id or a graded Citation.
CitationItem = Annotated[
    Citation, BeforeValidator(_text_item("source"), json_schema_input_type=str | Citation)
]


def cited_ids(citations: list[Citation]) -> list[str]:
    return [c.source for c in citations]


class KeyJudgment(Model):
    text: Text
    likelihood: Likelihood
    confidence: Confidence
    sources: list[CitationItem] = []
    # What an analyst's trade standards ask of a judgment beyond its estimate: until when
    # it holds, what it rests on (Markdown) and what would change it.
    horizon: Text | None = None
    basis: str | None = None
    indicators: list[Text] = []

    @property
    def has_analysis(self) -> bool:
        """It says more than its estimate: a horizon, a basis or indicators."""
        return bool(self.horizon or (self.basis or "").strip() or self.indicators)


class Location(Model):
    """Where an event happened: a name, optionally its country and its WGS84 coordinates
    as `[latitude, longitude]` in decimal degrees (the map places it there, or else at the
    country's centroid)."""

    name: Text
    country: Country | None = None
    coordinates: (
        Annotated[
            # Strict: a quoted "39.0" or a `true` is a mistake, not a coordinate.
            tuple[Annotated[float, Strict()], Annotated[float, Strict()]],
            WithJsonSchema(
                {
                    "type": "array",
                    "description": "[latitude, longitude], WGS84 decimal degrees",
                    "prefixItems": [
                        {"type": "number", "minimum": -90, "maximum": 90},
                        {"type": "number", "minimum": -180, "maximum": 180},
                    ],
                    "minItems": 2,
                    "maxItems": 2,
                }
            ),
        ]
        | None
    ) = None

    @field_validator("coordinates")
    @classmethod
    def _in_range(cls, value: tuple[float, float] | None) -> tuple[float, float] | None:
        if value is None:
            return None
        lat, lon = value
        if not (math.isfinite(lat) and -90 <= lat <= 90):
            raise ValueError(
                f"latitude {lat} is out of range: coordinates are [latitude, longitude], "
                "latitude from -90 to 90"
            )
        if not (math.isfinite(lon) and -180 <= lon <= 180):
            raise ValueError(
                f"longitude {lon} is out of range: coordinates are [latitude, longitude], "
                "longitude from -180 to 180"
            )
        return value


class Event(Model):
    date: FlexDate
    title: Text
    date_label: Text | None = None
    end: FlexDate | None = None
    description: str | None = None
    actors: list[Slug] = []
    location: (
        Annotated[
            Location,
            BeforeValidator(_text_item("name"), json_schema_input_type=str | Location),
        ]
        | None
    ) = None
    sources: list[CitationItem] = []


# Tags of the two kinds of `events` item; the validator leaves them out of error positions.
INLINE_EVENT, SHARED_EVENT = "<inline event>", "<shared event id>"
UNION_TAGS = frozenset({INLINE_EVENT, SHARED_EVENT})
EventItem = Annotated[
    Annotated[Event, Tag(INLINE_EVENT)] | Annotated[Slug, Tag(SHARED_EVENT)],
    Discriminator(lambda v: SHARED_EVENT if isinstance(v, str) else INLINE_EVENT),
]


class Quote(Model):
    by: Slug
    text: Text
    kind: QuoteKind
    source: Slug
    date: FlexDate | None = None
    medium: QuoteMedium | None = None
    venue: Text | None = None


class ActorRef(Model):
    actor: Slug
    role: Text | None = None


class Affiliation(Model):
    """A tie of an actor to another (`as` a member, an ambassador to, ...), with its years."""

    # `as` and `from` are Python keywords: the fields take them as their YAML names (only
    # those: `role: ...` in a file is an unknown field, with `as` as its did-you-mean).
    actor: Slug
    role: Text | None = Field(None, alias="as")
    start: FlexDate | None = Field(None, alias="from")
    to: FlexDate | None = None

    @property
    def period(self) -> str:
        """Its years as a reader says them: '2014–2019', 'since 2014', 'until 2019'."""
        start, end = self.start, self.to
        if start and end:
            years = f"{start.year}" if start.year == end.year else f"{start.year}–{end.year}"
            return years
        if start:
            return f"since {start.year}"
        return f"until {end.year}" if end else ""


class Correction(Model):
    date: Day
    text: Text


class Brief(Model):
    """One brief; `id` comes from the file name, not from the YAML."""

    id: Annotated[str, Field(exclude=True)]
    title: Text
    date: Day
    updated: Day | None = None
    status: Status = "published"
    article_type: ArticleType = "AnalysisNewsArticle"
    summary: Text
    tags: list[Slug] = []
    key_judgments: list[KeyJudgment] = []
    body: str = ""
    actors: list[
        Annotated[
            ActorRef,
            BeforeValidator(_text_item("actor"), json_schema_input_type=str | ActorRef),
        ]
    ] = []
    # A shared event (content/events/) is listed by its id; loading resolves it (registry.py).
    events: list[EventItem] = []
    quotes: list[Quote] = []
    sources: list[Source] = []
    related: list[Slug] = []
    corrections: list[Correction] = []
    authors: list[Slug] = []
    tlp: Tlp | None = None

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def timeline(self) -> list[Event]:
        """The brief's events in its order, shared ones resolved (bare ids of shared events
        are left out only where nothing resolved them: a revision read from git)."""
        return [e for e in self.events if isinstance(e, Event)]


class Actor(Model):
    """A person, state, organization, outlet, armed force or group."""

    id: Annotated[str, Field(exclude=True)]
    name: Name
    kind: ActorKind
    native_name: Name | None = None
    aliases: list[Name] = []
    title: Text | None = None
    affiliations: list[
        Annotated[
            Affiliation,
            BeforeValidator(_text_item("actor"), json_schema_input_type=str | Affiliation),
        ]
    ] = []
    country: Country | None = None
    wikidata: (
        Annotated[str, BeforeValidator(wikidata_number), AfterValidator(check_wikidata)] | None
    ) = None
    description: str = ""

    @property
    def names(self) -> list[str]:
        """Every name the actor goes by: display, native, aliases."""
        names = [self.name]
        if self.native_name:
            names.append(self.native_name)
        names.extend(self.aliases)
        return names

    @property
    def affiliation_ids(self) -> list[str]:
        return [tie.actor for tie in self.affiliations]


def tlp_above(tlp: str | None, tlp_max: Tlp) -> bool:
    """Whether a label is more restricted than `tlp_max` (unmarked counts as clear)."""
    return TLP_LEVELS.index(tlp or "clear") > TLP_LEVELS.index(tlp_max)


def tlp_label(tlp: Tlp) -> str:
    """The label as TLP 2.0 writes it: `TLP:AMBER+STRICT`."""
    return f"TLP:{tlp.upper()}"


def withheld_because(brief: Brief, drafts: bool, tlp_max: Tlp) -> str | None:
    """Why a build that shows drafts or not, and briefs up to `tlp_max`, leaves the brief
    out; None when it shows it. An unmarked brief counts as TLP:CLEAR."""
    if brief.is_draft and not drafts:
        return "draft"
    if tlp_above(brief.tlp, tlp_max):
        return f"marked above {tlp_label(tlp_max)}"
    return None


SourceKind = Literal[
    "article",
    "report",
    "statement",
    "transcript",
    "social-post",
    "dataset",
    "interview",
    "document",
    "other",
]


class RegistrySource(Source):
    """A source of the registry (content/sources/<id>.yml), citable from any brief;
    `id` comes from the file name."""

    id: Annotated[str, Field(exclude=True)]
    authors: list[Text] = []
    outlet: Slug | None = None
    republished_by: Text | None = None
    language: Annotated[str, AfterValidator(check_language)] | None = None
    kind: SourceKind | None = None


class SharedEvent(Event):
    """An event of content/events/<id>.yml that briefs list by id; `id` is the file name."""

    id: Annotated[str, Field(exclude=True)]


@dataclass(frozen=True)
class Content:
    """Everything in `content/`, validated: briefs, actors, registry sources and shared
    events by id (briefs' shared events already resolved).

    `withheld` names the briefs a build leaves out (`shown`) and why, so that what still
    points at them (a `related` entry) can say so instead of linking nowhere.
    """

    briefs: dict[str, Brief]
    actors: dict[str, Actor]
    sources: dict[str, RegistrySource] = field(default_factory=dict)
    events: dict[str, SharedEvent] = field(default_factory=dict)
    withheld: Mapping[str, str] = field(default_factory=dict)
    tlp_max: Tlp = "red"  # the most restricted label shown: `shown` lowers it

    def shown(self, drafts: bool = False, tlp_max: Tlp = "clear") -> Content:
        """The content as a build shows it: the one decision of which briefs are left out
        (drafts unless `drafts`, briefs marked above `tlp_max`), for every output. Registry
        sources that only withheld briefs cite are left out with them."""
        briefs: dict[str, Brief] = {}
        withheld = dict(self.withheld)
        for brief_id, brief in self.briefs.items():
            reason = withheld_because(brief, drafts, tlp_max)
            if reason is None:
                briefs[brief_id] = brief
            else:
                withheld[brief_id] = reason
        from .registry import cited_only_by_withheld  # the registry reads these models

        hidden = cited_only_by_withheld(self, briefs)
        sources = {k: s for k, s in self.sources.items() if k not in hidden}
        return Content(briefs, self.actors, sources, self.events, withheld, tlp_max)

    def published(self) -> Content:
        """The content as a production build shows it by default: no drafts, TLP:CLEAR."""
        return self.shown()


FileModel = type[Brief] | type[Actor] | type[RegistrySource] | type[SharedEvent]


def json_schema(model: FileModel) -> dict[str, Any]:
    """JSON Schema of one file kind, for yaml-language-server completion."""
    return copy.deepcopy(_json_schema(model))  # a copy: callers may change theirs


@functools.cache  # the same for every call of a process; pydantic takes ~0.1 s for each
def _json_schema(model: FileModel) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    schema["properties"].pop("id", None)
    schema["required"] = [r for r in schema.get("required", []) if r != "id"]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
