"""The decision on the pages (a meeting's minutes in board.yml) and the wall notice's QR code."""

from __future__ import annotations

import pytest

import datetime as dt

from garanti.content import check_tree
from garanti.site import notice, paths
from garanti.publication import from_data as parse_approvals
from garanti.site.selection import Settings, Site

from .conftest import BOARD_YML, write

MEETING = '  - date: 2026-01-22\n    case_number: PS-2025/100\n    paragraph: "§ 7"\n'


@pytest.mark.parametrize("address, ok", [
    ("https://start.stockholm/protokoll/2026-01-22/", True),
    ("http://start.stockholm/protokoll/", False),
    ("javascript:alert(1)", False),
    ('"https://x.example/a b"', False),
])
def test_minutes_must_be_an_https_address(content_repo, address, ok):
    assert MEETING in BOARD_YML
    write(content_repo, "guarantees/provstaden/board.yml", BOARD_YML.replace(MEETING, MEETING + f"    minutes: {address}\n"))
    result = check_tree(content_repo)
    assert result.ok is ok, [str(p) for p in result.problems]
    if ok:
        meeting = result.corpus.boards["provstaden"].meetings[0]
        assert meeting.minutes == address
    else:
        assert any(p.path.endswith("board.yml") and p.line == 11 for p in result.problems)


def test_every_published_guarantee_gets_a_qr_code_of_its_address_beside_its_page(content_repo):
    corpus = check_tree(content_repo).corpus
    publication = parse_approvals({"approvals": {"provstaden": {
        "tag": "provstaden/2026-01-22", "date": "2026-01-22", "commit": "0" * 40}}})
    site = Site(corpus, Settings(today=dt.date(2026, 6, 1), site_url="https://exempel.stockholm/", publication=publication))
    files = notice.files(site)
    assert sorted(files) == sorted(paths.qr_code(g) for g in site.guarantees)
    svg = files["provstaden/provstadens-hemtjanst/qr.svg"]
    assert svg.startswith("<svg") and "<title>https://exempel.stockholm/provstaden/provstadens-hemtjanst/</title>" in svg
    assert "<script" not in svg and "href" not in svg
    assert notice.qr_svg("https://a.example/x/") != notice.qr_svg("https://a.example/y/")
    preview = Site(corpus, Settings(today=dt.date(2026, 6, 1)))
    assert notice.files(preview) == {}  # the preview stays fast: no codes
