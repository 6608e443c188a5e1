"""One program run with its own memory and processor time: the figures every build benchmark prints.

Why not `ru_maxrss`: a process started from another one (fork, then exec) keeps the high-water
mark of the process it was forked from, and exec does not reset it: a build started from a
benchmark that holds 300 MB reports at least 300 MB, whatever it used (and a program the build
starts, such as Pagefind, at least the build's own size at that moment). /proc/<pid>/status
VmHWM belongs to the process's own address space, which exec makes new, so it is the process's
own peak. It can only be read while the process lives, so a thread samples the whole tree (the
program and every process it starts) every few milliseconds:

  * each process's own peak: its VmHWM, as last read before it ended (a high-water mark: a
    reading taken any time after the peak holds it; only growth in the last interval before the
    process ends can be missed);
  * the tree's peak: the most resident memory of all its processes at one moment (the sum of
    their VmRSS at each reading). A forked copy of a process (the build's `forked` helper) shares
    its pages with the original until either writes them; both count them here, so while a forked
    copy runs the sum is an upper bound. A spike shorter than the interval can be missed.

The processor time is user + system of the program and of every process it waited for (wait4),
which inheritance does not distort.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

INTERVAL = 0.02  # seconds between two readings of the tree (each takes processor time beside the build's)


@dataclass
class TreeRun:
    wall: float  # seconds
    processor: float  # seconds, user + system, the processes the program started included
    tree_peak: int  # bytes: the most the whole tree held at one moment
    own_peaks: dict[str, int] = field(default_factory=dict)  # bytes: each program's own peak (largest of its processes)
    returncode: int = 0
    stderr: bytes = b""

    def own_peak(self, program: str) -> int:
        """The own peak of the program named (its name in /proc, e.g. "python", "pagefind"); 0 if it never ran."""
        return max((peak for name, peak in self.own_peaks.items() if name.startswith(program)), default=0)


def run(
    argv: Sequence[str], env: Mapping[str, str] | None = None, stdout=subprocess.DEVNULL, interval: float = INTERVAL
) -> TreeRun:
    """Runs argv to its end; its wall and processor time and its memory (see the module's text)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(argv), env=None if env is None else dict(env), stdout=stdout, stderr=subprocess.PIPE
    )
    sampler = _TreeSampler(process.pid, interval)
    sampler.start()
    stderr = process.stderr.read()  # until it ends (a full pipe would stop it)
    process.stderr.close()
    sampler.stop()  # before it is reaped: its own readings stand until then
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return TreeRun(
        time.perf_counter() - started,
        usage.ru_utime + usage.ru_stime,
        sampler.tree_peak,
        sampler.own_peaks(),
        process.returncode,
        stderr,
    )


class _TreeSampler(threading.Thread):
    def __init__(self, root: int, interval: float) -> None:
        super().__init__(daemon=True)
        self._root, self._interval = root, interval
        self._stopping = threading.Event()
        self.tree_peak = 0
        # (pid, program name): VmHWM bytes. By name too: between fork and exec a new process still
        # shows its parent's memory under its parent's name.
        self._peaks: dict[tuple[int, str], int] = {}
        # Every living process's parent, read once per process: reading all of them at each reading
        # would take processor time from the build measured.
        self._parents: dict[int, int] = {}
        self._members = {root}  # the tree: once a descendant, always one (a process outliving its parent too)

    def run(self) -> None:
        while not self._stopping.is_set():
            self._read()
            self._stopping.wait(self._interval)
        self._read()

    def stop(self) -> None:
        self._stopping.set()
        self.join()

    def _read(self) -> None:
        resident = 0
        for pid in self._tree():
            status = _status(pid)
            if "VmRSS" not in status:  # ended meanwhile, or a zombie
                continue
            resident += status["VmRSS"]
            key = (pid, status.get("Name", ""))
            self._peaks[key] = max(self._peaks.get(key, 0), status["VmHWM"])
        self.tree_peak = max(self.tree_peak, resident)

    def _tree(self) -> list[int]:
        """The tree's living processes (each process's parent from /proc/<pid>/stat, read when it is new)."""
        living = {int(entry.name) for entry in os.scandir("/proc") if entry.name.isdigit()}
        for pid in self._parents.keys() - living:  # ended: its number may be given to another process
            del self._parents[pid]
            self._members.discard(pid)
        for pid in living - self._parents.keys():
            parent = _parent(pid)
            if parent is not None:
                self._parents[pid] = parent
        grown = True
        while grown:
            new = {pid for pid, parent in self._parents.items() if parent in self._members} - self._members
            self._members |= new
            grown = bool(new)
        return [pid for pid in self._members if pid in living]

    def own_peaks(self) -> dict[str, int]:
        peaks: dict[str, int] = {}
        for (_, name), peak in self._peaks.items():
            peaks[name] = max(peaks.get(name, 0), peak)
        return peaks


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return None
    return int(stat[stat.rindex(b")") + 2 :].split()[1])  # the name in parentheses may hold spaces


def _status(pid: int) -> dict:
    """Name, VmRSS and VmHWM (bytes) of a living process; {} when it is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    status: dict = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key == "Name":
            status["Name"] = value.strip()
        elif key in ("VmRSS", "VmHWM"):
            status[key] = int(value.split()[0]) * 1024
    return status
