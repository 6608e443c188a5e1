"""A published site's content: the decisions' folders publishing staged (publication.Decision.folder),
each read by the same check as any content, into the timeline the site shows.

Only these folders are read: each holds what one verified approval tag published, and nothing
else (publishing.build.stage). A problem in one stops the build, as a problem in the tree does.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from ..content import check_tree
from ..errors import Refusal
from ..layout import CONTENT_DIR
from ..model import Meeting
from ..publication import Decision, Publication
from ..timeline import Decided, Timeline


def timeline(root: Path, publication: Publication, taken: Collection[str] = ()) -> Timeline:
    """Every decision with content, read from its folder below `root` (the tree being built)."""
    decided, problems = [], []
    for decision in publication.decisions:
        if decision.folder:
            found, wrong = _read(root, decision, taken)
            problems += wrong
            if found:
                decided.append(found)
    if problems:
        raise Refusal(
            "Webbplatsen byggs inte: det fastställda innehållet har fel. Rätta felen nedan och publicera igen.",
            problems,
        )
    return Timeline(decided)


def _read(root: Path, decision: Decision, taken: Collection[str]) -> tuple[Decided | None, list[str]]:
    folder = root / decision.folder
    if not (folder / CONTENT_DIR).is_dir():
        return None, [f"{decision.tag}: mappen {decision.folder} med det fastställda innehållet saknas."]
    result = check_tree(folder, taken=taken)
    if result.problems:
        return None, [f"{decision.tag}: {problem}" for problem in result.problems]
    corpus = result.corpus.published()
    board = corpus.boards.get(decision.board)
    if board is None:
        return None, [f"{decision.tag}: nämnden {decision.board} saknas i {decision.folder}."]
    meeting = board.meeting_on(decision.date) or Meeting(decision.date)
    guarantees = {g.slug: g for g in corpus.guarantees_of(board.slug)}
    follow_ups = tuple(f for f in corpus.follow_ups if f.board == board.slug)
    language_versions = tuple(v for v in corpus.language_versions if v.unit_key[0] == board.slug)
    return Decided(
        board, meeting, decision.tag or "", decision.commit or "", guarantees, follow_ups, language_versions
    ), []
