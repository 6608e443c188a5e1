"""Every resident can read it (issue 26): a guarantee's Finnish and easy-to-read versions in real
headless Chromium, on the sample corpus built as the preview and published from real tags.

A Finnish page says lang="fi" and has no Swedish label left outside what is marked Swedish; the
versions link to each other both ways; every page passes axe at a phone's width and a desktop's;
a Finnish search finds the Finnish versions; a filter finds the units serving in Finnish; and
each version prints as one A4 notice.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page

from garanti.content import check_tree
from garanti.languages import EASY_SWEDISH, FINNISH
from garanti.site import labels, paths

from ..helpers import REPO_ROOT, TODAY
from .helpers import format_violations, pdf_page_count, run_axe

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

SAMPLE = check_tree(REPO_ROOT).corpus
_TODAY = dt.date.fromisoformat(TODAY)
GUARANTEES = {g.unit_key: g for g in SAMPLE.guarantees}
VERSIONS = [v for v in SAMPLE.published().language_versions if not GUARANTEES[v.unit_key].expired(_TODAY)]
HOME_CARE = next(g for g in SAMPLE.guarantees if g.title == "Liljeholmens hemtjänst")
assert {v.language for v in VERSIONS if v.unit_key == HOME_CARE.unit_key} == {FINNISH, EASY_SWEDISH}, (
    "the sample's Liljeholmens hemtjänst, which promises Finnish-speaking staff, needs both versions"
)
FINNISH_PAGE = paths.version_url(HOME_CARE, FINNISH)
EASY_PAGE = paths.version_url(HOME_CARE, EASY_SWEDISH)

# Every kind of page in another language, as published.
PAGES = {
    "finnish-guarantee": FINNISH_PAGE,
    "easy-guarantee": EASY_PAGE,
    "finnish-entry": paths.url_of(paths.language_page(FINNISH)),
    "easy-entry": paths.url_of(paths.language_page(EASY_SWEDISH)),
    "finnish-search": paths.url_of(paths.search_page(FINNISH)) + "?q=kotipalvelu",
    "swedish-guarantee-with-versions": HOME_CARE.url,
}


@pytest.fixture(scope="module")
def served(serve_dir, preview_site, published_site) -> dict[str, str]:
    return {"preview": serve_dir(preview_site), "published": serve_dir(published_site)}


# --- lang="fi" and no Swedish label left ----------------------------------------------------


def _swedish_labels() -> set[str]:
    """Every label the site and the theme put on a Swedish page, as the words a reader would see:
    our table's (its format strings cut at their {places}), Material's Swedish language file's,
    and the Swedish navigation's titles."""
    finnish = labels.of(FINNISH).words
    found: set[str] = set()
    for key, value in labels.SWEDISH.words.items():
        if isinstance(value, str) and value != finnish.get(key):
            found |= {part.strip(" .:;()") for part in re.split(r"\{\w+\}", value)}
    material = (REPO_ROOT / ".venv").glob("lib/python3*/site-packages/material/templates/partials/languages/sv.html")
    for file in material:
        found |= set(re.findall(r'": "([^"]+)"', file.read_text(encoding="utf-8")))
    nav = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n", 1)[1]
    found |= set(re.findall(r"^  - ([^:]+):", nav, flags=re.MULTILINE))
    return {label for label in found if len(label) >= 3 and label not in {"sv", "Lättläst", "På svenska"}}


SWEDISH_LABELS = sorted(_swedish_labels())

# Visible text and the texts read out (labels, titles, alternatives) of every element whose
# language is Finnish: the nearest lang attribute says fi.
FINNISH_TEXTS = """() => {
    const texts = [];
    const finnish = element => (element.closest('[lang]') || document.documentElement).lang === 'fi';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode, parent = node.parentElement;
        if (parent && node.textContent.trim() && finnish(parent) && parent.checkVisibility()
                && !parent.closest('script, style, svg')) texts.push(node.textContent.trim());
    }
    for (const element of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
        if (!finnish(element)) continue;
        for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
            if (element.getAttribute(name)) texts.push(element.getAttribute(name));
        }
    }
    texts.push(document.title);
    return texts;
}"""


def _swedish_left(texts: list[str]) -> list[tuple[str, str]]:
    left = []
    for text in texts:
        for label in SWEDISH_LABELS:
            if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text):
                left.append((label, text))
    return left


@pytest.mark.parametrize("build", ["preview", "published"])
@pytest.mark.parametrize("kind", ["finnish-guarantee", "finnish-entry", "finnish-search"])
def test_a_finnish_page_says_lang_fi_and_has_no_swedish_label_left(page: Page, served, build, kind):
    assert len(SWEDISH_LABELS) > 100, "the Swedish labels to look for"
    page.goto(served[build] + PAGES[kind])
    if kind == "finnish-search":
        page.wait_for_selector('#sok[data-klar="kotipalvelu"]')
    assert page.get_attribute("html", "lang") == "fi"
    texts = page.evaluate(FINNISH_TEXTS)
    assert _swedish_left(texts) == [], f"{kind} ({build})"
    # The Swedish that is there is marked so: the board's and department's names, the link back.
    for marked in page.locator('[lang="sv"]').all_inner_texts():
        assert marked.strip()


def test_the_label_check_finds_the_swedish_labels_of_a_swedish_page(page: Page, served):
    """The check above can fail: the Swedish page, read as if it were Finnish, has them all."""
    page.goto(served["published"] + HOME_CARE.url)
    page.evaluate("document.documentElement.lang = 'fi'")
    left = {label for label, _ in _swedish_left(page.evaluate(FINNISH_TEXTS))}
    assert {
        "Våra åtaganden",
        "Synpunkter och klagomål",
        "Kontakt",
        "Sök kvalitetsgaranti",
        "Telefon",
        "Gå till innehållet",
        "Kvalitetsgarantier – Stockholms stad",
        "Stadsdelsområden och nämnder",
    } <= left


def test_the_finnish_page_has_finnish_headings_labels_and_skip_link(page: Page, served):
    page.goto(served["published"] + FINNISH_PAGE)
    headings = page.locator("article h2").all_inner_texts()
    assert [h.rstrip("¶").strip() for h in headings] == [
        "Lupauksemme",
        "Jos emme pidä lupaustamme",
        "Palaute ja valitukset",
        "Lisätietoa",
        "Yhteystiedot",
        "Voimassaoloaika",
    ]
    assert page.title() == "Liljeholmenin kotipalvelu - Laatutakuut – Tukholman kaupunki"
    assert page.locator(".garanti-kontakt").inner_text().startswith("Puhelin: 08-508 23 150")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.innerText.trim()") == "Hyppää sisältöön"
    assert (
        "Tämä on suomennos. Jos tekstit eroavat toisistaan, ruotsinkielinen teksti on voimassa."
        in page.locator(".garanti-sprakversion").inner_text()
    )
    # The board's Finnish name, from board.yml's names (issue 33, item 2).
    assert (
        page.locator(".garanti-beslut")
        .inner_text()
        .startswith("Vahvistanut: Hägersten-Liljeholmenin kaupunginosalautakunta")
    )
    assert "Vanhustenhuollon osasto" in page.locator(".garanti-fakta").inner_text()


# --- links both ways -------------------------------------------------------------------------------


def test_the_versions_link_to_each_other_both_ways(page: Page, served):
    base = served["published"]
    page.goto(base + HOME_CARE.url)
    versions = page.get_by_role("navigation", name="Garantin på andra språk och på lättläst svenska")
    suomeksi = versions.get_by_role("link", name="Suomeksi")
    assert (suomeksi.get_attribute("hreflang"), suomeksi.get_attribute("lang")) == ("fi", "fi")
    suomeksi.click()
    page.wait_for_url(base + FINNISH_PAGE)
    assert page.get_attribute("html", "lang") == "fi"
    back = page.get_by_role("navigation", name="Takuu muilla kielillä").get_by_role("link", name="På svenska")
    assert (back.get_attribute("hreflang"), back.get_attribute("lang")) == ("sv", "sv")
    back.click()
    page.wait_for_url(base + HOME_CARE.url)
    assert page.get_attribute("html", "lang") == "sv"
    page.get_by_role("link", name="Lättläst", exact=True).first.click()
    page.wait_for_url(base + EASY_PAGE)
    assert page.locator(".garanti-lattlast-markering").first.inner_text() == "Lättläst"
    assert "Det är den vanliga texten som gäller." in page.locator(".garanti-sprakversion").inner_text()
    page.get_by_role("link", name="Läs garantin på vanlig svenska").click()
    page.wait_for_url(base + HOME_CARE.url)


def test_the_start_page_leads_to_the_easy_to_read_and_finnish_entry_pages(page: Page, served):
    base = served["published"]
    page.goto(base)
    page.get_by_role("link", name="Kvalitetsgarantier på lättläst svenska").click()
    page.wait_for_url(base + PAGES["easy-entry"])
    page.wait_for_selector("article li a")
    listed = page.locator("article li a").all_inner_texts()
    assert {GUARANTEES[v.unit_key].title for v in VERSIONS if v.language == EASY_SWEDISH} <= set(listed)
    page.goto(base)
    page.get_by_role("link", name="Laatutakuut suomeksi").click()
    page.wait_for_url(base + PAGES["finnish-entry"])
    assert page.get_attribute("html", "lang") == "fi"
    text = page.locator("article").inner_text()
    assert "Liljeholmenin kotipalvelu" in text and "Årstan kotipalvelu" in text
    # A unit serving in Finnish without a Finnish version is listed too, its Swedish page marked so.
    serving = page.get_by_role("link", name="Västertorps vård- och omsorgsboende")
    assert serving.get_attribute("lang") == "sv" and "(takuu ruotsiksi)" in text


# --- axe --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_nothing_on_the_language_pages(page: Page, served, kind, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(served["published"] + PAGES[kind])
    if kind == "finnish-search":
        page.wait_for_selector('#sok[data-klar="kotipalvelu"]')
    violations = run_axe(page)
    assert violations == [], f"{kind} ({viewport}): {format_violations(violations)}"


# --- search -------------------------------------------------------------------------------------------


def _search(page: Page, address: str, query: str) -> list[tuple[str, str]]:
    page.goto(address)
    page.wait_for_selector(f'#sok[data-klar="{query}"]')
    return [(link.inner_text(), link.get_attribute("href")) for link in page.locator(".garanti-traff__namn").all()]


@pytest.mark.parametrize("build", ["preview", "published"])
def test_a_finnish_search_finds_the_finnish_versions(page: Page, served, build):
    base = served[build]
    found = _search(page, base + paths.url_of(paths.search_page(FINNISH)) + "?q=kotipalvelu", "kotipalvelu")
    assert {title for title, _ in found} == {"Liljeholmenin kotipalvelu", "Årstan kotipalvelu"}
    assert all(address.endswith("/suomeksi/") for _, address in found), found
    assert page.get_by_role("status").inner_text() == "2 laatutakuuta: ”kotipalvelu”."
    # A word of a Finnish commitment, inflected: Pagefind's Finnish stemming on the Finnish index.
    found = _search(page, base + paths.url_of(paths.search_page(FINNISH)) + "?q=yhteyshenkilö", "yhteyshenkilö")
    assert "Liljeholmenin kotipalvelu" in {title for title, _ in found}
    # The Swedish search has its own index: the Finnish pages are not in it.
    assert _search(page, base + "sok/?q=kotipalvelu", "kotipalvelu") == []


def test_a_filter_finds_the_units_serving_in_finnish(page: Page, served):
    base = served["published"]
    serving = {
        g.title for g in SAMPLE.published().guarantees if "finska" in g.service_languages and not g.expired(_TODAY)
    }
    assert len(serving) >= 2, "the sample needs units serving in Finnish"
    page.goto(base + "sok/?sprak=finska")
    page.wait_for_selector('#sok[data-klar=""]')
    assert set(page.locator(".garanti-traff__namn").all_inner_texts()) == serving
    assert page.get_by_role("combobox", name="Service på").input_value() == "finska"
    page.goto(base + paths.url_of(paths.search_page(FINNISH)) + "?sprak=suomi")
    page.wait_for_selector('#sok[data-klar=""]')
    with_version = {
        v.title for v in VERSIONS if v.language == FINNISH and "finska" in GUARANTEES[v.unit_key].service_languages
    }
    assert set(page.locator(".garanti-traff__namn").all_inner_texts()) == with_version


# --- the wall notice in each language -----------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: f"{v.unit}.{v.language.key}")
def test_each_version_prints_as_one_a4_notice(page: Page, served, version):
    address = served["published"] + paths.version_url(GUARANTEES[version.unit_key], version.language)
    assert pdf_page_count(page, address) == 1
    assert pdf_page_count(page, address, header_footer=True) == 1
    page.emulate_media(media="print")
    notice = [text.strip() for text in page.locator("p.garanti-anslag").all_inner_texts()]
    assert notice[0] == labels.of(version.language).notice_heading.upper()
    assert not page.locator(".garanti-sprak").is_visible()  # the links are for the screen
    assert page.locator(".garanti-sprakversion").is_visible()  # which text applies is on the wall too
