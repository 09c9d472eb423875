"""Content Markdown fields to sanitized HTML (generator/fields.py), tested in the core:
properties over random hostile Markdown, linear time, characters feeds cannot carry."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.feeds import render_html
from generator.fields import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, Text, convert
from generator.markup import find_refs
from generator.site import MARKDOWN_EXTENSIONS, build_site
from generator.validate import load_content

# Pieces of the constructs sanitizers get wrong, glued at random.
PIECES = [
    "\n", "\n\n", "    ", "   ", "```", "````", "~~~", "`", "``", "\\`", "> ", "# ", "---",
    "===", "- ", "1. ", ": ", "| a | b |\n| - | - |\n", "[", "]", "(", ")", "![", "](", "<",
    ">", "</", "/>", "<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "<svg",
    " onload=alert(1)", " onerror=", '"', "'", "=", "javascript:", "jav&#x61;script:",
    "&#106;avascript:", "data:text/html,", "vbscript:", "http://example.org/", "mailto:a@b",
    "//evil.example", "{: onclick=alert(1) }", "{", "}", "[[a]]", "[[a|b]]", "[^s]",
    "<style>", "<math>", "<iframe", "<a href=", "<div markdown=1>", "\x0b", "\x0c", "\x1c",
    "\x85", "\u2028", "\u2029", "\x00", "\ue000", "\ue0010\ue001", "*", "_", "text", " ",
]  # fmt: skip
markdown_text = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
ALLOWED_ATTRS = {tag: attrs | {"rel"} for tag, attrs in ALLOWED_ATTRIBUTES.items()}


class Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag {tag}")
        for name, value in attrs:
            if name.startswith("on") or name not in ALLOWED_ATTRS.get(tag, set()):
                self.problems.append(f"attribute {tag} {name}")
            if name in ("href", "src"):
                scheme = (value or "").split(":", 1)[0].lower()
                if ":" not in (value or "") or scheme not in URL_SCHEMES:
                    self.problems.append(f"url {value!r}")


def field_html(text: str) -> str:
    """The field's HTML with references left as their raw text (no page to link them)."""
    field = convert(text)
    return "".join(
        p if isinstance(p, str) else p.html if isinstance(p, Text) else field.refs[p.index].raw
        for p in field.parts
    )


@settings(max_examples=examples(300), deadline=None)
@given(markdown_text)
def test_any_markdown_gives_only_allowed_html(text: str) -> None:
    html = field_html(text)
    checker = Checker()
    checker.feed(html)
    assert not checker.problems, (text, html, checker.problems)
    assert "\x00" not in html and "\ue000" not in html


def test_tokens_cannot_be_forged() -> None:
    # Private-use characters are dropped first: a "token" typed in is no reference.
    field = convert("\ue0000\ue001 and [[a]]")
    assert [r.raw for r in field.refs] == ["[[a]]"]
    assert "\ue000" not in field_html("\ue0000\ue001")


def test_references_in_code_are_text_for_page_and_check() -> None:
    text = "`[[a]]` [[b]]\n\n```\n[^c]\n```\n[x](https://e.org/[[d]])"
    assert [r.target for r in find_refs(text)] == ["b"]
    assert "[[a]]" in field_html(text) and "[^c]" in field_html(text)


@pytest.mark.slow  # a big input: a hang guard for the whole suite, not the quick loop
def test_a_megabyte_of_adversarial_body_renders_in_seconds(example_content_dir: Path) -> None:
    """A hang guard, not a benchmark: each construct once made some pattern backtrack
    (the setext heading, attr_list on a long heading, link brackets). The whole site is
    built (pages, JSON-LD, feeds; feed HTML left to MkDocs, as the plugin does) and the
    brief page rendered by Markdown with the site's extensions, as MkDocs does."""
    content, _ = load_content(example_content_dir, example_content_dir.parent)
    quarter = 250_000
    body = (
        "x" + " " * quarter + "y\n---\n\n" + "`" * quarter + "\n\n" + "[" * quarter + "\n\n"
        + "<" * quarter
    )  # fmt: skip
    brief = next(iter(content.briefs.values()))
    content.briefs[brief.id] = brief.model_copy(update={"body": body})
    start = time.perf_counter()
    site = build_site(content, feed_html=lambda brief_id: "")
    page = site.pages[f"briefs/{brief.id}.md"].split("---\n", 2)[2]
    page = render_html(page, MARKDOWN_EXTENSIONS)
    assert time.perf_counter() - start < 20
    assert "&lt;" * 100 in page


def test_control_characters_never_reach_pages_or_feeds(example_content_dir: Path) -> None:
    content, _ = load_content(example_content_dir, example_content_dir.parent)
    evil = "".join(chr(c) for c in range(32) if c not in (9, 10)) + "\ufffe\uffff"
    brief = next(iter(content.briefs.values()))
    hostile = brief.model_copy(
        update={
            "title": f"T{evil}",
            "summary": f"S{evil} **b**",
            "body": f"B{evil}\n\n# H{evil}",
        }
    )
    content.briefs[brief.id] = hostile  # as if `briefing check` had not run
    site = build_site(content)
    feeds = {p: t for p, t in site.files.items() if p.rsplit("/", 1)[-1].startswith("feed.")}
    assert "feed.xml" in feeds
    for path, text in {**site.pages, **feeds}.items():
        assert not any(ch in text for ch in evil), path
        if path.endswith(".xml"):
            ET.fromstring(text)
        elif path.endswith(".json"):
            json.loads(text)
    page = render_html(site.pages[f"briefs/{brief.id}.md"].split("---\n", 2)[2], {})
    assert "\x00" not in page
