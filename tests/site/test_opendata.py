"""Open data: the JSON and CSV files of the guarantees and of the follow-ups (issue 14, item 5),
and the schemas beside them."""

from __future__ import annotations

import csv
import io
import json

from garanti import schemas
from garanti.site import opendata

from ..helpers import write
from ..repos import published_site
from ..samples import FIRST, HOME, SECOND, follow_up, follow_up_path, home_care, make_site

DECISION = "provstaden/2026-01-22"

# What every record of provstaden's home care, the guarantee's and its follow-ups', begins with.
HOME_UNIT = {
    "url": "https://kvalitetsgarantier.stockholm/provstaden/provstadens-hemtjanst/",
    "board": "provstaden",
    "board_name": "Provstadens stadsdelsnämnd",
    "district": "Provstaden",
    "department": "aldreomsorg",
    "department_name": "Avdelningen för äldreomsorg",
    "unit": "provstadens-hemtjanst",
    "title": "Provstadens hemtjänst",
    "service": "hemtjänst",
}
# Its approval, as the publication of provstaden's decision (DECISION) gives it.
APPROVAL = {"date": "2026-01-22", "case_number": "PS-2025/100", "paragraph": "§ 7"}


def test_json_has_every_field_board_name_and_approval(content_repo):
    data = json.loads(opendata.as_json(published_site(content_repo, DECISION)))
    by_unit = {record["unit"]: record for record in data}
    home = by_unit["provstadens-hemtjanst"]
    assert home == {
        **HOME_UNIT,
        "valid": {"from": "2026-01-01", "to": "2026-12-31"},
        "mission": "Vi hjälper dig att leva ett tryggt liv hemma.",
        "commitments": [
            "Du får en kontaktperson inom två veckor.",
            "Vi ringer om vi blir mer än 30 minuter försenade.",
        ],
        "correction": "Vi ber om ursäkt och rättar till det inom en vecka.",
        "complaints": "Tala med personalen eller lämna synpunkter på stockholm.se.",
        "more_info": None,
        "previous_addresses": None,
        "service_languages": None,
        "quality_award": None,
        "contact": {
            "phone": "08-508 11 111",
            "email": "hemtjanst.provstaden@stockholm.se",
            "address": "Provgatan 1, 123 45 Stockholm",
        },
        "approval": APPROVAL,
        "draft": False,
    }
    preschool = by_unit["provstadens-forskolor"]
    assert preschool["commitments"][0] == {
        "area": "Utveckling och lärande",
        "text": "Ditt barn får läsa och berätta varje dag.",
    }


def test_published_data_leaves_drafts_out_preview_keeps_them_marked(content_repo):
    write(content_repo, HOME, home_care(draft=True))
    published = json.loads(opendata.as_json(published_site(content_repo, DECISION)))
    assert [r["unit"] for r in published] == ["provstadens-forskolor"]
    preview = json.loads(opendata.as_json(make_site(content_repo)))
    assert {r["unit"]: r["draft"] for r in preview} == {
        "provstadens-forskolor": False,
        "provstadens-hemtjanst": True,
    }
    assert all(r["approval"] is None for r in preview)


def test_csv_one_row_per_guarantee_commitments_joined(content_repo):
    rows = list(csv.DictReader(io.StringIO(opendata.as_csv(published_site(content_repo, DECISION)))))
    assert len(rows) == 2
    assert list(rows[0]) == list(opendata.csv_columns())
    home = next(row for row in rows if row["unit"] == "provstadens-hemtjanst")
    assert (
        home["commitments"]
        == "Du får en kontaktperson inom två veckor. | Vi ringer om vi blir mer än 30 minuter försenade."
    )
    assert home["valid_from"] == "2026-01-01" and home["valid_to"] == "2026-12-31"
    assert home["phone"] == "08-508 11 111" and home["web"] == ""
    assert home["approved"] == "2026-01-22" and home["case_number"] == "PS-2025/100" and home["paragraph"] == "§ 7"
    assert home["draft"] == "false"
    preschool = next(row for row in rows if row["unit"] == "provstadens-forskolor")
    assert preschool["commitments"].startswith(
        "Utveckling och lärande: Ditt barn får läsa och berätta varje dag. | Normer och värden: "
    )


HOURS = """\
  opening_hours:
    - days: Måndag–fredag
      time: 7.00–16.30
    - days: Helgdagar
      time: Stängt
  visiting_hours:
    - days: Alla dagar
      time: "10.00"
"""


def test_opening_hours_and_visiting_times_are_published_in_json_and_csv(content_repo):
    home = content_repo / "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md"
    text = home.read_text(encoding="utf-8")
    home.write_text(
        text.replace(
            "  address: Provgatan 1, 123 45 Stockholm\n", "  address: Provgatan 1, 123 45 Stockholm\n" + HOURS
        ),
        encoding="utf-8",
    )
    site = published_site(content_repo, DECISION)
    record = next(r for r in json.loads(opendata.as_json(site)) if r["unit"] == "provstadens-hemtjanst")
    assert record["contact"]["opening_hours"] == [
        {"days": "Måndag–fredag", "time": "7.00–16.30"},
        {"days": "Helgdagar", "time": "Stängt"},
    ]
    assert record["contact"]["visiting_hours"] == [{"days": "Alla dagar", "time": "10.00"}]
    row = next(r for r in csv.DictReader(io.StringIO(opendata.as_csv(site))) if r["unit"] == "provstadens-hemtjanst")
    assert row["opening_hours"] == "Måndag–fredag: 7.00–16.30 | Helgdagar: Stängt"
    assert row["visiting_hours"] == "Alla dagar: 10.00"
    other = next(r for r in csv.DictReader(io.StringIO(opendata.as_csv(site))) if r["unit"] == "provstadens-forskolor")
    assert other["opening_hours"] == other["visiting_hours"] == ""


def test_csv_cells_cannot_start_a_spreadsheet_formula(content_repo):
    site = make_site(content_repo, correction='=HYPERLINK("https://evil.example")', title="+Provstaden")
    row = next(r for r in csv.DictReader(io.StringIO(opendata.as_csv(site))) if r["unit"] == "provstadens-hemtjanst")
    assert row["correction"] == '\'=HYPERLINK("https://evil.example")'
    assert row["title"] == "'+Provstaden"
    data = json.loads(opendata.as_json(site))
    assert any(r["title"] == "+Provstaden" for r in data)  # JSON keeps the text exactly


def test_open_data_files_include_the_schemas(content_repo):
    files = opendata.files(make_site(content_repo))
    assert sorted(files) == [
        "oppna-data/board.schema.json",
        "oppna-data/follow-up.schema.json",
        "oppna-data/garantier-alla-versioner.csv",
        "oppna-data/garantier-alla-versioner.json",
        "oppna-data/garantier.csv",
        "oppna-data/garantier.json",
        "oppna-data/guarantee.schema.json",
        "oppna-data/language-version.schema.json",
        "oppna-data/sprakversioner.json",
        "oppna-data/uppfoljningar.csv",
        "oppna-data/uppfoljningar.json",
    ]
    assert json.loads(files["oppna-data/guarantee.schema.json"]) == schemas.load_schema(schemas.GUARANTEE_SCHEMA)


# --- follow-ups ------------------------------------------------------------------


def test_json_lists_each_follow_up_with_its_unit_results_and_approval(content_repo):
    write(content_repo, follow_up_path(HOME), follow_up())
    [record] = json.loads(opendata.follow_ups_json(published_site(content_repo, DECISION)))
    assert record == {
        **HOME_UNIT,
        "year": 2026,
        "results": [
            {
                "commitment": FIRST,
                "area": None,
                "result": "uppfyllt",
                "comment": "Alla nya kunder fick en kontaktperson i tid.",
            },
            {
                "commitment": SECOND,
                "area": None,
                "result": "delvis uppfyllt",
                "comment": "Vi ringde inte alltid när bussarna var försenade i januari.",
            },
        ],
        "kept": 1,
        "corrections": {"count": 2, "changed": "Vi påminner personalen om att ringa."},
        "complaints": 4,
        "draft": False,
        "approval": APPROVAL,
    }


def test_csv_has_one_row_per_commitment_and_defuses_formulas(content_repo):
    write(
        content_repo,
        follow_up_path(HOME),
        follow_up().replace("Alla nya kunder fick en kontaktperson i tid.", '"=HYPERLINK(1)"'),
    )
    rows = list(csv.DictReader(io.StringIO(opendata.follow_ups_csv(published_site(content_repo, DECISION)))))
    assert [(r["commitment"], r["result"], r["year"], r["complaints"], r["approved"]) for r in rows] == [
        (FIRST, "uppfyllt", "2026", "4", "2026-01-22"),
        (SECOND, "delvis uppfyllt", "2026", "4", "2026-01-22"),
    ]
    assert rows[0]["comment"] == "'=HYPERLINK(1)"
    assert list(rows[0]) == list(opendata.FOLLOW_UP_CSV_COLUMNS)


def test_draft_follow_ups_are_open_data_only_in_the_preview(content_repo):
    write(content_repo, follow_up_path(HOME), follow_up(draft=True))
    published = published_site(content_repo, DECISION)
    assert json.loads(opendata.follow_ups_json(published)) == []
    assert opendata.follow_ups_csv(published).count("\r\n") == 1  # the header only
    [preview] = json.loads(opendata.follow_ups_json(make_site(content_repo)))
    assert preview["draft"] is True


def test_the_follow_up_of_a_draft_guarantee_is_not_published(content_repo):
    write(content_repo, follow_up_path(HOME), follow_up())
    write(content_repo, HOME, home_care(draft=True))
    assert json.loads(opendata.follow_ups_json(published_site(content_repo, DECISION))) == []


def test_the_follow_up_schema_is_published_beside_the_data(content_repo):
    files = opendata.files(make_site(content_repo))
    assert json.loads(files["oppna-data/follow-up.schema.json"]) == schemas.load_schema(schemas.FOLLOW_UP_SCHEMA)
    assert json.loads(files["oppna-data/uppfoljningar.json"]) == []
