"""`garanti report`: the appendix list and the changes since an approval, in a real git repository."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from garanti.report import escape

from .conftest import HOME_CARE_MD, run, write

HOME = "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md"
PRESCHOOL = "guarantees/provstaden/forskola/provstadens-forskolor.md"
HOME_2 = "guarantees/provstaden/aldreomsorg/aspuddens-hemtjanst.md"
OLD = "guarantees/provstaden/aldreomsorg/gamla-hemtjansten.md"
GIT_ENV = dict(
    os.environ,
    GIT_AUTHOR_NAME="Nämndsekreterare", GIT_AUTHOR_EMAIL="sekreterare@example.org",
    GIT_COMMITTER_NAME="Nämndsekreterare", GIT_COMMITTER_EMAIL="sekreterare@example.org",
    GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
)


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, env=GIT_ENV, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit_all(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD")


def approve(root: Path, date: str) -> None:
    git(root, "tag", "-a", f"provstaden/{date}", "-m", f"Provstadens stadsdelsnämnd {date}, dnr PS-2025/100")


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def unit(title: str, promise: str = "Du får en kontaktperson inom två veckor.") -> str:
    return (HOME_CARE_MD.replace("Provstadens hemtjänst", title)
            .replace("Du får en kontaktperson inom två veckor.", promise))


@pytest.fixture
def approved_repo(content_repo: Path) -> Path:
    """Four units committed and approved at the meeting of 2026-01-22 with an annotated tag."""
    write(content_repo, HOME_2, unit("Aspuddens hemtjänst"))
    write(content_repo, OLD, unit("Gamla hemtjänsten"))
    git(content_repo, "init", "-q", "-b", "main")
    commit_all(content_repo, "Garantier 2026")
    approve(content_repo, "2026-01-22")
    return content_repo


def section(markdown: str, heading: str) -> str:
    """The lines under a heading, up to the next heading of any level."""
    after = markdown.split(f"{heading}\n", 1)[1]
    return after.split("\n#", 1)[0].strip()


# --- the appendix list ------------------------------------------------------


def test_without_an_approval_the_whole_paper_is_exact(content_repo, capsys):
    code, out, err = run(content_repo, "report", "provstaden", capsys=capsys)
    assert (code, err) == (0, "Bilagan är klar att skickas till nämnden: 2 garantier att fastställa.\n")
    assert out == (
        "# Bilaga: Enheternas kvalitetsgarantier 2026\n"
        "\n"
        "Provstadens stadsdelsnämnd\n"
        "\n"
        "## Avdelningen för förskola\n"
        "\n"
        "1. Provstadens förskolor, gäller 1 januari–31 december 2026\n"
        "\n"
        "## Avdelningen för äldreomsorg\n"
        "\n"
        "2. Provstadens hemtjänst, gäller 1 januari–31 december 2026\n"
        "\n"
        "## Förändringar per enhet\n"
        "\n"
        "Nämnden har inga tidigare fastställda garantier; alla är nya.\n"
    )


def test_numbering_runs_across_departments_in_board_order_and_swedish_alphabet(approved_repo, capsys):
    write(approved_repo, "guarantees/provstaden/aldreomsorg/orby-hemtjanst.md", unit("Örby hemtjänst"))
    write(approved_repo, "guarantees/provstaden/aldreomsorg/arsta-hemtjanst.md", unit("Årsta hemtjänst"))
    write(approved_repo, "guarantees/provstaden/aldreomsorg/angby-hemtjanst.md", unit("Ängby hemtjänst"))
    _, out, _ = run(approved_repo, "report", "provstaden", capsys=capsys)
    listed = [line for line in out.splitlines() if line[:1].isdigit()]
    assert [line.split(",")[0] for line in listed] == [
        "1. Provstadens förskolor",
        "2. Aspuddens hemtjänst", "3. Gamla hemtjänsten", "4. Provstadens hemtjänst",
        "5. Årsta hemtjänst", "6. Ängby hemtjänst", "7. Örby hemtjänst",
    ]
    assert out.index("## Avdelningen för förskola") < out.index("## Avdelningen för äldreomsorg")


def test_years_in_the_heading_follow_the_validity(approved_repo, capsys):
    edit(approved_repo, HOME, "from: 2026-01-01\n  to: 2026-12-31", "from: 2026-07-01\n  to: 2027-06-30")
    _, out, _ = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert out.startswith("# Bilaga: Enheternas kvalitetsgarantier 2026–2027\n")
    assert "Provstadens hemtjänst, gäller 1 juli 2026–30 juni 2027" in out


def test_unit_names_cannot_inject_markdown(approved_repo, capsys):
    assert escape("Fritid *område* 3 [länk](https://x)") == "Fritid \\*område\\* 3 \\[länk\\](https://x)"
    edit(approved_repo, HOME, "title: Provstadens hemtjänst", "title: \"Provstadens _hemtjänst_ # 1\"")
    _, out, _ = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert "4. Provstadens \\_hemtjänst\\_ \\# 1, gäller" in out


# --- changes since the latest approval ---------------------------------------


def test_new_removed_changed_and_unchanged_units_since_the_approval_tag(approved_repo, capsys):
    # The yearly cycle: rollover, a new unit, one unit closed, one rewritten.
    assert run(approved_repo, "rollover", "provstaden", str(dt.date.today().year + 1), capsys=capsys)[0] == 0
    code, _, err = run(approved_repo, "new", "provstaden/forskola/ekens-forskola", "--title", "Ekens förskola",
                       "--service", "förskola", capsys=capsys)
    assert code == 0, err
    (approved_repo / OLD).unlink()
    edit(approved_repo, HOME, "  - Du får en kontaktperson inom två veckor.\n",
         "  - Du får en kontaktperson inom en vecka.\n  - Du får välja tid för duschen.\n")
    edit(approved_repo, HOME, "correction: Vi ber om ursäkt", "correction: Vi ber alltid om ursäkt")
    commit_all(approved_repo, "Garantier 2027")

    code, out, err = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert code == 1  # every unit a draft: nothing to approve yet
    assert "Jämfört med de garantier nämnden fastställde 22 januari 2026 (tagg provstaden/2026-01-22)." in out
    assert section(out, "### Nya enheter (1)") == "- Ekens förskola (nr 1)"
    assert section(out, "### Borttagna enheter (1)") == "- Gamla hemtjänsten (Avdelningen för äldreomsorg)"
    assert section(out, "### Ändrade garantier (1)") == (
        "- Provstadens hemtjänst (nr 4): Giltighetstid, Åtaganden, Rättelse\n"
        "    - Nytt åtagande: ”Du får en kontaktperson inom en vecka.”\n"
        "    - Nytt åtagande: ”Du får välja tid för duschen.”\n"
        "    - Borttaget åtagande: ”Du får en kontaktperson inom två veckor.”"
    )
    # The rollover touched every unit's validity; those are listed apart from the real changes.
    assert section(out, "### Samma innehåll, ny giltighetstid (2)") == (
        "- Provstadens förskolor (nr 2)\n- Aspuddens hemtjänst (nr 3)"
    )
    assert "### Oförändrade" not in out
    # What stops the decision, then the drafts it leaves out, stand at the top of the paper itself and on the terminal.
    unready = section(out, "## Inte klart att fastställa")
    assert unready == ("- Provstadens stadsdelsnämnd (guarantees/provstaden): inget att fastställa: alla 4 garantier "
                       "är utkast (draft: true). Ta bort raden draft: true ur de garantier som är klara att fastställas")
    drafts = section(out, "## Utkast som inte fastställs nu")
    assert drafts.count("utkast (draft: true)") == 4
    assert ("- Ekens förskola (guarantees/provstaden/forskola/ekens-forskola.md): har kvar text från mallen "
            "(\"Skriv här …\")") in drafts
    assert out.index("## Inte klart att fastställa") < out.index("## Utkast som inte fastställs nu") < out.index(
        "## Avdelningen för förskola")
    assert "Inte klart att fastställa (1):" in err and "Utkast som inte fastställs nu (5):" in err
    assert "ekens-forskola.md: har kvar text från mallen" in err
    assert "garanti report igen, eller gör ett arbetsutkast med --arbetsutkast" in err
    assert run(approved_repo, "report", "provstaden", "--arbetsutkast", capsys=capsys)[0] == 0


def test_unchanged_units_and_the_draft_flag_is_not_a_change(approved_repo, capsys):
    edit(approved_repo, HOME, "Stockholm\n---", "Stockholm\ndraft: true\n---")
    _, out, _ = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert section(out, "### Oförändrade garantier (4)").splitlines() == [
        "- Provstadens förskolor (nr 1)", "- Aspuddens hemtjänst (nr 2)",
        "- Gamla hemtjänsten (nr 3)", "- Provstadens hemtjänst (nr 4)",
    ]
    assert "### Ändrade" not in out


@pytest.mark.parametrize("change, fields", [
    (("title: Provstadens hemtjänst", "title: Provstadens hemtjänst och trygghet"), "Enhetens namn"),
    (("service: hemtjänst", "service: servicehus"), "Verksamhet"),
    (("Vi hjälper dig att leva", "Vi hjälper dig gärna att leva"), "Verksamhetsidén"),
    (("correction: Vi ber", "correction: Vi ber alltid"), "Rättelse"),
    (("contact:\n", "complaints: Ring enhetschefen.\ncontact:\n"), "Synpunkter och klagomål"),
    (('phone: "08-508 11 111"', 'phone: "08-508 11 112"'), "Kontakt"),
    (("contact:\n", "more_info: Läs mer på stockholm.se.\ncontact:\n"), "Mer information"),
])
def test_each_field_is_named_in_swedish(approved_repo, capsys, change, fields):
    edit(approved_repo, HOME, *change)
    _, out, _ = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert f" (nr 4): {fields}\n" in out


def test_moving_a_unit_to_another_department_and_reordering_commitments(approved_repo, capsys):
    edit(approved_repo, "guarantees/provstaden/board.yml", "  aldreomsorg: Avdelningen för äldreomsorg\n",
         "  aldreomsorg: Avdelningen för äldreomsorg\n  stod: Avdelningen för stöd\n")
    target = approved_repo / "guarantees/provstaden/stod/aspuddens-hemtjanst.md"
    target.parent.mkdir()
    (approved_repo / HOME_2).rename(target)
    edit(approved_repo, HOME, "  - Du får en kontaktperson inom två veckor.\n  - Vi ringer om vi blir mer än 30 minuter försenade.\n",
         "  - Vi ringer om vi blir mer än 30 minuter försenade.\n  - Du får en kontaktperson inom två veckor.\n")
    _, out, _ = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert "## Avdelningen för stöd\n\n4. Aspuddens hemtjänst, gäller" in out
    assert "- Aspuddens hemtjänst (nr 4): Avdelning\n" in out
    assert "- Provstadens hemtjänst (nr 3): Åtaganden\n    - Samma åtaganden i ny ordning.\n" in out


def test_default_baseline_is_the_latest_approval_tag(approved_repo, capsys):
    edit(approved_repo, HOME, "correction: Vi ber", "correction: Vi ber alltid")
    commit_all(approved_repo, "Rättelse skärpt")
    approve(approved_repo, "2026-12-10")
    git(approved_repo, "tag", "annan/2027-01-01", "-m", "another board's tag is not ours")
    _, out, _ = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert "fastställde 10 december 2026 (tagg provstaden/2026-12-10)" in out
    assert "### Ändrade" not in out
    _, out, _ = run(approved_repo, "report", "provstaden", "--since", "provstaden/2026-01-22", capsys=capsys)
    assert "fastställde 22 januari 2026 (tagg provstaden/2026-01-22)" in out
    assert "- Provstadens hemtjänst (nr 4): Rättelse\n" in out


def test_since_any_version(approved_repo, capsys):
    first = git(approved_repo, "rev-parse", "HEAD")
    (approved_repo / OLD).unlink()
    commit_all(approved_repo, "Gamla hemtjänsten läggs ner")
    _, out, _ = run(approved_repo, "report", "provstaden", "--since", "HEAD~1", capsys=capsys)
    assert f"Jämfört med versionen HEAD~1 (commit {first[:7]})." in out
    assert "### Borttagna enheter (1)\n\n- Gamla hemtjänsten" in out


def test_board_missing_at_the_baseline_makes_every_unit_new(approved_repo, capsys):
    write(approved_repo, "guarantees/nyby/board.yml", (approved_repo / "guarantees/provstaden/board.yml").read_text(encoding="utf-8"))
    write(approved_repo, "guarantees/nyby/aldreomsorg/nyby-hemtjanst.md", unit("Nyby hemtjänst"))
    _, out, _ = run(approved_repo, "report", "nyby", "--since", "provstaden/2026-01-22", capsys=capsys)
    assert "### Nya enheter (1)\n\n- Nyby hemtjänst (nr 1)" in out


def test_out_writes_the_file_and_nothing_to_stdout(approved_repo, capsys, tmp_path_factory):
    out_file = tmp_path_factory.mktemp("paper") / "bilaga.md"
    code, out, err = run(approved_repo, "report", "provstaden", "--out", str(out_file), capsys=capsys)
    assert (code, out) == (0, "")
    assert f"Skrev bilagan till {out_file} (4 garantier)." in err
    assert out_file.read_text(encoding="utf-8").startswith("# Bilaga: Enheternas kvalitetsgarantier 2026\n")
    code, out, err = run(approved_repo, "report", "provstaden", "--out", str(out_file.parent / "saknas" / "b.md"), capsys=capsys)
    assert code == 1 and "finns inte" in err


# --- refusals -----------------------------------------------------------------


def test_refusals(approved_repo, capsys):
    code, out, err = run(approved_repo, "report", "provstaden", "--since", "finns-inte", capsys=capsys)
    assert (code, out) == (1, "")
    assert "Hittar ingen version som heter \"finns-inte\"" in err
    code, out, err = run(approved_repo, "report", "okand", capsys=capsys)
    assert (code, out) == (1, "")
    assert "Nämnden \"okand\" finns inte" in err
    edit(approved_repo, "guarantees/provstaden/board.yml", "kind: stadsdelsnämnd", "kind: stadsdel")
    code, out, err = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert (code, out) == (1, "")
    assert "Rätta dem först" in err and "guarantees/provstaden/board.yml:2:7:" in err


def test_a_unit_the_check_refuses_is_listed_at_the_top_not_hidden(approved_repo, capsys):
    edit(approved_repo, HOME, "service: hemtjänst", "service: hemtjanst")
    commit_all(approved_repo, "Felskriven verksamhet")
    code, out, err = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert code == 1
    unready = section(out, "## Inte klart att fastställa")
    assert unready.startswith("- provstadens-hemtjanst.md (guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md): fel:")
    assert "(rad 3)" in unready


def test_outside_git_there_is_no_baseline(content_repo, capsys):
    code, out, _ = run(content_repo, "report", "provstaden", capsys=capsys)
    assert code == 0
    assert "Nämnden har inga tidigare fastställda garantier; alla är nya." in out


def test_the_version_to_tag_and_unsaved_files_are_told(approved_repo, capsys):
    head = git(approved_repo, "rev-parse", "HEAD")
    _, out, err = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert f"Bilagan gäller versionen {head[:10]}" in err
    assert "inte sparade" not in err and f"Version: {head[:10]}" in out  # the paper names its version
    edit(approved_repo, HOME, "correction: Vi ber", "correction: Vi ber alltid")
    write(approved_repo, "guarantees/provstaden/aldreomsorg/ny-hemtjanst.md", unit("Ny hemtjänst"))
    write(approved_repo, "guarantees/annan/board.yml", "name: Annan\n")  # another board's files are not listed
    _, out, err = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert "Obs: 2 av nämndens filer är inte sparade i git" in err
    assert f"  {HOME}\n" in err and "  guarantees/provstaden/aldreomsorg/ny-hemtjanst.md\n" in err
    assert "annan" not in err
