"""The city's kvalitetsutmärkelse on the site, without a browser (issue 33, item 4): the unit's page
(and so its wall notice and the board paper) in Swedish, Finnish and lättläst, the open data, and the
search's filter."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

from garanti.content import check_tree
from garanti.model import Meeting, QualityAward
from garanti.site import form, opendata, pages, search
from garanti.site.pages import guarantee_pages, version_pages

from ..content.test_quality_award import WON_AND_ENTERED, _with_award
from ..helpers import REPO_ROOT, write
from ..repos import published_site
from ..samples import HOME, HOME_CARE_MD, HOME_PAGE, make_site
from .test_language_versions import DECISION, EASY_PAGE, FI_PAGE, with_versions

SAMPLE_UNIT = "hagerstens-gruppbostader"
SAMPLE_SENTENCE = (
    "Enheten anmäldes till Stockholms stads kvalitetsutmärkelse 2015. "
    "Beslut av Hägersten-Liljeholmens stadsdelsnämnd den 11 juni 2015."
)


def _sample_site():
    return make_site(REPO_ROOT)


def _award_html(html: str) -> str:
    start = html.index('<div class="garanti-utmarkelse">')
    return html[start : html.index("</div>", start)]


def _award_text(html: str) -> str:
    """The award's sentences as read, without their markup."""
    return re.sub(r"<[^>]+>", "", _award_html(html))


def test_the_sample_units_page_says_the_board_entered_it_in_2015():
    site = _sample_site()
    unit = next(g for g in site.guarantees if g.slug == SAMPLE_UNIT)
    html = pages.guarantee_html(site.view(unit))
    assert SAMPLE_SENTENCE in _award_text(html)
    # The decision names the board: left out of the search's index, as the notice's header is.
    assert (
        '<span class="garanti-utmarkelse-beslut">Beslut av Hägersten-Liljeholmens stadsdelsnämnd den 11 juni '
        "2015.</span>"
    ) in _award_html(html)
    assert ".garanti-utmarkelse-beslut" in search.NOT_INDEXED
    others = [g for g in site.guarantees if not g.quality_award]
    assert others and all("garanti-utmarkelse" not in pages.guarantee_html(site.view(g)) for g in others[:5])


def test_outcome_class_and_decision_show_newest_first_in_every_language(content_repo):
    """A year won (with its class, case number, paragraph and minutes) and a year entered; the
    language versions stay current, since the award is not text they word."""
    result = with_versions(content_repo)
    _with_award(content_repo, WON_AND_ENTERED)
    result = check_tree(content_repo)
    assert result.problems == [] and all(v.current for v in result.corpus.language_versions)
    site = published_site(content_repo, DECISION)
    swedish_html = guarantee_pages(site)[HOME_PAGE].html
    swedish = _award_text(swedish_html)
    assert swedish.index("2017") < swedish.index("2015")
    assert (
        "Enheten tilldelades Stockholms stads kvalitetsutmärkelse 2017. Tävlingsklass: Verksamheter inom "
        "äldreomsorg. Beslut av Provstadens stadsdelsnämnd den 15 juni 2017 (dnr PS-2017/412, § 12). "
        "Protokollet från sammanträdet"
    ) in swedish
    assert (
        '<a href="https://start.stockholm/protokoll/provstaden-2017-06-15/">Protokollet från sammanträdet</a>'
        in _award_html(swedish_html)
    )
    assert (
        "Enheten anmäldes till Stockholms stads kvalitetsutmärkelse 2015. Beslut av Provstadens "
        "stadsdelsnämnd den 11 juni 2015."
    ) in swedish
    made = version_pages(site)
    finnish = _award_html(made[FI_PAGE].html)
    assert (
        'Yksikkö sai Tukholman kaupungin laatupalkinnon vuonna 2017. Kilpailusarja: <span lang="sv">Verksamheter '
        'inom äldreomsorg</span>. <span class="garanti-utmarkelse-beslut">Osallistumisesta päätti <span lang="sv">'
        "Provstadens stadsdelsnämnd</span> "
        "15.6.2017 (dnro PS-2017/412, § 12)."
    ) in finnish
    assert "Yksikkö ilmoitettiin Tukholman kaupungin laatupalkintokilpailuun vuonna 2015." in finnish
    easy = _award_text(made[EASY_PAGE].html)
    assert (
        "År 2017 vann vi Stockholms stads pris för bra kvalitet. Priset heter kvalitetsutmärkelsen. "
        "Vi tävlade i klassen Verksamheter inom äldreomsorg. Det bestämde Provstadens stadsdelsnämnd den "
        "15 juni 2017"
    ) in easy
    assert "År 2015 fick vi vara med i Stockholms stads tävling om bra kvalitet." in easy


def test_a_class_with_markup_is_refused_by_the_check_and_escaped_on_the_page(content_repo):
    _with_award(
        content_repo,
        "quality_award:\n  - year: 2016\n    outcome: deltog\n"
        "    category: <script>alert(1)</script>\n    decision:\n      date: 2016-06-09\n",
    )
    assert [str(problem) for problem in check_tree(content_repo).problems] == [
        "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md:18:15: HTML är inte tillåtet i texten. Ta bort "
        'taggen; skriv länkar som [text](https://adress) och mindre än som "mindre än".'
    ]
    write(content_repo, HOME, HOME_CARE_MD)
    # Past the check (a model made another way; so no decision can publish it: the preview's page), the
    # page still shows it as text.
    award = QualityAward(2016, Meeting(dt.date(2016, 6, 9)), "deltog", "<script>alert(1)</script>")
    html = _award_html(guarantee_pages(make_site(content_repo, quality_award=(award,)))[HOME_PAGE].html)
    assert "<script>" not in html
    assert (
        "<p>Enheten deltog i Stockholms stads kvalitetsutmärkelse 2016. Tävlingsklass: "
        "&lt;script&gt;alert(1)&lt;/script&gt;. <span"
    ) in html


def test_the_open_data_has_the_sample_units_award():
    site = _sample_site()
    by_unit = {record["unit"]: record for record in json.loads(opendata.as_json(site))}
    assert by_unit[SAMPLE_UNIT]["quality_award"] == [{"year": 2015, "decision": {"date": "2015-06-11"}}]
    assert all(record["quality_award"] is None for unit, record in by_unit.items() if unit != SAMPLE_UNIT)
    rows = {row["unit"]: row for row in csv.DictReader(io.StringIO(opendata.as_csv(site)))}
    assert rows[SAMPLE_UNIT]["quality_award"] == "2015: 2015-06-11"
    assert opendata.csv_columns().index("quality_award") > opendata.csv_columns().index("service_languages")


def test_the_search_filters_on_taking_part_and_winning_in_the_pages_language(content_repo):
    with_versions(content_repo)
    _with_award(content_repo, WON_AND_ENTERED)
    entries = search.index_entries(published_site(content_repo, DECISION))
    awards = {
        page: [value for _, name, value in entry.marks() if name == search.AWARD] for page, entry in entries.items()
    }
    assert awards[HOME_PAGE] == ["med i tävlingen", "fått utmärkelsen"]
    assert awards[FI_PAGE] == ["mukana kilpailussa", "saanut palkinnon"]
    assert awards["provstaden/provstadens-forskolor/index.md"] == []


def test_the_sample_unit_is_filtered_as_taking_part_only():
    entries = search.index_entries(_sample_site())
    filtered = {
        page
        for page, entry in entries.items()
        if ("data-pagefind-filter", search.AWARD, "med i tävlingen") in entry.marks()
    }
    assert filtered == {f"hagersten-liljeholmen/{SAMPLE_UNIT}/index.md"}
    assert not any(
        name == search.AWARD and value == "fått utmärkelsen"
        for entry in entries.values()
        for _, name, value in entry.marks()
    )


def test_the_form_asks_for_the_award_with_the_decision_a_meeting_has(sample_corpus):
    """The form is compiled from the schema: a list of years, each with its outcome to choose, and the
    decision with a meeting's fields (board.schema.json's), in the order the file writes them."""
    board = sample_corpus.boards["hagersten-liljeholmen"]
    [award] = [made for made in form.guarantee_fields(board, False, 2027) if made["name"] == "quality_award"]
    assert (award["label"], award["widget"], award["required"]) == (
        "Stockholms stads kvalitetsutmärkelse",
        "garanti-lista",
        False,
    )
    assert "(year)" not in award["hint"]
    year = {made["name"]: made for made in award["fields"]}  # a list of objects: Decap keeps each part
    assert list(year) == ["year", "outcome", "category", "decision"]
    assert (year["year"]["widget"], year["year"]["value_type"]) == ("garanti-tal", "int")
    assert year["outcome"]["options"] == ["deltog", "tilldelades"] and not year["outcome"]["required"]
    decision = {made["name"]: made["label"] for made in year["decision"]["fields"]}
    assert decision == {"date": "Datum", "case_number": "Diarienummer", "paragraph": "Paragraf", "minutes": "Protokoll"}
    assert form.formats()["garanti"]["order"]["quality_award.*.decision"] == [
        "date",
        "case_number",
        "paragraph",
        "minutes",
    ]
