"""Opening hours and visiting times: the contact's structured lines (issue 25, item 9),
checked with Swedish messages at their line, carried by the model, and not copied by
`garanti new` from a board's default contact."""

from __future__ import annotations

import pytest

from garanti.content import check_tree
from garanti.fields import front_matter
from garanti.model import Hours

from ..helpers import garanti_new
from ..samples import BOARD, HOME

ADDRESS = "  address: Provgatan 1, 123 45 Stockholm\n"


def _with_hours(root, hours: str) -> None:
    path = root / HOME
    path.write_text(path.read_text(encoding="utf-8").replace(ADDRESS, ADDRESS + hours), encoding="utf-8")


def test_hours_are_read_into_the_model_and_given_back_as_written(content_repo):
    _with_hours(
        content_repo,
        "  opening_hours:\n    - days: Måndag–fredag\n      time: 8.00–16.30\n"
        "  visiting_hours:\n    - days: Alla dagar\n      time: Hela dagen\n",
    )
    checked = check_tree(content_repo)
    assert checked.problems == []
    home = next(g for g in checked.corpus.guarantees if g.slug == "provstadens-hemtjanst")
    assert home.contact.opening_hours == (Hours("Måndag–fredag", "8.00–16.30"),)
    assert home.contact.visiting_hours == (Hours("Alla dagar", "Hela dagen"),)
    assert front_matter(home)["contact"]["opening_hours"] == [{"days": "Måndag–fredag", "time": "8.00–16.30"}]


@pytest.mark.parametrize(
    "hours, message",
    [
        ("  opening_hours:\n    - days: Måndag–fredag\n", ':16:7: Fältet "time" (tid) saknas. Lägg till det.'),
        (
            "  opening_hours:\n    - days: Måndag–fredag\n      time: 8.30\n",
            ':17:13: Tid ska vara en text, men YAML läser 8.30 som ett tal. Sätt värdet inom citattecken: "8.30".',
        ),
        (
            "  opening_hours:\n    - days: Måndag–fredag\n      tid: 8–16\n      time: 8–16\n",
            ':17:7: Okänd nyckel "tid". Menade du "time"?',
        ),
        ("  opening_hours: Måndag–fredag 8–16\n", ':15:18: Öppettider ska vara en lista (rader som börjar med "- ").'),
        ("  visiting_hours:\n    - days: Alla dagar\n      time: <b>hela dagen</b>\n", ":17:13: HTML är inte tillåtet"),
    ],
)
def test_hours_written_wrong_are_said_in_swedish_at_their_line(content_repo, hours, message):
    _with_hours(content_repo, hours)
    problems = [str(problem) for problem in check_tree(content_repo).problems]
    assert len(problems) == 1 and message in problems[0], problems


def test_a_new_guarantee_does_not_copy_the_boards_opening_hours(content_repo, capsys):
    board = content_repo / BOARD
    board.write_text(
        board.read_text(encoding="utf-8").replace(
            "    email: provstaden@stockholm.se\n",
            "    email: provstaden@stockholm.se\n    opening_hours:\n      - days: Vardagar\n        time: 8–16\n",
        ),
        encoding="utf-8",
    )
    assert check_tree(content_repo).problems == []
    code, out, err = garanti_new(
        content_repo, "provstaden/aldreomsorg/nya-hemtjansten", "Nya hemtjänsten", "hemtjänst", capsys=capsys
    )
    assert code == 0, err
    written = (content_repo / "guarantees/provstaden/aldreomsorg/nya-hemtjansten.md").read_text(encoding="utf-8")
    assert "provstaden@stockholm.se" in written and "opening_hours" not in written
    assert check_tree(content_repo).problems == []
