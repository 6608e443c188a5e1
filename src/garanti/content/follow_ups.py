"""A unit's follow-up of a year, matched against the guarantee valid that year."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .. import schemas, untrusted_yaml
from ..layout import FOLLOW_UP_INFIX, is_slug, split_follow_up_name
from ..model import RESULTS, Board, CommitmentResult, FollowUp, Guarantee
from .cache import LoadCache
from .files import check_fields, read_fields
from .guarantees import draft_of
from .problems import Findings

# The guarantee of a year, for a follow-up of a year the guarantee in the tree no longer
# covers (after the rollover): (board, unit slug, year) -> the guarantee, or None when no
# version covers the year. Read from git by the caller (approval.earlier_guarantees: the
# board's approval tags, else the guarantee's history); without it such follow-ups are not matched.
EarlierGuarantees = Callable[[Board, str, int], "Guarantee | None"]


@dataclass(frozen=True)
class _FollowUpText:
    """A follow-up file as read and checked on its own, before it is matched with its guarantee."""

    data: dict
    positions: untrusted_yaml.Positions
    clean: bool  # no problem of its own: it may go into the corpus once it matches its guarantee


def load_follow_ups(
    paths: list[Path],
    board: Board | None,
    guarantees: list[Guarantee],
    report: Findings,
    cache: LoadCache,
    earlier: EarlierGuarantees | None,
    unfinished: list[str],
) -> list[FollowUp]:
    """The board's follow-ups, each checked and matched against the guarantee of its year;
    the drafts still being filled in are added to `unfinished`."""
    by_file = {g.source: g for g in guarantees}
    follow_ups = []
    for path in paths:
        unit, year = split_follow_up_name(path.name)
        read = cache.load(path, None, report, partial(load_follow_up_file, path, report))
        guarantee_path = path.with_name(f"{unit}.md")
        if not guarantee_path.is_file():
            report.add(
                path,
                1,
                1,
                f"Uppföljningen hör inte till någon garanti: {report.relative(guarantee_path)} "
                "finns inte. Lägg uppföljningen bredvid garantin den följer upp, med samma namn före "
                f'"{FOLLOW_UP_INFIX}", eller ta bort den.',
            )
            continue
        guarantee = by_file.get(report.relative(guarantee_path))
        if read is None or board is None or guarantee is None or year is None or not is_slug(unit):
            continue  # the problems are reported: its own, or its guarantee's or board's
        follow_up = _follow_up(path, year, read, board, guarantee, report, earlier)
        if follow_up is not None:
            follow_ups.append(follow_up)
        elif read.clean and not _filled_in(read.data):
            unfinished.append(report.relative(path))
    return follow_ups


def load_follow_up_file(path: Path, report: Findings) -> _FollowUpText | None:
    """A follow-up file checked against its schema, the untrusted-text rules and what a finished
    one needs; None only if it cannot be read as fields at all. Every problem is reported in one
    check: the matching with its guarantee still runs on a file with problems of its own."""
    loaded = read_fields(
        path,
        report,
        "Uppföljningen ska bestå av fält (nyckel: värde), till exempel "
        '"complaints: 3". Skapa den med garanti uppfoljning, se CONTRIBUTING.md.',
    )
    if loaded is None:
        return None
    data, positions = loaded
    before = len(report.problems)
    check_fields(schemas.FOLLOW_UP_SCHEMA, data, positions, path, report)
    if not draft_of(data):
        _refuse_unfinished(data, positions, path, report)
    return _FollowUpText(data, positions, clean=len(report.problems) == before)


def _refuse_unfinished(data: dict, positions: untrusted_yaml.Positions, path: Path, report: Findings) -> None:
    """Only a draft may leave a value empty, or a result without its comment: what is published
    says how every commitment went."""

    def add(at, message: str) -> None:
        line, column = positions.of_key(at)
        report.add(
            path, line, column, f"{message} Eller {schemas.draft_advice('uppföljningen', schemas.FOLLOW_UP_SCHEMA)}"
        )

    for index, item in _result_items(data):
        if item.get("result") in RESULTS[1:] and not item.get("comment"):
            add(
                ("results", index, "result"),
                f"Åtagandet är {item['result']}: skriv en kort kommentar efter "
                '"comment:" om vad som hände och vad ni gör nu.',
            )
    for at, message in _empty_values(data):
        add(at, message)


def _result_items(data: dict) -> Iterator[tuple[int, dict]]:
    """(index, item) for each result that is a group of fields (the schema reports any other shape)."""
    results = data.get("results")
    for index, item in enumerate(results if isinstance(results, list) else []):
        if isinstance(item, dict):
            yield index, item


def _empty_values(data: dict) -> Iterator[tuple[tuple, str]]:
    """The values a published follow-up needs that are written but still empty (a draft may leave
    them so), each with where it is and what to write. A value left out altogether is the schema's
    message ("Fältet ... saknas")."""
    words = ", ".join(RESULTS[:-1]) + " eller " + RESULTS[-1]
    for index, item in _result_items(data):
        if "result" in item and item["result"] is None:
            yield ("results", index, "result"), f'Resultatet saknas. Skriv {words} efter "result:".'
    corrections = data.get("corrections")
    if isinstance(corrections, dict) and "count" in corrections and corrections["count"] is None:
        yield (
            ("corrections", "count"),
            'Antalet begärda rättelser saknas. Skriv ett heltal efter "count:", till exempel 0.',
        )
    if "complaints" in data and data["complaints"] is None:
        yield ("complaints",), 'Antalet klagomål saknas. Skriv ett heltal efter "complaints:", till exempel 0.'


def _filled_in(data: dict) -> bool:
    """Whether every value a published follow-up needs is there (a draft may leave them empty)."""
    return next(_empty_values(data), None) is None


def covers(guarantee: Guarantee, year: int) -> bool:
    return guarantee.valid_from.year <= year <= guarantee.valid_to.year


def _follow_up(
    path: Path,
    year: int,
    read: _FollowUpText,
    board: Board,
    guarantee: Guarantee,
    report: Findings,
    earlier: EarlierGuarantees | None,
) -> FollowUp | None:
    """The follow-up, matched with the guarantee of its year; None if it does not match or is unfinished."""
    data, positions = read.data, read.positions
    followed = guarantee if covers(guarantee, year) else None
    if followed is None and earlier is not None:
        # A unit renamed within its board (previous_addresses) was approved for the year under its old name.
        names = [
            guarantee.slug,
            *(url.split("/")[1] for url in guarantee.previous_urls if url.split("/")[0] == board.slug),
        ]
        followed = next((found for name in names if (found := earlier(board, name, year)) is not None), None)
        if followed is None:
            report.add(
                path,
                1,
                1,
                f"Hittar ingen garanti för {year} att jämföra uppföljningen med: "
                f"{guarantee.source} gäller {guarantee.valid_from}–{guarantee.valid_to}, och varken nämndens "
                f"godkännandetaggar eller garantins historik i git har en version av garantin som gällde {year}. "
                "Kontrollera året i filnamnet.",
            )
            return None
    if followed is not None and not _matches(path, data, positions, followed, year, report):
        return None
    if not read.clean or not _filled_in(data):
        return None  # problems of its own; or a draft still being filled in: it passes, but shows nowhere yet
    areas = {_normal(c.text): c.area for c in followed.commitments} if followed else {}
    return FollowUp(
        board=guarantee.board,
        department=guarantee.department,
        unit=guarantee.slug,
        year=year,
        results=tuple(
            CommitmentResult(
                item["commitment"],
                item["result"],
                item.get("comment"),
                item.get("area") or areas.get(_normal(item["commitment"])),
            )
            for item in data["results"]
        ),
        corrections=data["corrections"]["count"],
        corrections_changed=data["corrections"].get("changed"),
        complaints=data["complaints"],
        draft=draft_of(data),
        source=report.relative(path),
    )


def _normal(text: str) -> str:
    """A commitment as compared: line breaks and runs of spaces are not a difference."""
    return " ".join(text.split())


def _matches(
    path: Path, data: dict, positions: untrusted_yaml.Positions, guarantee: Guarantee, year: int, report: Findings
) -> bool:
    """Whether the follow-up names each commitment of the guarantee once, and nothing else."""
    before = len(report.problems)
    wanted = {_normal(c.text): c for c in guarantee.commitments}
    seen: set[str] = set()
    items = list(_result_items(data))
    if (
        not isinstance(data.get("results"), list)
        or len(items) < len(data["results"])
        or any(not isinstance(item.get("commitment"), str) for _, item in items)
    ):
        return False  # the results' shape is wrong (reported): which commitments they name is not known
    for index, item in items:
        text = _normal(item["commitment"])
        line, column = positions.of(("results", index, "commitment"))
        if text in seen:
            report.add(path, line, column, "Åtagandet står två gånger i uppföljningen. Ta bort det ena.")
        elif text not in wanted:
            report.add(path, line, column, _unknown_commitment(text, set(wanted) - seen, guarantee, year))
        elif item.get("area") in schemas.curriculum_areas() and item["area"] != wanted[text].area:
            line, column = positions.of(("results", index, "area"))
            report.add(
                path,
                line,
                column,
                f'Läroplansområdet ska vara "{wanted[text].area}", som i garantin ({guarantee.source}).'
                if wanted[text].area
                else "Bara förskolor anger läroplansområde (area). Ta bort raden.",
            )
        seen.add(text)
    line, column = positions.of_key(("results",))
    for text in wanted:
        if text not in seen:
            report.add(
                path,
                line,
                column,
                f'Åtagandet "{shortened(text)}" i garantin för {year} '
                f"({guarantee.source}) saknas i uppföljningen. Lägg till det med commitment: och result:.",
            )
    return len(report.problems) == before


# The closest commitment is looked for among the texts' beginnings: difflib's time grows with the
# product of the lengths, and a commitment may be 2,000 characters long (benchmarks/README.md).
_COMPARED_LENGTH = 200


def _unknown_commitment(text: str, left: set[str], guarantee: Guarantee, year: int) -> str:
    beginnings = {candidate[:_COMPARED_LENGTH]: candidate for candidate in sorted(left)}
    close = difflib.get_close_matches(text[:_COMPARED_LENGTH], list(beginnings), n=1, cutoff=0.6)
    hint = (
        f' Menade du "{shortened(beginnings[close[0]])}"? Skriv åtagandet exakt som i garantin.'
        if close
        else " Skriv åtagandet exakt som i garantin, eller ta bort det."
    )
    return f"Åtagandet finns inte i garantin för {year} ({guarantee.source}); har garantins text ändrats?{hint}"


def shortened(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
