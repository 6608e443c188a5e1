"""Where the form saves (FormSettings: the git host, or the preview's local back end) and what is
saved there already (SavedTree), and the names of the form's generated files."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ...content import check_tree
from ...languages import Language
from ...layout import CONTENT_DIR, FORM_DIR, is_follow_up_name, split_follow_up_name, split_language_version_name
from ...model import PRESCHOOL, Board
from ...wording import sort_key
from ..selection import Site

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
PROJECT_MODULES = Path(__file__).resolve().parents[4] / FORM_DIR / "node_modules"
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
