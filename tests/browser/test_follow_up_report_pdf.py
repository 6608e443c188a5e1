"""The board paper carries the follow-ups, printed by the project's Chromium (issue 14, item 2)."""

from __future__ import annotations

import subprocess

from garanti.layout import CONTENT_DIR

from .helpers import _PDF_PAGE_RE
from .test_report_pdf import HL, sample_repo  # noqa: F401 - the sample repository fixture


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
    words = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "Liljeholmens hemtjänst: uppföljning 2026 (UTKAST)" in words
    assert "Skolan kunde bara ta emot ett besök i våras." in words  # a comment, in full
