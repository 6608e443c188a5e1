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
starts, such as Pagefind) is printed beside it, and moves less. The memory is the
build's own, not the benchmark's (see _process_tree.py): "peak" is the most the whole
build held at one moment (mkdocs and Pagefind together), "mkdocs alone" and "Pagefind
alone" each program's own peak. With --profile-buckets, build_profile.py's view of where
the processor time goes follows, for the project and plain at each N. Figures, not
pass/fail. Usage:

    .venv/bin/python benchmarks/build_speed.py [N ...] [--repeat R (default 3)] [--no-same] [--before CHECKOUT]
                                               [--profile-buckets]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))  # _process_tree, when imported from another benchmark

import _process_tree  # noqa: E402
from tests.helpers import copy_site_files, write  # noqa: E402
from tests.samples import BOARD_YML, HOME_CARE_MD, PRESCHOOL_MD  # noqa: E402

BOARDS = 14
DEPARTMENTS = ("forskola", "aldreomsorg")


def make_project(root: Path, count: int, checkout: Path = REPO) -> Path:
    """N synthetic guarantees in the site of checkout (this one, or an earlier one to compare with)."""
    root.mkdir(parents=True, exist_ok=True)
    copy_site_files(root, checkout)
    for board in range(BOARDS):
        write(root, f"guarantees/stadsdel-{board}/board.yml", BOARD_YML.replace("Provstaden", f"Stadsdel {board}"))
    for number in range(count):
        board = number % BOARDS
        preschool = number % 3 == 0
        template, department = (PRESCHOOL_MD, "forskola") if preschool else (HOME_CARE_MD, "aldreomsorg")
        write(root, f"guarantees/stadsdel-{board}/{department}/enhet-{number}.md", guarantee_text(number, template))
    return root / "mkdocs.yml"


_WORDS = (
    "trygg",
    "lek",
    "omsorg",
    "samtal",
    "natur",
    "musik",
    "språk",
    "matematik",
    "rörelse",
    "vänskap",
    "mat",
    "vila",
    "skog",
    "bibliotek",
    "trädgård",
    "teater",
)


def guarantee_text(number: int, template: str) -> str:
    """A guarantee whose title and mission are its own: no two units share a text."""
    words = " ".join(_WORDS[(number >> shift) % len(_WORDS)] for shift in (0, 4, 8, 12))
    return template.replace("Provstadens", f"Enhet {number}").replace(
        "\n---\n", f"\n---\nHos enhet {number} är {words} viktigt. ", 1
    )


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
        write(
            root,
            f"docs/units/unit-{number}.md",
            f"# Enhet {number}\n\n{body}\n## Våra åtaganden\n\n"
            "- Du får en kontaktperson inom två veckor.\n"
            "- Vi ringer om vi blir mer än 30 minuter försenade.\n\n"
            "## Om vi inte håller vad vi lovar\n\nVi ber om ursäkt och rättar till det inom en vecka.\n\n"
            "## Kontakt\n\nTelefon 08-508 11 111\n",
        )
    return root / "mkdocs.yml"


SAME_CONFIG = (
    PLAIN_CONFIG
    + """\
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
  - admonition
"""
)


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


def build(config: Path, checkout: Path = REPO) -> tuple[float, int, int, float, int, int]:
    """(seconds, output bytes, peak memory in bytes of the whole build, processor seconds, own peak
    in bytes of the mkdocs process, own peak in bytes of Pagefind (0 if none)). The build's processor
    time and its peak take in the programs it starts (Pagefind, for the project); the peaks are the
    build's own, not the benchmark's (see _process_tree)."""
    out = config.parent / "site"
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "GARANTI_TODAY": "2026-06-01", "NO_MKDOCS_2_WARNING": "1"}
    if checkout != REPO:  # its own package first, ahead of the one this checkout installed
        env["PYTHONPATH"] = str(checkout / "src")
    done = _process_tree.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(out)], env)
    if done.returncode:
        raise SystemExit(f"mkdocs build failed for {config}: {done.stderr.decode()}")
    size = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    return done.wall, size, done.tree_peak, done.processor, done.own_peak("python"), done.own_peak("pagefind")


def measure(count: int, repeat: int, same: bool = True, before: Path | None = None) -> dict[str, list[tuple]]:
    """Every run of each build, the builds taken in turns, so that a busy spell on the machine hits them alike."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        configs = {"project": make_project(base / "project", count), "plain": make_plain(base / "plain", count)}
        if same:
            configs["same"] = make_same_content(base / "same", base / "project")
        if before is not None:
            configs["before"] = make_project(base / "before", count, before)
        runs: dict[str, list] = {name: [] for name in configs}
        for _ in range(repeat):
            for name, config in configs.items():
                runs[name].append(build(config, before if name == "before" else REPO))
        for name, taken in runs.items():
            print(
                f"  N = {count} {name}: wall {' '.join(f'{run[0]:.2f}' for run in taken)} s;"
                f" processor {' '.join(f'{run[3]:.2f}' for run in taken)} s;"
                f" peak {' '.join(f'{run[2] / 1e6:.0f}' for run in taken)} MB"
                f" (mkdocs alone {' '.join(f'{run[4] / 1e6:.0f}' for run in taken)} MB,"
                f" Pagefind alone {' '.join(f'{run[5] / 1e6:.0f}' for run in taken)} MB)",
                flush=True,
            )
    return runs


def _median(runs: list[tuple], index: int) -> float:
    return statistics.median(run[index] for run in runs)


def _spread(runs: list[tuple], index: int) -> str:
    values = [run[index] for run in runs]
    return f"{min(values):.2f}-{max(values):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1000, 4000, 8400])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-same", dest="same", action="store_false", help='leave out the "same content" build')
    parser.add_argument(
        "--before",
        type=Path,
        help="an earlier checkout of the project (e.g. a git worktree with "
        "redigera/node_modules) built in turns with this one, with this checkout's packages",
    )
    parser.add_argument(
        "--profile-buckets",
        action="store_true",
        help="then the processor time per stage of one "
        "project build and one plain build of each N, on one core (build_profile.py --buckets)",
    )
    args = parser.parse_args()
    rows = []
    for count in args.counts:
        runs = measure(count, args.repeat, args.same, args.before)
        rows.append((count, runs))
    print(f"\nMedians of {args.repeat} runs in turns (spread min-max); processor = user + system, Pagefind included.")
    print(
        f"{'N':>6} | {'project wall s':>16} {'plain wall s':>14} | {'project CPU s':>16} {'plain CPU s':>14}"
        f" {'CPU ratio':>9} | {'peak MB project/plain':>21} {'ratio':>5} {'mkdocs alone':>12} {'ratio':>5}"
        f" {'Pagefind alone':>14} |"
        f" {'same CPU s':>10} {'output MB':>9}"
    )
    for count, runs in rows:
        project, plain = runs["project"], runs["plain"]
        same = runs.get("same")
        peak_project, peak_plain = max(run[2] for run in project), max(run[2] for run in plain)
        alone, pagefind = max(run[4] for run in project), max(run[5] for run in project)
        print(
            f"{count:>6} | {_median(project, 0):>5.2f} ({_spread(project, 0):>9}) {_median(plain, 0):>5.2f}"
            f" ({_spread(plain, 0):>6}) | {_median(project, 3):>5.2f} ({_spread(project, 3):>9})"
            f" {_median(plain, 3):>5.2f} ({_spread(plain, 3):>6}) {_median(project, 3) / _median(plain, 3):>8.2f}x |"
            f" {peak_project / 1e6:>9.0f} / {peak_plain / 1e6:<9.0f} {peak_project / peak_plain:>5.2f}"
            f" {alone / 1e6:>12.0f} {alone / peak_plain:>5.2f} {pagefind / 1e6:>14.0f} |"
            f" {(_median(same, 3) if same else float('nan')):>10.2f} {project[0][1] / 1e6:>9.1f}",
            flush=True,
        )
    if args.before is not None:
        print(f"\nThe same, of the checkout at {args.before}:")
        for count, runs in rows:
            before, plain = runs["before"], runs["plain"]
            print(
                f"{count:>6} | wall {_median(before, 0):>5.2f} ({_spread(before, 0)}) | CPU {_median(before, 3):>5.2f}"
                f" ({_spread(before, 3)}) {_median(before, 3) / _median(plain, 3):.2f}x plain |"
                f" peak {max(run[2] for run in before) / 1e6:.0f} MB,"
                f" mkdocs alone {max(run[4] for run in before) / 1e6:.0f} MB,"
                f" Pagefind alone {max(run[5] for run in before) / 1e6:.0f} MB"
            )
    smallest = rows[0]
    for count, runs in rows[1:]:
        print(
            f"project CPU {count:,} / {smallest[0]:,}: "
            f"{_median(runs['project'], 3) / _median(smallest[1]['project'], 3):.2f}x"
            f" (linear would be {count / smallest[0]:.1f}x)"
        )
    if args.profile_buckets:
        for count in args.counts:
            for build_of in ([], ["--plain"]):
                print(flush=True)
                subprocess.run(
                    [
                        sys.executable,
                        str(Path(__file__).with_name("build_profile.py")),
                        str(count),
                        "--buckets",
                        *build_of,
                    ],
                    check=True,
                )


if __name__ == "__main__":
    main()
