"""The editors' form's local back end (redigera/server.mjs) on a real git repository, as
./scripts/preview starts it, and a repository to start it on.

Used by the browser tests of the form and by benchmarks/form_speed.py. Ports are free ones
picked here, so that two runs can work side by side; the server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from garanti.site.form import LOCAL_BACKEND_VARIABLE, LOCAL_KEY_VARIABLE

from .helpers import REPO_ROOT, copy_site_files
from .preview_server import PATIENCE, free_port

SERVER = REPO_ROOT / "redigera" / "server.mjs"
INSTALLED = (REPO_ROOT / "redigera" / "node_modules" / "decap-server" / "package.json").is_file()
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Provredaktör",
    "GIT_AUTHOR_EMAIL": "prov@example.com",
    "GIT_COMMITTER_NAME": "Provredaktör",
    "GIT_COMMITTER_EMAIL": "prov@example.com",
}


def backend_installed() -> bool:
    return shutil.which("node") is not None and INSTALLED


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True, env={**os.environ, **GIT_IDENTITY}
    )
    return done.stdout


def make_repository(root: Path) -> Path:
    """root (with its guarantees/) made a site project and a git repository with one commit on main."""
    copy_site_files(root)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "config", "user.name", GIT_IDENTITY["GIT_AUTHOR_NAME"])
    git(root, "config", "user.email", GIT_IDENTITY["GIT_AUTHOR_EMAIL"])
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "Innehållet")
    return root


def branches(root: Path) -> set[str]:
    return {line.strip("* +").strip() for line in git(root, "branch", "--list").splitlines()}


class FormBackend:
    """`node redigera/server.mjs` on the repository at root, answering the preview at `origin`."""

    def __init__(self, root: Path, origin: str, log: Path, port: int | None = None):
        if not backend_installed():
            raise RuntimeError("the form's local back end needs Node and ./scripts/setup (redigera/node_modules)")
        self.root = root
        self.origin = origin.rstrip("/")
        self.port = port or free_port()
        self.log = log
        self.key = secrets.token_hex(32)
        temp = log.parent / "temp"
        temp.mkdir(exist_ok=True)
        environ = {
            **os.environ,
            "GARANTI_REDIGERA_PORT": str(self.port),
            "GARANTI_REDIGERA_ORIGIN": self.origin,
            "GARANTI_REDIGERA_REPO": str(root),
            "TMPDIR": str(temp),
            LOCAL_KEY_VARIABLE: self.key,
        }
        with log.open("w") as output:
            self.process = subprocess.Popen(["node", str(SERVER)], env=environ, stdout=output, stderr=subprocess.STDOUT)
        self._wait_until_up()

    @property
    def url(self) -> str:
        """What the form is configured with (garanti.site.form.LOCAL_BACKEND_VARIABLE)."""
        return f"http://127.0.0.1:{self.port}/api/v1"

    @property
    def preview_environ(self) -> dict[str, str]:
        """What the preview needs to hand the form this back end: its address and this session's key."""
        return {LOCAL_BACKEND_VARIABLE: self.url, LOCAL_KEY_VARIABLE: self.key}

    def ask(self, action: str, params: dict | None = None, **headers: str | None) -> tuple[int, dict]:
        """One request to the back end as the form's page sends it; `headers` replace the page's
        (Origin, Host, X-Garanti-Nyckel: None leaves one out)."""
        body = {"action": action, **({"params": params} if params is not None else {})}
        return self.post(json.dumps(body).encode(), **headers)

    def post(self, data: bytes, path: str = "/api/v1", **headers: str | None) -> tuple[int, dict]:
        sent = {"Content-Type": "application/json", "Origin": self.origin, "X-Garanti-Nyckel": self.key}
        sent.update({name.replace("_", "-"): value for name, value in headers.items()})
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method="POST")
        for name, value in sent.items():
            if value is not None:
                request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if self.ask("info")[0] == 200:
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)
        self.stop()
        raise AssertionError("the form's local back end did not start:\n" + self.log.read_text()[-3000:])

    def stop(self) -> None:
        """As Ctrl+C stops it: it then removes its private worktree."""
        for stop, patience in (
            (lambda: self.process.send_signal(signal.SIGINT), 30),
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
