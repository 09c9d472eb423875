"""Pages' HTML held compressed between conversion and template (`held_html.py`).

A page's HTML comes back exactly as every plugin left it, just before its template; a
build that holds every page's HTML (the threshold lowered to the example's size) writes
the same bytes, Material's search index included, as one that holds none.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from helpers import build_in_process, copy_project

from generator import plugin as plugin_module
from generator.held_html import HeldHtml


def page(src_uri: str, content: str | None = None) -> Any:
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), content=content)


def test_a_page_is_held_once_the_next_starts_and_given_back_before_its_template() -> None:
    held = HeldHtml()
    first, second = page("a.md"), page("b.md")
    held.next_page(first)
    first.content = "<p>Ким Чен Ын – «quoted» · 1</p>"  # set by the conversion and plugins
    assert first.content  # still there while plugins may read it
    held.next_page(second)
    second.content = "<p>two</p>"
    assert first.content == ""
    held.hold_converted()  # on_env: the last page too
    assert second.content == ""
    held.give_back(first)
    assert first.content == "<p>Ким Чен Ын – «quoted» · 1</p>"
    held.written(first)
    assert first.content == ""
    held.give_back(second)
    assert second.content == "<p>two</p>"
    assert held.held == {}


def test_a_page_without_html_is_left_as_it_is() -> None:
    held = HeldHtml()
    empty = page("empty.md", None)
    held.next_page(empty)
    held.hold_converted()
    held.give_back(empty)
    assert empty.content is None and held.held == {}


def built(
    project: Path, monkeypatch: pytest.MonkeyPatch, held_from: int, given_back: list[str]
) -> dict[str, bytes]:
    monkeypatch.setattr(plugin_module, "HELD_MIN_PAGES", held_from)
    original = HeldHtml.give_back

    def recording(self: HeldHtml, page: Any) -> None:
        given_back.append(page.file.src_uri)
        original(self, page)

    monkeypatch.setattr(HeldHtml, "give_back", recording)
    monkeypatch.chdir(project)
    site = build_in_process(project)
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_a_build_holding_every_page_writes_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(tmp_path / "project")
    given_back: list[str] = []
    held = built(project, monkeypatch, 1, given_back)
    assert len(given_back) > 20  # every page's HTML was held and given back
    plain = built(project, monkeypatch, 10**9, given_back := [])
    assert given_back == []
    assert "search/search_index.json" in held  # Material's search read every page's HTML
    assert held.keys() == plain.keys()
    assert [path for path in held if held[path] != plain[path]] == []


def test_a_page_with_a_comment_is_left_for_the_tags_plugin_to_fill() -> None:
    held = HeldHtml()
    listing = page("tags.md", "<p>x</p>\n<!-- material/tags -->")
    held.next_page(listing)
    held.hold_converted()
    assert listing.content == "<p>x</p>\n<!-- material/tags -->" and held.held == {}
