"""The validator: golden cases (content in, diagnostics out) and unit tests of its rules.

Each folder in tests/cases/ holds a `content/` tree and `expected.txt`, the exact text
`briefing check --content content` prints to stderr when run inside that folder. An
optional `limits.json` lowers the reader's limits (e.g. MAX_FILE_BYTES) for that case.
Run `pytest --update-golden` to rewrite the expectations, then review the diff.
"""

from __future__ import annotations

import json
import re
import tracemalloc
from pathlib import Path

import pytest

from generator import source
from generator.cli import main, schemas
from generator.diagnostics import BriefingError, Diagnostic, Severity
from generator.model import Actor, Brief, Content, json_schema
from generator.validate import load_content

CASES = Path(__file__).resolve().parent / "cases"
CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "content").is_dir())
DIAG_LINE = re.compile(r"^content/(briefs|actors)/[^:]+:\d+:\d+: (error|warning): ")


def run_case(case: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
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
def test_golden_case(case: Path, monkeypatch, capsys, update_golden: bool) -> None:
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
