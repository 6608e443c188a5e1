"""Dates as the product writes and judges them: one form (ÅÅÅÅ-MM-DD), one "today".

Every date an editor or a secretary writes (validity, meetings, tag names, command
arguments) is read by `parse_date`; every rule about time asks `today` or `now`,
which GARANTI_TODAY can set (the tests, and a secretary checking what a day would show).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping

from .errors import Refusal, UsageError

# How a date is written (the schemas' date fields say the same): only this form. Python's
# fromisoformat also reads "2026-W04-4" and "20260122".
DATE_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# YYYY-MM-DD: the day rules about "today" are judged on (default: the system's date).
TODAY_VARIABLE = "GARANTI_TODAY"


def parse_date(text: object) -> dt.date | None:
    """A calendar date written ÅÅÅÅ-MM-DD, or None when the text is not one (nor a real day)."""
    if not isinstance(text, str) or not DATE_FORM.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def today(environ: Mapping[str, str] = os.environ) -> dt.date:
    """Today, or the day GARANTI_TODAY names; a UsageError if that is not a date."""
    given = environ.get(TODAY_VARIABLE, "").strip()
    if not given:
        return dt.date.today()
    date = parse_date(given)
    if date is None:
        raise UsageError(f'{TODAY_VARIABLE} ska vara ett datum skrivet ÅÅÅÅ-MM-DD, inte "{given}".')
    return date


def now(environ: Mapping[str, str] = os.environ) -> dt.datetime:
    """The moment rules about time are judged at: noon (UTC) on the day GARANTI_TODAY names, else the clock."""
    if not environ.get(TODAY_VARIABLE, "").strip():
        return dt.datetime.now(dt.UTC)
    return dt.datetime.combine(today(environ), dt.time(12), dt.UTC)


def clock() -> dt.datetime:
    """The wall clock (UTC), which GARANTI_TODAY does not move: when something really happened (a publish's
    record is evidence of what existed by then)."""
    return dt.datetime.now(dt.UTC)


def set_moment(environ: Mapping[str, str] = os.environ) -> dt.datetime | None:
    """The moment GARANTI_TODAY sets, if it is set (what a tag made now is dated), else None (the clock)."""
    return now(environ) if environ.get(TODAY_VARIABLE, "").strip() else None


def date_argument(text: str, what: str = "datumet") -> dt.date:
    """A date given on the command line; a UsageError naming the form if it is not one."""
    date = parse_date(text.strip())
    if date is None:
        raise UsageError(f'"{text}" är inget riktigt datum. Skriv {what} som ÅÅÅÅ-MM-DD, till exempel 2026-01-22.')
    return date


# How far from this year a validity year may be before it is taken for a typo.
YEARS_BACK, YEARS_AHEAD = 1, 3
_YEAR = re.compile(r"[0-9]{4}")


def year_argument(text: str | int, today: dt.date) -> int:
    """A year given on the command line, if it is four digits and near enough to today's; refused if not."""
    if not _YEAR.fullmatch(str(text).strip()):
        raise Refusal(f'"{text}" är inget årtal. Skriv året med fyra siffror, till exempel {today.year + 1}.')
    year = int(str(text).strip())
    first, last = today.year - YEARS_BACK, today.year + YEARS_AHEAD
    if not first <= year <= last:
        raise Refusal(f"Året {year} verkar fel: välj ett år mellan {first} och {last}.")
    return year
