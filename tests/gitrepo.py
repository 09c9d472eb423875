"""Helpers for history tests: a small Briefing project in a real git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from helpers import copy_project

ACTOR = """\
name: Korean Central News Agency
kind: media
"""


def brief_yaml(
    likelihood: str = "likely",
    summary: str = "North Korea tested a missile.",
    corrections: str = "",
    comment: str = "",
) -> str:
    return f"""\
{comment}title: Missile test
date: "2025-03-01"
summary: {summary}
actors:
  - kcna
key_judgments:
  - text: North Korea will test again within the year.
    likelihood: {likelihood}
    confidence: moderate
{corrections}"""


CORRECTION = """\
corrections:
  - date: "2025-03-05"
    text: The launch site was misnamed.
"""


def git(repo: Path, *args: str, when: str = "2025-03-02T10:00:00+00:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", "-c", "user.name=Analyst", "-c", "user.email=a@example.org",
         "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=repo, env=env, capture_output=True, check=True, timeout=60,
    )  # fmt: skip
    return done.stdout.decode("utf-8", "replace")


def commit(repo: Path, message: str, when: str) -> None:
    git(repo, "add", "-A", when=when)
    git(repo, "commit", "-q", "-m", message, when=when)


def new_project(dest: Path) -> Path:
    """mkdocs.yml + theme/ from the project, own content, `git init`ed (nothing committed)."""
    project = copy_project(dest)
    shutil.rmtree(project / "content" / "briefs")
    shutil.rmtree(project / "content" / "actors")
    shutil.rmtree(project / "content" / "sources", ignore_errors=True)
    (project / "content" / "briefs").mkdir()
    (project / "content" / "actors").mkdir()
    (project / "content" / "actors" / "kcna.yml").write_text(ACTOR, encoding="utf-8")
    git(project, "init", "-q")
    return project


def write_brief(project: Path, text: str, name: str = "missile-test.yml") -> None:
    (project / "content" / "briefs" / name).write_text(text, encoding="utf-8")


def three_commits(project: Path) -> None:
    """The issue's scenario: added `likely`; moved to `very likely` + summary; corrected."""
    write_brief(project, brief_yaml())
    commit(project, "Add missile test brief", "2025-03-01T09:00:00+00:00")
    write_brief(project, brief_yaml("very likely", "North Korea tested a new missile."))
    commit(project, "Raise likelihood after new imagery", "2025-03-03T09:00:00+00:00")
    write_brief(project, brief_yaml("very likely", "North Korea tested a new missile.", CORRECTION))
    commit(project, "Correct the launch site", "2025-03-05T09:00:00+00:00")
