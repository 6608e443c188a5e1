"""What a publish takes from git, checked on the staged tree (no MkDocs build needed).

The end-to-end builds are in test_site.py; here every rule about
which text is published is checked on the tree that would be built, and every
bad approval tag is shown to stop the publish with the old output untouched.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from garanti import gitrepo
from garanti.commands.publish import HELD_BACK
from garanti.errors import Refusal
from garanti.layout import DECISIONS_CONTENT_DIR, decision_content_dir
from garanti.publishing import ALLOW_UNVERIFIED as UNVERIFIED
from garanti.publishing.build import stage
from garanti.publishing.plan import approvals_data, plan

from ..repos import Repo, debris, make_repo
from ..samples import BROKEN, NORRA_HOME, NORRA_PRESCHOOL, SODRA_HOME, home_care_unit


@pytest.fixture
def repo(tmp_path) -> Repo:
    return make_repo(tmp_path / "repo")


def staged(repo: Repo, tmp_path: Path, ref: str = "HEAD") -> Path:
    folder = tmp_path / f"staged-{len(list(tmp_path.glob('staged-*')))}"
    stage(repo.root, plan(repo.root, ref, without_approvers=True), folder)
    return folder


def approved(staging: Path, tag: str) -> Path:
    """The content root a decision's approved files are staged in (the site reads only these)."""
    board, date = tag.split("/")
    return staging / decision_content_dir(board, date)


def test_the_tree_to_build_has_no_content_but_each_decisions_own(repo, tmp_path):
    repo.tag("norra/2026-01-22")
    site = staged(repo, tmp_path)
    assert list((site / "guarantees").iterdir()) == []
    assert sorted(p.name for p in (site / DECISIONS_CONTENT_DIR).rglob("*.md")) == [
        "norra-forskolor.md",
        "norra-hemtjanst.md",
    ]


def test_two_boards_with_different_approval_dates(repo, tmp_path):
    repo.tag("norra/2026-01-22")
    repo.write(SODRA_HOME, home_care_unit("Sydstadens hemtjänst", "Ny text för februari."))
    repo.commit("Sydstaden inför februari")
    repo.tag("sodra/2026-02-19")
    data = approvals_data(plan(repo.root, without_approvers=True))
    assert data["approvals"]["norra"]["tag"] == "norra/2026-01-22"
    assert data["approvals"]["norra"]["case_number"] == "NS-2025/1234"
    assert data["approvals"]["norra"]["paragraph"] == "§ 14"
    assert data["approvals"]["norra"]["minutes"] == "https://start.stockholm/protokoll/norrstaden-2026-01-22/"
    assert data["approvals"]["sodra"] == {
        "tag": "sodra/2026-02-19",
        "date": "2026-02-19",
        "case_number": "SS-2026/7",
        "paragraph": None,
        "minutes": None,
        "commit": repo.git("rev-parse", "HEAD"),
    }
    assert [(d["board"], d["date"], d["reference"], d["count"]) for d in data["decisions"]] == [
        ("sodra", "2026-02-19", "dnr SS-2026/7", 1),
        ("norra", "2026-01-22", "dnr NS-2025/1234, § 14", 2),
    ]
    assert data["decisions"][1]["board_name"] == "Norrstadens stadsdelsnämnd"


def test_edits_and_new_units_wait_for_the_next_tag(repo, tmp_path):
    first = (repo.root / NORRA_HOME).read_bytes()
    repo.tag("norra/2025-06-12")
    repo.write(NORRA_HOME, home_care_unit("Norrstadens hemtjänst", "Ändrad efter beslutet."))
    repo.write("guarantees/norra/aldreomsorg/norra-dagverksamhet.md", home_care_unit("Norrstadens dagverksamhet"))
    repo.commit("Ändringar efter beslutet")
    site = staged(repo, tmp_path)
    assert (approved(site, "norra/2025-06-12") / NORRA_HOME).read_bytes() == first
    assert not (approved(site, "norra/2025-06-12") / "guarantees/norra/aldreomsorg/norra-dagverksamhet.md").exists()
    assert not (site / DECISIONS_CONTENT_DIR / "sodra").exists()  # no tag: nothing published

    repo.tag("norra/2026-01-22")
    site = staged(repo, tmp_path)
    assert "Ändrad efter beslutet." in (approved(site, "norra/2026-01-22") / NORRA_HOME).read_text(encoding="utf-8")
    assert (approved(site, "norra/2026-01-22") / "guarantees/norra/aldreomsorg/norra-dagverksamhet.md").exists()
    assert (approved(site, "norra/2025-06-12") / NORRA_HOME).read_bytes() == first  # the earlier decision, as approved
    decisions = approvals_data(plan(repo.root, without_approvers=True))["decisions"]
    assert [(d["date"], d["count"], d["changes"]) for d in decisions] == [
        ("2026-01-22", 3, "1 ny, 1 ändrad"),
        ("2025-06-12", 2, "första fastställda versionen"),
    ]


def test_drafts_never_publish(repo, tmp_path):
    repo.write("guarantees/norra/aldreomsorg/norra-utkast.md", home_care_unit("Norrstadens utkast", draft=True))
    repo.commit("Ett utkast")
    repo.tag("norra/2026-01-22")
    site = approved(staged(repo, tmp_path), "norra/2026-01-22")
    assert not (site / "guarantees/norra/aldreomsorg/norra-utkast.md").exists()
    assert (site / NORRA_HOME).exists()
    assert approvals_data(plan(repo.root, without_approvers=True))["decisions"][0]["count"] == 2


def test_a_deleted_unit_is_not_in_the_next_decision_but_stays_in_the_earlier_one(repo, tmp_path):
    repo.tag("norra/2025-06-12")
    repo.remove(NORRA_PRESCHOOL)
    repo.commit("Förskolorna flyttar till en annan nämnd")
    assert (approved(staged(repo, tmp_path), "norra/2025-06-12") / NORRA_PRESCHOOL).exists()
    repo.tag("norra/2026-01-22")
    site = staged(repo, tmp_path)
    assert not (approved(site, "norra/2026-01-22") / NORRA_PRESCHOOL).exists()
    assert (approved(site, "norra/2025-06-12") / NORRA_PRESCHOOL).exists()  # its archive
    assert approvals_data(plan(repo.root, without_approvers=True))["decisions"][0]["changes"] == "1 borttagen"


def test_pages_and_hook_come_from_ref_not_from_the_tag(repo, tmp_path):
    repo.tag("norra/2026-01-22")
    repo.write("docs/om-tjansten.md", "# Om\n\nNy sida efter beslutet.\n")
    repo.commit("Ny sida")
    site = staged(repo, tmp_path)
    assert (site / "docs/om-tjansten.md").read_text(encoding="utf-8").endswith("Ny sida efter beslutet.\n")


def test_working_tree_changes_are_never_published(repo, tmp_path):
    repo.tag("norra/2026-01-22")
    first = (repo.root / NORRA_HOME).read_bytes()
    (repo.root / NORRA_HOME).write_text(home_care_unit("Norrstadens hemtjänst", "Osparad text."), encoding="utf-8")
    assert (approved(staged(repo, tmp_path), "norra/2026-01-22") / NORRA_HOME).read_bytes() == first


def test_boards_without_tag_are_listed(repo):
    repo.tag("norra/2026-01-22")
    assert plan(repo.root, without_approvers=True).boards_without_tag == ["sodra"]


def test_an_older_tag_with_content_todays_check_refuses_does_not_block(repo, tmp_path):
    """Only the latest decision is held to the check whole; of an older one, what fails it is left
    out of the archive (and said), the rest of it is there, and the decision stays listed."""
    repo.write("guarantees/norra/aldreomsorg/trasig.md", BROKEN)
    repo.commit("Trasig enhet")
    repo.tag("norra/2025-06-12")
    repo.remove("guarantees/norra/aldreomsorg/trasig.md")
    repo.commit("Rättad")
    repo.tag("norra/2026-01-22")
    result = plan(repo.root, without_approvers=True)
    assert [d["date"] for d in approvals_data(result)["decisions"]] == ["2026-01-22", "2025-06-12"]
    assert (
        len(result.left_out) == 1 and "norra/2025-06-12: guarantees/norra/aldreomsorg/trasig.md" in result.left_out[0]
    )
    older = approved(staged(repo, tmp_path), "norra/2025-06-12")
    assert not (older / "guarantees/norra/aldreomsorg/trasig.md").exists()
    assert (older / NORRA_HOME).exists()


# --- bad tags: each one stops the publish, the old output stays -------------------


def _side_branch_commit(repo: Repo) -> str:
    repo.git("switch", "-q", "-c", "forslag")
    repo.write(NORRA_HOME, home_care_unit("Norrstadens hemtjänst", "Ogranskad text."))
    sha = repo.commit("Ogranskat förslag")
    repo.git("switch", "-q", "main")
    return sha


def _bad_content(repo: Repo) -> None:
    repo.write("guarantees/norra/aldreomsorg/trasig.md", BROKEN)
    repo.commit("Trasig enhet")


BAD_TAGS = {
    "lightweight": (lambda repo: repo.tag("norra/2026-01-22", message=None), "är en enkel tagg"),
    "malformed name": (lambda repo: repo.tag("norra/22-januari"), "är ingen godkännandetagg"),
    "impossible date": (lambda repo: repo.tag("norra/2026-02-30"), "är ingen godkännandetagg"),
    "unknown board": (lambda repo: repo.tag("ostra/2026-01-22"), 'Nämnden "ostra" finns inte'),
    "date not a meeting": (
        lambda repo: repo.tag("norra/2026-01-23"),
        "2026-01-23 är inte ett av nämndens sammanträden",
    ),
    "content invalid at tag": (lambda repo: (_bad_content(repo), repo.tag("norra/2026-01-22")), "trasig.md"),
    "not on main": (lambda repo: repo.tag("norra/2026-01-22", ref=_side_branch_commit(repo)), "som inte finns på main"),
    "meeting not yet held": (lambda repo: repo.tag("norra/2026-12-10"), "Sammanträdet 2026-12-10 har inte hållits än"),
}


# Not in the approval form at all: ignored with a warning, no board held back (issue 32, item 1).
NOT_APPROVALS = {"malformed name", "impossible date"}


@pytest.mark.parametrize("kind", BAD_TAGS)
def test_bad_tag_publishes_nothing_and_the_other_board_publishes(repo, tmp_path, capsys, kind):
    repo.tag("sodra/2026-02-19")  # a good tag next to the bad one publishes
    make_bad, expected = BAD_TAGS[kind]
    make_bad(repo)
    out = tmp_path / "site"
    (out / "sub").mkdir(parents=True)
    (out / "index.html").write_text("<p>förra publiceringen</p>", encoding="utf-8")
    (out / "sub/page.html").write_bytes(b"\x00gamla bytes\xff")
    assert repo.garanti("publish", "--out", str(out), UNVERIFIED) == (0 if kind in NOT_APPROVALS else HELD_BACK)
    err = capsys.readouterr().err
    assert expected in err
    assert (out / "sodra/sodra-hemtjanst/index.html").is_file()
    assert not (out / "norra/norra-hemtjanst/index.html").exists()  # norra has no valid decision
    assert not (out / "sub/page.html").exists()  # the new site replaced the old whole
    assert debris(out) == []  # no leftovers


def test_all_bad_tags_are_reported_at_once(repo):
    repo.tag("norra/2026-01-23")
    repo.tag("ostra/2026-01-22", message=None)
    held = plan(repo.root, without_approvers=True).held
    assert "norra/2026-01-23" in "\n".join(held["norra"])
    problems = "\n".join(held["ostra"])
    assert '"ostra/2026-01-22" är en enkel tagg' in problems
    assert 'Nämnden "ostra" finns inte' in problems


def test_tags_without_a_slash_are_not_approvals(repo):
    repo.tag("v1.0")
    assert plan(repo.root, without_approvers=True).decisions == []


def test_on_main_means_origin_main_in_a_ci_checkout(repo, tmp_path):
    """A CI clone of a tag has origin/main but no local main."""
    repo.git("tag", "-a", "-m", "Beslut", "norra/2026-01-22")
    clone = tmp_path / "clone"
    Repo(tmp_path).git("clone", "-q", str(repo.root), str(clone))
    cloned = Repo(clone)
    cloned.git("switch", "-q", "--detach", "norra/2026-01-22")
    cloned.git("branch", "-q", "-D", "main")
    assert [d.tag.name for d in plan(clone, without_approvers=True).decisions] == ["norra/2026-01-22"]
    # a tag on a commit origin/main does not have is still refused
    cloned.git("switch", "-q", "-c", "lokal")
    cloned.write(NORRA_HOME, home_care_unit("Norrstadens hemtjänst", "Lokal ändring."))
    cloned.commit("Lokal ändring")
    cloned.tag("norra/2026-12-10")
    result = plan(clone, without_approvers=True)
    assert "origin/main" in "\n".join(result.held["norra"])
    assert [d.tag.name for d in result.decisions] == ["norra/2026-01-22"]


def test_symlink_in_tagged_content_is_refused(repo, tmp_path):
    os.symlink("/etc/passwd", repo.root / "guarantees/norra/aldreomsorg/lank.md")
    repo.commit("En länk")
    repo.tag("norra/2026-01-22")
    result = plan(repo.root, without_approvers=True)
    assert "lank.md är en länk" in "\n".join(result.held["norra"])
    assert result.decisions == []


def test_submodule_in_tagged_content_is_refused_not_a_crash(repo):
    # A gitlink, as a pull request could carry one: a commit of another repository.
    other = "0123456789abcdef0123456789abcdef01234567"
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{other},guarantees/norra/aldreomsorg/modul.md")
    repo.git("commit", "-q", "-m", "En undermodul")
    repo.tag("norra/2026-01-22")
    assert "modul.md är en undermodul" in "\n".join(plan(repo.root, without_approvers=True).held["norra"])


def test_export_tree_refuses_links_anywhere(repo, tmp_path):
    os.symlink("../../etc/passwd", repo.root / "docs-lank")
    repo.commit("Länk i roten")
    with pytest.raises(gitrepo.GitError, match="docs-lank är en länk"):
        gitrepo.export_tree(repo.root, "HEAD", tmp_path / "ut")
    with pytest.raises(Refusal, match="docs-lank är en länk"):
        stage(repo.root, plan(repo.root, without_approvers=True), tmp_path / "staged")
