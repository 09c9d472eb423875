"""Shared pytest setup: paths to the project, and the golden-file switch."""

from __future__ import annotations

from pathlib import Path

import pytest

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
