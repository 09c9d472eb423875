"""The publish workflow, CI's entry point and the Makefile's gates: safe and in the right order."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW = WORKFLOWS / "publish.yml"
# `uses: owner/repo@<40 hex digits> # v1.2.3`: a commit can't move, the comment says which tag.
PINNED = re.compile(r"^\s*(?:- )?uses: [\w.-]+/[\w.-]+(?:/[\w.-]+)?@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def load() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_triggers_on_main_and_pull_requests() -> None:
    triggers = load()[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert "pull_request" in triggers


def test_tests_run_before_checks_with_annotations_build_and_deploy() -> None:
    jobs = load()["jobs"]
    assert [step.get("run") for step in jobs["test"]["steps"]][-1] == "bash .ci/run"
    assert "if" not in jobs["test"]  # pull requests included
    assert jobs["build"]["needs"] == "test"
    runs = [step.get("run", "") for step in jobs["build"]["steps"]]
    assert "briefing check --strict --format github" in runs
    assert "mkdocs build --strict" in runs
    assert "pull_request" in jobs["deploy"]["if"] and "refs/heads/main" in jobs["deploy"]["if"]


def test_permissions_are_minimal_per_job() -> None:
    workflow = load()
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert jobs["test"]["permissions"] == {"contents": "read"}
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_every_action_is_pinned_and_checkouts_keep_no_credentials() -> None:
    lines = WORKFLOW.read_text(encoding="utf-8").splitlines()
    uses = [line for line in lines if re.match(r"^\s*(- )?uses:", line)]
    assert len(uses) == 7
    assert [line for line in uses if not PINNED.match(line)] == []
    for job in load()["jobs"].values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_converted_pages_are_restored_always_and_saved_only_by_main() -> None:
    steps = load()["jobs"]["build"]["steps"]
    cache = {
        step["uses"].split("@")[0]: step
        for step in steps
        if "actions/cache" in step.get("uses", "")
    }
    assert set(cache) == {"actions/cache/restore", "actions/cache/save"}
    assert "if" not in cache["actions/cache/restore"]
    condition = cache["actions/cache/save"]["if"]
    assert "github.event_name == 'push'" in condition and "refs/heads/main" in condition
    for step in cache.values():
        assert step["with"]["path"] == ".cache/briefing"


def zizmor() -> str:
    """The zizmor installed beside the running interpreter (a test dependency), else on PATH."""
    beside = Path(sys.executable).parent / "zizmor"
    found = str(beside) if beside.exists() else shutil.which("zizmor")
    if found is None:
        pytest.fail("zizmor is not installed: pip install -e '.[test]'")
    return found


def test_zizmor_finds_nothing_of_medium_severity_or_above() -> None:
    result = subprocess.run(
        [zizmor(), "--offline", "--min-severity", "medium", "--format", "json", str(WORKFLOWS)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    findings = json.loads(result.stdout or "null")
    assert findings == [], result.stdout[:3000]
    assert result.returncode == 0, result.stderr


def stub(folder: Path, name: str, script: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(0o755)


@pytest.mark.parametrize(
    ("failing", "calls", "code"),
    [("", "test check", 0), ("check", "test check", 2), ("test", "test", 2)],
)
def test_ci_runs_the_tests_then_the_content_gate(
    tmp_path: Path, failing: str, calls: str, code: int
) -> None:
    """.ci/run with a stand-in `make` that logs its target and fails the one asked to."""
    (tmp_path / ".ci").mkdir()
    shutil.copy(ROOT / ".ci" / "run", tmp_path / ".ci" / "run")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "make.log"
    stub(bin_dir, "make", f'echo "$1" >> {log}; [ "$1" != "{failing}" ] || exit 2')
    for present in ("chromium", "pdftotext"):  # so .ci/run installs nothing
        stub(bin_dir, present, "exit 0")
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        ["bash", str(tmp_path / ".ci" / "run")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == code, result.stderr
    assert log.read_text(encoding="utf-8").split() == calls.split()


@pytest.mark.parametrize(
    ("target", "command"),
    [
        ("check", "briefing check --strict"),
        ("site", "mkdocs build --strict"),
        ("test-fast", 'pytest -q -m "not slow and not browser" --hypothesis-profile=fast'),
    ],
)
def test_make_targets(target: str, command: str) -> None:
    result = subprocess.run(
        ["make", "--dry-run", "--no-print-directory", target, "STAMP=pyproject.toml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].endswith(command)
