"""What the search knows besides Pagefind's index (issue 33, item 1): the places (each board's, from
board.yml, before the city's districts and stadsdelar in the package, with their source), the words that
name a service type in each search language, and the small words that alone find nothing; written
beside each search page's words, and the places among the words a misspelt query is corrected from.
How residents find with them is tested in Chromium (tests/browser/test_search_places_browser.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from garanti import schemas
from garanti.content import check_tree
from garanti.site import search
from garanti.site.selection import Settings, Site

from .. import samples
from ..helpers import REPO_ROOT, TODAY, read, run, write
from ..samples import BOARD

SAMPLE_SITE = Site(check_tree(REPO_ROOT).corpus, Settings(today=dt.date.fromisoformat(TODAY)))


def test_places_are_the_boards_then_the_citys_not_claimed_by_a_board():
    places = {place: (area, district) for place, area, district in search.places(SAMPLE_SITE)}
    # A board's own places lead to its area, its district too.
    assert places["Fruängen"] == ("Hägersten-Liljeholmen", "Hägersten-Liljeholmen")
    assert places["Telefonplan"] == ("Hägersten-Liljeholmen", "Hägersten-Liljeholmen")
    assert places["Enskede"] == ("Enskede-Årsta-Vantör", "Enskede-Årsta-Vantör")
    assert places["Enskede-Årsta-Vantör"][0] == "Enskede-Årsta-Vantör"
    # The city's, where no board on the site has the place: no area to filter to.
    assert places["Farsta"] == ("", "Farsta") and places["Gubbängen"] == ("", "Farsta")
    assert places["Skärholmen"] == ("", "Skärholmen") and places["Älvsjö"] == ("", "Hägersten-Älvsjö")
    # Fruängen is in the city's Hägersten-Älvsjö too: the board's claim is the one kept, once.
    assert [place for place, _, _ in search.places(SAMPLE_SITE)].count("Fruängen") == 1


def test_the_citys_districts_are_recorded_once_with_their_source():
    raw = yaml.safe_load((search.DATA_DIR / "stockholm.yml").read_text(encoding="utf-8"))
    assert raw["source"].startswith("https://start.stockholm/")
    districts = search.city_places()
    assert len(districts) == 13  # since 1 July 2020
    names = [name for parts in districts.values() for name in parts]
    assert len(names) == len(set(names)), "a stadsdel in two districts"
    assert all(isinstance(name, str) and name.strip() == name for name in names)


def test_stop_words_are_short_common_words_and_never_a_service_or_a_place():
    words = search.stop_words()
    assert set(words) == {"sv", "fi"}
    assert {"en", "och", "på", "får", "ska", "i"} <= set(words["sv"]) and {"ja", "on", "ei"} <= set(words["fi"])
    for language, listed in words.items():
        assert all(isinstance(word, str) and word == word.lower() for word in listed), language  # YAML: "on" is no true
        services = {word.lower() for word, _ in search.service_words(language)}
        places = {place.lower() for place, _, _ in search.places(SAMPLE_SITE)}
        assert not set(listed) & (services | places), language


def test_service_words_name_the_type_as_the_languages_index_has_it():
    swedish = dict(search.service_words())
    assert swedish["dagis"] == swedish["förskola"] == "förskola" and swedish["äldreboende"] == "vård- och omsorgsboende"
    finnish = dict(search.service_words("fi"))
    assert finnish["päiväkoti"] == finnish["esikoulu"] == "esikoulu"
    assert finnish["kotihoito"] == finnish["kotipalvelu"] == "kotipalvelu"
    assert set(schemas.everyday_words("fi")) == set(schemas.service_types())
    assert all(schemas.everyday_words("fi").values()), "every service type has Finnish everyday words"


def test_the_search_pages_have_their_files_and_the_places_among_their_words(preview_site):
    for page_folder, words_folder in (("sok", "sok/ord"), ("suomeksi/haku", "suomeksi/haku/sanat")):
        places = json.loads(read(preview_site, f"{page_folder}/{search.PLACES_FILE}"))
        assert ["Fruängen", "Hägersten-Liljeholmen", "Hägersten-Liljeholmen"] in places
        assert json.loads(read(preview_site, f"{page_folder}/{search.STOP_WORDS_FILE}"))
        assert json.loads(read(preview_site, f"{page_folder}/{search.SERVICE_WORDS_FILE}"))
        # A misspelt place is corrected from the same words as a unit's name ("vestertorp").
        assert "Västertorp" in json.loads(read(preview_site, f"{words_folder}/v.json"))
        assert "Fruängen" in json.loads(read(preview_site, f"{words_folder}/f.json"))
    assert "päiväkoti" in json.loads(read(preview_site, "suomeksi/haku/sanat/p.json"))


def test_finnish_pages_carry_their_services_finnish_everyday_words(preview_site):
    html = read(preview_site, "hagersten-liljeholmen/fruangens-forskolor/suomeksi/index.html")
    assert 'data-pagefind-meta="vardagsord:päiväkoti ' in html


@pytest.mark.parametrize(
    "places, message",
    [
        ('["Fruängen", "Fruängen"]', "Stadsdelar och platser: samma värde står två gånger."),
        ('["Fruängen 2"]', "Stadsdel eller plats har fel form"),
        ('["<b>x</b>"]', "Stadsdel eller plats har fel form"),
    ],
)
def test_board_places_are_checked(content_repo, capsys, places, message):
    board = content_repo / BOARD
    board.write_text(board.read_text(encoding="utf-8") + f"places: {places}\n", encoding="utf-8")
    code, out, err = run(content_repo, "check", capsys=capsys)
    assert code == 1 and message in out + err, out + err
    assert "Traceback" not in out + err


def test_a_place_belongs_to_one_board(content_repo, capsys):
    """Two boards naming one place: the search could show only one's units for it; the later is refused at its line."""
    board = content_repo / BOARD
    board.write_text(board.read_text(encoding="utf-8") + "places:\n  - Provbacken\n  - Mittorten\n", encoding="utf-8")
    write(
        content_repo,
        "guarantees/x-annan/board.yml",
        samples.board(
            "Annanstadens stadsdelsnämnd",
            "Annanstaden",
            {"aldreomsorg": "Äldreomsorgsavdelningen"},
            [{"date": "2026-01-22"}],
        )
        + "places:\n  - Annanbacken\n  - mittorten\n",
    )
    code, out, err = run(content_repo, "check", capsys=capsys)
    assert code == 1, out + err
    assert (
        'guarantees/x-annan/board.yml:12:5: Platsen "mittorten" står också under places i '
        "guarantees/provstaden/board.yml."
    ) in out, out
    assert out.count("Platsen") == 1


def test_a_place_of_a_board_not_on_the_site_is_the_citys():
    """A site without Enskede-Årsta-Vantör (not yet approved): "Enskede" is a place with no published
    units, never a word that finds Hägersten-Liljeholmen's."""
    corpus = check_tree(REPO_ROOT).corpus
    corpus.boards = {slug: board for slug, board in corpus.boards.items() if slug != "enskede-arsta-vantor"}
    corpus.guarantees = [g for g in corpus.guarantees if g.board in corpus.boards]
    corpus.language_versions = [v for v in corpus.language_versions if v.board in corpus.boards]
    corpus.follow_ups = [f for f in corpus.follow_ups if f.board in corpus.boards]
    places = {
        place: (area, district)
        for place, area, district in search.places(Site(corpus, Settings(today=dt.date.fromisoformat(TODAY))))
    }
    assert places["Enskede"] == ("", "Enskede-Årsta-Vantör") and places["Årsta"] == ("", "Enskede-Årsta-Vantör")
    assert places["Fruängen"][0] == "Hägersten-Liljeholmen"


def test_a_place_may_not_take_a_service_word_or_another_board_s_district_or_name(content_repo, capsys):
    """A place is a search word for the board's units: one equal (case and diacritics aside, as the search folds)
    to a service word or to another board's district or name would take that word over; refused at its line."""
    write(
        content_repo,
        "guarantees/x-annan/board.yml",
        samples.board(
            "Annanstadens stadsdelsnämnd",
            "Annanstaden",
            {"aldreomsorg": "Äldreomsorgsavdelningen"},
            [{"date": "2026-01-22"}],
        ),
    )
    board = content_repo / BOARD
    board.write_text(
        board.read_text(encoding="utf-8") + "places:\n  - Provbacken\n  - Dagis\n  - Hemtjanst\n"
        "  - ÄNNANSTADEN\n  - Annanstadens stadsdelsnämnd\n",
        encoding="utf-8",
    )
    code, out, err = run(content_repo, "check", capsys=capsys)
    assert code == 1, out + err
    lines = board.read_text(encoding="utf-8").splitlines()
    for place, what in [
        ("Dagis", 'ett ord för en verksamhet ("dagis", förskola)'),
        ("Hemtjanst", 'ett ord för en verksamhet ("hemtjänst", hemtjänst)'),
        ("ÄNNANSTADEN", "stadsdelsområdet för guarantees/x-annan/board.yml"),
        ("Annanstadens stadsdelsnämnd", "namnet på nämnden i guarantees/x-annan/board.yml"),
    ]:
        line = lines.index(f"  - {place}") + 1
        assert f'guarantees/provstaden/board.yml:{line}:5: Platsen "{place}" är samma ord som {what}' in out, out
    assert "Provbacken" not in out and "Traceback" not in out + err


def test_a_place_may_not_take_a_stop_word_or_a_stadsdel_of_another_board_s_district(content_repo, capsys):
    """A stop word is dropped from a query, so the place would never be found; a stadsdel data/stockholm.yml puts in
    another board's district is that board's. The board's own district's stadsdelar stay its own."""
    write(
        content_repo,
        "guarantees/x-annan/board.yml",
        samples.board(
            "Rinkeby-Kista stadsdelsnämnd",
            "Rinkeby-Kista",
            {"aldreomsorg": "Äldreomsorgsavdelningen"},
            [{"date": "2026-01-22"}],
        )
        + "places:\n  - Kista\n",
    )
    board = content_repo / BOARD
    board.write_text(
        board.read_text(encoding="utf-8") + "places:\n  - Provbacken\n  - Och\n  - Husby\n", encoding="utf-8"
    )
    code, out, err = run(content_repo, "check", capsys=capsys)
    assert code == 1, out + err
    lines = board.read_text(encoding="utf-8").splitlines()
    for place, what in [
        ("Och", 'ett småord som sökningen tar bort ur frågan ("och")'),
        ("Husby", "en stadsdel i Rinkeby-Kista, stadsdelsområdet för guarantees/x-annan/board.yml"),
    ]:
        line = lines.index(f"  - {place}") + 1
        assert f'guarantees/provstaden/board.yml:{line}:5: Platsen "{place}" är samma ord som {what}' in out, out
    assert out.count("Platsen") == 2 and "Traceback" not in out + err
