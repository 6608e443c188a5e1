"""One version per publication, from main only; no main line, no publication and no tag.

Real repositories holding the package's own source (src/garanti), real
annotated tags, real `mkdocs build --strict`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from garanti.publishing import ALLOW_UNVERIFIED as UNVERIFIED

from ..repos import Repo, make_repo
from ..samples import NORRA_HOME, home_care_unit

TEMPLATE = "src/garanti/templates/site/guarantee.html.j2"
HEADING = "Om vi inte håller vad vi lovar"


@pytest.fixture
def repo(tmp_path) -> Repo:
    return make_repo(tmp_path / "repo")


def page(out: Path, address: str) -> str:
    return (out / address / "index.html").read_text(encoding="utf-8")


def change_template(repo: Repo, heading: str) -> None:
    path = repo.root / TEMPLATE
    text = path.read_text(encoding="utf-8")
    # The heading is a label of the page's language (site.labels): the template names it.
    current = next(h for h in ("{{ t.correction }}", "MALL VID TAGGEN", "MALL PÅ MAIN") if f"<h2>{h}</h2>" in text)
    path.write_text(text.replace(f"<h2>{current}</h2>", f"<h2>{heading}</h2>"), encoding="utf-8")


def test_code_and_templates_come_from_main_not_from_the_tag_nor_the_installed_package(repo, tmp_path):
    change_template(repo, "MALL VID TAGGEN")
    repo.commit("Mallen som den var vid beslutet")
    assert repo.approve("norra", "2026-01-22") == 0
    change_template(repo, "MALL PÅ MAIN")
    repo.commit("Mallen på main")
    out = tmp_path / "site"
    assert repo.garanti("publish", "--out", str(out), UNVERIFIED) == 0
    html = page(out, "norra/norra-hemtjanst")
    assert "MALL PÅ MAIN" in html
    assert "MALL VID TAGGEN" not in html
    assert HEADING not in html  # not the package installed in this test's environment either


def test_publish_uses_main_even_when_standing_on_another_branch(repo, tmp_path, capsys):
    assert repo.approve("norra", "2026-01-22") == 0
    repo.git("switch", "-q", "-c", "eget-utseende")
    change_template(repo, "MALL PÅ GRENEN")
    repo.write("docs/om.md", "# Om\n\nEn sida från en gren.\n")
    repo.commit("Ändringar på en gren")
    out = tmp_path / "site"
    assert repo.garanti("publish", "--out", str(out), UNVERIFIED) == 0
    assert "sidor från main" in capsys.readouterr().out
    assert "MALL PÅ GRENEN" not in page(out, "norra/norra-hemtjanst")
    assert "En sida från en gren." not in page(out, "om")
    # Asked for by name, the branch is refused.
    assert repo.garanti("publish", "--out", str(out), UNVERIFIED, "--ref", "eget-utseende") == 1
    err = capsys.readouterr().err
    assert "finns inte på main" in err and "publiceras bara från main" in err
    assert "MALL PÅ GRENEN" not in page(out, "norra/norra-hemtjanst")


def _clone_without_a_main_line(repo: Repo, tmp_path: Path) -> Repo:
    """A clone of a side branch only, tags and all: no main, no origin/main."""
    repo.git("switch", "-q", "-c", "sidogren")
    repo.write(NORRA_HOME, home_care_unit("Norrstadens hemtjänst", "Text som aldrig granskats."))
    repo.commit("Ogranskad text")
    repo.tag("norra/2026-01-22")  # on the side branch
    clone = Repo(tmp_path / "clone")
    Repo(tmp_path).git("clone", "-q", "--single-branch", "--branch", "sidogren", str(repo.root), str(clone.root))
    clone.git("fetch", "-q", "--tags", "origin")
    for key, value in (("user.name", "Sekreterare"), ("user.email", "s@example.org"), ("tag.gpgsign", "false")):
        clone.git("config", key, value)
    assert clone.git("for-each-ref", "--format=%(refname)", "refs/heads/main", "refs/remotes/origin/main") == ""
    return clone


def test_no_main_line_no_publication(repo, tmp_path, capsys):
    clone = _clone_without_a_main_line(repo, tmp_path)
    out = tmp_path / "site"
    assert clone.garanti("publish", "--out", str(out), UNVERIFIED, "--ref", "HEAD") == 1
    err = capsys.readouterr().err
    assert "Hittar varken grenen main eller origin/main" in err
    assert "git fetch origin main:main" in err
    assert not out.exists() and not (tmp_path / ".site.versioner").exists()


def test_no_main_line_no_tag(repo, tmp_path, capsys):
    clone = _clone_without_a_main_line(repo, tmp_path)
    assert clone.approve("sodra", "2026-02-19") == 1
    err = capsys.readouterr().err
    assert "Hittar varken grenen main eller origin/main" in err and "git fetch origin main:main" in err
    assert clone.git("tag", "--list", "sodra/*") == ""
    # Fetching main, as the message says, is enough.
    clone.git("fetch", "-q", "origin", "main:main")
    assert clone.approve("sodra", "2026-02-19", "--ref", "main") == 0
