"""The meaning diff between two revisions of a brief (no git involved)."""

from __future__ import annotations

import itertools
from typing import Any

from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.changes import diff_briefs, match_judgments
from generator.model import LIKELIHOODS, Brief
from generator.revisions import load_revision, plain_data, split_fields
from generator.source import parse_text
from generator.validate import brief_from_text

BASE: dict[str, Any] = {
    "id": "b",
    "title": "Missile test",
    "date": "2025-03-01",
    "summary": "North Korea tested a missile.",
    "key_judgments": [
        {"text": "North Korea will test again within the year.", "likelihood": "likely",
         "confidence": "moderate"},
        {"text": "Russia supplied guidance components for the missile.",
         "likelihood": "unlikely", "confidence": "low"},
    ],
    "sources": [{"id": "kcna", "title": "KCNA report", "publisher": "KCNA",
                 "url": "https://kcna.example/1"}],
}  # fmt: skip


def brief(**changes: Any) -> Brief:
    return Brief.model_validate({**BASE, **changes})


def judgments(*edits: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**j, **e} for j, e in zip(BASE["key_judgments"], edits, strict=True)]


def texts(old: Brief, new: Brief) -> list[str]:
    return [c.text for c in diff_briefs(old, new)]


def test_a_likelihood_and_a_confidence_move_on_the_judgment_they_belong_to() -> None:
    new = brief(key_judgments=judgments({"likelihood": "very likely"}, {"confidence": "moderate"}))
    changes = diff_briefs(brief(), new)
    assert [(c.text, c.judgment) for c in changes] == [
        ("likelihood: likely → very likely", 1),
        ("confidence: low → moderate", 2),
    ]
    assert changes[0].words == "North Korea will test again within the year."
    assert changes[1].words == "Russia supplied guidance components for the missile."


def test_rewording_is_not_removed_and_added() -> None:
    reworded = "North Korea will test again before the end of the year."
    new = brief(key_judgments=judgments({"text": reworded, "likelihood": "very likely"}, {}))
    assert texts(brief(), new) == ["likelihood: likely → very likely", "judgment reworded"]


def test_reordered_judgments_match_by_text() -> None:
    new = brief(key_judgments=list(reversed(BASE["key_judgments"])))
    assert texts(brief(), new) == ["text edited"]  # same judgments, new order


def test_judgments_added_and_removed() -> None:
    added = {"text": "Seoul will raise its alert level.", "likelihood": "likely",
             "confidence": "high"}  # fmt: skip
    new = brief(key_judgments=[BASE["key_judgments"][0], added])
    changes = diff_briefs(brief(), new)
    assert [(c.kind, c.judgment) for c in changes] == [
        ("judgment-added", 2),
        ("judgment-removed", None),
    ]
    assert changes[1].words.startswith("Russia supplied")


def test_parts_added_and_removed_are_counted_and_named() -> None:
    new = brief(
        summary="North Korea tested a new missile.",
        sources=[
            {"id": "yonhap", "title": "Yonhap story", "publisher": "Yonhap",
             "url": "https://yonhap.example/2"},
            {"id": "nk-news", "title": "NK News story", "publisher": "NK News",
             "url": "https://nknews.example/3"},
        ],
        events=[{"date": "2025-03-01", "title": "Launch"}],
        corrections=[{"date": "2025-03-05", "text": "Site misnamed."}],
    )  # fmt: skip
    assert texts(brief(), new) == [
        "summary changed",
        "2 sources added: Yonhap story, NK News story",
        "1 source removed: KCNA report",
        "1 event added: Launch",
        "1 correction added: 2025-03-05",
    ]


def test_updated_alone_is_not_a_change_of_meaning() -> None:
    assert diff_briefs(brief(), brief(updated="2025-03-04")) == ()


def test_added_and_deleted_files() -> None:
    assert [c.kind for c in diff_briefs(None, brief())] == ["added"]
    assert [c.kind for c in diff_briefs(brief(), None)] == ["deleted"]


def test_brief_from_text_is_lenient_never_raising() -> None:
    assert brief_from_text("title: [unclosed\n", "b") is None
    assert brief_from_text("- a list\n", "b") is None
    assert brief_from_text("title: x\n", "b") is None  # misses required fields
    assert brief_from_text("a: &a [*a]\n", "b") is None


@settings(max_examples=examples(60), deadline=None)
@given(
    st.lists(st.text(max_size=40), max_size=6),
    st.lists(st.text(max_size=40), max_size=6),
)
def test_judgment_matching_is_one_to_one(old: list[str], new: list[str]) -> None:
    pairs = match_judgments(old, new)
    assert len(set(pairs.values())) == len(pairs)
    assert all(0 <= i < len(new) and 0 <= j < len(old) for i, j in pairs.items())
    for text in set(new) & set(old):  # identical texts always pair, as many as can
        same = sum(1 for i, j in pairs.items() if new[i] == old[j] == text)
        assert same == min(old.count(text), new.count(text))


@settings(max_examples=examples(40), deadline=None)
@given(st.text(max_size=300))
def test_any_revision_text_loads_or_gives_none(text: str) -> None:
    result = brief_from_text(text, "b")
    assert result is None or isinstance(result, Brief)


def test_every_likelihood_move_is_written_plainly() -> None:
    terms = list(LIKELIHOODS)
    for before, after in itertools.pairwise(terms):
        new = brief(key_judgments=judgments({"likelihood": after}, {}))
        old = brief(key_judgments=judgments({"likelihood": before}, {}))
        assert texts(old, new) == [f"likelihood: {before} → {after}"]


# --- Loading revisions field by field (revisions.py) ------------------------------------

REVISION = """\
# a comment before the fields
title: Missile test
date: "2025-03-01"
summary: |
  North Korea tested a missile.
key_judgments:
- text: North Korea will test again within the year.
  likelihood: {likelihood}
  confidence: moderate
{extra}"""


def test_field_by_field_loading_gives_what_a_whole_load_gives() -> None:
    texts_in_order = [
        REVISION.format(likelihood="likely", extra=""),
        REVISION.format(likelihood="very likely", extra="tags: [korea]\n"),
        REVISION.format(likelihood="very likely", extra="tags: [korea]\n# trailing\n"),
        REVISION.format(likelihood="unlikely", extra=""),  # a field removed
        REVISION.format(likelihood="likely", extra="tags: [Not A Slug]\n"),  # invalid
        REVISION.format(likelihood="likely", extra="a: &x 1\n"),  # an anchor: whole load
    ]
    before = None
    for text in texts_in_order:
        loaded = load_revision(text, "b", before)
        whole = brief_from_text(text, "b")
        assert (loaded.brief if loaded else None) == whole
        before = loaded or before


def test_split_fields_refuses_what_it_cannot_cut_safely() -> None:
    assert split_fields(REVISION.format(likelihood="likely", extra="")) is not None
    assert split_fields("title: x\ntitle: y\n") is None  # a duplicate key
    assert split_fields("title: &t x\nsummary: *t\n") is None  # an anchor
    assert split_fields('"title": x\n') is None  # a quoted key
    assert split_fields("title: R&D budget\n") == {"title": "title: R&D budget\n"}


def test_a_changed_list_item_is_read_alone_and_matches_a_whole_load() -> None:
    second = "- text: Seoul will raise its alert level.\n  likelihood: {0}\n  confidence: low\n"
    texts_in_order = [
        REVISION.format(likelihood="likely", extra=second.format("likely")),
        REVISION.format(likelihood="likely", extra=second.format("almost certain")),
        REVISION.format(likelihood="unlikely", extra=second.format("almost certain")),
        REVISION.format(likelihood="unlikely", extra=second.format("not a term")),  # invalid
    ]
    before = None
    for text in texts_in_order:
        loaded = load_revision(text, "b", before)
        assert (loaded.brief if loaded else None) == brief_from_text(text, "b")
        before = loaded or before
    assert before is not None and len(before.brief.key_judgments) == 2


PLAIN_OR_NOT = [
    "title: Missile test\ndate: 2025-03-01\n",  # a timestamp stays text
    "a: 1\nb: 1.5\nc: true\nd: null\ne: yes\nf: ~\ng: 0x1f\n",
    "a: [1, 2, {b: c}]\nd: |\n  two\n  lines\n",
    "a: 1\na: 2\n",  # a repeated key: the reader keeps the first
    "a:\n  b: 1\n  b: 2\n",
    "1: one\n",  # a number as a key: text for the reader
    "2025-03-01: a day\n",
    "a:\n  <<: {b: 1}\n",  # a merge key is an ordinary key for the reader
    "a: 99999999999999999999999\n",  # too large a number
    "a: !!str 1\n",
    "a: !!binary aGVsbG8=\n",
    "a: &x 1\nb: *x\n",
    "a: *x\n",
    "a: [unclosed\n",
    "a: 1\n---\nb: 2\n",
    "- a list\n",
    "a: 'it''s'\nb: \"\\t\"\n",
]


def test_plain_data_reads_what_the_reader_reads_or_leaves_it_to_the_reader() -> None:
    for text in PLAIN_OR_NOT:
        plain = plain_data(text)
        doc = parse_text(text, "t")
        if plain is not None:
            assert doc is not None and plain == doc.data, text
    assert plain_data(PLAIN_OR_NOT[0]) == {"title": "Missile test", "date": "2025-03-01"}
    for refused in PLAIN_OR_NOT[3:13]:
        assert plain_data(refused) is None, refused
