"""The whole site as data: validated content in, `{page path: Markdown}` out.

This is the pure core the MkDocs plugin and `briefing generate` share: no MkDocs import,
no file system except in `write_site`.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .index import build_index
from .model import Content
from .pages import (
    PageContext,
    actor_page,
    actor_path,
    actors_index,
    brief_page,
    brief_path,
    briefs_index,
    home_page,
    quotes_page,
    sources_page,
    tags_page,
    timeline_page,
)
from .prose import Linker

# Entity pages (briefs, actors) stay out of the nav: a nav listing N pages is copied into
# every page, which makes the site grow as N². Listing pages link the entities instead.
NAV: list[dict[str, str]] = [
    {"Home": "index.md"},
    {"Briefs": "briefs/index.md"},
    {"Actors": "actors/index.md"},
    {"Timeline": "timeline.md"},
    {"Sources": "sources.md"},
    {"Quotes": "quotes.md"},
    {"Tags": "tags.md"},
]

# The Markdown extensions generated pages rely on; the plugin adds any that are missing.
MARKDOWN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "admonition": {},
    "attr_list": {},
    "md_in_html": {},
    "footnotes": {},
    "tables": {},
    "def_list": {},
    "toc": {"permalink": True},
    "pymdownx.superfences": {},
}


@dataclass(frozen=True)
class Options:
    site_name: str = "Briefing"
    autolink: bool = True


def build_pages(content: Content, options: Options | None = None) -> dict[str, str]:
    """Render every page of the site to Markdown, keyed by its path under docs."""
    options = options or Options()
    index = build_index(content)
    linker = None
    if options.autolink:
        linker = Linker((a.id, name) for a in content.actors.values() for name in a.names)
    pages: dict[str, str] = {}
    # Briefs first: rendering them finds the prose mentions that actor pages list.
    for brief_id in index.newest_first:
        ctx = PageContext(index, linker, brief_path(brief_id))
        pages[ctx.page] = brief_page(ctx, content.briefs[brief_id])
        index.record_mentions(brief_id, ctx.links.linked)
    for actor_id in sorted(content.actors):
        ctx = PageContext(index, None, actor_path(actor_id))
        pages[ctx.page] = actor_page(ctx, content.actors[actor_id])
    listings = {
        "index.md": lambda ctx: home_page(ctx, options.site_name),
        "briefs/index.md": briefs_index,
        "actors/index.md": actors_index,
        "timeline.md": timeline_page,
        "sources.md": sources_page,
        "quotes.md": quotes_page,
    }
    for path, render in listings.items():
        pages[path] = render(PageContext(index, None, path))
    pages["tags.md"] = tags_page()
    return pages


def mkdocs_config(site_name: str, theme_dir: str) -> dict[str, Any]:
    """A stand-alone mkdocs.yml for generated pages (no Briefing plugin needed)."""
    return {
        "site_name": site_name,
        "docs_dir": "docs",
        "theme": {
            "name": "material",
            "custom_dir": theme_dir,
            "font": False,
            "features": ["navigation.sections", "search.highlight"],
        },
        "plugins": ["search", "tags"],
        "markdown_extensions": [{k: v} if v else k for k, v in MARKDOWN_EXTENSIONS.items()],
        "nav": NAV,
    }


def write_site(
    content: Content, out: Path, options: Options | None = None, theme: Path | None = None
) -> int:
    """Write the pages under `out/docs` plus a matching `out/mkdocs.yml`; return page count."""
    options = options or Options()
    pages = build_pages(content, options)
    docs = out / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    for path, text in pages.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    theme = theme or Path(__file__).resolve().parent.parent / "theme"
    theme_dir = "theme"
    if theme.is_dir():
        shutil.copytree(theme, out / theme_dir, dirs_exist_ok=True)
    config = mkdocs_config(options.site_name, theme_dir)
    (out / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return len(pages)
