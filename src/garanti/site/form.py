"""The editors' form at /redigera/: Decap CMS, configured from the schemas and each board.yml.

Nothing here is written per field. The collections, their fields, Swedish labels
and help texts, choices and rules come from schema/ (titles, descriptions, enums,
patterns, lengths, list sizes, required) and from the boards (departments, and a
shared complaints text that makes the unit's own optional), so that a field added
to a schema appears in the form with no other edit. Where the form needs other
words than a file does (the draft flag reads "ready for the board"; nobody types
quotes around a phone number there), the schema says so itself in `x-form-title`
and `x-form-description`.

Per board where it saves (every board of the working tree in a preview; every board on main when
published, approved or not: SavedTree) the form has four kinds of collection, all over guarantees/<board>:
its preschools (commitments grouped under the five curriculum areas), its other
units (commitments as one list), one per year of follow-ups, whose commitments
come from the guarantee of that year as `garanti uppfoljning` takes them, and one per
language of languages.LANGUAGES (<unit>.<key>.md), each field with the Swedish text beside it and
the fingerprint of that text (fields.swedish_text_of) filled in. What the follow-ups and the versions
take from the guarantees is handed to the page in data files made here (redigera/uppfoljning/,
redigera/sprakversioner/), from the guarantees the build knows: the working tree in the preview,
the approved versions when published. docs/redigera/ holds the form's own script (the file format,
the widgets that apply these rules, the Swedish words Decap lacks; sprak.js for the versions); Decap's bundle
and the yaml library are copied from redigera/node_modules at build time.

Only the form's own page loads any of it: /redigera/ is a page of its own with a
strict Content-Security-Policy (see `content_security_policy`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from .. import fields as texts
from .. import schemas
from ..approval import earlier_texts
from ..content import check_tree, covers
from ..content.language_versions import SWEDISH_TEXT, EarlierTexts, changed_parts
from ..languages import LANGUAGES, Language
from ..layout import (
    CONTENT_DIR,
    FORM_DIR,
    is_follow_up_name,
    slugify,
    split_follow_up_name,
    split_language_version_name,
)
from ..model import HOURS_FIELDS, PRESCHOOL, Board, Guarantee
from ..wording import sort_key
from .selection import Site

CONFIG_FILE = f"{FORM_DIR}/config.json"
PAGE_FILE = f"{FORM_DIR}/index.html"
DECAP_DIR = f"{FORM_DIR}/decap"
YAML_DIR = f"{FORM_DIR}/yaml"
FOLLOW_UP_DATA_DIR = f"{FORM_DIR}/uppfoljning"
LANGUAGE_DATA_DIR = f"{FORM_DIR}/sprakversioner"

# Where the local back end (redigera/server.mjs, started by ./scripts/preview) listens; a preview only.
LOCAL_BACKEND_VARIABLE = "GARANTI_REDIGERA_LOKALT"
DEFAULT_LOCAL_BACKEND = "http://127.0.0.1:8081/api/v1"
# The preview's secret for the local back end: it answers only requests that carry it, and only
# the form's page gets it (config.json), so no page of another site can save through it (a program on
# the machine could read it as the page does, and then write only the form's files: redigera/server.mjs).
LOCAL_KEY_VARIABLE = "GARANTI_REDIGERA_NYCKEL"
# What the form needs of main, which it saves to, when published (garanti publish: publishing.form_data):
# a content root with main's board.yml files, and SAVED_UNITS_FILE. The site shows only approved content,
# but the form edits main: its boards (a board's first year has no approval yet), which departments hold
# which kind of unit, and its follow-up files (drafts and unapproved ones too).
SAVED_TREE_VARIABLE = "GARANTI_REDIGERA_MAIN"
# {"units": [[board, department, unit, preschool]], "follow_ups": [[board, department, unit, year]],
#  "versions": [[board, department, unit, language key]]}
SAVED_UNITS_FILE = "enheter.json"
# Where the form's Node packages are: redigera/node_modules of the checkout, unless the build runs
# elsewhere (garanti publish builds a staged tree, which has no node_modules).
MODULES_VARIABLE = "GARANTI_REDIGERA_MODULER"
PROJECT_MODULES = Path(__file__).resolve().parents[3] / FORM_DIR / "node_modules"

# The form's own fields, beside the schema's: where a new file goes. They are not written into it.
DEPARTMENT_FIELD = "avdelning"  # a new guarantee's department folder
UNIT_FIELD = "enhet"  # a new follow-up's unit, "department/unit"
UNIT_FILE_FIELD = "enhetsfil"  # the unit's slug, taken from UNIT_FIELD when saving (path templates take no "/")
READY_FIELD = "klar"  # the draft flag as the form asks it: ready for the board (draft: true when not)
# Which of a board's two guarantee collections a file is listed in: docs/redigera/format.js marks each
# file it reads with PRESCHOOLS or OTHERS in COLLECTION_FIELD, and each collection filters on it.
COLLECTION_FIELD, PRESCHOOLS, OTHERS = "samling", "forskolor", "andra"
BODY_FIELD = "body"  # the text after the front matter (the verksamhetsidé)
BODY_BEFORE = "commitments"  # the body stands before the commitments, as on the guarantee's page
# Fields written in double quotes, as the guides write them ("Telefonnummer inom citattecken").
QUOTED = (("contact", "phone"),)
# A text longer than this gets a text area.
SHORT_TEXT = 300
# Follow-ups of how many years back the form offers, besides this year.
FOLLOW_UP_YEARS_BACK = 1
# What the GitHub sign-in asks for (Decap's auth_scope, which allows only these two): write access to
# public repositories is all a public project needs; `repo` (every repository the editor can reach,
# private ones too) only when the project's repository is private (INLOGGNING.md).
AUTH_SCOPES = ("public_repo", "repo")
DEFAULT_AUTH_SCOPE = "public_repo"
# Each save is a commit, and its pull request is titled by the first: in Swedish, for the reviewers.
COMMIT_MESSAGES = {
    "create": "Formuläret: ny {{collection}}, {{path}}",
    "update": "Formuläret: {{collection}} ändrad, {{path}}",
    "delete": "Formuläret: {{collection}} borttagen, {{path}}",
    "uploadMedia": "Formuläret: fil {{path}}",
    "deleteMedia": "Formuläret: fil {{path}} borttagen",
}


@dataclass(frozen=True)
class FormSettings:
    """Where the form saves. `backend` is the git host's (mkdocs.yml, extra.redigera), used
    when published; a preview uses the local back end at `local_backend` instead."""

    backend: Mapping[str, str] = field(default_factory=dict)
    local_backend: str | None = None
    local_key: str | None = None
    modules: Path | None = None
    # The content root the form saves to (SavedTree): the working tree in a preview, main when published.
    saved_tree: Path | None = None

    @classmethod
    def of(
        cls, extra: Mapping | None, environ: Mapping[str, str], preview: bool, root: Path | None = None
    ) -> FormSettings:
        """`root`: the tree built, which a preview's form saves to (a published form saves to main)."""
        backend = {str(key): str(value) for key, value in (extra or {}).items() if value not in (None, "")}
        local = (environ.get(LOCAL_BACKEND_VARIABLE) or DEFAULT_LOCAL_BACKEND) if preview else None
        modules = Path(environ[MODULES_VARIABLE]) if environ.get(MODULES_VARIABLE) else PROJECT_MODULES
        key = environ.get(LOCAL_KEY_VARIABLE) if preview else None
        main = environ.get(SAVED_TREE_VARIABLE)
        saved = root if preview else Path(main) if main else None
        return cls(backend, local, key or None, modules if modules.is_dir() else None, saved)

    @property
    def installed(self) -> bool:
        return self.modules is not None and (self.modules / "decap-cms" / "dist" / "decap-cms.js").is_file()

    @property
    def configured(self) -> bool:
        """Whether the form has somewhere to save: the local back end, or a git host with a repository
        and the city's own sign-in (INLOGGNING.md). Decap's defaults for the sign-in are outside
        services (Netlify's for GitHub, gitlab.com for GitLab): a form built without one says it is not
        set up, rather than send the editor's sign-in there."""
        if self.local_backend:
            return True
        backend = self.backend
        name = backend.get("name", "github")
        if not backend.get("repo") or not backend.get("base_url"):
            return False
        if name == "github":
            return backend.get("auth_scope", DEFAULT_AUTH_SCOPE) in AUTH_SCOPES
        return name == "gitlab" and bool(backend.get("app_id"))


@dataclass(frozen=True)
class SavedTree:
    """What guarantees/ holds where the form saves: the boards it offers, the guarantees that tell which
    departments hold which kind of unit, and the follow-up files there, whatever their state (a draft,
    one the check refuses, one not yet approved): a unit that has one is not offered a second, which
    Decap would write as <unit>-1.uppfoljning-<year>.yml."""

    boards: list[Board]
    units: frozenset[tuple[str, str, str, bool]]  # (board, department, unit, a preschool)
    follow_ups: frozenset[tuple[str, str, str, int]]  # (board, department, unit, year)
    # (board, department, unit, language key) of each language version file there, whatever its state
    versions: frozenset[tuple[str, str, str, str]] = frozenset()

    @classmethod
    def of(cls, site: Site, settings: FormSettings) -> SavedTree:
        tree = settings.saved_tree
        known = {(f.board, f.department, f.unit, f.year) for f in site.corpus.follow_ups}
        written = {(v.board, v.department, v.unit, v.language.key) for v in site.corpus.language_versions}
        if tree is not None and not site.preview and (tree / SAVED_UNITS_FILE).is_file():  # main's
            boards = sorted(check_tree(tree).corpus.boards.values(), key=lambda board: sort_key(board.display_name))
            data = json.loads((tree / SAVED_UNITS_FILE).read_text(encoding="utf-8"))
            units = {(board, department, unit, bool(preschool)) for board, department, unit, preschool in data["units"]}
            follow_ups = {(board, department, unit, int(year)) for board, department, unit, year in data["follow_ups"]}
            versions = {tuple(version) for version in data.get("versions", ())}
            return cls(boards, frozenset(units), frozenset(known | follow_ups), frozenset(versions | written))
        # The preview's working tree; or a publication built without main's data: what the site has.
        units = {(g.board, g.department, g.slug, g.service == PRESCHOOL) for g in site.corpus.guarantees}
        files = _follow_up_files(tree) if tree is not None and site.preview else set()
        versions = _version_files(tree) if tree is not None and site.preview else set()
        return cls(site.boards, frozenset(units), frozenset(known | files), frozenset(written | versions))

    def follow_ups_of(self, board: Board, year: int) -> set[tuple[str, str]]:
        """The (department, unit) of each follow-up of the board's `year` there."""
        return {
            (department, unit) for slug, department, unit, of in self.follow_ups if slug == board.slug and of == year
        }

    def versions_of(self, board: Board, language: Language) -> set[tuple[str, str]]:
        """The (department, unit) of each of the board's versions in `language` there."""
        return {
            (department, unit)
            for slug, department, unit, key in self.versions
            if slug == board.slug and key == language.key
        }


def _version_files(tree: Path) -> set[tuple[str, str, str, str]]:
    found = set()
    for path in (tree / CONTENT_DIR).glob("*/*/*.*.md"):
        split = split_language_version_name(path.name)
        if split and split[1] is not None:
            found.add((path.parent.parent.name, path.parent.name, split[0], split[1].key))
    return found


def _follow_up_files(tree: Path) -> set[tuple[str, str, str, int]]:
    found = set()
    for path in (tree / CONTENT_DIR).glob("*/*/*"):
        unit, year = split_follow_up_name(path.name) if is_follow_up_name(path.name) else ("", None)
        if year is not None:
            found.add((path.parent.parent.name, path.parent.name, unit, year))
    return found


# --- the page -------------------------------------------------------------------


def content_security_policy(settings: FormSettings) -> str:
    """The form page's policy: only its own files, and only the back end it saves to.

    Two relaxations, both forced by Decap CMS and both kept to this page:
    - script-src 'unsafe-eval': Decap validates its configuration with Ajv, which compiles
      each schema into a function (new Function); without it the form does not start.
      No inline script runs ('unsafe-inline' is not given), and every script is our own file.
    - style-src 'unsafe-inline': Decap styles itself with Emotion, which writes <style>
      elements at run time. Styles cannot run code.
    connect-src blob: lets Decap read back what it holds in the page's own memory (an entry
    being saved); a blob: address is made by the page itself and names nothing elsewhere.
    """
    connect = ["'self'", "blob:", *sorted(_origins(settings))]
    images = ["'self'", "data:", "blob:", *sorted(_image_origins(settings))]
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            f"connect-src {' '.join(connect)}",
            f"img-src {' '.join(images)}",
            "font-src 'self'",
            "manifest-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "object-src 'none'",
        ]
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _origins(settings: FormSettings) -> set[str]:
    """Where the form's requests go besides its own site: the local back end, or the git host's API."""
    if settings.local_backend:
        return {_origin(settings.local_backend)}
    backend = settings.backend
    name = backend.get("name", "github")
    if name == "github":
        return {_origin(backend.get("api_root", "https://api.github.com"))}
    if name == "gitlab":
        origins = {_origin(backend.get("api_root", "https://gitlab.com/api/v4"))}
        if backend.get("base_url"):  # PKCE: the token is fetched from the GitLab host itself
            origins.add(_origin(backend["base_url"]))
        return origins
    return set()


def _image_origins(settings: FormSettings) -> set[str]:
    """The signed-in editor's picture in the form's header comes from the git host."""
    if settings.local_backend or settings.backend.get("name", "github") != "github":
        return set()
    return {"https://avatars.githubusercontent.com"}


# --- the configuration -------------------------------------------------------------


def config(site: Site, settings: FormSettings, saved: SavedTree | None = None) -> dict:
    """What docs/redigera/garanti.js starts Decap with (`decap`), and what its file format needs
    to write the files the guides describe (`formats`)."""
    saved = saved or SavedTree.of(site, settings)
    decap: dict = {
        "load_config_file": False,
        "locale": "sv",
        "publish_mode": "editorial_workflow",
        "backend": _backend(settings),
        # Guarantees have no pictures; Decap wants a folder all the same, and never writes one here.
        "media_folder": f"{FORM_DIR}/bilder",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "editor": {"preview": False},  # the preview is the site's own (./scripts/preview, the pull request's)
        "show_preview_links": False,
        "collections": list(collections(site, saved, review_place(settings), local=bool(settings.local_backend))),
    }
    made = {"decap": decap, "formats": formats()}
    if settings.local_backend:
        decap["local_backend"] = {"url": settings.local_backend, "allowed_hosts": ["127.0.0.1", "localhost"]}
        made["local"] = {"url": settings.local_backend, "key": settings.local_key or ""}
    return made


def _backend(settings: FormSettings) -> dict:
    # Decap reads commit_messages under backend only (at the top level they are ignored, silently).
    backend = {"name": "github", "branch": "main", **settings.backend, "commit_messages": COMMIT_MESSAGES}
    if backend["name"] == "github":
        backend.setdefault("auth_scope", DEFAULT_AUTH_SCOPE)
    else:
        backend.pop("auth_scope", None)  # GitLab's sign-in asks for `api`, its own; Decap allows no other here
    if backend["name"] == "gitlab" and "app_id" in backend:
        backend.setdefault("auth_type", "pkce")
    return backend


def collections(site: Site, saved: SavedTree, review: str = "", local: bool = False) -> Iterator[dict]:
    """Per board where the form saves (every board on main, approved or not): its preschools, its
    other units, its follow-ups of each year the form offers, and its versions in each language. `review`: where the editor finds
    their pull request and its check (review_place), said in each collection's description."""
    for board in saved.boards:
        place = board.display_name
        year = site.today.year + 1  # a new unit's guarantee is for next year, as garanti new makes it
        for preschool, kind, label, singular in (
            (True, PRESCHOOLS, "förskolor", "förskola"),
            (False, OTHERS, "andra verksamheter", "garanti"),
        ):
            departments = departments_for(board, saved.units, preschool)
            made = _guarantee_collection(
                board,
                f"{board.slug}-{kind}",
                f"{place}: {label}",
                singular,
                preschool=preschool,
                year=year,
                departments=departments,
            )
            made["fields"] = _with_dependents(made["fields"], dependents_field(board, saved, local))
            yield {**made, "description": f"{made['description']} {review}".strip()}
        for year in follow_up_years(site, board, saved):
            made = _follow_up_collection(site, board, year, saved)
            yield {**made, "description": f"{made['description']} {review}".strip()}
        for language in LANGUAGES:
            made = _language_collection(site, board, language, saved)
            yield {**made, "description": f"{made['description']} {review}".strip()}


# Shown beside a guarantee's commitments: what depends on them (issue 31: no dead end).
DEPENDENTS_FIELD = "hanger_ihop"


def dependents_field(board: Board, saved: SavedTree, local: bool) -> dict:
    """What hangs on a guarantee's commitments, said before saving: each unit's follow-ups (by year;
    the page says those of the years the guarantee covers) and its language versions. In the preview
    the local back end brings a follow-up along in the same save (editing/follow_along.py); on the git
    host the workflow "Uppföljningen följer med" brings it along onto the save's branch just after
    (.github/workflows/uppfoljning.yml, the same rule), where the editor sees it in the pull request."""
    units: dict[str, dict[str, list]] = {}
    for slug, department, unit, year in saved.follow_ups:
        if slug == board.slug:
            units.setdefault(f"{department}/{unit}", {"years": [], "languages": []})["years"].append(year)
    names = {language.key: language.name for language in LANGUAGES}
    for slug, department, unit, key in saved.versions:
        if slug == board.slug and key in names:
            units.setdefault(f"{department}/{unit}", {"years": [], "languages": []})["languages"].append(names[key])
    for found in units.values():
        found["years"].sort()
        found["languages"].sort()
    units = dict(sorted(units.items()))  # the same config.json from the same tree (sets have no order)
    along = (
        "Ändrar du ett åtagande följer uppföljningen med i samma ändring: åtagandena hämtas ur garantin, "
        "resultaten står kvar där åtagandet inte ändras, och ett nytt eller ändrat åtagande får tomt resultat "
        "(uppföljningen blir då ett utkast tills det är ifyllt)."
        if local
        else "Ändrar du ett åtagande följer uppföljningen med på ditt förslag en liten stund efter att du har "
        "sparat: åtagandena hämtas ur garantin, resultaten står kvar där åtagandet inte ändras, och ett nytt "
        "eller ändrat åtagande får tomt resultat (uppföljningen blir då ett utkast). Det syns inte här utan i "
        "förslaget på git-tjänsten, under Files changed; resultatet fyller du i när förslaget har tagits in. "
        "En uppföljning med en egen ändring som väntar följer inte med: be granskaren ta in den först."
    )
    return {
        "name": DEPENDENTS_FIELD,
        "label": "Det här hänger ihop med åtagandena",
        "widget": "garanti-beroenden",
        "required": True,
        "units": units,  # nothing to fill in (it reads as filled), and no "frivilligt"
        "follow_up": "Garantin har en uppföljning för {years}. " + along,
        "languages": "Garantin finns också på {languages}. När du ändrar garantins text behöver de versionerna "
        "ändras likadant; tills dess publiceras de inte, och formuläret visar dem som inaktuella.",
        "none": "Inga uppföljningar eller språkversioner hänger ihop med den här garantin.",
    }


def _with_dependents(fields: list[dict], dependents: dict) -> list[dict]:
    at = next((i for i, field in enumerate(fields) if field["name"] == "commitments"), len(fields) - 1)
    return [*fields[: at + 1], dependents, *fields[at + 1 :]]


def review_place(settings: FormSettings) -> str:
    """Where an editor finds the pull request a save made, and the check's result on it. Decap shows
    neither: its workflow has no link to the pull request, and its only link from there ("deploy
    preview") reads commit statuses, which GitHub Actions' checks are not."""
    if settings.local_backend:
        return (
            "Här i förhandsgranskningen blir varje sparning en gren i din kopia av projektet; "
            "förhandsgranskningen visar den direkt."
        )
    backend = settings.backend
    repo = backend.get("repo", "")
    if backend.get("name", "github") == "github" and "api_root" not in backend:
        where = f"https://github.com/{repo}/pulls"
    elif backend.get("name") == "gitlab" and backend.get("base_url"):
        where = f"{backend['base_url'].rstrip('/')}/{repo}/-/merge_requests"
    else:
        where = "projektets sida på git-tjänsten, under Pull requests"
    return (
        f"Förslaget och kontrollens besked (Kontroll) finns på {where}: förslaget heter som din ändring, "
        'till exempel "Formuläret: ny förskola, …".'
    )


def departments_for(board: Board, units: Iterable[tuple[str, str, str, bool]], preschool: bool) -> dict[str, str]:
    """The departments a new preschool (or other unit) may be put in: those that already hold one,
    and those that hold no unit yet (a new department, or a board's first year). board.yml says
    nothing of what a department is for; its units do. A board none of whose departments fits has
    none to offer: its secretary adds the department to board.yml (REDIGERA.md)."""
    kinds: dict[str, set[bool]] = {}
    for slug, department, _, a_preschool in units:
        if slug == board.slug:
            kinds.setdefault(department, set()).add(a_preschool)
    fitting = {slug: name for slug, name in board.departments.items() if preschool in kinds.get(slug, {preschool})}
    return fitting


def _folder(board: Board) -> str:
    return f"{CONTENT_DIR}/{board.slug}"


def _guarantee_collection(
    board: Board, name: str, label: str, singular: str, preschool: bool, year: int, departments: dict[str, str]
) -> dict:
    return {
        "name": name,
        "label": label,
        "label_singular": singular,
        "description": _collection_description(board, preschool),
        "folder": _folder(board),
        # A new unit's file: guarantees/<board>/<department>/<slug of its name>.md
        "path": "{{" + DEPARTMENT_FIELD + "}}/{{slug}}",
        "extension": "md",
        "format": "garanti",
        "create": True,
        "delete": False,  # a unit is removed by pull request, with the board's decision
        "identifier_field": "title",
        "summary": "{{title}}",
        "sortable_fields": ["title"],
        "filter": {"field": COLLECTION_FIELD, "value": PRESCHOOLS if preschool else OTHERS},
        "fields": guarantee_fields(board, preschool, year, departments),
    }


def _collection_description(board: Board, preschool: bool) -> str:
    what = "förskolornas" if preschool else "de andra verksamheternas"
    return f"{board.name}: {what} kvalitetsgarantier. Varje garanti blir en pull request som granskas innan den tas in."


def guarantee_fields(board: Board, preschool: bool, year: int, departments: dict[str, str] | None = None) -> list[dict]:
    """The fields of a board's guarantee (a preschool's, or another unit's); a new one starts in `year`,
    in one of `departments` (default: all the board's)."""
    schema = schemas.inlined(schemas.GUARANTEE_SCHEMA)
    properties = _properties_when(schema, {"service": PRESCHOOL} if preschool else {})
    required = set(schema.get("required", ()))
    if board.default_complaints:
        required.discard("complaints")  # the board's shared text stands in (CONTRIBUTING.md)
    offered = board.departments if departments is None else departments
    options = [{"label": name, "value": slug} for slug, name in offered.items()]
    fields = [
        _place_field(
            DEPARTMENT_FIELD,
            "Avdelning",
            "Avdelningen enheten hör till, ur nämndens board.yml. "
            "Den bestämmer var filen sparas och kan inte ändras här.",
            options,
            dict(board.departments),
        )
    ]
    body = schemas.load_schema(schemas.GUARANTEE_SCHEMA)["$defs"]["body"]
    for name, node in properties.items():
        if name == BODY_BEFORE:
            fields.append(_field(BODY_FIELD, body, required=True))
        if name == "service" and preschool:
            fields.append({"name": name, "label": _title(node, name), "widget": "hidden", "default": PRESCHOOL})
        elif name == "service":
            fields.append(_field(name, {**node, "enum": [s for s in node["enum"] if s != PRESCHOOL]}, name in required))
        elif name == "commitments" and preschool:
            fields.append(_grouped_commitments(node))
        elif name == "draft":
            fields.append(_ready_field(node))
        else:
            fields.append(_field(name, node, name in required))
    return _with_defaults(fields, _new_unit_defaults(board, year))


def _new_unit_defaults(board: Board, year: int) -> dict:
    """What a new guarantee starts with, as `garanti new` starts it: next calendar year, and the
    board's shared contact (to be replaced by the unit's own)."""
    # Phone, e-mail, address and web, as garanti new starts: the board's hours are its own, not the unit's.
    contact = (
        {key: value for key, value in board.default_contact.as_data().items() if isinstance(value, str)}
        if board.default_contact
        else {}
    )
    return {"valid": {"from": f"{year}-01-01", "to": f"{year}-12-31"}, "contact": contact}


def _with_defaults(fields: list[dict], defaults: dict) -> list[dict]:
    for form_field in fields:
        value = defaults.get(form_field["name"])
        if isinstance(value, dict) and "fields" in form_field:
            _with_defaults(form_field["fields"], value)
        elif isinstance(value, str):
            form_field["default"] = value
    return fields


def _properties_when(schema: dict, data: dict) -> dict:
    """The schema's properties as they are for data with these values: its `allOf` branches
    (`if` one value `then` ... `else` ...) merged in, as the validator applies them."""
    properties = {name: dict(node) for name, node in schema.get("properties", {}).items()}
    for branch in schema.get("allOf", ()):
        condition = branch.get("if", {}).get("properties", {})
        holds = all(data.get(key) == rule.get("const") for key, rule in condition.items())
        taken = branch.get("then" if holds else "else", {})
        for name, node in taken.get("properties", {}).items():
            properties[name] = _merged(properties.get(name, {}), node)
    return properties


# What a property says of itself wins over what the definition it refers to says.
_OWN_WORDS = ("title", "description", "x-form-title", "x-form-description")


def _merged(base: dict, extra: dict) -> dict:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        elif key not in _OWN_WORDS or key not in merged:
            merged[key] = value
    return merged


def _title(node: dict, name: str) -> str:
    return node.get("x-form-title") or node.get("title") or name


def _hint(node: dict) -> str | None:
    return node.get("x-form-description") or node.get("description")


def _types(node: dict) -> list[str]:
    kind = node.get("type", [])
    return [kind] if isinstance(kind, str) else list(kind)


def _field(name: str, node: dict, required: bool) -> dict:
    """A Decap field for one property of a schema, with its rules."""
    types = _types(node)
    nullable = "null" in types or None in node.get("enum", ())
    made: dict = {"name": name, "label": _title(node, name), "required": required and not nullable}
    hint = _hint(node)
    if hint:
        made["hint"] = hint
    if "enum" in node:
        made.update(widget="select", options=[value for value in node["enum"] if value is not None])
    elif "boolean" in types:
        made.update(widget="boolean", default=False)
    elif "integer" in types or "number" in types:
        made.update(widget="garanti-tal", value_type="int" if "integer" in types else "float")
        made["rules"] = _rules(node, ("minimum", "maximum"))
    elif "object" in types:
        made.update(
            widget="garanti-objekt",
            fields=[
                _field(key, child, key in node.get("required", ())) for key, child in node.get("properties", {}).items()
            ],
        )
        if "anyOf" in node:
            made["rules"] = [{"kind": "anyOf", "keys": _any_of_keys(node), "message": schemas.ANY_OF_MESSAGE}]
        made["collapsed"] = False
    elif "array" in types:
        item = node.get("items", {})
        made.update(
            widget="garanti-lista",
            collapsed=False,
            label_singular=_title(item, "punkt").lower(),
            minimize_collapsed=False,
            allow_reorder=False,
            rules=_rules(node, ("minItems", "maxItems")),
        )
        item_field = _field("punkt", item, required=True)
        if item_field["widget"] == "garanti-objekt" and "rules" not in item_field:
            # Decap's list keeps an item's parts as they are typed only as its own fields (`fields`, as the
            # follow-up's results have them): one field of an object widget not Decap's own loses them.
            made["fields"] = item_field["fields"]
        else:
            made["field"] = item_field
    else:  # a text (a date too: written ÅÅÅÅ-MM-DD, as the schema's pattern and description say)
        made["widget"] = "garanti-text" if node.get("maxLength", 0) > SHORT_TEXT else "garanti-rad"
        made["rules"] = _rules(node, ("minLength", "maxLength", "pattern"))
    return made


def _rules(node: dict, kinds: tuple[str, ...]) -> list[dict]:
    """The schema's rules for a value, each with its limit and the check's message (schemas.rule_message)."""
    title = _title(node, "Värdet")
    rules = []
    for kind in kinds:
        if kind in node:
            rules.append(
                {
                    "kind": kind,
                    "limit": node[kind],
                    "message": schemas.rule_message(kind, node, form=True, title=title, description=_hint(node)),
                }
            )
    return rules


def _any_of_keys(node: dict) -> list[str]:
    return [key for option in node["anyOf"] for key in option.get("required", ())]


def _place_field(name: str, label: str, hint: str, options: list[dict], names: dict[str, str]) -> dict:
    """Where a new file goes (a department, a unit): chosen for a new file (from `options`), shown
    by its name for an existing one (`names`)."""
    return {
        "name": name,
        "label": label,
        "hint": hint,
        "widget": "garanti-plats",
        "options": options,
        "names": names,
        "required": True,
        "message": f"Välj {label.lower()} i listan.",
    }


def _ready_field(node: dict) -> dict:
    return {
        "name": READY_FIELD,
        "label": _title(node, READY_FIELD),
        "hint": _hint(node),
        "widget": "boolean",
        "default": False,
        "required": False,
    }


def _grouped_commitments(node: dict) -> dict:
    """A preschool's commitments under the five curriculum areas, a list of texts each; the file
    has them as one list of {area, text} (docs/redigera/format.js turns one into the other)."""
    item = node["items"]
    area = item["properties"]["area"]
    text = item["properties"]["text"]
    groups = []
    for name in area["enum"]:
        groups.append(
            {
                "name": slugify(name),
                "label": name,
                "widget": "garanti-lista",
                "required": False,
                "collapsed": False,
                "minimize_collapsed": False,
                "allow_reorder": False,
                "label_singular": _title(text, "åtagande").lower(),
                "field": _field("text", text, required=True),
            }
        )
    rules = [
        {"kind": kind, "limit": node[kind], "message": schemas.rule_message(kind, node, form=True)}
        for kind in ("minItems", "maxItems")
        if kind in node
    ]
    return {
        "name": "commitments",
        "label": _title(node, "commitments"),
        "hint": _hint(node),
        "widget": "garanti-objekt",
        "fields": groups,
        "rules": [{"kind": "count", "rules": rules}],
        "collapsed": False,
        "required": True,
    }


# --- follow-ups ---------------------------------------------------------------------


def follow_up_years(site: Site, board: Board, saved: SavedTree | None = None) -> list[int]:
    """The years the form offers follow-ups of: this year and the last (FOLLOW_UP_YEARS_BACK), when a
    guarantee of the board covers it or a follow-up of it is there."""
    first = site.today.year - FOLLOW_UP_YEARS_BACK
    years = set()
    for guarantee in site.guarantees:
        if guarantee.board == board.slug:
            years.update(
                range(max(first, guarantee.valid_from.year), min(site.today.year, guarantee.valid_to.year) + 1)
            )
    years |= {f.year for f in site.corpus.follow_ups if f.board == board.slug and f.year >= first}
    if saved is not None:
        years |= {
            year for slug, _, _, year in saved.follow_ups if slug == board.slug and first <= year <= site.today.year
        }
    return sorted(years)


def followed(site: Site, board: Board, year: int) -> list[Guarantee]:
    """The board's guarantees that cover `year`, whose commitments a follow-up of the year lists."""
    return [g for g in site.guarantees if g.board == board.slug and covers(g, year)]


def _follow_up_collection(site: Site, board: Board, year: int, saved: SavedTree) -> dict:
    schema = schemas.inlined(schemas.FOLLOW_UP_SCHEMA)
    required = set(schema.get("required", ()))
    done = saved.follow_ups_of(board, year)
    names = {
        f"{g.department}/{g.slug}": f"{g.title} ({board.departments.get(g.department, g.department)})"
        for g in site.guarantees
        if g.board == board.slug
    }
    units = [
        {"label": names[f"{g.department}/{g.slug}"], "value": f"{g.department}/{g.slug}"}
        for g in followed(site, board, year)
        if (g.department, g.slug) not in done
    ]
    fields = [
        _place_field(
            UNIT_FIELD,
            "Enhet",
            f"Enheten vars garanti för {year} följs upp. Den bestämmer var "
            "filen sparas och kan inte ändras här. En enhet som redan har en uppföljning av året "
            "finns inte med.",
            units,
            names,
        )
    ]
    for name, node in schema["properties"].items():
        if name == "draft":
            fields.append(_ready_field(node))
        elif name == "results":
            fields.append(_results_field(node, board, year))
        else:
            fields.append(_field(name, node, name in required))
    return {
        "name": f"{board.slug}-uppfoljning-{year}",
        "label": f"{board.display_name}: uppföljning {year}",
        "label_singular": f"uppföljning {year}",
        "description": f"{board.name}: hur det gick med åtagandena {year}. Åtagandena hämtas ur garantin; "
        "du fyller i resultat, rättelser och klagomål.",
        "folder": _folder(board),
        "path": "{{" + DEPARTMENT_FIELD + "}}/{{" + UNIT_FILE_FIELD + "}}",
        "extension": f"uppfoljning-{year}.yml",  # guarantees/<board>/<department>/<unit>.uppfoljning-<year>.yml
        "format": "uppfoljning",
        "create": True,
        "delete": False,
        "identifier_field": UNIT_FIELD,
        "summary": "{{filename}} ({{dirname}})",
        "fields": fields,
    }


def _results_field(node: dict, board: Board, year: int) -> dict:
    """One result per commitment of the guarantee of the year: the commitments come from it
    (read-only), the editor chooses the result and may comment."""
    item = node["items"]
    fields = []
    for name, child in item["properties"].items():
        if name in ("commitment", "area"):
            fields.append({"name": name, "label": _title(child, name), "widget": "garanti-las", "required": True})
        else:
            fields.append(_field(name, child, name in item.get("required", ())))
    return {
        "name": "results",
        "label": _title(node, "results"),
        "hint": _hint(node),
        "widget": "garanti-resultat",
        "fields": fields,
        "allow_add": False,
        "allow_remove": False,
        "allow_reorder": False,
        "collapsed": False,
        "minimize_collapsed": False,
        "summary": "{{fields.commitment}}",
        "required": True,
        "commitments": follow_up_data_file(board, year).removeprefix(f"{FORM_DIR}/"),
    }


def follow_up_data_file(board: Board, year: int) -> str:
    return f"{FOLLOW_UP_DATA_DIR}/{board.slug}-{year}.json"


def follow_up_data(site: Site, board: Board, year: int) -> str:
    """The commitments of each unit's guarantee of `year`, as a follow-up lists them: what the
    form fills in when the editor chooses the unit (as `garanti uppfoljning` does)."""
    units = {
        f"{g.department}/{g.slug}": [
            {"commitment": c.text, **({"area": c.area} if c.area else {})} for c in g.commitments
        ]
        for g in followed(site, board, year)
    }
    return json.dumps({"year": year, "units": units}, ensure_ascii=False)


# --- language versions -----------------------------------------------------------------------


# The form's fields of a version that show the Swedish text beside them (docs/redigera/sprak.js), by the
# widget they would have without it.
BESIDE = {
    "garanti-rad": "garanti-svensk-rad",
    "garanti-text": "garanti-svensk-ruta",
    "garanti-lista": "garanti-svensk-lista",
}
# Parts a version has exactly when its guarantee has them (content/language_versions.py holds files to it).
MATCHED = ("more_info",)


def _language_collection(site: Site, board: Board, language: Language, saved: SavedTree) -> dict:
    """The board's guarantees in `language` (<unit>.<key>.md beside each guarantee): a new one's unit
    chosen from those without one, the Swedish text shown beside each field (language_data), and
    the fingerprint of the Swedish text filled in, never typed."""
    file = language_data_file(board).removeprefix(f"{FORM_DIR}/")
    done = saved.versions_of(board, language)
    guarantees = [g for g in site.guarantees if g.board == board.slug]
    names = {
        f"{g.department}/{g.slug}": f"{g.title} ({board.departments.get(g.department, g.department)})"
        for g in guarantees
    }
    units = [
        {"label": names[f"{g.department}/{g.slug}"], "value": f"{g.department}/{g.slug}"}
        for g in guarantees
        if (g.department, g.slug) not in done
    ]
    label = f"på {language.name}"
    place = _place_field(
        UNIT_FIELD,
        "Enhet",
        f"Enheten vars garanti skrivs {label}. Den bestämmer var filen sparas "
        f"och kan inte ändras här. En enhet som redan har en version {label} finns inte med.",
        units,
        names,
    )
    return {
        "name": f"{board.slug}-{language.key}",
        "label": f"{board.display_name}: {label}",
        "label_singular": f"garanti {label}",
        "description": f"{board.name}: garantierna {label}. Den svenska texten står vid varje fält; det är den som "
        "gäller. Versionen fastställs och publiceras med garantin när den stämmer med den svenska "
        "texten.",
        "folder": _folder(board),
        "path": "{{" + DEPARTMENT_FIELD + "}}/{{" + UNIT_FILE_FIELD + "}}",
        "extension": language.file_suffix.removeprefix("."),  # guarantees/<board>/<department>/<unit>.<key>.md
        "format": "sprakversion",
        "create": True,
        "delete": False,
        "identifier_field": UNIT_FIELD,
        "summary": "{{filename}} ({{dirname}})",
        "fields": [{**place, "widget": "garanti-sprakplats"}, *language_version_fields(file)],
    }


def language_version_fields(file: str) -> list[dict]:
    """A version's fields: the schema's, each text with the Swedish one beside it (from `file`),
    the commitments and hours as many as the guarantee's and in its order."""
    schema = schemas.inlined(schemas.LANGUAGE_VERSION_SCHEMA)
    required = set(schema.get("required", ()))
    body = schemas.load_schema(schemas.GUARANTEE_SCHEMA)["$defs"]["body"]
    fields: list[dict] = []
    for name, node in schema["properties"].items():
        if name == BODY_BEFORE:
            fields.append(_beside(_field(BODY_FIELD, body, required=True), BODY_FIELD, file))
        if name == SWEDISH_TEXT:
            fields.insert(
                0,
                {
                    "name": name,
                    "label": _title(node, name),
                    "hint": _hint(node),
                    "widget": "garanti-svensk-text",
                    "required": True,
                    "svenska": file,
                },
            )
        elif name == "draft":
            fields.append(_ready_field(node))
        elif name == "commitments":
            fields.append(
                {
                    **_translated_list(node, name, file, _commitment_fields(node)),
                    "summary": "{{fields.text}}",
                    "required": name in required,
                }
            )
        elif name == "contact":
            contact = _field(name, node, False)
            contact["fields"] = [
                _translated_list(node["properties"][key], key, file, part["fields"])
                for key, part in zip(node["properties"], contact["fields"])
            ]
            fields.append(contact)
        else:
            made = _beside(_field(name, node, name in required), name, file)
            if name in MATCHED:
                made["matched"] = (
                    f"Versionen ska ha {made['label'].lower()} om garantin har det, annars inte: "
                    "skriv den på versionens språk, eller lämna fältet tomt."
                )
            fields.append(made)
    return fields


def _beside(made: dict, part: str, file: str) -> dict:
    return {**made, "widget": BESIDE[made["widget"]], "svensk": part, "svenska": file}


def _commitment_fields(node: dict) -> list[dict]:
    """A commitment of a version: its curriculum area as the guarantee has it (kept, not shown as a
    field: the Swedish text beside it names it), and its text."""
    preschool = node["items"]["then"]["properties"]
    return [
        {"name": "area", "label": _title(preschool["area"], "area"), "widget": "hidden", "required": False},
        _field("text", preschool["text"], required=True),
    ]


def _translated_list(node: dict, name: str, file: str, item_fields: list[dict]) -> dict:
    """A list as long as the guarantee's, in its order: nothing added, removed or moved here."""
    return {
        "name": name,
        "label": _title(node, name),
        "hint": _hint(node),
        "widget": "garanti-svensk-lista",
        "svensk": name,
        "svenska": file,
        "fields": item_fields,
        "allow_add": False,
        "allow_remove": False,
        "allow_reorder": False,
        "collapsed": False,
        "minimize_collapsed": False,
        "required": False,
        "rules": _rules(node, ("minItems", "maxItems")),
    }


def language_data_file(board: Board) -> str:
    return f"{LANGUAGE_DATA_DIR}/{board.slug}.json"


def language_data(site: Site, board: Board, earlier: EarlierTexts | None = None) -> str:
    """Each unit's Swedish text as a version words it, and its fingerprint (fields.swedish_text_of):
    what the form shows beside a version's fields and writes as its swedish_text. `changed`: of each
    stale version the build knows, what changed in the Swedish text since (git's history, `earlier`)."""
    units = {}
    for g in (g for g in site.guarantees if g.board == board.slug):
        units[f"{g.department}/{g.slug}"] = {
            "fingerprint": texts.swedish_text_of(g),
            "title": g.title,
            BODY_FIELD: g.body,
            "commitments": [{**({"area": c.area} if c.area else {}), "text": c.text} for c in g.commitments],
            "correction": g.correction,
            "complaints": g.complaints,
            "more_info": g.more_info,
            **{
                key: [{"days": line.days, "time": line.time} for line in getattr(g.contact, key)]
                for key in HOURS_FIELDS
            },
            "changed": {},
        }
    for version in site.corpus.language_versions:
        unit = units.get(f"{version.department}/{version.unit}")
        if version.board != board.slug or unit is None or version.current or earlier is None:
            continue
        guarantee = next(g for g in site.guarantees if g.unit_key == version.unit_key)
        before = earlier(board, version.unit, version.swedish_text)
        if before is not None:
            unit["changed"][version.swedish_text] = changed_parts(before, guarantee)
    return json.dumps({"units": units}, ensure_ascii=False)


# --- what the file format needs ------------------------------------------------------------


def formats() -> dict:
    """For docs/redigera/format.js: the order of each file's keys (the schema's, as in the guides),
    which may stay empty, which are written in quotes, and the form's own fields."""
    return {
        "garanti": {
            **_shape(schemas.GUARANTEE_SCHEMA),
            "body": BODY_FIELD,
            "areas": {slugify(area): area for area in schemas.curriculum_areas()},
            "grouped": "commitments",
            "preschool": PRESCHOOL,
            "elsewhere": SWEDISH_TEXT,
        },
        "uppfoljning": {**_shape(schemas.FOLLOW_UP_SCHEMA), "unit": UNIT_FIELD, "unitFile": UNIT_FILE_FIELD},
        # A language version is written as a guarantee is (front matter and body), with no curriculum areas
        # to group; a file with its fingerprint field is in no guarantee collection ("elsewhere").
        "sprakversion": {
            **_shape(schemas.LANGUAGE_VERSION_SCHEMA),
            "body": BODY_FIELD,
            "areas": {},
            "grouped": "commitments",
            "preschool": None,
            "fingerprint": SWEDISH_TEXT,
            "unit": UNIT_FIELD,
        },
        "ready": READY_FIELD,
        "department": DEPARTMENT_FIELD,
        "collection": {"field": COLLECTION_FIELD, "preschools": PRESCHOOLS, "others": OTHERS},
        "quoted": [".".join(path) for path in QUOTED],
    }


def _shape(name: str) -> dict:
    schema = schemas.inlined(name)
    order: dict[str, list[str]] = {}
    nullable: list[str] = []

    def walk(node: dict, at: str) -> None:
        if "properties" in node:
            order.setdefault(at, [])
            order[at] += [key for key in node["properties"] if key not in order[at]]
            for key, child in node["properties"].items():
                path = f"{at}.{key}" if at else key
                if "null" in _types(child) or None in child.get("enum", ()):
                    nullable.append(path)
                walk(child, path)
        if "items" in node:
            walk(node["items"], f"{at}.*")
        for branch in node.get("allOf", ()):
            for part in ("then", "else"):
                walk(branch.get(part, {}), at)

    walk(schema, "")
    return {"order": order, "nullable": nullable}


# --- the files --------------------------------------------------------------------------


@dataclass(frozen=True)
class CopiedFile:
    """A file the site takes as it is from the form's Node packages."""

    path: str  # below the site root
    source: Path


def files(site: Site, settings: FormSettings) -> dict[str, str]:
    """{site path: content} of the form's generated files: its page, configuration, and the
    commitments its follow-ups are filled from."""
    if not settings.installed:
        return {PAGE_FILE: _page(settings, installed=False)}
    saved = SavedTree.of(site, settings)
    made = {
        PAGE_FILE: _page(settings, installed=True),
        CONFIG_FILE: json.dumps(config(site, settings, saved), ensure_ascii=False),
    }
    # What changed since a stale version's text: the preview's git history (a published form has no stale
    # version to open from the site's build: they are never approved).
    tree = settings.saved_tree
    earlier = earlier_texts(tree) if site.preview and tree is not None else None
    for board in saved.boards:
        for year in follow_up_years(site, board, saved):
            made[follow_up_data_file(board, year)] = follow_up_data(site, board, year)
        made[language_data_file(board)] = language_data(site, board, earlier)
    return made


def copied_files(settings: FormSettings) -> list[CopiedFile]:
    """Decap's bundle (its code-split parts beside it) and the yaml library's browser build."""
    if not settings.installed:
        return []
    decap = settings.modules / "decap-cms" / "dist"
    yaml = settings.modules / "yaml" / "browser" / "dist"
    copied = [CopiedFile(f"{DECAP_DIR}/{path.name}", path) for path in sorted(decap.glob("*decap-cms.js"))]
    copied += [
        CopiedFile(f"{YAML_DIR}/{path.relative_to(yaml).as_posix()}", path) for path in sorted(yaml.rglob("*.js"))
    ]
    return copied


def _page(settings: FormSettings, installed: bool) -> str:
    return _template().render(
        policy=content_security_policy(settings), installed=installed, configured=settings.configured
    )


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).resolve().parents[1] / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return environment.get_template("site/redigera.html.j2")
