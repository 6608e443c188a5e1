"""The approval chain on the sample corpus, as issue 9 tried it: real git, real annotated tags.

Each scenario of the issue is played as a new secretary would, following the
guides on the sample boards (today is 2026-11-24), and must be refused or made
explicit with a Swedish message that says what to do.
"""

from __future__ import annotations

from garanti.commands.publish import HELD_BACK
from garanti.publishing import ALLOW_UNVERIFIED as UNVERIFIED

from ..samples import EAV, HL

BOARD_FOLDER = f"guarantees/{HL}"


def test_a_meeting_three_weeks_ahead_is_refused(sample_repo, capsys):
    # `garanti tag enskede-arsta-vantor 2026-12-17` used to succeed, and the pages said
    # "Fastställd … den 17 december 2026" before the board had met.
    assert sample_repo.approve(EAV, "2026-12-17") == 1
    err = capsys.readouterr().err
    assert "Sammanträdet 2026-12-17 har inte hållits än (i dag är det 2026-11-24)" in err
    assert "Ingen tagg har skapats." in err
    assert sample_repo.tags() == []


def test_a_raw_tag_for_a_meeting_not_yet_held_stops_the_publish(sample_repo, tmp_path, capsys):
    sample_repo.tag(f"{EAV}/2026-12-17")
    assert sample_repo.garanti("publish", "--out", str(tmp_path / "site"), UNVERIFIED) == HELD_BACK
    assert "Sammanträdet 2026-12-17 har inte hållits än" in capsys.readouterr().err
    assert not (tmp_path / "site" / EAV).exists()  # the tag publishes nothing; its board has no other


def test_approving_today_s_texts_at_a_2011_meeting_is_refused(sample_repo, capsys):
    # `garanti tag enskede-arsta-vantor 2011-02-17` on today's content used to succeed.
    assert sample_repo.approve(EAV, "2011-02-17") == 1
    err = capsys.readouterr().err
    assert "gjordes 2026-11-20, efter sammanträdet 2011-02-17: nämnden kan inte ha fått den" in err
    assert sample_repo.tags() == []


def test_an_expired_guarantee_is_not_approved_without_a_word(sample_repo, monkeypatch, capsys):
    monkeypatch.setenv("GARANTI_TODAY", "2026-12-18")
    assert sample_repo.approve(EAV, "2026-12-17") == 1
    err = capsys.readouterr().err
    assert (
        f"guarantees/{EAV}/forskola-och-fritid/fritid-omrade-3.md: "
        "giltighetstiden slutade 2025-12-31, före sammanträdet 2026-12-17"
    ) in err
    assert sample_repo.tags() == []


def test_after_a_rollover_the_board_does_not_vanish_from_the_site(sample_repo, monkeypatch, tmp_path, capsys):
    # The board approved its guarantees in December 2025 and they are on the site.
    sample_repo.commit("Bilagan inför december 2025", date="2025-12-01T10:00:00+01:00")
    assert sample_repo.approve(HL, "2025-12-11") == 0
    site = tmp_path / "site"
    assert sample_repo.garanti("publish", "--out", str(site), UNVERIFIED) == 0
    assert (site / HL / "hagerstens-hemtjanst/index.html").is_file()
    # `garanti rollover hagersten-liljeholmen 2027` is merged: every unit is a draft.
    assert sample_repo.garanti("rollover", HL, "2027") == 0
    sample_repo.commit("Hägersten-Liljeholmen: garantierna inför 2027", date="2026-11-25T10:00:00+01:00")
    capsys.readouterr()
    monkeypatch.setenv("GARANTI_TODAY", "2026-12-11")
    assert sample_repo.approve(HL, "2026-12-10") == 1
    err = capsys.readouterr().err
    assert "Beslutet skulle publicera 0 garantier, men i dag är 10 publicerade." in err
    assert "Hägerstens hemtjänst" in err and "Västertorps förskolor" in err
    assert "kör kommandot igen med --bekrafta-farre" in err
    # The paper and the tag say the same of a board whose units are all drafts (issue 21, item 2).
    nothing = "inget att fastställa: alla 11 garantier är utkast (draft: true)"
    assert f"{BOARD_FOLDER}: {nothing}" in err
    assert sample_repo.garanti("report", HL, "--sammantrade", "2026-12-10") == 1
    assert f"{BOARD_FOLDER}: {nothing}" in capsys.readouterr().err
    assert sample_repo.tags() == [f"{HL}/2025-12-11"]
    assert sample_repo.garanti("publish", "--out", str(site), UNVERIFIED) == 0
    assert (site / HL / "hagerstens-hemtjanst/index.html").is_file()  # the printed notices' address still answers
