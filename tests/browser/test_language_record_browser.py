"""Language versions over time (issue 33, item 2) in real headless Chromium: the sites of
tests/publishing/test_language_record.py (a real repository, real tags, published in December and in
January) served as built. The announcement on a version's page, last year's Finnish text in the archive
and a unit's address in a language it has no version in now: in their language, with no Swedish label
left on a Finnish page, reachable from one another, and 0 axe violations at a phone's width and a desktop's.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from ..publishing.test_language_record import UNIT, sites  # noqa: F401 (the published sites, a fixture)
from .helpers import format_violations, run_axe
from .test_language_versions_browser import FINNISH_TEXTS, VIEWPORTS, _swedish_left

# (site, address) of each page the record in a language adds or changes.
PAGES = {
    "finnish-announcing": ("december", UNIT + "suomeksi/"),
    "easy-announcing": ("december", UNIT + "lattlast/"),
    "finnish-archived": ("january", UNIT + "2026/suomeksi/"),
    "finnish-absent": ("january", UNIT + "suomeksi/"),
    "finnish-coming": ("december", "norra/norra-forskolor/suomeksi/"),
    "easy-never": ("january", "norra/norra-forskolor/lattlast/"),
}


@pytest.fixture(scope="module")
def served(serve_dir, sites) -> dict[str, str]:  # noqa: F811
    return {name: serve_dir(site) for name, site in sites.items()}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_nothing_on_the_records_pages_in_a_language(page: Page, served, kind, viewport):
    site, address = PAGES[kind]
    page.set_viewport_size(VIEWPORTS[viewport])
    response = page.goto(served[site] + address)
    assert response is not None and response.status == 200
    violations = run_axe(page)
    assert violations == [], f"{kind} ({viewport}): {format_violations(violations)}"


@pytest.mark.parametrize("kind", [kind for kind in PAGES if kind.startswith("finnish")])
def test_the_records_finnish_pages_say_lang_fi_and_have_no_swedish_label_left(page: Page, served, kind):
    site, address = PAGES[kind]
    page.goto(served[site] + address)
    assert page.get_attribute("html", "lang") == "fi"
    assert _swedish_left(page.evaluate(FINNISH_TEXTS)) == [], kind


def test_a_finnish_notices_address_leads_to_last_years_finnish_text_and_to_the_swedish_one(page: Page, served):
    """Scanned from last year's Finnish wall notice in January: the address answers in Finnish and leads on."""
    base = served["january"]
    page.goto(base + UNIT + "suomeksi/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Norrstadens hemtjänst")
    page.get_by_role("link", name="2026", exact=True).click()
    page.wait_for_url(base + UNIT + "2026/suomeksi/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Norrstadenin kotipalvelu")
    assert "Aiempi versio" in page.locator(".garanti-arkiv").inner_text()
    page.get_by_role("link", name="Yksikön takuu tänään").click()
    page.wait_for_url(base + UNIT + "suomeksi/")
    page.get_by_role("link", name="Lue takuu ruotsiksi").click()
    page.wait_for_url(base + UNIT)
    assert page.get_attribute("html", "lang") == "sv"
