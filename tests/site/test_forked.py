"""The other core's share of a full build (garanti.site.forked): what a forked process makes or
refuses reaches the build as if made here; a forked process that dies stops the build with a
message, never a hang or a traceback."""

from __future__ import annotations

import os
import signal

import pytest

from garanti.errors import Refusal
from garanti.site import forked


def test_what_is_made_elsewhere_comes_back_whole():
    made = forked.begun(lambda: ({"a/index.md": "å" * 200_000}, os.getpid()))  # more than a pipe holds
    pages, maker = made()
    assert pages == {"a/index.md": "å" * 200_000}
    if forked.cores() > 1:
        assert maker != os.getpid()


def test_a_refusal_made_elsewhere_is_raised_here_with_its_problems():
    def refuse():
        raise Refusal("Webbplatsen byggs inte.", ["fil.md:1:1: fel"])

    result = forked.begun(refuse)
    with pytest.raises(Refusal) as refused:
        result()
    assert str(refused.value) == "Webbplatsen byggs inte.\n  – fil.md:1:1: fel"


@pytest.mark.skipif(forked.cores() < 2, reason="one core: nothing is forked")
def test_a_process_that_dies_stops_the_build_with_a_message():
    result = forked.begun(lambda: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(Refusal, match="en del av bygget avbröts .*kod -9.*Bygg igen"):
        result()


def test_one_core_makes_it_here():
    cores = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cores)})
    try:
        assert forked.begun(os.getpid)() == os.getpid()
    finally:
        os.sched_setaffinity(0, cores)


def test_without_the_linux_only_core_count_the_machines_cores_are_counted(monkeypatch):
    """macOS has no os.sched_getaffinity (and `mkdocs build` stopped with exit 3 there): the build then
    counts the machine's cores. macOS cannot run here, so the call is taken away from os instead."""
    monkeypatch.delattr(os, "sched_getaffinity")
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert forked.cores() == 2
    pages, maker = forked.begun(lambda: ({"a/index.md": "å"}, os.getpid()))()
    assert pages == {"a/index.md": "å"} and maker != os.getpid()
    monkeypatch.setattr(os, "cpu_count", lambda: None)  # Python cannot tell: one core
    assert forked.cores() == 1
    assert forked.begun(os.getpid)() == os.getpid()


def test_where_python_cannot_fork_it_is_made_here(monkeypatch):
    """Windows has no fork: what the other core would make is made here. Taken away here, as on macOS above."""
    monkeypatch.setattr(forked.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert not forked.can_fork()
    assert forked.begun(os.getpid)() == os.getpid()
