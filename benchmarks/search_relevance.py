"""The search's precision on its relevance set (tests/search/relevance.yml): the sample content
built as the preview, served, and each query run by the site's own search page in headless
Chromium. Prints each query's precision over its first results and the mean. Usage:

    .venv/bin/python benchmarks/search_relevance.py [--site BUILT_SITE]
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from tests.browser.relevance import load_queries, report, run  # noqa: E402

from garanti.content import check_tree  # noqa: E402

TODAY = "2026-06-01"  # the tests' today (tests/helpers.py): the sample's guarantees are in force


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def build(out: Path) -> None:
    environ = {key: value for key, value in os.environ.items() if not key.startswith("GARANTI_")}
    environ.update(GARANTI_TODAY=TODAY, NO_MKDOCS_2_WARNING="1")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        env=environ,
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a site built from the sample content (else built here)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        site = args.site or Path(folder) / "site"
        if not args.site:
            build(site)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        corpus = check_tree(ROOT).corpus
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=os.environ.get("GARANTI_CHROMIUM", "/usr/bin/chromium"), args=["--no-sandbox"]
                )
                page = browser.new_page()
                print(report([run(page, base, query, corpus) for query in load_queries()]))
                browser.close()
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
