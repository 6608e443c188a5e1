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

  * `PreviewCache`: the loaded and checked files (content.LoadCache), the
    generated pages and open data (kept.Kept) and the compiled theme templates, so a
    save re-reads, re-checks and re-renders only what it touched;
  * `Changes`: what each generated page was made from last time, the titles
    MkDocs' navigation shows, and where each page was written, so that a page
    is rendered again exactly when its source changed (all of them when the
    navigation or mkdocs.yml changed) and the output of a page that is gone is
    removed;
  * `LatestOnly`: the search index is brought up to date after the page is
    served, on a thread of its own, instead of before.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TypeVar

import jinja2

from ..content import LoadCache
from ..kept import Kept
from .search import IndexSource

_log = logging.getLogger("garanti.preview")
_File = TypeVar("_File")


class TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept in memory from build to build. MkDocs makes a
    new Jinja environment for every build, which would compile Material's templates
    again on every save; Jinja checks each template's source before reusing its code."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


@dataclass
class PreviewCache:
    """What one preview keeps between its builds: the loaded files, the generated pages, the compiled
    templates and what the search indexes of the pages."""

    loads: LoadCache = field(default_factory=LoadCache)
    pages: Kept = field(default_factory=Kept)
    templates: TemplateCache = field(default_factory=TemplateCache)
    search: IndexSource = field(default_factory=IndexSource)


class Changes:
    """Which pages a dirty rebuild must render again, and which outputs are left over."""

    def __init__(self) -> None:
        self._sources: dict[str, Hashable] = {}  # page -> what it was made from, at its last rendering
        self._layout: Hashable = None
        self._outputs: dict[str, str] = {}  # page -> the file MkDocs wrote it to
        self.titles: dict[str, str] = {}  # page -> its title, for the navigation of pages not read again
        self._files: Kept = Kept()  # path -> the file made for it, kept while what it is made of is the same
        self._current: set[str] = set()  # the pages of the build under way
        self._renewed: set[str] = set()  # the pages it found changed, not yet written
        self.everything = True

    def start(self, layout: Hashable) -> None:
        """A new build; `layout` is what every page shows (navigation, configuration):
        when it changes, every page is rendered again."""
        self.everything = layout != self._layout
        self._layout = layout
        self._current, self._renewed = set(), set()
        if self.everything:
            self._files.forget()

    def file(self, path: str, made_of: Hashable, make: Callable[[], _File]) -> _File:
        """The file object made for a generated file by the last build, while it is made of the same
        and the layout is unchanged: MkDocs keeps on it the page it made, and making thousands of
        files and pages again, each the same as before, is most of the time of a dirty rebuild."""
        return self._files.made(path, lambda _made_of: make(), made_of)

    def changed(self, page: str, source: Hashable) -> bool:
        """Whether a page must be rendered again: what it is made from differs from last time."""
        self._current.add(page)
        if self.everything or self._sources.get(page) != source:
            self._sources[page] = source
            self._renewed.add(page)
            return True
        return False

    def written(self, page: str, output: str) -> None:
        self._current.add(page)
        self._outputs[page] = output

    def forget(self) -> None:
        """The build failed (a template or a hand-written page MkDocs could not render): the pages it
        was to render again may never have been written. The next build renders them again, even
        if nothing changes in between."""
        for page in self._renewed:
            self._sources.pop(page, None)
        self._renewed = set()

    def finish(self) -> None:
        """The build has written the site: delete the outputs of pages that it no longer has
        (a unit moved, renamed or removed)."""
        self._renewed, self.everything = set(), False
        for page in set(self._outputs) - self._current:
            output = self._outputs.pop(page)
            self._sources.pop(page, None)
            self.titles.pop(page, None)
            self._files.forget(page)
            with contextlib.suppress(FileNotFoundError):
                os.remove(output)


class LatestOnly:
    """Runs jobs one at a time on a background thread; a job asked for while another
    runs replaces any still waiting, since only the latest state matters. The thread
    (and the programs it starts) run at a lower priority, so that the next save's
    build is not slowed down by the search index of the last one."""

    NICENESS = 10

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
        # Linux keeps a nice value per thread, and a started program inherits it
        with contextlib.suppress(AttributeError, OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), self.NICENESS)
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

    def close(self, patience: float = 60) -> None:
        """Drop the job still waiting and wait for the running one: the preview is stopping, and
        MkDocs deletes the site folder right after (a job still writing to it would leave it behind)."""
        with self._lock:
            self._waiting = None
            thread = self._thread
        if thread is not None:
            thread.join(patience)
