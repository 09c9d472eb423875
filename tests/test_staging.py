"""`generator/staging.py`: a build replaces the site only when it succeeded, and the
replaced site is deleted without the command waiting for it."""

from __future__ import annotations

from pathlib import Path

from helpers import site_dirs

from generator.staging import Staging, spool_beside


def _site(folder: Path, text: str) -> Path:
    site = folder / "site"
    (site / "briefs").mkdir(parents=True)
    (site / "briefs" / "index.html").write_text(text, encoding="utf-8")
    return site


def test_commit_puts_the_staged_site_in_place_and_deletes_the_old_one(tmp_path: Path) -> None:
    site = _site(tmp_path, "old")
    staging = Staging(site)
    staged = staging.begin(keep_files=False)
    (staged / "index.html").write_text("new", encoding="utf-8")
    assert (site / "briefs" / "index.html").read_text(encoding="utf-8") == "old"

    staging.commit()
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert not (site / "briefs").exists()
    assert site_dirs(tmp_path) == ["site"]  # the old site's detached deletion finished


def test_the_first_build_has_no_old_site_to_delete(tmp_path: Path) -> None:
    staging = Staging(tmp_path / "site")
    (staging.begin(keep_files=False) / "index.html").write_text("new", encoding="utf-8")
    staging.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_deletion_cut_short_is_finished_by_the_next_build(tmp_path: Path) -> None:
    left = tmp_path / ".site.old-killed" / "site"
    (left / "briefs").mkdir(parents=True)
    (left / "briefs" / "index.html").write_text("old", encoding="utf-8")
    (tmp_path / ".site.old").mkdir()  # as earlier versions named it
    staging = Staging(tmp_path / "site")
    staging.begin(keep_files=False)
    staging.discard()
    assert site_dirs(tmp_path) == []


def test_a_discarded_build_leaves_the_site_alone(tmp_path: Path) -> None:
    site = _site(tmp_path, "old")
    staging = Staging(site)
    (staging.begin(keep_files=False) / "index.html").write_text("new", encoding="utf-8")
    staging.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (site / "briefs" / "index.html").read_text(encoding="utf-8") == "old"


def test_the_spool_is_an_empty_folder_beside_the_site(tmp_path: Path) -> None:
    spool = spool_beside(tmp_path / "site")
    (spool / "feed.xml").write_text("left over by a killed build", encoding="utf-8")
    again = spool_beside(tmp_path / "site")
    assert again == spool and again.parent == tmp_path and list(again.iterdir()) == []
