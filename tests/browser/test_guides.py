"""The secretary's guides work as written: every `garanti` command in them parses, and the
paper -> meeting -> tag -> publish walk-through runs on a real repository with the sample corpus.

Here because the paper is a PDF, printed by the project's Chromium.
"""

from __future__ import annotations

import re
import shlex

import pytest

from garanti import cli, signing
from garanti.content import CONTENT_DIR

from ..conftest import REPO_ROOT
from ..publish_repo import make_key, make_sample_repo, signers_line

GUIDES = ("PUBLICERING.md", "ARSCYKEL.md")
# The version the guides show; the walk-through puts the real one in its place.
EXAMPLE_VERSION = "3f2a9c1d0e"
HL = "hagersten-liljeholmen"


def shell_commands(guide: str) -> list[str]:
    """Every `garanti …` line of the guide's ```sh blocks, in order."""
    text = (REPO_ROOT / guide).read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip().startswith("garanti ")]


@pytest.mark.parametrize("guide", GUIDES)
def test_every_command_in_the_guides_parses(guide):
    commands = shell_commands(guide)
    assert len(commands) >= 4
    parser = cli.build_parser()
    for command in commands:
        args = parser.parse_args(shlex.split(command)[1:])  # exits (fails the test) on a usage error
        assert callable(args.run), command


def test_the_walk_through_from_paper_to_published_site_runs_as_written(tmp_path, monkeypatch, chromium_path):
    monkeypatch.setenv("GARANTI_CHROMIUM", chromium_path)
    repo = make_sample_repo(tmp_path / "kvalitetsgarantier")
    # The units the paper would list as not ready are done (as the guide asks) before the paper is made.
    for unit in ("forskola/aspuddens-forskolor.md", "social-omsorg/socialpsykiatrins-boendestod.md",
                 "aldreomsorg/liljeholmens-hemtjanst.uppfoljning-2026.yml"):  # a draft follow-up
        (repo.root / CONTENT_DIR / HL / unit).unlink()
    # The secretary's key in the list on main ("Din signeringsnyckel", "Listan över godkännare").
    key = make_key(tmp_path, "anna-andersson")
    repo.write(signing.SIGNERS_FILE, signers_line(HL, key))
    repo.git("config", "user.signingkey", str(key))
    version = repo.commit("Garantierna inför 2026", date="2026-01-08T10:00:00+01:00")
    monkeypatch.chdir(repo.root)
    walk = [c for c in shell_commands("PUBLICERING.md") if c.split()[1] in ("report", "tag", "publish")]
    paper, tag, publish = (
        next(c for c in walk if c.startswith(f"garanti report {HL} --out bilaga.pdf")),
        next(c for c in walk if c.startswith(f"garanti tag {HL} 2026-01-22 --bilaga")),
        next(c for c in walk if c.startswith("garanti publish --out site")),
    )
    monkeypatch.setenv("GARANTI_TODAY", "2026-01-12")  # before the meeting: the paper
    assert cli.main(shlex.split(paper)[1:]) == 0
    assert (repo.root / "bilaga.pdf").read_bytes().startswith(b"%PDF-")
    monkeypatch.setenv("GARANTI_TODAY", "2026-01-23")  # the day after the meeting: tag and publish
    assert cli.main(shlex.split(tag.replace(EXAMPLE_VERSION, version[:10]))[1:]) == 0
    assert repo.git("rev-parse", f"{HL}/2026-01-22^{{commit}}") == version
    assert cli.main(shlex.split(publish)[1:]) == 0
    page = (repo.root / "site" / HL / "hagerstens-hemtjanst" / "index.html").read_text(encoding="utf-8")
    assert "Fastställd av Hägersten-Liljeholmens stadsdelsnämnd den 22 januari 2026 (dnr HL-2026/46, § 7)." in page
