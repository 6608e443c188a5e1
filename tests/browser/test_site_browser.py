"""The residents' site in real headless Chromium: accessibility (axe-core),
no requests to other origins, keyboard and heading structure, one-page print,
hostile content that reaches no script, and screenshots for people to look at.

The sample corpus is built twice per session: as the preview (every
guarantee, drafts included, with the banner) and as a real publication
(`garanti tag` and `garanti publish` on a git repository holding the sample),
both judged on GARANTI_TODAY=2026-06-01 so that expiry is stable.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from itertools import pairwise
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from garanti.content import check_tree
from garanti.languages import FINNISH
from garanti.model import PRESCHOOL
from garanti.site import paths
from garanti.site.selection import DEFAULT_SITE_URL
from garanti.wording import date_text

from ..helpers import REPO_ROOT, TODAY, mkdocs_build, site_project, write
from ..repos import approved_meeting
from ..samples import BOARD, BOARD_YML, preschool
from .helpers import foreign_requests, format_violations, pdf_page_count, requested_urls, run_axe

PHONE = {"width": 390, "height": 844}  # a common phone (iPhone 12–15)
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
SCREENSHOTS = REPO_ROOT / "benchmarks" / "out" / "screenshots"

# --- which pages: read from the sample corpus at collection time ----------------

SAMPLE = check_tree(REPO_ROOT).corpus
_TODAY = dt.date.fromisoformat(TODAY)


def _first(what: str, wanted) -> str:
    for guarantee in SAMPLE.guarantees:
        if wanted(guarantee):
            return guarantee.url
    raise AssertionError(f"the sample corpus has no {what}; the browser tests need one")


def _current(guarantee) -> bool:
    return not guarantee.draft and not guarantee.expired(_TODAY)


PRESCHOOL_PAGE = _first("current preschool", lambda g: _current(g) and g.service == PRESCHOOL)
OTHER_PAGE = _first("current non-preschool unit", lambda g: _current(g) and g.service != PRESCHOOL)
EXPIRED_PAGE = _first("expired guarantee", lambda g: not g.draft and g.expired(_TODAY))
DRAFT_PAGE = _first("draft", lambda g: g.draft)
_PRESCHOOL = next(g for g in SAMPLE.guarantees if g.url == PRESCHOOL_PAGE)
DEPARTMENT_PAGE = paths.url_of(paths.department_page(_PRESCHOOL.board, _PRESCHOOL.department))

# Every kind of page: (build, address below the site root).
PAGES = {
    "start": ("preview", ""),
    "boards": ("preview", paths.url_of(paths.boards_page())),
    "board": ("preview", paths.url_of(paths.board_page(_PRESCHOOL.board))),
    "department": ("preview", DEPARTMENT_PAGE),
    "services": ("preview", paths.url_of(paths.services_page())),
    "service": ("preview", paths.url_of(paths.service_page(PRESCHOOL))),
    "guarantee-preschool": ("preview", PRESCHOOL_PAGE),
    "guarantee-other": ("preview", OTHER_PAGE),
    "guarantee-expired": ("preview", EXPIRED_PAGE),
    "guarantee-draft": ("preview", DRAFT_PAGE),
    "comparison": ("preview", paths.url_of(paths.comparison_page(_PRESCHOOL.board, PRESCHOOL))),
    "search": ("preview", "sok/?q=f%C3%B6rskola"),
    "about": ("preview", "om/"),
    "accessibility": ("preview", "tillganglighet/"),
    "open-data": ("preview", "oppna-data/"),
    "404": ("preview", "404.html"),
    "published-start": ("published", ""),
    "published-guarantee": ("published", PRESCHOOL_PAGE),
    "decisions": ("published", paths.url_of(paths.decisions_page())),
}

# --- the builds -------------------------------------------------------------------


@pytest.fixture(scope="session")
def served(serve_dir, preview_site, published_site) -> dict[str, str]:
    return {"preview": serve_dir(preview_site), "published": serve_dir(published_site)}


def _url(served: dict[str, str], kind: str) -> tuple[str, str]:
    build, address = PAGES[kind]
    return served[build], served[build] + address


# --- 1. axe-core ------------------------------------------------------------------


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_nothing_on_any_kind_of_page(page: Page, served, kind, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(_url(served, kind)[1])
    violations = run_axe(page)
    assert violations == [], f"{kind} ({viewport}): {format_violations(violations)}"


REFLOW = {"width": 320, "height": 640}  # WCAG 1.4.10: content reflows at 320 CSS pixels

# Elements wider than the window, outside the boxes made to scroll sideways (wide tables).
WIDER_THAN_WINDOW = """() => Array.from(document.querySelectorAll('body *'))
    .filter(element => !element.closest('.garanti-tabell') && element.checkVisibility()
        && element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map(element => element.tagName.toLowerCase() + '.' + element.className)"""


@pytest.mark.parametrize("kind", PAGES)
def test_no_page_scrolls_sideways_at_320_pixels(page: Page, served, kind):
    """A page on a narrow phone shows everything by scrolling down only; a table too wide
    scrolls in its own box. (A published guarantee page was 656 pixels wide: the decisions
    table's minimum width also applied to the page's "Fastställd av" line.)"""
    page.set_viewport_size(REFLOW)
    page.goto(_url(served, kind)[1], wait_until="networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= REFLOW["width"], page.evaluate(WIDER_THAN_WINDOW)


# --- 2. nothing from another origin ------------------------------------------------


@pytest.mark.parametrize("kind", PAGES)
def test_no_page_loads_anything_from_another_origin(page: Page, served, kind):
    base, url = _url(served, kind)
    missing = []
    page.on("response", lambda response: response.status >= 400 and missing.append(response.url))
    page.goto(url, wait_until="networkidle")
    assert foreign_requests(page, base) == []
    assert missing == [], "files of the site that did not load"


def test_header_search_field_leads_to_the_search_page(page: Page, served):
    base = served["preview"]
    page.set_viewport_size(DESKTOP)
    page.goto(base + "om/", wait_until="networkidle")
    field = page.get_by_role("searchbox", name="Sök kvalitetsgaranti")
    field.fill("förskola")
    field.press("Enter")
    page.wait_for_selector('#sok[data-klar="förskola"]')
    assert page.url.startswith(base + "sok/")
    first = page.locator(".garanti-traff").first
    assert "förskol" in first.inner_text().lower()
    page.wait_for_load_state("networkidle")
    assert any("/pagefind/" in url for url in requested_urls(page))
    assert not any("search_index.json" in url for url in requested_urls(page)), "Material's lunr search is gone"
    assert foreign_requests(page, base) == []


# --- 3. language, headings, keyboard ------------------------------------------------

HEADING_LEVELS = """() => Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
    .filter(h => h.getClientRects().length > 0)
    .map(h => Number(h.tagName[1]))"""

FOCUS_STYLE = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    return {
        tag: element.tagName.toLowerCase(),
        classes: element.className,
        text: element.textContent.trim(),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== 'none',
    };
}"""

SKIP_TARGET_IN_CONTENT = """() => {
    const target = document.getElementById(document.activeElement.hash.slice(1));
    return target !== null && target.closest('.md-content') !== null;
}"""


@pytest.mark.parametrize("kind", PAGES)
def test_swedish_headings_in_order_and_a_skip_link_first(page: Page, served, kind):
    page.goto(_url(served, kind)[1])
    assert page.get_attribute("html", "lang") == "sv"
    levels = page.evaluate(HEADING_LEVELS)
    assert levels[:1] == [1] and levels.count(1) == 1, f"{kind}: headings {levels}"
    skips = [(before, after) for before, after in pairwise(levels) if after > before + 1]
    assert skips == [], f"{kind}: heading levels skip in {levels}"
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUS_STYLE)
    assert "md-skip" in focused["classes"] and focused["text"] == "Gå till innehållet", focused
    assert page.evaluate(SKIP_TARGET_IN_CONTENT), f"{kind}: the skip link leads nowhere in the content"
    for _ in range(6):  # the skip link and the controls after it
        assert focused["outline"] or focused["shadow"], f"{kind}: focus not visible on {focused}"
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)


# --- 4. print -----------------------------------------------------------------------

HIDDEN_IN_PRINT = [".md-header", ".md-tabs", ".md-sidebar", ".md-search", ".md-banner", ".md-footer", ".md-skip"]

PRINT_STATE = """selectors => ({
    shown: selectors.filter(selector => Array.from(document.querySelectorAll(selector))
        .some(element => element.checkVisibility())),
    address: Array.from(document.querySelectorAll('.garanti-adress'))
        .filter(element => element.checkVisibility())
        .map(element => element.innerText.trim()),
    notice: Array.from(document.querySelectorAll('p.garanti-anslag'))
        .filter(element => element.checkVisibility())
        .map(element => element.innerText.trim()),
    approval: Array.from(document.querySelectorAll('.garanti-giltighet p:last-child'))
        .filter(element => element.checkVisibility())
        .map(element => element.innerText.trim()),
    qr: Array.from(document.querySelectorAll('img.garanti-qr'))
        .filter(element => element.checkVisibility() && element.complete && element.naturalWidth > 0)
        .map(element => [element.getAttribute('src'), element.getBoundingClientRect().width]),
})"""


QR_SETTLED = """() => Array.from(document.querySelectorAll('img.garanti-qr'))
    .every(element => !element.checkVisibility() || element.complete)"""


@pytest.mark.parametrize("guarantee", SAMPLE.guarantees, ids=lambda g: g.url)
def test_guarantee_prints_on_one_a4_page_with_its_address(page: Page, served, guarantee):
    # The published page says who approved it; the preview says it is not approved.
    builds = ["preview"] if guarantee.draft else ["preview", "published"]
    for build in builds:
        assert pdf_page_count(page, served[build] + guarantee.url) == 1, build
        page.emulate_media(media="print")
        # The QR code is a lazy image: shown only in print, it starts loading now (slow on a loaded machine).
        page.wait_for_function(QR_SETTLED, timeout=15_000)
        state = page.evaluate(PRINT_STATE, HIDDEN_IN_PRINT)
        assert state["shown"] == [], f"{build}: shown in print"
        assert state["address"] == [f"Den här garantin finns på {DEFAULT_SITE_URL}{guarantee.url}"], build
        # The wall notice: what it is, whose, who approved it and when, and a QR code to the page.
        board = SAMPLE.boards[guarantee.board]
        assert state["notice"] == ["KVALITETSGARANTI", f"{board.name} · Stockholms stad"], build
        meeting = approved_meeting(board)
        expected = (
            f"Fastställd av {board.name} den {date_text(meeting)}"
            if build == "published"
            else "Förhandsgranskning – inte fastställd version."
        )
        assert state["approval"][0].startswith(expected), (build, state["approval"])
        if build == "published":  # the preview makes no QR codes, to stay fast
            assert [src for src, _ in state["qr"]] == ["qr.svg"], build
            assert 70 < state["qr"][0][1] < 100, "the QR code is about 22 mm wide"


# --- 5. hostile content ---------------------------------------------------------------

# Everything here passes `garanti check`; the site must still show it as text.
TRICKY_TITLE = "Förskolan \"Ekorren\": #1 & 'bästa' *x* {: onclick=window.__pwned=1 }"
TRICKY_TEXT = """\
*x* och **fet** och `kod` och _kursiv_.

[länk](https://example.com) och [mejl](mailto:a@example.com).

Entiteter: &lt;script&gt;window.__pwned=1&lt;/script&gt; och &#60;img src=x onerror=window.__pwned=1&#62;.

{: onclick=window.__pwned=1 }

# Rubrik {: onmouseover=window.__pwned=1 }

Citat: "dubbla" och 'enkla', 1 < 2 & 3 > 2, javascript:window.__pwned=1
"""

TRICKY_GUARANTEE = f"""\
---
title: '{TRICKY_TITLE.replace("'", "''")}'
service: förskola
valid:
  from: 2026-01-01
  to: 2026-12-31
commitments:
  - area: Utveckling och lärande
    text: 'Vi lovar *något* {{: onclick=window.__pwned=1 }} och &lt;b onclick=window.__pwned=1&gt;'
  - area: Normer och värden
    text: '[Klicka](https://example.com "titel \\" onmouseover=window.__pwned=1")'
correction: |
{textwrap.indent(TRICKY_TEXT, "  ")}
contact:
  email: ekorren@example.com
  web: https://example.com/?a=1&b=2
---
{TRICKY_TEXT}"""

# A follow-up of the tricky guarantee that passes the check: its texts reach the guarantee
# page's "Så gick det" and the comparison page, where they must stay text.
TRICKY_FOLLOW_UP = (
    """\
results:
  - commitment: 'Vi lovar *något* {: onclick=window.__pwned=1 } och &lt;b onclick=window.__pwned=1&gt;'
    result: delvis uppfyllt
    comment: 'Entiteter: &lt;script&gt;window.__pwned=1&lt;/script&gt; och {: onclick=window.__pwned=1 }'
  - commitment: '[Klicka](https://example.com "titel \\" onmouseover=window.__pwned=1")'
    result: inte uppfyllt
    comment: '[Läs](https://example.com "t \\" onmouseover=window.__pwned=1") och
      &#60;img src=x onerror=window.__pwned=1&#62;'
corrections:
  count: 1
  changed: |
"""
    + textwrap.indent(TRICKY_TEXT, "    ")
    + "complaints: 2\n"
)

# Two more preschools, so that the comparison page has its picker (three units or more).
OTHER_PRESCHOOLS = {"lonnen": "Lönnens förskola", "bjorken": "Björkens förskola"}

# Scripts a browser runs: not the structured data (application/ld+json), which is data (STRUCTURED_DATA).
INLINE_SCRIPTS = """() => Array.from(document.scripts)
    .filter(s => !s.src && s.type !== 'application/ld+json').map(s => s.textContent)"""
STRUCTURED_DATA = """() => Array.from(document.querySelectorAll('script[type="application/ld+json"]'))
    .map(s => JSON.parse(s.textContent))"""

ACTIVE_CONTENT = """() => {
    const found = [];
    for (const element of document.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
            const name = attribute.name.toLowerCase();
            const value = attribute.value.replace(/\\s/g, '').toLowerCase();
            if (name.startsWith('on') || value.startsWith('javascript:'))
                found.push(element.tagName + ' ' + attribute.name + '=' + attribute.value);
        }
    }
    // Editors' content lives in the article: nothing there may embed or submit.
    // The one image allowed is the wall notice's QR code, a file the build made beside the page;
    // the one form, the search page's own (overrides/sok.html); the one set of inputs, the
    // comparison's picker that jamfor.js makes (no page may hold an input: render.PAGE_TAGS).
    const embedded = 'article :is(iframe, object, embed, img:not(.garanti-qr), form, input, style)'
        + ':not(#sok, #sok *, .garanti-valj input)';
    for (const element of document.querySelectorAll(embedded))
        found.push(element.outerHTML);
    return found;
}"""


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    write(root, BOARD, BOARD_YML)
    (root / "guarantees/provstaden/forskola").mkdir(parents=True)
    (root / "guarantees/provstaden/forskola/ekorren.md").write_text(TRICKY_GUARANTEE, encoding="utf-8")
    write(root, "guarantees/provstaden/forskola/ekorren.uppfoljning-2026.yml", TRICKY_FOLLOW_UP)
    for slug, name in OTHER_PRESCHOOLS.items():
        write(root, f"guarantees/provstaden/forskola/{slug}.md", preschool(name))
    checked = check_tree(root)
    assert checked.problems == [], "the tricky content must pass the check:\n" + "\n".join(map(str, checked.problems))
    out = root / "site"
    result = mkdocs_build(site_project(root), out)
    assert result.returncode == 0, result.stderr
    return out


def test_hostile_content_reaches_no_script(page: Page, serve_dir, hostile_site):
    base = serve_dir(hostile_site)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # Material's own inline scripts, from a page in each of the site's languages with no editor's text
    # on it: a hand-written one, and the Finnish search page (its configuration has Finnish words).
    own_scripts = set()
    for own in ("om/", paths.url_of(paths.search_page(FINNISH))):
        page.goto(base + own)
        own_scripts |= {_without_base(script) for script in page.evaluate(INLINE_SCRIPTS)}
    pages = sorted(
        path.relative_to(hostile_site).as_posix()
        for path in hostile_site.rglob("*.html")
        if path.parent.name != "redigera"
    )  # the editors' form: tests/browser/test_form_browser.py
    assert {"provstaden/ekorren/index.html", f"{COMPARISON_PAGE}index.html"} <= set(pages)
    for address in pages:
        page.goto(base + address)
        page.hover("article")  # mouse-over handlers, had any survived
        assert page.evaluate("window.__pwned") is None, address
        assert page.evaluate(ACTIVE_CONTENT) == [], address
        scripts = {_without_base(script) for script in page.evaluate(INLINE_SCRIPTS)}
        assert scripts <= own_scripts, f"{address}: inline scripts not from Material"
    page.goto(base + "provstaden/ekorren/")
    assert page.inner_text("h1").removesuffix("¶").strip() == TRICKY_TITLE  # ¶: the permalink
    [data] = page.evaluate(STRUCTURED_DATA)  # the title in the structured data, as written: no element ended early
    assert data["name"] == data["serviceOperator"]["name"] == TRICKY_TITLE
    assert "<script>window.__pwned=1</script>" in page.inner_text("article")
    assert "Så gick det 2026" in page.inner_text("article")
    assert "Entiteter: <script>window.__pwned=1</script>" in page.inner_text(".garanti-uppfoljning")  # as text
    # The comparison: the title in the table's header and in the picker jamfor.js makes from it, as written.
    page.goto(base + COMPARISON_PAGE, wait_until="networkidle")
    assert page.inner_text("#enhet-ekorren").strip() == TRICKY_TITLE
    assert page.get_by_label(TRICKY_TITLE, exact=True).count() == 1
    assert "Entiteter: <script>window.__pwned=1</script>" in page.inner_text("#jamfor")
    # The search page shows titles and excerpts from the index: as text, never as markup.
    page.goto(base + "sok/?q=Entiteter")
    page.wait_for_selector('#sok[data-klar="Entiteter"]')
    result = page.locator(".garanti-traff").first
    result.hover()
    assert TRICKY_TITLE in result.inner_text()
    assert "<script>window.__pwned=1</script>" in result.inner_text()
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate(ACTIVE_CONTENT) == []
    assert dialogs == []


COMPARISON_PAGE = paths.url_of(paths.comparison_page("provstaden", PRESCHOOL))

# What a hostile link to a comparison could carry in ?enheter=: markup, script addresses,
# a quote to end an attribute, the table's own ids. jamfor.js only compares them with the
# units' names in the table, so only the two real units among them are chosen.
HOSTILE_CHOICES = [
    '<img src=x onerror="window.__pwned=1">',
    "javascript:window.__pwned=1",
    "lonnen",
    '"><script>window.__pwned=1</script>',
    "enhet-ekorren",
    "../../",
    "bjorken",
    "%00",
]


def test_a_hostile_comparison_address_chooses_only_known_units(page: Page, serve_dir, hostile_site):
    base = serve_dir(hostile_site)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(
        base + COMPARISON_PAGE + "?enheter=" + quote(",".join(HOSTILE_CHOICES), safe=","), wait_until="networkidle"
    )
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('#jamfor thead th[id^="enhet-"]'))
        .filter(cell => cell.checkVisibility()).map(cell => cell.id)""")
    assert shown == ["enhet-bjorken", "enhet-lonnen"]  # the table's order
    assert page.inner_text(".garanti-valj__status") == ("2 av 3 enheter visas: Björkens förskola och Lönnens förskola.")
    assert page.evaluate("window.__pwned") is None and dialogs == []
    assert page.evaluate(ACTIVE_CONTENT) == []
    page.get_by_label("Lönnens förskola").uncheck()  # the address the page keeps holds known units only
    assert page.url.endswith(COMPARISON_PAGE + "?enheter=bjorken")


_ROOT_PREFIX = re.compile(r'"(?:\.{1,2}/?|/)+(?=assets/|")')


def _without_base(script: str) -> str:
    """Material's scripts name the site root relative to the page ("../", or "/"
    on the 404 page); ignore that."""
    return _ROOT_PREFIX.sub('"', script)


# --- 6. screenshots ----------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
A4_AT_96_DPI = {"width": 794, "height": 1123}


def test_screenshots_for_people_to_look_at(page: Page, served):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = served["preview"]
    shots = {
        "guarantee-phone.png": (PRESCHOOL_PAGE, PHONE, "screen"),
        "department-phone.png": (DEPARTMENT_PAGE, PHONE, "screen"),
        "guarantee-print.png": (PRESCHOOL_PAGE, A4_AT_96_DPI, "print"),
        # The first screen after a search for a name misspelt by a letter: the count and a result show.
        "search-phone.png": ("sok/?q=Bl%C3%A5sts", PHONE, "screen"),
    }
    for name, (address, viewport, media) in shots.items():
        page.set_viewport_size(viewport)
        page.emulate_media(media=media)
        page.goto(base + address, wait_until="networkidle")
        if address.startswith("sok/"):
            page.wait_for_selector("#sok[data-klar]")
        page.screenshot(path=SCREENSHOTS / name, full_page=not address.startswith("sok/"))
        data = (SCREENSHOTS / name).read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000, name
