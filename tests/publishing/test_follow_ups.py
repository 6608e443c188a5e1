"""A follow-up reaches the published site only when its board's approval tag covers it (issue 14, item 2).

Real git repositories, real annotated tags made by `garanti tag`, a real `garanti publish`
(mkdocs build --strict); what is published is read from the published open data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from garanti.content import check_tree
from garanti.dates import TODAY_VARIABLE
from garanti.layout import decision_content_dir
from garanti.publishing import ALLOW_UNVERIFIED as UNVERIFIED
from garanti.publishing.build import stage
from garanti.publishing.plan import plan as plan_of
from garanti.site import paths

from ..repos import Repo, make_repo
from ..samples import (
    FIRST,
    NORRA_HOME,
    NORRA_PRESCHOOL,
    PRESCHOOL_COMMITMENTS,
    SECOND,
    SODRA_HOME,
    follow_up_path,
    follow_up_text,
    home_care_unit,
)


def follow_up(complaints: int = 4, draft: bool = False, first: str = FIRST) -> str:
    return follow_up_text(
        [(first, "uppfyllt"), (SECOND, "inte uppfyllt", "Vi glömde ringa i januari.")],
        count=1,
        complaints=complaints,
        draft=draft,
    )


PRESCHOOL_FOLLOW_UP = follow_up_text(
    [(text, "uppfyllt") for _, text in PRESCHOOL_COMMITMENTS[:2]], count=0, complaints=0, draft=True
)


DRAFT_UNIT = "guarantees/norra/aldreomsorg/norra-utkast.md"
# A second home-care team of norra, approved with its guarantee; its follow-up is written after the tag.
LATER_UNIT = "guarantees/norra/aldreomsorg/norra-hemtjanst-vast.md"
LATER_COMMENT = "Skrivet efter beslutet, inte fastställt."


def later_follow_up() -> str:
    """Every commitment kept ("2 av 2"), so that its count would show if it leaked."""
    return follow_up_text([(FIRST, "uppfyllt", LATER_COMMENT), (SECOND, "uppfyllt")], count=0, complaints=0)


def published_follow_ups(site: Path) -> dict[tuple[str, int], dict]:
    data = json.loads((site / "oppna-data" / "uppfoljningar.json").read_text(encoding="utf-8"))
    return {(record["unit"], record["year"]): record for record in data}


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Repo, Path, str]:
    """norra approves a follow-up, a draft follow-up and the follow-up of a draft unit; then,
    after the tags, a follow-up is changed, and sodra and a second team of norra get one:
    none of that is approved."""
    base = tmp_path_factory.mktemp("uppfoljning")
    repo = make_repo(base / "repo")
    repo.write(follow_up_path(NORRA_HOME), follow_up(complaints=4))
    repo.write(follow_up_path(NORRA_PRESCHOOL), PRESCHOOL_FOLLOW_UP)
    repo.write(DRAFT_UNIT, home_care_unit("Norrstadens utkastenhet", draft=True))
    repo.write(follow_up_path(DRAFT_UNIT), follow_up())
    repo.write(LATER_UNIT, home_care_unit("Norrstadens hemtjänst väst"))
    repo.commit("Uppföljningar 2026")
    with pytest.MonkeyPatch.context() as env:
        env.setenv(TODAY_VARIABLE, "2026-11-24")
        assert repo.approve("norra", "2026-01-22") == 0
        assert repo.approve("sodra", "2026-02-19") == 0
    message = repo.git("tag", "-l", "--format=%(contents)", "norra/2026-01-22")
    repo.write(follow_up_path(NORRA_HOME), follow_up(complaints=9))
    repo.write(follow_up_path(SODRA_HOME), follow_up())
    repo.write(follow_up_path(LATER_UNIT), later_follow_up())
    repo.commit("Efter besluten")
    out = base / "site"
    assert repo.garanti("publish", "--out", str(out), UNVERIFIED) == 0
    return repo, out, message


def test_only_the_approved_non_draft_follow_up_is_published(published):
    _, site, _ = published
    assert list(published_follow_ups(site)) == [("norra-hemtjanst", 2026)]


def test_a_change_after_the_tag_waits_for_the_next_decision(published):
    _, site, _ = published
    record = published_follow_ups(site)[("norra-hemtjanst", 2026)]
    assert record["complaints"] == 4  # 9 was written after the tag
    assert record["approval"] == {"date": "2026-01-22", "case_number": "NS-2025/1234", "paragraph": "§ 14"}


def test_drafts_and_follow_ups_of_draft_units_are_not_even_staged(published, tmp_path, monkeypatch):
    repo, _, _ = published
    monkeypatch.setenv(TODAY_VARIABLE, "2026-11-24")
    plan = plan_of(repo.root, without_approvers=True)
    staging = tmp_path / "tree"
    stage(repo.root, plan, staging)
    approved = staging / decision_content_dir("norra", "2026-01-22")
    staged = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*.uppfoljning-*.yml"))
    assert staged == [
        f"{decision_content_dir('norra', '2026-01-22')}/"
        "guarantees/norra/aldreomsorg/norra-hemtjanst.uppfoljning-2026.yml"
    ]
    corpus = check_tree(approved).corpus
    assert [(f.unit, f.complaints, f.draft) for f in corpus.follow_ups] == [("norra-hemtjanst", 4, False)]


def test_the_tag_counts_the_follow_ups_it_publishes(published):
    _, _, message = published
    assert "Garantier som publiceras: 3." in message
    assert "Uppföljningar som publiceras: 1." in message


def test_garanti_tag_says_how_many_follow_ups_it_approves(tmp_path, capsys):
    repo = make_repo(tmp_path / "repo")
    repo.write(follow_up_path(NORRA_HOME), follow_up())
    repo.commit("Uppföljning 2026")
    assert repo.approve("norra", "2026-01-22") == 0
    assert "2 garantier och 1 uppföljning fastställda." in capsys.readouterr().out


def test_garanti_tag_says_a_draft_follow_up_is_left_out(tmp_path, capsys):
    """A draft follow-up is not counted with the draft guarantees, where the secretary would take it
    for one of them; a finished one and a draft one of the same board."""
    repo = make_repo(tmp_path / "repo")
    repo.write(follow_up_path(NORRA_HOME), follow_up())
    repo.write(follow_up_path(NORRA_PRESCHOOL), PRESCHOOL_FOLLOW_UP)
    repo.write(DRAFT_UNIT, home_care_unit("Norrstadens utkastenhet", draft=True))
    repo.commit("Uppföljningar 2026")
    assert repo.approve("norra", "2026-01-22") == 0
    assert (
        "2 garantier och 1 uppföljning fastställda (1 utkast och 1 uppföljning som är utkast publiceras inte)."
        in capsys.readouterr().out
    )


def test_a_follow_up_changed_after_the_paper_stops_the_tag(tmp_path, capsys):
    repo = make_repo(tmp_path / "repo")
    repo.write(follow_up_path(NORRA_HOME), follow_up(complaints=4))
    paper = repo.commit("Uppföljning 2026")
    repo.write(follow_up_path(NORRA_HOME), follow_up(complaints=5))
    repo.commit("Ett klagomål till")
    assert repo.approve("norra", "2026-01-22", paper=paper) == 1
    err = capsys.readouterr().err
    assert "Texten har ändrats efter bilagan för: Norrstadens hemtjänst, uppföljning 2026." in err


def test_a_follow_up_that_does_not_match_its_guarantee_stops_the_tag(tmp_path, capsys):
    repo = make_repo(tmp_path / "repo")
    repo.write(follow_up_path(NORRA_HOME), follow_up(first="Du får en kontaktperson inom en vecka."))
    repo.commit("Uppföljning 2026")
    assert repo.approve("norra", "2026-01-22") == 1
    assert "Åtagandet finns inte i garantin för 2026" in capsys.readouterr().err


def test_after_the_rollover_the_follow_up_of_the_past_year_is_approved_and_published(tmp_path, capsys):
    """December: the board approves next year's guarantees and this year's follow-ups together;
    the follow-up is matched against the guarantee approved for its year at the earlier tag."""
    repo = make_repo(tmp_path / "repo")
    assert repo.approve("norra", "2026-01-22") == 0
    path = repo.root / NORRA_HOME
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("2026-", "2027-")
        .replace(FIRST, "Du får en kontaktperson inom en vecka."),
        encoding="utf-8",
    )
    # Naming the 2027 text is following up a promise that was never made for 2026.
    repo.write(follow_up_path(NORRA_HOME), follow_up(first="Du får en kontaktperson inom en vecka."))
    repo.commit("Garantin 2027 och uppföljningen 2026, med fel åtagande")
    with pytest.MonkeyPatch.context() as env:
        env.setenv(TODAY_VARIABLE, "2026-12-11")
        assert repo.approve("norra", "2026-12-10") == 1
        assert "i taggen norra/2026-01-22); har garantins text ändrats?" in capsys.readouterr().err
        repo.write(follow_up_path(NORRA_HOME), follow_up())
        repo.commit("Uppföljningen 2026 rättad")
        assert repo.approve("norra", "2026-12-10") == 0, capsys.readouterr().err
        assert repo.garanti("publish", "--out", str(tmp_path / "site"), UNVERIFIED) == 0, capsys.readouterr().err
    record = published_follow_ups(tmp_path / "site")[("norra-hemtjanst", 2026)]
    assert [r["commitment"] for r in record["results"]] == [FIRST, SECOND]


def published_page(site: Path, unit_path: str) -> str:
    """A unit's published guarantee page (guarantees/<board>/<dept>/<unit>.md → <board>/<unit>/)."""
    board, _, unit = unit_path.removeprefix("guarantees/").removesuffix(".md").split("/")
    return (site / board / unit / "index.html").read_text(encoding="utf-8")


def test_the_guarantee_page_shows_so_it_went_only_as_the_tag_approved_it(published):
    _, site, _ = published
    page = published_page(site, NORRA_HOME)
    assert "Så gick det 2026" in page
    assert "Vi fick 4 klagomål." in page and "9 klagomål" not in page  # 9 came after the tag
    assert "Vi glömde ringa i januari." in page


def test_no_so_it_went_for_an_unapproved_or_draft_follow_up(published):
    _, site, _ = published
    for unit in (SODRA_HOME, NORRA_PRESCHOOL):  # written after sodra's tag; a draft
        page = published_page(site, unit)
        assert "garanti-uppfoljning" not in page and "Så gick det" not in page
    assert "uppfyllda" not in (site / "sodra" / "aldreomsorg" / "index.html").read_text(encoding="utf-8")
    norra_list = (site / "norra" / "aldreomsorg" / "index.html").read_text(encoding="utf-8")
    assert "1 av 2 åtaganden uppfyllda 2026" in norra_list
    assert "2 av 2" not in norra_list and "Norrstadens hemtjänst väst" in norra_list  # its follow-up came after the tag


def test_the_comparison_page_compares_only_what_the_tag_approved(published):
    """The comparison of norra's home care shows the approved follow-up as approved, and the
    second team by its commitments only: its follow-up, written after the tag, is not there."""
    _, site, _ = published
    page = (site / paths.url_of(paths.comparison_page("norra", "hemtjänst")) / "index.html").read_text(encoding="utf-8")
    assert 'id="enhet-norra-hemtjanst"' in page and 'id="enhet-norra-hemtjanst-vast"' in page
    assert "norra-utkast" not in page  # a draft unit
    assert "Vi glömde ringa i januari." in page and "<td>4 klagomål</td>" in page
    assert "9 klagomål" not in page  # the approved follow-up's later change
    assert LATER_COMMENT not in page and "<strong>2 av 2</strong>" not in page
    assert page.count("Ingen uppföljning publicerad ännu") == 1
    assert not (
        site / paths.url_of(paths.comparison_page("sodra", "hemtjänst"))
    ).exists()  # one unit: nothing to compare
