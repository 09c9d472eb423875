"""Briefing: structured YAML briefs in, a cross-linked static site out."""

__version__ = "0.1.0"
