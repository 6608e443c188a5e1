"""The board paper's appendix: the guarantees up for approval, and what changed.

The secretary pastes the Markdown into the board paper, so it follows the
seed papers' appendix lists: the units numbered continuously, grouped under
the board's departments. The comparison loads the board as it was at an
earlier version (by default its latest approval tag) through the same check
as the working tree, and compares the models, not the files: moving a line or
re-quoting a text is not a change, and neither is the draft flag.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import approval, fields, gitrepo
from .approval import Unready, check_at
from .changes import CHANGED, NEW, REMOVED, UNCHANGED, UnitChange, compare, quoted
from .content import CheckResult, check_tree, load_board
from .dates import today
from .errors import GitError, Refusal
from .languages import LANGUAGES
from .layout import CONTENT_DIR, is_slug
from .model import RESULTS, Board, FollowUp, Guarantee, LanguageVersion, Problem
from .wording import count_text, date_text, kept_text, period_text, sort_key

# Drafts are left out of a decision on purpose: the paper lists them apart from what is not ready.
LEFT_OUT_HEADING = "Utkast som inte fastställs nu"
LEFT_OUT_NOTE = (
    "Utkasten står i bilagan men är inte med i beslutet. De publiceras inte förrän nämnden har "
    "fastställt dem i en senare bilaga."
)
# Units published today that the decision leaves without a guarantee: the board must see it is withdrawing them.
WITHDRAWN_HEADING = "Garantier som upphör att gälla"
WITHDRAWN_NOTE = (
    "De här enheterna har en publicerad garanti i dag men ingen i bilagan. Fastställer nämnden "
    "bilagan gäller deras garantier inte längre, och deras sidor säger det. När beslutet registreras "
    "måste det bekräftas med garanti tag --bekrafta-farre."
)


@dataclass(frozen=True)
class Baseline:
    """The version compared with: its description in Swedish, and the units it held."""

    label: str
    guarantees: dict[str, Guarantee]
    problems: tuple[Problem, ...] = ()
    follow_ups: dict[str, FollowUp] = field(default_factory=dict)  # file -> follow-up
    language_versions: dict[str, LanguageVersion] = field(default_factory=dict)  # file -> language version


@dataclass
class Report:
    board: Board
    guarantees: list[Guarantee]  # in the appendix's order
    meeting: dt.date  # the meeting the paper is for: readiness is judged on its date
    meeting_known: bool = True  # False: no coming meeting in board.yml, judged on today
    baseline: Baseline | None = None
    changes: list[UnitChange] = field(default_factory=list)
    version: str | None = None  # the commit the working tree stands on: the one to tag after the meeting
    unsaved: list[str] = field(default_factory=list)  # the board's files that differ from that commit
    unready: list[Unready] = field(default_factory=list)  # units not ready to approve, with why
    follow_ups: list[FollowUp] = field(default_factory=list)  # up for approval with the guarantees, in their order
    decision: approval.BoardVersion | None = None  # the board as the paper shows it: what approving it publishes
    # Up for approval with the Swedish texts they word: each guarantee's, in the guarantees' order.
    language_versions: list[LanguageVersion] = field(default_factory=list)
    # Units the board's latest decision publishes and this paper does not (approval.withdrawn_names).
    withdrawn: list[str] = field(default_factory=list)
    # Published units' addresses this paper gives another unit (approval.renamed_units): said in the changes.
    renames: list[str] = field(default_factory=list)

    @property
    def not_ready(self) -> list[Unready]:
        """What stops the decision: the same rule `garanti tag` refuses on (approval.readiness_problems)."""
        return [item for item in self.unready if item.blocks_tag]

    @property
    def left_out(self) -> list[Unready]:
        """Drafts left out of the decision on purpose: listed, never published, and no reason to wait."""
        return [item for item in self.unready if not item.blocks_tag]

    @property
    def ready(self) -> bool:
        """Whether this paper can go to the board: nothing that stops the tag, and the version exactly what it shows."""
        return not self.not_ready and not self.unsaved


def build_report(root: Path, board: str, since: str | None = None, meeting: dt.date | None = None) -> Report:
    """The report for the working tree, for the meeting on `meeting` (default: the board's next one);
    compared with `since`, else with the latest approval tag."""
    loaded, result = _checked(root, board)
    when = meeting or next_meeting(loaded, today())
    report = Report(
        loaded,
        appendix_order(loaded, result.corpus.guarantees_of(board)),
        when or today(),
        meeting_known=when is not None,
    )
    report.baseline = _baseline(root, loaded, since)
    report.version, report.unsaved = _working_version(root, board)
    report.decision = approval.BoardVersion.from_check(board, report.version, result)
    report.unready = approval.unready_units(report.decision, report.meeting)
    # Against what is published, not the --since baseline: that is what approving the paper withdraws.
    published = approval.published_now(root, board)
    report.withdrawn = approval.withdrawn_names(published, report.decision.published)
    report.renames = approval.renamed_units(published, report.decision.published)
    report.follow_ups = follow_up_order(report.guarantees, result.corpus.follow_ups)
    report.language_versions = language_version_order(report.guarantees, result.corpus.language_versions)
    if report.baseline is not None:
        report.changes = compare(report.guarantees, report.baseline.guarantees)
    return report


def _checked(root: Path, board: str) -> tuple[Board, CheckResult]:
    """The board and the check of its files: a broken unit is listed in the paper, a broken board.yml refused."""
    result = check_tree(root, [root / CONTENT_DIR / board], earlier=approval.earlier_guarantees(root))
    loaded = result.corpus.boards.get(board) if is_slug(board) else None
    if loaded is None:
        load_board(root, board)  # refuses with the reason: unknown board, or its board.yml's problems
        raise Refusal(f'Nämnden "{board}" kan inte läsas. Kör garanti check.')
    return loaded, result


def next_meeting(board: Board, on: dt.date) -> dt.date | None:
    """The board's first meeting on or after `on`, from board.yml."""
    return min((m.date for m in board.meetings if m.date >= on), default=None)


def appendix_order(board: Board, guarantees: list[Guarantee]) -> list[Guarantee]:
    """Departments in board.yml's order, units by name within each."""
    rank = {slug: index for index, slug in enumerate(board.departments)}
    return sorted(guarantees, key=lambda g: (rank.get(g.department, len(rank)), sort_key(g.title), g.slug))


def follow_up_order(guarantees: list[Guarantee], follow_ups: list[FollowUp]) -> list[FollowUp]:
    """The follow-ups of the listed guarantees, in the guarantees' order, each unit's years in order."""
    rank = {(g.department, g.slug): index for index, g in enumerate(guarantees)}
    return sorted(
        (f for f in follow_ups if (f.department, f.unit) in rank), key=lambda f: (rank[(f.department, f.unit)], f.year)
    )


def language_version_order(guarantees: list[Guarantee], versions: list[LanguageVersion]) -> list[LanguageVersion]:
    """The language versions of the listed guarantees, in the guarantees' order, each unit's in LANGUAGES' order."""
    rank = {(g.department, g.slug): index for index, g in enumerate(guarantees)}
    return sorted(
        (v for v in versions if (v.department, v.unit) in rank),
        key=lambda v: (rank[(v.department, v.unit)], LANGUAGES.index(v.language)),
    )


def follow_up_summary(follow_up: FollowUp) -> str:
    """ "4 av 6 åtaganden uppfyllda, 1 delvis uppfyllt, 1 inte uppfyllt; 3 begärda rättelser; 5 klagomål"."""
    counts = [sum(1 for r in follow_up.results if r.result == word) for word in RESULTS]
    total = len(follow_up.results)
    parts = [kept_text(counts[0], total)]
    parts += [f"{count} {_plural(word, count)}" for count, word in zip(counts[1:], RESULTS[1:], strict=True) if count]
    return (
        ", ".join(parts) + f"; {count_text(follow_up.corrections, 'begärd rättelse', 'begärda rättelser')}"
        f"; {count_text(follow_up.complaints, 'klagomål', 'klagomål')}"
    )


def _plural(result: str, count: int) -> str:
    """ "uppfyllt" of one commitment, "uppfyllda" of several."""
    return result if count == 1 else result.removesuffix("t") + "da"


def unit_titles(report: Report) -> dict[tuple[str, str], str]:
    return {(g.department, g.slug): g.title for g in report.guarantees}


# --- the baseline -----------------------------------------------------------


def _baseline(root: Path, board: Board, since: str | None) -> Baseline | None:
    """The version to compare with, or None when the board has never been approved."""
    if since is None:
        if not gitrepo.is_repository(root):
            return None
        tag = gitrepo.latest_approval(root, board.slug)
        if tag is None:
            return None
        return load_baseline(root, board.slug, tag.name, _approval_label(tag.date, tag.name))
    commit = gitrepo.resolve(root, since)
    parsed = gitrepo.parse_approval_name(since)
    label = (
        _approval_label(parsed[1], since)
        if parsed and parsed[0] == board.slug
        else f"versionen {since} (commit {commit[:7]})"
    )
    return load_baseline(root, board.slug, commit, label)


def _working_version(root: Path, board: str) -> tuple[str | None, list[str]]:
    """The commit checked out and the board's uncommitted files; (None, []) outside git."""
    if not gitrepo.is_repository(root):
        return None, []
    try:
        head = gitrepo.resolve(root, "HEAD")
    except GitError:  # a repository without commits
        head = None
    return head, gitrepo.unsaved_paths(root, f"{CONTENT_DIR}/{board}")


def _approval_label(date: dt.date, tag: str) -> str:
    return f"de garantier nämnden fastställde {date_text(date)} (tagg {tag})"


def load_baseline(root: Path, board: str, ref: str, label: str) -> Baseline:
    """The board's units at `ref`, loaded by the same check as the working tree."""
    result = check_at(root, ref, f"{CONTENT_DIR}/{board}")
    units = {g.slug: g for g in result.corpus.guarantees_of(board)}
    follow_ups = {f.source: f for f in result.corpus.follow_ups if f.board == board}
    versions = {v.source: v for v in result.corpus.language_versions if v.board == board}
    return Baseline(label, units, tuple(result.problems), follow_ups, versions)


def follow_up_status(report: Report, follow_up: FollowUp) -> str:
    """Whether the board has seen this follow-up before: "ny", "ändrad" or "oförändrad" since the
    baseline (by default the latest approval); "ny" when there is none."""
    return _status(report.baseline.follow_ups if report.baseline else {}, follow_up)


def language_version_status(report: Report, version: LanguageVersion) -> str:
    """Whether the board has seen this language version before, as follow_up_status says it of a follow-up."""
    return _status(report.baseline.language_versions if report.baseline else {}, version)


def _status(before: dict[str, FollowUp | LanguageVersion], now: FollowUp | LanguageVersion) -> str:
    """A file's status against the baseline's files of its kind (by repository path)."""
    earlier = before.get(now.source)
    if earlier is None:
        return NEW
    return UNCHANGED if earlier == now else CHANGED


def language_version_note(version: LanguageVersion) -> str:
    """ " (utkast)", " (skriven efter en tidigare svensk text: publiceras inte)": why a version listed
    in the paper is left out of the decision, or ""."""
    if version.draft:
        return " (utkast)"
    return "" if version.current else f" ({approval.STALE_REASON})"


# --- Markdown ---------------------------------------------------------------


def years_label(guarantees: list[Guarantee]) -> str:
    years = sorted({g.valid_from.year for g in guarantees} | {g.valid_to.year for g in guarantees})
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def escape(text: str) -> str:
    """A plain text (a unit's name) safe inside Markdown: no accidental emphasis or links."""
    collapsed = " ".join(text.split())
    return "".join(f"\\{char}" if char in "\\`*_[]<>#|" else char for char in collapsed)


def to_markdown(report: Report) -> str:
    board = report.board
    lines = [f"# Bilaga: Enheternas kvalitetsgarantier {years_label(report.guarantees)}".rstrip(), "", board.name, ""]
    if report.version:
        lines += [f"Version: {report.version[:10]}", ""]
    lines += _unready_section(report)
    lines += _appendix_list(report)
    lines += _follow_up_list(report)
    lines += _language_version_list(report)
    lines += changes_section(report)
    return "\n".join(lines).rstrip("\n") + "\n"


def _unready_section(report: Report) -> list[str]:
    """What is not ready, at the top of the paper itself: the board must not miss it; then the
    drafts the decision leaves out."""
    lines = []
    if not report.ready:
        lines += ["## Inte klart att fastställa", ""]
        lines += [f"- {escape(path)}: ändrad men inte sparad i git (commit)" for path in report.unsaved]
        lines += [_unready_line(item) for item in report.not_ready] + [""]
    if report.withdrawn:
        lines += [f"## {WITHDRAWN_HEADING}", "", WITHDRAWN_NOTE, ""]
        lines += [f"- {escape(name)}" for name in report.withdrawn] + [""]
    if report.left_out:
        lines += [f"## {LEFT_OUT_HEADING}", "", LEFT_OUT_NOTE, ""]
        lines += [_unready_line(item) for item in report.left_out] + [""]
    return lines


def _unready_line(item: Unready) -> str:
    return f"- {escape(item.title)} ({escape(item.path)}): {escape(item.reason)}"


def _appendix_list(report: Report) -> list[str]:
    if not report.guarantees:
        return ["Nämnden har inga kvalitetsgarantier ännu.", ""]
    lines: list[str] = []
    department = None
    for number, guarantee in enumerate(report.guarantees, start=1):
        if guarantee.department != department:
            department = guarantee.department
            lines += [f"## {escape(report.board.departments.get(department, department))}", ""]
        lines.append(
            f"{number}. {escape(guarantee.title)}, gäller {period_text(guarantee.valid_from, guarantee.valid_to)}"
        )
        if number == len(report.guarantees) or report.guarantees[number].department != department:
            lines.append("")
    return lines


def _follow_up_list(report: Report) -> list[str]:
    """The follow-ups up for approval (the annual report's results), one line each."""
    if not report.follow_ups:
        return []
    titles = unit_titles(report)
    lines = ["## Uppföljningar", ""]
    for follow_up in report.follow_ups:
        draft = " (utkast)" if follow_up.draft else ""
        lines.append(
            f"- {escape(titles[(follow_up.department, follow_up.unit)])}, {follow_up.year}{draft}, "
            f"{follow_up_status(report, follow_up)}: {follow_up_summary(follow_up)}"
        )
    return lines + [""]


def _language_version_list(report: Report) -> list[str]:
    """The language versions up for approval with the Swedish texts they word, one line each."""
    if not report.language_versions:
        return []
    titles = unit_titles(report)
    lines = ["## Språkversioner", ""]
    for version in report.language_versions:
        lines.append(
            f"- {escape(titles[(version.department, version.unit)])}, {version.language.name}"
            f"{escape(language_version_note(version))}, {language_version_status(report, version)}"
        )
    return lines + [""]


# Units whose only change is the new year are grouped apart: after a rollover
# that is nearly every unit, and the board wants to see the real changes first.
_NEW_YEAR_ONLY = "ny giltighetstid"
_GROUPS = (
    (NEW, "Nya enheter"),
    (CHANGED, "Ändrade garantier"),
    (_NEW_YEAR_ONLY, "Samma innehåll, ny giltighetstid"),
    (REMOVED, "Borttagna enheter"),
    (UNCHANGED, "Oförändrade garantier"),
)


def _group_of(change: UnitChange) -> str:
    return _NEW_YEAR_ONLY if change.fields == ("valid",) else change.status


def changes_section(report: Report) -> list[str]:
    lines = ["## Förändringar per enhet", ""]
    if report.baseline is None:
        return lines + ["Nämnden har inga tidigare fastställda garantier; alla är nya.", ""]
    lines += [f"Jämfört med {report.baseline.label}.", ""]
    if report.renames:
        lines += [f"### Nya namn och adresser ({len(report.renames)})", ""]
        lines += [f"- {escape(rename)}" for rename in report.renames] + [""]
    numbers = {g.slug: index for index, g in enumerate(report.guarantees, start=1)}
    for status, heading in _GROUPS:
        group = [change for change in report.changes if _group_of(change) == status]
        if not group:
            continue
        lines += [f"### {heading} ({len(group)})", ""]
        for change in group:
            lines += _change_lines(change, numbers.get(change.guarantee.slug), report.board)
        lines.append("")
    return lines


def _change_lines(change: UnitChange, number: int | None, board: Board) -> list[str]:
    guarantee = change.guarantee
    name = escape(guarantee.title)
    if change.status == REMOVED:
        department = board.departments.get(guarantee.department, guarantee.department)
        return [f"- {name} ({escape(department)})"]
    line = f"- {name} (nr {number})"
    if _group_of(change) != CHANGED:
        return [line]
    names = dict(fields.compared())
    lines = [f"{line}: {', '.join(names[key] for key in change.fields)}"]
    lines += [f"    - Nytt åtagande: {quoted(c)}" for c in change.added]
    lines += [f"    - Borttaget åtagande: {quoted(c)}" for c in change.removed]
    if "commitments" in change.fields and not change.added and not change.removed:
        lines.append("    - Samma åtaganden i ny ordning.")
    return lines
