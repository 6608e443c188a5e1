"""The approved record over time: every decision of every board, and of each unit which approved
version is in force on a day, which comes next, which came before, and what changed when.

Pure: decisions in (each with what it published, `Corpus.published`), answers out. Publishing reads
the decisions from the approval tags that verify; the site asks this module, never git.

Which version of a unit is in force on a day: the board's decisions made by then are read newest first.
A decision has spoken by the day when it approved a guarantee valid on some day from its date up to the
day (a decision for next year, approved in December, has not spoken before New Year).
  * A decision that approved a version of the unit valid on the day: that version is in force.
  * A decision without the unit that has spoken: the board has withdrawn the unit (closed, or renamed),
    and nothing is in force until a later decision approves it again, whatever an older decision's
    validity says. A decision speaks until another one does: a validity of several years, or the
    expiry of the withdrawing decision's own guarantees, never brings a withdrawn unit back.
  * A decision whose version of the unit has spoken and run out: nothing is in force (an older
    decision's longer validity is not revived either).
  * Any other decision (one for another period, say next year's, approved in December) says
    nothing about the day: the one before it is asked.
So a December decision for next year leaves this year's guarantees in force until their validity
ends, and a decision that corrects this year's texts replaces them from its date. Decisions of one
day are read in the order of their tags, so the answer never depends on the order they came in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from .changes import CHANGED, NEW, REMOVED, UNCHANGED, UnitChange, compare_unit
from .model import Board, Corpus, FollowUp, Guarantee, LanguageVersion, Meeting


@dataclass(frozen=True, eq=False)
class Decided:
    """One board decision (an approval tag that verified) and what it published."""

    board: Board  # board.yml as the tagged version has it
    meeting: Meeting
    tag: str
    commit: str
    guarantees: Mapping[str, Guarantee]  # unit slug -> the approved guarantee (never a draft)
    follow_ups: tuple[FollowUp, ...] = ()  # the approved follow-ups of those units
    language_versions: tuple[LanguageVersion, ...] = ()  # the approved language versions of those units
    # Each day asked about, answered once: every unit a decision left out asks (has_spoken).
    _spoken: dict[dt.date, bool] = field(default_factory=dict, repr=False)

    @property
    def date(self) -> dt.date:
        return self.meeting.date

    def has_spoken(self, day: dt.date) -> bool:
        """Whether the decision was the board's word on some day from its date up to the day (approved a
        guarantee valid then): a unit it left out is withdrawn from then on, even once its own guarantees
        have run out."""
        if day not in self._spoken:
            self._spoken[day] = any(
                max(g.valid_from, self.date) <= min(g.valid_to, day) for g in self.guarantees.values()
            )
        return self._spoken[day]


@dataclass(frozen=True, eq=False)
class Version:
    """A text of a unit's guarantee as a decision approved it (the first decision that approved that text)."""

    guarantee: Guarantee
    decision: Decided

    @property
    def year(self) -> int:
        """The year its address is named after: the year its validity starts."""
        return self.guarantee.valid_from.year


# The state of the version at a unit's address on a day.
IN_FORCE, UPCOMING, ENDED = "gäller", "kommande", "upphört"


@dataclass(frozen=True)
class Shown:
    """What a unit's address shows on a day: the version, its state, and for a withdrawn unit the
    decision that withdrew it."""

    version: Version
    state: str  # IN_FORCE, UPCOMING or ENDED
    withdrawn_by: Decided | None = None  # ENDED before its validity ran out: the decision without the unit


@dataclass(frozen=True, eq=False)
class HistoryEntry:
    """What one decision changed for a unit: its text (new, changed, removed), and the follow-ups it approved."""

    decision: Decided
    change: UnitChange  # UNCHANGED when only follow-ups were approved
    version: Version | None  # the version approved; None when the unit was removed
    follow_ups: tuple[FollowUp, ...] = ()  # follow-ups of the unit approved in the decision, new or changed


@dataclass(eq=False)
class UnitTimeline:
    """One unit (a board and a unit slug: its address) through its board's decisions."""

    board: str
    slug: str
    # Every decision of the board, oldest first, with the unit's version in it (None: not in it).
    presence: list[tuple[Decided, Version | None]] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)  # oldest first
    follow_ups: dict[int, FollowUp] = field(default_factory=dict)  # year -> the latest approved follow-up
    follow_up_decisions: dict[int, Decided] = field(default_factory=dict)  # year -> the decision that approved it

    @cached_property
    def versions(self) -> list[Version]:
        """Every approved text of the unit, in the order approved (a text approved again is one version)."""
        seen: list[Version] = []
        for _, version in self.presence:
            if version is not None and (not seen or seen[-1] is not version):
                seen.append(version)
        return seen

    def language_versions_on(self, day: dt.date) -> list[LanguageVersion]:
        """The language versions shown with the unit's text on the day (language_versions_of the text shown)."""
        return self.language_versions_of(self.shown(day).version, day)

    def language_versions_of(self, text: Version, day: dt.date) -> list[LanguageVersion]:
        """The language versions of one approved text: those of the latest decision by the day that approved
        it (a version is approved with the Swedish text it words, by the same tag), so a text in the archive
        keeps the versions approved with it."""
        for decision, version in reversed(self.presence):
            if decision.date <= day and version is text:
                return [v for v in decision.language_versions if v.unit_key == text.guarantee.unit_key]
        return []

    def in_force(self, day: dt.date) -> Version | None:
        """The version in force on the day (see the module's rule), or None."""
        return self._in_force(day)[0]

    def _in_force(self, day: dt.date) -> tuple[Version | None, Decided | None]:
        """(the version in force, None) or (None, the decision that withdrew the unit on the day, if any)."""
        withdrawn_by: Decided | None = None  # the oldest decision since the one asked that left the unit out
        for decision, version in reversed(self.presence):
            if decision.date > day:
                continue  # not decided yet on that day (a day before today: the tests', and history's)
            if version is None:
                if decision.has_spoken(day):
                    withdrawn_by = decision
                continue
            if withdrawn_by is not None:
                return None, withdrawn_by
            valid = version.guarantee.valid_from, version.guarantee.valid_to
            if valid[0] <= day <= valid[1]:
                return version, None
            if max(valid[0], decision.date) <= min(valid[1], day):
                return None, None  # the board's last word on the unit has run out: an older one is not revived
        return None, None  # left out of decisions before it was first approved: never withdrawn

    def upcoming(self, day: dt.date) -> Version | None:
        """The approved version that comes into force next after the day, if one does."""
        starts = sorted({v.guarantee.valid_from for v in self.versions if v.guarantee.valid_from > day})
        for start in starts:
            version = self.in_force(start)
            if version is not None and version.guarantee.valid_from > day:
                return version
        return None

    def shown(self, day: dt.date) -> Shown:
        """What the unit's address shows: the version in force, else the one to come, else the last one, ended."""
        version, withdrawn_by = self._in_force(day)
        if version is not None:
            return Shown(version, IN_FORCE)
        coming = self.upcoming(day)
        if coming is not None:
            return Shown(coming, UPCOMING)
        last = self.versions[-1]
        still_valid = last.guarantee.valid_to >= day
        return Shown(last, ENDED, withdrawn_by if still_valid else None)

    def version_for_year(self, year: int) -> Version | None:
        """The version a follow-up of the year reports on: the last approved one valid that year."""
        return next(
            (v for v in reversed(self.versions) if v.guarantee.valid_from.year <= year <= v.guarantee.valid_to.year),
            None,
        )

    def follow_ups_of(self, version: Version) -> list[FollowUp]:
        """The approved follow-ups that report on this version, by year."""
        return [f for year, f in sorted(self.follow_ups.items()) if self.version_for_year(year) is version]

    @cached_property
    def addresses(self) -> dict[int, str]:
        """Each version's address below the unit's (by id(version)): "2026/" for the last version approved
        of those starting in 2026, "2026/2026-01-22/" (its decision's date) for one replaced within its year."""
        last_of_year = {v.year: v for v in self.versions}
        return {
            id(v): f"{v.year}/" if last_of_year[v.year] is v else f"{v.year}/{v.decision.date.isoformat()}/"
            for v in self.versions
        }

    def address(self, version: Version) -> str:
        return self.addresses[id(version)]


class Timeline:
    """Every board's decisions, and every unit through them."""

    def __init__(self, decisions: Iterable[Decided]):
        by_board: dict[str, list[Decided]] = {}
        for decision in decisions:
            by_board.setdefault(decision.board.slug, []).append(decision)
        self.decisions = {
            board: sorted(found, key=lambda d: (d.date, d.tag, d.commit)) for board, found in sorted(by_board.items())
        }
        self.units: dict[tuple[str, str], UnitTimeline] = {}
        for board, found in self.decisions.items():
            for unit in _units_of(board, found):
                self.units[(board, unit.slug)] = unit

    @property
    def boards(self) -> dict[str, Board]:
        """Each board as its latest decision has it (its name, departments and meetings today)."""
        return {board: found[-1].board for board, found in self.decisions.items()}

    def unit(self, guarantee: Guarantee) -> UnitTimeline | None:
        return self.units.get((guarantee.board, guarantee.slug))

    def corpus_on(self, day: dt.date) -> Corpus:
        """What the units' addresses show on the day (UnitTimeline.shown), with every approved follow-up:
        the corpus the site's lists, search, comparisons and open data are made of."""
        guarantees = [unit.shown(day).version.guarantee for unit in self.units.values()]
        department = {g.unit_key[0::2]: g.department for g in guarantees}
        # A follow-up belongs to its unit wherever the unit is now (a unit may move to another department).
        follow_ups = [
            replace(f, department=department[(f.board, f.unit)])
            for unit in self.units.values()
            for f in unit.follow_ups.values()
        ]
        language_versions = [v for unit in self.units.values() for v in unit.language_versions_on(day)]
        return Corpus(self.boards, guarantees, follow_ups, language_versions)


def _units_of(board: str, decisions: list[Decided]) -> list[UnitTimeline]:
    """Every unit any of the board's decisions (oldest first) approved, through all of them."""
    units: dict[str, UnitTimeline] = {}
    last: dict[str, Version] = {}  # each unit's latest version so far
    approved: dict[tuple[str, int], FollowUp] = {}  # each unit's follow-ups so far, by year
    approved_by: dict[tuple[str, int], Decided] = {}  # the decision that approved each one's text
    for index, decision in enumerate(decisions):
        before = decisions[index - 1] if index else None
        follow_ups: dict[str, list[FollowUp]] = {}
        for follow_up in decision.follow_ups:
            key = (follow_up.unit, follow_up.year)
            if _without_source(approved.get(key)) != _without_source(follow_up):
                follow_ups.setdefault(follow_up.unit, []).append(follow_up)
                approved_by[key] = decision
            approved[key] = follow_up
        for slug in sorted(decision.guarantees.keys() | units.keys()):
            unit = units.setdefault(slug, UnitTimeline(board, slug, [(d, None) for d in decisions[:index]]))
            guarantee = decision.guarantees.get(slug)
            version = None
            if guarantee is not None:
                previous = last.get(slug)
                change = compare_unit(guarantee, previous.guarantee if previous else None)
                version = previous if change.status == UNCHANGED and previous else Version(guarantee, decision)
                last[slug] = version
                if change.status in (NEW, CHANGED) or follow_ups.get(slug):
                    unit.history.append(HistoryEntry(decision, change, version, tuple(follow_ups.get(slug, ()))))
            elif before is not None and slug in before.guarantees:
                unit.history.append(HistoryEntry(decision, UnitChange(REMOVED, last[slug].guarantee), None))
            unit.presence.append((decision, version))
    for (slug, year), follow_up in approved.items():
        if slug in units:
            units[slug].follow_ups[year] = follow_up
            units[slug].follow_up_decisions[year] = approved_by[(slug, year)]
    return list(units.values())


def _without_source(follow_up: FollowUp | None) -> FollowUp | None:
    """A follow-up as compared between decisions: where its file lay is no change."""
    return replace(follow_up, source="") if follow_up else None
