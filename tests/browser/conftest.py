"""Fixtures for browser tests: system Chromium via Playwright, a static file
server, and pages whose every request is recorded and kept on loopback."""

from __future__ import annotations

import functools
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from garanti.content import check_tree
from garanti.publishing import ALLOW_UNVERIFIED
from garanti.site import paths

from ..helpers import REPO_ROOT, TODAY
from ..repos import approved_meeting, make_sample_repo
from .helpers import record_requests

DEFAULT_CHROMIUM = "/usr/bin/chromium"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

_HERE = Path(__file__).parent


def _ci_enabled() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def pytest_collection_modifyitems(config, items) -> None:
    # This hook sees the whole session's items, so restrict it to our folder.
    for item in items:
        if _HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of the Chromium executable; skip (locally) or fail (in CI) if absent."""
    path = os.environ.get("GARANTI_CHROMIUM") or DEFAULT_CHROMIUM
    if os.path.isfile(path) and os.access(path, os.X_OK):
        return path
    message = f"Chromium not found at {path!r} (set GARANTI_CHROMIUM)"
    if _ci_enabled():
        pytest.fail(f"{message}; browser tests must run in CI.", pytrace=False)
    pytest.skip(message)


@contextmanager
def _dead_port() -> Iterator[int]:
    """A loopback port that is bound but never listens: connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def _offline_proxy_args(port: int) -> list[str]:
    """Send all non-loopback traffic to a dead proxy.

    Second line of defence behind the page fixture's route handler: redirect
    hops (and anything else routing misses) then fail locally instead of
    leaving the machine. "<-loopback>" drops Chromium's implicit loopback
    bypass so that only the hosts listed here go direct.
    """
    return [
        f"--proxy-server=http://127.0.0.1:{port}",
        "--proxy-bypass-list=<-loopback>;127.0.0.1;localhost;[::1]",
    ]


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    """One headless Chromium for the whole session (startup is the slow part)."""
    # The context manager stops the driver and closes its private event loop.
    with _dead_port() as port, sync_playwright() as playwright:
        # executable_path: never let Playwright download its own browsers.
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=CHROMIUM_ARGS + _offline_proxy_args(port),
        )
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass  # access logs would drown pytest's output


@pytest.fixture(scope="session")
def serve_dir() -> Iterator[Callable[[str | os.PathLike], str]]:
    """Factory: serve_dir(path) -> base URL ("http://127.0.0.1:PORT/")."""
    servers: list[tuple[ThreadingHTTPServer, threading.Thread]] = []

    def serve(path: str | os.PathLike) -> str:
        handler = functools.partial(_QuietHandler, directory=os.fspath(path))
        # Port 0: the OS picks a free port, so parallel runs never collide.
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """Fresh context and page; requests are recorded, non-loopback ones aborted.

    Use helpers.foreign_requests(page, base_url) to inspect them.
    """
    # Service workers could fetch outside the route handler; block them.
    context = browser.new_context(service_workers="block")
    record_requests(context)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    """The sample corpus in a real git repository, each board tagged once, then published."""
    base = tmp_path_factory.mktemp("published")
    repo = make_sample_repo(base / "repo")
    boards = check_tree(REPO_ROOT).corpus.boards
    with pytest.MonkeyPatch.context() as environment:
        # garanti publish runs mkdocs with this process's environment.
        environment.setenv("GARANTI_TODAY", TODAY)
        environment.setenv("NO_MKDOCS_2_WARNING", "1")
        environment.delenv("GARANTI_APPROVALS", raising=False)
        environment.delenv("SITE_URL", raising=False)
        for board in boards.values():
            assert repo.approve(board.slug, approved_meeting(board).isoformat()) == 0
        assert repo.garanti("publish", "--out", str(base / "site"), ALLOW_UNVERIFIED) == 0
    decisions = (base / "site" / paths.url_of(paths.decisions_page()) / "index.html").read_text(encoding="utf-8")
    assert decisions.count("<tr ") == 1 + len(boards), "the decisions table should have a row per tag"
    return base / "site"
