"""The approval rules: what a board may approve, tag and publish.

`garanti report` (the board paper), `garanti tag` (the decision) and `garanti publish`
(the site) all ask these. Each rule returns problems, Swedish sentences that say what is
wrong and what to do instead; the callers decide whether a problem stops them (tag and
publish) or is printed at the top of the paper (report).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .. import fields, gitrepo
from ..errors import Refusal
from ..gitrepo import ApprovalTag, TagRef
from ..layout import BOARD_FILE, CONTENT_DIR, is_slug
from ..model import PLACEHOLDER, Board, Guarantee, Meeting
from ..wording import count_text, listed
from .versions import BoardVersion, read_board

# --- the main line ------------------------------------------------------------------

MAIN_LINES = ("refs/heads/main", "refs/remotes/origin/main")


def require_repository(root: Path) -> None:
    if not gitrepo.is_repository(root):
        raise Refusal(
            f"{root} är ingen git-kopia av projektet. Godkännanden läses ur git: hämta projektet med git clone "
            "och kör kommandot i den mappen."
        )


def main_line(root: Path) -> str:
    """The ref approved commits must be on: main, else origin/main; neither is a Refusal.

    Fail closed: without a main line nothing tells reviewed commits from others.
    """
    line = next((name for name in MAIN_LINES if gitrepo.ref_exists(root, name)), None)
    if line is None:
        raise Refusal(
            "Hittar varken grenen main eller origin/main i den här kopian av projektet. Bara det som finns på "
            "main kan fastställas och publiceras, så ingenting har gjorts. Hämta main från GitHub med "
            "git fetch origin main:main (eller klona projektet på nytt med git clone) och försök igen."
        )
    return line


# --- rules about a decision: tag name, main line, meeting, date -----------------


def tag_form_problems(raw: TagRef) -> tuple[ApprovalTag | None, list[str]]:
    """A tag with a slash as an approval: its name and kind; (approval, problems)."""
    tag = gitrepo.as_approval(raw)
    name = raw.name
    if tag is None or not is_slug(tag.board):
        return None, [
            f'Taggen "{name}" har fel form. En godkännandetagg heter <nämnd>/<ÅÅÅÅ-MM-DD> med ett riktigt datum, '
            "till exempel hagersten-liljeholmen/2026-01-22, och pekar på en version (commit). "
            f"Ta bort taggen om den inte är ett beslut: git tag -d {name} och git push origin :refs/tags/{name}"
        ]
    if not tag.annotated:
        return tag, [
            f'Taggen "{name}" är en enkel tagg utan beslutsuppgifter. Ett beslut ska registreras med '
            f"garanti tag {tag.board} {tag.date}. Ta bort den enkla taggen först: git tag -d {name} "
            f"och git push origin :refs/tags/{name}"
        ]
    return tag, []


def main_line_name(line: str) -> str:
    return line.removeprefix("refs/heads/").removeprefix("refs/remotes/")


def on_main_problems(root: Path, commit: str, line: str, what: str) -> list[str]:
    """Only what was reviewed and merged to the main line can be approved."""
    if gitrepo.is_ancestor(root, commit, line):
        return []
    main = main_line_name(line)  # `what` is e.g. "Versionen HEAD är"
    return [
        f"{what} {commit[:10]}, som inte finns på {main}. Bara det som har granskats och slagits ihop till {main} "
        "kan fastställas. Byt till main (git switch main och git pull) och försök igen, och ta bort en tagg "
        "som redan sitter på fel version."
    ]


def meeting_problems(board: Board | None, slug: str, date: dt.date, where: str) -> tuple[Meeting | None, list[str]]:
    """The meeting on `date` in the board's board.yml at the version `where` describes."""
    path = f"{CONTENT_DIR}/{slug}/{BOARD_FILE}"
    if board is None:
        return None, [
            f'Nämnden "{slug}" finns inte i {where} ({path} saknas eller klarar inte kontrollen). '
            "Kontrollera nämndens namn (mappnamnet under guarantees/)."
        ]
    meeting = board.meeting_on(date)
    if meeting is None:
        known = ", ".join(m.date.isoformat() for m in board.meetings) or "inga"
        return None, [
            f"{date} är inte ett av nämndens sammanträden i {path} i {where} (sammanträden där: {known}). "
            "Kontrollera datumet i protokollet. Saknas sammanträdet i board.yml, lägg till det (med diarienummer "
            "och paragraf), slå ihop ändringen till main och tagga den nya versionen."
        ]
    return meeting, []


def date_problems(date: dt.date, on: dt.date) -> list[str]:
    """A decision cannot be recorded before the meeting has been held."""
    if date <= on:
        return []
    return [
        f"Sammanträdet {date} har inte hållits än (i dag är det {on}). Ett beslut registreras efter "
        "sammanträdet, när nämnden har fattat det. Vänta till dess; ta bort en tagg som redan har skapats."
    ]


# The clocks of the secretary's computer and of the publishing machine may differ this much.
CLOCK_SKEW = dt.timedelta(hours=1)


def tag_time_problems(tag: ApprovalTag, moment: dt.datetime) -> list[str]:
    """A decision is recorded after its meeting, and before the publish that reads it: a tag dated
    otherwise was made with a false date."""
    if tag.tagged_at is None:
        return []
    made = tag.tagged_at.date()
    again = (
        f"Ta bort taggen (git tag -d {tag.name} och git push origin :refs/tags/{tag.name}) och låt nämndens "
        "sekreterare skapa den igen med garanti tag."
    )
    if made < tag.date:
        return [
            f'Taggen "{tag.name}" är daterad {made}, före sammanträdet {tag.date} som den registrerar. Ett beslut '
            f"registreras efter sammanträdet, så taggens datum är falskt. {again}"
        ]
    if tag.tagged_at > moment + CLOCK_SKEW:
        return [
            f'Taggen "{tag.name}" är daterad {tag.tagged_at:%Y-%m-%d %H:%M}, efter den här publiceringen '
            f"({moment.astimezone(tag.tagged_at.tzinfo):%Y-%m-%d %H:%M}), så taggens datum är falskt. {again}"
        ]
    return []


def order_problems(date: dt.date, latest: ApprovalTag | None) -> list[str]:
    """A new decision cannot be older than the board's latest one: the site shows the latest date."""
    if latest is None or date >= latest.date:
        return []
    return [
        f"Nämndens senaste beslut är från {latest.date} (taggen {latest.name}); {date} är äldre. Webbplatsen "
        "visar alltid nämndens senaste beslut, så ett äldre beslut skulle aldrig publiceras och beslutssidan "
        "skulle påstå att dagens texter fastställdes då. Kontrollera datumet i protokollet."
    ]


def unsaved_problems(root: Path, slug: str) -> list[str]:
    """The board's files must be committed: a decision is about a version git recorded."""
    unsaved = gitrepo.unsaved_paths(root, f"{CONTENT_DIR}/{slug}")
    if not unsaved:
        return []
    listed = ", ".join(unsaved[:5]) + (f" och {len(unsaved) - 5} till" if len(unsaved) > 5 else "")
    return [
        f"Nämndens filer har ändringar som inte är sparade i git: {listed}. Det du ser i mappen är då inte det "
        "som fastställs. Spara dem (git commit) och lämna in dem som en pull request, eller ångra dem "
        f"(git restore {CONTENT_DIR}/{slug}), och försök igen."
    ]


# --- rules about the content: ready to approve? -------------------------------------


# Why a language version written from an earlier Swedish text is left out of a decision.
STALE_REASON = (
    "skriven efter en tidigare svensk text (swedish_text): publiceras inte förrän den är uppdaterad efter garantin"
)


@dataclass(frozen=True)
class Unready:
    """A unit that is not ready to be approved, and why (Swedish)."""

    path: str
    title: str
    reason: str
    blocks_tag: bool  # False for drafts: they are approved later, and never published before


def has_placeholder(guarantee: Guarantee) -> bool:
    """Whether a text still starts a placeholder from `garanti new` ("Skriv här …")."""
    return any(PLACEHOLDER in text for text in fields.texts(guarantee))


def unready_units(version: BoardVersion, meeting: dt.date) -> list[Unready]:
    """Every unit not ready for approval at a meeting on `meeting`, in file order."""
    found = [
        Unready(problem.path, problem.path.rsplit("/", 1)[-1], f"fel: {problem.message} (rad {problem.line})", True)
        for problem in version.problems
    ]
    for g in sorted(version.guarantees.values(), key=lambda g: g.source):
        if g.draft:
            found.append(Unready(g.source, g.title, "utkast (draft: true): publiceras inte", False))
        if has_placeholder(g):
            found.append(Unready(g.source, g.title, f'har kvar text från mallen ("{PLACEHOLDER} …")', not g.draft))
        if g.valid_to < meeting:
            found.append(
                Unready(
                    g.source,
                    g.title,
                    f"giltighetstiden slutade {g.valid_to}, före sammanträdet {meeting}",
                    not g.draft,
                )
            )
    for f in version.follow_ups.values():
        if f.draft:
            found.append(Unready(f.source, version.follow_up_title(f), "utkast (draft: true): publiceras inte", False))
    for v in sorted(version.language_versions.values(), key=lambda v: v.source):
        if v.draft:
            found.append(
                Unready(v.source, version.language_version_title(v), "utkast (draft: true): publiceras inte", False)
            )
        if not v.current:
            found.append(Unready(v.source, version.language_version_title(v), STALE_REASON, False))
    for path in version.unfinished_follow_ups:
        found.append(
            Unready(
                path,
                path.rsplit("/", 1)[-1],
                "utkast (draft: true) med fält som inte är ifyllda: publiceras inte",
                False,
            )
        )
    if version.guarantees and not version.published:  # drafts left out on purpose, but nothing left to decide
        found.append(
            Unready(
                f"{CONTENT_DIR}/{version.slug}",
                version.board.name if version.board else version.slug,
                f"inget att fastställa: alla {len(version.guarantees)} garantier är utkast (draft: true). "
                "Ta bort raden draft: true ur de garantier som är klara att fastställas",
                True,
            )
        )
    return sorted(found, key=lambda item: item.path)


def approved_text(version: BoardVersion) -> str:
    """ "11 garantier, 3 uppföljningar och 2 språkversioner": what approving this version publishes,
    in the words of both the paper (garanti report) and the tag."""
    parts = [count_text(len(version.published), "garanti", "garantier")]
    if version.published_follow_ups:
        parts.append(count_text(len(version.published_follow_ups), "uppföljning", "uppföljningar"))
    if version.published_language_versions:
        parts.append(count_text(len(version.published_language_versions), "språkversion", "språkversioner"))
    return listed(parts)


def left_out_text(version: BoardVersion) -> str:
    """ " (1 utkast och 1 uppföljning som är utkast publiceras inte)": the drafts a decision on this
    version leaves out on purpose, named so that a draft follow-up is not taken for a draft guarantee;
    and the language versions it leaves out (drafts, written from an earlier Swedish text, of drafts)."""
    left_out = [f"{version.draft_count} utkast"] if version.draft_count else []
    if version.unpublished_follow_up_count:
        left_out.append(
            f"{count_text(version.unpublished_follow_up_count, 'uppföljning', 'uppföljningar')} som är utkast"
        )
    if version.unpublished_version_count:
        left_out.append(count_text(version.unpublished_version_count, "språkversion", "språkversioner"))
    return f" ({listed(left_out)} publiceras inte)" if left_out else ""


def readiness_problems(version: BoardVersion, meeting: dt.date) -> list[str]:
    """What stops a tag: check errors, and published units with template text or already expired."""
    blocking = [item for item in unready_units(version, meeting) if item.blocks_tag]
    return [f"{item.path}: {item.reason}" for item in blocking]


# --- rules about the paper: the board approves what it saw -----------------------


def changed_units(before: BoardVersion, after: BoardVersion) -> list[str]:
    """Names of the units whose guarantee (as residents see it) differs between two versions,
    then of the follow-ups that differ."""
    slugs = sorted(before.guarantees.keys() | after.guarantees.keys())
    changed = [slug for slug in slugs if before.guarantees.get(slug) != after.guarantees.get(slug)]
    names = [(after.guarantees.get(slug) or before.guarantees[slug]).title for slug in changed]
    # The follow-ups too: the board approves the ones in the paper (the annual report's results).
    for source in sorted(before.follow_ups.keys() | after.follow_ups.keys()):
        if before.follow_ups.get(source) != after.follow_ups.get(source):
            names.append(
                (after if source in after.follow_ups else before).follow_up_title(
                    after.follow_ups.get(source) or before.follow_ups[source]
                )
            )
    # And the language versions: the board approves them with the Swedish text they word.
    for source in sorted(before.language_versions.keys() | after.language_versions.keys()):
        if before.language_versions.get(source) != after.language_versions.get(source):
            names.append(
                (after if source in after.language_versions else before).language_version_title(
                    after.language_versions.get(source) or before.language_versions[source]
                )
            )
    return names


def paper_problems(root: Path, paper: BoardVersion, tagged: BoardVersion, meeting: dt.date) -> list[str]:
    """The tagged content must be the paper's, and the paper must predate the meeting."""
    problems = []
    made = gitrepo.commit_date(root, paper.commit)
    if made > meeting:
        problems.append(
            f"Bilagans version {paper.commit[:10]} gjordes {made}, efter sammanträdet {meeting}: nämnden kan inte "
            "ha fått den i sitt underlag. Kontrollera sammanträdets datum i protokollet och att --bilaga är "
            "versionen som står i bilagan nämnden fick."
        )
    changed = changed_units(paper, tagged)
    if changed:
        problems.append(
            f"Garantierna i versionen som skulle taggas ({tagged.commit[:10]}) är inte de som stod i bilagan "
            f"(version {paper.commit[:10]}). Texten har ändrats efter bilagan för: {', '.join(changed)}. "
            f"Nämnden fastställde bilagans texter: tagga bilagans version med --ref {paper.commit[:10]}, "
            "eller ta fram en ny bilaga (garanti report) till nästa sammanträde."
        )
    return problems


def published_now(root: Path, slug: str) -> dict[str, Guarantee]:
    """What the board's latest decision publishes: the units a new decision must account for."""
    latest = gitrepo.latest_approval(root, slug) if gitrepo.is_repository(root) else None
    return read_board(root, latest.commit, slug).published if latest else {}


def withdrawn_units(published_now: dict[str, Guarantee], to_publish: dict[str, Guarantee]) -> list[Guarantee]:
    """The units published now that a decision on `to_publish` leaves without a guarantee, by name.

    Counted by unit, not by number: a decision that drops one unit and adds another, or renames a
    unit's file (its address), withdraws the first as surely as one that only drops it; unless the unit
    to publish names that address among its earlier ones (previous_addresses): then it is the same unit
    renamed, and the old address leads to it."""
    renamed = {address for g in to_publish.values() for address in g.previous_urls}
    gone = [g for slug, g in published_now.items() if slug not in to_publish and g.url not in renamed]
    return sorted(gone, key=lambda g: (g.title, g.source))


def renamed_units(published_now: dict[str, Guarantee], to_publish: dict[str, Guarantee]) -> list[str]:
    """ "Enheten X byter namn till Y: adressen <board>/<x> leder i fortsättningen till Y.", one line for each
    address a unit to publish claims (previous_addresses) that was a published unit's address and is not
    published again: the paper and the tag both name it, since any unit may claim a withdrawn unit's
    address, and its page and printed notices then lead to the claimant."""
    current = {g.url: g for slug, g in published_now.items() if slug not in to_publish}
    lines = []
    for new in sorted(to_publish.values(), key=lambda g: (g.title, g.source)):
        for address in new.previous_urls:
            old = current.get(address)
            if old is not None:
                change = (
                    f"byter namn till {new.title}"
                    if new.title != old.title
                    else f"får den nya adressen {new.url.rstrip('/')}"
                )
                lines.append(
                    f"Enheten {old.title} {change}: adressen {address.rstrip('/')} "
                    f"leder i fortsättningen till {new.title}."
                )
    return lines


def withdrawn_names(published_now: dict[str, Guarantee], to_publish: dict[str, Guarantee]) -> list[str]:
    """Each withdrawn unit by its name; a unit whose file is renamed (same name, new file) says so, since
    the name alone would read as if nothing were withdrawn."""
    renamed = {g.title: g for g in to_publish.values() if g.slug not in published_now}
    names = []
    for g in withdrawn_units(published_now, to_publish):
        successor = renamed.get(g.title)
        names.append(
            f"{g.title} (filen {g.source} heter nu {successor.source}, så enheten får en ny adress: skriv "
            f"den gamla, {g.board}/{g.slug}, under previous_addresses så leder den dit)"
            if successor
            else g.title
        )
    return names


def fewer_problems(published_now: dict[str, Guarantee], to_publish: dict[str, Guarantee], flag: str) -> list[str]:
    """A decision that leaves out a unit published today withdraws it: its page (printed notices lead
    there) then says that the guarantee no longer applies. Each such unit needs `flag`, whatever the count."""
    names = withdrawn_names(published_now, to_publish)
    if not names:
        return []
    if len(to_publish) < len(published_now):
        first = f"Beslutet skulle publicera {len(to_publish)} garantier, men i dag är {len(published_now)} publicerade."
    else:
        first = (
            f"Beslutet skulle publicera {len(to_publish)} garantier, men {len(names)} av de {len(published_now)} "
            "som är publicerade i dag är inte med."
        )
    return [
        f"{first} De här enheterna skulle inte längre ha någon garanti, och deras sidor skulle säga att garantin "
        f"inte längre gäller: {', '.join(names)}. Är garantierna utkast (draft: true), ta bort den raden för de "
        f"garantier nämnden fastställde. Har nämnden verkligen beslutat att de ska bort, kör kommandot igen med {flag}."
    ]
