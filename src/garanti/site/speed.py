"""Every device that makes the build faster without changing what it makes, and the one switch that turns them off.

`GARANTI_ENKEL_BYGGNAD=1` in the environment turns every device off: the build then makes each page
once, in order, in one process, and hands MkDocs its content the plain way. The site is the same byte
for byte either way (tests/site/test_sample_site_unchanged.py builds it both ways); the switch is
there to tell whether a device is at fault, and to read the build (site/build.py) without them.

The devices, each used only through this module (and its MkDocs side, garanti.hook.speed):
  * the second core: a full build forks (forked.py); the copy makes a third of the guarantees'
    pages, the index pages and the data files while the build makes the rest (`on_two_cores`);
  * the pages put back in the order one process would have made them (`in_site_order`);
  * stored content: the content of the pages the search finds is not held until MkDocs writes
    them, but read back from the search's source as each page is written, and let go after
    (`ContentForMkDocs`);
  * the garbage collector: held still while a full build renders (`hold_for_the_build`), and in
    the preview kept from full passes during a build, run after the page is served
    (`PreviewCollector`);
  * shared navigation: Material's navigation made once for the pages that show it alike
    (garanti.hook.speed, since it works on MkDocs' objects).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import TypeVar

from . import forked, search
from .pages import HtmlPage

SWITCH = "GARANTI_ENKEL_BYGGNAD"  # "1": every device off

_Here = TypeVar("_Here")
_Elsewhere = TypeVar("_Elsewhere")


@dataclass(frozen=True)
class Speed:
    """The build's speed devices, on (the default) or off (SWITCH set to 1)."""

    on: bool = True

    @classmethod
    def of(cls, environ: Mapping[str, str]) -> Speed:
        return cls(on=environ.get(SWITCH, "").strip() != "1")

    # --- the second core, and the order after it

    def forks(self, full_build: bool) -> bool:
        """Whether the build uses the second core. Only a full build (`mkdocs build`) forks, before it
        starts any thread or program of its own; the preview (`mkdocs serve`, threads) never does."""
        return full_build and self.on

    @staticmethod
    def second_cores_share(guarantee_pages: list[str], searched: Collection[str]) -> set[str]:
        """The guarantees' pages a full build's forked copy makes and writes for the search, beside the
        index pages and the data files: a third of them (the other two take the build process as long)."""
        return set(guarantee_pages[2::3]) & set(searched)

    @staticmethod
    def on_two_cores(
        here: Callable[[], _Here], elsewhere: Callable[[], _Elsewhere], fork: bool
    ) -> tuple[_Here, _Elsewhere]:
        """here() and elsewhere(); with `fork`, elsewhere() is made by a forked copy of the process
        meanwhile (forked.begun), else after here()."""
        if not fork:
            return here(), elsewhere()
        made_elsewhere = forked.begun(elsewhere)
        made_here = here()
        return made_here, made_elsewhere()

    @staticmethod
    def in_site_order(
        order: list[str], here: dict[str, HtmlPage], elsewhere: dict[str, HtmlPage]
    ) -> dict[str, HtmlPage]:
        """The pages made here and by the forked copy, in the order one process makes them: the
        guarantees' in `order`, then the rest made here as they were."""
        if not elsewhere:
            return here
        return {path: here[path] if path in here else elsewhere[path] for path in [*order, *here]}

    # --- the garbage collector during a full build

    def hold_for_the_build(self) -> None:
        """A full build, before MkDocs renders the pages: what is made so far (the content, the
        generated pages, MkDocs' files) lives until the build ends, so Python's cycle collector is
        told to leave it alone instead of looking through all of it again each time it runs while
        thousands of pages are rendered."""
        if self.on:
            gc.freeze()

    def release_after_the_build(self) -> None:
        """The build is over (or failed): what hold_for_the_build set aside is collected as usual again
        (a process may build more than once, as the tests do)."""
        if self.on:
            gc.unfreeze()


class ContentForMkDocs:
    """A full build's content of the pages the search finds, made and written for the search before
    MkDocs renders any page (Pagefind indexes it meanwhile), until MkDocs writes each page.

    Stored content (the device): MkDocs converts every page before it writes any, and would hold
    thousands of contents at once. So the content is not held here: MkDocs is given an empty content
    when it converts the page, the content read back from the search's source when it writes it
    (`written`), and the hook lets go of it after (`let_go`). The devices off, the content is held
    here and given to MkDocs when it converts the page."""

    def __init__(self, source: search.IndexSource, speed: Speed) -> None:
        self._source = source
        self._stored = speed.on
        self._paths: set[str] = set()
        self._held: dict[str, str] = {}

    def add(self, path: str, page: HtmlPage, content: str) -> HtmlPage:
        """A page whose content was written for the search: the page to keep (without its HTML when stored)."""
        self._paths.add(path)
        if not self._stored:
            self._held[path] = content
            return page
        return page.without_html()

    def added_elsewhere(self, paths: Collection[str]) -> None:
        """Pages the forked copy wrote for the search (and sent back without their HTML)."""
        assert self._stored, "only the devices fork"
        self._paths |= set(paths)

    def __contains__(self, path: str) -> bool:
        return path in self._paths

    def converted(self, path: str) -> str:
        """The content MkDocs converts the page to (on_page_content): stored, empty for now."""
        return "" if self._stored else self._held[path]

    def written(self, path: str) -> str | None:
        """A stored page's content, read back as MkDocs writes the page (on_page_context); None for other pages."""
        return self._source.read(path) if self._stored and path in self._paths else None

    @property
    def let_go(self) -> bool:
        """Whether MkDocs lets go of a page's content once the page is written (the hook sees to it)."""
        return self._stored


class PreviewCollector:
    """The preview's garbage collector. Python's cycle collector, left to itself, now and then looks
    through everything the preview keeps, and makes the saves it falls in the slowest. After the
    first build it no longer does that by itself during a build; it is run in full right after each
    build has been served, on the background thread, after the search (unless a new build cancelled
    that: the pass waits for the next build's). The devices off, the collector is left to itself."""

    NO_FULL_COLLECTION = 1 << 30  # the collector's third threshold: full passes "never"

    def __init__(self, speed: Speed) -> None:
        self._on = speed.on
        self._thresholds = gc.get_threshold()

    def built(self) -> None:
        """A build is served: no full pass by itself from now on."""
        if self._on:
            gc.set_threshold(*self._thresholds[:2], self.NO_FULL_COLLECTION)

    def after_serving(self) -> None:
        """The full pass, after the page is served and the search made."""
        if self._on:
            gc.collect()

    def close(self) -> None:
        if self._on:
            gc.set_threshold(*self._thresholds)
