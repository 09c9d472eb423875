"""`briefing new`: the file it writes, its id, and that it passes `briefing check`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.cli import main


def new(tmp_path: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["new", *argv, "--content", str(tmp_path / "content")])
    out, err = capsys.readouterr()
    return code, out, err


def check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "--content", str(tmp_path / "content")])
    return code, capsys.readouterr().err


def test_new_brief_round_trips_through_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = new(tmp_path, capsys, "brief", "Iran's drone makers")
    path = tmp_path / "content" / "briefs" / "irans-drone-makers.yml"
    assert (code, out, err) == (0, f"{path.as_posix()}\n", "")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/brief.schema.json\n")
    assert 'title: "Iran\'s drone makers"\n' in text
    assert f"date: {date.today().isoformat()}\n" in text
    # Every optional field is there as a reminder, commented out.
    for field in ("tags", "key_judgments", "body", "actors", "events", "quotes", "sources"):
        assert f"\n# {field}:" in text, field
    code, report = check(tmp_path, capsys)
    assert code == 0, report
    assert report == "0 error(s), 0 warning(s)\nok: 1 brief(s), 0 actor(s)\n"


def test_new_actor_round_trips_through_check_with_a_warning_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = new(tmp_path, capsys, "actor", "Сергей Лавров", "--kind", "person")
    path = tmp_path / "content" / "actors" / "sergei-lavrov.yml"
    assert code == 0 and out == f"{path.as_posix()}\n"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/actor.schema.json\n")
    assert 'name: "Сергей Лавров"\nkind: person\n' in text
    assert "\n# aliases:" in text and "\n# country:" in text
    code, report = check(tmp_path, capsys)
    assert code == 0
    assert "warning: no brief mentions actor 'sergei-lavrov'" in report
    assert "0 error(s), 1 warning(s)" in report


def test_a_new_brief_can_mention_a_new_actor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new(tmp_path, capsys, "actor", "Kim Jong Un", "--kind", "person")[0] == 0
    assert new(tmp_path, capsys, "brief", 'A "quoted" title: with colon #1')[0] == 0
    brief = tmp_path / "content" / "briefs" / "a-quoted-title-with-colon-1.yml"
    brief.write_text(
        brief.read_text(encoding="utf-8").replace("Replace this text.", "See [[kim-jong-un]]."),
        encoding="utf-8",
    )
    code, report = check(tmp_path, capsys)
    assert (code, report.splitlines()[0]) == (0, "0 error(s), 0 warning(s)")


def test_new_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(tmp_path, capsys, "brief", "Test launch")[0] == 0
    path = tmp_path / "content" / "briefs" / "test-launch.yml"
    path.write_text("title: mine\n", encoding="utf-8")
    code, out, err = new(tmp_path, capsys, "brief", "Test Launch!")
    assert (code, out) == (1, "")
    assert err == f"briefing new: error: {path.as_posix()} already exists; not overwritten\n"
    assert path.read_text(encoding="utf-8") == "title: mine\n"
    # The same id under the other suffix counts as existing too.
    (tmp_path / "content" / "actors").mkdir()
    (tmp_path / "content" / "actors" / "kcna.yaml").write_text("x", encoding="utf-8")
    code, _, err = new(tmp_path, capsys, "actor", "KCNA", "--kind", "media")
    assert code == 1 and "actors/kcna.yaml already exists" in err


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("!!!", "'!!!' gives no id: a title or name needs at least one letter or digit"),
        ("  ", "'  ' gives no id: a title or name needs at least one letter or digit"),
        ("Index", "'Index' gives the id 'index', which is reserved for the listing page"),
        ("bad\x01title", "a title or name cannot hold control characters"),
    ],
)
def test_titles_that_give_no_usable_id_are_clean_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str, message: str
) -> None:
    code, out, err = new(tmp_path, capsys, "brief", title)
    assert (code, out) == (1, "")
    assert err.startswith(f"briefing new: error: {message}")
    assert "Traceback" not in err
    assert not (tmp_path / "content" / "briefs").exists() or not any(
        (tmp_path / "content" / "briefs").iterdir()
    )


def test_actor_needs_a_valid_kind_and_briefs_take_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = new(tmp_path, capsys, "actor", "Someone")
    assert (code, err) == (2, "briefing new: error: a new actor needs --kind\n")
    assert new(tmp_path, capsys, "actor", "Someone", "--kind", "leader")[0] == 2
    assert new(tmp_path, capsys, "brief", "Something", "--kind", "person")[0] == 2
    assert not (tmp_path / "content").exists()


def test_long_titles_give_bounded_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = new(tmp_path, capsys, "brief", "word " * 100)
    assert code == 0
    assert len(Path(out.strip()).stem) <= 80


def test_new_source_and_event_round_trip_and_a_brief_can_use_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "https://example.org/reuters/shoigu"
    code, out, _ = new(tmp_path, capsys, "source", "Reuters: Shoigu in Pyongyang", "--url", url)
    source = tmp_path / "content" / "sources" / "reuters-shoigu-in-pyongyang.yml"
    assert code == 0 and out == f"{source.as_posix()}\n"
    text = source.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/source.schema.json\n")
    assert f'url: "{url}"\n' in text
    for field in ("authors", "outlet", "republished_by", "language", "kind", "reliability"):
        assert f"\n# {field}:" in text, field
    code, out, _ = new(tmp_path, capsys, "event", "Shoigu lands", "--date", "2025-03")
    event = tmp_path / "content" / "events" / "shoigu-lands.yml"
    assert code == 0 and out == f"{event.as_posix()}\n"
    assert 'date: "2025-03"\ntitle: "Shoigu lands"\n' in event.read_text(encoding="utf-8")
    code, report = check(tmp_path, capsys)
    assert code == 0
    assert "0 error(s), 2 warning(s)" in report  # neither is used by a brief yet
    new(tmp_path, capsys, "brief", "Visit")
    brief = tmp_path / "content" / "briefs" / "visit.yml"
    text = brief.read_text(encoding="utf-8").replace(
        "summary: >-\n", "events: [shoigu-lands]\nsummary: >-\n  [^reuters-shoigu-in-pyongyang]\n"
    )
    brief.write_text(text, encoding="utf-8")
    code, report = check(tmp_path, capsys)
    assert (code, report) == (0, "0 error(s), 0 warning(s)\nok: 1 brief(s), 0 actor(s)\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["source", "A report"], "a new source needs --url"),
        (["event", "A thing"], "a new event needs --date"),
        (["brief", "B", "--url", "https://e.org/"], "--url is for sources only"),
        (["source", "A report", "--url", "ftp://e.org/"], "is not an http(s) URL"),
        (["event", "A thing", "--date", "March"], "expected a date as YYYY"),
        (["source", "Page", "--url", "https://e.org/"], "reserved"),
    ],
)
def test_new_source_and_event_need_their_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = new(tmp_path, capsys, *argv)
    assert code in (1, 2) and out == ""
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "content").exists()
