"""generator/index.py: the relations between briefs, actors, events, quotes and sources."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import EXAMPLE_BRIEF, EXAMPLE_CONTENT, EXAMPLE_PROJECT, write_files

from generator import index as index_module
from generator.index import SiteIndex, build_index
from generator.model import Content
from generator.validate import load_content


def brief_yaml(title: str, day: str, actors: list[str], tags: list[str], **extra: str) -> str:
    lines = [
        f"title: {title}",
        f'date: "{day}"',
        "summary: S.",
        f"actors: [{', '.join(actors)}]",
        f"tags: [{', '.join(tags)}]",
    ]
    return "\n".join([*lines, *(f"{key}: {value}" for key, value in extra.items())]) + "\n"


ACTORS = {
    "actors/alpha.yml": "name: Alpha\nkind: person\naffiliations: [org]\n",
    "actors/beta.yml": "name: Beta\nkind: person\naffiliations: [org]\n",
    "actors/gamma.yml": "name: Gamma\nkind: state\n",
    "actors/org.yml": "name: Org\nkind: organization\n",
}


def load(tmp_path: Path, briefs: dict[str, str]) -> Content:
    files = {**ACTORS, **{f"briefs/{name}.yml": text for name, text in briefs.items()}}
    content, diagnostics = load_content(write_files(tmp_path / "content", files), tmp_path)
    assert not [d for d in diagnostics if d.severity == "error"], diagnostics
    return content


@pytest.fixture(scope="module")
def example() -> SiteIndex:
    content, _ = load_content(EXAMPLE_CONTENT, EXAMPLE_PROJECT)
    return build_index(content)


def test_example_relations(example: SiteIndex) -> None:
    assert example.newest_first == [EXAMPLE_BRIEF]
    assert EXAMPLE_BRIEF in example.involved["sergei-shoigu"]
    assert example.briefs_of("sergei-shoigu") == [EXAMPLE_BRIEF]
    assert "kim-jong-un" in example.members["north-korea"]
    assert example.by_tag["north-korea"] == [EXAMPLE_BRIEF]
    speakers = {ref.quote.by for refs in example.quotes_by_actor.values() for ref in refs}
    assert "ahn-chan-il" in speakers
    citations = [c for cited in example.sources for c in cited.citations]
    assert citations and all(brief == EXAMPLE_BRIEF for brief, _ in citations)


def test_events_are_in_date_order_and_numbered_in_their_brief(example: SiteIndex) -> None:
    keys = [ref.event.date.sort_key() for ref in example.events]
    assert keys == sorted(keys)
    assert sorted(ref.number for ref in example.events) == list(range(1, len(example.events) + 1))
    for actor, refs in example.events_by_actor.items():
        assert all(actor in ref.event.actors for ref in refs)
        dates = [ref.event.date.sort_key() for ref in refs]
        assert dates == sorted(dates)


def test_newest_first_breaks_ties_by_id(tmp_path: Path) -> None:
    content = load(
        tmp_path,
        {
            "b-old": brief_yaml("Old", "2024-01-01", ["alpha"], []),
            "c-new": brief_yaml("New", "2025-01-01", ["alpha"], []),
            "a-new": brief_yaml("New too", "2025-01-01", ["beta"], []),
        },
    )
    index = build_index(content)
    assert index.newest_first == ["a-new", "c-new", "b-old"]
    assert index.briefs_of("alpha") == ["c-new", "b-old"]


def test_related_puts_declared_first_then_most_shared(tmp_path: Path) -> None:
    content = load(
        tmp_path,
        {
            "main": brief_yaml("Main", "2025-01-01", ["alpha", "beta"], ["t"], related="[far]"),
            "both": brief_yaml("Both", "2024-01-01", ["alpha", "beta"], ["t"]),
            "one": brief_yaml("One", "2024-06-01", ["alpha"], []),
            "far": brief_yaml("Far", "2020-01-01", ["gamma"], []),
        },
    )
    index = build_index(content)
    assert index.related(content.briefs["main"]) == ["far", "both", "one"]
    assert index.related(content.briefs["both"]) == ["main", "one"]  # never itself


def test_related_ignores_actors_in_too_many_briefs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "RELATED_FANOUT_CAP", 2)
    content = load(
        tmp_path,
        {f"b{n}": brief_yaml(f"B{n}", f"2025-01-0{n}", ["alpha"], []) for n in range(1, 4)},
    )
    index = build_index(content)
    assert index.related(content.briefs["b1"]) == []  # alpha is in 3 briefs, over the cap


def test_mentions_count_for_briefs_of_and_companions(tmp_path: Path) -> None:
    content = load(
        tmp_path,
        {
            "x": brief_yaml("X", "2025-01-01", ["alpha", "beta"], []),
            "y": brief_yaml("Y", "2025-02-01", ["alpha", "beta"], []),
            "z": brief_yaml("Z", "2025-03-01", ["alpha"], []),
        },
    )
    index = build_index(content)
    index.record_mentions("z", {"gamma"})
    assert index.briefs_of("gamma") == ["z"]
    assert index.companions("alpha") == [("beta", 2), ("gamma", 1)]
    assert index.companions("alpha", limit=1) == [("beta", 2)]
