"""One site build, everything the MkDocs hook needs, without MkDocs: the build's stages, in order.

`SiteBuild.load` decides once what the build is (`Mode`: the preview, a publication, a plain build)
and runs the stages before MkDocs renders a page, each a function below it:

  1. `load_and_check`: the content tree checked (the same messages as `garanti check`; a problem
     refuses the build but in the preview), or a publication's decisions read;
  2. `decide_what_is_published`: the `Site` (site.selection);
  3. `make_pages_rendered_here` (the guarantees' pages) and `make_index_pages` (the lists), all HTML;
  4. `make_data_files`: open data, feeds, redirects, the form's configuration;
  5. `index_for_search` (a full build): the content of the pages the search finds, written for Pagefind;
  6. MkDocs writes the site, given by the hook what `SiteBuild` hands it: `start_search` (Pagefind
     begins on stage 5's files), `files` and `nav`, each page's content (`page_markdown`,
     `page_content`, `stored_content`), and after it wrote, `finish_search` (the index put in the site).

The devices that make it faster without changing what it makes (the second core, stored content,
the garbage collector, shared navigation) are in site.speed, with the switch that turns them off.

The preview (`mkdocs serve`) passes a `PreviewCache`, kept while it runs: only
changed files are checked again, only changed guarantees rendered again, and
problems do not stop the build. The site is built from what is valid, and the
problems are shown in the browser: listed on the start page and on the page of
each file they are in (see `problem_pages`).

mkdocs.yml's extra.garanti_map_link (the hook passes it): the map service the city
chose for addresses, "https://…{adress}…"; unset, addresses are plain text.

Environment:
    GARANTI_APPROVALS  path of the approvals file written by `garanti publish`;
                       unset means preview (banner, drafts shown). Its decisions name the
                       folders their approved content is staged in (site.approved): those are
                       the only content, and the tree's guarantees/ is never read; a file that
                       approves boards without such folders (written by hand) is refused.
    GARANTI_TODAY      YYYY-MM-DD: the day expiry is judged on (default: today).
    GARANTI_ENKEL_BYGGNAD  1: every speed device off (site.speed), the same site made plainly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from .. import publication as publication_file
from ..content import check_tree
from ..dates import today
from ..errors import Refusal
from ..kept import Kept
from ..layout import BOARD_FILE, CONTENT_DIR, is_slug, taken_addresses
from ..model import Corpus, Problem
from ..publication import APPROVALS_VARIABLE
from ..timeline import Timeline
from . import approved, catalog, feeds, form, navigation, notice, opendata, paths, render, search
from .pages import (
    START_MARKERS,
    HtmlPage,
    absent_version_files,
    absent_version_pages,
    fill_start_page,
    generate_pages,
    guarantee_pages,
    language_pages,
    moved_redirects,
    problem_page,
    problems_box,
    version_pages,
    year_pages,
    year_redirects,
)
from .preview import PreviewCache
from .selection import DEFAULT_SITE_URL, Settings, Site
from .speed import ContentForMkDocs, Speed


@dataclass(frozen=True)
class GeneratedFile:
    path: str  # below the docs directory, e.g. "hagersten-liljeholmen/index.md"
    content: str
    in_nav: bool  # False: reachable from index pages only (guarantee pages)
    # A page whose HTML is made here (every generated page): its table of contents. MkDocs
    # converts no Markdown for it: the content is put in by page_content.
    toc: list[dict] | None = None
    source: Path | None = None  # a file taken as it is (the form's Node packages): content is ""


class Mode(Enum):
    """What a build is, decided once (`Mode.of`); the rest follows from it."""

    PREVIEW = "preview"  # mkdocs serve: a PreviewCache kept between builds; problems shown, not refused
    PUBLISHED = "published"  # garanti publish: the approved content of the decisions' staged folders
    PLAIN = "plain"  # mkdocs build of the working tree (the drafts shown, as a preview)

    @classmethod
    def of(cls, settings: Settings, preview: PreviewCache | None) -> Mode:
        if settings.publication is not None:
            return cls.PUBLISHED
        return cls.PREVIEW if preview is not None else cls.PLAIN


@dataclass
class SiteBuild:
    site: Site
    pages: dict[str, HtmlPage]  # the lists (generate_pages), in the navigation but for the comparisons
    html_pages: dict[str, HtmlPage]  # the guarantees and their texts' pages, outside the navigation
    data_files: dict[str, str]
    search_entries: dict[str, search.IndexEntry]  # the pages the search finds, by source path
    # What Pagefind reads of those pages, written as they are rendered (the preview's is kept between builds).
    search_source: search.IndexSource
    problems: list[Problem] = field(default_factory=list)  # only in a preview, which shows them
    problem_pages: dict[str, HtmlPage] = field(default_factory=dict)  # in place of pages not built
    copied: list[form.CopiedFile] = field(default_factory=list)  # the form's Decap CMS and yaml library
    speed: Speed = field(default_factory=Speed)
    # A full build: the content of the pages the search finds, written for it before MkDocs renders the pages.
    _for_mkdocs: ContentForMkDocs | None = None
    _search_run: search.IndexRun | None = None  # a full build's Pagefind, at work while MkDocs renders

    @classmethod
    def load(
        cls,
        root: Path,
        docs_dir: Path,
        site_url: str | None,
        environ: Mapping[str, str],
        preview: PreviewCache | None = None,
        map_link: object = None,
        form_backend: Mapping | None = None,
        open_data_contact: object = None,
        full_build: bool = False,
        open_data_publisher: object = None,
    ) -> SiteBuild:
        """Every stage before MkDocs renders the pages, in order. `map_link` is the city's map service
        for addresses (mkdocs.yml: extra.garanti_map_link), `form_backend` where the editors' form saves
        when published (mkdocs.yml: extra.redigera), `open_data_contact` the data catalog's contact point
        (extra.garanti_open_data_contact), `open_data_publisher` its publisher (extra.garanti_open_data_publisher).
        `full_build`: `mkdocs build`, which writes the search's source before MkDocs renders (stage 5);
        without it (the preview, the tests) each page is written for the search as MkDocs renders it."""
        # What the build is, decided once.
        settings = settings_from(environ, site_url, map_link, open_data_contact, open_data_publisher)
        mode, speed = Mode.of(settings, preview), Speed.of(environ)
        made = preview.pages if preview else None  # what earlier builds of the preview made
        addresses = taken_addresses(docs_dir)

        # 1. Load and check, 2. decide what is published.
        site, problems = decide_what_is_published(load_and_check(mode, root, settings, preview, addresses), settings)
        editing = form.FormSettings.of(form_backend, environ, preview=site.preview, root=root)
        entries = search.index_entries(site)
        source = preview.search if preview else search.IndexSource()
        for_mkdocs = ContentForMkDocs(source, speed) if full_build else None

        # 3. Make the pages, 4. make the data files, 5. index for search (a full build: the content of
        # the pages the search finds, written for Pagefind as each page is made). A build that forks
        # (site.speed: the second core) makes a share of the guarantees' pages, the index pages and
        # the data files there, and puts the pages back in their order.
        order = [paths.guarantee_page(g) for g in site.guarantees]
        forks = speed.forks(full_build)
        theirs = speed.second_cores_share(order, entries) if forks else set()

        def made_here() -> dict[str, HtmlPage]:
            pages = make_pages_rendered_here(site, made, among=set(order) - theirs if theirs else None)
            return pages if for_mkdocs is None else index_for_search(pages, entries, source, for_mkdocs)

        def made_elsewhere() -> tuple[dict[str, HtmlPage], dict[str, HtmlPage], dict[str, str]]:
            guarantees = guarantee_pages(site, made, theirs) if theirs else {}
            if for_mkdocs is not None:
                guarantees = index_for_search(guarantees, entries, source, for_mkdocs)
            return guarantees, make_index_pages(site, made), make_data_files(site, made, editing)

        here, (elsewhere, pages, data_files) = speed.on_two_cores(made_here, made_elsewhere, fork=forks)
        if theirs:
            for_mkdocs.added_elsewhere(theirs)
        html_pages = speed.in_site_order(order, here, elsewhere)

        # 6. MkDocs writes the site (the methods below, called by the hook).
        return cls(
            site,
            pages,
            html_pages,
            data_files,
            entries,
            source,
            problems,
            problem_pages=problem_pages(site, problems, taken=set(pages) | set(html_pages), addresses=addresses),
            copied=form.copied_files(editing),
            speed=speed,
            _for_mkdocs=for_mkdocs,
        )

    @property
    def preview(self) -> bool:
        return self.site.preview

    @property
    def feed(self) -> str | None:
        """The site's Atom feed of decisions (site path), if the build has feeds: pages link to it."""
        return feeds.SITE_FEED if feeds.SITE_FEED in self.data_files else None

    # --- Stage 6: MkDocs writes the site, given the files, the navigation and each page's content

    def start_search(self) -> None:
        """A full build, before MkDocs renders the pages: Pagefind starts on what load wrote for the
        search, to index it while MkDocs renders the site."""
        if self.search_entries:
            self._search_run = search.IndexRun(self.search_source.folder)

    def files(self) -> Iterator[GeneratedFile]:
        """The files handed to MkDocs, beside the hand-written ones in docs/."""
        for path, page in self.pages.items():  # comparison pages: linked from index pages, too many for the nav
            yield GeneratedFile(path, page.front_matter, in_nav=not paths.is_comparison_page(path), toc=page.toc)
        for path, page in self.html_pages.items():
            yield GeneratedFile(path, page.front_matter, in_nav=False, toc=self.page_toc(path))
        for path, content in self.data_files.items():
            yield GeneratedFile(path, content, in_nav=False)
        for path, page in self.problem_pages.items():
            yield GeneratedFile(path, page.front_matter, in_nav=False, toc=page.toc)
        for copied in self.copied:
            yield GeneratedFile(copied.path, "", in_nav=False, source=copied.source)

    def nav(self, configured: list | None) -> list | None:
        return navigation.expand(configured, self.site)

    def page_markdown(self, path: str, markdown: str) -> str:
        """The hand-written start page, the one page of ours MkDocs converts, with its lists filled in."""
        return fill_start_page(self.site, markdown) if path == paths.START_PAGE else markdown

    def page_content(self, path: str, html: str) -> str:
        """Generated pages (and the start page's lists) pass the last sanitising fence;
        pages rendered here take the place of what MkDocs made of their empty Markdown."""
        if self._for_mkdocs is not None and path in self._for_mkdocs:
            return self._for_mkdocs.converted(path)  # made and written for the search in load
        if path in self.html_pages:
            return self._guarantee_content(path)
        listed = self.pages.get(path) or self.problem_pages.get(path)
        if listed is not None:
            return render.clean_page(listed.html)
        if path == paths.START_PAGE:  # a preview's problems are listed at its top
            return render.clean_page(f"{problems_box(self.site, self.problems)}\n{html}" if self.problems else html)
        return html

    def _guarantee_content(self, path: str) -> str:
        """A guarantee page's content: sanitised, and if the search finds it, marked and handed to the search."""
        entry = self.search_entries.get(path)
        if entry is None:
            return render.clean_page(self.html_pages[path].html)
        return written_for_search(path, self.html_pages[path], entry, self.search_source)

    def stored_content(self, path: str) -> str | None:
        """A full build: the content of a page that is stored until MkDocs writes it (site.speed.ContentForMkDocs),
        read back for MkDocs to write the page with (None for other pages)."""
        return self._for_mkdocs.written(path) if self._for_mkdocs is not None else None

    def lets_go_of_content(self, path: str) -> bool:
        """Whether MkDocs lets go of a page's content once the page is written (stored content: nothing
        reads it again)."""
        return self._for_mkdocs is not None and self._for_mkdocs.let_go and path in self.html_pages

    def finish_search(self, site_dir: Path) -> None:
        """After MkDocs has written the site (a full build): the search index started by
        start_search, put in the site when Pagefind is done."""
        try:
            if self._search_run is not None:
                self._search_run.finish(site_dir)
        finally:
            self.search_source.remove()

    def stop_search(self) -> None:
        """A full build failed: Pagefind is stopped, and what the search was given removed."""
        if self._search_run is not None:
            self._search_run.stop()
        self.search_source.remove()

    # --- The preview's own

    def search_index_job(
        self, site_dir: Path, started: Callable[[search.IndexRun], None] = lambda run: None
    ) -> Callable[[], bool]:
        """The preview's search index over the pages it has rendered: made on a thread of its own
        after the page is served. The pages it indexes are settled here, on the thread that built
        them (the next build writes the pages it renders again while the job may still run).
        `started` is given the Pagefind run, so that a new build can cancel it. The job says
        whether the index was put in the site."""
        self.search_source.keep_only(self.search_entries)
        if not self.search_entries:
            # Nothing current to find. Pagefind would index every page instead;
            # without an index the search page says the search could not start.
            return lambda: True
        folder = self.search_source.folder

        def job() -> bool:
            run = search.IndexRun(folder)
            started(run)
            return run.finish(site_dir)

        return job

    def page_source(self, path: str) -> object:
        """What a page is made from here, besides its own file (None if nothing): the
        preview renders a page again only when this changed since its last build."""
        if path in self.html_pages:
            return self.html_pages[path], self.search_entries.get(path)
        if path == paths.START_PAGE:
            return fill_start_page(self.site, "".join(START_MARKERS)), tuple(self.problems)
        return self.pages.get(path, self.problem_pages.get(path))

    def page_toc(self, path: str) -> list[dict] | None:
        """Table of contents tokens (Python-Markdown's toc shape) of a page rendered here, else None."""
        page = self.html_pages.get(path)
        return page.toc if page else None


# --- Stages 1 to 5, in the order load runs them


@dataclass(frozen=True)
class Checked:
    corpus: Corpus
    timeline: Timeline | None  # a publication: the decisions' content over time
    problems: list[Problem]


def load_and_check(
    mode: Mode, root: Path, settings: Settings, preview: PreviewCache | None, addresses: Collection[str]
) -> Checked:
    """Stage 1: the content read and checked. Published, it is the decisions' staged folders, never the
    tree's guarantees/ (an approvals file written by hand would otherwise publish the working tree).
    Otherwise the tree is checked, and a problem stops the build, but in the preview, which shows it."""
    if mode is Mode.PUBLISHED:
        if settings.publication.approvals and not settings.publication.staged:
            raise Refusal(
                f"Filen med fastställelser ({APPROVALS_VARIABLE}) nämner inga mappar med fastställt innehåll. "
                "En publicerad webbplats byggs bara av garanti publish, av innehållet i godkännandetaggarna."
            )
        return Checked(Corpus(), approved.timeline(root, settings.publication, addresses), [])
    result = check_tree(root, cache=preview.loads if mode is Mode.PREVIEW else None, taken=addresses)
    if result.problems and mode is not Mode.PREVIEW:
        raise Refusal(
            f"Webbplatsen byggs inte: innehållet har {len(result.problems)} fel. Rätta felen nedan (samma "
            'besked som "garanti check" ger) och bygg igen.',
            result.problems,
        )
    return Checked(result.corpus, None, result.problems)


def decide_what_is_published(checked: Checked, settings: Settings) -> tuple[Site, list[Problem]]:
    """Stage 2: what the site shows (site.selection): published, each unit's approved version in force;
    otherwise the tree without the files with problems, and without a board named like the site's own pages."""
    return Site(checked.corpus, settings, checked.timeline), checked.problems


def make_pages_rendered_here(
    site: Site, made: Kept | None, among: Collection[str] | None = None
) -> dict[str, HtmlPage]:
    """Stage 3, the pages whose HTML is made here: the guarantees' (those `among`, if given), their
    versions', languages' and years', and the units' with no version now."""
    return (
        guarantee_pages(site, made, among)
        | version_pages(site, made)
        | language_pages(site)
        | year_pages(site)
        | absent_version_pages(site)
    )


def make_index_pages(site: Site, made: Kept | None) -> dict[str, HtmlPage]:
    """Stage 3, the lists: the index pages, comparisons and decisions."""
    return generate_pages(site, made)


def make_data_files(site: Site, made: Kept | None, editing: form.FormSettings) -> dict[str, str]:
    """Stage 4: every file besides the pages: open data, notices, the search's word lists, the form's
    configuration, feeds, the data catalog, redirects."""
    return (
        opendata.files(site, made)
        | notice.files(site)
        | search.data_files(site)
        | form.files(site, editing)
        | feeds.files(site)
        | catalog.files(site)
        | year_redirects(site)
        | moved_redirects(site)
        | absent_version_files(site)
    )


def index_for_search(
    pages: dict[str, HtmlPage],
    entries: Mapping[str, search.IndexEntry],
    source: search.IndexSource,
    for_mkdocs: ContentForMkDocs,
) -> dict[str, HtmlPage]:
    """Stage 5 (a full build): the content of the pages the search finds, written for Pagefind and
    kept for MkDocs (for_mkdocs). The pages to hand MkDocs are returned."""
    return {
        path: page
        if path not in entries
        else for_mkdocs.add(path, page, written_for_search(path, page, entries[path], source))
        for path, page in pages.items()
    }


def written_for_search(path: str, page: HtmlPage, entry: search.IndexEntry, source: search.IndexSource) -> str:
    """A page the search finds: its content sanitised, marked for the search, and written for Pagefind."""
    indexed = search.indexed(render.clean_page(page.html), entry)
    source.add(path, indexed, entry.language)
    return indexed


def settings_from(
    environ: Mapping[str, str],
    site_url: str | None,
    map_link: object = None,
    open_data_contact: object = None,
    open_data_publisher: object = None,
) -> Settings:
    approvals = environ.get(APPROVALS_VARIABLE, "").strip()
    publication = publication_file.load(Path(approvals)) if approvals else None
    return Settings(
        today=today(environ),
        site_url=site_url or DEFAULT_SITE_URL,
        publication=publication,
        map_link=_map_link(map_link),
        open_data_contact=_open_data_contact(open_data_contact),
        **_open_data_publisher(open_data_publisher),
    )


MAP_LINK_SETTING = "garanti_map_link"  # under extra: in mkdocs.yml
FORM_SETTING = "redigera"  # under extra: in mkdocs.yml: where the editors' form saves when published
ADDRESS_PLACE = "{adress}"


def _map_link(value: object) -> str | None:
    """The map service from mkdocs.yml (extra.garanti_map_link): an https address with
    {adress} where the address goes. Unset (the default): addresses get no map link."""
    if value is None or value == "":
        return None
    if not (
        isinstance(value, str)
        and value.startswith("https://")
        and value.count(ADDRESS_PLACE) == 1
        and not any(character.isspace() or character in "<>\"'" for character in value)
    ):
        raise Refusal(
            f"mkdocs.yml: extra.{MAP_LINK_SETTING} ska vara en webbadress som börjar med https:// och har "
            f"{ADDRESS_PLACE} där adressen ska stå, till exempel https://karta.example.se/?q={ADDRESS_PLACE}. "
            "Ta bort raden om adresserna inte ska länka till en karta."
        )
    return value


OPEN_DATA_CONTACT_SETTING = "garanti_open_data_contact"  # under extra: in mkdocs.yml
_EMAIL = re.compile(r"\A[^@\s<>\"']++@[^@\s<>\"']++\Z")  # \A: a search tries one start only


def _open_data_contact(value: object) -> tuple[str, str] | None:
    """The open data's contact point from mkdocs.yml (extra.garanti_open_data_contact: name and email),
    named in the data catalog; unset, the catalog names none."""
    if value is None:
        return None
    if (
        isinstance(value, dict)
        and set(value) == {"name", "email"}
        and isinstance(value["name"], str)
        and value["name"].strip()
        and isinstance(value["email"], str)
        and _EMAIL.fullmatch(value["email"])
    ):
        return value["name"].strip(), value["email"]
    raise Refusal(
        f"mkdocs.yml: extra.{OPEN_DATA_CONTACT_SETTING} ska ha ett namn (name) och en e-postadress (email), "
        "till exempel name: Stockholms stad, öppna data och email: oppnadata@stockholm.se. "
        "Ta bort inställningen om katalogen över öppna data inte ska ha någon kontaktuppgift."
    )


OPEN_DATA_PUBLISHER_SETTING = "garanti_open_data_publisher"  # under extra: in mkdocs.yml
_ORGANISATION_NUMBER = re.compile(r"\A(\d{6})-?(\d{4})\Z")


def _open_data_publisher(value: object) -> dict[str, tuple[str, str]]:
    """The open data's publisher from mkdocs.yml (extra.garanti_open_data_publisher: name and
    organisation number, its check digit right); unset, Settings' own (Stockholms stad)."""
    if value is None:
        return {}
    if (
        isinstance(value, dict)
        and set(value) == {"name", "organisation_number"}
        and isinstance(value["name"], str)
        and value["name"].strip()
        and isinstance(value["organisation_number"], str)
    ):
        number = _ORGANISATION_NUMBER.fullmatch(value["organisation_number"].strip())
        if number and _luhn_valid(number[1] + number[2]):
            return {"open_data_publisher": (value["name"].strip(), number[1] + number[2])}
    raise Refusal(
        f"mkdocs.yml: extra.{OPEN_DATA_PUBLISHER_SETTING} ska ha ett namn (name) och ett giltigt organisationsnummer "
        "(organisation_number), till exempel name: Stockholms stad och organisation_number: 212000-0142. "
        "Ta bort inställningen för att använda Stockholms stad."
    )


def _luhn_valid(digits: str) -> bool:
    """A Swedish organisation number's last digit checks the other nine (the Luhn algorithm)."""
    total = sum(int(d) * (2 - i % 2) // 10 + int(d) * (2 - i % 2) % 10 for i, d in enumerate(digits[:9]))
    return (10 - total % 10) % 10 == int(digits[9])


def problem_pages(
    site: Site, problems: list[Problem], taken: set[str], addresses: Collection[str] = ()
) -> dict[str, str]:
    """In a preview with problems, a page in place of each page a problem keeps from being built:
    whoever saved a broken file sees its problems where its page was. Never below one of the
    site's own addresses (a board folder named "om" must not replace the page /om/)."""
    by_page: dict[str, list[Problem]] = {}
    for problem in problems:
        page = _page_of(problem.path)
        if page and page not in taken and page.split("/", 1)[0] not in addresses:
            by_page.setdefault(page, []).append(problem)
    return {page: problem_page(site, page, found) for page, found in by_page.items()}


def _page_of(source: str) -> str | None:
    """The page a content file makes (guarantees/B/board.yml -> B/index.md,
    guarantees/B/D/U.md -> B/U/index.md); None for other files and names that are not slugs."""
    parts = source.split("/")
    if len(parts) == 3 and parts[0] == CONTENT_DIR and parts[2] == BOARD_FILE and is_slug(parts[1]):
        return paths.board_page(parts[1])
    if len(parts) == 4 and parts[0] == CONTENT_DIR and parts[3].endswith(".md"):
        board, unit = parts[1], parts[3].removesuffix(".md")
        if is_slug(board) and is_slug(unit) and is_slug(parts[2]):
            return paths.unit_page(board, unit)
    return None


def preview_notice(problems: list[Problem]) -> str:
    return (
        f"Förhandsgranskningen visar innehållet utan filerna med fel: {len(problems)} fel. "
        'Rätta felen nedan (samma besked som "garanti check" ger) och spara igen.\n' + "\n".join(map(str, problems))
    )
