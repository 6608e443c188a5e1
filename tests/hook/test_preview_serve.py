"""The preview follows the editor's saves: a real `mkdocs serve`, real files, pages fetched over HTTP.

Issue 13: the index pages follow additions, moves and deletions, and a broken
save shows its problems (the same Swedish messages as `garanti check`) in the
browser, until the next good save brings the site back, without a restart.
"""

from __future__ import annotations

import html
import re

from ..helpers import run, write
from ..preview_server import HOME_CARE_PAGE, Preview
from ..samples import HOME, home_care

OLD_AGE_PAGE = "provstaden/aldreomsorg/"
PRESCHOOL_DEPARTMENT_PAGE = "provstaden/forskola/"


def searchable(preview: Preview, count: int) -> None:
    """Wait until the search index (made right after each build) has `count` pages."""
    preview.wait_until(
        "pagefind/pagefind-entry.json",
        lambda status, body: status == 200 and re.search(f'"page_count":{count}[,}}]', body),
        f"indexed {count} pages for the search",
    )


def listed_units(page_html: str) -> list[str]:
    """The unit names a department page lists."""
    return re.findall(r'<li><a href="[^"]*">([^<]+)</a> – ', page_html)


def test_index_pages_follow_an_addition_a_move_and_a_deletion(preview: Preview):
    root = preview.root
    # Added: the department lists it and its page is served.
    write(root, "guarantees/provstaden/aldreomsorg/solgardens-hemtjanst.md", home_care("Solgårdens hemtjänst"))
    page = preview.wait_for_text(OLD_AGE_PAGE, "Solgårdens hemtjänst")
    assert listed_units(page) == ["Provstadens hemtjänst", "Solgårdens hemtjänst"]
    preview.wait_for_text("provstaden/solgardens-hemtjanst/", "Vi hjälper dig att leva ett tryggt liv hemma.")
    assert "2 gällande garantier" in preview.wait_for_text("provstaden/", "Solgårdens")
    searchable(preview, 3)  # the search follows too, right after the page is served

    # Moved to another department (same board, so the same address): the old list loses it, the new one has it.
    (root / "guarantees/provstaden/aldreomsorg/solgardens-hemtjanst.md").rename(
        root / "guarantees/provstaden/forskola/solgardens-hemtjanst.md"
    )
    page = preview.wait_for_text(PRESCHOOL_DEPARTMENT_PAGE, "Solgårdens hemtjänst")
    assert "Solgårdens hemtjänst" in listed_units(page)
    assert listed_units(preview.get(OLD_AGE_PAGE)[1]) == ["Provstadens hemtjänst"]
    assert "Avdelningen för förskola" in preview.get("provstaden/solgardens-hemtjanst/")[1]

    # Renamed (a new address): the old page goes away, the new one is listed.
    (root / "guarantees/provstaden/forskola/solgardens-hemtjanst.md").rename(
        root / "guarantees/provstaden/forskola/solgarden.md"
    )
    page = preview.wait_until(
        PRESCHOOL_DEPARTMENT_PAGE,
        lambda status, body: "solgarden/" in body and "solgardens-hemtjanst/" not in body,
        "linked the renamed unit",
    )
    preview.wait_for_missing("provstaden/solgardens-hemtjanst/")
    preview.wait_for_text("provstaden/solgarden/", "Solgårdens hemtjänst")

    # Deleted: no list has it, its page is gone, the counts follow.
    (root / "guarantees/provstaden/forskola/solgarden.md").unlink()
    preview.wait_until(PRESCHOOL_DEPARTMENT_PAGE, lambda status, body: "Solgårdens" not in body, "dropped the unit")
    preview.wait_for_missing("provstaden/solgarden/")
    assert "Solgårdens" not in preview.get("verksamhet/hemtjanst/")[1]
    searchable(preview, 2)
    status, open_data = preview.get("oppna-data/garantier.json")
    assert status == 200 and "Provstadens hemtjänst" in open_data and "Solgårdens" not in open_data

    # board.yml: a department renamed shows under its new name.
    board = root / "guarantees/provstaden/board.yml"
    board.write_text(
        board.read_text(encoding="utf-8").replace("Avdelningen för äldreomsorg", "Äldreomsorgen"), encoding="utf-8"
    )
    preview.wait_for_text(OLD_AGE_PAGE, "Äldreomsorgen – Provstaden")
    preview.wait_for_text(HOME_CARE_PAGE, "Äldreomsorgen")


def test_a_broken_save_shows_its_problems_in_the_browser_until_the_next_good_save(preview: Preview, capsys):
    root = preview.root
    good = (root / HOME).read_text(encoding="utf-8")
    (root / HOME).write_text(
        good.replace("service: hemtjänst", "service: hemtjänster").replace("title: Provstadens hemtjänst\n", ""),
        encoding="utf-8",
    )
    code, expected, _ = run(root, "check", capsys=capsys)
    messages = [line for line in expected.splitlines() if line.startswith(HOME)]
    assert code == 1 and len(messages) == 2, expected

    # The broken unit's own page, where the editor is looking, shows every message garanti check gives…
    page = preview.wait_for_text(HOME_CARE_PAGE, "Sidan kan inte visas")
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    for message in messages:
        assert message in shown
    # … and so does the start page, above the site built from what is valid.
    start = html.unescape(re.sub(r"<[^>]+>", "", preview.get("")[1]))
    assert "2 fel i innehållet" in start and all(message in start for message in messages)
    assert "Provstadens förskolor" in preview.get(PRESCHOOL_DEPARTMENT_PAGE)[1]

    # The next good save brings the page back; the problems are gone everywhere.
    (root / HOME).write_text(good, encoding="utf-8")
    page = preview.wait_for_text(HOME_CARE_PAGE, "Vi hjälper dig att leva ett tryggt liv hemma.")
    assert "fel i innehållet" not in page
    assert "fel i innehållet" not in preview.get("")[1]


def test_a_broken_board_shows_on_its_page_and_an_unreadable_file_on_the_start_page(preview: Preview, capsys):
    root = preview.root
    board = root / "guarantees/provstaden/board.yml"
    good = board.read_text(encoding="utf-8")
    board.write_text(good.replace("kind: stadsdelsnämnd", "kind: [stadsdelsnämnd"), encoding="utf-8")
    write(root, "guarantees/provstaden/aldreomsorg/Ny enhet.md", home_care("Ny enhet"))
    code, expected, _ = run(root, "check", capsys=capsys)
    assert code == 1
    page = html.unescape(re.sub(r"<[^>]+>", "", preview.wait_for_text("provstaden/", "Sidan kan inte visas")))
    start = html.unescape(re.sub(r"<[^>]+>", "", preview.get("")[1]))
    messages = [line for line in expected.splitlines() if line.startswith("guarantees/")]
    assert len(messages) == 2, expected
    for message in messages:
        assert message in start
        if message.startswith("guarantees/provstaden/board.yml"):
            assert message in page

    board.write_text(good, encoding="utf-8")
    (root / "guarantees/provstaden/aldreomsorg/Ny enhet.md").unlink()
    preview.wait_for_text("provstaden/", "Avdelningen för äldreomsorg")
    assert "fel i innehållet" not in preview.get("")[1]


def test_a_saved_theme_template_reaches_the_open_pages(preview: Preview):
    """overrides/ is watched, and a saved template renders again pages whose content did not change."""
    main = preview.root / "overrides/main.html"
    main.write_text(
        main.read_text(encoding="utf-8").replace("{{ lang.garanti.preview_note }}", "Förhandsgranskning – ett utkast."),
        encoding="utf-8",
    )
    preview.wait_for_text(HOME_CARE_PAGE, "Förhandsgranskning – ett utkast.")
    assert "Förhandsgranskning – ett utkast." in preview.get(OLD_AGE_PAGE)[1]


def test_stopping_the_preview_leaves_no_site_folder_behind(preview: Preview):
    # The site being served, what its search indexes of each page (search.IndexSource) and, while
    # Pagefind runs, its bundle (search.IndexRun). Temporary folders end in 8 random characters.
    kinds = {folder.name[:-8] for folder in preview.temp.iterdir()}
    assert (
        {"mkdocs_", "garanti-arbete-sok-"} <= kinds <= {"mkdocs_", "garanti-arbete-sok-", "garanti-arbete-sokindex-"}
    ), kinds
    preview.stop()
    assert list(preview.temp.iterdir()) == []
