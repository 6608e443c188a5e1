"""A guarantee's Finnish and easy-to-read versions written in the form beside the Swedish text
(issue 31), in real headless Chromium against a real git repository through the form's local back
end, with the preview beside it (the `form_site` of test_form_browser.py).

A Finnish version written in the form is a branch that passes `garanti check` with no warning; the
branch taken into main, approved with an SSH-signed tag and published, the unit's Finnish page
has its text. A version whose Swedish text has changed since is flagged in the editor, and is
marked current only by the editor's own choice.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from garanti import fields, signing
from garanti.content import check_tree
from garanti.model import Guarantee

from ..form_backend import GIT_IDENTITY, git
from ..helpers import write
from ..repos import COMMIT_DATE, TODAY, Repo, copy_package, make_key, publishing_environment, signers_line
from ..samples import FIRST, PRESCHOOL_COMMITMENTS, SECOND, home_care
from . import test_form_browser
from .form_steps import PATIENCE_MS, choose, open_entry, open_form, save
from .helpers import run_axe
from .test_form_browser import BOARD, HOME_CARE, PRESCHOOL, FormSite, provstaden, serving

form_site = test_form_browser.form_site  # the form's fixture: its repository, back end and preview

FINNISH = "guarantees/provstaden/forskola/provstadens-forskolor.fi.md"
EASY = "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.lattlast.md"
FINNISH_COMMITMENTS = [
    "Lapsesi saa lukea ja kertoa joka päivä.",
    "Toimimme aktiivisesti kiusaamista vastaan.",
    "Lapset suunnittelevat viikkoa mukana.",
    "Kerromme sinulle lapsesi päivästä.",
    "Teemme yhteistyötä koulun kanssa.",
]


def guarantee_at(root: Path, source: str) -> Guarantee:
    return next(g for g in check_tree(root).corpus.guarantees if g.source == source)


def shown(page: Page, text: str) -> None:
    expect(page.locator(".garanti-svenska").filter(has_text=text).first).to_be_visible(timeout=PATIENCE_MS)


def test_a_finnish_version_written_in_the_form_passes_the_check_and_is_published_with_its_unit(
    page: Page, form_site: FormSite, tmp_path: Path
):
    base = form_site.preview.url
    open_form(page, base)
    open_entry(page, base, f"{BOARD}-fi")
    choose(page, "Enhet", "Provstadens förskolor")
    # The Swedish text beside each field, the commitments as many as the guarantee's, their areas its.
    shown(page, "Förskolan är en plats för lek och lärande.")
    for area, text in PRESCHOOL_COMMITMENTS:
        shown(page, f"På svenska ({area}): {text}")
    commitments = page.get_by_label("Åtagande", exact=True)
    expect(commitments).to_have_count(len(PRESCHOOL_COMMITMENTS))
    expect(page.get_by_role("button", name="Lägg till åtagande")).to_have_count(0)
    expect(page.get_by_text("Översättningen skrivs efter den svenska texten som den är i dag.")).to_be_visible()

    page.get_by_label("Enhetens namn").fill("Provstadenin esikoulut")
    page.get_by_label("Verksamhetsidén").fill("Esikoulu on leikin ja oppimisen paikka.")
    for index, text in enumerate(FINNISH_COMMITMENTS):
        commitments.nth(index).fill(text)
    page.get_by_label("Rättelse").fill("Otamme sinuun yhteyttä viikon kuluessa.")
    page.get_by_label("Synpunkter och klagomål").fill("Puhu henkilökunnan kanssa.")
    page.get_by_label("Klar att lämnas till nämnden").click()
    save(page)

    branch = form_site.branch_of(f"{BOARD}-fi", "forskola/provstadens-forskolor")
    form_site.wait_for_branch(branch)
    assert form_site.changed_files(branch) == [FINNISH]
    text = git(form_site.root, "show", f"{branch}:{FINNISH}")
    fingerprint = fields.swedish_text_of(guarantee_at(form_site.root, PRESCHOOL))
    assert text.startswith(
        f"---\ntitle: Provstadenin esikoulut\nswedish_text: {fingerprint}\ncommitments:\n"
        "  - area: Utveckling och lärande\n    text: Lapsesi saa lukea ja kertoa joka päivä.\n"
    )
    assert "draft" not in text and text.endswith("---\nEsikoulu on leikin ja oppimisen paikka.\n")
    checked = form_site.check_branch(branch, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "har ändrats" not in checked.stdout + checked.stderr

    # The reviewer takes the branch in; the board approves it with its unit; the site publishes both.
    site = publish_with(form_site.root, branch, tmp_path)
    finnish_page = (site / "provstaden/provstadens-forskolor/suomeksi/index.html").read_text(encoding="utf-8")
    assert '<html lang="fi"' in finnish_page
    for text in ("Provstadenin esikoulut", "Esikoulu on leikin ja oppimisen paikka.", *FINNISH_COMMITMENTS):
        assert text in finnish_page, text


def publish_with(root: Path, branch: str, tmp_path: Path) -> Path:
    """A clone of the form's repository (its working tree is the preview's) with `branch` merged into
    main, approved at provstaden's meeting with an SSH-signed tag by an approver on main's list, and
    published: the site's folder."""
    clone = tmp_path / "main"
    git(tmp_path, "clone", "--quiet", "--branch", "main", str(root), str(clone))
    repo = Repo(clone)
    repo.git("config", "user.name", GIT_IDENTITY["GIT_AUTHOR_NAME"])
    repo.git("config", "user.email", GIT_IDENTITY["GIT_AUTHOR_EMAIL"])
    dated = {"GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE}  # the board paper precedes the meeting
    repo.git("merge", "--no-ff", "--quiet", "-m", "Finska versionen", f"origin/{branch}", env=dated)
    key = make_key(tmp_path, "provstaden-sekreterare")
    repo.write(signing.SIGNERS_FILE, signers_line("provstaden", key))
    if not (clone / "src" / "garanti").is_dir():
        copy_package(clone)  # a publish builds with the commit's own code
    repo.commit("Godkännare")
    repo.git("config", "user.signingkey", str(key))
    out = tmp_path / "site"
    with publishing_environment(os.environ.get("GARANTI_TODAY", TODAY)):
        assert repo.approve(BOARD, "2026-01-22") == 0
        assert "-----BEGIN SSH SIGNATURE-----" in repo.git("cat-file", "tag", f"{BOARD}/2026-01-22")
        assert repo.garanti("publish", "--out", str(out)) == 0
    shutil.rmtree(clone / "src", ignore_errors=True)
    return out


def test_a_version_of_an_earlier_swedish_text_is_flagged_and_marked_current_by_the_editor(
    page: Page, form_site: FormSite
):
    base = form_site.preview.url
    open_form(page, base)
    open_entry(page, base, f"{BOARD}-lattlast")
    choose(page, "Enhet", "Provstadens hemtjänst")
    shown(page, f"På svenska, åtagande 1: {FIRST}")
    page.get_by_label("Verksamhetsidén").fill("Vi hjälper dig att bo tryggt hemma.")
    commitments = page.get_by_label("Åtagande", exact=True)
    commitments.nth(0).fill("Du får en kontakt-person inom två veckor.")
    commitments.nth(1).fill("Blir vi sena ringer vi dig.")
    page.get_by_label("Rättelse").fill("Vi säger förlåt. Vi rättar till det.")
    page.get_by_label("Synpunkter och klagomål").fill("Prata med personalen.")
    save(page)
    branch = form_site.branch_of(f"{BOARD}-lattlast", "aldreomsorg/provstadens-hemtjanst")
    form_site.wait_for_branch(branch)
    written = git(form_site.root, "show", f"{branch}:{EASY}")
    before = fields.swedish_text_of(guarantee_at(form_site.root, HOME_CARE))
    assert f"swedish_text: {before}\n" in written

    # The Swedish text changes after the version was written.
    later = "Du får en kontaktperson inom en vecka."
    (form_site.root / HOME_CARE).write_text(home_care(promise=later), encoding="utf-8")
    try:
        form_site.preview.wait_for_text("provstaden/provstadens-hemtjanst/", later)
        now = fields.swedish_text_of(guarantee_at(form_site.root, HOME_CARE))
        open_entry(page, base, f"{BOARD}-lattlast", "aldreomsorg/provstadens-hemtjanst")
        expect(page.get_by_text("Den svenska texten har ändrats sedan översättningen skrevs.")).to_be_visible(
            timeout=PATIENCE_MS
        )
        expect(page.get_by_text("Ändrat sedan dess: åtagande 1.")).to_be_visible()
        shown(page, f"På svenska, åtagande 1: {later}")
        current = page.get_by_label("Översättningen stämmer med den svenska texten i dag")
        expect(current).not_to_be_checked()
        assert run_axe(page) == []
        commitments.nth(0).fill("Du får en kontakt-person inom en vecka.")
        save(page)  # not marked: the version still names the text it was written from
        assert f"swedish_text: {before}\n" in git(form_site.root, "show", f"{branch}:{EASY}")
        current.check()
        save(page)
        saved = git(form_site.root, "show", f"{branch}:{EASY}")
        assert f"swedish_text: {now}\n" in saved and "kontakt-person inom en vecka" in saved
        assert saved == written.replace(before, now).replace("inom två veckor", "inom en vecka")
    finally:
        (form_site.root / HOME_CARE).write_text(home_care(), encoding="utf-8")
        form_site.preview.wait_for_text("provstaden/provstadens-hemtjanst/", FIRST)


@pytest.fixture(scope="module")
def versions_site(tmp_path_factory, chromium_path) -> Iterator[FormSite]:
    """form_site's content with a current Finnish version of the home care on main (the form's back
    end reads main as it was when it started)."""
    root = provstaden(tmp_path_factory.mktemp("versions") / "repo")
    swedish = fields.swedish_text_of(guarantee_at(root, HOME_CARE))
    write(
        root,
        HOME_FINNISH,
        f"---\ntitle: Provstadenin kotipalvelu\nswedish_text: {swedish}\ncommitments:\n"
        "  - Saat yhteyshenkilön kahden viikon kuluessa.\n  - Soitamme, jos myöhästymme yli 30 minuuttia.\n"
        "correction: Korjaamme asian.\ncomplaints: Puhu henkilökunnan kanssa.\n---\nAutamme sinua kotona.\n",
    )
    with serving(
        root,
        tmp_path_factory.mktemp("versions-logs"),
        "provstaden/provstadens-hemtjanst/suomeksi/",
        "Provstadenin kotipalvelu",
    ) as site:
        yield site


HOME_FINNISH = "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.fi.md"


def test_a_version_on_main_is_listed_in_its_language_only_and_opens_with_nothing_changed(
    page: Page, versions_site: FormSite
):
    base = versions_site.preview.url
    open_form(page, base)
    page.goto(f"{base}redigera/#/collections/{BOARD}-andra")
    expect(page.get_by_text("Provstadens hemtjänst", exact=True)).to_be_visible(timeout=PATIENCE_MS)
    expect(page.get_by_text("Provstadenin kotipalvelu")).to_have_count(0)  # not "another unit"
    page.goto(f"{base}redigera/#/collections/{BOARD}-fi")
    listed = page.locator(f"a[href$='{BOARD}-fi/entries/aldreomsorg/provstadens-hemtjanst']")
    expect(listed).to_have_text("Provstadens hemtjänst (Avdelningen för äldreomsorg)", timeout=PATIENCE_MS)  # listor.js

    open_entry(page, base, f"{BOARD}-fi", "aldreomsorg/provstadens-hemtjanst")
    expect(page.get_by_text("Provstadens hemtjänst (Avdelningen för äldreomsorg)")).to_be_visible(timeout=PATIENCE_MS)
    shown(page, f"På svenska, åtagande 2: {SECOND}")
    expect(page.get_by_text("Översättningen skrivs efter den svenska texten som den är i dag.")).to_be_visible()
    expect(page.get_by_label("Åtagande", exact=True).nth(1)).to_have_value(
        "Soitamme, jos myöhästymme yli 30 minuuttia."
    )
    page.wait_for_timeout(500)
    expect(page.get_by_text("Osparade ändringar")).to_have_count(0)
    # A new Finnish version is not offered the unit that has one.
    open_entry(page, base, f"{BOARD}-fi")
    page.get_by_label("Enhet", exact=True).click()
    expect(page.get_by_role("option")).to_have_count(1)
    expect(page.get_by_role("option").first).to_have_text("Provstadens förskolor (Avdelningen för förskola)")
