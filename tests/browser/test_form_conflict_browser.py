"""Two tabs on one guarantee, in real Chromium through the real local back end (issue 31): the
second save, made from the text the first one changed, is refused with both texts shown; nothing
is written over, and the editor can copy their text and save again from the saved one."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from ..form_backend import git
from ..samples import FIRST, SECOND, follow_up
from . import test_form_browser
from .form_steps import PATIENCE_MS, open_entry, open_form, save
from .test_form_browser import BOARD, HOME_CARE, FormSite

ENTRY = "aldreomsorg/provstadens-hemtjanst"
form_site = test_form_browser.form_site  # the form's fixture: its repository, back end and preview


def _commitment(page: Page, number: int):
    return page.get_by_label("Åtagande", exact=True).nth(number)


def test_two_tabs_on_one_guarantee_lose_neither_edit(page: Page, form_site: FormSite):
    base = form_site.preview.url
    collection = f"{BOARD}-andra"
    branch = form_site.branch_of(collection, ENTRY)
    open_form(page, base)
    open_entry(page, base, collection, ENTRY)
    second_tab = page.context.new_page()
    open_entry(second_tab, base, collection, ENTRY)  # signed in already: the same browser
    expect(_commitment(second_tab, 0)).to_have_value(FIRST)

    _commitment(page, 1).fill(SECOND.replace("30 minuter", "10 minuter"))
    save(page)
    form_site.wait_for_branch(branch)

    mine = FIRST.replace("två veckor", "tre dagar")
    _commitment(second_tab, 0).fill(mine)
    second_tab.get_by_role("button", name="Spara").click()
    dialog = second_tab.get_by_role("dialog", name="Din ändring är inte sparad")
    expect(dialog).to_be_visible(timeout=PATIENCE_MS)
    expect(dialog).to_contain_text("har ändrats sedan du öppnade den")
    expect(dialog.get_by_label("Din text (inte sparad)")).to_have_value(containing(mine))
    expect(dialog.get_by_label("Texten som sparades under tiden")).to_have_value(containing("10 minuter"))
    saved = git(form_site.root, "show", f"{branch}:{HOME_CARE}")
    assert "10 minuter" in saved and mine not in saved

    # The editor closes the box, opens the guarantee again (the saved text) and saves their change on it.
    dialog.get_by_role("button", name="Stäng").click()
    open_entry(second_tab, base, collection, ENTRY)
    expect(_commitment(second_tab, 1)).to_have_value(SECOND.replace("30 minuter", "10 minuter"))
    _commitment(second_tab, 0).fill(mine)
    save(second_tab)
    both = git(form_site.root, "show", f"{branch}:{HOME_CARE}")
    assert "10 minuter" in both and mine in both


def containing(text: str) -> re.Pattern:
    """For to_have_value: the box (a whole file) holds `text` somewhere."""
    return re.compile(re.escape(text))


def test_a_follow_up_is_listed_by_its_units_name(page: Page, form_site: FormSite):
    """Decap names a listed entry by its file; the form puts the unit's name there."""
    path = HOME_CARE.removesuffix(".md") + ".uppfoljning-2026.yml"
    status, answer = form_site.backend.ask(
        "persistEntry",
        {
            "branch": "main",
            "assets": [],
            "base": {path: None},
            "dataFiles": [{"slug": ENTRY, "path": path, "raw": follow_up()}],
            "options": {
                "collectionName": f"{BOARD}-uppfoljning-2026",
                "commitMessage": "Formuläret: ny uppföljning",
                "useWorkflow": True,
                "status": "draft",
            },
        },
    )
    assert status == 200, answer
    base = form_site.preview.url
    open_form(page, base)
    page.goto(base + "redigera/#/workflow")
    card = page.locator(f"a[href*='{BOARD}-uppfoljning-2026/entries/{ENTRY}']")
    expect(card).to_contain_text("Provstadens hemtjänst (", timeout=PATIENCE_MS)
    expect(card).not_to_contain_text("uppfoljning-2026")


def test_a_save_asked_for_again_while_it_is_under_way_is_no_conflict(page: Page, form_site: FormSite):
    """Save clicked, and spaces typed at once while the button has the focus (the field the editor
    meant to type on is not yet theirs again): each is a save of its own, asked for before the first
    is answered. They are made from the text this page saved, one after another, not refused as a
    change made by someone else."""
    base = form_site.preview.url
    collection = f"{BOARD}-andra"
    branch = form_site.branch_of(collection, ENTRY)
    open_form(page, base)
    open_entry(page, base, collection, ENTRY)
    saves = []
    page.on("request", lambda request: saves.append(request) if "persistEntry" in (request.post_data or "") else None)

    mine = FIRST.replace("två veckor", "fem dagar")
    _commitment(page, 0).fill(mine)
    page.get_by_role("button", name="Spara").click()
    page.keyboard.press("Space")
    page.keyboard.press("Space")
    expect(page.get_by_text("Ändringar sparade", exact=False)).to_be_visible(timeout=PATIENCE_MS)
    page.wait_for_timeout(2000)  # every save asked for has been answered
    assert len(saves) >= 2, "the spaces asked for no second save: the test shows nothing"
    expect(page.get_by_role("dialog", name="Din ändring är inte sparad")).to_have_count(0)
    expect(page.get_by_text("Det gick inte att spara")).to_have_count(0)
    assert mine in git(form_site.root, "show", f"{branch}:{HOME_CARE}")
