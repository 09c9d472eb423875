"""Fuzzing the reader and the validator: no input may end in anything but diagnostics.

Near-valid brief and actor files are mutated (a field's value replaced by a wrong type,
a huge number, a YAML tag, odd Unicode or control characters; raw lines inserted) and
loaded through `load_content`, the path `briefing check`, the build and serve share.
The only exception allowed out is BriefingError, and the catch-all "internal error"
diagnostic must never be needed. The budget is fixed so CI time stays bounded.

A second test mutates the files and fields of issue 12 together: a brief with authors,
a TLP label, graded citations, a judgment's horizon, basis and indicators, a shared event
by id and a partial quote with medium and venue; a person actor; an actor with
affiliation objects; a registry source (content/sources/) and a shared event
(content/events/) that cite and point at each other.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from helpers import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diagnostics import BriefingError
from generator.validate import load_content

BRIEF_LINES = [
    "title: Test launch",
    "date: 2025-03-21",
    'summary: "[[north-korea]] fired a missile.[^kcna]"',
    "tags: [missiles]",
    "key_judgments:",
    "  - text: More will follow.",
    "    likelihood: likely",
    "    confidence: moderate",
    "    sources: [kcna]",
    "events:",
    '  - date: "2025-03"',
    "    title: Launch",
    "    actors: [north-korea]",
    "    location: {name: Pyongyang, country: KP}",
    "quotes:",
    "  - by: north-korea",
    "    text: A success.",
    "    kind: direct",
    "    source: kcna",
    "sources:",
    "  - id: kcna",
    "    title: KCNA report",
    "    publisher: KCNA",
    "    url: https://example.org/kcna",
]
ACTOR_LINES = [
    "name: North Korea",
    "kind: state",
    "native_name: 조선",
    "aliases: [DPRK]",
    "country: KP",
    "wikidata: Q423",
    "description: A state; see [[north-korea]].",
]

# Raw YAML values that have broken readers before, or could.
HOSTILE_VALUES = [
    "0x" + "f" * 3000,
    ":".join(["59"] * 600),
    "0" + "7" * 2000,
    "9" * 5000,
    '!!int ""',
    "!!float",
    '!!bool ""',
    "!!binary aGk=",
    "!!timestamp 2025-02-30",
    "!!python/object:os.system x",
    "!!str",
    "!!map {}",
    "!!seq []",
    "~",
    "[]",
    "{}",
    "[[[[[[[[[[]]]]]]]]]]",
    "&a [*a]",
    "*nowhere",
    "1e999",
    ".nan",
    "-.inf",
    "2025-13-45",
    "yes",
    '"\\x00\\x1f\\uFFFE\\uFFFF\\U0010FFFF"',
    "'[x](javascript:alert(1)) ![i](../i.png) <a@b.c> [r][r]\n\n  [r]: #frag'",
    '"[[" ',
    '"```"',
    "|\n  ```x\n  ```x\n  [[a]]",
    ">-\n  folded [[ghost]]\n  [^nowhere]",
    "? complex\n: key",
]
SCALARS = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    st.integers(min_value=-(2**200), max_value=2**200).map(str),
    st.floats(allow_nan=True).map(repr),
    st.text(max_size=30).map(
        lambda t: '"' + t.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'
    ),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=20),
)


# The fields of issue 12, each with a value the mutations can replace.
ANALYTIC_BRIEF_LINES = [
    "title: Test launch",
    "date: 2025-03-21",
    "tlp: amber+strict",
    "authors: [analyst]",
    'summary: "[[north-korea]] fired a missile.[^kcna][^wire]"',
    "key_judgments:",
    "  - text: More will follow.",
    "    likelihood: likely",
    "    confidence: moderate",
    "    sources:",
    "      - kcna",
    "      - {source: wire, credibility: 2}",
    "      - source: wire",
    "        credibility: 6",
    "    horizon: through the end of 2025",
    "    basis: |",
    "      Rests on [^wire] and [[north-korea|the state]].",
    "    indicators: [A second launch, A test ban]",
    "events:",
    "  - launch",
    '  - date: "2025-03"',
    "    title: Inline",
    "    sources: [{source: wire, credibility: 1}]",
    "quotes:",
    "  - by: north-korea",
    "    text: A success.",
    "    kind: partial",
    "    source: wire",
    "    medium: press-conference",
    "    venue: Pyongyang",
    "sources:",
    "  - id: kcna",
    "    title: KCNA report",
    "    publisher: KCNA",
    "    url: https://example.org/kcna",
]
AFFILIATED_ACTOR_LINES = [
    "name: Analyst",
    "kind: person",
    "affiliations:",
    "  - {actor: kcna-agency, as: correspondent, from: 2020-01-02}",
    "  - actor: north-korea",
    "    as: ambassador to",
    '    from: "2019"',
    '    to: "2023-05"',
]
REGISTRY_SOURCE_LINES = [
    "title: Wire story",
    "publisher: Agency",
    "url: https://example.org/wire",
    'published: "2025-03-21"',
    "reliability: B",
    "authors: [A. Writer, Б. Автор]",
    "outlet: kcna-agency",
    "republished_by: Another Agency",
    "language: zh-Hant-TW",
    "kind: article",
]
SHARED_EVENT_LINES = [
    'date: "2025-03"',
    "date_label: mid-March 2025",
    'end: "2025-04-02"',
    "title: Launch",
    "description: Seen by [[north-korea]].[^wire]",
    "actors: [north-korea, analyst]",
    "location: {name: Pyongyang, country: KP, coordinates: [39.0, 125.7]}",
    "sources: [wire, {source: wire, credibility: 3}]",
]
# Values aimed at the new fields' validators (grades, labels, tags, ties).
ANALYTIC_VALUES = [
    "{source: wire, credibility: 99999999999999999999999999}",
    "{source: wire, credibility: true}",
    "{source: wire, credibility: 2.5}",
    '{source: wire, credibility: "2"}',
    "{source: [wire], credibility: {}}",
    "{source: wire, credibility: 2, extra: 1}",
    "AMBER",
    "amber+",
    "TLP:RED",
    "{actor: north-korea, as: [x], from: 2019-02-30, to: '2018'}",
    "{actor: north-korea, to: '2019', from: '2019-12'}",
    "{as: member}",
    "x-private",
    "en-" + "a" * 3000,
    "zh-Hant-TW-x-a-b-c",
    "i-klingon",
    "Russian",
    "!!python/name:os.system",
    "[launch, launch]",
    "[{date: '2025', title: x}, launch, [launch]]",
]
INSERTED_KEYS = ["title", "kind", "extra", "date", "- x", "  y", "  - source", "    as", "tlp"]
ANALYTIC_SCALARS = st.one_of(SCALARS, st.sampled_from(ANALYTIC_VALUES))


@st.composite
def mutated(draw: st.DrawFn, lines: list[str], scalars: st.SearchStrategy[str] = SCALARS) -> str:
    out = list(lines)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        i = draw(st.integers(min_value=0, max_value=len(out) - 1))
        line = out[i]
        action = draw(st.sampled_from(["value", "insert", "delete", "indent"]))
        if action == "value" and ":" in line:
            key = line.split(":", 1)[0]
            out[i] = f"{key}: {draw(scalars)}"
        elif action == "insert":
            key = draw(st.sampled_from(INSERTED_KEYS))
            out.insert(i, f"{key}: {draw(scalars)}")
        elif action == "delete":
            del out[i]
        else:
            out[i] = "  " + line
    return "\n".join(out) + "\n"


# A fixed budget, run by `make test` and CI; `make test-fast` leaves it out.
@pytest.mark.slow
@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(brief=mutated(BRIEF_LINES), actor=mutated(ACTOR_LINES))
def test_reader_and_validator_only_ever_report_diagnostics(brief: str, actor: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_content(root, {"briefs/a.yml": brief, "actors/north-korea.yml": actor})
        assert_only_diagnostics(root, brief, actor)


def write_content(root: Path, files: dict[str, str]) -> None:
    """Files under root/content/, written as given (lone surrogates included)."""
    for name, text in files.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", errors="surrogatepass")


def assert_only_diagnostics(root: Path, *inputs: str) -> None:
    """`load_content` of root/content ends in diagnostics, each with a real position."""
    try:
        _, diagnostics = load_content(root / "content", root)
    except BriefingError as exc:
        diagnostics = exc.diagnostics
    for diag in diagnostics:
        assert "internal error" not in diag.message, (diag, *inputs)
        assert diag.line >= 1 and diag.col >= 1, (diag, *inputs)


@settings(
    max_examples=examples(150),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    brief=mutated(ANALYTIC_BRIEF_LINES, ANALYTIC_SCALARS),
    actor=mutated(AFFILIATED_ACTOR_LINES, ANALYTIC_SCALARS),
    source=mutated(REGISTRY_SOURCE_LINES, ANALYTIC_SCALARS),
    event=mutated(SHARED_EVENT_LINES, ANALYTIC_SCALARS),
)
@pytest.mark.slow  # a third of a second or more: out of make test-fast
def test_registry_events_and_analytic_fields_only_ever_report_diagnostics(
    brief: str, actor: str, source: str, event: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_content(
            root,
            {
                "briefs/a.yml": brief,
                "actors/north-korea.yml": "\n".join(ACTOR_LINES) + "\n",
                "actors/analyst.yml": actor,
                "actors/kcna-agency.yml": "name: KCNA\nkind: media\n",
                "sources/wire.yml": source,
                "events/launch.yml": event,
            },
        )
        assert_only_diagnostics(root, brief, actor, source, event)
