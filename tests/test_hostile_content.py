"""Hostile content (issue 11, items 4 and 5): no file can hang or crash the check or the build.

Each finding of the security review is a case here: what the check now says
(file:line:column), and that no command shows a traceback or exits 3 because of
it, while every other board is still checked.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import garanti
from garanti import schemas
from garanti.content import check_tree
from garanti.model import shown
from garanti.publishing import ALLOW_UNVERIFIED as UNVERIFIED
from garanti.site import render
from garanti.untrusted import MAX_NESTING, MAX_OPEN_BRACKETS, check_text

from .helpers import mkdocs_build, run, site_project, write
from .repos import make_repo
from .samples import BOARD_YML, HOME, HOME_CARE_MD, NORRA_HOME, SODRA_HOME

# Generous for a loaded machine; the patterns this replaces took minutes on such input.
LINEAR_BOUND_SECONDS = 3.0


# --- every pattern is linear -------------------------------------------------


def _package_patterns() -> list[tuple[str, re.Pattern]]:
    found = []
    for module_info in pkgutil.walk_packages(garanti.__path__, "garanti."):
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and getattr(value, "__module__", module.__name__):
                found.append((f"{module_info.name}.{name}", value))
    return sorted({name: pattern for name, pattern in found}.items())


def _schema_patterns() -> list[tuple[str, re.Pattern]]:
    found = []

    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern" and isinstance(value, str):
                    found.append((where, schemas.pattern_regex(value)))
                else:
                    walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    for name in schemas.SCHEMAS:
        walk(schemas.load_schema(name), name)
    return found


PATTERNS = _package_patterns() + _schema_patterns()
# Characters that have a meaning in some pattern, and ordinary ones.
_ALPHABET = " \t\n<>/[]()!:-_.@#*&\\\"'a0A+%~|`=ä\u200b"


def _adversarial_inputs(length: int):
    """Long runs that make a backtracking pattern try every split: one character (or pair)
    repeated, after a possible opener and before a character that makes the match fail."""
    for opener in ("", "<", "[", "](", "[a]:", "a@", "+", "\n"):
        for filler in _ALPHABET:
            for closer in ("\x00", "a"):  # a character that makes the match fail, and a letter
                yield opener + filler * length + closer
        for first, second in (("a", "."), ("-", "a"), ("a", "-"), ("[", "a"), ("0", " "), ("a", "@"), (" ", "\n")):
            yield opener + (first + second) * (length // 2) + "\x00"


def test_the_pattern_list_holds_the_ones_that_matter():
    names = {name for name, _ in PATTERNS}
    assert {
        "garanti.untrusted._RAW_HTML",
        "garanti.untrusted._REFERENCE_DEFINITION",
        "garanti.untrusted._INLINE_LINK",
        "garanti.layout._SLUG",
    } <= names
    assert any(name.startswith("guarantee.schema.json") for name in names)


@pytest.mark.parametrize("name, pattern", PATTERNS, ids=[name for name, _ in PATTERNS])
def test_pattern_cannot_backtrack(name, pattern):
    """Every pattern over every long adversarial input: linear, so far below the bound.

    A search that fails tries every start position, so it shows a pattern that
    scans far from each; the inputs without an opener cover what a first match
    at the opener would hide."""
    slowest, worst = 0.0, ""
    for text in _adversarial_inputs(50_000):
        start = time.perf_counter()
        pattern.search(text)
        pattern.fullmatch(text)
        took = time.perf_counter() - start
        if took > slowest:
            slowest, worst = took, text[:12]
    assert slowest < LINEAR_BOUND_SECONDS, f"{name} took {slowest:.1f} s on {worst!r}…"


def test_raw_html_pattern_on_a_long_run_of_spaces_is_fast(content_repo):
    """`<` + a long run of spaces + a digit made garanti check's raw-HTML pattern super-linear
    (the figure: benchmarks/README.md)."""
    body = "<" + " " * 200_000 + "1"
    (content_repo / HOME).write_text(
        HOME_CARE_MD.replace("Vi hjälper dig att leva ett tryggt liv hemma.", body), encoding="utf-8"
    )
    start = time.perf_counter()
    problems = [str(problem) for problem in check_tree(content_repo).problems]
    assert time.perf_counter() - start < 20
    assert problems == [f"{HOME}:16:1: Verksamhetsidén: texten är för lång (200002 tecken, högst 2000). Korta texten."]


# --- texts the renderer cannot do in linear time or without deep recursion ---


def _with_body(root: Path, body: str) -> None:
    (root / HOME).write_text(
        HOME_CARE_MD.replace("Vi hjälper dig att leva ett tryggt liv hemma.", body), encoding="utf-8"
    )


def test_runs_of_unclosed_brackets_are_refused_at_their_line(content_repo):
    """A body of `[a` repeated made the build quadratic (figures: benchmarks/README.md)."""
    _with_body(content_repo, "Vi lovar.\n\n" + "[a" * 600)
    problems = [str(problem) for problem in check_tree(content_repo).problems]
    assert problems == [
        f"{HOME}:18:{2 * MAX_OPEN_BRACKETS + 1}: Texten har för många [ som inte stängs (fler än {MAX_OPEN_BRACKETS} "
        "öppna i samma stycke). Stäng varje [ med ], ( med ) och < med >, eller ta bort tecknen."
    ]


@pytest.mark.parametrize(
    "text",
    [
        "[a" * 1000,
        "[" * 1000 + "]" * 1000,
        "[a](" * 500,
        "[a][" * 500,
        "<" * 2000,
        "![" * 1000,
    ],
)
def test_every_quadratic_text_within_the_length_limit_is_refused(text):
    assert any("som inte stängs" in problem.message for problem in check_text(text))


def test_what_the_check_accepts_renders_in_bounded_time():
    """The worst texts the rules still accept, at the full 2,000 characters: fast to render."""
    allowed_brackets = ("[" * MAX_OPEN_BRACKETS + "a" * 1984 + "]" * MAX_OPEN_BRACKETS)[:2000]
    allowed_nesting = "\n".join("    " * level + "- a" for level in range(MAX_NESTING))
    mixed = ("[a](https://a.se) (b) <3 > " * 80)[:2000]
    for text in (allowed_brackets, allowed_nesting, mixed, "*a" * 1000, "_a" * 1000, "`a" * 1000):
        assert check_text(text) == [], text[:30]
        start = time.perf_counter()
        render.block(text)
        assert time.perf_counter() - start < LINEAR_BOUND_SECONDS, text[:30]


def test_a_deeply_nested_list_is_refused_at_its_line(content_repo):
    """A list nested 250 levels with tab indents passed the check and crashed mkdocs build (RecursionError)."""
    _with_body(content_repo, "\n".join("\t" * level + "- a" for level in range(250)))
    problems = [str(problem) for problem in check_tree(content_repo).problems]
    assert f"{HOME}:{16 + MAX_NESTING}:1: Texten är nästlad i för många nivåer" in "\n".join(problems)
    assert all("för lång" in problem or "nästlad" in problem for problem in problems), problems


@pytest.mark.parametrize("text", ["- " * 1000 + "a", "1. " * 600, ">" * 1500 + " a", "> " * 900 + "a"])
def test_nesting_on_one_line_is_refused(text):
    """`- - - - …` nests a list per dash: 2,000 characters reached Python's recursion limit."""
    assert any("nästlad" in problem.message for problem in check_text(text))


# --- link definitions that hide their address ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[x]:\n  javascript:alert(1)",
        "- [x]: javascript:alert(1)",
        "> [x]:\n> javascript:alert(1)",
        "1. Punkt\n\n   [x]:\n   JavaScript:alert(1)",
        "[a](\n> javascript:alert(1))",
    ],
)
def test_javascript_link_definitions_anywhere_are_refused(text):
    assert [problem.message for problem in check_text(text)] == [
        'Länkar av typen "javascript:" är inte tillåtna. Länka bara till webbadresser (https://), '
        "e-post (mailto:) eller telefon (tel:)."
    ]


# --- names, numbers, folders -----------------------------------------------


def test_a_folder_name_ending_in_a_newline_fails_the_slug_rule(content_repo):
    (content_repo / "guarantees/provstaden/aldreomsorg").rename(content_repo / "guarantees/provstaden/aldreomsorg\n")
    problems = [str(problem) for problem in check_tree(content_repo).problems]
    assert problems[0] == (
        'guarantees/provstaden/aldreomsorg\\n:1:1: Mappnamnet "aldreomsorg\\n" får bara innehålla '
        'små bokstäver a–z, siffror och bindestreck. Byt namn till "aldreomsorg".'
    )


def test_a_huge_number_is_a_message_at_its_line(content_repo):
    """`title: 0x` + 4,000 f: the check exited 3 naming no file."""
    (content_repo / HOME).write_text(
        HOME_CARE_MD.replace("title: Provstadens hemtjänst", "title: 0x" + "f" * 4000), encoding="utf-8"
    )
    board = content_repo / "guarantees/provstaden/board.yml"
    board.write_text(BOARD_YML.replace("case_number: PS-2025/100", "case_number: 0x" + "f" * 4000), encoding="utf-8")
    problems = [str(problem) for problem in check_tree(content_repo).problems]
    assert problems[0].startswith("guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md:2:8: Talet 0xfff")
    assert problems[1].startswith("guarantees/provstaden/board.yml:9:18: Talet 0xfff")


def _as_nobody(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run so that a folder without permissions really cannot be read: as root, without the
    capabilities that override permissions (the user stays the owner of the test's own folders,
    so this depends on nobody else's folder, such as the machine's /tmp, being open to others)."""
    prefix = ["setpriv", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"] if os.geteuid() == 0 else []
    return subprocess.run(
        prefix + command, cwd=cwd, capture_output=True, text=True, timeout=600, env={**os.environ, "HOME": str(cwd)}
    )


@pytest.fixture
def open_tmp(tmp_path):
    """The test's folder, given back its modes afterwards so that it can be removed."""
    yield tmp_path
    for path in tmp_path.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)


def test_an_unreadable_department_folder_is_named_and_the_rest_checked(open_tmp):
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: permissions cannot be denied")
    root = open_tmp
    write(root, "guarantees/provstaden/board.yml", BOARD_YML)
    write(root, HOME, HOME_CARE_MD)
    write(root, "guarantees/provstaden/forskola/trasig.md", "---\ntitle: x\n---\n")
    os.chmod(root / "guarantees/provstaden/aldreomsorg", 0)
    for path in [root, *root.rglob("*")]:
        if path.name != "aldreomsorg" and path.is_dir() and "aldreomsorg" not in path.parts:
            path.chmod(0o755)
    done = _as_nobody([sys.executable, "-m", "garanti.cli", "check"], root)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    assert "guarantees/provstaden/aldreomsorg:1:1: Mappen kan inte läsas (ingen läsrätt)." in lines[0]
    assert any(line.startswith("guarantees/provstaden/forskola/trasig.md:") for line in lines)
    project = site_project(root)
    for path in [root, *root.rglob("*")]:
        if "aldreomsorg" not in path.parts:
            path.chmod(0o755 if path.is_dir() else 0o644)
    built = _as_nobody([sys.executable, "-m", "mkdocs", "build", "-f", str(project), "-d", str(root / "site")], root)
    assert built.returncode != 0 and "Traceback" not in built.stderr
    assert "guarantees/provstaden/aldreomsorg:1:1: Mappen kan inte läsas" in built.stderr


def test_a_draft_with_cr_only_line_endings_is_a_draft_everywhere(tmp_path):
    """CR-only endings: the check read a draft, the tag message and decisions page counted it published."""
    from garanti.publishing.plan import units_at

    repo = make_repo(tmp_path / "repo")
    text = (repo.root / SODRA_HOME).read_text(encoding="utf-8").replace("correction:", "draft: true\ncorrection:")
    (repo.root / SODRA_HOME).write_bytes(text.replace("\n", "\r").encode())
    commit = repo.commit("Utkast med CR")
    assert [g.draft for g in check_tree(repo.root).corpus.guarantees if g.source == SODRA_HOME] == [True]
    assert [unit.draft for unit in units_at(repo.root, commit, "sodra")] == [True]


# --- one file never hides the others, in any command --------------------------

BAD_FILES = {
    "huge number in a title": (
        NORRA_HOME,
        lambda text: text.replace("title: Norrstadens hemtjänst", "title: 0x" + "f" * 4000),
    ),
    "huge case number": (
        "guarantees/norra/board.yml",
        lambda text: text.replace("case_number: NS-2025/1234", "case_number: 0x" + "f" * 4000),
    ),
    "spaces after <": (NORRA_HOME, lambda text: text.replace("hjälper dig", "<" + " " * 100_000 + "1")),
    "unclosed brackets": (NORRA_HOME, lambda text: text.replace("hjälper dig", "[a" * 8_000)),
    "deeply nested list": (NORRA_HOME, lambda text: text + "\n".join("\t" * level + "- a" for level in range(250))),
    "board named like a page": ("guarantees/om/board.yml", "guarantees/norra"),
    "folder name ending in a newline": ("guarantees/norra/aldreomsorg\n", "guarantees/norra/aldreomsorg"),
}


def _break(repo, case: str) -> str:
    relative, change = BAD_FILES[case]
    if isinstance(change, str):  # a folder renamed
        shutil.move(repo.root / change, repo.root / relative.removesuffix("/board.yml"))
        return relative
    path = repo.root / relative
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return relative


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_no_command_shows_a_traceback_for_a_bad_file(tmp_path, case, capsys):
    repo = make_repo(tmp_path / "repo")
    assert repo.approve("sodra", "2026-02-19") == 0
    capsys.readouterr()
    bad = _break(repo, case)
    bad_board, named = bad.split("/")[1], shown(bad)  # messages show a line break in a name as \\n
    repo.commit(f"Trasig fil: {case}")
    # An approval tag made by hand on the bad version: publish meets the bad file in a tag.
    repo.tag(f"{bad_board}/2026-01-22")
    # The check names the bad file and line, and still checks the other board.
    code, out, err = run(repo.root, "check", capsys=capsys)
    assert code == 1, out + err
    assert out.splitlines()[0].startswith(f"{named}:"), out
    (repo.root / SODRA_HOME).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    code, out, _ = run(repo.root, "check", capsys=capsys)
    assert code == 1 and any(line.startswith(f"{SODRA_HOME}:") for line in out.splitlines())
    repo.git("checkout", "--", SODRA_HOME)
    # Every command: a Swedish refusal or success, never exit 3 or a traceback.
    commands = [
        ["check", str(repo.root / "guarantees/sodra")],
        ["new", "sodra/aldreomsorg/nya", "--title", "Nya", "--service", "hemtjänst"],
        ["rollover", "sodra", "2027"],
        ["report", "sodra"],
        ["tag", "sodra", "2026-02-19", "--bilaga", "HEAD"],
        ["rollover", bad_board, "2027"],
        ["report", bad_board],
        ["tag", bad_board, "2026-12-10", "--bilaga", "HEAD"],
    ]
    for command in commands:
        code, out, err = run(repo.root, *command, capsys=capsys)
        assert code in (0, 1), (command, code, err)
        assert "Traceback" not in out + err and "oväntat fel" not in out + err, (command, err)
    # The tag on the bad version holds back its board, naming the file (exit 5: the other boards
    # publish), or, where the fault is in what every board shares, the whole publication (exit 1).
    code, _, err = run(repo.root, "publish", "--out", str(tmp_path / "site"), UNVERIFIED, capsys=capsys)
    assert code in (1, 5) and "Traceback" not in err and named in err, err
    built = mkdocs_build(repo.root / "mkdocs.yml", tmp_path / "preview")
    assert built.returncode != 0 and "Traceback" not in built.stderr, built.stderr
    assert named in built.stderr


# --- the preview (mkdocs serve) shows the problems instead of stopping --------

PREVIEW_CASES = {
    "huge number in a title": (HOME, "title: Provstadens hemtjänst", "title: 0x" + "f" * 4000),
    "huge case number": ("guarantees/provstaden/board.yml", "case_number: PS-2025/100", "case_number: 0x" + "f" * 4000),
    "deeply nested list": (
        HOME,
        "Vi hjälper dig att leva ett tryggt liv hemma.",
        "\n".join("\t" * level + "- a" for level in range(30)),
    ),
    "folder name ending in a newline": (
        "guarantees/provstaden/aldreomsorg",
        None,
        "guarantees/provstaden/aldreomsorg\n",
    ),
    "board named like a page": ("guarantees/provstaden", None, "guarantees/om"),
}


@pytest.mark.parametrize("case", list(PREVIEW_CASES))
def test_the_preview_shows_a_bad_file_and_never_replaces_a_page_of_the_site(content_repo, case):
    from garanti.site.build import SiteBuild
    from garanti.site.preview import PreviewCache

    site_project(content_repo)
    relative, old, new = PREVIEW_CASES[case]
    if old is None:
        shutil.move(content_repo / relative, content_repo / new)
    else:
        path = content_repo / relative
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    built = SiteBuild.load(content_repo, content_repo / "docs", None, {}, preview=PreviewCache())
    assert built.problems, case
    # A page in place of the broken file's, never one of the site's own (/om/ is docs/om.md).
    own = {entry.name.removesuffix(".md") for entry in (content_repo / "docs").iterdir()}
    assert not [page for page in built.problem_pages if page.split("/")[0] in own], built.problem_pages


@pytest.mark.parametrize(
    "address, message",
    [
        ("//fil.example/delad/lista.pdf", "Länken saknar https: i början"),
        ("../../../../etc/passwd", "Länken är ingen hel adress"),
        ("\\\\server\\delad", "omvänt snedstreck"),
        ("#rubrik", "Länken är ingen hel adress"),
        ("https:fil.example", "Skriv webbadressen hel, med https:// först"),
        ("smb://server/delad", 'Länkar av typen "smb:" är inte tillåtna'),
        ("file:///etc/passwd", 'Länkar av typen "file:" är inte tillåtna'),
    ],
)
def test_a_link_that_could_lead_to_a_local_file_is_refused_at_its_line(content_repo, address, message):
    """garanti check refused file: and smb: but accepted //host, relative paths and \\\\server."""
    (content_repo / HOME).write_text(
        HOME_CARE_MD.replace(
            "title: Provstadens hemtjänst",
            f'title: Provstadens hemtjänst\nmore_info: "Se [listan]({address.replace(chr(92), chr(92) * 2)})."',
        ),
        encoding="utf-8",
    )
    problems = [str(problem) for problem in check_tree(content_repo).problems]
    assert len(problems) == 1 and problems[0].startswith(f"{HOME}:3:"), problems
    assert message in problems[0]


@pytest.mark.parametrize(
    "address", ["/hagersten-liljeholmen/", "https://start.stockholm/", "mailto:a@stockholm.se", "tel:+46850800000"]
)
def test_whole_addresses_and_the_sites_own_are_links(content_repo, address):
    (content_repo / HOME).write_text(
        HOME_CARE_MD.replace(
            "title: Provstadens hemtjänst", f'title: Provstadens hemtjänst\nmore_info: "Se [sidan]({address})."'
        ),
        encoding="utf-8",
    )
    assert check_tree(content_repo).problems == []
    assert f'href="{address}"' in str(render.inline(f"Se [sidan]({address})."))


def test_a_document_read_away_from_the_site_links_only_to_whole_addresses():
    """The board paper's last fence: a link the checks missed never becomes file://… in its PDF."""
    document = (
        '<a href="/x/">a</a><a href="//host/p">b</a><a href="../../etc/passwd">c</a><a href="\\\\s\\d">d</a>'
        '<a href="https://start.stockholm/">e</a><a href="tel:+468">f</a><a href="javascript:alert(1)">g</a>'
    )
    assert render.whole_links(document, "https://kvalitetsgarantier.stockholm/") == (
        '<a href="https://kvalitetsgarantier.stockholm/x/">a</a><a >b</a><a >c</a><a >d</a>'
        '<a href="https://start.stockholm/">e</a><a href="tel:+468">f</a><a >g</a>'
    )
