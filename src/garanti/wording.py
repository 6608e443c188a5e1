"""Swedish wording that must not depend on the machine's locale: dates, alphabetical order, counts.

Month names come from babel's Swedish locale data (CLDR), as Material's own dates do.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel.dates import get_month_names

# Swedish alphabetical order puts å, ä, ö after z (in that order); é sorts as e, ü as y.
# "{", "|" and "}" are the characters right after "z".
_ORDER = str.maketrans(
    {"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "é": "e", "è": "e", "ü": "y", "á": "a", "à": "a"}
)


@cache
def _months() -> dict[int, str]:
    return dict(get_month_names("wide", locale="sv"))


def month_name(month: int) -> str:
    """ "januari" for 1."""
    return _months()[month]


def date_text(day: dt.date) -> str:
    """22 januari 2026."""
    return f"{day.day} {month_name(day.month)} {day.year}"


def moment_text(moment: dt.datetime) -> str:
    """7 december 2026 kl. 04.10.33, in this machine's time zone."""
    local = moment.astimezone()
    return f"{date_text(local.date())} kl. {local:%H.%M.%S}"


def period_text(start: dt.date, end: dt.date) -> str:
    """1 januari–31 december 2026, or 1 juli 2025–30 juni 2026 across years."""
    if start.year == end.year:
        return f"{start.day} {month_name(start.month)}–{date_text(end)}"
    return f"{date_text(start)}–{date_text(end)}"


def sort_key(text: str) -> str:
    return text.casefold().translate(_ORDER)


def capitalised(text: str) -> str:
    """ "förskola" -> "Förskola" (only the first letter changes)."""
    return text[:1].upper() + text[1:]


def listed(words: list[str], conjunction: str = "och") -> str:
    """ "a", "a och b", "a, b och c" (another language's conjunction for its pages: "ja")."""
    return f" {conjunction} ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


def count_text(count: int, one: str, many: str) -> str:
    """ "1 garanti", "3 garantier"."""
    return f"{count} {one if count == 1 else many}"


def kept_text(kept: int, total: int) -> str:
    """ "4 av 5 åtaganden uppfyllda", "1 av 1 åtagande uppfyllt": how a follow-up went, in one phrase."""
    return f"{kept} av {total} {'åtagande uppfyllt' if total == 1 else 'åtaganden uppfyllda'}"
