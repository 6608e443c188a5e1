"""`garanti check`: every rule, the untrusted-input fences, and the output contract."""

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


def test_unknown_key_suggests_closest(content_repo):
    edit(content_repo, HOME, "title:", "titel:")
    problems = problems_for(content_repo)
    assert problems == [f'{HOME}:2:1: Okänd nyckel "titel". Menade du "title"?']  # not also "title saknas"


def test_missing_required_field(content_repo):
    edit(content_repo, HOME, "correction: Vi ber om ursäkt och rättar till det inom en vecka.\n", "")
    assert 'Fältet "correction" (rättelse) saknas' in only_problem(content_repo)


def test_unknown_service_suggests_closest(content_repo):
    edit(content_repo, HOME, "service: hemtjänst", "service: hemtjanst")
    problem = only_problem(content_repo)
    assert problem.startswith(f"{HOME}:3:10:")
    assert 'Menade du "hemtjänst"?' in problem


def test_validity_must_not_end_before_it_starts(content_repo):
    edit(content_repo, HOME, "to: 2026-12-31", "to: 2025-12-31")
    assert "slutar (2025-12-31) innan den börjar (2026-01-01)" in only_problem(content_repo)


def test_dates_must_be_real(content_repo):
    edit(content_repo, HOME, "to: 2026-12-31", "to: 2026-02-30")
    problem = only_problem(content_repo)
    assert problem.startswith(f"{HOME}:6:7:") and "inget riktigt datum" in problem


def test_dates_must_be_iso(content_repo):
    edit(content_repo, HOME, "to: 2026-12-31", "to: 31/12/2026")
    assert "ÅÅÅÅ-MM-DD" in only_problem(content_repo)


@pytest.mark.parametrize("date", ["|\n    2026-12-31", "'2026-12-31\\n'", "２０２６-12-31"])
def test_dates_must_be_iso_and_nothing_else(content_repo, date):
    """A date as a block, with a newline or with full-width digits: one message at the
    date, never a guarantee that passes the check and then silently leaves the site."""
    edit(content_repo, HOME, "to: 2026-12-31", f"to: {date}".replace("'", '"'))
    problem = only_problem(content_repo)
    assert problem.startswith(f"{HOME}:6:7:") and "ÅÅÅÅ-MM-DD" in problem


def test_meeting_dates_must_be_iso_and_nothing_else(content_repo):
    edit(content_repo, BOARD, "date: 2026-12-10", "date: |\n      2026-12-10")
    assert "ÅÅÅÅ-MM-DD" in only_problem(content_repo)


def test_preschool_commitments_need_an_area(content_repo):
    edit(content_repo, PRESCHOOL, "  - area: Samverkan\n    text: Vi gör", "  - Vi gör")
    problem = only_problem(content_repo)
    assert problem.startswith(f"{PRESCHOOL}:16:5:")
    assert "läroplansområde" in problem


def test_preschool_area_must_be_a_curriculum_area(content_repo):
    edit(content_repo, PRESCHOOL, "area: Samverkan", "area: Samarbete")
    assert "läroplansområde" in only_problem(content_repo)


def test_other_services_take_plain_commitments(content_repo):
    edit(content_repo, HOME, "  - Du får en", "  - area: Samverkan\n    text: Du får en")
    assert "Bara förskolor anger läroplansområde" in only_problem(content_repo)


def test_contact_needs_phone_or_email(content_repo):
    edit(content_repo, PRESCHOOL, "  email: forskolor.provstaden@stockholm.se", "  address: Provgatan 2")
    assert "phone (telefon) eller email (e-post)" in only_problem(content_repo)


def test_body_must_not_be_empty(content_repo):
    edit(content_repo, HOME, "Vi hjälper dig att leva ett tryggt liv hemma.\n", "\n")
    assert "Verksamhetsidén saknas" in only_problem(content_repo)


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


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<iframe src=https://example.com></iframe>",
        "< svg onload=alert(1)>",
        "<!-- kommentar -->",
        "<a href=https://example.com>länk</a>",
    ],
)
def test_raw_html_is_refused_in_body_and_fields(content_repo, hostile):
    edit(content_repo, HOME, "ett tryggt liv hemma.", f"ett tryggt liv {hostile} hemma.")
    problem = only_problem(content_repo)
    assert problem.startswith(f"{HOME}:16:40:") and "HTML är inte tillåtet" in problem
    edit(content_repo, HOME, f"ett tryggt liv {hostile} hemma.", "ett tryggt liv hemma.")
    edit(content_repo, HOME, "- Du får en kontaktperson", f"- {json.dumps(hostile)} #")
    problem = only_problem(content_repo)
    assert problem.startswith(f"{HOME}:8:5:") and "HTML är inte tillåtet" in problem


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;&#x61;vascript:alert(1)",
        "&amp;#106;avascript:alert(1)",
        " data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "java&#09;script:alert(1)",
    ],
)
def test_active_links_are_refused_however_disguised(content_repo, target):
    edit(content_repo, HOME, "ett tryggt liv hemma.", f"ett tryggt liv [hemma]({target}).")
    assert "är inte tillåtna" in only_problem(content_repo)


def test_reference_style_active_link_is_refused(content_repo):
    edit(content_repo, HOME, "ett tryggt liv hemma.", "ett tryggt liv [hemma][x].\n\n[x]: javascript:alert(1)")
    assert "är inte tillåtna" in only_problem(content_repo)


def test_ordinary_links_and_emphasis_are_fine(content_repo):
    edit(
        content_repo, HOME, "ett tryggt liv hemma.",
        "ett *tryggt* liv hemma. Läs [mer](https://start.stockholm/) eller [mejla](mailto:a@stockholm.se), "
        "barn 1 < 3 år och [ring](tel:+46850800000).",
    )
    assert problems_for(content_repo) == []


def test_images_are_refused(content_repo):
    edit(content_repo, HOME, "ett tryggt liv hemma.", "ett tryggt liv ![bild](https://example.com/x.png) hemma.")
    assert "Bilder kan inte visas" in only_problem(content_repo)


def test_duplicate_keys_are_refused(content_repo):
    edit(content_repo, HOME, "service: hemtjänst\n", "service: hemtjänst\nservice: förskola\n")
    problem = only_problem(content_repo)
    assert problem.startswith(f"{HOME}:4:1:") and 'Nyckeln "service" finns redan på rad 3' in problem


def test_anchors_and_aliases_are_refused(content_repo):
    edit(content_repo, HOME, "correction: Vi ber", "more_info: &a Vi ber om hjälp\ncorrection: *a\nx: Vi ber")
    problems = problems_for(content_repo)
    assert len(problems) == 1 and "ankare och alias" in problems[0]


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['touch /tmp/pwned']", "!include other.yml", "!!binary aGVq"])
def test_custom_tags_are_refused_and_never_constructed(content_repo, tag):
    edit(content_repo, HOME, "correction: Vi ber om ursäkt och rättar till det inom en vecka.", f"correction: {tag}")
    assert "YAML-taggen" in only_problem(content_repo)


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
    (content_repo / HOME).write_bytes(HOME_CARE_MD.replace("hemtjänst", "hemtjanst").replace("hemma", "hemmå").encode("latin-1"))
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


@pytest.mark.parametrize("address, ok", [
    ("https://start.stockholm/protokoll/2026-01-22/", True),
    ("http://start.stockholm/protokoll/", False),
    ("javascript:alert(1)", False),
    ('"https://x.example/a b"', False),
])
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
    assert {"path": HOME, "line": 2, "column": 1, "message": 'Okänd nyckel "titel". Menade du "title"?'} in data["problems"]


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
    for round_number in range(4):
        for relative, original in originals.items():
            data = bytearray(original)
            for _ in range(generator.randint(1, 12)):
                data[generator.randrange(len(data))] = generator.choice(b"-:[]{}&*!|>'\"#\n \t\x00\xff<%@`")
            (content_repo / relative).write_bytes(bytes(data))
        result = subprocess.run(
            [str(garanti), "--root", str(content_repo), "check"],
            capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"},
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


# --- messages that say what to do ---------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("correction: Vi ber", "correction: Obs: Vi ber", "kolon följt av mellanslag mitt i en text"),
        ("  phone: \"08-508 11 111\"", "\tphone: \"08-508 11 111\"", "en tabb"),
        ("correction: Vi ber om ursäkt", "correction: [Vi] ber om ursäkt", "tecken som YAML läser som något annat"),
        ("correction: Vi ber", "correction: *Vi* ber", "texten börjar med * eller &"),
        ("correction: Vi ber", "correction: @Vi ber", "tecknet '@' kan inte stå först"),
        ("correction: Vi ber om ursäkt och rättar till det inom en vecka.",
         "correction: \"Vi ber om ursäkt", "citattecknet avslutas aldrig"),
    ],
)
def test_yaml_syntax_errors_are_explained_in_swedish(content_repo, old, new, expected):
    edit(content_repo, HOME, old, new)
    problem = only_problem(content_repo)
    assert expected in problem and ("YAML-syntaxfel" in problem or "citattecknet" in problem)


def test_colon_in_a_plain_commitment_is_explained(content_repo):
    edit(content_repo, HOME, "  - Du får en kontaktperson", "  - Vi lovar: Du får en kontaktperson")
    problem = only_problem(content_repo)
    assert "kolon följt av mellanslag" in problem and "area" not in problem


def test_unquoted_phone_number_says_to_quote_it(content_repo):
    edit(content_repo, HOME, 'phone: "08-508 11 111"', "phone: +46850811111")
    assert 'Sätt värdet inom citattecken: "+46850811111"' in only_problem(content_repo)


def test_tags_are_named_as_written(content_repo):
    edit(content_repo, HOME, "correction: Vi ber om ursäkt och rättar till det inom en vecka.",
            "correction: !!python/object:os.system x")
    assert "YAML-taggen !!python/object:os.system är inte tillåten" in only_problem(content_repo)


def test_a_hash_that_would_silently_cut_a_text_is_refused(content_repo):
    edit(content_repo, HOME, "  - Du får en kontaktperson inom två veckor.",
            "  - Du får en kontaktperson inom två veckor #viktigt")
    problem = only_problem(content_repo)
    assert problem.startswith(f"{HOME}:8:45:") and "börjar en kommentar" in problem


def test_comments_on_their_own_lines_and_quoted_hashes_are_fine(content_repo):
    edit(content_repo, HOME, "title: Provstadens hemtjänst", "# Exempelinnehåll\ntitle: \"Provstadens #1 hemtjänst\"")
    edit(content_repo, HOME, "correction: Vi ber", "correction: Vi#2 ber")
    assert problems_for(content_repo) == []


@pytest.mark.parametrize("argv, words", [
    (["chek"], ['användning: garanti ', 'ogiltigt val "chek". Menade du "check"? Välj ett av: check, new, uppfoljning']),
    (["check", "--format", "xml"], ['användning: garanti check', 'ogiltigt val "xml". Välj ett av: text, json']),
    (["tag", "x"], ["användning: garanti tag", "de här argumenten saknas: DATUM, --bilaga"]),
], ids=["misspelt command", "unknown format", "arguments missing"])
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
