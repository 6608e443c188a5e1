"""A generated page's tables set aside while its Markdown is converted (site.htmlblocks) and put
back: the HTML is byte for byte what Python-Markdown makes of the whole page. Tried on every
generated page of the sample site (comparisons), of a published site (the decisions' table), and
of a site whose names are hostile, and on whitespace Markdown normalises."""

from __future__ import annotations

import dataclasses

import markdown

from garanti.content import check_tree
from garanti.site import htmlblocks
from garanti.site.pages import generate_pages
from garanti.site.selection import Settings, Site

from ..helpers import REPO_ROOT, TODAY
from ..repos import published_site
from ..samples import make_site

EXTENSIONS = ["toc", "attr_list", "admonition"]  # mkdocs.yml's
CONFIGS = {"toc": {"permalink": True, "permalink_title": "Länk till det här avsnittet"}}


def _converted(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS).convert(text)


def _same_html(text: str) -> int:
    """How many tables the page had set aside; fails if the HTML differs."""
    set_aside, blocks = htmlblocks.set_aside(text)
    assert htmlblocks.put_back(_converted(set_aside), blocks) == _converted(text)
    return len(blocks)


def _every_page(site: Site) -> int:
    return sum(_same_html(page.split("\n---\n", 1)[1]) for page in generate_pages(site).values())


def test_the_sample_sites_pages():
    import datetime as dt

    site = Site(check_tree(REPO_ROOT).corpus, Settings(today=dt.date.fromisoformat(TODAY)))
    assert _every_page(site) >= 4  # its comparison pages


def test_a_published_sites_decisions_table(content_repo):
    assert _every_page(published_site(content_repo, "provstaden/2026-01-22")) >= 1


def test_hostile_names_in_a_comparison(content_repo):
    corpus = check_tree(content_repo).corpus
    preschool = next(g for g in corpus.guarantees if g.slug == "provstadens-forskolor")
    hostile = "<div>*a* </div>\n\n</div> <script>alert(1)</script> & [x](javascript:alert(1))"
    twins = [dataclasses.replace(preschool, slug=f"forskola-{number}", title=hostile) for number in range(2)]
    site = make_site(content_repo, guarantees=twins)
    assert _every_page(site) >= 1


def test_whitespace_markdown_normalises():
    page = (
        '# Sida\n\n<div class="garanti-tabell">\n<table>\n    \n\t<tr><td>a\tb</td></tr>\n</table>\n</div>\n\nEfter.\n'
    )
    assert _same_html(page) == 1


def test_a_block_that_does_not_stand_alone_is_left_to_markdown():
    page = 'Text\n<div class="garanti-tabell">\n<table></table>\n</div>\nMer text\n'
    assert htmlblocks.set_aside(page) == (page, [])
    assert _same_html(page) == 0


def test_a_lost_placeholder_is_an_error_not_a_page_without_its_table():
    import pytest

    _, blocks = htmlblocks.set_aside('<div class="garanti-tabell">\n</div>\n')
    with pytest.raises(RuntimeError):
        htmlblocks.put_back("<p>ingen tabell</p>", blocks)
