"""A stand-in for GitHub's REST API, backed by a real git repository: GitHub cannot run here, and
the published form (Decap CMS's GitHub back end, editorial workflow) must be driven end to end in
the browser tests (issue 31: two tabs never lose an edit silently on the git host).

It answers the endpoints the pinned Decap (redigera/node_modules/decap-cms-backend-github 3.8.3,
src/API.ts and implementation.tsx) calls to sign in, list and read entries, read a pending change
(pull request, compare, blobs) and save (blobs, trees, commits, refs, pull requests, labels), with
GitHub's answers as far as Decap reads them, and GitHub's compare-and-set on refs: creating a ref
that exists is refused ("Reference already exists", 422), and so is moving one to a commit that does
not descend from it unless `force` is given ("Update is not a fast forward", 422). Objects are the
repository's own (git hash-object, mktree through an index, commit-tree, update-ref with the old
value), so what a save did is read with plain git. Pull requests and their labels are kept in memory.
Every request it could not answer is kept in `unanswered`, for a test to show.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

ZERO = "0" * 40
IDENTITY = {
    "GIT_AUTHOR_NAME": "Redaktör",
    "GIT_AUTHOR_EMAIL": "redaktor@example.org",
    "GIT_COMMITTER_NAME": "Redaktör",
    "GIT_COMMITTER_EMAIL": "redaktor@example.org",
}


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class PullRequest:
    number: int
    title: str
    head: str  # the branch
    base: str
    labels: list[str] = field(default_factory=list)
    state: str = "open"


class Repository:
    """The git side: one repository, every change under one lock (GitHub serialises a ref's updates)."""

    def __init__(self, root: Path, owner: str, name: str):
        self.root = root
        self.owner = owner
        self.name = name
        self.lock = threading.RLock()
        self.pulls: list[PullRequest] = []
        self.moves: list[tuple[str, bool]] = []  # (branch, force) of each ref moved

    def git(self, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None, check: bool = True) -> str:
        done = subprocess.run(
            ["git", "-C", str(self.root), *args],
            input=stdin,
            capture_output=True,
            env={**os.environ, **IDENTITY, **(env or {})},
            check=False,
        )
        if check and done.returncode != 0:
            raise Refused(404, "Not Found")
        return done.stdout.decode("utf-8").strip() if done.returncode == 0 else ""

    def resolve(self, revision: str) -> str | None:
        """A branch name (or `owner:branch`) or a commit's SHA, as a commit's SHA."""
        revision = revision.split(":", 1)[1] if revision.startswith(f"{self.owner}:") else revision
        sha = self.git("rev-parse", "--verify", "--quiet", f"{self.ref_of(revision)}^{{commit}}", check=False)
        return sha or None

    @staticmethod
    def ref_of(revision: str) -> str:
        return revision if re.fullmatch(r"[0-9a-f]{40}", revision) else f"refs/heads/{revision}"

    def commit_json(self, sha: str) -> dict:
        parents = self.git("show", "-s", "--format=%P", sha).split()
        author, email, date, message = self.git("show", "-s", "--format=%an%x00%ae%x00%aI%x00%B", sha).split("\x00", 3)
        person = {"name": author, "email": email, "date": date}
        return {
            "sha": sha,
            "parents": [{"sha": parent} for parent in parents],
            "commit": {
                "message": message.strip(),
                "author": person,
                "committer": person,
                "tree": {"sha": self.git("rev-parse", f"{sha}^{{tree}}")},
            },
        }

    # --- reading ---------------------------------------------------------------------------------

    def tree(self, spec: str, recursive: bool) -> dict:
        revision, _, folder = unquote(spec).partition(":")
        commit = self.resolve(revision) or revision
        tree = self.git("rev-parse", "--verify", f"{commit}:{folder}" if folder else f"{commit}^{{tree}}")
        listing = self.git("ls-tree", "-l", *(["-r", "-t"] if recursive else []), tree)
        entries = []
        for line in listing.splitlines():
            info, path = line.split("\t", 1)
            mode, kind, sha, size = info.split()
            entries.append(
                {
                    "path": path,
                    "mode": mode,
                    "type": kind,
                    "sha": sha,
                    **({"size": int(size)} if kind == "blob" else {}),
                }
            )
        return {"sha": tree, "tree": entries, "truncated": False}

    def blob(self, sha: str) -> dict:
        if self.git("cat-file", "-t", sha, check=False) != "blob":
            raise Refused(404, "Not Found")
        content = subprocess.run(
            ["git", "-C", str(self.root), "cat-file", "blob", sha], capture_output=True, check=True
        ).stdout
        return {"sha": sha, "size": len(content), "encoding": "base64", "content": base64.b64encode(content).decode()}

    def compare(self, base: str, head: str) -> dict:
        base_sha, head_sha = self.resolve(base), self.resolve(head)
        if not base_sha or not head_sha:
            raise Refused(404, "Not Found")
        merge_base = self.git("merge-base", base_sha, head_sha)
        commits = self.git("rev-list", "--reverse", f"{merge_base}..{head_sha}").split()
        files = []
        for line in self.git("diff", "--raw", "--no-renames", "--no-abbrev", merge_base, head_sha).splitlines():
            info, path = line.split("\t", 1)
            _, _, _, new_sha, status = info.split()
            kind = {"A": "added", "D": "removed"}.get(status, "modified")
            files.append(
                {
                    "filename": path,
                    "status": kind,
                    "sha": None if kind == "removed" else new_sha,
                    "patch": "@@ (text) @@",
                }
            )
        return {
            "base_commit": self.commit_json(base_sha),
            "merge_base_commit": self.commit_json(merge_base),
            "commits": [self.commit_json(sha) for sha in commits],
            "files": files,
            "status": "ahead" if commits else "identical",
            "ahead_by": len(commits),
        }

    def branch(self, name: str) -> dict:
        sha = self.resolve(name)
        if not sha or re.fullmatch(r"[0-9a-f]{40}", name):
            raise Refused(404, "Branch not found")
        return {"name": name, "commit": self.commit_json(sha)}

    def pull_json(self, pull: PullRequest) -> dict:
        head = self.resolve(pull.head)
        return {
            "number": pull.number,
            "title": pull.title,
            "state": pull.state,
            "head": {
                "ref": pull.head,
                "sha": head,
                "label": f"{self.owner}:{pull.head}",
                "repo": {"fork": False, "full_name": f"{self.owner}/{self.name}"},
            },
            "base": {"ref": pull.base},
            "labels": [{"name": name} for name in pull.labels],
            "user": {"login": "redaktor"},
            "updated_at": "2026-11-24T12:00:00Z",
            "body": "",
        }

    def pull_list(self, query: dict[str, list[str]]) -> list[dict]:
        head = query.get("head", [""])[0].removeprefix(f"{self.owner}:")
        state = query.get("state", ["open"])[0]
        return [
            self.pull_json(pull)
            for pull in self.pulls
            if (not head or pull.head == head) and state in ("all", pull.state) and self.resolve(pull.head)
        ]

    # --- writing ---------------------------------------------------------------------------------

    def new_blob(self, body: dict) -> dict:
        content = base64.b64decode(body["content"]) if body.get("encoding") == "base64" else body["content"].encode()
        return {"sha": self.git("hash-object", "-w", "--stdin", stdin=content)}

    def new_tree(self, body: dict) -> dict:
        with tempfile.TemporaryDirectory() as folder:
            index = {"GIT_INDEX_FILE": str(Path(folder) / "index")}
            if body.get("base_tree"):
                self.git("read-tree", body["base_tree"], env=index)
            for entry in body["tree"]:
                if entry.get("sha") is None:
                    self.git("update-index", "--force-remove", "--", entry["path"], env=index)
                else:
                    self.git(
                        "update-index",
                        "--add",
                        "--cacheinfo",
                        f"{entry['mode']},{entry['sha']},{entry['path']}",
                        env=index,
                    )
            return self.tree(self.git("write-tree", env=index), recursive=False)

    def new_commit(self, body: dict) -> dict:
        parents = [arg for parent in body.get("parents", []) for arg in ("-p", parent)]
        sha = self.git("commit-tree", body["tree"], *parents, "-m", body.get("message") or "(no message)")
        return self.commit_json(sha)

    def create_ref(self, body: dict) -> dict:
        ref, sha = body["ref"], body["sha"]
        with self.lock:
            if self.git("rev-parse", "--verify", "--quiet", ref, check=False):
                raise Refused(422, "Reference already exists")
            self.git("update-ref", ref, sha, ZERO)
        return {"ref": ref, "object": {"sha": sha, "type": "commit"}}

    def update_ref(self, name: str, body: dict) -> dict:
        ref, sha = f"refs/{name}", body["sha"]
        with self.lock:
            current = self.git("rev-parse", "--verify", "--quiet", ref, check=False)
            if not current:
                raise Refused(422, "Reference does not exist")
            ancestor = (
                subprocess.run(
                    ["git", "-C", str(self.root), "merge-base", "--is-ancestor", current, sha], capture_output=True
                ).returncode
                == 0
            )
            if not body.get("force") and not ancestor:
                raise Refused(422, "Update is not a fast forward")
            self.git("update-ref", ref, sha, current)
            self.moves.append((name.removeprefix("heads/"), bool(body.get("force"))))
        return {"ref": ref, "object": {"sha": sha, "type": "commit"}}

    def delete_ref(self, name: str) -> None:
        with self.lock:
            if not self.git("rev-parse", "--verify", "--quiet", f"refs/{name}", check=False):
                raise Refused(422, "Reference does not exist")
            self.git("update-ref", "-d", f"refs/{name}")

    def new_pull(self, body: dict) -> dict:
        with self.lock:
            pull = PullRequest(
                len(self.pulls) + 1, body["title"], body["head"].removeprefix(f"{self.owner}:"), body["base"]
            )
            self.pulls.append(pull)
        return self.pull_json(pull)

    def set_labels(self, number: int, body: dict) -> list[dict]:
        pull = next((pull for pull in self.pulls if pull.number == number), None)
        if pull is None:
            raise Refused(404, "Not Found")
        pull.labels = list(body["labels"])
        return [{"name": name} for name in pull.labels]


USER = {"login": "redaktor", "name": "Redaktör Provsson", "email": "redaktor@example.org", "avatar_url": ""}


class GitHubStandIn:
    """The stand-in served on 127.0.0.1 at a free port, for the repository at `root` (owner/name `repo`)."""

    def __init__(self, root: Path, repo: str = "stockholm/kvalitetsgarantier"):
        owner, name = repo.split("/")
        self.repository = Repository(root, owner, name)
        self.unanswered: list[str] = []
        self.requests: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> GitHubStandIn:
        self.thread.start()
        return self

    def __exit__(self, *_) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    def answer(self, method: str, path: str, query: dict[str, list[str]], body: dict | None) -> tuple[int, object]:
        repository = self.repository
        if path == "/user" or path.startswith("/users/"):
            return 200, USER
        if path == "/search/issues":
            return 200, {"total_count": 0, "items": []}
        prefix = f"/repos/{repository.owner}/{repository.name}"
        if not path.startswith(prefix):
            raise Refused(404, "Not Found")
        rest = path[len(prefix) :]
        routes = [
            (
                "GET",
                r"",
                lambda: {
                    "full_name": f"{repository.owner}/{repository.name}",
                    "default_branch": "main",
                    "owner": {"login": repository.owner},
                    "permissions": {"push": True},
                },
            ),
            ("GET", r"/branches/(?P<name>.+)", lambda name: repository.branch(unquote(name))),
            ("GET", r"/git/trees/(?P<spec>.+)", lambda spec: repository.tree(spec, "recursive" in query)),
            ("POST", r"/git/trees", lambda: repository.new_tree(body)),
            ("GET", r"/git/blobs/(?P<sha>[0-9a-f]{40})", lambda sha: repository.blob(sha)),
            ("POST", r"/git/blobs", lambda: repository.new_blob(body)),
            ("POST", r"/git/commits", lambda: repository.new_commit(body)),
            ("POST", r"/git/refs", lambda: (201, repository.create_ref(body))),
            ("PATCH", r"/git/refs/(?P<name>.+)", lambda name: repository.update_ref(unquote(name), body)),
            ("DELETE", r"/git/refs/(?P<name>.+)", lambda name: (204, repository.delete_ref(unquote(name)))),
            (
                "GET",
                r"/compare/(?P<base>.+?)\.\.\.(?P<head>.+)",
                lambda base, head: repository.compare(unquote(base), unquote(head)),
            ),
            ("GET", r"/pulls", lambda: repository.pull_list(query)),
            ("POST", r"/pulls", lambda: (201, repository.new_pull(body))),
            ("PUT", r"/issues/(?P<number>\d+)/labels", lambda number: repository.set_labels(int(number), body)),
            ("GET", r"/commits", lambda: []),  # the last change of a file: Decap shows none without it
            ("GET", r"/commits/(?P<sha>[^/]+)/status", lambda sha: {"state": "pending", "statuses": []}),
        ]
        for verb, pattern, handle in routes:
            found = re.fullmatch(pattern, rest)
            if verb == method and found:
                answer = handle(**found.groupdict())
                return answer if isinstance(answer, tuple) else (200, answer)
        raise Refused(404, "Not Found")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def _cors(self) -> None:
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Access-Control-Allow-Methods", "GET, POST, PATCH, PUT, DELETE")
                self.send_header("Access-Control-Allow-Headers", "Authorization, Content-Type")
                self.send_header("Access-Control-Max-Age", "600")

            def do_OPTIONS(self) -> None:  # noqa: N802
                self.send_response(204)
                self._cors()
                self.end_headers()

            def _answer(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                stand_in.requests.append(f"{self.command} {self.path}")
                try:
                    if not self.headers.get("Authorization", "").startswith("token "):
                        raise Refused(401, "Requires authentication")
                    status, answer = stand_in.answer(
                        self.command, parts.path, parse_qs(parts.query), json.loads(raw) if raw else None
                    )
                except Refused as refusal:
                    if refusal.status == 404:
                        stand_in.unanswered.append(f"{self.command} {self.path}")
                    status, answer = refusal.status, {"message": str(refusal)}
                data = b"" if status == 204 else json.dumps(answer).encode()
                self.send_response(status)
                self._cors()
                if data:
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _answer  # noqa: N815

            def log_message(self, format: str, *args) -> None:  # noqa: A002
                pass

        return Handler
