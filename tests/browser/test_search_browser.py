"""The search as residents use it, in real headless Chromium on real builds.

The sample corpus as the preview (drafts marked), and a real publication from a
git repository with a draft and a unit committed after the approval tag. The
queries are the ones the issue names; each test fails if what it relies on
(diacritic folding, word beginnings, the schema's everyday words, spelling
correction, filters) is taken away.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import Page

from garanti import signing
from garanti.content import check_tree
from garanti.publishing import ALLOW_UNVERIFIED as UNVERIFIED

from ..helpers import REPO_ROOT, TODAY, mkdocs_build
from ..repos import make_key, make_repo, publishing_environment, signers_line
from ..samples import home_care_unit
from .helpers import foreign_requests, format_violations, run_axe

PHONE = {"width": 412, "height": 900}
DESKTOP = {"width": 1280, "height": 900}

SAMPLE = check_tree(REPO_ROOT).corpus
_TODAY = dt.date.fromisoformat(TODAY)
CURRENT = [g for g in SAMPLE.guarantees if not g.expired(_TODAY)]


def titles(service: str) -> set[str]:
    found = {g.title for g in CURRENT if g.service == service}
    assert found, f"the sample has no current {service}; the search tests need one"
    return found


def title_with(*words: str) -> str:
    for guarantee in CURRENT:
        if all(word in guarantee.title for word in words):
            return guarantee.title
    raise AssertionError(f"the sample has no current unit named with {words}")


@pytest.fixture(scope="module")
def preview(serve_dir, preview_site) -> str:
    return serve_dir(preview_site)


def search(page: Page, base: str, query: str = "", **filters: str) -> list[str]:
    """Open the search page for a query (and filters); the result titles in order."""
    params = "&".join(f"{name}={quote(value)}" for name, value in {"q": query, **filters}.items() if value)
    page.goto(f"{base}sok/?{params}")
    return shown_results(page, query)


def shown_results(page: Page, query: str) -> list[str]:
    page.wait_for_selector(f"#sok[data-klar={_css_string(query)}]")
    return page.locator(".garanti-traff__namn").all_inner_texts()


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def status(page: Page) -> str:
    return page.get_by_role("status").inner_text()


# --- forgiving Swedish --------------------------------------------------------------


@pytest.mark.parametrize(
    "query, service",
    [
        ("forskola", "förskola"),  # no ö: diacritics folded
        ("hemtjanst", "hemtjänst"),  # no ä
        ("hemtj", "hemtjänst"),  # a word's beginning
        ("hemtjänsten", "hemtjänst"),  # Swedish stemming: the definite form
        ("gruppbostäderna", "gruppbostad"),
        ("dagis", "förskola"),  # everyday words from the schema
        ("äldreboende", "vård- och omsorgsboende"),
        ("LSS-boende", "gruppbostad"),
    ],
)
def test_query_finds_every_unit_of_the_service_type_first(page: Page, preview, query, service):
    wanted = titles(service)
    results = search(page, preview, query)
    assert set(results[: len(wanted)]) == wanted, f"{query!r}: {results}"


def test_words_without_diacritics_find_the_words_with_them(page: Page, preview):
    unit = title_with("äldreomsorg")
    assert unit in search(page, preview, "aldreomsorg")


def test_several_words_rank_the_unit_matching_all_first(page: Page, preview):
    unit = title_with("Årsta", "hemtjänst")
    results = search(page, preview, "hemtjänst årsta")
    assert results[0] == unit
    assert len(results) < len(CURRENT) / 2, "the words must narrow the results, not add to them"
    # AND, not OR: a unit with only one of the words (Årsta's preschools) is not among them
    assert not set(results) & titles("förskola"), results


@pytest.mark.parametrize(
    "query, corrected, unit_words",
    [
        ("hemtjänts", "hemtjänst", ("hemtjänst",)),  # two letters swapped
        ("Årstra", "Årsta", ("Årsta",)),  # one letter too many; a name, written as names write it
        ("hemtjänts årstra", "hemtjänst Årsta", ("Årsta", "hemtjänst")),
    ],
)
def test_a_name_misspelt_by_one_letter_is_corrected_and_said(page: Page, preview, query, corrected, unit_words):
    results = search(page, preview, query)
    title_with(*unit_words)  # the sample has such a unit
    assert all(word in results[0] for word in unit_words), results
    assert page.locator("#sok-forslag").inner_text().startswith(f"Visar träffar för {corrected}.")
    # the resident can still have the words as written
    page.get_by_role("button", name=f"Sök på ”{query}” som du skrev det").click()
    page.wait_for_selector(f"#sok[data-klar={_css_string(query)}]")
    assert page.locator("#sok-forslag").is_hidden()
    # As written: a word the index does not have ("hemtjänts") is not searched by a shorter beginning of
    # it ("hem"): no unit has all the words, and the status says so; one word alone is named.
    assert (
        f"”{query}”" in status(page) if " " not in query else status(page).startswith("Ingen garanti har alla orden.")
    )


# --- filters ------------------------------------------------------------------------


def test_filters_narrow_by_area_service_and_department_with_counts(page: Page, preview):
    search(page, preview)
    service = page.get_by_role("combobox", name="Verksamhet")
    home_care = titles("hemtjänst")
    assert f"Hemtjänst ({len(home_care)})" in service.locator("option").all_inner_texts()
    service.select_option("hemtjänst")
    assert set(shown_results(page, "")) == home_care
    area = page.get_by_role("combobox", name="Stadsdelsområde eller nämnd")
    board = SAMPLE.boards[next(g.board for g in CURRENT if g.title == title_with("Årsta", "hemtjänst"))]
    in_area = {g.title for g in CURRENT if g.service == "hemtjänst" and g.board == board.slug}
    # counts follow the other filters: only the area's home-care units
    assert f"{board.display_name} ({len(in_area)})" in area.locator("option").all_inner_texts()
    area.select_option(board.display_name)
    assert set(shown_results(page, "")) == in_area
    # the department: its count is the area's home-care units in it
    department = page.get_by_role("combobox", name="Avdelning")
    unit = next(g for g in CURRENT if g.title == title_with("Årsta", "hemtjänst"))
    department_name = board.departments[unit.department]
    in_department = {
        g.title
        for g in CURRENT
        if g.service == "hemtjänst" and g.board == board.slug and g.department == unit.department
    }
    assert f"{department_name} ({len(in_department)})" in department.locator("option").all_inner_texts()
    department.select_option(department_name)
    assert set(shown_results(page, "")) == in_department
    department.select_option("")
    shown_results(page, "")
    # words and filters together; the address keeps them for sharing
    page.get_by_role("searchbox", name="Sökord").fill("årsta")
    page.get_by_role("button", name="Sök", exact=True).click()
    results = shown_results(page, "årsta")
    assert results[0] == title_with("Årsta", "hemtjänst") and set(results) <= in_area
    assert parse_qs(urlsplit(page.url).query) == {
        "q": ["årsta"],
        "verksamhet": ["hemtjänst"],
        "omrade": [board.display_name],
    }


# --- what the results may hold --------------------------------------------------------


def test_results_show_name_service_and_area_and_lead_to_the_page(page: Page, preview):
    unit = next(g for g in CURRENT if g.service == "hemtjänst" and not g.draft)
    board = SAMPLE.boards[unit.board]
    search(page, preview, unit.title)
    first = page.locator(".garanti-traff").first
    assert first.locator(".garanti-traff__namn").inner_text() == unit.title
    assert first.locator(".garanti-traff__fakta").inner_text().startswith(f"Hemtjänst · {board.display_name}")
    # the excerpt is the unit's own text, not the printed notice's header that every page has
    excerpt = first.locator(".garanti-traff__utdrag").inner_text()
    assert unit.title in excerpt and f"{board.name} · Stockholms stad" not in excerpt, excerpt
    first.locator("a").click()
    page.wait_for_url(f"{preview}{unit.url}")


def test_expired_guarantees_are_not_found(page: Page, preview):
    expired = next(g for g in SAMPLE.guarantees if g.expired(_TODAY))
    assert expired.title not in search(page, preview, expired.title)


def test_preview_finds_drafts_and_marks_them(page: Page, preview):
    draft = next(g for g in CURRENT if g.draft)
    search(page, preview, draft.title)
    drafts = {g.title for g in CURRENT if g.draft}
    items = page.locator(".garanti-traff").all()
    assert draft.title in [item.locator(".garanti-traff__namn").inner_text() for item in items]
    for item in items:
        name = item.locator(".garanti-traff__namn").inner_text()
        marks = item.locator(".garanti-traff__utkast").all_inner_texts()
        assert marks == (["Utkast"] if name in drafts else []), name


@pytest.fixture(scope="module")
def publication(tmp_path_factory, serve_dir) -> dict[str, str]:
    """A real publication: norra approved (a tag signed by its secretary, verified against the list
    on main) with a draft beside it, then a unit added after the tag; sodra never approved.
    Also the preview of the same working tree."""
    base = tmp_path_factory.mktemp("publication")
    repo = make_repo(base / "repo")
    key = make_key(base, "norra-sekreterare")
    repo.write(signing.SIGNERS_FILE, signers_line("norra", key))
    repo.write(
        "guarantees/norra/aldreomsorg/granbackens-hemtjanst.md", home_care_unit("Granbackens hemtjänst", draft=True)
    )
    repo.commit("Godkännare, och utkast till ny garanti")
    repo.git("config", "user.signingkey", str(key))
    with publishing_environment(TODAY):
        assert repo.approve("norra", "2026-01-22") == 0
        assert "-----BEGIN SSH SIGNATURE-----" in repo.git("cat-file", "tag", "norra/2026-01-22")
        repo.write("guarantees/norra/aldreomsorg/ekbackens-hemtjanst.md", home_care_unit("Ekbackens hemtjänst"))
        repo.commit("Ny enhet efter beslutet")
        assert repo.garanti("publish", "--out", str(base / "site"), UNVERIFIED) == 0
    assert "en av nämndens godkännare har signerat" in (base / "site/beslut/index.html").read_text(encoding="utf-8")
    built = mkdocs_build(repo.root / "mkdocs.yml", base / "preview")
    assert built.returncode == 0, built.stderr
    return {"published": serve_dir(base / "site"), "preview": serve_dir(base / "preview")}


def test_published_index_has_only_what_was_approved(page: Page, publication):
    published = search(page, publication["published"], "hemtjänst")
    assert published == ["Norrstadens hemtjänst"], "drafts, later units and unapproved boards stay out"
    for name in ("Granbackens", "Ekbackens", "Sydstadens"):
        assert search(page, publication["published"], name) == [], name
    assert page.locator(".garanti-traff__utkast").count() == 0
    preview = search(page, publication["preview"], "hemtjänst")
    assert set(preview) == {
        "Norrstadens hemtjänst",
        "Granbackens hemtjänst",
        "Ekbackens hemtjänst",
        "Sydstadens hemtjänst",
    }


# --- accessibility, keyboard, origin --------------------------------------------------


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize(
    "query, filters",
    [
        ("förskola", {"omrade": SAMPLE.boards[CURRENT[0].board].display_name}),
        ("hemtjänts", {}),  # the correction line and its button
        ("xyzzyq", {}),  # nothing found (Pagefind finds "finns" for "finnsinte")
    ],
)
def test_axe_finds_nothing_on_the_search_page_with_results_and_filters(page: Page, preview, viewport, query, filters):
    page.set_viewport_size(PHONE if viewport == "phone" else DESKTOP)
    search(page, preview, query, **filters)
    assert page.locator("#sok-filter").is_visible()
    violations = run_axe(page)
    assert violations == [], f"{query} ({viewport}): {format_violations(violations)}"


def test_search_works_by_keyboard_with_named_controls(page: Page, preview):
    page.set_viewport_size(DESKTOP)
    search(page, preview)
    field = page.get_by_role("searchbox", name="Sökord")
    field.focus()
    page.keyboard.type("dagis")
    page.keyboard.press("Enter")
    results = shown_results(page, "dagis")
    assert set(results[: len(titles("förskola"))]) == titles("förskola")
    assert "garantier för ”dagis”" in status(page)
    # Tab from the field: the button, the filters' disclosure (open on a desktop), the five filters (the
    # service language's: the sample has units serving in Finnish; the kvalitetsutmärkelse's: one unit took
    # part), then the results
    names = []
    for _ in range(9):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.labels?.[0]?.innerText || document.activeElement.innerText"))
    assert names[:7] == [
        "Sök",
        "Visa bara",
        "Stadsdelsområde eller nämnd",
        "Verksamhet",
        "Avdelning",
        "Service på",
        "Kvalitetsutmärkelsen",
    ], names
    assert names[7] == results[0]
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/sok/" not in url)


# Pagefind's own UI in English, none of which may show: the page is ours, in Swedish.
ENGLISH = ("Search", "result", "Load more", "No results", "Filters", "Clear", "All", "Loading")


def test_the_search_speaks_swedish(page: Page, preview):
    search(page, preview, "hemtjänts")
    texts = [status(page), page.locator("#sok-forslag").inner_text(), page.locator("form#sok").inner_text()]
    texts += page.locator("#sok option").all_inner_texts()
    texts += [
        page.locator(selector).get_attribute(attribute) or ""
        for selector, attribute in (
            ("#sok", "aria-label"),
            ("#sok-ord", "placeholder"),
            (".garanti-sokfalt", "aria-label"),
            (".garanti-sokfalt__knapp", "aria-label"),
            ("#garanti-sokfalt-ord", "placeholder"),
        )
    ]
    assert page.locator("html").get_attribute("lang") == "sv"
    assert "Sökord" in texts[2] and "Visa bara" in texts[2] and "Alla" in texts[3:]
    for text in texts:
        assert not [word for word in ENGLISH if re.search(rf"\b{word}\b", text)], text
    search(page, preview, "xyzzyq")
    assert status(page).startswith("Ingen garanti hittades för ”xyzzyq”.")


def test_phone_header_button_opens_the_search_page(page: Page, preview):
    page.set_viewport_size(PHONE)
    page.goto(preview + "om/")
    page.get_by_role("button", name="Sök bland garantierna").click()
    page.wait_for_selector('#sok[data-klar=""]')
    assert page.url.startswith(preview + "sok/")


def test_search_and_more_results_stay_on_the_site(page: Page, preview):
    search(page, preview, "hemtjänts")  # the suggestion words too
    page.get_by_role("searchbox", name="Sökord").fill("barnen")  # a word most preschools have: more than a page
    page.get_by_role("button", name="Sök", exact=True).click()
    shown_results(page, "barnen")
    more = page.get_by_role("button", name="Visa fler")
    if more.is_visible():
        before = page.locator(".garanti-traff").count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('.garanti-traff').length > {before}")
    page.wait_for_load_state("networkidle")
    assert foreign_requests(page, preview) == []
