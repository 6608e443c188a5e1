"""Every unit page carries schema.org structured data (garanti.site.structured) that parses, names its unit
and keeps to schema.org's vocabulary; no text in it can end its <script> element."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import yaml
from rdflib import RDF, Literal

from garanti.site import paths
from garanti.site.pages import guarantee_pages
from garanti.site.structured import FRONT_MATTER_KEY, text

from ..samples import HOME_PAGE, make_site
from .schemaorg import SCHEMA, graph_of, problems, scripts


def unit_pages(site, corpus) -> dict[str, str]:
    """{page: the unit's name} of every unit page and language version page the built site has."""
    pages = {}
    for guarantee in corpus.guarantees:
        pages[f"{guarantee.url}index.html"] = guarantee.title
        for version in corpus.language_versions:
            if version.unit_key == guarantee.unit_key:
                pages[paths.url_of(paths.version_page(guarantee, version.language)) + "index.html"] = (
                    version.title or guarantee.title
                )
    return {page: name for page, name in pages.items() if (site / page).is_file()}


def assert_names_its_unit(html: str, name: str) -> None:
    [data] = scripts(html)
    graph = graph_of(data)
    assert problems(graph) == []
    [service] = graph.subjects(RDF.type, SCHEMA.GovernmentService)
    assert graph.value(service, SCHEMA.name) == Literal(name)
    operator = graph.value(service, SCHEMA.serviceOperator)
    assert graph.value(operator, SCHEMA.name) == Literal(name)
    assert graph.value(graph.value(service, SCHEMA.provider), SCHEMA.name) is not None  # the board


def test_every_unit_page_of_the_sample_site_names_its_unit_in_schema_org(preview_site, sample_corpus):
    pages = unit_pages(preview_site, sample_corpus)
    assert len(pages) >= len(sample_corpus.guarantees) + 2  # the language versions' pages too
    for page, name in pages.items():
        assert_names_its_unit((preview_site / page).read_text(encoding="utf-8"), name)


def test_a_unit_page_says_what_where_who_and_how_long(preview_site, sample_corpus):
    guarantee = next(g for g in sample_corpus.guarantees if g.service == "förskola" and g.contact.address)
    [data] = scripts((preview_site / guarantee.url / "index.html").read_text(encoding="utf-8"))
    board = sample_corpus.boards[guarantee.board]
    assert data["serviceType"] == "förskola" and data["serviceOperator"]["@type"] == "Preschool"
    assert data["serviceOperator"]["address"] == guarantee.contact.address
    assert data["availableChannel"]["servicePhone"]["telephone"].startswith("+468")
    assert data["provider"]["name"] == board.name and data["areaServed"]["name"] == board.district
    assert data["subjectOf"]["temporalCoverage"] == f"{guarantee.valid_from}/{guarantee.valid_to}"
    assert data["url"].endswith(f"/{guarantee.url}")


def test_the_check_finds_what_schema_org_does_not_have():
    """The vocabulary check can fail: an unknown property, one on a type it does not describe, an unknown type."""
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": "X",
        "serviceColour": "röd",
        "subjectOf": {"@type": "DigitalDocument", "telephone": "+46850800000"},
        "provider": {"@type": "Nämnd", "name": "Y"},
    }
    found = problems(graph_of(data))
    assert any("serviceColour is not a property" in problem for problem in found)
    assert any("telephone does not describe" in problem for problem in found)
    assert any("Nämnd is not a type" in problem for problem in found)


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[str] = []
        self.opened: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.opened.append(tag)

    def handle_data(self, data):
        if self.lasttag == "script":
            self.scripts.append(data)


def test_no_text_ends_the_script_element():
    """Untrusted text in the data ("</script>", "<!--", U+2028) stays data: one element, read back as written."""
    hostile = "</script><script>alert(1)</script><!-- & \u2028\u2029 >"
    written = text({"name": hostile, "description": "</SCRIPT >"})
    assert not set("<>&\u2028\u2029") & set(written)
    element = f'<script type="application/ld+json">{written}</script>'
    parser = _Elements()
    parser.feed(element)
    assert parser.opened == ["script"]
    assert json.loads(parser.scripts[0]) == {"name": hostile, "description": "</SCRIPT >"}


def test_a_title_past_the_check_stays_data_in_the_page_s_front_matter(content_repo):
    """The check refuses markup in a title; a model made another way (the preview's page) still cannot end the
    element: the front matter carries the escaped JSON, which the theme prints as it is."""
    hostile = "</script><script>alert(1)</script>\u2028"
    page = guarantee_pages(make_site(content_repo, title=hostile))[HOME_PAGE]
    written = yaml.safe_load(page.front_matter.strip("-\n"))[FRONT_MATTER_KEY]
    assert not set("<>&\u2028") & set(written)
    assert json.loads(written)["serviceOperator"]["name"] == hostile


def test_a_character_above_u_ffff_keeps_the_page_s_front_matter(tmp_path):
    """An emoji in the unit's name (Swedish and Finnish) and the board's name: each page keeps its title, its
    language and its JSON-LD (the front matter written as YAML reads it; an escaped surrogate pair lost it all)."""
    from ..helpers import edit, mkdocs_build, site_project
    from ..samples import HL, copy_sample

    root = copy_sample(tmp_path / "repo")
    unit = f"guarantees/{HL}/forskola/fruangens-forskolor"
    edit(root, f"{unit}.md", "title: Fruängens förskolor", 'title: "Fruängens förskolor 🎵"')
    edit(root, f"{unit}.fi.md", "title: Fruängenin esikoulut", 'title: "Fruängenin esikoulut 🎶"')
    edit(
        root,
        f"guarantees/{HL}/board.yml",
        "name: Hägersten-Liljeholmens stadsdelsnämnd",
        'name: "Hägersten-Liljeholmens stadsdelsnämnd 🏛"',
    )
    out = tmp_path / "site"
    result = mkdocs_build(site_project(root), out)
    assert result.returncode == 0, result.stderr
    pages = {
        "sv": ("Fruängens förskolor 🎵", out / HL / "fruangens-forskolor/index.html"),
        "fi": ("Fruängenin esikoulut 🎶", out / HL / "fruangens-forskolor/suomeksi/index.html"),
    }
    for language, (name, page) in pages.items():
        html = page.read_text(encoding="utf-8")
        assert f"<title>{name}" in html
        assert f'<html lang="{language}"' in html
        assert_names_its_unit(html, name)
        [data] = scripts(html)
        assert data["provider"]["name"] == "Hägersten-Liljeholmens stadsdelsnämnd 🏛"


def test_a_hand_written_page_cannot_set_what_the_theme_prints_as_it_is(tmp_path):
    """overrides/main.html prints garanti_strukturerade_data and garanti_robots unescaped: only generated pages
    (whose maker escaped them) have them; a hand-written page in docs/ that sets them gets neither."""
    from ..helpers import mkdocs_build, site_project
    from ..samples import copy_sample

    root = copy_sample(tmp_path / "repo")
    config = site_project(root)
    (root / "docs" / "handskriven.md").write_text(
        "---\ntitle: Handskriven\n"
        f"{FRONT_MATTER_KEY}: '</script><script>alert(1)</script>'\n"
        "garanti_robots: '\"><script>alert(2)</script>'\n---\n\n# Handskriven\n\nText.\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    result = mkdocs_build(config, out)
    assert result.returncode == 0, result.stderr
    html = (out / "handskriven" / "index.html").read_text(encoding="utf-8")
    assert "alert(" not in html and 'name="robots"' not in html and "application/ld+json" not in html
    generated = (out / "hagersten-liljeholmen" / "fruangens-forskolor" / "index.html").read_text(encoding="utf-8")
    assert len(scripts(generated)) == 1  # a generated page keeps its own
