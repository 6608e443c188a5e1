"""A decision speaks until another decision speaks (issue 32): in a real git repository with real
SSH-signed tags made by `garanti tag` and a real publish (mkdocs build --strict).

norra approves its home care in January with a validity of two years (by mistake or on purpose),
then withdraws it in December, in a decision whose only guarantee (the preschool) runs out at New
Year. Published on 5 January 2027, past the withdrawing decision's guarantees, the home care is
still withdrawn: its page says so, and it is in no list, search or open data of what applies.

sodra's board names itself with every character XML escapes and some it carries as they are: every
feed and the data catalog parse as XML (issue 32, item 5: what XML cannot carry is refused by the check).
"""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from garanti import signing

from .repos import make_key, make_repo, publishing_environment, signers_line
from .samples import NORRA_HOME, SODRA_HOME

TITLE = "Norrstadens hemtjänst"
UNIT = "norra/norra-hemtjanst/"
SODRA_BOARD_FILE = "guarantees/sodra/board.yml"
# What XML escapes (& < > " ') or could misread (]]>), beside characters it carries as they are.
SODRA_NAME = "Sydstadens \"nämnd\" & 'co' (< 3 > 2) ]]> \U0001f3e0 \ufffd\u00a0slut"
SODRA_CASE = "SS-2026/7 & <8>"


@pytest.fixture(scope="module")
def withdrawn(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("aterkallad")
    key = make_key(base, "norra-sekreterare")
    repo = make_repo(base / "repo")
    repo.write(signing.SIGNERS_FILE, signers_line("norra,sodra", key))
    for unit in (NORRA_HOME, SODRA_HOME):  # sodra's: what the search does find in 2027
        repo.write(unit, (repo.root / unit).read_text(encoding="utf-8").replace("to: 2026-12-31", "to: 2027-12-31"))
    board = (repo.root / SODRA_BOARD_FILE).read_text(encoding="utf-8")
    repo.write(
        SODRA_BOARD_FILE,
        board.replace("name: Sydstadens stadsdelsnämnd", f"name: {json.dumps(SODRA_NAME, ensure_ascii=False)}").replace(
            "case_number: SS-2026/7", f"case_number: {json.dumps(SODRA_CASE, ensure_ascii=False)}"
        ),
    )
    repo.commit("Godkännare, och hemtjänsterna i två år")
    repo.git("config", "user.signingkey", str(key))
    with publishing_environment("2026-11-24"):
        assert repo.approve("norra", "2026-01-22") == 0
        assert repo.approve("sodra", "2026-02-19") == 0
    repo.remove(NORRA_HOME)
    repo.commit("Hemtjänsten läggs ner", date="2026-11-30T12:00:00+01:00")
    with publishing_environment("2026-12-11"):
        assert repo.approve("norra", "2026-12-10", "--bekrafta-farre") == 0
    out = base / "webb"
    with publishing_environment("2027-01-05"):
        assert repo.garanti("publish", "--out", str(out)) == 0
    return out


def _text(site: Path, page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (site / page).read_text(encoding="utf-8")))


def test_the_withdrawn_units_page_says_it_no_longer_applies_past_the_withdrawing_decisions_expiry(withdrawn):
    page = _text(withdrawn, UNIT + "index.html")
    assert "Garantin gäller inte längre" in page
    assert "fastställde den 10 december 2026 garantierna utan den här enheten, så garantin gäller inte längre" in page


def test_the_withdrawn_unit_is_in_no_list_search_or_open_data_of_what_applies(withdrawn):
    for page in ("norra/index.html", "index.html"):
        assert TITLE not in _text(withdrawn, page), page
    fragments = [
        gzip.decompress(p.read_bytes()).decode("utf-8", errors="replace")
        for p in (withdrawn / "pagefind").rglob("*.pf_fragment")
    ]
    assert any("Sydstadens hemtjänst" in fragment for fragment in fragments)
    assert not any(TITLE in fragment for fragment in fragments)
    # garantier.json lists every unit's address, ended ones too; the state is in the versions' file.
    versions = json.loads((withdrawn / "oppna-data/garantier-alla-versioner.json").read_text(encoding="utf-8"))
    states = {v["unit"]: v["status"] for v in versions}
    assert states == {"norra-hemtjanst": "tidigare", "norra-forskolor": "tidigare", "sodra-hemtjanst": "gäller"}


def test_every_feed_and_the_data_catalog_parse_as_xml(withdrawn):
    from rdflib import Graph

    feeds = sorted(withdrawn.rglob("flode.xml"))
    assert {str(feed.relative_to(withdrawn)) for feed in feeds} == {
        "beslut/flode.xml",
        "beslut/norra/flode.xml",
        "beslut/sodra/flode.xml",
    }
    atom = "{http://www.w3.org/2005/Atom}"
    for feed in feeds:
        parsed = ET.fromstring(feed.read_bytes())  # ill-formed XML raises
        assert parsed.tag == f"{atom}feed" and parsed.findall(f"{atom}entry"), feed
    sodra = ET.fromstring((withdrawn / "beslut/sodra/flode.xml").read_bytes())
    assert sodra.findtext(f"{atom}title") == f"Beslut om kvalitetsgarantierna – {SODRA_NAME}"
    assert f"(dnr {SODRA_CASE})" in "".join(sodra.itertext())
    for sitemap in withdrawn.rglob("sitemap.xml"):
        ET.fromstring(sitemap.read_bytes())
    catalog = withdrawn / "oppna-data/katalog.rdf"
    ET.fromstring(catalog.read_bytes())
    assert len(Graph().parse(catalog, format="xml")) > 0
