"""Withdrawals are counted by unit (issue 32, item 4): a decision that leaves out a unit published
today needs --bekrafta-farre and names the unit, in `garanti tag` and in the board paper, even when
the number of guarantees stays the same. Real repositories, real tags."""

from __future__ import annotations

from ..samples import NORRA_HOME, NORRA_HOME_RENAMED, NORRA_NIGHT, home_care_unit


def test_a_decision_that_swaps_one_unit_for_another_needs_confirmation(repo, capsys):
    repo.remove(NORRA_HOME)
    repo.write(NORRA_NIGHT, home_care_unit("Norrstadens nattpatrull"))
    repo.commit("Hemtjänsten läggs ner, nattpatrullen börjar")
    capsys.readouterr()
    assert repo.approve("norra", "2026-01-22") == 1
    err = capsys.readouterr().err
    assert "Beslutet skulle publicera 2 garantier, men 1 av de 2 som är publicerade i dag är inte med." in err
    assert (
        "skulle inte längre ha någon garanti, och deras sidor skulle säga att garantin inte längre gäller: "
        "Norrstadens hemtjänst."
    ) in err
    assert "--bekrafta-farre" in err
    assert repo.tags() == ["norra/2025-06-12"]
    assert repo.approve("norra", "2026-01-22", "--bekrafta-farre") == 0
    assert repo.tags() == ["norra/2025-06-12", "norra/2026-01-22"]


def test_a_renamed_file_withdraws_the_unit_at_its_old_address(repo, capsys):
    repo.git("mv", NORRA_HOME, NORRA_HOME_RENAMED)
    repo.commit("Hemtjänstens fil byter namn")
    capsys.readouterr()
    assert repo.approve("norra", "2026-01-22") == 1
    err = capsys.readouterr().err
    assert (
        f"Norrstadens hemtjänst (filen {NORRA_HOME} heter nu {NORRA_HOME_RENAMED}, så enheten får en ny adress: skriv "
        "den gamla, norra/norra-hemtjanst, under previous_addresses så leder den dit)"
    ) in err
    assert repo.tags() == ["norra/2025-06-12"]


def test_a_renamed_unit_that_names_its_old_address_is_not_withdrawn(repo, capsys):
    repo.git("mv", NORRA_HOME, NORRA_HOME_RENAMED)
    text = (repo.root / NORRA_HOME_RENAMED).read_text(encoding="utf-8")
    (repo.root / NORRA_HOME_RENAMED).write_text(
        text.replace("\nservice:", "\nprevious_addresses:\n  - norra/norra-hemtjanst\nservice:", 1), encoding="utf-8"
    )
    repo.commit("Hemtjänstens fil byter namn, den gamla adressen leder dit")
    capsys.readouterr()
    assert repo.approve("norra", "2026-01-22") == 0, capsys.readouterr().err
    assert repo.tags() == ["norra/2025-06-12", "norra/2026-01-22"]


def test_the_board_paper_lists_the_units_the_decision_withdraws(repo, tmp_path, capsys):
    repo.remove(NORRA_HOME)
    repo.write(NORRA_NIGHT, home_care_unit("Norrstadens nattpatrull"))
    repo.commit("Hemtjänsten läggs ner, nattpatrullen börjar")
    capsys.readouterr()
    assert repo.garanti("report", "norra", "--sammantrade", "2026-01-22") == 0  # withdrawing is the board's call
    captured = capsys.readouterr()
    assert "## Garantier som upphör att gälla" in captured.out
    assert "- Norrstadens hemtjänst\n" in captured.out
    assert "Garantier som upphör att gälla (1), registreras med garanti tag --bekrafta-farre:" in captured.err
    paper = tmp_path / "bilaga.html"
    assert repo.garanti("report", "norra", "--sammantrade", "2026-01-22", "--out", str(paper)) == 0
    html = paper.read_text(encoding="utf-8")
    assert "<h2>Garantier som upphör att gälla</h2>" in html
    assert "<li><strong>Norrstadens hemtjänst</strong></li>" in html


def test_a_paper_that_keeps_every_published_unit_lists_none(repo, capsys):
    repo.write(NORRA_NIGHT, home_care_unit("Norrstadens nattpatrull"))
    repo.commit("Nattpatrullen börjar")
    capsys.readouterr()
    assert repo.garanti("report", "norra", "--sammantrade", "2026-01-22") == 0
    assert "upphör att gälla" not in capsys.readouterr().out
    assert repo.approve("norra", "2026-01-22") == 0
