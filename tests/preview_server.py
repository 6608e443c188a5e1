"""A real `mkdocs serve` of a content repository, as ./scripts/preview runs it.

The tests change files under guarantees/ and poll the served pages over HTTP
until they show the change: MkDocs' server holds a request while it rebuilds,
so a poll answers as soon as the new build is there. Timeouts are generous,
for a loaded two-core machine; they only catch a preview that never updates.
"""

from __future__ import annotations

import html
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .helpers import REPO_ROOT, TODAY

PATIENCE = 180  # seconds: a build on a loaded machine, not a target
HOME_CARE_PAGE = "provstaden/provstadens-hemtjanst/"  # samples.HOME, served


def preview_arguments() -> list[str]:
    """What ./scripts/preview passes to `mkdocs serve` besides the address."""
    line = next(line for line in (REPO_ROOT / "scripts/preview").read_text().splitlines() if "mkdocs serve" in line)
    words = shlex.split(line.split("mkdocs serve", 1)[1])
    address = words.index("--dev-addr")
    return [word for index, word in enumerate(words) if index not in (address, address + 1) and word != "$@"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Preview:
    """`mkdocs serve` of the project at root (mkdocs.yml and guarantees/), on a free port."""

    def __init__(
        self,
        root: Path,
        log: Path,
        arguments: list[str] | None = None,
        patience: float = PATIENCE,
        port: int | None = None,
        environ: dict[str, str] | None = None,
    ):
        self.root = root
        self.log = log
        self.patience = patience
        self.url = f"http://127.0.0.1:{port or free_port()}/"
        extra = environ or {}
        environ = {
            key: value for key, value in os.environ.items() if not key.startswith("GARANTI_") and key != "SITE_URL"
        }
        environ.update(extra)
        # The server's temporary site folder goes below the test's own folder, where it can be looked for.
        self.temp = log.parent / "temp"
        self.temp.mkdir(exist_ok=True)
        environ.update(NO_MKDOCS_2_WARNING="1", GARANTI_TODAY=TODAY, TMPDIR=str(self.temp))
        with log.open("w") as output:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "mkdocs",
                    "serve",
                    "-f",
                    str(root / "mkdocs.yml"),
                    "--dev-addr",
                    self.url.removeprefix("http://").rstrip("/"),
                    *(preview_arguments() if arguments is None else arguments),
                ],
                env=environ,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    def get(self, page: str) -> tuple[int, str]:
        """(status, HTML) of a served page, e.g. "provstaden/provstadens-hemtjanst/"."""
        try:
            with urllib.request.urlopen(self.url + page, timeout=self.patience) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def wait_until(self, page: str, condition, what: str) -> str:
        """Poll a page until condition(status, html) holds; its HTML."""
        deadline = time.monotonic() + self.patience
        status, text = None, ""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                status, text = self.get(page)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                status = None
            if status is not None and condition(status, text):
                return text
            time.sleep(0.02)
        raise AssertionError(
            f"/{page} never {what} (last status {status}); mkdocs serve said:\n" + self.log.read_text()[-4000:]
        )

    def wait_for_text(self, page: str, text: str) -> str:
        return self.wait_until(
            page, lambda status, body: status == 200 and html.escape(text, quote=False) in body, f"showed {text!r}"
        )

    def wait_for_missing(self, page: str) -> None:
        self.wait_until(page, lambda status, body: status == 404, "went away")

    def stop(self) -> None:
        """Stop the server as Ctrl+C does: only then does mkdocs serve remove its temporary
        site folder (mkdocs_* in temp); SIGTERM or SIGKILL would leave it behind."""
        for stop, patience in (
            (lambda: self.process.send_signal(signal.SIGINT), 60),
            (self.process.terminate, 10),
            (self.process.kill, None),
        ):
            if self.process.poll() is not None:
                return
            stop()
            try:
                self.process.wait(timeout=patience)
            except subprocess.TimeoutExpired:
                continue
