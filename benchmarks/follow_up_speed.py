"""What do follow-ups cost `garanti check`? Three runs over the same N units.

Generates N synthetic guarantees (default 1,000) for 2026 in a temporary git
repository, approves them with an annotated tag, and times `check_tree`:
(a) the guarantees alone; (b) with a 2026 follow-up beside each, matched against
the guarantee in the tree; (c) after the rollover to 2027, so that each follow-up
is matched against the guarantee read from the approval tag in git
(approval.ApprovedGuarantees). Figures, not pass/fail: machines are noisy. Usage:

    .venv/bin/python benchmarks/follow_up_speed.py [N] [--repeat R]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.check_speed import make_repository  # noqa: E402

from garanti.approval import earlier_guarantees  # noqa: E402
from garanti.content import check_tree  # noqa: E402

FOLLOW_UP = """\
results:
  - commitment: Du får en kontaktperson inom två veckor.
    result: uppfyllt
  - commitment: Vi ringer om vi blir mer än 30 minuter försenade.
    result: delvis uppfyllt
    comment: Vi ringde inte alltid i januari.
corrections:
  count: 2
complaints: 4
"""


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def time_check(root: Path, follow_ups: int, earlier: bool) -> float:
    started = time.perf_counter()
    result = check_tree(root, earlier=earlier_guarantees(root) if earlier else None)
    elapsed = time.perf_counter() - started
    assert result.ok and len(result.corpus.follow_ups) == follow_ups, result.problems[:3]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        paths = [path for path in make_repository(root, args.count) if path.parent.name == "aldreomsorg"]
        git(root, "init", "-q", "-b", "main")
        git(root, "-c", "user.name=B", "-c", "user.email=b@example.org", "add", "-A")
        git(root, "-c", "user.name=B", "-c", "user.email=b@example.org", "commit", "-q", "-m", "2026")
        git(
            root,
            "-c",
            "user.name=B",
            "-c",
            "user.email=b@example.org",
            "tag",
            "-a",
            "-m",
            "Beslut",
            "provstaden/2026-01-22",
        )
        alone = statistics.median(time_check(root, 0, True) for _ in range(args.repeat))
        for path in paths:  # home care units: their commitments are FOLLOW_UP's
            path.with_name(path.stem + ".uppfoljning-2026.yml").write_text(FOLLOW_UP, encoding="utf-8")
        in_tree = statistics.median(time_check(root, len(paths), True) for _ in range(args.repeat))
        for path in paths:
            path.write_text(path.read_text(encoding="utf-8").replace("2026-", "2027-"), encoding="utf-8")
        from_git = statistics.median(time_check(root, len(paths), True) for _ in range(args.repeat))
    print(f"units / follow-ups:                         {args.count} / {len(paths)}")
    print(f"check, guarantees alone:                    {alone:.3f} s")
    print(f"check, follow-ups matched in the tree:      {in_tree:.3f} s")
    print(f"check, follow-ups matched at the git tag:   {from_git:.3f} s")


if __name__ == "__main__":
    main()
