"""A renamed unit (tests/renamed.py) in real headless Chromium: its old address, its old year page and its old
Finnish page lead to the unit under its new name, with no script; the page at an old address passes axe on a
phone and a desktop and loads nothing from another origin."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from ..renamed import FINNISH_TITLE, NEW_TITLE, NEW_URL, OLD_URL, publish_renamed
from .helpers import foreign_requests, format_violations, run_axe

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
# An earlier address, where it leads below the new one, and the heading found there.
LEADS = {
    "address": (OLD_URL, "", NEW_TITLE),
    "year": (f"{OLD_URL}2026/", "", NEW_TITLE),
    "finnish": (f"{OLD_URL}suomeksi/", "suomeksi/", FINNISH_TITLE),
}


@pytest.fixture(scope="session")
def renamed_site(tmp_path_factory, serve_dir) -> str:
    return serve_dir(os.path.realpath(publish_renamed(tmp_path_factory.mktemp("namnbyte"))))


@pytest.mark.parametrize("kind", LEADS)
def test_an_old_address_leads_to_the_new_one(page: Page, renamed_site, kind):
    old, below, heading = LEADS[kind]
    page.goto(renamed_site + old)
    expect(page).to_have_url(renamed_site + NEW_URL + below)
    expect(page.locator("h1")).to_have_text(re.compile(re.escape(heading)))
    assert foreign_requests(page, renamed_site) == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_page_at_an_old_address_passes_axe(page: Page, renamed_site, viewport):
    """Held on the old address (the new one answers "204 No Content", so the browser stays), it is read as it is."""
    page.route(re.compile(re.escape(renamed_site + NEW_URL) + ".*"), lambda route: route.fulfill(status=204))
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(renamed_site + OLD_URL)
    expect(page.get_by_role("link", name="enhetens sida")).to_be_visible()
    assert page.url == renamed_site + OLD_URL
    assert page.locator("script").count() == 0
    violations = run_axe(page)
    assert violations == [], f"{viewport}: {format_violations(violations)}"
