"""How long does a daily publish take when nothing changed? The target: at most 2 s at 8,400 units.

A real git repository of N units over 14 boards, each board's decision an annotated tag (record_speed.py's
"1 year"). `garanti publish` builds the site once; then the same publish runs again R times with nothing
changed, and each must say "Inget har ändrats" and build nothing. Printed: the first (building) publish's
wall and processor time, and the unchanged publishes' (median, and each run), with every program the
publish starts (git) counted. With --before CHECKOUT, the unchanged publish of an earlier checkout's
package (its src/ first on PYTHONPATH) runs in turns with this one's, on the same published site.
Most of an unchanged publish is Python importing modules: the project's own are compiled from source
when no valid bytecode is beside them (a fresh checkout, as the daily job has, or PYTHONDONTWRITEBYTECODE
with changed files), which costs more than reading bytecode. Figures, not pass/fail. Usage:

    .venv/bin/python benchmarks/publish_unchanged.py [N] [--repeat R] [--before CHECKOUT]     (N defaults to 8400)
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


def publish(root: Path, out: Path, checkout: Path | None = None) -> tuple[_process_tree.TreeRun, bytes]:
    """One `garanti publish --out OUT` as the daily job runs it, with the package of `checkout` if given:
    (its run, what it printed)."""
    env = {**os.environ, "GARANTI_TODAY": PUBLISHED_ON, "NO_MKDOCS_2_WARNING": "1"}
    if checkout is not None:  # its own package first, ahead of the one this checkout installed
        env["PYTHONPATH"] = str(checkout / "src")
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
    parser.add_argument("--before", type=Path, help="an earlier checkout whose unchanged publish runs in turns")
    args = parser.parse_args()
    checkouts = {"": None, **({f", the checkout at {args.before}": args.before} if args.before else {})}
    with tempfile.TemporaryDirectory() as folder:
        root = make_repository(Path(folder) / "repo", args.count, [2027])
        out = Path(folder) / "site"
        first, said = publish(root, out)
        if UNCHANGED in said:
            raise SystemExit("the first publish built nothing")
        live = out.resolve()
        runs = {name: [] for name in checkouts}
        for _ in range(args.repeat):
            for name, checkout in checkouts.items():
                done, said = publish(root, out, checkout)
                if UNCHANGED not in said or out.resolve() != live:
                    raise SystemExit(f"a publish with nothing changed built the site again: {said.decode()}")
                runs[name].append(done)
        # Printed before the temporary folder is removed, which on a busy disk can take longer than the runs.
        print(f"N = {args.count} first publish (builds): wall {first.wall:.1f} s; processor {first.processor:.1f} s")
        for name, taken in runs.items():
            wall, cpu = statistics.median(r.wall for r in taken), statistics.median(r.processor for r in taken)
            print(
                f"N = {args.count} unchanged publish{name}: wall {wall:.2f} s; processor {cpu:.2f} s "
                f"(median of {len(taken)}; runs: {' '.join(f'{r.wall:.2f}/{r.processor:.2f}' for r in taken)})",
                flush=True,
            )


if __name__ == "__main__":
    main()
