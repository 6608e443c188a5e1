"""End to end: `garanti publish` runs the real `mkdocs build --strict` and swaps the site in.

Each is a whole real build, so these few tests carry the HTML
checks; which files are published is tested on the staged tree in
test_plan.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from garanti.publishing import ALLOW_UNVERIFIED as UNVERIFIED

from ..helpers import snapshot, table_cells
from ..repos import Repo, debris, make_repo
from ..samples import NORRA_HOME, SODRA_HOME, home_care_unit


def text(page: Path) -> str:
    """A page's visible text, tags dropped and whitespace collapsed."""
    html = page.read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Repo, Path]:
    """Two boards approved on different dates, then edits, a new unit and a draft after the tags."""
    base = tmp_path_factory.mktemp("published")
    repo = make_repo(base / "repo")
    repo.write("guarantees/norra/aldreomsorg/norra-borttagen.md", home_care_unit("Norrstadens nattpatrull"))
    repo.commit("Nattpatrullen")
    assert repo.approve("norra", "2025-06-12") == 0
    repo.remove("guarantees/norra/aldreomsorg/norra-borttagen.md")
    repo.write(NORRA_HOME, home_care_unit("Norrstadens hemtjänst", "Vi kommer inom en timme när du larmar."))
    repo.commit("Inför 2026")
    assert repo.approve("norra", "2026-01-22", "--bekrafta-farre") == 0  # the night patrol is closed
    assert repo.approve("sodra", "2026-02-19") == 0
    # After the tags: an edit, a new unit and a draft; none of it is approved.
    repo.write(SODRA_HOME, home_care_unit("Sydstadens hemtjänst", "Ej fastställd ändring."))
    repo.write("guarantees/sodra/aldreomsorg/sodra-dagverksamhet.md", home_care_unit("Sydstadens dagverksamhet"))
    repo.write("guarantees/norra/aldreomsorg/norra-utkast.md", home_care_unit("Norrstadens utkastenhet", draft=True))
    repo.commit("Efter besluten")
    out = base / "site"
    assert repo.garanti("publish", "--out", str(out), UNVERIFIED) == 0
    return repo, out


def test_published_site_shows_exactly_what_was_approved(published):
    _, out = published
    norra = text(out / "norra/norra-hemtjanst/index.html")
    assert "Vi kommer inom en timme när du larmar." in norra
    assert "Fastställd av Norrstadens stadsdelsnämnd den 22 januari 2026 (dnr NS-2025/1234, § 14)" in norra
    sodra = text(out / "sodra/sodra-hemtjanst/index.html")
    assert "Du får en kontaktperson inom två veckor." in sodra
    assert "Ej fastställd ändring." not in sodra
    assert "Fastställd av Sydstadens stadsdelsnämnd den 19 februari 2026 (dnr SS-2026/7)" in sodra
    assert not (out / "sodra/sodra-dagverksamhet").exists()  # added after the tag
    assert not (out / "norra/norra-utkast").exists()  # a draft
    # Removed by the latest decision: its old address says so, and no list leads to it.
    closed = text(out / "norra/norra-borttagen/index.html")
    assert "Garantin gäller inte längre" in closed
    assert "fastställde den 22 januari 2026 garantierna utan den här enheten" in closed
    assert "norra-borttagen" not in (out / "norra/aldreomsorg/index.html").read_text(encoding="utf-8")
    everything = "\n".join(page.read_text(encoding="utf-8") for page in out.rglob("*.html"))
    for unapproved in (
        "Ej fastställd ändring",
        "Sydstadens dagverksamhet",
        "Norrstadens utkastenhet",
        "Förhandsgranskning",
    ):
        assert unapproved not in everything


def test_decisions_page_lists_every_approval(published):
    _, out = published
    page = " ".join(table_cells((out / "beslut/index.html").read_text(encoding="utf-8")))
    for expected in (
        "Norrstadens stadsdelsnämnd 22 januari 2026 dnr NS-2025/1234, § 14 2 1 ändrad, 1 borttagen",
        "Norrstadens stadsdelsnämnd 12 juni 2025",
        "första fastställda versionen",
        "Sydstadens stadsdelsnämnd 19 februari 2026 dnr SS-2026/7 1",
    ):
        assert expected in page


def test_next_tag_publishes_the_waiting_changes_and_replaces_the_site(published, capsys):
    repo, out = published
    (out / "gammal-fil.html").write_text("från förra publiceringen", encoding="utf-8")
    assert repo.approve("sodra", "2026-11-19") == 0
    assert repo.garanti("publish", "--out", str(out), UNVERIFIED) == 0
    summary = capsys.readouterr().out
    assert "sodra: 2 garantier enligt beslutet sodra/2026-11-19" in summary
    assert "norra: 2 garantier enligt beslutet norra/2026-01-22" in summary
    assert "Ej fastställd ändring." in text(out / "sodra/sodra-hemtjanst/index.html")
    assert (out / "sodra/sodra-dagverksamhet/index.html").is_file()
    assert not (out / "gammal-fil.html").exists()  # the whole folder is replaced
    assert not (out / "norra/norra-utkast").exists()
    assert debris(out) == []


def test_failed_build_leaves_the_previous_site_intact(published, capsys, tmp_path):
    repo, out = published
    before = snapshot(out)
    repo.write("docs/om.md", "# Om\n\n[En länk som inte leder någonstans](finns-inte.md)\n")
    repo.commit("Trasig länk: --strict stoppar bygget")
    try:
        assert repo.garanti("publish", "--out", str(out), UNVERIFIED) == 1
        err = capsys.readouterr().err
        assert "webbplatsen gick inte att bygga" in err
        assert "finns-inte.md" in err
        assert snapshot(out) == before
        assert debris(out) == []
    finally:
        repo.git("revert", "--no-edit", "HEAD")


def test_publish_refuses_to_replace_a_folder_that_is_not_a_site(published, capsys, tmp_path):
    repo, _ = published
    precious = tmp_path / "dokument"
    precious.mkdir()
    (precious / "viktigt.txt").write_text("rör inte", encoding="utf-8")
    assert repo.garanti("publish", "--out", str(precious), UNVERIFIED) == 1
    assert "innehåller redan annat än en webbplats" in capsys.readouterr().err
    assert (precious / "viktigt.txt").read_text(encoding="utf-8") == "rör inte"
    assert repo.garanti("publish", "--out", str(repo.root), UNVERIFIED) == 1
    assert "skulle ersätta projektmappen" in capsys.readouterr().err


def test_the_decision_can_be_checked_board_date_paragraph_case_number_and_minutes(published):
    """Issue 9, item 3: every page shows the decision, and links the meeting's minutes when board.yml has them."""
    _, out = published
    page = (out / "norra/norra-hemtjanst/index.html").read_text(encoding="utf-8")
    assert (
        "Fastställd av Norrstadens stadsdelsnämnd den 22 januari 2026 (dnr NS-2025/1234, § 14). "
        '<a href="https://start.stockholm/protokoll/norrstaden-2026-01-22/">Protokollet från sammanträdet</a>'
    ) in page
    decisions = (out / "beslut/index.html").read_text(encoding="utf-8")
    assert (
        '<a href="https://start.stockholm/protokoll/norrstaden-2026-01-22/">Protokoll 22 januari 2026</a>'
        in table_cells(decisions)
    )
    assert decisions.count("Protokoll 22 januari 2026") == 1  # sodra's and the older meetings have none: "–"
    board = (out / "norra/index.html").read_text(encoding="utf-8")
    assert "Protokollet från sammanträdet" in board
    sodra = (out / "sodra/sodra-hemtjanst/index.html").read_text(encoding="utf-8")
    assert "Fastställd av Sydstadens stadsdelsnämnd den " in sodra and "Protokollet" not in sodra  # no minutes given
