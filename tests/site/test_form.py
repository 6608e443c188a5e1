"""The editors' form's configuration is made from the schemas and each board.yml (issue 23, items 2, 4, 6).

Nothing of it is written per field: a field added to a schema appears in the form with
no other edit; every rule of a schema is a rule of the form, with the check's Swedish
words; the choices are the schema's and the boards'. The form's page has a strict
Content-Security-Policy, and no resident page loads any of the form.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import subprocess
from pathlib import Path

import pytest

from garanti import schemas
from garanti.content import check_tree
from garanti.layout import (
    CONTENT_DIR,
    FORM_DIR,
    is_follow_up_name,
    is_slug,
    split_follow_up_name,
    split_language_version_name,
)
from garanti.model import PRESCHOOL, Board
from garanti.site import form
from garanti.site.selection import Settings, Site

from ..helpers import REPO_ROOT, TODAY

SAMPLE = check_tree(REPO_ROOT).corpus
RULES = ("pattern", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems")


def _site(corpus=SAMPLE) -> Site:
    return Site(corpus, Settings(today=dt.date.fromisoformat(TODAY)))


def _preview_settings() -> form.FormSettings:
    return form.FormSettings.of({}, {form.LOCAL_BACKEND_VARIABLE: "http://127.0.0.1:8181/api/v1"}, preview=True)


def _collections(site: Site | None = None) -> dict[str, dict]:
    config = form.config(site or _site(), _preview_settings())
    return {collection["name"]: collection for collection in config["decap"]["collections"]}


def _fields(fields: list[dict]) -> dict[str, dict]:
    return {field["name"]: field for field in fields}


def _walk(fields: list[dict], at: str = ""):
    """Every field of a collection, nested ones too, with its path."""
    for field in fields:
        path = f"{at}.{field['name']}" if at else field["name"]
        yield path, field
        yield from _walk(field.get("fields", []), path)
        if "field" in field:
            yield from _walk([field["field"]], path)


def test_each_board_has_its_preschools_its_other_units_and_its_follow_ups():
    collections = _collections()
    for board in SAMPLE.boards.values():
        preschools, others = collections[f"{board.slug}-forskolor"], collections[f"{board.slug}-andra"]
        assert preschools["folder"] == others["folder"] == f"guarantees/{board.slug}"
        assert preschools["label"].startswith(board.display_name)
        assert preschools["filter"] == {"field": "samling", "value": "forskolor"}
        assert others["filter"] == {"field": "samling", "value": "andra"}
        assert f"{board.slug}-uppfoljning-2026" in collections


def test_every_field_of_the_guarantee_schema_is_in_the_form_under_its_schema_title():
    schema = schemas.load_schema(schemas.GUARANTEE_SCHEMA)
    for name in ("hagersten-liljeholmen-forskolor", "hagersten-liljeholmen-andra"):
        fields = _fields(_collections()[name]["fields"])
        for key, node in schema["properties"].items():
            if key == "draft":  # asked as "ready for the board"
                assert fields["klar"]["label"] == node["x-form-title"] == "Klar att lämnas till nämnden"
                continue
            title = node.get("title") or schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]["title"]
            assert fields[key]["label"] == title, key
        assert fields["body"]["label"] == schemas.body_name()


def test_a_field_added_to_the_schema_appears_in_the_form_with_no_other_edit(changed_schema):
    def add(schema):
        schema["properties"]["languages"] = {
            "title": "Språk",
            "description": "Språk som personalen talar med de boende.",
            "type": "array",
            "maxItems": 5,
            "items": {"title": "Språk", "type": "string", "maxLength": 40},
        }
        schema["$defs"]["contact"]["properties"]["parking"] = {
            "title": "Parkering",
            "description": "Var besökare kan parkera.",
            "type": "string",
            "maxLength": 200,
        }

    changed_schema(add)
    config = form.config(_site(), _preview_settings())
    fields = _fields(next(c for c in config["decap"]["collections"] if c["name"].endswith("-andra"))["fields"])
    languages = fields["languages"]
    assert languages["label"] == "Språk" and languages["hint"] == "Språk som personalen talar med de boende."
    assert languages["widget"] == "garanti-lista" and not languages["required"]
    assert {rule["kind"]: rule["limit"] for rule in languages["rules"]} == {"maxItems": 5}
    assert languages["field"]["rules"] == [
        {
            "kind": "maxLength",
            "limit": 40,
            "message": "Språk: texten är för lång ({length} tecken, högst 40). Korta texten.",
        }
    ]
    parking = _fields(fields["contact"]["fields"])["parking"]
    assert parking["label"] == "Parkering" and parking["widget"] == "garanti-rad"
    # The file format writes the new fields in the schema's order.
    order = config["formats"]["garanti"]["order"]
    assert order[""][-2:] == ["draft", "languages"] and order["contact"][-1] == "parking"


def _schema_rules(node: dict, title: str = ""):
    """(title, rule, limit) of every rule in a schema, nested ones and both branches of its allOf."""
    title = node.get("title", title)
    for kind in RULES:
        if kind in node:
            yield title, kind, node[kind]
    for child in node.get("properties", {}).values():
        yield from _schema_rules(child)
    if "items" in node:
        yield from _schema_rules(node["items"], title)
    for branch in node.get("allOf", ()):
        for part in ("then", "else"):
            yield from _schema_rules(branch.get(part, {}), title)


def _form_rules(collections: list[dict]):
    for collection in collections:
        for _, field in _walk(collection["fields"]):
            if "pattern" in field:  # Decap's own rule: [pattern, message]
                yield "pattern", field["pattern"][0]
            for rule in field.get("rules", ()):
                for one in rule.get("rules", [rule]):  # a preschool's commitments count their five lists together
                    if one["kind"] in RULES:
                        yield one["kind"], one["limit"]


def test_every_rule_of_the_schemas_is_a_rule_of_the_form():
    collections = list(_collections().values())
    made = set(_form_rules(collections))
    for name in (schemas.GUARANTEE_SCHEMA, schemas.FOLLOW_UP_SCHEMA):
        for title, kind, limit in _schema_rules(schemas.inlined(name)):
            assert (kind, limit) in made, (name, title, kind, limit)


def test_the_form_says_what_the_check_says():
    """The same value, refused by the check and by the form, gets the same words."""
    fields = _fields(_collections()["hagersten-liljeholmen-andra"]["fields"])
    long = "x" * 2001
    checked = [
        error.message
        for error in schemas.validate(schemas.GUARANTEE_SCHEMA, {"correction": long})
        if error.path == ("correction",)
    ]
    rule = next(rule for rule in fields["correction"]["rules"] if rule["kind"] == "maxLength")
    assert checked == [rule["message"].replace("{length}", "2001")]

    phone = _fields(fields["contact"]["fields"])["phone"]
    pattern = dict(zip(("limit", "message"), phone["pattern"], strict=True))  # Decap's own rule
    assert re.search(pattern["limit"], "08-508 22 000") and not re.search(pattern["limit"], "ring oss")
    assert pattern["message"] == "Telefon har fel form. Ett telefonnummer till arbetet, till exempel 08-508 22 000."

    contact = fields["contact"]
    assert contact["rules"] == [{"kind": "anyOf", "keys": ["phone", "email"], "message": schemas.ANY_OF_MESSAGE}]
    checked = [
        error.message
        for error in schemas.validate(schemas.GUARANTEE_SCHEMA, {"contact": {"address": "Gatan 1"}})
        if error.path == ("contact",)
    ]
    assert checked == [schemas.ANY_OF_MESSAGE]


def _units():
    return {(g.board, g.department, g.slug, g.service == PRESCHOOL) for g in SAMPLE.guarantees}


def test_choices_come_from_the_schema_and_the_boards():
    collections = _collections()
    for board in SAMPLE.boards.values():
        for kind in ("forskolor", "andra"):
            fields = _fields(collections[f"{board.slug}-{kind}"]["fields"])
            fitting = form.departments_for(board, _units(), preschool=kind == "forskolor")
            assert fields["avdelning"]["options"] == [{"label": name, "value": slug} for slug, name in fitting.items()]
            assert fields["avdelning"]["names"] == board.departments  # an existing file's shows whatever it is
            # complaints may be left out exactly when the board has a shared text
            assert fields["complaints"]["required"] is (not board.default_complaints)
        others = _fields(collections[f"{board.slug}-andra"]["fields"])
        assert others["service"]["options"] == [s for s in schemas.service_types() if s != PRESCHOOL]
        preschools = _fields(collections[f"{board.slug}-forskolor"]["fields"])
        assert preschools["service"] == {
            "name": "service",
            "label": "Verksamhet",
            "widget": "hidden",
            "default": PRESCHOOL,
        }
        # A preschool's commitments under the five curriculum areas, in the schema's order.
        assert [group["label"] for group in preschools["commitments"]["fields"]] == schemas.curriculum_areas()


def test_a_follow_up_lists_the_commitments_of_the_guarantee_of_its_year():
    site = _site()
    board = site.corpus.boards["hagersten-liljeholmen"]
    data = json.loads(form.follow_up_data(site, board, 2026))
    guarantees = {f"{g.department}/{g.slug}": g for g in site.guarantees if g.board == board.slug}
    assert data["units"]
    for unit, commitments in data["units"].items():
        expected = [
            {"commitment": c.text, **({"area": c.area} if c.area else {})} for c in guarantees[unit].commitments
        ]
        assert commitments == expected
    fields = _fields(_collections(site)["hagersten-liljeholmen-uppfoljning-2026"]["fields"])
    offered = {option["value"] for option in fields["enhet"]["options"]}
    done = {f"{f.department}/{f.unit}" for f in site.corpus.follow_ups if f.board == board.slug and f.year == 2026}
    assert offered == set(data["units"]) - done
    results = _fields(fields["results"]["fields"])
    assert results["result"]["options"] == ["uppfyllt", "delvis uppfyllt", "inte uppfyllt"]
    assert results["commitment"]["widget"] == results["area"]["widget"] == "garanti-las"
    assert fields["results"]["allow_add"] is fields["results"]["allow_remove"] is False
    counts = _fields(fields["corrections"]["fields"])["count"]
    assert counts["widget"] == "garanti-tal" and counts["value_type"] == "int"


def test_the_form_page_has_a_strict_policy():
    preview = form.content_security_policy(_preview_settings())
    published = form.content_security_policy(form.FormSettings({"name": "github", "repo": "stad/garantier"}))
    for policy in (preview, published):
        directives = dict(part.split(" ", 1) for part in policy.split("; "))
        assert directives["default-src"] == "'none'"
        assert directives["script-src"] == "'self' 'unsafe-eval'"  # Ajv in Decap: see content_security_policy
        assert directives["base-uri"] == "'none'" and directives["form-action"] == "'none'"
        assert directives["object-src"] == "'none'"
    assert "http://127.0.0.1:8181" in preview and "api.github.com" not in preview
    assert "https://api.github.com" in published and "127.0.0.1" not in published
    gitlab = form.content_security_policy(
        form.FormSettings(
            {
                "name": "gitlab",
                "repo": "stad/garantier",
                "base_url": "https://git.stockholm.se",
                "api_root": "https://git.stockholm.se/api/v4",
                "app_id": "abc",
            }
        )
    )
    assert "connect-src 'self' blob: https://git.stockholm.se;" in gitlab


def test_the_published_form_saves_to_the_git_host_with_the_editorial_workflow():
    published = form.FormSettings.of(
        {
            "name": "github",
            "repo": "stad/garantier",
            "branch": "main",
            "base_url": "https://inloggning.stockholm.se",
            "app_id": "",
        },
        {},
        preview=False,
    )
    config = form.config(_site(), published)["decap"]
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"] == {
        "name": "github",
        "repo": "stad/garantier",
        "branch": "main",
        "base_url": "https://inloggning.stockholm.se",
        "auth_scope": "public_repo",
        "commit_messages": form.COMMIT_MESSAGES,
    }
    assert "local_backend" not in config
    gitlab = form.config(
        _site(),
        form.FormSettings(
            {
                "name": "gitlab",
                "repo": "stad/garantier",
                "app_id": "abc",
                "base_url": "https://git.stockholm.se",
                "auth_scope": "repo",
            }
        ),
    )
    assert gitlab["decap"]["backend"]["auth_type"] == "pkce"
    assert "auth_scope" not in gitlab["decap"]["backend"]  # GitLab's sign-in asks for `api` itself


def test_commit_and_pull_request_titles_are_swedish_under_backend():
    """Decap reads commit_messages under `backend` only; at the top level it uses its English ones."""
    for settings in (_preview_settings(), form.FormSettings({"repo": "stad/garantier", "base_url": "https://in.se"})):
        config = form.config(_site(), settings)["decap"]
        assert "commit_messages" not in config
        messages = config["backend"]["commit_messages"]
        assert set(messages) == {"create", "update", "delete", "uploadMedia", "deleteMedia"}
        assert messages["create"] == "Formuläret: ny {{collection}}, {{path}}"


def test_the_sign_in_asks_for_the_narrowest_scope_unless_told_otherwise():
    github = {"name": "github", "repo": "stad/garantier", "base_url": "https://inloggning.stockholm.se"}
    assert form.config(_site(), form.FormSettings(github))["decap"]["backend"]["auth_scope"] == "public_repo"
    private = form.FormSettings.of({**github, "auth_scope": "repo"}, {}, preview=False)
    assert form.config(_site(), private)["decap"]["backend"]["auth_scope"] == "repo" and private.configured
    assert not form.FormSettings({**github, "auth_scope": "admin:org"}).configured  # Decap would refuse to start


@pytest.mark.parametrize(
    "backend",
    [
        {"repo": "stad/garantier"},  # GitHub without a sign-in service: Decap would send editors to Netlify's
        {"name": "github", "repo": "stad/garantier", "base_url": ""},
        {"name": "gitlab", "repo": "stad/garantier", "app_id": "abc"},  # no host: Decap would use gitlab.com
        {"name": "gitlab", "repo": "stad/garantier", "base_url": "https://git.stockholm.se"},  # no application
        {"base_url": "https://inloggning.stockholm.se"},  # no repository
    ],
)
def test_a_form_without_the_citys_own_sign_in_is_not_set_up(backend):
    settings = form.FormSettings.of(backend, {}, preview=False)
    assert not settings.configured
    page = form.files(_site(), form.FormSettings(settings.backend, modules=form.PROJECT_MODULES))[form.PAGE_FILE]
    assert "Formuläret är inte inställt" in page and "decap-cms.js" not in page


def test_without_its_packages_or_a_git_host_the_form_page_says_so():
    missing = form.FormSettings({}, "http://127.0.0.1:8181/api/v1", modules=None)
    made = form.files(_site(), missing)
    assert list(made) == [form.PAGE_FILE] and "Formuläret är inte installerat" in made[form.PAGE_FILE]
    assert form.copied_files(missing) == []
    unconfigured = form.FormSettings({}, None, modules=form.PROJECT_MODULES)
    assert "Formuläret är inte inställt" in form.files(_site(), unconfigured)[form.PAGE_FILE]


def test_no_resident_page_loads_any_of_the_form(preview_site: Path):
    assert (preview_site / "redigera" / "index.html").is_file()
    assert (preview_site / "redigera" / "decap" / "decap-cms.js").is_file()
    pages = [path for path in preview_site.rglob("*.html") if "redigera" not in path.relative_to(preview_site).parts]
    assert len(pages) > 40
    for path in pages:
        text = path.read_text(encoding="utf-8")
        scripts = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", text)
        assert not [src for src in scripts if "redigera" in src or "decap" in src], path
        assert "decap" not in text.lower(), path
    form_page = html.unescape((preview_site / "redigera" / "index.html").read_text(encoding="utf-8"))
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';' in form_page


def test_a_new_guarantee_starts_as_garanti_new_starts_it():
    """Next calendar year, and the board's shared contact to be replaced by the unit's own."""
    fields = _fields(_collections()["enskede-arsta-vantor-andra"]["fields"])
    valid = _fields(fields["valid"]["fields"])
    assert (valid["from"]["default"], valid["to"]["default"]) == ("2027-01-01", "2027-12-31")
    board = SAMPLE.boards["enskede-arsta-vantor"]
    contact = _fields(fields["contact"]["fields"])
    assert {key: field.get("default") for key, field in contact.items() if field.get("default")} == {
        key: value for key, value in vars(board.default_contact).items() if value
    }


def _options(collection: dict, name: str) -> dict[str, str]:
    return {option["value"]: option["label"] for option in _fields(collection["fields"])[name]["options"]}


def test_a_new_units_department_fits_its_kind():
    """Preschools go where preschools are, other units where other units are; an empty department takes either."""
    collections = _collections()
    preschools = _options(collections["hagersten-liljeholmen-forskolor"], "avdelning")
    others = _options(collections["hagersten-liljeholmen-andra"], "avdelning")
    assert "aldreomsorg" not in preschools and "forskola" in preschools
    assert {"aldreomsorg", "social-omsorg"} <= set(others)
    board = SAMPLE.boards["hagersten-liljeholmen"]
    new_board = Board(**{**vars(board), "slug": "ny-namnd"})  # a board's first year: no unit anywhere yet
    assert form.departments_for(new_board, _units(), preschool=True) == board.departments
    assert form.departments_for(new_board, _units(), preschool=False) == board.departments


def test_a_unit_with_a_follow_up_file_of_the_year_is_not_offered_a_second(tmp_path):
    """Any follow-up file where the form saves counts, whatever its state: a draft, one the check
    refuses, one not approved. Decap would write a second as <unit>-1.uppfoljning-<year>.yml."""
    site = _site()
    collection = _collections(site)["hagersten-liljeholmen-uppfoljning-2026"]
    offered = _options(collection, "enhet")
    unit = next(iter(offered))
    department, slug = unit.split("/")
    folder = tmp_path / "guarantees" / "hagersten-liljeholmen" / department
    folder.mkdir(parents=True)
    (folder / f"{slug}.uppfoljning-2026.yml").write_text("results: [oläsbar\n", encoding="utf-8")
    (folder / f"{slug}.uppfoljning-2025.yml").write_text("", encoding="utf-8")  # another year: no matter
    settings = form.FormSettings.of(
        {}, {form.LOCAL_BACKEND_VARIABLE: "http://127.0.0.1:8181/api/v1"}, preview=True, root=tmp_path
    )
    config = form.config(site, settings)["decap"]
    collection = next(c for c in config["collections"] if c["name"] == "hagersten-liljeholmen-uppfoljning-2026")
    assert set(_options(collection, "enhet")) == set(offered) - {unit}


def test_each_collection_says_where_the_pull_request_and_its_check_are():
    """Decap links to neither: the description says where they are on the git host."""
    github = form.config(_site(), form.FormSettings({"repo": "stad/garantier", "base_url": "https://in.se"}))
    gitlab = form.config(
        _site(),
        form.FormSettings(
            {"name": "gitlab", "repo": "stad/garantier", "app_id": "a", "base_url": "https://git.stockholm.se/"}
        ),
    )
    for config, place in (
        (github, "https://github.com/stad/garantier/pulls"),
        (gitlab, "https://git.stockholm.se/stad/garantier/-/merge_requests"),
    ):
        for collection in config["decap"]["collections"]:
            assert place in collection["description"] and "Kontroll" in collection["description"], collection["name"]
    assert "förhandsgranskningen" in _collections()["hagersten-liljeholmen-andra"]["description"]


def test_a_guarantee_says_beside_its_commitments_what_hangs_on_them():
    """Issue 31: a commitment changed without a word broke the follow-up and staled the versions."""
    collections = _collections()
    fields = collections["hagersten-liljeholmen-andra"]["fields"]
    names = [field["name"] for field in fields]
    assert names.index(form.DEPENDENTS_FIELD) == names.index("commitments") + 1
    dependents = _fields(fields)[form.DEPENDENTS_FIELD]
    assert dependents["units"]["aldreomsorg/liljeholmens-hemtjanst"] == {
        "years": [2026],
        "languages": ["finska", "lättläst svenska"],
    }
    assert "följer uppföljningen med i samma ändring" in dependents["follow_up"]  # the local back end does it
    grouped = _fields(collections["hagersten-liljeholmen-forskolor"]["fields"])[form.DEPENDENTS_FIELD]
    assert grouped["units"]["forskola/vastertorps-forskolor"] == {"years": [2026], "languages": []}
    published = form.FormSettings.of(
        {"name": "github", "repo": "stad/garantier", "base_url": "https://auth.example"}, {}, preview=False
    )
    on_the_host = {c["name"]: c for c in form.config(_site(), published)["decap"]["collections"]}
    words = _fields(on_the_host["hagersten-liljeholmen-andra"]["fields"])[form.DEPENDENTS_FIELD]["follow_up"]
    assert "följer uppföljningen med på ditt förslag" in words and "Files changed" in words  # the host's workflow
    assert "i samma ändring" not in words and "--uppdatera" not in words


# The form reads a path with the parts Python gives it (form/places.py), in the page and in the local back end.
READ_PLACES = """
const [script, places, paths] = process.argv.slice(1);
const { placeOf } = await import(script);
console.log(JSON.stringify(JSON.parse(paths).map(path => placeOf(path, JSON.parse(places)))));
"""


def _python_place(path: str) -> dict | None:
    """What the layout says of a path the form may write: guarantees/<board>/<department>/<file>."""
    parts = path.split("/")
    if len(parts) != 4 or parts[0] != CONTENT_DIR or not all(is_slug(part) for part in parts[1:3]):
        return None
    name = parts[3]
    if is_follow_up_name(name):
        unit, year = split_follow_up_name(name)
        kind = "follow_up" if year is not None else None
    elif (version := split_language_version_name(name)) is not None:
        unit, kind = version[0], "version" if version[1] is not None else None
    else:
        unit, kind = name.removesuffix(".md"), "guarantee" if name.endswith(".md") else None
    if kind is None or not is_slug(unit):
        return None
    return {"board": parts[1], "department": parts[2], "unit": unit, "kind": kind}


def test_the_form_reads_a_files_place_as_the_layout_does():
    sample = [path.relative_to(REPO_ROOT).as_posix() for path in (REPO_ROOT / CONTENT_DIR).rglob("*.*")]
    odd = [
        "guarantees/provstaden/aldreomsorg/x.de.md",
        "guarantees/provstaden/aldreomsorg/x.uppfoljning-26.yml",
        "guarantees/provstaden/aldreomsorg/X.md",
        "guarantees/provstaden/../x.md",
        "guarantees/provstaden/board.yml",
        "docs/provstaden/aldreomsorg/x.md",
        "guarantees/provstaden/aldreomsorg/x.lattlast.md",
    ]
    paths = sample + odd
    ran = subprocess.run(
        [
            "node",
            "--input-type=module",
            "-e",
            READ_PLACES,
            "--",
            str(REPO_ROOT / "docs" / FORM_DIR / "platser.js"),
            json.dumps(form.formats()["places"]),
            json.dumps(paths),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    read = dict(zip(paths, json.loads(ran.stdout), strict=True))
    assert read == {path: _python_place(path) for path in paths}
    kinds = {place["kind"] for place in read.values() if place}
    assert kinds == {"guarantee", "follow_up", "version"}
