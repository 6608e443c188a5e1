"""Shared fixtures: a small, valid content repository written into tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

BOARD_YML = """\
name: Provstadens stadsdelsnämnd
kind: stadsdelsnämnd
district: Provstaden
departments:
  forskola: Avdelningen för förskola
  aldreomsorg: Avdelningen för äldreomsorg
meetings:
  - date: 2026-01-22
    case_number: PS-2025/100
    paragraph: "§ 7"
  - date: 2026-12-10
defaults:
  complaints: Tala med personalen eller lämna synpunkter på stockholm.se.
  contact:
    phone: "08-508 00 000"
    email: provstaden@stockholm.se
"""

HOME_CARE_MD = """\
---
title: Provstadens hemtjänst
service: hemtjänst
valid:
  from: 2026-01-01
  to: 2026-12-31
commitments:
  - Du får en kontaktperson inom två veckor.
  - Vi ringer om vi blir mer än 30 minuter försenade.
correction: Vi ber om ursäkt och rättar till det inom en vecka.
contact:
  phone: "08-508 11 111"
  email: hemtjanst.provstaden@stockholm.se
  address: Provgatan 1, 123 45 Stockholm
---
Vi hjälper dig att leva ett tryggt liv hemma.
"""

PRESCHOOL_MD = """\
---
title: Provstadens förskolor
service: förskola
valid:
  from: 2026-01-01
  to: 2026-12-31
commitments:
  - area: Utveckling och lärande
    text: Ditt barn får läsa och berätta varje dag.
  - area: Normer och värden
    text: Vi arbetar aktivt mot kränkningar.
  - area: Barns inflytande
    text: Barnen är med och planerar veckan.
  - area: Förskola och hem
    text: Du erbjuds ett utvecklingssamtal varje termin.
  - area: Samverkan
    text: Vi gör en plan när ditt barn börjar skolan.
correction: Vi kontaktar dig inom en vecka och berättar vad vi gör.
contact:
  email: forskolor.provstaden@stockholm.se
---
Förskolan är en plats för lek och lärande.
"""


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def content_repo(tmp_path: Path) -> Path:
    """A repository root with one valid board, a home-care unit and a preschool."""
    write(tmp_path, "guarantees/provstaden/board.yml", BOARD_YML)
    write(tmp_path, "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md", HOME_CARE_MD)
    write(tmp_path, "guarantees/provstaden/forskola/provstadens-forskolor.md", PRESCHOOL_MD)
    return tmp_path
