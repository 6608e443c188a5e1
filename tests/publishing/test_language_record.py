"""Language versions over time (issue 33, item 2), in a real git repository with real annotated tags made
by `garanti tag` and real publishes (mkdocs build --strict).

norra approves its home care for 2026 with a Finnish and an easy-to-read version. In December it
approves next year's text (a commitment reworded): the easy-to-read version is updated with it, the
Finnish one is not (so it is stale and not approved); its preschool, with no Finnish version in 2026, gets
one with next year's text. Published on 15 December 2026 and again on
2 January 2027: in December every language announces the guarantee to come; in January the Finnish
text of 2026 is in the archive beside the Swedish one, and the unit's /suomeksi/ address, which the
printed Finnish notice carries, answers in Finnish instead of a 404.
"""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from garanti.dates import TODAY_VARIABLE
from garanti.publishing import ALLOW_UNVERIFIED as UNVERIFIED

from ..repos import Repo, make_repo
from ..samples import NORRA_HOME, NORRA_PRESCHOOL, home_care_unit
from .test_language_versions import FINNISH_PRESCHOOL, easy, finnish, swedish_text, version_path

UNIT = "norra/norra-hemtjanst/"
PRESCHOOL = "norra/norra-forskolor/"
FINNISH_TITLE = "Norrstadenin kotipalvelu"
PROMISE_2027 = "Du får en kontaktperson inom en vecka."
EASY_2027 = "Du får en kontakt-person inom en vecka."


def _publish(repo: Repo, out: Path, today: str) -> Path:
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv(TODAY_VARIABLE, today)
        environment.setenv("NO_MKDOCS_2_WARNING", "1")
        environment.delenv("GARANTI_APPROVALS", raising=False)
        environment.delenv("SITE_URL", raising=False)
        assert repo.garanti("publish", "--out", str(out), UNVERIFIED) == 0
    return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("sprak-over-tid")
    repo = make_repo(base / "repo")
    repo.write(version_path(NORRA_HOME, "fi"), finnish(swedish_text(repo, NORRA_HOME), FINNISH_TITLE))
    repo.write(version_path(NORRA_HOME, "lattlast"), easy(swedish_text(repo, NORRA_HOME)))
    repo.commit("Språkversioner av hemtjänsten")
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv(TODAY_VARIABLE, "2026-11-24")
        assert repo.approve("norra", "2026-01-22") == 0
    repo.write(NORRA_HOME, home_care_unit("Norrstadens hemtjänst", PROMISE_2027).replace("2026-", "2027-"))
    repo.write(
        version_path(NORRA_HOME, "lattlast"),
        easy(swedish_text(repo, NORRA_HOME)).replace("inom två veckor", "inom en vecka"),
    )
    preschool = (repo.root / NORRA_PRESCHOOL).read_text(encoding="utf-8")
    repo.write(NORRA_PRESCHOOL, preschool.replace("2026-", "2027-"))
    repo.write(
        version_path(NORRA_PRESCHOOL, "fi"), FINNISH_PRESCHOOL.format(swedish=swedish_text(repo, NORRA_PRESCHOOL))
    )
    repo.commit("Garantin för 2027; bara den lättlästa versionen uppdaterad", date="2026-11-30T12:00:00+01:00")
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv(TODAY_VARIABLE, "2026-12-11")
        assert repo.approve("norra", "2026-12-10") == 0
    return {
        "december": _publish(repo, base / "december", "2026-12-15"),
        "january": _publish(repo, base / "januari", "2027-01-02"),
    }


def _html(site: Path, url: str) -> str:
    path = site / url / "index.html"
    assert path.is_file(), f"{url} answers 404"
    return path.read_text(encoding="utf-8")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _links(html: str) -> dict[str, str]:
    """{link text: the a element's attributes} of the page's links."""
    return {_text(text).strip(): attributes for attributes, text in re.findall(r"<a ([^>]*)>(.*?)</a>", html, re.S)}


# --- December: the guarantee to come is announced in every language -----------------------------------


def test_in_december_the_finnish_page_announces_next_years_guarantee_in_finnish(sites):
    html = _html(sites["december"], UNIT + "suomeksi")
    text = _text(html)
    assert FINNISH_TITLE in text and "Saat yhteyshenkilön kahden viikon kuluessa" in text
    assert "Uusi takuu 1.1.2027 alkaen" in text
    assert "on vahvistanut yksikölle uuden takuun. Se on voimassa 1.1.2027 alkaen" in text
    # No Finnish text of 2027 was approved: the link leads to the Swedish one, marked so.
    link = _links(html)["Lue 1.1.2027 alkaen voimassa oleva takuu ruotsiksi"]
    assert 'href="../2027/"' in link and 'hreflang="sv"' in link
    assert "Ny garanti från" not in text and "Ändringar" not in text  # no Swedish note, no Swedish history


def test_in_december_the_easy_to_read_page_announces_it_and_links_its_easy_to_read_text(sites):
    site = sites["december"]
    html = _html(site, UNIT + "lattlast")
    assert "Ny garanti från 1 januari 2027" in _text(html)
    assert 'href="../2027/lattlast/"' in _links(html)["Läs den nya garantin"]
    coming = _text(_html(site, UNIT + "2027/lattlast"))
    assert "kontakt-person inom en vecka" in coming and "Garantin har inte börjat gälla" in coming
    assert "Ny garanti från" in _text(_html(site, UNIT))  # the Swedish page, as before


def test_in_december_a_unit_whose_finnish_text_comes_with_next_years_says_so_at_its_finnish_address(sites):
    html = _html(sites["december"], PRESCHOOL + "suomeksi")
    text = _text(html)
    assert "Takuuta ei ole nyt suomeksi" in text and "Uusi takuu 1.1.2027 alkaen" in text
    assert 'href="../2027/suomeksi/"' in _links(html)["Lue 1.1.2027 alkaen voimassa oleva takuu"]
    assert "Aiemmat suomenkieliset versiot" not in text  # next year's is no earlier version
    assert "Lapsesi saa lukea ja kertoa joka päivä" in _text(_html(sites["december"], PRESCHOOL + "2027/suomeksi"))
    assert "Lapsesi saa lukea" in _text(_html(sites["january"], PRESCHOOL + "suomeksi"))


# --- January: last year's Finnish text in the archive; /suomeksi/ answers -------------------------------


def test_last_years_finnish_text_is_in_the_archive_beside_the_swedish_one(sites):
    site = sites["january"]
    archived = _html(site, UNIT + "2026/suomeksi")
    text = _text(archived)
    assert '<html lang="fi"' in archived and FINNISH_TITLE in text
    assert "Saat yhteyshenkilön kahden viikon kuluessa" in text
    assert "Aiempi versio" in text and "Se oli voimassa 1.1.–31.12.2026" in text
    assert 'href="../../suomeksi/"' in _links(archived)["Yksikön takuu tänään"]
    assert 'href="../"' in _links(archived)["På svenska"]
    swedish = _html(site, UNIT + "2026")
    assert "Tidigare version" in _text(swedish)
    assert 'href="suomeksi/"' in _links(swedish)["Suomeksi"] and 'href="lattlast/"' in _links(swedish)["Lättläst"]
    assert "inom två veckor" in _text(_html(site, UNIT + "2026/lattlast"))


def test_the_units_finnish_address_answers_in_finnish_when_this_years_text_has_no_finnish_version(sites):
    site = sites["january"]
    html = _html(site, UNIT + "suomeksi")
    text = _text(html)
    assert '<html lang="fi"' in html and '<meta name="robots" content="noindex">' in html
    assert "Takuuta ei ole nyt suomeksi" in text
    assert "vahvisti 10.12.2026 yksikölle uuden takuun, jota ei ole vielä käännetty suomeksi" in text
    assert "Saat yhteyshenkilön" not in text  # last year's text is not shown as if it applied
    links = _links(html)
    assert 'href="../"' in links["Lue takuu ruotsiksi"] and 'hreflang="sv"' in links["Lue takuu ruotsiksi"]
    assert 'href="../2026/suomeksi/"' in links["2026"]
    # Not in the Finnish search: Pagefind indexes only guarantees' pages.
    fragments = [
        gzip.decompress(p.read_bytes()).decode("utf-8", errors="replace")
        for p in (site / "pagefind").rglob("*.pf_fragment")
    ]
    assert not any("Takuuta ei ole nyt suomeksi" in fragment for fragment in fragments)


def test_the_sitemap_leaves_out_the_units_address_without_a_version_now(sites):
    """A sitemap names the pages to index: the unit's Finnish address answers, but marked noindex, so the
    sitemap (overrides/sitemap.xml) leaves it out; last year's Finnish text, in the archive, stays in."""
    site = sites["january"]
    locations = ET.parse(site / "sitemap.xml").iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    listed = {urlsplit(location.text).path.lstrip("/") for location in locations}
    assert UNIT + "suomeksi/" not in listed
    assert {UNIT, UNIT + "lattlast/", UNIT + "2026/suomeksi/"} <= listed
    assert [address for address in listed if 'content="noindex"' in _html(site, address)] == []


def test_the_easy_to_read_text_approved_with_this_years_text_is_at_the_units_address(sites):
    site = sites["january"]
    assert "kontakt-person inom en vecka" in _text(_html(site, UNIT + "lattlast"))
    redirect = (site / UNIT / "2027/lattlast/index.html").read_text(encoding="utf-8")
    assert "url=../../lattlast/" in redirect


def test_a_unit_that_never_had_a_version_answers_too_from_a_file_of_its_own(sites):
    html = _html(sites["january"], PRESCHOOL + "lattlast")
    text = _text(html)
    assert "Garantin finns inte på lättläst svenska just nu" in text
    assert "Garantin finns bara på vanlig svenska." in text
    assert 'href="../"' in _links(html)["Läs garantin på vanlig svenska"]
    assert '<meta name="robots" content="noindex">' in html
    # Every unit has such an address: a file outside MkDocs (no theme), where a unit with a version in its
    # record gets a page of the site.
    assert 'class="md-' not in html and 'class="md-' in _html(sites["january"], UNIT + "suomeksi")


def test_the_open_data_of_every_version_names_the_language_versions_approved_with_it(sites):
    versions = json.loads((sites["january"] / "oppna-data/garantier-alla-versioner.json").read_text(encoding="utf-8"))
    home = {
        v["version_url"]: [(lv["language_version"], lv["url"]) for lv in v["language_versions"]]
        for v in versions
        if v["unit"] == "norra-hemtjanst"
    }
    site = "https://kvalitetsgarantier.stockholm/" + UNIT
    assert home == {
        f"{site}2026/": [("fi", f"{site}2026/suomeksi/"), ("lattlast", f"{site}2026/lattlast/")],
        f"{site}2027/": [("lattlast", f"{site}2027/lattlast/")],
    }
