"""`briefing generate` uses the settings of mkdocs.yml, so it makes what the plugin build makes.

The comparison is with a real `mkdocs build --strict` of the same copy of the project.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import copy_project, mkdocs

from generator.cli import main

SITE_URL = "https://briefing.example.org/"
BRIEF = "north-korea-weapon-test-shoigu-visit"


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(site/ of the plugin build, docs/ of `briefing generate`) for one project copy."""
    project = copy_project(tmp_path_factory.mktemp("generate"))
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    out = project / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        assert main(["generate", "--out", "out"]) == 0
    return project / "site", out / "docs"


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def without_content(feed: dict[str, Any]) -> dict[str, Any]:
    """A JSON feed without its items' HTML (MkDocs and `generate` render it apart)."""
    items = [{k: v for k, v in item.items() if k != "content_html"} for item in feed["items"]]
    return {**feed, "items": items}


@pytest.mark.slow
def test_generate_feeds_carry_site_url(both: tuple[Path, Path]) -> None:
    _, docs = both
    feed = read_json(docs / "feed.json")
    assert feed["home_page_url"] == SITE_URL
    assert feed["feed_url"] == SITE_URL + "feed.json"
    assert feed["items"][0]["url"] == f"{SITE_URL}briefs/{BRIEF}/"
    atom = (docs / "feed.xml").read_text(encoding="utf-8")
    assert f'href="{SITE_URL}feed.xml"' in atom


@pytest.mark.slow
def test_generate_writes_the_settings_into_its_mkdocs_yml(both: tuple[Path, Path]) -> None:
    _, docs = both
    config = yaml.safe_load((docs.parent / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_url"] == SITE_URL
    assert config["site_name"] == "Briefing"


@pytest.mark.slow
def test_generate_matches_the_plugin_build(both: tuple[Path, Path]) -> None:
    """Every API document and every tag and actor feed is byte for byte the plugin's;
    the site feeds are the same but for the brief HTML each renders itself."""
    site, docs = both
    generated = sorted(p.relative_to(docs) for p in docs.rglob("*.*") if p.suffix != ".md")
    assert len(generated) > 20
    for path in generated:
        if str(path) in ("feed.json", "feed.xml"):
            continue
        ours = (docs / path).read_text(encoding="utf-8")
        assert ours == (site / path).read_text(encoding="utf-8"), path
    assert without_content(read_json(docs / "feed.json")) == without_content(
        read_json(site / "feed.json")
    )


def write_config(project: Path, text: str) -> Path:
    config = project / "other.yml"
    config.write_text(text, encoding="utf-8")
    return config


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def generate(project: Path, *args: str) -> tuple[int, Path]:
    out = project / "out"
    return main(["generate", "--out", str(out), *args]), out / "docs"


@pytest.mark.slow  # a third of a second or more: out of make test-fast
def test_config_option_with_env_tags(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(
        project,
        "site_name: !ENV [BRIEFING_TEST_NAME, Other]\n"
        "site_url: !ENV [BRIEFING_TEST_URL, 'https://default.example/']\n"
        "docs_dir: content\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - briefing:\n      autolink: !ENV BRIEFING_TEST_AUTOLINK\n",
    )
    monkeypatch.delenv("BRIEFING_TEST_NAME", raising=False)
    monkeypatch.setenv("BRIEFING_TEST_URL", "https://env.example/sub/")
    monkeypatch.setenv("BRIEFING_TEST_AUTOLINK", "false")
    code, docs = generate(project, "--config", str(config))
    assert code == 0, capsys.readouterr().err
    feed = read_json(docs / "feed.json")
    assert feed["title"] == "Other"
    assert feed["home_page_url"] == "https://env.example/sub/"
    # autolink: false (from the environment, typed as YAML types it): no first-mention links
    page = (docs / "briefs" / f"{BRIEF}.md").read_text(encoding="utf-8")
    summary = page.split("## ", 1)[0]
    assert "](../actors/" not in summary


@pytest.mark.slow  # a third of a second or more: out of make test-fast
def test_plugin_content_and_drafts_options(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "content").rename(project / "briefs-here")
    draft = project / "briefs-here" / "briefs" / "draft-note.yml"
    draft.write_text(
        "title: Unfinished draft\ndate: 2025-03-25\nstatus: draft\nsummary: Not yet.\n",
        encoding="utf-8",
    )
    config = write_config(
        project, "site_name: S\nplugins:\n  - briefing:\n      content: briefs-here\n"
    )
    code, docs = generate(project, "--config", str(config))
    assert code == 0, capsys.readouterr().err
    assert not (docs / "briefs" / "draft-note.md").exists()  # drafts: auto hides them
    assert read_json(docs / "feed.json")["home_page_url"] == "/"  # no site_url
    config.write_text(config.read_text() + "      drafts: show\n", encoding="utf-8")
    code, docs = generate(project, "--config", str(config))
    assert code == 0
    assert (docs / "briefs" / "draft-note.md").is_file()


def test_default_config_is_found_beside_the_content(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, docs = generate(project, "--content", str(project / "content"))
    assert code == 0
    assert read_json(docs / "feed.json")["home_page_url"] == SITE_URL


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("site_name: [unclosed\n", "other.yml:2:1: "),
        ("- a list\n", "expected a mapping"),
        ("site_url: 3\n", "'site_url' must be a string"),
        ("plugins:\n  - briefing:\n      autolink: maybe\n", "'autolink' must be a boolean"),
        ("plugins:\n  - briefing:\n      drafts: never\n", "'drafts' must be one of"),
        ("site_name: !ENV {a: b}\n", "!ENV takes a name"),
    ],
)
def test_bad_config_exits_2_without_traceback(
    project: Path, text: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(project, text)
    code, _ = generate(project, "--config", str(config))
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert err.startswith("briefing: error: ")
    assert "Traceback" not in err


def test_missing_config_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = generate(project, "--config", str(project / "nope.yml"))
    assert code == 2
    assert "nope.yml" in capsys.readouterr().err
