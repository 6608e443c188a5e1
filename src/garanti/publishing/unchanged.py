"""What a publish is built from, and whether the published site already shows it.

Most days nothing changes: a board decides once or twice a year. A publish records in the site's
publish record (publish_record.Inputs) what its build is a function of, and the next publish compares
before it does anything costly; the same inputs leave the published site as it is.

The inputs are read from git refs only, so the comparison costs the same at any size:
  * main's commit, and the commit the code comes from (--ref): everything on main, the code, the
    pages, the theme, the list of approvers (godkannare/) and the pinned dependencies (constraints.txt)
    with it. Any commit to main builds: a correct, simple key, not a clever one.
  * every tag that may be an approval (a slash in its name), and the object it names: a new, moved or
    removed tag builds, whether it verifies or not.
  * the settings the build reads from the environment (mkdocs.yml's !ENV names), as a digest, and
    whether the publish ran without a list of approvers.
  * the day: the site and the plan judge "today" against dates (a guarantee's validity, a meeting
    that has not been held, a key's validity, the year). The publish records the first day after it on
    which any of those dates is passed (`turning_day`); until that day the same inputs build the
    same site, from that day on the publish builds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .. import approval, gitrepo, publish_record, signing
from ..dates import parse_date, today
from ..errors import Refusal, UsageError
from ..publish_record import Inputs, Record

if TYPE_CHECKING:  # the plan is made only when a publish builds: a publish with nothing changed does not import it
    from .plan import Plan

MKDOCS_FILE = "mkdocs.yml"
# `!ENV NAME` or `!ENV [NAME, OTHER, "default"]`: the names, not the quoted default.
_ENV_TAG = re.compile(r"!ENV\s+(?:\[([^\]]*)\]|([A-Za-z_][A-Za-z0-9_]*))")
_ENV_NAME = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")
# A key's validity in the list of approvers: valid-before="20270101" or "20270101120000Z".
_VALIDITY_DATE = re.compile(r"^valid-(?:before|after)=\"?(\d{4})(\d{2})(\d{2})", re.IGNORECASE)


def inputs(root: Path, ref: str | None, without_approvers: bool, environ: Mapping[str, str] = os.environ) -> Inputs:
    """What the next build would be built from, but the day (read before the plan, from refs only)."""
    approval.require_repository(root)
    line = approval.main_line(root)
    commit = gitrepo.resolve(root, ref or approval.main_line_name(line))
    return Inputs(
        main=gitrepo.resolve(root, line),
        commit=commit,
        tags=tags_digest(gitrepo.tag_ids(root)),
        settings=settings_digest(gitrepo.read_file_at(root, commit, MKDOCS_FILE) or b"", environ),
        without_approvers=without_approvers,
    )


def tags_digest(tags: Mapping[str, str]) -> str:
    """A digest of every tag and the object it names: a new, moved or removed tag changes it."""
    return hashlib.sha256("".join(f"{name}\0{sha}\n" for name, sha in sorted(tags.items())).encode("utf-8")).hexdigest()


def settings_digest(mkdocs_yml: bytes, environ: Mapping[str, str]) -> str:
    """A digest of the environment variables mkdocs.yml reads (set or not, and their values): the form's
    sign-in, the site's address. The record is public, so it holds the digest, not the values."""
    names = set()
    for listed, single in _ENV_TAG.findall(mkdocs_yml.decode("utf-8", "replace")):
        names.update(
            found.group(1) for part in (listed.split(",") if listed else [single]) if (found := _ENV_NAME.match(part))
        )
    text = "\n".join(f"{name}={environ[name]}" if name in environ else f"{name} unset" for name in sorted(names))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def turning_day(root: Path, result: Plan, on: dt.date, moment: dt.datetime) -> dt.date:
    """The first day after `on` on which the site or the plan could judge differently with the same
    inputs: a published version's validity begins or has ended, a tag's meeting comes, a tag's own
    time comes (approval.tag_time_problems), a key of the list of approvers begins or stops being
    valid, or a new year begins. `on` itself when a tag's time comes later today: every run then builds.
    Each date given with a time counts with the day after it too, whatever its time zone."""
    days = {dt.date(on.year + 1, 1, 1)}
    for decision in result.decisions:
        guarantees = decision.content.guarantees.values() if decision.content else ()
        days.update(day for g in guarantees for day in (g.valid_from, g.valid_to + dt.timedelta(days=1)))
    for tag in gitrepo.all_tags_like_approvals(root):
        parsed = gitrepo.parse_approval_name(tag.name)
        if parsed:
            days.add(parsed[1])
        judged_from = tag.tagged_at - approval.CLOCK_SKEW if tag.tagged_at else None
        if judged_from and moment < judged_from:  # dated after this moment: refused until then
            if judged_from.date() <= on:
                return on
            days.update((judged_from.date(), judged_from.date() + dt.timedelta(days=1)))
    days.update(_key_validity_days(root, result))
    return min(day for day in days if day > on)


def _key_validity_days(root: Path, result: Plan) -> Iterable[dt.date]:
    """The days a key of main's list of approvers begins or stops being valid, and the day after each
    (a validity may end at a time of day)."""
    if not result.tags_verified:
        return []
    lines = signing.approvers_at(root, approval.main_line(root)).lines
    found = []
    for option in (option for line in lines for option in line.options):
        match = _VALIDITY_DATE.match(option)
        day = parse_date("-".join(match.groups())) if match else None
        if day is not None:
            found += [day, day + dt.timedelta(days=1)]
    return found


def published_unchanged(
    out: Path, compare_with: Path | None, current: Inputs, environ: Mapping[str, str] = os.environ
) -> Record | None:
    """The record of the published site when it was built from `current` and its turning day has not
    come; None when anything differs, or there is no readable record to compare with (then a build).
    `compare_with`: the published site's record when OUT is not the published site (a fresh checkout)."""
    try:
        if compare_with is None and not (out / "index.html").is_file():
            return None
        record = publish_record.read(compare_with or out)
    except UsageError:
        return None
    built = record.built_from
    if built is None or built.inputs != current or not today(environ) < built.until:
        return None
    return record


def unchanged_since(
    root: Path, out: Path, ref: str | None = None, without_approvers: bool = False, compare_with: Path | None = None
) -> Record | None:
    """The record of the site published in `out` (or `compare_with`) if a publish now would build it
    from the same inputs; None if it would build."""
    out = check_out_dir(root, out)
    return published_unchanged(out, compare_with, inputs(root, ref, without_approvers))


def check_out_dir(root: Path, out: Path) -> Path:
    """OUT as a publish may replace it (absolute); a Refusal when it is the project, a file, or a folder of
    something else than a site."""
    out = out.absolute()
    resolved = out.resolve()
    if resolved == root.resolve() or resolved in root.resolve().parents:
        raise Refusal(
            f"--out {out} skulle ersätta projektmappen. Välj en egen mapp för webbplatsen, till exempel site."
        )
    if out.exists() and not out.is_dir():
        raise Refusal(f"--out {out} är en fil, inte en mapp. Välj en mapp för webbplatsen.")
    if out.is_dir() and any(out.iterdir()) and not (out / "index.html").is_file():
        raise Refusal(
            f"Mappen {out} innehåller redan annat än en webbplats (ingen index.html). Publiceringen ersätter hela "
            "mappen, så välj en tom mapp eller mappen från förra publiceringen."
        )
    return out
