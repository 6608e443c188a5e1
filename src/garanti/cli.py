"""The `garanti` command: one entry point, one sub-command per module.

Each command module exposes `register(subparsers)`, which adds its parser and
sets `run` (a function taking the parsed arguments and returning an exit
code), and may set `refused_note`, a line said after any refusal of the command
("Ingen tagg har skapats."). Messages are Swedish: the users are editors and
board secretaries. A refusal (garanti.errors) is printed here, once, with the
exit code it carries; anything else is a bug (3), its traceback shown only
with GARANTI_DEBUG=1. README.md and CONTRIBUTING.md
list the codes for users. Codes 3 and 4 are never the content's fault, so
pre-commit and CI can tell them apart.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import os
import re
import sys
import traceback
from pathlib import Path

from .errors import Refusal, UsageError
from .layout import CONTENT_DIR

UNEXPECTED = 3
# Set to 1, it adds the traceback after the one line of an unexpected fault: the maintainer's
# way to see a bug a user reports, while editors keep seeing one Swedish line.
DEBUG_VARIABLE = "GARANTI_DEBUG"

# Each sub-command and the module providing it, in the order `garanti --help` lists them. A command
# named on the command line imports its module only: the daily publish that finds nothing changed
# does not load what the other commands need (the board paper, the form, the check).
COMMANDS = {
    "check": "garanti.commands.check",
    "new": "garanti.commands.new",
    "uppfoljning": "garanti.commands.uppfoljning",
    "rollover": "garanti.commands.rollover",
    "report": "garanti.commands.report",
    "tag": "garanti.commands.tag",
    "publish": "garanti.commands.publish",
    "aterstall": "garanti.commands.aterstall",
    "avsluta-nyckel": "garanti.commands.avsluta_nyckel",
    "kontrollera-tagg": "garanti.commands.kontrollera_tagg",
}
ROOT_OPTION = "--root"

_ARGPARSE_SWEDISH = {
    "the following arguments are required": "de här argumenten saknas",
    "unrecognized arguments": "okända argument",
    "expected one argument": "väntade ett värde",
}
# argparse's "invalid choice: 'chek' (choose from 'check', 'new', ...)"
_INVALID_CHOICE = re.compile(r"invalid choice: '([^']*+)' \(choose from ([^)]*+)\)")


class _SwedishFormatter(argparse.HelpFormatter):
    """ "användning:" before the usage line, wrapped lines aligned under it."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "användning: " if prefix is None else prefix)


class SwedishParser(argparse.ArgumentParser):
    """argparse with Swedish errors, usage and help headings, and exit code 2 on misuse."""

    def error(self, message: str):  # noqa: D401 - argparse hook
        message = _INVALID_CHOICE.sub(_invalid_choice, message)
        for english, swedish in _ARGPARSE_SWEDISH.items():
            message = message.replace(english, swedish)
        self.print_usage(sys.stderr)
        self.exit(2, f'{self.prog}: fel: {message}\nSkriv "{self.prog} --help" för hjälp.\n')

    def _get_formatter(self) -> argparse.HelpFormatter:  # noqa: D401 - argparse hook
        return _SwedishFormatter(prog=self.prog)

    def format_help(self) -> str:
        return (
            super()
            .format_help()
            .replace("positional arguments:", "argument:")
            .replace("options:", "flaggor:")
            .replace("show this help message and exit", "visa den här hjälpen och avsluta")
        )


def _invalid_choice(match: re.Match) -> str:
    """ "ogiltigt val "chek". Menade du "check"? Välj ett av: check, new, …": the closest choice first."""
    given = match.group(1)
    choices = [choice.strip().strip("'") for choice in match.group(2).split(",")]
    close = difflib.get_close_matches(given, choices, n=1, cutoff=0.6)
    hint = f' Menade du "{close[0]}"?' if close else ""
    return f'ogiltigt val "{given}".{hint} Välj ett av: {", ".join(choices)}'


def build_parser(command: str | None = None) -> SwedishParser:
    """The command line's parser: with every sub-command, or with `command`'s only (command_named)."""
    parser = SwedishParser(
        prog="garanti",
        description="Kvalitetsgarantier: kontrollera, förhandsgranska och publicera stadens kvalitetsgarantier.",
    )
    parser.add_argument(
        ROOT_OPTION,
        type=Path,
        default=None,
        help="projektmappen (den som innehåller guarantees/); standard: närmaste sådan uppåt från där du står",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="KOMMANDO", parser_class=SwedishParser)
    subparsers.required = True
    for name in [command] if command in COMMANDS else COMMANDS:
        importlib.import_module(COMMANDS[name]).register(subparsers)
    return parser


def command_named(argv: list[str]) -> str | None:
    """The sub-command argv runs, read as the parser reads it (the main options first: --root DIR, --root=DIR
    or an abbreviation of it); None when argv names none of them (help, a misspelt command, no command):
    then the parser needs every command, to list them."""
    words = iter(argv)
    for word in words:
        option, equals, _ = word.partition("=")
        if len(option) > 2 and ROOT_OPTION.startswith(option):
            if not equals:
                next(words, None)
            continue
        return word if word in COMMANDS else None
    return None


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds guarantees/."""
    for folder in [start, *start.parents]:
        if (folder / CONTENT_DIR).is_dir():
            return folder
    return None


def main(argv: list[str] | None = None) -> int:
    args = None
    try:
        # Building the parser reads the schema (the service types in `new --help`), so it is fenced too.
        argv = sys.argv[1:] if argv is None else argv
        args = build_parser(command_named(argv)).parse_args(argv)
        args.root = _resolve_root(args.root)
        return args.run(args)
    except Refusal as refusal:
        command = getattr(args, "command", None)
        print(f"garanti{' ' + command if command else ''}: {refusal}", file=sys.stderr)
        note = getattr(args, "refused_note", None)
        if note and type(refusal).exit_code == Refusal.exit_code:
            print(note, file=sys.stderr)
        return refusal.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; that is not an error worth a message.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as error:  # a last fence: editors never see a traceback
        print(
            f"garanti: ett oväntat fel inträffade ({type(error).__name__}: {error}). "
            "Kommandot avbröts. Kontakta den som förvaltar Kvalitetsgarantier och bifoga meddelandet.",
            file=sys.stderr,
        )
        if os.environ.get(DEBUG_VARIABLE) == "1":
            traceback.print_exception(error, file=sys.stderr)
        return UNEXPECTED


def _resolve_root(given: Path | None) -> Path:
    if given is not None:
        if not (given / CONTENT_DIR).is_dir():
            raise UsageError(f"{given} innehåller ingen mapp {CONTENT_DIR}/.")
        return given.resolve()
    root = find_root(Path.cwd().resolve())
    if root is None:
        raise UsageError(
            f"Hittar ingen mapp {CONTENT_DIR}/ här eller ovanför. Gå till projektmappen, eller ange --root."
        )
    return root


if __name__ == "__main__":
    sys.exit(main())
