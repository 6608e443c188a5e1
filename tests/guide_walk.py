"""The guides' commands run as written, on a fresh machine, by a real terminal.

A `Machine` is a new computer: an empty home folder (no ~/.ssh, no git identity),
the system's programs on PATH and nothing of this project's, and "GitHub": a bare
repository holding the project as the working tree has it (its tracked files, one
commit on main). A `Terminal` is a bash session on it, started in the home folder,
fed one command line at a time, so that `cd` and `source .venv/bin/activate` work as
in a terminal window. Where the system allows it the terminal has a network of its
own (`unshare --net`), so that the guides' fixed ports (8000, 8001) cannot meet
anything else on a shared machine.

The lines come from the guides' ```sh blocks, exactly as written: a test picks a
line by how it starts (`Guide.line`), may only fill in what the reader fills in (the
project's address, the version in the board paper), and at the end asserts that
every line of the guide was run (`Guide.not_run`). What the reader does by hand
between the commands (editing a file, a reviewer merging on GitHub) the test does
itself, and says so.

Setting up `.venv` is `./scripts/setup`'s: here `.venv` is a link to this test run's
own environment, made before setup runs, so that setup finds it installed (the
pinned versions' stamp is there) instead of installing everything again.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .helpers import REPO_ROOT

PATIENCE = 600  # seconds for one command on a loaded machine: a bound, not a target
SYSTEM_PATH = ["/usr/local/bin", "/usr/bin", "/bin"]
PROJECT = "kvalitetsgarantier"
# What the guides write where the reader puts the project's address.
ADDRESS_PLACEHOLDER = "<projektets adress på GitHub>"
# The version the guides show; the reader writes the one in their own board paper.
EXAMPLE_VERSION = "3f2a9c1d0e"


def fenced_blocks(guide: str) -> list[tuple[str, str]]:
    """(language, text) of each fenced block of the guide, in order; the text unindented as far as its fence."""
    blocks, language, indent, lines = [], None, "", []
    for line in (REPO_ROOT / guide).read_text(encoding="utf-8").splitlines():
        fence = re.fullmatch(r"( *)```([a-z]*)", line)
        if language is None and fence:
            language, indent, lines = fence.group(2), fence.group(1), []
        elif language is not None and fence and fence.group(1) == indent and not fence.group(2):
            blocks.append((language, "".join(f"{text.removeprefix(indent)}\n" for text in lines)))
            language = None
        elif language is not None:
            lines.append(line)
    return blocks


def guide_commands(guide: str) -> list[str]:
    """Every command line of the guide's ```sh blocks, in order, as written."""
    return [
        line.strip()
        for language, block in fenced_blocks(guide)
        if language == "sh"
        for line in block.splitlines()
        if line.strip()
    ]


def output_block(guide: str, start: str) -> str:
    """The guide's example output (a ``` block without a language) that starts with `start`."""
    blocks = [block for language, block in fenced_blocks(guide) if not language and block.startswith(start)]
    assert len(blocks) == 1, f"{guide} has {len(blocks)} output blocks starting with {start!r}"
    return blocks[0]


class Guide:
    """A guide's command lines, and which of them a walk has run."""

    def __init__(self, name: str):
        self.name = name
        self.lines = guide_commands(name)
        self.ran: set[str] = set()

    def line(self, start: str) -> str:
        """The guide's one command line that starts with `start`."""
        found = sorted({line for line in self.lines if line.startswith(start)})
        assert len(found) == 1, f"{self.name} has {len(found)} command lines starting with {start!r}: {found}"
        return found[0]

    def not_run(self) -> list[str]:
        return [line for line in dict.fromkeys(self.lines) if line not in self.ran]


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    @property
    def both(self) -> str:
        return self.out + self.err


def _git(folder: Path, *args: str, env: dict | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout.strip()


def _own_network() -> list[str]:
    """The command prefix that gives the terminal a network of its own, or [] if the system refuses."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    prefix = [unshare, "--net"] + ([] if os.geteuid() == 0 else ["--map-root-user"])
    works = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    return prefix if works.returncode == 0 else []


class Machine:
    """A fresh computer with the project on "GitHub" (see the module's doc)."""

    def __init__(self, folder: Path, chromium: str | None = None, created: str = "2026-01-05T09:00:00+01:00"):
        self.folder = folder
        self.home = folder / "hem"
        self.home.mkdir(parents=True)
        self.origin = folder / "github" / f"{PROJECT}.git"
        self.chromium = chromium
        self._publish_project(created)

    @property
    def project(self) -> Path:
        """The reader's copy, where the guides' `git clone` puts it."""
        return self.home / PROJECT

    def _publish_project(self, date: str) -> None:
        source = self.folder / "forvaltare"
        listed = _git(REPO_ROOT, "ls-files", "-z").split("\0")
        for relative in filter(None, listed):
            if (REPO_ROOT / relative).is_file():
                (source / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(REPO_ROOT / relative, source / relative)
        env = dict(
            os.environ,
            GIT_AUTHOR_DATE=date,
            GIT_COMMITTER_DATE=date,
            GIT_CONFIG_NOSYSTEM="1",
            GIT_AUTHOR_NAME="Förvaltare",
            GIT_AUTHOR_EMAIL="forvaltare@example.org",
            GIT_COMMITTER_NAME="Förvaltare",
            GIT_COMMITTER_EMAIL="forvaltare@example.org",
        )
        _git(source, "init", "-q", "-b", "main", env=env)
        _git(source, "add", "-A", env=env)
        _git(source, "commit", "-q", "--no-verify", "-m", "Kvalitetsgarantier", env=env)
        self.origin.parent.mkdir(parents=True)
        _git(self.folder, "clone", "-q", "--bare", str(source), str(self.origin))

    def link_environment(self) -> None:
        """The project's .venv, and the form's Node packages, as scripts/setup would find them
        installed (see the module's doc)."""
        (self.project / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
        packages = REPO_ROOT / "redigera" / "node_modules"
        if packages.is_dir():
            (self.project / "redigera" / "node_modules").symlink_to(packages, target_is_directory=True)

    def merge(self, branch: str) -> None:
        """A reviewer merges the pull request of `branch` on GitHub (fast-forward)."""
        _git(self.origin, "merge-base", "--is-ancestor", "main", branch)
        _git(self.origin, "update-ref", "refs/heads/main", f"refs/heads/{branch}")

    def colleague(self, message: str, date: str, change) -> None:
        """Someone else's reviewed change on main: `change(folder)` edits a clone of GitHub's main."""
        clone = self.folder / "kollega"
        if not clone.exists():
            _git(self.folder, "clone", "-q", str(self.origin), str(clone))
        env = dict(
            os.environ,
            GIT_AUTHOR_DATE=date,
            GIT_COMMITTER_DATE=date,
            GIT_CONFIG_NOSYSTEM="1",
            GIT_AUTHOR_NAME="Kollega",
            GIT_AUTHOR_EMAIL="kollega@example.org",
            GIT_COMMITTER_NAME="Kollega",
            GIT_COMMITTER_EMAIL="kollega@example.org",
        )
        _git(clone, "pull", "-q", "--ff-only", env=env)
        change(clone)
        _git(clone, "add", "-A", env=env)
        _git(clone, "commit", "-q", "--no-verify", "-m", message, env=env)
        _git(clone, "push", "-q", "origin", "main", env=env)

    def environment(self) -> dict[str, str]:
        """A new terminal's environment: the home folder, the system's programs, nothing of this test run."""
        path = list(SYSTEM_PATH)
        python_ok = subprocess.run(
            ["python3", "-c", "import sys; sys.exit(sys.version_info < (3, 11))"],
            env={"PATH": os.pathsep.join(path)},
            capture_output=True,
            check=False,
        )
        if python_ok.returncode != 0:  # the guides ask for Python 3.11: the one running the tests
            path.insert(0, str(Path(sys._base_executable).parent))
        env = {
            "HOME": str(self.home),
            "PATH": os.pathsep.join(path),
            "LANG": "C.UTF-8",
            "TERM": "dumb",
            "USER": os.environ.get("USER", "redaktor"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "TMPDIR": os.environ.get("TMPDIR", "/tmp"),
        }
        if self.chromium:
            env["GARANTI_CHROMIUM"] = self.chromium
        return env

    def terminal(self) -> Terminal:
        """A new terminal window: in the home folder, nothing activated."""
        return Terminal(self, self.environment())


class Terminal:
    """A bash session on the machine, fed one line at a time (see the module's doc)."""

    def __init__(self, machine: Machine, env: dict[str, str]):
        self.machine = machine
        self.files = Path(self._mkdtemp(machine.folder))
        self.count = 0
        self.process = subprocess.Popen(
            [*_own_network(), "bash", "--noprofile", "--norc"],
            cwd=machine.home,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,  # no controlling terminal: a question (ssh-keygen's) is read from stdin
        )
        # Job control: a server started in the background gets Ctrl+C (SIGINT) as in a terminal.
        self.sh("set -m; ip link set lo up 2>/dev/null || true")
        self.jobs: list[int] = []

    @staticmethod
    def _mkdtemp(folder: Path) -> str:
        import tempfile

        return tempfile.mkdtemp(prefix="terminal-", dir=folder)

    def day(self, date: str) -> None:
        """What day it is from now on, for garanti and for git's commits and tags."""
        stamp = f"{date}T10:00:00+01:00"
        self.sh(f"export GARANTI_TODAY={date} GIT_AUTHOR_DATE={stamp} GIT_COMMITTER_DATE={stamp}")

    def run(
        self, guide: Guide, line: str, answers: str = "", fill: dict[str, str] | None = None, expect: int | None = 0
    ) -> Result:
        """A line of the guide, as written (with what the reader fills in), and its result."""
        assert line in guide.lines, f"not a command line of {guide.name}: {line!r}"
        guide.ran.add(line)
        written = line
        for placeholder, value in (fill or {}).items():
            assert placeholder in written, (placeholder, line)
            written = written.replace(placeholder, value)
        result = self.sh(written, answers)
        if expect is not None:
            assert result.code == expect, f"{line!r} exited {result.code}:\n{result.both}"
        return result

    def sh(self, command: str, answers: str = "") -> Result:
        """A command of the test's own (not a guide's), or a guide's line after run()."""
        self.count += 1
        base = self.files / str(self.count)
        answers_file, out, err, code = (base.with_suffix(suffix) for suffix in (".in", ".out", ".err", ".rc"))
        answers_file.write_text(answers, encoding="utf-8")
        self.process.stdin.write(
            f"{{ {command}\n}} <{answers_file} >{out} 2>{err}\necho $? >{code}.tmp && mv {code}.tmp {code}\n"
        )
        self.process.stdin.flush()
        deadline = time.monotonic() + PATIENCE
        while not code.exists():
            assert self.process.poll() is None, f"the terminal closed at {command!r}"
            assert time.monotonic() < deadline, f"{command!r} did not finish in {PATIENCE} s"
            time.sleep(0.05)
        return Result(
            int(code.read_text()),
            out.read_text(encoding="utf-8", errors="replace"),
            err.read_text(encoding="utf-8", errors="replace"),
        )

    def start(self, guide: Guide, line: str) -> Job:
        """A line of the guide that keeps running (a server), started as written, in the background."""
        assert line in guide.lines, f"not a command line of {guide.name}: {line!r}"
        guide.ran.add(line)
        self.count += 1
        log, pid = self.files / f"{self.count}.log", self.files / f"{self.count}.pid"
        self.sh(f"{line} </dev/null >{log} 2>&1 &\necho $! >{pid}")
        job = Job(self, int(pid.read_text()), log)
        self.jobs.append(job.pid)
        return job

    def fetch(self, url: str, patience: float = 300) -> tuple[int, str]:
        """(status, text) of a page, asked for from this terminal's network; (0, why) if no answer in time."""
        script = (
            "import sys, time, urllib.request, urllib.error\n"
            "deadline = time.monotonic() + float(sys.argv[2])\n"
            "while True:\n"
            "    try:\n"
            "        with urllib.request.urlopen(sys.argv[1], timeout=60) as r:\n"
            "            print(r.status); sys.stdout.write(r.read().decode('utf-8', 'replace')); break\n"
            "    except urllib.error.HTTPError as e:\n"
            "        print(e.code); sys.stdout.write(e.read().decode('utf-8', 'replace')); break\n"
            "    except OSError as e:\n"
            "        if time.monotonic() > deadline: print(0); print(e); break\n"
            "        time.sleep(0.2)\n"
        )
        program = self.files / "fetch.py"
        program.write_text(script, encoding="utf-8")
        result = self.sh(f"'{sys.executable}' '{program}' '{url}' {patience}")
        status, _, text = result.out.partition("\n")
        return int(status or 0), text

    def close(self) -> None:
        for pid in self.jobs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGTERM)
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()


@dataclass
class Job:
    terminal: Terminal
    pid: int
    log: Path

    def interrupt(self) -> int:
        """Ctrl+C, as in the terminal window; the job's exit code once it has ended."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGINT)
        code = int(self.terminal.sh(f"wait {self.pid}").code)
        self.terminal.jobs.remove(self.pid)
        return code

    @property
    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")
