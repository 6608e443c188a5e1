"""The open data's catalog in DCAT-AP-SE 3.0.1 (RDF/XML), for the national data portal to harvest.

One catalog (dcat:Catalog) at a stable address, `oppna-data/katalog.rdf`, with a dataset
(dcat:Dataset) for each kind of data: the guarantees in force, every approved version of them,
and the follow-ups; each with its files (dcat:Distribution: JSON and CSV, with the schema they
conform to), the city as publisher (foaf:Agent, named as DIGG asks: by its organisation number, from
mkdocs.yml's extra.garanti_open_data_publisher), Stockholm as the area covered, a contact point
(vcard:Organization, from extra.garanti_open_data_contact) and the licence (CC0 1.0, as the
open-data page says). Written with rdflib, so the RDF is well formed whatever the names hold, and
written in sorted order, so that the same content gives the same bytes: the portal harvests the
catalog every night, and a catalog that changed only in its order would look new each time.
"""

from __future__ import annotations

import datetime as dt

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from .. import schemas
from ..layout import OPEN_DATA_DIR
from . import opendata, paths
from .selection import Site

CATALOG_FILE = "katalog.rdf"
LICENCE = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
# DCAT-AP-SE's address for a Swedish organisation as publisher, by its organisation number: the national
# portal merges the datasets of one publisher harvested from several catalogs by it.
DATAPORTAL_ORGANISATION = "http://dataportal.se/organisation/SE"
# The area the data covers: the City of Stockholm in Geonames, as DCAT-AP-SE recommends for dct:spatial
# (in its form, http://sws.geonames.org/<id>); 2673730 is Stockholm, Sweden's capital. Named, not
# described, as in DIGG's own example: Geonames describes it (typed dct:Location here, DCAT-AP's
# recommended shapes would ask the catalog for its bounding box and centroid).
STOCKHOLM = URIRef("http://sws.geonames.org/2673730")
# Controlled vocabularies DCAT-AP-SE names: the EU's authority tables, ADMS's publisher types.
EU = "http://publications.europa.eu/resource/authority/"
LANGUAGE = URIRef(f"{EU}language/SWE")
THEME = URIRef(f"{EU}data-theme/GOVE")  # Government and public sector
THEMES = URIRef(f"{EU}data-theme")
PUBLIC = URIRef(f"{EU}access-right/PUBLIC")
STABLE = URIRef(f"{EU}planned-availability/STABLE")
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
FORMATS = {".json": ("JSON", "application/json"), ".csv": ("CSV", "text/csv")}


def files(site: Site) -> dict[str, str]:
    """{site path: RDF/XML} for the catalog (the preview's describes its own data, as its files do)."""
    return {paths.open_data_file(CATALOG_FILE): as_rdf_xml(catalog(site))}


def as_rdf_xml(graph: Graph) -> str:
    """The graph in RDF/XML, its statements sorted. rdflib's default store iterates in an order that
    varies from run to run (hash order); SimpleMemory keeps the order statements were added in, and the
    plain RDF/XML writer sorts its namespaces (the pretty one does not), so sorted in is sorted out."""
    ordered = Graph(store="SimpleMemory", bind_namespaces="core")
    for prefix, namespace in graph.namespaces():
        ordered.bind(prefix, namespace)
    for statement in sorted(graph):
        ordered.add(statement)
    return ordered.serialize(format="xml")


def catalog(site: Site) -> Graph:
    graph = Graph(bind_namespaces="core")
    graph.bind("dcat", DCAT)
    graph.bind("dcterms", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("vcard", VCARD)
    graph.bind("dcatap", DCATAP)
    url = site.absolute_url
    catalog_ref = URIRef(url(paths.open_data_file(CATALOG_FILE)))
    publisher = _publisher(graph, site)
    decided = [d.date for found in site.timeline.decisions.values() for d in found] if site.timeline else []
    first, last = (min(decided), max(decided)) if decided else (site.today, site.today)

    graph.add((catalog_ref, RDF.type, DCAT.Catalog))
    _texts(
        graph,
        catalog_ref,
        "Kvalitetsgarantier – Stockholms stad",
        "Stockholms stads kvalitetsgarantier: vad invånarna kan förvänta sig av stadens verksamheter, som nämnderna "
        "har fastställt dem, och enheternas uppföljningar av dem.",
    )
    graph.add((catalog_ref, DCTERMS.publisher, publisher))
    graph.add((catalog_ref, DCTERMS.license, LICENCE))
    graph.add((catalog_ref, DCTERMS.language, LANGUAGE))
    graph.add((catalog_ref, DCTERMS.spatial, STOCKHOLM))
    graph.add((catalog_ref, FOAF.homepage, URIRef(site.settings.site_url)))
    graph.add((catalog_ref, DCAT.themeTaxonomy, THEMES))
    graph.add((catalog_ref, DCTERMS.issued, _date(first)))
    graph.add((catalog_ref, DCTERMS.modified, _date(last)))

    landing = url(f"{OPEN_DATA_DIR}/")  # the open-data page (docs/oppna-data.md)
    contact = _contact(graph, site)
    for name, title, description, data_files, schema in _datasets():
        dataset = URIRef(f"{landing}#{name}")
        graph.add((catalog_ref, DCAT.dataset, dataset))
        graph.add((dataset, RDF.type, DCAT.Dataset))
        _texts(graph, dataset, title, description)
        graph.add((dataset, DCTERMS.publisher, publisher))
        if contact is not None:
            graph.add((dataset, DCAT.contactPoint, contact))
        for keyword in ("kvalitetsgaranti", "kommunal service", "uppföljning", "Stockholm"):
            graph.add((dataset, DCAT.keyword, Literal(keyword, lang="sv")))
        graph.add((dataset, DCAT.theme, THEME))
        graph.add((dataset, DCTERMS.accessRights, PUBLIC))
        graph.add((dataset, DCTERMS.language, LANGUAGE))
        graph.add((dataset, DCTERMS.spatial, STOCKHOLM))
        graph.add((dataset, DCTERMS.issued, _date(first)))
        graph.add((dataset, DCTERMS.modified, _date(last)))
        graph.add((dataset, DCAT.landingPage, URIRef(landing)))
        _period(graph, dataset, site)
        # The schema the data follow, on the dataset too: DCAT-AP-SE recommends naming its specification there.
        graph.add((dataset, DCTERMS.conformsTo, URIRef(url(paths.open_data_file(schema)))))
        for data_file in data_files:
            graph.add((dataset, DCAT.distribution, _distribution(graph, site, data_file, schema)))
    return graph


def _datasets() -> list[tuple[str, str, str, tuple[str, ...], str]]:
    """(name, title, description, files, schema) of each dataset the catalog describes."""
    return [
        (
            "garantier",
            "Kvalitetsgarantier som gäller",
            "Varje enhets kvalitetsgaranti som den gäller i dag: åtaganden, rättelse, synpunkter och klagomål, "
            "kontakt, giltighetstid och nämndens beslut.",
            (opendata.JSON_FILE, opendata.CSV_FILE),
            schemas.GUARANTEE_SCHEMA,
        ),
        (
            "alla-versioner",
            "Kvalitetsgarantier över tid",
            "Varje version av varje kvalitetsgaranti som en nämnd har fastställt, med giltighetstid, beslut och om den "
            "gäller, ska börja gälla eller har ersatts.",
            (opendata.VERSIONS_JSON_FILE, opendata.VERSIONS_CSV_FILE),
            schemas.GUARANTEE_SCHEMA,
        ),
        (
            "uppfoljningar",
            "Uppföljningar av kvalitetsgarantierna",
            "Hur det gick med varje åtagande under året: uppfyllt, delvis uppfyllt eller inte uppfyllt, med begärda "
            "rättelser och klagomål, som nämnden har fastställt dem.",
            (opendata.FOLLOW_UPS_JSON_FILE, opendata.FOLLOW_UPS_CSV_FILE),
            schemas.FOLLOW_UP_SCHEMA,
        ),
    ]


def _distribution(graph: Graph, site: Site, name: str, schema: str) -> URIRef:
    address = URIRef(site.absolute_url(paths.open_data_file(name)))
    file_type, media_type = FORMATS[name[name.rindex(".") :]]
    graph.add((address, RDF.type, DCAT.Distribution))
    graph.add((address, DCTERMS.title, Literal(name, lang="sv")))
    graph.add((address, DCTERMS.description, Literal(f"{name}: {file_type}, kodad i UTF-8.", lang="sv")))
    graph.add((address, DCAT.accessURL, address))
    graph.add((address, DCAT.downloadURL, address))
    graph.add((address, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media_type}")))
    graph.add((address, DCTERMS.format, URIRef(f"{EU}file-type/{file_type}")))
    graph.add((address, DCTERMS.license, LICENCE))
    graph.add((address, DCATAP.availability, STABLE))
    graph.add((address, DCTERMS.conformsTo, URIRef(site.absolute_url(paths.open_data_file(schema)))))
    return address


def _publisher(graph: Graph, site: Site) -> URIRef:
    """The city, at the address DCAT-AP-SE gives an organisation (its organisation number, mkdocs.yml's
    extra.garanti_open_data_publisher), with the number as its identifier too, as the profile recommends."""
    name, number = site.settings.open_data_publisher
    publisher = URIRef(f"{DATAPORTAL_ORGANISATION}{number}")
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(name, lang="sv")))
    graph.add((publisher, DCTERMS.type, LOCAL_AUTHORITY))
    graph.add((publisher, DCTERMS.identifier, Literal(number)))
    return publisher


def _contact(graph: Graph, site: Site) -> URIRef | None:
    """The contact point mkdocs.yml names (extra.garanti_open_data_contact), if it names one. Named by an
    address, not a blank node: DCAT-AP-SE's harvesting rules allow none for a contact point."""
    if site.settings.open_data_contact is None:
        return None
    name, email = site.settings.open_data_contact
    contact = URIRef(site.absolute_url(f"{OPEN_DATA_DIR}/#kontakt"))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(name, lang="sv")))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))
    return contact


def _period(graph: Graph, dataset: URIRef, site: Site) -> None:
    """The period the data covers: from the first day of the earliest approved version to the last of the latest."""
    versions = [version.guarantee for _, version in site.approved_versions()] or site.guarantees
    if not versions:
        return
    period = BNode(f"period-{dataset.rsplit('#', 1)[-1]}")
    graph.add((dataset, DCTERMS.temporal, period))
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    graph.add((period, DCAT.startDate, _date(min(g.valid_from for g in versions))))
    graph.add((period, DCAT.endDate, _date(max(g.valid_to for g in versions))))


def _texts(graph: Graph, subject: URIRef, title: str, description: str) -> None:
    graph.add((subject, DCTERMS.title, Literal(title, lang="sv")))
    graph.add((subject, DCTERMS.description, Literal(description, lang="sv")))


def _date(day: dt.date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)
