"""MkDocs hook: hands MkDocs the pages that garanti.site generates.

Thin on purpose: every decision lives in the garanti package (garanti.site.build),
which is tested without MkDocs. This file only maps MkDocs' events onto it.
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
from garanti.site.build import BuildRefused, PreviewCache, SiteBuild, preview_notice

# Outside MkDocs' own loggers, so that strict mode does not count it as a warning.
_log = logging.getLogger("garanti.preview")

_build: SiteBuild | None = None
# MkDocs loads this module once per process: in `mkdocs serve` this lives from save to save.
_preview: PreviewCache | None = None


def on_startup(command, dirty):
    global _preview
    _preview = PreviewCache() if command == "serve" else None


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
    return config


def on_files(files, config):
    for generated in _build.files():
        inclusion = InclusionLevel.UNDEFINED if generated.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, generated.path, content=generated.content, inclusion=inclusion))
    return files


def on_page_markdown(markdown, page, config, files):
    return _build.page_markdown(page.file.src_uri, markdown)


def on_page_content(html, page, config, files):
    # Guarantee pages skip the Markdown step, so their table of contents comes from us.
    tokens = _build.page_toc(page.file.src_uri)
    if tokens is not None:
        page.toc = get_toc(tokens)
    return _build.page_content(page.file.src_uri, html)


def on_post_build(config):
    try:
        _build.index_search(Path(config.site_dir))
    except BuildRefused as refusal:
        raise PluginError(str(refusal)) from None
