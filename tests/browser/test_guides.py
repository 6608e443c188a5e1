"""The yearly cycle's and the secretary's guides work as written: every `garanti` command in
them parses, and every command line of ARSCYKEL.md and PUBLICERING.md runs as written, in
order, on a fresh machine (tests/guide_walk.py): a new home folder with no ~/.ssh and no
git identity, a clone from "GitHub", the board paper printed, tagged, published, served.

Here because the paper is a PDF, printed by the project's Chromium.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from garanti import cli

from ..guide_walk import (
    ADDRESS_PLACEHOLDER,
    EXAMPLE_VERSION,
    Guide,
    Machine,
    Terminal,
    guide_commands,
    output_block,
)
from ..helpers import REPO_ROOT

GUIDES = ("CONTRIBUTING.md", "ARSCYKEL.md", "PUBLICERING.md")
HL = "hagersten-liljeholmen"
BOARD = f"guarantees/{HL}"


def garanti_commands(guide: str) -> list[str]:
    """Every `garanti …` command of the guide, in its ```sh blocks and in the text (`garanti tag … --ref …`)."""
    text = (REPO_ROOT / guide).read_text(encoding="utf-8")
    inline = re.findall(r"`((?:\.venv/bin/)?garanti [a-z]+ [^`]+)`", text)
    return [
        line.removeprefix(".venv/bin/")
        for line in guide_commands(guide) + inline
        if re.match(r"(?:\.venv/bin/)?garanti ", line) and "--help" not in line
    ]


@pytest.mark.parametrize("guide", GUIDES)
def test_every_command_in_the_guides_parses(guide):
    """Also the ones in the text, which the walks below do not run (PUBLICERING.md's `--message`
    example lacked the required --bilaga)."""
    commands = garanti_commands(guide)
    assert len(commands) >= 4
    parser = cli.build_parser()
    for command in commands:
        args = parser.parse_args(shlex.split(command)[1:])  # exits (fails the test) on a usage error
        assert callable(args.run), command


def _version(paper_output: str) -> str:
    """The version `garanti report` says the paper was made from, as the secretary notes it."""
    return re.search(r"Bilagan gäller versionen ([0-9a-f]{10})\.", paper_output).group(1)


def _assert_output_is_the_guides(guide: str, start: str, real: str, version: str) -> None:
    """Every line of the guide's example output (but "...") is a line the command printed."""
    shown = output_block(guide, start).replace(EXAMPLE_VERSION, version)
    printed = real.splitlines()
    for line in shown.splitlines():
        if line.strip() != "...":
            assert line in printed, f"{guide} shows {line!r}; the command printed:\n{real}"


def _finish_units(project: Path, keep_draft: str) -> None:
    """Every unit of the board writes its text for the year and removes its draft line (ARSCYKEL.md, step 2)."""
    for path in sorted((project / BOARD).glob("*/*.md")):
        if path.stem != keep_draft:
            path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")


def _before_you_start(terminal: Terminal, guide: Guide, machine: Machine) -> None:
    """ "Innan du börjar (en gång per dator)": the project cloned and set up, git told who you are."""
    terminal.run(guide, guide.line("git clone"), fill={ADDRESS_PLACEHOLDER: str(machine.origin)})
    terminal.run(guide, "cd kvalitetsgarantier")
    machine.link_environment()
    terminal.run(guide, "./scripts/setup")
    terminal.run(guide, "source .venv/bin/activate")
    terminal.run(guide, guide.line("git config --global user.name"))
    terminal.run(guide, guide.line("git config --global user.email"))


def test_arscykel_runs_as_written_on_a_fresh_machine(tmp_path, chromium_path):
    """ARSCYKEL.md's year: set-up, pre-commit, rollover (a board without approval tags: its
    follow-ups stay checkable), a unit's new text, a new unit, the paper (a draft left out is
    normal), the tag, and a follow-up of the year before."""
    guide = Guide("ARSCYKEL.md")
    machine = Machine(tmp_path / "dator", chromium=chromium_path)
    terminal = machine.terminal()
    try:
        terminal.day("2026-09-01")
        _before_you_start(terminal, guide, machine)
        assert terminal.run(guide, "garanti check").out == output_block("ARSCYKEL.md", "Allt stämmer: 49")
        assert terminal.run(guide, "pre-commit install").out == output_block("ARSCYKEL.md", "pre-commit installed")
        assert "Passed" in terminal.sh("pre-commit run --all-files").both  # the text's way to check every file

        # 1. The rollover, committed through pre-commit: the board has no approval tag yet.
        terminal.day("2026-09-15")
        terminal.run(guide, "git switch main")
        terminal.run(guide, "git pull")
        terminal.run(guide, "git switch -c arsskifte-2027")
        rolled = terminal.run(guide, f"garanti rollover {HL} 2027")
        _assert_output_is_the_guides(
            "ARSCYKEL.md", "Hägersten-Liljeholmens stadsdelsnämnd: garantierna för 2027", rolled.out, ""
        )
        terminal.run(guide, f"git add -u {BOARD}")
        committed = terminal.run(guide, guide.line('git commit -m "Hägersten-Liljeholmen'))
        assert "garanti check (kvalitetsgarantier)" in committed.both and "Passed" in committed.both
        terminal.run(guide, "git push -u origin arsskifte-2027")
        assert terminal.sh("garanti check").code == 0  # the 2026 follow-ups are still checkable
        machine.merge("arsskifte-2027")

        # 2. One unit rewrites its guarantee; the others do the same (a colleague's merged change).
        terminal.day("2026-10-01")
        terminal.run(guide, "git switch main")
        terminal.run(guide, "git pull")
        terminal.run(guide, "git switch -c 2027-hagerstens-hemtjanst")
        unit = f"{BOARD}/aldreomsorg/hagerstens-hemtjanst.md"
        path = machine.project / unit
        path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
        checked = terminal.run(guide, f"garanti check {unit}")
        assert checked.out == output_block("ARSCYKEL.md", "Allt stämmer: 2 filer")
        terminal.run(guide, f"git add {unit}")
        assert "Passed" in terminal.run(guide, guide.line('git commit -m "Hägerstens hemtjänst')).both
        terminal.run(guide, "git push -u origin 2027-hagerstens-hemtjanst")
        machine.merge("2027-hagerstens-hemtjanst")
        machine.colleague(
            "Garantierna för 2027 är klara",
            "2026-10-20T10:00:00+02:00",
            lambda clone: _finish_units(clone, keep_draft="solrosens-forskola"),
        )

        # A new unit: made by garanti new, handed in as a draft (its editor has not written it yet).
        terminal.run(guide, "git switch main")
        terminal.run(guide, "git pull")
        made = terminal.run(guide, guide.line("garanti new"))
        assert made.out == output_block("ARSCYKEL.md", "Skapade guarantees/hagersten-liljeholmen/forskola/solrosens")
        for command in (
            "git switch -c solrosens-forskola",
            f"git add {BOARD}/forskola/solrosens-forskola.md",
            "git commit -m 'Solrosens förskola'",
            "git push -u origin solrosens-forskola",
        ):
            assert terminal.sh(command).code == 0, command  # "as in step 2"
        machine.merge("solrosens-forskola")

        # 3. The paper: a draft left out is listed, and the paper is ready.
        terminal.day("2026-11-20")
        terminal.run(guide, "git switch main")
        terminal.run(guide, "git pull")
        paper = terminal.run(guide, f"garanti report {HL} --out bilaga.pdf")
        version = _version(paper.err)
        _assert_output_is_the_guides("ARSCYKEL.md", "Skrev bilagan till bilaga.pdf", paper.err, version)
        assert (machine.project / "bilaga.pdf").read_bytes().startswith(b"%PDF-")
        terminal.run(guide, f"garanti report {HL} --out bilaga.pdf --arbetsutkast")
        assert terminal.sh("git status --porcelain").out == ""  # the paper is not work to commit

        # 5. After the meeting: the decision, with the paper's version.
        terminal.day("2026-12-10")
        terminal.run(guide, "git switch main")
        terminal.run(guide, "git pull")
        tagged = terminal.run(guide, guide.line(f"garanti tag {HL} 2026-12-10"), fill={EXAMPLE_VERSION: version})
        _assert_output_is_the_guides("ARSCYKEL.md", f"Taggen {HL}/2026-12-10", tagged.out, version)
        terminal.run(guide, f"git push origin {HL}/2026-12-10")

        # The follow-up of 2026, in January: the guarantee in the tree is 2027's by now.
        terminal.day("2027-01-15")
        scaffold, refresh = sorted(line for line in guide.lines if line.startswith("garanti uppfoljning"))
        made = terminal.run(guide, scaffold)
        assert made.out.startswith(f"Skapade {BOARD}/forskola/liljeholmens-forskolor.uppfoljning-2026.yml\n")
        assert terminal.sh("garanti check").code == 0
        # Brought along with the guarantee of 2026 as the board approved it: nothing changed since.
        assert refresh.endswith(" --uppdatera")
        assert "Inget ändrades" in terminal.run(guide, refresh).out
        assert guide.not_run() == []
    finally:
        terminal.close()


SIGNERS = "godkannare/allowed_signers"


def test_publicering_runs_as_written_on_a_fresh_machine(tmp_path, chromium_path):
    """PUBLICERING.md: set-up, the paper, the decision, the signing key on a machine without
    ~/.ssh (the tag made before the list of approvers is signed again, as the guide says), the
    site published and served while the preview holds its port, and a wrong tag put right."""
    guide = Guide("PUBLICERING.md")
    machine = Machine(tmp_path / "dator", chromium=chromium_path)
    assert not (machine.home / ".ssh").exists()
    terminal = machine.terminal()
    try:
        terminal.day("2026-01-07")
        _before_you_start(terminal, guide, machine)
        # The units put right what the paper would list as not ready (an expired guarantee).
        machine.colleague(
            "Boendestödet gäller 2026",
            "2026-01-08T10:00:00+01:00",
            lambda clone: (clone / f"{BOARD}/social-omsorg/socialpsykiatrins-boendestod.md").write_text(
                (clone / f"{BOARD}/social-omsorg/socialpsykiatrins-boendestod.md")
                .read_text(encoding="utf-8")
                .replace("2025-", "2026-"),
                encoding="utf-8",
            ),
        )

        # Before the meeting: the paper.
        terminal.day("2026-01-12")
        terminal.run(guide, "git switch main")
        terminal.run(guide, "git pull")
        paper = terminal.run(guide, f"garanti report {HL} --out bilaga.pdf")
        version = _version(paper.err)
        assert "Bilagan är klar att skickas till nämnden" in paper.err
        assert (machine.project / "bilaga.pdf").read_bytes().startswith(b"%PDF-")

        # After the meeting, in a new terminal window: the decision (no key yet, no list of approvers).
        terminal.close()
        terminal = machine.terminal()
        terminal.day("2026-01-23")
        for line in ("cd kvalitetsgarantier", "source .venv/bin/activate", "git switch main", "git pull"):
            terminal.run(guide, line)
        tag_line = guide.line(f"garanti tag {HL} 2026-01-22 --bilaga {EXAMPLE_VERSION}")
        tagged = terminal.run(guide, tag_line, fill={EXAMPLE_VERSION: version})
        assert "Taggen är inte signerad" in tagged.out
        _assert_output_is_the_guides("PUBLICERING.md", f"Taggen {HL}/2026-01-22", tagged.out, version)
        terminal.run(guide, f"git push origin {HL}/2026-01-22")

        # The signing key, on a machine that has no ~/.ssh; the tag made before the list is signed again.
        terminal.run(guide, "mkdir -p ~/.ssh")
        terminal.run(guide, guide.line("ssh-keygen"), answers="\n\n")
        terminal.run(guide, "git config --global gpg.format ssh")
        terminal.run(guide, guide.line("git config --global user.signingkey"))
        public_key = (machine.home / ".ssh/kvalitetsgarantier.pub").read_text(encoding="utf-8")
        assert public_key.startswith("ssh-ed25519 ")
        terminal.run(guide, guide.line("git tag -f -s -m"))
        terminal.run(guide, f"git push -f origin {HL}/2026-01-22")
        machine.colleague(
            "Listan över godkännare",
            "2026-01-23T11:00:00+01:00",
            lambda clone: (
                (clone / "godkannare").mkdir(exist_ok=True),
                (clone / SIGNERS).write_text(f"{HL} {public_key}", encoding="utf-8"),
            ),
        )
        terminal.run(guide, "git pull")

        # The site, published and served while the preview holds its own port.
        contributing = Guide("CONTRIBUTING.md")  # the editors' preview, on the same computer
        preview = terminal.start(contributing, "./scripts/preview")
        published = terminal.run(guide, "garanti publish --out site")
        assert f"{HL}" in published.both
        server = terminal.start(guide, guide.line("python -m http.server"))
        port = re.search(r"\b(80\d\d)\b", guide.line("python -m http.server")).group(1)
        status, page = terminal.fetch(f"http://127.0.0.1:{port}/{HL}/hagerstens-hemtjanst/")
        assert "Traceback" not in server.output, server.output  # a port the preview does not hold
        assert status == 200, page
        assert "Fastställd av Hägersten-Liljeholmens stadsdelsnämnd den 22 januari 2026 (dnr HL-2026/46, § 7)." in page
        status, page = terminal.fetch("http://127.0.0.1:8000/")
        assert status == 200 and "Förhandsgranskning" in page  # the preview, still there
        assert server.interrupt() == 0, server.output
        preview.interrupt()

        # A tag with the wrong date, made by mistake and pushed, put right as the guide says.
        assert terminal.sh(f"git tag -a -m 'Fel datum' {HL}/2026-01-23 && git push -q origin {HL}/2026-01-23").code == 0
        terminal.run(guide, f"git tag -d {HL}/2026-01-23")
        terminal.run(guide, f"git push origin :refs/tags/{HL}/2026-01-23")
        assert terminal.sh(f"git ls-remote --tags origin {HL}/2026-01-23").out == ""
        assert terminal.sh("git fetch --prune --prune-tags origin").code == 0  # what colleagues are asked to run
        # The same tags: nothing changed, so the guide's forced build is what makes a site to go back from.
        terminal.run(guide, "garanti publish --out site --bygg-alltid")
        # The site that publish replaced, put back, then forward again by the same line.
        back = terminal.run(guide, "garanti aterstall --out site")
        assert "Webbplatsen i site är nu den från publiceringen " in back.out, back.both
        assert "kör samma kommando igen" in terminal.run(guide, "garanti aterstall --out site").out

        # The secretary leaves: the administrator retires her key, keeping the decision she signed.
        terminal.day("2026-02-02")
        for line in ("git switch main", "git pull", "git fetch --tags", "git switch -c avsluta-nyckel-anna"):
            terminal.run(guide, line)
        retired = terminal.run(
            guide,
            guide.line("garanti avsluta-nyckel"),
            fill={"anna.andersson@stockholm.se": "fornamn.efternamn@stockholm.se"},
        )
        assert (
            f"1 beslut som nyckeln signerade före dess behålls i godkannare/behallna-beslut:\n  {HL}/2026-01-22"
            in retired.out
        )
        for line in (
            "git add godkannare/allowed_signers godkannare/behallna-beslut",
            guide.line('git commit -m "Avsluta nyckeln'),
            "git push -u origin avsluta-nyckel-anna",
        ):
            terminal.run(guide, line)
        machine.merge("avsluta-nyckel-anna")
        terminal.day("2026-02-03")
        assert terminal.sh("git switch -q main && git pull -q").code == 0
        kept = terminal.sh("garanti publish --out site")
        assert kept.code == 0, kept.both  # her decision, signed while her key was valid, still publishes

        # Nothing the guide's commands made looks like work to commit.
        assert terminal.sh("git status --porcelain").out == ""
        assert guide.not_run() == []
    finally:
        terminal.close()
