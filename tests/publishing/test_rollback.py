"""`garanti aterstall --out DIR`: the site the last publish replaced is kept, and put back in one step.

Real publishes (mkdocs build --strict) of a real repository with tags made by `garanti tag`:
site A has norra only; site B, published after sodra's decision, has sodra too.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from garanti import publish_record, sitefolder
from garanti.commands.publish import ALWAYS
from garanti.publishing import ALLOW_UNVERIFIED as UNVERIFIED
from garanti.wording import date_text

from ..helpers import GARANTI_PROCESS, run, snapshot
from ..repos import TODAY, Repo, debris, make_repo, publishing_environment

NORRA_PAGE = "norra/norra-hemtjanst/index.html"
SODRA_PAGE = "sodra/sodra-hemtjanst/index.html"


@pytest.fixture
def repo(tmp_path) -> Repo:
    repo = make_repo(tmp_path / "repo")
    assert repo.approve("norra", "2026-01-22") == 0
    return repo


def publish(repo: Repo, out: Path, *options: str) -> int:
    with publishing_environment(TODAY):
        return repo.garanti("publish", "--out", str(out), UNVERIFIED, *options)


def published_a_then_b(repo: Repo, out: Path) -> tuple[str, str]:
    """Site A (norra), then sodra's decision and site B (norra and sodra): their version folders."""
    assert publish(repo, out) == 0
    site_a = out.resolve().name
    assert repo.approve("sodra", "2026-02-19") == 0
    assert publish(repo, out) == 0
    return site_a, out.resolve().name


def live(out: Path) -> str:
    return out.resolve().name


def kept(out: Path) -> str | None:
    link = sitefolder.kept_link(out)
    return link.resolve().name if link.is_symlink() else None


def test_a_publish_keeps_the_site_it_replaced_and_the_next_publish_drops_it(repo, tmp_path):
    out = tmp_path / "site"
    site_a, site_b = published_a_then_b(repo, out)
    assert site_a != site_b and live(out) == site_b and kept(out) == site_a
    assert not (sitefolder.versions_folder(out) / site_a / SODRA_PAGE).exists()  # A kept whole, as it was
    assert (sitefolder.versions_folder(out) / site_a / NORRA_PAGE).is_file()
    assert debris(out) == []

    assert publish(repo, out, ALWAYS) == 0  # nothing changed: only a forced publish builds (test_unchanged_publish.py)
    assert kept(out) == site_b
    assert sorted(p.name for p in sitefolder.versions_folder(out).iterdir()) == sorted([site_b, live(out)])
    assert debris(out) == []


def test_roll_back_puts_the_replaced_site_back_and_again_goes_forward(repo, tmp_path, capsys):
    out = tmp_path / "site"
    site_a, site_b = published_a_then_b(repo, out)
    versions = sitefolder.versions_folder(out)
    assert (out / SODRA_PAGE).is_file()
    capsys.readouterr()

    code, said, err = run(repo.root, "aterstall", "--out", str(out), capsys=capsys)
    assert code == 0, err
    assert live(out) == site_a and kept(out) == site_b
    assert (out / NORRA_PAGE).is_file() and not (out / SODRA_PAGE).exists()
    when_a, when_b = (publish_record.read(versions / version).published_at.astimezone() for version in (site_a, site_b))
    assert said.startswith(
        f"Webbplatsen i {out} är nu den från publiceringen {date_text(when_a.date())} kl. "
        f"{when_a:%H.%M.%S}, med besluten:\n  norra/2026-01-22\nDen som ersattes, från "
        f"publiceringen {date_text(when_b.date())} kl. {when_b:%H.%M.%S}, är sparad: kör samma "
        "kommando igen för att gå tillbaka till den.\n"
    ), said
    assert "Rätta en felaktig tagg" in said
    assert debris(out) == []

    # A site published before there were publish records is named by when its folder was made.
    (versions / site_b / publish_record.RECORD_FILE).unlink()
    code, said, err = run(repo.root, "aterstall", "--out", str(out), capsys=capsys)
    assert code == 0, err
    assert live(out) == site_b and kept(out) == site_a
    assert (out / SODRA_PAGE).is_file()
    folder_made = sitefolder.published_at(site_b)
    assert f"är nu den från publiceringen {date_text(folder_made.date())} kl. {folder_made:%H.%M.%S}.\n" in said

    # Rolled back, then published again: the live site (A) is kept, B is gone.
    assert run(repo.root, "aterstall", "--out", str(out), capsys=capsys)[0] == 0
    assert publish(repo, out) == 0
    assert kept(out) == site_a and not (sitefolder.versions_folder(out) / site_b).exists()
    assert (out / SODRA_PAGE).is_file()  # built from the tags again
    assert debris(out) == []


def test_nothing_to_roll_back_to_is_refused_and_changes_nothing(repo, tmp_path, capsys):
    out = tmp_path / "site"
    code, said, err = run(repo.root, "aterstall", "--out", str(out), capsys=capsys)
    assert (code, said) == (1, "")
    assert "ingen webbplats som garanti publish har lagt ut" in err and "Ingenting har ändrats." in err
    assert not out.exists()

    out.mkdir()  # the layout before version folders: a plain folder
    (out / "index.html").write_text("<p>gammal</p>", encoding="utf-8")
    code, _, err = run(repo.root, "aterstall", "--out", str(out), capsys=capsys)
    assert code == 1 and "ingen webbplats som garanti publish har lagt ut" in err
    assert (out / "index.html").read_text(encoding="utf-8") == "<p>gammal</p>"

    assert publish(repo, out) == 0  # replaced a plain folder: nothing kept
    first = live(out)
    before = snapshot(out)
    code, _, err = run(repo.root, "aterstall", "--out", str(out), capsys=capsys)
    assert code == 1, err
    assert "Det finns ingen sparad tidigare webbplats" in err and "Webbplatsen är orörd" in err
    assert "Traceback" not in err and "oväntat fel" not in err
    assert live(out) == first and snapshot(out) == before
    assert debris(out) == []


def test_a_failed_publish_leaves_the_live_and_the_kept_site_untouched(repo, tmp_path, capsys):
    out = tmp_path / "site"
    site_a, site_b = published_a_then_b(repo, out)
    versions = sitefolder.versions_folder(out)
    before = {version: snapshot(versions / version) for version in (site_a, site_b)}
    # main's pages now have a broken link: mkdocs build --strict fails after the new version was begun.
    repo.write("docs/trasig.md", "# Trasig\n\n[En sida som inte finns](finns-inte.md)\n")
    repo.commit("En trasig länk")
    capsys.readouterr()
    assert publish(repo, out) == 1
    assert "webbplatsen gick inte att bygga" in capsys.readouterr().err
    assert live(out) == site_b and kept(out) == site_a
    assert {version: snapshot(versions / version) for version in (site_a, site_b)} == before
    assert debris(out) == []
    assert run(repo.root, "aterstall", "--out", str(out), capsys=capsys)[0] == 0
    assert live(out) == site_a


def roll_back_process(repo: Repo, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [*GARANTI_PROCESS, "--root", str(repo.root), "aterstall", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_roll_back_waits_for_a_running_publish_and_two_at_once_are_two(repo, tmp_path):
    out = tmp_path / "site"
    site_a, site_b = published_a_then_b(repo, out)
    lock = os.open(sitefolder.versions_folder(out), os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a publish holds it while it builds and swaps
        waiting = [roll_back_process(repo, out), roll_back_process(repo, out)]
        time.sleep(3)
        assert [process.poll() for process in waiting] == [None, None]
        assert live(out) == site_b and kept(out) == site_a
    finally:
        os.close(lock)
    for process in waiting:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    # One after the other: back to A, then forward to B. Run together unlocked, both would have
    # read B as live and put A back.
    assert live(out) == site_b and kept(out) == site_a
    assert (out / SODRA_PAGE).is_file()
    assert debris(out) == []


# A roll-back killed (no clean-up runs) right after its first rename, OUT put back to A.
KILLED_AFTER_THE_FIRST_RENAME = """
import os, sys
from garanti.cli import main
real_replace = os.replace
def replace(source, target, *rest, **named):
    real_replace(source, target, *rest, **named)
    os._exit(137)
os.replace = replace
sys.exit(main(sys.argv[1:]))
"""


def test_a_roll_back_killed_half_way_leaves_a_whole_site_and_the_next_publish_cleans_up(repo, tmp_path, capsys):
    out = tmp_path / "site"
    site_a, site_b = published_a_then_b(repo, out)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AFTER_THE_FIRST_RENAME, "--root", str(repo.root), "aterstall", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == 137, killed.stderr
    assert live(out) == site_a and (out / NORRA_PAGE).is_file() and not (out / SODRA_PAGE).exists()
    assert kept(out) == site_a  # B's link not yet written: B is debris now
    code, _, err = run(repo.root, "aterstall", "--out", str(out), capsys=capsys)
    assert code == 1 and "Det finns ingen sparad tidigare webbplats" in err
    assert publish(repo, out) == 0
    assert kept(out) == site_a and debris(out) == []
