"""How long from saving a guarantee to seeing it in the preview?

For each N (default 1,000) this writes N synthetic guarantees over 14 boards
(benchmarks/build_speed.py's corpus), starts a real `mkdocs serve` on it the
way ./scripts/preview does, and then, several times, saves one guarantee with
a new sentence and polls the served page's HTML until the sentence appears:
the time a comms officer waits between saving and seeing. MkDocs' serve holds
a request while it rebuilds, so a poll returns as soon as the build is done.

Figures, not pass/fail: they depend on the machine and its load. Usage:

    .venv/bin/python benchmarks/preview_speed.py [N ...] [--edits E] [--serve-args "--dirty"]
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO))

from build_speed import BOARDS, make_project  # noqa: E402
from tests.preview_server import Preview, preview_arguments  # noqa: E402


def measure(count: int, edits: int, serve_args: list[str]) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        config = make_project(Path(folder) / "project", count)
        started = time.perf_counter()
        preview = Preview(config.parent, Path(folder) / "serve.log", serve_args, patience=1800)
        try:
            preview.wait_for_text("stadsdel-0/enhet-0/", "Hos enhet 0 är")
            print(f"  first build served after {time.perf_counter() - started:.1f} s", flush=True)
            return [save_and_wait(preview, count, edit) for edit in range(edits)]
        finally:
            preview.stop()


def save_and_wait(preview: Preview, count: int, edit: int) -> float:
    """Save one guarantee with a new sentence; the seconds until its served page shows it."""
    time.sleep(1.0)  # the server settles, as between two saves of a person
    number = (edit * 97) % count  # spread over boards and departments
    board, department = number % BOARDS, "forskola" if number % 3 == 0 else "aldreomsorg"
    path = preview.root / f"guarantees/stadsdel-{board}/{department}/enhet-{number}.md"
    marker = f"Ändring nummer {edit} syns nu."
    text = path.read_text(encoding="utf-8").replace("\n---\n", f"\n---\n{marker} ", 1)
    started = time.perf_counter()
    path.write_text(text, encoding="utf-8")
    preview.wait_for_text(f"stadsdel-{board}/enhet-{number}/", marker)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1000])
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument(
        "--serve-args",
        default=shlex.join(preview_arguments()),
        help="arguments for mkdocs serve (default: those of ./scripts/preview)",
    )
    args = parser.parse_args()
    for count in args.counts:
        print(f"N = {count}, mkdocs serve {args.serve_args}", flush=True)
        times = measure(count, args.edits, shlex.split(args.serve_args))
        print(
            f"  save -> served: median {statistics.median(times):.2f} s, min {min(times):.2f} s, "
            f"max {max(times):.2f} s over {len(times)} saves: {' '.join(f'{t:.2f}' for t in times)}",
            flush=True,
        )


if __name__ == "__main__":
    main()
