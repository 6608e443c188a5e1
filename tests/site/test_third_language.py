"""A language is data (issue 34, item 3): a third language added as README says, in a copy of the package
(a row in languages.py, a catalogue locale/en/LC_MESSAGES/garanti.po) with one version file beside a
guarantee, built with real MkDocs. Its page, the links to it from the Swedish and Finnish pages and back,
its entry and search pages, its own search index and its dates come out of the row and the catalogue
alone: nothing else in the package names a language."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from garanti import fields
from garanti.content import check_tree

from ..helpers import REPO_ROOT, mkdocs_build, site_project, write
from ..samples import HOME, write_provstaden

ROW = 'Language("en", "en", "engelska", "in-english", search_address="search", search_words_address="words"),\n'
ENGLISH = {  # the catalogue's own words; every other message is the Swedish one marked "(en)"
    "conjunction": "and",
    "date_pattern": "MMMM d, y",
    "period_start_pattern": "MMMM d",
    "commitments": "Our commitments",
    "valid_during": "The guarantee applies {period}.",
    "own_name": "In English",
    "other_versions": "The guarantee in other languages",
    "version_note": "This is a translation. Where the texts differ, the Swedish text applies.",
    "stale_title": "The Swedish text has changed",
    "stale_text": "The Swedish text was changed after this translation.",
    "all_versions": "All quality guarantees in English",
    "entry_title": "Quality guarantees in English",
    "entry_intro": "A quality guarantee says what you can expect.\n\nThe Swedish text applies.",
    "entry_search": "Search the quality guarantees",
    "entry_versions_heading": "Quality guarantees in English",
    "entry_none": "No quality guarantee is in English yet.",
    "entry_back": "{link}",
    "entry_back_link": "Kvalitetsgarantier på svenska",
    "search_field": "Search for a quality guarantee",
    "search_page_text": "Search by a unit's name, a service or an area.",
    "absent_title": "The guarantee is not in English now",
    "absent_replaced": "{board} approved a new guarantee on {date}, not yet in English.",
    "absent_never": "The unit's guarantee is in Swedish only.",
    "absent_archive": "Earlier versions in English",
    "swedish_page": "Read the guarantee in Swedish",
}
UNIT = "provstaden/provstadens-hemtjanst/"


def _english_catalogue(package: Path) -> None:
    """locale/en/ written from the Swedish catalogue: every message it lists, in English or marked."""
    with (package / "locale/sv/LC_MESSAGES/garanti.po").open("rb") as file:
        swedish = read_po(file)
    catalog = Catalog(locale="en", project="garanti")
    for message in swedish:
        if message.id:
            catalog.add(message.id, ENGLISH.get(message.id, f"(en) {message.string}" if message.string else ""))
    place = package / "locale/en/LC_MESSAGES/garanti.po"
    place.parent.mkdir(parents=True)
    with place.open("wb") as file:
        write_po(file, catalog)


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Path:
    """The provstaden sample with a Finnish and an English version of its home care, built as the preview
    by a copy of the package with English added; returns the built site."""
    root = tmp_path_factory.mktemp("english")
    package = root / "src" / "garanti"
    shutil.copytree(REPO_ROOT / "src" / "garanti", package, ignore=shutil.ignore_patterns("__pycache__"))
    languages = package / "languages.py"
    text = languages.read_text(encoding="utf-8")
    assert text.count("LANGUAGES = (\n") == 1
    languages.write_text(text.replace("LANGUAGES = (\n", "LANGUAGES = (\n    " + ROW), encoding="utf-8")
    _english_catalogue(package)
    write_provstaden(root)
    [home] = [g for g in check_tree(root).corpus.guarantees if g.source == HOME]
    front = f"---\nswedish_text: {fields.swedish_text_of(home)}\ncommitments:\n  - {{}}\n  - {{}}\n"
    version = front + "correction: {}\ncomplaints: {}\n---\n{}\n"
    unit = HOME.removesuffix(".md")
    write(root, f"{unit}.fi.md", version.format("Saat yhteyshenkilön.", "Soitamme.", "Anteeksi.", "Puhu.", "Autamme."))
    write(root, f"{unit}.en.md", version.format("You get a contact person.", "We call.", "Sorry.", "Talk.", "We help."))
    out = root / "site"
    built = mkdocs_build(site_project(root), out, PYTHONPATH=str(root / "src"))
    assert built.returncode == 0, built.stderr
    return out


def _page(site: Path, address: str) -> str:
    return (site / address / "index.html").read_text(encoding="utf-8")


def test_the_version_is_a_page_in_its_language_in_its_words_and_dates(english):
    page = _page(english, UNIT + "in-english/")
    assert '<html lang="en"' in page
    assert re.search(r"<h2[^>]*>Our commitments", page)
    assert "You get a contact person." in page
    assert "This is a translation. Where the texts differ, the Swedish text applies." in page
    assert "The guarantee applies January 1–December 31, 2026." in page  # date_pattern, period_start_pattern


def test_every_text_of_the_unit_links_the_english_one_and_it_links_them(english):
    link = '<a href="in-english/" hreflang="en" lang="en">In English</a>'
    assert link in _page(english, UNIT)
    assert link.replace('"in-english/"', '"../in-english/"') in _page(english, UNIT + "suomeksi/")
    page = _page(english, UNIT + "in-english/")
    assert '<nav class="garanti-sprak" aria-label="The guarantee in other languages">' in page
    assert '<a href="../" hreflang="sv" lang="sv">' in page
    assert '<a href="../suomeksi/" hreflang="fi" lang="fi">Suomeksi</a>' in page


def test_the_language_has_its_entry_page_its_search_page_and_an_index_of_its_own(english):
    entry = _page(english, "in-english/")
    assert '<html lang="en"' in entry and re.search(r"<h1[^>]*>Quality guarantees in English", entry)
    assert '<a href="../provstaden/provstadens-hemtjanst/in-english/">Provstadens hemtjänst</a>' in entry
    assert '<a href="search/">Search the quality guarantees</a>' in entry
    search = _page(english, "in-english/search/")
    assert '<html lang="en"' in search and "Search by a unit's name, a service or an area." in search
    assert 'data-ord="in-english/search/words/"' in search  # the names it suggests from, its own
    assert '"one": "(en) 1 garanti"' in search  # what its script says: the catalogue's script_* messages
    assert list((english / "in-english/search/words").glob("*.json"))
    languages = json.loads((english / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    assert languages["en"]["page_count"] == 1 and languages["fi"]["page_count"] == 1
