"""`garanti rollover`: surgical edits, byte-for-byte preservation, idempotence, refusals."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from garanti.content import check_tree
from garanti.editing import plan_rollover, write_changes
from garanti.errors import Refusal

from ..helpers import garanti_new, run, snapshot, write
from ..repos import Repo
from ..samples import BOARD, HOME, HOME_CARE_MD, PRESCHOOL, copy_sample

YEAR = dt.date.today().year + 1

# Everything an editor might have written that a naive rewrite would lose:
# comments, quoted and odd-case values, block texts, blank lines, key order.
ODD_MD = """\
---
# Kommentar överst: ska stå kvar.
title: 'Provstadens boende'   # namnet som boende känner
service: vård- och omsorgsboende
draft: False    # sätts till true av rollover
valid:
    # giltighetstiden, indragen fyra steg
    from: "2026-01-01"
    to: '2026-12-31'  # sista dagen
commitments:
  - |
    Du får en kontaktperson.

    Hen ringer dig.
  - "Vi svarar inom: två dagar."
correction: >-
  Vi ber om ursäkt
  och rättar till det.

contact: {phone: "08-508 11 111", email: boende@stockholm.se}
# sista kommentaren
---
Brödtexten. \x20
Med två mellanslag före radbrytningen.
"""


def test_rollover_sets_validity_and_draft_and_passes_the_check(content_repo, capsys):
    code, out, err = run(content_repo, "rollover", "provstaden", str(YEAR), capsys=capsys)
    assert (code, err) == (0, "")
    assert (
        f"{HOME}: giltighetstid 2026-01-01–2026-12-31 → {YEAR}-01-01–{YEAR}-12-31; markerad som utkast (draft: true)"
        in out
    )
    assert "2 av 2 garantier ändrade" in out
    result = check_tree(content_repo)
    assert result.problems == []
    for guarantee in result.corpus.guarantees:
        assert (guarantee.valid_from, guarantee.valid_to) == (dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
        assert guarantee.draft is True


def test_only_the_validity_lines_change_and_draft_is_added_before_the_closing_line(content_repo, capsys):
    run(content_repo, "rollover", "provstaden", str(YEAR), capsys=capsys)
    expected = (
        HOME_CARE_MD.replace("from: 2026-01-01", f"from: {YEAR}-01-01")
        .replace("to: 2026-12-31", f"to: {YEAR}-12-31")
        .replace("Stockholm\n---\n", "Stockholm\ndraft: true\n---\n")
    )
    assert (content_repo / HOME).read_text(encoding="utf-8") == expected


def test_running_twice_changes_nothing_more(content_repo, capsys):
    write(content_repo, "guarantees/provstaden/aldreomsorg/provstadens-boende.md", ODD_MD)
    run(content_repo, "rollover", "provstaden", str(YEAR), capsys=capsys)
    after_first = snapshot(content_repo)
    code, out, err = run(content_repo, "rollover", "provstaden", str(YEAR), capsys=capsys)
    assert (code, err) == (0, "")
    assert out.count("inget att ändra") == 3
    assert f"Inget att ändra: alla 3 garantier gäller redan {YEAR} och är utkast." in out
    assert snapshot(content_repo) == after_first


def test_comments_quoting_blocks_and_flow_style_survive_byte_for_byte(content_repo, capsys):
    path = write(content_repo, "guarantees/provstaden/aldreomsorg/provstadens-boende.md", ODD_MD)
    code, out, _ = run(content_repo, "rollover", "provstaden", str(YEAR), capsys=capsys)
    assert code == 0
    expected = (
        ODD_MD.replace("draft: False ", "draft: true ")
        .replace('from: "2026-01-01"', f'from: "{YEAR}-01-01"')
        .replace("to: '2026-12-31'", f"to: '{YEAR}-12-31'")
    )
    assert path.read_text(encoding="utf-8") == expected
    assert check_tree(content_repo).problems == []


def test_crlf_and_bom_are_kept(content_repo, capsys):
    path = content_repo / HOME
    path.write_bytes(b"\xef\xbb\xbf" + HOME_CARE_MD.replace("\n", "\r\n").encode("utf-8"))
    run(content_repo, "rollover", "provstaden", str(YEAR), capsys=capsys)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf---\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert f"  from: {YEAR}-01-01\r\n".encode() in data
    assert b"Stockholm\r\ndraft: true\r\n---\r\n" in data
    assert check_tree(content_repo).problems == []


def test_indented_top_level_and_flow_validity_on_one_line(content_repo, capsys):
    text = HOME_CARE_MD.replace(
        "valid:\n  from: 2026-01-01\n  to: 2026-12-31\n", "valid: {from: 2026-01-01, to: 2026-12-31}\n"
    )
    text = (
        "---\n"
        + "".join(f"  {line}\n" for line in text.split("---\n")[1].splitlines())
        + "---\n"
        + text.split("---\n")[2]
    )
    path = write(content_repo, HOME, text)
    assert check_tree(content_repo).problems == []
    run(content_repo, "rollover", "provstaden", str(YEAR), capsys=capsys)
    new = path.read_text(encoding="utf-8")
    assert f"  valid: {{from: {YEAR}-01-01, to: {YEAR}-12-31}}\n" in new
    assert new.endswith("  draft: true\n---\nVi hjälper dig att leva ett tryggt liv hemma.\n")
    assert check_tree(content_repo).problems == []


def test_a_board_with_a_broken_file_is_refused_and_nothing_is_written(content_repo, capsys):
    write(
        content_repo,
        PRESCHOOL,
        (content_repo / PRESCHOOL).read_text(encoding="utf-8").replace("service: förskola", "service: skola"),
    )
    before = snapshot(content_repo)
    code, out, err = run(content_repo, "rollover", "provstaden", str(YEAR), capsys=capsys)
    assert (code, out) == (1, "")
    assert "Rätta dem först" in err and f"{PRESCHOOL}:3:10:" in err and "inget har ändrats" in err
    assert snapshot(content_repo) == before


def test_problems_in_another_board_do_not_block(content_repo, capsys):
    write(content_repo, "guarantees/annan/board.yml", "name: X\n")
    code, _, err = run(content_repo, "rollover", "provstaden", str(YEAR), capsys=capsys)
    assert (code, err) == (0, "")


@pytest.mark.parametrize(
    "year, message",
    [("27", "inget årtal"), ("2o27", "inget årtal"), ("1999", "verkar fel"), (str(YEAR + 10), "verkar fel")],
)
def test_bad_years_are_refused(content_repo, capsys, year, message):
    before = snapshot(content_repo)
    code, _, err = run(content_repo, "rollover", "provstaden", year, capsys=capsys)
    assert code == 1 and message in err
    assert snapshot(content_repo) == before


def test_unknown_board_is_refused(content_repo, capsys):
    code, _, err = run(content_repo, "rollover", "okand", str(YEAR), capsys=capsys)
    assert code == 1
    assert 'Nämnden "okand" finns inte' in err and "provstaden" in err


def test_a_form_that_cannot_be_edited_safely_refuses_the_whole_board(content_repo):
    # A date written as a multi-line plain scalar is valid YAML but not a token rollover can rewrite.
    odd = HOME_CARE_MD.replace("  to: 2026-12-31\n", '  to: "2026-\\\n    12-31"\n')
    write(content_repo, HOME, odd)
    assert check_tree(content_repo).problems == []
    with pytest.raises(Refusal, match="kan inte ändras automatiskt"):
        plan_rollover(content_repo, "provstaden", YEAR)


@pytest.mark.parametrize("changed", [HOME, PRESCHOOL])
def test_a_file_saved_between_the_plan_and_the_write_refuses_the_whole_board(content_repo, changed):
    # An editor saving in the form while the rollover runs: either file, first or last in the writing order.
    plan = plan_rollover(content_repo, "provstaden", YEAR)
    assert sorted(change.relative for change in plan.changes if change.new != change.old) == sorted([HOME, PRESCHOOL])
    edited = (content_repo / changed).read_text(encoding="utf-8") + "Ett tillägg sparat under tiden.\n"
    write(content_repo, changed, edited)
    before = snapshot(content_repo)
    with pytest.raises(Refusal, match=f"{changed} har ändrats sedan garanti rollover läste den.*Inget har ändrats"):
        write_changes(plan.changes)
    assert snapshot(content_repo) == before  # the other file not rolled over either, the edit kept, no temporary file
    assert not [p for p in content_repo.rglob("*") if p.name.startswith(".")]


def test_no_temporary_files_are_left_behind(content_repo, capsys):
    run(content_repo, "rollover", "provstaden", str(YEAR), capsys=capsys)
    assert not [p for p in content_repo.rglob("*") if p.name.startswith(".")]


def test_rollover_of_the_sample_corpus_keeps_every_other_byte(tmp_path, capsys):
    copy_sample(tmp_path)
    before = snapshot(tmp_path)
    for board in ("hagersten-liljeholmen", "enskede-arsta-vantor"):
        code, _, err = run(tmp_path, "rollover", board, str(YEAR), capsys=capsys)
        assert (code, err) == (0, "")
    result = check_tree(tmp_path)
    assert result.problems == []
    assert all(g.draft and g.valid_from == dt.date(YEAR, 1, 1) for g in result.corpus.guarantees)
    after = snapshot(tmp_path)
    for name, old in before.items():
        removed = [line for line in old.decode().splitlines() if line not in after[name].decode().splitlines()]
        assert all(line.strip().startswith(("from:", "to:", "draft:")) for line in removed), (name, removed)


def test_rollover_never_moves_a_board_backwards(content_repo, capsys):
    """`garanti rollover BOARD <earlier year>` used to rewrite 2026 guarantees to 2025 without a word."""
    before = snapshot(content_repo)
    code, out, err = run(content_repo, "rollover", "provstaden", str(dt.date.today().year - 1), capsys=capsys)
    assert code == 1 and out == ""
    assert "gäller redan från 2026-01-01" in err and "flyttar bara garantierna framåt" in err
    assert "Inget har ändrats" in err
    assert snapshot(content_repo) == before


def test_rollover_leaves_files_git_does_not_track(content_repo, capsys):
    """An untracked guarantee is someone's unsaved work: rollover must not rewrite it (and sweep it into its commit)."""
    repo = Repo.init(content_repo)
    repo.git("add", HOME, BOARD)
    repo.git("commit", "-q", "-m", "tracked")
    untracked_before = (content_repo / PRESCHOOL).read_bytes()
    code, out, err = run(content_repo, "rollover", "provstaden", str(YEAR), capsys=capsys)
    assert code == 0, err
    assert (content_repo / PRESCHOOL).read_bytes() == untracked_before
    assert f"{PRESCHOOL}: inte sparad i git, lämnas orörd" in out
    assert f"{HOME}: giltighetstid" in out


def test_after_the_rollover_of_a_board_without_approval_tags_its_follow_ups_stay_checkable(tmp_path, capsys):
    """Issue 21, item 1: a board's first year with the system has no approval tag. After
    `garanti rollover` its follow-ups of the year are matched against the guarantees as git
    recorded them before the rollover: the check passes and the paper lists no follow-up as broken."""
    board = "hagersten-liljeholmen"
    repo = Repo.init(copy_sample(tmp_path))
    repo.commit("Garantierna 2026", date=None)
    follow_ups = sorted(
        path.relative_to(tmp_path).as_posix()
        for path in (tmp_path / "guarantees" / board).glob("*/*.uppfoljning-2026.yml")
    )
    assert len(follow_ups) == 5
    assert run(tmp_path, "rollover", board, "2027", capsys=capsys)[0] == 0
    code, out, _ = run(tmp_path, "check", f"{tmp_path}/guarantees/{board}", capsys=capsys)
    assert (code, out) == (0, "Allt stämmer: 21 filer kontrollerade, inga fel.\n")
    repo.commit("Garantierna inför 2027", date=None)
    code, out, _ = run(tmp_path, "check", capsys=capsys)
    assert code == 0, out
    code, out, err = run(tmp_path, "report", board, "--arbetsutkast", capsys=capsys)
    assert code == 0, err
    assert "fel:" not in out + err
    listed = out[out.index("## Uppföljningar") : out.index("## Förändringar per enhet")]
    assert listed.count(", 2026") == 5  # every follow-up is in the paper, matched (one of them a draft)


def test_a_finished_guarantee_already_made_for_the_year_is_left_as_it_is(content_repo, capsys):
    """Issue 21, item 7: a unit created for the coming year and finished (its draft line removed)
    was marked as a draft again by the rollover."""
    code, _, err = garanti_new(
        content_repo,
        "provstaden/aldreomsorg/nya-hemtjansten",
        "Nya hemtjänsten",
        "hemtjänst",
        "--year",
        str(YEAR),
        capsys=capsys,
    )
    assert code == 0, err
    path = content_repo / "guarantees/provstaden/aldreomsorg/nya-hemtjansten.md"
    text = path.read_text(encoding="utf-8").replace("draft: true\n", "").replace("Skriv här", "Vi lovar")
    path.write_text(text.replace('"08-508 00 000"', '"08-508 11 112"'), encoding="utf-8")
    assert check_tree(content_repo).problems == []
    finished = path.read_bytes()
    code, out, err = run(content_repo, "rollover", "provstaden", str(YEAR), capsys=capsys)
    assert (code, err) == (0, "")
    assert path.read_bytes() == finished
    assert (
        f"  guarantees/provstaden/aldreomsorg/nya-hemtjansten.md: gäller redan {YEAR} och är inte utkast: "
        "lämnas som den är"
    ) in out
    assert f"{HOME}: giltighetstid 2026-01-01–2026-12-31 → {YEAR}-01-01–{YEAR}-12-31" in out
    assert "2 av 3 garantier ändrade." in out
    code, out, _ = run(content_repo, "rollover", "provstaden", str(YEAR), capsys=capsys)
    assert code == 0 and f"Inget att ändra: alla 3 garantier gäller redan {YEAR}." in out


@pytest.fixture
def immutable():
    """Files made immutable (chattr +i: not even root may replace them), made ordinary again after the test."""
    made: list[Path] = []

    def make(path: Path) -> None:
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"chattr +i is not allowed here ({done.stderr.strip()}): it needs root on ext4 or the like")
        made.append(path)

    yield make
    for path in made:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.mark.parametrize("refused", ["the file: its rename fails", "its folder: its staging fails"])
def test_a_write_failing_half_way_leaves_every_file_as_it_was(content_repo, capsys, immutable, refused):
    # The preschool comes second in the writing order, and the system refuses to write it (or
    # anything in its folder): the home care, renamed into place or staged by then, is put back or
    # dropped.
    immutable(content_repo / PRESCHOOL if refused.startswith("the file") else (content_repo / PRESCHOOL).parent)
    os.utime(content_repo / HOME, (0, 0))  # so that a file written again shows it
    before = snapshot(content_repo)
    code, said, err = run(content_repo, "rollover", "provstaden", str(YEAR), capsys=capsys)
    assert code == 1, err
    assert f"{PRESCHOOL} kunde inte skrivas (du får inte skriva där). Inget har ändrats." in err
    assert "oväntat fel" not in err and said == ""
    assert snapshot(content_repo) == before  # every file as before, no temporary file left
    assert not [p for p in content_repo.rglob("*") if p.name.startswith(".")]
    rewritten = (content_repo / HOME).stat().st_mtime > 0
    assert rewritten == refused.startswith("the file")  # replaced, then put back; or never replaced
