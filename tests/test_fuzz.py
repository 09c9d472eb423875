"""Fuzzing the reader and the validator: no input may end in anything but diagnostics.

Near-valid brief and actor files are mutated (a field's value replaced by a wrong type,
a huge number, a YAML tag, odd Unicode or control characters; raw lines inserted) and
loaded through `load_content`, the path `briefing check`, the build and serve share.
The only exception allowed out is BriefingError, and the catch-all "internal error"
diagnostic must never be needed. The budget is fixed so CI time stays bounded.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
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


@st.composite
def mutated(draw: st.DrawFn, lines: list[str]) -> str:
    out = list(lines)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        i = draw(st.integers(min_value=0, max_value=len(out) - 1))
        line = out[i]
        action = draw(st.sampled_from(["value", "insert", "delete", "indent"]))
        if action == "value" and ":" in line:
            key = line.split(":", 1)[0]
            out[i] = f"{key}: {draw(SCALARS)}"
        elif action == "insert":
            key = draw(st.sampled_from(["title", "kind", "extra", "date", "- x", "  y"]))
            out.insert(i, f"{key}: {draw(SCALARS)}")
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
        for folder, name, text in (
            ("briefs", "a.yml", brief),
            ("actors", "north-korea.yml", actor),
        ):
            (root / "content" / folder).mkdir(parents=True, exist_ok=True)
            (root / "content" / folder / name).write_text(
                text, encoding="utf-8", errors="surrogatepass"
            )
        try:
            _, diagnostics = load_content(root / "content", root)
        except BriefingError as exc:
            diagnostics = exc.diagnostics
        for diag in diagnostics:
            assert "internal error" not in diag.message, (diag, brief, actor)
            assert diag.line >= 1 and diag.col >= 1
