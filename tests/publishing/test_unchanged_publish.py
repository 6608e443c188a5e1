"""A publish where nothing changed builds nothing: the published site (and the one kept before it) stays.

Real repositories, real tags made by `garanti tag` or signed with real keys, real publishes (mkdocs
build --strict). What a publish is built from is in the site's publish record (publishing.unchanged);
the next publish with the same inputs, before a day on which any dated rule turns, says so in one line.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from garanti import publish_record, signing, sitefolder
from garanti.commands.publish import ALWAYS, COMPARE_WITH, HELD_BACK
from garanti.publishing import ALLOW_UNVERIFIED as UNVERIFIED
from garanti.publishing.unchanged import settings_digest, tags_digest

from ..helpers import snapshot
from ..repos import TODAY, Repo, debris, make_key, make_repo, publishing_environment, secretaries
from ..samples import SODRA_HOME, home_care_unit

UNCHANGED = "Inget har ändrats sedan publiceringen "


def publish(repo: Repo, out: Path, capsys, *options: str, day: str = TODAY) -> tuple[int, str, str]:
    with publishing_environment(day):
        code = repo.garanti("publish", "--out", str(out), *options)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def state(out: Path) -> tuple[str, str | None, float, dict[str, bytes]]:
    """The live version, the kept one, the live folder's modification time and every file of both."""
    kept = sitefolder.kept_link(out)
    versions = sitefolder.versions_folder(out)
    return (
        out.resolve().name,
        kept.resolve().name if kept.is_symlink() else None,
        out.resolve().stat().st_mtime_ns,
        snapshot(versions),
    )


def assert_built(before, out: Path, code: int, stdout: str) -> None:
    assert code == 0, stdout
    assert UNCHANGED not in stdout and "Webbplatsen är publicerad i" in stdout
    assert out.resolve().name != before[0]
    assert sitefolder.kept_link(out).resolve().name == before[0]  # the site it replaced is kept


def assert_untouched(before, out: Path, stdout: str) -> None:
    lines = stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(UNCHANGED) and lines[0].endswith(": webbplatsen står kvar."), stdout
    assert state(out) == before
    assert debris(out) == []


@pytest.fixture
def repo(tmp_path) -> Repo:
    repo = make_repo(tmp_path / "repo")
    with publishing_environment(TODAY):
        assert repo.approve("norra", "2026-01-22") == 0
    return repo


def test_the_same_inputs_build_nothing_a_new_tag_or_forcing_builds(repo, tmp_path, capsys):
    out = tmp_path / "site"
    repo.git("tag", "redaktor/prov")  # not an approval: ignored, and named each time
    assert publish(repo, out, capsys, UNVERIFIED)[0] == 0
    with publishing_environment(TODAY):
        assert repo.approve("sodra", "2026-02-19") == 0
    capsys.readouterr()
    site_a = state(out)

    code, stdout, _ = publish(repo, out, capsys, UNVERIFIED)  # a new tag: built
    assert_built(site_a, out, code, stdout)
    assert (out / "sodra" / "sodra-hemtjanst" / "index.html").is_file()
    site_b = state(out)
    record = publish_record.read(out)
    assert record.built_from.inputs.tags == tags_digest(
        {
            name: repo.git("rev-parse", f"refs/tags/{name}").strip()
            for name in ("norra/2026-01-22", "redaktor/prov", "sodra/2026-02-19")
        }
    )

    code, stdout, stderr = publish(repo, out, capsys, UNVERIFIED)  # the same: nothing built, A still kept
    assert code == 0
    assert_untouched(site_b, out, stdout)
    assert "--utan-godkannarlista" in stderr and 'taggen "redaktor/prov"' in stderr  # what it warned of, again

    # A fresh checkout (the workflow's): the live site's record fetched beside it, nothing written.
    fresh = tmp_path / "ny-kopia" / "site"
    code, stdout, _ = publish(repo, fresh, capsys, UNVERIFIED, COMPARE_WITH, str(out / publish_record.RECORD_FILE))
    assert code == 0 and stdout.startswith(UNCHANGED) and not fresh.exists()
    code, stdout, _ = publish(repo, fresh, capsys, UNVERIFIED, COMPARE_WITH, str(tmp_path / "saknas.json"))
    assert code == 0 and (fresh / "index.html").is_file()  # no record to compare with: built as before

    code, stdout, _ = publish(repo, out, capsys, UNVERIFIED, ALWAYS)  # IT asks for a build
    assert_built(site_b, out, code, stdout)


def test_a_code_commit_a_setting_or_publishing_without_the_list_builds(repo, tmp_path, capsys, monkeypatch):
    out = tmp_path / "site"
    assert publish(repo, out, capsys, UNVERIFIED)[0] == 0
    before = state(out)
    about = (repo.root / "docs" / "om.md").read_text(encoding="utf-8")
    repo.write("docs/om.md", about + "\nEn ny mening om webbplatsen.\n")
    repo.commit("En ändring på main")
    code, stdout, _ = publish(repo, out, capsys, UNVERIFIED)
    assert_built(before, out, code, stdout)
    assert "En ny mening om webbplatsen." in (out / "om" / "index.html").read_text(encoding="utf-8")

    before = state(out)
    monkeypatch.setenv("REDIGERA_AUTH_URL", "https://inloggning.example.org")  # mkdocs.yml reads it
    code, stdout, _ = publish(repo, out, capsys, UNVERIFIED)
    assert_built(before, out, code, stdout)
    before = state(out)
    assert_untouched(before, out, publish(repo, out, capsys, UNVERIFIED)[1])


def test_the_day_a_version_comes_into_force_builds_a_day_before_does_not(tmp_path, capsys):
    repo = make_repo(tmp_path / "repo")
    repo.write(SODRA_HOME, home_care_unit("Sydstadens hemtjänst").replace("from: 2026-01-01", "from: 2026-12-01"))
    repo.commit("Sydstadens garanti från december")
    with publishing_environment(TODAY):
        assert repo.approve("sodra", "2026-02-19") == 0
    out = tmp_path / "site"
    assert publish(repo, out, capsys, UNVERIFIED)[0] == 0  # on 2026-11-24: announced from 1 December
    assert publish_record.read(out).built_from.until.isoformat() == "2026-12-01"
    before = state(out)

    code, stdout, _ = publish(repo, out, capsys, UNVERIFIED, day="2026-11-30")
    assert code == 0
    assert_untouched(before, out, stdout)

    code, stdout, _ = publish(repo, out, capsys, UNVERIFIED, day="2026-12-01")
    assert_built(before, out, code, stdout)
    assert "Ny garanti från" not in (out / "sodra" / "sodra-hemtjanst" / "index.html").read_text(encoding="utf-8")


def test_a_held_back_tag_exits_5_again_and_a_new_approvers_list_builds(tmp_path, capsys):
    keys = {who: make_key(tmp_path, who) for who in ("norra-sekreterare", "sodra-sekreterare")}
    repo = make_repo(tmp_path / "repo")
    retired = 'valid-before="20261201"'  # sodra's secretary's key ends on 1 December: a day that turns
    repo.write(signing.SIGNERS_FILE, secretaries(keys, sodra_options=retired))
    repo.commit("Godkännare")
    repo.git("config", "user.signingkey", str(keys["norra-sekreterare"]))
    with publishing_environment(TODAY):
        assert repo.approve("norra", "2026-01-22") == 0
    repo.git("tag", "-a", "-m", "Beslut", "sodra/2026-02-19")  # not signed: held back
    out = tmp_path / "site"
    code, _, stderr = publish(repo, out, capsys)
    assert code == HELD_BACK and "sodra" in stderr and "är felaktig" in stderr
    assert publish_record.read(out).built_from.until.isoformat() == "2026-12-01"
    before = state(out)

    code, stdout, again = publish(repo, out, capsys)  # the same broken tag: the same alarm, nothing built
    assert code == HELD_BACK and again == stderr
    assert_untouched(before, out, stdout)
    said = (out / publish_record.RECORD_FILE).read_text(encoding="utf-8")
    assert "sodra/2026-02-19" not in said and "signer" not in said  # the public record names no refused tag

    repo.write(signing.SIGNERS_FILE, secretaries(keys))
    repo.commit("Sydstadens sekreterare tills vidare")
    code, stdout, _ = publish(repo, out, capsys)
    assert code == HELD_BACK  # still unsigned, so still held back: but the list changed, so built
    assert "Webbplatsen är publicerad i" in stdout and out.resolve().name != before[0]


def test_the_settings_digest_names_mkdocs_env_variables_not_their_defaults():
    mkdocs_yml = (
        b'site_url: !ENV [SITE_URL, "https://x.example/"]\nrepo: !ENV [REDIGERA_REPO, GITHUB_REPOSITORY, ""]\n'
        b"name: !ENV REDIGERA_BACKEND\n"
    )
    base = settings_digest(mkdocs_yml, {})
    assert settings_digest(mkdocs_yml, {"UNRELATED": "1"}) == base
    for name in ("SITE_URL", "REDIGERA_REPO", "GITHUB_REPOSITORY", "REDIGERA_BACKEND"):
        assert settings_digest(mkdocs_yml, {name: "x"}) != base, name
    assert settings_digest(mkdocs_yml, {"SITE_URL": ""}) != base  # set but empty: mkdocs takes it as set


def test_a_record_without_what_it_was_built_from_builds(repo, tmp_path, capsys):
    out = tmp_path / "site"
    assert publish(repo, out, capsys, UNVERIFIED)[0] == 0
    record = out.resolve() / publish_record.RECORD_FILE
    data = json.loads(record.read_text(encoding="utf-8"))
    del data["built_from"]  # as an earlier publish wrote it
    os.chmod(record, 0o644)
    record.write_text(json.dumps(data), encoding="utf-8")
    before = state(out)
    code, stdout, _ = publish(repo, out, capsys, UNVERIFIED)
    assert_built(before, out, code, stdout)
