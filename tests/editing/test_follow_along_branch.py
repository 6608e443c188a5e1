"""A form branch on the git host brought along (issue 31): `garanti uppfoljning --gren BAS`, as the
workflow "Uppföljningen följer med" runs it in a clone of the host's repository, on the branch the
form pushed. Real repositories: the host's, where the form's branches are made, and the clone."""

from __future__ import annotations

import pytest

from .. import samples
from ..helpers import run
from ..repos import Repo
from ..samples import SECOND

FOLLOW_UP = samples.follow_up_path(samples.HOME)
SHORTER = SECOND.replace("30 minuter", "20 minuter")
BRANCH = "cms/provstaden-andra/aldreomsorg/provstadens-hemtjanst"
BOT = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")


pytestmark = pytest.mark.usefixtures("follow_up_season")


@pytest.fixture
def host(tmp_path) -> Repo:
    """The repository on the git host: provstaden with the home care's follow-up of 2026, on main."""
    samples.write_provstaden(tmp_path / "host")
    repo = Repo.init(tmp_path / "host")
    repo.write(FOLLOW_UP, samples.follow_up())
    repo.commit("Provstaden")
    return repo


def form_branch(host: Repo, branch: str, changes: dict[str, str]) -> None:
    """What a save in the form makes on the host: `branch` from main with `changes`, main checked out again."""
    host.git("switch", "-q", "-c", branch, "main")
    for path, text in changes.items():
        host.write(path, text)
    host.commit(f"Formuläret: ändrad, {next(iter(changes))}")
    host.git("switch", "-q", "main")


def checkout(host: Repo, tmp_path, branch: str = BRANCH) -> Repo:
    """The workflow's checkout: a clone of the host on `branch`, every branch fetched, the bot as committer."""
    host.git("clone", "-q", "--branch", branch, str(host.root), str(tmp_path / "gren"))
    clone = Repo(tmp_path / "gren")
    clone.git("config", "user.name", BOT[0])
    clone.git("config", "user.email", BOT[1])
    clone.git("config", "commit.gpgsign", "false")
    return clone


def shorter_commitment() -> str:
    return samples.HOME_CARE_MD.replace(SECOND, SHORTER)


def test_a_changed_commitment_brings_the_follow_up_along_in_a_commit_and_the_branch_passes_the_check(
    host, tmp_path, capsys
):
    form_branch(host, BRANCH, {samples.HOME: shorter_commitment()})
    clone = checkout(host, tmp_path)
    code, out, _ = run(clone.root, "check", capsys=capsys)
    assert code == 1 and FOLLOW_UP in out  # the dead end a browser-only editor was left in
    before = clone.git("rev-parse", "HEAD")

    code, out, err = run(clone.root, "uppfoljning", "--gren", "origin/main", capsys=capsys)

    assert code == 0, err
    assert f"Uppdaterade {FOLLOW_UP}: åtagandena hämtades ur {samples.HOME}" in out
    assert clone.git("rev-parse", "HEAD~1") == before  # one commit, after the editor's
    assert clone.git("diff", "--name-only", "HEAD~1", "HEAD") == FOLLOW_UP
    assert clone.git("log", "-1", "--format=%an <%ae>") == f"{BOT[0]} <{BOT[1]}>"
    message = clone.git("log", "-1", "--format=%B")
    assert message.startswith("Formuläret: uppföljningen följer med garantin") and f"{FOLLOW_UP} följer med" in message
    committed = clone.git("show", f"HEAD:{FOLLOW_UP}")
    assert SHORTER in committed and SECOND not in committed
    assert "Alla nya kunder fick en kontaktperson i tid." in committed  # the unchanged commitment's result kept
    assert clone.git("status", "--porcelain") == ""
    code, out, err = run(clone.root, "check", capsys=capsys)
    assert code == 0, out + err

    code, out, _ = run(clone.root, "uppfoljning", "--gren", "origin/main", capsys=capsys)  # the next push
    assert code == 0 and "Inget ändrades" in out
    assert clone.git("rev-parse", "HEAD~1") == before


def test_a_branch_with_nothing_to_bring_along_gets_no_commit(host, tmp_path, capsys):
    form_branch(
        host,
        BRANCH,
        {
            samples.HOME: samples.HOME_CARE_MD.replace(
                "title: Provstadens hemtjänst", "title: Provstadens hemtjänst i Provstaden"
            )
        },
    )
    clone = checkout(host, tmp_path)
    before = clone.git("rev-parse", "HEAD")
    code, out, err = run(clone.root, "uppfoljning", "--gren", "origin/main", capsys=capsys)
    assert code == 0, err
    assert "Ingen uppföljning behövde följa med. Inget ändrades." in out
    assert clone.git("rev-parse", "HEAD") == before


def test_a_follow_up_with_its_own_pending_branch_is_left_alone(host, tmp_path, capsys):
    own = "cms/provstaden-uppfoljning-2026/aldreomsorg/provstadens-hemtjanst"
    form_branch(host, own, {FOLLOW_UP: samples.follow_up(first_result="inte uppfyllt")})
    form_branch(host, BRANCH, {samples.HOME: shorter_commitment()})
    clone = checkout(host, tmp_path)
    before = clone.git("rev-parse", "HEAD")
    code, out, err = run(clone.root, "uppfoljning", "--gren", "origin/main", capsys=capsys)
    assert code == 0, err
    assert f"{FOLLOW_UP} följer inte med: den har en egen ändring som väntar på grenen {own}." in out
    assert clone.git("rev-parse", "HEAD") == before
    assert clone.git("status", "--porcelain") == ""


@pytest.mark.parametrize("outside", ["mkdocs.yml", "src/garanti/cli.py", ".github/workflows/check.yml"])
def test_a_branch_that_changes_files_outside_guarantees_is_refused(host, tmp_path, capsys, outside):
    form_branch(host, BRANCH, {samples.HOME: shorter_commitment(), outside: "# ändrad\n"})
    clone = checkout(host, tmp_path)
    before = clone.git("rev-parse", "HEAD")
    code, out, err = run(clone.root, "uppfoljning", "--gren", "origin/main", capsys=capsys)
    assert code == 1
    assert f"Grenen ändrar filer utanför guarantees/ ({outside}), så den är inte formulärets." in err
    assert "Traceback" not in err
    assert clone.git("rev-parse", "HEAD") == before and clone.git("status", "--porcelain") == ""


def test_a_follow_up_that_is_a_link_on_the_branch_is_not_read(host, tmp_path, capsys):
    """The branch is untrusted content: a link is never followed out of the repository."""
    form_branch(host, BRANCH, {samples.HOME: shorter_commitment()})
    host.git("switch", "-q", BRANCH)
    host.git("rm", "-q", "--", FOLLOW_UP)
    (host.root / FOLLOW_UP).symlink_to("/etc/hostname")
    host.commit("En länk")
    host.git("switch", "-q", "main")
    clone = checkout(host, tmp_path)
    before = clone.git("rev-parse", "HEAD")
    code, out, err = run(clone.root, "uppfoljning", "--gren", "origin/main", capsys=capsys)
    assert code == 0, err
    assert clone.git("rev-parse", "HEAD") == before and (clone.root / FOLLOW_UP).is_symlink()


def test_gren_is_said_alone(host, capsys):
    code, _, err = run(
        host.root,
        "uppfoljning",
        "provstaden/aldreomsorg/provstadens-hemtjanst",
        "2026",
        "--gren",
        "main",
        capsys=capsys,
    )
    assert code == 2 and "--gren" in err
    code, _, err = run(host.root, "uppfoljning", "provstaden/aldreomsorg/provstadens-hemtjanst", capsys=capsys)
    assert code == 2 and "skriv garantin och året" in err


def test_a_refused_path_is_printed_without_its_control_characters(host, tmp_path, capsys):
    """The workflow's log takes a line starting with :: for a command: a path cannot start one."""
    outside = "docs/x\n::error::falskt.md"
    form_branch(host, BRANCH, {samples.HOME: shorter_commitment(), outside: "# ändrad\n"})
    clone = checkout(host, tmp_path)
    code, out, err = run(clone.root, "uppfoljning", "--gren", "origin/main", capsys=capsys)
    assert code == 1 and "docs/x\\n::error::falskt.md" in err
    assert not any(line.startswith("::") for line in (out + err).splitlines())
