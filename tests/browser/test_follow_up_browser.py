"""Follow-ups and comparisons as residents see them, in real headless Chromium.

Two sites: the sample corpus (with its follow-ups) built as the preview (conftest's
`preview_site`), for axe-core, the result markers, the index pages' counts and the
wall notice on real content; and a small district with five
preschools built here with `mkdocs build`, where choosing units is tried by
keyboard: at most four, the choice in the address, a shared address reopened,
and the page without JavaScript.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from garanti.content import check_tree
from garanti.model import PRESCHOOL
from garanti.site import paths
from garanti.site.selection import Settings, Site

from ..helpers import REPO_ROOT, TODAY, mkdocs_build, site_project, write
from ..samples import BOARD, BOARD_YML, preschool
from .helpers import foreign_requests, format_violations, pdf_page_count, record_requests, run_axe

PHONE = {"width": 390, "height": 844}  # a common phone (iPhone 12–15)
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
SCREENSHOTS = REPO_ROOT / "benchmarks" / "out" / "screenshots"

# The sample's comparison of preschools with the most units, as the preview shows it.
_SAMPLE_SITE = Site(check_tree(REPO_ROOT).corpus, Settings(today=dt.date.fromisoformat(TODAY)))
_BOARD, _SERVICE, _UNITS = max(
    (c for c in _SAMPLE_SITE.comparisons() if c[1] == PRESCHOOL), key=lambda c: len(c[2]), default=(None, None, [])
)
SAMPLE_COMPARISON = paths.url_of(paths.comparison_page(_BOARD.slug, _SERVICE)) if _BOARD else None

# The sample's current guarantee whose follow-up has the most kinds of result (all three, in the sample).
_FOLLOWED = max(
    (
        g
        for g in _SAMPLE_SITE.listed()
        if not g.draft and _SAMPLE_SITE.follow_up(g) and not _SAMPLE_SITE.follow_up(g).draft
    ),
    key=lambda g: (len({r.result for r in _SAMPLE_SITE.follow_up(g).results}), g.service == PRESCHOOL),
    default=None,
)
FOLLOW_UP = _SAMPLE_SITE.follow_up(_FOLLOWED) if _FOLLOWED else None

# The small district: five preschools, so that the fifth choice is refused.
UNITS = ["alfa", "beta", "gamma", "delta", "epsilon"]
NAMES = {slug: f"{slug.capitalize()}s förskola" for slug in UNITS}
COMPARISON = paths.url_of(paths.comparison_page("provstaden", PRESCHOOL))

VISIBLE_UNITS = """() => Array.from(document.querySelectorAll('#jamfor thead th[id^="enhet-"]'))
    .filter(cell => cell.checkVisibility()).map(cell => cell.id.slice('enhet-'.length))"""

# Every row shows the same columns as the header: no cell left behind.
ROWS_AGREE = """() => Array.from(document.querySelectorAll('#jamfor tr'))
    .map(row => Array.from(row.cells).filter(cell => cell.checkVisibility()).length)"""


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("district")
    write(root, BOARD, BOARD_YML)
    for slug in UNITS:
        write(root, f"guarantees/provstaden/forskola/{slug}.md", preschool(NAMES[slug]))
    out = root / "site"
    result = mkdocs_build(site_project(root), out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def district_url(serve_dir, district) -> str:
    return serve_dir(district)


@pytest.fixture(scope="module")
def sample_url(serve_dir, preview_site) -> str:
    return serve_dir(preview_site)


def _address_units(page: Page) -> str | None:
    query = dict(part.split("=", 1) for part in urlsplit(page.url).query.split("&") if "=" in part)
    return query.get("enheter")


# --- choosing units -----------------------------------------------------------------------


def test_without_javascript_every_unit_is_compared_and_the_table_scrolls_on_a_phone(browser: Browser, district_url):
    context = browser.new_context(java_script_enabled=False, service_workers="block", viewport=PHONE)
    record_requests(context)
    try:
        page = context.new_page()
        page.goto(district_url + COMPARISON, wait_until="networkidle")
        assert page.evaluate(VISIBLE_UNITS) == sorted(UNITS, key=lambda slug: NAMES[slug])
        assert page.locator("fieldset.garanti-valj").count() == 0  # nothing to click that would do nothing
        assert page.locator("#jamfor caption").inner_text() == "Åtaganden och uppföljning, enhet för enhet"
        # the table scrolls inside its own box; the page itself does not
        box = page.evaluate("""() => { const box = document.querySelector('.garanti-jamforelse');
            return [box.scrollWidth > box.clientWidth, document.documentElement.scrollWidth]; }""")
        assert box == [True, PHONE["width"]]
        assert page.locator(".garanti-jamfor-tips").is_visible()  # "svep i sidled": or the third unit goes unseen
        assert foreign_requests(page, district_url) == []
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_page_as_it_is_without_its_script_passes_axe(page: Page, district_url, viewport):
    # axe needs JavaScript itself (its timers do not run in a page without it), so here only
    # the page's own script is kept from loading.
    page.route("**/assets/jamfor.js", lambda route: route.abort())
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(district_url + COMPARISON, wait_until="networkidle")
    assert page.locator("fieldset.garanti-valj").count() == 0
    violations = run_axe(page)
    assert violations == [], f"{viewport}: {format_violations(violations)}"


def test_units_are_chosen_by_keyboard_and_the_choice_is_in_the_address(page: Page, district_url):
    page.set_viewport_size(PHONE)
    page.goto(district_url + COMPARISON, wait_until="networkidle")
    status = page.locator(".garanti-valj__status")
    assert status.inner_text() == "Alla 5 enheter visas. Välj två till fyra för att bara se dem."
    page.get_by_role("checkbox", name=NAMES["beta"]).focus()
    page.keyboard.press("Space")
    assert page.evaluate(VISIBLE_UNITS) == ["beta"]
    assert "Välj minst en till" in status.inner_text()
    page.keyboard.press("Tab")  # Deltas förskola: the boxes follow the table's (alphabetical) order
    page.keyboard.press("Space")
    assert page.evaluate(VISIBLE_UNITS) == ["beta", "delta"]
    assert _address_units(page) == "beta,delta"
    assert status.inner_text() == "2 av 5 enheter visas: Betas förskola och Deltas förskola."
    assert set(page.evaluate(ROWS_AGREE)) == {3}  # the row headers and two units, in every row
    for name in ("alfa", "epsilon"):
        page.get_by_role("checkbox", name=NAMES[name]).press("Space")
    assert page.evaluate(VISIBLE_UNITS) == ["alfa", "beta", "delta", "epsilon"]
    assert _address_units(page) == "alfa,beta,delta,epsilon"
    # four is the most: the fifth cannot be chosen, and the status says why
    assert page.get_by_role("checkbox", name=NAMES["gamma"]).is_disabled()
    assert "Ta bort en för att välja en annan." in status.inner_text()
    page.get_by_role("checkbox", name=NAMES["alfa"]).press("Space")
    assert page.get_by_role("checkbox", name=NAMES["gamma"]).is_enabled()
    # back to every unit, by keyboard too
    page.get_by_role("button", name="Visa alla enheter").press("Enter")
    assert len(page.evaluate(VISIBLE_UNITS)) == 5
    assert _address_units(page) is None
    assert page.evaluate("document.activeElement.id") == "valj-alfa"  # focus is not lost


def test_a_shared_address_opens_with_the_chosen_units(page: Page, district_url):
    page.goto(district_url + COMPARISON + "?enheter=gamma,okand,alfa", wait_until="networkidle")
    assert page.evaluate(VISIBLE_UNITS) == ["alfa", "gamma"]  # unknown names are passed over
    checked = page.locator("fieldset.garanti-valj input:checked")
    assert [checked.nth(i).get_attribute("value") for i in range(checked.count())] == ["alfa", "gamma"]
    assert (
        page.locator(".garanti-valj__status").inner_text()
        == "2 av 5 enheter visas: Alfas förskola och Gammas förskola."
    )
    page.goto(district_url + COMPARISON + "?enheter=" + ",".join(UNITS), wait_until="networkidle")
    assert len(page.evaluate(VISIBLE_UNITS)) == 4  # never more than four


# --- the sample: axe, language, requests ----------------------------------------------------

CHOICES = {"every-unit": "", "chosen": "?enheter={}"}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("choice", CHOICES)
def test_sample_comparison_passes_axe_in_swedish_and_loads_only_its_own_files(page: Page, sample_url, choice, viewport):
    assert SAMPLE_COMPARISON, "the sample corpus needs a district with two or more current preschools"
    page.set_viewport_size(VIEWPORTS[viewport])
    chosen = ",".join(g.slug for g in _UNITS[:2])
    page.goto(sample_url + SAMPLE_COMPARISON + CHOICES[choice].format(chosen), wait_until="networkidle")
    assert page.get_attribute("html", "lang") == "sv"
    expected = [g.slug for g in _UNITS[:2]] if choice == "chosen" else [g.slug for g in _UNITS]
    assert page.evaluate(VISIBLE_UNITS) == expected
    violations = run_axe(page)
    assert violations == [], f"{choice} ({viewport}): {format_violations(violations)}"
    assert foreign_requests(page, sample_url) == []
    assert any(url.endswith("/assets/jamfor.js") for url in page.evaluate("performance.getEntries().map(e => e.name)"))


def test_two_chosen_units_fit_a_phone_without_scrolling_sideways(page: Page, sample_url):
    assert SAMPLE_COMPARISON, "the sample corpus needs a district with two or more current preschools"
    page.set_viewport_size(PHONE)
    chosen = [g.slug for g in _UNITS[:2]]
    page.goto(sample_url + SAMPLE_COMPARISON + "?enheter=" + ",".join(chosen), wait_until="networkidle")
    assert page.evaluate(VISIBLE_UNITS) == chosen
    overflow = page.evaluate("""() => { const box = document.querySelector('.garanti-jamforelse');
        return [box.scrollWidth - box.clientWidth, document.documentElement.scrollWidth]; }""")
    assert overflow == [0, PHONE["width"]]
    hint = page.locator(".garanti-jamfor-tips")
    assert hint.is_hidden()  # nothing to swipe to
    page.get_by_role("checkbox", name=_UNITS[2].title, exact=True).check()
    assert hint.is_visible() and "svep i sidled" in hint.inner_text()


def test_on_a_desktop_two_units_share_the_page_width(page: Page, sample_url):
    page.set_viewport_size(DESKTOP)
    chosen = [g.slug for g in _UNITS[:2]]
    page.goto(sample_url + SAMPLE_COMPARISON + "?enheter=" + ",".join(chosen), wait_until="networkidle")
    widths = page.evaluate("""() => { const box = document.querySelector('.garanti-jamforelse');
        return [box.querySelector('table').getBoundingClientRect().width, box.clientWidth]; }""")
    assert widths[0] == pytest.approx(widths[1], abs=1)
    page.get_by_role("button", name="Visa alla enheter").click()
    assert page.locator(".garanti-jamfor-tips").is_hidden()  # every unit fits a desktop


# --- "Så gick det" and the counts, on the sample -----------------------------------------------

MARKERS = """() => Array.from(document.querySelectorAll('.garanti-uppfoljning .garanti-resultat-utfall')).map(mark => ({
    shown: mark.innerText.trim(),
    hidden: Array.from(mark.querySelectorAll('[aria-hidden="true"]')).map(part => part.textContent),
}))"""


def _needs_sample_follow_up() -> None:
    assert FOLLOW_UP is not None, "the sample corpus needs a current guarantee with a follow-up"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_so_it_went_passes_axe_and_says_every_result_in_words(page: Page, sample_url, viewport):
    _needs_sample_follow_up()
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(sample_url + _FOLLOWED.url, wait_until="networkidle")
    assert page.get_attribute("html", "lang") == "sv"
    assert (
        page.locator(".garanti-uppfoljning h2").inner_text().removesuffix("¶").strip()
        == f"Så gick det {FOLLOW_UP.year}"
    )
    # each result: a symbol screen readers skip, and the result in words, which is what is read
    symbols = {"uppfyllt": "✓", "delvis uppfyllt": "◐", "inte uppfyllt": "✗"}
    expected = [
        {"shown": f"{symbols[r.result]} {r.result[0].upper()}{r.result[1:]}", "hidden": [symbols[r.result]]}
        for r in FOLLOW_UP.results
    ]
    assert page.evaluate(MARKERS) == expected
    assert len({r.result for r in FOLLOW_UP.results}) == 3, "the sample should show all three results on one page"
    violations = run_axe(page)
    assert violations == [], f"{viewport}: {format_violations(violations)}"
    assert foreign_requests(page, sample_url) == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("index", ["department", "service"])
def test_index_pages_with_kept_counts_pass_axe(page: Page, sample_url, index, viewport):
    _needs_sample_follow_up()
    address = (
        paths.department_page(_FOLLOWED.board, _FOLLOWED.department)
        if index == "department"
        else paths.service_page(_FOLLOWED.service)
    )
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(sample_url + paths.url_of(address), wait_until="networkidle")
    total = len(FOLLOW_UP.results)
    line = page.locator("article li", has=page.get_by_role("link", name=_FOLLOWED.title, exact=True))
    assert f"{FOLLOW_UP.kept} av {total} åtaganden uppfyllda {FOLLOW_UP.year}" in line.inner_text()
    violations = run_axe(page)
    assert violations == [], f"{index} ({viewport}): {format_violations(violations)}"


def test_the_wall_notice_keeps_one_page_with_only_the_summary(page: Page, sample_url):
    _needs_sample_follow_up()
    url = sample_url + _FOLLOWED.url
    assert pdf_page_count(page, url) == 1
    page.emulate_media(media="print")
    shown = page.evaluate("""() => ['.garanti-uppfoljning h2', '.garanti-uppfoljning-summering',
        '.garanti-uppfoljning-detaljer'].map(selector => document.querySelector(selector).checkVisibility())""")
    assert shown == [True, True, False]
    summary = page.locator(".garanti-uppfoljning-summering").inner_text()
    assert summary.startswith(
        f"{FOLLOW_UP.kept} av {len(FOLLOW_UP.results)} åtaganden uppfyllda under {FOLLOW_UP.year}."
    )


def test_screenshots_of_a_follow_up_and_three_preschools_compared(page: Page, sample_url):
    _needs_sample_follow_up()
    assert len(_UNITS) >= 3, "the sample needs three current preschools in one district"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    three = ",".join(g.slug for g in _UNITS[:3])
    shots = {
        "follow-up-phone.png": (_FOLLOWED.url, PHONE),
        "follow-up-desktop.png": (_FOLLOWED.url, DESKTOP),
        "comparison-three-phone.png": (f"{SAMPLE_COMPARISON}?enheter={three}", PHONE),
        "comparison-three-desktop.png": (f"{SAMPLE_COMPARISON}?enheter={three}", DESKTOP),
    }
    for name, (address, viewport) in shots.items():
        page.set_viewport_size(viewport)
        page.goto(sample_url + address, wait_until="networkidle")
        page.screenshot(path=SCREENSHOTS / name, full_page=True)
        assert (SCREENSHOTS / name).stat().st_size > 10_000, name
