"""`garanti new`: a scaffold that passes the check at once, and every refusal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from garanti import schemas, untrusted_yaml
from garanti.cli import main
from garanti.content import check_tree, split_front_matter
from garanti.editing import yaml_quote
from garanti.model import PLACEHOLDER, PLACEHOLDER_PHONE

from ..helpers import garanti_new, run, snapshot, write
from ..samples import BOARD_YML

NEXT_YEAR = dt.date.today().year + 1


def front(path: Path) -> dict:
    text, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return untrusted_yaml.load(text)[0]


def test_new_home_care_unit_passes_the_check_as_written(content_repo, capsys):
    code, out, err = garanti_new(
        content_repo, "provstaden/aldreomsorg/solgardens-hemtjanst", "Solgårdens hemtjänst", "hemtjänst", capsys=capsys
    )
    assert (code, err) == (0, "")
    path = content_repo / "guarantees/provstaden/aldreomsorg/solgardens-hemtjanst.md"
    assert "Skapade guarantees/provstaden/aldreomsorg/solgardens-hemtjanst.md" in out
    assert "garanti check guarantees/provstaden/aldreomsorg/solgardens-hemtjanst.md" in out
    result = check_tree(content_repo)
    assert result.problems == []
    guarantee = next(g for g in result.corpus.guarantees if g.slug == "solgardens-hemtjanst")
    assert guarantee.draft is True
    assert guarantee.title == "Solgårdens hemtjänst"
    assert (guarantee.valid_from, guarantee.valid_to) == (dt.date(NEXT_YEAR, 1, 1), dt.date(NEXT_YEAR, 12, 31))
    assert all(c.text.startswith(PLACEHOLDER) for c in guarantee.commitments)
    assert guarantee.correction.startswith(PLACEHOLDER) and guarantee.body.startswith(PLACEHOLDER)
    # The board has a complaints text and a contact: the unit starts from them.
    assert guarantee.complaints == "Tala med personalen eller lämna synpunkter på stockholm.se."
    assert guarantee.contact.email == "provstaden@stockholm.se"
    assert "complaints" not in front(path)


def test_new_preschool_lays_out_the_five_curriculum_areas(content_repo, capsys):
    code, _, _ = garanti_new(
        content_repo, "provstaden/forskola/ekens-forskola", "Ekens förskola", "förskola", capsys=capsys
    )
    assert code == 0
    result = check_tree(content_repo)
    assert result.problems == []
    guarantee = next(g for g in result.corpus.guarantees if g.slug == "ekens-forskola")
    assert [c.area for c in guarantee.commitments] == schemas.curriculum_areas()
    assert len(guarantee.commitments) == 5


def test_title_with_colon_quotes_and_hash_cannot_break_the_yaml(content_repo, capsys):
    title = 'Förskolan "Ekorren": #1 i Provstaden'
    code, _, err = garanti_new(content_repo, "provstaden/forskola/ekorren", title, "förskola", capsys=capsys)
    assert (code, err) == (0, "")
    assert check_tree(content_repo).problems == []
    assert front(content_repo / "guarantees/provstaden/forskola/ekorren.md")["title"] == title


@pytest.mark.parametrize(
    "text",
    ["a: b", "x # y", "'\"\\", "rad\u2028två", "tab\there", "ctrl\x85", "ön ✓ 🙂", "- lista", "true", "2026-01-01"],
)
def test_yaml_quote_reads_back_exactly(text):
    data, _ = untrusted_yaml.load(f"key: {yaml_quote(text)}\n")
    assert data == {"key": text}


def test_board_without_defaults_gets_placeholder_contact_and_complaints(content_repo, capsys):
    board = content_repo / "guarantees/provstaden/board.yml"
    board.write_text(BOARD_YML.split("defaults:")[0], encoding="utf-8")
    for unit in content_repo.glob("guarantees/provstaden/*/*.md"):  # they relied on the default complaints
        unit.unlink()
    code, _, err = garanti_new(
        content_repo, "provstaden/aldreomsorg/nya-hemtjansten", "Nya hemtjänsten", "hemtjänst", capsys=capsys
    )
    assert (code, err) == (0, "")
    assert check_tree(content_repo).problems == []
    data = front(content_repo / "guarantees/provstaden/aldreomsorg/nya-hemtjansten.md")
    assert data["contact"] == {"phone": PLACEHOLDER_PHONE}
    assert data["complaints"].startswith(PLACEHOLDER)


def test_year_option_and_service_spelling_is_the_checks_rule(content_repo, capsys):
    """`service: Hemtjänst` is refused by the check, so `new --service Hemtjänst` is refused too: one rule."""
    this_year = dt.date.today().year
    code, _, err = garanti_new(
        content_repo,
        "guarantees/provstaden/aldreomsorg/nya.md",
        "Nya",
        "Hemtjänst",
        "--year",
        str(this_year),
        capsys=capsys,
    )
    assert code == 1 and 'Menade du "hemtjänst"?' in err
    assert not (content_repo / "guarantees/provstaden/aldreomsorg/nya.md").exists()
    code, out, _ = garanti_new(
        content_repo,
        "guarantees/provstaden/aldreomsorg/nya.md",
        "Nya",
        "hemtjänst",
        "--year",
        str(this_year),
        capsys=capsys,
    )
    assert code == 0, out
    data = front(content_repo / "guarantees/provstaden/aldreomsorg/nya.md")
    assert data["valid"] == {"from": f"{this_year}-01-01", "to": f"{this_year}-12-31"}
    assert data["service"] == "hemtjänst"


# --- refusals: exit 1, Swedish, nothing written --------------------------------


REFUSALS = [
    (
        ["provstaden/aldreomsorg/provstadens-hemtjanst", "--title", "X", "--service", "hemtjänst"],
        "finns redan",
        "skrivs aldrig över",
    ),
    (
        ["provstaden/forskola/provstadens-hemtjanst", "--title", "X", "--service", "hemtjänst"],
        "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md",
        "skrivs aldrig över",
    ),
    (
        ["provstaden/aldreomsorg/Solgårdens_Hemtjänst", "--title", "Solgårdens hemtjänst", "--service", "hemtjänst"],
        "små bokstäver",
        '"solgardens-hemtjanst"',
    ),
    (["Provstaden/aldreomsorg/ny", "--title", "Ny", "--service", "hemtjänst"], "Nämndens namn", '"provstaden"'),
    (["provstaden/Äldreomsorg/ny", "--title", "Ny", "--service", "hemtjänst"], "Avdelningens namn", '"aldreomsorg"'),
    (
        ["okand/aldreomsorg/ny", "--title", "Ny", "--service", "hemtjänst"],
        'Nämnden "okand" finns inte',
        "Nämnder som finns: provstaden",
    ),
    (
        ["provstaden/socialtjanst/ny", "--title", "Ny", "--service", "hemtjänst"],
        'Avdelningen "socialtjanst" finns inte',
        "forskola  (Avdelningen för förskola)",
    ),
    (
        ["provstaden/aldreomsorg/forskola", "--title", "Förskola", "--service", "hemtjänst"],
        "får inte heta som en avdelning",
        "forskola-enhet",
    ),
    (
        ["provstaden/aldreomsorg/ny", "--title", "Ny", "--service", "hemtjanst"],
        'Menade du "hemtjänst"?',
        '"vård- och omsorgsboende"',
    ),
    (
        ["provstaden/aldreomsorg/ny", "--title", "Ny", "--service", "bibliotek"],
        "inte ett tillåtet värde för verksamhet",
        'Välj ett av: "förskola"',
    ),
    (
        ["provstaden/aldreomsorg/ny", "--title", "<script>alert(1)</script>", "--service", "hemtjänst"],
        "ingen fil skapades",
        "HTML är inte tillåtet",
    ),
    (["provstaden/aldreomsorg/ny", "--title", "x" * 200, "--service", "hemtjänst"], "ingen fil skapades", "för lång"),
    (
        ["provstaden/aldreomsorg/ny", "--title", "Ny", "--service", "hemtjänst", "--year", "26"],
        "inget årtal",
        "fyra siffror",
    ),
    (
        ["provstaden/aldreomsorg/ny", "--title", "Ny", "--service", "hemtjänst", "--year", "2999"],
        "verkar fel",
        "välj ett år",
    ),
]


@pytest.mark.parametrize("args, first, second", REFUSALS)
def test_refusals_write_nothing(content_repo, capsys, args, first, second):
    before = snapshot(content_repo)
    code, out, err = run(content_repo, "new", *args, capsys=capsys)
    assert code == 1
    assert out == ""
    assert err.startswith("garanti new: ")
    assert first in err and second in err, err
    assert "Traceback" not in err
    assert snapshot(content_repo) == before


def test_broken_board_yml_is_refused_with_its_problems(content_repo, capsys):
    write(content_repo, "guarantees/provstaden/board.yml", BOARD_YML.replace("kind: stadsdelsnämnd", "kind: nämnd"))
    code, _, err = garanti_new(content_repo, "provstaden/aldreomsorg/ny", "Ny", "hemtjänst", capsys=capsys)
    assert code == 1
    assert "board.yml har fel" in err and "guarantees/provstaden/board.yml:2:7:" in err
    assert not (content_repo / "guarantees/provstaden/aldreomsorg/ny.md").exists()


@pytest.mark.parametrize("target", ["provstaden/aldreomsorg", "a/b/c/d", "provstaden//ny"])
def test_malformed_target_is_a_usage_error(content_repo, capsys, target):
    code, _, err = garanti_new(content_repo, target, "Ny", "hemtjänst", capsys=capsys)
    assert code == 2
    assert "NÄMND/AVDELNING/ENHET" in err


def test_missing_title_is_a_usage_error(content_repo, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--root", str(content_repo), "new", "provstaden/aldreomsorg/ny", "--service", "hemtjänst"])
    assert exit_info.value.code == 2
    assert "de här argumenten saknas: --title" in capsys.readouterr().err


def test_new_refuses_a_service_the_check_refuses(content_repo, capsys):
    code, _, err = garanti_new(content_repo, "provstaden/forskola/nya", "Nya", "Förskola", capsys=capsys)
    assert code == 1
    assert '"Förskola" är inte ett tillåtet värde för verksamhet. Menade du "förskola"?' in err
