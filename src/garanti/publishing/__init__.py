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

# The package imports none of its modules: each caller imports the module it needs, so that a publish
# that finds nothing changed (unchanged.py) imports neither the plan nor the build, nor the content
# check, the site and the templates they bring (tests/publishing/test_unchanged_imports.py).

# The option that publishes although main has no list of approvers: spelled out, never the default.
# Here, not in plan.py, so that the publish command's parser names it without importing the plan.
ALLOW_UNVERIFIED = "--utan-godkannarlista"
