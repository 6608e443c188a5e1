"""The editors' form (/redigera/): what its page downloads, how soon its first field shows,
and how soon a save in it shows in the open preview.

For N synthetic guarantees (benchmarks/build_speed.py's corpus over 14 boards, committed
in a git repository) this starts what ./scripts/preview starts: the form's local back end
(redigera/server.mjs) and `mkdocs serve`. Then, in real headless Chromium:

- the form's page, from an empty cache: the bytes it downloads from the site (as served,
  uncompressed, and as gzip would send them) and from the back end, and the time from
  opening the address of a guarantee in the form to its first field;
- the same with the browser's cache warm;
- several saves: a commitment changed, "Spara" clicked, and the time until the form says
  it is saved and until the preview serves the new text (polled over HTTP, as in
  benchmarks/preview_speed.py).

Figures, not pass/fail: they depend on the machine and its load. Usage:

    .venv/bin/python benchmarks/form_speed.py [N ...] [--saves S]
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO))

from build_speed import BOARDS, make_project  # noqa: E402
from playwright.sync_api import Error, expect, sync_playwright  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS, DEFAULT_CHROMIUM  # noqa: E402
from tests.browser.form_steps import PATIENCE_MS  # noqa: E402
from tests.form_backend import GIT_IDENTITY, FormBackend, git  # noqa: E402
from tests.preview_server import Preview, free_port  # noqa: E402


def repository(root: Path, count: int) -> Path:
    make_project(root, count)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "config", "user.name", GIT_IDENTITY["GIT_AUTHOR_NAME"])
    git(root, "config", "user.email", GIT_IDENTITY["GIT_AUTHOR_EMAIL"])
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "Innehållet")
    return root


def unit(number: int) -> tuple[str, str, str]:
    """(collection, entry, page) of a home-care unit of the synthetic corpus (every third is a preschool)."""
    board = number % BOARDS
    return f"stadsdel-{board}-andra", f"aldreomsorg/enhet-{number}", f"stadsdel-{board}/enhet-{number}/"


def load_page(context, base: str, collection: str, entry: str) -> dict:
    """Open a guarantee in the form (signing in on the way) and wait for its first field."""
    page = context.new_page()
    site, backend = [], []
    origin = base.rstrip("/")

    def finished(request):
        response = request.response()
        if response is None:
            return
        try:
            body = response.body() if response.status == 200 else b""
            sent = request.sizes()["responseBodySize"]  # 0 when the browser's cache answered
        except Error:  # the page was closed meanwhile
            return
        (site if request.url.startswith(origin) else backend).append(
            (request.url, sent, len(gzip.compress(body)) if sent else 0)
        )

    page.on("requestfinished", finished)
    started = time.perf_counter()
    page.goto(f"{base}redigera/#/collections/{collection}/entries/{entry}")
    signed_in = page.get_by_role("button", name="Logga in")
    field = page.get_by_label("Enhetens namn")
    expect(signed_in.or_(field)).to_be_visible(timeout=PATIENCE_MS)
    if signed_in.is_visible():
        signed_in.click()
    expect(field).to_be_visible(timeout=PATIENCE_MS)
    first_field = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    page.close()
    return {"first_field": first_field, "site": site, "backend": backend}


def report_load(label: str, loaded: dict) -> None:
    raw = sum(size for _, size, _ in loaded["site"])
    zipped = sum(size for _, _, size in loaded["site"])
    api = sum(size for _, size, _ in loaded["backend"])
    largest = sorted(loaded["site"], key=lambda item: -item[1])[:3]
    print(
        f"  {label}: first field after {loaded['first_field']:.2f} s; from the site {len(loaded['site'])} files, "
        f"{raw / 1e6:.2f} MB as served ({zipped / 1e6:.2f} MB gzipped); from the back end {len(loaded['backend'])} "
        f"answers, {api / 1e3:.0f} kB",
        flush=True,
    )
    for url, size, packed in largest:
        print(f"      {url.rsplit('/redigera/', 1)[-1]}: {size / 1e6:.2f} MB ({packed / 1e6:.2f} MB gzipped)")


def save_and_wait(page, base: str, preview: Preview, number: int, edit: int) -> dict[str, float]:
    """Change a commitment in the form and save. Seconds from the click until the file is in the
    working tree (the form's and the back end's part), until the form says saved, and until the
    preview serves the new text (its page polled over HTTP, as in benchmarks/preview_speed.py)."""
    collection, entry, served = unit(number)
    page.goto("about:blank")
    page.goto(f"{base}redigera/#/collections/{collection}/entries/{entry}")
    commitment = page.get_by_label("Åtagande", exact=True).nth(1)
    expect(commitment).to_be_visible(timeout=PATIENCE_MS)
    marker = f"Vi ringer inom {edit + 2} minuter, ändring {edit}."
    commitment.fill(marker)
    file = preview.root / "guarantees" / served.split("/")[0] / f"{entry}.md"
    written: list[float] = []

    def watch() -> None:  # the moment the saved text is in the working tree
        deadline = time.perf_counter() + PATIENCE_MS / 1000
        while time.perf_counter() < deadline:
            if marker in file.read_text(encoding="utf-8"):
                written.append(time.perf_counter())
                return
            time.sleep(0.005)

    watcher = threading.Thread(target=watch)
    started = time.perf_counter()
    watcher.start()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Ändringar sparade")).to_be_visible(timeout=PATIENCE_MS)
    saved = time.perf_counter() - started
    preview.wait_for_text(served, marker)
    shown = time.perf_counter() - started
    watcher.join()
    return {"written": written[0] - started, "saved": saved, "shown": shown, "preview": shown - (written[0] - started)}


def measure(count: int, saves: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = repository(Path(folder) / "repo", count)
        preview_port = free_port()
        backend = FormBackend(root, f"http://127.0.0.1:{preview_port}", Path(folder) / "backend.log")
        started = time.perf_counter()
        preview = Preview(
            root, Path(folder) / "serve.log", port=preview_port, patience=1800, environ=backend.preview_environ
        )
        try:
            preview.wait_for_text("stadsdel-1/enhet-1/", "Hos enhet 1 är")
            print(f"  first build served after {time.perf_counter() - started:.1f} s", flush=True)
            base = preview.url
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=DEFAULT_CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
                try:
                    context = browser.new_context(service_workers="block")
                    collection, entry, _ = unit(1)
                    report_load("empty cache", load_page(context, base, collection, entry))
                    report_load(
                        "again      ", load_page(context, base, collection, entry)
                    )  # mkdocs serve: no cache headers
                    page = context.new_page()
                    times = [
                        save_and_wait(page, base, preview, 1 + 3 * (edit + 1) * 7 % count, edit)
                        for edit in range(saves)
                    ]
                finally:
                    browser.close()
            for what, label in (
                ("written", "click Spara -> the file in the working tree"),
                ("saved", "click Spara -> the form says saved (the commit on its branch)"),
                ("preview", "file in the working tree -> the preview serves it"),
                ("shown", "click Spara -> the preview serves it"),
            ):
                values = [one[what] for one in times]
                print(
                    f"  {label}: median {statistics.median(values):.2f} s, min {min(values):.2f} s, "
                    f"max {max(values):.2f} s ({' '.join(f'{v:.2f}' for v in values)})",
                    flush=True,
                )
        finally:
            preview.stop()
            backend.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1000])
    parser.add_argument("--saves", type=int, default=5)
    args = parser.parse_args()
    for count in args.counts:
        print(f"N = {count}", flush=True)
        measure(count, args.saves)


if __name__ == "__main__":
    main()
