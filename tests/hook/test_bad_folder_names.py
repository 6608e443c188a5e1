"""A folder or file named with "&" or "<" is a problem like any other (issue 32, item 6): `garanti check`
refuses it at its path, and the preview (a real `mkdocs serve`) lists it on the start page and keeps
serving the site built from what is valid, where before MkDocs' strict mode stopped every build
until the folder was removed."""

from __future__ import annotations

import html
import re
import shutil

import pytest

from ..helpers import run
from ..preview_server import HOME_CARE_PAGE, Preview
from ..samples import write_provstaden

BOARD_DIR = "guarantees/provstaden"
# (copied from, named, the message) for a board's folder, a department's and a unit's file.
BAD_NAMES = [
    (
        BOARD_DIR,
        "guarantees/a&b",
        'guarantees/a&b:1:1: Mappnamnet "a&b" får bara innehålla små bokstäver a–z, '
        'siffror och bindestreck. Byt namn till "a-b".',
    ),
    (BOARD_DIR, "guarantees/<nämnd>", 'guarantees/<nämnd>:1:1: Mappnamnet "<nämnd>" får bara innehålla'),
    (f"{BOARD_DIR}/aldreomsorg", f"{BOARD_DIR}/vård&omsorg", f'{BOARD_DIR}/vård&omsorg:1:1: Mappnamnet "vård&omsorg"'),
    (
        f"{BOARD_DIR}/aldreomsorg/provstadens-hemtjanst.md",
        f"{BOARD_DIR}/aldreomsorg/a&b.md",
        f'{BOARD_DIR}/aldreomsorg/a&b.md:1:1: Filnamnet "a&b" får bara innehålla',
    ),
]


def _copy(root, source: str, name: str) -> None:
    if (root / source).is_dir():
        shutil.copytree(root / source, root / name)
    else:
        shutil.copy(root / source, root / name)


def _remove(root, name: str) -> None:
    if (root / name).is_dir():
        shutil.rmtree(root / name)
    else:
        (root / name).unlink()


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.mark.parametrize("source, name, message", BAD_NAMES, ids=[name for _, name, _ in BAD_NAMES])
def test_the_check_refuses_a_bad_name_at_its_path(tmp_path, capsys, source, name, message):
    write_provstaden(tmp_path)
    _copy(tmp_path, source, name)
    code, out, err = run(tmp_path, "check", capsys=capsys)
    assert code == 1, out + err
    assert out.splitlines()[0].startswith(message), out


def test_the_preview_lists_a_bad_name_on_the_start_page_and_keeps_serving(preview: Preview, capsys):
    root = preview.root
    for source, name, message in BAD_NAMES:
        _copy(root, source, name)
        start = _text(
            preview.wait_until(
                "",
                lambda status, body, name=name: status == 200 and html.escape(name, quote=False) in body,
                f"listed {name}",
            )
        )
        assert message in start and "fel i innehållet" in start, start
        # The site built from what is valid is still served, and still follows a save.
        assert "Vi hjälper dig att leva ett tryggt liv hemma." in preview.get(HOME_CARE_PAGE)[1]
        _remove(root, name)
        preview.wait_until(
            "", lambda status, body: status == 200 and "fel i innehållet" not in body, f"dropped the problem of {name}"
        )
    code, _, _ = run(root, "check", capsys=capsys)
    assert code == 0
    # Renamed to a good name, the copied board is built: the preview never stopped.
    _copy(root, BOARD_DIR, "guarantees/a-b")
    preview.wait_for_text("a-b/", "Provstadens stadsdelsnämnd")
