"""A renamed unit in a real publication (tests/renamed.py): every earlier address leads to the new one, by a
static page (meta refresh, canonical link, a visible Swedish link, no script); the old name's unit pages are gone
from the site, its archived text is not; and every unit page of the published site carries structured data
naming its unit."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from urllib.parse import urljoin

import pytest

from garanti.site.pages import moved_redirects
from garanti.site.selection import DEFAULT_SITE_URL

from ..renamed import ARCHIVED, FINNISH_TITLE, NEW_TITLE, NEW_URL, OLD_SLUG, OLD_TITLE, OLD_URL, publish_renamed
from ..samples import make_site
from .test_structured import assert_names_its_unit


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return publish_renamed(tmp_path_factory.mktemp("namnbyte"))


# Each earlier address, and where it should lead (below the new address).
LEADS = {
    OLD_URL: "",
    f"{OLD_URL}2026/": "",
    f"{OLD_URL}suomeksi/": "suomeksi/",
    f"{OLD_URL}lattlast/": "lattlast/",
    f"{OLD_URL}2026/suomeksi/": "suomeksi/",
}


@pytest.mark.parametrize("old", LEADS)
def test_every_earlier_address_leads_to_the_unit_under_its_new_name(site, old):
    html = (site / old / "index.html").read_text(encoding="utf-8")
    target = DEFAULT_SITE_URL + NEW_URL + LEADS[old]
    assert f'<link rel="canonical" href="{target}">' in html
    [refresh] = re.findall(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html)
    [link] = re.findall(r'<a href="([^"]+)">[^<]+</a>', html)
    assert urljoin(DEFAULT_SITE_URL + old, refresh) == urljoin(DEFAULT_SITE_URL + old, link) == target
    assert "<script" not in html
    assert (site / NEW_URL / LEADS[old] / "index.html").is_file()


def test_the_link_is_in_swedish_or_in_the_page_s_language(site):
    assert "Garantin för Förskolorna i Fruängen finns på" in (site / OLD_URL / "index.html").read_text("utf-8")
    finnish = (site / OLD_URL / "suomeksi" / "index.html").read_text(encoding="utf-8")
    assert FINNISH_TITLE in finnish


def test_the_old_name_has_no_pages_of_its_own_and_the_new_one_has_them_all(site):
    published = json.loads((site / "oppna-data" / "garantier.json").read_text(encoding="utf-8"))
    assert OLD_SLUG not in {unit["unit"] for unit in published}
    [renamed] = [unit for unit in published if unit["title"] == NEW_TITLE]
    assert renamed["previous_addresses"] == [OLD_URL.rstrip("/")]
    assert "Fruängens förskolor" not in (site / "hagersten-liljeholmen" / "index.html").read_text(encoding="utf-8")
    for page in ("", "suomeksi/", "lattlast/"):
        assert 'http-equiv="refresh"' not in (site / NEW_URL / page / "index.html").read_text(encoding="utf-8")
    # Its easy-to-read version is not yet written from the new name: the address says so, in its language.
    assert 'content="noindex"' in (site / NEW_URL / "lattlast" / "index.html").read_text(encoding="utf-8")
    # Last year's follow-up, renamed with the unit and matched with the text approved under the old name.
    assert "Så gick det 2026" in (site / NEW_URL / "index.html").read_text(encoding="utf-8")


def test_the_old_name_s_archived_text_keeps_its_page_and_its_place_in_the_open_data(site):
    html = (site / ARCHIVED / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' not in html and f">{OLD_TITLE}" in html  # the text approved, as it was
    assert '<a href="../../">Enhetens garanti i dag</a>' in html  # its unit's old address, which leads to the new
    versions = json.loads((site / "oppna-data" / "garantier-alla-versioner.json").read_text(encoding="utf-8"))
    assert {v["title"] for v in versions if v["unit"] in (OLD_SLUG, NEW_URL.split("/")[1])} == {OLD_TITLE, NEW_TITLE}


def test_every_unit_page_of_the_published_site_names_its_unit(site):
    published = json.loads((site / "oppna-data" / "garantier.json").read_text(encoding="utf-8"))
    assert len(published) > 5
    for unit in published:
        page = site / unit["url"].removeprefix(DEFAULT_SITE_URL) / "index.html"
        assert_names_its_unit(page.read_text(encoding="utf-8"), unit["title"])
    assert_names_its_unit((site / NEW_URL / "suomeksi" / "index.html").read_text(encoding="utf-8"), FINNISH_TITLE)


CLAIMS = (
    (
        "previous_addresses",
        (
            "provstaden/gamla-hemtjansten",
            "provstaden/provstadens-forskolor",
            "provstaden/forskola",
            "beslut/provstaden",
        ),
    ),
)


def test_an_address_is_taken_only_from_a_unit_that_has_ended_and_never_from_the_site(content_repo):
    """The preview (no record): a guarantee still in force keeps its address, a department's page and the site's
    own addresses are never taken (the check refuses all three; the site holds even without it)."""
    site = make_site(content_repo, extra=CLAIMS)
    assert set(site.moved) == {"provstaden/gamla-hemtjansten/"}
    assert "provstaden/gamla-hemtjansten/index.html" in moved_redirects(site)
    ended = [
        replace(g, valid_from=dt.date(2025, 1, 1), valid_to=dt.date(2025, 12, 31))
        if g.slug == "provstadens-forskolor"
        else replace(g, extra=CLAIMS)
        for g in site.corpus.guarantees
    ]
    site = make_site(content_repo, guarantees=ended)
    assert set(site.moved) == {"provstaden/gamla-hemtjansten/", "provstaden/provstadens-forskolor/"}
    assert [g.slug for g in site.guarantees] == ["provstadens-hemtjanst"]  # the ended one has no page of its own
    assert set(moved_redirects(site)) >= {
        "provstaden/provstadens-forskolor/index.html",
        "provstaden/provstadens-forskolor/suomeksi/index.html",
    }
