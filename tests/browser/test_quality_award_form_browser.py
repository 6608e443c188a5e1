"""The kvalitetsutmärkelse written in the editors' form (issue 33, item 4): real Chromium driving the
real form through its local back end, as test_form_browser.py does (its fixture, a repository of this
module's own). What is left empty is left out of the file, so the check passes it and the page says
only what the decision says."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from ..form_backend import git
from . import test_form_browser
from .form_steps import open_entry, open_form, save
from .test_form_browser import BOARD, HOME_CARE, FormSite

form_site = test_form_browser.form_site  # the form's fixture: its repository, back end and preview


def test_a_year_of_the_award_written_in_the_form_is_checked_and_shown(page: Page, form_site: FormSite, tmp_path: Path):
    base = form_site.preview.url
    open_form(page, base)
    open_entry(page, base, f"{BOARD}-andra", "aldreomsorg/provstadens-hemtjanst")
    page.get_by_role("button", name="Lägg till deltagande").click()
    year, day = page.get_by_label("År", exact=True), page.get_by_label("Datum", exact=True)
    expect(year).to_be_visible()
    year.fill("2015")
    expect(year).to_have_value("2015")
    day.fill("2015-06-11")
    expect(day).to_have_value("2015-06-11")
    save(page)

    branch = form_site.branch_of(f"{BOARD}-andra", "aldreomsorg/provstadens-hemtjanst")
    form_site.wait_for_branch(branch)
    text = git(form_site.root, "show", f"{branch}:{HOME_CARE}")
    assert "quality_award:\n  - year: 2015\n    decision:\n      date: 2015-06-11\n" in text, text
    checked = form_site.check_branch(branch, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    form_site.preview.wait_for_text(
        "provstaden/provstadens-hemtjanst/", "Enheten anmäldes till Stockholms stads kvalitetsutmärkelse 2015."
    )


def test_opening_hours_written_in_the_form_keep_their_parts(page: Page, form_site: FormSite, tmp_path: Path):
    """The same list of objects as the award's years: before the form gave such a list its items' parts
    as its own fields, what was typed in them was lost."""
    base = form_site.preview.url
    open_form(page, base)
    open_entry(page, base, f"{BOARD}-forskolor", "forskola/provstadens-forskolor")
    page.get_by_role("button", name="Lägg till tid på dagen").first.click()
    days, time = page.get_by_label("Dagar", exact=True).first, page.get_by_label("Tid", exact=True).first
    days.fill("Måndag–fredag")
    time.fill("6.30–18.00")
    expect(days).to_have_value("Måndag–fredag")
    save(page)

    branch = form_site.branch_of(f"{BOARD}-forskolor", "forskola/provstadens-forskolor")
    form_site.wait_for_branch(branch)
    text = git(form_site.root, "show", f"{branch}:guarantees/provstaden/forskola/provstadens-forskolor.md")
    assert "  opening_hours:\n    - days: Måndag–fredag\n      time: 6.30–18.00\n" in text, text
    checked = form_site.check_branch(branch, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
