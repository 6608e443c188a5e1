"""The platform trial (tools/plattform.py, PLATTFORM.md): its comparison of two builds, and the
rule that keeps a move to another platform to one folder: only garanti.hook needs MkDocs.

The trial itself (a virtual environment per platform, four builds) runs in CI's platform workflow,
not here."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from mkdocs.utils import get_relative_url

from garanti.site import paths

from .helpers import REPO_ROOT, write
from .sitedigest import digests

_spec = importlib.util.spec_from_file_location("plattform", REPO_ROOT / "tools" / "plattform.py")
plattform = sys.modules["plattform"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(plattform)

PAGE = "<html>\n<head><title>Hemtjänst</title></head>\n<body>\n<p>Vi kommer i tid.</p>\n</body>\n</html>\n"


def _two_builds(tmp_path: Path) -> tuple[Path, Path]:
    today, other = tmp_path / "dagens", tmp_path / "annan"
    for site in (today, other):
        write(site, "index.html", PAGE)
        write(site, "assets/stil.css", "p { color: black; }\n")
        write(site, "pagefind/pagefind.js", f"// {site.name}\n")  # not recorded: differs every run
    write(today, "norra/index.html", PAGE)
    write(other, "norra/index.html", PAGE.replace("Vi kommer i tid.", "Vi kommer i tid!"))
    write(today, "sodra/index.html", PAGE)
    write(other, "404.html", PAGE)
    return today, other


def test_two_builds_are_compared_page_by_page(tmp_path):
    today, other = _two_builds(tmp_path)
    found = plattform.compare(digests(today), digests(other))
    assert found.equal == ["assets/stil.css", "index.html"]
    assert found.differing == ["norra/index.html"]
    assert found.missing == ["sodra/index.html"]
    assert found.extra == ["404.html"]
    assert not found.same
    assert plattform.compare(digests(today), digests(today)).same


def test_the_report_lists_every_difference_and_shows_the_first_lines(tmp_path):
    today, other = _two_builds(tmp_path)
    lines = plattform.comparison_section("Exempelwebbplatsen", today, other, None)
    text = "\n".join(lines)
    # Equal: index.html, stil.css and the form's two bundles (recorded by their lock entry, tests/sitemanifest.py).
    assert "- lika: 4\n- olika: 1\n- saknas (finns i dagens bygge): 1\n- extra (finns inte i dagens bygge): 1" in text
    assert "### Olika\n\n- `norra/index.html`" in text
    assert "### Saknas\n\n- `sodra/index.html`" in text
    assert "### Extra\n\n- `404.html`" in text
    assert "```diff\n-<p>Vi kommer i tid.</p>\n+<p>Vi kommer i tid!</p>\n```" in text
    assert str(tmp_path) not in text  # the report names pages, not this machine's folders


def test_a_line_changed_in_every_page_is_counted_once_at_any_depth(tmp_path):
    today, other = tmp_path / "dagens", tmp_path / "annan"
    for page in ("index.html", "norra/index.html", "norra/hemtjanst/index.html"):
        depth = "../" * page.count("/")
        write(today, page, f'<meta name="generator" content="mkdocs-1.6.1">\n<a href="{depth}sok/">Sök</a>\n')
        write(other, page, f'<meta name="generator" content="mkdocs-1.8.0">\n<a href="{depth}sok/">Sök</a>\n')
    write(other, "norra/index.html", (other / "norra/index.html").read_text() + "<p>Ny rad</p>\n")
    counted = plattform.changed_lines(today, other, ["index.html", "norra/index.html", "norra/hemtjanst/index.html"])
    assert counted == [
        ('+<meta name="generator" content="mkdocs-1.8.0">', 3),
        ('-<meta name="generator" content="mkdocs-1.6.1">', 3),
        ("+<p>Ny rad</p>", 1),
    ]


def test_git_names_are_shown_blanked_so_that_the_report_is_the_same_every_run(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"commit": "a" * 40, "tags": "b" * 64}) + "\n", encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"commit": "c" * 40, "tags": "d" * 64}) + "\n", encoding="utf-8")
    assert plattform.first_differences(tmp_path / "a.json", tmp_path / "b.json") == []
    (tmp_path / "b.json").write_text(json.dumps({"commit": "c" * 40, "tags": "d" * 64, "ny": 1}) + "\n")
    assert plattform.first_differences(tmp_path / "a.json", tmp_path / "b.json") == [
        '-{"commit": "<40 hex>", "tags": "<64 hex>"}',
        '+{"commit": "<40 hex>", "tags": "<64 hex>", "ny": 1}',
    ]


def test_a_failed_build_is_reported_with_its_words(tmp_path):
    lines = plattform.comparison_section("Publicerat exempel", tmp_path, None, "ModuleNotFoundError: mkdocs")
    assert lines[:3] == ["## Publicerat exempel", "", "Bygget misslyckades:"]
    assert "ModuleNotFoundError: mkdocs" in lines


def test_temporary_paths_are_left_out_of_the_report():
    said = f"Error: {REPO_ROOT}/mkdocs.yml and /tmp/plattform-abc123/mkdocs-ng/site"
    assert plattform._without_paths(said) == "Error: <projekt>/mkdocs.yml and <tmp>/…/mkdocs-ng/site"
    said = "/home/runner/work/_temp/plattform/properdocs/bin/python: No module named mkdocs"
    assert plattform._without_paths(said) == "python: No module named mkdocs"


def test_today_s_platform_is_the_project_s_pins():
    pinned = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    listed = [
        line
        for line in (REPO_ROOT / "plattform" / "dagens.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert listed == [pin for pin in pinned if re.match(r"mkdocs(-material)?==", pin)]
    constraints = (REPO_ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    assert set(listed) <= set(constraints)


def test_every_platform_has_its_pins_and_its_report():
    for platform in plattform.PLATFORMS.values():
        assert platform.pins.is_file(), platform.pins
        assert platform.report.is_file(), f"{platform.report}: run tools/plattform.py {platform.name}"


def test_only_the_hook_imports_mkdocs():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint)], cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert "Only the hook needs MkDocs KEPT" in done.stdout, done.stdout + done.stderr


def test_an_import_of_mkdocs_outside_the_hook_breaks_the_contract(tmp_path):
    """The contract can fail: the package copied, one module outside the hook importing MkDocs."""
    shutil.copytree(REPO_ROOT / "src" / "garanti", tmp_path / "garanti", ignore=shutil.ignore_patterns("__pycache__"))
    model = tmp_path / "garanti" / "dates.py"
    model.write_text(
        model.read_text(encoding="utf-8") + "\nfrom mkdocs.utils import get_relative_url\n", encoding="utf-8"
    )
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--config", str(REPO_ROOT / "pyproject.toml"), "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ, PYTHONPATH=str(tmp_path)),
    )
    assert "Only the hook needs MkDocs BROKEN" in done.stdout, done.stdout + done.stderr
    assert "garanti.dates -> mkdocs" in done.stdout


def test_links_between_pages_are_the_ones_mkdocs_makes():
    """site/paths.link stands in for mkdocs.utils.get_relative_url (so that only the hook needs MkDocs)."""
    pages = [
        "index.md",
        "tjanster/index.md",
        "norra/index.md",
        "norra/norra-hemtjanst/index.md",
        "norra/norra-hemtjanst/suomeksi/index.md",
        "norra/norra-hemtjanst/2025/index.md",
    ]
    targets = [
        *pages,
        "norra/norra-hemtjanst/qr.svg",
        "beslut/norra/flode.xml",
        "oppna-data/katalog.rdf",
        "norra/",
        "norra/norra-hemtjanst/",
    ]
    for page in pages:
        for target in targets:
            assert paths.link(page, target) == get_relative_url(target, page), (page, target)
