"""A follow-up brought along with its guarantee (issue 31): `garanti uppfoljning --uppdatera` and the
rule the form's local back end runs on a save (editing.follow_along)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from garanti.editing.follow_along import brought_along, refreshed
from garanti.model import Commitment

from .. import samples
from ..helpers import edit, read, run, write
from ..samples import FIRST, SECOND

TARGET = "provstaden/aldreomsorg/provstadens-hemtjanst"
FOLLOW_UP = samples.HOME.removesuffix(".md") + ".uppfoljning-2026.yml"
SHORTER = SECOND.replace("30 minuter", "20 minuter")


pytestmark = pytest.mark.usefixtures("follow_up_season")


def test_a_changed_commitment_is_listed_anew_and_the_unchanged_keep_their_results_line_for_line():
    text = samples.follow_up()  # FIRST uppfyllt, SECOND delvis uppfyllt, both with comments
    new = refreshed(text, [Commitment(FIRST), Commitment(SHORTER)])
    assert new is not None
    kept = text[text.index("  - commitment: " + FIRST) : text.index("  - commitment: " + SECOND)]
    assert kept in new  # the unchanged result as written
    assert f'  - commitment: "{SHORTER}"\n    result:\n    comment:\n' in new
    assert SECOND not in new
    assert new.startswith("draft: true\n") or "\ndraft: true\n" in new  # a result to fill in: a draft
    assert new[new.index("corrections:") :] == text[text.index("corrections:") :]  # the rest as it was
    assert refreshed(new, [Commitment(FIRST), Commitment(SHORTER)]) is None


def test_commitments_in_a_new_order_keep_their_results_and_the_file_stays_ready():
    text = samples.follow_up()
    new = refreshed(text, [Commitment(SECOND), Commitment(FIRST)])
    assert new is not None and "draft: true" not in new
    assert new.index(SECOND) < new.index(FIRST)
    assert refreshed(text, [Commitment(FIRST), Commitment(SECOND)]) is None


def test_items_written_at_the_margin_get_new_items_at_the_margin():
    text = (
        "results:\n- commitment: A\n  result: uppfyllt\n- commitment: B\n  result: uppfyllt\n"
        "corrections:\n  count: 0\ncomplaints: 0\n"
    )
    new = refreshed(text, [Commitment("A"), Commitment("C")])
    assert new == (
        "draft: true\nresults:\n- commitment: A\n  result: uppfyllt\n"
        '- commitment: "C"\n  result:\n  comment:\ncorrections:\n  count: 0\ncomplaints: 0\n'
    )


def test_only_follow_ups_of_years_the_guarantee_covers_are_brought_along():
    guarantee = samples.home_care(promise=FIRST).replace(SECOND, SHORTER)
    follow_ups = {FOLLOW_UP: samples.follow_up(), FOLLOW_UP.replace("2026", "2025"): samples.follow_up()}
    changed = brought_along(guarantee, samples.HOME, follow_ups)
    assert list(changed) == [FOLLOW_UP]
    assert brought_along("no front matter", samples.HOME, follow_ups) == {}


def test_the_back_ends_entry_point_reads_and_writes_json():
    asked = {
        "guarantee": {"path": samples.HOME, "text": samples.home_care().replace(SECOND, SHORTER)},
        "follow_ups": {FOLLOW_UP: samples.follow_up()},
    }
    done = subprocess.run(
        [sys.executable, "-m", "garanti.editing.follow_along"],
        input=json.dumps(asked),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert SHORTER in json.loads(done.stdout)[FOLLOW_UP]


def test_uppdatera_brings_the_follow_up_along_and_the_check_passes(content_repo, capsys):
    write(content_repo, FOLLOW_UP, samples.follow_up())
    edit(content_repo, samples.HOME, SECOND, SHORTER)
    code, out, err = run(content_repo, "check", capsys=capsys)
    assert code == 1 and FOLLOW_UP in out  # the dead end: the follow-up lists the old commitment

    code, out, err = run(content_repo, "uppfoljning", TARGET, "2026", "--uppdatera", capsys=capsys)
    assert code == 0, err
    assert f"Uppdaterade {FOLLOW_UP}" in out and "utkast" in out
    assert SHORTER in read(content_repo, FOLLOW_UP)
    code, out, err = run(content_repo, "check", capsys=capsys)
    assert code == 0, out + err

    code, out, err = run(content_repo, "uppfoljning", TARGET, "2026", "--uppdatera", capsys=capsys)
    assert code == 0 and "Inget ändrades" in out


def test_uppdatera_without_a_follow_up_says_how_to_make_one(content_repo, capsys):
    code, out, err = run(content_repo, "uppfoljning", TARGET, "2026", "--uppdatera", capsys=capsys)
    assert code == 1
    assert f"{FOLLOW_UP} finns inte. Skapa den med garanti uppfoljning {TARGET} 2026." in err
