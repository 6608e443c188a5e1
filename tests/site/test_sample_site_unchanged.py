"""The sample site, byte for byte: every file `mkdocs build` makes of the bundled sample content
(the preview_site fixture) has the digest recorded in sample_site.sha256.

It holds the site still while the build is changed for speed (issue 27): a faster way to make a
page must make the same page. When a page is meant to change, record the site anew and let the
diff of sample_site.sha256 show which files changed:

    .venv/bin/python tests/site/test_sample_site_unchanged.py --write

Left out: Pagefind's bundle (its file names and shard order vary from run to run; the search is
tested in test_search.py and in the browser) and the sitemaps (MkDocs dates them on the day of the
build). The data catalog is recorded by its bytes too: it is written sorted (site/catalog.py).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

MANIFEST = Path(__file__).with_name("sample_site.sha256")
NOT_RECORDED = ("pagefind/", "sitemap.xml")


def digests(site: Path) -> dict[str, str]:
    recorded = {}
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.is_file() and not name.startswith(NOT_RECORDED):
            recorded[name] = _digest(path)
    return recorded


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest() -> dict[str, str]:
    lines = MANIFEST.read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines)}


def test_the_sample_site_is_the_recorded_one(preview_site):
    built, recorded = digests(preview_site), read_manifest()
    assert sorted(set(recorded) - set(built)) == [], "files the site no longer has"
    assert sorted(set(built) - set(recorded)) == [], "files the site did not have"
    changed = sorted(name for name in built if built[name] != recorded[name])
    assert changed == [], f"files that changed ({len(changed)}); see this module's docstring"


def test_a_changed_page_is_found(preview_site, tmp_path):
    """The comparison can fail: one changed byte in one page is a different digest."""
    page = next(preview_site.glob("*/index.html"))
    name = page.relative_to(preview_site).as_posix()
    copy = tmp_path / "index.html"
    copy.write_bytes(page.read_bytes().replace(b"</body>", b" </body>"))
    assert _digest(copy) != read_manifest()[name]


def _write(site: Path) -> None:
    MANIFEST.write_text("".join(f"{digest}  {name}\n" for name, digest in digests(site).items()), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        raise SystemExit(__doc__)
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    import tempfile

    from tests.helpers import REPO_ROOT, mkdocs_build

    with tempfile.TemporaryDirectory() as folder:
        built = mkdocs_build(REPO_ROOT / "mkdocs.yml", Path(folder) / "site")
        if built.returncode:
            raise SystemExit(built.stderr)
        _write(Path(folder) / "site")
    print(f"{MANIFEST} written")
