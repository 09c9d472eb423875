"""The suite tests its fixtures, never the live content/: any valid content/ keeps it green.

A desk replaces the example with its own briefs; `make test` must still pass, and only the
content gate (`make check`, `make site`) judges what is in content/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTENT_GUARD
from helpers import (
    EXAMPLE_CONTENT,
    LIVE_CONTENT,
    ROOT,
    SCHEMA,
    copy_project,
    write_files,
    write_schemas,
)

# A desk's own content, nothing like the example: two briefs, their actors.
DESK_CONTENT = {
    "briefs/grain-corridor-talks.yml": """\
title: Grain corridor talks resume in Istanbul
date: "2025-04-02"
summary: Negotiators from [[turkey]] and the [[un-ocha]] met again.
tags: [grain, black-sea]
actors: [turkey, un-ocha]
""",
    "briefs/port-strike-ends.yml": """\
title: Port strike ends after nine days
date: "2025-04-10"
summary: Dock workers in [[turkey]] returned to work.
tags: [labour]
actors:
  - actor: dockers-union
    role: Called off the strike
  - turkey
related: [grain-corridor-talks]
""",
    "actors/turkey.yml": "name: Türkiye\nkind: state\ncountry: TR\n",
    "actors/un-ocha.yml": "name: UN OCHA\nkind: organization\naliases: [OCHA]\n",
    "actors/dockers-union.yml": "name: Dockers' Union\nkind: group\n",
}
BROKEN = "briefs/port-strike-ends.yml"

# What a clone holds that tests and `make` need (not .venv, not build output).
PROJECT_FILES = ("pyproject.toml", "mkdocs.yml", "Makefile", "README.md")
PROJECT_DIRS = ("generator", "theme", "tests", ".github", ".ci")


def test_the_guard_sees_reads_of_the_live_content() -> None:
    for path in (LIVE_CONTENT / "briefs" / "no-such.yml", LIVE_CONTENT / "no-such"):
        with pytest.raises(FileNotFoundError):
            path.read_text(encoding="utf-8")
    with pytest.raises(FileNotFoundError):
        os.listdir(LIVE_CONTENT / "no-such-folder")
    assert CONTENT_GUARD.take() == [
        str(LIVE_CONTENT / "briefs" / "no-such.yml"),
        str(LIVE_CONTENT / "no-such"),
        str(LIVE_CONTENT / "no-such-folder"),
    ]
    (SCHEMA / "brief.schema.json").read_text(encoding="utf-8")  # generated code, allowed
    list((EXAMPLE_CONTENT / "briefs").iterdir())
    assert CONTENT_GUARD.take() == []


def test_copy_project_writes_the_fixture_as_content(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    content = project / "content"
    copied = sorted(p.relative_to(content) for p in content.rglob("*.yml"))
    fixture = sorted(p.relative_to(EXAMPLE_CONTENT) for p in EXAMPLE_CONTENT.rglob("*.yml"))
    assert copied == fixture
    assert (project / "content" / "schema" / "brief.schema.json").is_file()


def clone_with_desk_content(dest: Path) -> Path:
    """The project as a desk would have it: the example deleted, two other briefs added."""
    ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache", "*.egg-info")
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, dest / name)
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    write_schemas(dest / "content" / "schema")
    write_files(dest / "content", DESK_CONTENT)
    # The installed environment is reused: the Makefile's install step is not under test.
    makefile = dest / "Makefile"
    makefile.write_text(makefile.read_text(encoding="utf-8").replace("$(STAMP)", ""), "utf-8")
    return dest


def run(project: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PYTEST_CURRENT_TEST", None)
    return subprocess.run(
        argv, cwd=project, capture_output=True, text=True, env=env, timeout=300, check=False
    )


@pytest.mark.slow
def test_any_valid_content_keeps_the_suite_green_and_check_judges_it(tmp_path: Path) -> None:
    project = clone_with_desk_content(tmp_path)
    bin_dir = f"BIN={Path(sys.executable).parent}"
    fast = run(project, sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
               "-m", "not slow and not browser")  # fmt: skip
    assert fast.returncode == 0, fast.stdout[-3000:] + fast.stderr[-2000:]
    assert " passed" in fast.stdout
    check = run(project, "make", "--no-print-directory", "check", bin_dir)
    assert check.returncode == 0, check.stderr
    assert "ok: 2 brief(s), 3 actor(s)" in check.stderr
    broken = project / "content" / BROKEN
    broken.write_text(broken.read_text(encoding="utf-8").replace("summary:", "sumary:"), "utf-8")
    check = run(project, "make", "--no-print-directory", "check", bin_dir)
    assert check.returncode != 0
    assert f"content/{BROKEN}:3:1: error: unknown field 'sumary'" in check.stderr
