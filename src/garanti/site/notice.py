"""The wall notice's QR code: a guarantee page's address, drawn at build time.

A resident standing at the printed notice cannot follow a printed URL, so the
notice carries a QR code for it. It is made here with segno (pure Python, no
service): one small SVG file beside each guarantee page, which the page's
print layout shows.

Cost: segno spends nearly all its time choosing among the eight mask patterns
(figures: benchmarks/README.md), so the mask is fixed; any mask gives a valid
code. The codes are made for published builds only: the preview, which editors
rebuild while they write, does not pay for them.
"""

from __future__ import annotations

import io

import segno

from . import paths, record
from .selection import Site

MASK = 2  # fixed: see the cost note above


def qr_svg(address: str) -> str:
    """The address as a QR code in SVG, with a quiet zone, scaled by whoever shows it."""
    buffer = io.BytesIO()
    segno.make(address, error="m", mask=MASK, micro=False).save(
        buffer,
        kind="svg",
        xmldecl=False,
        border=4,
        title=address,
        dark="#000",
        light="#fff",
    )
    return buffer.getvalue().decode("utf-8")


def files(site: Site) -> dict[str, str]:
    """{site path: SVG} for every guarantee page's QR code, and every language version's (its notice
    leads to its own page); none in the preview."""
    if site.preview:
        return {}
    codes = {paths.qr_code(g): qr_svg(site.address(g)) for g in site.guarantees}
    # A version's notice prints its unit's address in its language; so does the version of the text to come.
    pages = {paths.version_page(site.guarantee_worded(v), v.language) for v in site.language_versions}
    pages |= {
        paths.language_version_page(record.unit_page(unit), v.language)
        for unit, text, v in site.language_year_versions()
        if record.version_state(unit, text, site.today) == record.UPCOMING
    }
    for page in sorted(pages):
        codes[paths.qr_code_of(page)] = qr_svg(site.absolute_url(paths.url_of(page)))
    return codes
