"""The unit pages' structured data read as a search engine reads it, and checked against schema.org's vocabulary.

`schemaorg-subset.ttl` is the part of the schema.org vocabulary (release 30.0) the structured data uses, kept by
tools/schemaorg_subset.py from schema.org's own vocabulary file. Schema.org is licensed under Creative Commons
Attribution-ShareAlike 3.0 (https://creativecommons.org/licenses/by-sa/3.0/), and so is that file.
Nothing here reaches the network: the JSON-LD's context, "https://schema.org", is read as the vocabulary's
namespace (@vocab) instead of being fetched.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef

SCHEMA = Namespace("https://schema.org/")
VOCABULARY = Path(__file__).with_name("schemaorg-subset.ttl")
CONTEXT = "https://schema.org"
_SCRIPTS = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@cache
def vocabulary() -> Graph:
    return Graph().parse(VOCABULARY, format="turtle")


def scripts(html: str) -> list[dict]:
    """Every JSON-LD block of a page, as JSON."""
    return [json.loads(text) for text in _SCRIPTS.findall(html)]


def graph_of(data: dict) -> Graph:
    """The JSON-LD as RDF, its context the vocabulary's namespace (never fetched)."""
    assert data["@context"] == CONTEXT
    local = {**data, "@context": {"@vocab": str(SCHEMA)}}
    return Graph().parse(data=json.dumps(local), format="json-ld")


def _superclasses(term: URIRef) -> set[URIRef]:
    found, pending = {term}, [term]
    while pending:
        for parent in vocabulary().objects(pending.pop(), RDFS.subClassOf):
            if parent not in found:
                found.add(parent)
                pending.append(parent)
    return found


def _is_class(term: URIRef) -> bool:
    return (term, RDF.type, RDFS.Class) in vocabulary()


def _is_data_type(term: URIRef) -> bool:
    """Text, URL, Date, ...: a data type of schema.org, or a subclass of one (URL of Text)."""
    return any((kind, RDF.type, SCHEMA.DataType) in vocabulary() for kind in _superclasses(term))


def problems(graph: Graph) -> list[str]:
    """What the data says that schema.org's vocabulary does not allow: an unknown type or property, a property
    on a type it may not describe (domainIncludes), a value of a type it may not have (rangeIncludes)."""
    found = []
    types = {subject: set(graph.objects(subject, RDF.type)) for subject in set(graph.subjects())}
    for kinds in types.values():
        found += [f"{kind} is not a type of schema.org" for kind in kinds if not _is_class(kind)]
    for subject, predicate, value in graph:
        if predicate == RDF.type:
            continue
        if (predicate, RDF.type, RDF.Property) not in vocabulary():
            found.append(f"{predicate} is not a property of schema.org")
            continue
        domains = set(vocabulary().objects(predicate, SCHEMA.domainIncludes))
        if not any(_superclasses(kind) & domains for kind in types.get(subject, ())):
            found.append(f"{predicate} does not describe {sorted(types.get(subject, ()))}")
        ranges = set(vocabulary().objects(predicate, SCHEMA.rangeIncludes))
        if isinstance(value, Literal):
            if not any(_is_data_type(kind) for kind in ranges):
                found.append(f"{predicate} takes no text ({value})")
        elif (
            isinstance(value, (URIRef, BNode))
            and types.get(value)
            and not any(_superclasses(kind) & ranges for kind in types[value])
        ):
            found.append(f"{predicate} takes no {sorted(types[value])}")
    return found
