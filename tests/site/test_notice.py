"""The wall notice's QR code, made beside every published guarantee's page."""

from __future__ import annotations

import datetime as dt

from garanti.content import check_tree
from garanti.site import notice, paths
from garanti.site.selection import Settings, Site

from ..repos import published_site


def test_every_published_guarantee_gets_a_qr_code_of_its_address_beside_its_page(content_repo):
    corpus = check_tree(content_repo).corpus
    site = published_site(content_repo, "provstaden/2026-01-22", site_url="https://exempel.stockholm/")
    files = notice.files(site)
    assert sorted(files) == sorted(paths.qr_code(g) for g in site.guarantees)
    svg = files["provstaden/provstadens-hemtjanst/qr.svg"]
    assert (
        svg.startswith("<svg") and "<title>https://exempel.stockholm/provstaden/provstadens-hemtjanst/</title>" in svg
    )
    assert "<script" not in svg and "href" not in svg
    assert notice.qr_svg("https://a.example/x/") != notice.qr_svg("https://a.example/y/")
    preview = Site(corpus, Settings(today=dt.date(2026, 6, 1)))
    assert notice.files(preview) == {}  # the preview stays fast: no codes
