"""Where a full build's processor time goes: one `mkdocs build` of N synthetic guarantees
(build_speed.py's corpus), in this process, on one core.

Two views:
  * `--buckets` (what to read first): the processor time of each stage of the build, no
    profiler: the functions each stage runs through are wrapped with a clock (time.process_time)
    for this run only, and each stage is given its own time, less that of the stages it calls
    (the sanitising inside the search source's writing is the sanitising's). Pagefind is a program
    of its own: its time is the processor time of the programs the build waited for. The rest of
    MkDocs (configuration, files, navigation, theme) is "other". `--plain` measures plain MkDocs +
    Material's build of N plain pages (build_speed.py's baseline) the same way. The build runs on
    one core (the process's affinity), as the issue's figures were taken: the build's forked helper
    (site.forked) then works in the build process itself, where the clocks see it, and Pagefind
    shares that core. Accurate to the wrappers' own small cost.
  * the default, cProfile's listing: finer, but cProfile slows Python down unevenly (function calls
    most), so read shares and the order of the lines, not seconds. Pagefind is not in it.

    .venv/bin/python benchmarks/build_profile.py [N] [--buckets [--plain]] [--lines L] [--sort cumulative|tottime]
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import importlib
import io
import os
import pstats
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_speed import make_plain, make_project  # noqa: E402

# Each stage and the functions it runs through, as (module, attribute path) to be wrapped. Names the
# build imports into its own module are wrapped there, where it looks them up.
STAGES: dict[str, list[tuple[str, str]]] = {
    "check": [("garanti.site.build", "check_tree"), ("garanti.site.approved", "timeline")],
    "pages": [
        ("garanti.site.build", name)
        for name in (
            "generate_pages",
            "guarantee_pages",
            "version_pages",
            "language_pages",
            "year_pages",
            "absent_version_pages",
            "fill_start_page",
            "problem_pages",
        )
    ],
    "data files": [
        ("garanti.site.opendata", "files"),
        ("garanti.site.notice", "files"),
        ("garanti.site.search", "data_files"),
        ("garanti.site.form", "files"),
        ("garanti.site.feeds", "files"),
        ("garanti.site.catalog", "files"),
        ("garanti.site.build", "year_redirects"),
        ("garanti.site.build", "moved_redirects"),
        ("garanti.site.build", "absent_version_files"),
    ],
    "Markdown (Python-Markdown)": [("mkdocs.structure.pages", "Page.render")],
    "sanitising": [("garanti.site.render", "clean_page")],
    "search source": [
        ("garanti.site.search", "index_entries"),
        ("garanti.site.build", "written_for_search"),
        ("garanti.site.build", "SiteBuild.stored_content"),
        ("garanti.site.search", "IndexSource.remove"),
    ],
    "Pagefind (program, and ours around it)": [
        ("garanti.site.search", "IndexRun.__init__"),
        ("garanti.site.search", "IndexRun.finish"),
    ],
    "lunr index (Material's search plugin)": [
        ("material.plugins.search.plugin", "SearchPlugin.on_page_context"),
        ("material.plugins.search.plugin", "SearchPlugin.on_post_build"),
    ],
    "MkDocs' writing (page shell, theme, files)": [
        ("mkdocs.commands.build", "_build_page"),
        ("mkdocs.commands.build", "_build_theme_template"),
        ("mkdocs.structure.files", "Files.copy_static_files"),
    ],
}
PAGEFIND = "Pagefind (program, and ours around it)"
OTHER = "other (MkDocs' configuration, files, navigation; the hook's wiring)"


class StageClock:
    """Processor time of each stage, each stage's own: a stage called inside another is taken out of it."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(STAGES, 0.0)
        self._inner: list[float] = []  # per open stage: the time its inner stages took

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.process_time()
        self._inner.append(0.0)
        try:
            yield
        finally:
            spent = time.process_time() - started
            inner = self._inner.pop()
            self.seconds[name] += spent - inner
            if self._inner:
                self._inner[-1] += spent

    def wrapped(self, name: str, function: Callable) -> Callable:
        @functools.wraps(function)
        def timed(*args, **kwargs):
            with self.stage(name):
                return function(*args, **kwargs)

        return timed


@contextmanager
def clocked(clock: StageClock) -> Iterator[None]:
    """Every function of STAGES wrapped with the clock while the block runs (the modules MkDocs has
    not imported yet, such as the hook's, are imported here first)."""
    undo: list[Callable[[], None]] = []
    try:
        for name, places in STAGES.items():
            for module_name, attribute in places:
                owner = importlib.import_module(module_name)
                *outer, last = attribute.split(".")
                for part in outer:
                    owner = getattr(owner, part)
                original = owner.__dict__[last]
                setattr(owner, last, clock.wrapped(name, original))
                undo.append(functools.partial(setattr, owner, last, original))
        yield
    finally:
        for step in reversed(undo):
            step()


def buckets(config_file: Path, site_dir: Path) -> dict[str, float]:
    """One build on one core: the processor seconds of each stage, "other" and the total."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    clock = StageClock()
    with clocked(clock):
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.process_time()
        config = load_config(str(config_file), site_dir=str(site_dir))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        total = time.process_time() - started
        waited = resource.getrusage(resource.RUSAGE_CHILDREN)
    programs = (waited.ru_utime + waited.ru_stime) - (children.ru_utime + children.ru_stime)
    seconds = dict(clock.seconds)
    seconds[PAGEFIND] += programs
    seconds[OTHER] = total - sum(clock.seconds.values())
    seconds["total"] = total + programs
    return seconds


def print_buckets(seconds: dict[str, float], title: str) -> None:
    total = seconds["total"]
    print(f"{title}: processor time by stage, one core")
    for name, spent in seconds.items():
        if name != "total" and (spent or name != "lunr index (Material's search plugin)"):
            print(f"  {name:<68} {spent:7.3f} s {100 * spent / total:5.1f} %")
    print(f"  {'total':<68} {total:7.3f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=1000)
    parser.add_argument("--buckets", action="store_true", help="processor time per stage of the build, no profiler")
    parser.add_argument("--plain", action="store_true", help="with --buckets: plain MkDocs + Material's build instead")
    parser.add_argument("--lines", type=int, default=40)
    parser.add_argument("--sort", default="cumulative", choices=("cumulative", "tottime"))
    args = parser.parse_args()
    os.environ.setdefault("GARANTI_TODAY", "2026-06-01")
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    if args.plain and not args.buckets:
        parser.error("--plain goes with --buckets")

    with tempfile.TemporaryDirectory() as folder:
        if args.buckets:
            make = make_plain if args.plain else make_project
            config_file = make(Path(folder) / "build", args.count)
            print_buckets(
                buckets(config_file, Path(folder) / "site"), f"N = {args.count} {'plain' if args.plain else 'project'}"
            )
            return
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

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
