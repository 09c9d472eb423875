"""The theme's Jinja environment under `mkdocs serve`, made cheap to make again.

MkDocs makes a new Jinja environment for every build, and Material's search plugin makes
more of them in its `on_config` (to read its translations). Each new environment compiles
every template it loads again, and each build lists every file of every theme folder to
copy the static ones, Material's thousands of icons included: together about a second of
a preview rebuild at a thousand briefs. `ThemeEnvironments.attach` makes every
environment of a build share compiled templates across rebuilds (`TemplateCache`) and
lists an installed theme's files once per process; the desk's own `custom_dir` is listed
every time, since it may be edited while the preview runs.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache


class TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept in memory across `mkdocs serve` rebuilds.

    MkDocs makes a new Jinja environment for every build, which compiles every template
    it renders again (seconds of a preview rebuild). Jinja keys each entry by the
    template's name and a checksum of its source, so an edited template is compiled anew.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class ThemeEnvironments:
    """Jinja environments for the preview's rebuilds: compiled templates shared, the
    installed themes' file lists kept."""

    def __init__(self) -> None:
        self.templates = TemplateCache()
        self.listed: dict[str, list[str]] = {}  # an installed theme folder's files

    def attach(self, theme: Any, project: Path) -> None:
        """Make `theme.get_env` give environments that share this process's caches."""
        make_env = theme.get_env

        def get_env() -> jinja2.Environment:
            env: jinja2.Environment = make_env()
            env.bytecode_cache = self.templates
            loader = env.loader
            if isinstance(loader, jinja2.FileSystemLoader):
                names = functools.partial(self.names, list(loader.searchpath), project)
                setattr(loader, "list_templates", names)  # noqa: B010 (an instance's method)
            return env

        theme.get_env = get_env

    def names(self, folders: Iterable[str], project: Path) -> list[str]:
        """What `FileSystemLoader(folders).list_templates()` gives, the folders outside
        the project (installed themes, unchanging while the preview runs) listed once."""
        found: set[str] = set()
        for folder in folders:
            listed = self.listed.get(folder)
            if listed is None:
                listed = _listed(folder)
                if not Path(folder).resolve().is_relative_to(project):
                    self.listed[folder] = listed
            found.update(listed)
        return sorted(found)


def _listed(folder: str) -> list[str]:
    """A theme folder's files, without those in or under a dot folder (Material's
    thousands of icons): MkDocs, the only caller, leaves every such name out anyway."""
    names = jinja2.FileSystemLoader(folder).list_templates()
    return [n for n in names if not n.startswith(".") and "/." not in n]


def shadows_theme_file(config: Any, paths: Iterable[str]) -> bool:
    """Whether any of `paths` (files dropped from the docs dir) is also a theme file,
    which MkDocs then left out of the build in its favour."""
    folders = list(config.theme.dirs)
    # By top folder first: thousands of briefs are dropped on every preview save, and a
    # theme has no `briefs/` or `actors/` folder, so one look answers for all of them.
    tops: dict[str, bool] = {}
    for path in paths:
        top = path.split("/", 1)[0]
        if top not in tops:
            tops[top] = any(os.path.exists(os.path.join(folder, top)) for folder in folders)
        if tops[top] and any(os.path.isfile(os.path.join(folder, path)) for folder in folders):
            return True
    return False
