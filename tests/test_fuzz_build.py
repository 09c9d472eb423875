"""Fuzzing the build: whatever the validator accepts builds into safe pages and feeds.

Issue 10 asks for a fuzz test of reader + validator + build with a fixed budget. Reader and
validator are fuzzed in test_fuzz.py; here near-valid briefs and actors, with random
Markdown in their prose (summary, body, judgments, quotes, events, descriptions) and
random names, aliases and titles (markup, Unicode), go through `load_content`. Those the
validator rejects are skipped; each one it accepts is built in process with `build_site`:
no exception, no script, event handler or `javascript:` URL in any page's HTML, every
XML feed well-formed, no NUL anywhere. Three fixed inputs are also built by a real
`mkdocs build --strict`: what `briefing check` accepts, the build accepts.
"""

from __future__ import annotations

import re
import tempfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import copy_project, mkdocs
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from generator.diagnostics import BriefingError, Severity
from generator.feeds import render_html, strip_front_matter
from generator.model import Content
from generator.site import MARKDOWN_EXTENSIONS, Site, build_site
from generator.validate import load_content

# Every test here is a fixed-budget fuzz run or a site build: `make test-fast` leaves it out.
pytestmark = pytest.mark.slow

ACTOR_IDS = ["actor-a", "actor-b", "actor-c"]
SOURCE_IDS = ["src-one", "src-two"]
BRIEF_ID = "fuzzed-brief"

# Markup that has been, or could be, a way into a page: raw HTML, event handlers, script
# URLs, attribute lists, entities, fences, tables; plus references the validator accepts.
# (Markdown links to `javascript:` and other relative or odd URLs are refused by the
# validator, so test_fuzz.py has them; raw HTML ones are accepted and sanitized.)
# Attribute lists at the end of a paragraph (`{: onclick=... }`) found a bug: on an actor
# page's quotes, sanitized HTML inside a `markdown` block was read as Markdown again and
# attr_list added the handler (test_attribute_lists_in_quotes_never_reach_actor_pages).
MARKUP = [
    "said this\n{: #id .cls onmouseover=alert(1) }",
    "a paragraph {: onclick=alert(1) }",
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://e.org/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)" onclick="alert(1)">a</a>',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<iframe src=https://e.org></iframe>",
    "<style>body{display:none}</style>",
    "<details open ontoggle=alert(1)>",
    "<!-- a comment -->",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">b</button>',
    "![i](https://e.org/i.png)",
    '[ok](https://example.org/a?b=1&c=2 "t")',
    "<https://e.org/auto>",
    "# Heading { onclick=alert(1) }",
    "Heading\n===",
    "## H2 [[actor-a]]",
    "> quoted <b>bold</b>",
    "- item\n- item [^src-one]",
    "1. one\n2. two",
    "| a | b |\n| --- | --- |\n| <i>1</i> | 2 |",
    "```\n<script>alert(1)</script>\n[[actor-b]]\n```",
    "`<img src=x onerror=alert(1)>`",
    "&lt;script&gt; &#60;script&#62; &amp;",
    "**bold** _em_ ~~del~~ ***both***",
    "*" * 40,
    "\\",
    "[[actor-a]]",
    "[[actor-b|Label <b>bold</b>]]",
    "[[actor-c|]]",
    "[^src-one]",
    "[^src-two]",
    "Term\n:   definition",
    "!!! note\n    admonition",
    "<div markdown>*md in html*</div>",
    '<p data-x="1" style="color:red">styled</p>',
    "\u202eevil\u202c \u200b \ufeff",
    "Сергей Шойгу 김정은 عربي 🎉",
]
NAME_MARKUP = [
    "<b>Kim</b>",
    "*Star* _Name_",
    "A & B <i>",
    'O\'Brien "Q"',
    "{#id .cls}",
    "Kim Jong Un",
    "Kim",
    "Сергей Шойгу",
    "김정은",
    "x",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "# hash | pipe ~ tilde",
    "\u202eevil",
]
# Letters, marks, numbers, punctuation, symbols and spaces: no control, surrogate,
# private-use or unassigned characters (the validator refuses those where they are written).
CHARS = st.characters(blacklist_categories=["Cc", "Cs", "Co", "Cn"])
PLAIN = st.text(alphabet=CHARS, min_size=1, max_size=30)
SEPARATORS = st.sampled_from(["", " ", "\n", "\n\n"])

PROSE = st.lists(
    st.tuples(st.one_of(st.sampled_from(MARKUP), PLAIN), SEPARATORS), min_size=1, max_size=6
).map(lambda parts: "".join(text + sep for text, sep in parts))
# An actor's description cites nothing: citations belong to a brief's sources.
DESCRIPTION = PROSE.filter(lambda text: "[^" not in text)
NAME = st.one_of(st.sampled_from(NAME_MARKUP), PLAIN).filter(
    lambda name: "[" not in name and "]" not in name
)
TEXT = st.one_of(st.sampled_from(NAME_MARKUP + MARKUP), PLAIN)


def _source(sid: str, title: str) -> dict[str, Any]:
    return {"id": sid, "title": title, "publisher": "Publisher", "url": f"https://e.org/{sid}"}


@st.composite
def actor_files(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    actors = {}
    for actor_id in ACTOR_IDS:
        actor: dict[str, Any] = {
            "name": draw(NAME),
            "kind": draw(st.sampled_from(["person", "state", "organization", "media"])),
        }
        if draw(st.booleans()):
            actor["native_name"] = draw(NAME)
        if draw(st.booleans()):
            actor["title"] = draw(TEXT)
        aliases = draw(st.lists(NAME, max_size=2, unique=True))
        if aliases:
            actor["aliases"] = aliases
        if draw(st.booleans()):
            actor["description"] = draw(DESCRIPTION)
        actors[actor_id] = actor
    return actors


@st.composite
def brief_files(draw: st.DrawFn) -> dict[str, Any]:
    cited = st.lists(st.sampled_from(SOURCE_IDS), max_size=2, unique=True)
    actors = st.lists(st.sampled_from(ACTOR_IDS), max_size=3, unique=True)
    brief: dict[str, Any] = {
        "title": draw(TEXT),
        "date": "2025-03-21",
        "summary": draw(PROSE),
        "tags": ["fuzz"],
        "actors": [{"actor": a, "role": draw(TEXT)} for a in draw(actors)],
        "key_judgments": [
            {
                "text": draw(PROSE),
                "likelihood": draw(st.sampled_from(["likely", "roughly even chance"])),
                "confidence": draw(st.sampled_from(["low", "high"])),
                "sources": draw(cited),
            }
            for _ in range(draw(st.integers(min_value=0, max_value=2)))
        ],
        "body": draw(PROSE),
        "events": [
            {
                "date": draw(st.sampled_from(["2025", "2025-03", "2025-03-20"])),
                "title": draw(TEXT),
                "description": draw(PROSE),
                "actors": draw(actors),
                "location": {"name": draw(TEXT), "country": "KP"},
                "sources": draw(cited),
            }
            for _ in range(draw(st.integers(min_value=0, max_value=2)))
        ],
        "quotes": [
            {
                "by": draw(st.sampled_from(ACTOR_IDS)),
                "text": draw(PROSE),
                "kind": draw(st.sampled_from(["direct", "paraphrase"])),
                "source": draw(st.sampled_from(SOURCE_IDS)),
            }
            for _ in range(draw(st.integers(min_value=0, max_value=2)))
        ],
        "sources": [_source(sid, draw(TEXT)) for sid in SOURCE_IDS],
    }
    return brief


def write_content(folder: Path, brief: dict[str, Any], actors: dict[str, dict[str, Any]]) -> Path:
    """The brief and the actors as YAML files of a content/ folder; returns the folder."""
    files = {f"briefs/{BRIEF_ID}.yml": brief}
    files.update({f"actors/{actor_id}.yml": actor for actor_id, actor in actors.items()})
    for relative, data in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def accepted(folder: Path) -> tuple[Content, int] | None:
    """The content and its count of warnings, or None if `briefing check` rejects it."""
    try:
        content, diagnostics = load_content(folder, folder.parent)
    except BriefingError:
        return None
    return content, sum(d.severity is Severity.WARNING for d in diagnostics)


class Markup(HTMLParser):
    """Every start tag of an HTML document, with its attributes (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


SCRIPT_URL = re.compile(r"(javascript|vbscript|data):", re.I)
# Attributes a browser follows or loads as a URL.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "xlink:href", "action", "formaction", "data", "poster", "srcset", "cite"}
)


def assert_safe_html(html: str, where: str) -> None:
    """No script element, no `on...=` event handler, no script URL in the HTML."""
    assert "<script" not in html.lower(), where
    assert "\x00" not in html, where
    parser = Markup()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag != "script", where
        for name, value in attrs:
            assert not name.startswith("on"), (where, tag, name)
            if name in URL_ATTRIBUTES or name == "style":
                # Browsers skip whitespace and control characters inside a scheme.
                squeezed = re.sub(r"[\x00-\x20]", "", value or "")
                assert not SCRIPT_URL.search(squeezed), (where, tag, name, value)


def assert_site_is_safe(site: Site) -> None:
    for path, page in site.pages.items():
        assert "\x00" not in page, path
        markdown = strip_front_matter(page)
        assert_safe_html(markdown, path)  # the raw HTML blocks, as the page holds them
        assert_safe_html(render_html(markdown, MARKDOWN_EXTENSIONS), path)
    for path, text in site.files.items():
        assert "\x00" not in text, path
        if path.endswith(".xml"):
            ET.fromstring(text)


def check_and_build(brief: dict[str, Any], actors: dict[str, dict[str, Any]]) -> int | None:
    """Build what the validator accepts in process; the count of warnings, None if rejected."""
    with tempfile.TemporaryDirectory() as tmp:
        found = accepted(write_content(Path(tmp) / "content", brief, actors))
        if found is None:
            return None
        content, warnings = found
        assert_site_is_safe(build_site(content))
        return warnings


# --- Three fixed inputs: checked and built in process, and built by MkDocs -----------------

FIXED: list[tuple[str, dict[str, Any], dict[str, dict[str, Any]]]] = [
    (
        "scripts-and-handlers",
        {
            "title": "<script>alert(1)</script> & <b>title</b>",
            "date": "2025-03-21",
            "summary": "<img src=x onerror=alert(1)> <a href=javascript:alert(1)>x</a> "
            "Kim met [[actor-b]].",
            "tags": ["fuzz"],
            "actors": [{"actor": "actor-a", "role": "<i>role</i> {#id}"}],
            "key_judgments": [
                {
                    "text": '<a href="javascript:alert(1)" onclick="alert(1)">a</a>[^src-one]',
                    "likelihood": "likely",
                    "confidence": "low",
                    "sources": ["src-two"],
                }
            ],
            "body": "# Heading { onclick=alert(1) }\n\n<svg onload=alert(1)></svg>\n\n"
            "```\n<script>alert(1)</script>\n```\n\nKim again. [^src-two]",
            "quotes": [
                {
                    "by": "actor-c",
                    "text": "<details open ontoggle=alert(1)>quote</details>",
                    "kind": "direct",
                    "source": "src-one",
                }
            ],
            "sources": [_source("src-one", "<b>One</b>"), _source("src-two", 'Two & "2"')],
        },
        {
            "actor-a": {"name": "Kim", "kind": "person", "aliases": ["<b>Kim</b>"]},
            "actor-b": {"name": "javascript:alert(1)", "kind": "state"},
            "actor-c": {"name": 'O\'Brien "Q"', "kind": "media", "description": "[[actor-a]]"},
        },
    ),
    (
        "unicode-and-markdown",
        {
            "title": "Сергей Шойгу 김정은 \u202eevil\u202c 🎉",
            "date": "2025-03-21",
            "summary": "Heading\n===\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\nСергей Шойгу.",
            "tags": ["fuzz"],
            "actors": [{"actor": "actor-a"}, {"actor": "actor-b", "role": "ロール"}],
            "body": "!!! note\n    admonition\n\nTerm\n:   definition\n\n"
            "<div markdown>*md in html* [[actor-c|Label <b>bold</b>]]</div>\n\n"
            "*" * 40 + "\n\n\\ [^src-two]",
            "events": [
                {
                    "date": "2025-03",
                    "title": "# hash | pipe ~ tilde",
                    "description": "> quoted <b>bold</b> [^src-one]",
                    "actors": ["actor-a", "actor-c"],
                    "location": {"name": "<b>Pyongyang</b>", "country": "KP"},
                    "sources": ["src-one"],
                }
            ],
            "sources": [_source("src-one", "Один"), _source("src-two", "둘")],
        },
        {
            "actor-a": {"name": "Сергей Шойгу", "kind": "person", "native_name": "김정은"},
            "actor-b": {"name": "{#id .cls}", "kind": "organization", "title": "*Star*"},
            "actor-c": {"name": "عربي", "kind": "state", "description": "\u200b\ufeff"},
        },
    ),
    (
        "entities-and-links",
        {
            "title": "&lt;script&gt; &#60;script&#62; &amp;",
            "date": "2025-03-21",
            "summary": '<a href="JaVaScRiPt:alert(1)">x</a> <a href="java&#x09;script:x">y</a> '
            '<https://e.org/auto> [ok](https://example.org/a?b=1&c=2 "t") [m](mailto:a@b.c)',
            "tags": ["fuzz"],
            "actors": [{"actor": "actor-c"}, {"actor": "actor-a"}, {"actor": "actor-b"}],
            "key_judgments": [
                {
                    "text": "`<img src=x onerror=alert(1)>` {: #id .cls onmouseover=alert(1) }",
                    "likelihood": "roughly even chance",
                    "confidence": "high",
                    "sources": ["src-one", "src-two"],
                }
            ],
            "body": '<p data-x="1" style="color:red">styled</p>\n\n<!-- a comment -->\n\n'
            "<style>body{display:none}</style>\n\n<iframe src=https://e.org></iframe>",
            "sources": [_source("src-one", "javascript:alert(1)"), _source("src-two", "x")],
        },
        {
            "actor-a": {"name": "A & B <i>", "kind": "person"},
            "actor-b": {"name": "x", "kind": "state", "aliases": ["<script>alert(1)</script>"]},
            "actor-c": {"name": "Kim Jong Un", "kind": "media", "title": "<b>Kim</b>"},
        },
    ),
]


# A fixed budget, run by `make test` and CI; `make test-fast` leaves it out.
@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@example(brief=FIXED[0][1], actors=FIXED[0][2])
@example(brief=FIXED[1][1], actors=FIXED[1][2])
@example(brief=FIXED[2][1], actors=FIXED[2][2])
@given(brief=brief_files(), actors=actor_files())
def test_what_the_validator_accepts_builds_into_safe_pages(
    brief: dict[str, Any], actors: dict[str, dict[str, Any]]
) -> None:
    assume(check_and_build(brief, actors) is not None)


@pytest.mark.parametrize(("brief", "actors"), [f[1:] for f in FIXED], ids=[f[0] for f in FIXED])
def test_check_and_mkdocs_build_agree(
    brief: dict[str, Any], actors: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    # `briefing check --strict` passes: no error, no warning.
    assert check_and_build(brief, actors) == 0
    content = write_content(tmp_path / "content", brief, actors)
    project = copy_project(tmp_path / "project", content)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    page = project / "site" / "briefs" / BRIEF_ID / "index.html"
    article = page.read_text(encoding="utf-8")
    assert "\x00" not in article


ATTRIBUTE_LIST = "said this\n{: #id .cls onmouseover=alert(1) }"


@pytest.mark.slow
def test_attribute_lists_in_quotes_never_reach_actor_pages() -> None:
    _, brief, actors = FIXED[2]
    quote = {"by": "actor-a", "text": ATTRIBUTE_LIST, "kind": "direct", "source": "src-one"}
    brief = {**brief, "quotes": [quote]}
    assert check_and_build(brief, actors) == 0
