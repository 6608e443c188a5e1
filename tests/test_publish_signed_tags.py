"""Only an approver's tag counts: SSH-signed approval tags, verified against main's list.

Real keys made by ssh-keygen in a temporary folder, real signed tags made by
git (`gpg.format ssh`), real publishes. Each refusal leaves the previous site
as it was.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from garanti import signing

from .conftest import snapshot
from .publish_repo import NORRA_HOME, Repo, debris, home_care, make_key, make_repo, signers_line


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> dict[str, Path]:
    """Private key files by who holds them; the public key is beside each, in <name>.pub."""
    folder = tmp_path_factory.mktemp("nycklar")
    return {who: make_key(folder, who) for who in ("norra-sekreterare", "sodra-sekreterare", "utomstaende")}


@pytest.fixture
def repo(tmp_path, keys) -> Repo:
    """Two boards, each with its own secretary in the list on main; this copy signs as norra's secretary."""
    repo = make_repo(tmp_path / "repo")
    repo.write(signing.SIGNERS_FILE, signers_line("norra", keys["norra-sekreterare"]) + signers_line("sodra", keys["sodra-sekreterare"]))
    repo.commit("Godkännare")
    repo.git("config", "user.signingkey", str(keys["norra-sekreterare"]))
    return repo


def sign_with(repo: Repo, key: Path, name: str, ref: str = "HEAD", force: bool = False) -> None:
    """A signed tag made with plain git, as someone holding `key` could."""
    repo.git("-c", "gpg.format=ssh", "-c", f"user.signingkey={key}", "tag", "-s", *(["-f"] if force else []),
             "-m", "Beslut", name, ref)


def text(page: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))


def refused(repo: Repo, out: Path, capsys, expected: str) -> None:
    """The publish says no, naming why, and the previous site is exactly as it was."""
    before = snapshot(out)
    assert repo.garanti("publish", "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert expected in err, err
    assert "den tidigare webbplatsen är orörd" in err
    assert snapshot(out) == before
    assert debris(out) == []


@pytest.fixture
def published(repo, tmp_path, capsys) -> Path:
    """A signed round trip: garanti tag signs, publish verifies, the site says so."""
    assert repo.approve("norra", "2026-01-22") == 0
    assert "inte signerad" not in capsys.readouterr().out
    raw = repo.git("cat-file", "tag", "norra/2026-01-22")
    assert "-----BEGIN SSH SIGNATURE-----" in raw
    out = tmp_path / "site"
    assert repo.garanti("publish", "--out", str(out)) == 0
    capsys.readouterr()
    return out


def test_signed_round_trip_tag_verify_publish(repo, published, keys, tmp_path):
    assert "Du får en kontaktperson inom två veckor." in text(published / "norra/norra-hemtjanst/index.html")
    decisions = text(published / "beslut/index.html")
    assert "en av nämndens godkännare har signerat" in decisions
    assert "inte kontrollerade" not in decisions
    # git itself agrees, with the same list.
    allowed = tmp_path / "allowed_signers"
    allowed.write_text((repo.root / signing.SIGNERS_FILE).read_text(encoding="utf-8"), encoding="utf-8")
    repo.git("-c", f"gpg.ssh.allowedSignersFile={allowed}", "verify-tag", "norra/2026-01-22")


def test_forged_tag_signed_by_a_key_not_in_the_list_is_refused(repo, published, keys, capsys):
    sign_with(repo, keys["utomstaende"], "sodra/2026-02-19")
    refused(repo, published, capsys, "Taggen \"sodra/2026-02-19\" har ingen giltig signatur från någon av nämndens godkännare")


def test_tag_signed_by_another_boards_approver_is_refused(repo, published, keys, capsys):
    sign_with(repo, keys["norra-sekreterare"], "sodra/2026-02-19")
    refused(repo, published, capsys, "Taggen \"sodra/2026-02-19\" har ingen giltig signatur")
    repo.git("tag", "-d", "sodra/2026-02-19")
    sign_with(repo, keys["sodra-sekreterare"], "sodra/2026-02-19")
    assert repo.garanti("publish", "--out", str(published)) == 0


def test_moved_tag_is_refused(repo, published, keys, capsys):
    repo.write(NORRA_HOME, home_care("Norrstadens hemtjänst", "Text som nämnden aldrig såg."))
    repo.commit("Ändring efter beslutet")
    repo.git("tag", "-f", "-a", "-m", "Beslut", "norra/2026-01-22", "HEAD")  # moved, as anyone could
    refused(repo, published, capsys, "Taggen \"norra/2026-01-22\" är inte signerad")
    sign_with(repo, keys["utomstaende"], "norra/2026-01-22", force=True)  # moved and signed by an outsider
    refused(repo, published, capsys, "Taggen \"norra/2026-01-22\" har ingen giltig signatur")
    assert "Text som nämnden aldrig såg." not in text(published / "norra/norra-hemtjanst/index.html")


def test_signed_decision_replayed_under_another_name_is_refused(repo, published, capsys):
    signed_object = repo.git("rev-parse", "refs/tags/norra/2026-01-22")
    repo.git("update-ref", "refs/tags/sodra/2026-02-19", signed_object)  # under another board
    refused(repo, published, capsys, "Taggen \"sodra/2026-02-19\" är en kopia av beslutet \"norra/2026-01-22\"")


def test_unsigned_tag_is_refused_when_there_is_a_list(repo, published, capsys):
    repo.tag("sodra/2026-02-19")  # git tag -a, no signature
    refused(repo, published, capsys, "Taggen \"sodra/2026-02-19\" är inte signerad")


def test_a_broken_line_in_the_list_is_named(repo, published, keys, capsys):
    """The norra secretary's key mangled (a copy-paste accident): the publish names the list's line."""
    lines = (repo.root / signing.SIGNERS_FILE).read_text(encoding="utf-8").splitlines(keepends=True)
    repo.write(signing.SIGNERS_FILE, "".join([lines[0].replace("AAAA", "AAAAtrasig", 1), *lines[1:]]))
    repo.commit("En trasig rad")
    refused(repo, published, capsys, f"Listan över godkännare ({signing.SIGNERS_FILE} på main) har ett fel på rad 1")


def test_the_list_is_read_from_main_not_from_the_tag(repo, keys, tmp_path, capsys):
    """An outsider listed in an old commit (or in the tagged one) counts for nothing once main's list drops them."""
    repo.write(signing.SIGNERS_FILE, signers_line("*", keys["utomstaende"]))
    repo.commit("En lista där den utomstående står")
    sign_with(repo, keys["utomstaende"], "norra/2026-01-22")
    repo.write(signing.SIGNERS_FILE, signers_line("norra", keys["norra-sekreterare"]))
    repo.commit("Listan på main")
    assert repo.garanti("publish", "--out", str(tmp_path / "site")) == 1
    assert "har ingen giltig signatur" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_a_retired_approvers_old_tags_stay_valid_with_valid_before(repo, published, keys):
    """A secretary who leaves keeps her line with valid-before: her earlier tags still verify."""
    repo.write(signing.SIGNERS_FILE, signers_line("norra", keys["norra-sekreterare"], 'valid-before="20990101"'))
    repo.commit("Sekreteraren slutar 2099")
    assert repo.garanti("publish", "--out", str(published)) == 0
    repo.write(signing.SIGNERS_FILE, signers_line("norra", keys["norra-sekreterare"], 'valid-before="20000101"'))
    repo.commit("Nyckeln gällde bara före 2000")
    assert repo.garanti("publish", "--out", str(published)) == 1


def test_garanti_tag_needs_a_key_when_there_is_a_list(repo, capsys):
    repo.git("config", "--unset", "user.signingkey")
    assert repo.approve("norra", "2026-01-22") == 1
    err = capsys.readouterr().err
    assert "Du har ingen signeringsnyckel" in err and "Din signeringsnyckel" in err
    assert repo.git("tag", "--list") == ""


def test_garanti_tag_refuses_a_key_not_listed_for_the_board(repo, keys, capsys):
    repo.git("config", "user.signingkey", str(keys["utomstaende"]))
    assert repo.approve("norra", "2026-01-22") == 1
    assert "din nyckel" in capsys.readouterr().err
    assert repo.git("tag", "--list") == ""  # the tag it made to check is gone


def test_without_a_list_tags_are_not_verified_and_the_site_says_so(tmp_path, capsys):
    """Today's sample: no godkannare/allowed_signers on main yet."""
    repo = make_repo(tmp_path / "repo")
    assert repo.approve("norra", "2026-01-22") == 0
    assert "Taggen är inte signerad" in capsys.readouterr().out
    out = tmp_path / "site"
    assert repo.garanti("publish", "--out", str(out)) == 0
    decisions = text(out / "beslut/index.html")
    assert "Godkännandetaggarna är inte kontrollerade mot en lista över godkännare" in decisions
    assert "har signerat" not in decisions
