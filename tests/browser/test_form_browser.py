"""The editors' form (issue 23) driven in real headless Chromium against a real git repository
through its local back end (redigera/server.mjs, decap-server's git mode), with the preview
(mkdocs serve) beside it, as ./scripts/preview runs them.

Every save is a commit on a branch cms/<collection>/<entry> of the repository; the tests read
the file on that branch, check it with `garanti check` in a checkout of the branch, and wait
for its page in the preview.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from garanti.layout import slugify

from ..form_backend import FormBackend, backend_installed, branches, git, make_repository
from ..helpers import REPO_ROOT, write
from ..preview_server import Preview, free_port
from ..samples import BOARD_YML, HOME_CARE_MD, PRESCHOOL_MD
from .conftest import _ci_enabled
from .form_steps import PATIENCE_MS, choose, fill_new_preschool, open_entry, open_form, save
from .helpers import foreign_requests, format_violations, run_axe

BOARD = "provstaden"
HOME_CARE = "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md"
PRESCHOOL = "guarantees/provstaden/forskola/provstadens-forskolor.md"


@dataclass
class FormSite:
    root: Path
    preview: Preview
    backend: FormBackend

    def branch_of(self, collection: str, entry: str) -> str:
        return f"cms/{collection}/{entry}"

    def wait_for_branch(self, branch: str) -> None:
        deadline = time.monotonic() + PATIENCE_MS / 1000
        while branch not in branches(self.root):
            assert time.monotonic() < deadline, f"no branch {branch}: {sorted(branches(self.root))}"
            time.sleep(0.1)

    def changed_files(self, branch: str) -> list[str]:
        return git(self.root, "diff", "--name-only", f"main...{branch}").split()

    def check_branch(self, branch: str, tmp_path: Path) -> subprocess.CompletedProcess:
        """`garanti check` in a checkout of the branch."""
        checkout = tmp_path / "checkout"
        git(self.root, "worktree", "add", "--detach", str(checkout), branch)
        try:
            return subprocess.run(
                [sys.executable, "-m", "garanti.cli", "--root", str(checkout), "check"],
                capture_output=True,
                text=True,
                timeout=300,
            )
        finally:
            git(self.root, "worktree", "remove", "--force", str(checkout))


def provstaden(root: Path, *more: tuple[str, str]) -> Path:
    """The form's sample content at root (a board, a home care, a preschool), with `more` files."""
    for relative, text in (
        ("guarantees/provstaden/board.yml", BOARD_YML),
        (HOME_CARE, HOME_CARE_MD),
        (PRESCHOOL, PRESCHOOL_MD),
        *more,
    ):
        write(root, relative, text)
    return root


@contextmanager
def serving(root: Path, logs: Path, page: str, text: str) -> Iterator[FormSite]:
    """root committed on main, its form's local back end and preview started as ./scripts/preview
    starts them (the back end reads main as it is now), once the preview shows `text` on `page`."""
    if not backend_installed():
        message = "the form's packages are not installed: run scripts/setup (needs Node and npm)"
        if _ci_enabled():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    make_repository(root)
    preview_port = free_port()
    backend = FormBackend(root, f"http://127.0.0.1:{preview_port}", logs / "backend.log")
    try:
        preview = Preview(root, logs / "serve.log", port=preview_port, environ=backend.preview_environ)
        try:
            preview.wait_for_text(page, text)
            yield FormSite(root, preview, backend)
        finally:
            preview.stop()
    finally:
        backend.stop()


@pytest.fixture(scope="module")
def form_site(tmp_path_factory, chromium_path) -> Iterator[FormSite]:
    root = provstaden(tmp_path_factory.mktemp("form") / "repo")
    with serving(
        root, tmp_path_factory.mktemp("form-logs"), "provstaden/provstadens-hemtjanst/", "Provstadens hemtjänst"
    ) as site:
        yield site


# mkdocs serve writes its live-reload script into every HTML page it serves, inline; the form's
# policy refuses it (and so the form is not reloaded when the site is rebuilt after a save).
LIVE_RELOAD = "script-src-elem inline"


def _violations(page: Page) -> list[str]:
    return [found for found in page.evaluate("window.__cspViolations || []") if found != LIVE_RELOAD]


def _watch_policy(page: Page) -> None:
    """Collect the page's Content-Security-Policy violations (there must be none)."""
    page.add_init_script("""
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation',
            event => window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));
    """)


def test_a_new_preschool_guarantee_is_a_branch_that_passes_the_check_and_shows_in_the_preview(
    page: Page, form_site: FormSite, tmp_path: Path
):
    _watch_policy(page)
    base = form_site.preview.url
    open_form(page, base)
    open_entry(page, base, f"{BOARD}-forskolor")
    fill_new_preschool(
        page,
        "Avdelningen för förskola",
        "Solrosens förskola",
        {
            "Utveckling och lärande": "Vi läser för barnen varje dag.",
            "Samverkan": "Vi besöker biblioteket: en gång i månaden.",
        },
    )
    save(page)

    branch = form_site.branch_of(f"{BOARD}-forskolor", "forskola/solrosens-forskola")
    form_site.wait_for_branch(branch)
    path = "guarantees/provstaden/forskola/solrosens-forskola.md"
    assert form_site.changed_files(branch) == [path]
    text = git(form_site.root, "show", f"{branch}:{path}")
    # The guides' layout: the schema's key order, two spaces, the phone number in quotes.
    assert text.startswith("---\ntitle: Solrosens förskola\nservice: förskola\nvalid:\n  from: 2027-01-01\n")
    assert "  - area: Utveckling och lärande\n    text: Vi läser för barnen varje dag.\n" in text
    assert "  - area: Samverkan\n" in text and '  phone: "08-508 21 999"\n' in text
    assert "draft: true\n---\nSolrosens förskola är en förskola nära parken.\n\nVi leker ute varje dag.\n" in text
    checked = form_site.check_branch(branch, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    form_site.preview.wait_for_text("provstaden/solrosens-forskola/", "Vi besöker biblioteket: en gång i månaden.")
    assert _violations(page) == []
    # Nothing leaves the preview's own origin but the calls to the local back end.
    assert [url for url in foreign_requests(page, base) if not url.startswith(form_site.backend.url)] == []


def test_changing_one_commitment_changes_only_that_file(page: Page, form_site: FormSite, tmp_path: Path):
    base = form_site.preview.url
    before = (form_site.root / HOME_CARE).read_text(encoding="utf-8")
    open_form(page, base)
    open_entry(page, base, f"{BOARD}-andra", "aldreomsorg/provstadens-hemtjanst")
    commitment = page.get_by_label("Åtagande", exact=True).nth(1)
    expect(commitment).to_have_value("Vi ringer om vi blir mer än 30 minuter försenade.")
    commitment.fill("Vi ringer om vi blir mer än 15 minuter försenade.")
    save(page)

    branch = form_site.branch_of(f"{BOARD}-andra", "aldreomsorg/provstadens-hemtjanst")
    form_site.wait_for_branch(branch)
    assert form_site.changed_files(branch) == [HOME_CARE]
    diff = git(form_site.root, "diff", "--unified=0", f"main...{branch}").splitlines()
    assert [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")] == [
        "-  - Vi ringer om vi blir mer än 30 minuter försenade.",
        "+  - Vi ringer om vi blir mer än 15 minuter försenade.",
    ]
    assert git(form_site.root, "show", f"{branch}:{HOME_CARE}") == before.replace("30 minuter", "15 minuter")
    form_site.preview.wait_for_text("provstaden/provstadens-hemtjanst/", "mer än 15 minuter")


def test_a_follow_up_takes_its_commitments_from_the_guarantee(page: Page, form_site: FormSite, tmp_path: Path):
    base = form_site.preview.url
    open_form(page, base)
    open_entry(page, base, f"{BOARD}-uppfoljning-2026")
    choose(page, "Enhet", "Provstadens förskolor")
    commitments = page.locator("output")
    expect(commitments.filter(has_text="Ditt barn får läsa och berätta varje dag.")).to_be_visible(timeout=PATIENCE_MS)
    results = page.get_by_label(re.compile(r"^Resultat"))
    expect(results).to_have_count(5)
    choose(page, results.first, "uppfyllt")
    page.get_by_label("Antal begärda rättelser").fill("0")
    page.get_by_label("Antal klagomål").fill("2")
    save(page)

    branch = form_site.branch_of(f"{BOARD}-uppfoljning-2026", "forskola/provstadens-forskolor")
    form_site.wait_for_branch(branch)
    path = "guarantees/provstaden/forskola/provstadens-forskolor.uppfoljning-2026.yml"
    assert form_site.changed_files(branch) == [path]
    text = git(form_site.root, "show", f"{branch}:{path}")
    assert text.startswith(
        "results:\n  - commitment: Ditt barn får läsa och berätta varje dag.\n"
        "    area: Utveckling och lärande\n    result: uppfyllt\n"
    )
    assert "corrections:\n  count: 0\n" in text and "complaints: 2\ndraft: true\n" in text
    checked = form_site.check_branch(branch, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_what_only_the_check_knows_shows_in_the_preview(page: Page, form_site: FormSite):
    """Text left from the template passes the schema (the form saves it) but not `garanti check`
    in a guarantee ready for the board: the preview says so where the page was."""
    base = form_site.preview.url
    open_form(page, base)
    open_entry(page, base, f"{BOARD}-forskolor", "forskola/provstadens-forskolor")
    page.get_by_label("Rättelse").fill("Skriv här vad ni gör om ni inte håller ett åtagande.")
    save(page)
    form_site.wait_for_branch(form_site.branch_of(f"{BOARD}-forskolor", "forskola/provstadens-forskolor"))
    try:
        shown = form_site.preview.wait_for_text("provstaden/provstadens-forskolor/", "Sidan kan inte visas")
        assert "Texten är kvar från mallen" in shown
        assert "guarantees/provstaden/forskola/provstadens-forskolor.md" in shown
    finally:  # the working tree as it was, for the tests after this one
        write(form_site.root, PRESCHOOL, PRESCHOOL_MD)
        form_site.preview.wait_for_text("provstaden/provstadens-forskolor/", "Provstadens förskolor")


def test_an_empty_required_field_shows_a_swedish_message_and_saves_nothing(page: Page, form_site: FormSite):
    base = form_site.preview.url
    known = branches(form_site.root)
    status = git(form_site.root, "status", "--porcelain")
    open_form(page, base)
    open_entry(page, base, f"{BOARD}-andra")
    choose(page, "Avdelning", "Avdelningen för äldreomsorg")
    page.get_by_label("Rättelse").fill("Vi ber om ursäkt och rättar till det inom en vecka.")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text('Fältet "Enhetens namn" saknas. Fyll i det.')).to_be_visible(timeout=PATIENCE_MS)
    page.wait_for_timeout(1000)
    assert branches(form_site.root) == known
    assert git(form_site.root, "status", "--porcelain") == status


# A name the site's slugify and Decap's own slug spell apart: Decap would drop the apostrophe and keep the
# underscore ("bagarns-forskola_angen-2").
HARD_NAME = "Bagarn's förskola_Ängen 2"


def _config_field(form_site: FormSite, collection: str, *names: str) -> dict:
    status, text = form_site.preview.get("redigera/config.json")
    assert status == 200
    fields = next(c for c in json.loads(text)["decap"]["collections"] if c["name"] == collection)["fields"]
    for name in names:
        field = next(f for f in fields if f["name"] == name)
        fields = field.get("fields", [])
    return field


def test_a_rule_message_comes_from_the_configuration_and_a_new_unit_is_named_by_slugify(
    page: Page, form_site: FormSite, tmp_path: Path
):
    """The phone number's rule and its Swedish words are config.json's (Decap's own `pattern`, made from
    the schema), not the script's; the new unit's file is named as `garanti new` names it."""
    pattern, message = _config_field(form_site, f"{BOARD}-forskolor", "contact", "phone")["pattern"]
    assert message == "Telefon har fel form. Ett telefonnummer till arbetet, till exempel 08-508 22 000."
    scripts = [path.read_text(encoding="utf-8") for path in (REPO_ROOT / "docs" / "redigera").glob("*.js")]
    assert not any("har fel form" in script or pattern in script for script in scripts)

    known = branches(form_site.root)
    base = form_site.preview.url
    open_form(page, base)
    open_entry(page, base, f"{BOARD}-forskolor")
    fill_new_preschool(page, "Avdelningen för förskola", HARD_NAME, {"Samverkan": "Vi besöker biblioteket."})
    phone = page.get_by_label(re.compile(r"^Telefon(\W|$)"))  # "frivilligt" may follow
    phone.fill("ring oss")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text(message, exact=True)).to_be_visible(timeout=PATIENCE_MS)
    page.wait_for_timeout(1000)
    assert branches(form_site.root) == known

    phone.click()  # as an editor would: the wrong number erased, the right one typed
    phone.press("End")
    for _ in "ring oss":
        phone.press("Backspace")
    expect(phone).to_have_value("")
    phone.press_sequentially("08-508 21 999")
    expect(phone).to_have_value("08-508 21 999")
    expect(page.get_by_text(message, exact=True)).to_have_count(0)
    save(page)
    slug = slugify(HARD_NAME)
    assert slug == "bagarn-s-forskola-angen-2"
    branch = form_site.branch_of(f"{BOARD}-forskolor", f"forskola/{slug}")
    form_site.wait_for_branch(branch)
    path = f"guarantees/provstaden/forskola/{slug}.md"
    assert form_site.changed_files(branch) == [path]
    text = git(form_site.root, "show", f"{branch}:{path}")
    assert text.startswith(f"---\ntitle: {HARD_NAME}\nservice: förskola\n")
    assert "enhetsfil" not in text and "avdelning" not in text  # the form's own fields, not the file's
    checked = form_site.check_branch(branch, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_back_end_answers_only_the_preview(form_site: FormSite):
    backend = form_site.backend
    assert backend.ask("info")[0] == 200
    assert backend.ask("info", origin="https://example.com")[0] == 403
    assert backend.ask("info", host=f"evil.example:{backend.port}")[0] == 403


def test_the_back_end_listens_on_loopback_only(form_site: FormSite):
    listening = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True).stdout
    ours = [
        line.split()[3] for line in listening.splitlines() if line.split()[3].endswith(f":{form_site.backend.port}")
    ]
    assert ours == [f"127.0.0.1:{form_site.backend.port}"], listening


def test_axe_finds_nothing_on_the_form(page: Page, form_site: FormSite):
    """axe-core (WCAG 2.1 A and AA) on the form's collection list, an editor, a new follow-up and the
    workflow. What it found in Decap CMS is mended by the form's own style sheet and fields (too
    little contrast in Decap's gray text; list buttons without a name; drag handles without a
    name, so lists are not reordered by dragging): see REDIGERA.md, "Tillgänglighet"."""
    base = form_site.preview.url
    open_form(page, base)
    found = {"collection": run_axe(page)}
    page.goto(base + "redigera/#/workflow")
    expect(page.get_by_role("heading", name="Ändringar som väntar")).to_be_visible(timeout=PATIENCE_MS)
    found["workflow"] = run_axe(page)
    open_entry(page, base, f"{BOARD}-forskolor", "forskola/provstadens-forskolor")
    found["editor"] = run_axe(page)
    open_entry(page, base, f"{BOARD}-uppfoljning-2026")
    choose(page, "Enhet", "Provstadens hemtjänst")
    expect(page.locator("output").first).to_be_visible(timeout=PATIENCE_MS)
    found["follow-up"] = run_axe(page)
    assert {where: violations for where, violations in found.items() if violations} == {}, "\n".join(
        f"{where}: {format_violations(violations)}" for where, violations in found.items()
    )
