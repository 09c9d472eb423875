"""The example briefing (the tests' fixture): it loads cleanly and says what the article says."""

from __future__ import annotations

import pytest
from helpers import EXAMPLE_BRIEF, EXAMPLE_CONTENT, EXAMPLE_PROJECT

from generator.cli import schemas
from generator.diagnostics import Diagnostic
from generator.model import Actor, Brief, Content, PartialDate, cited_ids
from generator.validate import load_content

ACTORS = {
    "kim-jong-un",
    "sergei-shoigu",
    "vladimir-putin",
    "north-korea",
    "russia",
    "south-korea",
    "ukraine",
    "united-nations",
    "kcna",
    "ahn-chan-il",
    "hong-min",
    "the-straits-times",
}
BRIEF_ID = EXAMPLE_BRIEF


@pytest.fixture(scope="module")
def loaded() -> tuple[Content, list[Diagnostic]]:
    return load_content(EXAMPLE_CONTENT, base=EXAMPLE_PROJECT)


@pytest.fixture(scope="module")
def content(loaded: tuple[Content, list[Diagnostic]]) -> Content:
    return loaded[0]


@pytest.fixture(scope="module")
def brief(content: Content) -> Brief:
    return content.briefs[BRIEF_ID]


def test_loads_with_no_errors_and_no_warnings(loaded: tuple[Content, list[Diagnostic]]) -> None:
    _, warnings = loaded
    assert warnings == []


def test_one_published_brief_and_twelve_actors(content: Content) -> None:
    assert list(content.briefs) == [BRIEF_ID]
    assert set(content.actors) == ACTORS
    assert content.published().briefs.keys() == content.briefs.keys()


def test_every_actor_is_listed_in_the_brief(brief: Brief) -> None:
    assert {ref.actor for ref in brief.actors} == ACTORS
    assert all(ref.role for ref in brief.actors)


@pytest.mark.parametrize(
    ("actor_id", "native_name"),
    [
        ("kim-jong-un", "김정은"),
        ("north-korea", "조선민주주의인민공화국"),
        ("south-korea", "대한민국"),
        ("ahn-chan-il", "안찬일"),
        ("hong-min", "홍민"),
        ("kcna", "조선중앙통신"),
        ("sergei-shoigu", "Сергей Шойгу"),
        ("vladimir-putin", "Владимир Путин"),
        ("russia", "Россия"),
    ],
)
def test_korean_and_russian_actors_have_native_names(
    content: Content, actor_id: str, native_name: str
) -> None:
    assert content.actors[actor_id].native_name == native_name


def test_actor_kinds(content: Content) -> None:
    kinds = {actor_id: actor.kind for actor_id, actor in content.actors.items()}
    assert kinds == {
        "kim-jong-un": "person",
        "sergei-shoigu": "person",
        "vladimir-putin": "person",
        "ahn-chan-il": "person",
        "hong-min": "person",
        "north-korea": "state",
        "russia": "state",
        "south-korea": "state",
        "ukraine": "state",
        "united-nations": "organization",
        "kcna": "media",
        "the-straits-times": "media",
    }


def test_affiliations_point_at_known_actors(content: Content) -> None:
    for actor in content.actors.values():
        assert isinstance(actor, Actor)
        assert set(actor.affiliation_ids) <= ACTORS


def test_experts_are_quoted_as_paraphrase(brief: Brief) -> None:
    by = {quote.by: quote for quote in brief.quotes}
    for expert in ("ahn-chan-il", "hong-min"):
        assert by[expert].kind == "paraphrase"
    assert "export to Russia" in by["ahn-chan-il"].text
    assert "missile" in by["hong-min"].text
    # The article reports every statement; none of it is a verbatim quotation.
    assert {quote.kind for quote in brief.quotes} == {"paraphrase"}


def test_events_are_dated_as_precisely_as_the_article_allows(brief: Brief) -> None:
    dates = [event.date for event in brief.timeline]
    assert PartialDate(2025, 3, 21) in dates
    late_february = [e for e in brief.timeline if e.date_label == "late February 2025"]
    assert len(late_february) == 1
    assert late_february[0].date == PartialDate(2025, 2)
    assert late_february[0].date.precision == "month"
    shoigu_visit = [e for e in brief.timeline if "sergei-shoigu" in e.actors]
    assert [e.date.iso for e in shoigu_visit] == ["2025-03-21"]
    assert dates == sorted(dates)


def test_every_citation_points_at_the_registry_source(content: Content, brief: Brief) -> None:
    assert not brief.sources, "the article lives in the source registry"
    declared = set(content.sources)
    assert declared == {"straits-times-2025-03-21"}
    for kj in brief.key_judgments:
        assert kj.sources and set(cited_ids(kj.sources)) <= declared
    for event in brief.timeline:
        assert event.sources and set(cited_ids(event.sources)) <= declared
    for quote in brief.quotes:
        assert quote.source in declared
    (source,) = content.sources.values()
    assert source.publisher == "The Straits Times"
    assert source.outlet == "the-straits-times"
    assert source.url.startswith("https://")


def test_brief_fields(brief: Brief) -> None:
    assert str(brief.date) == "2025-03-21"
    assert not brief.is_draft
    assert brief.key_judgments
    assert "[[sergei-shoigu" in brief.body
    assert "[^straits-times-2025-03-21]" in brief.body


@pytest.mark.parametrize("kind", ["briefs", "actors", "sources"])
def test_example_files_point_at_their_schema(kind: str) -> None:
    folder = EXAMPLE_CONTENT / kind
    schema = f"../schema/{kind[:-1]}.schema.json"
    files = sorted(folder.glob("*.yml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={schema}", path.name
    # copy_project writes the code's schemas beside the fixture, as in a real project.
    assert schema.removeprefix("../schema/").removesuffix(".schema.json") in schemas()
