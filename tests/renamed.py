"""A unit renamed after two decisions, published: the sample's Fruängens förskolor (Hägersten-Liljeholmen) is
approved at the board's meetings of 11 December 2025 and, with a new phone number, 22 January 2026 (so its first
2026 text is in the archive); at the meeting of 10 December 2026 it is approved for 2027 as Förskolorna i
Fruängen (its file, language versions and follow-up renamed with it, its old address in previous_addresses; no
--bekrafta-farre: a renamed unit is not withdrawn). Published on 2 January 2027. The old address, its year page
and its language versions' pages should lead to the new ones; the archived text keeps its page.
"""

from __future__ import annotations

from pathlib import Path

from garanti.content import check_tree
from garanti.fields import swedish_text_of
from garanti.publishing import ALLOW_UNVERIFIED

from .repos import Repo, make_sample_repo, publishing_environment

BOARD = "hagersten-liljeholmen"
FOLDER = f"guarantees/{BOARD}/forskola"
OLD_SLUG, NEW_SLUG = "fruangens-forskolor", "forskolorna-i-fruangen"
OLD_TITLE, NEW_TITLE = "Fruängens förskolor", "Förskolorna i Fruängen"
FINNISH_TITLE = "Fruängenin esikoulut"
OLD_URL, NEW_URL = f"{BOARD}/{OLD_SLUG}/", f"{BOARD}/{NEW_SLUG}/"
DECISIONS = ("2025-12-11", "2026-01-22", "2026-12-10")  # the last renames the unit
PUBLISHED_ON = "2027-01-02"
ARCHIVED = f"{OLD_URL}2026/2025-12-11/"  # the old name's first 2026 text, replaced within its year
SUFFIXES = (".md", ".fi.md", ".lattlast.md", ".uppfoljning-2026.yml")


def rename(repo: Repo) -> None:
    """The unit's files under its new name (its follow-up of 2026 too, matched with the old name's text), the new
    name and the 2027 validity in its front matter and the old address beside it; its Finnish version written
    from the new Swedish text (only the name changed), its easy-to-read one not yet (so not published: the
    address answers with a page saying why)."""
    for suffix in SUFFIXES:
        repo.git("mv", f"{FOLDER}/{OLD_SLUG}{suffix}", f"{FOLDER}/{NEW_SLUG}{suffix}")
    guarantee = repo.root / FOLDER / f"{NEW_SLUG}.md"
    text = guarantee.read_text(encoding="utf-8").replace("2026-", "2027-")
    old_fingerprint = swedish_text_of(_loaded(repo.root))
    guarantee.write_text(
        text.replace(f"title: {OLD_TITLE}\n", f"title: {NEW_TITLE}\nprevious_addresses:\n  - {BOARD}/{OLD_SLUG}\n", 1),
        encoding="utf-8",
    )
    new_fingerprint = swedish_text_of(_loaded(repo.root))
    version = repo.root / FOLDER / f"{NEW_SLUG}.fi.md"
    version.write_text(version.read_text(encoding="utf-8").replace(old_fingerprint, new_fingerprint), encoding="utf-8")


def _loaded(root: Path):
    return next(g for g in check_tree(root).corpus.guarantees if g.slug == NEW_SLUG)


def publish_renamed(base: Path) -> Path:
    """The published site (base/site) of a repository (base/repo) where the unit was renamed."""
    repo = make_sample_repo(base / "repo")
    with publishing_environment("2026-01-05"):
        assert repo.approve(BOARD, DECISIONS[0]) == 0
    _edit(repo, f"{FOLDER}/{OLD_SLUG}.md", '"08-508 21 410"', '"08-508 21 411"')
    _edit(repo, f"guarantees/{BOARD}/social-omsorg/socialpsykiatrins-boendestod.md", "2025-", "2026-")  # this year's
    repo.commit("Nytt telefonnummer", date="2026-01-10T12:00:00+01:00")
    with publishing_environment("2026-01-25"):
        assert repo.approve(BOARD, DECISIONS[1]) == 0
    rename(repo)
    assert check_tree(repo.root).problems == []
    repo.commit(f"{OLD_TITLE} heter nu {NEW_TITLE}", date="2026-11-20T12:00:00+01:00")
    with publishing_environment("2026-12-15"):
        assert repo.approve(BOARD, DECISIONS[2]) == 0
    with publishing_environment(PUBLISHED_ON):
        assert repo.garanti("publish", "--out", str(base / "site"), ALLOW_UNVERIFIED) == 0
    return base / "site"


def _edit(repo: Repo, relative: str, old: str, new: str) -> None:
    path = repo.root / relative
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
