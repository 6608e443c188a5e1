"""`garanti report`: the board paper, its model and Markdown and its HTML, in real git repositories.

First provstaden (the appendix list, the changes since an approval, the refusals), then
the paper on the sample content (issue 9's scenario: after `garanti new` a draft full of
"Skriv här…" was listed like any other unit, warned about only on the terminal, and the
paper held no guarantee text at all), then the follow-ups it carries up with the
guarantees (issue 14, item 2). The paper printed as PDF: tests/browser/test_report_pdf.py.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from garanti.report import escape

from ..helpers import edit, garanti_new, run, write
from ..repos import Repo
from ..samples import EAV, HL, HOME, home_care

HOME_2 = "guarantees/provstaden/aldreomsorg/aspuddens-hemtjanst.md"
OLD = "guarantees/provstaden/aldreomsorg/gamla-hemtjansten.md"


def approve(repo: Repo, date: str) -> None:
    """provstaden's approval at the meeting of `date`, an annotated tag made by hand."""
    repo.tag(f"provstaden/{date}", f"Provstadens stadsdelsnämnd {date}, dnr PS-2025/100")


@pytest.fixture
def approved_repo(content_repo: Path) -> Path:
    """Four units committed and approved at the meeting of 2026-01-22 with an annotated tag."""
    write(content_repo, HOME_2, home_care("Aspuddens hemtjänst"))
    write(content_repo, OLD, home_care("Gamla hemtjänsten"))
    repo = Repo.init(content_repo)
    repo.commit("Garantier 2026")
    approve(repo, "2026-01-22")
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
    write(approved_repo, "guarantees/provstaden/aldreomsorg/orby-hemtjanst.md", home_care("Örby hemtjänst"))
    write(approved_repo, "guarantees/provstaden/aldreomsorg/arsta-hemtjanst.md", home_care("Årsta hemtjänst"))
    write(approved_repo, "guarantees/provstaden/aldreomsorg/angby-hemtjanst.md", home_care("Ängby hemtjänst"))
    _, out, _ = run(approved_repo, "report", "provstaden", capsys=capsys)
    listed = [line for line in out.splitlines() if line[:1].isdigit()]
    assert [line.split(",")[0] for line in listed] == [
        "1. Provstadens förskolor",
        "2. Aspuddens hemtjänst",
        "3. Gamla hemtjänsten",
        "4. Provstadens hemtjänst",
        "5. Årsta hemtjänst",
        "6. Ängby hemtjänst",
        "7. Örby hemtjänst",
    ]
    assert out.index("## Avdelningen för förskola") < out.index("## Avdelningen för äldreomsorg")


def test_years_in_the_heading_follow_the_validity(approved_repo, capsys):
    edit(approved_repo, HOME, "from: 2026-01-01\n  to: 2026-12-31", "from: 2026-07-01\n  to: 2027-06-30")
    _, out, _ = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert out.startswith("# Bilaga: Enheternas kvalitetsgarantier 2026–2027\n")
    assert "Provstadens hemtjänst, gäller 1 juli 2026–30 juni 2027" in out


def test_unit_names_cannot_inject_markdown(approved_repo, capsys):
    assert escape("Fritid *område* 3 [länk](https://x)") == "Fritid \\*område\\* 3 \\[länk\\](https://x)"
    edit(approved_repo, HOME, "title: Provstadens hemtjänst", 'title: "Provstadens _hemtjänst_ # 1"')
    _, out, _ = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert "4. Provstadens \\_hemtjänst\\_ \\# 1, gäller" in out


# --- changes since the latest approval ---------------------------------------


def test_new_removed_changed_and_unchanged_units_since_the_approval_tag(approved_repo, capsys):
    # The yearly cycle: rollover, a new unit, one unit closed, one rewritten.
    assert run(approved_repo, "rollover", "provstaden", str(dt.date.today().year + 1), capsys=capsys)[0] == 0
    code, _, err = garanti_new(
        approved_repo, "provstaden/forskola/ekens-forskola", "Ekens förskola", "förskola", capsys=capsys
    )
    assert code == 0, err
    (approved_repo / OLD).unlink()
    edit(
        approved_repo,
        HOME,
        "  - Du får en kontaktperson inom två veckor.\n",
        "  - Du får en kontaktperson inom en vecka.\n  - Du får välja tid för duschen.\n",
    )
    edit(approved_repo, HOME, "correction: Vi ber om ursäkt", "correction: Vi ber alltid om ursäkt")
    Repo(approved_repo).commit("Garantier 2027")

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
    assert unready == (
        "- Provstadens stadsdelsnämnd (guarantees/provstaden): inget att fastställa: alla 4 garantier "
        "är utkast (draft: true). Ta bort raden draft: true ur de garantier som är klara att fastställas"
    )
    drafts = section(out, "## Utkast som inte fastställs nu")
    assert drafts.count("utkast (draft: true)") == 4
    assert (
        '- Ekens förskola (guarantees/provstaden/forskola/ekens-forskola.md): har kvar text från mallen ("Skriv här …")'
    ) in drafts
    assert (
        out.index("## Inte klart att fastställa")
        < out.index("## Utkast som inte fastställs nu")
        < out.index("## Avdelningen för förskola")
    )
    assert "Inte klart att fastställa (1):" in err and "Utkast som inte fastställs nu (5):" in err
    assert "ekens-forskola.md: har kvar text från mallen" in err
    assert "garanti report igen, eller gör ett arbetsutkast med --arbetsutkast" in err
    assert run(approved_repo, "report", "provstaden", "--arbetsutkast", capsys=capsys)[0] == 0


def test_unchanged_units_and_the_draft_flag_is_not_a_change(approved_repo, capsys):
    edit(approved_repo, HOME, "Stockholm\n---", "Stockholm\ndraft: true\n---")
    _, out, _ = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert section(out, "### Oförändrade garantier (4)").splitlines() == [
        "- Provstadens förskolor (nr 1)",
        "- Aspuddens hemtjänst (nr 2)",
        "- Gamla hemtjänsten (nr 3)",
        "- Provstadens hemtjänst (nr 4)",
    ]
    assert "### Ändrade" not in out


@pytest.mark.parametrize(
    "change, fields",
    [
        (("title: Provstadens hemtjänst", "title: Provstadens hemtjänst och trygghet"), "Enhetens namn"),
        (("service: hemtjänst", "service: servicehus"), "Verksamhet"),
        (("Vi hjälper dig att leva", "Vi hjälper dig gärna att leva"), "Verksamhetsidén"),
        (("correction: Vi ber", "correction: Vi ber alltid"), "Rättelse"),
        (("contact:\n", "complaints: Ring enhetschefen.\ncontact:\n"), "Synpunkter och klagomål"),
        (('phone: "08-508 11 111"', 'phone: "08-508 11 112"'), "Kontakt"),
        (("contact:\n", "more_info: Läs mer på stockholm.se.\ncontact:\n"), "Mer information"),
    ],
)
def test_each_field_is_named_in_swedish(approved_repo, capsys, change, fields):
    edit(approved_repo, HOME, *change)
    _, out, _ = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert f" (nr 4): {fields}\n" in out


def test_moving_a_unit_to_another_department_and_reordering_commitments(approved_repo, capsys):
    edit(
        approved_repo,
        "guarantees/provstaden/board.yml",
        "  aldreomsorg: Avdelningen för äldreomsorg\n",
        "  aldreomsorg: Avdelningen för äldreomsorg\n  stod: Avdelningen för stöd\n",
    )
    target = approved_repo / "guarantees/provstaden/stod/aspuddens-hemtjanst.md"
    target.parent.mkdir()
    (approved_repo / HOME_2).rename(target)
    edit(
        approved_repo,
        HOME,
        "  - Du får en kontaktperson inom två veckor.\n  - Vi ringer om vi blir mer än 30 minuter försenade.\n",
        "  - Vi ringer om vi blir mer än 30 minuter försenade.\n  - Du får en kontaktperson inom två veckor.\n",
    )
    _, out, _ = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert "## Avdelningen för stöd\n\n4. Aspuddens hemtjänst, gäller" in out
    assert "- Aspuddens hemtjänst (nr 4): Avdelning\n" in out
    assert "- Provstadens hemtjänst (nr 3): Åtaganden\n    - Samma åtaganden i ny ordning.\n" in out


def test_default_baseline_is_the_latest_approval_tag(approved_repo, capsys):
    edit(approved_repo, HOME, "correction: Vi ber", "correction: Vi ber alltid")
    Repo(approved_repo).commit("Rättelse skärpt")
    approve(Repo(approved_repo), "2026-12-10")
    Repo(approved_repo).git("tag", "annan/2027-01-01", "-m", "another board's tag is not ours")
    _, out, _ = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert "fastställde 10 december 2026 (tagg provstaden/2026-12-10)" in out
    assert "### Ändrade" not in out
    _, out, _ = run(approved_repo, "report", "provstaden", "--since", "provstaden/2026-01-22", capsys=capsys)
    assert "fastställde 22 januari 2026 (tagg provstaden/2026-01-22)" in out
    assert "- Provstadens hemtjänst (nr 4): Rättelse\n" in out


def test_since_any_version(approved_repo, capsys):
    first = Repo(approved_repo).git("rev-parse", "HEAD")
    (approved_repo / OLD).unlink()
    Repo(approved_repo).commit("Gamla hemtjänsten läggs ner")
    _, out, _ = run(approved_repo, "report", "provstaden", "--since", "HEAD~1", capsys=capsys)
    assert f"Jämfört med versionen HEAD~1 (commit {first[:7]})." in out
    assert "### Borttagna enheter (1)\n\n- Gamla hemtjänsten" in out


def test_board_missing_at_the_baseline_makes_every_unit_new(approved_repo, capsys):
    write(
        approved_repo,
        "guarantees/nyby/board.yml",
        (approved_repo / "guarantees/provstaden/board.yml").read_text(encoding="utf-8"),
    )
    write(approved_repo, "guarantees/nyby/aldreomsorg/nyby-hemtjanst.md", home_care("Nyby hemtjänst"))
    _, out, _ = run(approved_repo, "report", "nyby", "--since", "provstaden/2026-01-22", capsys=capsys)
    assert "### Nya enheter (1)\n\n- Nyby hemtjänst (nr 1)" in out


def test_out_writes_the_file_and_nothing_to_stdout(approved_repo, capsys, tmp_path_factory):
    out_file = tmp_path_factory.mktemp("paper") / "bilaga.md"
    code, out, err = run(approved_repo, "report", "provstaden", "--out", str(out_file), capsys=capsys)
    assert (code, out) == (0, "")
    assert f"Skrev bilagan till {out_file} (4 garantier)." in err
    assert out_file.read_text(encoding="utf-8").startswith("# Bilaga: Enheternas kvalitetsgarantier 2026\n")
    code, out, err = run(
        approved_repo, "report", "provstaden", "--out", str(out_file.parent / "saknas" / "b.md"), capsys=capsys
    )
    assert code == 1 and "finns inte" in err


# --- refusals -----------------------------------------------------------------


def test_refusals(approved_repo, capsys):
    code, out, err = run(approved_repo, "report", "provstaden", "--since", "finns-inte", capsys=capsys)
    assert (code, out) == (1, "")
    assert 'Hittar ingen version som heter "finns-inte"' in err
    code, out, err = run(approved_repo, "report", "okand", capsys=capsys)
    assert (code, out) == (1, "")
    assert 'Nämnden "okand" finns inte' in err
    edit(approved_repo, "guarantees/provstaden/board.yml", "kind: stadsdelsnämnd", "kind: stadsdel")
    code, out, err = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert (code, out) == (1, "")
    assert "Rätta dem först" in err and "guarantees/provstaden/board.yml:2:7:" in err


def test_a_unit_the_check_refuses_is_listed_at_the_top_not_hidden(approved_repo, capsys):
    edit(approved_repo, HOME, "service: hemtjänst", "service: hemtjanst")
    Repo(approved_repo).commit("Felskriven verksamhet")
    code, out, err = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert code == 1
    unready = section(out, "## Inte klart att fastställa")
    assert unready.startswith(
        "- provstadens-hemtjanst.md (guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md): fel:"
    )
    assert "(rad 3)" in unready


def test_outside_git_there_is_no_baseline(content_repo, capsys):
    code, out, _ = run(content_repo, "report", "provstaden", capsys=capsys)
    assert code == 0
    assert "Nämnden har inga tidigare fastställda garantier; alla är nya." in out


def test_the_version_to_tag_and_unsaved_files_are_told(approved_repo, capsys):
    head = Repo(approved_repo).git("rev-parse", "HEAD")
    _, out, err = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert f"Bilagan gäller versionen {head[:10]}" in err
    assert "inte sparade" not in err and f"Version: {head[:10]}" in out  # the paper names its version
    edit(approved_repo, HOME, "correction: Vi ber", "correction: Vi ber alltid")
    write(approved_repo, "guarantees/provstaden/aldreomsorg/ny-hemtjanst.md", home_care("Ny hemtjänst"))
    write(approved_repo, "guarantees/annan/board.yml", "name: Annan\n")  # another board's files are not listed
    _, out, err = run(approved_repo, "report", "provstaden", capsys=capsys)
    assert "Obs: 2 av nämndens filer är inte sparade i git" in err
    assert f"  {HOME}\n" in err and "  guarantees/provstaden/aldreomsorg/ny-hemtjanst.md\n" in err
    assert "annan" not in err


# --- the paper on the sample content ------------------------------------------

SOLROSEN = "guarantees/hagersten-liljeholmen/forskola/solrosens-forskola.md"
LEFT_OUT = "Utkast som inte fastställs nu"


def _new_unit(repo: Repo) -> None:
    assert (
        repo.garanti(
            "new",
            f"{HL}/forskola/solrosens-forskola",
            "--title",
            "Solrosens förskola",
            "--service",
            "förskola",
            "--year",
            "2026",
        )
        == 0
    )
    repo.commit("Solrosens förskola", date="2026-11-21T10:00:00+01:00")


def test_the_paper_holds_every_guarantee_in_full_and_lists_what_is_not_ready_at_the_top(sample_repo, tmp_path, capsys):
    _new_unit(sample_repo)
    capsys.readouterr()
    out = tmp_path / "bilaga.html"
    assert sample_repo.garanti("report", HL, "--out", str(out)) == 1  # an expired guarantee: not a paper for the board
    err = capsys.readouterr().err
    assert "Bilagan är inte klar att skickas till nämnden" in err
    html = out.read_text(encoding="utf-8")
    top = html[html.index("Inte klart att fastställa") : html.index(LEFT_OUT)]
    assert "socialpsykiatrins-boendestod.md): giltighetstiden slutade 2025-12-31, före sammanträdet 2026-12-10" in top
    assert "Solrosens" not in top  # a draft is left out on purpose, not a reason to wait
    drafts = html[html.index(LEFT_OUT) : html.index("<h2>Innehåll</h2>")]
    assert f"<strong>Solrosens förskola</strong> ({SOLROSEN}): utkast (draft: true)" in drafts
    assert f"<strong>Solrosens förskola</strong> ({SOLROSEN}): har kvar text från mallen" in drafts
    # The version the paper was made from, short as the tag command wants it (issue 21, item 10).
    head = sample_repo.git("rev-parse", "HEAD")
    assert f'<code class="bilaga-version">{head[:10]}</code>' in html
    assert head not in html  # board members read the paper: not the 40-character commit
    assert "garanti tag" not in html  # the command is the secretary's, in the guide, not the board's
    # Every guarantee in full, numbered under the departments, one section (page) each.
    sections = re.findall(r'<p class="bilaga-lopnummer">Nr (\d+) av 12 · ([^<]+)</p>', html)
    assert [int(number) for number, _ in sections] == list(range(1, 13))
    assert sections[0][1] == "Förskoleavdelningen · UTKAST" and sections[-1][1] == "Äldreomsorgsavdelningen"
    assert "<h1>Hägerstens hemtjänst</h1>" in html and "<h2>Om vi inte håller vad vi lovar</h2>" in html
    assert "Du får en kontaktperson och en ersättare bland personalen" in html  # a commitment, as residents read it
    assert ".bilaga-garanti, .bilaga-andringar { break-before: page; }" in html
    assert "<h2>Förändringar per enhet</h2>" in html
    # Self-contained: nothing is fetched, nothing runs.
    assert "default-src 'none'" in html
    assert "<script" not in html and "<link" not in html and " src=" not in html


def test_a_draft_left_out_on_purpose_is_normal_for_the_paper_and_the_tag_alike(
    sample_repo, tmp_path, capsys, monkeypatch
):
    """The paper and the tag follow one rule (issue 21, item 2): a draft is listed as left out,
    the paper is ready (exit 0), and both say the same of what is approved and what is not."""
    sample_repo.remove(
        f"guarantees/{HL}/social-omsorg/socialpsykiatrins-boendestod.md"
    )  # expired: the board removes it
    _new_unit(sample_repo)
    capsys.readouterr()
    out = tmp_path / "bilaga.html"
    assert sample_repo.garanti("report", HL, "--out", str(out)) == 0
    err = capsys.readouterr().err
    decision = "9 garantier, 4 uppföljningar och 4 språkversioner"
    left_out = "(2 utkast och 1 uppföljning som är utkast publiceras inte)"
    assert f"Bilagan är klar att skickas till nämnden: {decision} att fastställa {left_out}." in err
    assert f"{LEFT_OUT} (4):\n  guarantees/{HL}/aldreomsorg/liljeholmens-hemtjanst.uppfoljning-2026.yml: utkast" in err
    assert "Inte klart" not in err and "inte klar" not in err
    html = out.read_text(encoding="utf-8")
    assert "Inte klart att fastställa" not in html
    assert f"<h2>{LEFT_OUT}</h2>" in html and f"<strong>Solrosens förskola</strong> ({SOLROSEN})" in html
    monkeypatch.setenv("GARANTI_TODAY", "2026-12-11")
    assert sample_repo.approve(HL, "2026-12-10") == 0
    assert (
        f"är skapad på versionen {sample_repo.git('rev-parse', 'HEAD')[:10]}: {decision} fastställda {left_out}."
        in (capsys.readouterr().out)
    )


def test_a_working_draft_is_marked_and_exits_zero(sample_repo, tmp_path, capsys):
    _new_unit(sample_repo)
    out = tmp_path / "bilaga.html"
    assert sample_repo.garanti("report", HL, "--out", str(out), "--arbetsutkast") == 0
    html = out.read_text(encoding="utf-8")
    assert "<title>Arbetsutkast: Bilaga: Enheternas kvalitetsgarantier" in html
    assert "Arbetsutkast – inte underlag för beslut" in html
    assert "Bilagan är ett arbetsutkast (--arbetsutkast)." in capsys.readouterr().err


def test_a_ready_paper_exits_zero_and_has_no_not_ready_list(sample_repo, tmp_path, monkeypatch, capsys):
    for path in (
        "forskola/aspuddens-forskolor.md",
        "social-omsorg/socialpsykiatrins-boendestod.md",
        "aldreomsorg/liljeholmens-hemtjanst.uppfoljning-2026.yml",
    ):  # a draft follow-up
        sample_repo.remove(f"guarantees/{HL}/{path}")
    sample_repo.commit("Bara färdiga garantier", date="2026-11-21T10:00:00+01:00")
    out = tmp_path / "bilaga.html"
    assert sample_repo.garanti("report", HL, "--out", str(out)) == 0
    html = out.read_text(encoding="utf-8")
    assert "Inte klart att fastställa" not in html and LEFT_OUT not in html and "Arbetsutkast" not in html
    assert '<tr><th scope="row">Sammanträde</th><td>10 december 2026</td></tr>' in html


def test_the_meeting_can_be_named_and_unknown_formats_are_refused(sample_repo, tmp_path, capsys):
    out = tmp_path / "bilaga.html"
    assert sample_repo.garanti("report", HL, "--sammantrade", "2027-02-01", "--out", str(out), "--arbetsutkast") == 0
    assert "giltighetstiden slutade 2025-12-31, före sammanträdet 2027-02-01" in out.read_text(encoding="utf-8")
    assert sample_repo.garanti("report", HL, "--out", str(tmp_path / "bilaga.docx")) == 2
    assert "välj ett filnamn som slutar på .pdf, .html eller .md" in capsys.readouterr().err


# --- the follow-ups on the paper (issue 14, item 2) ---------------------------------

DALEN = f"guarantees/{EAV}/forskola-och-fritid/dalens-forskolor.uppfoljning-2026.yml"
BLASUT = f"guarantees/{EAV}/forskola-och-fritid/blasuts-forskolor.uppfoljning-2026.yml"


def test_the_paper_holds_each_follow_up_in_full_and_lists_draft_follow_ups_as_left_out(sample_repo, tmp_path, capsys):
    out = tmp_path / "bilaga.html"
    assert sample_repo.garanti("report", EAV, "--out", str(out)) == 1  # the sample_repo has an expired guarantee
    assert f"{BLASUT}: utkast (draft: true): publiceras inte" in capsys.readouterr().err
    html = out.read_text(encoding="utf-8")
    top = html[html.index("Utkast som inte fastställs nu") : html.index("<h2>Innehåll</h2>")]
    assert f"<strong>Blåsuts förskolor, uppföljning 2026</strong> ({BLASUT}): utkast (draft: true)" in top
    assert '<tr><th scope="row">Uppföljningar</th><td>5 uppföljningar</td></tr>' in html
    section = html[
        html.index('<section class="bilaga-uppfoljningar">') : html.index('<section class="bilaga-andringar">')
    ]
    titles = re.findall(r"<h3>([^<]+)</h3>", section)
    assert titles == [
        "Blåsuts förskolor: uppföljning 2026 (UTKAST)",
        "Dalens förskolor: uppföljning 2026",
        "Årsta 2 förskolor: uppföljning 2026",
        "Enskede gruppbostäder: uppföljning 2026",
        "Årsta hemtjänst: uppföljning 2026",
    ]
    dalen = section[
        section.index("Dalens förskolor: uppföljning 2026") : section.index("Årsta 2 förskolor: uppföljning")
    ]
    assert dalen.count("<tr><td>") == 6  # every commitment, with its result and comment
    assert (
        "<td>Inte uppfyllt</td><td>Elva familjer fick inget utvecklingssamtal under våren. "
        "Alla har erbjudits ett samtal under hösten.</td>"
    ) in dalen
    assert "4 av 6 åtaganden uppfyllda, 1 delvis uppfyllt, 1 inte uppfyllt; 3 begärda rättelser; 5 klagomål" in dalen
    assert "<p><strong>Klagomål:</strong> 5.</p>" in dalen


def test_a_follow_up_that_does_not_match_is_not_ready_and_blocks(sample_repo, tmp_path, capsys):
    path = sample_repo.root / DALEN
    path.write_text(path.read_text(encoding="utf-8").replace("minst en gång per år", "varje termin"), encoding="utf-8")
    sample_repo.commit("Fel åtagande", date="2026-11-21T10:00:00+01:00")
    out = tmp_path / "bilaga.md"
    assert sample_repo.garanti("report", EAV, "--out", str(out), "--arbetsutkast") == 0
    text = out.read_text(encoding="utf-8")
    top = text[text.index("## Inte klart att fastställa") : text.index("## Avdelningen")]
    assert "dalens-forskolor.uppfoljning-2026.yml): fel: Åtagandet finns inte i garantin för 2026" in top


def test_the_markdown_paper_lists_the_follow_ups_one_line_each(sample_repo, capsys):
    assert sample_repo.garanti("report", EAV, "--arbetsutkast") == 0
    text = capsys.readouterr().out
    block = text[text.index("## Uppföljningar") : text.index("## Förändringar per enhet")]
    assert (
        "- Årsta hemtjänst, 2026, ny: 3 av 5 åtaganden uppfyllda, 2 delvis uppfyllda; 6 begärda rättelser; 9 klagomål"
    ) in block
    assert "- Blåsuts förskolor, 2026 (utkast), ny: " in block


def test_the_paper_says_which_follow_ups_the_board_has_already_approved(sample_repo, capsys):
    sample_repo.tag(f"{EAV}/2025-12-18")  # the board approved these follow-ups before
    path = sample_repo.root / DALEN
    path.write_text(path.read_text(encoding="utf-8").replace("complaints: 5", "complaints: 6"), encoding="utf-8")
    sample_repo.commit("Ett klagomål till", date="2026-11-21T10:00:00+01:00")
    assert sample_repo.garanti("report", EAV, "--arbetsutkast") == 0
    text = capsys.readouterr().out
    assert "- Dalens förskolor, 2026, ändrad: " in text
    assert "- Årsta hemtjänst, 2026, oförändrad: " in text
