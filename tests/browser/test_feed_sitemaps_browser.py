"""The feeds' pages and Material's language script, in real headless Chromium (issue 35, item 5).

Material's script (its bundle's alternate-language handler) fetches "sitemap.xml" beside the address
of every <link rel="alternate"> on a page, here the feeds', and then takes over any click on a link
below such an address. A feed is a file, so no link lies below it and the sitemap's contents are
never used; what the script needs is only that the request is answered (feeds.py writes the
smallest valid sitemap beside each feed). These tests hold both: every such request is answered,
and the language switch still leads to the version asked for once the script has read them.
"""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page, Response

from garanti.content import check_tree
from garanti.languages import FINNISH
from garanti.site import paths

from ..helpers import REPO_ROOT

SAMPLE = check_tree(REPO_ROOT).corpus
BOARD = sorted(SAMPLE.boards)[0]
HOME_CARE = next(g for g in SAMPLE.guarantees if g.title == "Liljeholmens hemtjänst")
FINNISH_PAGE = paths.version_url(HOME_CARE, FINNISH)
# A page with the site's feed and its board's, and a page with a language switch (and the feeds).
PAGES = {"board": paths.url_of(paths.board_page(BOARD)), "unit with versions": HOME_CARE.url}


@pytest.fixture(scope="module")
def base(serve_dir, published_site) -> str:
    return serve_dir(published_site)


def sitemaps_fetched(page: Page, url: str) -> tuple[dict[str, int], list[str]]:
    """{sitemap address: status} of what the page requested once loaded, and the sitemaps beside
    the page's <link rel="alternate"> addresses (where Material's script looks)."""
    answers: list[Response] = []
    page.on("response", lambda answer: answers.append(answer))
    page.goto(url)
    alternates = page.eval_on_selector_all('link[rel="alternate"]', "links => links.map(link => link.href)")
    assert alternates and all(address.endswith(".xml") for address in alternates), alternates
    beside = sorted({urljoin(address, "sitemap.xml") for address in alternates})
    # The script asks once its bundle has run, which on a busy machine may be after the network went quiet.
    for _ in range(100):
        if set(beside) <= {answer.url for answer in answers}:
            break
        page.wait_for_timeout(100)
    page.wait_for_load_state("networkidle")
    return {answer.url: answer.status for answer in answers if answer.url.endswith("/sitemap.xml")}, beside


@pytest.mark.parametrize("kind", PAGES)
def test_materials_script_finds_a_sitemap_beside_every_feed(page: Page, base, kind):
    fetched, beside_feeds = sitemaps_fetched(page, base + PAGES[kind])
    assert sorted(fetched) == beside_feeds  # the script's requests, and no other sitemap (not the site's)
    assert set(fetched.values()) == {200}


def test_a_missing_sitemap_would_be_seen(page: Page, base):
    """What the test above guards against: without the file beside a feed, every page asks in vain."""
    page.route("**/beslut/sitemap.xml", lambda route: route.fulfill(status=404, body="saknas"))
    fetched, _ = sitemaps_fetched(page, base + PAGES["board"])
    assert fetched[base + "beslut/sitemap.xml"] == 404


def test_the_language_switch_goes_to_the_version_once_materials_script_has_read_the_sitemaps(page: Page, base):
    fetched, _ = sitemaps_fetched(page, base + HOME_CARE.url)
    assert fetched, "Material's script should have asked for the sitemaps before the click"
    page.get_by_role("navigation", name="Garantin på andra språk och på lättläst svenska").get_by_role(
        "link", name="Suomeksi"
    ).click()
    page.wait_for_url(base + FINNISH_PAGE)
    assert page.get_attribute("html", "lang") == "fi"
    page.wait_for_load_state("networkidle")
    page.get_by_role("navigation", name="Takuu muilla kielillä").get_by_role("link", name="På svenska").click()
    page.wait_for_url(base + HOME_CARE.url)
    assert page.get_attribute("html", "lang") == "sv"
