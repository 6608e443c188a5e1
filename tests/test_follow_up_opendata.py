"""Follow-ups in open data: JSON and CSV with the follow-up schema (issue 14, item 5)."""

from __future__ import annotations

import csv
import io
import json

from garanti import schemas
from garanti.site import opendata

from .conftest import write
from .test_follow_up_check import FIRST, HOME, SECOND, follow_up
from .test_site_opendata import make_site
from .test_site_pages import APPROVALS


def test_json_lists_each_follow_up_with_its_unit_results_and_approval(content_repo):
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", follow_up())
    [record] = json.loads(opendata.follow_ups_json(make_site(content_repo, APPROVALS)))
    assert record == {
        "url": "https://kvalitetsgarantier.stockholm/provstaden/provstadens-hemtjanst/",
        "board": "provstaden",
        "board_name": "Provstadens stadsdelsnämnd",
        "district": "Provstaden",
        "department": "aldreomsorg",
        "department_name": "Avdelningen för äldreomsorg",
        "unit": "provstadens-hemtjanst",
        "title": "Provstadens hemtjänst",
        "service": "hemtjänst",
        "year": 2026,
        "results": [
            {"commitment": FIRST, "area": None, "result": "uppfyllt",
             "comment": "Alla nya kunder fick en kontaktperson i tid."},
            {"commitment": SECOND, "area": None, "result": "delvis uppfyllt",
             "comment": "Vi ringde inte alltid när bussarna var försenade i januari."},
        ],
        "kept": 1,
        "corrections": {"count": 2, "changed": "Vi påminner personalen om att ringa."},
        "complaints": 4,
        "draft": False,
        "approval": {"date": "2026-01-22", "case_number": "PS-2025/100", "paragraph": "§ 7"},
    }


def test_csv_has_one_row_per_commitment_and_defuses_formulas(content_repo):
    write(content_repo, f"{HOME}.uppfoljning-2026.yml",
          follow_up().replace("Alla nya kunder fick en kontaktperson i tid.", "\"=HYPERLINK(1)\""))
    rows = list(csv.DictReader(io.StringIO(opendata.follow_ups_csv(make_site(content_repo, APPROVALS)))))
    assert [(r["commitment"], r["result"], r["year"], r["complaints"], r["approved"]) for r in rows] == [
        (FIRST, "uppfyllt", "2026", "4", "2026-01-22"),
        (SECOND, "delvis uppfyllt", "2026", "4", "2026-01-22"),
    ]
    assert rows[0]["comment"] == "'=HYPERLINK(1)"
    assert list(rows[0]) == list(opendata.FOLLOW_UP_CSV_COLUMNS)


def test_draft_follow_ups_are_open_data_only_in_the_preview(content_repo):
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", follow_up(draft=True))
    assert json.loads(opendata.follow_ups_json(make_site(content_repo, APPROVALS))) == []
    assert opendata.follow_ups_csv(make_site(content_repo, APPROVALS)).count("\r\n") == 1  # the header only
    [preview] = json.loads(opendata.follow_ups_json(make_site(content_repo)))
    assert preview["draft"] is True


def test_the_follow_up_of_a_draft_guarantee_is_not_published(content_repo):
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", follow_up())
    assert json.loads(opendata.follow_ups_json(make_site(content_repo, APPROVALS, draft=True))) == []


def test_the_follow_up_schema_is_published_beside_the_data(content_repo):
    files = opendata.files(make_site(content_repo))
    assert json.loads(files["oppna-data/follow-up.schema.json"]) == schemas.load_schema(schemas.FOLLOW_UP_SCHEMA)
    assert json.loads(files["oppna-data/uppfoljningar.json"]) == []
