"""Only an approver's tag counts: SSH-signed approval tags, verified against main's list.

Real keys made by ssh-keygen in a temporary folder, real signed tags made by
git (`gpg.format ssh`), real publishes. Each refusal leaves the previous site
as it was.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from garanti import publish_record, signing
from garanti.commands.publish import HELD_BACK
from garanti.dates import TODAY_VARIABLE
from garanti.publishing import ALLOW_UNVERIFIED

from ..helpers import snapshot
from ..repos import Repo, debris, make_key, make_repo, make_signed_repo, sign_with, signers_line
from ..samples import NORRA_BOARD, NORRA_HOME, home_care_unit


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> dict[str, Path]:
    """Private key files by who holds them; the public key is beside each, in <name>.pub."""
    folder = tmp_path_factory.mktemp("nycklar")
    return {who: make_key(folder, who) for who in ("norra-sekreterare", "sodra-sekreterare", "utomstaende")}


@pytest.fixture
def repo(tmp_path, keys) -> Repo:
    """Two boards, each with its own secretary in the list on main; this copy signs as norra's secretary."""
    return make_signed_repo(tmp_path / "repo", keys)


def text(page: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))


def refused(repo: Repo, out: Path, capsys, expected: str) -> None:
    """The publish says no, naming why. A fault of the list refuses everything and leaves the previous
    site exactly as it was; a bad tag publishes nothing and holds back only its board (issue 32, item 1:
    test_bad_tag_costs_itself.py shows the other boards published and the tag's text on no page)."""
    before = snapshot(out)
    code = repo.garanti("publish", "--out", str(out))
    err = capsys.readouterr().err
    assert expected in err, err
    if code == 1:
        assert "den tidigare webbplatsen är orörd" in err
        assert snapshot(out) == before
    else:
        assert code == HELD_BACK
        assert "är felaktig och publicerar ingenting" in err
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
    refused(
        repo, published, capsys, 'Taggen "sodra/2026-02-19" har ingen giltig signatur från någon av nämndens godkännare'
    )


def test_tag_signed_by_another_boards_approver_is_refused(repo, published, keys, capsys):
    sign_with(repo, keys["norra-sekreterare"], "sodra/2026-02-19")
    refused(repo, published, capsys, 'Taggen "sodra/2026-02-19" har ingen giltig signatur')
    repo.git("tag", "-d", "sodra/2026-02-19")
    sign_with(repo, keys["sodra-sekreterare"], "sodra/2026-02-19")
    assert repo.garanti("publish", "--out", str(published)) == 0


def test_moved_tag_is_refused(repo, published, keys, capsys):
    repo.write(NORRA_HOME, home_care_unit("Norrstadens hemtjänst", "Text som nämnden aldrig såg."))
    repo.commit("Ändring efter beslutet")
    repo.git("tag", "-f", "-a", "-m", "Beslut", "norra/2026-01-22", "HEAD")  # moved, as anyone could
    refused(repo, published, capsys, 'Taggen "norra/2026-01-22" är inte signerad')
    sign_with(repo, keys["utomstaende"], "norra/2026-01-22", force=True)  # moved and signed by an outsider
    refused(repo, published, capsys, 'Taggen "norra/2026-01-22" har ingen giltig signatur')
    # norra's only decision was moved: norra publishes nothing, and the text reaches no page.
    assert not any(
        "Text som nämnden aldrig såg." in page.read_text(encoding="utf-8")
        for page in published.resolve().rglob("*.html")
    )


def test_signed_decision_replayed_under_another_name_is_refused(repo, published, capsys):
    signed_object = repo.git("rev-parse", "refs/tags/norra/2026-01-22")
    repo.git("update-ref", "refs/tags/sodra/2026-02-19", signed_object)  # under another board
    refused(repo, published, capsys, 'Taggen "sodra/2026-02-19" är en kopia av beslutet "norra/2026-01-22"')


def test_unsigned_tag_is_refused_when_there_is_a_list(repo, published, capsys):
    repo.tag("sodra/2026-02-19")  # git tag -a, no signature
    refused(repo, published, capsys, 'Taggen "sodra/2026-02-19" är inte signerad')


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
    assert repo.garanti("publish", "--out", str(tmp_path / "site")) == HELD_BACK
    assert "har ingen giltig signatur" in capsys.readouterr().err
    assert not (tmp_path / "site/norra/norra-hemtjanst").exists()


def test_a_retired_approvers_old_tags_stay_valid_with_valid_before(repo, published, keys):
    """A secretary who leaves keeps her line with valid-before: her earlier tags still verify."""
    repo.write(signing.SIGNERS_FILE, signers_line("norra", keys["norra-sekreterare"], 'valid-before="20990101"'))
    repo.commit("Sekreteraren slutar 2099")
    assert repo.garanti("publish", "--out", str(published)) == 0
    repo.write(signing.SIGNERS_FILE, signers_line("norra", keys["norra-sekreterare"], 'valid-before="20000101"'))
    repo.commit("Nyckeln gällde bara före 2000")
    assert repo.garanti("publish", "--out", str(published)) == HELD_BACK


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


def test_without_a_list_nothing_publishes_unless_asked_and_then_every_run_says_so(tmp_path, capsys):
    """Today's sample: no godkannare/allowed_signers on main yet. Any tag on main published, silently."""
    repo = make_repo(tmp_path / "repo")
    assert repo.approve("norra", "2026-01-22") == 0
    assert "Taggen är inte signerad" in capsys.readouterr().out
    out = tmp_path / "site"
    assert repo.garanti("publish", "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert f"Listan över godkännare ({signing.SIGNERS_FILE} på main) saknas." in err
    assert ALLOW_UNVERIFIED in err and "Inget har publicerats" in err
    assert not out.exists()
    assert repo.garanti("publish", "--out", str(out), ALLOW_UNVERIFIED) == 0
    assert "Obs: taggarna är inte kontrollerade mot en lista över godkännare" in capsys.readouterr().err
    decisions = text(out / "beslut/index.html")
    assert "Godkännandetaggarna är inte kontrollerade mot en lista över godkännare" in decisions
    assert "har signerat" not in decisions


@pytest.mark.parametrize("broken", ["tom", "mapp", "bortagen"])
def test_an_empty_missing_or_folder_list_on_main_stops_the_publish(repo, published, keys, broken, capsys):
    """Deleting the list on main, or putting a folder in its place, switched verification off."""
    listed = repo.root / signing.SIGNERS_FILE
    if broken == "tom":
        repo.write(signing.SIGNERS_FILE, "# ingen nyckel ännu\n")
    else:
        repo.remove(signing.SIGNERS_FILE)
        if broken == "mapp":
            repo.write(f"{signing.SIGNERS_FILE}/README.md", "en mapp\n")
    repo.commit("Listan borta")
    expected = {"tom": "är tom: den har ingen nyckel", "mapp": "är en mapp, inte en fil", "bortagen": "saknas"}[broken]
    refused(repo, published, capsys, f"Listan över godkännare ({signing.SIGNERS_FILE} på main) {expected}")
    assert listed.is_dir() if broken == "mapp" else True


# --- a retired approver approves nothing new -------------------------------------------------


def retire_norra(repo: Repo, keys, monkeypatch, until: str | None = None) -> int:
    """The administrator retires the norra secretary's key with the command the day after the
    decision (from then, or from the start of a day), and merges it to main; publishes follow a day later."""
    since = ["--fran", until] if until else []
    monkeypatch.setenv(TODAY_VARIABLE, "2026-11-25")
    code = repo.garanti("avsluta-nyckel", str(keys["norra-sekreterare"].with_suffix(".pub")), *since)
    repo.commit("Norras sekreterare slutar")
    monkeypatch.setenv(TODAY_VARIABLE, "2026-11-26")
    return code


def backdated_march_decision(repo: Repo, keys) -> None:
    """A text the board never saw, a meeting in March added to norra's list, and a tag for that meeting
    signed with norra's secretary's key and dated the day after it: a backdated tag, made today."""
    repo.write(NORRA_HOME, home_care_unit("Norrstadens hemtjänst", "Text som nämnden aldrig såg."))
    repo.write(
        "guarantees/norra/board.yml",
        NORRA_BOARD.replace("  - date: 2026-12-10", "  - date: 2026-03-12\n  - date: 2026-12-10"),
    )
    repo.commit("Ändring efter beslutet, och ett sammanträde i mars")
    sign_with(repo, keys["norra-sekreterare"], "norra/2026-03-12", when="2026-03-13T10:00:00+01:00")


def test_a_retired_key_cannot_approve_by_backdating_but_its_decisions_keep_publishing(
    repo, published, keys, capsys, monkeypatch
):
    """The key retired on 2026-11-25; a tag made afterwards, dated before, for a meeting it covers."""
    assert retire_norra(repo, keys, monkeypatch) == 0
    out = capsys.readouterr().out
    assert "1 beslut som nyckeln signerade före dess behålls" in out and "  norra/2026-01-22" in out
    assert 'valid-before="20261125120000Z"' in (repo.root / signing.SIGNERS_FILE).read_text(encoding="utf-8")
    assert repo.garanti("publish", "--out", str(published)) == 0  # the decision signed while valid
    backdated_march_decision(repo, keys)
    refused(
        repo,
        published,
        capsys,
        'Taggen "norra/2026-03-12" är signerad av norra-sekreterare@example.org '
        "(rad 1 i godkannare/allowed_signers på main), vars nyckel slutade gälla 2026-11-25 12:00 UTC (valid-before)",
    )
    # norra's only decision was moved: norra publishes nothing, and the text reaches no page.
    assert not any(
        "Text som nämnden aldrig såg." in page.read_text(encoding="utf-8")
        for page in published.resolve().rglob("*.html")
    )


def test_without_the_record_a_retired_keys_old_decisions_stop_publishing(repo, published, keys, capsys):
    """valid-before written by hand, without the command: nothing tells old tags from backdated ones."""
    repo.write(
        signing.SIGNERS_FILE,
        signers_line("norra", keys["norra-sekreterare"], 'valid-before="20260601"')
        + signers_line("sodra", keys["sodra-sekreterare"]),
    )
    repo.commit("Nyckeln avslutad för hand")
    refused(
        repo,
        published,
        capsys,
        f"taggen finns inte bland besluten som behölls när nyckeln avslutades ({signing.KEPT_FILE})",
    )


def test_a_kept_decision_moved_or_re_signed_is_not_kept(repo, published, keys, capsys, monkeypatch):
    assert retire_norra(repo, keys, monkeypatch) == 0
    repo.git("tag", "-d", "norra/2026-01-22")
    # the same name, a new object
    sign_with(repo, keys["norra-sekreterare"], "norra/2026-01-22", when="2026-01-23T10:00:00+01:00")
    refused(repo, published, capsys, "vars nyckel slutade gälla 2026-11-25 12:00 UTC")


def test_an_expired_key_signing_today_is_named_not_the_list(repo, keys, capsys, monkeypatch):
    """The message blamed a correct list: "har ett fel på rad 1: key has expired"."""
    assert retire_norra(repo, keys, monkeypatch, until="2026-01-01") == 0
    assert repo.approve("norra", "2026-01-22") == 1
    err = capsys.readouterr().err
    assert "din nyckel" in err and "norra-sekreterare@example.org på rad 1" in err
    assert "slutade gälla 2026-01-01 00:00 UTC (valid-before)" in err
    assert "har ett fel på rad" not in err
    assert repo.git("tag", "--list") == ""
    sign_with(repo, keys["norra-sekreterare"], "norra/2026-01-22")  # made with git itself
    assert repo.garanti("publish", "--out", str(repo.root.parent / "site")) == HELD_BACK
    err = capsys.readouterr().err
    assert 'Taggen "norra/2026-01-22" är signerad av norra-sekreterare@example.org' in err
    assert "har ett fel på rad" not in err


def test_a_tag_dated_before_its_meeting_or_after_the_publish_is_refused(repo, published, keys, capsys):
    sign_with(repo, keys["sodra-sekreterare"], "sodra/2026-02-19")  # dated today (2026-11-24): fine
    assert repo.garanti("publish", "--out", str(published)) == 0
    repo.git("tag", "-d", "sodra/2026-02-19")
    sign_with(repo, keys["sodra-sekreterare"], "sodra/2026-02-19", when="2026-02-18T18:00:00+01:00")
    refused(repo, published, capsys, 'Taggen "sodra/2026-02-19" är daterad 2026-02-18, före sammanträdet 2026-02-19')
    repo.git("tag", "-d", "sodra/2026-02-19")
    sign_with(repo, keys["sodra-sekreterare"], "sodra/2026-02-19", when="2026-12-24T18:00:00+01:00")
    refused(
        repo, published, capsys, 'Taggen "sodra/2026-02-19" är daterad 2026-12-24 18:00, efter den här publiceringen'
    )


def test_retiring_a_key_refuses_what_it_cannot_do_and_writes_nothing(repo, keys, capsys):
    before = (repo.root / signing.SIGNERS_FILE).read_text(encoding="utf-8")
    assert repo.garanti("avsluta-nyckel", "okand@example.org") == 1
    assert 'Hittar ingen nyckel för "okand@example.org"' in capsys.readouterr().err
    assert repo.garanti("avsluta-nyckel", "norra-sekreterare@example.org", "--fran", "2030-01-01") == 2
    assert "är efter i dag" in capsys.readouterr().err
    assert (repo.root / signing.SIGNERS_FILE).read_text(encoding="utf-8") == before
    assert not (repo.root / signing.KEPT_FILE).exists()
    assert repo.garanti("avsluta-nyckel", "norra-sekreterare@example.org") == 0  # by its e-mail address, now
    assert 'valid-before="20261124120000Z"' in (repo.root / signing.SIGNERS_FILE).read_text(encoding="utf-8")
    assert repo.garanti("avsluta-nyckel", "norra-sekreterare@example.org") == 1
    assert "är redan avslutad" in capsys.readouterr().err


# --- retiring from a past day keeps only what was shown to exist before it (issue 32, item 3) ---


def test_retiring_from_a_past_day_refuses_a_backdated_tag_and_names_it(repo, published, keys, capsys, monkeypatch):
    """The secretary left on 2026-11-25 but the key was retired a day late: meanwhile its holder
    signed an unapproved text and dated the tag back to March. Its date proves nothing, so the
    retirement names it (and the genuine decision, which nothing outside the tag proves either)."""
    monkeypatch.setenv(TODAY_VARIABLE, "2026-11-26")
    backdated_march_decision(repo, keys)  # made on the 26th
    before = (repo.root / signing.SIGNERS_FILE).read_text(encoding="utf-8")
    pub = str(keys["norra-sekreterare"].with_suffix(".pub"))
    assert repo.garanti("avsluta-nyckel", pub, "--fran", "2026-11-25") == 1
    err = capsys.readouterr().err
    assert "Nyckeln har signerat 2 taggar daterade före 2026-11-25 som ingenting visar fanns före den dagen" in err
    assert "– norra/2026-03-12, daterad 2026-03-13 09:00 UTC, taggobjekt " in err
    assert "– norra/2026-01-22, daterad 2026-11-24 12:00 UTC, taggobjekt " in err
    assert "--behall TAGG" in err
    # Confirming the genuine decision alone is not enough: the backdated tag is still named.
    assert repo.garanti("avsluta-nyckel", pub, "--fran", "2026-11-25", "--behall", "norra/2026-01-22") == 1
    err = capsys.readouterr().err
    assert "– norra/2026-03-12" in err and "– norra/2026-01-22" not in err
    assert (repo.root / signing.SIGNERS_FILE).read_text(encoding="utf-8") == before
    assert not (repo.root / signing.KEPT_FILE).exists()
    # A name the command never showed is a mistake, not a confirmation.
    assert (
        repo.garanti(
            "avsluta-nyckel",
            pub,
            "--fran",
            "2026-11-25",
            "--behall",
            "norra/2026-01-22",
            "--behall",
            "norra/2026-01-23",
        )
        == 2
    )
    assert "norra/2026-01-23: ingen sådan tagg" in capsys.readouterr().err


def test_retiring_from_a_past_day_keeps_what_the_administrator_confirms(repo, published, keys, capsys, monkeypatch):
    monkeypatch.setenv(TODAY_VARIABLE, "2026-11-26")
    pub = str(keys["norra-sekreterare"].with_suffix(".pub"))
    assert repo.garanti("avsluta-nyckel", pub, "--fran", "2026-11-25", "--behall", "norra/2026-01-22") == 0
    out = capsys.readouterr().out
    sha = repo.git("rev-parse", "norra/2026-01-22").strip()
    assert f"de behålls på ditt ord:\n  norra/2026-01-22, daterad 2026-11-24 12:00 UTC, taggobjekt {sha}" in out
    assert "1 beslut som nyckeln signerade före dess behålls" in out
    assert (
        f"norra/2026-01-22 {sha}  # norra-sekreterare@example.org, bekräftad av förvaltaren vid avslut från "
        "2026-11-25\n"
    ) in (repo.root / signing.KEPT_FILE).read_text(encoding="utf-8")
    assert 'valid-before="20261125000000Z"' in (repo.root / signing.SIGNERS_FILE).read_text(encoding="utf-8")
    repo.commit("Norras sekreterare slutade i går")
    # The backdated tag pushed afterwards is in no record: it holds norra back, the kept decision stays.
    backdated_march_decision(repo, keys)
    refused(repo, published, capsys, 'Taggen "norra/2026-03-12" är signerad av norra-sekreterare@example.org')
    assert "Du får en kontaktperson inom två veckor." in text(published / "norra/norra-hemtjanst/index.html")
    assert not any(
        "Text som nämnden aldrig såg." in page.read_text(encoding="utf-8")
        for page in published.resolve().rglob("*.html")
    )


def test_behall_belongs_to_a_past_day(repo, keys, capsys):
    assert repo.garanti("avsluta-nyckel", "norra-sekreterare@example.org", "--behall", "norra/2026-01-22") == 2
    assert "--behall hör till --fran" in capsys.readouterr().err
    assert not (repo.root / signing.KEPT_FILE).exists()


# --- an earlier publish shows what existed before the day (issue 32, item 3) ---------------


def saved_record(site: Path, folder: Path) -> Path:
    """The publish record of a site as the administrator keeps it (GitHub keeps each run's Pages artifact)."""
    folder.mkdir()
    return Path(shutil.copy(site / publish_record.RECORD_FILE, folder / publish_record.RECORD_FILE))


def test_a_publish_records_each_tag_it_published_and_when(repo, published):
    record = publish_record.read(published)
    assert record.published_at.isoformat() == "2026-11-24T12:00:00+00:00"  # the publish's own day (GARANTI_TODAY)
    assert record.tags == {("norra/2026-01-22", repo.git("rev-parse", "norra/2026-01-22"))}
    assert record.commit == repo.git("rev-parse", "main")


def test_retiring_from_a_past_day_keeps_what_an_earlier_publish_shows(
    repo, published, keys, capsys, monkeypatch, tmp_path
):
    """The site published on the 24th names norra's genuine decision; the key's holder signs an unapproved
    text on the 26th, dates it back to March, and the publish that night puts it on the site too. Retired
    from the 25th with the earlier record, the genuine decision is kept without --behall, and the backdated
    tag is refused, named with its date; the later record shows nothing about the time before the day."""
    earlier = saved_record(published, tmp_path / "publicering-24")
    monkeypatch.setenv(TODAY_VARIABLE, "2026-11-26")
    backdated_march_decision(repo, keys)
    assert repo.garanti("publish", "--out", str(published)) == 0  # the key is not retired yet: it publishes
    assert ("norra/2026-03-12", repo.git("rev-parse", "norra/2026-03-12")) in publish_record.read(published).tags
    capsys.readouterr()
    before = (repo.root / signing.SIGNERS_FILE).read_text(encoding="utf-8")
    pub = str(keys["norra-sekreterare"].with_suffix(".pub"))

    assert repo.garanti("avsluta-nyckel", pub, "--fran", "2026-11-25", "--publicerat", str(earlier)) == 1
    err = capsys.readouterr().err
    assert "Nyckeln har signerat 1 tagg daterad före 2026-11-25 som ingenting visar fanns före den dagen" in err
    assert "– norra/2026-03-12, daterad 2026-03-13 09:00 UTC, taggobjekt " in err
    assert "norra/2026-01-22" not in err
    # The site as it is now was published after the day: it names the backdated tag, and proves nothing.
    assert repo.garanti("avsluta-nyckel", pub, "--fran", "2026-11-25", "--publicerat", str(published)) == 1
    err = capsys.readouterr().err
    assert "publicerades 2026-11-26 12:00 UTC, inte före 2026-11-25, och visar därför ingenting" in err
    assert "– norra/2026-03-12" in err and "– norra/2026-01-22" in err
    assert (repo.root / signing.SIGNERS_FILE).read_text(encoding="utf-8") == before
    assert not (repo.root / signing.KEPT_FILE).exists()

    repo.git("tag", "-d", "norra/2026-03-12")  # what the refusal says to do with a tag nothing shows
    assert repo.garanti("avsluta-nyckel", pub, "--fran", "2026-11-25", "--publicerat", str(earlier)) == 0
    out = capsys.readouterr().out
    sha, main = repo.git("rev-parse", "norra/2026-01-22"), publish_record.read(earlier).commit
    assert (
        "De här taggarna publicerades före dagen och behålls:\n  norra/2026-01-22, daterad 2026-11-24 12:00 UTC, "
        f"taggobjekt {sha} (publicerad 2026-11-24 12:00 UTC med main {main[:10]})"
    ) in out
    assert "på ditt ord" not in out
    kept = (repo.root / signing.KEPT_FILE).read_text(encoding="utf-8")
    assert (
        f"norra/2026-01-22 {sha}  # norra-sekreterare@example.org, publicerad 2026-11-24 12:00 UTC med main "
        f"{main[:10]}\n"
    ) in kept


def test_a_tag_re_signed_since_the_publish_is_not_shown_by_it(repo, published, keys, capsys, monkeypatch, tmp_path):
    """The record names the tag object: the same name signed again (and dated back) is another tag."""
    earlier = saved_record(published, tmp_path / "publicering-24")
    monkeypatch.setenv(TODAY_VARIABLE, "2026-11-26")
    repo.git("tag", "-d", "norra/2026-01-22")
    sign_with(repo, keys["norra-sekreterare"], "norra/2026-01-22", when="2026-01-23T10:00:00+01:00")
    pub = str(keys["norra-sekreterare"].with_suffix(".pub"))
    assert repo.garanti("avsluta-nyckel", pub, "--fran", "2026-11-25", "--publicerat", str(earlier)) == 1
    assert "– norra/2026-01-22, daterad 2026-01-23 09:00 UTC, taggobjekt " in capsys.readouterr().err
    assert not (repo.root / signing.KEPT_FILE).exists()


def test_a_publish_record_that_is_not_one_is_named(repo, keys, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv(TODAY_VARIABLE, "2026-11-26")
    pub = str(keys["norra-sekreterare"].with_suffix(".pub"))
    assert repo.garanti("avsluta-nyckel", pub, "--publicerat", str(tmp_path)) == 2
    assert "--publicerat hör till --fran" in capsys.readouterr().err
    assert repo.garanti("avsluta-nyckel", pub, "--fran", "2026-11-25", "--publicerat", str(tmp_path)) == 2
    assert f"{tmp_path / publish_record.RECORD_FILE} finns inte" in capsys.readouterr().err
    forged = tmp_path / publish_record.RECORD_FILE
    forged.write_text('{"published_at": "2026-01-01", "tags": []}', encoding="utf-8")
    assert repo.garanti("avsluta-nyckel", pub, "--fran", "2026-11-25", "--publicerat", str(forged)) == 2
    err = capsys.readouterr().err
    assert f"{forged} är inte en publiceringsfil (publicering.json) från garanti publish: published_at:" in err
    assert "Traceback" not in err
    assert not (repo.root / signing.KEPT_FILE).exists()
