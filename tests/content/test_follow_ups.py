"""Follow-ups (uppföljningar) are checked like guarantees and must match the guarantee of their year
(issue 14, item 1)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from garanti.content import check_tree
from garanti.model import RESULTS

from .. import samples
from ..helpers import REPO_ROOT, run, write
from ..repos import make_repo
from ..samples import FIRST, NORRA_HOME, SECOND, follow_up

# A unit's path without ".md": its guarantee is f"{HOME}.md", its follow-ups f"{HOME}.uppfoljning-<year>.yml".
HOME = samples.HOME.removesuffix(".md")
PRESCHOOL = samples.PRESCHOOL.removesuffix(".md")


def check(root: Path):
    return check_tree(root)


def messages(result) -> list[str]:
    return [str(problem) for problem in result.problems]


def test_a_follow_up_beside_its_guarantee_loads_into_the_corpus(content_repo):
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", follow_up())
    result = check(content_repo)
    assert result.ok, messages(result)
    [loaded] = result.corpus.follow_ups
    assert (loaded.board, loaded.department, loaded.unit, loaded.year) == (
        "provstaden",
        "aldreomsorg",
        "provstadens-hemtjanst",
        2026,
    )
    assert [(r.text, r.result) for r in loaded.results] == [(FIRST, "uppfyllt"), (SECOND, "delvis uppfyllt")]
    assert (loaded.corrections, loaded.corrections_changed, loaded.complaints, loaded.kept) == (
        2,
        "Vi påminner personalen om att ringa.",
        4,
        1,
    )
    assert loaded.source == f"{HOME}.uppfoljning-2026.yml"
    assert result.files_checked == 4


def test_a_missing_commitment_is_named_at_the_results_line(content_repo):
    text = follow_up().replace(f"  - commitment: {SECOND}\n    result: delvis uppfyllt\n", "")
    text = text.replace("    comment: Vi ringde inte alltid när bussarna var försenade i januari.\n", "")
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", text)
    result = check(content_repo)
    assert messages(result) == [
        f'{HOME}.uppfoljning-2026.yml:2:1: Åtagandet "{SECOND}" i garantin för 2026 ({HOME}.md) saknas i '
        "uppföljningen. Lägg till det med commitment: och result:."
    ]
    assert result.corpus.follow_ups == []


def test_an_unknown_commitment_after_the_guarantee_changed_is_reported_at_its_line(content_repo):
    write(
        content_repo,
        f"{HOME}.uppfoljning-2026.yml",
        follow_up(second="Vi ringer om vi blir mer än 15 minuter försenade."),
    )
    found = messages(check(content_repo))
    assert found[1] == (
        f"{HOME}.uppfoljning-2026.yml:6:17: Åtagandet finns inte i garantin för 2026 ({HOME}.md); har garantins "
        f'text ändrats? Menade du "{SECOND}"? Skriv åtagandet exakt som i garantin.'
    )
    assert "saknas i uppföljningen" in found[0]  # and the guarantee's own text is missing
    assert len(found) == 2


def test_a_commitment_written_over_two_lines_still_matches(content_repo):
    text = follow_up().replace(
        f"  - commitment: {SECOND}", "  - commitment: Vi ringer om vi blir mer\n      än 30 minuter försenade."
    )
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", text)
    assert check(content_repo).ok


def test_a_commitment_followed_up_twice_is_refused(content_repo):
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", follow_up(second=FIRST))
    found = messages(check(content_repo))
    assert f"{HOME}.uppfoljning-2026.yml:6:17: Åtagandet står två gånger i uppföljningen. Ta bort det ena." in found


def test_a_result_outside_the_three_words_is_refused_with_the_closest(content_repo):
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", follow_up(first_result="uppfylt"))
    assert messages(check(content_repo)) == [
        f'{HOME}.uppfoljning-2026.yml:4:13: "uppfylt" är inte ett tillåtet värde för resultat. Menade du '
        '"uppfyllt"? Välj ett av: "uppfyllt", "delvis uppfyllt", "inte uppfyllt".'
    ]


def test_negative_and_non_numeric_counts_are_refused(content_repo):
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", follow_up(complaints="-3", count="två"))
    assert messages(check(content_repo)) == [
        f'{HOME}.uppfoljning-2026.yml:11:10: Antal begärda rättelser ska vara ett heltal, till exempel 3, inte "två". '
        "Skriv antalet med siffror, utan decimaler.",
        f"{HOME}.uppfoljning-2026.yml:13:13: Antal klagomål kan inte vara mindre än 0 (du skrev -3). "
        "Skriv ett heltal från 0.",
    ]


def test_a_draft_may_leave_values_empty_and_shows_nowhere_until_filled_in(content_repo):
    text = follow_up(first_result="", complaints="", draft=True)
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", text)
    result = check(content_repo)
    assert result.ok, messages(result)
    assert result.corpus.follow_ups == []
    # The same file without draft: true may not be published half done.
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", text.replace("draft: true", ""))
    found = messages(check(content_repo))
    assert [line.split(": ", 1)[0] for line in found] == [
        f"{HOME}.uppfoljning-2026.yml:4:5",
        f"{HOME}.uppfoljning-2026.yml:13:1",
    ]
    assert "Resultatet saknas. Skriv uppfyllt, delvis uppfyllt eller inte uppfyllt" in found[0]
    assert "Antalet klagomål saknas" in found[1] and "draft: true" in found[1]
    assert 'i formuläret "Klar att lämnas till nämnden" vara avslagen' in found[1]  # the form's switch too


def test_a_complete_draft_is_in_the_corpus_marked_as_draft(content_repo):
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", follow_up(draft=True))
    [loaded] = check(content_repo).corpus.follow_ups
    assert loaded.draft


def test_a_commitment_not_kept_needs_a_comment(content_repo):
    text = follow_up().replace("    comment: Vi ringde inte alltid när bussarna var försenade i januari.\n", "")
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", text)
    [message] = messages(check(content_repo))
    assert message.startswith(f"{HOME}.uppfoljning-2026.yml:7:5: Åtagandet är delvis uppfyllt: skriv en kort kommentar")


def test_a_follow_up_without_its_guarantee_names_the_file_it_lacks(content_repo):
    write(content_repo, "guarantees/provstaden/aldreomsorg/provstadens-hemtjanstt.uppfoljning-2026.yml", follow_up())
    assert messages(check(content_repo)) == [
        "guarantees/provstaden/aldreomsorg/provstadens-hemtjanstt.uppfoljning-2026.yml:1:1: Uppföljningen hör inte "
        "till någon garanti: guarantees/provstaden/aldreomsorg/provstadens-hemtjanstt.md finns inte. "
        'Lägg uppföljningen bredvid garantin den följer upp, med samma namn före ".uppfoljning-", eller ta bort den.'
    ]


def test_a_year_not_written_with_four_digits_is_refused(content_repo):
    write(content_repo, f"{HOME}.uppfoljning-26.yml", follow_up())
    [message] = messages(check(content_repo))
    assert message == (
        f"{HOME}.uppfoljning-26.yml:1:1: Året i filnamnet ska skrivas med fyra siffror, till exempel "
        "provstadens-hemtjanst.uppfoljning-2026.yml. Byt namn på filen."
    )


def test_other_files_beside_the_guarantees_are_still_refused(content_repo):
    write(content_repo, f"{HOME}.yml", follow_up())
    [message] = messages(check(content_repo))
    assert "deras uppföljningar (<enhet>.uppfoljning-<år>.yml" in message


@pytest.mark.parametrize(
    "misnamed",
    [
        "provstadens-hemtjanst.uppfoljning2026.yml",
        "provstadens-hemtjanst.uppfoljning-2026.yaml",
        "provstadens-hemtjanst.uppföljning-2026.yml",
        "provstadens-hemtjanst-uppfoljning-2026.yml",
        "Provstadens-hemtjanst.Uppfoljning-2026.YML",
    ],
)
def test_a_misnamed_follow_up_is_named_with_the_name_it_should_have(content_repo, capsys, misnamed):
    """An editor's slip in the file name would leave the follow-up unchecked and never published:
    the check says so, and which name to give it."""
    folder = HOME.rsplit("/", 1)[0]
    write(content_repo, f"{folder}/{misnamed}", follow_up())
    code, out, err = run(content_repo, "check", capsys=capsys)
    assert (code, err) == (1, "")
    assert out.splitlines()[0] == (
        f"{folder}/{misnamed}:1:1: Filen ser ut som en uppföljning men har fel namn, så den kontrolleras inte och "
        "publiceras aldrig. Byt namn på filen till provstadens-hemtjanst.uppfoljning-2026.yml "
        "(<enhet>.uppfoljning-<år>.yml)."
    )


def test_follow_up_texts_follow_the_untrusted_text_rules(content_repo):
    text = follow_up().replace("Vi påminner personalen om att ringa.", '"<script>alert(1)</script>"')
    text = text.replace("Alla nya kunder fick en kontaktperson i tid.", '"[klicka](javascript:alert(1))"')
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", text)
    result = check(content_repo)
    assert {problem.line for problem in result.problems} == {5, 12}
    assert result.corpus.follow_ups == []


def test_yaml_surprises_are_refused_in_follow_ups_too(content_repo):
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", follow_up() + "complaints: 5\n")
    [message] = messages(check(content_repo))
    assert message.startswith(f'{HOME}.uppfoljning-2026.yml:14:1: Nyckeln "complaints" finns redan på rad 13.')


def test_a_preschool_follow_up_takes_its_areas_from_the_guarantee_and_checks_a_given_one(content_repo):
    commitments = [
        ("Utveckling och lärande", "Ditt barn får läsa och berätta varje dag."),
        ("Normer och värden", "Vi arbetar aktivt mot kränkningar."),
        ("Barns inflytande", "Barnen är med och planerar veckan."),
        ("Förskola och hem", "Du erbjuds ett utvecklingssamtal varje termin."),
        ("Samverkan", "Vi gör en plan när ditt barn börjar skolan."),
    ]
    lines = ["results:"]
    for index, (area, text) in enumerate(commitments):
        lines += [f"  - commitment: {text}", f"    result: {RESULTS[0]}"]
        if index == 1:
            lines.append(f"    area: {area}")
    lines += ["corrections:", "  count: 0", "complaints: 0", ""]
    write(content_repo, f"{PRESCHOOL}.uppfoljning-2026.yml", "\n".join(lines))
    [loaded] = check(content_repo).corpus.follow_ups
    assert [r.area for r in loaded.results] == [area for area, _ in commitments]
    write(
        content_repo,
        f"{PRESCHOOL}.uppfoljning-2026.yml",
        "\n".join(lines).replace("area: Normer och värden", "area: Samverkan"),
    )
    assert messages(check(content_repo)) == [
        f'{PRESCHOOL}.uppfoljning-2026.yml:6:11: Läroplansområdet ska vara "Normer och värden", '
        f"som i garantin ({PRESCHOOL}.md)."
    ]


def test_the_follow_up_of_a_guarantee_with_errors_is_not_loaded(content_repo):
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", follow_up())
    guarantee = content_repo / f"{HOME}.md"
    guarantee.write_text(
        guarantee.read_text(encoding="utf-8").replace("service: hemtjänst", "service: hemtjanst"), encoding="utf-8"
    )
    result = check(content_repo)
    assert {problem.path for problem in result.problems} == {f"{HOME}.md"}
    assert result.corpus.follow_ups == []


def test_garanti_check_reports_follow_ups_like_guarantees(content_repo, capsys):
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", follow_up(complaints="-1"))
    code, out, _ = run(content_repo, "check", str(content_repo / f"{HOME}.uppfoljning-2026.yml"), capsys=capsys)
    assert code == 1
    assert out.splitlines()[0].startswith(
        f"{HOME}.uppfoljning-2026.yml:13:13: Antal klagomål kan inte vara mindre än 0"
    )
    assert out.splitlines()[-1] == "1 fel i 1 fil (1 fil kontrollerad)."


# --- the guarantee of the year, once the tree has rolled over --------------------------

ROLLED = NORRA_HOME.removesuffix(".md")


def _roll_over(repo, promise: str = "Du får en kontaktperson inom en vecka.") -> None:
    """The guarantee in the tree now covers 2027, with a changed first commitment."""
    path = repo.root / f"{ROLLED}.md"
    text = (
        path.read_text(encoding="utf-8")
        .replace("2026-", "2027-")
        .replace("Du får en kontaktperson inom två veckor.", promise)
    )
    path.write_text(text, encoding="utf-8")


def test_after_the_rollover_the_follow_up_matches_the_guarantee_approved_for_its_year(tmp_path, capsys):
    repo = make_repo(tmp_path / "repo")
    repo.tag("norra/2026-01-22")  # the board approved the 2026 guarantee
    _roll_over(repo)
    repo.write(f"{ROLLED}.uppfoljning-2026.yml", follow_up())
    repo.commit("Uppföljning 2026 och garantin för 2027")
    code, out, _ = run(repo.root, "check", capsys=capsys)
    assert code == 0, out
    _the_new_text_is_not_the_years(repo, capsys, f"{ROLLED}.md i taggen norra/2026-01-22")


def _the_new_text_is_not_the_years(repo, capsys, matched_against: str) -> None:
    """The 2027 text is not what was promised in 2026: naming it is an unknown commitment,
    and the message names the guarantee it was matched against."""
    repo.write(f"{ROLLED}.uppfoljning-2026.yml", follow_up().replace(FIRST, "Du får en kontaktperson inom en vecka."))
    code, out, _ = run(repo.root, "check", capsys=capsys)
    assert code == 1
    assert (
        f"{ROLLED}.uppfoljning-2026.yml:3:17: Åtagandet finns inte i garantin för 2026 ({matched_against}); "
        "har garantins text ändrats?"
    ) in out


def test_after_the_rollover_without_an_approval_the_follow_up_matches_the_guarantee_git_recorded(tmp_path, capsys):
    """A board's first year with the system has no approval tag: the follow-up of the year is matched
    against the newest version of the guarantee git recorded for that year (issue 21, item 1)."""
    repo = make_repo(tmp_path / "repo")
    before = repo.git("rev-parse", "HEAD")  # the 2026 guarantee, never approved
    repo.write(f"{ROLLED}.uppfoljning-2026.yml", follow_up())
    _roll_over(repo)  # not committed yet: HEAD has the 2026 version
    code, out, _ = run(repo.root, "check", capsys=capsys)
    assert code == 0, out
    repo.commit("Uppföljning 2026 och garantin för 2027")  # committed: the version before it has the 2026 text
    code, out, _ = run(repo.root, "check", capsys=capsys)
    assert code == 0, out
    _the_new_text_is_not_the_years(repo, capsys, f"{ROLLED}.md i versionen {before[:10]}")


def test_a_follow_up_of_a_year_no_version_of_the_guarantee_covered_is_refused(tmp_path, capsys):
    repo = make_repo(tmp_path / "repo")
    _roll_over(repo)
    repo.write(f"{ROLLED}.uppfoljning-2025.yml", follow_up())
    repo.commit("Uppföljning 2025 och garantin för 2027")
    code, out, _ = run(repo.root, "check", capsys=capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        f"{ROLLED}.uppfoljning-2025.yml:1:1: Hittar ingen garanti för 2025 att jämföra uppföljningen med: "
        f"{ROLLED}.md gäller 2027-01-01–2027-12-31, och varken nämndens godkännandetaggar eller garantins historik "
        "i git har en version av garantin som gällde 2025. Kontrollera året i filnamnet."
    )


def test_outside_git_a_follow_up_of_a_year_the_guarantee_no_longer_covers_is_refused(content_repo, capsys):
    path = content_repo / f"{HOME}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("2026-", "2027-"), encoding="utf-8")
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", follow_up())
    code, out, _ = run(content_repo, "check", capsys=capsys)
    assert code == 1
    assert "Hittar ingen garanti för 2026 att jämföra uppföljningen med" in out


# --- the sample content ------------------------------------------------------------


def test_the_sample_follow_ups_cover_both_boards_all_results_and_drafts():
    result = check_tree(REPO_ROOT)
    assert result.ok, messages(result)
    follow_ups = result.corpus.follow_ups
    assert len({(f.board, f.unit) for f in follow_ups}) >= 10
    assert {f.board for f in follow_ups} == set(result.corpus.boards)
    assert {r.result for f in follow_ups for r in f.results} == set(RESULTS)
    assert {f.draft for f in follow_ups} == {True, False}
    for path in (REPO_ROOT / "guarantees").glob("*/*/*.uppfoljning-*.yml"):
        assert path.read_text(encoding="utf-8").startswith("# Exempelinnehåll"), path


def test_an_area_on_a_commitment_without_one_is_refused(content_repo):
    write(
        content_repo,
        f"{HOME}.uppfoljning-2026.yml",
        follow_up().replace("    result: uppfyllt\n", "    result: uppfyllt\n    area: Samverkan\n", 1),
    )
    assert messages(check(content_repo)) == [
        f"{HOME}.uppfoljning-2026.yml:5:11: Bara förskolor anger läroplansområde (area). Ta bort raden."
    ]


def test_many_long_unknown_commitments_are_checked_in_a_moment(content_repo):
    """The closest commitment is looked for among beginnings: the whole texts took seconds (a bound, not a figure)."""
    long_texts = [f"Åtagande {number}: " + " ".join(["vi läser för barnen varje dag"] * 60) for number in range(30)]
    guarantee = content_repo / f"{HOME}.md"
    text = guarantee.read_text(encoding="utf-8")
    start, end = text.index("commitments:\n"), text.index("correction:")
    guarantee.write_text(
        text[:start] + "commitments:\n" + "".join(f'  - "{t}"\n' for t in long_texts) + text[end:], encoding="utf-8"
    )
    results = "".join(f'  - commitment: "{t[:-3]}xyz"\n    result: uppfyllt\n' for t in long_texts)
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", f"results:\n{results}corrections:\n  count: 0\ncomplaints: 0\n")
    started = time.perf_counter()
    result = check(content_repo)
    assert time.perf_counter() - started < 2.0
    assert len(result.problems) == 60  # each unknown, each missing


def test_every_problem_of_a_follow_up_is_reported_in_one_check(content_repo):
    """Issue 21, item 6: wrong values, a missing comment and a rewritten commitment came one
    round of the check at a time; where the file can be read, they come at once."""
    text = (
        follow_up(first_result="uppfylld", complaints="-1")
        .replace("    comment: Vi ringde inte alltid när bussarna var försenade i januari.\n", "")
        .replace(SECOND, "Vi ringer om vi blir sena.")
    )
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", text)
    result = check(content_repo)
    assert [problem.line for problem in result.problems] == [2, 4, 6, 7, 12]
    found = messages(result)
    assert f'Åtagandet "{SECOND}" i garantin för 2026' in found[0] and "saknas i uppföljningen" in found[0]
    assert '"uppfylld" är inte ett tillåtet värde för resultat. Menade du "uppfyllt"?' in found[1]
    assert "Åtagandet finns inte i garantin för 2026" in found[2] and f'Menade du "{SECOND}"?' in found[2]
    assert "Åtagandet är delvis uppfyllt: skriv en kort kommentar" in found[3]
    assert "Antal klagomål kan inte vara mindre än 0 (du skrev -1)" in found[4]
    assert result.corpus.follow_ups == []


def test_a_misspelt_field_of_a_result_is_one_message_not_also_a_missing_commitment(content_repo):
    write(content_repo, f"{HOME}.uppfoljning-2026.yml", follow_up().replace("  - commitment:", "  - comitment:", 1))
    assert messages(check(content_repo)) == [
        f'{HOME}.uppfoljning-2026.yml:3:5: Okänd nyckel "comitment". Menade du "commitment"?'
    ]
