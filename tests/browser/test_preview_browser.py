"""The open browser follows the editor's saves (issue 13): real `mkdocs serve`, real Chromium.

The page is never navigated by the test: MkDocs' livereload script reloads it
after each build, so what the test sees is what an editor with the preview
open sees after saving.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from ..helpers import REPO_ROOT, run
from ..preview_server import HOME_CARE_PAGE, PATIENCE, Preview
from ..samples import HOME

SCREENSHOTS = REPO_ROOT / "benchmarks" / "out" / "screenshots"


def test_a_broken_save_shows_in_the_open_page_and_the_next_good_save_brings_it_back(
    page: Page, preview: Preview, capsys
):
    page.set_viewport_size({"width": 412, "height": 900})
    page.goto(preview.url + HOME_CARE_PAGE)
    heading = page.locator("article h1")
    expect(heading).to_contain_text("Provstadens hemtjänst")

    unit = preview.root / HOME
    good = unit.read_text(encoding="utf-8")
    unit.write_text(good.replace("  from: 2026-01-01", "  from: 2026-13-01"), encoding="utf-8")
    code, expected, _ = run(preview.root, "check", capsys=capsys)
    messages = [line for line in expected.splitlines() if line.startswith(HOME)]
    assert code == 1 and messages, expected

    expect(heading).to_contain_text("Sidan kan inte visas", timeout=PATIENCE * 1000)
    shown = page.locator("article").inner_text()
    for message in messages:
        assert message in shown
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "forhandsgranskning-fel.png"), full_page=True)

    unit.write_text(good, encoding="utf-8")
    expect(heading).to_contain_text("Provstadens hemtjänst", timeout=PATIENCE * 1000)
    assert "fel i innehållet" not in page.locator("article").inner_text()
