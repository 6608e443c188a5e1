"""`garanti uppfoljning`: the scaffold an editor fills in, touching only texts and numbers (issue 14, item 1)."""

from __future__ import annotations

import re

import pytest

from garanti.content import check_tree
from garanti.model import RESULTS

from .. import samples
from ..helpers import run
from ..repos import make_repo
from ..samples import FIRST, NORRA_HOME, SECOND

HOME = samples.HOME.removesuffix(".md")
PRESCHOOL = samples.PRESCHOOL.removesuffix(".md")

TARGET = "provstaden/aldreomsorg/provstadens-hemtjanst"
FILE = f"{HOME}.uppfoljning-2026.yml"


pytestmark = pytest.mark.usefixtures("follow_up_season")


def fill_in(text: str, result: str = RESULTS[0]) -> str:
    """What the editor does: a word after each result:, numbers after count: and complaints:, draft line gone."""
    text = text.replace("    result:\n", f"    result: {result}\n").replace("  count:\n", "  count: 2\n")
    text = text.replace("complaints:\n", "complaints: 7\n")
    return re.sub(r"(?m)^draft: true\n", "", text)


def test_the_scaffold_holds_every_commitment_as_a_draft_that_passes_the_check(content_repo, capsys):
    code, out, err = run(content_repo, "uppfoljning", TARGET, "2026", capsys=capsys)
    assert code == 0, err
    assert out.startswith(
        f"Skapade {FILE}\nUppföljningen är ett utkast (draft: true) med 2 åtaganden ur garantin för 2026"
    )
    text = (content_repo / FILE).read_text(encoding="utf-8")
    assert f'  - commitment: "{FIRST}"\n    result:\n    comment:\n' in text
    assert f'  - commitment: "{SECOND}"\n' in text
    assert "\ndraft: true\n" in text
    result = check_tree(content_repo)
    assert result.ok
    assert result.unfinished_follow_ups == [FILE]  # it passes, but is shown nowhere until filled in


def test_filling_in_words_and_numbers_is_all_it_takes(content_repo, capsys):
    run(content_repo, "uppfoljning", TARGET, "2026", capsys=capsys)
    path = content_repo / FILE
    path.write_text(fill_in(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = check_tree(content_repo)
    assert result.ok, [str(p) for p in result.problems]
    [loaded] = result.corpus.follow_ups
    assert ([r.text for r in loaded.results], loaded.kept, loaded.corrections, loaded.complaints, loaded.draft) == (
        [FIRST, SECOND],
        2,
        2,
        7,
        False,
    )


def test_a_result_not_kept_without_a_comment_is_caught_once_the_draft_line_goes(content_repo, capsys):
    run(content_repo, "uppfoljning", TARGET, "2026", capsys=capsys)
    path = content_repo / FILE
    path.write_text(fill_in(path.read_text(encoding="utf-8"), RESULTS[2]), encoding="utf-8")
    problems = check_tree(content_repo).problems
    assert len(problems) == 2 and all("skriv en kort kommentar" in p.message for p in problems)


def test_a_preschool_scaffold_carries_the_areas(content_repo, capsys):
    code, _, _ = run(content_repo, "uppfoljning", "provstaden/forskola/provstadens-forskolor", "2026", capsys=capsys)
    assert code == 0
    text = (content_repo / f"{PRESCHOOL}.uppfoljning-2026.yml").read_text(encoding="utf-8")
    assert text.count("    area: ") == 5 and '    area: "Samverkan"\n' in text


def test_the_scaffold_never_overwrites(content_repo, capsys):
    run(content_repo, "uppfoljning", TARGET, "2026", capsys=capsys)
    path = content_repo / FILE
    path.write_text(fill_in(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = path.read_bytes()
    code, _, err = run(content_repo, "uppfoljning", TARGET, "2026", capsys=capsys)
    assert code == 1
    assert err == f"garanti uppfoljning: {FILE} finns redan. Den skrivs aldrig över.\n"
    assert path.read_bytes() == before


def test_the_scaffold_refuses_a_unit_without_a_guarantee_and_a_bad_year(content_repo, capsys):
    code, _, err = run(
        content_repo, "uppfoljning", "provstaden/aldreomsorg/provstadens-hemtjans", "2026", capsys=capsys
    )
    assert code == 1
    assert err.startswith(
        "garanti uppfoljning: Garantin guarantees/provstaden/aldreomsorg/provstadens-hemtjans.md finns inte."
    )
    code, _, err = run(content_repo, "uppfoljning", TARGET, "tjugo", capsys=capsys)
    assert code == 1 and '"tjugo" är inget årtal' in err
    code, _, err = run(content_repo, "uppfoljning", "provstaden/provstadens-hemtjanst", "2026", capsys=capsys)
    assert code == 2 and "ska skrivas NÄMND/AVDELNING/ENHET" in err
    assert not list((content_repo / "guarantees").rglob("*.yml"))[1:]  # only board.yml


def test_after_the_rollover_the_scaffold_takes_the_commitments_approved_for_the_year(tmp_path, capsys):
    repo = make_repo(tmp_path / "repo")
    repo.tag("norra/2026-01-22")
    path = repo.root / NORRA_HOME
    path.write_text(
        path.read_text(encoding="utf-8").replace("2026-", "2027-").replace("inom två veckor", "inom en vecka"),
        encoding="utf-8",
    )
    repo.commit("Garantin för 2027")
    code, out, err = run(repo.root, "uppfoljning", "norra/aldreomsorg/norra-hemtjanst", "2026", capsys=capsys)
    assert code == 0, err
    assert f"ur garantin för 2026 ({NORRA_HOME} i taggen norra/2026-01-22)" in out
    text = (repo.root / NORRA_HOME.replace(".md", ".uppfoljning-2026.yml")).read_text(encoding="utf-8")
    assert "Du får en kontaktperson inom två veckor." in text and "inom en vecka" not in text
    code, _, err = run(repo.root, "uppfoljning", "norra/aldreomsorg/norra-hemtjanst", "2025", capsys=capsys)
    assert code == 1 and "Hittar ingen garanti för 2025 att följa upp" in err
