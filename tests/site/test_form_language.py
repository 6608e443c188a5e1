"""A guarantee's Finnish and easy-to-read versions in the editors' form (issue 31): a collection per
board and language, its fields from schema/language-version.schema.json, and the Swedish text each
version words handed to the page in a data file made here (redigera/sprakversioner/<board>.json).
"""

from __future__ import annotations

import dataclasses
import json

from garanti import fields, schemas
from garanti.languages import LANGUAGES
from garanti.model import HOURS_FIELDS
from garanti.site import form

from .test_form import SAMPLE, _collections, _fields, _form_rules, _preview_settings, _schema_rules, _site

BOARD = "hagersten-liljeholmen"


def test_each_board_has_a_collection_per_language_over_its_version_files():
    collections = _collections()
    for board in SAMPLE.boards.values():
        for language in LANGUAGES:
            collection = collections[f"{board.slug}-{language.key}"]
            assert collection["label"] == f"{board.display_name}: på {language.name}"
            assert collection["folder"] == f"guarantees/{board.slug}"
            assert collection["extension"] == f"{language.key}.md"  # <unit>.<key>.md
            assert collection["format"] == "sprakversion"
            assert collection["path"] == "{{avdelning}}/{{enhetsfil}}"
            assert collection["identifier_field"] == "enhet" and collection["create"] and not collection["delete"]


def test_a_versions_fields_are_the_schemas_with_the_swedish_text_beside_them():
    schema = schemas.load_schema(schemas.LANGUAGE_VERSION_SCHEMA)
    made = _fields(_collections()[f"{BOARD}-fi"]["fields"])
    assert list(made)[:2] == ["enhet", "swedish_text"]  # the unit, then the fingerprint: the top of the editor
    assert made["swedish_text"]["widget"] == "garanti-svensk-text"  # filled in, never typed
    assert made["swedish_text"]["label"] == schema["properties"]["swedish_text"]["x-form-title"]
    assert made["klar"]["label"] == schema["properties"]["draft"]["x-form-title"] == "Klar att lämnas till nämnden"
    data_file = f"sprakversioner/{BOARD}.json"
    for name in ("title", "body", "correction", "complaints", "more_info"):
        assert made[name]["svensk"] == name and made[name]["svenska"] == data_file, name
        assert made[name]["widget"] in ("garanti-svensk-rad", "garanti-svensk-ruta"), name
    assert made["complaints"]["required"] and not made["more_info"]["required"] and "matched" in made["more_info"]
    commitments = made["commitments"]
    assert commitments["widget"] == "garanti-svensk-lista" and commitments["svensk"] == "commitments"
    assert commitments["allow_add"] is commitments["allow_remove"] is commitments["allow_reorder"] is False
    assert _fields(commitments["fields"])["area"]["widget"] == "hidden"  # the guarantee's, shown beside the text
    hours = _fields(made["contact"]["fields"])
    assert set(hours) == set(HOURS_FIELDS) and all(not part["allow_add"] for part in hours.values())
    for name, node in schema["properties"].items():
        if name not in ("draft", "swedish_text"):
            title = node.get("title")
            assert made[name]["label"] == title, name


def test_every_rule_of_the_version_schema_is_a_rule_of_the_form():
    made = set(_form_rules([c for c in _collections().values() if c["format"] == "sprakversion"]))
    for title, kind, limit in _schema_rules(schemas.inlined(schemas.LANGUAGE_VERSION_SCHEMA)):
        if title != "Svensk text":  # the fingerprint is filled in, from the build
            assert (kind, limit) in made, (title, kind, limit)


def test_a_new_version_is_offered_only_the_units_without_one_in_its_language():
    site = _site()
    collections = _collections(site)
    units = {f"{g.department}/{g.slug}" for g in site.guarantees if g.board == BOARD}
    for language in LANGUAGES:
        place = _fields(collections[f"{BOARD}-{language.key}"]["fields"])["enhet"]
        written = {
            f"{v.department}/{v.unit}" for v in SAMPLE.language_versions if v.board == BOARD and v.language == language
        }
        assert written and {option["value"] for option in place["options"]} == units - written
        assert set(place["names"]) == units  # an existing version's unit is shown by name


def test_a_version_file_where_the_form_saves_counts_whatever_its_state(tmp_path):
    site = _site()
    folder = tmp_path / "guarantees" / BOARD / "aldreomsorg"
    folder.mkdir(parents=True)
    (folder / "hagerstens-hemtjanst.fi.md").write_text("---\nswedish_text: [oläsbar\n", encoding="utf-8")
    settings = form.FormSettings.of(
        {}, {form.LOCAL_BACKEND_VARIABLE: "http://127.0.0.1:8181/api/v1"}, preview=True, root=tmp_path
    )
    config = form.config(site, settings)["decap"]
    offered = {
        c["name"]: {o["value"] for o in _fields(c["fields"])["enhet"]["options"]}
        for c in config["collections"]
        if c["format"] == "sprakversion"
    }
    assert "aldreomsorg/hagerstens-hemtjanst" not in offered[f"{BOARD}-fi"]
    assert "aldreomsorg/hagerstens-hemtjanst" in offered[f"{BOARD}-lattlast"]


def test_the_data_file_has_each_units_swedish_text_as_a_version_words_it_and_its_fingerprint():
    site = _site()
    board = site.corpus.boards[BOARD]
    data = json.loads(form.language_data(site, board))["units"]
    guarantees = {f"{g.department}/{g.slug}": g for g in site.guarantees if g.board == BOARD}
    assert set(data) == set(guarantees)
    for unit, g in guarantees.items():
        swedish = data[unit]
        assert swedish["fingerprint"] == fields.swedish_text_of(g)
        assert (swedish["title"], swedish["body"], swedish["correction"]) == (g.title, g.body, g.correction)
        assert swedish["complaints"] == g.complaints  # the text in force: the board's when the unit has none
        assert swedish["more_info"] == g.more_info
        assert swedish["commitments"] == [
            {**({"area": c.area} if c.area else {}), "text": c.text} for c in g.commitments
        ]
        for key in HOURS_FIELDS:
            assert swedish[key] == [{"days": line.days, "time": line.time} for line in getattr(g.contact, key)]
    assert form.language_data_file(board) == f"redigera/sprakversioner/{BOARD}.json"
    settings = _preview_settings()
    if settings.installed:  # the form's page and its data are made only with the form's packages
        assert form.language_data_file(board) in form.files(site, settings)


def test_a_stale_versions_data_names_what_changed_since_its_text():
    """What changed since the text a stale version names, as the check says it (git's history)."""
    version = next(v for v in SAMPLE.language_versions if v.board == BOARD)
    stale = dataclasses.replace(version, swedish_text="0000000000", current=False)
    site = _site(dataclasses.replace(SAMPLE, language_versions=[stale]))
    board = site.corpus.boards[BOARD]
    guarantee = next(g for g in site.guarantees if g.unit_key == version.unit_key)
    earlier = dataclasses.replace(guarantee, correction="En äldre rättelse.")
    data = json.loads(form.language_data(site, board, lambda b, unit, text: earlier if text == "0000000000" else None))
    assert data["units"][f"{version.department}/{version.unit}"]["changed"] == {"0000000000": ["Rättelse"]}
    assert all(not unit["changed"] for unit in json.loads(form.language_data(_site(), board))["units"].values())


def test_the_file_format_keeps_language_versions_out_of_the_guarantee_collections():
    formats = form.formats()
    assert formats["garanti"]["elsewhere"] == "swedish_text"
    version = formats["sprakversion"]
    assert "elsewhere" not in version and version["order"][""][:3] == ["title", "swedish_text", "commitments"]
