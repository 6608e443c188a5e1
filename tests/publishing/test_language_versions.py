"""A language version reaches the published site only when the same approval tag covers it and its
Swedish guarantee; drafts and versions written from an earlier Swedish text never (issue 26, item 2).

Real git repositories, real annotated tags made by `garanti tag`, a real `garanti publish`
(mkdocs build --strict); what is published is read from the built pages and the open data.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from garanti import fields
from garanti.content import check_tree
from garanti.dates import TODAY_VARIABLE
from garanti.publishing import ALLOW_UNVERIFIED as UNVERIFIED
from garanti.publishing.build import stage
from garanti.publishing.plan import plan as plan_of

from ..repos import Repo, make_repo
from ..samples import NORRA_HOME, NORRA_PRESCHOOL, SODRA_HOME
from ..samples import home_care_unit as home_care

DRAFT_UNIT = "guarantees/norra/aldreomsorg/norra-utkast.md"


def version_path(unit_path: str, key: str) -> str:
    return unit_path.removesuffix(".md") + f".{key}.md"


def swedish_text(repo: Repo, unit_path: str) -> str:
    [guarantee] = [g for g in check_tree(repo.root).corpus.guarantees if g.source == unit_path]
    return fields.swedish_text_of(guarantee)


def finnish(swedish: str, title: str, draft: bool = False) -> str:
    return (
        f"---\n{'draft: true' if draft else ''}\ntitle: {title}\nswedish_text: {swedish}\ncommitments:\n"
        "  - Saat yhteyshenkilön kahden viikon kuluessa.\n  - Soitamme, jos myöhästymme yli 30 minuuttia.\n"
        "correction: Pyydämme anteeksi ja korjaamme asian viikon kuluessa.\n"
        "complaints: Puhu henkilökunnan kanssa.\n---\nAutamme sinua elämään turvallisesti kotona.\n"
    )


def easy(swedish: str, draft: bool = False) -> str:
    return (
        f"---\n{'draft: true' if draft else ''}\nswedish_text: {swedish}\ncommitments:\n"
        "  - Du får en kontakt-person inom två veckor.\n  - Blir vi sena ringer vi dig.\n"
        "correction: Vi säger förlåt. Vi rättar till det inom en vecka.\n"
        "complaints: Prata med personalen.\n---\nVi hjälper dig att bo tryggt hemma.\n"
    )


FINNISH_PRESCHOOL = """\
---
swedish_text: {swedish}
commitments:
  - area: Utveckling och lärande
    text: Lapsesi saa lukea ja kertoa joka päivä.
  - area: Normer och värden
    text: Toimimme aktiivisesti kiusaamista vastaan.
correction: Otamme sinuun yhteyttä viikon kuluessa.
complaints: Puhu henkilökunnan kanssa.
---
Esikoulu on leikin ja oppimisen paikka.
"""


def page(site: Path, url: str) -> str | None:
    path = site / url / "index.html"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def published_versions(site: Path) -> list[tuple[str, str]]:
    data = json.loads((site / "oppna-data" / "sprakversioner.json").read_text(encoding="utf-8"))
    return [(record["unit"], record["language"]) for record in data]


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Repo, Path, str]:
    """norra approves a current Finnish version of its home care, a draft easy-to-read one, a Finnish
    version of its preschool written from an earlier Swedish text, and a draft unit's version; after
    the tags, sodra gets a Finnish version: none of those is published."""
    base = tmp_path_factory.mktemp("sprakversioner")
    repo = make_repo(base / "repo")
    repo.write(DRAFT_UNIT, home_care("Norrstadens utkastenhet", draft=True))
    repo.write(version_path(NORRA_HOME, "fi"), finnish(swedish_text(repo, NORRA_HOME), "Norrstadenin kotipalvelu"))
    repo.write(version_path(NORRA_HOME, "lattlast"), easy(swedish_text(repo, NORRA_HOME), draft=True))
    repo.write(version_path(DRAFT_UNIT, "fi"), finnish(swedish_text(repo, DRAFT_UNIT), "Luonnosyksikkö"))
    repo.write(
        version_path(NORRA_PRESCHOOL, "fi"), FINNISH_PRESCHOOL.format(swedish=swedish_text(repo, NORRA_PRESCHOOL))
    )
    preschool = repo.root / NORRA_PRESCHOOL
    preschool.write_text(
        preschool.read_text(encoding="utf-8").replace("varje dag", "varje förmiddag"), encoding="utf-8"
    )
    repo.commit("Språkversioner")
    with pytest.MonkeyPatch.context() as env:
        env.setenv(TODAY_VARIABLE, "2026-11-24")
        assert repo.approve("norra", "2026-01-22") == 0
        assert repo.approve("sodra", "2026-02-19") == 0
    message = repo.git("tag", "-l", "--format=%(contents)", "norra/2026-01-22")
    repo.write(version_path(SODRA_HOME, "fi"), finnish(swedish_text(repo, SODRA_HOME), "Sydstadenin kotipalvelu"))
    repo.commit("Efter besluten")
    out = base / "site"
    assert repo.garanti("publish", "--out", str(out), UNVERIFIED) == 0
    return repo, out, message


def test_only_the_approved_current_version_is_published(published):
    _, site, _ = published
    assert published_versions(site) == [("norra-hemtjanst", "fi")]
    finnish_page = page(site, "norra/norra-hemtjanst/suomeksi")
    assert finnish_page is not None and '<html lang="fi"' in finnish_page
    assert "Norrstadenin kotipalvelu" in finnish_page
    # A published unit's address in a language answers all the same, saying there is no version now.
    for absent, says in (
        ("norra/norra-hemtjanst/lattlast", "Garantin finns inte på lättläst svenska just nu"),
        ("norra/norra-forskolor/suomeksi", "Takuuta ei ole nyt suomeksi"),
        ("sodra/sodra-hemtjanst/suomeksi", "Takuuta ei ole nyt suomeksi"),
    ):
        text = page(site, absent)
        assert says in text and '<meta name="robots" content="noindex">' in text, absent
        assert "Sydstadenin kotipalvelu" not in text and "Lapsesi saa lukea" not in text, absent
    assert page(site, "norra/norra-utkast/suomeksi") is None  # a draft unit has no page at all


def test_the_swedish_page_links_only_the_published_versions(published):
    _, site, _ = published
    home = page(site, "norra/norra-hemtjanst")
    assert re.search(r'<a href="suomeksi/" hreflang="fi" lang="fi">Suomeksi</a>', home)
    assert "lattlast/" not in home
    assert "suomeksi/" not in page(site, "norra/norra-forskolor")


def test_drafts_stale_versions_and_those_after_the_tag_are_not_even_staged(published, tmp_path, monkeypatch):
    repo, _, _ = published
    monkeypatch.setenv(TODAY_VARIABLE, "2026-11-24")
    plan = plan_of(repo.root, without_approvers=True)
    staging = tmp_path / "tree"
    stage(repo.root, plan, staging)
    # Each decision's approved files are staged in a folder of their own (publishing.build.stage).
    staged = sorted(
        p.relative_to(folder).as_posix()
        for folder in staging.glob(".beslut/*/*")
        for p in (folder / "guarantees").rglob("*.*.md")
    )
    assert staged == ["guarantees/norra/aldreomsorg/norra-hemtjanst.fi.md"]


def test_the_tag_counts_the_versions_it_publishes(published):
    _, _, message = published
    assert "Språkversioner som publiceras: 1." in message


def test_a_later_decision_covering_a_version_and_its_guarantee_publishes_it(published, tmp_path, monkeypatch):
    repo, _, _ = published
    monkeypatch.setenv(TODAY_VARIABLE, "2026-11-24")
    assert repo.approve("sodra", "2026-11-19") == 0
    out = tmp_path / "site"
    assert repo.garanti("publish", "--out", str(out), UNVERIFIED) == 0
    assert published_versions(out) == [("norra-hemtjanst", "fi"), ("sodra-hemtjanst", "fi")]
    assert "Sydstadenin kotipalvelu" in page(out, "sodra/sodra-hemtjanst/suomeksi")


def test_a_version_changed_after_the_paper_is_not_tagged(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(TODAY_VARIABLE, "2026-11-24")
    repo = make_repo(tmp_path / "repo")
    repo.write(version_path(NORRA_HOME, "fi"), finnish(swedish_text(repo, NORRA_HOME), "Norrstadenin kotipalvelu"))
    paper = repo.commit("Bilagans version")
    repo.write(version_path(NORRA_HOME, "fi"), finnish(swedish_text(repo, NORRA_HOME), "Pohjoisen kotipalvelu"))
    repo.commit("Ändrad efter bilagan")
    assert repo.approve("norra", "2026-01-22", paper=paper) == 1
    assert "Texten har ändrats efter bilagan för: Norrstadens hemtjänst, finska." in capsys.readouterr().err
