"""A guarantee's language versions on the site, without a browser (issue 26, items 3-6): their pages,
what the preview marks, the labels table, the search's entries and the open data."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from garanti import fields, schemas
from garanti.content import check_tree
from garanti.languages import EASY_SWEDISH, FINNISH
from garanti.site import labels, opendata, paths, search
from garanti.site.pages import guarantee_pages, language_pages, version_pages
from garanti.site.selection import Settings, Site

from ..helpers import edit, write
from ..repos import published_site
from ..samples import PRESCHOOL, home_care

HOME = "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst"
DECISION = "provstaden/2026-01-22"


def serving_in_finnish(root, *sources: str) -> None:
    """The guarantees (their files) say the unit serves in Finnish too (service_languages)."""
    for source in sources:
        edit(root, source, "\ncorrection:", "\nservice_languages:\n  - finska\ncorrection:")


def with_versions(root, finnish_text: str | None = None, easy_draft: bool = False):
    [guarantee] = [g for g in check_tree(root).corpus.guarantees if g.source == f"{HOME}.md"]
    current = fields.swedish_text_of(guarantee)
    write(
        root,
        f"{HOME}.fi.md",
        (
            f"---\ntitle: Provstadenin kotipalvelu\nswedish_text: {finnish_text or current}\ncommitments:\n"
            "  - Saat yhteyshenkilön kahden viikon kuluessa.\n  - Soitamme, jos myöhästymme yli 30 minuuttia.\n"
            "correction: Pyydämme anteeksi.\ncomplaints: Puhu henkilökunnan kanssa.\n---\nAutamme sinua kotona.\n"
        ),
    )
    write(
        root,
        f"{HOME}.lattlast.md",
        (
            f"---\n{'draft: true' if easy_draft else ''}\nswedish_text: {current}\ncommitments:\n"
            "  - Du får en kontakt-person.\n  - Blir vi sena ringer vi.\n"
            "correction: Vi säger förlåt.\ncomplaints: Prata med oss.\n---\nVi hjälper dig hemma.\n"
        ),
    )
    return check_tree(root)


def site_of(result) -> Site:
    """The preview of a checked tree."""
    return Site(result.corpus, Settings(today=dt.date(2026, 6, 1)))


FI_PAGE = "provstaden/provstadens-hemtjanst/suomeksi/index.md"
EASY_PAGE = "provstaden/provstadens-hemtjanst/lattlast/index.md"


def test_a_version_page_says_its_language_its_labels_and_which_text_applies(content_repo):
    with_versions(content_repo)
    site = published_site(content_repo, DECISION)
    made = version_pages(site)
    finnish = made[FI_PAGE]
    assert finnish.front_matter.splitlines()[1:4] == [
        'title: "Provstadenin kotipalvelu"',
        'description: "Laatutakuu: Provstadenin kotipalvelu, Provstaden."',
        'lang: "fi"',
    ]
    assert '<h2 id="lupauksemme">Lupauksemme' in finnish.html
    assert "ruotsinkielinen teksti on voimassa" in finnish.html
    assert 'title="Linkki tähän osioon"' in finnish.html
    assert '<a href="../" hreflang="sv" lang="sv">På svenska</a>' in finnish.html
    assert '<span lang="sv">Provstadens stadsdelsnämnd</span> 22.1.2026 (dnro PS-2025/100, § 7).' in finnish.html
    easy = made[EASY_PAGE]
    assert "lang:" not in easy.front_matter and '"Provstadens hemtjänst – lättläst"' in easy.front_matter
    assert '<p class="garanti-lattlast-markering">Lättläst</p>' in easy.html
    swedish = guarantee_pages(site)["provstaden/provstadens-hemtjanst/index.md"].html
    assert '<a href="suomeksi/" hreflang="fi" lang="fi">Suomeksi</a>' in swedish
    assert '<a href="lattlast/" hreflang="sv">Lättläst</a>' in swedish


def test_the_preview_marks_a_stale_or_draft_version_and_the_published_site_has_neither(content_repo):
    result = with_versions(content_repo, finnish_text="0123456789", easy_draft=True)
    preview = version_pages(site_of(result))
    assert "Ruotsinkielinen teksti on muuttunut" in preview[FI_PAGE].html
    assert "Luonnos" not in preview[FI_PAGE].html
    assert "Den här texten är ett utkast." in preview[EASY_PAGE].html
    published = published_site(content_repo, DECISION)
    assert version_pages(published) == {}
    assert "suomeksi/" not in guarantee_pages(published)["provstaden/provstadens-hemtjanst/index.md"].html


def test_a_draft_guarantee_takes_its_versions_with_it(content_repo):
    write(content_repo, f"{HOME}.md", home_care(draft=True))
    result = with_versions(content_repo)
    assert version_pages(published_site(content_repo, DECISION)) == {}
    assert "Luonnos" in version_pages(site_of(result))[FI_PAGE].html


def test_the_entry_pages_list_the_versions_and_the_units_serving_in_finnish(content_repo):
    serving_in_finnish(content_repo, f"{HOME}.md", PRESCHOOL)
    with_versions(content_repo)
    made = language_pages(published_site(content_repo, DECISION))
    assert set(made) == {paths.language_page(FINNISH), paths.language_page(EASY_SWEDISH), paths.search_page(FINNISH)}
    finnish = made[paths.language_page(FINNISH)].html
    assert (
        '<a href="../provstaden/provstadens-hemtjanst/suomeksi/">Provstadenin kotipalvelu</a> – kotipalvelu' in finnish
    )
    assert (
        '<a href="../provstaden/provstadens-forskolor/" hreflang="sv" lang="sv">Provstadens förskolor</a> – '
        "esikoulu, Provstaden (takuu ruotsiksi)"
    ) in finnish
    assert 'template: "sok.html"' in made[paths.search_page(FINNISH)].front_matter
    easy = made[paths.language_page(EASY_SWEDISH)].html
    assert '<a href="../provstaden/provstadens-hemtjanst/lattlast/">Provstadens hemtjänst</a>' in easy


def test_the_search_indexes_the_finnish_versions_apart_with_the_service_language_filter(content_repo):
    serving_in_finnish(content_repo, f"{HOME}.md")
    with_versions(content_repo)
    entries = search.index_entries(published_site(content_repo, DECISION))
    finnish = entries[FI_PAGE]
    assert (finnish.language, finnish.title, finnish.service, finnish.department) == (
        "fi",
        "Provstadenin kotipalvelu",
        "kotipalvelu",
        None,
    )
    assert ("data-pagefind-filter", "sprak", "suomi") in finnish.marks()
    swedish = entries["provstaden/provstadens-hemtjanst/index.md"]
    assert swedish.language == "sv" and ("data-pagefind-filter", "sprak", "finska") in swedish.marks()
    assert EASY_PAGE not in entries  # the Swedish page, which the search finds, links its easy-to-read text


def test_open_data_has_the_versions_with_their_language_tags(content_repo):
    with_versions(content_repo)
    records = json.loads(opendata.language_versions_json(published_site(content_repo, DECISION)))
    assert [(r["unit"], r["language"], r["language_version"], r["easy_to_read"]) for r in records] == [
        ("provstadens-hemtjanst", "fi", "fi", False),
        ("provstadens-hemtjanst", "sv", "lattlast", True),
    ]
    finnish = records[0]
    assert finnish["url"] == "https://kvalitetsgarantier.stockholm/provstaden/provstadens-hemtjanst/suomeksi/"
    assert finnish["guarantee_url"] == "https://kvalitetsgarantier.stockholm/provstaden/provstadens-hemtjanst/"
    assert finnish["commitments"][0] == "Saat yhteyshenkilön kahden viikon kuluessa."
    assert finnish["approval"] == {"date": "2026-01-22", "case_number": "PS-2025/100", "paragraph": "§ 7"}


def test_every_label_has_a_finnish_word_and_every_fixed_value_a_finnish_name():
    swedish, finnish = labels.SWEDISH.words, labels.of(FINNISH).words
    # Only the link to the Swedish text is Swedish on a Finnish page (and marked so); a label the
    # Finnish page does not show is empty.
    same = {key for key, value in swedish.items() if value and finnish[key] == value}
    assert same == {"read_in_swedish"}
    names = schemas.value_names("fi")
    assert set(schemas.service_types()) | set(schemas.curriculum_areas()) | set(schemas.minority_languages()) <= set(
        names
    )


# --- names in board.yml per language (issue 33, item 2) -------------------------------------------------


def test_a_version_page_names_the_board_and_departments_as_board_yml_gives_them_in_its_language(content_repo):
    board = content_repo / "guarantees/provstaden/board.yml"
    board.write_text(
        board.read_text(encoding="utf-8").replace(
            "meetings:\n",
            (
                "names:\n  fi:\n    name: Provstadenin kaupunginosalautakunta\n"
                "    departments:\n      aldreomsorg: Vanhustenhuollon osasto\nmeetings:\n"
            ),
            1,
        ),
        encoding="utf-8",
    )
    result = with_versions(content_repo)
    assert result.problems == []
    site = published_site(content_repo, DECISION)
    published = version_pages(site)
    finnish = published[FI_PAGE].html
    assert "Vahvistanut: Provstadenin kaupunginosalautakunta 22.1.2026" in finnish
    assert "· Vanhustenhuollon osasto ·" in finnish
    assert '<span lang="sv">Provstadens stadsdelsnämnd</span>' not in finnish  # a name given is not marked Swedish
    # The Finnish search can filter by the department's Finnish name.
    assert search.index_entries(site)[FI_PAGE].department == "Vanhustenhuollon osasto"
    # Where board.yml gives none (easy-to-read here), the Swedish names stay.
    assert "Provstadens stadsdelsnämnd" in published[EASY_PAGE].html


def test_a_name_for_a_department_the_board_does_not_have_is_refused_at_its_line(content_repo):
    board = content_repo / "guarantees/provstaden/board.yml"
    board.write_text(
        board.read_text(encoding="utf-8").replace(
            "meetings:\n", ("names:\n  fi:\n    departments:\n      fritid: Vapaa-aika\nmeetings:\n"), 1
        ),
        encoding="utf-8",
    )
    problems = check_tree(content_repo).problems
    line = board.read_text(encoding="utf-8").splitlines().index("      fritid: Vapaa-aika") + 1
    assert [(p.path, p.line, p.message) for p in problems] == [
        (
            "guarantees/provstaden/board.yml",
            line,
            'Avdelningen "fritid" under names: fi: finns inte under '
            "departments. Skriv samma mappnamn som där, eller ta bort raden.",
        )
    ]


@pytest.mark.parametrize(
    "names",
    [
        'names: "x"',
        "names: {fi: {departments: forskola}}",
        "names: {fi: {departments: [forskola]}}",
        "names: {fi: {departments: [ab]}}",
    ],
)
def test_names_of_the_wrong_form_are_refused_once_at_their_line(content_repo, capsys, names):
    """Names the schema refuses (a text, a list) give its one Swedish message, not a crash nor a second message."""
    from ..helpers import run

    board = content_repo / "guarantees/provstaden/board.yml"
    board.write_text(
        board.read_text(encoding="utf-8").replace("meetings:\n", f"{names}\nmeetings:\n", 1), encoding="utf-8"
    )
    line = board.read_text(encoding="utf-8").splitlines().index(names) + 1
    code, out, err = run(content_repo, "check", capsys=capsys)
    assert code == 1, out + err
    assert "Traceback" not in out + err and "oväntat fel" not in out + err
    problems = check_tree(content_repo).problems
    assert [(p.path, p.line) for p in problems] == [("guarantees/provstaden/board.yml", line)], problems
    assert f"guarantees/provstaden/board.yml:{line}:" in out
