"""The kvalitetsutmärkelse is part of the guarantee file, so it reaches the published site only with
its board's approval tag (issue 33, item 4).

A real git repository, a real `garanti tag`, a change of the award committed after the tag, and a
real `garanti publish`: the published page and open data show the approved award and nothing of the
change."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from garanti.dates import TODAY_VARIABLE
from garanti.publishing import ALLOW_UNVERIFIED as UNVERIFIED

from ..repos import Repo, make_repo
from ..samples import NORRA_HOME, home_care_unit

APPROVED_AWARD = "quality_award:\n  - year: 2024\n    outcome: deltog\n    decision:\n      date: 2024-06-13\n"
# Written after the tag: won, not only took part, and a year more.
CHANGED_AWARD = (
    "quality_award:\n  - year: 2024\n    outcome: tilldelades\n    decision:\n      date: 2024-06-13\n"
    '  - year: 2025\n    decision:\n      date: 2025-06-12\n      paragraph: "§ 31"\n'
)


def with_award(award: str) -> str:
    text = home_care_unit("Norrstadens hemtjänst")
    head, mission = text.rsplit("---\n", 1)
    return f"{head}{award}---\n{mission}"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Repo, Path]:
    base = tmp_path_factory.mktemp("utmarkelse")
    repo = make_repo(base / "repo")
    repo.write(NORRA_HOME, with_award(APPROVED_AWARD))
    repo.commit("Kvalitetsutmärkelsen 2024")
    with pytest.MonkeyPatch.context() as env:
        env.setenv(TODAY_VARIABLE, "2026-11-24")
        assert repo.approve("norra", "2026-01-22") == 0
        repo.write(NORRA_HOME, with_award(CHANGED_AWARD))
        repo.commit("Utmärkelsen ändrad efter beslutet")
        out = base / "site"
        assert repo.garanti("publish", "--out", str(out), UNVERIFIED) == 0
    return repo, out


def test_the_published_page_shows_the_approved_award_only(published):
    _, site = published
    html = (site / "norra" / "norra-hemtjanst" / "index.html").read_text(encoding="utf-8")
    assert (
        'Enheten deltog i Stockholms stads kvalitetsutmärkelse 2024. <span class="garanti-utmarkelse-beslut">'
        "Beslut av Norrstadens stadsdelsnämnd den 13 juni 2024.</span>"
    ) in html
    assert "tilldelades" not in html
    assert "kvalitetsutmärkelse 2025" not in html and "§ 31" not in html


def test_the_published_open_data_has_the_approved_award_only(published):
    _, site = published
    records = json.loads((site / "oppna-data" / "garantier.json").read_text(encoding="utf-8"))
    home = next(record for record in records if record["unit"] == "norra-hemtjanst")
    assert home["quality_award"] == [{"year": 2024, "outcome": "deltog", "decision": {"date": "2024-06-13"}}]
    rows = csv.DictReader(io.StringIO((site / "oppna-data" / "garantier.csv").read_text(encoding="utf-8")))
    assert next(row for row in rows if row["unit"] == "norra-hemtjanst")["quality_award"] == "2024: deltog: 2024-06-13"


def test_the_change_is_on_main_waiting_for_the_next_decision(published):
    repo, _ = published
    assert "outcome: tilldelades" in (repo.root / NORRA_HOME).read_text(encoding="utf-8")
    assert "outcome: deltog" in repo.git("show", f"norra/2026-01-22:{NORRA_HOME}")
