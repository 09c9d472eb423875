"""The YAML reader: positions of keys and values, and what it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import memory_peak

from generator import source
from generator.diagnostics import Diagnostic, Severity
from generator.markup import find_refs
from generator.source import Document, Span, read_document

PARSERS = [
    pytest.param(getattr(yaml, "CSafeLoader", yaml.SafeLoader), id="libyaml"),
    pytest.param(yaml.SafeLoader, id="pure-python"),
]


@pytest.fixture(params=PARSERS)
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> object:
    """Run a test with libyaml's parser and with PyYAML's pure-Python one."""
    monkeypatch.setattr(source, "_PARSER", request.param)
    return request.param


def read(
    tmp_path: Path, text: str | bytes, name: str = "x.yml"
) -> tuple[Document | None, list[Diagnostic]]:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return read_document(path, f"content/briefs/{name}")


def parse(tmp_path: Path, text: str | bytes) -> Document:
    doc, problems = read(tmp_path, text)
    assert problems == []
    assert doc is not None
    return doc


def refusal(tmp_path: Path, text: str | bytes) -> tuple[int, int, str, str]:
    doc, problems = read(tmp_path, text)
    assert doc is None
    assert len(problems) == 1
    (diag,) = problems
    assert diag.severity is Severity.ERROR
    assert diag.path == "content/briefs/x.yml"
    return diag.line, diag.col, diag.message, diag.hint


def pos(span: Span) -> tuple[int, int]:
    return span.line, span.col


def at(doc: Document, span: Span) -> str:
    return doc.text[span.start : span.end]


# --- positions ----------------------------------------------------------------------


def test_spans_of_keys_and_values_are_one_based(tmp_path: Path, parser: object) -> None:
    doc = parse(
        tmp_path,
        "title: Test launch\n"
        "tags:\n"
        "  - missiles\n"
        "  - korea\n"
        "events:\n"
        "  - date: 2025-03\n"
        "    title: Launch\n",
    )
    assert doc.data == {
        "title": "Test launch",
        "tags": ["missiles", "korea"],
        "events": [{"date": "2025-03", "title": "Launch"}],
    }
    assert pos(doc.keys[("title",)]) == (1, 1)
    assert pos(doc.values[("title",)]) == (1, 8)
    assert at(doc, doc.values[("title",)]) == "Test launch"
    assert pos(doc.values[("tags", 1)]) == (4, 5)
    assert at(doc, doc.values[("tags", 1)]) == "korea"
    assert pos(doc.keys[("events", 0, "title")]) == (7, 5)
    assert pos(doc.values[("events", 0, "date")]) == (6, 11)
    # A collection's span starts at its first item and covers it all.
    assert pos(doc.values[("events", 0)]) == (6, 5)
    assert at(doc, doc.values[("events", 0)]).endswith("title: Launch\n")


def test_non_ascii_text_keeps_columns_in_characters(tmp_path: Path, parser: object) -> None:
    doc = parse(
        tmp_path,
        "name: Сергей Шойгу\n"
        'native_name: {ko: 김정은, ru: "Шойгу", en: Kim}\n'
        "description: 김정은 met [[sergei-shoigu]].\n",
    )
    assert pos(doc.values[("native_name", "ru")]) == (2, 28)
    assert pos(doc.keys[("native_name", "en")]) == (2, 37)
    assert at(doc, doc.values[("native_name", "en")]) == "Kim"
    assert at(doc, doc.values[("name",)]) == "Сергей Шойгу"
    (ref,) = doc.spans_in_value(("description",), [(8, "[[sergei-shoigu]]")])
    assert (ref.line, ref.col) == (3, 22)
    assert at(doc, ref) == "[[sergei-shoigu]]"


def test_bom_is_not_counted(tmp_path: Path) -> None:
    doc = parse(tmp_path, "\ufefftitle: Test\n")
    assert doc.data == {"title": "Test"}
    assert pos(doc.values[("title",)]) == (1, 8)


def test_span_falls_back_to_the_nearest_ancestor(tmp_path: Path) -> None:
    doc = parse(tmp_path, "# comment\nsources:\n  - id: a\n    title: A\n")
    # A missing field is reported at the mapping that should hold it.
    assert pos(doc.span(("sources", 0, "url"))) == (3, 5)
    assert pos(doc.span(("nothing", "here"))) == (2, 1)
    assert pos(doc.span(("sources", 0, "id"))) == (3, 9)
    assert pos(doc.span(("sources", 0, "id"), prefer_key=True)) == (3, 5)
    empty = Document("x.yml", "", {})
    assert empty.span(("title",)) == Span(1, 1, 0, 0)


def test_error_and_warning_point_at_value_or_key(tmp_path: Path) -> None:
    doc = parse(tmp_path, "title: Test\nsumary: x\n")
    err = doc.error(("sumary",), "unknown field 'sumary'", "did you mean 'summary'?", key=True)
    assert (err.path, err.line, err.col, err.severity) == ("content/briefs/x.yml", 2, 1, "error")
    assert err.hint == "did you mean 'summary'?"
    warn = doc.warning(("title",), "look")
    assert (warn.line, warn.col, warn.severity, warn.is_error) == (1, 8, "warning", False)


def spans_of_refs(doc: source.Document, key: str) -> list[tuple[int, int, str]]:
    refs = find_refs(doc.data[key])
    spans = doc.spans_in_value((key,), [(ref.offset, ref.raw) for ref in refs])
    return [(span.line, span.col, at(doc, span)) for span in spans]


def test_spans_in_value_find_each_reference_in_the_file(tmp_path: Path) -> None:
    doc = parse(
        tmp_path,
        "title: '[[x]]'\n"
        "body: |\n  First `[[x]]` [[x]] and\n  second [[x]], then [[x|X]].\n"
        "summary: >\n  folded [[a]]\n  more [[b]]\n"
        'quoted: "tab\\t [[c]] \\" [[d]] \\u00e9 [[e]]"\n'
        "single: 'it''s [[f]]'\n",
    )
    assert spans_of_refs(doc, "title") == [(1, 9, "[[x]]")]
    # The copy inside a code span is skipped, as find_refs skips it.
    assert spans_of_refs(doc, "body") == [(3, 17, "[[x]]"), (4, 10, "[[x]]"), (4, 22, "[[x|X]]")]
    assert spans_of_refs(doc, "summary") == [(6, 10, "[[a]]"), (7, 8, "[[b]]")]
    assert spans_of_refs(doc, "quoted") == [(8, 16, "[[c]]"), (8, 25, "[[d]]"), (8, 38, "[[e]]")]
    assert spans_of_refs(doc, "single") == [(9, 16, "[[f]]")]


def test_spans_in_value_fall_back_to_the_whole_value(tmp_path: Path) -> None:
    doc = parse(tmp_path, "title: x\nbody: '[[x]]'\n")
    whole = doc.values[("body",)]
    # A piece that is not where the offset says, and an offset past the end.
    assert doc.spans_in_value(("body",), [(0, "[[y]]")]) == [whole]
    assert doc.spans_in_value(("body",), [(99, "[[x]]")]) == [whole]
    assert doc.spans_in_value(("nothing",), [(0, "[[x]]")]) == [doc.span(())]


def test_scalars_keep_their_types_and_dates_stay_text(tmp_path: Path, parser: object) -> None:
    doc = parse(
        tmp_path,
        "date: 2025-03-21\nyear: 2025\nratio: 0.5\nflag: true\nnothing: ~\nquoted: '12'\n"
        "explicit: !!str 12\nstamp: !!timestamp 2025-03-21\n",
    )
    assert doc.data == {
        "date": "2025-03-21",
        "year": 2025,
        "ratio": 0.5,
        "flag": True,
        "nothing": None,
        "quoted": "12",
        "explicit": "12",
        "stamp": "2025-03-21",
    }


def test_reading_numbers_does_not_grow_a_shared_cache(tmp_path: Path) -> None:
    before = len(source._CONSTRUCTOR.constructed_objects)
    for _ in range(3):
        parse(tmp_path, "a: 1\nb: true\nc: ~\nd: 1.5\n")
    assert len(source._CONSTRUCTOR.constructed_objects) == before


def test_aliases_are_shared_not_copied(tmp_path: Path) -> None:
    doc = parse(tmp_path, "a: &list [1, 2]\nb: *list\n")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}
    assert doc.data["a"] is doc.data["b"]
    assert pos(doc.values[("b",)]) == (2, 4)


# --- refusals: structure -------------------------------------------------------------


def test_duplicate_keys_are_reported_and_the_first_value_kept(tmp_path: Path) -> None:
    doc, problems = read(
        tmp_path,
        "title: First\nevents:\n  - date: 2025-03-21\n    date: 2025-03-20\ntitle: Second\n",
    )
    assert doc is not None
    assert doc.data == {"title": "First", "events": [{"date": "2025-03-21"}]}
    assert [(d.line, d.col, d.message) for d in problems] == [
        (4, 5, "duplicate key 'date' (first at line 3)"),
        (5, 1, "duplicate key 'title' (first at line 1)"),
    ]
    assert all("silently keep only the last" in d.hint for d in problems)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "file is empty"),
        ("# only a comment\n", "file is empty"),
        ("~\n", "file is empty"),
        ("- a\n- b\n", "the top level must be a mapping of fields, not a list"),
        ("just text\n", "the top level must be a mapping of fields, not text"),
        ("42\n", "the top level must be a mapping of fields, not a number"),
    ],
)
def test_empty_or_not_a_mapping(tmp_path: Path, text: str, message: str) -> None:
    assert refusal(tmp_path, text)[2] == message


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        ("title: Test\nsummary: Caf\xe9\n".encode("latin-1"), (2, 13)),
        ("title: 김정은\nsummary: ".encode() + b"\xff\n", (2, 10)),
        ("\ufefftitle: Caf".encode() + b"\xe9\n", (1, 11)),  # the BOM is no column
        ("title: Test\n".encode("utf-16"), (1, 1)),
    ],
)
def test_not_utf8_points_at_the_first_bad_byte(
    tmp_path: Path, raw: bytes, where: tuple[int, int]
) -> None:
    line, col, message, hint = refusal(tmp_path, raw)
    assert (line, col) == where
    assert message == "file is not valid UTF-8"
    assert "UTF-8" in hint


def test_syntax_error_has_position_and_hint(tmp_path: Path, parser: object) -> None:
    line, col, message, hint = refusal(tmp_path, "title: Note: this breaks\n")
    assert (line, col) == (1, 12)
    assert message.startswith("YAML syntax error: mapping values are not allowed")
    assert "quote text" in hint


def test_unclosed_quote_says_where_it_started(tmp_path: Path) -> None:
    line, col, message, _ = refusal(tmp_path, 'title: "Test\ndate: 2025-03-21\n')
    assert (line, col) == (3, 1)
    assert "quoted scalar" in message
    assert "(started at line 1, column 8)" in message


def test_control_character_position_counts_characters(tmp_path: Path, parser: object) -> None:
    line, col, message, _ = refusal(tmp_path, "name: 김정은 Шойгу\nnote: a\x07b\n")
    assert (line, col) == (2, 8)
    assert message == "character U+0007 is not allowed in YAML"


def test_more_than_one_document(tmp_path: Path, parser: object) -> None:
    line, col, message, hint = refusal(tmp_path, "title: a\n---\ntitle: b\n")
    assert (line, col, message) == (2, 1, "more than one YAML document in the file")
    assert "---" in hint


def test_an_explicit_first_document_is_fine(tmp_path: Path) -> None:
    assert parse(tmp_path, "---\ntitle: a\n...\n").data == {"title": "a"}


@pytest.mark.parametrize(
    ("text", "tag", "where"),
    [
        ("title: !!python/object/apply:os.system [ls]\n", "python/object/apply:os.system", (1, 8)),
        ("title: !!python/object:os.system {a: 1}\n", "python/object:os.system", (1, 8)),
        ("summary: !!python/name:os.system\n", "python/name:os.system", (1, 10)),
        ("body: !!binary aGVsbG8=\n", "binary", (1, 7)),
        ("tags: !!set {a, b}\n", "set", (1, 7)),
        ("tags: !!omap [a: 1]\n", "omap", (1, 7)),
        ("body: !include body.md\n", "!include", (1, 7)),
        ("!!python/name:os.system title: x\n", "python/name:os.system", (1, 1)),
    ],
)
def test_unsupported_tags_are_refused(
    tmp_path: Path, parser: object, text: str, tag: str, where: tuple[int, int]
) -> None:
    line, col, message, hint = refusal(tmp_path, text)
    assert (line, col) == where
    assert message.startswith("unsupported YAML tag '") and message.endswith(f"{tag}'")
    assert hint.startswith("remove the tag")


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ("n: !!int Q123\n", "'Q123' is not a valid int", "remove the tag"),
        ("n: !!bool maybe\n", "'maybe' is not a valid bool", "remove the tag"),
        ("n: !!float x\n", "'x' is not a valid float", "remove the tag"),
        ("n: " + "9" * 5000 + "\n", "'" + "9" * 40 + "…' is not a valid int", "quote it"),
    ],
)
def test_values_that_do_not_fit_their_type_are_refused(
    tmp_path: Path, parser: object, text: str, message: str, hint: str
) -> None:
    line, col, got, got_hint = refusal(tmp_path, text)
    assert (line, col, got) == (1, 4, message)
    assert got_hint.startswith(hint)


def test_keys_must_be_plain_text(tmp_path: Path) -> None:
    assert refusal(tmp_path, "? [a, b]\n: c\n")[:3] == (1, 3, "a key must be plain text")
    assert refusal(tmp_path, "a: &k x\n*k : y\n")[2] == "a key must be plain text"


def test_unknown_alias(tmp_path: Path) -> None:
    # An alias may not refer to the node that contains it (no recursive structures).
    assert refusal(tmp_path, "a: &x [*x]\n")[:3] == (1, 8, "unknown alias '*x'")


# --- refusals: hostile input, bounded time and memory --------------------------------


def billion_laughs(levels: int = 10, width: int = 10) -> str:
    lines = ["title: Laughs", "lol0: &l0 [" + ", ".join(['"lol"'] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_with_bounded_memory(tmp_path: Path, parser: object) -> None:
    text = billion_laughs()  # 10**10 strings if expanded
    with memory_peak() as peak:
        line, _col, message, hint = refusal(tmp_path, text)
    assert message == f"document expands to more than {source.MAX_NODES} values"
    assert "aliases" in hint
    assert line == 6  # lol4 = 111111 values: the first level above the budget
    assert peak.bytes < 50 * 1024 * 1024


def test_node_budget_counts_expanded_aliases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(source, "MAX_NODES", 100)
    text = "a: &a [" + ", ".join(["x"] * 20) + "]\nb: [*a, *a, *a, *a, *a, *a]\n"
    line, col, message, _ = refusal(tmp_path, text)
    # 1 root + 21 for a + 1 for b's list + 21 per alias: the 4th alias passes 100.
    assert (line, col) == (2, 17)
    assert message == "document expands to more than 100 values"


@pytest.mark.parametrize("depth", [30, 100])
def test_deep_block_nesting_is_refused(tmp_path: Path, parser: object, depth: int) -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "v\n"
    with memory_peak() as peak:
        line, col, message, _ = refusal(tmp_path, text)
    assert message == f"nesting deeper than {source.MAX_DEPTH} levels"
    # The first mapping deeper than the limit: the one holding k25 (26th line, 25 levels in).
    assert (line, col) == (source.MAX_DEPTH + 2, 2 * (source.MAX_DEPTH + 1) + 1)
    assert peak.bytes < 50 * 1024 * 1024


def test_nesting_up_to_the_limit_is_fine(tmp_path: Path) -> None:
    depth = source.MAX_DEPTH
    doc = parse(tmp_path, "a: " + "[" * (depth - 1) + "x" + "]" * (depth - 1) + "\n")
    value = doc.data["a"]
    for _ in range(depth - 2):
        value = value[0]
    assert value == ["x"]


@pytest.mark.parametrize("depth", [30, 900, 5000])
def test_deep_flow_nesting_is_refused(tmp_path: Path, depth: int) -> None:
    text = "tags: " + "[" * depth + "]" * depth + "\n"
    with memory_peak() as peak:
        line, col, message, hint = refusal(tmp_path, text)
    assert message == f"nesting deeper than {source.MAX_DEPTH} levels"
    assert line == 1 and col > source.MAX_DEPTH
    assert "YAML syntax" not in message and "indentation" not in hint
    assert peak.bytes < 50 * 1024 * 1024


@pytest.mark.slow  # a third of a second or more: out of make test-fast
def test_deep_flow_nesting_with_the_pure_python_parser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(source, "_PARSER", yaml.SafeLoader)
    text = "tags: " + "[" * 5000 + "]" * 5000 + "\n"
    assert refusal(tmp_path, text)[:3] == (1, 31, f"nesting deeper than {source.MAX_DEPTH} levels")


def test_file_above_the_size_limit_is_not_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(source, "MAX_FILE_BYTES", 64)
    monkeypatch.setattr(source, "_parse", lambda doc: pytest.fail("a large file was parsed"))
    text = "title: " + "x" * 100 + "\n"
    line, col, message, hint = refusal(tmp_path, text)
    assert (line, col) == (1, 1)
    assert message == "file is 108 bytes, above the limit of 64"
    assert hint


def test_file_at_the_size_limit_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_FILE_BYTES", 12)
    assert parse(tmp_path, "title: 12345").data == {"title": 12345}
