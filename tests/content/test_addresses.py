"""A unit's earlier addresses (previous_addresses): kept as written, and refused at their line when the
address is someone else's."""

from __future__ import annotations

from garanti.approval import earlier_guarantees
from garanti.content import check_tree
from garanti.layout import taken_addresses

from ..helpers import REPO_ROOT, edit
from ..renamed import BOARD, FOLDER, NEW_SLUG, rename
from ..repos import make_sample_repo, publishing_environment
from ..samples import HOME, PRESCHOOL, SODRA_HOME, write_norra_and_sodra


def claim(root, unit: str, title: str, *addresses: str) -> None:
    """Writes previous_addresses into a unit's file, after its title (line 3 and on)."""
    listed = "".join(f"  - {address}\n" for address in addresses)
    edit(root, unit, f"title: {title}\n", f"title: {title}\nprevious_addresses:\n{listed}")


def problems(root) -> list[str]:
    return [str(problem) for problem in check_tree(root, taken=taken_addresses(REPO_ROOT / "docs")).problems]


def test_a_renamed_unit_keeps_its_earlier_addresses(content_repo):
    claim(content_repo, HOME, "Provstadens hemtjänst", "provstaden/gamla-hemtjansten", "provstaden/hemtjansten")
    result = check_tree(content_repo)
    assert result.problems == []
    [home] = [g for g in result.corpus.guarantees if g.slug == "provstadens-hemtjanst"]
    assert home.previous_urls == ("provstaden/gamla-hemtjansten/", "provstaden/hemtjansten/")


def test_an_address_under_a_missing_board_is_refused(content_repo):
    claim(content_repo, HOME, "Provstadens hemtjänst", "provstaden/gamla-hemtjansten", "norrstaden/hemtjansten")
    assert problems(content_repo) == [
        f'{HOME}:5:5: Den tidigare adressen /norrstaden/hemtjansten/ ligger under nämnden "norrstaden", som inte '
        "finns (ingen mapp guarantees/norrstaden/ med board.yml). Kontrollera nämndens del av adressen, eller ta "
        "bort den ur previous_addresses."
    ]


def test_an_address_of_another_board_is_refused(tmp_path):
    root = write_norra_and_sodra(tmp_path)
    # sodra's unit claims an address of norra's, as if it had moved from there
    edit(
        root,
        SODRA_HOME,
        "\nservice:",
        "\nprevious_addresses:\n  - sodra/gamla-hemtjansten\n  - norra/gamla-hemtjansten\nservice:",
    )
    found = problems(root)
    assert len(found) == 1, found
    assert found[0].startswith(f"{SODRA_HOME}:")
    assert (
        "Den tidigare adressen /norra/gamla-hemtjansten/ hör till Norrstadens stadsdelsnämnd, en annan nämnd. "
        "En enhet som flyttas till en annan nämnd tar inte med sig sin gamla adress"
    ) in found[0]
    assert "garanti tag --bekrafta-farre" in found[0]


def test_an_address_is_refused_where_it_is_written(content_repo):
    claim(content_repo, HOME, "Provstadens hemtjänst", "provstaden/gamla-hemtjansten", "Provstaden/Gamla")
    assert problems(content_repo) == [
        f'{HOME}:5:5: Tidigare adress har fel form (du skrev "Provstaden/Gamla"). Enhetens gamla adress på '
        "webbplatsen: nämndens och enhetens del av adressen, med ett snedstreck emellan, till exempel "
        "hagersten-liljeholmen/fruangens-forskola. Bara a–z, 0–9 och bindestreck."
    ]


def test_an_address_claimed_by_two_units_is_refused_in_both(content_repo):
    claim(content_repo, HOME, "Provstadens hemtjänst", "provstaden/gamla-hemtjansten", "provstaden/gamla-enheten")
    claim(content_repo, PRESCHOOL, "Provstadens förskolor", "provstaden/gamla-enheten")
    found = problems(content_repo)
    assert len(found) == 2, found
    assert found[0].startswith(
        f"{HOME}:5:5: Den tidigare adressen /provstaden/gamla-enheten/ står också som "
        "tidigare adress för Provstadens förskolor (guarantees/provstaden/forskola/"
    )
    assert found[1].startswith(
        f"{PRESCHOOL}:4:5: Den tidigare adressen /provstaden/gamla-enheten/ står också som "
        "tidigare adress för Provstadens hemtjänst"
    )


def test_a_current_address_department_or_site_address_is_refused(content_repo):
    claim(
        content_repo,
        HOME,
        "Provstadens hemtjänst",
        "provstaden/provstadens-forskolor",
        "provstaden/forskola",
        "provstaden/provstadens-hemtjanst",
        "beslut/provstaden",
        "sok/ord",
    )
    found = problems(content_repo)
    assert [problem.split(": ", 1)[0] for problem in found] == [f"{HOME}:{line}:5" for line in range(4, 9)]
    assert (
        "är adressen till Provstadens förskolor (guarantees/provstaden/forskola/provstadens-forskolor.md)" in found[0]
    )
    assert "är sidan för Avdelningen för förskola i Provstadens stadsdelsnämnd" in found[1]
    assert "är enhetens egen adress nu" in found[2]
    assert "börjar med /beslut/, som webbplatsen använder" in found[3]
    assert "börjar med /sok/" in found[4]  # a hand-written page's address (docs/sok.md)
    assert all("Traceback" not in problem for problem in found)


def test_a_renamed_unit_s_follow_up_is_matched_with_the_text_approved_under_its_old_name(tmp_path):
    """In a real repository: the follow-up of a year the unit was approved for under its old name."""
    repo = make_sample_repo(tmp_path / "repo")
    with publishing_environment("2026-01-05"):
        assert repo.approve(BOARD, "2025-12-11") == 0
    rename(repo)  # the renamed guarantee is for 2027; its follow-up of 2026 goes with it
    follow_up = f"{FOLDER}/{NEW_SLUG}.uppfoljning-2026.yml"
    result = check_tree(repo.root, earlier=earlier_guarantees(repo.root))
    assert [str(problem) for problem in result.problems] == []
    assert [f.unit for f in result.corpus.follow_ups if f.source == follow_up] == [NEW_SLUG]
    edit(repo.root, f"{FOLDER}/{NEW_SLUG}.md", f"  - {BOARD}/fruangens-forskolor\n", f"  - {BOARD}/annat-namn\n")
    result = check_tree(repo.root, earlier=earlier_guarantees(repo.root))
    assert [problem.path for problem in result.problems] == [follow_up]  # without it, no 2026 text to match
