"""The mistakes editors make, each with the message it must get (the table: tests/mistakes.py),
and what they write on purpose, which must stay accepted."""

from __future__ import annotations

import pytest

from garanti.content import check_tree

from ..helpers import garanti_new
from ..mistakes import ACCEPTED, MISTAKES, Mistake, make_edits


@pytest.mark.parametrize("mistake", MISTAKES, ids=[mistake.name for mistake in MISTAKES])
def test_a_mistake_gets_its_message(mistake: Mistake, tmp_path):
    problems = [str(problem) for problem in check_tree(mistake.make(tmp_path)).problems]
    assert problems, "the mistake was accepted"
    if mistake.only:
        assert len(problems) == 1, problems
    first = problems[0]
    position = f"{mistake.path}:{mistake.where}: " if mistake.where else f"{mistake.path}:"
    assert first.startswith(position), first
    if mistake.whole:
        assert first == position + mistake.words[0], first
    for word in mistake.words:
        assert word in first, first
    for word in mistake.absent:
        assert word not in first, first


@pytest.mark.parametrize("path, edits", [case[1:] for case in ACCEPTED], ids=[case[0] for case in ACCEPTED])
def test_what_is_right_stays_accepted(content_repo, path, edits):
    """The rules do not refuse what editors write on purpose."""
    make_edits(content_repo, path, edits)
    assert [str(problem) for problem in check_tree(content_repo).problems] == []


def test_placeholders_from_new_are_refused_once_not_a_draft(content_repo, capsys):
    code, _, err = garanti_new(
        content_repo, "provstaden/aldreomsorg/nya-hemtjansten", "Nya hemtjänsten", "hemtjänst", capsys=capsys
    )
    assert code == 0, err
    path = content_repo / "guarantees/provstaden/aldreomsorg/nya-hemtjansten.md"
    assert check_tree(content_repo).problems == []  # a draft may keep them
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").split("\n")
    problems = [str(problem) for problem in check_tree(content_repo).problems]
    placeholder_lines = [
        number
        for number, line in enumerate(lines, 1)
        if ("Skriv här" in line or '"08-508 00 000"' in line) and not line.lstrip().startswith("#")
    ]
    first_placeholder = placeholder_lines[0]
    assert problems[0].startswith(f"guarantees/provstaden/aldreomsorg/nya-hemtjansten.md:{first_placeholder}:")
    assert "Texten är kvar från mallen som garanti new skapade" in problems[0]
    assert "draft: true" in problems[0]
    # every placeholder line (the placeholder phone number too), and the body, is named
    assert [int(problem.split(":")[1]) for problem in problems] == placeholder_lines
