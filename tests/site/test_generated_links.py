"""Every link of a built site leads to a file of that site.

Generated pages are written as HTML with their links' final addresses (site.pages), which MkDocs'
strict mode does not check: it checks the links of the Markdown it converts. This test does, on the
sample site as the preview builds it (the lists, the comparisons, the guarantees and their versions)."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

_HREF = re.compile(r'\bhref="([^"]*)"')


def broken_links(site: Path) -> list[tuple[str, str]]:
    """(page, link) of each relative link in the site's pages that leads to no file of the site."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site).as_posix()
        for link in _HREF.findall(page.read_text(encoding="utf-8")):
            target = _target(name, link)
            if target is not None and not _is_page_or_file(site / target):
                broken.append((name, link))
    return broken


def _is_page_or_file(path: Path) -> bool:
    return path.is_file() or (path / "index.html").is_file()


def _target(page: str, link: str) -> str | None:
    """The file or folder (a page's) below the site a relative link leads to, or None for a link elsewhere:
    another scheme, another host, a place on the same page."""
    parts = urlsplit(link.replace("&amp;", "&"))
    if parts.scheme or parts.netloc or link.startswith("/") or not parts.path:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))


def test_every_link_of_the_sample_site_leads_to_one_of_its_files(preview_site):
    pages = list(preview_site.rglob("*.html"))
    assert len(pages) > 50 and (preview_site / "jamfor").is_dir()  # the lists, comparisons and guarantees
    assert broken_links(preview_site) == []


def test_a_link_to_no_page_is_found(tmp_path):
    """The check can fail: a list's link to a page that is not there, and one that is."""
    (tmp_path / "stadsdel" / "enhet").mkdir(parents=True)
    (tmp_path / "stadsdel" / "enhet" / "index.html").write_text("<h1>Enhet</h1>", encoding="utf-8")
    (tmp_path / "stadsdel" / "index.html").write_text(
        '<a href="enhet/">Enhet</a> <a href="saknas/">Saknas</a> <a href="../stadsdel/#x">Här</a> '
        '<a href="https://start.stockholm/">Staden</a> <a href="#a">A</a>',
        encoding="utf-8",
    )
    assert broken_links(tmp_path) == [("stadsdel/index.html", "saknas/")]
