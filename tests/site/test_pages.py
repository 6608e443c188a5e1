"""Page generation without MkDocs: a corpus in, Markdown index pages and HTML guarantee pages out."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from garanti.content import check_tree
from garanti.errors import Refusal
from garanti.model import Commitment, Guarantee
from garanti.publication import from_data as parse_approvals
from garanti.publishing.plan import approvals_data, plan, publication_of
from garanti.site import navigation, render, search
from garanti.site.build import SiteBuild, settings_from
from garanti.site.pages import commitment_groups, fill_start_page, generate_pages, guarantee_pages
from garanti.site.selection import Site
from garanti.wording import date_text, period_text, sort_key

from ..helpers import REPO_ROOT, edit, run, site_project, table_cells, write
from ..repos import PUBLISHED_ON, Repo, published_site, publishing_environment
from ..samples import BOARD, BOARD_YML, HOME, HOME_PAGE, PRESCHOOL, PRESCHOOL_MD, PRESCHOOL_PAGE, make_site

DECISION = "provstaden/2026-01-22"

TODAY = dt.date(2026, 6, 1)


def corpus_guarantee(root, slug: str) -> Guarantee:
    return next(g for g in check_tree(root).corpus.guarantees if g.slug == slug)


def guarantee_html(site: Site, path: str) -> str:
    """A guarantee page's content as MkDocs shows it (rendered here, no Markdown step)."""
    return guarantee_pages(site)[path].html


# --- Swedish wording --------------------------------------------------------


def test_dates_are_swedish_without_locale():
    assert date_text(dt.date(2026, 1, 22)) == "22 januari 2026"
    assert period_text(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == "1 januari–31 december 2026"
    assert period_text(dt.date(2025, 7, 1), dt.date(2026, 6, 30)) == "1 juli 2025–30 juni 2026"


def test_swedish_alphabetical_order():
    names = ["Östberga", "Årsta", "Älvsjö", "Aspudden", "Zinkensdamm"]
    assert sorted(names, key=sort_key) == ["Aspudden", "Zinkensdamm", "Årsta", "Älvsjö", "Östberga"]


def test_phone_numbers_become_international_tel_links():
    assert render.phone_link("08-508 21 430") == "tel:+46850821430"
    assert render.phone_link("+46 8 508 00 000") == "tel:+46850800000"


# --- the guarantee page -----------------------------------------------------


def test_guarantee_page_has_every_part_of_the_template(content_repo):
    page = guarantee_pages(make_site(content_repo))[HOME_PAGE]
    html = page.html
    front, structured_data = page.front_matter.split("garanti_strukturerade_data: ")  # its own test: test_structured
    assert front == (
        '---\ntitle: "Provstadens hemtjänst"\n'
        'description: "Kvalitetsgaranti för Provstadens hemtjänst, Provstaden."\n'
        'garanti_flode: "beslut/provstaden/flode.xml"\n'
        'garanti_flode_titel: "Beslut om kvalitetsgarantierna – Provstadens stadsdelsnämnd"\n'
    )
    assert structured_data.startswith('"{') and structured_data.endswith('}"\n---\n')
    assert '<h1 id="provstadens-hemtjanst">Provstadens hemtjänst<a class="headerlink"' in html
    for heading in (
        "Våra åtaganden",
        "Om vi inte håller vad vi lovar",
        "Synpunkter och klagomål",
        "Kontakt",
        "Giltighetstid",
    ):
        assert f'>{heading}<a class="headerlink"' in html
    assert "<li>Du får en kontaktperson inom två veckor.</li>" in html
    assert "Vi hjälper dig att leva ett tryggt liv hemma." in html
    # complaints come from the board's default
    assert "Tala med personalen eller lämna synpunkter på stockholm.se." in html
    assert '<a href="tel:+46850811111">08-508 11 111</a>' in html
    assert '<a href="mailto:hemtjanst.provstaden@stockholm.se">' in html
    assert "Adress: Provgatan 1, 123 45 Stockholm" in html
    assert "Garantin gäller 1 januari–31 december 2026." in html
    assert (
        'Den här garantin finns på <a href="https://kvalitetsgarantier.stockholm/provstaden/provstadens-hemtjanst/">'
        in html
    )
    # service type, department and board, with a way back to the department
    # (links are final addresses: these pages skip MkDocs' link rewriting)
    assert '<a href="../../verksamhet/hemtjanst/">Hemtjänst</a>' in html
    assert '<a href="../aldreomsorg/">Avdelningen för äldreomsorg</a>' in html
    assert '<a href="../">Provstaden</a>' in html
    assert (
        '<p class="garanti-tillbaka"><a href="../aldreomsorg/">Fler garantier från Avdelningen för äldreomsorg</a></p>'
        in html
    )
    assert "Mer information" not in html  # optional, and absent here


def test_preschool_commitments_are_grouped_by_curriculum_area_in_schema_order(content_repo):
    guarantee = corpus_guarantee(content_repo, "provstadens-forskolor")
    shuffled = dataclasses.replace(
        guarantee,
        commitments=(
            Commitment("Samverkan ett.", "Samverkan"),
            Commitment("Lärande ett.", "Utveckling och lärande"),
            Commitment("Samverkan två.", "Samverkan"),
        ),
    )
    groups = commitment_groups(shuffled)
    assert [(area, [c.text for c in items]) for area, items in groups] == [
        ("Utveckling och lärande", ["Lärande ett."]),
        ("Samverkan", ["Samverkan ett.", "Samverkan två."]),
    ]
    html = guarantee_html(make_site(content_repo, guarantees=[shuffled]), PRESCHOOL_PAGE)
    assert html.index('<h3 id="utveckling-och-larande">') < html.index('<h3 id="samverkan">')
    assert "Normer och värden" not in html  # empty areas are left out


def test_other_services_have_no_area_headings(content_repo):
    html = guarantee_html(make_site(content_repo), HOME_PAGE)
    assert "<h3" not in html


def test_preview_marks_the_page_and_drafts(content_repo):
    draft = dataclasses.replace(corpus_guarantee(content_repo, "provstadens-hemtjanst"), draft=True)
    site = make_site(content_repo, guarantees=[draft])
    pages = generate_pages(site)
    html = guarantee_html(site, HOME_PAGE)
    assert "Förhandsgranskning – inte fastställd version." in html
    # as Python-Markdown's admonition extension writes it
    assert (
        '<div class="admonition warning">\n<p class="admonition-title">Utkast</p>\n<p>Den här garantin är ett utkast.'
        in html
    )
    assert "(utkast)" in pages["provstaden/aldreomsorg/index.md"].html


def test_published_pages_say_who_approved_them_and_leave_drafts_out(content_repo):
    write(content_repo, PRESCHOOL, PRESCHOOL_MD.replace("\n---\n", "\ndraft: true\n---\n", 1))
    site = published_site(content_repo, DECISION)
    pages = generate_pages(site)
    html = guarantee_html(site, HOME_PAGE)
    assert "Fastställd av Provstadens stadsdelsnämnd den 22 januari 2026 (dnr PS-2025/100, § 7)." in html
    assert "Förhandsgranskning" not in html
    assert PRESCHOOL_PAGE not in guarantee_pages(site)
    assert "provstadens-forskolor" not in pages["provstaden/forskola/index.md"].html
    board = pages["provstaden/index.md"].html
    assert (
        "Senaste beslut: Provstadens stadsdelsnämnd fastställde garantierna den 22 januari 2026 (dnr PS-2025/100, § 7)."
        in board
    )


def test_boards_without_approval_publish_nothing(content_repo):
    site = published_site(content_repo)  # no approval tag
    pages = generate_pages(site)
    assert guarantee_pages(site) == {}
    assert not any(path.startswith("provstaden/") for path in pages)
    assert set(pages) == {"stadsdelsomraden/index.md", "verksamhet/index.md", "beslut/index.md"}


def test_approvals_for_an_unknown_board_are_refused(content_repo):
    repo = Repo.init(content_repo)
    repo.commit("Provstaden")
    repo.tag("okand/2026-01-22")
    with publishing_environment(PUBLISHED_ON):
        result = plan(content_repo, without_approvers=True)
    assert any("okand" in problem for problem in result.held["okand"])
    assert "okand" not in publication_of(result).approvals


# --- expiry -----------------------------------------------------------------


def test_expired_guarantee_keeps_its_page_with_a_notice_but_leaves_the_lists(content_repo):
    site = make_site(content_repo, today=dt.date(2027, 1, 1))
    pages = generate_pages(site)
    html = guarantee_html(site, HOME_PAGE)
    assert '<div class="admonition danger">\n<p class="admonition-title">Garantin gäller inte längre</p>' in html
    assert "Den här garantin gällde till och med 31 december 2026; den gäller inte längre." in html
    assert 'Enhetens gällande garanti hittar du hos <a href="../aldreomsorg/">Avdelningen för äldreomsorg</a>.' in html
    for index in ("provstaden/index.md", "provstaden/aldreomsorg/index.md", "verksamhet/index.md"):
        assert "provstadens-hemtjanst" not in pages[index].html, index
    assert "verksamhet/hemtjanst/index.md" not in pages  # no current units of that type
    assert "Avdelningen har inga gällande kvalitetsgarantier just nu." in pages["provstaden/aldreomsorg/index.md"].html
    assert "provstadens-hemtjanst" not in fill_start_page(
        site, "<!-- garanti:nämnder -->\n<!-- garanti:verksamheter -->"
    )


def test_last_valid_day_is_still_current(content_repo):
    site = make_site(content_repo, today=dt.date(2026, 12, 31))
    pages = generate_pages(site)
    assert "gäller inte längre" not in guarantee_html(site, HOME_PAGE)
    assert 'href="../provstadens-hemtjanst/"' in pages["provstaden/aldreomsorg/index.md"].html


def test_future_guarantee_says_when_it_starts(content_repo):
    html = guarantee_html(make_site(content_repo, today=dt.date(2025, 12, 15)), HOME_PAGE)
    assert '<p class="admonition-title">Garantin har inte börjat gälla</p>' in html
    assert "Den här garantin gäller från och med 1 januari 2026." in html


# --- index pages ------------------------------------------------------------


def test_department_page_lists_units_with_service_type(content_repo):
    page = generate_pages(make_site(content_repo))["provstaden/forskola/index.md"].html
    assert '<h1 id="avdelningen-for-forskola-provstaden">Avdelningen för förskola – Provstaden<a' in page
    assert '<li><a href="../provstadens-forskolor/">Provstadens förskolor</a> – förskola' in page
    assert 'Avdelningen hör till <a href="../">Provstadens stadsdelsnämnd</a>.' in page


def test_board_page_lists_departments_with_counts_and_links(content_repo):
    page = generate_pages(make_site(content_repo))["provstaden/index.md"].html
    assert '<h2 id="avdelningen-for-aldreomsorg"><a href="aldreomsorg/">Avdelningen för äldreomsorg</a><a' in page
    assert "1 gällande garanti:" in page
    assert '<li><a href="provstadens-hemtjanst/">Provstadens hemtjänst</a> – hemtjänst' in page
    assert "[08-508 00 000]" not in page and 'href="tel:+46850800000"' in page  # the board's contact


def test_service_pages_exist_only_for_types_with_units(content_repo):
    pages = generate_pages(make_site(content_repo))
    services = sorted(path for path in pages if path.startswith("verksamhet/"))
    assert services == ["verksamhet/forskola/index.md", "verksamhet/hemtjanst/index.md", "verksamhet/index.md"]
    page = pages["verksamhet/forskola/index.md"].html
    assert '<h2 id="provstaden">Provstaden<a' in page
    assert (
        '<li><a href="../../provstaden/provstadens-forskolor/">Provstadens förskolor</a> – Avdelningen för förskola'
        in page
    )


def test_start_page_lists_are_filled_in_at_the_markers(content_repo):
    text = "Före\n\n<!-- garanti:nämnder -->\n\nMitten\n\n<!-- garanti:verksamheter -->\n"
    filled = fill_start_page(make_site(content_repo), text)
    assert '<li><a href="provstaden/">Provstaden</a> – 2 garantier</li>' in filled
    assert '<li><a href="verksamhet/forskola/">Förskola</a> – 1 garanti</li>' in filled
    assert "<!-- garanti:" not in filled


def test_decisions_page_newest_first_and_empty_in_preview(content_repo):
    preview = generate_pages(make_site(content_repo))["beslut/index.md"].html
    assert "I förhandsgranskningen visas inga beslut." in preview
    published = generate_pages(published_site(content_repo, *two_decisions(content_repo)))["beslut/index.md"].html
    assert published.index("22 januari 2026") < published.index("20 januari 2025")
    assert table_cells(published)[2:5] == ["dnr PS-2025/100, § 7", "2", "1 ny, 1 ändrad"]


def two_decisions(root) -> tuple[str]:
    """provstaden decides on its home care alone on 20 January 2025 (a meeting without a case number),
    then on 22 January 2026 on it reworded and a new preschool: the second decision, to be tagged."""
    write(root, BOARD, BOARD_YML.replace("meetings:\n", "meetings:\n  - date: 2025-01-20\n", 1))
    (root / PRESCHOOL).unlink()
    repo = Repo.init(root)
    repo.commit("Hemtjänsten", date="2025-01-10T12:00:00+01:00")
    with publishing_environment(PUBLISHED_ON):
        assert repo.approve("provstaden", "2025-01-20") == 0
    write(root, PRESCHOOL, PRESCHOOL_MD)
    edit(root, HOME, "inom två veckor", "inom en vecka")
    return (DECISION,)


def test_every_page_in_the_sample_corpus_renders():
    site = make_site(REPO_ROOT)
    pages = generate_pages(site)
    html_pages = guarantee_pages(site)
    assert len(html_pages) == len(site.guarantees)
    for path, page in pages.items():
        assert page.front_matter.startswith("---\ntitle: "), path
        assert page.html.startswith("<h1"), path
    for path, page in html_pages.items():
        assert page.front_matter.startswith("---\ntitle: "), path
        assert page.html.startswith('<p class="garanti-anslag garanti-anslag-rubrik">Kvalitetsgaranti</p>\n<h1 id='), (
            path
        )
        assert [token["level"] for token in page.toc] == [1], path  # everything below the title


# --- navigation -------------------------------------------------------------


def test_navigation_has_boards_departments_and_services_but_no_guarantees(content_repo):
    nav = navigation.expand(
        [{"Start": "index.md"}, {"Nämnder": "garanti:nämnder"}, {"Verksamheter": "garanti:verksamheter"}],
        make_site(content_repo),
    )
    assert nav[1] == {
        "Nämnder": [
            "stadsdelsomraden/index.md",
            {
                "Provstaden": [
                    "provstaden/index.md",
                    {"Avdelningen för förskola": "provstaden/forskola/index.md"},
                    {"Avdelningen för äldreomsorg": "provstaden/aldreomsorg/index.md"},
                ]
            },
        ]
    }
    assert nav[2] == {
        "Verksamheter": [
            "verksamhet/index.md",
            {"Förskola": "verksamhet/forskola/index.md"},
            {"Hemtjänst": "verksamhet/hemtjanst/index.md"},
        ]
    }
    assert "provstadens-hemtjanst" not in repr(nav)


def test_build_marks_only_guarantee_and_language_pages_as_outside_the_navigation(content_repo):
    build = SiteBuild.load(content_repo, content_repo / "docs", None, {"GARANTI_TODAY": "2026-06-01"})
    outside = {f.path for f in build.files() if not f.in_nav and f.path.endswith(".md")}
    # The languages' entry pages and the Finnish search are linked from the start page: the
    # navigation is Swedish (a Finnish page has its own, see overrides/main.html).
    assert outside == {HOME_PAGE, PRESCHOOL_PAGE, "suomeksi/index.md", "suomeksi/haku/index.md", "lattlast/index.md"}


def test_build_skips_markdown_for_guarantee_pages_only(content_repo):
    build = SiteBuild.load(content_repo, content_repo / "docs", None, {"GARANTI_TODAY": "2026-06-01"})
    source = next(f.content for f in build.files() if f.path == HOME_PAGE)
    page = build.html_pages[HOME_PAGE]
    assert source == page.front_matter  # MkDocs reads the title from it and finds no Markdown
    # ours, through the fence (nothing to remove), wrapped for the search index
    assert build.page_content(HOME_PAGE, "") == search.indexed(page.html, build.search_entries[HOME_PAGE])
    assert [t["id"] for t in build.page_toc(HOME_PAGE)[0]["children"]][:1] == ["vara-ataganden"]
    department = "provstaden/aldreomsorg/index.md"
    assert build.page_markdown(department, build.pages[department]) == build.pages[department]
    assert build.page_toc(department) is None and build.page_toc("om.md") is None


# --- settings and refusals --------------------------------------------------


def test_settings_from_environment(tmp_path):
    assert settings_from({"GARANTI_TODAY": "2026-06-01"}, None).today == TODAY
    assert settings_from({}, None).preview
    with pytest.raises(Refusal, match="GARANTI_TODAY ska vara ett datum"):
        settings_from({"GARANTI_TODAY": "1 juni"}, None)
    with pytest.raises(Refusal, match="kan inte läsas"):
        settings_from({"GARANTI_APPROVALS": str(tmp_path / "saknas.json")}, None)
    bad = tmp_path / "bad.json"
    bad.write_text('{"approvals": {"provstaden": {"date": "22 jan"}}}', encoding="utf-8")
    with pytest.raises(Refusal, match="date"):
        settings_from({"GARANTI_APPROVALS": str(bad)}, None)


def test_a_map_service_is_off_unless_mkdocs_yml_names_a_safe_one():
    assert settings_from({}, None).map_link is None
    assert settings_from({}, None, "").map_link is None
    service = "https://karta.example.se/sok?q={adress}&z=16"
    assert settings_from({}, None, service).map_link == service
    for wrong in (
        "http://karta.example.se/?q={adress}",
        "https://karta.example.se/",
        "javascript:{adress}",
        'https://k.example.se/?q={adress}"><script>',
        "https://k.example.se/{adress}/{adress}",
        12,
    ):
        with pytest.raises(Refusal, match="extra.garanti_map_link"):
            settings_from({}, None, wrong)
    # the address goes in escaped: it cannot end the query or add to the address
    assert render.map_address("Årsta torg 5, 120 57 Årsta & #2", service) == (
        "https://karta.example.se/sok?q=%C3%85rsta%20torg%205%2C%20120%2057%20%C3%85rsta%20%26%20%232&z=16"
    )


def test_approvals_file_contract(content_repo):
    published_site(content_repo, *two_decisions(content_repo))
    with publishing_environment(PUBLISHED_ON):
        publication = parse_approvals(approvals_data(plan(content_repo, without_approvers=True)))
    approval = publication.approvals["provstaden"]
    assert approval.meeting.date == dt.date(2026, 1, 22)
    assert approval.meeting.reference == "dnr PS-2025/100, § 7"
    assert [d.count for d in publication.decisions] == [2, 1]  # newest first
    with pytest.raises(Refusal):
        parse_approvals({"approvals": []})
    with pytest.raises(Refusal):
        parse_approvals({"approvals": {}, "decisions": [{"board": "x"}]})


@pytest.mark.parametrize("name", ["verksamhet", "om", "assets", "search", "beslut", "oppna-data", "stadsdelsomraden"])
def test_board_may_not_take_an_address_the_site_uses(content_repo, name, capsys):
    """A board folder named like a page the site has itself passed the check and failed only the build."""
    site_project(content_repo)
    (content_repo / "guarantees/provstaden").rename(content_repo / f"guarantees/{name}")
    code, out, _ = run(content_repo, "check", capsys=capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        f'guarantees/{name}/board.yml:1:1: Mappnamnet "{name}" används redan av webbplatsen '
        f"(/{name}/). Byt namn på nämndens mapp."
    )


def test_build_refuses_content_the_checker_refuses(content_repo):
    path = content_repo / "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("service: hemtjänst", "service: hemtjanst"), encoding="utf-8"
    )
    with pytest.raises(Refusal) as refused:
        SiteBuild.load(content_repo, content_repo / "docs", None, {})
    assert (
        'guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md:3:10: "hemtjanst" är inte ett tillåtet värde'
        in str(refused.value)
    )


@pytest.mark.parametrize(
    "from_page, to_path",
    [
        ("a/b/index.md", "a/c/index.md"),
        ("a/b/index.md", "a/index.md"),
        ("index.md", "a/index.md"),
        ("index.md", "oppna-data/garantier.json"),
        ("a/index.md", "a/b/index.md"),
        ("verksamhet/x/index.md", "a/b/index.md"),
        ("a/index.md", "index.md"),
        ("a/a/index.md", "a/index.md"),
    ],
)
def test_relative_links_match_posixpath(from_page, to_path):
    import posixpath

    from garanti.site.paths import link

    assert link(from_page, to_path) == posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")
