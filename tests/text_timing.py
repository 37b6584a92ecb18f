"""Shared by the normalization tests: whether a text rule's time grows linearly."""

from __future__ import annotations

import time
from collections.abc import Callable


def grows_linearly(unit: str, *passes: Callable[[str], object]) -> bool:
    """Whether ``passes`` over ``unit`` repeated to 200,000 characters take under 9 times their
    time over 50,000 (linear takes about 4, quadratic about 16); the best of three runs each."""

    def seconds(n: int) -> float:
        text = unit * (n // len(unit))
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            for run in passes:
                run(text)
            best = min(best, time.perf_counter() - start)
        return best

    return seconds(200_000) < 9 * seconds(50_000)
