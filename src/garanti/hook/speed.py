"""The speed devices on MkDocs' side (the rest, and the switch that turns them all off, are in
garanti.site.speed): Material's navigation made once for the pages that show it alike."""

from __future__ import annotations

from collections.abc import Hashable, Iterator

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation, Section

from ..kept import Kept
from ..site.speed import Speed


def with_shared_navigation(env: jinja2.Environment, speed: Speed) -> jinja2.Environment:
    """The Jinja environment MkDocs renders the pages in, with Material's navigation made once for all
    pages that show it alike (the devices off: made for each page, as Material does)."""
    if speed.on:
        template = env.get_template(SharedNavigation.TEMPLATE)
        template.root_render_func = SharedNavigation(template.root_render_func)
    return env


class SharedNavigation:
    """Material's navigation (partials/nav.html) made once for all the pages outside it that show it alike.

    Every page shows the whole navigation, and rendering it was a third of the time MkDocs spent
    on a page: thousands of guarantees, none of them in the navigation, each made it again. For a
    page outside the navigation no item is active, so what the page changes in it is only where
    its links lead from the page's own address: that depends on how deep the page is and on which
    leading folders its address shares with the links' (e.g. "stadsdel-0/enhet-0/" and its board
    "stadsdel-0/"). Pages alike in both get the same HTML; pages in the navigation are rendered
    as always. (Jinja's include calls a template's root_render_func; this stands in for it.)
    """

    TEMPLATE = "partials/nav.html"

    def __init__(self, render) -> None:
        self._render = render
        self._made: Kept[str] = Kept()  # the navigation's HTML for each kind of page (_key)
        self._nav: Navigation | None = None
        self._in_nav: set[int] = set()  # id() of the pages in the navigation
        self._prefixes: set[tuple[str, ...]] = set()  # every leading part of every address the navigation links

    def __call__(self, context: jinja2.runtime.Context) -> Iterator[str]:
        key = self._key(context)
        if key is None:
            yield from self._render(context)
            return
        # Kept by its key alone: pages alike in the key get the same HTML (see the class's doc).
        yield self._made.made(key, lambda: "".join(self._render(context)))

    def _key(self, context: jinja2.runtime.Context) -> Hashable | None:
        page, nav = context.get("page"), context.get("nav")
        if page is None or nav is None or getattr(page, "url", None) is None:
            return None
        if nav is not self._nav:
            self._learn(nav, context.get("config"))
        if id(page) in self._in_nav:
            return None
        folders = _folders(page.url)
        shared = 0  # the leading folders of the page's address that some link's address shares
        while shared < len(folders) and tuple(folders[: shared + 1]) in self._prefixes:
            shared += 1
        return len(folders), tuple(folders[:shared])

    def _learn(self, nav: Navigation, config: MkDocsConfig | None) -> None:
        self._nav, self._made = nav, Kept()
        self._in_nav = {id(page) for page in nav.pages}
        addresses = [getattr(item, "url", None) for item in _items(nav.items)]
        if nav.homepage is not None:
            addresses.append(nav.homepage.url)
        if config is not None:
            addresses += [
                value for value in (config.theme.get("logo"), config.extra.get("homepage")) if isinstance(value, str)
            ]
        self._prefixes = {tuple(parts[:end]) for parts in map(_parts, addresses) for end in range(1, len(parts) + 1)}


def _items(items: list) -> Iterator:
    for item in items:
        yield item
        if isinstance(item, Section):
            yield from _items(item.children)


def _parts(address: str | None) -> list[str]:
    return [part for part in (address or "").split("/") if part not in ("", ".")]


def _folders(page_url: str) -> list[str]:
    """The folders of a page's address, as MkDocs makes links relative to it ("a/b/" and "a/b/x.html": a, b)."""
    parts = _parts(page_url)
    return parts[:-1] if parts and "." in parts[-1] and not page_url.endswith("/") else parts
