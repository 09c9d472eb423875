"""The content model: what a brief and an actor are, as validated, typed data.

Field-level rules (types, enums, dates, slugs, URLs) live here, declared once; pydantic
checks them and the validator turns its errors into `path:line:col` diagnostics. Rules
that span files (references, duplicates) live in `validate.py`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from functools import total_ordering
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    Strict,
    WithJsonSchema,
    field_validator,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)

LIKELIHOODS: dict[str, str] = {
    # ICD 203 expressions of likelihood and their probability bands.
    "almost no chance": "01–05%",
    "very unlikely": "05–20%",
    "unlikely": "20–45%",
    "roughly even chance": "45–55%",
    "likely": "55–80%",
    "very likely": "80–95%",
    "almost certain": "95–99%",
}
Likelihood = Literal[
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
]
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
Status = Literal["published", "draft"]
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
COUNTRY_CODES = frozenset(
    """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ
    DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP
    GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG
    KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML
    MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE
    PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL
    SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM
    US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW""".split()
)

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


def check_slug(value: str) -> str:
    if not _SLUG.match(value):
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
    if value not in COUNTRY_CODES:
        hint = " (codes are upper case)" if value.upper() in COUNTRY_CODES else ""
        raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-2 country code{hint}")
    return value


def check_wikidata(value: str) -> str:
    if not re.fullmatch(r"Q[1-9]\d*", value):
        raise ValueError(f"'{value}' is not a Wikidata id (Q followed by digits, e.g. Q56226)")
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


class KeyJudgment(Model):
    text: Text
    likelihood: Likelihood
    confidence: Confidence
    sources: list[Slug] = []


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
    sources: list[Slug] = []


class Quote(Model):
    by: Slug
    text: Text
    kind: Literal["direct", "paraphrase"]
    source: Slug
    date: FlexDate | None = None


class ActorRef(Model):
    actor: Slug
    role: Text | None = None


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
    events: list[Event] = []
    quotes: list[Quote] = []
    sources: list[Source] = []
    related: list[Slug] = []
    corrections: list[Correction] = []

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


class Actor(Model):
    """A person, state, organization, outlet, armed force or group."""

    id: Annotated[str, Field(exclude=True)]
    name: Name
    kind: ActorKind
    native_name: Name | None = None
    aliases: list[Name] = []
    title: Text | None = None
    affiliations: list[Slug] = []
    country: Country | None = None
    wikidata: Annotated[str, AfterValidator(check_wikidata)] | None = None
    description: str = ""

    @property
    def names(self) -> list[str]:
        """Every name the actor goes by: display, native, aliases."""
        names = [self.name]
        if self.native_name:
            names.append(self.native_name)
        names.extend(self.aliases)
        return names


@dataclass(frozen=True)
class Content:
    """Everything in `content/`, validated: briefs and actors by id."""

    briefs: dict[str, Brief]
    actors: dict[str, Actor]

    def published(self) -> Content:
        """The content without drafts, as a production build shows it."""
        briefs = {k: b for k, b in self.briefs.items() if not b.is_draft}
        return Content(briefs, self.actors)


def json_schema(model: type[Brief] | type[Actor]) -> dict[str, Any]:
    """JSON Schema of one file kind, for yaml-language-server completion."""
    schema = model.model_json_schema(mode="validation")
    schema["properties"].pop("id", None)
    schema["required"] = [r for r in schema.get("required", []) if r != "id"]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
