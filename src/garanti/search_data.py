"""The search's data in the package (data/): Stockholm's districts and their stadsdelar, and the small words a
query drops. Read by the site's search (site/search.py) and by the check of board.yml's places, which may not
take the words the search gives another meaning."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from .errors import BrokenInstallation

DATA_DIR = Path(__file__).resolve().parent / "data"  # the package's data files


@cache
def city_places() -> dict[str, list[str]]:
    """{stadsdelsområde: its stadsdelar} of Stockholms stad, as the package records them with their source."""
    return dict(_package_data("stockholm.yml")["districts"])


@cache
def stop_words() -> dict[str, list[str]]:
    """{search language: the small words that alone find nothing} (data/stoppord.yml)."""
    return _package_data("stoppord.yml")


def _package_data(name: str) -> dict:
    try:
        return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
    except OSError:
        raise BrokenInstallation(
            f"Sökningens uppgifter saknas i paketet ({name}). Installera om med scripts/setup."
        ) from None
