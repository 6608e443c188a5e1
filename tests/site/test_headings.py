"""Headings of pages rendered without MkDocs' Markdown step get what the toc extension gives."""

from __future__ import annotations

import re

import markdown

from garanti.site.headings import PERMALINK_TITLE, anchor_headings

from ..helpers import REPO_ROOT

# The same headings, once as Markdown and once as our templates write them.
MARKDOWN = """\
# Årsta hemtjänst

## Våra åtaganden

### Normer och värden

### Barn &amp; unga

## Kontakt

## Kontakt

## !!!
"""
HTML = """\
<h1>Årsta hemtjänst</h1>
<p>Ingress.</p>
<h2>Våra åtaganden</h2>
<h3>Normer och värden</h3>
<ul><li>Ett åtagande.</li></ul>
<h3>Barn &amp; unga</h3>
<h2>Kontakt</h2>
<h2>Kontakt</h2>
<h2>!!!</h2>
"""


def toc_extension(text: str) -> markdown.Markdown:
    md = markdown.Markdown(
        extensions=["toc"], extension_configs={"toc": {"permalink": True, "permalink_title": PERMALINK_TITLE}}
    )
    md.convert(text)
    return md


def headings(html: str) -> list[str]:
    return re.findall(r"<h[1-6].*?</h[1-6]>", html)


def test_tokens_are_those_of_the_toc_extension():
    _, tokens = anchor_headings(HTML)
    assert tokens == toc_extension(MARKDOWN).toc_tokens
    # nested under the title, duplicates and empty slugs numbered as the extension does
    [title] = tokens
    assert [t["id"] for t in title["children"]] == ["vara-ataganden", "kontakt", "kontakt_1", "_1"]
    assert [t["name"] for t in title["children"][0]["children"]] == ["Normer och värden", "Barn &amp; unga"]


def test_headings_get_the_toc_extensions_ids_and_permalinks():
    anchored, _ = anchor_headings(HTML)
    expected = markdown.markdown(
        MARKDOWN, extensions=["toc"], extension_configs={"toc": {"permalink": True, "permalink_title": PERMALINK_TITLE}}
    )
    # The extension spells the pilcrow as an entity; every page's fence (render.clean_page) writes it as the character.
    assert headings(anchored) == headings(expected.replace("&para;", "¶"))
    assert (
        '<h2 id="kontakt_1">Kontakt<a class="headerlink" href="#kontakt_1" '
        'title="Länk till det här avsnittet">¶</a></h2>' in anchored
    )
    assert "<p>Ingress.</p>" in anchored and "<ul><li>Ett åtagande.</li></ul>" in anchored


def test_permalink_title_is_the_one_mkdocs_yml_configures():
    assert f"permalink_title: {PERMALINK_TITLE}\n" in (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_a_page_without_headings_has_no_toc():
    assert anchor_headings("<p>Bara text.</p>") == ("<p>Bara text.</p>", [])
