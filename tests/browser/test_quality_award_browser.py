"""The kvalitetsutmärkelse as residents see it (issue 33, item 4), in real headless Chromium on the
sample corpus published from real approval tags: on Hägerstens gruppbostäder's page at a phone's and a
desktop's width with no axe violation, on its one-page wall notice, and as a search filter."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .helpers import format_violations, pdf_page_count, run_axe
from .test_search_browser import search

UNIT_PAGE = "hagersten-liljeholmen/hagerstens-gruppbostader/"
SENTENCE = (
    "Enheten anmäldes till Stockholms stads kvalitetsutmärkelse 2015. "
    "Beslut av Hägersten-Liljeholmens stadsdelsnämnd den 11 juni 2015."
)
# The filter's value as the index has it; the select shows it capitalised, with its count.
TOOK_PART = "med i tävlingen"


@pytest.fixture(scope="module")
def base(serve_dir, published_site) -> str:
    return serve_dir(published_site)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_award_shows_on_the_units_page_with_no_axe_violation(page: Page, base, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base + UNIT_PAGE)
    award = page.locator(".garanti-utmarkelse")
    assert award.is_visible()
    assert award.inner_text().strip() == SENTENCE
    box = award.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, "the award overflows the page"
    violations = run_axe(page)
    assert violations == [], f"{width} px: {format_violations(violations)}"


def test_the_award_is_on_the_one_page_wall_notice(page: Page, base):
    assert pdf_page_count(page, base + UNIT_PAGE) == 1
    page.emulate_media(media="print")
    try:
        assert page.locator(".garanti-utmarkelse").is_visible()
    finally:
        page.emulate_media(media="null")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_search_filters_on_the_award_with_no_axe_violation(page: Page, base, width):
    page.set_viewport_size({"width": width, "height": 900})
    assert search(page, base, utmarkelse=TOOK_PART) == ["Hägerstens gruppbostäder"]
    chosen = page.get_by_label("Kvalitetsutmärkelsen")
    assert chosen.input_value() == TOOK_PART
    assert chosen.locator("option").all_text_contents() == ["Alla", "Med i tävlingen (1)"]
    if width < 720:  # the filters start closed on a phone: opened, to be checked as residents see them
        page.locator("#sok-filter summary").click()
    violations = run_axe(page)
    assert violations == [], f"{width} px: {format_violations(violations)}"


def test_choosing_the_filter_narrows_a_search(page: Page, base):
    page.set_viewport_size({"width": 1280, "height": 900})
    everyone = search(page, base, "gruppbostad")
    assert "Hägerstens gruppbostäder" in everyone
    page.get_by_label("Kvalitetsutmärkelsen").select_option(TOOK_PART)
    page.wait_for_url(lambda url: "utmarkelse=" in url)
    page.wait_for_selector('#sok[data-klar="gruppbostad"]')
    assert page.locator(".garanti-traff__namn").all_inner_texts() == ["Hägerstens gruppbostäder"]


def test_a_search_for_the_award_finds_the_unit_that_took_part(page: Page, base):
    page.set_viewport_size({"width": 1280, "height": 900})
    assert search(page, base, "kvalitetsutmärkelse") == ["Hägerstens gruppbostäder"]
