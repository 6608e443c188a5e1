"""A follow-up brought along with its guarantee: when the guarantee's commitments change, the
follow-up of a year the guarantee covers lists them anew, in the guarantee's order, keeping the
result and comment of each commitment that did not change (same text, same curriculum area).

Only the `results:` block of the file is written anew (in the layout `garanti uppfoljning`
writes); the rest stays as the editor left it. A commitment that is new or reworded has no result
yet, so the follow-up then becomes a draft (`draft: true`): it passes the check until the editor
fills the result in, and the form shows its switch "Klar att lämnas till nämnden" off.

Used by `garanti uppfoljning --uppdatera`, by the form's local back end, which brings the unit's
follow-ups along in the same save as the guarantee (`python -m garanti.editing.follow_along`), and on
the git host by `garanti uppfoljning --gren` (follow_along_branch.py), on the form's branch after the save.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import untrusted_yaml
from ..content import check_tree
from ..content.follow_ups import EarlierGuarantees
from ..content.guarantees import read_front_matter
from ..content.problems import Findings
from ..errors import Refusal
from ..layout import split_follow_up_name
from ..model import Commitment, Guarantee
from .files import write_atomically
from .scaffold import follow_up_results, followed_guarantee

_DRAFT_LINE = re.compile(r"draft:[^\n]*+", re.MULTILINE)


def refreshed(text: str, commitments: Sequence[Commitment]) -> str | None:
    """`text`, a follow-up, with its results matching `commitments`; None when they already do
    (or the file cannot be read: the check says why, and nothing is guessed). A result kept is
    kept as written, line for line."""
    try:
        data, _ = untrusted_yaml.load(text)
    except Refusal:
        return None
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list) or not all(isinstance(item, dict) for item in results):
        return None
    if [(item.get("area"), item.get("commitment")) for item in results] == [(c.area, c.text) for c in commitments]:
        return None
    lines = text.splitlines(keepends=True)
    block = _results_block(lines)
    if block is None:
        return None
    start, end = block
    written = _items(lines[start + 1 : end])
    if len(written) != len(results):
        return None
    kept = {(item.get("area"), item.get("commitment")): chunk for item, chunk in zip(results, written, strict=True)}
    indent = _indent(written[0][0]) if written else "  "
    new_lines, emptied = [lines[start]], False
    for commitment in commitments:
        chunk = kept.pop((commitment.area, commitment.text), None)
        if chunk is None:
            chunk = _new_item(commitment, indent)
            emptied = True
        new_lines += chunk
    changed = "".join(lines[:start] + new_lines + lines[end:])
    return _as_draft(changed) if emptied else changed


def _results_block(lines: list[str]) -> tuple[int, int] | None:
    """Where the `results:` key and its items are: (its line, the line after its last item). A
    comment at the margin after them belongs to the next key, and blank lines before it stay."""
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "results:"), None)
    if start is None:
        return None
    end = start + 1
    while end < len(lines) and (lines[end][:1] in (" ", "-", "\t") or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return start, end


def _items(lines: list[str]) -> list[list[str]]:
    """The block's items, each its lines (from its dash to the next item's)."""
    items: list[list[str]] = []
    dash = next((_indent(line) for line in lines if line.lstrip().startswith("- ")), None)
    for line in lines:
        if dash is not None and line.startswith(dash + "- ") or not items:
            items.append([line])
        else:
            items[-1].append(line)
    return items


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _new_item(commitment: Commitment, indent: str) -> list[str]:
    """A commitment without a result yet, as `garanti uppfoljning` writes it, at the file's indent."""
    rendered = follow_up_results(
        [{"commitment": commitment.text, "area": commitment.area, "result": None, "comment": None}]
    ).splitlines(keepends=True)[1:]
    template = _indent(rendered[0])
    return [indent + line[len(template) :] for line in rendered[:-1]] + [indent + rendered[-1][len(template) :] + "\n"]


def _as_draft(text: str) -> str:
    if _DRAFT_LINE.search(text):
        return _DRAFT_LINE.sub("draft: true", text, count=1)
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.rstrip() == "results:")
    return "".join(lines[:start]) + "draft: true\n" + "".join(lines[start:])


def refresh_follow_up(
    root: Path, board: str, department: str, unit: str, year: int, earlier: EarlierGuarantees
) -> tuple[Path, Guarantee, bool]:
    """`garanti uppfoljning --uppdatera`: the unit's follow-up of `year` brought along with the guarantee of
    that year (the file in the tree, else the version the board approved for the year). Returns the
    file, that guarantee, and whether the file changed. Refused when the follow-up does not exist or
    would not pass the check afterwards (then it is left as it was)."""
    followed, path = followed_guarantee(root, board, department, unit, year, earlier)
    relative = path.relative_to(root).as_posix()
    if not path.is_file():
        raise Refusal(f"{relative} finns inte. Skapa den med garanti uppfoljning {board}/{department}/{unit} {year}.")
    before = path.read_bytes()
    text = before.decode("utf-8", errors="replace")
    new = refreshed(text, followed.commitments)
    if new is None:
        return path, followed, False
    write_atomically(path, new.encode("utf-8"))
    problems = check_tree(root, [path], earlier=earlier).problems
    if problems:
        write_atomically(path, before)
        raise Refusal(
            f"{relative} skulle inte klara kontrollen efter uppdateringen, så den lämnades som den var:", problems
        )
    return path, followed, True


def brought_along(guarantee_text: str, guarantee_path: str, follow_ups: dict[str, str]) -> dict[str, str]:
    """Of the unit's follow-ups ({path: text}), those of a year the guarantee covers, refreshed from
    its commitments: {path: new text} for each that changes. Nothing when the guarantee cannot be
    read (its check says why)."""
    report = Findings(Path("."))
    read = read_front_matter(guarantee_text, Path(guarantee_path), report, "title, service", "title: Dalens förskolor")
    if read is None:
        return {}
    commitments = _commitments(read.data.get("commitments"))
    years = _years(read.data.get("valid"))
    if commitments is None or years is None:
        return {}
    changed = {}
    for path, text in follow_ups.items():
        _, year = split_follow_up_name(Path(path).name)
        if year in years and (new := refreshed(text, commitments)) is not None:
            changed[path] = new
    return changed


def _commitments(listed) -> list[Commitment] | None:
    if not isinstance(listed, list) or not listed:
        return None
    commitments = []
    for item in listed:
        if isinstance(item, str):
            commitments.append(Commitment(item))
        elif isinstance(item, dict) and isinstance(item.get("text"), str) and isinstance(item.get("area"), str):
            commitments.append(Commitment(item["text"], item["area"]))
        else:
            return None
    return commitments


def _years(valid) -> range | None:
    try:
        first, last = dt.date.fromisoformat(str(valid["from"])), dt.date.fromisoformat(str(valid["to"]))
    except (TypeError, KeyError, ValueError):
        return None
    return range(first.year, last.year + 1)


def main() -> int:
    """For the form's local back end: on standard input {"guarantee": {"path", "text"}, "follow_ups":
    {path: text}}, on standard output {path: new text} (see brought_along)."""
    asked = json.load(sys.stdin)
    guarantee = asked["guarantee"]
    json.dump(brought_along(guarantee["text"], guarantee["path"], asked["follow_ups"]), sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
