"""The one table of mistakes and the messages they must get: `garanti check`'s words to editors.

Each entry is a small edit of a valid file: of provstaden's content (samples.py), or of
the project's sample content (guarantees/) where a guide shows the run. The message
must start at file:line:column where `where` says so and hold every one of `words`, so a
change that moves the line or the column, or loses the words of the advice, fails.
tests/content/test_mistakes.py runs the table; tests/test_guides.py makes a guide's
mistakes at once and compares the output with the guide's example.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .samples import BOARD, EAV, HL, HOME, PRESCHOOL, copy_sample, write_provstaden

PROVSTADEN = "provstaden"  # samples.write_provstaden: the content_repo fixture's content
SAMPLE = "sample"  # the project's sample content, as guarantees/ holds it

# The guides' examples: their mistakes are made at once and the output compared with the guide.
CONTRIBUTING_EXAMPLE = "CONTRIBUTING.md, 5. Exempel"
CONTRIBUTING_FORBIDDEN = "CONTRIBUTING.md, 4. Det här går inte"
ARSCYKEL_PRE_COMMIT = "ARSCYKEL.md, pre-commit"


@dataclass(frozen=True)
class Mistake:
    name: str
    path: str  # the file edited, relative to the root: the message names it
    edits: tuple[tuple[str, str], ...]  # (old, new): the first old replaced by new; old must be there
    where: str | None  # "line:column" the message starts at, after "path:"; None: not pinned
    words: tuple[str, ...]  # each in the message
    only: bool = False  # the one problem of the run, not only the first
    whole: bool = False  # the message is words[0], all of it
    absent: tuple[str, ...] = ()  # none of these in the message
    tree: str = PROVSTADEN
    guide: str | None = None  # the guide example it is part of

    def make(self, root: Path) -> Path:
        """The tree written under root with this mistake made in it."""
        (copy_sample if self.tree == SAMPLE else write_provstaden)(root)
        make_edits(root, self.path, self.edits)
        return root


def make_edits(root: Path, relative: str, edits) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, (relative, old)
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def home(name: str, old: str, new: str, where: str | None, words, **options) -> Mistake:
    """A mistake in provstaden's home care (samples.HOME_CARE_MD)."""
    return Mistake(name, HOME, ((old, new),), where, tuple(words), **options)


def preschool(name: str, old: str, new: str, where: str | None, words, **options) -> Mistake:
    """A mistake in provstaden's preschool (samples.PRESCHOOL_MD)."""
    return Mistake(name, PRESCHOOL, ((old, new),), where, tuple(words), **options)


def board(name: str, old: str, new: str, where: str | None, words, **options) -> Mistake:
    """A mistake in provstaden's board.yml (samples.BOARD_YML)."""
    return Mistake(name, BOARD, ((old, new),), where, tuple(words), **options)


def sample(guide: str, relative: str, old: str, new: str, where: str, words, **options) -> Mistake:
    """A mistake in the sample content that a guide shows."""
    return Mistake(
        f"{guide}: {relative}",
        f"guarantees/{relative}",
        ((old, new),),
        where,
        tuple(words),
        tree=SAMPLE,
        guide=guide,
        **options,
    )


HTML = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<iframe src=https://example.com></iframe>",
    "< svg onload=alert(1)>",
    "<!-- kommentar -->",
    "<a href=https://example.com>länk</a>",
]

ACTIVE_LINKS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;&#x61;vascript:alert(1)",
    "&amp;#106;avascript:alert(1)",
    " data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)",
    "java&#09;script:alert(1)",
]

YAML_TAGS = ["!!python/object/apply:os.system ['touch /tmp/pwned']", "!include other.yml", "!!binary aGVq"]

MISTAKES = [
    # --- the schema's rules ---------------------------------------------------------------
    home(
        "a misspelt key suggests the closest, and only that",
        "title:",
        "titel:",
        "2:1",
        ['Okänd nyckel "titel". Menade du "title"?'],
        only=True,
        whole=True,
    ),
    home(
        "a required field left out",
        "correction: Vi ber om ursäkt och rättar till det inom en vecka.\n",
        "",
        None,
        ['Fältet "correction" (rättelse) saknas'],
        only=True,
    ),
    home("a date not written ÅÅÅÅ-MM-DD", "to: 2026-12-31", "to: 31/12/2026", None, ["ÅÅÅÅ-MM-DD"], only=True),
    # A date as a block, with a newline or with full-width digits: one message at the date, never
    # a guarantee that passes the check and then silently leaves the site.
    home("a date as a block", "to: 2026-12-31", "to: |\n    2026-12-31", "6:7", ["ÅÅÅÅ-MM-DD"], only=True),
    home("a date with a newline", "to: 2026-12-31", 'to: "2026-12-31\\n"', "6:7", ["ÅÅÅÅ-MM-DD"], only=True),
    home("a date in full-width digits", "to: 2026-12-31", "to: ２０２６-12-31", "6:7", ["ÅÅÅÅ-MM-DD"], only=True),
    board(
        "a meeting date as a block", "date: 2026-12-10", "date: |\n      2026-12-10", None, ["ÅÅÅÅ-MM-DD"], only=True
    ),
    preschool(
        "a preschool commitment without its area",
        "  - area: Samverkan\n    text: Vi gör",
        "  - Vi gör",
        "16:5",
        ["läroplansområde"],
        only=True,
    ),
    preschool(
        "an area that is not a curriculum area",
        "area: Samverkan",
        "area: Samarbete",
        None,
        ["läroplansområde"],
        only=True,
    ),
    home(
        "an area on a commitment of another service",
        "  - Du får en",
        "  - area: Samverkan\n    text: Du får en",
        None,
        ["Bara förskolor anger läroplansområde"],
        only=True,
    ),
    preschool(
        "a contact without phone or email",
        "  email: forskolor.provstaden@stockholm.se",
        "  address: Provgatan 2",
        None,
        ["phone (telefon) eller email (e-post)"],
        only=True,
    ),
    home(
        "an empty verksamhetsidé",
        "Vi hjälper dig att leva ett tryggt liv hemma.\n",
        "\n",
        None,
        ["Verksamhetsidén saknas"],
        only=True,
    ),
    # --- untrusted input ------------------------------------------------------------------
    *[
        home(
            f"raw HTML in the body: {hostile}",
            "ett tryggt liv hemma.",
            f"ett tryggt liv {hostile} hemma.",
            "16:40",
            ["HTML är inte tillåtet"],
            only=True,
        )
        for hostile in HTML
    ],
    *[
        home(
            f"raw HTML in a commitment: {hostile}",
            "- Du får en kontaktperson",
            f"- {json.dumps(hostile)} #",
            "8:5",
            ["HTML är inte tillåtet"],
            only=True,
        )
        for hostile in HTML
    ],
    *[
        home(
            f"an active link: {target}",
            "ett tryggt liv hemma.",
            f"ett tryggt liv [hemma]({target}).",
            None,
            ["är inte tillåtna"],
            only=True,
        )
        for target in ACTIVE_LINKS
    ],
    home(
        "an active link by reference",
        "ett tryggt liv hemma.",
        "ett tryggt liv [hemma][x].\n\n[x]: javascript:alert(1)",
        None,
        ["är inte tillåtna"],
        only=True,
    ),
    home(
        "an image",
        "ett tryggt liv hemma.",
        "ett tryggt liv ![bild](https://example.com/x.png) hemma.",
        None,
        ["Bilder kan inte visas"],
        only=True,
    ),
    home(
        "a key written twice, next to each other",
        "service: hemtjänst\n",
        "service: hemtjänst\nservice: förskola\n",
        "4:1",
        ['Nyckeln "service" finns redan på rad 3'],
        only=True,
    ),
    home(
        "an anchor and an alias",
        "correction: Vi ber",
        "more_info: &a Vi ber om hjälp\ncorrection: *a\nx: Vi ber",
        None,
        ["ankare och alias"],
        only=True,
    ),
    *[
        home(
            f"a YAML tag, never constructed: {tag}",
            "correction: Vi ber om ursäkt och rättar till det inom en vecka.",
            f"correction: {tag}",
            None,
            ["YAML-taggen"],
            only=True,
        )
        for tag in YAML_TAGS
    ],
    # --- YAML's syntax, explained in Swedish --------------------------------------------------
    home(
        "a colon and a space inside a correction",
        "correction: Vi ber",
        "correction: Obs: Vi ber",
        None,
        ["kolon följt av mellanslag mitt i en text", "YAML-syntaxfel"],
        only=True,
    ),
    home(
        "a tab before a contact line",
        '  phone: "08-508 11 111"',
        '\tphone: "08-508 11 111"',
        None,
        ["en tabb", "YAML-syntaxfel"],
        only=True,
    ),
    home(
        "a correction that starts with [",
        "correction: Vi ber om ursäkt",
        "correction: [Vi] ber om ursäkt",
        None,
        ["tecken som YAML läser som något annat", "YAML-syntaxfel"],
        only=True,
    ),
    home(
        "a correction that starts with *",
        "correction: Vi ber",
        "correction: *Vi* ber",
        None,
        ["texten börjar med * eller &", "YAML-syntaxfel"],
        only=True,
    ),
    home(
        "a correction that starts with @",
        "correction: Vi ber",
        "correction: @Vi ber",
        None,
        ["tecknet '@' kan inte stå först", "YAML-syntaxfel"],
        only=True,
    ),
    home(
        "a correction whose quote never ends",
        "correction: Vi ber om ursäkt och rättar till det inom en vecka.",
        'correction: "Vi ber om ursäkt',
        None,
        ["citattecknet avslutas aldrig"],
        only=True,
    ),
    home(
        "a colon in a plain commitment",
        "  - Du får en kontaktperson",
        "  - Vi lovar: Du får en kontaktperson",
        None,
        ["kolon följt av mellanslag"],
        only=True,
        absent=("area",),
    ),
    home(
        "an unquoted phone number",
        'phone: "08-508 11 111"',
        "phone: +46850811111",
        None,
        ['Sätt värdet inom citattecken: "+46850811111"'],
        only=True,
    ),
    home(
        "a YAML tag, named as written",
        "correction: Vi ber om ursäkt och rättar till det inom en vecka.",
        "correction: !!python/object:os.system x",
        None,
        ["YAML-taggen !!python/object:os.system är inte tillåten"],
        only=True,
    ),
    home(
        "a hash that would silently cut a text",
        "  - Du får en kontaktperson inom två veckor.",
        "  - Du får en kontaktperson inom två veckor #viktigt",
        "8:45",
        ["börjar en kommentar"],
        only=True,
    ),
    # What XML cannot carry (issue 32, item 5): a noncharacter or a control would make the Atom feeds
    # ill-formed. Refused in every text field at its line, with the character named, never as itself.
    board(
        "a noncharacter in the board's name",
        "name: Provstadens stadsdelsnämnd",
        'name: "Provstadens\\uFFFE stadsdelsnämnd"',
        "1:7",
        ["Texten innehåller U+FFFE, som inte är något tecken alls", "nyhetsflöden", "Ta bort det", "\\uFFFE"],
        only=True,
    ),
    board(
        "a noncharacter in a case number",
        "case_number: PS-2025/100",
        'case_number: "PS-2025/100\\uFFFF"',
        "9:18",
        ["U+FFFF", "\\uFFFF"],
        only=True,
    ),
    board(
        "a noncharacter of another plane in a paragraph",
        'paragraph: "§ 7"',
        'paragraph: "§ 7\\U0010FFFF"',
        "10:16",
        ["U+10FFFF", "\\U0010FFFF"],
        only=True,
    ),
    home(
        "a noncharacter written as it is in the body",
        "ett tryggt liv hemma.",
        "ett tryggt liv\ufdd0 hemma.",
        "16:39",
        ["U+FDD0", "skriv om ordet där det står"],
        only=True,
    ),
    home(
        "a noncharacter in the title",
        "title: Provstadens hemtjänst",
        'title: "Provstadens hemtjänst\\uFFFE"',
        "2:8",
        ["U+FFFE"],
        only=True,
    ),
    home(
        "a C1 control in a commitment",
        "  - Du får en kontaktperson inom två veckor.",
        '  - "Du får en\\x85 kontaktperson inom två veckor."',
        "8:5",
        ["osynligt styrtecken (\\x85)", "Skriv om stycket"],
        only=True,
    ),
    home(
        "a C0 control in the body",
        "ett tryggt liv hemma.",
        "ett tryggt liv\x1b[31m hemma.",
        "16:39",
        ["osynligt styrtecken (\\x1b)"],
        only=True,
    ),
    Mistake(
        "a noncharacter in a follow-up's comment",
        f"guarantees/{HL}/aldreomsorg/hagerstens-hemtjanst.uppfoljning-2026.yml",
        (
            (
                "comment: Under semesterperioden tog det upp till fem veckor för en del nya kunder.",
                'comment: "Under\\uFFFE semesterperioden"',
            ),
        ),
        "8:14",
        ("U+FFFE", "nyhetsflöden"),
        tree=SAMPLE,
    ),
    Mistake(
        "a noncharacter in a language version",
        f"guarantees/{HL}/aldreomsorg/liljeholmens-hemtjanst.fi.md",
        (("title: Liljeholmenin kotipalvelu", 'title: "Liljeholmenin\\uFFFF kotipalvelu"'),),
        "3:8",
        ("U+FFFF",),
        tree=SAMPLE,
    ),
    # --- the mistakes editors really make, each with the exact first message it must get -------
    # A missing closing quote: reported where the quote opens, saying that it never closes.
    home(
        "title without closing quote",
        "title: Provstadens hemtjänst",
        'title: "Provstadens hemtjänst',
        "2:8",
        ['Texten börjar med " här', "citattecknet avslutas aldrig", 'Sätt ett " sist i texten'],
    ),
    home(
        "correction without closing quote, comment below",
        "correction: Vi ber om ursäkt och rättar till det inom en vecka.",
        'correction: "Vi ber om ursäkt och rättar till det inom en vecka.\n# Rättelse ovanför',
        "10:13",
        ["citattecknet avslutas aldrig"],
    ),
    home(
        "commitment without closing quote",
        "  - Du får en kontaktperson inom två veckor.",
        '  - "Du får en kontaktperson inom två veckor.',
        "8:5",
        ["citattecknet avslutas aldrig"],
    ),
    home(
        "straight quotes inside a quoted text",
        "title: Provstadens hemtjänst",
        'title: "temat "Rörelse" med mera"',
        "2:8",
        ['tar slut vid nästa " (kolumn 15)', "raden fortsätter", "” ”"],
    ),
    home(
        "apostrophe text without closing apostrophe",
        "title: Provstadens hemtjänst",
        "title: 'Provstadens hemtjänst",
        "2:8",
        ["apostrofen avslutas aldrig", "Sätt ett ' sist"],
    ),
    # A forgotten opening quote: the closing one would be published (issue 21, item 5).
    home(
        "a text without its opening quote",
        "correction: Vi ber om ursäkt och rättar till det inom en vecka.",
        'correction: Vi ber om ursäkt och rättar till det inom en vecka."',
        "10:13",
        ['Texten slutar med " men börjar inte med det', 'Sätt " också först i texten, eller ta bort " i slutet'],
    ),
    home(
        "a commitment without its opening apostrophe",
        "  - Du får en kontaktperson inom två veckor.",
        "  - Du får en kontaktperson inom två veckor.'",
        "8:5",
        ["Texten slutar med ' men börjar inte med det"],
    ),
    # Word's curly quotes: named, never published.
    home(
        "curly quotes around a phone number",
        'phone: "08-508 11 111"',
        "phone: ”08-508 16 999”",
        "12:10",
        ["typografiska citattecken (” ”)", "Word", 'Byt dem mot raka citattecken (")'],
    ),
    home(
        "curly quotes around a commitment",
        "  - Du får en kontaktperson inom två veckor.",
        "  - ”Vi ringer dig.”",
        "8:5",
        ["typografiska citattecken (” ”)", "skulle synas på webbplatsen"],
    ),
    # Silently accepted before.
    home(
        "second commitment without '- ', aligned with the text",
        "  - Vi ringer om vi blir mer än 30 minuter försenade.",
        "    Vi ringer om vi blir mer än 30 minuter försenade.",
        "9:5",
        ["blir en del av punkten ovanför", 'börjar med "- "', "nytt åtagande"],
    ),
    home(
        "second commitment without '- ', aligned with the dash",
        "  - Vi ringer om vi blir mer än 30 minuter försenade.",
        "  Vi ringer om vi blir mer än 30 minuter försenade.",
        "9:3",
        ['varken "nyckel: värde" eller en punkt i en lista', 'börja raden med "- "'],
    ),
    home(
        "draft: yes", "correction:", "draft: yes\ncorrection:", "10:8", ['Utkast ska vara true eller false, inte "yes"']
    ),
    home("draft: ja", "correction:", "draft: ja\ncorrection:", "10:8", ['Utkast ska vara true eller false, inte "ja"']),
    home(
        "a 30,000-character verksamhetsidé",
        "Vi hjälper dig att leva ett tryggt liv hemma.",
        "Lång text. " * 2728,
        "16:1",
        ["Verksamhetsidén: texten är för lång (30007 tecken, högst 2000)", "Korta texten"],
    ),
    # The draft flag is named as the file writes it and as the form asks it (schema: x-form-title).
    home(
        "text left from the template, not a draft",
        "correction: Vi ber om ursäkt och rättar till det inom en vecka.",
        "correction: Skriv här vad ni gör om ni inte håller ett åtagande.",
        "10:13",
        [
            "Texten är kvar från mallen",
            'låt raden "draft: true" stå kvar',
            'i formuläret "Klar att lämnas till nämnden" vara avslagen',
            "tills garantin är klar",
        ],
        only=True,
    ),
    home(
        "a 2,001-character correction",
        "correction: Vi ber om ursäkt och rättar till det inom en vecka.",
        "correction: " + "x" * 2001,
        "10:13",
        ["Rättelse: texten är för lång (2001 tecken, högst 2000)"],
    ),
    # Advice that quotes what the editor wrote.
    home(
        "mobile number without quotes (octal in YAML 1.1)",
        'phone: "08-508 11 111"',
        "phone: 0701234567",
        "12:10",
        ["YAML läser 0701234567 som ett tal", 'Sätt värdet inom citattecken: "0701234567"'],
    ),
    home(
        "international number without quotes",
        'phone: "08-508 11 111"',
        "phone: +4685081111",
        "12:10",
        ['Sätt värdet inom citattecken: "+4685081111"'],
    ),
    home(
        "date without dashes",
        "from: 2026-01-01",
        "from: 20260101",
        "5:9",
        ["Gäller från har fel form (du skrev 20260101)", "Menade du 2026-01-01?", "ÅÅÅÅ-MM-DD"],
    ),
    home(
        "title written as a yes-word",
        "title: Provstadens hemtjänst",
        "title: TRUE",
        "2:8",
        ["Enhetens namn ska vara en text, men YAML läser TRUE som true/false", 'citattecken: "TRUE"'],
    ),
    # One mistake, one message, in good Swedish.
    home(
        "misspelled key", "commitments:", "comitments:", "7:1", ['Okänd nyckel "comitments". Menade du "commitments"?']
    ),
    home(
        "title too long",
        "title: Provstadens hemtjänst",
        "title: " + "Provstaden " * 12,
        "2:8",
        ["Enhetens namn: texten är för lång (131 tecken, högst 120)"],
    ),
    home(
        "service with a capital letter",
        "service: hemtjänst",
        "service: Hemtjänst",
        "3:10",
        ['"Hemtjänst" är inte ett tillåtet värde för verksamhet. Menade du "hemtjänst"?'],
    ),
    home(
        "empty optional text",
        "correction:",
        "more_info:\ncorrection:",
        "10:11",
        ["Mer information saknar värde. Skriv en text efter kolonet."],
    ),
    # More mistakes editors make, each with its own advice at the right place.
    home(
        "the issue's date without dashes",
        "from: 2026-01-01",
        "from: 20270101",
        "5:9",
        ["du skrev 20270101", "Menade du 2027-01-01?"],
    ),
    home(
        "colon and space inside an unquoted text",
        "title: Provstadens hemtjänst",
        "title: Hemtjänst: Provstaden",
        "2:17",
        ["ett kolon följt av mellanslag mitt i en text", "inom citattecken"],
    ),
    home(
        "no space after a key's colon",
        "correction: Vi ber",
        "correction:Vi ber",
        "10:12",
        ['Efter "correction:" behövs ett mellanslag', 'Skriv "correction: Vi ber om ursäkt och rättar ti…"'],
    ),
    home(
        "a tab as indent",
        "  - Du får en kontaktperson inom två veckor.",
        "\t- Du får en kontaktperson inom två veckor.",
        "8:1",
        ["en tabb", "Använd mellanslag för indrag"],
    ),
    home(
        "a text that starts with [",
        "title: Provstadens hemtjänst",
        "title: [Provstaden] hemtjänst",
        "2:8",
        ["texten börjar med ett tecken som YAML läser som något annat ([,", "|-"],
    ),
    home(
        "a text that starts with *",
        "  - Du får en kontaktperson inom två veckor.",
        "  - *Viktigt* du får en kontaktperson.",
        "8:13",
        ["texten börjar med * eller &", "|-"],
    ),
    home(
        "a # inside an unquoted text",
        "  - Du får en kontaktperson inom två veckor.",
        "  - Du får kontaktperson nr #1 inom två veckor.",
        "8:29",
        ['" #" börjar en kommentar', "resten av raden försvinner"],
    ),
    home(
        "an empty list item",
        "  - Du får en kontaktperson inom två veckor.",
        "  -",
        "8:4",
        ['Punkten i listan saknar text. Skriv texten efter "- ", eller ta bort raden.'],
    ),
    home(
        "a date that does not exist",
        "to: 2026-12-31",
        "to: 2026-02-30",
        "6:7",
        ["2026-02-30 är inget riktigt datum"],
        only=True,
    ),
    home(
        "validity ending before it starts",
        "to: 2026-12-31",
        "to: 2025-12-31",
        "6:7",
        ["Giltighetstiden slutar (2025-12-31) innan den börjar (2026-01-01)"],
        only=True,
    ),
    home(
        "a key written twice",
        "correction:",
        "title: Igen\ncorrection:",
        "10:1",
        ['Nyckeln "title" finns redan på rad 2'],
    ),
    home("closing --- missing", "---\nVi hjälper", "Vi hjälper", "1:1", ["Filen ska börja med en rad med bara ---"]),
    home(
        "service without å, ä, ö",
        "service: hemtjänst",
        "service: hemtjanst",
        "3:10",
        ['"hemtjanst" är inte ett tillåtet värde för verksamhet. Menade du "hemtjänst"?'],
        only=True,
    ),
    home(
        "an e-mail address with (at)",
        "email: hemtjanst.provstaden@stockholm.se",
        "email: hemtjanst.provstaden(at)stockholm.se",
        "13:10",
        ['E-post har fel form (du skrev "hemtjanst.provstaden(at)stockholm.se")'],
    ),
    home(
        "a phone field with words",
        'phone: "08-508 11 111"',
        'phone: "ring oss"',
        "12:10",
        ['Telefon har fel form (du skrev "ring oss")', "08-508 22 000"],
    ),
    home(
        "commitments left out",
        "commitments:\n  - Du får en kontaktperson inom två veckor.\n"
        "  - Vi ringer om vi blir mer än 30 minuter försenade.\n",
        "",
        "2:1",
        ['Fältet "commitments" (åtaganden) saknas'],
    ),
    home(
        "HTML copied into a commitment",
        "  - Du får en kontaktperson inom två veckor.",
        "  - Du får en <b>kontaktperson</b>.",
        "8:5",
        ["HTML är inte tillåtet i texten"],
    ),
    home(
        "a javascript: link in the body",
        "Vi hjälper dig",
        "Vi [hjälper](javascript:alert(1)) dig",
        "16:14",
        ['Länkar av typen "javascript:" är inte tillåtna'],
    ),
    # Numbers too long to be anything: one message at the line, not a crash.
    home(
        "a huge hexadecimal title",
        "title: Provstadens hemtjänst",
        "title: 0x" + "f" * 4000,
        "2:8",
        ["Talet 0xffffffffffffffffff… är för långt (4002 tecken)", "citattecken"],
    ),
    # A wrong service is one message, not one per commitment (issue 21, item 4): whether a
    # commitment needs an area depends on the service; while it is unknown, only the service is named.
    preschool(
        "a preschool's service with a capital letter",
        "service: förskola",
        'service: "Förskola"',
        "3:10",
        ['"Förskola" är inte ett tillåtet värde för verksamhet. Menade du "förskola"?'],
        only=True,
    ),
    preschool(
        "a preschool's service left out",
        "service: förskola\n",
        "",
        "2:1",
        ['Fältet "service" (verksamhet) saknas'],
        only=True,
    ),
    # The indentation advice fits the mistake (issue 21, item 3): it names the line that is out
    # of place and where it belongs.
    preschool(
        "text: pulled back to the dash",
        "    text: Vi arbetar aktivt mot kränkningar.",
        "  text: Vi arbetar aktivt mot kränkningar.",
        "11:3",
        ['"text:" ska stå rakt under "area:" på raden ovanför: börja raden med 4 mellanslag.'],
    ),
    preschool(
        "text: indented six spaces",
        "    text: Vi arbetar aktivt mot kränkningar.",
        "      text: Vi arbetar aktivt mot kränkningar.",
        "11:7",
        ['"text:" ska stå rakt under "area:" på raden ovanför: börja raden med 4 mellanslag.'],
    ),
    preschool(
        "- area: at column 1",
        "  - area: Normer och värden",
        "- area: Normer och värden",
        "10:1",
        [
            'Punkten har fel indrag: "- " ska stå rakt under "- " i punkterna ovanför, med 2 mellanslag före.',
            'Då står "text:" rakt under "area:"',
        ],
    ),
    # --- the guides' examples, on the sample content ----------------------------------------
    # CONTRIBUTING.md, section 5 "Exempel": eight files, one mistake each, as its table describes them.
    sample(
        CONTRIBUTING_EXAMPLE,
        f"{EAV}/aldreomsorg/arsta-hemtjanst.md",
        "service: hemtjänst",
        "service: hemtjanst",
        "4:10",
        ['"hemtjanst" är inte ett tillåtet värde för verksamhet. Menade du "hemtjänst"?'],
        only=True,
    ),
    sample(
        CONTRIBUTING_EXAMPLE,
        f"{EAV}/aldreomsorg/arsta-vard-och-omsorgsboende.md",
        "  - Du får en kontaktperson",
        "  - Vi lovar: Du får en kontaktperson",
        "9:5",
        ["Texten läses som nyckel: värde eftersom den innehåller kolon följt av mellanslag."],
        only=True,
    ),
    sample(
        CONTRIBUTING_EXAMPLE,
        f"{EAV}/aldreomsorg/hogdalens-hemtjanst.md",
        "more_info:",
        "more_infor:",
        "21:1",
        ['Okänd nyckel "more_infor". Menade du "more_info"?'],
        only=True,
        whole=True,
    ),
    sample(
        CONTRIBUTING_EXAMPLE,
        f"{EAV}/aldreomsorg/ragsveds-servicehus.md",
        "more_info: Restaurangen",
        "more_info: Obs: ring innan du kommer. Restaurangen",
        "20:15",
        ["YAML-syntaxfel: ett kolon följt av mellanslag mitt i en text."],
        only=True,
    ),
    sample(
        CONTRIBUTING_EXAMPLE,
        f"{EAV}/forskola-och-fritid/dalens-forskolor.md",
        "  to: 2026-12-31",
        "  to: 2026-02-30",
        "7:7",
        ["2026-02-30 är inget riktigt datum. Kontrollera månad och dag."],
        only=True,
    ),
    sample(
        CONTRIBUTING_EXAMPLE,
        f"{EAV}/funktionsnedsattning/daglig-verksamhet.md",
        "\nVi vill att du",
        "\nRing <b>08-508 16 150</b>. Vi vill att du",
        "24:6",
        ["HTML är inte tillåtet i texten."],
        only=True,
    ),
    sample(
        CONTRIBUTING_EXAMPLE,
        f"{HL}/forskola/fruangens-forskolor.md",
        "  - area: Utveckling och lärande\n    text: Vi läser",
        "  - Vi läser",
        "9:5",
        ["Förskolor anger läroplansområde för varje åtagande."],
        only=True,
    ),
    sample(
        CONTRIBUTING_EXAMPLE,
        f"{HL}/social-omsorg/socialpsykiatrins-boendestod.md",
        'phone: "08-508 22 380"',
        "phone: +46850822380",
        "17:10",
        ['Sätt värdet inom citattecken: "+46850822380".'],
        only=True,
    ),
    # CONTRIBUTING.md, section 4: what is not allowed, as the check reports it (besides a link and
    # a file not in UTF-8, made in tests/test_guides.py).
    sample(
        CONTRIBUTING_FORBIDDEN,
        f"{EAV}/aldreomsorg/arsta-hemtjanst.md",
        "title: Årsta hemtjänst",
        "title: Årsta hemtjänst\ntitle: Årsta hemtjänst",
        "4:1",
        ['Nyckeln "title" finns redan på rad 3.'],
        only=True,
    ),
    sample(
        CONTRIBUTING_FORBIDDEN,
        f"{EAV}/aldreomsorg/hogdalens-hemtjanst.md",
        "correction: |-",
        "correction: &rattelse |-",
        "15:13",
        ["YAML-ankare och alias (& och *) används inte här."],
        only=True,
    ),
    sample(
        CONTRIBUTING_FORBIDDEN,
        f"{EAV}/aldreomsorg/kostenheten.md",
        "title: Kostenheten",
        "title: !!python/object:os.system Kostenheten",
        "3:8",
        ["YAML-taggen !!python/object:os.system är inte tillåten."],
        only=True,
    ),
    sample(
        CONTRIBUTING_FORBIDDEN,
        f"{EAV}/aldreomsorg/ragsveds-servicehus.md",
        "\nVi vill att du",
        "\n[Läs mer](javascript:alert(1))\n\n![karta](https://example.com/karta.png)\n\nVi vill att du",
        "24:11",
        ['Länkar av typen "javascript:" är inte tillåtna.'],
    ),
    # ARSCYKEL.md: what the pre-commit hook shows.
    sample(
        ARSCYKEL_PRE_COMMIT,
        f"{HL}/aldreomsorg/hagerstens-hemtjanst.md",
        "service: hemtjänst",
        "service: hemtjanst",
        "4:10",
        ['"hemtjanst" är inte ett tillåtet värde för verksamhet. Menade du "hemtjänst"?'],
        only=True,
    ),
]


def of_guide(guide: str) -> list[Mistake]:
    return [mistake for mistake in MISTAKES if mistake.guide == guide]


# What editors write on purpose, which the rules must not refuse: (name, path, edits).
ACCEPTED = [
    (
        "a quoted text followed by more, as a block",
        HOME,
        (("  - Du får en kontaktperson inom två veckor.", '  - |-\n    "Vi ringer dig" – det lovar vi.'),),
    ),
    ("curly quotes inside a title", HOME, (("title: Provstadens hemtjänst", "title: ”Rörelse” i Provstaden"),)),
    ("doubled apostrophes", HOME, (("title: Provstadens hemtjänst", "title: 'Provstadens ''nya'' hemtjänst'"),)),
    (
        "a commitment over two lines",
        HOME,
        (("  - Du får en kontaktperson inom två veckor.", "  - Du får en kontaktperson\n    inom två veckor"),),
    ),
    ("draft: false", HOME, (("correction:", "draft: false\ncorrection:"),)),
    ("a title that is a yes-word in YAML 1.1", HOME, (("title: Provstadens hemtjänst", "title: Yes"),)),
    ("straight quotes inside a title", HOME, (("title: Provstadens hemtjänst", 'title: Provstadens "nya" hemtjänst'),)),
    (
        "straight quotes at the end of a commitment",
        HOME,
        (("  - Du får en kontaktperson inom två veckor.", '  - Vi kallar det "Rörelse"'),),
    ),
    (
        "ordinary links and emphasis",
        HOME,
        (
            (
                "ett tryggt liv hemma.",
                "ett *tryggt* liv hemma. Läs [mer](https://start.stockholm/) eller "
                "[mejla](mailto:a@stockholm.se), barn 1 < 3 år och [ring](tel:+46850800000).",
            ),
        ),
    ),
    (
        "comments on their own lines and quoted hashes",
        HOME,
        (
            ("title: Provstadens hemtjänst", '# Exempelinnehåll\ntitle: "Provstadens #1 hemtjänst"'),
            ("correction: Vi ber", "correction: Vi#2 ber"),
        ),
    ),
]
