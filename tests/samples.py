"""The sample builder: the boards, guarantees and follow-ups the tests write, made from parameters.

Two small trees are made from it, besides the project's own sample content (guarantees/):

- provstaden (`write_provstaden`, the `content_repo` fixture): one board, a home-care unit
  and a preschool. Tests edit these texts with str.replace and assert line:column
  positions, so the defaults below give them byte for byte.
- norra and sodra (`write_norra_and_sodra`, `repos.make_repo`): two boards in a real git
  repository, for tag, publish and report.

Writing a tree is `write_*` and `copy_sample`; `make_site` loads one and makes the preview's
Site that page generation and open data are made from (a published one: repos.published_site).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from garanti.content import check_tree
from garanti.site.selection import Settings, Site

from .helpers import REPO_ROOT, write

# --- boards -------------------------------------------------------------------------------

OLD_AGE = {"aldreomsorg": "Avdelningen för äldreomsorg"}
PRESCHOOLS = {"forskola": "Avdelningen för förskola"}
COMPLAINTS = "Tala med personalen eller lämna synpunkter på stockholm.se."

# Values YAML would read as something else unless quoted.
_QUOTED = ("phone", "paragraph")


def _value(key: str, value: str) -> str:
    return f'"{value}"' if key in _QUOTED else value


def board(
    name: str,
    district: str,
    departments: Mapping[str, str],
    meetings: Sequence[Mapping[str, str]],
    complaints: str = COMPLAINTS,
    contact: Mapping[str, str] | None = None,
    kind: str = "stadsdelsnämnd",
) -> str:
    """A board.yml: meetings are dicts of date and, where given, case_number, paragraph and minutes."""
    lines = [f"name: {name}", f"kind: {kind}", f"district: {district}", "departments:"]
    lines += [f"  {slug}: {title}" for slug, title in departments.items()]
    lines.append("meetings:")
    for meeting in meetings:
        lines.append(f"  - date: {meeting['date']}")
        lines += [
            f"    {key}: {_value(key, meeting[key])}"
            for key in ("case_number", "paragraph", "minutes")
            if key in meeting
        ]
    lines += ["defaults:", f"  complaints: {complaints}"]
    if contact:
        lines.append("  contact:")
        lines += [f"    {key}: {_value(key, value)}" for key, value in contact.items()]
    return "\n".join(lines) + "\n"


# --- guarantees -----------------------------------------------------------------------------

FIRST = "Du får en kontaktperson inom två veckor."
SECOND = "Vi ringer om vi blir mer än 30 minuter försenade."
CORRECTION = "Vi ber om ursäkt och rättar till det inom en vecka."
MISSION = "Vi hjälper dig att leva ett tryggt liv hemma."
PHONE = "08-508 11 111"
HOME_CONTACT = {
    "phone": PHONE,
    "email": "hemtjanst.provstaden@stockholm.se",
    "address": "Provgatan 1, 123 45 Stockholm",
}

# A preschool's commitments, one per curriculum area: (area, text).
PRESCHOOL_COMMITMENTS = (
    ("Utveckling och lärande", "Ditt barn får läsa och berätta varje dag."),
    ("Normer och värden", "Vi arbetar aktivt mot kränkningar."),
    ("Barns inflytande", "Barnen är med och planerar veckan."),
    ("Förskola och hem", "Du erbjuds ett utvecklingssamtal varje termin."),
    ("Samverkan", "Vi gör en plan när ditt barn börjar skolan."),
)


def guarantee(
    title: str,
    service: str,
    commitments: Iterable[str | tuple[str, str]] | None,
    correction: str,
    contact: Mapping[str, str],
    mission: str,
    valid: tuple[str, str] = ("2026-01-01", "2026-12-31"),
    draft: bool = False,
) -> str:
    """A unit's guarantee (<unit>.md): commitments are texts, or (area, text) for a preschool;
    None leaves the key out."""
    lines = ["---", f"title: {title}", f"service: {service}", "valid:", f"  from: {valid[0]}", f"  to: {valid[1]}"]
    if commitments is not None:
        lines.append("commitments:")
    for commitment in commitments or ():
        if isinstance(commitment, tuple):
            lines += [f"  - area: {commitment[0]}", f"    text: {commitment[1]}"]
        else:
            lines.append(f"  - {commitment}")
    lines += [f"correction: {correction}", "contact:"]
    lines += [f"  {key}: {_value(key, value)}" for key, value in contact.items()]
    if draft:
        lines.append("draft: true")
    lines += ["---", mission]
    return "\n".join(lines) + "\n"


def home_care(
    title: str = "Provstadens hemtjänst",
    promise: str = FIRST,
    draft: bool = False,
    contact: Mapping[str, str] = HOME_CONTACT,
    mission: str = MISSION,
) -> str:
    """A home-care unit; by default provstaden's, byte for byte."""
    return guarantee(title, "hemtjänst", [promise, SECOND], CORRECTION, contact, mission, draft=draft)


def home_care_unit(title: str, promise: str = FIRST, draft: bool = False) -> str:
    """A home-care unit as norra and sodra have them: a phone number only, its name in its mission."""
    return home_care(
        title, promise, draft, contact={"phone": PHONE}, mission=f"{title} hjälper dig att leva ett tryggt liv hemma."
    )


def preschool(
    title: str = "Provstadens förskolor", areas: int = 5, email: str = "forskolor.provstaden@stockholm.se"
) -> str:
    """A preschool with its first `areas` commitments; by default provstaden's, byte for byte."""
    return guarantee(
        title,
        "förskola",
        PRESCHOOL_COMMITMENTS[:areas],
        "Vi kontaktar dig inom en vecka och berättar vad vi gör.",
        {"email": email},
        "Förskolan är en plats för lek och lärande.",
    )


# --- follow-ups ------------------------------------------------------------------------------


def follow_up_text(
    results: Iterable[Sequence[str]],
    count: object,
    complaints: object,
    changed: str | None = None,
    draft: bool = False,
    extra: str = "",
) -> str:
    """A follow-up (<unit>.uppfoljning-<year>.yml): results are (commitment, result[, comment]).

    The first line holds `draft: true` or is empty, and the line before `corrections:` holds
    `extra` or is empty, so that a line keeps its number whatever the options (tests assert
    line:column). Values are written as given: "" leaves a value out, "två" is a wrong one."""
    lines = ["draft: true" if draft else "", "results:"]
    for commitment, result, *comment in results:
        lines += [f"  - commitment: {commitment}", f"    result: {result}"]
        lines += [f"    comment: {text}" for text in comment]
    lines += [extra, "corrections:", f"  count: {count}"]
    if changed is not None:
        lines.append(f"  changed: {changed}")
    lines.append(f"complaints: {complaints}")
    return "\n".join(lines) + "\n"


def follow_up(
    first_result: str = "uppfyllt",
    second: str = SECOND,
    complaints: str = "4",
    count: str = "2",
    draft: bool = False,
    extra: str = "",
) -> str:
    """The follow-up of provstaden's home care (its FIRST and SECOND), byte for byte."""
    return follow_up_text(
        [
            (FIRST, first_result, "Alla nya kunder fick en kontaktperson i tid."),
            (second, "delvis uppfyllt", "Vi ringde inte alltid när bussarna var försenade i januari."),
        ],
        count=count,
        complaints=complaints,
        changed="Vi påminner personalen om att ringa.",
        draft=draft,
        extra=extra,
    )


def follow_up_path(unit_path: str, year: int = 2026) -> str:
    """guarantees/<board>/<department>/<unit>.md → its follow-up of the year."""
    return unit_path.removesuffix(".md") + f".uppfoljning-{year}.yml"


# --- provstaden: the small tree most tests start from ------------------------------------------

BOARD = "guarantees/provstaden/board.yml"
HOME = "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md"
PRESCHOOL = "guarantees/provstaden/forskola/provstadens-forskolor.md"

# Their pages, as page generation names them.
HOME_PAGE = "provstaden/provstadens-hemtjanst/index.md"
PRESCHOOL_PAGE = "provstaden/provstadens-forskolor/index.md"

BOARD_YML = board(
    "Provstadens stadsdelsnämnd",
    "Provstaden",
    PRESCHOOLS | OLD_AGE,
    [{"date": "2026-01-22", "case_number": "PS-2025/100", "paragraph": "§ 7"}, {"date": "2026-12-10"}],
    contact={"phone": "08-508 00 000", "email": "provstaden@stockholm.se"},
)
HOME_CARE_MD = home_care()
PRESCHOOL_MD = preschool()


def write_provstaden(root: Path) -> Path:
    """provstaden's board, home care and preschool written under root/guarantees."""
    write(root, BOARD, BOARD_YML)
    write(root, HOME, HOME_CARE_MD)
    write(root, PRESCHOOL, PRESCHOOL_MD)
    return root


def make_site(
    root: Path, today: dt.date = dt.date(2026, 6, 1), guarantees=None, follow_ups=None, **home_changes
) -> Site:
    """The preview's Site of root's corpus, optionally with other guarantees or follow-ups, or
    provstaden's home care with some fields changed. A published site is made only from real
    approval tags: repos.published_site."""
    corpus = check_tree(root).corpus
    if guarantees is not None:
        corpus.guarantees = guarantees
    if home_changes:
        corpus.guarantees = [
            dataclasses.replace(g, **home_changes) if g.slug == "provstadens-hemtjanst" else g
            for g in corpus.guarantees
        ]
    if follow_ups is not None:
        corpus.follow_ups = list(follow_ups)
    return Site(corpus, Settings(today=today))


# --- norra and sodra: two boards for tag, publish and report --------------------------------

NORRA_HOME = "guarantees/norra/aldreomsorg/norra-hemtjanst.md"
NORRA_PRESCHOOL = "guarantees/norra/forskola/norra-forskolor.md"
SODRA_HOME = "guarantees/sodra/aldreomsorg/sodra-hemtjanst.md"
# Places norra's units move to in the tests of withdrawals and renames: a night patrol that is not
# there yet, and the home care under a new file name.
NORRA_NIGHT = "guarantees/norra/aldreomsorg/norra-nattpatrull.md"
NORRA_HOME_RENAMED = "guarantees/norra/aldreomsorg/norra-hemtjanst-ny.md"

NORRA_BOARD = board(
    "Norrstadens stadsdelsnämnd",
    "Norrstaden",
    PRESCHOOLS | OLD_AGE,
    [
        {"date": "2025-06-12"},
        {
            "date": "2026-01-22",
            "case_number": "NS-2025/1234",
            "paragraph": "§ 14",
            "minutes": "https://start.stockholm/protokoll/norrstaden-2026-01-22/",
        },
        {"date": "2026-12-10"},
    ],
    contact={"phone": "08-508 00 000", "email": "norrstaden@stockholm.se"},
)
SODRA_BOARD = board(
    "Sydstadens stadsdelsnämnd",
    "Sydstaden",
    {"aldreomsorg": "Äldreomsorgsavdelningen"},
    [{"date": "2026-02-19", "case_number": "SS-2026/7"}, {"date": "2026-11-19"}],
    complaints="Ring stadsdelsförvaltningen på 08-508 10 000.",
)
NORRA_PRESCHOOL_MD = preschool("Norrstadens förskolor", areas=2, email="forskolor.norrstaden@stockholm.se")

# A unit the check refuses: no commitments.
BROKEN = guarantee("Trasiga enheten", "hemtjänst", None, "Vi rättar.", {"phone": PHONE}, "Text.")


def write_norra_and_sodra(root: Path) -> Path:
    """Two boards (norra: home care and a preschool; sodra: home care) under root/guarantees."""
    write(root, "guarantees/norra/board.yml", NORRA_BOARD)
    write(root, NORRA_HOME, home_care_unit("Norrstadens hemtjänst"))
    write(root, NORRA_PRESCHOOL, NORRA_PRESCHOOL_MD)
    write(root, "guarantees/sodra/board.yml", SODRA_BOARD)
    write(root, SODRA_HOME, home_care_unit("Sydstadens hemtjänst"))
    return root


# --- the project's sample content ----------------------------------------------------------------

HL = "hagersten-liljeholmen"
EAV = "enskede-arsta-vantor"


def copy_sample(root: Path) -> Path:
    """The project's sample content (guarantees/) copied into root."""
    shutil.copytree(REPO_ROOT / "guarantees", root / "guarantees")
    return root
