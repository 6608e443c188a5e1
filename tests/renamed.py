"""A unit renamed between two decisions, published: the sample's Fruängens förskolor (Hägersten-Liljeholmen),
approved at the board's meeting of 11 December 2025, becomes Förskolorna i Fruängen (its file, Finnish and
easy-to-read versions and follow-up renamed with it, its old address in previous_addresses), approved at the
meeting of 22 January 2026 (no --bekrafta-farre: a renamed unit is not withdrawn); published on 1 March 2026. The old address, its year page and its language
versions' pages should lead to the new ones.
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
FIRST_DECISION, RENAMING_DECISION, PUBLISHED_ON = "2025-12-11", "2026-01-22", "2026-03-01"
SUFFIXES = (".md", ".fi.md", ".lattlast.md", ".uppfoljning-2026.yml")


def rename(repo: Repo) -> None:
    """The unit's files under its new name, the new name in its front matter and the old address beside it;
    its language versions written from the new Swedish text (only the name changed)."""
    for suffix in SUFFIXES:
        repo.git("mv", f"{FOLDER}/{OLD_SLUG}{suffix}", f"{FOLDER}/{NEW_SLUG}{suffix}")
    guarantee = repo.root / FOLDER / f"{NEW_SLUG}.md"
    text = guarantee.read_text(encoding="utf-8")
    old_fingerprint = swedish_text_of(_loaded(repo.root))
    guarantee.write_text(text.replace(f"title: {OLD_TITLE}\n",
                                      f"title: {NEW_TITLE}\nprevious_addresses:\n  - {BOARD}/{OLD_SLUG}\n", 1),
                         encoding="utf-8")
    new_fingerprint = swedish_text_of(_loaded(repo.root))
    for suffix in (".fi.md", ".lattlast.md"):
        version = repo.root / FOLDER / f"{NEW_SLUG}{suffix}"
        version.write_text(version.read_text(encoding="utf-8").replace(old_fingerprint, new_fingerprint),
                           encoding="utf-8")


def _loaded(root: Path):
    return next(g for g in check_tree(root).corpus.guarantees if g.slug == NEW_SLUG)


def publish_renamed(base: Path) -> Path:
    """The published site (base/site) of a repository (base/repo) where the unit was renamed."""
    repo = make_sample_repo(base / "repo")
    with publishing_environment("2026-01-05"):
        assert repo.approve(BOARD, FIRST_DECISION) == 0
    rename(repo)
    expired = repo.root / f"guarantees/{BOARD}/social-omsorg/socialpsykiatrins-boendestod.md"  # its 2026 text too
    expired.write_text(expired.read_text(encoding="utf-8").replace("2025-", "2026-"), encoding="utf-8")
    assert check_tree(repo.root).problems == []
    repo.commit(f"{OLD_TITLE} heter nu {NEW_TITLE}", date="2026-01-10T12:00:00+01:00")
    with publishing_environment("2026-01-25"):
        assert repo.approve(BOARD, RENAMING_DECISION) == 0
    with publishing_environment(PUBLISHED_ON):
        assert repo.garanti("publish", "--out", str(base / "site"), ALLOW_UNVERIFIED) == 0
    return base / "site"
