"""How does publishing grow with the record over time? Three years of N guarantees against one year of 3N.

Two real git repositories, the units spread over 14 boards as build_speed.py spreads them:
  * "3 years": N units approved three times, one decision per board a year (2025, 2026, 2027), each
    year's text its own (the validity moved on, a commitment reworded): published on a day of 2027,
    N units in force, 3N versions with a page each, and each unit's history of three decisions;
  * "1 year": 3N units approved once (2027), published on the same day.
`garanti publish` runs on each: the plan (every tag read and checked from git), the staging of every
decision's files, and the site's mkdocs build. Printed: wall time, processor time (user + system, with
every program the publish starts: git, mkdocs, Pagefind) and peak memory (the largest process), and
the ratios. On a shared machine the wall time follows the load; the processor time moves less.
Figures, not pass/fail. Usage:

    .venv/bin/python benchmarks/record_speed.py [N] [--repeat R]     (N defaults to 2800)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import _process_tree  # noqa: E402
from benchmarks.build_speed import BOARDS, guarantee_text  # noqa: E402
from tests.helpers import copy_site_files, write  # noqa: E402
from tests.repos import copy_package  # noqa: E402
from tests.samples import HOME_CARE_MD, PRESCHOOL_MD  # noqa: E402

MEETING = "01-22"  # each year's decision
PUBLISHED_ON = "2027-06-01"
BOARD = """\
name: Stadsdel {number}s stadsdelsnämnd
kind: stadsdelsnämnd
district: Stadsdel {number}
departments:
  forskola: Avdelningen för förskola
  aldreomsorg: Avdelningen för äldreomsorg
meetings:
  - date: 2025-{meeting}
  - date: 2026-{meeting}
  - date: 2027-{meeting}
defaults:
  complaints: Tala med personalen eller lämna synpunkter på stockholm.se.
  contact:
    phone: "08-508 00 000"
"""


def git(root: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, **({"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {})}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def write_year(root: Path, count: int, year: int) -> None:
    """Every unit's guarantee for `year`: its own text, valid that year, one commitment reworded each year."""
    for number in range(count):
        board = number % BOARDS
        preschool = number % 3 == 0
        template, department = (PRESCHOOL_MD, "forskola") if preschool else (HOME_CARE_MD, "aldreomsorg")
        text = guarantee_text(number, template).replace("2026-", f"{year}-")
        text = text.replace("Vi arbetar aktivt mot kränkningar.", f"Vi arbetar aktivt mot kränkningar, år {year}.")
        text = text.replace("inom två veckor.", f"inom två veckor, år {year}.")
        write(root, f"guarantees/stadsdel-{board}/{department}/enhet-{number}.md", text)


def make_repository(root: Path, count: int, years: list[int]) -> Path:
    """A repository whose boards approved `count` units once a year, each year's text tagged on its meeting."""
    root.mkdir(parents=True)
    copy_site_files(root)
    copy_package(root)
    for board in range(BOARDS):
        write(root, f"guarantees/stadsdel-{board}/board.yml", BOARD.format(number=board, meeting=MEETING))
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Bänk")
    git(root, "config", "user.email", "bank@example.org")
    for year in years:
        write_year(root, count, year)
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"Garantierna {year}", date=f"{year - 1}-12-01T12:00:00+01:00")
        for board in range(BOARDS):  # annotated tags, as garanti tag makes them (unsigned: published without a list)
            git(
                root,
                "tag",
                "-a",
                "-m",
                "Beslut",
                f"stadsdel-{board}/{year}-{MEETING}",
                date=f"{year}-{MEETING}T18:00:00+01:00",
            )
    return root


def publish(root: Path) -> tuple[float, float, int, int]:
    """(wall seconds, processor seconds, peak bytes of the whole publish (every program it starts, at one
    moment: see _process_tree), pages MkDocs rendered) of one `garanti publish --out`."""
    out = root.parent / f"{root.name}-site"
    env = {**os.environ, "GARANTI_TODAY": PUBLISHED_ON, "NO_MKDOCS_2_WARNING": "1"}
    done = _process_tree.run(
        [
            str(Path(sys.executable).with_name("garanti")),
            "--root",
            str(root),
            "publish",
            "--out",
            str(out),
            "--utan-godkannarlista",
            "--bygg-alltid",
        ],
        env,
    )  # a build each run
    if done.returncode:
        raise SystemExit(f"garanti publish failed for {root}: {done.stderr.decode()}")
    # The pages MkDocs rendered: a version shown at its unit's address has a small page of its own instead.
    pages = sum(1 for page in out.resolve().rglob("index.html") if b'http-equiv="refresh"' not in page.read_bytes())
    return done.wall, done.processor, done.tree_peak, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=2800)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        repositories = {
            "3 years": make_repository(base / "years", args.count, [2025, 2026, 2027]),
            "1 year": make_repository(base / "year", 3 * args.count, [2027]),
        }
        runs: dict[str, list[tuple[float, float, int, int]]] = {name: [] for name in repositories}
        for _ in range(args.repeat):  # in turns, so that a busy spell hits both alike
            for name, root in repositories.items():
                runs[name].append(publish(root))
    print(f"{'':>8} {'versions':>9} {'pages':>7} {'wall s':>8} {'processor s':>12} {'peak MB':>8}")
    medians = {}
    for name, taken in runs.items():
        versions = 3 * args.count
        wall, cpu = statistics.median(r[0] for r in taken), statistics.median(r[1] for r in taken)
        peak = max(r[2] for r in taken)
        medians[name] = (wall, cpu, peak)
        print(
            f"{name:>8} {versions:>9} {taken[0][3]:>7} {wall:>8.1f} {cpu:>12.1f} {peak / 1e6:>8.0f}"
            f"   (runs: {' '.join(f'{r[0]:.1f}/{r[1]:.1f}' for r in taken)})"
        )
    (wall_y, cpu_y, peak_y), (wall_1, cpu_1, peak_1) = medians["3 years"], medians["1 year"]
    print(
        f"3 years / 1 year: wall {wall_y / wall_1:.2f}x, processor {cpu_y / cpu_1:.2f}x, peak {peak_y / peak_1:.2f}x "
        f"(the same number of versions; the 3 years have {args.count:,} unit pages besides their {3 * args.count:,} "
        "version pages)"
    )


if __name__ == "__main__":
    main()
