"""Exit 3, a bug in garanti: one Swedish line for editors, the traceback only for whoever sets GARANTI_DEBUG=1."""

from __future__ import annotations

import pytest

from garanti import cli
from garanti.commands import check

from .helpers import run


@pytest.fixture
def broken_check(monkeypatch):
    # No content can make the check fail this way (that is the point of the fence), so the bug is planted.
    def run_with_a_bug(args):
        raise KeyError("planterad bugg")

    monkeypatch.setattr(check, "run", run_with_a_bug)


def test_an_unexpected_fault_is_one_line_without_a_traceback(content_repo, broken_check, capsys, monkeypatch):
    monkeypatch.delenv(cli.DEBUG_VARIABLE, raising=False)
    code, out, err = run(content_repo, "check", capsys=capsys)
    assert code == 3
    assert err.startswith("garanti: ett oväntat fel inträffade (KeyError: 'planterad bugg')")
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_garanti_debug_adds_the_traceback_after_the_line(content_repo, broken_check, capsys, monkeypatch):
    monkeypatch.setenv(cli.DEBUG_VARIABLE, "1")
    code, out, err = run(content_repo, "check", capsys=capsys)
    assert code == 3
    line, rest = err.split("\n", 1)
    assert line.startswith("garanti: ett oväntat fel inträffade (KeyError")
    assert rest.startswith("Traceback (most recent call last):")
    assert "run_with_a_bug" in rest and rest.rstrip().endswith("KeyError: 'planterad bugg'")
