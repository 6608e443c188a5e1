"""What XML 1.0 cannot carry never passes the check (issue 32, item 5): every text ends up in the
Atom feeds, and one such character makes a whole feed ill-formed, so readers drop it. Besides XML's
own refusals, the check refuses Unicode's noncharacters and the C1 controls (XML discourages them;
no text typed in Swedish has one), and accepts every other character XML carries."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from garanti.untrusted import check_text

# XML 1.0, production [2] Char.
XML_CHAR = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
NONCHARACTERS = [*range(0xFDD0, 0xFDF0), *(plane << 16 | last for plane in range(17) for last in (0xFFFE, 0xFFFF))]
C1 = range(0x80, 0xA0)
BIDI = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]  # refused for another reason: they reorder a line


def _refused(character: str) -> list[str]:
    return [problem.message for problem in check_text(f"Vår{character} text")]


def test_every_character_xml_cannot_carry_is_refused_and_named():
    for point in range(0x110000):
        character = chr(point)
        if XML_CHAR.fullmatch(character) and point not in C1 and point not in NONCHARACTERS:
            continue
        messages = _refused(character)
        assert len(messages) == 1, hex(point)
        named = repr(character)[1:-1] if point < 0xA0 else f"U+{point:04X}"  # a control as Python writes it
        assert named in messages[0], (hex(point), messages)
        assert character not in messages[0]  # named, never shown as itself


def test_every_other_character_xml_carries_passes():
    allowed = [
        chr(point)
        for point in range(0xA0, 0x110000)
        if XML_CHAR.fullmatch(chr(point)) and point not in NONCHARACTERS and point not in BIDI
    ]
    for start in range(0, len(allowed), 20000):
        chunk = "".join(allowed[start : start + 20000])
        assert [p.message for p in check_text(chunk) if "U+" in p.message or "styrtecken" in p.message] == []
        ET.fromstring(f"<t>{chunk}</t>".encode())  # and XML does carry it
