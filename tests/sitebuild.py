"""Kept importable for modules not yet moved to `helpers`: the same names, from there."""

from helpers import ROOT, copy_project, mkdocs

__all__ = ["ROOT", "copy_project", "mkdocs"]
