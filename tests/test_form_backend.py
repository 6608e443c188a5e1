"""The form's local back end (redigera/server.mjs) under real HTTP requests, on a real git repository:
it answers only the preview's page (key, Origin, Host), writes only the form's files, does only what
the form does, and never writes over a text saved since the editor opened it (issue 31)."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from garanti.languages import LANGUAGES

from . import samples
from .form_backend import FormBackend, backend_installed, branches, git, make_repository
from .helpers import write
from .samples import BOARD_YML, HOME_CARE_MD, PRESCHOOL_MD

pytestmark = pytest.mark.skipif(
    not backend_installed() and os.environ.get("CI") != "true",
    reason="the form's packages are not installed: run scripts/setup",
)

HOME_CARE = "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md"
PRESCHOOL = "guarantees/provstaden/forskola/provstadens-forskolor.md"
ORIGIN = "http://127.0.0.1:8000"


def _repository(root: Path) -> Path:
    write(root, "guarantees/provstaden/board.yml", BOARD_YML)
    write(root, HOME_CARE, HOME_CARE_MD)
    write(root, PRESCHOOL, PRESCHOOL_MD)
    return make_repository(root)


@pytest.fixture(scope="module")
def backend(tmp_path_factory) -> Iterator[FormBackend]:
    root = _repository(tmp_path_factory.mktemp("form-backend") / "repo")
    started = FormBackend(root, ORIGIN, tmp_path_factory.mktemp("form-backend-log") / "backend.log")
    try:
        yield started
    finally:
        started.stop()


def state(root: Path) -> dict[str, str]:
    """Everything a request could change: every file (the git folder's too, its objects aside) and every ref."""
    found = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(".git/objects/") or relative.startswith(".git/logs/") or relative == ".git/index":
            continue
        if path.is_symlink():
            found[relative] = "-> " + os.readlink(path)
        elif path.is_file():
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    found["refs"] = git(root, "for-each-ref", "--format=%(refname) %(objectname)")
    return found


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def persist(
    path: str,
    raw: str,
    *,
    collection: str = "provstaden-andra",
    slug: str | None = None,
    base: dict | None = None,
    **more,
) -> dict:
    """persistEntry's params as Decap CMS sends them (and lokal.js adds `base`)."""
    slug = slug or "/".join(path.removesuffix(".md").split("/")[2:4])
    params = {
        "branch": "main",
        "dataFiles": [{"slug": slug, "path": path, "raw": raw}],
        "assets": [],
        "options": {
            "collectionName": collection,
            "commitMessage": "Formuläret: ändrad",
            "useWorkflow": True,
            "status": "draft",
        },
    }
    if base is not None:
        params["base"] = base
    params.update(more)
    return params


def read_entry(backend: FormBackend, path: str) -> str:
    status, answer = backend.ask("getEntry", {"branch": "main", "path": path})
    assert status == 200, answer
    return answer["data"]


@pytest.mark.parametrize(
    "headers, why",
    [
        ({"Origin": None}, "ingen Origin"),
        ({"Origin": "https://example.com"}, "example.com"),
        ({"Origin": "null"}, "null"),
        ({"Origin": "http://127.0.0.1:8001"}, "8001"),
        ({"Host": "evil.example:{port}"}, "evil.example"),
        ({"Host": "127.0.0.1:1"}, "värdnamn"),
        ({"X_Garanti_Nyckel": None}, "nyckel"),
        ({"X_Garanti_Nyckel": "0" * 64}, "nyckel"),
    ],
    ids=["no-origin", "other-origin", "null-origin", "other-port", "other-host", "host-port", "no-key", "wrong-key"],
)
def test_a_request_not_from_the_previews_page_is_refused_and_changes_nothing(backend: FormBackend, headers, why):
    before = state(backend.root)
    headers = {name: value.format(port=backend.port) if value else value for name, value in headers.items()}
    status, answer = backend.ask("persistEntry", persist(HOME_CARE, "---\ntitle: x\n---\n", base={}), **headers)
    assert status == 403 and why in answer["error"]
    assert backend.ask("info", **headers)[0] == 403
    assert state(backend.root) == before
    refusals = [line for line in backend.log.read_text().splitlines() if "vägrade POST /api/v1" in line]
    assert why in refusals[-1]


TOP_LEVEL = [
    ".github/workflows/publicera.yml",
    "src/garanti/cli.py",
    "hooks/garanti_hook.py",
    "godkannare/allowed_signers",
    "schema/guarantee.schema.json",
    "docs/index.md",
    "mkdocs.yml",
    "scripts/test",
    "redigera/server.mjs",
    "overrides/main.html",
    "README.md",
    ".git",
    ".git/config",
    ".git/hooks/pre-commit",
    ".gitattributes",
]
SNEAKY = [
    "../utanfor.md",
    "/etc/passwd",
    "guarantees/provstaden/board.yml",
    "guarantees/provstaden/ny.md",
    "guarantees/provstaden/aldreomsorg/../../../src/garanti/cli.md",
    "guarantees/provstaden/aldreomsorg/./provstadens-hemtjanst.md",
    "guarantees/provstaden/aldreomsorg//provstadens-hemtjanst.md",
    "guarantees/provstaden/%2e%2e/aldreomsorg/x.md",
    "guarantees/provstaden/aldreomsorg/..%2fx.md",
    "guarantees/provstaden/....//aldreomsorg/x.md",
    "guarantees/provstaden/aldreomsorg/x.md/",
    "guarantees\\provstaden\\aldreomsorg\\x.md",
    "guarantees/provstaden/aldreomsorg/X.md",
    "guarantees/provstaden/aldreomsorg/x.md.sh",
    "guarantees/provstaden/aldreomsorg/x.md\n",
    "guarantees/provstaden/aldreomsorg/x.uppfoljning-26.yml",
    "guarantees/provstaden/aldreomsorg/x.sv.md",
    "guarantees/provstaden/aldreomsorg/.x.md",
    "./guarantees/provstaden/aldreomsorg/x.md",
    "guarantees/provstaden/aldreomsorg/x/y.md",
    "guarantees/provstaden/.git/x.md",
]


@pytest.mark.parametrize("path", TOP_LEVEL + SNEAKY)
def test_only_the_forms_files_are_written(backend: FormBackend, path: str):
    before = state(backend.root)
    unit = "aldreomsorg/provstadens-hemtjanst"
    for action, params in [
        ("persistEntry", persist(path, "skrivet", slug=unit, base={path: None})),
        (
            "persistEntry",
            {
                **persist(HOME_CARE, "skrivet", base={HOME_CARE: sha(HOME_CARE_MD)}),
                "dataFiles": [{"slug": unit, "path": HOME_CARE, "newPath": path, "raw": "skrivet"}],
            },
        ),
        ("getEntry", {"branch": "main", "path": path}),
        ("entriesByFiles", {"branch": "main", "files": [{"path": path}]}),
        ("entriesByFolder", {"branch": "main", "folder": path, "extension": "md", "depth": 2}),
        (
            "unpublishedEntryDataFile",
            {
                "branch": "main",
                "collection": "provstaden-andra",
                "slug": unit,
                "id": f"provstaden-andra/{unit}",
                "path": path,
            },
        ),
    ]:
        status, answer = backend.ask(action, params)
        assert status == 403, (action, answer)
    assert state(backend.root) == before
    assert not any(branch.startswith("cms/") for branch in branches(backend.root))


@pytest.mark.parametrize(
    "action, params",
    [
        (
            "persistMedia",
            {
                "branch": "main",
                "asset": {"path": "guarantees/provstaden/aldreomsorg/x.md", "content": "eA==", "encoding": "base64"},
                "options": {"commitMessage": "x"},
            },
        ),
        ("deleteFile", {"branch": "main", "path": HOME_CARE, "options": {"commitMessage": "x"}}),
        ("deleteFiles", {"branch": "main", "paths": [HOME_CARE], "options": {"commitMessage": "x"}}),
        ("getMediaFile", {"branch": "main", "path": "README.md"}),
        (
            "unpublishedEntryMediaFile",
            {"branch": "main", "collection": "a", "slug": "b", "id": "a/b", "path": "README.md"},
        ),
        (
            "publishUnpublishedEntry",
            {"branch": "main", "collection": "provstaden-andra", "slug": "aldreomsorg/provstadens-hemtjanst"},
        ),
        (
            "persistEntry",
            persist(
                HOME_CARE,
                "x",
                base={},
                assets=[{"path": "redigera/bilder/x.png", "content": "eA==", "encoding": "base64"}],
            ),
        ),
        (
            "persistEntry",
            persist(
                HOME_CARE,
                "x",
                base={},
                options={
                    "collectionName": "provstaden-andra",
                    "commitMessage": "x",
                    "useWorkflow": False,
                    "status": "draft",
                },
            ),
        ),
        ("persistEntry", persist(HOME_CARE, "x", collection="../x", base={})),
        ("persistEntry", persist(HOME_CARE, "x", slug="--upload-pack=touch /tmp/x", base={})),
        ("unpublishedEntry", {"branch": "main", "collection": "provstaden-andra", "slug": "../../x"}),
        (
            "updateUnpublishedEntryStatus",
            {"branch": "main", "collection": "provstaden-andra", "slug": "a/b", "newStatus": "pending_publish\n[core]"},
        ),
        ("somethingElse", {"branch": "main"}),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_only_what_the_form_does_is_done(backend: FormBackend, action, params):
    before = state(backend.root)
    status, answer = backend.ask(action, params)
    assert status == 403, answer
    assert answer["error"]
    assert state(backend.root) == before


def test_ta_in_is_not_done_locally_and_the_branch_stays(backend: FormBackend):
    raw = read_entry(backend, HOME_CARE)
    changed = raw.replace("30 minuter", "20 minuter")
    assert backend.ask("persistEntry", persist(HOME_CARE, changed, base={HOME_CARE: sha(raw)}))[0] == 200
    branch = "cms/provstaden-andra/aldreomsorg/provstadens-hemtjanst"
    tip = git(backend.root, "rev-parse", branch)
    status, answer = backend.ask(
        "publishUnpublishedEntry",
        {"branch": "main", "collection": "provstaden-andra", "slug": "aldreomsorg/provstadens-hemtjanst"},
    )
    assert status == 403 and "Ta in görs inte i förhandsgranskningen" in answer["error"]
    assert git(backend.root, "rev-parse", branch) == tip
    assert git(backend.root, "rev-parse", "main") == git(backend.root, "rev-parse", "formularets-bas")
    assert (
        backend.ask(
            "deleteUnpublishedEntry",
            {"branch": "main", "collection": "provstaden-andra", "slug": "aldreomsorg/provstadens-hemtjanst"},
        )[0]
        == 200
    )
    # The editor asked for it: the branch goes, its last commit is kept, and the log says how to get it back.
    assert branch not in branches(backend.root)
    kept = git(
        backend.root, "for-each-ref", "--format=%(refname) %(objectname)", f"refs/formularet/borttagna/{branch}/"
    )
    assert kept.split()[1] == tip.strip()
    assert f"git branch {branch} {kept.split()[0]}" in backend.log.read_text()


def test_a_huge_body_is_refused(backend: FormBackend):
    before = state(backend.root)
    status, answer = backend.post(json.dumps(persist(HOME_CARE, "x" * 2_000_000, base={})).encode())
    assert status == 413 and "större än" in answer["error"]
    assert backend.post(b"{not json")[0] == 400
    assert state(backend.root) == before


def test_a_save_made_from_a_changed_text_is_refused_with_the_text_saved_meanwhile(backend: FormBackend):
    """Two tabs open one guarantee: the first saves, the second's save is refused, not written over it."""
    original = read_entry(backend, PRESCHOOL)
    first = original.replace("läsa och berätta", "läsa, sjunga och berätta")
    second = original.replace("planerar veckan", "planerar utflykterna")
    assert first != original and second != original
    collection = "provstaden-forskolor"
    assert (
        backend.ask("persistEntry", persist(PRESCHOOL, first, collection=collection, base={PRESCHOOL: sha(original)}))[
            0
        ]
        == 200
    )
    branch = "cms/provstaden-forskolor/forskola/provstadens-forskolor"
    before = state(backend.root)

    status, answer = backend.ask(
        "persistEntry", persist(PRESCHOOL, second, collection=collection, base={PRESCHOOL: sha(original)})
    )
    assert status == 409
    assert "har ändrats sedan du öppnade den" in answer["error"] and "Din text är inte sparad" in answer["error"]
    assert answer["saved"] == first and answer["path"] == PRESCHOOL
    assert state(backend.root) == before
    assert git(backend.root, "show", f"{branch}:{PRESCHOOL}") == first
    assert (backend.root / PRESCHOOL).read_text(encoding="utf-8") == first  # the preview shows the saved text

    # Made from the saved text, the save goes through.
    assert (
        backend.ask(
            "persistEntry",
            persist(
                PRESCHOOL,
                second.replace("läsa och", "läsa, sjunga och"),
                collection=collection,
                base={PRESCHOOL: sha(first)},
            ),
        )[0]
        == 200
    )
    assert "planerar utflykterna" in git(backend.root, "show", f"{branch}:{PRESCHOOL}")
    # A save that names no version of a file that exists is a new entry over it: refused.
    status, answer = backend.ask("persistEntry", persist(PRESCHOOL, first, collection=collection, base={}))
    assert status == 409 and "finns redan" in answer["error"]


def test_saves_at_the_same_instant_each_keep_their_own_text(backend: FormBackend):
    texts = {}
    for number in range(6):
        path = f"guarantees/provstaden/aldreomsorg/samtidigt-{number}.md"
        texts[path] = HOME_CARE_MD.replace("Provstadens hemtjänst", f"Samtidiga hemtjänsten {number}")
    barrier = threading.Barrier(len(texts))
    answers = {}

    def save(path: str) -> None:
        barrier.wait()
        answers[path] = backend.ask("persistEntry", persist(path, texts[path], base={path: None}))

    threads = [threading.Thread(target=save, args=(path,)) for path in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {path: status for path, (status, _) in answers.items()} == {path: 200 for path in texts}
    for path, text in texts.items():
        slug = path.removesuffix(".md").split("/", 2)[2]
        assert git(backend.root, "show", f"cms/provstaden-andra/{slug}:{path}") == text
        assert (backend.root / path).read_text(encoding="utf-8") == text
    assert not list((backend.root / ".git").glob("garanti-redigera-*.tmp"))


def test_language_versions_are_files_the_form_may_write(backend: FormBackend):
    for language in LANGUAGES:
        path = HOME_CARE.removesuffix(".md") + language.file_suffix
        status, answer = backend.ask(
            "persistEntry",
            persist(
                path,
                "---\ntitle: x\n---\n",
                base={path: None},
                slug=f"aldreomsorg/provstadens-hemtjanst-{language.key}",
            ),
        )
        assert status == 200, answer


def test_a_link_in_the_path_is_not_followed(tmp_path: Path):
    root = _repository(tmp_path / "repo")
    (root / "guarantees/provstaden/lank").symlink_to("../../src")
    (root / "src").mkdir(exist_ok=True)
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "En länk")
    started = FormBackend(root, ORIGIN, tmp_path / "backend.log")
    try:
        before = state(root)
        for path in ["guarantees/provstaden/lank/x.md", "guarantees/provstaden/lank/x.uppfoljning-2026.yml"]:
            status, answer = started.ask("persistEntry", persist(path, "skrivet", slug="lank/x", base={path: None}))
            assert status == 403 and "länk" in answer["error"]
        assert state(root) == before
    finally:
        started.stop()


def test_stopping_the_back_end_leaves_the_working_tree_as_git_has_it(tmp_path: Path):
    root = _repository(tmp_path / "repo")
    started = FormBackend(root, ORIGIN, tmp_path / "backend.log")
    try:
        raw = read_entry(started, HOME_CARE)
        new = "guarantees/provstaden/aldreomsorg/nya-hemtjansten.md"
        assert (
            started.ask("persistEntry", persist(HOME_CARE, raw.replace("30", "25"), base={HOME_CARE: sha(raw)}))[0]
            == 200
        )
        assert started.ask("persistEntry", persist(new, raw, base={new: None}))[0] == 200
        assert "25 minuter" in (root / HOME_CARE).read_text(encoding="utf-8") and (root / new).exists()
    finally:
        started.stop()
    assert git(root, "status", "--porcelain") == ""
    assert {
        "cms/provstaden-andra/aldreomsorg/provstadens-hemtjanst",
        "cms/provstaden-andra/aldreomsorg/nya-hemtjansten",
    } <= branches(root)


def test_without_a_key_the_back_end_does_not_start(tmp_path: Path, monkeypatch):
    root = _repository(tmp_path / "repo")
    monkeypatch.setattr("secrets.token_hex", lambda size: "kort")
    with pytest.raises(AssertionError, match="GARANTI_REDIGERA_NYCKEL saknas eller är för kort"):
        FormBackend(root, ORIGIN, tmp_path / "backend.log")


def test_a_reviewer_checks_a_form_branch_while_the_form_is_open(backend: FormBackend, tmp_path: Path):
    """REDIGERA.md §1's commands, while the form's copy of the save is in the working tree."""
    raw = read_entry(backend, HOME_CARE)
    base = {HOME_CARE: sha(raw)}
    changed = raw.replace("två veckor", "tio dagar")
    status, answer = backend.ask("persistEntry", persist(HOME_CARE, changed, base=base))
    assert status == 200, answer
    guide = (Path(__file__).resolve().parents[1] / "REDIGERA.md").read_text(encoding="utf-8")
    assert "`git worktree add ../granska cms/<samling>/<avdelning>/<enhet>`" in guide
    assert "`.venv/bin/garanti --root ../granska check`" in guide
    review = tmp_path / "granska"
    git(backend.root, "worktree", "add", str(review), "cms/provstaden-andra/aldreomsorg/provstadens-hemtjanst")
    try:
        checked = subprocess.run(
            [sys.executable, "-m", "garanti.cli", "--root", str(review), "check"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "tio dagar" in (review / HOME_CARE).read_text(encoding="utf-8")
    finally:
        git(backend.root, "worktree", "remove", str(review))


def test_a_changed_commitment_brings_the_follow_up_along_in_the_same_save(tmp_path: Path):
    """The dead end of issue 31: the guarantee's branch holds its follow-up with the new commitment
    (a draft, the result to fill in; the others as they were), and `garanti check` passes on it."""
    root = _repository(tmp_path / "repo")
    follow_up = HOME_CARE.removesuffix(".md") + ".uppfoljning-2026.yml"
    write(root, follow_up, samples.follow_up())
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "Uppföljningen")
    started = FormBackend(root, ORIGIN, tmp_path / "backend.log")
    try:
        raw = read_entry(started, HOME_CARE)
        changed = raw.replace("30 minuter", "20 minuter")
        assert started.ask("persistEntry", persist(HOME_CARE, changed, base={HOME_CARE: sha(raw)}))[0] == 200
        branch = "cms/provstaden-andra/aldreomsorg/provstadens-hemtjanst"
        assert sorted(git(root, "diff", "--name-only", f"main...{branch}").split()) == [HOME_CARE, follow_up]
        brought = git(root, "show", f"{branch}:{follow_up}")
        assert "20 minuter" in brought and "30 minuter" not in brought and "draft: true" in brought
        assert samples.FIRST in brought and "Alla nya kunder fick en kontaktperson i tid." in brought
        assert f"{follow_up} följer med {HOME_CARE}" in (tmp_path / "backend.log").read_text()
        # The form opens the guarantee's change as the guarantee alone (no follow-up taken for a picture).
        status, entry = started.ask(
            "unpublishedEntry",
            {"branch": "main", "collection": "provstaden-andra", "slug": "aldreomsorg/provstadens-hemtjanst"},
        )
        assert status == 200 and [diff["path"] for diff in entry["diffs"]] == [HOME_CARE]
        review = tmp_path / "granska"
        git(root, "worktree", "add", str(review), branch)
        checked = subprocess.run(
            [sys.executable, "-m", "garanti.cli", "--root", str(review), "check"],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "GARANTI_TODAY": "2026-12-15"},
        )
        git(root, "worktree", "remove", "--force", str(review))
        assert checked.returncode == 0, checked.stdout + checked.stderr
    finally:
        started.stop()


def _with_follow_up(root: Path) -> str:
    follow_up = HOME_CARE.removesuffix(".md") + ".uppfoljning-2026.yml"
    write(root, follow_up, samples.follow_up())
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "Uppföljningen")
    return follow_up


def test_a_save_whose_page_went_away_still_finishes_before_the_next_starts(tmp_path: Path):
    """A tab reloaded mid-save: its save goes on, and the next save (made from the same text) waits for
    it and is refused, rather than both passing the check of the text they were made from."""
    root = _repository(tmp_path / "repo")
    _with_follow_up(root)  # the save brings it along: slow enough to be overtaken
    started = FormBackend(root, ORIGIN, tmp_path / "backend.log")
    try:
        raw = read_entry(started, HOME_CARE)
        first, second = raw.replace("30 minuter", "20 minuter"), raw.replace("två veckor", "tio dagar")
        body = json.dumps({"action": "persistEntry", "params": persist(HOME_CARE, first, base={HOME_CARE: sha(raw)})})
        connection = http.client.HTTPConnection("127.0.0.1", started.port, timeout=0.05)
        connection.request(
            "POST",
            "/api/v1",
            body=body.encode(),
            headers={"Content-Type": "application/json", "Origin": ORIGIN, "X-Garanti-Nyckel": started.key},
        )
        with pytest.raises(TimeoutError):
            connection.getresponse()
        connection.close()  # the page went away
        status, answer = started.ask("persistEntry", persist(HOME_CARE, second, base={HOME_CARE: sha(raw)}))
        assert status == 409, answer
        saved = git(root, "show", f"cms/provstaden-andra/aldreomsorg/provstadens-hemtjanst:{HOME_CARE}")
        assert saved == first and answer["saved"] == first
    finally:
        started.stop()


def test_a_branch_main_has_changed_under_is_refused_with_the_text_and_the_form_goes_on(tmp_path: Path):
    root = _repository(tmp_path / "repo")
    started = FormBackend(root, ORIGIN, tmp_path / "backend.log")
    raw = read_entry(started, HOME_CARE)
    on_branch = raw.replace("30 minuter", "20 minuter")
    assert started.ask("persistEntry", persist(HOME_CARE, on_branch, base={HOME_CARE: sha(raw)}))[0] == 200
    started.stop()
    write(root, HOME_CARE, raw.replace("30 minuter", "40 minuter"))  # main moves on, on the same line
    git(root, "commit", "--quiet", "--all", "--message", "Main ändras")
    started = FormBackend(root, ORIGIN, tmp_path / "backend-2.log")
    try:
        mine = on_branch.replace("två veckor", "tio dagar")
        status, answer = started.ask("persistEntry", persist(HOME_CARE, mine, base={HOME_CARE: sha(on_branch)}))
        assert status == 409 and "main har ändrats på samma ställe" in answer["error"]
        assert answer["saved"] == on_branch
        # Nothing is left half-way: the form reads and saves as before.
        assert "40 minuter" in read_entry(started, HOME_CARE)
        other = read_entry(started, PRESCHOOL)
        assert (
            started.ask(
                "persistEntry",
                persist(
                    PRESCHOOL,
                    other.replace("planerar veckan", "planerar dagen"),
                    collection="provstaden-forskolor",
                    base={PRESCHOOL: sha(other)},
                ),
            )[0]
            == 200
        )
    finally:
        started.stop()


def test_a_killed_session_is_tidied_up_by_the_next(tmp_path: Path):
    root = _repository(tmp_path / "repo")
    started = FormBackend(root, ORIGIN, tmp_path / "backend.log")
    raw = read_entry(started, HOME_CARE)
    assert (
        started.ask("persistEntry", persist(HOME_CARE, raw.replace("30", "25"), base={HOME_CARE: sha(raw)}))[0] == 200
    )
    assert git(root, "status", "--porcelain").strip()  # the form's copy, for the preview
    started.process.send_signal(signal.SIGKILL)
    started.process.wait(timeout=30)
    again = FormBackend(root, ORIGIN, tmp_path / "backend-2.log")
    try:
        assert git(root, "status", "--porcelain") == ""
        assert read_entry(again, HOME_CARE) == raw
        assert "cms/provstaden-andra/aldreomsorg/provstadens-hemtjanst" in branches(root)
    finally:
        again.stop()


def test_a_follow_up_with_a_change_of_its_own_waiting_is_not_brought_along(tmp_path: Path):
    root = _repository(tmp_path / "repo")
    follow_up = _with_follow_up(root)
    started = FormBackend(root, ORIGIN, tmp_path / "backend.log")
    try:
        typed = samples.follow_up(complaints="11")
        assert (
            started.ask(
                "persistEntry",
                persist(
                    follow_up,
                    typed,
                    collection="provstaden-uppfoljning-2026",
                    slug="aldreomsorg/provstadens-hemtjanst",
                    base={follow_up: sha(samples.follow_up())},
                ),
            )[0]
            == 200
        )
        raw = read_entry(started, HOME_CARE)
        assert (
            started.ask(
                "persistEntry", persist(HOME_CARE, raw.replace("30 minuter", "20 minuter"), base={HOME_CARE: sha(raw)})
            )[0]
            == 200
        )
        branch = "cms/provstaden-andra/aldreomsorg/provstadens-hemtjanst"
        assert git(root, "diff", "--name-only", f"main...{branch}").split() == [HOME_CARE]
        assert (root / follow_up).read_text(encoding="utf-8") == typed  # the preview keeps the typed results
        assert f"{follow_up} följer inte med" in (tmp_path / "backend.log").read_text()
    finally:
        started.stop()


def test_an_entry_named_twice_is_checked_by_both_names(backend: FormBackend):
    status, answer = backend.ask(
        "unpublishedEntry",
        {
            "branch": "main",
            "id": "x/y/z/w",
            "collection": "provstaden-andra",
            "slug": "aldreomsorg/provstadens-hemtjanst",
        },
    )
    assert status == 403, answer


def test_the_preview_opened_at_localhost_is_the_preview(backend: FormBackend):
    assert backend.ask("info", Origin=backend.origin.replace("127.0.0.1", "localhost"))[0] == 200


def test_a_pending_change_is_read_as_the_form_reads_it(backend: FormBackend):
    """unpublishedEntryDataFile's `id` is a file's version (the path, as decap-server lists it), not an entry."""
    slug = "forskola/provstadens-forskolor"
    branch = f"cms/provstaden-forskolor/{slug}"
    raw = (
        git(backend.root, "show", f"{branch}:{PRESCHOOL}")
        if branch in branches(backend.root)
        else read_entry(backend, PRESCHOOL)
    )
    changed = raw.replace("Barnen är med och planerar", "Barnen planerar")
    assert (
        backend.ask(
            "persistEntry", persist(PRESCHOOL, changed, collection="provstaden-forskolor", base={PRESCHOOL: sha(raw)})
        )[0]
        == 200
    )
    status, answer = backend.ask(
        "unpublishedEntryDataFile",
        {"branch": "main", "collection": "provstaden-forskolor", "slug": slug, "id": PRESCHOOL, "path": PRESCHOOL},
    )
    assert status == 200 and answer["data"] == changed, answer
