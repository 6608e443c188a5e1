"""The generated pages, each an `HtmlPage`, keyed by its MkDocs source path: `generate_pages(site)` for the
lists (boards, departments, service types, comparisons, decisions), `guarantee_pages(site)` for the
guarantees, and the language versions', languages', years' and absent texts' pages.

Pure: a `Site` in, text out. Every generated page is rendered to HTML here by its Jinja template
(templates/site/*.html.j2), names escaped by Jinja's HTML autoescaping and everything an editor wrote
rendered and sanitised by `render`, so MkDocs converts no Markdown for any of them; `headings` gives
them the ids, permalinks and table of contents Markdown pages get from the toc extension. Links are
written as the final relative addresses (the `url` of a page); tests/site/test_generated_links.py
checks that each leads to a page of the built site, which MkDocs' strict mode checks only in Markdown.
The hand-written start page stays Markdown: its generated lists are put in as HTML blocks.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import TypeVar

import jinja2
from markupsafe import Markup

from .. import fields, schemas
from ..kept import Kept
from ..languages import LANGUAGES, SWEDISH_TAG, Language
from ..model import PRESCHOOL, RESULTS, Board, Commitment, FollowUp, Guarantee, Problem
from ..wording import capitalised, count_text, date_text, kept_text, period_text
from . import headings, labels, paths, record, render, structured
from .selection import GuaranteeView, Site

_Placed = TypeVar("_Placed")  # anything with a curriculum area: a Commitment, a CommitmentResult

# How each result of a follow-up is shown: a symbol beside the words (never colour alone),
# and the CSS class that colours it.
RESULT_MARKS = {
    "uppfyllt": ("✓", "garanti-resultat--uppfyllt"),
    "delvis uppfyllt": ("◐", "garanti-resultat--delvis"),
    "inte uppfyllt": ("✗", "garanti-resultat--inte"),
}
assert tuple(RESULT_MARKS) == RESULTS, "every result of the model needs a mark"

# Markers in the hand-written start page replaced by generated lists.
START_MARKERS = {
    "<!-- garanti:nämnder -->": "start-boards.html.j2",
    "<!-- garanti:verksamheter -->": "start-services.html.j2",
}


@dataclass(frozen=True)
class HtmlPage:
    """A page rendered here rather than by MkDocs' Markdown step."""

    # The page's whole file for MkDocs, "---\ntitle: …\n---\n": it takes the title and
    # description from it and finds no Markdown to convert.
    front_matter: str
    html: str  # the page's content, headings anchored: put in by the hook
    toc: list[dict]  # table of contents tokens, as Python-Markdown's toc extension gives them

    def without_html(self) -> HtmlPage:
        """The page once its content is kept elsewhere (a full build's search source)."""
        return HtmlPage(self.front_matter, "", self.toc)


def generate_pages(site: Site, cache: Kept | None = None) -> dict[str, HtmlPage]:
    """Every list page of the site (all but the guarantees and their texts), keyed by its MkDocs source path.
    The preview passes the pages its earlier builds made (a cache), each kept while what it shows is the same."""
    if cache is None:
        pages = index_pages(site)
    else:  # a copy: the cached dict is the next build's too
        pages = dict(cache.made("index pages", lambda *_: index_pages(site), *_index_inputs(site)))
    for board, service, units in site.comparisons():
        path = paths.comparison_page(board.slug, service)

        def make(*_, board=board, service=service, units=units) -> HtmlPage:
            return comparison_page(site, board, service, units)

        pages[path] = make() if cache is None else cache.made(path, make, *_comparison_inputs(site, board, units))
    return pages


def index_pages(site: Site) -> dict[str, HtmlPage]:
    """The lists: boards, departments, service types, decisions."""
    pages: dict[str, HtmlPage] = {}
    pages[paths.boards_page()] = _list_page("boards.html.j2", site, paths.boards_page())
    for board in site.boards:
        pages[paths.board_page(board.slug)] = board_page(site, board)
        for department in board.departments:
            pages[paths.department_page(board.slug, department)] = department_page(site, board, department)
    pages[paths.services_page()] = _list_page("services.html.j2", site, paths.services_page())
    for service in site.service_types:
        pages[paths.service_page(service)] = service_page(site, service)
    pages[paths.decisions_page()] = _list_page("decisions.html.j2", site, paths.decisions_page())
    return pages


def _index_inputs(site: Site) -> tuple:
    """Everything the index pages show: the boards, the settings, and of each listed
    guarantee its name, address, department, service type, draft mark and follow-up."""
    return (
        tuple(site.boards),
        site.settings,
        tuple((g.board, g.slug, g.department, g.title, g.service, g.draft, site.follow_up(g)) for g in site.listed()),
    )


def _comparison_inputs(site: Site, board: Board, units: list[Guarantee]) -> tuple:
    """Everything a comparison page shows: its units in full, with their follow-ups."""
    return board, site.settings, tuple((g, site.follow_up(g)) for g in units)


def guarantee_pages(site: Site, cache: Kept | None = None, among: Collection[str] | None = None) -> dict[str, HtmlPage]:
    """Every guarantee's page (or those whose paths are `among`), keyed by its MkDocs source path. A page is
    made of its view alone (selection.GuaranteeView), which is what the preview's cache compares."""
    chosen = site.guarantees if among is None else [g for g in site.guarantees if paths.guarantee_page(g) in among]
    if cache is None:
        return {paths.guarantee_page(g): guarantee_page(site.view(g)) for g in chosen}
    return {paths.guarantee_page(g): cache.made(paths.guarantee_page(g), guarantee_page, site.view(g)) for g in chosen}


def guarantee_page(view: GuaranteeView) -> HtmlPage:
    guarantee, t = view.guarantee, labels.of(view.language)
    content, toc = headings.anchor_headings(guarantee_html(view), t.permalink)
    description = t.description.format(title=guarantee.title, area=view.board.display_name)
    title = (
        guarantee.title
        if view.record is None or view.record.kind == record.UNIT_PAGE
        else f"{guarantee.title}, {t.period(guarantee.valid_from, guarantee.valid_to)}"
    )
    feed = {
        "garanti_flode": paths.board_feed(guarantee.board),
        "garanti_flode_titel": f"{t.feeds_title} – {view.board.name}",
    }
    # The unit's structured data, on its page and its language versions' (not a year's): in the page's head
    # (overrides/main.html), past the sanitising of the content.
    data = (
        {structured.FRONT_MATTER_KEY: structured.text(structured.unit_data(view))}
        if view.record is None or view.record.kind == record.UNIT_PAGE
        else {}
    )
    return HtmlPage(
        front_matter(
            title=title + t.title_suffix, description=description, **_page_language(t), **feed, as_written=data
        ),
        content,
        toc,
    )


def version_pages(site: Site, cache: Kept | None = None) -> dict[str, HtmlPage]:
    """Every language version's page, keyed by its MkDocs source path; made of its view alone, as a
    guarantee's page is."""
    made = {}
    for version in site.language_versions:
        page = paths.version_page(site.guarantee_worded(version), version.language)
        view = site.version_view(version)
        made[page] = guarantee_page(view) if cache is None else cache.made(page, guarantee_page, view)
    return made


def language_pages(site: Site) -> dict[str, HtmlPage]:
    """Each language's entry page (/suomeksi/, /lattlast/) and the search page of each language with a search
    of its own, rendered here so that every word on them, the headings' permalinks too, is in the page's
    language."""
    made = {}
    for language in LANGUAGES:
        t = labels.of(language)
        page = paths.language_page(language)
        versions = [(v, site.guarantee_worded(v)) for v in site.listed_versions(language)]
        serving = [
            (g, next((v for v in site.versions_of(g) if v.language == language), None))
            for g in (site.serving_in(language.served_as) if language.served_as else [])
        ]
        context = {"site": site, "language": language, "versions": versions, "serving": serving}
        content, toc = headings.anchor_headings(_render_page("language.html.j2", page, t=t, **context), t.permalink)
        made[page] = HtmlPage(
            front_matter(title=t.entry_title, description=t.site_name, **_page_language(t)), content, toc
        )
    for language in (language for language in LANGUAGES if language.searched):
        t, page = labels.of(language), paths.search_page(language)
        content, toc = headings.anchor_headings(_render_page("language-search.html.j2", page, t=t), t.permalink)
        made[page] = HtmlPage(
            front_matter(
                title=t.search_submit,
                description=t.search_field,
                template="sok.html",
                hide=["toc"],
                **_page_language(t),
            ),
            content,
            toc,
        )
    return made


def _page_language(t: labels.Labels) -> dict[str, str]:
    """The page's language for the theme (overrides/partials/language.html), when it is not the site's."""
    return {"lang": t.tag} if t.tag != SWEDISH_TAG else {}


def _language_links(view: GuaranteeView) -> list[tuple[str, str, str]]:
    """(label, page, lang) of the text's others: the Swedish one (from a version) and each version (of an
    approved text of an earlier year: its own, below its year page)."""
    t, swedish = labels.of(view.language), _swedish_page(view)
    links = [(t.read_in_swedish, swedish, SWEDISH_TAG)] if view.version else []
    links += [
        (labels.of(v.language).own_name, paths.language_version_page(swedish, v.language), v.language.tag)
        for v in view.versions
        if v.language != view.language
    ]
    return links


def _swedish_page(view: GuaranteeView) -> str:
    """The page of the Swedish text a view shows (or words): the unit's, or an approved text's own."""
    return view.record.page if view.record else paths.guarantee_page(view.guarantee)


def _in_language(view: GuaranteeView, page: str) -> str:
    """A page of the unit's record as the view's language reads it: its version below it, or itself."""
    return paths.language_version_page(page, view.language) if view.language else page


def year_pages(site: Site) -> dict[str, HtmlPage]:
    """A page for every approved version of every unit (a published site built from its decisions) but the
    one shown at the unit's address: "<board>/<unit>/<year>/", outside the navigation like the unit's page.
    (The one shown has its address too: year_redirects.)"""
    made = {
        record.version_page(unit, version): guarantee_page(site.year_view(unit, version))
        for unit, version in site.approved_versions()
        if unit.shown(site.today).version is not version
    }
    for unit, version, language_version in site.language_year_versions():
        if unit.shown(site.today).version is not version:
            page = paths.language_version_page(record.version_page(unit, version), language_version.language)
            made[page] = guarantee_page(site.year_version_view(unit, version, language_version))
    return made


def absent_version_pages(site: Site) -> dict[str, HtmlPage]:
    """A page at a unit's address in a language whose text there has no version in it, when another of the
    unit's approved texts has one (a wall notice or a link may carry the address): in that language, saying
    why, linking the Swedish text and the earlier texts' versions in the language, and announcing the text to
    come. Not in the search (search.index_entries makes no entry for it), and marked noindex."""
    made = {}
    for guarantee, language, page, context in _absent_contexts(site, in_record=True):
        t = labels.of(language)
        html, toc = headings.anchor_headings(_absent_content(page, context), t.permalink)
        made[page] = HtmlPage(
            front_matter(
                title=f"{t.absent_title} – {guarantee.title}",
                description=t.absent_title,
                garanti_robots="noindex",
                **_page_language(t),
            ),
            html,
            toc,
        )
    return made


def absent_version_files(site: Site) -> dict[str, str]:
    """{site path: HTML} at a unit's address in a language none of its approved texts has a version in: the
    same words as absent_version_pages, as a whole page of its own outside MkDocs (absent-file.html.j2), since
    every unit has such an address: it costs a file, not a page build.

    Nearly all of them (no text announced) differ only in the unit's name: those are rendered once per
    language with a stand-in for the name, which each unit's file replaces with its name, escaped as the
    template escapes it (tests/site/test_absent_files.py compares them with the plain rendering)."""
    files: dict[str, str] = {}
    with_stand_in: dict[tuple[Language, int], str] = {}
    for guarantee, language, page, context in _absent_contexts(site, in_record=False):
        path = page.removesuffix(".md") + ".html"
        if context["announced"] is not None:
            files[path] = absent_file(page, context)
            continue
        # The page's depth: the address of the language's entry page, relative to it, depends on it.
        shape = (language, page.count("/"))
        if shape not in with_stand_in:
            with_stand_in[shape] = absent_file(page, context | {"g": replace(guarantee, title=_TITLE_STAND_IN)})
        files[path] = _named_in(with_stand_in[shape], guarantee.title)
    return files


# Stands for a unit's name in absent_version_files: no escaping changes it, and no template or label has it.
_TITLE_STAND_IN = "\x00garanti-enhetens-namn\x00"


def _named_in(rendered: str, title: str) -> str:
    """A page rendered with _TITLE_STAND_IN as the unit's name, with the unit's name in its place."""
    named = rendered.replace(_TITLE_STAND_IN, str(Markup.escape(title)))
    # A name with line breaks could make a run of blank lines _render_page would have shortened.
    return re.sub(r"\n{3,}", "\n\n", named) if "\n" in title else named


def absent_file(page: str, context: Mapping[str, object]) -> str:
    """The whole page of absent_version_files at `page`, rendered from the templates: what each unit's file
    must read."""
    t, guarantee = context["t"], context["g"]
    return _render_page(
        "absent-file.html.j2",
        page,
        t=t,
        title=f"{t.absent_title} – {guarantee.title}",
        content=Markup(_absent_content(page, context)),
    )


def _absent_content(page: str, context: Mapping[str, object]) -> str:
    return _render_page("absent.html.j2", page, **context)


def _absent_contexts(site: Site, in_record: bool) -> Iterable[tuple[Guarantee, Language, str, dict[str, object]]]:
    """(guarantee, language, page, absent.html.j2's context) of each unit's address in a language without a
    version there today (Site.absent_versions): those whose record has a version in the language (in_record),
    or the others."""
    for guarantee, language in site.absent_versions():
        unit, earlier = site.unit(guarantee), site.archived_in(guarantee, language)
        announced, announced_in = record.announcement(unit, site.today) if unit else (None, ())
        in_language = language.key in announced_in
        if bool(earlier or in_language) != in_record:
            continue
        t, page, board = labels.of(language), paths.version_page(guarantee, language), site.board_of(guarantee)
        yield (
            guarantee,
            language,
            page,
            dict(
                t=t,
                language=language,
                g=guarantee,
                approval=site.approval_of(guarantee),
                board_name=_named(board.name_in(language), board.name, t),
                earlier=earlier,
                announced=announced,
                in_language=in_language,
                announced_page=(paths.language_version_page(announced[1], language) if in_language else announced[1])
                if announced
                else None,
            ),
        )


def year_redirects(site: Site) -> dict[str, str]:
    """{site path: HTML} at the address of each version shown at its unit's: a small page (not one MkDocs
    renders: a unit with one version costs no second page) that leads to the unit's page."""
    redirects = {}
    shown = [(unit, version) for unit, version in site.approved_versions() if unit.shown(site.today).version is version]
    for unit, version in shown:
        redirects |= _redirect(
            site, record.version_page(unit, version), record.unit_page(unit), version.guarantee.title
        )
    # The same text's language versions, below its year's address, lead to the unit's in the language.
    for unit, version, language_version in site.language_year_versions():
        if (unit, version) in shown:
            redirects |= _redirect(
                site,
                paths.language_version_page(record.version_page(unit, version), language_version.language),
                paths.language_version_page(record.unit_page(unit), language_version.language),
                language_version.worded(version.guarantee).title,
                labels.of(language_version.language),
            )
    return redirects


def _redirect(site: Site, page: str, target: str, title: str, t: labels.Labels = labels.SWEDISH) -> dict[str, str]:
    return {
        page.removesuffix(".md") + ".html": _render_page(
            "redirect.html.j2",
            page,
            t=t,
            title=title,
            target=paths.relative_url(page, target),
            canonical=site.absolute_url(paths.url_of(target)),
        )
    }


def moved_redirects(site: Site) -> dict[str, str]:
    """{site path: HTML} at every earlier address of a renamed or moved unit (Site.moved) and below it: its
    language versions' ("suomeksi/") and the years of its record ("2026/"), of the new record and the old one's
    text last shown there (its archived texts keep their pages: Site.approved_versions); each leads to where
    the unit shows that now (a year's page, the version in the language), else to its page. So what a wall
    notice printed, a link or a bookmark kept still answers."""
    redirects = {}
    absent = {(g.unit_key, language) for g, language in site.absent_versions()}  # they answer too (a published site)
    for address, guarantee in site.moved.items():
        unit_page, versions = paths.guarantee_page(guarantee), {v.language: v for v in site.versions_of(guarantee)}
        now, before = site.unit(guarantee), site.former_unit(address)
        # The text the old address showed leads to the unit's page; the old record's archive keeps its pages.
        last = before.shown(site.today).version if before else None
        archived = {before.address(v) for v in before.versions if v is not last} if before else set()
        targets = {"": unit_page, **({before.address(last): unit_page} if before else {})}
        targets |= (
            {
                now.address(v): record.shown_page(now, v, site.today)
                for v in now.versions
                if now.address(v) not in archived
            }
            if now
            else {}
        )
        for below, target in targets.items():
            redirects |= _redirect(site, f"{address}{below}index.md", target, guarantee.title)
            for language in LANGUAGES:  # below a page, its version in a language (paths.version_url)
                page, version = f"{address}{below}{language.address}/index.md", versions.get(language)
                if target == unit_page and (version or (guarantee.unit_key, language) in absent):
                    title = version.worded(guarantee).title if version else guarantee.title
                    redirects |= _redirect(
                        site, page, paths.version_page(guarantee, language), title, labels.of(language)
                    )
                else:
                    redirects |= _redirect(site, page, target, guarantee.title)
    return redirects


def guarantee_html(view: GuaranteeView, standalone: bool = False) -> str:
    """A guarantee as residents see it, as HTML, in its language (a language version's view words it);
    `standalone` for a document outside the site (the board paper): no links to the site's other pages,
    no site notes."""
    guarantee, board = view.guarantee, view.board
    follow_up = None if standalone else view.follow_up
    page = _in_language(view, _swedish_page(view))
    announced = view.record.announced if view.record else None
    in_language = announced and view.language and view.language.key in view.record.announced_in
    return _render_page(
        "guarantee.html.j2",
        page,
        t=labels.of(view.language),
        version=view.version,
        languages=_language_links(view),
        g=guarantee,
        board=board,
        board_name=_named(board.name_in(view.language), board.name, labels.of(view.language)),
        department=board.departments[guarantee.department],
        department_name=_named(
            board.department_in(guarantee.department, view.language),
            board.departments[guarantee.department],
            labels.of(view.language),
        ),
        department_page=paths.department_page(board.slug, guarantee.department),
        service_page=paths.service_page(guarantee.service) if view.service_listed else None,
        groups=commitment_groups(guarantee),
        follow_up=follow_up,
        result_groups=area_groups(guarantee.service, follow_up.results) if follow_up else [],
        comparison_page=(
            paths.comparison_page(board.slug, guarantee.service)
            if not standalone and not view.expired and view.comparable
            else None
        ),
        expired=view.expired,
        upcoming=view.upcoming and not standalone,
        approval=view.approval,
        address=view.address,
        # Made for published builds only (see notice), for the unit's address (in the page's language): an
        # archived version, printed with its own page's address, has none.
        qr_code=None
        if view.settings.preview or (view.record and view.record.state == record.ARCHIVED)
        else paths.relative_url(page, paths.qr_code_of(_in_language(view, paths.guarantee_page(guarantee)))),
        standalone=standalone,
        settings=view.settings,
        record=None if standalone else view.record,
        unit_page=_in_language(view, view.record.unit_page) if view.record else None,
        announced_page=(paths.language_version_page(announced[1], view.language) if in_language else announced[1])
        if announced
        else None,
    )


def board_page(site: Site, board: Board) -> HtmlPage:
    return _list_page(
        "board.html.j2",
        site,
        paths.board_page(board.slug),
        board=board,
        departments=[
            (name, paths.department_page(board.slug, slug), site.listed(board.slug, slug))
            for slug, name in board.departments.items()
        ],
        approval=site.approval(board.slug),
        compared=site.compared_services(board.slug),
    )


def department_page(site: Site, board: Board, department: str) -> HtmlPage:
    return _list_page(
        "department.html.j2",
        site,
        paths.department_page(board.slug, department),
        board=board,
        name=board.departments[department],
        units=site.listed(board.slug, department),
        compared=site.compared_services(board.slug),
    )


def service_page(site: Site, service: str) -> HtmlPage:
    by_board = [(board, site.listed(board.slug, service=service)) for board in site.boards]
    return _list_page(
        "service.html.j2",
        site,
        paths.service_page(service),
        service=service,
        boards=[(board, units) for board, units in by_board if units],
    )


def problems_box(site: Site, problems: list[Problem]) -> str:
    """The preview's list of content problems, as `garanti check` gives them, as HTML for the top of a page."""
    return _render("problems.html.j2", site, paths.START_PAGE, problems=problems).strip()


def problem_page(site: Site, page: str, problems: list[Problem]) -> HtmlPage:
    """The preview's page in place of one a file with problems would make."""
    return _list_page("problem-page.html.j2", site, page, problems=problems)


def fill_start_page(site: Site, markdown: str) -> str:
    """The hand-written start page with its generated lists put in at the markers, as HTML blocks
    (each marker stands alone between blank lines, so Markdown passes the list through as it is)."""
    for marker, template in START_MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, _render(template, site, paths.START_PAGE))
    return markdown


def commitment_groups(guarantee: Guarantee) -> list[tuple[str | None, list[Commitment]]]:
    """Commitments under their headings: the curriculum areas in the schema's
    order for preschools (empty areas left out), else one group without heading."""
    return area_groups(guarantee.service, guarantee.commitments)


def area_groups(service: str, items: Iterable[_Placed]) -> list[tuple[str | None, list[_Placed]]]:
    """Commitments, or a follow-up's results, grouped as `commitment_groups` groups them."""
    items = list(items)
    if service != PRESCHOOL:
        return [(None, items)]
    areas = schemas.curriculum_areas()
    groups = [(area, [item for item in items if item.area == area]) for area in areas]
    unplaced = [item for item in items if item.area not in areas]
    return [(area, placed) for area, placed in groups if placed] + ([(None, unplaced)] if unplaced else [])


# --- follow-ups and comparisons ------------------------------------------------


def _kept_note(follow_up: FollowUp | None) -> str:
    """ " · 4 av 5 åtaganden uppfyllda 2025": what follows a unit's name and service type in an
    index page's list ("" without a follow-up)."""
    if follow_up is None:
        return ""
    note = f" · {kept_text(follow_up.kept, len(follow_up.results))} {follow_up.year}"
    return f"{note} (uppföljningen är ett utkast)" if follow_up.draft else note


def where(board: Board) -> str:
    """ "i Hägersten-Liljeholmen" for a district, "hos Socialnämnden" for a city-wide board."""
    return f"i {board.district}" if board.district else f"hos {board.name}"


@dataclass(frozen=True)
class ComparedUnit:
    """One column of a comparison: the unit, its latest follow-up, and what its cells list
    by curriculum area (the follow-up's results, else the guarantee's commitments)."""

    guarantee: Guarantee
    follow_up: FollowUp | None
    by_area: dict[str | None, list]


def comparison_page(site: Site, board: Board, service: str, units: list[Guarantee]) -> HtmlPage:
    page = paths.comparison_page(board.slug, service)
    columns = []
    for guarantee in units:
        follow_up = site.follow_up(guarantee)
        items = follow_up.results if follow_up else guarantee.commitments
        columns.append(ComparedUnit(guarantee, follow_up, dict(area_groups(service, items))))
    # The rows: every group any unit has something in, in area_groups' order (the schema's, then unplaced).
    areas = [area for area in [*schemas.curriculum_areas(), None] if any(c.by_area.get(area) for c in columns)]
    return _list_page(
        "comparison.html.j2",
        site,
        page,
        board=board,
        service=service,
        columns=columns,
        areas=areas,
        service_page=paths.service_page(service),
    )


def render_document(template: str, site: Site, **context) -> str:
    """A document outside the site (the board paper) from a template here, with the same filters."""
    return _render(template, site, paths.START_PAGE, **context)


# Front-matter keys the theme (overrides/main.html) prints as they are: only generated pages, whose maker made
# them safe, may have them; the hook drops them from a hand-written page's.
GENERATED_ONLY_KEYS = (structured.FRONT_MATTER_KEY, "garanti_robots")


def front_matter(as_written: Mapping[str, str] | None = None, **values: str | list[str]) -> str:
    """A front-matter block for a page MkDocs reads but does not render (a list as YAML's flow list).
    `as_written`: values the theme prints as they are, made safe for where it prints them by their maker."""
    lines = "".join(
        f"{key}: {_front_matter_text(value) if isinstance(value, str) else _front_matter_list(value)}\n"
        for key, value in values.items()
    )
    lines += "".join(f"{key}: {_yaml_string(value)}\n" for key, value in (as_written or {}).items())
    return f"---\n{lines}---\n"


def _front_matter_list(values: list[str]) -> Markup:
    return Markup("[" + ", ".join(_front_matter_text(value) for value in values) + "]")


def _front_matter_text(text: str) -> Markup:
    """A YAML (JSON) string for front matter. MkDocs' templates print page
    titles without escaping, so the title is HTML-escaped here."""
    return Markup(_yaml_string(html.escape(text)))


# What a double-quoted YAML scalar may not hold as it is: what is not printable (YAML 1.1 § 5.1) and the line
# breaks it would fold into spaces; json.dumps has escaped the C0 controls.
_NOT_YAML_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|\ufeff")


def _yaml_string(text: str) -> str:
    """`text` as a double-quoted YAML scalar (JSON). Characters above U+FFFF stay as they are: JSON would write
    them as a surrogate pair of escapes, which YAML refuses, and MkDocs then drops the whole front matter."""
    return _NOT_YAML_PRINTABLE.sub(lambda found: f"\\u{ord(found.group()):04x}", json.dumps(text, ensure_ascii=False))


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PackageLoader("garanti", "templates/site"),
                jinja2.PackageLoader("garanti", "templates/paper"),
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(
        swedish=_swedish,
        block=render.block,
        inline=render.inline,
        is_web_address=render.is_web_address,
        front_matter_text=_front_matter_text,
        where=where,
        date=date_text,
        capitalised=capitalised,
        tel=render.phone_link,
        map_address=render.map_address,
    )
    environment.globals.update(
        count=count_text,
        period=period_text,
        kept=kept_text,
        paths=paths,
        marks=RESULT_MARKS,
        swedish_link=_swedish_link,
        feed=paths.board_feed,
        page_sections=fields.page_sections,
    )
    return environment


def _render(template: str, site: Site, page: str, **context) -> str:
    """A page that lists (an index page, a comparison, the decisions): the whole site at hand."""
    return _render_page(
        template,
        page,
        site=site,
        settings=site.settings,
        kept_note=lambda guarantee: _kept_note(site.follow_up(guarantee)),
        comparable=site.comparable,
        **context,
    )


def _list_page(template: str, site: Site, page: str, **context) -> HtmlPage:
    """A page that lists, rendered to HTML: its template writes the page's front matter, then its content."""
    rendered = _render(template, site, page, **context)
    if not rendered.startswith("---\n") or "\n---\n" not in rendered[3:]:
        raise ValueError(f"{template} does not start with a front matter block")
    end = rendered.index("\n---\n", 3) + len("\n---\n")
    content, toc = headings.anchor_headings(rendered[end:].strip())
    return HtmlPage(rendered[:end], content, toc)


def _swedish(name: str, t: labels.Labels) -> Markup:
    """A Swedish name (a board's, a department's) as a page in another language shows it: marked lang="sv"."""
    if t.tag == SWEDISH_TAG:
        return Markup.escape(name)
    return Markup('<span lang="{}">{}</span>').format(SWEDISH_TAG, name)


def _named(name_in_language: str | None, swedish_name: str, t: labels.Labels) -> Markup:
    """A board's or a department's name on a page in t's language: as board.yml's names give it in that
    language, else the Swedish name, marked so on a page in another language."""
    return Markup.escape(name_in_language) if name_in_language else _swedish(swedish_name, t)


def _swedish_link(t: labels.Labels) -> Markup:
    """The attributes of a link to a Swedish page from a page in another language."""
    return Markup(f' hreflang="{SWEDISH_TAG}"') if t.tag != SWEDISH_TAG else Markup("")


def _render_page(template: str, page: str, **context) -> str:
    context.setdefault("t", labels.SWEDISH)
    text = (
        _environment()
        .get_template(template)
        .render(
            page=page,
            url=lambda target: paths.relative_url(page, target),
            **context,
        )
    )
    # Templates stay readable with generous blank lines; a page keeps at most one, as Python-Markdown's did.
    return re.sub(r"\n{3,}", "\n\n", text)
