"""A built site as digests, file by file: what the byte-identical test (site/test_sample_site_unchanged.py)
records and what the platform trial (tools/plattform.py) compares between two builds.

Left out: Pagefind's bundle (its file names and shard order vary from run to run; the search is
tested in test_search.py and in the browser) and the sitemaps (MkDocs dates them on the day of the
build).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

NOT_RECORDED = ("pagefind/", "sitemap.xml")


def digests(site: Path) -> dict[str, str]:
    """Every recorded file of a built site (relative POSIX path) and the sha256 of its bytes."""
    recorded = {}
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.is_file() and not name.startswith(NOT_RECORDED):
            recorded[name] = digest(path)
    return recorded


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
