"""The byte-identical test's manifests (site/test_sample_site_unchanged.py): a built site as they record
it, and reading and writing them. Also read by the platform trial (tools/plattform.py).

A manifest is a line per file, "<sha256>  <path below the site>", for every file tests/sitedigest.py
records, with two differences:

- The form's third-party bundles (Decap CMS and the yaml library, copied from redigera/node_modules)
  are recorded by the entry of redigera/package-lock.json they are installed from, one line per
  package ("<sha256 of the entry>  redigera/decap/ <- redigera/package-lock.json node_modules/decap-cms"),
  not by their bytes: a new version is a changed lock entry, and a machine without npm (no
  node_modules) compares everything else. Without the packages the form's page says it is not
  installed and its generated data is not made (FORM_MADE_WITH_PACKAGES), so those are not compared
  there; our own scripts in docs/redigera/ are compared everywhere, config.json wherever npm is.
- publicering.json (a published site's record) is recorded with its git object names and its
  digest of the tag objects (built_from.tags) blanked: the test's approvers' key is made anew on
  every run, and so are the signed tag objects and main's last commit; the sample's commits hold
  this checkout's code. No git object name reaches any other file.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from garanti import publish_record
from garanti.site import form

from .helpers import REPO_ROOT
from .sitedigest import digests

SAMPLE_MANIFEST = REPO_ROOT / "tests" / "site" / "sample_site.sha256"
PUBLISHED_MANIFEST = REPO_ROOT / "tests" / "site" / "published_site.sha256"

LOCK_FILE = f"{form.FORM_DIR}/package-lock.json"
# Each third-party bundle's folder on the site and the lock file's entry of the package it is copied from.
BUNDLES = {f"{form.DECAP_DIR}/": "node_modules/decap-cms", f"{form.YAML_DIR}/": "node_modules/yaml"}
# The form's files that only a build with its packages makes as recorded (form.files): without them
# the page says the form is not installed and the form's data is not written.
FORM_MADE_WITH_PACKAGES = (
    form.PAGE_FILE,
    f"{form.FORM_DIR}/config.json",
    f"{form.FORM_DIR}/uppfoljning/",
    f"{form.FORM_DIR}/sprakversioner/",
)
GIT_OBJECT = re.compile(rb"\b[0-9a-f]{40}\b")
# built_from's digest of the tag objects (publishing.unchanged) changes with them, as their names do.
TAGS_DIGEST = re.compile(rb'("tags": )"[0-9a-f]{64}"')


def form_packages_installed() -> bool:
    return form.FormSettings.of(None, {}, preview=True).installed


def lock_entry_digest(package: str, lock: Path = REPO_ROOT / LOCK_FILE) -> str:
    """The sha256 of the lock file's entry for a package (version, integrity, dependencies), written sorted."""
    entry = json.loads(lock.read_text(encoding="utf-8"))["packages"][package]
    return hashlib.sha256(json.dumps(entry, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def bundle_line(folder: str, package: str) -> str:
    return f"{folder} <- {LOCK_FILE} {package}"


def as_recorded(site: Path, with_packages: bool | None = None) -> dict[str, str]:
    """{name: digest} of a built site as its manifest records it: every file of tests/sitedigest.py's
    digests but the third-party bundles, which are one line each for their lock entry, and
    publicering.json with its git object names blanked. `with_packages` False (default: whether this
    checkout has the form's packages): FORM_MADE_WITH_PACKAGES left out."""
    with_packages = form_packages_installed() if with_packages is None else with_packages
    recorded = {
        name: value
        for name, value in digests(site).items()
        if not name.startswith((*BUNDLES, *(() if with_packages else FORM_MADE_WITH_PACKAGES)))
    }
    if (site / publish_record.RECORD_FILE).is_file():
        blanked = GIT_OBJECT.sub(b"<git-objekt>", (site / publish_record.RECORD_FILE).read_bytes())
        blanked = TAGS_DIGEST.sub(rb'\1"<taggernas-summa>"', blanked)
        recorded[publish_record.RECORD_FILE] = hashlib.sha256(blanked).hexdigest()
    recorded.update({bundle_line(folder, package): lock_entry_digest(package) for folder, package in BUNDLES.items()})
    return dict(sorted(recorded.items()))


def read_manifest(manifest: Path, with_packages: bool | None = None) -> dict[str, str]:
    with_packages = form_packages_installed() if with_packages is None else with_packages
    lines = manifest.read_text(encoding="utf-8").splitlines()
    recorded = {name: value for value, name in (line.split("  ", 1) for line in lines)}
    return {
        name: value for name, value in recorded.items() if with_packages or not name.startswith(FORM_MADE_WITH_PACKAGES)
    }


def assert_recorded(site: Path, manifest: Path, with_packages: bool | None = None) -> None:
    built, recorded = as_recorded(site, with_packages), read_manifest(manifest, with_packages)
    assert sorted(set(recorded) - set(built)) == [], f"files the site no longer has ({manifest.name})"
    assert sorted(set(built) - set(recorded)) == [], f"files the site did not have ({manifest.name})"
    changed = sorted(name for name in built if built[name] != recorded[name])
    assert changed == [], (
        f"files that changed ({len(changed)}, {manifest.name}); see tests/site/test_sample_site_unchanged.py"
    )


def write_manifest(site: Path, manifest: Path) -> None:
    """The manifest of a site built with the form's packages."""
    manifest.write_text(
        "".join(f"{value}  {name}\n" for name, value in as_recorded(site, True).items()), encoding="utf-8"
    )
