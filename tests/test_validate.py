"""The validator: golden cases (content in, diagnostics out) and unit tests of its rules.

Each folder in tests/cases/ holds a `content/` tree and `expected.txt`, the exact text
`briefing check --content content` prints to stderr when run inside that folder. An
optional `limits.json` lowers the reader's limits (e.g. MAX_FILE_BYTES) for that case.
Run `pytest --update-golden` to rewrite the expectations, then review the diff.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from helpers import EXAMPLE_CONTENT
from pydantic_core import PydanticCustomError

from generator import source
from generator.cli import main, schemas
from generator.diagnostics import (
    BriefingError,
    Diagnostic,
    Severity,
    did_you_mean,
    format_diagnostic,
    format_github,
    format_report,
    summary_line,
)
from generator.markup import Ref, find_refs
from generator.model import (
    Actor,
    Brief,
    Content,
    PartialDate,
    RegistrySource,
    SharedEvent,
    check_country,
    check_slug,
    check_url,
    check_wikidata,
    json_schema,
    parse_day,
    parse_partial_date,
)
from generator.validate import load_content

CASES = Path(__file__).resolve().parent / "cases"
CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "content").is_dir())
DIAG_LINE = re.compile(r"^content/[^:]+:\d+:\d+: (error|warning): ")


def run_case(
    case: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    limits = case / "limits.json"
    if limits.exists():
        for name, value in json.loads(limits.read_text(encoding="utf-8")).items():
            assert hasattr(source, name), f"{limits}: generator.source has no {name}"
            monkeypatch.setattr(source, name, value)
    monkeypatch.chdir(case)
    code = main(["check", "--content", "content"])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_golden_case(
    case: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    update_golden: bool,
) -> None:
    code, out, err = run_case(case, monkeypatch, capsys)
    expected_file = case / "expected.txt"
    if update_golden:
        expected_file.write_text(err, encoding="utf-8")
    assert expected_file.exists(), f"no {expected_file}; run pytest --update-golden and review it"
    expected = expected_file.read_text(encoding="utf-8")
    assert err == expected
    assert out == ""
    assert "Traceback" not in err
    has_error = any(": error: " in line for line in expected.splitlines())
    assert code == (1 if has_error else 0)


def test_golden_cases_exist_and_are_well_formed() -> None:
    assert len(CASE_DIRS) >= 25
    for case in CASE_DIRS:
        lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
        assert lines, case.name
        summary = lines[-2] if lines[-1].startswith("ok: ") else lines[-1]
        assert re.fullmatch(r"\d+ error\(s\), \d+ warning\(s\)", summary), case.name
        for line in lines:
            if line.startswith("content/"):
                assert DIAG_LINE.match(line), f"{case.name}: {line}"
            else:
                assert line.startswith(("    hint: ", "ok: ")) or line == summary, line


# --- load_content --------------------------------------------------------------------

NK = "name: North Korea\nkind: state\n"
BRIEF = """\
title: Test launch
date: 2025-03-21
summary: "[[north-korea]] fired a missile.[^kcna]"
sources:
  - id: kcna
    title: KCNA report
    publisher: KCNA
    url: https://example.org/kcna
"""


def write_content(root: Path, files: dict[str, str]) -> Path:
    content = root / "content"
    for rel, text in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return content


def test_load_content_returns_validated_content_and_warnings(tmp_path: Path) -> None:
    content = write_content(
        tmp_path,
        {
            "briefs/test-launch.yml": BRIEF,
            "actors/north-korea.yml": NK,
            "actors/kim-jong-un.yml": "name: Kim Jong Un\nkind: person\nnative_name: 김정은\n",
        },
    )
    loaded, warnings = load_content(content, base=tmp_path)
    assert list(loaded.briefs) == ["test-launch"]
    assert sorted(loaded.actors) == ["kim-jong-un", "north-korea"]
    brief = loaded.briefs["test-launch"]
    assert brief.id == "test-launch"
    assert str(brief.date) == "2025-03-21"
    assert loaded.actors["kim-jong-un"].names == ["Kim Jong Un", "김정은"]
    assert [(w.path, w.line, w.col, w.message) for w in warnings] == [
        ("content/actors/kim-jong-un.yml", 1, 1, "no brief mentions actor 'kim-jong-un'")
    ]
    assert not any(w.is_error for w in warnings)


def test_every_problem_in_every_file_is_collected(tmp_path: Path) -> None:
    content = write_content(
        tmp_path,
        {
            "briefs/a.yml": BRIEF.replace("title:", "titel:", 1),
            "briefs/b.yml": BRIEF.replace("[^kcna]", "[^kcan]"),
            "briefs/c.yml": "title: [unclosed\n",
            "actors/north-korea.yml": NK.replace("state", "stat"),
        },
    )
    with pytest.raises(BriefingError) as info:
        load_content(content, base=tmp_path)
    found = [(d.path, d.line, d.message) for d in info.value.diagnostics]
    assert found == sorted(found)
    paths = {d.path for d in info.value.diagnostics}
    assert paths == {
        "content/briefs/a.yml",
        "content/briefs/b.yml",
        "content/briefs/c.yml",
        "content/actors/north-korea.yml",
    }
    assert (
        "content/briefs/b.yml",
        3,
        "unknown source 'kcan' (not declared in this brief's sources)",
    ) in found
    assert "5 error(s), 0 warning(s)" in str(info.value)  # titel: unknown + missing


def test_paths_are_relative_to_the_base(tmp_path: Path) -> None:
    content = write_content(tmp_path / "project", {"briefs/x.yml": "title: [\n"})
    with pytest.raises(BriefingError) as info:
        load_content(content, base=tmp_path)
    assert info.value.diagnostics[0].path == "project/content/briefs/x.yml"
    # A base the content is not under: the path is shown as given.
    with pytest.raises(BriefingError) as info:
        load_content(content, base=tmp_path / "elsewhere")
    assert info.value.diagnostics[0].path == (content / "briefs" / "x.yml").as_posix()


def test_missing_content_directory(tmp_path: Path) -> None:
    with pytest.raises(BriefingError) as info:
        load_content(tmp_path / "nope", base=tmp_path)
    (diag,) = info.value.diagnostics
    assert (diag.path, diag.message) == ("nope", "content directory not found")
    assert "--content" in diag.hint


def test_missing_subfolders_mean_no_content(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    loaded, warnings = load_content(tmp_path / "content", base=tmp_path)
    assert (loaded.briefs, loaded.actors, warnings) == ({}, {}, [])


def test_a_broken_actor_file_is_reported_once(tmp_path: Path) -> None:
    """A reference to an actor whose file has errors is not 'unknown' as well."""
    content = write_content(
        tmp_path, {"briefs/test-launch.yml": BRIEF, "actors/north-korea.yml": "name: [\n"}
    )
    with pytest.raises(BriefingError) as info:
        load_content(content, base=tmp_path)
    assert [d.path for d in info.value.diagnostics] == ["content/actors/north-korea.yml"]


def test_references_in_code_are_not_references(tmp_path: Path) -> None:
    body = "body: |\n  Use `[[ghost]]` or ``[^nowhere]``.\n\n  ```\n  [[ghost]] [^nowhere]\n  ```\n"
    content = write_content(
        tmp_path, {"briefs/test-launch.yml": BRIEF + body, "actors/north-korea.yml": NK}
    )
    loaded, warnings = load_content(content, base=tmp_path)
    assert warnings == []
    assert "[[ghost]]" in loaded.briefs["test-launch"].body


def test_error_after_the_same_reference_in_code_points_at_the_real_one(tmp_path: Path) -> None:
    body = "body: |\n  `[[ghost]]` is code;\n  [[ghost]] is not.\n"
    content = write_content(
        tmp_path, {"briefs/test-launch.yml": BRIEF + body, "actors/north-korea.yml": NK}
    )
    with pytest.raises(BriefingError) as info:
        load_content(content, base=tmp_path)
    (diag,) = info.value.diagnostics
    assert (diag.line, diag.col, diag.message) == (11, 3, "unknown actor 'ghost' in [[...]]")


def test_drafts_load_and_published_drops_them(tmp_path: Path) -> None:
    content = write_content(
        tmp_path,
        {
            "briefs/test-launch.yml": BRIEF,
            "briefs/next-launch.yml": BRIEF + "status: draft\n",
            "actors/north-korea.yml": NK,
        },
    )
    loaded, _ = load_content(content, base=tmp_path)
    assert sorted(loaded.briefs) == ["next-launch", "test-launch"]
    assert loaded.briefs["next-launch"].is_draft
    published = loaded.published()
    assert list(published.briefs) == ["test-launch"]
    assert published.actors == loaded.actors
    assert sorted(loaded.briefs) == ["next-launch", "test-launch"]  # not modified


# --- model -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "precision", "iso", "label"),
    [
        ("2025", "year", "2025", "2025"),
        (2025, "year", "2025", "2025"),
        ("2025-02", "month", "2025-02", "February 2025"),
        ("2025-03-21", "day", "2025-03-21", "21 March 2025"),
        ("2024-02-29", "day", "2024-02-29", "29 February 2024"),
    ],
)
def test_partial_date(value: str | int, precision: str, iso: str, label: str) -> None:
    parsed = parse_partial_date(value)
    assert parsed.precision == precision
    assert parsed.iso == str(parsed) == iso
    assert parsed.label == label
    assert parse_partial_date(parsed) is parsed


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-02-30", "impossible date '2025-02-30'"),
        ("2025-13", "impossible date '2025-13'"),
        ("2023-02-29", "impossible date '2023-02-29'"),
        ("March 2025", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2025-3", "expected a date"),
        ("2025/03/21", "expected a date"),
        ("25", "expected a date"),
        (True, "expected a date"),
        (None, "expected a date"),
        (2025.5, "expected a date"),
    ],
)
def test_partial_date_rejects(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_partial_date(value)


@pytest.mark.parametrize("value", ["2025-00", "2025-02-00", "2025-00-10"])
def test_partial_date_rejects_zero_month_or_day(value: str) -> None:
    with pytest.raises(ValueError, match="impossible date"):
        parse_partial_date(value)


def test_partial_dates_order_by_what_is_known() -> None:
    dates = [
        parse_partial_date(v)
        for v in ["2025-03-21", "2025", "2025-02", "2024-12-31", "2025-03", "2025-01-01"]
    ]
    assert [d.iso for d in sorted(dates)] == [
        "2024-12-31",
        "2025",
        "2025-01-01",
        "2025-02",
        "2025-03",
        "2025-03-21",
    ]
    assert PartialDate(2025) < PartialDate(2025, 1) < PartialDate(2025, 1, 1)
    assert PartialDate(2025, 3) >= PartialDate(2025, 2, 28)
    assert PartialDate(2025, 3) == parse_partial_date("2025-03")
    assert PartialDate(2025) != PartialDate(2025, 1)
    assert PartialDate(2025).__lt__("2025") is NotImplemented


def test_parse_day() -> None:
    assert parse_day("2025-03-21") == date(2025, 3, 21)
    assert parse_day(date(2025, 3, 21)) == date(2025, 3, 21)
    for bad in ("2025-03", "2025-3-21", "21.03.2025", 20250321, None):
        with pytest.raises(ValueError, match="expected a date as YYYY-MM-DD"):
            parse_day(bad)
    with pytest.raises(ValueError, match=r"impossible date '2025-02-30' \(day is out of range"):
        parse_day("2025-02-30")


@pytest.mark.parametrize("good", ["kim-jong-un", "q1", "2025-launch", "a"])
def test_check_slug_accepts(good: str) -> None:
    assert check_slug(good) == good


@pytest.mark.parametrize("bad", ["Kim", "kim_jong_un", "kim--jong", "-kim", "kim-", "", "김정은"])
def test_check_slug_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match="not a valid id"):
        check_slug(bad)


def test_check_url_country_wikidata() -> None:
    assert check_url("https://example.org/a?b=c") == "https://example.org/a?b=c"
    assert check_url("http://example.org") == "http://example.org"
    for bad in (
        "javascript:alert(1)",
        "ftp://example.org/x",
        "/relative",
        "example.org",
        "https://",
        "mailto:a@example.org",
        "data:text/html,x",
    ):
        with pytest.raises(ValueError, match="not an http"):
            check_url(bad)
    assert check_country("KP") == "KP"
    with pytest.raises(PydanticCustomError) as upper:
        check_country("kp")
    assert upper.value.context == {
        "message": "'kp' is not an ISO 3166-1 alpha-2 country code",
        "hint": "codes are upper case: 'KP'",
    }
    with pytest.raises(ValueError, match=r"not an ISO 3166-1 alpha-2 country code$"):
        check_country("XX")
    assert check_wikidata("Q56226") == "Q56226"
    for bad in ("56226", "q56226", "Q056226", "Q", "P31", "Q12 "):
        with pytest.raises(ValueError, match="not a Wikidata id"):
            check_wikidata(bad)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("USA", "'US' (United States)"),
        ("United States", "'US' (United States)"),
        ("Russia", "'RU' (Russian Federation)"),
        ("PRK", "'KP' (Korea, Democratic People's Republic of)"),
    ],
)
def test_country_names_and_alpha3_codes_suggest_the_alpha2_code(written: str, meant: str) -> None:
    with pytest.raises(PydanticCustomError) as info:
        check_country(written)
    assert info.value.context is not None
    assert info.value.context["hint"] == f"did you mean {meant}?"


def test_brief_accepts_actor_ids_and_location_names_as_text() -> None:
    brief = Brief.model_validate(
        {
            "id": "x",
            "title": "T",
            "date": "2025-03-21",
            "summary": "S",
            "actors": ["north-korea", {"actor": "kim-jong-un", "role": "Leader"}],
            "events": [{"date": "2025-02", "title": "E", "location": "Pyongyang"}],
        }
    )
    assert [(a.actor, a.role) for a in brief.actors] == [
        ("north-korea", None),
        ("kim-jong-un", "Leader"),
    ]
    assert brief.timeline[0].location is not None
    assert brief.timeline[0].location.name == "Pyongyang"
    assert brief.timeline[0].date == PartialDate(2025, 2)
    assert brief.status == "published" and not brief.is_draft


def test_content_published_drops_drafts() -> None:
    def make(ident: str, status: str) -> Brief:
        return Brief.model_validate(
            {"id": ident, "title": "T", "date": "2025-03-21", "summary": "S", "status": status}
        )

    actor = Actor.model_validate({"id": "north-korea", "name": "North Korea", "kind": "state"})
    content = Content(
        briefs={"a": make("a", "published"), "b": make("b", "draft")},
        actors={"north-korea": actor},
    )
    assert list(content.published().briefs) == ["a"]
    assert content.published().actors == {"north-korea": actor}
    assert list(content.briefs) == ["a", "b"]


# --- JSON Schema -----------------------------------------------------------------------


@pytest.mark.parametrize("model", [Brief, Actor])
def test_json_schema_has_no_id_and_forbids_unknown_fields(model: type[Brief] | type[Actor]) -> None:
    schema = json_schema(model)
    assert "id" not in schema["properties"]
    assert "id" not in schema["required"]
    assert schema["additionalProperties"] is False
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for name, definition in schema.get("$defs", {}).items():
        assert definition["additionalProperties"] is False, name


def test_json_schema_required_fields() -> None:
    assert sorted(json_schema(Brief)["required"]) == ["date", "summary", "title"]
    assert sorted(json_schema(Actor)["required"]) == ["kind", "name"]
    likelihood = json_schema(Brief)["$defs"]["KeyJudgment"]["properties"]["likelihood"]
    assert likelihood["enum"] == [
        "almost no chance",
        "very unlikely",
        "unlikely",
        "roughly even chance",
        "likely",
        "very likely",
        "almost certain",
    ]


def test_committed_schemas_match_the_generated_ones(tmp_path: Path, root: Path) -> None:
    assert main(["schema", "--out", str(tmp_path)]) == 0
    for name in ("brief", "actor", "source", "event"):
        committed = root / "content" / "schema" / f"{name}.schema.json"
        generated = tmp_path / f"{name}.schema.json"
        assert generated.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), (
            f"{committed} is stale: run `briefing schema --out content/schema`"
        )
    assert schemas() == {
        "brief": json_schema(Brief),
        "actor": json_schema(Actor),
        "source": json_schema(RegistrySource),
        "event": json_schema(SharedEvent),
    }


def example_files() -> list[Path]:
    root = EXAMPLE_CONTENT
    return sorted((root / "briefs").glob("*.y*ml")) + sorted((root / "actors").glob("*.y*ml"))


@pytest.mark.parametrize("path", example_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example_files_are_valid_against_the_committed_schema(path: Path, root: Path) -> None:
    kind = "brief" if path.parent.name == "briefs" else "actor"
    schema = json.loads((root / "content" / "schema" / f"{kind}.schema.json").read_text("utf-8"))
    doc, problems = source.read_document(path, path.name)
    assert doc is not None and problems == []
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(doc.data))
    assert errors == [], [e.message for e in errors]


@pytest.mark.parametrize(
    ("kind", "data", "bad"),
    [
        ("brief", {"title": "T", "date": "2025-03-21", "sumary": "S"}, "sumary"),
        ("brief", {"id": "x", "title": "T", "date": "2025-03-21", "summary": "S"}, "id"),
        (
            "brief",
            {"title": "T", "date": "2025-03-21", "summary": "S", "tags": ["Bad Tag"]},
            "Bad Tag",
        ),
        ("actor", {"name": "N", "kind": "persn"}, "persn"),
        ("actor", {"name": "N", "kind": "person", "country": "kp"}, "kp"),
    ],
)
def test_committed_schema_rejects_bad_content(
    kind: str, data: dict[str, object], bad: str, root: Path
) -> None:
    schema = json.loads((root / "content" / "schema" / f"{kind}.schema.json").read_text("utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert errors
    assert any(bad in e.message for e in errors), [e.message for e in errors]


# --- markup ----------------------------------------------------------------------------


def test_find_refs_actors_labels_and_citations() -> None:
    text = "See [[kim-jong-un]], [[north-korea|the North]] and [[ russia | Moscow ]].[^kcna]"
    refs = find_refs(text)
    assert [(r.kind, r.target, r.label) for r in refs] == [
        ("actor", "kim-jong-un", None),
        ("actor", "north-korea", "the North"),
        ("actor", "russia", "Moscow"),
        ("cite", "kcna", None),
    ]
    for ref in refs:
        assert text[ref.offset :].startswith(ref.raw)
    assert refs[1].raw == "[[north-korea|the North]]"


def test_find_refs_skips_code_spans_and_fences() -> None:
    text = (
        "Use `[[a]]` and ``[^b] `x` ``.\n"
        "```yaml\n[[c]]\n```\n"
        "~~~~\n[[d]]\n~~~\n[[e]]\n~~~~\n"
        "   ```\n[[f]]\n   ```\n"
        "Real [[g]] [^h].\n"
    )
    refs = find_refs(text)
    assert [r.target for r in refs] == ["g", "h"]
    for ref in refs:
        assert text[ref.offset :].startswith(ref.raw)


def test_find_refs_unclosed_fence_runs_to_the_end() -> None:
    # CommonMark: an unclosed fence is code to the end of the text, on the page too.
    assert [r.target for r in find_refs("[[a]]\n```\n[[b]]\n")] == ["a"]


def test_code_spans_stop_at_blank_lines_and_escaped_backticks() -> None:
    assert [r.target for r in find_refs("x `a\n\n[[b]]\n\nc` y")] == ["b"]
    assert [r.target for r in find_refs("x \\`[[b]]\\` y")] == ["b"]
    assert [r.target for r in find_refs("x `[[b]]` y")] == []


def test_find_refs_ignores_what_is_not_a_reference() -> None:
    assert find_refs("[[a\nb]] [[]] [^] [^a b] [link](x) [^a]: note") == [
        Ref("cite", "a", None, "[^a]", 34)
    ]
    assert find_refs("") == []


def test_did_you_mean() -> None:
    fields = ["title", "summary", "date", "tags"]
    assert did_you_mean("sumary", fields) == "did you mean 'summary'?"
    assert did_you_mean("titel", fields) == "did you mean 'title'?"
    assert did_you_mean("zzz", fields) == ""
    assert did_you_mean("anything", []) == ""


# --- diagnostics -----------------------------------------------------------------------


def test_format_diagnostic_with_and_without_hint() -> None:
    diag = Diagnostic(
        "content/briefs/x.yml",
        12,
        5,
        Severity.ERROR,
        "unknown field 'sumary'",
        "did you mean 'summary'?",
    )
    assert format_diagnostic(diag) == (
        "content/briefs/x.yml:12:5: error: unknown field 'sumary'\n"
        "    hint: did you mean 'summary'?"
    )
    warning = Diagnostic("content/actors/a.yml", 1, 1, Severity.WARNING, "unused")
    assert format_diagnostic(warning) == "content/actors/a.yml:1:1: warning: unused"
    assert summary_line([diag, warning, diag]) == "2 error(s), 1 warning(s)"
    assert format_report([warning, diag]).splitlines()[0].startswith("content/actors/a.yml")


def test_format_github_escapes_the_message() -> None:
    diag = Diagnostic(
        "content/briefs/x.yml", 3, 7, Severity.ERROR, "100% wrong\r\nnext line", "fix it"
    )
    assert format_github(diag) == (
        "::error file=content/briefs/x.yml,line=3,col=7::100%25 wrong%0D%0Anext line (hint: fix it)"
    )
    warning = Diagnostic("content/actors/a.yml", 1, 1, Severity.WARNING, "unused")
    assert format_github(warning) == "::warning file=content/actors/a.yml,line=1,col=1::unused"


def test_format_github_escapes_commas_and_colons_in_the_path() -> None:
    diag = Diagnostic("content/briefs/a,b:c.yml", 1, 1, Severity.ERROR, "bad file name")
    assert format_github(diag).startswith("::error file=content/briefs/a%2Cb%3Ac.yml,line=1,")


def test_briefing_error_sorts_and_counts() -> None:
    late = Diagnostic("b.yml", 1, 1, Severity.ERROR, "late")
    early = Diagnostic("a.yml", 9, 1, Severity.WARNING, "early")
    error = BriefingError([late, early])
    assert error.diagnostics == [early, late]
    assert error.args == ("1 error(s) in content",)
    assert str(error).endswith("1 error(s), 1 warning(s)")


# Rules added after review --------------------------------------------------------------


def _errors_for(tmp_path: Path, files: dict[str, str]) -> list[str]:
    for name, text in files.items():
        target = tmp_path / "content" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    try:
        load_content(tmp_path / "content", tmp_path)
    except BriefingError as exc:
        return [format_diagnostic(d).splitlines()[0] for d in exc.diagnostics if d.is_error]
    return []


MINIMAL = "title: T\ndate: 2025-01-01\nsummary: S.\n"


def test_index_is_a_reserved_id(tmp_path: Path) -> None:
    errors = _errors_for(tmp_path, {"briefs/index.yml": MINIMAL})
    assert errors == [
        "content/briefs/index.yml:1:1: error: 'index' is reserved: the list of all briefs "
        "has that page"
    ]


def test_repeated_list_items_are_errors(tmp_path: Path) -> None:
    errors = _errors_for(tmp_path, {"briefs/a.yml": MINIMAL + "tags: [x, y, x]\n"})
    assert errors == ["content/briefs/a.yml:4:14: error: 'x' is listed twice in tags"]


def test_names_cannot_hold_brackets(tmp_path: Path) -> None:
    actor = "name: Evil\nkind: person\naliases: ['Bad](javascript:x)']\n"
    errors = _errors_for(tmp_path, {"actors/evil.yml": actor})
    assert len(errors) == 1 and "contains [ or ]" in errors[0]
    assert errors[0].startswith("content/actors/evil.yml:3:11:")


@pytest.mark.parametrize(
    "url", ["https://x.org/a b", "https://x.org/a) [c](javascript:x", 'https://x.org/"q"']
)
def test_urls_must_be_well_formed(tmp_path: Path, url: str) -> None:
    brief = MINIMAL + f"sources:\n  - id: s\n    title: T\n    publisher: P\n    url: '{url}'\n"
    errors = _errors_for(tmp_path, {"briefs/a.yml": brief})
    assert len(errors) == 1 and errors[0].startswith("content/briefs/a.yml:8:10: error: url:")


def test_special_files_are_refused_not_read(tmp_path: Path) -> None:
    briefs = tmp_path / "content" / "briefs"
    briefs.mkdir(parents=True)
    (briefs / "gone.yml").symlink_to(briefs / "missing.yml")
    os.mkfifo(briefs / "pipe.yml")
    errors = _errors_for(tmp_path, {})
    assert errors == [
        "content/briefs/gone.yml:1:1: error: not a regular file",
        "content/briefs/pipe.yml:1:1: error: not a regular file",
    ]


# --- issue 9: every error at once, with the fix -------------------------------------------


def _all_for(tmp_path: Path, files: dict[str, str]) -> list[tuple[int, int, str, str]]:
    write_content(tmp_path, files)
    try:
        _, warnings = load_content(tmp_path / "content", tmp_path)
    except BriefingError as exc:
        return [(d.line, d.col, d.message, d.hint) for d in exc.diagnostics]
    return [(d.line, d.col, d.message, d.hint) for d in warnings]


def test_a_field_error_does_not_hide_the_files_references(tmp_path: Path) -> None:
    brief = BRIEF + (
        "key_judgments:\n  - text: t\n    likelihood: probably\n    confidence: high\n"
        "events:\n  - date: 2025\n    title: E\n    actors: [ghost]\n"
    )
    brief = brief.replace("fired a missile", "and [[phantom]] fired a missile")
    found = _all_for(tmp_path, {"briefs/a.yml": brief, "actors/north-korea.yml": NK})
    messages = [m for _, _, m, _ in found]
    assert "unknown actor 'phantom' in [[...]]" in messages
    assert "unknown actor 'ghost'" in messages
    assert any(m.startswith("'probably' is not allowed for 'likelihood'") for m in messages)


ACTORS_WITH_NAMES = {
    "actors/xi-jinping.yml": "name: Xi Jinping\nkind: person\nnative_name: 习近平\naliases: [Xi]\n",
    "actors/un-security-council.yml": "name: UN Security Council\nkind: organization\n"
    "aliases: [UNSC]\n",
    "actors/india.yml": "name: India\nkind: state\n",
}


@pytest.mark.parametrize(
    ("written", "meant"),
    [("[[xi]]", "xi-jinping"), ("[[UNSC]]", "un-security-council"), ("[[India]]", "india")],
)
def test_unknown_actor_in_text_suggests_the_actor_by_name(
    tmp_path: Path, written: str, meant: str
) -> None:
    brief = MINIMAL.replace("summary: S.", f'summary: "{written} spoke."')
    found = _all_for(tmp_path, {**ACTORS_WITH_NAMES, "briefs/a.yml": brief})
    errors = [(m, h) for _, _, m, h in found if m.startswith("unknown actor")]
    target = written.strip("[]")
    assert errors == [(f"unknown actor '{target}' in [[...]]", f"did you mean '{meant}'?")]


@pytest.mark.parametrize(
    ("field", "line_col"),
    [
        ("actors: [unsc]\n", (4, 10)),
        ("events:\n  - date: 2025\n    title: E\n    actors: [unsc]\n", (7, 14)),
        (
            "quotes:\n  - by: unsc\n    text: T\n    kind: direct\n    source: s\n"
            "sources:\n  - {id: s, title: T, publisher: P, url: 'https://x.org'}\n",
            (5, 9),
        ),
    ],
)
def test_unknown_actor_in_fields_suggests_the_actor_by_alias(
    tmp_path: Path, field: str, line_col: tuple[int, int]
) -> None:
    found = _all_for(tmp_path, {**ACTORS_WITH_NAMES, "briefs/a.yml": MINIMAL + field})
    unknown = [(line, col, h) for line, col, m, h in found if m == "unknown actor 'unsc'"]
    assert unknown == [(*line_col, "did you mean 'un-security-council'?")]


def test_an_actor_name_that_is_not_an_id_still_gets_its_suggestion(tmp_path: Path) -> None:
    found = _all_for(tmp_path, {**ACTORS_WITH_NAMES, "briefs/a.yml": MINIMAL + "actors: [India]\n"})
    assert (4, 10, "unknown actor 'India'", "did you mean 'india'?") in found
    # Text that is neither an id nor a name gets only the model's slug error.
    found = _all_for(tmp_path, {"briefs/a.yml": MINIMAL + "actors: [Nobody Known]\n"})
    assert [m for _, _, m, _ in found if "Nobody" in m] == [
        "actor: 'Nobody Known' is not a valid id: use lowercase ASCII letters, digits and "
        "single hyphens, e.g. 'kim-jong-un'"
    ]


@pytest.mark.parametrize(
    ("value", "expected", "hint"),
    [
        ("medium", ["low", "moderate", "high"], "did you mean 'moderate'?"),
        ("High", ["low", "moderate", "high"], "did you mean 'high'?"),
        ("probably", ["unlikely", "likely"], "did you mean 'likely'?"),
        ("highly_likely", ["likely", "very likely"], "did you mean 'very likely'?"),
        ("country", ["person", "state"], "did you mean 'state'?"),
        ("verbatim", ["direct", "paraphrase"], "did you mean 'direct'?"),
        ("medium", ["direct", "paraphrase"], ""),  # a synonym of a value not allowed here
        (5, ["low", "moderate", "high"], ""),
    ],
)
def test_enum_hints_by_meaning(value: str | int, expected: list[str], hint: str) -> None:
    from generator.fieldcheck import enum_hint

    assert enum_hint(value, expected) == hint


def test_unknown_source_in_a_brief_with_one_source_suggests_it(tmp_path: Path) -> None:
    brief = BRIEF.replace("[^kcna]", "[^reuters]")
    found = _all_for(tmp_path, {"briefs/a.yml": brief, "actors/north-korea.yml": NK})
    assert (
        3,
        43,
        "unknown source 'reuters' (not declared in this brief's sources)",
        "did you mean 'kcna', the one source this brief declares?",
    ) in found


@pytest.mark.parametrize(
    ("written", "hint"),
    [("15031", "write it as Q15031"), ("'15031'", "did you mean 'Q15031'?")],
)
def test_wikidata_number_suggests_the_q_id(tmp_path: Path, written: str, hint: str) -> None:
    actor = f"name: Xi Jinping\nkind: person\nwikidata: {written}\n"
    found = _all_for(tmp_path, {"actors/xi-jinping.yml": actor})
    assert [(line, col, h) for line, col, _, h in found] == [(3, 11, hint)]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("USA", "did you mean 'US' (United States)?"),
        ("United States", "did you mean 'US' (United States)?"),
        ("Russia", "did you mean 'RU' (Russian Federation)?"),
        ("ru", "codes are upper case: 'RU'"),
    ],
)
def test_country_names_suggest_their_code_in_files(tmp_path: Path, written: str, hint: str) -> None:
    found = _all_for(tmp_path, {"actors/x.yml": f"name: X\nkind: state\ncountry: {written}\n"})
    assert found == [
        (3, 10, f"country: '{written}' is not an ISO 3166-1 alpha-2 country code", hint)
    ]


# --- issue 10: only briefs and actors, links, control characters, hostile values ----------


def test_links_in_markdown_must_be_absolute(tmp_path: Path) -> None:
    from generator.fields import link_destinations

    assert link_destinations("no link here, [[actor]] and [^cite]") == []
    brief = MINIMAL.replace(
        "summary: S.",
        "summary: 'Read [this](../x.md), [that](https://ok.org/a), <me@ok.org> and ![i](i.png).'",
    )
    found = _all_for(tmp_path, {"briefs/a.yml": brief})
    assert [(line, col, m) for line, col, m, _ in found] == [
        (3, 10, "image to 'i.png': only absolute http(s) and mailto links are kept"),
        (3, 10, "link to '../x.md': only absolute http(s) and mailto links are kept"),
    ]
    assert "[[actor-id]]" in found[0][3]


def test_control_characters_are_reported_where_they_are_written(tmp_path: Path) -> None:
    found = _all_for(
        tmp_path, {"briefs/a.yml": 'title: "Te\\x07st"\ndate: 2025-01-01\nsummary: S.\n'}
    )
    assert found == [
        (
            1,
            11,
            "control character U+0007 in text",
            "remove it; only tabs and line breaks may appear in text",
        )
    ]


def test_links_outside_content_are_refused_unread(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yml").write_text("title: [unclosed\n", encoding="utf-8")
    (outside / "briefs").mkdir()
    (outside / "briefs" / "b.yml").write_text("title: [unclosed\n", encoding="utf-8")
    content = write_content(tmp_path, {"briefs/ok.yml": MINIMAL})
    (content / "briefs" / "secret.yml").symlink_to(outside / "secret.yml")
    (content / "briefs" / "environ.yml").symlink_to("/proc/self/environ")
    (content / "briefs" / "same.yml").symlink_to(content / "briefs" / "ok.yml")
    (content / "extra").symlink_to(outside)
    (content / "actors").symlink_to(outside / "briefs")
    with pytest.raises(BriefingError) as info:
        load_content(content, tmp_path)
    found = [(d.path, d.line, d.col, d.message) for d in info.value.diagnostics if d.is_error]
    refused = "symbolic link to a place outside content/: not read"
    assert found == [
        ("content/actors", 1, 1, refused),
        ("content/briefs/environ.yml", 1, 1, refused),
        ("content/briefs/secret.yml", 1, 1, refused),
        ("content/extra", 1, 1, refused),
    ]


def test_files_that_are_not_published_are_warned_about(tmp_path: Path) -> None:
    content = write_content(
        tmp_path,
        {
            "briefs/ok.yml": MINIMAL,
            "briefs/notes.txt": "x",
            "briefs/sub/deeper.yml": MINIMAL,
            "README.md": "x",
            "schema/brief.schema.json": "{}",
            ".hidden": "x",
        },
    )
    _, warnings = load_content(content, tmp_path)
    assert [(w.path, w.message) for w in warnings] == [
        (path, "not published: only briefs/, actors/, sources/ and events/ *.yml in content/ are")
        for path in (
            "content/README.md",
            "content/briefs/notes.txt",
            "content/briefs/sub/deeper.yml",
        )
    ]


@pytest.mark.parametrize(
    "value",
    [
        "0x" + "f" * 5000,
        ":".join(["59"] * 900),
        "0" + "7" * 3000,
        '!!int ""',
        "!!float",
        '!!bool ""',
    ],
)
def test_hostile_numbers_in_an_enum_are_diagnostics(tmp_path: Path, value: str) -> None:
    found = _all_for(tmp_path, {"actors/x.yml": f"name: X\nkind: {value}\n"})
    assert len(found) == 1
    line, col, message, _ = found[0]
    assert (line, col) == (2, 7)
    assert message.endswith(
        (
            "is too large a number",
            "is not a valid int",
            "is not a valid float",
            "is not a valid bool",
        )
    )


@pytest.mark.slow  # a big input: a hang guard for the whole suite, not the quick loop
def test_find_refs_is_linear_on_unclosed_fences_and_backtick_runs() -> None:
    import time

    fences = "```x\n" * 20_000  # each an unclosed fence: once a rescan of all that follows
    runs = " ".join("`" * k for k in range(1, 400)) + " [[a]]" * 20_000
    started = time.perf_counter()
    assert find_refs(fences) == []
    assert len(find_refs(runs)) == 20_000
    assert time.perf_counter() - started < 5  # quadratic took minutes here


@pytest.mark.slow  # a big input: a hang guard for the whole suite, not the quick loop
def test_link_check_is_linear_on_brackets(tmp_path: Path) -> None:
    """Python-Markdown takes minutes on 20,000 `[`; check reads links with the page's parser."""
    import time

    body = "[" * 20_000 + "](x) " + "![" * 5_000
    brief = MINIMAL.replace("summary: S.", f"summary: S.\nbody: '{body}'")
    started = time.perf_counter()
    _all_for(tmp_path, {"briefs/a.yml": brief})
    assert time.perf_counter() - started < 20  # a hang guard, not a benchmark
