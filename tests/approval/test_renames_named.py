"""A decision that gives a published unit's address to another unit (previous_addresses) says so, in one
wording, in the board paper's changes and in `garanti tag`'s output and message (issue 33, review): any unit
may claim a withdrawn unit's address, and its page and printed notices then lead to the claimant.
Real repositories, real tags."""

from __future__ import annotations

from ..repos import Repo
from ..samples import NORRA_HOME, NORRA_HOME_RENAMED, NORRA_NIGHT, home_care_unit


def claiming(title: str, *addresses: str) -> str:
    listed = "".join(f"  - {address}\n" for address in addresses)
    return home_care_unit(title).replace("\nservice:", f"\nprevious_addresses:\n{listed}service:", 1)


def rename_the_home_care(repo: Repo) -> None:
    """norra's home care under a new name and file, its old address leading to it."""
    repo.remove(NORRA_HOME)
    repo.write(NORRA_HOME_RENAMED, claiming("Hemtjänsten i Norrstaden", "norra/norra-hemtjanst"))
    repo.commit("Hemtjänsten byter namn, den gamla adressen leder dit")


def paper_and_tag(repo: Repo, capsys) -> tuple[str, str, str]:
    """The Markdown paper, `garanti tag`'s output and the tag's message for the meeting 2026-01-22."""
    capsys.readouterr()
    assert repo.garanti("report", "norra", "--sammantrade", "2026-01-22") == 0, capsys.readouterr().err
    paper = capsys.readouterr().out
    assert repo.approve("norra", "2026-01-22") == 0, capsys.readouterr().err
    output = capsys.readouterr().out
    return paper, output, repo.git("tag", "-l", "--format=%(contents)", "norra/2026-01-22")


def test_a_renamed_unit_is_named_in_the_paper_and_the_tag(repo, capsys):
    rename_the_home_care(repo)
    paper, output, message = paper_and_tag(repo, capsys)
    said = (
        "Enheten Norrstadens hemtjänst byter namn till Hemtjänsten i Norrstaden: adressen norra/norra-hemtjanst "
        "leder i fortsättningen till Hemtjänsten i Norrstaden."
    )
    assert f"### Nya namn och adresser (1)\n\n- {said}\n" in paper
    assert said in output.splitlines()
    assert said in message.splitlines()


def test_the_html_paper_names_the_rename(repo, tmp_path, capsys):
    rename_the_home_care(repo)
    paper = tmp_path / "bilaga.html"
    assert repo.garanti("report", "norra", "--sammantrade", "2026-01-22", "--out", str(paper)) == 0
    html = paper.read_text(encoding="utf-8")
    assert "<h3>Nya namn och adresser (1)</h3>" in html
    assert (
        "<li>Enheten Norrstadens hemtjänst byter namn till Hemtjänsten i Norrstaden: adressen "
        "norra/norra-hemtjanst leder i fortsättningen till Hemtjänsten i Norrstaden.</li>"
    ) in html


def test_a_unit_renamed_by_its_file_only_is_named_with_its_new_address(repo, capsys):
    repo.remove(NORRA_HOME)
    repo.write(NORRA_HOME_RENAMED, claiming("Norrstadens hemtjänst", "norra/norra-hemtjanst"))
    repo.commit("Hemtjänstens fil byter namn")
    paper, output, message = paper_and_tag(repo, capsys)
    said = (
        "Enheten Norrstadens hemtjänst får den nya adressen norra/norra-hemtjanst-ny: adressen "
        "norra/norra-hemtjanst leder i fortsättningen till Norrstadens hemtjänst."
    )
    assert f"- {said}\n" in paper
    assert said in output.splitlines() and said in message.splitlines()


def test_an_unrelated_unit_claiming_a_withdrawn_units_address_is_named_the_same_way(repo, capsys):
    repo.remove(NORRA_HOME)
    repo.write(NORRA_NIGHT, claiming("Norrstadens nattpatrull", "norra/norra-hemtjanst"))
    repo.commit("Hemtjänsten läggs ner, nattpatrullen tar dess adress")
    paper, output, message = paper_and_tag(repo, capsys)
    said = (
        "Enheten Norrstadens hemtjänst byter namn till Norrstadens nattpatrull: adressen norra/norra-hemtjanst "
        "leder i fortsättningen till Norrstadens nattpatrull."
    )
    assert f"- {said}\n" in paper
    assert "### Borttagna enheter (1)" in paper  # and the paper still lists the unit that goes
    assert said in output.splitlines() and said in message.splitlines()


def test_a_decision_that_claims_no_address_names_no_rename(repo, capsys):
    repo.write(NORRA_NIGHT, home_care_unit("Norrstadens nattpatrull"))
    repo.commit("Nattpatrullen börjar")
    paper, output, message = paper_and_tag(repo, capsys)
    assert "byter namn" not in paper + output + message
    assert "Nya namn och adresser" not in paper
