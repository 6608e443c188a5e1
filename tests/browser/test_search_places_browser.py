"""Searching a place, in real Chromium on the sample site: the place's units, filtered to its area
with the filter shown and a way out to every area; a place of the city with no published units said
plainly, with the searches that do find something; small words alone find nothing. In Swedish on
/sok/ and in Finnish on /suomeksi/haku/, with 0 axe violations at 390 and 1280 px."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import Page

from garanti.content import check_tree

from ..helpers import REPO_ROOT
from .helpers import format_violations, run_axe

SAMPLE = check_tree(REPO_ROOT).corpus
AREAS = sorted(board.display_name for board in SAMPLE.boards.values())
ENSKEDE_AREA = "Enskede-Årsta-Vantör"
WIDTHS = {"phone": 390, "desktop": 1280}


@pytest.fixture(scope="module")
def preview(serve_dir, preview_site) -> str:
    return serve_dir(preview_site)


def search(page: Page, base: str, query: str, page_path: str = "sok/") -> list[str]:
    page.goto(f"{base}{page_path}?q={quote(query)}")
    page.wait_for_selector("#sok[data-klar]")
    return page.locator(".garanti-traff__namn").all_inner_texts()


def area_of(title: str) -> str:
    guarantee = next(g for g in SAMPLE.guarantees if g.title == title)
    return SAMPLE.boards[guarantee.board].display_name


def test_a_place_finds_its_areas_units_with_the_filter_shown(page: Page, preview):
    assert "Enskede" in SAMPLE.boards["enskede-arsta-vantor"].places
    results = search(page, preview, "Enskede")
    assert results and {area_of(title) for title in results} == {ENSKEDE_AREA}, results
    assert results[0] == "Enskede gruppbostäder"  # the unit that names the place, first
    place = page.locator("#sok-plats")
    assert place.inner_text().startswith(f"Visar garantier i {ENSKEDE_AREA}, där Enskede ligger.")
    assert page.get_by_role("combobox", name="Stadsdelsområde eller nämnd").input_value() == ENSKEDE_AREA
    assert "(1 filter valt)" in page.locator("#sok-filter summary").inner_text()
    # The address keeps the words only: the place chooses the area again when the link is opened.
    assert parse_qs(urlsplit(page.url).query) == {"q": ["Enskede"]}
    # The way out: the same words in every area.
    place.get_by_role("button", name="Sök i alla stadsdelsområden").click()
    page.wait_for_selector('#sok[data-klar="Enskede"]')
    assert page.locator("#sok-plats").is_hidden()
    assert page.get_by_role("combobox", name="Stadsdelsområde eller nämnd").input_value() == ""


def test_the_next_query_is_not_held_to_the_last_places_area(page: Page, preview):
    search(page, preview, "Fruängen")
    page.get_by_role("searchbox", name="Sökord").fill("hemtjänst")
    page.get_by_role("button", name="Sök", exact=True).click()
    page.wait_for_selector('#sok[data-klar="hemtjänst"]')
    results = page.locator(".garanti-traff__namn").all_inner_texts()
    assert {area_of(title) for title in results} == set(AREAS), results


def test_a_place_without_published_units_says_so_and_offers_the_areas_that_have_them(page: Page, preview):
    assert search(page, preview, "förskola i Farsta") == []
    assert page.get_by_role("status").inner_text() == "Inga publicerade garantier i Farsta ännu."
    line = page.locator("#sok-plats")
    assert line.inner_text() == (
        f"Publicerade garantier finns i {AREAS[0]} och {AREAS[1]}. Sök på ”förskola” i hela staden."
    )
    line.get_by_role("link", name=AREAS[0]).click()
    page.wait_for_selector('#sok[data-klar="förskola"]')
    results = page.locator(".garanti-traff__namn").all_inner_texts()
    assert results and {area_of(title) for title in results} == {AREAS[0]}, results
    preschools = {g.title for g in SAMPLE.guarantees if g.service == "förskola" and area_of(g.title) == AREAS[0]}
    assert set(results[: len(preschools)]) == preschools, results  # the service named, first


def test_small_words_alone_find_nothing_and_say_why(page: Page, preview):
    assert search(page, preview, "vad får jag") == []
    assert page.get_by_role("status").inner_text().startswith("Skriv vad du söker, till exempel förskola")


def test_a_misspelt_place_is_corrected_and_said(page: Page, preview):
    results = search(page, preview, "vestertorp")
    assert results[0].startswith("Västertorps")
    assert page.locator("#sok-forslag").inner_text().startswith("Visar träffar för Västertorp.")


def test_the_finnish_search_knows_places_and_says_it_in_finnish(page: Page, preview):
    results = search(page, preview, "Fruängen", "suomeksi/haku/")
    assert results and results[0] == "Fruängenin esikoulut"
    assert page.locator("#sok-plats").inner_text().startswith("Näytetään laatutakuut alueelta Hägersten-Liljeholmen")
    assert search(page, preview, "Farsta", "suomeksi/haku/") == []
    assert page.get_by_role("status").inner_text() == "Alueelta Farsta ei ole vielä julkaistu laatutakuita."
    assert page.locator("#sok-plats").inner_text().startswith("Julkaistuja laatutakuita on alueilta")


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize(
    "query, page_path",
    [
        ("Enskede", "sok/"),  # the place line and its button, the filter chosen
        ("förskola Farsta", "sok/"),  # no units there: the links
        ("och", "sok/"),  # small words only
        ("Farsta", "suomeksi/haku/"),
    ],
)
def test_axe_finds_nothing_on_the_place_searches(page: Page, preview, width, query, page_path):
    page.set_viewport_size({"width": width, "height": 900})
    search(page, preview, query, page_path)
    violations = run_axe(page)
    assert violations == [], f"{query} ({width} px): {format_violations(violations)}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the screen


def test_a_misspelt_finnish_service_word_is_corrected_and_finds_its_units_first(page: Page, preview):
    results = search(page, preview, "kotipalvlu", "suomeksi/haku/")
    assert page.locator("#sok-forslag").inner_text().startswith("Näytetään tulokset haulle kotipalvelu.")
    home_care = {
        v.title
        for v in SAMPLE.language_versions
        if v.language.key == "fi"
        and next(g for g in SAMPLE.guarantees if g.unit_key == v.unit_key).service == "hemtjänst"
    }
    assert home_care and set(results[: len(home_care)]) == home_care, results
