"""`generator/anchor_scan.py` finds the anchors MkDocs' own parser finds, or gives up.

Wherever `anchor_ids` answers, its answer is the set MkDocs' `_HTMLHandler` (Python's
`HTMLParser`) collects from the same text: on every page the core generates for the
example, and on random text built from tags, attributes, entities and the markup it must
give up on. On generated pages it always answers (else the fast path would not be one).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import EXAMPLE_CONTENT, examples
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.structure.pages import _HTMLHandler

from generator.anchor_scan import anchor_ids
from generator.feeds import PLACEHOLDER
from generator.site import Options, build_site
from generator.validate import load_content


def parsed(text: str) -> set[str | None]:
    parser = _HTMLHandler()
    parser.feed(text)
    parser.close()
    found: set[str | None] = set(parser.present_anchor_ids)  # None for `<a id>`, typed str
    return found


def pages_of(content: Path) -> dict[str, str]:
    loaded, _ = load_content(content, content.parent)
    site = build_site(
        loaded.shown(True, "clear"), Options(), PLACEHOLDER.format, write_file=lambda p, t: None
    )
    return site.pages


def test_every_example_page_is_read_fast_and_alike() -> None:
    pages = pages_of(EXAMPLE_CONTENT)
    assert len(pages) > 20
    answers = {path: anchor_ids(text) for path, text in pages.items()}
    assert [path for path, found in answers.items() if found is None] == []
    assert {path: parsed(text) for path, text in pages.items()} == answers
    assert any(found for found in answers.values())  # the example defines anchors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<p id="a">x</p> <a name="b"></a> <span name="c"></span>', {"a", "b"}),
        ("<DIV ID='up'>x</DIV><A NAME=low>y</A>", {"up", "low"}),
        ('<a id="x" /><b id="">', {"x", ""}),
        ('<a id="x &amp; y">', None),  # entities: versions differ (`&notit;`)
        ('<a title = "a>b" id=x>', None),  # a `>` some versions end the tag at
        ('<a title="a>b" id=x>', None),
        ("<a id>x</a>", {None}),
        ('<svg><title id="t">Map</title><desc id="d">x</desc></svg>', {"t", "d"}),
        ('<a data-id="no" idx="no" id="yes">', {"yes"}),
        ("a < b and c > d, `x<y`", None),
        ('<a id="x"/><!-- <b id="y"> -->', None),
        ('<title><b id="inside"></b></title>', None),
        ("<a id=x/>", None),  # the parser reads the value as `x/`
        ('<script>if (a) {}</script><p id="after">', {"after"}),
        ("<plaintext>", None),
        ('<a title="<b id=in>" id="out">', None),
    ],
)
def test_known_texts(text: str, expected: set[str | None] | None) -> None:
    assert anchor_ids(text) == expected
    if expected is not None:
        assert parsed(text) == expected


NAMES = st.sampled_from(["id", "ID", "Id", "name", "NAME", "data-id", "class", "href", "idx"])
VALUES = st.sampled_from(
    ['"a"', "'b'", "c", '"x &amp; y"', '"&#39;q"', "d/", '"<b id=z>"', '">"', '""', "e:f.g"]
)
SPACES = st.sampled_from([" ", "  ", "\n", "\t", "\f", "\v", "\u00a0", "/", " / "])
TAG_NAMES = st.sampled_from(["a", "A", "p", "div", "span", "svg", "title", "script", "x-y", "b1"])


@st.composite
def start_tags(draw: st.DrawFn) -> str:
    parts = [draw(TAG_NAMES)]
    for _ in range(draw(st.integers(0, 3))):
        attribute = draw(NAMES)
        if draw(st.booleans()):
            attribute += draw(st.sampled_from(["=", " = ", "=="])) + draw(VALUES)
        parts.append(draw(SPACES) + attribute)
    return "<" + "".join(parts) + draw(st.sampled_from([">", "/>", " />", " >"]))


# Text the scan leaves to the parser.
GIVE_UP = [
    *("a < b", "<!-- c -->", "<!DOCTYPE html>", "</>", "<?pi?>", "< p>", "`x<y`", "<a"),
    *("<![CDATA[x]]>", "</ a>", "<a id=x/>", "<title><b></b></title>", "<plaintext>"),
]
END_TAGS = TAG_NAMES.map(lambda name: f"</{name}>")
TEXT = st.sampled_from(["text ", "\n\n", "x > y", "&amp;", "'", '"', "-->"])
PIECES = st.one_of(
    start_tags(),
    END_TAGS,
    TEXT,
    st.sampled_from(GIVE_UP),
)


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
def test_answers_only_what_the_parser_finds(text: str) -> None:
    found = anchor_ids(text)
    if found is not None:
        assert found == parsed(text)


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.one_of(start_tags(), END_TAGS, TEXT), max_size=12).map("".join))
def test_tags_and_text_alone_are_answered_alike(text: str) -> None:
    found = anchor_ids(text)
    if found is not None:
        assert found == parsed(text)


@settings(max_examples=examples(200), deadline=None)
@given(st.text(alphabet="<>/=\"' aidnme&;-!x\n", max_size=40))
def test_any_text_is_answered_alike_or_left_to_the_parser(text: str) -> None:
    found = anchor_ids(text)
    if found is not None:
        assert found == parsed(text)


@pytest.mark.parametrize("text", GIVE_UP)
def test_leaves_what_it_cannot_read_to_the_parser(text: str) -> None:
    assert anchor_ids(f'<p id="a">{text}</p>') is None
