"""Decap's configuration: the back end, and per board its collections, each made of the fields the
schema-to-widget compiler (widgets.py) makes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ... import schemas
from ...languages import LANGUAGES
from ...layout import FORM_DIR
from ...model import PRESCHOOL, Board
from ..selection import Site
from .follow_ups import follow_up_collection, follow_up_years
from .formats import formats
from .language_versions import language_collection
from .settings import COMMIT_MESSAGES, DEFAULT_AUTH_SCOPE, FormSettings, SavedTree
from .widgets import (
    BODY_BEFORE,
    BODY_FIELD,
    COLLECTION_FIELD,
    DEPARTMENT_FIELD,
    OTHERS,
    PRESCHOOLS,
    UNIT_FILE_FIELD,
    board_folder,
    decap_field,
    grouped_commitments,
    place_field,
    properties_when,
    ready_field,
    title_of,
)

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
    other units, its follow-ups of each year the form offers, and its versions in each language.
    `review`: where the editor finds their pull request and its check (review_place), said in each
    collection's description."""
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
            made = follow_up_collection(site, board, year, saved)
            yield {**made, "description": f"{made['description']} {review}".strip()}
        for language in LANGUAGES:
            made = language_collection(site, board, language, saved)
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


def _guarantee_collection(
    board: Board, name: str, label: str, singular: str, preschool: bool, year: int, departments: dict[str, str]
) -> dict:
    return {
        "name": name,
        "label": label,
        "label_singular": singular,
        "description": _collection_description(board, preschool),
        "folder": board_folder(board),
        # A new unit's file: guarantees/<board>/<department>/<slug of its name>.md, the slug put in UNIT_FILE_FIELD
        # when saving (docs/redigera/format.js placeNew, by places.slug_rule): slugify's, not Decap's
        "path": "{{" + DEPARTMENT_FIELD + "}}/{{" + UNIT_FILE_FIELD + "}}",
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
    properties = properties_when(schema, {"service": PRESCHOOL} if preschool else {})
    required = set(schema.get("required", ()))
    if board.default_complaints:
        required.discard("complaints")  # the board's shared text stands in (CONTRIBUTING.md)
    offered = board.departments if departments is None else departments
    options = [{"label": name, "value": slug} for slug, name in offered.items()]
    fields = [
        place_field(
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
            fields.append(decap_field(BODY_FIELD, body, required=True))
        if name == "service" and preschool:
            fields.append({"name": name, "label": title_of(node, name), "widget": "hidden", "default": PRESCHOOL})
        elif name == "service":
            fields.append(
                decap_field(name, {**node, "enum": [s for s in node["enum"] if s != PRESCHOOL]}, name in required)
            )
        elif name == "commitments" and preschool:
            fields.append(grouped_commitments(node))
        elif name == "draft":
            fields.append(ready_field(node))
        else:
            fields.append(decap_field(name, node, name in required))
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
