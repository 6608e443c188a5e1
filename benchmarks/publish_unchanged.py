"""How long does a daily publish take when nothing changed? The target: at most 2 s at 8,400 units.

A real git repository of N units over 14 boards, each board's decision an annotated tag (record_speed.py's
"1 year"). `garanti publish` builds the site once; then the same publish runs again R times with nothing
changed, and each must say "Inget har ändrats" and build nothing. Printed: the first (building) publish's
wall and processor time, and the unchanged publishes' (median, and each run), with every program the
publish starts (git) counted. Figures, not pass/fail. Usage:

    .venv/bin/python benchmarks/publish_unchanged.py [N] [--repeat R]     (N defaults to 8400)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import _process_tree  # noqa: E402
from benchmarks.record_speed import PUBLISHED_ON, make_repository  # noqa: E402

UNCHANGED = b"Inget har \xc3\xa4ndrats sedan publiceringen "


def publish(root: Path, out: Path) -> tuple[_process_tree.TreeRun, bytes]:
    """One `garanti publish --out OUT` as the daily job runs it: (its run, what it printed)."""
    env = {**os.environ, "GARANTI_TODAY": PUBLISHED_ON, "NO_MKDOCS_2_WARNING": "1"}
    printed = out.parent / f"{out.name}-utskrift.txt"
    with printed.open("wb") as stdout:
        done = _process_tree.run(
            [
                str(Path(sys.executable).with_name("garanti")),
                "--root",
                str(root),
                "publish",
                "--out",
                str(out),
                "--utan-godkannarlista",
            ],
            env,
            stdout=stdout,
        )
    if done.returncode:
        raise SystemExit(f"garanti publish failed for {root}: {done.stderr.decode()}")
    return done, printed.read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=8400)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = make_repository(Path(folder) / "repo", args.count, [2027])
        out = Path(folder) / "site"
        first, said = publish(root, out)
        if UNCHANGED in said:
            raise SystemExit("the first publish built nothing")
        live = out.resolve()
        runs = []
        for _ in range(args.repeat):
            done, said = publish(root, out)
            if UNCHANGED not in said or out.resolve() != live:
                raise SystemExit(f"a publish with nothing changed built the site again: {said.decode()}")
            runs.append(done)
    print(f"N = {args.count} first publish (builds): wall {first.wall:.1f} s; processor {first.processor:.1f} s")
    wall, cpu = statistics.median(r.wall for r in runs), statistics.median(r.processor for r in runs)
    print(
        f"N = {args.count} unchanged publish: wall {wall:.2f} s; processor {cpu:.2f} s (median of {len(runs)}; "
        f"runs: {' '.join(f'{r.wall:.2f}/{r.processor:.2f}' for r in runs)})"
    )


if __name__ == "__main__":
    main()
