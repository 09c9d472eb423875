"""What a revision changed in a brief's meaning: two loaded `Brief`s in, plain-text changes out.

Meaning is the validated model, not the file: whitespace, comments, key order and quoting
never show up as a change. Judgments are matched across revisions by position and text
similarity (difflib), so rewording a judgment reads as "reworded", not "removed + added",
and a likelihood or confidence move is reported on the judgment it belongs to.

No git here (that is `history.py`) and no Markdown (that is `history_pages.py`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from .model import Brief, Event, KeyJudgment, SharedEvent, tlp_label

# Judgments more alike than this are the same judgment, reworded.
SAME_JUDGMENT = 0.6
# Past this many judgments a brief is matched by position only: pairing is quadratic.
MATCHED_BY_TEXT = 60
FIRST_WORDS = 8
NAMES_SHOWN = 5

MOVE = "move"  # a judgment's likelihood or confidence moved
ADDED, DELETED, UNREADABLE = "added", "deleted", "unreadable"
WITHHELD = "withheld"  # a change a build does not show (TLP), see history_pages.py


@dataclass(frozen=True)
class Change:
    """One thing that changed, as plain text (never Markdown: renderers escape it)."""

    kind: str  # MOVE, ADDED, DELETED, UNREADABLE, or the part that changed ("sources", ...)
    text: str
    judgment: int | None = None  # the judgment's number in the newer revision
    words: str = ""  # the judgment's first words

    @property
    def is_move(self) -> bool:
        return self.kind == MOVE


@dataclass(frozen=True)
class Revision:
    """One commit that touched a brief's file (or the uncommitted working copy)."""

    commit: str  # full hash; "" for the working copy
    moment: datetime  # the committer date, in the committer's time zone
    subject: str
    changes: tuple[Change, ...]
    # The TLP labels of the two versions this revision compares: a build that withholds
    # either label shows no details of the change (`history_pages.py`).
    marked: tuple[str, ...] = ()

    @property
    def day(self) -> date:
        return self.moment.date()

    @property
    def committed(self) -> bool:
        return bool(self.commit)

    @property
    def short(self) -> str:
        return self.commit[:7]

    @property
    def meaningful(self) -> bool:
        """True when the brief's meaning changed (not only whitespace, comments or order)."""
        return bool(self.changes)

    @property
    def moves(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.is_move)


def first_words(text: str, count: int = FIRST_WORDS) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def same_meaning(old: Brief, new: Brief) -> bool:
    """Equal apart from `updated`, which records a change rather than being one.

    Field by field: successive revisions share the values of the fields they did not
    change (see `revisions.py`), and comparing a value with itself is immediate.
    """
    fields = Brief.model_fields
    return all(getattr(old, name) == getattr(new, name) for name in fields if name != "updated")


def diff_briefs(old: Brief | None, new: Brief | None) -> tuple[Change, ...]:
    """The changes from `old` to `new`; None on one side is a file added or deleted."""
    if new is None:
        return (Change(DELETED, "file deleted"),) if old is not None else ()
    if old is None:
        judgments = len(new.key_judgments)
        plural = "s" if judgments != 1 else ""
        return (Change(ADDED, f"brief added with {judgments} key judgment{plural}"),)
    if same_meaning(old, new):
        return ()
    changes = list(_judgment_changes(old.key_judgments, new.key_judgments))
    if old.summary != new.summary:
        changes.append(Change("summary", "summary changed"))
    changes.extend(_part_changes(old, new))
    if not changes:  # title, body, tags, dates...: edited, without a dedicated line
        changes.append(Change("edited", "text edited"))
    return tuple(changes)


def unreadable() -> tuple[Change, ...]:
    return (Change(UNREADABLE, "could not be read at this revision"),)


def _judgment_changes(old: Sequence[KeyJudgment], new: Sequence[KeyJudgment]) -> list[Change]:
    pairs = match_judgments([j.text for j in old], [j.text for j in new])
    changes: list[Change] = []
    matched_old = set(pairs.values())
    for i, judgment in enumerate(new):
        number, words = i + 1, first_words(judgment.text)
        if i not in pairs:
            changes.append(Change("judgment-added", "judgment added", number, words))
            continue
        before = old[pairs[i]]
        for name in ("likelihood", "confidence"):
            was, now = getattr(before, name), getattr(judgment, name)
            if was != now:
                changes.append(Change(MOVE, f"{name}: {was} → {now}", number, words))
        if before.text != judgment.text:
            changes.append(Change("judgment-reworded", "judgment reworded", number, words))
        if before.sources != judgment.sources:
            changes.append(Change("judgment-sources", "judgment sources changed", number, words))
        if what := _analysis_changed(before, judgment):
            changes.append(Change("judgment-analysis", f"{what} changed", number, words))
    for j, judgment in enumerate(old):
        if j not in matched_old:
            changes.append(
                Change("judgment-removed", "judgment removed", None, first_words(judgment.text))
            )
    return changes


def _analysis_changed(old: KeyJudgment, new: KeyJudgment) -> str:
    """Which of what a judgment rests on changed: 'horizon and indicators', or ''."""
    names = [n for n in ("horizon", "basis", "indicators") if getattr(old, n) != getattr(new, n)]
    return " and ".join(names)


def match_judgments(old: Sequence[str], new: Sequence[str]) -> dict[int, int]:
    """Pair judgments across revisions: {index in new: index in old}.

    Identical texts pair first, then the most similar pairs (position breaks ties, and
    a judgment that kept its place needs less similarity), greedily.
    """
    pairs: dict[int, int] = {}
    free_old = set(range(len(old)))
    by_text: dict[str, list[int]] = {}
    for j, text in enumerate(old):
        by_text.setdefault(text, []).append(j)
    for i, text in enumerate(new):
        if by_text.get(text):
            j = by_text[text].pop(0)
            pairs[i] = j
            free_old.discard(j)
    left = [i for i in range(len(new)) if i not in pairs]
    if len(old) > MATCHED_BY_TEXT or len(new) > MATCHED_BY_TEXT:
        for i in left:
            if i in free_old:
                pairs[i] = i
                free_old.discard(i)
        return pairs
    scored = []
    for i in left:
        for j in free_old:
            ratio = difflib.SequenceMatcher(None, old[j].casefold(), new[i].casefold()).ratio()
            bonus = 0.15 if i == j else 0.0
            if ratio + bonus >= SAME_JUDGMENT:
                scored.append((ratio + bonus, -abs(i - j), i, j))
    for _, _, i, j in sorted(scored, reverse=True):
        if i not in pairs and j in free_old:
            pairs[i] = j
            free_old.discard(j)
    return pairs


def _part_changes(old: Brief, new: Brief) -> list[Change]:
    changes = []
    parts: list[tuple[str, Callable[[Brief], dict[Hashable, str]]]] = [
        ("sources", lambda b: {s.id: s.title for s in b.sources}),
        ("events", lambda b: dict(_event_key(e) for e in b.events)),
        ("quotes", lambda b: {(q.by, q.text): f"quote by {q.by}" for q in b.quotes}),
        ("actors", lambda b: {a.actor: a.actor for a in b.actors}),
        ("authors", lambda b: {a: a for a in b.authors}),
    ]
    for part, named in parts:
        if getattr(old, part) == getattr(new, part):
            continue  # nothing added or removed; spares keying every item
        before, after = named(old), named(new)
        added = [after[k] for k in after if k not in before]
        removed = [before[k] for k in before if k not in after]
        singular = part[:-1]
        if added:
            changes.append(Change(part, _counted(f"{singular} added", added)))
        if removed:
            changes.append(Change(part, _counted(f"{singular} removed", removed)))
    if old.tlp != new.tlp:
        was, now = (tlp_label(t) if t else "unmarked" for t in (old.tlp, new.tlp))
        changes.append(Change("tlp", f"TLP: {was} → {now}"))
    new_corrections = [c for c in new.corrections if c not in old.corrections]
    if new_corrections:
        days = [c.date.isoformat() for c in new_corrections]
        changes.append(Change("corrections", _counted("correction added", days)))
    return changes


def _event_key(event: Event | str) -> tuple[Hashable, str]:
    """An event by what it is: a shared event (a bare id in a revision read from git,
    resolved in the current brief) by its id, an inline one by its date and title."""
    if isinstance(event, str):
        return ("shared", event), event
    if isinstance(event, SharedEvent):
        return ("shared", event.id), event.title
    return (event.date.iso, event.title), event.title


def _counted(what: str, names: list[str]) -> str:
    """'2 sources added: A, B' (at most NAMES_SHOWN names, then '…')."""
    shown = names[:NAMES_SHOWN]
    tail = ", …" if len(names) > len(shown) else ""
    label = what if len(names) == 1 else what.replace(" ", "s ", 1)
    return f"{len(names)} {label}: " + ", ".join(shown) + tail
