"""The part of the schema.org vocabulary the unit pages' structured data uses (garanti.site.structured),
for the tests to check it against without the network: tests/site/schemaorg/schemaorg-subset.ttl.

From schema.org's full vocabulary file (schemaorg-current-https.ttl of a release, in the schemaorg/schemaorg
repository under data/releases/<version>/), it keeps what a check needs of each term named: its kind (class,
property, data type), the classes it is a subclass of (all the way up), and of a property the types it may
describe (domainIncludes) and the types of its values (rangeIncludes), those types with their own
superclasses too. Run it again, with the terms to keep, when the structured data uses a new one:

    .venv/bin/python tools/schemaorg_subset.py schemaorg-current-https.ttl 30.0 Term ... > \\
        tests/site/schemaorg/schemaorg-subset.ttl
"""

from __future__ import annotations

import sys

from rdflib import RDF, RDFS, Graph, Namespace

SCHEMA = Namespace("https://schema.org/")
KEPT = (RDF.type, RDFS.subClassOf, RDFS.label, SCHEMA.domainIncludes, SCHEMA.rangeIncludes, SCHEMA.supersededBy)


def subset(full: Graph, terms: list[str]) -> Graph:
    wanted = {SCHEMA[term] for term in terms}
    for term in list(wanted):
        for predicate in (SCHEMA.domainIncludes, SCHEMA.rangeIncludes):
            wanted |= set(full.objects(term, predicate))
    pending = list(wanted)
    while pending:  # every superclass, and the types of every data type
        term = pending.pop()
        for parent in [*full.objects(term, RDFS.subClassOf), *full.objects(term, RDF.type)]:
            if parent not in wanted and str(parent).startswith(str(SCHEMA)):
                wanted.add(parent)
                pending.append(parent)
    kept = Graph()
    kept.bind("schema", SCHEMA)
    for term in wanted:
        for predicate in KEPT:
            for value in full.objects(term, predicate):
                kept.add((term, predicate, value))
    return kept


def main(arguments: list[str]) -> None:
    source, release, *terms = arguments
    full = Graph().parse(source, format="turtle")
    print(f"# A part of the schema.org vocabulary, release {release} ({source}), as tools/schemaorg_subset.py kept it")
    print("# for the terms: " + " ".join(sorted(terms)))
    print("# Schema.org, https://schema.org/, licensed under Creative Commons Attribution-ShareAlike 3.0")
    print(
        "# (CC BY-SA 3.0, https://creativecommons.org/licenses/by-sa/3.0/); this file is shared under the same licence."
    )
    print(subset(full, terms).serialize(format="turtle"))


if __name__ == "__main__":
    main(sys.argv[1:])
