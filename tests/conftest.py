"""Shared fixtures. What they are made of: samples.py (texts), repos.py (git), helpers.py (running things)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest

from garanti import schemas
from garanti.content import check_tree
from garanti.dates import TODAY_VARIABLE

from .helpers import REPO_ROOT, copy_site_files, mkdocs_build
from .preview_server import HOME_CARE_PAGE, Preview
from .repos import Repo, make_sample_repo
from .samples import write_provstaden


@pytest.fixture
def content_repo(tmp_path: Path) -> Path:
    """A repository root with one valid board, a home-care unit and a preschool (samples: provstaden)."""
    return write_provstaden(tmp_path)


@pytest.fixture
def follow_up_season(monkeypatch) -> None:
    """Today is 15 December 2026, when follow-ups are written: the years a follow-up may be of are
    judged on this day, so that the tests do not age. A module opts in with
    `pytestmark = pytest.mark.usefixtures("follow_up_season")`."""
    monkeypatch.setenv(TODAY_VARIABLE, "2026-12-15")


@pytest.fixture
def changed_schema(monkeypatch):
    """`change(edit, name)`: schema `name` (the guarantee schema unless named) as `edit` changes it, read by
    everything that reads schemas from then on; after the test, the schema as it is again."""

    def change(edit, name: str = schemas.GUARANTEE_SCHEMA) -> dict:
        schema = copy.deepcopy(schemas.load_schema(name))
        edit(schema)
        original = schemas.load_schema
        monkeypatch.setattr(schemas, "load_schema", lambda wanted: schema if wanted == name else original(wanted))
        schemas.reload()
        return schema

    yield change
    monkeypatch.undo()
    schemas.reload()


@pytest.fixture(scope="session")
def sample_corpus():
    """The project's sample content (guarantees/), loaded."""
    return check_tree(REPO_ROOT).corpus


@pytest.fixture
def sample_repo(tmp_path, monkeypatch) -> Repo:
    """The sample content committed on main on 2026-11-20, the day its board paper was made; today is 2026-11-24."""
    monkeypatch.setenv("GARANTI_TODAY", "2026-11-24")
    return make_sample_repo(tmp_path / "repo", date="2026-11-20T10:00:00+01:00")


@pytest.fixture(scope="session")
def preview_site(tmp_path_factory) -> Path:
    """The sample corpus built once as the preview (drafts included, the banner on)."""
    out = tmp_path_factory.mktemp("preview") / "site"
    result = mkdocs_build(REPO_ROOT / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr
    (out.parent / "mkdocs.log").write_text(result.stderr, encoding="utf-8")  # what the build said
    return out


@pytest.fixture
def preview(content_repo: Path, tmp_path_factory) -> Iterator[Preview]:
    """The content_repo fixture served as ./scripts/preview serves, its first build done."""
    copy_site_files(content_repo)
    served = Preview(content_repo, tmp_path_factory.mktemp("serve") / "serve.log")
    try:
        served.wait_for_text(HOME_CARE_PAGE, "Provstadens hemtjänst")
        yield served
    finally:
        served.stop()
