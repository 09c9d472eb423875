"""Build into a staging directory; replace the site only when the build succeeded.

A build that passes validation and then fails (`--strict` warnings, a theme error) would
otherwise have cleaned and half-rewritten `site/`. MkDocs decides the strict failure after
the last plugin event, so the swap happens at shutdown, once the build is known good.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

# `mkdocs serve` (and `properdocs serve`) build into a fresh temp dir they serve from; a
# staging dir there would leave the server with nothing to serve until shutdown.
_SERVE_DIR_PREFIXES = ("mkdocs_", "properdocs_")


def is_serve_dir(site_dir: Path) -> bool:
    temp = Path(tempfile.gettempdir()).resolve()
    return site_dir.parent.resolve() == temp and site_dir.name.startswith(_SERVE_DIR_PREFIXES)


class Staging:
    """One build's staging directory beside the site it replaces."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.staging_dir = site_dir.with_name(f".{site_dir.name}.staging")
        self._old_dir = site_dir.with_name(f".{site_dir.name}.old")

    def begin(self, keep_files: bool) -> Path:
        """A clean staging dir (a copy of the site for `--dirty` builds, which add to it)."""
        _remove(self.staging_dir)  # left over by a killed build
        if keep_files and self.site_dir.is_dir():
            shutil.copytree(self.site_dir, self.staging_dir, symlinks=True)
        else:
            self.staging_dir.mkdir(parents=True)
        return self.staging_dir

    def commit(self) -> None:
        """Move the staged site into place: old site aside, staged in, old deleted."""
        _remove(self._old_dir)
        if self.site_dir.exists():
            self.site_dir.rename(self._old_dir)
        self.staging_dir.rename(self.site_dir)
        _remove(self._old_dir)

    def discard(self) -> None:
        _remove(self.staging_dir)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
