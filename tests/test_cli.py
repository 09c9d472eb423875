"""The `briefing` command, through main(argv) and once as the installed script."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from generator.cli import main

CASES = Path(__file__).resolve().parent / "cases"
GITHUB = re.compile(r"^::(error|warning) file=([^,]+),line=(\d+),col=(\d+)::(.+)$")


def test_check_example_content_is_ok(
    example_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(example_project)
    assert main(["check"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "0 error(s), 0 warning(s)\nok: 1 brief(s), 12 actor(s)\n"


def test_check_with_an_absolute_content_path(
    example_project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--content", str(example_project / "content")]) == 0
    assert "ok: 1 brief(s), 12 actor(s)" in capsys.readouterr().err


def test_check_bad_content_exits_1_with_positions(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(CASES / "unknown-source-references")
    assert main(["check", "--content", "content"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert (
        "content/briefs/test-launch.yml:5:42: error: unknown source 'kcna-reprot' "
        "(not declared in this brief's sources)\n    hint: did you mean 'kcna-report'?\n"
    ) in err
    assert err.endswith("7 error(s), 0 warning(s)\n")
    assert "ok:" not in err
    assert "Traceback" not in err


def test_format_github_prints_workflow_commands(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(CASES / "bad-enums")
    assert main(["check", "--content", "content", "--format", "github"]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 10
    assert all(GITHUB.match(line) for line in lines), lines
    assert (
        "::error file=content/briefs/test-launch.yml,line=3,col=9::'publshed' is not allowed "
        "for 'status'; expected one of: published, draft (hint: did you mean 'published'?)"
    ) in lines
    assert err == "10 error(s), 0 warning(s)\n"


def test_format_github_warnings(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(CASES / "warnings")
    assert main(["check", "--content", "content", "--format", "github"]) == 0
    out, err = capsys.readouterr()
    matches = [GITHUB.match(line) for line in out.splitlines()]
    assert all(matches)
    assert [(m[1], m[2], m[3], m[4]) for m in matches if m] == [
        ("warning", "content/actors/north-korea.yml", "1", "1"),
        ("warning", "content/briefs/notes.md", "1", "1"),
        ("warning", "content/briefs/test-launch.yml", "9", "9"),
    ]
    assert err.endswith("ok: 1 brief(s), 2 actor(s)\n")


def test_strict_turns_warnings_into_failure(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(CASES / "warnings")
    assert main(["check", "--content", "content"]) == 0
    capsys.readouterr()
    assert main(["check", "--content", "content", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "warning: source 'yonhap' is declared but nothing cites it" in err
    assert "0 error(s), 3 warning(s)" in err


def test_strict_on_clean_content_is_ok(
    example_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(example_project)
    assert main(["check", "--strict"]) == 0
    assert "ok:" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["check", "--bogus"],
        ["check", "--format", "xml"],
        ["check", "--content"],
        ["schema", "timeline"],
        ["generate"],
    ],
    ids=["no-command", "unknown-command", "unknown-option", "bad-choice", "missing-value",
         "bad-schema-kind", "missing-required-option"],
)  # fmt: skip
def test_usage_errors_exit_2_without_traceback(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("usage: briefing")
    assert "error:" in err
    assert "Traceback" not in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: briefing")
    for command in ("check", "schema", "generate"):
        assert command in out


def test_missing_content_directory_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--content", "nope"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("nope:1:1: error: content directory not found\n")
    assert "--content DIR" in err
    assert "Traceback" not in err


def test_a_file_as_content_directory_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "content").write_text("not a folder", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert "content:1:1: error: content directory not found" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["brief", "actor"])
def test_schema_prints_one_schema(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", kind]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["title"] == kind.capitalize()
    assert "id" not in schema["properties"]
    assert ("summary" in schema["properties"]) == (kind == "brief")
    assert ("native_name" in schema["properties"]) == (kind == "actor")


def test_schema_prints_every_kind_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    both = json.loads(capsys.readouterr().out)
    assert sorted(both) == ["actor", "brief", "event", "source"]
    for schema in both.values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_out_writes_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "new" / "schema"
    assert main(["schema", "--out", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert sorted(p.name for p in out.iterdir()) == [
        f"{kind}.schema.json" for kind in ("actor", "brief", "event", "source")
    ]
    brief = json.loads((out / "brief.schema.json").read_text(encoding="utf-8"))
    assert brief["additionalProperties"] is False


def installed_briefing() -> str | None:
    """The console script installed next to the running interpreter, else on PATH."""
    beside = Path(sys.executable).parent / "briefing"
    return str(beside) if beside.exists() else shutil.which("briefing")


@pytest.mark.slow  # a third of a second or more: out of make test-fast
def test_installed_script_reports_bad_content(tmp_path: Path) -> None:
    script = installed_briefing()
    if script is None:
        pytest.skip("the briefing console script is not installed")
    case = tmp_path / "case"
    shutil.copytree(CASES / "duplicate-keys", case)
    result = subprocess.run(
        [script, "check", "--content", "content"],
        cwd=case,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert (
        "content/briefs/test-launch.yml:8:1: error: duplicate key 'title' (first at line 1)\n"
    ) in result.stderr
    assert result.stderr == (case / "expected.txt").read_text(encoding="utf-8")
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_file_names_that_are_not_utf8_or_hold_newlines_are_escaped(
    tmp_path: Path,
    fmt: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    briefs = tmp_path / "content" / "briefs"
    briefs.mkdir(parents=True)
    for raw in (b"bad\xff.yml", b"two\nlines.yml"):
        with open(os.path.join(os.fsencode(briefs), raw), "wb") as stream:
            stream.write(b"title: [unclosed\n")
    monkeypatch.chdir(tmp_path)
    # In-process: pytest's captured streams encode UTF-8 strictly, so a lone surrogate from
    # an undecodable name would raise here as it would on a strict stdout.
    assert main(["check", "--content", "content", "--format", fmt]) == 1
    captured = capsys.readouterr()
    output = captured.out + captured.err
    lines = [line for line in output.splitlines() if "content/briefs/" in line]
    names = ["content/briefs/bad\\xff.yml", "content/briefs/two\\nlines.yml"]
    assert len(lines) == 4  # per file: the id error and the syntax error, one line each
    for name in names:
        assert sum(name in line for line in lines) == 2, (name, lines)


def test_unpublished_files_warn_and_fail_only_under_strict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(CASES / "unpublished-files", tmp_path / "case")
    monkeypatch.chdir(tmp_path / "case")
    assert main(["check", "--content", "content"]) == 0
    assert "content/images/flag.png:1:1: warning: not published" in capsys.readouterr().err
    assert main(["check", "--content", "content", "--strict"]) == 1
