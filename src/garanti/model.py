"""The content model: boards, their meetings, and the units' guarantees.

Plain, immutable data. Loading and checking live in `content`; pages,
publishing and the CLI only ever see these classes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .languages import Language

PRESCHOOL = "förskola"
# Every placeholder text `garanti new` writes starts with this, so a leftover one is easy to find.
PLACEHOLDER = "Skriv här"
# Obviously not a unit's own number: the city's switchboard pattern, all zeros.
PLACEHOLDER_PHONE = "08-508 00 000"
# The field that records a unit's earlier addresses (Guarantee.previous_urls), kept in Guarantee.extra as written.
PREVIOUS_ADDRESSES = "previous_addresses"

# Control characters in a file name or a quoted text: shown escaped, so that a line break
# cannot split a message and an escape sequence cannot drive the editor's terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def shown(text: str) -> str:
    """The text with its control characters written as escapes ("\\n"), the way Python writes them."""
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, where it is, and what to do (Swedish)."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return shown(f"{self.path}:{self.line}:{self.column}: {self.message}")


@dataclass(frozen=True)
class Meeting:
    date: dt.date
    case_number: str | None = None
    paragraph: str | None = None
    minutes: str | None = None  # the address of the meeting's minutes (protokoll), https

    @property
    def reference(self) -> str:
        """The decision reference as written in minutes, e.g. "dnr 476-2010-1.1, § 14"."""
        return self.reference_with("dnr")

    def reference_with(self, case_number_word: str) -> str:
        """The reference with another language's word for the case number ("dnro" in Finnish)."""
        parts = []
        if self.case_number:
            parts.append(f"{case_number_word} {self.case_number}")
        if self.paragraph:
            parts.append(self.paragraph)
        return ", ".join(parts)


@dataclass(frozen=True)
class Hours:
    """A line of opening hours or visiting times: which days, and when ("Måndag–fredag", "6.30–18.00")."""

    days: str
    time: str


# The contact's fields that hold lines of Hours, as the schema names them.
HOURS_FIELDS = ("opening_hours", "visiting_hours")


@dataclass(frozen=True)
class Contact:
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    web: str | None = None
    opening_hours: tuple[Hours, ...] = ()
    visiting_hours: tuple[Hours, ...] = ()
    extra: tuple[tuple[str, Any], ...] = ()  # parts of the contact the schema has and this class does not name

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Contact:
        """A contact as the schema shapes it (a guarantee's, a board's default), already checked."""
        named = {part.name for part in fields(cls)} - {"extra"}
        hours = {key: tuple(Hours(**line) for line in data[key]) for key in HOURS_FIELDS if key in data}
        return cls(
            **{**{key: value for key, value in data.items() if key in named}, **hours},
            extra=tuple((key, value) for key, value in data.items() if key not in named),
        )

    def as_data(self) -> dict[str, Any]:
        """The contact as the schema names and shapes it (JSON-ready), without empty parts."""
        named = {
            key: [vars(line).copy() for line in value] if key in HOURS_FIELDS else value
            for key, value in vars(self).items()
            if value and key != "extra"
        }
        return {**named, **dict(self.extra)}


@dataclass(frozen=True)
class BoardNames:
    """A board's names in one language (board.yml's names: <language key>): the pages in that language use them."""

    name: str | None = None
    departments: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Board:
    slug: str
    name: str
    kind: str
    district: str | None
    departments: dict[str, str]
    meetings: tuple[Meeting, ...]
    default_complaints: str | None = None
    default_contact: Contact | None = None
    source: str = ""
    # The stadsdelar of its area and the places residents name them by, as written: the search finds its units on them.
    places: tuple[str, ...] = ()
    # Its name and its departments' in a language version's language (board.yml's names), by Language.key.
    names: Mapping[str, BoardNames] = field(default_factory=dict)

    def name_in(self, language: Language | None) -> str | None:
        """The board's name as a page in the language names it, or None where board.yml gives none (Swedish then)."""
        return self.names[language.key].name if language and language.key in self.names else None

    def department_in(self, department: str, language: Language | None) -> str | None:
        """A department's name in the language, or None where board.yml gives none."""
        return self.names[language.key].departments.get(department) if language and language.key in self.names else None

    def meeting_on(self, date: dt.date) -> Meeting | None:
        return next((meeting for meeting in self.meetings if meeting.date == date), None)

    @property
    def display_name(self) -> str:
        """What residents look for: the district, else the board's own name."""
        return self.district or self.name


@dataclass(frozen=True)
class Commitment:
    text: str
    area: str | None = None


# How the unit did in Stockholms stads kvalitetsutmärkelse, in the schema's words: took part without
# the award, or was given it. None: the board approved taking part and the outcome is not recorded.
AWARD_OUTCOMES = ("deltog", "tilldelades")


@dataclass(frozen=True)
class QualityAward:
    """A year the unit took part in the city's kvalitetsutmärkelse, by its board's decision (the
    decision has a meeting's shape: its date, and case number, paragraph and minutes when known)."""

    year: int
    decision: Meeting
    outcome: str | None = None  # one of AWARD_OUTCOMES
    category: str | None = None  # the competition class, as the city names it

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> QualityAward:
        """One year as the schema shapes it, already checked (its decision's date a real day)."""
        decision = Meeting(
            dt.date.fromisoformat(data["decision"]["date"]),
            **{key: value for key, value in data["decision"].items() if key != "date"},
        )
        return cls(data["year"], decision, data.get("outcome"), data.get("category"))

    def as_data(self) -> dict[str, Any]:
        """The year as the schema names and orders it (JSON-ready), without what is not known."""
        decision = {
            "date": self.decision.date.isoformat(),
            "case_number": self.decision.case_number,
            "paragraph": self.decision.paragraph,
            "minutes": self.decision.minutes,
        }
        data = {
            "year": self.year,
            "outcome": self.outcome,
            "category": self.category,
            "decision": {key: value for key, value in decision.items() if value is not None},
        }
        return {key: value for key, value in data.items() if value is not None}


@dataclass(frozen=True)
class Guarantee:
    board: str
    department: str
    slug: str
    title: str
    service: str
    valid_from: dt.date
    valid_to: dt.date
    commitments: tuple[Commitment, ...]
    correction: str
    complaints: str
    contact: Contact
    body: str
    more_info: str | None = None
    draft: bool = False
    source: str = ""
    # The national minority languages the unit serves in besides Swedish, as the schema names them ("finska").
    service_languages: tuple[str, ...] = ()
    # The years it took part in the city's kvalitetsutmärkelse, oldest first.
    quality_award: tuple[QualityAward, ...] = ()
    # The schema's fields this class does not name, as written (fields.guarantee keeps them, fields.front_matter
    # gives them back): a field added to the schema reaches open data and the board paper with no other edit.
    extra: tuple[tuple[str, Any], ...] = ()

    @property
    def url(self) -> str:
        """The page address below the site root; printed notices link to it."""
        return f"{self.board}/{self.slug}/"

    @property
    def unit_key(self) -> tuple[str, str, str]:
        """Which unit this is (board, department, unit slug): its follow-ups have the same key."""
        return self.board, self.department, self.slug

    @property
    def previous_urls(self) -> tuple[str, ...]:
        """The addresses the unit had before it was renamed within its board (the schema's
        previous_addresses, "<board>/<unit>"), as `url` writes an address: "<board>/<unit>/"."""
        return tuple(f"{address}/" for address in dict(self.extra).get(PREVIOUS_ADDRESSES, ()))

    def expired(self, today: dt.date) -> bool:
        return self.valid_to < today


@dataclass(frozen=True)
class LanguageVersion:
    """A guarantee in another language (Finnish, easy-to-read Swedish), written by an editor beside it.

    It words the guarantee's fields the schema marks `x-translated` (fields.translated_fields): its
    commitments one for one, in the same order (with the same curriculum areas), its correction,
    complaints, more information, opening and visiting hours and verksamhetsidé, and in `extra` any
    marked field this class does not name. Everything else (validity, service type, phone, address)
    is the guarantee's, and the Swedish text is the one that applies. `swedish_text` is the fingerprint
    of the Swedish text it was written from (fields.swedish_text_of, of any fingerprint version);
    `current` says whether that is still the guarantee's (fields.written_against).
    """

    board: str
    department: str
    unit: str  # the slug of the guarantee it words
    language: Language
    title: str | None  # None: the guarantee's own name
    commitments: tuple[Commitment, ...]
    correction: str
    complaints: str
    body: str
    swedish_text: str
    current: bool  # written from the Swedish text as it is now: only then is it approved and published
    more_info: str | None = None
    opening_hours: tuple[Hours, ...] = ()
    visiting_hours: tuple[Hours, ...] = ()
    draft: bool = False
    source: str = ""
    # The fields the schema marks translated that this class does not name, as written (as Guarantee.extra):
    # the version's page shows them in place of the guarantee's, which it shows in Swedish where they are left out.
    extra: tuple[tuple[str, Any], ...] = ()

    @property
    def unit_key(self) -> tuple[str, str, str]:
        """The unit it words, as Guarantee.unit_key names it."""
        return self.board, self.department, self.unit

    def worded(self, guarantee: Guarantee) -> Guarantee:
        """The guarantee as this version words it: its texts in place of the Swedish ones, the rest as it is."""
        contact = replace(guarantee.contact, opening_hours=self.opening_hours, visiting_hours=self.visiting_hours)
        return replace(
            guarantee,
            title=self.title or guarantee.title,
            commitments=self.commitments,
            correction=self.correction,
            complaints=self.complaints,
            more_info=self.more_info,
            body=self.body,
            contact=contact,
            draft=guarantee.draft or self.draft,
            source=self.source,
            extra=tuple({**dict(guarantee.extra), **dict(self.extra)}.items()),
        )


# How a commitment went during the year, in the words of the follow-up (uppföljning).
RESULTS = ("uppfyllt", "delvis uppfyllt", "inte uppfyllt")


@dataclass(frozen=True)
class CommitmentResult:
    """One commitment of the year's guarantee and whether the unit kept it."""

    text: str  # the commitment as written in the guarantee that was followed up
    result: str  # one of RESULTS
    comment: str | None = None
    area: str | None = None  # the curriculum area, as in Commitment.area


@dataclass(frozen=True)
class FollowUp:
    """A unit's follow-up of its guarantee for one calendar year, approved like the guarantee."""

    board: str
    department: str
    unit: str  # the slug of the guarantee it follows up
    year: int
    results: tuple[CommitmentResult, ...]
    corrections: int  # how many times residents asked for correction (rättelse)
    corrections_changed: str | None  # what the unit changed after those requests
    complaints: int  # complaints received during the year
    draft: bool = False
    source: str = ""

    @property
    def kept(self) -> int:
        return sum(1 for result in self.results if result.result == RESULTS[0])

    @property
    def unit_key(self) -> tuple[str, str, str]:
        """The unit followed up, as Guarantee.unit_key names it."""
        return self.board, self.department, self.unit


def latest_follow_up(follow_ups: Iterable[FollowUp], include_drafts: bool = False) -> FollowUp | None:
    """The follow-up of the latest year among a unit's, drafts only when asked for (the preview)."""
    return max((f for f in follow_ups if include_drafts or not f.draft), key=lambda f: f.year, default=None)


@dataclass
class Corpus:
    """Everything under guarantees/ that loaded cleanly."""

    boards: dict[str, Board] = field(default_factory=dict)
    guarantees: list[Guarantee] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    language_versions: list[LanguageVersion] = field(default_factory=list)

    def guarantees_of(self, board: str, department: str | None = None) -> list[Guarantee]:
        return [
            guarantee
            for guarantee in self.guarantees
            if guarantee.board == board and department in (None, guarantee.department)
        ]

    def published(self) -> Corpus:
        """What approving this content puts on the site, the one rule publishing, the paper, the tag and
        the site ask: every guarantee but the drafts, and the follow-ups, not drafts, of those; and their
        language versions that are neither drafts nor written from an earlier Swedish text (approved
        with the text they word, never stale)."""
        guarantees = [g for g in self.guarantees if not g.draft]
        units = {g.unit_key for g in guarantees}
        follow_ups = [f for f in self.follow_ups if not f.draft and f.unit_key in units]
        versions = [v for v in self.language_versions if not v.draft and v.current and v.unit_key in units]
        return Corpus(dict(self.boards), guarantees, follow_ups, versions)
