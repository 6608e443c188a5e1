"""The MkDocs side of the site: the files the hook hands MkDocs, and what one
`mkdocs serve` does from build to build (the hook, hooks/garanti_site.py, only
passes MkDocs' events on to here).

What the preview keeps, and why, is in garanti.site.preview; this module puts
it to work on MkDocs' objects: it tells MkDocs' dirty build which pages changed
(`ServeSession.add_files`), gives pages that are not read again the titles the
navigation showed last time, removes the pages that are gone, makes the search
index after the page is served, and forgets what a failed build was to render.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Hashable, Iterator
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..site.build import GeneratedFile, SiteBuild
from ..site.preview import Changes, LatestOnly, PreviewCache
from ..site.search import IndexRun
from ..site.speed import PreviewCollector, Speed


class GeneratedPage(File):
    """A file the site generates. MkDocs' dirty build renders a page again when its file says
    `is_modified()`, which for generated files is always; the preview says when it really is."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed


class RenderedPage(Page):
    """A page whose HTML garanti.site makes (a guarantee), so that MkDocs converts no Markdown
    for it: MkDocs would make a Markdown converter of its own for each page, a millisecond
    each for thousands of empty pages. The content is put in by the hook (on_page_content);
    the table of contents and the anchors other pages may link to come from here."""

    def __init__(self, file: File, config: MkDocsConfig, toc: list[dict]) -> None:
        super().__init__(None, file, config)
        self._toc_tokens = toc

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""
        self.toc = get_toc(self._toc_tokens)
        self.present_anchor_ids = set(_anchors(self._toc_tokens))


def name_as_configured(configured: list | None, files: Files) -> None:
    """Each generated page in the navigation named as the configured navigation names it, as MkDocs names
    a page it makes itself: for a file that has its page already (a RenderedPage), MkDocs' navigation takes
    that page without giving it the entry's title, and the page would be named by its front matter."""
    for title, path in _titled_entries(configured or []):
        file = files.get_file_from_path(path)
        if file is not None and isinstance(file.page, RenderedPage):
            file.page.title = title


def _titled_entries(items: list) -> Iterator[tuple[str, str]]:
    """(title, source path) of each entry of mkdocs.yml's nav (as navigation.expand fills it) that names a page."""
    for item in items:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    yield title, value
                elif isinstance(value, list):
                    yield from _titled_entries(value)


def _anchors(tokens: list[dict]) -> Iterator[str]:
    for token in tokens:
        yield token["id"]
        yield from _anchors(token["children"])


def mkdocs_file(config: MkDocsConfig, generated: GeneratedFile) -> GeneratedPage:
    """MkDocs' file for a generated one; pages outside the navigation are reached through the index pages."""
    inclusion = InclusionLevel.UNDEFINED if generated.in_nav else InclusionLevel.NOT_IN_NAV
    if generated.source is not None:
        return GeneratedPage.generated(config, generated.path, abs_src_path=str(generated.source), inclusion=inclusion)
    file = GeneratedPage.generated(config, generated.path, content=generated.content, inclusion=inclusion)
    if generated.toc is not None:
        RenderedPage(file, config, generated.toc)  # MkDocs keeps a file's page (file.page) and uses it
    return file


def add_files(files: Files, config: MkDocsConfig, build: SiteBuild) -> Files:
    """The generated files beside the hand-written ones in docs/ (every build but a dirty preview)."""
    for generated in build.files():
        files.append(mkdocs_file(config, generated))
    return files


def theme_environment(env: jinja2.Environment, templates: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """The Jinja environment MkDocs renders the pages in: with the preview's compiled templates
    (kept from build to build)."""
    if templates is not None:
        env.bytecode_cache = templates
    return env


class DirtyNotice(logging.Filter):
    """MkDocs warns on every dirty build that its navigation may be stale, and strict mode
    counts the warning as a failure; the preview renders again what changed, so it is dropped."""

    LOGGER = "mkdocs.commands.build"

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def layout(config: MkDocsConfig) -> Hashable:
    """What every page shows besides its own content: the navigation, mkdocs.yml and the
    theme's templates in the project (overrides/). When it changes, every page is rendered again."""
    return repr(config.nav), os.stat(config.config_file_path).st_mtime_ns, templates_stamp(config.theme.custom_dir)


def templates_stamp(folder: str | None) -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of every file below folder: a saved template changes it."""
    if not folder:
        return ()
    stamp = []
    for parent, _folders, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            try:
                found = os.stat(path)
            except FileNotFoundError:  # removed while we looked; the next save sees the rest
                continue
            stamp.append((os.path.relpath(path, folder), found.st_mtime_ns, found.st_size))
    return tuple(sorted(stamp))


class ServeSession:
    """One `mkdocs serve`, from its first build to its shutdown. With `dirty` (./scripts/preview),
    each build renders again only the pages whose content, or whose layout, changed."""

    def __init__(self, dirty: bool, speed: Speed | None = None) -> None:
        self.cache = PreviewCache()
        self.changes = Changes() if dirty else None
        self._search = LatestOnly()
        self._index_run: IndexRun | None = None  # the search index being made, on the background thread
        self._collector = PreviewCollector(speed or Speed())
        self._notice = DirtyNotice()
        if self.changes:
            logging.getLogger(DirtyNotice.LOGGER).addFilter(self._notice)

    def start(self, config: MkDocsConfig) -> None:
        """A build begins, its configuration (with the navigation) made. The search index still
        being made of the last build is out of date: it is cancelled rather than left to take the
        processor from this build (Pagefind takes seconds at thousands of guarantees, and an
        editor saves again sooner); the build makes a new one when it is served."""
        if self._index_run is not None:
            self._index_run.cancel()
        if self.changes:
            self.changes.start(layout(config))

    def add_files(self, files: Files, config: MkDocsConfig, build: SiteBuild) -> Files:
        """The generated files, each marked changed or not. A file made of the same as last time
        is the same object: MkDocs keeps on it the page it made, so nothing is made again."""
        if not self.changes:
            return add_files(files, config, build)
        for generated in build.files():
            made_of = (generated.content, generated.in_nav, generated.toc, generated.source)
            files.append(
                self.changes.file(generated.path, made_of, lambda generated=generated: mkdocs_file(config, generated))
            )
        for file in files.documentation_pages():
            self._mark_changed(file, build)
        return files

    def _mark_changed(self, file: File, build: SiteBuild) -> None:
        """Generated pages are changed when what they are made from changed, hand-written ones
        also when their file did (MkDocs' own test: newer than its output)."""
        source = build.page_source(file.src_uri)
        if isinstance(file, GeneratedPage):
            file.changed = self.changes.changed(file.src_uri, source)
        else:
            changed = self.changes.changed(file.src_uri, source) or File.is_modified(file)
            file.is_modified = lambda: changed
        self.changes.written(file.src_uri, file.abs_dest_path)

    def restore_titles(self, nav: Navigation) -> None:
        """Pages not read again keep the titles the navigation showed last time (MkDocs takes
        a page's title from its content, which it reads only for pages it renders)."""
        if not self.changes:
            return
        for page in nav.pages:
            title = self.changes.titles.get(page.file.src_uri)
            if title is not None and not page.file.is_modified():
                page.title = title

    def rendered(self, page: Page) -> None:
        if self.changes:
            self.changes.titles[page.file.src_uri] = page.title

    def built(self, build: SiteBuild, site_dir: Path) -> None:
        """The site is written: the left-over pages go, and the search catches up right after,
        followed by the collector's full pass (site.speed.PreviewCollector)."""
        if self.changes:
            self.changes.finish()
        self._collector.built()
        index = build.search_index_job(site_dir, started=self._index_started)

        def after_serving() -> None:
            if index():  # not when cancelled: a build is under way, and the pass would stop it
                self._collector.after_serving()

        self._search.submit(after_serving)

    def _index_started(self, run: IndexRun) -> None:
        self._index_run = run

    def failed(self) -> None:
        if self.changes:
            self.changes.forget()

    def close(self) -> None:
        """The server stops: the search index being made is cancelled and waited for (MkDocs then
        deletes the site folder), and MkDocs' warnings are its own again."""
        if self._index_run is not None:
            self._index_run.cancel()
        self._search.close()
        self.cache.search.remove()
        self._collector.close()
        logging.getLogger(DirtyNotice.LOGGER).removeFilter(self._notice)
