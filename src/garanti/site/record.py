"""A unit's record over time on its pages: the version to come announced on the unit's page, its
history of decisions (what changed for residents), and a page per approved version.

Pure: a unit's timeline (garanti.timeline) and a day in, views out; the templates
(history.html.j2, record-notes.html.j2) show them. Only published sites built from their
decisions have a record: the preview shows the working tree, one version per unit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..changes import REMOVED, UNCHANGED, for_residents
from ..languages import Language
from ..timeline import ENDED, IN_FORCE, UPCOMING, HistoryEntry, UnitTimeline, Version
from ..wording import count_text, date_text, kept_text
from . import paths

# The state of a version that was in force, or was to be, and has been replaced: it is in the archive.
ARCHIVED = "tidigare"
UNIT_PAGE, VERSION_PAGE = "enhet", "version"


@dataclass(frozen=True)
class HistoryItem:
    """One decision in a unit's history, as its page lists it."""

    date: dt.date
    board_name: str
    reference: str  # "dnr …, § …", or ""
    minutes: str | None
    lines: tuple[str, ...]  # what changed for residents, a sentence each (Markdown: a commitment's own)
    follow_ups: tuple[str, ...]  # the follow-ups approved: "Uppföljningen av 2026: 4 av 5 åtaganden uppfyllda."
    version_page: str | None  # the page of the version approved (None when the unit was removed)
    version_label: str = ""


@dataclass(frozen=True)
class VersionLink:
    label: str  # "2026", or "2026 (fastställd 22 januari 2026)" for a text replaced within its year
    page: str
    here: bool  # the page this link is on


@dataclass(frozen=True)
class RecordView:
    """What a page of a unit says of the unit's record: made of the timeline alone (hashable)."""

    page: str  # the page's own source path
    unit_page: str  # the unit's address (its page)
    kind: str  # UNIT_PAGE or VERSION_PAGE
    state: str  # of the version on this page: IN_FORCE, UPCOMING, ENDED (unit page) or ARCHIVED
    withdrawn_on: dt.date | None = None  # ENDED because a decision left the unit out before its validity ran out
    announced: tuple[dt.date, str] | None = None  # the version to come: its first day, its page
    announced_in: tuple[str, ...] = ()  # the keys of the languages the version to come has a version in
    history: tuple[HistoryItem, ...] = ()  # newest first; the unit's page only
    versions: tuple[VersionLink, ...] = ()  # every approved version, oldest first


def version_page(unit: UnitTimeline, version: Version) -> str:
    """A version's own address, "<board>/<unit>/<year>/" (stable: its page, or while the version is the
    one at the unit's address, a page that leads there: shown_page, pages.year_redirects)."""
    return paths.year_page(unit.board, unit.slug, unit.address(version))


def shown_page(unit: UnitTimeline, version: Version, today: dt.date) -> str:
    """Where a version is read today: on the unit's page while it is the one shown there, else on its own."""
    return unit_page(unit) if unit.shown(today).version is version else version_page(unit, version)


def unit_page(unit: UnitTimeline) -> str:
    return paths.unit_page(unit.board, unit.slug)


def unit_view(unit: UnitTimeline, today: dt.date) -> RecordView:
    """The unit's page: the version shown (UnitTimeline.shown), the next one announced, and the history."""
    shown = unit.shown(today)
    page = unit_page(unit)
    announced, announced_in = announcement(unit, today)
    return RecordView(
        page,
        page,
        UNIT_PAGE,
        shown.state,
        withdrawn_on=shown.withdrawn_by.date if shown.withdrawn_by else None,
        announced=announced,
        announced_in=announced_in,
        history=tuple(_history_item(unit, entry, today) for entry in reversed(unit.history)),
        versions=_links(unit, shown.version, today),
    )


def announcement(unit: UnitTimeline, today: dt.date) -> tuple[tuple[dt.date, str] | None, tuple[str, ...]]:
    """The version to come, announced on the unit's pages while one is in force: (its first day, its page) or
    None, and the keys of the languages it has a version in."""
    coming = unit.upcoming(today) if unit.shown(today).state == IN_FORCE else None
    if coming is None:
        return None, ()
    return (
        (coming.guarantee.valid_from, version_page(unit, coming)),
        tuple(v.language.key for v in unit.language_versions_of(coming, today)),
    )


def version_view(unit: UnitTimeline, version: Version, today: dt.date) -> RecordView:
    """A version's own page: in force, to come, or in the archive."""
    return RecordView(
        version_page(unit, version),
        unit_page(unit),
        VERSION_PAGE,
        version_state(unit, version, today),
        versions=_links(unit, version, today),
    )


def version_state(unit: UnitTimeline, version: Version, today: dt.date) -> str:
    """IN_FORCE for the version in force, UPCOMING for the next one, ARCHIVED for every other."""
    if unit.in_force(today) is version:
        return IN_FORCE
    if unit.upcoming(today) is version:
        return UPCOMING
    return ARCHIVED


def _links(unit: UnitTimeline, here: Version | None, today: dt.date) -> tuple[VersionLink, ...]:
    return tuple(VersionLink(_label(unit, v), shown_page(unit, v, today), v is here) for v in unit.versions)


def archived_in(unit: UnitTimeline, language: Language, today: dt.date) -> tuple[VersionLink, ...]:
    """The unit's texts approved before the one its address shows that have a version in the language: each
    linked at that version's page below the text's year page, newest first. (A text to come is announced.)"""
    shown = unit.shown(today).version
    earlier = unit.versions[: unit.versions.index(shown)]
    return tuple(
        VersionLink(_label(unit, v), paths.language_version_page(version_page(unit, v), language), False)
        for v in reversed(earlier)
        if any(lv.language == language for lv in unit.language_versions_of(v, today))
    )


def _label(unit: UnitTimeline, version: Version) -> str:
    """ "2026", or "2026 (fastställd 22 januari 2026)" for a version that shares its year with another."""
    shared = sum(1 for v in unit.versions if v.year == version.year) > 1
    return f"{version.year} (fastställd {date_text(version.decision.date)})" if shared else str(version.year)


def _history_item(unit: UnitTimeline, entry: HistoryEntry, today: dt.date) -> HistoryItem:
    decision = entry.decision
    lines = () if entry.change.status == UNCHANGED else tuple(for_residents(entry.change))
    follow_ups = tuple(
        f"Uppföljningen av {f.year}: {kept_text(f.kept, len(f.results))}, "
        f"{count_text(f.complaints, 'klagomål', 'klagomål')}."
        for f in entry.follow_ups
    )
    version = entry.version if entry.change.status != REMOVED else None
    return HistoryItem(
        decision.date,
        decision.board.name,
        decision.meeting.reference,
        decision.meeting.minutes,
        lines,
        follow_ups,
        shown_page(unit, version, today) if version else None,
        _label(unit, version) if version else "",
    )


__all__ = [
    "ARCHIVED",
    "ENDED",
    "IN_FORCE",
    "UNIT_PAGE",
    "UPCOMING",
    "VERSION_PAGE",
    "HistoryItem",
    "RecordView",
    "VersionLink",
    "announcement",
    "archived_in",
    "shown_page",
    "unit_page",
    "unit_view",
    "version_page",
    "version_state",
    "version_view",
]
