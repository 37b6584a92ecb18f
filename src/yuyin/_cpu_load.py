"""How busy other processes keep this machine's cores, for choosing torch's thread count.

torch's thread pool (OpenMP) spins while it waits for its threads; when another process holds a
core, the thread that shares that core is late at every barrier and the work runs several times
slower than on one thread (``bench/thread_policy.py`` on two cores with one held: 3.3x for
synthesis, 1.4x for recognition, 2.4x for training updates). The CLI's inference commands
therefore read, over the window from ``import yuyin`` to the end of torch's first import (about
two seconds; the count is set then), how much CPU the rest of the machine used, and leave the
cores it keeps busy to it.

Linux only (``/proc/stat``); elsewhere nothing is measured and torch's default stands.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

_PROC_STAT = Path("/proc/stat")
try:
    _CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
except (AttributeError, ValueError, OSError):
    _CLOCK_TICKS = 100
MIN_WINDOW_S = 0.25  # a shorter window is topped up by sleeping (its jiffies are too coarse)


@dataclass(frozen=True)
class CpuTimes:
    """Busy CPU seconds of the CPUs this process may run on, this process's own, and when read."""

    machine_busy_s: float
    own_s: float
    at: float


def read_cpu_times() -> CpuTimes | None:
    """The counters now; None where ``/proc/stat`` cannot be read (not Linux). Only the CPUs
    this process may run on count (a host's other cores are not ours to leave free)."""
    try:
        lines = _PROC_STAT.read_text(encoding="ascii").splitlines()
        allowed = _allowed_cpus()
        busy, counted = 0, 0
        for fields in (line.split() for line in lines[1:]):  # after the total: "cpuN ..."
            if not fields or not fields[0].startswith("cpu"):
                break  # the per-CPU lines come first
            if allowed is not None and int(fields[0][3:]) not in allowed:
                continue
            # user nice system idle iowait irq softirq steal (guest is in user already)
            ticks = [int(x) for x in fields[1:9]]
            busy += sum(ticks) - ticks[3] - (ticks[4] if len(ticks) > 4 else 0)
            counted += 1
    except (OSError, ValueError, IndexError):
        return None
    if not counted:
        return None
    own = os.times()
    return CpuTimes(busy / _CLOCK_TICKS, own.user + own.system, time.monotonic())


def _allowed_cpus() -> set[int] | None:
    try:
        return set(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return None


def others_busy_cores(since: CpuTimes | None, now: CpuTimes | None = None) -> float | None:
    """Cores' worth of CPU the machine's other processes used since ``since`` (0.0 to the core
    count); None when it cannot be measured. A window under :data:`MIN_WINDOW_S` is first
    topped up by sleeping."""
    if since is None:
        return None
    if now is None:
        wait = MIN_WINDOW_S - (time.monotonic() - since.at)
        if wait > 0:
            time.sleep(wait)
        now = read_cpu_times()
        if now is None:
            return None
    elapsed = now.at - since.at
    if elapsed <= 0:
        return None
    others = (now.machine_busy_s - since.machine_busy_s) - (now.own_s - since.own_s)
    return max(0.0, others / elapsed)


def usable_cores() -> int:
    """The cores this process may run on (its affinity where the system tells it)."""
    allowed = _allowed_cpus()
    return len(allowed) if allowed else os.cpu_count() or 1


def threads_beside(others: float, cores: int) -> int:
    """Threads for the cores others leave free: each core they keep at least three quarters
    busy is left to them, and at least one thread runs (2 cores: 2 threads under 0.75 core
    busy, else 1). Beside a core kept half busy two threads were still faster for synthesis and
    training, one for recognition (``bench/results/thread-policy.json``)."""
    return max(1, cores - int(others + 0.25))


AT_IMPORT = read_cpu_times()  # the start of the window: ``import yuyin`` reads this module first
