"""`briefing new`: start a brief, actor, registry source or shared event file that
already passes `briefing check`.

The file's id is its title or name transliterated to an ASCII slug by python-slugify
("Сергей Лавров" → `sergei-lavrov`). It holds every required field, with today's date
and placeholder text, and every optional field commented out as a reminder. An
existing file is never overwritten.
"""

from __future__ import annotations

import json
import typing
from datetime import date
from pathlib import Path

from slugify import slugify

from .model import ActorKind, check_url, parse_partial_date
from .source import CONTROL_CHARACTERS
from .validate import RESERVED_IDS, RESERVED_IN_FOLDER

# Apostrophes join a word rather than split it: "Iran's" → `irans`, not `iran-s`.
_APOSTROPHES = [["'", ""], ["’", ""], ["ʼ", ""]]
MAX_ID_LENGTH = 80


class NewFileError(Exception):
    """The file cannot be created; the message says why and names the path."""


def make_id(text: str, what: str = "brief") -> str:
    """The slug id for a title or name; raises NewFileError when none can be made."""
    if CONTROL_CHARACTERS.search(text):
        raise NewFileError("a title or name cannot hold control characters")
    ident = slugify(text, replacements=_APOSTROPHES, max_length=MAX_ID_LENGTH, word_boundary=True)
    if not ident:
        raise NewFileError(
            f"'{text}' gives no id: a title or name needs at least one letter or digit"
        )
    if ident in RESERVED_IDS or ident in RESERVED_IN_FOLDER.get(f"{what}s", ()):
        raise NewFileError(
            f"'{text}' gives the id '{ident}', which is reserved for the listing page; "
            "choose another title or name"
        )
    return ident


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar, whatever the text holds.
    return json.dumps(text, ensure_ascii=False)


def brief_text(title: str, today: date) -> str:
    return f"""\
# yaml-language-server: $schema=../schema/brief.schema.json
title: {_quoted(title)}
date: {today.isoformat()}
# A draft shows in `make serve` but is not published: remove this line to publish.
status: draft
summary: >-
  The bottom line up front, in a few sentences. Replace this text.

# Optional fields: uncomment and fill in what the brief needs.
# updated: {today.isoformat()}
# authors: [person-actor-id]     # who wrote it: actors of kind person
# tlp: amber                      # TLP 2.0: clear, green, amber, amber+strict or red
# tags: [tag-one, tag-two]
# key_judgments:
#   - text: What we judge, and why.
#     horizon: through the end of {today.year}
#     basis: The evidence and assumptions it rests on, in Markdown.
#     indicators: [What would change it]
#     likelihood: likely        # ICD 203: almost no chance … almost certain
#     confidence: moderate      # low, moderate or high
#     sources: [source-id]
# body: |
#   The analysis, in Markdown. Link actors with [[actor-id]] and cite
#   sources with [^source-id].
# actors:
#   - actor-id
#   - {{actor: other-actor-id, role: what they did}}
# events:
#   - date: "{today.year}-{today.month:02d}"
#     title: What happened
#     actors: [actor-id]
#     location: {{name: Place, country: KP}}
#     sources: [source-id]
# quotes:
#   - by: actor-id
#     text: What they said.
#     kind: direct              # or paraphrase, or partial (verbatim fragments)
#     medium: speech            # interview, statement, press-conference, social-post, ...
#     venue: Where it was said
#     source: source-id
# sources:
#   - id: source-id
#     title: Title of the document
#     publisher: Who published it
#     url: https://example.org/document
#     reliability: B            # Admiralty grade, A to F
# related: [other-brief-id]
# corrections:
#   - date: {today.isoformat()}
#     text: What was corrected.
"""


def actor_text(name: str, kind: ActorKind) -> str:
    return f"""\
# yaml-language-server: $schema=../schema/actor.schema.json
name: {_quoted(name)}
kind: {kind}

# Optional fields: uncomment and fill in what you know.
# native_name: The name in its own script
# aliases: [Other spelling, Abbreviation]
# title: Position or role
# affiliations:
#   - actor-id
#   - {{actor: other-actor-id, as: member, from: "2019", to: "2023-06"}}
# country: KP                  # ISO 3166-1 alpha-2 code
# wikidata: Q123456
# description: |
#   Who this is, in Markdown; may link other actors with [[actor-id]].
"""


def create(content: Path, folder: str, ident: str, text: str) -> Path:
    """Write `content/<folder>/<ident>.yml`; never over an existing file."""
    directory = content / folder
    existing = [directory / f"{ident}{suffix}" for suffix in (".yml", ".yaml")]
    for path in existing:
        if path.exists() or path.is_symlink():
            raise NewFileError(f"{path.as_posix()} already exists; not overwritten")
    path = existing[0]
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file where the folder should be, say
        raise NewFileError(f"cannot create {directory.as_posix()}: {exc.strerror or exc}") from None
    try:
        with path.open("x", encoding="utf-8") as stream:  # "x": never overwrite
            stream.write(text)
    except FileExistsError:
        raise NewFileError(f"{path.as_posix()} already exists; not overwritten") from None
    except OSError as exc:
        raise NewFileError(f"cannot write {path.as_posix()}: {exc.strerror or exc}") from None
    return path


def source_text(title: str, url: str) -> str:
    return f"""\
# yaml-language-server: $schema=../schema/source.schema.json
title: {_quoted(title)}
publisher: Who published it
url: {_quoted(url)}

# Optional fields: uncomment and fill in what you know.
# published: YYYY-MM-DD
# accessed: YYYY-MM-DD
# archive_url: https://web.archive.org/...
# reliability: B            # Admiralty grade, A to F
# authors: [Name One, Name Two]
# outlet: actor-id          # the actor (e.g. a media actor) that published it
# republished_by: Where this copy appeared (a syndicated wire story)
# language: en              # BCP 47
# kind: article             # report, statement, transcript, social-post, dataset, ...
"""


def event_text(title: str, when: str) -> str:
    return f"""\
# yaml-language-server: $schema=../schema/event.schema.json
date: {_quoted(when)}
title: {_quoted(title)}

# Optional fields: uncomment and fill in what you know.
# date_label: late February 2025
# end: "YYYY-MM-DD"
# description: What happened, in Markdown.
# actors: [actor-id]
# location: {{name: Place, country: KP}}
# sources: [registry-source-id]   # or {{source: id, credibility: 2}}; registry sources only
"""


def new_file_text(what: str, title: str, today: date, option: str | None) -> str:
    """The text of a new file of kind `what`; `option` is the actor's kind, the source's
    URL or the event's date, as the kind needs (checked here: the file must pass)."""
    try:
        if what == "source":
            return source_text(title, check_url(str(option)))
        if what == "event":
            return event_text(title, parse_partial_date(option).iso)
    except ValueError as exc:
        raise NewFileError(str(exc)) from None
    if what == "actor":
        return actor_text(title, typing.cast(ActorKind, option))
    return brief_text(title, today)
