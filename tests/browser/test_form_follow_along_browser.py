"""A changed commitment brings its follow-up along (issue 31: no dead end), in real headless Chromium
through the real form, its local back end and a real git repository, the preview beside them.

Before: the guarantee's branch broke the follow-up of its year (`garanti check` failed), and nothing
in the form could mend it (a follow-up's commitments are read-only). Now the editor is told beside
the commitments what hangs on them, and the save carries the follow-up along: the branch passes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from ..form_backend import git
from ..samples import SECOND, follow_up
from .form_steps import PATIENCE_MS, open_entry, open_form, save
from .test_form_browser import BOARD, HOME_CARE, FormSite, provstaden, serving

FOLLOW_UP = HOME_CARE.removesuffix(".md") + ".uppfoljning-2026.yml"
SHORTER = SECOND.replace("30 minuter", "20 minuter")


@pytest.fixture(scope="module")
def follow_up_site(tmp_path_factory, chromium_path) -> Iterator[FormSite]:
    """The form's content with the home care's follow-up of 2026 on main (the back end reads main as
    it was when it started)."""
    root = provstaden(tmp_path_factory.mktemp("follow-along") / "repo", (FOLLOW_UP, follow_up()))
    with serving(
        root, tmp_path_factory.mktemp("follow-along-logs"), "provstaden/provstadens-hemtjanst/", "Provstadens hemtjänst"
    ) as site:
        yield site


def test_a_changed_commitment_brings_its_follow_up_along_and_the_branch_passes_the_check(
    page: Page, follow_up_site: FormSite, tmp_path
):
    site = follow_up_site
    base = site.preview.url
    open_form(page, base)
    open_entry(page, base, f"{BOARD}-andra", "aldreomsorg/provstadens-hemtjanst")
    notice = page.locator(".garanti-beroenden")
    expect(notice).to_contain_text("Garantin har en uppföljning för 2026.", timeout=PATIENCE_MS)
    expect(notice).to_contain_text("följer uppföljningen med i samma ändring")
    expect(page.get_by_text("Kontrollera förhandsvisning")).to_be_hidden()  # Decap's deploy preview: none here

    commitment = page.get_by_label("Åtagande", exact=True).nth(1)
    expect(commitment).to_have_value(SECOND)
    commitment.fill(SHORTER)
    save(page)

    branch = site.branch_of(f"{BOARD}-andra", "aldreomsorg/provstadens-hemtjanst")
    site.wait_for_branch(branch)
    assert sorted(site.changed_files(branch)) == [HOME_CARE, FOLLOW_UP]
    brought = git(site.root, "show", f"{branch}:{FOLLOW_UP}")
    assert SHORTER in brought and SECOND not in brought and "draft: true" in brought
    checked = site.check_branch(branch, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # Opened again, the change is the guarantee's alone, and a second change saves as the first.
    open_entry(page, base, f"{BOARD}-andra", "aldreomsorg/provstadens-hemtjanst")
    commitment = page.get_by_label("Åtagande", exact=True).nth(1)
    expect(commitment).to_have_value(SHORTER)
    commitment.fill(SHORTER.replace("20 minuter", "25 minuter"))
    save(page)
    expect(page.get_by_text("Din ändring är inte sparad")).to_have_count(0)
    again = git(site.root, "show", f"{branch}:{FOLLOW_UP}")
    assert "25 minuter" in again and "20 minuter" not in again
