"""Work a full build hands to the machine's other core.

MkDocs builds on one thread, and most of what the site makes before MkDocs renders a page is
independent parts of one `Site`: the guarantees' pages, the index pages, the open data. A forked
copy of the build process has the site already (nothing is read or checked twice) and sends back
what it made; the build goes on with its own part meanwhile. Only `mkdocs build` forks, before it
starts any thread or program of its own; the preview (`mkdocs serve`, threads) never does.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from typing import TypeVar

from ..errors import Refusal

_Made = TypeVar("_Made")


def begun(make: Callable[[], _Made]) -> Callable[[], _Made]:
    """make() begun in a forked copy of this process; the function returned waits for what it
    made (or raises what it raised). On a machine with one core, or one that cannot fork
    (Windows), it is made here, now."""
    if not can_fork() or cores() < 2:
        made = make()
        return lambda: made
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_make_and_send, args=(make, sending), daemon=True)
    process.start()
    sending.close()

    def result() -> _Made:
        try:
            succeeded, value = receiving.recv()
        except EOFError:
            process.join()  # its exit code is known once it is waited for
            raise Refusal(
                "Webbplatsen byggdes inte: en del av bygget avbröts (processen som gjorde den "
                f"avslutades med kod {process.exitcode}). Bygg igen."
            ) from None
        finally:
            receiving.close()
            process.join()
        if not succeeded:
            raise value
        return value

    return result


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def cores() -> int:
    """The cores this process may run on: on Linux those it is allowed (a container may allow fewer
    than the machine has); where Python cannot tell (macOS), the machine's."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _make_and_send(make: Callable[[], object], sending) -> None:
    try:
        sending.send((True, make()))
    except BaseException as error:  # handed to the build process, which raises it
        sending.send((False, error))
    finally:
        sending.close()
