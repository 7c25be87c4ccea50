"""What every benchmark script shares: timing by medians, peak memory, the machine line.

The scripts in this folder import it as a sibling module (run them as
``python3 benchmarks/bench_*.py``); nothing here is part of the tokten package.
"""

from __future__ import annotations

import gc
import os
import platform
import statistics
import time
import tracemalloc
from typing import Any, Callable, Optional, Tuple


def available(module: str) -> bool:
    """True when `module` imports (a peer that is not installed is skipped, not an error)."""
    try:
        __import__(module)
        return True
    except ImportError:
        return False


def median_time(fn: Callable[[], Any], reps: int) -> Tuple[float, Any]:
    """(median seconds over `reps` calls of fn, the last result), collecting garbage before each."""
    times, result = [], None
    for _ in range(reps):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def _peak_rss_kb() -> Optional[int]:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def peak_extra_bytes(fn: Callable[[], Any]) -> int:
    """Peak extra memory of one call (bytes): the larger of Python's allocations (tracemalloc)
    and the rise of the process's peak resident set, reset first through /proc/self/clear_refs
    so that the C++ solver's own heap counts too (Linux; elsewhere tracemalloc only)."""
    gc.collect()
    reset = False
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        reset = True
    except OSError:
        pass
    before = _peak_rss_kb()
    tracemalloc.start()
    fn()
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    after = _peak_rss_kb()
    rss_rise = (after - before) * 1024 if reset and before is not None and after is not None else 0
    return max(traced, rss_rise)


def machine() -> str:
    """CPU model, logical CPUs and OS: the line every table is printed under."""
    model = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} logical CPUs, {platform.system()} {platform.release()}"
