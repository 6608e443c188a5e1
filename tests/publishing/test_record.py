"""The site as a record over time (issue 24), in a real git repository with real SSH-signed tags
made by `garanti tag` and real publishes (mkdocs build --strict).

norra approves its 2026 guarantees in January; in December it approves next year's home-care
guarantee (one commitment reworded, one added, one removed) with the follow-up of 2026. After
the December tag a follow-up and a guarantee are changed and merged: approved by nobody.
Published on 15 December 2026 and again on 2 January 2027.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from garanti import signing
from garanti.dates import TODAY_VARIABLE

from ..repos import Repo, make_key, make_repo, signers_line
from ..samples import NORRA_HOME, NORRA_PRESCHOOL
from ..samples import home_care_unit as home_care

PROMISE_2026 = "Du får en kontaktperson inom två veckor."
PROMISE_2027 = "Du får en kontaktperson inom en vecka."
CALLING = "Vi ringer om vi blir mer än 30 minuter försenade."
ADDED_2027 = "Du får välja tid för duschen."
FOLLOW_UP = NORRA_HOME.removesuffix(".md") + ".uppfoljning-2026.yml"
# Merged after the December decision: no page, feed, export or search index may carry them.
UNAPPROVED_PROMISE = "Ogranskat löfte efter beslutet."
UNAPPROVED_COMMENT = "Ogranskad kommentar efter beslutet."
DRAFT, DRAFT_TITLE = "guarantees/norra/aldreomsorg/norra-utkast.md", "Norrstadens utkastenhet"  # tagged, a draft


def next_year(promise: str = PROMISE_2027, *more: str) -> str:
    text = home_care("Norrstadens hemtjänst", promise).replace("2026-", "2027-")
    commitments = "".join(f"  - {line}\n" for line in more)
    # The 2026 guarantee's second commitment (calling) is removed, the new ones added.
    return text.replace(f"  - {CALLING}\n", commitments)


def follow_up(comment: str = "Vi glömde ringa i januari.", complaints: int = 3) -> str:
    return (
        "results:\n"
        f"  - commitment: {PROMISE_2026}\n    result: uppfyllt\n"
        f"  - commitment: {CALLING}\n    result: inte uppfyllt\n    comment: {comment}\n"
        f"corrections:\n  count: 1\ncomplaints: {complaints}\n"
    )


def publish(repo: Repo, out: Path, today: str) -> Path:
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv(TODAY_VARIABLE, today)
        environment.setenv("NO_MKDOCS_2_WARNING", "1")
        environment.delenv("GARANTI_APPROVALS", raising=False)
        environment.delenv("SITE_URL", raising=False)
        assert repo.garanti("publish", "--out", str(out)) == 0
    return out


@pytest.fixture(scope="module")
def record(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("tidslinje")
    key = make_key(base, "norra-sekreterare")
    repo = make_repo(base / "repo")
    repo.write(signing.SIGNERS_FILE, signers_line("norra", key))
    repo.commit("Godkännare")
    repo.git("config", "user.signingkey", str(key))
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv(TODAY_VARIABLE, "2026-11-24")
        assert repo.approve("norra", "2026-01-22") == 0
    repo.write(NORRA_HOME, next_year(PROMISE_2027, ADDED_2027))
    repo.write(FOLLOW_UP, follow_up())
    repo.write(DRAFT, home_care(DRAFT_TITLE, draft=True).replace("2026-", "2027-"))
    repo.commit("Garantin för 2027 och uppföljningen av 2026", date="2026-11-30T12:00:00+01:00")
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv(TODAY_VARIABLE, "2026-12-11")
        assert repo.approve("norra", "2026-12-10") == 0
    repo.write(NORRA_HOME, next_year(PROMISE_2027, ADDED_2027, UNAPPROVED_PROMISE))
    repo.write(FOLLOW_UP, follow_up(UNAPPROVED_COMMENT, complaints=9))
    repo.write(
        NORRA_PRESCHOOL,
        (repo.root / NORRA_PRESCHOOL)
        .read_text(encoding="utf-8")
        .replace("Vi arbetar aktivt mot kränkningar.", UNAPPROVED_PROMISE),
    )
    repo.commit("Ändringar efter beslutet", date="2026-12-12T12:00:00+01:00")
    return {
        "december": publish(repo, base / "december", "2026-12-15"),
        "january": publish(repo, base / "januari", "2027-01-02"),
    }


def text(site: Path, page: str) -> str:
    html = (site / page).read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def main_text(site: Path, page: str) -> str:
    """The page's content without the theme's header, navigation and footer."""
    html = (site / page).read_text(encoding="utf-8")
    article = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.DOTALL).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))


UNIT = "norra/norra-hemtjanst/"


def test_a_december_decision_leaves_the_current_guarantee_on_its_page_and_announces_the_next(record):
    page = main_text(record["december"], UNIT + "index.html")
    assert PROMISE_2026 in page and PROMISE_2027 not in page.split("Ändringar")[0]
    assert "Ny garanti från 1 januari 2027" in page
    assert "Garantin har inte börjat gälla" not in page
    assert "Fastställd av Norrstadens stadsdelsnämnd den 22 januari 2026" in page
    html = (record["december"] / UNIT / "index.html").read_text(encoding="utf-8")
    assert 'href="2027/"' in html
    coming = main_text(record["december"], UNIT + "2027/index.html")
    assert PROMISE_2027 in coming and ADDED_2027 in coming and CALLING not in coming
    assert "Fastställd av Norrstadens stadsdelsnämnd den 10 december 2026" in coming
    assert "Garantin har inte börjat gälla" in coming  # on screen; not printed (the browser tests print it)


def test_the_day_after_the_start_the_new_one_is_in_force_and_the_old_one_is_in_the_archive(record):
    page = main_text(record["january"], UNIT + "index.html")
    assert PROMISE_2027 in page and "Ny garanti från" not in page
    archived = main_text(record["january"], UNIT + "2026/index.html")
    assert "Tidigare version" in archived and PROMISE_2026 in archived
    assert "Fastställd av Norrstadens stadsdelsnämnd den 22 januari 2026 (dnr NS-2025/1234, § 14)" in archived
    assert "Så gick det 2026" in archived and "Vi glömde ringa i januari." in archived
    assert archived.index(CALLING) < archived.index("Så gick det 2026")  # beside the commitments it reports on


def test_the_version_at_the_units_address_has_its_year_address_too_leading_there(record):
    """Every version keeps its year's address; the one the unit's page shows costs a small page, not a second one."""
    for site, year in ((record["december"], 2026), (record["january"], 2027)):
        page = (site / UNIT / str(year) / "index.html").read_text(encoding="utf-8")
        assert '<meta http-equiv="refresh" content="0; url=../">' in page and '<a href="../">enhetens sida</a>' in page
        assert f'<link rel="canonical" href="https://kvalitetsgarantier.stockholm/{UNIT}">' in page


def test_the_history_lists_both_decisions_with_the_commitments_that_changed(record):
    for site in record.values():
        history = main_text(site, UNIT + "index.html").split("Ändringar", 1)[1]
        december, january = history.index("10 december 2026"), history.index("22 januari 2026")
        assert december < january  # newest first
        assert "Första fastställda garantin för enheten." in history[january:]
        news = history[december:january]
        assert f"Nytt åtagande: ”{ADDED_2027}”" in news
        assert f"Åtagandet ”{PROMISE_2026}” ändrades till ”{PROMISE_2027}”" in news
        assert f"Borttaget åtagande: ”{CALLING}”" in news
        assert "Uppföljningen av 2026: 1 av 2 åtaganden uppfyllda, 3 klagomål." in news


def test_the_preschool_not_renewed_ends_with_its_validity_and_keeps_its_page(record):
    assert "Garantin gäller inte längre" not in main_text(record["december"], "norra/norra-forskolor/index.html")
    ended = main_text(record["january"], "norra/norra-forskolor/index.html")
    assert "Garantin gäller inte längre" in ended and "gällde till och med 31 december 2026" in ended


def _every_text(site: Path) -> str:
    """Every file of a site as text, the search index's compressed fragments opened."""
    texts = []
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            texts.append(data.decode("utf-8", errors="replace"))
    return "\n".join(texts)


def test_a_draft_or_what_was_merged_after_the_tag_is_in_no_page_feed_export_or_search_index(record):
    for site in record.values():
        everything = _every_text(site)
        assert "Vi glömde ringa i januari." in everything  # the approved follow-up is there
        assert UNAPPROVED_PROMISE not in everything
        assert UNAPPROVED_COMMENT not in everything
        assert DRAFT_TITLE not in everything and "norra-utkast" not in everything


# --- feeds --------------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def atom(path: Path) -> ET.Element:
    """The feed parsed, and held to RFC 4287's rules (4.1.1, 4.1.2, 3.3): a failing rule fails the test."""
    feed = ET.fromstring(path.read_bytes())
    assert feed.tag == f"{ATOM}feed"

    def one(element: ET.Element, name: str) -> str:
        found = element.findall(f"{ATOM}{name}")
        assert len(found) == 1, f"{name}: {len(found)}"
        return found[0].text or ""

    for name in ("id", "title", "updated"):
        one(feed, name)
    assert RFC3339.fullmatch(one(feed, "updated"))
    assert any(link.get("rel") == "self" for link in feed.findall(f"{ATOM}link"))
    feed_author = feed.find(f"{ATOM}author/{ATOM}name") is not None
    ids = []
    for entry in feed.findall(f"{ATOM}entry"):
        ids.append(one(entry, "id"))
        assert ":" in ids[-1]  # an IRI
        one(entry, "title")
        assert RFC3339.fullmatch(one(entry, "updated"))
        assert feed_author or entry.find(f"{ATOM}author") is not None
        alternates = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        assert len(alternates) == 1 or entry.find(f"{ATOM}content") is not None
    assert len(ids) == len(set(ids))
    return feed


def test_the_feeds_parse_and_name_both_decisions(record):
    for site in record.values():
        for feed_path in ("beslut/flode.xml", "beslut/norra/flode.xml"):
            feed = atom(site / feed_path)
            entries = feed.findall(f"{ATOM}entry")
            assert [e.findtext(f"{ATOM}updated")[:10] for e in entries] == ["2026-12-10", "2026-01-22"]
            december = entries[0].findtext(f"{ATOM}content")
            assert f"Nytt åtagande: ”{ADDED_2027}”" in december and "Uppföljningen av 2026" in december
            assert "1 ändrad, 1 uppföljning" in entries[0].findtext(f"{ATOM}summary")
            assert "Ny garanti" in entries[1].findtext(f"{ATOM}content")


def test_pages_link_their_feeds(record):
    site = record["december"]
    for page, feeds in (
        (UNIT + "index.html", 2),
        (UNIT + "2027/index.html", 2),
        ("norra/index.html", 2),
        ("index.html", 1),
        ("beslut/index.html", 1),
    ):
        html = (site / page).read_text(encoding="utf-8")
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"', html)
        assert len(links) == feeds, page
        for href in links:
            assert (site / page).parent.joinpath(href).resolve().is_file(), href


# --- open data over time, and its catalog -------------------------------------------------


def test_every_approved_version_is_in_the_open_data_with_its_validity_and_decision(record):
    expected = {
        "december": {
            ("norra-hemtjanst", "2026-01-01", "2026-01-22", "gäller"),
            ("norra-hemtjanst", "2027-01-01", "2026-12-10", "kommande"),
            ("norra-forskolor", "2026-01-01", "2026-01-22", "gäller"),
        },
        "january": {
            ("norra-hemtjanst", "2026-01-01", "2026-01-22", "tidigare"),
            ("norra-hemtjanst", "2027-01-01", "2026-12-10", "gäller"),
            ("norra-forskolor", "2026-01-01", "2026-01-22", "tidigare"),
        },
    }
    for when, site in record.items():
        versions = json.loads((site / "oppna-data/garantier-alla-versioner.json").read_text(encoding="utf-8"))
        assert {(v["unit"], v["valid"]["from"], v["approval"]["date"], v["status"]) for v in versions} == expected[when]
        rows = list(
            csv.DictReader(io.StringIO((site / "oppna-data/garantier-alla-versioner.csv").read_text(encoding="utf-8")))
        )
        assert {(r["unit"], r["valid_from"], r["approved"], r["status"]) for r in rows} == expected[when]
        assert {r["version_url"] for r in rows} >= {"https://kvalitetsgarantier.stockholm/norra/norra-hemtjanst/2027/"}
        current = json.loads((site / "oppna-data/garantier.json").read_text(encoding="utf-8"))
        in_force = {"december": "2026-01-01", "january": "2027-01-01"}[when]
        assert [g["valid"]["from"] for g in current if g["unit"] == "norra-hemtjanst"] == [in_force]
        follow_ups = json.loads((site / "oppna-data/uppfoljningar.json").read_text(encoding="utf-8"))
        assert [(f["unit"], f["year"], f["approval"]["date"]) for f in follow_ups] == [
            ("norra-hemtjanst", 2026, "2026-12-10")
        ]


DCAT_QUERY = """
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX vcard: <http://www.w3.org/2006/vcard/ns#>
SELECT ?dataset ?title ?distribution ?access ?email WHERE {
  ?catalog a dcat:Catalog ; dcterms:title ?catalogTitle ; dcterms:description ?catalogDescription ;
           dcterms:publisher ?publisher ; dcterms:license ?licence ; dcat:dataset ?dataset .
  ?publisher a foaf:Agent ; foaf:name ?name .
  ?dataset a dcat:Dataset ; dcterms:title ?title ; dcterms:description ?description ; dcterms:publisher ?publisher ;
           dcat:contactPoint ?contact ; dcat:distribution ?distribution .
  ?contact a vcard:Organization ; vcard:fn ?fn ; vcard:hasEmail ?email .
  ?distribution a dcat:Distribution ; dcat:accessURL ?access ; dcterms:license ?licence .
}
"""


def test_the_dcat_catalog_parses_and_has_the_required_classes_and_properties(record):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCAT, DCTERMS

    for site in record.values():
        graph = Graph().parse(site / "oppna-data/katalog.rdf", format="xml")
        rows = list(graph.query(DCAT_QUERY))
        datasets = {str(row.dataset).rsplit("#", 1)[1] for row in rows}
        assert datasets == {"garantier", "alla-versioner", "uppfoljningar"}
        distributions = {str(row.access) for row in rows}
        assert "https://kvalitetsgarantier.stockholm/oppna-data/garantier-alla-versioner.csv" in distributions
        assert len(distributions) == 6 and all(str(row.email).startswith("mailto:") for row in rows)
        for access in distributions:  # every file the catalog names is published
            assert (site / access.removeprefix("https://kvalitetsgarantier.stockholm/")).is_file()
        licences = set(graph.objects(None, DCTERMS.license))
        assert licences == {URIRef("http://creativecommons.org/publicdomain/zero/1.0/")}
        catalog = next(graph.subjects(None, DCAT.Catalog))
        # Both decisions: the first one issued the data, the latest one changed it last.
        assert graph.value(catalog, DCTERMS.issued).toPython().isoformat() == "2026-01-22"
        assert graph.value(catalog, DCTERMS.modified).toPython().isoformat() == "2026-12-10"
        assert Literal("Kvalitetsgarantier över tid", lang="sv") in set(graph.objects(None, DCTERMS.title))


def test_the_open_data_page_states_the_licence_and_names_the_catalog(record):
    page = main_text(record["december"], "oppna-data/index.html")
    assert "CC0 1.0" in page and "katalog.rdf" in page and "garantier-alla-versioner.json" in page
