"""Approval-gated publishing: only what a board approved reaches the site.

    plan.py     which approval tags are valid decisions, and what each board's latest one publishes
    build.py    the tree to build (main's code, each board's approved content) and the gated publish
    unchanged.py what a publish is built from, and whether the published site already shows it
    tagnames.py which tags are named as approvals, read from the refs alone
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

from __future__ import annotations

import importlib
import sys

# The option that publishes although main has no list of approvers: spelled out, never the default.
# Here, not in plan.py, so that the publish command's parser names it without importing the plan.
ALLOW_UNVERIFIED = "--utan-godkannarlista"

# Each name of the package's interface and the module that holds it. A module is imported when one of
# its names is first asked for: a publish that finds nothing changed (unchanged.py) then imports
# neither the plan nor the build, nor the content check, the site and the templates they bring.
_HOMES = {
    "build": "build",
    "publish": "build",
    "stage": "build",
    "Plan": "plan",
    "TaggedDecision": "plan",
    "approvals_data": "plan",
    "plan": "plan",
    "publication_of": "plan",
    "units_at": "plan",
    "ignored_tags": "tagnames",
    "unchanged_since": "unchanged",
    "CONFIRM_FEWER": "tagging",
    "TagRequest": "tagging",
    "make_tag": "tagging",
    "prepare_tag": "tagging",
}


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    importlib.import_module(f"{__name__}.{home}")
    # Importing a module binds its name here (the module plan.py over the function plan, build.py over
    # build), and may import others (build.py imports plan.py): each name of every module imported so
    # far is bound to its object again.
    for each, where in _HOMES.items():
        module = sys.modules.get(f"{__name__}.{where}")
        if module is not None:
            globals()[each] = getattr(module, each)
    return globals()[name]


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
