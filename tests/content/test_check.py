"""`garanti check`: the rules, the untrusted-input fences, and the output contract.

A mistake that is one edit of a valid file, and the message it gets, is an entry of the
mistake table (tests/mistakes.py, run by test_mistakes.py); the cases here need more.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from garanti.cli import main
from garanti.content import check_tree
from garanti.layout import slugify

from ..helpers import REPO_ROOT, edit, run, write
from ..samples import BOARD, BOARD_YML, HOME, HOME_CARE_MD, PRESCHOOL, PRESCHOOL_MD


def run_check(root: Path, *args: str, capsys) -> tuple[int, str]:
    code, out, err = run(root, "check", *args, capsys=capsys)
    return code, out + err


def problems_for(root: Path) -> list[str]:
    return [str(problem) for problem in check_tree(root).problems]


def only_problem(root: Path) -> str:
    problems = problems_for(root)
    assert len(problems) == 1, problems
    return problems[0]


# --- the valid cases --------------------------------------------------------


def test_valid_repository_passes(content_repo, capsys):
    code, out = run_check(content_repo, capsys=capsys)
    assert code == 0
    assert "Allt stämmer: 3 filer kontrollerade, inga fel." in out


def test_sample_corpus_passes_and_is_rich_enough():
    result = check_tree(REPO_ROOT)
    assert result.problems == []
    corpus = result.corpus
    assert set(corpus.boards) >= {"hagersten-liljeholmen", "enskede-arsta-vantor"}
    assert len(corpus.guarantees) >= 24
    assert len({g.service for g in corpus.guarantees}) >= 6
    assert any(g.draft for g in corpus.guarantees)
    services = {g.service for g in corpus.guarantees}
    assert {"förskola", "hemtjänst", "vård- och omsorgsboende", "gruppbostad", "daglig verksamhet"} <= services
    preschools = [g for g in corpus.guarantees if g.service == "förskola"]
    full = [g for g in preschools if len({c.area for c in g.commitments}) == 5]
    assert len(full) >= 2
    hl = corpus.boards["hagersten-liljeholmen"]
    assert {"2009-01-29", "2011-01-20", "2015-06-11"} <= {str(m.date) for m in hl.meetings}
    assert "hagerstens-gruppbostader" in {g.slug for g in corpus.guarantees_of("hagersten-liljeholmen")}
    assert len(corpus.boards["enskede-arsta-vantor"].meetings) >= 2


def test_bom_and_crlf_are_accepted(content_repo):
    path = content_repo / HOME
    path.write_bytes(b"\xef\xbb\xbf" + HOME_CARE_MD.replace("\n", "\r\n").encode())
    assert problems_for(content_repo) == []


def test_model_carries_values_and_board_defaults(content_repo):
    corpus = check_tree(content_repo).corpus
    home = next(g for g in corpus.guarantees if g.slug == "provstadens-hemtjanst")
    assert home.valid_from.isoformat() == "2026-01-01"
    assert home.complaints.startswith("Tala med personalen")
    assert home.url == "provstaden/provstadens-hemtjanst/"
    preschool = next(g for g in corpus.guarantees if g.service == "förskola")
    assert [c.area for c in preschool.commitments][0] == "Utveckling och lärande"
    assert corpus.boards["provstaden"].meeting_on(home.valid_from.replace(day=22)).case_number == "PS-2025/100"


# --- schema rules -----------------------------------------------------------


def test_complaints_needed_when_board_has_no_default(content_repo):
    edit(content_repo, BOARD, "  complaints: Tala med personalen eller lämna synpunkter på stockholm.se.\n", "")
    problems = problems_for(content_repo)
    assert len(problems) == 2
    assert all('"complaints"' in p for p in problems)


def test_front_matter_is_required(content_repo):
    write(content_repo, HOME, "title: Utan framsida\n")
    assert only_problem(content_repo).startswith(f"{HOME}:1:1: Filen ska börja med en rad med bara ---")


# --- tree rules -------------------------------------------------------------


def test_department_folder_must_be_declared(content_repo):
    write(content_repo, "guarantees/provstaden/socialtjanst/enhet.md", HOME_CARE_MD)
    problem = only_problem(content_repo)
    assert 'Avdelningen "socialtjanst" finns inte' in problem and "forskola, aldreomsorg" in problem


def test_every_board_folder_needs_board_yml(content_repo):
    write(content_repo, "guarantees/nyboard/forskola/enhet.md", PRESCHOOL_MD)
    problem = only_problem(content_repo)
    assert problem.startswith("guarantees/nyboard:1:1:") and "saknar board.yml" in problem


def test_slugs_are_slugs_and_the_right_one_is_suggested(content_repo):
    write(content_repo, "guarantees/provstaden/forskola/Årsta 2 Förskolor.md", PRESCHOOL_MD)
    problems = problems_for(content_repo)
    assert any('Byt namn till "arsta-2-forskolor"' in p for p in problems)
    assert slugify("Hägerstens gruppbostäder") == "hagerstens-gruppbostader"


def test_unit_slug_unique_within_board(content_repo):
    write(content_repo, "guarantees/provstaden/forskola/provstadens-hemtjanst.md", HOME_CARE_MD)
    problems = problems_for(content_repo)
    assert any('redan en enhet som heter "provstadens-hemtjanst"' in p for p in problems)


def test_unit_slug_differs_from_department_slugs(content_repo):
    write(content_repo, "guarantees/provstaden/aldreomsorg/forskola.md", HOME_CARE_MD)
    assert "får inte heta som en avdelning" in only_problem(content_repo)


def test_misplaced_unit_file(content_repo):
    write(content_repo, "guarantees/provstaden/enhet.md", HOME_CARE_MD)
    assert "Lägg garantin i en avdelningsmapp" in only_problem(content_repo)


# --- untrusted input ---------------------------------------------------------


def test_alias_bomb_is_refused_quickly(content_repo):
    lines = ["---", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    write(content_repo, HOME, "\n".join(lines + ["---", "Text."]) + "\n")
    started = time.perf_counter()
    problem = only_problem(content_repo)
    assert time.perf_counter() - started < 2
    assert "ankare och alias" in problem


def test_huge_file_is_refused_without_reading_it(content_repo):
    (content_repo / HOME).write_bytes(b"---\ntitle: x\n---\n" + b"a" * (2 * 1024 * 1024))
    assert "Filen är för stor" in only_problem(content_repo)


def test_deep_nesting_gets_a_message(content_repo):
    write(content_repo, HOME, "---\ntitle: " + "[" * 20000 + "]" * 20000 + "\n---\nText.\n")
    assert "för djupt nästlad" in only_problem(content_repo)


def test_non_utf8_is_refused_with_its_line(content_repo):
    (content_repo / HOME).write_bytes(
        HOME_CARE_MD.replace("hemtjänst", "hemtjanst").replace("hemma", "hemmå").encode("latin-1")
    )
    problem = only_problem(content_repo)
    assert problem.startswith(f"{HOME}:8:9:") and "UTF-8" in problem


def test_symlinks_are_refused_and_not_followed(content_repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    outside.write_text("---\ntitle: <script>\n---\nhemligt\n", encoding="utf-8")
    (content_repo / "guarantees/provstaden/forskola/lankad.md").symlink_to(outside)
    (content_repo / "guarantees/provstaden/lankmapp").symlink_to(outside.parent, target_is_directory=True)
    problems = problems_for(content_repo)
    assert len(problems) == 2
    assert all("Länkar (symboliska länkar) är inte tillåtna" in p for p in problems)
    assert not any("<script>" in p or "hemligt" in p for p in problems)


def test_path_outside_the_repository_is_a_usage_error(content_repo, capsys, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere")
    code, out = run_check(content_repo, str(outside), capsys=capsys)
    assert code == 2 and "ligger inte i guarantees/" in out
    code, out = run_check(content_repo, str(content_repo / "guarantees/../../"), capsys=capsys)
    assert code == 2


# --- board.yml ---------------------------------------------------------------


def test_board_unknown_key_and_bad_meeting_date(content_repo):
    edit(content_repo, BOARD, "kind: stadsdelsnämnd", "knd: stadsdelsnämnd")
    edit(content_repo, BOARD, "date: 2026-12-10", "date: 2026-13-10")
    problems = problems_for(content_repo)
    assert f'{BOARD}:2:1: Okänd nyckel "knd". Menade du "kind"?' in problems
    assert f"{BOARD}:11:11: 2026-13-10 är inget riktigt datum. Kontrollera månad och dag." in problems


def test_board_department_slugs_must_be_slugs(content_repo):
    edit(content_repo, BOARD, "  forskola: Avdelningen", "  Förskola: Avdelningen")
    problems = problems_for(content_repo)
    assert any("små bokstäver a–z" in p for p in problems)


# The decision on the pages: a meeting's minutes in board.yml.
MEETING = '  - date: 2026-01-22\n    case_number: PS-2025/100\n    paragraph: "§ 7"\n'


@pytest.mark.parametrize(
    "address, ok",
    [
        ("https://start.stockholm/protokoll/2026-01-22/", True),
        ("http://start.stockholm/protokoll/", False),
        ("javascript:alert(1)", False),
        ('"https://x.example/a b"', False),
    ],
)
def test_minutes_must_be_an_https_address(content_repo, address, ok):
    assert MEETING in BOARD_YML
    write(content_repo, BOARD, BOARD_YML.replace(MEETING, MEETING + f"    minutes: {address}\n"))
    result = check_tree(content_repo)
    assert result.ok is ok, [str(p) for p in result.problems]
    if ok:
        meeting = result.corpus.boards["provstaden"].meetings[0]
        assert meeting.minutes == address
    else:
        assert any(p.path.endswith("board.yml") and p.line == 11 for p in result.problems)


# --- output contract ---------------------------------------------------------


def test_every_problem_in_every_file_in_one_run(content_repo, capsys):
    edit(content_repo, HOME, "title:", "titel:")
    edit(content_repo, PRESCHOOL, "area: Samverkan", "area: Samarbete")
    write(content_repo, "guarantees/provstaden/forskola/trasig.md", "---\ntitle: [\n---\n")
    code, out = run_check(content_repo, capsys=capsys)
    assert code == 1
    lines = out.strip().splitlines()
    assert {line.split(":")[0] for line in lines[:-1]} == {HOME, PRESCHOOL, "guarantees/provstaden/forskola/trasig.md"}
    assert lines[-1].endswith("i 3 filer (4 filer kontrollerade).")


def test_json_format_for_machines(content_repo, capsys):
    edit(content_repo, HOME, "title:", "titel:")
    code, out = run_check(content_repo, "--format", "json", capsys=capsys)
    data = json.loads(out)
    assert code == 1 and data["ok"] is False and data["files_checked"] == 3
    assert {"path": HOME, "line": 2, "column": 1, "message": 'Okänd nyckel "titel". Menade du "title"?'} in data[
        "problems"
    ]


def test_paths_limit_what_is_reported(content_repo, capsys):
    edit(content_repo, HOME, "title:", "titel:")
    code, out = run_check(content_repo, str(content_repo / PRESCHOOL), capsys=capsys)
    assert code == 0 and "1 fil kontrollerad," in out
    code, out = run_check(content_repo, str(content_repo / HOME), capsys=capsys)
    assert code == 1


def test_usage_errors_exit_2(content_repo, capsys):
    code, out = run_check(content_repo, str(content_repo / "guarantees/finns-inte.md"), capsys=capsys)
    assert code == 2 and "finns inte" in out
    with pytest.raises(SystemExit) as exit_info:
        main(["--root", str(content_repo), "check", "--format", "xml"])
    assert exit_info.value.code == 2
    assert "ogiltigt val" in capsys.readouterr().err


def test_console_command_on_garbage_never_shows_a_traceback(content_repo):
    """Random byte-level damage to valid files: always a verdict, never a crash."""
    generator = random.Random(20261123)
    garanti = Path(sys.executable).parent / "garanti"
    originals = {HOME: HOME_CARE_MD.encode(), PRESCHOOL: PRESCHOOL_MD.encode()}
    for _round in range(4):
        for relative, original in originals.items():
            data = bytearray(original)
            for _ in range(generator.randint(1, 12)):
                data[generator.randrange(len(data))] = generator.choice(b"-:[]{}&*!|>'\"#\n \t\x00\xff<%@`")
            (content_repo / relative).write_bytes(bytes(data))
        result = subprocess.run(
            [str(garanti), "--root", str(content_repo), "check"],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        assert result.returncode in (0, 1), result.stderr
        assert "Traceback" not in result.stdout + result.stderr
    # And in-process, many more rounds (fast): the loader itself never raises.
    for _ in range(300):
        data = bytearray(HOME_CARE_MD.encode())
        for _ in range(generator.randint(1, 12)):
            data[generator.randrange(len(data))] = generator.choice(b"-:[]{}&*!|>'\"#\n \t\x00\xff<%@`")
        (content_repo / HOME).write_bytes(bytes(data))
        check_tree(content_repo)


# --- the command line, told in Swedish ---------------------------------------


@pytest.mark.parametrize(
    "argv, words",
    [
        (
            ["chek"],
            ["användning: garanti ", 'ogiltigt val "chek". Menade du "check"? Välj ett av: check, new, uppfoljning'],
        ),
        (["check", "--format", "xml"], ["användning: garanti check", 'ogiltigt val "xml". Välj ett av: text, json']),
        (["tag", "x"], ["användning: garanti tag", "de här argumenten saknas: DATUM, --bilaga"]),
    ],
    ids=["misspelt command", "unknown format", "arguments missing"],
)
def test_a_command_written_wrong_is_told_in_swedish(content_repo, capsys, argv, words):
    """Issue 21, item 10: argparse's "usage: …" and "(choose from 'check', …)" mixed English into the message."""
    with pytest.raises(SystemExit) as exit_info:
        main(["--root", str(content_repo), *argv])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    for word in words:
        assert word in err
    for english in ("usage", "choose from", "invalid choice", "required"):
        assert english not in err, english
