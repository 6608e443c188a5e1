"""Each address on the site belongs to one page: a unit's earlier addresses (previous_addresses, kept for a
unit renamed within its board, which the site makes lead to its page) may not be another unit's, now or
before, nor another board's, nor an address the site gives a page of its own."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from ..layout import RESERVED
from ..model import PREVIOUS_ADDRESSES, Corpus, Guarantee
from .files import read_text
from .guarantees import read_front_matter
from .problems import Findings


def check_previous_addresses(corpus: Corpus, report: Findings, taken: Collection[str] = ()) -> None:
    """Refuse, at its line, each earlier address a unit claims that is also someone else's: its own address,
    another unit's (now, or an earlier one another unit claims too), a department's page, or below an
    address the site keeps for itself (`taken`: site.paths.taken_addresses)."""
    current = {g.url: g for g in corpus.guarantees}
    claimants: dict[str, list[Guarantee]] = {}
    for guarantee in corpus.guarantees:
        for address in guarantee.previous_urls:
            claimants.setdefault(address, []).append(guarantee)
    departments = {
        f"{slug}/{department}/": (board, name)
        for slug, board in corpus.boards.items()
        for department, name in board.departments.items()
    }
    kept = RESERVED | set(taken)
    for address, claiming in claimants.items():
        for guarantee in claiming:
            others = [g for g in claiming if g is not guarantee]
            message = _conflict(
                guarantee, address, current.get(address), others, departments.get(address), kept
            ) or _board_problem(guarantee, address, corpus)
            if message:
                line, column = _position(report, guarantee, address)
                report.add(guarantee.source, line, column, message)


def _board_problem(guarantee: Guarantee, address: str, corpus: Corpus) -> str | None:
    """An earlier address is the unit's own board's: a unit moved from another board is withdrawn there by that
    board and approved here as a new unit, so one board's address never leads to another board's unit unseen."""
    board = address.split("/", 1)[0]
    shown = f"/{address}"
    if board == guarantee.board:
        return None
    if board not in corpus.boards:
        return (
            f'Den tidigare adressen {shown} ligger under nämnden "{board}", som inte finns (ingen mapp '
            f"guarantees/{board}/ med board.yml). Kontrollera nämndens del av adressen, eller ta bort den ur "
            "previous_addresses."
        )
    return (
        f"Den tidigare adressen {shown} hör till {corpus.boards[board].name}, en annan nämnd. En enhet som "
        "flyttas till en annan nämnd tar inte med sig sin gamla adress: den gamla nämnden beslutar att "
        "garantin upphör där (garanti tag --bekrafta-farre) och den här nämnden fastställer enheten som ny. "
        "Ta bort adressen ur previous_addresses."
    )


def _conflict(
    guarantee: Guarantee,
    address: str,
    unit: Guarantee | None,
    others: list[Guarantee],
    department,
    kept: Collection[str],
) -> str | None:
    shown = f"/{address}"
    if unit is guarantee:
        return (
            f"Den tidigare adressen {shown} är enhetens egen adress nu. Ta bort den ur previous_addresses: "
            "där står bara adresser enheten hade förut."
        )
    if unit is not None:
        return (
            f"Den tidigare adressen {shown} är adressen till {unit.title} ({unit.source}). En adress kan bara "
            "tillhöra en enhet: kontrollera adressen, eller ta bort den ur previous_addresses."
        )
    if others:
        named = ", ".join(f"{g.title} ({g.source})" for g in others)
        return (
            f"Den tidigare adressen {shown} står också som tidigare adress för {named}. En adress kan bara "
            "leda till en enhet: låt den stå kvar hos den enhet som hade den, och ta bort den hos de andra."
        )
    if department is not None:
        board, name = department
        return (
            f"Den tidigare adressen {shown} är sidan för {name} i {board.name}, inte en enhets adress. "
            "Kontrollera adressen, eller ta bort den ur previous_addresses."
        )
    if address.split("/", 1)[0] in kept:
        return (
            f"Den tidigare adressen {shown} börjar med /{address.split('/', 1)[0]}/, som webbplatsen använder "
            "för sina egna sidor: ingen enhet har haft en sådan adress. Kontrollera adressen, eller ta bort "
            "den ur previous_addresses."
        )
    return None


def _position(report: Findings, guarantee: Guarantee, address: str) -> tuple[int, int]:
    """Where the address stands in the unit's file (read again: the model keeps no positions), else the
    field's line."""
    path = report.root / guarantee.source
    scratch = Findings(report.root)  # the file loaded cleanly once: anything it says now is not news
    text = read_text(Path(path), scratch)
    read = read_front_matter(text, Path(path), scratch, "title, service", "title: Dalens förskolor") if text else None
    if read is None:
        return 1, 1
    written = read.data.get(PREVIOUS_ADDRESSES) or []
    index = next((i for i, value in enumerate(written) if f"{value}/" == address), None)
    return read.positions.of((PREVIOUS_ADDRESSES, index) if index is not None else (PREVIOUS_ADDRESSES,))
