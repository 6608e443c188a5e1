"""A bad tag costs only itself (issue 32, item 1): a tag outside the approval form is ignored with a
warning; a tag in the form that breaks a rule holds its board back (the board keeps its valid
decisions) while every other board is published, and the publish exits with HELD_BACK so that the
daily job raises the alarm. Real repositories, real SSH-signed tags, real `garanti publish`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from garanti import signing
from garanti.commands.publish import HELD_BACK

from ..repos import Repo, debris, make_key, make_repo, make_signed_repo, sign_with, signers_line
from ..samples import BROKEN, NORRA_HOME, SODRA_HOME, home_care_unit


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("nycklar")
    return {who: make_key(folder, who) for who in ("norra-sekreterare", "sodra-sekreterare", "redaktor")}


@pytest.fixture
def repo(tmp_path, keys, capsys) -> Repo:
    """norra and sodra, each approved once with its secretary's signed tag."""
    repo = make_signed_repo(tmp_path / "repo", keys)
    assert repo.approve("norra", "2025-06-12") == 0
    repo.git("config", "user.signingkey", str(keys["sodra-sekreterare"]))
    assert repo.approve("sodra", "2026-02-19") == 0
    capsys.readouterr()
    return repo


def text(page: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))


def test_an_editors_stray_tag_is_ignored_with_a_warning(repo, keys, tmp_path, capsys):
    repo.git("tag", "redaktor/test")  # plain git, as an editor with write access could
    sign_with(repo, keys["redaktor"], "redaktor/2026-02-30")  # not a real date: not the approval form either
    out = tmp_path / "site"
    assert repo.garanti("publish", "--out", str(out)) == 0
    captured = capsys.readouterr()
    assert "har fel form" not in captured.err
    assert 'Obs: taggen "redaktor/test" är ingen godkännandetagg' in captured.err
    assert 'Obs: taggen "redaktor/2026-02-30" är ingen godkännandetagg' in captured.err
    assert "git push origin :refs/tags/redaktor/test" in captured.err
    assert "norra: 2 garantier enligt beslutet norra/2025-06-12" in captured.out
    assert "sodra: 1 garanti enligt beslutet sodra/2026-02-19" in captured.out
    assert (out / "norra/norra-hemtjanst/index.html").is_file()
    assert (out / "sodra/sodra-hemtjanst/index.html").is_file()


@pytest.mark.parametrize("bad", ["forged", "unknown meeting", "unsigned", "invalid content", "off main"])
def test_a_broken_tag_holds_back_its_board_only(repo, keys, tmp_path, capsys, bad):
    """Every other board is published; the broken tag's text reaches no page; the board keeps its
    earlier valid decision; the exit code and the output say which board and why."""
    out = tmp_path / "site"
    assert repo.garanti("publish", "--out", str(out)) == 0
    capsys.readouterr()
    if bad == "off main":
        repo.git("switch", "-q", "-c", "ogranskad")
    repo.write(NORRA_HOME, home_care_unit("Norrstadens hemtjänst", "Text som nämnden aldrig fastställde."))
    if bad == "invalid content":
        repo.write("guarantees/norra/aldreomsorg/trasig.md", BROKEN)
    repo.commit("Ändringar för norra")
    if bad == "off main":
        sign_with(repo, keys["norra-sekreterare"], "norra/2026-01-22")
        repo.git("switch", "-q", "main")
    repo.write(SODRA_HOME, home_care_unit("Sydstadens hemtjänst", "Ny text för sodra i december."))
    repo.commit("Ändringar för sodra")
    expected = {
        "forged": (lambda: sign_with(repo, keys["redaktor"], "norra/2026-01-22"), "har ingen giltig signatur"),
        "unknown meeting": (
            lambda: sign_with(repo, keys["norra-sekreterare"], "norra/2026-01-23"),
            "2026-01-23 är inte ett av nämndens sammanträden",
        ),
        "unsigned": (lambda: repo.git("tag", "-a", "-m", "Beslut", "norra/2026-01-22"), "är inte signerad"),
        "invalid content": (lambda: sign_with(repo, keys["norra-sekreterare"], "norra/2026-01-22"), "trasig.md"),
        "off main": (lambda: None, "som inte finns på main"),
    }
    make, words = expected[bad]
    make()
    # sodra decides again, properly, after norra's bad tag: sodra's new text must reach the site.
    repo.git("config", "user.signingkey", str(keys["sodra-sekreterare"]))
    assert repo.approve("sodra", "2026-11-19") == 0
    capsys.readouterr()

    assert repo.garanti("publish", "--out", str(out)) == HELD_BACK
    captured = capsys.readouterr()
    assert "Fel: en godkännandetagg för norra är felaktig och publicerar ingenting" in captured.err
    assert "nämnden visar det den fastställde enligt norra/2025-06-12" in captured.err
    assert words in captured.err, captured.err
    assert "sodra: 1 garanti enligt beslutet sodra/2026-11-19" in captured.out
    assert "norra: 2 garantier enligt beslutet norra/2025-06-12" in captured.out
    assert "Ny text för sodra i december." in text(out / "sodra/sodra-hemtjanst/index.html")
    norra = text(out / "norra/norra-hemtjanst/index.html")
    assert "Du får en kontaktperson inom två veckor." in norra
    assert "aldrig fastställde" not in norra
    assert not list(out.resolve().rglob("trasig*"))
    assert debris(out) == []


def test_a_board_with_only_a_broken_tag_publishes_nothing_and_the_others_publish(tmp_path, keys, capsys):
    repo = make_repo(tmp_path / "repo")
    repo.write(signing.SIGNERS_FILE, signers_line("sodra", keys["sodra-sekreterare"]))
    repo.commit("Godkännare")
    repo.git("config", "user.signingkey", str(keys["sodra-sekreterare"]))
    assert repo.approve("sodra", "2026-02-19") == 0
    sign_with(repo, keys["redaktor"], "norra/2026-01-22")
    out = tmp_path / "site"
    assert repo.garanti("publish", "--out", str(out)) == HELD_BACK
    captured = capsys.readouterr()
    assert "nämnden har inget giltigt beslut, så ingenting från den publicerades" in captured.err
    assert "Med en felaktig godkännandetagg, som inte publicerades (se nedan): norra" in captured.out
    assert (out / "sodra/sodra-hemtjanst/index.html").is_file()
    assert not (out / "norra/norra-hemtjanst/index.html").exists()


def test_a_broken_list_of_approvers_still_stops_every_board(repo, tmp_path, capsys):
    """What no tag can be judged without is not one board's fault: nothing is published."""
    repo.write(signing.SIGNERS_FILE, "norra ssh-ed25519 inte-en-nyckel trasig@example.org\n")
    repo.commit("Trasig lista")
    out = tmp_path / "site"
    assert repo.garanti("publish", "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert "har ett fel på rad 1" in err and "den tidigare webbplatsen är orörd" in err
    assert not out.exists()
