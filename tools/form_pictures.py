"""The pictures of the editors' guide (REDIGERA.md): the real form, in headless Chromium.

Starts what ./scripts/preview starts (the form's local back end and mkdocs serve) on a git
repository holding the sample guarantees, does in the form what the guide describes, and
writes each step as a PNG to redigera/bilder/. Run it again when the form changes:

    .venv/bin/python tools/form_pictures.py
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS, DEFAULT_CHROMIUM  # noqa: E402
from tests.browser.form_steps import PATIENCE_MS, choose, fill_new_preschool, open_entry, open_form  # noqa: E402
from tests.form_backend import FormBackend, make_repository  # noqa: E402
from tests.preview_server import Preview, free_port  # noqa: E402

PICTURES = REPO / "redigera" / "bilder"
VIEWPORT = {"width": 1100, "height": 760}
BOARD = "hagersten-liljeholmen"


def picture(page: Page, name: str, full: bool = False) -> None:
    page.wait_for_timeout(300)  # Decap's transitions settle
    page.screenshot(path=str(PICTURES / f"{name}.png"), full_page=full, animations="disabled", caret="initial")
    print(f"  {name}.png", flush=True)


def field_at_top(page: Page, label: str) -> None:
    """Scroll so that the field with this label is just below the form's toolbar."""
    page.locator("label").filter(has_text=re.compile(f"^{label}")).first.evaluate("""label => {
        label.scrollIntoView({block: 'start'});
        window.scrollBy(0, -90);
    }""")


def pictures(page: Page, base: str) -> None:
    open_form(page, base)
    page.goto(f"{base}redigera/#/collections/{BOARD}-forskolor")
    expect(page.get_by_text("Fruängens förskolor")).to_be_visible(timeout=PATIENCE_MS)
    picture(page, "1-samlingar")

    open_entry(page, base, f"{BOARD}-forskolor")
    fill_new_preschool(
        page,
        "Förskoleavdelningen",
        "Solrosens förskola",
        {
            "Utveckling och lärande": "Barnen sjunger, dansar eller spelar musik varje dag.",
            "Samverkan": "Vi besöker biblioteket med de äldre barnen en gång i månaden.",
        },
    )
    field_at_top(page, "Avdelning")
    picture(page, "2-ny-garanti")
    field_at_top(page, "Åtaganden")
    picture(page, "3-ataganden")

    page.get_by_label("Enhetens namn").click()  # emptied as a person empties it
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text('Fältet "Enhetens namn" saknas. Fyll i det.')).to_be_visible(timeout=PATIENCE_MS)
    field_at_top(page, "Enhetens namn")
    picture(page, "4-felmeddelande")

    page.get_by_label("Enhetens namn").fill("Solrosens förskola")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Ändringar sparade")).to_be_visible(timeout=PATIENCE_MS)
    field_at_top(page, "Avdelning")
    picture(page, "5-sparad")

    open_entry(page, base, f"{BOARD}-uppfoljning-2026")
    choose(page, "Enhet", "Aspuddens förskolor")
    expect(page.locator("output").first).to_be_visible(timeout=PATIENCE_MS)
    choose(page, page.get_by_label(re.compile("^Resultat")).first, "uppfyllt")
    field_at_top(page, "Enhet")
    picture(page, "6-uppfoljning")

    page.goto("about:blank")
    page.goto(f"{base}redigera/#/workflow")
    expect(page.get_by_role("heading", name="Ändringar som väntar")).to_be_visible(timeout=PATIENCE_MS)
    picture(page, "7-arbetsflode")

    page.goto(f"{base}{BOARD}/solrosens-forskola/")
    expect(page.get_by_role("heading", name="Solrosens förskola", level=1)).to_be_visible(timeout=PATIENCE_MS)
    picture(page, "8-forhandsgranskning")


def main() -> None:
    PICTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        shutil.copytree(REPO / "guarantees", root / "guarantees")
        make_repository(root)
        port = free_port()
        backend = FormBackend(root, f"http://127.0.0.1:{port}", Path(folder) / "backend.log")
        preview = Preview(root, Path(folder) / "serve.log", port=port, environ=backend.preview_environ)
        try:
            preview.wait_for_text(f"{BOARD}/fruangens-forskolor/", "Fruängens förskolor")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=DEFAULT_CHROMIUM,
                    headless=True,
                    args=[*CHROMIUM_ARGS, "--lang=sv-SE"],
                    env={**os.environ, "LANG": "sv_SE.UTF-8", "LANGUAGE": "sv"},
                )
                try:
                    context = browser.new_context(viewport=VIEWPORT, locale="sv-SE", service_workers="block")
                    pictures(context.new_page(), preview.url)
                finally:
                    browser.close()
        finally:
            preview.stop()
            backend.stop()


if __name__ == "__main__":
    main()
