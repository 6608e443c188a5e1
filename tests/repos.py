"""Real git repositories, driven the way a person would drive them: the one way tests make one.

`Repo` wraps a folder (`Repo.init` makes it a repository with an identity); `make_repo`
holds the two boards norra and sodra (samples.py), `make_sample_repo` the project's sample
content. The site (mkdocs.yml, docs/, hooks/, overrides/, schema/) and the package's source
are copied from this project so that the end-to-end tests build the real thing.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from garanti import cli, dates, signing
from garanti.dates import TODAY_VARIABLE
from garanti.model import Corpus
from garanti.publishing.build import stage
from garanti.publishing.plan import plan, publication_of
from garanti.site import approved
from garanti.site.selection import Settings, Site

from .helpers import REPO_ROOT, copy_site_files
from .samples import copy_sample, write_norra_and_sodra

# Commits are dated before every meeting of norra and sodra (a board paper predates its
# meeting), and "today" is fixed, so that the tests do not age.
COMMIT_DATE = "2025-06-01T12:00:00+02:00"
TODAY = "2026-11-24"


class Repo:
    """A git repository in a folder, driven the way a person would drive it."""

    def __init__(self, root: Path):
        self.root = root

    @classmethod
    def init(cls, root: Path) -> Repo:
        """root made a git repository on main, with a secretary's identity and unsigned commits and tags."""
        repo = cls(root)
        repo.git("init", "-q", "-b", "main")
        repo.git("config", "user.name", "Nämndsekreterare Test")
        repo.git("config", "user.email", "sekreterare@example.org")
        repo.git("config", "commit.gpgsign", "false")
        repo.git("config", "tag.gpgsign", "false")
        return repo

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

    def commit(self, message: str, date: str | None = COMMIT_DATE) -> str:
        """Everything in the folder committed, dated `date` (None: now)."""
        self.git("add", "-A")
        env = dict(os.environ, **({"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}))
        done = subprocess.run(
            ["git", "commit", "-q", "--allow-empty", "-m", message],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return self.git("rev-parse", "HEAD")

    def tag(self, name: str, message: str | None = "Beslut", ref: str = "HEAD") -> None:
        """A raw git tag, bypassing `garanti tag` (to make the bad ones)."""
        self.git("tag", *(["-a", "-m", message] if message else []), name, ref)

    def tags(self) -> list[str]:
        return self.git("tag", "--list").split()

    def garanti(self, *argv: str) -> int:
        with pytest.MonkeyPatch.context() as environment:
            environment.setenv(TODAY_VARIABLE, os.environ.get(TODAY_VARIABLE, TODAY))
            # The test's wall clock reads its day too: a publish's record is dated by the wall clock
            # (tests/publishing/test_record_evidence.py runs a publish as a command, on the real one).
            environment.setattr(dates, "clock", dates.now)
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


# The day a Site made from a real publication (published_site) is published and seen on.
PUBLISHED_ON = "2026-06-01"


def published_site(root: Path, *decisions: str, today: str = PUBLISHED_ON, **settings) -> Site:
    """The Site a real `garanti publish` builds of root's tree, for tests of page generation and open
    data: the tree committed on main (root made a git repository if it is none), each decision
    ("<board>/<YYYY-MM-DD>") recorded on that commit by `garanti tag`, then what the publish does
    before MkDocs: the plan of every approval tag, the tree staged from them and the publication it
    hands the build, read as the build reads it (only the decisions' staged content, site/build.py).
    `settings`: the Site's other Settings (site_url, map_link, …)."""
    repo = Repo(root) if (root / ".git").exists() else Repo.init(root)
    repo.commit("Innehållet att fastställa")
    with publishing_environment(today):
        for decision in decisions:
            board, date = decision.split("/")
            assert repo.approve(board, date) == 0, f"garanti tag {board} {date} refused"
        result = plan(root, without_approvers=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{root.name}-publicerad-", dir=root.parent))
    stage(root, result, staging)
    publication = publication_of(result)
    chosen = Settings(today=dt.date.fromisoformat(today), publication=publication, **settings)
    return Site(Corpus(), chosen, approved.timeline(staging, publication))


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


def secretaries(keys: dict[str, Path], sodra_options: str = "") -> str:
    """The list of approvers of make_repo's boards: norra's and sodra's secretaries (keys by who holds
    them), each for its own board."""
    norra, sodra = keys["norra-sekreterare"], keys["sodra-sekreterare"]
    return signers_line("norra", norra) + signers_line("sodra", sodra, sodra_options)


def make_signed_repo(root: Path, keys: dict[str, Path]) -> Repo:
    """make_repo's boards with their secretaries in the list of approvers on main; this copy signs as
    norra's secretary."""
    repo = make_repo(root)
    repo.write(signing.SIGNERS_FILE, secretaries(keys))
    repo.commit("Godkännare")
    repo.git("config", "user.signingkey", str(keys["norra-sekreterare"]))
    return repo


def sign_with(
    repo: Repo, key: Path, name: str, ref: str = "HEAD", force: bool = False, when: str | None = None
) -> None:
    """A signed tag made with plain git, as someone holding `key` could; dated `when` if given (a
    backdated tag, as anyone holding an old key can make one today)."""
    repo.git(
        "-c",
        "gpg.format=ssh",
        "-c",
        f"user.signingkey={key}",
        "tag",
        "-s",
        *(["-f"] if force else []),
        "-m",
        "Beslut",
        name,
        ref,
        env={"GIT_COMMITTER_DATE": when} if when else None,
    )


def copy_package(root: Path) -> None:
    """The package's source, as the project's repository has it: a publish builds with the commit's own code."""
    shutil.copytree(
        REPO_ROOT / "src" / "garanti", root / "src" / "garanti", ignore=shutil.ignore_patterns("__pycache__")
    )


def make_repo(root: Path) -> Repo:
    """Two boards (norra: home care + preschool; sodra: home care), committed on main."""
    root.mkdir(parents=True, exist_ok=True)
    copy_site_files(root)
    copy_package(root)
    write_norra_and_sodra(root)
    repo = Repo.init(root)
    repo.commit("Garantier 2026")
    return repo


def make_sample_repo(root: Path, date: str = COMMIT_DATE) -> Repo:
    """The project's sample corpus in place of make_repo's boards, committed on `date`."""
    repo = make_repo(root)
    repo.git("rm", "-r", "-q", "--", "guarantees")
    copy_sample(root)
    repo.commit("Exempelinnehållet", date=date)
    return repo


def approved_meeting(board) -> dt.date:
    """The sample board's latest meeting with a case number in 2025: the sample's expired
    guarantees (valid to 2025-12-31) were still valid then, so it may approve them."""
    return max(m.date for m in board.meetings if m.case_number and m.date.year == 2025)


def debris(out: Path) -> list[str]:
    """What a publish left beside OUT besides the version OUT links to and the one kept for a
    roll-back (`.<OUT>.foregaende`, a link too): should be nothing."""
    versions, kept = out.parent / f".{out.name}.versioner", out.parent / f".{out.name}.foregaende"
    linked = {link.resolve().name for link in (out, kept) if link.is_symlink()}
    beside = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.") and p not in (versions, kept)]
    inside = [p.name for p in versions.iterdir() if p.name not in linked] if versions.is_dir() else []
    return beside + inside
