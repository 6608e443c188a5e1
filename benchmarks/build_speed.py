"""How does the site build scale? Against a plain MkDocs + Material build.

For each N (default 1,000, 4,000, 8,400) this builds, in one run:
  * the project: this repository's mkdocs.yml, docs/, hooks/ and schema/ with
    N synthetic guarantees spread over 14 boards, 4 departments each;
  * "plain": MkDocs + Material (same theme settings, Swedish search, no hook)
    with N short plain pages, outside the navigation (the baseline the product is held to);
  * "same": the same plain MkDocs + Material, no hook, whose N pages are the
    very pages our hook makes for the N guarantees (front matter and the
    HTML we render; MkDocs runs its Markdown over it here, not in the
    project), outside the nav.
and prints the wall time (the median, with every run's time when repeated), output
size and peak memory of each, and the ratios. On a shared machine the wall time
follows the load; the processor time (user + system, with the programs a build
starts, such as Pagefind) is printed beside it, and moves less. Figures, not
pass/fail. Usage:

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


def build(config: Path) -> tuple[float, int, int, float]:
    """(seconds, output bytes, peak memory in bytes of the mkdocs process, processor seconds).
    Pagefind, a program of its own that the project's build starts, counts in the processor
    time, not in the peak memory."""
    out = config.parent / "site"
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "GARANTI_TODAY": "2026-06-01", "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(out)],
                               env=env)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"mkdocs build failed for {config}")
    size = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    return elapsed, size, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


def measure(count: int, repeat: int, same: bool = True) -> dict[str, tuple[float, int, int]]:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        configs = {"project": make_project(base / "project", count), "plain": make_plain(base / "plain", count)}
        if same:
            configs["same"] = make_same_content(base / "same", base / "project")
        runs: dict[str, list] = {name: [] for name in configs}
        for _ in range(repeat):  # taken in turns, so that a busy spell on the machine hits all three alike
            for name, config in configs.items():
                runs[name].append(build(config))
        results = {}
        for name, taken in runs.items():
            results[name] = (statistics.median(run[0] for run in taken), taken[0][1], max(run[2] for run in taken))
            cpu = statistics.median(run[3] for run in taken)
            print(f"  N = {count} {name}: {' '.join(f'{run[0]:.2f}' for run in taken)} s wall;"
                  f" processor {' '.join(f'{run[3]:.2f}' for run in taken)} s (median {cpu:.2f})", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1000, 4000, 8400])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-same", dest="same", action="store_false", help="leave out the \"same content\" build")
    args = parser.parse_args()
    print(f"{'N':>6} {'project s':>10} {'plain s':>8} {'same s':>7} {'/plain':>7} {'/same':>6}"
          f" {'output MB project/plain/same':>29} {'peak MB project/plain/same':>27}")
    project_times = {}
    for count in args.counts:
        r = measure(count, args.repeat, args.same)
        (project, project_size, project_peak), (plain, plain_size, plain_peak), (same, same_size, same_peak) = (
            r["project"], r["plain"], r.get("same", (float("nan"), 0, 0)))
        project_times[count] = project
        sizes = f"{project_size / 1e6:.1f} / {plain_size / 1e6:.1f} / {same_size / 1e6:.1f}"
        peaks = f"{project_peak / 1e6:.0f} / {plain_peak / 1e6:.0f} / {same_peak / 1e6:.0f}"
        print(f"{count:>6} {project:>10.2f} {plain:>8.2f} {same:>7.2f} {project / plain:>7.2f} {project / same:>6.2f}"
              f" {sizes:>29} {peaks:>27}", flush=True)
    smallest = min(project_times)
    for count in sorted(project_times)[1:]:
        print(f"project {count:,} / {smallest:,}: {project_times[count] / project_times[smallest]:.2f}x "
              f"(linear would be {count / smallest:.1f}x)")


if __name__ == "__main__":
    main()
