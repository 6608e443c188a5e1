"""The schema is the field table (issue 34, item 2).

The model's fields are pinned to the schema's properties (a drift fails here, naming the field); the
fields a language version words are the ones the schema marks `x-translated`, and the language version
schema, its loader and the fingerprint follow from the marks; the fingerprint is versioned
(`x-translated-since`), so marking a field leaves every existing version current. Last, a visible field
and a translated one are added in the schema alone (`changed_schema`) and followed to the guarantee's page,
its language versions' pages, the board paper, the form's configuration and the open data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from dataclasses import fields as dataclass_fields
from pathlib import Path

from garanti import fields, paper, report, schemas
from garanti.content import check_tree
from garanti.languages import EASY_SWEDISH, FINNISH
from garanti.model import Guarantee, LanguageVersion
from garanti.site import form, opendata, paths
from garanti.site.pages import guarantee_pages, version_pages
from garanti.site.selection import Settings, Site

from .helpers import REPO_ROOT, TODAY, copy_site_files, edit, mkdocs_build, write
from .repos import Repo
from .samples import HOME

# What a Guarantee holds that is not a front matter field: where the file is, the validity's two days
# (the schema's `valid`), the verksamhetsidé after the front matter, and the fields it does not name.
NOT_FRONT_MATTER = {"board", "department", "slug", "source", "valid_from", "valid_to", "body", "extra"}
# What a LanguageVersion holds that it does not word: which guarantee, its language, its fingerprint.
NOT_WORDED = {"board", "department", "unit", "language", "swedish_text", "current", "draft", "source", "extra"}
# Shown as scalars in the model: a text, a flag, a value of a list of words.
SCALAR = ({"type": "string"}, {"type": "boolean"})


def model_drift(properties: dict[str, dict], attributes: set[str], shaped: set[str]) -> list[str]:
    """What differs between the schema's properties and the model's attributes: an attribute no property
    fills (it would silently stay empty), a shape for no property, a property the model names as
    written that is not a scalar."""
    drift = [f"Guarantee.{name}: no schema property" for name in attributes - set(properties) - NOT_FRONT_MATTER]
    drift += [f"fields.SHAPES[{key!r}]: no schema property" for key in shaped - set(properties)]
    drift += [
        f"{key}: the model names it as written (fields.plain), but the schema's value is not a text or a flag"
        for key in set(properties) & attributes - shaped
        if not any(properties[key].get(k) == v for scalar in SCALAR for k, v in scalar.items())
        and not all(isinstance(choice, str) for choice in properties[key].get("enum", [None]))
    ]
    return sorted(drift)


def _properties() -> dict[str, dict]:
    return {field.key: dict(field.schema) for field in fields.guarantee_fields()}


def _attributes(cls) -> set[str]:
    return {attribute.name for attribute in dataclass_fields(cls)}


def test_the_model_is_pinned_to_the_schemas_properties():
    assert model_drift(_properties(), _attributes(Guarantee), set(fields.SHAPES)) == []
    # plain() is derived: the properties the model names, bar the shaped ones, in the schema's order.
    assert fields.plain() == ("title", "service", "correction", "complaints", "more_info", "draft")
    # The rest of the schema is kept as written, and given back (Guarantee.extra).
    kept = set(_properties()) - set(fields.SHAPES) - set(fields.plain())
    assert kept == {"previous_addresses"}


def test_a_drifted_model_is_named():
    """The pin can fail: an attribute the schema has no property for, a shape without a property, and a
    property of parts the model would take as written."""
    properties = _properties()
    drifted = model_drift(
        {key: value for key, value in properties.items() if key != "service_languages"},
        _attributes(Guarantee) | {"parking"},
        set(fields.SHAPES) - {"contact"},
    )
    assert drifted == [
        "Guarantee.parking: no schema property",
        "Guarantee.service_languages: no schema property",
        "contact: the model names it as written (fields.plain), but the schema's value is not a text or a flag",
        "fields.SHAPES['service_languages']: no schema property",
    ]


def test_the_translated_fields_are_the_schemas_marks_and_the_language_versions_fields():
    translated = fields.translated_fields()
    assert [field.path for field in translated] == [
        ("title",),
        ("body",),
        ("commitments",),
        ("correction",),
        ("complaints",),
        ("contact", "opening_hours"),
        ("contact", "visiting_hours"),
        ("more_info",),
    ]
    # The model words each (by its last name: the contact's parts are LanguageVersion.opening_hours ...).
    assert {field.path[-1] for field in translated} == _attributes(LanguageVersion) - NOT_WORDED
    # The language version schema as read: the version's own fields, and each marked field.
    version_schema = schemas.load_schema(schemas.LANGUAGE_VERSION_SCHEMA)["properties"]
    assert set(version_schema) - {"swedish_text", "draft"} == {field.key for field in translated} - {fields.BODY}
    assert set(version_schema["contact"]["properties"]) == {f.path[1] for f in translated if len(f.path) == 2}
    # Nothing is added to it while every marked field is worded in the file: open data publishes the file.
    assert schemas.published_text(schemas.LANGUAGE_VERSION_SCHEMA) == schemas.schema_text(
        schemas.LANGUAGE_VERSION_SCHEMA
    )
    assert fields.fingerprint_version() == 1 and fields.unnamed_translated() == ()


def test_the_sample_versions_are_current_on_the_first_fingerprint(sample_corpus):
    versions = sample_corpus.language_versions
    assert len(versions) >= 4 and all(version.current for version in versions)
    by_unit = {g.unit_key: g for g in sample_corpus.guarantees}
    assert {fields.written_against(by_unit[v.unit_key], v.swedish_text) for v in versions} == {1}


def _mark_parking(since: int | None):
    """An edit of the guarantee schema: a field `parking`, translated (since fingerprint version `since`)."""

    def change(schema: dict) -> None:
        schema["properties"]["parking"] = {
            "title": "Parkering",
            "description": "Var besökare kan parkera.",
            "type": "string",
            "x-translated": True,
            **({"x-translated-since": since} if since else {}),
        }

    return change


def test_a_field_marked_translated_later_leaves_every_version_current(changed_schema):
    """Marked at version 2, the field is in the newest fingerprint and not in the first: the versions written
    against the first stay current and published. Marked without a version, it would change the first
    fingerprint and make every one of them stale at once (the old behaviour)."""
    changed_schema(_mark_parking(since=2))
    corpus = check_tree(REPO_ROOT).corpus
    assert fields.fingerprint_version() == 2
    assert corpus.language_versions and all(version.current for version in corpus.language_versions)
    assert len(corpus.published().language_versions) == len(check_tree(REPO_ROOT).corpus.published().language_versions)
    g = next(g for g in corpus.guarantees if g.unit_key == corpus.language_versions[0].unit_key)
    assert fields.swedish_text_of(g) != fields.swedish_text_of(g, 1) == corpus.language_versions[0].swedish_text
    assert "parking" in schemas.load_schema(schemas.LANGUAGE_VERSION_SCHEMA)["properties"]


def test_a_field_marked_translated_in_the_first_version_would_make_them_all_stale(changed_schema):
    changed_schema(_mark_parking(since=None))
    corpus = check_tree(REPO_ROOT).corpus
    assert corpus.language_versions and not any(version.current for version in corpus.language_versions)


# --- a visible field and a translated one, added in the schema alone ---------------------------------

FI = f"{HOME.removesuffix('.md')}.fi.md"
EASY = f"{HOME.removesuffix('.md')}.lattlast.md"
PARKING = "Två platser för besökare vid entrén."
ACCESS = "Entrén har ramp och automatisk dörr."
ACCESS_FI = "Sisäänkäynnillä on luiska ja automaattiovi."


def _new_fields(schema: dict) -> None:
    """`parking`, a text residents see; `accessibility`, one they see in every language (translated since
    fingerprint version 2, its Finnish heading in the schema's x-names, as the service types' are)."""
    schema["properties"]["parking"] = {
        "title": "Parkering",
        "description": "Var besökare kan parkera. Frivilligt.",
        "x-page-section": True,
        "$ref": "#/$defs/text",
    }
    schema["properties"]["accessibility"] = {
        "title": "Tillgänglighet",
        "description": "Hur enheten är ordnad för den som har en funktionsnedsättning. Frivilligt.",
        "x-page-section": True,
        "x-translated": True,
        "x-translated-since": 2,
        "$ref": "#/$defs/text",
    }
    schema["x-names"]["fi"]["Tillgänglighet"] = "Esteettömyys"


def _with_new_fields(root: Path) -> None:
    """The home care unit with both fields; its Finnish version words accessibility and was written against
    the newest fingerprint, its easy-to-read one leaves it out and was written against the first."""
    edit(root, HOME, "\ncorrection:", f"\nparking: {PARKING}\naccessibility: {ACCESS}\ncorrection:")
    [home] = [g for g in check_tree(root).corpus.guarantees if g.source == HOME]
    write(
        root,
        FI,
        f"---\ntitle: Provstadenin kotipalvelu\nswedish_text: {fields.swedish_text_of(home)}\ncommitments:\n"
        "  - Saat yhteyshenkilön kahden viikon kuluessa.\n  - Soitamme, jos myöhästymme yli 30 minuuttia.\n"
        f"correction: Pyydämme anteeksi.\ncomplaints: Puhu henkilökunnan kanssa.\naccessibility: {ACCESS_FI}\n"
        "---\nAutamme sinua kotona.\n",
    )
    write(
        root,
        EASY,
        f"---\nswedish_text: {fields.swedish_text_of(home, 1)}\ncommitments:\n"
        "  - Du får en kontakt-person.\n  - Blir vi sena ringer vi.\n"
        "correction: Vi säger förlåt.\ncomplaints: Prata med oss.\n---\nVi hjälper dig hemma.\n",
    )


def test_a_visible_and_a_translated_field_added_in_the_schema_alone_reach_everything(changed_schema, content_repo):
    """No file but the schema is edited. The guarantee's page shows both under their titles; the Finnish
    page shows accessibility in Finnish under its Finnish heading and parking in Swedish, marked so; the
    easy-to-read version, written before accessibility was translated, stays current and shows it in
    Swedish. The board paper shows them as the pages do, the form asks them (the version's beside the
    Swedish text), open data publishes them. The one other file: a Finnish heading for parking is a word
    in the schema's x-names (schema/guarantee.schema.json), as accessibility's is here."""
    changed_schema(_new_fields)
    _with_new_fields(content_repo)
    result = check_tree(content_repo)
    assert (result.problems, [str(w) for w in result.warnings if "swedish_text" in str(w)]) == ([], [])
    assert [(v.language, v.current) for v in result.corpus.language_versions] == [(FINNISH, True), (EASY_SWEDISH, True)]
    site = Site(result.corpus, Settings(today=dt.date.fromisoformat(TODAY)))

    # The guarantee's page and its versions' pages.
    [home] = [g for g in site.guarantees if g.source == HOME]
    swedish = guarantee_pages(site)[paths.guarantee_page(home)].html
    assert '<h2 id="parkering">Parkering<a' in swedish and f"<p>{PARKING}</p>" in swedish
    assert '<h2 id="tillganglighet">Tillgänglighet<a' in swedish and f"<p>{ACCESS}</p>" in swedish
    # In the schema's order, after more information and before the contact.
    assert swedish.index("Parkering") < swedish.index("Tillgänglighet") < swedish.index('<h2 id="kontakt">')
    made = version_pages(site)
    [finnish] = [page.html for name, page in made.items() if "/suomeksi/" in name]
    [easy] = [page.html for name, page in made.items() if "/lattlast/" in name]
    assert (
        '<h2 id="esteettomyys">Esteettömyys<a' in finnish
        and f'<div class="garanti-text">\n<p>{ACCESS_FI}</p>' in finnish
    )
    assert '<h2 id="parkering"><span lang="sv">Parkering</span><a' in finnish
    assert f'<div class="garanti-text" lang="sv">\n<p>{PARKING}</p>' in finnish
    assert '<h2 id="tillganglighet">Tillgänglighet<a' in easy and f'<div class="garanti-text">\n<p>{ACCESS}</p>' in easy

    # The board paper: each guarantee and version as its page shows it; a changed field named by its title.
    repo = Repo.init(content_repo)
    repo.commit("Garantier 2026")
    appendix = paper.to_html(report.build_report(content_repo, "provstaden"))
    assert f"<p>{PARKING}</p>" in appendix and f"<p>{ACCESS}</p>" in appendix and f"<p>{ACCESS_FI}</p>" in appendix
    changed = report.compare([home], {home.slug: Guarantee(**{**vars(home), "extra": ()})})
    assert {"parking", "accessibility"} <= set(changed[0].fields)

    # The form: the guarantee's fields, and the Finnish version's, with the Swedish text beside it.
    config = form.config(site, form.FormSettings.of({}, {form.LOCAL_BACKEND_VARIABLE: "http://127.0.0.1:1"}, True))
    collections = {collection["name"]: collection for collection in config["decap"]["collections"]}
    unit_fields = {field["name"]: field for field in collections["provstaden-andra"]["fields"]}
    assert unit_fields["parking"]["label"] == "Parkering" and unit_fields["accessibility"]["label"] == "Tillgänglighet"
    for language in (FINNISH, EASY_SWEDISH):
        version_fields = {field["name"]: field for field in collections[f"provstaden-{language.key}"]["fields"]}
        assert version_fields["accessibility"]["svensk"] == "accessibility" and "parking" not in version_fields
    data = json.loads(form.language_data(site, site.board("provstaden")))
    unit = data["units"]["aldreomsorg/provstadens-hemtjanst"]
    assert unit["accessibility"] == ACCESS
    # The easy-to-read version's fingerprint is current in the form too (docs/redigera/sprak.js reads it).
    assert unit["earlier_fingerprints"] == [fields.swedish_text_of(home, 1)] != [unit["fingerprint"]]

    # The open data: the guarantee's fields, each version's wording, and the language version schema.
    record = opendata.record(site.view(home))
    assert (record["parking"], record["accessibility"]) == (PARKING, ACCESS)
    [row] = [row for row in csv.DictReader(io.StringIO(opendata.as_csv(site))) if row["unit"] == home.slug]
    assert (row["parking"], row["accessibility"]) == (PARKING, ACCESS)
    versions = json.loads(opendata.language_versions_json(site))
    assert [version["accessibility"] for version in versions] == [ACCESS_FI, None]
    published = json.loads(schemas.published_text(schemas.LANGUAGE_VERSION_SCHEMA))
    assert published["properties"]["accessibility"] == {"$ref": "guarantee.schema.json#/properties/accessibility"}


def test_a_real_build_of_a_copy_with_only_its_schema_file_edited_shows_the_fields(
    changed_schema, content_repo, tmp_path
):
    """The same fields in a real `mkdocs build` of a copy of the project (its package and site files beside
    provstaden's content), whose schema/guarantee.schema.json is the one file of the project edited: the
    pages and the open data files as the site publishes them."""
    copy_site_files(content_repo)
    shutil.copytree(REPO_ROOT / "src", content_repo / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    changed = changed_schema(_new_fields)
    (content_repo / "schema" / schemas.GUARANTEE_SCHEMA).write_text(
        json.dumps(changed, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    _with_new_fields(content_repo)
    out = tmp_path / "site"
    built = mkdocs_build(content_repo / "mkdocs.yml", out, PYTHONPATH=str(content_repo / "src"))
    assert built.returncode == 0, built.stderr
    unit = out / "provstaden" / "provstadens-hemtjanst"
    swedish, finnish, easy = (
        (unit / page / "index.html").read_text(encoding="utf-8") for page in ("", "suomeksi", "lattlast")
    )
    assert (
        '<h2 id="parkering">Parkering' in swedish and f"<p>{PARKING}</p>" in swedish and f"<p>{ACCESS}</p>" in swedish
    )
    assert '<h2 id="esteettomyys">Esteettömyys' in finnish and f"<p>{ACCESS_FI}</p>" in finnish
    assert f'<div class="garanti-text" lang="sv">\n<p>{PARKING}</p>' in finnish
    assert '<h2 id="tillganglighet">Tillgänglighet' in easy and f"<p>{ACCESS}</p>" in easy
    open_data = out / "oppna-data"
    [home] = [
        g
        for g in json.loads((open_data / "garantier.json").read_text(encoding="utf-8"))
        if g["unit"] == "provstadens-hemtjanst"
    ]
    assert (home["parking"], home["accessibility"]) == (PARKING, ACCESS)
    versions = json.loads((open_data / "sprakversioner.json").read_text(encoding="utf-8"))
    assert [version["accessibility"] for version in versions] == [ACCESS_FI, None]
    version_schema = json.loads((open_data / schemas.LANGUAGE_VERSION_SCHEMA).read_text(encoding="utf-8"))
    assert "accessibility" in version_schema["properties"] and "parking" not in version_schema["properties"]


def test_a_version_wording_a_field_its_guarantee_does_not_have_is_refused(changed_schema, content_repo):
    changed_schema(_new_fields)
    _with_new_fields(content_repo)
    edit(content_repo, HOME, f"\naccessibility: {ACCESS}", "")
    problems = [str(problem) for problem in check_tree(content_repo).problems]
    assert problems == [
        f"{FI}:9:1: Versionen på finska har tillgänglighet (accessibility), men garantin har det inte: {HOME}. "
        "Ta bort det ur versionen, eller skriv det i den svenska garantin först."
    ]


def test_a_version_wording_a_field_its_fingerprint_does_not_cover_is_refused(changed_schema, content_repo):
    """The easy-to-read version, written against the first fingerprint, words accessibility (marked since the
    second): a later change of the Swedish accessibility would not make it stale, so it is asked to write
    the newest fingerprint; written, it is current and words it."""
    changed_schema(_new_fields)
    _with_new_fields(content_repo)
    edit(content_repo, EASY, "\n---\nVi hjälper", "\naccessibility: Det finns en ramp.\n---\nVi hjälper")
    [home] = [g for g in check_tree(content_repo).corpus.guarantees if g.source == HOME]
    assert [str(problem) for problem in check_tree(content_repo).problems] == [
        f"{EASY}:8:1: Versionen på lättläst svenska har tillgänglighet (accessibility), men är skriven efter en "
        f"svensk text utan det (swedish_text). Kontrollera att versionen säger samma sak som {HOME} och skriv "
        f'sedan swedish_text: "{fields.swedish_text_of(home)}".'
    ]
    edit(content_repo, EASY, fields.swedish_text_of(home, 1), fields.swedish_text_of(home))
    result = check_tree(content_repo)
    assert result.problems == []
    [easy] = [version for version in result.corpus.language_versions if version.source == EASY]
    assert easy.current and easy.extra == (("accessibility", "Det finns en ramp."),)
