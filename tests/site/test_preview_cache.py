"""What the preview keeps between builds gives the same answers as starting afresh.

Every test changes files between two checks (or two builds) with one cache and
compares with a check (or build) without one: the cache may only save work.
"""

from __future__ import annotations

import os
from pathlib import Path

from garanti.content import LoadCache, check_tree
from garanti.site.build import PreviewCache, SiteBuild

from ..helpers import TODAY, write
from ..samples import HOME

ENVIRON = {"GARANTI_TODAY": TODAY}


def same_as_fresh(root: Path, cache: LoadCache) -> None:
    cached, fresh = check_tree(root, cache=cache), check_tree(root)
    assert cached.problems == fresh.problems
    assert cached.corpus == fresh.corpus


def save(path: Path, text: str) -> None:
    """Write a file so that its size stays the same: only its times tell that it changed."""
    before = path.stat()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))


def test_a_changed_unit_is_checked_again(content_repo: Path):
    cache = LoadCache()
    same_as_fresh(content_repo, cache)
    unit = content_repo / HOME
    save(unit, unit.read_text(encoding="utf-8").replace("title: Provstadens", "titel: Provstadens"))
    same_as_fresh(content_repo, cache)
    assert check_tree(content_repo, cache=cache).problems
    save(unit, unit.read_text(encoding="utf-8").replace("titel: Provstadens", "title: Provstadens"))
    same_as_fresh(content_repo, cache)
    assert not check_tree(content_repo, cache=cache).problems


def test_a_units_check_follows_what_it_takes_from_board_yml(content_repo: Path):
    """A unit without complaints takes the board's; removing those makes the unit invalid."""
    unit = content_repo / HOME
    assert "complaints" not in unit.read_text(encoding="utf-8")
    cache = LoadCache()
    same_as_fresh(content_repo, cache)
    board = content_repo / "guarantees/provstaden/board.yml"
    text = board.read_text(encoding="utf-8")
    board.write_text(
        text.replace("  complaints: Tala med personalen eller lämna synpunkter på stockholm.se.\n", ""),
        encoding="utf-8",
    )
    same_as_fresh(content_repo, cache)
    assert any(problem.path == HOME for problem in check_tree(content_repo, cache=cache).problems)
    board.write_text(text.replace("departments:", "departments:\n  fritid: Fritid"), encoding="utf-8")
    same_as_fresh(content_repo, cache)


def test_units_added_moved_and_removed(content_repo: Path):
    cache = LoadCache()
    same_as_fresh(content_repo, cache)
    unit = content_repo / HOME
    copy = write(content_repo, "guarantees/provstaden/forskola/kopia.md", unit.read_text(encoding="utf-8"))
    same_as_fresh(content_repo, cache)
    copy.rename(content_repo / "guarantees/provstaden/aldreomsorg/kopia.md")
    same_as_fresh(content_repo, cache)
    (content_repo / "guarantees/provstaden/aldreomsorg/kopia.md").unlink()
    same_as_fresh(content_repo, cache)
    unit.rename(content_repo / "guarantees/provstaden/forskola/provstadens-hemtjanst.md")
    same_as_fresh(content_repo, cache)


def test_a_preview_build_renders_like_a_fresh_one(content_repo: Path):
    preview = PreviewCache()
    docs = content_repo / "docs"

    def same_pages() -> None:
        cached = SiteBuild.load(content_repo, docs, None, ENVIRON, preview)
        fresh = SiteBuild.load(content_repo, docs, None, ENVIRON)
        assert cached.pages == fresh.pages and cached.html_pages == fresh.html_pages
        assert cached.data_files == fresh.data_files

    same_pages()
    board = content_repo / "guarantees/provstaden/board.yml"
    board.write_text(
        board.read_text(encoding="utf-8").replace("Avdelningen för äldreomsorg", "Äldreomsorgen"), encoding="utf-8"
    )
    same_pages()  # the department's name is on the unit's page
    unit = content_repo / HOME
    save(unit, unit.read_text(encoding="utf-8").replace("tryggt liv", "gott liv"))
    same_pages()
