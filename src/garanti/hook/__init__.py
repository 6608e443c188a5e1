"""The MkDocs side of the site: one object, `SiteHook`, that MkDocs' events are handed to.

hooks/garanti_site.py (the file mkdocs.yml names) only binds MkDocs' event names to this
object's methods. Everything the site is made of comes from garanti.site, which knows
nothing of MkDocs; serve.py puts what the preview keeps to work on MkDocs' own objects, speed.py
the speed devices that work on them (garanti.site.speed has the rest, and the switch).
A refusal (garanti.errors) becomes MkDocs' error here, once.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TypeVar

from mkdocs.exceptions import PluginError

from ..errors import Refusal
from ..site.build import (
    FORM_SETTING,
    MAP_LINK_SETTING,
    OPEN_DATA_CONTACT_SETTING,
    OPEN_DATA_PUBLISHER_SETTING,
    SiteBuild,
    preview_notice,
)
from ..site.labels import THEME_LABELS_SETTING, theme_labels
from ..site.pages import GENERATED_ONLY_KEYS
from ..site.speed import Speed
from .serve import GeneratedPage, ServeSession, add_files, name_as_configured, theme_environment
from .speed import with_shared_navigation

# Outside MkDocs' own loggers, so that strict mode does not count it as a warning.
_log = logging.getLogger("garanti.preview")
_Result = TypeVar("_Result")


def _as_mkdocs_error(event: Callable[..., _Result]) -> Callable[..., _Result]:
    """A refusal stops the build with MkDocs' own error: one line per problem, no traceback."""

    @wraps(event)
    def handled(*args, **kwargs):
        try:
            return event(*args, **kwargs)
        except Refusal as refusal:
            raise PluginError(str(refusal)) from None

    return handled


class SiteHook:
    """One MkDocs run (`mkdocs build` or `mkdocs serve`), from its start to its shutdown."""

    def __init__(self) -> None:
        self._build: SiteBuild | None = None  # the build under way
        self._serve: ServeSession | None = None  # mkdocs serve: what it keeps from save to save

    def on_startup(self, command, dirty):
        self._serve = ServeSession(dirty, Speed.of(os.environ)) if command == "serve" else None

    @_as_mkdocs_error
    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent
        self._build = SiteBuild.load(
            root,
            Path(config.docs_dir),
            config.site_url,
            os.environ,
            self._serve.cache if self._serve else None,
            config.extra.get(MAP_LINK_SETTING),
            config.extra.get(FORM_SETTING),
            config.extra.get(OPEN_DATA_CONTACT_SETTING),
            full_build=self._serve is None,
            open_data_publisher=config.extra.get(OPEN_DATA_PUBLISHER_SETTING),
        )
        if self._build.problems:
            _log.warning(preview_notice(self._build.problems))
        config.nav = self._build.nav(config.nav)
        config.extra["garanti_preview"] = self._build.preview
        config.extra[THEME_LABELS_SETTING] = theme_labels()
        config.extra["garanti_flode"] = self._build.feed  # the site's Atom feed, when it has one
        if self._serve:
            self._serve.start(config)
        else:
            self._build.start_search()
        return config

    def on_files(self, files, config):
        if self._serve:
            return self._serve.add_files(files, config, self._build)
        files = add_files(files, config, self._build)
        self._build.speed.hold_for_the_build()
        return files

    def on_nav(self, nav, config, files):
        name_as_configured(config.nav, files)
        if self._serve:
            self._serve.restore_titles(nav)
        return nav

    def on_env(self, env, config, files):
        env = theme_environment(env, self._serve.cache.templates if self._serve else None)
        return with_shared_navigation(env, self._build.speed)

    def on_page_markdown(self, markdown, page, config, files):
        if not isinstance(page.file, GeneratedPage):
            for key in GENERATED_ONLY_KEYS:
                page.meta.pop(key, None)
        return self._build.page_markdown(page.file.src_uri, markdown)

    def on_page_content(self, html, page, config, files):
        if self._serve:
            self._serve.rendered(page)
        return self._build.page_content(page.file.src_uri, html)

    def on_page_context(self, context, page, config, nav):
        stored = self._build.stored_content(page.file.src_uri)  # a full build's, read as its page is written
        if stored is not None:
            page.content = stored
        return context

    def on_post_page(self, output, page, config):
        if self._build.lets_go_of_content(page.file.src_uri):
            page.content = None  # written: nothing reads it again
        return output

    @_as_mkdocs_error
    def on_post_build(self, config):
        if self._serve:  # the page is served first, the search catches up right after
            self._serve.built(self._build, Path(config.site_dir))
            return
        self._build.speed.release_after_the_build()
        self._build.finish_search(Path(config.site_dir))

    def on_build_error(self, error):
        if self._serve:
            self._serve.failed()
        elif self._build:
            self._build.speed.release_after_the_build()
            self._build.stop_search()

    def on_shutdown(self):
        if self._serve:
            self._serve.close()
        self._serve = self._build = None
