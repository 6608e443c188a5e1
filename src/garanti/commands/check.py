"""`garanti check [PATH ...]`: every problem in the content, one line each."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..approval import earlier_guarantees, earlier_texts
from ..content import CheckResult, check_tree
from ..errors import UsageError
from ..layout import CONTENT_DIR, taken_addresses
from ..model import Problem
from ..wording import count_text


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "check",
        help="kontrollera garantierna, deras uppföljningar och nämndernas board.yml",
        description=(
            "Kontrollerar garantier, uppföljningar, språkversioner och board.yml mot mallen och stadens regler. "
            "Skriver ett fel per rad: fil:rad:kolumn: vad som är fel och vad du ska göra. Varningar (fil:rad:kolumn: "
            "varning: ...) stoppar inget men bör ses över. Avslutas med 0 om inget är fel och 1 om något är fel."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="SÖKVÄG",
        help=f"filer eller mappar att kontrollera (standard: hela {CONTENT_DIR}/)",
    )
    parser.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text för människor (standard) eller json för maskiner",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    only = _selection(args.root, args.paths) if args.paths else None
    result = check_tree(
        args.root,
        only,
        taken=taken_addresses(args.root / "docs"),
        earlier=earlier_guarantees(args.root),
        earlier_texts=earlier_texts(args.root),
    )
    print(as_json(result) if args.format == "json" else as_text(result))
    return 0 if result.ok else 1


def _selection(root: Path, paths: list[Path]) -> list[Path]:
    chosen = []
    content = root / CONTENT_DIR
    for given in paths:
        absolute = (Path.cwd() / given).absolute()
        if not absolute.exists() and not absolute.is_symlink():
            raise UsageError(f"{given} finns inte.")
        # Judge the path as written, without following links: a link is itself refused by the check.
        normalised = Path(os.path.normpath(absolute))
        if normalised != content and content not in normalised.parents:
            raise UsageError(f"{given} ligger inte i {CONTENT_DIR}/. Ange filer eller mappar under {content}.")
        chosen.append(normalised)
    return chosen


def as_text(result: CheckResult) -> str:
    lines = [str(problem) for problem in result.problems]
    lines += [warning_text(warning) for warning in result.warnings]
    files = f"{result.files_checked} {'fil kontrollerad' if result.files_checked == 1 else 'filer kontrollerade'}"
    warned = f", {count_text(len(result.warnings), 'varning', 'varningar')}" if result.warnings else ""
    if result.ok:
        lines.append(f"Allt stämmer: {files}, inga fel{warned}." if not warned else f"Inga fel: {files}{warned}.")
    else:
        bad = len({problem.path for problem in result.problems})
        count = len(result.problems)
        lines.append(f"{count} fel i {bad} {'fil' if bad == 1 else 'filer'} ({files}{warned}).")
    return "\n".join(lines)


def warning_text(warning: Problem) -> str:
    """A warning as a line: where, "varning:", and what to look at."""
    return str(Problem(warning.path, warning.line, warning.column, f"varning: {warning.message}"))


def as_json(result: CheckResult) -> str:
    return json.dumps(
        {
            "ok": result.ok,
            "files_checked": result.files_checked,
            "problems": [problem.__dict__ for problem in result.problems],
            "warnings": [warning.__dict__ for warning in result.warnings],
        },
        ensure_ascii=False,
        indent=2,
    )
