"""`garanti report` carries the follow-ups up for approval with the guarantees (issue 14, item 2)."""

from __future__ import annotations

import re

from .test_approval_scenarios import EAV, sample  # noqa: F401 - the sample repository fixture

DALEN = f"guarantees/{EAV}/forskola-och-fritid/dalens-forskolor.uppfoljning-2026.yml"
BLASUT = f"guarantees/{EAV}/forskola-och-fritid/blasuts-forskolor.uppfoljning-2026.yml"


def test_the_paper_holds_each_follow_up_in_full_and_lists_draft_follow_ups_as_left_out(sample, tmp_path, capsys):
    out = tmp_path / "bilaga.html"
    assert sample.garanti("report", EAV, "--out", str(out)) == 1  # the sample has an expired guarantee
    assert f"{BLASUT}: utkast (draft: true): publiceras inte" in capsys.readouterr().err
    html = out.read_text(encoding="utf-8")
    top = html[html.index("Utkast som inte fastställs nu"):html.index("<h2>Innehåll</h2>")]
    assert f"<strong>Blåsuts förskolor, uppföljning 2026</strong> ({BLASUT}): utkast (draft: true)" in top
    assert "<tr><th scope=\"row\">Uppföljningar</th><td>5 uppföljningar</td></tr>" in html
    section = html[html.index('<section class="bilaga-uppfoljningar">'):html.index('<section class="bilaga-andringar">')]
    titles = re.findall(r"<h3>([^<]+)</h3>", section)
    assert titles == ["Blåsuts förskolor: uppföljning 2026 (UTKAST)", "Dalens förskolor: uppföljning 2026",
                      "Årsta 2 förskolor: uppföljning 2026", "Enskede gruppbostäder: uppföljning 2026",
                      "Årsta hemtjänst: uppföljning 2026"]
    dalen = section[section.index("Dalens förskolor: uppföljning 2026"):section.index("Årsta 2 förskolor: uppföljning")]
    assert dalen.count("<tr><td>") == 6  # every commitment, with its result and comment
    assert ("<td>Inte uppfyllt</td><td>Elva familjer fick inget utvecklingssamtal under våren. "
            "Alla har erbjudits ett samtal under hösten.</td>") in dalen
    assert "4 av 6 åtaganden uppfyllda, 1 delvis uppfyllt, 1 inte uppfyllt; 3 begärda rättelser; 5 klagomål" in dalen
    assert "<p><strong>Klagomål:</strong> 5.</p>" in dalen


def test_a_follow_up_that_does_not_match_is_not_ready_and_blocks(sample, tmp_path, capsys):
    path = sample.root / DALEN
    path.write_text(path.read_text(encoding="utf-8").replace("minst en gång per år", "varje termin"), encoding="utf-8")
    sample.commit("Fel åtagande", date="2026-11-21T10:00:00+01:00")
    out = tmp_path / "bilaga.md"
    assert sample.garanti("report", EAV, "--out", str(out), "--arbetsutkast") == 0
    text = out.read_text(encoding="utf-8")
    top = text[text.index("## Inte klart att fastställa"):text.index("## Avdelningen")]
    assert "dalens-forskolor.uppfoljning-2026.yml): fel: Åtagandet finns inte i garantin för 2026" in top


def test_the_markdown_paper_lists_the_follow_ups_one_line_each(sample, capsys):
    assert sample.garanti("report", EAV, "--arbetsutkast") == 0
    text = capsys.readouterr().out
    block = text[text.index("## Uppföljningar"):text.index("## Förändringar per enhet")]
    assert ("- Årsta hemtjänst, 2026, ny: 3 av 5 åtaganden uppfyllda, 2 delvis uppfyllda; 6 begärda rättelser; "
            "9 klagomål") in block
    assert "- Blåsuts förskolor, 2026 (utkast), ny: " in block


def test_the_paper_says_which_follow_ups_the_board_has_already_approved(sample, capsys):
    sample.tag(f"{EAV}/2025-12-18")  # the board approved these follow-ups before
    path = sample.root / DALEN
    path.write_text(path.read_text(encoding="utf-8").replace("complaints: 5", "complaints: 6"), encoding="utf-8")
    sample.commit("Ett klagomål till", date="2026-11-21T10:00:00+01:00")
    assert sample.garanti("report", EAV, "--arbetsutkast") == 0
    text = capsys.readouterr().out
    assert "- Dalens förskolor, 2026, ändrad: " in text
    assert "- Årsta hemtjänst, 2026, oförändrad: " in text
