"""Golden test: what is generated for the example fixture, file by file.

`golden/site/` holds the Markdown pages; `golden/files/` the feeds and the data API documents
(with the example's `site_url`, so URLs are absolute as on the published site). Run
`pytest --update-golden` after an intended change and review the diff in git.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from helpers import copy_project, mkdocs, set_plugin_options

from generator.site import Options, build_site, file_writer, write_site
from generator.validate import load_content

GOLDEN = Path(__file__).resolve().parent / "golden"
SITE_URL = "https://briefing.example.org/"  # the example's mkdocs.yml


@pytest.fixture(scope="module")
def pages(example_content_dir: Path) -> dict[str, str]:
    content, _ = load_content(example_content_dir, example_content_dir.parent)
    return build_site(content.published()).pages


@pytest.fixture(scope="module")
def files(example_content_dir: Path) -> dict[str, str]:
    """Feeds and API documents, keyed by their path in the site."""
    content, _ = load_content(example_content_dir, example_content_dir.parent)
    return build_site(content.published(), Options(site_url=SITE_URL)).files


def assert_golden(folder: Path, generated: dict[str, str], update: bool) -> None:
    """Every generated file equals its golden copy in `folder`, and nothing else is there."""
    if update:
        for old in (p for p in folder.rglob("*") if p.is_file()):
            old.unlink()
        for path, text in generated.items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert set(generated) == expected
    for path, text in generated.items():
        assert text == (folder / path).read_text(encoding="utf-8"), f"{path} differs from golden"


def test_generated_pages_match_golden(pages: dict[str, str], update_golden: bool) -> None:
    assert_golden(GOLDEN / "site", pages, update_golden)


def test_feeds_and_api_documents_match_golden(files: dict[str, str], update_golden: bool) -> None:
    assert_golden(GOLDEN / "files", files, update_golden)
    assert {"feed.xml", "feed.json", "api/briefs.json", "api/actors.json"} <= set(files)


def test_generation_is_deterministic(
    example_content_dir: Path, pages: dict[str, str], files: dict[str, str]
) -> None:
    content, _ = load_content(example_content_dir, example_content_dir.parent)
    assert build_site(content.published()).pages == pages
    assert build_site(content.published(), Options(site_url=SITE_URL)).files == files


def test_files_written_as_they_are_made_are_the_golden_ones(
    example_content_dir: Path, files: dict[str, str], tmp_path: Path
) -> None:
    """With `write_file`, build_site holds none of the feeds and API documents."""
    content, _ = load_content(example_content_dir, example_content_dir.parent)
    options = Options(site_url=SITE_URL)
    site = build_site(content.published(), options, write_file=file_writer(tmp_path))
    assert site.files == {}
    assert sorted(site.written) == sorted(files)
    for path, text in files.items():
        assert (tmp_path / path).read_text(encoding="utf-8") == text, path


@pytest.mark.slow
def test_write_site_writes_pages_and_a_buildable_config(
    example_content_dir: Path, pages: dict[str, str], tmp_path: Path
) -> None:
    content, _ = load_content(example_content_dir, example_content_dir.parent)
    count = write_site(content.published(), tmp_path)
    assert count == len(pages)
    assert (tmp_path / "docs" / "briefs" / "index.md").is_file()
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    assert "docs_dir: docs" in config and "md_in_html" in config
    assert "- briefing" not in config  # stand-alone: no Briefing plugin needed
    result = mkdocs(tmp_path, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert (
        tmp_path / "site" / "briefs" / "north-korea-weapon-test-shoigu-visit" / "index.html"
    ).is_file()
    assert (tmp_path / "site" / "feed.xml").is_file()


@pytest.mark.slow
def test_a_build_publishes_the_golden_feeds_and_api_documents_byte_for_byte(
    example_content_dir: Path, files: dict[str, str], tmp_path: Path
) -> None:
    """A build writes feeds and API documents to disk as they are made (never all held):
    the published files are still exactly the golden ones, and nothing is left behind."""
    project = copy_project(tmp_path / "project", example_content_dir)
    set_plugin_options(project, history=False)
    spools = set(Path(tempfile.gettempdir()).glob("briefing-files-*"))
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    # The site feeds carry the HTML MkDocs made of each brief, not the core's rendering.
    for path in sorted(set(files) - {"feed.xml", "feed.json"}):
        assert (site / path).read_bytes() == files[path].encode("utf-8"), path
    assert set(Path(tempfile.gettempdir()).glob("briefing-files-*")) == spools
