"""The board paper as PDF, printed by the project's Chromium: one guarantee per A4 page, nothing
fetched, and the follow-ups after the guarantees on pages of their own (issue 14, item 2)."""

from __future__ import annotations

import re
import subprocess

import pytest

from garanti.layout import CONTENT_DIR

from ..helpers import REPO_ROOT
from ..samples import HL
from .helpers import _PDF_PAGE_RE, record_requests


@pytest.fixture
def sample_repo(sample_repo, monkeypatch, chromium_path):
    """conftest's sample_repo, its papers printed by the project's Chromium."""
    monkeypatch.setenv("GARANTI_CHROMIUM", chromium_path)
    return sample_repo


def test_sample_board_paper_prints_one_guarantee_per_page(sample_repo, tmp_path):
    # The guarantees alone: the follow-ups' own pages are counted below.
    for path in sorted((sample_repo.root / CONTENT_DIR / HL).glob("*/*.uppfoljning-*.yml")):
        sample_repo.remove(path.relative_to(sample_repo.root).as_posix())
    sample_repo.commit("Utan uppföljningar", date="2026-11-20T11:00:00+01:00")
    out = tmp_path / "bilaga.pdf"
    assert sample_repo.garanti("report", HL, "--out", str(out), "--arbetsutkast") == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    units = len(list((REPO_ROOT / CONTENT_DIR / HL).glob("*/*.md")))  # guarantees and their language versions
    # The cover, then each guarantee and each language version on a page of its own (each starts a page and
    # fits it), then the changes.
    assert len(_PDF_PAGE_RE.findall(data)) == 1 + units + 1
    assert not list(tmp_path.glob(".bilaga.pdf*"))  # no half-written file left beside it


def test_the_paper_fetches_nothing(sample_repo, tmp_path, browser, serve_dir):
    out = tmp_path / "bilaga.html"
    assert sample_repo.garanti("report", HL, "--out", str(out), "--arbetsutkast") == 0
    context = browser.new_context()
    try:
        requests = record_requests(context)
        page = context.new_page()
        address = serve_dir(tmp_path).rstrip("/") + "/bilaga.html"
        page.goto(address)
        assert page.locator("section.bilaga-garanti").count() == 11
        assert [url for url in requests if url != address] == []
    finally:
        context.close()


def test_the_papers_pdf_links_only_to_whole_addresses(sample_repo, tmp_path):
    """A link the check accepted (//host, ../../etc/passwd, \\\\server) became file://… in the PDF, and a
    relative one leaked the temporary folder's path; a link on the site itself (/…) would too."""
    unit = sample_repo.root / CONTENT_DIR / HL / "forskola" / "aspuddens-forskolor.md"
    text = unit.read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    unit.write_text(
        f"{front}\n---\nLäs mer på [nämndens sida](/{HL}/) och [Stockholms stad](https://start.stockholm/).\n\n" + body,
        encoding="utf-8",
    )
    sample_repo.commit("En länk på webbplatsen", date="2026-11-20T11:00:00+01:00")
    out = tmp_path / "bilaga.pdf"
    assert sample_repo.garanti("report", HL, "--out", str(out), "--arbetsutkast") == 0
    addresses = [match.decode("latin-1") for match in re.findall(rb"/URI\s*\(([^)]*)\)", out.read_bytes())]
    assert f"https://kvalitetsgarantier.stockholm/{HL}/" in addresses
    assert addresses and all(address.startswith(("https://", "http://", "mailto:", "tel:")) for address in addresses)
    assert not [address for address in addresses if str(tmp_path) in address or "file:" in address]


def test_the_follow_ups_follow_the_guarantees_on_pages_of_their_own(sample_repo, tmp_path):
    out = tmp_path / "bilaga.pdf"
    assert sample_repo.garanti("report", HL, "--out", str(out), "--arbetsutkast") == 0
    units = len(list((sample_repo.root / CONTENT_DIR / HL).glob("*/*.md")))
    pages = len(_PDF_PAGE_RE.findall(out.read_bytes()))
    assert pages > 1 + units + 1  # the cover, a page per guarantee, the follow-ups, the changes
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    pages_text = text.split("\f")
    first = next(i for i, page in enumerate(pages_text) if "Fruängens förskolor: uppföljning 2026" in page)
    assert first > units  # after the cover and every guarantee
    assert pages_text[first].split()[0] == "Uppföljningar"  # the section starts a page of its own
    words = " ".join(
        subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "Liljeholmens hemtjänst: uppföljning 2026 (UTKAST)" in words
    assert "Skolan kunde bara ta emot ett besök i våras." in words  # a comment, in full
