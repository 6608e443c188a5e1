"""Loading and checking the content under guarantees/.

    check.py        check_tree: every problem in every file, and the corpus of what loaded cleanly
    tree.py         walking the tree: boards, guarantees, follow-ups; links and misplaced files refused
    files.py        reading one file as untrusted input: size, UTF-8, strict YAML, schema, text rules
    boards.py       board.yml
    guarantees.py   a unit's guarantee
    follow_ups.py   a unit's follow-up of a year, matched against that year's guarantee
    language_versions.py   a guarantee in Finnish or easy-to-read Swedish, matched against the guarantee
    readability.py  sentences, words and LIX of an easy-to-read text
    cache.py        what the preview keeps of each loaded file between checks
    problems.py     the problems of one check, with paths relative to the repository

One broken file never hides another, and files are read as untrusted input: no links
are followed, no path leaves the repository, sizes are bounded, and YAML is strict.
"""

from .cache import LoadCache
from .check import CheckResult, check_tree, known_boards, load_board, load_checked_board
from .files import MAX_FILE_BYTES, decode, read_text, unify_line_endings, why_unreadable
from .follow_ups import EarlierGuarantees, covers
from .guarantees import draft_of, guarantee_from_bytes, marked_draft, split_front_matter
from .language_versions import EarlierTexts, changed_parts

__all__ = [
    "MAX_FILE_BYTES",
    "CheckResult",
    "EarlierGuarantees",
    "EarlierTexts",
    "LoadCache",
    "changed_parts",
    "check_tree",
    "covers",
    "decode",
    "draft_of",
    "guarantee_from_bytes",
    "known_boards",
    "load_board",
    "load_checked_board",
    "marked_draft",
    "read_text",
    "split_front_matter",
    "unify_line_endings",
    "why_unreadable",
]
