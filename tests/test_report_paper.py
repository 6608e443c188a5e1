"""`garanti report --out bilaga.html`: the appendix the board approves, on the sample corpus in real git.

The issue's scenario: after `garanti new` (a draft full of "Skriv här…") the paper
listed the unit like any other, warned only on the terminal, and held no
guarantee text at all.
"""

from __future__ import annotations

import re

from .publish_repo import Repo
from .test_approval_scenarios import HL, sample  # noqa: F401 - the sample repository fixture

SOLROSEN = "guarantees/hagersten-liljeholmen/forskola/solrosens-forskola.md"
LEFT_OUT = "Utkast som inte fastställs nu"


def _new_unit(repo: Repo) -> None:
    assert repo.garanti("new", f"{HL}/forskola/solrosens-forskola", "--title", "Solrosens förskola",
                        "--service", "förskola", "--year", "2026") == 0
    repo.commit("Solrosens förskola", date="2026-11-21T10:00:00+01:00")


def test_the_paper_holds_every_guarantee_in_full_and_lists_what_is_not_ready_at_the_top(sample, tmp_path, capsys):
    _new_unit(sample)
    capsys.readouterr()
    out = tmp_path / "bilaga.html"
    assert sample.garanti("report", HL, "--out", str(out)) == 1  # an expired guarantee: not a paper for the board
    err = capsys.readouterr().err
    assert "Bilagan är inte klar att skickas till nämnden" in err
    html = out.read_text(encoding="utf-8")
    top = html[html.index("Inte klart att fastställa"):html.index(LEFT_OUT)]
    assert "socialpsykiatrins-boendestod.md): giltighetstiden slutade 2025-12-31, före sammanträdet 2026-12-10" in top
    assert "Solrosens" not in top  # a draft is left out on purpose, not a reason to wait
    drafts = html[html.index(LEFT_OUT):html.index("<h2>Innehåll</h2>")]
    assert f"<strong>Solrosens förskola</strong> ({SOLROSEN}): utkast (draft: true)" in drafts
    assert f"<strong>Solrosens förskola</strong> ({SOLROSEN}): har kvar text från mallen" in drafts
    # The version the paper was made from, short as the tag command wants it (issue 21, item 10).
    head = sample.git("rev-parse", "HEAD")
    assert f"<code class=\"bilaga-version\">{head[:10]}</code>" in html
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


def test_a_draft_left_out_on_purpose_is_normal_for_the_paper_and_the_tag_alike(sample, tmp_path, capsys, monkeypatch):
    """The paper and the tag follow one rule (issue 21, item 2): a draft is listed as left out,
    the paper is ready (exit 0), and both say the same of what is approved and what is not."""
    sample.remove(f"guarantees/{HL}/social-omsorg/socialpsykiatrins-boendestod.md")  # expired: the board removes it
    _new_unit(sample)
    capsys.readouterr()
    out = tmp_path / "bilaga.html"
    assert sample.garanti("report", HL, "--out", str(out)) == 0
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
    assert sample.approve(HL, "2026-12-10") == 0
    assert f"är skapad på versionen {sample.git('rev-parse', 'HEAD')[:10]}: {decision} fastställda {left_out}." in (
        capsys.readouterr().out)


def test_a_working_draft_is_marked_and_exits_zero(sample, tmp_path, capsys):
    _new_unit(sample)
    out = tmp_path / "bilaga.html"
    assert sample.garanti("report", HL, "--out", str(out), "--arbetsutkast") == 0
    html = out.read_text(encoding="utf-8")
    assert "<title>Arbetsutkast: Bilaga: Enheternas kvalitetsgarantier" in html
    assert "Arbetsutkast – inte underlag för beslut" in html
    assert "Bilagan är ett arbetsutkast (--arbetsutkast)." in capsys.readouterr().err


def test_a_ready_paper_exits_zero_and_has_no_not_ready_list(sample, tmp_path, monkeypatch, capsys):
    for path in ("forskola/aspuddens-forskolor.md", "social-omsorg/socialpsykiatrins-boendestod.md",
                 "aldreomsorg/liljeholmens-hemtjanst.uppfoljning-2026.yml"):  # a draft follow-up
        sample.remove(f"guarantees/{HL}/{path}")
    sample.commit("Bara färdiga garantier", date="2026-11-21T10:00:00+01:00")
    out = tmp_path / "bilaga.html"
    assert sample.garanti("report", HL, "--out", str(out)) == 0
    html = out.read_text(encoding="utf-8")
    assert "Inte klart att fastställa" not in html and LEFT_OUT not in html and "Arbetsutkast" not in html
    assert "<tr><th scope=\"row\">Sammanträde</th><td>10 december 2026</td></tr>" in html


def test_the_meeting_can_be_named_and_unknown_formats_are_refused(sample, tmp_path, capsys):
    out = tmp_path / "bilaga.html"
    assert sample.garanti("report", HL, "--sammantrade", "2027-02-01", "--out", str(out), "--arbetsutkast") == 0
    assert "giltighetstiden slutade 2025-12-31, före sammanträdet 2027-02-01" in out.read_text(encoding="utf-8")
    assert sample.garanti("report", HL, "--out", str(tmp_path / "bilaga.docx")) == 2
    assert "välj ett filnamn som slutar på .pdf, .html eller .md" in capsys.readouterr().err
