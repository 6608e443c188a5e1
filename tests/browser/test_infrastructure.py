"""Tests of the browser test infrastructure itself, on tiny pages written here."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .helpers import foreign_requests, format_violations, pdf_page_count, run_axe

GOOD_PAGE = """<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><title>Kvalitetsgaranti</title></head>
<body style="color:#000;background:#fff">
<main><h1>Förskola</h1><p>Vi lovar att svara inom två dagar.</p></main>
</body>
</html>
"""

# <img> without alt: a WCAG 2 A failure (rule "image-alt").
MISSING_ALT_PAGE = """<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><title>Bild</title></head>
<body><main><h1>Bild</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body>
</html>
"""

# 192.0.2.0/24 is TEST-NET-1: unroutable; the page fixture aborts it anyway.
FOREIGN_IMAGE_PAGE = """<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><title>Extern</title></head>
<body><main><h1>Extern</h1><img alt="" src="http://192.0.2.1/x.png"></main></body>
</html>
"""


def _write(directory: Path, html: str, name: str = "index.html") -> Path:
    (directory / name).write_text(html, encoding="utf-8")
    return directory


def _long_page(paragraphs: int = 200) -> str:
    body = "\n".join(f"<p>Stycke {n}.</p>" for n in range(paragraphs))
    return GOOD_PAGE.replace("</main>", body + "</main>")


def test_axe_passes_clean_page(page, serve_dir, tmp_path):
    base_url = serve_dir(_write(tmp_path, GOOD_PAGE))
    page.goto(base_url)
    violations = run_axe(page)
    assert violations == [], format_violations(violations)


def test_axe_reports_missing_alt(page, serve_dir, tmp_path):
    base_url = serve_dir(_write(tmp_path, MISSING_ALT_PAGE))
    page.goto(base_url)
    violations = run_axe(page)
    assert [v["id"] for v in violations] == ["image-alt"], format_violations(violations)
    assert "image-alt" in format_violations(violations)


def test_foreign_requests_are_recorded_and_blocked(page, serve_dir, tmp_path):
    base_url = serve_dir(_write(tmp_path, FOREIGN_IMAGE_PAGE))
    page.goto(base_url, wait_until="load")
    assert foreign_requests(page, base_url) == ["http://192.0.2.1/x.png"]
    # The image was aborted, so it never loaded.
    assert page.evaluate("document.images[0].naturalWidth") == 0


class _Recorder(BaseHTTPRequestHandler):
    """Answers 200 and remembers each path; `redirect_to` turns it into a 302."""

    redirect_to = ""
    hits: list[str]

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(302 if self.redirect_to else 200)
        if self.redirect_to:
            self.send_header("Location", self.redirect_to + self.path)
        self.end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass


@contextmanager
def _recording_server(host: str, redirect_to: str = ""):
    handler = type("Handler", (_Recorder,), {"hits": [], "redirect_to": redirect_to})
    try:
        server = ThreadingHTTPServer((host, 0), handler)
    except OSError as exc:  # e.g. macOS only binds 127.0.0.1 by default
        pytest.skip(f"cannot bind {host}: {exc}")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{host}:{server.server_address[1]}", handler.hits
    finally:
        server.shutdown()
        server.server_close()


def test_redirect_off_loopback_never_arrives(page):
    # 127.0.0.2 stands in for a remote host: it is not on the allow-list, so
    # it must be refused, yet a hit would stay on this machine.
    with (
        _recording_server("127.0.0.2") as (trap_url, trap_hits),
        _recording_server("127.0.0.1", redirect_to=trap_url) as (base, hits),
        pytest.raises(Exception, match="ERR_PROXY_CONNECTION_FAILED"),
    ):
        page.goto(base + "/leak")
    assert hits == ["/leak"]
    assert trap_hits == []
    assert foreign_requests(page, base) == [trap_url + "/leak"]


def test_foreign_requests_ignores_same_origin_and_local_schemes():
    base = "http://127.0.0.1:8000/"
    urls = [
        "http://127.0.0.1:8000/assets/app.js",
        "data:image/png;base64,AAAA",
        "blob:http://127.0.0.1:8000/uuid",
        "about:blank",
        "http://127.0.0.1:8001/other-port",
        "https://fonts.example/font.woff2",
    ]
    assert foreign_requests(urls, base) == urls[-2:]


def test_pdf_page_count(page, serve_dir, tmp_path):
    (tmp_path / "short").mkdir()
    (tmp_path / "long").mkdir()
    _write(tmp_path / "short", GOOD_PAGE)
    _write(tmp_path / "long", _long_page())
    base_url = serve_dir(tmp_path)
    assert pdf_page_count(page, base_url + "short/") == 1
    assert pdf_page_count(page, base_url + "long/") > 1
