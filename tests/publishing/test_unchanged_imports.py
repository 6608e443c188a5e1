"""A publish that finds nothing changed costs little: it imports neither the build nor the site.

Most days nothing changes, and the daily publish's time is then mostly Python importing modules. The
command line imports only the module of the command it runs (cli.COMMANDS), and the publishing package
imports its modules when first asked (publishing.__init__): the nothing-changed path reads refs and the
publish record only. A real repository, a real tag and a real publish first; then the same publish in a
process of its own, whose imported modules are listed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from garanti import cli
from garanti.publishing import ALLOW_UNVERIFIED

from ..repos import TODAY, make_repo, publishing_environment

# What only a build needs: MkDocs and its theme, the templates, Markdown, the sanitiser, Pagefind, the
# site's and the plan's modules, and the other commands' modules.
BUILD_ONLY = (
    "mkdocs",
    "material",
    "jinja2",
    "markdown",
    "pymdownx",
    "nh3",
    "pagefind",
    "pagefind_bin",
    "garanti.site",
    "garanti.hook",
    "garanti.publishing.build",
    "garanti.publishing.plan",
    "garanti.publishing.tagging",
    "garanti.paper",
    "garanti.report",
    "garanti.editing",
    *(module for name, module in cli.COMMANDS.items() if name != "publish"),
)

# The command run in a fresh Python, which then names every module it imported.
RUN_AND_LIST_MODULES = """
import json, sys
from garanti import cli
code = cli.main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def imported_by(*argv: str) -> tuple[int, str, list[str]]:
    """(exit code, what it printed before the list, the modules) of `garanti ARGV` in a process of its own."""
    done = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST_MODULES, *argv],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
        check=False,
    )
    *said, listed = done.stdout.splitlines()
    result = json.loads(listed)
    return result["code"], "\n".join(said), result["modules"]


def test_a_publish_with_nothing_changed_imports_neither_the_build_nor_the_site(tmp_path):
    repo = make_repo(tmp_path / "repo")
    out = tmp_path / "site"
    argv = ("--root", str(repo.root), "publish", "--out", str(out), ALLOW_UNVERIFIED)
    with publishing_environment(TODAY):
        assert repo.approve("norra", "2026-01-22") == 0
        assert repo.garanti(*argv[2:]) == 0  # builds

        code, said, modules = imported_by(*argv)

    assert code == 0 and said.startswith("Inget har ändrats sedan publiceringen "), said
    imported = [name for name in modules if any(name == m or name.startswith(f"{m}.") for m in BUILD_ONLY)]
    assert imported == []
    assert "garanti.publishing.unchanged" in modules  # the test sees the path it means


def test_a_publish_that_builds_imports_the_build(tmp_path):
    """The same listing sees the build when there is one: the test above can fail."""
    repo = make_repo(tmp_path / "repo")
    with publishing_environment(TODAY):
        assert repo.approve("norra", "2026-01-22") == 0
        code, said, modules = imported_by(
            "--root", str(repo.root), "publish", "--out", str(tmp_path / "site"), ALLOW_UNVERIFIED
        )
    assert code == 0 and "Webbplatsen är publicerad i" in said, said
    assert {"garanti.publishing.build", "garanti.publishing.plan"} <= set(modules)


@pytest.mark.parametrize("command", list(cli.COMMANDS))
def test_a_command_s_parser_alone_is_the_one_among_all(command):
    """A command's own parser (build_parser(command)) reads and tells as it does among all the commands."""
    full = cli.build_parser()
    alone = cli.build_parser(command)
    assert list(_subparsers(full)) == list(cli.COMMANDS)
    assert list(_subparsers(alone)) == [command]
    assert _subparsers(alone)[command].format_help() == _subparsers(full)[command].format_help()


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--root", "projekt", "publish", "--out", "site"], "publish"),
        (["--root=projekt", "check"], "check"),
        (["--ro", "projekt", "avsluta-nyckel"], "avsluta-nyckel"),  # argparse takes an abbreviated option
        (["check", "--root", "x"], "check"),
        (["--root", "publish"], None),  # publish is the folder given, no command follows
        (["--help"], None),
        (["-h", "publish"], None),
        (["chek"], None),  # a misspelt command: every command, for the closest one's name
        ([], None),
    ],
)
def test_the_command_named_is_read_as_the_parser_reads_it(argv, named):
    assert cli.command_named(argv) == named


def _subparsers(parser) -> dict:
    return next(action.choices for action in parser._actions if action.dest == "command")
