"""`generator/raw_blocks.py` stores raw HTML blocks sooner, never differently.

Every page the core generates, for the example and a benchmark corpus, converts to the
same HTML with the extension as without it; blocks Python-Markdown must look into are
left to it.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from helpers import EXAMPLE_CONTENT
from mkdocs.utils import meta

from generator.feeds import PLACEHOLDER
from generator.raw_blocks import NAME, RawBlockPreprocessor
from generator.site import MARKDOWN_EXTENSIONS, Options, build_site
from generator.validate import load_content

CONFIGS = {name: config for name, config in MARKDOWN_EXTENSIONS.items() if config}


def convert(text: str, *extra: str) -> str:
    body, _ = meta.get_data(text)
    md = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, *extra], extension_configs=CONFIGS)
    return md.convert(body)


def stored(text: str) -> list[str]:
    """The blocks the preprocessor took, as they are stashed."""
    md = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS))
    RawBlockPreprocessor(md).run(text.split("\n"))
    return [str(block) for block in md.htmlStash.rawHtmlBlocks]


def pages_of(content: Path) -> dict[str, str]:
    loaded, _ = load_content(content, content.parent)
    site = build_site(
        loaded.shown(True, "clear"), Options(), PLACEHOLDER.format, write_file=lambda p, t: None
    )
    return site.pages


def assert_same_html(pages: dict[str, str]) -> None:
    differ = [path for path, text in pages.items() if convert(text, NAME) != convert(text)]
    assert differ == []


def test_every_example_page_converts_alike() -> None:
    pages = pages_of(EXAMPLE_CONTENT)
    assert len(pages) > 20
    assert_same_html(pages)


@pytest.mark.slow
def test_every_corpus_page_converts_alike(tmp_path: Path) -> None:
    from benchmark.corpus import write_corpus  # a slow module's import, kept out of collection

    write_corpus(tmp_path, 60)
    assert_same_html(pages_of(tmp_path / "content"))


def test_a_plain_block_is_stored_whole() -> None:
    text = 'Intro.\n\n<div class="a"><p>One\ntwo</p></div>\n\n<ol><li>x</li></ol>\n'
    assert stored(text) == ['<div class="a"><p>One\ntwo</p></div>\n', "<ol><li>x</li></ol>\n"]
    assert convert(text, NAME) == convert(text)


@pytest.mark.parametrize(
    "text",
    [
        '<div markdown="1">\n*converted*\n</div>\n',  # Python-Markdown converts inside
        "<div markdown>\n\n<p>inside an open element</p>\n\n</div>\n",
        "<div><!-- a comment --></div>\n",
        "<div><p>one</p></div><div>two</div>\n",  # two elements side by side
        "<div><div>a</div></div>text<div>b</div>\n",
        "<div>\n<div>unclosed</div>\n",
        "    <div>indented code</div>\n",
        "Text\n<div>no blank line before</div>\n",
        "<span>inline</span>\n",
    ],
)
def test_blocks_python_markdown_must_read_are_left_to_it(text: str) -> None:
    assert stored(text) == []
    assert convert(text, NAME) == convert(text)


def test_a_picture_is_stored_whole() -> None:
    svg = "<svg><style>a{}</style><text>A &amp; B</text></svg>"
    text = f'<figure class="x" data-a>\n{svg}\n</figure>\n'
    assert stored(text) == [text]
    assert convert(text, NAME) == convert(text)


def test_html_in_fenced_code_stays_code() -> None:
    text = "```html\n\n<div>code</div>\n\n```\n"  # the fence is stashed before this runs
    assert "<div>code</div>" not in convert(text, NAME)
    assert convert(text, NAME) == convert(text)
