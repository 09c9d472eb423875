"""`make bench` writes its report between marks in BENCHMARKS.md, keeping the notes around it."""

from __future__ import annotations

from pathlib import Path

from benchmark.run import REPORT_END, REPORT_START, write_report


def test_the_report_replaces_only_what_is_between_the_marks(tmp_path: Path) -> None:
    path = tmp_path / "BENCHMARKS.md"
    path.write_text(f"# Notes\n\n{REPORT_START}\nold figures\n{REPORT_END}\n\n## Earlier\n")
    write_report(path, "new figures\n")
    text = path.read_text()
    assert text == f"# Notes\n\n{REPORT_START}\n\nnew figures\n\n{REPORT_END}\n\n## Earlier\n"
    write_report(path, "newer figures")  # again: the marks are still there
    assert "newer figures" in path.read_text() and "new figures\n" not in path.read_text()


def test_a_file_without_marks_gets_the_report_at_the_top(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    write_report(path, "figures")
    assert path.read_text() == f"{REPORT_START}\n\nfigures\n\n{REPORT_END}\n"
    path.write_text("# Notes\n")
    write_report(path, "figures")
    assert path.read_text() == f"{REPORT_START}\n\nfigures\n\n{REPORT_END}\n\n# Notes\n"
