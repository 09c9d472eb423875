"""The publish workflow is well-formed and runs the same check and build as `make site`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "publish.yml"


def load() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_triggers_on_main_and_pull_requests() -> None:
    triggers = load()[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert "pull_request" in triggers


def test_checks_with_annotations_builds_strict_and_deploys_only_from_main() -> None:
    jobs = load()["jobs"]
    runs = [step.get("run", "") for step in jobs["build"]["steps"]]
    assert "briefing check --format github" in runs
    assert "mkdocs build --strict" in runs
    assert "pull_request" in jobs["deploy"]["if"] and "refs/heads/main" in jobs["deploy"]["if"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
