"""The schema is the one table of a guarantee's fields (issue 10, item 4).

The board paper compares, and open data publishes, the fields the schema
lists, under the names the schema gives them: a field added to or renamed in
the schema reaches both without a second list to keep in step.
"""

from __future__ import annotations

import copy
import datetime as dt

from garanti import report, schemas
from garanti.content import check_tree, front_matter
from garanti.site import opendata
from garanti.site.selection import Settings, Site

from ..helpers import REPO_ROOT

SCHEMA_FIELDS = list(schemas.load_schema(schemas.GUARANTEE_SCHEMA)["properties"])


def _site() -> Site:
    return Site(check_tree(REPO_ROOT).corpus, Settings(today=dt.date(2026, 6, 1)))


def test_open_data_publishes_every_schema_field_in_the_schemas_shape():
    site = _site()
    guarantee = site.guarantees[0]
    record = opendata.record(site, guarantee)
    assert [key for key in record if key in SCHEMA_FIELDS] == SCHEMA_FIELDS
    # Each published value is what the schema accepts for that field.
    one = {key: record[key] for key in SCHEMA_FIELDS if record[key] is not None}
    assert list(schemas.validate(schemas.GUARANTEE_SCHEMA, one, {})) == []


def test_the_paper_compares_every_schema_field_under_its_schema_name():
    compared = dict(report.compared_fields())
    titles = schemas.guarantee_fields()
    assert {key: compared[key] for key in SCHEMA_FIELDS if key != "draft"} == {
        key: titles[key] for key in SCHEMA_FIELDS if key != "draft"
    }
    assert compared["valid"] == "Giltighetstid" and compared["contact"] == "Kontakt"
    assert compared["body"] == "Verksamhetsidén"


def test_a_field_renamed_in_the_schema_is_renamed_in_the_paper(monkeypatch):
    schema = copy.deepcopy(schemas.load_schema(schemas.GUARANTEE_SCHEMA))
    schema["properties"]["correction"]["title"] = "Om vi inte håller vad vi lovar"
    original = schemas.load_schema
    monkeypatch.setattr(schemas, "load_schema", lambda name: schema if name == schemas.GUARANTEE_SCHEMA else original(name))
    assert ("correction", "Om vi inte håller vad vi lovar") in report.compared_fields()


def test_a_field_the_model_lacks_is_not_left_out_silently(monkeypatch):
    schema = copy.deepcopy(schemas.load_schema(schemas.GUARANTEE_SCHEMA))
    schema["properties"]["opening_hours"] = {"title": "Öppettider", "type": "string"}
    original = schemas.load_schema
    monkeypatch.setattr(schemas, "load_schema", lambda name: schema if name == schemas.GUARANTEE_SCHEMA else original(name))
    guarantee = _site().guarantees[0]
    try:
        front_matter(guarantee)
    except AttributeError as error:
        assert "opening_hours" in str(error)
    else:
        raise AssertionError("a schema field the model lacks was left out of open data and the paper")
