"""Approval-gated publishing: only what a board approved reaches the site.

    plan.py     which approval tags are valid decisions, and what each board's latest one publishes
    build.py    the tree to build (main's code, each board's approved content) and the gated publish
    unchanged.py what a publish is built from, and whether the published site already shows it
    tagging.py  `garanti tag`: a decision recorded as a signed approval tag

An approval tag `<board>/<YYYY-MM-DD>` is an annotated tag on a commit of the main line
whose date is one of the board's meetings. Publishing takes the code (the package under
src/, with its templates), schemas, pages, theme and hook from one commit on the main line
(REF, by default the main line's tip) and each board's guarantees from that board's
approval tags, read from git, never from the working tree. A tag outside the approval form is
not ours: it is passed over with a warning. A tag in the form that breaks a rule holds back its
board only (its earlier valid decisions still publish; exit 5); what every board shares (main, the
list of approvers) stops the publish.
"""

from .build import build, publish, stage, unchanged_since
from .plan import ALLOW_UNVERIFIED, Plan, TaggedDecision, approvals_data, ignored_tags, plan, publication_of, units_at
from .tagging import CONFIRM_FEWER, TagRequest, make_tag, prepare_tag

__all__ = [
    "ALLOW_UNVERIFIED",
    "CONFIRM_FEWER",
    "Plan",
    "TagRequest",
    "TaggedDecision",
    "approvals_data",
    "build",
    "ignored_tags",
    "make_tag",
    "plan",
    "prepare_tag",
    "publication_of",
    "publish",
    "stage",
    "unchanged_since",
    "units_at",
]
