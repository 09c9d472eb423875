"""Shared pytest setup: paths to the project, and the golden-file switch."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
CASES = Path(__file__).resolve().parent / "cases"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the expected output of golden-file tests instead of comparing with it",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when run with --update-golden: golden tests write their expectation files."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def root() -> Path:
    """The project root (the folder holding pyproject.toml and content/)."""
    return ROOT


@pytest.fixture
def example_content() -> Path:
    """The committed example content folder."""
    return CONTENT


@pytest.fixture(scope="session")
def example_content_dir() -> Path:
    """The committed example content folder (session scope, for module fixtures)."""
    return CONTENT


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
