"""Which tags are named as approvals, read from the refs alone (no tag's content is read).

The plan ignores, and names, every tag that is not named `<board>/<YYYY-MM-DD>`; a publish that finds
nothing changed names them again without making a plan.
"""

from __future__ import annotations

from pathlib import Path

from .. import gitrepo
from ..layout import is_slug


def is_approval_name(name: str) -> bool:
    """Whether a tag is named as an approval (<board>/<YYYY-MM-DD>); any other is ignored, and named."""
    parsed = gitrepo.parse_approval_name(name)
    return parsed is not None and is_slug(parsed[0])


def ignored_tags(root: Path) -> list[str]:
    """The names of the tags a plan would ignore (Plan.ignored), read from the refs alone."""
    return [name for name in sorted(gitrepo.tag_ids(root)) if not is_approval_name(name)]
