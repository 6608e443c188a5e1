"""The form's file format (docs/redigera/format.js), run in real Chromium as the form runs it:
a file read into the form and written back unchanged comes back byte for byte; a change
changes only its own lines; a new file is in the guides' layout; and every file it writes
passes `garanti check` (issue 23, item 4).
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page

from garanti import untrusted_yaml
from garanti.content import check_tree, split_front_matter
from garanti.layout import split_language_version_name
from garanti.site import form

from ..helpers import REPO_ROOT, run
from .form_steps import PATIENCE_MS

SAMPLE_FILES = sorted(
    path
    for path in (REPO_ROOT / "guarantees").rglob("*")
    if path.suffix in (".md", ".yml") and path.name not in ("board.yml", "README.md")
)
# Texts that YAML reads otherwise unless written with care (CONTRIBUTING.md, "Kolon, citattecken ...").
AWKWARD = [
    "Vi lovar: ett svar inom en vecka.",
    "Vi har öppet 8–16 #alla dagar, också på lördagar.",
    '"Citat" först i texten.',
    "[Läs mer](https://start.stockholm/) om oss.",
    "- ett bindestreck först",
    "yes",
    "12:30",
    "Två rader,\nmed en radbrytning.",
]


@pytest.fixture
def format_page(page: Page, serve_dir, preview_site: Path) -> Page:
    base = serve_dir(preview_site)
    page.goto(base + "index.html")
    page.evaluate(
        "async () => { window.format = await import('/redigera/format.js');"
        " window.sprak = await import('/redigera/sprak.js'); }"
    )
    page.set_default_timeout(PATIENCE_MS)
    return page


def _round_trip(page: Page, kind: str, text: str, edit: str = "") -> str:
    """The file read into the form, `edit` done to the form's data (JavaScript on `data`), and written back."""
    return page.evaluate(
        """([kind, text, formats, edit]) => {
            const format = kind === 'sprak' ? window.sprak.languageVersionFormat(formats)
              : kind === 'md' ? window.format.guaranteeFormat(formats) : window.format.followUpFormat(formats);
            const data = JSON.parse(JSON.stringify(format.fromFile(text)));  // as Decap holds it: plain data
            new Function('data', edit)(data);
            return format.toFile(data);
        }""",
        [kind, text, form.formats(), edit],
    )


def _new_file(page: Page, kind: str, data: dict) -> str:
    return page.evaluate(
        """([kind, data, formats]) => {
            const format = kind === 'sprak' ? window.sprak.languageVersionFormat(formats)
              : kind === 'md' ? window.format.guaranteeFormat(formats) : window.format.followUpFormat(formats);
            return format.toFile(data);
        }""",
        [kind, data, form.formats()],
    )


def _kind(path: Path) -> str:
    """Which of the form's formats reads the file: a language version's (<unit>.<key>.md), a guarantee's,
    a follow-up's."""
    return "sprak" if split_language_version_name(path.name) else path.suffix[1:]


def test_every_sample_file_comes_back_byte_for_byte(format_page: Page):
    assert len(SAMPLE_FILES) > 30
    assert any(_kind(path) == "sprak" for path in SAMPLE_FILES)
    for path in SAMPLE_FILES:
        text = path.read_text(encoding="utf-8")
        assert _round_trip(format_page, _kind(path), text) == text, path


def test_a_language_version_is_in_no_guarantee_collection_and_is_written_as_it_was(format_page: Page):
    """A version has no service: the guarantee's format would list it under the other units."""
    path = REPO_ROOT / "guarantees/hagersten-liljeholmen/forskola/fruangens-forskolor.fi.md"
    text = path.read_text(encoding="utf-8")
    assert (
        format_page.evaluate(
            "([text, formats]) => window.format.guaranteeFormat(formats).fromFile(text)", [text, form.formats()]
        )
        == {}
    )
    changed = _round_trip(
        format_page,
        "sprak",
        text,
        "data.commitments[1].text = 'Lapset ovat ulkona.'; data.swedish_text = '0123456abc';",
    )
    assert [line[:40] for line in _changed_lines(text, changed)] == [
        "-swedish_text: e7f5f495f9",
        "+swedish_text: 0123456abc",
        "-    text: Lapset ovat ulkona vähintään ",
        "+    text: Lapset ovat ulkona.",
    ]
    made = _new_file(
        format_page,
        "sprak",
        {
            "swedish_text": "0123456abc",
            "klar": False,
            "body": "Teksti.",
            "commitments": [{"text": "Ensimmäinen."}],
            "correction": "Korjaus.",
            "complaints": "Palaute.",
            "enhet": "aldreomsorg/hemtjansten",
        },
    )
    assert made == (
        "---\nswedish_text: 0123456abc\ncommitments:\n  - Ensimmäinen.\ncorrection: Korjaus.\n"
        "complaints: Palaute.\ndraft: true\n---\nTeksti.\n"
    )


def test_scaffolds_of_garanti_new_and_uppfoljning_come_back_byte_for_byte(
    format_page: Page, content_repo: Path, capsys
):
    assert (
        run(
            content_repo,
            "new",
            "provstaden/forskola/solrosens-forskola",
            "--title",
            "Solrosens förskola",
            "--service",
            "förskola",
            "--year",
            "2026",
            capsys=capsys,
        )[0]
        == 0
    )
    assert run(content_repo, "uppfoljning", "provstaden/forskola/provstadens-forskolor", "2026", capsys=capsys)[0] == 0
    for path in (content_repo / "guarantees/provstaden/forskola").iterdir():
        text = path.read_text(encoding="utf-8")
        assert _round_trip(format_page, path.suffix[1:], text) == text, path
    # Filled in from the form, the scaffold keeps its comments where garanti uppfoljning put them.
    follow_up = content_repo / "guarantees/provstaden/forskola/provstadens-forskolor.uppfoljning-2026.yml"
    text = follow_up.read_text(encoding="utf-8")
    filled = _round_trip(
        format_page,
        "yml",
        text,
        "data.results[0].result = 'uppfyllt'; data.corrections.count = 2; data.complaints = 0;",
    )
    assert _changed_lines(text, filled) == [
        "-    result:",
        "+    result: uppfyllt",
        "-  count:",
        "+  count: 2",
        "-complaints:",
        "+complaints: 0",
    ]


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]


def test_a_change_changes_only_its_own_lines_and_passes_the_check(format_page: Page, tmp_path: Path):
    root = tmp_path / "tree"
    shutil.copytree(REPO_ROOT / "guarantees", root / "guarantees")
    # The guarantees alone: a changed commitment would rightly break a follow-up of it (the check
    # of a guarantee also checks its follow-ups), which is not what this is about.
    for follow_up in (root / "guarantees").glob("*/*/*.uppfoljning-*.yml"):
        follow_up.unlink()
    preschool = root / "guarantees/hagersten-liljeholmen/forskola/aspuddens-forskolor.md"
    home_care = root / "guarantees/enskede-arsta-vantor/aldreomsorg/arsta-hemtjanst.md"
    for number, text in enumerate(AWKWARD):
        for path, edit in (
            (home_care, f"data.commitments[1] = {text!r};"),
            (preschool, f"data.commitments['samverkan'][0] = {text!r};"),
        ):
            before = path.read_text(encoding="utf-8")
            after = _round_trip(format_page, "md", before, edit)
            # Only the changed value's lines, and the comment "# Exempelinnehåll" and the rest kept.
            assert len(_changed_lines(before, after)) <= 2 + text.count("\n") + 1, _changed_lines(before, after)
            assert after.startswith("---\n# Exempelinnehåll\n"), after
            path.write_text(after, encoding="utf-8")
            result = check_tree(root, [path])
            assert result.problems == [], (text, [str(p) for p in result.problems])
            front, _, _ = split_front_matter(after)
            data, _ = untrusted_yaml.load(front)
            commitment = (
                data["commitments"][1]
                if path == home_care
                else next(c["text"] for c in data["commitments"] if c["area"] == "Samverkan")
            )
            assert commitment == text, (number, after)


def test_ready_for_the_board_is_the_draft_flag(format_page: Page):
    path = REPO_ROOT / "guarantees/hagersten-liljeholmen/aldreomsorg/hagerstens-hemtjanst.md"
    text = path.read_text(encoding="utf-8")
    drafted = _round_trip(format_page, "md", text, "data.klar = false;")
    assert _changed_lines(text, drafted) == ["+draft: true"]
    assert _round_trip(format_page, "md", drafted, "data.klar = true;") == text


def test_a_new_guarantee_and_follow_up_are_written_as_the_guides_write_them(format_page: Page, content_repo: Path):
    guarantee = _new_file(
        format_page,
        "md",
        {
            "avdelning": "aldreomsorg",
            "title": "Nya hemtjänsten",
            "service": "hemtjänst",
            "valid": {"from": "2026-01-01", "to": "2026-12-31"},
            "body": "Vi hjälper dig hemma.\n\nVarje dag.",
            "commitments": ["Vi kommer i tid: alltid.", "Vi ringer om vi blir sena."],
            "correction": "Vi rättar till det inom en vecka.",
            "complaints": "",
            "contact": {"phone": "08-508 12 345", "email": "", "address": "", "web": ""},
            "more_info": "",
            "klar": True,
            "samling": "andra",
        },
    )
    assert guarantee == (
        "---\ntitle: Nya hemtjänsten\nservice: hemtjänst\nvalid:\n  from: 2026-01-01\n  to: 2026-12-31\n"
        'commitments:\n  - "Vi kommer i tid: alltid."\n  - Vi ringer om vi blir sena.\n'
        'correction: Vi rättar till det inom en vecka.\ncontact:\n  phone: "08-508 12 345"\n'
        "---\nVi hjälper dig hemma.\n\nVarje dag.\n"
    )
    unit = content_repo / "guarantees/provstaden/aldreomsorg/nya-hemtjansten.md"
    unit.write_text(guarantee, encoding="utf-8")
    follow_up = _new_file(
        format_page,
        "yml",
        {
            "enhet": "aldreomsorg/nya-hemtjansten",
            "results": [
                {"commitment": "Vi kommer i tid: alltid.", "result": "uppfyllt", "comment": None},
                {
                    "commitment": "Vi ringer om vi blir sena.",
                    "result": "delvis uppfyllt",
                    "comment": "En gång glömde vi.",
                },
            ],
            "corrections": {"count": 1, "changed": ""},
            "complaints": 0,
            "klar": True,
        },
    )
    assert follow_up == (
        'results:\n  - commitment: "Vi kommer i tid: alltid."\n    result: uppfyllt\n    comment:\n'
        "  - commitment: Vi ringer om vi blir sena.\n    result: delvis uppfyllt\n    comment: En gång glömde vi.\n"
        "corrections:\n  count: 1\n  changed:\ncomplaints: 0\n"
    )
    (content_repo / "guarantees/provstaden/aldreomsorg/nya-hemtjansten.uppfoljning-2026.yml").write_text(
        follow_up, encoding="utf-8"
    )
    result = check_tree(content_repo)
    assert result.problems == [], [str(problem) for problem in result.problems]
    assert [f.kept for f in result.corpus.follow_ups if f.unit == "nya-hemtjansten"] == [1]


def test_a_paragraph_sign_is_a_bullet_only_with_wordss_tab(format_page: Page):
    """Word's Wingdings square comes as "§" and a tab; "§ 5" with a space is a reference to the law, kept."""
    bullets = "format.markdownBullets(text)"
    assert (
        format_page.evaluate(f"text => {bullets}", "Enligt lagen:\n§ 5 socialtjänstlagen gäller.")
        == "Enligt lagen:\n§ 5 socialtjänstlagen gäller."
    )
    assert (
        format_page.evaluate(f"text => {bullets}", "Vi erbjuder:\n§\tStöd i vardagen")
        == "Vi erbjuder:\n\n- Stöd i vardagen"
    )
