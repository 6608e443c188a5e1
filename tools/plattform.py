"""The site built on a platform it may move to, compared page by page with today's build (PLATTFORM.md).

    .venv/bin/python tools/plattform.py mkdocs-ng

makes a virtual environment of its own for the platform (under ~/.cache/garanti-plattform, or
--cache), installs there the platform's pins (plattform/<name>.txt), the project's other
dependencies (constraints.txt) and this checkout, and builds in it the sample site (as
tests/site/test_sample_site_unchanged.py does) and a published sample (the sample committed, each
board tagged, `garanti publish`, as the browser tests' published_site does). The same two builds are
made with the Python running this script: today's pins (the project's .venv). Every page is compared
by its digest (tests/sitedigest.py) and the report, plattform/rapport-<name>.md, lists the pages that
differ, are missing or are extra, with the first differing lines of a few. The report holds no
dates, timings or temporary paths, so a change in what a platform does shows in the diff of a pull
request (.github/workflows/plattform.yml).

Exit code: 0 when the platform's builds equal today's and today's sample equals the byte-identical
test's manifest; 1 when anything differs (the report says what); 2 when the report could not be made.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
# This checkout's code and tests, whichever checkout an environment's editable install points at.
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "src")]

from tests.sitemanifest import PUBLISHED_MANIFEST, SAMPLE_MANIFEST, as_recorded, read_manifest  # noqa: E402

PLATFORM_FOLDER = REPO_ROOT / "plattform"
MANIFESTS = {"exempel": SAMPLE_MANIFEST, "publicerad": PUBLISHED_MANIFEST}
BUILDS = ("exempel", "publicerad")
SHOWN_DIFFERENCES = 3
SHOWN_LINES = 6
SHOWN_CHANGED_LINES = 40
# The end of what a failed install or build said: pip's error, MkDocs' words and garanti's verdict.
SHOWN_ERROR_LINES = 6
# Long enough to reach what differs in Material's one-line page configuration (its asset names).
LINE_WIDTH = 400
HEX_NAME = re.compile(r"\b(?:[0-9a-f]{64}|[0-9a-f]{40})\b")


@dataclass(frozen=True)
class Platform:
    name: str
    # The module that builds the site (`python -m <program> build --strict -f … -d …`).
    program: str
    # Installed without their dependencies: a theme whose dependency on `mkdocs` would bring
    # MkDocs itself beside the platform that replaces it.
    without_dependencies: tuple[str, ...] = ()

    @property
    def pins(self) -> Path:
        return PLATFORM_FOLDER / f"{self.name}.txt"

    @property
    def report(self) -> Path:
        return PLATFORM_FOLDER / f"rapport-{self.name}.md"


PLATFORMS = {
    platform.name: platform
    for platform in (
        Platform("dagens", "mkdocs"),
        Platform("mkdocs-ng", "mkdocs"),
        Platform("properdocs", "properdocs", without_dependencies=("mkdocs-material",)),
        Platform("zensical", "zensical"),
    )
}


# --- Comparing two builds --------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    equal: list[str]
    differing: list[str]
    missing: list[str]  # in today's build, not in the platform's
    extra: list[str]  # in the platform's build, not in today's

    @property
    def same(self) -> bool:
        return not (self.differing or self.missing or self.extra)


def compare(today: dict[str, str], other: dict[str, str]) -> Comparison:
    """Two sites as their manifests record them (tests/sitemanifest.as_recorded) compared page by page."""
    return Comparison(
        equal=sorted(name for name in today.keys() & other.keys() if today[name] == other[name]),
        differing=sorted(name for name in today.keys() & other.keys() if today[name] != other[name]),
        missing=sorted(today.keys() - other.keys()),
        extra=sorted(other.keys() - today.keys()),
    )


def first_differences(today: Path, other: Path, lines: int | None = SHOWN_LINES) -> list[str]:
    """The first changed lines of one file in two builds, as a unified diff without its headers."""
    try:
        before = _blanked(today.read_text(encoding="utf-8")).splitlines()
        after = _blanked(other.read_text(encoding="utf-8")).splitlines()
    except UnicodeDecodeError:
        return ["(binär fil)"]
    changed = [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if not line.startswith(("---", "+++", "@@"))
    ]
    return [line[:LINE_WIDTH] for line in changed[:lines]]


def _blanked(text: str) -> str:
    """Git object names and digests blanked: two publishes sign their tags with keys made anew, so these
    differ between any two runs, and the report must be the same from run to run to show a change."""
    return HEX_NAME.sub(lambda found: f"<{len(found.group())} hex>", text)


def changed_lines(today: Path, other: Path, names: list[str]) -> list[tuple[int, str]]:
    """Every line changed in the named files of two builds, with the number of files it is changed in,
    most frequent first: what differs everywhere (a version number, an asset's name) apart from what
    differs in one page. Relative prefixes (../../) are made one, so that a line is the same at any depth."""
    counts: Counter[str] = Counter()
    for name in names:
        counts.update(
            {
                re.sub(r"(\.\./)+", "../", line.strip())
                for line in first_differences(today / name, other / name, lines=None)
                if line[1:].strip()
            }
        )
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def comparison_section(title: str, today: Path, other: Path | None, failure: str | None) -> list[str]:
    """One build's part of the report: the platform's build of `title` against today's."""
    lines = [f"## {title}", ""]
    if other is None:
        return [*lines, "Bygget misslyckades:", "", "```", failure or "", "```", ""]
    found = compare(as_recorded(today), as_recorded(other))
    lines += [
        f"- lika: {len(found.equal)}",
        f"- olika: {len(found.differing)}",
        f"- saknas (finns i dagens bygge): {len(found.missing)}",
        f"- extra (finns inte i dagens bygge): {len(found.extra)}",
        "",
    ]
    for heading, names in (("Olika", found.differing), ("Saknas", found.missing), ("Extra", found.extra)):
        if names:
            lines += [f"### {heading}", "", *(f"- `{name}`" for name in names), ""]
    counted = changed_lines(today, other, found.differing)
    if found.differing and not counted:
        lines += [
            "Filerna skiljer bara i git-objektnamn och kontrollsummor (som skiljer mellan två publiceringar).",
            "",
        ]
    if counted:
        lines += [
            "### Ändrade rader",
            "",
            f"{len(counted)} olika ändrade rader; antal filer där raden ändras:",
            "",
            "```diff",
            *(f"{line[:LINE_WIDTH]}  [{count}]" for line, count in counted[:SHOWN_CHANGED_LINES]),
            "```",
            "",
        ]
        if len(counted) > SHOWN_CHANGED_LINES:
            lines += [f"och {len(counted) - SHOWN_CHANGED_LINES} rader till.", ""]
    for name in found.differing[:SHOWN_DIFFERENCES]:
        if shown := first_differences(today / name, other / name):
            lines += [f"### Första skillnaderna i `{name}`", "", "```diff", *shown, "```", ""]
    return lines


def manifest_line(build: str, today_site: Path) -> tuple[bool, str]:
    """Whether today's build is the one the byte-identical test records, and the report's words for it."""
    manifest = MANIFESTS[build]
    found = compare(read_manifest(manifest), as_recorded(today_site))
    named = f"`{manifest.relative_to(REPO_ROOT)}`"
    if found.same:
        return True, f"Dagens bygge är det som {named} har registrerat."
    return False, (
        f"Dagens bygge skiljer sig från {named}: {len(found.differing)} olika, "
        f"{len(found.missing)} saknas, {len(found.extra)} extra."
    )


# --- Building --------------------------------------------------------------------------------


def build_sample(program: str, out: Path) -> str | None:
    """The repository's sample content built as the byte-identical test builds it; None, or what went wrong."""
    from tests.helpers import mkdocs_build

    done = mkdocs_build(REPO_ROOT / "mkdocs.yml", out, program=program)
    return done.stderr if done.returncode else None


def build_published(out: Path) -> str | None:
    """The sample published for real as the byte-identical test publishes it (publish_sample: signed
    decisions on fixed days, `garanti publish`) into out; None, or what went wrong."""
    from tests.site.test_sample_site_unchanged import publish_sample

    said = io.StringIO()
    try:
        with contextlib.redirect_stderr(said), contextlib.redirect_stdout(said):
            publish_sample(out.parent)
    except AssertionError as refused:
        return f"{said.getvalue()}{refused}"
    return None


def build_both(program: str, folder: Path) -> dict[str, str | None]:
    """Both builds under folder/<build>/site; what went wrong, per build."""
    failures = {}
    for name, build in (("exempel", lambda out: build_sample(program, out)), ("publicerad", build_published)):
        (folder / name).mkdir(parents=True)
        failures[name] = build(folder / name / "site")
    return failures


# --- The platform's environment --------------------------------------------------------------


def pip(python: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--quiet", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def project_dependencies() -> list[str]:
    """The package's runtime dependencies except MkDocs and its theme (the platform brings those),
    and pytest (the published sample is made with the tests' git helpers)."""
    import tomllib

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    kept = [d for d in project["dependencies"] if not re.match(r"mkdocs(-material)?\b", d)]
    return [*kept, *(d for d in project["optional-dependencies"]["test"] if d.startswith("pytest"))]


def environment(platform: Platform, cache: Path) -> tuple[Path | None, str]:
    """The platform's virtual environment, made or brought up to date: (its python, None) or (None, why not)."""
    folder = cache / platform.name
    wanted = json.dumps(
        [
            platform.pins.read_text(encoding="utf-8"),
            project_dependencies(),
            platform.without_dependencies,
            (REPO_ROOT / "constraints.txt").read_text(encoding="utf-8"),
        ]
    )
    stamp = folder / "installerat.json"
    python = folder / "bin" / "python"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted:
        return python, ""
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    steps = [
        ("-c", str(REPO_ROOT / "constraints.txt"), "-r", str(platform.pins), *project_dependencies()),
        *(
            (("--no-deps", "-c", str(REPO_ROOT / "constraints.txt"), *platform.without_dependencies),)
            if platform.without_dependencies
            else ()
        ),
        ("--no-deps", "-e", str(REPO_ROOT)),
    ]
    for step in steps:
        done = pip(python, *step)
        if done.returncode:
            return None, _error_lines(done.stderr)
    stamp.write_text(wanted, encoding="utf-8")
    return python, ""


def _error_lines(text: str) -> str:
    """pip's or MkDocs' own words, without its progress and without this machine's temporary paths."""
    lines = [line for line in text.splitlines() if not line.startswith(("WARNING: Location", "  Downloading", "     "))]
    return _without_paths("\n".join(lines[-SHOWN_ERROR_LINES:]))


def _without_paths(text: str) -> str:
    text = re.sub(r"\S*/bin/python[\d.]*", "python", text)  # the platform's environment, wherever it is
    text = text.replace(str(REPO_ROOT), "<projekt>").replace(tempfile.gettempdir(), "<tmp>")
    return re.sub(r"<tmp>/[^\s/]+", "<tmp>/…", text)


def installed(python: Path, names: list[str]) -> list[str]:
    """The versions of the named packages in the platform's environment, as `name==version`."""
    listed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format", "json", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    versions = {entry["name"].lower(): entry["version"] for entry in json.loads(listed)}
    return [f"{name}=={versions[name]}" for name in names if name in versions]


def pinned_names(platform: Platform) -> list[str]:
    lines = [*platform.pins.read_text(encoding="utf-8").splitlines(), *platform.without_dependencies]
    return [
        re.split(r"[=<>\[ ]", line.strip())[0].lower() for line in lines if line.strip() and not line.startswith("#")
    ]


# --- The report ------------------------------------------------------------------------------


def trial(platform: Platform, cache: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="plattform-") as scratch:
        today, tried = Path(scratch) / "i-dag", Path(scratch) / "provad"
        today_failures = build_both("mkdocs", today)
        if any(today_failures.values()):
            print("Dagens bygge misslyckades:", *filter(None, today_failures.values()), sep="\n", file=sys.stderr)
            return 2
        recorded = [manifest_line(build, today / build / "site") for build in BUILDS]
        lines = [
            f"# Plattform: {platform.name}",
            "",
            "Skrivs av `tools/plattform.py` (se PLATTFORM.md). Jämförs med samma byggen med dagens versioner "
            "(`constraints.txt`).",
            "",
            *(f"- {words}" for _, words in recorded),
            "",
        ]
        python, why = environment(platform, cache)
        if python is None:
            lines += ["## Installation", "", "Plattformen gick inte att installera:", "", "```", why, "```", ""]
        else:
            lines += ["Installerat: " + ", ".join(f"`{pin}`" for pin in installed(python, pinned_names(platform))), ""]
            lines += tried_builds(platform, python, today, tried)
        platform.report.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
        print(f"{platform.report.relative_to(REPO_ROOT)} skriven")
        same = python is not None and all(
            (tried / build / "site").is_dir()
            and compare(as_recorded(today / build / "site"), as_recorded(tried / build / "site")).same
            for build in BUILDS
        )
        return 0 if same and all(same_as_recorded for same_as_recorded, _ in recorded) else 1


def tried_builds(platform: Platform, python: Path, today: Path, tried: Path) -> list[str]:
    """Both builds made in the platform's environment, and the report's sections comparing them with today's."""
    done = subprocess.run(
        [str(python), __file__, "--bygg", platform.program, str(tried)], capture_output=True, text=True, check=False
    )
    failures = json.loads(done.stdout) if done.returncode == 0 else {build: done.stderr for build in BUILDS}
    lines = []
    for build, title in zip(BUILDS, ("Exempelwebbplatsen", "Publicerat exempel"), strict=True):
        failure = failures[build]
        lines += comparison_section(
            title,
            today / build / "site",
            None if failure else tried / build / "site",
            _error_lines(failure) if failure else None,
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("platform", nargs="?", choices=sorted(PLATFORMS))
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "garanti-plattform")
    # Inside the platform's environment: both builds into FOLDER, what went wrong as JSON on stdout.
    parser.add_argument("--bygg", nargs=2, metavar=("PROGRAM", "FOLDER"), help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.bygg:
        program, folder = arguments.bygg
        print(json.dumps(build_both(program, Path(folder))))
        return 0
    if not arguments.platform:
        parser.error("ange en plattform")
    # This checkout's code in every build it starts too.
    os.environ["PYTHONPATH"] = str(REPO_ROOT / "src")
    return trial(PLATFORMS[arguments.platform], arguments.cache)


if __name__ == "__main__":
    sys.exit(main())
