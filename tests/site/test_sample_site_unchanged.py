"""The sample site, byte for byte, twice: the preview of the bundled sample content (the preview_site
fixture, recorded in sample_site.sha256) and a real publication of it (published_sample below,
recorded in published_site.sha256): a git repository of the sample, three decisions signed with
`garanti tag` (each board's December meeting, then Hägersten-Liljeholmen renewing an expired
guarantee in January), and `garanti publish` on a fixed day. The publication holds what the preview
has not: the record over time (decisions, archive pages of earlier versions, feeds with entries).

It holds the site still while the build is changed (issue 27, issue 34): a faster or plainer way to
make a page must make the same page. Both sites are built twice, with the build's speed devices and
without them (site.speed: GARANTI_ENKEL_BYGGNAD=1), and both builds must be the one recorded.
When a page is meant to change, record both sites anew and let the diff of the manifests show which
files changed:

    .venv/bin/python tests/site/test_sample_site_unchanged.py --write

What is left out of every site (Pagefind's bundle, the sitemaps) is said in tests/sitedigest.py;
how the form's third-party bundles (by their lock entry, so that a machine without npm compares the
rest) and publicering.json (its git object names blanked) are recorded, in tests/sitemanifest.py.
The data catalog is recorded by its bytes too: it is written sorted (site/catalog.py).
"""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

if __name__ == "__main__":  # run as a script (--write): `tests` is found from the project's root
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from garanti import publish_record, signing  # noqa: E402
from garanti.site import form, speed  # noqa: E402
from tests.helpers import REPO_ROOT, edit, mkdocs_build  # noqa: E402
from tests.repos import (  # noqa: E402
    TODAY,
    Repo,
    make_key,
    make_sample_repo,
    publishing_environment,
    signers_line,
)
from tests.sitedigest import digest, digests  # noqa: E402
from tests.sitemanifest import (  # noqa: E402
    BUNDLES,
    LOCK_FILE,
    PUBLISHED_MANIFEST,
    SAMPLE_MANIFEST,
    as_recorded,
    assert_recorded,
    bundle_line,
    form_packages_installed,
    lock_entry_digest,
    read_manifest,
    write_manifest,
)

# The sample's decisions, in the order they are taken: (board, meeting, the day `garanti tag` runs).
DECISIONS = (
    ("hagersten-liljeholmen", "2025-12-11", "2025-12-12"),
    ("enskede-arsta-vantor", "2025-12-18", "2025-12-19"),
    ("hagersten-liljeholmen", "2026-01-22", "2026-01-23"),
)
RENEWED = "guarantees/hagersten-liljeholmen/social-omsorg/socialpsykiatrins-boendestod.md"


# The build with its speed devices, and without them (site.speed's switch): the same site either way.
SPEED_DEVICES = {"devices-on": {}, "devices-off": {speed.SWITCH: "1"}}


def publish_sample(work: Path, **env: str) -> Path:
    """The sample published for real into work/site (work/repo its repository): DECISIONS taken with
    `garanti tag`, signed by one secretary for both boards, then `garanti publish` on TODAY (with env
    in its environment, which the build reads).

    Every commit and tag is dated (COMMIT_DATE, the days in DECISIONS), so the site is the same on
    every run. The approvers' list (godkannare/), which the publish checks the signatures against, is
    committed last, after the tags: its key is new on every run, and only main's last commit holds it."""
    work.mkdir(parents=True, exist_ok=True)
    key = make_key(work, "sekreterare")
    repo = make_sample_repo(work / "repo")
    repo.git("config", "user.signingkey", str(key))
    first, second, renewal = DECISIONS
    _decide(repo, *first)
    _decide(repo, *second)
    # The board renews its boendestöd guarantee, which ran out at New Year, and shortens a wait.
    edit(repo.root, RENEWED, "from: 2025-01-01\n  to: 2025-12-31", "from: 2026-01-01\n  to: 2026-12-31")
    edit(repo.root, RENEWED, "mer än 15 minuter sena", "mer än 10 minuter sena")
    repo.commit("Boendestödets garanti förnyad för 2026", date="2026-01-12T10:00:00+01:00")
    _decide(repo, *renewal)
    repo.write(signing.SIGNERS_FILE, signers_line(",".join(sorted({board for board, _, _ in DECISIONS})), key))
    repo.commit("Nämndsekreterarens nyckel i listan över godkännare", date="2026-02-01T10:00:00+01:00")
    with publishing_environment(TODAY), pytest.MonkeyPatch.context() as environment:
        for name, value in env.items():
            environment.setenv(name, value)
        assert repo.garanti("publish", "--out", str(work / "site")) == 0
    return work / "site"


def _decide(repo: Repo, board: str, meeting: str, day: str) -> None:
    with publishing_environment(day):
        assert repo.approve(board, meeting) == 0, f"garanti tag {board} {meeting} refused"


@pytest.fixture(scope="module")
def published_sample(tmp_path_factory) -> Path:
    return publish_sample(tmp_path_factory.mktemp("publicerat-exempel"))


@pytest.mark.parametrize("devices", SPEED_DEVICES)
def test_the_sample_site_is_the_recorded_one(devices, preview_site, tmp_path):
    if devices == "devices-on":
        built_site = preview_site
    else:
        built_site = tmp_path / "site"
        built = mkdocs_build(REPO_ROOT / "mkdocs.yml", built_site, **SPEED_DEVICES[devices])
        assert built.returncode == 0, built.stderr
    assert_recorded(built_site, SAMPLE_MANIFEST)


@pytest.mark.parametrize("devices", SPEED_DEVICES)
def test_the_published_sample_site_is_the_recorded_one(devices, published_sample, tmp_path):
    on = devices == "devices-on"
    assert_recorded(published_sample if on else publish_sample(tmp_path, **SPEED_DEVICES[devices]), PUBLISHED_MANIFEST)


def test_the_published_sample_holds_the_record_over_time(published_sample):
    """What the preview cannot show is in the recorded publication: three verified decisions, each
    board's feed with its entries, and the renewed guarantee's earlier version on a page of its own."""
    decisions = (published_sample / "beslut/index.html").read_text(encoding="utf-8")
    assert "Signaturerna kontrollerades mot projektets lista över godkännare" in decisions
    atom = "{http://www.w3.org/2005/Atom}"
    entries = {
        feed.relative_to(published_sample).as_posix(): len(ET.parse(feed).getroot().findall(f"{atom}entry"))
        for feed in published_sample.rglob("flode.xml")
    }
    assert entries == {
        "beslut/flode.xml": 3,
        "beslut/enskede-arsta-vantor/flode.xml": 1,
        "beslut/hagersten-liljeholmen/flode.xml": 2,
    }
    assert (published_sample / "hagersten-liljeholmen/socialpsykiatrins-boendestod/2025/index.html").is_file()
    record = json.loads((published_sample / publish_record.RECORD_FILE).read_text(encoding="utf-8"))
    assert [tag["name"] for tag in record["tags"]] == [f"{board}/{meeting}" for board, meeting, _ in DECISIONS]


def test_a_changed_page_is_found(preview_site, tmp_path):
    """The comparison can fail: one changed byte in one page is a different digest."""
    page = next(preview_site.glob("*/index.html"))
    name = page.relative_to(preview_site).as_posix()
    copy = tmp_path / "index.html"
    copy.write_bytes(page.read_bytes().replace(b"</body>", b" </body>"))
    assert digest(copy) != read_manifest(SAMPLE_MANIFEST)[name]


def test_the_publish_record_is_compared_but_for_its_git_object_names(published_sample, tmp_path):
    """publicering.json's tags and commit may name other objects (another run's key); its moment may not change."""
    record = (published_sample / publish_record.RECORD_FILE).read_text(encoding="utf-8")
    others, later = tmp_path / "andra-objekt", tmp_path / "senare"
    for folder, text in (
        (others, re.sub(r"\b[0-9a-f]{40}\b", "0" * 40, record)),
        (later, record.replace(f"{TODAY}T12:00:00Z", "2026-11-25T12:00:00Z")),
    ):
        assert text != record
        folder.mkdir()
        (folder / publish_record.RECORD_FILE).write_text(text, encoding="utf-8")
    recorded = read_manifest(PUBLISHED_MANIFEST)[publish_record.RECORD_FILE]
    assert as_recorded(others)[publish_record.RECORD_FILE] == recorded
    assert as_recorded(later)[publish_record.RECORD_FILE] != recorded


def test_a_new_version_of_a_bundled_package_is_found(tmp_path):
    """A third-party bundle is recorded by its lock entry: another version is another digest."""
    lock = json.loads((REPO_ROOT / LOCK_FILE).read_text(encoding="utf-8"))
    lock["packages"]["node_modules/yaml"]["version"] = "2.9.2"
    changed = tmp_path / "package-lock.json"
    changed.write_text(json.dumps(lock), encoding="utf-8")
    line = bundle_line(f"{form.YAML_DIR}/", "node_modules/yaml")
    assert lock_entry_digest("node_modules/yaml", changed) != read_manifest(SAMPLE_MANIFEST)[line]


@pytest.mark.skipif(not form_packages_installed(), reason="the form's packages are not installed (npm ci in redigera/)")
def test_the_bundles_on_the_site_are_the_locked_packages_as_installed(preview_site):
    """What the lock line stands for: each bundle on the site is the installed package's files, byte
    for byte, and the installed package is the version the lock file names."""
    lock = json.loads((REPO_ROOT / LOCK_FILE).read_text(encoding="utf-8"))
    for folder, package in BUNDLES.items():
        locked = lock["packages"][package]
        installed = json.loads((REPO_ROOT / form.FORM_DIR / package / "package.json").read_text(encoding="utf-8"))
        assert installed["version"] == locked["version"], package
        on_site = {name: value for name, value in digests(preview_site).items() if name.startswith(folder)}
        copied = {
            copy.path: digest(copy.source)
            for copy in form.copied_files(form.FormSettings.of(None, {}, True))
            if copy.path.startswith(folder)
        }
        assert on_site and on_site == copied, folder


def test_without_the_forms_packages_the_rest_of_the_site_is_the_recorded_one(tmp_path):
    """A machine without npm: the preview built with no node_modules has no bundle and a form that says
    it is not installed, and everything else is still the recorded site."""
    (tmp_path / "inga-paket").mkdir()
    without = {form.MODULES_VARIABLE: str(tmp_path / "inga-paket")}
    built = mkdocs_build(REPO_ROOT / "mkdocs.yml", tmp_path / "site", **without)
    assert built.returncode == 0, built.stderr
    assert not (tmp_path / "site" / form.DECAP_DIR).exists()
    assert_recorded(tmp_path / "site", SAMPLE_MANIFEST, with_packages=False)


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        raise SystemExit(__doc__)
    if not form_packages_installed():
        raise SystemExit(
            "The form's packages are not installed (scripts/setup): the manifests record the form as built with them."
        )
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        built = mkdocs_build(REPO_ROOT / "mkdocs.yml", Path(folder) / "site")
        if built.returncode:
            raise SystemExit(built.stderr)
        write_manifest(Path(folder) / "site", SAMPLE_MANIFEST)
        write_manifest(publish_sample(Path(folder) / "publicerat"), PUBLISHED_MANIFEST)
    print(f"{SAMPLE_MANIFEST} and {PUBLISHED_MANIFEST} written")
