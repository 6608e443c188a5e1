"""How fast is `garanti check`? Against the floor of parsing the same files.

Generates N synthetic guarantees (default 1,000) in a temporary repository and
times, in one run, (a) the full check (`check_tree`: walk, strict YAML,
schema, untrusted-text rules, cross-file rules) and (b) a bare
`yaml.safe_load` of the same front matters. Prints both and their ratio.
Figures, not pass/fail: machines are noisy. Usage:

    .venv/bin/python benchmarks/check_speed.py [N] [--repeat R]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.helpers import write  # noqa: E402
from tests.samples import BOARD_YML, HOME_CARE_MD, PRESCHOOL_MD  # noqa: E402

from garanti.content import check_tree, split_front_matter  # noqa: E402


def make_repository(root: Path, count: int) -> list[Path]:
    write(root, "guarantees/provstaden/board.yml", BOARD_YML)
    paths = []
    for number in range(count):
        template, department = (PRESCHOOL_MD, "forskola") if number % 3 == 0 else (HOME_CARE_MD, "aldreomsorg")
        text = template.replace("Provstadens", f"Enhet {number}")
        paths.append(write(root, f"guarantees/provstaden/{department}/enhet-{number}.md", text))
    return paths


def time_bare_parse(paths: list[Path]) -> float:
    started = time.perf_counter()
    for path in paths:
        front, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
        yaml.safe_load(front)
    return time.perf_counter() - started


def time_check(root: Path, expected: int) -> float:
    started = time.perf_counter()
    result = check_tree(root)
    elapsed = time.perf_counter() - started
    assert result.ok and len(result.corpus.guarantees) == expected, result.problems[:3]
    return elapsed


def time_command(root: Path) -> float:
    """The whole command as a pre-commit hook runs it, interpreter start included."""
    garanti = Path(sys.executable).parent / "garanti"
    started = time.perf_counter()
    subprocess.run([str(garanti), "--root", str(root), "check"], check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        paths = make_repository(root, args.count)
        bare = statistics.median(time_bare_parse(paths) for _ in range(args.repeat))
        check = statistics.median(time_check(root, args.count) for _ in range(args.repeat))
        command = statistics.median(time_command(root) for _ in range(args.repeat))
    print(f"guarantees:                 {args.count}")
    print(f"bare yaml.safe_load:        {bare:.3f} s")
    print(f"check_tree (in process):    {check:.3f} s")
    print(f"garanti check (command):    {command:.3f} s")
    print(f"ratio check / bare parse:   {check / bare:.2f}x")


if __name__ == "__main__":
    main()
