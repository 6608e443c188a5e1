"""A real git repository with two boards, for the tag and publish tests.

The site (mkdocs.yml, docs/, hooks/, overrides/, schema/) is copied from this
project so the end-to-end tests build the real thing; the content is small
and written here.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import textwrap
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from garanti import cli
from garanti.dates import TODAY_VARIABLE

from .conftest import REPO_ROOT, copy_site_files

NORRA_BOARD = """\
name: Norrstadens stadsdelsnämnd
kind: stadsdelsnämnd
district: Norrstaden
departments:
  forskola: Avdelningen för förskola
  aldreomsorg: Avdelningen för äldreomsorg
meetings:
  - date: 2025-06-12
  - date: 2026-01-22
    case_number: NS-2025/1234
    paragraph: "§ 14"
    minutes: https://start.stockholm/protokoll/norrstaden-2026-01-22/
  - date: 2026-12-10
defaults:
  complaints: Tala med personalen eller lämna synpunkter på stockholm.se.
  contact:
    phone: "08-508 00 000"
    email: norrstaden@stockholm.se
"""

SODRA_BOARD = """\
name: Sydstadens stadsdelsnämnd
kind: stadsdelsnämnd
district: Sydstaden
departments:
  aldreomsorg: Äldreomsorgsavdelningen
meetings:
  - date: 2026-02-19
    case_number: SS-2026/7
  - date: 2026-11-19
defaults:
  complaints: Ring stadsdelsförvaltningen på 08-508 10 000.
"""


def home_care(title: str, promise: str = "Du får en kontaktperson inom två veckor.", draft: bool = False) -> str:
    return textwrap.dedent(f"""\
        ---
        title: {title}
        service: hemtjänst
        valid:
          from: 2026-01-01
          to: 2026-12-31
        commitments:
          - {promise}
          - Vi ringer om vi blir mer än 30 minuter försenade.
        correction: Vi ber om ursäkt och rättar till det inom en vecka.
        contact:
          phone: "08-508 11 111"
        {"draft: true" if draft else ""}
        ---
        {title} hjälper dig att leva ett tryggt liv hemma.
        """)


PRESCHOOL = """\
---
title: Norrstadens förskolor
service: förskola
valid:
  from: 2026-01-01
  to: 2026-12-31
commitments:
  - area: Utveckling och lärande
    text: Ditt barn får läsa och berätta varje dag.
  - area: Normer och värden
    text: Vi arbetar aktivt mot kränkningar.
correction: Vi kontaktar dig inom en vecka och berättar vad vi gör.
contact:
  email: forskolor.norrstaden@stockholm.se
---
Förskolan är en plats för lek och lärande.
"""

# A unit the check refuses: no commitments.
BROKEN = """\
---
title: Trasiga enheten
service: hemtjänst
valid:
  from: 2026-01-01
  to: 2026-12-31
correction: Vi rättar.
contact:
  phone: "08-508 11 111"
---
Text.
"""

NORRA_HOME = "guarantees/norra/aldreomsorg/norra-hemtjanst.md"
NORRA_PRESCHOOL = "guarantees/norra/forskola/norra-forskolor.md"
SODRA_HOME = "guarantees/sodra/aldreomsorg/sodra-hemtjanst.md"

# Commits are dated before every meeting above (a board paper predates its
# meeting), and "today" is fixed, so that the tests do not age.
COMMIT_DATE = "2025-06-01T12:00:00+02:00"
TODAY = "2026-11-24"


class Repo:
    """A git repository in a folder, driven the way a person would drive it."""

    def __init__(self, root: Path):
        self.root = root

    def git(self, *args: str, check: bool = True, env: dict[str, str] | None = None) -> str:
        # A tag made by hand is dated on the test's "today", as garanti tag dates its own.
        env = {"GIT_COMMITTER_DATE": tag_time(), **os.environ, **(env or {})}
        done = subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True, check=False, env=env)
        if check and done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
        return done.stdout.strip()

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def remove(self, relative: str) -> None:
        self.git("rm", "-q", "--", relative)

    def commit(self, message: str, date: str = COMMIT_DATE) -> str:
        self.git("add", "-A")
        env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
        done = subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", message], cwd=self.root, env=env,
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        return self.git("rev-parse", "HEAD")

    def tag(self, name: str, message: str | None = "Beslut", ref: str = "HEAD") -> None:
        """A raw git tag, bypassing `garanti tag` (to make the bad ones)."""
        self.git("tag", *(["-a", "-m", message] if message else []), name, ref)

    def garanti(self, *argv: str) -> int:
        with pytest.MonkeyPatch.context() as environment:
            environment.setenv(TODAY_VARIABLE, os.environ.get(TODAY_VARIABLE, TODAY))
            return cli.main(["--root", str(self.root), *argv])

    def approve(self, board: str, date: str, *options: str, paper: str = "HEAD") -> int:
        """`garanti tag` as the guide shows it: the paper's version given with --bilaga."""
        return self.garanti("tag", board, date, "--bilaga", self.git("rev-parse", paper), *options)


def tag_time() -> str:
    """Noon on the test's "today" (GARANTI_TODAY, else TODAY): when tags made in tests are dated."""
    return f"{os.environ.get(TODAY_VARIABLE) or TODAY}T12:00:00+00:00"


@contextmanager
def publishing_environment(today: str) -> Iterator[None]:
    """This process's environment as `garanti publish` (which runs mkdocs with it) should see it
    in a test: the given day, no approvals file or site address from outside."""
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv(TODAY_VARIABLE, today)
        environment.setenv("NO_MKDOCS_2_WARNING", "1")
        environment.delenv("GARANTI_APPROVALS", raising=False)
        environment.delenv("SITE_URL", raising=False)
        yield


def make_key(folder: Path, who: str) -> Path:
    """A new SSH key (ed25519, no passphrase) in folder/<who>, its public half in <who>.pub."""
    key = folder / who
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who, "-f", str(key)], check=True)
    return key


def public(key: Path) -> str:
    return " ".join(key.with_suffix(".pub").read_text(encoding="utf-8").split()[:2])


def signers_line(boards: str, key: Path, options: str = "") -> str:
    """A line of godkannare/allowed_signers: `key` may sign for `boards`."""
    return f"{boards} {options + ' ' if options else ''}{public(key)} {key.name}@example.org\n"


def copy_package(root: Path) -> None:
    """The package's source, as the project's repository has it: a publish builds with the commit's own code."""
    shutil.copytree(REPO_ROOT / "src" / "garanti", root / "src" / "garanti", ignore=shutil.ignore_patterns("__pycache__"))


def make_repo(root: Path) -> Repo:
    """Two boards (norra: home care + preschool; sodra: home care), committed on main."""
    root.mkdir(parents=True, exist_ok=True)
    copy_site_files(root)
    copy_package(root)
    repo = Repo(root)
    repo.write("guarantees/norra/board.yml", NORRA_BOARD)
    repo.write(NORRA_HOME, home_care("Norrstadens hemtjänst"))
    repo.write(NORRA_PRESCHOOL, PRESCHOOL)
    repo.write("guarantees/sodra/board.yml", SODRA_BOARD)
    repo.write(SODRA_HOME, home_care("Sydstadens hemtjänst"))
    repo.git("init", "-q", "-b", "main")
    repo.git("config", "user.name", "Nämndsekreterare Test")
    repo.git("config", "user.email", "sekreterare@example.org")
    repo.git("config", "commit.gpgsign", "false")
    repo.git("config", "tag.gpgsign", "false")
    repo.commit("Garantier 2026")
    return repo


def make_sample_repo(root: Path, date: str = COMMIT_DATE) -> Repo:
    """The project's sample corpus in place of make_repo's boards, committed on `date`."""
    repo = make_repo(root)
    repo.git("rm", "-r", "-q", "--", "guarantees")
    shutil.copytree(REPO_ROOT / "guarantees", root / "guarantees")
    repo.commit("Exempelinnehållet", date=date)
    return repo


def approved_meeting(board) -> dt.date:
    """The sample board's latest meeting with a case number in 2025: the sample's expired
    guarantees (valid to 2025-12-31) were still valid then, so it may approve them."""
    return max(m.date for m in board.meetings if m.case_number and m.date.year == 2025)


def debris(out: Path) -> list[str]:
    """What a publish left beside OUT besides the one version OUT links to (should be nothing)."""
    versions = out.parent / f".{out.name}.versioner"
    current = out.resolve().name if out.is_symlink() else None
    beside = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.") and p != versions]
    inside = [p.name for p in versions.iterdir() if p.name != current] if versions.is_dir() else []
    return beside + inside
