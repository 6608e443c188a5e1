"""The city's kvalitetsutmärkelse in a guarantee (issue 33, item 4): read into the model with its
board decision (a meeting's shape), given back as the schema orders it, and refused in Swedish at
its line when the decision's date is no day, a year stands twice or an outcome is not the schema's."""

from __future__ import annotations

import datetime as dt

import pytest

from garanti import fields
from garanti.content import check_tree
from garanti.model import Meeting, QualityAward

from ..helpers import REPO_ROOT, run
from ..samples import HOME

CONTACT_END = "  address: Provgatan 1, 123 45 Stockholm\n"


def _with_award(root, award: str) -> None:
    """provstaden's home care with the award's lines after its contact (line 15 on)."""
    path = root / HOME
    path.write_text(path.read_text(encoding="utf-8").replace(CONTACT_END, CONTACT_END + award), encoding="utf-8")


WON_AND_ENTERED = (
    "quality_award:\n"
    "  - year: 2017\n"
    "    outcome: tilldelades\n"
    "    category: Verksamheter inom äldreomsorg\n"
    "    decision:\n"
    "      date: 2017-06-15\n"
    "      case_number: PS-2017/412\n"
    '      paragraph: "§ 12"\n'
    "      minutes: https://start.stockholm/protokoll/provstaden-2017-06-15/\n"
    "  - year: 2015\n"
    "    decision:\n"
    "      date: 2015-06-11\n"
)


def test_the_award_is_read_oldest_first_and_given_back_in_the_schemas_order(content_repo):
    _with_award(content_repo, WON_AND_ENTERED)
    checked = check_tree(content_repo)
    assert checked.problems == []
    home = next(g for g in checked.corpus.guarantees if g.slug == "provstadens-hemtjanst")
    assert home.quality_award == (
        QualityAward(2015, Meeting(dt.date(2015, 6, 11))),
        QualityAward(
            2017,
            Meeting(
                dt.date(2017, 6, 15), "PS-2017/412", "§ 12", "https://start.stockholm/protokoll/provstaden-2017-06-15/"
            ),
            "tilldelades",
            "Verksamheter inom äldreomsorg",
        ),
    )
    assert home.quality_award[1].decision.reference == "dnr PS-2017/412, § 12"
    written = fields.front_matter(home)["quality_award"]
    assert written == [
        {"year": 2015, "decision": {"date": "2015-06-11"}},
        {
            "year": 2017,
            "outcome": "tilldelades",
            "category": "Verksamheter inom äldreomsorg",
            "decision": {
                "date": "2017-06-15",
                "case_number": "PS-2017/412",
                "paragraph": "§ 12",
                "minutes": "https://start.stockholm/protokoll/provstaden-2017-06-15/",
            },
        },
    ]
    assert fields.csv_cells(fields.front_matter(home), home.body)["quality_award"] == (
        "2015: 2015-06-11 | 2017: tilldelades: Verksamheter inom äldreomsorg: 2017-06-15, PS-2017/412, § 12, "
        "https://start.stockholm/protokoll/provstaden-2017-06-15/"
    )


def test_a_guarantee_without_the_award_has_none(content_repo):
    home = next(g for g in check_tree(content_repo).corpus.guarantees if g.slug == "provstadens-hemtjanst")
    assert home.quality_award == ()
    assert fields.front_matter(home)["quality_award"] is None


def test_the_sample_records_hagerstens_gruppbostaders_2015_participation_as_the_seed_has_it(sample_corpus):
    """The board approved taking part on 2015-06-11; the seed gives no case number, paragraph or outcome."""
    unit = next(g for g in sample_corpus.guarantees if g.slug == "hagerstens-gruppbostader")
    assert unit.quality_award == (QualityAward(2015, Meeting(dt.date(2015, 6, 11))),)
    assert check_tree(REPO_ROOT).problems == []


@pytest.mark.parametrize(
    "award, message",
    [
        (
            "quality_award:\n  - year: 2015\n    decision:\n      date: 2015-06-31\n",
            ":18:13: 2015-06-31 är inget riktigt datum. Kontrollera månad och dag.",
        ),
        (
            "quality_award:\n  - year: 2015\n    decision:\n      date: 2015-06-11\n"
            "  - year: 2015\n    outcome: deltog\n    decision:\n      date: 2015-06-11\n",
            ":19:11: Året 2015 står två gånger under quality_award (kvalitetsutmärkelsen). Skriv varje år en gång, "
            "med det utfall och beslut som gäller.",
        ),
        (
            "quality_award:\n  - year: 2015\n    outcome: vann\n    decision:\n      date: 2015-06-11\n",
            ':17:14: "vann" är inte ett tillåtet värde för utfall. Välj ett av: "deltog", "tilldelades".',
        ),
        ("quality_award:\n  - year: 2015\n", ':16:5: Fältet "decision" (nämndens beslut) saknas. Lägg till det.'),
        (
            "quality_award:\n  - year: 2015\n    decision:\n      date: 2015-06-11\n      dnr: HL-2015/1\n",
            ':19:7: Okänd nyckel "dnr".',
        ),
    ],
)
def test_a_wrong_award_is_refused_in_swedish_at_its_line(content_repo, capsys, award, message):
    _with_award(content_repo, award)
    code, out, _ = run(content_repo, "check", capsys=capsys)
    assert code == 1
    assert f"guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md{message}" in out, out
    assert "Traceback" not in out


@pytest.mark.parametrize(
    "award, message",
    [
        (
            "quality_award:\n  - year: [1]\n    decision:\n      date: 2015-01-01\n"
            "  - year: [1]\n    decision:\n      date: 2015-01-01\n",
            ":16:11: ",
        ),
        (
            "quality_award:\n  - year: 2015.0\n    decision:\n      date: 2015-06-11\n",
            ":16:11: Året ska vara ett heltal",
        ),
        ("quality_award:\n  - year: true\n    decision:\n      date: 2015-06-11\n", ":16:11: "),
        (
            "quality_award:\n  - year: 2026\n    decision:\n      date: 2026-06-02\n",
            ":18:13: Beslutet 2026-06-02 ligger efter i dag",
        ),
        (
            "quality_award:\n  - year: 2027\n    decision:\n      date: 2026-05-02\n",
            ":16:11: Året 2027 har inte börjat än",
        ),
    ],
)
def test_an_award_s_year_is_a_whole_year_not_after_this_one_and_its_decision_taken(
    content_repo, capsys, monkeypatch, award, message
):
    """A list, a float or a boolean as the year is refused at its line (a list twice crashed the duplicate
    check); so are a decision dated after today and a year after this one."""
    monkeypatch.setenv("GARANTI_TODAY", "2026-06-01")
    _with_award(content_repo, award)
    code, out, err = run(content_repo, "check", capsys=capsys)
    assert code == 1, out + err
    assert f"guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md{message}" in out, out
    assert "Traceback" not in out + err
