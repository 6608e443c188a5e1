"""MkDocs hook: hands MkDocs the pages that garanti.site generates.

Thin on purpose: every decision lives in the garanti package (garanti.site.build,
and garanti.site.preview for what `mkdocs serve` keeps between builds), which is
tested without MkDocs. This file only maps MkDocs' events onto it.
(Not named garanti.py: MkDocs puts hooks/ first on sys.path while loading a
hook, and the hook would then shadow the garanti package.)
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import get_toc

from garanti.schemas import BrokenInstallation
from garanti.site.build import BuildRefused, SiteBuild, preview_notice
from garanti.site.preview import Changes, LatestOnly, PreviewCache

# Outside MkDocs' own loggers, so that strict mode does not count it as a warning.
_log = logging.getLogger("garanti.preview")

_build: SiteBuild | None = None
# MkDocs loads this module once per process: in `mkdocs serve` these live from save to save.
_preview: PreviewCache | None = None  # serve: problems shown, not refused; files and pages cached
_changes: Changes | None = None  # serve --dirty: which pages to render again
_search = LatestOnly()  # serve: the search index is made after the page is served


class _PreviewFile(File):
    """A page that `mkdocs serve --dirty` renders again only when the preview says it changed."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed


class _DirtyNotice(logging.Filter):
    """MkDocs warns on every dirty build that its navigation may be stale, and strict mode
    counts the warning as a failure; the preview renders again what changed, so it is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def on_startup(command, dirty):
    global _preview, _changes
    _preview = PreviewCache() if command == "serve" else None
    _changes = Changes() if command == "serve" and dirty else None
    if _changes:
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())


def on_config(config):
    global _build
    root = Path(config.config_file_path).resolve().parent
    try:
        _build = SiteBuild.load(root, Path(config.docs_dir), config.site_url, os.environ, _preview)
    except (BuildRefused, BrokenInstallation) as refusal:
        raise PluginError(str(refusal)) from None
    if _build.problems:
        _log.warning(preview_notice(_build.problems))
    config.nav = _build.nav(config.nav)
    config.extra["garanti_preview"] = _build.preview
    if _changes:
        _changes.start((repr(config.nav), os.stat(config.config_file_path).st_mtime_ns))
    return config


def on_files(files, config):
    for generated in _build.files():
        inclusion = InclusionLevel.UNDEFINED if generated.in_nav else InclusionLevel.NOT_IN_NAV

        def make(generated=generated, inclusion=inclusion):
            return _PreviewFile.generated(config, generated.path, content=generated.content, inclusion=inclusion)

        files.append(_changes.file(generated.path, (generated.content, inclusion), make) if _changes else make())
    if _changes:
        for file in files.documentation_pages():
            _mark_changed(file)
    return files


def _mark_changed(file: File) -> None:
    """Tell MkDocs' dirty build whether to render the page: generated pages when what they
    are made from changed, hand-written ones also when their file did (MkDocs' own test)."""
    source = _build.page_source(file.src_uri)
    if isinstance(file, _PreviewFile):
        file.changed = _changes.changed(file.src_uri, source)
    else:
        changed = _changes.changed(file.src_uri, source) or File.is_modified(file)
        file.is_modified = lambda: changed
    _changes.written(file.src_uri, file.abs_dest_path)


def on_nav(nav, config, files):
    if _changes:  # pages not read again keep the titles the navigation showed last time
        for page in nav.pages:
            title = _changes.titles.get(page.file.src_uri)
            if title is not None and not page.file.is_modified():
                page.title = title
    return nav


def on_env(env, config, files):
    if _preview:
        env.bytecode_cache = _preview.templates
    return env


def on_page_markdown(markdown, page, config, files):
    return _build.page_markdown(page.file.src_uri, markdown)


def on_page_content(html, page, config, files):
    # Guarantee pages skip the Markdown step, so their table of contents comes from us.
    tokens = _build.page_toc(page.file.src_uri)
    if tokens is not None:
        page.toc = get_toc(tokens)
    if _changes:
        _changes.titles[page.file.src_uri] = page.title
    return _build.page_content(page.file.src_uri, html)


def on_post_build(config):
    site_dir = Path(config.site_dir)
    if _changes:
        _changes.remove_left_over()
    if _preview:  # the page is served first, the search catches up right after
        _search.submit(lambda build=_build: build.index_search(site_dir))
        return
    try:
        _build.index_search(site_dir)
    except BuildRefused as refusal:
        raise PluginError(str(refusal)) from None
