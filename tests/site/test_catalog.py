"""The open data's catalog (oppna-data/katalog.rdf) as the national data portal harvests it (issue 35,
item 3): the EU's DCAT-AP 3.0 shapes, mandatory and recommended, find nothing (pyshacl, the shapes
vendored in tests/data/dcat-ap-3.0.1/); DCAT-AP-SE 3.0.1's own requirements, each a SPARQL query named
after it, find nothing; and the same content gives the same bytes, build after build."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, URIRef, namespace  # namespace.DCAT: a DCAT of its own warns in pytest

from garanti.errors import Refusal
from garanti.site import catalog
from garanti.site.build import settings_from

from ..helpers import mkdocs_build, site_project
from ..repos import published_site
from ..samples import write_provstaden

SHAPES = Path(__file__).parents[1] / "data" / "dcat-ap-3.0.1"
CATALOG = "oppna-data/katalog.rdf"
STOCKHOLM = URIRef("http://sws.geonames.org/2673730")
CITY = URIRef("http://dataportal.se/organisation/SE2120000142")


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[bytes, bytes]:
    """The catalog of the same content from two real `mkdocs build`s, Python's hash order different in
    each (PYTHONHASHSEED): what changed the catalog's order from build to build."""
    root = write_provstaden(tmp_path_factory.mktemp("katalog"))
    config = site_project(root)
    built = []
    for seed in ("1", "2"):
        out = root.parent / f"site-{seed}"
        result = mkdocs_build(config, out, PYTHONHASHSEED=seed)
        assert result.returncode == 0, result.stderr
        built.append((out / CATALOG).read_bytes())
    return built[0], built[1]


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Graph:
    """The catalog of a real publication (provstaden's decision), as the published site has it, with a
    contact point as mkdocs.yml names one."""
    root = write_provstaden(tmp_path_factory.mktemp("publicerad"))
    contact = ("Provstaden, öppna data", "data@example.se")
    site = published_site(root, "provstaden/2026-01-22", open_data_contact=contact)
    text = catalog.files(site)[CATALOG]
    return Graph().parse(data=text, format="xml")


@pytest.fixture(params=["byggd", "publicerad", "exempel"])
def catalog_graph(request, two_builds, published) -> Graph:
    """The catalog of each: a real build, a real publication, and the project's sample site (the
    preview_site fixture the suite builds anyway)."""
    if request.param == "publicerad":
        return published
    if request.param == "exempel":
        return Graph().parse(request.getfixturevalue("preview_site") / CATALOG, format="xml")
    return Graph().parse(data=two_builds[0], format="xml")


def shacl_results(graph: Graph, shapes_file: str) -> list[str]:
    """Every result (violation or warning) of one of DCAT-AP's shapes files, as pyshacl words it."""
    shapes = Graph().parse(SHAPES / shapes_file)
    conforms, report, text = validate(graph, shacl_graph=shapes, inference="none", allow_warnings=False)
    return [] if conforms else [block for block in text.split("Validation Result")[1:]]


def test_two_builds_of_the_same_content_give_the_same_catalog_bytes(two_builds):
    first, second = two_builds
    assert b"<rdf:RDF" in first
    assert first == second


def test_the_order_statements_are_added_in_does_not_change_the_bytes(published):
    statements = sorted(published)
    forwards, backwards = Graph(), Graph()
    for statement in statements:
        forwards.add(statement)
    for statement in reversed(statements):
        backwards.add(statement)
    assert catalog.as_rdf_xml(forwards) == catalog.as_rdf_xml(backwards)
    assert Graph().parse(data=catalog.as_rdf_xml(forwards), format="xml").isomorphic(published)


@pytest.mark.parametrize("shapes_file", ["shapes.ttl", "shapes_recommended.ttl"])
def test_the_dcat_ap_3_shapes_find_nothing(catalog_graph, shapes_file):
    assert shacl_results(catalog_graph, shapes_file) == []


def test_the_recommended_shapes_find_a_dataset_without_its_area(published):
    """The check can fail: Stockholm taken from one dataset is a warning of the recommended shapes."""
    dataset = URIRef("https://kvalitetsgarantier.stockholm/oppna-data/#garantier")
    changed = Graph()
    for statement in published:
        if statement != (dataset, namespace.DCTERMS.spatial, STOCKHOLM):
            changed.add(statement)
    results = shacl_results(changed, "shapes_recommended.ttl")
    assert len(results) == 1 and "dct:spatial" in results[0] and str(dataset) in results[0]


# DCAT-AP-SE 3.0.1 (DIGG, docs.dataportal.se/dcat/3.0.1/): each requirement a query for what breaks it,
# named after it. Obligatorisk: the profile's mandatory properties; rekommenderad: its recommended ones
# the catalog gives; skördning: the portal's harvesting rules (DIGG's "Skördning av DCAT-AP-SE").
PREFIXES = """
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX dcatap: <http://data.europa.eu/r5r/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX vcard: <http://www.w3.org/2006/vcard/ns#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


def _missing(cls: str, prop: str) -> str:
    return f"SELECT ?node WHERE {{ ?node a {cls} . FILTER NOT EXISTS {{ ?node {prop} ?value }} }}"


def _more_than_one(cls: str, prop: str) -> str:
    return f"SELECT ?node WHERE {{ ?node a {cls} ; {prop} ?one, ?other . FILTER (?one != ?other) }}"


REQUIREMENTS = {
    "obligatorisk: katalog har titel": _missing("dcat:Catalog", "dcterms:title"),
    "obligatorisk: katalog har beskrivning": _missing("dcat:Catalog", "dcterms:description"),
    "obligatorisk: katalog har utgivare": _missing("dcat:Catalog", "dcterms:publisher"),
    "obligatorisk: katalog har högst en utgivare": _more_than_one("dcat:Catalog", "dcterms:publisher"),
    "obligatorisk: katalog har licens": _missing("dcat:Catalog", "dcterms:license"),
    "obligatorisk: katalog har högst en licens": _more_than_one("dcat:Catalog", "dcterms:license"),
    "obligatorisk: katalog har datamängd": _missing("dcat:Catalog", "dcat:dataset"),
    "rekommenderad: katalog har utgivningsdatum": _missing("dcat:Catalog", "dcterms:issued"),
    "rekommenderad: katalog har senast ändrad": _missing("dcat:Catalog", "dcterms:modified"),
    "rekommenderad: katalog har språk": _missing("dcat:Catalog", "dcterms:language"),
    "rekommenderad: katalog har webbplats": _missing("dcat:Catalog", "foaf:homepage"),
    "rekommenderad: katalog har geografiskt område": _missing("dcat:Catalog", "dcterms:spatial"),
    "rekommenderad: katalog har temataxonomi": _missing("dcat:Catalog", "dcat:themeTaxonomy"),
    "obligatorisk: datamängd har titel": _missing("dcat:Dataset", "dcterms:title"),
    "obligatorisk: datamängd har beskrivning": _missing("dcat:Dataset", "dcterms:description"),
    "obligatorisk: datamängd har utgivare": _missing("dcat:Dataset", "dcterms:publisher"),
    "obligatorisk: datamängd har högst en utgivare": _more_than_one("dcat:Dataset", "dcterms:publisher"),
    "rekommenderad: datamängd har kontaktuppgift": _missing("dcat:Dataset", "dcat:contactPoint"),
    "rekommenderad: datamängd har nyckelord": _missing("dcat:Dataset", "dcat:keyword"),
    "rekommenderad: datamängd har tema": _missing("dcat:Dataset", "dcat:theme"),
    "rekommenderad: datamängd har utgivningsdatum": _missing("dcat:Dataset", "dcterms:issued"),
    "rekommenderad: datamängd har geografiskt område": _missing("dcat:Dataset", "dcterms:spatial"),
    "rekommenderad: datamängd har tidsperiod": _missing("dcat:Dataset", "dcterms:temporal"),
    "rekommenderad: datamängd har åtkomsträttigheter": _missing("dcat:Dataset", "dcterms:accessRights"),
    "rekommenderad: datamängd har specifikation (schemat)": _missing("dcat:Dataset", "dcterms:conformsTo"),
    "obligatorisk: distribution har åtkomstadress": _missing("dcat:Distribution", "dcat:accessURL"),
    "obligatorisk: distribution har högst en åtkomstadress": _more_than_one("dcat:Distribution", "dcat:accessURL"),
    "obligatorisk: distribution har format": _missing("dcat:Distribution", "dcterms:format"),
    "obligatorisk: distribution har högst ett format": _more_than_one("dcat:Distribution", "dcterms:format"),
    "rekommenderad: distribution har beskrivning": _missing("dcat:Distribution", "dcterms:description"),
    "rekommenderad: distribution har licens": _missing("dcat:Distribution", "dcterms:license"),
    "rekommenderad: distribution har tillgänglighet": _missing("dcat:Distribution", "dcatap:availability"),
    "obligatorisk: aktör har namn": _missing("foaf:Agent", "foaf:name"),
    "obligatorisk: aktör har typ": _missing("foaf:Agent", "dcterms:type"),
    "rekommenderad: aktör har identifierare": _missing("foaf:Agent", "dcterms:identifier"),
    "obligatorisk: kontaktuppgift har namn": _missing("vcard:Organization", "vcard:fn"),
    "obligatorisk: kontaktuppgift har e-post": _missing("vcard:Organization", "vcard:hasEmail"),
    "obligatorisk: utgivaren är beskriven som aktör": """
        SELECT ?node WHERE { ?subject dcterms:publisher ?node . FILTER NOT EXISTS { ?node a foaf:Agent } }""",
    "skördning: utgivaren har dataportalens adress med organisationsnummer": """
        SELECT ?node WHERE { ?subject dcterms:publisher ?node .
          FILTER (!REGEX(STR(?node), "^http://dataportal[.]se/organisation/SE[0-9]{10}$")) }""",
    "skördning: utgivarens identifierare är organisationsnumret i adressen": """
        SELECT ?node WHERE { ?node a foaf:Agent ; dcterms:identifier ?number .
          FILTER (STR(?node) != CONCAT("http://dataportal.se/organisation/SE", STR(?number))) }""",
    "skördning: inga blanka noder för katalog, datamängd, distribution, utgivare och kontakt": """
        SELECT ?node WHERE { { ?node a dcat:Catalog } UNION { ?node a dcat:Dataset } UNION
          { ?node a dcat:Distribution } UNION { ?subject dcterms:publisher ?node } UNION
          { ?subject dcat:contactPoint ?node } FILTER (isBlank(?node)) }""",
    "skördning: alla adresser är absoluta": """
        SELECT ?node WHERE { { ?node ?p ?o } UNION { ?s ?p ?node } FILTER (isIRI(?node) &&
          !STRSTARTS(STR(?node), "http://") && !STRSTARTS(STR(?node), "https://")
          && !STRSTARTS(STR(?node), "mailto:")) }""",
    "skördning: utgivare och kontaktuppgift är olika": """
        SELECT ?node WHERE { ?a dcterms:publisher ?node . ?b dcat:contactPoint ?node }""",
}


def breaks(graph: Graph, requirement: str) -> list[str]:
    return sorted(str(row[0]) for row in graph.query(PREFIXES + REQUIREMENTS[requirement]))


@pytest.mark.parametrize("requirement", list(REQUIREMENTS))
def test_dcat_ap_se_requirement(catalog_graph, requirement):
    assert breaks(catalog_graph, requirement) == []


def test_a_broken_requirement_is_found(published):
    """The queries can fail: a publisher of our own site's address, a dataset without a title."""
    changed = Graph()
    dataset = URIRef("https://kvalitetsgarantier.stockholm/oppna-data/#uppfoljningar")
    own = URIRef("https://kvalitetsgarantier.stockholm/#utgivare")
    for subject, predicate, value in published:
        if (subject, predicate) == (dataset, namespace.DCTERMS.title):
            continue
        changed.add((own if subject == CITY else subject, predicate, own if value == CITY else value))
    assert breaks(changed, "obligatorisk: datamängd har titel") == [str(dataset)]
    assert breaks(changed, "skördning: utgivaren har dataportalens adress med organisationsnummer") == [str(own)] * 4
    changed.add((dataset, namespace.DCAT.contactPoint, BNode()))
    blank = "skördning: inga blanka noder för katalog, datamängd, distribution, utgivare och kontakt"
    assert len(breaks(changed, blank)) == 1


def test_stockholm_is_the_area_and_the_city_the_publisher_by_its_organisation_number(published):
    catalog_ref = next(published.subjects(namespace.RDF.type, namespace.DCAT.Catalog))
    assert set(published.objects(catalog_ref, namespace.DCTERMS.spatial)) == {STOCKHOLM}
    datasets = list(published.subjects(namespace.RDF.type, namespace.DCAT.Dataset))
    assert len(datasets) == 3
    assert all(published.value(dataset, namespace.DCTERMS.spatial) == STOCKHOLM for dataset in datasets)
    assert set(published.objects(None, namespace.DCTERMS.publisher)) == {CITY}
    assert published.value(CITY, namespace.FOAF.name) == Literal("Stockholms stad", lang="sv")
    assert published.value(CITY, namespace.DCTERMS.identifier) == Literal("2120000142")


def test_the_publisher_is_configurable_and_a_wrong_organisation_number_refused(tmp_path):
    chosen = {"name": "Provstads kommun", "organisation_number": "212000-1355"}
    other = settings_from({}, None, open_data_publisher=chosen)
    assert other.open_data_publisher == ("Provstads kommun", "2120001355")
    assert settings_from({}, None).open_data_publisher == ("Stockholms stad", "2120000142")
    for wrong in (
        {"name": "Stockholms stad", "organisation_number": "212000-0143"},  # check digit
        {"name": "Stockholms stad", "organisation_number": "SE2120000142"},
        {"name": "", "organisation_number": "212000-0142"},
        "212000-0142",
    ):
        with pytest.raises(Refusal, match="garanti_open_data_publisher.*organisationsnummer"):
            settings_from({}, None, open_data_publisher=wrong)
    root = write_provstaden(tmp_path)
    site = published_site(root, "provstaden/2026-01-22", open_data_publisher=other.open_data_publisher)
    graph = Graph().parse(data=catalog.files(site)[CATALOG], format="xml")
    publishers = set(graph.objects(None, namespace.DCTERMS.publisher))
    assert publishers == {URIRef("http://dataportal.se/organisation/SE2120001355")}


def test_mkdocs_yml_names_the_publisher_and_a_wrong_number_stops_the_build(tmp_path):
    root = write_provstaden(tmp_path / "innehall")
    config = site_project(root)
    text = config.read_text(encoding="utf-8")
    city = "    organisation_number: 212000-0142\n"
    assert city in text
    config.write_text(text.replace(city, "    organisation_number: 212000-1355\n"), encoding="utf-8")
    built = mkdocs_build(config, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    graph = Graph().parse(tmp_path / "site" / CATALOG, format="xml")
    publishers = set(graph.objects(None, namespace.DCTERMS.publisher))
    assert publishers == {URIRef("http://dataportal.se/organisation/SE2120001355")}
    config.write_text(text.replace(city, "    organisation_number: 212000-0143\n"), encoding="utf-8")  # check digit
    refused = mkdocs_build(config, tmp_path / "refused")
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "mkdocs.yml: extra.garanti_open_data_publisher ska ha ett namn (name) och ett giltigt" in refused.stderr
