"""Shared pytest setup: the example fixture, the guard on content/, the golden-file switch.

Paths and helpers live in helpers.py; this module holds what pytest itself must find here:
options, fixtures and hooks.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import helpers
import pytest
from helpers import (
    EXAMPLE_CONTENT,
    EXAMPLE_PROJECT,
    FAST_EXAMPLES,
    ROOT,
    ContentReadGuard,
    copy_project,
    mkdocs,
)
from hypothesis import settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CONTENT = EXAMPLE_CONTENT
CASES = Path(__file__).resolve().parent / "cases"
CONTENT_GUARD = ContentReadGuard()

# `make test-fast` runs with --hypothesis-profile=fast: every property test at a small budget
# (helpers.examples caps each test's own); `make test` keeps the default profile and full budgets.
settings.register_profile("fast", max_examples=FAST_EXAMPLES)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the expected output of golden-file tests instead of comparing with it",
    )


def pytest_configure(config: pytest.Config) -> None:
    CONTENT_GUARD.install()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        # Whatever drives Chromium is a browser test, wherever it is written.
        if "chromium" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def pytest_runtest_setup(item: pytest.Item) -> None:
    # Set before any fixture runs, module-scoped ones included: helpers.mkdocs checks it.
    helpers.current_test_markers = {mark.name for mark in item.iter_markers()}


@pytest.fixture(autouse=True)
def never_reads_live_content() -> Iterator[None]:
    """Fail a test that opened or listed anything in the live content/ (schemas aside)."""
    # Reads at collection or by wider-scoped fixtures set up just before show up here.
    assert_no_reads("before the test")
    yield
    assert_no_reads("in the test")


def assert_no_reads(when: str) -> None:
    reads = CONTENT_GUARD.take()
    assert not reads, f"read the live content/ {when} (use tests/fixtures): {reads[:5]}"


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when run with --update-golden: golden tests write their expectation files."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def root() -> Path:
    """The project root (pyproject.toml, mkdocs.yml); never read its content/ but schemas."""
    return ROOT


@pytest.fixture
def example_project() -> Path:
    """A folder whose content/ is the example briefing: the working directory for `check`."""
    return EXAMPLE_PROJECT


@pytest.fixture
def example_content() -> Path:
    """The example content folder (tests/fixtures/example/content)."""
    return CONTENT


@pytest.fixture(scope="session")
def example_content_dir() -> Path:
    """The example content folder (session scope, for module fixtures)."""
    return CONTENT


@pytest.fixture(scope="session")
def built_example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built with `mkdocs build --strict`, plus a draft the build must leave out.

    Shared by the feed, API and JSON-LD tests (all marked slow): one build for all of them.
    """
    project = copy_project(tmp_path_factory.mktemp("example-site"))
    draft = project / "content" / "briefs" / "draft-note.yml"
    draft.write_text(
        "title: Unfinished draft\ndate: 2025-03-25\nstatus: draft\n"
        "summary: Not for publication.\ntags: [north-korea]\nactors: [kim-jong-un]\n",
        encoding="utf-8",
    )
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


# --- Browser tests: headless Debian Chromium driven by Playwright ---------------------------

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def skip_or_fail(reason: str) -> NoReturn:
    """Skip a browser test locally, but fail it in CI (CI=true), where it must run."""
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"CI is set, so browser tests must run: {reason}", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str:
    """The system Chromium (never a Playwright download), or skip/fail as skip_or_fail."""
    path = shutil.which("chromium")
    if path is None:
        skip_or_fail("chromium is not installed (Debian: apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """A headless Chromium browser for the whole session, launched through Playwright."""
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
