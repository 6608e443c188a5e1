"""What residents see of the units' follow-ups, without MkDocs: "Så gick det" on the
guarantee page, the kept-counts on index pages, and the comparison pages per board
and service type. The follow-ups are made here from the model's classes; the sample
follow-ups in guarantees/ are built for real in tests/browser/test_follow_up_browser.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from garanti import layout
from garanti.content import check_tree
from garanti.kept import Kept
from garanti.model import CommitmentResult, FollowUp
from garanti.site import paths
from garanti.site.build import SiteBuild
from garanti.site.pages import generate_pages, guarantee_html, guarantee_pages
from garanti.site.render import clean_page

from ..helpers import write
from ..repos import Repo, published_site
from ..samples import (
    HOME,
    HOME_CARE_MD,
    HOME_PAGE,
    PRESCHOOL_PAGE,
    follow_up_path,
    follow_up_text,
    make_site,
    preschool,
)

DECISION = "provstaden/2026-01-22"

TODAY = dt.date(2026, 6, 1)
COMPARISON = "jamfor/provstaden/forskola/index.md"
SECOND_PRESCHOOL = "provstaden/ekorrens-forskola/index.md"


def home_follow_up(year: int = 2025, **changes) -> FollowUp:
    follow_up = FollowUp(
        board="provstaden",
        department="aldreomsorg",
        unit="provstadens-hemtjanst",
        year=year,
        results=(
            CommitmentResult("Du får en kontaktperson inom två veckor.", "uppfyllt", "Alla fick det inom tio dagar."),
            CommitmentResult(
                "Vi ringer om vi blir mer än 30 minuter försenade.",
                "delvis uppfyllt",
                "Vi glömde att ringa *tre* gånger.",
            ),
        ),
        corrections=2,
        corrections_changed="Vi ringer nu från bilen innan vi är sena.",
        complaints=3,
    )
    return dataclasses.replace(follow_up, **changes)


def preschool_follow_up(unit: str = "provstadens-forskolor", **changes) -> FollowUp:
    follow_up = FollowUp(
        board="provstaden",
        department="forskola",
        unit=unit,
        year=2025,
        results=(
            CommitmentResult("Ditt barn får läsa och berätta varje dag.", "uppfyllt", None, "Utveckling och lärande"),
            CommitmentResult(
                "Vi arbetar aktivt mot kränkningar.", "inte uppfyllt", "Planen blev inte klar.", "Normer och värden"
            ),
            CommitmentResult("Barnen är med och planerar veckan.", "uppfyllt", None, "Barns inflytande"),
        ),
        corrections=0,
        corrections_changed=None,
        complaints=0,
    )
    return dataclasses.replace(follow_up, **changes)


def follow_up_file(follow_up: FollowUp) -> str:
    """A home-care follow-up as its file says it (samples.follow_up_text)."""
    results = [(r.text, r.result, *([r.comment] if r.comment else [])) for r in follow_up.results]
    return follow_up_text(
        results,
        count=follow_up.corrections,
        complaints=follow_up.complaints,
        changed=follow_up.corrections_changed,
        draft=follow_up.draft,
    )


@pytest.fixture
def two_preschools(content_repo):
    """The content repository with a second preschool in the same district."""
    write(content_repo, "guarantees/provstaden/forskola/ekorrens-forskola.md", preschool("Ekorrens förskola"))
    return content_repo


def section(html: str) -> str:
    return html[html.index('<section class="garanti-uppfoljning">') : html.index("</section>")]


# --- "Så gick det" on the guarantee page ------------------------------------------------


def test_guarantee_page_shows_how_the_latest_year_went(content_repo):
    site = make_site(content_repo, follow_ups=[home_follow_up(2024, complaints=9), home_follow_up(2025)])
    html = guarantee_pages(site)[HOME_PAGE].html
    part = section(html)
    assert '<h2 id="sa-gick-det-2025">Så gick det 2025' in part
    assert "2024" not in part and "9 klagomål" not in part
    assert "1 av 2 åtaganden uppfyllda under 2025." in part
    # each commitment, its result in words beside a symbol that screen readers skip, its comment
    assert (
        '<li><span class="garanti-resultat-atagande">Du får en kontaktperson inom två veckor.</span>\n'
        '<span class="garanti-resultat-rad"><span class="garanti-resultat-utfall garanti-resultat--uppfyllt">'
        '<span class="garanti-resultat-symbol" aria-hidden="true">✓</span> Uppfyllt</span> '
        '<span class="garanti-resultat-kommentar">Alla fick det inom tio dagar.</span></span></li>'
    ) in part
    assert '<span class="garanti-resultat-symbol" aria-hidden="true">◐</span> Delvis uppfyllt</span>' in part
    assert "Vi glömde att ringa <em>tre</em> gånger." in part  # inline Markdown, as everywhere
    assert "Rättelse begärdes 2 gånger." in part
    assert "<p>Vi ringer nu från bilen innan vi är sena.</p>" in part
    assert "Vi fick 3 klagomål." in part
    # after the commitments, before what happens when the unit fails
    assert html.index("Våra åtaganden") < html.index("Så gick det") < html.index("Om vi inte håller vad vi lovar")


def test_every_result_has_its_words_and_its_own_symbol(content_repo):
    results = tuple(
        CommitmentResult(f"Åtagande {n}.", result)
        for n, result in enumerate(("uppfyllt", "delvis uppfyllt", "inte uppfyllt"))
    )
    site = make_site(
        content_repo,
        follow_ups=[home_follow_up(results=results, corrections=0, complaints=0, corrections_changed=None)],
    )
    part = section(guarantee_pages(site)[HOME_PAGE].html)
    marks = re.findall(r'aria-hidden="true">(.)</span> ([^<]+)</span>', part)
    assert marks == [("✓", "Uppfyllt"), ("◐", "Delvis uppfyllt"), ("✗", "Inte uppfyllt")]
    assert "1 av 3 åtaganden uppfyllda under 2025." in part
    assert "Ingen begärde rättelse." in part and "Vi fick inga klagomål." in part
    assert "Det här ändrade vi" not in part


def test_preschool_results_are_grouped_by_curriculum_area(content_repo):
    html = guarantee_pages(make_site(content_repo, follow_ups=[preschool_follow_up()]))[PRESCHOOL_PAGE].html
    part = section(html)
    headings = re.findall(r"<h3 id=\"[^\"]+\">([^<]+)<", part)
    assert headings == ["Utveckling och lärande", "Normer och värden", "Barns inflytande"]
    assert (
        part.index("Vi arbetar aktivt mot kränkningar.") < part.index("Inte uppfyllt") < part.index("Barns inflytande")
    )


def test_without_a_follow_up_there_is_no_section(content_repo):
    html = guarantee_pages(make_site(content_repo, follow_ups=[preschool_follow_up()]))[HOME_PAGE].html
    assert "garanti-uppfoljning" not in html and "Så gick det" not in html


def test_a_draft_follow_up_shows_in_the_preview_marked_and_never_when_published(content_repo):
    # The home care as it read in 2024 and 2025, in git: what the follow-ups of those years are checked against.
    repo = Repo.init(content_repo)
    for year in (2024, 2025):
        write(content_repo, HOME, HOME_CARE_MD.replace("2026-", f"{year}-"))
        repo.commit(f"Hemtjänsten {year}")
    write(content_repo, HOME, HOME_CARE_MD)
    for follow_up in (home_follow_up(2024, complaints=7), home_follow_up(2025, draft=True)):
        write(content_repo, follow_up_path(HOME, follow_up.year), follow_up_file(follow_up))
    preview = section(guarantee_pages(make_site(content_repo))[HOME_PAGE].html)
    assert "Så gick det 2025" in preview
    assert '<p class="admonition-title">Utkast</p>\n<p>Uppföljningen är ett utkast.' in preview
    published = published_site(content_repo, DECISION)
    html = guarantee_pages(published)[HOME_PAGE].html
    assert "Så gick det 2024" in section(html) and "Vi fick 7 klagomål." in html
    assert "2025" not in section(html) and "Utkast" not in html
    assert "(uppföljningen är ett utkast)" not in generate_pages(published)["provstaden/aldreomsorg/index.md"].html


def test_follow_up_text_is_sanitised_like_the_rest_of_the_page(content_repo):
    """The checker refuses HTML in a follow-up; the page's own fences must hold even so."""
    hostile = home_follow_up(
        results=(
            CommitmentResult(
                '<img src=x onerror="alert(1)"> *ok*', "uppfyllt", "<script>alert(1)</script>[x](javascript:alert(1))"
            ),
        ),
        corrections_changed="<b onclick=alert(1)>fet</b>",
    )
    html = clean_page(guarantee_pages(make_site(content_repo, follow_ups=[hostile]))[HOME_PAGE].html)
    assert "<script" not in html and "onerror" not in html and "onclick" not in html and "javascript:" not in html
    assert "<img" not in html


def test_the_last_fence_keeps_the_symbol_hidden_from_screen_readers(content_repo):
    html = clean_page(guarantee_pages(make_site(content_repo, follow_ups=[home_follow_up()]))[HOME_PAGE].html)
    assert '<span class="garanti-resultat-symbol" aria-hidden="true">✓</span> Uppfyllt' in html


# --- kept-counts on the index pages ------------------------------------------------------


def test_index_pages_say_how_many_commitments_each_unit_kept(content_repo):
    pages = generate_pages(make_site(content_repo, follow_ups=[home_follow_up()]))
    line = '<li><a href="{}">Provstadens hemtjänst</a> – {} · 1 av 2 åtaganden uppfyllda 2025</li>'
    assert line.format("../provstadens-hemtjanst/", "hemtjänst") in pages["provstaden/aldreomsorg/index.md"].html
    assert line.format("provstadens-hemtjanst/", "hemtjänst") in pages["provstaden/index.md"].html
    assert (
        line.format("../../provstaden/provstadens-hemtjanst/", "Avdelningen för äldreomsorg")
        in pages["verksamhet/hemtjanst/index.md"].html
    )
    # a unit without a follow-up: nothing at all
    assert (
        '<li><a href="../provstadens-forskolor/">Provstadens förskolor</a> – förskola</li>\n'
        in pages["provstaden/forskola/index.md"].html
    )
    assert "uppfyllda" not in pages["verksamhet/forskola/index.md"].html


def test_one_commitment_kept_of_one_is_singular(content_repo):
    follow_up = home_follow_up(results=home_follow_up().results[:1])
    pages = generate_pages(make_site(content_repo, follow_ups=[follow_up]))
    assert "· 1 av 1 åtagande uppfyllt 2025" in pages["provstaden/aldreomsorg/index.md"].html


def test_index_pages_mark_a_draft_follow_up_in_the_preview(content_repo):
    pages = generate_pages(make_site(content_repo, follow_ups=[home_follow_up(draft=True)]))
    assert (
        "· 1 av 2 åtaganden uppfyllda 2025 (uppföljningen är ett utkast)"
        in pages["provstaden/aldreomsorg/index.md"].html
    )


# --- comparison pages ----------------------------------------------------------------------


def test_a_comparison_page_per_board_and_service_type_with_two_or_more_units(two_preschools):
    site = make_site(two_preschools, follow_ups=[])
    pages = generate_pages(site)
    assert sorted(path for path in pages if paths.is_comparison_page(path)) == [COMPARISON]  # one home-care unit: none
    assert [(board.slug, service, [g.slug for g in units]) for board, service, units in site.comparisons()] == [
        ("provstaden", "förskola", ["ekorrens-forskola", "provstadens-forskolor"])
    ]


def test_comparison_table_has_units_as_columns_and_commitments_by_area(two_preschools):
    results = preschool_follow_up().results[:2] + (
        CommitmentResult("Vi gör en plan när ditt barn börjar skolan.", "delvis uppfyllt", None, "Samverkan"),
    )
    follow_ups = [
        preschool_follow_up(),
        preschool_follow_up(
            "ekorrens-forskola",
            year=2024,
            results=results,
            corrections=1,
            corrections_changed="Ny rutin.",
            complaints=2,
        ),
    ]
    page = generate_pages(make_site(two_preschools, follow_ups=follow_ups))[COMPARISON]
    assert page.front_matter.startswith('---\ntitle: "Jämför enheter inom förskola – Provstaden"\n')
    assert "template: jamfor.html\n" in page.front_matter
    assert "garanti-jamfor-tips" not in page.html  # two units fit a phone: no "svep i sidled"
    html = page.html
    table = html[html.index("<table") : html.index("</table>")]
    assert "<caption>Åtaganden och uppföljning, enhet för enhet</caption>" in table
    assert re.findall(r'<th scope="col"(?: id="([^"]+)")?>', table) == [
        "",
        "enhet-ekorrens-forskola",
        "enhet-provstadens-forskolor",
    ]
    assert '<a href="../../../provstaden/ekorrens-forskola/">Ekorrens förskola</a>' in table
    rows = re.findall(r'<th scope="row">([^<]+)</th>', table)
    # the areas any unit's follow-up has, in the curriculum's order
    assert rows == [
        "Uppföljning",
        "Uppfyllda åtaganden",
        "Utveckling och lärande",
        "Normer och värden",
        "Barns inflytande",
        "Samverkan",
        "Begäran om rättelse",
        "Det här ändrade enheten",
        "Klagomål",
    ]
    assert "<td>Så gick det 2024</td><td>Så gick det 2025</td>" in table
    assert "<td><strong>1 av 3</strong></td><td><strong>2 av 3</strong></td>" in table
    assert "<td>1 gång</td><td>0 gånger</td>" in table
    assert "<td>Ny rutin.</td><td>–</td>" in table
    assert "<td>2 klagomål</td><td>0 klagomål</td>" in table
    assert table.count('aria-hidden="true">✗</span> Inte uppfyllt') == 2
    # an area one unit has nothing in: a dash
    assert re.search(r'<th scope="row">Barns inflytande</th><td>–</td><td><ul', table)
    assert re.search(
        r'<th scope="row">Samverkan</th><td><ul class="garanti-resultat">\n<li>.*?</ul></td><td>–</td></tr>',
        table,
        re.DOTALL,
    )


def test_a_unit_without_follow_up_is_compared_by_its_current_commitments(two_preschools):
    page = generate_pages(make_site(two_preschools, follow_ups=[preschool_follow_up()]))[COMPARISON]
    table = page.html
    assert "<td>Ingen uppföljning publicerad ännu</td><td>Så gick det 2025</td>" in table
    assert "<td>–</td><td><strong>2 av 3</strong></td>" in table
    samverkan = table[table.index('<th scope="row">Samverkan</th>') :]
    assert samverkan.startswith(
        '<th scope="row">Samverkan</th><td><ul class="garanti-resultat">\n'
        "<li>Vi gör en plan när ditt barn börjar skolan.</li>"
    )


def test_expired_units_are_not_compared_and_drafts_only_in_the_preview(two_preschools):
    root = two_preschools
    unit = root / "guarantees/provstaden/forskola/ekorrens-forskola.md"
    unit.write_text(unit.read_text(encoding="utf-8").replace("to: 2026-12-31", "to: 2026-05-31"), encoding="utf-8")
    assert COMPARISON not in generate_pages(make_site(root, follow_ups=[]))  # one current preschool left
    unit.write_text(
        unit.read_text(encoding="utf-8")
        .replace("to: 2026-05-31", "to: 2026-12-31")
        .replace("commitments:", "draft: true\ncommitments:"),
        encoding="utf-8",
    )
    preview = generate_pages(make_site(root, follow_ups=[]))
    assert "Ekorrens förskola</a> (utkast)</th>" in preview[COMPARISON].html
    assert COMPARISON not in generate_pages(published_site(root, DECISION))  # no follow-up files


def test_comparison_pages_are_linked_from_the_index_pages_and_the_guarantee(two_preschools):
    site = make_site(two_preschools, follow_ups=[preschool_follow_up()])
    pages = generate_pages(site)
    link = '<a href="{}">Jämför enheterna inom förskola i Provstaden sida vid sida</a>'
    assert link.format("../../jamfor/provstaden/forskola/") in pages["verksamhet/forskola/index.md"].html
    assert link.format("../../jamfor/provstaden/forskola/") in pages["provstaden/forskola/index.md"].html
    assert (
        '<a href="../jamfor/provstaden/forskola/">Jämför enheterna inom förskola sida vid sida</a>'
        in pages["provstaden/index.md"].html
    )
    assert "jamfor" not in pages["provstaden/aldreomsorg/index.md"].html  # one home-care unit: nothing to compare
    # at the foot of each unit's page, with or without a follow-up; not on the paper's page
    link = '<a href="../../jamfor/provstaden/forskola/">Jämför med andra enheter inom förskola i Provstaden</a>'
    html_pages = guarantee_pages(site)
    assert link in html_pages[PRESCHOOL_PAGE].html.split("</section>", 1)[1]
    assert link in html_pages[SECOND_PRESCHOOL].html and "garanti-uppfoljning" not in html_pages[SECOND_PRESCHOOL].html
    assert "jamfor" not in guarantee_html(
        site.view(next(g for g in site.guarantees if g.slug == "ekorrens-forskola")), standalone=True
    )


def test_comparison_pages_stay_out_of_the_navigation_and_use_their_template(two_preschools):
    build = SiteBuild.load(two_preschools, two_preschools / "docs", None, {"GARANTI_TODAY": "2026-06-01"})
    outside = {f.path for f in build.files() if not f.in_nav and f.path.endswith(".md")}
    assert COMPARISON in outside and "provstaden/forskola/index.md" not in outside
    assert "jamfor" not in repr(build.nav([{"N": "garanti:nämnder"}, {"V": "garanti:verksamheter"}]))


def test_a_board_may_not_be_called_like_the_comparison_pages(content_repo):
    (content_repo / "guarantees/provstaden").rename(content_repo / "guarantees/jamfor")
    problems = check_tree(content_repo, taken=layout.taken_addresses(content_repo / "docs")).problems
    assert any("jamfor" in str(problem) for problem in problems)


# --- the preview's cache --------------------------------------------------------------------


def test_the_preview_renders_again_what_a_changed_follow_up_shows(two_preschools):
    cache = Kept()
    first = make_site(two_preschools, follow_ups=[preschool_follow_up()])
    generate_pages(first, cache), guarantee_pages(first, cache)
    changed = make_site(
        two_preschools, follow_ups=[preschool_follow_up(complaints=5, results=preschool_follow_up().results[:1])]
    )
    pages, html_pages = generate_pages(changed, cache), guarantee_pages(changed, cache)
    assert "· 1 av 1 åtagande uppfyllt 2025" in pages["provstaden/forskola/index.md"].html
    assert "<td>–</td><td>5 klagomål</td>" in pages[COMPARISON].html
    assert "Vi fick 5 klagomål." in html_pages[PRESCHOOL_PAGE].html
    assert changed.follow_up(next(g for g in changed.guarantees if g.slug == "provstadens-forskolor")).complaints == 5
