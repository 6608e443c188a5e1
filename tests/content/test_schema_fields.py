"""The schema is the one table of a guarantee's fields (garanti.fields).

The check, open data (JSON and CSV) and the board paper read the fields the schema
lists, under the names the schema gives them: a field added to or renamed in the
schema reaches all of them without a second list to keep in step.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from garanti import fields, report, schemas
from garanti.content import check_tree
from garanti.site import opendata
from garanti.site.selection import Settings, Site

from ..helpers import REPO_ROOT, write
from ..samples import HOME_CARE_MD

SCHEMA_FIELDS = list(schemas.load_schema(schemas.GUARANTEE_SCHEMA)["properties"])


def _site(root=REPO_ROOT) -> Site:
    return Site(check_tree(root).corpus, Settings(today=dt.date(2026, 6, 1)))


def test_open_data_publishes_every_schema_field_in_the_schemas_shape():
    site = _site()
    guarantee = site.guarantees[0]
    record = opendata.record(site.view(guarantee))
    assert [key for key in record if key in SCHEMA_FIELDS] == SCHEMA_FIELDS
    # Each published value is what the schema accepts for that field.
    one = {key: record[key] for key in SCHEMA_FIELDS if record[key] is not None}
    assert list(schemas.validate(schemas.GUARANTEE_SCHEMA, one, {})) == []


def test_the_paper_compares_every_schema_field_under_its_schema_name():
    compared = dict(fields.compared())
    titles = {field.key: field.title for field in fields.guarantee_fields()}
    assert {key: compared[key] for key in SCHEMA_FIELDS if key != "draft"} == {
        key: titles[key] for key in SCHEMA_FIELDS if key != "draft"
    }
    assert compared["valid"] == "Giltighetstid" and compared["contact"] == "Kontakt"
    assert compared["body"] == "Verksamhetsidén"


def test_a_field_renamed_in_the_schema_is_renamed_in_the_paper(changed_schema):
    changed_schema(lambda schema: schema["properties"]["correction"].update(title="Om vi inte håller vad vi lovar"))
    assert ("correction", "Om vi inte håller vad vi lovar") in fields.compared()


def test_a_field_added_to_the_schema_reaches_the_json_the_csv_and_the_paper(changed_schema, content_repo):
    """A new field written once, in the schema: the check takes it, open data publishes it in JSON
    and CSV, and the board paper names it when it changes (the CSV once left out what the JSON had)."""
    changed_schema(
        lambda schema: schema["properties"].update(
            parking={"title": "Parkering", "description": "Var besökare kan parkera.", "type": "string"}
        )
    )
    home = "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md"
    write(
        content_repo, home, HOME_CARE_MD.replace("\ncorrection:", "\nparking: Två platser vid entrén.\ncorrection:", 1)
    )
    result = check_tree(content_repo)
    assert result.problems == []
    site = _site(content_repo)
    guarantee = next(g for g in site.guarantees if g.slug == "provstadens-hemtjanst")
    assert opendata.record(site.view(guarantee))["parking"] == "Två platser vid entrén."
    rows = list(csv.DictReader(io.StringIO(opendata.as_csv(site))))
    assert next(row for row in rows if row["unit"] == "provstadens-hemtjanst")["parking"] == "Två platser vid entrén."
    changed = report.compare(
        [guarantee],
        {guarantee.slug: guarantee.__class__(**{**vars(guarantee), "extra": (("parking", "Ingen parkering."),)})},
    )
    assert changed[0].fields == ("parking",)
    section = "\n".join(report._change_lines(changed[0], 1, site.board("provstaden")))
    assert "Parkering" in section
