"""Unit addresses made by python-slugify (issue 35, item 4): every address made before stays as it
was, and the letters the hand-written code dropped (ø, ß, ł, æ) become readable ASCII."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import unicodedata
from collections.abc import Iterator

import pytest
import yaml

from garanti.layout import CONTENT_DIR, FORM_DIR, is_slug, slugify
from garanti.site.form import PROJECT_MODULES, formats

from ..helpers import REPO_ROOT


def slug_before(name: str) -> str:
    """The hand-written slugify this project used until python-slugify, frozen as it was."""
    spaced = re.sub(r"[^\w]++|_", " ", name.lower())
    ascii_name = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]++", "-", ascii_name).strip("-")


def spelled_whole_before(name: str) -> bool:
    """Whether the code before spelled every letter and digit of the name (an accent removed at most):
    a sign between words only separated them, so only a dropped letter may change an address."""
    return all(
        unicodedata.normalize("NFKD", char).encode("ascii", "ignore").isalnum()
        and all(
            part.isascii() or unicodedata.category(part).startswith("M") for part in unicodedata.normalize("NFKD", char)
        )
        for char in name
        if re.fullmatch(r"\w", char) and char != "_"
    )


def strings_in(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key)
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def sample_names() -> set[str]:
    """Every file and folder name of the sample content and every text in its YAML and front matter
    (boards, departments, places, units' titles)."""
    names: set[str] = set()
    for path in (REPO_ROOT / CONTENT_DIR).rglob("*"):
        names.add(path.name.split(".")[0])
        if path.suffix == ".yml":
            names.update(strings_in(yaml.safe_load(path.read_text(encoding="utf-8"))))
        elif path.suffix == ".md" and path.read_text(encoding="utf-8").startswith("---"):
            names.update(strings_in(yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])))
    return {name for name in names if name and len(name) < 200}


def schema_names() -> set[str]:
    """Every text in the schemas: the services and curriculum areas whose pages and fields are named by slugify."""
    return {
        name
        for path in (REPO_ROOT / "schema").glob("*.json")
        for name in strings_in(json.loads(path.read_text(encoding="utf-8")))
        if name and len(name) < 200
    }


def test_names() -> set[str]:
    """Every one-line string written in the tests: the unit, board and file names among them."""
    found: set[str] = set()
    for path in (REPO_ROOT / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "\n" not in node.value:
                found.add(node.value)
    return {name for name in found if name and len(name) < 200}


test_names.__test__ = False  # a collector, not a test


def test_every_sample_file_name_is_its_own_slug():
    stems = {
        path.name.split(".")[0]
        for path in (REPO_ROOT / CONTENT_DIR).rglob("*")
        if path.name not in {"README.md", ".gitkeep"}
    }
    assert len(stems) > 30
    for stem in stems:
        assert is_slug(stem) and slugify(stem) == stem, stem


@pytest.mark.parametrize(
    "names",
    [sample_names, schema_names, test_names],
    ids=["sample content", "the schemas' services and areas", "names in the tests"],
)
def test_every_address_made_before_is_unchanged(names):
    compared = [name for name in names() if spelled_whole_before(name)]
    assert len(compared) > 100
    changed = {name: (slug_before(name), slugify(name)) for name in compared if slugify(name) != slug_before(name)}
    assert changed == {}


def test_the_sample_content_is_swedish_enough_to_matter():
    names = sample_names()
    assert {"Hägersten-Liljeholmens stadsdelsnämnd", "Örnsberg", "Årstadal"} <= names
    assert {"hemtjänst", "förskola"} <= schema_names()
    assert slugify("Hägersten-Liljeholmens stadsdelsnämnd") == "hagersten-liljeholmens-stadsdelsnamnd"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Søder", "soder"),
        ("Sødermalms förskola", "sodermalms-forskola"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("Æblegården", "aeblegarden"),
        ("Årsta 2 Förskolor", "arsta-2-forskolor"),
        ("Café Müller – Öst", "cafe-muller-ost"),
        ("§ 14, 2,5 timmar", "14-2-5-timmar"),
    ],
)
def test_letters_the_code_before_dropped_are_readable_ascii(name, slug):
    assert slugify(name) == slug
    assert is_slug(slug)


def test_the_code_before_dropped_those_letters():
    assert slug_before("Søder") == "sder" and not spelled_whole_before("Søder")
    assert spelled_whole_before("Årsta–Enskede § 14")


# The form names a new unit's file in the browser, by the letters slugify spells (config.json's rule,
# garanti.site.form.places: platser.js slugOf); Decap's own letters (the "diacritics" package) no longer do.
FORM_AND_DECAP_SLUGS = """
const [script, modules, names, rule] = process.argv.slice(1);
const { slugOf } = await import(script);
const { remove } = (await import(`${modules}/diacritics/index.js`)).default;
const spelled = JSON.parse(names).map(name => [slugOf(name, JSON.parse(rule)), remove(name).toLowerCase()]);
console.log(JSON.stringify(spelled));
"""
# Names the form's rule and slugify could tell apart: apostrophes, underscores, dashes, digits, spaces.
HARD_NAMES = [
    "Bagarn's förskola",
    "Förskolan Ängens_Gård",
    "O'Learys  hus -- 2",
    "Café Müller – Öst 3½",
    "Förskolan Éclair 12",
    "Åsa’s hem_tjänst",
    "ÅÄÖ åäö é ü",
    "  - Ugglan 7 -  ",
    "Nr. 1, 2,5 timmar",
]


def test_the_form_names_a_new_unit_as_garanti_new_does():
    titles = sorted(
        {
            name
            for name in sample_names()
            if " " in name and len(name) < 60 and spelled_whole_before(name) and re.fullmatch(r"[\w ,–-]+", name)
        }
    )
    names = titles + ["Søder", "Sødermalms förskola", "Straße", "Łódź", "Æblegården", "Đurđevac", "Œuvre", *HARD_NAMES]
    assert len(titles) > 20
    ran = subprocess.run(
        [
            "node",
            "--input-type=module",
            "-e",
            FORM_AND_DECAP_SLUGS,
            "--",
            str(REPO_ROOT / "docs" / FORM_DIR / "platser.js"),
            str(PROJECT_MODULES),
            json.dumps(names),
            json.dumps(formats()["slug"]),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    for name, (form, decap) in zip(names, json.loads(ran.stdout), strict=True):
        assert form == slugify(name), name
        assert slugify(decap) == slugify(name), name  # Decap's letters, the rest of its rules aside
