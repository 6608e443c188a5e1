"""The benchmarks stay runnable and print what they promise: each one runs for real on a small
size (its imports, its corpus, its builds, its browser) and its output is checked for the figures
it promises; their values are not (they follow the machine and its load), except where a figure
can be known wrong: a build's own peak memory (benchmarks/_process_tree.py)."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BENCHMARKS = sorted(path for path in (REPO / "benchmarks").glob("*.py") if not path.name.startswith("_"))
CHROMIUM = os.environ.get("GARANTI_CHROMIUM", "/usr/bin/chromium")
NUMBER = r"\d+(?:\.\d+)?"
STAGES = ("check", "pages", "data files", "Markdown", "sanitising", "search source", "Pagefind", "MkDocs' writing")

sys.path.insert(0, str(REPO / "benchmarks"))
import _process_tree  # noqa: E402

# Each benchmark's small run: its arguments and what its output must show. A benchmark added without
# one fails test_every_benchmark_has_a_small_run.
SMALL_RUNS: dict[str, tuple[list[str], list[str]]] = {
    "absent_files_speed.py": (
        ["20", "--repeat", "1"],
        [r"N = 20: 40 files", rf"absent_version_files: processor {NUMBER} s \({NUMBER} ms a file\)"],
    ),
    "build_speed.py": (
        ["12", "--repeat", "1", "--profile-buckets"],
        [
            *(
                rf"N = 12 {build}: wall {NUMBER} s; processor {NUMBER} s; peak \d+ MB "
                rf"\(mkdocs alone \d+ MB, Pagefind alone \d+ MB\)"
                for build in ("project", "plain", "same")
            ),
            r"\n\s+12 \| .+x \|",  # the summary's row with the CPU ratio
            *(rf"N = 12 {build}: processor time by stage" for build in ("project", "plain")),
        ],
    ),
    "build_profile.py": (["12", "--lines", "5"], [r"function calls", r"cumulative"]),
    "check_speed.py": (
        ["20", "--repeat", "1"],
        [rf"check_tree \(in process\):\s+{NUMBER} s", rf"garanti check \(command\):\s+{NUMBER} s"],
    ),
    "follow_up_speed.py": (["20", "--repeat", "1"], [rf"follow-ups matched at the git tag:\s+{NUMBER} s"]),
    "publish_unchanged.py": (
        ["5", "--repeat", "1", "--before", str(REPO)],  # this checkout as the earlier one: the turns run
        [
            rf"N = 5 first publish \(builds\): wall {NUMBER} s",
            rf"N = 5 unchanged publish: wall {NUMBER} s; processor {NUMBER} s",
            rf"N = 5 unchanged publish, the checkout at {re.escape(str(REPO))}: wall {NUMBER} s; processor {NUMBER} s",
        ],
    ),
    "record_speed.py": (
        ["5"],
        [
            rf"3 years\s+15\s+\d+\s+{NUMBER}\s+{NUMBER}\s+\d+",
            r"1 year\s+15\s+\d+",
            rf"3 years / 1 year: wall {NUMBER}x",
        ],
    ),
    "preview_speed.py": (
        ["20", "--edits", "2"],
        [rf"first build served after {NUMBER} s", rf"save -> served: median {NUMBER} s.* over 2 saves"],
    ),
    "form_speed.py": (
        ["20", "--saves", "1"],
        [
            rf"first build served after {NUMBER} s",
            rf"empty cache: first field after {NUMBER} s",
            rf"click Spara -> the preview serves it: median {NUMBER} s",
        ],
    ),
    "search_size.py": (
        ["14"],
        [
            r"N=14 pagefind: build",
            r"N=14 pagefind: every query found the expected units",
            r"N=14 lunr: build",
            r"'hemtjänts'\s+\d+ results; before they show: search",
        ],
    ),
    "search_relevance.py": ([], [r"precision"]),
}
IN_CHROMIUM = {"form_speed.py", "search_size.py", "search_relevance.py"}


def test_every_benchmark_has_a_small_run():
    assert len(BENCHMARKS) >= 5
    assert sorted(path.name for path in BENCHMARKS) == sorted(SMALL_RUNS)


@pytest.mark.parametrize("name", sorted(SMALL_RUNS), ids=str)
def test_a_benchmark_runs_on_a_small_size(name):
    if name in IN_CHROMIUM and not os.access(CHROMIUM, os.X_OK):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM!r} (set GARANTI_CHROMIUM)")
        pytest.skip(f"Chromium not found at {CHROMIUM!r}")
    arguments, promised = SMALL_RUNS[name]
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / name), *arguments], capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    for figure in promised:
        assert re.search(figure, done.stdout), f"{name}: no {figure!r} in:\n{done.stdout}"


def test_the_bucket_view_gives_each_stage_its_time():
    """Every stage the issue lists is found in a real build (the functions it wraps are still the
    build's) and the stages add up to the total."""
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "build_profile.py"), "30", "--buckets"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seconds = {
        name.strip(): float(spent) for name, spent in re.findall(rf"^  (.+?)\s+({NUMBER}) s", done.stdout, re.MULTILINE)
    }
    for stage in STAGES:
        found = [spent for name, spent in seconds.items() if name.startswith(stage)]
        assert found and found[0] > 0, f"{stage}: {done.stdout}"
    total = seconds.pop("total")
    assert sum(seconds.values()) == pytest.approx(total, abs=0.01)


CHILD_HOLDING = "b = bytearray({mb} * 2**20); b[::4096] = b'x' * len(b[::4096]); {then}"


def test_a_run_s_peak_is_its_own_not_the_starting_process():
    """A program started from a large process: ru_maxrss reports the starter's high-water mark
    (what build_speed.py printed for plain), _process_tree the program's own, and the tree's peak
    adds up a program and the one it started, running at once."""
    held = bytearray(400 * 2**20)
    held[::4096] = b"x" * len(held[::4096])
    small = [sys.executable, "-c", "pass"]
    subprocess.run(small, check=True)
    inherited = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    assert inherited >= 400 * 2**20  # the trap: the child reports the test's own peak

    alone = _process_tree.run(small)
    assert alone.returncode == 0
    assert alone.own_peak("python") < 100 * 2**20
    assert alone.tree_peak < 100 * 2**20

    grandchild = CHILD_HOLDING.format(mb=120, then="import time; time.sleep(0.5)")
    child = CHILD_HOLDING.format(
        mb=60, then=f"import subprocess, sys; subprocess.run([sys.executable, '-c', {grandchild!r}])"
    )
    tree = _process_tree.run([sys.executable, "-c", child])
    assert tree.returncode == 0, tree.stderr
    assert 120 * 2**20 <= tree.own_peak("python") < 250 * 2**20  # the larger of the two, each its own
    assert tree.tree_peak >= 180 * 2**20  # both at once
    assert tree.tree_peak < 350 * 2**20
    del held
