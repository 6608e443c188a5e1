"""Swedish wording that must not depend on the machine's locale: dates, order, counts."""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)

# Swedish alphabetical order puts å, ä, ö after z (in that order); é sorts as e, ü as y.
# "{", "|" and "}" are the characters right after "z".
_ORDER = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}",
                        "é": "e", "è": "e", "ü": "y", "á": "a", "à": "a"})


def date_text(day: dt.date) -> str:
    """22 januari 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def period_text(start: dt.date, end: dt.date) -> str:
    """1 januari–31 december 2026, or 1 juli 2025–30 juni 2026 across years."""
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]}–{date_text(end)}"
    return f"{date_text(start)}–{date_text(end)}"


def sort_key(text: str) -> str:
    return text.casefold().translate(_ORDER)


def capitalised(text: str) -> str:
    """"förskola" -> "Förskola" (only the first letter changes)."""
    return text[:1].upper() + text[1:]


def count_text(count: int, one: str, many: str) -> str:
    """"1 garanti", "3 garantier"."""
    return f"{count} {one if count == 1 else many}"


def kept_text(kept: int, total: int) -> str:
    """"4 av 5 åtaganden uppfyllda", "1 av 1 åtagande uppfyllt": how a follow-up went, in one phrase."""
    return f"{kept} av {total} {'åtagande uppfyllt' if total == 1 else 'åtaganden uppfyllda'}"
