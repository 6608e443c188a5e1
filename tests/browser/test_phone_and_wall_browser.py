"""Residents on a phone (390 × 844, a common phone) and at the wall (the printed notice),
in real headless Chromium on the sample corpus built as the preview and as a publication.

Each test is one thing a resident tripped over (issue 25): the search's first screen,
the header's search button, "Visa fler", the words of the filters and the correction,
the site's name in the header and the drawer, tables on a phone, numbers and addresses
to tap, opening hours, and the wall notice's type.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from garanti.content import check_tree
from garanti.model import PRESCHOOL
from garanti.site import paths

from ..helpers import REPO_ROOT, TODAY, mkdocs_build, site_project, write
from ..samples import BOARD_YML, HOME_CARE_MD
from .helpers import format_violations, pdf_page_count, run_axe
from .test_search_browser import search, shown_results, status

PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10's reflow width
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

SAMPLE = check_tree(REPO_ROOT).corpus
_TODAY = dt.date.fromisoformat(TODAY)
CURRENT = [g for g in SAMPLE.guarantees if not g.expired(_TODAY)]
SITE_NAME = "Kvalitetsgarantier – Stockholms stad"


def _unit(title: str):
    found = next((g for g in SAMPLE.guarantees if g.title == title), None)
    assert found, f"the sample has no {title}; these tests need it"
    return found


@pytest.fixture(scope="module")
def served(serve_dir, preview_site, published_site) -> dict[str, str]:
    return {"preview": serve_dir(preview_site), "published": serve_dir(published_site)}


# --- 1. the search's first screen ------------------------------------------------------

# The issue's own query: "Blåsuts" misspelt by a letter.
MISSPELT, CORRECTED = "Blåsts", "Blåsuts"

ON_FIRST_SCREEN = """selector => {
    const box = document.querySelector(selector).getBoundingClientRect();
    return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
}"""


@pytest.mark.parametrize("build", ["preview", "published"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_after_a_search_the_results_show_on_the_first_screen(page: Page, served, build, viewport):
    """On a phone the introduction, the field and three filters filled the first screen:
    the count and the first result must show without scrolling, the filters one tap away."""
    page.set_viewport_size(VIEWPORTS[viewport])
    results = search(page, served[build], MISSPELT)
    assert any(CORRECTED in title for title in results), results
    assert page.evaluate("window.scrollY") == 0
    assert page.evaluate(ON_FIRST_SCREEN, "#sok-status"), "the count is below the first screen"
    assert page.evaluate(ON_FIRST_SCREEN, ".garanti-traff__namn"), "the first result is below the first screen"
    area = page.get_by_role("combobox", name="Stadsdelsområde eller nämnd")
    if viewport == "phone":  # the filters are behind their disclosure, which is on the first screen
        assert not area.is_visible()
        assert page.evaluate(ON_FIRST_SCREEN, "#sok-filter > summary")
        page.locator("#sok-filter > summary").click()
    for name in ("Stadsdelsområde eller nämnd", "Verksamhet", "Avdelning"):
        assert page.get_by_role("combobox", name=name).is_visible(), name


def test_a_chosen_filter_is_said_on_the_closed_disclosure(page: Page, served):
    page.set_viewport_size(PHONE)
    service = _unit("Årsta hemtjänst").service
    # A word that names no place: a place (such as Årsta) would choose its area's filter as well.
    search(page, served["preview"], "hemtjänst", verksamhet=service)
    summary = page.locator("#sok-filter > summary")
    assert summary.is_visible() and "1 filter valt" in summary.inner_text()
    assert page.evaluate(ON_FIRST_SCREEN, ".garanti-traff__namn")


# --- 2. the header's search button --------------------------------------------------------


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_header_search_button_opens_the_search_with_the_field_focused(page: Page, served, viewport):
    """At 390 px the header has only the button: the resident's next keys go into the field."""
    base = served["preview"]
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(base + "om/")
    page.get_by_role("button", name="Sök bland garantierna").click()
    page.wait_for_selector('#sok[data-klar=""]')
    assert page.url.startswith(base + "sok/")
    assert page.evaluate("document.activeElement.id") == "sok-ord"
    page.keyboard.type("dagis")
    page.keyboard.press("Enter")
    assert shown_results(page, "dagis")


def test_a_search_opened_with_words_leaves_the_results_in_view(page: Page, served):
    """With words in the address the results are what the resident came for: no keyboard over them."""
    page.set_viewport_size(PHONE)
    search(page, served["preview"], "förskola")
    assert page.evaluate("document.activeElement.id") != "sok-ord"


# --- 3. "Visa fler" only when there is more ---------------------------------------------------


# A few results in both builds. Not MISSPELT: its correction names a place (Blåsut), which finds all
# of that place's area's units, more than a page.
A_FEW = "hemtjänst"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_more_results_button_shows_only_when_there_are_more(page: Page, served, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    more = page.get_by_role("button", name="Visa fler")
    for build in ("preview", "published"):
        search(page, served[build])  # the empty search page
        assert not more.is_visible(), f"{build}: empty search page"
        assert len(search(page, served[build], A_FEW)) <= 10
        assert not more.is_visible(), f"{build}: a few results"
    # A word most guarantees have ("och" is a small word the search leaves out, so finds nothing).
    results = search(page, served["preview"], "stockholm")
    assert len(results) == 10 and more.is_visible(), "more than a page of results"
    shown = 10
    while more.is_visible():  # until every result is shown: then there is no more
        more.click()
        page.wait_for_function(f"document.querySelectorAll('.garanti-traff').length > {shown}")
        shown = page.locator(".garanti-traff").count()
        page.wait_for_function("document.activeElement.closest('.garanti-traff') !== null")
    assert shown > 10


def test_without_javascript_no_empty_filters_show(browser, served):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(served["preview"] + "sok/")
        assert not page.locator("#sok-filter").is_visible()
        assert not page.get_by_role("button", name="Visa fler").is_visible()
        assert "Sökningen behöver JavaScript" in page.inner_text("article")
    finally:
        context.close()


# --- 4. words as residents write them ------------------------------------------------------


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_filters_and_the_corrected_word_are_written_as_residents_write_them(page: Page, served, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    search(page, served["preview"])
    if viewport == "phone":
        page.locator("#sok-filter > summary").click()
    options = page.get_by_role("combobox", name="Verksamhet").locator("option").all_inner_texts()
    preschools = sum(1 for g in CURRENT if g.service == PRESCHOOL)
    assert f"Förskola ({preschools})" in options, options
    assert all(option[0].isupper() for option in options), options
    search(page, served["preview"], MISSPELT)
    assert f"för ”{CORRECTED}”." in status(page)
    assert page.locator("#sok-forslag").inner_text().startswith(f"Visar träffar för {CORRECTED}.")


# --- 5. the site's name --------------------------------------------------------------------

# The site's name as shown: cut (an ellipsis) when its text is wider than its box.
NAME_SHOWN = """selector => {
    const element = document.querySelector(selector);
    const box = element.getBoundingClientRect();
    return {
        text: element.innerText.replace(/\\s+/g, ' ').trim(),
        cut: element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1,
        inside: box.left >= 0 && box.right <= document.documentElement.clientWidth,
        visible: element.checkVisibility(),
    };
}"""
HEADER_NAME = ".md-header__topic:first-child .md-ellipsis"
DRAWER_NAME = ".md-nav--primary > .md-nav__title"


@pytest.mark.parametrize("size", [NARROW, PHONE, DESKTOP], ids=["320", "390", "1280"])
def test_the_site_name_shows_whole_in_the_header_and_the_drawer(page: Page, served, size):
    page.set_viewport_size(size)
    page.goto(served["published"])
    shown = page.evaluate(NAME_SHOWN, HEADER_NAME)
    assert shown == {"text": SITE_NAME, "cut": False, "inside": True, "visible": True}, shown
    if size is DESKTOP:
        return  # no drawer: the navigation is beside the page
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_timeout(400)  # the drawer slides in
    shown = page.evaluate(NAME_SHOWN, DRAWER_NAME)
    assert shown["visible"] and not shown["cut"] and shown["inside"], shown
    assert SITE_NAME in shown["text"], shown


# --- 6. tables on a phone --------------------------------------------------------------

# Per visible table: the cells cut off at the window's right edge, and whether the table
# sits in a box that scrolls sideways with a visible hint that says so.
TABLES = """() => {
    // Shown: not hidden, nor clipped to a pixel for screen readers only (a card's column headers).
    const shown = cell => cell.checkVisibility()
        && cell.closest('thead, tbody, table').getBoundingClientRect().width > 1;
    return Array.from(document.querySelectorAll('article table'))
    .filter(table => table.checkVisibility())
    .map(table => {
        const width = document.documentElement.clientWidth;
        const cut = Array.from(table.querySelectorAll('th, td'))
            .filter(cell => shown(cell) && cell.getBoundingClientRect().right > width + 1)
            .map(cell => cell.innerText.trim().slice(0, 30));
        const scroller = table.closest('.garanti-tabell, .garanti-jamforelse');
        const tips = scroller && scroller.parentElement.querySelectorAll('.garanti-tabell-tips, .garanti-jamfor-tips');
        const hint = tips && Array.from(tips)
            .some(tip => tip.checkVisibility() && /svep|dra/i.test(tip.innerText));
        return {cut, scrolls: !!scroller && scroller.scrollWidth > scroller.clientWidth, hint: !!hint};
    });
}"""

TABLE_PAGES = {
    "decisions": ("published", paths.url_of(paths.decisions_page())),
    **{
        f"comparison-{board.slug}-{service}": ("preview", paths.url_of(paths.comparison_page(board.slug, service)))
        for board in SAMPLE.boards.values()
        for service in sorted({g.service for g in CURRENT if g.board == board.slug})
        if sum(1 for g in CURRENT if g.board == board.slug and g.service == service and not g.draft) >= 2
    },
}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("kind", TABLE_PAGES)
def test_every_table_reads_on_a_phone(page: Page, served, kind, viewport):
    """A table either fits, or scrolls in its own box and says so above it."""
    build, address = TABLE_PAGES[kind]
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(served[build] + address, wait_until="networkidle")
    tables = page.evaluate(TABLES)
    assert tables, f"{kind}: no table"
    for table in tables:
        assert not table["cut"] or (table["scrolls"] and table["hint"]), f"{kind} ({viewport}): {table}"


DECISION_CELLS = """() => Array.from(document.querySelectorAll('.garanti-beslutstabell tbody tr')).map(row =>
    Array.from(row.cells).map(cell => ({
        label: Array.from(cell.querySelectorAll('[aria-hidden="true"]'))
            .filter(name => name.checkVisibility()).map(name => name.innerText.trim()).join(''),
        top: Math.round(cell.getBoundingClientRect().top),
        right: cell.getBoundingClientRect().right,
    })))"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_decisions_read_as_cards_on_a_phone_and_as_a_table_on_a_desktop(page: Page, served, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(served["published"] + paths.url_of(paths.decisions_page()))
    headers = page.locator(".garanti-beslutstabell thead th").all_inner_texts()
    rows = page.evaluate(DECISION_CELLS)
    assert len(headers) == 6 and len(rows) == len(SAMPLE.boards)
    for cells in rows:
        if viewport == "phone":  # one cell under the other, each saying what it is
            assert [cell["label"].removesuffix(":") for cell in cells] == headers
            assert all(cell["right"] <= PHONE["width"] for cell in cells)
            assert len({cell["top"] for cell in cells}) == len(cells)
        else:  # a row of six cells under the column headers
            assert len({cell["top"] for cell in cells}) == 1
            assert all(cell["label"] == "" for cell in cells)
    violations = run_axe(page)
    assert violations == [], format_violations(violations)


# --- 7. numbers and addresses to tap ------------------------------------------------------

# A sample unit whose texts name the district's switchboard in running text.
SWITCHBOARD_UNIT = _unit("Årsta hemtjänst")
SWITCHBOARD = "08-508 14 000"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_phone_number_in_running_text_is_a_link_to_call(page: Page, served, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    for build in ("preview", "published"):
        page.goto(served[build] + SWITCHBOARD_UNIT.url)
        link = page.locator(".garanti-text a", has_text=SWITCHBOARD)
        assert link.count() == 1, build
        assert link.get_attribute("href") == "tel:+46850814000"
        assert link.inner_text() == SWITCHBOARD


def test_an_address_has_no_map_link_unless_the_city_chose_a_map_service(page: Page, served):
    page.set_viewport_size(PHONE)
    page.goto(served["published"] + SWITCHBOARD_UNIT.url)
    address = page.locator(".garanti-kontakt li", has_text="Adress")
    assert SWITCHBOARD_UNIT.contact.address in address.inner_text()
    assert address.locator("a").count() == 0


MAP_SERVICE = "https://karta.example.se/sok?q={adress}"


@pytest.fixture(scope="module")
def mapped_site(tmp_path_factory) -> Path:
    """A small site whose mkdocs.yml names a map service for addresses."""
    root = tmp_path_factory.mktemp("karta")
    write(root, "guarantees/provstaden/board.yml", BOARD_YML)
    write(root, "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md", HOME_CARE_MD)
    config = site_project(root)
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("extra:\n", f'extra:\n  garanti_map_link: "{MAP_SERVICE}"\n', 1), encoding="utf-8")
    out = root / "site"
    result = mkdocs_build(config, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_an_address_links_to_the_map_service_the_city_chose(page: Page, serve_dir, mapped_site, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(serve_dir(mapped_site) + "provstaden/provstadens-hemtjanst/", wait_until="networkidle")
    link = page.locator(".garanti-kontakt a", has_text="karta")
    assert link.count() == 1
    assert link.get_attribute("href") == MAP_SERVICE.replace(
        "{adress}", quote("Provgatan 1, 123 45 Stockholm", safe="")
    )
    assert link.is_visible()
    page.emulate_media(media="print")
    assert not link.is_visible(), "a link to tap is no use on the wall"
    violations = run_axe(page)
    assert violations == [], format_violations(violations)


# --- 8. the wall notice ---------------------------------------------------------------------

PRINT_TYPE = """() => ({
    body: parseFloat(getComputedStyle(document.querySelector('.garanti-ataganden li')).fontSize),
    height: document.querySelector('article').getBoundingClientRect().height,
})"""
# A4 less the notice's margins, in CSS pixels: what one printed page holds.
A4_WIDTH_INSIDE, A4_HEIGHT_INSIDE = round((210 - 2 * 12) / 25.4 * 96), round((297 - 2 * 10) / 25.4 * 96)
PT = 96 / 72  # CSS pixels per point


@pytest.mark.parametrize("guarantee", SAMPLE.guarantees, ids=lambda g: g.url)
def test_the_notice_is_one_page_also_with_the_browsers_header_and_footer(page: Page, served, guarantee):
    builds = ["preview"] if guarantee.draft else ["preview", "published"]
    for build in builds:
        assert pdf_page_count(page, served[build] + guarantee.url, header_footer=True) == 1, build


def test_the_notice_uses_the_page_with_large_type(page: Page, served):
    """Read standing, from a distance: body text of 11.5 pt or more (the most that lets the
    longest sample, a preschool's, fill one page), and a home-care notice of ordinary
    length fills three quarters of its page or more (at 10 pt it filled two thirds)."""
    page.set_viewport_size({"width": A4_WIDTH_INSIDE, "height": A4_HEIGHT_INSIDE})
    page.emulate_media(media="print")
    page.goto(served["published"] + _unit("Årsta hemtjänst").url, wait_until="networkidle")
    shown = page.evaluate(PRINT_TYPE)
    assert shown["body"] >= 11.5 * PT - 0.01, shown
    assert shown["height"] >= 0.75 * A4_HEIGHT_INSIDE, shown


# --- 9. opening hours and visiting times ------------------------------------------------------


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_opening_hours_and_visiting_times_show_on_the_page_and_the_notice(page: Page, served, viewport):
    units = [g for g in CURRENT if g.contact.opening_hours or g.contact.visiting_hours]
    assert {bool(g.contact.opening_hours) for g in units} == {True, False}, "the sample shows both kinds"
    page.set_viewport_size(VIEWPORTS[viewport])
    for guarantee in units:
        page.emulate_media(media="screen")
        page.goto(served["published"] + guarantee.url)
        for heading, hours in (
            ("Öppettider", guarantee.contact.opening_hours),
            ("Besökstider", guarantee.contact.visiting_hours),
        ):
            if not hours:
                continue
            block = page.locator(".garanti-kontakt li", has_text=heading).first
            assert block.is_visible(), (guarantee.url, heading)
            text = block.inner_text()
            for line in hours:
                assert line.days in text and line.time in text, (guarantee.url, text)
            page.emulate_media(media="print")
            assert block.is_visible(), "the wall notice shows them too"
            page.emulate_media(media="screen")
