"""The site as a record over time (issue 24) in real headless Chromium: the pages of a version to
come, of an archived version and a unit's history pass axe and load nothing from another origin,
and every sample guarantee prints as one A4 notice, in force and to come, without the notes the
screen shows about the other version.

The sample corpus in a real git repository: each board approves it at its 2025 meeting (the 2026
guarantees), then rolls it over (`garanti rollover`) and approves the 2027 copies in December 2026.
Published on 20 December 2026 (the 2026 versions in force, 2027 announced) and on 2 January 2027
(2027 in force, 2026 in the archive).
"""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from playwright.sync_api import Page, expect

from garanti.content import check_tree
from garanti.publishing import ALLOW_UNVERIFIED
from garanti.site.selection import DEFAULT_SITE_URL

from ..helpers import REPO_ROOT
from ..repos import approved_meeting, make_sample_repo, publishing_environment
from .helpers import foreign_requests, format_violations, pdf_page_count, run_axe

SAMPLE = check_tree(REPO_ROOT).corpus
PUBLISHED = [g for g in SAMPLE.guarantees if not g.draft]
DECEMBER, JANUARY = "2026-12-20", "2027-01-02"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def december_meeting(board) -> dt.date:
    return max(m.date for m in board.meetings if m.date.year == 2026 and m.date.month == 12)


@pytest.fixture(scope="session")
def record_sites(tmp_path_factory, serve_dir) -> dict[str, str]:
    base = tmp_path_factory.mktemp("arkiv")
    repo = make_sample_repo(base / "repo")
    drafts = {
        path
        for path in (repo.root / "guarantees").rglob("*.md")
        if "\ndraft: true\n" in path.read_text(encoding="utf-8")
    }
    with publishing_environment("2026-06-01"):
        for board in SAMPLE.boards.values():
            assert repo.approve(board.slug, approved_meeting(board).isoformat()) == 0
    with publishing_environment("2026-11-30"):
        for board in SAMPLE.boards.values():
            assert repo.garanti("rollover", board.slug, "2027") == 0
    for path in (repo.root / "guarantees").rglob("*.md"):  # the board approves the copies: no longer drafts
        if path not in drafts:
            path.write_text(path.read_text(encoding="utf-8").replace("\ndraft: true\n", "\n"), encoding="utf-8")
    repo.commit("Garantierna för 2027", date="2026-11-30T12:00:00+01:00")
    with publishing_environment("2026-12-18"):
        for board in SAMPLE.boards.values():
            assert repo.approve(board.slug, december_meeting(board).isoformat()) == 0
    sites = {}
    for day in (DECEMBER, JANUARY):
        with publishing_environment(day):
            assert repo.garanti("publish", "--out", str(base / day), ALLOW_UNVERIFIED) == 0
        sites[day] = serve_dir(os.path.realpath(base / day))
    return sites


PRESCHOOL = next(g for g in PUBLISHED if g.service == "förskola" and g.valid_to.year == 2026)
# Every kind of page the record adds: (the day it is published, its address).
PAGES = {
    "unit-with-next-announced-and-history": (DECEMBER, PRESCHOOL.url),
    "version-to-come": (DECEMBER, f"{PRESCHOOL.url}2027/"),
    "archived-version-with-follow-up": (JANUARY, f"{PRESCHOOL.url}2026/"),
    "unit-with-history": (JANUARY, PRESCHOOL.url),
}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_nothing_on_the_records_pages(page: Page, record_sites, kind, viewport):
    day, address = PAGES[kind]
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(record_sites[day] + address)
    assert page.locator("h1").count() == 1
    violations = run_axe(page)
    assert violations == [], f"{kind} ({viewport}): {format_violations(violations)}"


@pytest.mark.parametrize("kind", PAGES)
def test_the_records_pages_load_nothing_from_another_origin(page: Page, record_sites, kind):
    day, address = PAGES[kind]
    missing = []
    page.on("response", lambda response: response.status >= 400 and missing.append(response.url))
    page.goto(record_sites[day] + address, wait_until="networkidle")
    assert foreign_requests(page, record_sites[day]) == []
    assert missing == [], "files of the site that did not load"


def test_the_pages_say_what_applies_and_link_the_versions(page: Page, record_sites):
    page.goto(record_sites[DECEMBER] + PRESCHOOL.url)
    expect(page.get_by_text("Ny garanti från 1 januari 2027")).to_be_visible()
    page.get_by_role("link", name="Läs garantin som gäller från 1 januari 2027").click()
    expect(page).to_have_url(re.compile(re.escape(f"{PRESCHOOL.url}2027/") + "$"))
    expect(page.get_by_text("Garantin har inte börjat gälla")).to_be_visible()
    page.goto(record_sites[JANUARY] + f"{PRESCHOOL.url}2026/")
    expect(page.get_by_text("Tidigare version")).to_be_visible()
    page.get_by_role("link", name="Enhetens garanti i dag").click()
    expect(page.get_by_role("heading", name="Ändringar")).to_be_visible()


# In print: the notes on the other version and the history stay on the screen.
PRINTED = """() => ({
    notes: Array.from(document.querySelectorAll('.garanti-skarm, .garanti-historik, .garanti-arkiv'))
        .filter(element => element.checkVisibility()).map(element => element.className),
    address: Array.from(document.querySelectorAll('.garanti-adress'))
        .filter(element => element.checkVisibility()).map(element => element.innerText.trim()),
    qr: Array.from(document.querySelectorAll('img.garanti-qr')).filter(element => element.checkVisibility())
        .map(element => element.getAttribute('src')),
    text: document.querySelector('article').innerText,
})"""


@pytest.mark.parametrize("guarantee", PUBLISHED, ids=lambda g: g.url)
def test_every_notice_prints_on_one_a4_page_in_force_and_to_come(page: Page, record_sites, guarantee):
    base = record_sites[DECEMBER]
    prints = [(guarantee.url, "qr.svg")]
    if guarantee.valid_from <= dt.date.fromisoformat(DECEMBER) <= guarantee.valid_to:
        prints.append((f"{guarantee.url}2027/", "../qr.svg"))  # the one to come, on its own page
    # else (the sample's 2025 guarantees): nothing is in force, and the unit's page shows the one to come.
    for address, qr in prints:
        assert pdf_page_count(page, base + address) == 1, address
        page.emulate_media(media="print")
        printed = page.evaluate(PRINTED)
        assert printed["notes"] == [], address
        assert "inte börjat gälla" not in printed["text"] and "Ny garanti från" not in printed["text"], address
        # Both carry the unit's address and its QR code: the notice to come goes up where the unit's page is.
        assert printed["address"] == [f"Den här garantin finns på {DEFAULT_SITE_URL}{guarantee.url}"], address
        assert printed["qr"] == [qr], address
        page.emulate_media(media="null")
