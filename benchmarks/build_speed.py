"""How does the site build scale? Against a plain MkDocs + Material build.

For each N (default 250, 1,000, 4,000) this builds, in one run:
  * the project: this repository's mkdocs.yml, docs/, hooks/ and schema/ with
    N synthetic guarantees spread over 14 boards, 4 departments each;
  * "plain": MkDocs + Material (same theme settings, Swedish search, no hook)
    with N short plain pages, outside the navigation (DESIGN.md §8's baseline);
  * "same": the same plain MkDocs + Material, no hook, whose N pages are the
    very pages our hook makes for the N guarantees (front matter and the
    HTML we render; MkDocs runs its Markdown over it here, not in the
    project), outside the nav.
and prints the wall time and output size of each, and the ratios. Figures,
not pass/fail. Usage:

    .venv/bin/python benchmarks/build_speed.py [N ...] [--repeat R]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.conftest import BOARD_YML, HOME_CARE_MD, PRESCHOOL_MD, copy_site_files, write  # noqa: E402

BOARDS = 14
DEPARTMENTS = ("forskola", "aldreomsorg")


def make_project(root: Path, count: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    copy_site_files(root)
    for board in range(BOARDS):
        write(root, f"guarantees/stadsdel-{board}/board.yml",
              BOARD_YML.replace("Provstaden", f"Stadsdel {board}"))
    for number in range(count):
        board = number % BOARDS
        preschool = number % 3 == 0
        template, department = (PRESCHOOL_MD, "forskola") if preschool else (HOME_CARE_MD, "aldreomsorg")
        write(root, f"guarantees/stadsdel-{board}/{department}/enhet-{number}.md",
              guarantee_text(number, template))
    return root / "mkdocs.yml"


_WORDS = ("trygg", "lek", "omsorg", "samtal", "natur", "musik", "språk", "matematik", "rörelse", "vänskap",
          "mat", "vila", "skog", "bibliotek", "trädgård", "teater")


def guarantee_text(number: int, template: str) -> str:
    """A guarantee whose title and mission are its own: no two units share a text."""
    words = " ".join(_WORDS[(number >> shift) % len(_WORDS)] for shift in (0, 4, 8, 12))
    return template.replace("Provstadens", f"Enhet {number}").replace(
        "\n---\n", f"\n---\nHos enhet {number} är {words} viktigt. ", 1)


PLAIN_CONFIG = """\
site_name: Plain
theme:
  name: material
  language: sv
  font: false
plugins:
  - search:
      lang: sv
nav:
  - index.md
not_in_nav: |
  /units/
"""


def make_plain(root: Path, count: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    write(root, "docs/index.md", "# Start\n\nPlain pages outside the navigation.\n")
    for number in range(count):
        body = HOME_CARE_MD.split("---\n", 2)[2]
        write(root, f"docs/units/unit-{number}.md",
              f"# Enhet {number}\n\n{body}\n## Våra åtaganden\n\n"
              "- Du får en kontaktperson inom två veckor.\n"
              "- Vi ringer om vi blir mer än 30 minuter försenade.\n\n"
              "## Om vi inte håller vad vi lovar\n\nVi ber om ursäkt och rättar till det inom en vecka.\n\n"
              "## Kontakt\n\nTelefon 08-508 11 111\n")
    return root / "mkdocs.yml"


SAME_CONFIG = PLAIN_CONFIG + """\
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
  - admonition
"""


def make_same_content(root: Path, project_root: Path) -> Path:
    from garanti.site import paths
    from garanti.site.build import SiteBuild

    site = SiteBuild.load(project_root, project_root / "docs", None, {"GARANTI_TODAY": "2026-06-01"})
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(SAME_CONFIG.replace("/units/", "/*/"), encoding="utf-8")
    write(root, "docs/index.md", "# Start\n\nPlain pages outside the navigation.\n")
    for guarantee in site.site.guarantees:
        path = paths.guarantee_page(guarantee)
        page = site.html_pages[path]
        (root / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / path).write_text(page.front_matter + "\n" + page.html, encoding="utf-8")
    return root / "mkdocs.yml"


def build(config: Path) -> tuple[float, int]:
    out = config.parent / "site"
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "GARANTI_TODAY": "2026-06-01", "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(out)],
                   check=True, env=env)
    elapsed = time.perf_counter() - started
    size = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    return elapsed, size


def measure(count: int, repeat: int) -> dict[str, tuple[float, int]]:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        configs = {"project": make_project(base / "project", count), "plain": make_plain(base / "plain", count)}
        configs["same"] = make_same_content(base / "same", base / "project")
        results = {}
        for name, config in configs.items():
            runs = [build(config) for _ in range(repeat)]
            results[name] = (statistics.median(t for t, _ in runs), runs[0][1])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[250, 1000, 4000])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(f"{'N':>6} {'project s':>10} {'plain s':>8} {'same s':>7} {'/plain':>7} {'/same':>6}"
          f" {'project MB':>11} {'plain MB':>9} {'same MB':>8}")
    project_times = {}
    for count in args.counts:
        r = measure(count, args.repeat)
        (project, project_size), (plain, plain_size), (same, same_size) = r["project"], r["plain"], r["same"]
        project_times[count] = project
        print(f"{count:>6} {project:>10.2f} {plain:>8.2f} {same:>7.2f} {project / plain:>7.2f} {project / same:>6.2f}"
              f" {project_size / 1e6:>11.1f} {plain_size / 1e6:>9.1f} {same_size / 1e6:>8.1f}", flush=True)
    if 1000 in project_times and 4000 in project_times:
        print(f"project 4,000 / 1,000: {project_times[4000] / project_times[1000]:.2f}x (linear would be 4x)")


if __name__ == "__main__":
    main()
