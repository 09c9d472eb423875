"""The site settings `briefing generate` shares with the MkDocs build, read from mkdocs.yml.

`briefing generate` must make the same pages as the plugin does in `mkdocs build`, so it
reads the same settings: `site_name`, `site_url`, `use_directory_urls`, `docs_dir` and the
`briefing` plugin's options. MkDocs is not imported (the core never does): mkdocs.yml is
read with PyYAML, with MkDocs' `!ENV` tag resolved the way MkDocs resolves it and any
other tag (`!!python/name:...` for extensions) read as null, since none of the settings
read here can hold one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .model import TLP_LEVELS, Tlp
from .paths import LISTING_PAGE_SIZE

MAX_CONFIG_BYTES = 1_000_000
DRAFTS = ("auto", "show", "hide")


class SettingsError(Exception):
    """mkdocs.yml cannot be read or holds a setting of the wrong type; the message says
    which file and setting."""


@dataclass(frozen=True)
class Settings:
    site_name: str = "Briefing"
    site_url: str | None = None
    directory_urls: bool = True
    content: Path = Path("content")
    autolink: bool = True
    drafts: str = "auto"  # auto | show | hide; a build (not serve) hides drafts under auto
    tlp_max: Tlp = "clear"  # briefs marked above this TLP label are left out
    history: bool = True  # revision history from git
    page_size: int = LISTING_PAGE_SIZE  # items per page of Timeline, Sources, Quotes


class _ConfigLoader(yaml.SafeLoader):
    """SafeLoader with MkDocs' `!ENV` tag, and any other unknown tag read as null."""


def _construct_env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """`!ENV NAME` or `!ENV [NAME, OTHER_NAME, default]`: the first variable set, its value
    typed as YAML would type it, else the default (null without one), as MkDocs does."""
    default = None
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    elif isinstance(node, yaml.SequenceNode) and node.value:
        children = node.value
        if len(children) > 1:
            default = loader.construct_object(children[-1])
            children = children[:-1]
        names = [loader.construct_scalar(child) for child in children]
    else:
        raise yaml.constructor.ConstructorError(
            None, None, "!ENV takes a name or a list of names and a default", node.start_mark
        )
    for name in names:
        if str(name) in os.environ:
            value = os.environ[str(name)]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


_ConfigLoader.add_constructor("!ENV", _construct_env)
_ConfigLoader.add_constructor(None, lambda loader, node: None)


def read_config(path: Path) -> dict[str, Any]:
    """mkdocs.yml as a mapping; SettingsError for anything but a readable YAML mapping."""
    if path.stat().st_size > MAX_CONFIG_BYTES:
        raise SettingsError(f"{path}: larger than {MAX_CONFIG_BYTES:,} bytes")
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        data = yaml.load(text, Loader=_ConfigLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise SettingsError(f"{where}: {exc.problem or exc.context}") from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise SettingsError(f"{path}: not valid YAML ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: expected a mapping of settings")
    return data


def plugin_options(config: dict[str, Any], name: str = "briefing") -> dict[str, Any]:
    """The options of plugin `name` in a `plugins:` list (or mapping); {} without them."""
    plugins = config.get("plugins") or []
    entries = list(plugins.items()) if isinstance(plugins, dict) else []
    if isinstance(plugins, list):
        for entry in plugins:
            if isinstance(entry, str):
                entries.append((entry, None))
            elif isinstance(entry, dict):
                entries.extend(entry.items())
    for key, options in entries:
        if key == name:
            return options if isinstance(options, dict) else {}
    return {}


def _typed(where: str, value: Any, kind: type, default: Any) -> Any:
    if value is None:
        return default
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        name = {bool: "boolean", int: "whole number"}.get(kind, "string")
        raise SettingsError(f"{where} must be a {name}")
    return value


def read_settings(path: Path) -> Settings:
    """The settings of the site `path` (a mkdocs.yml) configures; the content folder is
    resolved against the folder holding mkdocs.yml, as the plugin resolves it."""
    config = read_config(path)
    options = plugin_options(config)
    drafts = _typed(f"{path}: the briefing plugin's 'drafts'", options.get("drafts"), str, "auto")
    if drafts not in DRAFTS:
        raise SettingsError(f"{path}: the briefing plugin's 'drafts' must be one of {DRAFTS}")
    tlp_max = _typed(
        f"{path}: the briefing plugin's 'tlp_max'", options.get("tlp_max"), str, "clear"
    )
    if tlp_max not in TLP_LEVELS:
        raise SettingsError(
            f"{path}: the briefing plugin's 'tlp_max' must be one of {', '.join(TLP_LEVELS)}"
        )
    page_size = _typed(
        f"{path}: the briefing plugin's 'page_size'", options.get("page_size"), int, None
    )
    docs_dir = _typed(f"{path}: 'docs_dir'", config.get("docs_dir"), str, "docs")
    content = _typed(f"{path}: the briefing plugin's 'content'", options.get("content"), str, None)
    return Settings(
        site_name=_typed(f"{path}: 'site_name'", config.get("site_name"), str, "Briefing"),
        site_url=_typed(f"{path}: 'site_url'", config.get("site_url"), str, None) or None,
        directory_urls=_typed(
            f"{path}: 'use_directory_urls'", config.get("use_directory_urls"), bool, True
        ),
        content=path.resolve().parent / (content or docs_dir),
        autolink=_typed(
            f"{path}: the briefing plugin's 'autolink'", options.get("autolink"), bool, True
        ),
        drafts=drafts,
        tlp_max=tlp_max,
        history=_typed(
            f"{path}: the briefing plugin's 'history'", options.get("history"), bool, True
        ),
        page_size=max(page_size or LISTING_PAGE_SIZE, 1),
    )
