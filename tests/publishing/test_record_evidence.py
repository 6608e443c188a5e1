"""A publish record is evidence of what existed when it was written (garanti avsluta-nyckel --publicerat), so its
moment is the wall clock's: GARANTI_TODAY, which sets the day for what is in force, cannot date it back. A record
that is not one is refused in Swedish, a value with a line break after it included."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess

import pytest

from garanti import publish_record
from garanti.dates import TODAY_VARIABLE

from ..helpers import REPO_ROOT
from ..repos import make_repo

GARANTI = REPO_ROOT / ".venv" / "bin" / "garanti"


def test_a_publish_with_a_day_set_back_records_the_wall_clock(tmp_path, monkeypatch):
    """A real `garanti publish` run as a command, GARANTI_TODAY set to a day long past (the tag made then)."""
    repo = make_repo(tmp_path / "repo")
    monkeypatch.setenv(TODAY_VARIABLE, "2026-01-24")
    assert repo.approve("norra", "2026-01-22") == 0
    environ = {key: value for key, value in os.environ.items() if key not in ("GARANTI_APPROVALS", "SITE_URL")}
    environ.update({TODAY_VARIABLE: "2026-01-25", "NO_MKDOCS_2_WARNING": "1"})
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    done = subprocess.run(
        [str(GARANTI), "--root", str(repo.root), "publish", "--out", str(tmp_path / "site"), "--utan-godkannarlista"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=600,
    )
    after = dt.datetime.now(dt.UTC)
    assert done.returncode == 0, done.stdout + done.stderr
    record = publish_record.read(tmp_path / "site")
    assert before <= record.published_at <= after
    assert ("norra/2026-01-22", repo.git("rev-parse", "norra/2026-01-22")) in record.tags


SHA = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize(
    "record, message",
    [
        (
            {"published_at": "2026-11-24T12:00:00Z", "tags": [{"name": "norra/2026-01-22", "object": SHA + "\n"}]},
            'tags.0.object: "0123456789abcdef0123456789abcdef01234567\\n" är inget git-objektnamn',
        ),
        ({"published_at": "2026-11-24T12:00:00Z\n", "tags": []}, 'published_at: "2026-11-24T12:00:00Z\\n" är inte'),
        ({"published_at": None, "tags": []}, "published_at: ska vara en text"),
        ({"published_at": "2026-11-24T12:00:00Z"}, 'filen: fältet "tags" saknas'),
        ({"published_at": "2026-11-24T12:00:00Z", "tags": {}}, "tags: ska vara en lista"),
    ],
)
def test_a_record_that_is_not_one_is_refused_in_swedish(tmp_path, record, message):
    path = tmp_path / publish_record.RECORD_FILE
    path.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(Exception) as raised:
        publish_record.read(path)
    said = str(raised.value)
    assert type(raised.value).__name__ == "UsageError"
    assert f"{path} är inte en publiceringsfil (publicering.json) från garanti publish: {message}" in said, said
    assert not any(english in said for english in ("is not", "does not match", "is a required property"))
