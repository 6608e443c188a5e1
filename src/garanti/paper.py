"""The board paper's appendix as a printable document: HTML with a print stylesheet, and a PDF.

The guarantees appear exactly as the site renders them (`site.pages.guarantee_html`), one per page, numbered under
their departments, each followed by its language versions in full, after a cover that names the board, the meeting,
the version (commit) the paper was made from, every unit that is not ready and the drafts the decision leaves out;
then the follow-ups up for approval, each in full. The PDF is printed from that HTML by the Chromium the
project already installs for its browser tests (Debian `chromium`): no other
layout engine, and nothing fetched at run time (the document carries its own
stylesheet, and a Content-Security-Policy forbids every request and script).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import markdown

from . import report as paper_report
from .errors import Refusal
from .model import Corpus
from .site import pages, render
from .site.selection import Settings, Site
from .wording import count_text

STYLESHEET = Path(__file__).resolve().parent / "templates" / "paper" / "bilaga.css"
CHROMIUM_NAMES = ("chromium", "chromium-browser")
PRINT_TIMEOUT_SECONDS = 120


def to_html(report: paper_report.Report, working_draft: bool = False) -> str:
    """The whole appendix as one self-contained HTML document."""
    board = report.board
    site = Site(
        Corpus({board.slug: board}, list(report.guarantees), language_versions=list(report.language_versions)),
        Settings(today=report.meeting),
    )
    numbered = list(enumerate(report.guarantees, start=1))
    versions_of = {
        g.unit_key: [
            (v, _standalone(site.version_view(v))) for v in report.language_versions if v.unit_key == g.unit_key
        ]
        for g in report.guarantees
    }
    departments: dict[str, list] = {}
    for number, guarantee in numbered:
        departments.setdefault(board.departments.get(guarantee.department, guarantee.department), []).append(
            (number, guarantee)
        )
    return render.whole_links(
        pages.render_document(
            "bilaga.html.j2",
            site,
            report=report,
            board=board,
            years=paper_report.years_label(report.guarantees),
            departments=departments,
            guarantees=[(number, g, _standalone(site.view(g)), versions_of[g.unit_key]) for number, g in numbered],
            language_versions=[
                (paper_report.unit_titles(report)[(v.department, v.unit)], v) for v in report.language_versions
            ],
            language_version_note=paper_report.language_version_note,
            language_version_status=lambda version: paper_report.language_version_status(report, version),
            follow_ups=[(paper_report.unit_titles(report)[(f.department, f.unit)], f) for f in report.follow_ups],
            follow_up_summary=paper_report.follow_up_summary,
            follow_up_status=lambda follow_up: paper_report.follow_up_status(report, follow_up),
            changes=_changes_html(report),
            working_draft=working_draft,
            left_out_heading=paper_report.LEFT_OUT_HEADING,
            left_out_note=paper_report.LEFT_OUT_NOTE,
            withdrawn_heading=paper_report.WITHDRAWN_HEADING,
            withdrawn_note=paper_report.WITHDRAWN_NOTE,
            stylesheet=STYLESHEET.read_text(encoding="utf-8"),
            count_units=lambda items: count_text(len(items), "garanti", "garantier"),
        ),
        site.settings.site_url,
    )


def _standalone(view) -> str:
    """A guarantee (or a language version of one) as residents see it, for a document outside the site."""
    return render.clean_page(pages.guarantee_html(view, standalone=True))


def _changes_html(report: paper_report.Report) -> str:
    """The Markdown changes section (shared with the Markdown paper) as sanitised HTML."""
    text = "\n".join(paper_report.changes_section(report))
    return render.clean_page(markdown.markdown(text))


# --- the PDF -----------------------------------------------------------------


def find_chromium() -> str | None:
    """GARANTI_CHROMIUM if set (as for the browser tests), else Debian's chromium on PATH."""
    chosen = os.environ.get("GARANTI_CHROMIUM", "").strip()
    if chosen:
        return chosen if os.access(chosen, os.X_OK) else None
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def write_pdf(html: str, out: Path) -> None:
    """Print the HTML to `out` as A4 PDF with headless Chromium; Refusal if it cannot."""
    chromium = find_chromium()
    if chromium is None:
        raise Refusal(
            "PDF-filen görs med webbläsaren Chromium, som inte finns på datorn. Installera den med "
            "./scripts/setup --browser, eller skriv bilagan som HTML (--out bilaga.html) och skriv ut den "
            "från en webbläsare."
        )
    with tempfile.TemporaryDirectory(prefix="garanti-bilaga-") as work:
        source, printed = Path(work) / "bilaga.html", Path(work) / "bilaga.pdf"
        source.write_text(html, encoding="utf-8")
        command = [
            chromium,
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-default-apps",
            f"--user-data-dir={Path(work) / 'profil'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={printed}",
            source.as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=PRINT_TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise Refusal(f"Chromium blev inte klar med PDF-filen på {PRINT_TIMEOUT_SECONDS} sekunder.") from None
        if done.returncode != 0 or not printed.is_file() or printed.stat().st_size == 0:
            detail = (done.stderr.strip().splitlines() or ["inget meddelande"])[-1]
            raise Refusal(f"Chromium kunde inte göra PDF-filen ({detail}). Skriv bilagan som HTML i stället.")
        shutil.move(printed, out.with_name(f".{out.name}.ny"))
        os.replace(out.with_name(f".{out.name}.ny"), out)
