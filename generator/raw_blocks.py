"""A Python-Markdown extension that stores the generated pages' raw HTML blocks unparsed.

Generated pages are mostly raw HTML blocks: the content's prose arrives sanitized as HTML,
and judgments, badges, quotes and lists are written as HTML. Python-Markdown hands each
such block to an HTML parser (`md_in_html`'s `HTMLExtractor`, tag by tag in Python) only
to find where it ends and store it unchanged: a third of the time it takes to convert a
brief page. This preprocessor stores a block directly when its end is plain to see:

- it starts at the beginning of a line after a blank line, outside any open HTML element,
  with a block-level tag that Python-Markdown would also store as it stands;
- it ends at the next blank line with that tag's closing tag, every container it opens
  closed within it;
- it has no `markdown` attribute (whose content Python-Markdown must convert) and no
  comment.

The SVG pictures (`<figure>` blocks, a fifth of a brief page's Markdown) are the largest
such blocks: parsing them tag by tag was most of what the HTML parser still did.

Any other block is left to Python-Markdown as before. So the HTML is the same bytes either
way (tested on every page of the example and of a benchmark corpus), only sooner. It runs
after MkDocs' own raw-HTML scan (priority 21, which collects anchor ids from the whole
page) and before Python-Markdown's (20). Fenced code was stashed earlier still.

The plugin adds it to the build's extensions; `briefing generate`'s stand-alone
`mkdocs.yml` does without it (the same HTML, converted more slowly).
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

NAME = "generator.raw_blocks"
_STARTS = "div|p|ol|ul|table|details|section|nav|dl|blockquote|figure|h[1-6]"
_BLOCK_START = re.compile(rf"<({_STARTS})[\s>]")
_CONTAINERS = "div|blockquote|section|details|ol|ul|table|dl|nav|figure|article|aside|main"
_OPEN = re.compile(rf"<(?:{_CONTAINERS}|header|footer)[\s>]")
_CLOSE = re.compile(rf"</(?:{_CONTAINERS}|header|footer)>")


def _plain_block(block: str, tag: str) -> bool:
    """`block` is one element Python-Markdown would store as it stands."""
    return (
        block.endswith(f"</{tag}>")
        and "markdown" not in block
        and "<!--" not in block
        and len(_OPEN.findall(block)) == len(_CLOSE.findall(block))
        and _closes_at_end(block, tag)
    )


def _closes_at_end(block: str, tag: str) -> bool:
    """The block's first element closes with its last characters, not before (Python-
    Markdown would put a line break between two elements side by side)."""
    depth = 0
    for found in re.finditer(rf"<(/?){tag}[\s>]", block):
        if found.group(1):
            depth -= 1
            if depth == 0:
                return found.end() == len(block)
        else:
            depth += 1
    return False


class RawBlockPreprocessor(Preprocessor):
    """Stores plain raw HTML blocks (see the module docstring) in the HTML stash."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        depth = 0  # HTML elements open around this line (left to Python-Markdown)
        after_blank = True
        i = 0
        while i < len(lines):
            line = lines[i]
            start = _BLOCK_START.match(line) if after_blank and depth == 0 else None
            if start is not None:
                end = i
                while end < len(lines) and lines[end].strip():
                    end += 1
                block = "\n".join(lines[i:end])
                if _plain_block(block, start.group(1)):
                    # As Python-Markdown stores it: with the newline before a blank line.
                    out.append(self.md.htmlStash.store(block + ("\n" if end < len(lines) else "")))
                    out.append("")
                    i, after_blank = end, False
                    continue
            depth += len(_OPEN.findall(line)) - len(_CLOSE.findall(line))
            out.append(line)
            after_blank = not line.strip()
            i += 1
        return out


class RawBlocksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After MkDocs' raw-HTML scan (21), before Python-Markdown's HTML blocks (20).
        md.preprocessors.register(RawBlockPreprocessor(md), "briefing_raw_blocks", 20.5)


def makeExtension(**kwargs: object) -> RawBlocksExtension:
    return RawBlocksExtension(**kwargs)
