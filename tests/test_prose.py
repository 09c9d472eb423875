"""generator/prose.py: plain values escaped for pages, and first mentions of actors linked.

`escape` makes a title or a name safe inside Markdown, `escape_attr` inside HTML; `Linker`
turns the first mention of each actor in a text node into a link, recording it in `Links`.
"""

from __future__ import annotations

import html
import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.fields import Text, convert
from generator.prose import Linker, Links, escape, escape_attr


def links(**names: str) -> Links:
    """Links for a brief page: actor pages are one folder up."""
    return Links(dict(names), lambda actor: f"../actors/{actor}/")


# --- escape and escape_attr -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Kim Jong Un", "Kim Jong Un"),
        ("*bold* _it_ `code`", r"\*bold\* \_it\_ \`code\`"),
        ("[link](https://e.org)", r"\[link\]\(https://e.org\)"),
        ("# not a heading", r"\# not a heading"),
        ("a | b ~ c + d ! e", r"a \| b \~ c \+ d \! e"),
        ("back\\slash", "back\\\\slash"),
        ("<b>AT&T</b>", "&lt;b&gt;AT&amp;T&lt;/b&gt;"),
        ("{ .cls }", r"&\#123; .cls &\#125;"),  # an entity attr_list never reads as `{`
        ("two\nlines", "two lines"),
        ("crlf\r\nline", "crlf line"),
        ("nul\x00 bell\x07 private\ue000 noncharacter\uffff", "nul bell private noncharacter"),
        ("Сергей Шойгу 김정은", "Сергей Шойгу 김정은"),
    ],
)
def test_escape(text: str, escaped: str) -> None:
    assert escape(text) == escaped


@pytest.mark.parametrize(
    "text",
    [
        "*bold* and _em_",
        "[x](javascript:alert(1))",
        "<script>alert(1)</script>",
        "# heading\n- item",
        "{ #id .cls onclick=alert(1) }",
        "`code` ![img](x.png) | table |",
    ],
)
def test_escaped_text_renders_as_the_same_plain_text(text: str) -> None:
    rendered = markdown.markdown(escape(text), extensions=["attr_list", "tables"])
    assert "<script" not in rendered and "<a " not in rendered and "<img" not in rendered
    assert rendered.startswith("<p>") and rendered.endswith("</p>")
    plain = html.unescape(rendered.removeprefix("<p>").removesuffix("</p>"))
    assert plain == text.replace("\n", " ")


def test_escape_attr() -> None:
    assert escape_attr('say "hi" & <wave>') == "say &quot;hi&quot; &amp; &lt;wave&gt;"
    assert escape_attr("it's") == "it&#x27;s"
    assert escape_attr("nul\x00 *kept*") == "nul *kept*"  # no Markdown escaping in HTML


# --- Links --------------------------------------------------------------------------------------


def test_links_start_empty_and_are_not_shared() -> None:
    first, second = links(kim="Kim Jong Un"), links(kim="Kim Jong Un")
    assert first.linked == set() and first.cited == {}
    first.linked.add("kim")
    first.cited["kcna"] = 1
    assert second.linked == set() and second.cited == {}
    assert first.href("kim") == "../actors/kim/"


# --- Linker -------------------------------------------------------------------------------------


def test_only_the_first_mention_of_an_actor_is_linked() -> None:
    linker = Linker([("kim", "Kim Jong Un")])
    page = links(kim="Kim Jong Un")
    out = linker.link_text("Kim Jong Un met Kim Jong Un.", page)
    assert out == '<a href="../actors/kim/">Kim Jong Un</a> met Kim Jong Un.'
    assert page.linked == {"kim"}
    # Later text nodes of the same page link it no more.
    assert linker.link_text("Kim Jong Un again.", page) == "Kim Jong Un again."


def test_every_actor_is_linked_once_in_order_of_mention() -> None:
    linker = Linker([("kim", "Kim Jong Un"), ("shoigu", "Sergei Shoigu"), ("shoigu", "Shoigu")])
    page = links()
    out = linker.link_text("Shoigu met Kim Jong Un; Sergei Shoigu left.", page)
    assert out == (
        '<a href="../actors/shoigu/">Shoigu</a> met <a href="../actors/kim/">Kim Jong Un</a>; '
        "Sergei Shoigu left."
    )
    assert page.linked == {"kim", "shoigu"}


def test_the_longest_name_wins() -> None:
    linker = Linker([("north-korea", "North Korea"), ("north", "North")])
    out = linker.link_text("North Korea, then North.", links())
    assert out == (
        '<a href="../actors/north-korea/">North Korea</a>, then '
        '<a href="../actors/north/">North</a>.'
    )


def test_names_match_whole_words_only() -> None:
    linker = Linker([("kim", "Kim")])
    page = links()
    assert linker.link_text("Kimberly and Akim, not Kims.", page) == "Kimberly and Akim, not Kims."
    assert page.linked == set()
    assert linker.link_text("Kim.", page) == '<a href="../actors/kim/">Kim</a>.'


def test_a_name_spans_any_whitespace_but_keeps_its_words() -> None:
    linker = Linker([("kim", "Kim Jong Un")])
    out = linker.link_text("Kim\nJong  Un", links())
    assert out == '<a href="../actors/kim/">Kim\nJong  Un</a>'
    assert linker.link_text("Kim Jong-Un", links()) == "Kim Jong-Un"


def test_names_too_short_or_without_words_are_never_linked() -> None:
    linker = Linker([("x", "X"), ("dash", "--"), ("empty", "")])
    assert linker.link_text("X -- marks the spot", links()) == "X -- marks the spot"


def test_escaped_html_text_stays_escaped_around_links() -> None:
    linker = Linker([("att", "AT&T"), ("kim", "Kim")])
    text = "&lt;b&gt; AT&amp;T &amp; Kim &quot;here&quot;"
    out = linker.link_text(text, links())
    assert out == (
        '&lt;b&gt; <a href="../actors/att/">AT&amp;T</a> &amp; '
        '<a href="../actors/kim/">Kim</a> "here"'
    )
    # A node without a mention is returned as it came, entities and all.
    assert Linker([]).link_text(text, links()) == text


def test_link_urls_are_escaped() -> None:
    linker = Linker([("kim", "Kim")])
    page = Links({}, lambda actor: f'/a?x="{actor}"&y=<1>')
    out = linker.link_text("Kim", page)
    assert out == '<a href="/a?x=&quot;kim&quot;&amp;y=&lt;1&gt;">Kim</a>'


def test_non_latin_names_are_linked() -> None:
    linker = Linker([("kim", "김정은"), ("shoigu", "Сергей Шойгу")])
    out = linker.link_text("김정은과 Сергей Шойгу", links())
    assert out == "김정은과 " + '<a href="../actors/shoigu/">Сергей Шойгу</a>'
    assert linker.link_text("김정은 만남", links()) == '<a href="../actors/kim/">김정은</a> 만남'


def _linked_by_regex(names: list[tuple[str, str]], text: str) -> str:
    """What `Linker` must do, the slow and obvious way: one pattern per name, tried in
    order of length at each whole word where some name's first word is."""
    ordered = sorted(
        ((actor, name) for actor, name in names if re.findall(r"\w+", name) and len(name) > 1),
        key=lambda pair: -len(pair[1]),
    )
    linked: set[str] = set()
    out, pos = [], 0
    for word in re.finditer(r"\w+", text):
        if word.start() < pos:
            continue
        for actor, name in ordered:
            if actor in linked or re.findall(r"\w+", name)[0] != word.group(0):
                continue
            pattern = r"\s+".join(re.escape(part) for part in name.split()) + r"(?!\w)"
            if m := re.compile(pattern).match(text, word.start()):
                linked.add(actor)
                out += [html.escape(text[pos : m.start()], quote=False)]
                out += [f'<a href="{actor}">{html.escape(m.group(0), quote=False)}</a>']
                pos = m.end()
                break
    return "".join([*out, html.escape(text[pos:], quote=False)])


_PIECES = ["The", "the", "Kim", "Jong", "Un", "U.S.", "U", "S", "-led", "'s", ".", "(", "Kims"]
_pieces = st.sampled_from(_PIECES)
_space = st.sampled_from([" ", "  ", "\n", "\u00a0", ""])
_phrase = st.lists(st.tuples(_pieces, _space), max_size=12).map(
    lambda pairs: "".join(p + s for p, s in pairs)
)


@settings(max_examples=500, deadline=None)
@given(
    names=st.lists(st.tuples(st.sampled_from(["a", "b", "c", "d"]), _phrase), max_size=8),
    data=st.data(),
)
def test_linker_finds_what_a_pattern_per_name_finds(
    names: list[tuple[str, str]], data: st.DataObject
) -> None:
    """Indexed by first word and looked up by the tokens after it, the Linker makes the same
    links as trying every name's own pattern, whatever names share a first word."""
    spelt = [name for _, name in names]
    bits = st.sampled_from(spelt) if spelt else _phrase
    text = "".join(data.draw(st.lists(st.one_of(bits, _phrase, _space, _pieces), max_size=8)))
    linker = Linker(names)
    page = Links({}, lambda actor: actor)
    assert linker.link_text(html.escape(text, quote=False), page) == _linked_by_regex(names, text)


def test_a_name_is_found_among_thousands_that_share_its_first_word() -> None:
    """Thousands of actors named "The ..." do not make each "The" in prose try them all."""
    linker = Linker([(f"a{i}", f"The Committee {i}") for i in range(5000)])
    page = links()
    assert linker.link_text("The Committee 4999 met the Committee 7.", page) == (
        '<a href="../actors/a4999/">The Committee 4999</a> met the Committee 7.'
    )


def test_names_are_found_in_text_that_runs_on_without_spaces() -> None:
    """Japanese or Chinese prose has no spaces: a name ends at a character that is no word
    character, and the text after it is not read (it could be a whole page)."""
    linker = Linker([("kim", "金正恩"), ("un", "U.S. Army")])
    text = "「金正恩」は、核開発を続けると述べた。" * 400 + "U.S." * 1000 + "U.S. Army."
    out = linker.link_text(text, links())
    assert out.count("<a ") == 2
    assert out.startswith('「<a href="../actors/kim/">金正恩</a>」は')
    assert out.endswith('U.S.<a href="../actors/un/">U.S. Army</a>.')


def test_auto_links_skip_every_kind_of_heading() -> None:
    linker = Linker([("kim", "Kim Jong Un")])
    page = links(kim="Kim Jong Un")
    parts = convert("Kim Jong Un visits\n===\n\n> ## Kim Jong Un here\n\nSee Kim Jong Un.").parts
    out = "".join(
        p if isinstance(p, str) else linker.link_text(p.html, page)
        for p in parts
        if isinstance(p, str | Text)  # the text has no references: no Slot
    )
    assert out == (
        "<h1>Kim Jong Un visits</h1>\n<blockquote>\n<h2>Kim Jong Un here</h2>\n</blockquote>\n"
        '<p>See <a href="../actors/kim/">Kim Jong Un</a>.</p>\n'
    )
