"""What the "no version now" files cost a publish (pages.absent_version_files): every published unit without a
Finnish or easy-to-read version has a file of its own at that address, two files a unit.

A real published Site (tests/repos.published_site: build_speed.py's N synthetic units, each of the 14 boards'
decision a real `garanti tag`, the tree staged as `garanti publish` stages it), then in turns R times each:
"plain", every file rendered from the two templates (what absent_version_files did before it rendered each
language once with a stand-in for the unit's name), and absent_version_files as it is. The two must give the
same bytes. Printed: processor and wall time of each (median, and each run), and per file. Usage:

    .venv/bin/python benchmarks/absent_files_speed.py [N] [--repeat R]     (N defaults to 8400)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.build_speed import BOARDS, make_project  # noqa: E402
from tests.repos import published_site  # noqa: E402

from garanti.site import pages  # noqa: E402


def plain(site) -> dict[str, str]:
    return {
        page.removesuffix(".md") + ".html": pages.absent_file(page, context)
        for _, _, page, context in pages._absent_contexts(site, in_record=False)
    }


def timed(make, site) -> tuple[float, float, dict[str, str]]:
    wall, cpu = time.perf_counter(), time.process_time()
    made = make(site)
    return time.perf_counter() - wall, time.process_time() - cpu, made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=8400)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        make_project(root, args.count)
        site = published_site(root, *(f"stadsdel-{board}/2026-01-22" for board in range(BOARDS)), today="2026-03-01")
        runs: dict[str, list[tuple[float, float]]] = {"plain": [], "absent_version_files": []}
        for _ in range(args.repeat):
            for name, make in (("plain", plain), ("absent_version_files", pages.absent_version_files)):
                wall, cpu, made = timed(make, site)
                runs[name].append((wall, cpu))
                files = made
            if files != plain(site):
                raise SystemExit("absent_version_files and the plain rendering differ")
    print(f"N = {args.count}: {len(files)} files; median of {args.repeat} runs in turns (wall/processor s each run)")
    for name, taken in runs.items():
        cpu = statistics.median(run[1] for run in taken)
        print(
            f"  {name:>20}: processor {cpu:.3f} s ({cpu / len(files) * 1000:.3f} ms a file), wall "
            f"{statistics.median(run[0] for run in taken):.3f} s; runs {' '.join(f'{w:.2f}/{c:.2f}' for w, c in taken)}"
        )


if __name__ == "__main__":
    main()
