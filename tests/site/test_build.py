"""Real `mkdocs build --strict` runs: the sample corpus, a publication, a refusal, expiry."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from garanti.model import Meeting
from garanti.publishing import ALLOW_UNVERIFIED

from ..helpers import mkdocs_build, read, site_project, table_cells, write
from ..repos import TODAY, approved_meeting, make_sample_repo, publishing_environment


def primary_nav(html: str) -> str:
    """The global navigation sidebar (Material renders it into every page)."""
    start = html.index('<div class="md-sidebar md-sidebar--primary"')
    return html[start : html.index('<div class="md-sidebar md-sidebar--secondary"', start)]


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


@pytest.fixture(scope="module")
def published_site(tmp_path_factory, sample_corpus) -> tuple[Path, str, Meeting]:
    """A real publication (a git repository of the sample, `garanti tag`, `garanti publish`)
    approving the first board of the sample only."""
    work = tmp_path_factory.mktemp("published")
    repo = make_sample_repo(work / "repo")
    board = sorted(sample_corpus.boards)[0]
    meeting = sample_corpus.boards[board].meeting_on(approved_meeting(sample_corpus.boards[board]))
    with publishing_environment(TODAY), pytest.MonkeyPatch.context() as environment:
        environment.setenv("SITE_URL", "https://garantier.example.se/")
        assert repo.approve(board, meeting.date.isoformat()) == 0
        assert repo.garanti("publish", "--out", str(work / "site"), ALLOW_UNVERIFIED) == 0
    return work / "site", board, meeting


def test_an_approvals_file_written_by_hand_does_not_publish_the_working_tree(content_repo, tmp_path):
    """The build takes approved content from the folders `garanti publish` stages, never from guarantees/."""
    approvals = {
        "approvals": {"provstaden": {"tag": "provstaden/2026-01-22", "date": "2026-01-22", "commit": "f" * 40}},
        "decisions": [{"board": "provstaden", "board_name": "Provstadens nämnd", "date": "2026-01-22", "count": 2}],
    }
    (tmp_path / "approvals.json").write_text(json.dumps(approvals), encoding="utf-8")
    result = mkdocs_build(
        site_project(content_repo), tmp_path / "out", GARANTI_APPROVALS=str(tmp_path / "approvals.json")
    )
    assert result.returncode == 1
    assert "nämner inga mappar med fastställt innehåll" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()


# --- the sample corpus, preview ---------------------------------------------


def test_preview_has_every_kind_of_page(preview_site, sample_corpus):
    for page in (
        "index.html",
        "om/index.html",
        "tillganglighet/index.html",
        "oppna-data/index.html",
        "beslut/index.html",
        "stadsdelsomraden/index.html",
        "verksamhet/index.html",
        "verksamhet/forskola/index.html",
        "404.html",
    ):
        assert (preview_site / page).is_file(), page
    for board in sample_corpus.boards.values():
        assert board.name in read(preview_site, f"{board.slug}/index.html")
        for department in board.departments:
            assert (preview_site / board.slug / department / "index.html").is_file()
    for guarantee in sample_corpus.guarantees:
        html = read(preview_site, f"{guarantee.url}index.html")
        assert 'lang="sv"' in html
        assert "Våra åtaganden" in html and "Giltighetstid" in html
        assert f'Den här garantin finns på <a href="https://kvalitetsgarantier.stockholm/{guarantee.url}">' in html


def test_guarantee_pages_skip_markdown_yet_keep_anchors_and_table_of_contents(preview_site, sample_corpus):
    """Guarantee pages are rendered by garanti.site, not by MkDocs' Markdown step;
    the built page still has what the toc extension gives every other page."""
    guarantee = next(g for g in sample_corpus.guarantees if g.service == "förskola")
    html = read(preview_site, f"{guarantee.url}index.html")
    assert f"<title>{guarantee.title} - Kvalitetsgarantier – Stockholms stad</title>" in html
    headerlink = '<a class="headerlink" href="#vara-ataganden" title="Länk till det här avsnittet">¶</a>'
    assert f'<h2 id="vara-ataganden">Våra åtaganden{headerlink}</h2>' in article(html)
    # the same permalink markup as on a Markdown page (which spells the pilcrow as an entity)
    markdown_page = article(read(preview_site, "om/index.html"))
    assert re.search(
        r'<a class="headerlink" href="#[\w-]+" title="Länk till det här avsnittet">(¶|&para;)</a>', markdown_page
    )
    # Material's sidebar table of contents: the sections and the curriculum areas below them, not the title
    toc = html[html.index('<div class="md-sidebar md-sidebar--secondary"') :]
    toc = toc[: toc.index('<div class="md-content"')]  # the sidebar nests a <nav> per section
    entries = re.findall(r'<a href="#([\w-]+)" class="md-nav__link">', toc)
    assert entries[:1] == ["vara-ataganden"] and {"kontakt", "giltighetstid"} <= set(entries)
    area = guarantee.commitments[0].area
    assert re.search(
        rf'<a href="#[\w-]+" class="md-nav__link">\s*<span class="md-ellipsis">\s*{re.escape(area)}\s*</span>', toc
    )
    assert article(html).count('class="headerlink"') == len(entries) + 1  # every heading but the title
    # the search indexes the page (tests/site/test_search.py says how)
    assert "<div data-pagefind-body>" in article(html)


def test_preview_shows_banner_and_drafts(preview_site, sample_corpus):
    assert "Förhandsgranskning – inte fastställd version." in read(preview_site, "index.html")
    assert "I förhandsgranskningen visas inga beslut." in read(preview_site, "beslut/index.html")
    drafts = [g for g in sample_corpus.guarantees if g.draft]
    if not drafts:
        pytest.skip("the sample corpus has no draft right now")
    html = read(preview_site, f"{drafts[0].url}index.html")
    assert '<p class="admonition-title">Utkast</p>' in html


def nav_targets(site: Path, page: str) -> set[str]:
    """The pages the global navigation of `page` links to, as paths below the site root."""
    base = "http://site/" + page.removesuffix("index.html")
    hrefs = re.findall(r'href="([^"#]*)"', primary_nav(read(site, page)))
    return {urljoin(base, href).removeprefix("http://site/") for href in hrefs}


def test_the_build_says_nothing_about_pages_left_out_of_the_navigation(preview_site):
    """Issue 21, item 10: every rebuild of the preview printed MkDocs' INFO that sok.md is not in
    the nav. The search page is outside the navigation on purpose (mkdocs.yml: not_in_nav)."""
    log = (preview_site.parent / "mkdocs.log").read_text(encoding="utf-8")
    assert "Documentation built" in log
    assert 'not included in the "nav"' not in log and "sok.md" not in log, log


def test_guarantee_pages_stay_out_of_the_navigation(preview_site, sample_corpus):
    guarantee_urls = {g.url for g in sample_corpus.guarantees}
    pages = ["index.html", "om/index.html", f"{sample_corpus.guarantees[0].url}index.html"]
    pages += [f"{board}/index.html" for board in sample_corpus.boards]
    for page in pages:
        targets = nav_targets(preview_site, page)
        assert {"stadsdelsomraden/", "verksamhet/", "beslut/", "om/"} <= targets, page
        assert targets & guarantee_urls == set(), page
    # the navigation is pruned: a board's departments appear on the board's own pages
    for board in sample_corpus.boards.values():
        targets = nav_targets(preview_site, f"{board.slug}/index.html")
        assert {f"{board.slug}/{department}/" for department in board.departments} <= targets
    # ... but the index pages link to them
    guarantee = sample_corpus.guarantees[0]
    department = read(preview_site, f"{guarantee.board}/{guarantee.department}/index.html")
    assert f'href="../{guarantee.slug}/"' in article(department)


def test_department_page_lists_units_with_service_type(preview_site, sample_corpus):
    guarantee = next(g for g in sample_corpus.guarantees if g.service == "förskola")
    html = article(read(preview_site, f"{guarantee.board}/{guarantee.department}/index.html"))
    assert re.search(rf'<a href="../{guarantee.slug}/">{re.escape(guarantee.title)}</a> – förskola', html)


def test_search_is_swedish_and_finnish_and_nothing_loads_from_elsewhere(preview_site):
    entry = json.loads(read(preview_site, "pagefind/pagefind-entry.json"))
    assert sorted(entry["languages"]) == ["fi", "sv"]  # Swedish stemming, and Finnish for the Finnish versions
    for page in preview_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        loads = re.findall(r'<(?:script|img|iframe)[^>]*\ssrc="([^"]+)"', html)
        loads += re.findall(r'<link[^>]*\shref="([^"]+)"[^>]*>', html)
        loads = [url for url in loads if not re.search(r'rel="canonical"', html.split(url)[0][-200:])]
        foreign = [url for url in loads if re.match(r"(https?:)?//", url)]
        assert foreign == [], page
    assert "fonts.googleapis" not in read(preview_site, "index.html")


def test_open_data_files_are_published_with_the_site(preview_site, sample_corpus):
    data = json.loads(read(preview_site, "oppna-data/garantier.json"))
    assert len(data) == len(sample_corpus.guarantees)
    csv_text = read(preview_site, "oppna-data/garantier.csv")
    assert csv_text.startswith("url,board,board_name,")
    assert json.loads(read(preview_site, "oppna-data/guarantee.schema.json"))["title"] == "Kvalitetsgaranti"
    assert (preview_site / "oppna-data/board.schema.json").is_file()


# --- a publication ----------------------------------------------------------


def test_published_site_has_only_approved_boards_and_no_drafts(published_site, sample_corpus):
    site, board, meeting = published_site
    assert "Förhandsgranskning" not in read(site, "index.html")
    for other in set(sample_corpus.boards) - {board}:
        assert not (site / other).exists()
    for guarantee in sample_corpus.guarantees:
        page = site / guarantee.url / "index.html"
        assert page.is_file() == (guarantee.board == board and not guarantee.draft), guarantee.url
    shown = next(g for g in sample_corpus.guarantees if g.board == board and not g.draft)
    html = read(site, f"{shown.url}index.html")
    name = sample_corpus.boards[board].name
    assert re.search(rf"Fastställd av {re.escape(name)} den \d+ \w+ \d{{4}} \({re.escape(meeting.reference)}\)\.", html)
    assert f'Den här garantin finns på <a href="https://garantier.example.se/{shown.url}">' in html
    board_page = read(site, f"{board}/index.html")
    assert re.search(
        rf"Senaste beslut: {re.escape(name)} fastställde garantierna den \d+ \w+ \d{{4}} "
        rf"\({re.escape(meeting.reference)}\)\.",
        board_page,
    )
    decisions = read(site, "beslut/index.html")
    approved = [g for g in sample_corpus.guarantees if g.board == board and not g.draft]
    assert [meeting.reference, str(len(approved)), "första fastställda versionen"] == table_cells(decisions)[2:5]


# --- refusal and expiry, on the small test repository -------------------------


def test_build_refuses_content_that_fails_the_check(content_repo, tmp_path):
    config = site_project(content_repo)
    broken = content_repo / "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("service: hemtjänst", "service: hemtjanst"), encoding="utf-8"
    )
    result = mkdocs_build(config, tmp_path / "out")
    assert result.returncode == 1
    assert "Webbplatsen byggs inte: innehållet har 1 fel." in result.stderr
    assert (
        'guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md:3:10: "hemtjanst" är inte ett tillåtet värde'
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_expired_guarantee_keeps_its_page_but_leaves_the_index_pages(content_repo, tmp_path):
    write(
        content_repo,
        "guarantees/provstaden/aldreomsorg/gamla-hemtjansten.md",
        (content_repo / "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md")
        .read_text(encoding="utf-8")
        .replace("Provstadens hemtjänst", "Gamla hemtjänsten")
        .replace("2026-", "2025-"),
    )
    config = site_project(content_repo)
    result = mkdocs_build(config, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "out"
    html = read(site, "provstaden/gamla-hemtjansten/index.html")
    assert "Den här garantin gällde till och med 31 december 2025; den gäller inte längre." in html
    for index in (
        "index.html",
        "provstaden/index.html",
        "provstaden/aldreomsorg/index.html",
        "verksamhet/hemtjanst/index.html",
        "verksamhet/index.html",
    ):
        assert "gamla-hemtjansten" not in read(site, index), index
    assert "provstadens-hemtjanst/" in article(read(site, "provstaden/aldreomsorg/index.html"))
