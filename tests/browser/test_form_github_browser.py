"""Two tabs on one guarantee in the published form lose neither edit silently (issue 31): real
Chromium, the form as `garanti publish` builds it (Decap CMS's GitHub back end, editorial workflow),
saving to a stand-in of GitHub's API backed by a real git repository (tests/github_standin.py: GitHub
cannot run here). The editor is signed in as Decap keeps a signed-in editor: its user with a token in
the page's local storage.

Decap on its own moves a pending change's branch with force onto a commit made from the editor's whole
file, and backs up and replaces a branch that is there already at a first save; docs/redigera/github.js
refuses a save made from a text that has changed since, with both texts shown, and moves a branch
without force where it can (GitHub's compare-and-set).

The requests of the pinned Decap (decap-cms-backend-github 3.8.3, src/API.ts; R = /repos/<owner>/<name>),
as the stand-in receives them:
- an entry from main: GET R/pulls?head=<owner>:cms/<collection>/<slug>&base=main&state=open (none), then
  GET R/git/trees/main:<folder, URL-encoded> (getFileSha) and GET R/git/blobs/<sha>;
- an entry's pending change: GET R/pulls?head=... (its head SHA), GET R/compare/main...<head SHA> (the
  files' blob SHAs), GET R/git/blobs/<sha>;
- a first save: POST R/git/blobs, GET R/branches/main, POST R/git/trees {base_tree: main's head},
  POST R/git/commits {parents: [main's head]}, POST R/git/refs {ref: refs/heads/cms/...} (if it exists:
  GET R/branches/cms/..., POST R/git/refs cms_<time>/..., PATCH R/git/refs/heads/cms%2F... {force: true}),
  POST R/pulls, PUT R/issues/<n>/labels;
- a later save: POST R/git/blobs, GET R/compare/main...<owner>:cms/... (twice: diff, then rebase; a
  rebase when main moved: POST trees and commits per commit), POST R/git/trees {base_tree: the head},
  POST R/git/commits, PATCH R/git/refs/heads/cms%2F... {force: true}.
A new entry's slug is first looked up (GET R/pulls?head=..., GET R/git/trees/main:<folder>); Decap adds
"-1" to a slug it finds taken.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from garanti.publishing import ALLOW_UNVERIFIED

from ..form_backend import git
from ..github_standin import GitHubStandIn
from ..helpers import TODAY
from ..repos import make_repo, publishing_environment
from ..samples import FIRST, NORRA_HOME, SECOND, SODRA_HOME
from .form_steps import PATIENCE_MS, fill_new_preschool, save

REPO = "stockholm/kvalitetsgarantier"
HOME = "aldreomsorg/norra-hemtjanst"
SIGNED_IN = (
    "localStorage.setItem('decap-cms-user', JSON.stringify({token: 'provnyckel', backendName: 'github', "
    "login: 'redaktor', name: 'Redaktör Provsson'}))"
)


@dataclass
class PublishedForm:
    url: str  # the form's page
    root: Path  # the repository the stand-in serves
    github: GitHubStandIn

    def open(self, page: Page, collection: str, entry: str | None = None) -> None:
        """An entry (department/unit), or a new one, in the published form, signed in."""
        page.context.add_init_script(SIGNED_IN)
        page.goto(f"{self.url}#/collections/{collection}/{f'entries/{entry}' if entry else 'new'}")
        expect(page.get_by_role("button", name="Spara")).to_be_visible(timeout=PATIENCE_MS)

    def on_branch(self, branch: str, path: str) -> str:
        return git(self.root, "show", f"{branch}:{path}")


@pytest.fixture(scope="module")
def published_form(tmp_path_factory, chromium_path, serve_dir) -> Iterator[PublishedForm]:
    base = tmp_path_factory.mktemp("published-form")
    repo = make_repo(base / "repo")
    with GitHubStandIn(repo.root, REPO) as github:
        with publishing_environment(TODAY), pytest.MonkeyPatch.context() as environment:
            environment.setenv("GITHUB_REPOSITORY", REPO)
            environment.setenv("REDIGERA_AUTH_URL", "http://127.0.0.1:9/")  # never reached: the editor is signed in
            environment.setenv("REDIGERA_API_ROOT", github.url)
            assert repo.approve("norra", "2026-01-22") == 0
            assert repo.garanti("publish", "--out", str(base / "site"), ALLOW_UNVERIFIED) == 0
        backend = json.loads((base / "site/redigera/config.json").read_text(encoding="utf-8"))["decap"]["backend"]
        assert backend["name"] == "github" and backend["api_root"] == github.url
        yield PublishedForm(serve_dir(base / "site") + "redigera/", repo.root, github)


def _commitment(page: Page, number: int):
    return page.get_by_label("Åtagande", exact=True).nth(number)


def containing(text: str) -> re.Pattern:
    return re.compile(re.escape(text))


def test_two_tabs_on_a_pending_change_lose_neither_edit(page: Page, published_form: PublishedForm):
    form = published_form
    collection, branch = "norra-andra", f"cms/norra-andra/{HOME}"
    form.open(page, collection, HOME)
    _commitment(page, 1).fill(SECOND.replace("30 minuter", "20 minuter"))
    save(page)  # the first save: the branch and its pull request
    assert "20 minuter" in form.on_branch(branch, NORRA_HOME)

    second_tab = page.context.new_page()
    form.open(second_tab, collection, HOME)  # the pending change, read from its branch
    expect(_commitment(second_tab, 1)).to_have_value(containing("20 minuter"))

    _commitment(page, 1).fill(SECOND.replace("30 minuter", "10 minuter"))
    save(page)  # a later save, nothing changed meanwhile: the branch moves, without force
    assert "10 minuter" in form.on_branch(branch, NORRA_HOME)
    assert form.github.repository.moves[-1] == (branch, False)

    mine = FIRST.replace("två veckor", "tre dagar")
    _commitment(second_tab, 0).fill(mine)
    second_tab.get_by_role("button", name="Spara").click()
    dialog = second_tab.get_by_role("dialog", name="Din ändring är inte sparad")
    expect(dialog).to_be_visible(timeout=PATIENCE_MS)
    expect(dialog).to_contain_text("har ändrats sedan du öppnade den, i en annan flik eller av någon annan")
    expect(dialog.get_by_label("Din text (inte sparad)")).to_have_value(containing(mine))
    expect(dialog.get_by_label("Texten som sparades under tiden")).to_have_value(containing("10 minuter"))
    saved = form.on_branch(branch, NORRA_HOME)
    assert "10 minuter" in saved and mine not in saved

    # The editor closes the box, opens the guarantee again (the saved text) and saves their change on it.
    dialog.get_by_role("button", name="Stäng").click()
    second_tab.goto("about:blank")
    form.open(second_tab, collection, HOME)
    expect(_commitment(second_tab, 1)).to_have_value(containing("10 minuter"))
    _commitment(second_tab, 0).fill(mine)
    save(second_tab)
    both = form.on_branch(branch, NORRA_HOME)
    assert "10 minuter" in both and mine in both


def test_a_first_save_made_from_main_as_it_was_is_refused_once_the_branch_is_there(
    page: Page, published_form: PublishedForm
):
    """Two tabs open a guarantee with no pending change: the first one's save makes the branch, and the
    second one's would (in Decap) back it up and replace it."""
    form = published_form
    collection, entry, branch = (
        "sodra-andra",
        "aldreomsorg/sodra-hemtjanst",
        "cms/sodra-andra/aldreomsorg/sodra-hemtjanst",
    )
    form.open(page, collection, entry)
    second_tab = page.context.new_page()
    form.open(second_tab, collection, entry)

    _commitment(page, 0).fill(FIRST.replace("två veckor", "en vecka"))
    save(page)
    mine = SECOND.replace("30 minuter", "15 minuter")
    _commitment(second_tab, 1).fill(mine)
    second_tab.get_by_role("button", name="Spara").click()
    dialog = second_tab.get_by_role("dialog", name="Din ändring är inte sparad")
    expect(dialog).to_be_visible(timeout=PATIENCE_MS)
    expect(dialog.get_by_label("Texten som sparades under tiden")).to_have_value(containing("en vecka"))
    saved = form.on_branch(branch, SODRA_HOME)
    assert "en vecka" in saved and mine not in saved
    assert not [name for name in git(form.root, "branch", "--list").split() if name.startswith("cms_")]  # no backup


def test_two_tabs_writing_one_new_guarantee_lose_neither(page: Page, published_form: PublishedForm):
    """The second tab read the changes waiting for review before the first one saved (its workflow view),
    so its own list does not know the first one's: Decap would save the second as "<slug>-1", a second
    file for the same unit. The form asks the git host, refuses, and the second tab's text stays."""
    form = published_form
    collection = "norra-forskolor"
    form.open(page, collection)
    second_tab = page.context.new_page()
    second_tab.context.add_init_script(SIGNED_IN)
    second_tab.goto(f"{form.url}#/workflow")
    expect(second_tab.get_by_role("heading", name="Ändringar som väntar")).to_be_visible(timeout=PATIENCE_MS)
    second_tab.goto(f"{form.url}#/collections/{collection}/new")
    expect(second_tab.get_by_role("button", name="Spara")).to_be_visible(timeout=PATIENCE_MS)
    fill_new_preschool(
        page,
        "Avdelningen för förskola",
        "Solrosens förskola",
        {"Utveckling och lärande": "Vi läser för barnen varje dag."},
    )
    fill_new_preschool(
        second_tab,
        "Avdelningen för förskola",
        "Solrosens förskola",
        {"Utveckling och lärande": "Vi sjunger med barnen varje dag."},
    )
    save(page)
    path = "guarantees/norra/forskola/solrosens-forskola.md"
    branch = f"cms/{collection}/forskola/solrosens-forskola"
    assert "Vi läser" in form.on_branch(branch, path)

    second_tab.get_by_role("button", name="Spara").click()
    expect(
        second_tab.get_by_text("Det finns redan en fil för den här enheten (forskola/solrosens-forskola)")
    ).to_be_visible(timeout=PATIENCE_MS)
    expect(second_tab.get_by_label("Åtagande", exact=True).first).to_have_value("Vi sjunger med barnen varje dag.")
    assert "Vi sjunger" not in form.on_branch(branch, path)
    assert [name for name in git(form.root, "branch", "--list").split() if "solrosens" in name] == [branch]
