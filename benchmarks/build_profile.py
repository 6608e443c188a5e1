"""Where a full build's processor time goes: one `mkdocs build` of N synthetic guarantees
(build_speed.py's corpus) under cProfile, in this process. Pagefind runs as a program of its
own and is not in the profile. cProfile slows Python down unevenly (function calls most),
so read shares and the order of the lines, not seconds. Usage:

    .venv/bin/python benchmarks/build_profile.py [N] [--lines L] [--sort cumulative|tottime]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_speed import make_project  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=40)
    parser.add_argument("--sort", default="cumulative", choices=("cumulative", "tottime"))
    args = parser.parse_args()
    os.environ.setdefault("GARANTI_TODAY", "2026-06-01")
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with tempfile.TemporaryDirectory() as folder:
        config_file = make_project(Path(folder) / "project", args.count)
        config = load_config(str(config_file), site_dir=str(Path(folder) / "site"))
        profile = cProfile.Profile()
        profile.enable()
        build(config)
        profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.lines)
    print(out.getvalue())


if __name__ == "__main__":
    main()
