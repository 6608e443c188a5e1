"""What an editor does in the form (/redigera/), as steps for Playwright: shared by the
browser tests, benchmarks/form_speed.py and benchmarks/form_screenshots.py.

Fields are found by their labels (the schema's titles), buttons by their Swedish names,
as a screen reader user finds them.
"""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

PATIENCE_MS = 120_000  # a loaded two-core machine, not a target


def open_form(page: Page, base_url: str) -> None:
    """The form's start, signed in to the local back end (its only sign-in is a button)."""
    page.goto(base_url + "redigera/")
    page.get_by_role("button", name="Logga in").click(timeout=PATIENCE_MS)
    expect(page.get_by_role("heading", name="Samlingar")).to_be_visible(timeout=PATIENCE_MS)


def open_entry(page: Page, base_url: str, collection: str, entry: str | None = None) -> None:
    """A collection's entry (department/unit), or a new one when entry is None."""
    where = f"entries/{entry}" if entry else "new"
    page.goto("about:blank")  # a fresh page: the last editor's buttons are gone before the next one's are awaited
    page.goto(f"{base_url}redigera/#/collections/{collection}/{where}")
    expect(page.get_by_role("button", name="Spara")).to_be_visible(timeout=PATIENCE_MS)


def choose(page: Page, label: str | Locator, text: str) -> None:
    """A choice from a list field: typed, to narrow the list, and the first choice that says it taken."""
    field = page.get_by_label(label, exact=True) if isinstance(label, str) else label
    field.click()
    page.keyboard.type(text)
    page.get_by_role("option").filter(has_text=text).first.click()


def add_item(page: Page, group: str, text: str) -> None:
    """A new item in one of the lists (a curriculum area's commitments), written."""
    label = page.locator("label").filter(has_text=group).first
    section = page.locator(f"[id='{label.get_attribute('for')}']")  # the list the label names
    section.get_by_role("button", name="Lägg till åtagande").click()
    section.get_by_label("Åtagande", exact=True).last.fill(text)


def save(page: Page) -> None:
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Ändringar sparade", exact=False)).to_be_visible(timeout=PATIENCE_MS)


def fill_new_preschool(page: Page, department: str, title: str, areas: dict[str, str], year: int = 2027) -> None:
    """A new preschool's guarantee with one commitment under each of `areas` (area -> text)."""
    choose(page, "Avdelning", department)
    page.get_by_label("Enhetens namn").fill(title)
    page.get_by_label("Gäller från").fill(f"{year}-01-01")
    page.get_by_label("Gäller till och med").fill(f"{year}-12-31")
    page.get_by_label("Verksamhetsidén").fill(f"{title} är en förskola nära parken.\n\nVi leker ute varje dag.")
    for area, text in areas.items():
        add_item(page, area, text)
    page.get_by_label("Rättelse").fill("Vi ringer dig inom en vecka och berättar vad vi har gjort.")
    page.get_by_label("Telefon").fill("08-508 21 999")
