"""What the site shows: which boards and guarantees, in which order, approved when.

Preview (no publication): everything in the working tree, drafts included.
Published: only boards the publication approves, and of them what approval publishes
(`Corpus.published`: never a draft guarantee or follow-up). Expired guarantees keep
their page (printed notices link to it) but are left out of every list.

A published site built from its decisions' content (a `Timeline`) shows at each unit's
address the version in force today (timeline.UnitTimeline.shown), and every list, the
search, the comparisons and the open data are made of those; `record` (record.py) adds
each unit's other versions, the one to come, and its history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cached_property

from .. import schemas
from ..errors import Refusal
from ..languages import LANGUAGES, Language
from ..layout import RESERVED
from ..model import Board, Corpus, FollowUp, Guarantee, LanguageVersion, latest_follow_up
from ..publication import Approval, Publication
from ..timeline import ENDED, Decided, Timeline, UnitTimeline, Version
from ..wording import sort_key
from . import paths, record

DEFAULT_SITE_URL = "https://kvalitetsgarantier.stockholm/"


@dataclass(frozen=True)
class Settings:
    today: dt.date
    site_url: str = DEFAULT_SITE_URL
    publication: Publication | None = None
    # The map service the city chose for addresses, "https://…{adress}…"; None: no map links.
    map_link: str | None = None

    # The open data's contact point (name, e-mail) for the data catalog; None: the catalog names none.
    open_data_contact: tuple[str, str] | None = None
    # The open data's publisher in the data catalog: (name, organisation number, ten digits).
    open_data_publisher: tuple[str, str] = ("Stockholms stad", "2120000142")

    @property
    def preview(self) -> bool:
        return self.publication is None


@dataclass(frozen=True)
class GuaranteeView:
    """A guarantee as the site shows it: the guarantee, and what the site says of it. It is all a
    guarantee's page (and its open data) reads, so the preview keeps a page while its view is the same."""

    guarantee: Guarantee
    board: Board
    settings: Settings
    service_listed: bool  # the service type has a page of its own
    expired: bool
    upcoming: bool
    approval: Approval | None
    follow_up: FollowUp | None  # the latest the site shows ("Så gick det")
    comparable: bool  # the board has a comparison page for the service type
    address: str  # the page's full address: on the notice, in its QR code, in open data
    # The unit's language versions the site shows, which its pages link to each other (LANGUAGES' order).
    versions: tuple[LanguageVersion, ...] = ()
    # A language version's page: the version (the guarantee above is worded by it), else None.
    version: LanguageVersion | None = None
    record: record.RecordView | None = None  # the unit's versions and history (a timeline's site only)

    @property
    def language(self) -> Language | None:
        """The language of the page: a version's, or None for the Swedish text."""
        return self.version.language if self.version else None


class Site:
    """The corpus as the residents see it under the given settings."""

    def __init__(self, corpus: Corpus, settings: Settings, timeline: Timeline | None = None):
        """The site of `corpus`; or, given a timeline (the decisions' content), of what each unit's
        address shows today (Timeline.corpus_on), the corpus then unused."""
        self.timeline = timeline
        if timeline is not None:
            corpus = timeline.corpus_on(settings.today)
        self.corpus = corpus if settings.preview else corpus.published()
        self.settings = settings
        self._listed: dict[tuple, list[Guarantee]] = {}
        unknown = sorted(set(self.approvals) - set(corpus.boards))
        if unknown:
            raise Refusal(f"Fastställelsen gäller nämnder som inte finns i guarantees/: {', '.join(unknown)}.")

    @property
    def preview(self) -> bool:
        return self.settings.preview

    @property
    def today(self) -> dt.date:
        return self.settings.today

    @property
    def approvals(self) -> dict[str, Approval]:
        return self.settings.publication.approvals if self.settings.publication else {}

    @cached_property
    def boards(self) -> list[Board]:
        shown = [b for b in self.corpus.boards.values() if self.preview or b.slug in self.approvals]
        return sorted(shown, key=lambda board: sort_key(board.display_name))

    @cached_property
    def guarantees(self) -> list[Guarantee]:
        """Every guarantee that gets a page, expired ones included; not one at an address a renamed or moved
        unit has taken with it (moved)."""
        return [g for g in self._of_shown_boards if g.url not in self.moved]

    @cached_property
    def _of_shown_boards(self) -> list[Guarantee]:
        shown = {board.slug for board in self.boards}
        return sorted(
            (g for g in self.corpus.guarantees if g.board in shown),
            key=lambda g: (sort_key(g.title), g.board, g.slug),
        )

    @cached_property
    def moved(self) -> dict[str, Guarantee]:
        """{earlier address ("<board>/<unit>/"): the guarantee of the unit that had it}, for each unit renamed
        within its board (Guarantee.previous_urls) whose guarantee is in force or to come: the address
        leads to the unit's page (pages.moved_redirects). The unit there before (in a published site: the same
        unit under its old name, withdrawn by the decision that approved the new one) gives it up once it has
        ended, never while its guarantee applies; an address the site gives a page of its own is never taken
        (the check refuses both, and an address claimed twice: here the first in the guarantees' order has it)."""
        there = {g.url: g for g in self._of_shown_boards}
        own = {f"{board.slug}/{department}/" for board in self.boards for department in board.departments}
        moved: dict[str, Guarantee] = {}
        for guarantee in self._of_shown_boards:
            if self.expired(guarantee):
                continue
            for address in guarantee.previous_urls:
                before = there.get(address)
                if (
                    (before is None or (before is not guarantee and self.expired(before)))
                    and address not in own
                    and address.split("/", 1)[0] not in RESERVED
                ):
                    moved.setdefault(address, guarantee)
        return moved

    def former_unit(self, address: str) -> UnitTimeline | None:
        """The record of the unit that had an earlier address (moved), when the site is built from one."""
        board, slug = address.strip("/").split("/")
        return self.timeline.units.get((board, slug)) if self.timeline else None

    @cached_property
    def _pages(self) -> dict[tuple[str, str, str], Guarantee]:
        return {g.unit_key: g for g in self.guarantees}

    @cached_property
    def follow_ups(self) -> list[FollowUp]:
        """Every follow-up of a guarantee that has a page, drafts only in the preview; by unit, then year."""
        return sorted(
            (f for f in self.corpus.follow_ups if f.unit_key in self._pages),
            key=lambda f: (sort_key(self.guarantee_of(f).title), f.board, f.unit, f.year),
        )

    def guarantee_of(self, follow_up: FollowUp) -> Guarantee:
        """The guarantee (its page) a follow-up the site shows belongs to."""
        return self._pages[follow_up.unit_key]

    def follow_up(self, guarantee: Guarantee) -> FollowUp | None:
        """The unit's follow-up of the latest year the site shows ("Så gick det")."""
        return latest_follow_up(self._follow_ups_by_unit.get(guarantee.unit_key, ()), include_drafts=self.preview)

    @cached_property
    def _follow_ups_by_unit(self) -> dict[tuple[str, str, str], list[FollowUp]]:
        """Each unit's own follow-ups: pages ask for every unit's, several times a build."""
        by_unit: dict[tuple[str, str, str], list[FollowUp]] = {}
        for follow_up in self.corpus.follow_ups:
            by_unit.setdefault(follow_up.unit_key, []).append(follow_up)
        return by_unit

    def board(self, slug: str) -> Board:
        return self.corpus.boards[slug]

    def approval(self, board: str) -> Approval | None:
        return self.approvals.get(board)

    def expired(self, guarantee: Guarantee) -> bool:
        """Whether the guarantee at a unit's address no longer applies: its validity ended, or (in a
        timeline) the board withdrew it."""
        unit = self.unit(guarantee)
        return unit.shown(self.today).state == ENDED if unit else guarantee.expired(self.today)

    def unit(self, guarantee: Guarantee) -> UnitTimeline | None:
        """The unit's record over time, when the site is built from one."""
        return self.timeline.unit(guarantee) if self.timeline else None

    def approval_of(self, guarantee: Guarantee) -> Approval | None:
        """The decision the shown text rests on: its version's (in a timeline), else the board's latest."""
        unit = self.unit(guarantee)
        return version_approval(unit.shown(self.today).version) if unit else self.approval(guarantee.board)

    def follow_up_approval(self, follow_up: FollowUp) -> Approval | None:
        """The decision that approved the follow-up's text (in a timeline), else the board's latest."""
        unit = self.unit(self.guarantee_of(follow_up))
        decision = unit.follow_up_decisions.get(follow_up.year) if unit else None
        return version_approval(decision) if decision else self.approval(follow_up.board)

    def board_of(self, guarantee: Guarantee) -> Board:
        """The board as the decision that approved the shown text has it (in a timeline), else today's."""
        unit = self.unit(guarantee)
        return unit.shown(self.today).version.decision.board if unit else self.board(guarantee.board)

    def upcoming(self, guarantee: Guarantee) -> bool:
        return guarantee.valid_from > self.today

    @cached_property
    def _current(self) -> list[Guarantee]:
        return [g for g in self.guarantees if not self.expired(g)]

    def listed(
        self, board: str | None = None, department: str | None = None, service: str | None = None
    ) -> list[Guarantee]:
        """The current guarantees for an index page, in Swedish alphabetical order."""
        key = (board, department, service)
        if key not in self._listed:  # asked for by many pages: every board, department and service
            self._listed[key] = [
                g
                for g in self._current
                if board in (None, g.board) and department in (None, g.department) and service in (None, g.service)
            ]
        return list(self._listed[key])

    def comparable(self, board: str, service: str) -> bool:
        """Whether a board has a comparison page for a service type: two or more current units."""
        return len(self.listed(board, service=service)) >= 2

    def comparisons(self) -> list[tuple[Board, str, list[Guarantee]]]:
        """One comparison page per board and service type with two or more current units
        (expired guarantees are not compared; drafts only in the preview, as everywhere)."""
        return [
            (board, service, self.listed(board.slug, service=service))
            for board in self.boards
            for service in self.compared_services(board.slug)
        ]

    def compared_services(self, board: str) -> list[str]:
        """The service types a board has comparison pages for, in the schema's order."""
        return [service for service in self.service_types if self.comparable(board, service)]

    @cached_property
    def service_types(self) -> list[str]:
        """Service types with at least one current guarantee, in the schema's order."""
        present = {g.service for g in self.listed()}
        return [service for service in schemas.service_types() if service in present]

    def view(self, guarantee: Guarantee) -> GuaranteeView:
        """Everything a guarantee's page and its open data show, from the guarantee and the site."""
        return GuaranteeView(
            guarantee,
            self.board_of(guarantee),
            self.settings,
            guarantee.service in self.service_types,
            self.expired(guarantee),
            self.upcoming(guarantee),
            self.approval_of(guarantee),
            self.follow_up(guarantee),
            self.comparable(guarantee.board, guarantee.service),
            self.address(guarantee),
            self.versions_of(guarantee),
            record=record.unit_view(unit, self.today) if (unit := self.unit(guarantee)) else None,
        )

    def approved_versions(self) -> list[tuple[UnitTimeline, Version]]:
        """Every approved version of every unit the site shows, each with its unit (a timeline's site only); and of
        a unit renamed since (moved), the record under its old address but the text shown there, which leads to
        the unit under its new name (pages.moved_redirects) while its archive keeps its pages."""
        shown = [(unit, version) for g in self.guarantees if (unit := self.unit(g)) for version in unit.versions]
        return shown + [
            (unit, version)
            for address in self.moved
            if (unit := self.former_unit(address))
            for version in unit.versions
            if version is not unit.shown(self.today).version
        ]

    def year_view(self, unit: UnitTimeline, version: Version) -> GuaranteeView:
        """An approved version's own page, at its year's address: as approved (its decision's board), beside
        the follow-ups that report on it; printed with the unit's address while it is the one there or the
        one to come."""
        guarantee = version.guarantee
        view = record.version_view(unit, version, self.today)
        at_unit = view.state != record.ARCHIVED  # in force or to come: it is (will be) at the unit's address
        page = record.version_page(unit, version)
        reported = unit.follow_ups_of(version)
        return GuaranteeView(
            guarantee,
            version.decision.board,
            self.settings,
            guarantee.service in self.service_types,
            False,
            guarantee.valid_from > self.today,
            version_approval(version),
            reported[-1] if reported else None,
            False,
            self.address(guarantee) if at_unit else self.absolute_url(paths.url_of(page)),
            self._in_language_order(unit.language_versions_of(version, self.today)),
            record=view,
        )

    def year_version_view(
        self, unit: UnitTimeline, version: Version, language_version: LanguageVersion
    ) -> GuaranteeView:
        """An approved text's language version, below the text's year page ("<year>/suomeksi/"): worded by it,
        as version_view words the unit's page; printed with the unit's address in the language while the text
        is (will be) at the unit's address."""
        view = self.year_view(unit, version)
        language = language_version.language
        at_unit = view.record.state != record.ARCHIVED
        page = (
            paths.version_url(version.guarantee, language)
            if at_unit
            else paths.url_of(paths.language_version_page(view.record.page, language))
        )
        return replace(
            view,
            guarantee=language_version.worded(version.guarantee),
            version=language_version,
            follow_up=None,
            address=self.absolute_url(page),
        )

    def language_year_versions(self) -> list[tuple[UnitTimeline, Version, LanguageVersion]]:
        """Every language version of every approved text (a timeline's site only), with its unit and text."""
        return [
            (unit, version, language_version)
            for unit, version in self.approved_versions()
            for language_version in self._in_language_order(unit.language_versions_of(version, self.today))
        ]

    def absent_versions(self) -> list[tuple[Guarantee, Language]]:
        """Each unit's languages without a version at its address today, in a published site: the address
        answers all the same (a page in the language says why), since a wall notice or a link may carry it."""
        if self.preview:
            return []
        return [
            (g, language)
            for g in self.guarantees
            for language in LANGUAGES
            if all(v.language != language for v in self.versions_of(g))
        ]

    def archived_in(self, guarantee: Guarantee, language: Language) -> tuple[record.VersionLink, ...]:
        """The versions in the language of the texts approved before the unit's text today, newest first (a
        timeline's site only)."""
        unit = self.unit(guarantee)
        return record.archived_in(unit, language, self.today) if unit else ()

    @staticmethod
    def _in_language_order(versions: list[LanguageVersion]) -> tuple[LanguageVersion, ...]:
        rank = {language: index for index, language in enumerate(LANGUAGES)}
        return tuple(sorted(versions, key=lambda v: rank[v.language]))

    # --- language versions -----------------------------------------------------------

    @cached_property
    def language_versions(self) -> list[LanguageVersion]:
        """Every language version of a guarantee that has a page (the preview's drafts and stale ones
        too, marked), by language, then as the guarantees are sorted."""
        order = {unit: index for index, unit in enumerate(self._pages)}
        rank = {language: index for index, language in enumerate(LANGUAGES)}
        return sorted(
            (v for v in self.corpus.language_versions if v.unit_key in self._pages),
            key=lambda v: (rank[v.language], order[v.unit_key]),
        )

    def versions_of(self, guarantee: Guarantee) -> tuple[LanguageVersion, ...]:
        """The unit's language versions the site shows, in LANGUAGES' order."""
        return tuple(self._versions_by_unit.get(guarantee.unit_key, ()))

    @cached_property
    def _versions_by_unit(self) -> dict[tuple[str, str, str], list[LanguageVersion]]:
        """Each unit's own versions (language_versions is in LANGUAGES' order): every page asks for its unit's."""
        by_unit: dict[tuple[str, str, str], list[LanguageVersion]] = {}
        for version in self.language_versions:
            by_unit.setdefault(version.unit_key, []).append(version)
        return by_unit

    def guarantee_worded(self, version: LanguageVersion) -> Guarantee:
        """The (Swedish) guarantee a language version the site shows words."""
        return self._pages[version.unit_key]

    def version_view(self, version: LanguageVersion) -> GuaranteeView:
        """A language version's page: the guarantee's view, its texts worded by the version, its own address.
        No follow-up (last year's report is the Swedish page's) and no comparison (the comparison is Swedish)."""
        guarantee = self.guarantee_worded(version)
        return replace(
            self.view(guarantee),
            guarantee=version.worded(guarantee),
            version=version,
            follow_up=None,
            comparable=False,
            address=self.absolute_url(paths.version_url(guarantee, version.language)),
        )

    def listed_versions(self, language: Language) -> list[LanguageVersion]:
        """The versions in a language of the current guarantees, for its entry page and its search."""
        current = {g.unit_key for g in self.listed()}
        return [v for v in self.language_versions if v.language == language and v.unit_key in current]

    def serving_in(self, language: str) -> list[Guarantee]:
        """The current guarantees of units that serve in a minority language ("finska")."""
        return [g for g in self.listed() if language in g.service_languages]

    def address(self, guarantee: Guarantee) -> str:
        """The guarantee page's full address: printed on the notice, in its QR code, in the open data."""
        return self.absolute_url(guarantee.url)

    def absolute_url(self, page_url: str) -> str:
        return self.settings.site_url.rstrip("/") + "/" + page_url


def version_approval(approved: Version | Decided) -> Approval:
    """The decision that approved a version (or a follow-up), as the pages and the open data name it."""
    decision = approved.decision if isinstance(approved, Version) else approved
    return Approval(decision.board.slug, decision.meeting, decision.tag, decision.commit)
