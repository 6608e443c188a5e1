"""The mistakes editors really make, each with the exact first message it must get.

Every case is a small edit of a valid guarantee (tests/samples.py's home-care
unit). The expected message names file:line:column, so a change that moves the
line or the column, or loses the words of the advice, fails here.
"""

from __future__ import annotations

import pytest

from garanti.content import check_tree

from ..helpers import run
from ..samples import HOME, HOME_CARE_MD, PRESCHOOL

# (what the editor did, text replaced, replacement, "line:column", words the first message must hold)
MISTAKES = [
    # A missing closing quote: reported where the quote opens, saying that it never closes.
    ("title without closing quote", "title: Provstadens hemtjänst", 'title: "Provstadens hemtjänst',
     "2:8", ['Texten börjar med " här', "citattecknet avslutas aldrig", 'Sätt ett " sist i texten']),
    ("correction without closing quote, comment below",
     "correction: Vi ber om ursäkt och rättar till det inom en vecka.",
     'correction: "Vi ber om ursäkt och rättar till det inom en vecka.\n# Rättelse ovanför',
     "10:13", ["citattecknet avslutas aldrig"]),
    ("commitment without closing quote", "  - Du får en kontaktperson inom två veckor.",
     '  - "Du får en kontaktperson inom två veckor.', "8:5", ["citattecknet avslutas aldrig"]),
    ("straight quotes inside a quoted text", "title: Provstadens hemtjänst", 'title: "temat "Rörelse" med mera"',
     "2:8", ['tar slut vid nästa " (kolumn 15)', "raden fortsätter", "” ”"]),
    ("apostrophe text without closing apostrophe", "title: Provstadens hemtjänst", "title: 'Provstadens hemtjänst",
     "2:8", ["apostrofen avslutas aldrig", "Sätt ett ' sist"]),
    # A forgotten opening quote: the closing one would be published (issue 21, item 5).
    ("a text without its opening quote", "correction: Vi ber om ursäkt och rättar till det inom en vecka.",
     'correction: Vi ber om ursäkt och rättar till det inom en vecka."', "10:13",
     ['Texten slutar med " men börjar inte med det', 'Sätt " också först i texten, eller ta bort " i slutet']),
    ("a commitment without its opening apostrophe", "  - Du får en kontaktperson inom två veckor.",
     "  - Du får en kontaktperson inom två veckor.'", "8:5", ["Texten slutar med ' men börjar inte med det"]),
    # Word's curly quotes: named, never published.
    ("curly quotes around a phone number", 'phone: "08-508 11 111"', "phone: ”08-508 16 999”",
     "12:10", ["typografiska citattecken (” ”)", "Word", 'Byt dem mot raka citattecken (")']),
    ("curly quotes around a commitment", "  - Du får en kontaktperson inom två veckor.", "  - ”Vi ringer dig.”",
     "8:5", ["typografiska citattecken (” ”)", "skulle synas på webbplatsen"]),
    # Silently accepted before.
    ("second commitment without '- ', aligned with the text",
     "  - Vi ringer om vi blir mer än 30 minuter försenade.", "    Vi ringer om vi blir mer än 30 minuter försenade.",
     "9:5", ['blir en del av punkten ovanför', 'börjar med "- "', "nytt åtagande"]),
    ("second commitment without '- ', aligned with the dash",
     "  - Vi ringer om vi blir mer än 30 minuter försenade.", "  Vi ringer om vi blir mer än 30 minuter försenade.",
     "9:3", ['varken "nyckel: värde" eller en punkt i en lista', 'börja raden med "- "']),
    ("draft: yes", "correction:", "draft: yes\ncorrection:",
     "10:8", ['Utkast ska vara true eller false, inte "yes"']),
    ("draft: ja", "correction:", "draft: ja\ncorrection:",
     "10:8", ['Utkast ska vara true eller false, inte "ja"']),
    ("a 30,000-character verksamhetsidé", "Vi hjälper dig att leva ett tryggt liv hemma.", "Lång text. " * 2728,
     "16:1", ["Verksamhetsidén: texten är för lång (30007 tecken, högst 2000)", "Korta texten"]),
    ("a 2,001-character correction", "correction: Vi ber om ursäkt och rättar till det inom en vecka.",
     "correction: " + "x" * 2001, "10:13", ["Rättelse: texten är för lång (2001 tecken, högst 2000)"]),
    # Advice that quotes what the editor wrote.
    ("mobile number without quotes (octal in YAML 1.1)", 'phone: "08-508 11 111"', "phone: 0701234567",
     "12:10", ["YAML läser 0701234567 som ett tal", 'Sätt värdet inom citattecken: "0701234567"']),
    ("international number without quotes", 'phone: "08-508 11 111"', "phone: +4685081111",
     "12:10", ['Sätt värdet inom citattecken: "+4685081111"']),
    ("date without dashes", "from: 2026-01-01", "from: 20260101",
     "5:9", ["Gäller från har fel form (du skrev 20260101)", "Menade du 2026-01-01?", "ÅÅÅÅ-MM-DD"]),
    ("title written as a yes-word", "title: Provstadens hemtjänst", "title: TRUE",
     "2:8", ["Enhetens namn ska vara en text, men YAML läser TRUE som true/false", 'citattecken: "TRUE"']),
    # One mistake, one message, in good Swedish.
    ("misspelled key", "commitments:", "comitments:",
     "7:1", ['Okänd nyckel "comitments". Menade du "commitments"?']),
    ("title too long", "title: Provstadens hemtjänst", "title: " + "Provstaden " * 12,
     "2:8", ["Enhetens namn: texten är för lång (131 tecken, högst 120)"]),
    ("service with a capital letter", "service: hemtjänst", "service: Hemtjänst",
     "3:10", ['"Hemtjänst" är inte ett tillåtet värde för verksamhet. Menade du "hemtjänst"?']),
    ("empty optional text", "correction:", "more_info:\ncorrection:",
     "10:11", ["Mer information saknar värde. Skriv en text efter kolonet."]),
    # More mistakes editors make, each with its own advice at the right place.
    ("the issue's date without dashes", "from: 2026-01-01", "from: 20270101",
     "5:9", ["du skrev 20270101", "Menade du 2027-01-01?"]),
    ("colon and space inside an unquoted text", "title: Provstadens hemtjänst", "title: Hemtjänst: Provstaden",
     "2:17", ["ett kolon följt av mellanslag mitt i en text", "inom citattecken"]),
    ("no space after a key's colon", "correction: Vi ber", "correction:Vi ber",
     "10:12", ['Efter "correction:" behövs ett mellanslag', 'Skriv "correction: Vi ber om ursäkt och rättar ti…"']),
    ("a tab as indent", "  - Du får en kontaktperson inom två veckor.", "\t- Du får en kontaktperson inom två veckor.",
     "8:1", ["en tabb", "Använd mellanslag för indrag"]),
    ("a text that starts with [", "title: Provstadens hemtjänst", "title: [Provstaden] hemtjänst",
     "2:8", ["texten börjar med ett tecken som YAML läser som något annat ([,", "|-"]),
    ("a text that starts with *", "  - Du får en kontaktperson inom två veckor.", "  - *Viktigt* du får en kontaktperson.",
     "8:13", ["texten börjar med * eller &", "|-"]),
    ("a # inside an unquoted text", "  - Du får en kontaktperson inom två veckor.",
     "  - Du får kontaktperson nr #1 inom två veckor.", "8:29", ['" #" börjar en kommentar', "resten av raden försvinner"]),
    ("an empty list item", "  - Du får en kontaktperson inom två veckor.", "  -",
     "8:4", ['Punkten i listan saknar text. Skriv texten efter "- ", eller ta bort raden.']),
    ("a date that does not exist", "to: 2026-12-31", "to: 2026-02-30", "6:7", ["2026-02-30 är inget riktigt datum"]),
    ("validity ending before it starts", "to: 2026-12-31", "to: 2025-12-31",
     "6:7", ["Giltighetstiden slutar (2025-12-31) innan den börjar (2026-01-01)"]),
    ("a key written twice", "correction:", "title: Igen\ncorrection:", "10:1", ['Nyckeln "title" finns redan på rad 2']),
    ("closing --- missing", "---\nVi hjälper", "Vi hjälper", "1:1", ["Filen ska börja med en rad med bara ---"]),
    ("service without å, ä, ö", "service: hemtjänst", "service: hemtjanst",
     "3:10", ['"hemtjanst" är inte ett tillåtet värde för verksamhet. Menade du "hemtjänst"?']),
    ("an e-mail address with (at)", "email: hemtjanst.provstaden@stockholm.se",
     "email: hemtjanst.provstaden(at)stockholm.se", "13:10", ['E-post har fel form (du skrev "hemtjanst.provstaden(at)stockholm.se")']),
    ("a phone field with words", 'phone: "08-508 11 111"', 'phone: "ring oss"',
     "12:10", ['Telefon har fel form (du skrev "ring oss")', "08-508 22 000"]),
    ("commitments left out", "commitments:\n  - Du får en kontaktperson inom två veckor.\n"
     "  - Vi ringer om vi blir mer än 30 minuter försenade.\n", "", "2:1", ['Fältet "commitments" (åtaganden) saknas']),
    ("HTML copied into a commitment", "  - Du får en kontaktperson inom två veckor.", "  - Du får en <b>kontaktperson</b>.",
     "8:5", ["HTML är inte tillåtet i texten"]),
    ("a javascript: link in the body", "Vi hjälper dig", "Vi [hjälper](javascript:alert(1)) dig",
     "16:14", ['Länkar av typen "javascript:" är inte tillåtna']),
    # Numbers too long to be anything: one message at the line, not a crash.
    ("a huge hexadecimal title", "title: Provstadens hemtjänst", "title: 0x" + "f" * 4000,
     "2:8", ["Talet 0xffffffffffffffffff… är för långt (4002 tecken)", "citattecken"]),
]


@pytest.mark.parametrize("old, new, where, words", [case[1:] for case in MISTAKES], ids=[case[0] for case in MISTAKES])
def test_mistake_gets_its_message_first(content_repo, old, new, where, words):
    path = content_repo / HOME
    assert old in HOME_CARE_MD
    path.write_text(HOME_CARE_MD.replace(old, new, 1), encoding="utf-8")
    problems = check_tree(content_repo).problems
    assert problems, "the mistake was accepted"
    first = str(problems[0])
    assert first.startswith(f"{HOME}:{where}: "), first
    for word in words:
        assert word in first, first


@pytest.mark.parametrize("old, new", [
    ("  - Du får en kontaktperson inom två veckor.", '  - "Vi ringer dig" – det lovar vi.'),
    ("title: Provstadens hemtjänst", "title: ”Rörelse” i Provstaden"),
    ("title: Provstadens hemtjänst", "title: 'Provstadens ''nya'' hemtjänst'"),
    ("  - Du får en kontaktperson inom två veckor.", "  - Du får en kontaktperson\n    inom två veckor"),
    ("correction:", "draft: false\ncorrection:"),
    ("title: Provstadens hemtjänst", "title: Yes"),
    ("title: Provstadens hemtjänst", 'title: Provstadens "nya" hemtjänst'),
    ("  - Du får en kontaktperson inom två veckor.", '  - Vi kallar det "Rörelse"'),
])
def test_what_is_right_stays_accepted(content_repo, old, new):
    """The new rules do not refuse what editors write on purpose."""
    text = HOME_CARE_MD.replace(old, new, 1)
    if new.startswith('  - "Vi ringer'):
        text = text.replace(new, '  - |-\n    "Vi ringer dig" – det lovar vi.')
    (content_repo / HOME).write_text(text, encoding="utf-8")
    assert [str(problem) for problem in check_tree(content_repo).problems] == []


def test_placeholders_from_new_are_refused_once_not_a_draft(content_repo, capsys):
    code, _, err = run(content_repo, "new", "provstaden/aldreomsorg/nya-hemtjansten", "--title", "Nya hemtjänsten",
                       "--service", "hemtjänst", capsys=capsys)
    assert code == 0, err
    path = content_repo / "guarantees/provstaden/aldreomsorg/nya-hemtjansten.md"
    assert check_tree(content_repo).problems == []  # a draft may keep them
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").split("\n")
    problems = [str(problem) for problem in check_tree(content_repo).problems]
    placeholder_lines = [number for number, line in enumerate(lines, 1)
                         if ("Skriv här" in line or '"08-508 00 000"' in line) and not line.lstrip().startswith("#")]
    first_placeholder = placeholder_lines[0]
    assert problems[0].startswith(f"guarantees/provstaden/aldreomsorg/nya-hemtjansten.md:{first_placeholder}:")
    assert "Texten är kvar från mallen som garanti new skapade" in problems[0]
    assert 'draft: true' in problems[0]
    # every placeholder line (the placeholder phone number too), and the body, is named
    assert [int(problem.split(":")[1]) for problem in problems] == placeholder_lines


def test_new_refuses_a_service_the_check_refuses(content_repo, capsys):
    code, _, err = run(content_repo, "new", "provstaden/forskola/nya", "--title", "Nya", "--service", "Förskola",
                       capsys=capsys)
    assert code == 1
    assert '"Förskola" är inte ett tillåtet värde för verksamhet. Menade du "förskola"?' in err


@pytest.mark.parametrize("old, new, where, words", [
    ("service: förskola", 'service: "Förskola"', "3:10", ['"Förskola" är inte ett tillåtet värde för verksamhet. '
                                                         'Menade du "förskola"?']),
    ("service: förskola\n", "", "2:1", ['Fältet "service" (verksamhet) saknas']),
], ids=["service with a capital letter", "service left out"])
def test_a_wrong_service_is_one_message_not_one_per_commitment(content_repo, old, new, where, words):
    """Issue 21, item 4: whether a commitment needs an area depends on the service; while the
    service is unknown, only the service gets a message."""
    path = content_repo / PRESCHOOL
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = [str(problem) for problem in check_tree(content_repo).problems]
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{PRESCHOOL}:{where}: ")
    for word in words:
        assert word in problems[0]


@pytest.mark.parametrize("old, new, where, words", [
    ("    text: Vi arbetar aktivt mot kränkningar.", "  text: Vi arbetar aktivt mot kränkningar.",
     "11:3", ['"text:" ska stå rakt under "area:" på raden ovanför: börja raden med 4 mellanslag.']),
    ("    text: Vi arbetar aktivt mot kränkningar.", "      text: Vi arbetar aktivt mot kränkningar.",
     "11:7", ['"text:" ska stå rakt under "area:" på raden ovanför: börja raden med 4 mellanslag.']),
    ("  - area: Normer och värden", "- area: Normer och värden",
     "10:1", ['Punkten har fel indrag: "- " ska stå rakt under "- " i punkterna ovanför, med 2 mellanslag före.',
              'Då står "text:" rakt under "area:"']),
], ids=["text: pulled back to the dash", "text: indented six spaces", "- area: at column 1"])
def test_indentation_advice_fits_the_mistake(content_repo, old, new, where, words):
    """Issue 21, item 3: the advice names the line that is out of place and where it belongs."""
    path = content_repo / PRESCHOOL
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = [str(problem) for problem in check_tree(content_repo).problems]
    assert problems and problems[0].startswith(f"{PRESCHOOL}:{where}: "), problems
    for word in words:
        assert word in problems[0]
