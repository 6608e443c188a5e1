"""What changed between two approved versions of a unit's guarantee.

The board paper lists the changes since the last approval for the board (`report`); the
site's change history and its feeds say the same to residents, in plain Swedish
(`for_residents`). Both compare the models, not the files: moving a line or re-quoting a
text is not a change, and neither is the draft flag.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from . import fields
from .model import Commitment, Guarantee
from .wording import period_text

NEW, REMOVED, CHANGED, UNCHANGED = "ny", "borttagen", "ändrad", "oförändrad"

# Two commitments this alike (difflib's ratio), one removed and one added, are one commitment
# reworded: a resident reads "ändrades till" rather than one promise gone and another new.
REWORDED_RATIO = 0.6


@dataclass(frozen=True)
class UnitChange:
    """How one unit differs from the baseline; `guarantee` is the old one for a removed unit."""

    status: str
    guarantee: Guarantee
    fields: tuple[str, ...] = ()  # the keys of the fields that changed (fields.compared)
    added: tuple[Commitment, ...] = ()
    removed: tuple[Commitment, ...] = ()


def compare(current: list[Guarantee], before: dict[str, Guarantee]) -> list[UnitChange]:
    """Every unit's status: the current ones in order, then the removed ones."""
    changes = [compare_unit(g, before.get(g.slug)) for g in current]
    present = {g.slug for g in current}
    changes += [UnitChange(REMOVED, g) for slug, g in sorted(before.items()) if slug not in present]
    return changes


def compare_unit(new: Guarantee, old: Guarantee | None) -> UnitChange:
    if old is None:
        return UnitChange(NEW, new)
    before, after = fields.compared_values(old), fields.compared_values(new)
    changed = tuple(key for key, _ in fields.compared() if before[key] != after[key])
    if not changed:
        return UnitChange(UNCHANGED, new)
    added = tuple(c for c in new.commitments if c not in old.commitments)
    removed = tuple(c for c in old.commitments if c not in new.commitments)
    return UnitChange(CHANGED, new, changed, added, removed)


@dataclass(frozen=True)
class Reworded:
    before: Commitment
    after: Commitment


def reworded(change: UnitChange) -> tuple[list[Reworded], list[Commitment], list[Commitment]]:
    """The change's commitments as (reworded, added, removed): a removed and an added commitment
    of the same curriculum area that read alike are one commitment reworded, best pairs first."""
    pairs = sorted(
        (
            (difflib.SequenceMatcher(None, old.text, new.text).ratio(), i, j)
            for i, old in enumerate(change.removed)
            for j, new in enumerate(change.added)
            if old.area == new.area
        ),
        reverse=True,
    )
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    found = []
    for ratio, i, j in pairs:
        if ratio >= REWORDED_RATIO and i not in taken_old and j not in taken_new:
            taken_old.add(i)
            taken_new.add(j)
            found.append((j, Reworded(change.removed[i], change.added[j])))
    return (
        [pair for _, pair in sorted(found, key=lambda item: item[0])],
        [c for j, c in enumerate(change.added) if j not in taken_new],
        [c for i, c in enumerate(change.removed) if i not in taken_old],
    )


def quoted(commitment: Commitment) -> str:
    """A commitment as a reader sees it quoted: ”text” (area); its own inline Markdown is kept."""
    text = f"”{' '.join(commitment.text.split())}”"
    return f"{text} ({commitment.area})" if commitment.area else text


# What a resident is told when a text other than the commitments changed, by field (fields.compared).
_FIELD_NEWS = {
    "correction": "Ny text om vad vi gör om vi inte håller vad vi lovar (rättelse).",
    "complaints": "Ny text om hur du lämnar synpunkter och klagomål.",
}


def for_residents(change: UnitChange) -> list[str]:
    """What changed for a resident, one plain Swedish sentence each (Markdown: a commitment's own
    emphasis and links are kept); the first approval says so, a change without any says so."""
    if change.status == NEW:
        return ["Första fastställda garantin för enheten."]
    if change.status == REMOVED:
        return ["Enheten finns inte med i beslutet."]
    if change.status == UNCHANGED:
        return ["Garantin fastställdes igen utan ändringar."]
    g = change.guarantee
    lines = [f"Ny giltighetstid: {period_text(g.valid_from, g.valid_to)}."] if "valid" in change.fields else []
    pairs, added, removed = reworded(change)
    # A sentence that ends in a quoted commitment ends with the quote (its own full stop).
    lines += [f"Nytt åtagande: {quoted(c)}" for c in added]
    lines += [f"Åtagandet {quoted(pair.before)} ändrades till {quoted(pair.after)}" for pair in pairs]
    lines += [f"Borttaget åtagande: {quoted(c)}" for c in removed]
    if "commitments" in change.fields and not (pairs or added or removed):
        lines.append("Samma åtaganden i ny ordning.")
    lines += [_FIELD_NEWS[key] for key in change.fields if key in _FIELD_NEWS]
    names = dict(fields.compared())
    others = [names[key] for key in change.fields if key not in _FIELD_NEWS and key not in ("valid", "commitments")]
    if others:
        lines.append(f"Ändrat: {', '.join(others)}.")
    return lines
