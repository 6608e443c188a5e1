"""What the preview (`mkdocs serve`) keeps from one build to the next.

MkDocs 1.6's serve rebuilds the whole site on every saved file: it reloads
mkdocs.yml, runs every event (config, files, nav, every page's events, post
build), renders every page through Material's templates and writes them all.
With `--dirty` (./scripts/preview passes it) it still runs every event but
reads and renders only the pages whose File says `is_modified()`; for files
on disk that is "newer than the output", and for files a hook generates it is
always. Its caveat is staleness: navigation titles of pages not read, pages
whose neighbours changed, outputs of pages that are gone. So the hook tells
MkDocs which pages really changed (`Changes`), and this module keeps:

  * `PreviewCache`: the loaded and checked files (content.LoadCache) and the
    rendered guarantee pages (pages.PageCache), so a save re-reads, re-checks
    and re-renders what it touched; index pages are made afresh each time
    from the cached model, which is cheap;
  * `Changes`: what each generated page was made from last time, the titles
    MkDocs' navigation shows, and where each page was written, so that a page
    is rendered again exactly when its source changed (all of them when the
    navigation or mkdocs.yml changed) and the output of a page that is gone is
    removed;
  * `LatestOnly`: the search index is brought up to date after the page is
    served, on a thread of its own, instead of before.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from ..content import LoadCache
from .pages import PageCache

_log = logging.getLogger("garanti.preview")


@dataclass
class PreviewCache:
    """What one preview keeps between its builds: the loaded files and the rendered guarantees."""

    loads: LoadCache = field(default_factory=LoadCache)
    pages: PageCache = field(default_factory=PageCache)


class Changes:
    """Which pages a dirty rebuild must render again, and which outputs are left over."""

    def __init__(self) -> None:
        self._sources: dict[str, Hashable] = {}  # page -> what it was made from, at its last rendering
        self._layout: Hashable = None
        self._outputs: dict[str, str] = {}  # page -> the file MkDocs wrote it to
        self.titles: dict[str, str] = {}  # page -> its title, for the navigation of pages not read again
        self.everything = True

    def start(self, layout: Hashable) -> None:
        """A new build; `layout` is what every page shows (navigation, configuration):
        when it changes, every page is rendered again."""
        self.everything = layout != self._layout
        self._layout = layout
        self._current: set[str] = set()

    def changed(self, page: str, source: Hashable) -> bool:
        """Whether a page must be rendered again: what it is made from differs from last time."""
        self._current.add(page)
        if self.everything or self._sources.get(page) != source:
            self._sources[page] = source
            return True
        return False

    def written(self, page: str, output: str) -> None:
        self._current.add(page)
        self._outputs[page] = output

    def remove_left_over(self) -> None:
        """Delete the outputs of pages that this build no longer has (a unit moved, renamed or removed)."""
        for page in set(self._outputs) - self._current:
            output = self._outputs.pop(page)
            self._sources.pop(page, None)
            self.titles.pop(page, None)
            try:
                os.remove(output)
            except FileNotFoundError:
                pass


class LatestOnly:
    """Runs jobs one at a time on a background thread; a job asked for while another
    runs replaces any still waiting, since only the latest state matters."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: Callable[[], None] | None = None
        self._thread: threading.Thread | None = None

    def submit(self, job: Callable[[], None]) -> None:
        with self._lock:
            self._waiting = job
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="garanti-preview", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                job, self._waiting = self._waiting, None
                if job is None:
                    self._thread = None
                    return
            try:
                job()
            except Exception as error:  # noqa: BLE001 - a preview goes on; the terminal says what failed
                _log.error(str(error))

