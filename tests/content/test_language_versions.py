"""Language versions (Finnish, easy-to-read Swedish) are checked like guarantees and held to their
guarantee's structure; one written from an earlier Swedish text is flagged (issue 26, item 1)."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

from garanti import fields
from garanti.approval import earlier_texts
from garanti.content import check_tree

from ..helpers import run, write

HOME = "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst"
PRESCHOOL = "guarantees/provstaden/forskola/provstadens-forskolor"


def fingerprint(root: Path, source: str) -> str:
    [guarantee] = [g for g in check_tree(root).corpus.guarantees if g.source == source]
    return fields.swedish_text_of(guarantee)


def finnish_home_care(
    swedish_text: str,
    commitments: tuple[str, ...] = (
        "Saat yhteyshenkilön kahden viikon kuluessa.",
        "Soitamme, jos myöhästymme yli 30 minuuttia.",
    ),
    extra: str = "",
) -> str:
    listed = "".join(f"  - {text}\n" for text in commitments)
    return (
        "---\n"
        f"title: Provstadenin kotipalvelu\nswedish_text: {swedish_text}\ncommitments:\n{listed}"
        "correction: Pyydämme anteeksi ja korjaamme asian viikon kuluessa.\n"
        "complaints: Puhu henkilökunnan kanssa tai anna palautetta osoitteessa stockholm.se.\n"
        f"{extra}"
        "---\n"
        "Autamme sinua elämään turvallista elämää kotona.\n"
    )


def finnish_preschool(swedish_text: str, areas: tuple[str, ...]) -> str:
    items = "".join(f"  - area: {area}\n    text: Lupaus numero {index}.\n" for index, area in enumerate(areas, 1))
    return (
        f"---\nswedish_text: {swedish_text}\ncommitments:\n{items}"
        "correction: Otamme sinuun yhteyttä viikon kuluessa.\ncomplaints: Puhu henkilökunnan kanssa.\n"
        "---\nEsikoulu on leikin ja oppimisen paikka.\n"
    )


AREAS = ("Utveckling och lärande", "Normer och värden", "Barns inflytande", "Förskola och hem", "Samverkan")


def messages(result) -> list[str]:
    return [str(problem) for problem in result.problems]


def warnings(result) -> list[str]:
    return [str(warning) for warning in result.warnings]


def test_a_matching_finnish_version_loads_beside_its_guarantee(content_repo):
    write(content_repo, f"{HOME}.fi.md", finnish_home_care(fingerprint(content_repo, f"{HOME}.md")))
    result = check_tree(content_repo)
    assert result.ok and not result.warnings, messages(result) + warnings(result)
    [version] = result.corpus.language_versions
    assert (version.unit, version.language.key, version.language.tag) == ("provstadens-hemtjanst", "fi", "fi")
    assert version.current and version.title == "Provstadenin kotipalvelu"
    assert [c.text for c in version.commitments][1] == "Soitamme, jos myöhästymme yli 30 minuuttia."
    assert result.corpus.published().language_versions == [version]
    assert result.files_checked == 4


def test_a_version_missing_a_commitment_is_refused_naming_it(content_repo):
    write(
        content_repo,
        f"{HOME}.fi.md",
        finnish_home_care(
            fingerprint(content_repo, f"{HOME}.md"), commitments=("Saat yhteyshenkilön kahden viikon kuluessa.",)
        ),
    )
    result = check_tree(content_repo)
    assert messages(result) == [
        f'{HOME}.fi.md:4:1: Åtagande 2 i garantin ("Vi ringer om vi blir mer än 30 minuter försenade.") saknas i '
        f"versionen på finska. Skriv det som punkt 2 under commitments, i samma ordning som i {HOME}.md."
    ]
    assert result.corpus.language_versions == []


def test_a_version_with_a_commitment_the_guarantee_has_not_is_refused(content_repo):
    write(
        content_repo,
        f"{HOME}.fi.md",
        finnish_home_care(fingerprint(content_repo, f"{HOME}.md"), commitments=("Yksi.", "Kaksi.", "Kolme.")),
    )
    assert messages(check_tree(content_repo)) == [
        f"{HOME}.fi.md:7:5: Versionen på finska har fler åtaganden än garantin (2 i {HOME}.md): punkt 3 motsvarar "
        "inget åtagande där. Ta bort den, eller skriv åtagandet i den svenska garantin först."
    ]


def test_a_preschool_version_keeps_the_curriculum_areas_in_order(content_repo):
    swedish_text = fingerprint(content_repo, f"{PRESCHOOL}.md")
    write(content_repo, f"{PRESCHOOL}.fi.md", finnish_preschool(swedish_text, AREAS))
    assert check_tree(content_repo).ok
    swapped = (AREAS[1], AREAS[0], *AREAS[2:])
    write(content_repo, f"{PRESCHOOL}.fi.md", finnish_preschool(swedish_text, swapped))
    found = messages(check_tree(content_repo))
    assert found == [
        f'{PRESCHOOL}.fi.md:4:11: Åtagande 1 ("Ditt barn får läsa och berätta varje dag." i {PRESCHOOL}.md) hör till '
        'läroplansområdet "Utveckling och lärande", inte "Normer och värden". Skriv åtagandena i samma ordning '
        "som i garantin.",
        f'{PRESCHOOL}.fi.md:6:11: Åtagande 2 ("Vi arbetar aktivt mot kränkningar." i {PRESCHOOL}.md) hör till '
        'läroplansområdet "Normer och värden", inte "Utveckling och lärande". Skriv åtagandena i samma ordning '
        "som i garantin.",
    ]


def test_a_version_written_from_an_earlier_swedish_text_passes_flagged_and_is_never_published(content_repo, capsys):
    write(content_repo, f"{HOME}.fi.md", finnish_home_care(fingerprint(content_repo, f"{HOME}.md")))
    guarantee = content_repo / f"{HOME}.md"
    guarantee.write_text(guarantee.read_text(encoding="utf-8").replace("två veckor", "en vecka"), encoding="utf-8")
    now = fingerprint(content_repo, f"{HOME}.md")
    result = check_tree(content_repo)
    assert result.ok
    [version] = result.corpus.language_versions
    assert not version.current
    assert result.corpus.published().language_versions == []
    [warning] = warnings(result)
    assert warning.startswith(
        f"{HOME}.fi.md:3:15: Den svenska texten i {HOME}.md har ändrats sedan versionen på "
        f"finska skrevs (swedish_text: {version.swedish_text}, garantin nu: {now}), så "
        "versionen fastställs och publiceras inte."
    )
    assert warning.endswith(f'och skriv sedan swedish_text: "{now}".')
    code, out, _ = run(content_repo, "check", capsys=capsys)
    assert code == 0
    assert f"{HOME}.fi.md:3:15: varning: Den svenska texten" in out
    assert out.rstrip().endswith("Inga fel: 4 filer kontrollerade, 1 varning.")


def test_rewrapping_the_swedish_text_or_a_new_year_leaves_the_version_current(content_repo):
    write(content_repo, f"{HOME}.fi.md", finnish_home_care(fingerprint(content_repo, f"{HOME}.md")))
    guarantee = content_repo / f"{HOME}.md"
    text = guarantee.read_text(encoding="utf-8")
    text = text.replace("2026-", "2027-").replace(
        "correction: Vi ber om ursäkt och", "correction: |-\n  Vi ber om ursäkt\n  och"
    )
    guarantee.write_text(text, encoding="utf-8")
    result = check_tree(content_repo)
    assert result.ok and not result.warnings
    assert result.corpus.language_versions[0].current


def test_in_git_the_flag_names_what_changed_in_the_swedish_text(tmp_path, content_repo):
    write(content_repo, f"{HOME}.fi.md", finnish_home_care(fingerprint(content_repo, f"{HOME}.md")))
    git = lambda *args: subprocess.run(["git", "-C", str(content_repo), *args], check=True, capture_output=True)  # noqa: E731
    git("init", "-q", "-b", "main")
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "add", ".")
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "Garanti och finsk version")
    guarantee = content_repo / f"{HOME}.md"
    text = guarantee.read_text(encoding="utf-8").replace("30 minuter", "15 minuter")
    guarantee.write_text(text.replace("Vi ber om ursäkt", "Vi ber alltid om ursäkt"), encoding="utf-8")
    [warning] = warnings(check_tree(content_repo, earlier_texts=earlier_texts(content_repo)))
    assert "Ändrat sedan dess: åtagande 2, Rättelse. Uppdatera versionen" in warning


def test_the_fingerprint_to_write_is_given_when_it_is_missing(content_repo):
    swedish_text = fingerprint(content_repo, f"{HOME}.md")
    write(content_repo, f"{HOME}.fi.md", finnish_home_care("").replace("swedish_text: \n", ""))
    assert messages(check_tree(content_repo)) == [
        f'{HOME}.fi.md:2:1: Skriv vilken svensk text versionen är skriven efter: swedish_text: "{swedish_text}", '
        f"fingeravtrycket av texten i {HOME}.md som den är nu. Kontrollera först att versionen säger samma sak som "
        "den svenska texten."
    ]


def test_a_version_is_read_as_untrusted_strict_yaml_against_its_schema(content_repo):
    swedish_text = fingerprint(content_repo, f"{HOME}.md")
    write(
        content_repo,
        f"{HOME}.fi.md",
        finnish_home_care(swedish_text, extra='correction: Toinen.\nphone: "08-508 11 111"\n').replace(
            "Autamme sinua", "<script>alert(1)</script> Autamme sinua"
        ),
    )
    found = messages(check_tree(content_repo))
    assert found[0] == (
        f'{HOME}.fi.md:9:1: Nyckeln "correction" finns redan på rad 7. Ta bort den ena så att '
        "varje nyckel bara förekommer en gång."
    )
    write(
        content_repo,
        f"{HOME}.fi.md",
        finnish_home_care(swedish_text, extra='phone: "08-508 11 111"\n').replace(
            "Autamme sinua", "<script>alert(1)</script> Autamme sinua"
        ),
    )
    found = messages(check_tree(content_repo))
    assert (
        found[0] == f'{HOME}.fi.md:9:1: Okänd nyckel "phone". Tillåtna nycklar: commitments, complaints, '
        "contact, correction, draft, more_info, swedish_text, title."
    )
    assert found[1].startswith(f"{HOME}.fi.md:11:1: HTML är inte tillåtet i texten.")


def test_a_version_needs_its_guarantees_parts_its_hours_and_its_own_complaints(content_repo):
    swedish_text = fingerprint(content_repo, f"{HOME}.md")
    write(
        content_repo,
        f"{HOME}.fi.md",
        finnish_home_care(swedish_text).replace(
            "complaints: Puhu henkilökunnan kanssa tai anna palautetta osoitteessa stockholm.se.\n",
            "more_info: Lisätietoa verkossa.\ncontact:\n  opening_hours:\n    - days: Maanantai–perjantai\n"
            '      time: "8–17"\n',
        ),
    )
    assert messages(check_tree(content_repo)) == [
        f'{HOME}.fi.md:2:1: Fältet "complaints" (synpunkter och klagomål) saknas. Lägg till det.',
        f"{HOME}.fi.md:8:1: Versionen på finska ska ha mer information (more_info) om garantin har det, annars inte: "
        f"{HOME}.md har inget.",
        f"{HOME}.fi.md:10:3: Versionen på finska ska ha lika många rader under contact: opening_hours: som garantin "
        f"(0 i {HOME}.md), på versionens språk och i samma ordning.",
    ]


def test_a_file_in_an_unknown_language_or_without_a_guarantee_is_refused(content_repo):
    write(content_repo, f"{HOME}.en.md", "---\n---\n")
    write(content_repo, "guarantees/provstaden/aldreomsorg/ingen-sadan.fi.md", finnish_home_care("0123456789"))
    found = messages(check_tree(content_repo))
    assert found == [
        "guarantees/provstaden/aldreomsorg/ingen-sadan.fi.md:1:1: Versionen på finska hör inte till någon garanti: "
        "guarantees/provstaden/aldreomsorg/ingen-sadan.md finns inte. Lägg den bredvid garantin den är en version "
        'av, med samma namn före ".fi.md", eller ta bort den.',
        f'{HOME}.en.md:1:1: "en" är inget av språken en garanti kan ha en version på, så filen kontrolleras inte '
        "och publiceras aldrig. En språkversion heter provstadens-hemtjanst.fi.md (finska) eller "
        "provstadens-hemtjanst.lattlast.md (lättläst svenska). Byt namn på filen.",
    ]


def test_a_draft_version_may_keep_template_text_and_is_never_published(content_repo):
    swedish_text = fingerprint(content_repo, f"{HOME}.md")
    text = finnish_home_care(swedish_text, commitments=("Skriv här det första åtagandet.", "Skriv här."))
    write(content_repo, f"{HOME}.fi.md", text)
    assert "Texten är kvar från mallen" in messages(check_tree(content_repo))[0]
    write(content_repo, f"{HOME}.fi.md", text.replace("---\ntitle", "---\ndraft: true\ntitle"))
    result = check_tree(content_repo)
    assert result.ok and result.corpus.language_versions[0].draft
    assert result.corpus.published().language_versions == []


def test_checking_a_guarantee_checks_its_versions(content_repo, capsys):
    write(
        content_repo,
        f"{HOME}.fi.md",
        finnish_home_care(fingerprint(content_repo, f"{HOME}.md"), commitments=("Yksi.",)),
    )
    code, out, _ = run(content_repo, "check", str(content_repo / f"{HOME}.md"), capsys=capsys)
    assert code == 1 and f"{HOME}.fi.md:4:1: Åtagande 2 i garantin" in out


EASY = textwrap.dedent("""\
    ---
    swedish_text: {swedish_text}
    commitments:
      - Du får en kontakt-person inom två veckor.
      - {second}
    correction: Vi säger förlåt. Vi rättar till det inom en vecka.
    complaints: Prata med personalen.
    ---
    Vi hjälper dig att bo tryggt hemma.

    {body}
    """)


def test_an_easy_to_read_version_is_warned_about_long_sentences_and_long_words(content_repo):
    swedish_text = fingerprint(content_repo, f"{HOME}.md")
    write(
        content_repo,
        f"{HOME}.lattlast.md",
        EASY.format(swedish_text=swedish_text, second="Vi ringer om vi blir sena.", body="Vi finns nära dig."),
    )
    result = check_tree(content_repo)
    assert result.ok and not result.warnings, warnings(result)
    long_sentence = (
        "Om vi av någon anledning skulle bli mer än trettio minuter försenade till dig så ringer vi "
        "dig alltid i god tid innan."
    )
    write(
        content_repo,
        f"{HOME}.lattlast.md",
        EASY.format(swedish_text=swedish_text, second=long_sentence, body="Vi hjälper till med genomförandeplanen."),
    )
    found = warnings(check_tree(content_repo))
    assert found == [
        f'{HOME}.lattlast.md:5:5: Lättläst: meningen som börjar "Om vi av någon anledning skulle …" (åtagande 2) '
        "har 23 ord. Skriv högst 15 ord i en mening: dela den i två.",
        f'{HOME}.lattlast.md:11:21: Lättläst: ordet "genomförandeplanen" (verksamhetsidén) har 18 bokstäver. Välj '
        "ett kortare ord, eller dela ordet med bindestreck (högst 15 bokstäver i följd).",
    ]
    # Official prose: short sentences of long words read hard too (LIX: words per sentence + % long words).
    write(
        content_repo,
        f"{HOME}.lattlast.md",
        EASY.format(
            swedish_text=swedish_text,
            second="Verksamheten tillhandahåller individuellt anpassade insatser enligt gällande biståndsbeslut.",
            body="Förvaltningen genomför regelbundna uppföljningar av verksamhetens kvalitetsarbete, vilket "
            "dokumenteras systematiskt.",
        ),
    )
    assert warnings(check_tree(content_repo)) == [
        f"{HOME}.lattlast.md:1:1: Lättläst: texten har läsbarhetsindex (LIX) 46; en lättläst text bör ha högst 40. "
        "Skriv kortare meningar och kortare ord.",
    ]
    # A Finnish version is not held to Swedish readability.
    (content_repo / f"{HOME}.lattlast.md").rename(content_repo / f"{HOME}.fi.md")
    assert not check_tree(content_repo).warnings
