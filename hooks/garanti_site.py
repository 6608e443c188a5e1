"""MkDocs hook: hands MkDocs the pages that garanti.site generates.

Thin on purpose: every decision lives in the garanti package (garanti.site.build
for the site, garanti.site.serve and garanti.site.preview for what `mkdocs serve`
keeps between builds), which is tested without this file. This file only maps
MkDocs' events onto it.
(Not named garanti.py: MkDocs puts hooks/ first on sys.path while loading a
hook, and the hook would then shadow the garanti package.)
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError

from garanti.schemas import BrokenInstallation
from garanti.site.build import BuildRefused, SiteBuild, preview_notice
from garanti.site.serve import ServeSession, add_files, hold_for_the_build, release_after_the_build, theme_environment

# Outside MkDocs' own loggers, so that strict mode does not count it as a warning.
_log = logging.getLogger("garanti.preview")

# MkDocs loads this module once per process; both are reset when an invocation ends.
_build: SiteBuild | None = None  # the build under way
_serve: ServeSession | None = None  # mkdocs serve: what it keeps from save to save


def on_startup(command, dirty):
    global _serve
    _serve = ServeSession(dirty) if command == "serve" else None


def on_config(config):
    global _build
    root = Path(config.config_file_path).resolve().parent
    try:
        _build = SiteBuild.load(root, Path(config.docs_dir), config.site_url, os.environ,
                                _serve.cache if _serve else None, config.extra.get("redigera"))
    except (BuildRefused, BrokenInstallation) as refusal:
        raise PluginError(str(refusal)) from None
    if _build.problems:
        _log.warning(preview_notice(_build.problems))
    config.nav = _build.nav(config.nav)
    config.extra["garanti_preview"] = _build.preview
    if _serve:
        _serve.start(config)
    else:
        _build.start_search()
    return config


def on_files(files, config):
    if _serve:
        return _serve.add_files(files, config, _build)
    files = add_files(files, config, _build)
    hold_for_the_build()
    return files


def on_nav(nav, config, files):
    if _serve:
        _serve.restore_titles(nav)
    return nav


def on_env(env, config, files):
    return theme_environment(env, _serve.cache.templates if _serve else None)


def on_page_markdown(markdown, page, config, files):
    return _build.page_markdown(page.file.src_uri, markdown)


def on_page_content(html, page, config, files):
    if _serve:
        _serve.rendered(page)
    return _build.page_content(page.file.src_uri, html)


def on_post_build(config):
    if _serve:  # the page is served first, the search catches up right after
        _serve.built(_build, Path(config.site_dir))
        return
    release_after_the_build()
    try:
        _build.index_search(Path(config.site_dir))
    except BuildRefused as refusal:
        raise PluginError(str(refusal)) from None


def on_build_error(error):
    if _serve:
        _serve.failed()
    elif _build:
        release_after_the_build()
        _build.stop_search()


def on_shutdown():
    global _serve, _build
    if _serve:
        _serve.close()
    _serve = _build = None
